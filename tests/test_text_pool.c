/*
 * test_text_pool: jh_text_pool (engine/jh_text_pool.c) gives back each
 * string as copied, NUL-terminated, however many blocks the strings fill
 * (and one longer than a block); copies in one block lie end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jh_text_pool.h"

/* The i-th test string: "T" and i in decimal, then i % 23 letters. */
static size_t make(char *buf, size_t i)
{
    int n = snprintf(buf, 64, "T%zu", i);
    for (size_t k = 0; k < i % 23; k++)
        buf[n++] = (char)('a' + (int)(k % 26));
    buf[n] = '\0';
    return (size_t)n;
}

static void strings_kept_across_blocks(void **state)
{
    (void)state;
    jh_text_pool *p = jh_text_pool_new();
    assert_non_null(p);
    /* 600,000 strings of 2 to 29 bytes: about 13 MB, four blocks or more */
    size_t n = 600000;
    char **got = malloc(n * sizeof *got);
    assert_non_null(got);
    char buf[64];
    size_t adjacent = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = make(buf, i);
        /* every other one from bytes with no NUL after them */
        got[i] = i % 2 ? jh_text_pool_copy(p, buf) : jh_text_pool_copy_n(p, buf, len);
        assert_non_null(got[i]);
        if (i > 0 && got[i] == got[i - 1] + strlen(got[i - 1]) + 1)
            adjacent++;
    }
    assert_true(adjacent >= n - 8); /* a new block now and then, else end to end */
    char *empty = jh_text_pool_copy_n(p, "xyz", 0);
    assert_non_null(empty);
    assert_string_equal(empty, "");
    /* longer than a block: a block of its own, the strings before it kept */
    size_t big = (5u << 20) + 17;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, 'q', big);
    char *long_one = jh_text_pool_copy_n(p, text, big);
    assert_non_null(long_one);
    assert_int_equal(long_one[big], '\0');
    assert_int_equal(memcmp(long_one, text, big), 0);
    char *after = jh_text_pool_copy(p, "after");
    assert_string_equal(after, "after");
    for (size_t i = 0; i < n; i++) {
        make(buf, i);
        assert_string_equal(got[i], buf);
    }
    assert_string_equal(empty, "");
    free(text);
    free(got);
    jh_text_pool_free(p);
    jh_text_pool_free(NULL); /* nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_kept_across_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
