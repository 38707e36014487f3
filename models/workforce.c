/*
 * workforce: the teachers of a county year by year (see workforce.h).
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
 *   the big ones. Flag counts go to teachers
 *   of the level at staggered offsets, so a backbone teacher is not always
 *   also the above-degree one.
 * - Teachers of special-education and vocational schools age and retire but
 *   neither rotate nor receive hires or rotated teachers.
 * - A teacher whose school closes goes to the receiver with years at school
 *   restarted (a new school), like a rotated teacher.
 * - Hires go only to open school levels short of their norm posts; when no
 *   level is short the rest of the year's hires are not made (out->hired
 *   says how many were).
 * - Proportional rotation: every school sends its eligible teachers in
 *   proportion to how many it has (the r-th longest-serving of e eligible
 *   teachers is ranked (r + 0.5) / e; lowest ranks go first, schools with
 *   the larger staff surplus first on ties); backbone teachers are chosen
 *   that way first up to the backbone share, then anyone up to the share
 *   of eligible. Each goes to the school of its group and level with the
 *   largest shortfall of another area type (town <-> rural exchange), else
 *   of its own area, else of the other level.
 * - Optimised rotation: see rotate_optimise (squared CVs plus shortfall,
 *   greedy best moves then swaps, never below the norm by rotation).
 */
#include "workforce.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "sim/metrics.h"
#include "staffing.h"
#include "travel/travel.h"

struct jh_workforce {
    jh_workforce_teacher *t;
    size_t n, cap;
    long next_uid;
    const jh_county *county;  /* as last given: schools are read through it */
    jh_rules rules;
    jh_teacher_policy policy;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

/* years_at_school of a teacher who moves or is hired as a year ends: the
 * end-of-year step adds one, so they begin the next year at 0 */
#define ARRIVES_NEXT_YEAR (-1)

static jh_status oom(jh_error *err)
{
    return jh_error_set(err, JH_ERR_RUN, "workforce: out of memory");
}

static int push(jh_workforce *w, const jh_workforce_teacher *t)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 256;
        jh_workforce_teacher *p = realloc(w->t, cap * sizeof *p);
        if (!p)
            return -1;
        w->t = p;
        w->cap = cap;
    }
    w->t[w->n++] = *t;
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

/* Schools whose teachers rotate and that receive hires and rotated
 * teachers: open (or new), neither special nor vocational nor a candidate. */
static bool school_active(const jh_school *s)
{
    return jh_school_is_open(s) && s->type != JH_SCHOOL_SPECIAL &&
           s->type != JH_SCHOOL_VOCATIONAL && s->type != JH_SCHOOL_CANDIDATE;
}

static bool pair_active(const jh_school *s, jh_level l)
{
    return school_active(s) && jh_school_serves(s->type, l);
}

static long ceil_share(double share, long n)
{
    if (!(share > 0) || n <= 0)
        return 0;
    double v = ceil(share * (double)n - 1e-9);
    long m = v < 0 ? 0 : (long)v;
    return m > n ? n : m;
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
            jh_workforce_teacher t;
            memset(&t, 0, sizeof t);
            t.uid = w->next_uid++;
            t.school = i;
            t.level = (jh_level)l;
            t.years_at_school = (int)(*k % 12);
            t.age = 25 + (int)((*k * 13) % 35);
            t.above_degree = (q + off[0]) % n < f_l[l][0];
            t.backbone = (q + off[1]) % n < f_l[l][1];
            t.pe_art = (q + off[2]) % n < f_l[l][2];
            t.senior_title = (q + off[3]) % n < f_l[l][3];
            (*k)++;
            if (push(w, &t) != 0)
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
        return oom(err);
    for (size_t t = first; t < w->n; t++)
        w->t[t].years_at_school = 0; /* they start at this school this year */
    return JH_OK;
}

jh_status jh_workforce_create(jh_workforce **out, const jh_county *county,
                              const jh_rules *rules, const jh_teacher_policy *policy,
                              jh_error *err)
{
    *out = NULL;
    jh_workforce *w = calloc(1, sizeof *w);
    if (!w)
        return oom(err);
    w->county = county;
    w->rules = *rules;
    w->policy = *policy;
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
            jh_workforce_teacher t;
            memset(&t, 0, sizeof t);
            t.uid = w->next_uid++;
            t.school = r->school;
            t.level = level_at(&county->schools[r->school], r->level);
            t.years_at_school = r->years_at_school > 0 ? r->years_at_school : 0;
            t.age = r->age;
            t.backbone = r->backbone;
            t.above_degree = r->above_degree;
            t.pe_art = r->pe_art;
            t.senior_title = r->senior_title;
            if (push(w, &t) != 0) {
                jh_workforce_free(w);
                return oom(err);
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
                return oom(err);
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
    free(w->t);
    free(w);
}

size_t jh_workforce_count(const jh_workforce *w) { return w->n; }

const jh_workforce_teacher *jh_workforce_teachers(const jh_workforce *w) { return w->t; }

void jh_workforce_transfer_school(jh_workforce *w, int from, int to)
{
    if (from == to || to < 0 || (size_t)to >= w->county->n_schools)
        return;
    const jh_school *dst = &w->county->schools[to];
    for (size_t k = 0; k < w->n; k++) {
        jh_workforce_teacher *t = &w->t[k];
        if (t->school != from)
            continue;
        t->school = to;
        t->level = level_at(dst, t->level);
        t->years_at_school = 0;
    }
}

void jh_workforce_staff(const jh_workforce *w, struct jh_level_staff *staff, size_t n_schools)
{
    memset(staff, 0, 2 * n_schools * sizeof *staff);
    for (size_t k = 0; k < w->n; k++) {
        const jh_workforce_teacher *t = &w->t[k];
        if (t->school < 0 || (size_t)t->school >= n_schools)
            continue;
        jh_level_staff *s = &staff[2 * (size_t)t->school + t->level];
        s->teachers += 1;
        s->above_degree += t->above_degree;
        s->backbone += t->backbone;
        s->pe_art += t->pe_art;
        s->senior_title += t->senior_title;
    }
}

static bool eligible(const jh_workforce *w, const jh_workforce_teacher *t)
{
    return t->years_at_school >= w->policy.min_years && t->school >= 0 &&
           (size_t)t->school < w->county->n_schools &&
           school_active(&w->county->schools[t->school]);
}

long jh_workforce_eligible(const jh_workforce *w)
{
    long e = 0;
    for (size_t k = 0; k < w->n; k++)
        e += eligible(w, &w->t[k]);
    return e;
}

/* ------------------------------------------------------------------ */
/* indexed max-heaps of school levels (pair = 2 * school + level) keyed by
 * shortfall (posts - teachers); ties go to the lower pair, so every choice
 * is deterministic. Each pair sits in at most one heap at a time.       */

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

/* ------------------------------------------------------------------ */
/* the year                                                            */

/* Per-year working state shared by hiring and rotation. */
typedef struct year_state {
    size_t ns;
    double *teachers;  /* per pair: teachers now */
    double *posts;     /* per pair: norm posts (0 for inactive pairs) */
    double *key;       /* per pair: posts - teachers */
    int *pos;          /* heap positions */
    int *group;        /* per school: district group, -1 inactive */
    int n_groups;
} year_state;

static void year_state_free(year_state *y)
{
    free(y->teachers);
    free(y->posts);
    free(y->key);
    free(y->pos);
    free(y->group);
}

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

static jh_status year_state_init(year_state *y, const jh_workforce *w, const jh_county *c,
                                 const int *students, jh_error *err)
{
    memset(y, 0, sizeof *y);
    size_t ns = c->n_schools, np = 2 * ns + 1;
    y->ns = ns;
    y->teachers = calloc(np, sizeof *y->teachers);
    y->posts = calloc(np, sizeof *y->posts);
    y->key = calloc(np, sizeof *y->key);
    y->pos = calloc(np, sizeof *y->pos);
    y->group = malloc((ns + 1) * sizeof *y->group);
    if (!y->teachers || !y->posts || !y->key || !y->pos || !y->group)
        return oom(err);
    for (size_t k = 0; k < w->n; k++) {
        const jh_workforce_teacher *t = &w->t[k];
        if (t->school >= 0 && (size_t)t->school < ns)
            y->teachers[2 * (size_t)t->school + t->level] += 1;
    }
    for (size_t i = 0; i < ns; i++) {
        const jh_school *s = &c->schools[i];
        for (int l = 0; l < JH_NLEVELS; l++) {
            size_t p = 2 * i + (size_t)l;
            if (pair_active(s, (jh_level)l)) {
                double beds = s->res.boarding_beds * jh_indicators_level_share(s, (jh_level)l, &w->rules);
                y->posts[p] = jh_staffing_posts(students[p], w->rules.staffing_norm[l], beds,
                                                w->rules.boarding_extra_posts_per100_beds);
            }
            y->key[p] = y->posts[p] - y->teachers[p];
        }
    }
    /* district groups of active schools */
    int *idx = malloc((ns + 1) * sizeof *idx);
    if (!idx)
        return oom(err);
    int m = 0;
    for (size_t i = 0; i < ns; i++) {
        y->group[i] = -1;
        if (school_active(&c->schools[i]))
            idx[m++] = (int)i;
    }
    if (w->policy.within_district) {
        qsort_r(idx, (size_t)m, sizeof *idx, cmp_district, (void *)c);
        for (int k = 0; k < m; k++) {
            if (k > 0 && cmp_district(&idx[k - 1], &idx[k], (void *)c) != 0) {
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
    return JH_OK;
}

static jh_status hire(jh_workforce *w, const jh_county *c, year_state *y, jh_teacher_year *out,
                      jh_error *err)
{
    int n_hire = w->policy.hiring_per_year;
    if (n_hire <= 0)
        return JH_OK;
    size_t np = 2 * y->ns;
    int *buf = malloc((np + 1) * sizeof *buf);
    if (!buf)
        return oom(err);
    heap h[JH_NAREAS] = {{0}};
    int cnt[JH_NAREAS] = {0};
    for (size_t p = 0; p < np; p++)
        if (pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
            cnt[c->schools[p / 2].area]++;
    int off = 0;
    for (int a = 0; a < JH_NAREAS; a++) {
        h[a].a = buf + off;
        off += cnt[a];
    }
    for (size_t p = 0; p < np; p++)
        if (pair_active(&c->schools[p / 2], (jh_level)(p % 2))) {
            heap *hh = &h[c->schools[p / 2].area];
            hh->a[hh->n++] = (int)p;
        }
    heap_ctx hc = {y->key, y->pos};
    for (int a = 0; a < JH_NAREAS; a++)
        heap_build(&h[a], &hc);
    static const int order[JH_NAREAS] = {JH_RURAL, JH_TOWN, JH_URBAN};
    jh_status st = JH_OK;
    for (int k = 0; k < n_hire; k++) {
        int best = -1, ba = -1;
        for (int oi = 0; oi < JH_NAREAS; oi++) {
            int a = order[oi];
            if (h[a].n == 0 || !(y->key[h[a].a[0]] > 1e-9))
                continue;
            int cand = h[a].a[0];
            if (best < 0 || (w->policy.hiring_priority == JH_HIRE_LARGEST_SHORTFALL &&
                             before(&hc, cand, best))) {
                best = cand;
                ba = a;
            }
            if (w->policy.hiring_priority == JH_HIRE_RURAL_FIRST)
                break;
        }
        if (best < 0)
            break; /* no school level short of its norm */
        jh_workforce_teacher t;
        memset(&t, 0, sizeof t);
        t.uid = w->next_uid++;
        t.school = best / 2;
        t.level = (jh_level)(best % 2);
        t.age = 24;
        t.years_at_school = ARRIVES_NEXT_YEAR;
        if (push(w, &t) != 0) {
            st = oom(err);
            break;
        }
        y->teachers[best] += 1;
        y->key[best] -= 1;
        heap_fix(&h[ba], &hc, best);
        out->hired++;
    }
    free(buf);
    return st;
}

/* ------------------------------------------------------------------ */
/* proportional rotation                                               */

typedef struct mover {
    int t;          /* teacher index */
    double key;     /* (rank + 0.5) / eligible at its school */
    double surplus; /* its school's staff surplus at the start */
    int school;
    int rank;
} mover;

static int cmp_mover(const void *a, const void *b)
{
    const mover *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->surplus != y->surplus)
        return x->surplus > y->surplus ? -1 : 1;
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* longest-serving first, then roster order */
static int cmp_seniority(const void *a, const void *b, void *ctx)
{
    const jh_workforce_teacher *t = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (t[i].school != t[j].school)
        return t[i].school < t[j].school ? -1 : 1;
    if (t[i].years_at_school != t[j].years_at_school)
        return t[i].years_at_school > t[j].years_at_school ? -1 : 1;
    return (t[i].uid > t[j].uid) - (t[i].uid < t[j].uid);
}

/* Ranks the teachers in `ids` (sorted by school then seniority) within
 * their schools. */
static void fill_movers(const jh_workforce *w, const year_state *y, const int *ids, int n,
                        mover *m)
{
    int start = 0;
    while (start < n) {
        int school = w->t[ids[start]].school, end = start;
        while (end < n && w->t[ids[end]].school == school)
            end++;
        double surplus = -(y->key[2 * school] + y->key[2 * school + 1]);
        for (int k = start; k < end; k++) {
            m[k].t = ids[k];
            m[k].rank = k - start;
            m[k].key = (k - start + 0.5) / (double)(end - start);
            m[k].surplus = surplus;
            m[k].school = school;
        }
        start = end;
    }
    qsort(m, (size_t)n, sizeof *m, cmp_mover);
}

typedef struct rot_heaps {
    heap *h;      /* (group * 2 + level) * 3 + area */
    int *buf;
    heap_ctx hc;
} rot_heaps;

static jh_status rot_heaps_init(rot_heaps *r, const jh_county *c, year_state *y, jh_error *err)
{
    size_t nh = (size_t)y->n_groups * 6 + 1, np = 2 * y->ns;
    r->h = calloc(nh, sizeof *r->h);
    r->buf = malloc((np + 1) * sizeof *r->buf);
    if (!r->h || !r->buf)
        return oom(err);
    r->hc.key = y->key;
    r->hc.pos = y->pos;
    int *cnt = calloc(nh, sizeof *cnt);
    if (!cnt)
        return oom(err);
    for (size_t p = 0; p < np; p++) {
        const jh_school *s = &c->schools[p / 2];
        if (pair_active(s, (jh_level)(p % 2)))
            cnt[((size_t)y->group[p / 2] * 2 + p % 2) * 3 + s->area]++;
    }
    int off = 0;
    for (size_t k = 0; k < nh; k++) {
        r->h[k].a = r->buf + off;
        off += cnt[k];
    }
    free(cnt);
    for (size_t p = 0; p < np; p++) {
        const jh_school *s = &c->schools[p / 2];
        if (pair_active(s, (jh_level)(p % 2))) {
            heap *h = &r->h[((size_t)y->group[p / 2] * 2 + p % 2) * 3 + s->area];
            h->a[h->n++] = (int)p;
        }
    }
    for (size_t k = 0; k < nh; k++)
        heap_build(&r->h[k], &r->hc);
    return JH_OK;
}

static void rot_heaps_free(rot_heaps *r)
{
    free(r->h);
    free(r->buf);
}

static heap *heap_of(rot_heaps *r, const jh_county *c, const year_state *y, int pair)
{
    int s = pair / 2;
    return &r->h[((size_t)y->group[s] * 2 + (size_t)(pair % 2)) * 3 + c->schools[s].area];
}

/* The destination pair of a teacher of pair `from`: the largest shortfall
 * among the other area types of its group and level, else its own area,
 * else the other level. -1 when its group has no other school. */
static int destination(rot_heaps *r, const jh_county *c, const year_state *y, int from)
{
    int school = from / 2, g = y->group[school];
    int area = (int)c->schools[school].area;
    for (int pass = 0; pass < 2; pass++) {
        int l = pass == 0 ? from % 2 : 1 - from % 2;
        int best = -1;
        for (int a = 0; a < JH_NAREAS; a++) {
            if (a == area)
                continue;
            int cand = heap_best_except(&r->h[((size_t)g * 2 + (size_t)l) * 3 + a], &r->hc, school, 2);
            if (cand >= 0 && (best < 0 || before(&r->hc, cand, best)))
                best = cand;
        }
        if (best < 0)
            best = heap_best_except(&r->h[((size_t)g * 2 + (size_t)l) * 3 + area], &r->hc,
                                    school, 2);
        if (best >= 0)
            return best;
    }
    return -1;
}

static void move_teacher(jh_workforce *w, rot_heaps *r, const jh_county *c, year_state *y, int ti,
                         int to)
{
    jh_workforce_teacher *t = &w->t[ti];
    int from = 2 * t->school + t->level;
    y->teachers[from] -= 1;
    y->key[from] += 1;
    if (r)
        heap_fix(heap_of(r, c, y, from), &r->hc, from);
    y->teachers[to] += 1;
    y->key[to] -= 1;
    if (r)
        heap_fix(heap_of(r, c, y, to), &r->hc, to);
    t->school = to / 2;
    t->level = (jh_level)(to % 2);
    t->years_at_school = ARRIVES_NEXT_YEAR;
}

static jh_status rotate_proportional(jh_workforce *w, const jh_county *c, year_state *y,
                                     const int *elig, int n_elig, long want, long want_bb,
                                     jh_teacher_year *out, jh_error *err)
{
    jh_status st = JH_OK;
    rot_heaps r = {0};
    int *bb = calloc((size_t)n_elig + 1, sizeof *bb);
    mover *m = calloc((size_t)n_elig + 1, sizeof *m);
    mover *mb = calloc((size_t)n_elig + 1, sizeof *mb);
    unsigned char *done = calloc(w->n + 1, 1); /* by teacher: moved this year */
    if (!bb || !m || !mb || !done) {
        st = oom(err);
        goto end;
    }
    if ((st = rot_heaps_init(&r, c, y, err)) != JH_OK)
        goto end;
    int n_bb = 0;
    for (int k = 0; k < n_elig; k++)
        if (w->t[elig[k]].backbone)
            bb[n_bb++] = elig[k];
    fill_movers(w, y, elig, n_elig, m);
    fill_movers(w, y, bb, n_bb, mb);
    for (int pass = 0; pass < 2; pass++) {
        const mover *list = pass == 0 ? mb : m;
        int n = pass == 0 ? n_bb : n_elig;
        for (int k = 0; k < n; k++) {
            if (pass == 0 ? out->backbone_moved >= want_bb : out->moved >= want)
                break;
            int ti = list[k].t;
            jh_workforce_teacher *t = &w->t[ti];
            if (done[ti])
                continue;
            int to = destination(&r, c, y, 2 * t->school + t->level);
            if (to < 0)
                continue;
            bool is_bb = t->backbone;
            move_teacher(w, &r, c, y, ti, to);
            done[ti] = 1;
            out->moved++;
            out->backbone_moved += is_bb;
        }
    }
end:
    rot_heaps_free(&r);
    free(bb);
    free(m);
    free(mb);
    free(done);
    return st;
}


/* ------------------------------------------------------------------ */
/* optimised rotation                                                  */

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
 * a school level below min(its teachers before rotation, its norm posts),
 * until the share of eligible is met. Then pairwise swaps of destinations
 * between moved teachers while they lower J. Moves the greedy cannot make
 * under the norm rule are completed by the proportional rule, so the share
 * rules hold whenever they can.
 */

#define NKIND 8 /* above-degree, backbone, PE/art bits */

static int kind_of(const jh_workforce_teacher *t)
{
    return (t->above_degree ? 1 : 0) | (t->backbone ? 2 : 0) | (t->pe_art ? 4 : 0);
}

typedef struct opt_state {
    const jh_county *c;
    year_state *y;
    size_t np;
    double *cnt;        /* per pair x 3 indicator counts */
    double *floor_t;    /* per pair: min(teachers before, posts) */
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
    double posts = o->y->posts[p], t = o->y->teachers[p];
    return cv_term(o, p, kind, -1.0) + comp_term(o, p, kind, -1) +
           o->short_w * (shortfall(posts, t - 1) - shortfall(posts, t));
}

static double dst_term(const opt_state *o, int p, int kind)
{
    double posts = o->y->posts[p], t = o->y->teachers[p];
    return cv_term(o, p, kind, +1.0) + comp_term(o, p, kind, +1) +
           o->short_w * (shortfall(posts, t + 1) - shortfall(posts, t));
}

static void opt_free(opt_state *o)
{
    free(o->cnt);
    free(o->floor_t);
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

static jh_status opt_init(opt_state *o, const jh_workforce *w, const jh_county *c, year_state *y,
                          const int *elig, int n_elig, jh_error *err)
{
    memset(o, 0, sizeof *o);
    o->c = c;
    o->y = y;
    o->np = 2 * y->ns;
    size_t np = o->np, ng = (size_t)y->n_groups;
    o->cnt = calloc(3 * np + 1, sizeof *o->cnt);
    o->floor_t = calloc(np + 1, sizeof *o->floor_t);
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
    if (!o->cnt || !o->floor_t || !o->P || !o->avail_start || !o->avail_next || !o->avail_ids ||
        !o->glist || !o->gstart || !o->fac_reached || !o->fac_floor || !o->counted)
        return oom(err);
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
        o->P[p] = jh_school_level_students(&c->schools[p / 2], (jh_level)(p % 2));
    double posts_sum = 0;
    for (size_t p = 0; p < np; p++) {
        o->floor_t[p] = fmin(y->teachers[p], y->posts[p]);
        posts_sum += y->posts[p];
        if (!pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
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
        if (pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
            o->gstart[(size_t)y->group[p / 2] * 2 + p % 2 + 1]++;
    for (size_t g = 0; g < 2 * ng; g++)
        o->gstart[g + 1] += o->gstart[g];
    int *fill = malloc((2 * ng + 1) * sizeof *fill);
    if (!fill)
        return oom(err);
    memcpy(fill, o->gstart, 2 * ng * sizeof *fill);
    for (size_t p = 0; p < np; p++)
        if (pair_active(&c->schools[p / 2], (jh_level)(p % 2)))
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

static double src_key(const opt_state *o, int p, int kind, bool respect)
{
    if (!avail(o, p, kind) || (respect && !(o->y->teachers[p] - 1 >= o->floor_t[p] - 1e-9)))
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
        return oom(err);
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
static void opt_heaps_rebuild(opt_heaps *h, const opt_state *o, bool respect)
{
    for (size_t hi = 0; hi < h->nh; hi++)
        for (int q = 0; q < h->sh[hi].n; q++) {
            int item = h->sh[hi].a[q];
            h->skey[item] = src_key(o, item / NKIND, item % NKIND, respect);
            h->dkey[item] = dst_key(o, item / NKIND, item % NKIND);
        }
    heap_ctx sc = {h->skey, h->spos}, dc = {h->dkey, h->dpos};
    for (size_t hi = 0; hi < h->nh; hi++) {
        heap_build(&h->sh[hi], &sc);
        heap_build(&h->dh[hi], &dc);
    }
}

/* After pair p's counts changed: its keys of every kind. */
static void opt_heaps_update(opt_heaps *h, const opt_state *o, int p, bool respect)
{
    size_t L = (size_t)o->y->group[p / 2] * 2 + (size_t)(p % 2);
    heap_ctx sc = {h->skey, h->spos}, dc = {h->dkey, h->dpos};
    for (int kind = 0; kind < NKIND; kind++) {
        int item = p * NKIND + kind;
        h->skey[item] = src_key(o, p, kind, respect);
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
    jh_workforce_teacher *t = &w->t[ti];
    int from = 2 * t->school + t->level, l = t->level;
    double dc[3] = {t->above_degree, t->backbone, t->pe_art};
    bool from_counted = students_of_pair(o, from) > 0;
    for (int k = 0; k < 3; k++) {
        o->cnt[3 * (size_t)from + k] -= dc[k];
        o->cnt[3 * (size_t)to + k] += dc[k];
        if (!from_counted)
            o->C[l][k] += dc[k]; /* destinations always have students */
    }
    move_teacher(w, NULL, o->c, o->y, ti, to);
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

static jh_status rotate_optimise(jh_workforce *w, const jh_county *c, year_state *y, int *elig,
                                 int n_elig, long want, long want_bb, jh_teacher_year *out,
                                 jh_error *err)
{
    opt_state o;
    jh_status st = opt_init(&o, w, c, y, elig, n_elig, err);
    opt_move *mv = malloc(((size_t)want + 1) * sizeof *mv);
    unsigned char *moved = calloc(w->n + 1, 1);
    if (st == JH_OK && (!mv || !moved))
        st = oom(err);
    long n_mv = 0;
    opt_heaps hp;
    memset(&hp, 0, sizeof hp);
    if (st == JH_OK)
        st = opt_heaps_init(&hp, &o, 2 * y->n_groups, err);
    for (int respect = 1; st == JH_OK && respect >= 0 && out->moved < want; respect--) {
        /* with the norm rule first; without it only if the share rule
         * cannot be met otherwise */
        opt_heaps_rebuild(&hp, &o, respect);
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
            bool is_bb = w->t[ti].backbone;
            bool counted = o.P[bf] > 0;
            opt_apply(w, &o, ti, bt);
            if (counted) {
                opt_heaps_update(&hp, &o, bf, respect);
                opt_heaps_update(&hp, &o, bt, respect);
            } else {
                opt_heaps_rebuild(&hp, &o, respect); /* C_k changed */
            }
            moved[ti] = 1;
            mv[n_mv++] = (opt_move){ti, bf, bt, bk};
            out->moved++;
            out->backbone_moved += is_bb;
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
    /* what the greedy could not place goes by the proportional rule */
    if (st == JH_OK && (out->moved < want || out->backbone_moved < want_bb)) {
        int m = 0;
        for (int e = 0; e < n_elig; e++)
            if (!moved[elig[e]])
                elig[m++] = elig[e];
        st = rotate_proportional(w, c, y, elig, m, want, want_bb, out, err);
    }
    free(mv);
    free(moved);
    opt_free(&o);
    return st;
}

/* ------------------------------------------------------------------ */

jh_status jh_workforce_year(jh_workforce *w, const jh_county *county, const int *students,
                            jh_teacher_year *out, jh_error *err)
{
    memset(out, 0, sizeof *out);
    w->county = county;
    size_t ns = county->n_schools;
    /* the teachers who taught this year, before it ends with retirement
     * and hiring: total(Y+1) = total(Y) - retired(Y) + hired(Y) */
    out->total = (long)w->n;
    /* ageing and retirement (an age of 0 means unknown: never retires) */
    size_t keep = 0;
    for (size_t k = 0; k < w->n; k++) {
        jh_workforce_teacher *t = &w->t[k];
        if (t->age > 0)
            t->age++;
        if (w->rules.retirement_age > 0 && t->age > 0 && t->age >= w->rules.retirement_age) {
            out->retired++;
            continue;
        }
        w->t[keep++] = *t;
    }
    w->n = keep;

    year_state y;
    jh_status st = year_state_init(&y, w, county, students, err);
    if (st == JH_OK)
        st = hire(w, county, &y, out, err);
    int *elig = NULL;
    if (st == JH_OK) {
        elig = malloc((w->n + 1) * sizeof *elig);
        if (!elig)
            st = oom(err);
    }
    if (st == JH_OK) {
        int n_elig = 0, n_bb = 0;
        for (size_t k = 0; k < w->n; k++)
            if (eligible(w, &w->t[k]) && (size_t)w->t[k].school < ns) {
                elig[n_elig++] = (int)k;
                n_bb += w->t[k].backbone;
            }
        out->eligible = n_elig;
        if (w->policy.rotation && n_elig > 0) {
            qsort_r(elig, (size_t)n_elig, sizeof *elig, cmp_seniority, w->t);
            long want = ceil_share(w->policy.share_of_eligible, n_elig);
            long want_bb = ceil_share(w->policy.backbone_share, want);
            if (want_bb > want)
                want_bb = want;
            st = w->policy.method == JH_ROTATE_OPTIMISE
                     ? rotate_optimise(w, county, &y, elig, n_elig, want, want_bb, out, err)
                     : rotate_proportional(w, county, &y, elig, n_elig, want, want_bb, out, err);
            long need_bb = ceil_share(w->policy.backbone_share, out->moved);
            if (out->backbone_moved < need_bb)
                out->backbone_short = need_bb - out->backbone_moved;
            (void)n_bb;
        }
    }
    free(elig);
    year_state_free(&y);
    /* one more completed year at their school for everyone who taught the
     * year there; the year's movers and hires start the next year at 0.
     * Eligibility above used the years completed when the year began, as
     * the roster states them. */
    for (size_t k = 0; k < w->n; k++)
        w->t[k].years_at_school++;
    return st;
}
