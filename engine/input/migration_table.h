/*
 * migration_table: the county's side of migration (README, "Migration"):
 * migration.csv (from_village or from_area, to_village or to_area, year,
 * age, count) read into the county's moves, and the scenario's migration
 * references checked against the villages — an inflow naming an unknown
 * village, an inflow or destination area with no village to receive.
 * Bad input exits 2 naming the file, the line and the field.
 */
#ifndef JH_MIGRATION_TABLE_H
#define JH_MIGRATION_TABLE_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* `villages_file` names the village layer in messages. */
jh_status jh_migration_load(jh_county *c, const jh_scenario *sc, const char *villages_file,
                            jh_error *err);

#endif
