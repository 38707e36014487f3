/*
 * schedule_out: the construction schedule's outputs — summary.json
 * `optimisation.schedule` and schedule.csv (one row per candidate project:
 * year, school, project, quantities, cost, what it fixes).
 */
#ifndef JH_SCHEDULE_OUT_H
#define JH_SCHEDULE_OUT_H

#include <jansson.h>

#include "optimise/schedule.h"

/* {targets: {NAME: {by, year_met, baseline_year_met, met, why}},
 *  budget_wan: {YEAR: wan}, spend_wan: {YEAR: wan}, carry, cost_wan,
 *  candidates, scheduled, evaluations, exhaustive, projects: [...]};
 * NULL when out of memory. */
json_t *jh_output_schedule_json(const jh_schedule_result *res);

/* schedule.csv: the scheduled projects by year, then the candidates left
 * out (year empty). */
jh_status jh_output_write_schedule_csv(const jh_schedule_result *res, const char *path, jh_error *err);

#endif
