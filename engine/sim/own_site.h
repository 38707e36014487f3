/*
 * own_site: the base year's students beyond their catchment villages'
 * children, given to the villages short of theirs (README, "Students
 * whose village is not known").
 *
 * attribute_base_year (simulation.c) gives each school's observed students
 * to the villages whose school it is, up to their children; what is left
 * stays at the school's own site. When the enrolled follow a projection
 * table (migration.enrolled: follow), a village whose schools reported
 * fewer students than the table's children would gain the difference as
 * arrivals the next year while the own-site students stay where they are:
 * the same children counted twice until they leave. So, at the base year,
 * own-site students are given to the villages short of their projected
 * count, grade by grade, the nearest village to the school first: villages
 * of the school's own district (学区, by their catchment school) before
 * any other, at equal cost the lower village index. They stay enrolled at
 * that school (a village's catchment does not pull them back) and from
 * then on move with their village like its other students. What no
 * village lacks stays at the school's own site and is reported. Special
 * and vocational schools keep their own. Internal to engine/sim.
 */
#ifndef JH_OWN_SITE_H
#define JH_OWN_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "demography.h"
#include "scenario.h"
#include "sim/simulation.h"
#include "travel/travel.h"

typedef struct jh_own_site jh_own_site;

/* Adds a cell of `count` students (0, or -1 out of memory). */
typedef int (*jh_own_site_push_fn)(void *ctx, int origin, int school, int grade, int count);

/* What the attribution did, per level (for the tests and the warnings). */
typedef struct jh_own_site_tally {
    long attributed[JH_NLEVELS]; /* own-site students given to a village */
    long kept[JH_NLEVELS];       /* own-site students left at their school's
                                    site (schools taking ordinary students) */
} jh_own_site_tally;

/* Only when the enrolled follow a projection table (projections.csv given,
 * migration.enrolled not keep_share; else *out is NULL and nothing moves):
 * gives own-site students among cells[0..n_cells) (the base year's) to
 * villages short of their children of the grade's age times the grade's
 * cumulative enrolment rate (the scenario's intake, promotion and
 * transition rates), through `push` (their own-site cells
 * shrink). Villages in `fixed` (students given, not ages) take none.
 * Warns (into `w`) how many were given and which schools keep own-site
 * students. *out is the set of (village, school) pairs made, for
 * jh_own_site_keeps; NULL when there are none. `tally` may be NULL. */
jh_status jh_own_site_attribute(jh_own_site **out, const jh_county *c, const jh_scenario *sc,
                                const jh_travel *t, const jh_demography *d,
                                const bool *fixed, jh_cell *cells, size_t n_cells,
                                jh_own_site_push_fn push, void *ctx, jh_own_site_tally *tally,
                                jh_warnings *w, jh_error *err);

/* Whether the village's students at `school` came there by the
 * attribution (they stay while the school takes them). */
bool jh_own_site_keeps(const jh_own_site *o, int village, int school);

void jh_own_site_free(jh_own_site *o);

#endif
