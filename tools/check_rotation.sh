#!/usr/bin/env bash
# Issue 10's acceptance figures for teacher rotation, side by side: no
# rotation / 10% / 20% (method: rule unless METHOD=optimise) on the bundled
# sample county and on generated counties (seeds 11 with 200 schools, 23 and
# 37 with 120 and 150), printing per county
#   - rural schools' mean backbone and above-degree per 100 students: the
#     worst year's difference 10% - none and 20% - 10% (>= 0 wanted);
#   - final-year CVs of the three teacher indicators per level (<= wanted);
#   - schools compliant in the final year per level (>= wanted);
#   - school-years with pupils and no teacher, years the share rules fail.
# Usage: tools/check_rotation.sh [BUILD_DIR]     (from the repository root)
# Environment: SEEDS="41 53" adds generated counties of 150 schools and
# 1,500 villages with those seeds; ONLY=extra leaves out the four above.
# Exit 0 when every figure holds, 1 otherwise (a report, not a unit test).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
jh="$(cd "${1:-$root/build}" && pwd)/junheng"
[ -x "$jh" ] || { echo "check_rotation: $jh not built" >&2; exit 2; }
method=${METHOD:-rule}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# none / r10 / r20 from a county's baseline scenario (rotation and hiring
# keys dropped, so hiring is the default: retirees replaced)
variants() { # dir baseline.yaml
    local d=$1 b=$2
    grep -v 'rotation:' "$b" | grep -v '^teachers:' | grep -v '^  hiring:' | sed 's/^name: .*/name: none/' > "$d/none.yaml"
    for s in 10 20; do
        sed "s/^name: none/name: r$s/" "$d/none.yaml" > "$d/r$s.yaml"
        printf 'teachers:\n  rotation: {share_of_eligible: 0.%s, backbone_share: 0.20, min_years: 6, method: %s, within: county}\n' \
            "$s" "$method" >> "$d/r$s.yaml"
    done
}

counties=()
gens=()
if [ "${ONLY:-}" != extra ]; then
    mkdir -p "$tmp/sample"
    cp -r "$root/scenarios/sample-county" "$tmp/sample/"
    cp "$root/scenarios/baseline.yaml" "$tmp/sample/baseline.yaml"
    variants "$tmp/sample" "$tmp/sample/baseline.yaml"
    counties+=("sample:$tmp/sample:sample-county/schools.dbf")
    gens=("11 200 2000" "23 120 1200" "37 150 1500")
fi
for s in ${SEEDS:-}; do
    case $s in *[!0-9]*) echo "check_rotation: SEEDS: $s is not a number" >&2; exit 2 ;; esac
    gens+=("$s 150 1500")
done
for g in "${gens[@]}"; do
    set -- $g
    "$jh" generate --schools "$2" --villages "$3" --seed "$1" "$tmp/g$1" >/dev/null || { echo "generate seed $1 failed" >&2; exit 2; }
    variants "$tmp/g$1" "$tmp/g$1/baseline.yaml"
    counties+=("seed$1-$2schools:$tmp/g$1:schools.dbf")
done

for c in "${counties[@]}"; do
    IFS=: read -r name dir dbf <<< "$c"
    for s in none r10 r20; do
        (cd "$dir" && "$jh" run "$s.yaml" -o "out-$s" --quiet >/dev/null 2>"err-$s.txt") ||
            { echo "$name: run $s failed: $(cat "$dir/err-$s.txt")" >&2; exit 2; }
    done
done

python3 - "$method" "${counties[@]}" <<'PY'
import csv, json, struct, sys
method, counties = sys.argv[1], sys.argv[2:]
def dbf(path):
    b = open(path, "rb").read()
    n, hl, rl = struct.unpack("<IHH", b[4:12])
    fields, off = [], 32
    while b[off] != 0x0D:
        fields.append((b[off:off + 11].split(b"\0")[0].decode(), b[off + 16]))
        off += 32
    rows = []
    for i in range(n):
        r, pos, d = b[hl + i * rl + 1: hl + (i + 1) * rl], 0, {}
        for name, ln in fields:
            d[name] = r[pos:pos + ln].decode("utf-8", "replace").strip()
            pos += ln
        rows.append(d)
    return rows
ok = True
print(f"rotation method: {method}")
for c in counties:
    name, d, dbfp = c.split(":")
    area = {r["id"]: r["area"] for r in dbf(f"{d}/{dbfp}")}
    R = {}
    for s in ("none", "r10", "r20"):
        R[s] = (json.load(open(f"{d}/out-{s}/summary.json")), list(csv.DictReader(open(f"{d}/out-{s}/schools.csv", encoding="utf-8-sig"))))
    years = [y["year"] for y in R["none"][0]["years"]]
    def rural(s, y, col):
        P = [r for r in R[s][1] if r["year"] == str(y) and area.get(r["school_id"]) == "rural" and float(r["students"] or 0) > 0]
        st = sum(float(r["students"]) for r in P)
        return sum(float(r[col] or 0) * float(r["students"]) / 100 for r in P) / st * 100 if st else 0.0
    print(f"\n== {name}")
    fails = []
    for col, lab in (("quality_backbone_per100", "rural backbone/100"), ("quality_above_degree_per100", "rural above-degree/100")):
        v = {s: [rural(s, y, col) for y in years] for s in R}
        d10 = min(a - b for a, b in zip(v["r10"], v["none"]))
        d20 = min(a - b for a, b in zip(v["r20"], v["r10"]))
        print(f"  {lab:24s} final none {v['none'][-1]:.3f} r10 {v['r10'][-1]:.3f} r20 {v['r20'][-1]:.3f}"
              f"   worst year r10-none {d10:+.4f}  r20-r10 {d20:+.4f}")
        if d10 < -1e-9: fails.append(f"{lab}: 10% below none in some year ({d10:+.4f})")
        if d20 < -1e-9: fails.append(f"{lab}: 20% below 10% in some year ({d20:+.4f})")
    for l in ("primary", "junior"):
        L = {s: R[s][0]["years"][-1]["levels"][l] for s in R}
        comp = {s: L[s]["schools_compliant"] for s in R}
        cvs = []
        for k, kl in (("above_degree_per100", "ad"), ("backbone_per100", "bb"), ("pe_art_per100", "pe")):
            cv = {s: L[s]["quality"]["cv"][k] for s in R}
            cvs.append(f"{kl} {cv['none']:.3f}/{cv['r10']:.3f}/{cv['r20']:.3f}")
            if cv["r10"] > cv["none"] + 1e-9: fails.append(f"{l} final CV {kl}: 10% {cv['r10']:.4f} > none {cv['none']:.4f}")
            if cv["r20"] > cv["r10"] + 1e-9: fails.append(f"{l} final CV {kl}: 20% {cv['r20']:.4f} > 10% {cv['r10']:.4f}")
        print(f"  {l:8s} compliant none/10/20 {comp['none']}/{comp['r10']}/{comp['r20']} of {L['none']['schools_counted']}"
              f"   final CV none/10/20: " + "  ".join(cvs))
        if comp["r10"] < comp["none"]: fails.append(f"{l} compliant: 10% {comp['r10']} < none {comp['none']}")
        if comp["r20"] < comp["r10"]: fails.append(f"{l} compliant: 20% {comp['r20']} < 10% {comp['r10']}")
    for s in ("r10", "r20"):
        ys = R[s][0]["years"]
        zero = sum(1 for r in R[s][1] if float(r["students"] or 0) > 0 and float(r["teachers"] or 0) <= 0)
        miss = [(y["year"], y["teachers"].get("share_rules_reason") or "") for y in ys if y["teachers"].get("share_rules_met") is False]
        moved = sum(y["teachers"]["moved"] for y in ys)
        neutral = sum(y["teachers"].get("moved_neutral", 0) for y in ys)
        print(f"  {s}: moved {moved} (neutral exchanges {neutral}), share rules missed in {len(miss)} of {len(ys)} years"
              + (f" ({miss[0][1]})" if miss else "") + f", school-years with pupils and no teacher {zero}")
        if zero: fails.append(f"{s}: {zero} school-years with pupils and no teacher")
        if miss: fails.append(f"{s}: share rules missed in {len(miss)} years")
    print("  holds" if not fails else "  FAILS: " + "; ".join(fails))
    ok &= not fails
sys.exit(0 if ok else 1)
PY
