/*
 * scenario_migration: the `migration:` and `inflow:` blocks of a scenario
 * (README, "Migration"), read with the strict readers of scenario_yaml.h
 * and written back for plan.yaml. Internal to engine/sim: scenario_read.c
 * and scenario_write.c call these.
 */
#ifndef JH_SCENARIO_MIGRATION_H
#define JH_SCENARIO_MIGRATION_H

#include "sim/scenario_yaml.h"

/* migration: {internal: {AREA: share}, destinations: {AREA: share},
 *             external: {AREA: share}} */
jh_status jh_scenario_parse_migration(jh_yaml_reader *c, yaml_node_t *n);
/* inflow: one entry or a list of {year | per_year, area | village,
 * grades: {G: N}, public_share} */
jh_status jh_scenario_parse_inflow(jh_yaml_reader *c, yaml_node_t *n);

/* Both blocks, when the scenario has them. */
void jh_scenario_write_migration(jh_yaml_writer *w, const jh_scenario *s);

#endif
