/*
 * metrics: the balance figures of one simulated year, computed from the
 * state of the county (schools with their students and resources, the
 * villages' flows to schools) exactly as the national evaluation computes
 * them (STANDARDS.md). The formulas live in models/ (indicators, classes,
 * access, staffing); this module gathers them per level and per school.
 */
#ifndef JH_METRICS_H
#define JH_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "county.h"
#include "scenario.h"
#include "workforce.h"

/* Keys of the two indicator sets, in contract order (DESIGN.md). */
extern const char *const jh_quality_keys[JH_NQUALITY];
extern const char *const jh_basic_keys[JH_NBASIC];

/* Students of one village of one level placed at one school (or unplaced
 * when school < 0), with the travel cost of that trip: metres, or minutes
 * when the od table says so. */
typedef struct jh_flow {
    int village;
    int school;        /* -1: unplaced */
    jh_level level;
    int students;
    double cost;
} jh_flow;

/* Spread of one indicator across the counted schools of a level. */
typedef struct jh_indicator_stats {
    double mean;           /* enrolment-weighted mean = total / students */
    double cv;             /* STANDARDS.md section 2 */
    double gini;           /* enrolment-weighted Gini */
    double theil;          /* enrolment-weighted Theil T */
    double theil_between;  /* between urban / town / rural */
    double theil_within;   /* within the areas; between + within = theil */
} jh_indicator_stats;

typedef struct jh_standard_metrics {
    jh_indicator_stats ind[JH_NBASIC]; /* first 7 used by quality */
    double cv_mean;        /* plain mean of the indicator CVs */
    bool cv_pass;          /* every CV within its limit */
    bool pass;             /* cv_pass and (quality) every school complies */
} jh_standard_metrics;

typedef struct jh_level_metrics {
    jh_standard_metrics quality, basic;
    long students;               /* enrolled at open schools of the level */
    int schools;                 /* open schools serving the level */
    int schools_counted;         /* schools in the CV statistics */
    int schools_compliant;       /* counted schools that comply (quality) */
    int large_classes, super_large_classes;
    double mean_class_size;
    int largest_class;
    int classrooms_short;        /* classrooms needed beyond those there are */
    int schools_over_size;
    int schools_short_music_art; /* fewer music/art rooms than the rule */
    double mean_distance_km, median_distance_km, p95_distance_km, max_distance_km;
    double share_beyond_distance;
    long boarding_needed;        /* students beyond the distance limit */
    long boarding_beds;          /* beds at the level's schools */
    long unplaced_students;
    double posts_needed;         /* students / norm, summed by school */
    double posts_short;          /* sum of shortfalls */
    double posts_surplus;        /* sum of surpluses */
    double students_per_teacher;
} jh_level_metrics;

/* One row of schools.csv: a school's figures for one level in one year. */
typedef struct jh_school_metrics {
    int school;
    jh_level level;
    int students;
    int classes;
    int large_classes, super_large_classes;
    int largest_class;
    int classrooms_short;
    double teachers;             /* teachers of this level */
    double posts_needed;         /* students / norm */
    bool counted;                /* in the CV statistics */
    bool compliant;              /* quality compliance */
    int indicators_reached;      /* of the 7 */
    double quality[JH_NQUALITY];
    double basic[JH_NBASIC];
    double mean_distance_km;
} jh_school_metrics;

/* jh_level_staff (per-level teacher counts behind the teacher indicators)
 * comes from the workforce model, which fills it. */

typedef struct jh_year_metrics {
    jh_level_metrics level[JH_NLEVELS];
    jh_school_metrics *schools;  /* one row per open school and level served */
    size_t n_schools;
} jh_year_metrics;

/*
 * Computes the metrics of one year.
 * staff:  NULL, or per school and level teacher counts: staff[2*i + level]
 *         (from the roster); NULL splits each school's totals.
 * flows:  every village's students per level with their school and cost.
 * Warnings (e.g. a school with no students excluded) go to `warnings`
 * (may be NULL). out->schools is allocated; free with jh_year_metrics_free.
 */
jh_status jh_metrics_compute(jh_year_metrics *out, const jh_county *county,
                             const jh_rules *rules, const jh_level_staff *staff,
                             const jh_flow *flows, size_t n_flows,
                             jh_warnings *warnings, jh_error *err);

void jh_year_metrics_free(jh_year_metrics *m);

/* One level's figures in DESIGN.md's contract shape (the L object of
 * summary.json): "quality" and "basic", each {"cv": {KEY: v}, "cv_mean",
 * "pass", "gini": {KEY: v}, "theil", "theil_between", "theil_within"}, then
 * students, schools, schools_counted, schools_compliant, class, distance,
 * boarding, unplaced and staffing figures. NaN becomes null. New reference,
 * or NULL when out of memory. */
json_t *jh_level_metrics_to_json(const jh_level_metrics *m);

#endif
