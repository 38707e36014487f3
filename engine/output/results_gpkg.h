/*
 * results_gpkg: results.gpkg, the result layers for every year
 * (results_gpkg.c): schools, assignments and catchments, each with a
 * `year` field, in the working CRS.
 */
#ifndef JH_OUTPUT_RESULTS_GPKG_H
#define JH_OUTPUT_RESULTS_GPKG_H

#include "jh_error.h"
#include "sim/simulation.h"

jh_status jh_output_write_gpkg(const jh_run_result *r, const char *path, jh_error *err);

#endif
