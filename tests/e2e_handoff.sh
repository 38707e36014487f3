#!/usr/bin/env bash
# The hand-off files (issue 17): the CSVs are plain UTF-8 (no BOM) and hold
# at most 6 significant digits; metrics_wide.csv pivots metrics.csv;
# results.xlsx reads back through GDAL's XLSX driver with its sheets, one
# 学校 row per schools.csv row, one 干预 row per intervention and the
# teacher flows, with the same numbers as summary.json; --lang en names the
# sheets in English; results.gpkg's catchments contain every origin point
# of their students (students.csv, checked without GDAL's geometry code);
# every .qml names only fields of its layer, and results.gpkg holds them as
# its layers' default styles.
set -euo pipefail
: "${JH:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 30 --villages 300 --seed 11 "$T/county" >/dev/null
"$JH" run "$T/county/baseline.yaml" -o "$T/a" --quiet >/dev/null
"$JH" run "$T/county/baseline.yaml" -o "$T/en" --lang en --quiet >/dev/null
# a plan with interventions of four kinds and hiring, over six years
sed -e 's/^name: baseline/name: plan/' -e 's/end: 2035/end: 2030/' \
    -e 's/^teachers:$/interventions:\
  - {year: 2027, add_beds: S006, beds: 120, cost_wan: 84.25}\
  - {year: 2026, expand: S001, classrooms: 12, building_m2: 1920, multimedia_rooms: 12, teachers: 20, cost_wan: 660.5}\
  - {year: 2026, close: S002, students_to: nearest}\
  - year: 2028\
    build: {id: N01, name: 新城小学, type: primary, area: urban, x: 500300, y: 3399400, classrooms: 24, building_m2: 7000}\
    cost_wan: 4800\
teachers:\
  hiring: {per_year: 20, to: rural_first}/' \
    "$T/county/baseline.yaml" >"$T/county/plan.yaml"
grep -q "add_beds" "$T/county/plan.yaml" || fail "the plan scenario was not written"
"$JH" run "$T/county/plan.yaml" -o "$T/p" --quiet >/dev/null

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

# ---- metrics_wide.csv: metrics.csv pivoted, one row per year and level ------
python3 - "$T/a" <<'PY' || fail "metrics_wide.csv differs from metrics.csv"
import csv, re, sys
d = sys.argv[1]
wide = list(csv.DictReader(open(f"{d}/metrics_wide.csv", encoding="utf-8")))
longr = list(csv.DictReader(open(f"{d}/metrics.csv", encoding="utf-8")))
keys = {(r["year"], r["level"]) for r in longr}
assert len(wide) == len(keys) == len({(r["year"], r["level"]) for r in wide}), (len(wide), len(keys))
assert [r["level"] for r in wide[:3]] == ["primary", "junior", "all"], wide[0]["level"]
byrow = {(r["year"], r["level"]): r for r in wide}
index = re.compile(r"(^|\.)(cv|cv_mean|cv_limit|gini|theil|theil_between|theil_within)(\.|$)")
n = 0
for r in longr:
    w = byrow[(r["year"], r["level"])][r["metric"]]
    v = r["value"]
    if v == "" or not re.fullmatch(r"-?[0-9.e+-]+", v):
        assert w == v, (r, w)
        continue
    if re.fullmatch(r"-?[0-9]+", v):
        assert w == v, (r, w)            # counts and flags stay integers
    elif index.search(r["metric"]):
        assert re.fullmatch(r"-?[0-9]+\.[0-9]{6}", w), (r, w)  # 6 decimals
        assert abs(float(w) - float(v)) <= 5e-7 + 1e-6 * abs(float(v)), (r, w)
    else:
        assert abs(float(w) - float(v)) <= 1e-9 * max(1, abs(float(v))), (r, w)
    n += 1
assert n > 1000, n
# cells a row has no metric for stay empty: teachers.* only on the `all` rows
assert byrow[(wide[0]["year"], "primary")]["teachers.total"] == ""
assert byrow[(wide[0]["year"], "all")]["teachers.total"] != ""
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
for s in 干预 教师; do
    grep -q "^Layer name: $s\$" "$T/x.txt" || fail "results.xlsx lacks the sheet $s"
done
for s in Summary CVs Schools Interventions Teachers; do
    ogrinfo -ro -so "$T/en/results.xlsx" 2>&1 | grep -q "^[0-9]*: $s (None)" || fail "--lang en: no $s sheet"
done
ogrinfo -ro -so "$T/en/results.xlsx" 2>&1 | grep -q "概览" && fail "--lang en: Chinese sheet names"

# the plan's 干预 and 教师 sheets against summary.json and the scenario
X="$T/p/results.xlsx"
ogr2ogr -f CSV "$T/iv.csv" "$X" 干预 2>/dev/null || fail "ogr2ogr cannot read 干预"
ogr2ogr -f CSV "$T/tf.csv" "$X" 教师 2>/dev/null || fail "ogr2ogr cannot read 教师"
python3 - "$T" <<'PY' || fail "results.xlsx 干预 / 教师 differ from the plan and summary.json"
import csv, json, sys
T = sys.argv[1]
s = json.load(open(f"{T}/p/summary.json"))
iv = list(csv.DictReader(open(f"{T}/iv.csv", encoding="utf-8-sig")))
# four interventions, by year (file order within a year)
assert [(r["年份"], r["措施代码"], r["学校代码"]) for r in iv] == [
    ("2026", "expand", "S001"), ("2026", "close", "S002"), ("2027", "add_beds", "S006"),
    ("2028", "build", "N01")], [(r["年份"], r["措施代码"], r["学校代码"]) for r in iv]
e, c, b, n = iv
assert e["措施"] == "扩建" and e["学校名称"] == "城关第一小学", e
assert (e["新增教室"], e["新增校舍(平方米)"], e["新增多媒体教室"], e["新增教师"]) == ("12", "1920", "12", "20"), e
assert float(e["投资(万元)"]) == 660.5 and float(b["投资(万元)"]) == 84.25 and float(c["投资(万元)"]) == 0
assert b["新增床位"] == "120" and b["新增教室"] == "", b
assert "最近学校" in c["说明"], c
assert n["学校名称"] == "新城小学" and n["新增教室"] == "24" and float(n["投资(万元)"]) == 4800, n
total = sum(float(r["投资(万元)"]) for r in iv)
assert abs(total - s["total_cost_wan"]) < 1e-9, (total, s["total_cost_wan"])
for y in s["years"]:
    got = sum(float(r["投资(万元)"]) for r in iv if r["年份"] == str(y["year"]))
    assert abs(got - y["cost_wan"]) < 1e-9, (y["year"], got, y["cost_wan"])
# 教师: a row per year and level and a county row; every figure from summary.json
tf = list(csv.DictReader(open(f"{T}/tf.csv", encoding="utf-8-sig")))
assert len(tf) == 3 * len(s["years"]), len(tf)
area = {"城区": "urban", "镇区": "town", "乡村": "rural"}
lv = {"小学": "primary", "初中": "junior"}
flat = {"在外支教交流": "away", "期满返回": "returned", "招聘": "hired",
        "招聘·高学历": "hired_above_degree", "招聘·体艺": "hired_pe_art",
        "招聘·骨干": "hired_backbone", "退休": "retired", "低于编制下限的学校": "below_floor"}
hired = 0
for y in s["years"]:
    t = y["teachers"]
    rows = {r["学段"]: r for r in tf if r["年份"] == str(y["year"])}
    assert set(rows) == {"小学", "初中", "全县"}, rows.keys()
    for name, key in lv.items():
        L, r = t["levels"][key], rows[name]
        for a, ak in area.items():
            assert int(r["调出·" + a]) == L["moved_out"][ak] and int(r["调入·" + a]) == L["moved_in"][ak], (y["year"], name, a)
        for col, k in flat.items():
            assert int(r[col]) == L[k], (y["year"], name, col, r[col], L[k])
        assert r["专任教师总数"] == "", r
    r = rows["全县"]
    for col in list(flat) + ["调出·城区", "调入·乡村"]:
        assert int(r[col]) == int(rows["小学"][col]) + int(rows["初中"][col]), (y["year"], col)
    for col, k in {"专任教师总数": "total", "可交流教师": "eligible", "交流轮岗": "moved", "骨干交流": "backbone_moved",
                   "招聘": "hired", "退休": "retired", "在外支教交流": "away"}.items():
        assert int(r[col]) == t[k], (y["year"], col, r[col], t[k])
    hired += int(r["招聘"])
assert hired >= 20 * len(s["years"]), hired   # per_year: 20, plus the retirees replaced
PY

# ---- results.gpkg and schools.qml -----------------------------------------
G="$T/a/results.gpkg"
ogrinfo -ro -so -al "$G" >"$T/g.txt" 2>&1 || fail "ogrinfo cannot read results.gpkg: $(head -3 "$T/g.txt")"
for l in schools assignments catchments; do
    grep -q "^Layer name: $l\$" "$T/g.txt" || fail "results.gpkg lacks the layer $l"
done
n=$(ogrinfo -ro -so "$G" schools | sed -n 's/^Feature Count: //p')
[ "$n" = "$rows" ] || fail "results.gpkg schools: $n features, schools.csv $rows rows"
for f in "year: Integer" "capacity: Integer" "use: Real" "district: String" "teachers: Integer" \
         "indicators_reached: Integer" "missing_indicators: String" "compliant: Integer" \
         "distance_km: Real"; do
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
# each layer's spatial index (GDAL's R-tree): registered, one entry per
# feature, each entry's box around its feature; and no SQLite journal or
# R-tree scratch file left beside the GeoPackage
for l in schools assignments catchments; do
    nf=$(q "SELECT count(*) AS n FROM $l")
    [ "$(q "SELECT count(*) AS n FROM gpkg_extensions WHERE table_name = '$l' AND extension_name = 'gpkg_rtree_index'")" = 1 ] ||
        fail "results.gpkg $l: no gpkg_rtree_index extension"
    [ "$(q "SELECT count(*) AS n FROM rtree_${l}_geom")" = "$nf" ] || fail "results.gpkg $l: R-tree does not hold its $nf features"
    [ "$(q "SELECT count(*) AS n FROM $l t JOIN rtree_${l}_geom r ON r.id = t.fid WHERE r.minx <= ST_MinX(t.geom) AND r.maxx >= ST_MaxX(t.geom) AND r.miny <= ST_MinY(t.geom) AND r.maxy >= ST_MaxY(t.geom)")" = "$nf" ] ||
        fail "results.gpkg $l: R-tree boxes do not hold their features"
done
leftover=$(cd "$T/a" && ls -a | grep -E 'gpkg-(journal|wal|shm)$|tmp_rtree' || true)
[ -z "$leftover" ] || fail "files left beside results.gpkg: $leftover"
[ "$(q "SELECT count(*) AS n FROM schools WHERE indicators_reached < 7 AND students > 0 AND (missing_indicators IS NULL OR missing_indicators = '')")" = 0 ] ||
    fail "results.gpkg: a school short of an indicator names none missing"
[ "$(q "SELECT count(*) AS n FROM schools WHERE indicators_reached = 7 AND missing_indicators <> ''")" = 0 ] ||
    fail "results.gpkg: a school reaching all 7 indicators names one missing"
# one catchment per year, school and level with students; each contains the
# point of every origin students.csv sends there (ray casting on the WKT)
ogr2ogr -f CSV "$T/catch.csv" "$G" catchments -lco GEOMETRY=AS_WKT 2>/dev/null
ogr2ogr -f CSV "$T/vil.csv" "$T/county/villages.shp" -lco GEOMETRY=AS_XY 2>/dev/null
ogr2ogr -f CSV "$T/sch.csv" "$T/county/schools.shp" -lco GEOMETRY=AS_XY 2>/dev/null
python3 - "$T" <<'PY' || fail "catchment polygons do not cover their students' origins"
import csv, re, sys
T = sys.argv[1]
csv.field_size_limit(1 << 30)
pts = {r["id"]: (float(r["X"]), float(r["Y"])) for r in csv.DictReader(open(f"{T}/vil.csv", encoding="utf-8"))}
pts.update({"site:" + r["id"]: (float(r["X"]), float(r["Y"])) for r in csv.DictReader(open(f"{T}/sch.csv", encoding="utf-8"))})
poly = {}
for r in csv.DictReader(open(f"{T}/catch.csv", encoding="utf-8")):
    assert r["WKT"].startswith("POLYGON (("), r["WKT"][:40]
    ring = [tuple(map(float, p.split())) for p in re.findall(r"[-0-9.e]+ [-0-9.e]+", r["WKT"].split("),")[0])]
    key = (r["year"], r["school_id"], r["level"])
    assert key not in poly, key
    poly[key] = ring
def inside(p, ring):
    x, y = p
    c = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            c = not c
    return c
want, bad = set(), []
for r in csv.DictReader(open(f"{T}/a/students.csv", encoding="utf-8")):
    if not r["school_id"] or int(r["students"]) <= 0:
        continue
    key = (r["year"], r["school_id"], "小学" if int(r["grade"]) <= 6 else "初中")
    want.add(key)
    if key not in poly or not inside(pts[r["origin"]], poly[key]):
        bad.append((key, r["origin"]))
assert not bad, (len(bad), bad[:5])
assert want == set(poly), (len(want), len(poly))
print(len(poly), "catchments checked")
PY
# every .qml parses, is a QGIS style of its layer's geometry and names only
# fields of its layer; results.gpkg holds the three as default styles
python3 - "$T/a" <<'PY' || fail "the layer styles"
import re, subprocess, sys, xml.etree.ElementTree as E
d = sys.argv[1]
layers = {"schools.qml": ("schools.shp", None, 0), "assignments.qml": ("assignments.shp", None, 1),
          "results_schools.qml": ("results.gpkg", "schools", 0),
          "results_assignments.qml": ("results.gpkg", "assignments", 1),
          "results_catchments.qml": ("results.gpkg", "catchments", 2)}
for qml, (src, layer, geom) in layers.items():
    t = E.parse(f"{d}/{qml}").getroot()
    assert t.tag == "qgis", qml
    cmd = ["ogrinfo", "-ro", "-so", f"{d}/{src}"] + ([layer] if layer else ["-al"])
    info = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    fields = set(re.findall(r"^(\w+): ", info, re.M)) - {"INFO", "Geometry", "Extent", "FID", "Layer"}
    assert len(fields) >= 6, (qml, fields)
    r = t.find("renderer-v2")
    attr = r.get("attr")
    named = set(re.findall(r'"(\w+)"', attr)) | ({attr} if re.fullmatch(r"\w+", attr) else set())
    named |= {a.get("field") for a in t.iter("alias")} | {s.get("fieldName") for s in t.iter("text-style")}
    assert named and named <= fields, (qml, named - fields)
    assert {a.get("field") for a in t.iter("alias")} == fields, (qml, fields - {a.get("field") for a in t.iter("alias")})
    cats = list(t.iter("category"))
    syms = {s.get("name") for s in r.iter("symbol")}
    assert len(cats) >= 2 and {c.get("symbol") for c in cats} == syms, qml
    assert int(t.find("layerGeometryType").text) == geom, qml
    kind = {0: "marker", 1: "line", 2: "fill"}[geom]
    assert all(s.get("type") == kind for s in r.iter("symbol")), qml
    if layer:
        out = subprocess.run(["ogrinfo", "-ro", "-q", f"{d}/results.gpkg", "-sql",
                              f"SELECT styleQML FROM layer_styles WHERE f_table_name = '{layer}' "
                              "AND f_geometry_column = 'geom' AND useAsDefault = 1"],
                             capture_output=True, text=True, check=True).stdout
        assert out.count("styleQML (String) =") == 1, (layer, out[:200])
        stored = out.split("styleQML (String) = ", 1)[1].rstrip("\n")
        assert stored.strip() == open(f"{d}/{qml}", encoding="utf-8").read().strip(), layer
assert len(list(E.parse(f"{d}/schools.qml").getroot().iter("category"))) == 3
PY
echo "e2e_handoff: ok"
