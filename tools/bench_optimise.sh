#!/usr/bin/env bash
# Benchmarks the consolidation optimiser (issue 18, items 2, 4 and 7), each
# figure against its target, the way the acceptance check runs it: one
# whole `junheng optimise` process per problem, CPU seconds (user + system)
# from GNU time.
#  1. OR-Library: every pmed*.txt in BENCH_DIR converted to a county
#     (bench_orlib convert) and solved. Per instance: the optimum, the
#     objective found, its gap, the certified gap (objective against the
#     proven lower bound in summary.json: 0 = proven optimal), CPU and wall
#     seconds. Target: the optimum within 1 s of CPU. An instance with no
#     published optimum (optimum 0 in a pmedcap file, or a pmed file not
#     named pmed1..pmed40, e.g. a generated one) counts as reached when the
#     certified gap is 0 (the bound proves the objective optimal).
#  2. County scale: generated counties of 300 and 3,000 schools (10
#     villages per school, seed 5), `keep` 4/5 of the primary-level
#     schools, capacity enforced (method p_median). Per county: CPU, wall,
#     peak memory, objective, certified gap. Target: a plan within 60 s.
#     The generated 3,000-school county's town is crowded: when no layout
#     with every village whole is found, a few villages are split between
#     two schools (split_villages: when_needed; a line below the row says
#     how many), and when every school
#     open cannot seat everyone the feasibility check says so (exit 2,
#     counted as an answer within 60 s); a third row runs the same county
#     with every capacity doubled, for a plan at that scale.
#  3. Province scale, uncapacitated: a generated 20,000-school /
#     200,000-village county (seed 5, no projections), `keep` 4/5 of the
#     primary-level schools, capacity ignored, method p_median and the
#     default (constrained), each a whole `junheng optimise` process
#     (solving, the simulation of the plan, its outputs). Target: under
#     30 s of CPU and 4 GiB peak (issue 18, item 1). UNCAP=0 skips it.
#
#   tools/bench_optimise.sh [--no-county | --only-province] [BUILD_DIR] [BENCH_DIR]
#
# --no-county runs part 1 only; --only-province part 3 only (no
# OR-Library instance needed).
#
# BUILD_DIR defaults to $JH_BINARY_DIR or ./build; BENCH_DIR to
# ../shared/bench next to the repository. Exit status 2 when BENCH_DIR
# holds no instance or a tool is missing, 1 when a run fails or misses its
# target, 0 otherwise. A benchmark, not a test: the figures depend on the
# machine and its load (both printed).
set -u
county=1 orlib_part=1
if [ "${1:-}" = "--no-county" ]; then
    county=0
    shift
elif [ "${1:-}" = "--only-province" ]; then
    orlib_part=0
    shift
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${JH_BINARY_DIR:-$here/build}}"
bench="${2:-$here/../shared/bench}"
orlib="$build/bench_orlib"
jh="$build/junheng"
for t in "$orlib" "$jh"; do
    [ -x "$t" ] || { echo "bench_optimise: $t not found (build first)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench_optimise: /usr/bin/time (GNU time) is needed" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench_optimise: jq is needed" >&2; exit 2; }
shopt -s nullglob
files=("$bench"/pmed*.txt)
[ "$orlib_part" = 1 ] || files=()
if [ "$orlib_part" = 1 ] && [ "${#files[@]}" -eq 0 ]; then
    echo "bench_optimise: no OR-Library instances (pmed*.txt) in $bench: nothing to measure" >&2
    echo "  (shared/bench is not part of the repository; pass BENCH_DIR)" >&2
    exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # dir scenario -> sets cpu wall rss; false when junheng fails
    /usr/bin/time -f '%U %S %e %M' -o "$1/time.txt" \
        "$jh" optimise "$2" -o "$1/out" --quiet > "$1/log.txt" 2>&1 || return 1
    read -r u s wall rss < "$1/time.txt"
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
}
field() { jq -r ".optimisation.consolidation.$2 // \"null\"" "$1/out/summary.json"; }

if [ "$orlib_part" = 1 ]; then
echo
echo "OR-Library through junheng optimise (target: the optimum within 1 s CPU)"
printf '%-12s %8s %10s %8s %10s %7s %7s  %s\n' instance optimum objective gap% certified% cpu_s wall_s target
fi
for f in "${files[@]}"; do
    name="$(basename "$f" .txt)"
    d="$work/$name"
    if ! "$orlib" convert "$f" "$d" > /dev/null 2> "$work/err.txt"; then
        echo "bench_optimise: convert $f failed: $(head -1 "$work/err.txt")" >&2
        status=1
        continue
    fi
    opt="$(sed -n 's/.*optimum \([0-9.]*\).*/\1/p' "$d/scenario.yaml")"
    if ! run "$d" "$d/scenario.yaml"; then
        printf '%-12s %8s %10s\n' "$name" "$opt" failed
        sed 's/^/    /' "$d/log.txt" | tail -3 >&2
        status=1
        continue
    fi
    obj="$(field "$d" objective)" lb="$(field "$d" lower_bound)"
    line="$(awk -v n="$name" -v o="$opt" -v f="$obj" -v lb="$lb" -v c="$cpu" -v w="$wall" 'BEGIN {
        cert = (lb == "null") ? "-" : sprintf("%.3f", (f > 0) ? 100 * (f - lb) / f : 0)
        if (o > 0) {
            gap = sprintf("%.3f", 100 * (f - o) / o)
            ok = (gap + 0 < 1e-6 && c <= 1.0) ? "ok" : "MISS"
        } else {   # no published optimum (a generated instance): the proof is the certificate
            o = "-"; gap = "-"
            ok = (cert == "0.000" && c <= 1.0) ? "ok (proven)" : "MISS"
        }
        printf "%-12s %8s %10.1f %8s %10s %7.2f %7.2f  %s", n, o, f, gap, cert, c, w, ok }')"
    echo "$line"
    case "$line" in *MISS) status=1 ;; esac
done

[ "$county" = 1 ] || exit $status
generate_county() { # dir schools -> sets keep (4/5 of the primary-level schools)
    "$jh" generate --schools "$2" --villages $(($2 * 10)) --seed 5 --no-projections "$1" > /dev/null
    np=$(ogrinfo -q -dialect sqlite -sql \
        "select count(*) as n from schools where type in ('primary', 'nine_year', 'teaching_point')" \
        "$1/schools.shp" 2>/dev/null | sed -n 's/.*n (Integer) = \([0-9]*\).*/\1/p')
    [ -n "$np" ] || { echo "bench_optimise: cannot count the primary schools (ogrinfo)" >&2; exit 2; }
    keep=$((np * 4 / 5))
}
if [ "$orlib_part" = 1 ]; then
echo
echo "County scale, capacity enforced (target: a plan within 60 s)"
printf '%-8s %8s %6s %7s %7s %8s %14s %10s  %s\n' schools villages keep cpu_s wall_s peak_MB objective certified% target
fi
county_specs=(300 3000 3000x2)
[ "$orlib_part" = 1 ] || county_specs=()
for spec in "${county_specs[@]}"; do
    n="${spec%x2}"
    d="$work/county$spec"
    generate_county "$d" "$n"
    if [ "$spec" != "$n" ]; then
        ogrinfo -q -dialect sqlite -sql "UPDATE schools SET capacity = capacity * 2" "$d/schools.shp" > /dev/null 2>&1 \
            || { echo "bench_optimise: cannot double the capacities (ogrinfo)" >&2; exit 2; }
    fi
    {
        echo "name: bench-capacitated-$n"
        echo "data: {schools: schools.shp, villages: villages.shp, crs: EPSG:4547}"
        echo "horizon: {start: 2025, end: 2026}"
        echo "assignment: catchment"
        echo "optimise:"
        echo "  consolidation: {year: 2025, level: primary, keep: $keep, capacity: enforce, method: p_median}"
    } > "$d/bench.yaml"
    if ! run "$d" "$d/bench.yaml"; then
        if grep -q "capacities too small where the demand is" "$d/log.txt" && [ -r "$d/time.txt" ]; then
            # proven infeasible: the answer is the message, timed like a plan
            read -r u s wall rss < <(tail -1 "$d/time.txt")
            awk -v n="$spec" -v v=$((n * 10)) -v k="$keep" -v u="$u" -v s="$s" -v w="$wall" -v m="$rss" 'BEGIN {
                c = u + s
                printf "%-8s %8s %6s %7.1f %7.1f %8.0f %14s %10s  %s\n", n, v, k, c, w, m / 1024,
                       "infeasible", "-", (c <= 60) ? "ok (proven short of places)" : "MISS" }'
            sed -n 's/.*: \([0-9]* clients.*short\)$/    \1/p' "$d/log.txt"
            continue
        fi
        printf '%-8s %8s %6s %7s\n' "$spec" $((n * 10)) "$keep" failed
        sed 's/^/    /' "$d/log.txt" | tail -3 >&2
        status=1
        continue
    fi
    obj="$(field "$d" objective)" lb="$(field "$d" lower_bound)"
    line="$(awk -v n="$spec" -v v=$((n * 10)) -v k="$keep" -v c="$cpu" -v w="$wall" -v m="$rss" \
        -v f="$obj" -v lb="$lb" 'BEGIN {
        cert = (lb == "null") ? "-" : sprintf("%.3f", (f > 0) ? 100 * (f - lb) / f : 0)
        printf "%-8s %8s %6s %7.1f %7.1f %8.0f %14.0f %10s  %s", n, v, k, c, w, m / 1024, f, cert,
               (c <= 60) ? "ok" : "MISS" }')"
    echo "$line"
    nsplit="$(jq -r '.optimisation.consolidation.split_villages // [] | length' "$d/out/summary.json")"
    [ "$nsplit" = 0 ] || jq -r '.optimisation.consolidation.split_villages | "    no whole-village plan found: \(length) parts of villages (\(map(.part) | add) students) go to a second school"' "$d/out/summary.json"
    case "$line" in *MISS) status=1 ;; esac
done

[ "${UNCAP:-1}" = 1 ] || exit $status
echo
echo "Province scale, capacity ignored (target: under 30 s CPU and 4 GiB peak)"
printf '%-8s %8s %6s %-12s %7s %7s %8s %14s  %s\n' schools villages keep method cpu_s wall_s peak_MB objective target
n=20000
d="$work/county$n"
generate_county "$d" "$n"
for method in p_median constrained; do
    {
        echo "name: bench-uncapacitated-$method"
        echo "data: {schools: schools.shp, villages: villages.shp, crs: EPSG:4547}"
        echo "horizon: {start: 2025, end: 2026}"
        echo "assignment: catchment"
        echo "optimise:"
        echo "  consolidation: {year: 2025, level: primary, keep: $keep, capacity: ignore, method: $method}"
    } > "$d/$method.yaml"
    mkdir -p "$d/$method"
    if ! run "$d/$method" "$d/$method.yaml"; then
        printf '%-8s %8s %6s %-12s %7s\n' "$n" $((n * 10)) "$keep" "$method" failed
        sed 's/^/    /' "$d/$method/log.txt" | tail -3 >&2
        status=1
        continue
    fi
    obj="$(field "$d/$method" objective)"
    line="$(awk -v n="$n" -v v=$((n * 10)) -v k="$keep" -v me="$method" -v c="$cpu" -v w="$wall" \
        -v m="$rss" -v f="$obj" 'BEGIN {
        printf "%-8s %8s %6s %-12s %7.1f %7.1f %8.0f %14s  %s", n, v, k, me, c, w, m / 1024,
               (f == "null") ? "-" : sprintf("%.0f", f), (c < 30 && m < 4 * 1024 * 1024) ? "ok" : "MISS" }')"
    echo "$line"
    case "$line" in *MISS) status=1 ;; esac
done
exit $status
