/*
 * bench_roads: how long building travel costs on a road network takes
 * (data.roads, README "Road network"): a generated county of S schools
 * (two in three primary, the rest junior) and V villages at fixed
 * pseudo-random points in a square of side L km, and a road grid of N x N
 * lines with a vertex at every crossing (2 N (N - 1) segments; every
 * fifth line a county road, the others township roads), written into a
 * temporary folder with Shapelib.
 * Usage: bench_roads [S V N L]   (default 300 3000 224 50: 100,128 segments)
 * Prints the seconds to load the layers, to read the roads and build the
 * travel table, the pairs, and the peak memory (ru_maxrss).
 */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"
#include "input/inputs.h"
#include "travel/roads.h"

static unsigned long long lcg = 12345;
static double rnd(void)
{
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg >> 11) / 9007199254740992.0;
}

static void write_points(const char *dir, const char *stem, int n, const char *prefix,
                         int school, double side)
{
    char base[512];
    snprintf(base, sizeof base, "%s/%s", dir, stem);
    SHPHandle shp = SHPCreate(base, SHPT_POINT);
    DBFHandle dbf = DBFCreateEx(base, "UTF-8");
    DBFAddField(dbf, "id", FTString, 12, 0);
    DBFAddField(dbf, school ? "type" : "age6", school ? FTString : FTInteger, 12, 0);
    for (int i = 0; i < n; i++) {
        double x = 500000.0 + rnd() * side, y = 3400000.0 + rnd() * side;
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        char id[16];
        snprintf(id, sizeof id, "%s%05d", prefix, i);
        DBFWriteStringAttribute(dbf, i, 0, id);
        if (school)
            DBFWriteStringAttribute(dbf, i, 1, i % 3 == 2 ? "junior" : "primary");
        else
            DBFWriteIntegerAttribute(dbf, i, 1, 10);
    }
    SHPClose(shp);
    DBFClose(dbf);
}

static void write_grid(const char *dir, int n, double side)
{
    char base[512];
    snprintf(base, sizeof base, "%s/roads", dir);
    SHPHandle shp = SHPCreate(base, SHPT_ARC);
    DBFHandle dbf = DBFCreateEx(base, "UTF-8");
    DBFAddField(dbf, "class", FTString, 16, 0);
    double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    double step = side / (n - 1);
    int rec = 0;
    for (int dir2 = 0; dir2 < 2; dir2++)
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                double a = 500000.0 + step * i, b = 3400000.0 + step * k;
                x[i] = dir2 ? 500000.0 + step * k : a;
                y[i] = dir2 ? 3400000.0 + step * i : b;
            }
            SHPObject *o = SHPCreateSimpleObject(SHPT_ARC, n, x, y, NULL);
            SHPWriteObject(shp, -1, o);
            SHPDestroyObject(o);
            DBFWriteStringAttribute(dbf, rec++, 0, k % 5 == 0 ? "county" : "township");
        }
    free(x);
    free(y);
    SHPClose(shp);
    DBFClose(dbf);
}

int main(int argc, char **argv)
{
    int ns = argc > 1 ? atoi(argv[1]) : 300;
    int nv = argc > 2 ? atoi(argv[2]) : 3000;
    int ng = argc > 3 ? atoi(argv[3]) : 224;
    double side = (argc > 4 ? atof(argv[4]) : 50.0) * 1000.0;
    if (ns < 1 || nv < 1 || ng < 2 || side <= 0) {
        fprintf(stderr, "usage: bench_roads [SCHOOLS VILLAGES GRID_LINES SIDE_KM]\n");
        return 2;
    }
    char dir[] = "/tmp/jh_bench_roads_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    write_points(dir, "schools", ns, "S", 1, side);
    write_points(dir, "villages", nv, "V", 0, side);
    write_grid(dir, ng, side);

    jh_scenario sc;
    memset(&sc, 0, sizeof sc);
    jh_scenario_set_defaults(&sc);
    char sp[600], vp[600], rp[600];
    snprintf(sp, sizeof sp, "%s/schools.shp", dir);
    snprintf(vp, sizeof vp, "%s/villages.shp", dir);
    snprintf(rp, sizeof rp, "%s/roads.shp", dir);
    sc.path = "bench.yaml";
    sc.schools_path = sp;
    sc.villages_path = vp;
    sc.travel.roads_path = strdup(rp);
    sc.crs = "EPSG:4547";
    jh_county county;
    jh_error err;
    double t0 = bench_wall_s();
    jh_status st = jh_county_load(&county, &sc, &err);
    double t1 = bench_wall_s();
    if (st == JH_OK) {
        st = jh_roads_build_od(&county, &sc, &err);
        double t2 = bench_wall_s();
        if (st == JH_OK) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            printf("county: %d schools, %d villages; roads: %zu segments, %zu nodes\n", ns, nv,
                   county.roads.segments, county.roads.nodes);
            printf("layers load: %.3f s\n", t1 - t0);
            printf("roads read + graph + travel table: %.3f s (%zu village-school pairs)\n",
                   t2 - t1, county.od.n);
            printf("peak memory: %.0f MiB\n", (double)ru.ru_maxrss / 1024.0);
        }
        jh_county_free(&county);
    }
    if (st != JH_OK)
        fprintf(stderr, "bench_roads: %s\n", err.message);
    jh_travel_rules_free(&sc.travel);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_roads: could not remove %s\n", dir);
    return st == JH_OK ? 0 : 1;
}
