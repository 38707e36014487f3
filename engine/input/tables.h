/*
 * tables: the optional CSV tables of a county — projections.csv,
 * teachers.csv, od.csv — read against the loaded layers. Their columns
 * may be renamed by the scenario (`data.fields: {teachers: {teacher_id:
 * 教师编号, ...}}`); every missing column of a table is named in one
 * message. The columns are listed in docs/DATA.md.
 */
#ifndef JH_TABLES_H
#define JH_TABLES_H

#include <stdatomic.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* projections.csv: village_id, year, age, population. A (village, year,
 * age) given twice is an error naming both lines. */
jh_status jh_tables_load_projections(jh_county *c, const jh_scenario *sc, const char *path,
                                     const char *villages_file, jh_error *err);
/* The same read against the villages' ids in the layer's order (ids[0..n):
 * what the county's villages will be) instead of c's villages, into c's
 * projection table, counts and warnings: c may be an empty county with
 * n_villages = n (projections_thread.c reads the table so while the
 * layers load). A true *cancel stops the reading at its next row or
 * window (JH_ERR_RUN, what was read to be discarded). The messages are
 * jh_tables_load_projections's for a county of these villages. */
jh_status jh_tables_load_projections_ids(jh_county *c, const char *const *ids, size_t n,
                                         const jh_scenario *sc, const char *path,
                                         const char *villages_file, const atomic_bool *cancel,
                                         jh_error *err);
/* teachers.csv: the roster. A teacher_id given twice is an error naming
 * both lines; a roster with no rows is a warning naming the layer's count.
 * c has no roster yet; the ids go to c->teacher_ids (county.h). */
jh_status jh_tables_load_teachers(jh_county *c, const jh_scenario *sc, const char *path,
                                  const char *schools_file, jh_error *err);
/* od.csv: village_id, school_id, cost (at most JH_MAX_COST). */
jh_status jh_tables_load_od(jh_county *c, const jh_scenario *sc, const char *path,
                            const char *schools_file, const char *villages_file, jh_error *err);

/* The columns of each table, required first: for docs, template and
 * messages. */
extern const char *const jh_teachers_columns[];   /* NULL-terminated */
extern const char *const jh_projections_columns[];
extern const char *const jh_od_columns[];

#endif
