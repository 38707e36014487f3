/*
 * junheng optimise S.yaml -o OUT: proposes which schools to keep for the
 * scenario's `optimise.consolidation` request, writes the proposal as an
 * ordinary scenario (OUT/plan.yaml) and measures it with the same
 * simulation as any other plan (the usual run outputs in OUT, with the
 * optimiser's figures under optimisation.consolidation in summary.json).
 *
 * Steps: simulate up to the request's year to know where the students
 * are; solve; add the proposal to a second copy of the scenario; simulate
 * that plan over the whole horizon; write everything at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "optimise/consolidation.h"
#include "optimise/schedule.h"
#include "input/inputs.h"
#include "travel/roads.h"
#include "output/output.h"
#include "progress.h"
#include "sim/scenario_io.h"

static const char usage[] =
    "usage: junheng optimise S.yaml -o OUT [--lang zh|en] [--quiet]\n"
    "\n"
    "Solves the scenario's optimise.consolidation request (keep: K, close_at_most: N\n"
    "or max_distance_km: D), or its optimise.schedule request (the construction\n"
    "schedule within a budget; OUT/schedule.csv), and writes OUT/plan.yaml, a runnable scenario with the\n"
    "proposal as ordinary interventions, plus the run outputs of that plan.\n";

static void print_proposal(const jh_consolidation_result *k, const jh_scenario *sc)
{
    const jh_consolidation_request *q = &sc->consolidation;
    printf("consolidation of %s schools in %d: keep %zu, close %zu; objective %.6g "
           "(students x travel cost); %.2f s\n",
           jh_level_name(q->level), q->year, k->n_kept, k->n_closed, k->objective, k->seconds);
    if (q->keep > 0 && k->n_kept > (size_t)q->keep)
        printf("  keep %d was asked: only %zu closures leave every student a place within the "
               "schools kept (capacity, size limit, distance), so the plan keeps %zu\n",
               q->keep, k->n_closed, k->n_kept);
    if (k->notes.count > 0)
        printf("  %zu two-level schools the layout closed stay open: their %s students find no %s "
               "school with places (the warnings name them)\n",
               k->notes.count, jh_level_name(q->level == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY),
               jh_level_name(q->level == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY));
    if (k->n_splits > 0) {
        /* never silent: the villages a whole-village plan could not place */
        double moved = 0;
        size_t villages = 0;   /* the parts of a village are consecutive */
        for (size_t i = 0; i < k->n_splits; i++) {
            moved += k->splits[i].part;
            villages += i == 0 || strcmp(k->splits[i].village, k->splits[i - 1].village) != 0;
        }
        fprintf(stderr,
                "note: no plan with every village whole to one school was found for keep %zu: "
                "%zu villages are split (%zu parts: %g students go to a school other than their village's; "
                "summary.json optimisation.consolidation.split_villages, plan.yaml catchment `split`):",
                k->n_kept, villages, k->n_splits, moved);
        for (size_t i = 0; i < k->n_splits && i < 10; i++)
            fprintf(stderr, " %s %g of %g to %s (rest %s)%s", k->splits[i].village, k->splits[i].part,
                    k->splits[i].students, k->splits[i].to, k->splits[i].school,
                    i + 1 < k->n_splits && i < 9 ? ";" : "");
        fprintf(stderr, k->n_splits > 10 ? " ... (%zu in all)\n" : "\n", k->n_splits);
    }
    if (k->n_closed) {
        printf("  close:");
        for (size_t i = 0; i < k->n_closed && i < 30; i++)
            printf(" %s", k->closed[i]);
        printf(k->n_closed > 30 ? " ... (%zu in all)\n" : "\n", k->n_closed);
    }
}

int jh_cmd_optimise(int argc, char **argv)
{
    jh_cli_options o;
    const jh_cli_spec spec = {.cmd = "optimise", .usage = usage, .max_inputs = 1, .need_out = true};
    int rc = jh_cli_parse(&o, argc, argv, &spec);
    if (rc >= 0) {
        jh_cli_options_free(&o);
        return rc;
    }
    jh_error err = {0};
    jh_scenario sc = {0}, plan = {0};
    jh_county *county = NULL;
    jh_run_result before = {0}, after = {0};
    jh_consolidation_result res = {0};
    bool have_plan = false, have_before = false, have_after = false;
    jh_scenario *measured_plan = NULL; /* the plan's run came with the search */
    jh_status st = jh_cli_load(o.inputs[0], &sc, &county, &err);
    if (st != JH_OK) {
        jh_cli_options_free(&o);
        return jh_cli_fail("optimise", st, &err);
    }
    if (sc.schedule.requested) {
        rc = jh_cmd_optimise_schedule(&o, &sc, county);
        jh_scenario_free(&sc);
        jh_cli_options_free(&o);
        return rc;
    }
    const jh_consolidation_request *q = &sc.consolidation;
    /* four stages: where the students are, the search, the plan's run, the outputs */
    jh_progress bar;
    jh_progress_begin(&bar, "optimise", 4, o.quiet);
    if (!q->requested)
        st = jh_error_set(&err, JH_ERR_INPUT, "%s: expected an optimise.consolidation or optimise.schedule block", sc.path);
    else if (q->year < sc.start_year || q->year > sc.end_year)
        st = jh_error_set(&err, JH_ERR_INPUT,
                          "%s: line %ld: optimise.consolidation.year: expected a year within the horizon %d-%d, got %d",
                          sc.path, q->line, sc.start_year, sc.end_year, q->year);
    if (st != JH_OK) {
        jh_county_free(county);
        free(county);
        county = NULL;
    }
    /* The plan's run needs the county as loaded, and the simulation below
     * takes this one over: a copy (warnings too) instead of reading every
     * input again (on a full cost table, most of the run; at 20,000 schools
     * the copy costs ~40 MiB of peak and saves ~1.5 s). The phased
     * search measures its plan itself. */
    jh_county *spare = NULL;
    if (st == JH_OK && !jh_consolidation_is_phased(&sc))
        spare = jh_county_copy_all(county);
    /* where the students are in the request's year */
    if (st == JH_OK) {
        jh_scenario upto = sc;
        upto.end_year = q->year;
        st = jh_simulate(&before, &upto, county, &err);
        if (st == JH_OK)
            have_before = true;
        else {
            jh_county_free(county);
            free(county);
        }
        county = NULL;
    }
    jh_progress_set(&bar, 1);
    if (st == JH_OK) {
        st = jh_scenario_load(&plan, o.inputs[0], &err);
        have_plan = st == JH_OK;
    }
    if (st == JH_OK && jh_consolidation_is_phased(&sc)) {
        /* doing nothing over the whole horizon: the loads every year, and
         * the measure a plan must beat */
        jh_run_result base = {0};
        jh_county *bc = calloc(1, sizeof *bc);
        st = bc ? jh_county_load_travel(bc, &sc, &err) : jh_error_set(&err, JH_ERR_RUN, "out of memory");
        if (st == JH_OK) {
            st = jh_simulate(&base, &sc, bc, &err);
            if (st != JH_OK) {
                jh_county_free(bc);
                free(bc);
            }
        } else
            free(bc);
        if (st == JH_OK) {
            st = jh_consolidation_phased(&sc, before.county, &base, &res, &plan,
                                         jh_progress_enabled(o.quiet), &after, &measured_plan, &err);
            have_after = st == JH_OK && measured_plan != NULL;
            jh_run_result_free(&base);
        }
        res.level = q->level;
        res.year = q->year;
    } else if (st == JH_OK)
        st = jh_consolidation_propose(&sc, before.county, before.final_flows, before.n_final_flows,
                                      &res, &plan, &err);
    jh_progress_set(&bar, 2);
    if (st == JH_OK)
        st = jh_cli_name_plan(&plan, &sc, &err);
    /* the plan, measured like any scenario (unless the search's
     * simulation of it is at hand: the same scenario, the same run) */
    if (st == JH_OK && !have_after) {
        if (spare) {
            st = jh_simulate(&after, &plan, spare, &err);
            if (st != JH_OK) {
                jh_county_free(spare);
                free(spare);
            }
            spare = NULL;
        } else {
            st = jh_cli_measure_plan(&after, &plan, &err);
        }
        have_after = st == JH_OK;
    }
    if (spare) {
        jh_county_free(spare);
        free(spare);
        spare = NULL;
    }
    /* where the request year's students went without the plan, in the
     * plan run's indexes: the report's villages and students that move */
    if (st == JH_OK && have_before && before.n_final_flows) {
        res.before_flows = malloc(before.n_final_flows * sizeof *res.before_flows);
        if (!res.before_flows)
            st = jh_error_set(&err, JH_ERR_RUN, "out of memory");
        for (size_t k = 0; st == JH_OK && k < before.n_final_flows; k++) {
            jh_flow fl = before.final_flows[k];
            const jh_county *bc = before.county;
            if (fl.school >= 0)
                fl.school = jh_county_find_school(after.county, bc->schools[fl.school].id);
            int o = fl.village >= 0
                        ? jh_county_find_village(after.county, bc->villages[fl.village].id)
                        : jh_county_find_school(after.county, bc->schools[-1 - fl.village].id);
            if (o < 0)
                continue; /* not in the plan's county: cannot be compared */
            fl.village = fl.village >= 0 ? o : -1 - o;
            res.before_flows[res.n_before_flows++] = fl;
        }
    }
    if (have_before)
        jh_run_result_free(&before);
    jh_progress_set(&bar, 3);
    if (st == JH_OK) {
        after.has_consolidation = true;
        after.consolidation = res;
        memset(&res, 0, sizeof res);
        /* the schools kept because their other level found no places:
         * with the run's warnings (summary.json, the console) */
        for (size_t k = 0; after.county && k < after.consolidation.notes.count; k++)
            jh_warnings_add(&after.county->warnings, "%s", after.consolidation.notes.items[k]);
        jh_cli_plan_ctx pc = {&plan, o.out};
        jh_output_options opt = {.lang = o.lang, .extra = jh_cli_write_plan_yaml, .extra_ctx = &pc};
        st = jh_output_write_run(&after, o.out, &opt, &err);
        jh_progress_set(&bar, 4);
    }
    jh_progress_end(&bar);
    if (st == JH_OK) {
        jh_cli_print_warnings(after.county, o.quiet);
        print_proposal(&after.consolidation, &sc);
        jh_cli_print_run(&after);
        printf("plan in %s/plan.yaml\n", o.out);
    }
    if (have_after)
        jh_run_result_free(&after);
    if (measured_plan) {
        jh_scenario_free(measured_plan);
        free(measured_plan);
    }
    jh_consolidation_result_free(&res);
    if (have_plan)
        jh_scenario_free(&plan);
    jh_scenario_free(&sc);
    jh_cli_options_free(&o);
    return st == JH_OK ? 0 : jh_cli_fail("optimise", st, &err);
}
