/*
 * comparison: `junheng compare` puts several runs side by side.
 * comparison.csv repeats each run's metrics.csv rows with the scenario's
 * name in front (so a spreadsheet pivot does the rest); comparison.html is
 * the page for the leadership group: one column per scenario (first pass
 * year, final-year CVs, schools closed and built, cost, mean distance,
 * large classes) and charts with one line per scenario. Same rules as
 * report.html: self-contained, every user text escaped.
 */
#include "output/comparison.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/comparison_rows.h"
#include "output/html.h"
#include "output/summary.h"

static const char *run_name(const jh_run_result *r)
{
    return r && r->scenario && r->scenario->name ? r->scenario->name : "";
}

/* ---------------------------------------------------------- comparison.csv */

typedef struct csv_ctx {
    FILE *f;
    const char *scenario;
} csv_ctx;

static jh_status csv_row(void *ctx, int year, const char *level, const char *metric,
                         const char *value, jh_error *err)
{
    (void)err;
    csv_ctx *c = ctx;
    jh_csv_text_field(c->f, c->scenario);
    fprintf(c->f, ",%d,%s,", year, level);
    jh_csv_field(c->f, metric);
    fputc(',', c->f);
    char buf[64];
    jh_output_short_text(buf, sizeof buf, value);
    jh_csv_field(c->f, buf);
    fputc('\n', c->f);
    return JH_OK;
}

static jh_status write_csv(const jh_run_result *const *runs, size_t n, const char *path,
                           jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs("scenario,year,level,metric,value\n", f);
    jh_status st = JH_OK;
    for (size_t i = 0; i < n && st == JH_OK; i++) {
        char name[256];
        if (*run_name(runs[i]))
            snprintf(name, sizeof name, "%s", run_name(runs[i]));
        else
            snprintf(name, sizeof name, "scenario-%zu", i + 1);
        csv_ctx c = {f, name};
        st = jh_output_foreach_metric(runs[i], csv_row, &c, err);
    }
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad) {
        if (st == JH_OK)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    return st;
}

/* --------------------------------------------------------- comparison.html */

/* The union of the runs' years, ascending. */
static size_t collect_years(const jh_run_result *const *runs, size_t n, int **out)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++)
        cap += runs[i]->n_years;
    int *ys = malloc((cap ? cap : 1) * sizeof *ys);
    if (!ys) {
        *out = NULL;
        return 0;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t y = 0; y < runs[i]->n_years; y++) {
            int v = runs[i]->years[y].year;
            size_t k = 0;
            while (k < m && ys[k] < v)
                k++;
            if (k < m && ys[k] == v)
                continue;
            memmove(ys + k + 1, ys + k, (m - k) * sizeof *ys);
            ys[k] = v;
            m++;
        }
    *out = ys;
    return m;
}

static const jh_year_result *year_of(const jh_run_result *r, int year)
{
    for (size_t y = 0; y < r->n_years; y++)
        if (r->years[y].year == year)
            return &r->years[y];
    return NULL;
}

static const jh_year_result *final_year(const jh_run_result *r)
{
    return r->n_years ? &r->years[r->n_years - 1] : NULL;
}

static void td_num(FILE *f, double v)
{
    char buf[64];
    if (isfinite(v) && fabs(v) >= 1e4)
        snprintf(buf, sizeof buf, "%.0f", v);
    else if (isfinite(v))
        snprintf(buf, sizeof buf, "%.4g", v == 0 ? 0 : v);
    else
        snprintf(buf, sizeof buf, "–");
    fprintf(f, "<td>%s</td>", buf);
}

typedef double (*year_value)(const jh_year_result *y, int level, int standard);

static double v_cv_mean(const jh_year_result *y, int l, int s)
{
    const jh_level_metrics *m = &y->metrics.level[l];
    return s == JH_STANDARD_BASIC ? m->basic.cv_mean : m->quality.cv_mean;
}
static double v_large(const jh_year_result *y, int l, int s)
{
    (void)s;
    return y->metrics.level[l].large_classes + y->metrics.level[l].super_large_classes;
}
static double v_distance(const jh_year_result *y, int l, int s)
{
    (void)s;
    return y->metrics.level[l].mean_distance_km;
}
static double v_cost(const jh_year_result *y, int l, int s)
{
    (void)l, (void)s;
    return y->cost_wan;
}

/* A year's recurrent cost (wan): part 0 teachers, 1 public funds, 2
 * boarding, 3 transport, 4 all four. */
static double recurrent_part(const jh_year_result *y, int part)
{
    double v = 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_recurrent *r = &y->metrics.level[l].recurrent;
        const double p[4] = {r->teachers, r->public_funds, r->boarding, r->transport};
        for (int k = 0; k < 4; k++)
            if (part == k || part == 4)
                v += p[k];
    }
    return v;
}
static double v_recurrent(const jh_year_result *y, int l, int s)
{
    (void)l, (void)s;
    return recurrent_part(y, 4);
}

/* One overlaid chart: a line per scenario over the union of years. */
static jh_status overlay_chart(FILE *f, const jh_run_result *const *runs, size_t n,
                               const int *years, size_t ny, const char *const *xl,
                               const char *metric, const char *title, const char *ylab,
                               year_value fn, int level, int standard, bool has_limit,
                               double limit, bool en, bool bars)
{
    double *y = malloc((n * ny > 0 ? n * ny : 1) * sizeof *y);
    jh_chart_series *se = malloc((n ? n : 1) * sizeof *se);
    if (!y || !se) {
        free(y);
        free(se);
        return JH_ERR_RUN;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < ny; k++) {
            const jh_year_result *yr = year_of(runs[i], years[k]);
            y[i * ny + k] = yr ? fn(yr, level, standard) : NAN;
        }
        se[i] = (jh_chart_series){run_name(runs[i]), y + i * ny, false};
    }
    jh_chart c = {.metric = metric, .title = title, .y_label = ylab, .x_labels = xl, .n_x = ny,
                  .series = se, .n_series = n, .has_limit = has_limit, .limit = limit,
                  .limit_label = jh_html_text(en, "限值", "limit"), .bars = bars};
    jh_html_chart(f, &c);
    free(y);
    free(se);
    return JH_OK;
}

/* Rows of final-year CVs: the mean of each level and standard (means) or
 * every indicator (!means). */
static void cv_rows(FILE *f, const jh_run_result *const *runs, size_t n, bool en, bool means)
{
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int nk = s ? JH_NBASIC : JH_NQUALITY;
            const char *const *keys = s ? jh_basic_keys : jh_quality_keys;
            for (int k = means ? -1 : 0; k < (means ? 0 : nk); k++) {
                fprintf(f, "<tr data-row=\"final_cv.%s.%s.%s\"><td class=\"text\">%s · %s · %s"
                           "</td>",
                        jh_level_name((jh_level)l), s ? "basic" : "quality",
                        k < 0 ? "mean" : keys[k], jh_html_level_label((jh_level)l, en),
                        jh_html_standard_label(s, en),
                        k < 0 ? jh_html_text(en, "期末差异系数均值", "final-year mean CV")
                              : jh_html_indicator_label(keys[k], en));
                for (size_t i = 0; i < n; i++) {
                    const jh_year_result *y = final_year(runs[i]);
                    if (!y) {
                        td_num(f, NAN);
                        continue;
                    }
                    const jh_standard_metrics *sm =
                        s ? &y->metrics.level[l].basic : &y->metrics.level[l].quality;
                    td_num(f, k < 0 ? sm->cv_mean : sm->ind[k].cv);
                }
                fputs("</tr>\n", f);
            }
        }
}

/* ------------------------------------------------ key outcomes and verdict */

static void money_text(char *buf, size_t n, double wan, bool en)
{
    if (!isfinite(wan))
        snprintf(buf, n, "–");
    else if (en)
        snprintf(buf, n, "%.1f million yuan", wan / 100);
    else if (fabs(wan) >= 10000)
        snprintf(buf, n, "%.2f 亿元", wan / 10000);
    else
        snprintf(buf, n, "%.0f 万元", wan);
}

static void value_text(char *buf, size_t n, double v, const jh_krow *row, int of)
{
    if (!isfinite(v))
        snprintf(buf, n, "–");
    else if ((row->kind == JH_KROW_YEAR))
        snprintf(buf, n, "%d", (int)v);
    else if (row->of)
        snprintf(buf, n, "%.0f/%d", v, of);
    else if (fabs(v) >= 100 || v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.3g", v);
}

/* v better than w under the row's direction (years: 0 fails, worst) */
static bool better_than(const jh_krow *row, double v, double w)
{
    if (!isfinite(v))
        return false;
    if (!isfinite(w))
        return true;
    if ((row->kind == JH_KROW_YEAR)) {
        if (v == 0)
            return false;
        return w == 0 || v < w;
    }
    return row->better == JH_BETTER_LOW ? v < w - 1e-9 : v > w + 1e-9;
}

static void outcome_tr(FILE *f, const jh_krow *row, size_t n, bool en)
{
    const double *v = row->v;
    /* the best value; marked only when some run does worse */
    int best = -1;
    bool differ = false;
    for (size_t i = 0; i < n; i++) {
        if (row->better && (best < 0 || better_than(row, v[i], v[best])))
            best = (int)i;
        if (i && (isfinite(v[i]) != isfinite(v[0]) || (isfinite(v[i]) && fabs(v[i] - v[0]) > 1e-9)))
            differ = true;
    }
    if (!differ || (best >= 0 && !isfinite(v[best])) || ((row->kind == JH_KROW_YEAR) && best >= 0 && v[best] == 0))
        best = -1;
    fprintf(f, "<tr data-row=\"%s\"><td class=\"text\">%s</td>", row->key, row->label);
    for (size_t i = 0; i < n; i++) {
        char buf[64], vb[64];
        value_text(buf, sizeof buf, v[i], row, row->of ? row->of[i] : 0);
        bool is_best = best >= 0 && !better_than(row, v[best], v[i]) && isfinite(v[i]) &&
                       !((row->kind == JH_KROW_YEAR) && v[i] == 0);
        if (isfinite(v[i]))
            snprintf(vb, sizeof vb, "%.6g", v[i]);
        else
            vb[0] = '\0';
        fprintf(f, "<td%s data-scenario-index=\"%zu\" data-value=\"%s\"%s>",
                is_best ? " class=\"best\"" : "", i, vb, is_best ? " data-best=\"1\"" : "");
        if ((row->kind == JH_KROW_YEAR) && isfinite(v[i]) && v[i] == 0)
            fputs(jh_html_text(en, "期末未达标", "fails"), f);
        else if ((row->kind == JH_KROW_MONEY)) {
            money_text(buf, sizeof buf, v[i], en);
            fputs(buf, f);
        } else
            fputs(buf, f);
        if (i > 0 && !(row->kind == JH_KROW_YEAR) && isfinite(v[i]) && isfinite(v[0])) {
            double d = v[i] - v[0];
            char db[64];
            if ((row->kind == JH_KROW_MONEY))
                money_text(db, sizeof db, d, en);
            else if (fabs(d) >= 100 || d == floor(d))
                snprintf(db, sizeof db, "%.0f", d);
            else
                snprintf(db, sizeof db, "%.3g", d);
            if (fabs(d) < 1e-9)
                fprintf(f, "<span class=\"diff\" data-diff=\"0\">%s</span>",
                        jh_html_text(en, "同基准", "as baseline"));
            else
                fprintf(f, "<span class=\"diff\" data-diff=\"%.6g\">%s%s %s</span>", d,
                        d > 0 ? "+" : "", db, jh_html_text(en, "较基准", "vs baseline"));
        } else if (i > 0 && (row->kind == JH_KROW_YEAR) && isfinite(v[i]) && isfinite(v[0]) && v[i] && v[0]) {
            double d = v[i] - v[0];
            fprintf(f, "<span class=\"diff\" data-diff=\"%.0f\">%s%.0f %s</span>", d,
                    d > 0 ? "+" : "", d, jh_html_text(en, "年", "years"));
        }
        fputs("</td>", f);
    }
    fputs("</tr>\n", f);
}

/* The scenario named best: most compliant schools in the final year, then
 * fewest large classes, then the county verdict's earliest year, then the
 * lowest cost. */
static size_t best_run(const jh_run_result *const *runs, size_t n)
{
    size_t b = 0;
    for (size_t i = 1; i < n; i++) {
        double ci = jh_final_sum(runs[i], 5), cb = jh_final_sum(runs[b], 5);
        double li = jh_final_sum(runs[i], 0), lb = jh_final_sum(runs[b], 0);
        int yi = runs[i]->pass_from_year[JH_VERDICT_COUNTY][0];
        int yb = runs[b]->pass_from_year[JH_VERDICT_COUNTY][0];
        if (ci != cb) {
            if (ci > cb)
                b = i;
        } else if (li != lb) {
            if (li < lb)
                b = i;
        } else if (yi != yb) {
            if (yi && (!yb || yi < yb))
                b = i;
        } else if (runs[i]->total_cost_wan < runs[b]->total_cost_wan)
            b = i;
    }
    return b;
}

static void verdict_sentence(FILE *f, const jh_run_result *const *runs, size_t i, bool en)
{
    const jh_run_result *r = runs[i], *b = runs[0];
    double dc = jh_final_sum(r, 5) - jh_final_sum(b, 5);
    double dl = jh_final_sum(r, 0) - jh_final_sum(b, 0);
    char money[64];
    money_text(money, sizeof money, r->total_cost_wan, en);
    fprintf(f, "<p class=\"verdict-line\" data-scenario-index=\"%zu\"><b>", i);
    jh_html_escape(f, run_name(r));
    fputs(en ? "</b>: " : "</b>：", f);
    if (i == 0) {
        fprintf(f, en ? "baseline: %.0f compliant schools, %.0f large classes in the final year, "
                        "cost %s"
                      : "基准：期末 %.0f 所达标学校，%.0f 个大班额，投资 %s",
                jh_final_sum(r, 5), jh_final_sum(r, 0), money);
    } else if (en) {
        fprintf(f, "%.0f %s compliant schools, %.0f %s large classes than the baseline, cost %s",
                fabs(dc), dc >= 0 ? "more" : "fewer", fabs(dl), dl <= 0 ? "fewer" : "more", money);
    } else {
        fprintf(f, "比基准%s %.0f 所达标学校，%s %.0f 个大班额，投资 %s", dc >= 0 ? "多" : "少",
                fabs(dc), dl <= 0 ? "少" : "多", fabs(dl), money);
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        int y = r->pass_from_year[l][0];
        if (en)
            fprintf(f, "; %s quality balance ", jh_html_level_label((jh_level)l, en));
        else
            fprintf(f, "；%s优质均衡", jh_html_level_label((jh_level)l, en));
        if (y)
            fprintf(f, en ? "holds from %d" : " %d 年达标并保持", y);
        else
            fputs(en ? "fails in the final year" : "期末未达标", f);
    }
    fputs(en ? ".</p>\n" : "。</p>\n", f);
}

static void outcome_section(FILE *f, const jh_run_result *const *runs, size_t n, bool en)
{
    jh_ktab t = {0};
    if (!jh_key_rows(&t, runs, n, en)) {
        jh_ktab_free(&t);
        return;
    }
    size_t best = best_run(runs, n);
    fprintf(f, "<section id=\"key-outcomes\"><h2>%s</h2>\n",
            jh_html_text(en, "关键结果与结论", "Key outcomes and verdict"));
    fprintf(f, "<p class=\"best-plan\" data-best-scenario=\"%zu\">%s<b>", best,
            jh_html_text(en, "较优方案：", "Better plan: "));
    jh_html_escape(f, run_name(runs[best]));
    fprintf(f, "</b> <span class=\"meta\">%s</span></p>\n",
            jh_html_text(en, "（依次比较：期末达标学校数、大班额、全县优质均衡达标年份、投资）",
                         "(compared by final-year compliant schools, then large classes, then "
                         "the county verdict's year, then cost)"));
    for (size_t i = 0; i < n; i++)
        verdict_sentence(f, runs, i, en);
    fprintf(f, "<table id=\"outcome-table\"><thead><tr><th class=\"text\">%s</th>",
            jh_html_text(en, "指标（期末）", "Figure (final year)"));
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<th class=\"scenario\" data-scenario-index=\"%zu\">", i);
        jh_html_escape(f, run_name(runs[i]));
        fprintf(f, "%s</th>", i == 0 ? jh_html_text(en, "（基准）", " (baseline)") : "");
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t k = 0; k < t.n; k++)
        outcome_tr(f, &t.rows[k], n, en);
    fputs("</tbody></table>\n", f);
    fprintf(f, "<p class=\"meta\">%s</p>\n</section>\n",
            jh_html_text(en, "★ 各行最优值；小字为与基准（第一个方案）之差。",
                         "★ best value of each row; the small figure is the difference "
                         "against the baseline (the first scenario)."));
    jh_ktab_free(&t);
}

static void write_table(FILE *f, const jh_run_result *const *runs, size_t n, bool en)
{
    fprintf(f, "<section id=\"side-by-side\"><h2>%s</h2>\n<table id=\"comparison-table\">"
               "<thead><tr><th class=\"text\">%s</th>",
            jh_html_text(en, "方案对比", "Scenarios side by side"), jh_html_text(en, "指标", "Figure"));
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "<th class=\"scenario\" data-scenario-index=\"%zu\">", i);
        jh_html_escape(f, run_name(runs[i]));
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    /* the sustained verdict first (达标并保持自 YEAR / 期末未达标), then the
     * first pass year: a level that passes early and fails at the end does
     * not pass */
    for (int s = 0; s < 2; s++)
        for (int l = 0; l <= JH_VERDICT_COUNTY; l++) {
            bool county = l == JH_VERDICT_COUNTY;
            const char *lname = county ? "county" : jh_level_name((jh_level)l);
            const char *llabel = county ? jh_html_text(en, "全县", "County")
                                        : jh_html_level_label((jh_level)l, en);
            const char *slabel = s ? jh_html_standard_label(s, en)
                                 : county ? jh_html_text(en, "优质均衡（全部四项）",
                                                         "quality (all four parts)")
                                          : jh_html_text(en, "优质均衡 · 资源配置",
                                                         "quality · resources");
            fprintf(f, "<tr data-row=\"pass_from_year.%s.%s\"><td class=\"text\">%s · %s · %s"
                       "</td>",
                    lname, s ? "basic" : "quality", llabel, slabel,
                    jh_html_text(en, "达标并保持自", "passes and holds from"));
            for (size_t i = 0; i < n; i++) {
                int y = runs[i]->pass_from_year[l][s];
                if (y)
                    fprintf(f, "<td>%s %d</td>", jh_html_text(en, "达标并保持自", "holds from"), y);
                else
                    fprintf(f, "<td class=\"fail\">%s</td>",
                            jh_html_text(en, "期末未达标", "fails in the final year"));
            }
            fputs("</tr>\n", f);
            fprintf(f, "<tr data-row=\"first_pass_year.%s.%s\"><td class=\"text\">%s · %s · %s"
                       "</td>",
                    lname, s ? "basic" : "quality", llabel, slabel,
                    jh_html_text(en, "首次达标年份", "first pass year"));
            for (size_t i = 0; i < n; i++) {
                int y = runs[i]->first_pass_year[l][s];
                if (y)
                    fprintf(f, "<td>%d</td>", y);
                else
                    fprintf(f, "<td>%s</td>", jh_html_text(en, "未达标", "never"));
            }
            fputs("</tr>\n", f);
        }
    /* final-year mean CVs (each indicator in the detail table below) */
    cv_rows(f, runs, n, en, true);
    /* layout and money */
    const char *labels[3] = {jh_html_text(en, "撤并学校", "schools closed"), jh_html_text(en, "新建学校", "schools built"),
                             jh_html_text(en, "建设投入（万元）", "cost (×10⁴ yuan)")};
    const char *rows[3] = {"schools_closed", "schools_built", "total_cost_wan"};
    for (int k = 0; k < 3; k++) {
        fprintf(f, "<tr data-row=\"%s\"><td class=\"text\">%s</td>", rows[k], labels[k]);
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            if (k == 2)
                v = runs[i]->total_cost_wan;
            else
                for (size_t y = 0; y < runs[i]->n_years; y++)
                    v += k == 0 ? runs[i]->years[y].schools_closed : runs[i]->years[y].schools_built;
            td_num(f, v);
        }
        fputs("</tr>\n", f);
    }
    /* recurrent costs over the horizon, and the final year's gap */
    const char *rlabels[6] = {
        jh_html_text(en, "教师工资（万元，规划期合计）", "teachers' pay (×10⁴ yuan, horizon)"),
        jh_html_text(en, "公用经费（万元，规划期合计）", "public funds (×10⁴ yuan, horizon)"),
        jh_html_text(en, "寄宿生补助（万元，规划期合计）", "boarding subsidies (×10⁴ yuan, horizon)"),
        jh_html_text(en, "校车（万元，规划期合计）", "transport (×10⁴ yuan, horizon)"),
        jh_html_text(en, "经常性支出（万元，规划期合计）", "recurrent total (×10⁴ yuan, horizon)"),
        jh_html_text(en, "期末达标缺口（万元）", "final-year gap to the standard (×10⁴ yuan)")};
    const char *rrows[6] = {"recurrent_wan.teachers", "recurrent_wan.public_funds",
                            "recurrent_wan.boarding", "recurrent_wan.transport",
                            "recurrent_wan.total", "final.gap_cost_wan"};
    for (int k = 0; k < 6; k++) {
        fprintf(f, "<tr data-row=\"%s\"><td class=\"text\">%s</td>", rrows[k], rlabels[k]);
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            if (k < 5) {
                for (size_t y = 0; y < runs[i]->n_years; y++)
                    v += recurrent_part(&runs[i]->years[y], k);
            } else {
                const jh_year_result *y = final_year(runs[i]);
                v = y ? y->metrics.level[0].gap.cost_wan + y->metrics.level[1].gap.cost_wan : NAN;
            }
            td_num(f, v);
        }
        fputs("</tr>\n", f);
    }
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int k = 0; k < 3; k++) {
            const char *what = k == 0 ? jh_html_text(en, "期末平均上学距离（公里）", "final mean distance (km)")
                               : k == 1 ? jh_html_text(en, "期末大班额", "final large classes")
                                        : jh_html_text(en, "期末超大班额", "final super-large classes");
            const char *key = k == 0 ? "mean_distance_km" : k == 1 ? "large_classes"
                                                                   : "super_large_classes";
            fprintf(f, "<tr data-row=\"final.%s.%s\"><td class=\"text\">%s · %s</td>",
                    jh_level_name((jh_level)l), key, jh_html_level_label((jh_level)l, en), what);
            for (size_t i = 0; i < n; i++) {
                const jh_year_result *y = final_year(runs[i]);
                const jh_level_metrics *m = y ? &y->metrics.level[l] : NULL;
                td_num(f, !m ? NAN : k == 0 ? m->mean_distance_km
                                   : k == 1 ? m->large_classes : m->super_large_classes);
            }
            fputs("</tr>\n", f);
        }
    fputs("</tbody></table>\n", f);
    /* every indicator's final-year CV, folded away */
    fprintf(f, "<details id=\"cv-detail\"><summary>%s</summary>\n<table id=\"cv-detail-table\">"
               "<thead><tr><th class=\"text\">%s</th>",
            jh_html_text(en, "期末各项指标差异系数", "Final-year CV of every indicator"),
            jh_html_text(en, "指标", "Figure"));
    for (size_t i = 0; i < n; i++) {
        fputs("<th class=\"scenario-detail\">", f);
        jh_html_escape(f, run_name(runs[i]));
        fputs("</th>", f);
    }
    fputs("</tr></thead><tbody>\n", f);
    cv_rows(f, runs, n, en, false);
    fputs("</tbody></table></details>\n</section>\n", f);
}

static jh_status write_html(const jh_run_result *const *runs, size_t n, const char *path,
                            bool en, jh_error *err)
{
    int *years = NULL;
    size_t ny = collect_years(runs, n, &years);
    char **xl = calloc(ny ? ny : 1, sizeof *xl);
    if (!years || !xl) {
        free(years);
        free(xl);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    }
    jh_status st = JH_OK;
    for (size_t k = 0; k < ny && st == JH_OK; k++) {
        xl[k] = malloc(16);
        if (!xl[k])
            st = jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
        else
            snprintf(xl[k], 16, "%d", years[k]);
    }
    FILE *f = NULL;
    if (st == JH_OK && !(f = fopen(path, "w")))
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    if (st == JH_OK) {
        jh_html_begin(f, en, jh_html_text(en, "方案对比", "Scenario comparison"));
        fprintf(f, "<header><h1>%s</h1>\n<ul id=\"scenarios\">",
                jh_html_text(en, "方案对比", "Scenario comparison"));
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "<li class=\"scenario\" data-scenario-index=\"%zu\">", i);
            jh_html_escape(f, run_name(runs[i]));
            fputs("</li>", f);
        }
        fputs("</ul></header>\n", f);
        outcome_section(f, runs, n, en);
        write_table(f, runs, n, en);
        fprintf(f, "<section id=\"charts\"><h2>%s</h2>\n",
                jh_html_text(en, "逐年对比", "Year by year, scenarios overlaid"));
        jh_rules def;
        jh_rules_default(&def);
        const jh_rules *rules = runs[0]->scenario ? &runs[0]->scenario->rules : &def;
        for (int s = 0; s < 2 && st == JH_OK; s++)
            for (int l = 0; l < JH_NLEVELS && st == JH_OK; l++) {
                char metric[64], title[256];
                snprintf(metric, sizeof metric, "cv_mean.%s.%s", jh_level_name((jh_level)l),
                         s ? "basic" : "quality");
                snprintf(title, sizeof title, "%s · %s · %s",
                         jh_html_level_label((jh_level)l, en), jh_html_standard_label(s, en),
                         jh_html_text(en, "差异系数均值", "mean CV"));
                /* the first scenario's limit; scenarios normally share their rules */
                double lim = s ? rules->cv_limit_basic[l] : rules->cv_limit_quality[l];
                st = overlay_chart(f, runs, n, years, ny, (const char *const *)xl, metric, title,
                                   jh_html_text(en, "差异系数", "CV"), v_cv_mean, l, s, true, lim, en, false);
            }
        for (int l = 0; l < JH_NLEVELS && st == JH_OK; l++) {
            char metric[64], title[256];
            snprintf(metric, sizeof metric, "large_classes.%s", jh_level_name((jh_level)l));
            snprintf(title, sizeof title, "%s · %s", jh_html_level_label((jh_level)l, en),
                     jh_html_text(en, "大班额与超大班额", "large and super-large classes"));
            st = overlay_chart(f, runs, n, years, ny, (const char *const *)xl, metric, title,
                               jh_html_text(en, "班数", "classes"), v_large, l, 0, false, 0, en, false);
            if (st != JH_OK)
                break;
            snprintf(metric, sizeof metric, "mean_distance_km.%s", jh_level_name((jh_level)l));
            snprintf(title, sizeof title, "%s · %s", jh_html_level_label((jh_level)l, en),
                     jh_html_text(en, "平均上学距离（公里）", "mean distance (km)"));
            st = overlay_chart(f, runs, n, years, ny, (const char *const *)xl, metric, title,
                               "km", v_distance, l, 0, false, 0, en, false);
        }
        if (st == JH_OK)
            st = overlay_chart(f, runs, n, years, ny, (const char *const *)xl, "cost_wan",
                               jh_html_text(en, "每年建设投入（万元）", "Construction cost per year (×10⁴ yuan)"),
                               jh_html_text(en, "万元", "×10⁴ yuan"), v_cost, 0, 0, false, 0, en,
                               true);
        if (st == JH_OK)
            st = overlay_chart(f, runs, n, years, ny, (const char *const *)xl, "recurrent_wan",
                               jh_html_text(en, "每年经常性支出（万元）", "Recurrent cost per year (×10⁴ yuan)"),
                               jh_html_text(en, "万元", "×10⁴ yuan"), v_recurrent, 0, 0, false, 0, en,
                               false);
        if (st != JH_OK)
            jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
        fputs("</section>\n", f);
        jh_html_end(f);
        bool bad = ferror(f) != 0;
        if ((fclose(f) != 0 || bad) && st == JH_OK)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    for (size_t k = 0; k < ny; k++)
        free(xl[k]);
    free(xl);
    free(years);
    return st;
}

jh_status jh_output_write_comparison_files(const jh_run_result *const *runs, size_t n,
                                           const char *dir, const char *lang, jh_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!runs[i] || !runs[i]->county)
            return jh_error_set(err, JH_ERR_RUN, "compare: run %zu has no result", i + 1);
    size_t len = strlen(dir) + 32;
    char *p = malloc(len);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    snprintf(p, len, "%s/comparison.csv", dir);
    jh_status st = write_csv(runs, n, p, err);
    if (st == JH_OK) {
        snprintf(p, len, "%s/comparison.html", dir);
        st = write_html(runs, n, p, lang && strcmp(lang, "en") == 0, err);
    }
    free(p);
    return st;
}
