/*
 * workforce: the teachers of a county year by year, as a county bureau runs
 * them (STANDARDS.md sections 3 and 5):
 * - retirement at an age, and hiring with qualifications: retirees are
 *   replaced one for one (退一补一) unless the scenario says otherwise,
 *   hires hold the higher degree at a share, PE/art posts are filled by
 *   subject, and hires go to rural schools first by default;
 * - rotation (交流轮岗) from schools holding more than their share of the
 *   scarce attributes (backbone, above-degree, PE/art, senior title) to
 *   weaker schools of the same level, as secondments (支教 for term_years,
 *   then home), exchanges or transfers, meeting the share rules (each year
 *   at least share_of_eligible of the teachers with min_years at their
 *   school move, backbone teachers at least backbone_share of the movers)
 *   or reporting why not;
 * - a staffing floor (staffing.h) that rotation never breaks and no school
 *   level with pupils left without a teacher.
 *
 * The roster of teachers.csv is used when the county has one; otherwise each
 * school's aggregate counts are turned into a deterministic roster (same
 * input, same teachers), so both cases run the same code.
 *
 * No I/O, and nothing from the engine but the data model: the optimised
 * rotation, which measures the indicators, lives in engine/sim and is
 * handed in with jh_workforce_set_optimiser.
 */
#ifndef JH_WORKFORCE_H
#define JH_WORKFORCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"
#include "scenario.h"

/* One level's figures of a year (summary.json teachers.levels). */
typedef struct jh_teacher_level_year {
    long moved_out[JH_NAREAS];  /* movers leaving schools of each area type */
    long moved_in[JH_NAREAS];   /* movers arriving at schools of each area type */
    long away;                  /* on secondment or exchange at the year's end */
    long returned;              /* came home at the end of their term (one whose
                                   term the rule renewed at the host counts here
                                   and in the movers) */
    long hired, hired_above_degree, hired_pe_art, hired_backbone;
    long retired;
    long below_floor;           /* school levels with pupils and fewer teachers
                                   than their staffing floor, as staffed for
                                   the next year */
    long zero_teachers;         /* with pupils and no teacher (always 0) */
    long moved_filler;          /* plan 3: like-for-like exchanges' movers leaving
                                   schools of the level */
} jh_teacher_level_year;

/* What happened to the teachers in one year (summary.json `teachers`):
 * total taught that year; eligible to rotate, moved and backbone_moved by
 * the year's rotation; retired, returned and hired as the year ended. Moves,
 * returns, hires and retirements take effect the next school year, so
 * total(Y+1) = total(Y) - retired(Y) + hired(Y). */
typedef struct jh_teacher_year {
    long total, eligible, moved, backbone_moved, hired, retired;
    long backbone_short;        /* backbone moves the share rule asked for
                                   that could not be made */
    long moved_short;           /* moves the share of eligible asked for that
                                   could not be made */
    long moved_neutral;         /* movers (of `moved`) in exchanges of two
                                   teachers with the same attributes: made
                                   for the share rules when no move that
                                   helps a school was left */
    long returned, away;
    long promoted_backbone, promoted_senior_title;
    int share_rules;            /* -1 no rotation, 0 not met, 1 met */
    int plan;                   /* the rotation look-ahead (engine/sim/rotation_plan.c):
                                   0 none; 2 the greedy run at the scenario's share,
                                   adopted; 3 the reference plan's moves replayed
                                   with like-for-like filler, adopted */
    long moved_replayed;        /* plan 3: movers (of `moved`) replaying the reference */
    long moved_filler;          /* plan 3: movers in like-for-like exchanges */
    const char *share_reason;   /* why not met (static text), else NULL */
    jh_teacher_level_year level[JH_NLEVELS];
} jh_teacher_year;

/* One teacher as the workforce holds it (read-only view for the
 * simulation's outputs and for tests). uid numbers the base roster in its
 * order (0, 1, ...) and hires continue the count: unique for the life of
 * the workforce. */
typedef struct jh_workforce_teacher {
    long uid;
    int school;                 /* where the teacher teaches */
    int home;                   /* on secondment or exchange: the home school
                                   (which keeps the post), else -1 */
    int renew_to;               /* came home this year: 1 + the host's pair
                                   (2 school + level), where the rule may renew
                                   the term; else 0 */
    /* the counts below in 16 bits and the level in 8, so that a teacher
     * takes 32 bytes, not 56: the year passes over every teacher several
     * times (760,000 at 20,000 schools), at the speed of memory */
    int16_t years_at_school;    /* at most 80 read (teachers.csv), plus the horizon */
    int16_t age;                /* 15-100 read, 0 unknown, plus the horizon */
    int16_t term_left;          /* years of the term still to teach away */
    int16_t home_years;         /* away: years_at_school at home when the term began;
                                   the home school's staff years go on counting (the
                                   post and the personnel relationship stay there) */
    int16_t rotations;          /* terms and transfers begun in the simulation: the
                                   rule sends those who have rotated least first */
    int16_t rural_years;        /* years taught at rural schools */
    uint8_t level;              /* a jh_level: where the teacher teaches */
    uint8_t home_level;         /* a jh_level: the post at home */
    bool backbone, above_degree, pe_art, senior_title;
} jh_workforce_teacher;

/* Per-level teacher counts behind the teacher indicators (sim/metrics.h). */
typedef struct jh_level_staff {
    double teachers, above_degree, backbone, pe_art, senior_title;
} jh_level_staff;

typedef struct jh_workforce jh_workforce;
struct jh_wf_year;

/* The optimised rotation (engine/sim/rotation_optimised.c): moves `want`
 * eligible teachers (want_bb of them backbone) with jh_wf_move, never
 * taking a school level below its floor. */
typedef jh_status (*jh_workforce_optimiser)(jh_workforce *w, struct jh_wf_year *y, long want,
                                            long want_bb, jh_teacher_year *out, jh_error *err);

/* Builds the workforce of the base year. The county's school array must
 * already hold every school that can ever open (built ones as candidates):
 * school indexes are fixed for the life of the workforce. */
jh_status jh_workforce_create(jh_workforce **out, const jh_county *county,
                              const jh_rules *rules, const jh_teacher_policy *policy,
                              jh_error *err);
void jh_workforce_free(jh_workforce *w);

/* method: optimise calls fn; without one, such a year fails with an error. */
void jh_workforce_set_optimiser(jh_workforce *w, jh_workforce_optimiser fn);

/* Teachers a construction adds (an expanded school's extra staff, a new
 * school's first staff): `add` holds the counts (teachers and the
 * above-degree, backbone, PE/art and senior-title teachers among them),
 * split between the levels of school i like a roster built from totals.
 * They start at the school this year, with 0 years there. */
jh_status jh_workforce_add_teachers(jh_workforce *w, const jh_school *school, int i,
                                   const jh_resources *add, jh_error *err);

/* A school closed or merged: its teachers, and the home post of its
 * teachers away, move to school `to` (which must be open). */
void jh_workforce_transfer_school(jh_workforce *w, int from, int to);

/* A school closed: its teachers of `level` go to the schools `to[k]` in
 * proportion to `count[k]` (the students each received), by largest
 * remainder, in roster order. Teachers away keep their home (a later
 * jh_workforce_transfer_school moves it). */
void jh_workforce_transfer_shares(jh_workforce *w, int from, jh_level level, const int *to,
                                  const long *count, int n);

/* One closure of a year for jh_workforce_transfer_closures: the closed
 * school, the students of each level it sent to each receiver, and the
 * school that takes the rest of its teachers (-1: none). */
typedef struct jh_wf_closure {
    int from, receiver;
    int n[JH_NLEVELS];
    const int *to[JH_NLEVELS];
    const long *count[JH_NLEVELS];
} jh_wf_closure;

/* The year's closures in order, each as jh_workforce_transfer_shares for
 * each level and then jh_workforce_transfer_school to its receiver (the
 * same moves), visiting only the teachers of the closed schools. */
jh_status jh_workforce_transfer_closures(jh_workforce *w, const jh_wf_closure *cl, size_t n,
                                         jh_error *err);

/* One year of the workforce, after the year's students are placed:
 * students[2*i + level] are the students of school i and level this year.
 * Order: ageing and retirement, returns of secondees whose term ended,
 * progression, hiring, rotation. */
jh_status jh_workforce_year(jh_workforce *w, const jh_county *county,
                            const int *students, jh_teacher_year *out, jh_error *err);

/* Current teachers of every school and level: staff[2*i + level] for
 * i < county->n_schools. */
void jh_workforce_staff(const jh_workforce *w, jh_level_staff *staff,
                        size_t n_schools);

/* Teachers eligible to rotate now (years at school >= min_years, not away). */
long jh_workforce_eligible(const jh_workforce *w);

/* The teachers now, in a stable order (roster order, then hires). */
size_t jh_workforce_count(const jh_workforce *w);
const jh_workforce_teacher *jh_workforce_teachers(const jh_workforce *w);

#endif
