/*
 * iv_expand.c: `expand: ID or [IDs], classrooms: N, capacity: N,
 * building_m2: ..., teachers: ..., cost_wan: X` — the schools gain
 * classrooms, places and resources; teachers added join the roster.
 * Capacity: `capacity` adds that many places to what the school takes;
 * without it, classrooms added to a school whose capacity was given add a
 * class-size cap each.
 */
#include "sim/interventions/interventions.h"

#include <limits.h>
#include <string.h>

static const char *const keys[] = {"year", "expand", "classrooms", "capacity",
                                   JH_IV_RESOURCE_KEYS, "cost_wan", "stage", NULL};

static jh_status parse_expand(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                              jh_intervention *iv)
{
    (void)section;
    jh_status st;
    if ((st = jh_yaml_id_list(c, a, "expand", &iv->ids, &iv->n_ids)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "classrooms", "classrooms", 0, 1e6, &iv->classrooms)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "capacity", "capacity", 0, 1e7, &iv->capacity)) != JH_OK)
        return st;
    return jh_iv_parse_resources(c, n, &iv->add);
}

static void write_expand(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "expand", iv->ids, iv->n_ids);
    if (iv->classrooms)
        jh_yaml_put_kn(w, "classrooms", iv->classrooms);
    if (iv->capacity)
        jh_yaml_put_kn(w, "capacity", iv->capacity);
    jh_iv_write_resources(w, &iv->add);
}

jh_status jh_iv_expand_apply(const jh_apply *a, const jh_intervention *iv)
{
    for (size_t k = 0; k < iv->n_ids; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        jh_school *sch = &a->county->schools[i];
        static const jh_resources none;
        if (!iv->classrooms && !iv->capacity && !memcmp(&iv->add, &none, sizeof none))
            continue; /* a stage's spending only (optimise.schedule): nothing added */
        if (iv->kind == JH_IV_EXPAND)
            jh_apply_mark_expanded(a, i);
        jh_iv_add_resources(&sch->res, &iv->add);
        sch->classrooms += iv->classrooms;
        if (iv->add.teachers > 0) {
            jh_status ts = jh_apply_add_teachers(a, i, &iv->add);
            if (ts != JH_OK)
                return ts;
        }
        if (iv->capacity > 0 && jh_apply_capacity(a, i) != INT_MAX) {
            sch->capacity = jh_apply_capacity(a, i) + iv->capacity;
            sch->capacity_given = true;
        } else if (sch->capacity_given && iv->classrooms > 0) {
            jh_level l = jh_school_serves(sch->type, JH_PRIMARY) ? JH_PRIMARY : JH_JUNIOR;
            sch->capacity += iv->classrooms * a->rules->class_size[l];
        }
    }
    return JH_OK;
}

const jh_iv_kind jh_iv_expand = {
    .kind = JH_IV_EXPAND,
    .keys = keys,
    .parse = parse_expand,
    .write = write_expand,
    .apply = jh_iv_expand_apply,
};
