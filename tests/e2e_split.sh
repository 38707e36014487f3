#!/usr/bin/env bash
# A catchment entry's `split` (the consolidation optimiser's fallback when
# no whole-village plan exists): part of a village's students go to a
# second school, the rest stay with the village's own, and no student is
# lost; a village split over two schools keeps both parts. On the sample county, V0002 (catchment S005, about 215 children of
# primary age): 50 of its primary students go to another primary school
# from 2025; that school gains them (and the same share of the village's
# later entrants), S005 loses exactly what it gains, and the county's
# primary total is unchanged every year. A split of more students than the
# village has moves the whole village, with a plan warning giving its count.
set -euo pipefail
: "${JH:?}" "${JH_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
src="$JH_SOURCE_DIR/scenarios"
sed "s|sample-county/|$src/sample-county/|; /^interventions:/,\$d; /^teachers:/,\$d; /^optimise:/,\$d" "$src/baseline.yaml" \
    | sed 's/^horizon: .*/horizon: {start: 2025, end: 2027}/' > "$tmp/base.yaml"
{ cat "$tmp/base.yaml"; printf 'interventions:\n  - {year: 2025, catchment: S005, level: primary, villages: [V0002]}\n'; } > "$tmp/whole.yaml"
{ cat "$tmp/whole.yaml"; printf '  - {year: 2025, catchment: S006, level: primary, villages: [], split: {V0002: 50}}\n'; } > "$tmp/split.yaml"
{ cat "$tmp/whole.yaml"; printf '  - {year: 2025, catchment: S006, level: primary, villages: [], split: {V0002: 100000}}\n'; } > "$tmp/all.yaml"
{ cat "$tmp/whole.yaml"; printf '  - {year: 2025, catchment: S006, level: primary, villages: [V0002]}\n'; } > "$tmp/moved.yaml"
# a village split over two schools keeps both parts (before, the second
# replaced the first, whose 50 went back to S005)
{ cat "$tmp/split.yaml"; printf '  - {year: 2025, catchment: S007, level: primary, villages: [], split: {V0002: 30}}\n'; } > "$tmp/two.yaml"
# the part at the village's own school, its entry before the whole
# village's move to S006, and the same two entries the other way round
printf 'interventions:\n  - {year: 2025, catchment: S005, level: primary, villages: [], split: {V0002: 50}}\n  - {year: 2025, catchment: S006, level: primary, villages: [V0002]}\n' > "$tmp/pf.iv"
{ cat "$tmp/base.yaml" "$tmp/pf.iv"; } > "$tmp/partfirst.yaml"
{ cat "$tmp/base.yaml"; sed -n 1p "$tmp/pf.iv"; sed -n 3p "$tmp/pf.iv"; sed -n 2p "$tmp/pf.iv"; } > "$tmp/partlast.yaml"
cmp -s "$tmp/partfirst.yaml" "$tmp/partlast.yaml" && fail "the two orders are the same file"
for s in base whole split all moved partfirst partlast two; do
    "$JH" run "$tmp/$s.yaml" -o "$tmp/$s" --quiet > /dev/null || fail "run $s"
done
python3 - "$tmp" <<'PY' || fail "checks"
import csv, sys
tmp = sys.argv[1]
def rows(d):
    return {(r["year"], r["school_id"]): int(r["students"]) for r in csv.DictReader(open(f"{tmp}/{d}/schools.csv", encoding="utf-8-sig")) if r["level"] == "primary"}
whole, split = rows("whole"), rows("split")
for y in ("2025", "2026", "2027"):
    tw = sum(v for k, v in whole.items() if k[0] == y)
    ts = sum(v for k, v in split.items() if k[0] == y)
    assert tw == ts, ("students lost or gained", y, tw, ts)
    gain = split[(y, "S006")] - whole[(y, "S006")]
    loss = whole[(y, "S005")] - split[(y, "S005")]
    assert gain == loss, ("S006 gains what S005 loses", y, gain, loss)
    print(y, "S006 +", gain)
    if y == "2025":
        # the 50 enrolled, plus the village's share of the entrants placed after
        assert 50 <= gain <= 50 + 20, ("2025 gain", gain)
    others = {k: v for k, v in split.items() if k[0] == y and k[1] not in ("S005", "S006")}
    assert all(whole[k] == v for k, v in others.items()), ("other schools changed", y)
two = rows("two")
for y, part in (("2025", (50, 30)), ("2026", (50, 30)), ("2027", (48, 30))):
    got = tuple(two[(y, s)] - whole[(y, s)] for s in ("S006", "S007"))
    assert got == part and whole[(y, "S005")] - two[(y, "S005")] == sum(part), ("two parts", y, got)
    assert sum(v for k, v in two.items() if k[0] == y) == sum(v for k, v in whole.items() if k[0] == y), y
# a split asking more than the village has (215 primary students enrolled
# at S005 in 2025) moves all of them, and its later entrants, as a whole
# catchment entry does, and says so; a split within the village says nothing
assert rows("all") == rows("moved"), "split beyond the village != the whole village moved"
import json
def told(d):
    return [w for w in json.load(open(f"{tmp}/{d}/summary.json"))["plan_warnings"] if "split" in w]
w = told("all")
assert len(w) == 1 and "V0002 has 215 primary students enrolled elsewhere, the entry moves 100000" in w[0], w
assert "line 18" in w[0], w
assert told("split") == [] and told("moved") == [], (told("split"), told("moved"))
# a split's part is taken once the year's whole-village moves are done,
# whatever the entries' order: 50 of V0002's 215 stay at S005, 165 go to
# S006 (before, with the part's entry first, nobody moved)
base, pf = rows("base"), rows("partfirst")
assert pf == rows("partlast"), "the order of a year's catchment entries changed the result"
assert told("partfirst") == [], told("partfirst")
for y in ("2025", "2026", "2027"):
    gain, loss = pf[(y, "S006")] - base[(y, "S006")], base[(y, "S005")] - pf[(y, "S005")]
    assert gain == loss and sum(v for k, v in pf.items() if k[0] == y) == sum(v for k, v in base.items() if k[0] == y), (y, gain, loss)
    if y == "2025":
        assert 165 <= gain <= 165 + 20, ("2025: V0002 less its part of 50", gain)
PY
echo "e2e_split: ok"
