/*
 * jh_text_pool: see jh_text_pool.h. Each block is mapped on its own (and
 * unmapped whole), filled end to end: its pages are touched only as far
 * as the strings reach.
 */
#include "jh_text_pool.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define POOL_BLOCK ((size_t)4 << 20)

struct jh_text_pool {
    char **block;
    size_t *size;
    size_t n, cap;
    char *next;
    size_t room;
};

jh_text_pool *jh_text_pool_new(void)
{
    return calloc(1, sizeof(jh_text_pool));
}

char *jh_text_pool_room(jh_text_pool *p, size_t n)
{
    if (n > p->room) {
        size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 16;
            char **b = realloc(p->block, cap * sizeof *b);
            if (!b)
                return NULL;
            p->block = b;
            size_t *z = realloc(p->size, cap * sizeof *z);
            if (!z)
                return NULL;
            p->size = z;
            p->cap = cap;
        }
        void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        p->block[p->n] = m;
        p->size[p->n++] = size;
        p->next = m;
        p->room = size;
    }
    char *r = p->next;
    p->next += n;
    p->room -= n;
    return r;
}

char *jh_text_pool_copy_n(jh_text_pool *p, const char *s, size_t n)
{
    char *r = jh_text_pool_room(p, n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *jh_text_pool_copy(jh_text_pool *p, const char *s)
{
    return jh_text_pool_copy_n(p, s, strlen(s));
}

void jh_text_pool_free(jh_text_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        munmap(p->block[i], p->size[i]);
    free(p->block);
    free(p->size);
    free(p);
}
