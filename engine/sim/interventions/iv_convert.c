/*
 * iv_convert.c: `convert: ID or [IDs], to: TYPE` — the schools change type
 * (a primary school becoming nine-year, say), which changes the levels they
 * take and so the nearest school of every village around them.
 */
#include "sim/interventions/interventions.h"

static const char *const keys[] = {"year", "convert", "to", NULL};

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
    return JH_OK;
}

static void write_convert(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "convert", iv->ids, iv->n_ids);
    jh_yaml_put_kv(w, "to", jh_school_type_name(iv->convert_to));
}

static jh_status apply_convert(const jh_apply *a, const jh_intervention *iv)
{
    for (size_t k = 0; k < iv->n_ids; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        a->county->schools[i].type = iv->convert_to;
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
