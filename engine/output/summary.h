/*
 * summary: summary.json and the metric rows flattened from it (summary.c).
 */
#ifndef JH_OUTPUT_SUMMARY_H
#define JH_OUTPUT_SUMMARY_H

#include "jh_error.h"
#include "sim/simulation.h"

struct json_t;
/* summary.json as a jansson object (new reference; NULL when out of
 * memory). */
struct json_t *jh_output_summary_json(const jh_run_result *r);

jh_status jh_output_write_summary(const jh_run_result *r, const char *path, jh_error *err);

/*
 * The rows of metrics.csv, one per year, level and metric, handed to `row`
 * in a fixed order. The level is "primary", "junior", or "all" for
 * county-wide figures (teachers, cost, schools closed and built). Metric
 * names are the dotted paths of summary.json's level objects
 * (quality.cv.backbone_per100, quality.pass, students, ...); `value` is the
 * number as text ("1"/"0" for booleans, "" for null). comparison.csv uses
 * the same rows. Stops at, and returns, the first error `row` returns.
 */
typedef jh_status (*jh_metric_row_fn)(void *ctx, int year, const char *level,
                                      const char *metric, const char *value,
                                      jh_error *err);
jh_status jh_output_foreach_metric(const jh_run_result *r, jh_metric_row_fn row,
                                   void *ctx, jh_error *err);

#endif
