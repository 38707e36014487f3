/*
 * results_gpkg: results.gpkg, the result layers for every year
 * (results_gpkg.c): schools, assignments and catchments, each with a
 * `year` field, in the working CRS.
 */
#ifndef JH_OUTPUT_RESULTS_GPKG_H
#define JH_OUTPUT_RESULTS_GPKG_H

#include "jh_error.h"
#include "sim/simulation.h"

#include <stdatomic.h>

jh_status jh_output_write_gpkg(const jh_run_result *r, const char *path, jh_error *err);

/* The same, checking *stop (when not NULL) before each year's schools and
 * each school's lines and catchment: once another thread sets it, the
 * writer gives up with JH_ERR_RUN ("stopped") and the caller throws the
 * file away. The bytes of a completed file do not depend on stop. */
jh_status jh_output_write_gpkg_until(const jh_run_result *r, const char *path,
                                     const atomic_bool *stop, jh_error *err);

#endif
