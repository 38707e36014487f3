/*
 * cells_sort: see cells_sort.h.
 */
#include "sim/cells_sort.h"

#include <stdlib.h>
#include <string.h>

static int cmp_in_origin(const jh_cell *x, const jh_cell *y)
{
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    if (x->grade != y->grade)
        return x->grade < y->grade ? -1 : 1;
    return 0;
}

static int cmp_qsort(const void *a, const void *b) { return cmp_in_origin(a, b); }

bool jh_cells_sort(jh_cell *v, size_t n)
{
    if (n < 2)
        return true;
    int lo = v[0].origin, hi = lo;
    for (size_t i = 1; i < n; i++) {
        if (v[i].origin < lo)
            lo = v[i].origin;
        if (v[i].origin > hi)
            hi = v[i].origin;
    }
    size_t range = (size_t)((long)hi - (long)lo) + 1;
    if (range > 4 * n + 4096)
        return false;
    size_t *end = calloc(range + 1, sizeof *end);
    jh_cell *tmp = malloc(n * sizeof *tmp);
    if (!end || !tmp) {
        free(end);
        free(tmp);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        end[(size_t)(v[i].origin - lo) + 1]++;
    for (size_t b = 0; b < range; b++)
        end[b + 1] += end[b];
    for (size_t i = 0; i < n; i++)
        tmp[end[(size_t)(v[i].origin - lo)]++] = v[i];
    /* end[b] is now where origin lo + b's cells end */
    size_t from = 0;
    for (size_t b = 0; b < range; b++) {
        size_t to = end[b], m = to - from;
        if (m > 32) {
            qsort(tmp + from, m, sizeof *tmp, cmp_qsort);
        } else {
            for (size_t i = from + 1; i < to; i++) {
                jh_cell x = tmp[i];
                size_t j = i;
                for (; j > from && cmp_in_origin(&tmp[j - 1], &x) > 0; j--)
                    tmp[j] = tmp[j - 1];
                tmp[j] = x;
            }
        }
        from = to;
    }
    memcpy(v, tmp, n * sizeof *v);
    free(end);
    free(tmp);
    return true;
}

static int cell_cmp(const void *a, const void *b)
{
    const jh_cell *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    return cmp_in_origin(x, y);
}

size_t jh_cells_compact(jh_cell *v, size_t n)
{
    if (n == 0)
        return 0;
    if (!jh_cells_sort(v, n))
        qsort(v, n, sizeof *v, cell_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].count <= 0)
            continue;
        if (w > 0 && cell_cmp(&v[w - 1], &v[i]) == 0)
            v[w - 1].count += v[i].count;
        else
            v[w++] = v[i];
    }
    return w;
}
