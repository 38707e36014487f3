/*
 * travel.c: straight-line costs through the spatial index, or od.csv costs
 * through each village's cost-sorted list (see travel.h).
 */
#include "travel/travel.h"

#include <math.h>
#include <stdlib.h>

#include "spatial_index.h"

/* A village's last trip at one level: its school (-1: none yet) and cost. */
typedef struct memo {
    int school;
    double cost;
} memo;

struct jh_travel {
    const jh_county *county;
    double *sx, *sy;                       /* school coordinates */
    size_t n_schools;
    jh_spatial_index *open[JH_NLEVELS];    /* open schools serving a level */
    bool *kept[JH_NLEVELS];                /* per school: in open[level] */
    memo *memo;                            /* per village and level (jh_travel_cost_kept);
                                              NULL: none yet */
};

bool jh_school_is_open(const jh_school *s)
{
    return s->status == JH_STATUS_OPEN || s->status == JH_STATUS_NEW;
}

/* Special-education and vocational schools keep their own students but are
 * never where an ordinary village's children are sent. */
bool jh_school_takes_students(const jh_school *s, jh_level level)
{
    return jh_school_is_open(s) && jh_school_serves(s->type, level) &&
           s->type != JH_SCHOOL_SPECIAL && s->type != JH_SCHOOL_VOCATIONAL;
}

typedef struct { const jh_county *c; jh_level level; } level_ctx;

static bool open_serving(int i, void *ctx)
{
    const level_ctx *lc = ctx;
    const jh_school *s = &lc->c->schools[i];
    return jh_school_takes_students(s, lc->level);
}

jh_travel *jh_travel_create(const jh_county *county)
{
    jh_travel *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->county = county;
    if (jh_travel_layout_changed(t, NULL) != JH_OK) {
        jh_travel_free(t);
        return NULL;
    }
    return t;
}

void jh_travel_free(jh_travel *t)
{
    if (!t)
        return;
    for (int l = 0; l < JH_NLEVELS; l++) {
        jh_spatial_index_free(t->open[l]);
        free(t->kept[l]);
    }
    free(t->sx);
    free(t->sy);
    free(t->memo);
    free(t);
}

/* Only schools that left the layout (closed) since the indexes were made:
 * they are taken out instead of indexing every school again (a county
 * closing thousands of schools). False when a school joined or moved. */
static bool remove_closed(jh_travel *t)
{
    const jh_county *c = t->county;
    if (c->n_schools != t->n_schools || !t->sx)
        return false;
    for (int l = 0; l < JH_NLEVELS; l++)
        if (!t->open[l] || !t->kept[l])
            return false;
    for (size_t i = 0; i < c->n_schools; i++) {
        if (t->sx[i] != c->schools[i].x || t->sy[i] != c->schools[i].y)
            return false;
        level_ctx lc0 = {c, JH_PRIMARY}, lc1 = {c, JH_JUNIOR};
        if ((!t->kept[0][i] && open_serving((int)i, &lc0)) || (!t->kept[1][i] && open_serving((int)i, &lc1)))
            return false;
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        level_ctx lc = {c, (jh_level)l};
        for (size_t i = 0; i < c->n_schools; i++)
            if (t->kept[l][i] && !open_serving((int)i, &lc)) {
                if (!jh_spatial_index_remove(t->open[l], (int)i))
                    return false;
                t->kept[l][i] = false;
            }
    }
    return true;
}

jh_status jh_travel_layout_changed(jh_travel *t, jh_error *err)
{
    const jh_county *c = t->county;
    if (remove_closed(t))
        return JH_OK;
    free(t->memo); /* a school joined or moved: costs are made again */
    t->memo = NULL;
    for (int l = 0; l < JH_NLEVELS; l++) {
        jh_spatial_index_free(t->open[l]);
        t->open[l] = NULL;
        free(t->kept[l]);
        t->kept[l] = NULL;
    }
    if (c->n_schools != t->n_schools || !t->sx) {
        free(t->sx);
        free(t->sy);
        t->sx = malloc((c->n_schools + 1) * sizeof *t->sx);
        t->sy = malloc((c->n_schools + 1) * sizeof *t->sy);
        if (!t->sx || !t->sy)
            return jh_error_set(err, JH_ERR_RUN, "out of memory (travel)");
        t->n_schools = c->n_schools;
    }
    for (size_t i = 0; i < c->n_schools; i++) {
        t->sx[i] = c->schools[i].x;
        t->sy[i] = c->schools[i].y;
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        level_ctx lc = {c, (jh_level)l};
        t->open[l] = jh_spatial_index_create(t->sx, t->sy, c->n_schools, open_serving, &lc);
        t->kept[l] = malloc((c->n_schools + 1) * sizeof *t->kept[l]);
        if (!t->open[l] || !t->kept[l])
            return jh_error_set(err, JH_ERR_RUN, "out of memory (travel index)");
        for (size_t i = 0; i < c->n_schools; i++)
            t->kept[l][i] = open_serving((int)i, &lc);
    }
    return JH_OK;
}

jh_status jh_travel_school_closed(jh_travel *t, int i, jh_error *err)
{
    const jh_county *c = t->county;
    if (c->n_schools != t->n_schools || !t->sx || i < 0 || (size_t)i >= c->n_schools)
        return jh_travel_layout_changed(t, err);
    for (int l = 0; l < JH_NLEVELS; l++) {
        level_ctx lc = {c, (jh_level)l};
        if (!t->open[l] || !t->kept[l])
            return jh_travel_layout_changed(t, err);
        if (t->kept[l][i] && !open_serving(i, &lc)) {
            if (!jh_spatial_index_remove(t->open[l], i))
                return jh_travel_layout_changed(t, err);
            t->kept[l][i] = false;
        }
    }
    return JH_OK;
}

static void origin_xy(const jh_travel *t, int origin, double *x, double *y)
{
    if (origin >= 0) {
        *x = t->county->villages[origin].x;
        *y = t->county->villages[origin].y;
    } else {
        *x = t->county->schools[-1 - origin].x;
        *y = t->county->schools[-1 - origin].y;
    }
}

double jh_travel_cost(const jh_travel *t, int origin, int school)
{
    const jh_county *c = t->county;
    if (c->has_od && origin >= 0) {
        for (size_t k = c->od.start[origin]; k < c->od.start[origin + 1]; k++)
            if (c->od.school[k] == school)
                return c->od.cost[k];
        return INFINITY;
    }
    if (c->has_od && origin == jh_origin_of_school(school))
        return 0.0;
    double x, y;
    origin_xy(t, origin, &x, &y);
    /* the index's copy of the coordinates (the same numbers: no school
     * moves), packed where the school records are spread out */
    if (t->sx && (size_t)school < t->n_schools && school >= 0)
        return hypot(t->sx[school] - x, t->sy[school] - y);
    return hypot(c->schools[school].x - x, c->schools[school].y - y);
}

/* jh_travel_cost_kept's slow ways, apart (noinline) so that its look-up of
 * the first slot saves no registers: the cost unremembered (m NULL), or
 * from the second slot or computed, the trip moved to the first slot. */
static __attribute__((noinline)) double kept_miss(jh_travel *t, memo *m, int origin, int school)
{
    if (!m)
        return jh_travel_cost(t, origin, school);
    if (m[1].school != school)
        m[1] = (memo){school, jh_travel_cost(t, origin, school)};
    memo last = m[1]; /* the latest first */
    m[1] = m[0];
    m[0] = last;
    return last.cost;
}

/* The memo, made at the first call (false: short of memory). */
static __attribute__((noinline)) bool memo_made(jh_travel *t)
{
    size_t n = t->county->n_villages * JH_NLEVELS * 2;
    if (!(t->memo = malloc(n * sizeof *t->memo)))
        return false;
    for (size_t k = 0; k < n; k++)
        t->memo[k].school = -1;
    return true;
}

double jh_travel_cost_kept(jh_travel *t, int origin, int school, jh_level level)
{
    if (origin < 0 || (size_t)origin >= t->county->n_villages || school < 0 ||
        (size_t)school >= t->n_schools || !t->sx || level < 0 || level >= JH_NLEVELS ||
        (!t->memo && !memo_made(t)))
        return kept_miss(t, NULL, origin, school);
    memo *m = &t->memo[((size_t)origin * JH_NLEVELS + (size_t)level) * 2];
    if (m[0].school == school)
        return m[0].cost;
    return kept_miss(t, m, origin, school);
}

int jh_travel_nearest(const jh_travel *t, int origin, jh_level level,
                      bool (*accept)(int school, void *ctx), void *ctx, double *cost)
{
    const jh_county *c = t->county;
    if (c->has_od && origin >= 0) {
        /* the village's pairs are sorted by cost: the first acceptable wins */
        for (size_t k = c->od.start[origin]; k < c->od.start[origin + 1]; k++) {
            int s = c->od.school[k];
            if (!jh_school_takes_students(&c->schools[s], level))
                continue;
            if (accept && !accept(s, ctx))
                continue;
            if (cost)
                *cost = c->od.cost[k];
            return s;
        }
        if (cost)
            *cost = INFINITY;
        return -1;
    }
    double x, y;
    origin_xy(t, origin, &x, &y);
    double d;
    int s = jh_spatial_index_nearest(t->open[level], x, y, accept, ctx, &d);
    if (cost)
        *cost = d;
    return s;
}

jh_spatial_index *jh_travel_index(const jh_travel *t, const int *schools, size_t n)
{
    return jh_spatial_index_create_ids(t->sx, t->sy, schools, n);
}

int jh_travel_nearest_in(const jh_travel *t, const jh_spatial_index *ix, int origin,
                         jh_level level, bool (*accept)(int school, void *ctx), void *ctx,
                         double *cost)
{
    if (t->county->has_od && origin >= 0)
        return jh_travel_nearest(t, origin, level, accept, ctx, cost);
    double x, y;
    origin_xy(t, origin, &x, &y);
    double d;
    int s = jh_spatial_index_nearest(ix, x, y, accept, ctx, &d);
    if (cost)
        *cost = d;
    return s;
}
