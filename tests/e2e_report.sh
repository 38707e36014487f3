#!/usr/bin/env bash
# e2e_report: `junheng run` and `junheng compare` on a copy of the sample
# county whose school S001 is named <script>alert(1)</script> in a GBK
# layer, over six years with that school closed in 2027. Checks what a
# planner gets: summary.json's shape, the result layers read by ogrinfo
# (feature counts, the hostile name back as text, the closure), report.html
# rendered by headless Chromium (every school on the map, every year, the
# charts, the name escaped, no URL in the file) and the comparison naming
# both scenarios. The Chromium part is skipped, saying so, only when
# chromium is missing.
set -euo pipefail
: "${JH:?JH must name the junheng binary}" "${JH_SOURCE_DIR:?}"
T=$(mktemp -d /tmp/jh_e2e_report-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
count() { grep -o -- "$1" "$2" | wc -l; }
SRC=$JH_SOURCE_DIR/scenarios/sample-county
HOSTILE='<script>alert(1)</script>'

mkdir -p "$T/county"
ogr2ogr -lco ENCODING=GBK "$T/county/schools.shp" "$SRC/schools.shp"
ogrinfo -q "$T/county/schools.shp" -dialect SQLite \
    -sql "UPDATE schools SET name='$HOSTILE' WHERE id='S001'" >/dev/null
cp "$SRC"/villages.* "$SRC"/townships.* "$T/county/"
for f in projections.csv teachers.csv; do [ -f "$SRC/$f" ] && cp "$SRC/$f" "$T/county/"; done
grep -qi gbk "$T/county/schools.cpg" || fail "the test layer is not GBK"

extra=""
[ -f "$T/county/projections.csv" ] && extra+="  projections: county/projections.csv"$'\n'
[ -f "$T/county/teachers.csv" ] && extra+="  teachers: county/teachers.csv"$'\n'
for name in hostile-close keep-all; do
    {
        echo "name: $name"
        echo "data:"
        echo "  schools: county/schools.shp"
        echo "  villages: county/villages.shp"
        echo "  boundaries: county/townships.shp"
        printf '%s' "$extra"
        echo "  crs: EPSG:4547"
        echo "horizon: {start: 2025, end: 2030}"
        echo "standard: quality"
        if [ "$name" = hostile-close ]; then
            echo "interventions:"
            echo "  - {year: 2027, close: S001, students_to: nearest}"
        fi
    } > "$T/$name.yaml"
done

"$JH" run "$T/hostile-close.yaml" -o "$T/out" --quiet > "$T/run.txt" || fail "junheng run failed"
for f in summary.json metrics.csv schools.csv report.html schools.shp schools.dbf schools.shx \
         schools.prj schools.cpg assignments.shp assignments.dbf assignments.prj assignments.cpg; do
    [ -s "$T/out/$f" ] || fail "missing $f"
done
ls "$T" | grep -q 'out\.tmp-' && fail "a temporary folder was left"

# summary.json: six years, both levels, the contract keys
python3 - "$T/out/summary.json" <<'PY' || fail "summary.json shape"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["scenario"] == "hostile-close"
years = [y["year"] for y in s["years"]]
assert years == list(range(2025, 2031)), years
for y in s["years"]:
    for lv in ("primary", "junior"):
        L = y["levels"][lv]
        for std, n in (("quality", 7), ("basic", 8)):
            assert len(L[std]["cv"]) == n and isinstance(L[std]["pass"], bool)
            assert "cv_mean" in L[std]
        for k in ("students", "schools", "schools_compliant", "large_classes",
                  "super_large_classes", "mean_distance_km", "share_beyond_distance",
                  "unplaced_students"):
            assert k in L, k
    assert set(("total", "eligible", "moved", "backbone_moved", "hired", "retired")) <= set(y["teachers"])
assert sum(y["schools_closed"] for y in s["years"]) == 1
assert set(s["first_pass_year"]["primary"]) == {"quality", "basic"}
PY

# result layers
n_in=$(ogrinfo -al -so "$T/county/schools.shp" | sed -n 's/^Feature Count: //p')
n_out=$(ogrinfo -al -so "$T/out/schools.shp" | sed -n 's/^Feature Count: //p')
[ "$n_out" = "$n_in" ] || fail "schools.shp has $n_out features, the county $n_in"
n_assign=$(ogrinfo -al -so "$T/out/assignments.shp" | sed -n 's/^Feature Count: //p')
[ "$n_assign" -gt 0 ] || fail "assignments.shp is empty"
ogrinfo -al -so "$T/out/assignments.shp" | grep -q "Line String" || fail "assignments are not lines"
ogrinfo -al -so "$T/out/schools.shp" | grep -q "CGCS2000" || fail "schools.prj is not the working CRS"
ogrinfo -al -q "$T/out/schools.shp" -where "id = 'S001'" > "$T/s001.txt"
grep -qF "name (String) = $HOSTILE" "$T/s001.txt" || fail "S001's name did not survive as text"
grep -qF "status (String) = closed" "$T/s001.txt" || fail "S001 is not closed in schools.shp"

# report.html: self-contained, rendered
R="$T/out/report.html"
grep -qE 'https?://' "$R" && fail "report.html holds a URL"
# two inline scripts, the map's (zoom, pan, year selector) and the school
# table's (year, sort, filter), and the table's JSON data block: no source,
# no request
[ "$(count '<script' "$R")" = 3 ] && [ "$(count '<script>' "$R")" = 2 ] \
    && [ "$(count '<script type="application/json" id="schools-data">' "$R")" = 1 ] \
    || fail "report.html: not the two inline scripts and the data block"
# the hostile name cannot end the data block
python3 - "$R" <<'PY' || fail "the data block is not JSON or lets a name out"
import json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r'<script type="application/json" id="schools-data">(.*?)</script>', html, re.S).group(1)
assert "<" not in block and ">" not in block, "raw < or > in the data block"
d = json.loads(block)
assert "<script>alert(1)</script>" in [s[1] for s in d["schools"]]
PY
grep -qE 'fetch\(|XMLHttpRequest|src=' "$R" && fail "report.html requests something"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$R" || fail "the hostile name is not escaped"
if ! command -v chromium >/dev/null 2>&1; then
    echo "SKIPPED: chromium is not installed; report.html was not rendered"
else
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --user-data-dir="$T/profile" --dump-dom "file://$R" > "$T/dom.html" 2>/dev/null \
        || fail "chromium could not render report.html"
    [ "$(count '<script' "$T/dom.html")" = 3 ] || fail "a <script> element other than the page's own is in the DOM"
    grep -q '<script>alert' "$T/dom.html" && fail "the hostile name became an element"
    # the per-school table drew the final year's rows, the name as text
    grep -q '<tr class="school-row" data-id="S002">' "$T/dom.html" || fail "the school table drew no rows"
    grep -qF '<td class="text">&lt;script&gt;alert(1)&lt;/script&gt;</td>' "$T/dom.html" \
        || fail "the hostile name is not text in the school table"
    grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$T/dom.html" || fail "hostile name not shown as text"
    n_cand=$(ogrinfo -q "$T/out/schools.shp" -sql "SELECT COUNT(*) AS n FROM schools WHERE status = 'candidate'" \
             | sed -n 's/.*n (Integer) = //p')
    n_closed=$(ogrinfo -q "$T/out/schools.shp" -sql "SELECT COUNT(*) AS n FROM schools WHERE status = 'closed'" \
             | sed -n 's/.*n (Integer) = //p')
    # the planning map (issue 16): every school in the final year, S001 as
    # a closure, one label per open school, the four townships underneath,
    # a catchment per school and level as results.gpkg has them
    n_map=$(count '<g class="school sym" data-year="2030"' "$T/dom.html")
    [ "$n_map" = "$((n_out - ${n_cand:-0}))" ] || fail "map has $n_map schools, expected $((n_out - ${n_cand:-0}))"
    [ "$(count '<g class="school sym" data-year="2025"' "$T/dom.html")" = "$n_map" ] || fail "the base year's map lacks schools"
    grep -qF 'data-year="2030" data-status="closed" data-compliant="closed" data-students="0" data-id="S001"' "$T/dom.html" \
        || fail "S001 not closed on the map"
    n_open=$((n_out - ${n_cand:-0} - ${n_closed:-0}))
    n_labels=$(count '<text class="label sym" data-year="2030"' "$T/dom.html")
    [ "$n_labels" = "$n_open" ] || fail "map has $n_labels labels, $n_open open schools"
    grep -q '<text class="label sym" data-year="2030"[^>]*data-id="S001"' "$T/dom.html" && fail "the closed S001 is labelled"
    [ "$(count '<path class="boundary"' "$T/dom.html")" = 4 ] || fail "the four townships are not on the map"
    grep -qF '<path class="boundary" data-name="城关镇"' "$T/dom.html" || fail "township name lost"
    n_catch=$(ogrinfo -q "$T/out/results.gpkg" -sql "SELECT COUNT(*) AS n FROM catchments WHERE year = 2030" \
             | sed -n 's/.*n (Integer) = //p')
    [ "$(count '<path class="catchment" data-year="2030"' "$T/dom.html")" = "$n_catch" ] \
        || fail "map catchments differ from results.gpkg's $n_catch"
    grep -q 'id="north-arrow"' "$T/dom.html" || fail "no north arrow"
    # the map's script ran to its end: it set the view and the label visibility
    grep -qF '<g id="map-view" transform="translate(0 0) scale(1)">' "$T/dom.html" || fail "the map's script did not run"
    grep -q '<text class="label sym" data-year="2030" data-z="1"[^>]*visibility="visible"' "$T/dom.html" \
        || fail "no label shows at full extent"
    grep -q '<aside class="map-legend"' "$T/dom.html" || fail "no legend beside the map"
    for y in 2025 2026 2027 2028 2029 2030; do
        [ "$(count "<tr data-year=\"$y\">" "$T/dom.html")" -ge 5 ] || fail "year $y missing from the tables"
    done
    [ "$(count '<svg class="chart"' "$T/dom.html")" -ge 9 ] || fail "charts missing"
    grep -q 'id="scale-bar"' "$T/dom.html" || fail "no scale bar"
    # the plan (issue 16): the closure in the interventions table, the name as text
    grep -qF '<tr class="intervention year-start" data-year="2027" data-kind="close" data-cost="0" data-id="S001">' \
        "$T/dom.html" || fail "the closure of S001 is not in the interventions table"
    grep -qF 'S001 &lt;script&gt;alert(1)&lt;/script&gt;' "$T/dom.html" || fail "the closed school's name not escaped in the plan"
    [ "$(count '<td data-metric="posts_short"' "$T/dom.html")" = 12 ] || fail "needs table: not a row per year and level"
    # the plan warnings once, in Chinese on this page
    [ "$(count 'id="plan-warnings"' "$T/dom.html")" = 1 ] || fail "the plan warnings appear more than once"
    grep -q '<li class="plan-warning">[^<]*over ' "$T/dom.html" && fail "a plan warning in English on the zh page"
    grep -q 'pe_art_per100 [0-9]' "$T/dom.html" && fail "a verdict reason quotes an indicator key"
    true
fi

# a boundary layer that is not areas: exit 2 naming the file and the record
sed 's|county/townships.shp|county/villages.shp|' "$T/keep-all.yaml" > "$T/bad-boundaries.yaml"
set +e
"$JH" run "$T/bad-boundaries.yaml" -o "$T/bad" --quiet > /dev/null 2> "$T/bad.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "points as boundaries: exit $rc, expected 2"
grep -q 'villages.shp: record 1: geometry: expected an area (polygon), got a Point' "$T/bad.txt" \
    || fail "points as boundaries: $(cat "$T/bad.txt")"
[ -e "$T/bad" ] && fail "a folder was written for bad boundaries"

# plan_check's warnings in the plan panel, once each, in Chinese: an
# expansion that adds nothing and a closure whose students_to school does
# not teach primary
sed '/^interventions:/,$d' "$T/hostile-close.yaml" > "$T/plan-check.yaml"
printf '%s\n' "interventions:" "  - {year: 2027, expand: S002}" \
    "  - {year: 2027, close: S003, students_to: S010}" >> "$T/plan-check.yaml"
"$JH" run "$T/plan-check.yaml" -o "$T/pc" --quiet > /dev/null 2>&1 || fail "the plan-check run failed"
[ "$(count '<li class="plan-warning">[^<]*S002)：2027 年的扩建没有增加任何内容' "$T/pc/report.html")" = 1 ] \
    || fail "the empty expansion is not in the plan panel once"
[ "$(count '<li class="plan-warning">2027 年撤并 [^<]*(S003)，学生转入 [^<]*(S010)：该校（初中）不设小学' "$T/pc/report.html")" = 1 ] \
    || fail "the students_to warning is not in the plan panel once"
grep -q 'line [0-9]*: expand S002 in 2027 adds nothing' "$T/pc/summary.json" || fail "summary.json lost the plan_check warning"

# comparison
"$JH" compare "$T/keep-all.yaml" "$T/hostile-close.yaml" -o "$T/cmp" --quiet > /dev/null || fail "compare failed"
for n in keep-all hostile-close; do
    grep -q "^$n,2030,primary,quality.cv_mean," "$T/cmp/comparison.csv" || fail "comparison.csv lacks $n"
    grep -qF ">$n<" "$T/cmp/comparison.html" || fail "comparison.html lacks $n"
    [ -s "$T/cmp/$n/summary.json" ] || fail "no run folder for $n"
done
grep -qE 'https?://' "$T/cmp/comparison.html" && fail "comparison.html holds a URL"
# the bundled plans (issue 16): end-large-classes' sixteen interventions in
# its report; the comparison marks its large classes best and gives the
# difference against the baseline as summary.json has it
B=$JH_SOURCE_DIR/scenarios
"$JH" compare "$B/baseline.yaml" "$B/end-large-classes.yaml" -o "$T/cmp2" --quiet > /dev/null \
    || fail "compare of the bundled plans failed"
E="$T/cmp2/end-large-classes-2028"
n_iv=$(count '<tr class="intervention' "$E/report.html")
[ "$n_iv" = 16 ] || fail "end-large-classes: $n_iv intervention rows, expected 16"
python3 - "$B/end-large-classes.yaml" "$E/report.html" <<'PY' || fail "end-large-classes: the timeline misses an intervention"
import re, sys, yaml
sc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
html = open(sys.argv[2], encoding="utf-8").read()
rows = re.findall(r'<tr class="intervention[^"]*" data-year="(\d+)" data-kind="(\w+)" data-cost="([^"]*)" data-id="([^"]*)">', html)
kinds = ("close", "merge", "convert", "expand", "build", "keep", "add_beds", "catchment")
want = []
for iv in sc["interventions"]:
    kind = next(k for k in kinds if k in iv)
    v = iv[kind]
    sid = v["id"] if kind == "build" else (v if isinstance(v, str) else v[0])
    want.append((str(iv["year"]), kind, "%g" % float(iv.get("cost_wan", 0)), sid))
got = [(y, k, "%g" % float(c), i) for y, k, c, i in rows]
assert sorted(got) == sorted(want), (sorted(set(want) - set(got)), sorted(set(got) - set(want)))
PY
# the Gantt strip: one row per school the plan touches (14 expanded, the
# new N01, whose catchment is on its row), a bar per intervention
python3 - "$B/end-large-classes.yaml" "$E/report.html" <<'PY' || fail "end-large-classes: the Gantt strip"
import re, sys, yaml
sc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
html = open(sys.argv[2], encoding="utf-8").read()
want = set()
for iv in sc["interventions"]:
    if "expand" in iv: want.add(iv["expand"])
    if "build" in iv: want.add(iv["build"]["id"])
    if "catchment" in iv: want.add(iv["catchment"])
rows = re.findall(r'<g class="gantt-row" data-id="([^"]*)">', html)
assert len(rows) == len(set(rows)) == len(want) == 15 and set(rows) == want, (rows, want)
bars = re.findall(r'<g class="gantt-bar" data-kind="(\w+)" data-year="(\d+)" data-cost="([^"]*)">', html)
assert len(bars) == len(sc["interventions"]) == 16, len(bars)
# S005's bar: 2026, 18 classrooms and 990 wan in its label
s005 = html[html.index('<g class="gantt-row" data-id="S005">'):]
s005 = s005[:s005.index('</g>\n</g>')]
assert 'data-year="2026"' in s005 and "+18 教室 990 万元" in s005, s005
PY
# the per-school table's data: a row per school and level of schools.csv
# in every year, the figures of schools.csv (S006 and the new N01 checked
# figure by figure)
python3 - "$E/report.html" "$E/schools.csv" <<'PY' || fail "end-large-classes: the per-school table's data"
import csv, json, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(re.search(r'<script type="application/json" id="schools-data">(.*?)</script>', html, re.S).group(1))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
levels = ["primary", "junior"]
ids = [s[0] for s in d["schools"]]
years = sorted({r["year"] for r in rows})
assert sorted(d["rows"]) == years, (sorted(d["rows"]), years)
for y in years:
    want = sorted((r["school_id"], r["level"]) for r in rows if r["year"] == y)
    got = sorted((ids[r[0]], levels[r[1]]) for r in d["rows"][y] if r[2] != 3)
    assert got == want, (y, set(want) ^ set(got))
n01 = [r for r in d["rows"]["2028"] if ids[r[0]] == "N01"]
assert len(n01) == 1 and n01[0][2] == 2, n01  # status new
for sid, y in (("S006", "2030"), ("N01", "2035")):
    c = next(r for r in rows if r["school_id"] == sid and r["year"] == y and r["level"] == "primary")
    r = next(r for r in d["rows"][y] if ids[r[0]] == sid and r[1] == 0)
    assert r[6] == int(c["students"]) and r[7] == int(c["classes"]), (sid, r, c)
    assert r[8] == int(c["large_classes"]) + int(c["super_large_classes"]), (sid, r, c)
    assert r[9] == int(c["classes_over_standard"]) and r[10] == int(c["classrooms_needed"]), (sid, r, c)
    assert abs(r[11] - float(c["teachers"])) < 0.051 and abs(r[12] - float(c["posts_needed"])) < 0.051, (sid, r, c)
    assert r[13] == int(c["indicators_reached"]) and r[14] == int(c["compliant"]), (sid, r, c)
    assert len(r[15]) == 7 - int(c["indicators_reached"]), (sid, r, c)
# S006 expanded in 2026: "expanded" from then, 18 classrooms fewer before
s6 = {y: next(r for r in d["rows"][y] if ids[r[0]] == "S006") for y in ("2025", "2026")}
assert s6["2025"][2] == 0 and s6["2026"][2] == 1 and s6["2026"][3] - s6["2025"][3] == 18, s6
PY
grep -qF 'data-year="2026" data-kind="expand" data-cost="990" data-id="S005">' "$E/report.html" \
    || fail "end-large-classes: S005's expansion (990 wan) not listed"
grep -qF 'data-year="2028" data-kind="build" data-cost="9600" data-id="N01">' "$E/report.html" \
    || fail "end-large-classes: the new school N01 (9600 wan) not listed"
diff_large=$(python3 - "$T/cmp2/baseline/summary.json" "$E/summary.json" <<'PY'
import json, sys
def large(p):
    L = json.load(open(p))["years"][-1]["levels"]
    return sum(L[l]["large_classes"] + L[l]["super_large_classes"] for l in ("primary", "junior"))
print(large(sys.argv[2]) - large(sys.argv[1]))
PY
)
[ "$diff_large" -lt 0 ] || fail "end-large-classes removes no large class ($diff_large)"
C=$T/cmp2/comparison.html
if command -v chromium >/dev/null 2>&1; then
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --user-data-dir="$T/profile" --dump-dom "file://$C" > "$T/cdom.html" 2>/dev/null \
        || fail "chromium could not render comparison.html"
    C=$T/cdom.html
fi
row=$(sed -n '/<tr data-row="large_classes">/,/<\/tr>/p' "$C" | tr -d '\n' | sed 's|</tr>.*||')
grep -qF "<td class=\"best\" data-scenario-index=\"1\"" <<<"$row" \
    || fail "comparison: the large-class row does not mark end-large-classes best: $row"
grep -qF "data-diff=\"$diff_large\"" <<<"$row" \
    || fail "comparison: the large-class difference is not $diff_large: $row"
grep -qF 'data-best-scenario="1"' "$C" || fail "comparison: end-large-classes not named the better plan"
for key in schools_compliant.primary schools_compliant.junior large_classes total_cost_wan idle_building_m2; do
    r=$(sed -n "/<tr data-row=\"$key\">/,/<\/tr>/p" "$C" | tr -d '\n' | sed 's|</tr>.*||')
    [ "$(grep -o 'data-scenario-index="[0-9]*"' <<<"$r" | sort -u | tr '\n' ' ')" = 'data-scenario-index="0" data-scenario-index="1" ' ] \
        || fail "comparison: row $key has not one column per scenario: $r"
done
echo "e2e_report: ok ($n_out schools, $n_assign assignment lines)"
