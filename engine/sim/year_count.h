/*
 * year_count: the year loop's per-school sums over every cell, taken in
 * packed arrays (a byte or nine counts per school) rather than in the
 * school records, which are spread over the memory of a large county.
 */
#ifndef JH_YEAR_COUNT_H
#define JH_YEAR_COUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_scratch.h"
#include "sim/simulation.h"

/* bits[i] = bit l set when school i's type serves level l
 * (jh_school_serves), for every school of c. */
void jh_year_serve_bits(const jh_county *c, unsigned char *bits);

/* Every school's students per grade from the cells v[0..n) (cells of no
 * school skipped), then its classes under the caps and the rooms there
 * are: classrooms, else base_classes[i] when > 0, else no limit (the
 * observed classes are kept in the base year). `buf` holds the counts
 * while they are summed. False, nothing changed, when memory is short. */
bool jh_year_count_students(jh_county *c, const jh_rules *rules, const jh_cell *v, size_t n,
                            const int *base_classes, bool base_year, jh_scratch *buf);

#endif
