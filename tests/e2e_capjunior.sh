#!/usr/bin/env bash
# A primary-level consolidation that closes a nine-year school closes its
# junior part too: with capacities enforced its junior students get places
# at junior schools with room (catchment entries of level junior for its
# villages, `junior_to` on its close entry for its own site's), or the
# school is not closed and the optimiser says why.
#
# On a line (y 3,400,000): N nine-year at x 500,000 (200 places: 40
# primary from VN, 60 junior: VN's 50 and 10 of its own site), P primary
# at 501,000 (200 places, VP's 100), J1 junior at 501,500 (100 places,
# VJ1's 80: room 20), J2 junior at 504,000 (200 places, VJ2's 50: room
# 150); VN and VP 500 m north of N and P. Keep 1 primary school: keeping P
# costs 40 x 1,118 + 100 x 500 = 94,721 student-metres, keeping N 131,803,
# so N closes. Its junior students by the assignment rule (the nearest
# junior school) would all go to J1: 80 + 60 = 140 for 100 places. With
# places: VN (50) does not fit J1's 20, so J2 (4,031 m) takes it (100 of
# 200); the site's 10 fit J1 (1,500 m; 90 of 100). With J2 at 60 places
# (room 10) VN's 50 fit nowhere: N stays open and the plan says so.
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin capjunior python3

write_county() {   # $1: J2's capacity
    cat >"$T/schools.csv" <<EOF
x,y,id,name,type,area,g3,g8,capacity,teachers
500000,3400000,N,N,nine_year,rural,40,60,200,8
501000,3400000,P,P,primary,rural,100,0,200,8
501500,3400000,J1,J1,junior,rural,0,80,100,8
504000,3400000,J2,J2,junior,rural,0,50,$1,8
EOF
    cat >"$T/villages.csv" <<'EOF'
x,y,id,name,area,population,age8,age13,school_primary,school_junior,birth_rate_per1000
500000,3400500,VN,VN,rural,900,40,50,N,N,0
501000,3400500,VP,VP,rural,1000,100,0,P,,0
501500,3400500,VJ1,VJ1,rural,800,0,80,,J1,0
504000,3400500,VJ2,VJ2,rural,500,0,50,,J2,0
EOF
}
scen() {   # $1: file, $2: extra consolidation keys
    cat >"$1" <<EOF
name: capjunior
data: {schools: schools.csv, villages: villages.csv, crs: EPSG:4547}
horizon: {start: 2025, end: 2026}
assignment: catchment
optimise:
  consolidation: {year: 2025, level: primary, keep: 1, capacity: enforce$2}
EOF
}
# students per school and year (both levels), from schools.csv
held() { python3 - "$1" <<'PY'
import csv, sys
t = {}
for r in csv.DictReader(open(f"{sys.argv[1]}/schools.csv", encoding="utf-8-sig")):
    if r["status"] in ("open", "new"):
        k = (r["year"], r["school_id"])
        t[k] = t.get(k, 0) + int(r["students"])
print(" ".join(f"{y}:{s}={n}" for (y, s), n in sorted(t.items())))
PY
}

write_county 200
for method in p_median constrained; do
    extra=""; [ $method = p_median ] && extra=", method: p_median"
    scen "$T/$method.yaml" "$extra"
    "$JH" optimise "$T/$method.yaml" -o "$T/$method" >"$T/$method.log" 2>&1 || { cat "$T/$method.log"; fail "$method: optimise failed"; continue; }
    grep -qE -- "^- \{year: 2025, close: N, students_to: [A-Za-z0-9]+, junior_to: J1\}$" "$T/$method/plan.yaml" ||
        fail "$method: close entry: $(grep close "$T/$method/plan.yaml")"
    grep -qF -- "- {year: 2025, catchment: J2, level: junior, villages: [VN]}" "$T/$method/plan.yaml" ||
        fail "$method: junior catchment: $(grep catchment "$T/$method/plan.yaml")"
    got=$(held "$T/$method")
    [ "$got" = "2025:J1=90 2025:J2=100 2025:P=140 2026:J1=90 2026:J2=100 2026:P=140" ] || fail "$method: held: $got"
    grep -q "over capacity" "$T/$method/summary.json" && fail "$method: $(grep -o '"[^"]*over capacity[^"]*"' "$T/$method/summary.json")"
    # plan.yaml runs as a scenario to the same schools
    "$JH" run "$T/$method/plan.yaml" -o "$T/$method-run" --quiet >/dev/null 2>&1 || fail "$method: plan.yaml does not run"
    cmp -s "$T/$method/schools.csv" "$T/$method-run/schools.csv" || fail "$method: plan.yaml's run differs"
done

# no junior room for VN: N is not closed, and the note says why
write_county 60
scen "$T/full.yaml" ", method: p_median"
"$JH" optimise "$T/full.yaml" -o "$T/full" >"$T/full.log" 2>&1 || { cat "$T/full.log"; fail "full: optimise failed"; }
grep -q "close" "$T/full/plan.yaml" && fail "full: closes: $(grep close "$T/full/plan.yaml")"
grep -qF "N not closed in 2025: its junior students from village VN (50 in 2025) find no junior school with places for them" "$T/full/summary.json" ||
    fail "full: no note: $(grep -o 'kept_for_other_level.*' "$T/full/summary.json" | head -c 300)"
grep -qF "1 two-level schools the layout closed stay open" "$T/full.log" || fail "full: console: $(cat "$T/full.log")"
got=$(held "$T/full")
[ "$got" = "2025:J1=80 2025:J2=50 2025:N=100 2025:P=100 2026:J1=80 2026:J2=50 2026:N=100 2026:P=100" ] || fail "full: held: $got"

# capacities ignored: as before, N's junior students by the assignment rule
sed 's/capacity: enforce/capacity: ignore/' "$T/full.yaml" >"$T/ign.yaml"
"$JH" optimise "$T/ign.yaml" -o "$T/ign" >/dev/null 2>&1 || fail "ignore: optimise failed"
grep -qF -- "- {year: 2025, close: N, students_to: nearest}" "$T/ign/plan.yaml" || fail "ignore: $(grep close "$T/ign/plan.yaml")"
grep -qE "junior_to|level: junior" "$T/ign/plan.yaml" && fail "ignore: $(grep -E "junior_to|level: junior" "$T/ign/plan.yaml")"

# a junior-level request closing N: its primary students (VN's 30 and its
# own site's 10) go to P (100 + 40 = 140 of 200), named by primary_to and
# a primary catchment entry; J1 (200 places) takes VN's 30 juniors: 110
mkdir -p "$T/jr"
cat >"$T/jr/schools.csv" <<'EOF'
x,y,id,name,type,area,g3,g8,capacity,teachers
500000,3400000,N,N,nine_year,rural,40,30,200,8
501000,3400000,P,P,primary,rural,100,0,200,8
500300,3400000,J1,J1,junior,rural,0,80,200,8
EOF
cat >"$T/jr/villages.csv" <<'EOF'
x,y,id,name,area,population,age8,age13,school_primary,school_junior,birth_rate_per1000
500000,3400500,VN,VN,rural,900,30,30,N,N,0
501000,3400500,VP,VP,rural,1000,100,0,P,,0
500300,3400500,VJ1,VJ1,rural,800,0,80,,J1,0
EOF
scen "$T/jr/s.yaml" ", method: p_median"
sed -i 's/level: primary, keep: 1/level: junior, keep: 1/' "$T/jr/s.yaml"
"$JH" optimise "$T/jr/s.yaml" -o "$T/jr/o" >"$T/jr/o.log" 2>&1 || fail "junior request: optimise failed"
grep -qF -- "- {year: 2025, close: N, students_to: nearest, primary_to: P}" "$T/jr/o/plan.yaml" ||
    fail "junior request: $(grep close "$T/jr/o/plan.yaml")"
grep -qF -- "- {year: 2025, catchment: P, level: primary, villages: [VN]}" "$T/jr/o/plan.yaml" ||
    fail "junior request: $(grep catchment "$T/jr/o/plan.yaml")"
got=$(held "$T/jr/o")
[ "$got" = "2025:J1=110 2025:P=140 2026:J1=110 2026:P=140" ] || fail "junior request: held: $got"

# a close entry's junior_to must name a school (file, line, field; exit 2)
cat >"$T/bad.yaml" <<'EOF'
name: bad
data: {schools: schools.csv, villages: villages.csv, crs: EPSG:4547}
horizon: {start: 2025, end: 2026}
interventions:
  - {year: 2025, close: N, students_to: P, junior_to: NOPE}
EOF
"$JH" run "$T/bad.yaml" -o "$T/bad" >"$T/bad.log" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad junior_to: exit $rc"
grep -q "line 5.*junior_to.*NOPE" "$T/bad.log" || fail "bad junior_to: $(cat "$T/bad.log")"
[ -e "$T/bad" ] && fail "bad junior_to: output written"
[ "$fails" -eq 0 ] || exit 1
echo "e2e_capjunior: ok"
