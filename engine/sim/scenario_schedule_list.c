/*
 * scenario_schedule_list.c: optimise.schedule.candidates as a list —
 *   candidates:
 *     - auto                                   the projects from the gaps too
 *     - {school: S012, kind: expand, classrooms: 6, building_m2: 900,
 *        cost_wan: 480, lead_years: 1, stages: [240, 240]}
 *     - {kind: new_school, site: C3, cost_wan: 3000, lead_years: 2,
 *        stages: [1000, 2000]}                 a build entry with candidate: true
 *     - {kind: new_school, id: N1, x: 512300, y: 3301200, type: primary,
 *        classrooms: 18, capacity: 810, cost_wan: 2600}   a site made here
 *     - {school: S031, kind: hire, teachers: 2, t_pe_art: 2}
 * Schools are checked against the county when the schedule is built
 * (engine/optimise/schedule.c); sites, costs, lead times and stages here.
 */
#include "sim/scenario_schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/interventions/interventions.h"

static const char *const keys_expand[] = {"kind", "school", "classrooms", "capacity", JH_IV_RESOURCE_KEYS,
                                          "cost_wan", "lead_years", "stages", NULL};
static const char *const keys_new[] = {"kind", "site", "id", "name", "type", "area", "district", "x", "y",
                                       "classrooms", "capacity", "cost_wan", "lead_years", "stages", NULL};
static const char *const keys_hire[] = {"kind", "school", "teachers", "t_above_degree", "t_backbone",
                                        "t_pe_art", "t_senior_title", "lead_years", NULL};

static const jh_intervention *find_site(const jh_scenario *s, const char *id)
{
    for (size_t i = 0; i < s->n_interventions; i++) {
        const jh_intervention *iv = &s->interventions[i];
        if (iv->kind == JH_IV_BUILD && iv->build.id && strcmp(iv->build.id, id) == 0)
            return iv;
    }
    return NULL;
}

static jh_status parse_stages(jh_yaml_reader *c, yaml_node_t *n, jh_schedule_candidate *k)
{
    const char *key = "optimise.schedule.candidates.stages";
    if (n->type != YAML_SEQUENCE_NODE || n->data.sequence.items.top == n->data.sequence.items.start)
        return jh_yaml_expected(c, n, key, "a list of the wan spent in each year from the start");
    double sum = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        if (k->n_stages >= JH_SCHEDULE_MAX_STAGES)
            return jh_yaml_expected(c, n, key, "at most 10 stages");
        double w;
        jh_status st = jh_yaml_number(c, jh_yaml_node(c, *it), key, 0, INFINITY, false, false, &w);
        if (st != JH_OK)
            return st;
        k->stage_wan[k->n_stages++] = w;
        sum += w;
    }
    if (fabs(sum - k->cost_wan) > 0.005) {
        char what[128];
        snprintf(what, sizeof what, "stages summing to cost_wan (%g), they sum to %g", k->cost_wan, sum);
        return jh_yaml_expected(c, n, key, what);
    }
    return JH_OK;
}

/* A site made from x/y: a build entry offered to the optimiser only, as
 * the candidate sites of optimise.consolidation are. */
static jh_status new_site(jh_yaml_reader *c, yaml_node_t *n, jh_schedule_candidate *k)
{
    jh_scenario *s = c->s;
    jh_status st;
    yaml_node_t *v = jh_yaml_get(c, n, "id");
    if (!v)
        return jh_yaml_missing(c, n, "id", "optimise.schedule.candidates (new_school at x/y)");
    if (!jh_yaml_get(c, n, "x") || !jh_yaml_get(c, n, "y"))
        return jh_yaml_missing(c, n, jh_yaml_get(c, n, "x") ? "y" : "x",
                               "optimise.schedule.candidates (new_school at x/y)");
    char *id = NULL;
    if ((st = jh_yaml_text(c, v, "optimise.schedule.candidates.id", &id)) != JH_OK)
        return st;
    if (find_site(s, id)) {
        free(id);
        return jh_yaml_expected(c, v, "optimise.schedule.candidates.id",
                                "an id no build entry or other candidate holds (or `site:` to use that one)");
    }
    jh_intervention *iv = jh_scenario_add_intervention(s);
    if (!iv) {
        free(id);
        return jh_yaml_oom(c);
    }
    iv->kind = JH_IV_BUILD;
    iv->candidate = true;
    iv->year = s->schedule.n_years ? s->schedule.years[0] : s->start_year;
    iv->line = jh_yaml_line(n);
    jh_school *b = &iv->build;
    b->id = id;
    b->type = JH_SCHOOL_PRIMARY;
    b->area = JH_RURAL;
    b->status = JH_STATUS_CANDIDATE;
    b->record = -1;
    if ((v = jh_yaml_get(c, n, "name")) && (st = jh_yaml_text(c, v, "optimise.schedule.candidates.name", &b->name)) != JH_OK)
        return st;
    if (!b->name && !(b->name = strdup(id)))
        return jh_yaml_oom(c);
    if ((v = jh_yaml_get(c, n, "district")) &&
        (st = jh_yaml_text(c, v, "optimise.schedule.candidates.district", &b->district)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "type")) &&
        (v->type != YAML_SCALAR_NODE || !jh_school_type_parse(jh_yaml_scalar(v), &b->type)))
        return jh_yaml_expected(c, v, "optimise.schedule.candidates.type",
                                "a school type (primary, junior, nine_year, complete_middle, twelve_year)");
    if ((v = jh_yaml_get(c, n, "area")) && (v->type != YAML_SCALAR_NODE || !jh_area_parse(jh_yaml_scalar(v), &b->area)))
        return jh_yaml_expected(c, v, "optimise.schedule.candidates.area", "one of: urban, town, rural");
    if ((st = jh_yaml_num_key(c, n, "x", "optimise.schedule.candidates.x", -INFINITY, INFINITY, false, &b->x)) != JH_OK ||
        (st = jh_yaml_num_key(c, n, "y", "optimise.schedule.candidates.y", -INFINITY, INFINITY, false, &b->y)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "classrooms", "optimise.schedule.candidates.classrooms", 1, 1e6, &b->classrooms)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "capacity", "optimise.schedule.candidates.capacity", 0, 1e7, &b->capacity)) != JH_OK)
        return st;
    if (!jh_yaml_get(c, n, "classrooms"))
        return jh_yaml_missing(c, n, "classrooms", "optimise.schedule.candidates (new_school at x/y)");
    b->capacity_given = b->capacity > 0;
    iv->classrooms = b->classrooms;
    iv->capacity = b->capacity;
    k->school = strdup(id);
    return k->school ? JH_OK : jh_yaml_oom(c);
}

static jh_status parse_one(jh_yaml_reader *c, yaml_node_t *n, jh_schedule_candidate *k)
{
    const char *sec = "optimise.schedule.candidates";
    jh_status st;
    k->line = jh_yaml_line(n);
    if ((st = jh_yaml_want_map(c, n, sec)) != JH_OK)
        return st;
    yaml_node_t *v = jh_yaml_get(c, n, "kind");
    if (v) {
        static const char *const kinds[] = {"expand", "new_school", "hire", NULL};
        int i;
        if ((st = jh_yaml_choice(c, v, "optimise.schedule.candidates.kind", kinds, &i)) != JH_OK)
            return st;
        k->kind = (jh_candidate_kind)i;
    }
    const char *const *keys = k->kind == JH_CAND_EXPAND ? keys_expand : k->kind == JH_CAND_NEW_SCHOOL ? keys_new : keys_hire;
    if ((st = jh_yaml_check_keys(c, n, sec, keys)) != JH_OK)
        return st;
    if ((st = jh_yaml_int_key(c, n, "lead_years", "optimise.schedule.candidates.lead_years", 0, 30,
                              &k->lead_years)) != JH_OK)
        return st;
    if (k->kind == JH_CAND_HIRE) {
        if (!(v = jh_yaml_get(c, n, "school")))
            return jh_yaml_missing(c, n, "school", sec);
        if ((st = jh_yaml_text(c, v, "optimise.schedule.candidates.school", &k->school)) != JH_OK)
            return st;
        if (!(v = jh_yaml_get(c, n, "teachers")))
            return jh_yaml_missing(c, n, "teachers", sec);
        if ((st = jh_yaml_number(c, v, "optimise.schedule.candidates.teachers", 0, 1e6, true, true,
                                 &k->add.teachers)) != JH_OK)
            return st;
        static const char *const tk[] = {"t_above_degree", "t_backbone", "t_pe_art", "t_senior_title"};
        double *f[] = {&k->add.t_above_degree, &k->add.t_backbone, &k->add.t_pe_art, &k->add.t_senior_title};
        for (int i = 0; i < 4; i++)
            if ((v = jh_yaml_get(c, n, tk[i]))) {
                if ((st = jh_yaml_number(c, v, "optimise.schedule.candidates.t_*", 0, 1e6, false, true, f[i])) != JH_OK)
                    return st;
                if (*f[i] > k->add.teachers)
                    return jh_yaml_expected(c, v, tk[i], "at most `teachers` of them");
            }
        return JH_OK;
    }
    if (!(v = jh_yaml_get(c, n, "cost_wan")) && k->kind == JH_CAND_EXPAND)
        return jh_yaml_missing(c, n, "cost_wan", sec);
    if (v && (st = jh_yaml_number(c, v, "optimise.schedule.candidates.cost_wan", 0, INFINITY, false, false,
                                  &k->cost_wan)) != JH_OK)
        return st;
    if (k->kind == JH_CAND_EXPAND) {
        if (!(v = jh_yaml_get(c, n, "school")))
            return jh_yaml_missing(c, n, "school", sec);
        if ((st = jh_yaml_text(c, v, "optimise.schedule.candidates.school", &k->school)) != JH_OK ||
            (st = jh_yaml_int_key(c, n, "classrooms", "optimise.schedule.candidates.classrooms", 0, 1e6,
                                  &k->classrooms)) != JH_OK ||
            (st = jh_yaml_int_key(c, n, "capacity", "optimise.schedule.candidates.capacity", 0, 1e7,
                                  &k->capacity)) != JH_OK ||
            (st = jh_iv_parse_resources(c, n, &k->add)) != JH_OK)
            return st;
        static const jh_resources none;
        if (!k->classrooms && !k->capacity && !memcmp(&k->add, &none, sizeof none))
            return jh_yaml_expected(c, n, sec, "an expand candidate adding classrooms, capacity or a resource");
        if (k->add.teachers > 0)
            return jh_yaml_expected(c, jh_yaml_get(c, n, "teachers"), "optimise.schedule.candidates.teachers",
                                    "teachers in a `kind: hire` candidate (their pay is yearly, not capital)");
    } else if ((v = jh_yaml_get(c, n, "site"))) {
        if (jh_yaml_get(c, n, "x") || jh_yaml_get(c, n, "y") || jh_yaml_get(c, n, "id"))
            return jh_yaml_expected(c, v, "optimise.schedule.candidates.site", "either site or id, x and y, not both");
        if ((st = jh_yaml_text(c, v, "optimise.schedule.candidates.site", &k->school)) != JH_OK)
            return st;
        const jh_intervention *site = find_site(c->s, k->school);
        if (!site || !site->candidate)
            return jh_yaml_expected(c, v, "optimise.schedule.candidates.site",
                                    site ? "a candidate site (a build entry with candidate: true), not one the scenario builds"
                                         : "the id of a build entry with candidate: true in interventions");
        if (!jh_yaml_get(c, n, "cost_wan"))
            k->cost_wan = site->cost_wan;
    } else if ((st = new_site(c, n, k)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "stages")) && (st = parse_stages(c, v, k)) != JH_OK)
        return st;
    return JH_OK;
}

jh_status jh_scenario_parse_schedule_list(jh_yaml_reader *c, yaml_node_t *n)
{
    jh_schedule_request *q = &c->s->schedule;
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    q->only_listed = true;
    q->candidates = calloc(count ? count : 1, sizeof *q->candidates);
    if (!q->candidates)
        return jh_yaml_oom(c);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = jh_yaml_node(c, *it);
        if (e->type == YAML_SCALAR_NODE && strcmp(jh_yaml_scalar(e), "auto") == 0) {
            if (!q->only_listed)
                return jh_yaml_expected(c, e, "optimise.schedule.candidates", "`auto` once");
            q->only_listed = false;
            continue;
        }
        jh_schedule_candidate *k = &q->candidates[q->n_candidates++];
        jh_status st = parse_one(c, e, k);
        if (st != JH_OK)
            return st;
    }
    if (!q->n_candidates && q->only_listed)
        return jh_yaml_expected(c, n, "optimise.schedule.candidates", "auto or at least one project");
    return JH_OK;
}
