/*
 * consolidation_other: a consolidation of one level (say primary) that
 * closes a school teaching both levels (nine-year, twelve-year, complete
 * middle) closes its building, so its students of the other level (its
 * junior part) move too. With capacities enforced, both methods hand the
 * layout they chose here: each such school's other-level students (its
 * villages, whole, and its own site's) are given places at schools of the
 * other level only (a junior school when the request is primary: the
 * request's own level is not touched there), the nearest with room in
 * every year checked (places less what they hold then, less what earlier
 * closures were given). A school whose students do not all fit is not
 * closed, and a note says why. The plan then names the receivers:
 * catchment entries of the other level for the villages, and the close
 * entry's `junior_to` (or `primary_to`) for the site's students.
 */
#ifndef JH_CONSOLIDATION_OTHER_H
#define JH_CONSOLIDATION_OTHER_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"
#include "sim/metrics.h"
#include "travel/travel.h"

/* One closing school's clients [0..n) placed each whole at the cheapest of
 * the nr receivers (cost[k * nr + r], INFINITY: unreachable; ties to the
 * lower r) whose room holds its demand in every year (demand[k * ny + y],
 * room[r * ny + y], taken from room). All or none: when a client fits
 * nowhere, room is left as it was, to[] is undefined and the client's
 * index is returned; else -1 with to[k] the receiver of client k. */
long jh_other_assign_group(size_t n, size_t nr, int ny, const double *demand,
                           const double *cost, double *room, int *to);

typedef struct jh_other_request {
    const jh_county *c;
    const jh_rules *rules;
    jh_level level;            /* the request's level; the other one moves here */
    int year;                  /* the request's year (flows[0]) */
    int ny;                    /* years checked: flows[0..ny) */
    const jh_flow *const *flows;
    const size_t *n_flows;
} jh_other_request;

/* closed[i] (per school): the layout closes school i. Each closed school
 * teaching both levels, in index order, gets places for its other-level
 * students; one that cannot stays open (closed[i] set false, and a note in
 * `notes`). village_to[v] / site_to[i] receive the receivers (-1: none
 * chosen). Returns the number of schools kept open, -1 out of memory. */
long jh_other_level_place(const jh_other_request *q, bool *closed, int *village_to,
                          int *site_to, jh_warnings *notes);

/* Travel cost from origin (a village, or -1 - school: that school's site)
 * to school, as every consolidation method counts it: od.csv's for a
 * village when the county has one (a pair it lacks: unreachable, INFINITY),
 * else the straight line. */
double jh_consolidation_cost(const jh_county *c, int origin, int school);

/* Adds the receivers to `plan`: a catchment entry of the other level per
 * receiver (its villages by index) and the receiver of each closed
 * school's own-site students on its close entry (the school taken out of
 * a shared entry into one of its own). 0, or -1 out of memory. */
int jh_other_level_write(const jh_other_request *q, const int *village_to, const int *site_to,
                         jh_scenario *plan, long line);

#endif
