/*
 * jh_array: growing an array by doubling (jh_array.c), the one way every
 * stage appends to a list whose length it does not know in advance.
 */
#ifndef JH_ARRAY_H
#define JH_ARRAY_H

#include <stddef.h>

/* The capacity after cap is full: twice cap, or `first` when cap is 0. */
size_t jh_array_next_cap(size_t cap, size_t first);

/* realloc(p, n * size), NULL when n * size overflows (p is then kept). */
void *jh_array_resize(void *p, size_t n, size_t size);

/* Room for item number n (0-based) of an array p of *cap items of `size`
 * bytes: p itself while n < *cap; else p reallocated to
 * jh_array_next_cap(*cap, first) items, *cap updated. NULL when out of
 * memory (p is still valid and *cap unchanged). */
void *jh_array_grow(void *p, size_t n, size_t *cap, size_t size, size_t first);

#endif
