/*
 * od_order: see od_order.h.
 */
#include "input/od_order.h"

#include <stdint.h>
#include <string.h>

static bool pair_less(const jh_od_pair *p, const jh_od_pair *q)
{
    return p->cost < q->cost || (p->cost == q->cost && p->school < q->school);
}

/* One village's pairs by cost, then school (unique keys: the one order any
 * sort gives), whatever order they come in. Typed quicksort, median of
 * three, insertion sort below 16 and recursion into the smaller part. */
static void sort_pairs(jh_od_pair *a, size_t n)
{
    while (n > 16) {
        size_t m = n / 2;
        jh_od_pair *x = &a[0], *y = &a[m], *z = &a[n - 1];
        jh_od_pair *med = pair_less(x, y) ? (pair_less(y, z) ? y : pair_less(x, z) ? z : x)
                                          : (pair_less(x, z) ? x : pair_less(y, z) ? z : y);
        jh_od_pair pv = *med;
        size_t i = 0, j = n - 1;
        for (;;) {
            while (pair_less(&a[i], &pv))
                i++;
            while (pair_less(&pv, &a[j]))
                j--;
            if (i >= j)
                break;
            jh_od_pair t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* [0, j] <= pivot <= [j + 1, n) */
        size_t left = j + 1;
        if (left < n - left) {
            sort_pairs(a, left);
            a += left;
            n -= left;
        } else {
            sort_pairs(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        jh_od_pair t = a[i];
        size_t k = i;
        while (k > 0 && pair_less(&t, &a[k - 1])) {
            a[k] = a[k - 1];
            k--;
        }
        a[k] = t;
    }
}

/* A cost as an unsigned key in the order of its value: a finite
 * non-negative double's bits (-0 made +0, which compares equal to it). */
static inline uint64_t cost_key(double cost)
{
    cost += 0.0;
    uint64_t k;
    memcpy(&k, &cost, sizeof k);
    return k;
}

/* One village's pairs as sort_pairs orders them, when they come in school
 * order (a table written school by school within each village, as most
 * are): a stable radix sort on the costs' bits, one pass per byte in which
 * they differ (two or three for whole-number costs), keeps that school
 * order among equal costs. tmp holds n pairs. Returns false, the pairs as
 * they were, when they do not come in school order. */
static bool radix_pairs(jh_od_pair *a, size_t n, jh_od_pair *tmp)
{
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && a[i - 1].school >= a[i].school)
            return false;
        uint64_t k = cost_key(a[i].cost);
        all_or |= k;
        all_and &= k;
    }
    uint64_t differ = all_or ^ all_and; /* the bits not all the same */
    jh_od_pair *src = a, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        if (!((differ >> shift) & 0xff))
            continue;
        size_t at[257] = {0};
        for (size_t i = 0; i < n; i++)
            at[((cost_key(src[i].cost) >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            at[b + 1] += at[b];
        for (size_t i = 0; i < n; i++)
            dst[at[(cost_key(src[i].cost) >> shift) & 0xff]++] = src[i];
        jh_od_pair *x = src;
        src = dst;
        dst = x;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    return true;
}

void jh_od_pairs_sort(jh_od_pair *a, size_t n, jh_od_pair *tmp)
{
    if (!radix_pairs(a, n, tmp))
        sort_pairs(a, n);
}
