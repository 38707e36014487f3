/* The single-source assignment of one layout (fac_cap.c, issue 18 item
 * 4): its moves end where no move of their kind pays, and it never
 * claims less than the best assignment.
 *
 * Hand-checked: sites A (capacity 2) and B (capacity 2), four clients of
 * demand 1; weighted costs c0 A 1 / B 9, c1 A 2 / B 4, c2 A 3 / B 9,
 * c3 A 5 / B 6. A takes two of them: c0 and c2 (the two that would
 * lose most at B: 8 and 6), B c1 and c3: 1 + 3 + 4 + 6 = 14, the
 * optimum of the six splits (A {c0, c1}: 1 + 2 + 9 + 6 = 18, A {c0, c3}:
 * 1 + 5 + 4 + 9 = 19, A {c1, c2}: 2 + 3 + 9 + 6 = 20, A {c1, c3}: 2 + 5
 * + 9 + 9 = 25, A {c2, c3}: 3 + 5 + 9 + 4 = 21).
 *
 * Random: 12 clients, 6 sites, 3 open, capacities tight. After
 * fac_cap_assign, with nothing overloaded: no client moves to another
 * open site with room more cheaply (shift), no two clients of two sites
 * trade places more cheaply within the capacities (the swap pass: with
 * 3 open, every open site is among a client's 6 nearest), and the cost
 * is at least the optimum found by enumerating every assignment.
 *
 * The memo of a small instance's work area: every layout of 8 sites
 * (255, some sharing a slot of its table) assigned three times over (forward, backward, forward) with one work
 * area gives, each time, exactly what a fresh work area gives (the same
 * clients' sites, loads and totals). */
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

typedef struct { double c; int f; } pair_;
static int by_cost(const void *a, const void *b)
{
    const pair_ *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->f - y->f;
}

/* The problem from a dense table of unweighted costs (nc x nf). */
static void build(fac_inst *in, size_t nc, size_t nf, const double *raw, double *wgt,
                  double *cap, size_t *start, int *fac, double *cost)
{
    for (size_t c = 0; c < nc; c++) {
        pair_ t[16];
        for (size_t f = 0; f < nf; f++) {
            t[f].f = (int)f;
            t[f].c = raw[c * nf + f];
        }
        qsort(t, nf, sizeof *t, by_cost);
        start[c] = c * nf;
        for (size_t k = 0; k < nf; k++) {
            fac[c * nf + k] = t[k].f;
            cost[c * nf + k] = t[k].c;
        }
    }
    start[nc] = nc * nf;
    jh_facility_problem pr = {
        .n_clients = nc, .n_facilities = nf, .demand = wgt, .capacity = cap,
        .start = start, .facility = fac, .cost = cost, .mode = JH_FACILITY_KEEP,
        .p = 1, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(fac_inst_build(in, &pr, 0, &err), JH_OK);
}

static void test_hand(void **state)
{
    (void)state;
    double raw[] = {1, 9, 2, 4, 3, 9, 5, 6}, wgt[] = {1, 1, 1, 1}, cap[] = {2, 2};
    size_t start[5];
    int fac[8];
    double cost[8];
    fac_inst in;
    build(&in, 4, 2, raw, wgt, cap, start, fac, cost);
    fac_cap_work *w = fac_cap_work_new(&in);
    assert_non_null(w);
    fac_cap a;
    assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
    bool open[2] = {true, true};
    fac_cap_assign(&in, open, &a, w);
    assert_true(a.cost == 14);
    assert_true(a.over == 0 && a.unassigned == 0 && a.total == 14);
    /* internal clients keep the caller's order (all demands > 0) */
    assert_int_equal(a.f[0], 0);
    assert_int_equal(a.f[1], 1);
    assert_int_equal(a.f[2], 0);
    assert_int_equal(a.f[3], 1);
    assert_true(a.load[0] == 2 && a.load[1] == 2);
    /* from the worst split (A {c1, c3}, 25) the moves reach it too */
    a.f[0] = 1;
    a.f[1] = 0;
    a.f[2] = 1;
    a.f[3] = 0;
    a.load[0] = a.load[1] = 2;
    fac_cap_improve(&in, open, &a, w);
    assert_true(a.cost == 14);
    fac_cap_free(&a);
    fac_cap_work_free(w);
    fac_inst_free(&in);
}

#define NC 12
#define NF 6
#define NO 3

static void test_random_local_optimum(void **state)
{
    (void)state;
    srand(11);
    int feasible = 0, at_opt = 0;
    for (int rep = 0; rep < 40; rep++) {
        cap_fixture x;
        capfx_random(&x, NC, NF, 0.4); /* three sites hold everyone, with 20% spare */
        double *wgt = x.wgt, *cap = x.cap, *raw = x.raw, *d = x.d;
        size_t start[NC + 1];
        int fac[NC * NF];
        double cost[NC * NF];
        fac_inst in;
        build(&in, NC, NF, raw, wgt, cap, start, fac, cost);
        fac_cap_work *w = fac_cap_work_new(&in);
        assert_non_null(w);
        fac_cap a;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        int sites[NO] = {rep % NF, (rep / NF + 1 + rep) % NF, 0};
        if (sites[1] == sites[0])
            sites[1] = (sites[0] + 1) % NF;
        sites[2] = (sites[1] + 1) % NF;
        while (sites[2] == sites[0] || sites[2] == sites[1])
            sites[2] = (sites[2] + 1) % NF;
        bool open[NF] = {false};
        for (int k = 0; k < NO; k++)
            open[sites[k]] = true;
        fac_cap_assign(&in, open, &a, w);
        /* the totals are what the assignment says */
        double load[NF] = {0}, c2 = 0;
        for (int c = 0; c < NC; c++) {
            assert_true(a.f[c] >= 0 && open[a.f[c]]);
            load[a.f[c]] += wgt[c];
            c2 += d[c * NF + a.f[c]];
        }
        assert_true(fabs(c2 - a.cost) < 1e-6);
        for (int f = 0; f < NF; f++)
            assert_true(fabs(load[f] - a.load[f]) < 1e-9);
        double opt = capfx_best_assignment(&x, sites, NO);
        if (a.over > 1e-9) {
            fac_cap_free(&a);
            fac_cap_work_free(w);
            fac_inst_free(&in);
            continue;
        }
        feasible++;
        assert_true(isfinite(opt));
        assert_true(a.cost >= opt - 1e-6);
        at_opt += a.cost <= opt + 1e-6;
        for (int c = 0; c < NC; c++) {
            int f = a.f[c];
            for (int g = 0; g < NF; g++)
                if (open[g] && g != f && load[g] + wgt[c] <= cap[g] + 1e-9)
                    assert_true(d[c * NF + g] >= d[c * NF + f] - 1e-6);   /* shift */
            for (int e = 0; e < NC; e++) {
                int g = a.f[e];
                if (g == f || load[f] - wgt[c] + wgt[e] > cap[f] + 1e-9
                    || load[g] - wgt[e] + wgt[c] > cap[g] + 1e-9)
                    continue;
                /* trade */
                assert_true(d[c * NF + g] + d[e * NF + f] >= d[c * NF + f] + d[e * NF + g] - 1e-6);
            }
        }
        fac_cap_free(&a);
        fac_cap_work_free(w);
        fac_inst_free(&in);
    }
    print_message("capmoves: %d of 40 fit, %d of them at the enumerated optimum\n", feasible, at_opt);
    assert_true(feasible >= 20);
}

static void assert_same_cap(const fac_cap *x, const fac_cap *y, const fac_inst *in)
{
    assert_memory_equal(x->f, y->f, in->nc * sizeof *x->f);
    assert_memory_equal(x->load, y->load, in->nf * sizeof *x->load);
    assert_true(x->cost == y->cost && x->over == y->over && x->total == y->total);
    assert_int_equal(x->unassigned, y->unassigned);
}

/* 8 sites for the memo test: its 255 layouts (any number open) are more
 * than fit the table without sharing slots */
#define MF 8

/* The reverse entries' sort (fac_caplocal.c) against qsort with the
 * plain comparison: random lengths 0-300 and 5,000, costs drawn from a
 * few values so ties (broken by client, then entry) are common. */
static int by_rkey(const void *x, const void *y)
{
    const rkey *a = x, *b = y;
    if (a->raw != b->raw)
        return a->raw < b->raw ? -1 : 1;
    if (a->c != b->c)
        return a->c < b->c ? -1 : 1;
    return (a->k > b->k) - (a->k < b->k);
}

static void test_rev_sort_as_qsort(void **state)
{
    (void)state;
    unsigned seed = 7;
    rkey *v = malloc(5000 * sizeof *v), *r = malloc(5000 * sizeof *r);
    assert_non_null(v);
    assert_non_null(r);
    for (int round = 0; round < 400; round++) {
        size_t n = round == 399 ? 5000 : (size_t)(round * 3 % 301);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i].raw = (double)((seed >> 16) % 13) * 0.5;
            seed = seed * 1103515245u + 12345u;
            v[i].c = (int)((seed >> 16) % (round % 2 ? 40 : 100000));
            v[i].k = (int)i;
        }
        memcpy(r, v, n * sizeof *r);
        qsort(r, n, sizeof *r, by_rkey);
        fac_capl_sort_rev(v, n);
        for (size_t i = 0; i < n; i++) {
            assert_true(v[i].raw == r[i].raw);
            assert_int_equal(v[i].c, r[i].c);
            assert_int_equal(v[i].k, r[i].k);
        }
    }
    free(v);
    free(r);
}

static void test_memo_same_as_fresh(void **state)
{
    (void)state;
    srand(12);
    for (int rep = 0; rep < 3; rep++) {
        cap_fixture x;
        capfx_random(&x, NC, MF, 0.4);
        size_t start[NC + 1];
        int fac[NC * MF];
        double cost[NC * MF];
        fac_inst in;
        build(&in, NC, MF, x.raw, x.wgt, x.cap, start, fac, cost);
        fac_cap_work *w = fac_cap_work_new(&in);
        assert_non_null(w);
        fac_cap a, b;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        assert_int_equal(fac_cap_init(&b, &in, NULL), JH_OK);
        int layouts[1 << MF], n = 0;
        for (int m = 0; m < (1 << MF); m++)
            if (m > 0)
                layouts[n++] = m;
        for (int pass = 0; pass < 3; pass++)
            for (int k = 0; k < n; k++) {
                int m = layouts[pass == 1 ? n - 1 - k : k];
                bool open[MF];
                for (int f = 0; f < MF; f++)
                    open[f] = m >> f & 1;
                fac_cap_assign(&in, open, &a, w);          /* shared work area */
                fac_cap_work *fresh = fac_cap_work_new(&in);
                assert_non_null(fresh);
                fac_cap_assign(&in, open, &b, fresh);
                fac_cap_work_free(fresh);
                assert_same_cap(&a, &b, &in);
            }
        fac_cap_free(&a);
        fac_cap_free(&b);
        fac_cap_work_free(w);
        fac_inst_free(&in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand),
        cmocka_unit_test(test_random_local_optimum),
        cmocka_unit_test(test_memo_same_as_fresh),
        cmocka_unit_test(test_rev_sort_as_qsort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
