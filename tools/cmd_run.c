/*
 * junheng run S.yaml -o OUT: simulate one scenario over its horizon and
 * write its outputs (summary.json, metrics.csv, schools.csv, report.html,
 * result layers). OUT is replaced only when everything succeeded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "output/output.h"

static const char usage[] =
    "usage: junheng run S.yaml -o OUT [--lang zh|en] [--quiet]\n"
    "\n"
    "Simulates the scenario year by year and writes into OUT (created, and\n"
    "replaced only when the run succeeds): summary.json, metrics.csv,\n"
    "schools.csv, report.html, schools.shp and assignments.shp.\n"
    "  -o OUT       output folder (required)\n"
    "  --lang L     report labels: zh (default) or en\n"
    "  --quiet      no warnings or progress on stderr\n";

int jh_cmd_run(int argc, char **argv)
{
    jh_cli_options o;
    int rc = jh_cli_parse(&o, argc, argv, "run", usage, 1);
    if (rc >= 0) {
        jh_cli_options_free(&o);
        return rc;
    }
    if (!o.out) {
        fprintf(stderr, "junheng run: -o OUT is required\n\n%s", usage);
        jh_cli_options_free(&o);
        return 2;
    }
    {
        /* refuse a folder that may not be replaced before doing the work */
        jh_error terr = {0};
        jh_status tst = jh_output_check_target(o.out, &terr);
        if (tst != JH_OK) {
            jh_cli_options_free(&o);
            return jh_cli_fail("run", tst, &terr);
        }
    }
    jh_error err = {0};
    jh_scenario sc;
    jh_county *county;
    jh_status st = jh_cli_load(o.inputs[0], &sc, &county, &err);
    if (st != JH_OK) {
        jh_cli_options_free(&o);
        return jh_cli_fail("run", st, &err);
    }
    jh_run_result r;
    st = jh_simulate(&r, &sc, county, &err);
    if (st != JH_OK) {
        jh_county_free(county);
        free(county);
    } else {
        jh_output_options opt = {.lang = o.lang};
        st = jh_output_write_run(&r, o.out, &opt, &err);
        if (st == JH_OK) {
            jh_cli_print_warnings(r.county, o.quiet);
            jh_cli_print_run(&r);
            printf("outputs in %s\n", o.out);
        }
        jh_run_result_free(&r);
    }
    jh_scenario_free(&sc);
    jh_cli_options_free(&o);
    return st == JH_OK ? 0 : jh_cli_fail("run", st, &err);
}
