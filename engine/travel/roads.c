/*
 * roads.c: village-to-school costs on the road graph (see roads.h).
 *
 * A trip from village v to school s is: v's connector (walked) to its
 * point on edge ev, along ev to one of its ends, the network, then from
 * an end of es along es to s's point and s's connector. Searching from the
 * school on the reversed graph gives every village in reach at once. When
 * v and s join the same edge, the direct run along it counts too.
 */
#include "travel/roads.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "input/inputs.h"
#include "input/road_layer.h"
#include "travel/road_graph.h"
#include "travel/travel.h"

#define NEAREST_KEEP 3 /* schools of a level every village keeps when in reach */

typedef struct { double d; int n; } heap_item;

typedef struct search {
    double *dist;
    int *touched;
    size_t n_touched;
    heap_item *heap;
    size_t n_heap, cap_heap;
} search;

static bool heap_less(heap_item a, heap_item b)
{
    return a.d < b.d || (a.d == b.d && a.n < b.n);
}

static bool heap_push(search *s, double d, int n)
{
    heap_item *h = jh_array_grow(s->heap, s->n_heap, &s->cap_heap, sizeof *h, 1024);
    if (!h)
        return false;
    s->heap = h;
    size_t i = s->n_heap++;
    heap_item it = {d, n};
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!heap_less(it, s->heap[p]))
            break;
        s->heap[i] = s->heap[p];
        i = p;
    }
    s->heap[i] = it;
    return true;
}

static heap_item heap_pop(search *s)
{
    heap_item top = s->heap[0], last = s->heap[--s->n_heap];
    size_t i = 0, n = s->n_heap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && heap_less(s->heap[c + 1], s->heap[c]))
            c++;
        if (!heap_less(s->heap[c], last))
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (n)
        s->heap[i] = last;
    return top;
}

static bool relax(search *s, int n, double d)
{
    if (!(d < s->dist[n]))
        return true;
    if (isinf(s->dist[n]))
        s->touched[s->n_touched++] = n;
    s->dist[n] = d;
    return heap_push(s, d, n);
}

static void search_reset(search *s)
{
    for (size_t i = 0; i < s->n_touched; i++)
        s->dist[s->touched[i]] = INFINITY;
    s->n_touched = 0;
    s->n_heap = 0;
}

/* Seeds the ends of the edge a point joins: forward (a trip leaving the
 * point) or reversed (a trip arriving at it). */
static bool seed(search *s, const jh_road_graph *g, const jh_road_attach *a, jh_travel_mode m,
                 bool reversed)
{
    int e = a->edge;
    /* to/from ea: the part [0, t]; to/from eb: the part [t, 1] */
    double ca = jh_road_edge_cost(g, e, m, reversed, a->t);
    double cb = jh_road_edge_cost(g, e, m, !reversed, 1 - a->t);
    return (isinf(ca) || relax(s, g->ea[e], a->conn_cost + ca)) &&
           (isinf(cb) || relax(s, g->eb[e], a->conn_cost + cb));
}

/* Runs the search until the heap is empty or its least cost passes
 * `bound`; visit(node, cost, ctx) is called once per settled node. */
static bool run(search *s, const jh_road_graph *g, jh_travel_mode m, bool reversed, double bound,
                bool (*visit)(int, double, void *), void *ctx)
{
    while (s->n_heap) {
        heap_item it = heap_pop(s);
        if (it.d > s->dist[it.n])
            continue;
        if (it.d > bound)
            break;
        if (visit && !visit(it.n, it.d, ctx))
            return true;
        for (size_t k = g->adj_start[it.n]; k < g->adj_start[it.n + 1]; k++) {
            /* reversed: the trip runs to -> n, against this half-edge */
            bool along = g->adj_along[k] ? !reversed : reversed;
            double c = jh_road_edge_cost(g, g->adj_edge[k], m, along, 1.0);
            if (!isinf(c) && !relax(s, g->adj_to[k], it.d + c))
                return false;
        }
    }
    return true;
}

/* The direct run between two points on the same edge, or INFINITY. */
static double same_edge(const jh_road_graph *g, const jh_road_attach *from,
                        const jh_road_attach *to, jh_travel_mode m)
{
    if (from->edge < 0 || from->edge != to->edge)
        return INFINITY;
    bool along = to->t >= from->t;
    double c = jh_road_edge_cost(g, from->edge, m, along, fabs(to->t - from->t));
    return from->conn_cost + c + to->conn_cost;
}

/* The cost of reaching a point from settled nodes (forward search) or of
 * leaving it to them (reversed search): through either end of its edge. */
static double via_ends(const jh_road_graph *g, const search *s, const jh_road_attach *a,
                       jh_travel_mode m, bool reversed)
{
    int e = a->edge;
    double best = INFINITY;
    double da = s->dist[g->ea[e]], db = s->dist[g->eb[e]];
    /* reversed search: dist = cost from the node to the target; the point
     * leaves towards ea against the digitised direction */
    double ca = jh_road_edge_cost(g, e, m, reversed ? false : true, a->t);
    double cb = jh_road_edge_cost(g, e, m, reversed ? true : false, 1 - a->t);
    if (!isinf(da) && !isinf(ca))
        best = fmin(best, da + ca + a->conn_cost);
    if (!isinf(db) && !isinf(cb))
        best = fmin(best, db + cb + a->conn_cost);
    return best;
}

static double round3(double c)
{
    return round(c * 1000.0) / 1000.0;
}

/* ---- pairs --------------------------------------------------------------- */

typedef struct pair { int v, s; double cost; } pair;

typedef struct pairs {
    pair *p;
    size_t n, cap;
} pairs;

static bool add_pair(pairs *ps, int v, int s, double cost)
{
    pair *g = jh_array_grow(ps->p, ps->n, &ps->cap, sizeof *g, 4096);
    if (!g)
        return false;
    ps->p = g;
    ps->p[ps->n++] = (pair){v, s, round3(cost)};
    return true;
}

static int cmp_pair(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    if (x->cost != y->cost)
        return x->cost < y->cost ? -1 : 1;
    return (x->s > y->s) - (x->s < y->s);
}

/* ---- the build ----------------------------------------------------------- */

jh_travel_mode jh_roads_school_mode(const jh_scenario *sc, const jh_school *s)
{
    for (int l = 0; l < JH_NLEVELS; l++)
        if (jh_school_serves(s->type, (jh_level)l))
            return sc->travel.mode[l];
    return sc->travel.mode[JH_PRIMARY];
}

typedef struct ctx {
    const jh_road_graph *g;
    const jh_county *c;
    const jh_scenario *sc;
    jh_road_attach *va[JH_NTRAVEL_MODES]; /* per village, per mode used */
    jh_road_attach *sa;                   /* per school, its own mode */
    jh_travel_mode *smode;
    int *node_v[JH_NTRAVEL_MODES];        /* villages whose edge ends at a node, per mode */
    size_t *nvs[JH_NTRAVEL_MODES];
} ctx;

/* node -> villages joining an edge that ends at it (CSR), for one mode */
static bool index_villages(ctx *x, jh_travel_mode m)
{
    const jh_road_graph *g = x->g;
    size_t nv = x->c->n_villages;
    size_t *st = calloc(g->nn + 1, sizeof *st);
    int *list = malloc((2 * nv + 1) * sizeof *list);
    if (!st || !list) {
        free(st);
        free(list);
        return false;
    }
    for (size_t v = 0; v < nv; v++) {
        int e = x->va[m][v].edge;
        if (e < 0)
            continue;
        st[g->ea[e] + 1]++;
        if (g->eb[e] != g->ea[e])
            st[g->eb[e] + 1]++;
    }
    for (size_t n = 0; n < g->nn; n++)
        st[n + 1] += st[n];
    size_t *fill = malloc((g->nn + 1) * sizeof *fill);
    if (!fill) {
        free(st);
        free(list);
        return false;
    }
    memcpy(fill, st, (g->nn + 1) * sizeof *fill);
    for (size_t v = 0; v < nv; v++) {
        int e = x->va[m][v].edge;
        if (e < 0)
            continue;
        list[fill[g->ea[e]]++] = (int)v;
        if (g->eb[e] != g->ea[e])
            list[fill[g->eb[e]]++] = (int)v;
    }
    free(fill);
    x->nvs[m] = st;
    x->node_v[m] = list;
    return true;
}

static double level_bound(const jh_scenario *sc, const jh_school *s)
{
    double km = 0;
    for (int l = 0; l < JH_NLEVELS; l++)
        if (jh_school_serves(s->type, (jh_level)l))
            km = fmax(km, sc->rules.distance_km[l]);
    if (km <= 0)
        km = fmax(sc->rules.distance_km[0], sc->rules.distance_km[1]);
    return km * (sc->rules.distance_minutes ? 1.0 : 1000.0) * sc->travel.search_factor;
}

/* From each school on the reversed graph: the villages in reach. */
static jh_status from_schools(ctx *x, search *s, pairs *ps, int *stamp, jh_error *err)
{
    const jh_road_graph *g = x->g;
    const jh_county *c = x->c;
    for (size_t k = 0; k < c->n_villages; k++)
        stamp[k] = -1;
    for (size_t si = 0; si < c->n_schools; si++) {
        const jh_road_attach *a = &x->sa[si];
        if (a->edge < 0)
            continue;
        jh_travel_mode m = x->smode[si];
        double bound = level_bound(x->sc, &c->schools[si]);
        search_reset(s);
        if (!seed(s, g, a, m, true) || !run(s, g, m, true, bound, NULL, NULL))
            return jh_error_set(err, JH_ERR_RUN, "out of memory (road search)");
        /* the villages joining an edge with a reached end, in node order */
        for (size_t t = 0; t < s->n_touched; t++) {
            int n = s->touched[t];
            if (s->dist[n] > bound)
                continue;
            for (size_t k = x->nvs[m][n]; k < x->nvs[m][n + 1]; k++) {
                int v = x->node_v[m][k];
                if (stamp[v] == (int)si)
                    continue;
                stamp[v] = (int)si;
                double cost = via_ends(g, s, &x->va[m][v], m, true);
                cost = fmin(cost, same_edge(g, &x->va[m][v], a, m));
                if (cost <= bound && !add_pair(ps, v, (int)si, cost))
                    return jh_error_set(err, JH_ERR_RUN, "out of memory");
            }
        }
        /* a village on the school's own edge whose ends lie beyond the bound */
        int ends[2] = {g->ea[a->edge], g->eb[a->edge]};
        for (int q = 0; q < 2; q++)
            for (size_t k = x->nvs[m][ends[q]]; k < x->nvs[m][ends[q] + 1]; k++) {
                int v = x->node_v[m][k];
                if (stamp[v] == (int)si || x->va[m][v].edge != a->edge)
                    continue;
                double cost = same_edge(g, &x->va[m][v], a, m);
                stamp[v] = (int)si;
                if (cost <= bound && !add_pair(ps, v, (int)si, cost))
                    return jh_error_set(err, JH_ERR_RUN, "out of memory");
            }
    }
    return JH_OK;
}

/* A school ordinary students of the level may be sent to, whatever its
 * status (a school closed in the plan may reopen, a new one opens later). */
static bool ordinary(const jh_school *s, jh_level l)
{
    return jh_school_serves(s->type, l) && s->type != JH_SCHOOL_SPECIAL &&
           s->type != JH_SCHOOL_VOCATIONAL;
}

/* A village with no school of a level in reach: search outward from it,
 * unbounded, and keep its NEAREST_KEEP nearest schools of the level (of
 * every mode used). */
static jh_status fallback(ctx *x, search *s, pairs *ps, jh_error *err)
{
    const jh_county *c = x->c;
    const jh_road_graph *g = x->g;
    size_t n0 = ps->n;
    if (n0 > 0) /* no pair yet: ps->p may be NULL, which qsort must not get */
        qsort(ps->p, ps->n, sizeof *ps->p, cmp_pair);
    size_t *vstart = calloc(c->n_villages + 1, sizeof *vstart);
    if (!vstart)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (size_t i = 0; i < n0; i++)
        vstart[ps->p[i].v + 1]++;
    for (size_t v = 0; v < c->n_villages; v++)
        vstart[v + 1] += vstart[v];
    for (size_t v = 0; v < c->n_villages; v++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            size_t have = 0;
            for (size_t k = vstart[v]; k < vstart[v + 1]; k++)
                have += ordinary(&c->schools[ps->p[k].s], (jh_level)l);
            if (have)
                continue;
            /* every school of the level, of every mode used, from this village */
            for (int m = 0; m < JH_NTRAVEL_MODES; m++) {
                if (!x->va[m] || x->va[m][v].edge < 0)
                    continue;
                search_reset(s);
                struct {
                    int found[NEAREST_KEEP];
                    double cost[NEAREST_KEEP];
                    int n_found;
                } f = {{0}, {0}, 0};
                if (!seed(s, g, &x->va[m][v], (jh_travel_mode)m, false) ||
                    !run(s, g, (jh_travel_mode)m, false, INFINITY, NULL, NULL)) {
                    free(vstart);
                    return jh_error_set(err, JH_ERR_RUN, "out of memory (road search)");
                }
                for (size_t si = 0; si < c->n_schools; si++) {
                    if (x->smode[si] != (jh_travel_mode)m || x->sa[si].edge < 0 ||
                        !ordinary(&c->schools[si], (jh_level)l))
                        continue;
                    double cost = via_ends(g, s, &x->sa[si], (jh_travel_mode)m, false);
                    cost = fmin(cost, same_edge(g, &x->va[m][v], &x->sa[si], (jh_travel_mode)m));
                    if (isinf(cost))
                        continue;
                    /* keep the NEAREST_KEEP cheapest (school index breaks ties) */
                    int at = f.n_found;
                    while (at > 0 && (cost < f.cost[at - 1] ||
                                      (cost == f.cost[at - 1] && (int)si < f.found[at - 1])))
                        at--;
                    if (at >= NEAREST_KEEP)
                        continue;
                    int last = f.n_found < NEAREST_KEEP ? f.n_found : NEAREST_KEEP - 1;
                    for (int q = last; q > at; q--) {
                        f.cost[q] = f.cost[q - 1];
                        f.found[q] = f.found[q - 1];
                    }
                    f.cost[at] = cost;
                    f.found[at] = (int)si;
                    if (f.n_found < NEAREST_KEEP)
                        f.n_found++;
                }
                for (int q = 0; q < f.n_found; q++) {
                    bool dup = false;
                    for (size_t k = vstart[v]; k < vstart[v + 1]; k++)
                        dup |= ps->p[k].s == f.found[q];
                    for (size_t k = n0; k < ps->n; k++)
                        dup |= ps->p[k].v == (int)v && ps->p[k].s == f.found[q];
                    if (!dup && !add_pair(ps, (int)v, f.found[q], f.cost[q])) {
                        free(vstart);
                        return jh_error_set(err, JH_ERR_RUN, "out of memory");
                    }
                }
            }
        }
    free(vstart);
    return JH_OK;
}

/* ---- od and diagnostics -------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    size_t k = (size_t)ceil(q * (double)n);
    return v[k ? k - 1 : 0];
}

static jh_status fill_od(jh_county *c, pairs *ps, bool minutes, jh_error *err)
{
    if (ps->n > 0)
        qsort(ps->p, ps->n, sizeof *ps->p, cmp_pair);
    jh_od *od = &c->od;
    od->start = calloc(c->n_villages + 1, sizeof *od->start);
    od->school = malloc((ps->n ? ps->n : 1) * sizeof *od->school);
    od->cost = malloc((ps->n ? ps->n : 1) * sizeof *od->cost);
    if (!od->start || !od->school || !od->cost) {
        free(od->start);
        free(od->school);
        free(od->cost);
        memset(od, 0, sizeof *od);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    for (size_t i = 0; i < ps->n; i++) {
        od->start[ps->p[i].v + 1]++;
        od->school[i] = ps->p[i].s;
        od->cost[i] = ps->p[i].cost;
    }
    for (size_t v = 0; v < c->n_villages; v++)
        od->start[v + 1] += od->start[v];
    od->n = ps->n;
    od->minutes = minutes;
    c->has_od = true;
    return JH_OK;
}

static void stats(jh_county *c, const ctx *x, size_t n_components, size_t largest)
{
    jh_road_stats *rs = &c->roads;
    const jh_road_graph *g = x->g;
    const jh_scenario *sc = x->sc;
    rs->given = true;
    rs->lines = g->lines->n_lines;
    rs->segments = g->ne;
    rs->nodes = g->nn;
    rs->components = n_components;
    rs->largest_component = largest;
    rs->connector_warn_m = sc->travel.connector_warn_m;
    rs->connector_max_m = 0;
    double *conn = malloc((c->n_villages + 1) * sizeof *conn);
    size_t nconn = 0;
    jh_travel_mode vm = sc->travel.mode[JH_PRIMARY];
    for (size_t v = 0; v < c->n_villages; v++) {
        const jh_road_attach *a = &x->va[vm][v];
        if (a->edge < 0) {
            rs->villages_unjoined++;
            continue;
        }
        if (conn)
            conn[nconn++] = a->conn_m;
        rs->villages_far += a->conn_m > rs->connector_warn_m;
        if (a->conn_m > rs->connector_max_m) {
            rs->connector_max_m = a->conn_m;
            snprintf(rs->connector_max_id, sizeof rs->connector_max_id, "village %s",
                     c->villages[v].id);
        }
    }
    for (size_t s = 0; s < c->n_schools; s++) {
        const jh_road_attach *a = &x->sa[s];
        if (a->edge < 0) {
            rs->schools_unjoined++;
            continue;
        }
        rs->schools_far += a->conn_m > rs->connector_warn_m;
        if (a->conn_m > rs->connector_max_m) {
            rs->connector_max_m = a->conn_m;
            snprintf(rs->connector_max_id, sizeof rs->connector_max_id, "school %s",
                     c->schools[s].id);
        }
    }
    rs->connector_median_m = conn ? quantile(conn, nconn, 0.5) : NAN;
    free(conn);
    const char *lv[] = {"primary", "junior"};
    for (size_t v = 0; v < c->n_villages; v++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int s = c->villages[v].school[l];
            if (s < 0)
                continue;
            bool found = false;
            for (size_t k = c->od.start[v]; k < c->od.start[v + 1] && !found; k++)
                found = c->od.school[k] == s;
            if (found)
                continue;
            if (rs->catchment_unreachable++ == 0)
                snprintf(rs->catchment_unreachable_first, sizeof rs->catchment_unreachable_first,
                         "village %s to its %s school %s", c->villages[v].id, lv[l],
                         c->schools[s].id);
        }
    rs->ratio_median = rs->ratio_p95 = NAN;
    if (!sc->rules.distance_minutes) {
        double *r = malloc((c->n_villages + 1) * sizeof *r);
        size_t n = 0;
        for (size_t v = 0; r && v < c->n_villages; v++) {
            if (c->od.start[v] == c->od.start[v + 1])
                continue;
            size_t k = c->od.start[v];
            const jh_school *s = &c->schools[c->od.school[k]];
            double straight = hypot(s->x - c->villages[v].x, s->y - c->villages[v].y);
            if (straight >= 1.0)
                r[n++] = c->od.cost[k] / straight;
        }
        if (r && n) {
            rs->ratio_median = quantile(r, n, 0.5);
            rs->ratio_p95 = quantile(r, n, 0.95);
        }
        free(r);
    }
}

jh_status jh_roads_build_od(jh_county *c, const jh_scenario *sc, jh_error *err)
{
    jh_road_lines lines;
    jh_status st = jh_road_layer_read(&lines, sc, c, err);
    if (st != JH_OK)
        return st;
    jh_road_graph g;
    bool minutes = sc->rules.distance_minutes;
    if ((st = jh_road_graph_build(&g, &lines, &sc->travel, minutes, err)) != JH_OK) {
        jh_road_lines_free(&lines);
        return st;
    }
    ctx x = {.g = &g, .c = c, .sc = sc};
    search s = {0};
    pairs ps = {0};
    int *stamp = NULL;
    bool used[JH_NTRAVEL_MODES] = {false};
    x.sa = malloc((c->n_schools + 1) * sizeof *x.sa);
    x.smode = malloc((c->n_schools + 1) * sizeof *x.smode);
    s.dist = malloc(g.nn * sizeof *s.dist);
    s.touched = malloc(g.nn * sizeof *s.touched);
    stamp = malloc((c->n_villages + 1) * sizeof *stamp);
    if (!x.sa || !x.smode || !s.dist || !s.touched || !stamp) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (roads)");
        goto done;
    }
    for (size_t n = 0; n < g.nn; n++)
        s.dist[n] = INFINITY;
    used[sc->travel.mode[JH_PRIMARY]] = true; /* villages' connectors are reported for it */
    for (size_t i = 0; i < c->n_schools; i++) {
        x.smode[i] = jh_roads_school_mode(sc, &c->schools[i]);
        used[x.smode[i]] = true;
        x.sa[i] = jh_road_attach_point(&g, c->schools[i].x, c->schools[i].y, x.smode[i]);
    }
    for (int m = 0; m < JH_NTRAVEL_MODES; m++) {
        if (!used[m])
            continue;
        x.va[m] = malloc((c->n_villages + 1) * sizeof *x.va[m]);
        if (!x.va[m]) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (roads)");
            goto done;
        }
        for (size_t v = 0; v < c->n_villages; v++)
            x.va[m][v] = jh_road_attach_point(&g, c->villages[v].x, c->villages[v].y,
                                              (jh_travel_mode)m);
        if (!index_villages(&x, (jh_travel_mode)m)) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (roads)");
            goto done;
        }
    }
    if ((st = from_schools(&x, &s, &ps, stamp, err)) != JH_OK ||
        (st = fallback(&x, &s, &ps, err)) != JH_OK ||
        (st = fill_od(c, &ps, minutes, err)) != JH_OK)
        goto done;
    size_t largest;
    size_t ncomp = jh_road_components(&g, &largest);
    stats(c, &x, ncomp, largest);
done:
    for (int m = 0; m < JH_NTRAVEL_MODES; m++) {
        free(x.va[m]);
        free(x.node_v[m]);
        free(x.nvs[m]);
    }
    free(x.sa);
    free(x.smode);
    free(s.dist);
    free(s.touched);
    free(s.heap);
    free(stamp);
    free(ps.p);
    jh_road_graph_free(&g);
    jh_road_lines_free(&lines);
    return st;
}

jh_status jh_county_load_travel(jh_county *c, const jh_scenario *sc, jh_error *err)
{
    jh_status st = jh_county_load(c, sc, err);
    if (st != JH_OK || !sc->travel.roads_path)
        return st;
    if ((st = jh_roads_build_od(c, sc, err)) != JH_OK)
        jh_county_free(c);
    return st;
}
