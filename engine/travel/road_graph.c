/*
 * road_graph.c: building the graph of a road layer (see road_graph.h).
 * Snapping goes through a hash of grid cells the size of the tolerance: a
 * vertex joins the nearest existing node within the tolerance (the lowest
 * numbered on a tie), else becomes a node, so the graph depends only on
 * the layer's order, never on the clock or on memory addresses.
 */
#include "travel/road_graph.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- snapping ------------------------------------------------------------ */

typedef struct snap {
    double cell, tol;
    size_t cap;                 /* power of two */
    int64_t *key;
    int *head;                  /* first node of the cell, -1 */
    int *next;                  /* next node of the same cell */
    size_t next_cap;
} snap;

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static int64_t cell_key(int64_t ix, int64_t iy)
{
    return (int64_t)(((uint64_t)ix << 32) ^ ((uint64_t)iy & 0xffffffffULL));
}

static size_t slot_of(const snap *s, int64_t key)
{
    size_t i = (size_t)mix((uint64_t)key) & (s->cap - 1);
    while (s->head[i] != -1 && s->key[i] != key)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static int find_node(const snap *s, const jh_road_graph *g, double x, double y)
{
    int64_t ix = (int64_t)floor(x / s->cell), iy = (int64_t)floor(y / s->cell);
    int best = -1;
    double bd = INFINITY;
    for (int64_t dx = -1; dx <= 1; dx++)
        for (int64_t dy = -1; dy <= 1; dy++) {
            size_t i = slot_of(s, cell_key(ix + dx, iy + dy));
            for (int n = s->head[i]; n != -1; n = s->next[n]) {
                double d = hypot(g->nx[n] - x, g->ny[n] - y);
                if (d <= s->tol && (d < bd || (d == bd && n < best))) {
                    bd = d;
                    best = n;
                }
            }
        }
    return best;
}

static bool add_node(snap *s, jh_road_graph *g, double x, double y, bool hashed, int *out)
{
    int n = (int)g->nn++;
    g->nx[n] = x;
    g->ny[n] = y;
    s->next[n] = -1;
    if (hashed) {
        int64_t key = cell_key((int64_t)floor(x / s->cell), (int64_t)floor(y / s->cell));
        size_t i = slot_of(s, key);
        if (s->head[i] == -1)
            s->key[i] = key;
        s->next[n] = s->head[i];
        s->head[i] = n;
    }
    *out = n;
    return true;
}

/* ---- edges and the grid -------------------------------------------------- */

double jh_road_edge_cost(const jh_road_graph *g, int e, jh_travel_mode m, bool along, double frac)
{
    const jh_road_lines *l = g->lines;
    int line = g->eline[e];
    if (!(l->modes[line] & (1u << m)))
        return INFINITY;
    if (m != JH_TRAVEL_WALK && l->oneway[line] != 0 && (l->oneway[line] == 1) != along)
        return INFINITY;
    double len = g->elen[e] * frac;
    if (!g->minutes)
        return len;
    double kmh = m == JH_TRAVEL_WALK ? g->rules->walk_kmh
                 : m == JH_TRAVEL_BIKE ? fmin(g->rules->bike_kmh, l->kmh[line])
                                       : l->kmh[line];
    return len / 1000.0 / kmh * 60.0;
}

static jh_status build_grid(jh_road_graph *g, jh_error *err)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t e = 0; e < g->ne; e++) {
        x0 = fmin(x0, fmin(g->ex0[e], g->ex1[e]));
        x1 = fmax(x1, fmax(g->ex0[e], g->ex1[e]));
        y0 = fmin(y0, fmin(g->ey0[e], g->ey1[e]));
        y1 = fmax(y1, fmax(g->ey0[e], g->ey1[e]));
    }
    double w = fmax(x1 - x0, 1.0), h = fmax(y1 - y0, 1.0);
    /* about two segments a cell */
    double cell = sqrt(w * h / ((double)g->ne / 2.0 + 1.0));
    cell = fmax(cell, fmax(w, h) / 4096.0);
    g->gx0 = x0;
    g->gy0 = y0;
    g->cell = cell;
    g->gw = (int)(w / cell) + 1;
    g->gh = (int)(h / cell) + 1;
    size_t nc = (size_t)g->gw * (size_t)g->gh;
    g->cell_start = calloc(nc + 1, sizeof *g->cell_start);
    if (!g->cell_start)
        return jh_error_set(err, JH_ERR_RUN, "out of memory (road grid)");
    for (int pass = 0; pass < 2; pass++) {
        size_t *fill = NULL;
        if (pass == 1) {
            for (size_t c = 0; c < nc; c++)
                g->cell_start[c + 1] += g->cell_start[c];
            g->cell_edge = malloc((g->cell_start[nc] ? g->cell_start[nc] : 1) * sizeof *g->cell_edge);
            fill = malloc((nc + 1) * sizeof *fill);
            if (!g->cell_edge || !fill) {
                free(fill);
                return jh_error_set(err, JH_ERR_RUN, "out of memory (road grid)");
            }
            memcpy(fill, g->cell_start, (nc + 1) * sizeof *fill);
        }
        for (size_t e = 0; e < g->ne; e++) {
            int cx0 = (int)((fmin(g->ex0[e], g->ex1[e]) - x0) / cell);
            int cx1 = (int)((fmax(g->ex0[e], g->ex1[e]) - x0) / cell);
            int cy0 = (int)((fmin(g->ey0[e], g->ey1[e]) - y0) / cell);
            int cy1 = (int)((fmax(g->ey0[e], g->ey1[e]) - y0) / cell);
            for (int cy = cy0; cy <= cy1; cy++)
                for (int cx = cx0; cx <= cx1; cx++) {
                    size_t c = (size_t)cy * (size_t)g->gw + (size_t)cx;
                    if (pass == 0)
                        g->cell_start[c + 1]++;
                    else
                        g->cell_edge[fill[c]++] = (int)e;
                }
        }
        free(fill);
    }
    return JH_OK;
}

static double seg_dist(const jh_road_graph *g, int e, double x, double y, double *t)
{
    double dx = g->ex1[e] - g->ex0[e], dy = g->ey1[e] - g->ey0[e];
    double l2 = dx * dx + dy * dy;
    double u = l2 > 0 ? ((x - g->ex0[e]) * dx + (y - g->ey0[e]) * dy) / l2 : 0;
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    *t = u;
    return hypot(g->ex0[e] + u * dx - x, g->ey0[e] + u * dy - y);
}

jh_road_attach jh_road_attach_point(const jh_road_graph *g, double x, double y, jh_travel_mode m)
{
    jh_road_attach a = {-1, 0, INFINITY, INFINITY};
    if (g->mode_edges[m] == 0)
        return a; /* no road the mode may use: do not search the whole grid */
    int cx = (int)floor((x - g->gx0) / g->cell), cy = (int)floor((y - g->gy0) / g->cell);
    int maxr = g->gw + g->gh + abs(cx) + abs(cy) + 2;
    for (int r = 0; r <= maxr; r++) {
        /* every edge within r cells of the point's cell has been seen once
         * the ring r is done; the nearest point is then certain when it is
         * nearer than r cells */
        for (int yy = cy - r; yy <= cy + r; yy++) {
            if (yy < 0 || yy >= g->gh)
                continue;
            int step = (yy == cy - r || yy == cy + r) ? 1 : 2 * r;
            for (int xx = cx - r; xx <= cx + r; xx += step ? step : 1) {
                if (xx >= 0 && xx < g->gw) {
                    size_t c = (size_t)yy * (size_t)g->gw + (size_t)xx;
                    for (size_t k = g->cell_start[c]; k < g->cell_start[c + 1]; k++) {
                        int e = g->cell_edge[k];
                        if (!(g->lines->modes[g->eline[e]] & (1u << m)))
                            continue;
                        double t, d = seg_dist(g, e, x, y, &t);
                        if (d < a.conn_m || (d == a.conn_m && e < a.edge)) {
                            a.conn_m = d;
                            a.edge = e;
                            a.t = t;
                        }
                    }
                }
                if (step == 0)
                    break;
            }
        }
        if (a.edge >= 0 && a.conn_m <= (double)r * g->cell)
            break;
    }
    if (a.edge >= 0)
        a.conn_cost = g->minutes ? a.conn_m / 1000.0 / g->rules->walk_kmh * 60.0 : a.conn_m;
    return a;
}

jh_status jh_road_graph_build(jh_road_graph *g, const jh_road_lines *l, const jh_travel_rules *r,
                              bool minutes, jh_error *err)
{
    memset(g, 0, sizeof *g);
    g->lines = l;
    g->rules = r;
    g->minutes = minutes;
    size_t nv = l->start[l->n_lines];
    snap s = {0};
    s.tol = r->snap_m;
    s.cell = fmax(r->snap_m, 1e-6);
    s.cap = 1024;
    while (s.cap < 2 * nv)
        s.cap *= 2;
    s.key = malloc(s.cap * sizeof *s.key);
    s.head = malloc(s.cap * sizeof *s.head);
    s.next = malloc((nv ? nv : 1) * sizeof *s.next);
    g->nx = malloc((nv ? nv : 1) * sizeof *g->nx);
    g->ny = malloc((nv ? nv : 1) * sizeof *g->ny);
    int *vnode = malloc((nv ? nv : 1) * sizeof *vnode);
    size_t maxe = nv;
    g->ea = malloc(maxe * sizeof *g->ea);
    g->eb = malloc(maxe * sizeof *g->eb);
    g->eline = malloc(maxe * sizeof *g->eline);
    g->ex0 = malloc(maxe * sizeof *g->ex0);
    g->ey0 = malloc(maxe * sizeof *g->ey0);
    g->ex1 = malloc(maxe * sizeof *g->ex1);
    g->ey1 = malloc(maxe * sizeof *g->ey1);
    g->elen = malloc(maxe * sizeof *g->elen);
    jh_status st = JH_OK;
    if (!s.key || !s.head || !s.next || !g->nx || !g->ny || !vnode || !g->ea || !g->eb ||
        !g->eline || !g->ex0 || !g->ey0 || !g->ex1 || !g->ey1 || !g->elen) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (road graph)");
        goto done;
    }
    for (size_t i = 0; i < s.cap; i++)
        s.head[i] = -1;
    for (size_t i = 0; i < l->n_lines; i++)
        for (size_t k = l->start[i]; k < l->start[i + 1]; k++) {
            bool end = k == l->start[i] || k + 1 == l->start[i + 1];
            bool shared = end || !r->junctions_at_ends;
            int n = shared ? find_node(&s, g, l->x[k], l->y[k]) : -1;
            if (n < 0)
                add_node(&s, g, l->x[k], l->y[k], shared, &n);
            vnode[k] = n;
        }
    for (size_t i = 0; i < l->n_lines; i++)
        for (size_t k = l->start[i]; k + 1 < l->start[i + 1]; k++) {
            if (vnode[k] == vnode[k + 1])
                continue; /* shorter than the tolerance: the same junction */
            size_t e = g->ne++;
            g->ea[e] = vnode[k];
            g->eb[e] = vnode[k + 1];
            g->eline[e] = (int)i;
            g->ex0[e] = l->x[k];
            g->ey0[e] = l->y[k];
            g->ex1[e] = l->x[k + 1];
            g->ey1[e] = l->y[k + 1];
            g->elen[e] = hypot(l->x[k + 1] - l->x[k], l->y[k + 1] - l->y[k]);
            for (int m = 0; m < JH_NTRAVEL_MODES; m++)
                g->mode_edges[m] += (l->modes[i] >> m) & 1u;
        }
    if (g->ne == 0) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected roads longer than data.road_snap_m (%g m), every line "
                          "is shorter",
                          l->file, r->snap_m);
        goto done;
    }
    g->adj_start = calloc(g->nn + 1, sizeof *g->adj_start);
    g->adj_to = malloc(2 * g->ne * sizeof *g->adj_to);
    g->adj_edge = malloc(2 * g->ne * sizeof *g->adj_edge);
    g->adj_along = malloc(2 * g->ne * sizeof *g->adj_along);
    size_t *fill = malloc((g->nn + 1) * sizeof *fill);
    if (!g->adj_start || !g->adj_to || !g->adj_edge || !g->adj_along || !fill) {
        free(fill);
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (road graph)");
        goto done;
    }
    for (size_t e = 0; e < g->ne; e++) {
        g->adj_start[g->ea[e] + 1]++;
        g->adj_start[g->eb[e] + 1]++;
    }
    for (size_t n = 0; n < g->nn; n++)
        g->adj_start[n + 1] += g->adj_start[n];
    memcpy(fill, g->adj_start, (g->nn + 1) * sizeof *fill);
    for (size_t e = 0; e < g->ne; e++) {
        size_t p = fill[g->ea[e]]++;
        g->adj_to[p] = g->eb[e];
        g->adj_edge[p] = (int)e;
        g->adj_along[p] = 1;
        p = fill[g->eb[e]]++;
        g->adj_to[p] = g->ea[e];
        g->adj_edge[p] = (int)e;
        g->adj_along[p] = 0;
    }
    free(fill);
    st = build_grid(g, err);
done:
    free(s.key);
    free(s.head);
    free(s.next);
    free(vnode);
    if (st != JH_OK)
        jh_road_graph_free(g);
    return st;
}

size_t jh_road_components(const jh_road_graph *g, size_t *largest)
{
    int *comp = malloc((g->nn ? g->nn : 1) * sizeof *comp);
    int *stack = malloc((g->nn ? g->nn : 1) * sizeof *stack);
    size_t nc = 0;
    *largest = 0;
    if (!comp || !stack) {
        free(comp);
        free(stack);
        return 0;
    }
    for (size_t n = 0; n < g->nn; n++)
        comp[n] = -1;
    for (size_t n = 0; n < g->nn; n++) {
        if (comp[n] >= 0)
            continue;
        size_t sp = 0, size = 0;
        stack[sp++] = (int)n;
        comp[n] = (int)nc;
        while (sp) {
            int u = stack[--sp];
            size++;
            for (size_t k = g->adj_start[u]; k < g->adj_start[u + 1]; k++)
                if (comp[g->adj_to[k]] < 0) {
                    comp[g->adj_to[k]] = (int)nc;
                    stack[sp++] = g->adj_to[k];
                }
        }
        if (size > *largest)
            *largest = size;
        nc++;
    }
    free(comp);
    free(stack);
    return nc;
}

void jh_road_graph_free(jh_road_graph *g)
{
    free(g->nx);
    free(g->ny);
    free(g->ea);
    free(g->eb);
    free(g->eline);
    free(g->ex0);
    free(g->ey0);
    free(g->ex1);
    free(g->ey1);
    free(g->elen);
    free(g->adj_start);
    free(g->adj_to);
    free(g->adj_edge);
    free(g->adj_along);
    free(g->cell_start);
    free(g->cell_edge);
    memset(g, 0, sizeof *g);
}
