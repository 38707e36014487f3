#!/usr/bin/env bash
# Simulation benchmark (issue 4): generated counties of 300 schools / 3,000
# villages and 20,000 schools / 200,000 villages, ten years each.
# Targets on a 2-core machine: < 0.2 s and < 20 s / 4 GiB.
#   ./tools/bench_simulation.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target junheng bench_simulation >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in "300 3000" "20000 200000"; do
    set -- $size
    dir="$work/county-$1"
    "$build/junheng" generate --schools "$1" --villages "$2" --seed 1 "$dir" >/dev/null
    "$build/bench_simulation" "$dir/baseline.yaml" 3
done
