/* Student-weighted distance statistics and staffing posts, by hand, and
 * the quantiles against GSL on the list expanded to one entry per student. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "access.h"
#include "staffing.h"

#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void test_one_student_each(void **state)
{
    (void)state;
    const double d[4] = {10, 2, 3, 1};
    const long n[4] = {1, 1, 1, 1};
    jh_access_stats s;
    assert_int_equal(jh_access_compute(d, n, 4, 3.0, &s), JH_OK);
    assert_int_equal(s.students, 4);
    assert_near(s.mean, 4.0, 1e-12);
    assert_near(s.median, 2.5, 1e-12);        /* between 2 and 3 */
    assert_near(s.p95, 3 + 0.85 * 7, 1e-12);  /* index 0.95*3 = 2.85 */
    assert_near(s.max, 10, 0);
    assert_int_equal(s.beyond, 1);            /* exactly 3 km is within */
    assert_near(s.share_beyond, 0.25, 1e-15);
}

static void test_groups(void **state)
{
    (void)state;
    /* [1, 5, 5, 5]: mean 4, median 5; a zero group and an unreachable
     * (infinite) group are skipped */
    const double d[4] = {5, 1, 7, INFINITY};
    const long n[4] = {3, 1, 0, 9};
    jh_access_stats s;
    jh_access_compute(d, n, 4, 4.5, &s);
    assert_int_equal(s.students, 4);
    assert_near(s.mean, 4.0, 1e-12);
    assert_near(s.median, 5.0, 1e-12);
    assert_near(s.max, 5.0, 0);
    assert_int_equal(s.beyond, 3);
    assert_near(s.share_beyond, 0.75, 1e-15);
    /* nothing */
    jh_access_compute(d, n, 0, 3, &s);
    assert_int_equal(s.students, 0);
    assert_true(isnan(s.mean) && isnan(s.median) && isnan(s.max));
    assert_true(s.share_beyond == 0.0);
}

/* Against GSL on the expanded list. */
static void test_against_gsl(void **state)
{
    (void)state;
    enum { G = 7 };
    const double d[G] = {0.31, 4.2, 2.05, 0.9, 7.7, 2.05, 3.3};
    const long n[G] = {12, 3, 40, 1, 2, 17, 25};
    double all[200];
    size_t m = 0;
    for (int i = 0; i < G; i++)
        for (long k = 0; k < n[i]; k++)
            all[m++] = d[i];
    gsl_sort(all, 1, m);
    jh_access_stats s;
    jh_access_compute(d, n, G, 3.0, &s);
    assert_int_equal(s.students, (long)m);
    assert_near(s.mean, gsl_stats_mean(all, 1, m), 1e-12);
    assert_near(s.median, gsl_stats_quantile_from_sorted_data(all, 1, m, 0.5), 1e-12);
    assert_near(s.p95, gsl_stats_quantile_from_sorted_data(all, 1, m, 0.95), 1e-12);
    assert_near(s.max, 7.7, 0);
    assert_int_equal(s.beyond, 3 + 2 + 25);
}

/* Above 4,096 groups the distances are ordered by a radix sort: the same
 * order as a stable sort (ties, -0 and +0 among them, in their input
 * order), so the mean's sum is added in exactly that order; the
 * quantiles against GSL on the expanded list. */
static void test_many_groups(void **state)
{
    (void)state;
    enum { G = 10000 };
    static const double dist[8] = {0.0, -0.0, 0.5, 1.25, 3.1, 3.1, 12.0, 0.7};
    static double d[G], all[G * 5];
    static long n[G];
    uint32_t x = 12345;
    for (int i = 0; i < G; i++) {
        x = x * 1103515245u + 12345u;
        d[i] = dist[(x >> 16) % 8] + ((x >> 8) % 3 == 0 ? 1e-3 * (double)(i % 17) : 0.0);
        n[i] = (long)((x >> 4) % 5); /* 0 to 4 students: empty groups are skipped */
    }
    size_t m = 0;
    long beyond = 0;
    for (int i = 0; i < G; i++) {
        for (long k = 0; k < n[i]; k++)
            all[m++] = d[i];
        beyond += d[i] > 3.0 ? n[i] : 0;
    }
    gsl_sort(all, 1, m);
    /* the sum in stable ascending order: each distinct distance, its groups
     * in input order */
    double sum = 0.0, last = -1.0;
    for (size_t k = 0; k < m; k++) {
        if (k > 0 && all[k] == last)
            continue;
        last = all[k];
        for (int i = 0; i < G; i++)
            if (n[i] > 0 && d[i] == last)
                sum += d[i] * (double)n[i];
    }
    jh_access_stats s;
    assert_int_equal(jh_access_compute(d, n, G, 3.0, &s), JH_OK);
    assert_int_equal(s.students, (long)m);
    assert_true(s.mean == sum / (double)m);
    assert_true(s.median == gsl_stats_quantile_from_sorted_data(all, 1, m, 0.5));
    assert_near(s.p95, gsl_stats_quantile_from_sorted_data(all, 1, m, 0.95), 1e-12);
    assert_true(s.max == all[m - 1]);
    assert_int_equal(s.beyond, beyond);
}

/* A stable order of the groups by distance (ties by input index), the
 * reference for the sorted sums below. */
static const double *ref_dist;
static int by_dist_then_index(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = ref_dist[a], y = ref_dist[b];
    if (x != y)
        return x < y ? -1 : 1;
    return (a > b) - (a < b);
}

/* Distances that differ only in their last bits (clusters of four within
 * 2^-40 km of each other, and exact repeats) share the radix sort's top
 * bits: they are put in order by their whole value, stably, so the mean
 * is the sum in stable ascending order and the quantiles are exact; one
 * cluster of all the groups (the insertion given up for a comparison
 * sort) gives the same. */
static void check_stable_sum(const double *d, const long *n, int g)
{
    static int idx[8192];
    static double all[8192 * 4];
    size_t m = 0;
    for (int i = 0; i < g; i++) {
        idx[i] = i;
        for (long k = 0; k < n[i]; k++)
            all[m++] = d[i];
    }
    ref_dist = d;
    qsort(idx, (size_t)g, sizeof *idx, by_dist_then_index);
    double sum = 0.0;
    for (int k = 0; k < g; k++)
        if (n[idx[k]] > 0)
            sum += d[idx[k]] * (double)n[idx[k]];
    gsl_sort(all, 1, m);
    jh_access_stats s;
    assert_int_equal(jh_access_compute(d, n, (size_t)g, 1.0, &s), JH_OK);
    assert_int_equal(s.students, (long)m);
    assert_true(s.mean == sum / (double)m);
    assert_true(s.max == all[m - 1]);
    double f[2] = {0.5, 0.95};
    for (int q = 0; q < 2; q++) {
        double want = gsl_stats_quantile_from_sorted_data(all, 1, m, f[q]);
        assert_near(q == 0 ? s.median : s.p95, want, 1e-15 * want);
    }
}

static void test_close_distances(void **state)
{
    (void)state;
    enum { G = 8000 };
    static double d[G];
    static long n[G];
    uint32_t x = 777;
    for (int i = 0; i < G; i++) {
        x = x * 1103515245u + 12345u;
        int cluster = (int)((x >> 8) % (G / 4));
        d[i] = 0.5 + 0.001 * cluster + ldexp((double)((x >> 20) % 4), -40);
        n[i] = (long)((x >> 4) % 4) + 1;
    }
    check_stable_sum(d, n, G);
    for (int i = 0; i < G; i++) { /* one cluster: 2.0 and up by 2^-40 */
        x = x * 1103515245u + 12345u;
        d[i] = 2.0 + ldexp((double)((x >> 8) % 3000), -40);
    }
    check_stable_sum(d, n, G);
}

static void test_staffing(void **state)
{
    (void)state;
    assert_near(jh_staffing_posts(190, 19, 0, 0), 10.0, 1e-12);
    assert_near(jh_staffing_posts(270, 13.5, 0, 0), 20.0, 1e-12);
    /* 200 beds at 1 extra post per 100 beds */
    assert_near(jh_staffing_posts(270, 13.5, 200, 1.0), 22.0, 1e-12);
    assert_near(jh_staffing_posts(270, 0, 0, 0), 0.0, 0);
    double sh, su;
    jh_staffing_gap(8, 10, &sh, &su);
    assert_near(sh, 2, 1e-12);
    assert_near(su, 0, 0);
    jh_staffing_gap(12.5, 10, &sh, &su);
    assert_near(sh, 0, 0);
    assert_near(su, 2.5, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_student_each),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_against_gsl),
        cmocka_unit_test(test_many_groups),
        cmocka_unit_test(test_close_distances),
        cmocka_unit_test(test_staffing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
