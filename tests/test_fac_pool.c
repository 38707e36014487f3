/* The pool of layouts given exact assignments (fac_pool.c, issue 18 item
 * 4): the k cheapest distinct layouts kept in order, a layout offered
 * again at a lower price re-priced, and the exact pass finding the best
 * assignment that the heuristic one misses.
 *
 * The gadget of test_fac_bnb.c: sites A (capacity 3) and B (capacity 5),
 * weighted costs v0 (2 students) A 0 / B 20, v1 (2) A 2 / B 18, v2 (1)
 * A 4 / B 6. With both open the best assignment is A {v0, v2}, B {v1}:
 * 22; A {v0}, B {v1, v2} costs 24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cap_fixture.h"
#include "optimise/fac_internal.h"

static void test_pool_keeps_cheapest_distinct(void **state)
{
    (void)state;
    fac_pool *P = fac_pool_new(4, 3);
    assert_non_null(P);
    bool l1[4] = {1, 1, 0, 0}, l2[4] = {1, 0, 1, 0}, l3[4] = {0, 1, 1, 0}, l4[4] = {0, 0, 1, 1};
    fac_pool_add(P, l1, 10);
    fac_pool_add(P, l2, 8);
    fac_pool_add(P, l1, 10);      /* the same again: nothing */
    assert_int_equal(P->n, 2);
    fac_pool_add(P, l1, 9);       /* l1 cheaper: re-priced, not twice */
    assert_int_equal(P->n, 2);
    assert_true(P->cost[0] == 8 && P->cost[1] == 9);
    fac_pool_add(P, l1, 11);      /* dearer: ignored */
    assert_true(P->cost[1] == 9);
    fac_pool_add(P, l3, 12);
    fac_pool_add(P, l4, 7);       /* full: l3 (12) drops out */
    assert_int_equal(P->n, 3);
    assert_true(P->cost[0] == 7 && P->cost[1] == 8 && P->cost[2] == 9);
    assert_memory_equal(P->open, l4, sizeof l4);
    assert_memory_equal(P->open + 4, l2, sizeof l2);
    assert_memory_equal(P->open + 8, l1, sizeof l1);
    fac_pool_add(P, l3, 9.5);     /* dearer than the last kept: ignored */
    assert_true(P->cost[2] == 9);
    fac_pool_free(P);
}

static const double g_demand[3] = {2, 2, 1}, g_cap[2] = {3, 5};
static const size_t g_start[4] = {0, 2, 4, 6};
static const int g_fac[6] = {0, 1, 0, 1, 0, 1};
static const double g_cost[6] = {0, 10, 1, 9, 4, 6};   /* distances */

static void test_exact_gadget(void **state)
{
    (void)state;
    jh_facility_problem pr = {
        .n_clients = 3, .n_facilities = 2, .demand = g_demand, .capacity = g_cap,
        .start = g_start, .facility = g_fac, .cost = g_cost, .mode = JH_FACILITY_KEEP,
        .p = 2, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    fac_inst in;
    assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
    bool open[2] = {true, true};
    fac_cap best;
    assert_int_equal(fac_cap_init(&best, &in, NULL), JH_OK);
    best.f[0] = 0;
    best.f[1] = 1;
    best.f[2] = 1;
    best.load[0] = 2;
    best.load[1] = 3;
    fac_cap_totals(&in, open, &best);
    assert_true(best.cost == 24);
    fac_cap_work *w = fac_cap_work_new(&in);
    assert_non_null(w);
    fac_pool *P = fac_pool_new(2, 4);
    assert_non_null(P);
    fac_pool_add(P, open, 24);
    bool out[2] = {false, false};
    assert_true(fac_pool_exact(P, &in, 2, 0.02, 1000000, out, &best, w));
    assert_true(best.cost == 22);
    assert_true(best.total == 22);
    assert_true(out[0] && out[1]);
    assert_int_equal(best.f[0], 0);
    assert_int_equal(best.f[1], 1);
    assert_int_equal(best.f[2], 0);
    assert_true(best.load[0] == 3 && best.load[1] == 2);
    /* already the best: no change */
    assert_false(fac_pool_exact(P, &in, 2, 0.02, 1000000, out, &best, w));
    assert_true(best.cost == 22);
    fac_pool_free(P);
    fac_cap_work_free(w);
    fac_cap_free(&best);
    fac_inst_free(&in);
}

/* Random instances (8 clients, 5 sites, p = 2, capacities tight): every
 * layout in the pool (margin wide enough for all), the exact pass ends
 * at the optimum found by enumerating every layout and assignment. */
#define NC 8
#define NF 5
static void test_exact_random(void **state)
{
    (void)state;
    srand(7);
    int improved = 0;
    for (int rep = 0; rep < 30; rep++) {
        cap_fixture x;
        capfx_random(&x, NC, NF, 0.55); /* two sites hold everyone, barely */
        double *wgt = x.wgt, *cap = x.cap, *d = x.d;
        double opt = capfx_best_layout(&x, 2);
        if (!isfinite(opt))
            continue;
        jh_facility_problem pr = {
            .n_clients = NC, .n_facilities = NF, .demand = wgt, .capacity = cap,
            .start = x.start, .facility = x.fac, .cost = x.cost, .mode = JH_FACILITY_KEEP,
            .p = 2, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        fac_cap_work *w = fac_cap_work_new(&in);
        fac_pool *P = fac_pool_new(NF, 16);
        fac_cap a, best;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        assert_int_equal(fac_cap_init(&best, &in, NULL), JH_OK);
        bool open[NF], best_open[NF];
        best.cost = best.total = INFINITY;
        for (int m = 0; m < (1 << NF); m++) {
            if (__builtin_popcount((unsigned)m) != 2)
                continue;
            for (int f = 0; f < NF; f++)
                open[f] = m >> f & 1;
            fac_cap_assign(&in, open, &a, w);
            if (a.unassigned || a.over > 1e-9)
                continue;
            fac_pool_add(P, open, a.cost);
            if (a.cost < best.cost) {
                fac_cap_copy(&best, &a, &in);
                memcpy(best_open, open, sizeof open);
            }
        }
        assert_true(isfinite(best.cost));
        double heur = best.cost;
        fac_pool_exact(P, &in, 2, 1e9, 100000000L, best_open, &best, w);
        assert_true(fabs(best.cost - opt) < 1e-6);
        assert_true(best.over <= 1e-9 && best.unassigned == 0);
        /* the assignment is what it says: recount */
        double c2 = 0, load[NF] = {0};
        for (int c = 0; c < NC; c++) {
            assert_true(best_open[best.f[c]]);
            c2 += d[c * NF + best.f[c]];
            load[best.f[c]] += wgt[c];
        }
        assert_true(fabs(c2 - opt) < 1e-6);
        for (int f = 0; f < NF; f++)
            assert_true(load[f] <= cap[f] + 1e-9);
        improved += heur > opt + 1e-6;
        fac_pool_free(P);
        fac_cap_free(&a);
        fac_cap_free(&best);
        fac_cap_work_free(w);
        fac_inst_free(&in);
    }
    print_message("pool: the exact pass beat the heuristic assignment on %d of 30\n", improved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_keeps_cheapest_distinct),
        cmocka_unit_test(test_exact_gadget),
        cmocka_unit_test(test_exact_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
