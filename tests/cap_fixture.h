/*
 * cap_fixture: small random capacitated p-median instances for the
 * optimiser's tests (test_fac_capmoves, test_fac_pool,
 * test_fac_capdescend), and their answers found by enumerating every
 * layout and every assignment, independently of the solver.
 */
#ifndef JH_CAP_FIXTURE_H
#define JH_CAP_FIXTURE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include "optimise/facility.h"

enum { CAPFX_MAX_C = 16, CAPFX_MAX_F = 8 };

typedef struct {
    int nc, nf;
    double wgt[CAPFX_MAX_C], cap[CAPFX_MAX_F];
    double raw[CAPFX_MAX_C * CAPFX_MAX_F]; /* floor of the distance, client-major */
    double d[CAPFX_MAX_C * CAPFX_MAX_F];   /* wgt[c] * raw */
    size_t start[CAPFX_MAX_C + 1];         /* each client's list of sites: */
    int fac[CAPFX_MAX_C * CAPFX_MAX_F];    /* cheapest first, ties by site, */
    double cost[CAPFX_MAX_C * CAPFX_MAX_F]; /* at their unweighted costs */
} cap_fixture;

typedef struct { double c; int f; } capfx_pair;

static inline int capfx_by_cost(const void *a, const void *b)
{
    const capfx_pair *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->f - y->f;
}

/* nc clients and nf sites at integer points of a 100 x 100 square, drawn
 * with rand() (each client's x, y and weight 1-9, then each site's x, y);
 * every capacity ceil(share x the total weight). */
static inline void capfx_random(cap_fixture *x, int nc, int nf, double share)
{
    double px[CAPFX_MAX_C], py[CAPFX_MAX_C], fx[CAPFX_MAX_F], fy[CAPFX_MAX_F], sum = 0;
    x->nc = nc;
    x->nf = nf;
    for (int c = 0; c < nc; c++) {
        px[c] = rand() % 100;
        py[c] = rand() % 100;
        x->wgt[c] = 1 + rand() % 9;
        sum += x->wgt[c];
    }
    for (int f = 0; f < nf; f++) {
        fx[f] = rand() % 100;
        fy[f] = rand() % 100;
        x->cap[f] = ceil(sum * share);
    }
    for (int c = 0; c < nc; c++) {
        capfx_pair t[CAPFX_MAX_F];
        for (int f = 0; f < nf; f++) {
            t[f].f = f;
            t[f].c = x->raw[c * nf + f] = floor(hypot(px[c] - fx[f], py[c] - fy[f]));
            x->d[c * nf + f] = x->wgt[c] * t[f].c;
        }
        qsort(t, (size_t)nf, sizeof *t, capfx_by_cost);
        x->start[c] = (size_t)c * (size_t)nf;
        for (int k = 0; k < nf; k++) {
            x->fac[c * nf + k] = t[k].f;
            x->cost[c * nf + k] = t[k].c;
        }
    }
    x->start[nc] = (size_t)nc * (size_t)nf;
}

/* The instance as the solver's problem: keep p, capacities enforced. */
static inline jh_facility_problem capfx_problem(const cap_fixture *x, int p)
{
    jh_facility_problem pr = {
        .n_clients = (size_t)x->nc, .n_facilities = (size_t)x->nf, .demand = x->wgt,
        .capacity = x->cap, .start = x->start, .facility = x->fac, .cost = x->cost,
        .mode = JH_FACILITY_KEEP, .p = p, .seed = 1,
    };
    return pr;
}

/* The cheapest assignment of the clients to the ns open sites within the
 * capacities (every one of ns^nc), INFINITY when none fits. */
static inline double capfx_best_assignment(const cap_fixture *x, const int *sites, int ns)
{
    double best = INFINITY;
    long total = 1;
    for (int c = 0; c < x->nc; c++)
        total *= ns;
    for (long code = 0; code < total; code++) {
        double load[CAPFX_MAX_F] = {0}, cost = 0;
        long k = code;
        for (int c = 0; c < x->nc; c++) {
            int f = sites[k % ns];
            k /= ns;
            load[f] += x->wgt[c];
            cost += x->d[c * x->nf + f];
        }
        bool ok = true;
        for (int f = 0; f < x->nf; f++)
            ok &= load[f] <= x->cap[f] + 1e-9;
        if (ok && cost < best)
            best = cost;
    }
    return best;
}

/* The cheapest assignment of layout `open` (one flag per site),
 * INFINITY when none fits. */
static inline double capfx_layout_cost(const cap_fixture *x, const bool *open)
{
    int sites[CAPFX_MAX_F], ns = 0;
    for (int f = 0; f < x->nf; f++)
        if (open[f])
            sites[ns++] = f;
    return capfx_best_assignment(x, sites, ns);
}

/* The cheapest layout of p open sites with its cheapest assignment,
 * INFINITY when none fits. */
static inline double capfx_best_layout(const cap_fixture *x, int p)
{
    double best = INFINITY;
    for (int m = 0; m < (1 << x->nf); m++) {
        if (__builtin_popcount((unsigned)m) != p)
            continue;
        int sites[CAPFX_MAX_F], ns = 0;
        for (int f = 0; f < x->nf; f++)
            if (m >> f & 1)
                sites[ns++] = f;
        double v = capfx_best_assignment(x, sites, ns);
        if (v < best)
            best = v;
    }
    return best;
}

#endif
