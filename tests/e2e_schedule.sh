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

# listed candidates: a staged expansion in use a year after its start, a
# new school at a candidate site, one at x/y, a hire; only these (no auto)
cp "$tmp/c/base.yaml" "$tmp/c/l.yaml"
cat >> "$tmp/c/l.yaml" <<'YAML'
interventions:
  - {year: 2026, build: {id: C3, type: primary, x: 499700, y: 3404600, classrooms: 12}, candidate: true, cost_wan: 1500}
optimise:
  schedule:
    budget_wan: {2026: 600, 2027: 600, 2028: 600}
    targets: {end_large_classes_by: 2028, quality_pass_by: 2028}
    candidates:
      - {school: S001, kind: expand, classrooms: 8, cost_wan: 480, lead_years: 1, stages: [240, 240]}
      - {school: S002, classrooms: 6, cost_wan: 330}
      - {kind: new_school, site: C3, lead_years: 2, stages: [500, 500, 500]}
      - {kind: new_school, id: N1, x: 499200, y: 3400500, classrooms: 18, cost_wan: 2600}
      - {school: S011, kind: hire, teachers: 2, t_pe_art: 2}
YAML
"$JH" optimise "$tmp/c/l.yaml" -o "$tmp/l" --quiet > "$tmp/l.txt"
grep -q 'construction schedule: 5 candidate projects' "$tmp/l.txt" || fail "listed: $(head -3 "$tmp/l.txt")"
"$JH" run "$tmp/l/plan.yaml" -o "$tmp/lrun" --quiet >/dev/null
cmp "$tmp/l/metrics.csv" "$tmp/lrun/metrics.csv" || fail "listed: plan.yaml run differs in metrics.csv"
python3 - "$tmp/l" <<'PY'
import csv, json, sys
d = sys.argv[1]
def fail(m):
    print("FAIL: listed:", m, file=sys.stderr); sys.exit(1)
sch = json.load(open(d + "/summary.json"))["optimisation"]["schedule"]
rows = {r["school"]: r for r in csv.DictReader(open(d + "/schedule.csv"))}
if set(rows) != {"S001", "S002", "C3", "N1", "S011"}:
    fail(f"candidates {sorted(rows)}")
for y, w in sch["spend_wan"].items():
    if w > sch["budget_wan"][y] + 1e-6:
        fail(f"{y} spends {w}")
# C3 needs its three stages in 2026-2028: it starts in 2026 or not at all;
# N1 (2,600 wan) never fits a 600 wan year
if rows["C3"]["year"] not in ("", "2026") or rows["N1"]["year"] != "":
    fail(f"C3 {rows['C3']['year']}, N1 {rows['N1']['year']}")
plan = open(d + "/plan.yaml").read()
s1 = rows["S001"]
if s1["year"]:
    y = int(s1["year"])
    if s1["in_use"] != str(y + 1) or s1["stages_wan"] != "240;240":
        fail(f"S001 {s1}")
    # the first stage spends only, the second adds the rooms
    for line in (f"- {{year: {y}, expand: S001, cost_wan: 240, stage: 1}}",
                 f"- {{year: {y + 1}, expand: S001, classrooms: 8, cost_wan: 240, stage: 2}}"):
        if line not in plan:
            fail(f"plan.yaml lacks {line}")
h = rows["S011"]
if h["year"]:
    if f"hire: S011, teachers: 2, t_pe_art: 2" not in plan or float(h["pay_wan"]) != 20:
        fail("the hire is not in plan.yaml with its pay")
t = sch["targets"]["end_large_classes"]
if t["met"] and t["uncovered"]:
    fail("met but uncovered")
if not t["met"] and not t["why"]:
    fail("not met and no why")
PY
# auto: a new school at the scenario's candidate site is a candidate too
cp "$tmp/c/base.yaml" "$tmp/c/a.yaml"
cat >> "$tmp/c/a.yaml" <<'YAML'
interventions:
  - {year: 2026, build: {id: C3, type: primary, x: 499700, y: 3404600, classrooms: 12}, candidate: true, cost_wan: 1500}
optimise:
  schedule:
    budget_wan: 2000
    targets: {end_large_classes_by: 2028}
    candidates: auto
YAML
"$JH" optimise "$tmp/c/a.yaml" -o "$tmp/a" --quiet > "$tmp/a.txt"
python3 - "$tmp/a" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = [r for r in csv.DictReader(open(d + "/schedule.csv")) if r["school"] == "C3"]
if len(rows) != 1 or rows[0]["project"] != "new_school" or float(rows[0]["cost_wan"]) != 1500:
    print("FAIL: auto: the candidate site C3 is not one new_school candidate of 1500 wan:", rows, file=sys.stderr)
    sys.exit(1)
sch = json.load(open(d + "/summary.json"))["optimisation"]["schedule"]
for y, w in sch["spend_wan"].items():
    if w > sch["budget_wan"][y] + 1e-6:
        print(f"FAIL: auto: {y} spends {w}", file=sys.stderr); sys.exit(1)
PY
# a listed candidate at a school the scenario closes, an unknown school,
# stages not summing to the cost, a negative lead time: exit 2
lbad() { # NAME EXPECTED-TEXT CANDIDATE [INTERVENTIONS]
    bad "$1" "$2" "${4:-}
optimise:
  schedule:
    budget_wan: 600
    targets: {end_large_classes_by: 2028}
    candidates:
      - $3"
}
lbad closed "line 21: optimise.schedule.candidates.school: 'S012' is closed" \
    '{school: S012, classrooms: 2, cost_wan: 110}' \
    'interventions:
  - {year: 2027, close: S012, students_to: nearest}'
lbad unknown "line 20: optimise.schedule.candidates.school: unknown school 'S999'" \
    '{school: S999, classrooms: 2, cost_wan: 110}'
lbad stages 'line 20: key optimise.schedule.candidates.stages: expected stages summing to cost_wan (110)' \
    '{school: S002, classrooms: 2, cost_wan: 110, stages: [50, 50]}'
lbad lead 'optimise.schedule.candidates.lead_years: expected a whole number between 0 and 30' \
    '{school: S002, classrooms: 2, cost_wan: 110, lead_years: -1}'
lbad cost 'optimise.schedule.candidates.cost_wan: expected a number >= 0' \
    '{school: S002, classrooms: 2, cost_wan: -110}'
lbad site "optimise.schedule.candidates.site: expected the id of a build entry with candidate: true" \
    '{kind: new_school, site: C9, cost_wan: 100}'
echo ok
