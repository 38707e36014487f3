/*
 * test_format_short: jh_output_format_short writes whole numbers and
 * fixed decimals without printf; its bytes must be printf's ("%.0f" from a
 * million up, "%.6g" below, "" for NaN and infinity, never "-0"). Checked
 * against that printf rule on a few million values: random whole numbers
 * and decimals over every range the fast path takes and the ones it leaves
 * to printf, decimal-looking values and exact halves (0.5, 2.5, 1.0000005,
 * 999999.5 ...), the neighbours of every power of ten and of every
 * rounding boundary, and buffers too small for the text. The same for
 * jh_output_format_fixed1 against "%.1f".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "output/format.h"

/* the rule as printf writes it (format.c before the fast path) */
static void short_printf(char *buf, size_t size, double v)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0)
        v = 0;
    if (fabs(v) >= 1e6 && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.6g", v);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
}

static long checked;

static void same(double v)
{
    char a[64], b[64];
    memset(a, 'x', sizeof a);
    memset(b, 'y', sizeof b);
    jh_output_format_short(a, sizeof a, v);
    short_printf(b, sizeof b, v);
    if (strcmp(a, b) != 0)
        fail_msg("%.17g (%a): fast '%s', printf '%s'", v, v, a, b);
    checked++;
}

static void same_both_signs(double v)
{
    same(v);
    same(-v);
}

/* xorshift64*: the same values on every run */
static uint64_t rng = 88172645463325252ULL;
static uint64_t next_u64(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}
static double unit(void) { return (double)(next_u64() >> 11) / 9007199254740992.0; }

static void test_hand_values(void **state)
{
    (void)state;
    char b[64];
    /* hand-checked bytes */
    jh_output_format_short(b, sizeof b, 0.0);
    assert_string_equal(b, "0");
    jh_output_format_short(b, sizeof b, -0.0);
    assert_string_equal(b, "0");
    jh_output_format_short(b, sizeof b, 42.0);
    assert_string_equal(b, "42");
    jh_output_format_short(b, sizeof b, -7.0);
    assert_string_equal(b, "-7");
    jh_output_format_short(b, sizeof b, 12345678.0);
    assert_string_equal(b, "12345678");
    jh_output_format_short(b, sizeof b, 0.5);
    assert_string_equal(b, "0.5");
    jh_output_format_short(b, sizeof b, 1.0 / 3.0);
    assert_string_equal(b, "0.333333");
    jh_output_format_short(b, sizeof b, 2.0 / 3.0);
    assert_string_equal(b, "0.666667");
    jh_output_format_short(b, sizeof b, 0.00123456);
    assert_string_equal(b, "0.00123456");
    jh_output_format_short(b, sizeof b, 123456.7);
    assert_string_equal(b, "123457");
    jh_output_format_short(b, sizeof b, 999999.7); /* rounds up to 1e+06 */
    assert_string_equal(b, "1e+06");
    jh_output_format_short(b, sizeof b, -1.25);
    assert_string_equal(b, "-1.25");
    jh_output_format_short(b, sizeof b, 0.0001);
    assert_string_equal(b, "0.0001");
    jh_output_format_short(b, sizeof b, 1e15);
    assert_string_equal(b, "1e+15");
    jh_output_format_short(b, sizeof b, NAN);
    assert_string_equal(b, "");
    jh_output_format_short(b, sizeof b, -INFINITY);
    assert_string_equal(b, "");
    /* a buffer too small: printf's truncation */
    char s[4];
    jh_output_format_short(s, sizeof s, 123456.0);
    assert_string_equal(s, "123");
    jh_output_format_short(s, sizeof s, 0.25);
    assert_string_equal(s, "0.2");
}

static void test_against_printf(void **state)
{
    (void)state;
    checked = 0;
    /* whole numbers: every one below 200,000, then random up to 2^53 */
    for (int i = 0; i < 200000; i++)
        same_both_signs(i);
    for (int i = 0; i < 300000; i++)
        same_both_signs((double)(next_u64() >> (11 + next_u64() % 53)));
    /* decimals with few digits (the tables' 0.85, 12.5, 3.14159 ...),
     * exact halves among them */
    static const double den[] = {10, 100, 1000, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 2, 4, 8, 16, 3, 7};
    for (size_t d = 0; d < sizeof den / sizeof den[0]; d++)
        for (int i = 0; i < 40000; i++)
            same_both_signs((double)(next_u64() % 2000000000ULL) / den[d]);
    for (int i = 0; i < 200000; i++) /* k + 1/2 at the sixth digit */
        same_both_signs(((double)(next_u64() % 1000000ULL) + 0.5) *
                        pow(10, (int)(next_u64() % 12) - 8));
    /* random doubles over 1e-6 .. 1e16, uniform in the exponent */
    for (int i = 0; i < 600000; i++)
        same_both_signs(pow(10, -6 + 22 * unit()));
    /* every power of ten and rounding edge, and its neighbours */
    for (int e = -8; e <= 16; e++) {
        double p = pow(10, e);
        static const double edge[] = {1, 0.9999995, 0.99999949999, 0.9999994999999,
                                      0.999995,  1.0000005, 1.000005, 0.5};
        for (size_t k = 0; k < sizeof edge / sizeof edge[0]; k++) {
            double v = p * edge[k];
            double lo = v, hi = v;
            for (int s = 0; s < 64; s++) {
                same_both_signs(lo);
                same_both_signs(hi);
                lo = nextafter(lo, 0);
                hi = nextafter(hi, INFINITY);
            }
        }
    }
    /* random bit patterns (all exponents, NaN and infinities too) */
    for (int i = 0; i < 200000; i++) {
        uint64_t u = next_u64();
        double v;
        memcpy(&v, &u, sizeof v);
        same(v);
    }
    assert_true(checked > 3000000);
}

static void fixed1_same(double v)
{
    char a[400], b[400];
    size_t n = jh_output_format_fixed1(a, sizeof a, v);
    snprintf(b, sizeof b, "%.1f", v);
    if (strcmp(a, b) != 0 || n != strlen(b))
        fail_msg("%.17g (%a): fast '%s' (%zu), printf '%s'", v, v, a, n, b);
    checked++;
}

/* "%.1f" (the report map's coordinates): the same bytes and length */
static void test_fixed1_against_printf(void **state)
{
    (void)state;
    checked = 0;
    char b[8];
    assert_int_equal(jh_output_format_fixed1(b, sizeof b, 12.25), 4);
    assert_string_equal(b, "12.2"); /* an exact half: to even, as printf */
    jh_output_format_fixed1(b, sizeof b, -0.04);
    assert_string_equal(b, "-0.0");
    jh_output_format_fixed1(b, sizeof b, 0.96);
    assert_string_equal(b, "1.0");
    assert_int_equal(jh_output_format_fixed1(b, 4, 123.4), 3); /* cut as snprintf */
    assert_string_equal(b, "123");
    for (int i = -200000; i <= 200000; i++) {
        fixed1_same(i / 10.0);
        fixed1_same(i / 20.0); /* exact halves of a tenth every other one */
        fixed1_same(i / 100.0);
        fixed1_same(i / 1000.0 + 0.05);
    }
    for (int i = 0; i < 800000; i++) {
        double v = pow(10, -3 + 13 * unit());
        fixed1_same(v);
        fixed1_same(-v);
        fixed1_same(unit() * 2000 - 500); /* the map's pixel range */
    }
    fixed1_same(-0.0);
    fixed1_same(0.0);
    fixed1_same(1e9);
    fixed1_same(nextafter(1e9, 0));
    fixed1_same(1e300);
    fixed1_same(NAN);
    fixed1_same(-INFINITY);
    for (int i = 0; i < 100000; i++) {
        uint64_t u = next_u64();
        double v;
        memcpy(&v, &u, sizeof v);
        fixed1_same(v);
    }
    assert_true(checked > 4000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_values),
        cmocka_unit_test(test_against_printf),
        cmocka_unit_test(test_fixed1_against_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
