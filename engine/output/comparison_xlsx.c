/*
 * comparison_xlsx: comparison.xlsx beside comparison.html and .csv:
 *   关键结果 / Key outcomes  the rows of comparison.html's key-outcome table
 *                 (same keys, in column 代码 / Key), one column per
 *                 scenario (the first is the baseline), then one column per
 *                 other scenario with its difference against the baseline;
 *   one sheet per scenario, named after it (as its folder: a repeated
 *                 name gets -N; characters Excel refuses become _, cut
 *                 to 31): its 概览 / Summary figures (one row per year
 *                 and level, as in its results.xlsx).
 * Cells hold the full double; the formats show counts as integers, CVs
 * with 4 decimals and money in 万元 with 2.
 */
#include "output/comparison_xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output/comparison_rows.h"
#include "output/xlsx_common.h"


static const char *run_name(const jh_run_result *r)
{
    return r && r->scenario && r->scenario->name ? r->scenario->name : "";
}

/* The scenario's label in the workbook, as its folder is named: its name,
 * "scenario-N" without one, "NAME-N" when an earlier scenario has the same
 * name (N counts scenarios from 1). */
static void run_label(char *buf, size_t size, const jh_run_result *const *runs, size_t i)
{
    const char *name = run_name(runs[i]);
    bool again = false;
    for (size_t j = 0; j < i && !again; j++)
        again = strcmp(run_name(runs[j]), name) == 0;
    if (!*name)
        snprintf(buf, size, "scenario-%zu", i + 1);
    else if (again)
        snprintf(buf, size, "%s-%zu", name, i + 1);
    else
        snprintf(buf, size, "%s", name);
}

static lxw_format *fmt_of(jh_krow_kind k, const jh_xlsx_fmts *f)
{
    switch (k) {
    case JH_KROW_CV: return f->cv;
    case JH_KROW_MONEY: return f->money;
    case JH_KROW_REAL:
    case JH_KROW_PCT: return f->dec1;
    case JH_KROW_YEAR:
    case JH_KROW_YUAN:
    case JH_KROW_COUNT: return f->integer;
    }
    return f->dec1;
}

static void write_key_sheet(lxw_workbook *wb, const jh_ktab *t, const jh_run_result *const *runs,
                            size_t n, bool en, const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, en ? "Key outcomes" : "关键结果", f);
    if (!ws)
        return;
    worksheet_write_string(ws, 0, 0, en ? "Figure (final year)" : "指标（期末）", f->head);
    worksheet_write_string(ws, 0, 1, en ? "Key" : "代码", f->head);
    for (size_t i = 0; i < n; i++) {
        char label[280], h[320];
        run_label(label, sizeof label, runs, i);
        snprintf(h, sizeof h, "%s%s", label, i == 0 ? (en ? " (baseline)" : "（基准）") : "");
        worksheet_write_string(ws, 0, (lxw_col_t)(2 + i), h, f->head);
        if (i > 0) {
            snprintf(h, sizeof h, en ? "%s vs baseline" : "%s 较基准", label);
            worksheet_write_string(ws, 0, (lxw_col_t)(2 + n + i - 1), h, f->head);
        }
    }
    worksheet_set_row(ws, 0, 32, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 0, en ? 46 : 36, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, (lxw_col_t)(2 * n), 14, NULL);
    for (size_t k = 0; k < t->n; k++) {
        const jh_krow *r = &t->rows[k];
        lxw_row_t row = (lxw_row_t)(1 + k);
        lxw_format *fm = fmt_of(r->kind, f);
        char label[240];
        /* the page writes money with its unit in each cell; the sheet in the label */
        snprintf(label, sizeof label, "%s%s", r->label,
                 r->kind == JH_KROW_MONEY ? (en ? " (10k yuan)" : "（万元）") : "");
        worksheet_write_string(ws, row, 0, label, f->text);
        worksheet_write_string(ws, row, 1, r->key, f->text);
        for (size_t i = 0; i < n; i++) {
            double v = r->v[i];
            lxw_col_t c = (lxw_col_t)(2 + i);
            if (r->kind == JH_KROW_YEAR && isfinite(v) && v == 0)
                worksheet_write_string(ws, row, c, en ? "fails" : "期末未达标", f->red);
            else
                jh_xlsx_num(ws, row, c, v, fm);
            if (i == 0)
                continue;
            lxw_col_t dc = (lxw_col_t)(2 + n + i - 1);
            double d = v - r->v[0];
            if (r->kind == JH_KROW_YEAR && (v == 0 || r->v[0] == 0))
                continue; /* no difference against a failing year */
            jh_xlsx_num(ws, row, dc, d, fm);
        }
    }
}

/* A sheet name Excel accepts: no []:*?/\, no leading or trailing
 * apostrophe, at most 31 UTF-16 units (whole UTF-8 characters kept). */
static void sheet_name(char *out, size_t size, const char *name, size_t max_units)
{
    size_t o = 0, units = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 5 < size;) {
        size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 1;
        size_t u = len == 4 ? 2 : 1;
        if (units + u > max_units)
            break;
        bool ok = len > 1 || (*p >= 0x20 && !strchr("[]:*?/\\", *p));
        for (size_t k = 1; k < len; k++)
            if ((p[k] & 0xC0) != 0x80)
                ok = false, len = 1;
        if (ok) {
            memcpy(out + o, p, len);
            o += len;
        } else {
            out[o++] = '_';
        }
        units += u;
        p += len;
    }
    out[o] = '\0';
    while (o > 0 && out[0] == '\'')
        memmove(out, out + 1, o--);
    while (o > 0 && out[o - 1] == '\'')
        out[--o] = '\0';
}

jh_status jh_output_write_comparison_xlsx(const jh_run_result *const *runs, size_t n,
                                          const char *path, const char *lang, jh_error *err)
{
    bool en = lang && strcmp(lang, "en") == 0;
    if (n == 0)
        return jh_error_set(err, JH_ERR_RUN, "%s: no scenario to compare", path);
    jh_ktab t = {0};
    if (!jh_key_rows(&t, runs, n, en)) {
        jh_ktab_free(&t);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_xlsx_fmts f;
    lxw_workbook *wb = jh_xlsx_open(path, en ? "junheng scenario comparison" : "均衡 方案对比",
                                    &f, err);
    if (!wb) {
        jh_ktab_free(&t);
        return JH_ERR_RUN;
    }
    write_key_sheet(wb, &t, runs, n, en, &f);
    jh_ktab_free(&t);
    jh_status st = JH_OK;
    for (size_t i = 0; i < n && st == JH_OK; i++) {
        char label[280], name[160], base[160];
        run_label(label, sizeof label, runs, i);
        sheet_name(base, sizeof base, label, 31);
        if (!*base)
            snprintf(base, sizeof base, "scenario-%zu", i + 1);
        snprintf(name, sizeof name, "%s", base);
        /* still taken (Excel compares names without case; cut or cleaned
         * names may meet): cut and number it */
        for (int k = 2; workbook_validate_sheet_name(wb, name) != LXW_NO_ERROR ||
                        strcasecmp(name, "History") == 0; /* reserved by Excel */
             k++) {
            char suffix[16];
            snprintf(suffix, sizeof suffix, "-%d", k);
            sheet_name(name, sizeof name, base, 31 - strlen(suffix));
            strcat(name, suffix);
            if (k > 1000) {
                st = jh_error_set(err, JH_ERR_RUN, "%s: no sheet name for scenario %zu", path,
                                  i + 1);
                break;
            }
        }
        if (st != JH_OK)
            break;
        jh_xlsx_metrics m;
        st = jh_xlsx_metrics_load(&m, runs[i], err);
        if (st == JH_OK) {
            jh_xlsx_summary_sheet(wb, name, runs[i], &m, en, &f);
            jh_xlsx_metrics_free(&m);
        }
    }
    return jh_xlsx_close(wb, &f, path, st, err);
}
