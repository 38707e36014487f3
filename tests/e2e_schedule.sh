#!/usr/bin/env bash
# junheng optimise with optimise.schedule end to end on a generated county:
# no year's spending exceeds its budget, plan.yaml reproduces the figures
# byte for byte, the year a target is reported met is the first year from
# which the plan's simulation meets it, twice the budget meets it no later,
# the same inputs give the same files, and bad requests are exit-2 errors.
set -euo pipefail
: "${JH:?}" "${JH_SOURCE_DIR:?}" "${JH_BINARY_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 12 --villages 80 --seed 3 "$tmp/c" >/dev/null
sed '/^teachers:/,$d' "$tmp/c/baseline.yaml" > "$tmp/c/base.yaml"
programme() { # NAME BUDGET
    cp "$tmp/c/base.yaml" "$tmp/c/$1.yaml"
    cat >> "$tmp/c/$1.yaml" <<YAML
optimise:
  schedule:
    budget_wan: {2026: $2, 2027: $2, 2028: $2}
    targets: {end_large_classes_by: 2027, quality_pass_by: 2028}
    max_evaluations: 120
YAML
}
programme p 1500
programme p2 3000
"$JH" optimise "$tmp/c/p.yaml" -o "$tmp/a" --quiet > "$tmp/a.txt"
for f in summary.json schedule.csv plan.yaml metrics.csv schools.csv report.html; do
    [ -f "$tmp/a/$f" ] || fail "optimise did not write $f"
done
grep -q 'end_large_classes by 2027: met from' "$tmp/a.txt" || fail "console: $(cat "$tmp/a.txt" | head -6)"
# the report shows the programme: targets, spending, a row per school built at
grep -q 'id="schedule-gantt"' "$tmp/a/report.html" || fail "report.html has no programme section"
sed -n '/id="schedule-gantt"/,/<\/table>/p' "$tmp/a/report.html" > "$tmp/gantt.html"
for s in $(awk -F, 'NR > 1 && $1 != "" {print $2}' "$tmp/a/schedule.csv" | sort -u); do
    grep -q "<tr><td class=\"text\">$s</td>" "$tmp/gantt.html" || fail "report.html: no Gantt row for $s"
done
# the plan is an ordinary scenario: its run gives the optimiser's figures
"$JH" run "$tmp/a/plan.yaml" -o "$tmp/run" --quiet >/dev/null
cmp "$tmp/a/metrics.csv" "$tmp/run/metrics.csv" || fail "plan.yaml run differs in metrics.csv"
cmp "$tmp/a/schools.csv" "$tmp/run/schools.csv" || fail "plan.yaml run differs in schools.csv"
# the same inputs give the same files
"$JH" optimise "$tmp/c/p.yaml" -o "$tmp/b" --quiet >/dev/null
for f in summary.json schedule.csv plan.yaml; do
    cmp "$tmp/a/$f" "$tmp/b/$f" || fail "a second optimise differs in $f"
done
"$JH" optimise "$tmp/c/p2.yaml" -o "$tmp/d" --quiet >/dev/null
python3 - "$tmp/a" "$tmp/run" "$tmp/d" <<'PY'
import csv, json, sys
a, run, d = sys.argv[1:4]
s = json.load(open(a + "/summary.json"))
sch = s["optimisation"]["schedule"]
def fail(m):
    print("FAIL:", m, file=sys.stderr); sys.exit(1)
# budgets: every year within its own (no carry)
for y, spend in sch["spend_wan"].items():
    if spend > sch["budget_wan"][y] + 1e-6:
        fail(f"{y}: spends {spend} of {sch['budget_wan'][y]}")
# schedule.csv: the scheduled rows sum to each year's spend and to each
# year's capital in summary.json (years[].cost.capital_wan)
# a hire's pay every programme year from its year on, a staged project's
# stages in the years from its start, other projects in their start year
rows = list(csv.DictReader(open(a + "/schedule.csv")))
if not rows:
    fail("schedule.csv is empty")
years = sorted(sch["spend_wan"])
by_year, pay_year = {}, {}
for r in rows:
    if not r["year"]:
        continue
    if float(r["pay_wan"]) > 0:
        for y in years:
            if int(y) >= int(r["in_use"]):
                by_year[y] = by_year.get(y, 0) + float(r["pay_wan"])
                pay_year[y] = pay_year.get(y, 0) + float(r["pay_wan"])
    elif r["stages_wan"]:
        for j, w in enumerate(r["stages_wan"].split(";")):
            y = str(int(r["year"]) + j)
            by_year[y] = by_year.get(y, 0) + float(w)
    else:
        by_year[r["year"]] = by_year.get(r["year"], 0) + float(r["cost_wan"])
capital = {str(y["year"]): y["cost"]["capital_wan"] for y in s["years"]}
for y, spend in sch["spend_wan"].items():
    if abs(by_year.get(y, 0) - spend) > 1e-6 or abs(capital[y] + pay_year.get(y, 0) - spend) > 1e-6 \
            or abs(sch["pay_wan"][y] - pay_year.get(y, 0)) > 1e-6:
        fail(f"{y}: schedule.csv {by_year.get(y, 0)}, spend_wan {spend}, capital {capital[y]}, pay {pay_year.get(y, 0)}")
# year_met: the first year from which the plan's own run has no large
# classes in every later year
r = json.load(open(run + "/summary.json"))
large = [(y["year"], sum(y["levels"][l]["large_classes"] + y["levels"][l]["super_large_classes"]
                          for l in y["levels"])) for y in r["years"]]
met = None
for year, n in reversed(large):
    if n:
        break
    met = year
t = sch["targets"]["end_large_classes"]
if t["year_met"] != met:
    fail(f"end_large_classes year_met {t['year_met']}, the plan's run says {met}")
if t["met"] != (met is not None and met <= t["by"]):
    fail("end_large_classes met flag")
# twice the budget: the targets are met no later
d2 = json.load(open(d + "/summary.json"))["optimisation"]["schedule"]["targets"]
for name, tt in sch["targets"].items():
    y1, y2 = tt["year_met"], d2[name]["year_met"]
    if y1 is not None and (y2 is None or y2 > y1):
        fail(f"{name}: {y1} with the budget, {y2} with twice the budget")
PY

# bad requests: exit 2, the file, line and key named, nothing written
bad() { # NAME EXPECTED-TEXT YAML-BLOCK
    cp "$tmp/c/base.yaml" "$tmp/c/$1.yaml"
    printf '%s\n' "$3" >> "$tmp/c/$1.yaml"
    set +e
    "$JH" optimise "$tmp/c/$1.yaml" -o "$tmp/out-$1" --quiet 2> "$tmp/err"
    local rc=$?
    set -e
    [ $rc -eq 2 ] || fail "$1: exit $rc, expected 2"
    grep -q -- "$2" "$tmp/err" || fail "$1: message: $(cat "$tmp/err")"
    [ ! -e "$tmp/out-$1" ] || fail "$1: wrote $tmp/out-$1"
}
bad year 'optimise.schedule.budget_wan: expected a year within the horizon' \
    'optimise: {schedule: {budget_wan: {2040: 100}, targets: {end_large_classes_by: 2027}}}'
bad notarget 'optimise.schedule.targets: expected at least one of' \
    'optimise: {schedule: {budget_wan: 100, targets: {}}}'
bad key 'unknown key' \
    'optimise: {schedule: {budget_wan: 100, budget: 3, targets: {end_large_classes_by: 2027}}}'
bad negative 'optimise.schedule.budget_wan: expected a number >= 0' \
    'optimise: {schedule: {budget_wan: -5, targets: {end_large_classes_by: 2027}}}'
bad both 'expected one of consolidation, schedule' \
    'optimise: {consolidation: {year: 2026, keep: 5}, schedule: {budget_wan: 100, targets: {end_large_classes_by: 2027}}}'
echo ok
