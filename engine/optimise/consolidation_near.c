/*
 * consolidation_near.c: each client's JH_PH_NEAR nearest possible
 * receivers for the constrained consolidation (consolidation_ph.h), by a
 * scan of every receiver or, with straight-line costs, through a grid of
 * cells around the client (same lists).
 */
#include "optimise/consolidation_ph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The receivers in a grid of square cells (straight-line costs only), so
 * that a client's nearest are found by rings of cells around it instead of
 * a cost to every receiver (O(clients x schools): most of the setup at
 * 20,000 schools). Each cell lists its receivers in recv order. */

void jh_ph_grid_free(jh_ph_grid *g)
{
    free(g->start);
    free(g->item);
    memset(g, 0, sizeof *g);
}

static int grid_cell(double v, double v0, double s, int n)
{
    double t = floor((v - v0) / s);
    return t < 0 ? 0 : t >= n ? n - 1 : (int)t;
}

/* About 16 receivers a cell. False (no grid) when out of memory. */
bool jh_ph_grid_build(jh_ph_grid *g, const jh_county *c, const int *recv, size_t n_recv)
{
    memset(g, 0, sizeof *g);
    if (n_recv == 0)
        return false;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t r = 0; r < n_recv; r++) {
        const jh_school *sc = &c->schools[recv[r]];
        x0 = fmin(x0, sc->x), x1 = fmax(x1, sc->x);
        y0 = fmin(y0, sc->y), y1 = fmax(y1, sc->y);
    }
    double w = fmax(x1 - x0, 1.0), h = fmax(y1 - y0, 1.0);
    g->s = sqrt(w * h * 16.0 / (double)n_recv);
    g->s = fmax(g->s, fmax(w, h) / 4096.0);
    g->x0 = x0, g->y0 = y0;
    g->nx = (int)fmin(4096, floor(w / g->s) + 1), g->ny = (int)fmin(4096, floor(h / g->s) + 1);
    size_t cells = (size_t)g->nx * (size_t)g->ny;
    g->start = calloc(cells + 1, sizeof *g->start);
    g->item = malloc(n_recv * sizeof *g->item);
    int *fill = calloc(cells + 1, sizeof *fill);
    if (!g->start || !g->item || !fill) {
        free(fill);
        jh_ph_grid_free(g);
        return false;
    }
    for (size_t r = 0; r < n_recv; r++) {
        const jh_school *sc = &c->schools[recv[r]];
        g->start[(size_t)grid_cell(sc->y, y0, g->s, g->ny) * g->nx + grid_cell(sc->x, x0, g->s, g->nx) + 1]++;
    }
    for (size_t k = 0; k < cells; k++)
        g->start[k + 1] += g->start[k];
    for (size_t r = 0; r < n_recv; r++) {
        const jh_school *sc = &c->schools[recv[r]];
        size_t cell = (size_t)grid_cell(sc->y, y0, g->s, g->ny) * g->nx + grid_cell(sc->x, x0, g->s, g->nx);
        g->item[g->start[cell] + fill[cell]++] = (int)r;
    }
    free(fill);
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

/* near_list through the grid: rings of cells around the client until the
 * JH_PH_NEAR-th cost is below the ring's distance (a receiver outside the
 * rings is at least that far), or the rings pass max_m or the grid. The
 * list is the one the scan of every receiver gives (same costs, ties by
 * recv order). */
void jh_ph_near_list_grid(jh_ph *p, size_t k, const int *recv, const jh_ph_grid *g)
{
    int o = p->origin[k], pos[JH_PH_NEAR], n = 0;
    double x = o >= 0 ? p->c->villages[o].x : p->c->schools[-1 - o].x;
    double y = o >= 0 ? p->c->villages[o].y : p->c->schools[-1 - o].y;
    int cx = grid_cell(x, g->x0, g->s, g->nx), cy = grid_cell(y, g->y0, g->s, g->ny);
    int rmax = g->nx > g->ny ? g->nx : g->ny;
    for (int R = 0; R <= rmax; R++) {
        for (int gy = cy - R; gy <= cy + R; gy++) {
            if (gy < 0 || gy >= g->ny)
                continue;
            bool edge = gy == cy - R || gy == cy + R;
            for (int gx = cx - R; gx <= cx + R; gx += edge ? 1 : 2 * R) {
                if (gx >= 0 && gx < g->nx) {
                    size_t cell = (size_t)gy * g->nx + gx;
                    for (int t = g->start[cell]; t < g->start[cell + 1]; t++) {
                        int r = g->item[t], f = recv[r];
                        if (f == p->cur[k])
                            continue;
                        double d = jh_ph_cost(p, o, f);
                        if (d <= p->max_m)
                            near_offer(p, k, &n, pos, r, f, d);
                    }
                }
                if (R == 0)
                    break;
            }
        }
        /* beyond ring R: at least R cells away (less a margin for the
         * rounding of the cell of a point on a border) */
        double reach = ((double)R - 0.001) * g->s;
        if ((n == JH_PH_NEAR && p->near_d[k * JH_PH_NEAR + n - 1] < reach) || reach > p->max_m)
            break;
    }
    if (n < JH_PH_NEAR)
        p->near[k * JH_PH_NEAR + n] = -1;
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
