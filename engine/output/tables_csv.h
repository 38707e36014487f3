/*
 * tables_csv: metrics.csv and schools.csv (tables_csv.c).
 */
#ifndef JH_OUTPUT_TABLES_CSV_H
#define JH_OUTPUT_TABLES_CSV_H

#include "jh_error.h"
#include "sim/simulation.h"

/* Each writes one file at `path`. */
jh_status jh_output_write_metrics_csv(const jh_run_result *r, const char *path, jh_error *err);
jh_status jh_output_write_schools_csv(const jh_run_result *r, const char *path, jh_error *err);

#endif
