/*
 * county_projections.c: projections.csv as a dense village x year x age
 * table (county.h, jh_projection_table): population + 1 in cells of 1, 2
 * or 4 bytes, the narrowest that hold every whole number set so far, and
 * doubles from the first fractional one. A wider cell replaces the table
 * once (at most three times in all), so a county of small figures keeps a
 * byte per village, year and age.
 */
#include "county.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Year by year, each year's rows in village order: the simulation reads
 * a year's rows of every village (twice a year), which then lie in one
 * piece (3 MB at 200,000 villages) rather than one row in every 165 bytes
 * of the whole table. */
static size_t cell(const jh_projection_table *t, size_t v, int year, int age)
{
    return ((size_t)(year - t->year0) * t->n_villages + v) * JH_PROJ_AGES + (size_t)age;
}

static bool in_table(const jh_projection_table *t, int village, int year, int age)
{
    return t->cells && village >= 0 && (size_t)village < t->n_villages &&
           year >= t->year0 && year < t->year0 + t->n_years && age >= 0 && age < JH_PROJ_AGES;
}

/* Cell i of a table of whole numbers: population + 1, 0 not given. */
static uint32_t count_at(const jh_projection_table *t, size_t i)
{
    switch (t->width) {
    case 1: return ((const uint8_t *)t->cells)[i];
    case 2: return ((const uint16_t *)t->cells)[i];
    default: return ((const uint32_t *)t->cells)[i];
    }
}

/* Cell i as a population, NAN not given. */
static double value_at(const jh_projection_table *t, size_t i)
{
    if (t->width == 8)
        return ((const double *)t->cells)[i];
    uint32_t k = count_at(t, i);
    return k ? (double)(k - 1) : NAN;
}

static void put(jh_projection_table *t, size_t i, double population)
{
    switch (t->width) {
    case 1: ((uint8_t *)t->cells)[i] = (uint8_t)(population + 1); break;
    case 2: ((uint16_t *)t->cells)[i] = (uint16_t)(population + 1); break;
    case 4: ((uint32_t *)t->cells)[i] = (uint32_t)(population + 1); break;
    default: ((double *)t->cells)[i] = population; break;
    }
}

double jh_county_projection(const jh_county *c, int village, int year, int age)
{
    const jh_projection_table *t = &c->proj;
    if (!in_table(t, village, year, age))
        return NAN;
    return value_at(t, cell(t, (size_t)village, year, age));
}

_Static_assert(JH_PROJ_AGES >= 8 && JH_PROJ_AGES <= 16, "a byte row is read as two 8-byte words");

/* A byte row of JH_PROJ_AGES cells: 0 when no cell is given, 2 when every
 * one is, 1 otherwise, from two overlapping 8-byte words (bytes 0-7 and
 * 7-14) rather than a test per cell. A byte's top bit in `set` is on when
 * the byte is not 0: its low seven bits plus 0x7F carry into the top bit
 * unless they are all 0, and the byte's own top bit is or-ed in. */
static int byte_row_given(const uint8_t *p)
{
    const uint64_t low = 0x7F7F7F7F7F7F7F7FULL, top = 0x8080808080808080ULL;
    uint64_t w[2];
    memcpy(&w[0], p, 8);
    memcpy(&w[1], p + JH_PROJ_AGES - 8, 8);
    if ((w[0] | w[1]) == 0)
        return 0;
    uint64_t set0 = (((w[0] & low) + low) | w[0]) & top;
    uint64_t set1 = (((w[1] & low) + low) | w[1]) & top;
    return (set0 & set1) == top ? 2 : 1;
}

unsigned jh_county_projection_ages(const jh_county *c, int village, int year,
                                   double vals[JH_PROJ_AGES])
{
    const jh_projection_table *t = &c->proj;
    if (!in_table(t, village, year, 0))
        return 0;
    size_t i = cell(t, (size_t)village, year, 0);
    unsigned given = 0;
    /* one switch per row, not per cell */
    switch (t->width) {
    case 1: {
        const uint8_t *p = (const uint8_t *)t->cells + i;
        switch (byte_row_given(p)) {
        case 0:
            return 0;
        case 2: /* every age (the usual table): no test per cell */
            if (vals)
                for (int a = 0; a < JH_PROJ_AGES; a++)
                    vals[a] = (double)(p[a] - 1);
            return (1u << JH_PROJ_AGES) - 1;
        }
        for (int a = 0; a < JH_PROJ_AGES; a++)
            if (p[a]) {
                given |= 1u << a;
                if (vals)
                    vals[a] = (double)(p[a] - 1);
            }
        break;
    }
    case 2: {
        const uint16_t *p = (const uint16_t *)t->cells + i;
        for (int a = 0; a < JH_PROJ_AGES; a++)
            if (p[a]) {
                given |= 1u << a;
                if (vals)
                    vals[a] = (double)(p[a] - 1);
            }
        break;
    }
    default:
        for (int a = 0; a < JH_PROJ_AGES; a++) {
            double x = value_at(t, i + (size_t)a);
            if (!isnan(x)) {
                given |= 1u << a;
                if (vals)
                    vals[a] = x;
            }
        }
        break;
    }
    return given;
}

/* The table over years first..last (a superset of the present ones) with
 * cells of `width` bytes (at least the present width). */
static jh_status regrid(jh_projection_table *t, size_t nv, int first, int last, int width)
{
    jh_projection_table n = {.year0 = first, .n_years = last - first + 1, .n_villages = nv,
                             .width = width};
    size_t cells = nv * (size_t)n.n_years * JH_PROJ_AGES;
    if (width == 8) {
        double *v = malloc((cells ? cells : 1) * sizeof *v);
        if (!v)
            return JH_ERR_RUN;
        for (size_t i = 0; i < cells; i++)
            v[i] = NAN;
        n.cells = v;
    } else {
        /* written with zeros now rather than calloc's untouched pages: the
         * rows are read (is the cell free?) before they are written, and a
         * page first read is the kernel's shared zero page, replaced on the
         * write by a second fault that must flush the other thread's TLB
         * (the projections are read beside the layers): 15,000 such faults,
         * 0.13 s, at 200,000 villages. explicit_bzero, because the compiler
         * turns malloc and memset into calloc. */
        n.cells = malloc((cells ? cells : 1) * (size_t)width);
        if (!n.cells)
            return JH_ERR_RUN;
        explicit_bzero(n.cells, (cells ? cells : 1) * (size_t)width);
    }
    if (t->cells) {
        for (size_t v = 0; v < t->n_villages && v < nv; v++)
            for (int y = t->year0; y < t->year0 + t->n_years; y++) {
                size_t from = cell(t, v, y, 0), to = cell(&n, v, y, 0);
                for (size_t a = 0; a < JH_PROJ_AGES; a++) {
                    if (width == 8) {
                        ((double *)n.cells)[to + a] = value_at(t, from + a);
                    } else {
                        uint32_t k = count_at(t, from + a);
                        if (k)
                            put(&n, to + a, (double)(k - 1));
                    }
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
    if (t->cells) {
        if (t->year0 < first)
            first = t->year0;
        if (t->year0 + t->n_years - 1 > last)
            last = t->year0 + t->n_years - 1;
        if (first == t->year0 && last == t->year0 + t->n_years - 1 &&
            t->n_villages == c->n_villages)
            return JH_OK;
    }
    return regrid(t, c->n_villages, first, last, t->cells ? t->width : 1);
}

/* The narrowest cell that holds a population (0 <= population). */
static int width_for(double population)
{
    /* whole numbers below 2^31 - 1 as counts; -0 and fractions need doubles */
    if (population != floor(population) || !(population < (double)INT32_MAX) ||
        signbit(population))
        return 8;
    return population < 255 ? 1 : population < 65535 ? 2 : 4;
}

jh_status jh_county_set_projection(jh_county *c, int village, int year, int age,
                                   double population)
{
    jh_projection_table *t = &c->proj;
    if (village < 0 || (size_t)village >= c->n_villages || age < 0 || age >= JH_PROJ_AGES)
        return JH_ERR_INPUT;
    /* the usual row: a small whole number into a table of bytes that
     * holds its year (what width_for and put do for it, in one step) */
    if (t->width == 1 && in_table(t, village, year, age) && population >= 0 &&
        population < 255 && population == (double)(int)population && !signbit(population)) {
        uint8_t *p = (uint8_t *)t->cells + cell(t, (size_t)village, year, age);
        if (*p)
            return JH_ERR_INPUT;
        *p = (uint8_t)(population + 1);
        c->n_projections++;
        return JH_OK;
    }
    jh_status st;
    if (!in_table(t, village, year, age) && (st = jh_county_reserve_projections(c, year, year)))
        return st;
    size_t i = cell(t, (size_t)village, year, age);
    if (!isnan(value_at(t, i)))
        return JH_ERR_INPUT;
    int w = width_for(population);
    if (w > t->width &&
        (st = regrid(t, t->n_villages, t->year0, t->year0 + t->n_years - 1, w)))
        return st;
    put(t, i, population);
    c->n_projections++;
    return JH_OK;
}

jh_status jh_county_set_projection_count(jh_county *c, int village, int year, int age,
                                         long count)
{
    jh_projection_table *t = &c->proj;
    if (t->width == 1 && count >= 0 && count < 255 && village >= 0 &&
        (size_t)village < c->n_villages && in_table(t, village, year, age)) {
        uint8_t *p = (uint8_t *)t->cells + cell(t, (size_t)village, year, age);
        if (*p)
            return JH_ERR_INPUT;
        *p = (uint8_t)(count + 1);
        c->n_projections++;
        return JH_OK;
    }
    return jh_county_set_projection(c, village, year, age, (double)count);
}

unsigned char *jh_county_projection_bytes(jh_county *c, int village, int year)
{
    jh_projection_table *t = &c->proj;
    if (t->width != 1 || village < 0 || (size_t)village >= c->n_villages ||
        !in_table(t, village, year, 0))
        return NULL;
    return (unsigned char *)t->cells + cell(t, (size_t)village, year, 0);
}

size_t jh_county_projections_given(const jh_county *c, int first, int last)
{
    const jh_projection_table *t = &c->proj;
    if (!t->cells)
        return 0;
    if (first < t->year0)
        first = t->year0;
    if (last > t->year0 + t->n_years - 1)
        last = t->year0 + t->n_years - 1;
    size_t n = 0;
    for (size_t v = 0; v < t->n_villages; v++)
        for (int y = first; y <= last; y++) {
            size_t i = cell(t, v, y, 0);
            for (size_t a = 0; a < JH_PROJ_AGES; a++)
                n += !isnan(value_at(t, i + a));
        }
    return n;
}

bool jh_projection_table_copy(jh_projection_table *dst, const jh_projection_table *src)
{
    *dst = *src;
    dst->cells = NULL;
    if (!src->cells)
        return true;
    size_t bytes = src->n_villages * (size_t)src->n_years * JH_PROJ_AGES * (size_t)src->width;
    dst->cells = malloc(bytes ? bytes : 1);
    if (!dst->cells)
        return false;
    memcpy(dst->cells, src->cells, bytes);
    return true;
}

void jh_projection_table_free(jh_projection_table *t)
{
    free(t->cells);
    memset(t, 0, sizeof *t);
}
