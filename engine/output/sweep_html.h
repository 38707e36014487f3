/*
 * sweep_html: OUT/sweep.html of `junheng sweep`: per scenario the share of
 * variants passing each standard by year, and fan charts (p5, p10, p50,
 * p90, p95 by year) of the quality CV mean, large classes, students and
 * the construction cost to date.
 */
#ifndef JH_SWEEP_HTML_H
#define JH_SWEEP_HTML_H

#include <stdbool.h>

#include "jh_error.h"
#include "sim/sweep.h"

jh_status jh_output_sweep_html(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                               bool en, jh_error *err);

#endif
