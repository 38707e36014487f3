/*
 * junheng optimise with optimise.schedule: chooses the construction
 * schedule (engine/optimise/schedule.h), adds it to a second copy of the
 * scenario, measures that plan with the same simulation as any scenario
 * (freshly loaded, as `junheng run plan.yaml` would) and writes the run
 * outputs with plan.yaml and schedule.csv, all at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input/inputs.h"
#include "optimise/schedule.h"
#include "output/output.h"
#include "output/schedule_out.h"
#include "progress.h"
#include "sim/scenario_io.h"

typedef struct sched_ctx {
    jh_cli_plan_ctx plan;
    const jh_schedule_result *res;
} sched_ctx;

static jh_status write_extra(const char *dir, void *ctx, jh_error *err)
{
    const sched_ctx *c = ctx;
    jh_status st = jh_cli_write_plan_yaml(dir, (void *)&c->plan, err);
    if (st != JH_OK)
        return st;
    char path[4096];
    snprintf(path, sizeof path, "%s/schedule.csv", dir);
    return jh_output_write_schedule_csv(c->res, path, err);
}

static void print_schedule(const jh_schedule_result *res)
{
    printf("construction schedule: %zu candidate projects, %s after %ld simulations\n",
           res->n_projects, res->exhaustive ? "every schedule tried" : "greedy and improvement moves",
           res->evaluations);
    for (int k = 0; k < res->n_years; k++) {
        size_t n = 0;
        for (size_t i = 0; i < res->n_projects; i++)
            n += res->projects[i].year == res->years[k];
        printf("  %d: %zu projects, %.0f of %.0f wan\n", res->years[k], n, res->spend_wan[k],
               res->budget_wan[k]);
    }
    for (int t = 0; t < JH_NTARGETS; t++) {
        if (!res->by[t])
            continue;
        int met = res->score.year_met[t], base = res->baseline.year_met[t];
        char m[16] = "never", b[16] = "never";
        if (met)
            snprintf(m, sizeof m, "%d", met);
        if (base)
            snprintf(b, sizeof b, "%d", base);
        printf("  %s by %d: met from %s (without the programme: %s)%s%s\n",
               jh_schedule_target_names[t], res->by[t], m, b, res->why[t][0] ? "; " : "", res->why[t]);
    }
}

int jh_cmd_optimise_schedule(const jh_cli_options *o, jh_scenario *sc, jh_county *county)
{
    jh_error err = {0};
    jh_scenario plan = {0};
    jh_run_result after = {0};
    jh_schedule_result res = {0};
    bool have_plan = false, have_after = false;
    jh_status st = JH_OK;
    jh_progress bar;
    jh_progress_begin(&bar, "optimise", 3, o->quiet);
    if (sc->consolidation.requested)
        st = jh_error_set(&err, JH_ERR_INPUT,
                          "%s: line %ld: optimise: expected one of consolidation, schedule, got both",
                          sc->path, sc->schedule.line);
    if (st == JH_OK) {
        st = jh_scenario_load(&plan, o->inputs[0], &err);
        have_plan = st == JH_OK;
    }
    if (st == JH_OK)
        st = jh_schedule_optimise(sc, county, &res, &plan, &err);
    jh_county_free(county);
    free(county);
    county = NULL;
    jh_progress_set(&bar, 1);
    if (st == JH_OK)
        st = jh_cli_name_plan(&plan, sc, &err);
    /* the plan, loaded and measured like any scenario (`junheng run
     * plan.yaml` gives the same figures, data.roads' travel costs included) */
    if (st == JH_OK) {
        st = jh_cli_measure_plan(&after, &plan, &err);
        have_after = st == JH_OK;
    }
    jh_progress_set(&bar, 2);
    if (st == JH_OK) {
        after.schedule = &res;
        sched_ctx c = {{&plan, o->out}, &res};
        jh_output_options opt = {.lang = o->lang, .extra = write_extra, .extra_ctx = &c};
        st = jh_output_write_run(&after, o->out, &opt, &err);
        jh_progress_set(&bar, 3);
    }
    jh_progress_end(&bar);
    if (st == JH_OK) {
        jh_cli_print_warnings(after.county, o->quiet);
        print_schedule(&res);
        jh_cli_print_run(&after);
        printf("plan in %s/plan.yaml, projects in %s/schedule.csv\n", o->out, o->out);
    }
    if (have_after)
        jh_run_result_free(&after);
    jh_schedule_result_free(&res);
    if (have_plan)
        jh_scenario_free(&plan);
    return st == JH_OK ? 0 : jh_cli_fail("optimise", st, &err);
}
