/*
 * tables: the optional CSV tables of a county — projections.csv,
 * teachers.csv, od.csv — read against the loaded layers. Their columns
 * may be renamed by the scenario (`data.fields: {teachers: {teacher_id:
 * 教师编号, ...}}`); every missing column of a table is named in one
 * message. The columns are listed in docs/DATA.md.
 */
#ifndef JH_TABLES_H
#define JH_TABLES_H

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* projections.csv: village_id, year, age, population. A (village, year,
 * age) given twice is an error naming both lines. */
jh_status jh_tables_load_projections(jh_county *c, const jh_scenario *sc, const char *path,
                                     const char *villages_file, jh_error *err);
/* teachers.csv: the roster. A teacher_id given twice is an error naming
 * both lines; a roster with no rows is a warning naming the layer's count. */
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
