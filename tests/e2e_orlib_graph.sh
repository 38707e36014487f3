#!/usr/bin/env bash
# OR-Library pmed graph format by hand (issue 18 item 4): costs are shortest
# paths, and where an edge is listed twice the later line wins. Five nodes:
#   1-2 10, 2-3 10, 1-3 50 (the path 1-2-3 is shorter: 20), 3-4 5,
#   4-5 7 then 5-4 30 (the later line: 30; no other way to 5).
# Distances: d12 10, d13 20, d14 25, d15 55, d23 10, d24 15, d25 45,
# d34 5, d35 35, d45 30.
# p = 1: sum of distances to node 3 = 20 + 10 + 0 + 5 + 35 = 70, the least
# (node 1: 110, 2: 80, 4: 75, 5: 165). Had the first 4-5 line (7) been
# kept, node 3 would cost 47; had the direct 1-3 edge been used, 100.
# p = 2: 35 ({2, 5}: 10 + 0 + 10 + 15 + 0, or {3, 5}: 20 + 10 + 0 + 5 + 0);
# with 4-5 at 7 it would be 22 ({2, 4}).
# Both through bench_orlib convert and `junheng optimise`, proven optimal
# (lower bound = objective); and a graph with a bad edge is an exit-2 error
# naming the file and line.
set -euo pipefail
: "${JH:?}" "${JH_BINARY_DIR:?}"
orlib="$JH_BINARY_DIR/bench_orlib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

graph() { # p
    printf ' 5 6 %s\n 1 2 10\n 2 3 10\n 1 3 50\n 3 4 5\n 4 5 7\n 5 4 30\n' "$1"
}
graph 1 > "$tmp/pmedhand1.txt"
graph 2 > "$tmp/pmedhand2.txt"
"$orlib" convert "$tmp/pmedhand1.txt" "$tmp/g1" >/dev/null
# the cost table: shortest paths, the later duplicate line
od="$tmp/g1/od.csv"
[ "$(wc -l < "$od")" = 26 ] || fail "od.csv: expected 25 pairs and a header, got $(wc -l < "$od") lines"
for want in V1,S3,20 V3,S1,20 V4,S5,30 V5,S4,30 V1,S5,55 V5,S2,45 V2,S4,15 V3,S3,0; do
    grep -qx "$want" "$od" || fail "od.csv lacks $want: $(grep "^${want%,*}," "$od")"
done
"$JH" optimise "$tmp/g1/scenario.yaml" -o "$tmp/o1" --quiet > "$tmp/o1.txt"
s="$tmp/o1/summary.json"
num() { jq -r ".optimisation.consolidation.$2" "$1"; }
[ "$(num "$s" objective)" = 70 ] || fail "p = 1: objective $(num "$s" objective), expected 70"
[ "$(num "$s" lower_bound)" = 70 ] || fail "p = 1: lower bound $(num "$s" lower_bound), expected 70 (proven)"
grep -q 'keep 1, close 4' "$tmp/o1.txt" || fail "p = 1: $(head -1 "$tmp/o1.txt")"
[ "$(jq -r '.optimisation.consolidation.kept | join(" ")' "$s")" = S3 ] \
    || fail "p = 1: kept $(jq -c .optimisation.consolidation.kept "$s"), expected S3"

"$orlib" convert "$tmp/pmedhand2.txt" "$tmp/g2" >/dev/null
"$JH" optimise "$tmp/g2/scenario.yaml" -o "$tmp/o2" --quiet >/dev/null
s="$tmp/o2/summary.json"
[ "$(num "$s" objective)" = 35 ] || fail "p = 2: objective $(num "$s" objective), expected 35"
[ "$(num "$s" lower_bound)" = 35 ] || fail "p = 2: lower bound $(num "$s" lower_bound), expected 35 (proven)"
kept="$(jq -r '.optimisation.consolidation.kept | sort | join(" ")' "$s")"
[ "$kept" = "S2 S5" ] || [ "$kept" = "S3 S5" ] || fail "p = 2: kept $kept, expected S2 S5 or S3 S5"

# a bad edge: exit 2, the file and the line
printf ' 5 2 1\n 1 2 10\n 2 9 4\n' > "$tmp/bad.txt"
set +e
"$orlib" convert "$tmp/bad.txt" "$tmp/bad" > /dev/null 2> "$tmp/bad.err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "bad edge: exit $rc, expected 2"
grep -q "bad.txt: line 3: node out of 1..5" "$tmp/bad.err" || fail "bad edge message: $(cat "$tmp/bad.err")"
echo "e2e_orlib_graph: ok"
