#!/usr/bin/env bash
# junheng sweep (issue 20) on the sample county without its projection
# table (so the birth rates drive the cohorts): a 2x2 grid gives 4 rows
# equal to 4 separate `junheng run`s; --variant re-runs one row alone as
# `junheng run` would; Monte Carlo with a fixed seed is reproducible and
# byte-identical for --jobs 1 and --jobs 2; the pass probabilities equal a
# count over the rows; bad sweep keys exit 2 naming the line.
set -euo pipefail
: "${JH:?}" "${JH_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
src="$JH_SOURCE_DIR/scenarios"
# the baseline to 2032 (births reach grade 1 at age 6), rotation written as a block, no projections.csv
sed "s|sample-county/|$src/sample-county/|; /projections:/d; /^teachers:/,\$d; s/^horizon: .*/horizon: {start: 2025, end: 2032}/; s/^name: .*/name: sw/" \
    "$src/baseline.yaml" > "$tmp/base.yaml"
variant() { # birth rate, rotation share
    cat "$tmp/base.yaml"
    printf 'rules:\n  birth_rate_per1000: {rural: %s}\nteachers:\n  rotation: {share_of_eligible: %s, backbone_share: 0.2, min_years: 6, method: rule, within: county}\n' "$1" "$2"
}
{ cat "$tmp/base.yaml"
  printf 'teachers:\n  rotation: {share_of_eligible: 0.1, backbone_share: 0.2, min_years: 6, method: rule, within: county}\n'
  printf 'sweep:\n  vary:\n    rules.birth_rate_per1000.rural: [4, 12]\n    teachers.rotation.share_of_eligible: [0.1, 0.2]\n'
} > "$tmp/grid.yaml"
"$JH" sweep "$tmp/grid.yaml" -o "$tmp/grid" --jobs 2 --quiet > /dev/null || fail "grid sweep"
i=0
for b in 4 12; do for r in 0.1 0.2; do
    variant "$b" "$r" > "$tmp/v$i.yaml"
    "$JH" run "$tmp/v$i.yaml" -o "$tmp/run$i" --quiet > /dev/null || fail "run $i"
    i=$((i + 1))
done; done
python3 - "$tmp" <<'PY' || fail "grid rows differ from the separate runs"
import csv, json, sys
tmp = sys.argv[1]
rows = list(csv.DictReader(open(f"{tmp}/grid/sweep.csv", encoding="utf-8")))
assert len(rows) == 4, len(rows)
expect_inputs = [("4", "0.1"), ("4", "0.2"), ("12", "0.1"), ("12", "0.2")]
students = []
for i, row in enumerate(rows):
    assert row["variant"] == str(i)
    assert (row["rules.birth_rate_per1000.rural"], row["teachers.rotation.share_of_eligible"]) == expect_inputs[i], row
    s = json.load(open(f"{tmp}/run{i}/summary.json"))
    last = s["years"][-1]
    for lv in ("primary", "junior", "county"):
        for sd in ("quality", "basic"):
            assert row[f"{lv}_{sd}_pass"] == ("1" if s["final_year_pass"][lv][sd] else "0"), (i, lv, sd)
            f = s["pass_from_year"][lv][sd]
            assert row[f"{lv}_{sd}_pass_from"] == ("" if f is None else str(f)), (i, lv, sd)
    for lv in ("primary", "junior"):
        m = last["levels"][lv]
        for col, key in (("compliant_schools", "schools_compliant"), ("large_classes", "large_classes"),
                         ("super_large_classes", "super_large_classes"), ("students", "students"),
                         ("unplaced", "unplaced_students")):
            assert int(row[f"{lv}_{col}"]) == m[key], (i, lv, col, row[f"{lv}_{col}"], m[key])
        for sd in ("quality", "basic"):
            assert abs(float(row[f"{lv}_{sd}_cv_mean"]) - m[sd]["cv_mean"]) < 1e-12, (i, lv, sd)
    assert abs(float(row["cost_wan"]) - s["total_cost_wan"]) < 1e-9
    students.append(int(row["primary_students"]))
# the birth rate moves the primary cohorts: 12 per 1000 gives more pupils
assert students[2] > students[0] and students[3] > students[1], students
PY
grep -q 'data-metric="pass_probability"' "$tmp/grid/sweep.html" || fail "sweep.html lacks the probability chart"
grep -q 'data-metric="quality_cv_mean"' "$tmp/grid/sweep.html" || fail "sweep.html lacks the fan charts"
# junheng run reads a scenario with a sweep block as the scenario written
"$JH" run "$tmp/grid.yaml" -o "$tmp/plain" --quiet > /dev/null || fail "run of a scenario with a sweep: block"
# one variant alone equals junheng run of the same values
"$JH" sweep "$tmp/grid.yaml" -o "$tmp/one" --variant 3 --quiet > /dev/null || fail "--variant"
cmp "$tmp/one/summary.json" "$tmp/run3/summary.json" || fail "--variant 3 differs from junheng run"
cmp "$tmp/one/metrics.csv" "$tmp/run3/metrics.csv" || fail "--variant 3 metrics differ"
"$JH" sweep "$tmp/grid.yaml" -o "$tmp/x" --variant 4 --quiet > /dev/null 2>&1 && fail "--variant 4 of 4 accepted"
# a province: a sweep file naming two scenarios runs the grid on each, the
# scenario slowest; each row equals that county's own sweep
variant 4 0.1 > "$tmp/a.yaml"
variant 4 0.1 | sed 's/^name: .*/name: sw-b/; s/^assignment: .*/assignment: nearest/' > "$tmp/b.yaml"
printf 'sweep:\n  scenarios: [a.yaml, b.yaml]\n  vary: {rules.migration_rate.rural: [-0.03, 0]}\n' > "$tmp/prov.yaml"
printf 'sweep:\n  scenarios: [b.yaml]\n  vary: {rules.migration_rate.rural: [-0.03, 0]}\n' > "$tmp/provb.yaml"
"$JH" sweep "$tmp/prov.yaml" -o "$tmp/prov" --jobs 2 --quiet > /dev/null || fail "province sweep"
"$JH" sweep "$tmp/provb.yaml" -o "$tmp/provb" --jobs 2 --quiet > /dev/null || fail "county b sweep"
[ "$(cut -d, -f2,3 "$tmp/prov/sweep.csv" | tr '\n' ' ')" = "scenario,rules.migration_rate.rural sw,-0.03 sw,0 sw-b,-0.03 sw-b,0 " ] ||
    fail "province rows: $(cut -d, -f2,3 "$tmp/prov/sweep.csv" | tr '\n' ' ')"
[ "$(tail -n 2 "$tmp/prov/sweep.csv" | cut -d, -f2-)" = "$(tail -n 2 "$tmp/provb/sweep.csv" | cut -d, -f2-)" ] ||
    fail "county b's rows differ inside the province sweep"
cmp -s <(sed -n 2,3p "$tmp/prov/sweep.csv" | cut -d, -f3-) <(sed -n 4,5p "$tmp/prov/sweep.csv" | cut -d, -f3-) &&
    fail "the two counties' assignments gave the same outcomes (test cannot tell them apart)"
# Monte Carlo: a fixed seed is reproducible and independent of --jobs
mc() { # seed
    cat "$tmp/base.yaml"
    printf 'teachers:\n  rotation: {share_of_eligible: 0.1, backbone_share: 0.2, min_years: 6, method: rule, within: county}\n'
    printf 'sweep:\n  samples: 6\n  seed: %s\n  draw:\n' "$1"
    printf '    rules.birth_rate_per1000.rural: {dist: normal, mean: 8, sd: 3, min: 2}\n'
    printf '    rules.migration_rate.rural: {dist: uniform, low: -0.04, high: -0.01}\n'
    printf '    teachers.rotation.share_of_eligible: {dist: triangular, low: 0.05, mode: 0.1, high: 0.3}\n'
}
mc 7 > "$tmp/mc.yaml"
mc 8 > "$tmp/mc8.yaml"
"$JH" sweep "$tmp/mc.yaml" -o "$tmp/mc1" --jobs 1 --quiet > /dev/null || fail "mc --jobs 1"
"$JH" sweep "$tmp/mc.yaml" -o "$tmp/mc2" --jobs 2 --quiet > /dev/null || fail "mc --jobs 2"
"$JH" sweep "$tmp/mc.yaml" -o "$tmp/mc3" --jobs 3 --quiet > /dev/null || fail "mc --jobs 3"
"$JH" sweep "$tmp/mc8.yaml" -o "$tmp/mc8" --jobs 2 --quiet > /dev/null || fail "mc seed 8"
for f in sweep.csv summary.json; do
    cmp "$tmp/mc1/$f" "$tmp/mc2/$f" || fail "$f differs between --jobs 1 and --jobs 2"
    cmp "$tmp/mc1/$f" "$tmp/mc3/$f" || fail "$f differs between --jobs 1 and --jobs 3"
done
cmp -s "$tmp/mc1/sweep.csv" "$tmp/mc8/sweep.csv" && fail "seeds 7 and 8 drew the same values"
python3 - "$tmp" <<'PY' || fail "Monte Carlo checks"
import csv, json, sys
tmp = sys.argv[1]
rows = list(csv.DictReader(open(f"{tmp}/mc1/sweep.csv", encoding="utf-8")))
assert len(rows) == 6
b = [float(r["rules.birth_rate_per1000.rural"]) for r in rows]
m = [float(r["rules.migration_rate.rural"]) for r in rows]
t = [float(r["teachers.rotation.share_of_eligible"]) for r in rows]
assert all(x >= 2 for x in b) and len(set(b)) == 6, b
assert all(-0.04 <= x <= -0.01 for x in m) and len(set(m)) == 6, m
assert all(0.05 <= x <= 0.3 for x in t) and len(set(t)) == 6, t
s = json.load(open(f"{tmp}/mc1/summary.json"))
sc = s["scenarios"][0]
assert s["variants"] == 6 and sc["variants"] == 6 and sc["years"] == list(range(2025, 2033))
for lv in ("primary", "junior", "county"):
    for sd in ("quality", "basic"):
        n = sum(r[f"{lv}_{sd}_pass"] == "1" for r in rows)
        assert abs(sc["final_year_pass_probability"][lv][sd] - n / 6) < 1e-12, (lv, sd)
        assert abs(sc["pass_probability"][lv][sd][-1] - n / 6) < 1e-12, (lv, sd)
# quantiles of the final year's primary students: type 7 over the rows
st = sorted(int(r["primary_students"]) for r in rows)
def q(p):
    h = (len(st) - 1) * p; lo = int(h)
    return st[lo] + (h - lo) * (st[min(lo + 1, len(st) - 1)] - st[lo])
qs = sc["quantiles"]["primary"]["students"]
for k, p in (("p5", .05), ("p10", .1), ("p50", .5), ("p90", .9), ("p95", .95)):
    assert abs(qs[k][-1] - q(p)) < 1e-6, (k, qs[k][-1], q(p))
assert qs["p5"][-1] <= qs["p50"][-1] <= qs["p95"][-1]
PY
# bad sweep keys: exit 2 naming the sweep file's line, no output folder
bad() { # name, expected message part, sweep lines...
    local name=$1 want=$2; shift 2
    { cat "$tmp/base.yaml"; printf 'sweep:\n'; printf '%s\n' "$@"; } > "$tmp/$name.yaml"
    set +e
    "$JH" sweep "$tmp/$name.yaml" -o "$tmp/out-$name" --quiet > /dev/null 2> "$tmp/$name.err"
    local rc=$?
    set -e
    [ "$rc" = 2 ] || fail "$name: exit $rc, expected 2"
    grep -q -- "$want" "$tmp/$name.err" || fail "$name: message '$(cat "$tmp/$name.err")' lacks '$want'"
    [ ! -e "$tmp/out-$name" ] || fail "$name: wrote an output folder"
}
n=$(($(wc -l < "$tmp/base.yaml") + 3))
bad unknown "line $n: key path rules.no_such_rate" '  vary:' '    rules.no_such_rate: [1, 2]'
bad unknown_top "line $n: key path nonsense.key" '  vary:' '    nonsense.key: [1]'
bad range "rules.birth_rate_per1000.rural" '  vary:' '    rules.birth_rate_per1000.rural: [4, abc]'
bad sd "line $((n + 2)): key sweep.draw.rules.migration_rate.rural: expected sd above 0" '  samples: 3' '  seed: 1' '  draw:' '    rules.migration_rate.rural: {dist: normal, mean: 0, sd: -0.1}'
bad dist "expected normal, uniform or triangular, got 'gauss'" '  samples: 3' '  seed: 1' '  draw:' '    rules.migration_rate.rural: {dist: gauss, mean: 0, sd: 1}'
bad noseed "draw needs seed" '  samples: 3' '  draw:' '    rules.migration_rate.rural: {dist: uniform, low: 0, high: 0.1}'
bad key "unknown key 'varry' in sweep" '  varry: {a: [1]}'
# a scenario on roads: its variants travel by road as its run does (they
# used straight lines: the sweep loaded the county without its roads)
sed "s|sample-county/|$src/sample-county/|; s/^horizon: .*/horizon: {start: 2025, end: 2027}/" "$src/by-road.yaml" > "$tmp/road.yaml"
printf 'sweep:\n  vary: {rules.class_size.primary: [45, 40]}\n' >> "$tmp/road.yaml"
sed '/^  roads:/d' "$tmp/road.yaml" > "$tmp/line.yaml"
{ sed '/^sweep:/,$d' "$tmp/road.yaml"; printf 'rules:\n  class_size: {primary: 40}\n'; } > "$tmp/road1.yaml"
"$JH" run "$tmp/road1.yaml" -o "$tmp/road1" --quiet > /dev/null || fail "run on roads"
"$JH" sweep "$tmp/road.yaml" -o "$tmp/roadv" --variant 1 --quiet > /dev/null || fail "--variant on roads"
cmp "$tmp/roadv/metrics.csv" "$tmp/road1/metrics.csv" || fail "--variant 1 on roads differs from junheng run"
"$JH" sweep "$tmp/road.yaml" -o "$tmp/roads" --jobs 2 --quiet > /dev/null || fail "sweep on roads"
"$JH" sweep "$tmp/line.yaml" -o "$tmp/lines" --jobs 2 --quiet > /dev/null || fail "sweep on straight lines"
cmp -s <(cut -d, -f3- "$tmp/roads/sweep.csv") <(cut -d, -f3- "$tmp/lines/sweep.csv") && fail "the sweep's rows on roads equal those on straight lines"
bad self "line $n: key sweep.vary: expected a key path" '  vary:' '    sweep.samples: [1, 2]'
bad twice "line $((n + 1)): key path rules.class_size.primary is varied twice (first at line $n)" '  vary:' '    rules.class_size.primary: [40]' '    rules.class_size.primary: [45]'
echo ok
