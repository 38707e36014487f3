/*
 * fac_capexact: the swap neighbourhood of a capacitated layout priced by
 * exact assignments (fac_capexact.c).
 */
#ifndef JH_FAC_CAPEXACT_H
#define JH_FAC_CAPEXACT_H

#include "fac_internal.h"

/* From best_open (p open, feasible, its assignment best_cap): each open
 * site that is not fixed swapped for the per_site closed sites where its
 * clients cost least in all, each such layout solved exactly by the
 * branch-and-bound (work_each) against the best cost so far; the
 * cheapest improvement replaces best_open / best_cap (totals recounted)
 * and the scan repeats, at most `rounds` scans. True when improved. */
bool fac_cap_exact_swaps(const fac_inst *in, int p, bool *best_open, fac_cap *best_cap,
                         fac_cap_work *w, int per_site, long work_each, int rounds);

#endif
