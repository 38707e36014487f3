/*
 * test_huge: jh_calloc_huge / jh_malloc_huge (engine/jh_huge.c) give what
 * calloc and malloc give (zeroed memory of the size asked, writable to its
 * last byte), a huge-page hint or not; the hint takes any pointer and size;
 * jh_realloc_huge keeps the bytes in use, as realloc keeps them, below and
 * above the size it moves the array at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jh_huge.h"

static void calloc_huge_is_calloc(void **state)
{
    (void)state;
    /* 9 MiB of doubles: whole 2 MiB pages inside, so the hint applies */
    size_t n = 9u << 17;
    double *d = jh_calloc_huge(n, sizeof *d);
    assert_non_null(d);
    double sum = 0;
    for (size_t i = 0; i < n; i += 4099)
        sum += d[i];
    assert_true(sum == 0.0);
    assert_true(d[n - 1] == 0.0);
    for (size_t i = 0; i < n; i++)
        d[i] = (double)i;
    assert_true(d[n - 1] == (double)(n - 1));
    assert_true(d[3u << 18] == (double)(3u << 18));
    free(d);
    /* small and empty: plain calloc */
    int *s = jh_calloc_huge(3, sizeof *s);
    assert_non_null(s);
    assert_int_equal(s[0] + s[1] + s[2], 0);
    free(s);
    /* an overflowing size: NULL as from calloc */
    assert_null(jh_calloc_huge(SIZE_MAX / 2, 4));
}

static void malloc_huge_holds_what_is_written(void **state)
{
    (void)state;
    size_t bytes = (5u << 20) + 123;
    unsigned char *p = jh_malloc_huge(bytes);
    assert_non_null(p);
    memset(p, 0xA5, bytes);
    assert_int_equal(p[0], 0xA5);
    assert_int_equal(p[bytes - 1], 0xA5);
    free(p);
    /* the hint on NULL, a small block and an odd range: nothing happens */
    jh_huge_hint(NULL, 1u << 30);
    char small[64] = {1};
    jh_huge_hint(small, sizeof small);
    assert_int_equal(small[0], 1);
}

static void realloc_huge_keeps_what_is_used(void **state)
{
    (void)state;
    /* doubling from 1,024 ints to 8 MiB, as the simulation's cells grow:
     * realloc below 4 MiB, a new hinted block above */
    size_t cap = 0, n = 0;
    int *v = NULL;
    while (cap < (2u << 20)) {
        size_t next = cap ? 2 * cap : 1024;
        int *w = jh_realloc_huge(v, n * sizeof *v, next * sizeof *v);
        assert_non_null(w);
        v = w;
        cap = next;
        for (; n < cap - cap / 4; n++) /* used: three quarters, the rest never read */
            v[n] = (int)(n * 7 + 1);
    }
    for (size_t i = 0; i < n; i++)
        if (v[i] != (int)(i * 7 + 1))
            fail_msg("item %zu lost in a move", i);
    v[cap - 1] = 5; /* writable to the end */
    /* shrinking keeps the first bytes asked for */
    int *w = jh_realloc_huge(v, n * sizeof *v, 100 * sizeof *v);
    assert_non_null(w);
    assert_int_equal(w[99], 99 * 7 + 1);
    free(w);
    /* from NULL above 4 MiB: a block of its own, nothing copied */
    unsigned char *p = jh_realloc_huge(NULL, 0, 6u << 20);
    assert_non_null(p);
    p[(6u << 20) - 1] = 1;
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calloc_huge_is_calloc),
        cmocka_unit_test(malloc_huge_holds_what_is_written),
        cmocka_unit_test(realloc_huge_keeps_what_is_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
