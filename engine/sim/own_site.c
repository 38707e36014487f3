/*
 * own_site.c: the base year's own-site students given to the villages
 * short of their children (see own_site.h).
 *
 * Nearest first over the whole county, without listing every pair: each
 * short village asks for its nearest school with own-site students of a
 * grade it lacks (a k-d tree of the schools that knows what each part of
 * the county still offers, spatial_tree.h; od.csv's pairs in cost order
 * when given); a heap orders the villages by that cost
 * (to a thousandth, then by index) and the one on top takes what it can, then asks again.
 * A school whose students ran out meanwhile is asked again for, so the
 * pairs are made in order of cost as if every pair had been sorted. The
 * first round only pairs a village with schools of its catchment school's
 * district; the second with any school.
 */
#include "sim/own_site.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "spatial_tree.h"
#include "travel/travel.h"

struct jh_own_site {
    long *pair;   /* village * n_schools + school, sorted */
    size_t n;
    long ns;
    size_t *start; /* per village v: its pairs are pair[start[v]..start[v + 1])
                      (most have none, the rest one or two) */
    size_t nv;
};

typedef struct entry {
    double cost;
    int village, school;
} entry;

typedef struct heap {
    entry *v;
    size_t n, cap;
} heap;

static bool before(const entry *a, const entry *b)
{
    if (a->cost != b->cost)
        return a->cost < b->cost;
    return a->village < b->village;
}

static int heap_push(heap *h, entry e)
{
    entry *v = jh_array_grow(h->v, h->n, &h->cap, sizeof *v, 256);
    if (!v)
        return -1;
    h->v = v;
    size_t i = h->n++;
    while (i > 0 && before(&e, &h->v[(i - 1) / 2])) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = e;
    return 0;
}

static entry heap_pop(heap *h)
{
    entry top = h->v[0], last = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const entry *best = &last;
        if (l < h->n && before(&h->v[l], best))
            best = &h->v[m = l];
        if (l + 1 < h->n && before(&h->v[l + 1], best))
            best = &h->v[m = l + 1];
        if (m == i)
            break;
        h->v[i] = h->v[m];
        i = m;
    }
    if (h->n > 0)
        h->v[i] = last;
    return top;
}

/* The schools one query may take from (round one: of one district; round
 * two: all), indexed by what they still offer. */
typedef struct group {
    int *school;          /* members, ascending */
    size_t n;
    jh_point_tree *tree;  /* of the members; NULL: not built */
} group;

typedef struct match {
    const jh_county *c;
    const jh_travel *t;
    jh_level level;
    long *surplus;   /* n_schools * JH_NGRADES */
    long *shortage;  /* JH_NGRADES * n_villages, grade by grade */
    size_t nv;
    int first, end;  /* the level's grades */
    unsigned grades; /* the level's grades' bits */
    int village;
    int district;       /* round one: the village's district id; -1: any */
    const int *sdist;   /* per school: its district's id, -1 none */
    const int *home;    /* per village: its school's district id (round one) */
    group *groups;      /* round one: per district id; round two: one */
    size_t n_groups;
    unsigned *offers;   /* per school: bit g when its surplus of grade g > 0
                           (the trees' masks: a search passes the parts of
                           the county offering no grade the village lacks) */
    uint16_t *lack;     /* per village: bit g when its shortage of grade g > 0
                           (what the searches and checks read: 2 bytes a
                           village, not its shortages, 9 scattered longs) */
    const double *sx, *sy; /* per school: its coordinates */
} match;

/* The grades of the level school has to give and village v lacks. */
static unsigned both_ways(const match *m, int school, int v)
{
    return m->offers[school] & m->lack[v] & m->grades;
}

static bool acceptable(int school, void *ctx)
{
    const match *m = ctx;
    if (m->district >= 0 && m->sdist[school] != m->district)
        return false;
    return both_ways(m, school, m->village) != 0;
}

static bool lacks(const match *m, int v) { return (m->lack[v] & m->grades) != 0; }

static bool has_surplus(const match *m, int school) { return (m->offers[school] & m->grades) != 0; }

/* Group k's tree, built at its first search. */
static const jh_point_tree *group_tree(match *m, size_t k)
{
    group *gr = &m->groups[k];
    if (!gr->tree)
        gr->tree = jh_point_tree_create(m->sx, m->sy, m->offers, gr->school, gr->n);
    return gr->tree;
}

static void free_groups(match *m)
{
    for (size_t k = 0; k < m->n_groups; k++) {
        free(m->groups[k].school);
        jh_point_tree_free(m->groups[k].tree);
    }
    free(m->groups);
    m->groups = NULL;
    m->n_groups = 0;
}

/* The groups of one round: the schools taking the level with a surplus in
 * it, by district (round one) or all together. */
static int make_groups(match *m, bool by_district, size_t n_districts)
{
    const jh_county *c = m->c;
    m->n_groups = by_district ? n_districts : 1;
    m->groups = calloc(m->n_groups + 1, sizeof *m->groups);
    if (!m->groups)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < c->n_schools; s++) {
            if (!jh_school_takes_students(&c->schools[s], m->level) || !has_surplus(m, (int)s))
                continue;
            int k = by_district ? m->sdist[s] : 0;
            if (k < 0)
                continue;
            group *gr = &m->groups[k];
            if (pass == 1)
                gr->school[gr->n] = (int)s;
            gr->n++;
        }
        for (size_t k = 0; pass == 0 && k < m->n_groups; k++) {
            group *gr = &m->groups[k];
            gr->school = malloc((gr->n + 1) * sizeof *gr->school);
            if (!gr->school)
                return -1;
            gr->n = 0;
        }
    }
    return 0;
}

typedef struct made {
    int village, school, grade;
    long count;
} made;

typedef struct made_list {
    made *v;
    size_t n, cap;
} made_list;

static int made_push(made_list *l, made m)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        made *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = m;
    return 0;
}

/* Asks for village v's nearest acceptable school and queues it. */
static int ask(heap *h, match *m, int v)
{
    m->village = v;
    double cost;
    int s;
    if (m->c->has_od) {
        /* the village's od pairs by cost (jh_travel_nearest_in with the
         * group's index gave the same: it reads no index for a village) */
        s = jh_travel_nearest(m->t, v, m->level, acceptable, m, &cost);
    } else {
        /* the straight-line search, passing what offers nothing v lacks:
         * the tree holds the round's schools (round one: of v's district)
         * and a school's mask is what it offers, so a school whose mask
         * meets what v lacks is acceptable() */
        const jh_point_tree *tr = group_tree(m, m->district >= 0 ? (size_t)m->district : 0);
        if (!tr)
            return -1;
        s = jh_point_tree_nearest(tr, m->c->villages[v].x, m->c->villages[v].y,
                                  m->lack[v] & m->grades, NULL, NULL, &cost);
    }
    if (s < 0 || !isfinite(cost))
        return 0;
    /* to a thousandth (a millimetre, or 0.06 s): villages as far as each
     * other go by index, whatever noise the layer's format left in their
     * coordinates (a polygon's centroid) */
    return heap_push(h, (entry){round(cost * 1000) / 1000, v, s});
}

/* One round of one level: pairs made into `out`. */
static int pair_round(match *m, bool by_district, size_t n_districts, const bool *fixed,
                      made_list *out)
{
    const jh_county *c = m->c;
    heap h = {0};
    if (make_groups(m, by_district, n_districts) != 0)
        goto oom;
    for (size_t v = 0; v < c->n_villages; v++) {
        if (fixed[v] || !lacks(m, (int)v))
            continue;
        m->district = by_district ? m->home[v] : -1;
        if (by_district && m->district < 0)
            continue;
        if (ask(&h, m, (int)v) != 0)
            goto oom;
    }
    while (h.n > 0) {
        entry e = heap_pop(&h);
        int v = e.village;
        m->village = v;
        m->district = by_district ? m->home[v] : -1;
        if (acceptable(e.school, m)) {
            unsigned both = both_ways(m, e.school, v);
            for (int g = m->first; g < m->end; g++) {
                if (!((both >> g) & 1))
                    continue;
                long *sur = &m->surplus[(size_t)e.school * JH_NGRADES + (size_t)g];
                long *sho = &m->shortage[(size_t)g * m->nv + (size_t)v];
                long n = *sur < *sho ? *sur : *sho;
                if (made_push(out, (made){v, e.school, g, n}) != 0)
                    goto oom;
                *sur -= n;
                *sho -= n;
                if (*sho <= 0)
                    m->lack[v] &= (uint16_t)~(1u << g);
                if (*sur <= 0) {
                    m->offers[e.school] &= ~(1u << g);
                    const group *gr = &m->groups[m->district >= 0 ? (size_t)m->district : 0];
                    if (gr->tree)
                        jh_point_tree_mask_changed(gr->tree, e.school);
                }
            }
        }
        if (lacks(m, v) && ask(&h, m, v) != 0)
            goto oom;
    }
    free(h.v);
    free_groups(m);
    return 0;
oom:
    free(h.v);
    free_groups(m);
    return -1;
}

typedef struct named {
    const char *name;
    int school;
} named;

static int by_name(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (x->school > y->school) - (x->school < y->school);
}

/* Each school's district as an id (-1: none), the same string the same id. */
static int *district_ids(const jh_county *c, size_t *n_ids)
{
    size_t ns = c->n_schools;
    int *id = malloc((ns + 1) * sizeof *id);
    named *order = malloc((ns + 1) * sizeof *order);
    if (!id || !order) {
        free(id);
        free(order);
        return NULL;
    }
    size_t n = 0;
    for (size_t s = 0; s < ns; s++) {
        id[s] = -1;
        if (c->schools[s].district)
            order[n++] = (named){c->schools[s].district, (int)s};
    }
    qsort(order, n, sizeof *order, by_name);
    int next = -1;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || strcmp(order[k].name, order[k - 1].name) != 0)
            next++;
        id[order[k].school] = next;
    }
    *n_ids = (size_t)(next + 1);
    free(order);
    return id;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* o->pair[0..o->n) ascending (as qsort with cmp_long gave): counted out
 * by village (the key's high part), then each village's few by insertion
 * (a long run by qsort). -1 when out of memory. */
static int sort_pairs(jh_own_site *o, size_t nv)
{
    size_t *at = calloc(nv + 2, sizeof *at);
    long *tmp = malloc((o->n + 1) * sizeof *tmp);
    if (!at || !tmp) {
        free(at);
        free(tmp);
        return -1;
    }
    for (size_t k = 0; k < o->n; k++)
        at[o->pair[k] / o->ns + 1]++;
    for (size_t v = 0; v < nv; v++)
        at[v + 1] += at[v];
    for (size_t k = 0; k < o->n; k++)
        tmp[at[o->pair[k] / o->ns]++] = o->pair[k];
    for (size_t from = 0; from < o->n;) {
        size_t to = from + 1;
        while (to < o->n && tmp[to] / o->ns == tmp[from] / o->ns)
            to++;
        if (to - from > 32) {
            qsort(tmp + from, to - from, sizeof *tmp, cmp_long);
        } else {
            for (size_t i = from + 1; i < to; i++) {
                long x = tmp[i];
                size_t j = i;
                for (; j > from && tmp[j - 1] > x; j--)
                    tmp[j] = tmp[j - 1];
                tmp[j] = x;
            }
        }
        from = to;
    }
    memcpy(o->pair, tmp, o->n * sizeof *tmp);
    free(at);
    free(tmp);
    return 0;
}

typedef struct kept_school {
    int school;
    long count;
} kept_school;

static int by_count(const void *a, const void *b)
{
    const kept_school *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->school < y->school ? -1 : x->school > y->school;
}

/* The schools keeping own-site students, the most first (eight named). */
static void warn_kept(const jh_county *c, const long *surplus, const jh_own_site_tally *tally,
                      jh_warnings *w)
{
    long total = tally->kept[JH_PRIMARY] + tally->kept[JH_JUNIOR];
    if (!w || total <= 0)
        return;
    kept_school *k = malloc((c->n_schools + 1) * sizeof *k);
    if (!k)
        return;
    size_t n = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        long sum = 0;
        for (int g = 0; g < JH_NGRADES; g++)
            sum += surplus[i * JH_NGRADES + (size_t)g];
        if (sum > 0)
            k[n++] = (kept_school){(int)i, sum};
    }
    qsort(k, n, sizeof *k, by_count);
    char list[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && i < 8 && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s %ld", i ? ", " : "",
                                c->schools[k[i].school].id, k[i].count);
    if (n > 8 && len < sizeof list)
        snprintf(list + len, sizeof list - len, " and %zu more", n - 8);
    jh_warnings_add(w,
                    "%ld students of the base year (%ld primary, %ld junior) are beyond the "
                    "children projections.csv gives every village short of its count: they stay "
                    "at their school's own site until they leave, in no village's count (%s)",
                    total, tally->kept[JH_PRIMARY], tally->kept[JH_JUNIOR], list);
    free(k);
}

jh_status jh_own_site_attribute(jh_own_site **out, const jh_county *c, const jh_scenario *sc,
                                const jh_travel *t, const jh_demography *d,
                                const bool *fixed, jh_cell *cells, size_t n_cells,
                                jh_own_site_push_fn push, void *ctx, jh_own_site_tally *tally,
                                jh_warnings *w, jh_error *err)
{
    size_t ns = c->n_schools, nv = c->n_villages;
    jh_own_site_tally none;
    if (!tally)
        tally = &none;
    *out = NULL;
    memset(tally, 0, sizeof *tally);
    if (!c->has_projections || c->n_projections == 0 || sc->migration.keep_share)
        return JH_OK; /* the enrolled follow no table */
    const jh_rules *r = &sc->rules;
    long *surplus = calloc(ns * JH_NGRADES + 1, sizeof *surplus);
    long *taken = calloc(ns * JH_NGRADES + 1, sizeof *taken);
    /* grade by grade: the base year's cells come so (attribute_base_year),
     * each grade's school by school, and one grade's shortages stay in the
     * cache while they are counted off */
    long *shortage = calloc(nv * JH_NGRADES + 1, sizeof *shortage); /* every item written */
    made_list made_pairs = {0};
    int *home = calloc(nv + 1, sizeof *home);
    uint16_t *lack = calloc(nv + 1, sizeof *lack);
    unsigned *offers = NULL;
    double *sx = NULL, *sy = NULL;
    size_t n_districts = 0;
    int *sdist = district_ids(c, &n_districts);
    jh_own_site *o = calloc(1, sizeof *o);
    if (!surplus || !taken || !shortage || !home || !lack || !sdist || !o)
        goto oom;
    o->ns = (long)ns;
    for (size_t k = 0; k < n_cells; k++) {
        const jh_cell *cl = &cells[k];
        if (cl->count <= 0 || cl->grade < 0 || cl->grade >= JH_NGRADES)
            continue;
        if (cl->origin < 0) {
            int own = -1 - cl->origin;
            if (cl->school == own && jh_school_takes_students(&c->schools[own], jh_grade_level(cl->grade)))
                surplus[(size_t)own * JH_NGRADES + (size_t)cl->grade] += cl->count;
        } else if (!fixed[cl->origin]) {
            shortage[(size_t)cl->grade * nv + (size_t)cl->origin] -= cl->count;
        }
    }
    double rate[JH_NGRADES];
    rate[0] = r->intake_rate;
    for (int g = 1; g < JH_NGRADES; g++)
        rate[g] = rate[g - 1] * (g == 6 ? r->transition_rate : r->promotion_rate);
    for (size_t v = 0; v < nv; v++) {
        if (fixed[v])
            continue;
        jh_demography_row row;
        jh_demography_row_of(d, (int)v, &row);
        for (int g = 0; g < JH_NGRADES; g++) {
            long *s = &shortage[(size_t)g * nv + v];
            *s += (long)floor(row.children[g + 6] * rate[g] + 0.5);
            if (*s < 0)
                *s = 0;
            if (*s > 0)
                lack[v] |= (uint16_t)(1u << g);
        }
    }
    long any = 0;
    for (size_t i = 0; i < ns * JH_NGRADES; i++)
        any += surplus[i];
    if (any == 0)
        goto done;
    memcpy(taken, surplus, ns * JH_NGRADES * sizeof *taken);
    if (!(offers = calloc(ns + 1, sizeof *offers)) || !(sx = malloc((ns + 1) * sizeof *sx)) ||
        !(sy = malloc((ns + 1) * sizeof *sy)))
        goto oom;
    for (size_t i = 0; i < ns; i++) {
        sx[i] = c->schools[i].x;
        sy[i] = c->schools[i].y;
    }
    for (size_t i = 0; i < ns; i++)
        for (int g = 0; g < JH_NGRADES; g++)
            if (surplus[i * JH_NGRADES + (size_t)g] > 0)
                offers[i] |= 1u << g;
    for (int l = 0; l < JH_NLEVELS; l++) {
        /* a village's district: its catchment school's, else its nearest
         * school's */
        for (size_t v = 0; v < nv; v++) {
            int sch = c->villages[v].school[l];
            if (sch < 0 && !fixed[v])
                sch = jh_travel_nearest(t, (int)v, (jh_level)l, NULL, NULL, NULL);
            home[v] = sch >= 0 ? sdist[sch] : -1;
        }
        int first = jh_level_first_grade((jh_level)l), end = jh_level_end_grade((jh_level)l);
        match m = {.c = c, .t = t, .level = (jh_level)l, .surplus = surplus,
                   .shortage = shortage, .nv = nv, .first = first, .end = end,
                   .grades = (1u << end) - (1u << first), .village = -1, .district = -1,
                   .sdist = sdist, .home = home, .offers = offers, .lack = lack, .sx = sx,
                   .sy = sy};
        for (int round = 0; round < 2; round++)
            if (pair_round(&m, round == 0, n_districts, fixed, &made_pairs) != 0)
                goto oom;
    }
    /* what each school gave, off its own-site cells */
    for (size_t i = 0; i < ns * JH_NGRADES; i++)
        taken[i] -= surplus[i];
    for (size_t k = 0; k < n_cells; k++) {
        jh_cell *cl = &cells[k];
        if (cl->origin >= 0 || cl->count <= 0 || cl->school != -1 - cl->origin)
            continue;
        long *left = &taken[(size_t)cl->school * JH_NGRADES + (size_t)cl->grade];
        long n = *left < cl->count ? *left : cl->count;
        cl->count -= (int)n;
        *left -= n;
    }
    o->pair = malloc((made_pairs.n + 1) * sizeof *o->pair);
    if (!o->pair)
        goto oom;
    for (size_t k = 0; k < made_pairs.n; k++) {
        const made *p = &made_pairs.v[k];
        if (push(ctx, p->village, p->school, p->grade, (int)p->count) != 0)
            goto oom;
        tally->attributed[jh_grade_level(p->grade)] += p->count;
        o->pair[o->n++] = (long)p->village * (long)ns + p->school;
    }
    if (sort_pairs(o, nv) != 0)
        goto oom;
    size_t u = 0;
    for (size_t k = 0; k < o->n; k++)
        if (u == 0 || o->pair[u - 1] != o->pair[k])
            o->pair[u++] = o->pair[k];
    o->n = u;
    o->nv = nv;
    if (!(o->start = malloc((nv + 1) * sizeof *o->start)))
        goto oom;
    for (size_t v = 0, k = 0; v <= nv; v++) {
        while (k < o->n && o->pair[k] / o->ns < (long)v)
            k++;
        o->start[v] = k;
    }
    for (size_t i = 0; i < ns * JH_NGRADES; i++)
        tally->kept[i % JH_NGRADES < 6 ? JH_PRIMARY : JH_JUNIOR] += surplus[i];
    long given = tally->attributed[JH_PRIMARY] + tally->attributed[JH_JUNIOR];
    if (w && given > 0)
        jh_warnings_add(w,
                        "%ld students of the base year (%ld primary, %ld junior) are beyond their "
                        "catchment villages' children in projections.csv: they are counted as "
                        "children of the nearest villages short of theirs (their district's "
                        "first) and stay at their school",
                        given, tally->attributed[JH_PRIMARY], tally->attributed[JH_JUNIOR]);
    warn_kept(c, surplus, tally, w);
done:
    free(surplus);
    free(taken);
    free(shortage);
    free(home);
    free(lack);
    free(offers);
    free(sx);
    free(sy);
    free(sdist);
    free(made_pairs.v);
    if (o->n == 0) {
        jh_own_site_free(o);
        o = NULL;
    }
    *out = o;
    return JH_OK;
oom:
    free(surplus);
    free(taken);
    free(shortage);
    free(home);
    free(lack);
    free(offers);
    free(sx);
    free(sy);
    free(sdist);
    free(made_pairs.v);
    jh_own_site_free(o);
    return jh_error_set(err, JH_ERR_RUN, "out of memory (base-year attribution)");
}

bool jh_own_site_keeps(const jh_own_site *o, int village, int school)
{
    if (!o || village < 0 || school < 0 || (size_t)village >= o->nv)
        return false;
    long key = (long)village * o->ns + school;
    for (size_t k = o->start[village]; k < o->start[village + 1]; k++)
        if (o->pair[k] == key)
            return true;
    return false;
}

void jh_own_site_free(jh_own_site *o)
{
    if (!o)
        return;
    free(o->pair);
    free(o->start);
    free(o);
}
