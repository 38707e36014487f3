/*
 * test_output: summary.json, metrics.csv and schools.csv of a hand-built
 * run (tests/output_fixture.h) read back and checked against the figures
 * put in; the all-or-nothing replacement of OUT (a failing write leaves the
 * old OUT intact and no temporary folder behind; a folder of foreign files
 * is never replaced); the small helpers (CSV quoting, numbers, folder
 * names, progress text).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "input/csv.h"
#include "output/catchment.h"
#include "output/output.h"
#include "output/results_gpkg.h"
#include "output_fixture.h"
#include "progress.h"

static char tmpdir[256];

/* This definition takes the place of the C library's for the whole test
 * program, so a test can make the kernel's atomic exchange "unsupported"
 * (as on some file systems) and exercise the move-aside path. */
static bool no_exchange;
static int exchange_calls;

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
              unsigned int flags)
{
    exchange_calls++;
    if (no_exchange) {
        errno = EINVAL;
        return -1;
    }
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jh_test_output-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* a/b in one of a ring of buffers (so results can nest a few deep). */
static char *path_in(const char *a, const char *b)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    size_t la = strlen(a), lb = strlen(b);
    assert_true(la + lb + 2 <= sizeof buf[k]);
    char tmp[1024];
    memcpy(tmp, a, la);
    tmp[la] = '/';
    memcpy(tmp + la + 1, b, lb + 1);
    memcpy(buf[k], tmp, la + lb + 2);
    return buf[k];
}

/* a/b into dst (1024 bytes): for paths a test keeps. */
static void path_to(char *dst, const char *a, const char *b)
{
    snprintf(dst, 1024, "%s", path_in(a, b));
}

static bool exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

static char *slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc(n + 1);
    size_t got = fread(s, 1, n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* Entries of tmpdir whose name contains `part`. */
static int count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, part))
            n++;
    if (d)
        closedir(d);
    return n;
}

/* ------------------------------------------------------------ summary */

static void test_summary_json(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "close-S2-2026");
    char out[1024];
    path_to(out, tmpdir, "run1/nested/out");
    jh_error err;
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    json_error_t je;
    json_t *o = json_load_file(path_in(out, "summary.json"), 0, &je);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "scenario")), "close-S2-2026");
    json_t *h = json_object_get(o, "horizon");
    assert_int_equal(json_integer_value(json_object_get(h, "start")), 2025);
    assert_int_equal(json_integer_value(json_object_get(h, "end")), 2027);
    assert_string_equal(json_string_value(json_object_get(o, "standard")), "quality");
    json_t *years = json_object_get(o, "years");
    assert_int_equal(json_array_size(years), 3);
    const long moved[3] = {3, 4, 5}, hired[3] = {0, 2, 2}, retired[3] = {1, 0, 3};
    const double cost[3] = {0, 150.5, 80};
    for (size_t y = 0; y < 3; y++) {
        json_t *yj = json_array_get(years, y);
        assert_int_equal(json_integer_value(json_object_get(yj, "year")), 2025 + (int)y);
        json_t *lv = json_object_get(yj, "levels");
        json_t *p = json_object_get(lv, "primary"), *j = json_object_get(lv, "junior");
        assert_non_null(p);
        assert_non_null(j);
        /* hand figures: students conserved through the closure */
        assert_int_equal(json_integer_value(json_object_get(p, "students")), 420);
        assert_int_equal(json_integer_value(json_object_get(j, "students")), 330);
        assert_int_equal(json_integer_value(json_object_get(j, "unplaced_students")), 7);
        assert_int_equal(json_integer_value(json_object_get(p, "schools")), y == 0 ? 3 : 2);
        /* every indicator key, values equal to the computed metrics */
        const jh_level_metrics *m = &r.years[y].metrics.level[JH_PRIMARY];
        json_t *q = json_object_get(p, "quality");
        json_t *qcv = json_object_get(q, "cv");
        assert_int_equal(json_object_size(qcv), JH_NQUALITY);
        for (int k = 0; k < JH_NQUALITY; k++) {
            json_t *v = json_object_get(qcv, jh_quality_keys[k]);
            assert_non_null(v);
            if (isfinite(m->quality.ind[k].cv))
                assert_true(fabs(json_real_value(v) - m->quality.ind[k].cv) <=
                            1e-12 * fmax(1, fabs(m->quality.ind[k].cv)));
        }
        assert_int_equal(json_object_size(json_object_get(json_object_get(p, "basic"), "cv")),
                         JH_NBASIC);
        assert_true(json_is_boolean(json_object_get(q, "pass")));
        assert_int_equal(json_is_true(json_object_get(q, "pass")), m->quality.pass);
        assert_int_equal(json_integer_value(json_object_get(p, "schools_compliant")),
                         m->schools_compliant);
        json_t *t = json_object_get(yj, "teachers");
        assert_int_equal(json_integer_value(json_object_get(t, "total")), 100 + (long)y);
        assert_int_equal(json_integer_value(json_object_get(t, "eligible")), 30);
        assert_int_equal(json_integer_value(json_object_get(t, "moved")), moved[y]);
        assert_int_equal(json_integer_value(json_object_get(t, "backbone_moved")), 1);
        assert_int_equal(json_integer_value(json_object_get(t, "hired")), hired[y]);
        assert_int_equal(json_integer_value(json_object_get(t, "retired")), retired[y]);
        assert_true(json_number_value(json_object_get(yj, "cost_wan")) == cost[y]);
        assert_int_equal(json_integer_value(json_object_get(yj, "schools_closed")), y == 1);
        assert_int_equal(json_integer_value(json_object_get(yj, "schools_built")), 0);
    }
    json_t *fpy = json_object_get(o, "first_pass_year");
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(fpy, "primary"), "quality")), 2026);
    assert_true(json_is_null(json_object_get(json_object_get(fpy, "primary"), "basic")));
    assert_true(json_is_null(json_object_get(json_object_get(fpy, "junior"), "quality")));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(fpy, "junior"), "basic")), 2025);
    assert_true(json_number_value(json_object_get(o, "total_cost_wan")) == 230.5);
    json_t *c = json_object_get(json_object_get(o, "optimisation"), "consolidation");
    assert_non_null(c);
    assert_true(json_number_value(json_object_get(c, "objective")) == 123456.5);
    assert_int_equal(json_array_size(json_object_get(c, "kept")), 3);
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "kept"), 1)), "S3");
    assert_string_equal(json_string_value(json_array_get(json_object_get(c, "closed"), 0)),
                        "S2");
    /* the elapsed time (0.25 s here) is for the console, never the file */
    assert_null(json_object_get(c, "seconds"));
    assert_string_equal(json_string_value(json_object_get(c, "level")), "primary");
    assert_int_equal(json_integer_value(json_object_get(c, "year")), 2026);
    json_decref(o);

    /* without an optimiser there is no optimisation block */
    r.has_consolidation = false;
    o = jh_output_summary_json(&r);
    assert_non_null(o);
    assert_null(json_object_get(o, "optimisation"));
    json_decref(o);
    /* every file of a run is there */
    const char *files[] = {"summary.json", "metrics.csv", "schools.csv", "report.html",
                           "schools.shp", "schools.shx", "schools.dbf", "schools.prj",
                           "schools.cpg", "assignments.shp", "assignments.dbf",
                           "assignments.prj", "assignments.cpg"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        assert_true(exists(path_in(out, files[k])));
    assert_int_equal(count_entries(path_in(tmpdir, "run1/nested"), ".tmp-"), 0);
    fx_free(&r, &sc);
}

/* ------------------------------------------------------------ metrics.csv */

static void test_metrics_csv(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "m");
    char p[1024];
    path_to(p, tmpdir, "metrics.csv");
    jh_error err;
    assert_int_equal(jh_output_write_metrics_csv(&r, p, &err), JH_OK);
    jh_csv *c;
    assert_int_equal(jh_csv_open(&c, p, NULL, NULL, &err), JH_OK);
    assert_int_equal(jh_csv_columns(c), 4);
    assert_int_equal(jh_csv_column(c, "year"), 0);
    assert_int_equal(jh_csv_column(c, "level"), 1);
    assert_int_equal(jh_csv_column(c, "metric"), 2);
    assert_int_equal(jh_csv_column(c, "value"), 3);
    bool has;
    int rows[3] = {0}, found = 0;
    char seen_first[128] = "";
    while (jh_csv_next(c, &has, &err) == JH_OK && has) {
        int y = atoi(jh_csv_get(c, 0));
        assert_true(y >= 2025 && y <= 2027);
        rows[y - 2025]++;
        const char *lv = jh_csv_get(c, 1), *m = jh_csv_get(c, 2), *v = jh_csv_get(c, 3);
        assert_true(strcmp(lv, "primary") == 0 || strcmp(lv, "junior") == 0 ||
                    strcmp(lv, "all") == 0);
        if (!seen_first[0])
            snprintf(seen_first, sizeof seen_first, "%s", m);
        char key[160];
        snprintf(key, sizeof key, "%d,%s,%s", y, lv, m);
        if (strcmp(key, "2025,primary,students") == 0)
            assert_string_equal(v, "420"), found++;
        if (strcmp(key, "2027,junior,students") == 0)
            assert_string_equal(v, "330"), found++;
        if (strcmp(key, "2026,all,cost_wan") == 0)
            assert_string_equal(v, "150.5"), found++;
        if (strcmp(key, "2027,all,teachers.moved") == 0)
            assert_string_equal(v, "5"), found++;
        if (strcmp(key, "2026,all,schools_closed") == 0)
            assert_string_equal(v, "1"), found++;
        if (strcmp(key, "2026,primary,quality.pass") == 0) {
            assert_string_equal(v, r.years[1].metrics.level[0].quality.pass ? "1" : "0");
            found++;
        }
        if (strcmp(key, "2025,junior,quality.cv.backbone_per100") == 0) {
            double cv = r.years[0].metrics.level[1].quality.ind[1].cv;
            if (isfinite(cv))
                assert_true(fabs(strtod(v, NULL) - cv) <= 5e-6 * fmax(1e-3, fabs(cv)));
            else
                assert_string_equal(v, "");
            found++;
        }
    }
    assert_int_equal(found, 7);
    assert_string_equal(seen_first, "quality.cv.above_degree_per100");
    /* the same set of rows every year */
    assert_true(rows[0] > 60);
    assert_int_equal(rows[0], rows[1]);
    assert_int_equal(rows[1], rows[2]);
    jh_csv_close(c);
    fx_free(&r, &sc);
}

/* A row callback that stops after 5 rows with an error. */
static jh_status stop_after_five(void *ctx, int year, const char *level, const char *metric,
                                 const char *value, jh_error *err)
{
    (void)year, (void)level, (void)metric, (void)value;
    int *n = ctx;
    if (++*n == 5)
        return jh_error_set(err, JH_ERR_RUN, "stop");
    return JH_OK;
}

static void test_foreach_stops(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "m");
    int n = 0;
    jh_error err;
    assert_int_equal(jh_output_foreach_metric(&r, stop_after_five, &n, &err), JH_ERR_RUN);
    assert_int_equal(n, 5);
    assert_string_equal(err.message, "stop");
    fx_free(&r, &sc);
}

/* ------------------------------------------------------------ schools.csv */

static void test_schools_csv(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "s");
    char p[1024];
    path_to(p, tmpdir, "schools.csv");
    jh_error err;
    assert_int_equal(jh_output_write_schools_csv(&r, p, &err), JH_OK);
    jh_csv *c;
    assert_int_equal(jh_csv_open(&c, p, NULL, NULL, &err), JH_OK);
    /* issue 11 adds classes_over_standard, students_over_standard,
     * classrooms_needed, t_above_degree, t_backbone, t_pe_art (DESIGN.md) */
    /* issue 22 adds 12 gap_* columns, boarders and transported */
    assert_int_equal(jh_csv_columns(c), 21 + JH_NQUALITY + JH_NBASIC + 14);
    const char *need[] = {"year", "school_id", "name", "level", "status", "students", "classes",
                          "large_classes", "super_large_classes", "largest_class", "teachers",
                          "posts_needed", "counted", "compliant", "indicators_reached",
                          "quality_backbone_per100", "basic_books_per_student",
                          "classes_over_standard", "classrooms_needed", "t_above_degree"};
    int idx[20];
    assert_int_equal(jh_csv_require(c, need, 20, idx, &err), JH_OK);
    size_t rows = 0, expect = 0;
    for (size_t y = 0; y < r.n_years; y++)
        expect += r.years[y].metrics.n_schools;
    bool has;
    int s2_rows = 0, s3_rows = 0, s1_2026 = -1;
    while (jh_csv_next(c, &has, &err) == JH_OK && has) {
        rows++;
        const char *id = jh_csv_get(c, idx[1]);
        int year = atoi(jh_csv_get(c, idx[0]));
        if (strcmp(id, "S2") == 0) {
            s2_rows++;
            assert_string_equal(jh_csv_get(c, idx[2]), FX_HOSTILE);
            assert_int_equal(year, 2025); /* closed from 2026: no rows */
            assert_string_equal(jh_csv_get(c, idx[4]), "open");
            assert_string_equal(jh_csv_get(c, idx[5]), "120");
        }
        if (strcmp(id, "S3") == 0) {
            s3_rows++;
            assert_string_equal(jh_csv_get(c, idx[2]), FX_QUOTED); /* quoting round trip */
            assert_string_equal(jh_csv_get(c, idx[3]), "junior");
        }
        if (strcmp(id, "S1") == 0 && year == 2026)
            s1_2026 = atoi(jh_csv_get(c, idx[5]));
        const char *counted = jh_csv_get(c, idx[12]);
        assert_true(strcmp(counted, "1") == 0 || strcmp(counted, "0") == 0);
    }
    assert_int_equal(rows, expect);
    assert_true(rows >= 3 * 4); /* S4 has two rows a year */
    assert_int_equal(s2_rows, 1);
    assert_int_equal(s3_rows, 3);
    assert_int_equal(s1_2026, 360);
    jh_csv_close(c);
    fx_free(&r, &sc);
}

/* ---------------------------------------------------- all or nothing */

static jh_status extra_fail(const char *dir, void *ctx, jh_error *err)
{
    *(int *)ctx += 1;
    /* it sees the complete run before the swap */
    if (!exists(path_in(dir, "summary.json")) || !exists(path_in(dir, "report.html")))
        return jh_error_set(err, JH_ERR_RUN, "extra: files missing");
    return jh_error_set(err, JH_ERR_RUN, "extra: refusing on purpose");
}

static jh_status extra_plan(const char *dir, void *ctx, jh_error *err)
{
    (void)ctx;
    FILE *f = fopen(path_in(dir, "plan.yaml"), "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "cannot write plan.yaml");
    fputs("name: plan\n", f);
    fclose(f);
    return JH_OK;
}

static void test_replace_only_on_success(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "first");
    char parent[1024];
    path_to(parent, tmpdir, "replace");
    mkdir(parent, 0755);
    char out[1024];
    path_to(out, parent, "OUT");
    jh_error err;
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    char *before = slurp(path_in(out, "summary.json"));
    assert_non_null(before);
    assert_non_null(strstr(before, "\"first\""));
    /* a failing write: OUT stays exactly as it was, no temporary folder */
    free(sc.name);
    sc.name = strdup("second");
    int calls = 0;
    jh_output_options opt = {.lang = "en", .extra = extra_fail, .extra_ctx = &calls};
    assert_int_equal(jh_output_write_run(&r, out, &opt, &err), JH_ERR_RUN);
    assert_int_equal(calls, 1);
    assert_non_null(strstr(err.message, "refusing on purpose"));
    char *after = slurp(path_in(out, "summary.json"));
    assert_string_equal(before, after);
    free(after);
    assert_int_equal(count_entries(parent, ".tmp-"), 0);
    assert_int_equal(count_entries(parent, ".old-"), 0);

    /* a note of the user's beside the previous output: the folder is no
     * longer only junheng's (its manifest does not list the note), so it
     * is not replaced and the note is kept */
    FILE *f = fopen(path_in(out, "note.txt"), "w");
    fputs("keep me", f);
    fclose(f);
    calls = 0;
    assert_int_equal(jh_output_write_run(&r, out, &opt, &err), JH_ERR_INPUT);
    assert_int_equal(calls, 0);
    assert_non_null(strstr(err.message, "note.txt"));
    assert_true(exists(path_in(out, "note.txt")));
    after = slurp(path_in(out, "summary.json"));
    assert_string_equal(before, after);
    free(after);
    assert_int_equal(count_entries(parent, ".tmp-"), 0);
    unlink(path_in(out, "note.txt"));

    /* a trailing slash names the same folder; success replaces it whole */
    char out_slash[1100];
    snprintf(out_slash, sizeof out_slash, "%s/", out);
    opt.extra = extra_plan;
    assert_int_equal(jh_output_write_run(&r, out_slash, &opt, &err), JH_OK);
    after = slurp(path_in(out, "summary.json"));
    assert_non_null(strstr(after, "\"second\""));
    free(after);
    assert_true(exists(path_in(out, "plan.yaml")));
    assert_int_equal(count_entries(parent, ".tmp-"), 0);
    assert_int_equal(count_entries(parent, "OUT"), 1);
    free(before);

    /* OUT's parent is a file: an error, the file untouched, nothing left */
    char afile[1024];
    path_to(afile, parent, "afile");
    f = fopen(afile, "w");
    fputs("data", f);
    fclose(f);
    char bad[1100];
    snprintf(bad, sizeof bad, "%s/sub/OUT", afile);
    assert_int_equal(jh_output_write_run(&r, bad, NULL, &err), JH_ERR_RUN);
    assert_non_null(strstr(err.message, "afile"));
    char *d = slurp(afile);
    assert_string_equal(d, "data");
    free(d);
    assert_int_equal(count_entries(parent, ".tmp-"), 0);

    /* a layer that cannot be written (a school index beyond the county)
     * fails the whole run: OUT unchanged */
    before = slurp(path_in(out, "summary.json"));
    r.final_flows[0].school = 99;
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_ERR_RUN);
    /* the shapefiles' error, not the one of results.gpkg's thread, which
     * it stopped */
    assert_null(strstr(err.message, "stopped"));
    assert_null(strstr(err.message, "results.gpkg"));
    after = slurp(path_in(out, "summary.json"));
    assert_string_equal(before, after);
    assert_true(exists(path_in(out, "plan.yaml")));
    assert_int_equal(count_entries(parent, ".tmp-"), 0);
    free(before);
    free(after);
    fx_free(&r, &sc);
}

/* results.gpkg's catchments reuse last year's polygon when a school
 * level's origins are the same as last year's: on random years (origins
 * kept, swapped for others of the same count, dropped, added; duplicate
 * cells of one origin) every catchment equals the polygon built afresh
 * from that year's origins, and the catchments of one school level
 * change exactly when its origins do. */
static void test_gpkg_catchments_reused(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "catchments");
    jh_county *c = (jh_county *)r.county;
    /* 40 villages at random places (a fixed seed), cells over 3 years */
    enum { NV = 40 };
    for (size_t v = 0; v < c->n_villages; v++) {
        free(c->villages[v].id);
        free(c->villages[v].name);
    }
    free(c->villages);
    c->n_villages = NV;
    c->villages = calloc(NV, sizeof *c->villages);
    unsigned seed = 12345;
    char id[16];
    for (int v = 0; v < NV; v++) {
        seed = seed * 1103515245u + 12345u;
        double x = 495000 + (seed >> 8) % 10000;
        seed = seed * 1103515245u + 12345u;
        double y = 3395000 + (seed >> 8) % 10000;
        snprintf(id, sizeof id, "V%02d", v);
        fx_village(&c->villages[v], id, id, x, y);
    }
    int *mine = calloc(4 * 2 * NV, sizeof *mine); /* origins of school s, level l */
    for (int v = 0; v < NV; v++)
        mine[(v % 4) * 2 * NV + (v % 3 == 0) * NV + v] = 1;
    for (size_t y = 0; y < r.n_years; y++) {
        jh_year_result *yr = &r.years[y];
        yr->cells = calloc(4 * NV * 3, sizeof *yr->cells);
        size_t n = 0;
        if (y > 0) /* change some school levels' origins, keep the others */
            for (int k = 0; k < 6; k++) {
                seed = seed * 1103515245u + 12345u;
                int sl = (int)((seed >> 8) % 8), a = (int)((seed >> 12) % NV),
                    b = (int)((seed >> 20) % NV);
                if (k == 5) { /* one origin more or less */
                    mine[sl * NV + a] ^= 1;
                    continue;
                }
                /* a swap: one origin for another, the count stays */
                while (!mine[sl * NV + a])
                    a = (a + 1) % NV;
                while (mine[sl * NV + b])
                    b = (b + 1) % NV;
                mine[sl * NV + a] = 0;
                mine[sl * NV + b] = 1;
            }
        for (int sl = 0; sl < 8; sl++)
            for (int v = 0; v < NV; v++)
                if (mine[sl * NV + v]) {
                    int grade = sl % 2 ? 7 : 2;
                    yr->cells[n++] = (jh_cell){.origin = v, .school = sl / 2, .grade = grade, .count = 3};
                    if (v % 5 == 0) /* a second cell of the same origin */
                        yr->cells[n++] =
                            (jh_cell){.origin = v, .school = sl / 2, .grade = grade - 1, .count = 2};
                }
        for (int i = 0; i < 4; i++) /* the own sites of two schools */
            if (i % 2 == 0)
                yr->cells[n++] = (jh_cell){.origin = -1 - i, .school = i, .grade = 3, .count = 1};
        yr->n_cells = n;
    }
    free(mine);
    char p[1024];
    jh_error err;
    path_to(p, tmpdir, "catchments.gpkg");
    assert_int_equal(jh_output_write_gpkg(&r, p, &err), JH_OK);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH la = GDALDatasetGetLayerByName(ds, "assignments");
    OGRLayerH lc = GDALDatasetGetLayerByName(ds, "catchments");
    assert_non_null(la);
    assert_non_null(lc);
    size_t checked = 0, same_as_before = 0, changed = 0;
    char prev_key[8][64] = {{0}};
    char *prev_wkt[8] = {0};
    char *prev_origins[8] = {0};
    OGRFeatureH f;
    OGR_L_ResetReading(lc);
    while ((f = OGR_L_GetNextFeature(lc)) != NULL) {
        int year = OGR_F_GetFieldAsInteger(f, 0);
        const char *school = OGR_F_GetFieldAsString(f, 1);
        const char *level = OGR_F_GetFieldAsString(f, 3);
        /* this year's origins of the school level, from the assignments */
        char filter[256];
        snprintf(filter, sizeof filter, "year = %d AND school_id = '%s' AND level = '%s'", year,
                 school, level);
        OGR_L_SetAttributeFilter(la, filter);
        OGR_L_ResetReading(la);
        OGRGeometryH pts = OGR_G_CreateGeometry(wkbMultiPoint);
        char origins[1024] = "";
        OGRFeatureH g;
        while ((g = OGR_L_GetNextFeature(la)) != NULL) {
            OGRGeometryH line = OGR_F_GetGeometryRef(g);
            OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(pt, 0, OGR_G_GetX(line, 0), OGR_G_GetY(line, 0));
            OGR_G_AddGeometryDirectly(pts, pt);
            strncat(origins, OGR_F_GetFieldAsString(g, 1), sizeof origins - strlen(origins) - 2);
            strcat(origins, ",");
            OGR_F_Destroy(g);
        }
        OGRGeometryH fresh = jh_catchment_polygon(pts);
        assert_non_null(fresh);
        char *a = NULL, *b = NULL;
        OGR_G_ExportToWkt(OGR_F_GetGeometryRef(f), &a);
        OGR_G_ExportToWkt(fresh, &b);
        assert_string_equal(a, b);
        checked++;
        int sl = (int)(school[1] - '1') * 2 + (strcmp(level, "小学") != 0);
        assert_true(sl >= 0 && sl < 8);
        if (prev_origins[sl] && strcmp(prev_key[sl], school) == 0) {
            if (strcmp(prev_origins[sl], origins) == 0) {
                assert_string_equal(prev_wkt[sl], a);
                same_as_before++;
            } else {
                changed++;
            }
        }
        snprintf(prev_key[sl], sizeof prev_key[sl], "%s", school);
        CPLFree(prev_wkt[sl]);
        prev_wkt[sl] = a;
        free(prev_origins[sl]);
        prev_origins[sl] = strdup(origins);
        CPLFree(b);
        OGR_G_DestroyGeometry(fresh);
        OGR_G_DestroyGeometry(pts);
        OGR_F_Destroy(f);
    }
    for (int k = 0; k < 8; k++) {
        CPLFree(prev_wkt[k]);
        free(prev_origins[k]);
    }
    /* both paths taken: polygons reused and polygons rebuilt */
    assert_true(checked >= 20);
    assert_true(same_as_before > 0);
    assert_true(changed > 0);
    GDALClose(ds);
    fx_free(&r, &sc);
}

/* results.gpkg's writer alone: told to stop it gives up with its own
 * message; a path it cannot create names the path; a complete write is a
 * file that GDAL reads back with every school row. */
static void test_gpkg_stop(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "gpkg");
    jh_error err;
    atomic_bool stop;
    atomic_init(&stop, true);
    char p[1024];
    path_to(p, tmpdir, "stopped.gpkg");
    assert_int_equal(jh_output_write_gpkg_until(&r, p, &stop, &err), JH_ERR_RUN);
    assert_non_null(strstr(err.message, "stopped"));
    assert_non_null(strstr(err.message, "stopped.gpkg"));
    path_to(p, tmpdir, "no-such-folder/results.gpkg");
    atomic_store(&stop, false);
    assert_int_equal(jh_output_write_gpkg_until(&r, p, &stop, &err), JH_ERR_RUN);
    assert_non_null(strstr(err.message, "no-such-folder/results.gpkg"));
    path_to(p, tmpdir, "results.gpkg");
    assert_int_equal(jh_output_write_gpkg_until(&r, p, &stop, &err), JH_OK);
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayerByName(ds, "schools");
    assert_non_null(l);
    size_t rows = 0;
    for (size_t y = 0; y < r.n_years; y++)
        for (size_t i = 0; i < r.years[y].metrics.n_schools; i++)
            rows += r.years[y].metrics.schools[i].school >= 0;
    assert_true(rows > 0);
    assert_int_equal(OGR_L_GetFeatureCount(l, TRUE), (long long)rows);
    GDALClose(ds);
    fx_free(&r, &sc);
}

static void test_refuses_foreign_folder(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "x");
    char dir[1024];
    path_to(dir, tmpdir, "thesis");
    mkdir(dir, 0755);
    FILE *f = fopen(path_in(dir, "chapter1.docx"), "w");
    fputs("years of work", f);
    fclose(f);
    jh_error err;
    assert_int_equal(jh_output_write_run(&r, dir, NULL, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "refusing"));
    assert_true(exists(path_in(dir, "chapter1.docx")));
    assert_false(exists(path_in(dir, "summary.json")));
    assert_int_equal(count_entries(tmpdir, "thesis.tmp-"), 0);
    /* a plain file as OUT */
    char file[1024];
    path_to(file, tmpdir, "plain.txt");
    f = fopen(file, "w");
    fputs("x", f);
    fclose(f);
    assert_int_equal(jh_output_write_run(&r, file, NULL, &err), JH_ERR_INPUT);
    assert_true(exists(file));
    /* '.', '..' and '/' are never an output folder */
    assert_int_equal(jh_output_write_run(&r, ".", NULL, &err), JH_ERR_INPUT);
    assert_int_equal(jh_output_write_run(&r, "/", NULL, &err), JH_ERR_INPUT);
    char dots[1024];
    path_to(dots, tmpdir, "..");
    assert_int_equal(jh_output_write_run(&r, dots, NULL, &err), JH_ERR_INPUT);
    /* an empty folder is fine */
    char empty[1024];
    path_to(empty, tmpdir, "empty");
    mkdir(empty, 0755);
    assert_int_equal(jh_output_write_run(&r, empty, NULL, &err), JH_OK);
    assert_true(exists(path_in(empty, "summary.json")));
    fx_free(&r, &sc);
}

static void test_replace_without_exchange(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "one");
    char out[1024];
    path_to(out, tmpdir, "OUT");
    jh_error err;
    /* the first write renames (nothing to exchange with) */
    exchange_calls = 0;
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    assert_int_equal(exchange_calls, 0);
    /* the second exchanges */
    free(sc.name);
    sc.name = strdup("two");
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    assert_int_equal(exchange_calls, 1);
    char *s = slurp(path_in(out, "summary.json"));
    assert_non_null(strstr(s, "\"two\""));
    free(s);
    /* without the exchange: old moved aside, new renamed in, old removed */
    no_exchange = true;
    free(sc.name);
    sc.name = strdup("three");
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    no_exchange = false;
    assert_int_equal(exchange_calls, 2);
    s = slurp(path_in(out, "summary.json"));
    assert_non_null(strstr(s, "\"three\""));
    free(s);
    assert_int_equal(count_entries(tmpdir, ".tmp-"), 0);
    assert_int_equal(count_entries(tmpdir, ".old-"), 0);
    assert_int_equal(count_entries(tmpdir, "OUT"), 1);
    fx_free(&r, &sc);
}

/* ------------------------------------------------------------ helpers */

static char *field_text(const char *s)
{
    static char buf[256];
    memset(buf, 0, sizeof buf);
    FILE *f = fmemopen(buf, sizeof buf, "w");
    jh_csv_field(f, s);
    fclose(f);
    return buf;
}

static void test_helpers(void **state)
{
    (void)state;
    assert_string_equal(field_text("plain"), "plain");
    assert_string_equal(field_text("a,b"), "\"a,b\"");
    assert_string_equal(field_text("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(field_text("two\nlines"), "\"two\nlines\"");
    assert_string_equal(field_text(" lead"), "\" lead\"");
    assert_string_equal(field_text(NULL), "");
    assert_string_equal(field_text("中文"), "中文");

    char b[64];
    jh_output_format_number(b, sizeof b, 0.1);
    assert_string_equal(b, "0.1");
    jh_output_format_number(b, sizeof b, 1.0 / 3);
    assert_string_equal(b, "0.333333333333333");
    jh_output_format_number(b, sizeof b, NAN);
    assert_string_equal(b, "");
    jh_output_format_number(b, sizeof b, INFINITY);
    assert_string_equal(b, "");
    jh_output_format_number(b, sizeof b, -0.0);
    assert_string_equal(b, "0");
    jh_output_format_number(b, sizeof b, 1234567);
    assert_string_equal(b, "1234567");

    jh_output_run_folder_name(b, sizeof b, "a/b\\c", 0);
    assert_string_equal(b, "a_b_c");
    jh_output_run_folder_name(b, sizeof b, ".hidden", 0);
    assert_string_equal(b, "_hidden");
    jh_output_run_folder_name(b, sizeof b, "", 2);
    assert_string_equal(b, "scenario-3");
    jh_output_run_folder_name(b, sizeof b, NULL, 0);
    assert_string_equal(b, "scenario-1");
    jh_output_run_folder_name(b, sizeof b, "撤并\t2026", 0);
    assert_string_equal(b, "撤并_2026");
    /* cut short inside a 3-byte character: the character is dropped */
    char small[6];
    jh_output_run_folder_name(small, sizeof small, "ab撤并", 0);
    assert_string_equal(small, "ab撤");
    char tiny[5];
    jh_output_run_folder_name(tiny, sizeof tiny, "ab撤并", 0);
    assert_string_equal(tiny, "ab");

    assert_string_equal(jh_output_status_name(JH_STATUS_OPEN), "open");
    assert_string_equal(jh_output_status_name(JH_STATUS_CLOSED), "closed");
    assert_string_equal(jh_output_status_name(JH_STATUS_NEW), "new");
    assert_string_equal(jh_output_status_name(JH_STATUS_CANDIDATE), "candidate");

    char pbuf[160];
    jh_progress_format(pbuf, sizeof pbuf, "run", 3, 12);
    assert_string_equal(pbuf, "run [#######.......................]  25% (3/12)");
    jh_progress_format(pbuf, sizeof pbuf, "run", 20, 10); /* clamped */
    assert_non_null(strstr(pbuf, "100% (10/10)"));
    jh_progress_format(pbuf, sizeof pbuf, "x", 7, 0);
    assert_string_equal(pbuf, "x 7");
    /* quiet never draws (and under ctest stderr is not a terminal either) */
    assert_false(jh_progress_enabled(true));
    jh_progress pr;
    jh_progress_begin(&pr, "q", 10, true);
    assert_false(pr.active);
    jh_progress_step(&pr);
    assert_int_equal(pr.done, 1);
    jh_progress_end(&pr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_summary_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metrics_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreach_stops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schools_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_only_on_success, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpkg_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpkg_catchments_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_foreign_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_without_exchange, setup, teardown),
        cmocka_unit_test(test_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
