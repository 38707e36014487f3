#!/usr/bin/env bash
# bench_province: a province sweep (issue 20, item 5): C generated counties of
# 300 schools / 3,000 villages (seeds 5, 6, ...; no projection table, so the
# drawn birth rate drives the cohorts), S Monte Carlo samples each, one
# `junheng sweep` over the list with --jobs J. Prints CPU seconds, the peak
# memory of one process, and what 1,000 samples a county would keep: the
# only per-variant memory a sweep holds is its row (6,584 bytes on x86-64,
# engine/sim/sweep.h), so the peak grows by rows x that size.
#   tools/bench_province.sh [C=20] [S=50] [J=2] [JUNHENG=build/junheng]
set -euo pipefail
c=${1:-20}
s=${2:-50}
j=${3:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
jh=${4:-$here/build/junheng}
[ -x "$jh" ] || { echo "bench_province: $jh not built" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
list=
for i in $(seq 0 $((c - 1))); do
    "$jh" generate --schools 300 --villages 3000 --seed $((5 + i)) --no-projections "$tmp/c$i" > /dev/null ||
        { echo "bench_province: cannot generate county $i" >&2; exit 2; }
    list="$list${list:+, }c$i/baseline.yaml"
done
printf 'sweep:\n  scenarios: [%s]\n  samples: %s\n  seed: 1\n  draw:\n    rules.birth_rate_per1000.rural: {dist: normal, mean: 6.4, sd: 0.8, min: 0}\n' \
    "$list" "$s" > "$tmp/province.yaml"
t0=$(date +%s.%N)
/usr/bin/time -f "%U %S %M" -o "$tmp/time" "$jh" sweep "$tmp/province.yaml" -o "$tmp/out" --jobs "$j" --quiet > /dev/null
t1=$(date +%s.%N)
read -r u sy m < "$tmp/time"
n=$((c * s))
cpu=$(echo "$u + $sy" | bc)
echo "$c counties x $s samples = $n variants, --jobs $j: $(echo "$t1 - $t0" | bc) s wall, $cpu s CPU ($(echo "scale=3; $cpu / $n" | bc) s a variant), peak $((m / 1024)) MiB; load average $(cut -d' ' -f1 /proc/loadavg)"
rows=$((c * 1000))
echo "at 1,000 samples a county ($rows variants): about $(echo "scale=0; $cpu * $rows / $n" | bc) s CPU, peak about $(((m * 1024 + (rows - n) * 6584) / 1048576)) MiB (target 4,096 MiB a rank)"
[ $(((m * 1024 + (rows - n) * 6584) / 1048576)) -le 4096 ]
