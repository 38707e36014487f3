/*
 * cells_sort: the yearly loop's cells (simulation.c) in (origin, school,
 * grade) order without a comparison sort of them all.
 */
#ifndef JH_CELLS_SORT_H
#define JH_CELLS_SORT_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_scratch.h"
#include "sim/simulation.h"

/* Sorts v[0..n) by origin, then school, then grade (cells with equal keys
 * in no defined order among themselves): cells that come as at most 16
 * runs of non-decreasing origin (the yearly loop's, nearly in order from
 * the year before) by a merge of the runs, others by a counting sort by
 * origin (a county's villages and school sites); then each origin's few
 * cells by school and grade. False, with v untouched, when the cells are
 * in more runs and their origins span too wide a range for a counting
 * sort, or memory is short: sort some other way then. */
bool jh_cells_sort(jh_cell *v, size_t n);

/* jh_cells_sort working in `buf`, a buffer kept between calls: the same
 * order. */
bool jh_cells_sort_with(jh_cell *v, size_t n, jh_scratch *buf);

/* Sorts v[0..n) by (origin, school, grade) and merges equal keys (their
 * counts summed; cells of no students dropped), so the list stays as short
 * as the flows it describes and every output is in a fixed order. Returns
 * the cells left. */
size_t jh_cells_compact(jh_cell *v, size_t n);

/* jh_cells_compact working in `buf` (jh_cells_sort_with). */
size_t jh_cells_compact_with(jh_cell *v, size_t n, jh_scratch *buf);

/* jh_cells_compact_with on the cells (*v)[0..n) of a buffer of *cap
 * cells (malloc's): cells that come as 2 to 16 runs of non-decreasing
 * origin (the yearly loop's: last year's, then the cells the year added)
 * are merged and compacted in one pass into buf's memory, and *v and buf
 * trade buffers (*cap and buf's size with them) instead of copying them
 * back; others as jh_cells_compact_with does, in place. The same cells in
 * the same order either way. The caller vouches for (*v)[0..ordered)
 * being in origin order (0: for nothing): the runs are looked for after
 * it only (last year's cells, most of them, not read an extra time). */
size_t jh_cells_compact_swap(jh_cell **v, size_t *cap, size_t n, size_t ordered,
                             jh_scratch *buf);

#endif
