/*
 * iv_keep_teaching_point.c: `keep_teaching_point: ID or [IDs]` — the
 * teaching points stay open: a closure of them (the same year or later) is
 * deferred with a warning (iv_close.c). Applied before the year's other
 * entries, so the order of entries within a year does not matter.
 */
#include "sim/interventions/interventions.h"

static const char *const keys[] = {"year", "keep_teaching_point", NULL};

static jh_status parse_keep(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                            jh_intervention *iv)
{
    (void)n;
    (void)section;
    return jh_yaml_id_list(c, a, "keep_teaching_point", &iv->ids, &iv->n_ids);
}

static void write_keep(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "keep_teaching_point", iv->ids, iv->n_ids);
}

static jh_status apply_keep(const jh_apply *a, const jh_intervention *iv)
{
    for (size_t k = 0; k < iv->n_ids; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        a->county->schools[i].keep_teaching_point = true;
    }
    return JH_OK;
}

const jh_iv_kind jh_iv_keep_teaching_point = {
    .kind = JH_IV_KEEP,
    .keys = keys,
    .applies_first = true,
    .parse = parse_keep,
    .write = write_keep,
    .apply = apply_keep,
};
