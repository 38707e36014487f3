#!/usr/bin/env bash
# `junheng compare --jobs N` (issue 18): scenarios on a thread pool give
# the same files, byte for byte, as one after the other — five scenarios of
# a generated county (two of one name, so the numbered folder is the same
# too) with --jobs 1, 2 and 5; the default (the cores) likewise. A failing
# scenario in the middle is the one reported, whatever --jobs, exit 2 and
# no folder; a bad --jobs exits 2 naming it.
set -euo pipefail
: "${JH:?}"
. "$(dirname "$0")/lib_e2e.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 40 --villages 400 --seed 5 "$T/county" >/dev/null
B="$T/county/baseline.yaml"
sed -i 's/end: 2035/end: 2029/' "$B"
mk() { variant "$1" "$T/county/$2" "${@:3}"; } # name file interventions...
mk expand a.yaml "{year: 2026, expand: S001, classrooms: 12, building_m2: 1920, cost_wan: 660.5}"
mk close b.yaml "{year: 2026, close: S002, students_to: nearest}"
mk expand c.yaml "{year: 2027, add_beds: S006, beds: 120, cost_wan: 84.25}"
mk rotation d.yaml "{year: 2026, close: S003, students_to: nearest}"
set -- "$B" "$T/county/a.yaml" "$T/county/b.yaml" "$T/county/c.yaml" "$T/county/d.yaml"
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs md5sum); }
"$JH" compare "$@" -o "$T/j1" --jobs 1 --quiet >"$T/j1.out" || fail "compare --jobs 1 failed"
[ "$(ls "$T/j1" | grep -c '^expand')" = 2 ] || fail "expected two folders named expand: $(ls "$T/j1")"
[ "$(sums "$T/j1" | wc -l)" -gt 40 ] || fail "too few files: $(sums "$T/j1" | wc -l)"
for j in 2 5 default; do
    if [ $j = default ]; then
        "$JH" compare "$@" -o "$T/j$j" --quiet >"$T/j$j.out" || fail "compare (default jobs) failed"
    else
        "$JH" compare "$@" -o "$T/j$j" --jobs $j --quiet >"$T/j$j.out" || fail "compare --jobs $j failed"
    fi
    diff <(sums "$T/j1") <(sums "$T/j$j") >&2 || fail "--jobs $j files differ from --jobs 1"
    diff <(sed 's|/j1$||' "$T/j1.out") <(sed "s|/j$j\$||" "$T/j$j.out") >&2 ||
        fail "--jobs $j summary differs from --jobs 1"
done

# a broken scenario third: reported (not a later one), nothing written
sed "s|schools.shp|missing.shp|" "$T/county/b.yaml" >"$T/county/bad.yaml"
sed 's|schools.shp|gone.shp|' "$T/county/c.yaml" >"$T/county/bad2.yaml"
for j in 1 3; do
    set +e
    "$JH" compare "$B" "$T/county/a.yaml" "$T/county/bad.yaml" "$T/county/bad2.yaml" "$T/county/d.yaml" \
        -o "$T/bad$j" --jobs $j --quiet >/dev/null 2>"$T/bad$j.err"
    rc=$?
    set -e
    [ $rc = 2 ] || fail "--jobs $j: a missing layer exited $rc, expected 2"
    grep -q 'missing.shp' "$T/bad$j.err" || fail "--jobs $j: expected the first failure: $(cat "$T/bad$j.err")"
    [ ! -e "$T/bad$j" ] || fail "--jobs $j: a failed compare left $T/bad$j"
done
set +e
"$JH" compare "$B" -o "$T/x" --jobs 0 2>"$T/jobs.err"
rc=$?
set -e
[ $rc = 2 ] && grep -q -- "--jobs: expected a whole number" "$T/jobs.err" || fail "--jobs 0: rc $rc, $(cat "$T/jobs.err")"
echo "e2e_compare_jobs: ok"
