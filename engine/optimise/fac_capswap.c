/*
 * fac_capswap: the swap search under capacities. The uncapacitated profit
 * (Resende-Werneck) ranks the candidate swaps; the best-ranked ones are
 * then evaluated exactly, each with a fresh single-source assignment
 * (fac_cap.c), and the first that lowers cost + penalties is made. Small
 * instances evaluate every swap, so a local optimum is a true one for the
 * swap neighbourhood; large ones evaluate the FAC_CAPSWAP_K best-ranked.
 * Above FAC_CAPSWAP_SMALL clients a candidate is evaluated incrementally
 * from the current assignment (fac_cap_swap_eval) and only an accepted
 * one gets the full repair moves.
 * A swap whose uncapacitated cost (a lower bound) is no better than the
 * current capacitated cost is never evaluated.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

#define FAC_CAPSWAP_ALL 400   /* evaluate every swap up to this many */
#define FAC_CAPSWAP_K 60
#define FAC_CAPSWAP_KICKS 20  /* assignment polish: local optima, near misses */
#define FAC_CAPSWAP_KICKS_LARGE 3
#define FAC_CAPSWAP_SMALL 150 /* above: incremental swap evaluation */
#define FAC_CAPSWAP_NEAR 1.01 /* a near miss: within this factor of the current cost */

typedef struct { double v; int i, r; } cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->v != y->v)
        return x->v > y->v ? -1 : 1;
    if (x->i != y->i)
        return x->i - y->i;
    return x->r - y->r;
}

static bool capacitated(const fac_search *s)
{
    return s->capacitated;
}

/* Large instances whose layout is overloaded where the ranked swaps
 * cannot help (they rank by travel, blind to places): open a closed site
 * near an overloaded one, closing the open site whose loss is least (not
 * the overloaded one). At most FAC_CAPSWAP_OVER evaluations; the first
 * that lowers cost + penalties is made. */
#define FAC_CAPSWAP_OVER 128
#define FAC_CAPSWAP_OVER_R 4
static bool overload_swap(fac_search *s)
{
    const fac_inst *in = s->in;
    if (!fac_cap_work_local(s->capw) || !(s->cur_cap.over > 1e-9))
        return false;
    int no = fac_rw_sorted_open(&s->rw);
    int evals = 0;
    for (size_t f = 0; f < in->nf && evals < FAC_CAPSWAP_OVER; f++) {
        if (!s->rw.open[f] || s->cur_cap.load[f] <= in->cap[f] + 1e-9)
            continue;
        /* closed sites that f's nearest villages reach first */
        for (size_t k = in->rstart[f]; k < in->rstart[f + 1] && evals < FAC_CAPSWAP_OVER; k++) {
            size_t q = fac_capl_rnear(fac_cap_work_local(s->capw), k);
            size_t c = (size_t)in->rclient[q];
            if (s->cur_cap.f[c] != (int)f)
                continue;
            int i = -1;
            for (size_t p = in->start[c]; p < in->start[c + 1]; p++) {
                int g = in->fac[p];
                if (!s->rw.open[g] && in->allowed[g]) {
                    i = g;
                    break;
                }
            }
            if (i < 0)
                continue;
            /* the FAC_CAPSWAP_OVER_R open sites of least loss with room
             * to spare (their villages must go somewhere) */
            int tried = 0;
            for (int t = 0; t < no && tried < FAC_CAPSWAP_OVER_R && evals < FAC_CAPSWAP_OVER; t++) {
                int r = s->rw.open_list[t];
                if (r == (int)f || s->cur_cap.load[r] > in->cap[r])
                    continue;
                tried++;
                evals++;
                memcpy(s->tmp_open, s->rw.open, in->nf * sizeof *s->tmp_open);
                s->tmp_open[i] = true;
                s->tmp_open[r] = false;
                fac_cap_swap_eval(in, s->tmp_open, &s->cur_cap, &s->try_cap, s->capw, i, r);
                if (s->try_cap.total < s->cur - fac_eps(s->cur)) {
                    fac_cap tmp = s->cur_cap;
                    s->cur_cap = s->try_cap;
                    s->try_cap = tmp;
                    s->cur = s->cur_cap.total;
                    fac_rw_swap(&s->rw, i, r);
                    s->iters++;
                    return true;
                }
            }
        }
    }
    return false;
}

static void capswap_search(fac_search *s)
{
    const fac_inst *in = s->in;
    size_t nf = in->nf;
    fac_search_eval(s);
    size_t room = (size_t)s->in->n_allowed * (size_t)(s->p + 1) + 1;
    cand *cs = malloc(room * sizeof *cs);
    if (!cs) {
        fac_search_offer(s);
        return;
    }
    bool small = in->nc <= FAC_CAPSWAP_SMALL;
    while (!fac_search_spent(s)) {
        /* Only swaps whose lower bound beats the current cost; of those,
         * all when few, else the FAC_CAPSWAP_K best-ranked (kept sorted
         * by insertion: cheaper than sorting them all). */
        double floor_v = s->rw.obj - s->cur + fac_eps(s->cur);
        size_t n = 0, cap_n = room;
        int no = fac_rw_sorted_open(&s->rw);
        for (size_t i = 0; i < nf; i++) {
            if (s->rw.open[i] || !in->allowed[i])
                continue;
            /* i's row (extra != 0), then the rest by loss ascending while
             * the profit gain - loss can still beat floor_v */
            int id = ++s->rw.stamp_id;
            if (id == 0) {
                memset(s->rw.stamp, 0, nf * sizeof *s->rw.stamp);
                id = s->rw.stamp_id = 1;
            }
            int rn;
            const fac_rw_entry *row = fac_rw_row(&s->rw, (int)i, &rn);
            double g = s->rw.gain[i];
            for (int k = 0; k < rn + no; k++) {
                int r;
                double v;
                if (k < rn) {
                    r = row[k].r;
                    if (!s->rw.open[r] || in->fixed[r] || s->rw.stamp[r] == id)
                        continue;
                    s->rw.stamp[r] = id;
                    v = g - s->rw.loss[r] + row[k].v;
                } else {
                    r = s->rw.open_list[k - rn];
                    v = g - s->rw.loss[r];
                    if (v <= floor_v)
                        break;
                    if (s->rw.stamp[r] == id)
                        continue;
                }
                if (v <= floor_v)
                    continue;
                cand x = {v, (int)i, r};
                if (n < cap_n) {
                    cs[n++] = x;
                    if (n > FAC_CAPSWAP_ALL && cap_n == room) {
                        qsort(cs, n, sizeof *cs, cmp_cand);
                        n = cap_n = FAC_CAPSWAP_K;
                    }
                    continue;
                }
                if (cmp_cand(&x, &cs[n - 1]) >= 0)
                    continue;
                size_t at = n - 1;
                while (at > 0 && cmp_cand(&x, &cs[at - 1]) < 0) {
                    cs[at] = cs[at - 1];
                    at--;
                }
                cs[at] = x;
            }
        }
        if (cap_n == room)
            qsort(cs, n, sizeof *cs, cmp_cand);
        bool moved = false;
        for (size_t t = 0; t < n; t++) {
            /* The uncapacitated cost of the new layout bounds its
             * capacitated cost from below; candidates are sorted, so once
             * that bound is no better than the current cost, none is. */
            if (s->rw.obj - cs[t].v >= s->cur - fac_eps(s->cur))
                break;
            for (size_t f = 0; f < nf; f++)
                s->tmp_open[f] = s->rw.open[f];
            s->tmp_open[cs[t].i] = true;
            s->tmp_open[cs[t].r] = false;
            if (small) {
                fac_cap_assign(in, s->tmp_open, &s->try_cap, s->capw);
                /* Close but not better, or infeasible: the assignment may be
                 * what fails, not the layout; look at it harder. */
                if (!(s->try_cap.total < s->cur - fac_eps(s->cur))
                    && (s->try_cap.total < s->cur * FAC_CAPSWAP_NEAR || s->cur_cap.over > 0))
                    fac_cap_polish(in, s->tmp_open, &s->try_cap, s->capw, s->rng,
                                   FAC_CAPSWAP_KICKS, &s->kick_cap);
            } else {
                fac_cap_swap_eval(in, s->tmp_open, &s->cur_cap, &s->try_cap, s->capw,
                                  cs[t].i, cs[t].r);
                if (s->try_cap.total < s->cur - fac_eps(s->cur))
                    fac_cap_improve_touched(in, s->tmp_open, &s->try_cap, s->capw);
            }
            if (s->try_cap.total < s->cur - fac_eps(s->cur)) {
                fac_cap tmp = s->cur_cap;
                s->cur_cap = s->try_cap;
                s->try_cap = tmp;
                s->cur = s->cur_cap.total;
                fac_rw_swap(&s->rw, cs[t].i, cs[t].r);
                s->iters++;
                moved = true;
                break;
            }
        }
        if (!moved && !fac_search_spent(s) && overload_swap(s))
            moved = true;
        if (!moved) {
            /* A local optimum of the layout: try harder on its assignment
             * (a better one tightens the pruning above); go on if it helps. */
            double before = s->cur;
            fac_cap_polish(in, s->rw.open, &s->cur_cap, s->capw, s->rng,
                           small ? FAC_CAPSWAP_KICKS : FAC_CAPSWAP_KICKS_LARGE, &s->kick_cap);
            s->cur = s->cur_cap.total;
            if (!(s->cur < before - fac_eps(before)))
                break;
        }
    }
    free(cs);
    fac_search_offer(s);
}

const fac_heuristic fac_heur_capswap = {"capswap", FAC_IMPROVE, capacitated, capswap_search};
