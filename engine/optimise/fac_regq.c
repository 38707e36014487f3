/*
 * fac_regq: the clients the regret construction of fac_cap.c has still to
 * place, in a binary heap by its order (regret, then demand, then place in
 * the list: the client a scan of the whole list would pick), and each
 * client listed at its best and second facility (a doubly linked list per
 * facility, two entries per client: 2c at its best, 2c + 1 at its second).
 * A pick loads one facility: only the clients listed there can have lost
 * a choice, and they are found without a pass over every client.
 */
#include <stdlib.h>

#include "fac_regq.h"

struct fac_regq {
    const double *rg, *w;
    const int *place;
    int *heap, n;             /* the queued clients, the first at 0 */
    int *at;                  /* client -> its index in heap, -1 */
    int *prv, *nxt, *fac;     /* per entry: the list's links, its facility (-1: unlisted) */
    int *head;                /* per facility: its first entry, -1 */
    size_t nc, nf;
};

fac_regq *fac_regq_new(size_t nc, size_t nf)
{
    fac_regq *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    size_t c1 = nc ? nc : 1, f1 = nf ? nf : 1;
    q->heap = malloc(c1 * sizeof *q->heap);
    q->at = malloc(c1 * sizeof *q->at);
    q->prv = malloc(2 * c1 * sizeof *q->prv);
    q->nxt = malloc(2 * c1 * sizeof *q->nxt);
    q->fac = malloc(2 * c1 * sizeof *q->fac);
    q->head = malloc(f1 * sizeof *q->head);
    q->nc = nc;
    q->nf = nf;
    if (!q->heap || !q->at || !q->prv || !q->nxt || !q->fac || !q->head) {
        fac_regq_free(q);
        return NULL;
    }
    return q;
}

void fac_regq_free(fac_regq *q)
{
    if (!q)
        return;
    free(q->heap);
    free(q->at);
    free(q->prv);
    free(q->nxt);
    free(q->fac);
    free(q->head);
    free(q);
}

void fac_regq_begin(fac_regq *q, const double *rg, const double *w, const int *place)
{
    q->rg = rg;
    q->w = w;
    q->place = place;
    q->n = 0;
    for (size_t c = 0; c < q->nc; c++)
        q->at[c] = -1;
    for (size_t u = 0; u < 2 * q->nc; u++)
        q->fac[u] = -1;
    for (size_t f = 0; f < q->nf; f++)
        q->head[f] = -1;
}

/* x before y in the queue's order */
static inline int before(const fac_regq *q, int x, int y)
{
    double rx = q->rg[x], ry = q->rg[y];
    if (rx != ry)
        return rx > ry;
    if (q->w[x] != q->w[y])
        return q->w[x] > q->w[y];
    return q->place[x] < q->place[y];
}

static void put(fac_regq *q, int i, int c)
{
    q->heap[i] = c;
    q->at[c] = i;
}

static void sift_up(fac_regq *q, int i)
{
    int c = q->heap[i];
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!before(q, c, q->heap[p]))
            break;
        put(q, i, q->heap[p]);
        i = p;
    }
    put(q, i, c);
}

static void sift_down(fac_regq *q, int i)
{
    int c = q->heap[i];
    for (;;) {
        int k = 2 * i + 1;
        if (k >= q->n)
            break;
        if (k + 1 < q->n && before(q, q->heap[k + 1], q->heap[k]))
            k++;
        if (!before(q, q->heap[k], c))
            break;
        put(q, i, q->heap[k]);
        i = k;
    }
    put(q, i, c);
}

static void unlink_entry(fac_regq *q, int u)
{
    int f = q->fac[u];
    if (f < 0)
        return;
    if (q->prv[u] >= 0)
        q->nxt[q->prv[u]] = q->nxt[u];
    else
        q->head[f] = q->nxt[u];
    if (q->nxt[u] >= 0)
        q->prv[q->nxt[u]] = q->prv[u];
    q->fac[u] = -1;
}

static void link_entry(fac_regq *q, int u, int f)
{
    if (f < 0)
        return;
    q->fac[u] = f;
    q->prv[u] = -1;
    q->nxt[u] = q->head[f];
    if (q->head[f] >= 0)
        q->prv[q->head[f]] = u;
    q->head[f] = u;
}

void fac_regq_set(fac_regq *q, int c, int bf, int sf)
{
    unlink_entry(q, 2 * c);
    unlink_entry(q, 2 * c + 1);
    link_entry(q, 2 * c, bf);
    link_entry(q, 2 * c + 1, sf);
    int i = q->at[c];
    if (i < 0) {
        i = q->n++;
        put(q, i, c);
    }
    sift_up(q, i);
    sift_down(q, q->at[c]);
}

void fac_regq_drop(fac_regq *q, int c)
{
    unlink_entry(q, 2 * c);
    unlink_entry(q, 2 * c + 1);
    int i = q->at[c];
    if (i < 0)
        return;
    q->at[c] = -1;
    int last = q->heap[--q->n];
    if (i == q->n)
        return;
    put(q, i, last);
    sift_up(q, i);
    sift_down(q, q->at[last]);
}

int fac_regq_top(const fac_regq *q)
{
    return q->n > 0 ? q->heap[0] : -1;
}

int fac_regq_first(const fac_regq *q, int f)
{
    return q->head[f];
}

int fac_regq_next(const fac_regq *q, int u)
{
    return q->nxt[u];
}
