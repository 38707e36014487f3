/*
 * simulation.c: one scenario, year by year (see simulation.h).
 *
 * The state that flows from year to year is a list of cells: so many
 * students of one grade, from one origin (a village, or a school's own site
 * for students whose village is not known), enrolled at one school — or at
 * none (school -1: unplaced, reported every year until a place is found).
 * Every student lives in exactly one cell, which is what makes the yearly
 * count exact: promotion moves a cell up a grade, grade 9 leaves, entrants
 * arrive from the villages' six-year-olds, and a closure or a reassignment
 * moves cells between schools without creating or losing anyone.
 *
 * Villages described by `students_primary` / `students_junior` instead of
 * ages are a steady state: the same students live there every year, so
 * their cells keep their grade instead of advancing.
 *
 * One year:  demography -> migration of the enrolled (sim/migration_flow.c)
 *            -> promotion and intake -> migrant children -> interventions ->
 *            assignment and placement -> classes -> metrics -> the year's
 *            teacher moves (rotation, hiring, retirement), which take effect
 *            for the next school year.
 * Interventions of year Y take effect at the start of school year Y, so an
 * intervention dated the first year of the horizon changes the base year.
 * Each is applied by its kind (sim/interventions/), which reaches the state
 * below only through the few operations of sim/sim_apply.h.
 */
#include "sim/simulation.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classes.h"
#include "demography.h"
#include "migration.h"
#include "indicators.h"
#include "input/inputs.h"
#include "jh_array.h"
#include "sim/campus.h"
#include "sim/cells_sort.h"
#include "sim/close_batch.h"
#include "sim/plan_check.h"
#include "sim/plan_limits.h"
#include "sim/interventions/interventions.h"
#include "sim/migration_flow.h"
#include "sim/own_site.h"
#include "sim/rotation_optimised.h"
#include "sim/sim_apply.h"
#include "sim/village_split.h"
#include "sim/year_count.h"
#include "sim/year_flows.h"
#include "travel/travel.h"
#include "workforce.h"

typedef jh_cell cell; /* origin (village >= 0, or jh_origin_of_school(s)),
                         school (-1: unplaced), grade 0..8, count */

/* Students waiting for a place this year. */
typedef struct pending {
    int origin;
    int grade;
    int count;
    int target;   /* a school named by the planner (students_to), or -1 */
    int from;     /* the school that closed under them this year, or -1 */
} pending;

/* Students of a closed school placed at a receiver this year: its teachers
 * follow in proportion. */
typedef struct moved_students {
    int from, to;
    jh_level level;
    long count;
} moved_students;

typedef struct cells {
    cell *v;
    size_t n, cap;
} cells;

typedef struct pendings {
    pending *v;
    size_t n, cap;
} pendings;

typedef struct jh_sim {
    const jh_scenario *sc;
    const jh_rules *rules;
    jh_county *c;
    jh_travel *travel;
    jh_demography *demo;
    jh_migration_flow *mig;
    jh_own_site *own;           /* base-year own-site students given to villages */
    double entrant_remainder;   /* running remainder of the entrants' rounding */
    int *intake;                /* per village: this year's entrants (jh_migration_flow_year) */
    jh_workforce *work;
    cells cur;
    size_t kept;                /* cur.v[0..kept): in origin order (last year's
                                   compacted cells advance_students kept; what
                                   the year adds goes after them) */
    jh_flow *flows;             /* this year's flows (jh_year_flows), reused */
    size_t n_flows, cap_flows;
    pendings pend;
    int *assign[JH_NLEVELS];    /* per village: its school per level, -1 none */
    int *site_assign[JH_NLEVELS]; /* per school site (pseudo-origins) */
    bool *pinned[JH_NLEVELS];   /* village's school set by a catchment entry */
    jh_village_split *split;    /* villages a catchment entry splits */
    bool *entrants[JH_NLEVELS]; /* village's school changed for its entrants
                                   only: those enrolled finish where they are */
    bool *move_to[JH_NLEVELS];  /* per school: catchment entries move the students
                                   of villages pinned to it (flush_pinned) */
    bool moves_pending;         /* some move_to is set */
    int *room;                  /* places left this year per school */
    bool room_taken;            /* room holds minus the students of the
                                   cells at each school, as advance_students
                                   left them (none unplaced) */
    unsigned char *takes;       /* per school: bit l, jh_school_takes_students
                                   at level l, while takes_fresh */
    bool takes_fresh;           /* set by follow_villages, cleared when the
                                   year's interventions may change schools */
    bool *fixed_students;       /* village has students_*, not ages */
    int *base_classes;          /* observed classes per school (sum), for rooms */
    bool layout_changed;
    bool teachers_transferred;  /* a closure or merger moved teachers */
    unsigned char *warned;      /* per school: plan warnings given (bits) */
    int *closure_from;          /* per school: 1 + a school closed into it
                                   this year, 0 none */
    bool *expanded;             /* per school: expanded this year */
    moved_students *moved;      /* this year's closures: who went where */
    size_t n_moved, cap_moved;
    int *closed_now;            /* schools closed this year, with their */
    int *closed_receiver;       /* fallback receiver for their teachers */
    size_t n_closed_now;
    unsigned char *serves;      /* per school: bit l, jh_school_serves at level l */
    jh_scratch sort_buf;        /* the cell sort's (traded with the cells),
                                   kept for the run (freed each year, the
                                   20,000 county faulted 24,000 more pages
                                   for 12 MiB less peak) */
    jh_scratch count_buf;       /* students per school and grade (jh_year_flows) */
    jh_metrics_work metrics_work;
    int year;
    jh_run_result *out;
    jh_error *err;
} sim;

static jh_status oom(jh_error *err) { return jh_error_set(err, JH_ERR_RUN, "out of memory (simulation)"); }


static int cells_push(cells *cs, int origin, int school, int grade, int count)
{
    if (count <= 0)
        return 0;
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? cs->cap * 2 : 1024;
        cell *v = realloc(cs->v, cap * sizeof *v); /* ~30 MiB in the base year at 20,000 schools */
        if (!v)
            return -1;
        cs->v = v;
        cs->cap = cap;
    }
    cs->v[cs->n++] = (cell){origin, school, grade, count};
    return 0;
}

static int pend_push_from(pendings *ps, int origin, int grade, int count, int target, int from)
{
    if (count <= 0)
        return 0;
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 1024;
        pending *v = realloc(ps->v, cap * sizeof *v);
        if (!v)
            return -1;
        ps->v = v;
        ps->cap = cap;
    }
    ps->v[ps->n++] = (pending){origin, grade, count, target, from};
    return 0;
}

static int pend_push(pendings *ps, int origin, int grade, int count, int target)
{
    return pend_push_from(ps, origin, grade, count, target, -1);
}

/* Migrants and migrant children wait for a place like entrants
 * (sim/migration_flow.h). */
static int arrive_pending(void *ctx, int origin, int grade, int count)
{
    sim *s = ctx;
    return pend_push(&s->pend, origin, grade, count, -1);
}

static int push_cell(void *ctx, int origin, int school, int grade, int count)
{ return cells_push(&((sim *)ctx)->cur, origin, school, grade, count); }

/* ---- capacity ------------------------------------------------------- */

static bool has_room(int school, void *ctx)
{
    const sim *s = ctx;
    return s->room[school] > 0;
}

/* ---- assignment ----------------------------------------------------- */

/* Where students of `origin` and `level` go under the catchment and nearest
 * rules: the village's school, kept up to date as the layout changes. */
static int assigned_school(sim *s, int origin, jh_level level)
{
    int *slot = origin >= 0 ? &s->assign[level][origin] : &s->site_assign[level][-1 - origin];
    int cur = *slot;
    if (cur >= 0 && (s->takes_fresh ? (s->takes[cur] >> level) & 1
                                    : jh_school_takes_students(&s->c->schools[cur], level)))
        return cur;
    if (origin < 0) {
        /* students of a school's own site stay where they are while it can
         * keep them (a special school keeps its own) */
        int own = -1 - origin;
        const jh_school *sch = &s->c->schools[own];
        if (cur < 0 && jh_school_is_open(sch) && jh_school_serves(sch->type, level))
            return *slot = own;
    }
    *slot = jh_travel_nearest(s->travel, origin, level, NULL, NULL, NULL);
    return *slot;
}

/* Places `count` students of one origin and grade. A planner's named
 * target always takes them; otherwise the scenario's assignment rule
 * decides. What no school can take stays as an unplaced cell. */
static int record_moved(sim *s, int from, int to, jh_level level, long count)
{
    if (from < 0 || to < 0 || count <= 0)
        return 0;
    for (size_t k = 0; k < s->n_moved; k++)
        if (s->moved[k].from == from && s->moved[k].to == to && s->moved[k].level == level) {
            s->moved[k].count += count;
            return 0;
        }
    moved_students *v = jh_array_grow(s->moved, s->n_moved, &s->cap_moved, sizeof *v, 64);
    if (!v)
        return -1;
    s->moved = v;
    s->moved[s->n_moved++] = (moved_students){from, to, level, count};
    return 0;
}

/* The junior part of a school converted this horizon opens a grade a year,
 * from grade 7 in the year of the conversion. */
static bool grade_open(const sim *s, int school, int grade)
{
    const jh_school *sch = &s->c->schools[school];
    if (grade < 6 || sch->junior_from_year <= 0)
        return true;
    return s->year - sch->junior_from_year >= grade - 6;
}

static int place(sim *s, int origin, int grade, int count, int target)
{
    jh_level level = jh_grade_level(grade);
    /* a village's catchment entry is more specific than a closure's
     * students_to */
    double share;
    int part, all = count;
    for (int j = 0; origin >= 0 && (part = jh_village_split_school(s->split, level, origin, j, &share)) >= 0; j++)
        if (jh_school_takes_students(&s->c->schools[part], level)) {
            int k = (int)fmin(count, floor(all * share + 0.5));   /* a split village's share */
            s->room[part] -= k;
            if (cells_push(&s->cur, origin, part, grade, k) != 0)
                return -1;
            count -= k;
        }
    if (origin >= 0 && s->pinned[level][origin])
        target = s->assign[level][origin];
    if (target >= 0 && jh_school_is_open(&s->c->schools[target]) &&
        jh_school_serves(s->c->schools[target].type, level)) {
        s->room[target] -= count;
        return cells_push(&s->cur, origin, target, grade, count);
    }
    if (s->sc->assignment != JH_ASSIGN_NEAREST_WITH_CAPACITY) {
        int sch = assigned_school(s, origin, level);
        if (sch >= 0)
            s->room[sch] -= count;
        return cells_push(&s->cur, origin, sch, grade, count);
    }
    while (count > 0) {
        int sch = jh_travel_nearest(s->travel, origin, level, has_room, s, NULL);
        if (sch < 0)
            break;
        int put = count < s->room[sch] ? count : s->room[sch];
        s->room[sch] -= put;
        if (cells_push(&s->cur, origin, sch, grade, put) != 0)
            return -1;
        count -= put;
    }
    return cells_push(&s->cur, origin, -1, grade, count);
}

static jh_status place_pending(sim *s)
{
    for (size_t i = 0; i < s->pend.n; i++) {
        const pending *p = &s->pend.v[i];
        size_t before = s->cur.n;
        if (place(s, p->origin, p->grade, p->count, p->target) != 0)
            return oom(s->err);
        for (size_t k = before; p->from >= 0 && k < s->cur.n; k++)
            if (record_moved(s, p->from, s->cur.v[k].school, jh_grade_level(p->grade), s->cur.v[k].count) != 0)
                return oom(s->err);
    }
    s->pend.n = 0;
    return JH_OK;
}

/* Under `catchment` and `nearest`, students move with their village when
 * its school changes (a closure, or under `nearest` a nearer school). */
static jh_status follow_villages(sim *s)
{
    /* no school opens, closes or changes type from here to the next
     * year's interventions: a byte per school instead of its record */
    for (size_t i = 0; i < s->c->n_schools; i++)
        s->takes[i] = (unsigned char)(jh_school_takes_students(&s->c->schools[i], JH_PRIMARY) |
                                      jh_school_takes_students(&s->c->schools[i], JH_JUNIOR) << 1);
    s->takes_fresh = true;
    if (s->sc->assignment == JH_ASSIGN_NEAREST && s->layout_changed) {
        for (size_t v = 0; v < s->c->n_villages; v++)
            for (int l = 0; l < JH_NLEVELS; l++)
                if (!s->pinned[l][v]) /* a planner's catchment entry stands */
                    s->assign[l][v] = jh_travel_nearest(s->travel, (int)v, (jh_level)l, NULL, NULL, NULL);
    }
    if (s->sc->assignment == JH_ASSIGN_NEAREST_WITH_CAPACITY)
        return JH_OK;
    size_t n = s->cur.n;
    for (size_t i = 0; i < n; i++) {
        cell *cl = &s->cur.v[i];
        if (cl->school < 0 || cl->origin < 0)
            continue;
        jh_level l = jh_grade_level(cl->grade);
        if (s->assign[l][cl->origin] == cl->school && ((s->takes[cl->school] >> l) & 1))
            continue; /* at its village's school, which takes it: stays either way */
        /* a village whose school changed for its entrants only: enrolled
         * students stay while their school takes them (phased catchments);
         * a school's junior part opened by a conversion takes
         * the grades it has opened */
        if ((s->entrants[l][cl->origin] || jh_own_site_keeps(s->own, cl->origin, cl->school)
             || jh_village_split_at(s->split, l, cl->origin, cl->school)) &&
            ((s->takes[cl->school] >> l) & 1))
            continue; /* so do the base year's own-site students given to villages */
        int want = assigned_school(s, cl->origin, l);
        if (want >= 0 && want != cl->school && grade_open(s, want, cl->grade)) {
            s->room[cl->school] += cl->count;
            s->room[want] -= cl->count;
            cl->school = want;
        }
    }
    return JH_OK;
}

/* ---- base year ------------------------------------------------------ */

/* Children of the grade's age (grade 1 = age 6) that could be at school. */
static double village_weight(const sim *s, int v, int grade)
{
    const jh_village *vil = &s->c->villages[v];
    if (s->fixed_students[v]) {
        jh_level l = jh_grade_level(grade);
        int n = l == JH_PRIMARY ? vil->students_primary : vil->students_junior;
        int first = jh_level_first_grade(l), span = jh_level_end_grade(l) - first;
        int k = grade - first;
        return n / span + (k < n % span ? 1 : 0);
    }
    return floor(jh_demography_children(s->demo, v, grade + 6) + 0.5);
}

/*
 * Attributes each school's observed students to the villages whose school
 * it is, grade by grade, in proportion to their children of matching age
 * (never more than a village has); what cannot be attributed stays at the
 * school's own site. Villages given as fixed students that the schools do
 * not account for are placed by the assignment rule.
 */
static jh_status attribute_base_year(sim *s)
{
    jh_county *c = s->c;
    size_t ns = c->n_schools, nv = c->n_villages;
    long unaccounted[JH_NLEVELS] = {0, 0};
    /* villages by their school, per level (CSR) */
    for (int l = 0; l < JH_NLEVELS; l++) {
        int first = jh_level_first_grade((jh_level)l), end = jh_level_end_grade((jh_level)l);
        size_t *start = calloc(ns + 2, sizeof *start), *fill = calloc(ns + 1, sizeof *fill);
        /* list: the villages in list places; at: each village's place */
        int *list = malloc(2 * (nv + 1) * sizeof *list), *at = list ? list + nv + 1 : NULL;
        /* taken per grade, then (read once, in village order) each grade's
         * weights, both by list place: a school's villages then lie together */
        double *used = calloc((nv + 1) * (size_t)(1 + end - first), sizeof *used);
        double *wt = used ? used + nv + 1 : NULL;
        if (!start || !fill || !list || !used)
            goto fail;
        for (size_t v = 0; v < nv; v++) {
            int sch = assigned_school(s, (int)v, (jh_level)l);
            if (sch >= 0)
                start[sch + 1]++;
        }
        for (size_t i = 0; i < ns; i++)
            start[i + 1] += start[i];
        for (size_t v = 0; v < nv; v++) {
            int sch = s->assign[l][v];
            at[v] = sch >= 0 ? (int)(start[sch] + fill[sch]++) : -1;
            for (int g = first; sch >= 0 && g < end; g++)
                wt[(size_t)(g - first) * nv + (size_t)at[v]] = village_weight(s, (int)v, g);
            if (sch >= 0)
                list[at[v]] = (int)v;
        }
        for (int g = first; g < end; g++) {
            const double *weight = wt + (size_t)(g - first) * nv; /* by list place */
            memset(used, 0, (nv + 1) * sizeof *used);
            for (size_t i = 0; i < ns; i++) {
                const jh_school *sch = &c->schools[i];
                int observed = sch->students[g];
                if (observed <= 0)
                    continue;
                if (!jh_school_serves(sch->type, (jh_level)l) ||
                    sch->type == JH_SCHOOL_SPECIAL || sch->type == JH_SCHOOL_VOCATIONAL ||
                    start[i] == start[i + 1]) {
                    if (cells_push(&s->cur, jh_origin_of_school((int)i), (int)i, g, observed) != 0)
                        goto fail;
                    continue;
                }
                double total = 0;
                for (size_t k = start[i]; k < start[i + 1]; k++)
                    total += weight[k];
                int left = observed;
                if (total > 0) {
                    /* proportional shares, floored, capped at the children there */
                    double scale = observed < total ? observed / total : 1.0;
                    for (size_t k = start[i]; k < start[i + 1]; k++) {
                        int v = list[k];
                        int share = (int)floor(weight[k] * scale);
                        if (share > left)
                            share = left;
                        if (share <= 0)
                            continue;
                        if (cells_push(&s->cur, v, (int)i, g, share) != 0)
                            goto fail;
                        used[k] += share;
                        left -= share;
                    }
                    /* the remainder one by one to villages with children to spare */
                    for (size_t k = start[i]; k < start[i + 1] && left > 0; k++) {
                        int v = list[k];
                        if (weight[k] - used[k] >= 1) {
                            if (cells_push(&s->cur, v, (int)i, g, 1) != 0)
                                goto fail;
                            used[k] += 1;
                            left--;
                        }
                    }
                }
                if (cells_push(&s->cur, jh_origin_of_school((int)i), (int)i, g, left) != 0)
                    goto fail;
            }
            /* fixed-student villages: what the schools did not account for */
            for (size_t v = 0; v < nv; v++) {
                if (!s->fixed_students[v])
                    continue;
                int rest = (int)(village_weight(s, (int)v, g) - (at[v] >= 0 ? used[at[v]] : 0));
                if (rest > 0)
                    unaccounted[l] += rest;
                if (pend_push(&s->pend, (int)v, g, rest, -1) != 0)
                    goto fail;
            }
        }
        free(used);
        free(start);
        free(fill);
        free(list);
        if (unaccounted[l] > 0)
            jh_warnings_add(&c->warnings,
                            "%ld %s students of villages given by students_%s are not in their "
                            "schools' observed enrolment; the base year places them by the "
                            "assignment rule",
                            unaccounted[l], jh_level_name((jh_level)l), jh_level_name((jh_level)l));
        continue;
    fail:
        free(used);
        free(start);
        free(fill);
        free(list);
        return oom(s->err);
    }
    return JH_OK;
}

/* ---- one year's flow ------------------------------------------------ */

/* Promotion, the primary-to-junior transition, leaving after grade 9, and
 * the age-6 intake. Cells whose students stay at their school keep it (a
 * nine-year school keeps its grade-6 leavers); the others wait for a place. */
static jh_status advance_students(sim *s)
{
    const jh_rules *r = s->rules;
    /* in place: each of last year's cells gives at most one cell, written
     * at or before its own index (one buffer, not two, for the year loop) */
    cells *cur = &s->cur;
    size_t n_old = cur->n;
    cur->n = 0;
    jh_year_serve_bits(s->c, s->serves);
    /* the same pass takes the students kept off their school's places
     * (retry_unplaced_and_reset_rooms uses them when nothing changed the
     * cells since: its own pass over them then would find the same) */
    int *taken = s->room;
    memset(taken, 0, s->c->n_schools * sizeof *taken);
    for (size_t i = 0; i < n_old; i++) {
        cell cl = cur->v[i];
        if (cl.origin >= 0 && s->fixed_students[cl.origin]) {
            /* steady state: the same students every year */
            if (cl.school >= 0) {
                if (cl.count > 0) {
                    cur->v[cur->n++] = cl;
                    taken[cl.school] -= cl.count;
                }
            } else if (pend_push(&s->pend, cl.origin, cl.grade, cl.count, -1) != 0)
                goto fail;
            continue;
        }
        if (cl.grade == JH_NGRADES - 1)
            continue; /* leaves compulsory education */
        int next = cl.grade + 1;
        double rate = cl.grade == 5 ? r->transition_rate : r->promotion_rate;
        int count = rate == 1.0 ? cl.count : (int)lround(cl.count * rate);
        bool stays = cl.school >= 0 && (s->serves[cl.school] >> jh_grade_level(next)) & 1;
        if (stays) {
            if (count > 0) {
                cur->v[cur->n++] = (cell){cl.origin, cl.school, next, count};
                taken[cl.school] -= count;
            }
        } else if (pend_push(&s->pend, cl.origin, next, count, -1) != 0)
            goto fail;
    }
    s->room_taken = true;
    s->kept = cur->n;
    for (size_t v = 0; v < s->c->n_villages; v++) /* as the migration's walk counted them */
        if (!s->fixed_students[v] && pend_push(&s->pend, (int)v, 0, s->intake[v], -1) != 0)
            return oom(s->err);
    return JH_OK;
fail:
    return oom(s->err);
}

/* ---- interventions -------------------------------------------------- */

/* The school that takes a closed school's students and teachers when the
 * planner did not name one: the nearest open school of its first level. */
static int receiver_of(sim *s, int closed)
{
    const jh_school *sch = &s->c->schools[closed];
    jh_level l = jh_school_serves(sch->type, JH_PRIMARY) ? JH_PRIMARY : JH_JUNIOR;
    return jh_travel_nearest(s->travel, jh_origin_of_school(closed), l, NULL, NULL, NULL);
}

/* Closes schools list[0..n) one after the other: the students of each
 * wait for a place (at its target when >= 0), and its teachers follow them;
 * village assignments to it are cleared so they pick up the target or the
 * nearest school. One pass over the cells and villages for all, with the
 * result of one school at a time (sim/close_batch.h): each one's students
 * queued in cell order, school after school; its receiver found among the
 * schools still open then. */
static jh_status close_schools(sim *s, const int *list, const int *target, const int *lt, size_t n,
                               jh_year_result *yr)
{
    size_t ns = s->c->n_schools, m = 0, *at = NULL;
    int *rank = malloc((ns + 1) * sizeof *rank), *shut = malloc((n + 1) * sizeof *shut);
    int *recv = malloc((n + 1) * sizeof *recv), *tg = malloc((2 + JH_NLEVELS) * (n + 1) * sizeof *tg), *bucket = NULL;
    int *to = tg + n + 1, *tl = to + n + 1; /* tg: each rank's target; to: where its villages
                                               go, per level; tl: its target per level */
    jh_status st = rank && shut && recv && tg ? JH_OK : oom(s->err);
    for (size_t i = 0; st == JH_OK && i < ns; i++)
        rank[i] = -1;
    for (size_t k = 0; st == JH_OK && k < n; k++) {
        int i = list[k];
        if (!jh_school_is_open(&s->c->schools[i]))
            continue;
        s->c->schools[i].status = JH_STATUS_CLOSED;
        yr->schools_closed++;
        s->layout_changed = true;
        st = m == 0 ? jh_travel_layout_changed(s->travel, s->err) : jh_travel_school_closed(s->travel, i, s->err);
        rank[i] = (int)m;
        recv[m] = target[k] >= 0 ? target[k] : receiver_of(s, i);
        tg[m] = target[k];
        for (int l = 0; l < JH_NLEVELS; l++)
            tl[m * JH_NLEVELS + (size_t)l] = lt && lt[k * JH_NLEVELS + (size_t)l] >= 0 ? lt[k * JH_NLEVELS + (size_t)l] : target[k];
        shut[m++] = i;
    }
    int *cn = st == JH_OK && m ? realloc(s->closed_now, (s->n_closed_now + m + 1) * sizeof *cn) : NULL;
    s->closed_now = cn ? cn : s->closed_now;
    int *cr = cn ? realloc(s->closed_receiver, (s->n_closed_now + m + 1) * sizeof *cr) : NULL;
    s->closed_receiver = cr ? cr : s->closed_receiver;
    if (st == JH_OK && m && (!cr || !(at = jh_close_buckets(s->cur.v, s->cur.n, rank, ns, m, &bucket))))
        st = oom(s->err);
    for (size_t r = 0; at && st == JH_OK && r < m; r++) {
        for (size_t j = r ? at[r - 1] : 0; j < at[r]; j++) {
            cell *cl = &s->cur.v[bucket[j]];
            if (pend_push_from(&s->pend, cl->origin, cl->grade, cl->count, tl[r * JH_NLEVELS + jh_grade_level(cl->grade)], shut[r]) != 0)
                st = oom(s->err);
            cl->count = 0;
        }
        if (st == JH_OK && (!s->out || jh_run_result_add_idle(s->out, &s->c->schools[shut[r]], s->year) != 0))
            st = oom(s->err);
    }
    for (int l = 0; at && st == JH_OK && l < JH_NLEVELS; l++) {
        for (int pass = 0; pass < 2; pass++) { /* villages, then school sites */
            for (size_t r = 0; r < m; r++) {
                int t = tl[r * JH_NLEVELS + (size_t)l];
                to[r] = t >= 0 && jh_school_serves(s->c->schools[t].type, (jh_level)l) ? t : -1;
            }
            jh_close_reassign(to, m, rank, ns, pass ? s->site_assign[l] : s->assign[l], pass ? ns : s->c->n_villages);
            for (size_t r = 0; lt && pass && r < m; r++) /* a level named: the site's later entrants too */
                if (s->site_assign[l][shut[r]] < 0)
                    s->site_assign[l][shut[r]] = to[r];
        }
    }
    /* their teachers follow their students once they are placed (this
     * year's placement, teachers_follow_students) */
    for (size_t r = 0; at && st == JH_OK && r < m; r++) {
        jh_village_split_closed(s->split, shut[r]); /* a split to it is cancelled */
        if (recv[r] >= 0)
            s->closure_from[recv[r]] = shut[r] + 1;
        s->closed_now[s->n_closed_now] = shut[r];
        s->closed_receiver[s->n_closed_now++] = recv[r];
    }
    free(rank), free(shut), free(recv), free(tg), free(bucket), free(at);
    return st;
}

/* A closed school's teachers go with its students, in proportion, to the
 * schools that received them (same level); a level whose students went
 * nowhere sends its teachers to the school that took the closure. */
static jh_status teachers_follow_students(sim *s)
{
    enum { MAXTO = 64 };
    size_t n = s->n_closed_now;
    jh_wf_closure *cl = calloc(n + 1, sizeof *cl);
    int *to = malloc((n + 1) * JH_NLEVELS * MAXTO * sizeof *to);
    long *count = malloc((n + 1) * JH_NLEVELS * MAXTO * sizeof *count);
    jh_status st = cl && to && count ? JH_OK : oom(s->err);
    for (size_t k = 0; st == JH_OK && k < n; k++) {
        cl[k].from = s->closed_now[k];
        cl[k].receiver = s->closed_receiver[k];
        for (int l = 0; l < JH_NLEVELS; l++) {
            int *t = to + (k * JH_NLEVELS + (size_t)l) * MAXTO, m = 0;
            long *c = count + (k * JH_NLEVELS + (size_t)l) * MAXTO;
            for (size_t j = 0; j < s->n_moved && m < MAXTO; j++)
                if (s->moved[j].from == cl[k].from && s->moved[j].level == (jh_level)l) {
                    t[m] = s->moved[j].to;
                    c[m++] = s->moved[j].count;
                }
            cl[k].to[l] = t, cl[k].count[l] = c, cl[k].n[l] = m;
        }
    }
    if (st == JH_OK && s->work && n > 0)
        st = jh_workforce_transfer_closures(s->work, cl, n, s->err);
    s->teachers_transferred |= n > 0;
    free(cl), free(to), free(count);
    s->n_closed_now = 0;
    s->n_moved = 0;
    return st;
}

/* What an intervention kind may do to the loop's state (sim/sim_apply.h). */

int jh_apply_capacity(const jh_apply *a, int school)
{
    return jh_school_capacity(&a->sim->c->schools[school], a->sim->rules);
}

void jh_apply_mark_expanded(const jh_apply *a, int school)
{
    a->sim->expanded[school] = true;
}

jh_status jh_apply_layout_changed(const jh_apply *a)
{
    a->sim->layout_changed = true;
    return jh_travel_layout_changed(a->sim->travel, a->err);
}

jh_status jh_apply_close_schools(const jh_apply *a, const int *schools, const int *targets,
                                 const int *level_targets, size_t n)
{
    return close_schools(a->sim, schools, targets, level_targets, n, a->year);
}

jh_status jh_apply_add_teachers(const jh_apply *a, int school, const jh_resources *add)
{
    return jh_workforce_add_teachers(a->sim->work, &a->county->schools[school], school, add, a->err);
}

void jh_apply_plan_warning(const jh_apply *a, int school, const jh_plan_item *it, const char *msg)
{
    jh_plan_warn_once(a->sim->c, a->sim->out, a->sim->warned, school, JH_PLAN_WARN_MERGE, it, "%s", msg);
}

void jh_apply_entrants_to_nearer(const jh_apply *a, jh_level level, int school)
{
    sim *s = a->sim;
    if (s->sc->assignment != JH_ASSIGN_CATCHMENT)
        return; /* the other rules find the nearest school themselves */
    for (size_t v = 0; v < s->c->n_villages; v++) {
        if (s->pinned[level][v])
            continue;
        int cur = s->assign[level][v];
        double d = jh_travel_cost(s->travel, (int)v, school);
        if (!isfinite(d))
            continue;
        if (cur < 0 || !jh_school_takes_students(&s->c->schools[cur], level) ||
            d < jh_travel_cost(s->travel, (int)v, cur)) {
            s->assign[level][v] = school;
            s->entrants[level][v] = true;
        }
    }
}

jh_status jh_apply_add_teachers_level(const jh_apply *a, int school, jh_level level,
                                      const jh_resources *add)
{
    jh_school one = a->county->schools[school];
    one.type = level == JH_PRIMARY ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR;
    return jh_workforce_add_teachers(a->sim->work, &one, school, add, a->err);
}

void jh_apply_pin_village(const jh_apply *a, jh_level level, int village, int school)
{
    a->sim->assign[level][village] = school;
    a->sim->pinned[level][village] = true;
    a->sim->entrants[level][village] = false;
}

/* The moves jh_apply_move_pinned deferred, in one pass over the cells: as
 * entry by entry, since no village changes school in between (flushed
 * before other kinds and before an entrants-only entry re-pins a moved one). */
static void flush_pinned(sim *s)
{
    if (!s->moves_pending)
        return;
    for (size_t k = 0; k < s->cur.n; k++) {
        cell *cl = &s->cur.v[k];
        jh_level l = jh_grade_level(cl->grade);
        int to = cl->origin >= 0 && cl->school >= 0 && s->pinned[l][cl->origin] ? s->assign[l][cl->origin] : -1;
        if (to >= 0 && s->move_to[l][to] && !jh_village_split_at(s->split, l, cl->origin, cl->school))
            cl->school = to;
    }
    for (int l = 0; l < JH_NLEVELS; l++)
        memset(s->move_to[l], 0, (s->c->n_schools + 1) * sizeof(bool));
    s->moves_pending = false;
}

jh_status jh_apply_split_village(const jh_apply *a, long line, jh_level level, int village,
                                 int school, double students)
{
    sim *s = a->sim;
    flush_pinned(s);
    long enrolled = 0;
    if (jh_village_split_move(s->split, s->cur.v, s->cur.n, level, village, school, students,
                              &enrolled, push_cell, s) != 0)
        return oom(a->err);
    long asked = (long)floor(students + 0.5);
    if (asked > enrolled) {
        jh_plan_item it = {.kind = JH_PLAN_SPLIT_BEYOND_VILLAGE, .school = school, .other = -1,
                           .year = a->year->year, .students = asked, .limit = enrolled,
                           .level = (int)level, .line = line};
        const char *vid = s->c->villages[village].id;
        snprintf(it.id_a, sizeof it.id_a, "%s", vid);
        /* every such entry is told, not once per school */
        jh_plan_warn_once(s->c, s->out, s->warned, school, 0, &it,
                          "%s: line %ld: catchment of %s in %d: split: %s has %ld %s students "
                          "enrolled elsewhere, the entry moves %ld: all of them move, and its "
                          "later %s students too",
                          a->path, line, s->c->schools[school].id, a->year->year, vid, enrolled,
                          jh_level_name(level), asked, jh_level_name(level));
    }
    return JH_OK;
}

void jh_apply_pin_entrants(const jh_apply *a, jh_level level, int village, int school)
{
    sim *s = a->sim;
    int was = s->pinned[level][village] ? s->assign[level][village] : -1;
    if (s->moves_pending && was >= 0 && s->move_to[level][was])
        flush_pinned(s);
    jh_apply_pin_village(a, level, village, school);
    s->entrants[level][village] = true;
}

void jh_apply_move_pinned(const jh_apply *a, jh_level l, int to)
{
    a->sim->move_to[l][to] = true; /* done by flush_pinned */
    a->sim->moves_pending = true;
}

/* The year's interventions in file order, each applied by its kind
 * (sim/interventions/); kinds that apply first (teaching points kept) go
 * before the others, so a closure of the same year is deferred. Build
 * entries offered to the optimiser only (candidate) are not applied. */
static jh_status apply_interventions(sim *s, int year, jh_year_result *yr)
{
    const jh_scenario *sc = s->sc;
    const jh_apply a = {.county = s->c, .rules = s->rules, .path = sc->path, .year = yr,
                        .err = s->err, .sim = s};
    s->takes_fresh = false;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < sc->n_interventions; k++) {
            const jh_intervention *iv = &sc->interventions[k];
            const jh_iv_kind *kind = jh_iv_kind_of(iv->kind);
            bool first = kind && kind->applies_first;
            if (iv->year != year || iv->candidate || first != (pass == 0))
                continue;
            s->room_taken = false; /* the cells may change: rooms counted again */
            yr->cost_wan += iv->cost_wan;
            if (iv->kind != JH_IV_CATCHMENT)
                flush_pinned(s);
            size_t end = k + 1; /* the run of the kind's entries apply_run takes */
            for (const jh_intervention *e; kind && kind->apply_run && end < sc->n_interventions &&
                 ((e = &sc->interventions[end])->year != year || e->candidate || e->kind == iv->kind); end++)
                yr->cost_wan += e->year == year && !e->candidate ? e->cost_wan : 0;
            jh_status st = kind ? (kind->apply_run ? kind->apply_run(&a, iv, end - k) : kind->apply(&a, iv)) : JH_OK;
            k = end - 1;
            if (st != JH_OK)
                return st;
        }
    flush_pinned(s);
    for (size_t k = 0; k < sc->n_interventions; k++) {
        const jh_intervention *iv = &sc->interventions[k];
        const jh_iv_kind *kind = jh_iv_kind_of(iv->kind);
        if (iv->year != year || iv->candidate || !kind || !kind->apply_after)
            continue;
        s->room_taken = false;
        jh_status st = kind->apply_after(&a, iv);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* Schools a build intervention will open join the county up front as
 * candidates (jh_county_load already added them; a county built in code
 * gets them here), so that school indexes never change during the run. */
static jh_status add_built_schools(sim *s)
{
    jh_status st = jh_county_add_planned_schools(s->c, s->sc, s->err);
    if (st != JH_OK)
        return st;
    for (size_t i = 0; i < s->c->n_schools; i++)
        if (s->c->schools[i].type == JH_SCHOOL_CANDIDATE)
            s->c->schools[i].status = JH_STATUS_CANDIDATE;
    return JH_OK;
}

/* ---- measuring a year ----------------------------------------------- */

/* The year's flows (s->flows[0..s->n_flows), a buffer reused year after
 * year) from the cells, compacted first so that flows come out in a fixed
 * order; then the students per school and grade summed in the same pass,
 * and the classes under the caps and the rooms there are (observed
 * classes are kept in the base year). */
static jh_status flows_and_classes(sim *s, bool base_year)
{
    size_t ns = s->c->n_schools;
    int *count = jh_scratch_get(&s->count_buf, (ns * JH_NGRADES + 1) * sizeof *count);
    if (!count || !jh_year_flows(&s->cur.v, &s->cur.cap, &s->cur.n, s->kept, &s->sort_buf, s->travel, count,
                                 ns, &s->flows, &s->n_flows, &s->cap_flows))
        return oom(s->err);
    jh_year_set_students(s->c, s->rules, count, s->base_classes, base_year);
    return JH_OK;
}

/* Unplaced students of last year try again this year, and the places
 * left at each school are counted: one walk over the cells for both. */
static jh_status retry_unplaced_and_reset_rooms(sim *s)
{
    if (s->room_taken) {
        /* the cells as advance_students left them: none unplaced, and
         * their students at each school already taken (the same sums) */
        for (size_t i = 0; i < s->c->n_schools; i++) {
            int cap = jh_school_is_open(&s->c->schools[i]) ? jh_school_capacity(&s->c->schools[i], s->rules) : 0;
            s->room[i] = cap == INT_MAX ? INT_MAX / 2 : cap + s->room[i];
        }
        s->room_taken = false;
        return JH_OK;
    }
    for (size_t i = 0; i < s->c->n_schools; i++)
        s->room[i] = jh_school_is_open(&s->c->schools[i]) ? jh_school_capacity(&s->c->schools[i], s->rules) : 0;
    for (size_t k = 0; k < s->cur.n; k++) {
        cell *cl = &s->cur.v[k];
        if (cl->school >= 0) {
            if (s->room[cl->school] != INT_MAX)
                s->room[cl->school] -= cl->count;
        } else if (cl->count != 0) {
            if (pend_push(&s->pend, cl->origin, cl->grade, cl->count, -1) != 0)
                return oom(s->err);
            cl->count = 0;
        }
    }
    for (size_t i = 0; i < s->c->n_schools; i++)
        if (s->room[i] == INT_MAX)
            s->room[i] = INT_MAX / 2; /* unlimited, and safe to subtract from */
    return JH_OK;
}

static jh_status simulate_year(sim *s, int year, bool base, jh_year_result *yr,
                               jh_run_result *out, jh_level_staff *staff, int *students)
{
    jh_status st;
    jh_county *c = s->c;
    yr->year = year;
    s->year = year;
    s->layout_changed = false;
    memset(s->closure_from, 0, c->n_schools * sizeof *s->closure_from);
    memset(s->expanded, 0, c->n_schools * sizeof *s->expanded);
    jh_migration_tally tally = {0};
    if (base) {
        s->kept = 0; /* in (level, grade, school) order */
        st = attribute_base_year(s);
        if (st == JH_OK) /* under enrolled: follow, own-site students to villages */
            st = jh_own_site_attribute(&s->own, c, s->sc, s->travel, s->demo, s->fixed_students,
                                       s->cur.v, s->cur.n, push_cell, s, NULL, &c->warnings, s->err);
    } else {
        jh_demography_advance(s->demo); /* last year's cells, compacted by jh_year_flows: */
        st = jh_migration_flow_year(s->mig, s->demo, s->cur.v, s->cur.n, s->fixed_students,
                                    arrive_pending, s, &tally, &s->entrant_remainder, s->intake,
                                    s->err);
        if (st == JH_OK)
            st = advance_students(s);
    }
    if (st == JH_OK)
        st = jh_migration_flow_inflow(s->mig, s->demo, year, s->fixed_students, arrive_pending, s,
                                      &tally, s->err);
    if (st != JH_OK || (st = apply_interventions(s, year, yr)) != JH_OK)
        return st;
    if ((st = retry_unplaced_and_reset_rooms(s)) != JH_OK)
        return st;
    if ((st = follow_villages(s)) != JH_OK)
        return st;
    if ((st = place_pending(s)) != JH_OK)
        return st;
    if ((st = teachers_follow_students(s)) != JH_OK)
        return st;
    if ((st = flows_and_classes(s, base)) != JH_OK)
        return st;
    jh_plan_limits_check(s->c, s->rules, year, out, s->warned, s->closure_from, s->expanded);

    /* Teachers as they stand this year: the base year measures the layer's
     * own counts (split exactly by weighted enrolment when there is no
     * roster) unless a closure already moved teachers; later years measure
     * the workforce as last year's rotation, hiring and retirement left it. */
    bool observed = base && !s->c->has_roster && !s->teachers_transferred;
    if (!observed)
        jh_workforce_staff(s->work, staff, c->n_schools);

    const jh_flow *flows = s->flows;
    size_t n_flows = s->n_flows;
    st = jh_campus_metrics(&yr->metrics, c, s->rules, observed ? NULL : staff, flows, n_flows,
                           base ? &c->warnings : NULL, &s->metrics_work, s->err);
    jh_metrics_work_free(&s->metrics_work); /* kept, it raises the run's peak */
    if (st != JH_OK)
        return st;
    /* the year's flows as the caller asked (scenario.h: run_keep); the
     * final year's become out->final_flows when the run ends */
    size_t yi = (size_t)(year - s->sc->start_year);
    bool keep_flows = s->sc->run_keep == JH_KEEP_ALL || (s->sc->run_keep == JH_KEEP_WRITERS && base);
    if (keep_flows) {
        if (!(out->year_flows[yi] = malloc((n_flows + 1) * sizeof *flows)))
            return oom(s->err);
        memcpy(out->year_flows[yi], flows, n_flows * sizeof *flows);
    }
    out->n_year_flows[yi] = keep_flows ? n_flows : 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        jh_level_metrics *lm = &yr->metrics.level[l];
        lm->students_left = tally.left[l];
        lm->students_arrived = tally.arrived[l];
        lm->inflow = tally.inflow[l];
        lm->inflow_private = tally.inflow_private[l];
    }
    if (s->sc->run_keep != JH_KEEP_FIGURES) {
        yr->cells = malloc((s->cur.n + 1) * sizeof *yr->cells); /* kept, copied whole */
        if (!yr->cells)
            return oom(s->err);
        memcpy(yr->cells, s->cur.v, s->cur.n * sizeof *yr->cells);
        yr->n_cells = s->cur.n;
    }

    /* This year's rotation, hiring and retirement take effect for the next
     * school year: the base year stays as observed. */
    for (size_t i = 0; i < c->n_schools; i++)
        for (int l = 0; l < JH_NLEVELS; l++)
            students[2 * i + l] = jh_school_is_open(&c->schools[i])
                                      ? jh_school_level_students(&c->schools[i], (jh_level)l) : 0;
    if ((st = jh_workforce_year(s->work, c, students, &yr->teachers, s->err)) != JH_OK)
        return st;

    /* the guarantee's rotation items, and the county's verdict */
    bool basic[JH_NLEVELS], resources[JH_NLEVELS], guarantee[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++) {
        jh_level_metrics *lm = &yr->metrics.level[l];
        jh_metrics_guarantee_rotation(lm, s->rules, s->sc->teachers.rotation,
                                      yr->teachers.eligible, yr->teachers.moved,
                                      yr->teachers.backbone_moved);
        basic[l] = lm->basic.pass;
        resources[l] = lm->quality.pass;
        guarantee[l] = lm->guarantee.pass;
    }
    jh_verdict_county(basic, resources, guarantee, &s->sc->assessed, &yr->county);

    yr->status = malloc((c->n_schools + 1) * sizeof *yr->status);
    if (!yr->status)
        return oom(s->err);
    for (size_t i = 0; i < c->n_schools; i++)
        yr->status[i] = c->schools[i].status;
    out->total_cost_wan += yr->cost_wan;
    return JH_OK;
}

static void sim_free(sim *s)
{
    jh_travel_free(s->travel);
    jh_demography_free(s->demo);
    jh_migration_flow_free(s->mig);
    jh_own_site_free(s->own);
    jh_workforce_free(s->work);
    free(s->cur.v);
    free(s->flows);
    free(s->pend.v);
    for (int l = 0; l < JH_NLEVELS; l++) {
        free(s->assign[l]);
        free(s->site_assign[l]);
        free(s->pinned[l]);
        free(s->entrants[l]);
        free(s->move_to[l]);
    }
    jh_village_split_free(s->split);
    free(s->room);
    free(s->intake);
    free(s->takes);
    free(s->warned);
    free(s->closure_from);
    free(s->expanded);
    free(s->moved);
    free(s->closed_now);
    free(s->closed_receiver);
    free(s->fixed_students);
    free(s->base_classes);
    free(s->serves);
    jh_scratch_free(&s->sort_buf);
    jh_scratch_free(&s->count_buf);
    jh_metrics_work_free(&s->metrics_work);
}

static jh_status sim_init(sim *s, const jh_scenario *sc, jh_county *c, jh_error *err)
{
    memset(s, 0, sizeof *s);
    s->sc = sc;
    s->rules = &sc->rules;
    s->c = c;
    s->err = err;
    jh_status st = add_built_schools(s);
    if (st != JH_OK)
        return st;
    size_t ns = c->n_schools, nv = c->n_villages;
    if (ns > JH_CELL_MAX_SCHOOL) /* a cell keeps its school in 27 bits (simulation.h) */
        return jh_error_set(err, JH_ERR_INPUT, "%zu schools: expected at most %d in one run",
                            ns, JH_CELL_MAX_SCHOOL);
    for (int l = 0; l < JH_NLEVELS; l++) {
        s->assign[l] = malloc((nv + 1) * sizeof(int));
        s->site_assign[l] = malloc((ns + 1) * sizeof(int));
        s->pinned[l] = calloc(nv + 1, sizeof(bool));
        s->entrants[l] = calloc(nv + 1, sizeof(bool));
        s->move_to[l] = calloc(ns + 1, sizeof(bool));
        if (!s->assign[l] || !s->site_assign[l] || !s->pinned[l] || !s->entrants[l] || !s->move_to[l])
            return oom(err);
        for (size_t v = 0; v < nv; v++)
            s->assign[l][v] = sc->assignment == JH_ASSIGN_CATCHMENT || sc->assignment == JH_ASSIGN_NEAREST_WITH_CAPACITY
                                  ? c->villages[v].school[l] : -1;
        for (size_t i = 0; i < ns; i++)
            s->site_assign[l][i] = -1;
    }
    if (!(s->split = jh_village_split_new(nv)))
        return oom(err);
    s->room = calloc(ns + 1, sizeof *s->room);
    s->intake = calloc(nv + 1, sizeof *s->intake);
    s->takes = calloc(ns + 1, sizeof *s->takes);
    s->serves = calloc(ns + 1, sizeof *s->serves);
    if (!s->takes || !s->serves)
        return oom(err);
    s->warned = calloc(ns + 1, sizeof *s->warned);
    s->closure_from = calloc(ns + 1, sizeof *s->closure_from);
    s->expanded = calloc(ns + 1, sizeof *s->expanded);
    if (!s->warned || !s->closure_from || !s->expanded)
        return oom(err);
    s->fixed_students = calloc(nv + 1, sizeof *s->fixed_students);
    s->base_classes = calloc(ns + 1, sizeof *s->base_classes);
    if (!s->room || !s->intake || !s->fixed_students || !s->base_classes)
        return oom(err);
    for (size_t v = 0; v < nv; v++)
        s->fixed_students[v] = c->villages[v].has_students && !c->villages[v].has_ages;
    for (size_t i = 0; i < ns; i++)
        for (int g = 0; g < JH_NGRADES; g++)
            s->base_classes[i] += c->schools[i].classes_given ? c->schools[i].classes[g] : 0;
    s->travel = jh_travel_create(c);
    if (!s->travel)
        return oom(err);
    if ((st = jh_demography_create(&s->demo, c, s->rules, sc->start_year, sc->end_year, err)) != JH_OK)
        return st;
    if ((st = jh_demography_set_migration(s->demo, &sc->migration, err)) != JH_OK)
        return st;
    if ((st = jh_migration_flow_create(&s->mig, c, sc, &c->warnings, err)) != JH_OK)
        return st;
    if ((st = jh_workforce_create(&s->work, c, s->rules, &sc->teachers, err)) != JH_OK)
        return st;
    jh_workforce_set_optimiser(s->work, jh_rotation_optimised);
    for (size_t k = 0; k < sc->warnings.count; k++)
        jh_warnings_add(&c->warnings, "%s", sc->warnings.items[k]);
    if (sc->teachers.rotation && sc->teachers.within_district)
        jh_plan_warn_lonely_districts(c);
    return JH_OK;
}

jh_status jh_simulate_once(jh_run_result *out, const jh_scenario *scenario, jh_county *county,
                           jh_error *err)
{
    memset(out, 0, sizeof *out);
    out->scenario = scenario;
    out->county = county;
    if (scenario->end_year < scenario->start_year)
        return jh_error_set(err, JH_ERR_INPUT, "%s: horizon: expected end >= start", scenario->path);
    sim s;
    jh_status st = sim_init(&s, scenario, county, err);
    s.out = out;
    if (st == JH_OK) {
        jh_plan_warn_capital(scenario, county, out);
        jh_plan_check(scenario, county, out);
    }
    size_t n_years = (size_t)(scenario->end_year - scenario->start_year + 1);
    jh_level_staff *staff = NULL;
    int *students = NULL;
    if (st == JH_OK) {
        out->years = calloc(n_years, sizeof *out->years);
        out->year_flows = calloc(n_years + 1, sizeof *out->year_flows);
        out->n_year_flows = calloc(n_years + 1, sizeof *out->n_year_flows);
        staff = calloc(2 * county->n_schools + 1, sizeof *staff);
        students = calloc(2 * county->n_schools + 1, sizeof *students);
        if (!out->years || !out->year_flows || !out->n_year_flows || !staff || !students)
            st = oom(err);
    }
    for (size_t y = 0; st == JH_OK && y < n_years; y++) {
        st = simulate_year(&s, scenario->start_year + (int)y, y == 0, &out->years[y], out, staff,
                           students);
        out->n_years = y + 1;
    }
    if (st == JH_OK && n_years > 0) { /* the final year's flows, handed over */
        jh_flow *fit = realloc(s.flows, (s.n_flows + 1) * sizeof *fit); /* cells outnumber flows ~4 to 1 */
        out->final_flows = fit ? fit : s.flows;
        out->n_final_flows = s.n_flows;
        s.flows = NULL;
    }
    free(staff);
    free(students);
    sim_free(&s);
    if (st == JH_OK)
        jh_run_result_verdict_years(out);
    if (st != JH_OK) {
        out->county = NULL; /* the caller keeps the county on failure */
        jh_run_result_free(out);
    }
    return st;
}
