/*
 * generate.c: the synthetic county (see generate.h for what it looks like
 * and why), built in memory in a few passes that each draw one thing, in
 * this order: the region and the county town; how many schools of each
 * kind (schools.c); towns and villages (layout.c, population.c); school
 * seats and positions (layout.c); remote nine-year schools; catchments
 * (catchments.c); teaching points, enrolments and resources (schools.c);
 * the teacher roster (teachers.c). The order is part of the output: every
 * pass draws from the one random stream. Writing is write.c's.
 */
#include "generate/generate.h"
#include "generate/generate_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define CENTRE_X 500000.0
#define CENTRE_Y 3400000.0
#define BASE_VILLAGES 1500.0   /* villages in a region GEN_BASE_SIDE across */

void jh_generate_options_default(jh_generate_options *o)
{
    memset(o, 0, sizeof *o);
    o->n_schools = 120;
    o->n_villages = 1500;
    o->seed = 1;
    o->start_year = 2025;
    o->end_year = 2035;
    o->write_projections = true;
}

jh_status jh_generate_check(const jh_generate_options *o, jh_error *err)
{
    if (o->n_schools < JH_GENERATE_MIN_SCHOOLS || o->n_schools > 1000000)
        return jh_error_set(err, JH_ERR_INPUT,
                            "--schools: expected a whole number from %d to 1000000, got %zu",
                            JH_GENERATE_MIN_SCHOOLS, o->n_schools);
    if (o->n_villages < 4 * o->n_schools || o->n_villages > 20000000)
        return jh_error_set(err, JH_ERR_INPUT,
                            "--villages: expected at least 4 x schools (%zu) and at most "
                            "20000000, got %zu",
                            4 * o->n_schools, o->n_villages);
    if (o->start_year < 1900 || o->start_year > 2200 || o->end_year < o->start_year ||
        o->end_year - o->start_year > 50)
        return jh_error_set(err, JH_ERR_INPUT,
                            "horizon: expected start <= end within 50 years, got %d-%d",
                            o->start_year, o->end_year);
    return JH_OK;
}

char *gen_dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

double gen_round1(double v) { return round(v * 10.0) / 10.0; }

static void gen_free(gen *g)
{
    if (g->tname)
        for (size_t t = 0; t < g->n_towns; t++)
            free(g->tname[t]);
    free(g->tname);
    free(g->tx);
    free(g->ty);
    free(g->vtown);
    free(g->seat);
    free(g->stown);
    free(g->sx);
    free(g->sy);
    free(g->used_v);
    free(g->used_t);
    free(g->sites);
    free(g->kids);
    free(g->tl);
    if (g->r)
        gsl_rng_free(g->r);
}

jh_status jh_generate_county(jh_county *out, const jh_generate_options *o, jh_error *err)
{
    memset(out, 0, sizeof *out);
    jh_status st = jh_generate_check(o, err);
    if (st != JH_OK)
        return st;
    gen g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.c = out;
    g.r = gsl_rng_alloc(gsl_rng_mt19937);
    g.used_v = gen_name_space();
    g.used_t = gen_name_space();
    if (!g.r || !g.used_v || !g.used_t) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    gsl_rng_set(g.r, o->seed);
    size_t N = o->n_schools, M = o->n_villages;
    g.scale = sqrt(M / BASE_VILLAGES);
    if (g.scale < 1.0)
        g.scale = 1.0;
    /* at most GEN_MAX_SIDE across: a region any wider would leave the
     * 3-degree zone of its CRS (EPSG:4547, 112.5-115.5E, which junheng
     * checks with a 2-degree margin: about +-335 km from the central
     * meridian at 30.7N), and the loader would refuse the generator's own
     * county. Beyond ~337,000 villages the region gets denser instead. */
    if (g.scale > GEN_MAX_SIDE / GEN_BASE_SIDE)
        g.scale = GEN_MAX_SIDE / GEN_BASE_SIDE;
    g.side = GEN_BASE_SIDE * g.scale;
    g.xmin = CENTRE_X - g.side / 2.0;
    g.ymin = CENTRE_Y - g.side / 2.0;
    g.ux = CENTRE_X + gsl_ran_gaussian(g.r, 1500.0 * g.scale);
    g.uy = CENTRE_Y + gsl_ran_gaussian(g.r, 1500.0 * g.scale);
    g.ur = 3500.0 * g.scale;
    g.n_towns = (size_t)floor(N / 11.0 + 0.5);
    if (g.n_towns < 1)
        g.n_towns = 1;
    if ((st = gen_plan_schools(&g, err)) != JH_OK)
        goto fail;

    /* villages: urban communities, town villages (at least 5 per town),
     * the rest rural */
    size_t nu = g.nu_pri + g.nu_jun + g.nu_nine;
    g.n_uv = (size_t)floor(0.06 * M + 0.5);
    g.n_tv = (size_t)floor(0.10 * M + 0.5);
    if (g.n_uv < nu + 3)
        g.n_uv = nu + 3;
    if (g.n_tv < 5 * g.n_towns)
        g.n_tv = 5 * g.n_towns;
    if (g.n_uv + g.n_tv + g.n_rural > M) {
        st = jh_error_set(err, JH_ERR_INPUT, "--villages: %zu is too few for %zu schools", M, N);
        goto fail;
    }
    if ((st = gen_place_towns(&g, err)) != JH_OK || (st = gen_place_villages(&g, err)) != JH_OK ||
        (st = gen_assign_rural_towns(&g, err)) != JH_OK)
        goto fail;

    if ((st = gen_seat_schools(&g, err)) != JH_OK)
        goto fail;
    for (size_t i = 0; i < N; i++)
        if ((st = gen_place_school(&g, i, err)) != JH_OK)
            goto fail;
    if ((st = gen_remote_nine_year(&g, err)) != JH_OK)
        goto fail;

    if ((st = gen_assign_catchments(&g, err)) != JH_OK)
        goto fail;
    gen_catchment_children(&g);
    gen_teaching_points(&g);
    for (size_t i = 0; i < N; i++) {
        gen_fill_school(&g, i);
        if ((st = gen_name_school(&g, i, err)) != JH_OK ||
            (st = gen_name_district(&g, i, err)) != JH_OK)
            goto fail;
    }
    if (gen_draw_roster(&g) != JH_OK) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    snprintf(out->crs, sizeof out->crs, "%s", GEN_CRS_NAME);
    snprintf(out->source_crs, sizeof out->source_crs, "%s", GEN_CRS_NAME);
    snprintf(out->encoding[0], sizeof out->encoding[0], "UTF-8");
    snprintf(out->encoding[1], sizeof out->encoding[1], "UTF-8");
    gen_free(&g);
    return JH_OK;

fail:
    gen_free(&g);
    jh_county_free(out);
    memset(out, 0, sizeof *out);
    return st;
}

jh_status jh_generate(const jh_generate_options *o, const char *dir, jh_error *err)
{
    jh_county c;
    jh_status st = jh_generate_county(&c, o, err);
    if (st != JH_OK)
        return st;
    st = jh_generate_write(&c, o, dir, err);
    jh_county_free(&c);
    return st;
}
