/*
 * test_key_sort: jh_keyed_sort (engine/key_sort.c) puts items in the order
 * a stable comparison sort gives, equal keys in their first order, at
 * every size around its insertion-sort threshold and beyond, with keys
 * that differ in every byte, in a few bytes only, or not at all; and
 * jh_double_key orders doubles as their values compare (-0 with +0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "key_sort.h"

static unsigned long long lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 11;
}

/* ascending key, then first place: a stable sort's order */
static int by_key_then_index(const void *pa, const void *pb)
{
    const jh_keyed *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

static void test_stable_order(void **state)
{
    (void)state;
    unsigned long long seed = 3;
    size_t sizes[] = {0, 1, 2, 3, 31, 32, 33, 100, 1000, 20011};
    /* keys: any 64 bits; few distinct ones (ties); differing only in the
     * low byte and the top byte (top halves tie in long runs: the
     * insertion gives up and the passes finish); in the low half and three
     * top values (runs of ties the insertion orders); in the low half only;
     * all equal */
    for (size_t t = 0; t < sizeof sizes / sizeof *sizes; t++)
        for (int kind = 0; kind < 6; kind++) {
            size_t n = sizes[t];
            jh_keyed *a = malloc((n + 1) * sizeof *a), *tmp = malloc((n + 1) * sizeof *a),
                     *want = malloc((n + 1) * sizeof *a);
            assert_non_null(a);
            assert_non_null(tmp);
            assert_non_null(want);
            for (size_t i = 0; i < n; i++) {
                uint64_t r = lcg(&seed) ^ (lcg(&seed) << 40);
                uint64_t k = kind == 0   ? r
                             : kind == 1 ? r % 7 * 0x0101010101010101ull
                             : kind == 2 ? (r & 0xff) | (r & 0xff00) << 48
                             : kind == 3 ? (r & 0xffffffffu) | (r % 3) << 40
                             : kind == 4 ? r & 0xffffffffu
                                         : 42;
                a[i] = want[i] = (jh_keyed){k, i};
            }
            qsort(want, n, sizeof *want, by_key_then_index);
            jh_keyed_sort(a, n, tmp);
            for (size_t i = 0; i < n; i++) {
                assert_true(a[i].key == want[i].key);
                assert_int_equal(a[i].index, want[i].index);
            }
            free(a);
            free(tmp);
            free(want);
        }
}

static void test_double_key(void **state)
{
    (void)state;
    const double v[] = {-INFINITY, -1e300, -2.5, -1.0, -5e-324, -0.0, 0.0, 5e-324,
                        1e-300,    0.1,     1.0,  2.5,  1e300,   INFINITY};
    size_t n = sizeof v / sizeof *v;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            uint64_t a = jh_double_key(v[i]), b = jh_double_key(v[j]);
            assert_true((a < b) == (v[i] < v[j]));
            assert_true((a == b) == (v[i] == v[j]));
        }
    /* doubles through the sort: ascending, -0 and +0 as equals in first order */
    jh_keyed a[6], tmp[6];
    const double x[6] = {3.0, 0.0, -1.0, -0.0, 3.0, -7.5};
    for (size_t i = 0; i < 6; i++)
        a[i] = (jh_keyed){jh_double_key(x[i]), i};
    jh_keyed_sort(a, 6, tmp);
    const size_t want[6] = {5, 2, 1, 3, 0, 4};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(a[i].index, want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stable_order),
        cmocka_unit_test(test_double_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
