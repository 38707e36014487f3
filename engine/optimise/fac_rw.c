/*
 * fac_rw: Resende & Werneck's incremental swap evaluation for the
 * uncapacitated objective ("A fast swap-based local search procedure for
 * location problems", 2007). Each client contributes to gain (facilities
 * that would serve it better), loss (what closing its nearest costs) and
 * extra (the correction when the facility swapped in replaces the one
 * swapped out for it). A move only touches the clients near the two
 * facilities involved, so their contributions are taken out, the move
 * made, and the contributions put back — no full recomputation.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

jh_status fac_rw_init(fac_rw *rw, const fac_inst *in, jh_error *err)
{
    memset(rw, 0, sizeof *rw);
    rw->in = in;
    size_t nc = in->nc ? in->nc : 1, nf = in->nf ? in->nf : 1;
    rw->open = calloc(nf, sizeof *rw->open);
    rw->f1 = malloc(nc * sizeof *rw->f1);
    rw->f2 = malloc(nc * sizeof *rw->f2);
    rw->d1 = malloc(nc * sizeof *rw->d1);
    rw->d2 = malloc(nc * sizeof *rw->d2);
    rw->gain = calloc(nf, sizeof *rw->gain);
    rw->loss = calloc(nf, sizeof *rw->loss);
    rw->extra = calloc(nf * nf, sizeof *rw->extra);
    rw->mark = calloc(nc, sizeof *rw->mark);
    rw->touched = malloc(nc * sizeof *rw->touched);
    rw->open_list = malloc(nf * sizeof *rw->open_list);
    if (!rw->open || !rw->f1 || !rw->f2 || !rw->d1 || !rw->d2 || !rw->gain
        || !rw->loss || !rw->extra || !rw->mark || !rw->touched
        || !rw->open_list) {
        fac_rw_free(rw);
        return jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
    }
    return JH_OK;
}

void fac_rw_free(fac_rw *rw)
{
    if (!rw)
        return;
    free(rw->open);
    free(rw->f1);
    free(rw->f2);
    free(rw->d1);
    free(rw->d2);
    free(rw->gain);
    free(rw->loss);
    free(rw->extra);
    free(rw->mark);
    free(rw->touched);
    free(rw->open_list);
    memset(rw, 0, sizeof *rw);
}

/* Nearest and second-nearest open facility of client c. */
static void nearest_two(fac_rw *rw, size_t c)
{
    const fac_inst *in = rw->in;
    rw->f1[c] = rw->f2[c] = -1;
    rw->d1[c] = rw->d2[c] = in->U;
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int f = in->fac[q];
        if (!rw->open[f])
            continue;
        if (rw->f1[c] < 0) {
            rw->f1[c] = f;
            rw->d1[c] = in->e[q];
        } else {
            rw->f2[c] = f;
            rw->d2[c] = in->e[q];
            return;
        }
    }
}

/* Adds (sign +1) or removes (-1) client c's share of obj, gain, loss and
 * extra. Only pairs cheaper than d2 contribute; pairs are sorted. */
static void contribute(fac_rw *rw, size_t c, double sign)
{
    const fac_inst *in = rw->in;
    double d1 = rw->d1[c], d2 = rw->d2[c];
    int f1 = rw->f1[c];
    size_t nf = in->nf;
    rw->obj += sign * d1;
    if (f1 >= 0)
        rw->loss[f1] += sign * (d2 - d1);
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        double e = in->e[q];
        if (e >= d2)
            break;
        int i = in->fac[q];
        if (rw->open[i])
            continue;
        if (e < d1)
            rw->gain[i] += sign * (d1 - e);
        if (f1 >= 0)
            rw->extra[(size_t)i * nf + (size_t)f1] += sign * (d2 - (e > d1 ? e : d1));
    }
}

void fac_rw_set(fac_rw *rw, const bool *open)
{
    const fac_inst *in = rw->in;
    size_t nf = in->nf;
    memcpy(rw->open, open, nf * sizeof *open);
    rw->n_open = 0;
    for (size_t f = 0; f < nf; f++)
        rw->n_open += open[f];
    memset(rw->gain, 0, nf * sizeof *rw->gain);
    memset(rw->loss, 0, nf * sizeof *rw->loss);
    memset(rw->extra, 0, nf * nf * sizeof *rw->extra);
    rw->obj = 0;
    for (size_t c = 0; c < in->nc; c++) {
        nearest_two(rw, c);
        contribute(rw, c, 1.0);
    }
}

static void touch(fac_rw *rw, int c, int *n)
{
    if (!rw->mark[c]) {
        rw->mark[c] = 1;
        rw->touched[(*n)++] = c;
    }
}

void fac_rw_swap(fac_rw *rw, int i, int r)
{
    const fac_inst *in = rw->in;
    int n = 0;
    if (i >= 0)
        for (size_t q = in->rstart[i]; q < in->rstart[i + 1]; q++) {
            int c = in->rclient[q];
            if (in->e[in->rpair[q]] < rw->d2[c])
                touch(rw, c, &n);
        }
    if (r >= 0)
        for (size_t q = in->rstart[r]; q < in->rstart[r + 1]; q++) {
            int c = in->rclient[q];
            if (rw->f1[c] == r || rw->f2[c] == r)
                touch(rw, c, &n);
        }
    for (int t = 0; t < n; t++)
        contribute(rw, (size_t)rw->touched[t], -1.0);
    if (i >= 0) {
        rw->open[i] = true;
        rw->n_open++;
        rw->gain[i] = 0;
    }
    if (r >= 0) {
        rw->open[r] = false;
        rw->n_open--;
        rw->loss[r] = 0;
    }
    for (int t = 0; t < n; t++) {
        int c = rw->touched[t];
        nearest_two(rw, (size_t)c);
        contribute(rw, (size_t)c, 1.0);
        rw->mark[c] = 0;
    }
}

double fac_rw_profit(const fac_rw *rw, int i, int r)
{
    return rw->gain[i] - rw->loss[r] + rw->extra[(size_t)i * rw->in->nf + (size_t)r];
}

bool fac_rw_best_swap(fac_rw *rw, int *bi, int *br, double *profit)
{
    const fac_inst *in = rw->in;
    size_t nf = in->nf;
    int no = 0;
    for (size_t f = 0; f < nf; f++)
        if (rw->open[f] && !in->fixed[f])
            rw->open_list[no++] = (int)f;
    bool found = false;
    double best = 0;
    for (size_t i = 0; i < nf; i++) {
        if (rw->open[i] || !in->allowed[i])
            continue;
        const double *ex = rw->extra + i * nf;
        double g = rw->gain[i];
        for (int t = 0; t < no; t++) {
            int r = rw->open_list[t];
            double v = g - rw->loss[r] + ex[r];
            if (!found || v > best) {
                best = v;
                *bi = (int)i;
                *br = r;
                found = true;
            }
        }
    }
    *profit = best;
    return found;
}
