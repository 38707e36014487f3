/*
 * simulation: runs one scenario year by year over its horizon
 * (DESIGN.md, "Data flow"):
 *   demography -> assignment -> classes -> staffing -> indicators
 * and keeps what each year measured, for the writers (summary.json,
 * metrics.csv, schools.csv, report.html, result layers).
 */
#ifndef JH_SIMULATION_H
#define JH_SIMULATION_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "sim/metrics.h"
#include "scenario.h"
#include "workforce.h"

typedef struct jh_year_result {
    int year;
    jh_year_metrics metrics;     /* levels and per-school rows */
    jh_teacher_year teachers;
    double cost_wan;             /* construction cost spent this year */
    int schools_closed;          /* closed this year */
    int schools_built;           /* opened this year */
    jh_school_status *status;    /* every school's status this year (n_schools
                                    of the final county; schools built later
                                    are JH_STATUS_CANDIDATE here) */
} jh_year_result;

/* What a consolidation optimiser did (DESIGN.md: optimisation.consolidation). */
typedef struct jh_consolidation_result {
    double objective;            /* sum of students x travel cost */
    char **kept, **closed;       /* school ids */
    size_t n_kept, n_closed;
    double seconds;
    jh_level level;
    int year;
} jh_consolidation_result;

/* Releases what a consolidation optimiser reported and zeroes it. */
void jh_consolidation_result_free(jh_consolidation_result *r);

typedef struct jh_run_result {
    const jh_scenario *scenario; /* not owned */
    jh_county *county;           /* final state (owned) */
    jh_year_result *years;
    size_t n_years;
    int first_pass_year[JH_NLEVELS][2]; /* [level][standard], 0 = never */
    double total_cost_wan;
    jh_flow *final_flows;        /* final year's village -> school flows */
    size_t n_final_flows;
    bool has_consolidation;
    jh_consolidation_result consolidation;
} jh_run_result;

/* Runs the scenario on the county (the county is taken over by the result
 * and changed by the interventions). */
jh_status jh_simulate(jh_run_result *out, const jh_scenario *scenario,
                      jh_county *county, jh_error *err);

void jh_run_result_free(jh_run_result *r);

#endif
