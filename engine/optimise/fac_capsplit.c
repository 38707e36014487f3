/*
 * fac_capsplit: the last resort of a capacitated layout that no
 * single-source assignment was found for (issue 18, item 2): a few
 * clients split between facilities, the way a bureau sends a village's
 * overflow to the next school with places.
 *
 * From the search's best single-source assignment (overloaded here and
 * there), each overloaded facility sends its excess along augmenting
 * paths: a breadth-first search over the open facilities, an arc g -> h
 * for each share of a client at g that lists h, ends at a facility with
 * room in the first layer that reaches one (fewest hops: each hop splits
 * a client), the one whose path costs least per student moved. The path
 * carries the least of the excess, the room at its end and the shares it
 * moves; what a client sends on is taken from its share, so a client
 * moved whole stays whole. These are the augmenting paths of the maximum
 * flow (the residual graph of the transportation problem with the clients
 * folded into their arcs), so when the layout's places hold everyone
 * split (fac_flow_check_open) the overload is gone at the end (clients
 * the problem marks `whole` carry no arc: they stay whole where the search
 * put them, so then it may not be); the work
 * (pairs looked at) is bounded and counted, never timed.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_capsplit.h"

typedef struct holds {
    const fac_inst *in;
    int *hc, *hf;             /* holding: client, facility */
    double *hw;               /* students of the client there */
    int *fnext, *fprev;       /* facility's holdings (linked) */
    int *cnext;               /* client's holdings (linked, first = main) */
    int *fhead, *chead;
    size_t n, cap;
    double *load;
} holds;

static bool grow(holds *H)
{
    if (H->n < H->cap)
        return true;
    size_t nc = 2 * H->cap + 64;
    if (nc <= H->n)
        nc = H->n + 64;
    int *a = realloc(H->hc, nc * sizeof *a);
    if (!a)
        return false;
    H->hc = a;
    if (!(a = realloc(H->hf, nc * sizeof *a)))
        return false;
    H->hf = a;
    if (!(a = realloc(H->fnext, nc * sizeof *a)))
        return false;
    H->fnext = a;
    if (!(a = realloc(H->fprev, nc * sizeof *a)))
        return false;
    H->fprev = a;
    if (!(a = realloc(H->cnext, nc * sizeof *a)))
        return false;
    H->cnext = a;
    double *d = realloc(H->hw, nc * sizeof *d);
    if (!d)
        return false;
    H->hw = d;
    H->cap = nc;
    return true;
}

static void flink(holds *H, int k)
{
    int f = H->hf[k];
    H->fprev[k] = -1;
    H->fnext[k] = H->fhead[f];
    if (H->fhead[f] >= 0)
        H->fprev[H->fhead[f]] = k;
    H->fhead[f] = k;
}

static void funlink(holds *H, int k)
{
    int f = H->hf[k];
    if (H->fprev[k] >= 0)
        H->fnext[H->fprev[k]] = H->fnext[k];
    else
        H->fhead[f] = H->fnext[k];
    if (H->fnext[k] >= 0)
        H->fprev[H->fnext[k]] = H->fprev[k];
}

/* Moves x students of holding k (at g) to facility h. */
static bool move(holds *H, int k, int h, double x)
{
    int c = H->hc[k], g = H->hf[k];
    H->load[g] -= x;
    H->load[h] += x;
    int t = -1;
    for (int j = H->chead[c]; j >= 0; j = H->cnext[j])
        if (H->hf[j] == h && H->hw[j] > 0) {
            t = j;
            break;
        }
    if (x >= H->hw[k] - 1e-9 && t < 0) {
        /* the whole share moves: the holding changes facility */
        funlink(H, k);
        H->hf[k] = h;
        flink(H, k);
        return true;
    }
    H->hw[k] -= x;
    if (H->hw[k] <= 1e-9) {
        H->hw[k] = 0;
        funlink(H, k);
    }
    if (t >= 0) {
        H->hw[t] += x;
        return true;
    }
    if (!grow(H))
        return false;
    int n = (int)H->n++;
    H->hc[n] = c;
    H->hf[n] = h;
    H->hw[n] = x;
    flink(H, n);
    /* appended to the client's list (its first holding stays first) */
    H->cnext[n] = -1;
    int j = H->chead[c];
    while (H->cnext[j] >= 0)
        j = H->cnext[j];
    H->cnext[j] = n;
    return true;
}

static void holds_free(holds *H)
{
    free(H->hc);
    free(H->hf);
    free(H->hw);
    free(H->fnext);
    free(H->fprev);
    free(H->cnext);
    free(H->fhead);
    free(H->chead);
    free(H->load);
}

void fac_split_free(fac_split *S)
{
    if (!S)
        return;
    free(S->f);
    free(S->pc);
    free(S->pf);
    free(S->pw);
    memset(S, 0, sizeof *S);
}

bool fac_cap_split(const fac_inst *in, const bool *open, const fac_cap *a, fac_split *S,
                   long work_cap)
{
    size_t nc = in->nc, nf = in->nf;
    memset(S, 0, sizeof *S);
    holds H = {.in = in};
    H.fhead = malloc((nf ? nf : 1) * sizeof *H.fhead);
    H.chead = malloc((nc ? nc : 1) * sizeof *H.chead);
    H.load = malloc((nf ? nf : 1) * sizeof *H.load);
    int *pf = malloc((nf ? nf : 1) * sizeof *pf), *ph = malloc((nf ? nf : 1) * sizeof *ph);
    int *queue = malloc((nf ? nf : 1) * sizeof *queue);
    double *dist = malloc((nf ? nf : 1) * sizeof *dist);
    int *lay = malloc((nf ? nf : 1) * sizeof *lay), *ends = malloc((nf ? nf : 1) * sizeof *ends);
    unsigned *seen = calloc(nf ? nf : 1, sizeof *seen);
    bool ok = H.fhead && H.chead && H.load && pf && ph && queue && seen && dist && lay && ends;
    H.n = H.cap = 0;
    H.n = nc + 64;            /* grow() sizes the table past n */
    ok = ok && grow(&H);
    H.n = 0;
    if (ok) {
        for (size_t f = 0; f < nf; f++) {
            H.fhead[f] = -1;
            H.load[f] = a->load[f];
        }
        /* backwards, so that each facility's list runs in client order */
        for (size_t c = nc; c-- > 0;) {
            H.chead[c] = -1;
            if (a->f[c] < 0) {
                ok = false;   /* unassigned: no reachable open facility */
                continue;
            }
            int k = (int)c;
            H.hc[k] = (int)c;
            H.hf[k] = a->f[c];
            H.hw[k] = in->w[c];
            H.cnext[k] = -1;
            H.chead[c] = k;
            flink(&H, k);
        }
        H.n = nc;
    }
    unsigned sid = 0;
    for (size_t f0 = 0; ok && f0 < nf; f0++) {
        int f = (int)f0;
        if (!open[f])
            continue;
        while (ok && H.load[f] > in->cap[f] + 1e-9) {
            if (S->work >= work_cap) {
                ok = false;
                break;
            }
            /* breadth first from f, layer by layer; in the first layer
             * that reaches a facility with room, the end whose path
             * costs least per student moved */
            sid++;
            int qh = 0, qt = 0, end = -1, ne = 0, layer = 0;
            queue[qt++] = f;
            seen[f] = sid;
            lay[f] = 0;
            pf[f] = -1;
            dist[f] = 0;
            while (qh < qt && ne == 0) {
                int layer_end = qt;
                layer++;
                for (; qh < layer_end; qh++) {
                    int g = queue[qh];
                    for (int k = H.fhead[g]; k >= 0; k = H.fnext[k]) {
                        int c = H.hc[k];
                        if (in->whole && in->whole[in->client_of[c]])
                            continue;   /* moved by none of the paths: never split */
                        double rg = fac_cost(in, (size_t)c, g) / in->w[c];
                        for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                            int h = in->fac[q];
                            S->work++;
                            if (!open[h])
                                continue;
                            double d = dist[g] + in->raw[q] - rg;
                            if (seen[h] == sid) {
                                /* found in this layer already: the cheaper way in */
                                if (lay[h] == layer && d < dist[h]) {
                                    pf[h] = g;
                                    ph[h] = k;
                                    dist[h] = d;
                                }
                                continue;
                            }
                            seen[h] = sid;
                            lay[h] = layer;
                            pf[h] = g;
                            ph[h] = k;
                            dist[h] = d;
                            if (H.load[h] < in->cap[h] - 1e-9)
                                ends[ne++] = h;
                            else
                                queue[qt++] = h;
                        }
                    }
                }
            }
            for (int j = 0; j < ne; j++)
                if (end < 0 || dist[ends[j]] < dist[end])
                    end = ends[j];
            if (end < 0) {
                ok = false;   /* no path: the layout's places cannot hold f's excess */
                break;
            }
            double x = H.load[f] - in->cap[f];
            if (in->cap[end] - H.load[end] < x)
                x = in->cap[end] - H.load[end];
            for (int h = end; h != f; h = pf[h])
                if (H.hw[ph[h]] < x)
                    x = H.hw[ph[h]];
            /* from the end backwards: each facility sends after it receives */
            for (int h = end; ok && h != f; h = pf[h])
                ok = move(&H, ph[h], h, x);
            S->paths++;
        }
    }
    if (ok) {
        /* each client's largest share is its main facility (ties: the
         * first, i.e. the one it held before), the others are parts */
        S->f = malloc((nc ? nc : 1) * sizeof *S->f);
        size_t np = 0;
        for (size_t k = 0; k < H.n; k++)
            np += H.hw[k] > 0;
        np -= nc < np ? nc : np;
        S->pc = malloc((np + 1) * sizeof *S->pc);
        S->pf = malloc((np + 1) * sizeof *S->pf);
        S->pw = malloc((np + 1) * sizeof *S->pw);
        ok = S->f && S->pc && S->pf && S->pw;
        for (size_t c = 0; ok && c < nc; c++) {
            int best = -1;
            for (int k = H.chead[c]; k >= 0; k = H.cnext[k])
                if (H.hw[k] > 0 && (best < 0 || H.hw[k] > H.hw[best]))
                    best = k;
            S->f[c] = H.hf[best];
            for (int k = H.chead[c]; k >= 0; k = H.cnext[k]) {
                if (k == best || !(H.hw[k] > 0))
                    continue;
                S->pc[S->n] = (int)c;
                S->pf[S->n] = H.hf[k];
                S->pw[S->n++] = H.hw[k];
            }
        }
    }
    holds_free(&H);
    free(pf);
    free(ph);
    free(queue);
    free(dist);
    free(lay);
    free(ends);
    free(seen);
    if (!ok)
        fac_split_free(S);
    return ok;
}

int fac_split_to_parts(const fac_split *S, const size_t *client_of, jh_facility_solution *out)
{
    out->part_client = malloc(S->n * sizeof *out->part_client);
    out->part_facility = malloc(S->n * sizeof *out->part_facility);
    out->part_demand = malloc(S->n * sizeof *out->part_demand);
    if (!out->part_client || !out->part_facility || !out->part_demand)
        return -1;
    for (size_t k = 0; k < S->n; k++) {
        out->part_client[k] = client_of[S->pc[k]];
        out->part_facility[k] = S->pf[k];
        out->part_demand[k] = S->pw[k];
    }
    out->n_parts = S->n;
    return 0;
}
