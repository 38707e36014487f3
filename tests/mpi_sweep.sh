#!/usr/bin/env bash
# junheng-mpi (issue 20): `mpirun -np 2 junheng-mpi sweep` writes outputs
# byte-identical to `junheng sweep --jobs 1`, and a bad sweep key exits 2
# under mpirun too. Registered only where junheng-mpi is built.
set -euo pipefail
: "${JH:?}" "${JH_MPI_BIN:?}" "${JH_MPIEXEC:?}" "${JH_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
src="$JH_SOURCE_DIR/scenarios"
# Open MPI keeps allocations of its own past MPI_Finalize (ompi_op_base_op_select,
# its plugins), which the ASan build's leak check reports as leaks: they are
# not junheng's, so leak detection is off for the ranks (junheng's sweep code
# itself is leak-checked through `junheng sweep` in e2e_sweep). Other ASan and
# UBSan errors still fail the test.
mpi() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        "$JH_MPIEXEC" --allow-run-as-root --oversubscribe -np 2 "$JH_MPI_BIN" "$@"; }
{
    sed "s|sample-county/|$src/sample-county/|; /projections:/d; s/^horizon: .*/horizon: {start: 2025, end: 2031}/" \
        "$src/baseline.yaml"
    printf 'sweep:\n  vary: {teachers.rotation.share_of_eligible: [0.1, 0.3]}\n  samples: 5\n  seed: 11\n  draw:\n'
    printf '    rules.birth_rate_per1000.rural: {dist: normal, mean: 8, sd: 3, min: 0}\n'
    printf '    rules.migration_rate.rural: {dist: uniform, low: -0.04, high: -0.01}\n'
} > "$tmp/mc.yaml"
"$JH" sweep "$tmp/mc.yaml" -o "$tmp/one" --jobs 1 --quiet > /dev/null || fail "junheng sweep --jobs 1"
mpi sweep "$tmp/mc.yaml" -o "$tmp/mpi" --quiet > "$tmp/mpi.out" || fail "mpirun -np 2"
[ "$(grep -c 'variants of' "$tmp/mpi.out")" = 1 ] || fail "more than rank 0 reported"
for f in sweep.csv summary.json sweep.html; do
    cmp "$tmp/one/$f" "$tmp/mpi/$f" || fail "$f differs between --jobs 1 and mpirun -np 2"
done
[ "$(wc -l < "$tmp/mpi/sweep.csv")" = 11 ] || fail "expected 10 rows"
# two workers per rank give the same again
mpi sweep "$tmp/mc.yaml" -o "$tmp/mpi2" --jobs 2 --quiet > /dev/null || fail "mpirun --jobs 2"
cmp "$tmp/one/sweep.csv" "$tmp/mpi2/sweep.csv" || fail "sweep.csv differs with 2 ranks x 2 jobs"
sed 's/rules.migration_rate.rural: {dist: uniform/rules.migration_rates.rural: {dist: uniform/' \
    "$tmp/mc.yaml" > "$tmp/bad.yaml"
set +e
mpi sweep "$tmp/bad.yaml" -o "$tmp/bad" --quiet > /dev/null 2> "$tmp/bad.err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "bad key under mpirun: exit $rc, expected 2"
grep -q "key path rules.migration_rates.rural" "$tmp/bad.err" || fail "message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad" ] || fail "bad sweep wrote an output folder"
echo ok
