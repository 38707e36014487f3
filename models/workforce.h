/*
 * workforce: the teachers of a county year by year — retirement at an age,
 * hiring by a priority, and rotation between schools under the rules
 * (STANDARDS.md section 3: each year at least share_of_eligible of the
 * teachers with min_years at their school move, backbone teachers at least
 * backbone_share of those who move). A rotated teacher's years at school
 * restart at 0.
 *
 * The roster of teachers.csv is used when the county has one; otherwise each
 * school's aggregate counts are turned into a deterministic roster (same
 * input, same teachers), so both cases run the same code.
 *
 * No I/O: the simulation drives it and reads the per-school staff back.
 */
#ifndef JH_WORKFORCE_H
#define JH_WORKFORCE_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* What happened to the teachers in one year (summary.json `teachers`):
 * total taught that year; eligible to rotate, moved and backbone_moved by
 * the year's rotation; retired and hired as the year ended. Moves, hires
 * and retirements take effect the next school year, so
 * total(Y+1) = total(Y) - retired(Y) + hired(Y). */
typedef struct jh_teacher_year {
    long total, eligible, moved, backbone_moved, hired, retired;
    /* Added: backbone moves the share rule asked for that could not be made
     * (too few eligible backbone teachers, or none with a destination); 0
     * when the rule was met. */
    long backbone_short;
} jh_teacher_year;

/* Added: one teacher as the workforce holds it (read-only view for the
 * simulation's outputs and for tests). uid numbers the base roster in its
 * order (0, 1, ...) and hires continue the count: unique for the life of
 * the workforce. */
typedef struct jh_workforce_teacher {
    long uid;
    int school;
    jh_level level;
    int years_at_school;
    int age;
    bool backbone, above_degree, pe_art, senior_title;
} jh_workforce_teacher;

/* Per-level teacher counts behind the teacher indicators (metrics.h). */
struct jh_level_staff;

typedef struct jh_workforce jh_workforce;

/* Builds the workforce of the base year. The county's school array must
 * already hold every school that can ever open (built ones as candidates):
 * school indexes are fixed for the life of the workforce. */
jh_status jh_workforce_create(jh_workforce **out, const jh_county *county,
                              const jh_rules *rules, const jh_teacher_policy *policy,
                              jh_error *err);
void jh_workforce_free(jh_workforce *w);

/* Teachers a construction adds (an expanded school's extra staff, a new
 * school's first staff): `add` holds the counts (teachers and the
 * above-degree, backbone, PE/art and senior-title teachers among them),
 * split between the levels of school i like a roster built from totals.
 * They start at the school this year, with 0 years there. */
jh_status jh_workforce_add_teachers(jh_workforce *w, const jh_school *school, int i,
                                   const jh_resources *add, jh_error *err);

/* A school closed or merged: its teachers move to school `to` (which must
 * be open). */
void jh_workforce_transfer_school(jh_workforce *w, int from, int to);

/* One year of the workforce, after the year's students are placed:
 * students[2*i + level] are the students of school i and level this year.
 * Order: ageing (+1 year of age and of years at school), retirement,
 * hiring (policy->hiring_per_year, by priority, to open schools short of
 * their staffing norm), rotation (proportional or optimised). */
jh_status jh_workforce_year(jh_workforce *w, const jh_county *county,
                            const int *students, jh_teacher_year *out, jh_error *err);

/* Current teachers of every school and level: staff[2*i + level] for
 * i < county->n_schools. */
void jh_workforce_staff(const jh_workforce *w, struct jh_level_staff *staff,
                        size_t n_schools);

/* Teachers eligible to rotate now (years at school >= min_years). */
long jh_workforce_eligible(const jh_workforce *w);

/* Added: the teachers now, in a stable order (roster order, then hires). */
size_t jh_workforce_count(const jh_workforce *w);
const jh_workforce_teacher *jh_workforce_teachers(const jh_workforce *w);

#endif
