/*
 * classes: what the evaluation counts about a school's classes, given its
 * students and classes per grade (formed by class_formation): class sizes,
 * large (large_class_min .. super_large_class_min - 1) and super-large
 * (>= super_large_class_min) classes, classrooms short, the school-size
 * limit and the music/art room rule (STANDARDS.md section 3). No I/O.
 *
 * A grade's students are taken to be spread over its classes as evenly as
 * possible: sizes differ by at most one (112 in 2 classes: 56 and 56).
 */
#ifndef JH_CLASSES_H
#define JH_CLASSES_H

#include <stdbool.h>

#include "county.h"
#include "scenario.h"

/* Class figures of a set of grades; add up across grades and schools. */
typedef struct jh_class_tally {
    int classes;
    long students;           /* students in those classes */
    int large, super_large;
    int largest;             /* largest class, 0 when none */
} jh_class_tally;

/* Adds one grade (students over classes; a grade with students and no
 * class counts as one class) to *t. */
void jh_classes_tally_grade(int students, int classes, const jh_rules *r,
                            jh_class_tally *t);

/* Adds the grades of one level of a school to *t. */
void jh_classes_tally_level(const jh_school *s, jh_level level, const jh_rules *r,
                            jh_class_tally *t);

/* Merges tally b into a. */
void jh_classes_tally_add(jh_class_tally *a, const jh_class_tally *b);

/* Mean class size of a tally (0 when it has no classes). */
double jh_classes_mean_size(const jh_class_tally *t);

/* Classes of a school (grades 1-9) beyond its classrooms, and the part of
 * them that falls on `level`, in proportion to the level's classes
 * (primary's part rounded, junior gets the rest, so the parts sum to the
 * school's shortfall). */
int jh_classes_rooms_short(const jh_school *s);
int jh_classes_rooms_short_level(const jh_school *s, jh_level level);

/* Whether the school exceeds its size limit: nine-year and twelve-year
 * schools school_size_max_combined on grades 1-9, others
 * school_size_max[level] on the students of the level they teach
 * (school_size_max[JH_JUNIOR] for a complete middle school's junior part). */
bool jh_classes_over_size(const jh_school *s, const jh_rules *r);

/* Music rooms (and, separately, art rooms) a school of `classes` classes
 * needs: one each per `per` classes, counted in whole groups of `per`
 * (12..23 classes: 1, 24..35: 2), none under `per`. */
int jh_classes_music_art_needed(int classes, int per);

/* Whether the school has fewer music or art rooms than that, counting its
 * classes of grades 1-9. */
bool jh_classes_short_music_art(const jh_school *s, const jh_rules *r);

#endif
