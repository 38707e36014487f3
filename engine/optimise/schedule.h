/*
 * schedule: the construction schedule optimiser (optimise.schedule,
 * README "Construction schedule"). From a scenario and its county it
 * derives candidate projects from each retained school's gap to the
 * standard (classrooms where classes exceed the standard size; building
 * m², sports ground, equipment, multimedia and music/art rooms where the
 * school does not comply), then chooses the programme year each starts in
 * (or none) so that every year's spending stays within its budget and the
 * targets are met at least cost, or as early and as nearly as the budget
 * allows. Every schedule is measured by the real simulation (a copy of the
 * county each time), so demography and the scenario's own interventions
 * move the need. Stopping counts evaluations, never the clock.
 */
#ifndef JH_SCHEDULE_H
#define JH_SCHEDULE_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"
#include "sim/simulation.h"

typedef enum { JH_PROJ_CLASSROOMS = 0, JH_PROJ_FACILITIES } jh_project_kind;

enum { JH_TARGET_LARGE_CLASSES = 0, JH_TARGET_QUALITY, JH_NTARGETS };
extern const char *const jh_schedule_target_names[JH_NTARGETS]; /* end_large_classes, quality_pass */

typedef struct jh_schedule_project {
    int school;                /* index in the county */
    char *school_id;           /* owned */
    jh_project_kind kind;
    int classrooms;            /* JH_PROJ_CLASSROOMS */
    jh_resources add;          /* JH_PROJ_FACILITIES: building_m2, sports_m2,
                                  equipment_yuan, multimedia, music, art rooms */
    double cost_wan;
    double benefit;            /* the baseline's need it answers (large
                                  classes or non-compliant levels, summed
                                  over the programme's years and after) */
    int year;                  /* the year it is built; 0: not scheduled */
    char fixes[160];           /* what it fixes, for people */
} jh_schedule_project;

/* How good a schedule is, compared in this order (lower is better). */
typedef struct jh_schedule_score {
    int lateness;              /* years past the targets' `by`, summed (a
                                  target never met counts end + 1) */
    double deficit;            /* of late targets, from their `by` year to
                                  the end: large classes; non-compliant
                                  schools and failing quality CVs */
    double cost_wan;           /* capital spent */
    int year_met[JH_NTARGETS]; /* first year from which the target holds
                                  to the end of the horizon; 0 never or not
                                  asked */
} jh_schedule_score;

typedef struct jh_schedule_result {
    jh_schedule_project *projects; /* every candidate; year != 0 scheduled */
    size_t n_projects;
    int n_years;
    int years[JH_SCHEDULE_MAX_YEARS];
    double budget_wan[JH_SCHEDULE_MAX_YEARS];
    double spend_wan[JH_SCHEDULE_MAX_YEARS];
    bool carry;
    int by[JH_NTARGETS];       /* 0: target not asked */
    jh_schedule_score score, baseline;
    char why[JH_NTARGETS][480]; /* why a target is not met by its year */
    long evaluations;
    bool exhaustive;           /* every schedule was tried */
} jh_schedule_result;

/* Builds the candidates: simulates the scenario as it stands (the
 * baseline), `county` is copied and left as it is. */
jh_status jh_schedule_candidates(const jh_scenario *sc, const jh_county *county,
                                 jh_schedule_result *res, jh_error *err);

/* Scores the schedule res->projects[*].year (a copy of the county is
 * simulated with the scenario's interventions and the scheduled projects). */
jh_status jh_schedule_evaluate(const jh_scenario *sc, const jh_county *county,
                               const jh_schedule_result *res, jh_schedule_score *out,
                               jh_error *err);

/* True when every year's spending is within its budget (carried on when
 * res->carry); spend_wan filled. */
bool jh_schedule_within_budget(jh_schedule_result *res);

/* -1, 0, 1 as a is better, equal, worse than b. */
int jh_schedule_compare(const jh_schedule_score *a, const jh_schedule_score *b);

/* The whole request: candidates, search, and the chosen projects added to
 * `plan` (a separately loaded copy of the scenario) as expand interventions
 * of their years, its schedule request switched off. */
jh_status jh_schedule_optimise(const jh_scenario *sc, const jh_county *county,
                               jh_schedule_result *res, jh_scenario *plan, jh_error *err);

/* Simulates the chosen schedule once more: res->score, spend_wan and why. */
jh_status jh_schedule_explain(const jh_scenario *sc, const jh_county *county, jh_schedule_result *res,
                              jh_error *err);

void jh_schedule_result_free(jh_schedule_result *res);

/* A deep copy of a loaded county (schools, villages, roster, projections,
 * moves, od and indexes); NULL when out of memory. Free with
 * jh_county_free + free. */
jh_county *jh_county_copy(const jh_county *c);

#endif
