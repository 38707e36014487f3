#!/usr/bin/env bash
# e2e_template: `junheng template DIR` writes the ready-to-fill set; filled
# with the sample county (rows pasted under the template's own headers,
# coordinates as CGCS2000 lon/lat), it validates to the sample's figures
# and runs; county.xlsx (English header row, Chinese label row) filled with
# the same rows by ogr2ogr validates and runs to the same metrics; a
# non-empty DIR is refused (exit 2, nothing touched).
set -u
. "$(dirname "$0")/lib_e2e.sh"
SRC=$(cd "${JH_SOURCE_DIR:-$(dirname "$0")/..}" && pwd)
S=$SRC/scenarios/sample-county
e2e_begin template

"$JH" template "$T/county" >/dev/null || { echo "FAIL: template failed"; exit 1; }
for f in schools.csv villages.csv county.xlsx teachers.csv projections.csv od.csv scenario.yaml \
         scenario-xlsx.yaml; do
    [ -s "$T/county/$f" ] || fail "template: no $f"
done
head -1 "$T/county/schools.csv" | grep -q '^lon,lat,id,name,type,area,district,g1,' || fail "schools.csv header: $(head -1 "$T/county/schools.csv")"
head -1 "$T/county/teachers.csv" | grep -q '^teacher_id,school_id,level,years_at_school,backbone,above_degree,pe_art,senior_title,age' || fail "teachers.csv header"
[ "$(wc -l <"$T/county/schools.csv")" -eq 1 ] || fail "schools.csv: expected a header only"
# county.xlsx: row 1 the canonical names, row 2 the Chinese labels
xl() { OGR_XLSX_HEADERS=FORCE OGR_XLSX_FIELD_TYPES=STRING ogr2ogr -f CSV /vsistdout/ "$T/county/county.xlsx" "$@"; }
[ "$(xl schools | head -1)" = "$(head -1 "$T/county/schools.csv" | tr -d '\r')" ] ||
    fail "county.xlsx schools: header differs from schools.csv's: $(xl schools | head -1)"
xl schools | sed -n 2p | grep -q '^经度,纬度,学校标识码,学校名称,办学类型,城乡分类,学区,一年级学生数,' ||
    fail "county.xlsx schools: Chinese labels: $(xl schools | sed -n 2p | cut -c1-120)"
xl villages | sed -n 2p | grep -q '^经度,纬度,统计用区划代码,村名,城乡分类代码,常住人口,0岁人口,' ||
    fail "county.xlsx villages: Chinese labels: $(xl villages | sed -n 2p | cut -c1-120)"
# the label row is not data: the unfilled workbook has no rows
err=$("$JH" validate "$T/county/scenario-xlsx.yaml" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF "county.xlsx:schools: expected at least one row" <<<"$err" ||
    fail "unfilled workbook: exit $rc: $err"
# unfilled: the empty layer is an input error naming the file
err=$("$JH" validate "$T/county/scenario.yaml" 2>&1 >/dev/null); rc=$?
[ $rc -eq 2 ] && grep -qF "schools.csv: expected at least one row" <<<"$err" || fail "unfilled template: exit $rc: $err"
# a non-empty DIR is refused and left alone
before=$(ls -l "$T/county" | md5sum)
"$JH" template "$T/county" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "non-empty DIR: exit $rc"
grep -qF "expected a missing or empty folder" "$T/err" || fail "non-empty DIR: $(cat "$T/err")"
[ "$(ls -l "$T/county" | md5sum)" = "$before" ] || fail "non-empty DIR was touched"

# fill: rows in the order of the template's own header
ogr2ogr -f GPKG -t_srs EPSG:4490 "$T/ll.gpkg" "$S/schools.shp" -nln s 2>/dev/null
ogr2ogr -f GPKG -update -t_srs EPSG:4490 "$T/ll.gpkg" "$S/villages.shp" -nln v 2>/dev/null
fill() { # LAYER TEMPLATE-CSV: every template column from the layer (cut names), or empty
    local layer=$1 csv=$2 sel="" avail
    avail=$(ogrinfo -so "$T/ll.gpkg" "$layer" | sed -n 's/^\([A-Za-z_0-9]*\): .*/\1/p')
    for c in $(head -1 "$csv" | tr -d '\r' | tr ',' ' '); do
        case $c in
            lon) e="ST_X(geom)" ;;
            lat) e="ST_Y(geom)" ;;
            *) if grep -qx "$c" <<<"$avail"; then e="\"$c\""
               elif grep -qx "${c:0:10}" <<<"$avail"; then e="\"${c:0:10}\""
               else e="NULL"; fi ;;
        esac
        sel="$sel${sel:+, }$e AS \"$c\""
    done
    ogr2ogr -f CSV /vsistdout/ "$T/ll.gpkg" -dialect sqlite -sql "SELECT $sel FROM $layer" |
        tail -n +2 >>"$csv"
}
fill s "$T/county/schools.csv"
fill v "$T/county/villages.csv"
tail -n +2 "$S/teachers.csv" >>"$T/county/teachers.csv"
tail -n +2 "$S/projections.csv" >>"$T/county/projections.csv"
out=$("$JH" validate "$T/county/scenario.yaml" 2>&1) || fail "filled template: validate failed: $(head -3 <<<"$out")"
grep -qF "schools: 120" <<<"$out" || fail "filled: schools: $(grep schools <<<"$out" | head -2)"
grep -qF "students: primary 62434, junior 32857, total 95291" <<<"$out" || fail "filled: students differ: $(grep students: <<<"$out")"
grep -qF "villages: 1500 (1500 with children by age: 153153 children" <<<"$out" || fail "filled: villages differ"
grep -qF "teachers: 5882 in teachers.csv" <<<"$out" || fail "filled: teachers differ"
"$JH" run "$T/county/scenario.yaml" -o "$T/out" >/dev/null 2>&1 || fail "filled template: run failed"
[ -s "$T/out/metrics.csv" ] || fail "filled template: no metrics.csv"

# the workbook filled with the same rows (ogr2ogr appends under the two
# header rows; GDAL keeps the label row) reads to the same figures
for l in schools villages; do
    OGR_XLSX_HEADERS=FORCE ogr2ogr -update -append "$T/county/county.xlsx" "$T/county/$l.csv" \
        -nln $l 2>>"$T/ogr.log" || fail "ogr2ogr could not fill the $l sheet: $(cat "$T/ogr.log")"
done
[ "$(xl schools | sed -n 2p | cut -d, -f3)" = "学校标识码" ] || fail "filled workbook lost its label row"
xo=$("$JH" validate "$T/county/scenario-xlsx.yaml" 2>&1) || fail "filled workbook: validate failed: $(head -3 <<<"$xo")"
for want in "schools: 120" "students: primary 62434, junior 32857, total 95291" \
            "villages: 1500 (1500 with children by age: 153153 children" "teachers: 5882 in teachers.csv" \
            "  g1                 <- field g1: students of the grade"; do
    grep -qF "$want" <<<"$xo" || fail "filled workbook: validate lacks '$want'"
done
"$JH" run "$T/county/scenario-xlsx.yaml" -o "$T/outx" >/dev/null 2>&1 || fail "filled workbook: run failed"
cmp -s "$T/out/metrics.csv" "$T/outx/metrics.csv" ||
    fail "filled workbook: metrics.csv differs from the CSVs': $(diff "$T/out/metrics.csv" "$T/outx/metrics.csv" | head -3)"
# the workbook is the same bytes whenever it is written (no clock in it)
"$JH" template "$T/again" >/dev/null && "$JH" template "$T/again2" >/dev/null
cmp -s "$T/again/county.xlsx" "$T/again2/county.xlsx" || fail "county.xlsx differs between two writes"
"$JH" template --help | grep -q "usage: junheng template" || fail "--help"

[ $fails -eq 0 ] && echo "e2e_template: all passed"
exit $((fails > 0))
