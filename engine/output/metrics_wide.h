/*
 * metrics_wide: metrics_wide.csv, metrics.csv pivoted (metrics_wide.c).
 */
#ifndef JH_OUTPUT_METRICS_WIDE_H
#define JH_OUTPUT_METRICS_WIDE_H

#include "jh_error.h"
#include "sim/simulation.h"

jh_status jh_output_write_metrics_wide_csv(const jh_run_result *r, const char *path,
                                           jh_error *err);

#endif
