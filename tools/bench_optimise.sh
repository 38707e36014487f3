#!/usr/bin/env bash
# Benchmarks the consolidation optimiser's solver on the OR-Library
# instances in shared/bench: one bench_orlib run per file, then a table
# (instance, optimum, found, gap %, seconds of the whole bench_orlib
# process, solver seconds, Lagrangian lower bound).
#
#   tools/bench_optimise.sh [BUILD_DIR] [BENCH_DIR] [-- extra bench_orlib args]
#
# BUILD_DIR defaults to $JH_BINARY_DIR or ./build; BENCH_DIR to
# ../shared/bench next to the repository. Exit status 1 when a run fails.
set -u
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
exit $status
