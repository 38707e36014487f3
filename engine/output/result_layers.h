/*
 * result_layers: the result Shapefiles (result_layers.c).
 */
#ifndef JH_OUTPUT_RESULT_LAYERS_H
#define JH_OUTPUT_RESULT_LAYERS_H

#include "jh_error.h"
#include "sim/simulation.h"

/* The result layers (result_layers.c): dir/schools.shp (every school with
 * its final-year figures and status) and dir/assignments.shp (a line from
 * each village to its school, from r->final_flows), each with .shx .dbf,
 * .prj (the working CRS, ESRI WKT) and .cpg ("UTF-8"). */
jh_status jh_output_write_layers(const jh_run_result *r, const char *dir, jh_error *err);

#endif
