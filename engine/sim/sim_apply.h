/*
 * sim_apply: what the yearly loop (simulation.c) lends an intervention kind
 * while it applies an entry (sim/interventions/). Internal to engine/sim.
 *
 * A kind changes the county's schools and villages directly; what only the
 * loop holds (where each student is enrolled, which village goes to which
 * school, travel, the teacher roster) it changes through the few
 * operations below, so the loop's state stays private to simulation.c.
 */
#ifndef JH_SIM_APPLY_H
#define JH_SIM_APPLY_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"
#include "sim/simulation.h"

typedef struct jh_sim jh_sim;  /* the loop's own state (simulation.c) */

typedef struct jh_apply {
    jh_county *county;         /* the schools and villages an entry changes */
    const jh_rules *rules;
    const char *path;          /* the scenario file, for messages */
    jh_year_result *year;      /* the year's counts: schools closed, built */
    jh_error *err;
    jh_sim *sim;               /* for the operations below only */
} jh_apply;

/* The students a school can take: its capacity when given, else classrooms
 * x the class-size cap of its first level; INT_MAX when unlimited. */
int jh_apply_capacity(const jh_apply *a, int school);

/* After a school opened, closed or changed type: travel costs and the
 * nearest schools are found again. */
jh_status jh_apply_layout_changed(const jh_apply *a);

/* Closes schools[0..n) one after the other: the students of each wait for
 * a place (at targets[k] when >= 0), villages sent to it follow the target
 * or the nearest school, its teachers go to the target (or the nearest
 * school of its first level, among those still open). A school already
 * closed is left alone. One pass over the students and villages for all.
 * level_targets (NULL, or n x JH_NLEVELS): closure k's students of level l
 * go to level_targets[k * JH_NLEVELS + l] instead when it is >= 0. */
jh_status jh_apply_close_schools(const jh_apply *a, const int *schools, const int *targets,
                                 const int *level_targets, size_t n);

/* Records that a school was expanded this year (a plan warning when it is
 * already over the size limit). */
void jh_apply_mark_expanded(const jh_apply *a, int school);

/* Adds `add`'s teacher counts to a school's roster (expansions, new
 * schools' first staff). */
jh_status jh_apply_add_teachers(const jh_apply *a, int school, const jh_resources *add);

/* A plan warning about `school` (once per school), in the run's list and
 * on the console. */
void jh_apply_plan_warning(const jh_apply *a, int school, const jh_plan_item *it, const char *msg);

/* Under `catchment`: villages (not pinned by a catchment entry) for which
 * `school` is nearer than their school of `level` send their entrants
 * there from now on; students enrolled stay (phased catchments). */
void jh_apply_entrants_to_nearer(const jh_apply *a, jh_level level, int school);

/* Adds `add`'s teacher counts to one level of a school (a conversion's
 * junior teachers). */
jh_status jh_apply_add_teachers_level(const jh_apply *a, int school, jh_level level,
                                      const jh_resources *add);

/* Sends a village's students of `level` to `school` from now on, under
 * every assignment rule (a planner's catchment entry). */
void jh_apply_pin_village(const jh_apply *a, jh_level level, int village, int school);

/* `students` of a village's enrolled students of `level` go to `school`
 * now (the same share of every grade), and that share of its students
 * placed later: a catchment entry's `split` (sim/village_split.h), at the
 * scenario's `line`. Asking more than the village has enrolled elsewhere
 * moves all of them, with a plan warning that says how many there are. */
jh_status jh_apply_split_village(const jh_apply *a, long line, jh_level level, int village,
                                 int school, double students);

/* As jh_apply_pin_village, for the village's entrants only: students
 * enrolled finish where they are. */
void jh_apply_pin_entrants(const jh_apply *a, jh_level level, int village, int school);

/* Enrolled students of `level` whose village is pinned to `school` move
 * there now. */
void jh_apply_move_pinned(const jh_apply *a, jh_level level, int school);

#endif
