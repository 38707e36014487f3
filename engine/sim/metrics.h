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

#include "access.h"
#include "costs.h"
#include "county.h"
#include "jh_scratch.h"
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
    bool ind_pass[JH_NBASIC];  /* the indicator's CV within the limit */
    bool no_data[JH_NBASIC];   /* no field gives the indicator: CV NaN, no pass */
    int count;             /* indicators of the set: 7 quality, 8 basic */
    double cv_limit;       /* the level's CV limit for the set */
    double cv_mean;        /* plain mean of the indicator CVs (NaN when one
                              has no data) */
    bool cv_pass;          /* every CV within its limit */
    bool compliance_pass;  /* (quality) every counted school complies; true
                              for basic */
    bool pass;             /* the resource verdict: cv_pass and (quality)
                              compliance_pass */
} jh_standard_metrics;

/* The government-guarantee items (政府保障程度) the model computes, per
 * level and year (STANDARDS.md section 3), in the order of
 * jh_guarantee_keys. */
enum {
    JH_G_CLASSES_OVER_STANDARD = 0, /* share of classes above 45 / 50: <= 0 */
    JH_G_SCHOOLS_OVER_SIZE,         /* schools above 2000 / 2500: <= 0 */
    JH_G_SCHOOLS_SHORT_MUSIC_ART,   /* schools short of music/art rooms: <= 0 */
    JH_G_ROTATION_SHARE,            /* moved / eligible teachers: >= 0.10 */
    JH_G_ROTATION_BACKBONE_SHARE,   /* backbone moved / moved: >= 0.20 */
    JH_G_TEACHER_POSTS_SHORT,       /* posts the norms give beyond the
                                       level's teachers: <= 0 */
    JH_NGUARANTEE
};
extern const char *const jh_guarantee_keys[JH_NGUARANTEE];

typedef struct jh_guarantee_item {
    double value;          /* NaN: no data (never a pass) */
    double limit;
    bool at_least;         /* pass when value >= limit; else value <= limit */
    bool pass;
    const char *why;       /* why it fails beyond the figures (no data, no
                              rotation policy), or NULL */
} jh_guarantee_item;

typedef struct jh_guarantee {
    jh_guarantee_item item[JH_NGUARANTEE];
    bool pass;             /* every item passes */
} jh_guarantee;

typedef struct jh_level_metrics {
    jh_standard_metrics quality, basic;
    long students;               /* enrolled at open schools of the level */
    int schools;                 /* open schools serving the level */
    int schools_counted;         /* schools in the CV statistics */
    int schools_compliant;       /* counted schools that comply (quality) */
    int classes;
    int large_classes, super_large_classes;
    int classes_over_standard;   /* classes above the standard size (45 / 50) */
    long students_over_standard; /* students in those classes */
    int classrooms_needed;       /* rooms to run every grade at the standard
                                    size beyond those there are (消除大班额) */
    double mean_class_size;
    int largest_class;
    int classrooms_short;        /* classes formed beyond the classrooms */
    int schools_over_size;
    int schools_short_music_art; /* fewer music/art rooms than the rule */
    double mean_distance_km, median_distance_km, p95_distance_km, max_distance_km;
    double share_beyond_distance;
    long boarding_needed;        /* students beyond the distance limit */
    long boarding_beds;          /* beds at the level's schools */
    long unplaced_students;
    /* migration this year (set by the simulation): students who left
     * their village, who arrived (internal and external), migrant children
     * placed in public schools and those in private ones */
    long students_left, students_arrived, inflow, inflow_private;
    double posts_needed;         /* students / norm, summed by school */
    double posts_short;          /* sum of shortfalls */
    double posts_surplus;        /* sum of surpluses */
    double students_per_teacher;
    double teachers;             /* teachers of the level */
    jh_gap gap;                  /* sum of the schools' gaps to the standard */
    jh_recurrent recurrent;      /* the level's recurrent costs this year */
    jh_guarantee guarantee;      /* the rotation items are filled by
                                    jh_metrics_guarantee_rotation */
} jh_level_metrics;

/* One row of schools.csv: a school's figures for one level in one year. */
typedef struct jh_school_metrics {
    int school;
    jh_level level;
    int students;
    int classes;
    int large_classes, super_large_classes;
    int classes_over_standard;   /* classes above the standard size */
    int students_over_standard;  /* students in those classes */
    int classrooms_needed;       /* rooms at the standard size beyond those
                                    there are (the level's part) */
    int largest_class;
    int classrooms_short;
    double teachers;             /* teachers of this level */
    double t_above_degree, t_backbone, t_pe_art; /* of them */
    double posts_needed;         /* students / norm */
    bool counted;                /* in the CV statistics */
    bool compliant;              /* quality compliance */
    int indicators_reached;      /* of the 7 */
    double quality[JH_NQUALITY];
    double basic[JH_NBASIC];
    double mean_distance_km;
    jh_gap gap;                  /* what the level lacks to the standard, priced */
    jh_recurrent recurrent;      /* its recurrent costs this year */
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

/* The working buffers of jh_metrics_compute_with, reused by its levels and
 * indicators and kept between calls (zeroed to start; jh_metrics_work_free
 * when done: the simulation frees them each year, as kept they would
 * raise its peak). */
typedef struct jh_metrics_work {
    jh_scratch values[JH_NLEVELS], w[JH_NLEVELS], area[JH_NLEVELS];
    jh_scratch dist;            /* the flows' sums per school and level */
    jh_scratch order;           /* the Gini's sort */
    jh_access_work access;
} jh_metrics_work;

/* jh_metrics_compute in `work`'s buffers: the same figures. */
jh_status jh_metrics_compute_with(jh_year_metrics *out, const jh_county *county,
                                  const jh_rules *rules, const jh_level_staff *staff,
                                  const jh_flow *flows, size_t n_flows,
                                  jh_warnings *warnings, jh_metrics_work *work, jh_error *err);

void jh_metrics_work_free(jh_metrics_work *work);

void jh_year_metrics_free(jh_year_metrics *m);

/* Fills the two rotation items of a level's guarantee from the year's
 * county-wide teacher figures (rotation is a county policy: both levels
 * get the same figures) and sets guarantee.pass. Without a rotation
 * policy the items fail: the evaluation requires rotation. With nobody
 * eligible (or nobody moved, for the backbone share) a share has no
 * denominator and passes. */
void jh_metrics_guarantee_rotation(jh_level_metrics *m, const jh_rules *rules, bool policy,
                                   long eligible, long moved, long backbone_moved);

/* Why a level's resource verdict of one standard fails, for people:
 * "sports_m2_per_student 0.753 > 0.65; 7 of 28 schools comply (all
 * needed)"; "" when it passes. Returns buf. */
char *jh_metrics_fail_reasons(const jh_level_metrics *m, jh_standard standard, char *buf,
                              size_t cap);

/* Why a level's guarantee fails: "schools_over_size 9 > 0; ..."; "" when
 * it passes. Returns buf. */
char *jh_metrics_guarantee_reasons(const jh_guarantee *g, char *buf, size_t cap);

/* One level's figures in DESIGN.md's contract shape (the L object of
 * summary.json): "quality" and "basic", each {"cv": {KEY: v or null (no
 * data)}, "cv_pass": {KEY: bool}, "cv_mean", "pass" (the resource verdict),
 * "verdict": "resources", "cv_limit", "compliance_pass", "no_data": [KEYS],
 * "fails": [reasons], "gini": {KEY: v}, "theil", "theil_between",
 * "theil_within"}, "guarantee": {"items": {NAME: {"value", "limit",
 * "pass", "compare"}}, "pass"}, then
 * students, schools, schools_counted, schools_compliant, class, distance,
 * boarding, unplaced and staffing figures. NaN becomes null. New reference,
 * or NULL when out of memory. */
json_t *jh_level_metrics_to_json(const jh_level_metrics *m);

/* {"building_m2", "sports_m2", "equipment_yuan", "multimedia_rooms",
 * "classrooms", "music_art_rooms", "beds", "teachers": {"above_degree",
 * "backbone", "pe_art"}, "cost_wan" (capital), "teacher_cost_wan" (a
 * year)}; the level object's "gap". New reference or NULL. */
json_t *jh_gap_to_json(const jh_gap *g);
/* {"teachers", "public_funds", "boarding", "transport"} in wan. */
json_t *jh_recurrent_to_json(const jh_recurrent *r);

#endif
