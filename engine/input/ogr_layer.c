/*
 * ogr_layer.c: every vector and table format other than the Shapefile —
 * GeoPackage ("county.gpkg:schools"), GeoJSON, FileGDB, CSV and XLSX —
 * read through GDAL's OGR C API into a jh_ftable (ftable.h), so the loader
 * checks them exactly as it checks a Shapefile.
 *
 * Geometry: points as they are; areas (village boundaries, 村界) as their
 * point on surface (OGR_G_PointOnSurface: inside the polygon, unlike a
 * centroid), counted so validate can say so; a table with no geometry
 * (CSV, XLSX) takes its point from coordinate columns (data.geometry, or
 * x/y, lon/lat, longitude/latitude, 经度/纬度 found by name). The
 * coordinate system is the layer's own (exported as WKT for PROJ); a
 * table's coordinates within -180..180 / -90..90 are taken as CGCS2000
 * longitude/latitude (EPSG:4490) unless data.crs says otherwise.
 *
 * Text that is not UTF-8 (a CSV saved by Excel in GBK) is decoded as
 * GB18030 with a warning.
 */
#include "input/ftable.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "input/coverage.h"
#include "input/ogr_source.h"
#include "input/text_encoding.h"

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* "a, b, c" of the dataset's layer names. */
static void layer_list(GDALDatasetH ds, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < GDALDatasetGetLayerCount(ds) && len + 8 < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
                                OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
}

static void field_list(const jh_ftable *t, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t f = 0; f < t->n_fields && len + 8 < n; f++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", f ? ", " : "", t->fields[f]);
}

/* A coordinate column: the one named, else the first common name found. */
static int find_coord(const jh_ftable *t, const char *named, const char *const *common)
{
    if (named)
        return jh_ftable_field(t, named);
    for (int i = 0; common[i]; i++) {
        int f = jh_ftable_field(t, common[i]);
        if (f >= 0)
            return f;
    }
    return -1;
}

static bool parse_coord(const char *s, double *v)
{
    if (!s)
        return false;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    while (*end == ' ')
        end++;
    return errno == 0 && end != s && *end == '\0' && isfinite(*v);
}

/* Points from coordinate columns; a bad value is the row's geometry
 * error, reported with the row's id when the loader reads the point. */
static jh_status points_from_columns(jh_ftable *t, const char *xn, const char *yn,
                                     jh_error *err)
{
    static const char *const xs[] = {"x", "lon", "lng", "longitude", "经度", "东坐标",
                                     "X坐标", NULL};
    static const char *const ys[] = {"y", "lat", "latitude", "纬度", "北坐标", "Y坐标", NULL};
    int fx = find_coord(t, xn, xs), fy = find_coord(t, yn, ys);
    if (fx < 0 || fy < 0) {
        char list[1024];
        field_list(t, list, sizeof list);
        if (xn || yn)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: data.geometry: expected columns named %s and %s, the "
                                "table has no column %s (columns: %s)",
                                t->name, xn ? xn : "x", yn ? yn : "y",
                                fx < 0 ? (xn ? xn : "x") : (yn ? yn : "y"), list);
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: no geometry: expected coordinate columns x and y (or lon/lat, "
                            "longitude/latitude, 经度/纬度), or data.geometry {x: COLUMN, y: "
                            "COLUMN} naming them (columns: %s; see docs/DATA.md)",
                            t->name, list);
    }
    bool degrees = true;
    for (size_t r = 0; r < t->n_rows; r++) {
        double x, y;
        const char *sx = t->cols[fx][r], *sy = t->cols[fy][r];
        bool okx = parse_coord(sx, &x), oky = parse_coord(sy, &y);
        if (okx && oky) {
            jh_ftable_set_point(t, (long)r, x, y);
            degrees &= fabs(x) <= 180 && fabs(y) <= 90;
            continue;
        }
        int f = okx ? fy : fx;
        const char *got = okx ? sy : sx;
        char why[512];
        snprintf(why, sizeof why, "field %s: expected a number (the %s coordinate), got '%.100s'",
                 t->fields[f], okx ? "y" : "x", got ? got : "");
        if (!jh_ftable_set_geom_error(t, (long)r, why))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    t->lonlat_default = degrees;
    return JH_OK;
}

static jh_status read_geometry(jh_ftable *t, long row, OGRGeometryH g, jh_error *err)
{
    if (!g || OGR_G_IsEmpty(g))
        return JH_OK; /* the row keeps "got no geometry" */
    OGRwkbGeometryType ty = wkbFlatten(OGR_G_GetGeometryType(g));
    if (ty == wkbPoint) {
        jh_ftable_set_point(t, row, OGR_G_GetX(g, 0), OGR_G_GetY(g, 0));
        return JH_OK;
    }
    if (ty == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        OGRGeometryH p = OGR_G_GetGeometryRef(g, 0);
        jh_ftable_set_point(t, row, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0));
        return JH_OK;
    }
    if (ty == wkbPolygon || ty == wkbMultiPolygon || ty == wkbCurvePolygon ||
        ty == wkbMultiSurface) {
        OGRGeometryH p = OGR_G_PointOnSurface(g);
        if (p && !OGR_G_IsEmpty(p)) {
            jh_ftable_set_point(t, row, OGR_G_GetX(p, 0), OGR_G_GetY(p, 0));
            t->n_polygons++;
            OGR_G_DestroyGeometry(p);
            return JH_OK;
        }
        if (p)
            OGR_G_DestroyGeometry(p);
        return jh_ftable_set_geom_error(t, row, "expected an area with a point on its surface, "
                                                "got an invalid polygon")
                   ? JH_OK
                   : jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    char why[200];
    snprintf(why, sizeof why, "expected a point or an area (polygon), got a %s",
             OGRGeometryTypeToName(ty));
    return jh_ftable_set_geom_error(t, row, why) ? JH_OK
                                                  : jh_error_set(err, JH_ERR_RUN, "out of memory");
}

jh_status jh_ogr_table_read(jh_ftable **out, const char *path, const char *sheet,
                            const char *x_col, const char *y_col, bool need_points,
                            jh_warnings *warnings, jh_error *err)
{
    *out = NULL;
    /* "county.gpkg:schools": a file, then a layer name */
    char *file;
    const char *layer_name;
    jh_status st = jh_ogr_begin(path, &file, &layer_name, err);
    if (st != JH_OK)
        return st;
    if (sheet)
        layer_name = sheet;
    jh_ftable *t = NULL;
    GDALDatasetH ds = NULL;
    jh_decoder *gbk = NULL;
    char *saved[4] = {NULL, NULL, NULL, NULL};
    bool set_cfg = false;
    if (!exists(file)) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: cannot open: no such file", file);
        goto done;
    }
    const char *ext = strrchr(base_of(file), '.');
    bool csv = ext && strcasecmp(ext, ".csv") == 0;
    bool xlsx = ext && (strcasecmp(ext, ".xlsx") == 0 || strcasecmp(ext, ".xls") == 0 ||
                        strcasecmp(ext, ".ods") == 0);
    const char *csv_opts[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=YES", NULL};
    /* XLSX / ODS take no open options (GDAL 3.6): their configuration
     * options, for this thread while the sheet is read — the first row is
     * the header whatever the second holds (the template's second row is
     * text too), and cells are read as the text they hold */
    static const char *const cfg[][2] = {{"OGR_XLSX_HEADERS", "FORCE"},
                                         {"OGR_XLSX_FIELD_TYPES", "STRING"},
                                         {"OGR_ODS_HEADERS", "FORCE"},
                                         {"OGR_ODS_FIELD_TYPES", "STRING"}};
    for (int k = 0; xlsx && k < 4; k++) {
        const char *old = CPLGetThreadLocalConfigOption(cfg[k][0], NULL);
        saved[k] = old ? strdup(old) : NULL;
        CPLSetThreadLocalConfigOption(cfg[k][0], cfg[k][1]);
        set_cfg = true;
    }
    ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, csv ? csv_opts : NULL, NULL);
    if (!ds) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: cannot read: expected a layer GDAL reads (GeoPackage, GeoJSON, "
                          "FileGDB, CSV, XLSX, Shapefile)",
                          file);
        goto done;
    }
    OGRLayerH layer = NULL;
    char list[1024];
    layer_list(ds, list, sizeof list);
    if (layer_name) {
        layer = GDALDatasetGetLayerByName(ds, layer_name);
        if (!layer) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: layer '%s': no such %s; expected one of: %s", file,
                              layer_name, xlsx ? "sheet" : "layer", list);
            goto done;
        }
    } else if (GDALDatasetGetLayerCount(ds) == 1) {
        layer = GDALDatasetGetLayer(ds, 0);
    } else {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: %d layers: expected one named as %s:LAYER (layers: %s)", file,
                          GDALDatasetGetLayerCount(ds), path, list);
        goto done;
    }
    char name[1200];
    if (layer_name || GDALDatasetGetLayerCount(ds) > 1)
        snprintf(name, sizeof name, "%s:%s", base_of(file), OGR_L_GetName(layer));
    else
        snprintf(name, sizeof name, "%s", base_of(file));
    t = jh_ftable_new(name, name);
    if (!t)
        goto oom;
    t->lines = csv;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn);
    for (int f = 0; f < nf; f++)
        if (jh_ftable_add_field(t, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f))) < 0)
            goto oom;
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs)
        t->crs_wkt = jh_ogr_srs_wkt(srs, true);
    bool warned = false;
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    long ord = 0;
    bool any_geom = false;
    while ((feat = OGR_L_GetNextFeature(layer)) != NULL) {
        ord++;
        long r = jh_ftable_add_row(t, csv ? ord + 1 : xlsx ? ord + 1 : ord);
        if (r < 0) {
            OGR_F_Destroy(feat);
            goto oom;
        }
        for (int f = 0; f < nf; f++) {
            if (!OGR_F_IsFieldSetAndNotNull(feat, f))
                continue;
            const char *raw = OGR_F_GetFieldAsString(feat, f);
            char *dec;
            const char *s = jh_ogr_utf8(&gbk, raw, &dec);
            if (dec) {
                if (!warned && warnings)
                    jh_warnings_add(warnings, "%s: text is not UTF-8; read as GBK (GB18030)",
                                    name);
                warned = true;
            }
            if (!s)
                s = raw;
            bool ok = jh_ftable_set(t, r, f, s);
            free(dec);
            if (!ok) {
                OGR_F_Destroy(feat);
                goto oom;
            }
        }
        OGRGeometryH g = need_points ? OGR_F_GetGeometryRef(feat) : NULL;
        any_geom |= g != NULL;
        if (need_points && (st = read_geometry(t, r, g, err)) != JH_OK) {
            OGR_F_Destroy(feat);
            goto done;
        }
        OGR_F_Destroy(feat);
    }
    if (xlsx) /* a sheet's rows are named by their line: the header is line 1 */
        t->lines = true;
    if ((xlsx || csv) && jh_is_label_row(t)) {
        /* the template's second header row (Chinese labels): not data */
        bool *keep = malloc(t->n_rows * sizeof *keep);
        if (!keep)
            goto oom;
        for (size_t r = 0; r < t->n_rows; r++)
            keep[r] = r > 0;
        long dropped = t->n_dropped;
        jh_ftable_keep(t, keep);
        t->n_dropped = dropped;
        free(keep);
    }
    if (need_points && t->n_rows == 0) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: expected at least one row, the layer is empty",
                          name);
        goto done;
    }
    if (need_points && (x_col || y_col || !any_geom)) {
        if ((st = points_from_columns(t, x_col, y_col, err)) != JH_OK)
            goto done;
        if (!srs)
            free(t->crs_wkt), t->crs_wkt = NULL;
    } else if (need_points && !t->crs_wkt) {
        t->lonlat_default = false;
    }
    snprintf(t->encoding, sizeof t->encoding, "%s", warned ? "GBK" : "UTF-8");
    goto done;
oom:
    st = jh_error_set(err, JH_ERR_RUN, "out of memory");
done:
    if (ds)
        GDALClose(ds);
    if (set_cfg) {
        static const char *const names[] = {"OGR_XLSX_HEADERS", "OGR_XLSX_FIELD_TYPES",
                                            "OGR_ODS_HEADERS", "OGR_ODS_FIELD_TYPES"};
        for (int k = 0; k < 4; k++) {
            CPLSetThreadLocalConfigOption(names[k], saved[k]);
            free(saved[k]);
        }
    }
    jh_decoder_close(gbk);
    free(file);
    if (st != JH_OK) {
        jh_ftable_free(t);
        return st;
    }
    *out = t;
    return JH_OK;
}
