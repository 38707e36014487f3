/*
 * year_count: the year loop's per-school figures taken in packed arrays
 * (a byte or nine counts per school) rather than in the school records,
 * which are spread over the memory of a large county.
 */
#ifndef JH_YEAR_COUNT_H
#define JH_YEAR_COUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/simulation.h"

/* bits[i] = bit l set when school i's type serves level l
 * (jh_school_serves), for every school of c. */
void jh_year_serve_bits(const jh_county *c, unsigned char *bits);

/* Every school's students per grade from count[school * JH_NGRADES +
 * grade] (jh_year_flows sums them), then its classes under the caps and
 * the rooms there are: classrooms, else base_classes[i] when > 0, else no
 * limit (the observed classes are kept in the base year). */
void jh_year_set_students(jh_county *c, const jh_rules *rules, const int *count,
                          const int *base_classes, bool base_year);

#endif
