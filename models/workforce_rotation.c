/*
 * workforce_rotation: 交流轮岗 by the rule (see workforce.h).
 *
 * Why this shape: a bureau rejects a rotation that leaves fewer schools
 * compliant, a wider spread of the teacher indicators or poorer rural
 * schools than doing nothing, and it expects more rotation to do at least
 * as well as less. The earlier rule sent the longest-serving teacher to the
 * weakest school by a mean of four attribute ratios: it emptied small rural
 * senders just under a standard (a school with 1 backbone teacher for 106
 * pupils, which would reach 1.0 per 100 next year at 100 pupils, lost its
 * only one), spent movers on schools that cannot comply for want of
 * building or grounds, and judged everything on this year's pupils while
 * the indicators are measured on next year's. So every move is now judged
 * on the three quality teacher indicators (above-degree, backbone, PE/art
 * per 100 pupils) and compliance (models/indicators: 6 of 7 reached, the
 * 7th at 85% or more), at both ends, on the pupils of the years the mover
 * is away (next year's and each year of the term, projected by the pair's
 * last change in pupils; the base year by its cohorts):
 * - never from a sender that could comply whose distance to compliance
 *   (teacher units it lacks, below) would grow in any of those years, nor
 *   one that complies and would lose a standard it reaches;
 * - never to a school more urban than the sender (urban -> town -> rural,
 *   or within an area type), so rural schools never lose by rotation;
 * - never raising the CV of a teacher indicator the move changes (the
 *   enrolment-weighted CV over the counted schools, next year's pupils).
 * The destination receives only (an exchange partner carries nothing the
 * mover lacks), so it can only gain. Passes, each until the year's quota:
 *   0. compliance: the counted school level nearest to compliance (fewest
 *      teacher units short, given its facilities: a school whose buildings
 *      or grounds already rule compliance out is not a target) receives
 *      the mover that closes most of its gap; a secondee coming home leaves
 *      its host short again, and the host is then first in line;
 *   1. spread: the weakest school level receives the mover that lowers the
 *      teacher indicators' CVs most;
 *   2. neutral exchanges: two teachers with the same attributes change
 *      places (same district first), so no school gains or loses anything
 *      counted; they meet the share rules when no move that helps is left,
 *      and are reported (moved_neutral).
 * A source may lose a teacher only while it stays at or above its staffing
 * floor; otherwise (and with mode: exchange) a teacher of the destination
 * holding no attribute the mover lacks goes the other way. A backbone mover
 * is chosen whenever the backbone share would otherwise fall short; a
 * non-backbone move is made instead only while the quota leaves room to
 * catch up (or in the last pass). What cannot be met is reported as the
 * shortfall with its reason.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "workforce_internal.h"

void jh_wf_move(jh_workforce *w, jh_wf_year *y, int ti, int to, jh_teacher_year *out)
{
    const jh_county *c = w->county;
    jh_workforce_teacher *t = &w->t[ti];
    int from = 2 * t->school + (int)t->level;
    y->present[from] -= 1;
    y->present[to] += 1;
    for (int k = 0; k < JH_WF_NATTR; k++) {
        y->cnt[JH_WF_NATTR * (size_t)from + (size_t)k] -= jh_wf_attr(t, k);
        y->cnt[JH_WF_NATTR * (size_t)to + (size_t)k] += jh_wf_attr(t, k);
    }
    if (!y->moved[ti]) {
        y->moved[ti] = 1;
        out->moved++;
        out->backbone_moved += t->backbone;
        out->level[from % 2].moved_out[c->schools[from / 2].area]++;
        if (w->policy.mode == JH_MODE_TRANSFER) {
            t->home = -1;
            y->est[from] -= 1;
            y->est[to] += 1;
        } else {
            t->home = t->school;
            t->home_level = t->level;
            t->term_left = w->policy.term_years;
        }
    } else {
        /* moved again this year (the optimiser's swaps): only the arrival */
        out->level[from % 2].moved_in[c->schools[from / 2].area]--;
        if (t->home < 0) {
            y->est[from] -= 1;
            y->est[to] += 1;
        }
    }
    out->level[to % 2].moved_in[c->schools[to / 2].area]++;
    t->school = to / 2;
    t->level = (jh_level)(to % 2);
    t->years_at_school = JH_WF_ARRIVES_NEXT_YEAR;
    if (t->home == t->school && t->home_level == t->level) /* swapped back home */
        t->home = -1;
}

/* ------------------------------------------------------------------ */
/* the rule                                                            */

#define NQ 3              /* the quality set's teacher indicators: the first three attributes */
#define FAR 1000000L      /* the distance of a school level its facilities rule out */

typedef struct rule_state {
    jh_workforce *w;
    jh_wf_year *y;
    int *ids;      /* eligible teachers by pair, longest-serving first */
    int *start;    /* per pair: offsets into ids */
    int *all_ids;  /* every teacher by the pair teaching it at the start */
    int *all_start;
    unsigned char *blocked;  /* per pair: 1 no backbone mover, 2 no mover */
    double *trend;           /* per pair: pupils' change a year */
    jh_indicator_input *fac; /* per pair: the level's facilities */
    unsigned char *counted;  /* per pair: in the level's statistics */
    int *order;              /* pass 2's pairs (cmp_neutral) */
    int horizon;             /* years a mover is away (checked at the sender) */
    /* enrolment-weighted CV sums over the counted pairs at next year's
     * pupils: W = sum P, S1 = sum c, S2 = sum c^2 / P */
    double W[JH_NLEVELS], S1[JH_NLEVELS][NQ], S2[JH_NLEVELS][NQ];
    int pass;      /* 0 compliance, 1 spread, 2 neutral exchanges */
} rule_state;

static int kind_of(const jh_workforce_teacher *t)
{
    int v = 0;
    for (int k = 0; k < JH_WF_NATTR; k++)
        v |= jh_wf_attr(t, k) << k;
    return v;
}

static int n_attrs(const jh_workforce_teacher *t)
{
    int n = 0;
    for (int k = 0; k < JH_WF_NATTR; k++)
        n += jh_wf_attr(t, k);
    return n;
}

static double count_of(const rule_state *r, int p, int k)
{
    return r->y->cnt[JH_WF_NATTR * (size_t)p + (size_t)k];
}

/* The pupils of pair p tau years on (0 now), at least 1 while it has any. */
static double pupils_at(const rule_state *r, int p, int tau)
{
    double P = r->y->students[p];
    if (!(P > 0))
        return 0.0;
    double v = P + tau * r->trend[p];
    return v >= 1 ? v : 1;
}

/* as models/indicators.c compares */
static bool at_least(double a, double b)
{
    return a >= b - 1e-9 * fmax(1.0, fabs(b));
}

/* Teachers of one attribute to add to c for 100 c / P to reach thr. */
static double units_to(double c, double P, double thr)
{
    if (!(thr > 0) || !(P > 0))
        return 0.0;
    double u = ceil(thr * P / 100.0 - c - 1e-9);
    if (u < 0)
        u = 0;
    while (u > 0 && at_least(100.0 * (c + u - 1) / P, thr))
        u--;
    while (!at_least(100.0 * (c + u) / P, thr))
        u++;
    return u;
}

/* Distance of pair p to compliance with P pupils and c[] teacher
 * attribute holders: the fewest teachers (one attribute each) it would
 * have to receive to comply; 0 when it complies, FAR when its facilities
 * rule compliance out whatever its teachers. */
static long distance(const rule_state *r, int p, double P, const double c[NQ])
{
    const jh_rules *ru = &r->w->rules;
    int l = p % 2;
    jh_indicator_input in = r->fac[p];
    in.students = P;
    double q[JH_NQUALITY], b[JH_NBASIC];
    if (!jh_indicators_values(&in, q, b))
        return FAR;
    int allowed = JH_NQUALITY - ru->compliance_min_reached;
    for (int j = NQ; j < JH_NQUALITY; j++) {
        double th = ru->quality_min[l][j];
        if (at_least(q[j], th))
            continue;
        if (!at_least(q[j], ru->compliance_floor * th))
            return FAR;
        allowed--;
    }
    if (allowed < 0)
        return FAR;
    double full = 0, save[NQ];
    for (int k = 0; k < NQ; k++) {
        double th = ru->quality_min[l][k];
        double s = units_to(c[k], P, th);
        full += s;
        save[k] = s - units_to(c[k], P, ru->compliance_floor * th);
    }
    /* the `allowed` indicators cheapest to leave at the floor */
    for (int i = 0; i < allowed && i < NQ; i++) {
        int best = i;
        for (int j = i + 1; j < NQ; j++)
            if (save[j] > save[best])
                best = j;
        double t = save[i];
        save[i] = save[best];
        save[best] = t;
        full -= save[i];
    }
    return (long)full;
}

static long distance_now(const rule_state *r, int p, int tau, const double delta[NQ])
{
    double c[NQ];
    for (int k = 0; k < NQ; k++)
        c[k] = count_of(r, p, k) + (delta ? delta[k] : 0.0);
    return distance(r, p, pupils_at(r, p, tau), c);
}

/* Whether sender q may lose out[k] holders of each attribute: for every
 * year the mover is away, a sender that could comply gets no further from
 * it, and one that complies keeps every teacher standard it reaches. */
static bool sender_keeps(const rule_state *r, int q, const double out[NQ])
{
    const jh_rules *ru = &r->w->rules;
    for (int tau = 1; tau <= r->horizon; tau++) {
        double P = pupils_at(r, q, tau);
        if (!(P > 0))
            return true;
        double cb[NQ], ca[NQ];
        for (int k = 0; k < NQ; k++) {
            cb[k] = count_of(r, q, k);
            ca[k] = cb[k] - out[k];
        }
        long db = distance(r, q, P, cb);
        if (db >= FAR)
            continue;
        if (distance(r, q, P, ca) > db)
            return false;
        if (db == 0)
            for (int k = 0; k < NQ; k++) {
                double th = ru->quality_min[q % 2][k];
                if (out[k] > 0 && at_least(100.0 * cb[k] / P, th) &&
                    !at_least(100.0 * ca[k] / P, th))
                    return false;
            }
    }
    return true;
}

/* ---- the CV sums ---- */

static void sums_pair(rule_state *r, int p, double sign)
{
    if (!r->counted[p])
        return;
    double P = pupils_at(r, p, 1);
    if (!(P > 0))
        return;
    for (int k = 0; k < NQ; k++) {
        double c = count_of(r, p, k);
        r->S1[p % 2][k] += sign * c;
        r->S2[p % 2][k] += sign * c * c / P;
    }
}

static double cv_of(double W, double S1, double S2)
{
    if (!(S1 > 0) || !(W > 0))
        return 0.0;
    double v = W * S2 / (S1 * S1) - 1.0;
    return v > 0 ? sqrt(v) : 0.0;
}

/* The relative change of attribute k's CV (summed over the levels
 * touched) when n holders go from pair a to pair b; *worse when any
 * level's CV rises. */
static double cv_change(const rule_state *r, int a, int b, int k, double n, bool *worse)
{
    double S1[JH_NLEVELS], S2[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++) {
        S1[l] = r->S1[l][k];
        S2[l] = r->S2[l][k];
    }
    if (r->counted[a]) {
        double P = pupils_at(r, a, 1), c = count_of(r, a, k);
        S1[a % 2] -= n;
        S2[a % 2] += ((c - n) * (c - n) - c * c) / P;
    }
    if (r->counted[b]) {
        double P = pupils_at(r, b, 1), c = count_of(r, b, k);
        S1[b % 2] += n;
        S2[b % 2] += ((c + n) * (c + n) - c * c) / P;
    }
    double rel = 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        if (l != a % 2 && l != b % 2)
            continue;
        double before = cv_of(r->W[l], r->S1[l][k], r->S2[l][k]);
        double after = cv_of(r->W[l], S1[l], S2[l]);
        if (after > before + 1e-12)
            *worse = true;
        rel += before > 0 ? (after - before) / before : after;
    }
    return rel;
}

/* ---- candidates ---- */

/* Whether teacher ti of pair d may go the other way in an exchange. */
static bool may_partner(const rule_state *r, int d, int ti)
{
    const jh_workforce_teacher *t = &r->w->t[ti];
    return 2 * t->school + (int)t->level == d && t->home < 0 && t->years_at_school >= 0 &&
           !r->y->moved[ti];
}

static bool subset(const jh_workforce_teacher *a, const jh_workforce_teacher *b)
{
    for (int k = 0; k < JH_WF_NATTR; k++)
        if (jh_wf_attr(a, k) && !jh_wf_attr(b, k))
            return false;
    return true;
}

/* An exchange partner at destination d for mover m: a teacher of d at home
 * there, not a new arrival, not moved this year, holding nothing m lacks
 * (in the neutral pass, exactly what m holds); fewest attributes first,
 * then longest-serving. -1 when none. */
static int partner(const rule_state *r, int d, int m)
{
    const jh_workforce *w = r->w;
    const jh_workforce_teacher *mt = &w->t[m];
    int best = -1, best_n = JH_WF_NATTR + 1;
    for (int e = r->all_start[d]; e < r->all_start[d + 1]; e++) {
        int k = r->all_ids[e];
        const jh_workforce_teacher *t = &w->t[k];
        if (!may_partner(r, d, k) || !subset(t, mt) ||
            (r->pass == 2 && kind_of(t) != kind_of(mt)))
            continue;
        int n = n_attrs(t);
        if (best < 0 || n < best_n) { /* ids are longest-serving first */
            best = k;
            best_n = n;
        }
    }
    return best;
}

typedef struct cand {
    int m, pt, q;
    long gain;      /* units of d's distance to compliance closed */
    double cv;      /* relative CV fall (sum over the three indicators) */
} cand;

/* Judges mover m of source q (with partner pt, or -1) for destination d;
 * false when a guard fails. */
static bool judge(const rule_state *r, int q, int d, int m, int pt, cand *c)
{
    const jh_workforce *w = r->w;
    double n[NQ];
    bool any = false;
    for (int k = 0; k < NQ; k++) {
        n[k] = (double)jh_wf_attr(&w->t[m], k) - (pt >= 0 ? (double)jh_wf_attr(&w->t[pt], k) : 0.0);
        any |= n[k] > 0;
    }
    if (!any || !sender_keeps(r, q, n))
        return false;
    bool worse = false;
    double rel = 0;
    for (int k = 0; k < NQ; k++)
        if (n[k] > 0)
            rel += cv_change(r, q, d, k, n[k], &worse);
    if (worse)
        return false;
    long gain = 0;
    if (r->counted[d]) {
        long before = distance_now(r, d, 1, NULL);
        if (before < FAR)
            gain = before - distance_now(r, d, 1, n);
    }
    c->m = m;
    c->pt = pt;
    c->q = q;
    c->gain = gain;
    c->cv = -rel;
    return r->pass == 0 ? gain > 0 : c->cv > 1e-12;
}

static bool better(const cand *a, const cand *b)
{
    if (a->gain != b->gain)
        return a->gain > b->gain;
    return a->cv > b->cv + 1e-12;
}

/* The best move of the pass to destination d (any source of its group and
 * level), or false. */
static bool best_for(const rule_state *r, int d, bool need_bb, cand *best)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    const jh_county *c = w->county;
    int gd = y->group[d / 2];
    bool found = false;
    for (int q = 0; q < (int)y->np; q++) {
        if (q / 2 == d / 2 || y->group[q / 2] != gd || r->start[q] == r->start[q + 1] ||
            (q % 2 != d % 2 && !w->policy.cross_level) ||
            c->schools[q / 2].area > c->schools[d / 2].area)
            continue;
        bool exchange = w->policy.mode == JH_MODE_EXCHANGE || !jh_wf_can_leave(y, q);
        unsigned seen = 0;
        for (int e = r->start[q]; e < r->start[q + 1]; e++) {
            int m = r->ids[e];
            const jh_workforce_teacher *t = &w->t[m];
            unsigned kb = 1u << kind_of(t);
            if (y->moved[m] || (seen & kb) || (need_bb && !t->backbone))
                continue;
            seen |= kb; /* the longest-serving of each kind stands for it */
            int pt = exchange ? partner(r, d, m) : -1;
            if (exchange && pt < 0)
                continue;
            cand cd;
            if (judge(r, q, d, m, pt, &cd) && (!found || better(&cd, best))) {
                *best = cd;
                found = true;
            }
        }
    }
    return found;
}

static void do_move(rule_state *r, int m, int pt, int q, int d, jh_teacher_year *out)
{
    sums_pair(r, q, -1);
    sums_pair(r, d, -1);
    jh_wf_move(r->w, r->y, m, d, out);
    if (pt >= 0)
        jh_wf_move(r->w, r->y, pt, q, out);
    sums_pair(r, q, +1);
    sums_pair(r, d, +1);
}

static bool destination(const rule_state *r, int p)
{
    const jh_wf_year *y = r->y;
    return y->students[p] > 0 && y->group[p / 2] >= 0 &&
           jh_wf_pair_active(&r->w->county->schools[p / 2], (jh_level)(p % 2));
}

/* One move of pass 0 or 1: false when no destination has one. */
static bool one_move(rule_state *r, bool need_bb, jh_teacher_year *out)
{
    const jh_wf_year *y = r->y;
    unsigned char bit = need_bb ? 1 : 2;
    for (;;) {
        int d = -1;
        long dd = 0;
        double sd = 0;
        for (int p = 0; p < (int)y->np; p++) {
            if (!destination(r, p) || (r->blocked[p] & bit))
                continue;
            long dist = 0;
            if (r->pass == 0) {
                if (!r->counted[p])
                    continue;
                dist = distance_now(r, p, 1, NULL);
                if (dist <= 0 || dist >= FAR)
                    continue;
            }
            double s = jh_wf_strength(y, p);
            if (d < 0 || dist < dd || (dist == dd && s < sd - 1e-12)) {
                d = p;
                dd = dist;
                sd = s;
            }
        }
        if (d < 0)
            return false;
        cand c = {0};
        if (best_for(r, d, need_bb, &c)) {
            do_move(r, c.m, c.pt, c.q, d, out);
            return true;
        }
        /* no mover of any kind means none of a backbone teacher */
        r->blocked[d] |= need_bb ? 1 : 3;
    }
}

static bool same_district(const jh_county *c, int a, int b)
{
    const char *x = c->schools[a].district, *y = c->schools[b].district;
    return x && y && strcmp(x, y) == 0;
}

/* Pass 2's order of pairs: rural first, then town, then urban, and within
 * an area type the weakest first, so the exchanges use teachers whom no
 * move that helps would take (teachers go from a pair only to one at
 * least as rural) and leave the strong schools' eligible teachers for the
 * years to come. */
static int cmp_neutral(const void *a, const void *b, void *ctx)
{
    const rule_state *r = ctx;
    int p = *(const int *)a, q = *(const int *)b;
    const jh_county *c = r->w->county;
    if (c->schools[p / 2].area != c->schools[q / 2].area)
        return c->schools[p / 2].area > c->schools[q / 2].area ? -1 : 1;
    double sp = jh_wf_strength(r->y, p), sq = jh_wf_strength(r->y, q);
    if (sp != sq)
        return sp < sq ? -1 : 1;
    return (p > q) - (p < q);
}

/* Pass 2: an exchange of two teachers with the same attributes (backbone
 * ones when need_bb; else first those holding none), same district first.
 * Returns the number of teachers moved (0 or 2). */
static int neutral_exchange(rule_state *r, const int *order, int n_order, bool need_bb,
                            jh_teacher_year *out)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    const jh_county *c = w->county;
    for (int sweep = need_bb ? 1 : 0; sweep < 2; sweep++) {
        for (int oq = 0; oq < n_order; oq++) {
            int q = order[oq];
            if (r->start[q] == r->start[q + 1])
                continue;
            for (int e = r->start[q]; e < r->start[q + 1]; e++) {
                int m = r->ids[e];
                const jh_workforce_teacher *t = &w->t[m];
                if (y->moved[m] || (need_bb && !t->backbone) || (sweep == 0 && kind_of(t) != 0))
                    continue;
                for (int near = 1; near >= 0; near--)
                    for (int od = 0; od < n_order; od++) {
                        int d = order[od];
                        if (d / 2 == q / 2 || y->group[d / 2] != y->group[q / 2] ||
                            (d % 2 != q % 2 && !w->policy.cross_level) ||
                            same_district(c, q / 2, d / 2) != (bool)near)
                            continue;
                        int pt = partner(r, d, m);
                        if (pt < 0)
                            continue;
                        do_move(r, m, pt, q, d, out);
                        return 2;
                    }
            }
        }
    }
    return 0;
}

/* Pupils' change a year per pair: this year's against last year's when
 * known, else the cohorts (the first grade of the level entering, the
 * last leaving). */
static void trends(rule_state *r)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    for (size_t p = 0; p < y->np; p++) {
        r->trend[p] = 0;
        if (!(y->students[p] > 0))
            continue;
        if (w->prev_students && p < w->prev_np && w->prev_students[p] > 0) {
            r->trend[p] = y->students[p] - w->prev_students[p];
            continue;
        }
        const jh_school *s = &w->county->schools[p / 2];
        jh_level l = (jh_level)(p % 2);
        int g0 = jh_level_first_grade(l), g1 = jh_level_end_grade(l) - 1;
        if (s->students[g0] + s->students[g1] > 0)
            r->trend[p] = s->students[g0] - s->students[g1];
    }
}

static int cmp_pair_seniority(const void *a, const void *b, void *ctx)
{
    const jh_workforce_teacher *t = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    int pi = 2 * t[i].school + (int)t[i].level, pj = 2 * t[j].school + (int)t[j].level;
    if (pi != pj)
        return pi < pj ? -1 : 1;
    if (t[i].years_at_school != t[j].years_at_school)
        return t[i].years_at_school > t[j].years_at_school ? -1 : 1;
    return (t[i].uid > t[j].uid) - (t[i].uid < t[j].uid);
}

static void rule_free(rule_state *r)
{
    free(r->ids);
    free(r->start);
    free(r->all_ids);
    free(r->all_start);
    free(r->blocked);
    free(r->trend);
    free(r->fac);
    free(r->counted);
    free(r->order);
}

jh_status jh_wf_rotate_rule(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                            jh_error *err)
{
    rule_state r = {.w = w, .y = y};
    size_t np = y->np;
    const jh_county *c = w->county;
    r.ids = malloc((w->n + 1) * sizeof *r.ids);
    r.start = calloc(np + 2, sizeof *r.start);
    r.all_ids = malloc((w->n + 1) * sizeof *r.all_ids);
    r.all_start = calloc(np + 2, sizeof *r.all_start);
    r.blocked = calloc(np + 1, 1);
    r.trend = calloc(np + 1, sizeof *r.trend);
    r.fac = calloc(np + 1, sizeof *r.fac);
    r.counted = calloc(np + 1, 1);
    r.order = malloc((np + 1) * sizeof *r.order);
    if (!r.ids || !r.start || !r.all_ids || !r.all_start || !r.blocked || !r.trend || !r.fac ||
        !r.counted || !r.order) {
        rule_free(&r);
        return jh_wf_oom(err);
    }
    int n_all = 0;
    for (size_t k = 0; k < w->n; k++)
        if (w->t[k].school >= 0 && (size_t)w->t[k].school < y->ns)
            r.all_ids[n_all++] = (int)k;
    qsort_r(r.all_ids, (size_t)n_all, sizeof *r.all_ids, cmp_pair_seniority, w->t);
    for (int e = 0; e < n_all; e++)
        r.all_start[2 * w->t[r.all_ids[e]].school + (int)w->t[r.all_ids[e]].level + 1]++;
    for (size_t p = 0; p < np; p++)
        r.all_start[p + 1] += r.all_start[p];
    int n = 0;
    for (size_t k = 0; k < w->n; k++)
        if (!y->moved[k] && jh_wf_eligible(w, &w->t[k]) && (size_t)w->t[k].school < y->ns)
            r.ids[n++] = (int)k;
    qsort_r(r.ids, (size_t)n, sizeof *r.ids, cmp_pair_seniority, w->t);
    for (int e = 0; e < n; e++)
        r.start[2 * w->t[r.ids[e]].school + (int)w->t[r.ids[e]].level + 1]++;
    for (size_t p = 0; p < np; p++)
        r.start[p + 1] += r.start[p];

    trends(&r);
    r.horizon = w->policy.term_years > 0 ? w->policy.term_years : 1;
    for (size_t p = 0; p < np; p++) {
        const jh_school *s = &c->schools[p / 2];
        jh_level l = (jh_level)(p % 2);
        if (!(y->students[p] > 0) || !jh_wf_pair_active(s, l))
            continue;
        jh_indicators_split(s, l, &w->rules, &r.fac[p]);
        r.counted[p] = jh_indicators_exclusion(s, l, &w->rules) == JH_COUNTED;
        if (r.counted[p])
            r.W[l] += pupils_at(&r, (int)p, 1);
        sums_pair(&r, (int)p, +1);
    }

    int n_order = -1;
    long bb_total = jh_wf_ceil_share(w->policy.backbone_share, want);
    for (int pass = 0; pass < 3 && out->moved < want; pass++) {
        r.pass = pass;
        memset(r.blocked, 0, np);
        while (out->moved < want) {
            /* a move may turn into an exchange: two movers */
            bool need_bb = out->backbone_moved <
                           jh_wf_ceil_share(w->policy.backbone_share, out->moved + 2);
            bool room = pass == 2 || want - out->moved - 2 >= bb_total - out->backbone_moved;
            if (pass < 2) {
                if (!one_move(&r, need_bb, out) && !(need_bb && room && one_move(&r, false, out)))
                    break;
            } else {
                if (n_order < 0) {
                    n_order = 0;
                    for (int p = 0; p < (int)np; p++)
                        if (destination(&r, p))
                            r.order[n_order++] = p;
                    qsort_r(r.order, (size_t)n_order, sizeof *r.order, cmp_neutral, &r);
                }
                int k = neutral_exchange(&r, r.order, n_order, need_bb, out);
                if (!k && need_bb)
                    k = neutral_exchange(&r, r.order, n_order, false, out);
                if (!k)
                    break;
                out->moved_neutral += k;
            }
        }
    }
    rule_free(&r);
    return JH_OK;
}
