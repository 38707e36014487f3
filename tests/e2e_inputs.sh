#!/usr/bin/env bash
# e2e_inputs: `junheng validate` on layers made by GDAL's ogr2ogr — a
# schools layer in GBK with Chinese field and type names, CGCS2000
# 3-degree Gauss-Kruger zone 39 (EPSG:4527, ESRI .prj from gdalsrsinfo,
# zone prefix in the false easting), field names cut to 10 characters by
# GDAL and one mapped field; a villages layer in CGCS2000 longitude/latitude
# (EPSG:4490), UTF-8 — then one broken copy per bad input, each asserting
# exit 2 and the message on stderr.
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin inputs ogr2ogr

# ---- the good county --------------------------------------------------
G=$T/good
mkdir -p "$G"
cat >"$T/schools.csv" <<'EOF'
id,学校名称,type,area,g1,g2,g3,g4,g5,g6,g7,g8,g9,classrooms,teachers,t_above_degree,t_backbone,building_m2,sports_m2,equipment_yuan,X,Y
S001,城关一小,小学,城区,90,88,85,80,82,79,0,0,0,12,30,8,2,5200.5,9000,1500000,39512340,3401220
S002,河口九年制学校,九年一贯制,乡村,20,18,22,19,21,20,40,38,35,14,25,3,1,4100,6000,800000,39515000,3405000
S003,城关中学,junior,town,0,0,0,0,0,0,150,140,145,12,40,10,3,7000,12000,2500000,39509000,3398000
S004,石桥教学点,教学点,乡村,8,6,0,0,0,0,0,0,0,3,0,0,0,300,500,20000,39511000,3402500
EOF
# villages in lon/lat near the schools (117.10-117.16 E, 30.71-30.76 N)
cat >"$T/villages.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "V01", "name": "东村", "area": "rural", "population": 1200, "age6": 15, "age7": 14, "age12": 12, "school_primary": "S001", "school_junior": "S003"}, "geometry": {"type": "Point", "coordinates": [117.125, 30.730]}},
{"type": "Feature", "properties": {"id": "V02", "name": "西村", "area": "乡村", "population": 800, "age6": 9, "age7": 11, "age12": 8, "school_primary": "S002", "school_junior": "S002"}, "geometry": {"type": "Point", "coordinates": [117.150, 30.760]}},
{"type": "Feature", "properties": {"id": "V03", "name": "空村", "area": "rural", "population": 50, "age6": 0, "age7": 0, "age12": 0, "school_primary": "", "school_junior": ""}, "geometry": {"type": "Point", "coordinates": [117.110, 30.745]}}
]}
EOF
cat >"$T/projections.csv" <<'EOF'
village_id,year,age,population
V01,2026,6,14
V02,2026,6,10
EOF
printf 'teacher_id,school_id,level,years_at_school,backbone,above_degree,pe_art,senior_title,age\r\nT1,S001,primary,7,yes,1,0,false,45\r\nT2,S003,junior,2,0,0,1,1,30\r\n' >"$T/teachers.csv"
printf '\xEF\xBB\xBFvillage_id,school_id,cost\r\nV01,S001,1200\r\nV01,S003,2500\r\nV02,S002,"800"\r\n' >"$T/od.csv"

ogr2ogr -f "ESRI Shapefile" "$G/schools.shp" "$T/schools.csv" -oo X_POSSIBLE_NAMES=X \
    -oo Y_POSSIBLE_NAMES=Y -oo AUTODETECT_TYPE=YES -a_srs EPSG:4527 -lco ENCODING=GBK \
    2>"$T/ogr.log" || { cat "$T/ogr.log"; exit 1; }
gdalsrsinfo -o wkt_esri EPSG:4527 | grep -v '^$' >"$G/schools.prj"
ogr2ogr -f "ESRI Shapefile" "$G/villages.shp" "$T/villages.geojson" -a_srs EPSG:4490 \
    -lco ENCODING=UTF-8 2>>"$T/ogr.log" || { cat "$T/ogr.log"; exit 1; }
cp "$T/projections.csv" "$T/teachers.csv" "$T/od.csv" "$G/"
grep -q 't_above_de' <(ogrinfo -so -al "$G/schools.shp") || fail "GDAL did not cut t_above_degree"
grep -q 'PROJCS\["CGCS2000_3_Degree_GK_Zone_39"' "$G/schools.prj" || fail "no ESRI .prj"

cat >"$G/s.yaml" <<'EOF'
name: e2e-inputs
data:
  schools: schools.shp
  villages: villages.shp
  projections: projections.csv
  teachers: teachers.csv
  travel_costs: od.csv
  fields:
    schools: {name: 学校名称}
horizon: {start: 2025, end: 2030}
interventions:
  - {year: 2026, close: S004, students_to: S001}
EOF

out=$("$JH" validate "$G/s.yaml" 2>"$T/err")
rc=$?
[ $rc -eq 0 ] || fail "good county: exit $rc: $(cat "$T/err")"
expect() { grep -qF -- "$1" <<<"$out" || fail "good county: output lacks '$1'"; }
expect "schools: 4"
expect "  primary          1"
expect "  junior           1"
expect "  nine_year        1"
expect "  teaching_point   1"
expect "schools by level: primary 3, junior 2"
# primary: 504 + 120 + 14 = 638; junior: 113 + 435 = 548
expect "students: primary 638, junior 548, total 1186"
expect "villages: 3 (3 with children by age: 69 children aged 0-14"
expect "teachers: 2 in teachers.csv (primary 1, junior 1); 95 in the schools layer"
expect "projections: 2 rows"
expect "travel costs: 3 village-school pairs, in metres"
expect "working CRS: EPSG:4527"   # a projected layer works in its own CRS
expect "source CRS: EPSG:4527 (CGCS2000 / 3-degree Gauss-Kruger zone 39)"
expect "encodings: schools GBK, villages UTF-8"
expect "horizon: 2025-2030"
expect "warning: schools.dbf: record 4 (id S004): 14 students but no teachers"
expect "warning: villages.dbf: 1 of 3 villages have no children (V03)"

# the same with data.crs naming the working CRS
cat >"$G/crs.yaml" <<'EOF'
name: e2e-crs
data:
  schools: schools.shp
  villages: villages.shp
  crs: "EPSG:4527"
  fields:
    schools: {name: 学校名称}
horizon: {start: 2025, end: 2030}
EOF
out=$("$JH" validate "$G/crs.yaml" 2>"$T/err") || fail "data.crs: $(cat "$T/err")"
grep -qF "working CRS: EPSG:4527" <<<"$out" || fail "data.crs: working CRS not EPSG:4527"

# without its .cpg the GBK layer is recognised (not valid UTF-8) and said so
mkdir "$T/nocpg" && cp "$G"/* "$T/nocpg/" && rm "$T/nocpg/schools.cpg"
out=$("$JH" validate "$T/nocpg/s.yaml" 2>"$T/err") || fail "no .cpg: $(cat "$T/err")"
grep -qF "encodings: schools GBK, villages UTF-8" <<<"$out" || fail "no .cpg: not read as GBK"
grep -qF "warning: schools.dbf: no .cpg file says how its text is encoded; assumed GBK" <<<"$out" ||
    fail "no .cpg: no warning"

"$JH" validate --help | grep -q "usage: junheng validate" || fail "--help"
"$JH" validate --version | grep -q "junheng" || fail "--version"

# ---- bad inputs: each a copy of the good county, broken one way ----------
case_no=0
bad() { # bad NAME 'expected stderr text' [scenario]
    local name=$1 want=$2 yaml=${3:-s.yaml}
    local err
    err=$("$JH" validate "$B/$yaml" 2>&1 >/dev/null)
    local rc=$?
    [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2 ($err)"
    grep -qF -- "$want" <<<"$err" || fail "$name: stderr '$err' lacks '$want'"
    grep -q '^junheng: ' <<<"$err" || fail "$name: stderr not prefixed 'junheng: '"
}
fresh() { case_no=$((case_no + 1)); B=$T/bad$case_no; cp -r "$G" "$B"; }

fresh; rm "$B/schools.dbf"
bad "missing .dbf" "schools.dbf: cannot open: no such file"
fresh; rm "$B/villages.shx"
bad "missing .shx" "villages.shx: cannot open: no such file"
fresh; rm "$B/schools.prj"
bad "missing .prj" "schools.prj: cannot open: no such file; expected a .prj beside schools.shp, or data.crs"
fresh; sed -i 's/^horizon:/horizn:/' "$B/s.yaml"
bad "misspelt key" "horizn"
fresh; sed -i 's/^V02,S002/V02,S999/' "$B/od.csv"
bad "unknown school in od.csv" "od.csv: line 4: column school_id: expected a school id of schools.dbf, got 'S999'"
fresh; printf 'village_id,school_id,cost\nV01,S001,"12\n' >"$B/od.csv"
bad "malformed od.csv" "od.csv: line 2: column 3: expected a closing quote"
fresh; printf 'teacher_id,school_id,level\nT1,S001,senior\n' >"$B/teachers.csv"
bad "bad teacher level" "teachers.csv: line 2: column level: expected primary or junior"
fresh; sed -i 's/close: S004/close: S404/' "$B/s.yaml"
bad "intervention naming an unknown school" "close: expected a school id of schools.dbf or one an intervention builds, got 'S404'"

remake_schools() { # remake_schools CSV-FILTER [ogr2ogr options...]
    local filter=$1
    shift
    sed "$filter" "$T/schools.csv" >"$T/s2.csv"
    rm -f "$B"/schools.*
    ogr2ogr -f "ESRI Shapefile" "$B/schools.shp" "$T/s2.csv" -oo X_POSSIBLE_NAMES=X \
        -oo Y_POSSIBLE_NAMES=Y -oo AUTODETECT_TYPE=YES -a_srs EPSG:4527 -lco ENCODING=GBK "$@" \
        2>>"$T/ogr.log"
}
fresh; remake_schools 's/^S004,/S002,/'
bad "duplicate ids" "schools.dbf: record 4: field id: expected a unique school id, got 'S002' again (first at record 2)"
fresh; remake_schools 's/^\(S002,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\)22,/\1-4,/'
bad "negative count" "schools.dbf: record 2 (id S002): field g3: expected a non-negative whole number, got '-4'"
fresh; remake_schools 's/^\(S003,[^,]*,\)junior,/\1college,/'
bad "unknown type" "field type: expected one of primary, junior, nine_year"
fresh; remake_schools 's/^S00[1-4],.*//' 
bad "empty layer" "schools.shp: expected at least one point, the layer is empty"
fresh; rm -f "$B"/villages.*
ogr2ogr -f "ESRI Shapefile" "$B/villages.shp" "$T/villages.geojson" -a_srs EPSG:4490 \
    -lco ENCODING=UTF-8 -nlt LINESTRING -dialect SQLite \
    -sql "SELECT id, name, MakeLine(geometry, ST_Translate(geometry, 0.001, 0, 0)) AS geometry FROM villages" \
    2>>"$T/ogr.log"
bad "lines layer" "villages.shp: expected a point layer, got a layer of Arc"
fresh; cat >"$B/s.yaml" <<'EOF'
name: bad-map
data:
  schools: schools.shp
  villages: villages.shp
  fields:
    schools: {name: 校名}
horizon: {start: 2025, end: 2030}
EOF
bad "mapped field missing" "schools.dbf: field name: data.fields maps it to '校名'"
fresh; printf 'PROJCS["nonsense"]' >"$B/villages.prj"
bad "unreadable .prj" "villages.prj: expected a coordinate system"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "e2e_inputs: all passed"
