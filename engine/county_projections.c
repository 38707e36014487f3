/*
 * county_projections.c: projections.csv as a dense village x year x age
 * table (county.h, jh_projection_table): int32 while every population is
 * a whole number, doubles from the first fractional one.
 */
#include "county.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t cell(const jh_projection_table *t, size_t v, int year, int age)
{
    return (v * (size_t)t->n_years + (size_t)(year - t->year0)) * JH_PROJ_AGES + (size_t)age;
}

static bool in_table(const jh_projection_table *t, int village, int year, int age)
{
    return (t->count || t->value) && village >= 0 && (size_t)village < t->n_villages &&
           year >= t->year0 && year < t->year0 + t->n_years && age >= 0 && age < JH_PROJ_AGES;
}

double jh_county_projection(const jh_county *c, int village, int year, int age)
{
    const jh_projection_table *t = &c->proj;
    if (!in_table(t, village, year, age))
        return NAN;
    size_t i = cell(t, (size_t)village, year, age);
    if (t->value)
        return t->value[i];
    return t->count[i] ? (double)(t->count[i] - 1) : NAN;
}

/* The table over years first..last (a superset of the present ones),
 * of ints or of doubles. */
static jh_status regrid(jh_projection_table *t, size_t nv, int first, int last, bool doubles)
{
    jh_projection_table n = {.year0 = first, .n_years = last - first + 1, .n_villages = nv};
    size_t cells = nv * (size_t)n.n_years * JH_PROJ_AGES;
    if (doubles) {
        n.value = malloc((cells ? cells : 1) * sizeof *n.value);
        if (!n.value)
            return JH_ERR_RUN;
        for (size_t i = 0; i < cells; i++)
            n.value[i] = NAN;
    } else {
        n.count = calloc(cells ? cells : 1, sizeof *n.count);
        if (!n.count)
            return JH_ERR_RUN;
    }
    if (t->count || t->value) {
        for (size_t v = 0; v < t->n_villages && v < nv; v++)
            for (int y = t->year0; y < t->year0 + t->n_years; y++) {
                size_t from = cell(t, v, y, 0), to = cell(&n, v, y, 0);
                for (int a = 0; a < JH_PROJ_AGES; a++) {
                    if (!doubles)
                        n.count[to + (size_t)a] = t->count[from + (size_t)a];
                    else if (t->value)
                        n.value[to + (size_t)a] = t->value[from + (size_t)a];
                    else if (t->count[from + (size_t)a])
                        n.value[to + (size_t)a] = (double)(t->count[from + (size_t)a] - 1);
                }
            }
    }
    jh_projection_table_free(t);
    *t = n;
    return JH_OK;
}

jh_status jh_county_reserve_projections(jh_county *c, int first, int last)
{
    jh_projection_table *t = &c->proj;
    if (first > last)
        return JH_OK;
    if (t->count || t->value) {
        if (t->year0 < first)
            first = t->year0;
        if (t->year0 + t->n_years - 1 > last)
            last = t->year0 + t->n_years - 1;
        if (first == t->year0 && last == t->year0 + t->n_years - 1 &&
            t->n_villages == c->n_villages)
            return JH_OK;
    }
    return regrid(t, c->n_villages, first, last, t->value != NULL);
}

jh_status jh_county_set_projection(jh_county *c, int village, int year, int age,
                                   double population)
{
    jh_projection_table *t = &c->proj;
    if (village < 0 || (size_t)village >= c->n_villages || age < 0 || age >= JH_PROJ_AGES)
        return JH_ERR_INPUT;
    jh_status st;
    if (!in_table(t, village, year, age) && (st = jh_county_reserve_projections(c, year, year)))
        return st;
    /* whole numbers below 2^31 - 1 as int32; -0 and fractions need doubles */
    bool whole = population == floor(population) && population < (double)INT32_MAX &&
                 !signbit(population);
    if (!t->value && !whole && (st = regrid(t, t->n_villages, t->year0,
                                            t->year0 + t->n_years - 1, true)))
        return st;
    size_t i = cell(t, (size_t)village, year, age);
    if (t->value) {
        if (!isnan(t->value[i]))
            return JH_ERR_INPUT;
        t->value[i] = population;
    } else {
        if (t->count[i])
            return JH_ERR_INPUT;
        t->count[i] = (int)population + 1;
    }
    c->n_projections++;
    return JH_OK;
}

size_t jh_county_projections_given(const jh_county *c, int first, int last)
{
    const jh_projection_table *t = &c->proj;
    if (!t->count && !t->value)
        return 0;
    if (first < t->year0)
        first = t->year0;
    if (last > t->year0 + t->n_years - 1)
        last = t->year0 + t->n_years - 1;
    size_t n = 0;
    for (size_t v = 0; v < t->n_villages; v++)
        for (int y = first; y <= last; y++) {
            size_t i = cell(t, v, y, 0);
            for (int a = 0; a < JH_PROJ_AGES; a++)
                n += t->value ? !isnan(t->value[i + (size_t)a]) : t->count[i + (size_t)a] != 0;
        }
    return n;
}

bool jh_projection_table_copy(jh_projection_table *dst, const jh_projection_table *src)
{
    *dst = *src;
    dst->count = NULL;
    dst->value = NULL;
    size_t cells = src->n_villages * (size_t)src->n_years * JH_PROJ_AGES;
    if (src->count) {
        dst->count = malloc((cells ? cells : 1) * sizeof *dst->count);
        if (!dst->count)
            return false;
        memcpy(dst->count, src->count, cells * sizeof *dst->count);
    }
    if (src->value) {
        dst->value = malloc((cells ? cells : 1) * sizeof *dst->value);
        if (!dst->value)
            return false;
        memcpy(dst->value, src->value, cells * sizeof *dst->value);
    }
    return true;
}

void jh_projection_table_free(jh_projection_table *t)
{
    free(t->count);
    free(t->value);
    memset(t, 0, sizeof *t);
}
