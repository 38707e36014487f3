/*
 * iv_convert.c: `convert: ID or [IDs], to: TYPE, classrooms: N,
 * teachers: N, ..., cost_wan: X` — the schools change type. A primary
 * school converted to a nine-year school (or a school given a junior part,
 * complete_middle) opens its junior part phased: grade 7 entrants in the
 * year of the conversion, a grade more each year, while students already
 * enrolled elsewhere finish where they are. The junior part needs rooms
 * (`classrooms` added) and junior teachers (`teachers` and the t_* counts
 * join the junior level; otherwise hiring or transfers must staff it, and
 * the run warns). Its grade-7 catchment follows the assignment rule:
 * under `catchment`, villages nearer to it than to their junior school
 * send their entrants there.
 */
#include "sim/interventions/interventions.h"

#include <stdio.h>

static const char *const keys[] = {"year", "convert", "to", "classrooms",
                                   JH_IV_RESOURCE_KEYS, "cost_wan", NULL};

static jh_status parse_convert(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                               jh_intervention *iv)
{
    jh_status st;
    if ((st = jh_yaml_id_list(c, a, "convert", &iv->ids, &iv->n_ids)) != JH_OK)
        return st;
    yaml_node_t *v;
    if (!(v = jh_yaml_get(c, n, "to")))
        return jh_yaml_missing(c, n, "to", section);
    if (v->type != YAML_SCALAR_NODE || !jh_school_type_parse(jh_yaml_scalar(v), &iv->convert_to))
        return jh_yaml_expected(c, v, "to",
                                "a school type (primary, junior, nine_year, complete_middle, "
                                "twelve_year, teaching_point, special, vocational)");
    if ((st = jh_yaml_int_key(c, n, "classrooms", "classrooms", 0, 1e6, &iv->classrooms)) != JH_OK)
        return st;
    return jh_iv_parse_resources(c, n, &iv->add);
}

static void write_convert(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "convert", iv->ids, iv->n_ids);
    jh_yaml_put_kv(w, "to", jh_school_type_name(iv->convert_to));
    if (iv->classrooms)
        jh_yaml_put_kn(w, "classrooms", iv->classrooms);
    jh_iv_write_resources(w, &iv->add);
}

static jh_status apply_convert(const jh_apply *a, const jh_intervention *iv)
{
    jh_status st;
    for (size_t k = 0; k < iv->n_ids; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        jh_school *s = &a->county->schools[i];
        bool had_junior = jh_school_serves(s->type, JH_JUNIOR);
        s->type = iv->convert_to;
        s->classrooms += iv->classrooms;
        jh_iv_add_resources(&s->res, &iv->add);
        if (had_junior || !jh_school_serves(s->type, JH_JUNIOR))
            continue;
        s->junior_from_year = iv->year;
        if (iv->add.teachers > 0) {
            if ((st = jh_apply_add_teachers_level(a, i, JH_JUNIOR, &iv->add)) != JH_OK)
                return st;
        } else {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "%s: line %ld: convert %s to %s in %d: the junior part has no junior "
                     "teachers (give `teachers` on the entry, or hire or transfer them)",
                     a->path, iv->line, s->id, jh_school_type_name(s->type), iv->year);
            jh_apply_plan_warning(a, i,
                                  &(jh_plan_item){.kind = JH_PLAN_CONVERT_NO_TEACHERS, .school = i,
                                                  .other = -1, .year = iv->year},
                                  msg);
        }
        if ((st = jh_apply_layout_changed(a)) != JH_OK)
            return st;
        jh_apply_entrants_to_nearer(a, JH_JUNIOR, i);
    }
    return jh_apply_layout_changed(a);
}

const jh_iv_kind jh_iv_convert = {
    .kind = JH_IV_CONVERT,
    .keys = keys,
    .parse = parse_convert,
    .write = write_convert,
    .apply = apply_convert,
};
