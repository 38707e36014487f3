/*
 * crs.c: PROJ behind jh_crs and jh_transform (see crs.h). Everything runs
 * in PROJ's default context: the engine reads its inputs on one thread.
 */
#include "input/crs.h"
#include "input/input_file.h"

#include <errno.h>
#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jh_crs {
    PJ *pj;
    char *text;            /* the text parsed (jh_crs_same_text) */
    int refs;              /* jh_crs_share: one more jh_crs_free before it goes */
    /* found once, when first asked (PROJ's lookups in proj.db are most of
     * a small county's load): the EPSG CRS it is identified as, the
     * transformation to WGS 84 longitude/latitude, and the conversion to
     * longitude/latitude on its own datum (lonlat_reference) */
    bool identified;
    PJ *ident;             /* confidence >= 70, or NULL */
    jh_transform *lonlat;
    bool datum_made;
    PJ *datum_lonlat;      /* NULL: none, or the lonlat one serves */
};

struct jh_transform {
    PJ *pj;
};

static const char *proj_message(void)
{
    int e = proj_context_errno(NULL);
    const char *m = e ? proj_context_errno_string(NULL, e) : NULL;
    return m ? m : "not a coordinate system PROJ knows";
}

static bool is_crs_type(PJ_TYPE t)
{
    switch (t) {
    case PJ_TYPE_GEOGRAPHIC_2D_CRS:
    case PJ_TYPE_GEOGRAPHIC_3D_CRS:
    case PJ_TYPE_GEOGRAPHIC_CRS:
    case PJ_TYPE_GEOCENTRIC_CRS:
    case PJ_TYPE_PROJECTED_CRS:
    case PJ_TYPE_COMPOUND_CRS:
    case PJ_TYPE_BOUND_CRS:
    case PJ_TYPE_OTHER_CRS:
    case PJ_TYPE_ENGINEERING_CRS:
        return true;
    default:
        return false;
    }
}

static const char *skip_blanks(const char *text);

jh_status jh_crs_from_text(jh_crs **out, const char *text, const char *what, jh_error *err)
{
    *out = NULL;
    text = skip_blanks(text);
    if (*text == '\0')
        return jh_error_set(err, JH_ERR_INPUT, "%s: expected a coordinate system, got empty text",
                            what);
    proj_context_errno_string(NULL, 0);
    proj_log_level(NULL, PJ_LOG_NONE);
    PJ *pj = proj_create(NULL, text);
    if (!pj || !is_crs_type(proj_get_type(pj))) {
        char head[48];
        snprintf(head, sizeof head, "%s", text);
        char *nl = strpbrk(head, "\r\n");
        if (nl)
            *nl = '\0';
        jh_status st = jh_error_set(err, JH_ERR_INPUT,
                                    "%s: expected a coordinate system (WKT, EPSG:NNNN or a PROJ "
                                    "string), got '%s%s' (%s)",
                                    what, head, strlen(text) > strlen(head) ? "..." : "",
                                    pj ? "not a CRS" : proj_message());
        proj_destroy(pj);
        return st;
    }
    jh_crs *c = calloc(1, sizeof *c);
    char *copy = strdup(text);
    if (!c || !copy) {
        free(c);
        free(copy);
        proj_destroy(pj);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    c->pj = pj;
    c->text = copy;
    c->refs = 1;
    *out = c;
    return JH_OK;
}

static const char *skip_blanks(const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
        text++;
    return text;
}

bool jh_crs_same_text(const jh_crs *c, const char *text)
{
    return c && text && strcmp(c->text, skip_blanks(text)) == 0;
}

jh_crs *jh_crs_share(jh_crs *c)
{
    c->refs++;
    return c;
}

jh_status jh_crs_read_prj(const char *path, const char *what, char buf[JH_PRJ_MAX],
                          jh_error *err)
{
    buf[0] = '\0';
    FILE *f = jh_input_fopen(path, what, err); /* regular files only */
    if (!f)
        return err ? err->status : JH_ERR_INPUT;
    size_t n = fread(buf, 1, JH_PRJ_MAX - 1, f);
    fclose(f);
    buf[n] = '\0';
    return JH_OK;
}

jh_status jh_crs_from_prj(jh_crs **out, const char *path, const char *what, jh_error *err)
{
    *out = NULL;
    char *buf = malloc(JH_PRJ_MAX);
    if (!buf)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = jh_crs_read_prj(path, what, buf, err);
    if (st == JH_OK)
        st = jh_crs_from_text(out, buf, what, err);
    free(buf);
    return st;
}

/* The EPSG CRS c is identified as with a confidence of 70 or more (found
 * once), or NULL. */
static PJ *identified(const jh_crs *cc)
{
    jh_crs *c = (jh_crs *)cc; /* the memo only */
    if (c->identified)
        return c->ident;
    c->identified = true;
    int *conf = NULL;
    PJ_OBJ_LIST *list = proj_identify(NULL, c->pj, "EPSG", NULL, &conf);
    if (list) {
        if (proj_list_get_count(list) > 0 && conf && conf[0] >= 70)
            c->ident = proj_list_get(NULL, list, 0);
        proj_list_destroy(list);
    }
    proj_int_list_destroy(conf);
    return c->ident;
}

/* The area of use of a CRS in degrees (west, south, east, north): its own,
 * its base CRS's when it is a bound CRS, or that of the EPSG CRS it is
 * identified as (a .prj in ESRI WKT carries no area). False when none is
 * known. */
static bool area_of_use(const jh_crs *c, double *w, double *s, double *e, double *n,
                        char *name, size_t name_n)
{
    const char *an = NULL;
    if (proj_get_area_of_use(NULL, c->pj, w, s, e, n, &an) && *w > -1000) {
        snprintf(name, name_n, "%s", an ? an : "");
        return true;
    }
    bool ok = false;
    if (proj_get_type(c->pj) == PJ_TYPE_BOUND_CRS) {
        PJ *b = proj_get_source_crs(NULL, c->pj);
        if (b && proj_get_area_of_use(NULL, b, w, s, e, n, &an) && *w > -1000) {
            snprintf(name, name_n, "%s", an ? an : "");
            ok = true;
        }
        proj_destroy(b);
        if (ok)
            return true;
    }
    PJ *best = identified(c);
    if (best && proj_get_area_of_use(NULL, best, w, s, e, n, &an) && *w > -1000) {
        snprintf(name, name_n, "%s", an ? an : "");
        ok = true;
    }
    return ok;
}

/* Degrees that no datum shift to WGS 84 reaches (they are metres to a few
 * hundred metres): a point this far inside the area of use in the layer's
 * own datum is inside it in WGS 84 too. */
#define DATUM_SLACK_DEG 0.05

/* The inverse projection of a projected CRS c, from its PROJ string (no
 * database lookup, no datum shift: PROJ picks the transformation to
 * WGS 84 among several per point), giving radians; NULL when c is not
 * projected or has no such string. */
static PJ *own_projection(const jh_crs *c)
{
    if (proj_get_type(c->pj) != PJ_TYPE_PROJECTED_CRS)
        return NULL;
    PJ_LOG_LEVEL level = proj_log_level(NULL, PJ_LOG_NONE); /* a failure: no message */
    const char *def = proj_as_proj_string(NULL, c->pj, PJ_PROJ_5, NULL);
    char text[2048];
    PJ *p = NULL;
    if (def && strlen(def) < sizeof text) {
        snprintf(text, sizeof text, "%s", def);
        char *crs = strstr(text, "+type=crs");
        if (crs)
            memset(crs, ' ', strlen("+type=crs"));
        p = proj_create(NULL, text);
    }
    proj_log_level(NULL, level);
    return p;
}

/* (x, y) in degrees from p (own_projection), false when it fails. */
static bool own_lonlat(PJ *p, double x, double y, double *lon, double *lat)
{
    PJ_COORD q = proj_trans(p, PJ_INV, proj_coord(x, y, 0, 0));
    if (!isfinite(q.lp.lam) || !isfinite(q.lp.phi) || q.lp.lam == HUGE_VAL)
        return false;
    *lon = proj_todeg(q.lp.lam);
    *lat = proj_todeg(q.lp.phi);
    return true;
}

/* Longitude and latitude in degrees from a projected CRS c, to check its
 * own inverse projection against (made once for c; NULL when it fails):
 * on WGS 84, the transformation to it (PROJ finds it at once, and the
 * points near the area's edges go through it too); on another datum,
 * the conversion to that datum's own longitude and latitude, which PROJ
 * finds without searching proj.db for datum shifts (the transformation
 * from CGCS2000 to WGS 84 costs 0.05 s of CPU, its own conversion a
 * tenth of that). */
static PJ *lonlat_reference(const jh_crs *cc)
{
    jh_crs *c = (jh_crs *)cc; /* the memo only */
    if (c->datum_made)
        return c->datum_lonlat ? c->datum_lonlat : c->lonlat ? c->lonlat->pj : NULL;
    c->datum_made = true;
    PJ_LOG_LEVEL level = proj_log_level(NULL, PJ_LOG_NONE); /* a failure: no message */
    PJ *geo = proj_crs_get_geodetic_crs(NULL, c->pj);
    PJ *wgs = geo ? proj_create(NULL, "EPSG:4326") : NULL;
    bool on_wgs84 =
        wgs && proj_is_equivalent_to(geo, wgs, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
    proj_destroy(wgs);
    PJ *ref = NULL;
    if (on_wgs84) {
        jh_transform *t;
        if (jh_crs_lonlat(c, &t, NULL) == JH_OK)
            ref = t->pj;
    } else if (geo) {
        PJ *p = proj_create_crs_to_crs_from_pj(NULL, c->pj, geo, NULL, NULL);
        ref = c->datum_lonlat = p ? proj_normalize_for_visualization(NULL, p) : NULL;
        proj_destroy(p);
    }
    proj_destroy(geo);
    proj_log_level(NULL, level);
    return ref;
}

/* Whether (olon, olat), where own_projection's inverse puts (x, y), is
 * where PROJ's transformation (lonlat_reference) puts it: the same units,
 * axes and meridian. */
static bool own_projection_agrees(const jh_crs *c, double x, double y, double olon, double olat)
{
    PJ *conv = lonlat_reference(c);
    bool agrees = false;
    if (conv) {
        PJ_COORD q = proj_trans(conv, PJ_FWD, proj_coord(x, y, 0, 0));
        agrees = isfinite(q.xy.x) && isfinite(q.xy.y) &&
                 fabs(q.xy.x - olon) <= DATUM_SLACK_DEG / 4 &&
                 fabs(q.xy.y - olat) <= DATUM_SLACK_DEG / 4;
    }
    return agrees;
}

jh_status jh_crs_check_points(const jh_crs *c, const double *xy, long n, const char *file,
                              double margin, jh_error *err)
{
    double w = -180, s = -90, e = 180, nn = 90;
    char area[256] = "the world";
    char desc[300]; /* for a message */
    if (area_of_use(c, &w, &s, &e, &nn, area, sizeof area)) {
        w -= margin, e += margin, s -= margin, nn += margin;
    }
    if (s < -90)
        s = -90;
    if (nn > 90)
        nn = 90;
    bool check_lon = w <= e; /* an area across the antimeridian: latitude only */
    /* first in the layer's own datum: only the points near the area's
     * edges (or not converted) go through the transformation to WGS 84,
     * made when the first such point comes */
    jh_transform *t = NULL;
    jh_status st = JH_OK;
    PJ *own = n > 0 ? own_projection(c) : NULL;
    bool own_checked = false; /* against lonlat_reference, on one point */
    double iw = w + DATUM_SLACK_DEG, ie = e - DATUM_SLACK_DEG;
    double is = s + DATUM_SLACK_DEG, in = nn - DATUM_SLACK_DEG;
    for (long r = 0; r < n && st == JH_OK; r++) {
        double x = xy[2 * r], y = xy[2 * r + 1], lon = x, lat = y;
        /* no CRS has coordinates beyond 1e9 (a million km): refuse before PROJ */
        bool in_range = fabs(x) <= 1e9 && fabs(y) <= 1e9;
        double olon, olat;
        if (own && in_range && own_lonlat(own, x, y, &olon, &olat)) {
            if (!own_checked) { /* units, axes, meridian: as PROJ has them */
                own_checked = true;
                if (!own_projection_agrees(c, x, y, olon, olat)) {
                    proj_destroy(own);
                    own = NULL;
                }
            }
            if (own && olat >= is && olat <= in && (!check_lon || (olon >= iw && olon <= ie)))
                continue;
        }
        if (!t && (st = jh_crs_lonlat(c, &t, err)) != JH_OK)
            break;
        bool ok = in_range && jh_transform_point(t, &lon, &lat);
        if (!ok || lat < s || lat > nn || (check_lon && (lon < w || lon > e)))
            jh_crs_describe(c, desc, sizeof desc);
        if (!ok)
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: record %ld: coordinates: expected a point of %s, got (%.10g, "
                              "%.10g), which is not a position on the earth in it",
                              file, r + 1, desc, x, y);
        else if (lat < s || lat > nn || (check_lon && (lon < w || lon > e)))
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: record %ld: coordinates: expected a point inside the area of "
                              "use of %s (%s: longitude %.2f to %.2f, latitude %.2f to %.2f, "
                              "with a margin of %g degrees), got (%.10g, %.10g) = longitude "
                              "%.4f, latitude %.4f (does the .prj match the data?)",
                              file, r + 1, desc, area, w, e, s, nn, margin, x, y, lon, lat);
    }
    proj_destroy(own);
    return st;
}

jh_status jh_crs_from_epsg(jh_crs **out, int code, jh_error *err)
{
    char text[32];
    snprintf(text, sizeof text, "EPSG:%d", code);
    return jh_crs_from_text(out, text, text, err);
}

/* The CRS itself when it is a bound CRS (WKT1 with TOWGS84). */
static PJ_TYPE base_type(const jh_crs *c)
{
    PJ_TYPE t = proj_get_type(c->pj);
    if (t == PJ_TYPE_BOUND_CRS) {
        PJ *b = proj_get_source_crs(NULL, c->pj);
        if (b) {
            t = proj_get_type(b);
            proj_destroy(b);
        }
    }
    return t;
}

bool jh_crs_is_geographic(const jh_crs *c)
{
    PJ_TYPE t = base_type(c);
    return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           t == PJ_TYPE_GEOGRAPHIC_CRS;
}

bool jh_crs_is_projected(const jh_crs *c)
{
    PJ_TYPE t = base_type(c);
    return t == PJ_TYPE_PROJECTED_CRS;
}

void jh_crs_code(const jh_crs *c, char *buf, size_t n)
{
    buf[0] = '\0';
    const char *auth = proj_get_id_auth_name(c->pj, 0);
    const char *code = proj_get_id_code(c->pj, 0);
    if (auth && code) {
        snprintf(buf, n, "%s:%s", auth, code);
        return;
    }
    PJ *best = identified(c);
    const char *a = best ? proj_get_id_auth_name(best, 0) : NULL;
    const char *k = best ? proj_get_id_code(best, 0) : NULL;
    if (a && k)
        snprintf(buf, n, "%s:%s", a, k);
}

void jh_crs_describe(const jh_crs *c, char *buf, size_t n)
{
    char code[64];
    jh_crs_code(c, code, sizeof code);
    const char *name = proj_get_name(c->pj);
    if (!name)
        name = "unnamed";
    if (code[0])
        snprintf(buf, n, "%s (%s)", code, name);
    else
        snprintf(buf, n, "%s", name);
}

void jh_crs_wkt(const jh_crs *c, char *buf, size_t n)
{
    const char *opts[] = {"MULTILINE=NO", NULL};
    const char *w = proj_as_wkt(NULL, c->pj, PJ_WKT2_2019, opts);
    snprintf(buf, n, "%s", w ? w : "");
}

int jh_crs_utm_epsg(double lon, double lat)
{
    int zone = (int)floor((lon + 180.0) / 6.0) + 1;
    if (zone < 1)
        zone = 1;
    if (zone > 60)
        zone = 60;
    return (lat >= 0 ? 32600 : 32700) + zone;
}

int jh_crs_working_epsg(double lon, double lat)
{
    /* China's CGCS2000 3-degree Gauss-Kruger zones, EPSG:4534 (central
     * meridian 75E) to EPSG:4554 (135E), cover 73.5E-136.5E */
    if (lon >= 73.5 && lon <= 136.5 && lat >= 0 && lat <= 60) {
        int cm = 3 * (int)floor(lon / 3.0 + 0.5);
        if (cm < 75)
            cm = 75;
        if (cm > 135)
            cm = 135;
        return 4534 + (cm - 75) / 3;
    }
    return jh_crs_utm_epsg(lon, lat);
}

/* Whether CRSs a and b are the same once each has its axes in the order
 * of a map (easting or longitude first), as jh_transform's are. */
static bool same_for_visualization(const PJ *a, const PJ *b)
{
    PJ *na = proj_normalize_for_visualization(NULL, a);
    PJ *nb = proj_normalize_for_visualization(NULL, b);
    bool same = na && nb && proj_is_equivalent_to(na, nb, PJ_COMP_EQUIVALENT);
    proj_destroy(na);
    proj_destroy(nb);
    return same;
}

jh_status jh_transform_create(jh_transform **out, const jh_crs *src, const jh_crs *dst,
                              jh_error *err)
{
    *out = NULL;
    /* the same CRS once both take easting first (a layer already in the
     * working CRS, its .prj in other words): no transformation to search
     * PROJ's database for */
    bool same = same_for_visualization(src->pj, dst->pj);
    PJ *p = same ? NULL : proj_create_crs_to_crs_from_pj(NULL, src->pj, dst->pj, NULL, NULL);
    if (!same && !p)
        return jh_error_set(err, JH_ERR_INPUT,
                            "no transformation from '%s' to '%s': %s", proj_get_name(src->pj),
                            proj_get_name(dst->pj), proj_message());
    PJ *norm = same ? proj_create(NULL, "+proj=noop") : proj_normalize_for_visualization(NULL, p);
    proj_destroy(p);
    if (!norm)
        return jh_error_set(err, JH_ERR_INPUT, "cannot order the axes of '%s': %s",
                            proj_get_name(src->pj), proj_message());
    jh_transform *t = malloc(sizeof *t);
    if (!t) {
        proj_destroy(norm);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    t->pj = norm;
    *out = t;
    return JH_OK;
}

jh_status jh_transform_to_lonlat(jh_transform **out, const jh_crs *src, jh_error *err)
{
    jh_crs *wgs;
    jh_status st = jh_crs_from_epsg(&wgs, 4326, err);
    if (st != JH_OK)
        return st;
    st = jh_transform_create(out, src, wgs, err);
    jh_crs_free(wgs);
    return st;
}

jh_status jh_crs_lonlat(const jh_crs *cc, jh_transform **out, jh_error *err)
{
    jh_crs *c = (jh_crs *)cc; /* the memo only */
    jh_status st = JH_OK;
    if (!c->lonlat)
        st = jh_transform_to_lonlat(&c->lonlat, c, err);
    *out = c->lonlat;
    return st;
}

bool jh_transform_is_noop(const jh_transform *t)
{
    PJ_PROJ_INFO info = proj_pj_info(t->pj);
    return info.id && strcmp(info.id, "noop") == 0;
}

bool jh_transform_point(jh_transform *t, double *x, double *y)
{
    if (!isfinite(*x) || !isfinite(*y))
        return false;
    PJ_COORD c = proj_coord(*x, *y, 0, 0);
    proj_errno_reset(t->pj);
    PJ_COORD r = proj_trans(t->pj, PJ_FWD, c);
    if (!isfinite(r.xy.x) || !isfinite(r.xy.y) || r.xy.x == HUGE_VAL || r.xy.y == HUGE_VAL)
        return false;
    *x = r.xy.x;
    *y = r.xy.y;
    return true;
}

void jh_transform_free(jh_transform *t)
{
    if (!t)
        return;
    proj_destroy(t->pj);
    free(t);
}

void jh_crs_free(jh_crs *c)
{
    if (!c || --c->refs > 0)
        return;
    jh_transform_free(c->lonlat);
    proj_destroy(c->datum_lonlat);
    proj_destroy(c->ident);
    proj_destroy(c->pj);
    free(c->text);
    free(c);
}
