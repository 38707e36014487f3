/*
 * fac_vns: variable neighbourhood search on top of the swap searches. From
 * the best layout, make k random swaps (the shake), descend with the local
 * search, and keep the result when it is better (then k = 1), else try a
 * larger k (cycling back to 1 after kmax). Half the shake swaps are
 * local (a client's facility for a closed site near that client), which
 * suits layouts with many open facilities, where a random swap of two far
 * apart sites is almost always undone by the descent. Random numbers come from the
 * search's GSL mt19937 stream, so a seed fixes the answer.
 */
#include <string.h>

#include <gsl/gsl_rng.h>

#include "fac_internal.h"

#define FAC_VNS_KMAX 50
#define FAC_VNS_REBUILD 50    /* full rebuild of the tables every so often */
#define FAC_VNS_LOCAL 0.5     /* share of shake swaps that are local */
#define FAC_VNS_NEAR 10       /* closed sites considered by a local swap */
/* Exact tables: a shake (with the way back to the best layout) of this
 * many swaps or more is made on the layout alone and the tables built once
 * after it (a build costs about three swaps on the p = 10, 900-site
 * OR-Library graphs). */
#define FAC_VNS_SET_SWAPS 3

static bool vns_applies(const fac_search *s)
{
    return s->p - s->in->n_fixed >= 1 && s->in->n_allowed - s->p >= 1;
}

/* Moves s->rw to the open set `target` (same size) by paired swaps. */
static void go_to(fac_search *s, const bool *target)
{
    const fac_inst *in = s->in;
    size_t a = 0, b = 0;
    for (;;) {
        while (a < in->nf && !(target[a] && !s->rw.open[a]))
            a++;
        while (b < in->nf && !(!target[b] && s->rw.open[b]))
            b++;
        if (a >= in->nf || b >= in->nf)
            break;
        fac_rw_swap(&s->rw, (int)a, (int)b);
    }
    if (s->rw.n_open != s->p)
        fac_rw_set(&s->rw, target);
}

/* A shake's swap of closed site i for open site r: on the layout o alone
 * when there is one, else on the tables. */
static void shake_swap(fac_search *s, bool *o, int i, int r)
{
    if (o) {
        o[i] = true;
        o[r] = false;
    } else {
        fac_rw_swap(&s->rw, i, r);
    }
}

/* A local perturbation: a random client's facility swapped for one of
 * the few closed sites nearest to that client. Returns false when there is
 * none (the caller then makes a random swap). With o, the swap is made on
 * the layout o alone (the client's facility is the first open one of its
 * list, as the tables say), else on the tables. */
static bool local_swap(fac_search *s, bool *o)
{
    const fac_inst *in = s->in;
    size_t c = gsl_rng_uniform_int(s->rng, in->nc);
    int r = s->rw.f1[c];
    if (o) {
        r = -1;
        for (size_t q = in->start[c]; q < in->start[c + 1] && r < 0; q++)
            if (o[in->fac[q]])
                r = in->fac[q];
    }
    const bool *open = o ? o : s->rw.open;
    if (r < 0 || in->fixed[r])
        return false;
    int cand[FAC_VNS_NEAR], n = 0;
    for (size_t q = in->start[c]; q < in->start[c + 1] && n < FAC_VNS_NEAR; q++)
        if (!open[in->fac[q]])
            cand[n++] = in->fac[q];
    if (n == 0)
        return false;
    shake_swap(s, o, cand[gsl_rng_uniform_int(s->rng, (unsigned long)n)], r);
    return true;
}

/* Swaps the tables would make to reach the layout `target` from theirs. */
static int swaps_to(const fac_search *s, const bool *target)
{
    int d = 0;
    for (size_t f = 0; f < s->in->nf; f++)
        d += target[f] && !s->rw.open[f];
    return d;
}

static void vns(fac_search *s)
{
    const fac_inst *in = s->in;
    int kmax = FAC_VNS_KMAX;
    if (kmax > s->p - in->n_fixed)
        kmax = s->p - in->n_fixed;
    if (kmax > in->n_allowed - s->p)
        kmax = in->n_allowed - s->p;
    int k = 1;
    long step = 0;
    int *opn = s->cand_i, *cls = s->cand_r;
    while (!fac_search_spent(s)) {
        /* On exact tables (rw.exact: the same whatever the path to a
         * layout) a shake that with the way back to the best layout takes
         * FAC_VNS_SET_SWAPS swaps or more is made on a copy of the best
         * layout, and the tables are built once for the result. */
        bool *o = NULL;
        ++step;
        if (s->rw.exact && k + swaps_to(s, s->best_open) >= FAC_VNS_SET_SWAPS) {
            o = s->tmp_open;
            memcpy(o, s->best_open, in->nf * sizeof *o);
        } else if (step % FAC_VNS_REBUILD == 0) {
            fac_rw_set(&s->rw, s->best_open);
        } else {
            go_to(s, s->best_open);
        }
        const bool *open = o ? o : s->rw.open;
        for (int j = 0; j < k; j++) {
            if (in->nc > 0 && gsl_rng_uniform(s->rng) < FAC_VNS_LOCAL && local_swap(s, o))
                continue;
            int no = 0, ncl = 0;
            for (size_t f = 0; f < in->nf; f++) {
                if (open[f] && !in->fixed[f])
                    opn[no++] = (int)f;
                else if (!open[f] && in->allowed[f])
                    cls[ncl++] = (int)f;
            }
            if (no == 0 || ncl == 0)
                break;
            int r = opn[gsl_rng_uniform_int(s->rng, (unsigned long)no)];
            shake_swap(s, o, cls[gsl_rng_uniform_int(s->rng, (unsigned long)ncl)], r);
        }
        if (o)
            fac_rw_set(&s->rw, o);
        s->iters++;
        double before = s->best;
        fac_local_search(s);
        if (s->best < before - fac_eps(before))
            k = 1;
        else
            k = k >= kmax ? 1 : k + 1;
    }
    go_to(s, s->best_open);
    fac_search_eval(s);
}

const fac_heuristic fac_heur_vns = {"vns", FAC_META, vns_applies, vns};
