#!/usr/bin/env bash
# Construction schedule optimiser benchmark (issue 22): `junheng optimise`
# with optimise.schedule on the sample county (scenarios/programme-2028.yaml,
# 8,000 wan a year 2026-2028) and on a generated 300-school county (3,000
# wan a year). Targets on a 2-core machine: < 30 s and < 2 minutes. Prints
# the candidates, simulations, seconds and what the schedule reaches.
#   ./tools/bench_schedule.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target junheng >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # NAME SCENARIO
    local t0 t1
    t0=$(date +%s.%N)
    "$build/junheng" optimise "$2" -o "$work/$1" --quiet > "$work/$1.txt"
    t1=$(date +%s.%N)
    echo "== $1: $(echo "$t1 - $t0" | bc) s wall (outputs included)"
    sed -n '1,/quality_pass\|^scenario/p' "$work/$1.txt" | grep -v '^scenario'
}
run sample scenarios/programme-2028.yaml
"$build/junheng" generate --schools 300 --villages 3000 --seed 1 "$work/c300" >/dev/null
sed '/^teachers:/,$d' "$work/c300/baseline.yaml" > "$work/c300/programme.yaml"
cat >> "$work/c300/programme.yaml" <<'YAML'
optimise:
  schedule:
    budget_wan: {2026: 3000, 2027: 3000, 2028: 3000}
    targets: {end_large_classes_by: 2028, quality_pass_by: 2028}
YAML
run county-300 "$work/c300/programme.yaml"
