/*
 * boundaries: the optional area layer (data.boundaries) read into the
 * county's jh_boundary list, in the working CRS (boundaries.c).
 */
#ifndef JH_INPUT_BOUNDARIES_H
#define JH_INPUT_BOUNDARIES_H

#include "county.h"
#include "input/crs.h"
#include "jh_error.h"

/* Reads every area of the layer at `path` ("file.shp", "county.gpkg:LAYER")
 * into c->boundaries, moved from the layer's CRS (its .prj, or
 * fallback_crs when it has none) into `work`. Bad input: JH_ERR_INPUT
 * naming the file and the record. */
jh_status jh_boundaries_load(jh_county *c, const char *path, const char *fallback_crs,
                             const jh_crs *work, jh_error *err);

#endif
