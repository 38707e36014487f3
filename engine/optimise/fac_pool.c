/*
 * fac_pool: the capacitated search's best few layouts, each then given an
 * exact assignment. The search prices a layout by a heuristic
 * single-source assignment (regret greedy, shifts, swaps, ejection
 * chains), which can be ~1% above that layout's best assignment; so the
 * optimal layout may look worse than the layout the search keeps (on a
 * generated pmedcap1-like instance the optimal layout, 1033, was priced
 * 1042 against the kept 1037). Every feasible layout the search offers is
 * kept here when among the FAC_POOL_K cheapest distinct ones; afterwards
 * each within FAC_POOL_MARGIN of the best is solved exactly (the
 * branch-and-bound on that layout alone: only the clients' assignment is
 * open) within a work budget, and the cheapest result replaces the
 * search's answer when it is better. Work counts only, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

fac_pool *fac_pool_new(size_t nf, int k)
{
    fac_pool *P = calloc(1, sizeof *P);
    if (!P)
        return NULL;
    P->nf = nf;
    P->k = k;
    P->cost = malloc((size_t)k * sizeof *P->cost);
    P->open = malloc((size_t)k * (nf ? nf : 1) * sizeof *P->open);
    P->solved = malloc((size_t)k * sizeof *P->solved);
    if (!P->cost || !P->open || !P->solved) {
        fac_pool_free(P);
        return NULL;
    }
    return P;
}

void fac_pool_free(fac_pool *P)
{
    if (!P)
        return;
    free(P->cost);
    free(P->open);
    free(P->solved);
    free(P);
}

void fac_pool_copy(fac_pool *dst, const fac_pool *src)
{
    size_t nf = src->nf ? src->nf : 1;
    dst->n = src->n;
    memcpy(dst->cost, src->cost, (size_t)src->n * sizeof *dst->cost);
    memcpy(dst->solved, src->solved, (size_t)src->n * sizeof *dst->solved);
    memcpy(dst->open, src->open, (size_t)src->n * nf * sizeof *dst->open);
}

void fac_pool_add(fac_pool *P, const bool *open, double cost)
{
    size_t nf = P->nf;
    if (P->n == P->k && !(cost < P->cost[P->n - 1]))
        return;
    /* the same layout priced again (another assignment): keep the cheaper */
    bool solved = false;
    for (int i = 0; i < P->n; i++)
        if (memcmp(P->open + (size_t)i * nf, open, nf * sizeof *open) == 0) {
            if (!(cost < P->cost[i]))
                return;
            solved = P->solved[i];
            memmove(P->cost + i, P->cost + i + 1, (size_t)(P->n - i - 1) * sizeof *P->cost);
            memmove(P->solved + i, P->solved + i + 1, (size_t)(P->n - i - 1) * sizeof *P->solved);
            memmove(P->open + (size_t)i * nf, P->open + (size_t)(i + 1) * nf,
                    (size_t)(P->n - i - 1) * nf * sizeof *P->open);
            P->n--;
            break;
        }
    int at = P->n < P->k ? P->n : P->k - 1;
    while (at > 0 && cost < P->cost[at - 1])
        at--;
    int move = (P->n < P->k ? P->n : P->k - 1) - at;
    memmove(P->cost + at + 1, P->cost + at, (size_t)move * sizeof *P->cost);
    memmove(P->solved + at + 1, P->solved + at, (size_t)move * sizeof *P->solved);
    memmove(P->open + (size_t)(at + 1) * nf, P->open + (size_t)at * nf,
            (size_t)move * nf * sizeof *P->open);
    P->cost[at] = cost;
    P->solved[at] = solved;
    memcpy(P->open + (size_t)at * nf, open, nf * sizeof *open);
    if (P->n < P->k)
        P->n++;
}

bool fac_pool_exact(fac_pool *P, const fac_inst *in, int p, double margin,
                    long work, bool *best_open, fac_cap *best_cap, fac_cap_work *w)
{
    if (P->n == 0)
        return false;
    size_t nf = in->nf;
    bool *allowed = malloc((nf ? nf : 1) * sizeof *allowed);
    bool *open = malloc((nf ? nf : 1) * sizeof *open);
    fac_cap a;
    memset(&a, 0, sizeof a);
    bool improved = false;
    if (!allowed || !open || fac_cap_init(&a, in, NULL) != JH_OK)
        goto done;
    double limit = P->cost[0] * (1 + margin);
    for (int i = 0; i < P->n && P->cost[i] <= limit; i++) {
        if (P->solved[i])
            continue;               /* a pass before did it */
        P->solved[i] = true;
        const bool *L = P->open + (size_t)i * nf;
        fac_inst one = *in;
        for (size_t f = 0; f < nf; f++)
            allowed[f] = in->allowed[f] && L[f];
        one.allowed = allowed;
        one.n_allowed = p;
        memcpy(open, L, nf * sizeof *open);
        fac_cap_assign(in, open, &a, w);
        if (a.unassigned || a.over > 1e-9)
            continue;
        double ub = a.cost;
        long nodes = 0;
        fac_certify(&one, p, true, open, &ub, &a, w, work, INFINITY, &nodes, NULL);
        if (ub < best_cap->cost - fac_eps(best_cap->cost)) {
            memcpy(best_open, open, nf * sizeof *open);
            fac_cap_recount(in, best_open, &a);
            fac_cap_copy(best_cap, &a, in);
            improved = true;
        }
    }
done:
    fac_cap_free(&a);
    free(allowed);
    free(open);
    return improved;
}
