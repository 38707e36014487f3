/*
 * test_cells_sort: jh_cells_sort (engine/sim/cells_sort.c) puts the
 * simulation's cells in (origin, school, grade) order, the same order a
 * comparison sort gives, whatever order they come in (a few runs of
 * origin order merged, others by a counting sort); and refuses origins
 * too spread out for a counting sort in too many runs to merge, leaving
 * the cells untouched.
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
    /* 40 cells alternating between two far origins: 20 runs, more than
     * the merge takes, over a range no counting sort takes */
    jh_cell v[40];
    for (int i = 0; i < 40; i++)
        v[i] = (jh_cell){i % 2 ? -2000000000 : 2000000000, i % 3, 0, i};
    assert_false(jh_cells_sort(v, 40));
    for (int i = 0; i < 40; i++) {
        assert_int_equal(v[i].origin, i % 2 ? -2000000000 : 2000000000); /* untouched */
        assert_int_equal(v[i].count, i);
    }
}

/* Cells in a few runs of origin order (as the yearly loop's come: last
 * year's order with some cells appended), with origins spread too wide
 * for a counting sort and schools out of order within an origin: merged
 * into the order qsort gives. */
static void few_runs_merged(void **state)
{
    (void)state;
    jh_cell v[] = {{-2000000000, 5, 1, 0}, {-2000000000, 3, 2, 1}, {7, 0, 0, 2},
                   {2000000000, 1, 1, 3}, /* run 2 */ {-5, 2, 0, 4}, {7, -1, 3, 5},
                   /* run 3 */ {-2000000000, 3, 1, 6}, {2000000000, 0, 8, 7}};
    size_t n = sizeof v / sizeof v[0];
    jh_cell w[sizeof v / sizeof v[0]];
    memcpy(w, v, sizeof v);
    qsort(w, n, sizeof *w, by_key);
    assert_true(jh_cells_sort(v, n));
    assert_memory_equal(v, w, sizeof v);
    assert_int_equal(v[0].count, 6); /* -2e9, school 3, grade 1 */
    assert_int_equal(v[3].count, 4); /* origin -5 */
    assert_int_equal(v[4].count, 5); /* origin 7, school -1 first */
    assert_int_equal(v[7].count, 3);

    /* 20,000 cells in three runs, each origin's schools shuffled: as qsort */
    size_t m = 20000;
    jh_cell *a = malloc(m * sizeof *a), *b = malloc(m * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    unsigned x = 777;
    for (size_t i = 0; i < m; i++) {
        x = x * 1103515245u + 12345u;
        size_t run = i < 15000 ? 0 : i < 19000 ? 1 : 2;
        size_t base = run == 0 ? 0 : run == 1 ? 15000 : 19000;
        int origin = (int)((i - base) / 7) * (run + 1) - 300; /* non-decreasing in a run */
        a[i] = (jh_cell){origin, (int)((x >> 8) % 5000), (int)((x >> 24) % 9), (int)i};
    }
    memcpy(b, a, m * sizeof *a);
    qsort(b, m, sizeof *b, by_key);
    assert_true(jh_cells_sort(a, m));
    for (size_t i = 0; i < m; i++) {
        assert_int_equal(a[i].origin, b[i].origin);
        assert_int_equal(a[i].school, b[i].school);
        assert_int_equal(a[i].grade, b[i].grade);
    }
    qsort(a, m, sizeof *a, by_key); /* the same cells, none lost or doubled */
    assert_memory_equal(a, b, m * sizeof *a);
    free(a);
    free(b);
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

/* jh_cells_compact_swap: runs of origin order are merged and compacted in
 * one pass into the buffer, and the cells and the buffer trade places (no
 * copy back), with the capacities, whether two runs or three; cells in
 * origin order already are compacted in place. Either way the cells come
 * out as jh_cells_compact gives them. */
static void compact_swap_trades(void **state)
{
    (void)state;
    const jh_cell two[] = {{1, 3, 0, 2}, {4, 1, 2, 5}, {9, 0, 0, 1},   /* run 1 */
                           {0, 2, 1, 4}, {4, 1, 2, 3}, {7, 5, 8, 0}};  /* run 2 */
    jh_cell *v = malloc(10 * sizeof *v), *w = malloc(6 * sizeof *w);
    assert_non_null(v);
    assert_non_null(w);
    memcpy(v, two, sizeof two);
    memcpy(w, two, sizeof two);
    size_t cap = 10;
    jh_scratch buf = {0};
    jh_cell *before = v;
    size_t n = jh_cells_compact_swap(&v, &cap, 6, 0, &buf);
    assert_int_equal(n, 4); /* (4,1,2) merged: 5 + 3; the empty (7,5,8) dropped */
    assert_int_equal(jh_cells_compact(w, 6), 4);
    assert_memory_equal(v, w, 4 * sizeof *v);
    assert_int_equal(v[0].origin, 0);
    assert_int_equal(v[2].origin, 4);
    assert_int_equal(v[2].count, 8);
    assert_ptr_equal(buf.p, before);         /* traded */
    assert_int_equal(buf.bytes, 10 * sizeof *v);
    assert_true(v != before);
    assert_true(cap >= 6); /* the buffer's size in cells */

    /* three runs: one pass, traded back */
    const jh_cell three[] = {{5, 1, 0, 1}, {8, 1, 0, 1}, {2, 1, 0, 1}, {6, 1, 0, 1},
                             {1, 1, 0, 1}, {9, 1, 0, 1}};
    memcpy(v, three, sizeof three);
    jh_cell *own = v, *other = buf.p;
    size_t cap2 = cap;
    n = jh_cells_compact_swap(&v, &cap2, 6, 0, &buf);
    assert_int_equal(n, 6);
    assert_ptr_equal(v, other);
    assert_ptr_equal(buf.p, own);
    const int order[] = {1, 2, 5, 6, 8, 9};
    for (int i = 0; i < 6; i++)
        assert_int_equal(v[i].origin, order[i]);

    /* one run: in place, nothing traded */
    own = v;
    cap2 = 6;
    n = jh_cells_compact_swap(&v, &cap2, 6, 0, &buf);
    assert_int_equal(n, 6);
    assert_ptr_equal(v, own);
    assert_int_equal(cap2, 6);
    free(v);
    free(w);
    jh_scratch_free(&buf);
}

/* jh_cells_compact_swap on a year's kind of cells: a long run in order
 * but for schools changed in place (an origin's cells no longer by school
 * and grade), then short runs added, with repeated keys and empty cells:
 * the same cells as jh_cells_compact gives, whether the long run is
 * vouched for as ordered or not; and cells whose origins' cells come in
 * reverse order (too many insertions) the same too. */
static void compact_swap_as_compact(void **state)
{
    (void)state;
    enum { N = 30000 };
    jh_cell *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w);
    assert_non_null(v);
    assert_non_null(w);
    uint32_t x = 99;
    for (int pass = 0; pass < 4; pass++) {
        size_t n = 0;
        for (int o = -50; n < N / 2; o++) /* the long run */
            for (int k = 0; k < (pass % 2 == 0 ? 9 : 30) && n < N / 2; k++) {
                x = x * 1103515245u + 12345u;
                /* 9 grades at one school, some changed in place (or
                 * unplaced); or 30 cells by descending school */
                int school = pass % 2 == 0 ? (int)(o & 63) : 1000 - k;
                if (pass % 2 == 0 && (x >> 8) % 50 == 0)
                    school = (int)((x >> 16) % 64) - 1;
                v[n++] = (jh_cell){o, school, k % 9, (int)((x >> 20) % 5)};
            }
        for (int run = 0; run < 3; run++) /* three short runs */
            for (size_t k = 0; k < N / 6; k++) {
                x = x * 1103515245u + 12345u;
                int o = (int)(k * 2000 / (N / 6)) - 50;
                v[n++] = (jh_cell){o, (int)((x >> 10) % 64), (int)((x >> 18) % 9),
                                   (int)((x >> 24) % 4)};
            }
        memcpy(w, v, N * sizeof *v);
        size_t cap = N;
        jh_scratch buf = {0};
        size_t got = jh_cells_compact_swap(&v, &cap, N, pass >= 2 ? N / 2 : 0, &buf);
        size_t want = jh_cells_compact(w, N);
        assert_int_equal(got, want);
        assert_memory_equal(v, w, want * sizeof *v);
        for (size_t i = 1; i < got; i++)
            assert_true(by_key(&v[i - 1], &v[i]) < 0 && v[i].count > 0);
        free(buf.p);
        v = realloc(v, N * sizeof *v);
        assert_non_null(v);
    }
    free(v);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_sized),
        cmocka_unit_test(random_cells_as_qsort),
        cmocka_unit_test(spread_origins_refused),
        cmocka_unit_test(few_runs_merged),
        cmocka_unit_test(compact_merges),
        cmocka_unit_test(compact_swap_trades),
        cmocka_unit_test(compact_swap_as_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
