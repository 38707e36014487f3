/*
 * scenario_schedule.c: optimise.schedule —
 *   budget_wan: 8000 | {2026: 8000, 2027: 6000, ...}
 *   carry: false            unspent budget carries to the next year
 *   candidates: auto        projects from each retained school's gap, or a
 *                           list of projects (scenario_schedule_list.c)
 *   fixed: [ids]            schools retained for good: first when tied
 *   targets: {end_large_classes_by: 2028, quality_pass_by: 2030}
 *   start: 2026, end: 2028  programme years with a constant budget
 *                           (default: the year after the base year to the
 *                           latest target year)
 *   max_evaluations: 300, exhaustive_max: 4096
 */
#include "sim/scenario_schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jh_status horizon_year(jh_yaml_reader *c, yaml_node_t *v, const char *key, int *out)
{
    jh_scenario *s = c->s;
    double y;
    char what[96];
    snprintf(what, sizeof what, "a year within the horizon %d-%d", s->start_year, s->end_year);
    jh_status st = jh_yaml_number(c, v, key, -INFINITY, INFINITY, false, true, &y);
    if (st != JH_OK)
        return st;
    if (y < s->start_year || y > s->end_year)
        return jh_yaml_expected(c, v, key, what);
    *out = (int)y;
    return JH_OK;
}

static jh_status parse_targets(jh_yaml_reader *c, yaml_node_t *n, jh_schedule_request *q)
{
    static const char *const keys[] = {"end_large_classes_by", "quality_pass_by", NULL};
    const char *sec = "optimise.schedule.targets";
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, sec)) != JH_OK || (st = jh_yaml_check_keys(c, n, sec, keys)) != JH_OK)
        return st;
    yaml_node_t *v;
    if ((v = jh_yaml_get(c, n, "end_large_classes_by")) &&
        (st = horizon_year(c, v, "optimise.schedule.targets.end_large_classes_by",
                           &q->end_large_classes_by)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "quality_pass_by")) &&
        (st = horizon_year(c, v, "optimise.schedule.targets.quality_pass_by", &q->quality_pass_by)) != JH_OK)
        return st;
    return JH_OK;
}

static jh_status parse_budget_map(jh_yaml_reader *c, yaml_node_t *n, jh_schedule_request *q)
{
    const char *key = "optimise.schedule.budget_wan";
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key), *v = jh_yaml_node(c, p->value);
        int year;
        jh_status st = horizon_year(c, k, key, &year);
        if (st != JH_OK)
            return st;
        for (int i = 0; i < q->n_years; i++)
            if (q->years[i] == year)
                return jh_yaml_expected(c, k, key, "each year once");
        if (q->n_years >= JH_SCHEDULE_MAX_YEARS)
            return jh_yaml_expected(c, k, key, "at most 30 programme years");
        double w;
        if ((st = jh_yaml_number(c, v, key, 0, INFINITY, false, false, &w)) != JH_OK)
            return st;
        /* kept in ascending year order */
        int at = q->n_years;
        while (at > 0 && q->years[at - 1] > year) {
            q->years[at] = q->years[at - 1];
            q->budget_wan[at] = q->budget_wan[at - 1];
            at--;
        }
        q->years[at] = year;
        q->budget_wan[at] = w;
        q->n_years++;
    }
    if (q->n_years == 0)
        return jh_yaml_expected(c, n, key, "a number or a map of years to numbers (wan)");
    return JH_OK;
}

jh_status jh_scenario_parse_schedule(jh_yaml_reader *c, yaml_node_t *n)
{
    static const char *const keys[] = {"budget_wan", "carry", "candidates", "targets", "start", "end",
                                       "max_evaluations", "exhaustive_max", "fixed", NULL};
    const char *sec = "optimise.schedule";
    jh_schedule_request *q = &c->s->schedule;
    jh_status st;
    if ((st = jh_yaml_want_map(c, n, sec)) != JH_OK || (st = jh_yaml_check_keys(c, n, sec, keys)) != JH_OK)
        return st;
    q->requested = true;
    q->line = jh_yaml_line(n);
    yaml_node_t *v;
    if (!(v = jh_yaml_get(c, n, "targets")))
        return jh_yaml_missing(c, n, "targets", sec);
    if ((st = parse_targets(c, v, q)) != JH_OK)
        return st;
    if (!q->end_large_classes_by && !q->quality_pass_by)
        return jh_yaml_expected(c, v, "optimise.schedule.targets",
                                "at least one of end_large_classes_by, quality_pass_by");
    if ((v = jh_yaml_get(c, n, "candidates")) && v->type == YAML_SEQUENCE_NODE) {
        if ((st = jh_scenario_parse_schedule_list(c, v)) != JH_OK)
            return st;
    } else if (v) {
        static const char *const cand[] = {"auto", NULL};
        int i;
        if ((st = jh_yaml_choice(c, v, "optimise.schedule.candidates", cand, &i)) != JH_OK)
            return st;
    }
    if ((v = jh_yaml_get(c, n, "fixed")) &&
        (st = jh_yaml_id_list(c, v, "optimise.schedule.fixed", &q->fixed, &q->n_fixed)) != JH_OK)
        return st;
    if ((v = jh_yaml_get(c, n, "carry")) && (st = jh_yaml_bool(c, v, "optimise.schedule.carry", &q->carry)) != JH_OK)
        return st;
    if ((st = jh_yaml_int_key(c, n, "max_evaluations", "optimise.schedule.max_evaluations", 1, 1e7,
                              &q->max_evaluations)) != JH_OK ||
        (st = jh_yaml_int_key(c, n, "exhaustive_max", "optimise.schedule.exhaustive_max", 0, 1e7,
                              &q->exhaustive_max)) != JH_OK)
        return st;
    if (!(v = jh_yaml_get(c, n, "budget_wan")))
        return jh_yaml_missing(c, n, "budget_wan", sec);
    if (v->type == YAML_MAPPING_NODE) {
        if (jh_yaml_get(c, n, "start") || jh_yaml_get(c, n, "end"))
            return jh_yaml_expected(c, jh_yaml_get(c, n, jh_yaml_get(c, n, "start") ? "start" : "end"),
                                    "optimise.schedule.start",
                                    "no start or end when budget_wan lists the years");
        return parse_budget_map(c, v, q);
    }
    double w;
    if ((st = jh_yaml_number(c, v, "optimise.schedule.budget_wan", 0, INFINITY, false, false, &w)) != JH_OK)
        return st;
    int start = c->s->start_year + 1 <= c->s->end_year ? c->s->start_year + 1 : c->s->start_year;
    int end = q->end_large_classes_by > q->quality_pass_by ? q->end_large_classes_by : q->quality_pass_by;
    yaml_node_t *sv = jh_yaml_get(c, n, "start"), *ev = jh_yaml_get(c, n, "end");
    if (sv && (st = horizon_year(c, sv, "optimise.schedule.start", &start)) != JH_OK)
        return st;
    if (ev && (st = horizon_year(c, ev, "optimise.schedule.end", &end)) != JH_OK)
        return st;
    if (end < start)
        return jh_yaml_expected(c, ev ? ev : (sv ? sv : n), ev ? "optimise.schedule.end" : "optimise.schedule.start",
                                "a programme end no earlier than its start");
    if (end - start + 1 > JH_SCHEDULE_MAX_YEARS)
        return jh_yaml_expected(c, ev ? ev : n, "optimise.schedule.end", "at most 30 programme years");
    for (int y = start; y <= end; y++) {
        q->years[q->n_years] = y;
        q->budget_wan[q->n_years++] = w;
    }
    return JH_OK;
}
