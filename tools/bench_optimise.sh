#!/usr/bin/env bash
# Benchmarks the consolidation optimiser on the OR-Library instances in
# shared/bench. Two tables:
#  1. the solver alone: one bench_orlib run per file (instance, optimum,
#     found, gap %, seconds of the whole bench_orlib process including
#     reading and shortest paths, solver seconds, Lagrangian lower bound);
#  2. with --junheng: each file converted to a county (bench_orlib convert)
#     and solved by a whole `junheng optimise` process, as the acceptance
#     check does (objective from OUT/summary.json, wall seconds).
#
#   tools/bench_optimise.sh [--junheng] [BUILD_DIR] [BENCH_DIR] [-- extra bench_orlib args]
#
# BUILD_DIR defaults to $JH_BINARY_DIR or ./build; BENCH_DIR to
# ../shared/bench next to the repository. Exit status 1 when a run fails.
set -u
with_jh=0
if [ "${1:-}" = "--junheng" ]; then
    with_jh=1
    shift
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${JH_BINARY_DIR:-$here/build}}"
bench="${2:-$here/../shared/bench}"
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
exe="$build/bench_orlib"
if [ ! -x "$exe" ]; then
    echo "bench_optimise: $exe not found (build the bench_orlib target)" >&2
    exit 2
fi
status=0
capsum=0; capn=0
printf '%-12s %8s %8s %8s %9s %9s %12s\n' instance optimum found gap% seconds solver_s lower_bound
for f in "$bench"/pmed*.txt; do
    [ -e "$f" ] || continue
    if ! line="$("$exe" "$f" "$@")"; then
        echo "bench_optimise: $f failed" >&2
        status=1
        continue
    fi
    get() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$line"; }
    printf '%-12s %8s %8s %8s %9s %9s %12s\n' "$(get instance)" "$(get optimum)" \
        "$(get found)" "$(get gap | tr -d %)" "$(get seconds)" "$(get solver_seconds)" "$(get lower_bound)"
    case "$(get instance)" in
        pmedcap*) capsum="$(awk -v a="$capsum" -v b="$(get gap | tr -d %)" 'BEGIN{print a+b}')"
                  capn=$((capn + 1)) ;;
    esac
done
[ "$capn" -gt 0 ] && awk -v s="$capsum" -v n="$capn" 'BEGIN{printf "pmedcap mean gap %.3f%% over %d instances\n", s/n, n}'

[ "$with_jh" = 1 ] || exit $status
jh="${JH:-$build/junheng}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo
printf '%-12s %8s %12s %8s %9s\n' instance optimum "junheng obj" gap% seconds
for f in "$bench"/pmed*.txt; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .txt)"
    line="$("$exe" "$f" --iterations 1)" || continue
    opt="$(sed -n 's/.*\boptimum=\([^ ]*\).*/\1/p' <<<"$line")"
    if ! "$exe" convert "$f" "$work/$name" >/dev/null; then
        echo "bench_optimise: convert $f failed" >&2
        status=1
        continue
    fi
    t0=$(date +%s.%N)
    if ! "$jh" optimise "$work/$name/scenario.yaml" -o "$work/$name/out" >/dev/null 2>"$work/$name.err"; then
        printf '%-12s %8s %12s %8s %9s\n' "$name" "$opt" failed - -
        sed 's/^/    /' "$work/$name.err" | head -3 >&2
        status=1
        continue
    fi
    t1=$(date +%s.%N)
    obj="$(jq -r '.optimisation.consolidation.objective' "$work/$name/out/summary.json" 2>/dev/null)"
    awk -v n="$name" -v o="$opt" -v f="$obj" -v a="$t0" -v b="$t1" 'BEGIN{
        g = (o > 0 && f != "null") ? sprintf("%.3f", 100 * (f - o) / o) : "-";
        printf "%-12s %8s %12.1f %8s %9.3f\n", n, o, f, g, b - a }'
done
exit $status
