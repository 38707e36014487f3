#!/usr/bin/env bash
# The optimiser's plans do not depend on the machine's load (issue 18,
# item 3): every stopping rule counts work (moves, evaluations, pairs
# visited by the bound), the clock only when the scenario sets
# time_limit_s. The same requests are solved on an idle machine and again
# beside CPU hogs (one per core, so the optimiser gets a fraction of a
# core), and every output file must be the same byte for byte: a
# capacitated OR-Library instance (the proof of optimality included), an
# uncapacitated one, and a generated county consolidated with capacities
# enforced (the constrained, phased search), and a p-median with
# capacities on a county of 1,200 villages (above 1,000 clients: the
# capacitated assignment of large instances, fac_caplocal.c).
set -euo pipefail
: "${JH:?}" "${JH_SOURCE_DIR:?}" "${JH_BINARY_DIR:?}"
orlib="$JH_BINARY_DIR/bench_orlib"
fix="$JH_SOURCE_DIR/tests/fixtures/orlib"
tmp=$(mktemp -d)
hogs=()
cleanup() {
    for h in "${hogs[@]}"; do kill "$h" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$orlib" convert "$fix/pmedcap1_1.txt" "$tmp/cap" >/dev/null
"$orlib" convert "$fix/pmed1.txt" "$tmp/unc" >/dev/null
"$JH" generate --schools 60 --villages 600 --seed 3 --end 2028 "$tmp/county" >/dev/null
{
    grep -v '^name:' "$tmp/county/baseline.yaml"
    echo 'name: load-check'
    echo 'optimise:'
    echo '  consolidation: {year: 2026, level: primary, close_at_most: 6, capacity: enforce, seed: 4}'
} > "$tmp/county/consolidate.yaml"
"$JH" generate --schools 120 --villages 1200 --seed 3 --end 2026 --no-projections "$tmp/large" >/dev/null
{
    grep -v '^name:' "$tmp/large/baseline.yaml"
    echo 'name: load-check-large'
    echo 'optimise:'
    echo '  consolidation: {year: 2025, level: primary, keep: 90, capacity: enforce, method: p_median, seed: 4}'
} > "$tmp/large/consolidate.yaml"

solve() { # run label
    "$JH" optimise "$tmp/cap/scenario.yaml" -o "$tmp/$1/cap" --quiet >/dev/null
    "$JH" optimise "$tmp/unc/scenario.yaml" -o "$tmp/$1/unc" --quiet >/dev/null
    "$JH" optimise "$tmp/county/consolidate.yaml" -o "$tmp/$1/county" --quiet >/dev/null
    "$JH" optimise "$tmp/large/consolidate.yaml" -o "$tmp/$1/large" --quiet >/dev/null
}

solve idle
# the capacitated instance is solved and proven: objective = bound = 713
grep -q '"objective": 713' "$tmp/idle/cap/summary.json" || fail "pmedcap1_1: objective is not 713"
grep -q '"lower_bound": 713' "$tmp/idle/cap/summary.json" || fail "pmedcap1_1: optimum not proven"
grep -q '"lower_bound": 5819' "$tmp/idle/unc/summary.json" || fail "pmed1: optimum not proven"
[ -f "$tmp/idle/county/plan.yaml" ] || fail "county: no plan.yaml"
[ -f "$tmp/idle/large/plan.yaml" ] || fail "large: no plan.yaml"

n=$(nproc 2>/dev/null || echo 2)
for _ in $(seq 1 "$n"); do
    sh -c 'while :; do :; done' &
    hogs+=("$!")
done
solve loaded
for h in "${hogs[@]}"; do kill "$h" 2>/dev/null || true; done
hogs=()

for run in cap unc county large; do
    a="$tmp/idle/$run" b="$tmp/loaded/$run"
    n_files=0
    while IFS= read -r f; do
        n_files=$((n_files + 1))
        cmp -s "$a/$f" "$b/$f" || fail "$run: $f differs under load"
    done < <(cd "$a" && find . -type f | sort)
    [ "$n_files" -ge 3 ] || fail "$run: only $n_files files written"
    [ "$(cd "$a" && find . -type f | sort)" = "$(cd "$b" && find . -type f | sort)" ] \
        || fail "$run: not the same files under load"
done
echo "e2e_optimise_load: plans identical under load"
