/*
 * run_result: who owns what in a jh_run_result (sim/simulation.h) — the
 * yearly figures, flows, idle premises, plan warnings, the optimiser's
 * report and the final county — and the one function that frees it all.
 */
#include "sim/simulation.h"

#include <stdlib.h>
#include <string.h>

void jh_run_result_free(jh_run_result *r)
{
    if (!r)
        return;
    for (size_t y = 0; y < r->n_years; y++) {
        jh_year_metrics_free(&r->years[y].metrics);
        free(r->years[y].status);
        free(r->years[y].cells);
    }
    free(r->years);
    free(r->final_flows);
    for (size_t y = 0; r->year_flows && y < r->n_years; y++)
        free(r->year_flows[y]);
    free(r->year_flows);
    free(r->n_year_flows);
    for (size_t k = 0; k < r->n_idle; k++)
        free(r->idle[k].school);
    free(r->idle);
    jh_warnings_free(&r->plan_warnings);
    free(r->plan_items);
    jh_consolidation_result_free(&r->consolidation);
    if (r->county) {
        jh_county_free(r->county);
        free(r->county);
    }
    memset(r, 0, sizeof *r);
}

int jh_run_result_add_plan_item(jh_run_result *r, const jh_plan_item *it)
{
    jh_plan_item *v = realloc(r->plan_items, (r->n_plan_items + 1) * sizeof *v);
    if (!v)
        return -1;
    r->plan_items = v;
    v[r->n_plan_items++] = *it;
    return 0;
}

int jh_run_result_add_idle(jh_run_result *r, const jh_school *s, int year)
{
    jh_idle_premises *v = realloc(r->idle, (r->n_idle + 1) * sizeof *v);
    if (!v)
        return -1;
    r->idle = v;
    char *id = strdup(s->id);
    if (!id)
        return -1;
    r->idle[r->n_idle++] = (jh_idle_premises){id, year, s->res.building_m2, s->classrooms};
    return 0;
}

void jh_consolidation_result_free(jh_consolidation_result *r)
{
    for (size_t i = 0; i < r->n_kept; i++)
        free(r->kept[i]);
    for (size_t i = 0; i < r->n_closed; i++)
        free(r->closed[i]);
    free(r->kept);
    free(r->closed);
    free(r->before_flows);
    memset(r, 0, sizeof *r);
}
