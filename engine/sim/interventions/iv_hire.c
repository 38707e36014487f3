/*
 * iv_hire.c: `hire: ID, teachers: N, t_above_degree: A, t_backbone: B,
 * t_pe_art: P, t_senior_title: S` — N teachers are hired at the school in
 * the year (age 24, as the hiring policy hires), A of them holding the
 * degree above the required one, B county-level backbone, P PE/music/art
 * teachers, S with a senior title (each at most N). They join the roster
 * and the school's posts, so their pay is in the scenario's recurrent
 * teachers' cost from that year (rules.unit_costs.teacher_wan each); an
 * entry carries no capital cost. `junheng optimise` with optimise.schedule
 * writes the hiring it chooses as such entries.
 */
#include "sim/interventions/interventions.h"

#include <stdio.h>

static const char *const keys[] = {"year", "hire", "teachers", "t_above_degree", "t_backbone",
                                   "t_pe_art", "t_senior_title", NULL};

static jh_status parse_hire(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                            jh_intervention *iv)
{
    jh_status st;
    if ((st = jh_yaml_id_list(c, a, "hire", &iv->ids, &iv->n_ids)) != JH_OK)
        return st;
    yaml_node_t *v = jh_yaml_get(c, n, "teachers");
    if (!v)
        return jh_yaml_missing(c, n, "teachers", section);
    if ((st = jh_yaml_number(c, v, "teachers", 0, 1e6, true, true, &iv->add.teachers)) != JH_OK)
        return st;
    static const char *const kinds[] = {"t_above_degree", "t_backbone", "t_pe_art", "t_senior_title"};
    double *field[] = {&iv->add.t_above_degree, &iv->add.t_backbone, &iv->add.t_pe_art,
                       &iv->add.t_senior_title};
    for (int k = 0; k < 4; k++) {
        if (!(v = jh_yaml_get(c, n, kinds[k])))
            continue;
        char what[64];
        snprintf(what, sizeof what, "a whole number from 0 to teachers (%.0f)", iv->add.teachers);
        if ((st = jh_yaml_number(c, v, kinds[k], 0, 1e6, false, true, field[k])) != JH_OK)
            return st;
        if (*field[k] > iv->add.teachers)
            return jh_yaml_expected(c, v, kinds[k], what);
    }
    return JH_OK;
}

static void write_hire(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "hire", iv->ids, iv->n_ids);
    jh_iv_write_resources(w, &iv->add);
}

static jh_status apply_hire(const jh_apply *a, const jh_intervention *iv)
{
    for (size_t k = 0; k < iv->n_ids; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        jh_school *sch = &a->county->schools[i];
        jh_iv_add_resources(&sch->res, &iv->add);
        jh_status st = jh_apply_add_teachers(a, i, &iv->add);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

const jh_iv_kind jh_iv_hire = {
    .kind = JH_IV_HIRE,
    .keys = keys,
    .parse = parse_hire,
    .write = write_hire,
    .apply = apply_hire,
};
