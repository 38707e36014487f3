/*
 * output: the files of a run (DESIGN.md, "Outputs (contract)").
 *
 * summary.json is built with jansson (no hand-written JSON); metrics.csv is
 * the same figures flattened to (year, level, metric, value) rows so that
 * comparison.csv can reuse them; schools.csv holds one row per year, school
 * and level.
 *
 * Every run folder is first written into OUT.tmp-XXXXXX beside OUT (same
 * file system, so the final step is a rename) and swapped in only when all
 * files succeeded: RENAME_EXCHANGE when the kernel and file system support
 * it, otherwise OUT is moved aside, the new folder renamed in, and the old
 * one removed. Any failure removes the temporary folder and leaves OUT as it
 * was.
 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_html.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* ---------------------------------------------------------------- helpers */

void jh_output_format_number(char *buf, size_t size, double v)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(buf, size, "%.15g", v);
}

void jh_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    bool quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
    for (const char *p = s; *p && !quote; p++)
        if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
            quote = true;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

const char *jh_output_status_name(jh_school_status s)
{
    switch (s) {
    case JH_STATUS_OPEN: return "open";
    case JH_STATUS_CLOSED: return "closed";
    case JH_STATUS_NEW: return "new";
    case JH_STATUS_CANDIDATE: return "candidate";
    }
    return "unknown";
}

void jh_output_run_folder_name(char *buf, size_t size, const char *name, size_t i)
{
    if (size == 0)
        return;
    if (!name || !*name) {
        snprintf(buf, size, "scenario-%zu", i + 1);
        return;
    }
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 1 < size; p++, n++) {
        unsigned char c = *p;
        bool bad = c == '/' || c == '\\' || c < 0x20 || c == 0x7f || (n == 0 && c == '.');
        buf[n] = bad ? '_' : (char)c;
    }
    /* cut short in the middle of a UTF-8 sequence: drop its first bytes too */
    if (((unsigned char)name[n] & 0xC0) == 0x80) {
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0)
            n--;
    }
    buf[n] = '\0';
}

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static const char *standard_name(int s)
{
    return s == JH_STANDARD_BASIC ? "basic" : "quality";
}

/* Status of school i in year y: the year's own record when the simulation
 * kept one, the final county's otherwise. */
static jh_school_status school_status(const jh_run_result *r, size_t y, int i)
{
    if (y < r->n_years && r->years[y].status)
        return r->years[y].status[i];
    return r->county->schools[i].status;
}

/* ----------------------------------------------------------- summary.json */

static json_t *teachers_json(const jh_teacher_year *t)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "total", (json_int_t)t->total,
                     "eligible", (json_int_t)t->eligible, "moved", (json_int_t)t->moved,
                     "backbone_moved", (json_int_t)t->backbone_moved, "hired",
                     (json_int_t)t->hired, "retired", (json_int_t)t->retired, "backbone_short",
                     (json_int_t)t->backbone_short);
}

static json_t *year_json(const jh_year_result *y)
{
    json_t *levels = json_object();
    json_t *o = json_object();
    if (!levels || !o) {
        json_decref(levels);
        json_decref(o);
        return NULL;
    }
    int bad = 0;
    for (int l = 0; l < JH_NLEVELS; l++)
        bad |= json_object_set_new(levels, jh_level_name((jh_level)l),
                                   jh_level_metrics_to_json(&y->metrics.level[l]));
    bad |= json_object_set_new(o, "year", json_integer(y->year));
    bad |= json_object_set_new(o, "levels", levels);
    bad |= json_object_set_new(o, "teachers", teachers_json(&y->teachers));
    bad |= json_object_set_new(o, "cost_wan", num(y->cost_wan));
    bad |= json_object_set_new(o, "schools_closed", json_integer(y->schools_closed));
    bad |= json_object_set_new(o, "schools_built", json_integer(y->schools_built));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *ids_json(char **ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(ids[i] ? ids[i] : "")) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *jh_output_summary_json(const jh_run_result *r)
{
    const jh_scenario *sc = r->scenario;
    json_t *o = json_object();
    json_t *years = json_array();
    json_t *fpy = json_object();
    if (!o || !years || !fpy) {
        json_decref(o);
        json_decref(years);
        json_decref(fpy);
        return NULL;
    }
    int bad = 0;
    bad |= json_object_set_new(o, "scenario",
                               sc && sc->name ? json_string(sc->name) : json_null());
    if (sc)
        bad |= json_object_set_new(o, "horizon", json_pack("{s:i,s:i}", "start", sc->start_year,
                                                           "end", sc->end_year));
    else if (r->n_years > 0)
        bad |= json_object_set_new(o, "horizon",
                                   json_pack("{s:i,s:i}", "start", r->years[0].year, "end",
                                             r->years[r->n_years - 1].year));
    else
        bad |= json_object_set_new(o, "horizon", json_null());
    bad |= json_object_set_new(o, "standard",
                               json_string(standard_name(sc ? (int)sc->standard : 0)));
    for (size_t y = 0; y < r->n_years; y++)
        bad |= json_array_append_new(years, year_json(&r->years[y]));
    bad |= json_object_set_new(o, "years", years);
    for (int l = 0; l < JH_NLEVELS; l++) {
        json_t *lv = json_object();
        for (int s = 0; s < 2; s++) {
            int yv = r->first_pass_year[l][s];
            bad |= json_object_set_new(lv, standard_name(s), yv ? json_integer(yv) : json_null());
        }
        bad |= json_object_set_new(fpy, jh_level_name((jh_level)l), lv);
    }
    bad |= json_object_set_new(o, "first_pass_year", fpy);
    bad |= json_object_set_new(o, "total_cost_wan", num(r->total_cost_wan));
    if (r->has_consolidation) {
        const jh_consolidation_result *c = &r->consolidation;
        json_t *cj = json_object();
        bad |= json_object_set_new(cj, "objective", num(c->objective));
        bad |= json_object_set_new(cj, "kept", ids_json(c->kept, c->n_kept));
        bad |= json_object_set_new(cj, "closed", ids_json(c->closed, c->n_closed));
        bad |= json_object_set_new(cj, "n_kept", json_integer((json_int_t)c->n_kept));
        bad |= json_object_set_new(cj, "n_closed", json_integer((json_int_t)c->n_closed));
        bad |= json_object_set_new(cj, "seconds", num(c->seconds));
        bad |= json_object_set_new(cj, "level", json_string(jh_level_name(c->level)));
        bad |= json_object_set_new(cj, "year", json_integer(c->year));
        bad |= json_object_set_new(o, "optimisation", json_pack("{s:o}", "consolidation", cj));
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Closes f and reports a write error (disk full shows up at fflush/fclose). */
static jh_status close_checked(FILE *f, const char *path, jh_error *err)
{
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0)
        failed = true;
    if (failed)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    return JH_OK;
}

static FILE *open_out(const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    return f;
}

jh_status jh_output_write_summary(const jh_run_result *r, const char *path, jh_error *err)
{
    json_t *o = jh_output_summary_json(r);
    if (!o)
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory building the summary", path);
    FILE *f = open_out(path, err);
    if (!f) {
        json_decref(o);
        return JH_ERR_RUN;
    }
    int rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(o);
    fputc('\n', f);
    jh_status st = close_checked(f, path, err);
    if (st == JH_OK && rc != 0)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write the summary", path);
    return st;
}

/* ------------------------------------------------------------ metrics.csv */

/* Walks a level object depth first in its (insertion) order, handing each
 * leaf to `row` under its dotted path. */
static jh_status flatten(json_t *v, char *path, size_t len, size_t cap, int year,
                         const char *level, jh_metric_row_fn row, void *ctx, jh_error *err)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child) {
            size_t kl = strlen(key);
            size_t nl = len + (len ? 1 : 0) + kl;
            if (nl + 1 > cap)
                return jh_error_set(err, JH_ERR_RUN, "metric name too long: %s.%s", path, key);
            if (len)
                path[len] = '.';
            memcpy(path + len + (len ? 1 : 0), key, kl + 1);
            jh_status st = flatten(child, path, nl, cap, year, level, row, ctx, err);
            path[len] = '\0';
            if (st != JH_OK)
                return st;
        }
        return JH_OK;
    }
    char buf[64];
    if (json_is_integer(v))
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        jh_output_format_number(buf, sizeof buf, json_real_value(v));
    else if (json_is_true(v))
        strcpy(buf, "1");
    else if (json_is_false(v))
        strcpy(buf, "0");
    else
        buf[0] = '\0';
    return row(ctx, year, level, path, buf, err);
}

static jh_status metric_int(jh_metric_row_fn row, void *ctx, int year, const char *name, long v,
                            jh_error *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return row(ctx, year, "all", name, buf, err);
}

jh_status jh_output_foreach_metric(const jh_run_result *r, jh_metric_row_fn row, void *ctx,
                                   jh_error *err)
{
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        for (int l = 0; l < JH_NLEVELS; l++) {
            json_t *o = jh_level_metrics_to_json(&yr->metrics.level[l]);
            if (!o)
                return jh_error_set(err, JH_ERR_RUN, "out of memory listing the metrics");
            char path[256] = "";
            jh_status st = flatten(o, path, 0, sizeof path, yr->year,
                                   jh_level_name((jh_level)l), row, ctx, err);
            json_decref(o);
            if (st != JH_OK)
                return st;
        }
        const jh_teacher_year *t = &yr->teachers;
        const struct {
            const char *name;
            long v;
        } ints[] = {
            {"teachers.total", t->total},
            {"teachers.eligible", t->eligible},
            {"teachers.moved", t->moved},
            {"teachers.backbone_moved", t->backbone_moved},
            {"teachers.hired", t->hired},
            {"teachers.retired", t->retired},
            {"teachers.backbone_short", t->backbone_short},
        };
        for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
            jh_status st = metric_int(row, ctx, yr->year, ints[k].name, ints[k].v, err);
            if (st != JH_OK)
                return st;
        }
        char buf[64];
        jh_output_format_number(buf, sizeof buf, yr->cost_wan);
        jh_status st = row(ctx, yr->year, "all", "cost_wan", buf, err);
        if (st == JH_OK)
            st = metric_int(row, ctx, yr->year, "schools_closed", yr->schools_closed, err);
        if (st == JH_OK)
            st = metric_int(row, ctx, yr->year, "schools_built", yr->schools_built, err);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status metrics_row(void *ctx, int year, const char *level, const char *metric,
                             const char *value, jh_error *err)
{
    (void)err;
    FILE *f = ctx;
    fprintf(f, "%d,%s,", year, level);
    jh_csv_field(f, metric);
    fputc(',', f);
    jh_csv_field(f, value);
    fputc('\n', f);
    return JH_OK;
}

jh_status jh_output_write_metrics_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    FILE *f = open_out(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("year,level,metric,value\n", f);
    jh_status st = jh_output_foreach_metric(r, metrics_row, f, err);
    jh_status cs = close_checked(f, path, st == JH_OK ? err : NULL);
    return st != JH_OK ? st : cs;
}

/* ------------------------------------------------------------ schools.csv */

static void csv_num(FILE *f, double v)
{
    char buf[64];
    jh_output_format_number(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

jh_status jh_output_write_schools_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    FILE *f = open_out(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("year,school_id,name,level,status,students,classes,large_classes,super_large_classes,"
          "largest_class,teachers,posts_needed,counted,compliant,indicators_reached",
          f);
    for (int k = 0; k < JH_NQUALITY; k++)
        fprintf(f, ",quality_%s", jh_quality_keys[k]);
    for (int k = 0; k < JH_NBASIC; k++)
        fprintf(f, ",basic_%s", jh_basic_keys[k]);
    fputc('\n', f);
    jh_status st = JH_OK;
    for (size_t y = 0; y < r->n_years && st == JH_OK; y++) {
        const jh_year_metrics *m = &r->years[y].metrics;
        for (size_t i = 0; i < m->n_schools; i++) {
            const jh_school_metrics *sm = &m->schools[i];
            if (sm->school < 0 || (size_t)sm->school >= r->county->n_schools) {
                st = jh_error_set(err, JH_ERR_RUN,
                                  "%s: year %d: school row %zu names school %d, beyond the %zu "
                                  "schools of the county",
                                  path, r->years[y].year, i, sm->school, r->county->n_schools);
                break;
            }
            const jh_school *s = &r->county->schools[sm->school];
            fprintf(f, "%d,", r->years[y].year);
            jh_csv_field(f, s->id);
            fputc(',', f);
            jh_csv_field(f, s->name);
            fprintf(f, ",%s,%s,%d,%d,%d,%d,%d", jh_level_name(sm->level),
                    jh_output_status_name(school_status(r, y, sm->school)), sm->students,
                    sm->classes, sm->large_classes, sm->super_large_classes, sm->largest_class);
            csv_num(f, sm->teachers);
            csv_num(f, sm->posts_needed);
            fprintf(f, ",%d,%d,%d", sm->counted ? 1 : 0, sm->compliant ? 1 : 0,
                    sm->indicators_reached);
            for (int k = 0; k < JH_NQUALITY; k++)
                csv_num(f, sm->quality[k]);
            for (int k = 0; k < JH_NBASIC; k++)
                csv_num(f, sm->basic[k]);
            fputc('\n', f);
        }
    }
    jh_status cs = close_checked(f, path, st == JH_OK ? err : NULL);
    return st != JH_OK ? st : cs;
}

/* ------------------------------------------------------- folder handling */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes a folder and everything in it (never follows symbolic links). */
static int remove_tree(const char *path)
{
    return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p of a path's parents and the path itself. */
static jh_status make_dirs(const char *path, jh_error *err)
{
    char *p = strdup(path);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (char *s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create folder: %s", p,
                                            strerror(errno));
                free(p);
                return st;
            }
            struct stat sb;
            if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                jh_status st = jh_error_set(err, JH_ERR_RUN,
                                            "%s: expected a folder, found a file", p);
                free(p);
                return st;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    free(p);
    return JH_OK;
}

/* Whether an existing OUT may be replaced: empty, or holding a previous
 * junheng output. Returns JH_OK when it may, with *exists set. */
static jh_status check_replaceable(const char *out, bool *exists, jh_error *err)
{
    struct stat sb;
    *exists = false;
    if (lstat(out, &sb) != 0) {
        if (errno == ENOENT)
            return JH_OK;
        return jh_error_set(err, JH_ERR_RUN, "%s: %s", out, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode))
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: exists and is not a folder; refusing to replace it", out);
    DIR *d = opendir(out);
    if (!d)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot read folder: %s", out, strerror(errno));
    bool empty = true, ours = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        if (strcmp(e->d_name, "summary.json") == 0 || strcmp(e->d_name, "comparison.csv") == 0)
            ours = true;
    }
    closedir(d);
    *exists = true;
    if (!empty && !ours)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: the folder holds files that are not a junheng output (no "
                            "summary.json or comparison.csv); refusing to replace it",
                            out);
    return JH_OK;
}

/* Puts the finished folder `tmp` in the place of `out`. */
static jh_status swap_in(const char *tmp, const char *out, bool exists, jh_error *err)
{
    if (!exists) {
        if (rename(tmp, out) != 0)
            return jh_error_set(err, JH_ERR_RUN, "%s: cannot rename %s to it: %s", out, tmp,
                                strerror(errno));
        return JH_OK;
    }
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
        /* tmp now holds the old output */
        remove_tree(tmp);
        return JH_OK;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot exchange with %s: %s", out, tmp,
                            strerror(errno));
    /* No atomic exchange here: move the old folder aside first. */
    size_t n = strlen(out) + 16;
    char *old = malloc(n);
    if (!old)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    snprintf(old, n, "%s.old-XXXXXX", out);
    if (!mkdtemp(old) || rmdir(old) != 0 || rename(out, old) != 0) {
        jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot move the old output aside: %s",
                                    out, strerror(errno));
        free(old);
        return st;
    }
    if (rename(tmp, out) != 0) {
        int e = errno;
        rename(old, out); /* put the old one back */
        free(old);
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot rename %s to it: %s", out, tmp,
                            strerror(e));
    }
    remove_tree(old);
    free(old);
    return JH_OK;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

typedef jh_status (*file_writer)(const jh_run_result *, const char *, jh_error *);

static jh_status write_one(const jh_run_result *r, const char *dir, const char *name,
                           file_writer w, jh_error *err)
{
    char *p = join(dir, name);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = w(r, p, err);
    free(p);
    return st;
}

/* Writes every file of one run into an existing folder `dir`. */
static jh_status write_run_files(const jh_run_result *r, const char *dir,
                                 const jh_output_options *opt, jh_error *err)
{
    if (!r || !r->county)
        return jh_error_set(err, JH_ERR_RUN, "%s: no run result to write", dir);
    jh_status st = write_one(r, dir, "summary.json", jh_output_write_summary, err);
    if (st == JH_OK)
        st = write_one(r, dir, "metrics.csv", jh_output_write_metrics_csv, err);
    if (st == JH_OK)
        st = write_one(r, dir, "schools.csv", jh_output_write_schools_csv, err);
    if (st == JH_OK) {
        char *p = join(dir, "report.html");
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        st = jh_report_html_write(r, p, opt ? opt->lang : NULL, err);
        free(p);
    }
    if (st == JH_OK)
        st = jh_output_write_layers(r, dir, err);
    return st;
}

/* The shared all-or-nothing frame: checks OUT, makes OUT.tmp-XXXXXX,
 * lets `fill` write into it, then swaps it in or removes it. */
typedef jh_status (*fill_fn)(const char *dir, const void *arg, const jh_output_options *opt,
                             jh_error *err);

static jh_status write_folder(const char *out_dir, fill_fn fill, const void *arg,
                              const jh_output_options *opt, jh_error *err)
{
    if (!out_dir || !*out_dir)
        return jh_error_set(err, JH_ERR_INPUT, "no output folder given");
    /* OUT without trailing slashes, so OUT.tmp-XXXXXX sits beside it */
    char *out = strdup(out_dir);
    if (!out)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        out[--n] = '\0';
    const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(out, "/") == 0) {
        jh_status st = jh_error_set(err, JH_ERR_INPUT,
                                    "%s: name the output folder itself (not '.', '..' or '/')",
                                    out_dir);
        free(out);
        return st;
    }
    bool exists = false;
    jh_status st = check_replaceable(out, &exists, err);
    if (st != JH_OK) {
        free(out);
        return st;
    }
    /* parents of OUT */
    char *slash = strrchr(out, '/');
    if (slash && slash != out) {
        *slash = '\0';
        st = make_dirs(out, err);
        *slash = '/';
        if (st != JH_OK) {
            free(out);
            return st;
        }
    }
    char *tmp = malloc(n + 16);
    if (!tmp) {
        free(out);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", out);
    if (!mkdtemp(tmp)) {
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create a temporary folder beside it: %s",
                          out, strerror(errno));
        free(tmp);
        free(out);
        return st;
    }
    /* mkdtemp makes 0700; an output folder is meant to be shared */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    st = fill(tmp, arg, opt, err);
    if (st == JH_OK && opt && opt->extra)
        st = opt->extra(tmp, opt->extra_ctx, err);
    if (st == JH_OK)
        st = swap_in(tmp, out, exists, err);
    if (st != JH_OK)
        remove_tree(tmp);
    free(tmp);
    free(out);
    return st;
}

static jh_status fill_run(const char *dir, const void *arg, const jh_output_options *opt,
                          jh_error *err)
{
    return write_run_files(arg, dir, opt, err);
}

jh_status jh_output_write_run(const jh_run_result *r, const char *out_dir,
                              const jh_output_options *opt, jh_error *err)
{
    return write_folder(out_dir, fill_run, r, opt, err);
}

/* ------------------------------------------------------------ comparison */

typedef struct comparison_arg {
    const jh_run_result *const *runs;
    size_t n;
} comparison_arg;

static jh_status fill_comparison(const char *dir, const void *arg, const jh_output_options *opt,
                                 jh_error *err)
{
    const comparison_arg *a = arg;
    jh_status st = jh_output_write_comparison_files(a->runs, a->n, dir, opt ? opt->lang : NULL, err);
    for (size_t i = 0; i < a->n && st == JH_OK; i++) {
        const jh_run_result *r = a->runs[i];
        char name[256];
        jh_output_run_folder_name(name, sizeof name,
                                  r && r->scenario ? r->scenario->name : NULL, i);
        char *p = join(dir, name);
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        struct stat sb;
        if (lstat(p, &sb) == 0 || strcmp(name, "comparison.csv") == 0 ||
            strcmp(name, "comparison.html") == 0) {
            /* two scenarios of one name: number the later one */
            free(p);
            char alt[300];
            snprintf(alt, sizeof alt, "%s-%zu", name, i + 1);
            p = join(dir, alt);
            if (!p)
                return jh_error_set(err, JH_ERR_RUN, "out of memory");
        }
        if (mkdir(p, 0755) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create folder: %s", p,
                              strerror(errno));
        else
            st = write_run_files(r, p, opt, err);
        free(p);
    }
    return st;
}

jh_status jh_output_write_comparison(const jh_run_result *const *runs, size_t n,
                                     const char *out_dir, const jh_output_options *opt,
                                     jh_error *err)
{
    if (n == 0)
        return jh_error_set(err, JH_ERR_INPUT, "compare: no scenario to compare");
    comparison_arg a = {runs, n};
    return write_folder(out_dir, fill_comparison, &a, opt, err);
}
