/*
 * layer_style: QGIS styles (.qml) for the result layers (layer_style.c):
 * schools.qml and assignments.qml beside the Shapefiles, and one per layer
 * of results.gpkg (results_schools.qml, results_assignments.qml,
 * results_catchments.qml), which results_gpkg.c also stores in the
 * GeoPackage's layer_styles table as each layer's default style, so the
 * layers open styled in QGIS.
 */
#ifndef JH_OUTPUT_LAYER_STYLE_H
#define JH_OUTPUT_LAYER_STYLE_H

#include "jh_error.h"
#include "sim/simulation.h"

/* The styles, by the layer they belong to. */
typedef enum {
    JH_STYLE_SCHOOLS_SHP = 0,
    JH_STYLE_ASSIGNMENTS_SHP,
    JH_STYLE_GPKG_SCHOOLS,
    JH_STYLE_GPKG_ASSIGNMENTS,
    JH_STYLE_GPKG_CATCHMENTS,
    JH_NSTYLES
} jh_layer_style;

/* The .qml text of a style (malloc'd, NUL-terminated); NULL when out of
 * memory. */
char *jh_layer_style_qml(jh_layer_style s);

/* The file name of a style's .qml beside the layer ("schools.qml", ...). */
const char *jh_layer_style_file(jh_layer_style s);

/* Writes every style's .qml into the run folder `dir`. */
jh_status jh_output_write_layer_styles(const jh_run_result *r, const char *dir, jh_error *err);

#endif
