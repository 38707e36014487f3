/* The swap neighbourhood priced exactly (fac_capexact.c, issue 18 item 4).
 *
 * Random instances of cap_fixture.h (8 clients, 6 sites, p = 3,
 * capacities tight), each started from its first feasible layout in
 * enumeration order with the heuristic assignment. With every closed
 * site a candidate for every open one and rounds enough, the answer must
 * be a local optimum of the exact swap neighbourhood: no layout one swap
 * away has an assignment (found by enumerating all of them, independently
 * of the solver) cheaper than the answer's cost. The answer's assignment
 * is recounted by hand (open sites only, within capacities, the cost it
 * claims); when it improved on the start, its cost is the exact optimum
 * of its layout (the tree's assignment). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cap_fixture.h"
#include "optimise/fac_capexact.h"

#define NC 8
#define NF 6
#define P 3

static void test_exact_swaps_local_optimum(void **state)
{
    (void)state;
    srand(11);
    int improved = 0, runs = 0;
    for (int rep = 0; rep < 40; rep++) {
        cap_fixture x;
        capfx_random(&x, NC, NF, 0.4);  /* three sites hold everyone, barely */
        jh_facility_problem pr = capfx_problem(&x, P);
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        fac_cap_work *w = fac_cap_work_new(&in);
        assert_non_null(w);
        fac_cap a;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        bool open[NF];
        bool found = false;
        for (int m = 0; m < (1 << NF) && !found; m++) {
            if (__builtin_popcount((unsigned)m) != P)
                continue;
            for (int f = 0; f < NF; f++)
                open[f] = m >> f & 1;
            fac_cap_assign(&in, open, &a, w);
            found = a.unassigned == 0 && a.over <= 1e-9;
        }
        if (found) {
            runs++;
            double start = a.cost;
            bool better = fac_cap_exact_swaps(&in, P, open, &a, w, NF, 100000000L, 100);
            assert_true(better == (a.cost < start - 1e-6));
            improved += better;
            /* the answer is what it says */
            double cost = 0, load[NF] = {0};
            int n_open = 0;
            for (int f = 0; f < NF; f++)
                n_open += open[f];
            assert_int_equal(n_open, P);
            for (int c = 0; c < NC; c++) {
                assert_true(a.f[c] >= 0 && open[a.f[c]]);
                cost += x.d[c * NF + a.f[c]];
                load[a.f[c]] += x.wgt[c];
            }
            assert_true(fabs(cost - a.cost) < 1e-6);
            for (int f = 0; f < NF; f++)
                assert_true(load[f] <= x.cap[f] + 1e-9);
            if (better)
                assert_true(fabs(a.cost - capfx_layout_cost(&x, open)) < 1e-6);
            /* no swap leads to a cheaper assignment */
            for (int r = 0; r < NF; r++)
                for (int i = 0; i < NF; i++) {
                    if (!open[r] || open[i])
                        continue;
                    bool nb[NF];
                    memcpy(nb, open, sizeof nb);
                    nb[r] = false;
                    nb[i] = true;
                    assert_true(capfx_layout_cost(&x, nb) >= a.cost - 1e-6);
                }
        }
        fac_cap_free(&a);
        fac_cap_work_free(w);
        fac_inst_free(&in);
    }
    print_message("exact swaps: %d of %d starts improved\n", improved, runs);
    assert_true(runs >= 20);
    assert_true(improved > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_swaps_local_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
