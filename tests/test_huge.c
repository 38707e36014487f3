/*
 * test_huge: jh_calloc_huge / jh_malloc_huge (engine/jh_huge.c) give what
 * calloc and malloc give (zeroed memory of the size asked, writable to its
 * last byte), a huge-page hint or not; the hint takes any pointer and size.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calloc_huge_is_calloc),
        cmocka_unit_test(malloc_huge_holds_what_is_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
