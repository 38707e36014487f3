/*
 * comparison: comparison.csv and comparison.html (comparison.c).
 */
#ifndef JH_OUTPUT_COMPARISON_H
#define JH_OUTPUT_COMPARISON_H

#include "jh_error.h"
#include "sim/simulation.h"

#include <stddef.h>

/* comparison.csv (scenario,year,level,metric,value) and comparison.html
 * of several runs into an existing folder (comparison.c). lang: NULL or
 * "zh", "en". */
jh_status jh_output_write_comparison_files(const jh_run_result *const *runs, size_t n,
                                           const char *dir, const char *lang, jh_error *err);

#endif
