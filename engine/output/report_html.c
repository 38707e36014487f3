/*
 * report_html: report.html, one self-contained page (inline CSS, inline
 * SVG, two small inline scripts — the map's and the school table's — and
 * one JSON data block; no URL of any kind — even the SVG namespace is left
 * out, as HTML5 allows) so that it opens offline from a mail or an archive.
 *
 * Everything that comes from the user's data (scenario, school and village
 * names and ids, the CRS text) goes through jh_html_escape. Elements carry
 * ids and data-* attributes (data-id, data-year, data-metric, data-level,
 * data-standard) so tests and scripts can find them in the DOM.
 */
#include "output/report_html.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/html.h"
#include "output/report_concerns.h"
#include "output/report_map.h"
#include "output/report_optimiser.h"
#include "output/report_plan.h"
#include "output/report_money.h"
#include "output/report_schedule.h"

/* ----------------------------------------------------------------- report */

/* Above these sizes the page would run to tens of megabytes and no browser
 * would draw it: villages and their lines are left off the map, and the
 * school list is cut, with a note pointing to the Shapefiles and CSVs. */
#define MAX_SCHOOL_ROWS 3000

typedef struct report {
    FILE *f;
    const jh_run_result *r;
    bool en;
    jh_rules rules;
    char **year_labels;  /* "2025", ... */
    double *y;           /* scratch, n_years x 16 */
} report;

static double cv_limit(const report *rp, int standard, int level)
{
    return standard == JH_STANDARD_BASIC ? rp->rules.cv_limit_basic[level]
                                         : rp->rules.cv_limit_quality[level];
}

static const jh_standard_metrics *std_of(const jh_level_metrics *m, int standard)
{
    return standard == JH_STANDARD_BASIC ? &m->basic : &m->quality;
}

static void cell_num(FILE *f, double v)
{
    char buf[64];
    jh_html_number(buf, sizeof buf, v);
    fprintf(f, "<td>%s</td>", buf);
}

static void cell_pass(FILE *f, bool pass, bool en)
{
    fprintf(f, "<td class=\"%s\" data-pass=\"%d\">%s</td>", pass ? "pass" : "fail", pass ? 1 : 0,
            pass ? jh_html_text(en, "达标", "pass") : jh_html_text(en, "未达标", "fail"));
}

static void header_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    const jh_scenario *sc = r->scenario;
    bool en = rp->en;
    fputs("<header id=\"header\">\n<h1>", f);
    fputs(jh_html_text(en, "县域义务教育均衡发展模拟报告：", "Balance simulation report: "), f);
    jh_html_escape(f, sc && sc->name ? sc->name : "");
    fputs("</h1>\n<p class=\"meta\">", f);
    if (r->n_years > 0)
        fprintf(f, "%s %d–%d · ", jh_html_text(en, "规划期", "Horizon"), r->years[0].year,
                r->years[r->n_years - 1].year);
    fprintf(f, "%s %s · %s ", jh_html_text(en, "评估标准", "Standard"),
            jh_html_standard_label(sc ? (int)sc->standard : 0, en), jh_html_text(en, "坐标系", "CRS"));
    jh_html_escape(f, r->county->crs);
    fprintf(f, " · %s %zu · %s %zu</p>\n</header>\n", jh_html_text(en, "学校", "Schools"),
            r->county->n_schools, jh_html_text(en, "村庄", "Villages"), r->county->n_villages);

    /* key figures */
    fputs("<section id=\"summary\"><h2>", f);
    fputs(jh_html_text(en, "主要结论", "Key figures"), f);
    fputs("</h2>\n<div class=\"cards\">\n", f);
    /* the sustained verdict first ("holds from", or "fails in the final
     * year"), the first pass year second: a first pass followed by a fail
     * is not a pass */
    for (int l = 0; l <= JH_VERDICT_COUNTY; l++)
        for (int s = 0; s < 2; s++) {
            int y = r->first_pass_year[l][s], from = r->pass_from_year[l][s];
            bool county = l == JH_VERDICT_COUNTY;
            const char *what = county ? (s ? jh_html_text(en, "基本均衡", "basic balance")
                                           : jh_html_text(en, "优质均衡（全部四项）",
                                                          "quality balance (all four parts)"))
                               : s ? jh_html_standard_label(s, en)
                                   : jh_html_text(en, "优质均衡 · 资源配置", "quality · resources");
            fprintf(f, "<div class=\"card first-pass%s\" data-level=\"%s\" data-standard=\"%s\" "
                       "data-year=\"%s%.0d\" data-from=\"%s%.0d\"><div>%s · %s</div>"
                       "<div class=\"v\">",
                    from ? "" : " fails", county ? "county" : jh_level_name((jh_level)l),
                    s ? "basic" : "quality", y ? "" : "never", y, from ? "" : "none", from,
                    county ? jh_html_text(en, "全县", "County") : jh_html_level_label((jh_level)l, en),
                    what);
            if (from)
                fprintf(f, "%s %d", jh_html_text(en, "达标并保持自", "passes and holds from"), from);
            else
                fputs(jh_html_text(en, "期末未达标", "fails in the final year"), f);
            fputs("</div><div class=\"meta\">", f);
            if (y)
                fprintf(f, "%s %d", jh_html_text(en, "首次达标", "first pass"), y);
            else
                fputs(jh_html_text(en, "规划期内从未达标", "never passes within the horizon"), f);
            fputs("</div></div>\n", f);
        }
    int closed = 0, built = 0;
    for (size_t y = 0; y < r->n_years; y++)
        closed += r->years[y].schools_closed, built += r->years[y].schools_built;
    char buf[64];
    jh_html_number(buf, sizeof buf, r->total_cost_wan);
    fprintf(f, "<div class=\"card\" id=\"total-cost\" data-value=\"%s\"><div>%s</div>"
               "<div class=\"v\">%s %s</div></div>\n",
            buf, jh_html_text(en, "建设投入合计", "Total construction cost"), buf, jh_html_text(en, "万元", "×10⁴ yuan"));
    fprintf(f, "<div class=\"card\"><div>%s</div><div class=\"v\">%d / %d</div></div>\n",
            jh_html_text(en, "撤并 / 新建学校", "Schools closed / built"), closed, built);
    fputs("</div>\n</section>\n", f);
}

static const char *const G_ZH[JH_NGUARANTEE] = {
    "超标准班额班级占比", "超规模学校数", "音乐美术专用教室不足学校数",
    "教师交流轮岗比例", "骨干教师占交流轮岗比例", "教师编制缺口"};
static const char *const G_EN[JH_NGUARANTEE] = {
    "share of classes over the standard", "schools over the size limit",
    "schools short of music/art rooms", "rotation share", "backbone share of rotation",
    "teacher posts short"};

/* Why a level's resource verdict fails, with the indicators' labels in the
 * page's language (jh_metrics_fail_reasons says it with keys, for logs). */
static void fail_reasons(FILE *f, const jh_level_metrics *m, int standard, bool en)
{
    bool q = standard == JH_STANDARD_QUALITY;
    const jh_standard_metrics *sm = q ? &m->quality : &m->basic;
    const char *const *keys = q ? jh_quality_keys : jh_basic_keys;
    const char *sep = "";
    const char *next = en ? "; " : "；";
    if (m->schools_counted == 0) {
        fputs(jh_html_text(en, "统计中没有学校", "no school in the statistics"), f);
        sep = next;
    }
    for (int k = 0; k < sm->count; k++) {
        if (sm->no_data[k]) {
            fprintf(f, "%s<span data-key=\"%s\">%s</span> %s", sep, keys[k],
                    jh_html_indicator_label(keys[k], en), jh_html_text(en, "无数据", "no data"));
            sep = next;
        } else if (!sm->ind_pass[k] && isfinite(sm->ind[k].cv)) {
            fprintf(f, "%s<span data-key=\"%s\">%s</span> %s %.3f &gt; %.2f", sep, keys[k],
                    jh_html_indicator_label(keys[k], en), jh_html_text(en, "差异系数", "CV"),
                    sm->ind[k].cv, sm->cv_limit);
            sep = next;
        }
    }
    if (q && !sm->compliance_pass)
        fprintf(f, en ? "%s%d of %d schools comply (all needed)" : "%s%d / %d 所学校达标（须全部达标）",
                sep, m->schools_compliant, m->schools_counted);
}

static void guarantee_reasons(FILE *f, const jh_guarantee *g, bool en)
{
    const char *sep = "";
    for (int k = 0; k < JH_NGUARANTEE; k++) {
        const jh_guarantee_item *it = &g->item[k];
        if (it->pass)
            continue;
        fprintf(f, "%s<span data-key=\"%s\">%s</span> ", sep, jh_guarantee_keys[k],
                en ? G_EN[k] : G_ZH[k]);
        sep = en ? "; " : "；";
        if (!isfinite(it->value) || it->why) {
            /* the reasons metrics.c gives, in the page's language */
            static const char *const why_zh[][2] = {
                {"no rotation policy (teachers.rotation): rotation is required",
                 "未设教师交流轮岗政策（teachers.rotation），评估要求交流轮岗"},
                {"nobody eligible to rotate", "无符合交流条件的教师"},
                {"nobody moved", "无交流轮岗教师"}};
            const char *why = it->why;
            for (size_t w = 0; why && !en && w < sizeof why_zh / sizeof why_zh[0]; w++)
                if (strcmp(why, why_zh[w][0]) == 0)
                    why = why_zh[w][1];
            if (why)
                jh_html_escape(f, why);
            else
                fputs(jh_html_text(en, "无数据", "no data"), f);
        } else if (k == JH_G_CLASSES_OVER_STANDARD || k == JH_G_ROTATION_SHARE ||
                   k == JH_G_ROTATION_BACKBONE_SHARE)
            fprintf(f, "%.3f %s %.2f", it->value, it->at_least ? "&lt;" : "&gt;", it->limit);
        else
            fprintf(f, "%.0f %s %.0f", it->value, it->at_least ? "&lt;" : "&gt;", it->limit);
    }
}

/* Why the verdicts of the final year fail, what the county is awarded,
 * the parts the model does not assess, and the limits the plan breaks. */
static void verdict_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    if (r->n_years == 0)
        return;
    const jh_year_result *last = &r->years[r->n_years - 1];
    char buf[2048];
    fprintf(f, "<section id=\"verdicts\"><h2>%s %d</h2>\n<ul class=\"verdicts\">\n",
            jh_html_text(en, "期末结论", "Verdicts of"), last->year);
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_level_metrics *m = &last->metrics.level[l];
        const struct {
            const char *key, *label;
            bool pass;
            const char *why;
        } rows[] = {
            {"quality", jh_html_text(en, "优质均衡 · 资源配置（差异系数与学校达标）",
                                     "quality · resources (CVs and school compliance)"),
             m->quality.pass, jh_metrics_fail_reasons(m, JH_STANDARD_QUALITY, buf, sizeof buf)},
        };
        for (size_t k = 0; k < 1; k++) {
            fprintf(f, "<li class=\"verdict\" data-level=\"%s\" data-part=\"%s\" "
                       "data-pass=\"%d\">%s · %s: <b>%s</b>",
                    jh_level_name((jh_level)l), rows[k].key, rows[k].pass,
                    jh_html_level_label((jh_level)l, en), rows[k].label,
                    rows[k].pass ? jh_html_text(en, "达标", "pass") : jh_html_text(en, "未达标", "fail"));
            if (!rows[k].pass && rows[k].why[0]) {
                fprintf(f, " — %s ", jh_html_text(en, "未达标项：", "fails:"));
                fail_reasons(f, m, JH_STANDARD_QUALITY, en);
            }
            fputs("</li>\n", f);
        }
        jh_metrics_guarantee_reasons(&m->guarantee, buf, sizeof buf);
        fprintf(f, "<li class=\"verdict\" data-level=\"%s\" data-part=\"guarantee\" "
                   "data-pass=\"%d\">%s · %s: <b>%s</b>",
                jh_level_name((jh_level)l), m->guarantee.pass, jh_html_level_label((jh_level)l, en),
                jh_html_text(en, "政府保障程度", "government guarantee"),
                m->guarantee.pass ? jh_html_text(en, "达标", "pass") : jh_html_text(en, "未达标", "fail"));
        if (!m->guarantee.pass && buf[0]) {
            fprintf(f, " — %s ", jh_html_text(en, "未达标项：", "fails:"));
            guarantee_reasons(f, &m->guarantee, en);
        }
        fputs("</li>\n", f);
        jh_metrics_fail_reasons(m, JH_STANDARD_BASIC, buf, sizeof buf);
        fprintf(f, "<li class=\"verdict\" data-level=\"%s\" data-part=\"basic\" "
                   "data-pass=\"%d\">%s · %s: <b>%s</b>",
                jh_level_name((jh_level)l), m->basic.pass, jh_html_level_label((jh_level)l, en),
                jh_html_standard_label(JH_STANDARD_BASIC, en),
                m->basic.pass ? jh_html_text(en, "达标", "pass") : jh_html_text(en, "未达标", "fail"));
        if (!m->basic.pass && buf[0]) {
            fprintf(f, " — %s ", jh_html_text(en, "未达标项：", "fails:"));
            fail_reasons(f, m, JH_STANDARD_BASIC, en);
        }
        fputs("</li>\n", f);
    }
    const jh_county_verdict *cv = &last->county;
    const char *na = jh_html_text(en, "未评估（不计为达标）", "not assessed (never counted as a pass)");
    const char *yes = jh_html_text(en, "达标", "pass"), *no = jh_html_text(en, "未达标", "fail");
    fprintf(f, "<li class=\"verdict\" data-level=\"county\" data-part=\"quality\" "
               "data-pass=\"%d\">%s · %s: <b>%s</b> — %s %s; %s %s; %s %s; %s %s</li>\n",
            cv->quality, jh_html_text(en, "全县（小学与初中）", "County (primary and junior)"),
            jh_html_text(en, "优质均衡", "quality balance"), cv->quality ? yes : no,
            jh_html_text(en, "资源配置", "resources"), cv->resources ? yes : no,
            jh_html_text(en, "政府保障程度", "government guarantee"), cv->guarantee ? yes : no,
            jh_html_text(en, "教育质量", "education quality"),
            !cv->quality_assessed ? na : cv->education_quality ? yes : no,
            jh_html_text(en, "社会认可度", "social recognition"),
            !cv->satisfaction_assessed ? na : cv->satisfaction ? yes : no);
    fprintf(f, "<li class=\"verdict\" data-level=\"county\" data-part=\"basic\" "
               "data-pass=\"%d\">%s · %s: <b>%s</b></li>\n",
            cv->basic, jh_html_text(en, "全县（小学与初中）", "County (primary and junior)"),
            jh_html_standard_label(JH_STANDARD_BASIC, en), cv->basic ? yes : no);
    fputs("</ul>\n", f);
    fputs("</section>\n", f);
}

/* The government-guarantee items per level and year. */
static void guarantee_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    const char *const *zh = G_ZH, *const *english = G_EN;
    fprintf(f, "<section id=\"guarantee\"><h2>%s</h2>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "政府保障程度（模型可计算的各项）",
                         "Government guarantee (the items the model computes)"),
            jh_html_text(en, "教育质量与社会认可度不在模型内：未评估，不计为达标。",
                         "Education quality and social recognition are outside the model: not "
                         "assessed, never counted as passed."));
    for (int l = 0; l < JH_NLEVELS; l++) {
        fprintf(f, "<h3>%s</h3>\n<table class=\"guarantee-table\" data-level=\"%s\"><thead><tr><th>%s</th>",
                jh_html_level_label((jh_level)l, en), jh_level_name((jh_level)l),
                jh_html_text(en, "年份", "Year"));
        for (int k = 0; k < JH_NGUARANTEE; k++)
            fprintf(f, "<th title=\"%s\">%s</th>", jh_guarantee_keys[k], en ? english[k] : zh[k]);
        fprintf(f, "<th>%s</th></tr></thead><tbody>\n", jh_html_text(en, "结论", "result"));
        for (size_t y = 0; y < r->n_years; y++) {
            const jh_guarantee *g = &r->years[y].metrics.level[l].guarantee;
            fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
            for (int k = 0; k < JH_NGUARANTEE; k++) {
                char v[32] = "—";
                if (isfinite(g->item[k].value))
                    jh_html_number(v, sizeof v, g->item[k].value);
                fprintf(f, "<td class=\"%s\" data-item=\"%s\">%s</td>",
                        g->item[k].pass ? "pass" : "fail", jh_guarantee_keys[k], v);
            }
            cell_pass(f, g->pass, en);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    fputs("</section>\n", f);
}

/* Per year: students, schools, compliance and pass of each level. */
static void years_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    fprintf(f, "<section id=\"years\"><h2>%s</h2>\n<table id=\"years-table\"><thead><tr>"
               "<th>%s</th>",
            jh_html_text(en, "逐年概况", "Year by year"), jh_html_text(en, "年份", "Year"));
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s %s</th><th>%s %s</th><th>%s %s</th><th>%s %s</th>",
                jh_html_level_label((jh_level)l, en), jh_html_text(en, "在校生", "students"),
                jh_html_level_label((jh_level)l, en), jh_html_text(en, "学校", "schools"),
                jh_html_level_label((jh_level)l, en), jh_html_text(en, "达标学校", "compliant"),
                jh_html_level_label((jh_level)l, en), jh_html_text(en, "未安置", "unplaced"));
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < r->n_years; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            fprintf(f, "<td>%ld</td><td>%d</td><td>%d / %d</td><td>%ld</td>", m->students,
                    m->schools, m->schools_compliant, m->schools_counted, m->unplaced_students);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* One chart per level and standard: every indicator's CV by year, the mean
 * CV in bold, and the limit dashed. Then the pass/fail table. */
static void cv_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"cv\"><h2>%s</h2>\n",
            jh_html_text(en, "差异系数与达标情况", "Difference coefficients (CV) and pass / fail"));
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int nk = s == JH_STANDARD_BASIC ? JH_NBASIC : JH_NQUALITY;
            const char *const *keys = s == JH_STANDARD_BASIC ? jh_basic_keys : jh_quality_keys;
            jh_chart_series series[JH_NBASIC + 1];
            for (int k = 0; k <= nk; k++) {
                double *yv = rp->y + (size_t)k * ny;
                for (size_t y = 0; y < ny; y++) {
                    const jh_standard_metrics *sm = std_of(&r->years[y].metrics.level[l], s);
                    yv[y] = k < nk ? sm->ind[k].cv : sm->cv_mean;
                }
                series[k].label = k < nk ? jh_html_indicator_label(keys[k], en)
                                         : jh_html_text(en, "差异系数均值", "mean CV");
                series[k].y = yv;
                series[k].bold = k == nk;
            }
            char metric[64], title[256];
            snprintf(metric, sizeof metric, "cv.%s.%s", jh_level_name((jh_level)l),
                     s ? "basic" : "quality");
            snprintf(title, sizeof title, "%s · %s · %s", jh_html_level_label((jh_level)l, en),
                     jh_html_standard_label(s, en), jh_html_text(en, "差异系数", "CV"));
            jh_chart c = {.metric = metric,
                          .title = title,
                          .y_label = jh_html_text(en, "差异系数", "CV"),
                          .x_labels = (const char *const *)rp->year_labels,
                          .n_x = ny,
                          .series = series,
                          .n_series = (size_t)nk + 1,
                          .has_limit = true,
                          .limit = cv_limit(rp, s, l),
                          .limit_label = jh_html_text(en, "限值", "limit")};
            jh_html_chart(f, &c);
        }
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int nk = s == JH_STANDARD_BASIC ? JH_NBASIC : JH_NQUALITY;
            const char *const *keys = s == JH_STANDARD_BASIC ? jh_basic_keys : jh_quality_keys;
            int fpy = r->first_pass_year[l][s], from = r->pass_from_year[l][s];
            fprintf(f, "<h3>%s · %s</h3>\n<p class=\"first-pass-year\" data-level=\"%s\" "
                       "data-standard=\"%s\">",
                    jh_html_level_label((jh_level)l, en),
                    s ? jh_html_standard_label(s, en)
                      : jh_html_text(en, "优质均衡 · 资源配置", "quality · resources"),
                    jh_level_name((jh_level)l), s ? "basic" : "quality");
            if (from)
                fprintf(f, "%s %d · ", jh_html_text(en, "达标并保持自", "Passes and holds from"), from);
            else
                fprintf(f, "%s · ", jh_html_text(en, "期末未达标", "Fails in the final year"));
            fprintf(f, "%s: ", jh_html_text(en, "首次达标年份", "first pass year"));
            if (fpy)
                fprintf(f, "<b>%d</b>", fpy);
            else
                fputs(jh_html_text(en, "规划期内未达标", "not within the horizon"), f);
            char lim[32];
            jh_html_number(lim, sizeof lim, cv_limit(rp, s, l));
            fprintf(f, " · %s %s</p>\n", jh_html_text(en, "差异系数限值", "CV limit"), lim);
            fprintf(f, "<table class=\"pass-table\" data-level=\"%s\" data-standard=\"%s\">"
                       "<thead><tr><th>%s</th>",
                    jh_level_name((jh_level)l), s ? "basic" : "quality", jh_html_text(en, "年份", "Year"));
            for (int k = 0; k < nk; k++)
                fprintf(f, "<th title=\"%s\">%s</th>", keys[k], jh_html_indicator_label(keys[k], en));
            fprintf(f, "<th>%s</th><th>%s</th>%s<th>%s</th></tr></thead><tbody>\n",
                    jh_html_text(en, "均值", "mean"), jh_html_text(en, "差异系数", "CV"),
                    s == JH_STANDARD_QUALITY
                        ? (en ? "<th>Compliant schools</th>" : "<th>达标学校</th>")
                        : "",
                    jh_html_text(en, "结论", "result"));
            for (size_t y = 0; y < ny; y++) {
                const jh_level_metrics *m = &r->years[y].metrics.level[l];
                const jh_standard_metrics *sm = std_of(m, s);
                fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year,
                        r->years[y].year);
                for (int k = 0; k < nk; k++) {
                    if (sm->no_data[k]) {
                        fprintf(f, "<td class=\"fail nodata\">%s</td>",
                                jh_html_text(en, "无数据", "no data"));
                        continue;
                    }
                    char v[32];
                    jh_html_number(v, sizeof v, sm->ind[k].cv);
                    fprintf(f, "<td class=\"%s\">%s</td>", sm->ind_pass[k] ? "pass" : "fail",
                            isfinite(sm->ind[k].cv) ? v : "—");
                }
                cell_num(f, sm->cv_mean);
                cell_pass(f, sm->cv_pass, en);
                if (s == JH_STANDARD_QUALITY)
                    fprintf(f, "<td>%d / %d</td>", m->schools_compliant, m->schools_counted);
                cell_pass(f, sm->pass, en);
                fputs("</tr>\n", f);
            }
            fputs("</tbody></table>\n", f);
        }
    fputs("</section>\n", f);
}

static void classes_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"classes\"><h2>%s</h2>\n",
            jh_html_text(en, "大班额与超大班额", "Large and super-large classes"));
    jh_chart_series series[4];
    char labels[4][96];
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int k = 0; k < 2; k++) {
            int i = 2 * l + k;
            double *yv = rp->y + (size_t)i * ny;
            for (size_t y = 0; y < ny; y++) {
                const jh_level_metrics *m = &r->years[y].metrics.level[l];
                yv[y] = k ? m->super_large_classes : m->large_classes;
            }
            snprintf(labels[i], sizeof labels[i], "%s %s", jh_html_level_label((jh_level)l, en),
                     k ? jh_html_text(en, "超大班额", "super-large") : jh_html_text(en, "大班额", "large"));
            series[i] = (jh_chart_series){labels[i], yv, false};
        }
    jh_chart c = {.metric = "classes.large",
                  .title = jh_html_text(en, "大班额（56–65人）与超大班额（66人以上）班数",
                             "Large (56–65) and super-large (66+) classes"),
                  .y_label = jh_html_text(en, "班数", "classes"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = series,
                  .n_series = 4};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"classes-table\"><thead><tr><th>%s</th>", jh_html_text(en, "年份", "Year"));
    for (int i = 0; i < 4; i++)
        fprintf(f, "<th>%s</th>", labels[i]);
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s %s</th>", jh_html_level_label((jh_level)l, en),
                jh_html_text(en, "最大班额", "largest class"));
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s %s</th><th>%s %s</th>", jh_html_level_label((jh_level)l, en),
                jh_html_text(en, "超标准班额班数", "classes over the standard"),
                jh_html_level_label((jh_level)l, en),
                jh_html_text(en, "按标准班额尚缺教室", "classrooms needed at the standard"));
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            fprintf(f, "<td>%d</td><td>%d</td>", m->large_classes, m->super_large_classes);
        }
        for (int l = 0; l < JH_NLEVELS; l++)
            fprintf(f, "<td>%d</td>", r->years[y].metrics.level[l].largest_class);
        for (int l = 0; l < JH_NLEVELS; l++)
            fprintf(f, "<td data-metric=\"classes_over_standard\">%d</td>"
                       "<td data-metric=\"classrooms_needed\">%d</td>",
                    r->years[y].metrics.level[l].classes_over_standard,
                    r->years[y].metrics.level[l].classrooms_needed);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* Distance distribution of the final year (bands of km, or minutes when the
 * travel table is in minutes) and the share beyond the limit by year. */
static void distance_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    bool minutes = rp->rules.distance_minutes;
    static const double km_edges[] = {1, 2, 3, 5, 10};
    static const double min_edges[] = {10, 20, 30, 45, 60};
    const double *edges = minutes ? min_edges : km_edges;
    enum { NB = 6 };
    double counts[JH_NLEVELS][NB] = {{0}};
    for (size_t k = 0; k < r->n_final_flows; k++) {
        const jh_flow *fl = &r->final_flows[k];
        if (fl->school < 0 || fl->students <= 0 || !isfinite(fl->cost))
            continue;
        double d = minutes ? fl->cost : fl->cost / 1000;
        int b = 0;
        while (b < NB - 1 && d >= edges[b])
            b++;
        counts[fl->level][b] += fl->students;
    }
    const char *unit = minutes ? jh_html_text(en, "分钟", "min") : "km";
    char bl[NB][48];
    const char *bands[NB];
    for (int b = 0; b < NB; b++) {
        if (b == 0)
            snprintf(bl[b], sizeof bl[b], "<%g %s", edges[0], unit);
        else if (b == NB - 1)
            snprintf(bl[b], sizeof bl[b], "≥%g %s", edges[NB - 2], unit);
        else
            snprintf(bl[b], sizeof bl[b], "%g–%g %s", edges[b - 1], edges[b], unit);
        bands[b] = bl[b];
    }
    fprintf(f, "<section id=\"distance\"><h2>%s</h2>\n",
            jh_html_text(en, "上学距离", "Distance to school"));
    jh_chart_series series[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++)
        series[l] = (jh_chart_series){jh_html_level_label((jh_level)l, en), counts[l], false};
    jh_chart c = {.metric = "distance.bands",
                  .title = jh_html_text(en, "规划期末上学距离分布（学生数）",
                             "Distance distribution in the final year (students)"),
                  .y_label = jh_html_text(en, "学生数", "students"),
                  .x_labels = bands,
                  .n_x = NB,
                  .series = series,
                  .n_series = JH_NLEVELS,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"distance-bands\"><thead><tr><th>%s</th>", jh_html_text(en, "距离", "Distance"));
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s</th>", jh_html_level_label((jh_level)l, en));
    fputs("</tr></thead><tbody>\n", f);
    for (int b = 0; b < NB; b++) {
        fprintf(f, "<tr data-band=\"%d\"><td class=\"text\">", b);
        jh_html_escape(f, bands[b]);
        fputs("</td>", f);
        for (int l = 0; l < JH_NLEVELS; l++)
            fprintf(f, "<td>%.0f</td>", counts[l][b]);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    /* share beyond the limit, by year */
    jh_chart_series sh[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++) {
        double *yv = rp->y + (size_t)l * ny;
        for (size_t y = 0; y < ny; y++)
            yv[y] = 100 * r->years[y].metrics.level[l].share_beyond_distance;
        sh[l] = (jh_chart_series){jh_html_level_label((jh_level)l, en), yv, false};
    }
    jh_chart c2 = {.metric = "distance.share_beyond",
                   .title = jh_html_text(en, "超出就学距离限值的学生比例（%）",
                              "Share of students beyond the distance limit (%)"),
                   .y_label = "%",
                   .x_labels = (const char *const *)rp->year_labels,
                   .n_x = ny,
                   .series = sh,
                   .n_series = JH_NLEVELS};
    jh_html_chart(f, &c2);
    fprintf(f, "<table id=\"distance-table\"><thead><tr><th>%s</th>", jh_html_text(en, "年份", "Year"));
    for (int l = 0; l < JH_NLEVELS; l++) {
        char lim[32];
        jh_html_number(lim, sizeof lim, rp->rules.distance_km[l]);
        fprintf(f, "<th>%s %s (%s)</th><th>%s %s %s %s%s</th>",
                jh_html_level_label((jh_level)l, en), jh_html_text(en, "平均距离", "mean distance"),
                minutes ? unit : "km", jh_html_level_label((jh_level)l, en),
                jh_html_text(en, "超出", "share beyond"), lim, unit, jh_html_text(en, "的比例", ""));
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            cell_num(f, m->mean_distance_km);
            char buf[32];
            if (isfinite(m->share_beyond_distance))
                snprintf(buf, sizeof buf, "%.1f%%", 100 * m->share_beyond_distance);
            else
                snprintf(buf, sizeof buf, "–");
            fprintf(f, "<td>%s</td>", buf);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

static void teachers_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"teachers\"><h2>%s</h2>\n",
            jh_html_text(en, "教师交流、招聘与退休", "Teachers rotated, hired and retired"));
    if (r->rotation_plan[0]) { /* the look-ahead's verdict (English, as on stderr) */
        fputs("<p id=\"rotation-plan\">", f);
        jh_html_escape(f, r->rotation_plan);
        fputs("</p>\n", f);
    }
    const char *labels[3] = {jh_html_text(en, "交流轮岗", "rotated"), jh_html_text(en, "新招聘", "hired"),
                             jh_html_text(en, "退休", "retired")};
    jh_chart_series series[3];
    for (int k = 0; k < 3; k++) {
        double *yv = rp->y + (size_t)k * ny;
        for (size_t y = 0; y < ny; y++) {
            const jh_teacher_year *t = &r->years[y].teachers;
            yv[y] = k == 0 ? t->moved : k == 1 ? t->hired : t->retired;
        }
        series[k] = (jh_chart_series){labels[k], yv, false};
    }
    jh_chart c = {.metric = "teachers",
                  .title = jh_html_text(en, "每年教师流动", "Teacher movements per year"),
                  .y_label = jh_html_text(en, "人", "teachers"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = series,
                  .n_series = 3,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"teachers-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "年份", "Year"), jh_html_text(en, "教师总数", "total"),
            jh_html_text(en, "符合交流条件", "eligible"), labels[0],
            jh_html_text(en, "其中骨干教师", "of them backbone"),
            jh_html_text(en, "调入乡村学校", "moved to rural schools"),
            jh_html_text(en, "支教在外", "away on term"), jh_html_text(en, "期满返回", "returned"),
            labels[1], jh_html_text(en, "其中高学历", "of them above-degree"),
            jh_html_text(en, "其中音体美", "of them PE/art"), labels[2],
            jh_html_text(en, "低于编制下限的学校", "school levels below floor"),
            jh_html_text(en, "交流比例要求", "share rules"));
    for (size_t y = 0; y < ny; y++) {
        const jh_teacher_year *t = &r->years[y].teachers;
        long to_rural = 0, above = 0, pe = 0, below = 0;
        for (int l = 0; l < JH_NLEVELS; l++) {
            to_rural += t->level[l].moved_in[JH_RURAL];
            above += t->level[l].hired_above_degree;
            pe += t->level[l].hired_pe_art;
            below += t->level[l].below_floor;
        }
        const char *rule = t->share_rules < 0 ? "–"
                           : t->share_rules  ? jh_html_text(en, "达到", "met")
                                             : jh_html_text(en, "未达到", "not met");
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td><td>%ld</td><td>%ld</td><td>%ld</td>"
                   "<td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>"
                   "<td>%ld</td><td>%ld</td><td>%ld</td><td",
                r->years[y].year, r->years[y].year, t->total, t->eligible, t->moved,
                t->backbone_moved, to_rural, t->away, t->returned, t->hired, above, pe,
                t->retired, below);
        if (t->share_reason)
            fprintf(f, " title=\"%s\"", t->share_reason); /* plain ASCII, no markup */
        fprintf(f, ">%s</td></tr>\n", rule);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

static void cost_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"cost\"><h2>%s</h2>\n",
            jh_html_text(en, "建设投入与学校撤并新建", "Construction cost and schools closed / built"));
    double *yv = rp->y;
    for (size_t y = 0; y < ny; y++)
        yv[y] = r->years[y].cost_wan;
    jh_chart_series s = {jh_html_text(en, "建设投入（万元）", "cost (×10⁴ yuan)"), yv, false};
    jh_chart c = {.metric = "cost",
                  .title = jh_html_text(en, "每年建设投入（万元）", "Construction cost per year (×10⁴ yuan)"),
                  .y_label = jh_html_text(en, "万元", "×10⁴ yuan"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = &s,
                  .n_series = 1,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"cost-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "年份", "Year"), jh_html_text(en, "建设投入（万元）", "cost (×10⁴ yuan)"),
            jh_html_text(en, "撤并学校", "schools closed"), jh_html_text(en, "新建学校", "schools built"));
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        cell_num(f, r->years[y].cost_wan);
        fprintf(f, "<td>%d</td><td>%d</td></tr>\n", r->years[y].schools_closed,
                r->years[y].schools_built);
    }
    fprintf(f, "<tr class=\"total\"><th>%s</th>", jh_html_text(en, "合计", "Total"));
    cell_num(f, r->total_cost_wan);
    fputs("<td></td><td></td></tr>\n</tbody></table>\n", f);
    jh_report_recurrent_table(f, r, en);
    fputs("</section>\n", f);
}

jh_status jh_report_html_write(const jh_run_result *r, const char *path, const char *lang,
                               jh_error *err)
{
    if (!r || !r->county)
        return jh_error_set(err, JH_ERR_RUN, "%s: no run result to report", path);
    bool en = lang && strcmp(lang, "en") == 0;
    report rp = {.r = r, .en = en};
    if (r->scenario)
        rp.rules = r->scenario->rules;
    else
        jh_rules_default(&rp.rules);
    size_t ny = r->n_years;
    rp.year_labels = calloc(ny ? ny : 1, sizeof *rp.year_labels);
    rp.y = calloc((ny ? ny : 1) * 16, sizeof *rp.y);
    bool oom = !rp.year_labels || !rp.y;
    for (size_t y = 0; y < ny && !oom; y++) {
        rp.year_labels[y] = malloc(16);
        if (!rp.year_labels[y])
            oom = true;
        else
            snprintf(rp.year_labels[y], 16, "%d", r->years[y].year);
    }
    jh_status st = JH_OK;
    if (oom)
        st = jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    FILE *f = NULL;
    if (st == JH_OK) {
        f = fopen(path, "w");
        if (!f)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    }
    if (st == JH_OK) {
        rp.f = f;
        char title[512];
        snprintf(title, sizeof title, "%s%s", jh_html_text(en, "均衡发展模拟报告 · ", "Balance report · "),
                 r->scenario && r->scenario->name ? r->scenario->name : "");
        jh_html_begin(f, en, title);
        header_section(&rp);
        jh_report_map_section(f, r, en);
        verdict_section(&rp);
        jh_report_plan_section(f, r, en);
        years_section(&rp);
        cv_section(&rp);
        classes_section(&rp);
        guarantee_section(&rp);
        distance_section(&rp);
        teachers_section(&rp);
        jh_report_needs_section(f, r, (const char *const *)rp.year_labels, en);
        jh_report_concerns_section(f, r, &rp.rules, en);
        cost_section(&rp);
        jh_report_gap_section(f, r, en);
        jh_report_optimiser_section(f, r, en, rp.rules.distance_minutes);
        jh_report_schedule_section(f, r, en);
        jh_report_school_table(f, r, &rp.rules, en, MAX_SCHOOL_ROWS);
        fprintf(f, "<footer class=\"meta\"><p>junheng %s</p></footer>\n",
#ifdef JH_VERSION
                JH_VERSION
#else
                ""
#endif
        );
        jh_html_end(f);
        bool bad = ferror(f) != 0;
        if (fclose(f) != 0 || bad)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    for (size_t y = 0; y < ny && rp.year_labels; y++)
        free(rp.year_labels[y]);
    free(rp.year_labels);
    free(rp.y);
    return st;
}
