/*
 * iv_build.c: `build: {id, name, type, area, district, x, y, classrooms,
 * capacity, resources...}, cost_wan: X, candidate: true|false` — a new
 * school opens in the year. It joins the county as a candidate site when
 * the scenario loads (jh_county_add_planned_schools), so school indexes
 * never change during a run; here it opens, with its first teachers. A
 * `candidate: true` entry is only offered to the optimiser, never applied.
 */
#include "sim/interventions/interventions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"year", "build", "cost_wan", "candidate", "stage", NULL};
static const char *const keys_new_school[] = {"id", "name", "type", "area", "district", "x", "y",
                                              "classrooms", "capacity", JH_IV_RESOURCE_KEYS, NULL};

/* The new school's own map. */
static jh_status parse_school(jh_yaml_reader *c, yaml_node_t *n, jh_intervention *iv)
{
    jh_school *b = &iv->build;
    jh_status st;
    b->type = JH_SCHOOL_PRIMARY;
    b->area = JH_RURAL;
    b->status = JH_STATUS_CANDIDATE;
    b->record = -1;
    if ((st = jh_yaml_want_map(c, n, "build")) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, "build", keys_new_school)) != JH_OK)
        return st;
    yaml_node_t *v;
    if (!(v = jh_yaml_get(c, n, "id")))
        return jh_yaml_missing(c, n, "id", "build");
    if ((st = jh_yaml_text(c, v, "build.id", &b->id)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "name")) && (st = jh_yaml_text(c, v, "build.name", &b->name)) != JH_OK)
        return st;
    if (!b->name && !(b->name = strdup(b->id)))
        return jh_yaml_oom(c);
    if ((v = jh_yaml_get(c, n, "district")) && (st = jh_yaml_text(c, v, "build.district", &b->district)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "type"))) {
        if (v->type != YAML_SCALAR_NODE || !jh_school_type_parse(jh_yaml_scalar(v), &b->type))
            return jh_yaml_expected(c, v, "build.type",
                                    "a school type (primary, junior, nine_year, complete_middle, "
                            "twelve_year, teaching_point, special, vocational)");
    }
    if ((v = jh_yaml_get(c, n, "area"))) {
        if (v->type != YAML_SCALAR_NODE || !jh_area_parse(jh_yaml_scalar(v), &b->area))
            return jh_yaml_expected(c, v, "build.area", "one of: urban, town, rural");
    }
    if ((st = jh_yaml_num_key(c, n, "x", "build.x", -INFINITY, INFINITY, false, &b->x)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "y", "build.y", -INFINITY, INFINITY, false, &b->y)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "classrooms", "build.classrooms", 0, 1e6, &b->classrooms)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "capacity", "build.capacity", 0, 1e7, &b->capacity)) != JH_OK ||
        (st = jh_iv_parse_resources(c, n, &b->res)) != JH_OK)
        return st;
    b->capacity_given = b->capacity > 0;
    iv->classrooms = b->classrooms;
    iv->capacity = b->capacity;
    return JH_OK;
}

static jh_status parse_build(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                             jh_intervention *iv)
{
    (void)section;
    jh_status st;
    if ((st = parse_school(c, a, iv)) != JH_OK)
        return st;
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "candidate")))
        return jh_yaml_bool(c, v, "candidate", &iv->candidate);
    return JH_OK;
}

static void write_build(jh_yaml_writer *w, const jh_intervention *iv)
{
    const jh_school *b = &iv->build;
    jh_yaml_put_str(w, "build");
    jh_yaml_put_map(w, true);
    jh_yaml_put_kv(w, "id", b->id ? b->id : "");
    if (b->name)
        jh_yaml_put_kv(w, "name", b->name);
    jh_yaml_put_kv(w, "type", jh_school_type_name(b->type));
    jh_yaml_put_kv(w, "area", jh_area_name(b->area));
    if (b->district)
        jh_yaml_put_kv(w, "district", b->district);
    if (b->x != 0 || b->y != 0) {
        jh_yaml_put_kn(w, "x", b->x);
        jh_yaml_put_kn(w, "y", b->y);
    }
    int rooms = b->classrooms ? b->classrooms : iv->classrooms;
    if (rooms)
        jh_yaml_put_kn(w, "classrooms", rooms);
    int cap = b->capacity_given ? b->capacity : iv->capacity;
    if (cap > 0)
        jh_yaml_put_kn(w, "capacity", cap);
    jh_iv_write_resources(w, &b->res);
    jh_yaml_put_map_end(w);
    if (iv->candidate) {
        jh_yaml_put_str(w, "candidate");
        jh_yaml_put_str(w, "true");
    }
}

static jh_status apply_build(const jh_apply *a, const jh_intervention *iv)
{
    jh_county *c = a->county;
    int i = jh_iv_find_school(a, iv, iv->build.id);
    if (i < 0)
        return JH_ERR_INPUT;
    if (c->schools[i].status != JH_STATUS_CANDIDATE)
        return jh_error_set(a->err, JH_ERR_INPUT, "%s: line %ld: build: school '%s' already exists",
                            a->path, iv->line, iv->build.id);
    c->schools[i].status = JH_STATUS_NEW;
    if (c->schools[i].type == JH_SCHOOL_CANDIDATE)
        c->schools[i].type = iv->build.type == JH_SCHOOL_CANDIDATE ? JH_SCHOOL_PRIMARY : iv->build.type;
    a->year->schools_built++;
    if (c->schools[i].res.teachers > 0) {
        /* the new school's first staff */
        jh_status ts = jh_apply_add_teachers(a, i, &c->schools[i].res);
        if (ts != JH_OK)
            return ts;
    }
    jh_status st = jh_apply_layout_changed(a);
    /* under `catchment`, villages nearer to it send it their entrants */
    for (int l = 0; st == JH_OK && l < JH_NLEVELS; l++)
        if (jh_school_serves(c->schools[i].type, (jh_level)l))
            jh_apply_entrants_to_nearer(a, (jh_level)l, i);
    return st;
}

const jh_iv_kind jh_iv_build = {
    .kind = JH_IV_BUILD,
    .keys = keys,
    .parse = parse_build,
    .write = write_build,
    .apply = apply_build,
};
