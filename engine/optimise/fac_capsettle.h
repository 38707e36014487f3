/*
 * fac_capsettle: the assignments the passes of fac_cap.c found settled
 * (fac_capsettle.c).
 */
#ifndef JH_FAC_CAPSETTLE_H
#define JH_FAC_CAPSETTLE_H

#include <stdint.h>

#include "fac_internal.h"

typedef struct fac_settled fac_settled;

/* The table for the instance's work area, or NULL when it would not fit
 * in its memory (or none is left): then nothing is kept. */
fac_settled *fac_settled_new(const fac_inst *in);
void fac_settled_free(fac_settled *S);
/* Is the state (open set, each client's facility, the loads) one a round
 * of the passes left as it was? *h receives its hash for fac_settled_add. */
bool fac_settled_known(fac_settled *S, const fac_inst *in, const bool *open, const fac_cap *a,
                       uint64_t *h);
/* The state of the last fac_settled_known (hash h), found settled. */
void fac_settled_add(fac_settled *S, const fac_inst *in, const fac_cap *a, uint64_t h);

#endif
