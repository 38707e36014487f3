/*
 * test_cells_sort: jh_cells_sort (engine/sim/cells_sort.c) puts the
 * simulation's cells in (origin, school, grade) order, the same order a
 * comparison sort gives, whatever order they come in; and refuses origins
 * too spread out for a counting sort, leaving the cells untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sim/cells_sort.h"

static int by_key(const void *a, const void *b)
{
    const jh_cell *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->grade != y->grade)
        return x->grade < y->grade ? -1 : 1;
    return x->count - y->count;
}

static void hand_sized(void **state)
{
    (void)state;
    /* school sites are negative origins, -1 an unplaced school */
    jh_cell v[] = {{5, 2, 3, 10}, {-3, 0, 1, 4}, {5, -1, 0, 7}, {0, 2, 8, 1}, {5, 2, 1, 2}, {-3, 0, 0, 6}};
    assert_true(jh_cells_sort(v, 6));
    const jh_cell want[] = {{-3, 0, 0, 6}, {-3, 0, 1, 4}, {0, 2, 8, 1}, {5, -1, 0, 7}, {5, 2, 1, 2}, {5, 2, 3, 10}};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(v[i].origin, want[i].origin);
        assert_int_equal(v[i].school, want[i].school);
        assert_int_equal(v[i].grade, want[i].grade);
        assert_int_equal(v[i].count, want[i].count);
    }
}

static void random_cells_as_qsort(void **state)
{
    (void)state;
    /* 20,000 cells over 3,000 origins (some with more than 32 cells, which
     * take the bucket's own sort), counts distinct so every cell is known */
    size_t n = 20000;
    jh_cell *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    assert_non_null(v);
    assert_non_null(w);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        int origin = (int)((x >> 8) % 3000) - 500;
        if (i % 10 == 0)
            origin = 7; /* one crowded origin */
        x = x * 1103515245u + 12345u;
        v[i] = (jh_cell){origin, (int)((x >> 8) % 200) - 1, (int)((x >> 20) % 9), (int)i};
    }
    memcpy(w, v, n * sizeof *v);
    qsort(w, n, sizeof *w, by_key);
    assert_true(jh_cells_sort(v, n));
    size_t in_order = 0;
    for (size_t i = 0; i < n; i++) {
        /* equal keys may come in any order: compare by key, then check the
         * multiset of counts per key through the full qsort below */
        assert_int_equal(v[i].origin, w[i].origin);
        assert_int_equal(v[i].school, w[i].school);
        assert_int_equal(v[i].grade, w[i].grade);
        in_order += i == 0 || by_key(&v[i - 1], &v[i]) <= 0 ||
                    (v[i - 1].origin == v[i].origin && v[i - 1].school == v[i].school &&
                     v[i - 1].grade == v[i].grade);
    }
    assert_int_equal(in_order, n);
    qsort(v, n, sizeof *v, by_key);
    assert_memory_equal(v, w, n * sizeof *v);
    free(v);
    free(w);
}

static void spread_origins_refused(void **state)
{
    (void)state;
    jh_cell v[] = {{2000000000, 1, 0, 1}, {-2000000000, 0, 0, 2}};
    assert_false(jh_cells_sort(v, 2));
    assert_int_equal(v[0].origin, 2000000000); /* untouched */
    assert_int_equal(v[1].count, 2);
}

/* jh_cells_compact: sorted, equal keys merged, empty cells dropped; a
 * cell keeps school -1 (unplaced) and a large school index through its
 * 27-bit field. */
static void compact_merges(void **state)
{
    (void)state;
    jh_cell v[] = {{4, JH_CELL_MAX_SCHOOL, 8, 3}, {2, -1, 0, 5}, {4, 1, 2, 0}, {2, -1, 0, 2},
                   {-2, 7, 5, 1}, {4, JH_CELL_MAX_SCHOOL, 8, 4}};
    assert_int_equal(jh_cells_compact(v, 6), 3);
    assert_int_equal(v[0].origin, -2);
    assert_int_equal(v[0].school, 7);
    assert_int_equal(v[0].grade, 5);
    assert_int_equal(v[0].count, 1);
    assert_int_equal(v[1].origin, 2);
    assert_int_equal(v[1].school, -1);
    assert_int_equal(v[1].count, 7);
    assert_int_equal(v[2].origin, 4);
    assert_int_equal(v[2].school, JH_CELL_MAX_SCHOOL);
    assert_int_equal(v[2].grade, 8);
    assert_int_equal(v[2].count, 7);
    assert_int_equal(sizeof(jh_cell), 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_sized),
        cmocka_unit_test(random_cells_as_qsort),
        cmocka_unit_test(spread_origins_refused),
        cmocka_unit_test(compact_merges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
