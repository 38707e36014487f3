/*
 * run_result: who owns what in a jh_run_result (sim/simulation.h) — the
 * yearly figures, flows, idle premises, plan warnings, the optimiser's
 * report and the final county — the one function that frees it all, and
 * the verdict years drawn from the yearly verdicts.
 */
#include "sim/simulation.h"

#include <stdlib.h>
#include <string.h>

#include "jh_array.h"

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
    jh_plan_item *v = jh_array_grow(r->plan_items, r->n_plan_items, &r->cap_plan_items, sizeof *v, 16);
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
    jh_warnings_free(&r->notes);
    free(r->before_flows);
    for (size_t i = 0; i < r->n_splits; i++) {
        free(r->splits[i].village);
        free(r->splits[i].school);
        free(r->splits[i].to);
    }
    free(r->splits);
    memset(r, 0, sizeof *r);
}

/* The first year each verdict holds, the year from which it holds to the
 * end, and the final year's (verdicts.h: jh_verdict_years_of). */
void jh_run_result_verdict_years(jh_run_result *r)
{
    bool *pass = malloc((r->n_years + 1) * sizeof *pass);
    if (!pass)
        return;
    int start = r->n_years > 0 ? r->years[0].year : 0;
    for (int l = 0; l <= JH_VERDICT_COUNTY; l++)
        for (int sd = 0; sd < 2; sd++) {
            for (size_t y = 0; y < r->n_years; y++) {
                const jh_year_result *yr = &r->years[y];
                if (l == JH_VERDICT_COUNTY)
                    pass[y] = sd == JH_STANDARD_QUALITY ? yr->county.quality : yr->county.basic;
                else
                    pass[y] = sd == JH_STANDARD_QUALITY ? yr->metrics.level[l].quality.pass
                                                        : yr->metrics.level[l].basic.pass;
            }
            jh_verdict_years v;
            jh_verdict_years_of(pass, r->n_years, start, &v);
            r->first_pass_year[l][sd] = v.first;
            r->pass_from_year[l][sd] = v.from;
            r->final_year_pass[l][sd] = v.final;
        }
    free(pass);
}
