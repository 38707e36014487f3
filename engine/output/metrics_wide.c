/*
 * metrics_wide: metrics_wide.csv, the figures of metrics.csv pivoted for a
 * spreadsheet: one row per year and level (primary, junior, then `all` for
 * the county-wide figures: teachers, verdicts, cost), one column per metric
 * in metrics.csv's order; a metric a row does not have is an empty cell.
 * Counts stay integers, CVs, Gini and Theil indices have 6 decimals, other
 * numbers 6 significant digits (as metrics.csv). UTF-8 without a BOM.
 */
#include "output/metrics_wide.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "output/format.h"
#include "output/summary.h"

typedef struct wide_row {
    int year;
    char level[8];
    char **cells; /* one per column (grown with the columns), NULL: empty */
} wide_row;

typedef struct wide {
    char **cols;
    size_t n_cols, cap_cols;
    wide_row *rows;
    size_t n_rows, cap_rows;
} wide;

/* Whether a metric is an inequality index (a segment cv, cv_mean,
 * cv_limit, gini or theil*): shown with 6 decimals. */
static bool is_index(const char *metric)
{
    static const char *const segs[] = {"cv", "cv_mean", "cv_limit", "gini", "theil",
                                       "theil_between", "theil_within"};
    for (const char *p = metric; *p;) {
        size_t n = strcspn(p, ".");
        for (size_t k = 0; k < sizeof segs / sizeof segs[0]; k++)
            if (strlen(segs[k]) == n && strncmp(p, segs[k], n) == 0)
                return true;
        p += n;
        if (*p == '.')
            p++;
    }
    return false;
}

static void format_cell(char *buf, size_t n, const char *metric, const char *value)
{
    char *end = NULL;
    double v = value && *value ? strtod(value, &end) : NAN;
    bool number = value && *value && end && *end == '\0' && isfinite(v);
    if (!number)
        snprintf(buf, n, "%s", value ? value : "");
    else if (strpbrk(value, ".eE") == NULL)
        snprintf(buf, n, "%s", value); /* an integer: a count or a flag */
    else if (is_index(metric))
        snprintf(buf, n, "%.6f", v == 0 ? 0 : v);
    else
        jh_output_format_short(buf, n, v);
}

static jh_status add_cell(void *ctx, int year, const char *level, const char *metric,
                          const char *value, jh_error *err)
{
    wide *w = ctx;
    size_t c = 0;
    while (c < w->n_cols && strcmp(w->cols[c], metric) != 0)
        c++;
    if (c == w->n_cols) {
        if (w->n_cols == w->cap_cols) {
            size_t cap = jh_array_next_cap(w->cap_cols, 256);
            char **p = jh_array_resize(w->cols, cap, sizeof *p);
            if (!p)
                return jh_error_set(err, JH_ERR_RUN, "out of memory");
            w->cols = p;
            for (size_t i = 0; i < w->n_rows; i++) {
                char **q = jh_array_resize(w->rows[i].cells, cap, sizeof *q);
                if (!q)
                    return jh_error_set(err, JH_ERR_RUN, "out of memory");
                memset(q + w->cap_cols, 0, (cap - w->cap_cols) * sizeof *q);
                w->rows[i].cells = q;
            }
            w->cap_cols = cap;
        }
        if (!(w->cols[c] = strdup(metric)))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        w->n_cols++;
    }
    /* rows come year by year; a level's rows are together within a year */
    wide_row *r = NULL;
    for (size_t i = w->n_rows; i-- > 0;)
        if (w->rows[i].year == year && strcmp(w->rows[i].level, level) == 0) {
            r = &w->rows[i];
            break;
        } else if (w->rows[i].year != year)
            break;
    if (!r) {
        wide_row *p = jh_array_grow(w->rows, w->n_rows, &w->cap_rows, sizeof *p, 64);
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        w->rows = p;
        r = &w->rows[w->n_rows];
        r->year = year;
        snprintf(r->level, sizeof r->level, "%s", level);
        if (!(r->cells = calloc(w->cap_cols, sizeof *r->cells)))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        w->n_rows++;
    }
    char buf[64];
    format_cell(buf, sizeof buf, metric, value);
    free(r->cells[c]);
    if (!(r->cells[c] = strdup(buf)))
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    return JH_OK;
}

static void wide_free(wide *w)
{
    for (size_t i = 0; i < w->n_rows; i++) {
        for (size_t c = 0; c < w->n_cols; c++)
            free(w->rows[i].cells[c]);
        free(w->rows[i].cells);
    }
    for (size_t c = 0; c < w->n_cols; c++)
        free(w->cols[c]);
    free(w->rows);
    free(w->cols);
}

jh_status jh_output_write_metrics_wide_csv(const jh_run_result *r, const char *path,
                                           jh_error *err)
{
    wide w = {0};
    jh_status st = jh_output_foreach_metric(r, add_cell, &w, err);
    if (st != JH_OK) {
        wide_free(&w);
        return st;
    }
    FILE *f = jh_output_open(path, err);
    if (!f) {
        wide_free(&w);
        return JH_ERR_RUN;
    }
    fputs("year,level", f);
    for (size_t c = 0; c < w.n_cols; c++) {
        fputc(',', f);
        jh_csv_field(f, w.cols[c]);
    }
    fputc('\n', f);
    for (size_t i = 0; i < w.n_rows; i++) {
        fprintf(f, "%d,%s", w.rows[i].year, w.rows[i].level);
        for (size_t c = 0; c < w.n_cols; c++) {
            fputc(',', f);
            jh_csv_field(f, w.rows[i].cells[c]);
        }
        fputc('\n', f);
    }
    wide_free(&w);
    return jh_output_close(f, path, err);
}
