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
#include <gdal.h>
#include <jansson.h>
#include <pthread.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "jh_array.h"
#include "output/comparison.h"
#include "output/comparison_xlsx.h"
#include "output/report_html.h"
#include "output/layer_style.h"
#include "output/metrics_wide.h"
#include "output/result_layers.h"
#include "output/results_gpkg.h"
#include "output/results_xlsx.h"
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

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
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

/* ------------------------------------------------------------- manifest */

/* Every folder junheng writes holds MANIFEST: a first line naming it, then
 * one line per file (folders end in '/'), sorted. An existing OUT is
 * replaced only when everything in it is listed there, so a folder that
 * merely holds a file called summary.json, or an output where the user
 * saved notes of their own, is never deleted. */
#define MANIFEST ".junheng-manifest"
#define MANIFEST_HEAD "junheng output manifest 1\n"
/* Inside a temporary folder while a run writes it; the run holds an
 * exclusive flock on it until the folder is swapped in or removed, so a
 * later run can tell a folder left by a killed run (lock free) from one
 * being written right now (lock held). */
#define TMP_MARKER ".junheng-tmp"

typedef struct name_list {
    char **items;
    size_t n, cap;
} name_list;

static bool list_add(name_list *l, const char *s)
{
    char **g = jh_array_grow(l->items, l->n, &l->cap, sizeof *g, 32);
    if (!g)
        return false;
    l->items = g;
    if (!(l->items[l->n] = strdup(s)))
        return false;
    l->n++;
    return true;
}

static void list_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries of `dir` below it, as relative paths (folders with a trailing
 * '/'), recursively; the manifest and the marker are left out.
 * *odd is set to the first entry that is neither a regular file nor a
 * folder (a link, a FIFO ...), which junheng never writes. */
static bool walk(const char *dir, const char *rel, name_list *out, char *odd, size_t odd_n,
                 int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool ok = true;
    while (ok && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!*rel && (strcmp(e->d_name, MANIFEST) == 0 || strcmp(e->d_name, TMP_MARKER) == 0))
            continue;
        size_t np = strlen(dir) + strlen(e->d_name) + 2, nr = strlen(rel) + strlen(e->d_name) + 2;
        char *path = malloc(np), *r = malloc(nr + 1);
        if (!path || !r) {
            free(path);
            free(r);
            ok = false;
            break;
        }
        snprintf(path, np, "%s/%s", dir, e->d_name);
        snprintf(r, nr, "%s%s", rel, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) != 0) {
            ok = false;
        } else if (S_ISDIR(sb.st_mode) && depth < 8) {
            strcat(r, "/");
            ok = list_add(out, r) && walk(path, r, out, odd, odd_n, depth + 1);
        } else {
            if (!S_ISREG(sb.st_mode) && odd && !odd[0])
                snprintf(odd, odd_n, "%s", r);
            ok = list_add(out, r);
        }
        free(path);
        free(r);
    }
    closedir(d);
    return ok;
}

/* Writes dir/MANIFEST listing everything in dir. */
static jh_status write_manifest(const char *dir, jh_error *err)
{
    name_list l = {0};
    if (!walk(dir, "", &l, NULL, 0, 0)) {
        list_free(&l);
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot list the folder written: %s", dir,
                            strerror(errno));
    }
    qsort(l.items, l.n, sizeof *l.items, cmp_str);
    char *p = join(dir, MANIFEST);
    FILE *f = p ? fopen(p, "w") : NULL;
    bool ok = f != NULL;
    if (f) {
        fputs(MANIFEST_HEAD, f);
        for (size_t i = 0; i < l.n; i++)
            fprintf(f, "%s\n", l.items[i]);
        ok = !ferror(f);
        ok = fclose(f) == 0 && ok;
    }
    jh_status st = ok ? JH_OK
                      : jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s",
                                     p ? p : MANIFEST, strerror(errno));
    free(p);
    list_free(&l);
    return st;
}

/* Reads dir/MANIFEST into a sorted list; false when there is none or it is
 * not one junheng wrote. */
static bool read_manifest(const char *dir, name_list *l)
{
    char *p = join(dir, MANIFEST);
    if (!p)
        return false;
    struct stat sb;
    FILE *f = NULL;
    if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size < (16 << 20))
        f = fopen(p, "r");
    free(p);
    if (!f)
        return false;
    char line[4096];
    bool ok = fgets(line, sizeof line, f) && strcmp(line, MANIFEST_HEAD) == 0;
    while (ok && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        ok = list_add(l, line);
    }
    fclose(f);
    qsort(l->items, l->n, sizeof *l->items, cmp_str);
    return ok;
}

/* Whether an existing OUT may be replaced: empty, or holding nothing but
 * what its manifest lists. Returns JH_OK when it may, with *exists set. */
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
    *exists = true;
    name_list have = {0}, listed = {0};
    char odd[512] = "";
    jh_status st = JH_OK;
    if (!walk(out, "", &have, odd, sizeof odd, 0)) {
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot read folder: %s", out, strerror(errno));
        goto done;
    }
    char *m = join(out, MANIFEST);
    bool has_manifest = m && lstat(m, &sb) == 0;
    free(m);
    if (have.n == 0 && !has_manifest)
        goto done; /* empty */
    if (!read_manifest(out, &listed)) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: the folder holds files that are not a junheng output (no %s "
                          "listing them); refusing to replace it: choose another -o folder "
                          "or empty this one",
                          out, MANIFEST);
        goto done;
    }
    for (size_t i = 0; i < have.n; i++) {
        const char *name = have.items[i];
        if (odd[0] && strcmp(odd, name) == 0) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: '%s' is not a regular file or folder junheng writes; "
                              "refusing to replace the folder",
                              out, name);
            goto done;
        }
        if (!bsearch(&name, listed.items, listed.n, sizeof *listed.items, cmp_str)) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: '%s' is not a file junheng wrote there (not in %s); "
                              "refusing to replace the folder: move it out or choose another "
                              "-o folder",
                              out, name, MANIFEST);
            goto done;
        }
    }
done:
    list_free(&have);
    list_free(&listed);
    return st;
}

jh_status jh_output_check_target(const char *out_dir, jh_error *err)
{
    if (!out_dir || !*out_dir)
        return jh_error_set(err, JH_ERR_INPUT, "no output folder given");
    bool exists;
    return check_replaceable(out_dir, &exists, err);
}

/* --------------------------------------------- temporary folder, signals */

/* The temporary folder being written, for the signal handler; empty when
 * none. Set and cleared with SIGINT/SIGTERM/SIGHUP blocked. */
static char tmp_path[4096];
static int tmp_lock_fd = -1;
static struct sigaction old_int, old_term, old_hup;

/* Removes a folder tree with system calls only (safe in a signal handler):
 * unlinks each entry, descending into folders, until a pass finds nothing
 * more to remove. */
static void rm_tree_at(int parent, const char *name, int depth)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        unlinkat(parent, name, 0);
        return;
    }
    char buf[4096];
    for (int pass = 0; pass < 64; pass++) {
        bool removed = false;
        lseek(fd, 0, SEEK_SET);
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n;) {
                struct {
                    uint64_t ino;
                    int64_t off;
                    unsigned short reclen;
                    unsigned char type;
                    char name[];
                } *d = (void *)(buf + off);
                off += d->reclen;
                if (strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0)
                    continue;
                if (unlinkat(fd, d->name, 0) == 0)
                    removed = true;
                else if (depth < 8) {
                    rm_tree_at(fd, d->name, depth + 1);
                    removed = true;
                }
            }
        }
        if (!removed)
            break;
    }
    close(fd);
    unlinkat(parent, name, AT_REMOVEDIR);
}

static void on_signal(int sig)
{
    if (tmp_path[0])
        rm_tree_at(AT_FDCWD, tmp_path, 0);
    _exit(128 + sig);
}

static void block_signals(sigset_t *old)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGHUP);
    sigprocmask(SIG_BLOCK, &s, old);
}

/* Registers tmp (already created) for removal on a signal, creates its
 * marker and locks it. Signals must be blocked by the caller. */
static void guard_tmp(const char *tmp)
{
    snprintf(tmp_path, sizeof tmp_path, "%s", tmp);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, NULL, &old_hup);
    if (old_hup.sa_handler != SIG_IGN) /* a run under nohup keeps running */
        sigaction(SIGHUP, &sa, NULL);
    /* The marker is made under another name, locked, then renamed: a
     * concurrent run's remove_stale_tmp looks for TMP_MARKER only, so it
     * never finds this run's marker before its lock is held (made under
     * its own name, it could take the lock first in the instant between
     * open and flock, and remove the folder this run is writing). */
    char *m = join(tmp, TMP_MARKER);
    char *m_new = join(tmp, TMP_MARKER ".new");
    if (m && m_new) {
        tmp_lock_fd = open(m_new, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (tmp_lock_fd >= 0) {
            if (flock(tmp_lock_fd, LOCK_EX | LOCK_NB) != 0 || rename(m_new, m) != 0) {
                close(tmp_lock_fd);
                tmp_lock_fd = -1;
                unlink(m_new);
            } else {
                dprintf(tmp_lock_fd, "junheng temporary output folder of process %ld\n",
                        (long)getpid());
            }
        }
    }
    free(m);
    free(m_new);
}

/* Takes the marker out of tmp (it must not reach OUT); its lock stays held
 * through the open descriptor until release_tmp. */
static void unmark_tmp(const char *tmp)
{
    char *m = join(tmp, TMP_MARKER);
    if (m)
        unlink(m);
    free(m);
}

/* Forgets the temporary folder and restores the signal handlers. Signals
 * must be blocked by the caller. */
static void release_tmp(void)
{
    tmp_path[0] = '\0';
    if (tmp_lock_fd >= 0)
        close(tmp_lock_fd);
    tmp_lock_fd = -1;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
}

/* Removes OUT.tmp-* folders beside OUT that earlier runs left when they
 * were killed: those holding junheng's marker with no process holding its
 * lock. Folders without the marker are never touched. */
static void remove_stale_tmp(const char *out)
{
    const char *slash = strrchr(out, '/');
    char *parent = slash ? strndup(out, slash == out ? 1 : (size_t)(slash - out)) : strdup(".");
    const char *base = slash ? slash + 1 : out;
    if (!parent)
        return;
    size_t nb = strlen(base);
    DIR *d = opendir(parent);
    if (!d) {
        free(parent);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, nb) != 0 || strncmp(e->d_name + nb, ".tmp-", 5) != 0)
            continue;
        char *dir = join(parent, e->d_name);
        char *m = dir ? join(dir, TMP_MARKER) : NULL;
        int fd = m ? open(m, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            remove_tree(dir);
        if (fd >= 0)
            close(fd);
        free(m);
        free(dir);
    }
    closedir(d);
    free(parent);
}

/* An exclusive lock on OUT's parent folder while OUT is checked and
 * swapped, so two runs into one OUT take turns: the later one finds the
 * earlier one's output there and replaces it. -1 when the file system
 * does not lock folders (then the check and swap simply run). */
static int lock_parent(const char *out)
{
    const char *slash = strrchr(out, '/');
    char *parent = slash ? strndup(out, slash == out ? 1 : (size_t)(slash - out)) : strdup(".");
    if (!parent)
        return -1;
    int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(parent);
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
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

/* results.gpkg, the largest file, written on a thread of its own while
 * the other files are written: one GDAL dataset in that thread only. */
typedef struct gpkg_job {
    const jh_run_result *r;
    char *path;
    atomic_bool stop; /* set when another file failed: no use finishing */
    jh_status st;
    jh_error err;
} gpkg_job;

static void *gpkg_thread(void *arg)
{
    gpkg_job *j = arg;
    j->st = jh_output_write_gpkg_until(j->r, j->path, &j->stop, &j->err);
    return NULL;
}

/* Starts the thread with SIGINT, SIGTERM and SIGHUP blocked in it, so the
 * main thread alone handles them (and holds them back around the swap).
 * False when no thread could be started: the caller writes it itself. */
static bool start_gpkg(gpkg_job *j, pthread_t *t)
{
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &s, &old);
    bool ok = pthread_create(t, NULL, gpkg_thread, j) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

/* Writes every file of one run into an existing folder `dir`. The files
 * are independent: results.gpkg is written by a second thread meanwhile.
 * The error reported is the one the files written one after another would
 * give (the first failing file in the order below, results.gpkg last),
 * whatever the threads' timing. */
static jh_status write_run_files(const jh_run_result *r, const char *dir,
                                 const jh_output_options *opt, jh_error *err)
{
    if (!r || !r->county)
        return jh_error_set(err, JH_ERR_RUN, "%s: no run result to write", dir);
    gpkg_job job = {.r = r, .path = join(dir, "results.gpkg"), .st = JH_OK};
    if (!job.path)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    atomic_init(&job.stop, false);
    jh_error_clear(&job.err);
    GDALAllRegister(); /* once, before a second thread uses GDAL */
    pthread_t thread;
    bool threaded = start_gpkg(&job, &thread);
    jh_status st = write_one(r, dir, "summary.json", jh_output_write_summary, err);
    if (st == JH_OK)
        st = write_one(r, dir, "metrics.csv", jh_output_write_metrics_csv, err);
    if (st == JH_OK)
        st = write_one(r, dir, "metrics_wide.csv", jh_output_write_metrics_wide_csv, err);
    if (st == JH_OK)
        st = write_one(r, dir, "schools.csv", jh_output_write_schools_csv, err);
    if (st == JH_OK)
        st = write_one(r, dir, "students.csv", jh_output_write_students_csv, err);
    if (st == JH_OK) {
        char *p = join(dir, "report.html");
        if (!p)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        else
            st = jh_report_html_write(r, p, opt ? opt->lang : NULL, err);
        free(p);
    }
    if (st == JH_OK) {
        char *p = join(dir, "results.xlsx");
        if (!p)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        else
            st = jh_output_write_xlsx(r, p, opt ? opt->lang : NULL, err);
        free(p);
    }
    if (st == JH_OK)
        st = jh_output_write_layers(r, dir, err);
    if (st == JH_OK)
        st = jh_output_write_layer_styles(r, dir, err);
    if (threaded) {
        if (st != JH_OK)
            atomic_store(&job.stop, true);
        pthread_join(thread, NULL);
    } else if (st == JH_OK) {
        job.st = jh_output_write_gpkg(r, job.path, &job.err);
    }
    if (st == JH_OK && job.st != JH_OK) {
        st = job.st;
        if (err)
            *err = job.err;
    }
    free(job.path);
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
    remove_stale_tmp(out);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        free(out);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    snprintf(tmp, n + 16, "%s.tmp-XXXXXX", out);
    sigset_t old_mask;
    block_signals(&old_mask);
    if (!mkdtemp(tmp)) {
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create a temporary folder beside it: %s",
                          out, strerror(errno));
        free(tmp);
        free(out);
        return st;
    }
    guard_tmp(tmp); /* from here a signal removes tmp */
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    /* mkdtemp makes 0700; an output folder is meant to be shared */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0777 & ~mask);
    st = fill(tmp, arg, opt, err);
    if (st == JH_OK && opt && opt->extra)
        st = opt->extra(tmp, opt->extra_ctx, err);
    if (st == JH_OK)
        st = write_manifest(tmp, err);
    /* The swap runs with signals held back, and under the parent's lock so
     * a concurrent run into the same OUT waits its turn; OUT is checked
     * again, since it may have changed while this run worked. */
    block_signals(&old_mask);
    int lock = st == JH_OK ? lock_parent(out) : -1;
    if (st == JH_OK)
        st = check_replaceable(out, &exists, err);
    if (st == JH_OK) {
        unmark_tmp(tmp);
        st = swap_in(tmp, out, exists, err);
    }
    if (lock >= 0)
        close(lock);
    if (st != JH_OK)
        remove_tree(tmp);
    release_tmp();
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    free(tmp);
    free(out);
    return st;
}

jh_status jh_output_write_folder(const char *out_dir,
                                 jh_status (*fill)(const char *dir, const void *arg,
                                                   const jh_output_options *opt, jh_error *err),
                                 const void *arg, const jh_output_options *opt, jh_error *err)
{
    return write_folder(out_dir, fill, arg, opt, err);
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

/* Run i's folder inside the comparison folder dir. */
static jh_status write_comparison_run(const char *dir, const jh_run_result *r, size_t i,
                                      const jh_output_options *opt, jh_error *err)
{
    char name[256];
    jh_output_run_folder_name(name, sizeof name, r && r->scenario ? r->scenario->name : NULL, i);
    char *p = join(dir, name);
    if (!p)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    struct stat sb;
    if (lstat(p, &sb) == 0 || strcmp(name, "comparison.csv") == 0 ||
        strcmp(name, "comparison.html") == 0 || strcmp(name, "comparison.xlsx") == 0) {
        /* two scenarios of one name: number the later one */
        free(p);
        char alt[300];
        snprintf(alt, sizeof alt, "%s-%zu", name, i + 1);
        p = join(dir, alt);
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_status st;
    if (mkdir(p, 0755) != 0)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create folder: %s", p, strerror(errno));
    else
        st = write_run_files(r, p, opt, err);
    free(p);
    return st;
}

/* comparison.csv, .html and .xlsx of the runs into dir. */
static jh_status write_comparison_tables(const char *dir, const jh_run_result *const *runs,
                                         size_t n, const jh_output_options *opt, jh_error *err)
{
    jh_status st = jh_output_write_comparison_files(runs, n, dir, opt ? opt->lang : NULL, err);
    if (st == JH_OK) {
        char *p = join(dir, "comparison.xlsx");
        if (!p)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        st = jh_output_write_comparison_xlsx(runs, n, p, opt ? opt->lang : NULL, err);
        free(p);
    }
    return st;
}

static jh_status fill_comparison(const char *dir, const void *arg, const jh_output_options *opt,
                                 jh_error *err)
{
    const comparison_arg *a = arg;
    jh_status st = write_comparison_tables(dir, a->runs, a->n, opt, err);
    for (size_t i = 0; i < a->n && st == JH_OK; i++)
        st = write_comparison_run(dir, a->runs[i], i, opt, err);
    return st;
}

typedef struct {
    size_t n;
    jh_comparison_source get;
    jh_comparison_written written;
    void *ctx;
} comparison_stream;

/* Runs in order as the source gives them, each folder written before the
 * next is asked for (the caller may then drop what the tables do not
 * read), the tables last: the same bytes as fill_comparison. */
static jh_status fill_comparison_stream(const char *dir, const void *arg,
                                        const jh_output_options *opt, jh_error *err)
{
    const comparison_stream *a = arg;
    const jh_run_result **runs = calloc(a->n + 1, sizeof *runs);
    if (!runs)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = JH_OK;
    for (size_t i = 0; i < a->n && st == JH_OK; i++) {
        if ((st = a->get(a->ctx, i, &runs[i], err)) != JH_OK)
            break;
        if ((st = write_comparison_run(dir, runs[i], i, opt, err)) == JH_OK && a->written)
            a->written(a->ctx, i);
    }
    if (st == JH_OK)
        st = write_comparison_tables(dir, runs, a->n, opt, err);
    free(runs);
    return st;
}

jh_status jh_output_write_comparison_stream(size_t n, jh_comparison_source get,
                                            jh_comparison_written written, void *ctx,
                                            const char *out_dir, const jh_output_options *opt,
                                            jh_error *err)
{
    if (n == 0)
        return jh_error_set(err, JH_ERR_INPUT, "compare: no scenario to compare");
    comparison_stream a = {n, get, written, ctx};
    return write_folder(out_dir, fill_comparison_stream, &a, opt, err);
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
