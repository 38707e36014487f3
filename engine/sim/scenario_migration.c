/*
 * scenario_migration.c: reading and writing the `migration:` and `inflow:`
 * blocks (see scenario_migration.h). Shares are checked where they are
 * read: an internal share is the part of an area leaving each year
 * (-1..0), destination shares are 0..1 and sum to 1 (a plan whose
 * migrants vanish or multiply must not run), external shares -1..1.
 */
#include "sim/scenario_migration.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const areas[] = {"urban", "town", "rural", NULL};

/* {urban: X, town: Y, rural: Z}, any subset. */
static jh_status area_shares(jh_yaml_reader *c, yaml_node_t *n, const char *section, double lo,
                             double hi, double out[JH_NAREAS])
{
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, section)) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, section, areas)) != JH_OK)
        return st;
    for (int a = 0; a < JH_NAREAS; a++) {
        char label[96];
        snprintf(label, sizeof label, "%s.%s", section, areas[a]);
        if ((st = jh_yaml_num_key(c, n, areas[a], label, lo, hi, false, &out[a])) != JH_OK)
            return st;
    }
    return JH_OK;
}

jh_status jh_scenario_parse_migration(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"internal", "destinations", "external", "enrolled", NULL};
    static const char *const enrolled[] = {"follow", "keep_share", NULL};
    jh_migration *m = &c->s->migration;
    jh_status st;
    if (jh_yaml_is_null(n))
        return JH_OK;
    if ((st = jh_yaml_want_map(c, n, "migration")) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, "migration", keys)) != JH_OK)
        return st;
    m->line = jh_yaml_line(n);
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "internal"))) {
        if ((st = area_shares(c, v, "migration.internal", -1, 0, m->internal)) != JH_OK)
            return st;
        m->internal_given = true;
    }
    if ((v = jh_yaml_get(c, n, "external"))) {
        if ((st = area_shares(c, v, "migration.external", -1, 1, m->external)) != JH_OK)
            return st;
        m->external_given = true;
    }
    if ((v = jh_yaml_get(c, n, "destinations"))) {
        if ((st = area_shares(c, v, "migration.destinations", 0, 1, m->destinations)) != JH_OK)
            return st;
        m->destinations_given = true;
        m->destinations_line = jh_yaml_line(v);
        double sum = m->destinations[0] + m->destinations[1] + m->destinations[2];
        if (fabs(sum - 1.0) > 1e-9)
            return jh_error_set(c->err, JH_ERR_INPUT,
                                "%s: line %ld: key migration.destinations: expected shares "
                                "summing to 1, got shares summing to %g",
                                c->file, jh_yaml_line(v), sum);
    }
    if ((v = jh_yaml_get(c, n, "enrolled"))) {
        int e;
        if ((st = jh_yaml_choice(c, v, "migration.enrolled", enrolled, &e)) != JH_OK)
            return st;
        m->keep_share = e == 1;
    }
    bool leaving = m->internal[0] < 0 || m->internal[1] < 0 || m->internal[2] < 0;
    if (leaving && !m->destinations_given)
        return jh_yaml_expected(c, jh_yaml_get(c, n, "internal"), "migration.internal",
                                "a destinations map beside it (where the internal migrants "
                                "go, e.g. destinations: {urban: 0.7, town: 0.3})");
    return JH_OK;
}

static jh_status parse_one_inflow(jh_yaml_reader *c, yaml_node_t *n, jh_inflow *f)
{
    static const char *const keys[] = {"year", "per_year", "area", "village", "grades",
                                       "public_share", NULL};
    jh_scenario *s = c->s;
    jh_status st;
    f->public_share = 1.0;
    f->line = jh_yaml_line(n);
    if ((st = jh_yaml_want_map(c, n, "inflow")) != JH_OK ||
        (st = jh_yaml_check_keys(c, n, "inflow", keys)) != JH_OK)
        return st;
    yaml_node_t *year = jh_yaml_get(c, n, "year"), *per = jh_yaml_get(c, n, "per_year");
    if (per && (st = jh_yaml_bool(c, per, "inflow.per_year", &f->per_year)) != JH_OK)
        return st;
    if (year && f->per_year)
        return jh_yaml_expected(c, per, "inflow.per_year", "either year or per_year: true, not both");
    if (!year && !f->per_year)
        return per ? jh_yaml_expected(c, per, "inflow.per_year", "true (or a year instead)")
                   : jh_yaml_missing(c, n, "year", "inflow (or per_year: true)");
    if (year) {
        char what[96];
        snprintf(what, sizeof what, "a year within the horizon %d-%d", s->start_year, s->end_year);
        double y;
        if ((st = jh_yaml_number(c, year, "inflow.year", -INFINITY, INFINITY, false, true, &y)) != JH_OK)
            return st;
        if (y < s->start_year || y > s->end_year)
            return jh_yaml_expected(c, year, "inflow.year", what);
        f->year = (int)y;
    }
    yaml_node_t *area = jh_yaml_get(c, n, "area"), *vil = jh_yaml_get(c, n, "village");
    if (area && vil)
        return jh_yaml_expected(c, vil, "inflow.village", "either area or village, not both");
    if (!area && !vil)
        return jh_yaml_missing(c, n, "area", "inflow (or village)");
    if (area) {
        int a;
        if ((st = jh_yaml_choice(c, area, "inflow.area", areas, &a)) != JH_OK)
            return st;
        f->area = (jh_area)a;
    } else {
        if ((st = jh_yaml_text(c, vil, "inflow.village", &f->village)) != JH_OK)
            return st;
        f->by_village = true;
    }
    yaml_node_t *g = jh_yaml_get(c, n, "grades");
    if (!g)
        return jh_yaml_missing(c, n, "grades", "inflow");
    if ((st = jh_yaml_want_map(c, g, "inflow.grades")) != JH_OK)
        return st;
    for (yaml_node_pair_t *p = g->data.mapping.pairs.start; p < g->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        char *end = NULL;
        long grade = k->type == YAML_SCALAR_NODE ? strtol(jh_yaml_scalar(k), &end, 10) : 0;
        if (!end || *end != '\0' || grade < 1 || grade > JH_NGRADES)
            return jh_yaml_expected(c, k, "inflow.grades", "grades 1 to 9 as keys");
        for (yaml_node_pair_t *q = g->data.mapping.pairs.start; q < p; q++)
            if (strcmp(jh_yaml_scalar(jh_yaml_node(c, q->key)), jh_yaml_scalar(k)) == 0)
                return jh_yaml_expected(c, k, "inflow.grades", "each grade once");
        char label[64];
        snprintf(label, sizeof label, "inflow.grades.%ld", grade);
        double count;
        if ((st = jh_yaml_number(c, jh_yaml_node(c, p->value), label, 0, 1e7, false, true,
                                 &count)) != JH_OK)
            return st;
        f->grades[grade - 1] = (int)count;
    }
    return jh_yaml_num_key(c, n, "public_share", "inflow.public_share", 0, 1, false,
                           &f->public_share);
}

jh_status jh_scenario_parse_inflow(jh_yaml_reader *c, yaml_node_t *n)
{
    jh_scenario *s = c->s;
    if (jh_yaml_is_null(n))
        return JH_OK;
    size_t count = n->type == YAML_SEQUENCE_NODE
                       ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
                       : 1;
    if (count == 0)
        return JH_OK;
    s->inflows = calloc(count, sizeof *s->inflows);
    if (!s->inflows)
        return jh_yaml_oom(c);
    s->n_inflows = count; /* zeroed entries free cleanly on error */
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *e = n->type == YAML_SEQUENCE_NODE
                             ? jh_yaml_node(c, n->data.sequence.items.start[i]) : n;
        jh_status st = parse_one_inflow(c, e, &s->inflows[i]);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

static void w_areas(jh_yaml_writer *w, const char *k, const double v[JH_NAREAS])
{
    jh_yaml_put_str(w, k);
    jh_yaml_put_map(w, true);
    for (int a = 0; a < JH_NAREAS; a++)
        if (v[a] != 0)
            jh_yaml_put_kn(w, areas[a], v[a]);
    jh_yaml_put_map_end(w);
}

void jh_scenario_write_migration(jh_yaml_writer *w, const jh_scenario *s)
{
    const jh_migration *m = &s->migration;
    if (m->internal_given || m->destinations_given || m->external_given || m->keep_share) {
        jh_yaml_put_str(w, "migration");
        jh_yaml_put_map(w, false);
        if (m->internal_given)
            w_areas(w, "internal", m->internal);
        if (m->destinations_given)
            w_areas(w, "destinations", m->destinations);
        if (m->external_given)
            w_areas(w, "external", m->external);
        if (m->keep_share)
            jh_yaml_put_kv(w, "enrolled", "keep_share");
        jh_yaml_put_map_end(w);
    }
    if (s->n_inflows == 0)
        return;
    jh_yaml_put_str(w, "inflow");
    jh_yaml_put_seq(w, false);
    for (size_t i = 0; i < s->n_inflows; i++) {
        const jh_inflow *f = &s->inflows[i];
        jh_yaml_put_map(w, true);
        if (f->per_year)
            jh_yaml_put_kv(w, "per_year", "true");
        else
            jh_yaml_put_kn(w, "year", f->year);
        if (f->by_village)
            jh_yaml_put_kv(w, "village", f->village);
        else
            jh_yaml_put_kv(w, "area", areas[f->area]);
        jh_yaml_put_str(w, "grades");
        jh_yaml_put_map(w, true);
        for (int g = 0; g < JH_NGRADES; g++)
            if (f->grades[g] != 0) {
                char k[8];
                snprintf(k, sizeof k, "%d", g + 1);
                jh_yaml_put_kn(w, k, f->grades[g]);
            }
        jh_yaml_put_map_end(w);
        if (f->public_share != 1.0)
            jh_yaml_put_kn(w, "public_share", f->public_share);
        jh_yaml_put_map_end(w);
    }
    jh_yaml_put_seq_end(w);
}
