/*
 * iv_merge.c: `merge: [A, B, ...], into: A` — the schools become one at
 * the `into` site (the first when not named): capacities, classrooms and
 * resources add up, a primary and a junior school merged become a
 * nine-year school, and every other site closes with its students and
 * teachers sent to the merged school.
 */
#include "sim/interventions/interventions.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"year", "merge", "into", NULL};

static jh_status parse_merge(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                             jh_intervention *iv)
{
    (void)section;
    jh_status st;
    if (a->type != YAML_SEQUENCE_NODE || a->data.sequence.items.top - a->data.sequence.items.start < 2)
        return jh_yaml_expected(c, a, "merge", "a list of at least two school ids");
    if ((st = jh_yaml_id_list(c, a, "merge", &iv->ids, &iv->n_ids)) != JH_OK)
        return st;
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "into")))
        return jh_yaml_text(c, v, "into", &iv->target);
    return (iv->target = strdup(iv->ids[0])) ? JH_OK : jh_yaml_oom(c);
}

static void write_merge(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_str(w, "merge");
    jh_yaml_put_seq(w, true);
    for (size_t i = 0; i < iv->n_ids; i++)
        jh_yaml_put_str(w, iv->ids[i]);
    jh_yaml_put_seq_end(w);
    if (iv->target)
        jh_yaml_put_kv(w, "into", iv->target);
}

static jh_status apply_merge(const jh_apply *a, const jh_intervention *iv)
{
    jh_county *c = a->county;
    jh_status st = JH_OK;
    const char *into_id = iv->target ? iv->target : iv->ids[0];
    int into = jh_iv_find_school(a, iv, into_id);
    if (into < 0)
        return JH_ERR_INPUT;
    for (size_t k = 0; k < iv->n_ids && st == JH_OK; k++) {
        int i = jh_iv_find_school(a, iv, iv->ids[k]);
        if (i < 0)
            return JH_ERR_INPUT;
        if (i == into)
            continue;
        jh_school *from = &c->schools[i], *to = &c->schools[into];
        if (to->capacity_given || from->capacity_given) {
            /* capacities add; one unlimited site leaves the merged one unlimited */
            long sum = (long)jh_apply_capacity(a, into) + jh_apply_capacity(a, i);
            to->capacity_given = sum < INT_MAX;
            to->capacity = sum < INT_MAX ? (int)sum : 0;
        }
        jh_iv_add_resources(&to->res, &from->res);
        to->classrooms += from->classrooms;
        /* a merged primary and junior school becomes a nine-year school */
        for (int l = 0; l < JH_NLEVELS; l++)
            if (jh_school_serves(from->type, (jh_level)l) && !jh_school_serves(to->type, (jh_level)l))
                to->type = JH_SCHOOL_NINE_YEAR;
        st = jh_apply_close_school(a, i, into); /* the merged-away site counts as closed */
    }
    return st;
}

const jh_iv_kind jh_iv_merge = {
    .kind = JH_IV_MERGE,
    .keys = keys,
    .parse = parse_merge,
    .write = write_merge,
    .apply = apply_merge,
};
