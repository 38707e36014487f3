#!/usr/bin/env bash
# `junheng compare` loads a county once for the scenario files whose
# county-changing parts are the same (issue 18, item 6): here a baseline and
# two teacher variants in each of two folders, the text of each file the same
# in both folders but the data generated with different seeds. Each of the
# six folders must be byte for byte what its own `junheng run` writes (the
# same-named files of the two folders must differ: relative paths are the
# data of their own folder), for --jobs 1, 2 and 6; with strace at hand, the
# village layer of each folder is opened as often as by one `run` (the
# three scenarios of a folder share one load). A shared load that fails is
# reported once, for the first scenario that needed it.
set -euo pipefail
: "${JH:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for d in a b; do
    seed=$([ $d = a ] && echo 5 || echo 6)
    "$JH" generate --schools 40 --villages 400 --seed $seed "$T/$d" >/dev/null
    B="$T/$d/baseline.yaml"
    sed -i 's/end: 2035/end: 2029/; /^#/d' "$B"
    sed '/^teachers:/,$d; s/^name: baseline/name: norot/' "$B" >"$T/$d/norot.yaml"
    sed 's/^name: baseline/name: rot20/; s/share_of_eligible: 0.10/share_of_eligible: 0.20/' \
        "$B" >"$T/$d/rot20.yaml"
    grep -q 'share_of_eligible: 0.20' "$T/$d/rot20.yaml" || fail "rot20.yaml: no rotation share"
done
cmp -s "$T/a/baseline.yaml" "$T/b/baseline.yaml" || fail "the two baselines should be the same text"
cmp -s "$T/a/villages.dbf" "$T/b/villages.dbf" && fail "the two counties should differ"

# each scenario on its own
for d in a b; do
    for s in baseline norot rot20; do
        "$JH" run "$T/$d/$s.yaml" -o "$T/run_${d}_$s" --quiet >/dev/null 2>"$T/run.err" ||
            fail "run $d/$s: $(cat "$T/run.err")"
    done
done
diff -rq "$T/run_a_baseline" "$T/run_b_baseline" >/dev/null &&
    fail "a/baseline and b/baseline give the same results (expected their own data)"

set -- "$T/a/baseline.yaml" "$T/a/norot.yaml" "$T/b/baseline.yaml" "$T/a/rot20.yaml" \
    "$T/b/norot.yaml" "$T/b/rot20.yaml"
for j in 1 2 6; do
    "$JH" compare "$@" -o "$T/c$j" --jobs $j --quiet >"$T/c$j.out" 2>"$T/c$j.err" ||
        fail "compare --jobs $j: $(cat "$T/c$j.err")"
    [ ! -s "$T/c$j.err" ] || fail "compare --jobs $j printed: $(cat "$T/c$j.err")"
    # folders in the order given; the second baseline (norot, rot20) is numbered
    i=0
    for f in $(ls "$T/c$j" | grep -v '^comparison'); do i=$((i + 1)); done
    [ $i = 6 ] || fail "compare --jobs $j: expected 6 run folders: $(ls "$T/c$j")"
    for s in baseline norot rot20; do
        diff -r -x .junheng-manifest "$T/run_a_$s" "$T/c$j/$s" >&2 || fail "--jobs $j: a/$s differs from its run"
        other=$(ls "$T/c$j" | grep "^$s-" | head -1)
        [ -n "$other" ] || fail "--jobs $j: no second $s folder: $(ls "$T/c$j")"
        diff -r -x .junheng-manifest "$T/run_b_$s" "$T/c$j/$other" >&2 || fail "--jobs $j: b/$s differs from its run"
    done
done

if command -v strace >/dev/null 2>&1 && strace -f -e trace=openat -o "$T/st0" true 2>/dev/null; then
    # LeakSanitizer cannot run under ptrace: an ASan build counts without it
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    strace -f -e trace=openat -o "$T/st1" "$JH" run "$T/a/baseline.yaml" -o "$T/s1" --quiet >/dev/null
    strace -f -e trace=openat -o "$T/st3" "$JH" compare "$@" -o "$T/s3" --jobs 2 --quiet >/dev/null
    one=$(grep -c "$T/a/villages.dbf\"" "$T/st1" || true)
    [ "$one" -ge 1 ] || fail "strace: run did not open $T/a/villages.dbf"
    for d in a b; do
        n=$(grep -c "$T/$d/villages.dbf\"" "$T/st3" || true)
        [ "$n" = "$one" ] || fail "compare opened $d/villages.dbf $n times, one run $one (no shared load)"
    done
else
    echo "e2e_compare_share: strace not usable, the open count is not checked"
fi

# a shared load that fails: the first scenario needing it is reported, exit 2
sed 's|villages: villages.shp|villages: gone.shp|' "$T/a/baseline.yaml" >"$T/a/bad1.yaml"
sed 's|villages: villages.shp|villages: gone.shp|' "$T/a/rot20.yaml" >"$T/a/bad2.yaml"
set +e
"$JH" compare "$T/b/baseline.yaml" "$T/a/bad1.yaml" "$T/a/bad2.yaml" -o "$T/bad" --jobs 2 \
    --quiet >/dev/null 2>"$T/bad.err"
rc=$?
set -e
[ $rc = 2 ] || fail "a missing shared layer exited $rc, expected 2"
grep -q 'gone.shp' "$T/bad.err" || fail "expected the missing layer named: $(cat "$T/bad.err")"
grep -q 'bad1.yaml\|gone' "$T/bad.err" || fail "$(cat "$T/bad.err")"
[ ! -e "$T/bad" ] || fail "a failed compare left $T/bad"
echo "e2e_compare_share: ok"
