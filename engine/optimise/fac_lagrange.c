/*
 * fac_lagrange: a lower bound for the p-median by Lagrangian relaxation of
 * "every client is served" (multiplier lambda_c per client). For given
 * multipliers the relaxed problem splits by facility: facility f is worth
 * rho_f = sum_c min(0, e_cf - lambda_c), and the bound is
 * sum lambda + (fixed rho) + the p - |fixed| most negative other rho.
 * Subgradient steps (Polyak, with the known upper bound) raise it. The
 * bound ignores capacities, so it is also a valid (weaker) bound for the
 * capacitated problem.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double fac_lagrange_bound(const fac_inst *in, int p, double ub, int iters)
{
    size_t nc = in->nc, nf = in->nf;
    if (nc == 0)
        return 0;
    double *lam = malloc(nc * sizeof *lam);
    double *rho = malloc(nf * sizeof *rho);
    double *sorted = malloc(nf * sizeof *sorted);
    double *g = malloc(nc * sizeof *g);
    bool *chosen = malloc(nf * sizeof *chosen);
    double best = 0;
    if (!lam || !rho || !sorted || !g || !chosen)
        goto done;
    /* Start: each client's second cheapest cost (or its only one). */
    for (size_t c = 0; c < nc; c++) {
        size_t a = in->start[c], b = in->start[c + 1];
        lam[c] = b - a >= 2 ? in->e[a + 1] : (b > a ? in->e[a] : 0);
    }
    double theta = 2.0;
    int stall = 0;
    for (int it = 0; it < iters; it++) {
        memset(rho, 0, nf * sizeof *rho);
        double L = 0;
        for (size_t c = 0; c < nc; c++) {
            L += lam[c];
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                if (in->e[q] >= lam[c])
                    break;
                rho[in->fac[q]] += in->e[q] - lam[c];
            }
        }
        /* Fixed ones are open; the rest: the most negative p - |fixed|. */
        int free_slots = p - in->n_fixed;
        size_t ns = 0;
        for (size_t f = 0; f < nf; f++) {
            chosen[f] = in->fixed[f];
            if (in->fixed[f])
                L += rho[f];
            else if (in->allowed[f])
                sorted[ns++] = rho[f];
        }
        double thr = 0;
        if (free_slots > 0 && ns > 0) {
            qsort(sorted, ns, sizeof *sorted, cmp_dbl);
            size_t take = (size_t)free_slots < ns ? (size_t)free_slots : ns;
            for (size_t t = 0; t < take; t++)
                L += sorted[t];
            thr = sorted[take - 1];
            int left = (int)take;
            for (size_t f = 0; f < nf && left > 0; f++)
                if (!in->fixed[f] && in->allowed[f] && rho[f] < thr) {
                    chosen[f] = true;
                    left--;
                }
            for (size_t f = 0; f < nf && left > 0; f++)
                if (!in->fixed[f] && in->allowed[f] && !chosen[f] && rho[f] == thr) {
                    chosen[f] = true;
                    left--;
                }
        }
        if (L > best + 1e-12 * (1 + fabs(best))) {
            best = L;
            stall = 0;
        } else if (++stall >= 20) {
            theta /= 2;
            stall = 0;
        }
        double norm = 0;
        for (size_t c = 0; c < nc; c++) {
            double served = 0;
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                if (in->e[q] >= lam[c])
                    break;
                if (chosen[in->fac[q]])
                    served += 1;
            }
            g[c] = 1 - served;
            norm += g[c] * g[c];
        }
        if (norm == 0 || theta < 1e-4 || ub - L <= 1e-9 * (1 + fabs(ub)))
            break;
        double step = theta * (ub - L) / norm;
        for (size_t c = 0; c < nc; c++) {
            lam[c] += step * g[c];
            if (lam[c] < 0)
                lam[c] = 0;
        }
    }
done:
    free(lam);
    free(rho);
    free(sorted);
    free(g);
    free(chosen);
    return best;
}
