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
#include "verdicts.h"
#include "workforce.h"

#define JH_VERDICT_COUNTY JH_NLEVELS /* index of the county in the verdict arrays */

/* So many students of one grade (0..8), from one origin (a village >= 0,
 * or jh_origin_of_school(s) for a school's own site), at one school (-1:
 * unplaced): the state the yearly loop carries (simulation.c), and every
 * year's copy the outputs read. School and grade share one int (12 bytes
 * a cell, not 16: a 20,000-school county keeps ~1.5M cells a year): school
 * indexes up to 2^26 - 1, far above any county's. */
#define JH_CELL_MAX_SCHOOL ((1 << 26) - 1)
typedef struct jh_cell {
    int origin;
    signed int school : 27;
    signed int grade : 5;
    int count;
} jh_cell;

typedef struct jh_year_result {
    int year;
    jh_year_metrics metrics;     /* levels and per-school rows */
    jh_teacher_year teachers;
    double cost_wan;             /* construction cost spent this year */
    int schools_closed;          /* closed this year */
    int schools_built;           /* opened this year */
    jh_county_verdict county;    /* both levels together */
    jh_cell *cells;              /* the year's students by origin, school and
                                    grade, in (origin, school, grade) order */
    size_t n_cells;
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
    double lower_bound;          /* proven lower bound on the objective for
                                    the number of schools kept (Lagrangian);
                                    0 when the search gives none */
    jh_flow *before_flows;       /* the request year's flows without the
                                    plan (indexes into the plan run's
                                    county), for the moves it causes */
    size_t n_before_flows;
    /* villages split between two schools (no whole-village plan found,
     * optimise.consolidation.split_villages: when_needed): part of
     * `village`'s `students` (of the level, in the request's year) go to
     * `to`, the rest to `school` */
    struct jh_split_village {
        char *village, *school, *to;
        double part, students;
    } *splits;
    size_t n_splits;
    /* schools the layout would close but keeps: their other level's
     * students found no places (optimise/consolidation_other.h) */
    jh_warnings notes;
} jh_consolidation_result;

/* Releases what a consolidation optimiser reported and zeroes it. */
void jh_consolidation_result_free(jh_consolidation_result *r);

/* A closed school's buildings, left behind (闲置校舍). */
typedef struct jh_idle_premises {
    char *school;                /* id */
    int year;                    /* closed at the start of that school year */
    double building_m2;
    int classrooms;
} jh_idle_premises;

/* A limit the plan breaks, as data, so each page tells it in its own
 * language (the text of plan_warnings is the console's, in English). */
typedef enum {
    JH_PLAN_OVER_SIZE,           /* school over the size limit from year */
    JH_PLAN_OVER_CAPACITY,       /* school over its capacity (limit = places) */
    JH_PLAN_CLOSURE_CAPACITY,    /* closing `other` sends students over capacity */
    JH_PLAN_CLOSURE_SIZE,        /* ... over the size limit */
    JH_PLAN_EXPANSION_OVER_SIZE, /* expanded while over the size limit */
    JH_PLAN_CAPITAL_CLOSED,      /* capital (iv_kind, cost_wan) on a school
                                    the plan closes in close_year */
    JH_PLAN_CONVERT_NO_TEACHERS, /* converted to serve junior, no junior teachers */
    JH_PLAN_MERGE_FAR,           /* `other` merged into school, km apart > limit_km */
    JH_PLAN_SPLIT_BEYOND_VILLAGE, /* a catchment `split` of village id_a to school
                                    asks `students` of `level`; it had `limit`
                                    enrolled elsewhere (scenario `line`) */
    /* plan_check (before the simulation; schools by id in id_a / id_b,
     * the scenario's line in `line`): */
    JH_PLAN_STUDENTS_TO_LEVEL,   /* close id_a (type_a), students_to id_b (type_b),
                                    which does not teach `levels` (bit per level) */
    JH_PLAN_EXPAND_NOTHING,      /* expand id_a adds nothing */
    JH_PLAN_EXPAND_PLACES_ONLY,  /* expand id_a adds `limit` places to a school
                                    without a capacity limit */
    JH_PLAN_OD_UNREACHABLE,      /* `limit` villages with `students` children of
                                    `level` reach no school of it in od.csv (ids) */
    JH_PLAN_CATCHMENT_FAR        /* `limit` villages whose `level` catchment school is
                                    more than km times as far as the nearest (ids) */
} jh_plan_item_kind;

typedef struct jh_plan_item {
    jh_plan_item_kind kind;
    int school;                  /* index into the final county */
    int other;                   /* the closed school, or -1 */
    int year;
    long students;
    long limit;                  /* size limit or places */
    bool already;                /* the receiving school was already over */
    int iv_kind;                 /* jh_intervention_kind (capital) */
    double cost_wan;
    int close_year;
    double km, limit_km;
    long line;
    int level;
    int type_a, type_b;
    unsigned levels;
    char id_a[64], id_b[64];
    char ids[200];               /* the first ids, ", " between, "..." after */
} jh_plan_item;

typedef struct jh_run_result {
    const jh_scenario *scenario; /* not owned */
    jh_county *county;           /* final state (owned) */
    jh_year_result *years;
    size_t n_years;
    /* [level or JH_VERDICT_COUNTY][standard]: quality is the level's
     * resource verdict, for the county the full quality verdict */
    int first_pass_year[JH_NLEVELS + 1][2]; /* first year it holds, 0 = never */
    int pass_from_year[JH_NLEVELS + 1][2];  /* holds every year from it to the
                                               end; 0 = fails in the final year */
    bool final_year_pass[JH_NLEVELS + 1][2];
    jh_warnings plan_warnings;   /* limits the plan breaks (also in the
                                    county's warnings), one per school and kind */
    jh_plan_item *plan_items;    /* the same as data, in the same order */
    size_t n_plan_items;
    size_t cap_plan_items;       /* plan_items' room (jh_array_grow) */
    double total_cost_wan;
    jh_flow *final_flows;        /* final year's village -> school flows */
    jh_flow **year_flows;        /* every year's flows (n_years), for optimisers */
    size_t *n_year_flows;
    size_t n_final_flows;
    jh_idle_premises *idle;      /* closed schools' buildings, by year */
    size_t n_idle;
    bool has_consolidation;
    jh_consolidation_result consolidation;
    /* what the schedule optimiser chose (optimise/schedule.h), not owned;
       NULL for other runs */
    const struct jh_schedule_result *schedule;
    /* the rotation look-ahead's verdict (engine/sim/rotation_plan.c): which
       plan was adopted and why; "" when it did not run */
    char rotation_plan[640];
} jh_run_result;

/* Fills first_pass_year, pass_from_year and final_year_pass from the
 * years' verdicts (jh_simulate calls it; callers that assemble a result
 * themselves may too). */
void jh_run_result_verdict_years(jh_run_result *r);

/* Runs the scenario on the county (the county is taken over by the result
 * and changed by the interventions). With a rotation share above the
 * rules' minimum, through the rotation look-ahead (rotation_plan.h): two
 * or three runs of jh_simulate_once. */
jh_status jh_simulate(jh_run_result *out, const jh_scenario *scenario,
                      jh_county *county, jh_error *err);

/* One run of the scenario as it says (simulation.c), no look-ahead. */
jh_status jh_simulate_once(jh_run_result *out, const jh_scenario *scenario,
                           jh_county *county, jh_error *err);

void jh_run_result_free(jh_run_result *r);

/* Appends a plan item; -1 out of memory. */
int jh_run_result_add_plan_item(jh_run_result *r, const jh_plan_item *it);
/* Lists a closed school's buildings as idle premises; -1 out of memory. */
int jh_run_result_add_idle(jh_run_result *r, const jh_school *s, int year);

#endif
