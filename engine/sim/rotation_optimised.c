/*
 * rotation_optimised: `teachers.rotation.method: optimise` — who moves
 * where is chosen to lower the CVs of the three teacher indicators, the
 * staffing shortfalls and the share of non-compliant schools. It lives in
 * the simulation's room, not in models/, because it measures the quality
 * indicators and compliance (models/indicators.h over the county's
 * facilities) the way sim/metrics.c reports them; the workforce model
 * (models/workforce_internal.h) hands it the year's state and moves
 * teachers for it with jh_wf_move, so the modes (secondment, transfer),
 * the share rules and the staffing floor are the same as the rule's. What
 * it cannot place under the floor the workforce completes by the rule.
 * Every school level with pupils counts, small sites the CV leaves out
 * included: none may be taken below its floor.
 */
#include "sim/rotation_optimised.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "workforce_internal.h"

/* ------------------------------------------------------------------ */
/* indexed max-heaps keyed by a per-item value; ties go to the lower
 * item, so every choice is deterministic.                              */

typedef struct heap {
    int *a;
    int n;
} heap;

typedef struct heap_ctx {
    const double *key;
    int *pos;
} heap_ctx;

static bool before(const heap_ctx *c, int x, int y)
{
    return c->key[x] > c->key[y] || (c->key[x] == c->key[y] && x < y);
}

static void heap_set(heap *h, const heap_ctx *c, int i, int item)
{
    h->a[i] = item;
    c->pos[item] = i;
}

static void sift_up(heap *h, const heap_ctx *c, int i)
{
    int item = h->a[i];
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!before(c, item, h->a[p]))
            break;
        heap_set(h, c, i, h->a[p]);
        i = p;
    }
    heap_set(h, c, i, item);
}

static void sift_down(heap *h, const heap_ctx *c, int i)
{
    int item = h->a[i];
    for (;;) {
        int l = 2 * i + 1, best = -1;
        if (l >= h->n)
            break;
        best = l;
        if (l + 1 < h->n && before(c, h->a[l + 1], h->a[l]))
            best = l + 1;
        if (!before(c, h->a[best], item))
            break;
        heap_set(h, c, i, h->a[best]);
        i = best;
    }
    heap_set(h, c, i, item);
}

static void heap_build(heap *h, const heap_ctx *c)
{
    for (int i = 0; i < h->n; i++)
        c->pos[h->a[i]] = i;
    for (int i = h->n / 2 - 1; i >= 0; i--)
        sift_down(h, c, i);
}

/* after key[item] changed */
static void heap_fix(heap *h, const heap_ctx *c, int item)
{
    int i = c->pos[item];
    sift_up(h, c, i);
    sift_down(h, c, c->pos[item]);
}

/* The first item of the heap other than those of school `not_school`
 * (item / per_school is the school). A school has one item per heap, so the
 * top or one of its children. */
static int heap_best_except(const heap *h, const heap_ctx *c, int not_school, int per_school)
{
    if (h->n == 0)
        return -1;
    if (h->a[0] / per_school != not_school)
        return h->a[0];
    int best = -1;
    for (int i = 1; i <= 2 && i < h->n; i++)
        if (best < 0 || before(c, h->a[i], best))
            best = h->a[i];
    return best;
}

/*
 * Objective, per level l and teacher indicator k (above-degree, backbone,
 * PE/art per 100 students) over the pairs with students (P_i > 0):
 *   CV_k^2 = W * Q_k / C_k^2 - 1,  Q_k = sum_i c_ik^2 / P_i,
 * W = sum_i P_i, C_k = sum_i c_ik (STANDARDS.md section 2 rewritten: the
 * enrolment-weighted variance over the squared mean). We minimise
 *   J = sum_l sum_k CV_lk^2 + (sum of staffing shortfalls) / (sum of posts)
 *       + sum_l (share of the level's counted schools that do not comply):
 * the compliance part keeps the search from evening out a school's teachers
 * until neither it nor its neighbour reaches the standard (on the sample
 * county that took compliant primaries from 27 to 3 by 2035; with it, 50).
 * Compliance, like the CV part, changes only at the two schools of a move;
 * squared CVs, because a move from school a to school b then changes J by a
 * term of a plus a term of b (C_k is unchanged when both have students), so
 * the best move of each kind of teacher is its best source plus its best
 * destination, found in one pass over the schools.
 *
 * Greedy (heaps per group, level and kind of teacher, see opt_heaps):
 * each step makes the best move of an eligible, not yet moved
 * teacher to another school of its group and level (only backbone kinds
 * while the backbone share still needs every remaining move), never taking
 * a school level below its staffing floor,
 * until the share of eligible is met. Then pairwise swaps of destinations
 * between moved teachers while they lower J. A source never goes below its
 * staffing floor (students / norm or classes x per-class ratio, the larger):
 * moves the greedy cannot make under it are left to the rule.
 */

#define NKIND 8 /* above-degree, backbone, PE/art bits */

static int kind_of(const jh_workforce_teacher *t)
{
    return (t->above_degree ? 1 : 0) | (t->backbone ? 2 : 0) | (t->pe_art ? 4 : 0);
}

typedef struct opt_state {
    const jh_county *c;
    jh_wf_year *y;
    jh_workforce *w;
    jh_teacher_year *out;
    size_t np;
    double *cnt;        /* per pair x 3 indicator counts */
        double *P;          /* per pair: students of the level */
    double W[JH_NLEVELS], C[JH_NLEVELS][3];
    double short_w;     /* weight of one post of shortfall */
    int *avail_start;   /* per pair x kind: offsets into avail_ids */
    int *avail_next;    /* next unused position */
    int *avail_ids;     /* eligible teachers, longest-serving first */
    int *glist;         /* active pairs grouped by (group, level) */
    int *gstart;        /* n_groups * 2 + 1 offsets */
    /* school compliance (STANDARDS.md section 3) of counted pairs: the four
     * facility indicators do not change by rotation, so each pair keeps how
     * many of them reach the standard and whether all reach the floor */
    const jh_rules *rules;
    unsigned char *fac_reached;
    bool *fac_floor, *counted;
    double comp_w[JH_NLEVELS]; /* 1 / counted schools of the level */
} opt_state;

static double students_of_pair(const opt_state *o, int p)
{
    return o->P[p];
}

static double shortfall(double posts, double t)
{
    return posts > t ? posts - t : 0.0;
}

/* change of J's CV part when pair p's counts of the kind change by d (+1 /
 * -1), C unchanged */
static double cv_term(const opt_state *o, int p, int kind, double d)
{
    double P = students_of_pair(o, p);
    if (!(P > 0))
        return 0.0;
    int l = p % 2;
    double v = 0.0;
    for (int k = 0; k < 3; k++) {
        if (!(kind & (1 << k)) || !(o->C[l][k] > 0))
            continue;
        double c = o->cnt[3 * (size_t)p + k];
        v += o->W[l] / (o->C[l][k] * o->C[l][k]) * (2.0 * c * d + 1.0) / P;
    }
    return v;
}

/* Whether counted pair p complies with its teacher counts changed by
 * dk[] (above-degree, backbone, PE/art). */
static bool pair_complies(const opt_state *o, int p, const int dk[3])
{
    int l = p % 2, reached = o->fac_reached[p];
    bool floor_ok = o->fac_floor[p];
    const double *thr = o->rules->quality_min[l];
    for (int k = 0; k < 3; k++) {
        double v = 100.0 * (o->cnt[3 * (size_t)p + k] + dk[k]) / o->P[p];
        reached += v >= thr[k] * (1 - 1e-9);
        floor_ok = floor_ok && v >= o->rules->compliance_floor * thr[k] * (1 - 1e-9);
    }
    return floor_ok && reached >= o->rules->compliance_min_reached;
}

/* change of the share of non-compliant schools (J's compliance part) when
 * pair p's counts change by dk[] */
static double comp_delta(const opt_state *o, int p, const int dk[3])
{
    static const int none[3] = {0, 0, 0};
    if (!o->counted[p] || !(o->P[p] > 0))
        return 0.0;
    bool before = pair_complies(o, p, none), after = pair_complies(o, p, dk);
    return o->comp_w[p % 2] * ((double)before - (double)after);
}

static double comp_term(const opt_state *o, int p, int kind, int d)
{
    int dk[3];
    for (int k = 0; k < 3; k++)
        dk[k] = (kind >> k) & 1 ? d : 0;
    return comp_delta(o, p, dk);
}

static double src_term(const opt_state *o, int p, int kind)
{
    double posts = o->y->posts[p], t = o->y->present[p];
    return cv_term(o, p, kind, -1.0) + comp_term(o, p, kind, -1) +
           o->short_w * (shortfall(posts, t - 1) - shortfall(posts, t));
}

static double dst_term(const opt_state *o, int p, int kind)
{
    double posts = o->y->posts[p], t = o->y->present[p];
    return cv_term(o, p, kind, +1.0) + comp_term(o, p, kind, +1) +
           o->short_w * (shortfall(posts, t + 1) - shortfall(posts, t));
}

static void opt_free(opt_state *o)
{
    free(o->cnt);
    free(o->P);
    free(o->avail_start);
    free(o->avail_next);
    free(o->avail_ids);
    free(o->glist);
    free(o->gstart);
    free(o->fac_reached);
    free(o->fac_floor);
    free(o->counted);
}

static jh_status opt_init(opt_state *o, jh_workforce *w, const jh_county *c, jh_wf_year *y,
                          const int *elig, int n_elig, jh_teacher_year *out, jh_error *err)
{
    memset(o, 0, sizeof *o);
    o->c = c;
    o->y = y;
    o->w = w;
    o->out = out;
    o->np = 2 * y->ns;
    size_t np = o->np, ng = (size_t)y->n_groups;
    o->cnt = calloc(3 * np + 1, sizeof *o->cnt);
    o->P = calloc(np + 1, sizeof *o->P);
    o->avail_start = calloc(NKIND * np + 1, sizeof *o->avail_start);
    o->avail_next = calloc(NKIND * np + 1, sizeof *o->avail_next);
    o->avail_ids = malloc(((size_t)n_elig + 1) * sizeof *o->avail_ids);
    o->glist = malloc((np + 1) * sizeof *o->glist);
    o->gstart = calloc(2 * ng + 2, sizeof *o->gstart);
    o->rules = &w->rules;
    o->fac_reached = calloc(np + 1, 1);
    o->fac_floor = calloc(np + 1, sizeof *o->fac_floor);
    o->counted = calloc(np + 1, sizeof *o->counted);
    if (!o->cnt || !o->P || !o->avail_start || !o->avail_next || !o->avail_ids ||
        !o->glist || !o->gstart || !o->fac_reached || !o->fac_floor || !o->counted)
        return jh_wf_oom(err);
    for (size_t k = 0; k < w->n; k++) {
        const jh_workforce_teacher *t = &w->t[k];
        if (t->school < 0 || (size_t)t->school >= y->ns)
            continue;
        size_t p = 2 * (size_t)t->school + t->level;
        o->cnt[3 * p] += t->above_degree;
        o->cnt[3 * p + 1] += t->backbone;
        o->cnt[3 * p + 2] += t->pe_art;
    }
    for (size_t p = 0; p < np; p++)
        o->P[p] = y->students[p];
    double posts_sum = 0;
    for (size_t p = 0; p < np; p++) {
        posts_sum += y->posts[p];
        if (!jh_wf_pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
            continue;
        double P = students_of_pair(o, (int)p);
        if (P > 0) {
            o->W[p % 2] += P;
            for (int k = 0; k < 3; k++)
                o->C[p % 2][k] += o->cnt[3 * p + (size_t)k];
        }
    }
    o->short_w = posts_sum > 0 ? 1.0 / posts_sum : 0.0;
    /* the facility part of each counted pair's compliance */
    int n_counted[JH_NLEVELS] = {0, 0};
    for (size_t p = 0; p < np; p++) {
        const jh_school *s = &c->schools[p / 2];
        jh_level l = (jh_level)(p % 2);
        if (!(o->P[p] > 0) || jh_indicators_exclusion(s, l, o->rules) != JH_COUNTED)
            continue;
        jh_indicator_input in;
        jh_indicators_split(s, l, o->rules, &in);
        double q[JH_NQUALITY], b[JH_NBASIC];
        if (!jh_indicators_values(&in, q, b))
            continue;
        o->counted[p] = true;
        n_counted[l]++;
        bool floor_ok = true;
        for (int k = 3; k < JH_NQUALITY; k++) {
            double thr = o->rules->quality_min[l][k];
            o->fac_reached[p] += q[k] >= thr * (1 - 1e-9);
            floor_ok = floor_ok && q[k] >= o->rules->compliance_floor * thr * (1 - 1e-9);
        }
        o->fac_floor[p] = floor_ok;
    }
    for (int l = 0; l < JH_NLEVELS; l++)
        o->comp_w[l] = n_counted[l] > 0 ? 1.0 / n_counted[l] : 0.0;
    /* eligible teachers by pair and kind; elig is sorted by school and
     * seniority, so each bucket is longest-serving first */
    for (int e = 0; e < n_elig; e++) {
        const jh_workforce_teacher *t = &w->t[elig[e]];
        o->avail_start[(2 * (size_t)t->school + t->level) * NKIND + (size_t)kind_of(t)]++;
    }
    int off = 0;
    for (size_t b = 0; b < NKIND * np; b++) {
        int n = o->avail_start[b];
        o->avail_start[b] = off;
        o->avail_next[b] = off;
        off += n;
    }
    o->avail_start[NKIND * np] = off;
    for (int e = 0; e < n_elig; e++) {
        const jh_workforce_teacher *t = &w->t[elig[e]];
        size_t b = (2 * (size_t)t->school + t->level) * NKIND + (size_t)kind_of(t);
        o->avail_ids[o->avail_next[b]++] = elig[e];
    }
    for (size_t b = 0; b < NKIND * np; b++)
        o->avail_next[b] = o->avail_start[b];
    /* active pairs by (group, level) */
    for (size_t p = 0; p < np; p++)
        if (jh_wf_pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
            o->gstart[(size_t)y->group[p / 2] * 2 + p % 2 + 1]++;
    for (size_t g = 0; g < 2 * ng; g++)
        o->gstart[g + 1] += o->gstart[g];
    int *fill = malloc((2 * ng + 1) * sizeof *fill);
    if (!fill)
        return jh_wf_oom(err);
    memcpy(fill, o->gstart, 2 * ng * sizeof *fill);
    for (size_t p = 0; p < np; p++)
        if (jh_wf_pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
            o->glist[fill[(size_t)y->group[p / 2] * 2 + p % 2]++] = (int)p;
    free(fill);
    return JH_OK;
}

static bool avail(const opt_state *o, int p, int kind)
{
    size_t b = (size_t)p * NKIND + (size_t)kind;
    return o->avail_next[b] < o->avail_start[b + 1];
}

typedef struct opt_move {
    int teacher, from, to, kind;
} opt_move;

/* The greedy's search structure: for each (group, level) list and kind,
 * a heap of sources by their term and one of destinations by theirs (keys
 * negated: the heaps put the largest first). A move from a to b changes
 * only a's and b's terms (W and C_k stay), so each step costs the list
 * tops plus 32 heap repairs. -inf marks an impossible source (no eligible
 * teacher of the kind left, or the norm floor) or destination (no
 * students). */
typedef struct opt_heaps {
    double *skey, *dkey; /* per item p * NKIND + kind */
    int *spos, *dpos;
    heap *sh, *dh;       /* per list * NKIND + kind */
    int *sbuf, *dbuf;
    size_t nh;
} opt_heaps;

static double src_key(const opt_state *o, int p, int kind)
{
    if (!avail(o, p, kind) || !jh_wf_can_leave(o->y, p))
        return -INFINITY;
    return -src_term(o, p, kind);
}

static double dst_key(const opt_state *o, int p, int kind)
{
    return o->P[p] > 0 ? -dst_term(o, p, kind) : -INFINITY;
}

static void opt_heaps_free(opt_heaps *h)
{
    free(h->skey);
    free(h->dkey);
    free(h->spos);
    free(h->dpos);
    free(h->sh);
    free(h->dh);
    free(h->sbuf);
    free(h->dbuf);
}

static jh_status opt_heaps_init(opt_heaps *h, const opt_state *o, int n_lists, jh_error *err)
{
    memset(h, 0, sizeof *h);
    size_t ni = o->np * NKIND + 1;
    h->nh = (size_t)n_lists * NKIND;
    h->skey = calloc(ni, sizeof *h->skey);
    h->dkey = calloc(ni, sizeof *h->dkey);
    h->spos = calloc(ni, sizeof *h->spos);
    h->dpos = calloc(ni, sizeof *h->dpos);
    h->sh = calloc(h->nh + 1, sizeof *h->sh);
    h->dh = calloc(h->nh + 1, sizeof *h->dh);
    h->sbuf = calloc(ni, sizeof *h->sbuf);
    h->dbuf = calloc(ni, sizeof *h->dbuf);
    if (!h->skey || !h->dkey || !h->spos || !h->dpos || !h->sh || !h->dh || !h->sbuf || !h->dbuf)
        return jh_wf_oom(err);
    for (int L = 0; L < n_lists; L++) {
        int len = o->gstart[L + 1] - o->gstart[L];
        for (int kind = 0; kind < NKIND; kind++) {
            size_t off = (size_t)o->gstart[L] * NKIND + (size_t)kind * (size_t)len;
            size_t hi = (size_t)L * NKIND + (size_t)kind;
            h->sh[hi].a = h->sbuf + off;
            h->dh[hi].a = h->dbuf + off;
            h->sh[hi].n = h->dh[hi].n = len;
            for (int q = 0; q < len; q++)
                h->sh[hi].a[q] = h->dh[hi].a[q] = o->glist[o->gstart[L] + q] * NKIND + kind;
        }
    }
    return JH_OK;
}

/* Recomputes every key and rebuilds every heap. */
static void opt_heaps_rebuild(opt_heaps *h, const opt_state *o)
{
    for (size_t hi = 0; hi < h->nh; hi++)
        for (int q = 0; q < h->sh[hi].n; q++) {
            int item = h->sh[hi].a[q];
            h->skey[item] = src_key(o, item / NKIND, item % NKIND);
            h->dkey[item] = dst_key(o, item / NKIND, item % NKIND);
        }
    heap_ctx sc = {h->skey, h->spos}, dc = {h->dkey, h->dpos};
    for (size_t hi = 0; hi < h->nh; hi++) {
        heap_build(&h->sh[hi], &sc);
        heap_build(&h->dh[hi], &dc);
    }
}

/* After pair p's counts changed: its keys of every kind. */
static void opt_heaps_update(opt_heaps *h, const opt_state *o, int p)
{
    size_t L = (size_t)o->y->group[p / 2] * 2 + (size_t)(p % 2);
    heap_ctx sc = {h->skey, h->spos}, dc = {h->dkey, h->dpos};
    for (int kind = 0; kind < NKIND; kind++) {
        int item = p * NKIND + kind;
        h->skey[item] = src_key(o, p, kind);
        h->dkey[item] = dst_key(o, p, kind);
        heap_fix(&h->sh[L * NKIND + (size_t)kind], &sc, item);
        heap_fix(&h->dh[L * NKIND + (size_t)kind], &dc, item);
    }
}

/* Best move of a kind within one heap pair; *delta gets its change of J. */
static bool best_move(const opt_heaps *h, size_t hi, int *from, int *to, double *delta)
{
    const heap *sh = &h->sh[hi], *dh = &h->dh[hi];
    if (sh->n == 0 || !isfinite(h->skey[sh->a[0]]))
        return false;
    int s = sh->a[0];
    heap_ctx dc = {h->dkey, h->dpos};
    int d = heap_best_except(dh, &dc, s / (2 * NKIND), 2 * NKIND);
    if (d < 0 || !isfinite(h->dkey[d]))
        return false;
    *from = s / NKIND;
    *to = d / NKIND;
    *delta = -h->skey[s] - h->dkey[d];
    return true;
}

static void opt_apply(jh_workforce *w, opt_state *o, int ti, int to)
{
    jh_workforce_teacher *t = &jh_wf_roster(w)[ti];
    int from = 2 * t->school + t->level, l = t->level;
    double dc[3] = {t->above_degree, t->backbone, t->pe_art};
    bool from_counted = students_of_pair(o, from) > 0;
    for (int k = 0; k < 3; k++) {
        o->cnt[3 * (size_t)from + k] -= dc[k];
        o->cnt[3 * (size_t)to + k] += dc[k];
        if (!from_counted)
            o->C[l][k] += dc[k]; /* destinations always have students */
    }
    jh_wf_move(w, o->y, ti, to, o->out);
}

/* change of J when the kinds at pair p change from kind a to kind b (one
 * teacher of kind a replaced by one of kind b) */
static double replace_term(const opt_state *o, int p, int a, int b)
{
    double P = students_of_pair(o, p);
    int l = p % 2;
    double v = 0;
    for (int k = 0; k < 3; k++) {
        int d = ((b >> k) & 1) - ((a >> k) & 1);
        if (!d || !(o->C[l][k] > 0))
            continue;
        double c = o->cnt[3 * (size_t)p + k];
        v += o->W[l] / (o->C[l][k] * o->C[l][k]) * (2.0 * c * d + 1.0) / P;
    }
    int dk[3];
    for (int k = 0; k < 3; k++)
        dk[k] = ((b >> k) & 1) - ((a >> k) & 1);
    return v + comp_delta(o, p, dk);
}

static int cmp_seniority(const void *a, const void *b, void *ctx)
{
    const jh_workforce_teacher *t = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (t[i].school != t[j].school)
        return t[i].school < t[j].school ? -1 : 1;
    if (t[i].rotations != t[j].rotations) /* who has rotated least goes first */
        return t[i].rotations < t[j].rotations ? -1 : 1;
    if (t[i].years_at_school != t[j].years_at_school)
        return t[i].years_at_school > t[j].years_at_school ? -1 : 1;
    return (t[i].uid > t[j].uid) - (t[i].uid < t[j].uid);
}

jh_status jh_rotation_optimised(jh_workforce *w, jh_wf_year *y, long want, long want_bb,
                                jh_teacher_year *out, jh_error *err)
{
    const jh_county *c = w->county;
    int *elig = malloc((w->n + 1) * sizeof *elig);
    if (!elig)
        return jh_wf_oom(err);
    int n_elig = 0;
    for (size_t k = 0; k < w->n; k++)
        if (!y->moved[k] && jh_wf_eligible(w, &w->t[k]) && (size_t)w->t[k].school < y->ns)
            elig[n_elig++] = (int)k;
    qsort_r(elig, (size_t)n_elig, sizeof *elig, cmp_seniority, (void *)w->t /* read only */);
    opt_state o;
    jh_status st = opt_init(&o, w, c, y, elig, n_elig, out, err);
    opt_move *mv = malloc(((size_t)want + 1) * sizeof *mv);
    if (st == JH_OK && !mv)
        st = jh_wf_oom(err);
    long n_mv = 0;
    opt_heaps hp;
    memset(&hp, 0, sizeof hp);
    if (st == JH_OK)
        st = opt_heaps_init(&hp, &o, 2 * y->n_groups, err);
    if (st == JH_OK) {
        opt_heaps_rebuild(&hp, &o);
        while (out->moved < want) {
            bool need_bb = want_bb - out->backbone_moved >= want - out->moved &&
                           out->backbone_moved < want_bb;
            int bf = -1, bt = -1, bk = -1;
            double bv = 0;
            for (size_t hi = 0; hi < hp.nh; hi++) {
                int kind = (int)(hi % NKIND);
                if (need_bb && !(kind & 2))
                    continue;
                int f, t;
                double v;
                if (best_move(&hp, hi, &f, &t, &v) && (bf < 0 || v < bv - 1e-15)) {
                    bf = f;
                    bt = t;
                    bk = kind;
                    bv = v;
                }
            }
            if (bf < 0)
                break;
            size_t b = (size_t)bf * NKIND + (size_t)bk;
            int ti = o.avail_ids[o.avail_next[b]++];
            bool counted = o.P[bf] > 0;
            opt_apply(w, &o, ti, bt);
            if (counted) {
                opt_heaps_update(&hp, &o, bf);
                opt_heaps_update(&hp, &o, bt);
            } else {
                opt_heaps_rebuild(&hp, &o); /* C_k changed */
            }
            mv[n_mv++] = (opt_move){ti, bf, bt, bk};
        }
    }
    opt_heaps_free(&hp);
    /* pairwise swaps of destinations while they lower J (bounded work) */
    if (st == JH_OK && n_mv > 1 && n_mv <= 3000) {
        for (int pass = 0; pass < 4; pass++) {
            bool improved = false;
            for (long i = 0; i < n_mv; i++)
                for (long j = i + 1; j < n_mv; j++) {
                    opt_move *a = &mv[i], *b = &mv[j];
                    if (a->kind == b->kind || a->to % 2 != b->to % 2 || a->to == b->to ||
                        y->group[a->to / 2] != y->group[b->to / 2] ||
                        b->to / 2 == a->from / 2 || a->to / 2 == b->from / 2)
                        continue;
                    double d = replace_term(&o, a->to, a->kind, b->kind) +
                               replace_term(&o, b->to, b->kind, a->kind);
                    if (!(d < -1e-12))
                        continue;
                    /* teacher a now goes to b->to and teacher b to a->to */
                    int ta = a->to, tb = b->to;
                    opt_apply(w, &o, a->teacher, tb);
                    opt_apply(w, &o, b->teacher, ta);
                    a->to = tb;
                    b->to = ta;
                    improved = true;
                }
            if (!improved)
                break;
        }
    }
    free(mv);
    free(elig);
    opt_free(&o);
    return st;
}
