/*
 * fac_swap: Whitaker's fast interchange for the uncapacitated problem —
 * repeatedly make the best swap (one open facility out, one closed in)
 * while it improves. The profit of every swap comes from the
 * Resende-Werneck tables, so one step is a scan of gain - loss + extra and
 * an incremental update of the clients near the two facilities.
 */
#include "fac_internal.h"

static bool uncapacitated(const fac_search *s)
{
    return !s->capacitated;
}

static void swap_search(fac_search *s)
{
    while (!fac_search_spent(s)) {
        int i, r;
        double profit;
        if (!fac_rw_best_swap(&s->rw, &i, &r, &profit) || profit <= fac_eps(s->rw.obj))
            break;
        fac_rw_swap(&s->rw, i, r);
        s->iters++;
    }
    fac_search_eval(s);
    fac_search_offer(s);
}

const fac_heuristic fac_heur_swap = {"swap", FAC_IMPROVE, uncapacitated, swap_search};
