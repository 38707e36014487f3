/*
 * workforce_replay: the models' side of the rotation look-ahead
 * (engine/sim/rotation_plan.c). A scenario whose rotation share q is above
 * the rules' minimum r (rotation_share_min, 10%) is also run at r with a
 * plan in RECORD mode: every move the rotation makes (rule or optimiser) is
 * logged with its year, teacher, sender and destination, and so is every
 * teacher it moves or promotes and every school level that is not open for
 * the whole horizon. When the greedy run at q does worse than that
 * reference on a watched figure, the scenario runs again with the plan in
 * REPLAY mode: each year the reference's moves are made again, the same
 * teachers to the same schools, and the share is filled up to q by
 * like-for-like exchanges (filler): two eligible teachers of the same
 * level and the same four attributes (above-degree, backbone, PE/art,
 * senior title), at two schools open at that level every year of the
 * reference, in the same rotation group, neither moved nor promoted by the
 * reference in the years of the term (from the year of the exchange to the
 * year before they come home: they come home before that year's
 * rotation), neither reaching retirement age during the term, change
 * places for term_years and come home (as a secondment, whatever the mode).
 * Why that leaves every school level's counted figures exactly as in the
 * reference: every attribute count moves by the same amount both ways and
 * headcounts and posts stay; retirement takes nobody from a host; the home
 * post keeps the staff years (a returner has the years it would have had);
 * hiring reads counts and retired posts only; progression (oldest first)
 * never picks a filler teacher (promoted ones are excluded) and, when a
 * senior title needs rural years, exchanges stay within an area type so
 * rural years add up alike; closures and conversions never touch a filler
 * school; and the rule, the only reader of who is where, is not run.
 * What cannot be filled is the share shortfall, with its reason.
 */
#ifndef JH_WORKFORCE_REPLAY_H
#define JH_WORKFORCE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { JH_WF_PLAN_RECORD = 1, JH_WF_PLAN_REPLAY } jh_wf_plan_mode;

/* One call of jh_wf_move in the reference run. */
typedef struct jh_wf_plan_move {
    int year;        /* the workforce's year number: 0 the first simulated year */
    long uid;
    int from, to;    /* pairs (2 school + level) */
} jh_wf_plan_move;

/* A teacher the reference moved or promoted in a year. */
typedef struct jh_wf_plan_touched {
    long uid;
    int year;
} jh_wf_plan_touched;

typedef struct jh_wf_plan {
    jh_wf_plan_mode mode;
    jh_wf_plan_move *moves;
    size_t n_moves, cap_moves;
    jh_wf_plan_touched *touched; /* teachers moved or promoted in the reference
                                    run, by uid and year (sorted once
                                    jh_wf_plan_finish ran) */
    size_t n_touched, cap_touched;
    unsigned char *unstable;  /* per pair: not open at the level in some year, or
                                 its school's type changed */
    int *type0;               /* per school: its type in the first year */
    size_t np;
    long *neutral;            /* per year: the reference's moved_neutral */
    int n_years;
    size_t next;              /* replay: the next move */
    bool oom;
} jh_wf_plan;

void jh_wf_plan_init(jh_wf_plan *p, jh_wf_plan_mode mode);
void jh_wf_plan_free(jh_wf_plan *p);
/* Recording ends: touched sorted; false when recording ran out of memory. */
bool jh_wf_plan_finish(jh_wf_plan *p);

#endif
