/*
 * workforce_rotation: 交流轮岗 by the rule (see workforce.h).
 *
 * Why this shape: the policy sends teachers from town and strong schools to
 * rural and weak ones (城镇教师到农村支教, exchanges within a school
 * district), and a move that takes a crowded school below its staff, or a
 * village school's only teacher, is not one a bureau would make. So:
 * - A school level's strength is its holding of the four scarce attributes
 *   (backbone, above-degree, PE/art, senior title) per student against the
 *   county's mean for the level (1 = the mean, the mean of the four ratios).
 * - Each move serves the weakest school level that has a source: a school
 *   of the same group (county or district) and level (unless cross_level)
 *   that is stronger than the mean, stronger than the destination, and of
 *   the same or a more urban area type (teachers never go from a village to
 *   the town by rotation). From the strongest such source goes the
 *   longest-serving eligible teacher carrying most of what the destination
 *   lacks, never one whose leaving takes the source below the standard of
 *   an indicator it meets.
 * - A source may lose a teacher only while it stays at or above its
 *   staffing floor. When it cannot (or with mode: exchange), the move is an
 *   exchange: a teacher of the destination with no attribute the mover
 *   lacks goes the other way, so both headcounts stay and the destination
 *   gains. Movers count towards the share of eligible, both sides of an
 *   exchange included, and a backbone mover is chosen whenever the
 *   backbone share would otherwise fall short.
 * - When no pair of schools is above and below the mean, a second pass
 *   allows any source stronger than its destination, and a third makes
 *   even exchanges (two teachers with the same attributes change places,
 *   in any direction: no school gains or loses anything counted), so the
 *   share rules can still be met; what is left is reported as the
 *   shortfall with its reason.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct rule_state {
    jh_workforce *w;
    jh_wf_year *y;
    int *ids;      /* eligible teachers by pair, longest-serving first */
    int *start;    /* per pair: offsets into ids */
    int *all_ids;  /* every teacher by the pair teaching it at the start */
    int *all_start;
    unsigned char *blocked; /* per pair: 1 no backbone source, 2 no source */
    int pass;      /* 0 strong -> weak, 1 stronger -> weaker, 2 even exchanges */
} rule_state;

static int kind_of(const jh_workforce_teacher *t)
{
    int v = 0;
    for (int k = 0; k < JH_WF_NATTR; k++)
        v |= jh_wf_attr(t, k) << k;
    return v;
}

/* Whether teacher t of pair d may go the other way in an exchange. */
static bool may_partner(const rule_state *r, int d, int ti)
{
    const jh_workforce_teacher *t = &r->w->t[ti];
    return 2 * t->school + (int)t->level == d && t->home < 0 && t->years_at_school >= 0 &&
           !r->y->moved[ti];
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

static double per_student(const jh_wf_year *y, int p, int k)
{
    return y->students[p] > 0 ? y->cnt[JH_WF_NATTR * (size_t)p + (size_t)k] / y->students[p] : 0.0;
}

/* What the destination lacks of attribute k (0 when it holds the mean). */
static double need(const jh_wf_year *y, int d, int k)
{
    double ref = y->ref[d % 2][k];
    if (!(ref > 0))
        return 0.0;
    double v = 1.0 - per_student(y, d, k) / ref;
    return v > 0 ? v : 0.0;
}

/* Whether teacher t may leave source q: no indicator q meets falls below
 * its standard (the three quality teacher indicators). */
static bool keeps_standard(const rule_state *r, int q, const jh_workforce_teacher *t)
{
    const jh_wf_year *y = r->y;
    double P = y->students[q];
    if (!(P > 0))
        return true;
    for (int k = 0; k < 3; k++) {
        if (!jh_wf_attr(t, k))
            continue;
        double std = r->w->rules.quality_min[q % 2][k] / 100.0;
        double c = y->cnt[JH_WF_NATTR * (size_t)q + (size_t)k];
        if (c / P >= std * (1 - 1e-9) && (c - 1) / P < std * (1 - 1e-9))
            return false;
    }
    return true;
}

/* The best mover of source q for destination d, or -1. In the even pass
 * (kinds: the attribute sets a partner at d has) only a teacher whose
 * attributes a partner matches. */
static int best_mover(const rule_state *r, int q, int d, bool need_bb, unsigned kinds)
{
    const jh_workforce *w = r->w;
    int best = -1;
    double best_v = -1;
    for (int e = r->start[q]; e < r->start[q + 1]; e++) {
        int ti = r->ids[e];
        const jh_workforce_teacher *t = &w->t[ti];
        if (r->y->moved[ti] || (need_bb && !t->backbone) || !keeps_standard(r, q, t) ||
            (r->pass == 2 && !(kinds & (1u << kind_of(t)))))
            continue;
        double v = 0;
        for (int k = 0; k < JH_WF_NATTR; k++)
            if (jh_wf_attr(t, k) && per_student(r->y, q, k) > r->y->ref[q % 2][k])
                v += need(r->y, d, k);
        if (v > best_v + 1e-12) {
            best_v = v;
            best = ti;
        }
    }
    return best;
}

static bool subset(const jh_workforce_teacher *a, const jh_workforce_teacher *b)
{
    for (int k = 0; k < JH_WF_NATTR; k++)
        if (jh_wf_attr(a, k) && !jh_wf_attr(b, k))
            return false;
    return true;
}

/* An exchange partner at destination d for mover m: a teacher of d at home
 * there, not a new hire, not moved this year, holding nothing m lacks;
 * fewest attributes first, then longest-serving. -1 when none. */
static int partner(const rule_state *r, int d, int m)
{
    const jh_workforce *w = r->w;
    const jh_workforce_teacher *mt = &w->t[m];
    int best = -1, best_n = JH_WF_NATTR + 1;
    for (int e = r->all_start[d]; e < r->all_start[d + 1]; e++) {
        int k = r->all_ids[e];
        const jh_workforce_teacher *t = &w->t[k];
        if (!may_partner(r, d, k) || !subset(t, mt) || (r->pass == 2 && kind_of(t) != kind_of(mt)))
            continue;
        int n = 0;
        for (int a = 0; a < JH_WF_NATTR; a++)
            n += jh_wf_attr(t, a);
        const jh_workforce_teacher *b = best >= 0 ? &w->t[best] : NULL;
        if (!b || n < best_n ||
            (n == best_n && (t->years_at_school > b->years_at_school ||
                             (t->years_at_school == b->years_at_school && t->uid < b->uid)))) {
            best = (int)k;
            best_n = n;
        }
    }
    return best;
}

/* One move towards destination d: returns false when d has no source. */
static bool move_to(rule_state *r, int d, bool need_bb, jh_teacher_year *out)
{
    jh_workforce *w = r->w;
    jh_wf_year *y = r->y;
    const jh_county *c = w->county;
    int gd = y->group[d / 2];
    double sd = jh_wf_strength(y, d);
    unsigned kinds = 0;
    if (r->pass == 2)
        for (int e = r->all_start[d]; e < r->all_start[d + 1]; e++)
            if (may_partner(r, d, r->all_ids[e]))
                kinds |= 1u << kind_of(&w->t[r->all_ids[e]]);
    /* sources by strength, strongest first: a sorted scan per move */
    for (;;) {
        int q_best = -1;
        double s_best = 0;
        for (int q = 0; q < (int)y->np; q++) {
            if (q / 2 == d / 2 || y->group[q / 2] != gd || r->start[q] == r->start[q + 1] ||
                (q % 2 != d % 2 && !w->policy.cross_level) ||
                (r->blocked[q] & 4))
                continue;
            double sq = jh_wf_strength(y, q);
            if (r->pass < 2 && (c->schools[q / 2].area > c->schools[d / 2].area ||
                                !(sq > sd + 1e-12) || (r->pass == 0 && !(sq > 1.0 + 1e-12))))
                continue;
            if (q_best < 0 || sq > s_best + 1e-12) {
                q_best = q;
                s_best = sq;
            }
        }
        if (q_best < 0)
            return false;
        int m = best_mover(r, q_best, d, need_bb, kinds);
        int pt = -1;
        if (m >= 0 && (r->pass == 2 || w->policy.mode == JH_MODE_EXCHANGE ||
                       !jh_wf_can_leave(y, q_best))) {
            pt = partner(r, d, m);
            if (pt < 0)
                m = -1;
        }
        if (m < 0) {
            r->blocked[q_best] |= 4; /* no mover for this destination: next source */
            continue;
        }
        jh_wf_move(w, y, m, d, out);
        if (pt >= 0)
            jh_wf_move(w, y, pt, q_best, out);
        return true;
    }
}

/* The move for the weakest destination that has a source; false when no
 * destination has one. */
static bool one_move(rule_state *r, bool need_bb, jh_teacher_year *out)
{
    const jh_wf_year *y = r->y;
    unsigned char bit = need_bb ? 1 : 2;
    for (;;) {
        int d = -1;
        double sd = 0;
        for (int p = 0; p < (int)y->np; p++) {
            if (!(y->students[p] > 0) || y->group[p / 2] < 0 || (r->blocked[p] & bit) ||
                !jh_wf_pair_active(&r->w->county->schools[p / 2], (jh_level)(p % 2)))
                continue;
            double s = jh_wf_strength(y, p);
            if (r->pass == 0 && !(s < 1.0 - 1e-12))
                continue;
            if (d < 0 || s < sd - 1e-12) {
                d = p;
                sd = s;
            }
        }
        if (d < 0)
            return false;
        for (size_t q = 0; q < y->np; q++)
            r->blocked[q] &= (unsigned char)~4;
        if (move_to(r, d, need_bb, out))
            return true;
        /* no source of any teacher means none of a backbone teacher */
        r->blocked[d] |= need_bb ? 1 : 3;
    }
}

jh_status jh_wf_rotate_rule(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                            jh_error *err)
{
    rule_state r = {.w = w, .y = y};
    size_t np = y->np;
    r.ids = malloc((w->n + 1) * sizeof *r.ids);
    r.start = calloc(np + 2, sizeof *r.start);
    r.all_ids = malloc((w->n + 1) * sizeof *r.all_ids);
    r.all_start = calloc(np + 2, sizeof *r.all_start);
    r.blocked = calloc(np + 1, 1);
    if (!r.ids || !r.start || !r.all_ids || !r.all_start || !r.blocked) {
        free(r.ids);
        free(r.start);
        free(r.all_ids);
        free(r.all_start);
        free(r.blocked);
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
    int step = 2; /* a move may turn into an exchange */
    for (int pass = 0; pass < 3 && out->moved < want; pass++) {
        r.pass = pass;
        memset(r.blocked, 0, np);
        while (out->moved < want) {
            bool need_bb = out->backbone_moved <
                           jh_wf_ceil_share(w->policy.backbone_share, out->moved + step);
            /* with no backbone mover left, the others still count */
            if (!one_move(&r, need_bb, out) && !(need_bb && one_move(&r, false, out)))
                break;
        }
    }
    free(r.ids);
    free(r.start);
    free(r.all_ids);
    free(r.all_start);
    free(r.blocked);
    return JH_OK;
}
