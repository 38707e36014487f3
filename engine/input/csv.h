/*
 * csv: a reader for the optional tables (RFC 4180): a header row, fields
 * separated by commas, fields in double quotes may hold commas, newlines
 * and doubled quotes. A UTF-8 byte order mark and CRLF line ends are
 * accepted; blank lines are skipped. Malformed input (an unterminated
 * quote, text after a closing quote, a quote inside an unquoted field, a
 * row with the wrong number of fields) is an error naming the file and the
 * line. The file is read whole and parsed in place: an 800,000-row travel
 * cost table is a few tens of megabytes and parses in a fraction of a
 * second.
 */
#ifndef JH_CSV_H
#define JH_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

typedef struct jh_csv jh_csv;

/* Opens a file and reads its header row. `name` is used in messages (the
 * path when NULL). Errors: cannot read (JH_ERR_INPUT naming the file),
 * malformed header, no header. Text that is not valid UTF-8 is decoded as
 * GB18030 (GBK) and a warning is added to `warnings` when not NULL. */
/* The streaming window (bytes, default 4 MiB): a UTF-8 file larger than
 * two windows is read a window at a time. For tests (small windows). */
void jh_csv_set_window(size_t bytes);
jh_status jh_csv_open(jh_csv **out, const char *path, const char *name,
                      jh_warnings *warnings, jh_error *err);
/* As jh_csv_open, but a streamed file is checked for UTF-8 as its windows
 * are read instead of in a pass of its own before the first row (a large
 * table is read once, not twice). When a later window turns out not to be
 * UTF-8, no row of it is given: jh_csv_next reports the end of the rows
 * and jh_csv_not_utf8 says so; the caller then discards what it read and
 * starts over with jh_csv_open, which reads the file as GBK. */
jh_status jh_csv_open_checked_as_read(jh_csv **out, const char *path, const char *name,
                                      jh_warnings *warnings, jh_error *err);
/* True when jh_csv_open_checked_as_read's file stopped at bytes that are
 * not UTF-8 (see there). */
bool jh_csv_not_utf8(const jh_csv *c);
/* True when c is a streamed file checked as it is read (the rest unread may
 * still turn out not to be UTF-8). */
bool jh_csv_checking(const jh_csv *c);
/* The same over text in memory (copied). */
jh_status jh_csv_open_mem(jh_csv **out, const char *text, size_t len,
                          const char *name, jh_error *err);

/* Number of header columns, and the column named `name` (compared
 * case-insensitively, ignoring surrounding blanks), or -1. */
size_t jh_csv_columns(const jh_csv *c);
int jh_csv_column(const jh_csv *c, const char *name);
/* Looks up n required columns into idx[]; a missing one is an error
 * "FILE: line L: column NAME: expected a header column named NAME". */
jh_status jh_csv_require(const jh_csv *c, const char *const *names, size_t n,
                         int *idx, jh_error *err);

/* Reads the next data row: *has_row false at the end of the file. */
jh_status jh_csv_next(jh_csv *c, bool *has_row, jh_error *err);
/* A fast path for the loaders of long tables. A row is plain when it is
 * one line of at least two unquoted fields, as many as the header's, with
 * no NUL byte and no CR but one right before its LF, inside the text read
 * so far (streaming: in the part of the window known to hold whole rows).
 * jh_csv_plain_row gives such a row's fields as spans (bytes as jh_csv_get
 * would give them, not NUL-terminated, not trimmed) into f[0..max) and
 * *n = their number, without moving on; *n = 0 for any other row, the end
 * of the text or more than max fields: jh_csv_next reads it then (and names
 * any error). jh_csv_take_plain moves past the plain row just given
 * (jh_csv_line is then its line; jh_csv_get gives ""): a loader that finds
 * a field it cannot take in place does not call it and reads the row again
 * with jh_csv_next, so every message stays the general reader's. */
typedef struct jh_csv_span {
    const char *s;
    size_t n;
    long digits; /* 1 to 15 ASCII digits and nothing else (no sign, no
                    blank): their value, as jh_csv_get_long and
                    jh_csv_get_double read such a field; else -1 */
} jh_csv_span;
jh_status jh_csv_plain_row(jh_csv *c, jh_csv_span *f, size_t max, size_t *n, jh_error *err);
void jh_csv_take_plain(jh_csv *c);
/* The same for a loader that scans rows itself: [*from, *to) is the text
 * at the parse position that jh_csv_plain_row would look at for the next
 * rows (streaming: the part of the window known to hold whole rows; else
 * the rest of the text, NUL at *to), both NULL when it would give no row.
 * Only rows that jh_csv_plain_row gives as plain may be taken from it:
 * jh_csv_take_plain_text moves past `rows` such rows ending at `upto`
 * (the start of the next row), as that many jh_csv_take_plain would. */
jh_status jh_csv_plain_text(jh_csv *c, const char **from, const char **to, jh_error *err);
void jh_csv_take_plain_text(jh_csv *c, const char *upto, long rows);
/* For such a scan: the bytes that end an unquoted field or are an error
 * in one (comma, CR, LF, quote, and the NUL at the end of the text), and
 * a field of digits read as jh_csv_plain_row reads it (jh_csv_span.digits):
 * its value with *p moved to the byte after it, or -1 with *p unmoved. */
extern const bool jh_csv_field_end[256];
static inline long jh_csv_digits_at(const char **p)
{
    const char *s = *p, *r = s;
    unsigned long v = 0;
    for (unsigned d; (d = (unsigned)((unsigned char)*r - '0')) <= 9; r++)
        v = v * 10 + d;
    if (r == s || r - s > 15 || !jh_csv_field_end[(unsigned char)*r])
        return -1;
    *p = r;
    return (long)v;
}

/* Field i of the current row (UTF-8, NUL-terminated, valid until the next
 * jh_csv_next); "" for i out of range. (Named _get, not _field: output.h's
 * jh_csv_field is the writer.) */
const char *jh_csv_get(const jh_csv *c, size_t i);
/* The line on which the current row starts (1 = header line). */
long jh_csv_line(const jh_csv *c);
/* The name given at open, for messages. */
const char *jh_csv_name(const jh_csv *c);

/* Typed reads of field `col` of the current row, for the table loaders.
 * The field is trimmed of blanks; an empty or malformed value is an error
 * "FILE: line L: column NAME: expected WHAT, got 'TEXT'", NAME being the
 * header of that column. */
/* A whole number in [min, max]; `what` describes it ("a non-negative whole
 * number"). */
jh_status jh_csv_get_long(const jh_csv *c, int col, long min, long max, const char *what,
                          long *out, jh_error *err);
/* A finite number >= min. */
jh_status jh_csv_get_double(const jh_csv *c, int col, double min, const char *what,
                            double *out, jh_error *err);
/* A boolean: 1/0, true/false, yes/no, y/n, t/f (any case), 是/否. */
jh_status jh_csv_get_bool(const jh_csv *c, int col, bool *out, jh_error *err);
/* The header of column `col` (trimmed), "" out of range. */
const char *jh_csv_header(const jh_csv *c, size_t col);

void jh_csv_close(jh_csv *c);

/* s without leading and trailing blanks and tabs, copied into buf (cut to
 * n - 1 bytes); returns buf. */
const char *jh_csv_trim(const char *s, char *buf, size_t n);

#endif
