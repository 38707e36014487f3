/*
 * bench_simulation: how long one scenario's simulation takes, apart from
 * loading the layers and writing outputs.
 *
 *   bench_simulation S.yaml [REPEATS [KEEP]]
 *
 * KEEP is what the run keeps of each year (scenario.h: run_keep):
 * `figures` (the default: no output is written, so no cells nor yearly
 * flows), `writers` (as `junheng run` keeps for its writers) or `all` (as
 * the optimisers keep).
 *
 * Prints load seconds (wall, and CPU with the resident memory right after
 * the last load), simulation seconds (best of REPEATS, default 3: wall, and
 * the CPU seconds and minor page faults of that same repeat) and the
 * process's peak resident memory. tools/bench_simulation.sh runs it on
 * generated counties of 300 schools / 3,000 villages and 20,000 schools /
 * 200,000 villages over ten years.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"
#include "input/inputs.h"
#include "sim/scenario_io.h"
#include "sim/simulation.h"

/* Resident memory now (MiB, /proc/self/statm), 0 when unknown. */
static double resident_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size, rss = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return (double)rss * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_simulation S.yaml [REPEATS [figures|writers|all]]\n");
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 3;
    const char *keep_name = argc > 3 ? argv[3] : "figures";
    int keep = !strcmp(keep_name, "all") ? JH_KEEP_ALL
               : !strcmp(keep_name, "writers") ? JH_KEEP_WRITERS
               : !strcmp(keep_name, "figures") ? JH_KEEP_FIGURES : -1;
    if (keep < 0) {
        fprintf(stderr, "bench_simulation: KEEP: expected figures, writers or all\n");
        return 2;
    }
    if (repeats < 1)
        repeats = 1;
    jh_error err = {0};
    jh_scenario sc;
    if (jh_scenario_load(&sc, argv[1], &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    double best = 1e300, best_cpu = 0, load = 0, load_cpu = 0, load_mib = 0;
    long best_faults = 0;
    size_t schools = 0, villages = 0;
    long students = 0;
    for (int k = 0; k < repeats; k++) {
        double t0 = bench_wall_s(), c0 = bench_cpu_s();
        jh_county *c = calloc(1, sizeof *c);
        if (!c || jh_county_load(c, &sc, &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 2;
        }
        double t1 = bench_wall_s();
        load_cpu = bench_cpu_s() - c0;
        load_mib = resident_mib();
        schools = c->n_schools;
        villages = c->n_villages;
        jh_run_result r;
        sc.run_keep = keep;
        struct rusage ru0;
        getrusage(RUSAGE_SELF, &ru0);
        double c1 = bench_cpu_s();
        if (jh_simulate(&r, &sc, c, &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        double t2 = bench_wall_s(), c2 = bench_cpu_s();
        struct rusage ru1;
        getrusage(RUSAGE_SELF, &ru1);
        students = r.years[r.n_years - 1].metrics.level[0].students +
                   r.years[r.n_years - 1].metrics.level[1].students;
        jh_run_result_free(&r);
        load = t1 - t0;
        if (t2 - t1 < best) {
            best = t2 - t1;
            best_cpu = c2 - c1;
            best_faults = ru1.ru_minflt - ru0.ru_minflt;
        }
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%zu schools, %zu villages, %d years: load %.3f s (%.3f s CPU, %.0f MiB resident "
           "after), simulate %.3f s (%.3f s CPU, %ld minor faults; best of %d, keeping %s), peak memory %.1f MiB, final-year "
           "students %ld\n",
           schools, villages, sc.end_year - sc.start_year + 1, load, load_cpu, load_mib, best,
           best_cpu, best_faults, repeats, keep_name,
           ru.ru_maxrss / 1024.0, students);
    jh_scenario_free(&sc);
    return 0;
}
