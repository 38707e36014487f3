#!/usr/bin/env bash
# e2e_migration (issue 13) on a county not in the repository
# (`junheng generate --schools 150 --villages 1500 --seed 21`, with
# projections.csv), read from students.csv (every year's students by
# origin village, school and grade) and summary.json:
# - with the projection table (migration.enrolled: follow, the default):
#   per village and grade, students + unplaced equal the projected age
#   counts within 1 every year, the base year included (own-site students
#   given to the villages short of their count, a warning says how many);
#   no student counted twice: the county's students are the table's
#   children plus the own-site students no village lacks (a warning names
#   the schools), and those never grow; with internal migration beside the
#   table as well (the table already holds migration: a warning, and the
#   same students); the yearly change is counted (students_arrived -
#   students_left = the villages' change less grade 9 leaving plus grade 1
#   entering);
# - with enrolled: keep_share, a base-year cohort keeps the share of its
#   village's projected children the schools reported in 2025, within 1;
# - internal migration (rural -0.03 to urban, no projection table): the
#   rural schools' continuing students (grades 2-6 and 8-9 against last
#   year's 1-5 and 7-8) fall about 3% a year, leavers equal arrivals, and
#   the county's students equal the run without migration every year;
# - external migration (rural -0.01) takes about 1% of the rural schools'
#   continuing students a year out of the county; at -0.02 everywhere, 2%
#   of the county's;
# - every run: every student counted once each year (this year's students
#   = last year's - grade 9 + grade 1 + arrived - left + inflow);
# - migrant children (inflow) are counted per level and year;
# - bad input: destination shares not summing to 1, a migration table
#   naming an unknown village, a negative count, an age of 15 exit 2 naming
#   the file, the line and the field.
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin migration python3

"$JH" generate --schools 150 --villages 1500 --seed 21 "$T/c" >/dev/null 2>&1 || fail "generate"
C=$T/c
"$JH" run "$C/baseline.yaml" -o "$T/proj" >"$T/proj.out" 2>&1 || fail "run with projections"
{ sed 's/^name: .*/name: keep/' "$C/baseline.yaml"; echo 'migration: {enrolled: keep_share}'; } >"$C/keep.yaml"
{ sed 's/^name: .*/name: projint/' "$C/baseline.yaml"
  echo 'migration: {internal: {rural: -0.03}, destinations: {urban: 1}}'; } >"$C/projint.yaml"
"$JH" run "$C/keep.yaml" -o "$T/keep" --quiet >/dev/null 2>&1 || fail "run keep_share"
"$JH" run "$C/projint.yaml" -o "$T/projint" >"$T/projint.out" 2>&1 || fail "run projections + internal"
grep -q "change nothing: projections.csv gives every village" "$T/projint.out" ||
  fail "no warning for rates beside a full projection table: $(grep -i migration "$T/projint.out")"
python3 - "$C/projections.csv" "$T" 2025 <<'PY' || fail "students follow the projection table"
import csv, collections, json, re, sys
proj = collections.defaultdict(float)
for r in csv.DictReader(open(sys.argv[1])):
    proj[(r['village_id'], int(r['year']), int(r['age']))] = float(r['population'])
T, start = sys.argv[2], int(sys.argv[3])
def load(name):
    st = collections.defaultdict(int)
    site = collections.Counter()
    for r in csv.DictReader(open(f'{T}/{name}/students.csv', encoding="utf-8-sig")):
        if not r['origin'].startswith('site:'):
            st[(r['origin'], int(r['year']), int(r['grade']))] += int(r['students'])
        else:
            site[int(r['year'])] += int(r['students'])
    load.site = site
    return st, {y['year']: y['levels'] for y in json.load(open(f'{T}/{name}/summary.json'))['years']}
vill = sorted(set(k[0] for k in proj))
st, lv = load('proj')
site = load.site
out = open(f'{T}/proj.out').read()
given = int(re.search(r'(\d+) students of the base year \(\d+ primary, \d+ junior\) are beyond their catchment', out).group(1))
kept = int(re.search(r'(\d+) students of the base year \(\d+ primary, \d+ junior\) are beyond the children[^(]*\((S\d+ \d+)', out).group(1))
# seed 21: 1,344 given to villages, 1,346 kept at 36 schools' sites, 90 at
# special schools
assert given > 1000 and 1000 < kept <= site[start] <= kept + 200, (given, kept, site[start])
worst = 0
for y in range(start, start + 11):
    # every student once: the villages' students are the table's children
    # (within rounding), the rest are the own-site students no village lacks
    villages = sum(n for (v, yy, g), n in st.items() if yy == y)
    table = sum(proj.get((v, y, a), 0.0) for v in vill for a in range(6, 15))
    assert abs(villages - table) <= 1, (y, villages, table, site[y])
    assert y == start or site[y] <= site[y - 1], (y, site[y], site[y - 1])
    for v in vill:
        for g in range(1, 10):
            s, p = st.get((v, y, g), 0), proj.get((v, y, g + 5), 0.0)
            worst = max(worst, abs(s - p))
            assert abs(s - p) <= 1, (v, y, g, s, p)
    if y == start:
        continue
    # the villages' students change by entrants - grade 9 + arrivals - leavers
    before = sum(st.get((v, y - 1, g), 0) for v in vill for g in range(1, 10))
    now = sum(st.get((v, y, g), 0) for v in vill for g in range(1, 10))
    g9 = sum(st.get((v, y - 1, 9), 0) for v in vill)
    g1 = sum(st.get((v, y, 1), 0) for v in vill)
    moved = sum(l['students_arrived'] - l['students_left'] for l in lv[y].values())
    assert now == before - g9 + g1 + moved, (y, now, before, g9, g1, moved)
si, _ = load('projint')
assert si == st, 'internal migration beside a full table changed the students'
sk, _ = load('keep')
new = old = 0
for y in range(start, start + 11):
    for v in vill:
        for g in range(1, 10):
            s, p = sk.get((v, y, g), 0), proj.get((v, y, g + 5), 0.0)
            if y - (g - 1) > start:
                new += 1
                assert abs(s - p) <= 1, (v, y, g, s, p)
            else:
                g0 = g - (y - start)
                s0, p0 = sk.get((v, start, g0), 0), proj.get((v, start, g0 + 5), 0.0)
                if p0 > 0:
                    old += 1
                    assert abs(s - s0 / p0 * p) <= 1, (v, y, g, s, s0, p0, p)
assert new == 81000 and old > 50000, (new, old)
print(f"follow: max |students - projected| per village and grade 2025-2035 = {worst}; "
      f"own-site {site[start]} in 2025 ({given} given to villages, {kept} kept), {site[start + 1]} in 2026")
PY

# the same county without its projection table, with and without migration
grep -v 'projections:' "$C/baseline.yaml" | sed '/^teachers:/,$d' >"$C/none.yaml"
{ sed 's/^name: .*/name: internal/' "$C/none.yaml"
  echo 'migration: {internal: {rural: -0.03}, destinations: {urban: 1}}'; } >"$C/internal.yaml"
{ sed 's/^name: .*/name: external/' "$C/none.yaml"
  echo 'migration: {external: {rural: -0.01}}'
  echo 'inflow: [{per_year: true, area: urban, grades: {1: 40, 4: 20, 8: 10}, public_share: 0.85}]'; } >"$C/external.yaml"
{ sed 's/^name: .*/name: extall/' "$C/none.yaml"
  echo 'migration: {external: {urban: -0.02, town: -0.02, rural: -0.02}}'; } >"$C/extall.yaml"
for s in none internal external extall; do
  "$JH" run "$C/$s.yaml" -o "$T/$s" --quiet >/dev/null 2>&1 || fail "run $s"
done
python3 - "$T" <<'PY' || fail "internal and external migration"
import csv, json, collections, sys
T = sys.argv[1]
grades = {}
def load(name):
    rural = collections.defaultdict(int); tot = collections.defaultdict(int)
    grade = grades[name] = collections.defaultdict(int)
    for r in csv.DictReader(open(f'{T}/{name}/students.csv', encoding="utf-8-sig")):
        y, g, n = int(r['year']), int(r['grade']), int(r['students'])
        tot[y] += n
        grade[(y, g)] += n
        if r['school_area'] == 'rural':
            rural[(y, g)] += n
    s = json.load(open(f'{T}/{name}/summary.json'))
    lv = {y['year']: y['levels'] for y in s['years']}
    return rural, tot, lv
def continuing(rural, y):
    return (sum(rural[(y, g)] for g in (2, 3, 4, 5, 6, 8, 9)),
            sum(rural[(y - 1, g)] for g in (1, 2, 3, 4, 5, 7, 8)))
r0, t0, l0 = load('none')
ri, ti, li = load('internal')
re_, te, le = load('external')
for y in range(2026, 2036):
    now, before = continuing(r0, y)
    assert now == before, ('no migration', y, now, before)
    now, before = continuing(ri, y)
    assert 0.960 <= now / before <= 0.980, ('internal', y, now / before)
    assert ti[y] == t0[y], ('internal conserves', y, ti[y], t0[y])
    left = sum(l['students_left'] for l in li[y].values())
    arrived = sum(l['students_arrived'] for l in li[y].values())
    assert left == arrived and left > 500, ('internal leavers arrive', y, left, arrived)
    now, before = continuing(re_, y)
    assert 0.985 <= now / before <= 0.995, ('external', y, now / before)
    left = sum(l['students_left'] for l in le[y].values())
    arrived = sum(l['students_arrived'] for l in le[y].values())
    assert arrived == 0 and 200 <= left <= 400, ('external leaves the county', y, left, arrived)
    # 40 x 0.85 = 34 and 20 x 0.85 = 17 primary, 10 x 0.85 = 8.5 junior (8 or 9)
    assert le[y]['primary']['inflow'] == 51, le[y]['primary']
    assert le[y]['junior']['inflow'] in (8, 9), le[y]['junior']
    assert le[y]['primary']['inflow_private'] == 9, le[y]['primary']
_, ta, la = load('extall')
for y in range(2026, 2036):
    # 2% of every continuing student leaves the county (grade 7 included:
    # the whole county); the own-site students (no village) do not move
    g = grades['extall']
    now, before = sum(g[(y, k)] for k in range(2, 10)), sum(g[(y - 1, k)] for k in range(1, 9))
    assert 0.978 <= now / before <= 0.984, ('external everywhere', y, now / before)
    left = sum(l['students_left'] for l in la[y].values())
    assert abs(left - 0.02 * before) <= 0.1 * 0.02 * before, ('external leavers', y, left, before)
# every student counted once each year: last year's students less grade 9,
# plus grade 1 (entrants and grade-1 migrant children), plus arrivals less
# leavers, plus migrant children above grade 1 (external: 34 of the 51
# primary inflow are in grade 1)
load('proj')
for name, lvs in (('proj', None), ('none', l0), ('internal', li), ('external', le), ('extall', la)):
    if lvs is None:
        lvs = {y['year']: y['levels'] for y in json.load(open(f'{T}/{name}/summary.json'))['years']}
    g = grades[name]
    for y in range(2026, 2036):
        tot = lambda yy: sum(g[(yy, k)] for k in range(1, 10))
        inflow = sum(l['inflow'] for l in lvs[y].values()) - (34 if name == 'external' else 0)
        moved = sum(l['students_arrived'] - l['students_left'] for l in lvs[y].values())
        assert tot(y) == tot(y - 1) - g[(y - 1, 9)] + g[(y, 1)] + moved + inflow, (name, y)
print("conservation: every year of proj, none, internal, external, extall")
PY

# bad input: exit 2 naming the file, the line and the field
expect_bad() { # scenario-tail table-text what...
  local name=$1 tail=$2 table=$3; shift 3
  { sed "s/^name: .*/name: $name/" "$C/none.yaml"; printf '%s\n' "$tail"; } >"$C/$name.yaml"
  [ -n "$table" ] && printf '%s' "$table" >"$C/$name.csv"
  "$JH" validate "$C/$name.yaml" >"$T/$name.out" 2>&1
  local rc=$?
  [ "$rc" = 2 ] || fail "$name: exit $rc, expected 2"
  for w in "$@"; do grep -q -- "$w" "$T/$name.out" || fail "$name: message lacks '$w': $(cat "$T/$name.out")"; done
}
expect_bad shares 'migration: {internal: {rural: -0.03}, destinations: {urban: 0.7, town: 0.2}}' '' \
  shares.yaml "line 13" "migration.destinations" "summing to 1"
expect_bad unknown 'data_migration: x' '' unknown.yaml "data_migration"
V=$(python3 -c "import csv;print(next(csv.DictReader(open('$C/projections.csv')))['village_id'])")
for case in "nosuch:NOPE,urban,2027,8,5:line 2:from_village" "negative:$V,urban,2027,8,-5:line 2:count" \
            "age:$V,urban,2027,15,5:line 2:age"; do
  IFS=: read -r name row line field <<<"$case"
  sed "s|^  crs:|  migration: $name.csv\n  crs:|" "$C/none.yaml" | sed "s/^name: .*/name: $name/" >"$C/$name.yaml"
  printf 'from_village,to_area,year,age,count\n%s\n' "$row" >"$C/$name.csv"
  "$JH" validate "$C/$name.yaml" >"$T/$name.out" 2>&1
  rc=$?
  [ "$rc" = 2 ] || fail "$name: exit $rc, expected 2"
  for w in "$name.csv" "$line" "column $field"; do
    grep -q -- "$w" "$T/$name.out" || fail "$name: message lacks '$w': $(cat "$T/$name.out")"
  done
done

[ "$fails" = 0 ] && echo "e2e_migration: all passed"
exit "$fails"
