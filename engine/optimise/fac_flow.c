/*
 * fac_flow: the feasibility check of a capacitated problem before any
 * search (issue 18, item 2). With every facility that may open in use and
 * clients allowed even to split, can the places take every client? That
 * is a maximum flow from the clients (their demand) through their pairs
 * (within max_cost when that mode applies) to the facilities (their
 * capacity); Dinic's algorithm, deterministic. When the flow falls short,
 * the minimum cut says where: the clients still reachable from the source
 * in the residual graph demand more than all the facilities they can reach
 * hold, by exactly the shortfall, whatever the search would close.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

typedef struct flow {
    int n;                    /* nodes: 0 source, 1 sink, 2.. clients, then facilities */
    int *head, *nxt, *to;     /* edges in pairs e, e ^ 1 */
    double *capr;             /* residual capacity */
    int ne;
    int *level, *it, *queue;
} flow;

static void add_edge(flow *g, int u, int v, double c)
{
    g->to[g->ne] = v;
    g->capr[g->ne] = c;
    g->nxt[g->ne] = g->head[u];
    g->head[u] = g->ne++;
    g->to[g->ne] = u;
    g->capr[g->ne] = 0;
    g->nxt[g->ne] = g->head[v];
    g->head[v] = g->ne++;
}

static bool bfs(flow *g, double eps)
{
    for (int i = 0; i < g->n; i++)
        g->level[i] = -1;
    int qh = 0, qt = 0;
    g->level[0] = 0;
    g->queue[qt++] = 0;
    while (qh < qt) {
        int u = g->queue[qh++];
        /* the level graph's paths end at the sink's level: nodes past it
         * are not needed (and a failed search, the cut, labels all) */
        if (g->level[1] >= 0 && g->level[u] >= g->level[1])
            break;
        for (int e = g->head[u]; e >= 0; e = g->nxt[e])
            if (g->capr[e] > eps && g->level[g->to[e]] < 0) {
                g->level[g->to[e]] = g->level[u] + 1;
                g->queue[qt++] = g->to[e];
            }
    }
    return g->level[1] >= 0;
}

/* One augmenting path of the level graph from u (depth: the level of the
 * sink, short on these graphs). */
static double dfs(flow *g, int u, double f, double eps)
{
    if (u == 1)
        return f;
    for (; g->it[u] >= 0; g->it[u] = g->nxt[g->it[u]]) {
        int e = g->it[u], v = g->to[e];
        if (g->capr[e] <= eps || g->level[v] != g->level[u] + 1)
            continue;
        double d = dfs(g, v, f < g->capr[e] ? f : g->capr[e], eps);
        if (d > eps) {
            g->capr[e] -= d;
            g->capr[e ^ 1] += d;
            return d;
        }
    }
    return 0;
}

jh_status fac_flow_check(const fac_inst *in, fac_flow_short *sh, jh_error *err)
{
    return fac_flow_check_open(in, NULL, sh, err);
}

jh_status fac_flow_check_open(const fac_inst *in, const bool *open, fac_flow_short *sh,
                              jh_error *err)
{
    memset(sh, 0, sizeof *sh);
    sh->worst_f = sh->worst_c = -1;
    size_t np = in->start[in->nc];
    flow g;
    memset(&g, 0, sizeof g);
    g.n = 2 + (int)in->nc + (int)in->nf;
    size_t me = 2 * (np + in->nc + in->nf);
    g.head = malloc((size_t)g.n * sizeof *g.head);
    g.level = malloc((size_t)g.n * sizeof *g.level);
    g.it = malloc((size_t)g.n * sizeof *g.it);
    g.queue = malloc((size_t)g.n * sizeof *g.queue);
    g.nxt = malloc((me ? me : 1) * sizeof *g.nxt);
    g.to = malloc((me ? me : 1) * sizeof *g.to);
    g.capr = malloc((me ? me : 1) * sizeof *g.capr);
    int *fe = malloc((in->nf ? in->nf : 1) * sizeof *fe);   /* edge f -> sink */
    int *ce = malloc((in->nc ? in->nc : 1) * sizeof *ce);   /* edge source -> c */
    int *pe = malloc((np ? np : 1) * sizeof *pe);           /* edge of pair q */
    jh_status st = JH_OK;
    if (!g.head || !g.level || !g.it || !g.queue || !g.nxt || !g.to || !g.capr || !fe || !ce || !pe) {
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    for (int i = 0; i < g.n; i++)
        g.head[i] = -1;
    double total = 0, big = 0;
    for (size_t c = 0; c < in->nc; c++)
        total += in->w[c];
    big = 2 * total + 1;
    int F0 = 2 + (int)in->nc;
    /* facilities first so that each node's list ends with its earlier
     * edges: the order only affects which maximum flow is found */
    for (size_t f = 0; f < in->nf; f++) {
        fe[f] = -1;
        if (open ? open[f] : in->allowed[f]) {
            fe[f] = g.ne;
            add_edge(&g, F0 + (int)f, 1, in->cap[f]);
        }
    }
    for (size_t c = in->nc; c-- > 0;) {
        for (size_t q = in->start[c + 1]; q-- > in->start[c];) {
            pe[q] = g.ne;
            add_edge(&g, 2 + (int)c, F0 + in->fac[q], big);
        }
        ce[c] = g.ne;
        add_edge(&g, 0, 2 + (int)c, in->w[c]);
    }
    double eps = 1e-9 * (1 + total), flowv = 0;
    /* A greedy flow first (each client to its nearest facilities with
     * room, in order): most of the maximum flow at the cost of one pass
     * over the pairs, so that Dinic's phases only reroute the rest. The
     * flow's value and the source side of the minimum cut (the clients
     * and facilities reachable in the residual graph) are the same for
     * every maximum flow, so the answer does not change. */
    for (size_t c = 0; c < in->nc; c++) {
        double rem = in->w[c];
        for (size_t q = in->start[c]; q < in->start[c + 1] && rem > 0; q++) {
            int e = fe[in->fac[q]];
            if (e < 0 || !(g.capr[e] > 0))
                continue;
            double x = rem < g.capr[e] ? rem : g.capr[e];
            g.capr[e] -= x;
            g.capr[e ^ 1] += x;
            g.capr[pe[q]] -= x;
            g.capr[pe[q] ^ 1] += x;
            g.capr[ce[c]] -= x;
            g.capr[ce[c] ^ 1] += x;
            rem -= x;
            flowv += x;
        }
    }
    while (bfs(&g, eps)) {
        memcpy(g.it, g.head, (size_t)g.n * sizeof *g.it);
        double d;
        while ((d = dfs(&g, 0, INFINITY, eps)) > eps)
            flowv += d;
    }
    sh->shortfall = total - flowv;
    if (sh->shortfall <= 1e-6 * (1 + total)) {
        sh->shortfall = 0;
        goto done;
    }
    /* the cut: level >= 0 after the last search = the source side */
    for (size_t c = 0; c < in->nc; c++)
        if (g.level[2 + c] >= 0) {
            sh->n_clients++;
            sh->demand += in->w[c];
            if (sh->worst_c < 0 || in->w[c] > in->w[sh->worst_c])
                sh->worst_c = (long)c;
        }
    for (size_t f = 0; f < in->nf; f++)
        if ((open ? open[f] : in->allowed[f]) && g.level[F0 + f] >= 0) {
            sh->n_facilities++;
            sh->places += in->cap[f];
            if (sh->worst_f < 0 || in->cap[f] > in->cap[sh->worst_f])
                sh->worst_f = (int)f;
        }
done:
    free(fe);
    free(ce);
    free(pe);
    free(g.head);
    free(g.level);
    free(g.it);
    free(g.queue);
    free(g.nxt);
    free(g.to);
    free(g.capr);
    return st;
}
