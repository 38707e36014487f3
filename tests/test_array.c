/*
 * test_array: jh_array_grow (engine/jh_array.c) doubles a full array from
 * its first capacity, keeps what it held, leaves an array with room alone,
 * and refuses a size that overflows without touching the array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jh_array.h"

/* 1000 appends from nothing: capacities 4, 8, ..., 1024, values kept */
static void doubles_and_keeps(void **state)
{
    (void)state;
    int *a = NULL;
    size_t n = 0, cap = 0, grown = 0;
    for (int i = 0; i < 1000; i++) {
        size_t before = cap;
        int *g = jh_array_grow(a, n, &cap, sizeof *g, 4);
        assert_non_null(g);
        if (cap != before) {
            assert_int_equal(cap, before ? 2 * before : 4);
            grown++;
        }
        a = g;
        a[n++] = i * 7;
    }
    assert_int_equal(cap, 1024);
    assert_int_equal(grown, 9); /* 4 8 16 32 64 128 256 512 1024 */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(a[i], i * 7);
    free(a);
}

/* room left: the same pointer, the same capacity */
static void room_left_untouched(void **state)
{
    (void)state;
    size_t cap = 10;
    double *a = malloc(cap * sizeof *a);
    assert_non_null(a);
    assert_ptr_equal(jh_array_grow(a, 9, &cap, sizeof *a, 4), a);
    assert_int_equal(cap, 10);
    free(a);
}

/* n * size past SIZE_MAX: NULL, the array and its capacity as they were */
static void overflow_refused(void **state)
{
    (void)state;
    size_t cap = 4;
    char *a = malloc(4);
    assert_non_null(a);
    memcpy(a, "abc", 4);
    assert_null(jh_array_grow(a, 4, &cap, SIZE_MAX / 4, 1));
    assert_int_equal(cap, 4);
    assert_string_equal(a, "abc");
    assert_null(jh_array_resize(a, 3, SIZE_MAX / 2));
    assert_int_equal(jh_array_next_cap(0, 16), 16);
    assert_int_equal(jh_array_next_cap(16, 1), 32);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doubles_and_keeps),
        cmocka_unit_test(room_left_untouched),
        cmocka_unit_test(overflow_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
