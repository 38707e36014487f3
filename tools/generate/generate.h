/*
 * generate: a synthetic but plausible county for tests, benchmarks and the
 * bundled sample (`junheng generate`, DESIGN.md "Command line").
 *
 * The county has a county town (urban) with large, crowded schools, towns
 * with a central primary and one or two junior schools (some with a
 * nine-year school), rural villages whose cohorts shrink, village primaries
 * and teaching points (many in sparse hilly patches, some under 50
 * students), a few remote rural nine-year schools and one special school.
 * Catchments are mostly the nearest school serving the level; each
 * school's grades are its catchment children of age g+5 times a factor
 * near 1, so the simulation's base-year attribution works. Resources vary
 * by area and by school, so some schools meet STANDARDS.md section 3 and
 * some do not.
 *
 * Everything is drawn from one GSL mt19937 seeded with `seed`: the same
 * options give the same county and the same bytes on disk.
 * Coordinates: CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547),
 * around x = 500000, y = 3400000, over about 40 x 40 km for 1,500 villages
 * (the side grows with the square root of the number of villages).
 */
#ifndef JH_GENERATE_H
#define JH_GENERATE_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"

typedef struct jh_generate_options {
    size_t n_schools;        /* at least JH_GENERATE_MIN_SCHOOLS */
    size_t n_villages;       /* at least 4 x n_schools */
    unsigned long seed;
    int start_year;          /* base year = horizon start: 2025 */
    int end_year;            /* horizon end: 2035 */
    bool write_projections;  /* projections.csv (and data.projections) */
} jh_generate_options;

#define JH_GENERATE_MIN_SCHOOLS 8

/* Urbanisation behind projections.csv: net migration per year by area
 * (urban grows, rural shrinks 3% a year) and the yearly change of births. */
#define JH_GENERATE_MIGRATION_URBAN 0.02
#define JH_GENERATE_MIGRATION_TOWN 0.005
#define JH_GENERATE_MIGRATION_RURAL (-0.03)
#define JH_GENERATE_BIRTH_TREND 0.985

/* 120 schools, 1,500 villages, seed 1, horizon 2025-2035, projections on. */
void jh_generate_options_default(jh_generate_options *o);

/* Checks the options; JH_ERR_INPUT naming the option otherwise. */
jh_status jh_generate_check(const jh_generate_options *o, jh_error *err);

/* Builds the county in memory (schools, villages with ages and catchments,
 * teacher roster; no projection rows: see jh_generate_projection). *out is
 * zeroed first and owned by the caller (jh_county_free). */
jh_status jh_generate_county(jh_county *out, const jh_generate_options *o, jh_error *err);

/* The projected children of age `age` (0..14) in village v, `t` years after
 * the base year (t = 0 gives the village's own ages), by cohort ageing,
 * net migration by area and the birth trend above. projections.csv holds
 * these values rounded to whole numbers. */
double jh_generate_projection(const jh_village *v, int t, int age);

/* Writes a county made by jh_generate_county into dir (created when
 * missing): schools.{shp,shx,dbf,prj,cpg}, villages.{...}, teachers.csv,
 * projections.csv (when o->write_projections) and baseline.yaml. Files
 * are written into a temporary folder inside dir and moved into place only
 * when all of them are complete. */
jh_status jh_generate_write(const jh_county *c, const jh_generate_options *o,
                            const char *dir, jh_error *err);

/* jh_generate_county then jh_generate_write. */
jh_status jh_generate(const jh_generate_options *o, const char *dir, jh_error *err);

#endif
