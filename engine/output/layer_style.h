/*
 * layer_style: schools.qml, the QGIS style beside schools.shp
 * (layer_style.c), so the layer opens styled in QGIS.
 */
#ifndef JH_OUTPUT_LAYER_STYLE_H
#define JH_OUTPUT_LAYER_STYLE_H

#include "jh_error.h"
#include "sim/simulation.h"

jh_status jh_output_write_schools_qml(const jh_run_result *r, const char *path, jh_error *err);

#endif
