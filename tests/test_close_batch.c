/* Closing many schools at once (sim/close_batch.h) gives what closing them
 * one after the other gives: villages sent on along chains of targets that
 * close later in the batch, and each school's cells in cell order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "sim/close_batch.h"

enum { NS = 40, NV = 300 };

/* The reference: school by school, every village naming it sent to its
 * target (close_school before the batch). */
static void one_by_one(const int *shut, const int *target, size_t m, int *assign, size_t n)
{
    for (size_t r = 0; r < m; r++)
        for (size_t v = 0; v < n; v++)
            if (assign[v] == shut[r])
                assign[v] = target[r];
}

static void test_reassign_matches_one_by_one(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 3);
    for (int trial = 0; trial < 500; trial++) {
        int rank[NS], shut[NS], target[NS], to[NS], a[NV], b[NV];
        for (int i = 0; i < NS; i++)
            rank[i] = -1;
        size_t m = 0;
        /* a random order of up to NS/2 distinct schools */
        for (int k = 0; k < NS / 2; k++) {
            int i = (int)gsl_rng_uniform_int(rng, NS);
            if (rank[i] >= 0)
                continue;
            rank[i] = (int)m;
            shut[m++] = i;
        }
        /* targets: none, a school staying open, or one closing earlier or
         * later in the batch (chains), never the school itself */
        for (size_t r = 0; r < m; r++) {
            int t;
            do
                t = (int)gsl_rng_uniform_int(rng, NS + 1) - 1;
            while (t == shut[r]);
            target[r] = to[r] = t;
        }
        for (int v = 0; v < NV; v++)
            a[v] = b[v] = (int)gsl_rng_uniform_int(rng, NS + 2) - 1; /* -1 and NS: no school */
        one_by_one(shut, target, m, a, NV);
        jh_close_reassign(to, m, rank, NS, b, NV);
        assert_memory_equal(a, b, sizeof a);
        /* to[] holds the final schools now, not the targets: applying
         * it again would send some villages one step further */
        int c[NV], d[NV];
        for (int v = 0; v < NV; v++)
            c[v] = d[v] = (int)gsl_rng_uniform_int(rng, NS);
        one_by_one(shut, target, m, c, NV);
        memcpy(to, target, m * sizeof *to);
        jh_close_reassign(to, m, rank, NS, d, NV);
        assert_memory_equal(c, d, sizeof c);
    }
    gsl_rng_free(rng);
}

/* A chain by hand: 2 closes first (to 9), then 5 (to 7), then 7 (to 2): a
 * village of 5 goes to 7, then on to 2, already closed by then, and stays
 * there (for the assignment rule); a village of 2 goes to 9. */
static void test_reassign_chain(void **state)
{
    (void)state;
    int rank[10];
    for (int i = 0; i < 10; i++)
        rank[i] = -1;
    int shut[3] = {2, 5, 7}, to[3] = {9, 7, 2};
    for (int r = 0; r < 3; r++)
        rank[shut[r]] = r;
    int assign[6] = {5, 7, 2, 9, -1, 3};
    jh_close_reassign(to, 3, rank, 10, assign, 6);
    int want[6] = {2, 2, 9, 9, -1, 3};
    assert_memory_equal(assign, want, sizeof want);
}

static void test_buckets_in_cell_order(void **state)
{
    (void)state;
    jh_cell v[8] = {{0, 4, 1, 3}, {1, 2, 0, 5}, {2, 4, 2, 1}, {3, -1, 0, 2},
                    {4, 2, 1, 7}, {5, 6, 0, 1}, {6, 4, 0, 9}, {7, 9, 3, 4}};
    int rank[10];
    for (int i = 0; i < 10; i++)
        rank[i] = -1;
    rank[4] = 0, rank[2] = 1, rank[8] = 2; /* 8 has no cell */
    int *bucket = NULL;
    size_t *at = jh_close_buckets(v, 8, rank, 10, 3, &bucket);
    assert_non_null(at);
    assert_int_equal(at[0], 3);
    assert_int_equal(at[1], 5);
    assert_int_equal(at[2], 5);
    int want[5] = {0, 2, 6, 1, 4};
    assert_memory_equal(bucket, want, sizeof want);
    free(at);
    free(bucket);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reassign_matches_one_by_one),
        cmocka_unit_test(test_reassign_chain),
        cmocka_unit_test(test_buckets_in_cell_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
