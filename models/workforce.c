/*
 * workforce: the roster and its year (see workforce.h). This file builds the
 * teachers (from teachers.csv or from each school's aggregate counts), ages
 * and retires them, brings secondees home when their term ends, and runs
 * one year in the order retirement, returns, progression, hiring,
 * rotation; hiring is in workforce_hiring.c, the rotation rule in
 * workforce_rotation.c, the optimised rotation in engine/sim.
 *
 * Choices made here, because the standards leave them open:
 * - Without a roster, each school's aggregate counts become whole teachers
 *   (rounded), split between the levels it serves by weighted enrolment
 *   (jh_indicators_level_share: 1 : 1.1 for nine-year schools; the senior
 *   share of complete-middle and twelve-year schools teaches senior high and
 *   is left out). The k-th teacher built county-wide (schools in index
 *   order) gets years_at_school = k mod 12 and age 25 + (13k mod 35): every
 *   age 25..59 (13 is prime to 35, unlike 7) and about half the teachers
 *   eligible at min_years 6, spread over schools rather than bunched in
 *   the big ones. Flag counts go to teachers of the level at staggered
 *   offsets, so a backbone teacher is not always also the above-degree one.
 *   Years at a rural school count as rural service (senior titles).
 * - Teachers of special-education and vocational schools age and retire but
 *   neither rotate nor receive hires or rotated teachers.
 * - A teacher whose school closes goes to the receiver with years at school
 *   restarted (a new school), like a rotated teacher; a secondee whose home
 *   closes has the receiver as home.
 * - A secondee comes home after teaching term_years at the host; if the
 *   home no longer serves the level, the teacher stays where they are.
 *   Secondment (支教) and exchange keep the post and the personnel
 *   relationship at the home school, so the years away count as years on
 *   its staff: a teacher who left after 4 years comes home with 7 and is
 *   eligible again, rather than waiting min_years more (with a reset, each
 *   term took a strong school's eligible teacher out of the pool for 9
 *   years, and 20% rotation ended with weaker schools than 10%). The rule
 *   then sends those who have rotated least first (rotations).
 */
#include "workforce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "jh_array.h"
#include "staffing.h"
#include "workforce_internal.h"

/* ------------------------------------------------------------------ */
/* helpers shared by the workforce's files                             */

jh_status jh_wf_oom(jh_error *err)
{
    return jh_error_set(err, JH_ERR_RUN, "workforce: out of memory");
}

int jh_wf_push(jh_workforce *w, const jh_workforce_teacher *t)
{
    jh_workforce_teacher *p = jh_array_grow(jh_wf_roster(w), w->n, &w->cap, sizeof *p, 256);
    if (!p)
        return -1;
    w->t = p;
    p[w->n++] = *t;
    return 0;
}

/* The level a teacher of level l teaches at school s: l when s serves it,
 * else the level s serves. */
static jh_level level_at(const jh_school *s, jh_level l)
{
    if (jh_school_serves(s->type, l))
        return l;
    jh_level o = l == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY;
    return jh_school_serves(s->type, o) ? o : l;
}

bool jh_wf_school_active(const jh_school *s)
{
    bool open = s->status == JH_STATUS_OPEN || s->status == JH_STATUS_NEW;
    return open && s->type != JH_SCHOOL_SPECIAL &&
           s->type != JH_SCHOOL_VOCATIONAL && s->type != JH_SCHOOL_CANDIDATE;
}

bool jh_wf_pair_active(const jh_school *s, jh_level l)
{
    return jh_wf_school_active(s) && jh_school_serves(s->type, l);
}

long jh_wf_ceil_share(double share, long n)
{
    if (!(share > 0) || n <= 0)
        return 0;
    double v = ceil(share * (double)n - 1e-9);
    long m = v < 0 ? 0 : (long)v;
    return m > n ? n : m;
}

bool jh_wf_attr(const jh_workforce_teacher *t, int k)
{
    switch (k) {
    case JH_WF_ABOVE_DEGREE: return t->above_degree;
    case JH_WF_BACKBONE: return t->backbone;
    case JH_WF_PE_ART: return t->pe_art;
    default: return t->senior_title;
    }
}

unsigned jh_wf_kind(const jh_workforce_teacher *t)
{
    unsigned v = 0;
    for (int k = 0; k < JH_WF_NATTR; k++)
        v |= (unsigned)jh_wf_attr(t, k) << k;
    return v;
}

static jh_workforce_teacher blank_teacher(void)
{
    jh_workforce_teacher t;
    memset(&t, 0, sizeof t);
    t.home = -1;
    return t;
}

/* ------------------------------------------------------------------ */
/* create / free                                                       */

static double clean_count(double v)
{
    return isfinite(v) && v > 0 ? (double)lround(v) : 0.0;
}

/* Builds the teachers of one school from its aggregate counts. *k is the
 * county-wide teacher counter behind years and ages. */
static int build_school(jh_workforce *w, const jh_school *s, int i, const jh_rules *rules, long *k)
{
    long total = (long)clean_count(s->res.teachers);
    if (total == 0)
        return 0;
    double flag_total[4] = {clean_count(s->res.t_above_degree), clean_count(s->res.t_backbone),
                            clean_count(s->res.t_pe_art), clean_count(s->res.t_senior_title)};
    double share[JH_NLEVELS] = {0, 0};
    for (int l = 0; l < JH_NLEVELS; l++)
        if (jh_school_serves(s->type, (jh_level)l))
            share[l] = jh_indicators_level_share(s, (jh_level)l, rules);
    if (!(share[0] + share[1] > 0)) {
        /* no students: every teacher to the first level it serves */
        share[jh_school_serves(s->type, JH_PRIMARY) ? 0 : 1] = 1.0;
    }
    bool whole = fabs(share[0] + share[1] - 1.0) < 1e-9; /* no senior part */
    long n_l[JH_NLEVELS], f_l[JH_NLEVELS][4];
    for (int l = 0; l < JH_NLEVELS; l++) {
        n_l[l] = lround((double)total * share[l]);
        for (int f = 0; f < 4; f++)
            f_l[l][f] = lround(flag_total[f] * share[l]);
    }
    if (whole && share[0] > 0 && share[1] > 0) {
        n_l[1] = total - n_l[0];
        for (int f = 0; f < 4; f++)
            f_l[1][f] = (long)flag_total[f] - f_l[0][f];
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        long n = n_l[l];
        if (n <= 0)
            continue;
        for (int f = 0; f < 4; f++) {
            if (f_l[l][f] > n)
                f_l[l][f] = n;
            if (f_l[l][f] < 0)
                f_l[l][f] = 0;
        }
        /* staggered offsets: above-degree from the first teacher,
         * backbone from the middle, PE/art from a quarter, titles from
         * three quarters */
        const long off[4] = {0, n / 2, n / 4, (3 * n) / 4};
        for (long q = 0; q < n; q++) {
            jh_workforce_teacher t = blank_teacher();
            t.uid = w->next_uid++;
            t.school = i;
            t.level = (jh_level)l;
            t.years_at_school = (int)(*k % 12);
            t.age = 25 + (int)((*k * 13) % 35);
            t.above_degree = (q + off[0]) % n < f_l[l][0];
            t.backbone = (q + off[1]) % n < f_l[l][1];
            t.pe_art = (q + off[2]) % n < f_l[l][2];
            t.senior_title = (q + off[3]) % n < f_l[l][3];
            t.rural_years = s->area == JH_RURAL ? t.years_at_school : 0;
            (*k)++;
            if (jh_wf_push(w, &t) != 0)
                return -1;
        }
    }
    return 0;
}

jh_status jh_workforce_add_teachers(jh_workforce *w, const jh_school *school, int i,
                                   const jh_resources *add, jh_error *err)
{
    jh_school s = *school;
    s.res = *add;
    size_t first = w->n;
    long k = (long)w->next_uid;
    if (build_school(w, &s, i, &w->rules, &k) != 0)
        return jh_wf_oom(err);
    jh_workforce_teacher *roster = jh_wf_roster(w);
    for (size_t t = first; t < w->n; t++)
        roster[t].years_at_school = 0; /* they start at this school this year */
    return JH_OK;
}

jh_status jh_workforce_create(jh_workforce **out, const jh_county *county,
                              const jh_rules *rules, const jh_teacher_policy *policy,
                              jh_error *err)
{
    *out = NULL;
    jh_workforce *w = calloc(1, sizeof *w);
    if (!w)
        return jh_wf_oom(err);
    w->county = county;
    w->rules = *rules;
    w->policy = *policy;
    /* the staff the years' last passes count, allocated before the roster
     * (made at the first year's end, it raised the run's peak 7 MiB at
     * 20,000 schools) */
    w->staff = malloc((2 * county->n_schools + 1) * sizeof *w->staff);
    w->staff_ns = w->staff ? county->n_schools : 0;
    if (county->has_roster) {
        for (size_t k = 0; k < county->n_teachers; k++) {
            const jh_teacher *r = &county->teachers[k];
            if (r->school < 0 || (size_t)r->school >= county->n_schools) {
                jh_workforce_free(w);
                return jh_error_set(err, JH_ERR_INPUT,
                                    "teachers.csv: line %ld: field school_id: expected a school "
                                    "of the schools layer (index %d of %zu)",
                                    r->line, r->school, county->n_schools);
            }
            jh_workforce_teacher t = blank_teacher();
            t.uid = w->next_uid++;
            t.school = r->school;
            t.level = level_at(&county->schools[r->school], r->level);
            t.years_at_school = r->years_at_school > 0 ? r->years_at_school : 0;
            t.age = r->age;
            t.backbone = r->backbone;
            t.above_degree = r->above_degree;
            t.pe_art = r->pe_art;
            t.senior_title = r->senior_title;
            t.rural_years = county->schools[r->school].area == JH_RURAL ? t.years_at_school : 0;
            if (jh_wf_push(w, &t) != 0) {
                jh_workforce_free(w);
                return jh_wf_oom(err);
            }
        }
    } else {
        long k = 0;
        for (size_t i = 0; i < county->n_schools; i++) {
            const jh_school *s = &county->schools[i];
            if (s->type == JH_SCHOOL_CANDIDATE || s->status == JH_STATUS_CANDIDATE)
                continue;
            if (build_school(w, s, (int)i, rules, &k) != 0) {
                jh_workforce_free(w);
                return jh_wf_oom(err);
            }
        }
    }
    *out = w;
    return JH_OK;
}

void jh_workforce_free(jh_workforce *w)
{
    if (!w)
        return;
    free((void *)w->t);
    free(w->prev_students);
    free(w->staff);
    free(w);
}

void jh_workforce_set_optimiser(jh_workforce *w, jh_workforce_optimiser fn) { w->optimiser = fn; }

size_t jh_workforce_count(const jh_workforce *w) { return w->n; }

const jh_workforce_teacher *jh_workforce_teachers(const jh_workforce *w) { return w->t; }

/* The closures' bookkeeping (jh_workforce_transfer_closures): per closed
 * school, the roster indexes that may teach there or hold their home post
 * there; NULL when the moves walk the whole roster. */
typedef struct tracker {
    const int *slot;   /* per school: its list, -1 none */
    size_t **idx;
    size_t *n, *cap;
    bool oom;
} tracker;

static void track(tracker *tr, int school, size_t m)
{
    if (!tr || school < 0 || tr->slot[school] < 0)
        return;
    int k = tr->slot[school];
    size_t *g = jh_array_grow(tr->idx[k], tr->n[k], &tr->cap[k], sizeof *g, 16);
    if (!g) {
        tr->oom = true;
        return;
    }
    tr->idx[k] = g;
    g[tr->n[k]++] = m;
}

/* The roster indexes a move visits: idx[0..n) or, with idx NULL, all. */
#define EACH(m, j, idx, cnt, w) \
    for (size_t j = 0, m = 0; (idx) ? j < (cnt) : j < (w)->n; j++) if ((m = (idx) ? (idx)[j] : j), 1)

static void transfer_school(jh_workforce *w, int from, int to, const size_t *idx, size_t n, tracker *tr)
{
    if (from == to || to < 0 || (size_t)to >= w->county->n_schools)
        return;
    const jh_school *dst = &w->county->schools[to];
    jh_workforce_teacher *roster = jh_wf_roster(w);
    EACH(m, j, idx, n, w) {
        jh_workforce_teacher *t = &roster[m];
        if (t->home == from) {
            t->home = to;
            t->home_level = level_at(dst, t->home_level);
            t->home_years = 0; /* a new home: its staff years start now */
            track(tr, to, m);
        }
        if (t->school != from)
            continue;
        t->school = to;
        t->level = level_at(dst, t->level);
        t->years_at_school = 0;
        if (t->home == to) /* sent home by the closure of the host */
            t->home = -1;
        track(tr, to, m);
    }
}

void jh_workforce_transfer_school(jh_workforce *w, int from, int to)
{
    transfer_school(w, from, to, NULL, 0, NULL);
}

static void transfer_shares(jh_workforce *w, int from, jh_level level, const int *to, const long *count,
                            int n, const size_t *idx, size_t n_idx, tracker *tr)
{
    long total = 0, teachers = 0;
    for (int k = 0; k < n; k++)
        total += count[k] > 0 && to[k] >= 0 && to[k] != from ? count[k] : 0;
    EACH(m, j, idx, n_idx, w)
        teachers += w->t[m].school == from && w->t[m].level == level;
    if (total <= 0 || teachers <= 0)
        return;
    /* quotas by largest remainder (ties to the earlier receiver) */
    long quota[64] = {0}, given = 0;
    double rem[64];
    for (int k = 0; k < n && k < 64; k++) {
        double q = count[k] > 0 && to[k] >= 0 && to[k] != from ? (double)teachers * count[k] / total : 0;
        quota[k] = (long)q;
        rem[k] = q - (double)quota[k];
        given += quota[k];
    }
    while (given < teachers) {
        int best = -1;
        for (int k = 0; k < n && k < 64; k++)
            if (count[k] > 0 && to[k] >= 0 && to[k] != from && (best < 0 || rem[k] > rem[best]))
                best = k;
        if (best < 0)
            break;
        quota[best]++;
        rem[best] = -1;
        given++;
    }
    int k = 0;
    jh_workforce_teacher *roster = jh_wf_roster(w);
    EACH(m, j, idx, n_idx, w) {
        jh_workforce_teacher *t = &roster[m];
        if (t->school != from || t->level != level)
            continue;
        while (k < n && quota[k] <= 0)
            k++;
        if (k >= n)
            break;
        quota[k]--;
        const jh_school *dst = &w->county->schools[to[k]];
        t->school = to[k];
        t->level = level_at(dst, t->level);
        t->years_at_school = 0;
        if (t->home == to[k])
            t->home = -1;
        track(tr, to[k], m);
    }
}

void jh_workforce_transfer_shares(jh_workforce *w, int from, jh_level level, const int *to,
                                  const long *count, int n)
{
    transfer_shares(w, from, level, to, count, n, NULL, 0, NULL);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Each closure's moves visit only the teachers that teach or hold their
 * home post at the closed school (its list, kept as teachers move there,
 * sorted into roster order before use): the same moves as walking the
 * roster closure after closure, in one pass over the roster. */
jh_status jh_workforce_transfer_closures(jh_workforce *w, const jh_wf_closure *cl, size_t n,
                                         jh_error *err)
{
    size_t ns = w->county->n_schools;
    int *slot = malloc((ns + 1) * sizeof *slot);
    tracker tr = {.slot = slot, .idx = calloc(n + 1, sizeof *tr.idx), .n = calloc(n + 1, sizeof *tr.n),
                  .cap = calloc(n + 1, sizeof *tr.cap)};
    jh_status st = JH_OK;
    if (!slot || !tr.idx || !tr.n || !tr.cap)
        goto oom;
    for (size_t i = 0; i < ns; i++)
        slot[i] = -1;
    for (size_t k = 0; k < n; k++)
        if (cl[k].from >= 0 && (size_t)cl[k].from < ns && slot[cl[k].from] < 0)
            slot[cl[k].from] = (int)k;
    for (size_t m = 0; m < w->n; m++) {
        track(&tr, w->t[m].school, m);
        if (w->t[m].home != w->t[m].school)
            track(&tr, w->t[m].home, m);
    }
    for (size_t k = 0; k < n && !tr.oom; k++) {
        int from = cl[k].from;
        if (from < 0 || (size_t)from >= ns)
            continue;
        int s = slot[from];
        size_t *idx = tr.idx[s], m = 0;
        if (tr.n[s] > 1) /* a school without teachers has no list */
            qsort(idx, tr.n[s], sizeof *idx, cmp_size);
        for (size_t j = 0; j < tr.n[s]; j++) /* duplicates out */
            if (m == 0 || idx[j] != idx[m - 1])
                idx[m++] = idx[j];
        tr.n[s] = m;
        for (int l = 0; l < JH_NLEVELS; l++)
            transfer_shares(w, from, (jh_level)l, cl[k].to[l], cl[k].count[l], cl[k].n[l], idx, m, &tr);
        if (cl[k].receiver >= 0)
            transfer_school(w, from, cl[k].receiver, idx, m, &tr);
    }
    if (tr.oom)
        goto oom;
    goto done;
oom:
    st = jh_error_set(err, JH_ERR_RUN, "out of memory (teachers of closed schools)");
done:
    for (size_t k = 0; tr.idx && k < n; k++)
        free(tr.idx[k]);
    free(tr.idx);
    free(tr.n);
    free(tr.cap);
    free(slot);
    return st;
}

/* Teacher t into the staff counts per pair of the first n_schools schools. */
static inline void staff_count_in(jh_level_staff *staff, size_t n_schools,
                                  const jh_workforce_teacher *t)
{
    if (t->school < 0 || (size_t)t->school >= n_schools)
        return;
    jh_level_staff *s = &staff[2 * (size_t)t->school + t->level];
    s->teachers += 1;
    s->above_degree += t->above_degree;
    s->backbone += t->backbone;
    s->pe_art += t->pe_art;
    s->senior_title += t->senior_title;
}

/* The counts are whole numbers (sums of ones and flags), the same in any
 * order: those the last year's final pass made stand while no teacher has
 * been added or moved since (a closure's transfer, a planner's addition),
 * instead of another pass over the roster (760,000 teachers at 20,000
 * schools). */
void jh_workforce_staff(const jh_workforce *w, jh_level_staff *staff, size_t n_schools)
{
    if (w->staff_fresh && w->staff_ns == n_schools) {
        memcpy(staff, w->staff, 2 * n_schools * sizeof *staff);
        return;
    }
    memset(staff, 0, 2 * n_schools * sizeof *staff);
    for (size_t k = 0; k < w->n; k++)
        staff_count_in(staff, n_schools, &w->t[k]);
}

long jh_workforce_eligible(const jh_workforce *w)
{
    long e = 0;
    for (size_t k = 0; k < w->n; k++)
        e += jh_wf_eligible(w, &w->t[k]);
    return e;
}

/* ------------------------------------------------------------------ */
/* the year's working state                                            */

static int cmp_district(const void *a, const void *b, void *ctx)
{
    const jh_county *c = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    const char *x = c->schools[i].district, *y = c->schools[j].district;
    if (!x != !y)
        return x ? 1 : -1; /* NULL districts first */
    int r = x ? strcmp(x, y) : 0;
    return r ? r : (i > j) - (i < j);
}

static int level_classes(const jh_school *s, jh_level l)
{
    int n = 0;
    for (int g = jh_level_first_grade(l); g < jh_level_end_grade(l); g++)
        n += s->classes[g] > 0 ? s->classes[g] : 0;
    return n;
}

static void year_refs(jh_wf_year *y, const jh_county *c)
{
    double stud[JH_NLEVELS] = {0, 0};
    memset(y->ref, 0, sizeof y->ref);
    for (size_t p = 0; p < y->np; p++) {
        if (!jh_wf_pair_active(&c->schools[p / 2], (jh_level)(p % 2)) || !(y->students[p] > 0))
            continue;
        stud[p % 2] += y->students[p];
        for (int k = 0; k < JH_WF_NATTR; k++)
            y->ref[p % 2][k] += y->cnt[JH_WF_NATTR * p + (size_t)k];
    }
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int k = 0; k < JH_WF_NATTR; k++)
            y->ref[l][k] = stud[l] > 0 ? y->ref[l][k] / stud[l] : 0.0;
}

/* The year's per-pair arrays, zeroed (the counts to come). */
static jh_status year_alloc(jh_wf_year *y, const jh_workforce *w, jh_error *err)
{
    memset(y, 0, sizeof *y);
    size_t ns = w->county->n_schools, np = 2 * ns;
    y->ns = ns;
    y->np = np;
    y->present = calloc(np + 1, sizeof *y->present);
    y->est = calloc(np + 1, sizeof *y->est);
    y->posts = calloc(np + 1, sizeof *y->posts);
    y->students = calloc(np + 1, sizeof *y->students);
    y->cnt = calloc(JH_WF_NATTR * np + 1, sizeof *y->cnt);
    y->group = malloc((ns + 1) * sizeof *y->group);
    if (!y->present || !y->est || !y->posts || !y->students || !y->cnt || !y->group)
        return jh_wf_oom(err);
    return JH_OK;
}

/* Teacher t into the year's counts, and among those eligible to rotate
 * (rotate() counts the year's hires after the roster's). */
static inline void year_count(jh_wf_year *y, const jh_workforce *w, const jh_workforce_teacher *t)
{
    if (t->school < 0 || (size_t)t->school >= y->ns)
        return;
    jh_wf_count_in(y, t);
    if (jh_wf_eligible(w, t)) {
        y->eligible++;
        y->eligible_backbone += t->backbone;
    }
}

/* The rest of the year's state, once the roster is counted. */
static jh_status year_finish(jh_wf_year *y, const jh_workforce *w, const int *students,
                             jh_error *err);

jh_status jh_wf_year_init(jh_wf_year *y, const jh_workforce *w, const int *students,
                          jh_error *err)
{
    jh_status st = year_alloc(y, w, err);
    if (st != JH_OK)
        return st;
    for (size_t k = 0; k < w->n; k++)
        year_count(y, w, &w->t[k]);
    y->counted = w->n;
    return year_finish(y, w, students, err);
}

static jh_status year_finish(jh_wf_year *y, const jh_workforce *w, const int *students,
                             jh_error *err)
{
    const jh_county *c = w->county;
    size_t ns = y->ns;
    for (size_t i = 0; i < ns; i++) {
        const jh_school *s = &c->schools[i];
        for (int l = 0; l < JH_NLEVELS; l++) {
            size_t p = 2 * i + (size_t)l;
            if (!jh_wf_pair_active(s, (jh_level)l))
                continue;
            y->students[p] = students[p] > 0 ? students[p] : 0;
            double beds = s->res.boarding_beds * jh_indicators_level_share(s, (jh_level)l, &w->rules);
            y->posts[p] = jh_staffing_floor(y->students[p], level_classes(s, (jh_level)l),
                                            w->rules.staffing_norm[l], w->rules.staffing_per_class[l],
                                            beds, w->rules.boarding_extra_posts_per100_beds);
        }
    }
    year_refs(y, c);
    /* rotation groups of active schools: the county, or its districts */
    int *idx = malloc((ns + 1) * sizeof *idx);
    if (!idx)
        return jh_wf_oom(err);
    int m = 0;
    for (size_t i = 0; i < ns; i++) {
        y->group[i] = -1;
        if (jh_wf_school_active(&c->schools[i]))
            idx[m++] = (int)i;
    }
    if (w->policy.within_district) {
        qsort_r(idx, (size_t)m, sizeof *idx, cmp_district, (void *)c);
        for (int k = 0; k < m; k++) {
            if (k > 0) {
                const char *a = c->schools[idx[k - 1]].district, *b = c->schools[idx[k]].district;
                if (!a != !b || (a && strcmp(a, b) != 0))
                    y->n_groups++;
            }
            y->group[idx[k]] = y->n_groups;
        }
        if (m > 0)
            y->n_groups++;
    } else {
        for (int k = 0; k < m; k++)
            y->group[idx[k]] = 0;
        y->n_groups = m > 0 ? 1 : 0;
    }
    free(idx);
    y->moved_cap = w->n + 1;
    y->moved = calloc(y->moved_cap, 1);
    if (!y->moved)
        return jh_wf_oom(err);
    return JH_OK;
}

void jh_wf_year_free(jh_wf_year *y)
{
    free(y->present);
    free(y->est);
    free(y->posts);
    free(y->students);
    free(y->cnt);
    free(y->group);
    free(y->moved);
}

double jh_wf_strength(const jh_wf_year *y, int p)
{
    double P = y->students[p];
    if (!(P > 0))
        return 0.0;
    double s = 0;
    int n = 0;
    for (int k = 0; k < JH_WF_NATTR; k++) {
        double ref = y->ref[p % 2][k];
        if (!(ref > 0))
            continue;
        s += y->cnt[JH_WF_NATTR * (size_t)p + (size_t)k] / P / ref;
        n++;
    }
    return n ? s / n : 0.0;
}

bool jh_wf_can_leave(const jh_wf_year *y, int p)
{
    return y->present[p] - 1 >= y->posts[p] - 1e-9 && y->present[p] >= 1;
}

/* ------------------------------------------------------------------ */
/* the year                                                            */

/* A secondee whose term ended comes home (the home keeps the post). */
static void come_home(jh_workforce *w, jh_workforce_teacher *t, jh_teacher_year *out)
{
    const jh_county *c = w->county;
    t->renew_to = 0;
    if (t->home < 0)
        return;
    if (--t->term_left > 0)
        return;
    const jh_school *h = (size_t)t->home < c->n_schools ? &c->schools[t->home] : NULL;
    if (h && jh_wf_pair_active(h, t->home_level)) {
        t->renew_to = 1 + 2 * t->school + (int)t->level;
        t->school = t->home;
        t->level = t->home_level;
        /* on the home school's staff all along: the years away count */
        t->years_at_school = t->home_years + w->policy.term_years;
        out->returned++;
        out->level[t->level].returned++;
    }
    t->home = -1;
    t->term_left = 0;
}

/* The year's first pass over the roster: everyone a year older, those at
 * the retirement age out (an age of 0 means unknown: never retires;
 * pairs[] gets the post each retiree left, at home for a teacher away, and
 * *n_retired their number), and the secondees whose term ended home. One
 * pass rather than retirement's and then the returns' (a roster of
 * 760,000 at 20,000 schools): the same roster, since a teacher's return
 * depends on that teacher alone. */
static void retire_and_return(jh_workforce *w, int *pairs, long *n_retired,
                              jh_teacher_year *out, jh_wf_year *y)
{
    size_t keep = 0;
    *n_retired = 0;
    jh_workforce_teacher *roster = jh_wf_roster(w);
    for (size_t k = 0; k < w->n; k++) {
        jh_workforce_teacher *t = &roster[k];
        if (t->age > 0)
            t->age++;
        if (w->rules.retirement_age > 0 && t->age > 0 && t->age >= w->rules.retirement_age) {
            int school = t->home >= 0 ? t->home : t->school;
            jh_level level = t->home >= 0 ? t->home_level : t->level;
            pairs[(*n_retired)++] = 2 * school + (int)level;
            out->retired++;
            out->level[level].retired++;
            continue;
        }
        come_home(w, t, out);
        if (y)
            year_count(y, w, t);
        if (keep != k) /* none retired yet: the teacher is where it was */
            roster[keep] = *t;
        keep++;
    }
    w->n = keep;
    if (y)
        y->counted = keep;
}

static const char *const REASON_FEW_BACKBONE = "too few eligible backbone teachers";
static const char *const REASON_BACKBONE_STUCK =
    "eligible backbone teachers only at schools at their staffing floor or with no weaker school of "
    "their level to go to";
static const char *const REASON_NO_DESTINATION =
    "too few eligible teachers at schools above their staffing floor with a weaker school of their "
    "level in the group";

static const char *const REASON_FILLER =
    "like-for-like exchanges short: too few pairs of eligible teachers of the same level and "
    "attributes in a rotation group, at schools open at the level all horizon, not moved or "
    "promoted by the reference plan and not retiring during the term";

static jh_status rotate(jh_workforce *w, jh_wf_year *y, jh_teacher_year *out, jh_error *err)
{
    size_t ns = w->county->n_schools;
    long n_elig = y->eligible, n_bb = y->eligible_backbone; /* the roster's, then the hires' */
    for (size_t k = y->counted; k < w->n; k++)
        if (jh_wf_eligible(w, &w->t[k]) && (size_t)w->t[k].school < ns) {
            n_elig++;
            n_bb += w->t[k].backbone;
        }
    out->eligible = n_elig;
    if (!w->policy.rotation) {
        out->share_rules = -1;
        return JH_OK;
    }
    long want = jh_wf_ceil_share(w->policy.share_of_eligible, n_elig);
    long want_bb = jh_wf_ceil_share(w->policy.backbone_share, want);
    jh_status st = JH_OK;
    bool replay = w->policy.plan && w->policy.plan->mode == JH_WF_PLAN_REPLAY;
    if (replay) {
        if ((st = jh_wf_replay_year(w, y, want, out, err)) != JH_OK)
            return st;
    } else if (want > 0 && w->policy.method == JH_ROTATE_OPTIMISE) {
        if (!w->optimiser)
            return jh_error_set(err, JH_ERR_RUN, "workforce: method optimise without an optimiser");
        st = w->optimiser(w, y, want, want_bb, out, err);
    }
    if (st == JH_OK && out->moved < want && !replay)
        st = jh_wf_rotate_rule(w, y, want, out, err);
    if (st != JH_OK)
        return st;
    long need_bb = jh_wf_ceil_share(w->policy.backbone_share, out->moved);
    out->backbone_short = out->backbone_moved < need_bb ? need_bb - out->backbone_moved : 0;
    out->moved_short = out->moved < want ? want - out->moved : 0;
    out->share_rules = out->backbone_short == 0 && out->moved_short == 0;
    if (replay && (out->moved_short || out->backbone_short))
        out->share_reason = REASON_FILLER;
    else if (out->moved_short)
        out->share_reason = REASON_NO_DESTINATION;
    else if (out->backbone_short)
        out->share_reason = n_bb < need_bb ? REASON_FEW_BACKBONE : REASON_BACKBONE_STUCK;
    return JH_OK;
}

/* What the year leaves for the next: school levels below their floor or
 * without a teacher (the secondees away are counted in the year's last
 * pass over the roster). */
static void tally(const jh_wf_year *y, jh_teacher_year *out)
{
    for (size_t p = 0; p < y->np; p++) {
        if (!(y->students[p] > 0))
            continue;
        if (y->present[p] < 0.5)
            out->level[p % 2].zero_teachers++;
        if (y->present[p] < y->posts[p] - 1e-9)
            out->level[p % 2].below_floor++;
    }
}

jh_status jh_workforce_year(jh_workforce *w, const jh_county *county, const int *students,
                            jh_teacher_year *out, jh_error *err)
{
    memset(out, 0, sizeof *out);
    out->share_rules = -1;
    w->county = county;
    /* the teachers who taught this year, before it ends with retirement
     * and hiring: total(Y+1) = total(Y) - retired(Y) + hired(Y) */
    out->total = (long)w->n;
    jh_status st = jh_wf_plan_year(w, err);
    if (st != JH_OK)
        return st;
    int *retired = malloc((w->n + 1) * sizeof *retired);
    if (!retired)
        return jh_wf_oom(err);
    long n_retired = 0;
    jh_wf_year y;
    if (!(w->policy.backbone_rate > 0) && !(w->policy.senior_title_rate > 0)) {
        /* no progression (jh_wf_progress changes nobody): the year's
         * counts in the first pass over the roster, not a pass of their
         * own (760,000 teachers at 20,000 schools) */
        st = year_alloc(&y, w, err);
        retire_and_return(w, retired, &n_retired, out, st == JH_OK ? &y : NULL);
        if (st == JH_OK)
            st = year_finish(&y, w, students, err);
    } else {
        retire_and_return(w, retired, &n_retired, out, NULL);
        jh_wf_progress(w, out);
        st = jh_wf_year_init(&y, w, students, err);
    }
    if (st == JH_OK)
        st = jh_wf_hire(w, &y, retired, n_retired, out, err);
    if (st == JH_OK && y.moved_cap < w->n + 1) {
        unsigned char *m = realloc(y.moved, w->n + 1);
        if (!m) {
            st = jh_wf_oom(err);
        } else {
            memset(m + y.moved_cap, 0, w->n + 1 - y.moved_cap);
            y.moved = m;
            y.moved_cap = w->n + 1;
        }
    }
    if (st == JH_OK)
        st = rotate(w, &y, out, err);
    if (st == JH_OK)
        tally(&y, out);
    if (st == JH_OK && w->prev_np != y.np) {
        free(w->prev_students);
        w->prev_students = calloc(y.np + 1, sizeof *w->prev_students);
        w->prev_np = w->prev_students ? y.np : 0;
    }
    if (w->prev_students)
        for (size_t p = 0; p < w->prev_np && p < y.np; p++)
            w->prev_students[p] = students[p] > 0 ? students[p] : 0;
    free(retired);
    jh_wf_year_free(&y);
    /* one more completed year at their school for everyone who taught the
     * year there; the year's movers, returners and hires start the next
     * year at 0. Eligibility above used the years completed when the year
     * began, as the roster states them. The same pass counts the
     * secondees away as the year ends (tally's, when the year ran). */
    bool count_away = st == JH_OK;
    size_t ns = county->n_schools;
    if (w->staff_ns != ns || !w->staff) {
        free(w->staff);
        w->staff = malloc((2 * ns + 1) * sizeof *w->staff);
        w->staff_ns = w->staff ? ns : 0;
    }
    if (w->staff)
        memset(w->staff, 0, 2 * ns * sizeof *w->staff);
    jh_workforce_teacher *roster = jh_wf_roster(w);
    for (size_t k = 0; k < w->n; k++) {
        jh_workforce_teacher *t = &roster[k];
        if (count_away && t->home >= 0) {
            out->away++;
            out->level[t->home_level].away++;
        }
        t->years_at_school++;
        if (t->school >= 0 && (size_t)t->school < ns && county->schools[t->school].area == JH_RURAL)
            t->rural_years++;
        if (w->staff) /* the next year's staff, as it begins (jh_workforce_staff) */
            staff_count_in(w->staff, ns, t);
    }
    w->staff_fresh = w->staff != NULL;
    w->year_no++;
    return st;
}
