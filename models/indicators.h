/*
 * indicators: the figures a county is evaluated on, per school and level,
 * and their spread across schools (STANDARDS.md sections 1-4). No I/O.
 *
 * A school serving two levels is split: counts that belong to a level
 * (students) go to it, shared facilities (and, when no per-level teacher
 * counts are known, teachers) split by weighted enrolment. The spread of
 * an indicator is the enrolment-weighted CV the evaluation uses, plus the
 * enrolment-weighted Gini and Theil T, the latter split into a part between
 * the area types (urban / town / rural) and a part within them.
 */
#ifndef JH_INDICATORS_H
#define JH_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_scratch.h"
#include "scenario.h"

/* Positions of the quality indicators (order of rules->quality_min and of
 * jh_quality_keys). */
enum {
    JH_Q_ABOVE_DEGREE_PER100 = 0,
    JH_Q_BACKBONE_PER100,
    JH_Q_PE_ART_PER100,
    JH_Q_BUILDING_M2_PER_STUDENT,
    JH_Q_SPORTS_M2_PER_STUDENT,
    JH_Q_EQUIPMENT_YUAN_PER_STUDENT,
    JH_Q_MULTIMEDIA_PER100
};

/* Positions of the basic indicators (order of jh_basic_keys). */
enum {
    JH_B_BUILDING_M2_PER_STUDENT = 0,
    JH_B_SPORTS_M2_PER_STUDENT,
    JH_B_EQUIPMENT_YUAN_PER_STUDENT,
    JH_B_COMPUTERS_PER100,
    JH_B_BOOKS_PER_STUDENT,
    JH_B_TEACHERS_PER_STUDENT,
    JH_B_ABOVE_DEGREE_PER_STUDENT,
    JH_B_SENIOR_TITLE_PER_STUDENT
};

/* One school's resources attributed to one level. */
typedef struct jh_indicator_input {
    double students;
    double teachers, above_degree, backbone, pe_art, senior_title;
    double building_m2, sports_m2, equipment_yuan, multimedia_rooms, computers, books;
    double boarding_beds;
} jh_indicator_input;

/* Why a school is (not) in the statistics of a level. */
typedef enum {
    JH_COUNTED = 0,
    JH_EXCL_NOT_OPEN,          /* closed or candidate */
    JH_EXCL_NOT_SERVED,        /* the school does not teach the level */
    JH_EXCL_SPECIAL,
    JH_EXCL_VOCATIONAL,
    JH_EXCL_SMALL_TEACHING_POINT,
    JH_EXCL_NO_STUDENTS        /* would count, but has no students: warn */
} jh_exclusion;

/* Share (0..1) of a school's shared facilities that belongs to `level`:
 * its weighted enrolment over the school's. Primary students weigh 1;
 * junior students 1 in a complete middle school (senior weigh
 * weight_senior_complete), weight_junior_nine_year in a nine-year school,
 * weight_junior_twelve in a twelve-year school (senior weigh
 * weight_senior_twelve). Other types serve one level; if they hold
 * students of both, the nine-year weights apply. 0 when the school has no
 * (weighted) students. */
double jh_indicators_level_share(const jh_school *s, jh_level level, const jh_rules *r);

/* The school's resources attributed to `level`: its students of the level,
 * and every facility and teacher total times jh_indicators_level_share.
 * (Callers with per-level teacher counts overwrite the teacher fields.) */
void jh_indicators_split(const jh_school *s, jh_level level, const jh_rules *r,
                         jh_indicator_input *out);

/* Whether a school is in the statistics of a level. Open means status open
 * or new; teaching points with fewer than rules->teaching_point_min_students
 * students (all grades) are left out. */
jh_exclusion jh_indicators_exclusion(const jh_school *s, jh_level level, const jh_rules *r);

/* The 7 quality and 8 basic indicator values of one school's level.
 * Returns false (and writes zeros) when in->students <= 0. */
bool jh_indicators_values(const jh_indicator_input *in, double quality[JH_NQUALITY],
                          double basic[JH_NBASIC]);

/* School compliance: at least min_reached of the 7 values reach their
 * threshold and every other is at least floor x threshold. Comparisons
 * allow a relative 1e-9 so that exactly 85% passes. *reached (may be NULL)
 * gets how many reach the threshold. */
bool jh_indicators_complies(const double quality[JH_NQUALITY],
                            const double threshold[JH_NQUALITY], int min_reached,
                            double floor, int *reached);

/* The spread of one indicator over n schools. */
typedef struct jh_spread {
    double mean;          /* sum w x / sum w */
    double cv;            /* sqrt(sum (w/W)(x - mean)^2) / mean */
    double gini;          /* sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean) */
    double theil;         /* sum (w/W)(x/mean) ln(x/mean) */
    double theil_between; /* between the groups (areas) */
    double theil_within;  /* within them; between + within = theil */
} jh_spread;

/* x[i] the indicator value of school i, w[i] its students (> 0), group[i]
 * its area 0..JH_NAREAS-1 (NULL: one group). With n == 0 or no weight every
 * figure is NaN; with a zero mean (all values zero) the spread is 0.
 * Returns JH_ERR_RUN only when out of memory. */
jh_status jh_indicators_spread(const double *x, const double *w, const int *group,
                               size_t n, jh_spread *out);

/* jh_indicators_spread sorting in `order`, a buffer kept between calls
 * (NULL: its own, freed on return): the same figures. */
jh_status jh_indicators_spread_with(const double *x, const double *w, const int *group,
                                    size_t n, jh_spread *out, jh_scratch *order);

/* The jh_resources fields (bits by struct position, teachers = 0) that a
 * quality / basic indicator is computed from. */
unsigned jh_indicators_quality_needs(int q);
unsigned jh_indicators_basic_needs(int b);
/* Bits of the fields the guarantee items read: music and art rooms
 * (the music/art room rule), teachers (the posts against the norms). */
#define JH_NEEDS_MUSIC_ART ((1u << 12) | (1u << 13))
#define JH_NEEDS_TEACHERS (1u << 0)

/* What the k-th jh_resources field feeds, for messages: e.g. "quality
 * multimedia_per100". */
const char *jh_indicators_fed_by(int k);

/* A CV within its limit (relative tolerance 1e-12; NaN fails). */
bool jh_indicators_cv_within(double cv, double limit);

#endif
