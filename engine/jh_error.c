/* Error and warning plumbing shared by every module (see jh_error.h). */
#include "jh_error.h"
#include "jh_array.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies src into dst (size n) with control characters written as \xNN:
 * C0 controls, DEL, and the C1 controls as UTF-8 (C2 80 - C2 9F), so a
 * value echoed from a file (an ESC [2J in a school name) can never drive
 * the user's terminal. Cuts at a whole character. */
static void escape_controls(char *dst, size_t n, const char *src)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        bool c1 = p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
        if (*p < 0x20 || *p == 0x7f || c1) {
            size_t need = c1 ? 8 : 4;
            if (o + need + 1 > n)
                break;
            o += (size_t)snprintf(dst + o, n - o, "\\x%02X", p[0]);
            if (c1)
                o += (size_t)snprintf(dst + o, n - o, "\\x%02X", *++p);
        } else {
            if (o + 2 > n)
                break;
            dst[o++] = (char)*p;
        }
    }
    dst[o] = '\0';
}

jh_status jh_error_set(jh_error *err, jh_status status, const char *fmt, ...)
{
    if (err) {
        char buf[sizeof err->message];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        escape_controls(err->message, sizeof err->message, buf);
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
    char raw[2048], buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    escape_controls(buf, sizeof buf, raw);
    char **items = jh_array_grow(w->items, w->count, &w->capacity, sizeof *items, 16);
    if (!items)
        return; /* a warning lost to memory exhaustion is not fatal */
    w->items = items;
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
