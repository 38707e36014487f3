/*
 * fac_lagrange: lower bounds for the (capacitated) p-median by Lagrangian
 * relaxation of "every client is served once" (multiplier lambda_c per
 * client). For given multipliers the relaxed problem splits by facility:
 *  - uncapacitated: facility f is worth v_f = sum_c min(0, e_cf - lambda_c);
 *  - capacitated: v_f = the best 0/1 knapsack of the clients with
 *    e_cf < lambda_c under f's capacity (exact by dynamic programming when
 *    demands and capacity are whole numbers and the table is small, else
 *    its linear relaxation, a weaker but still valid bound);
 * and the bound is sum lambda + the v of the facilities forced open + the
 * p - |forced open| smallest v of the free ones (fac_lag_node.state says
 * which are forced open / closed: the branch-and-bound of fac_bnb.c uses
 * the same relaxation at its nodes). With capacities a node may also
 * forbid a client-facility pair or force a client to a facility (the
 * branch-and-bound's branching on assignments once the open set is
 * decided: the knapsacks then see the facility's remaining capacity).
 * Subgradient steps (Polyak, towards
 * the known upper bound) raise it. Every loop counts its work (pairs
 * visited, knapsack cells), never the clock.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

/* A knapsack table above this many cells falls back to the LP bound. */
#define FAC_KNAP_DP_MAX 400000.0
/* Up to this many pairs each facility's last knapsacks are kept. */
#define FAC_KNAP_KEEP_PAIRS 250000
/* Knapsack table cells per unit of work: a cell is one add and compare
 * on a contiguous row, several times cheaper than a pair visited (the
 * unit the rest counts), so that a work budget costs about the same CPU
 * with or without capacities. */
#define FAC_KNAP_CELLS_PER_WORK 8

static int cmp_vf(const void *a, const void *b, void *ctx)
{
    const double *v = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (v[x] != v[y])
        return v[x] < v[y] ? -1 : 1;
    return x - y;
}

/* idx[0..n) sorted by insertion (the total order of cmp_vf) */
static void insert_vf(int *idx, size_t n, const double *v)
{
    for (size_t i = 1; i < n; i++) {
        int x = idx[i];
        double vx = v[x];
        size_t j = i;
        while (j > 0 && (v[idx[j - 1]] > vx || (v[idx[j - 1]] == vx && idx[j - 1] > x))) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = x;
    }
}

/* Longest list sort_vf merges on the stack. */
#define FAC_SORT_MERGE_MAX 1024

/* idx[0..n) sorted by the total order of cmp_vf (v, then index): by
 * insertion when short (most knapsacks hold a few dozen items), else
 * runs of 16 by insertion merged bottom-up (up to FAC_SORT_MERGE_MAX),
 * else by qsort_r; a total order, so the same permutation every way. */
static void sort_vf(int *idx, size_t n, const double *v)
{
    if (n <= 48) {
        insert_vf(idx, n, v);
        return;
    }
    if (n > FAC_SORT_MERGE_MAX) {
        qsort_r(idx, n, sizeof *idx, cmp_vf, (void *)v);
        return;
    }
    int tmp[FAC_SORT_MERGE_MAX];
    for (size_t r = 0; r < n; r += 16)
        insert_vf(idx + r, n - r < 16 ? n - r : 16, v);
    int *src = idx, *dst = tmp;
    for (size_t run = 16; run < n; run *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * run) {
            size_t mid = lo + run < n ? lo + run : n, hi = lo + 2 * run < n ? lo + 2 * run : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {
                int x = src[i], y = src[j];
                /* y first only when strictly before x */
                if (v[y] < v[x] || (v[y] == v[x] && y < x)) {
                    dst[o++] = y;
                    j++;
                } else {
                    dst[o++] = x;
                    i++;
                }
            }
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        int *t = src;
        src = dst;
        dst = t;
    }
    if (src != idx)
        memcpy(idx, src, n * sizeof *idx);
}

void fac_lag_free(fac_lag *L)
{
    if (!L)
        return;
    free(L->v);
    free(L->g);
    free(L->state);
    free(L->chosen);
    free(L->order);
    free(L->icnt);
    free(L->istart);
    free(L->iclient);
    free(L->ired);
    free(L->take);
    free(L->dp);
    free(L->dp_wt);
    free(L->ratio_idx);
    free(L->ratio);
    free(L->pstate);
    free(L->cforce);
    free(L->capred);
    free(L->pending);
    free(L->ford);
    free(L->heap);
    free(L->ybar);
    free(L->rcost);
    for (int k = 0; k < 2; k++) {
        free(L->kept[k].icl);
        free(L->kept[k].ired);
        free(L->kept[k].take);
        free(L->kept[k].site);
    }
    free(L->kc_pend);
    memset(L, 0, sizeof *L);
}

jh_status fac_lag_init(fac_lag *L, const fac_inst *in, int p, bool capacitated)
{
    memset(L, 0, sizeof *L);
    L->in = in;
    L->p = p;
    L->cap = capacitated && in->cap;
    L->deadline = INFINITY;
    size_t nc = in->nc ? in->nc : 1, nf = in->nf ? in->nf : 1;
    size_t np = in->start[in->nc] ? in->start[in->nc] : 1;
    L->v = malloc(nf * sizeof *L->v);
    L->g = malloc(nc * sizeof *L->g);
    L->state = calloc(nf, sizeof *L->state);
    L->chosen = calloc(nf, sizeof *L->chosen);
    L->order = malloc(nf * sizeof *L->order);
    L->icnt = malloc(nf * sizeof *L->icnt);
    L->istart = malloc((nf + 1) * sizeof *L->istart);
    L->iclient = malloc(np * sizeof *L->iclient);
    L->ired = malloc(np * sizeof *L->ired);
    L->take = malloc(np * sizeof *L->take);
    L->ratio_idx = malloc(nc * sizeof *L->ratio_idx);
    L->ratio = malloc(nc * sizeof *L->ratio);
    if (!L->v || !L->g || !L->state || !L->chosen || !L->order || !L->icnt
        || !L->istart || !L->iclient || !L->ired || !L->take || !L->ratio_idx
        || !L->ratio) {
        fac_lag_free(L);
        return JH_ERR_RUN;
    }
    for (size_t f = 0; f < in->nf; f++)
        L->state[f] = !in->allowed[f] ? -1 : in->fixed[f] ? 1 : 0;
    /* Whole-number data (to 1e-9 relative: costs read back from text,
     * e.g. a distance divided by the demand and multiplied again, carry
     * rounding noise): the bound rounds up and the knapsacks are exact. */
    L->integral = true;
    for (size_t q = 0; q < in->start[in->nc] && L->integral; q++)
        if (fabs(in->e[q] - nearbyint(in->e[q])) > 1e-9 * (1 + fabs(in->e[q])) || in->e[q] > 1e12)
            L->integral = false;
    L->dp_ok = L->cap;
    if (L->cap) {
        L->pstate = calloc(np, sizeof *L->pstate);
        L->cforce = malloc(nc * sizeof *L->cforce);
        L->capred = calloc(nf, sizeof *L->capred);
        L->pending = calloc(nf, sizeof *L->pending);
        L->ford = malloc(nf * sizeof *L->ford);
        L->heap = malloc((nf + 1) * sizeof *L->heap);
        if (!L->pstate || !L->cforce || !L->capred || !L->pending || !L->ford || !L->heap) {
            fac_lag_free(L);
            return JH_ERR_RUN;
        }
        for (size_t c = 0; c < in->nc; c++)
            L->cforce[c] = -1;
        for (size_t c = 0; c < in->nc && L->dp_ok; c++)
            if (in->w[c] != floor(in->w[c]) || in->w[c] > 1e6)
                L->dp_ok = false;
        double mc = 0;
        for (size_t f = 0; f < in->nf && L->dp_ok; f++) {
            if (in->cap[f] != floor(in->cap[f]) || in->cap[f] > 1e6)
                L->dp_ok = false;
            if (in->cap[f] > mc)
                mc = in->cap[f];
        }
        if (L->dp_ok) {
            L->dp_w = (size_t)mc + 1;
            /* the table: up to FAC_KNAP_DP_MAX cells of items, and the
             * row before the first */
            L->dp = malloc(((size_t)FAC_KNAP_DP_MAX + L->dp_w) * sizeof *L->dp);
            L->dp_wt = malloc(nc * sizeof *L->dp_wt);
            if (!L->dp || !L->dp_wt) {
                fac_lag_free(L);
                return JH_ERR_RUN;
            }
            for (size_t c = 0; c < in->nc; c++)
                L->dp_wt[c] = (size_t)in->w[c];
        }
        /* the knapsacks kept (when a little memory does it) */
        if (np <= FAC_KNAP_KEEP_PAIRS) {
            bool ok = (L->kc_pend = calloc(nf, sizeof *L->kc_pend));
            for (int k = 0; k < 2 && ok; k++) {
                fac_lag_kept *K = &L->kept[k];
                ok = (K->icl = malloc(np * sizeof *K->icl)) &&
                     (K->ired = malloc(np * sizeof *K->ired)) &&
                     (K->take = malloc(np * sizeof *K->take)) &&
                     (K->site = malloc(nf * sizeof *K->site));
                for (size_t f = 0; ok && f < nf; f++)
                    K->site[f].n = SIZE_MAX;
            }
            if (!ok) {
                fac_lag_free(L);
                return JH_ERR_RUN;
            }
            L->kc_in = in;
        }
    }
    return JH_OK;
}

/* The knapsack table of n items (item k: weight wt[icl[k]], profit -ired[k];
 * rest: their total weight, above C) into T, rows of R = C + 1 cells:
 * T[k + 1][x] = the best profit within x over the items up to k, each
 * row from T[k + 1][x] = max(T[k][x], T[k][x - wk] + pk). An add and a
 * max per cell, exact in any vector width (no product to fuse), so the
 * AVX2 copy the GNU toolchain builds beside the plain one (chosen by the
 * processor when the program loads) gives the same figures on every
 * machine, in half the steps. pre[k] = the weight of the items up to k
 * (uncapped); returns the cells of whole rows (the work count). */
/* row[x] = max(prev[x], prev[x - wk] + pk) for x in [lo, hi] (its own
 * function so that the two rows are known apart: no overlap tests) */
static inline __attribute__((always_inline)) void
knap_cells(double *restrict row, const double *restrict prev, size_t wk, double pk, size_t lo, size_t hi)
{
    for (size_t m = hi + 1 > lo ? hi + 1 - lo : 0, i = 0; i < m; i++) {
        double o = prev[lo + i], t = prev[lo + i - wk] + pk;
        row[lo + i] = t > o ? t : o;
    }
}

/* row[x] = top for x in [lo, hi] */
static inline __attribute__((always_inline)) void
knap_top(double *restrict row, size_t lo, size_t hi, double top)
{
    for (size_t m = hi + 1 > lo ? hi + 1 - lo : 0, i = 0; i < m; i++)
        row[lo + i] = top;
}

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static size_t knap_table(double *restrict T, size_t C, size_t n, const int *restrict icl,
                         const double *restrict ired, const size_t *restrict wt, size_t rest,
                         int *restrict pre)
{
    size_t R = C + 1, W = 0, cells = 0;
    T[0] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t wk = wt[icl[k]];
        double pk = -ired[k];
        size_t hi = W + wk < C ? W + wk : C;
        /* Only x >= C - (the weight of the items after k) is ever read
         * again (by the next rows or the walk back from C): the row
         * starts there (the items' total weight exceeds C, so the cells
         * it reads, from C - the weight of the items from k on, are set) */
        rest -= wk;
        size_t from = C > rest ? C - rest : 0;
        double *restrict prev = T + k * R, *restrict row = prev + R;
        /* the cells of the row before past its items' weight, where every
         * item fits (counted loops: they vectorise) */
        knap_top(prev, W + 1, hi, prev[W]);
        size_t lo = wk <= hi ? wk : hi + 1;
        if (lo > from)
            memcpy(row + from, prev + from, (lo - from) * sizeof *row);
        knap_cells(row, prev, wk, pk, lo > from ? lo : from, hi);
        /* the work counts whole rows, as when every cell was set */
        cells += hi + 1;
        W += wk;
        pre[k] = (int)W;
        if (W > C)
            W = C;
    }
    return cells;
}

/* The best knapsack of facility f's items [a, b) (profit -ired, weight
 * w): sets take[] (1 taken, fractions for the LP bound) and returns the
 * (negative) value. With lp_only, the linear relaxation's value (a lower
 * bound of the exact one) and *pend = whether the exact one differs (it
 * would be computed by dynamic programming). */
static double knapsack_solve(fac_lag *L, int f, size_t a, size_t b, bool lp_only, bool *pend)
{
    const fac_inst *in = L->in;
    double capf = in->cap[f] - L->capred[f], tw = 0, val = 0;
    if (pend)
        *pend = false;
    for (size_t k = a; k < b; k++) {
        tw += in->w[L->iclient[k]];
        val += L->ired[k];
    }
    if (tw <= capf + 1e-9) {
        for (size_t k = a; k < b; k++)
            L->take[k] = 1;
        L->work += (long)(b - a);
        return val;
    }
    size_t n = b - a, C = (size_t)floor(capf + 1e-9);
    bool dp = L->dp_ok && (double)n * (double)(C + 1) <= FAC_KNAP_DP_MAX;
    if (pend)
        *pend = dp && lp_only;
    if (dp && !lp_only) {
        /* T[k + 1][x] = the best profit within x over the items up to k;
         * past their total weight W every item fits, so only x <= min(C,
         * W) is computed (the rest is T[k][W], all taken: profits are >
         * 0). Item k is taken at x when it raised the figure there: its
         * row differs from the one before (the one-row update from the
         * top down with a mark per cell gives the same figures and
         * choices, with a branch per cell; this loop vectorises) */
        size_t R = C + 1;
        double *T = L->dp;
        int *pre = L->ratio_idx;
        const size_t *wt = L->dp_wt;
        size_t cells = knap_table(T, C, n, L->iclient + a, L->ired + a, wt,
                                  (size_t)nearbyint(tw), pre);
        L->work += (long)cells / FAC_KNAP_CELLS_PER_WORK;
        size_t x = C;
        for (size_t k = n; k-- > 0;) {
            if (x >= (size_t)pre[k]) {
                for (size_t j = 0; j <= k; j++)
                    L->take[a + j] = 1;   /* everything up to k fits */
                break;
            }
            if (T[(k + 1) * R + x] != T[k * R + x]) {
                L->take[a + k] = 1;
                x -= wt[L->iclient[a + k]];
            } else {
                L->take[a + k] = 0;
            }
        }
        return -T[n * R + C];
    }
    /* LP relaxation: best profit per unit of demand first (ties by
     * place in f's list). The ratios first, in a loop of their own (the
     * divisions overlap, where an insertion that waits for each one
     * cannot start it before its mispredicted stop). Short lists sorted
     * in place by insertion, the ratios moved with their items (no
     * lookups through idx): the order of sort_vf. */
    int *idx = L->ratio_idx;
    double *r = L->ratio;
    for (size_t k = 0; k < n; k++)
        r[k] = L->ired[a + k] / in->w[L->iclient[a + k]];
    if (n <= 48) {
        for (size_t k = 0; k < n; k++) {
            double x = r[k];
            size_t j = k;
            while (j > 0 && r[j - 1] > x) {
                r[j] = r[j - 1];
                idx[j] = idx[j - 1];
                j--;
            }
            r[j] = x;
            idx[j] = (int)k;
        }
    } else {
        for (size_t k = 0; k < n; k++)
            idx[k] = (int)k;
        sort_vf(idx, n, r);
    }
    L->work += (long)n * 8;
    double room = capf, v = 0;
    for (size_t k = 0; k < n; k++) {
        size_t e = a + (size_t)idx[k];
        double wk = in->w[L->iclient[e]];
        if (room <= 0) {
            L->take[e] = 0;
        } else if (wk <= room) {
            L->take[e] = 1;
            v += L->ired[e];
            room -= wk;
        } else {
            L->take[e] = room / wk;
            v += L->ired[e] * L->take[e];
            room = 0;
        }
    }
    L->work += (long)n;
    return v;
}

/* The items (clients, reduced costs to the bit) the same as the kept
 * ones? In line: most lists are short and differ at their first cost. */
static bool same_items(const int *kcl, const double *kred, const int *icl, const double *ired,
                       size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint64_t x, y;
        memcpy(&x, &kred[k], sizeof x);
        memcpy(&y, &ired[k], sizeof y);
        if (x != y || kcl[k] != icl[k])
            return false;
    }
    return true;
}

/* knapsack_solve, or what it gave for the same facility, items and
 * capacity the last time (the subgradient steps leave some facilities'
 * items as they were, the nodes' first steps repeat their parent's
 * multipliers): the same value, choices, work and pending flag. */
static double knapsack(fac_lag *L, int f, size_t a, size_t b, bool lp_only, bool *pend)
{
    if (L->kc_in != L->in || !L->kc_in)
        return knapsack_solve(L, f, a, b, lp_only, pend);
    double capf = L->in->cap[f] - L->capred[f];
    size_t n = b - a;
    fac_lag_kept *K = &L->kept[lp_only ? 0 : 1];
    fac_lag_kept_site *site = &K->site[f];
    if (site->n == n && memcmp(&site->cap, &capf, sizeof capf) == 0 &&
        same_items(K->icl + a, K->ired + a, L->iclient + a, L->ired + a, n)) {
        memcpy(L->take + a, K->take + a, n * sizeof *L->take);
        L->work += site->work;
        if (pend)
            *pend = L->kc_pend[f];
        return site->val;
    }
    long w0 = L->work;
    bool pd = false;
    double v = knapsack_solve(L, f, a, b, lp_only, &pd);
    if (pend)
        *pend = pd;
    if (lp_only)
        L->kc_pend[f] = pd;
    memcpy(K->icl + a, L->iclient + a, n * sizeof *L->iclient);
    memcpy(K->ired + a, L->ired + a, n * sizeof *L->ired);
    memcpy(K->take + a, L->take + a, n * sizeof *L->take);
    *site = (fac_lag_kept_site){.n = n, .cap = capf, .val = v, .work = L->work - w0};
    return v;
}

/* Puts the k smallest of order[0..n) (by v, then index: the total order of
 * cmp_vf) first, the k-th smallest at k - 1 and the (k+1)-th at k: what a
 * full sort would leave at those places, in O(n) expected steps and the
 * same for every run (the pivot is the middle element). */
static bool vf_less(const double *v, int x, int y)
{
    return v[x] < v[y] || (v[x] == v[y] && x < y);
}

static void vf_select(int *order, int n, int k, const double *v)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int pv = order[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (vf_less(v, order[i], pv))
                i++;
            while (vf_less(v, pv, order[j]))
                j--;
            if (i <= j) {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
}

/* order[k] = the smallest of order[k..n) (by the total order). */
static void vf_min_to(int *order, int n, int k, const double *v)
{
    int b = k;
    for (int t = k + 1; t < n; t++)
        if (vf_less(v, order[t], order[b]))
            b = t;
    int x = order[k];
    order[k] = order[b];
    order[b] = x;
}

/* heap of facilities, the largest (by the total order of vf_less) on top */
static void heap_down(int *h, int n, int i, const double *v)
{
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && vf_less(v, h[m], h[l]))
            m = l;
        if (r < n && vf_less(v, h[m], h[r]))
            m = r;
        if (m == i)
            return;
        int t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void heap_up(int *h, int i, const double *v)
{
    while (i > 0 && vf_less(v, h[(i - 1) / 2], h[i])) {
        int t = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

/* The knapsack values of the capacitated relaxation, exact only where
 * they matter: each free facility's LP bound first (v_f >= it), then,
 * by that bound ascending, the exact values until the next bound exceeds
 * the (need + 1)-th smallest exact value: every facility left has
 * v_f >= its bound > that value, so the need chosen and the smallest of
 * the rest (all eval's callers look at) are exact, and the others' v is
 * a lower bound (what reduced-cost fixing may use). Facilities forced
 * open are always exact. */
static void lazy_knapsacks(fac_lag *L)
{
    const fac_inst *in = L->in;
    size_t nf = in->nf;
    double *v = L->v;
    int nfree = 0, forced = 0;
    for (size_t f = 0; f < nf; f++) {
        L->pending[f] = false;
        if (L->state[f] < 0) {
            v[f] = 0;
        } else if (L->state[f] > 0) {
            forced++;
            v[f] = knapsack(L, (int)f, L->istart[f], L->icnt[f], false, NULL);
        } else {
            v[f] = knapsack(L, (int)f, L->istart[f], L->icnt[f], true, &L->pending[f]);
            L->ford[nfree++] = (int)f;
        }
    }
    int k = L->p - forced + 1;
    if (k > nfree)
        k = nfree;
    if (k <= 0)
        return;
    sort_vf(L->ford, (size_t)nfree, v);
    L->work += (long)nfree * 4;
    int *h = L->heap, hn = 0;
    for (int t = 0; t < nfree; t++) {
        int f = L->ford[t];
        if (hn == k && vf_less(v, h[0], f))
            break;                    /* bounds only grow from here */
        if (L->pending[f]) {
            v[f] = knapsack(L, f, L->istart[f], L->icnt[f], false, NULL);
            L->pending[f] = false;
        }
        if (hn < k) {
            h[hn] = f;
            heap_up(h, hn++, v);
        } else if (vf_less(v, f, h[0])) {
            h[0] = f;
            heap_down(h, hn, 0, v);
        }
    }
}

/* The uncapacitated relaxation: v_f accumulated client by client (the
 * order the item lists of the capacitated case give, so the sums are the
 * same), no item lists. Counts the same work as the item-list pass: per
 * client, the pairs of its prefix (cost below lambda) that are not closed,
 * plus the prefix, plus one. The hot loop of the bound: a client whose
 * whole list is cheaper than lambda is walked without the cost test, any
 * other one without the end test (its last pair stops the walk), and the
 * closed pairs are counted instead of the others. A closed facility's pairs
 * are added too, without a branch (whether a facility is closed is the
 * walk's least predictable test): its v is thrown away (set to 0 where the
 * facilities are chosen), and the others' sums are the same. Inlined with
 * count_closed a constant: false when no facility is closed (the root's
 * first ascent), where the count is 0 without looking. */
static inline __attribute__((always_inline)) long walk_uncap(fac_lag *L, const double *lam,
                                                             bool count_closed)
{
    const fac_inst *in = L->in;
    size_t nc = in->nc;
    const signed char *restrict state = L->state;
    const double *restrict E = in->e;
    const int *restrict F = in->fac;
    const size_t *restrict start = in->start;
    double *restrict v = L->v;
    long work = 0;
    for (size_t c = 0; c < nc; c++) {
        double lc = lam[c];
        size_t a = start[c], b = start[c + 1], q = a;
        long closed = 0;
        if (a == b) {
            /* no pairs */
        } else if (E[b - 1] < lc) {
            for (; q < b; q++) {
                int f = F[q];
                if (count_closed)
                    closed += state[f] < 0;
                v[f] += E[q] - lc;
            }
        } else {
            for (;; q++) {
                double e = E[q];
                if (e >= lc)
                    break;
                int f = F[q];
                if (count_closed)
                    closed += state[f] < 0;
                v[f] += e - lc;
            }
        }
        work += 2 * (long)(q - a) - closed + 1;
    }
    return work;
}

static void eval_uncap(fac_lag *L, const double *lam)
{
    size_t nf = L->in->nf;
    bool any_closed = false;
    for (size_t f = 0; f < nf; f++) {
        L->v[f] = 0;
        any_closed |= L->state[f] < 0;
    }
    long work = any_closed ? walk_uncap(L, lam, true) : walk_uncap(L, lam, false);
    L->work += work;
    L->prefix = (size_t)work;
}

#if defined(__GNUC__)
typedef double lag_v4d __attribute__((vector_size(32)));
typedef long long lag_v4l __attribute__((vector_size(32)));
#endif

/* g[c] -= 1 for each client c whose cost rcf[c] (to a chosen facility)
 * is below lam[c]: with the GNU vector extension, four clients a step,
 * the comparison's mask and-ed with 1.0 (no branch on the data; the
 * same 1 or 0 subtracted, so the same figures); AVX2 when the processor
 * has it (chosen when the program loads), else two SSE2 halves. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static void count_below(double *restrict g, const double *restrict rcf, const double *restrict lam,
                        size_t nc)
{
    size_t c = 0;
#if defined(__GNUC__)
    const lag_v4d one = {1.0, 1.0, 1.0, 1.0};
    for (; c + 4 <= nc; c += 4) {
        lag_v4d e, l, x;
        memcpy(&e, rcf + c, sizeof e);
        memcpy(&l, lam + c, sizeof l);
        memcpy(&x, g + c, sizeof x);
        lag_v4l m = e < l;
        x -= (lag_v4d)(m & (lag_v4l)one);
        memcpy(g + c, &x, sizeof x);
    }
#endif
    for (; c < nc; c++)
        g[c] -= rcf[c] < lam[c] ? 1.0 : 0.0;
}

/* The costs of the pairs in the order of the reverse index (by
 * facility), built for the instance L works on now (the branch-and-bound
 * swaps it for a smaller one below its root), or NULL when out of memory. */
static const double *reverse_costs(fac_lag *L)
{
    const fac_inst *in = L->in;
    if (L->rcost && L->rcost_of == in->rpair)
        return L->rcost;
    size_t np = in->rstart[in->nf];
    if (!L->rcost || np > L->rcost_n) {
        free(L->rcost);
        L->rcost = malloc((np ? np : 1) * sizeof *L->rcost);
        L->rcost_n = L->rcost ? np : 0;
        L->rcost_of = NULL;
        if (!L->rcost)
            return NULL;
    }
    for (size_t r = 0; r < np; r++)
        L->rcost[r] = in->e[in->rpair[r]];
    L->rcost_of = in->rpair;
    return L->rcost;
}

double fac_lag_eval(fac_lag *L, const double *lam, bool subgrad, double *norm)
{
    const fac_inst *in = L->in;
    size_t nc = in->nc, nf = in->nf;
    double sum = 0;
    if (!L->cap) {
        for (size_t c = 0; c < nc; c++)
            sum += lam[c];
        eval_uncap(L, lam);
        goto choose;
    }
    for (size_t f = 0; f < nf; f++)
        if (L->capred[f] > in->cap[f] + 1e-9) {
            L->feasible = false;              /* forced clients overfill f */
            return INFINITY;
        }
    /* f's items go to its slots of the reverse index (room for each
     * client that reaches it), by client as the clients come: one pass.
     * Every pair below lambda is written at its facility's next slot,
     * which only a pair that counts moves on, without a branch (whether
     * a facility is closed is the walk's least predictable test): by one
     * less the sign bit of the facility's and the pair's states or-ed
     * (either negative: closed or forbidden). The others are overwritten
     * by the next item or left past the end (a closed facility's list
     * stays empty; a client that reaches f has a slot there). */
    const double *restrict E = in->e;
    const int *restrict F = in->fac;
    const size_t *restrict S = in->start;
    const signed char *restrict st = L->state, *restrict ps = L->pstate;
    const long *restrict cf = L->cforce;
    size_t *restrict icnt = L->icnt;
    int *restrict icl = L->iclient;
    double *restrict ired = L->ired;
    for (size_t f = 0; f <= nf; f++)
        L->istart[f] = in->rstart[f];
    memcpy(icnt, in->rstart, nf * sizeof *icnt);
    long work = 0;
    for (size_t c = 0; c < nc; c++) {
        if (cf[c] >= 0) {
            sum += E[cf[c]];                  /* a constant of the node */
            continue;
        }
        double lc = lam[c];
        sum += lc;
        size_t a = S[c], b = S[c + 1], q = a;
        for (; q < b; q++) {
            double e = E[q];
            if (e >= lc)
                break;
            int f = F[q];
            size_t k = icnt[f];
            icl[k] = (int)c;
            ired[k] = e - lc;
            icnt[f] = k + 1 - (size_t)((unsigned char)(st[f] | ps[q]) >> 7);
        }
        work += (long)(q - a) + 1;
    }
    L->work += work;
    /* icnt[f] now marks the end of f's items */
    lazy_knapsacks(L);
choose:;
    int forced = 0, nfree = 0;
    for (size_t f = 0; f < nf; f++) {
        L->chosen[f] = false;
        if (L->state[f] < 0) {
            L->v[f] = 0;
            continue;
        }
        if (L->state[f] > 0) {
            forced++;
            L->chosen[f] = true;
            sum += L->v[f];
        } else {
            L->order[nfree++] = (int)f;
        }
    }
    L->n_free = nfree;
    int need = L->p - forced;
    if (need < 0 || need > nfree) {
        L->feasible = false;
        return INFINITY;
    }
    L->feasible = true;
    /* The need smallest first, the largest of them at need - 1 and the
     * smallest of the rest at need (all the callers look at). */
    if (need > 0 && need < nfree) {
        vf_select(L->order, nfree, need - 1, L->v);
        vf_min_to(L->order, nfree, need, L->v);
    }
    L->work += (long)nfree;
    /* the chosen values summed smallest first, as a sorted order would */
    if (need > 1)
        sort_vf(L->order, (size_t)need - 1, L->v);
    for (int t = 0; t < need; t++) {
        sum += L->v[L->order[t]];
        L->chosen[L->order[t]] = true;
    }
    L->need = need;
    if (subgrad) {
        double nn = 0;
        if (!L->cap && (size_t)L->p * nc < L->prefix) {
            /* few open: the chosen facilities' clients by the reverse
             * index (the same counts as the clients' lists give), their
             * costs read in the reverse index's order when there is room
             * for that copy (reading them through the pairs jumps all over
             * the cost table) */
            for (size_t c = 0; c < nc; c++)
                L->g[c] = 1;
            const double *rc = reverse_costs(L);
            for (size_t f = 0; f < nf; f++) {
                if (!L->chosen[f])
                    continue;
                const int *restrict rcl = in->rclient;
                double *restrict g = L->g;
                if (rc && in->rstart[f + 1] - in->rstart[f] == nc) {
                    /* every client reaches f: its entries are the clients
                     * in order (the index is built client by client), so
                     * a plain loop over them, four at a time */
                    count_below(g, rc + in->rstart[f], lam, nc);
                    continue;
                }
                if (rc) {
                    for (size_t r = in->rstart[f]; r < in->rstart[f + 1]; r++) {
                        int c = rcl[r];
                        g[c] -= rc[r] < lam[c];
                    }
                    continue;
                }
                for (size_t r = in->rstart[f]; r < in->rstart[f + 1]; r++) {
                    int c = rcl[r];
                    if (in->e[in->rpair[r]] < lam[c])
                        g[c] -= 1;
                }
            }
            for (size_t c = 0; c < nc; c++)
                nn += L->g[c] * L->g[c];
            *norm = nn;
            return sum;
        }
        if (!L->cap) {
            const bool *ch = L->chosen;
            for (size_t c = 0; c < nc; c++) {
                double lc = lam[c], g = 1;
                for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                    if (in->e[q] >= lc)
                        break;
                    if (ch[in->fac[q]])
                        g -= 1;
                }
                L->g[c] = g;
                nn += g * g;
            }
            *norm = nn;
            return sum;
        }
        for (size_t c = 0; c < nc; c++)
            L->g[c] = 1;
        for (size_t f = 0; f < nf; f++)
            if (L->chosen[f])
                for (size_t k = L->istart[f]; k < L->icnt[f]; k++)
                    L->g[L->iclient[k]] -= L->take[k];
        for (size_t c = 0; c < nc; c++) {
            if (L->cforce[c] >= 0)
                L->g[c] = 0;
            nn += L->g[c] * L->g[c];
        }
        *norm = nn;
    }
    return sum;
}

double fac_lag_round(const fac_lag *L, double b)
{
    if (!isfinite(b))
        return b;
    if (L->integral)
        return ceil(b - 1e-6 * (1.0 + fabs(b)));
    return b;
}

double fac_lag_ascent(fac_lag *L, double *lam, double *best_lam, double ub,
                      int iters, double theta, long work_cap)
{
    size_t nc = L->in->nc;
    double best = -INFINITY;
    int stall = 0;
    for (int it = 0; it < iters && L->work < work_cap; it++) {
        if (isfinite(L->deadline) && fac_now() > L->deadline) {
            L->timed_out = true;
            L->work = work_cap;       /* the callers stop on work */
            break;
        }
        double norm = 0;
        double v = fac_lag_eval(L, lam, true, &norm);
        if (!L->feasible)
            return INFINITY;
        if (L->ybar) {
            /* the relaxed layouts averaged, recent steps weighing most
             * (O(nf) a step, left out of the work count) */
            const fac_inst *in = L->in;
            for (size_t f = 0; f < in->nf; f++)
                L->ybar[f] = it == 0 ? L->chosen[f] : 0.8 * L->ybar[f] + 0.2 * L->chosen[f];
        }
        if (it == 0 || v > best + 1e-12 * (1 + fabs(best))) {
            best = v;
            memcpy(best_lam, lam, nc * sizeof *lam);
            stall = 0;
        } else if (++stall >= 15) {
            theta /= 2;
            stall = 0;
        }
        if (fac_lag_round(L, best) >= ub - 1e-9 * (1 + fabs(ub)))
            break;                    /* nothing better than ub here */
        if (norm == 0 || theta < 1e-4)
            break;
        double gap = ub - v;
        if (gap <= 0)
            gap = 1e-3 * (1 + fabs(ub));
        double step = theta * gap / norm;
        for (size_t c = 0; c < nc; c++) {
            lam[c] += step * L->g[c];
            if (lam[c] < 0)
                lam[c] = 0;
        }
    }
    return best;
}

void fac_lag_start(const fac_inst *in, double *lam)
{
    /* Each client's second cheapest cost (or its only one). */
    for (size_t c = 0; c < in->nc; c++) {
        size_t a = in->start[c], b = in->start[c + 1];
        lam[c] = b - a >= 2 ? in->e[a + 1] : (b > a ? in->e[a] : 0);
    }
}
