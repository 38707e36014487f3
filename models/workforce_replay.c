/*
 * workforce_replay: a teacher's move (jh_wf_move, for the rule, the
 * optimiser and the replay alike) and the plan of the rotation look-ahead:
 * recording the reference run, replaying it with like-for-like filler
 * (workforce_replay.h says why that keeps every school's figures).
 */
#include "workforce_replay.h"

#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "workforce_internal.h"

void jh_wf_plan_init(jh_wf_plan *p, jh_wf_plan_mode mode)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
}

void jh_wf_plan_free(jh_wf_plan *p)
{
    free(p->moves);
    free(p->touched);
    free(p->unstable);
    free(p->type0);
    free(p->neutral);
    memset(p, 0, sizeof *p);
}

static void plan_log(jh_wf_plan *p, int year, long uid, int from, int to)
{
    jh_wf_plan_move *m = jh_array_grow(p->moves, p->n_moves, &p->cap_moves, sizeof *m, 256);
    if (!m) {
        p->oom = true;
        return;
    }
    p->moves = m;
    p->moves[p->n_moves++] = (jh_wf_plan_move){year, uid, from, to};
}

static void plan_touch(jh_wf_plan *p, long uid, int year)
{
    jh_wf_plan_touched *u = jh_array_grow(p->touched, p->n_touched, &p->cap_touched, sizeof *u, 256);
    if (!u) {
        p->oom = true;
        return;
    }
    p->touched = u;
    p->touched[p->n_touched++] = (jh_wf_plan_touched){uid, year};
}

void jh_wf_plan_touch(jh_workforce *w, long uid)
{
    if (w->policy.plan && w->policy.plan->mode == JH_WF_PLAN_RECORD)
        plan_touch(w->policy.plan, uid, w->year_no);
}

static int cmp_touched(const void *a, const void *b)
{
    const jh_wf_plan_touched *x = a, *y = b;
    if (x->uid != y->uid)
        return (x->uid > y->uid) - (x->uid < y->uid);
    return (x->year > y->year) - (x->year < y->year);
}

bool jh_wf_plan_finish(jh_wf_plan *p)
{
    for (size_t i = 0; i < p->n_moves && !p->oom; i++)
        plan_touch(p, p->moves[i].uid, p->moves[i].year);
    if (p->oom)
        return false;
    if (p->n_touched > 1)
        qsort(p->touched, p->n_touched, sizeof *p->touched, cmp_touched);
    size_t m = 0;
    for (size_t i = 0; i < p->n_touched; i++)
        if (m == 0 || cmp_touched(&p->touched[i], &p->touched[m - 1]) != 0)
            p->touched[m++] = p->touched[i];
    p->n_touched = m;
    return true;
}

jh_status jh_wf_plan_year(jh_workforce *w, jh_error *err)
{
    jh_wf_plan *p = w->policy.plan;
    if (!p || p->mode != JH_WF_PLAN_RECORD)
        return JH_OK;
    const jh_county *c = w->county;
    size_t ns = c->n_schools;
    if (p->np < 2 * ns) {
        unsigned char *u = realloc(p->unstable, 2 * ns + 1);
        int *t0 = realloc(p->type0, (ns + 1) * sizeof *t0);
        if (u)
            p->unstable = u;
        if (t0)
            p->type0 = t0;
        if (!u || !t0)
            return jh_wf_oom(err);
        for (size_t i = p->np / 2; i < ns; i++)
            t0[i] = (int)c->schools[i].type;
        memset(u + p->np, 0, 2 * ns - p->np);
        p->np = 2 * ns;
    }
    for (size_t i = 0; i < ns; i++) {
        const jh_school *s = &c->schools[i];
        for (int l = 0; l < JH_NLEVELS; l++)
            if (!jh_wf_pair_active(s, (jh_level)l) || (int)s->type != p->type0[i])
                p->unstable[2 * i + (size_t)l] = 1;
    }
    return JH_OK;
}

void jh_wf_move(jh_workforce *w, jh_wf_year *y, int ti, int to, jh_teacher_year *out)
{
    const jh_county *c = w->county;
    jh_workforce_teacher *t = &jh_wf_roster(w)[ti];
    int from = 2 * t->school + (int)t->level;
    if (w->policy.plan && w->policy.plan->mode == JH_WF_PLAN_RECORD)
        plan_log(w->policy.plan, w->year_no, t->uid, from, to);
    y->present[from] -= 1;
    y->present[to] += 1;
    for (int k = 0; k < JH_WF_NATTR; k++) {
        y->cnt[JH_WF_NATTR * (size_t)from + (size_t)k] -= jh_wf_attr(t, k);
        y->cnt[JH_WF_NATTR * (size_t)to + (size_t)k] += jh_wf_attr(t, k);
    }
    if (!y->moved[ti]) {
        y->moved[ti] = 1;
        t->rotations++;
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
            t->home_years = t->years_at_school;
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
/* replay                                                              */

static long index_of(const jh_workforce *w, long uid)
{
    /* the roster keeps uid order: built in order, hires appended, the
     * retired taken out in place */
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->t[mid].uid < uid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->n && w->t[lo].uid == uid ? (long)lo : -1;
}

/* Whether the reference moved or promoted teacher uid in a year y0..y1. */
static bool touched(const jh_wf_plan *p, long uid, int y0, int y1)
{
    size_t lo = 0, hi = p->n_touched; /* the first entry at (uid, y0) or after */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const jh_wf_plan_touched *e = &p->touched[mid];
        if (e->uid < uid || (e->uid == uid && e->year < y0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_touched && p->touched[lo].uid == uid && p->touched[lo].year <= y1;
}

typedef struct filler_ctx {
    const jh_workforce *w;
    const jh_wf_year *y;
    bool same_area;
} filler_ctx;

/* level, kind, rotation group, (area), then school and uid */
static int cmp_filler(const void *a, const void *b, void *ctx)
{
    const filler_ctx *f = ctx;
    const jh_workforce_teacher *s = &f->w->t[*(const int *)a], *t = &f->w->t[*(const int *)b];
    long ka[5] = {s->level, jh_wf_kind(s), f->y->group[s->school],
                  f->same_area ? (long)f->w->county->schools[s->school].area : 0, s->school};
    long kb[5] = {t->level, jh_wf_kind(t), f->y->group[t->school],
                  f->same_area ? (long)f->w->county->schools[t->school].area : 0, t->school};
    for (int i = 0; i < 5; i++)
        if (ka[i] != kb[i])
            return ka[i] < kb[i] ? -1 : 1;
    return (s->uid > t->uid) - (s->uid < t->uid);
}

static bool same_bucket(const filler_ctx *f, int i, int j)
{
    const jh_workforce_teacher *s = &f->w->t[i], *t = &f->w->t[j];
    return s->level == t->level && jh_wf_kind(s) == jh_wf_kind(t) &&
           f->y->group[s->school] == f->y->group[t->school] &&
           (!f->same_area ||
            f->w->county->schools[s->school].area == f->w->county->schools[t->school].area);
}

/* Two teachers of a bucket change places for the term (a secondment each,
 * whatever the policy's mode, so both come home). */
static void exchange(jh_workforce *w, jh_wf_year *y, int a, int b, jh_teacher_year *out)
{
    int pa = 2 * w->t[a].school + (int)w->t[a].level;
    int pb = 2 * w->t[b].school + (int)w->t[b].level;
    jh_rotation_mode mode = w->policy.mode;
    w->policy.mode = JH_MODE_SECONDMENT;
    jh_wf_move(w, y, a, pb, out);
    jh_wf_move(w, y, b, pa, out);
    w->policy.mode = mode;
    out->moved_filler += 2;
    out->moved_neutral += 2;
    out->level[pa % 2].moved_filler += 2;
}

/* Like-for-like exchanges until out->moved reaches want and the backbone
 * share holds: backbone pairs first, until the movers the share will end
 * with have their backbone share. Each pair has an eligible teacher; the
 * other may be any teacher at home and not new (as the rule's partners).
 * In a bucket (sorted by school) the i-th candidate pairs with the
 * (i + n/2)-th, from another school. */
static jh_status fill(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                      jh_error *err)
{
    const jh_wf_plan *p = w->policy.plan;
    const jh_rules *ru = &w->rules;
    int term = w->policy.term_years;
    if (out->moved >= want &&
        out->backbone_moved >= jh_wf_ceil_share(w->policy.backbone_share, out->moved))
        return JH_OK;
    if (term <= 0)
        return JH_OK;
    int *c = malloc((w->n + 1) * sizeof *c);
    if (!c)
        return jh_wf_oom(err);
    int n = 0;
    for (size_t k = 0; k < w->n; k++) {
        const jh_workforce_teacher *t = &w->t[k];
        size_t pr = 2 * (size_t)t->school + (size_t)t->level;
        /* the mover eligible; its partner at home and not new (as the rule's) */
        if (t->home >= 0 || t->years_at_school < 0 || (size_t)t->school >= y->ns ||
            !jh_wf_school_active(&w->county->schools[t->school]) || y->moved[k] ||
            pr >= p->np || p->unstable[pr] || y->group[t->school] < 0 || touched(p, t->uid, w->year_no, w->year_no + term - 1) ||
            !(ru->retirement_age <= 0 || t->age <= 0 || t->age + term < ru->retirement_age))
            continue;
        c[n++] = (int)k;
    }
    filler_ctx f = {w, y,
                    w->policy.senior_title_rate > 0 && w->policy.senior_title_requires_rural_years > 0};
    qsort_r(c, (size_t)n, sizeof *c, cmp_filler, &f);
    unsigned char *used = calloc((size_t)n + 1, 1);
    int *L = malloc(((size_t)n + 1) * sizeof *L);
    if (!used || !L) {
        free(c);
        free(used);
        free(L);
        return jh_wf_oom(err);
    }
    /* the movers once the share is filled, and the backbone ones they need */
    long final_moved = out->moved < want ? out->moved + 2 * ((want - out->moved + 1) / 2) : out->moved;
    long bb_target = jh_wf_ceil_share(w->policy.backbone_share, final_moved);
    for (int phase = 0; phase < 2; phase++) {
        for (int a = 0, b; a < n; a = b) {
            for (b = a + 1; b < n && same_bucket(&f, c[a], c[b]); b++)
                ;
            bool bb = w->t[c[a]].backbone;
            int m = 0;
            for (int e = a; e < b; e++)
                if (!used[e])
                    L[m++] = e;
            for (int i = 0; i < m / 2; i++) {
                bool need = out->moved < want;
                if (phase == 0 ? !(bb && out->backbone_moved < bb_target) : !need)
                    break;
                int x = L[i], z = L[i + m / 2];
                if (w->t[c[x]].school == w->t[c[z]].school ||
                    (!jh_wf_eligible(w, &w->t[c[x]]) && !jh_wf_eligible(w, &w->t[c[z]])))
                    continue;
                exchange(w, y, c[x], c[z], out);
                used[x] = used[z] = 1;
            }
        }
    }
    free(c);
    free(used);
    free(L);
    return JH_OK;
}

jh_status jh_wf_replay_year(jh_workforce *w, jh_wf_year *y, long want, jh_teacher_year *out,
                            jh_error *err)
{
    jh_wf_plan *p = w->policy.plan;
    int yr = w->year_no;
    while (p->next < p->n_moves && p->moves[p->next].year <= yr) {
        const jh_wf_plan_move *m = &p->moves[p->next++];
        long k = index_of(w, m->uid);
        if (m->year != yr || k < 0 || 2 * w->t[k].school + (int)w->t[k].level != m->from ||
            m->to < 0 || (size_t)m->to >= y->np)
            return jh_error_set(err, JH_ERR_RUN,
                                "rotation look-ahead: the reference plan's move of teacher %ld in "
                                "year %d cannot be replayed in year %d (a bug)",
                                m->uid, m->year, yr);
        jh_wf_move(w, y, (int)k, m->to, out);
    }
    out->moved_replayed = out->moved;
    out->moved_neutral = p->neutral && yr < p->n_years ? p->neutral[yr] : 0;
    return fill(w, y, want, out, err);
}
