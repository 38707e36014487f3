/*
 * catchments.c: which school each village's children attend. The base
 * year's enrolments are made from these catchments (schools.c), so the
 * simulation's attribution of students to villages finds what the
 * generator put there. Mostly the nearest school serving the level,
 * through the spatial grid index (200,000 villages in well under a
 * second); a few rural villages keep a historical catchment, and the
 * county town's communities are balanced over its schools, the way
 * planners draw them.
 */
#include "generate/generate_internal.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "spatial_index.h"

static bool keep_level(int i, void *ctx)
{
    gen *g = ctx;
    const jh_school *s = &g->c->schools[i];
    return s->type != JH_SCHOOL_SPECIAL && jh_school_serves(s->type, g->level);
}

static bool accept_not_excluded(int i, void *ctx) { return i != ((gen *)ctx)->exclude; }

static bool keep_urban_level(int i, void *ctx)
{
    gen *g = ctx;
    return g->c->schools[i].area == JH_URBAN && keep_level(i, ctx);
}

/* Room left under the load limit; a nine-year school's limit is lower,
 * since it takes both levels on one site. */
static bool accept_with_room(int i, void *ctx)
{
    gen *g = ctx;
    double cap = g->c->schools[i].type == JH_SCHOOL_NINE_YEAR ? 0.6 * g->cap : g->cap;
    return g->load[i] + g->add <= cap;
}

static double level_children(const jh_village *v, int L)
{
    double n = 0;
    for (int a = L == JH_PRIMARY ? 6 : 12; a < (L == JH_PRIMARY ? 12 : 15); a++)
        n += v->age[a];
    return n;
}

/* In the county town, plain nearest catchments of a few spread schools
 * over evenly spread communities differ threefold in size; the town's
 * communities go instead to the nearest school with room under 1.35 times
 * the mean load (overflow to the next nearest), as planners draw them. */
static jh_status balance_urban(gen *g, int L, jh_error *err)
{
    jh_county *c = g->c;
    g->level = (jh_level)L;
    jh_spatial_index *ix = jh_spatial_index_create(g->sx, g->sy, c->n_schools, keep_urban_level, g);
    g->load = calloc(c->n_schools, sizeof *g->load);
    int *order = malloc((c->n_villages ? c->n_villages : 1) * sizeof *order);
    if (!ix || !g->load || !order) {
        jh_spatial_index_free(ix);
        free(g->load);
        g->load = NULL;
        free(order);
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    size_t nurban = 0, nschools = jh_spatial_index_size(ix);
    double total = 0;
    for (size_t i = 0; i < c->n_villages; i++) {
        const jh_village *v = &c->villages[i];
        double k = level_children(v, L);
        if (v->area == JH_URBAN) {
            order[nurban++] = (int)i;
            total += k;
        } else if (v->school[L] >= 0 && c->schools[v->school[L]].area == JH_URBAN) {
            g->load[v->school[L]] += k;
            total += k;
        }
    }
    g->cap = nschools ? 1.35 * total / (double)nschools : 0;
    gsl_ran_shuffle(g->r, order, nurban, sizeof *order);
    for (size_t j = 0; j < nurban; j++) {
        jh_village *v = &c->villages[order[j]];
        double d;
        g->add = level_children(v, L);
        int s = jh_spatial_index_nearest(ix, v->x, v->y, accept_with_room, g, &d);
        if (s < 0)
            s = jh_spatial_index_nearest(ix, v->x, v->y, NULL, NULL, &d);
        if (s >= 0) {
            v->school[L] = s;
            g->load[s] += g->add;
        }
    }
    jh_spatial_index_free(ix);
    free(g->load);
    g->load = NULL;
    free(order);
    return JH_OK;
}

/* Catchments: the nearest school serving each level; a few rural villages
 * keep a historical catchment (the second nearest, when not much
 * farther), so `catchment` and `nearest` assignment differ a little. */
jh_status gen_assign_catchments(gen *g, jh_error *err)
{
    jh_county *c = g->c;
    for (int L = 0; L < JH_NLEVELS; L++) {
        g->level = (jh_level)L;
        jh_spatial_index *ix =
            jh_spatial_index_create(g->sx, g->sy, c->n_schools, keep_level, g);
        if (!ix)
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        for (size_t i = 0; i < c->n_villages; i++) {
            jh_village *v = &c->villages[i];
            double d1, d2;
            int s1 = jh_spatial_index_nearest(ix, v->x, v->y, NULL, NULL, &d1);
            v->school[L] = s1;
            if (v->area == JH_RURAL && gsl_rng_uniform(g->r) < 0.03) {
                g->exclude = s1;
                int s2 = jh_spatial_index_nearest(ix, v->x, v->y, accept_not_excluded, g, &d2);
                if (s2 >= 0 && d2 < 1.6 * d1 + 500.0)
                    v->school[L] = s2;
            }
        }
        jh_spatial_index_free(ix);
        jh_status st = balance_urban(g, L, err);
        if (st != JH_OK)
            return st;
    }
    /* a school with no village of a level it serves takes its own seat
     * village (a few passes settle the rare chains this starts) */
    size_t n = c->n_schools;
    unsigned char *has = malloc(n);
    if (!has)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    for (int pass = 0; pass < 4; pass++) {
        bool changed = false;
        for (int L = 0; L < JH_NLEVELS; L++) {
            memset(has, 0, n);
            for (size_t i = 0; i < c->n_villages; i++)
                if (c->villages[i].school[L] >= 0)
                    has[c->villages[i].school[L]] = 1;
            for (size_t k = 0; k < n; k++) {
                const jh_school *s = &c->schools[k];
                if (has[k] || s->type == JH_SCHOOL_SPECIAL || !jh_school_serves(s->type, L))
                    continue;
                c->villages[g->seat[k]].school[L] = (int)k;
                has[k] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    free(has);
    return JH_OK;
}

/* The catchment children of each school by age: kids[s][a], for the
 * ages of the levels it takes children of. */
void gen_catchment_children(gen *g)
{
    for (size_t i = 0; i < g->c->n_villages; i++) {
        const jh_village *v = &g->c->villages[i];
        for (int L = 0; L < JH_NLEVELS; L++) {
            int s = v->school[L];
            if (s < 0)
                continue;
            int a0 = L == JH_PRIMARY ? 6 : 12, a1 = L == JH_PRIMARY ? 12 : 15;
            for (int a = a0; a < a1; a++)
                g->kids[s][a] += v->age[a];
        }
    }
}
