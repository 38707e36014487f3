/*
 * fac_capexact: the swap neighbourhood of a capacitated layout, priced
 * exactly. The swap searches price a layout by a heuristic single-source
 * assignment, which on tight instances can be 2% above the layout's best
 * one: on the real pmedcap1_20 (capacity used 94%) the layout one swap
 * from the searches' 1007 (site 90 out, 33 in, 4.5 apart) is priced 1025
 * by the heuristic and is the optimum, 1005, with its best assignment.
 * So here each open site r is swapped for the closed sites that would
 * serve r's clients most cheaply (the `per_site` least summed costs),
 * and each such layout goes to the branch-and-bound of fac_bnb.c on that
 * layout alone (only the assignment open) with the incumbent's cost as
 * its bound: a layout whose Lagrangian bound reaches the incumbent stops
 * at its root, one that holds a cheaper assignment yields it. The
 * cheapest improvement found in a scan is taken and the scan repeated.
 * Work counts only (each tree's budget, the rounds), no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_capexact.h"

/* A closed site and what serving r's clients there costs. */
typedef struct swap_cand {
    double cost;
    int site;
} swap_cand;

static int by_cost(const void *x, const void *y)
{
    const swap_cand *a = x, *b = y;
    if (a->cost != b->cost)
        return a->cost < b->cost ? -1 : 1;
    return (a->site > b->site) - (a->site < b->site);
}

/* The per_site closed sites (allowed, reaching every client of r) where
 * r's clients cost least in all, cheapest first (ties by index), into
 * out; returns how many. */
static int replacements(const fac_inst *in, const bool *open, const fac_cap *a, int r,
                        int per_site, swap_cand *all, int *out)
{
    size_t nf = in->nf;
    int n = 0;
    for (size_t i = 0; i < nf; i++) {
        if (open[i] || !in->allowed[i])
            continue;
        double sum = 0;
        bool reach = true;
        for (size_t q = in->rstart[r]; q < in->rstart[r + 1] && reach; q++) {
            size_t c = (size_t)in->rclient[q];
            if (a->f[c] != r)
                continue;
            double e = fac_cost(in, c, (int)i);
            if (e < 0)
                reach = false;
            else
                sum += e;
        }
        if (reach) {
            all[n].cost = sum;
            all[n].site = (int)i;
            n++;
        }
    }
    qsort(all, (size_t)n, sizeof *all, by_cost);
    if (n > per_site)
        n = per_site;
    for (int k = 0; k < n; k++)
        out[k] = all[k].site;
    return n;
}

bool fac_cap_exact_swaps(const fac_inst *in, int p, bool *best_open, fac_cap *best_cap,
                         fac_cap_work *w, int per_site, long work_each, int rounds)
{
    size_t nf = in->nf;
    if (nf == 0 || per_site <= 0)
        return false;
    bool *allowed = malloc(nf * sizeof *allowed);
    bool *trial = malloc(nf * sizeof *trial);
    bool *win_open = malloc(nf * sizeof *win_open);
    swap_cand *all = malloc(nf * sizeof *all);
    int *cand = malloc((size_t)per_site * sizeof *cand);
    fac_cap a, win;
    memset(&a, 0, sizeof a);
    memset(&win, 0, sizeof win);
    bool improved = false;
    if (!allowed || !trial || !win_open || !all || !cand || fac_cap_init(&a, in, NULL) != JH_OK
        || fac_cap_init(&win, in, NULL) != JH_OK)
        goto done;
    for (int round = 0; round < rounds; round++) {
        double ub0 = best_cap->cost, win_cost = ub0;
        for (size_t r = 0; r < nf; r++) {
            if (!best_open[r] || in->fixed[r])
                continue;
            int n = replacements(in, best_open, best_cap, (int)r, per_site, all, cand);
            for (int k = 0; k < n; k++) {
                memcpy(trial, best_open, nf * sizeof *trial);
                trial[r] = false;
                trial[cand[k]] = true;
                fac_inst one = *in;
                for (size_t f = 0; f < nf; f++)
                    allowed[f] = in->allowed[f] && trial[f];
                one.allowed = allowed;
                one.n_allowed = p;
                double ub = win_cost;
                long nodes = 0;
                fac_certify(&one, p, true, trial, &ub, &a, w, work_each, INFINITY, &nodes, NULL);
                if (ub < win_cost - fac_eps(win_cost)) {
                    /* the tree found an assignment of trial cheaper than
                     * the best so far: it is in a */
                    win_cost = ub;
                    memcpy(win_open, trial, nf * sizeof *win_open);
                    fac_cap_recount(in, win_open, &a);
                    fac_cap_copy(&win, &a, in);
                }
            }
        }
        if (!(win_cost < ub0 - fac_eps(ub0)))
            break;
        memcpy(best_open, win_open, nf * sizeof *best_open);
        fac_cap_copy(best_cap, &win, in);
        improved = true;
    }
done:
    fac_cap_free(&a);
    fac_cap_free(&win);
    free(allowed);
    free(trial);
    free(win_open);
    free(all);
    free(cand);
    return improved;
}
