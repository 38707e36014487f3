/*
 * scenario_data: the keys of `data:` that map a county's own data onto the
 * canonical inputs — values, where, geometry, school_tables,
 * village_tables (docs/DATA.md) — read with the strict readers of
 * scenario_yaml.h and written back into plan.yaml, so a plan round-trips.
 */
#ifndef JH_SCENARIO_DATA_H
#define JH_SCENARIO_DATA_H

#include "scenario.h"
#include "sim/scenario_yaml.h"

/* Reads the keys above from the `data` map (the others are read by
 * scenario_read.c); a key absent leaves its default. */
jh_status jh_scenario_read_data_maps(jh_yaml_reader *c, yaml_node_t *data);

/* Writes them into the open `data` map; paths relative to out_dir. */
void jh_scenario_write_data_maps(jh_yaml_writer *w, const jh_scenario *s, const char *out_dir);

#endif
