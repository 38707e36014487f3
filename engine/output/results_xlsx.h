/*
 * results_xlsx: results.xlsx, the run's tables for people (results_xlsx.c):
 * sheets 概览/Summary, 差异系数/CVs, 学校/Schools, 干预/Interventions and
 * 教师/Teachers.
 */
#ifndef JH_OUTPUT_RESULTS_XLSX_H
#define JH_OUTPUT_RESULTS_XLSX_H

#include "jh_error.h"
#include "sim/simulation.h"

/* Writes the workbook to `path`; lang "en" for English sheet names and
 * labels, Chinese otherwise (NULL, "zh"). */
jh_status jh_output_write_xlsx(const jh_run_result *r, const char *path, const char *lang,
                               jh_error *err);

#endif
