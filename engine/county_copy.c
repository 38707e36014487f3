/*
 * county_copy.c: a deep copy of a county, so that the schedule optimiser
 * (engine/optimise/schedule.c) and the rotation look-ahead
 * (engine/sim/rotation_plan.c) simulate many runs from one load (the
 * simulation takes over and changes the county it runs).
 */
#include "county.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s, bool *bad)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *bad = true;
    return d;
}

static void *dup_mem(const void *p, size_t n, bool *bad)
{
    if (!p || n == 0)
        return NULL;
    void *d = malloc(n);
    if (!d)
        *bad = true;
    else
        memcpy(d, p, n);
    return d;
}

jh_county *jh_county_copy(const jh_county *c)
{
    jh_county *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    bool bad = false;
    *d = *c;
    d->schools = NULL;
    d->villages = NULL;
    d->teachers = NULL;
    d->teacher_ids = NULL; /* the copy's ids: a malloc each */
    memset(&d->proj, 0, sizeof d->proj);
    d->moves = NULL;
    memset(&d->od, 0, sizeof d->od);
    memset(&d->warnings, 0, sizeof d->warnings);
    d->n_field_source[0] = d->n_field_source[1] = 0;
    d->field_source[0] = d->field_source[1] = NULL;
    d->school_index = d->village_index = NULL;
    d->n_schools = d->n_villages = d->n_teachers = 0;
    d->boundaries = NULL;
    d->n_boundaries = 0;

    d->schools = dup_mem(c->schools, c->n_schools * sizeof *c->schools, &bad);
    if (d->schools) {
        d->n_schools = c->n_schools;
        for (size_t i = 0; i < c->n_schools; i++) {
            d->schools[i].id = dup_or_null(c->schools[i].id, &bad);
            d->schools[i].name = dup_or_null(c->schools[i].name, &bad);
            d->schools[i].district = dup_or_null(c->schools[i].district, &bad);
        }
    }
    d->villages = dup_mem(c->villages, c->n_villages * sizeof *c->villages, &bad);
    if (d->villages) {
        d->n_villages = c->n_villages;
        for (size_t i = 0; i < c->n_villages; i++) {
            d->villages[i].id = dup_or_null(c->villages[i].id, &bad);
            d->villages[i].name = dup_or_null(c->villages[i].name, &bad);
        }
    }
    d->teachers = dup_mem(c->teachers, c->n_teachers * sizeof *c->teachers, &bad);
    if (d->teachers) {
        d->n_teachers = c->n_teachers;
        for (size_t i = 0; i < c->n_teachers; i++)
            d->teachers[i].id = dup_or_null(c->teachers[i].id, &bad);
    }
    if (!jh_projection_table_copy(&d->proj, &c->proj))
        bad = true;
    d->moves = dup_mem(c->moves, c->n_moves * sizeof *c->moves, &bad);
    /* the boundary layer too: each county frees its own (jh_county_free) */
    d->boundaries = dup_mem(c->boundaries, c->n_boundaries * sizeof *c->boundaries, &bad);
    if (d->boundaries) {
        for (size_t i = 0; i < c->n_boundaries; i++) {
            jh_boundary *b = &d->boundaries[i];
            const jh_boundary *s = &c->boundaries[i];
            b->name = dup_or_null(s->name, &bad);
            b->xy = dup_mem(s->xy, 2 * s->n_points * sizeof *s->xy, &bad);
            b->ring_end = dup_mem(s->ring_end, s->n_rings * sizeof *s->ring_end, &bad);
        }
        d->n_boundaries = c->n_boundaries;
    }
    if (c->od.start) {
        d->od.n = c->od.n;
        d->od.minutes = c->od.minutes;
        d->od.start = dup_mem(c->od.start, (c->n_villages + 1) * sizeof *c->od.start, &bad);
        d->od.school = dup_mem(c->od.school, c->od.n * sizeof *c->od.school, &bad);
        d->od.cost = dup_mem(c->od.cost, c->od.n * sizeof *c->od.cost, &bad);
    }
    jh_error err = {0};
    if (!bad && jh_county_build_index(d, "schools", "villages", &err) != JH_OK)
        bad = true;
    if (bad) {
        jh_county_free(d);
        free(d);
        return NULL;
    }
    return d;
}

jh_county *jh_county_copy_all(const jh_county *c)
{
    jh_county *d = jh_county_copy(c);
    if (!d)
        return NULL;
    bool bad = false;
    for (size_t k = 0; k < c->warnings.count; k++)
        jh_warnings_add(&d->warnings, "%s", c->warnings.items[k]);
    for (int l = 0; l < 2 && !bad; l++) {
        if (!c->field_source[l])
            continue;
        d->field_source[l] = calloc(c->n_field_source[l] + 1, sizeof *d->field_source[l]);
        if (!d->field_source[l]) {
            bad = true;
            break;
        }
        d->n_field_source[l] = c->n_field_source[l];
        for (size_t k = 0; k < c->n_field_source[l]; k++)
            if (c->field_source[l][k] && !(d->field_source[l][k] = strdup(c->field_source[l][k])))
                bad = true;
    }
    if (bad || d->warnings.count != c->warnings.count) {
        jh_county_free(d);
        free(d);
        return NULL;
    }
    return d;
}
