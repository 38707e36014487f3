/*
 * results_xlsx: results.xlsx, the run's tables for people (libxlsxwriter):
 *   概览 / Summary  one row per year and level: students, schools, compliant
 *                   schools, CV means, the verdicts, large classes, distance,
 *                   posts, cost;
 *   差异系数 / CVs  each indicator's CV per year in columns (wide), with the
 *                   limit, CVs above it coloured red, within it green;
 *   学校 / Schools  schools.csv with Chinese headers (English with --lang en)
 *                   plus the area and district;
 *   干预 / Interventions  one row per intervention: year, kind, schools,
 *                   what it adds (classrooms, m², beds, teachers), cost;
 *   教师 / Teachers teacher flows per year and level, by area type, and a
 *                   county row per year.
 * Every sheet has a frozen, bold header row, column widths and number
 * formats (CVs 4 decimals, counts as integers, money in 万元 with 2
 * decimals); the cells hold the full double, so a value read back equals
 * summary.json's. The 概览 sheet and the formats are xlsx_common.c's.
 */
#include "output/results_xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/html.h"
#include "output/xlsx_common.h"

/* ---------------------------------------------------------- 差异系数 */

static void write_cvs(lxw_workbook *wb, const jh_run_result *r, const jh_xlsx_metrics *t, bool en,
                      const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, en ? "CVs" : "差异系数", f);
    if (!ws)
        return;
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
                limit = jh_xlsx_metric_get(t, r->years[y].year, lv, s == 0 ? "quality.cv_limit" : "basic.cv_limit");
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
                jh_xlsx_num(ws, row, 4, limit, f->cv);
                for (size_t y = 0; y < r->n_years; y++)
                    jh_xlsx_num(ws, row, (lxw_col_t)(5 + y), jh_xlsx_metric_get(t, r->years[y].year, lv, metric), f->cv);
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
                               const jh_xlsx_fmts *f, jh_error *err)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, en ? "Schools" : "学校", f);
    if (!ws)
        return JH_OK;
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
    jh_xlsx_header(ws, labels, ncol, 60, f);
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
                jh_xlsx_num(ws, row, c++, reals[k], f->dec1);
            jh_xlsx_yesno(ws, row, c++, sm->counted ? 1 : 0, en, f);
            jh_xlsx_yesno(ws, row, c++, sm->compliant ? 1 : 0, en, f);
            worksheet_write_number(ws, row, c++, sm->indicators_reached, f->integer);
            for (int k = 0; k < JH_NQUALITY; k++)
                jh_xlsx_num(ws, row, c++, sm->quality[k], f->dec2);
            for (int k = 0; k < JH_NBASIC; k++)
                jh_xlsx_num(ws, row, c++, sm->basic[k], f->dec2);
        }
    }
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(ncol - 1));
    return JH_OK;
}

/* ------------------------------------------------------------- 干预 */

static const char *kind_label(jh_intervention_kind k, bool en)
{
    switch (k) {
    case JH_IV_CLOSE: return en ? "close" : "撤并";
    case JH_IV_MERGE: return en ? "merge" : "合并";
    case JH_IV_CONVERT: return en ? "convert" : "改制";
    case JH_IV_EXPAND: return en ? "expand" : "扩建";
    case JH_IV_BUILD: return en ? "build" : "新建";
    case JH_IV_KEEP: return en ? "keep teaching point" : "保留教学点";
    case JH_IV_ADD_BEDS: return en ? "add beds" : "增加床位";
    case JH_IV_CATCHMENT: return en ? "catchment" : "划片";
    case JH_IV_HIRE: return en ? "hire teachers" : "招聘教师";
    }
    return "";
}

/* A growing text buffer for the id and name lists. */
typedef struct tbuf {
    char *s;
    size_t n, cap;
} tbuf;

static bool tb_add(tbuf *b, const char *t)
{
    size_t k = strlen(t);
    if (b->n + k + 1 > b->cap) {
        size_t cap = (b->n + k + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return false;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, t, k + 1);
    b->n += k;
    return true;
}

/* The name of the school of an id; "" when unknown. */
static const char *school_name_of(const jh_county *c, const char *id)
{
    int i = id ? jh_county_find_school(c, id) : -1;
    return i >= 0 && c->schools[i].name ? c->schools[i].name : "";
}

#define N_IV_COLS 16

/* One row per intervention the scenario applies (optimiser candidates
 * left out), by year and in the file's order within a year: what it is,
 * the schools it names, what it adds and its cost in 万元. */
static jh_status write_interventions(lxw_workbook *wb, const jh_run_result *r, bool en,
                                     const jh_xlsx_fmts *f, jh_error *err)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, en ? "Interventions" : "干预", f);
    if (!ws)
        return JH_OK;
    static const char *const zh[N_IV_COLS] = {
        "年份", "措施", "措施代码", "学校代码", "学校名称", "学段", "新增教室", "新增容量",
        "新增校舍(平方米)", "新增运动场(平方米)", "新增仪器设备(元)", "新增多媒体教室",
        "新增床位", "新增教师", "说明", "投资(万元)"};
    static const char *const english[N_IV_COLS] = {
        "Year", "Action", "Kind", "School ID", "School", "Level", "Classrooms added",
        "Places added", "Building added (m2)", "Sports ground added (m2)",
        "Equipment added (yuan)", "Multimedia rooms added", "Beds added", "Teachers added",
        "Details", "Cost (10k yuan)"};
    jh_xlsx_header(ws, en ? english : zh, N_IV_COLS, 32, f);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 2, en ? 14 : 10, NULL);
    worksheet_set_column(ws, 3, 3, 14, NULL);
    worksheet_set_column(ws, 4, 4, 28, NULL);
    worksheet_set_column(ws, 5, 13, 11, NULL);
    worksheet_set_column(ws, 14, 14, 30, NULL);
    worksheet_set_column(ws, 15, 15, 12, NULL);
    const jh_scenario *sc = r->scenario;
    const jh_county *c = r->county;
    size_t n = sc ? sc->n_interventions : 0;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) { /* stable insertion by year */
        if (sc->interventions[i].candidate)
            continue;
        size_t k = m;
        while (k > 0 && sc->interventions[order[k - 1]].year > sc->interventions[i].year) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
        m++;
    }
    const char *sep = en ? ", " : "、";
    jh_status st = JH_OK;
    lxw_row_t row = 1;
    for (size_t k = 0; k < m && st == JH_OK; k++, row++) {
        const jh_intervention *iv = &sc->interventions[order[k]];
        tbuf ids = {0}, names = {0}, note = {0};
        bool ok = tb_add(&ids, "") && tb_add(&names, "") && tb_add(&note, "");
        if (iv->kind == JH_IV_BUILD) {
            ok = ok && tb_add(&ids, iv->build.id ? iv->build.id : "") &&
                 tb_add(&names, iv->build.name ? iv->build.name : "");
        } else if (iv->kind == JH_IV_CATCHMENT) {
            ok = ok && tb_add(&ids, iv->target ? iv->target : "") &&
                 tb_add(&names, school_name_of(c, iv->target));
            char buf[96];
            snprintf(buf, sizeof buf, en ? "%zu villages assigned: " : "%zu 个村划入：",
                     iv->n_ids);
            ok = ok && tb_add(&note, buf);
            for (size_t j = 0; ok && j < iv->n_ids; j++)
                ok = (j == 0 || tb_add(&note, sep)) && tb_add(&note, iv->ids[j]);
            if (ok && iv->entrants_only)
                ok = tb_add(&note, en ? " (new entrants only)" : "（仅新生）");
            /* split villages: their id and the students the entry moves */
            if (ok && iv->n_split)
                ok = tb_add(&note, en ? "; in part: " : "；部分划入：");
            for (size_t j = 0; ok && j < iv->n_split; j++) {
                snprintf(buf, sizeof buf, en ? " (%.0f students)" : "（%.0f 人）",
                         iv->split_students[j]);
                ok = (j == 0 || tb_add(&note, sep)) && tb_add(&note, iv->split_ids[j]) &&
                     tb_add(&note, buf);
            }
        } else {
            for (size_t j = 0; ok && j < iv->n_ids; j++)
                ok = (j == 0 || (tb_add(&ids, sep) && tb_add(&names, sep))) &&
                     tb_add(&ids, iv->ids[j]) && tb_add(&names, school_name_of(c, iv->ids[j]));
        }
        if (ok && (iv->kind == JH_IV_CLOSE || iv->kind == JH_IV_MERGE) && iv->target) {
            bool nearest = strcmp(iv->target, "nearest") == 0;
            ok = tb_add(&note, iv->kind == JH_IV_CLOSE ? (en ? "students to " : "学生转入")
                                                       : (en ? "merged into " : "并入")) &&
                 tb_add(&note, nearest ? (en ? "the nearest school" : "最近学校") : iv->target);
            if (ok && !nearest && *school_name_of(c, iv->target))
                ok = tb_add(&note, " ") && tb_add(&note, school_name_of(c, iv->target));
            for (int l = 0; ok && iv->kind == JH_IV_CLOSE && l < JH_NLEVELS; l++)
                if (iv->level_to[l])
                    ok = tb_add(&note, l == JH_JUNIOR ? (en ? "; junior students to " : "；初中学生转入")
                                                      : (en ? "; primary students to " : "；小学学生转入")) &&
                         tb_add(&note, iv->level_to[l]);
            if (ok && iv->kind == JH_IV_MERGE)
                ok = tb_add(&note, iv->campus_keep ? (en ? " (campus kept)" : "（保留校区）")
                                                   : (en ? " (campus closed)" : "（校区关闭）"));
        }
        if (ok && iv->kind == JH_IV_CONVERT)
            ok = tb_add(&note, en ? "to " : "改为") &&
                 tb_add(&note, jh_school_type_name(iv->convert_to));
        if (!ok) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        } else {
            const jh_resources *a = iv->kind == JH_IV_BUILD ? &iv->build.res : &iv->add;
            int rooms = iv->kind == JH_IV_BUILD ? iv->build.classrooms : iv->classrooms;
            int cap = iv->kind == JH_IV_BUILD ? iv->build.capacity : iv->capacity;
            worksheet_write_number(ws, row, 0, iv->year, f->integer);
            jh_xlsx_text(ws, row, 1, kind_label(iv->kind, en), f);
            jh_xlsx_text(ws, row, 2, jh_intervention_kind_name(iv->kind), f);
            jh_xlsx_text(ws, row, 3, ids.s, f);
            jh_xlsx_text(ws, row, 4, names.s, f);
            if (iv->kind == JH_IV_CATCHMENT)
                jh_xlsx_text(ws, row, 5, jh_html_level_label(iv->level, en), f);
            const double add[] = {rooms, cap, a->building_m2, a->sports_m2, a->equipment_yuan,
                                  a->multimedia_rooms, a->boarding_beds, a->teachers};
            for (int j = 0; j < 8; j++)
                if (add[j] > 0)
                    jh_xlsx_num(ws, row, (lxw_col_t)(6 + j), add[j], f->integer);
            jh_xlsx_text(ws, row, 14, note.s, f);
            jh_xlsx_num(ws, row, 15, iv->cost_wan, f->money);
        }
        free(ids.s);
        free(names.s);
        free(note.s);
    }
    free(order);
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, N_IV_COLS - 1);
    return st;
}

/* ------------------------------------------------------------- 教师 */

#define N_T_COLS 23

/* Teacher flows (summary.json `teachers`): per year a row for each level
 * (moves out of and into schools by area type, teachers away on
 * secondment or exchange, returns, hires by attribute, retirements,
 * school levels below the staffing floor) and a 全县 / County row with
 * the levels summed and the county's own figures (all teachers, eligible
 * to rotate, moved, backbone moved, share rules met, promotions). */
static void write_teachers(lxw_workbook *wb, const jh_run_result *r, bool en,
                           const jh_xlsx_fmts *f)
{
    lxw_worksheet *ws = jh_xlsx_sheet(wb, en ? "Teachers" : "教师", f);
    if (!ws)
        return;
    static const char *const zh[N_T_COLS] = {
        "年份", "学段", "调出·城区", "调出·镇区", "调出·乡村", "调入·城区", "调入·镇区",
        "调入·乡村", "在外支教交流", "期满返回", "招聘", "招聘·高学历", "招聘·体艺",
        "招聘·骨干", "退休", "低于编制下限的学校", "专任教师总数", "可交流教师",
        "交流轮岗", "骨干交流", "交流比例达标", "晋升骨干", "晋升高级职称"};
    static const char *const english[N_T_COLS] = {
        "Year", "Level", "Moved out (urban)", "Moved out (town)", "Moved out (rural)",
        "Moved in (urban)", "Moved in (town)", "Moved in (rural)",
        "Away on secondment or exchange", "Returned", "Hired", "Hired above degree",
        "Hired PE/art", "Hired backbone", "Retired", "Schools below staffing floor",
        "Teachers (all)", "Eligible to rotate", "Moved", "Backbone moved", "Share rules met",
        "Promoted backbone", "Promoted senior title"};
    jh_xlsx_header(ws, en ? english : zh, N_T_COLS, 46, f);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 1, en ? 16 : 7, NULL);
    worksheet_set_column(ws, 2, N_T_COLS - 1, 10, NULL);
    lxw_row_t row = 1;
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_teacher_year *t = &r->years[y].teachers;
        for (int l = 0; l <= JH_NLEVELS; l++, row++) {
            bool county = l == JH_NLEVELS;
            double v[14] = {0};
            for (int k = county ? 0 : l; k < (county ? JH_NLEVELS : l + 1); k++) {
                const jh_teacher_level_year *L = &t->level[k];
                for (int a = 0; a < JH_NAREAS; a++) {
                    v[a] += (double)L->moved_out[a];
                    v[3 + a] += (double)L->moved_in[a];
                }
                const long rest[] = {L->away, L->returned, L->hired, L->hired_above_degree,
                                     L->hired_pe_art, L->hired_backbone, L->retired,
                                     L->below_floor};
                for (int j = 0; j < 8; j++)
                    v[6 + j] += (double)rest[j];
            }
            worksheet_write_number(ws, row, 0, r->years[y].year, f->integer);
            jh_xlsx_text(ws, row, 1,
                         county ? (en ? "County" : "全县") : jh_html_level_label((jh_level)l, en),
                         f);
            for (int j = 0; j < 14; j++)
                worksheet_write_number(ws, row, (lxw_col_t)(2 + j), v[j], f->integer);
            if (!county)
                continue;
            const long cv[] = {t->total, t->eligible, t->moved, t->backbone_moved};
            for (int j = 0; j < 4; j++)
                worksheet_write_number(ws, row, (lxw_col_t)(16 + j), (double)cv[j], f->integer);
            jh_xlsx_yesno(ws, row, 20, t->share_rules < 0 ? NAN : t->share_rules, en, f);
            worksheet_write_number(ws, row, 21, (double)t->promoted_backbone, f->integer);
            worksheet_write_number(ws, row, 22, (double)t->promoted_senior_title, f->integer);
        }
    }
    if (row > 1)
        worksheet_autofilter(ws, 0, 0, row - 1, N_T_COLS - 1);
}

/* ------------------------------------------------------------ workbook */

jh_status jh_output_write_xlsx(const jh_run_result *r, const char *path, const char *lang,
                               jh_error *err)
{
    bool en = lang && strcmp(lang, "en") == 0;
    jh_xlsx_metrics t;
    jh_status st = jh_xlsx_metrics_load(&t, r, err);
    if (st != JH_OK)
        return st;
    jh_xlsx_fmts f;
    lxw_workbook *wb = jh_xlsx_open(path, en ? "junheng results" : "均衡 结果", &f, err);
    if (!wb) {
        jh_xlsx_metrics_free(&t);
        return JH_ERR_RUN;
    }
    jh_xlsx_summary_sheet(wb, NULL, r, &t, en, &f);
    write_cvs(wb, r, &t, en, &f);
    st = write_schools(wb, r, en, &f, err);
    if (st == JH_OK)
        st = write_interventions(wb, r, en, &f, err);
    if (st == JH_OK)
        write_teachers(wb, r, en, &f);
    jh_xlsx_metrics_free(&t);
    return jh_xlsx_close(wb, &f, path, st, err);
}
