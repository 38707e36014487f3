/*
 * xlsx_common: what the workbooks share (results_xlsx.c, comparison_xlsx.c):
 * the workbook with its fixed properties and cell formats, the header row,
 * number and yes/no cells, the run's metric rows kept for look-up, and the
 * 概览 / Summary sheet (one row per year and level).
 */
#ifndef JH_OUTPUT_XLSX_COMMON_H
#define JH_OUTPUT_XLSX_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "jh_error.h"
#include "sim/simulation.h"

/* The cell formats: counts as integers, CVs with 4 decimals, money (万元)
 * with 2, distances with 2, other reals with 1. */
typedef struct jh_xlsx_fmts {
    lxw_format *head, *integer, *dec1, *dec2, *cv, *money, *text, *red, *green;
    /* set by jh_xlsx_sheet when a sheet could not be made (its temporary
     * file): jh_xlsx_close then fails rather than write a workbook short of
     * a sheet. Points at `lost` below. */
    bool *sheet_lost;
    bool lost;
} jh_xlsx_fmts;

/* A new workbook at `path` with a fixed creation time (two runs of one
 * scenario give the same bytes) and the formats; NULL with the error set. */
lxw_workbook *jh_xlsx_open(const char *path, const char *title, jh_xlsx_fmts *f,
                           jh_error *err);
/* A new sheet; NULL (and the workbook marked as failed) when it cannot be
 * made. */
lxw_worksheet *jh_xlsx_sheet(lxw_workbook *wb, const char *name, const jh_xlsx_fmts *f);
/* Closes the workbook; `st` is what writing it gave (kept when not JH_OK);
 * a sheet that could not be made fails it. */
jh_status jh_xlsx_close(lxw_workbook *wb, const jh_xlsx_fmts *f, const char *path, jh_status st,
                        jh_error *err);

/* Bold header row, frozen, of n labels. */
void jh_xlsx_header(lxw_worksheet *ws, const char *const *labels, int n, double height,
                    const jh_xlsx_fmts *f);
/* A number, or nothing when v is NaN or infinite. */
void jh_xlsx_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt);
/* 是/否 (yes/no) in green or red; nothing for NaN. */
void jh_xlsx_yesno(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, bool en,
                   const jh_xlsx_fmts *f);
/* A text cell (a string cell: Excel never evaluates it); NULL writes "". */
void jh_xlsx_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  const jh_xlsx_fmts *f);

/* The run's metric rows (jh_output_foreach_metric) kept for look-up. */
typedef struct jh_xlsx_metric {
    int year;
    char level[8];
    char *metric;
    double value; /* NAN when empty or text */
} jh_xlsx_metric;

typedef struct jh_xlsx_metrics {
    jh_xlsx_metric *rows;
    size_t n, cap;
} jh_xlsx_metrics;

jh_status jh_xlsx_metrics_load(jh_xlsx_metrics *t, const jh_run_result *r, jh_error *err);
void jh_xlsx_metrics_free(jh_xlsx_metrics *t);
/* The value of (year, level, metric); NAN when absent. */
double jh_xlsx_metric_get(const jh_xlsx_metrics *t, int year, const char *level,
                          const char *metric);

/* The 概览 / Summary sheet, named `name` (NULL: 概览 or Summary). */
void jh_xlsx_summary_sheet(lxw_workbook *wb, const char *name, const jh_run_result *r,
                           const jh_xlsx_metrics *t, bool en, const jh_xlsx_fmts *f);

#endif
