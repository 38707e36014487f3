/*
 * junheng compare A.yaml B.yaml ... -o OUT: runs each scenario and writes
 * them side by side (comparison.csv, comparison.html, comparison.xlsx, and
 * each run's own folder), all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "output/output.h"
#include "progress.h"

static const char usage[] =
    "usage: junheng compare A.yaml B.yaml ... -o OUT [--lang zh|en] [--quiet]\n"
    "\n"
    "Runs every scenario and writes OUT/comparison.csv (scenario, year, level,\n"
    "metric, value), OUT/comparison.html, OUT/comparison.xlsx and OUT/<scenario>/\n"
    "for each run.\n";

int jh_cmd_compare(int argc, char **argv)
{
    jh_cli_options o;
    const jh_cli_spec spec = {.cmd = "compare", .usage = usage, .need_out = true};
    int rc = jh_cli_parse(&o, argc, argv, &spec);
    if (rc >= 0) {
        jh_cli_options_free(&o);
        return rc;
    }
    size_t n = o.n_inputs;
    jh_scenario *sc = calloc(n, sizeof *sc);
    jh_run_result *runs = calloc(n, sizeof *runs);
    const jh_run_result **view = calloc(n, sizeof *view);
    jh_error err = {0};
    jh_status st = sc && runs && view ? JH_OK : jh_error_set(&err, JH_ERR_RUN, "out of memory");
    size_t done = 0, loaded = 0;
    jh_progress bar;
    jh_progress_begin(&bar, "scenarios", n, o.quiet);
    for (size_t i = 0; st == JH_OK && i < n; i++) {
        jh_county *county;
        st = jh_cli_load(o.inputs[i], &sc[i], &county, &err);
        if (st != JH_OK)
            break;
        loaded = i + 1;
        st = jh_simulate(&runs[i], &sc[i], county, &err);
        if (st != JH_OK) {
            jh_county_free(county);
            free(county);
            break;
        }
        view[i] = &runs[i];
        done = i + 1;
        jh_progress_set(&bar, done);
    }
    jh_progress_end(&bar);
    if (st == JH_OK) {
        jh_output_options opt = {.lang = o.lang};
        st = jh_output_write_comparison(view, n, o.out, &opt, &err);
        if (st == JH_OK) {
            for (size_t i = 0; i < n; i++)
                jh_cli_print_run(&runs[i]);
            printf("comparison in %s\n", o.out);
        }
    }
    for (size_t i = 0; i < done; i++)
        jh_run_result_free(&runs[i]);
    for (size_t i = 0; i < loaded; i++)
        jh_scenario_free(&sc[i]);
    free(sc);
    free(runs);
    free(view);
    jh_cli_options_free(&o);
    return st == JH_OK ? 0 : jh_cli_fail("compare", st, &err);
}
