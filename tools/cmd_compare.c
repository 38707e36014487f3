/*
 * junheng compare A.yaml B.yaml ... -o OUT [--jobs N]: runs each scenario
 * and writes them side by side (comparison.csv, comparison.html,
 * comparison.xlsx, and each run's own folder), all or nothing.
 *
 * Scenarios run on a pool of --jobs threads (default: the cores). Loading
 * (scenario file, layers, tables, travel costs) takes one lock, as PROJ's
 * default context and the road reader are not for concurrent use;
 * simulations run side by side. The main thread writes each run's folder
 * in scenario order as soon as it is done and then frees its county,
 * cells and flows (the comparison tables read only the yearly figures), so
 * at most --jobs + 1 counties are held at once. Each run is the same
 * deterministic run whichever thread did it: the files are byte-identical
 * for every --jobs. A failure stops new scenarios from starting; the
 * first failing scenario (in the order given) is the one reported.
 *
 * Scenario files whose county-changing parts are the same (jh_county_parts_key:
 * baseline and rotation variants that differ only in teachers:, say) share
 * one load: the first of them to start loads the county, each takes a copy
 * with its warnings (jh_county_copy_all), and the last one takes the loaded
 * county itself, so it is held only until then. A file whose parts cannot
 * be read loads on its own, as does every one after a shared load failed.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output/output.h"
#include "progress.h"
#include "sim/county_parts.h"
#include "sim/scenario_io.h"

static const char usage[] =
    "usage: junheng compare A.yaml B.yaml ... -o OUT [--jobs N] [--lang zh|en] [--quiet]\n"
    "\n"
    "Runs every scenario and writes OUT/comparison.csv (scenario, year, level,\n"
    "metric, value), OUT/comparison.html, OUT/comparison.xlsx and OUT/<scenario>/\n"
    "for each run.\n"
    "\n"
    "  --jobs N   scenarios run at once (default: the cores); the files do not\n"
    "             depend on it\n";

/* One county shared by the scenarios of a group. */
typedef struct share {
    jh_county *county; /* loaded, not yet taken by the last user */
    size_t left;       /* scenarios of the group that have not loaded yet */
    bool tried;        /* a load was tried (failed when county is NULL) */
} share;

typedef struct pool {
    size_t n;
    long *group;       /* scenario -> its share, -1: loads on its own */
    share *shares;
    const char *const *inputs;
    jh_scenario *sc;
    jh_run_result *runs;
    jh_status *status;
    jh_error *errs;
    bool *done, *loaded;
    size_t next;       /* next scenario to start */
    size_t written;    /* scenarios whose folder is written */
    size_t window;     /* start at most this many past `written` */
    bool stop;
    pthread_mutex_t m, load;
    pthread_cond_t cv;
    jh_progress *bar;
    size_t finished;
} pool;

/* Scenario i and its county (a copy of its group's, when it has one);
 * under the load lock. On failure the scenario is freed. */
static jh_status load(pool *p, size_t i, jh_county **county)
{
    *county = NULL;
    long g = p->group[i];
    if (g < 0)
        return jh_cli_load(p->inputs[i], &p->sc[i], county, &p->errs[i]);
    share *s = &p->shares[g];
    s->left--;
    jh_status st = jh_scenario_load(&p->sc[i], p->inputs[i], &p->errs[i]);
    if (st == JH_OK && !s->tried) {
        s->tried = true;
        st = jh_cli_load_county(&p->sc[i], &s->county, &p->errs[i]);
    }
    if (st == JH_OK && !s->county) /* the shared load failed: as before sharing */
        st = jh_cli_load_county(&p->sc[i], county, &p->errs[i]);
    else if (st == JH_OK && s->left == 0) {
        *county = s->county;
        s->county = NULL;
    } else if (st == JH_OK && !(*county = jh_county_copy_all(s->county))) {
        st = jh_error_set(&p->errs[i], JH_ERR_RUN, "out of memory");
    }
    if (s->left == 0 && s->county) {
        jh_county_free(s->county);
        free(s->county);
        s->county = NULL;
    }
    if (st != JH_OK)
        jh_scenario_free(&p->sc[i]);
    return st;
}

/* Groups the scenario files whose county-changing parts are the same. */
static bool group_inputs(pool *p)
{
    char **key = calloc(p->n + 1, sizeof *key);
    if (!key)
        return false;
    for (size_t i = 0; i < p->n; i++) {
        key[i] = jh_county_parts_key(p->inputs[i]);
        p->group[i] = -1;
    }
    size_t ng = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!key[i] || p->group[i] >= 0)
            continue;
        for (size_t j = i + 1; j < p->n; j++) {
            if (!key[j] || p->group[j] >= 0 || strcmp(key[i], key[j]) != 0)
                continue;
            if (p->group[i] < 0) {
                p->group[i] = (long)ng++;
                p->shares[p->group[i]].left = 1;
            }
            p->group[j] = p->group[i];
            p->shares[p->group[i]].left++;
        }
    }
    for (size_t i = 0; i < p->n; i++)
        free(key[i]);
    free(key);
    return true;
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->m);
    for (;;) {
        while (!p->stop && p->next < p->n && p->next >= p->written + p->window)
            pthread_cond_wait(&p->cv, &p->m);
        if (p->stop || p->next >= p->n)
            break;
        size_t i = p->next++;
        pthread_mutex_unlock(&p->m);

        jh_county *county = NULL;
        pthread_mutex_lock(&p->load);
        jh_status st = load(p, i, &county);
        pthread_mutex_unlock(&p->load);
        bool loaded = st == JH_OK;
        p->sc[i].run_keep = JH_KEEP_WRITERS; /* its folder's writers read no more */
        if (st == JH_OK && (st = jh_simulate(&p->runs[i], &p->sc[i], county, &p->errs[i])) != JH_OK) {
            jh_county_free(county);
            free(county);
        }

        pthread_mutex_lock(&p->m);
        p->status[i] = st;
        p->loaded[i] = loaded;
        p->done[i] = true;
        if (st != JH_OK)
            p->stop = true;
        jh_progress_set(p->bar, ++p->finished);
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->m);
    return NULL;
}

static jh_status get_run(void *ctx, size_t i, const jh_run_result **run, jh_error *err)
{
    pool *p = ctx;
    pthread_mutex_lock(&p->m);
    while (!p->done[i])
        pthread_cond_wait(&p->cv, &p->m);
    jh_status st = p->status[i];
    pthread_mutex_unlock(&p->m);
    if (st != JH_OK) {
        *err = p->errs[i];
        return st;
    }
    *run = &p->runs[i];
    jh_cli_print_run(&p->runs[i]);
    return JH_OK;
}

/* Run i's folder is written: keep what the comparison tables read (the
 * yearly metrics, verdicts, costs, idle premises) and free the rest. */
static void written(void *ctx, size_t i)
{
    pool *p = ctx;
    jh_run_result *r = &p->runs[i];
    for (size_t y = 0; y < r->n_years; y++) {
        free(r->years[y].cells);
        r->years[y].cells = NULL;
        r->years[y].n_cells = 0;
    }
    for (size_t y = 0; r->year_flows && y < r->n_years; y++) {
        free(r->year_flows[y]);
        r->year_flows[y] = NULL;
        if (r->n_year_flows)
            r->n_year_flows[y] = 0;
    }
    free(r->final_flows);
    r->final_flows = NULL;
    r->n_final_flows = 0;
    if (r->county) {
        /* an empty county of the same kind (the summary names km or min) */
        bool has_od = r->county->has_od, minutes = r->county->od.minutes;
        jh_county_free(r->county);
        memset(r->county, 0, sizeof *r->county);
        r->county->has_od = has_od;
        r->county->od.minutes = minutes;
    }
    pthread_mutex_lock(&p->m);
    p->written = i + 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->m);
}

/* --jobs N, -j N */
static int take_jobs(void *ctx, const char *opt, const char *v)
{
    return jh_cli_count("compare", opt, v, 1, 1024, ctx);
}

int jh_cmd_compare(int argc, char **argv)
{
    long jobs = jh_cli_cores();
    static const char *const valued[] = {"--jobs", "-j", NULL};
    jh_cli_options o;
    const jh_cli_spec spec = {.cmd = "compare", .usage = usage, .need_out = true,
                              .valued = valued, .take = take_jobs, .ctx = &jobs};
    int rc = jh_cli_parse(&o, argc, argv, &spec);
    if (rc >= 0) {
        jh_cli_options_free(&o);
        return rc;
    }
    size_t n = o.n_inputs;
    if ((size_t)jobs > n)
        jobs = (long)n;
    pool p = {.n = n, .inputs = o.inputs, .window = (size_t)jobs};
    p.sc = calloc(n + 1, sizeof *p.sc);
    p.runs = calloc(n + 1, sizeof *p.runs);
    p.status = calloc(n + 1, sizeof *p.status);
    p.errs = calloc(n + 1, sizeof *p.errs);
    p.done = calloc(n + 1, sizeof *p.done);
    p.loaded = calloc(n + 1, sizeof *p.loaded);
    p.group = calloc(n + 1, sizeof *p.group);
    p.shares = calloc(n + 1, sizeof *p.shares);
    pthread_t *th = calloc((size_t)jobs + 1, sizeof *th);
    jh_error err = {0};
    jh_status st = p.sc && p.runs && p.status && p.errs && p.done && p.loaded && p.group &&
                           p.shares && th && group_inputs(&p)
                       ? JH_OK : jh_error_set(&err, JH_ERR_RUN, "out of memory");
    long started = 0;
    jh_progress bar;
    jh_progress_begin(&bar, "scenarios", n, o.quiet);
    p.bar = &bar;
    if (st == JH_OK) {
        pthread_mutex_init(&p.m, NULL);
        pthread_mutex_init(&p.load, NULL);
        pthread_cond_init(&p.cv, NULL);
        for (; started < jobs; started++)
            if (pthread_create(&th[started], NULL, worker, &p) != 0)
                break;
        if (started == 0)
            st = jh_error_set(&err, JH_ERR_RUN, "cannot start a thread");
    }
    if (st == JH_OK) {
        jh_output_options opt = {.lang = o.lang};
        st = jh_output_write_comparison_stream(n, get_run, written, &p, o.out, &opt, &err);
        if (st == JH_OK)
            printf("comparison in %s\n", o.out);
    }
    if (started > 0) {
        pthread_mutex_lock(&p.m);
        p.stop = true;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.m);
        for (long t = 0; t < started; t++)
            pthread_join(th[t], NULL);
        pthread_mutex_destroy(&p.m);
        pthread_mutex_destroy(&p.load);
        pthread_cond_destroy(&p.cv);
    }
    jh_progress_end(&bar);
    for (size_t i = 0; i < n && p.done; i++) {
        if (p.done[i] && p.status[i] == JH_OK)
            jh_run_result_free(&p.runs[i]);
        if (p.done[i] && p.loaded[i])
            jh_scenario_free(&p.sc[i]);
    }
    free(p.sc);
    free(p.runs);
    free(p.status);
    free(p.errs);
    free(p.done);
    free(p.loaded);
    for (size_t g = 0; g < n && p.shares; g++) /* left by a failure */
        if (p.shares[g].county) {
            jh_county_free(p.shares[g].county);
            free(p.shares[g].county);
        }
    free(p.group);
    free(p.shares);
    free(th);
    jh_cli_options_free(&o);
    return st == JH_OK ? 0 : jh_cli_fail("compare", st, &err);
}
