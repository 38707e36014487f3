/*
 * roads: travel costs on a road network (data.roads). The lines become a
 * graph — junctions where vertices meet within data.road_snap_m (or only
 * at line ends, data.road_junctions: ends) — and every village and school
 * is joined to the nearest point of a road its mode may use by a straight
 * connector walked at travel.walk_kmh. From each school a Dijkstra search
 * (binary heap) on the reversed graph, bounded by the largest distance
 * limit of the levels it serves times travel.search_factor, gives the
 * village-to-school costs in metres or minutes (travel.units); a village
 * left without a school of a level is searched from outward until its
 * three nearest schools of that level are found. The pairs fill county->od
 * exactly as od.csv would (absent pair: unreachable), so assignment,
 * access figures, boarding and the optimiser use them unchanged. Costs are
 * rounded to 0.001 (a millimetre, or 0.06 s), so that the od.csv
 * `junheng travel` writes reproduces them exactly.
 */
#ifndef JH_ROADS_H
#define JH_ROADS_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* Builds county->od (and county->roads) from sc->travel.roads_path. */
jh_status jh_roads_build_od(jh_county *county, const jh_scenario *sc, jh_error *err);

/* jh_county_load, then the road network's costs when the scenario gives
 * data.roads: what every command loads a county with. */
jh_status jh_county_load_travel(jh_county *county, const jh_scenario *sc, jh_error *err);

/* The travel mode of a school's trips: the mode of the lowest level it
 * serves (a nine-year school is reached as its primary pupils reach it). */
jh_travel_mode jh_roads_school_mode(const jh_scenario *sc, const jh_school *s);

#endif
