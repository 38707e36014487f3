/*
 * students_csv: students.csv, where every student of every year comes from
 * and where they are (students_csv.c).
 */
#ifndef JH_OUTPUT_STUDENTS_CSV_H
#define JH_OUTPUT_STUDENTS_CSV_H

#include "jh_error.h"
#include "sim/simulation.h"

/* One row per year, origin, school and grade: year, origin (a village id,
 * or "site:SCHOOL" for students whose village is unknown), origin_area,
 * school_id (empty: unplaced), school_area, grade (1..9), students. */
jh_status jh_output_write_students_csv(const jh_run_result *r, const char *path, jh_error *err);

#endif
