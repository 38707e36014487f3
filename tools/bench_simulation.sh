#!/usr/bin/env bash
# Simulation benchmark (issue 4): generated counties of 300 schools / 3,000
# villages and 20,000 schools / 200,000 villages, ten years each.
# Targets on a 2-core machine: < 0.2 s and < 20 s / 4 GiB.
# Then the teacher rotation rule (models/workforce_rotation.c) where it
# weighs most: a 1,500-school county at the generated 10% county-wide and at
# 20% within districts (its neutral exchanges). Its first version took ~40 s
# a run on each; now ~1 s more than the same county without rotation.
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
dir="$work/county-rotation"
"$build/junheng" generate --schools 1500 --villages 15000 --seed 1 --no-projections "$dir" >/dev/null
sed '/^teachers:/,$d' "$dir/baseline.yaml" >"$dir/rotation-20-district.yaml"
echo 'teachers: {rotation: {share_of_eligible: 0.20, within: district}}' >>"$dir/rotation-20-district.yaml"
for s in baseline rotation-20-district; do
    echo "rotation: $s"
    "$build/bench_simulation" "$dir/$s.yaml" 3
done
