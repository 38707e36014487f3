/*
 * workforce_internal: what the workforce's files share (roster and ageing
 * and retirement in workforce.c, hiring in workforce_hiring.c, rotation in
 * workforce_rotation.c) and what a rotation method needs to move teachers
 * (engine/sim/rotation_optimised.c): the workforce itself and the year's
 * working state per school level ("pair" = 2 * school + level).
 * Not for the rest of the engine, which uses workforce.h.
 */
#ifndef JH_WORKFORCE_INTERNAL_H
#define JH_WORKFORCE_INTERNAL_H

#include "workforce.h"
#include "workforce_replay.h"

struct jh_workforce {
    const jh_workforce_teacher *t; /* the roster, read-only here: changed
                                 through jh_wf_roster (below) only */
    size_t n, cap;
    long next_uid;
    const jh_county *county;  /* as last given: schools are read through it */
    jh_rules rules;
    jh_teacher_policy policy;
    long hire_seq;            /* hires so far: the share rounding of degrees */
    jh_workforce_optimiser optimiser;
    double *prev_students;    /* per pair: last year's pupils (the rule's
                                 projection), NULL before the first year */
    size_t prev_np;
    int year_no;              /* years run so far (the plan's year numbers) */
    bool plain_pick;          /* tests: hiring picks by scanning every pair
                                 (workforce_hiring.c), the reference for its
                                 indexed pick */
    jh_level_staff *staff;    /* per pair: the staff as the last year left it
                                 (its last pass over the roster counts them),
                                 for jh_workforce_staff while staff_fresh */
    size_t staff_ns;          /* the schools it counts */
    bool staff_fresh;         /* no teacher changed since (jh_wf_roster) */
};

/* The roster, to change: every change to the teachers (a hire, a move, a
 * retirement, the year's ageing, a closure's transfer, a planner's
 * addition) takes it from here, which marks the staff kept from the last
 * year's pass out of date (jh_workforce_staff counts again). w->t is
 * read-only, so a new way of changing teachers cannot forget this. */
static inline jh_workforce_teacher *jh_wf_roster(jh_workforce *w)
{
    w->staff_fresh = false;
    return (jh_workforce_teacher *)w->t;
}

/* years_at_school of a teacher who moves or is hired as a year ends: the
 * end-of-year step adds one, so they begin the next year at 0 */
#define JH_WF_ARRIVES_NEXT_YEAR (-1)

/* the four scarce attributes, in this order */
enum { JH_WF_ABOVE_DEGREE = 0, JH_WF_BACKBONE, JH_WF_PE_ART, JH_WF_SENIOR, JH_WF_NATTR };

/* Per-year working state shared by hiring and rotation. */
typedef struct jh_wf_year {
    size_t ns, np;
    double *present;   /* per pair: teachers teaching there now */
    double *est;       /* per pair: teachers whose post is there (those away
                          count at home) */
    double *posts;     /* per pair: the staffing floor (0: inactive, no pupils) */
    double *students;  /* per pair */
    double *cnt;       /* per pair x JH_WF_NATTR: attribute holders present */
    double ref[JH_NLEVELS][JH_WF_NATTR]; /* county level mean per student */
    int *group;        /* per school: rotation group (district), -1 inactive */
    int n_groups;
    unsigned char *moved; /* per teacher: moved this year */
    size_t moved_cap;
    size_t counted;    /* the roster's teachers when the year's counts were
                          made (hires come after them) */
    long eligible, eligible_backbone; /* of those: jh_wf_eligible, and
                          backbone among them (counted in the same pass) */
} jh_wf_year;

jh_status jh_wf_oom(jh_error *err);
int jh_wf_push(jh_workforce *w, const jh_workforce_teacher *t);
/* Schools whose teachers rotate and that receive hires and rotated
 * teachers: open (or new), neither special nor vocational nor a candidate. */
bool jh_wf_school_active(const jh_school *s);
bool jh_wf_pair_active(const jh_school *s, jh_level l);
/* ceil(share * n), within 0..n */
long jh_wf_ceil_share(double share, long n);
/* A teacher who may rotate: at home, settled for the policy's minimum
 * years at an active school. Inline: the year's counts test the whole
 * roster (760,000 teachers at 20,000 schools). */
static inline bool jh_wf_eligible(const jh_workforce *w, const jh_workforce_teacher *t)
{
    return t->home < 0 && t->years_at_school >= w->policy.min_years && t->school >= 0 &&
           (size_t)t->school < w->county->n_schools &&
           jh_wf_school_active(&w->county->schools[t->school]);
}
bool jh_wf_attr(const jh_workforce_teacher *t, int k);
/* the teacher's counted attributes as bits (bit k: jh_wf_attr(t, k)) */
unsigned jh_wf_kind(const jh_workforce_teacher *t);

jh_status jh_wf_year_init(jh_wf_year *y, const jh_workforce *w, const int *students,
                          jh_error *err);
void jh_wf_year_free(jh_wf_year *y);
/* A pair's holdings of the scarce attributes against the county level mean
 * (1 = the mean; the mean of the attributes' ratios). 0 without pupils. */
double jh_wf_strength(const jh_wf_year *y, int p);
/* Whether one teacher may leave pair p (teaching there) without taking it
 * below its floor. */
bool jh_wf_can_leave(const jh_wf_year *y, int p);
/* Moves teacher ti to pair `to` as the policy's mode says (secondment or
 * exchange: for term_years with the home post kept; transfer: for good),
 * updating the counts and out's move figures. A teacher moved again in the
 * same year keeps the home it had. */
void jh_wf_move(jh_workforce *w, jh_wf_year *y, int ti, int to, jh_teacher_year *out);
/* Adds one teacher to the year's counts (the roster's, then each hire).
 * Inline, its attributes added field by field as jh_wf_attr numbers them
 * rather than through jh_wf_attr's switch per attribute: the year's count
 * runs over the whole roster. */
static inline void jh_wf_count_in(jh_wf_year *y, const jh_workforce_teacher *t)
{
    _Static_assert(JH_WF_NATTR == 4, "jh_wf_count_in adds each attribute jh_wf_attr counts");
    size_t p = 2 * (size_t)t->school + t->level;
    double *cnt = y->cnt + JH_WF_NATTR * p;
    y->present[p] += 1;
    cnt[JH_WF_ABOVE_DEGREE] += t->above_degree;
    cnt[JH_WF_BACKBONE] += t->backbone;
    cnt[JH_WF_PE_ART] += t->pe_art;
    cnt[JH_WF_SENIOR] += t->senior_title;
    size_t h = t->home >= 0 ? 2 * (size_t)t->home + t->home_level : p;
    y->est[h] += 1;
}

/* workforce_hiring.c */
/* Optional progression to backbone and senior title (policy rates). */
void jh_wf_progress(jh_workforce *w, jh_teacher_year *out);
/* The year's hires (see workforce.h), and a hire wherever a school level
 * with pupils has no teacher. */
jh_status jh_wf_hire(jh_workforce *w, jh_wf_year *y, const int *retired_pairs, long n_retired,
                     jh_teacher_year *out, jh_error *err);

/* workforce_replay.c (the look-ahead's plan: workforce_replay.h) */
/* RECORD: the pairs not open at their level this year become unstable. */
jh_status jh_wf_plan_year(jh_workforce *w, jh_error *err);
/* RECORD: a teacher promoted (never filler). */
void jh_wf_plan_touch(jh_workforce *w, long uid);
/* REPLAY: this year's moves of the reference, then like-for-like exchanges
 * until out->moved reaches `want` with the backbone share, or the
 * shortfall's reason in out->share_reason. */
jh_status jh_wf_replay_year(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                            jh_error *err);

/* workforce_rotation.c */
/* The rule: strong -> weak schools of the level, until out->moved reaches
 * `want` (teachers already moved this year count) with the backbone share. */
jh_status jh_wf_rotate_rule(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                            jh_error *err);

#endif
