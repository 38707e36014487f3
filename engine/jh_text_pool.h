/*
 * jh_text_pool: many short strings (a layer's values, a roster's ids)
 * copied end to end into large blocks instead of a malloc each: no
 * per-string header or rounding, no call per string to free them, and a
 * block given back to the system whole when the pool goes (a layer of
 * millions of values leaves no holes in the heap). The strings live until
 * jh_text_pool_free; one is never freed on its own.
 */
#ifndef JH_TEXT_POOL_H
#define JH_TEXT_POOL_H

#include <stddef.h>

typedef struct jh_text_pool jh_text_pool;

/* An empty pool (no block yet), or NULL when out of memory. */
jh_text_pool *jh_text_pool_new(void);

/* n bytes of the pool for the caller to fill (strings of a whole record
 * at once), or NULL when out of memory. */
char *jh_text_pool_room(jh_text_pool *p, size_t n);

/* A copy of the n bytes at s followed by a NUL (s need not be
 * NUL-terminated), or NULL when out of memory. */
char *jh_text_pool_copy_n(jh_text_pool *p, const char *s, size_t n);

/* jh_text_pool_copy_n of a NUL-terminated string. */
char *jh_text_pool_copy(jh_text_pool *p, const char *s);

/* Frees every string of the pool and the pool (NULL: nothing). */
void jh_text_pool_free(jh_text_pool *p);

#endif
