/*
 * results_xlsx: results.xlsx, the run's tables for people (libxlsxwriter):
 *   概览 / Summary  one row per year and level: students, schools, compliant
 *                   schools, CV means, the verdicts, large classes, distance,
 *                   posts, cost;
 *   差异系数 / CVs  each indicator's CV per year in columns (wide), with the
 *                   limit, CVs above it coloured red, within it green;
 *   学校 / Schools  schools.csv with Chinese headers (English with --lang en)
 *                   plus the area and district.
 * Every sheet has a frozen, bold header row, column widths and number
 * formats (CVs 4 decimals, counts as integers); the cells hold the full
 * double, so a value read back equals summary.json's.
 */
#include "output/results_xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "output/format.h"
#include "output/html.h"
#include "output/summary.h"

/* ------------------------------------------------ the metric rows, kept */

typedef struct mrow {
    int year;
    char level[8];
    char *metric;
    double value; /* NAN when empty */
} mrow;

typedef struct mtab {
    mrow *rows;
    size_t n, cap;
} mtab;

static jh_status keep_row(void *ctx, int year, const char *level, const char *metric,
                          const char *value, jh_error *err)
{
    mtab *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        mrow *p = realloc(t->rows, cap * sizeof *p);
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        t->rows = p;
        t->cap = cap;
    }
    mrow *m = &t->rows[t->n];
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

static void mtab_free(mtab *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].metric);
    free(t->rows);
}

/* The value of (year, level, metric); NAN when absent. Rows come year by
 * year, so the search starts at the year's first row. */
static double get(const mtab *t, int year, const char *level, const char *metric)
{
    for (size_t i = 0; i < t->n; i++) {
        const mrow *m = &t->rows[i];
        if (m->year == year && strcmp(m->level, level) == 0 && strcmp(m->metric, metric) == 0)
            return m->value;
    }
    return NAN;
}

/* ------------------------------------------------------------- formats */

typedef struct fmts {
    lxw_format *head, *integer, *dec1, *dec2, *cv, *text, *red, *green;
} fmts;

static void num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (isfinite(v))
        worksheet_write_number(ws, r, c, v, f);
}

static void yesno(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, bool en,
                  const fmts *f)
{
    if (!isfinite(v))
        return;
    worksheet_write_string(ws, r, c, v != 0 ? (en ? "yes" : "是") : (en ? "no" : "否"),
                           v != 0 ? f->green : f->red);
}

static void header(lxw_worksheet *ws, const char *const *labels, int n, const fmts *f)
{
    for (int c = 0; c < n; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, labels[c], f->head);
    worksheet_set_row(ws, 0, 32, NULL);
    worksheet_freeze_panes(ws, 1, 0);
}

/* -------------------------------------------------------------- 概览 */

enum { S_NUM, S_INT, S_CV, S_KM, S_PASS };

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
    {"cost_wan", "投入(万元)", "Cost (10k yuan)", S_NUM, true},
};
#define N_SUMMARY (int)(sizeof SUMMARY_COLS / sizeof SUMMARY_COLS[0])

static void write_summary(lxw_workbook *wb, const jh_run_result *r, const mtab *t, bool en,
                          const fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, en ? "Summary" : "概览");
    const char *labels[2 + N_SUMMARY];
    labels[0] = en ? "Year" : "年份";
    labels[1] = en ? "Level" : "学段";
    for (int k = 0; k < N_SUMMARY; k++)
        labels[2 + k] = en ? SUMMARY_COLS[k].en : SUMMARY_COLS[k].zh;
    header(ws, labels, 2 + N_SUMMARY, f);
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
                double v = get(t, year, SUMMARY_COLS[k].county ? "all" : lv, SUMMARY_COLS[k].metric);
                lxw_col_t c = (lxw_col_t)(2 + k);
                switch (SUMMARY_COLS[k].kind) {
                case S_INT: num(ws, row, c, v, f->integer); break;
                case S_CV: num(ws, row, c, v, f->cv); break;
                case S_KM: num(ws, row, c, v, f->dec2); break;
                case S_PASS: yesno(ws, row, c, v, en, f); break;
                default: num(ws, row, c, v, f->dec1); break;
                }
            }
        }
    }
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(1 + N_SUMMARY));
}

/* ---------------------------------------------------------- 差异系数 */

static void write_cvs(lxw_workbook *wb, const jh_run_result *r, const mtab *t, bool en,
                      const fmts *f)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, en ? "CVs" : "差异系数");
    const char *fixed[] = {en ? "Level" : "学段", en ? "Standard" : "均衡类别",
                           en ? "Indicator" : "指标", en ? "Key" : "代码",
                           en ? "Limit" : "限值"};
    for (int c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, fixed[c], f->head);
    for (size_t y = 0; y < r->n_years; y++) {
        char yb[16]; /* text, so a reader takes the row for the header */
        snprintf(yb, sizeof yb, "%d", r->years[y].year);
        worksheet_write_string(ws, 0, (lxw_col_t)(5 + y), yb, f->head);
    }
    worksheet_set_row(ws, 0, 20, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_set_column(ws, 0, 1, en ? 16 : 9, NULL);
    worksheet_set_column(ws, 2, 2, en ? 44 : 34, NULL);
    worksheet_set_column(ws, 3, 3, 26, NULL);
    worksheet_set_column(ws, 4, 4, 7, NULL);
    worksheet_set_column(ws, 5, (lxw_col_t)(5 + (r->n_years ? r->n_years - 1 : 0)), 8, NULL);
    lxw_row_t row = 1;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const char *lv = jh_level_name((jh_level)l);
        for (int s = 0; s < 2; s++) {
            const char *std = s == 0 ? "quality" : "basic";
            int nk = s == 0 ? JH_NQUALITY : JH_NBASIC;
            double limit = NAN;
            for (size_t y = r->n_years; y-- > 0 && !isfinite(limit);)
                limit = get(t, r->years[y].year, lv, s == 0 ? "quality.cv_limit" : "basic.cv_limit");
            for (int k = 0; k <= nk; k++, row++) {
                const char *key = k < nk ? (s == 0 ? jh_quality_keys[k] : jh_basic_keys[k])
                                         : "cv_mean";
                char metric[128];
                if (k < nk)
                    snprintf(metric, sizeof metric, "%s.cv.%s", std, key);
                else
                    snprintf(metric, sizeof metric, "%s.cv_mean", std);
                worksheet_write_string(ws, row, 0, jh_html_level_label((jh_level)l, en), f->text);
                worksheet_write_string(ws, row, 1,
                                       jh_html_standard_label(s == 0 ? JH_STANDARD_QUALITY
                                                                     : JH_STANDARD_BASIC,
                                                              en),
                                       f->text);
                worksheet_write_string(ws, row, 2,
                                       k < nk ? jh_html_indicator_label(key, en)
                                              : (en ? "Mean CV" : "差异系数均值"),
                                       f->text);
                worksheet_write_string(ws, row, 3, metric, f->text);
                num(ws, row, 4, limit, f->cv);
                for (size_t y = 0; y < r->n_years; y++)
                    num(ws, row, (lxw_col_t)(5 + y), get(t, r->years[y].year, lv, metric), f->cv);
                if (isfinite(limit) && r->n_years > 0) {
                    lxw_conditional_format over = {0}, within = {0};
                    over.type = LXW_CONDITIONAL_TYPE_CELL;
                    over.criteria = LXW_CONDITIONAL_CRITERIA_GREATER_THAN;
                    over.value = limit;
                    over.format = f->red;
                    within.type = LXW_CONDITIONAL_TYPE_CELL;
                    within.criteria = LXW_CONDITIONAL_CRITERIA_LESS_THAN_OR_EQUAL_TO;
                    within.value = limit;
                    within.format = f->green;
                    lxw_col_t c1 = (lxw_col_t)(5 + r->n_years - 1);
                    worksheet_conditional_format_range(ws, row, 5, row, c1, &over);
                    worksheet_conditional_format_range(ws, row, 5, row, c1, &within);
                }
            }
        }
    }
}

/* ------------------------------------------------------------- 学校 */

static const char *status_label(jh_school_status s, bool en)
{
    switch (s) {
    case JH_STATUS_OPEN: return en ? "open" : "开办";
    case JH_STATUS_CLOSED: return en ? "closed" : "关闭";
    case JH_STATUS_NEW: return en ? "new" : "新建";
    case JH_STATUS_CANDIDATE: return en ? "candidate" : "候选";
    }
    return "";
}

static const char *area_label(jh_area a, bool en)
{
    switch (a) {
    case JH_URBAN: return en ? "urban" : "城区";
    case JH_TOWN: return en ? "town" : "镇区";
    case JH_RURAL: return en ? "rural" : "乡村";
    }
    return "";
}

static jh_school_status status_of(const jh_run_result *r, size_t y, int i)
{
    if (y < r->n_years && r->years[y].status)
        return r->years[y].status[i];
    return r->county->schools[i].status;
}

#define N_SCHOOL_FIXED 23

static jh_status write_schools(lxw_workbook *wb, const jh_run_result *r, bool en,
                               const fmts *f, jh_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, en ? "Schools" : "学校");
    static const char *const zh[N_SCHOOL_FIXED] = {
        "年份", "学校代码", "学校名称", "学段", "状态", "区域", "学区", "在校生",
        "班数", "大班额", "超大班额", "最大班额", "超标准班数", "超标准班学生", "缺教室",
        "专任教师", "高学历教师", "骨干教师", "体艺教师", "编制需求", "参评", "达标",
        "达标指标数"};
    static const char *const english[N_SCHOOL_FIXED] = {
        "Year", "School ID", "Name", "Level", "Status", "Area", "District", "Students",
        "Classes", "Large classes", "Super-large classes", "Largest class",
        "Classes over standard", "Students over standard", "Classrooms needed", "Teachers",
        "Teachers above degree", "Backbone teachers", "PE/art teachers", "Posts needed",
        "Assessed", "Compliant", "Indicators reached"};
    int ncol = N_SCHOOL_FIXED + JH_NQUALITY + JH_NBASIC;
    char labels_buf[JH_NQUALITY + JH_NBASIC][256];
    const char *labels[N_SCHOOL_FIXED + JH_NQUALITY + JH_NBASIC];
    for (int c = 0; c < N_SCHOOL_FIXED; c++)
        labels[c] = en ? english[c] : zh[c];
    for (int k = 0; k < JH_NQUALITY + JH_NBASIC; k++) {
        bool q = k < JH_NQUALITY;
        const char *key = q ? jh_quality_keys[k] : jh_basic_keys[k - JH_NQUALITY];
        snprintf(labels_buf[k], sizeof labels_buf[k], "%s%s", q ? (en ? "Q: " : "优质·")
                                                                : (en ? "B: " : "基本·"),
                 jh_html_indicator_label(key, en));
        labels[N_SCHOOL_FIXED + k] = labels_buf[k];
    }
    header(ws, labels, ncol, f);
    worksheet_set_row(ws, 0, 60, NULL);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 1, 12, NULL);
    worksheet_set_column(ws, 2, 2, 24, NULL);
    worksheet_set_column(ws, 3, 6, en ? 10 : 7, NULL);
    worksheet_set_column(ws, 7, (lxw_col_t)(ncol - 1), 11, NULL);
    lxw_row_t row = 1;
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_year_metrics *m = &r->years[y].metrics;
        for (size_t i = 0; i < m->n_schools; i++, row++) {
            const jh_school_metrics *sm = &m->schools[i];
            if (sm->school < 0 || (size_t)sm->school >= r->county->n_schools)
                return jh_error_set(err, JH_ERR_RUN,
                                    "results.xlsx: year %d: school row %zu names school %d, "
                                    "beyond the %zu schools of the county",
                                    r->years[y].year, i, sm->school, r->county->n_schools);
            const jh_school *s = &r->county->schools[sm->school];
            lxw_col_t c = 0;
            worksheet_write_number(ws, row, c++, r->years[y].year, f->integer);
            worksheet_write_string(ws, row, c++, s->id ? s->id : "", f->text);
            worksheet_write_string(ws, row, c++, s->name ? s->name : "", f->text);
            worksheet_write_string(ws, row, c++, jh_html_level_label(sm->level, en), f->text);
            worksheet_write_string(ws, row, c++, status_label(status_of(r, y, sm->school), en),
                                   f->text);
            worksheet_write_string(ws, row, c++, area_label(s->area, en), f->text);
            worksheet_write_string(ws, row, c++, s->district ? s->district : "", f->text);
            int ints[] = {sm->students, sm->classes, sm->large_classes, sm->super_large_classes,
                          sm->largest_class, sm->classes_over_standard,
                          sm->students_over_standard, sm->classrooms_needed};
            for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++)
                worksheet_write_number(ws, row, c++, ints[k], f->integer);
            double reals[] = {sm->teachers, sm->t_above_degree, sm->t_backbone, sm->t_pe_art,
                              sm->posts_needed};
            for (size_t k = 0; k < sizeof reals / sizeof reals[0]; k++)
                num(ws, row, c++, reals[k], f->dec1);
            yesno(ws, row, c++, sm->counted ? 1 : 0, en, f);
            yesno(ws, row, c++, sm->compliant ? 1 : 0, en, f);
            worksheet_write_number(ws, row, c++, sm->indicators_reached, f->integer);
            for (int k = 0; k < JH_NQUALITY; k++)
                num(ws, row, c++, sm->quality[k], f->dec2);
            for (int k = 0; k < JH_NBASIC; k++)
                num(ws, row, c++, sm->basic[k], f->dec2);
        }
    }
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(ncol - 1));
    return JH_OK;
}

/* ------------------------------------------------------------ workbook */

jh_status jh_output_write_xlsx(const jh_run_result *r, const char *path, const char *lang,
                               jh_error *err)
{
    bool en = lang && strcmp(lang, "en") == 0;
    mtab t = {0};
    jh_status st = jh_output_foreach_metric(r, keep_row, &t, err);
    if (st != JH_OK) {
        mtab_free(&t);
        return st;
    }
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb) {
        mtab_free(&t);
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the workbook", path);
    }
    /* a fixed creation time: two runs of one scenario give the same bytes */
    lxw_doc_properties props = {.title = en ? "junheng results" : "均衡 结果",
                                .created = 946684800}; /* 2000-01-01 */
    workbook_set_properties(wb, &props);
    fmts f;
    f.head = workbook_add_format(wb);
    format_set_bold(f.head);
    format_set_text_wrap(f.head);
    format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f.head, 0xDDEBF7);
    format_set_border(f.head, LXW_BORDER_THIN);
    f.integer = workbook_add_format(wb);
    format_set_num_format(f.integer, "0");
    f.dec1 = workbook_add_format(wb);
    format_set_num_format(f.dec1, "0.0");
    f.dec2 = workbook_add_format(wb);
    format_set_num_format(f.dec2, "0.00");
    f.cv = workbook_add_format(wb);
    format_set_num_format(f.cv, "0.0000");
    f.text = workbook_add_format(wb);
    f.red = workbook_add_format(wb);
    format_set_font_color(f.red, 0x9C0006);
    format_set_bg_color(f.red, 0xFFC7CE);
    f.green = workbook_add_format(wb);
    format_set_font_color(f.green, 0x006100);
    format_set_bg_color(f.green, 0xC6EFCE);

    write_summary(wb, r, &t, en, &f);
    write_cvs(wb, r, &t, en, &f);
    st = write_schools(wb, r, en, &f, err);
    mtab_free(&t);
    lxw_error e = workbook_close(wb);
    if (st == JH_OK && e != LXW_NO_ERROR)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, lxw_strerror(e));
    return st;
}
