/*
 * cells_sort: see cells_sort.h.
 */
#include "jh_scratch.h"
#include "sim/cells_sort.h"

#include <stdbool.h>
#include <stdint.h>
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

/* School and grade as one key that orders as cmp_in_origin does (grade
 * is a 5-bit signed field: -16..15). */
static inline long inner_key(const jh_cell *x)
{
    return (long)x->school * 32 + (long)(x->grade + 16);
}

/* Each origin's cells of v[0..n) (in origin order) by school and grade:
 * one insertion pass over the whole array (the yearly loop's cells are
 * nearly in this order already), given up for a qsort of each origin's
 * cells once it has moved more than a few cells per cell. */
static void sort_within_origins(jh_cell *v, size_t n)
{
    size_t moved = 0, budget = 4 * n + 1024;
    for (size_t i = 1; i < n; i++) {
        if (v[i - 1].origin != v[i].origin || inner_key(&v[i - 1]) <= inner_key(&v[i]))
            continue;
        jh_cell x = v[i];
        long kx = inner_key(&x);
        size_t j = i;
        for (; j > 0 && v[j - 1].origin == x.origin && inner_key(&v[j - 1]) > kx; j--)
            v[j] = v[j - 1];
        v[j] = x;
        moved += i - j;
        if (moved > budget)
            break;
    }
    if (moved <= budget)
        return;
    size_t from = 0;
    while (from < n) {
        size_t to = from + 1;
        while (to < n && v[to].origin == v[from].origin)
            to++;
        if (to - from > 1)
            qsort(v + from, to - from, sizeof *v, cmp_qsort);
        from = to;
    }
}

/* Runs of non-decreasing origin the merge takes at most (the yearly
 * loop's cells come in a handful: the last year's order, then the cells
 * a year adds). */
#define MERGE_RUNS 16

/* b's cell goes before a's: by origin, then by school and grade (an
 * origin's cells of two runs, each in that order, come out in it: the
 * insertion pass after the merge has little left to move) */
static inline bool b_first(const jh_cell *a, const jh_cell *b)
{
    return b->origin < a->origin || (b->origin == a->origin && inner_key(b) < inner_key(a));
}

/* a[0..na) and b[0..nb), each in origin order, into out by origin (each
 * origin's cells of the two by school and grade where each run has them
 * so; a's first on equal keys) */
static void merge_two(const jh_cell *a, size_t na, const jh_cell *b, size_t nb, jh_cell *out)
{
    size_t i = 0, j = 0, o = 0;
    while (i < na && j < nb)
        out[o++] = b_first(&a[i], &b[j]) ? b[j++] : a[i++];
    while (i < na)
        out[o++] = a[i++];
    while (j < nb)
        out[o++] = b[j++];
}

/* The runs of non-decreasing origin of v[0..n) (n >= 1), v[0..ordered)
 * known to be in that order (not read): run r is v[start[r]..start[r +
 * 1]). Returns their number, or 0 when there are more than MERGE_RUNS. */
static size_t origin_runs(const jh_cell *v, size_t n, size_t ordered,
                          size_t start[MERGE_RUNS + 1])
{
    size_t k = 1;
    start[0] = 0;
    for (size_t i = ordered > 1 ? ordered : 1; i < n; i++)
        if (v[i].origin < v[i - 1].origin) {
            if (k == MERGE_RUNS)
                return 0;
            start[k++] = i;
        }
    start[k] = n;
    return k;
}

/* v[0..n) in origin order when it holds at most MERGE_RUNS runs of
 * non-decreasing origin (each origin's cells then by school and grade):
 * the runs merged two by two instead of a counting sort over the
 * origins' range. False, v untouched, when there are more runs or memory
 * is short. */
static bool merge_runs(jh_cell *v, size_t n, jh_scratch *buf)
{
    size_t start[MERGE_RUNS + 1], k = origin_runs(v, n, 0, start);
    if (k == 0)
        return false;
    if (k > 1) {
        jh_cell *tmp = jh_scratch_get(buf, n * sizeof *tmp);
        if (!tmp)
            return false;
        jh_cell *from = v, *to = tmp;
        while (k > 1) {
            size_t m = 0;
            for (size_t r = 0; r < k; r += 2) {
                if (r + 1 < k)
                    merge_two(from + start[r], start[r + 1] - start[r], from + start[r + 1],
                              start[r + 2] - start[r + 1], to + start[r]);
                else
                    memcpy(to + start[r], from + start[r], (start[r + 1] - start[r]) * sizeof *v);
                start[m++] = start[r];
            }
            start[m] = n;
            k = m;
            jh_cell *t = from;
            from = to;
            to = t;
        }
        if (from != v)
            memcpy(v, from, n * sizeof *v);
    }
    sort_within_origins(v, n);
    return true;
}

bool jh_cells_sort(jh_cell *v, size_t n)
{
    jh_scratch own = {0};
    bool done = jh_cells_sort_with(v, n, &own);
    jh_scratch_free(&own);
    return done;
}

bool jh_cells_sort_with(jh_cell *v, size_t n, jh_scratch *buf)
{
    if (n < 2)
        return true;
    if (merge_runs(v, n, buf))
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
    jh_cell *tmp = end ? jh_scratch_get(buf, n * sizeof *tmp) : NULL;
    if (!end || !tmp) {
        free(end);
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
    jh_scratch own = {0};
    size_t left = jh_cells_compact_with(v, n, &own);
    jh_scratch_free(&own);
    return left;
}

/* sorted v[0..n): equal keys merged, empty cells dropped */
static size_t merge_equal(jh_cell *v, size_t n)
{
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

size_t jh_cells_compact_with(jh_cell *v, size_t n, jh_scratch *buf)
{
    if (n == 0)
        return 0;
    if (!jh_cells_sort_with(v, n, buf))
        qsort(v, n, sizeof *v, cell_cmp);
    return merge_equal(v, n);
}

/* A cell's (origin, school, grade) as one unsigned key that orders as
 * cell_cmp does: the origin's bits above school * 32 + grade + 16 (the
 * 27-bit school and the 5-bit grade fill 32 bits), each sign bit flipped. */
static inline uint64_t cell_key(const jh_cell *c)
{
    uint32_t inner = (uint32_t)c->school * 32u + (uint32_t)(c->grade + 16);
    return (uint64_t)((uint32_t)c->origin ^ 0x80000000u) << 32 | (inner ^ 0x80000000u);
}

/* Cell c of key `key` into out[0..*o), kept in key order with one cell a
 * key: added to the last cell when their keys are equal, put after it
 * when its key is larger (*last: the last cell's key), else put in its
 * place by insertion, its moves counted in *moved. */
static inline void put_cell(jh_cell *out, size_t *o, uint64_t *last, const jh_cell *c,
                            uint64_t key, size_t *moved)
{
    if (c->count <= 0)
        return;
    if (*o == 0 || key > *last) {
        out[(*o)++] = *c;
        *last = key;
        return;
    }
    size_t j = *o - 1;
    if (key != *last)
        while (j > 0 && cell_key(&out[j - 1]) >= key)
            j--;
    if (cell_key(&out[j]) == key) {
        out[j].count += c->count;
        return;
    }
    memmove(out + j + 1, out + j, (*o - j) * sizeof *out);
    out[j] = *c;
    *moved += *o - j;
    (*o)++;
}

/* The runs v[start[r]..start[r + 1]) (r < k, each in origin order) into
 * out as jh_cells_compact leaves them, in one pass: the run of the
 * smallest next key gives its cells up to the next key of the others
 * (put_cell: an origin's cells out of order, as when a school changed in
 * place, go in by insertion). Returns the cells out, or SIZE_MAX (out's
 * contents undefined) when the insertions have moved more than a few
 * cells per cell: sort some other way then. */
static size_t merge_compact(const jh_cell *v, const size_t *start, size_t k, jh_cell *out)
{
    size_t at[MERGE_RUNS], end[MERGE_RUNS], runs = 0;
    uint64_t head[MERGE_RUNS];
    for (size_t r = 0; r < k; r++)
        if (start[r] < start[r + 1]) {
            at[runs] = start[r];
            end[runs] = start[r + 1];
            head[runs] = cell_key(&v[start[r]]);
            runs++;
        }
    size_t o = 0, moved = 0, budget = 4 * start[k] + 1024;
    uint64_t last = 0;
    while (runs > 0) {
        size_t r = 0;
        uint64_t bound = UINT64_MAX; /* the others' smallest next key */
        for (size_t q = 1; q < runs; q++)
            if (head[q] < head[r]) {
                bound = head[r];
                r = q;
            } else if (head[q] < bound)
                bound = head[q];
        size_t i = at[r];
        uint64_t key = head[r];
        for (;;) {
            put_cell(out, &o, &last, &v[i], key, &moved);
            if (moved > budget)
                return SIZE_MAX;
            if (++i == end[r] || (key = cell_key(&v[i])) > bound)
                break;
        }
        if (i < end[r]) {
            at[r] = i;
            head[r] = key;
        } else { /* the run is done: the last one takes its place */
            runs--;
            at[r] = at[runs];
            end[r] = end[runs];
            head[r] = head[runs];
        }
    }
    return o;
}

size_t jh_cells_compact_swap(jh_cell **v, size_t *cap, size_t n, size_t ordered,
                             jh_scratch *buf)
{
    size_t start[MERGE_RUNS + 1], k = n > 0 ? origin_runs(*v, n, ordered, start) : 0;
    if (k <= 1) /* in order already (compacted in place), or too many runs */
        return jh_cells_compact_with(*v, n, buf);
    jh_cell *out = jh_scratch_get(buf, n * sizeof *out);
    size_t left = out ? merge_compact(*v, start, k, out) : SIZE_MAX;
    if (left == SIZE_MAX)
        return jh_cells_compact_with(*v, n, buf);
    size_t out_cap = buf->bytes / sizeof *out;
    buf->p = *v;
    buf->bytes = *cap * sizeof **v;
    *v = out;
    *cap = out_cap;
    return left;
}
