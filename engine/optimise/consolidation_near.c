/*
 * consolidation_near.c: each client's JH_PH_NEAR nearest possible
 * receivers for the constrained consolidation (consolidation_ph.h), by a
 * scan of every receiver or, with straight-line costs, through the spatial
 * index's rings of cells around the client (same lists).
 */
#include "optimise/consolidation_ph.h"

#include "spatial_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The receivers in a spatial index (straight-line costs only), so that a
 * client's nearest are found by rings of cells around it instead of a cost
 * to every receiver (O(clients x schools): most of the setup at 20,000
 * schools). Its points are recv positions. */

void jh_ph_grid_free(jh_ph_grid *g)
{
    jh_spatial_index_free(g->ix);
    free(g->x);
    free(g->y);
    memset(g, 0, sizeof *g);
}

/* False (no grid) when out of memory or no receiver. */
bool jh_ph_grid_build(jh_ph_grid *g, const jh_county *c, const int *recv, size_t n_recv)
{
    memset(g, 0, sizeof *g);
    if (n_recv == 0)
        return false;
    g->x = malloc(n_recv * sizeof *g->x);
    g->y = malloc(n_recv * sizeof *g->y);
    if (!g->x || !g->y) {
        jh_ph_grid_free(g);
        return false;
    }
    for (size_t r = 0; r < n_recv; r++) {
        g->x[r] = c->schools[recv[r]].x;
        g->y[r] = c->schools[recv[r]].y;
    }
    if (!(g->ix = jh_spatial_index_create(g->x, g->y, n_recv, NULL, NULL))) {
        jh_ph_grid_free(g);
        return false;
    }
    return true;
}

/* Offers receiver recv[r] at cost d to client k's list, kept in (cost,
 * recv position) order: the JH_PH_NEAR first of that order, whatever the
 * order they are offered in. */
static void near_offer(jh_ph *p, size_t k, int *n, int *pos, int r, int f, double d)
{
    int *nf = &p->near[k * JH_PH_NEAR];
    double *nd = &p->near_d[k * JH_PH_NEAR];
    if (*n == JH_PH_NEAR && (d > nd[*n - 1] || (d == nd[*n - 1] && r > pos[*n - 1])))
        return;
    int at = *n < JH_PH_NEAR ? (*n)++ : JH_PH_NEAR - 1;
    while (at > 0 && (nd[at - 1] > d || (nd[at - 1] == d && pos[at - 1] > r))) {
        nd[at] = nd[at - 1];
        nf[at] = nf[at - 1];
        pos[at] = pos[at - 1];
        at--;
    }
    nd[at] = d;
    nf[at] = f;
    pos[at] = r;
}

typedef struct {
    jh_ph *p;
    size_t k;
    const int *recv;
    int o, n, pos[JH_PH_NEAR];
} near_walk;

static void near_visit(int r, double d2, void *ctx)
{
    (void)d2; /* the cost is jh_ph_cost's, whatever the index computed */
    near_walk *w = ctx;
    int f = w->recv[r];
    if (f == w->p->cur[w->k])
        return;
    double d = jh_ph_cost(w->p, w->o, f);
    if (d <= w->p->max_m)
        near_offer(w->p, w->k, &w->n, w->pos, r, f, d);
}

/* Done once the JH_PH_NEAR-th cost is below the distance of every receiver
 * not visited (less a margin for the rounding of costs and of the cell of
 * a point on a border), or that distance passes max_m. */
static bool near_done(double reach, void *ctx)
{
    const near_walk *w = ctx;
    double sure = reach * (1.0 - 1e-9) - 1e-6;
    return (w->n == JH_PH_NEAR && w->p->near_d[w->k * JH_PH_NEAR + w->n - 1] < sure) || sure > w->p->max_m;
}

/* near_list through the index: rings of cells around the client until
 * near_done. The list is the one the scan of every receiver gives (same
 * costs, ties by recv order: near_offer keeps that order whatever the
 * order of the offers). */
void jh_ph_near_list_grid(jh_ph *p, size_t k, const int *recv, const jh_ph_grid *g)
{
    near_walk w = {.p = p, .k = k, .recv = recv, .o = p->origin[k]};
    double x = w.o >= 0 ? p->c->villages[w.o].x : p->c->schools[-1 - w.o].x;
    double y = w.o >= 0 ? p->c->villages[w.o].y : p->c->schools[-1 - w.o].y;
    jh_spatial_index_walk(g->ix, x, y, near_visit, near_done, &w);
    if (w.n < JH_PH_NEAR)
        p->near[k * JH_PH_NEAR + w.n] = -1;
}

/* The JH_PH_NEAR cheapest possible receivers of client k within max_m
 * (ties by recv order), by a cost to every receiver. */
void jh_ph_near_list(jh_ph *p, size_t k, const int *recv, size_t n_recv)
{
    int pos[JH_PH_NEAR], n = 0;
    for (size_t r = 0; r < n_recv; r++) {
        int f = recv[r];
        if (f == p->cur[k])
            continue;
        double d = jh_ph_cost(p, p->origin[k], f);
        if (d <= p->max_m)
            near_offer(p, k, &n, pos, (int)r, f, d);
    }
    if (n < JH_PH_NEAR)
        p->near[k * JH_PH_NEAR + n] = -1;
}

bool jh_ph_near_reverse(const jh_ph *p, size_t **rstart_out, int **rev_out)
{
    size_t ns = p->ns;
    size_t *rstart = calloc(ns + 2, sizeof *rstart);
    int *stamp = malloc((ns + 1) * sizeof *stamp), *rev = NULL;
    if (!rstart || !stamp)
        goto fail;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t f = 0; f < ns; f++)
            stamp[f] = -1;
        for (size_t i = 0; i < ns; i++) {
            if (!p->closable[i])
                continue;
            for (size_t j = p->cstart[i]; j < p->cstart[i + 1]; j++) {
                const int *nf = &p->near[(size_t)p->cl[j] * JH_PH_NEAR];
                for (int q = 0; q < JH_PH_NEAR && nf[q] >= 0; q++) {
                    int f = nf[q];
                    if (stamp[f] == (int)i)
                        continue;
                    stamp[f] = (int)i;
                    if (pass == 0)
                        rstart[f + 2]++;
                    else
                        rev[rstart[f + 1]++] = (int)i;
                }
            }
        }
        if (pass == 0) {
            for (size_t f = 0; f < ns; f++)
                rstart[f + 2] += rstart[f + 1];
            if (!(rev = malloc((rstart[ns + 1] + 1) * sizeof *rev)))
                goto fail;
        }
    }
    free(stamp);
    *rstart_out = rstart;
    *rev_out = rev;
    return true;
fail:
    free(rstart);
    free(stamp);
    free(rev);
    return false;
}
