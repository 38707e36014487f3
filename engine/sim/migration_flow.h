/*
 * migration_flow: migration applied to the enrolled (README, "Migration").
 * The demography model says what a year did to each village's children
 * (models/demography.h); this moves the village's students of every grade
 * the same way: leavers come off their school's cells, arrivals and
 * migrant children (inflow) are handed back to the yearly loop to be
 * placed by the assignment rule. Internal leavers become arrivals in the
 * villages the children went to, so internal migration conserves the
 * county's students exactly. Internal to engine/sim.
 */
#ifndef JH_MIGRATION_FLOW_H
#define JH_MIGRATION_FLOW_H

#include <stdbool.h>

#include "county.h"
#include "demography.h"
#include "scenario.h"
#include "jh_scratch.h"
#include "sim/simulation.h"

typedef struct jh_migration_flow jh_migration_flow;

/* Students placed by the loop: `count` of `grade` from village `origin`.
 * Returns 0, or -1 when out of memory. */
typedef int (*jh_arrive_fn)(void *ctx, int origin, int grade, int count);

/* The year's tallies per level (of the grade the students are in this
 * year). */
typedef struct jh_migration_tally {
    long left[JH_NLEVELS];           /* students who left their village */
    long arrived[JH_NLEVELS];        /* students who came (internal and external) */
    long inflow[JH_NLEVELS];         /* migrant children for public schools */
    long inflow_private[JH_NLEVELS]; /* migrant children in private schools */
} jh_migration_tally;

/* Warns (into `warnings`) when migration rates or migration.csv are given
 * beside a projection table the enrolled follow: they move only the
 * children the table does not give. */
jh_status jh_migration_flow_create(jh_migration_flow **out, const jh_county *c,
                                   const jh_scenario *sc, jh_warnings *warnings, jh_error *err);
void jh_migration_flow_free(jh_migration_flow *f);

/* After the demography moved to this year and before promotion: last
 * year's cells (grade g) lose their leavers; arrivals come in grade g + 1.
 * Villages in `fixed` (students given, not ages) and school sites are left
 * as they are. entrants[v] gets each other village's entrants of the year,
 * read while its children are at hand: its six-year-olds times the intake
 * rate, rounded down or up as the remainder *entrant_remainder running
 * over the villages says, so the county's entrants are its six-year-olds
 * exactly (internal migration moves fractions of children between them).
 * The cells must be as compaction left them (sim/cells_sort.h: each
 * origin's together, origins ascending, by school then grade, no two
 * alike): they are walked village by village as they lie. */
jh_status jh_migration_flow_year(jh_migration_flow *f, const jh_demography *d, jh_cell *cells,
                                 size_t n_cells, const bool *fixed, jh_arrive_fn arrive,
                                 void *ctx, jh_migration_tally *tally, double *entrant_remainder,
                                 int *entrants, jh_error *err);

/* This year's migrant children of the scenario's inflow entries, in their
 * grade; public_share of each entry (rounded, remainder carried) arrive,
 * the rest are counted as private. Area entries are shared among the
 * area's villages by population. */
jh_status jh_migration_flow_inflow(jh_migration_flow *f, const jh_demography *d, int year,
                                   const bool *fixed, jh_arrive_fn arrive, void *ctx,
                                   jh_migration_tally *tally, jh_error *err);

#endif
