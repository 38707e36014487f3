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
#include "sim/simulation.h"

/* The writers this folder-level API drives, each in its own file; included
 * here so a caller of the folder API has every writer's declaration. */
#include "output/comparison.h"
#include "output/format.h"
#include "output/report_html.h"
#include "output/result_layers.h"
#include "output/summary.h"
#include "output/tables_csv.h"

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
 * out_dir is created (with its parents) or replaced. Every folder written
 * holds .junheng-manifest listing its files; an existing out_dir is
 * replaced only when it is empty or holds nothing but what its manifest
 * lists: a mistyped -o never deletes a folder of other files. While the
 * folder is written, SIGINT, SIGTERM and SIGHUP remove the temporary
 * folder and exit 128 + the signal; temporary folders of earlier killed
 * runs (marked, and no longer locked by a process) are removed. Two runs
 * into one OUT take turns at the swap: the later output replaces the
 * earlier one. opt may be NULL. */
jh_status jh_output_write_run(const jh_run_result *r, const char *out_dir,
                              const jh_output_options *opt, jh_error *err);

/* The same all-or-nothing frame for a command's own files (`junheng
 * sweep`): `fill` writes into the temporary folder, which replaces
 * out_dir only when it (and opt->extra) succeeded. */
jh_status jh_output_write_folder(const char *out_dir,
                                 jh_status (*fill)(const char *dir, const void *arg,
                                                   const jh_output_options *opt, jh_error *err),
                                 const void *arg, const jh_output_options *opt, jh_error *err);

/* Whether out_dir could be written (absent, empty, or a junheng output
 * holding only what its manifest lists), so a command can refuse before
 * its work rather than after it. */
jh_status jh_output_check_target(const char *out_dir, jh_error *err);

/* `junheng compare`: OUT/comparison.csv, OUT/comparison.html and each
 * run's own folder OUT/<scenario name>/ (see jh_output_run_folder_name),
 * all replaced together. */
jh_status jh_output_write_comparison(const jh_run_result *const *runs, size_t n,
                                     const char *out_dir,
                                     const jh_output_options *opt, jh_error *err);

/* The same folder with the runs produced as it is written: get(ctx, i, ...)
 * gives run i (in order, waiting for it as needed; an error stops the
 * whole), written(ctx, i) says that its folder is written, so the caller
 * may free what comparison.csv, .html and .xlsx do not read (they read the
 * yearly metrics and verdicts, the scenario, and r->county only as
 * present). Byte-identical to jh_output_write_comparison. */
typedef jh_status (*jh_comparison_source)(void *ctx, size_t i, const jh_run_result **run,
                                          jh_error *err);
typedef void (*jh_comparison_written)(void *ctx, size_t i);
jh_status jh_output_write_comparison_stream(size_t n, jh_comparison_source get,
                                            jh_comparison_written written, void *ctx,
                                            const char *out_dir, const jh_output_options *opt,
                                            jh_error *err);

/* Name of a scenario's folder inside a comparison: the scenario name with
 * '/', '\\', control characters and a leading '.' replaced by '_'
 * (UTF-8 kept), "scenario-<i+1>" when empty. Writes at most `size` bytes. */
void jh_output_run_folder_name(char *buf, size_t size, const char *name, size_t i);

#endif
