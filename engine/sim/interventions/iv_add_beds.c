/*
 * iv_add_beds.c: `add_beds: ID or [IDs], beds: N, cost_wan: X` — boarding
 * beds added to the schools: an expansion of one resource, applied as
 * expand applies (iv_expand.c).
 */
#include "sim/interventions/interventions.h"

#include <math.h>

static const char *const keys[] = {"year", "add_beds", "beds", "cost_wan", NULL};

static jh_status parse_add_beds(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                                jh_intervention *iv)
{
    jh_status st;
    if ((st = jh_yaml_id_list(c, a, "add_beds", &iv->ids, &iv->n_ids)) != JH_OK)
        return st;
    yaml_node_t *v;
    if (!(v = jh_yaml_get(c, n, "beds")))
        return jh_yaml_missing(c, n, "beds", section);
    return jh_yaml_number(c, v, "beds", 0, INFINITY, false, true, &iv->add.boarding_beds);
}

static void write_add_beds(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "add_beds", iv->ids, iv->n_ids);
    jh_yaml_put_kn(w, "beds", iv->add.boarding_beds);
}

const jh_iv_kind jh_iv_add_beds = {
    .kind = JH_IV_ADD_BEDS,
    .keys = keys,
    .parse = parse_add_beds,
    .write = write_add_beds,
    .apply = jh_iv_expand_apply,
};
