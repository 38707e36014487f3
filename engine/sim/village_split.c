/*
 * village_split.c: a village's students split between two schools (see
 * village_split.h). Kept per level as a sparse list: a plan splits a few
 * villages only.
 */
#include "sim/village_split.h"

#include <math.h>
#include <stdlib.h>

#include "jh_array.h"

typedef struct part {
    int level, village, school;
    double share;
} part;

struct jh_village_split {
    int *first;               /* per village: its first part, -1 none */
    size_t nv;
    part *v;
    int *next;
    size_t n, cap, cap_next;
};

jh_village_split *jh_village_split_new(size_t n_villages)
{
    jh_village_split *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->nv = n_villages;
    p->first = malloc((n_villages + 1) * sizeof *p->first);
    if (!p->first) {
        free(p);
        return NULL;
    }
    for (size_t v = 0; v <= n_villages; v++)
        p->first[v] = -1;
    return p;
}

void jh_village_split_free(jh_village_split *p)
{
    if (!p)
        return;
    free(p->first);
    free(p->v);
    free(p->next);
    free(p);
}

int jh_village_split_school(const jh_village_split *p, jh_level level, int village, int j, double *share)
{
    if (!p->n || village < 0 || (size_t)village >= p->nv)
        return -1;
    for (int k = p->first[village]; k >= 0; k = p->next[k])
        if (p->v[k].level == (int)level && p->v[k].school >= 0 && j-- == 0) {
            *share = p->v[k].share;
            return p->v[k].school;
        }
    return -1;
}

/* The village's part of the level at `school`, or NULL. */
static part *find_at(const jh_village_split *p, jh_level level, int village, int school)
{
    if (!p->n || village < 0 || (size_t)village >= p->nv || school < 0)
        return NULL;
    for (int k = p->first[village]; k >= 0; k = p->next[k])
        if (p->v[k].level == (int)level && p->v[k].school == school)
            return &p->v[k];
    return NULL;
}

bool jh_village_split_at(const jh_village_split *p, jh_level level, int village, int school)
{
    return find_at(p, level, village, school) != NULL;
}

void jh_village_split_closed(jh_village_split *p, int school)
{
    for (size_t k = 0; k < p->n; k++)
        if (p->v[k].school == school)
            p->v[k].school = -1;
}

static int set(jh_village_split *p, jh_level level, int village, int school, double share)
{
    /* one part per school: a village split over several schools (the
     * split fallback's paths may send it on to up to 7) keeps each */
    part *q = find_at(p, level, village, school);
    if (q) {
        q->school = school;
        q->share = share;
        return 0;
    }
    part *v = jh_array_grow(p->v, p->n, &p->cap, sizeof *v, 16);
    if (!v)
        return -1;
    p->v = v;
    int *nx = jh_array_grow(p->next, p->n, &p->cap_next, sizeof *nx, 16);
    if (!nx)
        return -1;
    p->next = nx;
    p->v[p->n] = (part){(int)level, village, school, share};
    p->next[p->n] = p->first[village];
    p->first[village] = (int)p->n++;
    return 0;
}

int jh_village_split_move(jh_village_split *p, jh_cell *cells, size_t n, jh_level level,
                          int village, int to, double students, long *enrolled,
                          int (*push)(void *ctx, int origin, int school, int grade, int count),
                          void *ctx)
{
    int first = jh_level_first_grade(level), end = jh_level_end_grade(level);
    /* the village's placed cells of the level, not at `to` */
    size_t nm = 0;
    for (size_t k = 0; k < n; k++)
        nm += cells[k].origin == village;
    size_t *idx = malloc((nm + 1) * sizeof *idx);
    int *take = malloc((2 * nm + 1) * sizeof *take);   /* then the parts' grades */
    if (!idx || !take) {
        free(idx);
        free(take);
        return -1;
    }
    nm = 0;
    long total = 0, parts = 0;
    for (size_t k = 0; k < n; k++) {
        const jh_cell *c = &cells[k];
        if (c->origin == village && c->school >= 0 && c->school != to && c->grade >= first
            && c->grade < end && c->count > 0) {
            if (jh_village_split_at(p, level, village, c->school)) {
                parts += c->count;   /* another part's: it stays there */
                continue;
            }
            idx[nm++] = k;
            total += c->count;
        }
    }
    *enrolled = total;
    /* the share of the village's students (its other parts' too) */
    double share = total > 0 ? fmin(1.0, students / (double)(total + parts)) : 1.0;
    int rc = set(p, level, village, to, share);
    long want = (long)fmin((double)total, floor(students + 0.5)), moved = 0;
    /* each cell's share rounded down, then one more to the cells with the
     * largest remainders (the first of equal ones) until `want` */
    for (size_t j = 0; j < nm; j++) {
        take[j] = (int)floor(cells[idx[j]].count * share);
        moved += take[j];
    }
    while (rc == 0 && moved < want) {
        long best = -1;
        double br = -1;
        for (size_t j = 0; j < nm; j++) {
            double r = cells[idx[j]].count * share - take[j];
            if (take[j] < cells[idx[j]].count && r > br) {
                br = r;
                best = (long)j;
            }
        }
        if (best < 0)
            break;
        take[best]++;
        moved++;
    }
    /* cells moved whole change school; the others keep the rest and give
     * their part to a new cell, pushed after the loop (push may move the
     * array) */
    for (size_t j = 0; rc == 0 && j < nm; j++) {
        jh_cell *c = &cells[idx[j]];
        take[nm + j] = -1;
        if (take[j] == c->count) {
            c->school = to;
        } else if (take[j] > 0) {
            c->count -= take[j];
            take[nm + j] = c->grade;
        }
    }
    for (size_t j = 0; rc == 0 && j < nm; j++)
        if (take[nm + j] >= 0)
            rc = push(ctx, village, to, take[nm + j], take[j]);
    free(idx);
    free(take);
    return rc;
}
