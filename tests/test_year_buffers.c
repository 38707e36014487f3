/*
 * test_year_buffers: the buffers the simulation's year loop keeps from one
 * year to the next give the same figures as fresh ones. jh_scratch grows
 * and keeps its memory; jh_access_compute_with, jh_access_compute_groups
 * (groups written into the work's buffer) and jh_indicators_spread_with,
 * one work area used for lists of changing sizes, match jh_access_compute /
 * jh_indicators_spread bit for bit;
 * jh_year_count_students sums cells per school and grade (hand-counted)
 * and forms the classes as jh_classes_form does; jh_year_serve_bits.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access.h"
#include "class_formation.h"
#include "indicators.h"
#include "jh_scratch.h"
#include "sim/year_count.h"

static void scratch_grows_and_keeps(void **state)
{
    (void)state;
    jh_scratch s = {0};
    char *p = jh_scratch_get(&s, 100);
    assert_non_null(p);
    assert_true(s.bytes >= 100);
    memset(p, 7, 100);
    assert_ptr_equal(jh_scratch_get(&s, 60), p); /* smaller: the same memory */
    assert_int_equal(p[59], 7);                   /* as the last use left it */
    char *q = jh_scratch_get(&s, 5000);
    assert_non_null(q);
    assert_true(s.bytes >= 5000);
    jh_scratch_free(&s);
    assert_null(s.p);
    assert_int_equal(s.bytes, 0);
}

/* n groups of pseudo-random distances (ties, -0 among them) */
static void groups(double *d, long *n, size_t g, uint32_t seed)
{
    static const double base[6] = {0.0, -0.0, 0.75, 2.5, 2.5, 9.0};
    for (size_t i = 0; i < g; i++) {
        seed = seed * 1103515245u + 12345u;
        d[i] = base[(seed >> 16) % 6] + ((seed >> 8) % 4 == 0 ? 1e-3 * (double)(i % 23) : 0.0);
        n[i] = (long)((seed >> 4) % 6);
    }
}

static void access_work_reused(void **state)
{
    (void)state;
    enum { BIG = 9000 };
    static double d[BIG];
    static long n[BIG];
    const size_t sizes[4] = {BIG, 5, BIG / 2, BIG}; /* radix, qsort, radix again */
    jh_access_work work;
    memset(&work, 0, sizeof work);
    for (int k = 0; k < 4; k++) {
        groups(d, n, sizes[k], 77u + (uint32_t)k);
        jh_access_stats a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        assert_int_equal(jh_access_compute(d, n, sizes[k], 2.5, &a), JH_OK);
        assert_int_equal(jh_access_compute_with(d, n, sizes[k], 2.5, &b, &work), JH_OK);
        assert_memory_equal(&a, &b, sizeof a);
        assert_true(a.students > 0);
        /* the same groups written straight into the work's buffer (as the
         * metrics write the year's flows), the empty ones left out */
        jh_access_group *g = jh_access_groups(&work, sizes[k]);
        assert_non_null(g);
        size_t m = 0;
        for (size_t i = 0; i < sizes[k]; i++)
            if (n[i] > 0)
                g[m++] = (jh_access_group){d[i], n[i]};
        memset(&b, 0, sizeof b);
        assert_int_equal(jh_access_compute_groups(&work, 0, m, 2.5, &b), JH_OK);
        assert_memory_equal(&a, &b, sizeof a);
    }
    /* two lists one after the other (the metrics' levels): each measured
     * alone, the first left as it was by the second's sort */
    groups(d, n, BIG, 5u);
    jh_access_stats a0, a1, b0, b1;
    assert_int_equal(jh_access_compute(d, n, BIG / 2, 2.5, &a0), JH_OK);
    assert_int_equal(jh_access_compute(d + BIG / 2, n + BIG / 2, BIG - BIG / 2, 2.5, &a1), JH_OK);
    jh_access_group *two = jh_access_groups(&work, BIG);
    assert_non_null(two);
    size_t at[3] = {0, 0, 0};
    for (int part = 0; part < 2; part++) {
        at[part + 1] = at[part];
        for (size_t i = part ? BIG / 2 : 0; i < (part ? (size_t)BIG : (size_t)BIG / 2); i++)
            if (n[i] > 0)
                two[at[part + 1]++] = (jh_access_group){d[i], n[i]};
    }
    assert_int_equal(jh_access_compute_groups(&work, at[1], at[2] - at[1], 2.5, &b1), JH_OK);
    assert_int_equal(jh_access_compute_groups(&work, 0, at[1], 2.5, &b0), JH_OK);
    assert_memory_equal(&a0, &b0, sizeof a0);
    assert_memory_equal(&a1, &b1, sizeof a1);
    jh_access_stats none;
    assert_int_equal(jh_access_compute_groups(&work, 0, 0, 2.5, &none), JH_OK); /* no students */
    assert_int_equal(none.students, 0);
    assert_true(isnan(none.mean) && isnan(none.median) && isnan(none.max));
    /* hand-counted: 1 km x 2, 4 km x 1, 10 km x 1 -> mean 4, 2 beyond 3 km */
    const double hd[3] = {4, 1, 10};
    const long hn[3] = {1, 2, 1};
    jh_access_stats h;
    assert_int_equal(jh_access_compute_with(hd, hn, 3, 3.0, &h, &work), JH_OK);
    assert_int_equal(h.students, 4);
    assert_true(h.mean == 4.0);
    assert_true(h.median == 2.5); /* between the second (1) and third (4) student */
    assert_int_equal(h.beyond, 2);
    jh_access_work_free(&work);
}

static void spread_order_reused(void **state)
{
    (void)state;
    enum { N = 3000 };
    static double x[N], w[N];
    static int area[N];
    jh_scratch order = {0};
    const size_t sizes[3] = {N, 4, N / 3};
    for (int k = 0; k < 3; k++) {
        uint32_t r = 991u + (uint32_t)k;
        for (size_t i = 0; i < sizes[k]; i++) {
            r = r * 1103515245u + 12345u;
            x[i] = (double)((r >> 16) % 40) / 8.0; /* many ties */
            w[i] = (double)((r >> 8) % 300);       /* some zero weights */
            area[i] = (int)((r >> 4) % 3);
        }
        jh_spread a, b;
        assert_int_equal(jh_indicators_spread(x, w, area, sizes[k], &a), JH_OK);
        assert_int_equal(jh_indicators_spread_with(x, w, area, sizes[k], &b, &order), JH_OK);
        assert_memory_equal(&a, &b, sizeof a);
    }
    /* two schools, 1 and 3, equal weights: mean 2, Gini |1-3| / (2 * 2 * 2) = 0.25 */
    const double hx[2] = {1, 3}, hw[2] = {10, 10};
    jh_spread h;
    assert_int_equal(jh_indicators_spread_with(hx, hw, NULL, 2, &h, &order), JH_OK);
    assert_true(h.mean == 2.0);
    assert_true(h.gini == 0.25);
    jh_scratch_free(&order);
}

static void counts_per_school(void **state)
{
    (void)state;
    jh_school s[3];
    memset(s, 0, sizeof s);
    s[0].type = JH_SCHOOL_PRIMARY;
    s[1].type = JH_SCHOOL_NINE_YEAR;
    s[1].classrooms = 2; /* rooms for two classes */
    s[2].type = JH_SCHOOL_JUNIOR;
    s[2].classes_given = true;
    s[2].classes[7] = 5;       /* observed: kept in the base year */
    s[2].students[7] = 999;    /* overwritten by the cells */
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = 3;
    jh_rules r;
    jh_rules_default(&r);
    const jh_cell cells[] = {{0, 0, 0, 30}, {1, 0, 0, 25}, {2, 1, 0, 10}, {2, 1, 7, 40},
                             {3, -1, 0, 99}, {3, 0, 5, 8},  {-2, 1, 7, 6},  {4, 2, 7, 12},
                             {4, 2, 8, 3}};
    const int base_classes[3] = {0, 0, 0};
    jh_scratch buf = {0};
    for (int pass = 0; pass < 2; pass++) { /* the buffer reused: the same sums */
        assert_true(jh_year_count_students(&c, &r, cells, 9, base_classes, true, &buf));
        assert_int_equal(s[0].students[0], 55); /* 30 + 25; the unplaced 99 nowhere */
        assert_int_equal(s[0].students[5], 8);
        assert_int_equal(s[1].students[0], 10);
        assert_int_equal(s[1].students[7], 46); /* 40 + 6 of its own site */
        assert_int_equal(s[2].students[7], 12);
        assert_int_equal(s[2].students[8], 3);
        assert_int_equal(s[2].classes[7], 5);   /* observed, base year */
        int sum = 0;
        for (int k = 0; k < 3; k++)
            for (int g = 0; g < JH_NGRADES; g++)
                sum += s[k].students[g];
        assert_int_equal(sum, 30 + 25 + 10 + 40 + 8 + 6 + 12 + 3);
    }
    int cap[JH_NGRADES], want[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        cap[g] = r.class_size[g < 6 ? JH_PRIMARY : JH_JUNIOR];
    jh_classes_form(s[1].students, cap, JH_NGRADES, 2, want);
    assert_memory_equal(s[1].classes, want, sizeof want);
    assert_true(jh_year_count_students(&c, &r, cells, 9, base_classes, false, &buf));
    jh_classes_form(s[2].students, cap, JH_NGRADES, -1, want); /* later years: formed */
    assert_memory_equal(s[2].classes, want, sizeof want);
    assert_int_equal(s[2].classes[7], 1); /* 12 students, one class */

    unsigned char bits[3];
    jh_year_serve_bits(&c, bits);
    assert_int_equal(bits[0], 1); /* primary */
    assert_int_equal(bits[1], 3); /* nine-year: both */
    assert_int_equal(bits[2], 2); /* junior */
    jh_scratch_free(&buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scratch_grows_and_keeps),
        cmocka_unit_test(access_work_reused),
        cmocka_unit_test(spread_order_reused),
        cmocka_unit_test(counts_per_school),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
