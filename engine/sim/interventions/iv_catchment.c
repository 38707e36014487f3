/*
 * iv_catchment.c: `catchment: SCHOOL, level: primary|junior, villages:
 * [IDs]` — those villages' students of the level go to the school from that
 * year, under every assignment rule; students already enrolled move there
 * at once — or, with `entrants: true`, only the new entrants (grades 1 and
 * 7) go there and those enrolled finish where they are (phased
 * catchments). This is how plan.yaml writes the optimiser's assignment. An
 * empty list leaves the school with no village. `split: {VILLAGE: N, ...}`
 * sends N of a village's students of the level (those enrolled when the
 * entry applies; the same share of later ones) to the school while the
 * rest follow the village's own catchment: the optimiser writes it only
 * when no plan with every village whole was found.
 */
#include "sim/interventions/interventions.h"
#include "travel/travel.h"

#include <math.h>
#include <stdlib.h>

static const char *const keys[] = {"year", "catchment", "level", "villages", "entrants", "split", NULL};

/* split: {VILLAGE: students, ...} */
static jh_status parse_split(jh_yaml_reader *c, yaml_node_t *v, jh_intervention *iv)
{
    if (v->type != YAML_MAPPING_NODE)
        return jh_yaml_expected(c, v, "split", "a map of village ids to numbers of students");
    size_t n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
    iv->split_ids = calloc(n + 1, sizeof *iv->split_ids);
    iv->split_students = calloc(n + 1, sizeof *iv->split_students);
    if (!iv->split_ids || !iv->split_students)
        return jh_yaml_oom(c);
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key), *x = jh_yaml_node(c, p->value);
        jh_status st;
        if (k->type != YAML_SCALAR_NODE || jh_yaml_is_null(k))
            return jh_yaml_expected(c, k, "split", "a village id");
        if ((st = jh_yaml_text(c, k, "split", &iv->split_ids[iv->n_split])) != JH_OK)
            return st;
        iv->n_split++;
        if ((st = jh_yaml_number(c, x, "split", 0, INFINITY, true, false,
                                 &iv->split_students[iv->n_split - 1])) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status parse_catchment(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                                 jh_intervention *iv)
{
    jh_status st;
    if ((st = jh_yaml_text(c, a, "catchment", &iv->target)) != JH_OK)
        return st;
    yaml_node_t *v;
    if (!(v = jh_yaml_get(c, n, "level")))
        return jh_yaml_missing(c, n, "level", section);
    if (v->type != YAML_SCALAR_NODE || !jh_level_parse(jh_yaml_scalar(v), &iv->level))
        return jh_yaml_expected(c, v, "level", "primary or junior");
    if ((v = jh_yaml_get(c, n, "entrants")) &&
        (st = jh_yaml_bool(c, v, "entrants", &iv->entrants_only)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "split")) && (st = parse_split(c, v, iv)) != JH_OK)
        return st;
    if (!(v = jh_yaml_get(c, n, "villages")))
        return jh_yaml_missing(c, n, "villages", section);
    if (v->type != YAML_SEQUENCE_NODE)
        return jh_yaml_expected(c, v, "villages", "a list of village ids");
    if (v->data.sequence.items.top == v->data.sequence.items.start)
        return JH_OK; /* a school left with no village */
    return jh_yaml_id_list(c, v, "villages", &iv->ids, &iv->n_ids);
}

static void write_catchment(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_kv(w, "catchment", iv->target ? iv->target : "");
    jh_yaml_put_kv(w, "level", jh_level_name(iv->level));
    if (iv->entrants_only) {
        jh_yaml_put_str(w, "entrants");
        jh_yaml_put_str(w, "true");
    }
    jh_yaml_put_str(w, "villages");
    jh_yaml_put_seq(w, true);
    for (size_t i = 0; i < iv->n_ids; i++)
        jh_yaml_put_str(w, iv->ids[i]);
    jh_yaml_put_seq_end(w);
    if (iv->n_split > 0) {
        jh_yaml_put_str(w, "split");
        jh_yaml_put_map(w, true);
        for (size_t i = 0; i < iv->n_split; i++) {
            jh_yaml_put_str(w, iv->split_ids[i]);
            jh_yaml_put_num(w, iv->split_students[i]);
        }
        jh_yaml_put_map_end(w);
    }
}

static jh_status apply_catchment(const jh_apply *a, const jh_intervention *iv)
{
    int to = jh_iv_find_school(a, iv, iv->target ? iv->target : "");
    if (to < 0)
        return JH_ERR_INPUT;
    jh_level l = iv->level;
    for (size_t k = 0; k < iv->n_ids; k++) {
        int v = jh_county_find_village(a->county, iv->ids[k]);
        if (v < 0)
            return jh_error_set(a->err, JH_ERR_INPUT, "%s: line %ld: catchment: unknown village '%s'",
                                a->path, iv->line, iv->ids[k]);
        if (iv->entrants_only)
            jh_apply_pin_entrants(a, l, v, to);
        else
            jh_apply_pin_village(a, l, v, to);
    }
    /* the villages' students of the level move there now (unless only
     * entrants do) */
    if (!iv->entrants_only)
        jh_apply_move_pinned(a, l, to);
    return JH_OK;
}

/* Parts of split villages, once the year's whole-village moves are done
 * (the village's other entry may come later in the file: moved after the
 * part, it would take the part with it, or, when the part's school is
 * where the village is now, nothing would be "elsewhere" to take). A
 * school closed by then takes no part: the village follows its catchment. */
static jh_status apply_catchment_split(const jh_apply *a, const jh_intervention *iv)
{
    if (!iv->n_split)
        return JH_OK;
    int to = jh_iv_find_school(a, iv, iv->target ? iv->target : "");
    if (to < 0)
        return JH_ERR_INPUT;
    jh_level l = iv->level;
    if (!jh_school_takes_students(&a->county->schools[to], l))
        return JH_OK;
    for (size_t k = 0; k < iv->n_split; k++) {
        int v = jh_county_find_village(a->county, iv->split_ids[k]);
        if (v < 0)
            return jh_error_set(a->err, JH_ERR_INPUT, "%s: line %ld: catchment: split: unknown village '%s'",
                                a->path, iv->line, iv->split_ids[k]);
        jh_status st = jh_apply_split_village(a, iv->line, l, v, to, iv->split_students[k]);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

const jh_iv_kind jh_iv_catchment = {
    .kind = JH_IV_CATCHMENT,
    .keys = keys,
    .parse = parse_catchment,
    .write = write_catchment,
    .apply = apply_catchment,
    .apply_after = apply_catchment_split,
};
