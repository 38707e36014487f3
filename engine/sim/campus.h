/*
 * campus: what a plan's shape does to the measures beyond the yearly loop
 * itself — schools of two campuses measured as one (merge ... campus:
 * keep, 一校两区), capital spent on a school the plan closes later, and
 * the run result's own bookkeeping (idle premises, freeing).
 */
#ifndef JH_CAMPUS_H
#define JH_CAMPUS_H

#include "sim/metrics.h"
#include "sim/simulation.h"

/* jh_metrics_compute_with (in `work`'s buffers), with each school's
 * campuses (main_campus) pooled into it: students, classes, rooms,
 * resources and teachers (`staff`, or the layer's counts when NULL) count
 * at the main school, and the campuses are not schools of their own. */
jh_status jh_campus_metrics(jh_year_metrics *out, const jh_county *county, const jh_rules *rules,
                            const jh_level_staff *staff, const jh_flow *flows, size_t n_flows,
                            jh_warnings *warnings, jh_metrics_work *work, jh_error *err);

/* A plan warning (to out's plan warnings and items and the county's warnings) for every expand,
 * add_beds or build entry on a school that a later entry closes or merges
 * away (campus: close). */
void jh_plan_warn_capital(const jh_scenario *sc, jh_county *c, jh_run_result *out);

#endif
