/*
 * sweep_html.c: OUT/sweep.html (see sweep_html.h), drawn with the charts
 * of the run pages (html.h).
 */
#include "output/sweep_html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/html.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef double (*figure_fn)(const jh_sweep_row *r, int y, int l);
static double f_qcv(const jh_sweep_row *r, int y, int l) { return r->cv_mean[y][l][0]; }
static double f_large(const jh_sweep_row *r, int y, int l) { return r->large_classes[y][l]; }
static double f_stud(const jh_sweep_row *r, int y, int l) { return (double)r->students[y][l]; }
static double f_cost(const jh_sweep_row *r, int y, int l) { (void)l; return r->cost_wan[y]; }

/* A fan chart: the quantiles of a figure over rows [first, first + n). */
static void fan(FILE *f, const jh_sweep_row *rows, size_t first, size_t n, int years, int l,
                figure_fn fig, const char *metric, const char *title, const char *y_label,
                const char *const *x_labels, double *buf)
{
    static const double qs[] = {0.05, 0.10, 0.50, 0.90, 0.95};
    static const char *const qn[] = {"p5", "p10", "p50 (median)", "p90", "p95"};
    double *y = malloc(5 * (size_t)years * sizeof *y);
    if (!y)
        return;
    for (int t = 0; t < years; t++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            double v = fig(&rows[first + i], t, l);
            if (isfinite(v))
                buf[m++] = v;
        }
        qsort(buf, m, sizeof *buf, cmp_double);
        for (int q = 0; q < 5; q++)
            y[q * years + t] = m ? jh_sweep_quantile(buf, m, qs[q]) : NAN;
    }
    jh_chart_series ser[5];
    for (int q = 0; q < 5; q++)
        ser[q] = (jh_chart_series){qn[q], y + q * years, q == 2};
    jh_chart c = {.metric = metric, .title = title, .y_label = y_label, .x_labels = x_labels,
                  .n_x = (size_t)years, .series = ser, .n_series = 5};
    jh_html_chart(f, &c);
    free(y);
}

jh_status jh_output_sweep_html(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                               bool en, jh_error *err)
{
    size_t per = s->grid_points * (size_t)s->samples;
    double *buf = malloc((per ? per : 1) * sizeof *buf);
    double *prob = malloc(6 * JH_SWEEP_MAX_YEARS * sizeof *prob);
    char (*labels)[8] = malloc(JH_SWEEP_MAX_YEARS * sizeof *labels);
    const char *xl[JH_SWEEP_MAX_YEARS];
    if (!buf || !prob || !labels) {
        free(buf);
        free(prob);
        free(labels);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    FILE *f = jh_output_open(path, err);
    if (!f) {
        free(buf);
        free(prob);
        free(labels);
        return JH_ERR_RUN;
    }
    jh_html_begin(f, en, jh_html_text(en, "情景扫描", "Scenario sweep"));
    fprintf(f, "<h1>%s</h1>\n<p>", jh_html_text(en, "情景扫描：达标概率", "Sweep: the probability of passing"));
    fprintf(f, en ? "%zu variants: %zu grid point(s) &times; %ld sample(s)" :
                    "共 %zu 个变体：%zu 个网格点 &times; %ld 次抽样", s->n_variants,
            s->grid_points, s->samples);
    if (s->n_draws)
        fprintf(f, en ? ", seed %lu" : "，随机种子 %lu", s->seed);
    fputs(".</p>\n<ul>", f);
    for (size_t i = 0; i < s->n_vary; i++) {
        fputs("<li>", f);
        jh_html_escape(f, s->vary[i].path);
        fputs(en ? ": grid " : "：网格 ", f);
        for (size_t j = 0; j < s->vary[i].n_values; j++) {
            fputs(j ? ", " : "", f);
            jh_html_escape(f, s->vary[i].values[j]);
        }
        fputs("</li>", f);
    }
    static const char *const dn[] = {"normal", "uniform", "triangular"};
    for (size_t i = 0; i < s->n_draws; i++) {
        const jh_sweep_draw *d = &s->draws[i];
        char a[32], b[32], c[32];
        jh_html_number(a, sizeof a, d->a);
        jh_html_number(b, sizeof b, d->b);
        jh_html_number(c, sizeof c, d->c);
        fputs("<li>", f);
        jh_html_escape(f, d->path);
        if (d->dist == JH_DIST_TRIANGULAR)
            fprintf(f, ": %s(%s, %s, %s)</li>", dn[d->dist], a, b, c);
        else
            fprintf(f, ": %s(%s, %s)</li>", dn[d->dist], a, b);
    }
    fputs("</ul>\n", f);
    for (size_t k = 0; k < s->n_scenarios; k++) {
        size_t first = k * per;
        int years = rows[first].n_years;
        for (int t = 0; t < years; t++) {
            snprintf(labels[t], sizeof labels[t], "%d", rows[first].start_year + t);
            xl[t] = labels[t];
        }
        fputs("<h2>", f);
        jh_html_escape(f, s->scenarios[k].name);
        fputs("</h2>\n", f);
        jh_chart_series ser[6];
        static const char *const zh[6] = {"县域 优质均衡", "县域 基本均衡", "小学 优质(资源)",
                                          "小学 基本", "初中 优质(资源)", "初中 基本"};
        static const char *const enl[6] = {"county quality", "county basic",
                                           "primary quality (resources)", "primary basic",
                                           "junior quality (resources)", "junior basic"};
        static const int lv[6] = {JH_VERDICT_COUNTY, JH_VERDICT_COUNTY, 0, 0, 1, 1};
        for (int i = 0; i < 6; i++) {
            for (int t = 0; t < years; t++) {
                size_t c = 0;
                for (size_t v = 0; v < per; v++)
                    c += rows[first + v].pass[t][lv[i]][i % 2];
                prob[i * JH_SWEEP_MAX_YEARS + t] = (double)c / (double)per;
            }
            ser[i] = (jh_chart_series){en ? enl[i] : zh[i], prob + i * JH_SWEEP_MAX_YEARS, i < 2};
        }
        jh_chart pc = {.metric = "pass_probability",
                       .title = jh_html_text(en, "各年达标概率（变体中达标的比例）",
                                             "Probability of passing by year (share of variants)"),
                       .y_label = jh_html_text(en, "概率", "probability"),
                       .x_labels = xl, .n_x = (size_t)years, .series = ser, .n_series = 6};
        jh_html_chart(f, &pc);
        for (int l = 0; l < JH_NLEVELS; l++) {
            char t1[160], t2[160], t3[160];
            const char *ln = jh_html_level_label((jh_level)l, en);
            snprintf(t1, sizeof t1, en ? "%s: quality CV mean (fan: p5 to p95)" : "%s：优质均衡差异系数均值（扇形：p5 至 p95）", ln);
            snprintf(t2, sizeof t2, en ? "%s: large classes (56+)" : "%s：大班额班级数（56人及以上）", ln);
            snprintf(t3, sizeof t3, en ? "%s: students" : "%s：在校生", ln);
            fan(f, rows, first, per, years, l, f_qcv, "quality_cv_mean", t1, "CV", xl, buf);
            fan(f, rows, first, per, years, l, f_large, "large_classes", t2,
                jh_html_text(en, "班", "classes"), xl, buf);
            fan(f, rows, first, per, years, l, f_stud, "students", t3,
                jh_html_text(en, "人", "students"), xl, buf);
        }
        fan(f, rows, first, per, years, 0, f_cost, "cost_wan_to_date",
            jh_html_text(en, "累计建设投入（万元）", "Construction cost to date (10,000 yuan)"),
            jh_html_text(en, "万元", "wan yuan"), xl, buf);
    }
    jh_html_end(f);
    free(buf);
    free(prob);
    free(labels);
    return jh_output_close(f, path, err);
}
