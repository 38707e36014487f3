/*
 * cells_sort: see cells_sort.h.
 */
#include "jh_huge.h"
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

/* Each origin's cells of v[0..n) (in origin order) by school and grade:
 * insertion for a few, else a check and qsort when out of order. */
static void sort_within_origins(jh_cell *v, size_t n)
{
    size_t from = 0;
    while (from < n) {
        size_t to = from + 1;
        while (to < n && v[to].origin == v[from].origin)
            to++;
        size_t m = to - from;
        if (m > 32) {
            size_t i = from + 1;
            while (i < to && cmp_in_origin(&v[i - 1], &v[i]) <= 0)
                i++;
            if (i < to)
                qsort(v + from, m, sizeof *v, cmp_qsort);
        } else {
            for (size_t i = from + 1; i < to; i++) {
                jh_cell x = v[i];
                size_t j = i;
                for (; j > from && cmp_in_origin(&v[j - 1], &x) > 0; j--)
                    v[j] = v[j - 1];
                v[j] = x;
            }
        }
        from = to;
    }
}

/* Runs of non-decreasing origin the k-way merge takes at most (the yearly
 * loop's cells come in a handful: the last year's order, then the few
 * cells a year adds). */
#define MERGE_RUNS 16

/* v[0..n) in origin order when it holds at most MERGE_RUNS runs of
 * non-decreasing origin (each origin's cells then by school and grade):
 * one pass of a k-way merge instead of a counting sort over the origins'
 * range. False, v untouched, when there are more runs or memory is short. */
static bool merge_runs(jh_cell *v, size_t n)
{
    size_t start[MERGE_RUNS + 1], k = 1;
    start[0] = 0;
    for (size_t i = 1; i < n; i++)
        if (v[i].origin < v[i - 1].origin) {
            if (k == MERGE_RUNS)
                return false;
            start[k++] = i;
        }
    start[k] = n;
    if (k > 1) {
        jh_cell *tmp = jh_malloc_huge(n * sizeof *tmp);
        if (!tmp)
            return false;
        size_t head[MERGE_RUNS];
        memcpy(head, start, k * sizeof *head);
        for (size_t o = 0; o < n; o++) {
            size_t best = k;
            for (size_t r = 0; r < k; r++)
                if (head[r] < start[r + 1] &&
                    (best == k || v[head[r]].origin < v[head[best]].origin))
                    best = r;
            tmp[o] = v[head[best]++];
        }
        memcpy(v, tmp, n * sizeof *v);
        free(tmp);
    }
    sort_within_origins(v, n);
    return true;
}

bool jh_cells_sort(jh_cell *v, size_t n)
{
    if (n < 2)
        return true;
    if (merge_runs(v, n))
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
    jh_cell *tmp = jh_malloc_huge(n * sizeof *tmp);
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
    free(end);
    sort_within_origins(tmp, n);
    memcpy(v, tmp, n * sizeof *v);
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
