/*
 * sweep: many variants of one scenario (or of a province's list of
 * scenarios), for `junheng sweep` (README, "Sweeps and Monte Carlo").
 *
 * A sweep file is a scenario with a `sweep:` block, or a file holding only
 * `sweep:` with `scenarios: [a.yaml, b.yaml]`. The block gives a grid
 * (`vary: {key.path: [values]}`, the cartesian product) and/or Monte Carlo
 * draws (`samples: N, seed: S, draw: {key.path: {dist: normal|uniform|
 * triangular, ...}}`). A key path names a key of the scenario file
 * (rules.birth_rate_per1000.rural, teachers.rotation.share_of_eligible);
 * each variant is the scenario's YAML with those keys set, read by the
 * ordinary strict reader. Sample s draws its values from its own
 * gsl_rng_mt19937 seeded from (seed, s), so a variant never depends on how
 * the work is split, and every grid point sees the same draws.
 *
 * Variants are numbered v = (scenario * grid points + grid point) * samples
 * + sample, from 0.
 */
#ifndef JH_SWEEP_H
#define JH_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"
#include "scenario.h"
#include "sim/simulation.h"

#define JH_SWEEP_MAX_YEARS 60

typedef enum { JH_DIST_NORMAL = 0, JH_DIST_UNIFORM, JH_DIST_TRIANGULAR } jh_sweep_dist;

typedef struct jh_sweep_draw {
    char *path;
    jh_sweep_dist dist;
    double a, b, c;          /* normal: mean, sd; uniform: low, high;
                                triangular: low, mode, high */
    double min, max;         /* clamp (-inf, inf when not given) */
    long line;
} jh_sweep_draw;

typedef struct jh_sweep_vary {
    char *path;
    char **values;           /* the scalars as written */
    size_t n_values;
    long line;
} jh_sweep_vary;

typedef struct jh_sweep_scenario {
    char *path;              /* the scenario file (for its data paths) */
    char *text;              /* its YAML without the sweep block */
    size_t len;
    char *name;
    bool reload_county;      /* a swept key changes what the county loads */
    bool roads;              /* it names a road network (data.roads) */
    int start_year, n_years;
} jh_sweep_scenario;

typedef struct jh_sweep {
    char *file;
    jh_sweep_scenario *scenarios;
    size_t n_scenarios;
    jh_sweep_vary *vary;
    size_t n_vary;
    jh_sweep_draw *draws;
    size_t n_draws;
    long samples;            /* 1 when no Monte Carlo */
    unsigned long seed;
    size_t grid_points;      /* product of the vary lists (1 when none) */
    size_t n_variants;
} jh_sweep;

/* Reads and checks a sweep file: every key path is tried on every
 * scenario, so an unknown path or a value the scenario refuses exits 2
 * naming the sweep file's line. */
jh_status jh_sweep_load(jh_sweep *out, const char *path, jh_error *err);
void jh_sweep_free(jh_sweep *s);

/* Variant v's inputs: its scenario index, and the value text of each
 * varied key (n_vary) then each drawn key (n_draws), written into
 * values[] (each at most JH_SWEEP_VALUE_LEN bytes). */
#define JH_SWEEP_VALUE_LEN 48
void jh_sweep_variant_values(const jh_sweep *s, size_t v, size_t *scenario, size_t *grid_point,
                             char (*values)[JH_SWEEP_VALUE_LEN]);

/* Variant v's scenario, parsed (free with jh_scenario_free). */
jh_status jh_sweep_variant_scenario(const jh_sweep *s, size_t v, jh_scenario *out, jh_error *err);

/* One variant's outcome, small and flat (it crosses a pipe from the worker
 * process). Levels 0 primary, 1 junior, 2 the county (JH_VERDICT_COUNTY). */
typedef struct jh_sweep_row {
    long variant;
    int status;              /* jh_status of the run */
    char message[400];       /* its error */
    int n_years;
    int start_year;
    bool final_pass[JH_NLEVELS + 1][2];
    int pass_from[JH_NLEVELS + 1][2];
    double total_cost_wan;
    /* per year */
    unsigned char pass[JH_SWEEP_MAX_YEARS][JH_NLEVELS + 1][2];
    double cv_mean[JH_SWEEP_MAX_YEARS][JH_NLEVELS][2];  /* quality, basic */
    int compliant[JH_SWEEP_MAX_YEARS][JH_NLEVELS];
    int large_classes[JH_SWEEP_MAX_YEARS][JH_NLEVELS];
    int super_large_classes[JH_SWEEP_MAX_YEARS][JH_NLEVELS];
    long students[JH_SWEEP_MAX_YEARS][JH_NLEVELS];
    long unplaced[JH_SWEEP_MAX_YEARS][JH_NLEVELS];
    double cost_wan[JH_SWEEP_MAX_YEARS]; /* spent up to and including the year */
} jh_sweep_row;

/* Fills a row from a finished run. */
void jh_sweep_row_fill(jh_sweep_row *row, long variant, const jh_run_result *r);

/* Simulates variant v and fills its row. `shared` is the scenario's
 * county as loaded from its base scenario (heap-allocated): when the swept
 * keys leave what the county loads as it is, the run takes it over and
 * frees it (a worker process runs on its own copy-on-write copy); else,
 * or when NULL, the variant loads its own county. On failure `shared` is
 * the caller's to free. */
jh_status jh_sweep_run_variant(const jh_sweep *s, size_t v, jh_county *shared,
                               jh_sweep_row *row, jh_error *err);

/* Quantile q (0..1) of sorted data (n >= 1): linear interpolation between
 * order statistics (Hyndman-Fan type 7, as R's default and
 * gsl_stats_quantile_from_sorted_data). */
double jh_sweep_quantile(const double *sorted, size_t n, double q);

#endif
