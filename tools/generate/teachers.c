/*
 * teachers.c: the roster, one row per teacher. Rotation and ageing in
 * the simulation work on people, not counts, so the generator draws each
 * teacher: school and level, age, years at the school, and the four flags
 * (above_degree, backbone, pe_art, senior_title). The flags are dealt so
 * that each school's roster adds up exactly to the counts its layer
 * gives (schools.c decides those); backbone and senior teachers are
 * older, rural teachers stay longer.
 */
#include "generate/generate_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* The roster from g->tl; JH_ERR_RUN (no message) when out of memory. */
jh_status gen_draw_roster(gen *g)
{
    const int *tl = g->tl;
    jh_county *c = g->c;
    size_t total = 0;
    for (size_t k = 0; k < c->n_schools; k++)
        total += (size_t)(tl[k * 10 + 8] + tl[k * 10 + 9]);
    c->teachers = calloc(total ? total : 1, sizeof *c->teachers);
    if (!c->teachers)
        return JH_ERR_RUN;
    c->has_roster = true;
    size_t idw = 6;
    for (size_t n = total; n >= 1000000; n /= 10)
        idw++;
    size_t t = 0;
    int *order = NULL;
    size_t order_cap = 0;
    for (size_t k = 0; k < c->n_schools; k++) {
        const jh_school *s = &c->schools[k];
        for (int L = 0; L < JH_NLEVELS; L++) {
            int n = tl[k * 10 + 8 + L];
            if (n == 0)
                continue;
            if ((size_t)n > order_cap) {
                int *p = realloc(order, (size_t)n * sizeof *order);
                if (!p) {
                    free(order);
                    return JH_ERR_RUN;
                }
                order = p;
                order_cap = (size_t)n;
            }
            /* each flag goes to exactly its count of teachers: the first k
             * of an independent shuffle */
            jh_teacher *base = &c->teachers[t];
            for (int i = 0; i < n; i++) {
                jh_teacher *te = &base[i];
                te->school = (int)k;
                te->level = (jh_level)L;
                te->line = (long)(t + (size_t)i + 2);
                te->age = 23 + (int)floor(37.0 * pow(gsl_rng_uniform(g->r), 0.9));
            }
            for (int f = 0; f < 4; f++) {
                int cnt = tl[k * 10 + L * 4 + f];
                for (int i = 0; i < n; i++)
                    order[i] = i;
                gsl_ran_shuffle(g->r, order, (size_t)n, sizeof *order);
                for (int i = 0; i < cnt; i++) {
                    jh_teacher *te = &base[order[i]];
                    switch (f) {
                    case 0: te->above_degree = true; break;
                    case 1: te->backbone = true; if (te->age < 32) te->age += 10; break;
                    case 2: te->pe_art = true; break;
                    default: te->senior_title = true; if (te->age < 30) te->age += 8; break;
                    }
                }
            }
            double mean_years = s->area == JH_RURAL ? 9.0 : s->area == JH_TOWN ? 7.5 : 6.0;
            for (int i = 0; i < n; i++) {
                jh_teacher *te = &base[i];
                int y = (int)floor(gsl_ran_exponential(g->r, mean_years));
                if (y > te->age - 22)
                    y = te->age - 22;
                te->years_at_school = y;
                char idbuf[32];
                snprintf(idbuf, sizeof idbuf, "T%0*zu", (int)idw, t + (size_t)i + 1);
                if (!(te->id = gen_dupstr(idbuf))) {
                    free(order);
                    c->n_teachers = t + (size_t)i;
                    return JH_ERR_RUN;
                }
            }
            t += (size_t)n;
            c->n_teachers = t;
        }
    }
    free(order);
    return JH_OK;
}
