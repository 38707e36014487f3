/*
 * test_county_parts: the scenario parts the county depends on
 * (engine/sim/county_parts.c), which `junheng sweep` and `junheng compare`
 * both use. jh_county_part names data, interventions, ... (a path within a
 * part too, a longer key sharing its first letters not), travel and
 * rules.distance_km only with roads. jh_county_parts_key gives equal texts
 * for files differing only in other keys, in comments or in YAML style, and
 * different ones for another intervention, another distance, the same text
 * in another folder, a path spelled otherwise; NULL for a missing file or
 * bad YAML. jh_county_copy_all (engine/county_copy.c) keeps the load's
 * warnings and field sources of the sample county.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "county.h"
#include "sim/county_parts.h"
#include "sim/scenario_io.h"
#include "travel/roads.h"

static void parts_named(void **state)
{
    (void)state;
    assert_true(jh_county_part("data", false));
    assert_true(jh_county_part("data.schools", false));
    assert_true(jh_county_part("interventions", false));
    assert_true(jh_county_part("inflow", false));
    assert_true(jh_county_part("optimise.consolidation.fixed", false));
    assert_true(jh_county_part("horizon.end", false));
    assert_true(jh_county_part("rules.distance_minutes", false));
    assert_true(jh_county_part("migration.destinations.urban", false));
    assert_false(jh_county_part("migration.internal", false));
    assert_false(jh_county_part("teachers.rotation.share_of_eligible", true));
    assert_false(jh_county_part("rules.class_size", true));
    assert_false(jh_county_part("database", true));
    assert_false(jh_county_part("rules", true));
    assert_false(jh_county_part("rules.distance_km", false));
    assert_true(jh_county_part("rules.distance_km.primary", true));
    assert_false(jh_county_part("travel.mode", false));
    assert_true(jh_county_part("travel.mode", true));
}

static char root[] = "/tmp/test_county_parts.XXXXXX";

static const char *write_file(const char *rel, const char *text)
{
    static char path[8][512];
    static int k;
    char *p = path[k++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static char *key_of(const char *rel, const char *text)
{
    return jh_county_parts_key(write_file(rel, text));
}

#define BASE                                                                                      \
    "data:\n  schools: schools.shp\n  villages: villages.shp\n  crs: EPSG:4547\n"               \
    "horizon: {start: 2025, end: 2030}\nrules:\n  distance_km: {primary: 3, junior: 5}\n"

static void keys_compared(void **state)
{
    (void)state;
    char dx[600], dy[600];
    snprintf(dx, sizeof dx, "%s/x", root);
    snprintf(dy, sizeof dy, "%s/y", root);
    assert_int_equal(mkdir(dx, 0700), 0);
    assert_int_equal(mkdir(dy, 0700), 0);

    char *base = key_of("x/base.yaml", "name: base\n" BASE);
    assert_non_null(base);
    assert_non_null(strstr(base, "schools.shp"));
    /* other keys, comments, block vs flow style: the same county */
    char *rot = key_of("x/rot.yaml",
                       "# rotation\nname: rot\n" BASE
                       "  class_size: {primary: 40}\nteachers:\n  rotation: {share_of_eligible: 0.2}\n");
    assert_string_equal(base, rot);
    char *block = key_of("x/block.yaml",
                         "name: block\ndata: {schools: schools.shp, villages: villages.shp, "
                         "crs: EPSG:4547}\nhorizon:\n  start: 2025\n  end: 2030\n"
                         "rules: {distance_km: {primary: 3, junior: 5}}\n");
    assert_string_equal(base, block);
    /* an intervention, another distance, another horizon: another county */
    char *iv = key_of("x/iv.yaml", "name: iv\n" BASE
                      "interventions:\n  - {year: 2026, close: S001, students_to: nearest}\n");
    assert_string_not_equal(base, iv);
    char *km = key_of("x/km.yaml",
                      "name: km\ndata:\n  schools: schools.shp\n  villages: villages.shp\n"
                      "  crs: EPSG:4547\nhorizon: {start: 2025, end: 2030}\nrules:\n"
                      "  distance_km: {primary: 4, junior: 5}\n");
    assert_string_not_equal(base, km);
    char *hz = key_of("x/hz.yaml",
                      "name: hz\ndata:\n  schools: schools.shp\n  villages: villages.shp\n"
                      "  crs: EPSG:4547\nhorizon: {start: 2025, end: 2031}\nrules:\n"
                      "  distance_km: {primary: 3, junior: 5}\n");
    assert_string_not_equal(base, hz);
    /* a quoted number is kept apart from a plain one */
    char *q = key_of("x/q.yaml",
                     "name: q\ndata:\n  schools: schools.shp\n  villages: villages.shp\n"
                     "  crs: EPSG:4547\nhorizon: {start: \"2025\", end: 2030}\nrules:\n"
                     "  distance_km: {primary: 3, junior: 5}\n");
    assert_string_not_equal(base, q);
    /* the same text in another folder: other files */
    char *other = key_of("y/base.yaml", "name: base\n" BASE);
    assert_non_null(other);
    assert_string_not_equal(base, other);
    /* the same file spelled otherwise (absolute): loaded on its own */
    char abs[1400];
    snprintf(abs, sizeof abs,
             "name: abs\ndata:\n  schools: %s/schools.shp\n  villages: villages.shp\n"
             "  crs: EPSG:4547\nhorizon: {start: 2025, end: 2030}\nrules:\n"
             "  distance_km: {primary: 3, junior: 5}\n", dx);
    char *ab = key_of("x/abs.yaml", abs);
    assert_string_not_equal(base, ab);
    /* cannot tell: NULL */
    assert_null(key_of("x/bad.yaml", "name: [unclosed\n"));
    assert_null(key_of("x/list.yaml", "- a\n- b\n"));
    char missing[600];
    snprintf(missing, sizeof missing, "%s/x/none.yaml", root);
    assert_null(jh_county_parts_key(missing));
    free(base);
    free(rot);
    free(block);
    free(iv);
    free(km);
    free(hz);
    free(q);
    free(other);
    free(ab);
}

static void copy_keeps_warnings(void **state)
{
    (void)state;
    const char *src = getenv("JH_SOURCE_DIR");
    if (!src)
        src = "..";
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/baseline.yaml", src);
    jh_scenario sc;
    jh_error err = {0};
    assert_int_equal(jh_scenario_load(&sc, path, &err), JH_OK);
    jh_county c;
    assert_int_equal(jh_county_load_travel(&c, &sc, &err), JH_OK);
    jh_warnings_add(&c.warnings, "a warning the copy keeps");
    jh_county *d = jh_county_copy_all(&c);
    assert_non_null(d);
    assert_int_equal(d->n_schools, c.n_schools);
    assert_int_equal(d->n_villages, c.n_villages);
    assert_true(c.warnings.count >= 1);
    assert_int_equal(d->warnings.count, c.warnings.count);
    for (size_t k = 0; k < c.warnings.count; k++)
        assert_string_equal(d->warnings.items[k], c.warnings.items[k]);
    for (int l = 0; l < 2; l++) {
        assert_int_equal(d->n_field_source[l], c.n_field_source[l]);
        assert_true(c.n_field_source[l] > 0);
        for (size_t k = 0; k < c.n_field_source[l]; k++) {
            if (c.field_source[l][k])
                assert_string_equal(d->field_source[l][k], c.field_source[l][k]);
            else
                assert_null(d->field_source[l][k]);
        }
    }
    assert_string_equal(d->crs, c.crs);
    assert_int_equal(jh_county_find_school(d, c.schools[c.n_schools - 1].id),
                     (int)c.n_schools - 1);
    jh_county_free(d);
    free(d);
    jh_county_free(&c);
    jh_scenario_free(&sc);
}

int main(void)
{
    if (!mkdtemp(root))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts_named),
        cmocka_unit_test(keys_compared),
        cmocka_unit_test(copy_keeps_warnings),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
