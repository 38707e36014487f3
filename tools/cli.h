/*
 * cli: the `junheng` subcommands. Each returns the process exit status:
 * 0 success, 1 failure while running, 2 bad usage or bad input.
 */
#ifndef JH_CLI_H
#define JH_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"
#include "sim/simulation.h"

int jh_cmd_validate(int argc, char **argv);
int jh_cmd_run(int argc, char **argv);
int jh_cmd_compare(int argc, char **argv);
int jh_cmd_optimise(int argc, char **argv);
int jh_cmd_generate(int argc, char **argv);
int jh_cmd_template(int argc, char **argv);
int jh_cmd_sweep(int argc, char **argv);
int jh_cmd_travel(int argc, char **argv);

/* validate's road-network summary (nothing when data.roads is not given). */
void jh_cli_print_roads(const jh_county *c);

/* Options shared by run, compare, optimise and sweep. */
typedef struct jh_cli_options {
    const char **inputs;   /* scenario files */
    size_t n_inputs;
    const char *out;       /* -o OUT */
    const char *lang;      /* --lang zh|en, NULL = zh */
    bool quiet;            /* --quiet: no progress */
} jh_cli_options;

/* What a command reads besides the shared options. */
typedef struct jh_cli_spec {
    const char *cmd;        /* "run": the name in messages */
    const char *usage;      /* printed by --help and after a usage error */
    size_t max_inputs;      /* 0 = any number >= 1 */
    const char *input;      /* what an input is: NULL = "scenario file" */
    /* -o OUT is required, and refused before any work when it names a
     * folder that may not be replaced (jh_output_check_target) */
    bool need_out;
    /* The command's own options that take a value (NULL-terminated; may be
     * NULL), each handed to take with its value: take returns -1 to go on,
     * or the exit status (after printing why). */
    const char *const *valued;
    int (*take)(void *ctx, const char *opt, const char *value);
    void *ctx;
} jh_cli_spec;

/* Parses argv (argv[0] is the command name). Returns -1 to go on, or the
 * exit status to return at once (0 after --help/--version, 2 bad usage or
 * an OUT that may not be replaced). Free with jh_cli_options_free (also
 * after a status). */
int jh_cli_parse(jh_cli_options *o, int argc, char **argv, const jh_cli_spec *spec);
void jh_cli_options_free(jh_cli_options *o);
/* A whole-number option's value (--jobs N, --variant V) from lo to hi:
 * -1 to go on with *out set, or 2 after printing "junheng CMD: OPT:
 * expected ..." (a jh_cli_spec take callback's answer). */
int jh_cli_count(const char *cmd, const char *opt, const char *v, long lo, long hi, long *out);
/* The default of --jobs: the cores this process may run on (its CPU
 * affinity, so a rank that mpirun binds to one core counts one), at
 * least 1. */
long jh_cli_cores(void);

/* Loads a scenario and its county (heap-allocated, for jh_simulate). On
 * error nothing is left allocated. */
jh_status jh_cli_load(const char *path, jh_scenario *sc, jh_county **county, jh_error *err);
/* Its county half: the scenario's county with its road network
 * (jh_county_load_travel), allocated; *county NULL on failure. */
jh_status jh_cli_load_county(const jh_scenario *sc, jh_county **county, jh_error *err);

/* Prints "junheng CMD: message" on stderr; returns the exit status. */
int jh_cli_fail(const char *cmd, jh_status st, const jh_error *err);

/* Simulates sc on county (taken over), writes the run's folder into out
 * (lang: report labels) and prints the county's warnings (unless quiet)
 * and the run's summary. */
jh_status jh_cli_run_write(const jh_scenario *sc, jh_county *county, const char *out,
                           const char *lang, bool quiet, jh_error *err);

/* An optimiser's plan (a second copy of sc): named "<sc's name>-plan". */
jh_status jh_cli_name_plan(jh_scenario *plan, const jh_scenario *sc, jh_error *err);
/* Measures an optimiser's plan as a scenario of its own: loads its county
 * with data.roads' travel costs, as `junheng run` does, and simulates it
 * into *after. */
jh_status jh_cli_measure_plan(jh_run_result *after, const jh_scenario *plan, jh_error *err);
/* Writes plan as DIR/plan.yaml (paths relative to out): the extra files'
 * callback of optimise and optimise.schedule, ctx a jh_cli_plan_ctx. */
typedef struct jh_cli_plan_ctx {
    const jh_scenario *plan;
    const char *out;
} jh_cli_plan_ctx;
jh_status jh_cli_write_plan_yaml(const char *dir, void *ctx, jh_error *err);

/* junheng optimise with optimise.schedule (cmd_optimise_schedule.c):
 * takes over `county`; returns the exit status. */
int jh_cmd_optimise_schedule(const jh_cli_options *o, jh_scenario *sc, jh_county *county);

void jh_cli_print_warnings(const jh_county *c, bool quiet);
/* A short human summary of a run on stdout. */
void jh_cli_print_run(const jh_run_result *r);

#endif
