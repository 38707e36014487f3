/*
 * inputs.c: jh_county_load (see inputs.h). The order is chosen so that
 * every message can name what it needs: the layers are opened first (file
 * errors), then the coordinate systems are settled and every point moved
 * into the working CRS, then attributes are read record by record, the id
 * indexes built, the catchments and tables resolved against them, and the
 * scenario's references checked last. Any error frees the half-built
 * county: the caller gets all or nothing.
 */
#include "input/inputs.h"
#include "input/projections_thread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indicators.h"
#include "input/boundaries.h"
#include "input/coverage.h"
#include "input/crs.h"
#include "input/csv.h"
#include "input/ftable.h"
#include "input/layers.h"
#include "input/migration_table.h"
#include "input/table_join.h"
#include "input/tables.h"
#include "spatial_index.h"

/* ---- canonical field names ------------------------------------------ */

enum {
    SF_ID, SF_NAME, SF_TYPE, SF_AREA, SF_DISTRICT,
    SF_G1, SF_G9 = SF_G1 + 8,
    SF_C1, SF_C9 = SF_C1 + 8,
    SF_CLASSROOMS, SF_CAPACITY, SF_SENIOR,
    SF_RES0, /* the jh_resources fields, in struct order */
    SF_N = SF_RES0 + 14
};
const char *const jh_school_fields[SF_N + 1] = {
    "id", "name", "type", "area", "district",
    "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9",
    "classes_g1", "classes_g2", "classes_g3", "classes_g4", "classes_g5", "classes_g6",
    "classes_g7", "classes_g8", "classes_g9",
    "classrooms", "capacity", "students_senior",
    "teachers", "t_above_degree", "t_backbone", "t_pe_art", "t_senior_title",
    "building_m2", "sports_m2", "equipment_yuan", "multimedia_rooms", "computers", "books",
    "boarding_beds", "music_rooms", "art_rooms", NULL,
};

enum {
    VF_ID, VF_NAME, VF_AREA, VF_POPULATION,
    VF_AGE0, VF_AGE14 = VF_AGE0 + 14,
    VF_SCHOOL_PRIMARY, VF_SCHOOL_JUNIOR, VF_STUDENTS_PRIMARY, VF_STUDENTS_JUNIOR,
    VF_BIRTH_RATE,
    VF_N
};
const char *const jh_village_fields[VF_N + 1] = {
    "id", "name", "area", "population",
    "age0", "age1", "age2", "age3", "age4", "age5", "age6", "age7", "age8", "age9", "age10",
    "age11", "age12", "age13", "age14",
    "school_primary", "school_junior", "students_primary", "students_junior",
    "birth_rate_per1000", NULL,
};

static bool in_list(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return true;
    return false;
}

static bool has_field(const jh_ftable *l, const char *name)
{
    return jh_ftable_field(l, name) >= 0;
}

/* The scenario's map entry for a canonical name of a layer (1 schools, 2
 * villages): a layer-specific entry wins over a flat one. A flat entry
 * (`fields: {name: XXMC}`) applies to the layers that have the field, so
 * DESIGN's flat example works when only the schools layer calls its name
 * XXMC; one that neither layer has is an error (check_flat_map). */
static const char *mapped_name(const jh_scenario *sc, const jh_ftable *l, int layer,
                               const char *canonical)
{
    const char *flat = NULL;
    for (size_t i = 0; i < sc->n_fields; i++) {
        const jh_field_map *m = &sc->fields[i];
        if (strcmp(m->canonical, canonical) != 0)
            continue;
        if (m->layer == layer)
            return m->layer_field;
        if (m->layer == 0 && has_field(l, m->layer_field))
            flat = m->layer_field;
    }
    return flat;
}

static jh_status check_flat_map(const jh_scenario *sc, const jh_ftable *ls, const jh_ftable *lv,
                                jh_error *err)
{
    for (size_t i = 0; i < sc->n_fields; i++) {
        const jh_field_map *m = &sc->fields[i];
        if (m->layer != 0 || has_field(ls, m->layer_field) || has_field(lv, m->layer_field))
            continue;
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line %ld: field %s: data.fields maps it to '%s', expected a "
                            "field of %s or %s",
                            sc->path ? sc->path : "scenario", m->line, m->canonical,
                            m->layer_field, ls->name, lv->name);
    }
    return JH_OK;
}

static jh_status check_field_map(const jh_scenario *sc, jh_error *err)
{
    for (size_t i = 0; i < sc->n_fields; i++) {
        const jh_field_map *m = &sc->fields[i];
        bool s = in_list(jh_school_fields, SF_N, m->canonical);
        bool v = in_list(jh_village_fields, VF_N, m->canonical);
        static const char *const *tables[] = {jh_teachers_columns, jh_projections_columns,
                                              jh_od_columns};
        if (m->layer >= 3) {
            const char *const *cols = tables[m->layer - 3];
            bool known = false;
            for (size_t k = 0; cols[k]; k++)
                known |= strcmp(cols[k], m->canonical) == 0;
            if (!known)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: data.fields: key %s: expected a column of "
                                    "%s.csv (listed in docs/DATA.md)",
                                    sc->path ? sc->path : "scenario", m->line, m->canonical,
                                    m->layer == 3 ? "teachers" : m->layer == 4 ? "projections"
                                                                               : "od");
            continue;
        }
        if ((m->layer == 0 && !s && !v) || (m->layer == 1 && !s) || (m->layer == 2 && !v))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: data.fields: key %s: expected a canonical %s "
                                "field name (listed in docs/DATA.md)",
                                sc->path ? sc->path : "scenario", m->line, m->canonical,
                                m->layer == 1 ? "school" : m->layer == 2 ? "village" : "layer");
    }
    for (size_t t = 0; t < sc->n_tables; t++) {
        const jh_stat_table *tb = &sc->tables[t];
        for (size_t k = 0; k < tb->n_fields; k++)
            if (tb->layer == 1 ? !in_list(jh_school_fields, SF_N, tb->fields[k].canonical)
                               : !in_list(jh_village_fields, VF_N, tb->fields[k].canonical))
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: data.%s_tables: fields: key %s: expected a "
                                    "canonical %s field name (listed in docs/DATA.md)",
                                    sc->path ? sc->path : "scenario", tb->fields[k].line,
                                    tb->layer == 1 ? "school" : "village",
                                    tb->fields[k].canonical,
                                    tb->layer == 1 ? "school" : "village");
    }
    return JH_OK;
}

/* Resolves every canonical field of a layer (a column joined from a
 * statistics table wins). Every problem — a map entry naming no field, an
 * ambiguous 10-character cut, a required field missing — is collected, so
 * one message names them all. */
static jh_status resolve_all(const jh_ftable *l, const jh_scenario *sc, int layer,
                             const char *const *canon, size_t n, const bool *required, int *idx,
                             jh_error *err)
{
    char msg[1800] = "";
    size_t len = 0, bad = 0;
    size_t prefix = strlen(l->name) + 2; /* "schools.dbf: " */
    for (size_t k = 0; k < n; k++) {
        if ((idx[k] = jh_ftable_bound(l, canon[k])) >= 0)
            continue;
        jh_error e;
        const char *problem = NULL;
        char missing[200];
        jh_status st = jh_field_resolve((const char *const *)l->fields, l->n_fields, canon[k],
                                        canon, n, mapped_name(sc, l, layer, canon[k]), l->name,
                                        &idx[k], &e);
        if (st != JH_OK) {
            if (st != JH_ERR_INPUT)
                return jh_error_set(err, st, "%s", e.message);
            problem = strlen(e.message) > prefix ? e.message + prefix : e.message;
            idx[k] = -1;
        } else if (idx[k] < 0 && required[k]) {
            snprintf(missing, sizeof missing,
                     "field %s: expected a field named %s (or a data.fields entry mapping it)",
                     canon[k], canon[k]);
            problem = missing;
        }
        if (!problem)
            continue;
        if (len + 8 < sizeof msg)
            len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", bad ? "; " : "", problem);
        bad++;
    }
    if (bad == 0)
        return JH_OK;
    if (bad == 1)
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s (fields: docs/DATA.md)", l->name, msg);
    return jh_error_set(err, JH_ERR_INPUT,
                        "%s: %zu fields missing or unmappable: %s (fields: docs/DATA.md)",
                        l->name, bad, msg);
}

/* ---- coordinates ----------------------------------------------------- */

typedef struct layer_crs {
    jh_crs *src;
    char desc[256];
} layer_crs;

/* "S.yaml: line 12: data.crs": where the scenario names its CRS. */
static void crs_what(const jh_scenario *sc, char *buf, size_t n)
{
    if (sc->crs_line > 0)
        snprintf(buf, n, "%s: line %ld: data.crs", sc->path ? sc->path : "scenario",
                 sc->crs_line);
    else
        snprintf(buf, n, "%s: data.crs", sc->path ? sc->path : "scenario");
}

/* The CRS of a text: prev's own (shared) when prev was parsed from the
 * same text, else parsed. */
static jh_status crs_from_text_as(jh_crs **out, const char *text, const char *what,
                                  const layer_crs *prev, jh_error *err)
{
    if (prev && jh_crs_same_text(prev->src, text)) {
        *out = jh_crs_share(prev->src);
        return JH_OK;
    }
    return jh_crs_from_text(out, text, what, err);
}

/* A layer's CRS; prev (or NULL): the other layer's, shared when both
 * come from the same text (one set of PROJ's lookups and transformations
 * for both). */
static jh_status layer_source_crs(const jh_ftable *l, const jh_scenario *sc, layer_crs *out,
                                  const layer_crs *prev, jh_warnings *warnings, jh_error *err)
{
    char name[600];
    const char *g = l->geom_name;
    size_t gl = strlen(g);
    if (gl > 4 && strcasecmp(g + gl - 4, ".shp") == 0)
        snprintf(name, sizeof name, "%.*s.prj", (int)gl - 4, g);
    else
        snprintf(name, sizeof name, "%s", g);
    jh_status st;
    if (l->crs_wkt) {
        st = crs_from_text_as(&out->src, l->crs_wkt, name, prev, err);
    } else if (l->prj_path) {
        char *text = malloc(JH_PRJ_MAX);
        if (!text)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        st = jh_crs_read_prj(l->prj_path, name, text, err);
        if (st == JH_OK)
            st = crs_from_text_as(&out->src, text, name, prev, err);
        free(text);
    } else if (l->lonlat_default) {
        /* longitude/latitude columns: China's geodetic system unless told */
        st = crs_from_text_as(&out->src, "EPSG:4490", "EPSG:4490", prev, err);
        if (st == JH_OK && warnings)
            jh_warnings_add(warnings,
                            "%s: coordinate columns read as CGCS2000 longitude/latitude "
                            "(EPSG:4490): they are all within -180..180 / -90..90",
                            l->name);
    } else if (sc->crs) {
        char what[1200];
        crs_what(sc, what, sizeof what);
        st = crs_from_text_as(&out->src, sc->crs, what, prev, err);
    } else if (l->prj_path == NULL && gl > 4 && strcasecmp(g + gl - 4, ".shp") == 0) {
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: cannot open: no such file; expected a .prj beside %s, or "
                            "data.crs in the scenario naming the layer's coordinate system",
                            name, g);
    } else {
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: no coordinate system: expected the layer to carry one, or "
                            "data.crs in the scenario naming it",
                            name);
    }
    if (st == JH_OK)
        jh_crs_describe(out->src, out->desc, sizeof out->desc);
    return st;
}

/* Reads the raw points of a layer into xy[2*count]; messages name the
 * row's id (field id_field). */
static jh_status read_points(jh_ftable *l, int id_field, double *xy, jh_error *err)
{
    for (long r = 0; r < (long)l->n_rows; r++) {
        const char *id = id_field >= 0 ? l->cols[id_field][r] : NULL;
        jh_status st = jh_ftable_point(l, r, id, &xy[2 * r], &xy[2 * r + 1], err);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* True when every coordinate of the n points is finite (jh_transform_point
 * refuses any other). */
static bool all_finite(const double *xy, long n)
{
    for (long i = 0; i < 2 * n; i++)
        if (!isfinite(xy[i]))
            return false;
    return true;
}

/* Transforms every point of a layer (xy, x then y per record) into out
 * (which may be xy itself); `target` names the CRS for the message. */
static jh_status transform_points(const jh_ftable *l, jh_transform *t, const double *xy,
                                  double *out, const char *target, jh_error *err)
{
    if (jh_transform_is_noop(t) && all_finite(xy, (long)l->n_rows)) {
        /* a noop leaves every finite point as it is (no PROJ call each) */
        if (out != xy)
            memcpy(out, xy, l->n_rows * 2 * sizeof *out);
        return JH_OK;
    }
    for (long r = 0; r < (long)l->n_rows; r++) {
        double x = xy[2 * r], y = xy[2 * r + 1];
        if (!jh_transform_point(t, &x, &y)) {
            char w[64];
            jh_ftable_where(l, r, NULL, w, sizeof w);
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: %s: coordinates (%.3f, %.3f): expected a point "
                                "that transforms to %s, it does not (does the "
                                ".prj match the data?)",
                                l->geom_name, w, xy[2 * r], xy[2 * r + 1], target);
        }
        out[2 * r] = x;
        out[2 * r + 1] = y;
    }
    return JH_OK;
}

/* Mean longitude/latitude of a layer's points (for the UTM zone). */
static jh_status layer_lonlat_sum(const jh_ftable *l, const jh_crs *src, const double *xy,
                                  double *slon, double *slat, long *n, jh_error *err)
{
    jh_transform *t; /* src's own */
    jh_status st = jh_crs_lonlat(src, &t, err);
    if (st != JH_OK)
        return st;
    long count = (long)l->n_rows;
    double *ll = malloc((size_t)(2 * count + 2) * sizeof *ll);
    if (!ll)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (coordinates)");
    else
        st = transform_points(l, t, xy, ll, "longitude/latitude", err);
    for (long r = 0; st == JH_OK && r < count; r++) {
        *slon += ll[2 * r];
        *slat += ll[2 * r + 1];
        (*n)++;
    }
    free(ll);
    return st;
}

/* A layer's points into the working CRS dst through *t, made from src
 * when NULL (kept for the other layer when both share src). */
static jh_status to_working(const jh_ftable *l, const jh_crs *src, const jh_crs *dst,
                            jh_transform **t, double *xy, jh_error *err)
{
    jh_status st = *t ? JH_OK : jh_transform_create(t, src, dst, err);
    if (st != JH_OK)
        return st;
    return transform_points(l, *t, xy, xy, "the working CRS", err);
}

/* ---- attributes ------------------------------------------------------ */

/* Schools whose value of one field is empty: how many, the first ids. */
typedef struct null_list {
    long n;
    char ids[200];
} null_list;

static void null_list_add(null_list *nl, const char *id)
{
    size_t len = strlen(nl->ids);
    if (nl->n < 8 && len + strlen(id) + 3 < sizeof nl->ids)
        snprintf(nl->ids + len, sizeof nl->ids - len, "%s%s", nl->n ? ", " : "", id);
    nl->n++;
}

/* A record's id: text, never empty (an empty id could not be told apart
 * from another, nor named in a plan). `what`: "school" or "village". */
static jh_status read_id(const jh_ftable *l, long r, int field, const char *what,
                         const char *file, char **out, jh_error *err)
{
    jh_status st = jh_ftable_text(l, r, field, out, err);
    if (st != JH_OK || (*out)[0] != '\0')
        return st;
    char w[64];
    jh_ftable_where(l, r, NULL, w, sizeof w);
    return jh_error_set(err, JH_ERR_INPUT, "%s: %s: field id: expected a %s id, got an empty value",
                        file, w, what);
}

/* A record's area type (urban, town, rural, their Chinese names, an
 * urban-rural code, or what data.values.area maps); rural when the layer has
 * no area field. */
static jh_status read_area(const jh_ftable *l, long r, int field, const char *id,
                           const jh_scenario *sc, const char *file, jh_area *out, jh_error *err)
{
    *out = JH_RURAL;
    if (field < 0)
        return JH_OK;
    const char *a = l->cols[field][r]; /* read in place: no copy per record */
    if (!a)
        a = "";
    if (!jh_area_parse(jh_value_lookup(sc, "area", a), out)) {
        char w[300];
        jh_ftable_where(l, r, id, w, sizeof w);
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: %s: field area: expected one of urban, "
                            "town, rural (or 城区, 镇区, 乡村, an urban-rural code 111-220, "
                            "or a data.values.area entry mapping it), got '%s'",
                            file, w, a);
    }
    return JH_OK;
}

static jh_status read_schools(jh_county *c, jh_ftable *l, const jh_scenario *sc, const int *f,
                              const double *xy, jh_error *err)
{
    const char *file = l->name;
    null_list nulls[JH_NRESOURCES];
    memset(nulls, 0, sizeof nulls);
    long n = (long)l->n_rows;
    c->schools = calloc((size_t)n, sizeof *c->schools);
    if (!c->schools)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st;
    for (long r = 0; r < n; r++) {
        jh_school *s = &c->schools[r];
        c->n_schools = (size_t)r + 1;
        s->record = r;
        s->x = xy[2 * r];
        s->y = xy[2 * r + 1];
        if ((st = read_id(l, r, f[SF_ID], "school", file, &s->id, err)) != JH_OK)
            return st;
        if ((st = jh_ftable_text(l, r, f[SF_NAME], &s->name, err)) != JH_OK)
            return st;
        if (f[SF_DISTRICT] >= 0) {
            if ((st = jh_ftable_text(l, r, f[SF_DISTRICT], &s->district, err)) != JH_OK)
                return st;
            if (s->district[0] == '\0') {
                free(s->district);
                s->district = NULL;
            }
        }
        const char *t = f[SF_TYPE] >= 0 ? l->cols[f[SF_TYPE]][r] : NULL; /* in place */
        if (!t)
            t = "";
        bool ok = jh_school_type_parse(jh_value_lookup(sc, "type", t), &s->type);
        if (!ok) {
            char w[300];
            jh_ftable_where(l, r, s->id, w, sizeof w);
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: %s: field type: expected one of primary, "
                                "junior, nine_year, complete_middle, twelve_year, teaching_point, "
                                "special, vocational (or 小学, 初中, 九年一贯制, 完全中学, "
                                "十二年一贯制, 教学点, or a data.values.type entry mapping it; "
                                "see docs/DATA.md), got '%s'",
                                file, w, t);
        }
        if ((st = read_area(l, r, f[SF_AREA], s->id, sc, file, &s->area, err)) != JH_OK)
            return st;
        long v;
        bool given, any_class = false;
        for (int g = 0; g < JH_NGRADES; g++) {
            if ((st = jh_ftable_count(l, r, f[SF_G1 + g], jh_school_fields[SF_G1 + g], s->id,
                                           &v, NULL, err)) != JH_OK)
                return st;
            s->students[g] = (int)v;
            if ((st = jh_ftable_count(l, r, f[SF_C1 + g], jh_school_fields[SF_C1 + g], s->id,
                                           &v, &given, err)) != JH_OK)
                return st;
            s->classes[g] = (int)v;
            any_class |= given;
        }
        s->classes_given = any_class;
        if ((st = jh_ftable_count(l, r, f[SF_CLASSROOMS], "classrooms", s->id, &v, NULL,
                                       err)) != JH_OK)
            return st;
        s->classrooms = (int)v;
        if ((st = jh_ftable_count(l, r, f[SF_CAPACITY], "capacity", s->id, &v,
                                       &s->capacity_given, err)) != JH_OK)
            return st;
        s->capacity = (int)v;
        if ((st = jh_ftable_count(l, r, f[SF_SENIOR], "students_senior", s->id, &v, NULL,
                                       err)) != JH_OK)
            return st;
        s->students_senior = (int)v;
        double *res = &s->res.teachers;
        for (int k = 0; k < JH_NRESOURCES; k++) {
            if ((st = jh_ftable_number(l, r, f[SF_RES0 + k], jh_school_fields[SF_RES0 + k],
                                            s->id, &res[k], &given, err)) != JH_OK)
                return st;
            /* an empty (NULL) value of a field the layer has is not a 0 */
            if (f[SF_RES0 + k] >= 0 && !given && k != 11 /* boarding_beds: none */)
                null_list_add(&nulls[k], s->id);
        }
        s->status = s->type == JH_SCHOOL_CANDIDATE ? JH_STATUS_CANDIDATE : JH_STATUS_OPEN;
    }
    for (int k = 0; k < JH_NRESOURCES; k++)
        if (nulls[k].n > 0)
            jh_warnings_add(&c->warnings,
                            "%s: field %s: empty (NULL) for %ld school%s (%s%s): read as 0, "
                            "which understates %s",
                            file, jh_school_fields[SF_RES0 + k], nulls[k].n, nulls[k].n > 1 ? "s" : "",
                            nulls[k].ids, nulls[k].n > 8 ? ", ..." : "", jh_indicators_fed_by(k));
    return JH_OK;
}

/* The catchment ids are read from the layer once the school index exists. */
static jh_status read_villages(jh_county *c, jh_ftable *l, const jh_scenario *sc, const int *f,
                               const double *xy, jh_error *err)
{
    const char *file = l->name;
    long n = (long)l->n_rows;
    c->villages = calloc((size_t)n, sizeof *c->villages);
    if (!c->villages)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    bool has_ages = false;
    for (int a = 0; a < 15; a++)
        has_ages |= f[VF_AGE0 + a] >= 0;
    bool has_students = f[VF_STUDENTS_PRIMARY] >= 0 || f[VF_STUDENTS_JUNIOR] >= 0;
    jh_status st;
    for (long r = 0; r < n; r++) {
        jh_village *v = &c->villages[r];
        c->n_villages = (size_t)r + 1;
        v->record = r;
        v->x = xy[2 * r];
        v->y = xy[2 * r + 1];
        v->school[0] = v->school[1] = -1;
        if ((st = read_id(l, r, f[VF_ID], "village", file, &v->id, err)) != JH_OK)
            return st;
        if ((st = jh_ftable_text(l, r, f[VF_NAME], &v->name, err)) != JH_OK)
            return st;
        if ((st = read_area(l, r, f[VF_AREA], v->id, sc, file, &v->area, err)) != JH_OK)
            return st;
        if ((st = jh_ftable_number_max(l, r, f[VF_POPULATION], "population", v->id,
                                       (double)JH_MAX_COUNT, &v->population, NULL, err)) != JH_OK)
            return st;
        long k;
        for (int a = 0; a < 15; a++) {
            if ((st = jh_ftable_count(l, r, f[VF_AGE0 + a], jh_village_fields[VF_AGE0 + a],
                                           v->id, &k, NULL, err)) != JH_OK)
                return st;
            v->age[a] = (int)k;
        }
        v->has_ages = has_ages;
        if ((st = jh_ftable_count(l, r, f[VF_STUDENTS_PRIMARY], "students_primary", v->id,
                                       &k, NULL, err)) != JH_OK)
            return st;
        v->students_primary = (int)k;
        if ((st = jh_ftable_count(l, r, f[VF_STUDENTS_JUNIOR], "students_junior", v->id,
                                       &k, NULL, err)) != JH_OK)
            return st;
        v->students_junior = (int)k;
        v->has_students = has_students;
        if ((st = jh_ftable_number_max(l, r, f[VF_BIRTH_RATE], "birth_rate_per1000", v->id, 1000,
                                       &v->birth_rate_per1000, &v->has_birth_rate, err)) != JH_OK)
            return st;
    }
    return JH_OK;
}

/* ---- totals --------------------------------------------------------------- */

/* The layer's sums stay below JH_MAX_TOTAL, so no sum of students the
 * simulation keeps in an int can overflow; the record at which a sum
 * passes the bound is named. */
static jh_status check_totals(const jh_county *c, const char *sfile, const char *vfile,
                              jh_error *err)
{
    long long students = 0, people = 0, children = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        for (int g = 0; g < JH_NGRADES; g++)
            students += s->students[g];
        students += s->students_senior;
        if (students > JH_MAX_TOTAL)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: record %ld (id %s): fields g1-g9: the layer's students "
                                "reach %lld with this record, expected at most %ld in all (the "
                                "maximum for one run)",
                                sfile, s->record + 1, s->id, students, JH_MAX_TOTAL);
    }
    for (size_t v = 0; v < c->n_villages; v++) {
        const jh_village *vil = &c->villages[v];
        people += (long long)vil->population;
        children += (long long)vil->students_primary + vil->students_junior;
        for (int a = 0; a < 15; a++)
            children += vil->age[a];
        if (people > JH_MAX_TOTAL || children > JH_MAX_TOTAL)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: record %zu (id %s): field %s: the layer's %s reach %lld "
                                "with this record, expected at most %ld in all (the maximum for "
                                "one run)",
                                vfile, v + 1, vil->id, people > JH_MAX_TOTAL ? "population" : "age0-age14",
                                people > JH_MAX_TOTAL ? "people" : "children",
                                people > JH_MAX_TOTAL ? people : children, JH_MAX_TOTAL);
    }
    return JH_OK;
}

/* ---- schools the scenario builds ---------------------------------------- */

/* Adds every school a build intervention opens as a candidate site (a
 * copy of its entry; status candidate until the year it opens). An id
 * that is already a candidate site is left as it is: the build opens it. */
jh_status jh_county_add_planned_schools(jh_county *c, const jh_scenario *sc, jh_error *err)
{
    for (size_t k = 0; k < sc->n_interventions; k++) {
        const jh_intervention *iv = &sc->interventions[k];
        if (iv->kind != JH_IV_BUILD || !iv->build.id)
            continue;
        int existing = jh_county_find_school(c, iv->build.id);
        if (existing >= 0) {
            if (c->schools[existing].status != JH_STATUS_CANDIDATE &&
                c->schools[existing].type != JH_SCHOOL_CANDIDATE)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: build: id '%s' is already a school of the layer (expected a new id or a candidate site)",
                                    sc->path, iv->line, iv->build.id);
            continue;
        }
        jh_school b = iv->build;
        b.id = strdup(iv->build.id);
        b.name = strdup(iv->build.name ? iv->build.name : iv->build.id);
        b.district = iv->build.district ? strdup(iv->build.district) : NULL;
        if (!b.id || !b.name || (iv->build.district && !b.district)) {
            free(b.id);
            free(b.name);
            free(b.district);
            return jh_error_set(err, JH_ERR_RUN, "out of memory (planned schools)");
        }
        memset(b.students, 0, sizeof b.students);
        memset(b.classes, 0, sizeof b.classes);
        b.classes_given = false;
        b.students_senior = 0;
        b.classrooms = iv->classrooms ? iv->classrooms : iv->build.classrooms;
        if (iv->capacity > 0) {
            b.capacity = iv->capacity;
            b.capacity_given = true;
        }
        b.status = JH_STATUS_CANDIDATE;
        b.record = -1;
        if (jh_county_add_school(c, &b) < 0) {
            free(b.id);
            free(b.name);
            free(b.district);
            return jh_error_set(err, JH_ERR_RUN, "out of memory (planned schools)");
        }
        if (jh_county_build_index(c, "schools", "villages", err) != JH_OK)
            return JH_ERR_INPUT;
    }
    return JH_OK;
}

/* ---- scenario references ------------------------------------------------ */

static bool built_id(const jh_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->kind == JH_IV_BUILD && iv->build.id && strcmp(iv->build.id, id) == 0)
            return true;
    }
    return false;
}

static jh_status known_school(const jh_county *c, const jh_scenario *sc, const char *id,
                              long line, const char *key, const char *schools_file,
                              jh_error *err)
{
    if (!id || jh_county_find_school(c, id) >= 0 || built_id(sc, id))
        return JH_OK;
    return jh_error_set(err, JH_ERR_INPUT,
                        "%s: line %ld: %s: expected a school id of %s or one an intervention "
                        "builds, got '%s'",
                        sc->path ? sc->path : "scenario", line, key, schools_file, id);
}

static jh_status check_scenario_refs(const jh_county *c, const jh_scenario *sc,
                                     const char *schools_file, const char *villages_file,
                                     jh_error *err)
{
    jh_status st;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        static const char *const kinds[] = {"close", "merge", "convert", "expand", "build",
                                            "keep_teaching_point", "add_beds", "catchment"};
        const char *key = (unsigned)iv->kind < 8 ? kinds[iv->kind] : "interventions";
        if (iv->kind == JH_IV_BUILD) {
            if (iv->build.id && jh_county_find_school(c, iv->build.id) >= 0)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: build: id: expected a new school id, got "
                                    "'%s', which %s already has",
                                    sc->path ? sc->path : "scenario", iv->line, iv->build.id,
                                    schools_file);
            continue;
        }
        if (iv->kind == JH_IV_CATCHMENT) {
            if ((st = known_school(c, sc, iv->target, iv->line, key, schools_file, err)))
                return st;
            for (size_t k = 0; k < iv->n_ids; k++)
                if (jh_county_find_village(c, iv->ids[k]) < 0)
                    return jh_error_set(err, JH_ERR_INPUT,
                                        "%s: line %ld: catchment: villages: expected a village "
                                        "id of %s, got '%s'",
                                        sc->path ? sc->path : "scenario", iv->line,
                                        villages_file, iv->ids[k]);
            continue;
        }
        for (size_t k = 0; k < iv->n_ids; k++)
            if ((st = known_school(c, sc, iv->ids[k], iv->line, key, schools_file, err)))
                return st;
        if (iv->target && strcmp(iv->target, "nearest") != 0 &&
            (st = known_school(c, sc, iv->target, iv->line,
                               iv->kind == JH_IV_MERGE ? "into" : "students_to", schools_file,
                               err)))
            return st;
        for (int l = 0; l < JH_NLEVELS; l++)
            if (iv->level_to[l] && (st = known_school(c, sc, iv->level_to[l], iv->line,
                                                      l ? "junior_to" : "primary_to", schools_file, err)))
                return st;
    }
    for (size_t k = 0; k < sc->consolidation.n_fixed; k++)
        if ((st = known_school(c, sc, sc->consolidation.fixed[k], sc->consolidation.line,
                               "optimise.consolidation.fixed", schools_file, err)))
            return st;
    return JH_OK;
}

/* ---- warnings ------------------------------------------------------------- */

/* A village within `within` metres of (x, y): the nearest one's distance,
 * by the same arithmetic as a scan, or INFINITY when none is that near or
 * there is no index (then the caller scans every village). */
static double village_within(const jh_spatial_index *ix, double x, double y, double within)
{
    double d = INFINITY;
    if (ix && jh_spatial_index_nearest(ix, x, y, NULL, NULL, &d) >= 0 && d <= within)
        return d;
    return INFINITY;
}

static void add_warnings(jh_county *c, const char *schools_file, const char *villages_file)
{
    double *vx = malloc((c->n_villages + 1) * sizeof *vx), *vy = malloc((c->n_villages + 1) * sizeof *vy);
    for (size_t v = 0; vx && vy && v < c->n_villages; v++) {
        vx[v] = c->villages[v].x;
        vy[v] = c->villages[v].y;
    }
    jh_spatial_index *near = vx && vy ? jh_spatial_index_create(vx, vy, c->n_villages, NULL, NULL) : NULL;
    double *roster = calloc(c->n_schools ? c->n_schools : 1, sizeof *roster);
    if (roster)
        for (size_t i = 0; i < c->n_teachers; i++)
            roster[c->teachers[i].school] += 1;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        int students = 0;
        for (int g = 0; g < JH_NGRADES; g++)
            students += s->students[g];
        if (students > 0 && s->res.teachers <= 0 && (!roster || roster[i] <= 0))
            jh_warnings_add(&c->warnings, "%s: record %ld (id %s): %d students but no teachers",
                            schools_file, s->record + 1, s->id, students);
        double best = INFINITY;
        best = village_within(near, s->x, s->y, 20000.0);
        for (size_t v = 0; v < c->n_villages && best > 20000.0; v++) {
            double dx = s->x - c->villages[v].x, dy = s->y - c->villages[v].y;
            double d = sqrt(dx * dx + dy * dy);
            if (d < best)
                best = d;
        }
        if (c->n_villages > 0 && best > 20000.0)
            jh_warnings_add(&c->warnings,
                            "%s: record %ld (id %s): farther than 20 km from every village "
                            "(nearest %.1f km): is it in the right place?",
                            schools_file, s->record + 1, s->id, best / 1000.0);
    }
    free(roster);
    jh_spatial_index_free(near);
    free(vx);
    free(vy);
    size_t empty = 0;
    char list[512] = "";
    size_t len = 0;
    for (size_t v = 0; v < c->n_villages; v++) {
        const jh_village *vil = &c->villages[v];
        long kids = vil->students_primary + vil->students_junior;
        for (int a = 0; a < 15; a++)
            kids += vil->age[a];
        if (kids > 0)
            continue;
        if (empty < 10 && len + 40 < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", empty ? ", " : "",
                                    vil->id);
        empty++;
    }
    if (empty)
        jh_warnings_add(&c->warnings, "%s: %zu of %zu villages have no children (%s%s)",
                        villages_file, empty, c->n_villages, list, empty > 10 ? ", ..." : "");
}

/* A resource field that neither the layer nor a table gives: the
 * indicators it feeds have no data (no CV, no pass), and validate and run
 * say so. teachers.csv gives the five teacher counts. boarding_beds is
 * optional (a county without boarding). */
static void note_missing_fields(jh_county *c, const int *fs, const char *schools_file)
{
    for (int k = 0; k < JH_NRESOURCES; k++) {
        if (fs[SF_RES0 + k] >= 0 || k == 11)
            continue;
        if (k <= 4 && c->has_roster)
            continue;
        c->res_missing |= 1u << k;
        jh_warnings_add(&c->warnings,
                        "%s: no field %s (and no data.fields entry or table gives it): %s "
                        "have no data: no CV, and no pass",
                        schools_file, jh_school_fields[SF_RES0 + k], jh_indicators_fed_by(k));
    }
}

/* ---- the loader --------------------------------------------------------------- */

jh_status jh_county_load(jh_county *out, const jh_scenario *sc, jh_error *err)
{
    memset(out, 0, sizeof *out);
    jh_ftable *ls = NULL, *lv = NULL;
    layer_crs cs = {0}, cv = {0};
    jh_crs *work = NULL;
    double *xs = NULL, *xv = NULL;
    long nv = 0;
    jh_projections_job *pjob = NULL; /* projections.csv, read meanwhile */
    jh_status st;

    if (!sc->schools_path || !sc->villages_path) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: data: expected schools and villages layers",
                          sc->path ? sc->path : "scenario");
        goto fail;
    }
    if ((st = check_field_map(sc, err)))
        goto fail;
    if ((st = jh_ftable_open(&ls, sc->schools_path, sc->geometry_x, sc->geometry_y,
                             &out->warnings, err)))
        goto fail;
    if ((st = jh_ftable_open(&lv, sc->villages_path, sc->geometry_x, sc->geometry_y,
                             &out->warnings, err)))
        goto fail;
    const char *sfile = ls->name, *vfile = lv->name;
    snprintf(out->encoding[0], sizeof out->encoding[0], "%s", ls->encoding);
    snprintf(out->encoding[1], sizeof out->encoding[1], "%s", lv->encoding);

    /* fields first: a bad field map is reported before any coordinate work */
    int fs[SF_N], fv[VF_N];
    bool req_s[SF_N] = {[SF_ID] = true, [SF_TYPE] = true}, req_v[VF_N] = {[VF_ID] = true};
    if ((st = check_flat_map(sc, ls, lv, err)))
        goto fail;
    /* rows: data.where, then the statistics tables joined by id */
    {
        int id_s, id_v;
        jh_error ignore;
        if (jh_field_resolve((const char *const *)ls->fields, ls->n_fields, "id", jh_school_fields,
                             SF_N, mapped_name(sc, ls, 1, "id"), sfile, &id_s, &ignore) != JH_OK)
            id_s = -1;
        if (jh_field_resolve((const char *const *)lv->fields, lv->n_fields, "id", jh_village_fields,
                             VF_N, mapped_name(sc, lv, 2, "id"), vfile, &id_v, &ignore) != JH_OK)
            id_v = -1;
        if ((st = jh_apply_data_maps(ls, lv, sc, id_s, id_v, &out->warnings, err)))
            goto fail;
    }
    if ((st = resolve_all(ls, sc, 1, jh_school_fields, SF_N, req_s, fs, err)) ||
        (st = resolve_all(lv, sc, 2, jh_village_fields, VF_N, req_v, fv, err)) ||
        (st = jh_coverage_record(out, 0, ls, jh_school_fields, fs, err)) ||
        (st = jh_coverage_record(out, 1, lv, jh_village_fields, fv, err)))
        goto fail;
    if (fs[SF_AREA] < 0)
        jh_warnings_add(&out->warnings, "%s: no area field; every school taken as rural", sfile);
    if (ls->n_rows == 0 || lv->n_rows == 0) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: expected at least one row, none is left",
                          ls->n_rows == 0 ? sfile : vfile);
        goto fail;
    }
    for (int k = 0; k < 2; k++) {
        const jh_ftable *t = k ? lv : ls;
        if (t->n_polygons > 0)
            jh_warnings_add(&out->warnings,
                            "%s: %ld of %zu features are areas (polygons): each stands for its "
                            "point on surface",
                            t->name, t->n_polygons, t->n_rows);
    }
    /* the villages' ids are known: projections.csv is read against them
     * on a second thread while the layers load (its result and messages
     * taken where the table was read before, below) */
    if (sc->projections_path) {
        const char **ids = malloc((lv->n_rows ? lv->n_rows : 1) * sizeof *ids);
        if (!ids) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto fail;
        }
        for (size_t r = 0; r < lv->n_rows; r++) {
            const char *id = lv->cols[fv[VF_ID]][r];
            ids[r] = id ? id : ""; /* an empty id fails in read_villages first */
        }
        st = jh_projections_start(&pjob, ids, lv->n_rows, sc, vfile, err); /* takes ids */
        if (st)
            goto fail;
    }

    /* coordinates */
    long ns = (long)ls->n_rows;
    nv = (long)lv->n_rows;
    xs = malloc((size_t)ns * 2 * sizeof *xs);
    xv = malloc((size_t)nv * 2 * sizeof *xv);
    if (!xs || !xv) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto fail;
    }
    if ((st = read_points(ls, fs[SF_ID], xs, err)) || (st = read_points(lv, fv[VF_ID], xv, err)))
        goto fail;
    if ((st = layer_source_crs(ls, sc, &cs, NULL, &out->warnings, err)) ||
        (st = layer_source_crs(lv, sc, &cv, &cs, &out->warnings, err)))
        goto fail;
    /* bounds: every point inside its CRS's area of use (a point at 1e300
     * would overflow the spatial index and the outputs) */
    if ((st = jh_crs_check_points(cs.src, xs, ns, ls->geom_name, JH_AREA_MARGIN_DEG,
                                  err)) ||
        (st = jh_crs_check_points(cv.src, xv, nv, lv->geom_name, JH_AREA_MARGIN_DEG,
                                  err)))
        goto fail;
    snprintf(out->source_crs, sizeof out->source_crs, "%s", cs.desc);
    if (sc->crs) {
        char what[1200];
        crs_what(sc, what, sizeof what);
        if ((st = jh_crs_from_text(&work, sc->crs, what, err)))
            goto fail;
        if (!jh_crs_is_projected(work)) {
            jh_crs_free(work);
            work = NULL;
        } else {
            char code[64];
            jh_crs_code(work, code, sizeof code);
            snprintf(out->crs, sizeof out->crs, "%s",
                     code[0] ? code : strlen(sc->crs) < sizeof out->crs ? sc->crs : "data.crs");
        }
    }
    if (!work && jh_crs_is_projected(cs.src)) {
        /* a projected (metric) layer: work in its own CRS */
        char *wkt = malloc(16384);
        if (!wkt) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto fail;
        }
        jh_crs_wkt(cs.src, wkt, 16384);
        st = jh_crs_from_text(&work, wkt, ls->geom_name, err);
        free(wkt);
        if (st)
            goto fail;
        char code[64];
        jh_crs_code(work, code, sizeof code);
        if (!code[0] && strncmp(cs.desc, "EPSG:", 5) == 0) /* identified, "EPSG:4527 (name)" */
            snprintf(code, sizeof code, "%.*s", (int)strcspn(cs.desc, " "), cs.desc);
        snprintf(out->crs, sizeof out->crs, "%s", code[0] ? code : cs.desc);
    }
    if (!work) {
        double slon = 0, slat = 0;
        long n = 0;
        if ((st = layer_lonlat_sum(ls, cs.src, xs, &slon, &slat, &n, err)) ||
            (st = layer_lonlat_sum(lv, cv.src, xv, &slon, &slat, &n, err)))
            goto fail;
        int epsg = jh_crs_working_epsg(slon / (double)n, slat / (double)n);
        if ((st = jh_crs_from_epsg(&work, epsg, err)))
            goto fail;
        snprintf(out->crs, sizeof out->crs, "EPSG:%d", epsg);
    }
    {
        jh_transform *ts = NULL, *tv = NULL;
        st = to_working(ls, cs.src, work, &ts, xs, err);
        if (st == JH_OK && cv.src == cs.src)
            tv = ts; /* the same CRS: the same transformation */
        if (st == JH_OK)
            st = to_working(lv, cv.src, work, &tv, xv, err);
        if (tv != ts)
            jh_transform_free(tv);
        jh_transform_free(ts);
        if (st)
            goto fail;
    }
    if (sc->boundaries_path &&
        (st = jh_boundaries_load(out, sc->boundaries_path, sc->crs, work, err)))
        goto fail;

    /* attributes and ids */
    if ((st = read_schools(out, ls, sc, fs, xs, err)) ||
        (st = read_villages(out, lv, sc, fv, xv, err)))
        goto fail;
    /* ids unique: the index names the first repeated one */
    if ((st = jh_county_build_index(out, sfile, vfile, err)))
        goto fail;
    for (long r = 0; r < nv; r++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            /* the catchment ids, read in place in the layer's row */
            int col = fv[VF_SCHOOL_PRIMARY + l];
            const char *id = col >= 0 ? lv->cols[col][r] : NULL;
            if (!id || !*id)
                continue;
            int s = jh_county_find_school(out, id);
            if (s < 0) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: record %ld (id %s): field %s: expected a school id of %s, "
                                  "got '%s'",
                                  vfile, r + 1, out->villages[r].id,
                                  jh_village_fields[VF_SCHOOL_PRIMARY + l], sfile, id);
                goto fail;
            }
            out->villages[r].school[l] = s;
        }

    if ((st = check_totals(out, sfile, vfile, err)))
        goto fail;

    /* the scenario's references, then the schools it builds (so that the
     * tables, od.csv above all, can name them) */
    if ((st = check_scenario_refs(out, sc, sfile, vfile, err)))
        goto fail;
    add_warnings(out, sfile, vfile);
    if ((st = jh_county_add_planned_schools(out, sc, err)))
        goto fail;

    /* tables */
    if (pjob) {
        st = jh_projections_finish(pjob, out, err);
        pjob = NULL;
        if (st)
            goto fail;
    }
    if (sc->teachers_path && (st = jh_tables_load_teachers(out, sc, sc->teachers_path, sfile, err)))
        goto fail;
    if ((st = jh_migration_load(out, sc, vfile, err)))
        goto fail;
    if (sc->travel_costs_path &&
        (st = jh_tables_load_od(out, sc, sc->travel_costs_path, sfile, vfile, err)))
        goto fail;
    note_missing_fields(out, fs, sfile);
    st = JH_OK;
    goto done;
fail:
    jh_county_free(out);
done:
    jh_projections_cancel(pjob); /* an error before the tables: its reading stops */
    free(xs);
    free(xv);
    jh_crs_free(cs.src);
    jh_crs_free(cv.src);
    jh_crs_free(work);
    jh_ftable_free(ls);
    jh_ftable_free(lv);
    return st;
}
