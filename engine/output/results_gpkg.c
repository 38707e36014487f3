/*
 * results_gpkg: results.gpkg, the result layers for every year (GDAL/OGR's
 * GeoPackage driver), in the working CRS:
 *   schools      a point per school, level and year (the rows of
 *                schools.csv) with Chinese values (小学, 城区, 开办),
 *                capacity, use, district, teachers as an integer, the
 *                indicators reached and compliance;
 *   assignments  a line per year, origin (village or school site), school
 *                and level, with the students and the straight-line
 *                distance in km;
 *   catchments   a polygon per school, level and year: the convex hull of
 *                the origins its students come from, buffered by 100 m so
 *                one or two origins still make a polygon that covers them.
 * schools.shp and assignments.shp (result_layers.c) stay as they are.
 */
#include "output/results_gpkg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "output/catchment.h"
#include "output/format.h"
#include "output/layer_style.h"

static const char *level_zh(jh_level l) { return l == JH_PRIMARY ? "小学" : "初中"; }

static const char *area_zh(jh_area a)
{
    return a == JH_URBAN ? "城区" : a == JH_TOWN ? "镇区" : "乡村";
}

static const char *status_zh(jh_school_status s)
{
    switch (s) {
    case JH_STATUS_OPEN: return "开办";
    case JH_STATUS_CLOSED: return "关闭";
    case JH_STATUS_NEW: return "新建";
    case JH_STATUS_CANDIDATE: return "候选";
    }
    return "";
}

static jh_school_status status_of(const jh_run_result *r, size_t y, int i)
{
    if (y < r->n_years && r->years[y].status)
        return r->years[y].status[i];
    return r->county->schools[i].status;
}

/* The quality indicators a school level does not reach (short Chinese
 * names joined by 、), "" when it reaches all seven; the test of
 * jh_indicators_complies (a relative 1e-9 lets exactly the threshold pass). */
static void missing_indicators(char *buf, size_t n, const jh_school_metrics *sm,
                               const double thr[JH_NQUALITY])
{
    static const char *const label[JH_NQUALITY] = {"高学历教师", "骨干教师",   "体艺教师",
                                                   "校舍面积",   "运动场面积", "仪器设备值",
                                                   "多媒体教室"};
    size_t o = 0;
    buf[0] = '\0';
    for (int k = 0; k < JH_NQUALITY; k++) {
        if (sm->quality[k] >= thr[k] - 1e-9 * fmax(1.0, fabs(thr[k])))
            continue;
        int w = snprintf(buf + o, n - o, "%s%s", o ? "、" : "", label[k]);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

static bool add_fields(OGRLayerH l, const char *const *names, const OGRFieldType *types, int n)
{
    for (int k = 0; k < n; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[k], types[k]);
        OGRErr e = OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return false;
    }
    return true;
}

/* Origin point of a cell: its village, or the school site for students
 * whose village is unknown. */
static bool origin_xy(const jh_county *c, int origin, double *x, double *y)
{
    if (origin >= 0 && (size_t)origin < c->n_villages) {
        *x = c->villages[origin].x, *y = c->villages[origin].y;
        return true;
    }
    if (origin < 0 && (size_t)(-1 - origin) < c->n_schools) {
        *x = c->schools[-1 - origin].x, *y = c->schools[-1 - origin].y;
        return true;
    }
    return false;
}

static const char *origin_id(const jh_county *c, int origin)
{
    if (origin >= 0)
        return c->villages[origin].id;
    return c->schools[-1 - origin].id;
}

/* One year's cells summed by origin, school and level. */
typedef struct agg {
    int origin, school, level, students;
} agg;

/* A school level's number: 2 * school + level (primary first). */
static size_t memo_key(int school, int level) { return (size_t)school * 2 + (level != 0); }

static int cmp_origin(const void *a, const void *b)
{
    const agg *p = a, *q = b;
    return p->origin < q->origin ? -1 : p->origin > q->origin;
}

/* A cell that makes an assignment row: students, a school of the county
 * and a known origin; its row in *a. */
static bool cell_row(const jh_county *c, const jh_cell *cl, agg *a)
{
    double x, y;
    if (cl->count <= 0 || cl->school < 0 || (size_t)cl->school >= c->n_schools ||
        !origin_xy(c, cl->origin, &x, &y))
        return false;
    *a = (agg){cl->origin, cl->school, jh_grade_level(cl->grade), cl->count};
    return true;
}

/* The year's cells with students, by school, level and origin, one row
 * per (school, level, origin) with their students summed. A counting
 * sort on school and level (the cells fall into a few rows per school),
 * then each school level's rows by origin, unless already in that order
 * (the simulation lists a school's cells by village): the order of a full
 * sort on the three keys, whose equal rows are summed. `key` has room for
 * 2 * n_schools + 1 counts. */
static size_t aggregate(const jh_county *c, const jh_year_result *yr, agg *out, size_t *key)
{
    size_t n_keys = 2 * c->n_schools;
    memset(key, 0, (n_keys + 1) * sizeof *key);
    agg a;
    for (size_t k = 0; k < yr->n_cells; k++)
        if (cell_row(c, &yr->cells[k], &a))
            key[memo_key(a.school, a.level) + 1]++;
    for (size_t k = 0; k < n_keys; k++)
        key[k + 1] += key[k];
    /* key[k] is now where school level k's rows start; it ends where k + 1
     * starts once every row is placed */
    for (size_t k = 0; k < yr->n_cells; k++)
        if (cell_row(c, &yr->cells[k], &a))
            out[key[memo_key(a.school, a.level)]++] = a;
    size_t m = 0;
    for (size_t k = 0, from = 0; k < n_keys; from = key[k], k++) {
        size_t to = key[k], first = m;
        if (to == from)
            continue;
        bool sorted = true;
        for (size_t j = from + 1; j < to && sorted; j++)
            sorted = out[j - 1].origin <= out[j].origin;
        if (!sorted)
            qsort(out + from, to - from, sizeof *out, cmp_origin);
        for (size_t j = from; j < to; j++) {
            if (m > first && out[m - 1].origin == out[j].origin)
                out[m - 1].students += out[j].students;
            else
                out[m++] = out[j];
        }
    }
    return m;
}

/* The catchments of one year are mostly those of the year before: a
 * school level whose origins are the same, in the same order, as last
 * year gets a copy of last year's polygon instead of a new hull and
 * buffer (the same points give the same polygon, so the same bytes).
 * Per school and level: last year's origins (a slice of `prev`) and
 * polygon (owned here). */
typedef struct catchment_memo {
    size_t n_keys;
    size_t *from, *to;     /* last year's origins of key: prev[from, to) */
    OGRGeometryH *poly;    /* last year's polygon of key, NULL when none */
    int *prev, *cur;       /* origins of last year / this year, by key */
    size_t *cur_from, *cur_to;
    size_t n_prev, n_cur, cap;
} catchment_memo;

static bool memo_init(catchment_memo *m, size_t n_schools)
{
    memset(m, 0, sizeof *m);
    m->n_keys = 2 * (n_schools ? n_schools : 1);
    m->from = calloc(m->n_keys, sizeof *m->from);
    m->to = calloc(m->n_keys, sizeof *m->to);
    m->cur_from = calloc(m->n_keys, sizeof *m->cur_from);
    m->cur_to = calloc(m->n_keys, sizeof *m->cur_to);
    m->poly = calloc(m->n_keys, sizeof *m->poly);
    return m->from && m->to && m->cur_from && m->cur_to && m->poly;
}

static void memo_free(catchment_memo *m)
{
    if (m->poly)
        for (size_t k = 0; k < m->n_keys; k++)
            if (m->poly[k])
                OGR_G_DestroyGeometry(m->poly[k]);
    free(m->poly);
    free(m->from);
    free(m->to);
    free(m->cur_from);
    free(m->cur_to);
    free(m->prev);
    free(m->cur);
    memset(m, 0, sizeof *m);
}

/* A new year of n rows (sorted by school, level, origin): this year's
 * origins become "last year's" of the next call. A key absent this year
 * loses its polygon. */
static bool memo_year(catchment_memo *m, const agg *a, size_t n)
{
    /* last call's current year becomes the previous one */
    int *t = m->prev;
    m->prev = m->cur;
    m->cur = t;
    m->n_prev = m->n_cur;
    size_t *f = m->from, *e = m->to;
    m->from = m->cur_from, m->to = m->cur_to;
    m->cur_from = f, m->cur_to = e;
    for (size_t k = 0; k < m->n_keys; k++)
        m->cur_from[k] = m->cur_to[k] = 0;
    if (n > m->cap) {
        size_t cap = n;
        int *p = realloc(m->prev, cap * sizeof *p);
        if (!p)
            return false;
        m->prev = p;
        int *q = realloc(m->cur, cap * sizeof *q);
        if (!q)
            return false;
        m->cur = q;
        m->cap = cap;
    }
    for (size_t k = 0; k < n; k++)
        m->cur[k] = a[k].origin;
    m->n_cur = n;
    return true;
}

/* The catchment polygon of rows a[k, e) (one school and level): last
 * year's when its origins were the same, otherwise a new one from their
 * points. The memo keeps the polygon: the caller copies it. */
static OGRGeometryH memo_polygon(catchment_memo *m, const jh_county *c, const agg *a, size_t k,
                                 size_t e)
{
    size_t key = memo_key(a[k].school, a[k].level);
    m->cur_from[key] = k;
    m->cur_to[key] = e;
    OGRGeometryH old = m->poly[key];
    if (old && m->to[key] - m->from[key] == e - k &&
        memcmp(m->prev + m->from[key], m->cur + k, (e - k) * sizeof *m->cur) == 0)
        return old;
    OGRGeometryH pts = OGR_G_CreateGeometry(wkbMultiPoint);
    for (size_t j = k; j < e && pts; j++) {
        double x = 0, y = 0;
        origin_xy(c, a[j].origin, &x, &y);
        OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(p, 0, x, y);
        OGR_G_AddGeometryDirectly(pts, p);
    }
    OGRGeometryH poly = pts ? jh_catchment_polygon(pts) : NULL;
    if (pts)
        OGR_G_DestroyGeometry(pts);
    if (old)
        OGR_G_DestroyGeometry(old);
    m->poly[key] = poly;
    return poly;
}

static bool stopped(const atomic_bool *stop)
{
    return stop && atomic_load_explicit(stop, memory_order_relaxed);
}

static jh_status stop_error(const char *path, jh_error *err)
{
    return jh_error_set(err, JH_ERR_RUN, "%s: stopped (another file of the run failed)", path);
}

/* The school's point layer: one feature reused for every row (its FID
 * cleared so the layer numbers it, the fields a row leaves empty unset as
 * in a new feature, the point moved in place). */
static jh_status write_schools(GDALDatasetH ds, OGRSpatialReferenceH srs,
                               const jh_run_result *r, const char *path,
                               const atomic_bool *stop, jh_error *err)
{
    const jh_county *c = r->county;
    OGRLayerH l = GDALDatasetCreateLayer(ds, "schools", srs, wkbPoint, NULL);
    static const char *const names[] = {
        "year", "school_id", "name", "level", "status", "area", "district", "capacity",
        "students", "use", "classes", "large_classes", "super_large_classes",
        "classes_over_standard", "teachers", "posts_needed", "indicators_reached",
        "missing_indicators", "counted", "compliant"};
    static const OGRFieldType types[] = {
        OFTInteger, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString,
        OFTInteger, OFTInteger, OFTReal, OFTInteger, OFTInteger, OFTInteger, OFTInteger,
        OFTInteger, OFTReal, OFTInteger, OFTString, OFTInteger, OFTInteger};
    jh_rules def;
    jh_rules_default(&def);
    const jh_rules *rules = r->scenario ? &r->scenario->rules : &def;
    if (!l || !add_fields(l, names, types, (int)(sizeof names / sizeof names[0])))
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the layer schools", path);
    int *total = calloc(c->n_schools ? c->n_schools : 1, sizeof *total);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    if (!total || !f || !g) {
        free(total);
        if (f)
            OGR_F_Destroy(f);
        if (g)
            OGR_G_DestroyGeometry(g);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    OGR_G_SetPoint_2D(g, 0, 0.0, 0.0);
    OGR_F_SetGeometryDirectly(f, g);
    jh_status st = JH_OK;
    for (size_t y = 0; y < r->n_years && st == JH_OK; y++) {
        if (stopped(stop)) {
            st = stop_error(path, err);
            break;
        }
        const jh_year_metrics *m = &r->years[y].metrics;
        memset(total, 0, c->n_schools * sizeof *total);
        for (size_t i = 0; i < m->n_schools; i++)
            if (m->schools[i].school >= 0 && (size_t)m->schools[i].school < c->n_schools)
                total[m->schools[i].school] += m->schools[i].students;
        for (size_t i = 0; i < m->n_schools && st == JH_OK; i++) {
            const jh_school_metrics *sm = &m->schools[i];
            if (sm->school < 0 || (size_t)sm->school >= c->n_schools)
                continue;
            const jh_school *s = &c->schools[sm->school];
            OGR_F_SetFID(f, OGRNullFID);
            int k = 0;
            OGR_F_SetFieldInteger(f, k++, r->years[y].year);
            OGR_F_SetFieldString(f, k++, s->id ? s->id : "");
            OGR_F_SetFieldString(f, k++, s->name ? s->name : "");
            OGR_F_SetFieldString(f, k++, level_zh(sm->level));
            OGR_F_SetFieldString(f, k++, status_zh(status_of(r, y, sm->school)));
            OGR_F_SetFieldString(f, k++, area_zh(s->area));
            if (s->district)
                OGR_F_SetFieldString(f, k, s->district);
            else
                OGR_F_UnsetField(f, k);
            k++;
            OGR_F_SetFieldInteger(f, k++, s->capacity);
            OGR_F_SetFieldInteger(f, k++, sm->students);
            if (s->capacity > 0)
                OGR_F_SetFieldDouble(f, k, (double)total[sm->school] / s->capacity);
            else
                OGR_F_UnsetField(f, k);
            k++;
            OGR_F_SetFieldInteger(f, k++, sm->classes);
            OGR_F_SetFieldInteger(f, k++, sm->large_classes);
            OGR_F_SetFieldInteger(f, k++, sm->super_large_classes);
            OGR_F_SetFieldInteger(f, k++, sm->classes_over_standard);
            if (isfinite(sm->teachers))
                OGR_F_SetFieldInteger(f, k, (int)lround(sm->teachers));
            else
                OGR_F_UnsetField(f, k);
            k++;
            if (isfinite(sm->posts_needed))
                OGR_F_SetFieldDouble(f, k, sm->posts_needed);
            else
                OGR_F_UnsetField(f, k);
            k++;
            OGR_F_SetFieldInteger(f, k++, sm->indicators_reached);
            if (sm->students > 0) {
                char miss[512];
                missing_indicators(miss, sizeof miss, sm, rules->quality_min[sm->level]);
                OGR_F_SetFieldString(f, k, miss);
            } else {
                OGR_F_UnsetField(f, k);
            }
            k++;
            OGR_F_SetFieldInteger(f, k++, sm->counted ? 1 : 0);
            OGR_F_SetFieldInteger(f, k++, sm->compliant ? 1 : 0);
            OGR_G_SetPoint_2D(g, 0, s->x, s->y);
            if (OGR_L_CreateFeature(l, f) != OGRERR_NONE)
                st = jh_error_set(err, JH_ERR_RUN, "%s: schools: cannot write %s", path, s->id);
        }
    }
    OGR_F_Destroy(f);
    free(total);
    return st;
}

static jh_status write_flows(GDALDatasetH ds, OGRSpatialReferenceH srs, const jh_run_result *r,
                             const char *path, const atomic_bool *stop, jh_error *err)
{
    const jh_county *c = r->county;
    OGRLayerH la = GDALDatasetCreateLayer(ds, "assignments", srs, wkbLineString, NULL);
    static const char *const an[] = {"year", "origin_id", "school_id", "school", "level",
                                     "students", "distance_km"};
    static const OGRFieldType at[] = {OFTInteger, OFTString, OFTString, OFTString,
                                      OFTString,  OFTInteger, OFTReal};
    OGRLayerH lc = la ? GDALDatasetCreateLayer(ds, "catchments", srs, wkbPolygon, NULL) : NULL;
    static const char *const cn[] = {"year", "school_id", "school", "level", "students",
                                     "origins"};
    static const OGRFieldType ct[] = {OFTInteger, OFTString, OFTString,
                                      OFTString,  OFTInteger, OFTInteger};
    if (!la || !lc || !add_fields(la, an, at, 7) || !add_fields(lc, cn, ct, 6))
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the layers assignments, catchments",
                            path);
    /* one feature for every line: each one sets all seven fields and moves
     * the line's two points in place, and its FID is cleared so the layer
     * numbers it; one feature for every catchment (all six fields set, the
     * polygon handed over) */
    OGRFeatureH fa = OGR_F_Create(OGR_L_GetLayerDefn(la));
    OGRFeatureH fc = OGR_F_Create(OGR_L_GetLayerDefn(lc));
    OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
    if (!fa || !fc || !line) {
        if (fa)
            OGR_F_Destroy(fa);
        if (fc)
            OGR_F_Destroy(fc);
        if (line)
            OGR_G_DestroyGeometry(line);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    OGR_G_AddPoint_2D(line, 0.0, 0.0);
    OGR_G_AddPoint_2D(line, 0.0, 0.0);
    OGR_F_SetGeometryDirectly(fa, line);
    jh_status st = JH_OK;
    catchment_memo memo;
    if (!memo_init(&memo, c->n_schools))
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
    /* the year's rows, sized for the largest year, and the counting
     * sort's school level counts */
    size_t most = 1;
    for (size_t y = 0; y < r->n_years; y++)
        if (r->years[y].n_cells > most)
            most = r->years[y].n_cells;
    agg *a = st == JH_OK ? malloc(most * sizeof *a) : NULL;
    size_t *key = a ? malloc((2 * c->n_schools + 1) * sizeof *key) : NULL;
    if (st == JH_OK && !key)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (size_t y = 0; y < r->n_years && st == JH_OK; y++) {
        const jh_year_result *yr = &r->years[y];
        size_t n = aggregate(c, yr, a, key);
        if (!memo_year(&memo, a, n)) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            break;
        }
        OGR_F_SetFieldInteger(fa, 0, yr->year);
        OGR_F_SetFieldInteger(fc, 0, yr->year);
        for (size_t k = 0; k < n && st == JH_OK;) {
            /* one school and level: its lines, then its catchment */
            if (stopped(stop)) {
                st = stop_error(path, err);
                break;
            }
            size_t e = k;
            while (e < n && a[e].school == a[k].school && a[e].level == a[k].level)
                e++;
            const jh_school *s = &c->schools[a[k].school];
            /* the fields a school level's lines share, set once */
            OGR_F_SetFieldString(fa, 2, s->id ? s->id : "");
            OGR_F_SetFieldString(fa, 3, s->name ? s->name : "");
            OGR_F_SetFieldString(fa, 4, level_zh((jh_level)a[k].level));
            int students = 0;
            for (size_t j = k; j < e && st == JH_OK; j++) {
                double x = 0, y0 = 0;
                origin_xy(c, a[j].origin, &x, &y0);
                OGRFeatureH f = fa;
                OGR_F_SetFID(f, OGRNullFID);
                OGR_F_SetFieldString(f, 1, origin_id(c, a[j].origin));
                OGR_F_SetFieldInteger(f, 5, a[j].students);
                OGR_F_SetFieldDouble(f, 6, hypot(s->x - x, s->y - y0) / 1000.0);
                OGR_G_SetPoint_2D(line, 0, x, y0);
                OGR_G_SetPoint_2D(line, 1, s->x, s->y);
                if (OGR_L_CreateFeature(la, f) != OGRERR_NONE)
                    st = jh_error_set(err, JH_ERR_RUN, "%s: assignments: cannot write", path);
                students += a[j].students;
            }
            OGRGeometryH poly = st == JH_OK ? memo_polygon(&memo, c, a, k, e) : NULL;
            if (st == JH_OK && poly) {
                OGRFeatureH f = fc;
                OGR_F_SetFID(f, OGRNullFID);
                OGR_F_SetFieldString(f, 1, s->id ? s->id : "");
                OGR_F_SetFieldString(f, 2, s->name ? s->name : "");
                OGR_F_SetFieldString(f, 3, level_zh((jh_level)a[k].level));
                OGR_F_SetFieldInteger(f, 4, students);
                OGR_F_SetFieldInteger(f, 5, (int)(e - k));
                OGR_F_SetGeometry(f, poly); /* a copy: the memo keeps poly */
                poly = NULL;
                if (OGR_L_CreateFeature(lc, f) != OGRERR_NONE)
                    st = jh_error_set(err, JH_ERR_RUN, "%s: catchments: cannot write", path);
            } else if (st == JH_OK) {
                st = jh_error_set(err, JH_ERR_RUN,
                                  "%s: catchments: no polygon for school %s in %d (GDAL built "
                                  "without GEOS?)",
                                  path, s->id, yr->year);
            }
            k = e;
        }
    }
    free(a);
    free(key);
    memo_free(&memo);
    OGR_F_Destroy(fa);
    OGR_F_Destroy(fc);
    return st;
}

/* layer_styles (the QGIS GeoPackage styling extension): each layer's
 * style as its default, so QGIS opens the layers styled. A fixed
 * update_time keeps the bytes of two runs equal. */
static jh_status write_styles(GDALDatasetH ds, const char *path, jh_error *err)
{
    static const struct {
        const char *layer;
        jh_layer_style style;
    } L[] = {{"schools", JH_STYLE_GPKG_SCHOOLS},
             {"assignments", JH_STYLE_GPKG_ASSIGNMENTS},
             {"catchments", JH_STYLE_GPKG_CATCHMENTS}};
    char **opt = CSLSetNameValue(NULL, "FID", "id");
    OGRLayerH l = GDALDatasetCreateLayer(ds, "layer_styles", NULL, wkbNone, opt);
    CSLDestroy(opt);
    static const char *const names[] = {"f_table_catalog", "f_table_schema", "f_table_name",
                                        "f_geometry_column", "styleName", "styleQML",
                                        "styleSLD", "useAsDefault", "description", "owner",
                                        "ui", "update_time"};
    static const OGRFieldType types[] = {OFTString, OFTString, OFTString, OFTString,
                                         OFTString, OFTString, OFTString, OFTInteger,
                                         OFTString, OFTString, OFTString, OFTDateTime};
    if (!l)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the table layer_styles", path);
    for (int k = 0; k < 12; k++) {
        OGRFieldDefnH fd = OGR_Fld_Create(names[k], types[k]);
        if (k == 7)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        OGRErr e = OGR_L_CreateField(l, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return jh_error_set(err, JH_ERR_RUN, "%s: layer_styles: cannot add %s", path,
                                names[k]);
    }
    for (size_t i = 0; i < sizeof L / sizeof L[0]; i++) {
        OGRLayerH target = GDALDatasetGetLayerByName(ds, L[i].layer);
        char *qml = jh_layer_style_qml(L[i].style);
        if (!target || !qml) {
            free(qml);
            return jh_error_set(err, JH_ERR_RUN, "%s: layer_styles: no style for %s", path,
                                L[i].layer);
        }
        const char *geom = OGR_L_GetGeometryColumn(target);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, "");
        OGR_F_SetFieldString(f, 1, "");
        OGR_F_SetFieldString(f, 2, L[i].layer);
        OGR_F_SetFieldString(f, 3, geom && *geom ? geom : "geom");
        OGR_F_SetFieldString(f, 4, L[i].layer);
        OGR_F_SetFieldString(f, 5, qml);
        OGR_F_SetFieldString(f, 6, "");
        OGR_F_SetFieldInteger(f, 7, 1);
        OGR_F_SetFieldString(f, 8, "junheng");
        OGR_F_SetFieldString(f, 9, "");
        OGR_F_SetFieldString(f, 10, "");
        OGR_F_SetFieldDateTimeEx(f, 11, 2000, 1, 1, 0, 0, 0.0f, 100);
        OGRErr e = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        free(qml);
        if (e != OGRERR_NONE)
            return jh_error_set(err, JH_ERR_RUN, "%s: layer_styles: cannot write the style of %s",
                                path, L[i].layer);
    }
    return JH_OK;
}

/* GDAL's options while results.gpkg is written (this thread only), or
 * back to GDAL's defaults:
 *  - gpkg_contents' last_change at a fixed date: two runs of one scenario
 *    give the same bytes;
 *  - no rollback journal and no fsync: the file is written inside the
 *    output folder's temporary copy (OUT.tmp-XXXXXX), which replaces OUT
 *    only once every file is complete and is removed on any failure, so
 *    a crash mid-write never leaves a half-written results.gpkg behind
 *    (SQLite's own crash safety would only guard a file that is thrown
 *    away anyway);
 *  - the R-tree built by GDAL after each layer's rows, in this thread
 *    (GDAL's deferred spatial index) instead of GDAL 3.6's background
 *    thread fed row by row and then copied over: the same index for
 *    less CPU in all;
 *  - a 32 MB SQLite page cache instead of SQLite's 2 MB: building the
 *    R-trees touches pages all over the file, and with 2 MB each page
 *    went to the disk about five times and came back as often (2,000
 *    schools: 153,000 page writes and 155,000 reads, then 30,000 writes,
 *    one per page, and 26,000 reads). The cache holds pages, not
 *    decisions: the file's bytes are the same. */
static void set_options(bool on)
{
    static const char *const opt[][2] = {{"OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z"},
                                         {"OGR_SQLITE_JOURNAL", "OFF"},
                                         {"OGR_SQLITE_SYNCHRONOUS", "OFF"},
                                         {"OGR_GPKG_ALLOW_THREADED_RTREE", "NO"},
                                         {"OGR_SQLITE_CACHE", "32"}};
    for (size_t k = 0; k < sizeof opt / sizeof opt[0]; k++)
        CPLSetThreadLocalConfigOption(opt[k][0], on ? opt[k][1] : NULL);
}

jh_status jh_output_write_gpkg(const jh_run_result *r, const char *path, jh_error *err)
{
    return jh_output_write_gpkg_until(r, path, NULL, err);
}

jh_status jh_output_write_gpkg_until(const jh_run_result *r, const char *path,
                                     const atomic_bool *stop, jh_error *err)
{
    GDALAllRegister();
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv)
        return jh_error_set(err, JH_ERR_RUN, "%s: GDAL has no GeoPackage driver", path);
    set_options(true);
    GDALDatasetH ds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds) {
        set_options(false);
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, CPLGetLastErrorMsg());
    }
    OGRSpatialReferenceH srs = NULL;
    if (r->county->crs[0]) {
        srs = OSRNewSpatialReference(NULL);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRSetFromUserInput(srs, r->county->crs) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            srs = NULL;
        }
    }
    GDALDatasetStartTransaction(ds, FALSE);
    jh_status st = write_schools(ds, srs, r, path, stop, err);
    if (st == JH_OK)
        st = write_flows(ds, srs, r, path, stop, err);
    if (st == JH_OK)
        st = write_styles(ds, path, err);
    if (st == JH_OK && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, CPLGetLastErrorMsg());
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(ds);
    set_options(false);
    return st;
}
