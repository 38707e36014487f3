/*
 * inputs: loads a scenario's county — the schools and villages layers, the
 * optional projections, teachers and travel-cost tables — into a
 * jh_county in the working CRS, and checks it (the contract: docs/DATA.md).
 * Bad input returns JH_ERR_INPUT with a message naming the file, the record
 * or line, the field and what was expected; suspicious but legal data adds
 * warnings to county->warnings.
 */
#ifndef JH_INPUTS_H
#define JH_INPUTS_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* The canonical field names of the two layers, NULL-terminated, in the
 * order docs/DATA.md lists them. */
extern const char *const jh_school_fields[];
extern const char *const jh_village_fields[];

jh_status jh_county_load(jh_county *out, const jh_scenario *scenario, jh_error *err);

/* Adds the schools the scenario's build interventions open, as candidate
 * sites (record -1) until their year; an id that is already a candidate
 * site of the layer is left for the build to open. jh_county_load calls it
 * before reading the tables, so od.csv may name them; the simulation calls
 * it again for counties built in code (it adds nothing twice). */
jh_status jh_county_add_planned_schools(jh_county *c, const jh_scenario *sc, jh_error *err);

#endif
