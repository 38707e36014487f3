#!/usr/bin/env bash
# e2e_roads: travel on a road network (data.roads, README "Road network"),
# on road layers made by GDAL's ogr2ogr from WKT in a CSV, in CGCS2000
# 3-degree Gauss-Kruger CM 114E (EPSG:4547, metres).
#
# The river: two primary schools on either side of a river (x = 500000)
# crossed by one bridge at the north end (y = 3404000); a west road
# x = 499000 and an east road x = 501000, both from y = 3400000 to
# 3404000, and the bridge road between them. Village V1 (499800, 3400000)
# is 400 m in a straight line from school SE (500200, 3400000) across the
# river, 2,625 m from SW (499000, 3402500); by road it is 800 (connector
# to the west road's south end) + 2,500 = 3,300 m from SW and 800 + 4,000 +
# 2,000 + 4,000 + 800 = 11,600 m from SE. V2 (500100, 3402300) is 1,118 m
# from SW and 2,302 m from SE in a straight line; by road 900 + 2,300 +
# 800 = 4,000 m from SE and 900 + 1,700 + 2,000 + 1,500 = 6,100 m from SW.
# So by road each village goes to the school on its own side, by straight
# line to the one across the river. The search bound is 3 km x 3 = 9 km,
# so V1-SE (11,600) is absent unless travel.search_factor is 4.
#
# The grid: 6 x 6 junctions 1 km apart, every line with a vertex at each
# crossing; a village on every junction and a school at (2, 3): every
# cost is the Manhattan distance, 1000 x (|i - 2| + |j - 3|).
set -u
. "$(dirname "$0")/lib_e2e.sh"
e2e_begin roads ogr2ogr
cd "$T" || exit 1
# roads NAME.csv -> NAME.shp (lines, EPSG:4547); extra ogr2ogr args after
roads() {
    local name=$1
    shift
    ogr2ogr -f "ESRI Shapefile" "$name.shp" "$name.csv" -oo GEOM_POSSIBLE_NAMES=WKT \
        -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4547 -nlt LINESTRING "$@" 2>>ogr.log ||
        { cat ogr.log; exit 1; }
}

cat >schools.csv <<'CSV'
id,name,type,area,g1,g2,g3,g4,g5,g6,classrooms,teachers,x,y
SW,West primary,primary,rural,40,40,40,40,40,40,12,30,499000,3402500
SE,East primary,primary,rural,40,40,40,40,40,40,12,30,500200,3400000
CSV
cat >villages.csv <<'CSV'
id,name,area,population,age6,age7,age8,age9,age10,age11,x,y
V1,West village,rural,500,10,10,10,10,10,10,499800,3400000
V2,East village,rural,500,10,10,10,10,10,10,500100,3402300
CSV
cat >river.csv <<'CSV'
id,class,speed_kmh,oneway,mode,WKT
1,county,,,,"LINESTRING (499000 3400000,499000 3404000)"
2,county,,,,"LINESTRING (501000 3400000,501000 3404000)"
3,county,,1,,"LINESTRING (499000 3404000,501000 3404000)"
CSV
roads river
# scenario FILE [data lines...] -- [top-level lines...]
scenario() {
    local f=$1
    shift
    {
        echo "name: roads"
        echo "data:"
        echo "  schools: schools.csv"
        echo "  villages: villages.csv"
        echo "  crs: EPSG:4547"
        while [ $# -gt 0 ] && [ "$1" != "--" ]; do echo "  $1"; shift; done
        [ $# -gt 0 ] && shift
        echo "horizon: {start: 2025, end: 2026}"
        echo "assignment: nearest"
        while [ $# -gt 0 ]; do echo "$1"; shift; done
    } >"$f"
}
od_of() { # SCENARIO -> the od.csv body on stdout
    "$JH" travel "$1" -o "$T/od-tmp.csv" >/dev/null 2>"$T/err" || { fail "$1: travel: $(cat "$T/err")"; return; }
    tail -n +2 "$T/od-tmp.csv" | tr '\n' ' '
}
assigned() { # OUT -> "village:school ..." of the assignments layer
    ogr2ogr -f CSV /vsistdout/ "$1/assignments.shp" | awk -F, '$3 == "village" {printf "%s:%s ", $1, $4}'
}

# ---- the river ------------------------------------------------------------
scenario river.yaml "roads: river.shp"
got=$(od_of river.yaml)
[ "$got" = "V1,SW,3300.000 V2,SE,4000.000 V2,SW,6100.000 " ] || fail "river od: got '$got'"
scenario straight.yaml
"$JH" run river.yaml -o out-road --quiet >/dev/null 2>err || fail "river run: $(cat err)"
"$JH" run straight.yaml -o out-line --quiet >/dev/null 2>err || fail "straight run: $(cat err)"
got=$(assigned out-road)
[ "$got" = "V1:SW V2:SE " ] || fail "by road: expected V1:SW V2:SE, got '$got'"
got=$(assigned out-line)
[ "$got" = "V1:SE V2:SW " ] || fail "by straight line: expected V1:SE V2:SW, got '$got'"
grep -qE '^V1,West village,village,SW,.*,3300.00$' \
    <(ogr2ogr -f CSV /vsistdout/ out-road/assignments.shp) || fail "assignment cost 3300 missing"

# validate: the connectors (V1 800, V2 900, SE 800 m), one component, ratios 1.26 / 1.74
out=$("$JH" validate river.yaml 2>err) || fail "validate: $(cat err)"
for want in "roads: 3 lines, 3 segments, 4 junctions and vertices; 1 connected component" \
    "connectors: median 800 m (villages), longest 900 m (village V2); longer than 500 m: 2 villages, 1 schools" \
    "catchment schools not reachable by road: 0" "median 1.26, p95 1.74" \
    "travel_costs       <- the road network (data.roads)"; do
    grep -qF -- "$want" <<<"$out" || fail "validate lacks '$want'"
done

# a wider search finds V1-SE over the bridge (digitised west to east)
scenario wide.yaml "roads: river.shp" -- "travel: {search_factor: 4}"
got=$(od_of wide.yaml)
[ "$got" = "V1,SW,3300.000 V1,SE,11600.000 V2,SE,4000.000 V2,SW,6100.000 " ] || fail "wide od: got '$got'"
# by bike the bridge is one-way west to east: V2 cannot reach SW (walkers may)
scenario bike.yaml "roads: river.shp" -- "travel: {search_factor: 4, primary: bike}"
got=$(od_of bike.yaml)
[ "$got" = "V1,SW,3300.000 V1,SE,11600.000 V2,SE,4000.000 " ] || fail "bike one-way od: got '$got'"

# minutes: bus on county roads (40 km/h), connectors walked (4.5 km/h):
# V2-SE = (900 + 800) m walked = 22.667 min + 2,300 m at 40 km/h = 3.45 min
scenario minutes.yaml "roads: river.shp" -- "travel: {units: minutes, primary: bus}" \
    "rules: {distance_km: {primary: 40, junior: 40}}"
got=$(od_of minutes.yaml)
grep -q "V2,SE,26.117" <<<"$got" || fail "minutes: expected V2,SE,26.117, got '$got'"
# V1-SW: 800 m walked (10.667) + 2,500 m at 40 km/h (3.75) = 14.417
grep -q "V1,SW,14.417" <<<"$got" || fail "minutes: expected V1,SW,14.417, got '$got'"

# the same roads as a GeoPackage give the same table
ogr2ogr -f GPKG roads.gpkg river.shp -nln river 2>>ogr.log || { cat ogr.log; exit 1; }
scenario gpkg.yaml "roads: roads.gpkg:river"
got=$(od_of gpkg.yaml)
[ "$got" = "V1,SW,3300.000 V2,SE,4000.000 V2,SW,6100.000 " ] || fail "gpkg od: got '$got'"

# snapping: a bridge starting 0.5 m off the west road joins it within the
# default 1 m (1,999.5 m long), not within 0.1 m (V2 then reaches no SW)
sed 's/LINESTRING (499000 3404000,501000/LINESTRING (499000.5 3404000,501000/' river.csv >snap.csv
roads snap
scenario snap1.yaml "roads: snap.shp"
got=$(od_of snap1.yaml)
[ "$got" = "V1,SW,3300.000 V2,SE,4000.000 V2,SW,6099.500 " ] || fail "snap 1 m: got '$got'"
scenario snap01.yaml "roads: snap.shp" "road_snap_m: 0.1"
got=$(od_of snap01.yaml)
[ "$got" = "V1,SW,3300.000 V2,SE,4000.000 " ] || fail "snap 0.1 m: got '$got'"
"$JH" validate snap01.yaml 2>/dev/null | grep -qF "2 connected components" || fail "snap 0.1: expected 2 components"

# modes: a bus-only bridge keeps walkers on their bank (V2 loses SW);
# a layer no walker may use leaves the villages with no school, said so
sed 's/^3,county,,1,,/3,county,,1,bus,/' river.csv >busbridge.csv && roads busbridge
scenario busbridge.yaml "roads: busbridge.shp"
got=$(od_of busbridge.yaml)
[ "$got" = "V1,SW,3300.000 V2,SE,4000.000 " ] || fail "bus-only bridge: got '$got'"
sed 's/^\([0-9]\),county,,\(1\{0,1\}\),,/\1,county,,\2,bus,/' river.csv >busonly.csv && roads busonly
scenario busonly.yaml "roads: busonly.shp"
out=$(timeout 60 "$JH" validate busonly.yaml 2>&1)
grep -qF "travel costs: 0 village-school pairs" <<<"$out" || fail "bus-only roads, walkers: $out"
grep -qF "busonly.shp: 2 villages with 120 children of primary age (6-11) have no reachable primary school" <<<"$out" ||
    fail "bus-only roads: no unreachable warning"
grep -qF "no road their travel mode may use: 2 villages, 2 schools (unreachable)" <<<"$out" ||
    fail "bus-only roads: unjoined not reported"

# ---- od.csv written from the network reproduces the run ---------------------
"$JH" travel river.yaml -o od.csv >/dev/null 2>err || fail "travel: $(cat err)"
scenario fromod.yaml "travel_costs: od.csv"
"$JH" run fromod.yaml -o out-od --quiet >/dev/null 2>err || fail "od run: $(cat err)"
for f in metrics.csv students.csv schools.csv; do
    cmp -s "out-road/$f" "out-od/$f" || fail "od.csv run: $f differs from the road run"
done
cmp -s <(ogr2ogr -f CSV /vsistdout/ out-road/assignments.shp) \
    <(ogr2ogr -f CSV /vsistdout/ out-od/assignments.shp) || fail "od.csv run: assignments differ"

# ---- the grid: Dijkstra = Manhattan ------------------------------------------
{
    echo "id,WKT"
    for k in 0 1 2 3 4 5; do
        h="" v=""
        for i in 0 1 2 3 4 5; do
            h="$h${h:+,}$((500000 + 1000 * i)) $((3400000 + 1000 * k))"
            v="$v${v:+,}$((500000 + 1000 * k)) $((3400000 + 1000 * i))"
        done
        echo "h$k,\"LINESTRING ($h)\""
        echo "v$k,\"LINESTRING ($v)\""
    done
} >grid.csv
roads grid
{
    echo "id,name,area,population,age6,age7,age8,age9,age10,age11,x,y"
    for i in 0 1 2 3 4 5; do for j in 0 1 2 3 4 5; do
        echo "G$i$j,g,rural,100,2,2,2,2,2,2,$((500000 + 1000 * i)),$((3400000 + 1000 * j))"
    done; done
} >gvillages.csv
cat >gschools.csv <<'CSV'
id,name,type,area,g1,g2,g3,g4,g5,g6,classrooms,teachers,x,y
S23,Grid primary,primary,rural,40,40,40,40,40,40,12,30,502000,3403000
CSV
cat >grid.yaml <<'YAML'
name: grid
data: {schools: gschools.csv, villages: gvillages.csv, crs: "EPSG:4547", roads: grid.shp}
horizon: {start: 2025, end: 2026}
assignment: nearest
YAML
"$JH" travel grid.yaml -o god.csv >/dev/null 2>err || fail "grid travel: $(cat err)"
want=$(for i in 0 1 2 3 4 5; do for j in 0 1 2 3 4 5; do
    d=$(( (i > 2 ? i - 2 : 2 - i) + (j > 3 ? j - 3 : 3 - j) ))
    echo "G$i$j,S23,$((1000 * d)).000"
done; done)
[ "$(tail -n +2 god.csv)" = "$want" ] || fail "grid: costs are not the Manhattan distances: $(diff <(tail -n +2 god.csv) <(echo "$want") | head -5)"
"$JH" validate grid.yaml 2>/dev/null | grep -qF "12 lines, 60 segments, 36 junctions and vertices; 1 connected component" ||
    fail "grid: validate summary"
# junctions only at line ends: the 8 inner lines touch the frame at its
# vertices only, so they stand alone: 1 + 8 components
sed 's|roads: grid.shp}|roads: grid.shp, road_junctions: ends}|' grid.yaml >ends.yaml
"$JH" validate ends.yaml 2>/dev/null | grep -qF "9 connected components" || fail "ends: expected 9 components"
# the grid's od.csv reproduces the grid run
sed 's|roads: grid.shp}|travel_costs: god.csv}|' grid.yaml >godrun.yaml
"$JH" run grid.yaml -o g-road --quiet >/dev/null 2>&1 || fail "grid run"
"$JH" run godrun.yaml -o g-od --quiet >/dev/null 2>&1 || fail "grid od run"
for f in metrics.csv students.csv; do
    cmp -s "g-road/$f" "g-od/$f" || fail "grid od.csv run: $f differs"
done

# ---- a generated county's roads against an independent Dijkstra (Python) --
"$JH" generate --schools 12 --villages 60 --seed 5 --no-projections gen >/dev/null || fail "generate"
sed 's|^  teachers: teachers.csv|&\n  roads: roads.shp|' gen/baseline.yaml >gen/roads.yaml
"$JH" travel gen/roads.yaml -o gen/od.csv >/dev/null 2>err || fail "gen travel: $(cat err)"
for l in roads schools villages; do
    ogr2ogr -f CSV "gen/$l.csv" "gen/$l.shp" -lco GEOMETRY=AS_WKT 2>>ogr.log
done
python3 - gen <<'PY' >check.out 2>&1 || fail "independent Dijkstra: $(tail -5 check.out)"
import csv, heapq, math, sys, re
d = sys.argv[1]
pts = lambda w: [tuple(map(float, p.split())) for p in re.search(r"\((.*)\)", w).group(1).split(",")]
segs, adj = [], {}
for r in csv.DictReader(open(f"{d}/roads.csv")):
    v = pts(r["WKT"])
    for a, b in zip(v, v[1:]):
        segs.append((a, b))
        L = math.dist(a, b)
        adj.setdefault(a, []).append((b, L))
        adj.setdefault(b, []).append((a, L))
def attach(p):  # nearest point of any road: (connector, segment, t)
    best = None
    for a, b in segs:
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = max(0, min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
        c = math.dist(p, (a[0] + t * dx, a[1] + t * dy))
        if best is None or c < best[0]:
            best = (c, (a, b), t)
    return best
def point(w):
    return pts(w.replace("POINT", "POINT "))[0]
sch = {r["id"]: attach(point(r["WKT"])) for r in csv.DictReader(open(f"{d}/schools.csv"))}
vil = {r["id"]: attach(point(r["WKT"])) for r in csv.DictReader(open(f"{d}/villages.csv"))}
def dijkstra(att):
    c, (a, b), t = att
    L = math.dist(a, b)
    dist = {a: c + t * L, b: c + (1 - t) * L}
    h = [(dist[a], a), (dist[b], b)]
    heapq.heapify(h)
    done = set()
    while h:
        du, u = heapq.heappop(h)
        if u in done: continue
        done.add(u)
        for w, L in adj[u]:
            if du + L < dist.get(w, math.inf):
                dist[w] = du + L
                heapq.heappush(h, (du + L, w))
    return dist
n = worst = 0
cache = {}
for r in csv.DictReader(open(f"{d}/od.csv")):
    v, s, cost = r["village_id"], r["school_id"], float(r["cost"])
    if v not in cache: cache[v] = dijkstra(vil[v])
    dist = cache[v]
    c, (a, b), t = sch[s]
    L = math.dist(a, b)
    want = min(dist[a] + t * L + c, dist[b] + (1 - t) * L + c)
    cv, segv, tv = vil[v]
    if segv == (a, b): want = min(want, cv + abs(t - tv) * L + c)
    worst = max(worst, abs(want - cost))
    n += 1
print(f"pairs {n}, worst difference {worst:.4f} m")
sys.exit(0 if n > 100 and worst <= 1.0 else 1)
PY
grep -q "^pairs" check.out || fail "independent Dijkstra printed nothing"

# ---- bad input: exit 2, naming file, record and field ------------------------
bad() { # NAME EXPECTED-TEXT SCENARIO
    "$JH" validate "$3" >/dev/null 2>"$T/err"
    local rc=$?
    [ $rc -eq 2 ] || fail "$1: exit $rc, expected 2"
    grep -qF -- "$2" "$T/err" || fail "$1: stderr lacks '$2': $(cat "$T/err")"
}
ogr2ogr -f "ESRI Shapefile" points.shp villages.csv -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y \
    -a_srs EPSG:4547 2>>ogr.log
scenario b1.yaml "roads: points.shp"
bad "point layer" "points.shp: expected a line layer (polylines) for data.roads, got Point shapes" b1.yaml
sed 's/^2,county,,/2,county,-5,/' river.csv >neg.csv && roads neg
scenario b2.yaml "roads: neg.shp"
bad "negative speed" "neg.shp: record 2: field speed_kmh: expected a speed in km/h above 0 and at most 200, got '-5'" b2.yaml
sed 's/^3,county,/3,motorway,/' river.csv >cls.csv && roads cls
scenario b3.yaml "roads: cls.shp"
bad "unknown class" "cls.shp: record 3: field class: expected a class listed in rules.road_speeds" b3.yaml
scenario b4.yaml "roads: river.shp" -- "rules: {road_speeds: {county: 40, township: 0}}"
bad "zero speed in rules" "rules.road_speeds.township" b4.yaml
scenario b5.yaml "roads: river.shp" "travel_costs: od.csv"
bad "roads and od.csv" "expected data.roads or data.travel_costs, got both" b5.yaml
sed 's/^3,county,,1,/3,county,,maybe,/' river.csv >ow.csv && roads ow
scenario b6.yaml "roads: ow.shp"
bad "bad oneway" "ow.shp: record 3: field oneway: expected 1/yes/FT" b6.yaml
sed 's/^1,county,,,,/1,county,,,car,/' river.csv >md.csv && roads md
scenario b7.yaml "roads: md.shp"
bad "bad mode" "md.shp: record 1: field mode: expected all or a list of walk, bike, bus" b7.yaml
printf 'id,WKT\n1,"POLYGON ((0 0,1 0,1 1,0 0))"\n' >poly.csv
ogr2ogr -f GPKG poly.gpkg poly.csv -oo GEOM_POSSIBLE_NAMES=WKT -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4547 -nln poly 2>>ogr.log
scenario b8.yaml "roads: poly.gpkg:poly"
bad "polygon gpkg" "poly.gpkg:poly: record 1: expected a line (LineString or MultiLineString) for data.roads, got a Polygon" b8.yaml
scenario b9.yaml "roads: river.shp" -- "travel: {primary: car}"
bad "unknown mode" "travel.primary" b9.yaml
[ ! -e "$T/out-bad" ] || fail "something written on bad input"

[ $fails -eq 0 ] && echo "e2e_roads: all passed"
exit $((fails > 0))
