/*
 * fac_pairfix: reduced-cost elimination of client-facility pairs in the
 * capacitated relaxation (fac_lagrange.c). With L evaluated at lam (value
 * val), forcing client c to facility f (x_cf = 1) gives a node whose
 * relaxation at the same multipliers is worth at least
 *
 *     val + (e_cf - lam_c) + (v'_f - v_f)           f chosen or forced open
 *     val + (e_cf - lam_c) + (v'_f - t_in)          f free and not chosen
 *
 * where v'_f is f's knapsack with c's demand already in it (capacity
 * C_f - w_c, c no longer an item) and t_in the largest chosen free value
 * (f then displaces it: the p - 1 smallest of the others sum to at least
 * the p smallest minus t_in). c leaving the other facilities' knapsacks
 * only raises their values, so leaving them as they are keeps the figure
 * a lower bound. v'_f >= -dp_f[C_f - w_c], the best profit of f's items
 * within the smaller capacity (c among them or not: more items, more
 * profit), by one dynamic program per facility; without whole demands and
 * capacities v'_f >= v_f (less room, fewer items). When the figure reaches
 * the incumbent, no layout better than it assigns c to f, and the pair is
 * forbidden (pstate -1) for the rest of the tree: the knapsacks then lose
 * it as an item (at the root the bound stays where it was: it is the
 * set-partitioning LP's; nodes below may need fewer steps).
 */
#include <math.h>
#include <stdlib.h>

#include "fac_internal.h"

/* Largest dynamic-programming table (items x capacity) it computes. */
#define FAC_PAIRFIX_DP_MAX 400000.0
/* Knapsack cells per unit of work (as fac_lagrange.c counts them). */
#define FAC_PAIRFIX_CELLS_PER_WORK 8

long fac_lag_pair_fix(fac_lag *L, const double *lam, double val, double ub, size_t *trail)
{
    const fac_inst *in = L->in;
    if (!L->cap || !L->feasible || !isfinite(val))
        return 0;
    size_t nf = in->nf;
    int need = L->need;
    double t_in = need > 0 ? L->v[L->order[need - 1]] : 0;
    double *dp = NULL;
    if (L->dp_ok && L->dp_w > 0 && !(dp = malloc(L->dp_w * sizeof *dp)))
        return 0;
    long fixed = 0;
    double thr = ub - 1e-9 * (1.0 + fabs(ub));
    for (size_t f = 0; f < nf; f++) {
        if (L->state[f] < 0)
            continue;
        bool in_bound = L->chosen[f];    /* v_f counted in val */
        if (!in_bound && need == 0)
            continue;                     /* no chosen free one to displace */
        double capf = in->cap[f] - L->capred[f];
        size_t C = capf >= 0 ? (size_t)floor(capf + 1e-9) : 0;
        size_t a = L->istart[f], b = L->icnt[f], n = b - a;
        bool use_dp = dp && capf >= -1e-9 && (double)n * (double)(C + 1) <= FAC_PAIRFIX_DP_MAX;
        if (use_dp) {
            for (size_t x = 0; x <= C; x++)
                dp[x] = 0;
            size_t cells = 0;
            for (size_t k = a; k < b; k++) {
                size_t wk = (size_t)in->w[L->iclient[k]];
                double pk = -L->ired[k];
                if (wk > C)
                    continue;
                for (size_t x = C + 1; x-- > wk;)
                    if (dp[x - wk] + pk > dp[x])
                        dp[x] = dp[x - wk] + pk;
                cells += C + 1 - wk;
            }
            L->work += (long)(cells / FAC_PAIRFIX_CELLS_PER_WORK);
        }
        double base = val - (in_bound ? L->v[f] : t_in);
        for (size_t r = in->rstart[f]; r < in->rstart[f + 1]; r++) {
            size_t q = in->rpair[r];
            int c = in->rclient[r];
            if (L->pstate[q] < 0 || L->cforce[c] >= 0)
                continue;
            double wc = in->w[c];
            double vprime;
            if (wc > capf + 1e-9)
                vprime = INFINITY;        /* c alone overfills f */
            else if (use_dp)
                vprime = -dp[(size_t)floor(capf - wc + 1e-9)];
            else
                vprime = L->v[f];
            double lbq = base + (in->e[q] - lam[c]) + vprime;
            if (fac_lag_round(L, lbq) >= thr) {
                L->pstate[q] = -1;
                if (trail)
                    trail[fixed] = q;
                fixed++;
            }
        }
        L->work += (long)(in->rstart[f + 1] - in->rstart[f]);
    }
    free(dp);
    return fixed;
}
