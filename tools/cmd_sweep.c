/*
 * junheng sweep S.yaml -o OUT [--jobs N] [--variant V]: runs every variant
 * of a sweep (sim/sweep.h) and writes OUT/sweep.csv and OUT/summary.json
 * (output/sweep_output.h); with --variant V, runs variant V alone and
 * writes an ordinary run folder, as `junheng run` would for that scenario.
 *
 * Variants run in --jobs worker processes (default the cores). The parent
 * loads each scenario's county once; each worker is forked from it and
 * runs every jobs-th variant, each on a deep copy of that county, sending
 * each row back through a pipe. Rows are kept by variant number, so the
 * outputs do not depend on --jobs or on which worker finished first; a
 * failure reported is that of the lowest failing variant.
 */
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "input/inputs.h"
#include "optimise/schedule.h"
#include "output/output.h"
#include "output/sweep_output.h"
#include "sim/scenario_io.h"
#include "sim/sweep.h"

#ifdef JH_MPI
#include <mpi.h>
#endif

_Static_assert(sizeof(jh_sweep_row) < 60000, "a row must fit a pipe's buffer");

static const char usage[] =
    "usage: junheng sweep S.yaml -o OUT [--jobs N] [--variant V] [--lang zh|en] [--quiet]\n"
    "\n"
    "Runs the variants of the scenario's sweep: block (a grid `vary:` and/or\n"
    "Monte Carlo `samples:`, `seed:`, `draw:`; see the README) and writes\n"
    "OUT/sweep.csv (one row per variant: its inputs and final-year outcomes)\n"
    "and OUT/summary.json (pass probabilities by year, quantiles of the key\n"
    "figures), drawn in OUT/sweep.html. OUT is replaced only when every\n"
    "variant ran.\n"
    "  -o OUT       output folder (required)\n"
    "  --jobs N     variants run at once (default: the cores)\n"
    "  --variant V  run variant V (sweep.csv's first column) alone and write\n"
    "               its ordinary run folder (summary.json, metrics.csv, ...)\n"
    "  --lang L     labels of sweep.html (and of --variant's report): zh\n"
    "               (default) or en\n"
    "  --quiet      no progress on stderr\n";

/* Writes all of buf to fd (false: the pipe is gone). */
static bool put_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    size_t put = 0;
    while (put < len) {
        ssize_t n = write(fd, p + put, len - put);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        put += (size_t)n;
    }
    return true;
}

/* A worker: variants first + w, first + w + jobs, ... below last, one
 * after the other, each on its own deep copy of the shared county (the
 * simulation changes the county it runs on), each row sent as soon as it
 * is in. It stops after a failed variant (its row carries the message).
 * Reusing one process for many variants saves the page faults of a fresh
 * copy-on-write process per variant (30% of a variant's CPU before). */
static void worker_main(const jh_sweep *s, size_t first, size_t last, size_t w, size_t jobs,
                        jh_county *shared, int fd)
{
    jh_sweep_row *row = calloc(1, sizeof *row);
    if (!row)
        _exit(3);
    for (size_t v = first + w; v < last; v += jobs) {
        jh_error e = {0};
        jh_county *county = NULL;
        jh_status st = JH_OK;
        if (shared) {
            county = jh_county_copy(shared);
            if (!county)
                st = jh_error_set(&e, JH_ERR_RUN, "variant %zu: out of memory", v);
        }
        memset(row, 0, sizeof *row);
        if (st == JH_OK)
            st = jh_sweep_run_variant(s, v, county, row, &e); /* frees county on success */
        if (st != JH_OK) {
            memset(row, 0, sizeof *row);
            row->variant = (long)v;
            row->status = st;
            snprintf(row->message, sizeof row->message, "%.399s", e.message);
        }
        if (!put_all(fd, row, sizeof *row))
            _exit(4);
        if (st != JH_OK)
            break;
    }
    _exit(0);
}

typedef struct worker {
    pid_t pid;
    int fd;
    jh_sweep_row *row;   /* the row being read */
    size_t got;          /* bytes of it read */
    size_t next;         /* the variant it sends next */
    bool open;
} worker;

/* Runs variants [first, last) of the sweep on `jobs` worker processes. */
static jh_status run_range(const jh_sweep *s, size_t first, size_t last, jh_county *shared,
                           long jobs, jh_sweep_row *rows, bool quiet, jh_error *err)
{
    size_t total = last - first, nw = (size_t)jobs < total ? (size_t)jobs : total;
    if (nw == 0)
        return JH_OK;
    worker *ws = calloc(nw, sizeof *ws);
    jh_sweep_row *buf = calloc(nw, sizeof *buf);
    struct pollfd *pfd = calloc(nw, sizeof *pfd);
    if (!ws || !buf || !pfd) {
        free(ws);
        free(buf);
        free(pfd);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_status st = JH_OK;
    size_t started = 0;
    fflush(stdout);
    fflush(stderr);
    for (size_t w = 0; w < nw; w++) {
        int fds[2];
        if (pipe(fds) != 0) {
            st = jh_error_set(err, JH_ERR_RUN, "cannot make a pipe: %s", strerror(errno));
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(fds[0]);
            close(fds[1]);
            st = jh_error_set(err, JH_ERR_RUN, "cannot start a worker: %s", strerror(errno));
            break;
        }
        if (pid == 0) {
            close(fds[0]);
            for (size_t i = 0; i < started; i++)
                close(ws[i].fd);
            worker_main(s, first, last, w, nw, shared, fds[1]);
        }
        close(fds[1]);
        ws[w] = (worker){pid, fds[0], &buf[w], 0, first + w, true};
        started++;
    }
    /* rows as they come; the failure reported is the lowest variant's */
    size_t done = 0, bad = (size_t)-1;
    jh_error first_err = {0};
    for (;;) {
        nfds_t n = 0;
        for (size_t w = 0; w < started; w++)
            if (ws[w].open)
                pfd[n++] = (struct pollfd){.fd = ws[w].fd, .events = POLLIN};
        if (n == 0)
            break;
        if (poll(pfd, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            st = jh_error_set(err, JH_ERR_RUN, "poll: %s", strerror(errno));
            break;
        }
        for (size_t w = 0, k = 0; w < started; w++) {
            if (!ws[w].open)
                continue;
            struct pollfd *q = &pfd[k++];
            if (!(q->revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            worker *x = &ws[w];
            ssize_t r = read(x->fd, (char *)x->row + x->got, sizeof *x->row - x->got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                close(x->fd);
                x->open = false;
                continue;
            }
            x->got += (size_t)r;
            if (x->got < sizeof *x->row)
                continue;
            x->got = 0;
            size_t v = x->next;
            x->next += nw;
            if ((long)v != x->row->variant || x->row->status != JH_OK) {
                if (v < bad) {
                    bad = v;
                    jh_error_set(&first_err,
                                 x->row->status != JH_OK ? (jh_status)x->row->status : JH_ERR_RUN,
                                 "%s", x->row->status != JH_OK ? x->row->message
                                                               : "a worker sent a row out of order");
                }
                continue;
            }
            rows[v] = *x->row;
            done++;
            if (!quiet && (done % 50 == 0 || done == total))
                fprintf(stderr, "\rscenario %s: %zu of %zu variants",
                        s->scenarios[first / (s->grid_points * (size_t)s->samples)].name, done,
                        total);
        }
    }
    for (size_t w = 0; w < started; w++) {
        if (ws[w].open)
            close(ws[w].fd);
        int wstatus = 0;
        while (waitpid(ws[w].pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
        /* a worker that stopped short without a failed row */
        if (ws[w].next < last && ws[w].next < bad && st == JH_OK) {
            bool after_bad = false;
            for (size_t v = first + w; v < ws[w].next; v += nw)
                after_bad |= v == bad;
            if (!after_bad) {
                bad = ws[w].next;
                if (WIFSIGNALED(wstatus))
                    jh_error_set(&first_err, JH_ERR_RUN, "variant %zu: the worker died of signal %d",
                                 ws[w].next, WTERMSIG(wstatus));
                else
                    jh_error_set(&first_err, JH_ERR_RUN,
                                 "variant %zu: the worker stopped without a result", ws[w].next);
            }
        }
    }
    if (st == JH_OK && bad != (size_t)-1) {
        st = first_err.status;
        *err = first_err;
    }
    if (!quiet && total)
        fputc('\n', stderr);
    free(ws);
    free(buf);
    free(pfd);
    return st;
}

static int run_one(const jh_sweep *s, long v, const char *out, const char *lang)
{
    jh_error err = {0};
    jh_scenario sc;
    jh_status st = jh_sweep_variant_scenario(s, (size_t)v, &sc, &err);
    if (st != JH_OK)
        return jh_cli_fail("sweep", st, &err);
    jh_county *county;
    st = jh_cli_load_county(&sc, &county, &err);
    if (st == JH_OK) {
        /* the county's warnings were not shown for a variant: quiet */
        st = jh_cli_run_write(&sc, county, out, lang, true, &err);
        if (st == JH_OK)
            printf("variant %ld; outputs in %s\n", v, out);
    }
    jh_scenario_free(&sc);
    return st == JH_OK ? 0 : jh_cli_fail("sweep", st, &err);
}

/* Rank r's share [lo, hi) of n variants starting at first. */
static void chunk(size_t first, size_t n, int r, int size, size_t *lo, size_t *hi)
{
    *lo = first + n * (size_t)r / (size_t)size;
    *hi = first + n * (size_t)(r + 1) / (size_t)size;
}

#ifdef JH_MPI
/* Every rank sends rank 0 its status and, when it ran, its rows. */
static jh_status gather(const jh_sweep *s, jh_sweep_row *rows, int rank, int size, jh_status st,
                        jh_error *err)
{
    size_t per = s->grid_points * (size_t)s->samples, lo, hi;
    const size_t piece = 8192; /* rows per message, well under INT_MAX bytes */
    if (rank != 0) {
        jh_error e = *err;
        e.status = st;
        MPI_Send(&e, (int)sizeof e, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
        for (size_t k = 0; st == JH_OK && k < s->n_scenarios; k++) {
            chunk(k * per, per, rank, size, &lo, &hi);
            for (size_t a = lo; a < hi; a += piece) {
                size_t m = hi - a < piece ? hi - a : piece;
                MPI_Send(rows + a, (int)(m * sizeof *rows), MPI_BYTE, 0, 2, MPI_COMM_WORLD);
            }
        }
        return st;
    }
    for (int r = 1; r < size; r++) {
        jh_error e;
        MPI_Recv(&e, (int)sizeof e, MPI_BYTE, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (size_t k = 0; e.status == JH_OK && k < s->n_scenarios; k++) {
            chunk(k * per, per, r, size, &lo, &hi);
            for (size_t a = lo; a < hi; a += piece) {
                size_t m = hi - a < piece ? hi - a : piece;
                MPI_Recv(rows + a, (int)(m * sizeof *rows), MPI_BYTE, r, 2, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            }
        }
        if (e.status != JH_OK && st == JH_OK) {
            st = e.status;
            *err = e;
        }
    }
    return st;
}
#endif

/* --jobs N, -j N, --variant V */
typedef struct sweep_counts {
    long jobs, variant;
} sweep_counts;

static int take_count(void *ctx, const char *opt, const char *v)
{
    sweep_counts *c = ctx;
    if (strcmp(opt, "--variant") == 0)
        return jh_cli_count("sweep", opt, v, 0, LONG_MAX, &c->variant);
    return jh_cli_count("sweep", opt, v, 1, 1024, &c->jobs);
}

static int sweep_main(int argc, char **argv, int rank, int size)
{
    static const char *const valued[] = {"--jobs", "-j", "--variant", NULL};
    sweep_counts n = {size > 1 ? 1 : jh_cli_cores(), -1};
    jh_cli_options o;
    const jh_cli_spec spec = {.cmd = "sweep", .usage = usage, .max_inputs = 1, .input = "sweep file",
                              .need_out = true, .valued = valued, .take = take_count, .ctx = &n};
    int rc = jh_cli_parse(&o, argc, argv, &spec);
    const char *in = o.inputs ? o.inputs[0] : NULL, *out = o.out, *lang = o.lang;
    bool quiet = o.quiet;
    long jobs = n.jobs, variant = n.variant;
    jh_cli_options_free(&o); /* in, out and lang point into argv */
    if (rc >= 0)
        return rc;
    jh_error err = {0};
    jh_status st = JH_OK;
    jh_sweep s;
    if ((st = jh_sweep_load(&s, in, &err)) != JH_OK)
        return jh_cli_fail("sweep", st, &err);
    if (variant >= 0) {
        int rc = 0;
        if (rank != 0)
            ; /* one run, on rank 0 */
        else if ((size_t)variant >= s.n_variants) {
            fprintf(stderr, "junheng sweep: --variant: the sweep has variants 0 to %zu, got %ld\n",
                    s.n_variants - 1, variant);
            rc = 2;
        } else {
            rc = run_one(&s, variant, out, lang);
        }
        jh_sweep_free(&s);
        return rc;
    }
    if ((size_t)jobs > s.n_variants)
        jobs = (long)s.n_variants;
    jh_sweep_row *rows = calloc(s.n_variants, sizeof *rows);
    if (!rows) {
        jh_sweep_free(&s);
        jh_error_set(&err, JH_ERR_RUN, "out of memory for %zu variants", s.n_variants);
        return jh_cli_fail("sweep", JH_ERR_RUN, &err);
    }
    size_t per = s.grid_points * (size_t)s.samples;
    for (size_t k = 0; k < s.n_scenarios && st == JH_OK; k++) {
        jh_county *shared = NULL;
        if (!s.scenarios[k].reload_county) {
            /* the county as the scenario loads it, shared by its variants */
            jh_scenario base;
            st = jh_scenario_parse(&base, s.scenarios[k].text, s.scenarios[k].len,
                                   s.scenarios[k].path, &err);
            if (st != JH_OK)
                break;
            st = jh_cli_load_county(&base, &shared, &err);
            if (st == JH_OK)
                jh_cli_print_warnings(shared, quiet);
            jh_scenario_free(&base);
        }
        size_t lo, hi;
        chunk(k * per, per, rank, size, &lo, &hi);
        if (st == JH_OK)
            st = run_range(&s, lo, hi, shared, jobs, rows, quiet, &err);
        if (shared) {
            jh_county_free(shared);
            free(shared);
        }
    }
#ifdef JH_MPI
    if (size > 1)
        st = gather(&s, rows, rank, size, st, &err);
#endif
    if (rank != 0) {
        free(rows);
        jh_sweep_free(&s);
        return st == JH_OK ? 0 : st == JH_ERR_INPUT ? 2 : 1;
    }
    if (st == JH_OK)
        st = jh_output_write_sweep(&s, rows, out, lang, &err);
    if (st == JH_OK)
        printf("%zu variants of %zu scenario%s; outputs in %s\n", s.n_variants, s.n_scenarios,
               s.n_scenarios == 1 ? "" : "s", out);
    free(rows);
    jh_sweep_free(&s);
    return st == JH_OK ? 0 : jh_cli_fail("sweep", st, &err);
}

int jh_cmd_sweep(int argc, char **argv)
{
#ifdef JH_MPI
    /* junheng-mpi: `mpirun -np N junheng-mpi sweep ...` splits each
     * scenario's variants into N blocks, one per rank (each rank runs
     * --jobs workers, default 1), and rank 0 gathers the rows and writes
     * the outputs; the other ranks stay silent. */
    int inited = 0, rank = 0, size = 1;
    MPI_Initialized(&inited);
    if (!inited)
        MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank != 0) {
        FILE *o = freopen("/dev/null", "w", stdout), *e = freopen("/dev/null", "w", stderr);
        (void)o;
        (void)e;
    }
    int rc = sweep_main(argc, argv, rank, size);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!inited)
        MPI_Finalize();
    return rc;
#else
    return sweep_main(argc, argv, 0, 1);
#endif
}
