/*
 * catchment: the shape of a school's catchment — the convex hull of the
 * origins (villages, school sites) its students come from, buffered by
 * 100 m so that one or two origins still make an area that covers them.
 * One function for results.gpkg's catchments layer and the report's map.
 */
#ifndef JH_OUTPUT_CATCHMENT_H
#define JH_OUTPUT_CATCHMENT_H

#include <stdbool.h>
#include <stddef.h>

#include <ogr_api.h>

#define JH_CATCHMENT_BUFFER_M 100.0

/* The catchment polygon of a multipoint (owned by the caller), or NULL
 * when GDAL cannot build it (built without GEOS). */
OGRGeometryH jh_catchment_polygon(OGRGeometryH points);

/* The same for n points given as x, y pairs: the polygon's outer ring as
 * x, y pairs in *ring (malloc'd, *n_ring points, closed). False when no
 * polygon could be built or out of memory. */
bool jh_catchment_ring(const double *xy, size_t n, double **ring, size_t *n_ring);

#endif
