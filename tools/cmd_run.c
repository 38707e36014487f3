/*
 * junheng run S.yaml -o OUT: simulate one scenario over its horizon and
 * write its outputs (summary.json, metrics.csv, schools.csv, report.html,
 * result layers). OUT is replaced only when everything succeeded.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

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
    const jh_cli_spec spec = {.cmd = "run", .usage = usage, .max_inputs = 1, .need_out = true};
    int rc = jh_cli_parse(&o, argc, argv, &spec);
    if (rc >= 0) {
        jh_cli_options_free(&o);
        return rc;
    }
    jh_error err = {0};
    jh_scenario sc;
    jh_county *county;
    jh_status st = jh_cli_load(o.inputs[0], &sc, &county, &err);
    if (st != JH_OK) {
        jh_cli_options_free(&o);
        return jh_cli_fail("run", st, &err);
    }
    st = jh_cli_run_write(&sc, county, o.out, o.lang, o.quiet, &err);
    if (st == JH_OK)
        printf("outputs in %s\n", o.out);
    jh_scenario_free(&sc);
    jh_cli_options_free(&o);
    return st == JH_OK ? 0 : jh_cli_fail("run", st, &err);
}
