/* A capacitated proof that gives up when its tree would not close
 * (fac_certify_or_give_up, fac_bnb.c: FAC_BNB_HOPELESS), against
 * fac_certify and the optimum found by enumeration.
 *
 * Random instances of cap_fixture.h (9 clients, 8 sites, p = 3, each
 * capacity 0.36 of the total demand: three sites hold everyone, barely);
 * the optimum by enumerating every layout and every assignment. Each
 * proof starts from the feasible layout whose heuristic assignment
 * (fac_cap_assign) is dearest. Expectations:
 *  - with a large budget (the trees close long before an eighth of it is
 *    spent, where giving up is first considered) both proofs end alike:
 *    the optimum, proven (bound = optimum), the same node count;
 *  - with a budget whose eighth the root's ascent alone exceeds, a tree
 *    that needs nodes below the root has finished none of itself when
 *    the first is entered (a share of 0 projects endless work): the
 *    proof stops there, 1 node, with a bound that is still at most the
 *    optimum and at most fac_certify's bound of the same budget, and a
 *    layout that fits and costs what it says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap_fixture.h"
#include "optimise/fac_internal.h"

#define NC 9
#define NF 8
#define P 3

typedef struct proof {
    double lb, ub;
    long nodes;
    bool open[NF];
    fac_cap a;
} proof;

static void run(const fac_inst *in, const cap_fixture *x, const bool *open0, const fac_cap *a0,
                long budget, bool give_up, proof *out)
{
    memcpy(out->open, open0, sizeof out->open);
    assert_int_equal(fac_cap_init(&out->a, in, NULL), JH_OK);
    fac_cap_copy(&out->a, a0, in);
    fac_cap_work *w = fac_cap_work_new(in);
    assert_non_null(w);
    out->ub = a0->cost;
    out->nodes = 0;
    out->lb = (give_up ? fac_certify_or_give_up : fac_certify)(in, P, true, out->open, &out->ub,
                                                               &out->a, w, budget, INFINITY,
                                                               &out->nodes, NULL);
    fac_cap_work_free(w);
    /* the layout returned fits and costs what it says */
    double c = 0, load[NF] = {0};
    int n_open = 0;
    for (int i = 0; i < NC; i++) {
        assert_true(out->a.f[i] >= 0 && out->open[out->a.f[i]]);
        load[out->a.f[i]] += x->wgt[i];
        c += x->d[i * NF + out->a.f[i]];
    }
    for (int f = 0; f < NF; f++) {
        n_open += out->open[f];
        assert_true(load[f] <= x->cap[f] + 1e-9);
    }
    assert_int_equal(n_open, P);
    assert_true(fabs(c - out->ub) < 1e-6);
}

static void test_give_up_against_enumeration(void **state)
{
    (void)state;
    srand(7);
    int instances = 0, gave_up = 0;
    for (int rep = 0; rep < 30; rep++) {
        cap_fixture x;
        capfx_random(&x, NC, NF, 0.36);
        double opt = capfx_best_layout(&x, P);
        if (!isfinite(opt))
            continue;                 /* no three sites hold everyone */
        jh_facility_problem pr = capfx_problem(&x, P);
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        fac_cap_work *w = fac_cap_work_new(&in);
        assert_non_null(w);
        fac_cap a, start;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        assert_int_equal(fac_cap_init(&start, &in, NULL), JH_OK);
        bool open[NF], open0[NF];
        double worst = -1;
        for (int m = 0; m < (1 << NF); m++) {
            if (__builtin_popcount((unsigned)m) != P)
                continue;
            for (int f = 0; f < NF; f++)
                open[f] = m >> f & 1;
            fac_cap_assign(&in, open, &a, w);
            if (a.unassigned == 0 && a.over <= 1e-9 && a.cost > worst) {
                worst = a.cost;
                memcpy(open0, open, sizeof open);
                fac_cap_copy(&start, &a, &in);
            }
        }
        fac_cap_work_free(w);
        fac_cap_free(&a);
        if (worst < 0) {
            fac_cap_free(&start);
            fac_inst_free(&in);
            continue;                 /* the heuristic fits no layout */
        }
        instances++;

        /* a large budget: both close, alike */
        proof c, g;
        run(&in, &x, open0, &start, 100000000L, false, &c);
        run(&in, &x, open0, &start, 100000000L, true, &g);
        assert_true(fabs(c.ub - opt) < 1e-6 && fabs(c.lb - opt) < 1e-6);
        assert_true(g.ub == c.ub && g.lb == c.lb);
        assert_int_equal(g.nodes, c.nodes);
        fac_cap_free(&c.a);
        fac_cap_free(&g.a);

        /* a budget whose eighth (25,000) the root's ascent exceeds when
         * it does not close the gap (it runs until its step factor has
         * fallen from 2 below 1e-4: more than 25,000 on every instance
         * here whose tree goes below the root) */
        long small = 200000;
        run(&in, &x, open0, &start, small, false, &c);
        run(&in, &x, open0, &start, small, true, &g);
        assert_true(g.lb <= opt + 1e-6 && c.lb <= opt + 1e-6);
        assert_true(g.ub >= opt - 1e-6);
        assert_true(g.nodes <= c.nodes);
        if (c.nodes > 1) {
            /* the tree went below the root: the proof that gives up
             * stopped at its first child */
            assert_int_equal(g.nodes, 1);
            assert_true(g.lb <= c.lb);
            gave_up++;
        } else {
            assert_true(g.lb == c.lb && g.ub == c.ub);
        }
        fac_cap_free(&c.a);
        fac_cap_free(&g.a);
        fac_cap_free(&start);
        fac_inst_free(&in);
    }
    printf("%d instances, %d proofs gave up below the root\n", instances, gave_up);
    assert_true(instances >= 15);
    assert_true(gave_up >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_give_up_against_enumeration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
