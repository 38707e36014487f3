/*
 * key_sort: items in the ascending order of an unsigned 64-bit key, by a
 * stable radix sort (equal keys keep their order), and the key that
 * orders doubles as their values do.
 */
#ifndef JH_KEY_SORT_H
#define JH_KEY_SORT_H

#include <stddef.h>
#include <stdint.h>

/* An item to sort: its key and whatever the caller needs back (an index). */
typedef struct jh_keyed {
    uint64_t key;
    size_t index;
} jh_keyed;

/* x's place among doubles as an unsigned key: -inf < ... < -0 = +0 < ...
 * < +inf (-0 and +0, which compare equal, get one key). A NaN gets a key
 * above +inf or below -inf, by its sign bit: callers that care test for
 * NaN themselves. */
uint64_t jh_double_key(double x);

/* a[0..n) in ascending order of key, items of equal keys in their order
 * in a. tmp holds n items (its contents are overwritten). Counting passes
 * over the bytes of the keys' top half in which the items differ, then
 * the few whose top halves tie put in order by insertion (the bottom
 * half's passes instead when they are many): doubles of like size, whose
 * top halves seldom tie, take four passes or fewer, not eight. */
void jh_keyed_sort(jh_keyed *a, size_t n, jh_keyed *tmp);

#endif
