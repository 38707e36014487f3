#!/usr/bin/env bash
# e2e_owndata: issue 14's acceptance check on a county that is not in the
# repository — `junheng generate --schools 60 --villages 600 --seed 77` —
# rewritten by ogr2ogr as a bureau would hand it over:
#   GeoPackage, GeoJSON, FileGDB (OpenFileGDB), a lon/lat CSV in CGCS2000
#   (EPSG:4490, no data.crs: the working CRS must be a CGCS2000 3-degree
#   zone, EPSG:4534-4554), and the bureau's own layout — a GIS layer with
#   only 学校代码 and the point, an XLSX statistics table (基础基111-like)
#   keyed by 学校标识码 with Chinese headers and statistics codes (211 小学
#   ...), a wide 小基3-1 分年级学生数 sheet (grades as columns, layout:
#   wide), village boundaries (polygons from ST_Buffer) keyed by
#   统计用区划代码 with the 城乡分类代码 and a wide census table of ages.
# Each validates (exit 0) and runs to the same CVs as the Shapefile
# original. Then: a layer missing three canonical fields names all three
# in one message; validate's coverage table; and the warnings for a
# suspicious plan (students_to of the wrong level, an expand that adds
# nothing, od.csv leaving villages without a school, a far catchment).
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin owndata ogr2ogr
HORIZON_END=2030 # scenario (lib_e2e.sh): horizon 2025-2030, standard: quality
STANDARD=quality

"$JH" generate --schools 60 --villages 600 --seed 77 "$T/gen" >/dev/null ||
    { echo "generate failed"; exit 1; }
G=$T/gen
cp "$G/projections.csv" "$G/teachers.csv" "$T/"
# validate (exit 0, warnings allowed) and run; the CV rows of metrics.csv
check() {
    "$JH" validate "$T/$1.yaml" >"$T/$1.val" 2>&1 ||
        { fail "$1: validate failed: $(tail -2 "$T/$1.val")"; return 1; }
    "$JH" run "$T/$1.yaml" -o "$T/out-$1" >/dev/null 2>"$T/$1.err" ||
        { fail "$1: run failed: $(head -3 "$T/$1.err")"; return 1; }
}
cvs() { grep '\.cv\.' "$T/out-$1/metrics.csv"; }
same_cvs() { # A B
    [ "$(cvs "$1" | wc -l)" -gt 20 ] || fail "$1: too few CV rows"
    cmp -s <(cvs "$1") <(cvs "$2") || fail "$2: CVs differ from $1's: $(diff <(cvs "$1") <(cvs "$2") | head -3)"
}

# ---- the Shapefile original --------------------------------------------
scenario shp "$G/schools.shp" "$G/villages.shp"
check shp || { echo "the Shapefile original failed"; exit 1; }

# ---- GeoPackage, GeoJSON, FileGDB, lon/lat CSV ------------------------
ogr -f GPKG "$T/county.gpkg" "$G/schools.shp" -nln schools
ogr -f GPKG -update "$T/county.gpkg" "$G/villages.shp" -nln villages
scenario gpkg county.gpkg:schools county.gpkg:villages
check gpkg && same_cvs shp gpkg

ogr -f GeoJSON "$T/schools.geojson" "$G/schools.shp"
ogr -f GeoJSON "$T/villages.geojson" "$G/villages.shp"
scenario geojson schools.geojson villages.geojson
check geojson && same_cvs shp geojson

ogr -f OpenFileGDB "$T/county.gdb" "$G/schools.shp" -nln schools
ogr -f OpenFileGDB -update "$T/county.gdb" "$G/villages.shp" -nln villages
scenario gdb county.gdb:schools county.gdb:villages
check gdb && same_cvs shp gdb

ogr -f CSV -t_srs EPSG:4490 -lco GEOMETRY=AS_XY "$T/schools.csv" "$G/schools.shp"
ogr -f CSV -t_srs EPSG:4490 -lco GEOMETRY=AS_XY "$T/villages.csv" "$G/villages.shp"
NOCRS=1 scenario csv schools.csv villages.csv
if check csv; then
    same_cvs shp csv
    # 4490 input works in a CGCS2000 3-degree Gauss-Kruger zone (EPSG:4534-4554)
    zone=$(sed -n 's/^working CRS: EPSG:\([0-9]*\).*/\1/p' "$T/csv.val")
    [ -n "$zone" ] && [ "$zone" -ge 4534 ] && [ "$zone" -le 4554 ] ||
        fail "csv: working CRS not a CGCS2000 3-degree zone: $(grep 'working CRS' "$T/csv.val")"
    [ "$zone" = 4547 ] || fail "csv: expected the zone of 114E (EPSG:4547), got $zone"
    grep -qF "coordinate columns read as CGCS2000 longitude/latitude (EPSG:4490)" "$T/csv.val" ||
        fail "csv: no note that lon/lat is read as EPSG:4490"
    grep -q "CGCS2000_3_Degree_GK_CM_114E" "$T/out-csv/schools.prj" ||
        fail "csv: outputs not in the working CRS: $(head -c 120 "$T/out-csv/schools.prj")"
fi

# ---- the bureau's own layout --------------------------------------------
# the GIS layer: 学校代码 and the point only
ogr -f GPKG "$T/bureau.gpkg" "$G/schools.shp" -nln 学校点 -dialect sqlite \
    -sql "SELECT geometry, id AS 学校代码 FROM schools"
# village boundaries 村界: polygons, code, urban-rural code, catchments, population
ogr -f GPKG -update "$T/bureau.gpkg" "$G/villages.shp" -nln 村界 -dialect sqlite \
    -sql "SELECT ST_Buffer(geometry, 60) AS geometry, id AS 统计用区划代码, name AS 村名,
          CASE area WHEN 'urban' THEN '111' WHEN 'town' THEN '121' ELSE '220' END AS 城乡分类代码,
          population AS 常住人口, school_pri AS 对口小学, school_jun AS 对口初中 FROM villages"
# the census table of ages, wide: 0岁 ... 14岁
ages=""
for a in $(seq 0 14); do ages="$ages, age$a AS \"${a}岁\""; done
ogr -f XLSX "$T/人口.xlsx" "$G/villages.shp" -nln 分年龄人口 -dialect sqlite \
    -sql "SELECT id AS 统计用区划代码 $ages FROM villages"
# 基础基111: Chinese headers, 办学类型 as statistics codes; resources under
# the template's Chinese labels
declare -A zh=([name]=学校名称 [area]=城乡分类 [district]=学区 [classrooms]=普通教室数 [capacity]=学位数
    [building_m2]=校舍建筑面积 [sports_m2]=体育运动场馆面积 [equipment_yuan]=教学仪器设备值
    [multimedia_rooms]=网络多媒体教室数 [computers]=计算机台数 [books]=图书册数 [boarding_beds]=寄宿床位数
    [music_rooms]=音乐专用教室数 [art_rooms]=美术专用教室数)
sel="id AS 学校标识码, CASE type WHEN 'primary' THEN '211' WHEN 'teaching_point' THEN '218'
     WHEN 'junior' THEN '311' WHEN 'nine_year' THEN '312' ELSE '514' END AS 办学类型"
fmap="type: 办学类型"
for c in "${!zh[@]}"; do
    sel="$sel, \"${c:0:10}\" AS \"${zh[$c]}\""
    fmap="$fmap, $c: ${zh[$c]}"
done
ogr -f XLSX "$T/基础基111.xlsx" "$G/schools.shp" -nln Sheet1 -dialect sqlite -sql "SELECT $sel FROM schools"
# 小基3-1 分年级学生数: grades as columns (一年级 ... 六年级, 初一 ... 初三) and classes
ogr -f XLSX "$T/小基3-1.xlsx" "$G/schools.shp" -nln 分年级学生数 -dialect sqlite \
    -sql "SELECT id AS 学校标识码, name AS 学校名称, g1+g2+g3+g4+g5+g6+g7+g8+g9 AS 合计,
          g1 AS 一年级, g2 AS 二年级, g3 AS 三年级, g4 AS 四年级, g5 AS 五年级, g6 AS 六年级,
          g7 AS 初一, g8 AS 初二, g9 AS 初三, classes_g1 AS 一年级班数, classes_g2 AS 二年级班数,
          classes_g3 AS 三年级班数, classes_g4 AS 四年级班数, classes_g5 AS 五年级班数,
          classes_g6 AS 六年级班数, classes_g7 AS 七年级班数, classes_g8 AS 八年级班数,
          classes_g9 AS 九年级班数 FROM schools"
scenario bureau bureau.gpkg:学校点 bureau.gpkg:村界 \
    "fields: {schools: {id: 学校代码}, villages: {id: 统计用区划代码, name: 村名, area: 城乡分类代码, population: 常住人口, school_primary: 对口小学, school_junior: 对口初中}}" \
    "school_tables: [{path: 基础基111.xlsx, key: 学校标识码, fields: {$fmap}}, {path: 小基3-1.xlsx, key: 学校标识码, layout: wide}]" \
    "village_tables: [{path: 人口.xlsx, key: 统计用区划代码, layout: wide}]" \
    "values: {type: {\"211\": primary, \"218\": teaching_point, \"311\": junior, \"312\": nine_year, \"514\": special}}"
if check bureau; then
    same_cvs shp bureau
    grep -qF "bureau.gpkg:村界: 600 of 600 features are areas (polygons)" "$T/bureau.val" ||
        fail "bureau: no note on polygons"
    v=$T/bureau.val
    for want in "students: primary 24035, junior 12896, total 36931" \
                "  g1                 <- 小基3-1.xlsx column 一年级 (by 学校标识码)" \
                "  g7                 <- 小基3-1.xlsx column 初一 (by 学校标识码)" \
                "  classes_g9         <- 小基3-1.xlsx column 九年级班数 (by 学校标识码)" \
                "  type               <- 基础基111.xlsx column 办学类型 (by 学校标识码)" \
                "  age6               <- 人口.xlsx column 6岁 (by 统计用区划代码)" \
                "  id                 <- field 学校代码" \
                "  students_senior    <- missing -> 0" \
                "  teachers           <- teachers.csv (counted per school)"; do
        grep -qF -- "$want" "$v" || fail "bureau: validate lacks '$want'"
    done
    [ "$("$JH" validate "$T/shp.yaml" | grep -c '^students: primary 24035, junior 12896, total 36931$')" = 1 ] ||
        fail "the original's students differ"
fi

# ---- three canonical fields missing: named in one message -----------------
ogr -f GPKG "$T/few.gpkg" "$G/schools.shp" -nln schools -dialect sqlite \
    -sql "SELECT geometry, name, g1 FROM schools"
scenario few few.gpkg county.gpkg:villages "fields: {schools: {g2: NJ2}}"
err=$("$JH" validate "$T/few.yaml" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] || fail "few: exit $rc, expected 2"
for want in "few.gpkg: 3 fields missing or unmappable" "field id: expected a field named id" \
            "field type: expected a field named type" "field g2: data.fields maps it to 'NJ2'"; do
    grep -qF -- "$want" <<<"$err" || fail "few: '$err' lacks '$want'"
done
[ "$(grep -c . <<<"$err")" = 1 ] || fail "few: expected one message line, got: $err"

# ---- a wide table with no grade column, or two for one grade ---------------
scenario nowide county.gpkg:schools county.gpkg:villages \
    "school_tables: [{path: 基础基111.xlsx, key: 学校标识码, layout: wide}]"
err=$("$JH" validate "$T/nowide.yaml" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF "基础基111.xlsx: layout: wide: expected grade columns" <<<"$err" ||
    fail "nowide: exit $rc: $err"
ogr -f XLSX "$T/twice.xlsx" "$G/schools.shp" -nln s -dialect sqlite \
    -sql "SELECT id AS 学校标识码, g1 AS 一年级, g1 AS 一年级学生数 FROM schools"
scenario twice county.gpkg:schools county.gpkg:villages \
    "school_tables: [{path: twice.xlsx, key: 学校标识码, layout: wide}]"
err=$("$JH" validate "$T/twice.yaml" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF "twice.xlsx: layout: wide: columns 一年级 and 一年级学生数 both stand for g1" <<<"$err" ||
    fail "twice: exit $rc: $err"

# ---- a suspicious plan: warned in validate and run ------------------------
# od.csv: straight-line metres to schools within 15 km, for the first 550 villages only
ogr2ogr -f CSV "$T/sxy.csv" "$G/schools.shp" -dialect sqlite \
    -sql "SELECT id, ST_X(geometry) AS x, ST_Y(geometry) AS y FROM schools" 2>>"$T/ogr.log"
ogr2ogr -f CSV "$T/vxy.csv" "$G/villages.shp" -dialect sqlite \
    -sql "SELECT id, ST_X(geometry) AS x, ST_Y(geometry) AS y FROM villages" 2>>"$T/ogr.log"
awk -F, 'NR == FNR { if (FNR > 1) { id[FNR] = $1; x[FNR] = $2; y[FNR] = $3; n = FNR }; next }
         FNR == 1 { print "village_id,school_id,cost"; next }
         FNR <= 551 { for (i = 2; i <= n; i++) { d = sqrt(($2 - x[i])^2 + ($3 - y[i])^2)
                      if (d < 15000) printf "%s,%s,%.0f\n", $1, id[i], d } }' \
    "$T/sxy.csv" "$T/vxy.csv" >"$T/od.csv"
# catchments: V0001 sent to S040 (6.8 km; its nearest primary S001 is 1.5 km away)
ogr -f GPKG "$T/far.gpkg" "$G/villages.shp" -nln villages -dialect sqlite \
    -sql "SELECT *, CASE id WHEN 'V0001' THEN 'S040' ELSE school_pri END AS catch_p FROM villages"
scenario plan county.gpkg:schools far.gpkg:villages "travel_costs: od.csv" \
    "fields: {villages: {school_primary: catch_p}}"
cat >>"$T/plan.yaml" <<'YAML'
interventions:
  - {year: 2026, close: S001, students_to: S005}
  - {year: 2026, expand: S003}
  - {year: 2027, convert: S006, to: nine_year}
  - {year: 2027, close: S004, students_to: S006}
  - {year: 2027, close: S013, students_to: S002}
YAML
out=$("$JH" validate "$T/plan.yaml" 2>&1) || fail "plan: validate failed: $(tail -3 <<<"$out")"
# the primary school S001 (line 14) to the junior school S005
want_close="plan.yaml: line 14: close S001 in 2026, students_to S005: S005 (junior) does not teach primary, which S001 (primary) teaches"
want_expand="plan.yaml: line 15: expand S003 in 2026 adds nothing"
want_nine="plan.yaml: line 18: close S013 in 2027, students_to S002: S002 (primary) does not teach junior, which S013 (nine_year) teaches"
# villages V0551-V0600 have no pair at all: 50 villages; their children aged 6-11
kids=$(ogr2ogr -f CSV /vsistdout/ "$G/villages.shp" -dialect sqlite \
    -sql "SELECT SUM(age6+age7+age8+age9+age10+age11) AS k FROM villages WHERE id > 'V0550'" | tail -1 | tr -d '"\r')
want_od="od.csv: 50 villages with $kids children of primary age (6-11) have no reachable primary school"
want_far="far.gpkg:villages: 1 villages have a primary catchment school more than 3x as far as their nearest primary school: V0001 (S040 6.8 km, nearest S001 1.5 km)"
for want in "$want_close" "$want_expand" "$want_nine" "$want_od" "$want_far"; do
    grep -qF -- "$want" <<<"$out" || fail "plan: validate lacks '$want'"
done
# S006 is converted to nine_year before S004 (primary) closes into it: no warning
grep -q "close S004" <<<"$out" && fail "plan: warned about S004 into S006, converted to nine_year first"
"$JH" run "$T/plan.yaml" -o "$T/out-plan" >/dev/null 2>"$T/plan.err" || fail "plan: run failed: $(head -3 "$T/plan.err")"
for want in "$want_close" "$want_expand" "$want_od" "$want_far"; do
    [ "$(grep -cF -- "$want" "$T/plan.err")" = 1 ] || fail "plan: run's stderr lacks (or repeats) '$want'"
done
# an ordinary plan warns of none of these
grep -qE "does not teach|adds nothing|no reachable|catchment school more than" "$T/shp.val" &&
    fail "the original county was warned: $(grep -E 'does not teach|adds nothing|no reachable|more than' "$T/shp.val")"

[ $fails -eq 0 ] && echo "e2e_owndata: all passed"
exit $((fails > 0))
