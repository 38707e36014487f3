/*
 * year_flows: the year's cells compacted and turned into flows (students
 * per origin, school and level with their trip cost: what the metrics
 * read), each school's students per grade summed in the same pass over
 * the cells instead of a pass of their own (1.7 million cells a year at
 * 20,000 schools).
 */
#ifndef JH_YEAR_FLOWS_H
#define JH_YEAR_FLOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_scratch.h"
#include "sim/metrics.h"
#include "sim/simulation.h"
#include "travel/travel.h"

/* Compacts the cells (*cells)[0..*n) of a buffer of *cap cells, the
 * first `ordered` in origin order (jh_cells_compact_swap, working in buf:
 * the flows come out in a fixed order), then makes their flows into (*flows)[0..*n_flows), a buffer of
 * *cap_flows kept year after year (grown as need be): a cell joins the
 * last flow when their origin, school and level agree, else starts one
 * with its trip cost (jh_travel_cost_kept; NAN unplaced). In the same
 * pass the students of the cells at a school go into count[school *
 * JH_NGRADES + grade] (n_schools * JH_NGRADES counts, zeroed here).
 * False when out of memory. */
bool jh_year_flows(jh_cell **cells, size_t *cap, size_t *n, size_t ordered, jh_scratch *buf,
                   jh_travel *t, int *count, size_t n_schools, jh_flow **flows,
                   size_t *n_flows, size_t *cap_flows);

#endif
