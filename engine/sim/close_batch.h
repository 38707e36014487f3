/*
 * close_batch: the bookkeeping of closing many schools at once
 * (simulation.c, close_schools): a plan's thousands of closures in one pass
 * over the cells and the villages, with the result of closing them one
 * after the other. The schools closing are numbered by rank (their order):
 * rank[school] >= 0 for those, -1 for the others.
 */
#ifndef JH_CLOSE_BATCH_H
#define JH_CLOSE_BATCH_H

#include <stddef.h>

#include "sim/simulation.h"

/* The cells of each closing school, in cell order: the cells of rank r are
 * v[bucket[j]] for j in [r ? at[r - 1] : 0, at[r]). Returns at (free it and
 * *bucket), or NULL when out of memory. */
size_t *jh_close_buckets(const jh_cell *v, size_t n, const int *rank, size_t ns, size_t m,
                         int **bucket);

/* A village or school site sent to a school of rank r is sent to to[r]
 * (-1: none, left to the assignment rule), as closing the schools one after
 * the other does: when to[r] closes later in the batch, on to its own to[],
 * and so on. to[0..m) is rewritten to those final schools (no longer the
 * targets: give the targets again for another list), then every
 * assign[0..n) naming a closing school is replaced. */
void jh_close_reassign(int *to, size_t m, const int *rank, size_t ns, int *assign, size_t n);

#endif
