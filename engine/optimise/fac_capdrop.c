/*
 * fac_capdrop: the capacity-aware drop start of large capacitated problems
 * (issue 18, item 2). From every allowed facility open, an assignment
 * whose overload the ejection chains (fac_capchain.c, over every pair a
 * client lists) have taken as low as they can, close one facility at a
 * time: the one whose closing costs least (the uncapacitated loss of the
 * Resende-Werneck tables) among those not yet refused. Its clients go to
 * their cheapest open facility (overload priced), the chains relieve the
 * facilities that took them, and the closure stands only when the total
 * overload is no higher than before it; else it is taken back and the
 * facility stays open for good (closing more only takes places away). So
 * the places stay where the demand is and the closures fall where places
 * are spare; the swap search then improves the layout with feasibility
 * priced as before. When this start reaches p, the uncapacitated starts
 * (far from feasible on such problems) are skipped.
 *
 * Work is counted (pairs the chains look at), never time.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_capchain.h"

/* Facilities settled per chain search while dropping: a closure whose
 * clients need chains longer than this is refused (cheap refusals in the
 * crowded places where nothing can close). */
#define FAC_CAPDROP_POPS 256
/* Work (pairs looked at by the chains) per client of the problem: for
 * the assignment with everything open, then for the closures. */
#define FAC_CAPDROP_WORK0 1500L
#define FAC_CAPDROP_WORK 2500L
/* Facilities settled per chain search with everything open. */
#define FAC_CAPDROP_POPS0 512

static bool capdrop_applies(const fac_search *s)
{
    return s->capacitated && s->in->nc > FAC_CAPL_MIN
           && s->in->n_allowed - s->p <= 4 * s->p + 200;
}

static void capdrop(fac_search *s)
{
    const fac_inst *in = s->in;
    size_t nf = in->nf;
    bool *open = s->tmp_open;
    bool *kept = calloc(nf, sizeof *kept);
    fac_chain *K = fac_chain_new(in);
    if (!kept || !K) {
        free(kept);
        fac_chain_free(K);
        return;
    }
    for (size_t f = 0; f < nf; f++)
        open[f] = in->allowed[f];
    fac_rw_set(&s->rw, open);
    fac_cap *a = &s->cur_cap;
    fac_cap_assign(in, open, a, s->capw);
    long cap_work = FAC_CAPDROP_WORK0 * (long)(in->nc + 1);
    fac_chain_load(K, a);
    /* the assignment with every facility open, its overload as low as
     * the chains take it (passes while it falls) */
    bool ok = true;
    for (;;) {
        double before = fac_chain_over(K);
        for (size_t f = 0; f < nf; f++)
            if (open[f])
                fac_chain_relieve(K, open, a, (int)f, FAC_CAPDROP_POPS0, cap_work);
        if (!(fac_chain_over(K) < before - 1e-9 * (1 + before)) || fac_chain_work(K) >= cap_work)
            break;
    }
    cap_work = fac_chain_work(K) + FAC_CAPDROP_WORK * (long)(in->nc + 1);
    /* the clients of a closed facility, gathered before they move */
    int *moved = malloc((in->nc ? in->nc : 1) * sizeof *moved);
    if (!moved)
        ok = false;
    while (ok && s->rw.n_open > s->p) {
        int r = -1;
        for (size_t f = 0; f < nf; f++)
            if (open[f] && !in->fixed[f] && !kept[f]
                && (r < 0 || s->rw.loss[f] < s->rw.loss[r]))
                r = (int)f;
        if (r < 0 || fac_chain_work(K) >= cap_work)
            break;
        open[r] = false;
        fac_chain_journal_begin(K);
        size_t n = 0;
        for (size_t c = 0; c < in->nc; c++)
            if (a->f[c] == r)
                moved[n++] = (int)c;
        double before = fac_chain_over(K);
        bool placed = true;
        for (size_t t = 0; t < n && placed; t++) {
            int h = fac_cap_cheapest(in, open, a->load, (size_t)moved[t]);
            if (h < 0)
                placed = false;
            else
                fac_chain_move(K, a, moved[t], h);
        }
        /* the receivers relieved; the closure stands when the overload
         * is no higher than before it */
        for (size_t t = 0; t < n && placed; t++) {
            int h = a->f[moved[t]];
            if (h >= 0)
                fac_chain_relieve(K, open, a, h, FAC_CAPDROP_POPS, cap_work);
        }
        if (placed && fac_chain_over(K) > before + 1e-9 * (1 + before))
            placed = false;
        if (placed) {
            fac_chain_journal_end(K);
            a->load[r] = 0;
            fac_rw_swap(&s->rw, -1, r);
        } else {
            open[r] = true;
            kept[r] = true;
            if (!fac_chain_journal_undo(K, a))
                ok = false;
        }
    }
    free(moved);
    s->drop_open = s->rw.n_open;
    s->iters++;
    fac_chain_free(K);
    free(kept);
    if (!ok) {
        fac_search_eval(s);
        return;
    }
    /* totals of the assignment, then the bounded moves (they only lower
     * cost + priced overload, so no overload comes back) */
    fac_cap_improve(in, s->rw.open, a, s->capw);
    s->cur = a->total;
    if (s->rw.n_open == s->p)
        fac_search_offer(s);
}

const fac_heuristic fac_heur_capdrop = {"capdrop", FAC_START, capdrop_applies, capdrop};
