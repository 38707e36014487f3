/*
 * road_layer.c: reading data.roads (see road_layer.h). Both readers fill
 * the same list of raw records (attribute texts and parts); the attributes
 * are then checked and the vertices reprojected in one place, so a
 * Shapefile and a GeoPackage of the same roads give the same network.
 */
#include "input/road_layer.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <shapefil.h>

#include "jh_array.h"
#include "input/crs.h"
#include "input/dbf_value.h"
#include "input/ogr_source.h"
#include "input/text_encoding.h"

enum { F_CLASS, F_SPEED, F_ONEWAY, F_MODE, NF };
static const char *const field_names[NF] = {"class", "speed_kmh", "oneway", "mode"};

typedef struct raw {
    jh_road_lines *out;
    size_t cap_lines, cap_pts;
    char **attr;             /* NF per line */
    char *crs_wkt;           /* the layer's CRS, or NULL */
} raw;

static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Starts a new line of `record` with the record's attribute texts (copied). */
static bool add_line(raw *r, long record, char *const attr[NF])
{
    jh_road_lines *o = r->out;
    if (o->n_lines + 1 >= r->cap_lines) {
        size_t cap = jh_array_next_cap(r->cap_lines, 1024);
        size_t *st = jh_array_resize(o->start, cap + 1, sizeof *st);
        if (st)
            o->start = st;
        long *rec = jh_array_resize(o->record, cap, sizeof *rec);
        if (rec)
            o->record = rec;
        char **at = jh_array_resize(r->attr, cap, NF * sizeof *at);
        if (at)
            r->attr = at;
        if (!st || !rec || !at)
            return false;
        r->cap_lines = cap;
    }
    if (o->n_lines == 0)
        o->start[0] = 0;
    o->record[o->n_lines] = record;
    for (int f = 0; f < NF; f++) {
        r->attr[o->n_lines * NF + f] = attr[f] ? strdup(attr[f]) : NULL;
        if (attr[f] && !r->attr[o->n_lines * NF + f])
            return false;
    }
    o->n_lines++;
    o->start[o->n_lines] = o->start[o->n_lines - 1];
    return true;
}

static bool add_point(raw *r, double x, double y)
{
    jh_road_lines *o = r->out;
    size_t n = o->start[o->n_lines];
    if (n >= r->cap_pts) {
        size_t cap = jh_array_next_cap(r->cap_pts, 8192);
        double *gx = jh_array_resize(o->x, cap, sizeof *gx);
        if (gx)
            o->x = gx;
        double *gy = jh_array_resize(o->y, cap, sizeof *gy);
        if (gy)
            o->y = gy;
        if (!gx || !gy)
            return false;
        r->cap_pts = cap;
    }
    o->x[n] = x;
    o->y[n] = y;
    o->start[o->n_lines]++;
    return true;
}

/* Drops the last line when it has fewer than two vertices. */
static void end_line(raw *r, bool *kept)
{
    jh_road_lines *o = r->out;
    size_t a = o->start[o->n_lines - 1], b = o->start[o->n_lines];
    if (b - a >= 2) {
        *kept = true;
        return;
    }
    o->n_lines--;
    for (int f = 0; f < NF; f++)
        free(r->attr[o->n_lines * NF + f]);
    o->start[o->n_lines] = a;
}

/* s as UTF-8 (GBK decoded; kept as it is when it does not decode), malloc'd. */
static char *decode(jh_decoder **gbk, const char *s)
{
    char *dec;
    const char *u = jh_ogr_utf8(gbk, s, &dec);
    return dec ? dec : strdup(u ? u : s);
}

/* ---- Shapefile through Shapelib ---------------------------------------- */

static char *read_text_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static jh_status read_shp(raw *r, const char *path, jh_error *err)
{
    jh_road_lines *o = r->out;
    size_t len = strlen(path);
    char *stem = strdup(path);
    if (!stem)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    stem[len - 4] = '\0';
    jh_status st = JH_OK;
    SHPHandle shp = SHPOpen(path, "rb");
    DBFHandle dbf = NULL;
    jh_decoder *dec = NULL;
    if (!shp) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: cannot open the road layer (expected a Shapefile with its .shx "
                          "and .dbf beside it)",
                          o->file);
        goto done;
    }
    int n, type;
    SHPGetInfo(shp, &n, &type, NULL, NULL);
    if (type != SHPT_ARC && type != SHPT_ARCZ && type != SHPT_ARCM) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected a line layer (polylines) for data.roads, got %s "
                          "shapes",
                          o->file, SHPTypeName(type));
        goto done;
    }
    char *p = malloc(len + 8);
    if (!p) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    snprintf(p, len + 8, "%s.dbf", stem);
    dbf = DBFOpen(p, "rb");
    snprintf(p, len + 8, "%s.prj", stem);
    r->crs_wkt = read_text_file(p);
    snprintf(p, len + 8, "%s.cpg", stem);
    char *cpg = read_text_file(p);
    free(p);
    if (cpg) {
        char name[64];
        if (jh_encoding_from_cpg(cpg, name, sizeof name))
            dec = jh_decoder_open(name);
        free(cpg);
    }
    if (!dbf || DBFGetRecordCount(dbf) != n) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          dbf ? "%s: the .dbf has %d records, the .shp %d shapes; expected the "
                                "same number"
                              : "%s: expected its .dbf beside it",
                          o->file, dbf ? DBFGetRecordCount(dbf) : 0, n);
        goto done;
    }
    int fi[NF];
    for (int f = 0; f < NF; f++)
        fi[f] = DBFGetFieldIndex(dbf, field_names[f]);
    jh_decoder *gbk = NULL;
    o->n_records = n;
    for (int i = 0; i < n && st == JH_OK; i++) {
        char *attr[NF] = {0};
        for (int f = 0; f < NF; f++) {
            const char *s = fi[f] < 0 ? NULL : jh_dbf_text(dbf, i, fi[f]);
            if (!s)
                continue;
            char *d = NULL;
            if (dec && jh_decoder_decode(dec, s, strlen(s), &d))
                attr[f] = d;
            else
                attr[f] = decode(&gbk, s);
        }
        SHPObject *obj = SHPReadObject(shp, i);
        bool kept = false;
        for (int part = 0; obj && part < obj->nParts; part++) {
            int a = obj->panPartStart[part];
            int b = part + 1 < obj->nParts ? obj->panPartStart[part + 1] : obj->nVertices;
            if (!add_line(r, i + 1, attr)) {
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
                break;
            }
            for (int v = a; v < b && st == JH_OK; v++)
                if (!add_point(r, obj->padfX[v], obj->padfY[v]))
                    st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            if (st == JH_OK)
                end_line(r, &kept);
        }
        if (!kept)
            o->n_empty++;
        SHPDestroyObject(obj);
        for (int f = 0; f < NF; f++)
            free(attr[f]);
    }
    jh_decoder_close(gbk);
done:
    jh_decoder_close(dec);
    if (dbf)
        DBFClose(dbf);
    if (shp)
        SHPClose(shp);
    free(stem);
    return st;
}

/* ---- every other format through OGR ------------------------------------ */

static jh_status add_ogr_geometry(raw *r, OGRGeometryH g, long rec, char *const attr[NF],
                                  bool *kept, jh_error *err)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    if (t == wkbMultiLineString || t == wkbGeometryCollection) {
        for (int k = 0; k < OGR_G_GetGeometryCount(g); k++) {
            jh_status st = add_ogr_geometry(r, OGR_G_GetGeometryRef(g, k), rec, attr, kept, err);
            if (st != JH_OK)
                return st;
        }
        return JH_OK;
    }
    if (t != wkbLineString)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: record %ld: expected a line (LineString or MultiLineString) "
                            "for data.roads, got a %s",
                            r->out->file, rec, OGRGeometryTypeToName(t));
    if (!add_line(r, rec, attr))
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (int v = 0; v < OGR_G_GetPointCount(g); v++)
        if (!add_point(r, OGR_G_GetX(g, v), OGR_G_GetY(g, v)))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    end_line(r, kept);
    return JH_OK;
}

static jh_status read_ogr(raw *r, const char *path, jh_error *err)
{
    jh_road_lines *o = r->out;
    char *file;
    const char *layer_name;
    jh_status st = jh_ogr_begin(path, &file, &layer_name, err);
    if (st != JH_OK)
        return st;
    struct stat sb;
    GDALDatasetH ds = GDALOpenEx(file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH layer = NULL;
    if (!ds) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: cannot open the road layer: %s", o->file,
                          stat(file, &sb) == 0 ? "not a vector format GDAL reads"
                                               : "no such file");
        goto done;
    }
    layer = layer_name ? GDALDatasetGetLayerByName(ds, layer_name) : GDALDatasetGetLayer(ds, 0);
    if (!layer) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: expected a layer named '%s'", o->file,
                          layer_name ? layer_name : "(any)");
        goto done;
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (srs)
        r->crs_wkt = jh_ogr_srs_wkt(srs, false);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int fi[NF];
    for (int f = 0; f < NF; f++)
        fi[f] = OGR_FD_GetFieldIndex(defn, field_names[f]);
    OGR_L_ResetReading(layer);
    OGRFeatureH feat;
    jh_decoder *gbk = NULL;
    long rec = 0;
    while (st == JH_OK && (feat = OGR_L_GetNextFeature(layer))) {
        rec++;
        char *attr[NF] = {0};
        for (int f = 0; f < NF; f++)
            if (fi[f] >= 0 && OGR_F_IsFieldSetAndNotNull(feat, fi[f]))
                attr[f] = decode(&gbk, OGR_F_GetFieldAsString(feat, fi[f]));
        OGRGeometryH g = OGR_F_GetGeometryRef(feat);
        bool kept = false;
        if (g && !OGR_G_IsEmpty(g))
            st = add_ogr_geometry(r, g, rec, attr, &kept, err);
        if (!kept)
            o->n_empty++;
        for (int f = 0; f < NF; f++)
            free(attr[f]);
        OGR_F_Destroy(feat);
    }
    o->n_records = rec;
    jh_decoder_close(gbk);
done:
    if (ds)
        GDALClose(ds);
    free(file);
    return st;
}

/* ---- attributes ---------------------------------------------------------- */

static bool blank(const char *s)
{
    if (!s)
        return true;
    while (isspace((unsigned char)*s))
        s++;
    return !*s;
}

static jh_status parse_attrs(raw *r, const jh_scenario *sc, size_t i, jh_error *err)
{
    jh_road_lines *o = r->out;
    const jh_travel_rules *tr = &sc->travel;
    char **a = &r->attr[i * NF];
    long rec = o->record[i];
    /* speed */
    o->kmh[i] = NAN;
    if (!blank(a[F_SPEED])) {
        char *end;
        errno = 0;
        double v = strtod(a[F_SPEED], &end);
        while (isspace((unsigned char)*end))
            end++;
        if (errno || end == a[F_SPEED] || *end || !(v > 0) || v > 200)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: record %ld: field speed_kmh: expected a speed in km/h "
                                "above 0 and at most 200, got '%s'",
                                o->file, rec, a[F_SPEED]);
        o->kmh[i] = v;
    }
    if (isnan(o->kmh[i])) {
        const char *cls = blank(a[F_CLASS]) ? "default" : a[F_CLASS];
        for (size_t k = 0; k < tr->n_speeds; k++)
            if (strcasecmp(tr->speeds[k].road_class, cls) == 0)
                o->kmh[i] = tr->speeds[k].kmh;
        if (isnan(o->kmh[i])) {
            char list[1024];
            size_t len = 0;
            list[0] = '\0';
            for (size_t k = 0; k < tr->n_speeds && len + 8 < sizeof list; k++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "",
                                        tr->speeds[k].road_class);
            if (blank(a[F_CLASS]))
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: record %ld: field class: expected a road class or a "
                                    "speed_kmh (rules.road_speeds has no 'default' entry; it "
                                    "lists %s)",
                                    o->file, rec, list);
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: record %ld: field class: expected a class listed in "
                                "rules.road_speeds (%s) or a speed_kmh, got '%s'",
                                o->file, rec, list, a[F_CLASS]);
        }
    }
    /* one-way */
    o->oneway[i] = 0;
    if (!blank(a[F_ONEWAY])) {
        static const char *const fw[] = {"1", "yes", "y", "true", "t", "ft", "f", NULL};
        static const char *const bw[] = {"-1", "tf", "reverse", NULL};
        static const char *const no[] = {"0", "no", "n", "false", "b", "both", NULL};
        char v[32];
        snprintf(v, sizeof v, "%s", a[F_ONEWAY]);
        for (char *p = v; *p; p++)
            if (isspace((unsigned char)*p))
                *p = '\0';
        int k, found = 0;
        for (k = 0; fw[k]; k++)
            if (strcasecmp(v, fw[k]) == 0)
                found = 1;
        for (k = 0; bw[k]; k++)
            if (strcasecmp(v, bw[k]) == 0)
                found = -1;
        for (k = 0; no[k]; k++)
            if (strcasecmp(v, no[k]) == 0)
                found = 2;
        if (!found)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: record %ld: field oneway: expected 1/yes/FT (one way "
                                "along the line), -1/TF (against it) or 0/no (both ways), got "
                                "'%s'",
                                o->file, rec, a[F_ONEWAY]);
        o->oneway[i] = (signed char)(found == 2 ? 0 : found);
    }
    /* modes */
    o->modes[i] = (1u << JH_NTRAVEL_MODES) - 1;
    if (!blank(a[F_MODE]) && strcasecmp(a[F_MODE], "all") != 0) {
        unsigned m = 0;
        char buf[128], *save = NULL; /* strtok_r: loads may run on several threads */
        snprintf(buf, sizeof buf, "%s", a[F_MODE]);
        for (char *tok = strtok_r(buf, ",;/+| ", &save); tok; tok = strtok_r(NULL, ",;/+| ", &save)) {
            int k;
            for (k = 0; k < JH_NTRAVEL_MODES; k++)
                if (strcasecmp(tok, jh_travel_mode_name((jh_travel_mode)k)) == 0)
                    break;
            if (k == JH_NTRAVEL_MODES)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: record %ld: field mode: expected all or a list of "
                                    "walk, bike, bus (e.g. 'walk,bike'), got '%s'",
                                    o->file, rec, a[F_MODE]);
            m |= 1u << k;
        }
        o->modes[i] = (unsigned char)m;
    }
    return JH_OK;
}

static jh_status reproject(raw *r, const jh_scenario *sc, jh_county *c, jh_error *err)
{
    jh_road_lines *o = r->out;
    jh_crs *src = NULL, *dst = NULL;
    jh_transform *t = NULL;
    jh_status st;
    if (r->crs_wkt)
        st = jh_crs_from_text(&src, r->crs_wkt, o->file, err);
    else if (sc->crs)
        st = jh_crs_from_text(&src, sc->crs, "data.crs", err);
    else {
        jh_warnings_add(&c->warnings,
                        "%s: no coordinate system (.prj); its coordinates are taken as the "
                        "working CRS %s",
                        o->file, c->crs);
        return JH_OK;
    }
    if (st == JH_OK)
        st = jh_crs_from_text(&dst, c->crs, "the working CRS", err);
    if (st == JH_OK)
        st = jh_transform_create(&t, src, dst, err);
    for (size_t i = 0; st == JH_OK && i < o->n_lines; i++)
        for (size_t k = o->start[i]; k < o->start[i + 1]; k++)
            if (!jh_transform_point(t, &o->x[k], &o->y[k])) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: record %ld: expected coordinates that transform to the "
                                  "working CRS %s, they do not (is the .prj right?)",
                                  o->file, o->record[i], c->crs);
                break;
            }
    jh_transform_free(t);
    jh_crs_free(src);
    jh_crs_free(dst);
    return st;
}

jh_status jh_road_layer_read(jh_road_lines *out, const jh_scenario *sc, jh_county *county,
                             jh_error *err)
{
    memset(out, 0, sizeof *out);
    const char *path = sc->travel.roads_path;
    snprintf(out->file, sizeof out->file, "%s", base_of(path));
    raw r = {out, 0, 0, NULL, NULL};
    size_t len = strlen(path);
    jh_status st = len > 4 && strcasecmp(path + len - 4, ".shp") == 0 ? read_shp(&r, path, err)
                                                                       : read_ogr(&r, path, err);
    if (st == JH_OK && out->n_lines == 0)
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected at least one road (a line with two vertices), the "
                          "layer has none",
                          out->file);
    if (st == JH_OK) {
        out->kmh = malloc(out->n_lines * sizeof *out->kmh);
        out->oneway = malloc(out->n_lines * sizeof *out->oneway);
        out->modes = malloc(out->n_lines * sizeof *out->modes);
        if (!out->kmh || !out->oneway || !out->modes)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    for (size_t i = 0; st == JH_OK && i < out->n_lines; i++)
        st = parse_attrs(&r, sc, i, err);
    if (st == JH_OK)
        st = reproject(&r, sc, county, err);
    for (size_t k = 0; r.attr && k < out->n_lines * NF; k++)
        free(r.attr[k]);
    free(r.attr);
    free(r.crs_wkt);
    if (st == JH_OK && out->n_empty > 0)
        jh_warnings_add(&county->warnings, "%s: %ld of %ld records have no line geometry; skipped",
                        out->file, out->n_empty, out->n_records);
    if (st != JH_OK)
        jh_road_lines_free(out);
    return st;
}

void jh_road_lines_free(jh_road_lines *l)
{
    free(l->start);
    free(l->x);
    free(l->y);
    free(l->record);
    free(l->kmh);
    free(l->oneway);
    free(l->modes);
    memset(l, 0, sizeof *l);
}
