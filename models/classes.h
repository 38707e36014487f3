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
    int over_standard;       /* classes above the standard size (45 / 50) */
    long students_over_standard; /* students in those classes */
    int rooms_at_standard;   /* rooms to run every grade at the standard
                                size: sum of ceil(students_g / standard) */
} jh_class_tally;

/* Adds one grade (students over classes; a grade with students and no
 * class counts as one class) to *t. Over-standard figures are not counted
 * (the grade's level is not known): see jh_classes_tally_grade_std. */
void jh_classes_tally_grade(int students, int classes, const jh_rules *r,
                            jh_class_tally *t);

/* The same, with the standard class size of the grade's level: classes of
 * more than `standard` students count as over the standard, and the grade
 * needs ceil(students / standard) rooms at the standard size. */
void jh_classes_tally_grade_std(int students, int classes, int standard, const jh_rules *r,
                                jh_class_tally *t);

/* Adds the grades of one level of a school to *t (standard size
 * r->class_size[level]). */
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

/* The 消除大班额 ledger: classrooms a school needs to run every grade
 * (1-9) at the standard size (sum over grades of ceil(students_g /
 * class_size of the grade's level)) minus the classrooms it has, floored
 * at 0; and the part of them that falls on `level`, in proportion to the
 * rooms each level needs (primary's part rounded, junior the rest). */
int jh_classes_rooms_needed(const jh_school *s, const jh_rules *r);
int jh_classes_rooms_needed_level(const jh_school *s, jh_level level, const jh_rules *r);

/* Whether the school exceeds its size limit: nine-year and twelve-year
 * schools school_size_max_combined on grades 1-9, others
 * school_size_max[level] on the students of the level they teach
 * (school_size_max[JH_JUNIOR] for a complete middle school's junior part). */
bool jh_classes_over_size(const jh_school *s, const jh_rules *r);

/* Music rooms (and, separately, art rooms) a school of `classes` classes
 * needs: one each per group of `per` classes. Per started group (the
 * default reading of "每12个班级配备1间以上"): 1..12 classes need 1, 13..24
 * need 2; per full group (full_groups true): 12..23 need 1, none under 12.
 * No classes, or per <= 0: none. */
int jh_classes_music_art_needed(int classes, int per, bool full_groups);

/* Whether the school has fewer music or art rooms than that, counting its
 * classes of grades 1-9 (rounding: r->music_art_full_groups). */
bool jh_classes_short_music_art(const jh_school *s, const jh_rules *r);
/* How many music and art rooms the school lacks (both kinds summed). */
int jh_classes_music_art_short(const jh_school *s, const jh_rules *r);

#endif
