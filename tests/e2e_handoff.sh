#!/usr/bin/env bash
# The hand-off files (issue 17): the CSVs are plain UTF-8 (no BOM) and hold
# at most 6 significant digits; results.xlsx reads back through GDAL's XLSX
# driver with its sheets, one 学校 row per schools.csv row, and the same
# numbers as summary.json; --lang en names the sheets in English.
set -euo pipefail
: "${JH:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 30 --villages 300 --seed 11 "$T/county" >/dev/null
"$JH" run "$T/county/baseline.yaml" -o "$T/a" --quiet >/dev/null
"$JH" run "$T/county/baseline.yaml" -o "$T/en" --lang en --quiet >/dev/null

# ---- CSVs: plain UTF-8 for scripts (no BOM: the header's first name is
# `year`), short numbers; Excel users open results.xlsx ------------------------
for f in metrics.csv schools.csv students.csv; do
    [ "$(head -c 4 "$T/a/$f")" = year ] || fail "$f: does not begin with its header (a BOM?)"
done
python3 - "$T/a/metrics.csv" "$T/a/schools.csv" <<'PY' || fail "a CSV holds more than 6 significant digits"
import csv, re, sys
for f in sys.argv[1:]:
    for row in csv.reader(open(f, encoding="utf-8-sig")):
        for v in row:
            if re.fullmatch(r"-?[0-9]*\.[0-9]+(e[-+][0-9]+)?", v):
                digits = re.sub(r"e.*", "", v).replace("-", "").replace(".", "").lstrip("0")
                assert len(digits) <= 6, (f, v)
PY

# ---- results.xlsx ----------------------------------------------------------
X="$T/a/results.xlsx"
[ -s "$X" ] || fail "no results.xlsx"
ogrinfo -ro -al -so "$X" >"$T/x.txt" 2>&1 || fail "ogrinfo cannot read results.xlsx: $(head -3 "$T/x.txt")"
for s in 概览 差异系数 学校; do
    grep -q "^Layer name: $s\$" "$T/x.txt" || fail "results.xlsx lacks the sheet $s"
done
rows=$(($(wc -l <"$T/a/schools.csv") - 1))
n=$(ogrinfo -ro -so "$X" 学校 | sed -n 's/^Feature Count: //p')
[ "$n" = "$rows" ] || fail "学校 has $n rows, schools.csv $rows"
years=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['years']))" "$T/a/summary.json")
n=$(ogrinfo -ro -so "$X" 概览 | sed -n 's/^Feature Count: //p')
[ "$n" = "$((years * 2))" ] || fail "概览 has $n rows, want $((years * 2))"
grep -q "达标学校: " "$T/x.txt" || fail "概览 lacks its Chinese header 达标学校"
ogr2ogr -f CSV "$T/summary.csv" "$X" 概览 2>/dev/null
ogr2ogr -f CSV "$T/cv.csv" "$X" 差异系数 2>/dev/null
python3 - "$T" <<'PY' || fail "results.xlsx numbers differ from summary.json"
import csv, json, sys
T = sys.argv[1]
s = json.load(open(f"{T}/a/summary.json"))
y0 = s["years"][0]
want = y0["levels"]["primary"]["quality"]["cv_mean"]
rows = list(csv.DictReader(open(f"{T}/summary.csv", encoding="utf-8-sig")))
r = [r for r in rows if r["年份"] == str(y0["year"]) and r["学段"] == "小学"][0]
got = float(r["优质均衡差异系数均值"])
assert abs(got - want) <= 1e-12 * max(1, abs(want)), (got, want)
assert int(float(r["在校生"])) == y0["levels"]["primary"]["students"], (r["在校生"], y0["levels"]["primary"]["students"])
cv = list(csv.DictReader(open(f"{T}/cv.csv", encoding="utf-8-sig")))
row = [c for c in cv if c["学段"] == "小学" and c["代码"] == "quality.cv.backbone_per100"][0]
w = y0["levels"]["primary"]["quality"]["cv"]["backbone_per100"]
assert abs(float(row[str(y0["year"])]) - w) <= 1e-12 * max(1, abs(w)), (row, w)
PY
ogrinfo -ro -so "$T/en/results.xlsx" 2>&1 | grep -q "Schools" || fail "--lang en: no Schools sheet"
ogrinfo -ro -so "$T/en/results.xlsx" 2>&1 | grep -q "概览" && fail "--lang en: Chinese sheet names"

# ---- results.gpkg and schools.qml -----------------------------------------
G="$T/a/results.gpkg"
ogrinfo -ro -so -al "$G" >"$T/g.txt" 2>&1 || fail "ogrinfo cannot read results.gpkg: $(head -3 "$T/g.txt")"
for l in schools assignments catchments; do
    grep -q "^Layer name: $l\$" "$T/g.txt" || fail "results.gpkg lacks the layer $l"
done
n=$(ogrinfo -ro -so "$G" schools | sed -n 's/^Feature Count: //p')
[ "$n" = "$rows" ] || fail "results.gpkg schools: $n features, schools.csv $rows rows"
for f in "year: Integer" "capacity: Integer" "use: Real" "district: String" "teachers: Integer" \
         "indicators_reached: Integer" "compliant: Integer" "distance_km: Real"; do
    grep -q "^$f" "$T/g.txt" || fail "results.gpkg lacks the field $f"
done
[ "$(grep -c 'ID\["EPSG",4547\]\]$' "$T/g.txt")" = 3 ] || fail "results.gpkg layers not in the working CRS EPSG:4547"
q() { ogrinfo -ro "$G" -dialect sqlite -sql "$1" | sed -n 's/^  [a-z_]* ([A-Za-z]*) = //p'; }
[ "$(q "SELECT count(*) AS n FROM schools WHERE level = '小学' AND status = '开办' AND area IN ('城区','镇区','乡村')")" -gt 0 ] ||
    fail "results.gpkg schools without Chinese values"
[ "$(q "SELECT count(DISTINCT year) AS n FROM schools")" = "$years" ] || fail "results.gpkg schools not every year"
want=$(q "SELECT count(*) AS n FROM assignments")
[ "$want" -gt 0 ] || fail "results.gpkg: no assignments"
got=$(q "SELECT count(*) AS n FROM assignments a JOIN catchments c ON a.year = c.year AND a.school_id = c.school_id AND a.level = c.level WHERE ST_Intersects(c.geom, ST_StartPoint(a.geom))")
[ "$got" = "$want" ] || fail "catchments cover $got of $want origins of their schools"
python3 - "$T/a/schools.qml" "$T/a/schools.shp" <<'PY' || fail "schools.qml"
import re, subprocess, sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
assert t.tag == "qgis"
info = subprocess.run(["ogrinfo", "-ro", "-so", "-al", sys.argv[2]], capture_output=True, text=True).stdout
fields = set(re.findall(r"^(\w+): ", info, re.M))
named = {a.get("field") for a in t.iter("alias")} | {s.get("fieldName") for s in t.iter("text-style")}
named |= set(re.findall(r'"(\w+)"', t.find("renderer-v2").get("attr")))
assert named <= fields, named - fields
assert len(list(t.iter("category"))) == 3
PY
echo "e2e_handoff: ok"
