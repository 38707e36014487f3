/*
 * bench_outputs: where `junheng run`'s time goes, phase by phase: loading,
 * the simulation, and each file of the run folder written on its own (one
 * thread, so each file's CPU seconds are its own; `junheng run` writes
 * results.gpkg on a second thread meanwhile).
 *
 *   bench_outputs S.yaml DIR [FILE ...]
 *
 * DIR is a folder to write into (created; the files are left there). FILE
 * names the files to write (summary.json metrics.csv metrics_wide.csv
 * schools.csv students.csv report.html results.xlsx layers results.gpkg);
 * all of them when none is named. Prints one line per phase: wall and CPU
 * seconds, minor page faults, and the peak resident memory at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "bench_clock.h"
#include "input/inputs.h"
#include "output/layer_style.h"
#include "output/metrics_wide.h"
#include "output/report_html.h"
#include "output/result_layers.h"
#include "output/results_gpkg.h"
#include "output/results_xlsx.h"
#include "output/students_csv.h"
#include "output/summary.h"
#include "output/tables_csv.h"
#include "sim/scenario_io.h"
#include "sim/simulation.h"

typedef struct phase {
    double t, c;
    long f;
} phase;

static phase start(void) { return (phase){bench_wall_s(), bench_cpu_s(), bench_minor_faults()}; }

static void report(const char *what, phase p)
{
    printf("%-18s %8.3f s wall %8.3f s CPU %9ld minor faults\n", what, bench_wall_s() - p.t, bench_cpu_s() - p.c,
           bench_minor_faults() - p.f);
    fflush(stdout);
}

static const char *const files[] = {"summary.json", "metrics.csv",  "metrics_wide.csv",
                                    "schools.csv",  "students.csv", "report.html",
                                    "results.xlsx", "layers",       "results.gpkg"};
enum { NFILES = sizeof files / sizeof files[0] };

static jh_status write_file(int k, const jh_run_result *r, const char *dir, jh_error *err)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, files[k]);
    switch (k) {
    case 0: return jh_output_write_summary(r, p, err);
    case 1: return jh_output_write_metrics_csv(r, p, err);
    case 2: return jh_output_write_metrics_wide_csv(r, p, err);
    case 3: return jh_output_write_schools_csv(r, p, err);
    case 4: return jh_output_write_students_csv(r, p, err);
    case 5: return jh_report_html_write(r, p, NULL, err);
    case 6: return jh_output_write_xlsx(r, p, NULL, err);
    case 7: {
        jh_status st = jh_output_write_layers(r, dir, err);
        return st == JH_OK ? jh_output_write_layer_styles(r, dir, err) : st;
    }
    default: return jh_output_write_gpkg(r, p, err);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_outputs S.yaml DIR [FILE ...]\n");
        return 2;
    }
    bool want[NFILES];
    for (int k = 0; k < NFILES; k++) {
        want[k] = argc == 3;
        for (int a = 3; a < argc; a++)
            if (!strcmp(argv[a], files[k]))
                want[k] = true;
    }
    for (int a = 3; a < argc; a++) {
        int k = 0;
        while (k < NFILES && strcmp(argv[a], files[k]))
            k++;
        if (k == NFILES) {
            fprintf(stderr, "bench_outputs: no file called %s\n", argv[a]);
            return 2;
        }
    }
    mkdir(argv[2], 0777);
    jh_error err = {0};
    jh_scenario sc;
    phase p = start();
    if (jh_scenario_load(&sc, argv[1], &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    jh_county *c = calloc(1, sizeof *c);
    if (!c || jh_county_load(c, &sc, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    report("load", p);
    p = start();
    jh_run_result r;
    sc.run_keep = JH_KEEP_WRITERS;
    if (jh_simulate(&r, &sc, c, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    report("simulate", p);
    for (int k = 0; k < NFILES; k++) {
        if (!want[k])
            continue;
        p = start();
        if (write_file(k, &r, argv[2], &err) != JH_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        report(files[k], p);
    }
    jh_run_result_free(&r);
    jh_scenario_free(&sc);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory %.1f MiB\n", ru.ru_maxrss / 1024.0);
    return 0;
}
