/*
 * test_year_buffers: the buffers the simulation's year loop keeps from one
 * year to the next give the same figures as fresh ones. jh_scratch grows
 * and keeps its memory; jh_access_compute_with, jh_access_compute_groups
 * (groups written into the work's buffer) and jh_indicators_spread_with,
 * one work area used for lists of changing sizes, match jh_access_compute /
 * jh_indicators_spread bit for bit;
 * jh_year_flows compacts the cells, makes their flows (each one's
 * students and trip cost as summed and costed cell by cell) and sums
 * them per school and grade (hand-counted), in a buffer reused year after
 * year; jh_year_set_students forms the classes as jh_classes_form does;
 * jh_year_serve_bits.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "access.h"
#include "class_formation.h"
#include "indicators.h"
#include "jh_scratch.h"
#include "sim/year_count.h"
#include "sim/year_flows.h"

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

static void add_school(jh_county *c, const char *id, jh_school_type type, double x, double y)
{
    jh_school s = {0};
    s.id = strdup(id);
    s.name = strdup(id);
    s.type = type;
    s.x = x;
    s.y = y;
    s.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &s);
}

/* The flow of (origin, school, level) as the cells give it, summed and
 * costed one by one. */
static long cells_students(const jh_cell *cells, size_t n, int origin, int school, jh_level l)
{
    long sum = 0;
    for (size_t k = 0; k < n; k++)
        if (cells[k].origin == origin && cells[k].school == school &&
            (cells[k].grade < 6 ? JH_PRIMARY : JH_JUNIOR) == l && cells[k].count > 0)
            sum += cells[k].count;
    return sum;
}

static void counts_per_school(void **state)
{
    (void)state;
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "P", JH_SCHOOL_PRIMARY, 100.5, 200.25);
    add_school(c, "N", JH_SCHOOL_NINE_YEAR, -3000.75, 41.5);
    add_school(c, "J", JH_SCHOOL_JUNIOR, 777.125, -12345.5);
    jh_school *s = c->schools;
    s[1].classrooms = 2; /* rooms for two classes */
    s[2].classes_given = true;
    s[2].classes[7] = 5;       /* observed: kept in the base year */
    s[2].students[7] = 999;    /* overwritten by the cells */
    c->villages = calloc(5, sizeof *c->villages);
    for (int v = 0; v < 5; v++) {
        char id[8];
        snprintf(id, sizeof id, "V%d", v);
        c->villages[v].id = strdup(id);
        c->villages[v].name = strdup(id);
        c->villages[v].x = 10.0 * v - 7.5;
        c->villages[v].y = 1000.0 / (v + 1);
        c->villages[v].school[JH_PRIMARY] = c->villages[v].school[JH_JUNIOR] = -1;
        c->villages[v].record = v;
    }
    c->n_villages = 5;
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    jh_travel *t = jh_travel_create(c);
    assert_non_null(t);
    jh_rules r;
    jh_rules_default(&r);
    /* two runs by origin, as a year leaves them (a key twice, an empty
     * cell, an unplaced one, a school's own site) */
    const jh_cell given[] = {{0, 0, 0, 30}, {1, 0, 0, 25}, {2, 1, 0, 10}, {2, 1, 7, 40},
                             {3, -1, 0, 99}, {3, 0, 5, 8},  {4, 2, 7, 12}, {4, 2, 8, 3},
                             {-2, 1, 7, 6},  {1, 0, 0, 4},  {2, 1, 7, 0},  {4, 2, 6, 1}};
    const size_t n_given = sizeof given / sizeof *given;
    const int base_classes[3] = {0, 0, 0};
    jh_scratch buf = {0};
    jh_flow *flows = NULL;
    size_t n_flows = 0, cap_flows = 0;
    int count[3 * JH_NGRADES];
    for (int pass = 0; pass < 2; pass++) { /* the buffers reused: the same figures */
        size_t n = n_given, cap = n_given;
        jh_cell *cells = malloc(cap * sizeof *cells);
        memcpy(cells, given, sizeof given);
        memset(count, 0x55, sizeof count); /* zeroed by jh_year_flows */
        assert_true(jh_year_flows(&cells, &cap, &n, 0, &buf, t, count, 3, &flows, &n_flows,
                                  &cap_flows));
        assert_int_equal(n, 10); /* the twice-given key merged, the empty cell gone */
        long total = 0;
        for (size_t k = 0; k < n_flows; k++) {
            const jh_flow *f = &flows[k];
            assert_int_equal(f->students,
                             cells_students(given, n_given, f->village, f->school, f->level));
            if (f->school < 0) {
                assert_true(isnan(f->cost));
            } else {
                double want = jh_travel_cost(t, f->village, f->school);
                assert_memory_equal(&f->cost, &want, sizeof want);
            }
            for (size_t j = 0; j < k; j++) /* one flow a key */
                assert_false(flows[j].village == f->village && flows[j].school == f->school &&
                             flows[j].level == f->level);
            total += f->students;
        }
        assert_int_equal(total, 30 + 25 + 4 + 10 + 40 + 99 + 8 + 12 + 3 + 6 + 1);
        jh_year_set_students(c, &r, count, base_classes, true);
        assert_int_equal(s[0].students[0], 59); /* 30 + 25 + 4; the unplaced 99 nowhere */
        assert_int_equal(s[0].students[5], 8);
        assert_int_equal(s[1].students[0], 10);
        assert_int_equal(s[1].students[7], 46); /* 40 + 6 of its own site */
        assert_int_equal(s[2].students[6], 1);
        assert_int_equal(s[2].students[7], 12);
        assert_int_equal(s[2].students[8], 3);
        assert_int_equal(s[2].classes[7], 5);   /* observed, base year */
        int sum = 0;
        for (int k = 0; k < 3; k++)
            for (int g = 0; g < JH_NGRADES; g++)
                sum += s[k].students[g];
        assert_int_equal(sum, 30 + 25 + 4 + 10 + 40 + 8 + 6 + 12 + 3 + 1);
        free(cells);
    }
    int cap[JH_NGRADES], want[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        cap[g] = r.class_size[g < 6 ? JH_PRIMARY : JH_JUNIOR];
    jh_classes_form(s[1].students, cap, JH_NGRADES, 2, want);
    assert_memory_equal(s[1].classes, want, sizeof want);
    jh_year_set_students(c, &r, count, base_classes, false);
    jh_classes_form(s[2].students, cap, JH_NGRADES, -1, want); /* later years: formed */
    assert_memory_equal(s[2].classes, want, sizeof want);
    assert_int_equal(s[2].classes[7], 1); /* 12 students, one class */

    unsigned char bits[3];
    jh_year_serve_bits(c, bits);
    assert_int_equal(bits[0], 1); /* primary */
    assert_int_equal(bits[1], 3); /* nine-year: both */
    assert_int_equal(bits[2], 2); /* junior */
    free(flows);
    jh_scratch_free(&buf);
    jh_travel_free(t);
    jh_county_free(c);
    free(c);
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
