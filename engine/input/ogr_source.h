/*
 * ogr_source: what every reader of a GDAL/OGR layer does the same way
 * (ogr_source.c): ogr_layer.c (tables and points), boundaries.c (areas)
 * and road_layer.c (lines) — start GDAL, split "county.gpkg:layer" into
 * the file and the layer, export the layer's coordinate system for PROJ,
 * and read attribute text that is not UTF-8 as GBK.
 */
#ifndef JH_INPUT_OGR_SOURCE_H
#define JH_INPUT_OGR_SOURCE_H

#include <stdbool.h>

#include <ogr_srs_api.h>

#include "jh_error.h"
#include "input/text_encoding.h"

/* The start of every OGR read: GDAL's drivers registered and its own
 * messages silenced (ours name the file, the record and the field; once
 * per process), and path split into the file and the layer — for
 * "county.gpkg:schools", when path names no file and holds a ':' past its
 * first character, the file is what stands before the last ':' and the
 * layer what follows; else the file is path and *layer NULL. *file is
 * malloc'd for the caller to free, *layer points into it. */
jh_status jh_ogr_begin(const char *path, char **file, const char **layer, jh_error *err);

/* A coordinate system as WKT for PROJ (WKT2_2019 when wkt2, else GDAL's
 * default WKT1), malloc'd; NULL when it does not export. */
char *jh_ogr_srs_wkt(OGRSpatialReferenceH srs, bool wkt2);

/* Attribute text as UTF-8: s itself when it is; else s decoded as GBK
 * (GB18030; *gbk opened on first use, closed by the caller) into *dec,
 * malloc'd for the caller to free; NULL when it does not decode. */
const char *jh_ogr_utf8(jh_decoder **gbk, const char *s, char **dec);

#endif
