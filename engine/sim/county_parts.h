/*
 * county_parts: the parts of a scenario that the county it loads depends
 * on (jh_county_load, and jh_county_load_travel with a road network), so
 * that runs which differ only elsewhere (teachers:, rules, costs, ...)
 * share one load: `junheng sweep` loads a scenario's county once for all
 * its variants unless a swept key is such a part; `junheng compare`
 * loads once for the scenario files whose parts are the same.
 *
 * The parts, as key paths (a path names its subtree): data, interventions,
 * inflow, optimise (consolidation.fixed is checked against the schools),
 * horizon (the projection table's years), rules.distance_minutes,
 * migration.destinations / table / file; with roads also travel and
 * rules.distance_km (the road search's reach and modes). Nothing else of
 * the scenario is read by the loaders but its path, which only errors name.
 */
#ifndef JH_SIM_COUNTY_PARTS_H
#define JH_SIM_COUNTY_PARTS_H

#include <stdbool.h>
#include <stddef.h>

/* Whether key path `path` (dotted, e.g. "rules.distance_km") is, or lies
 * within, a part the county depends on. `roads`: the county is loaded with
 * its road network too (jh_county_load_travel), which adds travel and
 * rules.distance_km. */
bool jh_county_part(const char *path, bool roads);

/* The county-changing parts of scenario file `file` (roads included) as one
 * canonical text: two files whose texts are equal load the same county
 * (the same files, spelled the same way, and the same settings). Scalars
 * are kept as written, each relative one also as joined to the file's
 * folder (what the loader opens), so two files in different folders that
 * name sample-county/x.shp differ. Mapping order is kept (order can
 * matter). NULL when the file cannot be read or parsed, or out of memory:
 * then the scenario loads on its own. Free with free(). */
char *jh_county_parts_key(const char *file);

#endif
