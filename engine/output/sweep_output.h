/*
 * sweep_output: the files of `junheng sweep` (README, "Sweeps and Monte
 * Carlo"): sweep.csv, one row per variant with its inputs and final-year
 * outcomes, and summary.json, per scenario (and per grid point when the
 * grid is sampled) the share of variants passing each standard by year and
 * the quantiles of the key figures by year; and sweep.html, their charts
 * (sweep_html.h), labelled in `lang` (zh when NULL, or en).
 */
#ifndef JH_SWEEP_OUTPUT_H
#define JH_SWEEP_OUTPUT_H

#include "jh_error.h"
#include "sim/sweep.h"

/* Writes OUT (all or nothing, as every output folder). rows[v] is
 * variant v's outcome. */
jh_status jh_output_write_sweep(const jh_sweep *s, const jh_sweep_row *rows, const char *out_dir,
                                const char *lang, jh_error *err);

/* The two files, into an existing folder. */
jh_status jh_output_sweep_csv(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                              jh_error *err);
jh_status jh_output_sweep_summary(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                                  jh_error *err);

#endif
