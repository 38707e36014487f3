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

/* A local perturbation: a random client's facility swapped for one of
 * the few closed sites nearest to that client. Returns false when there is
 * none (the caller then makes a random swap). */
static bool local_swap(fac_search *s)
{
    const fac_inst *in = s->in;
    size_t c = gsl_rng_uniform_int(s->rng, in->nc);
    int r = s->rw.f1[c];
    if (r < 0 || in->fixed[r])
        return false;
    int cand[FAC_VNS_NEAR], n = 0;
    for (size_t q = in->start[c]; q < in->start[c + 1] && n < FAC_VNS_NEAR; q++)
        if (!s->rw.open[in->fac[q]])
            cand[n++] = in->fac[q];
    if (n == 0)
        return false;
    fac_rw_swap(&s->rw, cand[gsl_rng_uniform_int(s->rng, (unsigned long)n)], r);
    return true;
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
        if (++step % FAC_VNS_REBUILD == 0)
            fac_rw_set(&s->rw, s->best_open);
        else
            go_to(s, s->best_open);
        for (int j = 0; j < k; j++) {
            if (in->nc > 0 && gsl_rng_uniform(s->rng) < FAC_VNS_LOCAL && local_swap(s))
                continue;
            int no = 0, ncl = 0;
            for (size_t f = 0; f < in->nf; f++) {
                if (s->rw.open[f] && !in->fixed[f])
                    opn[no++] = (int)f;
                else if (!s->rw.open[f] && in->allowed[f])
                    cls[ncl++] = (int)f;
            }
            if (no == 0 || ncl == 0)
                break;
            int r = opn[gsl_rng_uniform_int(s->rng, (unsigned long)no)];
            int i = cls[gsl_rng_uniform_int(s->rng, (unsigned long)ncl)];
            fac_rw_swap(&s->rw, i, r);
        }
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
