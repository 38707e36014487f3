/*
 * access: how far students travel to school, per level (DESIGN.md
 * "Outputs", STANDARDS.md section 5). Each group of students shares one
 * distance (a village's students of a level at one school); statistics are
 * over students, not groups. Distances are in km, or in minutes when the
 * travel-cost table is in minutes (the caller converts metres). No I/O.
 */
#ifndef JH_ACCESS_H
#define JH_ACCESS_H

#include <stddef.h>

#include "jh_error.h"
#include "jh_scratch.h"

typedef struct jh_access_stats {
    long students;        /* students with a distance */
    double mean;          /* student-weighted */
    double median;        /* quantiles of the list with one entry per student, */
    double p95;           /* interpolated as gsl_stats_quantile_from_sorted_data */
    double max;
    long beyond;          /* students farther than the limit */
    double share_beyond;  /* beyond / students (0 when no students) */
} jh_access_stats;

/* dist[i] the distance of group i, students[i] its size (groups of <= 0
 * students or a non-finite distance are skipped). With no students the
 * distances are NaN. Returns JH_ERR_RUN only when out of memory. */
jh_status jh_access_compute(const double *dist, const long *students, size_t n,
                            double limit, jh_access_stats *out);

/* The buffers jh_access_compute_with works in, kept between calls (zeroed
 * to start; jh_access_work_free when done). */
typedef struct jh_access_work {
    jh_scratch groups, tmp, count, keys;
} jh_access_work;

/* jh_access_compute in `work`'s buffers (NULL: its own, freed on return):
 * the same figures. */
jh_status jh_access_compute_with(const double *dist, const long *students, size_t n,
                                 double limit, jh_access_stats *out, jh_access_work *work);

/* Students who share one distance. */
typedef struct jh_access_group {
    double dist;
    long students;
} jh_access_group;

/* Room for n groups in work's buffer (contents undefined), NULL when
 * memory is short. A caller whose groups are in another shape (the year's
 * flows) writes them here, as one list or several after one another (the
 * levels), and measures each with jh_access_compute_groups, instead of
 * copying them into arrays of their own first. */
jh_access_group *jh_access_groups(jh_access_work *work, size_t n);

/* The distance a trip must exceed to count as beyond `limit` (students
 * in jh_access_stats.beyond): the limit and a relative hair, so that a trip
 * of exactly the limit, in any unit, is within it. */
double jh_access_beyond(double limit);

/* jh_access_compute over g[first..first + m), of the groups
 * jh_access_groups gave (each of more than 0 students at a finite
 * distance): the same figures as jh_access_compute over the same groups in
 * the same order. Those groups are overwritten; the others are not. */
jh_status jh_access_compute_groups(jh_access_work *work, size_t first, size_t m, double limit,
                                   jh_access_stats *out);

void jh_access_work_free(jh_access_work *work);

/* The quantile f (0..1) of the per-student list, from groups already sorted
 * by ascending distance with their cumulative student counts. */
double jh_access_quantile_sorted(const double *dist, const long *cum, size_t n, double f);

#endif
