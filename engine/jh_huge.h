/*
 * jh_huge: large arrays on transparent huge pages where the kernel offers
 * them only on request (transparent_hugepage "madvise"): a 20,000-school
 * county's simulation touches ~600 MiB, and as 4 KiB pages the faults
 * alone took a sixth of its CPU. A hint only: contents, results and
 * errors are as for plain calloc/malloc.
 */
#ifndef JH_HUGE_H
#define JH_HUGE_H

#include <stddef.h>

/* Asks for huge pages over the whole 2 MiB pages inside p[0..bytes)
 * (none below 4 MiB; nothing where the system has no such request). */
void jh_huge_hint(void *p, size_t bytes);

/* calloc(n, size) with jh_huge_hint on the result. */
void *jh_calloc_huge(size_t n, size_t size);

/* malloc(bytes) with jh_huge_hint on the result. */
void *jh_malloc_huge(size_t bytes);

/* realloc(p, bytes) for a growing array of which the first `used` bytes
 * are kept: from 4 MiB on, a new block hinted (jh_malloc_huge) before
 * they are copied in, and p freed (realloc would copy them into 4 KiB
 * pages, a fault each). NULL when memory is short (p is then kept). */
void *jh_realloc_huge(void *p, size_t used, size_t bytes);

#endif
