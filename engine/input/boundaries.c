/*
 * boundaries: the optional area layer of a scenario (data.boundaries:
 * township or county polygons), read through GDAL's OGR in any format it
 * reads (Shapefile, GeoPackage as "county.gpkg:townships", GeoJSON,
 * FileGDB), moved into the working CRS and kept as rings for the report's
 * map. Nothing is computed from it. A feature that is not an area, or a
 * layer whose coordinate system is unknown, is bad input naming the file
 * and the record.
 */
#include "input/boundaries.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "jh_array.h"
#include "input/ogr_source.h"
#include "input/text_encoding.h"

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* The field that names an area: the first of the usual names, else -1. */
static int name_field(OGRFeatureDefnH defn)
{
    static const char *const names[] = {"name", "名称", "乡镇", "乡镇名称", "township",
                                        "xzqmc", "county", "NAME_3", NULL};
    for (int k = 0; names[k]; k++) {
        int i = OGR_FD_GetFieldIndex(defn, names[k]);
        if (i >= 0)
            return i;
        for (int f = 0; f < OGR_FD_GetFieldCount(defn); f++)
            if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f)), names[k]) == 0)
                return f;
    }
    return -1;
}

typedef struct rings {
    double *xy;
    size_t n, cap;
    size_t *end;
    size_t n_end, cap_end;
} rings;

static bool push_point(rings *r, double x, double y)
{
    double *xy = jh_array_grow(r->xy, r->n, &r->cap, 2 * sizeof *xy, 64); /* x, y */
    if (!xy)
        return false;
    r->xy = xy;
    r->xy[2 * r->n] = x;
    r->xy[2 * r->n + 1] = y;
    r->n++;
    return true;
}

static bool push_end(rings *r)
{
    size_t *e = jh_array_grow(r->end, r->n_end, &r->cap_end, sizeof *e, 8);
    if (!e)
        return false;
    r->end = e;
    r->end[r->n_end++] = r->n;
    return true;
}

/* Appends the rings of a polygon or multipolygon (curves linearised);
 * -1 out of memory, 0 not an area, 1 done. */
static int add_rings(rings *r, OGRGeometryH g, jh_transform *t)
{
    OGRwkbGeometryType ty = wkbFlatten(OGR_G_GetGeometryType(g));
    if (ty == wkbMultiPolygon || ty == wkbMultiSurface) {
        int any = 0;
        for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
            int k = add_rings(r, OGR_G_GetGeometryRef(g, i), t);
            if (k < 0)
                return k;
            any |= k;
        }
        return any;
    }
    if (ty != wkbPolygon && ty != wkbCurvePolygon)
        return 0;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); i++) {
        OGRGeometryH ring = OGR_G_GetGeometryRef(g, i);
        int np = OGR_G_GetPointCount(ring);
        if (np < 3)
            continue;
        for (int k = 0; k < np; k++) {
            double x = OGR_G_GetX(ring, k), y = OGR_G_GetY(ring, k);
            if (t && !jh_transform_point(t, &x, &y))
                return -2;
            if (!push_point(r, x, y))
                return -1;
        }
        if (!push_end(r))
            return -1;
    }
    return 1;
}

jh_status jh_boundaries_load(jh_county *c, const char *path, const char *fallback_crs,
                             const jh_crs *work, jh_error *err)
{
    char *file;
    const char *layer_name;
    jh_status st = jh_ogr_begin(path, &file, &layer_name, err);
    if (st != JH_OK)
        return st;
    struct stat sb;
    GDALDatasetH ds = NULL;
    jh_crs *src = NULL;
    jh_transform *t = NULL;
    char name[1200];
    snprintf(name, sizeof name, "%s%s%s", base_of(file), layer_name ? ":" : "",
             layer_name ? layer_name : "");
    if (stat(file, &sb) != 0) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: data.boundaries: cannot open: no such file", file);
        goto done;
    }
    ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: data.boundaries: cannot read: expected an area layer GDAL reads "
                          "(Shapefile, GeoPackage, GeoJSON, FileGDB)",
                          file);
        goto done;
    }
    OGRLayerH layer = layer_name ? GDALDatasetGetLayerByName(ds, layer_name)
                      : GDALDatasetGetLayerCount(ds) == 1 ? GDALDatasetGetLayer(ds, 0)
                                                          : NULL;
    if (!layer) {
        if (layer_name)
            st = jh_error_set(err, JH_ERR_INPUT, "%s: data.boundaries: no layer '%s'", file,
                              layer_name);
        else
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: data.boundaries: %d layers: expected one named as FILE:LAYER",
                              file, GDALDatasetGetLayerCount(ds));
        goto done;
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs) {
        char *wkt = jh_ogr_srs_wkt(srs, true);
        if (wkt)
            st = jh_crs_from_text(&src, wkt, name, err);
        else
            st = jh_error_set(err, JH_ERR_INPUT, "%s: cannot export the coordinate system", name);
        free(wkt);
    } else if (fallback_crs) {
        st = jh_crs_from_text(&src, fallback_crs, "data.crs", err);
    } else {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: no coordinate system: expected a .prj beside it or data.crs in "
                          "the scenario",
                          name);
    }
    if (st != JH_OK || (st = jh_transform_create(&t, src, work, err)) != JH_OK)
        goto done;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = name_field(defn);
    jh_decoder *gbk = NULL;
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    long rec = 0;
    while (st == JH_OK && (feat = OGR_L_GetNextFeature(layer)) != NULL) {
        rec++;
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        if (!g || OGR_G_IsEmpty(g)) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: record %ld: geometry: expected an area "
                                                 "(polygon), got none", name, rec);
            OGR_F_Destroy(feat);
            break;
        }
        OGRGeometryH lin = NULL;
        if (OGR_G_HasCurveGeometry(g, 0))
            g = lin = OGR_G_GetLinearGeometry(g, 0, NULL);
        rings one = {0};
        int k = g ? add_rings(&one, g, t) : 0;
        if (lin)
            OGR_G_DestroyGeometry(lin);
        if (k == 0 || (k > 0 && one.n_end == 0))
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: record %ld: geometry: expected an area (polygon), got a %s",
                              name, rec, OGRGeometryTypeToName(OGR_G_GetGeometryType(OGR_F_GetGeometryRef(feat))));
        else if (k == -2)
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: record %ld: geometry: a point does not transform to the "
                              "working CRS %s (is the coordinate system right?)",
                              name, rec, c->crs);
        else if (k < 0)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        jh_boundary *b = NULL;
        if (st == JH_OK) {
            b = realloc(c->boundaries, (c->n_boundaries + 1) * sizeof *b);
            if (!b)
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        }
        if (st == JH_OK) {
            c->boundaries = b;
            b = &c->boundaries[c->n_boundaries++];
            *b = (jh_boundary){.xy = one.xy, .n_points = one.n, .ring_end = one.end,
                               .n_rings = one.n_end};
            one.xy = NULL, one.end = NULL;
            if (nf >= 0 && OGR_F_IsFieldSetAndNotNull(feat, nf)) {
                char *dec;
                const char *s = jh_ogr_utf8(&gbk, OGR_F_GetFieldAsString(feat, nf), &dec);
                b->name = strdup(s ? s : "");
                free(dec);
            }
        }
        free(one.xy);
        free(one.end);
        OGR_F_Destroy(feat);
    }
    if (gbk)
        jh_decoder_close(gbk);
    if (st == JH_OK && rec == 0)
        st = jh_error_set(err, JH_ERR_INPUT, "%s: expected at least one area, the layer is empty",
                          name);
done:
    jh_transform_free(t);
    jh_crs_free(src);
    if (ds)
        GDALClose(ds);
    free(file);
    return st;
}
