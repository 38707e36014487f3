/*
 * ftable: a layer read into memory, whatever its format — field names and
 * text values (UTF-8), one point per row, the layer's own coordinate
 * system. Every reader (Shapefiles through Shapelib: shp_table.c; GDAL's
 * formats: ogr_layer.c) fills one, and the county loader reads canonical
 * fields from it with one set of checks and messages, so a GeoPackage and
 * a Shapefile give the same errors. Holding the rows in memory also lets
 * the scenario's `where` drop rows and `school_tables` add columns joined
 * by code before anything is read (table_join.c).
 *
 * Messages name `name` ("schools.dbf", "county.gpkg:schools",
 * "schools.csv") and a row as "record N" (N from 1) or, for a CSV,
 * "line N" (the header is line 1).
 */
#ifndef JH_FTABLE_H
#define JH_FTABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

typedef struct jh_ftable {
    char *name;          /* the attribute source, for messages */
    char *geom_name;     /* the geometry source ("schools.shp"), for messages */
    char encoding[32];   /* "UTF-8", "GBK", ... */
    char *crs_wkt;       /* the layer's own coordinate system (WKT), or NULL */
    char *prj_path;      /* or a .prj file beside it, or NULL */
    bool lonlat_default; /* x/y columns with no CRS: CGCS2000 lon/lat assumed */
    bool lines;          /* rows are named "line N" */
    size_t n_fields;
    char **fields;       /* field names, UTF-8 */
    char **origin;       /* per field: where a joined column came from
                            ("基础基111.xlsx:Sheet1 column 一年级, by 学校标识码");
                            NULL (or origin NULL): the layer's own field */
    char ***cols;        /* cols[f][r]: the value, NULL when empty */
    size_t n_rows, cap_rows;
    double *x, *y;
    long *label;         /* record or line number of each row */
    char **geom_err;     /* per row: why it has no point (NULL: it has one) */
    long n_polygons;     /* rows whose geometry was an area (point on surface) */
    long n_dropped;      /* rows `where` dropped */
    /* the text of columns [0, n_pooled) sits in pool blocks (mapped
     * whole, unmapped whole by jh_ftable_free: a layer of millions of
     * values leaves no holes in the heap), not in a malloc per cell */
    size_t n_pooled;
    struct jh_text_pool *pool;
    /* canonical name -> column, set by joins (they win over the layer's own) */
    size_t n_bound;
    char **bound_name;
    int *bound_col;
} jh_ftable;

jh_ftable *jh_ftable_new(const char *name, const char *geom_name);
/* Appends a field (copied); returns its index or -1 when out of memory. */
int jh_ftable_add_field(jh_ftable *t, const char *name);
/* Room for `rows` rows in all, made at once (a reader that knows its
 * count). False: out of memory. */
bool jh_ftable_reserve(jh_ftable *t, size_t rows);
/* Appends an empty row; returns its index or -1 when out of memory. */
long jh_ftable_add_row(jh_ftable *t, long label);
/* Sets a value (copied; NULL or blank stores NULL). False: out of memory. */
bool jh_ftable_set(jh_ftable *t, long row, int col, const char *value);
/* The same for the n bytes at value (need not be NUL-terminated; a NUL
 * among them ends the value as it ends jh_ftable_set's). */
bool jh_ftable_set_n(jh_ftable *t, long row, int col, const char *value, size_t n);
/* jh_ftable_set_n of every column of a row at once (value[f], n[f] for
 * column f), their copies made in one piece of the pool when every column
 * is pooled. False: out of memory. */
bool jh_ftable_set_row_n(jh_ftable *t, long row, const char *const *value, const size_t *n);
/* Puts the text of the columns added so far in a pool (call before the
 * first row). False: out of memory. */
bool jh_ftable_pool_columns(jh_ftable *t);
bool jh_ftable_set_point(jh_ftable *t, long row, double x, double y);
bool jh_ftable_set_geom_error(jh_ftable *t, long row, const char *why);
/* The field named `name` (case-insensitive), or -1. */
int jh_ftable_field(const jh_ftable *t, const char *name);
/* Notes where a joined column came from (copied). False: out of memory. */
bool jh_ftable_set_origin(jh_ftable *t, int col, const char *origin);
/* Binds a canonical name to a column (a joined table's). */
bool jh_ftable_bind(jh_ftable *t, const char *canonical, int col);
int jh_ftable_bound(const jh_ftable *t, const char *canonical);
/* Keeps the rows with keep[r] true, in order. */
void jh_ftable_keep(jh_ftable *t, const bool *keep);

/* "record 17 (id S017)" / "line 18 (id S017)". */
void jh_ftable_where(const jh_ftable *t, long row, const char *id, char *buf, size_t n);

/* Reads, with the messages of every format (`name` canonical, `id` the
 * row's id or NULL; field < 0: absent, text "" / 0 with *given false). */
jh_status jh_ftable_point(const jh_ftable *t, long row, const char *id, double *x, double *y,
                          jh_error *err);
jh_status jh_ftable_text(const jh_ftable *t, long row, int field, char **out, jh_error *err);
jh_status jh_ftable_count(const jh_ftable *t, long row, int field, const char *name,
                          const char *id, long *out, bool *given, jh_error *err);
jh_status jh_ftable_number(const jh_ftable *t, long row, int field, const char *name,
                           const char *id, double *out, bool *given, jh_error *err);
/* The same with an upper bound other than JH_MAX_AMOUNT (a village's
 * population: JH_MAX_COUNT). */
jh_status jh_ftable_number_max(const jh_ftable *t, long row, int field, const char *name,
                               const char *id, double max, double *out, bool *given,
                               jh_error *err);

void jh_ftable_free(jh_ftable *t);

/* Opens a schools or villages layer of any format: a path ending .shp (or
 * with no extension of GDAL's) through Shapelib, anything else through
 * GDAL's OGR ("county.gpkg:schools", .geojson, .gdb, .csv, .xlsx). For a
 * table with coordinate columns, x_col / y_col name them (NULL: x/y,
 * lon/lat, longitude/latitude, 经度/纬度 are looked for). */
jh_status jh_ftable_open(jh_ftable **out, const char *path, const char *x_col,
                         const char *y_col, jh_warnings *warnings, jh_error *err);
jh_status jh_shp_table_read(jh_ftable **out, const char *path, jh_warnings *warnings,
                            jh_error *err);
jh_status jh_ogr_table_read(jh_ftable **out, const char *path, const char *sheet,
                            const char *x_col, const char *y_col, bool need_points,
                            jh_warnings *warnings, jh_error *err);

#endif
