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
 * above it. Larger graphs (DN vertices, p = 2 or 3) give deeper trees,
 * whose nodes below the root make their own smaller instances. */
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
/* the vertices of test_pmed_deep_trees' graphs (the most of any) */
#define DN 60

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

/* Shortest-path costs of a random connected graph of n vertices with
 * whole edge costs. */
static void graph(unsigned long seed, int n, double *d)
{
    unsigned long x = seed;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            d[i * n + j] = i == j ? 0 : INFINITY;
    for (int i = 0; i < n; i++) {
        double c = (double)(1 + lcg(&x) % 100);
        int j = (i + 1) % n;
        d[i * n + j] = d[j * n + i] = c;
    }
    for (int k = 0; k < n / 4; k++) {
        int a = (int)(lcg(&x) % n), b = (int)(lcg(&x) % n);
        double c = (double)(1 + lcg(&x) % 100);
        if (a != b && c < d[a * n + b])
            d[a * n + b] = d[b * n + a] = c;
    }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (d[i * n + k] + d[k * n + j] < d[i * n + j])
                    d[i * n + j] = d[i * n + k] + d[k * n + j];
}

/* The instance: each vertex one client of demand 1 and one facility, each
 * client's pairs by cost (scratch st, facv, costv, dem: n + 1, n x n,
 * n x n, n). */
static void instance(const double *d, int n, int p, size_t *st, int *facv, double *costv,
                     double *dem, fac_inst *in)
{
    for (int i = 0; i < n; i++) {
        int ord[DN];
        for (int j = 0; j < n; j++)
            ord[j] = j;
        qsort_r(ord, (size_t)n, sizeof *ord, cmp_pair, (void *)(d + i * n));
        st[i] = (size_t)i * (size_t)n;
        dem[i] = 1;
        for (int j = 0; j < n; j++) {
            facv[i * n + j] = ord[j];
            costv[i * n + j] = d[i * n + ord[j]];
        }
    }
    st[n] = (size_t)n * (size_t)n;
    jh_facility_problem pr = {
        .n_clients = (size_t)n, .n_facilities = (size_t)n, .demand = dem, .start = st,
        .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP, .p = p, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(fac_inst_build(in, &pr, 0, &err), JH_OK);
}

static double layout_cost(const double *d, int n, const bool *open)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double m = INFINITY;
        for (int f = 0; f < n; f++)
            if (open[f])
                m = fmin(m, d[i * n + f]);
        s += m;
    }
    return s;
}

/* The best layout of p open by enumeration (p <= 4). */
static double enumerate(const double *d, int n, int p)
{
    double best = INFINITY;
    int idx[4];
    for (idx[0] = 0; idx[0] < n; idx[0]++)
        for (idx[1] = idx[0] + 1; idx[1] < n; idx[1]++)
            for (idx[2] = p >= 3 ? idx[1] + 1 : n; idx[2] < n || (p == 2 && idx[2] == n); idx[2]++)
                for (idx[3] = p == 4 ? idx[2] + 1 : n; idx[3] < n || (p < 4 && idx[3] == n);
                     idx[3]++) {
                    bool open[DN] = {false};
                    for (int k = 0; k < p; k++)
                        open[idx[k]] = true;
                    double s = layout_cost(d, n, open);
                    if (s < best)
                        best = s;
                    if (p < 4)
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
        graph(seed, GN, d);
        int p = 3 + (int)(seed % 2);
        fac_inst in;
        instance(d, GN, p, st, facv, costv, dem, &in);
        double opt = enumerate(d, GN, p);
        for (int k = 0; k < nb; k++) {
            bool open[GN] = {false};
            for (int f = 0; f < p; f++)
                open[f] = true;
            double ub = layout_cost(d, GN, open);
            long nodes = 0;
            double lb = fac_certify(&in, p, false, open, &ub, NULL, NULL, budgets[k], INFINITY,
                                    &nodes, NULL);
            int n_open = 0;
            for (int f = 0; f < GN; f++)
                n_open += open[f];
            assert_int_equal(n_open, p);
            assert_true(layout_cost(d, GN, open) == ub);
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

/* Trees below the root: DN-vertex graphs, p = 2 or 3 (their bounds fall
 * short more often than the GN-vertex ones', and the trees go deeper).
 * Below the root, a node that has closed a quarter of the facilities its
 * parent's instance holds drops their pairs again (fac_bnb.c, compact;
 * some of these trees do so at depth 2 and 3): with plenty of work the
 * proof from the first p vertices still ends at the optimum found by
 * enumeration, with the bound equal to it. */
static void test_pmed_deep_trees(void **state)
{
    (void)state;
    static double d[DN * DN], costv[DN * DN];
    static int facv[DN * DN];
    int deep = 0;
    for (unsigned long seed = 1; seed <= 60; seed++) {
        double dem[DN];
        size_t st[DN + 1];
        graph(seed * 7919, DN, d);
        int p = 2 + (int)(seed % 2);
        fac_inst in;
        instance(d, DN, p, st, facv, costv, dem, &in);
        double opt = enumerate(d, DN, p);
        bool open[DN] = {false};
        for (int f = 0; f < p; f++)
            open[f] = true;
        double ub = layout_cost(d, DN, open);
        long nodes = 0;
        double lb = fac_certify(&in, p, false, open, &ub, NULL, NULL, 100000000L, INFINITY,
                                &nodes, NULL);
        int n_open = 0;
        for (int f = 0; f < DN; f++)
            n_open += open[f];
        assert_int_equal(n_open, p);
        assert_true(ub == opt);
        assert_true(lb == opt);
        assert_true(layout_cost(d, DN, open) == opt);
        deep += nodes >= 5;
        fac_inst_free(&in);
    }
    printf("pmed graphs of %d vertices: %d of 60 trees of 5 nodes or more\n", DN, deep);
    assert_true(deep >= 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pmed_graph_bounds),
        cmocka_unit_test(test_pmed_deep_trees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
