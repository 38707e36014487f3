#!/usr/bin/env bash
# Closures, mergers and conversions as they happen (issue 12), on the
# sample county: a closed school's teachers follow its students to the
# schools that receive them; a merger with campus: close adds nothing to
# the receiving site and leaves the absorbed buildings idle (and warns when
# the sites are beyond the distance limit); a conversion's junior part
# starts with grade 7; capital on a school closed later is a warning.
set -euo pipefail
: "${JH:?}" "${JH_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
src="$JH_SOURCE_DIR/scenarios"
head_of() { sed "s|sample-county/|$src/sample-county/|; /^interventions:/,\$d; /^teachers:/,\$d; /^optimise:/,\$d" "$src/baseline.yaml"; }
head_of | sed 's/^horizon: .*/horizon: {start: 2025, end: 2029}/' > "$tmp/base.yaml"
{ cat "$tmp/base.yaml"; printf 'interventions:\n  - {year: 2025, close: S063}\n'; } > "$tmp/close.yaml"
{ cat "$tmp/base.yaml"; printf 'interventions:\n  - {year: 2025, expand: S110, classrooms: 2, cost_wan: 110}\n  - {year: 2026, merge: [S091, S110], into: S091, campus: close}\n'; } > "$tmp/merge.yaml"
{ cat "$tmp/base.yaml"; printf 'interventions:\n  - {year: 2026, convert: S063, to: nine_year, classrooms: 6, teachers: 8, cost_wan: 330}\n  - {year: 2026, convert: S085, to: nine_year}\n'; } > "$tmp/convert.yaml"
for s in base close merge convert; do
    "$JH" run "$tmp/$s.yaml" -o "$tmp/$s" --quiet > /dev/null || fail "run $s"
done
python3 - "$tmp" "$src/sample-county/schools.shp" <<'PY' || fail "checks"
import csv, json, subprocess, sys
tmp, layer = sys.argv[1], sys.argv[2]
lay = {r["id"]: r for r in csv.DictReader(subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", layer], capture_output=True, text=True).stdout.splitlines())}
def rows(d):
    return {(r["year"], r["school_id"], r["level"]): r for r in csv.DictReader(open(f"{tmp}/{d}/schools.csv", encoding="utf-8-sig"))}
base, close, merge, conv = rows("base"), rows("close"), rows("merge"), rows("convert")
# 1. teachers follow students: in 2025 the closed school's teachers are
# spread over the schools that took its students, in proportion
t63 = float(base[("2025", "S063", "primary")]["teachers"])
gain = {k[1]: float(r["teachers"]) - float(base[k]["teachers"]) for k, r in close.items()
        if k[0] == "2025" and k[2] == "primary" and k in base and float(r["teachers"]) != float(base[k]["teachers"])}
sgain = {k[1]: int(r["students"]) - int(base[k]["students"]) for k, r in close.items()
         if k[0] == "2025" and k[2] == "primary" and k in base and r["students"] != base[k]["students"]}
assert abs(sum(gain.values()) - t63) < 1e-6, ("teachers lost", gain, t63)
assert len(gain) >= 2, ("teachers went to one school only", gain, sgain)
tot = sum(sgain.values())
for s, g in gain.items():
    assert abs(g - t63 * sgain[s] / tot) <= 1.0, ("not in proportion", s, g, sgain[s], tot)
# 2. merge campus: close: S091 keeps its own building (per student x students)
r = merge[("2026", "S091", "primary")]
b = float(r["quality_building_m2_per_student"]) * int(r["students"])
assert abs(b - float(lay["S091"]["building_m"] if "building_m" in lay["S091"] else lay["S091"]["building_m2"])) < 1.0, ("S091 building changed", b)
sm = json.load(open(f"{tmp}/merge/summary.json"))
assert [i["school"] for i in sm["idle_premises"]] == ["S110"], sm["idle_premises"]
assert sm["idle_premises"][0]["classrooms"] == int(lay["S110"]["classrooms"]) + 2
assert any("merge of S110 into S091" in w and "beyond the distance limit" in w for w in sm["plan_warnings"]), sm["plan_warnings"]
assert any("expand of S110 in 2025" in w and "closes in 2026" in w for w in sm["plan_warnings"]), sm["plan_warnings"]
# 3. conversion: the junior part starts with grade 7 and grows a grade a year
j = [int(conv.get((str(y), "S063", "junior"), {"students": 0})["students"]) for y in (2026, 2027, 2028)]
assert 0 < j[0] < j[1] < j[2], ("junior part not phased", j)
assert float(conv[("2026", "S063", "junior")]["teachers"]) >= 8, conv[("2026", "S063", "junior")]["teachers"]
sc = json.load(open(f"{tmp}/convert/summary.json"))
assert any("convert S085" in w and "no junior teachers" in w for w in sc["plan_warnings"]), sc["plan_warnings"]
assert not any("convert S063" in w for w in sc["plan_warnings"])
assert sc["years"][1]["cost_wan"] == 330, sc["years"][1]["cost_wan"]
PY
echo "e2e_consolidation: ok"
