/*
 * travel: what a trip from a village (or a school's own site) to a school
 * costs, and which open school is nearest. Costs are straight-line metres in
 * the working CRS, or — when the scenario gives od.csv — the router's cost,
 * with a pair absent from the table unreachable (INFINITY).
 */
#ifndef JH_TRAVEL_H
#define JH_TRAVEL_H

#include <stdbool.h>

#include "county.h"

typedef struct jh_travel jh_travel;

/* An origin is a village (index >= 0) or a school's own site, for students
 * whose village is not known (encode as -1 - school). */
static inline int jh_origin_of_school(int school) { return -1 - school; }

jh_travel *jh_travel_create(const jh_county *county);
void jh_travel_free(jh_travel *t);

/* Call after schools open, close or change type: rebuilds the per-level
 * indexes of open schools. */
jh_status jh_travel_layout_changed(jh_travel *t, jh_error *err);
/* As jh_travel_layout_changed when school i is the only change since the
 * last call (it closed or stopped serving a level): i is taken out of the
 * indexes of the levels it no longer takes students of. */
jh_status jh_travel_school_closed(jh_travel *t, int i, jh_error *err);

double jh_travel_cost(const jh_travel *t, int origin, int school);

/* jh_travel_cost, the same number, remembered per village and level: the
 * last two schools asked for and their costs (the yearly flows ask for
 * the same trips year after year; 12 MiB at 200,000 villages, made again
 * when a school joins or moves). */
double jh_travel_cost_kept(jh_travel *t, int origin, int school, jh_level level);

/* The school taking students of `level` (jh_school_takes_students) with the least cost from origin for which
 * accept(school, ctx) holds (accept may be NULL); -1 when none is
 * reachable. *cost gets the cost. */
int jh_travel_nearest(const jh_travel *t, int origin, jh_level level,
                      bool (*accept)(int school, void *ctx), void *ctx, double *cost);

/* A narrower index for repeated nearest queries over few schools (a
 * search whose accept rejects most schools scans far through the level's
 * index): schools[0..n) (each taking students of the level). NULL when
 * out of memory; free with jh_spatial_index_free. */
struct jh_spatial_index;
struct jh_spatial_index *jh_travel_index(const jh_travel *t, const int *schools, size_t n);

/* jh_travel_nearest among the schools of `ix` (made by jh_travel_index for
 * the level): the same answer as jh_travel_nearest whenever every school
 * accept takes is in ix. With od.csv the village's own list is read. */
int jh_travel_nearest_in(const jh_travel *t, const struct jh_spatial_index *ix, int origin,
                         jh_level level, bool (*accept)(int school, void *ctx), void *ctx,
                         double *cost);

/* Whether a school is open (open or new) and serves the level. */
bool jh_school_is_open(const jh_school *s);
/* Whether ordinary students of the level can be placed there: open, serving
 * the level, and not a special-education or vocational school. */
bool jh_school_takes_students(const jh_school *s, jh_level level);

#endif
