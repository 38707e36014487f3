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
#include "output/output.h"

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

#include "output/comparison.h"
#include "output/report_html.h"
#include "output/result_layers.h"
#include "output/summary.h"
#include "output/students_csv.h"
#include "output/tables_csv.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

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
    if (st == JH_OK)
        st = write_one(r, dir, "students.csv", jh_output_write_students_csv, err);
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
