/* The grid's nearest-point answers equal brute force, with filters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "spatial_index.h"

static bool even_only(int i, void *ctx) { (void)ctx; return i % 2 == 0; }
static bool not_multiple_of_3(int i, void *ctx) { (void)ctx; return i % 3 != 0; }

static int brute(const double *x, const double *y, int n, double qx, double qy,
                 bool (*k)(int, void *), bool (*a)(int, void *))
{
    int best = -1;
    double bd = INFINITY;
    for (int i = 0; i < n; i++) {
        if ((k && !k(i, NULL)) || (a && !a(i, NULL)))
            continue;
        double d = hypot(x[i] - qx, y[i] - qy);
        if (d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

static void test_matches_brute_force(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    enum { N = 500 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        /* clustered: a town and a sparse countryside */
        double s = i < 200 ? 2000 : 60000;
        x[i] = 500000 + gsl_rng_uniform(rng) * s;
        y[i] = 3400000 + gsl_rng_uniform(rng) * s;
    }
    jh_spatial_index *all = jh_spatial_index_create(x, y, N, NULL, NULL);
    jh_spatial_index *even = jh_spatial_index_create(x, y, N, even_only, NULL);
    assert_int_equal(jh_spatial_index_size(all), N);
    assert_int_equal(jh_spatial_index_size(even), N / 2);
    for (int q = 0; q < 2000; q++) {
        /* queries inside and well outside the data's extent */
        double qx = 480000 + gsl_rng_uniform(rng) * 100000;
        double qy = 3380000 + gsl_rng_uniform(rng) * 100000;
        double d;
        int got = jh_spatial_index_nearest(all, qx, qy, NULL, NULL, &d);
        int want = brute(x, y, N, qx, qy, NULL, NULL);
        assert_int_equal(got, want);
        assert_true(fabs(d - hypot(x[want] - qx, y[want] - qy)) < 1e-6);
        got = jh_spatial_index_nearest(even, qx, qy, not_multiple_of_3, NULL, &d);
        want = brute(x, y, N, qx, qy, even_only, not_multiple_of_3);
        assert_int_equal(got, want);
    }
    jh_spatial_index_free(all);
    jh_spatial_index_free(even);
    gsl_rng_free(rng);
}

static bool reject_all(int i, void *ctx) { (void)i; (void)ctx; return false; }

/* Points taken out one by one (jh_spatial_index_remove): every answer
 * and distance is that of an index created without them (brute force on
 * what is left), down to an empty index. */
static bool alive_flag[300];
static bool alive(int i, void *ctx) { (void)ctx; return alive_flag[i]; }

static void test_remove(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    enum { N = 300 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        x[i] = gsl_rng_uniform(rng) * 30000;
        y[i] = gsl_rng_uniform(rng) * 20000;
        alive_flag[i] = true;
    }
    jh_spatial_index *ix = jh_spatial_index_create(x, y, N, NULL, NULL);
    assert_non_null(ix);
    for (int r = 0; r < N; r++) {
        int gone = (r * 7) % N; /* 7 and 300 coprime: every point once */
        assert_true(jh_spatial_index_remove(ix, gone));
        assert_false(jh_spatial_index_remove(ix, gone));
        alive_flag[gone] = false;
        assert_int_equal(jh_spatial_index_size(ix), N - r - 1);
        for (int q = 0; q < 5; q++) {
            double qx = gsl_rng_uniform(rng) * 40000 - 5000, qy = gsl_rng_uniform(rng) * 30000 - 5000, d;
            int want = brute(x, y, N, qx, qy, alive, NULL);
            assert_int_equal(jh_spatial_index_nearest(ix, qx, qy, NULL, NULL, &d), want);
            if (want >= 0)
                assert_true(d == hypot(x[want] - qx, y[want] - qy) || fabs(d - hypot(x[want] - qx, y[want] - qy)) < 1e-9);
            else
                assert_true(isinf(d));
        }
    }
    jh_spatial_index_free(ix);
    gsl_rng_free(rng);
}

static void test_empty_and_rejecting(void **state)
{
    (void)state;
    double x[3] = {0, 10, 20}, y[3] = {0, 0, 0};
    jh_spatial_index *none = jh_spatial_index_create(x, y, 3, reject_all, NULL);
    double d = 0;
    assert_int_equal(jh_spatial_index_nearest(none, 5, 5, NULL, NULL, &d), -1);
    assert_true(isinf(d));
    jh_spatial_index_free(none);
    jh_spatial_index *ix = jh_spatial_index_create(x, y, 3, NULL, NULL);
    assert_int_equal(jh_spatial_index_nearest(ix, 5, 5, reject_all, NULL, &d), -1);
    /* a tie goes to the lower index */
    assert_int_equal(jh_spatial_index_nearest(ix, 5, 0, NULL, NULL, &d), 0);
    assert_int_equal(jh_spatial_index_nearest(ix, 14, 0, NULL, NULL, &d), 1);
    assert_true(fabs(d - 4.0) < 1e-12);
    jh_spatial_index_free(ix);
}

/* An index over a listed few (jh_spatial_index_create_ids, as the
 * base year's attribution builds per district): the same answers as a
 * filter over all, ties to the lower index whatever the list's order, and
 * a query kilometres away from a grid of metre-wide cells answered without
 * walking the empty rings between (it took minutes before). */
static void test_listed_points(void **state)
{
    (void)state;
    double x[6] = {0, 1, 2, 100000, 1, 3}, y[6] = {0, 0, 0, 100000, 1, 0};
    int list[3] = {5, 4, 1}; /* not ascending */
    jh_spatial_index *ix = jh_spatial_index_create_ids(x, y, list, 3);
    assert_int_equal(jh_spatial_index_size(ix), 3);
    double d = 0;
    /* (2, 0): 1 and 5 both 1 m away, 4 at sqrt 2: the lower index */
    assert_int_equal(jh_spatial_index_nearest(ix, 2, 0, NULL, NULL, &d), 1);
    assert_true(fabs(d - 1.0) < 1e-12);
    /* 3e6 m east, 4e6 m north: 5 is nearest (dx 2999997) */
    assert_int_equal(jh_spatial_index_nearest(ix, 3e6, 4e6, NULL, NULL, &d), 5);
    assert_true(fabs(d - hypot(3e6 - 3, 4e6)) < 1e-6);
    assert_int_equal(jh_spatial_index_nearest(ix, 3e6, 0, NULL, NULL, &d), 5);
    assert_true(fabs(d - (3e6 - 3)) < 1e-6);
    assert_int_equal(jh_spatial_index_nearest(ix, -5e6, -5e6, NULL, NULL, &d), 1);
    assert_int_equal(jh_spatial_index_nearest(ix, -5e6, -5e6, not_multiple_of_3, NULL, &d), 1);
    assert_int_equal(jh_spatial_index_nearest(ix, 3e6, 0, not_multiple_of_3, NULL, &d), 5);
    assert_int_equal(jh_spatial_index_nearest(ix, 3e6, 0, even_only, NULL, &d), 4);
    jh_spatial_index_free(ix);
    jh_spatial_index *none = jh_spatial_index_create_ids(x, y, list, 0);
    assert_int_equal(jh_spatial_index_nearest(none, 1, 1, NULL, NULL, &d), -1);
    jh_spatial_index_free(none);
}

/* Masked searches (own-site attribution): a point offers the bits of
 * masks[i]; a query wanting `want` accepts only points whose mask meets it.
 * Answers equal brute force while masks are cleared one by one (each change
 * told to the index), with the cells of cleared points skipped. */
typedef struct { const unsigned *mask; unsigned want; } masked_ctx;

static bool meets(int i, void *ctx)
{
    const masked_ctx *m = ctx;
    return (m->mask[i] & m->want) != 0;
}

static void test_masked(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    enum { N = 400 };
    double x[N], y[N];
    unsigned mask[N];
    for (int i = 0; i < N; i++) {
        x[i] = 500000 + gsl_rng_uniform(rng) * 50000;
        y[i] = 3400000 + gsl_rng_uniform(rng) * 50000;
        mask[i] = 1u << gsl_rng_uniform_int(rng, 9);
    }
    jh_spatial_index *ix = jh_spatial_index_create(x, y, N, NULL, NULL);
    assert_true(jh_spatial_index_set_masks(ix, mask));
    for (int round = 0; round < 40; round++) {
        for (int q = 0; q < 50; q++) {
            double qx = 490000 + gsl_rng_uniform(rng) * 70000;
            double qy = 3390000 + gsl_rng_uniform(rng) * 70000;
            masked_ctx m = {mask, 1u << gsl_rng_uniform_int(rng, 9)};
            int best = -1;
            double bd = INFINITY;
            for (int i = 0; i < N; i++) {
                double dx = x[i] - qx, dy = y[i] - qy, d2 = dx * dx + dy * dy;
                if (meets(i, &m) && d2 < bd) {
                    bd = d2;
                    best = i;
                }
            }
            double d;
            assert_int_equal(jh_spatial_index_nearest_masked(ix, qx, qy, m.want, meets, &m, &d),
                             best);
            assert_int_equal(jh_spatial_index_nearest(ix, qx, qy, meets, &m, NULL), best);
        }
        /* ten points stop offering anything */
        for (int k = 0; k < 10; k++) {
            int i = (int)gsl_rng_uniform_int(rng, N);
            mask[i] = 0;
            jh_spatial_index_mask_changed(ix, i);
        }
    }
    jh_spatial_index_free(ix);
    gsl_rng_free(rng);
}

/* Masked searches where the nearest is far: points on a lattice (equal
 * distances: ties to the lower index) and in three crowded clusters far
 * apart (many points a cell), most masks cleared as the rounds go, so that
 * rings walk far and pass cells wholly beyond the best found (a crowded
 * cluster behind it); wants of several bits; queries inside and outside
 * the grid. Every answer and distance equals brute force. */
static void test_masked_far(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 5);
    enum { N = 4000 };
    static double x[N], y[N];
    static unsigned mask[N];
    for (int i = 0; i < N; i++) {
        if (i < N / 2) { /* lattice, 100 m apart */
            x[i] = 600000 + 100.0 * (i % 40);
            y[i] = 3500000 + 100.0 * (i / 40);
        } else { /* three clusters far apart */
            double cx = (i % 3) == 0 ? 560000 : (i % 3) == 1 ? 640000 : 610000;
            double cy = (i % 3) == 0 ? 3460000 : (i % 3) == 1 ? 3470000 : 3560000;
            x[i] = cx + gsl_ran_gaussian(rng, 3000);
            y[i] = cy + gsl_ran_gaussian(rng, 3000);
        }
        mask[i] = 1u << gsl_rng_uniform_int(rng, 9);
    }
    jh_spatial_index *ix = jh_spatial_index_create(x, y, N, NULL, NULL);
    assert_true(jh_spatial_index_set_masks(ix, mask));
    int found = 0, none = 0;
    for (int round = 0; round < 30; round++) {
        for (int q = 0; q < 60; q++) {
            double qx = 540000 + gsl_rng_uniform(rng) * 130000;
            double qy = 3440000 + gsl_rng_uniform(rng) * 140000;
            if (q % 4 == 0) { /* on the lattice: ties */
                qx = 600000 + 50.0 * gsl_rng_uniform_int(rng, 80);
                qy = 3500000 + 50.0 * gsl_rng_uniform_int(rng, 100);
            }
            masked_ctx m = {mask, (1u << gsl_rng_uniform_int(rng, 9)) |
                                      (q % 3 == 0 ? 1u << gsl_rng_uniform_int(rng, 9) : 0)};
            int best = -1;
            double bd = INFINITY;
            for (int i = 0; i < N; i++) {
                double dx = x[i] - qx, dy = y[i] - qy, d2 = dx * dx + dy * dy;
                if (meets(i, &m) && d2 < bd) {
                    bd = d2;
                    best = i;
                }
            }
            double d;
            int got = jh_spatial_index_nearest_masked(ix, qx, qy, m.want, meets, &m, &d);
            assert_int_equal(got, best);
            if (best >= 0) {
                assert_true(d == sqrt(bd));
                found++;
            } else {
                assert_true(isinf(d));
                none++;
            }
        }
        /* a quarter of the draws each round stop offering anything */
        for (int k = 0; k < N / 4; k++) {
            int i = (int)gsl_rng_uniform_int(rng, N);
            mask[i] = 0;
            jh_spatial_index_mask_changed(ix, i);
        }
    }
    /* both kinds of answer were met: near and far, and none left */
    assert_true(found > 1000);
    assert_true(none > 0);
    jh_spatial_index_free(ix);
    gsl_rng_free(rng);
}

/* Masked searches in crowded grids (a block's cells and a ring's blocks
 * are scanned nearest first, and a scan stops at the first farther than
 * the best found): towns of many points a cell, points at the very same
 * place (ties to the lower index), on a lattice whose spacing is the
 * grid's, masks of several bits, and accept() stricter than the masks
 * (it turns down every fifth point). Answers and distances equal brute
 * force over (distance, index) while masks are cleared. */
typedef struct { const unsigned *mask; unsigned want; } strict_ctx;

static bool meets_strict(int i, void *ctx)
{
    const strict_ctx *m = ctx;
    return (m->mask[i] & m->want) != 0 && i % 5 != 3;
}

static void test_masked_crowded(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 29);
    enum { N = 6000 };
    static double x[N], y[N];
    static unsigned mask[N];
    for (int i = 0; i < N; i++) {
        int kind = i % 4;
        if (kind == 0) { /* spread over the county */
            x[i] = 400000 + gsl_rng_uniform(rng) * 200000;
            y[i] = 3300000 + gsl_rng_uniform(rng) * 200000;
        } else if (kind == 1) { /* five towns, a few hundred metres across */
            int t = (int)gsl_rng_uniform_int(rng, 5);
            x[i] = 420000 + 40000.0 * t + gsl_ran_gaussian(rng, 300);
            y[i] = 3320000 + 35000.0 * t + gsl_ran_gaussian(rng, 300);
        } else if (kind == 2) { /* a coarse lattice: equal distances */
            x[i] = 450000 + 2500.0 * (double)gsl_rng_uniform_int(rng, 40);
            y[i] = 3350000 + 2500.0 * (double)gsl_rng_uniform_int(rng, 40);
        } else { /* a copy of an earlier point: the same place */
            int j = (int)gsl_rng_uniform_int(rng, (unsigned long)i);
            x[i] = x[j];
            y[i] = y[j];
        }
        mask[i] = (1u << gsl_rng_uniform_int(rng, 9)) |
                  (i % 7 == 0 ? 1u << gsl_rng_uniform_int(rng, 9) : 0);
    }
    jh_spatial_index *ix = jh_spatial_index_create(x, y, N, NULL, NULL);
    assert_true(jh_spatial_index_set_masks(ix, mask));
    int found = 0;
    for (int round = 0; round < 25; round++) {
        for (int q = 0; q < 80; q++) {
            double qx = 380000 + gsl_rng_uniform(rng) * 240000;
            double qy = 3280000 + gsl_rng_uniform(rng) * 240000;
            if (q % 3 == 0) { /* at a point's place, or between lattice points */
                int j = (int)gsl_rng_uniform_int(rng, N);
                qx = x[j] + (q % 2 ? 1250.0 : 0.0);
                qy = y[j];
            }
            strict_ctx m = {mask, (1u << gsl_rng_uniform_int(rng, 9)) |
                                      (q % 4 == 0 ? 1u << gsl_rng_uniform_int(rng, 9) : 0)};
            int best = -1;
            double bd = INFINITY;
            for (int i = 0; i < N; i++) {
                double dx = x[i] - qx, dy = y[i] - qy, d2 = dx * dx + dy * dy;
                if (meets_strict(i, &m) && d2 < bd) { /* ascending i: ties to the lower */
                    bd = d2;
                    best = i;
                }
            }
            double d;
            int got = jh_spatial_index_nearest_masked(ix, qx, qy, m.want, meets_strict, &m, &d);
            assert_int_equal(got, best);
            assert_true(best < 0 ? isinf(d) : d == sqrt(bd));
            found += best >= 0;
        }
        for (int k = 0; k < N / 10; k++) {
            int i = (int)gsl_rng_uniform_int(rng, N);
            mask[i] = 0;
            jh_spatial_index_mask_changed(ix, i);
        }
    }
    assert_true(found > 1000);
    jh_spatial_index_free(ix);
    gsl_rng_free(rng);
}

/* The k nearest (jh_spatial_index_nearest_k) are the points repeated
 * nearest queries give, each taken out after it is found: nearest first,
 * ties to the lower index (points on a lattice: many equal distances),
 * removed points skipped, fewer than k when fewer are indexed; queries
 * inside and far outside the grid. */
typedef struct { const bool *taken; } taken_ctx;
static bool not_taken(int i, void *ctx) { return !((const taken_ctx *)ctx)->taken[i]; }

static void test_nearest_k(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 11);
    enum { N = 400, K = 40 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        if (i < 200) { /* a 10 m lattice (ties), then a scatter */
            x[i] = 500000 + 10.0 * (i % 20);
            y[i] = 3400000 + 10.0 * (i / 20);
        } else {
            x[i] = 500000 + gsl_rng_uniform(rng) * 20000;
            y[i] = 3400000 + gsl_rng_uniform(rng) * 20000;
        }
    }
    jh_spatial_index *ix = jh_spatial_index_create(x, y, N, NULL, NULL);
    for (int i = 0; i < N; i += 7)
        assert_true(jh_spatial_index_remove(ix, i));
    bool taken[N] = {false};
    taken_ctx tc = {taken};
    for (int q = 0; q < 300; q++) {
        double qx = q < 100 ? 500000 + 10.0 * (q % 25) - 20 : 490000 + gsl_rng_uniform(rng) * 40000;
        double qy = q < 100 ? 3400000 + 5.0 * (q / 4) : 3390000 + gsl_rng_uniform(rng) * 40000;
        if (q == 299)
            qx = -4e6, qy = 9e6; /* far outside */
        int got[K];
        double gd[K];
        size_t n = jh_spatial_index_nearest_k(ix, qx, qy, K, got, gd);
        assert_int_equal(n, K);
        for (size_t j = 0; j < n; j++) {
            double d;
            int want = jh_spatial_index_nearest(ix, qx, qy, not_taken, &tc, &d);
            assert_int_equal(got[j], want);
            assert_true(gd[j] == d);
            assert_true(got[j] % 7 != 0);
            taken[want] = true;
        }
        for (size_t j = 0; j < n; j++)
            taken[got[j]] = false;
    }
    /* on the lattice: (500000, 3400000) is point 0 (removed); 1 and 20 at
     * 10 m tie, the lower first */
    int got[3];
    double gd[3];
    assert_int_equal(jh_spatial_index_nearest_k(ix, 500000, 3400000, 3, got, gd), 3);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], 20);
    assert_true(fabs(gd[0] - 10.0) < 1e-9 && fabs(gd[1] - 10.0) < 1e-9);
    assert_int_equal(got[2], 2); /* 21 (14.1 m) is removed; 2 and 40 at 20 m */
    jh_spatial_index_free(ix);
    /* fewer indexed than asked */
    int list[2] = {3, 250};
    jh_spatial_index *two = jh_spatial_index_create_ids(x, y, list, 2);
    int all[K];
    double ad[K];
    assert_int_equal(jh_spatial_index_nearest_k(two, 500000, 3400000, K, all, ad), 2);
    assert_int_equal(all[0], 3);
    assert_int_equal(all[1], 250);
    assert_int_equal(jh_spatial_index_nearest_k(two, 500000, 3400000, 0, all, ad), 0);
    jh_spatial_index_free(two);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_brute_force),
        cmocka_unit_test(test_empty_and_rejecting),
        cmocka_unit_test(test_listed_points),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_masked),
        cmocka_unit_test(test_masked_far),
        cmocka_unit_test(test_masked_crowded),
        cmocka_unit_test(test_nearest_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
