/*
 * output: turns a simulated run (jh_run_result) into the files a planner
 * reads (DESIGN.md, "Outputs (contract)"): summary.json, metrics.csv,
 * schools.csv, report.html and the result Shapefiles.
 *
 * Nothing is ever half-written: every file goes into a fresh folder
 * OUT.tmp-XXXXXX beside OUT, and only when all of them succeeded does that
 * folder take OUT's place (an atomic exchange where the file system allows
 * it). On failure OUT is left exactly as it was and the temporary folder is
 * removed.
 */
#ifndef JH_OUTPUT_H
#define JH_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "jh_error.h"
#include "simulation.h"

typedef struct jh_output_options {
    const char *lang;      /* "zh" (default when NULL) or "en": report labels */
    /* Called with the temporary folder after every run file is written and
     * before it replaces OUT, so a command can add its own files (e.g.
     * `junheng optimise` writes plan.yaml) under the same all-or-nothing
     * rule. May be NULL. An error from it aborts the write. */
    jh_status (*extra)(const char *dir, void *ctx, jh_error *err);
    void *extra_ctx;
} jh_output_options;

/* Writes a run's folder: summary.json, metrics.csv, schools.csv,
 * report.html, schools.shp and assignments.shp (with .shx .dbf .prj .cpg).
 * out_dir is created (with its parents) or replaced. An existing out_dir
 * is replaced only when it is empty or holds a previous junheng output
 * (summary.json or comparison.csv): a mistyped -o never deletes a folder of
 * other files. opt may be NULL. */
jh_status jh_output_write_run(const jh_run_result *r, const char *out_dir,
                              const jh_output_options *opt, jh_error *err);

/* `junheng compare`: OUT/comparison.csv, OUT/comparison.html and each
 * run's own folder OUT/<scenario name>/ (see jh_output_run_folder_name),
 * all replaced together. */
jh_status jh_output_write_comparison(const jh_run_result *const *runs, size_t n,
                                     const char *out_dir,
                                     const jh_output_options *opt, jh_error *err);

/* The individual writers, for callers that manage their own folder. Each
 * writes one file at `path` (the layers: two Shapefiles into `dir`). */
jh_status jh_output_write_summary(const jh_run_result *r, const char *path, jh_error *err);
jh_status jh_output_write_metrics_csv(const jh_run_result *r, const char *path, jh_error *err);
jh_status jh_output_write_schools_csv(const jh_run_result *r, const char *path, jh_error *err);

/* The result layers (result_layers.c): dir/schools.shp (every school with
 * its final-year figures and status) and dir/assignments.shp (a line from
 * each village to its school, from r->final_flows), each with .shx .dbf,
 * .prj (the working CRS, ESRI WKT) and .cpg ("UTF-8"). */
jh_status jh_output_write_layers(const jh_run_result *r, const char *dir, jh_error *err);

/* comparison.csv (scenario,year,level,metric,value) and comparison.html
 * of several runs into an existing folder (comparison.c). lang: NULL or
 * "zh", "en". */
jh_status jh_output_write_comparison_files(const jh_run_result *const *runs, size_t n,
                                           const char *dir, const char *lang, jh_error *err);

/* summary.json as a jansson object (new reference; NULL when out of
 * memory). */
struct json_t;
struct json_t *jh_output_summary_json(const jh_run_result *r);

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

/* Writes one CSV field, quoted per RFC 4180 when it holds a comma, a
 * quote, CR or LF (or leading/trailing space). NULL writes an empty field. */
void jh_csv_field(FILE *f, const char *s);

/* Name of a school status: open, closed, new, candidate. */
const char *jh_output_status_name(jh_school_status s);

/* Name of a scenario's folder inside a comparison: the scenario name with
 * '/', '\\', control characters and a leading '.' replaced by '_'
 * (UTF-8 kept), "scenario-<i+1>" when empty. Writes at most `size` bytes. */
void jh_output_run_folder_name(char *buf, size_t size, const char *name, size_t i);

/* Formats a double the same way everywhere (summary.json uses 15
 * significant digits too): "%.15g", "" for NaN or infinity. */
void jh_output_format_number(char *buf, size_t size, double v);

#endif
