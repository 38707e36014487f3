/* The large-neighbourhood search of fac_lns.c (issue 18 item 4): regions
 * of open facilities freed and re-solved exactly by the branch-and-bound.
 * Checked against enumeration (tests/cap_fixture.h) on random capacitated
 * instances of 10 clients and 7 sites, p = 3:
 *  - freeing every open site with every site a candidate is the whole
 *    problem: the search ends at the enumerated optimum;
 *  - freeing one site at a time with every site a candidate, the layout
 *    it ends at is a local optimum of the swap neighbourhood priced
 *    exactly (every swap's best assignment enumerated is no cheaper), and
 *    its assignment is exact, recounted, within the capacities;
 *  - the memo: a second search from a layout a full scan ended at solves
 *    no region and changes nothing;
 *  - the memo's regions: a search replayed from the same start, the
 *    layouts forgotten but the regions kept, solves no region again and
 *    ends where a search with a fresh memo ends, region for region. */
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

#define NC 10
#define NF 7
#define P 3

typedef struct {
    cap_fixture x;
    fac_inst in;
    fac_cap_work *w;
    fac_cap a;
    bool open[NF];
} lns_case;

/* A random instance and its feasible layout with the dearest heuristic
 * assignment (a start far from the optimum); false when no layout fits. */
static bool case_new(lns_case *t)
{
    capfx_random(&t->x, NC, NF, 0.4);   /* three sites hold everyone */
    jh_facility_problem pr = {
        .n_clients = NC, .n_facilities = NF, .demand = t->x.wgt, .capacity = t->x.cap,
        .start = t->x.start, .facility = t->x.fac, .cost = t->x.cost,
        .mode = JH_FACILITY_KEEP, .p = P, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(fac_inst_build(&t->in, &pr, 0, &err), JH_OK);
    t->w = fac_cap_work_new(&t->in);
    assert_non_null(t->w);
    assert_int_equal(fac_cap_init(&t->a, &t->in, NULL), JH_OK);
    fac_cap trial;
    assert_int_equal(fac_cap_init(&trial, &t->in, NULL), JH_OK);
    double worst = -1;
    bool o[NF];
    for (int m = 0; m < (1 << NF); m++) {
        if (__builtin_popcount((unsigned)m) != P)
            continue;
        for (int f = 0; f < NF; f++)
            o[f] = m >> f & 1;
        fac_cap_assign(&t->in, o, &trial, t->w);
        if (trial.unassigned || trial.over > 1e-9 || !(trial.cost > worst))
            continue;
        worst = trial.cost;
        memcpy(t->open, o, sizeof o);
        fac_cap_copy(&t->a, &trial, &t->in);
    }
    fac_cap_free(&trial);
    return worst >= 0;
}

static void case_free(lns_case *t)
{
    fac_cap_free(&t->a);
    fac_cap_work_free(t->w);
    fac_inst_free(&t->in);
}

/* a is a valid assignment of the layout: p open, everyone at an open
 * site, loads within the capacities, its cost recounted. */
static void assert_valid(const lns_case *t)
{
    int n = 0;
    for (int f = 0; f < NF; f++)
        n += t->open[f];
    assert_int_equal(n, P);
    double cost = 0, load[NF] = {0};
    for (int c = 0; c < NC; c++) {
        int f = t->a.f[c];
        assert_true(f >= 0 && f < NF && t->open[f]);
        cost += t->x.d[c * NF + f];
        load[f] += t->x.wgt[c];
    }
    for (int f = 0; f < NF; f++) {
        assert_true(load[f] <= t->x.cap[f] + 1e-9);
        assert_true(fabs(load[f] - t->a.load[f]) < 1e-9);
    }
    assert_true(fabs(cost - t->a.cost) < 1e-6);
    assert_int_equal(t->a.unassigned, 0);
    assert_true(t->a.over <= 1e-9);
}

static void test_all_freed_is_exact(void **state)
{
    (void)state;
    srand(11);
    int cases = 0, moved = 0;
    for (int rep = 0; rep < 20; rep++) {
        lns_case t;
        if (!case_new(&t)) {
            case_free(&t);
            continue;
        }
        cases++;
        double opt = capfx_best_layout(&t.x, P), start = t.a.cost;
        int regions = fac_lns(&t.in, P, t.open, &t.a, t.w, P, NF, 100000000L, 50, NULL);
        assert_true(regions >= 1);
        assert_valid(&t);
        assert_true(fabs(t.a.cost - opt) < 1e-6);
        moved += start > opt + 1e-6;
        case_free(&t);
    }
    assert_true(cases >= 10);
    assert_true(moved >= 5);   /* the starts were not the optimum */
}

static void test_one_freed_is_exact_swap_optimum(void **state)
{
    (void)state;
    srand(12);
    int cases = 0, improved = 0;
    for (int rep = 0; rep < 20; rep++) {
        lns_case t;
        if (!case_new(&t)) {
            case_free(&t);
            continue;
        }
        cases++;
        double start = t.a.cost;
        fac_lns_memo *M = fac_lns_memo_new(NF, 4);
        assert_non_null(M);
        fac_lns(&t.in, P, t.open, &t.a, t.w, 1, NF, 100000000L, 1000, M);
        assert_valid(&t);
        improved += t.a.cost < start - 1e-6;
        assert_true(t.a.cost <= start + 1e-6);
        /* its assignment is the layout's best, and no swap is cheaper */
        assert_true(fabs(t.a.cost - capfx_layout_cost(&t.x, t.open)) < 1e-6);
        bool o[NF];
        for (int r = 0; r < NF; r++)
            for (int g = 0; g < NF; g++) {
                if (!t.open[r] || t.open[g])
                    continue;
                memcpy(o, t.open, sizeof o);
                o[r] = false;
                o[g] = true;
                assert_true(capfx_layout_cost(&t.x, o) >= t.a.cost - 1e-6);
            }
        /* the memo holds it: a second search solves nothing */
        bool before[NF];
        memcpy(before, t.open, sizeof before);
        double cost = t.a.cost;
        assert_int_equal(M->n, 1);
        assert_int_equal(fac_lns(&t.in, P, t.open, &t.a, t.w, 1, NF, 100000000L, 1000, M), 0);
        assert_memory_equal(before, t.open, sizeof before);
        assert_true(t.a.cost == cost);
        fac_lns_memo_free(M);
        case_free(&t);
    }
    assert_true(cases >= 10);
    assert_true(improved >= 5);
}

static void test_regions_replayed_from_memo(void **state)
{
    (void)state;
    srand(14);
    int cases = 0, improved = 0;
    for (int rep = 0; rep < 20; rep++) {
        lns_case t;
        if (!case_new(&t)) {
            case_free(&t);
            continue;
        }
        cases++;
        bool start[NF], fresh_open[NF];
        memcpy(start, t.open, sizeof start);
        fac_cap a0;
        assert_int_equal(fac_cap_init(&a0, &t.in, NULL), JH_OK);
        fac_cap_copy(&a0, &t.a, &t.in);
        /* with a fresh memo */
        fac_lns_memo *M = fac_lns_memo_new(NF, 4);
        assert_non_null(M);
        int n1 = fac_lns(&t.in, P, t.open, &t.a, t.w, 1, NF, 100000000L, 1000, M);
        assert_true(n1 >= 1);
        memcpy(fresh_open, t.open, sizeof fresh_open);
        double fresh_cost = t.a.cost;
        improved += fresh_cost < a0.cost - 1e-6;
        int solved = M->nr;
        assert_true(solved >= 1 && solved <= n1);
        /* the same start again, the layouts forgotten: every region is
         * one the memo holds */
        M->n = 0;
        memcpy(t.open, start, sizeof start);
        fac_cap_copy(&t.a, &a0, &t.in);
        int n2 = fac_lns(&t.in, P, t.open, &t.a, t.w, 1, NF, 100000000L, 1000, M);
        assert_int_equal(n2, n1);
        assert_int_equal(M->nr, solved);
        assert_memory_equal(fresh_open, t.open, sizeof fresh_open);
        assert_true(t.a.cost == fresh_cost);
        assert_valid(&t);
        fac_lns_memo_free(M);
        fac_cap_free(&a0);
        case_free(&t);
    }
    assert_true(cases >= 10);
    assert_true(improved >= 5);   /* replays that moved: better answers recalled */
}

/* A region budget of 0 solves nothing; the layout stays as given. */
static void test_no_regions_no_change(void **state)
{
    (void)state;
    srand(13);
    lns_case t;
    while (!case_new(&t))
        case_free(&t);
    bool before[NF];
    memcpy(before, t.open, sizeof before);
    double cost = t.a.cost;
    assert_int_equal(fac_lns(&t.in, P, t.open, &t.a, t.w, P, NF, 100000000L, 0, NULL), 0);
    assert_memory_equal(before, t.open, sizeof before);
    assert_true(t.a.cost == cost);
    case_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_freed_is_exact),
        cmocka_unit_test(test_one_freed_is_exact_swap_optimum),
        cmocka_unit_test(test_no_regions_no_change),
        cmocka_unit_test(test_regions_replayed_from_memo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
