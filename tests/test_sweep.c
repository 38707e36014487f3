/* Issue 20's sweeps: the quantiles on hand-made data (type 7, as GSL and
 * R), and the variants' drawn values: reproducible, the same for every
 * grid point of a sample, within their clamps, and the triangular draw
 * with the mean and bounds of its distribution. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/sweep.h"

static void test_quantile_hand_made(void **state)
{
    (void)state;
    const double d[] = {1, 2, 3, 4, 5};
    /* h = (n - 1) q: 0.4 -> 1.4, 2 -> 3, 3.6 -> 4.6, 0.2 -> 1.2 */
    assert_float_equal(jh_sweep_quantile(d, 5, 0.10), 1.4, 1e-12);
    assert_float_equal(jh_sweep_quantile(d, 5, 0.50), 3.0, 1e-12);
    assert_float_equal(jh_sweep_quantile(d, 5, 0.90), 4.6, 1e-12);
    assert_float_equal(jh_sweep_quantile(d, 5, 0.05), 1.2, 1e-12);
    assert_float_equal(jh_sweep_quantile(d, 5, 1.0), 5.0, 1e-12);
    const double two[] = {10, 20};
    assert_float_equal(jh_sweep_quantile(two, 2, 0.05), 10.5, 1e-12);
    assert_float_equal(jh_sweep_quantile(two, 2, 0.95), 19.5, 1e-12);
    const double one[] = {7};
    assert_float_equal(jh_sweep_quantile(one, 1, 0.9), 7.0, 1e-12);
    assert_true(isnan(jh_sweep_quantile(one, 0, 0.5)));
    /* the same as GSL on uneven data */
    const double u[] = {0.1, 0.15, 0.4, 0.41, 0.9, 2.5, 3.0};
    for (double q = 0; q <= 1.0; q += 0.05)
        assert_float_equal(jh_sweep_quantile(u, 7, q),
                           gsl_stats_quantile_from_sorted_data(u, 1, 7, q), 1e-12);
}

static char *write_sweep(const char *body)
{
    const char *src = getenv("JH_SOURCE_DIR");
    if (!src)
        src = "..";
    static char path[256];
    snprintf(path, sizeof path, "test_sweep_%d.yaml", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: t\n"
            "data:\n  schools: %s/scenarios/sample-county/schools.shp\n"
            "  villages: %s/scenarios/sample-county/villages.shp\n  crs: EPSG:4547\n"
            "horizon: {start: 2025, end: 2030}\n%s",
            src, src, body);
    fclose(f);
    return path;
}

static void test_draws(void **state)
{
    (void)state;
    char *path = write_sweep("sweep:\n"
                             "  vary: {teachers.rotation.share_of_eligible: [0.1, 0.2, 0.3]}\n"
                             "  samples: 4000\n  seed: 42\n  draw:\n"
                             "    rules.migration_rate.rural: {dist: triangular, low: 0, mode: 0.01, high: 0.04}\n"
                             "    rules.birth_rate_per1000.rural: {dist: normal, mean: 1, sd: 2, min: 0}\n");
    jh_sweep s;
    jh_error err = {0};
    jh_status st = jh_sweep_load(&s, path, &err);
    unlink(path);
    if (st != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(s.grid_points, 3);
    assert_int_equal(s.n_variants, 12000);
    char va[3][JH_SWEEP_VALUE_LEN], vb[3][JH_SWEEP_VALUE_LEN];
    size_t k, g;
    /* variant 4001 = grid point 1, sample 1: the rotation share is 0.2, the
     * draws those of sample 1 at every grid point, and again when asked */
    jh_sweep_variant_values(&s, 4001, &k, &g, va);
    assert_int_equal(k, 0);
    assert_int_equal(g, 1);
    assert_string_equal(va[0], "0.2");
    jh_sweep_variant_values(&s, 8001, &k, &g, vb);
    assert_string_equal(vb[0], "0.3");
    assert_string_equal(va[1], vb[1]);
    assert_string_equal(va[2], vb[2]);
    jh_sweep_variant_values(&s, 1, &k, &g, vb);
    assert_string_equal(va[1], vb[1]);
    jh_sweep_variant_values(&s, 2, &k, &g, vb);
    assert_string_not_equal(va[1], vb[1]);
    /* triangular(0, 0.01, 0.04): mean 0.05/3, within its bounds; the
     * normal(1, 2) clamped at 0: P(x <= 0) = Phi(-0.5) = 0.3085 of the
     * samples are exactly 0 */
    double sum = 0, lo = 1, hi = -1;
    int zeros = 0;
    for (size_t v = 0; v < 4000; v++) {
        jh_sweep_variant_values(&s, v, &k, &g, va);
        double x = strtod(va[1], NULL);
        sum += x;
        lo = fmin(lo, x);
        hi = fmax(hi, x);
        double b = strtod(va[2], NULL);
        assert_true(b >= 0);
        zeros += b == 0;
    }
    assert_true(lo >= 0 && hi <= 0.04);
    assert_true(lo < 0.004 && hi > 0.033);
    /* sd of the triangle: sqrt((0 + 1e-4 + 16e-4 - 0 - 0 - 4e-4) / 18) = 0.0085,
     * standard error of the mean 0.000134 */
    assert_float_equal(sum / 4000, 0.05 / 3, 0.0006);
    /* binomial sd sqrt(4000 * 0.3085 * 0.6915) = 29 */
    assert_in_range(zeros, 1234 - 120, 1234 + 120);
    jh_sweep_free(&s);
}

static void test_bad_draw(void **state)
{
    (void)state;
    char *path = write_sweep("sweep:\n  samples: 3\n  seed: 1\n  draw:\n"
                             "    rules.migration_rate.rural: {dist: uniform, low: 0.1, high: 0.1}\n");
    jh_sweep s;
    jh_error err = {0};
    assert_int_equal(jh_sweep_load(&s, path, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "line 11: key sweep.draw.rules.migration_rate.rural: "
                                        "expected low below high"));
    path = write_sweep("sweep:\n  vary: {rules.migration_rate.rural: [0.1, 2]}\n");
    assert_int_equal(jh_sweep_load(&s, path, &err), JH_ERR_INPUT);
    unlink(path);
    /* the scenario's own range (-1..1) refuses 2, named at the sweep line */
    assert_non_null(strstr(err.message, "line 8: key path rules.migration_rate.rural = 2"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantile_hand_made),
        cmocka_unit_test(test_draws),
        cmocka_unit_test(test_bad_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
