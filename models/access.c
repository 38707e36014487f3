/*
 * access: student-weighted distance statistics without expanding the
 * groups into one entry per student (a county has ~10^5 students).
 */
#include "access.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The distance of the k-th student (0-based) in sorted order: the group
 * whose cumulative count first exceeds k (binary search). */
static double at_rank(const double *dist, const long *cum, size_t n, long k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return dist[lo];
}

double jh_access_quantile_sorted(const double *dist, const long *cum, size_t n, double f)
{
    if (n == 0 || cum[n - 1] <= 0)
        return NAN;
    long total = cum[n - 1];
    double index = f * (double)(total - 1);
    long lhs = (long)floor(index);
    double delta = index - (double)lhs;
    double a = at_rank(dist, cum, n, lhs);
    if (lhs + 1 >= total)
        return a;
    double b = at_rank(dist, cum, n, lhs + 1);
    return (1.0 - delta) * a + delta * b;
}

typedef jh_access_group group;

static int by_dist(const void *pa, const void *pb)
{
    const group *a = pa, *b = pb;
    return (a->dist > b->dist) - (a->dist < b->dist);
}

/* The groups by distance, as a stable sort by by_dist orders them (equal
 * distances, -0 and +0 among them, keep their order). Above a few
 * thousand groups: each distance's bits turned into an unsigned key that
 * orders as the doubles do; the groups sorted by the key's top 32 bits
 * (three stable counting passes over 11 bits of (top, index) pairs, 2,048
 * buckets a pass, few enough for the cache; the three histograms taken in
 * one pass; a pass whose digit is the same for every group skipped), then
 * groups whose top bits tie (a few in a county, distances within a
 * millionth of each other) put in order by the whole key, stably (by
 * insertion, given up for a comparison sort of them all once it has moved
 * more than a few groups per group). Returns the sorted groups: g's
 * memory, or the work's. */
static uint64_t dist_key(double d)
{
    if (d == 0)
        d = 0; /* -0 sorts with +0 */
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)
#define RADIX_PASSES 3 /* 33 bits: the key's top 32 */

static group *sort_by_dist(group *g, size_t m, jh_access_work *work)
{
    if (m < 4096 || m > UINT32_MAX) {
        qsort(g, m, sizeof *g, by_dist);
        return g;
    }
    uint64_t *pairs = jh_scratch_get(&work->keys, 2 * m * sizeof *pairs); /* top << 32 | index */
    group *out = jh_scratch_get(&work->tmp, m * sizeof *out);
    size_t *count = jh_scratch_get(&work->count, RADIX_PASSES * (RADIX + 1) * sizeof *count);
    if (!pairs || !out || !count) {
        qsort(g, m, sizeof *g, by_dist);
        return g;
    }
    memset(count, 0, RADIX_PASSES * (RADIX + 1) * sizeof *count);
    for (size_t i = 0; i < m; i++) {
        uint64_t top = dist_key(g[i].dist) >> 32;
        pairs[i] = top << 32 | i;
        for (int p = 0; p < RADIX_PASSES; p++)
            count[(size_t)p * (RADIX + 1) + ((top >> (p * RADIX_BITS)) & (RADIX - 1)) + 1]++;
    }
    uint64_t *from = pairs, *to = pairs + m;
    for (int p = 0; p < RADIX_PASSES; p++) {
        size_t *c = count + (size_t)p * (RADIX + 1);
        int shift = 32 + p * RADIX_BITS;
        bool one_digit = false;
        for (size_t k = 0; k < RADIX && !one_digit; k++)
            one_digit = c[k + 1] == m;
        if (one_digit)
            continue;
        for (size_t k = 0; k < RADIX; k++)
            c[k + 1] += c[k];
        for (size_t i = 0; i < m; i++)
            to[c[(from[i] >> shift) & (RADIX - 1)]++] = from[i];
        uint64_t *t = from;
        from = to;
        to = t;
    }
    size_t moved = 0, budget = 4 * m + 1024; /* beyond it: a comparison sort */
    for (size_t i = 0; i < m; i++) {
        group x = g[(uint32_t)from[i]];
        size_t j = i;
        if (i > 0 && from[i - 1] >> 32 == from[i] >> 32) { /* tied top bits */
            uint64_t kx = dist_key(x.dist);
            for (; j > 0 && dist_key(out[j - 1].dist) > kx; j--)
                out[j] = out[j - 1];
            moved += i - j;
            if (moved > budget) {
                qsort(g, m, sizeof *g, by_dist);
                return g;
            }
        }
        out[j] = x;
    }
    return out;
}

/* jh_access_quantile_sorted over the sorted groups, g[i].students
 * holding the cumulative count up to and with group i. */
static double group_at_rank(const group *g, size_t n, long k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g[mid].students > k)
            hi = mid;
        else
            lo = mid + 1;
    }
    return g[lo].dist;
}

static double group_quantile(const group *g, size_t n, double f)
{
    if (n == 0 || g[n - 1].students <= 0)
        return NAN;
    long total = g[n - 1].students;
    double index = f * (double)(total - 1);
    long lhs = (long)floor(index);
    double delta = index - (double)lhs;
    double a = group_at_rank(g, n, lhs);
    if (lhs + 1 >= total)
        return a;
    double b = group_at_rank(g, n, lhs + 1);
    return (1.0 - delta) * a + delta * b;
}

jh_status jh_access_compute(const double *dist, const long *students, size_t n,
                            double limit, jh_access_stats *out)
{
    return jh_access_compute_with(dist, students, n, limit, out, NULL);
}

void jh_access_work_free(jh_access_work *work)
{
    if (!work)
        return;
    jh_scratch_free(&work->groups);
    jh_scratch_free(&work->tmp);
    jh_scratch_free(&work->count);
    jh_scratch_free(&work->keys);
}

jh_access_group *jh_access_groups(jh_access_work *work, size_t n)
{
    return jh_scratch_get(&work->groups, (n ? n : 1) * sizeof(group));
}

jh_status jh_access_compute_groups(jh_access_work *work, size_t first, size_t m, double limit,
                                   jh_access_stats *out)
{
    out->students = 0;
    out->beyond = 0;
    out->share_beyond = 0.0;
    out->mean = out->median = out->p95 = out->max = NAN;
    if (m == 0)
        return JH_OK;
    /* one array: the groups, sorted, then their counts made cumulative */
    group *g = sort_by_dist((group *)work->groups.p + first, m, work);
    double sum = 0.0;
    long total = 0, beyond = 0;
    double beyond_from = jh_access_beyond(limit);
    for (size_t i = 0; i < m; i++) {
        total += g[i].students;
        sum += g[i].dist * (double)g[i].students;
        if (g[i].dist > beyond_from)
            beyond += g[i].students;
        g[i].students = total;
    }
    out->students = total;
    out->beyond = beyond;
    out->share_beyond = (double)beyond / (double)total;
    out->mean = sum / (double)total;
    out->median = group_quantile(g, m, 0.5);
    out->p95 = group_quantile(g, m, 0.95);
    out->max = g[m - 1].dist;
    return JH_OK;
}

double jh_access_beyond(double limit) { return limit + 1e-12 * fmax(1.0, fabs(limit)); }

jh_status jh_access_compute_with(const double *dist, const long *students, size_t n,
                                 double limit, jh_access_stats *out, jh_access_work *work)
{
    jh_access_work own;
    memset(&own, 0, sizeof own);
    jh_access_work *wk = work ? work : &own;
    group *g = jh_access_groups(wk, n);
    if (!g) {
        jh_access_work_free(&own);
        return JH_ERR_RUN;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (students[i] <= 0 || !isfinite(dist[i]))
            continue;
        g[m].dist = dist[i];
        g[m].students = students[i];
        m++;
    }
    jh_status st = jh_access_compute_groups(wk, 0, m, limit, out);
    jh_access_work_free(&own);
    return st;
}
