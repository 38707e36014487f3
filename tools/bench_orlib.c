/*
 * bench_orlib: measures the facility solver (engine/optimise/facility.h)
 * on J.E. Beasley's OR-Library p-median files, and converts them into a
 * junheng county so the same instances can be run through
 * `junheng optimise`.
 *
 *   bench_orlib FILE [--seed S] [--iterations N] [--optimum X]
 *       solves and prints instance, optimum, found, gap, seconds
 *   bench_orlib convert FILE DIR
 *       writes DIR/schools.shp, villages.shp (+ .prj), od.csv, scenario.yaml
 *   bench_orlib lp FILE OUT.lp
 *       writes the instance as a MIP (CPLEX LP) for an exact solver (CBC)
 *
 * Formats (shared/bench/README.md). pmed: "n edges p", then "i j c" edges
 * of an undirected graph; costs are shortest paths (Floyd-Warshall), and
 * where an edge is listed twice the later line wins. pmedcap1 (Osman and
 * Christofides): "instance optimum", "n p capacity", then "id x y demand";
 * cost = floor of the Euclidean distance, single source, capacities.
 *
 * The capacitated objective of that set is the plain sum of distances
 * (demand only loads capacity), while the solver and junheng minimise
 * sum of demand x cost. So the pair cost handed over (and written to
 * od.csv) is floor(distance) / demand: demand x cost is then exactly the
 * benchmark's term, up to rounding in the last bit.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <proj.h>
#include <shapefil.h>

#include "bench_clock.h"
#include "jh_error.h"
#include "optimise/facility.h"

typedef struct orlib {
    char name[64];
    bool cap;               /* pmedcap format */
    int n, p;
    double capacity;        /* pmedcap */
    double optimum;         /* from the file (pmedcap) or the table; 0 = unknown */
    double *dist;           /* n x n, INFINITY = no path */
    double *x, *y, *demand; /* x, y: pmedcap only (NULL for pmed) */
} orlib;

/* Published optima of pmed1..pmed40 (Beasley 1985, OR-Library pmedopt). */
static const double pmed_opt[41] = {
    0, 5819, 4093, 4250, 3034, 1355, 7824, 5631, 4445, 2734, 1255,
    7696, 6634, 4374, 2968, 1729, 8162, 6999, 4809, 2845, 1789,
    9138, 8579, 4619, 2961, 1828, 9917, 8307, 4498, 3033, 1989,
    10086, 9297, 4700, 3013, 10400, 9934, 5057, 11060, 9423, 5128};

static void orlib_free(orlib *o)
{
    free(o->dist);
    free(o->x);
    free(o->y);
    free(o->demand);
}

static jh_status orlib_read(orlib *o, const char *path, jh_error *err)
{
    memset(o, 0, sizeof *o);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(o->name, sizeof o->name, "%s", base);
    char *dot = strrchr(o->name, '.');
    if (dot)
        *dot = '\0';
    FILE *fp = fopen(path, "r");
    if (!fp)
        return jh_error_set(err, JH_ERR_INPUT, "%s: cannot open: %s", path, strerror(errno));
    char line[512];
    long ln = 0;
    double a[4];
    int k = 0;
    /* The first line tells the format: 3 numbers = pmed, 2 = pmedcap. */
    if (!fgets(line, sizeof line, fp)) {
        fclose(fp);
        return jh_error_set(err, JH_ERR_INPUT, "%s: line 1: empty file", path);
    }
    ln = 1;
    k = sscanf(line, "%lf %lf %lf", &a[0], &a[1], &a[2]);
    jh_status st = JH_OK;
    if (k == 3) {
        o->n = (int)a[0];
        long m = (long)a[1];
        o->p = (int)a[2];
        if (o->n < 1 || o->n > 20000 || m < 0 || o->p < 1 || o->p > o->n) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line 1: expected 'n edges p' with 1 <= p <= n", path);
            goto out;
        }
        size_t n = (size_t)o->n;
        o->dist = malloc(n * n * sizeof *o->dist);
        o->demand = malloc(n * sizeof *o->demand);
        if (!o->dist || !o->demand) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n * n; i++)
            o->dist[i] = INFINITY;
        for (size_t i = 0; i < n; i++) {
            o->dist[i * n + i] = 0;
            o->demand[i] = 1;
        }
        for (long e = 0; e < m; e++) {
            ln++;
            if (!fgets(line, sizeof line, fp) || sscanf(line, "%lf %lf %lf", &a[0], &a[1], &a[2]) != 3) {
                st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: expected an edge 'i j cost'", path, ln);
                goto out;
            }
            int i = (int)a[0] - 1, j = (int)a[1] - 1;
            if (i < 0 || j < 0 || i >= o->n || j >= o->n || !(a[2] >= 0)) {
                st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: node out of 1..%d or negative cost", path, ln, o->n);
                goto out;
            }
            if (i != j) /* the later line wins */
                o->dist[(size_t)i * n + (size_t)j] = o->dist[(size_t)j * n + (size_t)i] = a[2];
        }
        for (size_t kk = 0; kk < n; kk++)
            for (size_t i = 0; i < n; i++) {
                double dik = o->dist[i * n + kk];
                if (dik == INFINITY)
                    continue;
                double *di = o->dist + i * n, *dk = o->dist + kk * n;
                for (size_t j = 0; j < n; j++)
                    if (dik + dk[j] < di[j])
                        di[j] = dik + dk[j];
            }
        int num = 0;
        if (sscanf(o->name, "pmed%d", &num) == 1 && num >= 1 && num <= 40)
            o->optimum = pmed_opt[num];
    } else if (k == 2) {
        o->cap = true;
        o->optimum = a[1];
        ln++;
        if (!fgets(line, sizeof line, fp) || sscanf(line, "%lf %lf %lf", &a[0], &a[1], &a[2]) != 3
            || a[0] < 1 || a[0] > 20000 || a[1] < 1 || a[1] > a[0] || !(a[2] > 0)) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line 2: expected 'n p capacity'", path);
            goto out;
        }
        o->n = (int)a[0];
        o->p = (int)a[1];
        o->capacity = a[2];
        size_t n = (size_t)o->n;
        o->dist = malloc(n * n * sizeof *o->dist);
        o->x = malloc(n * sizeof *o->x);
        o->y = malloc(n * sizeof *o->y);
        o->demand = malloc(n * sizeof *o->demand);
        if (!o->dist || !o->x || !o->y || !o->demand) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            ln++;
            if (!fgets(line, sizeof line, fp)
                || sscanf(line, "%lf %lf %lf %lf", &a[0], &a[1], &a[2], &a[3]) != 4 || !(a[3] > 0)) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: expected 'id x y demand' with demand > 0", path, ln);
                goto out;
            }
            o->x[i] = a[1];
            o->y[i] = a[2];
            o->demand[i] = a[3];
        }
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                o->dist[i * n + j] = floor(hypot(o->x[i] - o->x[j], o->y[i] - o->y[j]));
    } else {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line 1: expected 'n edges p' (pmed) or 'instance optimum' (pmedcap)", path);
    }
out:
    fclose(fp);
    if (st != JH_OK)
        orlib_free(o);
    return st;
}

/* The cost handed to the solver for client i at facility j (see the head). */
static double pair_cost(const orlib *o, size_t i, size_t j)
{
    double d = o->dist[i * (size_t)o->n + j];
    return o->cap ? d / o->demand[i] : d;
}

typedef struct { double c; int f; } cf;

static int cmp_cf(const void *a, const void *b)
{
    const cf *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->f - y->f;
}

static int solve(const char *path, unsigned long seed, long iters, double opt_override)
{
    double t0 = bench_wall_s();
    jh_error err;
    jh_error_clear(&err);
    orlib o;
    if (orlib_read(&o, path, &err) != JH_OK) {
        fprintf(stderr, "bench_orlib: %s\n", err.message);
        return err.status;
    }
    size_t n = (size_t)o.n;
    size_t *start = malloc((n + 1) * sizeof *start);
    int *fac = malloc(n * n * sizeof *fac);
    double *cost = malloc(n * n * sizeof *cost);
    double *capv = malloc(n * sizeof *capv);
    cf *row = malloc(n * sizeof *row);
    if (!start || !fac || !cost || !capv || !row) {
        fprintf(stderr, "bench_orlib: out of memory\n");
        return 1;
    }
    size_t k = 0;
    start[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (o.dist[i * n + j] != INFINITY) {
                row[m].c = pair_cost(&o, i, j);
                row[m].f = (int)j;
                m++;
            }
        qsort(row, m, sizeof *row, cmp_cf);
        for (size_t t = 0; t < m; t++) {
            fac[k] = row[t].f;
            cost[k] = row[t].c;
            k++;
        }
        start[i + 1] = k;
        capv[i] = o.capacity;
    }
    jh_facility_problem pr = {
        .n_clients = n, .n_facilities = n, .demand = o.demand,
        .capacity = o.cap ? capv : NULL, .start = start, .facility = fac, .cost = cost,
        .mode = JH_FACILITY_KEEP, .p = o.p, .seed = seed, .max_iterations = iters,
    };
    jh_facility_solution sol;
    int rc = 0;
    if (jh_facility_solve(&pr, &sol, &err) != JH_OK) {
        fprintf(stderr, "bench_orlib: %s: %s\n", path, err.message);
        rc = err.status;
    } else {
        double opt = opt_override > 0 ? opt_override : o.optimum;
        double found = floor(sol.objective + 0.5);
        printf("instance=%s optimum=%.0f found=%.0f gap=%.3f%% seconds=%.3f solver_seconds=%.3f "
               "lower_bound=%.1f iterations=%ld nodes=%ld\n",
               o.name, opt, found, opt > 0 ? 100.0 * (found - opt) / opt : NAN,
               bench_wall_s() - t0, sol.seconds, sol.lower_bound, sol.iterations, sol.nodes);
        jh_facility_solution_free(&sol);
    }
    free(start);
    free(fac);
    free(cost);
    free(capv);
    free(row);
    orlib_free(&o);
    return rc;
}

/* ---- convert: the instance as a junheng county ---- */

static int write_prj(const char *path)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *crs = proj_create(ctx, "EPSG:32650");
    const char *wkt = crs ? proj_as_wkt(ctx, crs, PJ_WKT1_ESRI, NULL) : NULL;
    int rc = 1;
    FILE *fp = wkt ? fopen(path, "w") : NULL;
    if (fp) {
        rc = fputs(wkt, fp) < 0;
        rc |= fclose(fp) != 0;
    }
    if (crs)
        proj_destroy(crs);
    proj_context_destroy(ctx);
    return rc;
}

/* One point layer; schools (capacity) or villages (students_primary). */
static int write_layer(const orlib *o, const char *dir, bool schools)
{
    char path[4096];
    const char *stem = schools ? "schools" : "villages";
    snprintf(path, sizeof path, "%s/%s", dir, stem);
    SHPHandle shp = SHPCreate(path, SHPT_POINT);
    DBFHandle dbf = DBFCreate(path);
    if (!shp || !dbf) {
        if (shp)
            SHPClose(shp);
        if (dbf)
            DBFClose(dbf);
        fprintf(stderr, "bench_orlib: %s: cannot create layer\n", path);
        return 1;
    }
    int f_id = DBFAddField(dbf, "id", FTString, 16, 0);
    int f_name = DBFAddField(dbf, "name", FTString, 32, 0);
    int f_area = DBFAddField(dbf, "area", FTString, 8, 0);
    int f_type = -1, f_cap = -1, f_rooms = -1, f_st = -1, f_pop = -1;
    if (schools) {
        f_type = DBFAddField(dbf, "type", FTString, 16, 0);
        f_cap = DBFAddField(dbf, "capacity", FTInteger, 10, 0);
        f_rooms = DBFAddField(dbf, "classrooms", FTInteger, 6, 0);
    } else {
        f_pop = DBFAddField(dbf, "population", FTInteger, 10, 0);
        f_st = DBFAddField(dbf, "students_p", FTInteger, 10, 0);
    }
    /* pmed has no coordinates: a square grid, 1 km apart. */
    int cols = (int)ceil(sqrt((double)o->n));
    double total = 0;
    for (int i = 0; i < o->n; i++)
        total += o->demand[i];
    int rc = 0;
    for (int i = 0; i < o->n && rc == 0; i++) {
        double x, y;
        if (o->x) {
            x = 400000.0 + o->x[i];
            y = 3400000.0 + o->y[i];
        } else {
            x = 400000.0 + 1000.0 * (i % cols);
            y = 3400000.0 + 1000.0 * (i / cols);
        }
        SHPObject *pt = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        if (!pt || SHPWriteObject(shp, -1, pt) < 0)
            rc = 1;
        if (pt)
            SHPDestroyObject(pt);
        char id[32], name[48];
        snprintf(id, sizeof id, "%c%d", schools ? 'S' : 'V', i + 1);
        snprintf(name, sizeof name, "%s %d", schools ? "school" : "village", i + 1);
        rc |= !DBFWriteStringAttribute(dbf, i, f_id, id);
        rc |= !DBFWriteStringAttribute(dbf, i, f_name, name);
        rc |= !DBFWriteStringAttribute(dbf, i, f_area, "rural");
        if (schools) {
            int cap = o->cap ? (int)o->capacity : (int)ceil(total);
            rc |= !DBFWriteStringAttribute(dbf, i, f_type, "primary");
            rc |= !DBFWriteIntegerAttribute(dbf, i, f_cap, cap);
            rc |= !DBFWriteIntegerAttribute(dbf, i, f_rooms, (cap + 44) / 45);
        } else {
            rc |= !DBFWriteIntegerAttribute(dbf, i, f_pop, (int)o->demand[i] * 10);
            rc |= !DBFWriteIntegerAttribute(dbf, i, f_st, (int)o->demand[i]);
        }
    }
    SHPClose(shp);
    DBFClose(dbf);
    snprintf(path, sizeof path, "%s/%s.prj", dir, stem);
    rc |= write_prj(path);
    if (rc)
        fprintf(stderr, "bench_orlib: %s/%s: write failed\n", dir, stem);
    return rc;
}

static int convert(const char *file, const char *dir)
{
    jh_error err;
    jh_error_clear(&err);
    orlib o;
    if (orlib_read(&o, file, &err) != JH_OK) {
        fprintf(stderr, "bench_orlib: %s\n", err.message);
        return err.status;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "bench_orlib: %s: cannot create: %s\n", dir, strerror(errno));
        orlib_free(&o);
        return 1;
    }
    int rc = write_layer(&o, dir, true) || write_layer(&o, dir, false);
    char path[4096];
    snprintf(path, sizeof path, "%s/od.csv", dir);
    FILE *fp = rc ? NULL : fopen(path, "w");
    if (fp) {
        fputs("village_id,school_id,cost\n", fp);
        size_t n = (size_t)o.n;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                if (o.dist[i * n + j] != INFINITY) {
                    if (o.cap)
                        fprintf(fp, "V%zu,S%zu,%.17g\n", i + 1, j + 1, pair_cost(&o, i, j));
                    else
                        fprintf(fp, "V%zu,S%zu,%.0f\n", i + 1, j + 1, o.dist[i * n + j]);
                }
        rc |= fclose(fp) != 0;
    } else {
        rc = 1;
    }
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    fp = rc ? NULL : fopen(path, "w");
    if (fp) {
        fprintf(fp,
                "# OR-Library %s as a county (bench_orlib convert); optimum %.0f\n"
                "name: orlib-%s\n"
                "data:\n"
                "  schools: schools.shp\n"
                "  villages: villages.shp\n"
                "  travel_costs: od.csv\n"
                "horizon: {start: 2025, end: 2025}\n"
                "optimise:\n"
                "  consolidation: {year: 2025, level: primary, keep: %d, capacity: %s, method: p_median%s}\n",
                o.name, o.optimum, o.name, o.p, o.cap ? "enforce" : "ignore",
                o.cap ? ", split_villages: never" : "");   /* single source, as the instances define */
        rc |= fclose(fp) != 0;
    } else {
        rc = 1;
    }
    if (rc)
        fprintf(stderr, "bench_orlib: %s: write failed\n", dir);
    orlib_free(&o);
    return rc;
}

/* ---- lp: the instance as a MIP (CPLEX LP format) for an exact solver
 * such as CBC, to compare times: the strong formulation, x_ij <= y_j. */
static int write_lp(const char *file, const char *out)
{
    jh_error err;
    jh_error_clear(&err);
    orlib o;
    if (orlib_read(&o, file, &err) != JH_OK) {
        fprintf(stderr, "bench_orlib: %s\n", err.message);
        return err.status;
    }
    FILE *fp = fopen(out, "w");
    if (!fp) {
        fprintf(stderr, "bench_orlib: %s: cannot create: %s\n", out, strerror(errno));
        orlib_free(&o);
        return 1;
    }
    size_t n = (size_t)o.n;
    fputs("Minimize\n obj:", fp);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (o.dist[i * n + j] != INFINITY)
                fprintf(fp, " + %.0f x%zu_%zu%s", o.dist[i * n + j], i, j, (j % 8 == 7) ? "\n" : "");
    fputs("\nSubject To\n", fp);
    for (size_t i = 0; i < n; i++) {
        fprintf(fp, " a%zu:", i);
        for (size_t j = 0; j < n; j++)
            if (o.dist[i * n + j] != INFINITY)
                fprintf(fp, " + x%zu_%zu%s", i, j, (j % 8 == 7) ? "\n" : "");
        fputs(" = 1\n", fp);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (o.dist[i * n + j] != INFINITY)
                fprintf(fp, " l%zu_%zu: x%zu_%zu - y%zu <= 0\n", i, j, i, j, j);
    fputs(" p:", fp);
    for (size_t j = 0; j < n; j++)
        fprintf(fp, " + y%zu%s", j, (j % 8 == 7) ? "\n" : "");
    fprintf(fp, " = %d\n", o.p);
    if (o.cap)
        for (size_t j = 0; j < n; j++) {
            fprintf(fp, " c%zu:", j);
            for (size_t i = 0; i < n; i++)
                fprintf(fp, " + %.0f x%zu_%zu%s", o.demand[i], i, j, (i % 8 == 7) ? "\n" : "");
            fprintf(fp, " - %.0f y%zu <= 0\n", o.capacity, j);
        }
    fputs("Binary\n", fp);
    for (size_t j = 0; j < n; j++)
        fprintf(fp, " y%zu\n", j);
    if (o.cap)   /* single source */
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                fprintf(fp, " x%zu_%zu\n", i, j);
    fputs("End\n", fp);
    int rc = fclose(fp) != 0;
    orlib_free(&o);
    return rc;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: bench_orlib FILE [--seed S] [--iterations N] [--optimum X]\n"
                "       bench_orlib convert FILE DIR\n"
                "       bench_orlib lp FILE OUT.lp\n");
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "convert") == 0) {
        if (argc != 4) {
            usage(stderr);
            return 2;
        }
        return convert(argv[2], argv[3]);
    }
    if (argc >= 2 && strcmp(argv[1], "lp") == 0) {
        if (argc != 4) {
            usage(stderr);
            return 2;
        }
        return write_lp(argv[2], argv[3]);
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    unsigned long seed = 1;
    long iters = 0;
    double opt = 0;
    for (int a = 2; a < argc; a++) {
        if (a + 1 < argc && strcmp(argv[a], "--seed") == 0)
            seed = strtoul(argv[++a], NULL, 10);
        else if (a + 1 < argc && strcmp(argv[a], "--iterations") == 0)
            iters = strtol(argv[++a], NULL, 10);
        else if (a + 1 < argc && strcmp(argv[a], "--optimum") == 0)
            opt = strtod(argv[++a], NULL);
        else {
            usage(stderr);
            return 2;
        }
    }
    return solve(argv[1], seed, iters, opt);
}
