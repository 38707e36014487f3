/*
 * jh_huge: see jh_huge.h.
 */
#include "jh_huge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)

void jh_huge_hint(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || bytes < 2 * HUGE_PAGE)
        return;
    uintptr_t from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t to = ((uintptr_t)p + bytes) & ~(HUGE_PAGE - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_HUGEPAGE); /* a hint: failure is harmless */
#else
    (void)p;
    (void)bytes;
#endif
}

void *jh_calloc_huge(size_t n, size_t size)
{
    /* an overflowing count * size is refused here, as calloc would (and
     * before calloc, which sanitizers stop on instead of returning NULL) */
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = calloc(n, size);
    jh_huge_hint(p, n * size);
    return p;
}

void *jh_malloc_huge(size_t bytes)
{
    void *p = malloc(bytes);
    jh_huge_hint(p, bytes);
    return p;
}

void *jh_realloc_huge(void *p, size_t used, size_t bytes)
{
    if (bytes < 2 * HUGE_PAGE)
        return realloc(p, bytes);
    void *q = jh_malloc_huge(bytes);
    if (!q)
        return NULL;
    if (p)
        memcpy(q, p, used < bytes ? used : bytes);
    free(p);
    return q;
}
