/*
 * fac_caplocal: the capacitated assignment of large instances (above
 * FAC_CAPL_MIN clients) with work bounded per call (issue 18, item 2).
 *
 *  - Construction: greedy by regret (second-cheapest feasible facility
 *    minus cheapest) with a binary heap and lazy re-evaluation: a popped
 *    client whose two choices no longer have room is re-priced and pushed
 *    back. O(pairs log clients) instead of clients squared.
 *  - Improvement: the shift / swap / depth-2 ejection moves of fac_cap.c,
 *    driven by a queue of clients instead of passes over all of them. A
 *    client's swap and ejection partners are the clients of its
 *    FAC_CAPL_K nearest open facilities (found once per call, on demand);
 *    the clients of every facility are kept in linked lists so a move
 *    costs O(1). After a move, the moved clients go back on the queue, as
 *    do the clients that would rather be at a facility that lost load
 *    (the reverse index) and the clients of a facility left overloaded.
 *    Every evaluation counts as work; a call stops when its budget (a
 *    multiple of the clients it starts from) is spent, so the answer
 *    depends on the input only, never on the machine.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

#define FAC_CAPL_K 10            /* nearest open facilities per client */
#define FAC_CAPL_WORK 2000L      /* evaluations per seeded client */
#define FAC_CAPL_WORK_MIN 200000L
#define FAC_CAPL_WAKE 256        /* nearest clients of a facility woken by a move */

struct fac_capl {
    size_t nc, nf;
    int *heap;                 /* regret heap of clients */
    double *key;               /* regret per client */
    int *bf, *sf;              /* best / second feasible facility per client */
    double *be, *sec;
    bool *done;
    int *queue;                /* ring buffer of clients */
    bool *inq;
    int *head, *nxt, *prv;     /* clients by facility (doubly linked) */
    struct capl_ce *ce;        /* per client: the weighted cost at the
                                  facility last asked about (a memo of
                                  fac_cost, valid across calls) */
    int *near;                 /* FAC_CAPL_K per client, -1 padded */
    double *near_e;            /* their weighted costs */
    double *emin;              /* per client: its least weighted cost */
    unsigned *near_id;         /* call that filled a client's near list */
    int *rnear;                /* per facility (in->rstart offsets): the
                                  clients that reach it, nearest first */
    int *wake_c;               /* the first FAC_CAPL_WAKE of each facility's */
    double *wake_e;            /*   rnear: client and weighted cost there, */
    size_t *wake_start;        /*   copied in order (nf + 1 offsets) */
    unsigned *list_id;         /* call that built a facility's list */
    unsigned call;
    /* journal: what a change touched, to update a's totals in
     * proportion to the change rather than to the instance */
    unsigned *cj, *fj, epoch;  /* per client / facility: epoch touched */
    double *corig, *forig;     /* cost (-1 unassigned) / overload then */
    int *tc, *tf;
    size_t ntc, ntf;
};

struct capl_ce {
    double e;
    int f;                     /* -1: none yet */
};

/* The weighted cost of c at f through the memo. */
static inline double memo_cost(const fac_inst *in, fac_capl *L, int c, int f)
{
    struct capl_ce *x = &L->ce[c];
    if (x->f != f) {
        x->f = f;
        x->e = fac_cost(in, (size_t)c, f);
    }
    return x->e;
}


static inline bool rkey_less(const rkey *a, const rkey *b)
{
    if (a->raw != b->raw)
        return a->raw < b->raw;
    return a->c != b->c ? a->c < b->c : a->k < b->k;
}

/* Sorts a facility's reverse entries nearest first, then by client (then
 * by entry, so the order is the stable sort's qsort gave before), without
 * a call per comparison.
 * Quicksort on the median of three, insertion sort below 16 entries, the
 * smaller side first so the stack stays logarithmic. */
void fac_capl_sort_rev(rkey *v, size_t n)
{
    while (n > 16) {
        size_t m = n / 2;
        rkey *a = &v[0], *b = &v[m], *c = &v[n - 1], t;
        if (rkey_less(b, a)) { t = *a; *a = *b; *b = t; }
        if (rkey_less(c, b)) {
            t = *b; *b = *c; *c = t;
            if (rkey_less(b, a)) { t = *a; *a = *b; *b = t; }
        }
        rkey piv = v[m];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (rkey_less(&v[i], &piv))
                i++;
            while (rkey_less(&piv, &v[j]))
                j--;
            if (i >= j)
                break;
            t = v[i]; v[i] = v[j]; v[j] = t;
            i++;
            j--;
        }
        /* v[0..j] <= piv <= v[j+1..n) */
        size_t nl = j + 1, nr = n - nl;
        if (nl < nr) {
            fac_capl_sort_rev(v, nl);
            v += nl;
            n = nr;
        } else {
            fac_capl_sort_rev(v + nl, nr);
            n = nl;
        }
    }
    for (size_t i = 1; i < n; i++) {
        rkey x = v[i];
        size_t j = i;
        while (j > 0 && rkey_less(&x, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

fac_capl *fac_capl_new(const fac_inst *in)
{
    size_t nc = in->nc ? in->nc : 1, nf = in->nf ? in->nf : 1;
    fac_capl *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->nc = in->nc;
    L->nf = in->nf;
    L->heap = malloc(nc * sizeof *L->heap);
    L->key = malloc(nc * sizeof *L->key);
    L->bf = malloc(nc * sizeof *L->bf);
    L->sf = malloc(nc * sizeof *L->sf);
    L->be = malloc(nc * sizeof *L->be);
    L->sec = malloc(nc * sizeof *L->sec);
    L->done = malloc(nc * sizeof *L->done);
    L->queue = malloc(nc * sizeof *L->queue);
    L->inq = calloc(nc, sizeof *L->inq);
    L->head = malloc(nf * sizeof *L->head);
    L->nxt = malloc(nc * sizeof *L->nxt);
    L->prv = malloc(nc * sizeof *L->prv);
    L->ce = malloc(nc * sizeof *L->ce);
    if (L->ce)
        for (size_t c = 0; c < nc; c++)
            L->ce[c].f = -1;
    L->near = malloc(nc * FAC_CAPL_K * sizeof *L->near);
    L->near_e = malloc(nc * FAC_CAPL_K * sizeof *L->near_e);
    L->emin = malloc(nc * sizeof *L->emin);
    if (L->emin)
        for (size_t c = 0; c < in->nc; c++) {
            double m = -1;
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
                if (m < 0 || in->e[q] < m)
                    m = in->e[q];
            L->emin[c] = m;
        }
    L->near_id = calloc(nc, sizeof *L->near_id);
    L->wake_start = malloc((nf + 1) * sizeof *L->wake_start);
    L->list_id = calloc(nf, sizeof *L->list_id);
    L->cj = calloc(nc, sizeof *L->cj);
    L->fj = calloc(nf, sizeof *L->fj);
    L->corig = malloc(nc * sizeof *L->corig);
    L->forig = malloc(nf * sizeof *L->forig);
    L->tc = malloc(nc * sizeof *L->tc);
    L->tf = malloc(nf * sizeof *L->tf);
    size_t np = in->rstart[in->nf];
    L->rnear = malloc((np ? np : 1) * sizeof *L->rnear);
    rkey *ord = malloc((np ? np : 1) * sizeof *ord);
    if (L->rnear && ord) {
        for (size_t q = 0; q < np; q++) {
            ord[q].raw = in->raw[in->rpair[q]];
            ord[q].c = in->rclient[q];
            ord[q].k = (int)q;
        }
        for (size_t f = 0; f < in->nf; f++)
            fac_capl_sort_rev(ord + in->rstart[f], in->rstart[f + 1] - in->rstart[f]);
        for (size_t q = 0; q < np; q++)
            L->rnear[q] = ord[q].k;   /* reverse entry, nearest first */
    }
    free(ord);
    if (L->rnear && L->wake_start) {
        size_t nw = 0;
        for (size_t f = 0; f < in->nf; f++) {
            L->wake_start[f] = nw;
            size_t len = in->rstart[f + 1] - in->rstart[f];
            nw += len < FAC_CAPL_WAKE ? len : FAC_CAPL_WAKE;
        }
        L->wake_start[in->nf] = nw;
        L->wake_c = malloc((nw ? nw : 1) * sizeof *L->wake_c);
        L->wake_e = malloc((nw ? nw : 1) * sizeof *L->wake_e);
        if (L->wake_c && L->wake_e)
            for (size_t f = 0; f < in->nf; f++)
                for (size_t t = L->wake_start[f]; t < L->wake_start[f + 1]; t++) {
                    size_t q = (size_t)L->rnear[in->rstart[f] + (t - L->wake_start[f])];
                    L->wake_c[t] = in->rclient[q];
                    L->wake_e[t] = in->e[in->rpair[q]];
                }
    }
    if (!L->rnear || !L->wake_start || !L->wake_c || !L->wake_e || !L->near_e || !L->emin || !L->list_id || !L->cj || !L->fj || !L->corig || !L->forig
        || !L->tc || !L->tf ||!L->heap || !L->key || !L->bf || !L->sf || !L->be || !L->sec || !L->done
        || !L->queue || !L->inq || !L->head || !L->nxt || !L->prv || !L->ce
        || !L->near || !L->near_id) {
        fac_capl_free(L);
        return NULL;
    }
    return L;
}

size_t fac_capl_rnear(const fac_capl *L, size_t k)
{
    return (size_t)L->rnear[k];
}

void fac_capl_free(fac_capl *L)
{
    if (!L)
        return;
    free(L->heap);
    free(L->key);
    free(L->bf);
    free(L->sf);
    free(L->be);
    free(L->sec);
    free(L->done);
    free(L->queue);
    free(L->inq);
    free(L->head);
    free(L->nxt);
    free(L->prv);
    free(L->ce);
    free(L->near);
    free(L->near_id);
    free(L->rnear);
    free(L->near_e);
    free(L->emin);
    free(L->wake_start);
    free(L->wake_c);
    free(L->wake_e);
    free(L->list_id);
    free(L->cj);
    free(L->fj);
    free(L->corig);
    free(L->forig);
    free(L->tc);
    free(L->tf);
    free(L);
}

/* ---- the journal ---- */

void fac_capl_journal_begin(fac_capl *L)
{
    if (++L->epoch == 0) {
        memset(L->cj, 0, L->nc * sizeof *L->cj);
        memset(L->fj, 0, L->nf * sizeof *L->fj);
        L->epoch = 1;
    }
    L->ntc = L->ntf = 0;
}

void fac_capl_touch_client(const fac_inst *in, fac_capl *L, const fac_cap *a, int c)
{
    if (L->cj[c] == L->epoch)
        return;
    L->cj[c] = L->epoch;
    L->corig[c] = a->f[c] >= 0 ? memo_cost(in, L, c, a->f[c]) : -1;
    L->tc[L->ntc++] = c;
}

/* A closed facility carries no load, so its overload (0) is what counts
 * whether it was open before the change or not. */
void fac_capl_touch_fac(const fac_inst *in, fac_capl *L, const fac_cap *a, int f)
{
    if (L->fj[f] == L->epoch)
        return;
    L->fj[f] = L->epoch;
    L->forig[f] = a->load[f] > in->cap[f] ? a->load[f] - in->cap[f] : 0;
    L->tf[L->ntf++] = f;
}

void fac_capl_journal_end(const fac_inst *in, fac_capl *L, fac_cap *a)
{
    for (size_t t = 0; t < L->ntc; t++) {
        int c = L->tc[t];
        double was = L->corig[c];
        double now = a->f[c] >= 0 ? memo_cost(in, L, c, a->f[c]) : -1;
        if (was < 0)
            a->unassigned--;
        else
            a->cost -= was;
        if (now < 0)
            a->unassigned++;
        else
            a->cost += now;
    }
    for (size_t t = 0; t < L->ntf; t++) {
        int f = L->tf[t];
        double now = a->load[f] > in->cap[f] ? a->load[f] - in->cap[f] : 0;
        a->over += now - L->forig[f];
    }
    if (a->over < 1e-9)
        a->over = 0;
    a->total = a->cost + in->P_over * a->over + in->U * a->unassigned;
    L->ntc = L->ntf = 0;
}

static bool room(const fac_inst *in, const double *load, int f, size_t c)
{
    return load[f] + in->w[c] <= in->cap[f] + 1e-9;
}

/* ---- construction: regret with a heap ---- */

static void two(const fac_inst *in, const bool *open, const double *load,
                fac_capl *L, size_t c)
{
    L->bf[c] = L->sf[c] = -1;
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int f = in->fac[q];
        if (!open[f] || !room(in, load, f, c))
            continue;
        if (L->bf[c] < 0) {
            L->bf[c] = f;
            L->be[c] = in->e[q];
        } else {
            L->sf[c] = f;
            L->sec[c] = in->e[q];
            return;
        }
    }
}

/* Heap order: larger regret first, then larger demand, then lower index. */
static bool before(const fac_inst *in, const fac_capl *L, int a, int b)
{
    if (L->key[a] != L->key[b])
        return L->key[a] > L->key[b];
    if (in->w[a] != in->w[b])
        return in->w[a] > in->w[b];
    return a < b;
}

static void heap_push(const fac_inst *in, fac_capl *L, size_t *n, int c)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!before(in, L, c, L->heap[up]))
            break;
        L->heap[i] = L->heap[up];
        i = up;
    }
    L->heap[i] = c;
}

static int heap_pop(const fac_inst *in, fac_capl *L, size_t *n)
{
    int top = L->heap[0];
    int last = L->heap[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        int mv = last;
        if (l < *n && before(in, L, L->heap[l], mv)) {
            m = l;
            mv = L->heap[l];
        }
        if (r < *n && before(in, L, L->heap[r], mv))
            m = r;
        if (m == i)
            break;
        L->heap[i] = L->heap[m];
        i = m;
    }
    if (*n > 0)
        L->heap[i] = last;
    return top;
}

static double regret_of(const fac_inst *in, const fac_capl *L, size_t c)
{
    return L->sf[c] >= 0 ? L->sec[c] - L->be[c] : in->U;
}

void fac_capl_regret(const fac_inst *in, const bool *open, fac_cap *a, fac_capl *L,
                     const int *list, size_t n)
{
    size_t hn = 0;
    for (size_t t = 0; t < n; t++) {
        size_t c = (size_t)list[t];
        L->done[c] = false;
        two(in, open, a->load, L, c);
        if (L->bf[c] < 0)
            continue;
        L->key[c] = regret_of(in, L, c);
        heap_push(in, L, &hn, (int)c);
    }
    while (hn > 0) {
        int c = heap_pop(in, L, &hn);
        /* Loads only grow: the cached choices stay valid while they have room. */
        if (!room(in, a->load, L->bf[c], (size_t)c)
            || (L->sf[c] >= 0 && !room(in, a->load, L->sf[c], (size_t)c))) {
            two(in, open, a->load, L, (size_t)c);
            if (L->bf[c] < 0)
                continue;
            L->key[c] = regret_of(in, L, (size_t)c);
            heap_push(in, L, &hn, c);
            continue;
        }
        fac_capl_touch_client(in, L, a, c);
        fac_capl_touch_fac(in, L, a, L->bf[c]);
        a->f[c] = L->bf[c];
        a->load[L->bf[c]] += in->w[c];
        L->done[c] = true;
    }
    /* What fits nowhere goes where cost plus overload is least. */
    for (size_t t = 0; t < n; t++) {
        size_t c = (size_t)list[t];
        if (L->done[c])
            continue;
        int bestf = fac_cap_cheapest(in, open, a->load, c);
        fac_capl_touch_client(in, L, a, (int)c);
        if (bestf >= 0)
            fac_capl_touch_fac(in, L, a, bestf);
        a->f[c] = bestf;
        if (bestf >= 0)
            a->load[bestf] += in->w[c];
        L->done[c] = true;
    }
}

/* ---- improvement driven by a queue ---- */

typedef struct qstate {
    const fac_inst *in;
    const bool *open;
    fac_cap *a;
    fac_capl *L;
    size_t qh, qn;             /* ring buffer head and size */
    long work, budget;
} qstate;

static void push(qstate *S, int c)
{
    fac_capl *L = S->L;
    if (L->inq[c])
        return;
    L->inq[c] = true;
    L->queue[(S->qh + S->qn) % L->nc] = c;
    S->qn++;
}

static int pop(qstate *S)
{
    fac_capl *L = S->L;
    int c = L->queue[S->qh];
    S->qh = (S->qh + 1) % L->nc;
    S->qn--;
    L->inq[c] = false;
    return c;
}

static void unlink_c(fac_capl *L, int c, int f)
{
    if (L->list_id[f] != L->call)
        return;
    if (L->prv[c] >= 0)
        L->nxt[L->prv[c]] = L->nxt[c];
    else
        L->head[f] = L->nxt[c];
    if (L->nxt[c] >= 0)
        L->prv[L->nxt[c]] = L->prv[c];
}

static void link_c(fac_capl *L, int c, int f)
{
    if (L->list_id[f] != L->call)
        return;
    L->prv[c] = -1;
    L->nxt[c] = L->head[f];
    if (L->head[f] >= 0)
        L->prv[L->head[f]] = c;
    L->head[f] = c;
}

/* The clients at f, built when first needed in a call (from the clients
 * that can reach f) and kept up to date by the moves after that. */
static int first_at(qstate *S, int f)
{
    const fac_inst *in = S->in;
    fac_capl *L = S->L;
    if (L->list_id[f] != L->call) {
        L->head[f] = -1;
        L->list_id[f] = L->call;
        for (size_t q = in->rstart[f + 1]; q-- > in->rstart[f];) {
            int c = in->rclient[q];
            if (S->a->f[c] == f)
                link_c(L, c, f);
        }
        S->work += (long)(in->rstart[f + 1] - in->rstart[f]);
    }
    return L->head[f];
}

/* The weighted cost of c at f (c's facility), looked up again only when
 * c's facility is not the one last asked about. */
static inline double ce_at(qstate *S, int c, int f)
{
    return memo_cost(S->in, S->L, c, f);
}

static inline double ce_of(qstate *S, int c)
{
    return ce_at(S, c, S->a->f[c]);
}

/* The clients that would rather be at f (it lost load), and f's own
 * clients when it is overloaded (it gained load). */
static void wake(qstate *S, int f)
{
    const fac_inst *in = S->in;
    fac_capl *L = S->L;
    if (S->a->load[f] > in->cap[f] + 1e-9) {
        for (int c = first_at(S, f); c >= 0; c = L->nxt[c])
            push(S, c);
        return;
    }
    /* the copies of rnear's first FAC_CAPL_WAKE entries: read in order */
    const int *wc = L->wake_c;
    const double *we = L->wake_e;
    const int *af = S->a->f;
    size_t k0 = L->wake_start[f], k1 = L->wake_start[f + 1];
    S->work += (long)(k1 - k0);
    for (size_t k = k0; k < k1; k++) {
        int c = wc[k];
        if (af[c] >= 0 && af[c] != f && !L->inq[c] && we[k] < ce_at(S, c, af[c]))
            push(S, c);
    }
}

/* Moves c to facility g (weighted cost e there). */
static void move_to(qstate *S, int c, int g, double e)
{
    fac_capl *L = S->L;
    int f = S->a->f[c];
    fac_capl_touch_client(S->in, L, S->a, c);
    fac_capl_touch_fac(S->in, L, S->a, f);
    fac_capl_touch_fac(S->in, L, S->a, g);
    unlink_c(L, c, f);
    link_c(L, c, g);
    S->a->load[f] -= S->in->w[c];
    S->a->load[g] += S->in->w[c];
    S->a->f[c] = g;
    L->ce[c].e = e;
    L->ce[c].f = g;
}

/* c's nearest open facilities (-1 padded), their weighted costs in *ne. */
static const int *near_of(qstate *S, size_t c, const double **ne_out)
{
    const fac_inst *in = S->in;
    fac_capl *L = S->L;
    int *nb = L->near + c * FAC_CAPL_K;
    if (L->near_id[c] != L->call) {
        double *ne = L->near_e + c * FAC_CAPL_K;
        L->near_id[c] = L->call;
        int k = 0;
        for (size_t q = in->start[c]; q < in->start[c + 1] && k < FAC_CAPL_K; q++)
            if (S->open[in->fac[q]]) {
                ne[k] = in->e[q];
                nb[k++] = in->fac[q];
            }
        S->work += (long)(in->start[c + 1] - in->start[c]);
        for (; k < FAC_CAPL_K; k++)
            nb[k] = -1;
    }
    *ne_out = L->near_e + c * FAC_CAPL_K;
    return nb;
}

static bool shift(qstate *S, int c)
{
    const fac_inst *in = S->in;
    fac_cap *a = S->a;
    int f = a->f[c];
    double ef = ce_of(S, c), wc = in->w[c];
    double base = fac_ovd(in, a->load, f, -wc);
    int bg = -1;
    double bd = -1e-9 * (1 + ef), be = 0;
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int g = in->fac[q];
        S->work++;
        if (!S->open[g] || g == f)
            continue;
        if (in->e[q] - ef >= bd && base >= 0)
            break;
        double d = in->e[q] - ef + in->P_over * (base + fac_ovd(in, a->load, g, wc));
        if (d < bd) {
            bd = d;
            bg = g;
            be = in->e[q];
        }
    }
    if (bg < 0)
        return false;
    move_to(S, c, bg, be);
    wake(S, f);
    wake(S, bg);
    return true;
}

static bool swap2(qstate *S, int c1)
{
    const fac_inst *in = S->in;
    fac_cap *a = S->a;
    fac_capl *L = S->L;
    int f = a->f[c1];
    const double *ne;
    const int *nb = near_of(S, (size_t)c1, &ne);
    double w1 = in->w[c1], e1f = ce_of(S, c1);
    for (int t = 0; t < FAC_CAPL_K && nb[t] >= 0; t++) {
        int g = nb[t];
        if (g == f)
            continue;
        double e1g = ne[t];
        bool calm = a->load[f] <= in->cap[f] && a->load[g] <= in->cap[g];
        for (int c2 = first_at(S, g); c2 >= 0; c2 = L->nxt[c2]) {
            S->work++;
            double e2g = ce_at(S, c2, g);
            double d = e1g + 0 - e1f - e2g;
            /* With neither overloaded, a swap can only add overload: it
             * needs c2's cost at f to beat e1f + e2g - e1g. */
            if (calm && d >= 0)
                continue;
            double w2 = in->w[c2];
            /* c2's least cost bounds its cost at f from below: when the
             * swap fails even at that cost, it fails (the sums below are
             * the same, so rounding keeps the order) */
            double lb = d + L->emin[c2];
            if (lb >= 0 && calm)
                continue;
            double ovs = in->P_over * (fac_ovd(in, a->load, f, w2 - w1) + fac_ovd(in, a->load, g, w1 - w2));
            if (!(lb + ovs < -1e-9 * (1 + e1f + e2g)))
                continue;
            double e2f = fac_cost(in, (size_t)c2, f);
            if (e2f < 0)
                continue;
            d += e2f;
            if (d >= 0 && calm)
                continue;
            d += ovs;
            if (d < -1e-9 * (1 + e1f + e2g)) {
                move_to(S, c1, g, e1g);
                move_to(S, c2, f, e2f);
                push(S, c2);
                wake(S, f);
                wake(S, g);
                return true;
            }
        }
    }
    return false;
}

static bool eject(qstate *S, int c)
{
    const fac_inst *in = S->in;
    fac_cap *a = S->a;
    fac_capl *L = S->L;
    int f = a->f[c];
    double wc = in->w[c], ecf = ce_of(S, c);
    const double *ne;
    const int *nb = near_of(S, (size_t)c, &ne);
    int nbc[FAC_CAPL_K];
    double nec[FAC_CAPL_K];
    memcpy(nbc, nb, sizeof nbc);
    memcpy(nec, ne, sizeof nec);
    for (int t = 0; t < FAC_CAPL_K && nbc[t] >= 0; t++) {
        int g = nbc[t];
        if (g == f || room(in, a->load, g, (size_t)c))
            continue;
        double ecg = nec[t];
        bool fnot = a->load[f] <= in->cap[f], gnot = a->load[g] <= in->cap[g];
        for (int d = first_at(S, g); d >= 0; d = L->nxt[d]) {
            if (d == c)
                continue;
            double wd = in->w[d], edg = ce_at(S, d, g);
            const double *nde;
            const int *nd = near_of(S, (size_t)d, &nde);
            for (int u = 0; u < FAC_CAPL_K && nd[u] >= 0; u++) {
                int h = nd[u];
                S->work++;
                if (h == g)
                    continue;
                double edh = nde[u];
                double delta = ecg - ecf + edh - edg;
                if (delta >= 0 && fnot && gnot) {
                    /* d's later facilities cost no less (when its list
                     * ascends): they fail the same way; count them */
                    int v = u + 1;
                    while (v < FAC_CAPL_K && nd[v] >= 0 && nde[v] >= nde[v - 1])
                        v++;
                    if (v == FAC_CAPL_K || nd[v] < 0) {
                        S->work += v - (u + 1);
                        break;
                    }
                    continue;
                }
                delta += in->P_over * fac_ov3(in, a->load, f, -wc, g, wc - wd, h, wd);
                if (delta < -1e-9 * (1 + ecf + edg)) {
                    move_to(S, d, h, edh);
                    move_to(S, c, g, ecg);
                    push(S, d);
                    wake(S, f);
                    wake(S, g);
                    if (h != f)
                        wake(S, h);
                    return true;
                }
            }
        }
    }
    return false;
}

long fac_capl_improve(const fac_inst *in, const bool *open, fac_cap *a, fac_capl *L,
                      const int *seed, size_t n)
{
    qstate S = {in, open, a, L, 0, 0, 0, 0};
    if (++L->call == 0) {
        memset(L->near_id, 0, L->nc * sizeof *L->near_id);
        memset(L->list_id, 0, L->nf * sizeof *L->list_id);
        L->call = 1;
    }
    size_t ns = seed ? n : in->nc;
    for (size_t t = 0; t < ns; t++)
        push(&S, seed ? seed[t] : (int)t);
    S.budget = FAC_CAPL_WORK * (long)ns;
    if (S.budget < FAC_CAPL_WORK_MIN)
        S.budget = FAC_CAPL_WORK_MIN;
    while (S.qn > 0 && S.work < S.budget) {
        int c = pop(&S);
        if (a->f[c] < 0)
            continue;
        if (shift(&S, c) || swap2(&S, c) || eject(&S, c))
            push(&S, c);
    }
    while (S.qn > 0)
        pop(&S);
    return S.work;
}
