/*
 * key_sort.c: a stable least-significant-digit radix sort on the bytes
 * of a 64-bit key, the top half first and the ties in it by insertion
 * (key_sort.h).
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

/* Stable counting passes over the bytes of the keys in `bytes` (bit b:
 * byte b, low to high) that are not the same in every key; the result in
 * a. count holds the eight bytes' histograms of a's keys. */
static void byte_passes(jh_keyed *a, size_t n, jh_keyed *tmp, size_t count[8][256],
                        unsigned bytes, uint64_t differ)
{
    jh_keyed *src = a, *dst = tmp;
    for (int b = 0; b < 8; b++) {
        if (!((bytes >> b) & 1) || !((differ >> (8 * b)) & 0xff))
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
    if (!(differ >> 32)) {
        byte_passes(a, n, tmp, count, 0x0f, differ);
        return;
    }
    /* keys that differ in their top half (doubles: the sign, the exponent
     * and the first 20 bits of the fraction, which few values share):
     * ordered by it, then the few items whose top halves tie put in order
     * by their whole keys by insertion (stable: an item passes only
     * greater keys); when that moves too many, the bottom half's passes
     * and then the top half's again finish the order (both stable, so
     * equal keys keep their first order) */
    byte_passes(a, n, tmp, count, 0xf0, differ);
    size_t moved = 0, budget = 2 * n;
    for (size_t i = 1; i < n; i++) {
        if ((a[i - 1].key >> 32) != (a[i].key >> 32) || a[i - 1].key <= a[i].key)
            continue;
        jh_keyed t = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1].key > t.key; j--)
            a[j] = a[j - 1];
        a[j] = t;
        if ((moved += i - j) > budget) {
            memset(count, 0, sizeof count);
            for (size_t k = 0; k < n; k++)
                for (int b = 0; b < 8; b++)
                    count[b][(a[k].key >> (8 * b)) & 0xff]++;
            byte_passes(a, n, tmp, count, 0xff, differ);
            return;
        }
    }
}
