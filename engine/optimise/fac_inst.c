/*
 * fac_inst: the solver's own copy of a facility problem — clients of zero
 * demand left out, pair costs weighted by demand, pairs that can never be
 * used (facility not allowed, cost beyond max_cost) dropped, plus the
 * reverse index (clients by facility) the incremental swap evaluation
 * needs and a fast cost lookup (dense table when it fits, else a small
 * open-addressing hash per client: O(1) expected per lookup).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

/* A dense cost table above this many cells would cost too much memory. */
#define FAC_DENSE_MAX 4000000.0

void fac_inst_free(fac_inst *in)
{
    if (!in)
        return;
    free(in->start);
    free(in->fac);
    free(in->e);
    free(in->raw);
    free(in->w);
    free(in->client_of);
    free(in->cap);
    free(in->fixed);
    free(in->allowed);
    free(in->rstart);
    free(in->rclient);
    free(in->rpair);
    free(in->dense);
    free(in->hstart);
    free(in->hslot);
    memset(in, 0, sizeof *in);
}

jh_status fac_inst_build(fac_inst *in, const jh_facility_problem *pr,
                         double max_cost, jh_error *err)
{
    memset(in, 0, sizeof *in);
    size_t N = pr->n_clients, nf = pr->n_facilities;
    in->nf = nf;
    in->whole = pr->whole;
    in->fixed = calloc(nf ? nf : 1, sizeof *in->fixed);
    in->allowed = calloc(nf ? nf : 1, sizeof *in->allowed);
    in->client_of = malloc((N ? N : 1) * sizeof *in->client_of);
    in->w = malloc((N ? N : 1) * sizeof *in->w);
    in->start = malloc((N + 1) * sizeof *in->start);
    size_t total = pr->start[N];
    in->fac = malloc((total ? total : 1) * sizeof *in->fac);
    in->e = malloc((total ? total : 1) * sizeof *in->e);
    in->raw = malloc((total ? total : 1) * sizeof *in->raw);
    in->rstart = calloc(nf + 1, sizeof *in->rstart);
    if (!in->fixed || !in->allowed || !in->client_of || !in->w || !in->start
        || !in->fac || !in->e || !in->raw || !in->rstart)
        goto oom;
    for (size_t f = 0; f < nf; f++) {
        in->allowed[f] = pr->allowed ? pr->allowed[f] : true;
        in->fixed[f] = pr->fixed ? pr->fixed[f] : false;
        if (in->fixed[f])
            in->n_fixed++;
        if (in->allowed[f])
            in->n_allowed++;
    }
    if (pr->capacity) {
        in->cap = malloc(nf * sizeof *in->cap);
        if (!in->cap)
            goto oom;
        memcpy(in->cap, pr->capacity, nf * sizeof *in->cap);
    }
    size_t nc = 0, k = 0;
    double sum_max = 0, max_raw = 0, sum_w = 0;
    in->start[0] = 0;
    for (size_t c = 0; c < N; c++) {
        if (!(pr->demand[c] > 0))
            continue;
        double w = pr->demand[c], mx = 0;
        for (size_t q = pr->start[c]; q < pr->start[c + 1]; q++) {
            int f = pr->facility[q];
            if (!in->allowed[f] || (max_cost > 0 && pr->cost[q] > max_cost))
                continue;
            in->fac[k] = f;
            in->raw[k] = pr->cost[q];
            in->e[k] = w * pr->cost[q];
            if (in->e[k] > mx)
                mx = in->e[k];
            if (pr->cost[q] > max_raw)
                max_raw = pr->cost[q];
            in->rstart[f + 1]++;
            k++;
        }
        in->client_of[nc] = c;
        in->w[nc] = w;
        in->start[nc + 1] = k;
        sum_max += mx;
        sum_w += w;
        nc++;
    }
    in->nc = nc;
    in->P_over = 2.0 * max_raw + 1.0;
    in->U = 2.0 * (sum_max + in->P_over * sum_w) + 1.0;

    /* Reverse index. */
    for (size_t f = 0; f < nf; f++)
        in->rstart[f + 1] += in->rstart[f];
    in->rclient = malloc((k ? k : 1) * sizeof *in->rclient);
    in->rpair = malloc((k ? k : 1) * sizeof *in->rpair);
    size_t *fill = malloc((nf ? nf : 1) * sizeof *fill);
    if (!in->rclient || !in->rpair || !fill) {
        free(fill);
        goto oom;
    }
    memcpy(fill, in->rstart, nf * sizeof *fill);
    for (size_t c = 0; c < nc; c++)
        for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
            size_t pos = fill[in->fac[q]]++;
            in->rclient[pos] = (int)c;
            in->rpair[pos] = q;
        }
    free(fill);

    /* Cost lookup. */
    double dense_max = pr->dense_cells_max > 0 ? (double)pr->dense_cells_max
                       : pr->dense_cells_max < 0 ? -1 : FAC_DENSE_MAX;
    if ((double)nc * (double)nf <= dense_max) {
        in->dense = malloc((nc * nf > 0 ? nc * nf : 1) * sizeof *in->dense);
        if (!in->dense)
            goto oom;
        for (size_t i = 0; i < nc * nf; i++)
            in->dense[i] = -1;
        for (size_t c = 0; c < nc; c++)
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
                in->dense[c * nf + (size_t)in->fac[q]] = in->e[q];
    } else {
        /* Per client a hash of its pairs, at most 70% full. */
        in->hstart = malloc((nc + 1) * sizeof *in->hstart);
        if (!in->hstart)
            goto oom;
        in->hstart[0] = 0;
        for (size_t c = 0; c < nc; c++) {
            size_t len = in->start[c + 1] - in->start[c], sz = 2;
            while ((double)sz * 0.7 < (double)len)
                sz *= 2;
            in->hstart[c + 1] = in->hstart[c] + sz;
        }
        in->hslot = malloc(in->hstart[nc] * sizeof *in->hslot);
        if (!in->hslot)
            goto oom;
        for (size_t i = 0; i < in->hstart[nc]; i++)
            in->hslot[i] = -1;
        for (size_t c = 0; c < nc; c++) {
            int *slot = in->hslot + in->hstart[c];
            size_t mask = in->hstart[c + 1] - in->hstart[c] - 1;
            for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
                size_t h = ((size_t)(unsigned)in->fac[q] * 2654435761u) & mask;
                while (slot[h] >= 0)
                    h = (h + 1) & mask;
                slot[h] = (int)(q - in->start[c]);
            }
        }
    }
    return JH_OK;
oom:
    fac_inst_free(in);
    return jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
}

double fac_inst_cost(const fac_inst *in, size_t c, int f)
{
    return fac_cost(in, c, f);
}
