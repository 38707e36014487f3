/*
 * road_layer: a county's roads (data.roads) read into polylines in the
 * working CRS with, per line, the speed the bus mode drives it at, its
 * one-way direction and the modes allowed on it. A Shapefile is read
 * through Shapelib, every other format (GeoPackage "roads.gpkg:roads",
 * GeoJSON, FileGDB, ...) through GDAL's OGR. Optional fields (names
 * case-insensitive): class (looked up in rules.road_speeds), speed_kmh
 * (wins over the class), oneway (1/yes/true/FT: along the digitised
 * direction, -1/TF: against, 0/no/empty: both ways), mode (empty or all,
 * else a list of walk, bike, bus separated by commas). Bad input — a layer
 * that is not lines, a speed that is not above 0, a class missing from
 * rules.road_speeds — is an error naming the file, the record and the
 * field.
 */
#ifndef JH_ROAD_LAYER_H
#define JH_ROAD_LAYER_H

#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

typedef struct jh_road_lines {
    size_t n_lines;          /* parts: a multi-part record gives several */
    size_t *start;           /* n_lines + 1, into x and y */
    double *x, *y;           /* vertices in the working CRS (metres) */
    long *record;            /* 1-based record (feature) number of each line */
    double *kmh;             /* speed of a motor vehicle on it */
    signed char *oneway;     /* 0 both ways, 1 along, -1 against the vertices */
    unsigned char *modes;    /* bit (1 << jh_travel_mode) set: the mode may use it */
    long n_records;
    long n_empty;            /* records without geometry (skipped, warned) */
    char file[256];          /* the layer's file name, for messages */
} jh_road_lines;

/* Reads sc->travel.roads_path into out, reprojected from the layer's own
 * CRS (its .prj or OGR spatial reference; data.crs, then the working CRS
 * when it has none) to the county's working CRS (county->crs). Warnings go
 * to county->warnings. */
jh_status jh_road_layer_read(jh_road_lines *out, const jh_scenario *sc, jh_county *county,
                             jh_error *err);
void jh_road_lines_free(jh_road_lines *l);

#endif
