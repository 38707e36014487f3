/* Error and warning plumbing shared by every module (see jh_error.h). */
#include "jh_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

jh_status jh_error_set(jh_error *err, jh_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void jh_error_clear(jh_error *err)
{
    if (err) {
        err->status = JH_OK;
        err->message[0] = '\0';
    }
}

void jh_warnings_add(jh_warnings *w, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (w->count == w->capacity) {
        size_t cap = w->capacity ? w->capacity * 2 : 16;
        char **items = realloc(w->items, cap * sizeof *items);
        if (!items)
            return; /* a warning lost to memory exhaustion is not fatal */
        w->items = items;
        w->capacity = cap;
    }
    w->items[w->count] = strdup(buf);
    if (w->items[w->count])
        w->count++;
}

void jh_warnings_free(jh_warnings *w)
{
    for (size_t i = 0; i < w->count; i++)
        free(w->items[i]);
    free(w->items);
    w->items = NULL;
    w->count = w->capacity = 0;
}
