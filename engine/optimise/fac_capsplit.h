/*
 * fac_capsplit: clients split between facilities when no single-source
 * assignment of a layout was found (fac_capsplit.c).
 */
#ifndef JH_FAC_CAPSPLIT_H
#define JH_FAC_CAPSPLIT_H

#include "fac_internal.h"

/* A split assignment: every client's main facility (its largest share)
 * and the parts that go elsewhere (client pc[k], facility pf[k], demand
 * pw[k]); the main facility holds the rest of the client's demand. */
typedef struct fac_split {
    int *f;                   /* nc */
    int *pc, *pf;
    double *pw;
    size_t n;                 /* parts */
    long paths, work;         /* augmenting paths taken, pairs looked at */
} fac_split;

/* The overload of a (a single-source assignment of open, every client
 * placed) sent on along augmenting paths, fewest hops first, until no
 * facility is over its capacity; false (S empty) when a facility's excess
 * finds no path (the layout cannot hold everyone even split), when work
 * passes work_cap, or out of memory. */
bool fac_cap_split(const fac_inst *in, const bool *open, const fac_cap *a, fac_split *S,
                   long work_cap);
void fac_split_free(fac_split *S);

/* S's parts copied into out (the caller's client numbers through
 * client_of); 0, or -1 out of memory (out's parts then partly set: the
 * caller frees out). */
int fac_split_to_parts(const fac_split *S, const size_t *client_of, jh_facility_solution *out);

#endif
