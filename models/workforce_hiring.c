/*
 * workforce_hiring: hiring and progression (see workforce.h; retirement is
 * workforce.c's, in the year's first pass over the roster).
 *
 * Why hiring works this way: a county replaces its retirees within the
 * approved posts (退一补一), recruits nearly only degree holders, sends the
 * young recruits to rural schools (招考的年轻教师全部分配到农村学校) and
 * fills subject posts (音体美) by subject (STANDARDS.md section 5). So each
 * year's hires are the year's retirees (unless replace_retirees is false)
 * plus per_year, and each hire carries attributes:
 * - above-degree for a share of hires, by deterministic rounding over the
 *   county's hires so far (the k-th hire holds the degree when
 *   floor((k+1) * share) > floor(k * share)): 0.95 makes 19 of every 20,
 *   with no random draw and no clock; backbone likewise (default 0);
 * - PE/art for pe_art_per_year of them (or, with to_fill: pe_art, as many
 *   as the PE/art posts short of the standard), each sent to the school
 *   level with the largest PE/art shortfall;
 * - the others go where the staffing floor is short (posts - teachers whose
 *   post is there): rural schools first (rural_first, the default), the
 *   largest shortfall anywhere (largest_shortfall), or the weakest school in
 *   scarce attributes (weakest_first). With no school short, a retiree's
 *   replacement takes the post the retiree left, and per_year hires stop.
 * Whatever the budget, a school level with pupils and no teacher gets one.
 *
 * Progression (optional, default 0): each year a share of the teachers not
 * yet backbone become backbone, and a share of those without a senior title
 * get one, oldest first; senior_title_requires_rural_years: N admits only
 * teachers with N years taught at rural schools.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workforce_internal.h"

/* ------------------------------------------------------------------ */
/* progression                                                          */

static int cmp_oldest(const void *a, const void *b, void *ctx)
{
    const jh_workforce_teacher *t = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (t[i].age != t[j].age)
        return t[i].age > t[j].age ? -1 : 1;
    return (t[i].uid > t[j].uid) - (t[i].uid < t[j].uid);
}

static long promote(jh_workforce *w, double rate, bool title, int *ids)
{
    if (!(rate > 0))
        return 0;
    int n = 0;
    int need = w->policy.senior_title_requires_rural_years;
    for (size_t k = 0; k < w->n; k++) {
        const jh_workforce_teacher *t = &w->t[k];
        if (title ? t->senior_title || t->rural_years < need : t->backbone)
            continue;
        ids[n++] = (int)k;
    }
    long m = lround(rate * n);
    if (m <= 0)
        return 0;
    jh_workforce_teacher *roster = jh_wf_roster(w);
    qsort_r(ids, (size_t)n, sizeof *ids, cmp_oldest, roster);
    for (long q = 0; q < m && q < n; q++) {
        if (title)
            roster[ids[q]].senior_title = true;
        else
            roster[ids[q]].backbone = true;
        jh_wf_plan_touch(w, w->t[ids[q]].uid); /* never like-for-like filler */
    }
    return m < n ? m : n;
}

void jh_wf_progress(jh_workforce *w, jh_teacher_year *out)
{
    if (!(w->policy.backbone_rate > 0) && !(w->policy.senior_title_rate > 0))
        return;
    int *ids = malloc((w->n + 1) * sizeof *ids);
    if (!ids)
        return; /* no promotion this year rather than a failed run */
    out->promoted_backbone = promote(w, w->policy.backbone_rate, false, ids);
    out->promoted_senior_title = promote(w, w->policy.senior_title_rate, true, ids);
    free(ids);
}

/* ------------------------------------------------------------------ */
/* hiring                                                               */

/* The k-th of a sequence at `share`: whether it is one of the share. */
static bool share_take(double share, long k)
{
    if (!(share > 0))
        return false;
    return floor((double)(k + 1) * share + 1e-9) > floor((double)k * share + 1e-9);
}

static bool hireable(const jh_workforce *w, const jh_wf_year *y, size_t p)
{
    return y->students[p] > 0 && jh_wf_pair_active(&w->county->schools[p / 2], (jh_level)(p % 2));
}

/* PE/art posts short of the standard at pair p (may be <= 0). */
static double pe_art_short(const jh_workforce *w, const jh_wf_year *y, size_t p)
{
    double std = w->rules.quality_min[p % 2][2]; /* pe_art_per100 */
    return std * y->students[p] / 100.0 - y->cnt[JH_WF_NATTR * p + JH_WF_PE_ART];
}

/* The hire candidates of one hiring phase: the hireable pairs whose gap
 * (the phase's `short_of`) is > 0 when the phase starts, in pair order, one
 * list per priority rank. A hire changes only its own pair's counts (its
 * gap goes down; under weakest_first its strength up), so each list keeps
 * its pairs' current keys in a max tree (-INFINITY once a pair's gap is
 * gone, which it never gets back within the phase). pick() returns exactly
 * the result of a scan over every pair in pair order (lower rank first,
 * then the first pair whose key beats the best so far by more than 1e-12):
 * the tree finds the scan's next record in O(log n) instead of the scan
 * visiting every pair for every hire (quadratic at county scale). The
 * scan's records (the pairs where its best changed) are kept from one
 * pick to the next: a record depends only on the keys at or before it,
 * and a hire changes one key, so only the records from that pair on are
 * found again (the hire's pair is the last record: a step or two, not
 * the whole chain of ~ln n records, each O(log n)). */
typedef struct {
    int *p[JH_NAREAS];     /* the rank's pairs, ascending */
    size_t n[JH_NAREAS];
    size_t leaves[JH_NAREAS]; /* power of two >= n */
    double *max[JH_NAREAS]; /* 2 * leaves: node k covers 2k, 2k + 1; leaf
                               j at leaves + j */
    int *pos;              /* per pair: its position in its rank, -1 none */
    int *rec[JH_NAREAS];   /* the scan's records so far (positions, ascending) */
    size_t n_rec[JH_NAREAS];
    bool pe_art;
    bool plain;            /* pick by the scan itself (jh_workforce.plain_pick) */
} hire_cands;

static double hire_gap(const jh_workforce *w, const jh_wf_year *y, size_t p, bool pe_art)
{
    return pe_art ? pe_art_short(w, y, p) : y->posts[p] - y->est[p];
}

static int hire_rank(const jh_workforce *w, size_t p)
{
    int area = (int)w->county->schools[p / 2].area;
    /* rural_first: rural (2) before town (1) before urban (0) */
    return w->policy.hiring_priority == JH_HIRE_RURAL_FIRST ? JH_NAREAS - 1 - area : 0;
}

/* Pair p's key in the tree: what the scan compares, -INFINITY when its
 * gap is gone (the scan skips it). */
static double hire_key(const jh_workforce *w, const jh_wf_year *y, int p, bool pe_art)
{
    double gap = hire_gap(w, y, (size_t)p, pe_art);
    if (!(gap > 1e-9))
        return -INFINITY;
    return w->policy.hiring_priority == JH_HIRE_WEAKEST_FIRST ? -jh_wf_strength(y, p) : gap;
}

static void cands_free(hire_cands *h)
{
    for (int r = 0; r < JH_NAREAS; r++) {
        free(h->p[r]);
        free(h->max[r]);
        free(h->rec[r]);
    }
    free(h->pos);
}

/* Pair p's key changed (a hire there): its leaf and the maxima above. */
static void cands_update(hire_cands *h, const jh_workforce *w, const jh_wf_year *y, int p)
{
    if (p < 0 || (size_t)p >= y->np || h->pos[p] < 0)
        return;
    int r = hire_rank(w, (size_t)p);
    double *t = h->max[r];
    size_t k = h->leaves[r] + (size_t)h->pos[p];
    while (h->n_rec[r] > 0 && h->rec[r][h->n_rec[r] - 1] >= h->pos[p])
        h->n_rec[r]--; /* the records from p on are found again */
    t[k] = hire_key(w, y, p, h->pe_art);
    for (k /= 2; k >= 1; k /= 2)
        t[k] = t[2 * k] > t[2 * k + 1] ? t[2 * k] : t[2 * k + 1];
}

static jh_status cands_init(hire_cands *h, const jh_workforce *w, const jh_wf_year *y, bool pe_art,
                            jh_error *err)
{
    memset(h, 0, sizeof *h);
    h->pe_art = pe_art;
    h->plain = w->plain_pick;
    h->pos = malloc((y->np + 1) * sizeof *h->pos);
    for (int r = 0; r < JH_NAREAS; r++) {
        h->p[r] = malloc((y->np + 1) * sizeof *h->p[r]);
        h->rec[r] = malloc((y->np + 1) * sizeof *h->rec[r]);
    }
    if (!h->pos || !h->p[0] || !h->p[1] || !h->p[2] || !h->rec[0] || !h->rec[1] || !h->rec[2]) {
        cands_free(h);
        return jh_wf_oom(err);
    }
    for (size_t p = 0; p < y->np; p++) {
        h->pos[p] = -1;
        if (!hireable(w, y, p) || !(hire_gap(w, y, p, pe_art) > 1e-9))
            continue;
        int r = hire_rank(w, p);
        h->pos[p] = (int)h->n[r];
        h->p[r][h->n[r]++] = (int)p;
    }
    for (int r = 0; r < JH_NAREAS; r++) {
        size_t L = 1;
        while (L < h->n[r])
            L *= 2;
        h->leaves[r] = L;
        double *t = h->max[r] = malloc(2 * L * sizeof *t);
        if (!t) {
            cands_free(h);
            return jh_wf_oom(err);
        }
        for (size_t j = 0; j < L; j++)
            t[L + j] = j < h->n[r] ? hire_key(w, y, h->p[r][j], pe_art) : -INFINITY;
        for (size_t k = L - 1; k >= 1; k--)
            t[k] = t[2 * k] > t[2 * k + 1] ? t[2 * k] : t[2 * k + 1];
    }
    return JH_OK;
}

/* The first leaf after `after` (-1: from the start) under node k (leaves
 * lo..hi-1) whose key is > thr; -1 none. */
static long first_above(const double *t, size_t k, long lo, long hi, long after, double thr)
{
    if (hi - 1 <= after || !(t[k] > thr))
        return -1;
    if (hi - lo == 1)
        return lo;
    long mid = lo + (hi - lo) / 2;
    long f = first_above(t, 2 * k, lo, mid, after, thr);
    return f >= 0 ? f : first_above(t, 2 * k + 1, mid, hi, after, thr);
}

/* The scan itself over rank r's pairs: the first with a gap, then each
 * that beats the best so far by more than 1e-12; -1 none. */
static long scan_rank(const hire_cands *h, int r)
{
    const double *t = h->max[r];
    size_t L = h->leaves[r];
    long best = -1;
    for (size_t j = 0; j < h->n[r]; j++)
        if (t[L + j] > -INFINITY && (best < 0 || t[L + j] > t[L + (size_t)best] + 1e-12))
            best = (long)j;
    return best;
}

/* The pair a hire goes to among those whose gap is > 0, by the policy's
 * priority; -1 when none is short. */
static int pick(const jh_workforce *w, const jh_wf_year *y, hire_cands *h)
{
    (void)w, (void)y;
    for (int r = 0; r < JH_NAREAS; r++) {
        const double *t = h->max[r];
        long L = (long)h->leaves[r];
        if (h->n[r] == 0)
            continue;
        if (h->plain) {
            long best = scan_rank(h, r);
            if (best >= 0)
                return h->p[r][best];
            continue;
        }
        /* the scan's first pair with a gap, then each pair that beats the
         * best so far by more than 1e-12, until none after it does: from
         * the last record still standing */
        int *rec = h->rec[r];
        if (h->n_rec[r] == 0) {
            long first = first_above(t, 1, 0, L, -1, -INFINITY);
            if (first < 0)
                continue;
            rec[h->n_rec[r]++] = (int)first;
        }
        for (;;) {
            long best = rec[h->n_rec[r] - 1];
            long next = first_above(t, 1, 0, L, best, t[L + best] + 1e-12);
            if (next < 0)
                break;
            rec[h->n_rec[r]++] = (int)next;
        }
        return h->p[r][rec[h->n_rec[r] - 1]];
    }
    return -1;
}

static jh_status hire_one(jh_workforce *w, jh_wf_year *y, int p, bool pe_art, jh_teacher_year *out,
                          jh_error *err)
{
    jh_workforce_teacher t;
    memset(&t, 0, sizeof t);
    t.home = -1;
    t.uid = w->next_uid++;
    t.school = p / 2;
    t.level = (jh_level)(p % 2);
    t.age = 24;
    t.years_at_school = JH_WF_ARRIVES_NEXT_YEAR;
    t.above_degree = share_take(w->policy.above_degree_share, w->hire_seq);
    t.backbone = share_take(w->policy.backbone_hire_share, w->hire_seq);
    t.pe_art = pe_art;
    w->hire_seq++;
    if (jh_wf_push(w, &t) != 0)
        return jh_wf_oom(err);
    jh_wf_count_in(y, &t);
    jh_teacher_level_year *L = &out->level[t.level];
    out->hired++;
    L->hired++;
    L->hired_above_degree += t.above_degree;
    L->hired_pe_art += t.pe_art;
    L->hired_backbone += t.backbone;
    return JH_OK;
}

jh_status jh_wf_hire(jh_workforce *w, jh_wf_year *y, const int *retired_pairs, long n_retired,
                     jh_teacher_year *out, jh_error *err)
{
    const jh_teacher_policy *pol = &w->policy;
    long replace = pol->replace_retirees ? n_retired : 0;
    long budget = replace + pol->hiring_per_year;
    long n_pe = pol->pe_art_per_year;
    if (pol->fill_pe_art) {
        n_pe = 0;
        for (size_t p = 0; p < y->np; p++)
            if (hireable(w, y, p) && pe_art_short(w, y, p) > 1e-9)
                n_pe += (long)ceil(pe_art_short(w, y, p) - 1e-9);
        if (n_pe > budget)
            n_pe = budget;
    }
    if (n_pe > budget)
        budget = n_pe;
    jh_status st = JH_OK;
    long made = 0;
    hire_cands h;
    /* subject posts first */
    if (n_pe > 0) {
        if (cands_init(&h, w, y, true, err) != JH_OK)
            return JH_ERR_RUN;
        for (; st == JH_OK && made < n_pe; made++) {
            int p = pick(w, y, &h);
            if (p < 0)
                break;
            st = hire_one(w, y, p, true, out, err);
            cands_update(&h, w, y, p);
        }
        cands_free(&h);
    }
    if (st != JH_OK)
        return st;
    bool made_cands = made < budget;
    if (made_cands && cands_init(&h, w, y, false, err) != JH_OK)
        return JH_ERR_RUN;
    /* then the staffing floor; with none short, a replacement takes the
     * post its retiree left */
    long next_retiree = 0;
    while (st == JH_OK && made < budget) {
        int p = pick(w, y, &h);
        if (p < 0) {
            if (made >= replace)
                break;
            while (next_retiree < n_retired && !hireable(w, y, (size_t)retired_pairs[next_retiree]))
                next_retiree++;
            if (next_retiree >= n_retired)
                break;
            p = retired_pairs[next_retiree++];
        }
        st = hire_one(w, y, p, false, out, err);
        cands_update(&h, w, y, p);
        made++;
    }
    if (made_cands)
        cands_free(&h);
    /* no school level with pupils without a teacher */
    for (size_t p = 0; st == JH_OK && p < y->np; p++)
        if (hireable(w, y, p) && y->present[p] < 0.5)
            st = hire_one(w, y, (int)p, false, out, err);
    return st;
}
