#!/usr/bin/env bash
# e2e_formats: the bundled sample county rewritten by GDAL's ogr2ogr into
# every format junheng reads through OGR — GeoPackage (file.gpkg:layer),
# GeoJSON, a CSV with lon/lat columns (reprojected to CGCS2000 EPSG:4490,
# -lco GEOMETRY=AS_XY), an XLSX sheet with x/y columns — each run with
# `junheng run` and its metrics.csv compared with the Shapefile run's:
# identical for GeoPackage, GeoJSON and XLSX (the same coordinates), within
# 1e-9 relative for the lon/lat CSV (a round trip through degrees moves a
# point by nanometres; only the distance metrics' last digits change).
# Then: village boundaries (polygons from ST_Buffer) give the same
# assignment; a GIS layer holding only the school code and point, joined
# to an XLSX statistics table with Chinese headers, statistics codes
# mapped by data.values, a kindergarten dropped by data.where, villages'
# area from the urban-rural code and teachers.csv with Chinese headers,
# runs to the same figures; and the bad inputs of every reader (exit 2,
# the message naming file, row, field and what was expected).
set -u
. "$(dirname "$0")/lib_e2e.sh"
SRC=$(cd "${JH_SOURCE_DIR:-$(dirname "$0")/..}" && pwd)
S=$SRC/scenarios/sample-county
e2e_begin formats ogr2ogr

cp "$S/projections.csv" "$S/teachers.csv" "$T/"
run() {
    "$JH" run "$T/$1.yaml" -o "$T/out-$1" >/dev/null 2>"$T/$1.err" ||
        { fail "$1: run failed: $(head -3 "$T/$1.err")"; return 1; }
}
same_metrics() { # A B: identical metrics.csv
    cmp -s "$T/out-$1/metrics.csv" "$T/out-$2/metrics.csv" ||
        fail "$2: metrics.csv differs from $1's: $(diff "$T/out-$1/metrics.csv" "$T/out-$2/metrics.csv" | head -4)"
}
close_metrics() { # A B TOL: same rows, values within TOL relative
    awk -F, -v tol="$3" 'NR == FNR { v[FNR] = $0; next }
        { split(v[FNR], a, ",")
          if (a[1] != $1 || a[2] != $2 || a[3] != $3) { print "row " FNR ": " v[FNR] " vs " $0; bad = 1; next }
          if (a[4] == $4) next
          d = a[4] - $4; if (d < 0) d = -d; m = a[4] < 0 ? -a[4] : a[4]; if (m < 1) m = 1
          if (d > tol * m) { print "row " FNR ": " v[FNR] " vs " $0; bad = 1 } else near++ }
        END { if (FNR != length(v)) { print "row counts differ"; bad = 1 }
              print near + 0 " values differ within tolerance" > "/dev/stderr"; exit bad }' \
        "$T/out-$1/metrics.csv" "$T/out-$2/metrics.csv" 2>"$T/near.txt" >"$T/far.txt" ||
        fail "$2: metrics.csv not within $3 of $1's: $(head -3 "$T/far.txt")"
}
assignments() { # OUT -> sorted village,school,level,students
    ogr2ogr -f CSV /vsistdout/ "$T/out-$1/assignments.shp" | cut -d, -f1,4,6,7 | sort
}

# ---- the Shapefile original and its rewrites ----------------------------
scenario shp "$S/schools.shp" "$S/villages.shp"
run shp || { echo "the Shapefile run failed"; exit 1; }

ogr -f GPKG "$T/county.gpkg" "$S/schools.shp" -nln schools
ogr -f GPKG -update "$T/county.gpkg" "$S/villages.shp" -nln villages
scenario gpkg county.gpkg:schools county.gpkg:villages
run gpkg && same_metrics shp gpkg

ogr -f GeoJSON "$T/schools.geojson" "$S/schools.shp"
ogr -f GeoJSON "$T/villages.geojson" "$S/villages.shp"
scenario geojson schools.geojson villages.geojson
run geojson && same_metrics shp geojson

ogr -f CSV -t_srs EPSG:4490 -lco GEOMETRY=AS_XY "$T/schools.csv" "$S/schools.shp"
ogr -f CSV -t_srs EPSG:4490 -lco GEOMETRY=AS_XY "$T/villages.csv" "$S/villages.shp"
scenario csv schools.csv villages.csv
# metrics.csv holds 6 significant digits (issue 17): the last-digit
# differences of the lon/lat round trip show at most as one unit in the 6th
run csv && close_metrics shp csv 1e-5
grep -qF "schools.csv: coordinate columns read as CGCS2000 longitude/latitude (EPSG:4490)" "$T/csv.err" ||
    fail "csv: no note that lon/lat is read as EPSG:4490"
# lon/lat with no data.crs: the working CRS is the CGCS2000 3-degree
# Gauss-Kruger zone of the data — the sample county's own, EPSG:4547 (114E)
NOCRS=1 scenario csvzone schools.csv villages.csv
"$JH" validate "$T/csvzone.yaml" >"$T/csvzone.txt" 2>&1 || fail "csvzone: validate failed: $(head -3 "$T/csvzone.txt")"
grep -q "working CRS: EPSG:4547" "$T/csvzone.txt" || fail "csvzone: $(grep 'working CRS' "$T/csvzone.txt")"
run csvzone && close_metrics shp csvzone 1e-5

ogr -f XLSX "$T/schools.xlsx" "$S/schools.shp" -nln 学校 -dialect sqlite \
    -sql "SELECT ST_X(geometry) AS 东坐标, ST_Y(geometry) AS 北坐标, * FROM schools"
ogr -f XLSX "$T/villages.xlsx" "$S/villages.shp" -nln villages -dialect sqlite \
    -sql "SELECT ST_X(geometry) AS 东坐标, ST_Y(geometry) AS 北坐标, * FROM villages"
scenario xlsx schools.xlsx:学校 villages.xlsx "geometry: {x: 东坐标, y: 北坐标}"
run xlsx && same_metrics shp xlsx

# ---- village boundaries: areas stand for their point on surface ---------
ogr -f GPKG "$T/boundaries.gpkg" "$S/villages.shp" -nln 村界 -dialect sqlite \
    -sql "SELECT ST_Buffer(geometry, 50) AS geometry, * FROM villages"
scenario poly county.gpkg:schools boundaries.gpkg:村界
if run poly; then
    grep -qF "boundaries.gpkg:村界: 1500 of 1500 features are areas (polygons)" "$T/poly.err" ||
        fail "poly: no note on areas: $(head -3 "$T/poly.err")"
    # every village's students by level as with points; by school too,
    # but for the base year's students beyond their catchment villages'
    # children, given to the nearest short villages (own_site.h): a point
    # on surface metres from the point may reorder two villages almost as
    # far from a school (on the sample county: 2 students in 2029)
    vl() { assignments "$1" | tr -d '"' | awk -F, '{ n[$1 "," $3] += $4 } END { for (k in n) print k "," n[k] }' | sort; }
    [ "$(vl gpkg | md5sum)" = "$(vl poly | md5sum)" ] ||
        fail "poly: students by village and level differ from the point layer's"
    key() { assignments "$1" | tr -d '"' | awk -F, '{ print $1 ":" $2 ":" $3 "," $4 }' | sort; }
    moved=$(join -t, -a1 -a2 -e0 -o 0,1.2,2.2 <(key gpkg) <(key poly) |
            awk -F, '{ d = $2 - $3; s += d < 0 ? -d : d } END { print s / 2 }')
    [ "$moved" -le 10 ] || fail "poly: $moved students at another school than with the point layer"
    [ "$(assignments poly | wc -l)" -gt 2000 ] || fail "poly: too few assignment rows"
fi

# ---- a county's own data: code + point, statistics joined by code -------
# the GIS layer: only 学校代码 and the point, plus a kindergarten (K01)
ogr -f GPKG "$T/own.gpkg" "$S/schools.shp" -nln 学校点 -dialect sqlite \
    -sql "SELECT geometry, id AS 学校代码 FROM schools UNION ALL
          SELECT MakePoint(500000.0, 3400000.0, 4547), 'K01'"
# villages: 统计用区划代码, 城乡分类代码 (111/121/220), the rest as they are
ogr -f GPKG -update "$T/own.gpkg" "$S/villages.shp" -nln 村 -dialect sqlite \
    -sql "SELECT geometry, id AS 统计用区划代码, name AS 村名,
          CASE area WHEN 'urban' THEN '111' WHEN 'town' THEN '121' ELSE '220' END AS 城乡分类代码,
          population, age0, age1, age2, age3, age4, age5, age6, age7, age8, age9, age10, age11,
          age12, age13, age14, school_pri, school_jun FROM villages"
# the statistics table (基础基111-like), Chinese headers, 办学类型 as codes
cols="id AS 学校标识码, name AS 学校名称,
      CASE type WHEN 'primary' THEN '211' WHEN 'junior' THEN '311' WHEN 'nine_year' THEN '一贯制学校'
                WHEN 'teaching_point' THEN '218' ELSE '514' END AS 办学类型,
      CASE area WHEN 'urban' THEN '城区' WHEN 'town' THEN '镇区' ELSE '乡村' END AS 城乡,
      district AS 学区, g1 AS 一年级, g2 AS 二年级, g3 AS 三年级, g4 AS 四年级, g5 AS 五年级,
      g6 AS 六年级, g7 AS 七年级, g8 AS 八年级, g9 AS 九年级"
rest="classes_g1, classes_g2, classes_g3, classes_g4, classes_g5, classes_g6, classes_g7,
      classes_g8, classes_g9, classrooms, capacity, teachers, t_above_de, t_backbone, t_pe_art,
      t_senior_t, building_m, sports_m2, equipment_, multimedia, computers, books, boarding_b,
      music_room, art_rooms"
ogr -f XLSX "$T/基础基111.xlsx" "$S/schools.shp" -nln Sheet1 -dialect sqlite \
    -sql "SELECT $cols, $rest FROM schools UNION ALL
          SELECT 'K01', '城关幼儿园', '幼儿园', '城区', NULL, 30, 0, 0, 0, 0, 0, 0, 0, 0,
          0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0"
# teachers.csv with the bureau's headers
sed '1s/.*/教师编号,学校代码,学段,本校年限,骨干,学历达标以上,体育艺术,高级职称,年龄/' \
    "$S/teachers.csv" >"$T/教师.csv"
fmap="name: 学校名称, type: 办学类型, area: 城乡, district: 学区, g1: 一年级, g2: 二年级, g3: 三年级,
      g4: 四年级, g5: 五年级, g6: 六年级, g7: 七年级, g8: 八年级, g9: 九年级"
for c in classes_g1 classes_g2 classes_g3 classes_g4 classes_g5 classes_g6 classes_g7 classes_g8 \
         classes_g9 classrooms capacity teachers t_above_degree t_backbone t_pe_art t_senior_title \
         building_m2 sports_m2 equipment_yuan multimedia_rooms computers books boarding_beds \
         music_rooms art_rooms; do
    fmap="$fmap, $c: ${c:0:10}"
done
TEACHERS=教师.csv scenario own own.gpkg:学校点 own.gpkg:村 \
    "school_tables: [{path: 基础基111.xlsx, sheet: Sheet1, key: 学校标识码, fields: {$fmap}}]" \
    "values: {type: {\"211\": primary, \"311\": junior, 一贯制学校: nine_year, \"218\": teaching_point, \"514\": special}}" \
    "where: {办学类型: [\"211\", \"311\", 一贯制学校, \"218\", \"514\"]}" \
    "fields: {schools: {id: 学校代码}, villages: {id: 统计用区划代码, name: 村名, area: 城乡分类代码, school_primary: school_pri, school_junior: school_jun}, teachers: {teacher_id: 教师编号, school_id: 学校代码, level: 学段, years_at_school: 本校年限, backbone: 骨干, above_degree: 学历达标以上, pe_art: 体育艺术, senior_title: 高级职称, age: 年龄}}"
if run own; then
    same_metrics shp own
    grep -qF "own.gpkg:学校点: 1 rows skipped: data.where excludes their row of 基础基111.xlsx:Sheet1" "$T/own.err" ||
        fail "own: the kindergarten was not reported as skipped: $(grep -i skip "$T/own.err")"
    # plan.yaml round trip: optimise writes the maps back, run reads them
    "$JH" validate "$T/own.yaml" >"$T/own.validate" 2>&1 || fail "own: validate failed"
fi
# (as a CSV table) a table row with no point is warned about by code; a point with no row
# has no type, an error naming it
ogr -f CSV "$T/stat.csv" "$T/基础基111.xlsx" Sheet1
echo "S999,新校,211,城区,,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,4,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" >>"$T/stat.csv"
sed 's/基础基111.xlsx, sheet: Sheet1/stat.csv/' "$T/own.yaml" >"$T/own2.yaml"
out=$("$JH" validate "$T/own2.yaml" 2>&1) || fail "own2: validate failed: $out"
grep -qF "stat.csv: 1 rows match no school of own.gpkg:学校点 by 学校标识码 (S999): not used" <<<"$out" ||
    fail "unmatched code not warned: $(grep -i 'match' <<<"$out")"
ogr -f XLSX "$T/少一行.xlsx" "$T/基础基111.xlsx" -nln Sheet1 -dialect sqlite \
    -sql "SELECT * FROM Sheet1 WHERE \"学校标识码\" <> 'S005'"
sed 's/基础基111.xlsx/少一行.xlsx/' "$T/own.yaml" >"$T/own3.yaml"
err=$("$JH" validate "$T/own3.yaml" 2>&1 >/dev/null)
grep -qF "own.gpkg:学校点: record 5 (id S005): field type" <<<"$err" ||
    fail "a point with no statistics row: $err"

# ---- bad input: exit 2 and a message naming file, row, field, expectation
bad() { # NAME WANT YAML
    local name=$1 want=$2
    local err
    err=$("$JH" validate "$T/$name.yaml" 2>&1 >/dev/null)
    local rc=$?
    [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2 ($err)"
    grep -qF -- "$want" <<<"$err" || fail "$name: stderr '$err' lacks '$want'"
}
scenario nolayer county.gpkg:学校 county.gpkg:villages
bad nolayer "county.gpkg: layer '学校': no such layer; expected one of: schools, villages"
scenario nogpkgname county.gpkg county.gpkg:villages
bad nogpkgname "county.gpkg: 2 layers: expected one named as"
printf 'id,type,g1\nS1,primary,30\n' >"$T/noxy.csv"
scenario noxy noxy.csv villages.csv
bad noxy "noxy.csv: no geometry: expected coordinate columns x and y (or lon/lat"
scenario noxymapped schools.xlsx:学校 villages.xlsx "geometry: {x: 经度, y: 纬度}"
bad noxymapped "schools.xlsx:学校: data.geometry: expected columns named 经度 and 纬度, the table has no column 经度"
sed '3s/^[^,]*,/东经一百一十四度,/' "$T/schools.csv" >"$T/badxy.csv"
scenario badxy badxy.csv villages.csv
bad badxy "badxy.csv: line 3 (id S002): field X: expected a number (the x coordinate), got '东经一百一十四度'"
# three canonical fields missing from one layer: named in one message
ogr -f GPKG "$T/few.gpkg" "$S/schools.shp" -nln schools -dialect sqlite \
    -sql "SELECT geometry, name, g1 FROM schools"
scenario few few.gpkg county.gpkg:villages "fields: {schools: {g2: NJ2}}"
bad few "few.gpkg: 3 fields missing or unmappable: field id: expected a field named id"
bad few "field type: expected a field named type"
bad few "field g2: data.fields maps it to 'NJ2'"
# teachers.csv: every missing column at once
printf '教师编号,学校\nT1,S001\n' >"$T/t_bad.csv"
TEACHERS=t_bad.csv scenario tcols county.gpkg:schools county.gpkg:villages \
    "fields: {teachers: {teacher_id: 教师编号, school_id: 学校代码}}"
bad tcols "t_bad.csv: line 1: expected header columns for 2 missing columns: school_id (data.fields.teachers maps it to '学校代码'), level"
# a statistics table missing mapped columns
scenario statcols county.gpkg:schools county.gpkg:villages \
    "school_tables: [{path: 基础基111.xlsx, key: 标识码, fields: {g1: 1年级}}]"
bad statcols "基础基111.xlsx: expected columns 标识码, 1年级 (for g1), the table has none such"
scenario badwhere county.gpkg:schools county.gpkg:villages "where: {学校类别: [小学]}"
bad badwhere "data.where: column 学校类别: expected a column of county.gpkg:schools"
scenario badvalue county.gpkg:schools county.gpkg:villages "values: {type: {\"211\": 小学校}}"
bad badvalue "data.values.type: expected a school type"

[ $fails -eq 0 ] && echo "e2e_formats: all passed"
exit $((fails > 0))
