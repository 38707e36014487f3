/*
 * classes: class-size figures, classrooms short, school size and the
 * music/art room rule for one school (classes.h, STANDARDS.md section 3).
 */
#include "classes.h"

#include <math.h>

/* Counts `count` classes of `size` students into the tally. */
static void add_classes(jh_class_tally *t, int count, int size, const jh_rules *r)
{
    if (count <= 0)
        return;
    if (size >= r->super_large_class_min)
        t->super_large += count;
    else if (size >= r->large_class_min)
        t->large += count;
    if (size > t->largest)
        t->largest = size;
}

/* Counts `count` classes of `size` students against the standard size
 * (0: not counted). */
static void add_over_standard(jh_class_tally *t, int count, int size, int standard)
{
    if (count <= 0 || standard <= 0 || size <= standard)
        return;
    t->over_standard += count;
    t->students_over_standard += (long)count * size;
}

void jh_classes_tally_grade_std(int students, int classes, int standard, const jh_rules *r,
                                jh_class_tally *t)
{
    if (students <= 0)
        return;
    if (classes <= 0)
        classes = 1;
    /* even spread: `big` classes of base+1, the rest of base */
    int base = students / classes;
    int big = students % classes;
    t->classes += classes;
    t->students += students;
    add_classes(t, big, base + 1, r);
    add_classes(t, classes - big, base, r);
    add_over_standard(t, big, base + 1, standard);
    add_over_standard(t, classes - big, base, standard);
    if (standard > 0)
        t->rooms_at_standard += (students + standard - 1) / standard;
}

void jh_classes_tally_grade(int students, int classes, const jh_rules *r,
                            jh_class_tally *t)
{
    jh_classes_tally_grade_std(students, classes, 0, r, t);
}

void jh_classes_tally_level(const jh_school *s, jh_level level, const jh_rules *r,
                            jh_class_tally *t)
{
    for (int g = jh_level_first_grade(level); g < jh_level_end_grade(level); g++)
        jh_classes_tally_grade_std(s->students[g], s->classes[g], r->class_size[level], r, t);
}

void jh_classes_tally_add(jh_class_tally *a, const jh_class_tally *b)
{
    a->classes += b->classes;
    a->students += b->students;
    a->large += b->large;
    a->super_large += b->super_large;
    a->over_standard += b->over_standard;
    a->students_over_standard += b->students_over_standard;
    a->rooms_at_standard += b->rooms_at_standard;
    if (b->largest > a->largest)
        a->largest = b->largest;
}

double jh_classes_mean_size(const jh_class_tally *t)
{
    return t->classes > 0 ? (double)t->students / t->classes : 0.0;
}

/* Classes a school runs in the grades of a level (a grade with students
 * and no class recorded runs one). */
static int level_classes(const jh_school *s, jh_level level)
{
    int n = 0;
    for (int g = jh_level_first_grade(level); g < jh_level_end_grade(level); g++) {
        if (s->classes[g] > 0)
            n += s->classes[g];
        else if (s->students[g] > 0)
            n += 1;
    }
    return n;
}

int jh_classes_rooms_short(const jh_school *s)
{
    int need = level_classes(s, JH_PRIMARY) + level_classes(s, JH_JUNIOR);
    int rooms = s->classrooms > 0 ? s->classrooms : 0;
    return need > rooms ? need - rooms : 0;
}

int jh_classes_rooms_short_level(const jh_school *s, jh_level level)
{
    int total = jh_classes_rooms_short(s);
    if (total == 0)
        return 0;
    int cp = level_classes(s, JH_PRIMARY), cj = level_classes(s, JH_JUNIOR);
    int prim = (int)lround((double)total * cp / (cp + cj));
    return level == JH_PRIMARY ? prim : total - prim;
}

/* Rooms the grades of a level need at the standard size. */
static int level_rooms_at_standard(const jh_school *s, jh_level level, const jh_rules *r)
{
    int std = r->class_size[level], n = 0;
    if (std <= 0)
        return 0;
    for (int g = jh_level_first_grade(level); g < jh_level_end_grade(level); g++)
        if (s->students[g] > 0)
            n += (s->students[g] + std - 1) / std;
    return n;
}

int jh_classes_rooms_needed(const jh_school *s, const jh_rules *r)
{
    int need = level_rooms_at_standard(s, JH_PRIMARY, r) + level_rooms_at_standard(s, JH_JUNIOR, r);
    int rooms = s->classrooms > 0 ? s->classrooms : 0;
    return need > rooms ? need - rooms : 0;
}

int jh_classes_rooms_needed_level(const jh_school *s, jh_level level, const jh_rules *r)
{
    int total = jh_classes_rooms_needed(s, r);
    if (total == 0)
        return 0;
    int np = level_rooms_at_standard(s, JH_PRIMARY, r), nj = level_rooms_at_standard(s, JH_JUNIOR, r);
    int prim = (int)lround((double)total * np / (np + nj));
    return level == JH_PRIMARY ? prim : total - prim;
}

bool jh_classes_over_size(const jh_school *s, const jh_rules *r)
{
    int p = jh_school_level_students(s, JH_PRIMARY);
    int j = jh_school_level_students(s, JH_JUNIOR);
    switch (s->type) {
    case JH_SCHOOL_NINE_YEAR:
    case JH_SCHOOL_TWELVE_YEAR:
        return p + j > r->school_size_max_combined;
    case JH_SCHOOL_JUNIOR:
    case JH_SCHOOL_COMPLETE_MIDDLE:
        return j > r->school_size_max[JH_JUNIOR];
    case JH_SCHOOL_PRIMARY:
    case JH_SCHOOL_TEACHING_POINT:
        return p > r->school_size_max[JH_PRIMARY];
    default:
        return p > r->school_size_max[JH_PRIMARY] || j > r->school_size_max[JH_JUNIOR];
    }
}

int jh_classes_music_art_needed(int classes, int per, bool full_groups)
{
    if (per <= 0 || classes <= 0)
        return 0;
    return full_groups ? classes / per : (classes + per - 1) / per;
}

bool jh_classes_short_music_art(const jh_school *s, const jh_rules *r)
{
    int classes = level_classes(s, JH_PRIMARY) + level_classes(s, JH_JUNIOR);
    int need = jh_classes_music_art_needed(classes, r->music_art_rooms_per_classes,
                                           r->music_art_full_groups);
    return s->res.music_rooms < need || s->res.art_rooms < need;
}

int jh_classes_music_art_short(const jh_school *s, const jh_rules *r)
{
    int classes = level_classes(s, JH_PRIMARY) + level_classes(s, JH_JUNIOR);
    int need = jh_classes_music_art_needed(classes, r->music_art_rooms_per_classes,
                                           r->music_art_full_groups);
    double m = need - s->res.music_rooms, a = need - s->res.art_rooms;
    return (m > 0 ? (int)ceil(m) : 0) + (a > 0 ? (int)ceil(a) : 0);
}
