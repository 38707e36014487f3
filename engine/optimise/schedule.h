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

/* classrooms, facilities: from the gaps (auto); teachers: hiring by kind
 * (auto from the teacher gaps, or a listed `kind: hire`), paid every year
 * from the hire on; expand, new_school: listed candidates. */
typedef enum {
    JH_PROJ_CLASSROOMS = 0,
    JH_PROJ_FACILITIES,
    JH_PROJ_TEACHERS,
    JH_PROJ_EXPAND,
    JH_PROJ_NEW_SCHOOL
} jh_project_kind;
const char *jh_schedule_project_kind_name(jh_project_kind k);

enum { JH_TARGET_LARGE_CLASSES = 0, JH_TARGET_QUALITY, JH_NTARGETS };
extern const char *const jh_schedule_target_names[JH_NTARGETS]; /* end_large_classes, quality_pass */

typedef struct jh_schedule_project {
    int school;                /* index in the county */
    char *school_id;           /* owned */
    jh_project_kind kind;
    int classrooms;            /* JH_PROJ_CLASSROOMS, EXPAND */
    int capacity;              /* JH_PROJ_EXPAND: places added */
    jh_resources add;          /* JH_PROJ_FACILITIES, EXPAND: building_m2,
                                  sports_m2, equipment_yuan, multimedia, music,
                                  art rooms; TEACHERS: teachers and t_* */
    double cost_wan;           /* capital, all stages */
    double pay_wan;            /* TEACHERS: their pay a year (teachers x
                                  rules.unit_costs.teacher_wan), spent every
                                  programme year from the hire on */
    int lead_years;            /* in use lead_years after its start */
    int n_stages;              /* 0: cost_wan spent in the start year */
    double stage_wan[JH_SCHEDULE_MAX_STAGES];
    const jh_intervention *site; /* NEW_SCHOOL: the scenario's candidate build */
    bool fixed;                /* at a school of optimise.schedule.fixed */
    long line;                 /* listed: its line in the scenario; 0 auto */
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
    double cost_wan;           /* spent in the programme years (capital and
                                  the pay of the programme's hires) */
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
    char why[JH_NTARGETS][1024]; /* why a target is not met by its year */
    double short_wan[JH_NTARGETS]; /* a lower bound of the money missing by
                                      the target year (0: none found) */
    char uncovered[JH_NTARGETS][480]; /* failing schools and indicators no
                                         candidate addresses ("" none) */
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

/* What project p spends in programme year index k (0 when not scheduled):
 * its stage of that year, or its hires' pay from their year on. */
double jh_schedule_project_spend(const jh_schedule_result *res, const jh_schedule_project *p, int k);

/* The year project p is in use (its start plus its lead time); 0 when not
 * scheduled. */
int jh_schedule_in_use(const jh_schedule_project *p);

/* True when every year's spending is within its budget (carried on when
 * res->carry) and every scheduled project's stages fall in programme
 * years; spend_wan filled. */
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

/* ---- schedule_listed.c ---- */
/* Hiring candidates from the teacher gaps (retained, non-compliant
 * schools; one project per school hiring the largest kind's shortfall,
 * that many of each kind lacking). `need_t` holds per school the
 * teachers lacking of each kind (above degree, backbone, PE/art, over the
 * programme's years), `retained` and `noncompliant` as for the others. */
typedef struct jh_schedule_need {
    double t[3];
    double noncompliant;
    bool retained;
} jh_schedule_need;
jh_status jh_schedule_add_teachers(jh_schedule_result *res, size_t *cap, const jh_county *county,
                                   const jh_schedule_need *need, const jh_unit_costs *u, jh_error *err);
/* The listed candidates (sc->schedule.candidates) checked against the
 * county (`county` the baseline's, `retained` per school): exit-2 errors
 * naming the file, line and key. */
jh_status jh_schedule_add_listed(const jh_scenario *sc, const jh_county *county, const bool *retained,
                                 jh_schedule_result *res, size_t *cap, jh_error *err);
/* Appends a candidate (its school_id copied). */
jh_status jh_schedule_add_project(jh_schedule_result *res, size_t *cap, const jh_schedule_project *p);
/* The interventions of project p in the order they apply (as many as
 * jh_schedule_entries returns, at most JH_SCHEDULE_MAX_STAGES + 1): spending
 * stages, then the year it is in use; each entry's strings point into p or
 * the scenario (not owned). */
size_t jh_schedule_entries(const jh_schedule_project *p, int end_year, jh_intervention *out);
/* Why the targets are not met: short_wan and uncovered from the run of
 * the chosen schedule. */
void jh_schedule_bound(jh_schedule_result *res, const jh_run_result *r);

/* jh_county_copy (a deep copy of a loaded county) is in county.h. */

#endif
