/*
 * crs: coordinate systems through PROJ. A layer's .prj (OGC or ESRI WKT,
 * as ArcGIS and GDAL write them; Chinese layers are mostly CGCS2000,
 * geographic or a Gauss-Kruger zone) or a scenario's `data.crs`
 * ("EPSG:4547", WKT, a PROJ string) becomes a jh_crs; points move between
 * two of them with a jh_transform, always in x = easting/longitude,
 * y = northing/latitude order (proj_normalize_for_visualization).
 * The working CRS is metric: the scenario's, or the WGS 84 UTM zone that
 * contains the data (jh_crs_utm_epsg).
 */
#ifndef JH_CRS_H
#define JH_CRS_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

typedef struct jh_crs jh_crs;
typedef struct jh_transform jh_transform;

/* Parses a CRS from text: WKT (OGC or ESRI), "EPSG:NNNN", a PROJ string.
 * `what` names the source in messages ("schools.prj", "data.crs"). */
jh_status jh_crs_from_text(jh_crs **out, const char *text, const char *what, jh_error *err);
/* Reads and parses a .prj file; `what` names it in messages. */
jh_status jh_crs_from_prj(jh_crs **out, const char *path, const char *what, jh_error *err);
/* Reads a .prj file's text (its first JH_PRJ_MAX - 1 bytes) as
 * jh_crs_from_prj reads it. */
#define JH_PRJ_MAX 16384
jh_status jh_crs_read_prj(const char *path, const char *what, char buf[JH_PRJ_MAX],
                          jh_error *err);
/* True when c was parsed from this text (leading blanks aside): parsing
 * it again would give the same CRS. */
bool jh_crs_same_text(const jh_crs *c, const char *text);
/* c once more (one more jh_crs_free before it is freed): two layers with
 * the same .prj share one CRS, its lookups and its transformations. */
jh_crs *jh_crs_share(jh_crs *c);
/* The CRS of an EPSG code. */
jh_status jh_crs_from_epsg(jh_crs **out, int code, jh_error *err);

bool jh_crs_is_geographic(const jh_crs *c);
bool jh_crs_is_projected(const jh_crs *c);
/* "EPSG:4527" when PROJ knows or identifies the code (confidence >= 70),
 * else "" ; and a display text "EPSG:4527 (CGCS2000 / 3-degree
 * Gauss-Kruger zone 39)" or the CRS's own name. */
void jh_crs_code(const jh_crs *c, char *buf, size_t n);
void jh_crs_describe(const jh_crs *c, char *buf, size_t n);
/* The CRS as WKT2 (empty when PROJ cannot export it). */
void jh_crs_wkt(const jh_crs *c, char *buf, size_t n);

/* Checks that every point (xy: x then y, n points, in the CRS's own
 * units) is a position in the CRS's area of use (from PROJ, or from the
 * EPSG CRS it is identified as) widened by `margin` degrees, the whole
 * earth when no area is known. The first point outside is an error naming
 * `file`, its record (1-based), the value and the bounds. */
jh_status jh_crs_check_points(const jh_crs *c, const double *xy, long n, const char *file,
                              double margin, jh_error *err);

/* EPSG code of the WGS 84 UTM zone containing (lon, lat): 326zz north of
 * the equator, 327zz south; zone = floor((lon + 180) / 6) + 1, 1..60. */
int jh_crs_utm_epsg(double lon, double lat);

/* EPSG code of the working CRS for data centred at (lon, lat) that names
 * no projected CRS of its own: inside China (73.5E-136.5E) the CGCS2000
 * 3-degree Gauss-Kruger zone whose central meridian is nearest, without the
 * zone prefix (EPSG:4534 for 75E ... EPSG:4554 for 135E), as Chinese
 * surveying and planning data use; elsewhere the WGS 84 UTM zone. */
int jh_crs_working_epsg(double lon, double lat);

/* A transformation from src to dst, in x/y (east/north) order. */
jh_status jh_transform_create(jh_transform **out, const jh_crs *src, const jh_crs *dst,
                              jh_error *err);
/* Transforms one point in place; false when the result is not finite
 * (outside the projection's domain, HUGE_VAL). */
bool jh_transform_point(jh_transform *t, double *x, double *y);
/* True when t is PROJ's noop (between two forms of one CRS, such as a
 * layer's .prj and the EPSG code it names): every finite point stays
 * as it is. */
bool jh_transform_is_noop(const jh_transform *t);
/* A transformation from src to WGS 84 longitude/latitude. */
jh_status jh_transform_to_lonlat(jh_transform **out, const jh_crs *src, jh_error *err);
/* The same, made once and kept by c (not to be freed: jh_crs_free does). */
jh_status jh_crs_lonlat(const jh_crs *c, jh_transform **out, jh_error *err);

void jh_transform_free(jh_transform *t);
void jh_crs_free(jh_crs *c);

#endif
