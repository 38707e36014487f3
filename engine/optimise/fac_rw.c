/*
 * fac_rw: Resende & Werneck's incremental swap evaluation for the
 * uncapacitated objective ("A fast swap-based local search procedure for
 * location problems", 2007). Each client contributes to gain (facilities
 * that would serve it better), loss (what closing its nearest costs) and
 * extra (the correction when the facility swapped in replaces the one
 * swapped out for it). A move only touches the clients near the two
 * facilities involved, so their contributions are taken out, the move
 * made, and the contributions put back — no full recomputation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

jh_status fac_rw_init(fac_rw *rw, const fac_inst *in, jh_error *err)
{
    memset(rw, 0, sizeof *rw);
    rw->in = in;
    size_t nc = in->nc ? in->nc : 1, nf = in->nf ? in->nf : 1;
    rw->open = calloc(nf, sizeof *rw->open);
    rw->f1 = malloc(nc * sizeof *rw->f1);
    rw->f2 = malloc(nc * sizeof *rw->f2);
    rw->d1 = malloc(nc * sizeof *rw->d1);
    rw->d2 = malloc(nc * sizeof *rw->d2);
    rw->q1 = malloc(nc * sizeof *rw->q1);
    rw->q2 = malloc(nc * sizeof *rw->q2);
    rw->qi = malloc(nc * sizeof *rw->qi);
    rw->gain = calloc(nf, sizeof *rw->gain);
    rw->loss = calloc(nf, sizeof *rw->loss);
    rw->row = calloc(nf, sizeof *rw->row);
    rw->row_n = calloc(nf, sizeof *rw->row_n);
    rw->row_cap = calloc(nf, sizeof *rw->row_cap);
    rw->stamp = calloc(nf, sizeof *rw->stamp);
    rw->mark = calloc(nc, sizeof *rw->mark);
    rw->touched = malloc(nc * sizeof *rw->touched);
    rw->open_list = malloc(nf * sizeof *rw->open_list);
    rw->merge = malloc(nf * sizeof *rw->merge);
    rw->dirty = calloc(nf, sizeof *rw->dirty);
    rw->dirty_list = malloc(nf * sizeof *rw->dirty_list);
    rw->hint = calloc(in->start[in->nc] ? in->start[in->nc] : 1, sizeof *rw->hint);
    if (in->nf <= FAC_RW_POS_MAX_NF)
        rw->pos = calloc(nf * nf, sizeof *rw->pos);
    /* Exact: every weighted cost and U whole numbers, and nc times twice
     * the largest within 2^52, so every share (at most twice the largest
     * in size) and every sum of one share per client is a whole number a
     * double holds exactly: the tables do not depend on the order of
     * their terms, so on the swaps that led to a layout. */
    double big = fabs(in->U);
    rw->exact = big == nearbyint(big);
    for (size_t q = 0; q < in->start[in->nc] && rw->exact; q++) {
        double e = fabs(in->e[q]);
        if (e != nearbyint(e))
            rw->exact = false;
        if (e > big)
            big = e;
    }
    if (rw->exact && 2.0 * big * (double)(in->nc + 1) > 4503599627370496.0)
        rw->exact = false;
    if (!rw->hint || (in->nf <= FAC_RW_POS_MAX_NF && !rw->pos) || !rw->open || !rw->f1 || !rw->f2 || !rw->d1 || !rw->d2 || !rw->q1
        || !rw->q2 || !rw->qi || !rw->gain
        || !rw->loss || !rw->row || !rw->row_n || !rw->row_cap || !rw->stamp
        || !rw->mark || !rw->touched || !rw->open_list || !rw->merge || !rw->dirty
        || !rw->dirty_list) {
        fac_rw_free(rw);
        return jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
    }
    return JH_OK;
}

void fac_rw_free(fac_rw *rw)
{
    if (!rw)
        return;
    free(rw->open);
    free(rw->f1);
    free(rw->f2);
    free(rw->d1);
    free(rw->d2);
    free(rw->q1);
    free(rw->q2);
    free(rw->qi);
    free(rw->gain);
    free(rw->loss);
    if (rw->row)
        for (size_t f = 0; f < rw->in->nf; f++)
            free(rw->row[f]);
    free(rw->row);
    free(rw->row_n);
    free(rw->row_cap);
    free(rw->stamp);
    free(rw->mark);
    free(rw->touched);
    free(rw->open_list);
    free(rw->merge);
    free(rw->dirty);
    free(rw->dirty_list);
    free(rw->hint);
    free(rw->pos);
    free(rw->ex);
    free(rw->slot);
    free(rw->free_slot);
    free(rw->bx);
    memset(rw, 0, sizeof *rw);
}

void fac_rw_dense(fac_rw *rw, int p)
{
    size_t nf = rw->in->nf;
    if (!rw->exact || nf == 0 || nf > FAC_RW_DENSE_MAX_NF || rw->ex
        || (double)FAC_RW_DENSE_SHARE * p >= (double)nf)
        return;
    /* calloc: the rows never handed out stay untouched */
    rw->ex = calloc(nf * nf, sizeof *rw->ex);
    rw->slot = malloc(nf * sizeof *rw->slot);
    rw->free_slot = malloc(nf * sizeof *rw->free_slot);
    rw->bx = malloc(nf * sizeof *rw->bx);
    if (!rw->ex || !rw->slot || !rw->free_slot || !rw->bx) {
        free(rw->ex);
        free(rw->slot);
        free(rw->free_slot);
        free(rw->bx);
        rw->ex = rw->bx = NULL;
        rw->slot = rw->free_slot = NULL;
        return;
    }
    for (size_t f = 0; f < nf; f++)
        rw->slot[f] = -1;
    rw->n_slot = rw->n_free_slot = 0;
    /* the sparse rows' lookups are not used any more */
    free(rw->hint);
    free(rw->pos);
    rw->hint = NULL;
    rw->pos = NULL;
}

/* Dense table: open facility f's row of ex, extra(i, f) at [i]. */
static inline double *dense_row(const fac_rw *rw, int f)
{
    return rw->ex + (size_t)rw->slot[f] * rw->in->nf;
}

/* Dense table: open facility f gets a row of ex (a freed one, or the
 * next never used: either is all zero). */
static inline void slot_take(fac_rw *rw, int f)
{
    rw->slot[f] = rw->n_free_slot > 0 ? rw->free_slot[--rw->n_free_slot] : rw->n_slot++;
}

/* Dense table: closed f gives its row back. It is all zero: every client
 * whose nearest was f took its share out (whole numbers, so exactly) and
 * the cells of open facilities were cleared when they opened. */
static inline void slot_give(fac_rw *rw, int f)
{
    rw->free_slot[rw->n_free_slot++] = rw->slot[f];
    rw->slot[f] = -1;
}

/* Facility f's loss or state changed: its place in open_list is redone. */
static inline void mark_dirty(fac_rw *rw, int f)
{
    if (!rw->dirty[f]) {
        rw->dirty[f] = 1;
        rw->dirty_list[rw->n_dirty++] = f;
    }
}

#define NO_PAIR ((size_t)-1)

/* Client c's nearest and second-nearest open facility from the pairs at
 * positions q1 and q2 of the lists (NO_PAIR: none). */
static inline void set_nearest(fac_rw *rw, size_t c, size_t q1, size_t q2)
{
    const fac_inst *in = rw->in;
    rw->q1[c] = q1;
    rw->q2[c] = q2;
    rw->f1[c] = q1 != NO_PAIR ? in->fac[q1] : -1;
    rw->d1[c] = q1 != NO_PAIR ? in->e[q1] : in->U;
    rw->f2[c] = q2 != NO_PAIR ? in->fac[q2] : -1;
    rw->d2[c] = q2 != NO_PAIR ? in->e[q2] : in->U;
}

/* Nearest and second-nearest open facility of client c: the first two
 * open ones of its list. */
static void nearest_two(fac_rw *rw, size_t c)
{
    const fac_inst *in = rw->in;
    size_t got[2] = {NO_PAIR, NO_PAIR};
    int n = 0;
    for (size_t q = in->start[c]; q < in->start[c + 1] && n < 2; q++)
        if (rw->open[in->fac[q]])
            got[n++] = q;
    set_nearest(rw, c, got[0], got[1]);
}

/* Every client's nearest two, the first two open of its list. With few
 * open (n_open^2 <= nf: a client walks about 2 nf / n_open pairs to find
 * them) by the open facilities' pairs instead: the two least positions
 * among them are the same two. */
static void nearest_all(fac_rw *rw)
{
    const fac_inst *in = rw->in;
    size_t nc = in->nc, nf = in->nf;
    if ((size_t)rw->n_open * (size_t)rw->n_open > nf) {
        for (size_t c = 0; c < nc; c++)
            nearest_two(rw, c);
        return;
    }
    size_t *restrict q1 = rw->q1, *restrict q2 = rw->q2;
    for (size_t c = 0; c < nc; c++)
        q1[c] = q2[c] = NO_PAIR;
    for (size_t f = 0; f < nf; f++) {
        if (!rw->open[f])
            continue;
        for (size_t k = in->rstart[f]; k < in->rstart[f + 1]; k++) {
            size_t c = (size_t)in->rclient[k], q = in->rpair[k];
            if (q < q1[c]) {
                q2[c] = q1[c];
                q1[c] = q;
            } else if (q < q2[c]) {
                q2[c] = q;
            }
        }
    }
    for (size_t c = 0; c < nc; c++)
        set_nearest(rw, c, q1[c], q2[c]);
}

/* Client c's nearest two after a swap (i opened, r closed; either may be
 * -1) from its two before (d1 < d2 or equal: the two least costs of its
 * open facilities, f1 at position q1, f2 at q2) and qi, the position of
 * i in its list when i costs less than d2 (else NO_PAIR). The open
 * facilities now cheaper than d2 are f1 (when cheaper than d2 and not r)
 * and i (at qi); the list is walked as nearest_two walks it only from
 * the first pair that costs d2: the same two, without walking the pairs
 * cheaper than d2 again. */
static void nearest_after(fac_rw *rw, size_t c, int r, size_t qi)
{
    const fac_inst *in = rw->in;
    if (rw->f2[c] < 0) {
        nearest_two(rw, c);
        return;
    }
    size_t a = in->start[c], b = in->start[c + 1], t = rw->q2[c];
    double d2 = rw->d2[c];
    while (t > a && in->e[t - 1] >= d2)
        t--;
    size_t x = rw->f1[c] != r && rw->d1[c] < d2 ? rw->q1[c] : NO_PAIR, y = qi;
    if (x > y) {
        size_t z = x;
        x = y;
        y = z;
    }
    size_t got[2] = {NO_PAIR, NO_PAIR};
    int n = 0;
    if (x != NO_PAIR)
        got[n++] = x;
    if (y != NO_PAIR)
        got[n++] = y;
    for (size_t q = t; q < b && n < 2; q++)
        if (rw->open[in->fac[q]])
            got[n++] = q;
    set_nearest(rw, c, got[0], got[1]);
}

/* The position table's cell for r in row i. Kept by r (the open one):
 * a client's contribution walks the closed sites near it with the same
 * r (its nearest), so its cells lie in one stretch of nf, and the cells
 * in use (p stretches) stay in the cache. */
static inline int *pos_cell(const fac_rw *rw, int i, int r)
{
    return rw->pos + (size_t)r * rw->in->nf + (size_t)i;
}

/* Where r is in row i, or -1. A row holds r once, so a position whose
 * entry is r is the answer; pos[i][r] (when kept) is set each time r is
 * put in row i, so it is right whenever r is there. */
static inline int row_find(const fac_rw *rw, int i, int r)
{
    const fac_rw_entry *e = rw->row[i];
    int n = rw->row_n[i];
    if (rw->pos) {
        int k = *pos_cell(rw, i, r);
        return k < n && e[k].r == r ? k : -1;
    }
    for (int k = 0; k < n; k++)
        if (e[k].r == r)
            return k;
    return -1;
}

/* extra(i, r) += v, for the client of pair q (to i). Entries of
 * facilities no longer open are dropped when the row grows, so a row
 * holds about the open facilities near i. A row holds r once: where the
 * pair last found it (its hint) is tried first, as a client's nearest
 * seldom changes between its contributions taken out and put back. */
static inline __attribute__((always_inline)) void extra_add(fac_rw *rw, int i, int r, double v, size_t q)
{
    fac_rw_entry *e = rw->row[i];
    int n = rw->row_n[i], h = rw->hint[q];
    if (h < n && e[h].r == r) {
        e[h].v += v;
        return;
    }
    int k = row_find(rw, i, r);
    if (k >= 0) {
        e[k].v += v;
        rw->hint[q] = k;
        return;
    }
    if (n == rw->row_cap[i]) {
        int m = 0;
        for (int k = 0; k < n; k++)
            if (rw->open[e[k].r] && e[k].v != 0) {
                if (rw->pos)
                    *pos_cell(rw, i, e[k].r) = m;
                e[m++] = e[k];
            }
        n = rw->row_n[i] = m;
        if (n * 2 > rw->row_cap[i] || rw->row_cap[i] == 0) {
            int cap = rw->row_cap[i] ? 2 * rw->row_cap[i] : 8;
            fac_rw_entry *g = realloc(e, (size_t)cap * sizeof *g);
            if (!g) {
                rw->oom = true;
                return;
            }
            rw->row[i] = e = g;
            rw->row_cap[i] = cap;
        }
    }
    e[n].r = r;
    e[n].v = v;
    if (rw->pos)
        *pos_cell(rw, i, r) = n;
    rw->row_n[i] = n + 1;
    rw->hint[q] = n;
}

/* Adds (sign +1) or removes (-1) client c's share of obj, gain, loss and
 * extra. Only pairs cheaper than d2 contribute; pairs are sorted, so the
 * walk is the ones cheaper than d1 (gain d1 - e, extra d2 - d1), then
 * those up to d2 (extra d2 - e): the same terms in the same order as one
 * walk taking the larger of e and d1. Inlined: sign and dense (extra in
 * the dense table: the row of c's nearest) fold away. */
static inline __attribute__((always_inline)) void contribute(fac_rw *rw, size_t c, double sign,
                                                             bool dense)
{
    const fac_inst *in = rw->in;
    double d1 = rw->d1[c], d2 = rw->d2[c];
    int f1 = rw->f1[c];
    rw->obj += sign * d1;
    size_t q = in->start[c], b = in->start[c + 1];
    if (f1 < 0) {
        for (; q < b; q++) {
            double e = in->e[q];
            if (e >= d2)
                break;
            int i = in->fac[q];
            if (rw->open[i])
                continue;
            if (e < d1)
                rw->gain[i] += sign * (d1 - e);
        }
        return;
    }
    rw->loss[f1] += sign * (d2 - d1);
    if (rw->sorted_ok)
        mark_dirty(rw, f1);
    double x = sign * (d2 - d1);
    double *restrict xr = dense ? dense_row(rw, f1) : NULL;
    /* d1 and d2 are the two least costs of c's open facilities (a client
     * the swaps did not touch keeps them), so no open facility costs less
     * than d1, and only f1 less than d2: the walks need not look at
     * rw->open */
    double lo = d1 < d2 ? d1 : d2;
    const double *restrict E = in->e;
    const int *restrict F = in->fac;
    double *restrict gain = rw->gain;
    for (; q < b; q++) {
        double e = E[q];
        if (e >= lo)
            break;
        int i = F[q];
        gain[i] += sign * (d1 - e);
        if (dense)
            xr[i] += x;
        else
            extra_add(rw, i, f1, x, q);
    }
    for (; q < b; q++) {
        double e = E[q];
        if (e >= d2)
            break;
        int i = F[q];
        if (i == f1)
            continue;
        if (dense)
            xr[i] += sign * (d2 - e);
        else
            extra_add(rw, i, f1, sign * (d2 - e), q);
    }
}

void fac_rw_set(fac_rw *rw, const bool *open)
{
    const fac_inst *in = rw->in;
    size_t nf = in->nf;
    if (rw->ex) {
        /* rows in use cleared, the new open ones numbered from 0: every
         * row from n_slot on is zero */
        for (size_t f = 0; f < nf; f++)
            if (rw->slot[f] >= 0) {
                memset(dense_row(rw, (int)f), 0, nf * sizeof *rw->ex);
                rw->slot[f] = -1;
            }
        rw->n_slot = rw->n_free_slot = 0;
        for (size_t f = 0; f < nf; f++)
            if (open[f])
                rw->slot[f] = rw->n_slot++;
    }
    memcpy(rw->open, open, nf * sizeof *open);
    rw->n_open = 0;
    for (size_t f = 0; f < nf; f++)
        rw->n_open += open[f];
    memset(rw->gain, 0, nf * sizeof *rw->gain);
    memset(rw->loss, 0, nf * sizeof *rw->loss);
    memset(rw->row_n, 0, nf * sizeof *rw->row_n);
    rw->obj = 0;
    for (int t = 0; t < rw->n_dirty; t++)
        rw->dirty[rw->dirty_list[t]] = 0;
    rw->n_dirty = 0;
    rw->sorted_ok = false;    /* before contribute: no marks needed */
    nearest_all(rw);
    for (size_t c = 0; c < in->nc; c++) {
        if (rw->ex)
            contribute(rw, c, 1.0, true);
        else
            contribute(rw, c, 1.0, false);
    }
}

/* mark 1: c's share is taken out and put back; mark 2 (exact tables
 * only): c keeps its nearest, and its share is changed in place by the
 * change of its second-nearest (adjust). */
static bool touch(fac_rw *rw, int c, int *n, bool keeps_f1)
{
    if (!rw->mark[c]) {
        rw->mark[c] = keeps_f1 ? 2 : 1;
        rw->touched[(*n)++] = c;
        return true;
    }
    if (!keeps_f1)
        rw->mark[c] = 1;
    return false;
}

/* Client c kept its nearest f1 (not the facility opened or closed), its
 * second-nearest cost went from d2o to d2[c] (nearest_two done, the
 * opened facility open, the closed one closed): one walk adds the
 * difference of its share. Only on exact tables, where a sum does not
 * depend on the order or grouping of its whole-number terms, so the
 * tables are those of taking the share out and putting it back. The
 * opened facility's gain and row were reset: its pairs are skipped as
 * open; the closed one had no share (it was open) and now has one. */
static inline __attribute__((always_inline)) void adjust(fac_rw *rw, size_t c, double d2o, int r,
                                                         bool dense)
{
    const fac_inst *in = rw->in;
    double d1 = rw->d1[c], d2 = rw->d2[c];
    int f1 = rw->f1[c];
    if (d2 == d2o)
        return;
    rw->loss[f1] += d2 - d2o;
    if (rw->sorted_ok)
        mark_dirty(rw, f1);
    double lim = d2 > d2o ? d2 : d2o, dd = d2 - d2o;
    double *restrict xr = dense ? dense_row(rw, f1) : NULL;
    const double *restrict E = in->e;
    const int *restrict F = in->fac;
    const bool *restrict open = rw->open;
    double *restrict gain = rw->gain;
    /* the pairs cheaper than d1 are closed facilities (r and the one
     * opened cost c at least d1) that c counted and counts: d2 - d2o each */
    size_t q = in->start[c], b = in->start[c + 1];
    double lo = d1 < lim ? d1 : lim;
    for (; q < b; q++) {
        double e = E[q];
        if (e >= lo)
            break;
        if (dense)
            xr[F[q]] += dd;
        else
            extra_add(rw, F[q], f1, dd, q);
    }
    for (; q < b; q++) {
        double e = E[q];
        if (e >= lim)
            break;
        int i = F[q];
        if (open[i])
            continue;
        bool was = e < d2o && i != r, now = e < d2;
        double v;
        if (was && now) {
            v = dd;
        } else if (now) {
            if (e < d1)
                gain[i] += d1 - e;
            v = d2 - (e > d1 ? e : d1);
        } else if (was) {
            if (e < d1)
                gain[i] -= d1 - e;
            v = -(d2o - (e > d1 ? e : d1));
        } else {
            continue;
        }
        if (dense)
            xr[i] += v;
        else
            extra_add(rw, i, f1, v, q);
    }
}

void fac_rw_swap(fac_rw *rw, int i, int r)
{
    const fac_inst *in = rw->in;
    int n = 0;
    /* c keeps its nearest when that is not r and i is farther from c
     * (ties in cost: taken out and put back, as the list order decides) */
    bool ex = rw->exact;
    if (i >= 0)
        for (size_t q = in->rstart[i]; q < in->rstart[i + 1]; q++) {
            int c = in->rclient[q];
            double e = in->e[in->rpair[q]];
            if (e < rw->d2[c]) {
                touch(rw, c, &n, ex && rw->f1[c] >= 0 && rw->f1[c] != r && e > rw->d1[c]);
                rw->qi[c] = in->rpair[q];     /* where i is in c's list */
            }
        }
    if (r >= 0)
        for (size_t q = in->rstart[r]; q < in->rstart[r + 1]; q++) {
            int c = in->rclient[q];
            if ((rw->f1[c] == r || rw->f2[c] == r) && touch(rw, c, &n, ex && rw->f1[c] != r))
                rw->qi[c] = NO_PAIR;          /* i costs c at least d2 */
        }
    bool dense = rw->ex != NULL;
    for (int t = 0; t < n; t++)
        if (rw->mark[rw->touched[t]] == 1) {
            if (dense)
                contribute(rw, (size_t)rw->touched[t], -1.0, true);
            else
                contribute(rw, (size_t)rw->touched[t], -1.0, false);
        }
    if (rw->sorted_ok) {
        if (i >= 0)
            mark_dirty(rw, i);
        if (r >= 0)
            mark_dirty(rw, r);
    }
    if (i >= 0) {
        rw->open[i] = true;
        rw->n_open++;
        rw->gain[i] = 0;
        if (dense) {
            /* its cells cleared (what the clients that keep their
             * nearest left there), then a row of its own */
            size_t nf = in->nf;
            for (int k = 0; k < rw->n_slot; k++)
                rw->ex[(size_t)k * nf + (size_t)i] = 0;
            slot_take(rw, i);
        } else {
            rw->row_n[i] = 0;     /* every client of its row was taken out */
        }
    }
    if (r >= 0) {
        rw->open[r] = false;
        rw->n_open--;
        rw->loss[r] = 0;
        if (dense)
            slot_give(rw, r);
    }
    for (int t = 0; t < n; t++) {
        int c = rw->touched[t];
        double d2o = rw->d2[c];
        nearest_after(rw, (size_t)c, r, rw->qi[c]);
        if (dense) {
            if (rw->mark[c] == 2)
                adjust(rw, (size_t)c, d2o, r, true);
            else
                contribute(rw, (size_t)c, 1.0, true);
        } else if (rw->mark[c] == 2) {
            adjust(rw, (size_t)c, d2o, r, false);
        } else {
            contribute(rw, (size_t)c, 1.0, false);
        }
        rw->mark[c] = 0;
    }
}

double fac_rw_profit(const fac_rw *rw, int i, int r)
{
    double x;
    if (rw->ex) {
        x = rw->slot[r] >= 0 ? dense_row(rw, r)[i] : 0;
    } else {
        int k = row_find(rw, i, r);
        x = k >= 0 ? rw->row[i][k].v : 0;
    }
    return rw->gain[i] - rw->loss[r] + x;
}

static int cmp_loss(const void *a, const void *b, void *ctx)
{
    const double *loss = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (loss[x] != loss[y])
        return loss[x] < loss[y] ? -1 : 1;
    return x - y;
}

static inline bool loss_before(const double *loss, int x, int y)
{
    return loss[x] != loss[y] ? loss[x] < loss[y] : x < y;
}

/* The sorted list is kept between calls: the facilities marked dirty (a
 * loss changed, opened or closed) leave it, the open ones among them are
 * sorted alone and merged back. (loss, index) is a total order, so the
 * list is the one a full sort gives. */
int fac_rw_sorted_open(fac_rw *rw)
{
    const fac_inst *in = rw->in;
    if (!rw->sorted_ok) {
        int no = 0;
        for (size_t f = 0; f < in->nf; f++)
            if (rw->open[f] && !in->fixed[f])
                rw->open_list[no++] = (int)f;
        qsort_r(rw->open_list, (size_t)no, sizeof *rw->open_list, cmp_loss, rw->loss);
        rw->n_sorted = no;
        rw->sorted_ok = true;
        return no;
    }
    if (rw->n_dirty == 0)
        return rw->n_sorted;
    int *d = rw->dirty_list, nd = 0;
    for (int t = 0; t < rw->n_dirty; t++) {
        int f = d[t];
        rw->dirty[f] = 0;
        if (rw->open[f] && !in->fixed[f])
            d[nd++] = f;
    }
    rw->n_dirty = 0;
    qsort_r(d, (size_t)nd, sizeof *d, cmp_loss, rw->loss);
    /* the clean entries keep their order; d's entries were taken out of
     * the list by the loop above clearing their marks only now, so tell
     * them apart by membership in d: mark them again while merging */
    for (int t = 0; t < nd; t++)
        rw->dirty[d[t]] = 1;
    int *a = rw->open_list, *m = rw->merge, na = rw->n_sorted, k = 0, j = 0;
    for (int t = 0; t < na; t++) {
        int f = a[t];
        if (rw->dirty[f] || !rw->open[f] || in->fixed[f])
            continue;
        while (j < nd && loss_before(rw->loss, d[j], f))
            m[k++] = d[j++];
        m[k++] = f;
    }
    while (j < nd)
        m[k++] = d[j++];
    for (int t = 0; t < nd; t++)
        rw->dirty[d[t]] = 0;
    rw->merge = a;
    rw->open_list = m;
    rw->n_sorted = k;
    return k;
}

/* The dense table's best swap: for every i at once, the best partner's
 * extra(i, r) - loss[r] over the open rows (a max, which the compiler
 * vectorises), then i by gain[i] plus it (ties: the smallest i), then
 * the smallest r that gives it. Whole numbers within 2^52: gain - loss +
 * extra is the same sum in any order, so the swap and its profit are the
 * sparse search's. */
static bool best_swap_dense(fac_rw *rw, int *bi, int *br, double *profit)
{
    const fac_inst *in = rw->in;
    size_t nf = in->nf;
    double *restrict bx = rw->bx;
    bool first = true;
    for (size_t r = 0; r < nf; r++) {
        if (!rw->open[r] || in->fixed[r])
            continue;
        const double *restrict x = dense_row(rw, (int)r);
        double lr = rw->loss[r];
        if (first) {
            for (size_t i = 0; i < nf; i++)
                bx[i] = x[i] - lr;
            first = false;
            continue;
        }
        for (size_t i = 0; i < nf; i++) {
            double v = x[i] - lr;
            bx[i] = v > bx[i] ? v : bx[i];
        }
    }
    bool found = false;
    double best = 0;
    for (size_t i = 0; i < nf && !first; i++) {
        if (rw->open[i] || !in->allowed[i])
            continue;
        double v = rw->gain[i] + bx[i];
        if (!found || v > best) {
            best = v;
            *bi = (int)i;
            found = true;
        }
    }
    *profit = best;
    if (!found)
        return false;
    for (size_t r = 0; r < nf; r++)
        if (rw->open[r] && !in->fixed[r]
            && dense_row(rw, (int)r)[*bi] - rw->loss[r] == bx[*bi]) {
            *br = (int)r;
            break;
        }
    return true;
}

/* For each closed i the best partner r is either in i's row (extra > 0
 * there) or the open facility of least loss outside it; ties go to the
 * smallest i, then the smallest r. */
bool fac_rw_best_swap(fac_rw *rw, int *bi, int *br, double *profit)
{
    const fac_inst *in = rw->in;
    size_t nf = in->nf;
    if (rw->ex)
        return best_swap_dense(rw, bi, br, profit);
    int no = fac_rw_sorted_open(rw);
    bool found = false;
    double best = 0;
    if (no == 0) {
        *profit = 0;
        return false;
    }
    for (size_t i = 0; i < nf; i++) {
        if (rw->open[i] || !in->allowed[i])
            continue;
        int id = ++rw->stamp_id;
        if (id == 0) {
            memset(rw->stamp, 0, nf * sizeof *rw->stamp);
            id = rw->stamp_id = 1;
        }
        double g = rw->gain[i], bv = 0;
        int bestr = -1;
        const fac_rw_entry *e = rw->row[i];
        for (int k = 0, n = rw->row_n[i]; k < n; k++) {
            int r = e[k].r;
            if (!rw->open[r] || in->fixed[r])
                continue;
            rw->stamp[r] = id;
            double v = g - rw->loss[r] + e[k].v;
            if (bestr < 0 || v > bv || (v == bv && r < bestr)) {
                bv = v;
                bestr = r;
            }
        }
        for (int t = 0; t < no; t++) {
            int r = rw->open_list[t];
            if (rw->stamp[r] == id)
                continue;
            double v = g - rw->loss[r];
            if (bestr < 0 || v > bv || (v == bv && r < bestr)) {
                bv = v;
                bestr = r;
            }
            break;            /* the least loss (smallest index) outside the row */
        }
        if (bestr >= 0 && (!found || bv > best)) {
            best = bv;
            *bi = (int)i;
            *br = bestr;
            found = true;
        }
    }
    *profit = best;
    return found;
}
