/* The k-d tree's masked nearest-point answers (engine/spatial_tree.h)
 * equal brute force over (distance, index) and the grid's masked search
 * (spatial_index.h), while masks are cleared. */
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
#include "spatial_tree.h"

typedef struct { const unsigned *mask; unsigned want; bool strict; } want_ctx;

/* what a point offers meets the want; strict: every fifth point turned
 * down besides (accept() stricter than the masks) */
static bool meets(int i, void *ctx)
{
    const want_ctx *m = ctx;
    return (m->mask[i] & m->want) != 0 && !(m->strict && i % 5 == 3);
}

/* The least (squared distance, index) among listed[0..n) meeting m, as
 * the tree and the grid compute a distance; -1 none. */
static int brute(const double *x, const double *y, const int *listed, int n, double qx,
                 double qy, want_ctx *m, double *d2_out)
{
    int best = -1;
    double bd = INFINITY;
    for (int k = 0; k < n; k++) {
        int i = listed[k];
        double dx = x[i] - qx, dy = y[i] - qy, d2 = dx * dx + dy * dy;
        if (meets(i, m) && (d2 < bd || (d2 == bd && i < best))) {
            bd = d2;
            best = i;
        }
    }
    *d2_out = bd;
    return best;
}

/* Points spread over a county, in crowded towns, on a lattice (equal
 * distances) and copies of earlier points (the same place); masks of one
 * or two of nine bits; the tree and the grid over the listed two thirds of
 * them, in a shuffled order. Each round asks queries anywhere (at a
 * point's place, between lattice points, far outside), then clears a
 * tenth of the masks and gives a fiftieth a bit, telling both; the last rounds take one bit after
 * the other from every point. */
static void run_case(unsigned long seed, int n, bool strict)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    unsigned *mask = malloc(n * sizeof *mask);
    int *listed = malloc(n * sizeof *listed);
    for (int i = 0; i < n; i++) {
        int kind = i % 4;
        if (kind == 0 || i == 0) {
            x[i] = 400000 + gsl_rng_uniform(rng) * 200000;
            y[i] = 3300000 + gsl_rng_uniform(rng) * 200000;
        } else if (kind == 1) {
            int t = (int)gsl_rng_uniform_int(rng, 5);
            x[i] = 420000 + 40000.0 * t + gsl_ran_gaussian(rng, 300);
            y[i] = 3320000 + 35000.0 * t + gsl_ran_gaussian(rng, 300);
        } else if (kind == 2) {
            x[i] = 450000 + 2500.0 * (double)gsl_rng_uniform_int(rng, 40);
            y[i] = 3350000 + 2500.0 * (double)gsl_rng_uniform_int(rng, 40);
        } else {
            int j = (int)gsl_rng_uniform_int(rng, (unsigned long)i);
            x[i] = x[j];
            y[i] = y[j];
        }
        mask[i] = (1u << gsl_rng_uniform_int(rng, 9)) |
                  (i % 7 == 0 ? 1u << gsl_rng_uniform_int(rng, 9) : 0);
    }
    int m = 0;
    for (int i = 0; i < n; i++)
        if (i % 3 != 1)
            listed[m++] = i;
    for (int k = m - 1; k > 0; k--) { /* the order given does not matter */
        int j = (int)gsl_rng_uniform_int(rng, (unsigned long)k + 1);
        int t = listed[k];
        listed[k] = listed[j];
        listed[j] = t;
    }
    jh_point_tree *tr = jh_point_tree_create(x, y, mask, listed, (size_t)m);
    jh_spatial_index *ix = jh_spatial_index_create_ids(x, y, listed, (size_t)m);
    assert_non_null(tr);
    assert_non_null(ix);
    assert_true(jh_spatial_index_set_masks(ix, mask));
    int found = 0, none = 0, ties = 0;
    for (int round = 0; round < 25; round++) {
        for (int q = 0; q < 80; q++) {
            double qx = 380000 + gsl_rng_uniform(rng) * 240000;
            double qy = 3280000 + gsl_rng_uniform(rng) * 240000;
            if (q % 3 == 0) {
                int j = (int)gsl_rng_uniform_int(rng, (unsigned long)n);
                qx = x[j] + (q % 2 ? 1250.0 : 0.0);
                qy = y[j];
            } else if (q % 17 == 1) {
                qx = -4e6, qy = 9e6;
            }
            want_ctx w = {mask, (1u << gsl_rng_uniform_int(rng, 9)) |
                                    (q % 4 == 0 ? 1u << gsl_rng_uniform_int(rng, 9) : 0),
                          strict};
            double bd2;
            int best = brute(x, y, listed, m, qx, qy, &w, &bd2);
            double d, gd;
            int got = jh_point_tree_nearest(tr, qx, qy, w.want, meets, &w, &d);
            assert_int_equal(got, best);
            assert_int_equal(jh_spatial_index_nearest_masked(ix, qx, qy, w.want, meets, &w, &gd),
                             best);
            assert_true(best < 0 ? isinf(d) && isinf(gd) : d == sqrt(bd2) && gd == d);
            found += best >= 0;
            none += best < 0;
            /* another point as near, beaten by the lower index */
            for (int k = 0; best >= 0 && k < m; k++) {
                int i = listed[k];
                double dx = x[i] - qx, dy = y[i] - qy;
                if (i > best && dx * dx + dy * dy == bd2 && meets(i, &w)) {
                    ties++;
                    break;
                }
            }
        }
        for (int k = 0; k < n / 10; k++) {
            int i = (int)gsl_rng_uniform_int(rng, (unsigned long)n);
            mask[i] = 0;
            jh_point_tree_mask_changed(tr, i); /* a point not listed: ignored */
            jh_spatial_index_mask_changed(ix, i);
        }
        for (int k = 0; round < 16 && k < n / 50; k++) { /* and a few offer a bit again */
            int i = (int)gsl_rng_uniform_int(rng, (unsigned long)n);
            mask[i] |= 1u << gsl_rng_uniform_int(rng, 9);
            jh_point_tree_mask_changed(tr, i);
            jh_spatial_index_mask_changed(ix, i);
        }
        for (int i = 0; round >= 16 && i < n; i++) { /* then no point offers bit round - 16 */
            mask[i] &= ~(1u << (round - 16));
            jh_point_tree_mask_changed(tr, i);
            jh_spatial_index_mask_changed(ix, i);
        }
    }
    /* near and far answers, answers decided by index, and none left */
    assert_true(found > 900);
    assert_true(ties > 20);
    assert_true(none > 0);
    jh_point_tree_free(tr);
    jh_spatial_index_free(ix);
    free(x);
    free(y);
    free(mask);
    free(listed);
    gsl_rng_free(rng);
}

static void test_matches_brute_force(void **state)
{
    (void)state;
    run_case(29, 6000, false);
}

static void test_stricter_accept(void **state)
{
    (void)state;
    run_case(7, 3000, true);
}

/* Small trees: none, one point (a leaf as the root), a few at one place
 * (ties to the lower index), masks cleared to nothing. */
static void test_small(void **state)
{
    (void)state;
    double x[5] = {10, 10, 10, 20, 5}, y[5] = {0, 0, 0, 0, 0};
    unsigned mask[5] = {1, 2, 1, 1, 4};
    int ids[5] = {4, 2, 0, 3, 1};
    double d;
    jh_point_tree *empty = jh_point_tree_create(x, y, mask, ids, 0);
    assert_int_equal(jh_point_tree_nearest(empty, 0, 0, ~0u, NULL, NULL, &d), -1);
    assert_true(isinf(d));
    jh_point_tree_free(empty);
    jh_point_tree *one = jh_point_tree_create(x, y, mask, ids + 3, 1);
    assert_int_equal(jh_point_tree_nearest(one, 0, 0, 1, NULL, NULL, &d), 3);
    assert_true(d == 20);
    assert_int_equal(jh_point_tree_nearest(one, 0, 0, 2, NULL, NULL, &d), -1);
    jh_point_tree_free(one);
    jh_point_tree *t = jh_point_tree_create(x, y, mask, ids, 5);
    assert_int_equal(jh_point_tree_nearest(t, 12, 0, 1, NULL, NULL, &d), 0);
    assert_true(d == 2);
    assert_int_equal(jh_point_tree_nearest(t, 12, 0, 2, NULL, NULL, &d), 1);
    assert_int_equal(jh_point_tree_nearest(t, 12, 0, 6, NULL, NULL, &d), 1);
    assert_int_equal(jh_point_tree_nearest(t, 0, 0, 7, NULL, NULL, &d), 4);
    mask[0] = 0;
    jh_point_tree_mask_changed(t, 0);
    assert_int_equal(jh_point_tree_nearest(t, 12, 0, 1, NULL, NULL, &d), 2);
    mask[2] = mask[3] = 0;
    jh_point_tree_mask_changed(t, 2);
    jh_point_tree_mask_changed(t, 3);
    assert_int_equal(jh_point_tree_nearest(t, 12, 0, 1, NULL, NULL, &d), -1);
    jh_point_tree_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_brute_force),
        cmocka_unit_test(test_stricter_accept),
        cmocka_unit_test(test_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
