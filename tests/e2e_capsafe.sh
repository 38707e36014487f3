#!/usr/bin/env bash
# A capacity-enforced plan is capacity-safe once simulated (issue 18): a
# school's own-site students (enrolled there, village not known: no
# catchment entry can name them) stay at a school the plan keeps, and a
# closed school's go where the optimiser placed them (`students_to`), not
# to the nearest kept school.
#
# Four primary schools on a line, grade 3 only: A (x 0, 80 places, 90
# students: village VA's 60 at x -3000, and 30 of its own site), B (1000,
# 260 places, VB's 190 at 500 m), C (2000, 100 places, 40 of its own site,
# no village), D (6000, 200 places, VD's 150 at 500 m). Keep 3 of 4,
# capacities enforced, p_median: B or D closed leaves a village no school
# with room, closing A costs 470,000 (student-metres), C 420,000 when A's
# own-site students may go to B (the search's model, 1,000 m each) — but
# the plan cannot move them. With them staying at A, A has 50 places for
# villages: VA (60) goes to B (4,000 m: 240,000), B then has 10 places
# left, so C's 40 go to A (2,000 m: 80,000), not to B, the nearest:
# 240,000 + 95,000 (VB) + 75,000 (VD) + 80,000 = 490,000, and in 2025 A
# holds 30 + 40 = 70 of 80, B 190 + 60 = 250 of 260, D 150. (The plan
# before this wrote catchment A: [VA] and `students_to: nearest`: A held
# 90 for 80 places.)
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin capsafe python3

cat >"$T/schools.csv" <<'EOF'
x,y,id,name,type,area,g3,capacity,teachers
500000,3400000,A,A,primary,rural,90,80,6
501000,3400000,B,B,primary,rural,190,260,12
502000,3400000,C,C,primary,rural,40,100,3
506000,3400000,D,D,primary,rural,150,200,10
EOF
cat >"$T/villages.csv" <<'EOF'
x,y,id,name,area,population,age8,school_primary,birth_rate_per1000
497000,3400000,VA,VA,rural,600,60,A,0
501000,3400500,VB,VB,rural,1900,190,B,0
506000,3400500,VD,VD,rural,1500,150,D,0
EOF
cat >"$T/s.yaml" <<'EOF'
name: capsafe
data: {schools: schools.csv, villages: villages.csv, crs: EPSG:4547}
horizon: {start: 2025, end: 2026}
assignment: catchment
optimise:
  consolidation: {year: 2025, level: primary, keep: 3, capacity: enforce, method: p_median}
EOF
"$JH" optimise "$T/s.yaml" -o "$T/o" >"$T/o.log" 2>&1 || { cat "$T/o.log"; fail "optimise failed"; exit 1; }
grep -qF "objective 490000" "$T/o.log" || fail "objective: $(grep objective "$T/o.log")"
plan=$(grep -E '^- .*(close|catchment):' "$T/o/plan.yaml")
[ "$plan" = "- {year: 2025, close: C, students_to: A}
- {year: 2025, catchment: B, level: primary, villages: [VA, VB]}
- {year: 2025, catchment: D, level: primary, villages: [VD]}" ] || fail "plan.yaml: $plan"
python3 - "$T/o" <<'PY' || fail "the plan's run"
import csv, json, sys
d = sys.argv[1]
rows = {(r["year"], r["school_id"]): r for r in csv.DictReader(open(f"{d}/schools.csv", encoding="utf-8-sig"))
        if r["level"] == "primary"}
got = {s: int(rows[("2025", s)]["students"]) for s in "ABD"}
assert got == {"A": 70, "B": 250, "D": 150}, got
assert ("2025", "C") not in rows or rows[("2025", "C")]["status"] != "open", rows.get(("2025", "C"))
# where A's students come from: its own site's 30 and C's 40, no village
src = {}
for r in csv.DictReader(open(f"{d}/students.csv", encoding="utf-8-sig")):
    if r["year"] == "2025" and r["school_id"] == "A":
        src[r["origin"]] = src.get(r["origin"], 0) + int(r["students"])
assert src == {"site:A": 30, "site:C": 40}, src
warn = [w for w in json.load(open(f"{d}/summary.json"))["plan_warnings"] if "capacity" in w]
assert warn == [], warn
PY
# the same plan run as a scenario gives the same schools
"$JH" run "$T/o/plan.yaml" -o "$T/p" --quiet >/dev/null 2>&1 || fail "plan.yaml does not run"
cmp -s "$T/o/schools.csv" "$T/p/schools.csv" || fail "plan.yaml's run differs from optimise's"
# split_villages: never changes nothing here (no village is split)
sed 's/method: p_median/method: p_median, split_villages: never/' "$T/s.yaml" >"$T/n.yaml"
"$JH" optimise "$T/n.yaml" -o "$T/n" >/dev/null 2>&1 || fail "split_villages: never failed"
cmp -s "$T/o/schools.csv" "$T/n/schools.csv" || fail "split_villages: never changed the plan"
# capacities ignored: A's own site does not count, C's students go to the
# nearest (B), VA stays at A
sed 's/capacity: enforce/capacity: ignore/' "$T/s.yaml" >"$T/i.yaml"
"$JH" optimise "$T/i.yaml" -o "$T/i" >/dev/null 2>&1 || fail "capacity: ignore failed"
grep -qF -- "- {year: 2025, close: C, students_to: nearest}" "$T/i/plan.yaml" || fail "ignore: $(grep close "$T/i/plan.yaml")"
grep -qF -- "- {year: 2025, catchment: A, level: primary, villages: [VA]}" "$T/i/plan.yaml" || fail "ignore: $(grep catchment "$T/i/plan.yaml")"
[ "$fails" -eq 0 ] || exit 1
echo "e2e_capsafe: ok"
