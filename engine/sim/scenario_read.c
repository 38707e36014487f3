/*
 * scenario_read.c: reads and validates a scenario file (see
 * sim/scenario_io.h and /work/scenario-keys.md for every accepted key).
 *
 * Why so strict: a scenario is a plan, and a typo ("assigment", "clsoe")
 * must never silently change it. So every map is checked against the list
 * of keys it may hold, duplicates are refused, and every value is checked
 * for its type and range, each error naming the file, the line, the key and
 * what was expected (the typed readers of scenario_yaml.c word them).
 *
 * Parsing uses libyaml's document API (the whole tree is small and keeps
 * the start mark, hence the line, of every node). The file reads top-down
 * in the order of a scenario: data, horizon, rules, interventions (each
 * kind reads its own entry: sim/interventions/), teachers, optimise, then
 * the whole file. Data paths are resolved against the scenario file's
 * folder.
 */
#include "sim/scenario_io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "input/input_file.h"

#include "sim/interventions/interventions.h"
#include "sim/scenario_migration.h"
#include "sim/scenario_data.h"
#include "sim/scenario_roads.h"
#include "sim/scenario_yaml.h"
#include "sim/scenario_schedule.h"

/* ---- sections ------------------------------------------------------- */

static jh_status parse_path(jh_yaml_reader *c, yaml_node_t *data, const char *key, char **out)
{
    yaml_node_t *n = jh_yaml_get(c, data, key);
    if (!n)
        return JH_OK;
    char label[64];
    snprintf(label, sizeof label, "data.%s", key);
    char *raw = NULL;
    jh_status st = jh_yaml_text(c, n, label, &raw);
    if (st != JH_OK)
        return st;
    *out = jh_path_join(c->s->dir, raw);
    free(raw);
    return *out ? JH_OK : jh_yaml_oom(c);
}

static jh_status add_field(jh_yaml_reader *c, yaml_node_t *k, yaml_node_t *v, int layer, const char *label)
{
    jh_scenario *s = c->s;
    if (jh_yaml_is_null(v) || v->type != YAML_SCALAR_NODE)
        return jh_yaml_expected(c, v, label, "the layer's field name");
    jh_field_map *f = realloc(s->fields, (s->n_fields + 1) * sizeof *f);
    if (!f)
        return jh_yaml_oom(c);
    s->fields = f;
    f = &s->fields[s->n_fields++];
    memset(f, 0, sizeof *f);
    f->layer = layer;
    f->line = jh_yaml_line(k);
    f->canonical = strdup(jh_yaml_scalar(k));
    f->layer_field = strdup(jh_yaml_scalar(v));
    return f->canonical && f->layer_field ? JH_OK : jh_yaml_oom(c);
}

/* Flat scalar pairs only: canonical -> layer field, duplicates refused. */
static jh_status parse_field_pairs(jh_yaml_reader *c, yaml_node_t *map, int layer, const char *section)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: in %s: expected a field name as key",
                                c->file, jh_yaml_line(k), section);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++)
            if (strcmp(jh_yaml_scalar(jh_yaml_node(c, q->key)), jh_yaml_scalar(k)) == 0)
                return jh_error_set(c->err, JH_ERR_INPUT,
                                    "%s: line %ld: duplicate key '%.200s' in %s (first given on line %ld)",
                                    c->file, jh_yaml_line(k), jh_yaml_scalar(k), section,
                                    jh_yaml_line(jh_yaml_node(c, q->key)));
        char label[256];
        snprintf(label, sizeof label, "%s.%.200s", section, jh_yaml_scalar(k));
        jh_status st = add_field(c, k, jh_yaml_node(c, p->value), layer, label);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* `fields:` is either flat (canonical -> field, both layers) or split by
 * layer ({schools: {...}, villages: {...}}); a map among the values means
 * the split form. */
static jh_status parse_fields(jh_yaml_reader *c, yaml_node_t *n)
{
    if (jh_yaml_is_null(n))
        return JH_OK;
    jh_status st = jh_yaml_want_map(c, n, "data.fields");
    if (st != JH_OK)
        return st;
    bool split = false;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
        if (jh_yaml_node(c, p->value)->type == YAML_MAPPING_NODE)
            split = true;
    if (!split)
        return parse_field_pairs(c, n, 0, "data.fields");
    static const char *const layers[] = {"schools", "villages", "teachers", "projections", "od",
                                         NULL};
    if ((st = jh_yaml_check_keys(c, n, "data.fields", layers)) != JH_OK)
        return st;
    for (int l = 0; l < 5; l++) {
        yaml_node_t *m = jh_yaml_get(c, n, layers[l]);
        if (!m || jh_yaml_is_null(m))
            continue;
        char label[64];
        snprintf(label, sizeof label, "data.fields.%s", layers[l]);
        if ((st = jh_yaml_want_map(c, m, label)) != JH_OK ||
            (st = parse_field_pairs(c, m, l + 1, label)) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status parse_data(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"schools", "villages", "projections", "teachers",
                                       "travel_costs", "travel_cost_units", "crs", "fields",
                                       "migration", "values", "where", "geometry",
                                       "school_tables", "village_tables", "boundaries", "roads",
                                       "road_snap_m", "road_junctions", NULL};
    jh_scenario *s = c->s;
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "data")) != JH_OK || (st = jh_yaml_check_keys(c, n, "data", keys)) != JH_OK)
        return st;
    if (!jh_yaml_get(c, n, "schools"))
        return jh_yaml_missing(c, n, "schools", "data");
    if (!jh_yaml_get(c, n, "villages"))
        return jh_yaml_missing(c, n, "villages", "data");
    if ((st = parse_path(c, n, "schools", &s->schools_path)) != JH_OK ||
        (st = parse_path(c, n, "villages", &s->villages_path)) != JH_OK ||
        (st = parse_path(c, n, "projections", &s->projections_path)) != JH_OK ||
        (st = parse_path(c, n, "teachers", &s->teachers_path)) != JH_OK ||
        (st = parse_path(c, n, "travel_costs", &s->travel_costs_path)) != JH_OK ||
        (st = parse_path(c, n, "migration", &s->migration_path)) != JH_OK ||
        (st = parse_path(c, n, "boundaries", &s->boundaries_path)) != JH_OK)
        return st;
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "travel_cost_units"))) {
        static const char *const units[] = {"metres", "minutes", NULL};
        int u = 0;
        if ((st = jh_yaml_choice(c, v, "data.travel_cost_units", units, &u)) != JH_OK)
            return st;
        s->rules.distance_minutes = u == 1;
    }
    if ((v = jh_yaml_get(c, n, "crs")) && (s->crs_line = jh_yaml_line(v)) &&
        (st = jh_yaml_text(c, v, "data.crs", &s->crs)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "fields")) && (st = parse_fields(c, v)) != JH_OK)
        return st;
    if ((st = jh_scenario_read_road_data(c, n)) != JH_OK ||
        (st = jh_scenario_check_roads(c, n)) != JH_OK)
        return st;
    return jh_scenario_read_data_maps(c, n);
}

static jh_status parse_horizon(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"start", "end", NULL};
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "horizon")) != JH_OK || (st = jh_yaml_check_keys(c, n, "horizon", keys)) != JH_OK)
        return st;
    if (!jh_yaml_get(c, n, "start"))
        return jh_yaml_missing(c, n, "start", "horizon");
    if (!jh_yaml_get(c, n, "end"))
        return jh_yaml_missing(c, n, "end", "horizon");
    if ((st = jh_yaml_int_key(c, n, "start", "horizon.start", 1900, 2500, &c->s->start_year)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "end", "horizon.end", 1900, 2500, &c->s->end_year)) != JH_OK)
        return st;
    yaml_node_t *e = jh_yaml_get(c, n, "end");
    if (c->s->end_year < c->s->start_year || c->s->end_year - c->s->start_year > 50) {
        char what[96];
        snprintf(what, sizeof what, "a year from %d (start) to %d (at most 50 years)",
                 c->s->start_year, c->s->start_year + 50);
        return jh_yaml_expected(c, e, "horizon.end", what);
    }
    return JH_OK;
}

/* A {primary: X, junior: Y} pair of numbers. */
static jh_status level_pair(jh_yaml_reader *c, yaml_node_t *rules, const char *prefix, const char *key,
                            double lo, double hi, bool lo_open, bool integer,
                            double *out, const char *extra)
{
    static const char *const levels[] = {"primary", "junior", NULL};
    static const char *const levels3[] = {"primary", "junior", "combined", NULL};
    yaml_node_t *n = jh_yaml_get(c, rules, key);
    if (!n)
        return JH_OK;
    char section[64];
    snprintf(section, sizeof section, "%s.%s", prefix, key);
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, section)) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, section, extra ? levels3 : levels)) != JH_OK)
        return st;
    for (int l = 0; l < (extra ? 3 : 2); l++) {
        yaml_node_t *v = jh_yaml_get(c, n, levels3[l]);
        if (!v)
            continue;
        char label[96];
        snprintf(label, sizeof label, "%s.%s", section, levels3[l]);
        if ((st = jh_yaml_number(c, v, label, lo, hi, lo_open, integer, &out[l])) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status level_pair_int(jh_yaml_reader *c, yaml_node_t *rules, const char *key, double lo,
                                int out[JH_NLEVELS])
{
    double d[JH_NLEVELS] = {out[0], out[1]};
    jh_status st = level_pair(c, rules, "rules", key, lo, INFINITY, false, true, d, NULL);
    out[0] = (int)d[0];
    out[1] = (int)d[1];
    return st;
}

/* {urban: X, town: Y, rural: Z} */
static jh_status area_triple(jh_yaml_reader *c, yaml_node_t *rules, const char *key, double lo, double hi,
                             bool lo_open, double out[JH_NAREAS])
{
    static const char *const areas[] = {"urban", "town", "rural", NULL};
    yaml_node_t *n = jh_yaml_get(c, rules, key);
    if (!n)
        return JH_OK;
    char section[64];
    snprintf(section, sizeof section, "rules.%s", key);
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, section)) != JH_OK || (st = jh_yaml_check_keys(c, n, section, areas)) != JH_OK)
        return st;
    for (int a = 0; a < JH_NAREAS; a++) {
        char label[96];
        snprintf(label, sizeof label, "%s.%s", section, areas[a]);
        if ((st = jh_yaml_num_key(c, n, areas[a], label, lo, hi, lo_open, &out[a])) != JH_OK)
            return st;
    }
    return JH_OK;
}

/* rules.unit_costs (STANDARDS.md section 7): every cost >= 0. */
static jh_status parse_unit_costs(jh_yaml_reader *c, yaml_node_t *rules, jh_unit_costs *u)
{
    static const char *const keys[] = {
        "building_m2_yuan", "sports_m2_yuan", "classroom_wan", "multimedia_room_wan", "bed_wan",
        "teacher_wan", "public_funds_yuan", "public_funds_min_students", "boarding_subsidy_yuan",
        "transport_yuan", NULL};
    yaml_node_t *n = jh_yaml_get(c, rules, "unit_costs");
    if (!n)
        return JH_OK;
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "rules.unit_costs")) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, "rules.unit_costs", keys)) != JH_OK)
        return st;
    const struct {
        const char *k;
        double *v;
    } one[] = {
        {"building_m2_yuan", &u->building_m2_yuan},
        {"sports_m2_yuan", &u->sports_m2_yuan},
        {"classroom_wan", &u->classroom_wan},
        {"multimedia_room_wan", &u->multimedia_room_wan},
        {"bed_wan", &u->bed_wan},
        {"teacher_wan", &u->teacher_wan},
        {"public_funds_min_students", &u->public_funds_min_students},
        {"transport_yuan", &u->transport_yuan},
    };
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
        char label[96];
        snprintf(label, sizeof label, "rules.unit_costs.%s", one[i].k);
        if ((st = jh_yaml_num_key(c, n, one[i].k, label, 0, 1e12, false, one[i].v)) != JH_OK)
            return st;
    }
    if ((st = level_pair(c, n, "rules.unit_costs", "public_funds_yuan", 0, 1e12, false, false,
                         u->public_funds_yuan, NULL)) != JH_OK ||
        (st = level_pair(c, n, "rules.unit_costs", "boarding_subsidy_yuan", 0, 1e12, false, false,
                         u->boarding_subsidy_yuan, NULL)) != JH_OK)
        return st;
    return JH_OK;
}

static jh_status parse_rules(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {
        "class_size", "large_class_min", "super_large_class_min", "distance_km",
        "school_size_max", "staffing_norm", "staffing_per_class", "boarding_extra_posts_per100_beds",
        "teaching_point_min_students", "quality_standard", "compliance", "cv_limit", "weights",
        "music_art_rooms_per_classes", "promotion_rate", "transition_rate", "intake_rate",
        "birth_rate_per1000", "migration_rate", "retirement_age", "music_art_rounding",
        "rotation_share_min", "rotation_backbone_share_min", "unit_costs", "road_speeds", NULL};
    static const char *const levels[] = {"primary", "junior", NULL};
    jh_rules *r = &c->s->rules;
    jh_status st;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "rules")) != JH_OK || (st = jh_yaml_check_keys(c, n, "rules", keys)) != JH_OK)
        return st;
    double sizes[3] = {r->school_size_max[0], r->school_size_max[1], r->school_size_max_combined};
    if ((st = level_pair_int(c, n, "class_size", 1, r->class_size)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "large_class_min", "rules.large_class_min", 1, 1e6, &r->large_class_min)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "super_large_class_min", "rules.super_large_class_min", 1, 1e6,
                      &r->super_large_class_min)) != JH_OK ||
        (st = level_pair(c, n, "rules", "distance_km", 0, INFINITY, true, false, r->distance_km, NULL)) != JH_OK ||
        (st = level_pair(c, n, "rules", "school_size_max", 1, INFINITY, false, true, sizes, "combined")) != JH_OK ||
        (st = level_pair(c, n, "rules", "staffing_norm", 0, INFINITY, true, false, r->staffing_norm, NULL)) != JH_OK ||
        (st = level_pair(c, n, "rules", "staffing_per_class", 0, INFINITY, true, false,
                         r->staffing_per_class, NULL)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "boarding_extra_posts_per100_beds", "rules.boarding_extra_posts_per100_beds",
                      0, INFINITY, false, &r->boarding_extra_posts_per100_beds)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "teaching_point_min_students", "rules.teaching_point_min_students", 0, 1e6,
                      &r->teaching_point_min_students)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "music_art_rooms_per_classes", "rules.music_art_rooms_per_classes", 1, 1e6,
                      &r->music_art_rooms_per_classes)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "promotion_rate", "rules.promotion_rate", 0, 1, false, &r->promotion_rate)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "transition_rate", "rules.transition_rate", 0, 1, false, &r->transition_rate)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "intake_rate", "rules.intake_rate", 0, 10, false, &r->intake_rate)) != JH_OK ||
        (st = area_triple(c, n, "birth_rate_per1000", 0, 1000, false, r->birth_rate_per1000)) != JH_OK ||
        (st = area_triple(c, n, "migration_rate", -1, 1, false, r->migration_rate)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "retirement_age", "rules.retirement_age", 18, 100, &r->retirement_age)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "rotation_share_min", "rules.rotation_share_min", 0, 1, false,
                      &r->rotation_share_min)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "rotation_backbone_share_min", "rules.rotation_backbone_share_min", 0, 1,
                      false, &r->rotation_backbone_share_min)) != JH_OK)
        return st;
    yaml_node_t *mr = jh_yaml_get(c, n, "music_art_rounding");
    if (mr) {
        static const char *const rounding[] = {"per_started_group", "per_full_group", NULL};
        int i;
        if ((st = jh_yaml_choice(c, mr, "rules.music_art_rounding", rounding, &i)) != JH_OK)
            return st;
        r->music_art_full_groups = i == 1;
    }
    yaml_node_t *rs = jh_yaml_get(c, n, "road_speeds");
    if (rs && (st = jh_scenario_read_road_speeds(c, rs)) != JH_OK)
        return st;
    if ((st = parse_unit_costs(c, n, &r->unit_costs)) != JH_OK)
        return st;
    r->school_size_max[0] = (int)sizes[0];
    r->school_size_max[1] = (int)sizes[1];
    r->school_size_max_combined = (int)sizes[2];
    if (r->super_large_class_min < r->large_class_min)
        return jh_yaml_expected(c, jh_yaml_get(c, n, jh_yaml_get(c, n, "super_large_class_min") ? "super_large_class_min" : "large_class_min"),
                        jh_yaml_get(c, n, "super_large_class_min") ? "rules.super_large_class_min" : "rules.large_class_min",
                        "super_large_class_min >= large_class_min");

    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "quality_standard"))) {
        if ((st = jh_yaml_want_map(c, v, "rules.quality_standard")) != JH_OK ||
            (st = jh_yaml_check_keys(c, v, "rules.quality_standard", levels)) != JH_OK)
            return st;
        for (int l = 0; l < JH_NLEVELS; l++) {
            yaml_node_t *m = jh_yaml_get(c, v, levels[l]);
            if (!m)
                continue;
            char section[64];
            snprintf(section, sizeof section, "rules.quality_standard.%s", levels[l]);
            if ((st = jh_yaml_want_map(c, m, section)) != JH_OK || (st = jh_yaml_check_keys(c, m, section, jh_yaml_quality_keys)) != JH_OK)
                return st;
            for (int q = 0; q < JH_NQUALITY; q++) {
                char label[128];
                snprintf(label, sizeof label, "%s.%s", section, jh_yaml_quality_keys[q]);
                if ((st = jh_yaml_num_key(c, m, jh_yaml_quality_keys[q], label, 0, INFINITY, false, &r->quality_min[l][q])) != JH_OK)
                    return st;
            }
        }
    }
    if ((v = jh_yaml_get(c, n, "compliance"))) {
        static const char *const ck[] = {"min_reached", "floor", NULL};
        if ((st = jh_yaml_want_map(c, v, "rules.compliance")) != JH_OK ||
            (st = jh_yaml_check_keys(c, v, "rules.compliance", ck)) != JH_OK ||
            (st = jh_yaml_int_key(c, v, "min_reached", "rules.compliance.min_reached", 0, JH_NQUALITY,
                          &r->compliance_min_reached)) != JH_OK ||
            (st = jh_yaml_num_key(c, v, "floor", "rules.compliance.floor", 0, 1, false, &r->compliance_floor)) != JH_OK)
            return st;
    }
    if ((v = jh_yaml_get(c, n, "cv_limit"))) {
        static const char *const sets[] = {"quality", "basic", NULL};
        if ((st = jh_yaml_want_map(c, v, "rules.cv_limit")) != JH_OK ||
            (st = jh_yaml_check_keys(c, v, "rules.cv_limit", sets)) != JH_OK ||
            (st = level_pair(c, v, "rules.cv_limit", "quality", 0, INFINITY, true, false, r->cv_limit_quality, NULL)) != JH_OK ||
            (st = level_pair(c, v, "rules.cv_limit", "basic", 0, INFINITY, true, false, r->cv_limit_basic, NULL)) != JH_OK)
            return st;
    }
    if ((v = jh_yaml_get(c, n, "weights"))) {
        static const char *const wk[] = {"junior_nine_year", "senior_complete", "junior_twelve",
                                         "senior_twelve", NULL};
        if ((st = jh_yaml_want_map(c, v, "rules.weights")) != JH_OK ||
            (st = jh_yaml_check_keys(c, v, "rules.weights", wk)) != JH_OK ||
            (st = jh_yaml_num_key(c, v, wk[0], "rules.weights.junior_nine_year", 0, INFINITY, true,
                          &r->weight_junior_nine_year)) != JH_OK ||
            (st = jh_yaml_num_key(c, v, wk[1], "rules.weights.senior_complete", 0, INFINITY, true,
                          &r->weight_senior_complete)) != JH_OK ||
            (st = jh_yaml_num_key(c, v, wk[2], "rules.weights.junior_twelve", 0, INFINITY, true,
                          &r->weight_junior_twelve)) != JH_OK ||
            (st = jh_yaml_num_key(c, v, wk[3], "rules.weights.senior_twelve", 0, INFINITY, true,
                          &r->weight_senior_twelve)) != JH_OK)
            return st;
    }
    return JH_OK;
}

/* ---- interventions -------------------------------------------------- */

/* An entry naming no kind. A misspelt action is the likely cause, so the
 * first key no kind accepts is named; the lists of kinds come from the
 * registry, in its order. */
static jh_status no_action(jh_yaml_reader *c, yaml_node_t *n, long line)
{
    const char *year_and_actions[64]; /* "year", every kind's name, NULL */
    char names[512] = "";
    size_t m = 0, len = 0;
    year_and_actions[m++] = "year";
    for (size_t a = 0; jh_iv_kinds[a] && m + 1 < sizeof year_and_actions / sizeof year_and_actions[0]; a++) {
        const char *name = jh_intervention_kind_name(jh_iv_kinds[a]->kind);
        year_and_actions[m++] = name;
        if (len < sizeof names)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", a ? ", " : "", name);
    }
    year_and_actions[m] = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        bool known = k->type == YAML_SCALAR_NODE && strcmp(jh_yaml_scalar(k), "year") == 0;
        for (size_t a = 0; !known && jh_iv_kinds[a]; a++)
            known = k->type == YAML_SCALAR_NODE && jh_yaml_in_list(jh_iv_kinds[a]->keys, jh_yaml_scalar(k));
        if (!known && k->type == YAML_SCALAR_NODE)
            return jh_yaml_unknown_key(c, k, "interventions", year_and_actions);
        if (!known)
            return jh_yaml_check_keys(c, n, "interventions", year_and_actions);
    }
    return jh_error_set(c->err, JH_ERR_INPUT,
                        "%s: line %ld: intervention without an action (expected one of: %s)",
                        c->file, line, names);
}

/* One entry: exactly one kind's key, only the keys that kind accepts, a
 * year within the horizon and an optional cost; the kind reads the rest. */
static jh_status parse_intervention(jh_yaml_reader *c, yaml_node_t *n, jh_intervention *iv)
{
    jh_scenario *s = c->s;
    jh_status st;
    iv->line = jh_yaml_line(n);
    if ((st = jh_yaml_want_map(c, n, "interventions")) != JH_OK)
        return st;
    /* which action: exactly one */
    const jh_iv_kind *kind = NULL;
    yaml_node_t *first_action = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        if (k->type != YAML_SCALAR_NODE)
            continue;
        for (size_t a = 0; jh_iv_kinds[a]; a++)
            if (strcmp(jh_yaml_scalar(k), jh_intervention_kind_name(jh_iv_kinds[a]->kind)) == 0) {
                if (kind && jh_iv_kinds[a] != kind)
                    return jh_error_set(c->err, JH_ERR_INPUT,
                                        "%s: line %ld: an intervention with two actions ('%s' on line %ld and '%s'): write one entry per action",
                                        c->file, jh_yaml_line(k), jh_intervention_kind_name(kind->kind),
                                        jh_yaml_line(first_action),
                                        jh_intervention_kind_name(jh_iv_kinds[a]->kind));
                kind = jh_iv_kinds[a];
                first_action = k;
            }
    }
    if (!kind)
        return no_action(c, n, iv->line);
    iv->kind = kind->kind;
    const char *name = jh_intervention_kind_name(kind->kind);
    char section[64];
    snprintf(section, sizeof section, "interventions (%s)", name);
    if ((st = jh_yaml_check_keys(c, n, section, kind->keys)) != JH_OK)
        return st;

    yaml_node_t *v = jh_yaml_get(c, n, "year");
    if (!v)
        return jh_yaml_missing(c, n, "year", section);
    double year;
    char what[96];
    snprintf(what, sizeof what, "a year within the horizon %d-%d", s->start_year, s->end_year);
    if ((st = jh_yaml_number(c, v, "year", -INFINITY, INFINITY, false, true, &year)) != JH_OK)
        return st;
    if (year < s->start_year || year > s->end_year)
        return jh_yaml_expected(c, v, "year", what);
    iv->year = (int)year;

    yaml_node_t *a = jh_yaml_get(c, n, name);
    if ((st = jh_yaml_num_key(c, n, "cost_wan", "cost_wan", 0, INFINITY, false, &iv->cost_wan)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "stage", "stage", 1, 1000, &iv->stage)) != JH_OK)
        return st;
    return kind->parse(c, n, a, section, iv);
}

static jh_status parse_interventions(jh_yaml_reader *c, yaml_node_t *n)
{
    if (jh_yaml_is_null(n))
        return JH_OK;
    if (n->type != YAML_SEQUENCE_NODE)
        return jh_yaml_expected(c, n, "interventions", "a list of interventions");
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (count == 0)
        return JH_OK;
    c->s->interventions = calloc(count, sizeof *c->s->interventions);
    if (!c->s->interventions)
        return jh_yaml_oom(c);
    c->s->n_interventions = count; /* zeroed entries free cleanly on error */
    for (size_t i = 0; i < count; i++) {
        jh_status st = parse_intervention(c, jh_yaml_node(c, n->data.sequence.items.start[i]),
                                          &c->s->interventions[i]);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* ---- teachers and optimise ------------------------------------------ */

static jh_status parse_teachers(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"rotation", "hiring", "progression", NULL};
    static const char *const rot_keys[] = {"share_of_eligible", "backbone_share", "min_years", "method",
                                           "mode", "term_years", "within", "cross_level", NULL};
    static const char *const hire_keys[] = {"per_year", "replace_retirees", "above_degree_share",
                                            "backbone", "pe_art_per_year", "to_fill", "to",
                                            "priority", NULL};
    static const char *const prog_keys[] = {"backbone_per_year", "senior_title_per_year",
                                            "senior_title_requires_rural_years", NULL};
    jh_teacher_policy *t = &c->s->teachers;
    jh_status st;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "teachers")) != JH_OK || (st = jh_yaml_check_keys(c, n, "teachers", keys)) != JH_OK)
        return st;
    yaml_node_t *r = jh_yaml_get(c, n, "rotation"), *v;
    int i;
    if (r) {
        t->rotation = true;
        if (!jh_yaml_is_null(r)) {
            if ((st = jh_yaml_want_map(c, r, "teachers.rotation")) != JH_OK ||
                (st = jh_yaml_check_keys(c, r, "teachers.rotation", rot_keys)) != JH_OK ||
                (st = jh_yaml_num_key(c, r, "share_of_eligible", "teachers.rotation.share_of_eligible", 0, 1,
                              false, &t->share_of_eligible)) != JH_OK ||
                (st = jh_yaml_num_key(c, r, "backbone_share", "teachers.rotation.backbone_share", 0, 1, false,
                              &t->backbone_share)) != JH_OK ||
                (st = jh_yaml_int_key(c, r, "min_years", "teachers.rotation.min_years", 0, 100, &t->min_years)) != JH_OK ||
                (st = jh_yaml_int_key(c, r, "term_years", "teachers.rotation.term_years", 1, 100, &t->term_years)) != JH_OK)
                return st;
            if ((v = jh_yaml_get(c, r, "method"))) {
                static const char *const m[] = {"rule", "optimise", "proportional", NULL};
                if ((st = jh_yaml_choice(c, v, "teachers.rotation.method", m, &i)) != JH_OK)
                    return st;
                t->method = i == 1 ? JH_ROTATE_OPTIMISE : JH_ROTATE_RULE;
                if (i == 2)
                    jh_warnings_add(&c->s->warnings,
                                    "%s: line %ld: key teachers.rotation.method: 'proportional' is "
                                    "the old name of 'rule' (strong -> weak schools); read as rule",
                                    c->file, jh_yaml_line(v));
            }
            if ((v = jh_yaml_get(c, r, "mode"))) {
                static const char *const m[] = {"secondment", "exchange", "transfer", NULL};
                if ((st = jh_yaml_choice(c, v, "teachers.rotation.mode", m, &i)) != JH_OK)
                    return st;
                t->mode = (jh_rotation_mode)i;
                if (t->mode == JH_MODE_EXCHANGE && t->method == JH_ROTATE_OPTIMISE)
                    return jh_yaml_expected(c, v, "teachers.rotation.mode",
                                    "secondment or transfer with method: optimise (exchanges "
                                    "are made by method: rule)");
            }
            if ((v = jh_yaml_get(c, r, "within"))) {
                static const char *const w[] = {"county", "district", NULL};
                if ((st = jh_yaml_choice(c, v, "teachers.rotation.within", w, &i)) != JH_OK)
                    return st;
                t->within_district = i == 1;
            }
            if ((v = jh_yaml_get(c, r, "cross_level")) &&
                (st = jh_yaml_bool(c, v, "teachers.rotation.cross_level", &t->cross_level)) != JH_OK)
                return st;
        }
    }
    yaml_node_t *h = jh_yaml_get(c, n, "hiring");
    if (h && !jh_yaml_is_null(h)) {
        t->hiring_given = true;
        if ((st = jh_yaml_want_map(c, h, "teachers.hiring")) != JH_OK ||
            (st = jh_yaml_check_keys(c, h, "teachers.hiring", hire_keys)) != JH_OK ||
            (st = jh_yaml_int_key(c, h, "per_year", "teachers.hiring.per_year", 0, 1e6, &t->hiring_per_year)) != JH_OK ||
            (st = jh_yaml_num_key(c, h, "above_degree_share", "teachers.hiring.above_degree_share", 0, 1, false,
                          &t->above_degree_share)) != JH_OK ||
            (st = jh_yaml_num_key(c, h, "backbone", "teachers.hiring.backbone", 0, 1, false,
                          &t->backbone_hire_share)) != JH_OK ||
            (st = jh_yaml_int_key(c, h, "pe_art_per_year", "teachers.hiring.pe_art_per_year", 0, 1e6,
                          &t->pe_art_per_year)) != JH_OK)
            return st;
        if ((v = jh_yaml_get(c, h, "replace_retirees")) &&
            (st = jh_yaml_bool(c, v, "teachers.hiring.replace_retirees", &t->replace_retirees)) != JH_OK)
            return st;
        if ((v = jh_yaml_get(c, h, "to_fill"))) {
            static const char *const f[] = {"pe_art", NULL};
            if ((st = jh_yaml_choice(c, v, "teachers.hiring.to_fill", f, &i)) != JH_OK)
                return st;
            t->fill_pe_art = true;
        }
        yaml_node_t *to = jh_yaml_get(c, h, "to"), *prio = jh_yaml_get(c, h, "priority");
        if (to && prio)
            return jh_yaml_expected(c, prio, "teachers.hiring.priority",
                            "no priority next to to (priority is the old name of to)");
        if (prio)
            jh_warnings_add(&c->s->warnings,
                            "%s: line %ld: key teachers.hiring.priority: the old name of "
                            "teachers.hiring.to; read as to",
                            c->file, jh_yaml_line(prio));
        if ((v = to ? to : prio)) {
            static const char *const p[] = {"rural_first", "largest_shortfall", "weakest_first", NULL};
            if ((st = jh_yaml_choice(c, v, to ? "teachers.hiring.to" : "teachers.hiring.priority", p, &i)) != JH_OK)
                return st;
            t->hiring_priority = (jh_hiring_priority)i;
        }
    }
    yaml_node_t *g = jh_yaml_get(c, n, "progression");
    if (g && !jh_yaml_is_null(g)) {
        if ((st = jh_yaml_want_map(c, g, "teachers.progression")) != JH_OK ||
            (st = jh_yaml_check_keys(c, g, "teachers.progression", prog_keys)) != JH_OK ||
            (st = jh_yaml_num_key(c, g, "backbone_per_year", "teachers.progression.backbone_per_year", 0, 1,
                          false, &t->backbone_rate)) != JH_OK ||
            (st = jh_yaml_num_key(c, g, "senior_title_per_year", "teachers.progression.senior_title_per_year",
                          0, 1, false, &t->senior_title_rate)) != JH_OK ||
            (st = jh_yaml_int_key(c, g, "senior_title_requires_rural_years",
                          "teachers.progression.senior_title_requires_rural_years", 0, 100,
                          &t->senior_title_requires_rural_years)) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status parse_consolidation(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"year", "level", "keep", "close_at_most", "max_distance_km",
                                       "fixed", "capacity", "objective", "balance_weight", "seed",
                                       "time_limit_s", "min_students", "max_share_beyond",
                                       "phasing", "evaluate", "method", "split_villages", NULL};
    const char *sec = "optimise.consolidation";
    jh_consolidation_request *q = &c->s->consolidation;
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, sec)) != JH_OK || (st = jh_yaml_check_keys(c, n, sec, keys)) != JH_OK)
        return st;
    q->requested = true;
    q->line = jh_yaml_line(n);
    yaml_node_t *v = jh_yaml_get(c, n, "year");
    if (!v)
        return jh_yaml_missing(c, n, "year", sec);
    double year;
    if ((st = jh_yaml_number(c, v, "optimise.consolidation.year", -INFINITY, INFINITY, false, true, &year)) != JH_OK)
        return st;
    if (year < c->s->start_year || year > c->s->end_year) {
        char what[96];
        snprintf(what, sizeof what, "a year within the horizon %d-%d", c->s->start_year, c->s->end_year);
        return jh_yaml_expected(c, v, "optimise.consolidation.year", what);
    }
    q->year = (int)year;
    if ((v = jh_yaml_get(c, n, "level")) &&
        (v->type != YAML_SCALAR_NODE || !jh_level_parse(jh_yaml_scalar(v), &q->level)))
        return jh_yaml_expected(c, v, "optimise.consolidation.level", "primary or junior");
    int given = 0;
    const char *which[3] = {"keep", "close_at_most", "max_distance_km"};
    for (int i = 0; i < 3; i++)
        if (jh_yaml_get(c, n, which[i]) && ++given > 1)
            return jh_error_set(c->err, JH_ERR_INPUT,
                                "%s: line %ld: key optimise.consolidation.%s: expected only one of keep, close_at_most, max_distance_km",
                                c->file, jh_yaml_line(jh_yaml_get_key(c, n, which[i])), which[i]);
    if ((st = jh_yaml_int_key(c, n, "keep", "optimise.consolidation.keep", 1, 1e7, &q->keep)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "close_at_most", "optimise.consolidation.close_at_most", 0, 1e7,
                              &q->close_at_most)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "max_distance_km", "optimise.consolidation.max_distance_km", 0, INFINITY,
                              true, &q->max_distance_km)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "balance_weight", "optimise.consolidation.balance_weight", 0, INFINITY,
                              false, &q->balance_weight)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "time_limit_s", "optimise.consolidation.time_limit_s", 0, INFINITY, false,
                              &q->time_limit_s)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "seed"))) {
        double seed;
        if ((st = jh_yaml_number(c, v, "optimise.consolidation.seed", 0, 4294967295.0, false, true, &seed)) != JH_OK)
            return st;
        q->seed = (unsigned long)seed;
    }
    if ((v = jh_yaml_get(c, n, "fixed")) && !jh_yaml_is_null(v) &&
        (st = jh_yaml_id_list(c, v, "optimise.consolidation.fixed", &q->fixed, &q->n_fixed)) != JH_OK)
        return st;
    int i;
    if ((v = jh_yaml_get(c, n, "capacity"))) {
        static const char *const cap[] = {"enforce", "ignore", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.capacity", cap, &i)) != JH_OK)
            return st;
        q->capacity_enforce = i == 0;
    }
    if ((st = jh_yaml_int_key(c, n, "min_students", "optimise.consolidation.min_students", 0, 1e7,
                              &q->min_students)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "max_share_beyond", "optimise.consolidation.max_share_beyond", 0, 1,
                              false, &q->max_share_beyond)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "phasing"))) {
        static const char *const ph[] = {"entrants", "all", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.phasing", ph, &i)) != JH_OK)
            return st;
        q->phasing_all = i == 1;
    }
    if ((v = jh_yaml_get(c, n, "evaluate"))) {
        static const char *const ev[] = {"final", "mean", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.evaluate", ev, &i)) != JH_OK)
            return st;
        q->evaluate_mean = i == 1;
    }
    if ((v = jh_yaml_get(c, n, "split_villages"))) {
        static const char *const sp[] = {"when_needed", "never", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.split_villages", sp, &i)) != JH_OK)
            return st;
        q->split_never = i == 1;
    }
    if ((v = jh_yaml_get(c, n, "method"))) {
        static const char *const me[] = {"constrained", "p_median", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.method", me, &i)) != JH_OK)
            return st;
        q->p_median = i == 1;
    }
    if ((v = jh_yaml_get(c, n, "objective"))) {
        static const char *const obj[] = {"distance", "balance", NULL};
        if ((st = jh_yaml_choice(c, v, "optimise.consolidation.objective", obj, &i)) != JH_OK)
            return st;
        q->objective = (jh_objective)i;
    }
    return JH_OK;
}

static jh_status parse_optimise(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"consolidation", "schedule", NULL};
    jh_status st;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "optimise")) != JH_OK || (st = jh_yaml_check_keys(c, n, "optimise", keys)) != JH_OK)
        return st;
    yaml_node_t *v = jh_yaml_get(c, n, "consolidation");
    if (v && !jh_yaml_is_null(v) && (st = parse_consolidation(c, v)) != JH_OK)
        return st;
    v = jh_yaml_get(c, n, "schedule");
    if (v && !jh_yaml_is_null(v))
        return jh_scenario_parse_schedule(c, v);
    return JH_OK;
}

/* assessed: {quality: bool, satisfaction: share} — the evaluation's parts
 * the model cannot compute, when the bureau has them. */
static jh_status parse_assessed(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"quality", "satisfaction", "satisfaction_min", NULL};
    jh_assessed *a = &c->s->assessed;
    jh_status st;
    yaml_node_t *v;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "assessed")) != JH_OK || (st = jh_yaml_check_keys(c, n, "assessed", keys)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "quality"))) {
        if ((st = jh_yaml_bool(c, v, "assessed.quality", &a->quality)) != JH_OK)
            return st;
        a->quality_given = true;
    }
    if (jh_yaml_get(c, n, "satisfaction")) {
        if ((st = jh_yaml_num_key(c, n, "satisfaction", "assessed.satisfaction", 0, 1, false,
                          &a->satisfaction)) != JH_OK)
            return st;
        a->satisfaction_given = true;
    }
    return jh_yaml_num_key(c, n, "satisfaction_min", "assessed.satisfaction_min", 0, 1, false,
                   &a->satisfaction_min);
}

/* ---- the whole file ------------------------------------------------- */

static jh_status parse_root(jh_yaml_reader *c, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "data", "horizon", "standard", "assignment",
                                       "rules", "interventions", "teachers", "optimise",
                                       "assessed", "migration", "inflow", "travel",
                                       "sweep", /* junheng sweep's block (sim/sweep.h);
                                                   run and validate ignore it */
                                       NULL};
    jh_scenario *s = c->s;
    jh_status st;
    if (root->type != YAML_MAPPING_NODE)
        return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: expected a map of scenario keys (name, data, horizon, ...)",
                            c->file, jh_yaml_line(root));
    if ((st = jh_yaml_check_keys(c, root, "the scenario", keys)) != JH_OK)
        return st;
    const char *required[] = {"name", "data", "horizon"};
    for (int i = 0; i < 3; i++)
        if (!jh_yaml_get(c, root, required[i]))
            return jh_yaml_missing(c, root, required[i], "the scenario");
    if ((st = jh_yaml_text(c, jh_yaml_get(c, root, "name"), "name", &s->name)) != JH_OK ||
        (st = parse_data(c, jh_yaml_get(c, root, "data"))) != JH_OK ||
        (st = parse_horizon(c, jh_yaml_get(c, root, "horizon"))) != JH_OK)
        return st;
    yaml_node_t *v;
    int i;
    if ((v = jh_yaml_get(c, root, "standard"))) {
        static const char *const std[] = {"quality", "basic", NULL};
        if ((st = jh_yaml_choice(c, v, "standard", std, &i)) != JH_OK)
            return st;
        s->standard = (jh_standard)i;
    }
    if ((v = jh_yaml_get(c, root, "assignment"))) {
        /* in the order of jh_assignment */
        static const char *const as[] = {"nearest_with_capacity", "catchment", "nearest", NULL};
        if ((st = jh_yaml_choice(c, v, "assignment", as, &i)) != JH_OK)
            return st;
        s->assignment = (jh_assignment)i;
    }
    if ((v = jh_yaml_get(c, root, "rules")) && (st = parse_rules(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "interventions")) && (st = parse_interventions(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "teachers")) && (st = parse_teachers(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "optimise")) && (st = parse_optimise(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "assessed")) && (st = parse_assessed(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "migration")) && (st = jh_scenario_parse_migration(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "inflow")) && (st = jh_scenario_parse_inflow(c, v)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, root, "travel")) && (st = jh_scenario_read_travel(c, v)) != JH_OK)
        return st;
    return JH_OK;
}

jh_status jh_scenario_parse(jh_scenario *out, const char *text_in, size_t len,
                            const char *path, jh_error *err)
{
    memset(out, 0, sizeof *out);
    const char *file = path ? path : "scenario";
    out->path = strdup(file);
    out->dir = path ? jh_path_dir(path) : strdup(".");
    if (!out->path || !out->dir) {
        jh_scenario_free(out);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", file);
    }
    jh_scenario_set_defaults(out);

    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        jh_scenario_free(out);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", file);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)(text_in ? text_in : ""),
                                 text_in ? len : 0);
    jh_status st = JH_OK;
    if (!yaml_parser_load(&parser, &doc)) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %zu: not valid YAML: %s%s%s", file,
                          parser.problem_mark.line + 1, parser.problem ? parser.problem : "error",
                          parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        jh_scenario_free(out);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: empty scenario (expected name, data and horizon)", file);
    } else {
        jh_yaml_reader c = {&doc, file, err, out};
        st = parse_root(&c, root);
    }
    yaml_document_delete(&doc);
    if (st == JH_OK) {
        /* a second document is a mistake (two scenarios pasted together) */
        yaml_document_t more;
        if (!yaml_parser_load(&parser, &more)) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %zu: not valid YAML: %s", file,
                              parser.problem_mark.line + 1, parser.problem ? parser.problem : "error");
        } else {
            yaml_node_t *r2 = yaml_document_get_root_node(&more);
            if (r2)
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: a second YAML document (expected one scenario per file)",
                                  file, jh_yaml_line(r2));
            yaml_document_delete(&more);
        }
    }
    yaml_parser_delete(&parser);
    if (st != JH_OK)
        jh_scenario_free(out);
    return st;
}

jh_status jh_scenario_load(jh_scenario *out, const char *path, jh_error *err)
{
    memset(out, 0, sizeof *out);
    size_t len = 0;
    char *buf = jh_input_read_all(path, path, &len, err);
    if (!buf)
        return err ? err->status : JH_ERR_INPUT;
    jh_status st = jh_scenario_parse(out, buf, len, path, err);
    free(buf);
    return st;
}
