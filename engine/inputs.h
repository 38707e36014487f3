/*
 * inputs: loads a scenario's county — the schools and villages layers, the
 * optional projections, teachers and travel-cost tables — into a
 * jh_county in the working CRS, and checks it (DESIGN.md, "Inputs").
 * Bad input returns JH_ERR_INPUT with a message naming the file, the record
 * or line, the field and what was expected; suspicious but legal data adds
 * warnings to county->warnings.
 */
#ifndef JH_INPUTS_H
#define JH_INPUTS_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

jh_status jh_county_load(jh_county *out, const jh_scenario *scenario, jh_error *err);

#endif
