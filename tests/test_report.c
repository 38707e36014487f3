/*
 * test_report: what people open — report.html rendered by headless
 * Chromium and checked in the DOM it builds (every school on the map, every
 * year, the charts, the hostile school name shown as text and never run,
 * no URL in the file), the result Shapefiles read by GDAL's ogrinfo (feature
 * counts, CRS, UTF-8 names) and by Shapelib, and `compare`'s CSV and page
 * naming every scenario. The Chromium and ogrinfo parts are skipped, with a
 * message, only when those programs are missing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/csv.h"
#include "output/output.h"
#include "output_fixture.h"
#include "output/report_html.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jh_test_report-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_to(char *dst, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    assert_true(la + lb + 2 <= 1024);
    memmove(dst, a, la);
    dst[la] = '/';
    memcpy(dst + la + 1, b, lb + 1);
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

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static bool have(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

/* The DOM Chromium builds from a file (NULL when it fails). */
static char *dump_dom(const char *html)
{
    char out[1024], profile[1024], cmd[4096];
    path_to(out, tmpdir, "dom.html");
    path_to(profile, tmpdir, "chromium-profile");
    snprintf(cmd, sizeof cmd,
             "timeout 120 chromium --headless --no-sandbox --disable-gpu "
             "--disable-background-networking --user-data-dir='%s' --dump-dom 'file://%s' "
             "> '%s' 2>/dev/null",
             profile, html, out);
    if (system(cmd) != 0)
        return NULL;
    return slurp(out);
}

/* Text of `ogrinfo ARGS` (NULL when it fails). */
static char *ogrinfo(const char *args)
{
    char out[1024], cmd[4096];
    path_to(out, tmpdir, "ogrinfo.txt");
    snprintf(cmd, sizeof cmd, "ogrinfo %s > '%s' 2>&1", args, out);
    if (system(cmd) != 0)
        return NULL;
    return slurp(out);
}

/* ------------------------------------------------------------ report */

static void check_static_file(const char *html, int scripts, int data)
{
    /* self-contained: nothing fetched, nothing run */
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    /* inline scripts only (the map's zoom, pan and year selector; the
     * per-school table's year, sort and filter) and the table's JSON data
     * block, with no source, fetch or request of any kind */
    assert_int_equal(count(html, "<script"), scripts + data);
    assert_int_equal(count(html, "<script>"), scripts);
    assert_int_equal(count(html, "<script type=\"application/json\" id=\"schools-data\">"), data);
    assert_null(strstr(html, "fetch("));
    assert_null(strstr(html, "XMLHttpRequest"));
    assert_null(strstr(html, "import("));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "url("));
    assert_null(strstr(html, "@import"));
}

static void test_report_dom(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "close <S2> & merge");
    char out[1024], report[1024];
    path_to(out, tmpdir, "OUT");
    jh_error err;
    assert_int_equal(jh_output_write_run(&r, out, NULL, &err), JH_OK);
    path_to(report, out, "report.html");
    char *html = slurp(report);
    assert_non_null(html);
    check_static_file(html, 2, 1);
    /* the hostile names are in the file as text only */
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "close &lt;S2&gt; &amp; merge"));
    assert_non_null(strstr(html, "West &lt;b&gt;village&lt;/b&gt;"));
    assert_null(strstr(html, "<b>village"));
    assert_non_null(strstr(html, "lang=\"zh-CN\""));
    assert_non_null(strstr(html, "小学"));
    free(html);

    if (!have("chromium")) {
        print_message("SKIPPED: chromium is not installed; the DOM checks of report.html "
                      "did not run\n");
        fx_free(&r, &sc);
        skip();
    }
    char *dom = dump_dom(report);
    assert_non_null(dom);
    /* no element was made of the names: the only script is the map's */
    assert_int_equal(count(dom, "<script"), 3);
    assert_int_equal(count(dom, "<script>"), 2);
    assert_null(strstr(dom, "<b>village"));
    assert_non_null(strstr(dom, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    /* the map: the base and the final year, every school in each (closed
     * S2 as a cross in the final year), every village once, a catchment
     * per school and level with placed students in the final year (none
     * for the base year: a result built in code keeps no yearly flows), a
     * label per open school, north arrow, scale bar */
    assert_int_equal(count(dom, "<g id=\"map-view\""), 1);
    assert_int_equal(count(dom, "<g class=\"map-year school-layer\" data-year=\"2025\""), 1);
    assert_int_equal(count(dom, "<g class=\"map-year school-layer\" data-year=\"2027\""), 1);
    assert_int_equal(count(dom, "<g class=\"school sym\" data-year=\"2025\""), 4);
    assert_int_equal(count(dom, "<g class=\"school sym\" data-year=\"2027\""), 4);
    assert_non_null(strstr(dom, "<g class=\"school sym\" data-year=\"2027\" data-status=\"closed\" "
                                "data-compliant=\"closed\" data-students=\"0\" data-id=\"S2\""));
    assert_non_null(strstr(dom, "<g class=\"school sym\" data-year=\"2025\" data-status=\"open\""));
    assert_int_equal(count(dom, "<circle class=\"village\""), 3);
    /* primary: S1 (V1, V2), S4 (its own site); junior: S3 (V3), S4 */
    assert_int_equal(count(dom, "<path class=\"catchment\" data-year=\"2027\""), 4);
    assert_int_equal(count(dom, "<path class=\"catchment\" data-year=\"2027\" data-level=\"primary\" "
                                "data-origins=\"2\" data-students=\"360\" data-school=\"S1\""), 1);
    assert_int_equal(count(dom, "<path class=\"catchment\" data-year=\"2025\""), 0);
    assert_int_equal(count(dom, "<text class=\"label sym\" data-year=\"2027\""), 3);
    assert_int_equal(count(dom, "<text class=\"label sym\" data-year=\"2027\" data-z=\"1\" data-id=\"S2\""), 0);
    assert_int_equal(count(dom, "id=\"scale-bar\""), 1);
    assert_int_equal(count(dom, "id=\"north-arrow\""), 1);
    assert_non_null(strstr(dom, "<aside class=\"map-legend\""));
    /* S1 grew to 360 students through the closure */
    assert_non_null(strstr(dom, "data-year=\"2027\" data-status=\"open\" data-compliant="));
    assert_non_null(strstr(dom, "data-students=\"360\" data-id=\"S1\""));
    /* every year: the year table, the pass tables (4), classes, the
     * guarantee tables (2, issue 11), distance, teachers and cost tables
     * each have a row per year, and the recurrent-cost table (issue 22) */
    for (int y = 2025; y <= 2027; y++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<tr data-year=\"%d\">", y);
        assert_int_equal(count(dom, needle), 1 + 4 + 1 + 2 + 1 + 1 + 1 + 1);
    }
    assert_null(strstr(dom, "data-year=\"2028\""));
    /* the charts: a CV chart per level and standard with its limit, classes,
     * distance bands and share, teachers, cost, and the five concerns
     * (posts, boarding, size limit, classrooms, music/art rooms; the
     * idle-premises chart only with closed schools' premises) */
    assert_int_equal(count(dom, "<svg class=\"chart\""), 4 + 1 + 2 + 1 + 1 + 5);
    const char *metrics[] = {"cv.primary.quality", "cv.junior.quality", "cv.primary.basic",
                             "cv.junior.basic", "classes.large", "distance.bands",
                             "distance.share_beyond", "teachers", "cost"};
    for (size_t k = 0; k < sizeof metrics / sizeof metrics[0]; k++) {
        char needle[96];
        snprintf(needle, sizeof needle, "<svg class=\"chart\" data-metric=\"%s\"", metrics[k]);
        assert_int_equal(count(dom, needle), 1);
    }
    assert_int_equal(count(dom, "<line class=\"limit\""), 4);
    assert_non_null(strstr(dom, "class=\"limit\" data-limit=\"0.5\""));
    assert_non_null(strstr(dom, "class=\"limit\" data-limit=\"0.45\""));
    /* points of the line charts, 3 years each: quality CV charts 7 + mean
     * series (x2 levels), basic 8 + mean (x2), classes 4, distance share 2,
     * the concerns: posts 4, boarding 4, size 2, classrooms 4, music/art 2 */
    assert_int_equal(count(dom, "<circle class=\"point\""),
                     3 * (2 * 8 + 2 * 9 + 4 + 2 + (4 + 4 + 2 + 4 + 2)));
    /* the needs by level and year (issue 16): a row per year and level */
    const char *concerns[] = {"concern.posts", "needs.boarding", "concern.over_size",
                              "concern.classrooms", "concern.music_art"};
    for (size_t k = 0; k < sizeof concerns / sizeof concerns[0]; k++) {
        char needle[96];
        snprintf(needle, sizeof needle, "<svg class=\"chart\" data-metric=\"%s\"", concerns[k]);
        assert_int_equal(count(dom, needle), 1);
    }
    assert_int_equal(count(dom, "<svg class=\"chart\" data-metric=\"needs.boarding\""), 1);
    assert_int_equal(count(dom, "<td data-metric=\"posts_short\""), 3 * 2);
    assert_int_equal(count(dom, "<td data-metric=\"boarding_beds\">"), 3 * 2);
    /* the plan: no interventions said so; the per-school table */
    assert_non_null(strstr(dom, "<section id=\"interventions\">"));
    assert_non_null(strstr(dom, "<aside id=\"plan-warnings\""));
    assert_non_null(strstr(dom, "<table id=\"schools-table\">"));
    /* pass tables per standard and level, first pass year stated */
    assert_int_equal(count(dom, "<table class=\"pass-table\""), 4);
    assert_non_null(strstr(dom, "data-level=\"primary\" data-standard=\"quality\">"));
    char *fp = strstr(dom, "<p class=\"first-pass-year\" data-level=\"primary\" "
                           "data-standard=\"quality\">");
    assert_non_null(fp);
    assert_true(strstr(fp, "<b>2026</b>") && strstr(fp, "<b>2026</b>") < strstr(fp, "</p>"));
    /* distance bands: a row per band, the students of the final flows */
    assert_int_equal(count(dom, "<tr data-band="), 6);
    free(dom);

    /* English */
    char en_path[1024];
    path_to(en_path, tmpdir, "report-en.html");
    assert_int_equal(jh_report_html_write(&r, en_path, "en", &err), JH_OK);
    html = slurp(en_path);
    check_static_file(html, 2, 1);
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Primary"));
    assert_null(strstr(html, "小学"));
    free(html);

    /* a run with no years still gives a page */
    jh_run_result r0 = r;
    r0.n_years = 0;
    r0.n_final_flows = 0;
    assert_int_equal(jh_report_html_write(&r0, en_path, "en", &err), JH_OK);
    fx_free(&r, &sc);
}

/* ------------------------------------------------------------ layers */

static void test_layers(void **state)
{
    (void)state;
    jh_run_result r;
    jh_scenario sc;
    fx_build(&r, &sc, "layers");
    jh_error err;
    assert_int_equal(jh_output_write_layers(&r, tmpdir, &err), JH_OK);
    char p[1024];
    path_to(p, tmpdir, "schools.cpg");
    char *cpg = slurp(p);
    assert_string_equal(cpg, "UTF-8");
    free(cpg);
    path_to(p, tmpdir, "assignments.prj");
    char *prj = slurp(p);
    assert_non_null(strstr(prj, "PROJCS["));
    assert_non_null(strstr(prj, "UTM"));
    free(prj);

    /* Shapelib reads back every school with its final status and name */
    path_to(p, tmpdir, "schools");
    DBFHandle dbf = DBFOpen(p, "rb");
    assert_non_null(dbf);
    assert_int_equal(DBFGetRecordCount(dbf), 4);
    int fid = DBFGetFieldIndex(dbf, "id"), fname = DBFGetFieldIndex(dbf, "name");
    int fstatus = DBFGetFieldIndex(dbf, "status"), fst = DBFGetFieldIndex(dbf, "students");
    assert_true(fid >= 0 && fname >= 0 && fstatus >= 0 && fst >= 0);
    assert_string_equal(DBFReadStringAttribute(dbf, 1, fid), "S2");
    assert_string_equal(DBFReadStringAttribute(dbf, 1, fname), FX_HOSTILE);
    assert_string_equal(DBFReadStringAttribute(dbf, 1, fstatus), "closed");
    assert_int_equal(DBFReadIntegerAttribute(dbf, 1, fst), 0);
    assert_int_equal(DBFReadIntegerAttribute(dbf, 0, fst), 360);
    assert_int_equal(DBFReadIntegerAttribute(dbf, 3, fst), 90); /* nine-year: 60 + 30 */
    assert_string_equal(DBFReadStringAttribute(dbf, 3, fname), "九年一贯制学校");
    DBFClose(dbf);
    path_to(p, tmpdir, "assignments");
    SHPHandle shp = SHPOpen(p, "rb");
    assert_non_null(shp);
    int n, type;
    SHPGetInfo(shp, &n, &type, NULL, NULL);
    assert_int_equal(n, 5);
    assert_int_equal(type, SHPT_ARC);
    SHPObject *o = SHPReadObject(shp, 0); /* V1 -> S1 */
    assert_int_equal(o->nVertices, 2);
    assert_true(o->padfX[0] == 500800 && o->padfY[0] == 3400600);
    assert_true(o->padfX[1] == 500000 && o->padfY[1] == 3400000);
    SHPDestroyObject(o);
    o = SHPReadObject(shp, 3); /* S4's own students: from its site to itself */
    assert_true(o->padfX[0] == 496000 && o->padfX[1] == 496000);
    SHPDestroyObject(o);
    SHPClose(shp);

    if (!have("ogrinfo")) {
        print_message("SKIPPED: ogrinfo (GDAL) is not installed; the GDAL checks of the "
                      "layers did not run\n");
        fx_free(&r, &sc);
        skip();
    }
    char args[2048];
    snprintf(args, sizeof args, "-al -so '%s/schools.shp'", tmpdir);
    char *info = ogrinfo(args);
    assert_non_null(info);
    assert_non_null(strstr(info, "Feature Count: 4"));
    assert_non_null(strstr(info, "Geometry: Point"));
    assert_non_null(strstr(info, "UTM zone 50N"));
    free(info);
    snprintf(args, sizeof args, "-al -so '%s/assignments.shp'", tmpdir);
    info = ogrinfo(args);
    assert_non_null(info);
    assert_non_null(strstr(info, "Feature Count: 5"));
    assert_non_null(strstr(info, "Line String"));
    free(info);
    /* GDAL decodes the names as UTF-8 (the .cpg) */
    snprintf(args, sizeof args, "-al -q -where \"id = 'S4'\" '%s/schools.shp'", tmpdir);
    info = ogrinfo(args);
    assert_non_null(info);
    assert_non_null(strstr(info, "九年一贯制学校"));
    free(info);
    fx_free(&r, &sc);
}

/* ------------------------------------------------------------ comparison */

static void test_comparison(void **state)
{
    (void)state;
    jh_run_result a, b;
    jh_scenario sa, sb;
    fx_build(&a, &sa, "do-nothing");
    fx_build(&b, &sb, "close S2 / <b>merge</b>");
    b.total_cost_wan = 999;
    b.first_pass_year[JH_PRIMARY][JH_STANDARD_QUALITY] = 2027;
    const jh_run_result *runs[2] = {&a, &b};
    char out[1024], p[1024];
    path_to(out, tmpdir, "CMP");
    jh_error err;
    assert_int_equal(jh_output_write_comparison(runs, 2, out, NULL, &err), JH_OK);

    /* comparison.csv: both scenarios, each with all of its metric rows */
    path_to(p, out, "comparison.csv");
    jh_csv *c;
    assert_int_equal(jh_csv_open(&c, p, NULL, NULL, &err), JH_OK);
    assert_int_equal(jh_csv_columns(c), 5);
    assert_int_equal(jh_csv_column(c, "scenario"), 0);
    assert_int_equal(jh_csv_column(c, "value"), 4);
    bool has;
    int na = 0, nb = 0, other = 0;
    bool saw_cost = false;
    while (jh_csv_next(c, &has, &err) == JH_OK && has) {
        const char *s = jh_csv_get(c, 0);
        if (strcmp(s, "do-nothing") == 0)
            na++;
        else if (strcmp(s, "close S2 / <b>merge</b>") == 0)
            nb++;
        else
            other++;
        if (strcmp(jh_csv_get(c, 1), "2026") == 0 && strcmp(jh_csv_get(c, 3), "cost_wan") == 0) {
            assert_string_equal(jh_csv_get(c, 2), "all");
            assert_string_equal(jh_csv_get(c, 4), "150.5");
            saw_cost = true;
        }
    }
    jh_csv_close(c);
    assert_true(na > 100);
    assert_int_equal(na, nb);
    assert_int_equal(other, 0);
    assert_true(saw_cost);
    /* each run's own folder, the name made safe */
    path_to(p, out, "do-nothing/summary.json");
    assert_int_equal(access(p, R_OK), 0);
    path_to(p, out, "close S2 _ <b>merge<_b>/summary.json");
    assert_int_equal(access(p, R_OK), 0);
    path_to(p, out, "close S2 _ <b>merge<_b>/report.html");
    assert_int_equal(access(p, R_OK), 0);

    path_to(p, out, "comparison.html");
    char *html = slurp(p);
    assert_non_null(html);
    check_static_file(html, 0, 0);
    assert_non_null(strstr(html, "do-nothing"));
    assert_non_null(strstr(html, "close S2 / &lt;b&gt;merge&lt;/b&gt;"));
    free(html);
    if (!have("chromium")) {
        print_message("SKIPPED: chromium is not installed; the DOM checks of "
                      "comparison.html did not run\n");
    } else {
        char *dom = dump_dom(p);
        assert_non_null(dom);
        assert_null(strstr(dom, "<script"));
        assert_null(strstr(dom, "<b>merge"));
        /* one column per scenario in the key outcomes and in the table */
        assert_int_equal(count(dom, "<th class=\"scenario\""), 2 * 2);
        /* key outcomes (issue 16): the cheaper plan's cost marked best, the
         * difference against the first scenario 999 - 230.5, a verdict
         * line each, the better plan named */
        char *ko = strstr(dom, "<table id=\"outcome-table\">");
        assert_non_null(ko);
        char *krow = strstr(ko, "<tr data-row=\"total_cost_wan\">");
        assert_non_null(krow);
        char *kend = strstr(krow, "</tr>");
        char *best = strstr(krow, "data-best=\"1\"");
        char *second = strstr(krow, "data-scenario-index=\"1\"");
        assert_true(best && second && best < second && second < kend);
        char *diff = strstr(krow, "data-diff=\"768.5\"");
        assert_true(diff && diff > second && diff < kend);
        assert_int_equal(count(dom, "<p class=\"verdict-line\""), 2);
        assert_non_null(strstr(dom, "<p class=\"best-plan\" data-best-scenario=\""));
        assert_int_equal(count(dom, "<li class=\"scenario\""), 2);
        /* side by side: first pass years 2026 vs 2027, costs 230.5 vs 999 */
        char *row = strstr(dom, "data-row=\"first_pass_year.primary.quality\"");
        assert_non_null(row);
        char *end = strstr(row, "</tr>");
        char *y26 = strstr(row, "<td>2026</td>"), *y27 = strstr(row, "<td>2027</td>");
        assert_true(y26 && y27 && y26 < y27 && y27 < end);
        row = strstr(strstr(dom, "<table id=\"comparison-table\">"), "data-row=\"total_cost_wan\"");
        assert_non_null(row);
        end = strstr(row, "</tr>");
        char *c1 = strstr(row, "<td>230.5</td>"), *c2 = strstr(row, "<td>999</td>");
        assert_true(c1 && c2 && c1 < c2 && c2 < end);
        /* every indicator's final CV in the folded detail table */
        assert_int_equal(count(dom, "<details id=\"cv-detail\">"), 1);
        assert_int_equal(count(dom, "<tr data-row=\"final_cv."), 4 + 2 * JH_NQUALITY +
                                                                    2 * JH_NBASIC);
        assert_int_equal(count(dom, "<tr data-row=\"final_cv.junior.basic.books_per_student\">"),
                         1);
        /* overlaid charts: one series per scenario */
        /* + the recurrent cost per year (issue 22) */
        assert_int_equal(count(dom, "<svg class=\"chart\""), 4 + 2 + 2 + 1 + 1);
        char *chart = strstr(dom, "data-metric=\"cv_mean.primary.quality\"");
        assert_non_null(chart);
        char *fig_end = strstr(chart, "</figure>");
        int series = 0;
        for (char *s = chart; (s = strstr(s, "<g class=\"series\"")) && s < fig_end; s++)
            series++;
        assert_int_equal(series, 2);
        free(dom);
    }

    /* a run without a result fails the comparison: OUT is left as it was */
    jh_run_result empty;
    memset(&empty, 0, sizeof empty);
    const jh_run_result *bad[2] = {&a, &empty};
    char before_path[1024];
    path_to(before_path, out, "comparison.csv");
    char *before = slurp(before_path);
    assert_int_not_equal(jh_output_write_comparison(bad, 2, out, NULL, &err), JH_OK);
    char *after = slurp(before_path);
    assert_string_equal(before, after);
    free(before);
    free(after);
    fx_free(&a, &sa);
    fx_free(&b, &sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_dom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comparison, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
