/*
 * iv_merge.c: `merge: [A, B, ...], into: A, campus: keep | close` — the
 * schools become one school, A. Nothing is built, so no option adds B's
 * rooms to A's site:
 *   close (default): B's students go to A, its teachers follow them, and
 *     its buildings stay behind as idle premises (闲置校舍);
 *   keep (一校两区): one school with two campuses — students stay at their
 *     site, and the indicators count A and its campuses as one school with
 *     their resources and teachers pooled.
 * A merger of schools farther apart than the level's distance limit is a
 * plan warning.
 */
#include "sim/interventions/interventions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"year", "merge", "into", "campus", NULL};

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
    if ((v = jh_yaml_get(c, n, "campus"))) {
        const char *s = v->type == YAML_SCALAR_NODE ? jh_yaml_scalar(v) : "";
        if (strcmp(s, "keep") == 0)
            iv->campus_keep = true;
        else if (strcmp(s, "close") != 0)
            return jh_yaml_expected(c, v, "campus", "keep or close");
    }
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
    jh_yaml_put_kv(w, "campus", iv->campus_keep ? "keep" : "close");
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
        /* the level's distance limit: the smaller of the levels both teach */
        double limit_km = INFINITY;
        for (int l = 0; l < JH_NLEVELS; l++)
            if (jh_school_serves(from->type, (jh_level)l) && a->rules->distance_km[l] < limit_km)
                limit_km = a->rules->distance_km[l];
        double km = hypot(to->x - from->x, to->y - from->y) / 1000.0;
        if (isfinite(limit_km) && km > limit_km) {
            char msg[400];
            snprintf(msg, sizeof msg,
                     "%s: line %ld: merge of %s into %s in %d: the sites are %.1f km apart, "
                     "beyond the distance limit of %.0f km",
                     a->path, iv->line, from->id, to->id, iv->year, km, limit_km);
            jh_apply_plan_warning(a, into,
                                  &(jh_plan_item){.kind = JH_PLAN_MERGE_FAR, .school = into,
                                                  .other = i, .year = iv->year, .km = km,
                                                  .limit_km = limit_km},
                                  msg);
        }
        if (iv->campus_keep) {
            /* one school, two campuses: students stay, the indicators pool */
            from->main_campus = into + 1;
            continue;
        }
        st = jh_apply_close_schools(a, &i, &into, NULL, 1); /* B's buildings stay behind */
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
