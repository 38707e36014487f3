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
 * mover lacks), so it can only gain. Teachers who would reach retirement
 * age during the term neither move nor are partners (stays_term: a
 * secondee retiring at the host left it short and its replacement was
 * hired at home, so even a neutral exchange moved attributes). First come
 * the renewals: a secondee home this year goes back to its host for
 * another term when the host would fall back without it (with mode:
 * secondment and method: rule). Then passes, each until the year's quota:
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
 *      and are reported (moved_neutral); urban and strong schools first
 *      (cmp_neutral). Teachers under min_years go first
 *      (young_exchange), then those holding nothing counted, then holders
 *      of attributes their schools hold at or below the county mean
 *      (spare), any others last: an exchanged teacher is away for the
 *      term and not eligible meanwhile, so filling a
 *      larger quota with the strong schools' eligible teachers left fewer
 *      of them for the moves that help in later years.
 * More rotation is not guaranteed by this rule to do at least as well as
 * less: it is greedy year by year, and a larger quota changes which
 * teachers are away, at home or eligible in the years after (measured with
 * tools/check_rotation.sh on six counties, 20%-vs-10% figures failing: 28
 * before the renewals, stays_term and cmp_neutral's order, 19 with them).
 * The guarantee is built around it instead (engine/sim/rotation_plan.h):
 * a share above rotation_share_min also runs at the minimum, and when this
 * rule's plan at the larger share does worse on a watched figure, the
 * minimum's moves are replayed and the share filled by like-for-like
 * exchanges (workforce_replay.h), which leave every school's figures
 * those of the minimum; 0 of those figures fail on the six counties.
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
#include "workforce_rotation_internal.h"

/* ------------------------------------------------------------------ */
/* the rule                                                            */

static int n_attrs(unsigned kind)
{
    int n = 0;
    for (; kind; kind >>= 1)
        n += kind & 1;
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

/* as models/indicators.c compares (fmax(1, |b|) written out: the same for
 * every b, NaN too, without a call into libm for each of units_to's steps) */
static bool at_least(double a, double b)
{
    double m = fabs(b);
    return a >= b - 1e-9 * (m > 1.0 ? m : 1.0);
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

/* The facilities' part of pair p's distance to compliance tau years on
 * (slack, above): how many standards may still stay below the threshold
 * (at the floor) given the non-teacher ones; -1 when those rule
 * compliance out. It depends on the pupils only, so it is computed once. */
static int slack_of(const rule_state *r, int p, int tau)
{
    const jh_rules *ru = &r->w->rules;
    int l = p % 2;
    jh_indicator_input in = r->fac[p];
    in.students = pupils_at(r, p, tau);
    double q[JH_NQUALITY], b[JH_NBASIC];
    if (!jh_indicators_values(&in, q, b))
        return -1;
    int allowed = JH_NQUALITY - ru->compliance_min_reached;
    for (int j = NQ; j < JH_NQUALITY; j++) {
        double th = ru->quality_min[l][j];
        if (at_least(q[j], th))
            continue;
        if (!at_least(q[j], ru->compliance_floor * th))
            return -1;
        allowed--;
    }
    return allowed < 0 ? -1 : allowed;
}

/* Distance of pair p to compliance tau years on (P = pupils_at(p, tau))
 * with c[] teacher attribute holders: the fewest teachers (one attribute
 * each) it would have to receive to comply; 0 when it complies, FAR when
 * its facilities rule compliance out whatever its teachers. */
static long distance(const rule_state *r, int p, int tau, double P, const double c[NQ])
{
    const jh_rules *ru = &r->w->rules;
    int l = p % 2;
    int allowed = r->slack[(size_t)p * (size_t)(r->horizon + 1) + (size_t)tau];
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

long rot_distance_now(const rule_state *r, int p, int tau, const double delta[NQ])
{
    double c[NQ];
    for (int k = 0; k < NQ; k++)
        c[k] = count_of(r, p, k) + (delta ? delta[k] : 0.0);
    return distance(r, p, tau, pupils_at(r, p, tau), c);
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
        long db = distance(r, q, tau, P, cb);
        if (db >= FAR)
            continue;
        if (distance(r, q, tau, P, ca) > db)
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
    return rot_cv_sq(W, S1 * S1, S2);
}

static void cvs_now(rule_state *r)
{
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int k = 0; k < NQ; k++)
            r->cv0[l][k] = cv_of(r->W[l], r->S1[l][k], r->S2[l][k]);
}

/* The relative change of attribute k's CV (summed over the levels
 * touched) when one holder goes from pair a to pair b (both fresh: their
 * dq_out and dq_in); *worse when any level's CV rises. */
double rot_cv_change(const rule_state *r, int a, int b, int k, bool *worse)
{
    return rot_cv_change_dq(r, a % 2, r->counted[a], r->dq_out[NQ * (size_t)a + (size_t)k], b, k,
                            worse);
}

/* rot_cv_change for a sender of level la, counted or not, whose leaving
 * holder changes its level's sum by dq_a: non-decreasing in dq_a, in
 * floating point too (rotation_search.c bounds with it). */
double rot_cv_change_dq(const rule_state *r, int la, bool counted_a, double dq_a, int b, int k,
                        bool *worse)
{
    rot_cv_from c;
    rot_cv_from_set(r, la, counted_a, b, k, &c);
    return rot_cv_from_eval(&c, dq_a, worse);
}

/* Each level touched: its sums with a's change, then b's (in that order,
 * as the bound and the judge have always added them); what does not
 * depend on dq_a worked out here, the rest by rot_cv_from_eval. */
void rot_cv_from_set(const rule_state *r, int la, bool counted_a, int b, int k, rot_cv_from *c)
{
    int lb = b % 2;
    bool counted_b = r->counted[b];
    double dq_in = r->dq_in[NQ * (size_t)b + (size_t)k];
    double S1 = r->S1[la][k];
    if (counted_a)
        S1 -= 1.0;
    c->take = counted_a;
    c->add_in = counted_b && lb == la;
    if (c->add_in)
        S1 += 1.0;
    c->W = r->W[la];
    c->ok = S1 > 0 && c->W > 0;
    c->S1sq = S1 * S1;
    c->S2 = r->S2[la][k];
    c->dq_in = dq_in;
    c->before = r->cv0[la][k];
    c->other = 0;
    c->worse_other = false;
    if (lb != la) {
        double S1b = r->S1[lb][k], S2b = r->S2[lb][k];
        if (counted_b) {
            S1b += 1.0;
            S2b += dq_in;
        }
        double before = r->cv0[lb][k], after = cv_of(r->W[lb], S1b, S2b);
        c->worse_other = rot_cv_rises(before, after);
        c->other = rot_cv_rel(before, after);
    }
}

/* What one holder of attribute k leaving pair p changes in its level's sum
 * S2 (0 when p is not counted), at p's counts as they stand. */
double rot_dq_out(const rule_state *r, int p, int k)
{
    double P = pupils_at(r, p, 1), c = count_of(r, p, k);
    return r->counted[p] ? ((c - 1.0) * (c - 1.0) - c * c) / P : 0.0;
}

/* ---- what a move changes ---- */

/* The state kept per pair (rule_state) brought up to date: pair p's
 * distance, strength and movers are computed again only after a move
 * touched it. */
void rot_refresh(rule_state *r, int p)
{
    if (r->fresh[p])
        return;
    r->fresh[p] = 1;
    r->dist[p] = rot_distance_now(r, p, 1, NULL);
    r->strength[p] = jh_wf_strength(r->y, p);
    for (int k = 0; k < NQ; k++) {
        double P = pupils_at(r, p, 1), c = count_of(r, p, k);
        size_t i = NQ * (size_t)p + (size_t)k;
        r->dq_out[i] = rot_dq_out(r, p, k);
        r->dq_in[i] = r->counted[p] ? ((c + 1.0) * (c + 1.0) - c * c) / P : 0.0;
    }
    /* the longest-serving unmoved teacher of each kind stands for it */
    unsigned seen = 0;
    int n = 0;
    for (int e = r->start[p]; e < r->start[p + 1]; e++) {
        int m = r->ids[e];
        unsigned kb = 1u << r->kind[m];
        if (r->y->moved[m] || (seen & kb))
            continue;
        seen |= kb;
        r->rep_kind[NKINDS * (size_t)p + (size_t)n] = r->kind[m];
        r->reps[NKINDS * (size_t)p + (size_t)n++] = m;
    }
    r->n_reps[p] = (unsigned char)n;
    /* a second mover taking the same from p is judged the same: never rot_better() */
    seen = 1u; /* out 0: nothing counted, never a move */
    n = 0;
    for (int e = 0; e < r->n_reps[p]; e++) {
        int m = r->reps[NKINDS * (size_t)p + (size_t)e];
        unsigned ob = 1u << (r->kind[m] & (NOUT - 1));
        if (seen & ob)
            continue;
        seen |= ob;
        r->offer_kind[NOUT * (size_t)p + (size_t)n] = r->kind[m];
        r->offers[NOUT * (size_t)p + (size_t)n++] = m;
    }
    r->n_offers[p] = (unsigned char)n;
    r->leave[p] = jh_wf_can_leave(r->y, p);
}

static void pair_touched(rule_state *r, int p)
{
    r->fresh[p] = 0;
    memset(&r->keeps[NOUT * (size_t)p], 0, NOUT);
    rot_index_touched(r, p);
    rot_dest_touched(r, p);
    rot_exch_touched(r, p);
}

/* sender_keeps for a sender losing one holder of each attribute in `out`
 * (a bit set), remembered until a move touches q. */
bool rot_keeps(rule_state *r, int q, unsigned out)
{
    unsigned char *v = &r->keeps[NOUT * (size_t)q + out];
    if (!*v) {
        double n[NQ];
        for (int k = 0; k < NQ; k++)
            n[k] = (out >> k) & 1 ? 1.0 : 0.0;
        *v = sender_keeps(r, q, n) ? 1 : 2;
    }
    return *v == 1;
}

/* ---- candidates ---- */

/* An exchange partner at destination d for mover m: a teacher of d at home
 * there, not a new arrival, not moved this year, holding nothing m lacks
 * (in the neutral pass, exactly what m holds); fewest attributes first,
 * then longest-serving. -1 when none. The first unmoved teacher of each
 * kind that m covers is a candidate, the rest of a kind never beat it. */
int rot_partner(rule_state *r, int d, int m)
{
    return rot_partner_kind(r, d, r->kind[m]);
}

/* rot_partner for a mover of kind mk (the partner depends on nothing else) */
int rot_partner_kind(rule_state *r, int d, unsigned mk)
{
    int best = -1, best_n = JH_WF_NATTR + 1;
    for (unsigned a = 0; a < NKINDS; a++) {
        if (r->pass == 2 ? a != mk : (a & ~mk) != 0)
            continue;
        int *h = &r->part_head[NKINDS * (size_t)d + a];
        int end = r->part_start[(NKINDS + 1) * (size_t)d + a + 1];
        while (*h < end && r->y->moved[r->all_ids[r->part[*h]]])
            (*h)++;
        if (*h == end)
            continue;
        int e = r->part[*h], n = n_attrs(a);
        if (best < 0 || n < best_n || (n == best_n && e < best)) { /* all_ids: longest-serving first */
            best = e;
            best_n = n;
        }
    }
    return best < 0 ? -1 : r->all_ids[best];
}

/* rot_partner_kind in passes 0 and 1 for every kind mk at once (pt[mk]):
 * each kind's first unmoved partner found once, then each mk's best over
 * the kinds it covers. Why: the search asked for every kind in turn, each
 * walking the heads of all the kinds it covers (81 walks a destination
 * where 16 do); the scan (jh_rot_search 0) still asks kind by kind, and
 * tests hold the search to it. */
void rot_partners(rule_state *r, int d, int pt[NKINDS])
{
    int head[NKINDS];
    for (unsigned a = 0; a < NKINDS; a++) {
        int *h = &r->part_head[NKINDS * (size_t)d + a];
        int end = r->part_start[(NKINDS + 1) * (size_t)d + a + 1];
        while (*h < end && r->y->moved[r->all_ids[r->part[*h]]])
            (*h)++;
        head[a] = *h == end ? -1 : r->part[*h];
    }
    for (unsigned mk = 0; mk < NKINDS; mk++) {
        int best = -1, best_n = JH_WF_NATTR + 1;
        for (unsigned a = 0; a < NKINDS; a++) {
            if ((a & ~mk) != 0 || head[a] < 0)
                continue;
            int e = head[a], n = n_attrs(a);
            if (best < 0 || n < best_n || (n == best_n && e < best)) {
                best = e;
                best_n = n;
            }
        }
        pt[mk] = best < 0 ? -1 : r->all_ids[best];
    }
}

/* The CV test of mover m of source q (with partner pt, or -1) for
 * destination d, the move taking `out` (NOUT bits) from q and closing `gain`
 * of d's distance, once the cheaper guards passed (best_for): false when a
 * CV rises (*worse) or, in the spread pass, none falls. */
bool rot_judge(const rule_state *r, int q, int d, int m, int pt, unsigned out, long gain,
                  cand *c, bool *worse)
{
    double rel = 0;
    *worse = false;
    for (int k = 0; k < NQ; k++)
        if ((out >> k) & 1)
            rel += rot_cv_change(r, q, d, k, worse);
    c->m = m;
    c->pt = pt;
    c->q = q;
    c->gain = gain;
    c->cv = -rel;
    return !*worse && (r->pass == 0 || c->cv > 1e-12);
}

bool rot_better(const cand *a, const cand *b)
{
    if (a->gain != b->gain)
        return a->gain > b->gain;
    return a->cv > b->cv + 1e-12;
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
    cvs_now(r);
    pair_touched(r, q);
    pair_touched(r, d);
}

static bool destination(const rule_state *r, int p)
{
    const jh_wf_year *y = r->y;
    return y->students[p] > 0 && y->group[p / 2] >= 0 &&
           jh_wf_pair_active(&r->w->county->schools[p / 2], (jh_level)(p % 2));
}

/* The destination of the next move in pass 0 or 1: the walk through all
 * destinations (rot_dest_pick gives the same, faster); -1 when none. */
int rot_walk_pick(rule_state *r, bool need_bb)
{
    unsigned char bit = need_bb ? 1 : 2;
    int d = -1;
    long dd = 0;
    double sd = 0;
    for (int i = 0; i < r->n_dests; i++) {
        int p = r->dests[i];
        if (r->blocked[p] & bit)
            continue;
        rot_refresh(r, p);
        long dist = 0;
        if (r->pass == 0) {
            if (!r->counted[p])
                continue;
            dist = r->dist[p];
            if (dist <= 0 || dist >= FAR)
                continue;
        }
        double s = r->strength[p];
        if (d < 0 || dist < dd || (dist == dd && s < sd - 1e-12)) {
            d = p;
            dd = dist;
            sd = s;
        }
    }
    return d;
}

/* One move of pass 0 or 1: false when no destination has one. */
static bool one_move(rule_state *r, bool need_bb, jh_teacher_year *out)
{
    for (;;) {
        int d = r->dx && jh_rot_search ? rot_dest_pick(r, need_bb) : rot_walk_pick(r, need_bb);
        if (d < 0)
            return false;
        cand c = {0};
        if (rot_best_for(r, d, need_bb, &c)) {
            do_move(r, c.m, c.pt, c.q, d, out);
            return true;
        }
        /* no mover of any kind means none of a backbone teacher */
        r->blocked[d] |= need_bb ? 1 : 3;
        rot_dest_blocked(r, d);
    }
}

static int cmp_district(const void *a, const void *b, void *ctx)
{
    const jh_county *c = ctx;
    return strcmp(c->schools[*(const int *)a].district, c->schools[*(const int *)b].district);
}

/* Per school: a number per district name, -1 without one, so that pass 2
 * compares numbers; false when out of memory. */
static bool district_numbers(rule_state *r)
{
    const jh_county *c = r->w->county;
    size_t ns = r->y->ns;
    int *idx = malloc((ns + 1) * sizeof *idx);
    r->district = malloc((ns + 1) * sizeof *r->district);
    if (!idx || !r->district) {
        free(idx);
        return false;
    }
    int n = 0;
    for (size_t i = 0; i < ns; i++) {
        r->district[i] = -1;
        if (c->schools[i].district)
            idx[n++] = (int)i;
    }
    qsort_r(idx, (size_t)n, sizeof *idx, cmp_district, (void *)c);
    for (int k = 0, id = -1; k < n; k++) {
        if (k == 0 || strcmp(c->schools[idx[k - 1]].district, c->schools[idx[k]].district) != 0)
            id++;
        r->district[idx[k]] = id;
    }
    free(idx);
    return true;
}

static bool same_district(const rule_state *r, int a, int b)
{
    return r->district[a] >= 0 && r->district[a] == r->district[b];
}

/* Pass 2's order of pairs: urban first, then town, then rural, and within
 * an area type the strongest first (ties: the later pair first). Why not
 * the reverse (the order until issue 10's "20% >= 10%" work): the weak,
 * rural schools are the destinations of the moves that help, and a source
 * at its staffing floor sends only with an exchange partner, a teacher at
 * home at the destination holding nothing the mover lacks; exchanges that
 * began at the weakest schools took those partners away for the term, so a
 * larger quota left fewer moves that help in the years after (measured
 * with tools/check_rotation.sh on six counties: 28 of the 20%-vs-10%
 * figures failing against 19 with this order, renewals and stays_term;
 * without the renewals this order alone measured 25). */
static int cmp_neutral(const void *a, const void *b, void *ctx)
{
    const rule_state *r = ctx;
    int p = *(const int *)b, q = *(const int *)a; /* the reverse of weakest-first */
    const jh_county *c = r->w->county;
    if (c->schools[p / 2].area != c->schools[q / 2].area)
        return c->schools[p / 2].area > c->schools[q / 2].area ? -1 : 1;
    double sp = jh_wf_strength(r->y, p), sq = jh_wf_strength(r->y, q);
    if (sp != sq)
        return sp < sq ? -1 : 1;
    return (p > q) - (p < q);
}

/* The shortest-serving teacher of kind a at pair p who could be an
 * exchange partner and has served under min_years (not eligible), or -1.
 * Teachers only leave the lists during the rule, so the tail only moves
 * back. */
int rot_young_of(rule_state *r, int p, unsigned a)
{
    int *t = &r->young_tail[NKINDS * (size_t)p + a];
    int first = r->part_start[(NKINDS + 1) * (size_t)p + a];
    while (*t >= first && r->y->moved[r->all_ids[r->part[*t]]])
        (*t)--;
    if (*t < first)
        return -1;
    int id = r->all_ids[r->part[*t]];
    return r->w->t[id].years_at_school < r->w->policy.min_years ? id : -1;
}

/* Whether holders of `kind`'s counted attributes are no asset to pair p:
 * p holds each of them at or below the county level's mean per pupil, so
 * p is no source of the rule's moves for them (a move goes from more to
 * less); such teachers fill the quota without spending the strong
 * schools' eligible teachers, who are away for the term and then wait
 * min_years before they are eligible again. */
bool rot_spare(const rule_state *r, int p, unsigned kind)
{
    const jh_wf_year *y = r->y;
    double P = y->students[p];
    for (int k = 0; k < NQ; k++)
        if (((kind >> k) & 1) &&
            (!(P > 0) || y->cnt[JH_WF_NATTR * (size_t)p + (size_t)k] / P > y->ref[p % 2][k]))
            return false;
    return true;
}

/* The destination of an exchange for mover m (kind a) of q in pass 2: the
 * first pair in `order` of q's group and level (same district first) with
 * a partner of kind a (the shortest-serving under min_years when young,
 * else rot_partner()), and with spare_at set, where holders of `spare_at` are
 * spare. *pt gets the partner; *any whether a partner was met at all. */
static int exchange_to(rule_state *r, const int *order, int n_order, int q, int m, bool young,
                       unsigned spare_at, int *pt, bool *any)
{
    if (jh_rot_search && r->ex)
        return rot_exch_to(r, q, m, young, spare_at, pt, any);
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    for (int near = 1; near >= 0; near--)
        for (int od = 0; od < n_order; od++) {
            int d = order[od];
            if (d / 2 == q / 2 || y->group[d / 2] != y->group[q / 2] ||
                (d % 2 != q % 2 && !w->policy.cross_level) ||
                same_district(r, q / 2, d / 2) != (bool)near)
                continue;
            *pt = young ? rot_young_of(r, d, r->kind[m]) : rot_partner(r, d, m);
            if (*pt < 0)
                continue;
            *any = true;
            if (spare_at && !rot_spare(r, d, spare_at))
                continue;
            return d;
        }
    return -1;
}

/* Pass 2 first: the quota filled with teachers who are not yet eligible
 * (青年教师交流): two teachers of the same attributes, each under min_years
 * at their school, change places (teachers holding nothing counted first,
 * backbone ones when need_bb; same district first). No school gains or
 * loses anything counted, and the teachers who have served min_years stay
 * for the moves that help weaker schools in the years to come: an exchange
 * of eligible teachers would keep them away for the term and then min_years
 * more, so a larger quota would leave fewer of them for later (20% rotation
 * ending below 10%). Returns the number of teachers moved (0 or 2). */
static void pass2_moved(rule_state *r, int m, int pt, int q, int d, jh_teacher_year *out)
{
    do_move(r, m, pt, q, d, out);
    int at = r->order_pos[q] < r->order_pos[d] ? r->order_pos[q] : r->order_pos[d];
    for (int b = 0; b < 2; b++)
        for (int s = 0; s < 2; s++)
            if (r->young_cur[b][s] > at)
                r->young_cur[b][s] = at;
}

/* Why the cursor (young_cur): each call started over from the first pair,
 * walking every pair before the last move's source again, so pass 2 grew
 * with the county's square. Whether (q, a) gives a move depends on q's
 * roster (young_of: its teachers moved only in a move touching q) and on
 * no_young[q] (only set), so a place the walk passed stays passed until a
 * move touches its pair. */
static int young_exchange(rule_state *r, const int *order, int n_order, bool need_bb,
                          jh_teacher_year *out)
{
    for (int sweep = need_bb ? 1 : 0; sweep < 2; sweep++) {
        int *cur = &r->young_cur[need_bb][sweep];
        /* jh_rot_search 0: the walk from the first pair (tests hold the cursor to it) */
        bool skip = jh_rot_search && r->ex;
        for (int oq = jh_rot_search ? *cur : 0; oq < n_order; oq++) {
            if (skip && (oq = rot_exch_young_next(r, need_bb, sweep, oq)) >= n_order)
                break;
            *cur = oq;
            int q = order[oq];
            for (unsigned a = 0; a < NKINDS; a++) {
                if ((need_bb && !(a & (1u << JH_WF_BACKBONE))) ||
                    (sweep == 0) != ((a & (NOUT - 1)) == 0) || ((r->no_young[q] >> a) & 1))
                    continue;
                int m = rot_young_of(r, q, a);
                if (m < 0)
                    continue;
                int pt;
                bool any = false;
                int d = exchange_to(r, order, n_order, q, m, true, 0, &pt, &any);
                if (d >= 0) {
                    pass2_moved(r, m, pt, q, d, out);
                    return 2;
                }
                r->no_young[q] |= (unsigned short)(1u << a);
            }
            if (skip)
                rot_exch_young_tried(r, q);
        }
        *cur = n_order;
    }
    return 0;
}

/* Pass 2: an exchange of two teachers with the same attributes (backbone
 * ones when need_bb; else first those holding none), same district first.
 * Returns the number of teachers moved (0 or 2).
 * Why the memo: each call starts over from the first pair. Whether a
 * teacher of kind a at q finds a partner depends on q and a alone (the
 * neutral pass's partner has the mover's kind), and partners only go, so a
 * kind that found none at q never will (no_partner[q], a bit a kind). As
 * all teachers of a kind at q fare alike, the first unmoved one of each
 * kind (refresh's reps, in the order the kinds first appear on the roster)
 * stands for them in the order a walk through the roster tries them. */
static int neutral_exchange(rule_state *r, const int *order, int n_order, bool need_bb,
                            jh_teacher_year *out)
{
    /* sweeps: 0 teachers holding nothing counted, 1 holders spare at both
     * ends, 2 any */
    for (int sweep = need_bb ? 1 : 0; sweep < 3; sweep++) {
        for (int oq = 0; oq < n_order; oq++) {
            int q = order[oq];
            if (r->start[q] == r->start[q + 1])
                continue;
            rot_refresh(r, q);
            for (int e = 0; e < r->n_reps[q]; e++) {
                int m = r->reps[NKINDS * (size_t)q + (size_t)e];
                unsigned a = r->kind[m], counted = a & (NOUT - 1);
                if ((need_bb && !(a & (1u << JH_WF_BACKBONE))) || (sweep == 0 && counted != 0) ||
                    (sweep == 1 && (counted == 0 || !rot_spare(r, q, counted))) ||
                    (r->no_partner[q] >> a) & 1)
                    continue;
                int pt;
                bool any = false;
                int d = exchange_to(r, order, n_order, q, m, false, sweep == 1 ? counted : 0, &pt,
                                    &any);
                if (d >= 0) {
                    pass2_moved(r, m, pt, q, d, out);
                    return 2;
                }
                if (!any)
                    r->no_partner[q] |= (unsigned short)(1u << a);
            }
        }
    }
    return 0;
}

/* Renewals, before the passes: a secondee who came home this year goes
 * back to the host for another term when the host would otherwise fall
 * back (its distance to compliance closes, or a teacher indicator's CV
 * falls with none rising) and the home may still spare the teacher
 * (staffing floor, sender_keeps), within the quota and leaving room for
 * the backbone share. Why: without them a term's cohort came home all at
 * once and its hosts were refilled from other sources, so a larger quota,
 * which placed a larger cohort, ended some years below a smaller one. */
static void renewals(rule_state *r, long want, long bb_total, jh_teacher_year *out)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    const jh_county *c = w->county;
    for (size_t p = 0; p < y->np; p++)
        for (int e = r->start[p]; e < r->start[p + 1] && out->moved < want; e++) {
            int m = r->ids[e], q = (int)p, d = w->t[m].renew_to - 1;
            unsigned mk = r->kind[m], o = mk & (NOUT - 1);
            if (d < 0 || (size_t)d >= y->np || y->moved[m] || !o || d / 2 == q / 2 ||
                !destination(r, d) || y->group[d / 2] != y->group[q / 2] ||
                c->schools[d / 2].area < c->schools[q / 2].area ||
                (d % 2 != q % 2 && !w->policy.cross_level))
                continue;
            if (!(mk & (1u << JH_WF_BACKBONE)) &&
                want - out->moved - 1 < bb_total - out->backbone_moved)
                continue;
            rot_refresh(r, q);
            rot_refresh(r, d);
            if (!r->leave[q] || !rot_keeps(r, q, o))
                continue;
            long gain = 0;
            if (r->counted[d] && r->dist[d] < FAR) {
                double n[NQ];
                for (int k = 0; k < NQ; k++)
                    n[k] = (o >> k) & 1 ? 1.0 : 0.0;
                gain = r->dist[d] - rot_distance_now(r, d, 1, n);
            }
            cand cd;
            bool worse;
            r->pass = gain > 0 ? 0 : 1;
            if (rot_judge(r, q, d, m, -1, o, gain, &cd, &worse))
                do_move(r, m, -1, q, d, out);
        }
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

/* Within a pair's roster: who has rotated least first, then the
 * longest-serving, then by uid */
static int cmp_seniority(const void *a, const void *b, void *ctx)
{
    const jh_workforce_teacher *t = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (t[i].rotations != t[j].rotations) /* who has rotated least goes first */
        return t[i].rotations < t[j].rotations ? -1 : 1;
    if (t[i].years_at_school != t[j].years_at_school)
        return t[i].years_at_school > t[j].years_at_school ? -1 : 1;
    return (t[i].uid > t[j].uid) - (t[i].uid < t[j].uid);
}

/* Whether teacher t teaches the whole term away before retiring (an age of
 * 0 is unknown: never retires). */
static bool stays_term(const jh_workforce *w, const jh_workforce_teacher *t)
{
    return w->rules.retirement_age <= 0 || t->age <= 0 ||
           t->age + w->policy.term_years < w->rules.retirement_age;
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
    free(r->kind);
    free(r->slack);
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int a = 0; a <= JH_RURAL; a++)
            free(r->from[l][a]);
    free(r->offers);
    free(r->n_offers);
    free(r->leave);
    free(r->no_partner);
    free(r->district);
    free(r->dests);
    free(r->fresh);
    free(r->dist);
    free(r->strength);
    free(r->dq_out);
    free(r->dq_in);
    free(r->reps);
    free(r->rep_kind);
    free(r->offer_kind);
    free(r->n_reps);
    free(r->keeps);
    free(r->part);
    free(r->part_start);
    free(r->part_head);
    free(r->young_tail);
    free(r->no_young);
    free(r->order_pos);
    rot_index_free(r);
    rot_dest_free(r);
    rot_exch_free(r);
}

/* The caches of rule_state, once the pairs' pupils, facilities and
 * rosters are set; false when out of memory. */
static bool rule_caches(rule_state *r)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    size_t np = y->np, nt = (size_t)(r->horizon + 1);
    r->kind = malloc(w->n + 1);
    r->slack = malloc((np * nt + 1) * sizeof *r->slack);
    bool ok = true;
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int a = 0; a <= JH_RURAL; a++)
            ok &= (r->from[l][a] = malloc((np + 1) * sizeof *r->from[l][a])) != NULL;
    r->offers = malloc((NOUT * np + 1) * sizeof *r->offers);
    r->n_offers = calloc(np + 1, 1);
    r->leave = calloc(np + 1, 1);
    r->no_partner = calloc(np + 1, sizeof *r->no_partner);
    r->dests = malloc((np + 1) * sizeof *r->dests);
    r->fresh = calloc(np + 1, 1);
    r->dist = calloc(np + 1, sizeof *r->dist);
    r->strength = calloc(np + 1, sizeof *r->strength);
    r->dq_out = calloc(NQ * np + 1, sizeof *r->dq_out);
    r->dq_in = calloc(NQ * np + 1, sizeof *r->dq_in);
    r->reps = malloc((NKINDS * np + 1) * sizeof *r->reps);
    r->n_reps = calloc(np + 1, 1);
    r->rep_kind = malloc(NKINDS * np + 1);
    r->offer_kind = malloc(NOUT * np + 1);
    r->keeps = calloc(NOUT * np + 1, 1);
    r->part = malloc((w->n + 1) * sizeof *r->part);
    r->part_start = malloc(((NKINDS + 1) * np + 1) * sizeof *r->part_start);
    r->part_head = malloc((NKINDS * np + 1) * sizeof *r->part_head);
    r->young_tail = malloc((NKINDS * np + 1) * sizeof *r->young_tail);
    r->no_young = calloc(np + 1, sizeof *r->no_young);
    if (!ok || !r->kind || !r->slack || !r->offers || !r->n_offers || !r->leave ||
        !r->no_partner || !r->dests || !r->fresh || !r->dist || !r->strength || !r->dq_out ||
        !r->dq_in || !r->reps || !r->n_reps || !r->rep_kind || !r->offer_kind || !r->keeps || !r->part || !r->part_start ||
        !r->part_head || !r->young_tail || !r->no_young || !district_numbers(r))
        return false;
    for (size_t k = 0; k < w->n; k++)
        r->kind[k] = (unsigned char)jh_wf_kind(&w->t[k]);
    for (size_t p = 0; p < np; p++)
        for (int tau = 0; tau <= r->horizon; tau++)
            r->slack[p * nt + (size_t)tau] = slack_of(r, (int)p, tau);
    r->n_dests = 0;
    memset(r->n_from, 0, sizeof r->n_from);
    for (int p = 0; p < (int)np; p++) {
        if (destination(r, p))
            r->dests[r->n_dests++] = p;
        if (r->start[p] == r->start[p + 1])
            continue;
        for (int l = 0; l < JH_NLEVELS; l++)
            for (int a = (int)w->county->schools[p / 2].area; a <= JH_RURAL; a++)
                if (l == p % 2 || w->policy.cross_level)
                    r->from[l][a][r->n_from[l][a]++] = p;
    }
    /* partners: those of each pair's teachers who could ever be one,
     * grouped by kind (a pass per kind keeps all_ids order within) */
    int n = 0;
    for (size_t p = 0; p < np; p++)
        for (unsigned a = 0; a < NKINDS; a++) {
            r->part_start[(NKINDS + 1) * p + a] = n;
            r->part_head[NKINDS * p + a] = n;
            for (int e = r->all_start[p]; e < r->all_start[p + 1]; e++) {
                const jh_workforce_teacher *t = &w->t[r->all_ids[e]];
                if (r->kind[r->all_ids[e]] == a && t->home < 0 && t->years_at_school >= 0 &&
                    stays_term(w, t))
                    r->part[n++] = e;
            }
            if (a == NKINDS - 1)
                r->part_start[(NKINDS + 1) * p + NKINDS] = n;
            if (a > 0)
                r->young_tail[NKINDS * p + a - 1] = r->part_start[(NKINDS + 1) * p + a] - 1;
            if (a == NKINDS - 1)
                r->young_tail[NKINDS * p + a] = n - 1;
        }
    cvs_now(r);
    return rot_index_build(r);
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
    /* every teacher by pair (a counting pass), then each pair's roster by
     * cmp_seniority: the order one sort by pair then seniority gave (a
     * total order, uids being unique). Why: that sort of the whole county
     * each year was a fifth of the rule at 2,000 schools */
    int n_all = 0;
    for (size_t k = 0; k < w->n; k++)
        if (w->t[k].school >= 0 && (size_t)w->t[k].school < y->ns) {
            r.all_start[2 * w->t[k].school + (int)w->t[k].level + 1]++;
            n_all++;
        }
    for (size_t p = 0; p < np; p++)
        r.all_start[p + 1] += r.all_start[p];
    for (size_t k = 0; k < w->n; k++)
        if (w->t[k].school >= 0 && (size_t)w->t[k].school < y->ns)
            r.all_ids[r.all_start[2 * w->t[k].school + (int)w->t[k].level]++] = (int)k;
    for (size_t p = np; p > 0; p--)
        r.all_start[p] = r.all_start[p - 1];
    r.all_start[0] = 0;
    for (size_t p = 0; p < np; p++)
        if (r.all_start[p + 1] - r.all_start[p] > 1)
            qsort_r(&r.all_ids[r.all_start[p]], (size_t)(r.all_start[p + 1] - r.all_start[p]),
                    sizeof *r.all_ids, cmp_seniority, (void *)w->t /* read only */);
    /* the eligible ones, in the same order: a part of all_ids (the order is
     * total, and the sort stable where it ties), so no second sort */
    int n = 0;
    for (int e = 0; e < n_all; e++) {
        int k = r.all_ids[e];
        if (!y->moved[k] && jh_wf_eligible(w, &w->t[k]) && stays_term(w, &w->t[k]))
            r.ids[n++] = k;
    }
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
    if (!rule_caches(&r)) {
        rule_free(&r);
        return jh_wf_oom(err);
    }

    int n_order = -1;
    long bb_total = jh_wf_ceil_share(w->policy.backbone_share, want);
    if (w->policy.method == JH_ROTATE_RULE && w->policy.mode == JH_MODE_SECONDMENT)
        renewals(&r, want, bb_total, out);
    for (int pass = 0; pass < 3 && out->moved < want; pass++) {
        r.pass = pass;
        memset(r.blocked, 0, np);
        if (pass < 2 && jh_rot_search && !rot_dest_begin(&r)) {
            rule_free(&r);
            return jh_wf_oom(err);
        }
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
                    n_order = r.n_dests;
                    memcpy(r.order, r.dests, (size_t)n_order * sizeof *r.order);
                    qsort_r(r.order, (size_t)n_order, sizeof *r.order, cmp_neutral, &r);
                    if (!(r.order_pos = malloc((np + 1) * sizeof *r.order_pos))) {
                        rule_free(&r);
                        return jh_wf_oom(err);
                    }
                    for (size_t p = 0; p < np; p++)
                        r.order_pos[p] = n_order;
                    for (int i = 0; i < n_order; i++)
                        r.order_pos[r.order[i]] = i;
                    if (jh_rot_search && !rot_exch_build(&r, r.order, n_order)) {
                        rule_free(&r);
                        return jh_wf_oom(err);
                    }
                }
                int k = young_exchange(&r, r.order, n_order, need_bb, out);
                if (!k)
                    k = neutral_exchange(&r, r.order, n_order, need_bb, out);
                if (!k && need_bb)
                    k = young_exchange(&r, r.order, n_order, false, out);
                if (!k && need_bb)
                    k = neutral_exchange(&r, r.order, n_order, false, out);
                if (!k)
                    break;
                out->moved_neutral += k;
            }
        }
        rot_dest_end(&r);
    }
    rule_free(&r);
    return JH_OK;
}
