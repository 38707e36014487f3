/*
 * comparison_xlsx: comparison.xlsx of `junheng compare` (comparison_xlsx.c).
 */
#ifndef JH_OUTPUT_COMPARISON_XLSX_H
#define JH_OUTPUT_COMPARISON_XLSX_H

#include <stddef.h>

#include "jh_error.h"
#include "sim/simulation.h"

/* Writes the workbook to `path`; lang "en" for English, Chinese otherwise. */
jh_status jh_output_write_comparison_xlsx(const jh_run_result *const *runs, size_t n,
                                          const char *path, const char *lang, jh_error *err);

#endif
