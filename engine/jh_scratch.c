/*
 * jh_scratch: see jh_scratch.h.
 */
#include "jh_scratch.h"

#include <stdint.h>
#include <stdlib.h>

void *jh_scratch_get(jh_scratch *s, size_t bytes)
{
    if (bytes == 0)
        bytes = 1;
    if (s->p && s->bytes >= bytes)
        return s->p;
    size_t want = bytes <= SIZE_MAX - bytes / 4 ? bytes + bytes / 4 : bytes;
    void *p = malloc(want);
    if (!p)
        return NULL;
    free(s->p);
    s->p = p;
    s->bytes = want;
    return p;
}

void jh_scratch_free(jh_scratch *s)
{
    free(s->p);
    s->p = NULL;
    s->bytes = 0;
}
