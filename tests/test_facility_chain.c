/* Ejection chains (engine/optimise/fac_capchain.c) on an instance solved
 * by hand: the nearest site is full and the answer needs the far one.
 *
 * On a line: sites A at 0, B at 10, C at 30, 10 places each; villages v0
 * at 0, v1 at 2, v2 at 12, 10 students each, each listing the three sites
 * (cost = students x distance). Start: v0 and v1 at A (20 for 10 places),
 * v2 at B. One site per village; of the six ways
 *   v0 A, v1 B, v2 C: 0 + 80 + 180 = 260   <- the optimum
 *   v0 A, v1 C, v2 B: 0 + 280 + 20 = 300
 *   v0 B, v1 A, v2 C: 100 + 20 + 180 = 300
 *   v0 C, v1 A, v2 B: 300 + 20 + 20 = 340, the rest 500.
 * The cheapest chain from A: v1 to B (+60), which fills B, so v2 leaves B
 * for the far site C (+160): +220 from the start's 40, total 260. Moving
 * v1 straight to C would cost +260, v0 to B then v2 to C +260.
 *
 * And a chain through a full site that sheds less than it receives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/fac_capchain.h"

static void line_instance(fac_inst *in, const double *site, const double *cap, int ns,
                          const double *vil, const double *dem, int nv)
{
    size_t *start = malloc((size_t)(nv + 1) * sizeof *start);
    int *fac = malloc((size_t)(nv * ns) * sizeof *fac);
    double *cost = malloc((size_t)(nv * ns) * sizeof *cost);
    size_t n = 0;
    for (int v = 0; v < nv; v++) {
        start[v] = n;
        bool used[8] = {false};
        for (int k = 0; k < ns; k++) {   /* ascending by distance */
            int b = -1;
            for (int s = 0; s < ns; s++)
                if (!used[s] && (b < 0 || fabs(site[s] - vil[v]) < fabs(site[b] - vil[v])))
                    b = s;
            used[b] = true;
            fac[n] = b;
            cost[n++] = fabs(site[b] - vil[v]);
        }
    }
    start[nv] = n;
    jh_facility_problem pr = {
        .n_clients = (size_t)nv, .n_facilities = (size_t)ns, .demand = dem, .capacity = cap,
        .start = start, .facility = fac, .cost = cost, .mode = JH_FACILITY_KEEP, .p = ns,
        .seed = 1,
    };
    jh_error err = {0};
    assert_int_equal(fac_inst_build(in, &pr, 0, &err), JH_OK);
    free(start);
    free(fac);
    free(cost);
}

static void start_assign(const fac_inst *in, fac_cap *a, const int *f)
{
    assert_int_equal(fac_cap_init(a, in, NULL), JH_OK);
    memset(a->load, 0, in->nf * sizeof *a->load);
    for (size_t c = 0; c < in->nc; c++) {
        a->f[c] = f[c];
        a->load[f[c]] += in->w[c];
    }
    a->over = 0;
    for (size_t g = 0; g < in->nf; g++)
        a->over += fac_ov(a->load[g], in->cap[g]);
}

static void test_far_site(void **state)
{
    (void)state;
    const double site[] = {0, 10, 30}, cap[] = {10, 10, 10};
    const double vil[] = {0, 2, 12}, dem[] = {10, 10, 10};
    fac_inst in;
    line_instance(&in, site, cap, 3, vil, dem, 3);
    fac_cap a;
    start_assign(&in, &a, (const int[]){0, 0, 1});
    assert_float_equal(a.over, 10, 1e-9);
    bool open[] = {true, true, true};
    assert_true(fac_cap_chains(&in, open, &a, 1000000));
    assert_int_equal(a.f[0], 0);
    assert_int_equal(a.f[1], 1);
    assert_int_equal(a.f[2], 2);
    assert_float_equal(a.cost, 260, 1e-9);
    assert_float_equal(a.over, 0, 1e-9);
    assert_float_equal(a.load[0], 10, 1e-9);
    assert_float_equal(a.load[1], 10, 1e-9);
    assert_float_equal(a.load[2], 10, 1e-9);
    fac_cap_free(&a);
    fac_inst_free(&in);
}

/* A chain through a full site that sheds less than it receives. Sites A
 * at 0 (10 places), B at 10 (10), C at 40 (5); villages v0 at 0 (10
 * students) and v1 at 1 (6) at A, v2 at 11 (5) and v3 at 12 (5) at B:
 * 26 students for 25 places, A 6 over. v1 straight to C does not fit (6
 * for 5, and C has no one to send on); v1 to B (+48) and a village of B
 * (5 students) on to C relieves 5 of the 6: v3 (+130) is cheaper than v2
 * (+140). Then B holds 11 for 10, and no chain lowers the overload
 * further (1 is the least possible): A {v0}, B {v1, v2}, C {v3}:
 * 0 + 54 + 5 + 140 = 199. */
static void test_overload_falls(void **state)
{
    (void)state;
    const double site[] = {0, 10, 40}, cap[] = {10, 10, 5};
    const double vil[] = {0, 1, 11, 12}, dem[] = {10, 6, 5, 5};
    fac_inst in;
    line_instance(&in, site, cap, 3, vil, dem, 4);
    fac_cap a;
    start_assign(&in, &a, (const int[]){0, 0, 1, 1});
    assert_float_equal(a.over, 6, 1e-9);
    bool open[] = {true, true, true};
    assert_false(fac_cap_chains(&in, open, &a, 1000000));
    assert_int_equal(a.f[0], 0);
    assert_int_equal(a.f[1], 1);
    assert_int_equal(a.f[2], 1);
    assert_int_equal(a.f[3], 2);
    assert_float_equal(a.cost, 199, 1e-9);
    assert_float_equal(a.over, 1, 1e-9);
    assert_float_equal(a.load[1], 11, 1e-9);
    fac_cap_free(&a);
    fac_inst_free(&in);
}

/* No room anywhere: the chains change nothing and say so. */
static void test_no_room(void **state)
{
    (void)state;
    const double site[] = {0, 10}, cap[] = {10, 10};
    const double vil[] = {0, 2, 12}, dem[] = {10, 10, 10};
    fac_inst in;
    line_instance(&in, site, cap, 2, vil, dem, 3);
    fac_cap a;
    start_assign(&in, &a, (const int[]){0, 0, 1});
    bool open[] = {true, true};
    assert_false(fac_cap_chains(&in, open, &a, 1000000));
    assert_float_equal(a.over, 10, 1e-9);
    assert_int_equal(a.f[0], 0);
    assert_int_equal(a.f[1], 0);
    assert_int_equal(a.f[2], 1);
    fac_cap_free(&a);
    fac_inst_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_far_site),
        cmocka_unit_test(test_overload_falls),
        cmocka_unit_test(test_no_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
