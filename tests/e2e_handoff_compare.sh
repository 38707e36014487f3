#!/usr/bin/env bash
# comparison.xlsx of `junheng compare` (issue 17): GDAL's XLSX driver reads
# it back with a key-outcome sheet whose rows are comparison.html's key
# table (same keys, same values, differences against the first scenario)
# and one sheet per scenario — named so Excel accepts it, unique — whose
# figures equal comparison.csv's and summary.json's.
set -euo pipefail
: "${JH:?}"
. "$(dirname "$0")/lib_e2e.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 30 --villages 300 --seed 11 "$T/county" >/dev/null
B="$T/county/baseline.yaml"
sed -i 's/end: 2035/end: 2028/' "$B"
mk() { variant "$1" "$T/county/$2" "${@:3}"; } # name file interventions...
mk plan plan.yaml "{year: 2026, expand: S001, classrooms: 12, building_m2: 1920, cost_wan: 660.5}" \
    "{year: 2026, close: S002, students_to: nearest}"
mk plan plan-again.yaml "{year: 2027, add_beds: S006, beds: 120, cost_wan: 84.25}"
mk '计划:甲[试]/?*' odd.yaml "{year: 2026, expand: S006, classrooms: 6, cost_wan: 300}"
"$JH" compare "$B" "$T/county/plan.yaml" "$T/county/plan-again.yaml" "$T/county/odd.yaml" \
    -o "$T/cmp" --quiet >/dev/null || fail "compare failed"
"$JH" compare "$B" "$T/county/plan.yaml" -o "$T/en" --lang en --quiet >/dev/null || fail "compare --lang en failed"
X="$T/cmp/comparison.xlsx"
[ -s "$X" ] || fail "no comparison.xlsx"
ogrinfo -ro -so "$X" >"$T/x.txt" 2>&1 || fail "ogrinfo cannot read comparison.xlsx: $(head -3 "$T/x.txt")"
sheets=$(sed -n 's/^[0-9]*: \(.*\) (None)$/\1/p' "$T/x.txt" | paste -sd'|')
[ "$sheets" = "关键结果|baseline|plan|plan-3|计划_甲_试____" ] || fail "comparison.xlsx sheets: $sheets"
ogrinfo -ro -so "$T/en/comparison.xlsx" | grep -q "^1: Key outcomes (None)" || fail "--lang en: no Key outcomes sheet"
ogr2ogr -f CSV "$T/key.csv" "$X" 关键结果 2>/dev/null
for s in baseline plan-3; do ogr2ogr -f CSV "$T/$s.csv" "$X" "$s" 2>/dev/null; done
python3 - "$T" <<'PY' || fail "comparison.xlsx differs from comparison.html / comparison.csv / summary.json"
import csv, html, json, re, sys
T = sys.argv[1]
page = open(f"{T}/cmp/comparison.html", encoding="utf-8").read()
table = re.search(r'<table id="outcome-table">(.*?)</table>', page, re.S).group(1)
want = []
for key, body in re.findall(r'<tr data-row="([^"]+)">(.*?)</tr>', table, re.S):
    vals = re.findall(r'data-scenario-index="(\d+)" data-value="([^"]*)"', body)
    want.append((key, [v for _, v in vals]))
key = list(csv.reader(open(f"{T}/key.csv", encoding="utf-8-sig")))
head, rows = key[0], key[1:]
n = 4
assert head[1] == "代码" and head[2] == "baseline（基准）" and head[3:6] == ["plan", "plan-3", "计划:甲[试]/?*"], head
assert head[6] == "plan 较基准" and len(head) == 2 + n + n - 1, head
assert [r[1] for r in rows] == [k for k, _ in want], ([r[1] for r in rows], [k for k, _ in want])
checked = 0
for r, (k, vals) in zip(rows, want):
    assert len(vals) == n, (k, vals)
    for i in range(n):
        cell, v = r[2 + i], vals[i]
        if k.startswith("pass_from_year") and v == "0":
            assert cell == "期末未达标", (k, i, cell)
            continue
        if v == "":
            assert cell == "", (k, i, cell)
            continue
        assert abs(float(cell) - float(v)) <= 1e-5 * max(1, abs(float(v))), (k, i, cell, v)
        checked += 1
        if i and not k.startswith("pass_from_year") and vals[0] != "":
            d = r[2 + n + i - 1]
            assert abs(float(d) - (float(cell) - float(r[2]))) <= 1e-9 * max(1, abs(float(cell))), (k, i, d)
assert checked > 60, checked
cost = {r[1]: r for r in rows}["total_cost_wan"]
for i, folder in enumerate(["baseline", "plan", "plan-3", "计划:甲[试]_?*"]):
    s = json.load(open(f"{T}/cmp/{folder}/summary.json"))
    assert abs(float(cost[2 + i]) - s["total_cost_wan"]) < 1e-9, (folder, cost[2 + i], s["total_cost_wan"])
assert float(cost[3]) == 660.5 and float(cost[4]) == 84.25 and float(cost[5]) == 300, cost
# the scenario sheets: 概览 of each run, figures equal comparison.csv's
long = {}
for r in csv.DictReader(open(f"{T}/cmp/comparison.csv", encoding="utf-8")):
    long[(r["scenario"], r["year"], r["level"], r["metric"])] = r["value"]
level = {"小学": "primary", "初中": "junior"}
# two scenarios named plan: comparison.csv's later rows (the second plan,
# sheet and folder plan-3) are the ones kept in `long`
for sheet, scen in [("baseline", "baseline"), ("plan-3", "plan")]:
    rows = list(csv.DictReader(open(f"{T}/{sheet}.csv", encoding="utf-8-sig")))
    assert len(rows) == 4 * 2, (sheet, len(rows))
    for r in rows:
        y, l = r["年份"], level[r["学段"]]
        for col, m in [("在校生", "students"), ("达标学校", "schools_compliant"),
                       ("优质均衡差异系数均值", "quality.cv_mean"), ("大班额", "large_classes")]:
            v = long[(scen, y, l, m)]
            assert abs(float(r[col]) - float(v)) <= 1e-5 * max(1, abs(float(v))), (sheet, y, l, col, r[col], v)
        c = long[(scen, y, "all", "cost_wan")]
        assert abs(float(r["投入(万元)"]) - float(c)) < 1e-9, (sheet, y, r["投入(万元)"], c)
PY
echo "e2e_handoff_compare: ok"
