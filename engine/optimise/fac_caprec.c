/*
 * fac_caprec: the record of one single-source assignment (fac_cap: each
 * client's facility, the loads, cost, overload, unassigned and total),
 * made, copied and totalled; fac_cap.c makes the assignments.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

jh_status fac_cap_init(fac_cap *a, const fac_inst *in, jh_error *err)
{
    memset(a, 0, sizeof *a);
    a->f = malloc((in->nc ? in->nc : 1) * sizeof *a->f);
    a->load = calloc(in->nf ? in->nf : 1, sizeof *a->load);
    if (!a->f || !a->load) {
        fac_cap_free(a);
        return jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
    }
    return JH_OK;
}

void fac_cap_free(fac_cap *a)
{
    if (!a)
        return;
    free(a->f);
    free(a->load);
    memset(a, 0, sizeof *a);
}

void fac_cap_copy(fac_cap *dst, const fac_cap *src, const fac_inst *in)
{
    memcpy(dst->f, src->f, in->nc * sizeof *dst->f);
    memcpy(dst->load, src->load, in->nf * sizeof *dst->load);
    dst->cost = src->cost;
    dst->over = src->over;
    dst->unassigned = src->unassigned;
    dst->total = src->total;
}

void fac_cap_totals(const fac_inst *in, const bool *open, fac_cap *a)
{
    a->cost = 0;
    a->over = 0;
    a->unassigned = 0;
    for (size_t c = 0; c < in->nc; c++) {
        if (a->f[c] < 0)
            a->unassigned++;
        else
            a->cost += fac_cost(in, c, a->f[c]);
    }
    for (size_t f = 0; f < in->nf; f++)
        if (open[f])
            a->over += fac_ov(a->load[f], in->cap[f]);
    a->total = a->cost + in->P_over * a->over + in->U * a->unassigned;
}

void fac_cap_recount(const fac_inst *in, const bool *open, fac_cap *a)
{
    memset(a->load, 0, in->nf * sizeof *a->load);
    for (size_t c = 0; c < in->nc; c++)
        if (a->f[c] >= 0)
            a->load[a->f[c]] += in->w[c];
    fac_cap_totals(in, open, a);
}
