/*
 * key_sort.c: a stable least-significant-digit radix sort on the bytes
 * of a 64-bit key (key_sort.h).
 */
#include "key_sort.h"

#include <string.h>

uint64_t jh_double_key(double x)
{
    if (x == 0)
        x = 0; /* -0 sorts with +0 */
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    /* a negative number's bits order the wrong way round and below every
     * positive one's: all of them flipped; a positive one's sign bit set */
    return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

/* Below this many items an insertion sort (stable, and no histograms to
 * clear). */
enum { FEW = 32 };

void jh_keyed_sort(jh_keyed *a, size_t n, jh_keyed *tmp)
{
    if (n < FEW) {
        for (size_t i = 1; i < n; i++) {
            jh_keyed t = a[i];
            size_t j = i;
            for (; j > 0 && a[j - 1].key > t.key; j--)
                a[j] = a[j - 1];
            a[j] = t;
        }
        return;
    }
    /* the eight bytes' histograms in one pass; a byte that is the same in
     * every key orders nothing and is skipped */
    size_t count[8][256];
    memset(count, 0, sizeof count);
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = a[i].key;
        all_or |= k;
        all_and &= k;
        for (int b = 0; b < 8; b++)
            count[b][(k >> (8 * b)) & 0xff]++;
    }
    uint64_t differ = all_or ^ all_and;
    jh_keyed *src = a, *dst = tmp;
    for (int b = 0; b < 8; b++) {
        if (!((differ >> (8 * b)) & 0xff))
            continue;
        size_t at = 0;
        for (int d = 0; d < 256; d++) {
            size_t c = count[b][d];
            count[b][d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[b][(src[i].key >> (8 * b)) & 0xff]++] = src[i];
        jh_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
