/*
 * trip_costs: the cost of each trip (origin, school) of last year's flows,
 * kept for this year's. A trip's cost never changes within a run (no
 * school moves; the od table is fixed), and a year's flows are mostly
 * last year's trips, so the year loop looks each one up (one walk in
 * step with the flows, both in (origin, school) order) instead of
 * computing it again (jh_travel_cost: a square root, or a search of the
 * village's od pairs).
 */
#ifndef JH_TRIP_COSTS_H
#define JH_TRIP_COSTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/metrics.h"
#include "travel/travel.h"

typedef struct jh_trip_cost {
    int origin, school;
    double cost;
} jh_trip_cost;

/* Zeroed to start; jh_trip_costs_free when done. */
typedef struct jh_trip_costs {
    jh_trip_cost *v;  /* last year's trips, by (origin, school) */
    size_t n, cap;
    size_t at;        /* where the lookups have reached */
} jh_trip_costs;

/* jh_travel_cost(t, origin, school) of a trip to a school (>= 0): last
 * year's figure when it had the trip, else computed. The year's calls
 * come in (origin, school) order. */
double jh_trip_costs_get(jh_trip_costs *tc, const jh_travel *t, int origin, int school);

/* The trips of the year's flows f[0..n) (in (origin, school, level)
 * order), kept for next year's lookups. False, the old ones dropped (the
 * next year computes every cost), when memory is short. */
bool jh_trip_costs_keep(jh_trip_costs *tc, const jh_flow *f, size_t n);

void jh_trip_costs_free(jh_trip_costs *tc);

#endif
