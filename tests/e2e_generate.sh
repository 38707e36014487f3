#!/usr/bin/env bash
# junheng generate end to end: same seed -> the same bytes in every file,
# another seed -> other bytes; GDAL's ogrinfo (a reader nobody here wrote)
# reads both layers as points with the right counts, fields and CRS; the
# baseline scenario it writes validates; the bundled sample county is what
# the generator makes with seed 1; bad usage exits 2 and writes nothing.
set -u
JH=${JH:?JH must name the junheng binary}
SRC=${JH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
T=$(mktemp -d /tmp/jh-e2e-generate.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
FILES=".junheng-generate schools.shp schools.shx schools.dbf schools.prj schools.cpg villages.shp villages.shx
villages.dbf villages.prj villages.cpg teachers.csv projections.csv baseline.yaml
roads.shp roads.shx roads.dbf roads.prj roads.cpg"

"$JH" generate --schools 120 --villages 1500 --seed 1 "$T/a" > "$T/a.out" || fail "generate a exit $?"
"$JH" generate --schools 120 --villages 1500 --seed 1 "$T/b" > /dev/null || fail "generate b exit $?"
"$JH" generate --schools 120 --villages 1500 --seed 2 "$T/c" > /dev/null || fail "generate c exit $?"
grep -q "120 schools" "$T/a.out" || fail "summary line: $(cat "$T/a.out")"

# exactly the expected files, nothing temporary left behind
[ "$(ls -A "$T/a" | sort | tr '\n' ' ')" = "$(echo $FILES | tr ' ' '\n' | sort | tr '\n' ' ')" ] ||
    fail "files in a: $(ls -A "$T/a")"

for f in $FILES; do
    cmp -s "$T/a/$f" "$T/b/$f" || fail "same seed, $f differs"
done
for f in schools.shp schools.dbf villages.shp villages.dbf teachers.csv projections.csv; do
    cmp -s "$T/a/$f" "$T/c/$f" && fail "seed 2 gave the same $f as seed 1"
done

# ogrinfo: point layers, counts, CRS, the 10-character field names
for layer in schools:120 villages:1500; do
    name=${layer%%:*}; count=${layer##*:}
    info=$(ogrinfo -al -so "$T/a/$name.shp" 2>&1) || fail "ogrinfo $name exit $?"
    grep -q "Geometry: Point" <<<"$info" || fail "$name: not points"
    grep -q "Feature Count: $count\$" <<<"$info" || fail "$name: feature count not $count"
    grep -q 'CGCS2000 / 3-degree Gauss-Kruger CM 114E' <<<"$info" || fail "$name: CRS not EPSG:4547"
    grep -q 'ID\["EPSG",4547\]' <<<"$info" || fail "$name: CRS not identified as EPSG:4547"
done
sinfo=$(ogrinfo -al -so "$T/a/schools.shp")
for field in "id: String" "g9: Integer" "classes_g1: Integer" "building_m: Real" \
             "equipment_: (Real|Integer64)" "t_above_de: Integer" "multimedia: Integer" \
             "boarding_b: Integer" "music_room: Integer" "art_rooms: Integer"; do
    grep -Eq "^$field " <<<"$sinfo" || fail "schools field '$field' missing"
done
vinfo=$(ogrinfo -al -so "$T/a/villages.shp")
for field in "age0: Integer" "age14: Integer" "school_pri: String" "school_jun: String" \
             "population: Integer"; do
    grep -q "^$field" <<<"$vinfo" || fail "villages field '$field' missing"
done
# Chinese names decoded through the .cpg, and every kind of school present
recs=$(ogrinfo -al -q "$T/a/schools.shp")
grep -q "name (String) = 城关第一小学" <<<"$recs" || fail "name 城关第一小学 not read back"
for t in primary junior nine_year teaching_point special; do
    grep -q "type (String) = $t\$" <<<"$recs" || fail "no school of type $t"
done
grep -q "教学点" <<<"$recs" || fail "no 教学点 name"
[ "$(grep -c "type (String) = special" <<<"$recs")" = 1 ] || fail "not exactly one special school"
[ "$(cat "$T/a/schools.cpg")" = "UTF-8" ] || fail ".cpg is not UTF-8"
[ "$(head -1 "$T/a/teachers.csv")" = \
  "teacher_id,school_id,level,years_at_school,backbone,above_degree,pe_art,senior_title,age" ] ||
    fail "teachers.csv header"
[ "$(wc -l < "$T/a/projections.csv")" = $((1500 * 11 * 15 + 1)) ] || fail "projections.csv rows"

# roads: a 1 km grid over the county padded by 1 km (42 x 42 km for seed 1:
# 43 north-south lines, 43 east-west rows of which the 4 bridge rows are
# whole and the 39 others cut at the river: 43 + 4 + 78 = 125 lines)
rinfo=$(ogrinfo -al -so "$T/a/roads.shp" 2>&1)
grep -q "Geometry: Line String" <<<"$rinfo" || fail "roads: not lines"
grep -q "Feature Count: 125\$" <<<"$rinfo" || fail "roads: feature count not 125"
grep -q "^class: String" <<<"$rinfo" || fail "roads: no class field"
sed 's|^  teachers: teachers.csv|&\n  roads: roads.shp|' "$T/a/baseline.yaml" > "$T/a/byroad.yaml"
"$JH" validate "$T/a/byroad.yaml" > "$T/r.out" 2>&1 || fail "validate with roads exit $?: $(tail -3 "$T/r.out")"
grep -q "roads: 125 lines, 3573 segments, 1849 junctions and vertices; 1 connected component" "$T/r.out" ||
    fail "roads summary: $(grep -A1 '^roads' "$T/r.out")"
rm "$T/a/byroad.yaml"

# the generated baseline is a runnable scenario
"$JH" validate "$T/a/baseline.yaml" > "$T/v.out" 2>&1 || fail "validate baseline exit $?: $(cat "$T/v.out")"
grep -q "schools: 120" "$T/v.out" || fail "validate did not load 120 schools"

# a county without projections: no projections.csv, no data.projections
"$JH" generate --schools 10 --villages 40 --seed 3 --no-projections "$T/d" > /dev/null ||
    fail "generate --no-projections exit $?"
[ -e "$T/d/projections.csv" ] && fail "--no-projections wrote projections.csv"
grep -q projections "$T/d/baseline.yaml" && fail "--no-projections baseline names projections"
"$JH" validate "$T/d/baseline.yaml" > /dev/null 2>&1 || fail "validate small baseline exit $?"

# the bundled sample county is seed 1, 120 schools, 1500 villages
for f in $FILES; do
    cmp -s "$T/a/$f" "$SRC/scenarios/sample-county/$f" ||
        fail "scenarios/sample-county/$f is not what the generator writes"
done
# the question scenarios load
for s in "$SRC"/scenarios/*.yaml; do
    "$JH" validate "$s" > "$T/s.out" 2>&1 || fail "validate $(basename "$s") exit $?: $(tail -3 "$T/s.out")"
done

# bad usage: exit 2, nothing written
for args in "--schools 7 --villages 100 --seed 1" "--schools 20 --villages 79 --seed 1" \
            "--schools x --villages 100 --seed 1" "--schools 20 --villages 100 --seed -1" \
            "--schools 20 --villages 100 --frobnicate"; do
    "$JH" generate $args "$T/bad" > /dev/null 2> "$T/err"
    rc=$?
    [ $rc = 2 ] || fail "generate $args: exit $rc, expected 2"
    grep -q "junheng generate:" "$T/err" || fail "generate $args: no message"
    [ -e "$T/bad" ] && fail "generate $args created the folder"
done
"$JH" generate --schools 20 --villages 100 > /dev/null 2>&1
[ $? = 2 ] || fail "generate without DIR: expected exit 2"
"$JH" generate --help | grep -q -- "--villages" || fail "--help"
"$JH" generate --version | grep -q "junheng" || fail "--version"

if [ $fails -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "e2e_generate: all passed"
