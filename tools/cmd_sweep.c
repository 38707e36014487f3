/*
 * junheng sweep S.yaml -o OUT [--jobs N] [--variant V]: runs every variant
 * of a sweep (sim/sweep.h) and writes OUT/sweep.csv and OUT/summary.json
 * (output/sweep_output.h); with --variant V, runs variant V alone and
 * writes an ordinary run folder, as `junheng run` would for that scenario.
 *
 * Variants run in worker processes (--jobs at a time, default the cores).
 * The parent loads each scenario's county once; every worker is forked
 * from it and simulates on its own copy-on-write copy, sends its row back
 * through a pipe and exits, so each variant's memory is returned as soon
 * as its row is in. Rows are kept by variant number, so the outputs do not
 * depend on --jobs or on which worker finished first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "input/inputs.h"
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

static int parse_count(const char *opt, const char *v, long lo, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo) {
        fprintf(stderr, "junheng sweep: %s: expected a whole number from %ld, got '%s'\n", opt, lo,
                v);
        return 2;
    }
    *out = n;
    return -1;
}

typedef struct worker {
    pid_t pid;
    int fd;
    size_t variant;
} worker;

/* Reads a finished worker's row. */
static jh_status collect(worker *w, int wstatus, jh_sweep_row *row, jh_error *err)
{
    size_t got = 0;
    char *p = (char *)row;
    while (got < sizeof *row) {
        ssize_t n = read(w->fd, p + got, sizeof *row - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(w->fd);
    w->pid = 0;
    if (got != sizeof *row) {
        if (WIFSIGNALED(wstatus))
            return jh_error_set(err, JH_ERR_RUN, "variant %zu: the worker died of signal %d",
                                w->variant, WTERMSIG(wstatus));
        return jh_error_set(err, JH_ERR_RUN, "variant %zu: the worker stopped without a result",
                            w->variant);
    }
    if (row->status != JH_OK)
        return jh_error_set(err, (jh_status)row->status, "%s", row->message);
    return JH_OK;
}

static void child(const jh_sweep *s, size_t v, jh_county *shared, int fd)
{
    jh_sweep_row *row = calloc(1, sizeof *row);
    if (!row)
        _exit(3);
    jh_error e = {0};
    jh_status st = jh_sweep_run_variant(s, v, shared, row, &e);
    if (st != JH_OK) {
        memset(row, 0, sizeof *row);
        row->variant = (long)v;
        row->status = st;
        snprintf(row->message, sizeof row->message, "%.399s", e.message);
    }
    const char *p = (const char *)row;
    size_t put = 0;
    while (put < sizeof *row) {
        ssize_t n = write(fd, p + put, sizeof *row - put);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(4);
        put += (size_t)n;
    }
    _exit(0);
}

/* Runs variants [first, last) of the sweep, `jobs` at a time. */
static jh_status run_range(const jh_sweep *s, size_t first, size_t last, jh_county *shared,
                           long jobs, jh_sweep_row *rows, bool quiet, jh_error *err)
{
    worker *ws = calloc((size_t)jobs, sizeof *ws);
    if (!ws)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = JH_OK;
    size_t next = first, done = 0, total = last - first;
    long active = 0;
    while (active > 0 || (st == JH_OK && next < last)) {
        if (st == JH_OK && next < last && active < jobs) {
            int fds[2];
            if (pipe(fds) != 0) {
                st = jh_error_set(err, JH_ERR_RUN, "cannot make a pipe: %s", strerror(errno));
                continue;
            }
            fflush(stdout);
            fflush(stderr);
            pid_t pid = fork();
            if (pid < 0) {
                close(fds[0]);
                close(fds[1]);
                st = jh_error_set(err, JH_ERR_RUN, "cannot start a worker: %s", strerror(errno));
                continue;
            }
            if (pid == 0) {
                close(fds[0]);
                for (long i = 0; i < jobs; i++)
                    if (ws[i].pid)
                        close(ws[i].fd);
                child(s, next, shared, fds[1]);
            }
            close(fds[1]);
            long i = 0;
            while (ws[i].pid)
                i++;
            ws[i] = (worker){pid, fds[0], next};
            next++;
            active++;
            continue;
        }
        int wstatus;
        pid_t pid = waitpid(-1, &wstatus, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (long i = 0; i < jobs; i++)
            if (ws[i].pid == pid) {
                jh_error e = {0};
                jh_status r = collect(&ws[i], wstatus, &rows[ws[i].variant], &e);
                if (r != JH_OK && st == JH_OK) {
                    st = r;
                    *err = e;
                }
                active--;
                done++;
                if (!quiet && (done % 50 == 0 || done == total))
                    fprintf(stderr, "\rscenario %s: %zu of %zu variants",
                            s->scenarios[first / (s->grid_points * (size_t)s->samples)].name,
                            done, total);
            }
    }
    if (!quiet && total)
        fputc('\n', stderr);
    free(ws);
    return st;
}

static int run_one(const jh_sweep *s, long v, const char *out, const char *lang)
{
    jh_error err = {0};
    jh_scenario sc;
    jh_status st = jh_sweep_variant_scenario(s, (size_t)v, &sc, &err);
    if (st != JH_OK)
        return jh_cli_fail("sweep", st, &err);
    jh_county *county = calloc(1, sizeof *county);
    st = county ? jh_county_load(county, &sc, &err)
                : jh_error_set(&err, JH_ERR_RUN, "out of memory");
    if (st != JH_OK) {
        if (county) {
            jh_county_free(county);
            free(county);
        }
    } else {
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
        return parse_count(opt, v, 0, &c->variant);
    return parse_count(opt, v, 1, &c->jobs);
}

static int sweep_main(int argc, char **argv, int rank, int size)
{
    static const char *const valued[] = {"--jobs", "-j", "--variant", NULL};
    sweep_counts n = {size > 1 ? 1 : sysconf(_SC_NPROCESSORS_ONLN), -1};
    if (n.jobs < 1)
        n.jobs = 1;
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
            shared = calloc(1, sizeof *shared);
            st = shared ? jh_county_load(shared, &base, &err)
                        : jh_error_set(&err, JH_ERR_RUN, "out of memory");
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
