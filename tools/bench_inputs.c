/*
 * bench_inputs: how long jh_county_load takes on a county with a full
 * travel-cost table — 900 schools x 900 villages = 810,000 od.csv rows in
 * shuffled order — written into a temporary folder with Shapelib.
 * Usage: bench_inputs [N]   (N schools and N villages, default 900).
 * Prints the seconds for the CSV parse alone and for the whole load.
 */
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"
#include "input/csv.h"
#include "input/inputs.h"

static void write_points(const char *dir, const char *stem, int n, const char *prefix,
                         int school)
{
    char base[512];
    snprintf(base, sizeof base, "%s/%s", dir, stem);
    SHPHandle shp = SHPCreate(base, SHPT_POINT);
    DBFHandle dbf = DBFCreateEx(base, "UTF-8");
    DBFAddField(dbf, "id", FTString, 12, 0);
    DBFAddField(dbf, school ? "type" : "age6", school ? FTString : FTInteger, 12, 0);
    for (int i = 0; i < n; i++) {
        double x = 500000.0 + (i % 30) * 1000.0 + (school ? 300 : 0);
        double y = 3400000.0 + (i / 30) * 1000.0;
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        char id[16];
        snprintf(id, sizeof id, "%s%05d", prefix, i);
        DBFWriteStringAttribute(dbf, i, 0, id);
        if (school)
            DBFWriteStringAttribute(dbf, i, 1, "primary");
        else
            DBFWriteIntegerAttribute(dbf, i, 1, 10);
    }
    SHPClose(shp);
    DBFClose(dbf);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 900;
    if (n < 1)
        n = 900;
    char dir[] = "/tmp/jh_bench_inputs_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    write_points(dir, "schools", n, "S", 1);
    write_points(dir, "villages", n, "V", 0);
    char od[600];
    snprintf(od, sizeof od, "%s/od.csv", dir);
    FILE *f = fopen(od, "w");
    fputs("village_id,school_id,cost\n", f);
    size_t rows = (size_t)n * (size_t)n;
    unsigned long long state = 12345;
    size_t *perm = malloc(rows * sizeof *perm);
    for (size_t i = 0; i < rows; i++)
        perm[i] = i;
    for (size_t i = rows - 1; i > 0; i--) { /* Fisher-Yates with an LCG: fixed order */
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t j = (size_t)((state >> 33) % (i + 1));
        size_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t k = 0; k < rows; k++) {
        size_t v = perm[k] / (size_t)n, s = perm[k] % (size_t)n;
        fprintf(f, "V%05zu,S%05zu,%.1f\n", v, s, (double)((v * 7919 + s * 104729) % 100000) / 10.0);
    }
    fclose(f);
    free(perm);

    jh_error err;
    double t0 = bench_wall_s();
    jh_csv *c;
    size_t count = 0;
    if (jh_csv_open(&c, od, "od.csv", NULL, &err) == JH_OK) {
        bool has = true;
        while (jh_csv_next(c, &has, &err) == JH_OK && has)
            count++;
        jh_csv_close(c);
    }
    double t1 = bench_wall_s();

    jh_scenario sc;
    memset(&sc, 0, sizeof sc);
    char sp[600], vp[600];
    snprintf(sp, sizeof sp, "%s/schools.shp", dir);
    snprintf(vp, sizeof vp, "%s/villages.shp", dir);
    sc.path = "bench.yaml";
    sc.schools_path = sp;
    sc.villages_path = vp;
    sc.travel_costs_path = od;
    sc.crs = "EPSG:32650";
    jh_county county;
    double t2 = bench_wall_s();
    jh_status st = jh_county_load(&county, &sc, &err);
    double t3 = bench_wall_s();
    if (st != JH_OK) {
        fprintf(stderr, "bench_inputs: %s\n", err.message);
    } else {
        printf("od.csv rows: %zu (parsed %zu)\n", county.od.n, count);
        printf("csv parse only: %.3f s\n", t1 - t0);
        printf("jh_county_load (layers + od.csv CSR sorted by cost): %.3f s\n", t3 - t2);
        jh_county_free(&county);
    }
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_inputs: could not remove %s\n", dir);
    return st == JH_OK ? 0 : 1;
}
