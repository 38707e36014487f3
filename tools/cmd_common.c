/*
 * cmd_common: what every subcommand does the same way — read its options,
 * load a scenario and its county, print an error and turn a status into the
 * exit code (0 success, 1 failure while running, 2 bad usage or input).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input/inputs.h"
#include "output/output.h"
#include "travel/roads.h"
#include "sim/scenario_io.h"

int jh_cli_fail(const char *cmd, jh_status st, const jh_error *err)
{
    fprintf(stderr, "junheng %s: %s\n", cmd, err->message[0] ? err->message : "failed");
    return st == JH_ERR_INPUT ? 2 : 1;
}

static bool is_valued(const jh_cli_spec *spec, const char *a)
{
    for (const char *const *v = spec->valued; v && *v; v++)
        if (strcmp(a, *v) == 0)
            return true;
    return false;
}

int jh_cli_parse(jh_cli_options *o, int argc, char **argv, const jh_cli_spec *spec)
{
    const char *cmd = spec->cmd, *usage = spec->usage;
    const char *input = spec->input ? spec->input : "scenario file";
    size_t max_inputs = spec->max_inputs;
    memset(o, 0, sizeof *o);
    o->inputs = calloc((size_t)argc + 1, sizeof *o->inputs);
    if (!o->inputs) {
        fprintf(stderr, "junheng %s: out of memory\n", cmd);
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("junheng %s\n", JH_VERSION);
            return 0;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = true;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0 || strcmp(a, "--lang") == 0 ||
                   is_valued(spec, a)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "junheng %s: %s needs a value\n\n%s", cmd, a, usage);
                return 2;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--lang") == 0) {
                if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0) {
                    fprintf(stderr, "junheng %s: --lang: expected zh or en, got '%s'\n", cmd, v);
                    return 2;
                }
                o->lang = v;
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) {
                o->out = v;
            } else {
                int rc = spec->take(spec->ctx, a, v);
                if (rc >= 0)
                    return rc;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "junheng %s: unknown option '%s'\n\n%s", cmd, a, usage);
            return 2;
        } else {
            o->inputs[o->n_inputs++] = a;
        }
    }
    if (o->n_inputs == 0 || (max_inputs && o->n_inputs > max_inputs)) {
        fprintf(stderr, "junheng %s: expected %s %s%s\n\n%s", cmd,
                max_inputs == 1 ? "one" : "at least one", input, max_inputs == 1 ? "" : "s", usage);
        return 2;
    }
    if (spec->need_out) {
        if (!o->out) {
            fprintf(stderr, "junheng %s: -o OUT is required\n\n%s", cmd, usage);
            return 2;
        }
        /* refuse a folder that may not be replaced before doing the work */
        jh_error err = {0};
        jh_status st = jh_output_check_target(o->out, &err);
        if (st != JH_OK)
            return jh_cli_fail(cmd, st, &err);
    }
    return -1;
}

void jh_cli_options_free(jh_cli_options *o)
{
    free(o->inputs);
    memset(o, 0, sizeof *o);
}

jh_status jh_cli_load_county(const jh_scenario *sc, jh_county **county, jh_error *err)
{
    *county = NULL;
    jh_county *c = calloc(1, sizeof *c);
    if (!c)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = jh_county_load_travel(c, sc, err);
    if (st != JH_OK) {
        jh_county_free(c);
        free(c);
        return st;
    }
    *county = c;
    return JH_OK;
}

jh_status jh_cli_load(const char *path, jh_scenario *sc, jh_county **county, jh_error *err)
{
    *county = NULL;
    jh_status st = jh_scenario_load(sc, path, err);
    if (st == JH_OK && (st = jh_cli_load_county(sc, county, err)) != JH_OK)
        jh_scenario_free(sc);
    return st;
}

jh_status jh_cli_run_write(const jh_scenario *sc, jh_county *county, const char *out,
                           const char *lang, bool quiet, jh_error *err)
{
    jh_run_result r;
    jh_scenario keep = *sc; /* the same scenario, keeping what the writers read */
    keep.run_keep = JH_KEEP_WRITERS;
    jh_status st = jh_simulate(&r, &keep, county, err);
    if (st != JH_OK) {
        jh_county_free(county);
        free(county);
        return st;
    }
    jh_output_options opt = {.lang = lang};
    st = jh_output_write_run(&r, out, &opt, err);
    if (st == JH_OK) {
        jh_cli_print_warnings(r.county, quiet);
        if (!quiet && r.rotation_plan[0])
            fprintf(stderr, "note: %s\n", r.rotation_plan);
        jh_cli_print_run(&r);
    }
    jh_run_result_free(&r);
    return st;
}

jh_status jh_cli_name_plan(jh_scenario *plan, const jh_scenario *sc, jh_error *err)
{
    size_t len = strlen(sc->name) + 6;
    char *name = malloc(len);
    if (!name)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    snprintf(name, len, "%s-plan", sc->name);
    free(plan->name);
    plan->name = name;
    return JH_OK;
}

jh_status jh_cli_measure_plan(jh_run_result *after, const jh_scenario *plan, jh_error *err)
{
    jh_county *county = calloc(1, sizeof *county);
    if (!county)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    /* as `junheng run plan.yaml` loads it: with data.roads' travel costs */
    jh_status st = jh_county_load_travel(county, plan, err);
    if (st == JH_OK)
        st = jh_simulate(after, plan, county, err);
    if (st != JH_OK) {
        jh_county_free(county);
        free(county);
    }
    return st;
}

jh_status jh_cli_write_plan_yaml(const char *dir, void *ctx, jh_error *err)
{
    const jh_cli_plan_ctx *pc = ctx;
    char path[4096];
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    return jh_scenario_write(pc->plan, path, pc->out, err);
}

void jh_cli_print_warnings(const jh_county *c, bool quiet)
{
    if (quiet || c->warnings.count == 0)
        return;
    size_t shown = c->warnings.count < 100 ? c->warnings.count : 100;
    for (size_t i = 0; i < shown; i++)
        fprintf(stderr, "warning: %s\n", c->warnings.items[i]);
    if (shown < c->warnings.count)
        fprintf(stderr, "warning: ... and %zu more\n", c->warnings.count - shown);
}

/* "holds from 2027 (first 2025)", "fails in the final year (first 2025)",
 * "never within the horizon". */
static void print_verdict_years(const char *label, const jh_run_result *r, int l, int sd)
{
    int from = r->pass_from_year[l][sd], first = r->first_pass_year[l][sd];
    if (from)
        printf("  %-24s passes and holds from %d (first pass %d)\n", label, from, first);
    else if (first)
        printf("  %-24s fails in the final year (first pass %d)\n", label, first);
    else
        printf("  %-24s never passes within the horizon\n", label);
}

static void print_verdict(const char *label, bool pass, const char *reasons)
{
    if (pass || !reasons[0])
        printf("  %-24s %s\n", label, pass ? "pass" : "fail");
    else
        printf("  %-24s fail: %s\n", label, reasons);
}

void jh_cli_print_run(const jh_run_result *r)
{
    const jh_scenario *sc = r->scenario;
    const jh_year_result *last = &r->years[r->n_years - 1];
    char buf[2048];
    printf("scenario %s, %d-%d\n", sc->name, sc->start_year, sc->end_year);
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_level_metrics *m = &last->metrics.level[l];
        if (m->students == 0 && m->unplaced_students == 0) {
            printf("%s in %d: no students\n", jh_level_name((jh_level)l), last->year);
            continue;
        }
        printf("%s in %d: %ld students at %d schools (%d of %d counted comply), "
               "%d large and %d super-large classes, %ld unplaced, mean trip %.2f %s\n",
               jh_level_name((jh_level)l), last->year, m->students, m->schools,
               m->schools_compliant, m->schools_counted, m->large_classes,
               m->super_large_classes, m->unplaced_students, m->mean_distance_km,
               r->county->has_od && r->county->od.minutes ? "min" : "km");
        printf("  %d of %d classes over the standard size of %d (%ld students); %d classrooms "
               "needed to run every grade at it\n",
               m->classes_over_standard, m->classes, sc->rules.class_size[l],
               m->students_over_standard, m->classrooms_needed);
        printf("  quality CV mean %.3f, basic CV mean %.3f\n", m->quality.cv_mean,
               m->basic.cv_mean);
        print_verdict("quality (resources):", m->quality.pass,
                      jh_metrics_fail_reasons(m, JH_STANDARD_QUALITY, buf, sizeof buf));
        print_verdict("guarantee:", m->guarantee.pass,
                      jh_metrics_guarantee_reasons(&m->guarantee, buf, sizeof buf));
        print_verdict("basic:", m->basic.pass,
                      jh_metrics_fail_reasons(m, JH_STANDARD_BASIC, buf, sizeof buf));
        print_verdict_years("quality (resources):", r, l, JH_STANDARD_QUALITY);
        print_verdict_years("basic:", r, l, JH_STANDARD_BASIC);
    }
    const jh_county_verdict *cv = &last->county;
    printf("county in %d (both levels): basic %s; quality %s (resources %s, guarantee %s, "
           "education quality %s, social recognition %s)\n",
           last->year, cv->basic ? "pass" : "fail", cv->quality ? "pass" : "fail",
           cv->resources ? "pass" : "fail", cv->guarantee ? "pass" : "fail",
           !cv->quality_assessed ? "not assessed" : cv->education_quality ? "pass" : "fail",
           !cv->satisfaction_assessed ? "not assessed" : cv->satisfaction ? "pass" : "fail");
    print_verdict_years("county quality:", r, JH_VERDICT_COUNTY, JH_STANDARD_QUALITY);
    print_verdict_years("county basic:", r, JH_VERDICT_COUNTY, JH_STANDARD_BASIC);
    if (r->plan_warnings.count)
        printf("the plan breaks limits: %zu warnings (schools over the size limit or capacity; "
               "see the report)\n",
               r->plan_warnings.count);
    printf("construction cost %.0f wan yuan over the horizon\n", r->total_cost_wan);
}

long jh_cli_cores(void)
{
    cpu_set_t set;
    long n = 0;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
    if (n < 1)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n;
}

int jh_cli_count(const char *cmd, const char *opt, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) {
        fprintf(stderr, "junheng %s: %s: expected a whole number from %ld to %ld, got '%s'\n", cmd,
                opt, lo, hi, v);
        return 2;
    }
    *out = n;
    return -1;
}
