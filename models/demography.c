/*
 * demography.c: cohort ageing with births and net migration per area type,
 * overridden by the projection table (see demography.h).
 */
#include "demography.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NAGES 15

struct jh_demography {
    const jh_county *county;
    jh_rules rules;
    int year, start_year, end_year;
    size_t n;
    double *children;       /* n * NAGES, this year */
    double *population;     /* n */
    double *projected;      /* n * years * NAGES, NAN where not given; NULL none */
};

static double *projected_at(const jh_demography *d, int v, int year)
{
    if (!d->projected || year < d->start_year || year > d->end_year)
        return NULL;
    size_t years = (size_t)(d->end_year - d->start_year + 1);
    return d->projected + ((size_t)v * years + (size_t)(year - d->start_year)) * NAGES;
}

/* Projection rows of the current year override the cohort figures. */
static void apply_projection(jh_demography *d)
{
    if (!d->projected)
        return;
    for (size_t v = 0; v < d->n; v++) {
        const double *p = projected_at(d, (int)v, d->year);
        for (int a = 0; a < NAGES; a++)
            if (!isnan(p[a]))
                d->children[v * NAGES + a] = p[a];
    }
}

jh_status jh_demography_create(jh_demography **out, const jh_county *county,
                               const jh_rules *rules, int start_year, int end_year,
                               jh_error *err)
{
    *out = NULL;
    jh_demography *d = calloc(1, sizeof *d);
    if (!d)
        return jh_error_set(err, JH_ERR_RUN, "out of memory (demography)");
    d->county = county;
    d->rules = *rules;
    d->year = d->start_year = start_year;
    d->end_year = end_year;
    d->n = county->n_villages;
    d->children = calloc(d->n * NAGES + 1, sizeof *d->children);
    d->population = calloc(d->n + 1, sizeof *d->population);
    if (!d->children || !d->population)
        goto oom;
    for (size_t v = 0; v < d->n; v++) {
        const jh_village *vil = &county->villages[v];
        d->population[v] = vil->population;
        for (int a = 0; a < NAGES; a++)
            d->children[v * NAGES + a] = vil->has_ages ? vil->age[a] : 0;
    }
    if (county->has_projections && county->n_projections > 0) {
        size_t years = (size_t)(end_year - start_year + 1);
        size_t cells = d->n * years * NAGES;
        d->projected = malloc((cells ? cells : 1) * sizeof *d->projected);
        if (!d->projected)
            goto oom;
        for (size_t i = 0; i < cells; i++)
            d->projected[i] = NAN;
        for (size_t i = 0; i < county->n_projections; i++) {
            const jh_projection *p = &county->projections[i];
            double *row = projected_at(d, p->village, p->year);
            if (row && p->age >= 0 && p->age < NAGES)
                row[p->age] = p->population;
        }
        apply_projection(d);
    }
    *out = d;
    return JH_OK;
oom:
    jh_demography_free(d);
    return jh_error_set(err, JH_ERR_RUN, "out of memory (demography)");
}

void jh_demography_free(jh_demography *d)
{
    if (!d)
        return;
    free(d->children);
    free(d->population);
    free(d->projected);
    free(d);
}

void jh_demography_advance(jh_demography *d)
{
    for (size_t v = 0; v < d->n; v++) {
        jh_area area = d->county->villages[v].area;
        double growth = 1.0 + d->rules.migration_rate[area];
        double *c = d->children + v * NAGES;
        double births = d->population[v] * d->rules.birth_rate_per1000[area] / 1000.0;
        for (int a = NAGES - 1; a > 0; a--)
            c[a] = c[a - 1] * growth;
        c[0] = births;
        d->population[v] *= growth;
    }
    d->year++;
    apply_projection(d);
}

int jh_demography_year(const jh_demography *d) { return d->year; }

double jh_demography_children(const jh_demography *d, int village, int age)
{
    if (village < 0 || (size_t)village >= d->n || age < 0 || age >= NAGES)
        return 0.0;
    return d->children[(size_t)village * NAGES + age];
}

double jh_demography_population(const jh_demography *d, int village)
{
    if (village < 0 || (size_t)village >= d->n)
        return 0.0;
    return d->population[village];
}
