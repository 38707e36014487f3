/*
 * population.c: the villages and the children in them, now and later. A
 * village is a point with a population and the children of each age
 * 0..14; urban communities are large, town villages middling, rural ones
 * small and smaller still in the hills, and rural cohorts shrink towards
 * the young while urban ones grow, which is what makes a consolidation
 * question worth asking. Projections age those cohorts forward with net
 * migration by area and a falling birth rate (the constants in
 * generate.h), so a plan can be judged against the county of 2035.
 */
#include "generate/generate_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static double lognormal_median(gsl_rng *r, double median, double sigma)
{
    return median * exp(sigma * gsl_ran_gaussian(r, 1.0));
}

/* Hilly patches: sparse, small villages. Fixed pattern over the region in
 * units of the 40-km base side, so the sample county is about a third
 * hills. */
static bool hilly(const gen *g, double x, double y)
{
    double u = (x - g->xmin) / GEN_BASE_SIDE, v = (y - g->ymin) / GEN_BASE_SIDE;
    double m = sin(2.0 * M_PI * u * 0.9 + 2.2) * cos(2.0 * M_PI * v * 0.7 + 0.5) +
               0.3 * sin(2.0 * M_PI * (u + v) * 2.1);
    return m > 0.35;
}

/* Children per person at each single age: rural cohorts shrink towards the
 * young (fewer births, young families gone to town), urban ones grow. */
static double child_share(jh_area area, int age)
{
    switch (area) {
    case JH_URBAN: return 0.0112 * (1.0 + 0.012 * (14 - age));
    case JH_TOWN: return 0.0108 * (1.0 + 0.002 * (14 - age));
    default: return 0.0080 * pow(0.97, 14 - age);
    }
}

/* Villages in order: g->n_uv urban communities in the county town, g->n_tv
 * town villages (each town's centre first, then around it), the rest
 * rural, anywhere outside the county town and thinner in the hills. Their
 * towns are g->vtown; rural ones are given theirs by
 * gen_assign_rural_towns. */
jh_status gen_place_villages(gen *g, jh_error *err)
{
    size_t n_uv = g->n_uv, n_tv = g->n_tv;
    jh_county *c = g->c;
    size_t m = g->o->n_villages;
    c->villages = calloc(m, sizeof *c->villages);
    g->vtown = calloc(m, sizeof *g->vtown);
    if (!c->villages || !g->vtown)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    c->n_villages = m;
    /* a region of more than GEN_FULL_VILLAGES villages has smaller ones,
     * in proportion: at the sample county's sizes 200,000 villages hold
     * ~145 million people, and a million would hold ~720 million, over
     * what one run takes (JH_MAX_TOTAL, 200 million) and more than any
     * province has */
    double people = m > GEN_FULL_VILLAGES ? (double)GEN_FULL_VILLAGES / (double)m : 1.0;
    size_t idw = 4;
    for (size_t k = m; k >= 10000; k /= 10)
        idw++;
    for (size_t i = 0; i < m; i++) {
        jh_village *v = &c->villages[i];
        double x, y, pop;
        if (i < n_uv) {
            double rr = g->ur * sqrt(gsl_rng_uniform(g->r)), th = 2.0 * M_PI * gsl_rng_uniform(g->r);
            x = g->ux + rr * cos(th);
            y = g->uy + rr * sin(th);
            v->area = JH_URBAN;
            pop = people * lognormal_median(g->r, 3500.0, 0.35);
            g->vtown[i] = -1;
        } else if (i < n_uv + n_tv) {
            size_t j = i - n_uv, t = j % g->n_towns;
            if (j < g->n_towns) { /* the town's own centre */
                x = g->tx[t];
                y = g->ty[t];
            } else {
                double rr = 1500.0 * sqrt(gsl_rng_uniform(g->r));
                double th = 2.0 * M_PI * gsl_rng_uniform(g->r);
                x = g->tx[t] + rr * cos(th);
                y = g->ty[t] + rr * sin(th);
            }
            v->area = JH_TOWN;
            pop = people * lognormal_median(g->r, 1200.0, 0.4);
            g->vtown[i] = (int)t;
        } else {
            bool hill;
            for (;;) {
                x = g->xmin + g->side * gsl_rng_uniform(g->r);
                y = g->ymin + g->side * gsl_rng_uniform(g->r);
                if (hypot(x - g->ux, y - g->uy) < g->ur * 1.1)
                    continue;
                hill = hilly(g, x, y);
                if (hill && gsl_rng_uniform(g->r) > 0.3)
                    continue;
                break;
            }
            v->area = JH_RURAL;
            pop = people * lognormal_median(g->r, hill ? 110.0 : 420.0, 0.5);
            if (pop < 30.0)
                pop = 30.0 + gsl_rng_uniform_int(g->r, 20);
            g->vtown[i] = -2; /* set by gen_assign_rural_towns */
        }
        v->x = gen_round1(x);
        v->y = gen_round1(y);
        v->population = round(pop);
        v->has_ages = true;
        for (int a = 0; a < 15; a++)
            v->age[a] = (int)gsl_ran_poisson(g->r, v->population * child_share(v->area, a));
        v->school[0] = v->school[1] = -1;
        v->record = (long)i;
        char idbuf[32], base[64], name[96];
        snprintf(idbuf, sizeof idbuf, "V%0*zu", (int)idw, i + 1);
        gen_draw_name(g->r, g->used_v, base, sizeof base);
        snprintf(name, sizeof name, "%s%s", base, v->area == JH_URBAN ? "社区" : "村");
        if (!(v->id = gen_dupstr(idbuf)) || !(v->name = gen_dupstr(name)))
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    return JH_OK;
}

double jh_generate_projection(const jh_village *v, int t, int age)
{
    if (age < 0 || age > 14 || t < 0)
        return 0.0;
    double m = v->area == JH_URBAN  ? JH_GENERATE_MIGRATION_URBAN
               : v->area == JH_TOWN ? JH_GENERATE_MIGRATION_TOWN
                                    : JH_GENERATE_MIGRATION_RURAL;
    if (age >= t) /* a cohort already born in the base year */
        return v->age[age - t] * pow(1.0 + m, t);
    /* born t - age years after the base year, then aged `age` years here */
    return v->age[0] * pow((1.0 + m) * JH_GENERATE_BIRTH_TREND, t - age) * pow(1.0 + m, age);
}
