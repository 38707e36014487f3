/*
 * jh_array: growing an array by doubling (jh_array.h).
 */
#include "jh_array.h"

#include <stdint.h>
#include <stdlib.h>

size_t jh_array_next_cap(size_t cap, size_t first)
{
    return cap ? 2 * cap : first;
}

void *jh_array_resize(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return realloc(p, n * size);
}

void *jh_array_grow(void *p, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return p;
    size_t want = jh_array_next_cap(*cap, first);
    if (want <= n)
        want = n + 1;
    void *g = jh_array_resize(p, want, size);
    if (g)
        *cap = want;
    return g;
}
