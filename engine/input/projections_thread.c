/*
 * projections_thread.c: projections.csv on a second thread (see
 * projections_thread.h). The thread touches nothing of the loader's but
 * the ids it reads (never written while it runs) and the scenario (read
 * only); it uses no PROJ (crs.c runs in PROJ's default context).
 */
#include "input/projections_thread.h"
#include "input/tables.h"
#include "jh_array.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct jh_projections_job {
    const char **ids;
    size_t n;
    const jh_scenario *sc;
    char *villages_file;
    jh_county c;        /* its table, counts and warnings */
    jh_error err;
    jh_status st;
    atomic_bool cancel;
    bool threaded;      /* a thread runs read() */
    bool done;          /* read() has run */
    pthread_t th;
};

static void read_table(jh_projections_job *j)
{
    j->st = jh_tables_load_projections_ids(&j->c, j->ids, j->n, j->sc, j->sc->projections_path,
                                           j->villages_file, &j->cancel, &j->err);
    j->done = true;
}

static void *run(void *arg)
{
    read_table(arg);
    return NULL;
}

static void job_free(jh_projections_job *j)
{
    jh_projection_table_free(&j->c.proj);
    jh_warnings_free(&j->c.warnings);
    free(j->ids);
    free(j->villages_file);
    free(j);
}

jh_status jh_projections_start(jh_projections_job **out, const char **ids, size_t n,
                               const jh_scenario *sc, const char *villages_file,
                               jh_error *err)
{
    *out = NULL;
    jh_projections_job *j = calloc(1, sizeof *j);
    if (!j) {
        free(ids);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    j->ids = ids;
    j->villages_file = strdup(villages_file);
    if (!j->villages_file) {
        job_free(j);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    j->n = n;
    j->sc = sc;
    j->c.n_villages = n;
    atomic_init(&j->cancel, false);
    j->threaded = pthread_create(&j->th, NULL, run, j) == 0;
    *out = j;
    return JH_OK;
}

static void wait_for(jh_projections_job *j)
{
    if (j->threaded)
        pthread_join(j->th, NULL);
    j->threaded = false;
}

jh_status jh_projections_finish(jh_projections_job *j, jh_county *c, jh_error *err)
{
    wait_for(j);
    if (!j->done)
        read_table(j); /* no thread could be started */
    jh_status st = j->st;
    if (st != JH_OK) {
        if (err)
            *err = j->err;
    } else {
        jh_projection_table_free(&c->proj);
        c->proj = j->c.proj;
        memset(&j->c.proj, 0, sizeof j->c.proj);
        c->n_projections = j->c.n_projections;
        c->has_projections = j->c.has_projections;
        /* the thread's warnings (already escaped) moved after c's own */
        jh_warnings *w = &j->c.warnings;
        for (size_t i = 0; i < w->count; i++) {
            char **items = jh_array_grow(c->warnings.items, c->warnings.count,
                                         &c->warnings.capacity, sizeof *items, 16);
            if (!items)
                break; /* as jh_warnings_add: a warning lost to memory exhaustion */
            c->warnings.items = items;
            c->warnings.items[c->warnings.count++] = w->items[i];
            w->items[i] = NULL;
        }
    }
    job_free(j);
    return st;
}

void jh_projections_cancel(jh_projections_job *j)
{
    if (!j)
        return;
    atomic_store(&j->cancel, true);
    wait_for(j);
    job_free(j);
}
