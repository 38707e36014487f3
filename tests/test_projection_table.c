/*
 * test_projection_table: the dense projections table's row reads
 * (engine/county_projections.c, jh_county_projection_ages), whose byte
 * rows are tested a word at a time: every age given, none, one at each
 * end and at the byte both words share, populations whose cells have the
 * top bit set (127 -> 0x80, 254 -> 0xFF) or are 1 (population 0), and a
 * pattern of every kind checked against the per-cell read.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "county.h"

/* A county of `nv` villages with an empty byte table over 2025-2027. */
static void county_init(jh_county *c, size_t nv)
{
    memset(c, 0, sizeof *c);
    c->n_villages = nv;
    assert_int_equal(jh_county_reserve_projections(c, 2025, 2027), JH_OK);
    assert_int_equal(c->proj.width, 1);
}

static void fill(double *vals, double x)
{
    for (int a = 0; a < JH_PROJ_AGES; a++)
        vals[a] = x;
}

static void test_every_age(void **state)
{
    (void)state;
    jh_county c;
    county_init(&c, 3);
    for (int a = 0; a < JH_PROJ_AGES; a++) /* 0, 127 (0x80), 254 (0xFF), ... */
        assert_int_equal(jh_county_set_projection(&c, 1, 2026, a,
                                                  a == 0 ? 0 : a == 7 ? 127 : a == 14 ? 254 : a),
                         JH_OK);
    double vals[JH_PROJ_AGES];
    fill(vals, -1);
    assert_int_equal(jh_county_projection_ages(&c, 1, 2026, vals), 0x7FFF);
    assert_true(vals[0] == 0);
    assert_true(vals[7] == 127);
    assert_true(vals[14] == 254);
    assert_true(vals[3] == 3);
    assert_int_equal(jh_county_projection_ages(&c, 1, 2026, NULL), 0x7FFF);
    /* the rows beside it give nothing: vals untouched */
    fill(vals, -1);
    assert_int_equal(jh_county_projection_ages(&c, 0, 2026, vals), 0);
    assert_int_equal(jh_county_projection_ages(&c, 2, 2026, vals), 0);
    assert_int_equal(jh_county_projection_ages(&c, 1, 2025, vals), 0);
    assert_int_equal(jh_county_projection_ages(&c, 1, 2027, vals), 0);
    for (int a = 0; a < JH_PROJ_AGES; a++)
        assert_true(vals[a] == -1);
    /* outside the table */
    assert_int_equal(jh_county_projection_ages(&c, 1, 2028, vals), 0);
    assert_int_equal(jh_county_projection_ages(&c, 3, 2026, vals), 0);
    assert_int_equal(jh_county_projection_ages(&c, -1, 2026, vals), 0);
    jh_projection_table_free(&c.proj);
}

/* One age given: the first, the byte both words read, the last; then all
 * but one. */
static void test_some_ages(void **state)
{
    (void)state;
    const int ages[] = {0, 7, 8, 14};
    for (size_t k = 0; k < sizeof ages / sizeof ages[0]; k++) {
        jh_county c;
        county_init(&c, 2);
        int a = ages[k];
        assert_int_equal(jh_county_set_projection(&c, 0, 2025, a, 127), JH_OK);
        double vals[JH_PROJ_AGES];
        fill(vals, -1);
        assert_int_equal(jh_county_projection_ages(&c, 0, 2025, vals), 1u << a);
        for (int b = 0; b < JH_PROJ_AGES; b++)
            assert_true(vals[b] == (b == a ? 127 : -1));
        /* every age but a */
        for (int b = 0; b < JH_PROJ_AGES; b++)
            if (b != a)
                assert_int_equal(jh_county_set_projection(&c, 1, 2025, b, 0), JH_OK);
        fill(vals, -1);
        assert_int_equal(jh_county_projection_ages(&c, 1, 2025, vals), 0x7FFFu & ~(1u << a));
        for (int b = 0; b < JH_PROJ_AGES; b++)
            assert_true(vals[b] == (b == a ? -1 : 0));
        jh_projection_table_free(&c.proj);
    }
}

/* Rows of every mix, row by row against jh_county_projection. */
static void test_against_cells(void **state)
{
    (void)state;
    jh_county c;
    county_init(&c, 200);
    uint32_t x = 12345;
    for (int v = 0; v < 200; v++)
        for (int a = 0; a < JH_PROJ_AGES; a++) {
            x = x * 1103515245u + 12345u;
            int kind = v % 4; /* none, all, sparse, dense */
            bool set = kind == 1 || (kind == 2 && (x >> 20) % 5 == 0) ||
                       (kind == 3 && (x >> 20) % 7 != 0);
            if (set)
                assert_int_equal(jh_county_set_projection(&c, v, 2027, a, (double)((x >> 8) % 255)),
                                 JH_OK);
        }
    for (int v = 0; v < 200; v++) {
        double vals[JH_PROJ_AGES];
        fill(vals, -7);
        unsigned bits = jh_county_projection_ages(&c, v, 2027, vals), want = 0;
        for (int a = 0; a < JH_PROJ_AGES; a++) {
            double p = jh_county_projection(&c, v, 2027, a);
            if (!isnan(p)) {
                want |= 1u << a;
                assert_true(vals[a] == p);
            } else {
                assert_true(vals[a] == -7);
            }
        }
        assert_int_equal(bits, want);
        if (v % 4 == 0)
            assert_int_equal(bits, 0);
        if (v % 4 == 1)
            assert_int_equal(bits, 0x7FFF);
    }
    jh_projection_table_free(&c.proj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_age),
        cmocka_unit_test(test_some_ages),
        cmocka_unit_test(test_against_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
