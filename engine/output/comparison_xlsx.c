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

#include "output/html.h"
#include "output/xlsx_common.h"

typedef enum { K_COUNT, K_REAL, K_CV, K_YEAR, K_MONEY, K_PCT, K_YUAN } row_kind;

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

static const jh_year_result *final_year(const jh_run_result *r)
{
    return r->n_years ? &r->years[r->n_years - 1] : NULL;
}

/* The final year's figure summed over the levels (comparison.c's rows):
 * 0 large and super-large classes, 1 classes over standard, 2 posts short,
 * 3 teachers, 4 unplaced students, 5 compliant schools, 6 students. */
static double final_sum(const jh_run_result *r, int what)
{
    const jh_year_result *y = final_year(r);
    if (!y)
        return NAN;
    double v = 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_level_metrics *m = &y->metrics.level[l];
        const double p[7] = {m->large_classes + m->super_large_classes,
                             m->classes_over_standard,
                             m->posts_short,
                             m->teachers,
                             m->unplaced_students,
                             m->schools_compliant,
                             m->students};
        v += p[what];
    }
    return v;
}

/* One row of the key table. */
typedef struct krow {
    char key[64];
    char label[192];
    row_kind kind;
    double *v; /* one per run */
} krow;

typedef struct ktab {
    krow *rows;
    size_t n, cap, runs;
} ktab;

static krow *add_row(ktab *t, const char *key, const char *label, row_kind kind)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        krow *p = realloc(t->rows, cap * sizeof *p);
        if (!p)
            return NULL;
        t->rows = p;
        t->cap = cap;
    }
    krow *r = &t->rows[t->n];
    snprintf(r->key, sizeof r->key, "%s", key);
    snprintf(r->label, sizeof r->label, "%s", label);
    r->kind = kind;
    if (!(r->v = calloc(t->runs ? t->runs : 1, sizeof *r->v)))
        return NULL;
    t->n++;
    return r;
}

static void ktab_free(ktab *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].v);
    free(t->rows);
}

/* The key-outcome rows of comparison.html (outcome-table), in its order. */
static bool key_rows(ktab *t, const jh_run_result *const *runs, size_t n, bool en)
{
    char key[64], label[192];
    krow *k;
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "schools_compliant.%s", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 en ? "compliant schools" : "达标学校（所）");
        if (!(k = add_row(t, key, label, K_COUNT)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? y->metrics.level[l].schools_compliant : NAN;
        }
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "cv_mean.%s.quality", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 en ? "quality mean CV" : "优质均衡差异系数均值");
        if (!(k = add_row(t, key, label, K_CV)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? y->metrics.level[l].quality.cv_mean : NAN;
        }
    }
    for (int l = 0; l <= JH_VERDICT_COUNTY; l++) {
        bool county = l == JH_VERDICT_COUNTY;
        snprintf(key, sizeof key, "pass_from_year.%s.quality",
                 county ? "county" : jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s",
                 county ? (en ? "County" : "全县") : jh_html_level_label((jh_level)l, en),
                 en ? "quality passes and holds from" : "优质均衡达标并保持自");
        if (!(k = add_row(t, key, label, K_YEAR)))
            return false;
        for (size_t i = 0; i < n; i++)
            k->v[i] = runs[i]->pass_from_year[l][0];
    }
    static const struct {
        int what;
        const char *key, *zh, *en;
    } sums[] = {
        {0, "large_classes", "大班额与超大班额（班）", "large and super-large classes"},
        {1, "classes_over_standard", "超标准班额（班）", "classes over the standard size"},
        {2, "posts_short", "教师编制缺口（人）", "teacher posts short"},
        {3, "teachers", "教师（人）", "teachers"},
        {4, "unplaced_students", "未安置学生（人）", "students not placed"},
    };
    for (size_t s = 0; s < sizeof sums / sizeof sums[0]; s++) {
        if (!(k = add_row(t, sums[s].key, en ? sums[s].en : sums[s].zh,
                          sums[s].what == 2 ? K_REAL /* posts: reals */ : K_COUNT)))
            return false;
        for (size_t i = 0; i < n; i++)
            k->v[i] = final_sum(runs[i], sums[s].what);
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "share_beyond_distance.%s", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 en ? "students beyond the distance limit (%)" : "超出就近距离学生（%）");
        if (!(k = add_row(t, key, label, K_PCT)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? 100 * y->metrics.level[l].share_beyond_distance : NAN;
        }
    }
    for (int b = 0; b < 2; b++) {
        if (!(k = add_row(t, b ? "schools_built" : "schools_closed",
                          b ? (en ? "schools built" : "新建学校（所）")
                            : (en ? "schools closed" : "撤并学校（所）"),
                          K_COUNT)))
            return false;
        for (size_t i = 0; i < n; i++) {
            k->v[i] = 0;
            for (size_t y = 0; y < runs[i]->n_years; y++)
                k->v[i] += b ? runs[i]->years[y].schools_built : runs[i]->years[y].schools_closed;
        }
    }
    /* 闲置校舍, as the page's key table */
    for (int b = 0; b < 2; b++) {
        if (!(k = add_row(t, b ? "idle_classrooms" : "idle_building_m2",
                          b ? (en ? "idle classrooms" : "闲置教室（间）")
                            : (en ? "idle premises (m²)" : "闲置校舍面积（㎡）"),
                          K_COUNT)))
            return false;
        for (size_t i = 0; i < n; i++) {
            k->v[i] = 0;
            for (size_t j = 0; j < runs[i]->n_idle; j++)
                k->v[i] += b ? runs[i]->idle[j].classrooms : runs[i]->idle[j].building_m2;
        }
    }
    if (!(k = add_row(t, "total_cost_wan", en ? "capital cost (10k yuan)" : "建设投资（万元）",
                      K_MONEY)))
        return false;
    for (size_t i = 0; i < n; i++)
        k->v[i] = runs[i]->total_cost_wan;
    static const char *const ckeys[3] = {"cost_per_large_class_removed",
                                         "cost_per_compliant_school_gained",
                                         "cost_per_student_yuan"};
    static const char *const czh[3] = {"每减少一个大班额的投资（万元，较基准）",
                                       "每增加一所达标学校的投资（万元，较基准）",
                                       "生均投资（元，期末在校生）"};
    static const char *const cen[3] = {"cost per large class removed (10k yuan, vs baseline)",
                                       "cost per compliant school gained (10k yuan, vs baseline)",
                                       "cost per student (yuan, final-year enrolment)"};
    for (int c = 0; c < 3; c++) {
        if (!(k = add_row(t, ckeys[c], en ? cen[c] : czh[c], c < 2 ? K_MONEY : K_YUAN)))
            return false;
        for (size_t i = 0; i < n; i++) {
            double dcost = runs[i]->total_cost_wan - runs[0]->total_cost_wan;
            double gain = c == 0   ? final_sum(runs[0], 0) - final_sum(runs[i], 0)
                          : c == 1 ? final_sum(runs[i], 5) - final_sum(runs[0], 5)
                                   : final_sum(runs[i], 6);
            if (c == 2)
                k->v[i] = gain > 0 ? runs[i]->total_cost_wan * 1e4 / gain : NAN;
            else
                k->v[i] = i > 0 && gain > 0 && dcost >= 0 ? dcost / gain : NAN;
        }
    }
    return true;
}

static lxw_format *fmt_of(row_kind k, const jh_xlsx_fmts *f)
{
    switch (k) {
    case K_CV: return f->cv;
    case K_MONEY: return f->money;
    case K_REAL:
    case K_PCT: return f->dec1;
    case K_YEAR:
    case K_YUAN:
    case K_COUNT: return f->integer;
    }
    return f->dec1;
}

static void write_key_sheet(lxw_workbook *wb, const ktab *t, const jh_run_result *const *runs,
                            size_t n, bool en, const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, en ? "Key outcomes" : "关键结果");
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
        const krow *r = &t->rows[k];
        lxw_row_t row = (lxw_row_t)(1 + k);
        lxw_format *fm = fmt_of(r->kind, f);
        worksheet_write_string(ws, row, 0, r->label, f->text);
        worksheet_write_string(ws, row, 1, r->key, f->text);
        for (size_t i = 0; i < n; i++) {
            double v = r->v[i];
            lxw_col_t c = (lxw_col_t)(2 + i);
            if (r->kind == K_YEAR && isfinite(v) && v == 0)
                worksheet_write_string(ws, row, c, en ? "fails" : "期末未达标", f->red);
            else
                jh_xlsx_num(ws, row, c, v, fm);
            if (i == 0)
                continue;
            lxw_col_t dc = (lxw_col_t)(2 + n + i - 1);
            double d = v - r->v[0];
            if (r->kind == K_YEAR && (v == 0 || r->v[0] == 0))
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
    ktab t = {.runs = n};
    if (!key_rows(&t, runs, n, en)) {
        ktab_free(&t);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_xlsx_fmts f;
    lxw_workbook *wb = jh_xlsx_open(path, en ? "junheng scenario comparison" : "均衡 方案对比",
                                    &f, err);
    if (!wb) {
        ktab_free(&t);
        return JH_ERR_RUN;
    }
    write_key_sheet(wb, &t, runs, n, en, &f);
    ktab_free(&t);
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
    return jh_xlsx_close(wb, path, st, err);
}
