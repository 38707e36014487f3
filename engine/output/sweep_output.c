/*
 * sweep_output.c: sweep.csv and summary.json of a sweep (see
 * sweep_output.h).
 */
#include "output/sweep_output.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/output.h"
#include "output/sweep_html.h"

static const char *const level_key[JH_NLEVELS + 1] = {"primary", "junior", "county"};
static const char *const std_key[2] = {"quality", "basic"};

static void num(FILE *f, double v)
{
    char b[64];
    jh_output_format_number(b, sizeof b, v);
    fputs(b, f);
}

/* A value as written in the sweep: a number as it is (a leading '-' is no
 * formula), a word guarded like any user text. */
static void value_field(FILE *f, const char *v)
{
    char *end;
    strtod(v, &end);
    if (end != v && *end == '\0')
        jh_csv_field(f, v);
    else
        jh_csv_text_field(f, v);
}

jh_status jh_output_sweep_csv(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                              jh_error *err)
{
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("variant,scenario", f);
    for (size_t i = 0; i < s->n_vary; i++) {
        fputc(',', f);
        jh_csv_field(f, s->vary[i].path);
    }
    for (size_t i = 0; i < s->n_draws; i++) {
        fputc(',', f);
        jh_csv_field(f, s->draws[i].path);
    }
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, ",%1$s_quality_pass,%1$s_quality_pass_from,%1$s_basic_pass,%1$s_basic_pass_from"
                   ",%1$s_compliant_schools,%1$s_quality_cv_mean,%1$s_basic_cv_mean"
                   ",%1$s_large_classes,%1$s_super_large_classes,%1$s_students,%1$s_unplaced",
                level_key[l]);
    fputs(",county_quality_pass,county_quality_pass_from,county_basic_pass,"
          "county_basic_pass_from,cost_wan\n", f);
    size_t nv = s->n_vary + s->n_draws;
    char (*values)[JH_SWEEP_VALUE_LEN] = calloc(nv ? nv : 1, sizeof *values);
    if (!values) {
        fclose(f);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    for (size_t v = 0; v < s->n_variants; v++) {
        const jh_sweep_row *r = &rows[v];
        size_t k, g;
        jh_sweep_variant_values(s, v, &k, &g, values);
        fprintf(f, "%zu,", v);
        jh_csv_text_field(f, s->scenarios[k].name);
        for (size_t i = 0; i < nv; i++) {
            fputc(',', f);
            value_field(f, values[i]);
        }
        int y = r->n_years - 1;
        for (int l = 0; l <= JH_NLEVELS; l++) {
            for (int sd = 0; sd < 2; sd++) {
                fprintf(f, ",%d,", r->final_pass[l][sd] ? 1 : 0);
                if (r->pass_from[l][sd])
                    fprintf(f, "%d", r->pass_from[l][sd]);
            }
            if (l == JH_NLEVELS)
                break;
            fprintf(f, ",%d,", r->compliant[y][l]);
            num(f, r->cv_mean[y][l][0]);
            fputc(',', f);
            num(f, r->cv_mean[y][l][1]);
            fprintf(f, ",%d,%d,%ld,%ld", r->large_classes[y][l], r->super_large_classes[y][l],
                    r->students[y][l], r->unplaced[y][l]);
        }
        fputc(',', f);
        num(f, r->total_cost_wan);
        fputc('\n', f);
    }
    free(values);
    return jh_output_close(f, path, err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static json_t *real_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* {p5: [by year], p10: ..., p95: ...} of a figure over the variants. */
typedef double (*figure_fn)(const jh_sweep_row *r, int y, int l);

static json_t *quantiles(const jh_sweep_row *rows, const size_t *idx, size_t n, int years,
                         int l, figure_fn fig, double *buf)
{
    static const double qs[] = {0.05, 0.10, 0.50, 0.90, 0.95};
    static const char *const qn[] = {"p5", "p10", "p50", "p90", "p95"};
    json_t *o = json_object();
    json_t *arr[5];
    for (int q = 0; q < 5; q++) {
        arr[q] = json_array();
        json_object_set_new(o, qn[q], arr[q]);
    }
    for (int y = 0; y < years; y++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            double v = fig(&rows[idx[i]], y, l);
            if (isfinite(v))
                buf[m++] = v;
        }
        qsort(buf, m, sizeof *buf, cmp_double);
        for (int q = 0; q < 5; q++)
            json_array_append_new(arr[q], m ? real_or_null(jh_sweep_quantile(buf, m, qs[q]))
                                            : json_null());
    }
    return o;
}

static double f_qcv(const jh_sweep_row *r, int y, int l) { return r->cv_mean[y][l][0]; }
static double f_bcv(const jh_sweep_row *r, int y, int l) { return r->cv_mean[y][l][1]; }
static double f_comp(const jh_sweep_row *r, int y, int l) { return r->compliant[y][l]; }
static double f_large(const jh_sweep_row *r, int y, int l) { return r->large_classes[y][l]; }
static double f_super(const jh_sweep_row *r, int y, int l) { return r->super_large_classes[y][l]; }
static double f_stud(const jh_sweep_row *r, int y, int l) { return (double)r->students[y][l]; }
static double f_unpl(const jh_sweep_row *r, int y, int l) { return (double)r->unplaced[y][l]; }
static double f_cost(const jh_sweep_row *r, int y, int l) { (void)l; return r->cost_wan[y]; }

/* The aggregate of a set of variants (all of one scenario, or one grid
 * point of it). */
static json_t *aggregate(const jh_sweep_row *rows, const size_t *idx, size_t n, int start_year,
                         int years, double *buf)
{
    json_t *o = json_object();
    json_object_set_new(o, "variants", json_integer((json_int_t)n));
    json_t *ya = json_array();
    for (int y = 0; y < years; y++)
        json_array_append_new(ya, json_integer(start_year + y));
    json_object_set_new(o, "years", ya);
    json_t *pp = json_object(), *fin = json_object(), *from = json_object();
    for (int l = 0; l <= JH_NLEVELS; l++) {
        json_t *pl = json_object(), *fl = json_object(), *frl = json_object();
        for (int sd = 0; sd < 2; sd++) {
            json_t *a = json_array();
            for (int y = 0; y < years; y++) {
                size_t c = 0;
                for (size_t i = 0; i < n; i++)
                    c += rows[idx[i]].pass[y][l][sd] ? 1 : 0;
                json_array_append_new(a, json_real((double)c / (double)n));
            }
            json_object_set_new(pl, std_key[sd], a);
            size_t c = 0, held = 0;
            for (size_t i = 0; i < n; i++) {
                c += rows[idx[i]].final_pass[l][sd] ? 1 : 0;
                held += rows[idx[i]].pass_from[l][sd] ? 1 : 0;
            }
            json_object_set_new(fl, std_key[sd], json_real((double)c / (double)n));
            /* pass_from_year quantiles over the variants that pass in the end */
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (rows[idx[i]].pass_from[l][sd])
                    buf[m++] = rows[idx[i]].pass_from[l][sd];
            qsort(buf, m, sizeof *buf, cmp_double);
            json_t *fq = json_object();
            json_object_set_new(fq, "share", json_real((double)held / (double)n));
            json_object_set_new(fq, "p10", m ? json_real(jh_sweep_quantile(buf, m, 0.10)) : json_null());
            json_object_set_new(fq, "p50", m ? json_real(jh_sweep_quantile(buf, m, 0.50)) : json_null());
            json_object_set_new(fq, "p90", m ? json_real(jh_sweep_quantile(buf, m, 0.90)) : json_null());
            json_object_set_new(frl, std_key[sd], fq);
        }
        json_object_set_new(pp, level_key[l], pl);
        json_object_set_new(fin, level_key[l], fl);
        json_object_set_new(from, level_key[l], frl);
    }
    json_object_set_new(o, "pass_probability", pp);
    json_object_set_new(o, "final_year_pass_probability", fin);
    json_object_set_new(o, "pass_from_year", from);
    static const char *const fn[] = {"quality_cv_mean", "basic_cv_mean", "compliant_schools",
                                     "large_classes", "super_large_classes", "students",
                                     "unplaced"};
    static const figure_fn ff[] = {f_qcv, f_bcv, f_comp, f_large, f_super, f_stud, f_unpl};
    json_t *qo = json_object();
    for (int l = 0; l < JH_NLEVELS; l++) {
        json_t *ql = json_object();
        for (int i = 0; i < 7; i++)
            json_object_set_new(ql, fn[i], quantiles(rows, idx, n, years, l, ff[i], buf));
        json_object_set_new(qo, level_key[l], ql);
    }
    json_object_set_new(qo, "cost_wan_to_date", quantiles(rows, idx, n, years, 0, f_cost, buf));
    json_object_set_new(o, "quantiles", qo);
    return o;
}

static json_t *summary_json(const jh_sweep *s, const jh_sweep_row *rows)
{
    size_t per = s->grid_points * (size_t)s->samples;
    size_t *idx = malloc(per * sizeof *idx);
    double *buf = malloc(per * sizeof *buf);
    json_t *o = json_object();
    if (!idx || !buf || !o) {
        free(idx);
        free(buf);
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "variants", json_integer((json_int_t)s->n_variants));
    json_object_set_new(o, "grid_points", json_integer((json_int_t)s->grid_points));
    json_object_set_new(o, "samples", json_integer(s->samples));
    if (s->n_draws)
        json_object_set_new(o, "seed", json_integer((json_int_t)s->seed));
    json_t *va = json_object();
    for (size_t i = 0; i < s->n_vary; i++) {
        json_t *a = json_array();
        for (size_t j = 0; j < s->vary[i].n_values; j++)
            json_array_append_new(a, json_string(s->vary[i].values[j]));
        json_object_set_new(va, s->vary[i].path, a);
    }
    json_object_set_new(o, "vary", va);
    json_t *da = json_object();
    static const char *const dn[] = {"normal", "uniform", "triangular"};
    for (size_t i = 0; i < s->n_draws; i++) {
        const jh_sweep_draw *d = &s->draws[i];
        json_t *x = json_object();
        json_object_set_new(x, "dist", json_string(dn[d->dist]));
        if (d->dist == JH_DIST_NORMAL) {
            json_object_set_new(x, "mean", json_real(d->a));
            json_object_set_new(x, "sd", json_real(d->b));
        } else {
            json_object_set_new(x, "low", json_real(d->a));
            if (d->dist == JH_DIST_TRIANGULAR)
                json_object_set_new(x, "mode", json_real(d->b));
            json_object_set_new(x, "high", json_real(d->dist == JH_DIST_TRIANGULAR ? d->c : d->b));
        }
        if (isfinite(d->min))
            json_object_set_new(x, "min", json_real(d->min));
        if (isfinite(d->max))
            json_object_set_new(x, "max", json_real(d->max));
        json_object_set_new(da, d->path, x);
    }
    json_object_set_new(o, "draw", da);
    json_t *sa = json_array();
    size_t nv = s->n_vary + s->n_draws;
    char (*values)[JH_SWEEP_VALUE_LEN] = calloc(nv ? nv : 1, sizeof *values);
    for (size_t k = 0; values && k < s->n_scenarios; k++) {
        const jh_sweep_scenario *sc = &s->scenarios[k];
        size_t first = k * per;
        /* the scenario's figures: rows share its horizon */
        int years = rows[first].n_years, start = rows[first].start_year;
        for (size_t i = 0; i < per; i++)
            idx[i] = first + i;
        json_t *so = aggregate(rows, idx, per, start, years, buf);
        json_object_set_new(so, "scenario", json_string(sc->name));
        json_object_set_new(so, "file", json_string(sc->path));
        if (s->grid_points > 1 && s->samples > 1) {
            json_t *ga = json_array();
            for (size_t g = 0; g < s->grid_points; g++) {
                size_t base = first + g * (size_t)s->samples;
                for (long i = 0; i < s->samples; i++)
                    idx[i] = base + (size_t)i;
                json_t *go = aggregate(rows, idx, (size_t)s->samples, start, years, buf);
                size_t kk, gg;
                jh_sweep_variant_values(s, base, &kk, &gg, values);
                json_t *at = json_object();
                for (size_t i = 0; i < s->n_vary; i++)
                    json_object_set_new(at, s->vary[i].path, json_string(values[i]));
                json_object_set_new(go, "vary", at);
                json_array_append_new(ga, go);
            }
            json_object_set_new(so, "grid", ga);
        }
        json_array_append_new(sa, so);
    }
    json_object_set_new(o, "scenarios", sa);
    free(values);
    free(idx);
    free(buf);
    return o;
}

jh_status jh_output_sweep_summary(const jh_sweep *s, const jh_sweep_row *rows, const char *path,
                                  jh_error *err)
{
    json_t *o = summary_json(s, rows);
    if (!o)
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory building the summary", path);
    FILE *f = jh_output_open(path, err);
    if (!f) {
        json_decref(o);
        return JH_ERR_RUN;
    }
    int rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_PRESERVE_ORDER);
    json_decref(o);
    fputc('\n', f);
    jh_status st = jh_output_close(f, path, err);
    if (st == JH_OK && rc != 0)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write the summary", path);
    return st;
}

typedef struct sweep_arg {
    const jh_sweep *s;
    const jh_sweep_row *rows;
} sweep_arg;

static jh_status fill_sweep(const char *dir, const void *arg, const jh_output_options *opt,
                            jh_error *err)
{
    const sweep_arg *a = arg;
    size_t n = strlen(dir) + 32;
    char *p = malloc(n);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    snprintf(p, n, "%s/sweep.csv", dir);
    jh_status st = jh_output_sweep_csv(a->s, a->rows, p, err);
    if (st == JH_OK) {
        snprintf(p, n, "%s/summary.json", dir);
        st = jh_output_sweep_summary(a->s, a->rows, p, err);
    }
    if (st == JH_OK) {
        snprintf(p, n, "%s/sweep.html", dir);
        st = jh_output_sweep_html(a->s, a->rows, p, opt && opt->lang && strcmp(opt->lang, "en") == 0,
                                  err);
    }
    free(p);
    return st;
}

jh_status jh_output_write_sweep(const jh_sweep *s, const jh_sweep_row *rows, const char *out_dir,
                                const char *lang, jh_error *err)
{
    sweep_arg a = {s, rows};
    jh_output_options opt = {.lang = lang};
    return jh_output_write_folder(out_dir, fill_sweep, &a, &opt, err);
}
