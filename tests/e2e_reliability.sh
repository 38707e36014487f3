#!/usr/bin/env bash
# The reliability catalogue (issue 15) as end-to-end cases, each with its
# expected exit status and message: no user file is ever deleted, every bad
# input is refused at load naming file, record or line, field, value and
# bound, no temporary folder survives a signal or the next run, and two
# identical runs give byte-identical folders.
set -uo pipefail
: "${JH:?}"
T=$(mktemp -d /tmp/jh-e2e-reliability.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect STATUS NEEDLE CMD...: runs CMD, checks its exit status and that
# stderr holds NEEDLE (a fixed string); stderr is left in $T/err.
expect() {
    local want=$1 needle=$2
    shift 2
    timeout 20 "$@" > "$T/out" 2> "$T/err"
    local rc=$?
    [ "$rc" = "$want" ] || fail "$*: exit $rc, expected $want; stderr: $(cat "$T/err")"
    [ -z "$needle" ] || grep -qF -- "$needle" "$T/err" || fail "$*: stderr lacks '$needle': $(cat "$T/err")"
}

# dbf_set FILE RECORD FIELD VALUE: overwrites one field of one record of a
# DBF in place (VALUE as Python bytes syntax, padded with spaces).
dbf_set() {
    python3 - "$@" <<'EOF'
import struct, sys, ast
path, rec, field, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], ast.literal_eval("b'" + sys.argv[4] + "'")
d = bytearray(open(path, 'rb').read())
n, hlen, rlen = struct.unpack('<IHH', d[4:12])
off, pos = 1, 32
while d[pos] != 0x0D:
    name = d[pos:pos + 11].split(b'\0')[0].decode()
    width = d[pos + 16]
    if name.lower() == field.lower():
        start = hlen + (rec - 1) * rlen + off
        d[start:start + width] = value[:width].ljust(width, b' ')
        open(path, 'wb').write(d)
        sys.exit(0)
    off += width
    pos += 32
sys.exit('no field ' + field)
EOF
}

# shp_set_x FILE RECORD X: the x of a point record (1-based) of a .shp
shp_set_x() {
    python3 -c "
import struct, sys
f = open('$1', 'r+b'); f.seek(100 + 28 * ($2 - 1) + 12); f.write(struct.pack('<d', float('$3'))); f.close()"
}

fresh() { # a clean copy of the small county in $T/c
    rm -rf "$T/c"
    cp -r "$T/g" "$T/c"
    rm -f "$T/c/.junheng-generate"
}

"$JH" generate --schools 40 --villages 400 --seed 7 "$T/g" > /dev/null || fail "generate"
S="$T/c/baseline.yaml"

# ---- 1. data loss: -o names a folder that is not (only) a junheng output
fresh
mkdir "$T/user" && echo '{}' > "$T/user/summary.json" && echo "mine" > "$T/user/notes.txt"
expect 2 "not a junheng output" "$JH" run "$S" -o "$T/user"
grep -q mine "$T/user/notes.txt" || fail "a user file was deleted"
mkdir "$T/cmpuser" && echo x > "$T/cmpuser/comparison.csv" && echo "keep" > "$T/cmpuser/plan.docx"
expect 2 "not a junheng output" "$JH" compare "$S" "$S" -o "$T/cmpuser"
[ -f "$T/cmpuser/plan.docx" ] || fail "compare deleted a user file"
"$JH" run "$S" -o "$T/o" --quiet > /dev/null || fail "run into a new folder"
[ -f "$T/o/.junheng-manifest" ] || fail "no manifest written"
"$JH" run "$S" -o "$T/o" --quiet > /dev/null || fail "a run does not replace its own output"
echo "my notes" > "$T/o/notes.txt"
expect 2 "'notes.txt' is not a file junheng wrote there" "$JH" run "$S" -o "$T/o"
grep -q "my notes" "$T/o/notes.txt" || fail "notes beside an output were deleted"
rm "$T/o/notes.txt"
# generate: a county's own schools.shp is never overwritten
mkdir "$T/county" && echo "real data" > "$T/county/schools.shp"
expect 2 "is not a previous generate output" "$JH" generate --schools 40 --villages 400 "$T/county"
grep -q "real data" "$T/county/schools.shp" || fail "generate overwrote a user's schools.shp"
"$JH" generate --schools 40 --villages 400 --seed 2 "$T/g2" > /dev/null || fail "generate into a new folder"
"$JH" generate --schools 40 --villages 400 --seed 3 "$T/g2" > /dev/null || fail "generate over its own output"
echo x > "$T/g2/mine.txt"
expect 2 "'mine.txt' is not a file generate writes" "$JH" generate --schools 40 --villages 400 "$T/g2"

# ---- 2. inputs that are not regular files: exit 2 naming them, never block
for t in teachers projections; do
    fresh
    rm "$T/c/$t.csv" && mkdir "$T/c/$t.csv"
    expect 2 "$t.csv: expected a regular file, got a folder" "$JH" validate "$S"
done
fresh
mkdir "$T/c/od.csv"
sed -i 's|^data:|data:\n  travel_costs: od.csv|' "$S"
expect 2 "od.csv: expected a regular file, got a folder" "$JH" validate "$S"
fresh
rm "$T/c/schools.shp" && mkfifo "$T/c/schools.shp"
expect 2 "schools.shp: expected a regular file, got a named pipe (FIFO)" "$JH" validate "$S"
fresh
rm "$T/c/villages.cpg" && mkfifo "$T/c/villages.cpg"
expect 2 "villages.cpg: expected a regular file, got a named pipe (FIFO)" "$JH" validate "$S"
fresh
rm "$T/c/schools.prj" && mkdir "$T/c/schools.prj"
expect 2 "schools.prj: expected a regular file, got a folder" "$JH" validate "$S"
expect 2 "/dev/null: expected a regular file, got a character device" "$JH" validate /dev/null
expect 2 "expected a regular file, got a folder" "$JH" run "$T/c" -o "$T/x"

# ---- 3. bounds at load
fresh
awk -F, 'NR==3{$4=3000000000}1' OFS=, "$T/g/projections.csv" > "$T/c/projections.csv"
expect 2 "projections.csv: line 3: column population: expected a population of at most 10000000" "$JH" validate "$S"
grep -qF "got '3e+09'" "$T/err" || fail "bound message lacks the value"
fresh
shp_set_x "$T/c/villages.shp" 11 1e300
expect 2 "villages.shp: record 11: coordinates: expected a point of EPSG:4547" "$JH" run "$S" -o "$T/x"
grep -qF "1e+300" "$T/err" || fail "coordinate message lacks the value"
fresh
shp_set_x "$T/c/schools.shp" 3 -4.86e294
expect 2 "schools.shp: record 3: coordinates" "$JH" validate "$S"
fresh
shp_set_x "$T/c/schools.shp" 2 1000000
expect 2 "schools.shp: record 2: coordinates: expected a point inside the area of use of EPSG:4547" "$JH" validate "$S"
grep -qF "with a margin of 2 degrees" "$T/err" || fail "area message lacks the margin"
fresh
v=$(sed -n 2p "$T/g/projections.csv" | cut -d, -f1)
s=$(awk -F, 'NR==2{print $2}' "$T/g/teachers.csv")
printf 'village_id,school_id,cost\n%s,%s,1e300\n' "$v" "$s" > "$T/c/od.csv"
sed -i 's|^data:|data:\n  travel_costs: od.csv|' "$S"
expect 2 "od.csv: line 2: column cost: expected a cost of at most 10000000" "$JH" validate "$S"
fresh
dbf_set "$T/c/schools.dbf" 4 equipment_ '90000000000000'
expect 2 "schools.dbf: record 4" "$JH" validate "$S"
grep -qF "field equipment_yuan (equipment_): expected a non-negative number of at most 1000000000000 (the maximum), got '90000000000000'" "$T/err" || fail "amount bound message: $(cat "$T/err")"
fresh
dbf_set "$T/c/villages.dbf" 6 population '20000000'
expect 2 "villages.dbf: record 6" "$JH" validate "$S"
grep -qF "field population: expected a non-negative number of at most 10000000 (the maximum), got '20000000'" "$T/err" || fail "population bound message: $(cat "$T/err")"
[ ! -e "$T/x" ] || fail "a refused run wrote an output"

# ---- 9. identical inputs, identical files (elapsed time on the console only)
fresh
"$JH" run "$S" -o "$T/r1" --quiet > /dev/null && "$JH" run "$S" -o "$T/r2" --quiet > /dev/null || fail "runs"
diff -r "$T/r1" "$T/r2" > /dev/null || fail "two identical runs differ"
grep -q '"seconds"' "$T/r1/summary.json" && fail "summary.json holds seconds"

# ---- 4. signals remove the temporary folder; stale ones go with the next run
"$JH" generate --schools 1500 --villages 15000 --seed 1 --no-projections "$T/big" > /dev/null || fail "generate big"
for sig in INT TERM; do
    rm -rf "$T/sig"
    mkdir "$T/sig"
    "$JH" run "$T/big/baseline.yaml" -o "$T/sig/o" --quiet > /dev/null 2>&1 &
    pid=$!
    seen=0
    # poll until the write phase begins (the temporary folder appears), for as
    # long as the run lives: how long the simulation takes is not this test's
    while kill -0 $pid 2> /dev/null; do
        if compgen -G "$T/sig/o.tmp-*" > /dev/null; then seen=1; break; fi
        sleep 0.005
    done
    [ $seen = 1 ] || fail "SIG$sig: never saw the temporary folder"
    kill -$sig $pid
    wait $pid
    rc=$?
    want=$([ $sig = INT ] && echo 130 || echo 143)
    [ $rc = $want ] || fail "SIG$sig: exit $rc, expected $want"
    [ -z "$(ls -A "$T/sig")" ] || fail "SIG$sig left $(ls -A "$T/sig")"
done
# SIGKILL cannot be caught: the next run removes what it left
rm -rf "$T/sig" && mkdir "$T/sig"
"$JH" run "$T/big/baseline.yaml" -o "$T/sig/o" --quiet > /dev/null 2>&1 &
pid=$!
# killed once its temporary folder holds junheng's marker: a kill in the
# instant between the folder's creation and its marker leaves an empty
# folder that no later run can tell from a user's, so it is left alone
while kill -0 $pid 2> /dev/null; do compgen -G "$T/sig/o.tmp-*/.junheng-tmp" > /dev/null && break; sleep 0.005; done
{ kill -KILL $pid; wait $pid; } 2> /dev/null
compgen -G "$T/sig/o.tmp-*/.junheng-tmp" > /dev/null || fail "SIGKILL: no marked temporary folder to clean (test setup)"
mkdir "$T/sig/o.tmp-user" && echo x > "$T/sig/o.tmp-user/keep"   # not junheng's: kept
"$JH" run "$S" -o "$T/sig/o" --quiet > /dev/null || fail "run after SIGKILL"
[ "$(ls -A "$T/sig" | sort | tr '\n' ' ')" = "o o.tmp-user " ] || fail "after SIGKILL + run: $(ls -A "$T/sig")"

# ---- 5. duplicates and an empty roster
fresh
sed -n 5p "$T/g/teachers.csv" >> "$T/c/teachers.csv"
n=$(wc -l < "$T/c/teachers.csv")
expect 2 "teachers.csv: line $n: column teacher_id: expected a unique teacher id" "$JH" validate "$S"
grep -qF "(first on line 5)" "$T/err" || fail "duplicate teacher: first line not named"
fresh
sed -n 7p "$T/g/projections.csv" >> "$T/c/projections.csv"
n=$(wc -l < "$T/c/projections.csv")
expect 2 "projections.csv: line $n: expected one row per village, year and age" "$JH" validate "$S"
grep -qF "(first on line 7)" "$T/err" || fail "duplicate projection: first line not named"
fresh
head -1 "$T/g/teachers.csv" > "$T/c/teachers.csv"
expect 0 "" "$JH" validate "$S"
grep -qF "teachers.csv: the roster lists no teachers (a header and no rows) while schools.dbf counts" "$T/out" "$T/err" ||
    fail "empty roster: no warning naming the layer's count: $(cat "$T/out" "$T/err")"

# ---- 6. messages: Shapelib's named after the file, data.crs with its line, raw bytes escaped
fresh
python3 -c "
f = open('$T/c/schools.shx', 'r+b'); f.seek(100 + 8 * 3 + 4); f.write(b'\x00\x00\x7f\xff'); f.close()"
expect 2 "schools.shp: record 4 (id S004): expected a point, cannot read the shape (Shapelib:" "$JH" validate "$S"
[ "$(wc -l < "$T/err")" = 1 ] || fail "Shapelib printed on its own: $(cat "$T/err")"
fresh
sed -i 's|^  crs: .*|  crs: "EPSG:99999999"|' "$S"
line=$(grep -n 'crs:' "$S" | cut -d: -f1)
expect 2 "baseline.yaml: line $line: data.crs: expected a coordinate system" "$JH" validate "$S"
fresh
printf 'interventions:\n  - {year: 2026, close: "S\\e[2J\\a"}\n' >> "$S"
expect 2 'S\x1B[2J\x07' "$JH" validate "$S"
grep -q $'\033' "$T/err" && fail "an escape character reached the terminal"

# ---- 7. two runs into one new OUT: both succeed, one complete output
fresh
"$JH" run "$S" -o "$T/same" --quiet > /dev/null 2> "$T/e1" & p1=$!
"$JH" run "$S" -o "$T/same" --quiet > /dev/null 2> "$T/e2" & p2=$!
wait $p1 || fail "concurrent run 1: $(cat "$T/e1")"
wait $p2 || fail "concurrent run 2: $(cat "$T/e2")"
diff -r "$T/same" "$T/r1" > /dev/null || fail "concurrent runs left an incomplete output"
compgen -G "$T/same.tmp-*" > /dev/null && fail "concurrent runs left a temporary folder"

# ---- 8. formula injection, bidi controls, NUL in a DBF text field
fresh
id=$(awk -F, 'NR==2{print $2}' "$T/g/teachers.csv")
rec=$(python3 -c "
import struct
d = open('$T/c/schools.dbf', 'rb').read()
n, h, r = struct.unpack('<IHH', d[4:12])
for i in range(n):
    if d[h + i * r + 1:h + i * r + 1 + 40].strip().startswith(b'$id'):
        print(i + 1); break")
dbf_set "$T/c/schools.dbf" "$rec" name '=HYPERLINK("http://evil","x")\xe2\x80\xae'
"$JH" run "$S" -o "$T/inj" --quiet > /dev/null || fail "run with a formula name"
grep -qF "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")" "$T/inj/schools.csv" || fail "formula not neutralised: $(grep -F HYPERLINK "$T/inj/schools.csv" | head -1)"
grep -qF $'\xe2\x80\xae' "$T/inj/report.html" && fail "a bidi override reached report.html"
grep -qF 'HYPERLINK' "$T/inj/report.html" || fail "the name is missing from report.html"
fresh
dbf_set "$T/c/schools.dbf" 2 name 'Good\x00Evil'
expect 2 "schools.dbf: record 2: field name: expected text without NUL bytes" "$JH" validate "$S"

echo "e2e_reliability: all passed"
