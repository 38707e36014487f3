/*
 * close_batch.c: see close_batch.h.
 */
#include "sim/close_batch.h"

#include <stdlib.h>

static int rank_of(const int *rank, size_t ns, int school)
{
    return school >= 0 && (size_t)school < ns ? rank[school] : -1;
}

size_t *jh_close_buckets(const jh_cell *v, size_t n, const int *rank, size_t ns, size_t m,
                         int **bucket)
{
    size_t *at = calloc(m + 1, sizeof *at);
    *bucket = NULL;
    if (!at)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        int r = rank_of(rank, ns, v[k].school);
        if (r >= 0)
            at[r + 1]++;
    }
    for (size_t r = 0; r < m; r++)
        at[r + 1] += at[r];
    if (!(*bucket = malloc((at[m] + 1) * sizeof **bucket))) {
        free(at);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        int r = rank_of(rank, ns, v[k].school);
        if (r >= 0)
            (*bucket)[at[r]++] = (int)k; /* at[r] ends as rank r's end */
    }
    return at;
}

void jh_close_reassign(int *to, size_t m, const int *rank, size_t ns, int *assign, size_t n)
{
    /* a target closing later (higher rank) passes them on: resolved from
     * the last rank down, each target's own final school is known */
    for (size_t r = m; r-- > 0;) {
        int q = rank_of(rank, ns, to[r]);
        if (q > (int)r)
            to[r] = to[q];
    }
    for (size_t k = 0; k < n; k++) {
        int r = rank_of(rank, ns, assign[k]);
        if (r >= 0)
            assign[k] = to[r];
    }
}
