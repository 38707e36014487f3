/*
 * consolidation: "which schools should we keep?" — turns a scenario's
 * `optimise.consolidation` request and the students of the requested year
 * into a facility-location problem (engine/optimise/facility.h), solves it,
 * and writes the answer back as ordinary interventions, so that the plan is
 * measured by the same simulation as any hand-made scenario.
 *
 * The students of each village in the requested year come from simulating
 * the scenario up to that year; the schools that can stay are those open
 * then that take students of the level, plus candidate sites (schools of
 * type candidate in the layer, and build entries flagged candidate).
 */
#ifndef JH_CONSOLIDATION_H
#define JH_CONSOLIDATION_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"
#include "sim/simulation.h"

/* Proposes a plan under `method: p_median`: the pure facility problem,
 * none of the bureau's constraints (OR-Library instances).
 *   scenario: with consolidation.requested.
 *   state:    the county as simulated up to the request's year (the final
 *             county of a run ending that year), and `flows` that year's
 *             flows (students per origin, school and level).
 * On success: *result holds the objective (sum of students x travel cost in
 * the cost table's units, for the proposed layout), kept and closed ids and
 * seconds. `plan` is a second, separately loaded copy of the scenario: the
 * proposal is added to it as interventions of the request's year (closures,
 * candidate sites built, each village's students directed to its school by
 * catchment entries) and its optimise block is switched off, so that
 * jh_scenario_write (sim/scenario_io.h) turns it into plan.yaml. Free the
 * result with jh_consolidation_result_free (sim/simulation.h). */
jh_status jh_consolidation_propose(const jh_scenario *scenario, const jh_county *state,
                                   const jh_flow *flows, size_t n_flows,
                                   jh_consolidation_result *result, jh_scenario *plan,
                                   jh_error *err);


/* Every request but `method: p_median` (consolidation_phased.c): only the
 * villages of closed schools move, villages nearer to a new school send it
 * their entrants (everyone with phasing: all), under the bureau's
 * constraints (README, Optimisers), whatever the assignment rule. `state`
 * is the county in the request's year, `base` doing nothing over the whole
 * horizon (with its year_flows). Adds the closures, the builds of the
 * sites opened and the catchment entries that change to `plan`. With
 * `progress`, the search's stage and best objective go to stderr. When
 * `measured` is not NULL and the simulation measured the layout chosen
 * (objective: balance), its run and its plan scenario (named NAME-plan)
 * are handed over there: the plan's own run, the caller's to free (the
 * run first, then the scenario); else *measured_plan is NULL. */
jh_status jh_consolidation_phased(const jh_scenario *scenario, const jh_county *state,
                                  const jh_run_result *base, jh_consolidation_result *res,
                                  jh_scenario *plan, bool progress, jh_run_result *measured,
                                  jh_scenario **measured_plan, jh_error *err);

/* True when the request goes to jh_consolidation_phased: every request
 * but `method: p_median` (the pure facility problem, kept for OR-Library
 * instances without school semantics). */
bool jh_consolidation_is_phased(const jh_scenario *scenario);

/* A candidate site of the level (a school of type candidate, or a build
 * entry flagged candidate, not yet built). */
bool jh_consolidation_is_site(const jh_school *s, jh_level level);

/* Adds to `plan` the build that opens candidate site `s` in `year` (an
 * existing candidate build entry becomes real). 0, or -1 out of memory. */
int jh_consolidation_open_site(jh_scenario *plan, const jh_school *s, jh_level level, int year, long line);

#endif
