/*
 * scenario_data.c: data.values, data.where, data.geometry,
 * data.school_tables and data.village_tables (see scenario_data.h).
 *
 *   values: {type: {"211": primary, 一贯制学校: nine_year}, area: {"111": urban}}
 *   where: {办学类型: [小学, 初级中学]}
 *   geometry: {x: 经度, y: 纬度}
 *   school_tables: [{path: 基础基111.xlsx, sheet: Sheet1, key: 学校标识码,
 *                    fields: {name: 学校名称, g1: 一年级}}]
 */
#include "sim/scenario_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jh_status scalar_text(jh_yaml_reader *c, yaml_node_t *n, const char *label, char **out)
{
    if (jh_yaml_is_null(n) || n->type != YAML_SCALAR_NODE)
        return jh_yaml_expected(c, n, label, "a text");
    return jh_yaml_text(c, n, label, out);
}

/* values: {FIELD: {FROM: TO, ...}, ...}; FIELD is type or area. */
static jh_status read_values(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const fields[] = {"type", "area", NULL};
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "data.values")) ||
        (st = jh_yaml_check_keys(c, n, "data.values", fields)))
        return st;
    jh_scenario *s = c->s;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key), *m = jh_yaml_node(c, p->value);
        char label[64];
        snprintf(label, sizeof label, "data.values.%s", jh_yaml_scalar(k));
        if ((st = jh_yaml_want_map(c, m, label)))
            return st;
        for (yaml_node_pair_t *q = m->data.mapping.pairs.start; q < m->data.mapping.pairs.top;
             q++) {
            yaml_node_t *from = jh_yaml_node(c, q->key), *to = jh_yaml_node(c, q->value);
            jh_value_map *g = realloc(s->values, (s->n_values + 1) * sizeof *g);
            if (!g)
                return jh_yaml_oom(c);
            s->values = g;
            jh_value_map *v = &s->values[s->n_values++];
            memset(v, 0, sizeof *v);
            v->line = jh_yaml_line(from);
            v->field = strdup(jh_yaml_scalar(k));
            if (!v->field)
                return jh_yaml_oom(c);
            if ((st = scalar_text(c, from, label, &v->from)) ||
                (st = scalar_text(c, to, label, &v->to)))
                return st;
            /* the canonical value must be one the loader knows */
            bool ok = strcmp(v->field, "type") == 0
                          ? jh_school_type_parse(v->to, &(jh_school_type){0})
                          : jh_area_parse(v->to, &(jh_area){0});
            if (!ok)
                return jh_yaml_expected(c, to, label,
                                        strcmp(v->field, "type") == 0
                                            ? "a school type (primary, junior, nine_year, "
                                              "complete_middle, twelve_year, teaching_point, "
                                              "special, vocational)"
                                            : "an area (urban, town, rural)");
        }
    }
    return JH_OK;
}

/* where: {COLUMN: [VALUE, ...] or VALUE, ...} */
static jh_status read_where(jh_yaml_reader *c, yaml_node_t *n)
{
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "data.where")))
        return st;
    jh_scenario *s = c->s;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        jh_where *g = realloc(s->where, (s->n_where + 1) * sizeof *g);
        if (!g)
            return jh_yaml_oom(c);
        s->where = g;
        jh_where *w = &s->where[s->n_where++];
        memset(w, 0, sizeof *w);
        w->line = jh_yaml_line(k);
        if ((st = scalar_text(c, k, "data.where", &w->column)))
            return st;
        char label[256];
        snprintf(label, sizeof label, "data.where.%.200s", w->column);
        if ((st = jh_yaml_id_list(c, jh_yaml_node(c, p->value), label, &w->values,
                                  &w->n_values)))
            return st;
    }
    return JH_OK;
}

static jh_status read_geometry(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"x", "y", NULL};
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "data.geometry")) ||
        (st = jh_yaml_check_keys(c, n, "data.geometry", keys)))
        return st;
    yaml_node_t *x = jh_yaml_get(c, n, "x"), *y = jh_yaml_get(c, n, "y");
    if (!x)
        return jh_yaml_missing(c, n, "x", "data.geometry");
    if (!y)
        return jh_yaml_missing(c, n, "y", "data.geometry");
    if ((st = scalar_text(c, x, "data.geometry.x", &c->s->geometry_x)) ||
        (st = scalar_text(c, y, "data.geometry.y", &c->s->geometry_y)))
        return st;
    return JH_OK;
}

static jh_status read_tables(jh_yaml_reader *c, yaml_node_t *n, int layer, const char *label)
{
    static const char *const keys[] = {"path", "sheet", "key", "fields", "layout", NULL};
    if (n->type != YAML_SEQUENCE_NODE)
        return jh_yaml_expected(c, n, label,
                                "a list of tables {path, sheet, key, fields, layout}");
    jh_scenario *s = c->s;
    jh_status st;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *m = jh_yaml_node(c, *it);
        if ((st = jh_yaml_want_map(c, m, label)) || (st = jh_yaml_check_keys(c, m, label, keys)))
            return st;
        /* fields may be left out of a wide table: its columns are recognised */
        yaml_node_t *lay = jh_yaml_get(c, m, "layout");
        bool wide = false;
        if (lay) {
            static const char *const layouts[] = {"columns", "wide", NULL};
            int which = 0;
            char ll[96];
            snprintf(ll, sizeof ll, "%s.layout", label);
            if ((st = jh_yaml_choice(c, lay, ll, layouts, &which)))
                return st;
            wide = which == 1;
        }
        static const char *const req[] = {"path", "key", "fields"};
        for (int i = 0; i < (wide ? 2 : 3); i++)
            if (!jh_yaml_get(c, m, req[i]))
                return jh_yaml_missing(c, m, req[i], label);
        jh_stat_table *g = realloc(s->tables, (s->n_tables + 1) * sizeof *g);
        if (!g)
            return jh_yaml_oom(c);
        s->tables = g;
        jh_stat_table *t = &s->tables[s->n_tables++];
        memset(t, 0, sizeof *t);
        t->layer = layer;
        t->wide = wide;
        t->line = jh_yaml_line(m);
        char *raw = NULL;
        if ((st = scalar_text(c, jh_yaml_get(c, m, "path"), label, &raw)))
            return st;
        t->path = jh_path_join(s->dir, raw);
        free(raw);
        if (!t->path)
            return jh_yaml_oom(c);
        yaml_node_t *v;
        if ((v = jh_yaml_get(c, m, "sheet")) && (st = scalar_text(c, v, label, &t->sheet)))
            return st;
        if ((st = scalar_text(c, jh_yaml_get(c, m, "key"), label, &t->key)))
            return st;
        yaml_node_t *f = jh_yaml_get(c, m, "fields");
        if (!f)
            continue;
        char fl[96];
        snprintf(fl, sizeof fl, "%s.fields", label);
        if ((st = jh_yaml_want_map(c, f, fl)))
            return st;
        for (yaml_node_pair_t *p = f->data.mapping.pairs.start; p < f->data.mapping.pairs.top;
             p++) {
            jh_field_map *fm = realloc(t->fields, (t->n_fields + 1) * sizeof *fm);
            if (!fm)
                return jh_yaml_oom(c);
            t->fields = fm;
            fm = &t->fields[t->n_fields++];
            memset(fm, 0, sizeof *fm);
            yaml_node_t *k = jh_yaml_node(c, p->key);
            fm->line = jh_yaml_line(k);
            if ((st = scalar_text(c, k, fl, &fm->canonical)) ||
                (st = scalar_text(c, jh_yaml_node(c, p->value), fl, &fm->layer_field)))
                return st;
        }
    }
    return JH_OK;
}

jh_status jh_scenario_read_data_maps(jh_yaml_reader *c, yaml_node_t *data)
{
    yaml_node_t *v;
    jh_status st;
    if ((v = jh_yaml_get(c, data, "values")) && !jh_yaml_is_null(v) && (st = read_values(c, v)))
        return st;
    if ((v = jh_yaml_get(c, data, "where")) && !jh_yaml_is_null(v) && (st = read_where(c, v)))
        return st;
    if ((v = jh_yaml_get(c, data, "geometry")) && (st = read_geometry(c, v)))
        return st;
    if ((v = jh_yaml_get(c, data, "school_tables")) && !jh_yaml_is_null(v) &&
        (st = read_tables(c, v, 1, "data.school_tables")))
        return st;
    if ((v = jh_yaml_get(c, data, "village_tables")) && !jh_yaml_is_null(v) &&
        (st = read_tables(c, v, 2, "data.village_tables")))
        return st;
    return JH_OK;
}

static void put_path(jh_yaml_writer *w, const char *p, const char *out_dir)
{
    char *rel = jh_path_relative(out_dir, p);
    jh_yaml_put_kv(w, "path", rel ? rel : p);
    free(rel);
}

void jh_scenario_write_data_maps(jh_yaml_writer *w, const jh_scenario *s, const char *out_dir)
{
    if (s->n_values) {
        static const char *const fields[] = {"type", "area"};
        jh_yaml_put_str(w, "values");
        jh_yaml_put_map(w, false);
        for (int f = 0; f < 2; f++) {
            bool any = false;
            for (size_t i = 0; i < s->n_values; i++)
                any |= strcmp(s->values[i].field, fields[f]) == 0;
            if (!any)
                continue;
            jh_yaml_put_str(w, fields[f]);
            jh_yaml_put_map(w, true);
            for (size_t i = 0; i < s->n_values; i++)
                if (strcmp(s->values[i].field, fields[f]) == 0)
                    jh_yaml_put_kv(w, s->values[i].from, s->values[i].to);
            jh_yaml_put_map_end(w);
        }
        jh_yaml_put_map_end(w);
    }
    if (s->n_where) {
        jh_yaml_put_str(w, "where");
        jh_yaml_put_map(w, false);
        for (size_t i = 0; i < s->n_where; i++) {
            jh_yaml_put_str(w, s->where[i].column);
            jh_yaml_put_seq(w, true);
            for (size_t k = 0; k < s->where[i].n_values; k++)
                jh_yaml_put_str(w, s->where[i].values[k]);
            jh_yaml_put_seq_end(w);
        }
        jh_yaml_put_map_end(w);
    }
    if (s->geometry_x && s->geometry_y) {
        jh_yaml_put_str(w, "geometry");
        jh_yaml_put_map(w, true);
        jh_yaml_put_kv(w, "x", s->geometry_x);
        jh_yaml_put_kv(w, "y", s->geometry_y);
        jh_yaml_put_map_end(w);
    }
    static const char *const keys[] = {"school_tables", "village_tables"};
    for (int layer = 1; layer <= 2; layer++) {
        bool any = false;
        for (size_t i = 0; i < s->n_tables; i++)
            any |= s->tables[i].layer == layer;
        if (!any)
            continue;
        jh_yaml_put_str(w, keys[layer - 1]);
        jh_yaml_put_seq(w, false);
        for (size_t i = 0; i < s->n_tables; i++) {
            const jh_stat_table *t = &s->tables[i];
            if (t->layer != layer)
                continue;
            jh_yaml_put_map(w, false);
            put_path(w, t->path, out_dir);
            if (t->sheet)
                jh_yaml_put_kv(w, "sheet", t->sheet);
            jh_yaml_put_kv(w, "key", t->key);
            if (t->wide)
                jh_yaml_put_kv(w, "layout", "wide");
            jh_yaml_put_str(w, "fields");
            jh_yaml_put_map(w, true);
            for (size_t k = 0; k < t->n_fields; k++)
                jh_yaml_put_kv(w, t->fields[k].canonical, t->fields[k].layer_field);
            jh_yaml_put_map_end(w);
            jh_yaml_put_map_end(w);
        }
        jh_yaml_put_seq_end(w);
    }
}
