/*
 * scenario_roads: the keys of a road network — data.roads,
 * data.road_snap_m, data.road_junctions, the top-level `travel:` map
 * (units, primary, junior, walk_kmh, bike_kmh, search_factor,
 * connector_warn_m) and rules.road_speeds — read strictly and written back
 * into plan.yaml so a plan round-trips (README "Road network").
 */
#ifndef JH_SCENARIO_ROADS_H
#define JH_SCENARIO_ROADS_H

#include "scenario.h"
#include "sim/scenario_yaml.h"

/* The road keys of `data` (data.roads, road_snap_m, road_junctions). */
jh_status jh_scenario_read_road_data(jh_yaml_reader *c, yaml_node_t *data);
/* The top-level `travel:` map. */
jh_status jh_scenario_read_travel(jh_yaml_reader *c, yaml_node_t *n);
/* rules.road_speeds: {class: km/h, ...}, replacing the defaults. */
jh_status jh_scenario_read_road_speeds(jh_yaml_reader *c, yaml_node_t *n);
/* A scenario that gives data.roads and data.travel_costs is an error. */
jh_status jh_scenario_check_roads(jh_yaml_reader *c, yaml_node_t *data);

void jh_scenario_write_road_data(jh_yaml_writer *w, const jh_scenario *s, const char *out_dir);
/* The `travel:` map, only when a road network is given. */
void jh_scenario_write_travel(jh_yaml_writer *w, const jh_scenario *s);
/* The road_speeds entry of the open rules map, when given. */
void jh_scenario_write_road_speeds(jh_yaml_writer *w, const jh_scenario *s);

#endif
