/*
 * projections_thread: projections.csv read on a second thread while the
 * layers load (issue 18, item 6). The table is read against the villages
 * layer's ids in their order (jh_tables_load_projections_ids), which are
 * the county's villages once the layer is read, into a county of its own;
 * the loader takes the result where it read the table before
 * (jh_projections_finish), so the county, its warnings and every message
 * are those of the sequential reading: an error in a layer or anywhere
 * before the tables is reported first, the table's own after. Nothing
 * depends on which thread finishes first.
 */
#ifndef JH_PROJECTIONS_THREAD_H
#define JH_PROJECTIONS_THREAD_H

#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

typedef struct jh_projections_job jh_projections_job;

/* Starts reading sc->projections_path against ids[0..n). The array (a
 * malloc'd one) is the job's from here on, freed with it, also when the
 * start fails; the strings must stay until finish or cancel. When no
 * thread can be started the reading is left to jh_projections_finish.
 * JH_ERR_RUN when out of memory. */
jh_status jh_projections_start(jh_projections_job **out, const char **ids, size_t n,
                               const jh_scenario *sc, const char *villages_file,
                               jh_error *err);
/* Waits for the reading and moves its table, counts and warnings (after
 * c's own) into c; its error, if any, into err. Frees the job. */
jh_status jh_projections_finish(jh_projections_job *job, jh_county *c, jh_error *err);
/* Stops the reading, waits for the thread and discards what it read.
 * NULL does nothing. */
void jh_projections_cancel(jh_projections_job *job);

#endif
