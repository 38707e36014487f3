/*
 * plan_check: warnings for a plan that loads but is suspicious, told before
 * anything is simulated (by `validate`, and by every run):
 * - a close whose students_to school does not teach a level the closed
 *   school teaches (those students cannot go there);
 * - an expand that adds nothing (no classrooms, places or resources, or
 *   only places to a school without a capacity limit);
 * - od.csv coverage: villages with children of a level and no reachable
 *   school of that level in od.csv, by level, with the children;
 * - villages whose catchment school (对口) is more than 3x as far as their
 *   nearest school of the level.
 * Each is one line naming the scenario file and line, or the file and the
 * first ids.
 */
#ifndef JH_PLAN_CHECK_H
#define JH_PLAN_CHECK_H

#include "county.h"
#include "scenario.h"

/* How much farther than the nearest school a catchment school may be. */
#define JH_CATCHMENT_FAR_RATIO 3.0
/* The nearest school counts as at least this far (metres; minutes / 100
 * for costs in minutes: 10 min) so a village beside a school is not
 * flagged for any catchment. */
#define JH_CATCHMENT_NEAR_FLOOR_M 1000.0

struct jh_run_result;

/* Adds the warnings to the county's warnings, each once however often it
 * is called (a county simulated under several scenarios), and, when out
 * is not NULL, to out's plan warnings with each one's data in its plan
 * items (so the pages tell them in their own language). */
void jh_plan_check(const jh_scenario *sc, jh_county *c, struct jh_run_result *out);

/* teachers.rotation within: district, with a district that has one school
 * of a level: its teachers of that level have nowhere to rotate to (a
 * warning in the county's list; the plan still runs and reports the
 * shortfall). */
void jh_plan_warn_lonely_districts(jh_county *c);

#endif
