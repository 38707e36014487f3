/*
 * fac_search: the state the heuristics share and the few helpers around
 * it — evaluation of the current layout (uncapacitated: the Resende-Werneck
 * objective; capacitated: a fresh single-source assignment), keeping the
 * best, and the budget (iterations first, time only as a safety cap).
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "fac_internal.h"

double fac_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

bool fac_search_spent(fac_search *s)
{
    if (s->iters >= s->max_iters)
        return true;
    if (fac_now() - s->t0 > s->time_limit) {
        s->timed_out = true;
        return true;
    }
    return false;
}

void fac_search_eval(fac_search *s)
{
    if (s->capacitated) {
        /* Large instances: from the best layout's assignment when there is
         * one (work in proportion to the change); else from scratch. */
        if (isinf(s->best) || !fac_cap_repair(s->in, s->rw.open, &s->best_cap, &s->cur_cap, s->capw))
            fac_cap_assign(s->in, s->rw.open, &s->cur_cap, s->capw);
        s->cur = s->cur_cap.total;
    } else {
        s->cur = s->rw.obj;
    }
}

void fac_search_offer(fac_search *s)
{
    if (s->pool && s->cur_cap.unassigned == 0 && s->cur_cap.over <= 1e-9)
        fac_pool_add(s->pool, s->rw.open, s->cur_cap.cost);
    if (isinf(s->best) || s->cur < s->best - fac_eps(s->best)) {
        s->best = s->cur;
        memcpy(s->best_open, s->rw.open, s->in->nf * sizeof *s->best_open);
        if (s->capacitated)
            fac_cap_copy(&s->best_cap, &s->cur_cap, s->in);
    }
}

void fac_local_search(fac_search *s)
{
    if (s->capacitated)
        fac_heur_capswap.run(s);
    else
        fac_heur_swap.run(s);
}
