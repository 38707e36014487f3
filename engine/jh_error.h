/*
 * jh_error: how every junheng function reports failure.
 *
 * Functions return a jh_status (0 = success) and, on failure, fill a
 * caller-provided jh_error with a message the caller can print as is.
 * Input errors name the file, the record or line, the field and what was
 * expected, e.g.
 *   "schools.dbf: record 17: field g3: expected a non-negative whole number, got '-4'"
 * Warnings (suspicious but legal data) go into a jh_warnings list instead.
 * Both escape control characters of the formatted text as \xNN (C0, DEL,
 * C1 as UTF-8), so a value echoed from a file cannot drive a terminal.
 */
#ifndef JH_ERROR_H
#define JH_ERROR_H

#include <stddef.h>

typedef enum {
    JH_OK = 0,
    JH_ERR_RUN = 1,   /* failure while running (out of memory, cannot write) */
    JH_ERR_INPUT = 2  /* bad usage or bad input: exit status 2 */
} jh_status;

typedef struct jh_error {
    jh_status status;
    char message[2048];
} jh_error;

/* Sets err (when not NULL) and returns status, so callers can write
 * `return jh_error_set(err, JH_ERR_INPUT, "%s: ...", path);` */
jh_status jh_error_set(jh_error *err, jh_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to JH_OK with an empty message. */
void jh_error_clear(jh_error *err);

/* A growable list of warning messages, owned by whoever holds it. */
typedef struct jh_warnings {
    char **items;
    size_t count;
    size_t capacity;
} jh_warnings;

void jh_warnings_add(jh_warnings *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void jh_warnings_free(jh_warnings *w);

#endif
