/*
 * xlsx_common: the workbook, its formats and the 概览 / Summary sheet
 * shared by results.xlsx (results_xlsx.c) and comparison.xlsx
 * (comparison_xlsx.c). The cells hold the full double, so a value read
 * back equals summary.json's; the formats only choose what is shown.
 */
#include "output/xlsx_common.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "output/html.h"
#include "output/summary.h"

/* ------------------------------------------------------------ workbook */

/* Where the sheets' temporary files go: $TMPDIR when set, else NULL
 * (libxlsxwriter's choice, the system's folder). */
static char *sheets_tmpdir(void)
{
    char *d = getenv("TMPDIR");
    return d && *d ? d : NULL;
}

lxw_workbook *jh_xlsx_open(const char *path, const char *title, jh_xlsx_fmts *f,
                           jh_error *err)
{
    /* Row by row (libxlsxwriter's constant_memory): each sheet's rows go
     * to a temporary file as they are written, in row order, instead of
     * every cell staying in memory until the workbook closes (a province's
     * Schools sheet held ~0.8 GiB that way); strings are stored in their
     * cells (inline), which readers take as they take shared ones. The
     * temporary files go to $TMPDIR, else the system's folder. */
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = sheets_tmpdir()};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb) {
        jh_error_set(err, JH_ERR_RUN, "%s: cannot create the workbook", path);
        return NULL;
    }
    f->lost = false;
    f->sheet_lost = &f->lost;
    /* a fixed creation time: two runs of one scenario give the same bytes */
    lxw_doc_properties props = {.title = (char *)title, .created = 946684800}; /* 2000-01-01 */
    workbook_set_properties(wb, &props);
    f->head = workbook_add_format(wb);
    format_set_bold(f->head);
    format_set_text_wrap(f->head);
    format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f->head, 0xDDEBF7);
    format_set_border(f->head, LXW_BORDER_THIN);
    f->integer = workbook_add_format(wb);
    format_set_num_format(f->integer, "0");
    f->dec1 = workbook_add_format(wb);
    format_set_num_format(f->dec1, "0.0");
    f->dec2 = workbook_add_format(wb);
    format_set_num_format(f->dec2, "0.00");
    f->cv = workbook_add_format(wb);
    format_set_num_format(f->cv, "0.0000");
    f->money = workbook_add_format(wb);
    format_set_num_format(f->money, "#,##0.00");
    f->text = workbook_add_format(wb);
    f->red = workbook_add_format(wb);
    format_set_font_color(f->red, 0x9C0006);
    format_set_bg_color(f->red, 0xFFC7CE);
    f->green = workbook_add_format(wb);
    format_set_font_color(f->green, 0x006100);
    format_set_bg_color(f->green, 0xC6EFCE);
    return wb;
}

lxw_worksheet *jh_xlsx_sheet(lxw_workbook *wb, const char *name, const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        *f->sheet_lost = true;
    return ws;
}

jh_status jh_xlsx_close(lxw_workbook *wb, const jh_xlsx_fmts *f, const char *path, jh_status st,
                        jh_error *err)
{
    lxw_error e = workbook_close(wb);
    if (st == JH_OK && *f->sheet_lost)
        st = jh_error_set(err, JH_ERR_RUN,
                          "%s: cannot write: a sheet's temporary file could not be made in %s "
                          "(the workbook's sheets are written through temporary files; set "
                          "TMPDIR to a writable folder with room)",
                          path, sheets_tmpdir() ? sheets_tmpdir() : "the system's temporary folder");
    if (st == JH_OK && e != LXW_NO_ERROR)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, lxw_strerror(e));
    return st;
}

/* --------------------------------------------------------------- cells */

void jh_xlsx_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *fmt)
{
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, fmt);
}

void jh_xlsx_yesno(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, bool en,
                   const jh_xlsx_fmts *f)
{
    if (!isfinite(v))
        return;
    worksheet_write_string(ws, r, c, v != 0 ? (en ? "yes" : "是") : (en ? "no" : "否"),
                           v != 0 ? f->green : f->red);
}

void jh_xlsx_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                  const jh_xlsx_fmts *f)
{
    worksheet_write_string(ws, r, c, s ? s : "", f->text);
}

void jh_xlsx_header(lxw_worksheet *ws, const char *const *labels, int n, double height,
                    const jh_xlsx_fmts *f)
{
    for (int c = 0; c < n; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, labels[c], f->head);
    worksheet_set_row(ws, 0, height, NULL);
    worksheet_freeze_panes(ws, 1, 0);
}

/* ------------------------------------------------ the metric rows, kept */

static jh_status keep_row(void *ctx, int year, const char *level, const char *metric,
                          const char *value, jh_error *err)
{
    jh_xlsx_metrics *t = ctx;
    jh_xlsx_metric *p = jh_array_grow(t->rows, t->n, &t->cap, sizeof *p, 1024);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    t->rows = p;
    jh_xlsx_metric *m = &t->rows[t->n];
    m->year = year;
    snprintf(m->level, sizeof m->level, "%s", level);
    m->metric = strdup(metric);
    if (!m->metric)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    char *end = NULL;
    m->value = value && *value ? strtod(value, &end) : NAN;
    if (end && *end)
        m->value = NAN; /* a text value (a reason): not a number */
    t->n++;
    return JH_OK;
}

jh_status jh_xlsx_metrics_load(jh_xlsx_metrics *t, const jh_run_result *r, jh_error *err)
{
    memset(t, 0, sizeof *t);
    jh_status st = jh_output_foreach_metric(r, keep_row, t, err);
    if (st != JH_OK)
        jh_xlsx_metrics_free(t);
    return st;
}

void jh_xlsx_metrics_free(jh_xlsx_metrics *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].metric);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

double jh_xlsx_metric_get(const jh_xlsx_metrics *t, int year, const char *level,
                          const char *metric)
{
    for (size_t i = 0; i < t->n; i++) {
        const jh_xlsx_metric *m = &t->rows[i];
        if (m->year == year && strcmp(m->level, level) == 0 && strcmp(m->metric, metric) == 0)
            return m->value;
    }
    return NAN;
}

/* -------------------------------------------------------------- 概览 */

enum { S_NUM, S_INT, S_CV, S_KM, S_PASS, S_MONEY };

static const struct {
    const char *metric, *zh, *en;
    int kind;
    bool county; /* read from the "all" rows */
} SUMMARY_COLS[] = {
    {"students", "在校生", "Students", S_INT, false},
    {"schools", "学校数", "Schools", S_INT, false},
    {"schools_counted", "参评学校", "Schools assessed", S_INT, false},
    {"schools_compliant", "达标学校", "Schools compliant", S_INT, false},
    {"quality.cv_mean", "优质均衡差异系数均值", "Quality CV mean", S_CV, false},
    {"quality.cv_limit", "优质均衡限值", "Quality CV limit", S_CV, false},
    {"quality.pass", "优质均衡资源配置达标", "Quality resources pass", S_PASS, false},
    {"basic.cv_mean", "基本均衡差异系数均值", "Basic CV mean", S_CV, false},
    {"basic.cv_limit", "基本均衡限值", "Basic CV limit", S_CV, false},
    {"basic.pass", "基本均衡达标", "Basic pass", S_PASS, false},
    {"guarantee.pass", "政府保障达标", "Guarantee pass", S_PASS, false},
    {"county.quality.pass", "全县优质均衡", "County quality pass", S_PASS, true},
    {"county.basic.pass", "全县基本均衡", "County basic pass", S_PASS, true},
    {"classes", "班数", "Classes", S_INT, false},
    {"large_classes", "大班额", "Large classes", S_INT, false},
    {"super_large_classes", "超大班额", "Super-large classes", S_INT, false},
    {"classes_over_standard", "超标准班数", "Classes over standard", S_INT, false},
    {"classrooms_needed", "缺教室", "Classrooms needed", S_INT, false},
    {"mean_distance_km", "平均上学距离(公里)", "Mean distance (km)", S_KM, false},
    {"p95_distance_km", "95%上学距离(公里)", "95th pct distance (km)", S_KM, false},
    {"max_distance_km", "最远上学距离(公里)", "Max distance (km)", S_KM, false},
    {"unplaced_students", "未安置学生", "Unplaced students", S_INT, false},
    {"posts_needed", "编制需求", "Teacher posts needed", S_NUM, false},
    {"posts_short", "编制缺口", "Teacher posts short", S_NUM, false},
    {"cost_wan", "投入(万元)", "Cost (10k yuan)", S_MONEY, true},
};
#define N_SUMMARY (int)(sizeof SUMMARY_COLS / sizeof SUMMARY_COLS[0])

void jh_xlsx_summary_sheet(lxw_workbook *wb, const char *name, const jh_run_result *r,
                           const jh_xlsx_metrics *t, bool en, const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, name ? name : en ? "Summary" : "概览", f);
    if (!ws)
        return;
    const char *labels[2 + N_SUMMARY];
    labels[0] = en ? "Year" : "年份";
    labels[1] = en ? "Level" : "学段";
    for (int k = 0; k < N_SUMMARY; k++)
        labels[2 + k] = en ? SUMMARY_COLS[k].en : SUMMARY_COLS[k].zh;
    jh_xlsx_header(ws, labels, 2 + N_SUMMARY, 32, f);
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 1, en ? 16 : 7, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)(1 + N_SUMMARY), 12, NULL);
    lxw_row_t row = 1;
    for (size_t y = 0; y < r->n_years; y++) {
        int year = r->years[y].year;
        for (int l = 0; l < JH_NLEVELS; l++, row++) {
            const char *lv = jh_level_name((jh_level)l);
            worksheet_write_number(ws, row, 0, year, f->integer);
            worksheet_write_string(ws, row, 1, jh_html_level_label((jh_level)l, en), f->text);
            for (int k = 0; k < N_SUMMARY; k++) {
                double v = jh_xlsx_metric_get(t, year, SUMMARY_COLS[k].county ? "all" : lv,
                                              SUMMARY_COLS[k].metric);
                lxw_col_t c = (lxw_col_t)(2 + k);
                switch (SUMMARY_COLS[k].kind) {
                case S_INT: jh_xlsx_num(ws, row, c, v, f->integer); break;
                case S_CV: jh_xlsx_num(ws, row, c, v, f->cv); break;
                case S_KM: jh_xlsx_num(ws, row, c, v, f->dec2); break;
                case S_MONEY: jh_xlsx_num(ws, row, c, v, f->money); break;
                case S_PASS: jh_xlsx_yesno(ws, row, c, v, en, f); break;
                default: jh_xlsx_num(ws, row, c, v, f->dec1); break;
                }
            }
        }
    }
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(1 + N_SUMMARY));
}
