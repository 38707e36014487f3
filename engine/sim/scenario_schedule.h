/*
 * scenario_schedule: reads and writes a scenario's optimise.schedule block
 * (jh_schedule_request, scenario.h; README, "Construction schedule").
 */
#ifndef JH_SCENARIO_SCHEDULE_H
#define JH_SCENARIO_SCHEDULE_H

#include "sim/scenario_yaml.h"

/* Parses the block `n` (a map) into c->s->schedule; the horizon is read. */
jh_status jh_scenario_parse_schedule(jh_yaml_reader *c, yaml_node_t *n);

/* optimise.schedule.candidates given as a list (`n` a sequence):
 * scenario_schedule_list.c. Sites made from x/y join the interventions as
 * build entries with candidate: true. */
jh_status jh_scenario_parse_schedule_list(jh_yaml_reader *c, yaml_node_t *n);

#endif
