#!/usr/bin/env bash
# junheng run and compare end to end on a generated county: every output
# of the contract is written, a run is byte-for-byte reproducible, a closure
# scenario moves the closed school's students, OUT is replaced only when a
# run succeeds, and compare names every scenario.
set -euo pipefail
: "${JH:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$JH" generate --schools 40 --villages 400 --seed 7 "$tmp/county" >/dev/null
base="$tmp/county/baseline.yaml"

"$JH" run "$base" -o "$tmp/a" --quiet > "$tmp/a.txt"
for f in summary.json metrics.csv schools.csv report.html schools.shp schools.dbf schools.prj schools.cpg \
         assignments.shp assignments.dbf assignments.prj; do
    [ -s "$tmp/a/$f" ] || fail "run did not write $f"
done
# eleven years 2025..2035, each with both levels and a teachers block
[ "$(grep -o '"year": 20[0-9][0-9]' "$tmp/a/summary.json" | sort -u | wc -l)" -eq 11 ] || fail "summary.json does not hold 11 years"
for key in '"levels"' '"primary"' '"junior"' '"quality"' '"basic"' '"cv"' '"cv_mean"' '"pass"' '"schools_compliant"' \
           '"large_classes"' '"super_large_classes"' '"mean_distance_km"' '"share_beyond_distance"' '"unplaced_students"' \
           '"teachers"' '"eligible"' '"moved"' '"backbone_moved"' '"hired"' '"retired"' '"first_pass_year"' \
           '"above_degree_per100"' '"senior_title_per_student"'; do
    grep -q "$key" "$tmp/a/summary.json" || fail "summary.json lacks $key"
done
head -1 "$tmp/a/metrics.csv" | sed '1s/^\xEF\xBB\xBF//' | grep -q '^year,level,metric,value' || fail "metrics.csv header"
head -1 "$tmp/a/schools.csv" | sed '1s/^\xEF\xBB\xBF//' | grep -q '^year,school_id,' || fail "schools.csv header"
grep -q '^2035,primary,quality.cv.backbone_per100,' "$tmp/a/metrics.csv" || fail "metrics.csv lacks the 2035 backbone CV"
grep -q 'scenario baseline, 2025-2035' "$tmp/a.txt" || fail "stdout summary: $(head -2 "$tmp/a.txt")"
# the rotation rule holds every year: moved >= ceil(10% of eligible)
awk -F, '$2=="all" && $3=="teachers.eligible" {e[$1]=$4} $2=="all" && $3=="teachers.moved" {m[$1]=$4}
         END { for (y in e) if (m[y] < e[y] * 0.1 - 1e-9) { print "year " y ": moved " m[y] " of " e[y]; bad=1 } exit bad }' \
    "$tmp/a/metrics.csv" || fail "rotation rule broken"

# optimised rotation (issue 5) against none: in 2035 a lower primary quality
# CV mean and at least as many compliant schools
grep -v 'rotation:' "$base" | grep -v '^teachers:' | sed 's/^name: baseline/name: no-rotation/' > "$tmp/county/none.yaml"
sed 's/method: proportional/method: optimise/; s/^name: baseline/name: rotation-optimised/' "$base" > "$tmp/county/opt.yaml"
grep -q 'method: optimise' "$tmp/county/opt.yaml" || fail "generated baseline has no rotation to optimise"
"$JH" run "$tmp/county/none.yaml" -o "$tmp/none" --quiet >/dev/null
"$JH" run "$tmp/county/opt.yaml" -o "$tmp/opt" --quiet >/dev/null
get() { grep "^2035,primary,$2," "$1/metrics.csv" | cut -d, -f4; }
awk -v o="$(get "$tmp/opt" quality.cv_mean)" -v n="$(get "$tmp/none" quality.cv_mean)" 'BEGIN { exit !(o < n) }' \
    || fail "optimised rotation CV mean $(get "$tmp/opt" quality.cv_mean) not below no rotation $(get "$tmp/none" quality.cv_mean)"
[ "$(get "$tmp/opt" schools_compliant)" -ge "$(get "$tmp/none" schools_compliant)" ] \
    || fail "optimised rotation leaves fewer compliant schools: $(get "$tmp/opt" schools_compliant) < $(get "$tmp/none" schools_compliant)"

# same scenario twice: byte-identical outputs
"$JH" run "$base" -o "$tmp/b" --quiet >/dev/null
for f in summary.json metrics.csv schools.csv report.html schools.dbf assignments.dbf; do
    cmp -s "$tmp/a/$f" "$tmp/b/$f" || fail "$f differs between two runs of the same scenario"
done

# a closure: the smallest primary school closes in 2027, students to the nearest
sid=$(awk -F, 'NR>1 && $1==2025 && $4=="primary" && $5=="open" && $6>0 {print $6, $2}' "$tmp/a/schools.csv" | sort -n | head -1 | cut -d' ' -f2)
[ -n "$sid" ] || fail "no primary school found"
sed "s/^name: baseline/name: close-$sid/" "$base" > "$tmp/county/close.yaml"
printf 'interventions:\n  - {year: 2027, close: %s, students_to: nearest}\n' "$sid" >> "$tmp/county/close.yaml"
"$JH" run "$tmp/county/close.yaml" -o "$tmp/c" --quiet >/dev/null
grep -q "^2026,$sid,.*,primary,open," "$tmp/c/schools.csv" || fail "$sid not open in 2026"
grep -q "^2027,$sid,.*,primary,open," "$tmp/c/schools.csv" && fail "$sid still open in 2027"
# students of each level are the same with and without the closure (nobody lost)
for y in 2027 2030 2035; do
    for lvl in primary junior; do
        a=$(awk -F, -v y=$y -v l=$lvl '$1==y && $2==l && ($3=="students" || $3=="unplaced_students") {s+=$4} END {print s}' "$tmp/a/metrics.csv")
        c=$(awk -F, -v y=$y -v l=$lvl '$1==y && $2==l && ($3=="students" || $3=="unplaced_students") {s+=$4} END {print s}' "$tmp/c/metrics.csv")
        [ "$a" = "$c" ] || fail "$y $lvl: $a students without the closure, $c with it"
    done
done

# bad input: exit 2, OUT left as it was
cp "$tmp/a/summary.json" "$tmp/before.json"
sed 's/^horizon:/horizn:/' "$base" > "$tmp/county/typo.yaml"
set +e
"$JH" run "$tmp/county/typo.yaml" -o "$tmp/a" 2> "$tmp/err.txt"; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "misspelt key exited $rc"
grep -q "horizn" "$tmp/err.txt" || fail "message does not name the key: $(cat "$tmp/err.txt")"
cmp -s "$tmp/before.json" "$tmp/a/summary.json" || fail "a failed run changed OUT"
set +e
"$JH" run "$base" 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "run without -o exited $rc"
"$JH" run --help | grep -q 'usage: junheng run' || fail "run --help"

# compare names every scenario
"$JH" compare "$base" "$tmp/county/close.yaml" -o "$tmp/cmp" --quiet >/dev/null
[ -s "$tmp/cmp/comparison.csv" ] && [ -s "$tmp/cmp/comparison.html" ] || fail "compare outputs missing"
head -1 "$tmp/cmp/comparison.csv" | sed '1s/^\xEF\xBB\xBF//' | grep -q '^scenario,year,level,metric,value' || fail "comparison.csv header"
grep -q '^baseline,' "$tmp/cmp/comparison.csv" || fail "comparison.csv lacks baseline"
grep -q "^close-$sid," "$tmp/cmp/comparison.csv" || fail "comparison.csv lacks close-$sid"
grep -q "close-$sid" "$tmp/cmp/comparison.html" || fail "comparison.html lacks close-$sid"
echo "e2e_run: ok"
