/*
 * scenario_roads.c: reading and writing the road-network keys (see
 * scenario_roads.h).
 */
#include "sim/scenario_roads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scenario_io.h"

jh_status jh_scenario_read_road_data(jh_yaml_reader *c, yaml_node_t *data)
{
    jh_travel_rules *t = &c->s->travel;
    jh_status st;
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, data, "roads"))) {
        char *raw = NULL;
        if ((st = jh_yaml_text(c, v, "data.roads", &raw)) != JH_OK)
            return st;
        free(t->roads_path);
        t->roads_path = jh_path_join(c->s->dir, raw);
        free(raw);
        if (!t->roads_path)
            return jh_yaml_oom(c);
    }
    if ((st = jh_yaml_num_key(c, data, "road_snap_m", "data.road_snap_m", 0, 1000, false,
                              &t->snap_m)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, data, "road_junctions"))) {
        static const char *const j[] = {"vertices", "ends", NULL};
        int i = 0;
        if ((st = jh_yaml_choice(c, v, "data.road_junctions", j, &i)) != JH_OK)
            return st;
        t->junctions_at_ends = i == 1;
    }
    return JH_OK;
}

jh_status jh_scenario_check_roads(jh_yaml_reader *c, yaml_node_t *data)
{
    if (c->s->travel.roads_path && c->s->travel_costs_path)
        return jh_error_set(c->err, JH_ERR_INPUT,
                            "%s: line %ld: data: expected data.roads or data.travel_costs, "
                            "got both (the road network computes the travel costs od.csv "
                            "would give)",
                            c->file, jh_yaml_line(jh_yaml_get(c, data, "roads")));
    return JH_OK;
}

jh_status jh_scenario_read_travel(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"units",   "primary",       "junior",           "walk_kmh",
                                       "bike_kmh", "search_factor", "connector_warn_m", NULL};
    static const char *const modes[] = {"walk", "bike", "bus", NULL};
    jh_travel_rules *t = &c->s->travel;
    jh_status st;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "travel")) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, "travel", keys)) != JH_OK)
        return st;
    yaml_node_t *v;
    int i = 0;
    if ((v = jh_yaml_get(c, n, "units"))) {
        static const char *const units[] = {"metres", "minutes", NULL};
        if ((st = jh_yaml_choice(c, v, "travel.units", units, &i)) != JH_OK)
            return st;
        if (i == 1 && !t->roads_path)
            return jh_error_set(c->err, JH_ERR_INPUT,
                                "%s: line %ld: key travel.units: minutes needs a road network "
                                "(data.roads); for an od.csv in minutes use "
                                "data.travel_cost_units",
                                c->file, jh_yaml_line(v));
        c->s->rules.distance_minutes = i == 1;
    }
    const char *lv[] = {"primary", "junior"};
    for (int l = 0; l < JH_NLEVELS; l++)
        if ((v = jh_yaml_get(c, n, lv[l]))) {
            char label[32];
            snprintf(label, sizeof label, "travel.%s", lv[l]);
            if ((st = jh_yaml_choice(c, v, label, modes, &i)) != JH_OK)
                return st;
            t->mode[l] = (jh_travel_mode)i;
        }
    if ((st = jh_yaml_num_key(c, n, "walk_kmh", "travel.walk_kmh", 0, 50, true, &t->walk_kmh)) ||
        (st = jh_yaml_num_key(c, n, "bike_kmh", "travel.bike_kmh", 0, 80, true, &t->bike_kmh)) ||
        (st = jh_yaml_num_key(c, n, "search_factor", "travel.search_factor", 1, 100, false,
                              &t->search_factor)) ||
        (st = jh_yaml_num_key(c, n, "connector_warn_m", "travel.connector_warn_m", 0, 1e6, false,
                              &t->connector_warn_m)))
        return st;
    return JH_OK;
}

jh_status jh_scenario_read_road_speeds(jh_yaml_reader *c, yaml_node_t *n)
{
    jh_travel_rules *t = &c->s->travel;
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, "rules.road_speeds")) != JH_OK)
        return st;
    for (size_t i = 0; i < t->n_speeds; i++)
        free(t->speeds[i].road_class);
    free(t->speeds);
    t->speeds = NULL;
    t->n_speeds = 0;
    t->speeds_given = true;
    size_t np = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    t->speeds = calloc(np ? np : 1, sizeof *t->speeds);
    if (!t->speeds)
        return jh_yaml_oom(c);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key), *v = jh_yaml_node(c, p->value);
        const char *name = k->type == YAML_SCALAR_NODE ? jh_yaml_scalar(k) : NULL;
        if (!name || !*name)
            return jh_yaml_expected(c, k, "rules.road_speeds", "a road class name");
        for (size_t i = 0; i < t->n_speeds; i++)
            if (strcmp(t->speeds[i].road_class, name) == 0)
                return jh_error_set(c->err, JH_ERR_INPUT,
                                    "%s: line %ld: rules.road_speeds: class '%s' given twice "
                                    "(first on line %ld)",
                                    c->file, jh_yaml_line(k), name, t->speeds[i].line);
        char label[160];
        snprintf(label, sizeof label, "rules.road_speeds.%s", name);
        jh_road_speed *rs = &t->speeds[t->n_speeds];
        if ((st = jh_yaml_number(c, v, label, 0, 200, true, false, &rs->kmh)) != JH_OK)
            return st;
        rs->line = jh_yaml_line(k);
        if (!(rs->road_class = strdup(name)))
            return jh_yaml_oom(c);
        t->n_speeds++;
    }
    return JH_OK;
}

static void put_num(jh_yaml_writer *w, const char *k, double v)
{
    jh_yaml_put_kn(w, k, v);
}

void jh_scenario_write_road_data(jh_yaml_writer *w, const jh_scenario *s, const char *out_dir)
{
    const jh_travel_rules *t = &s->travel;
    if (!t->roads_path)
        return;
    char *rel = jh_path_relative(out_dir, t->roads_path);
    jh_yaml_put_kv(w, "roads", rel ? rel : t->roads_path);
    free(rel);
    if (t->snap_m != 1.0)
        put_num(w, "road_snap_m", t->snap_m);
    if (t->junctions_at_ends)
        jh_yaml_put_kv(w, "road_junctions", "ends");
}

void jh_scenario_write_travel(jh_yaml_writer *w, const jh_scenario *s)
{
    const jh_travel_rules *t = &s->travel;
    if (!t->roads_path)
        return;
    jh_yaml_put_str(w, "travel");
    jh_yaml_put_map(w, false);
    jh_yaml_put_kv(w, "units", s->rules.distance_minutes ? "minutes" : "metres");
    jh_yaml_put_kv(w, "primary", jh_travel_mode_name(t->mode[JH_PRIMARY]));
    jh_yaml_put_kv(w, "junior", jh_travel_mode_name(t->mode[JH_JUNIOR]));
    put_num(w, "walk_kmh", t->walk_kmh);
    put_num(w, "bike_kmh", t->bike_kmh);
    put_num(w, "search_factor", t->search_factor);
    put_num(w, "connector_warn_m", t->connector_warn_m);
    jh_yaml_put_map_end(w);
}

void jh_scenario_write_road_speeds(jh_yaml_writer *w, const jh_scenario *s)
{
    const jh_travel_rules *t = &s->travel;
    jh_yaml_put_str(w, "road_speeds");
    jh_yaml_put_map(w, false);
    for (size_t i = 0; i < t->n_speeds; i++)
        put_num(w, t->speeds[i].road_class, t->speeds[i].kmh);
    jh_yaml_put_map_end(w);
}
