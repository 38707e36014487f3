#!/usr/bin/env bash
# Benchmarks the constrained consolidation (issue 12, item 7) on a generated
# county: `junheng generate --schools N --villages M --seed S`, then the
# request of scenarios/consolidate-primary.yaml (close at most 15 primaries
# in 2026, capacity enforced, objective balance, every other key at its
# default) pointed at it, through a whole `junheng optimise` process.
# Prints CPU seconds (user + system), wall seconds, peak memory and the
# optimiser's answer; with --run also a plain `junheng run` of the same
# county, to separate the optimiser from loading, simulating and writing.
#
#   tools/bench_consolidation.sh [--run] [BUILD_DIR] [SCHOOLS VILLAGES SEED]
#
# BUILD_DIR defaults to $JH_BINARY_DIR or ./build; the county to 3000
# schools, 30000 villages, seed 5. A benchmark, not a test: the figures
# depend on the machine (README, Benchmarks).
set -euo pipefail
with_run=0
if [ "${1:-}" = "--run" ]; then
    with_run=1
    shift
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${JH_BINARY_DIR:-$here/build}}"
schools="${2:-3000}" villages="${3:-30000}" seed="${4:-5}"
jh="$build/junheng"
[ -x "$jh" ] || { echo "bench_consolidation: $jh not found (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_consolidation: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$jh" generate --schools "$schools" --villages "$villages" --seed "$seed" "$work/county" > /dev/null
# the sample request, pointed at the generated county (its own CRS)
sed -e "s|sample-county/|$work/county/|" -e '/^  crs:/d' -e 's/^name: .*/name: bench-consolidation/' \
    "$here/scenarios/consolidate-primary.yaml" > "$work/optimise.yaml"
grep -v '^optimise:\|^  consolidation:' "$work/optimise.yaml" > "$work/run.yaml"

measure() { # label, then the command
    local label="$1"
    shift
    /usr/bin/time -f '%U %S %e %M' -o "$work/time.txt" "$@" > "$work/out.txt" 2> "$work/err.txt" || {
        echo "bench_consolidation: $label failed:" >&2
        tail -5 "$work/err.txt" >&2
        exit 1
    }
    read -r user sys wall rss < "$work/time.txt"
    awk -v l="$label" -v u="$user" -v s="$sys" -v w="$wall" -v m="$rss" \
        'BEGIN { printf "%-10s cpu %7.1f s (user %.1f + sys %.1f)   wall %7.1f s   peak %6.0f MB\n", l, u + s, u, s, w, m / 1024 }'
}

echo "county: $schools schools, $villages villages, seed $seed; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure optimise "$jh" optimise "$work/optimise.yaml" -o "$work/opt" --quiet
grep -m1 '^consolidation of' "$work/out.txt"
if [ "$with_run" = 1 ]; then
    measure run "$jh" run "$work/run.yaml" -o "$work/run" --quiet
fi
