/*
 * fac_capchain: overload removed by ejection chains (issue 18, item 2).
 *
 * The bounded assignment (fac_caplocal.c) looks only at each client's few
 * nearest open facilities; in a crowded town the students must go further,
 * through a chain of moves: a village leaves the overloaded school f for g,
 * a village of g leaves for h, ... until a school with room takes the
 * last one. Each chain is found by a label-setting search (Dijkstra-like,
 * over the facilities, an arc g -> h for each client at g that lists h)
 * ordered by the overload the chain leaves, then by its change of
 * weighted cost, over every pair the client lists: the lists are not cut
 * at a few nearest. Whole clients move (single source). A full facility
 * on the way may send on a smaller client than it takes and keep the
 * difference as overload; a chain is taken only when the total overload
 * falls, so repeated chains end.
 *
 * Every search is bounded by counted work (pairs looked at), never time.
 * Moves can be journalled and undone (the capacity-aware drop tries a
 * closure and takes it back when the chains cannot place its clients).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_capchain.h"

struct fac_chain {
    const fac_inst *in;
    int *head, *nxt, *prv;    /* clients at each facility (linked) */
    double *dist, *inw;       /* label: path cost, demand arriving */
    int *pf, *pc;             /* label: previous facility, client moved */
    unsigned *stamp, *done;   /* labelled / settled in search `sid` */
    double *acc;              /* label: overload the chain leaves */
    double over;              /* total overload of the assignment */
    unsigned sid;
    struct hent { double k; int f; } *heap;
    size_t hn, hcap;
    int *jc, *jfrom;          /* journal: client, facility it left */
    size_t jn, jcap;
    bool journal, oom;
    long work;
};

fac_chain *fac_chain_new(const fac_inst *in)
{
    fac_chain *K = calloc(1, sizeof *K);
    if (!K)
        return NULL;
    size_t nc = in->nc ? in->nc : 1, nf = in->nf ? in->nf : 1;
    K->in = in;
    K->head = malloc(nf * sizeof *K->head);
    K->nxt = malloc(nc * sizeof *K->nxt);
    K->prv = malloc(nc * sizeof *K->prv);
    K->dist = malloc(nf * sizeof *K->dist);
    K->inw = malloc(nf * sizeof *K->inw);
    K->pf = malloc(nf * sizeof *K->pf);
    K->pc = malloc(nf * sizeof *K->pc);
    K->stamp = calloc(nf, sizeof *K->stamp);
    K->done = calloc(nf, sizeof *K->done);
    K->acc = malloc(nf * sizeof *K->acc);
    K->hcap = 4 * nf + 16;
    K->heap = malloc(K->hcap * sizeof *K->heap);
    if (!K->head || !K->nxt || !K->prv || !K->dist || !K->inw || !K->pf || !K->pc
        || !K->stamp || !K->done || !K->heap || !K->acc) {
        fac_chain_free(K);
        return NULL;
    }
    return K;
}

void fac_chain_free(fac_chain *K)
{
    if (!K)
        return;
    free(K->head);
    free(K->nxt);
    free(K->prv);
    free(K->dist);
    free(K->inw);
    free(K->pf);
    free(K->pc);
    free(K->stamp);
    free(K->done);
    free(K->acc);
    free(K->heap);
    free(K->jc);
    free(K->jfrom);
    free(K);
}

long fac_chain_work(const fac_chain *K)
{
    return K->work;
}

static void link_c(fac_chain *K, int c, int f)
{
    K->prv[c] = -1;
    K->nxt[c] = K->head[f];
    if (K->head[f] >= 0)
        K->prv[K->head[f]] = c;
    K->head[f] = c;
}

static void unlink_c(fac_chain *K, int c, int f)
{
    if (K->prv[c] >= 0)
        K->nxt[K->prv[c]] = K->nxt[c];
    else
        K->head[f] = K->nxt[c];
    if (K->nxt[c] >= 0)
        K->prv[K->nxt[c]] = K->prv[c];
}

void fac_chain_load(fac_chain *K, const fac_cap *a)
{
    const fac_inst *in = K->in;
    for (size_t f = 0; f < in->nf; f++)
        K->head[f] = -1;
    /* backwards, so that each list runs in client order */
    for (size_t c = in->nc; c-- > 0;)
        if (a->f[c] >= 0)
            link_c(K, (int)c, a->f[c]);
    K->over = 0;
    for (size_t f = 0; f < in->nf; f++)
        K->over += fac_ov(a->load[f], in->cap[f]);
}

void fac_chain_move(fac_chain *K, fac_cap *a, int c, int h)
{
    const fac_inst *in = K->in;
    int g = a->f[c];
    if (g == h)
        return;
    if (K->journal && !K->oom) {
        if (K->jn == K->jcap) {
            size_t nc = K->jcap ? 2 * K->jcap : 1024;
            int *x = realloc(K->jc, nc * sizeof *x);
            if (x)
                K->jc = x;
            int *y = x ? realloc(K->jfrom, nc * sizeof *y) : NULL;
            if (y)
                K->jfrom = y;
            if (!x || !y)
                K->oom = true;
            else
                K->jcap = nc;
        }
        if (!K->oom) {
            K->jc[K->jn] = c;
            K->jfrom[K->jn++] = g;
        }
    }
    if (g >= 0) {
        unlink_c(K, c, g);
        K->over += fac_ovd(in, a->load, g, -in->w[c]);
        a->load[g] -= in->w[c];
    }
    if (h >= 0) {
        link_c(K, c, h);
        K->over += fac_ovd(in, a->load, h, in->w[c]);
        a->load[h] += in->w[c];
    }
    a->f[c] = h;
}

void fac_chain_journal_begin(fac_chain *K)
{
    K->journal = true;
    K->oom = false;
    K->jn = 0;
}

bool fac_chain_journal_undo(fac_chain *K, fac_cap *a)
{
    K->journal = false;
    if (K->oom)
        return false;
    while (K->jn > 0) {
        K->jn--;
        fac_chain_move(K, a, K->jc[K->jn], K->jfrom[K->jn]);
    }
    return true;
}

void fac_chain_journal_end(fac_chain *K)
{
    K->journal = false;
    K->jn = 0;
}

static bool hless(const struct hent *x, const struct hent *y)
{
    return x->k < y->k || (x->k == y->k && x->f < y->f);
}

static bool hpush(fac_chain *K, double k, int f)
{
    if (K->hn == K->hcap) {
        size_t nc = 2 * K->hcap;
        struct hent *h = realloc(K->heap, nc * sizeof *h);
        if (!h)
            return false;
        K->heap = h;
        K->hcap = nc;
    }
    size_t i = K->hn++;
    K->heap[i] = (struct hent){k, f};
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!hless(&K->heap[i], &K->heap[p]))
            break;
        struct hent t = K->heap[i];
        K->heap[i] = K->heap[p];
        K->heap[p] = t;
        i = p;
    }
    return true;
}

static struct hent hpop(fac_chain *K)
{
    struct hent top = K->heap[0];
    K->heap[0] = K->heap[--K->hn];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < K->hn && hless(&K->heap[l], &K->heap[m]))
            m = l;
        if (r < K->hn && hless(&K->heap[r], &K->heap[m]))
            m = r;
        if (m == i)
            break;
        struct hent t = K->heap[i];
        K->heap[i] = K->heap[m];
        K->heap[m] = t;
        i = m;
    }
    return top;
}


/* One chain from overloaded f, applied; false when none lowers the
 * total overload. Label of facility g: the cost of the moves so far
 * (dist), the demand arriving (inw), and the overload the chain leaves
 * behind (acc: f's relief counted negative, each full facility on the way
 * that sheds less than it receives counted positive). The search settles
 * facilities by dist + P_over * acc (least overload left first, then least
 * cost), at most max_pops of them; a facility with room for what
 * arrives ends a chain, and the least such end (by the same key) is taken
 * once no facility left to settle can beat it. */
static bool one_chain(fac_chain *K, const bool *open, fac_cap *a, int f, int max_pops)
{
    const fac_inst *in = K->in;
    double eps = 1e-9 * (1 + in->cap[f]);
    if (++K->sid == 0) {
        memset(K->stamp, 0, in->nf * sizeof *K->stamp);
        memset(K->done, 0, in->nf * sizeof *K->done);
        K->sid = 1;
    }
    unsigned sid = K->sid;
    K->hn = 0;
    K->stamp[f] = sid;
    K->dist[f] = 0;
    K->acc[f] = 0;
    K->inw[f] = 0;
    K->pf[f] = -1;
    K->pc[f] = -1;
    hpush(K, 0, f);
    int pops = 0, tg = -1, tc = -1, th = -1;
    double over_f = a->load[f] - in->cap[f], tkey = INFINITY;
    while (K->hn > 0 && pops < max_pops) {
        struct hent t = hpop(K);
        int g = t.f;
        if (t.k >= tkey)
            break;
        if (K->done[g] == sid || t.k > K->dist[g] + in->P_over * K->acc[g])
            continue;
        K->done[g] = sid;
        pops++;
        double need = g == f ? over_f : a->load[g] + K->inw[g] - in->cap[g];
        for (int c = K->head[g]; c >= 0; c = K->nxt[c]) {
            double wc = in->w[c];
            /* f: relieved by up to wc; a full g: left over by what wc
             * does not make up */
            double nacc = g == f ? -(wc < need ? wc : need)
                                 : K->acc[g] + (need > wc ? need - wc : 0);
            if (nacc >= -eps)
                continue;
            double ecg = fac_cost(in, (size_t)c, g);
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                int h = in->fac[q];
                K->work++;
                if (!open[h] || K->done[h] == sid)
                    continue;
                double nd = K->dist[g] + in->e[q] - ecg;
                double key = nd + in->P_over * nacc;
                if (a->load[h] + wc <= in->cap[h] + eps) {
                    /* room: the chain can end here */
                    if (key < tkey)
                        tkey = key, tg = g, tc = c, th = h;
                    continue;
                }
                if (K->stamp[h] == sid && !(key < K->dist[h] + in->P_over * K->acc[h]))
                    continue;
                K->stamp[h] = sid;
                K->dist[h] = nd;
                K->acc[h] = nacc;
                K->inw[h] = wc;
                K->pf[h] = g;
                K->pc[h] = c;
                if (!hpush(K, key, h))
                    return false;
            }
        }
    }
    if (th < 0)
        return false;
    /* from the end backwards: each facility on the way sheds after it
     * receives */
    fac_chain_move(K, a, tc, th);
    for (int h = tg; h != f;) {
        int g = K->pf[h];
        fac_chain_move(K, a, K->pc[h], h);
        h = g;
    }
    return true;
}

bool fac_chain_relieve(fac_chain *K, const bool *open, fac_cap *a, int f,
                       int max_pops, long work_cap)
{
    const fac_inst *in = K->in;
    double eps = 1e-9 * (1 + in->cap[f]);
    while (a->load[f] > in->cap[f] + eps)
        if (K->work >= work_cap || !one_chain(K, open, a, f, max_pops))
            return false;
    return true;
}

double fac_chain_over(const fac_chain *K)
{
    return K->over;
}

bool fac_cap_chains(const fac_inst *in, const bool *open, fac_cap *a, long work_cap)
{
    if (!in->cap || !(a->over > 1e-9))
        return a->over <= 1e-9;
    fac_chain *K = fac_chain_new(in);
    if (!K)
        return false;
    fac_chain_load(K, a);
    /* passes over the overloaded facilities while the overload falls (a
     * chain may leave some at a facility on its way) */
    for (;;) {
        double before = K->over;
        for (size_t f = 0; f < in->nf; f++)
            if (open[f])
                fac_chain_relieve(K, open, a, (int)f, (int)in->nf, work_cap);
        if (!(K->over < before - 1e-9 * (1 + before)) || K->work >= work_cap)
            break;
    }
    fac_chain_free(K);
    fac_cap_totals(in, open, a);
    return a->over <= 1e-9;
}
