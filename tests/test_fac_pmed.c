/* The uncapacitated p-median proof (issue 18, item 4: fac_lagrange.c,
 * fac_bnb.c) on graphs built as Beasley's OR-Library pmed instances, small
 * enough to enumerate: GN vertices, a cycle through every vertex plus a
 * few random edges of whole cost 1-100, the costs the shortest paths (Floyd), each
 * vertex one client of demand 1 and one facility, p = 3 or 4.
 *
 * The optimum is found by enumerating every layout. The proof, from a
 * poor layout (the first p vertices), is run with work budgets from a
 * few thousand pairs (the root's ascent cut short, the tree never
 * reached) to plenty. At every budget the bound it returns is at most
 * the optimum (facility.c lets the bound of a cut-short proof stand for
 * the final one whatever the incumbent: it must hold for the optimum,
 * not only for the layout it started from), the layout it returns costs
 * what it says, and with plenty of work the bound and the layout are the
 * optimum. Some instances need the tree (the root's bound falls short);
 * some short budgets stop with a bound below the optimum and a layout
 * above it. The same graphs check the local search's swap tables
 * (fac_rw.c) against the layouts' costs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/fac_internal.h"

#define GN 26

static unsigned long lcg(unsigned long *x)
{
    *x = *x * 6364136223846793005UL + 1442695040888963407UL;
    return (*x >> 33) & 0x7fffffff;
}

static int cmp_pair(const void *a, const void *b, void *ctx)
{
    const double *d = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (d[x] != d[y])
        return d[x] < d[y] ? -1 : 1;
    return x - y;
}

/* Shortest-path costs of a random connected graph with whole edge costs. */
static void graph(unsigned long seed, double *d)
{
    unsigned long x = seed;
    for (int i = 0; i < GN; i++)
        for (int j = 0; j < GN; j++)
            d[i * GN + j] = i == j ? 0 : INFINITY;
    for (int i = 0; i < GN; i++) {
        double c = (double)(1 + lcg(&x) % 100);
        int j = (i + 1) % GN;
        d[i * GN + j] = d[j * GN + i] = c;
    }
    for (int k = 0; k < GN / 4; k++) {
        int a = (int)(lcg(&x) % GN), b = (int)(lcg(&x) % GN);
        double c = (double)(1 + lcg(&x) % 100);
        if (a != b && c < d[a * GN + b])
            d[a * GN + b] = d[b * GN + a] = c;
    }
    for (int k = 0; k < GN; k++)
        for (int i = 0; i < GN; i++)
            for (int j = 0; j < GN; j++)
                if (d[i * GN + k] + d[k * GN + j] < d[i * GN + j])
                    d[i * GN + j] = d[i * GN + k] + d[k * GN + j];
}

/* The instance: each vertex one client of demand 1 and one facility,
 * each client's pairs by cost (st, facv, costv, dem: the caller's). */
static void instance(const double *d, int p, size_t *st, int *facv, double *costv,
                     double *dem, fac_inst *in)
{
    for (int i = 0; i < GN; i++) {
        int ord[GN];
        for (int j = 0; j < GN; j++)
            ord[j] = j;
        qsort_r(ord, GN, sizeof *ord, cmp_pair, (void *)(d + i * GN));
        st[i] = (size_t)i * GN;
        dem[i] = 1;
        for (int j = 0; j < GN; j++) {
            facv[i * GN + j] = ord[j];
            costv[i * GN + j] = d[i * GN + ord[j]];
        }
    }
    st[GN] = GN * GN;
    jh_facility_problem pr = {
        .n_clients = GN, .n_facilities = GN, .demand = dem, .start = st,
        .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP, .p = p, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(fac_inst_build(in, &pr, 0, &err), JH_OK);
}

static double layout_cost(const double *d, const bool *open)
{
    double s = 0;
    for (int i = 0; i < GN; i++) {
        double m = INFINITY;
        for (int f = 0; f < GN; f++)
            if (open[f])
                m = fmin(m, d[i * GN + f]);
        s += m;
    }
    return s;
}

/* The best layout of p open by enumeration (p <= 4). */
static double enumerate(const double *d, int p)
{
    double best = INFINITY;
    int idx[4];
    for (idx[0] = 0; idx[0] < GN; idx[0]++)
        for (idx[1] = idx[0] + 1; idx[1] < GN; idx[1]++)
            for (idx[2] = idx[1] + 1; idx[2] < GN; idx[2]++)
                for (idx[3] = p == 4 ? idx[2] + 1 : GN; idx[3] < GN || (p == 3 && idx[3] == GN);
                     idx[3]++) {
                    bool open[GN] = {false};
                    for (int k = 0; k < p; k++)
                        open[idx[k]] = true;
                    double s = layout_cost(d, open);
                    if (s < best)
                        best = s;
                    if (p == 3)
                        break;
                }
    return best;
}

static void test_pmed_graph_bounds(void **state)
{
    (void)state;
    static const long budgets[] = {3000, 10000, 30000, 60000, 100000, 200000, 400000,
                                   800000, 1600000, 100000000L};
    const int nb = (int)(sizeof budgets / sizeof budgets[0]);
    int branched = 0, short_below = 0, short_worse = 0;
    for (unsigned long seed = 1; seed <= 40; seed++) {
        double d[GN * GN], costv[GN * GN], dem[GN];
        int facv[GN * GN];
        size_t st[GN + 1];
        graph(seed, d);
        int p = 3 + (int)(seed % 2);
        fac_inst in;
        instance(d, p, st, facv, costv, dem, &in);
        double opt = enumerate(d, p);
        for (int k = 0; k < nb; k++) {
            bool open[GN] = {false};
            for (int f = 0; f < p; f++)
                open[f] = true;
            double ub = layout_cost(d, open);
            long nodes = 0;
            double lb = fac_certify(&in, p, false, open, &ub, NULL, NULL, budgets[k], INFINITY,
                                    &nodes, NULL);
            int n_open = 0;
            for (int f = 0; f < GN; f++)
                n_open += open[f];
            assert_int_equal(n_open, p);
            assert_true(layout_cost(d, open) == ub);
            assert_true(ub >= opt);
            assert_true(lb <= opt);          /* a bound of the optimum, at any budget */
            assert_true(lb == floor(lb));    /* whole costs: rounded up */
            if (k == nb - 1) {
                assert_true(ub == opt);
                assert_true(lb == opt);
                branched += nodes > 1;
            } else if (lb < opt) {
                short_below++;
                short_worse += ub > opt;
            }
        }
        fac_inst_free(&in);
    }
    printf("pmed graphs: %d of 40 branched; cut short: %d below the optimum, %d of them "
           "with a worse layout\n", branched, short_below, short_worse);
    assert_true(branched >= 1);
    assert_true(short_below >= 5);
    assert_true(short_worse >= 1);
}

/* The incremental swap tables of fac_rw.c (Resende & Werneck) through
 * long runs of swaps: extra(i, r) is looked up first where the client's
 * pair last found it in i's row (a hint, checked before use), then by
 * the scan; rows are compacted as they fill and emptied when i opens, so
 * hints go stale in every way. On these graphs, p = 2..5, from the first
 * p vertices, 300 random swaps (every seventh made as a close, then an
 * open; every fiftieth followed by a rebuild); after each, for every
 * closed i and open r, the tables' profit of swapping i in for r equals
 * the layout's cost less the cost after that swap, both summed from the
 * distances (whole numbers: to 1e-9), and the tables' objective equals
 * the layout's cost. The same run on the dense table (fac_rw_dense:
 * rows of the open facilities handed out and given back) gives the same
 * profits, and its best swap is the sparse rows' (same i, r and profit). */
static void test_swap_tables(void **state)
{
    (void)state;
    long checked = 0;
    for (unsigned long seed = 1; seed <= 8; seed++) {
        double d[GN * GN], costv[GN * GN], dem[GN];
        int facv[GN * GN];
        size_t st[GN + 1];
        graph(seed + 100, d);
        int p = 2 + (int)(seed % 4);
        fac_inst in;
        instance(d, p, st, facv, costv, dem, &in);
        jh_error err;
        jh_error_clear(&err);
        fac_rw rw, rd;
        assert_int_equal(fac_rw_init(&rw, &in, &err), JH_OK);
        assert_int_equal(fac_rw_init(&rd, &in, &err), JH_OK);
        fac_rw_dense(&rd, p);
        assert_non_null(rd.ex);
        assert_null(rw.ex);
        bool open[GN] = {false};
        for (int f = 0; f < p; f++)
            open[f] = true;
        fac_rw_set(&rw, open);
        fac_rw_set(&rd, open);
        unsigned long x = seed;
        for (int step = 0; step < 300; step++) {
            double now = layout_cost(d, open);
            assert_true(fabs(rw.obj - now) < 1e-9);
            assert_true(rd.obj == rw.obj);
            for (int i = 0; i < GN; i++)
                for (int r = 0; r < GN && !open[i]; r++) {
                    if (!open[r])
                        continue;
                    open[i] = true;
                    open[r] = false;
                    double after = layout_cost(d, open);
                    open[i] = false;
                    open[r] = true;
                    assert_true(fabs(fac_rw_profit(&rw, i, r) - (now - after)) < 1e-9);
                    assert_true(fac_rw_profit(&rd, i, r) == fac_rw_profit(&rw, i, r));
                    checked++;
                }
            int si, sr, di, dr;
            double sp, dp;
            bool sf = fac_rw_best_swap(&rw, &si, &sr, &sp);
            bool df = fac_rw_best_swap(&rd, &di, &dr, &dp);
            assert_true(sf == df);
            if (sf) {
                assert_int_equal(si, di);
                assert_int_equal(sr, dr);
                assert_true(sp == dp);
            }
            int i, r;
            do
                i = (int)(lcg(&x) % GN);
            while (open[i]);
            do
                r = (int)(lcg(&x) % GN);
            while (!open[r]);
            if (step % 7 == 3) {
                fac_rw_swap(&rw, -1, r);
                fac_rw_swap(&rd, -1, r);
                fac_rw_swap(&rw, i, -1);
                fac_rw_swap(&rd, i, -1);
            } else {
                fac_rw_swap(&rw, i, r);
                fac_rw_swap(&rd, i, r);
            }
            open[i] = true;
            open[r] = false;
            if (step % 50 == 49) {
                fac_rw_set(&rw, open);
                fac_rw_set(&rd, open);
            }
        }
        assert_false(rw.oom);
        fac_rw_free(&rw);
        fac_rw_free(&rd);
        fac_inst_free(&in);
    }
    printf("swap tables: %ld profits checked against the layouts' costs\n", checked);
    assert_true(checked > 50000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmed_graph_bounds),
        cmocka_unit_test(test_swap_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
