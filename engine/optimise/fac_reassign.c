/*
 * fac_reassign: the capacitated single-source assignment of one given
 * layout from a given start (see facility.h) — no search of layouts. The
 * start's clients at an open facility they reach stay there, the others
 * go to their cheapest open one; then the assignment's moves (shift, swap,
 * ejection), the ejection chains while overloaded and, when the problem
 * allows, the split fallback (fac_capsplit.c). Every stop counts work.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_capchain.h"
#include "fac_capsplit.h"

#define REASSIGN_CHAIN_WORK 4000L  /* per client, as the search's last resort */
#define REASSIGN_SPLIT_WORK 20000L /* per client, as the search's split */

static double cost_of(const jh_facility_problem *pr, size_t c, int f)
{
    for (size_t q = pr->start[c]; q < pr->start[c + 1]; q++)
        if (pr->facility[q] == f)
            return pr->cost[q];
    return 0;
}

jh_status jh_facility_reassign(const jh_facility_problem *pr, const bool *open, const int *from,
                               jh_facility_solution *out, jh_error *err)
{
    memset(out, 0, sizeof *out);
    if (!pr->capacity)
        return jh_error_set(err, JH_ERR_RUN, "facility problem: a reassignment needs capacities");
    fac_inst in;
    jh_status st = fac_inst_build(&in, pr, 0, err);
    if (st != JH_OK)
        return st;
    size_t nf = in.nf;
    fac_cap a;
    memset(&a, 0, sizeof a);
    fac_split split;
    memset(&split, 0, sizeof split);
    fac_cap_work *w = NULL;
    if ((st = fac_cap_init(&a, &in, err)) != JH_OK)
        goto done;
    if (!(w = fac_cap_work_new(&in))) {
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    for (size_t c = 0; c < in.nc; c++) {
        int f = from ? from[in.client_of[c]] : -1;
        if (f < 0 || (size_t)f >= nf || !open[f] || fac_cost(&in, c, f) < 0) {
            f = -1;   /* the cheapest open facility it reaches (pairs ascend by cost) */
            for (size_t q = in.start[c]; q < in.start[c + 1] && f < 0; q++)
                if (open[in.fac[q]])
                    f = in.fac[q];
        }
        if (f < 0) {
            const char *name = pr->client_name ? pr->client_name[in.client_of[c]] : NULL;
            st = jh_error_set(err, JH_ERR_INPUT, "facility problem: client %s: no reachable open facility",
                              name ? name : "?");
            goto done;
        }
        a.f[c] = f;
        a.load[f] += in.w[c];
    }
    fac_cap_totals(&in, open, &a);
    fac_cap_improve(&in, open, &a, w);
    if (a.over > 1e-9)
        fac_cap_chains(&in, open, &a, REASSIGN_CHAIN_WORK * (long)(in.nc + 1));
    bool ok = a.over <= 1e-9;
    if (!ok && pr->split_when_needed)
        ok = fac_cap_split(&in, open, &a, &split, REASSIGN_SPLIT_WORK * (long)(in.nc + 1));
    if (!ok) {
        int n_over = 0;
        for (size_t f = 0; f < nf; f++)
            n_over += open[f] && a.load[f] > in.cap[f] + 1e-9;
        st = jh_error_set(err, JH_ERR_INPUT,
                          "facility problem: no assignment found for the layout: %g over capacity at %d facilities%s",
                          a.over, n_over, pr->split_when_needed ? ", even with clients split" : "");
        goto done;
    }
    out->n_clients = pr->n_clients;
    out->n_facilities = nf;
    out->open = calloc(nf ? nf : 1, sizeof *out->open);
    out->assign = malloc((pr->n_clients ? pr->n_clients : 1) * sizeof *out->assign);
    if (!out->open || !out->assign) {
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    memcpy(out->open, open, nf * sizeof *open);
    for (size_t f = 0; f < nf; f++)
        out->n_open += open[f];
    for (size_t c = 0; c < pr->n_clients; c++)
        out->assign[c] = -1;
    for (size_t c = 0; c < in.nc; c++)
        out->assign[in.client_of[c]] = split.f ? split.f[c] : a.f[c];
    if (split.f && split.n > 0) {
        if (fac_split_to_parts(&split, in.client_of, out) != 0) {
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
    }
    for (size_t c = 0; c < pr->n_clients; c++)
        if (out->assign[c] >= 0 && pr->demand[c] > 0)
            out->objective += pr->demand[c] * cost_of(pr, c, out->assign[c]);
    for (size_t k = 0; k < out->n_parts; k++) {
        size_t c = out->part_client[k];
        out->objective += out->part_demand[k]
                          * (cost_of(pr, c, out->part_facility[k]) - cost_of(pr, c, out->assign[c]));
    }
done:
    if (st != JH_OK)
        jh_facility_solution_free(out);
    fac_split_free(&split);
    fac_cap_free(&a);
    fac_cap_work_free(w);
    fac_inst_free(&in);
    return st;
}
