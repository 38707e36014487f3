/*
 * csv.c: the RFC 4180 reader behind projections.csv, teachers.csv and
 * od.csv (see csv.h). Each row is parsed in place in a buffer: quoted
 * fields are unescaped by shifting bytes left inside their own span and
 * every field is NUL-terminated where its delimiter was, so a row costs no
 * allocation. That keeps an 800,000-row travel-cost table well under a
 * second. A UTF-8 file is read through a window of WINDOW bytes (grown for
 * a longer row) that holds at least the whole current row, so a 577 MB
 * projections.csv does not sit in memory; a GBK file is decoded whole.
 */
#include "input/csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jh_array.h"
#include "input/input_file.h"
#include "input/text_encoding.h"

static size_t window = 4u << 20; /* jh_csv_set_window */
#define WINDOW window

struct jh_csv {
    char *buf;        /* the text (or a window of it), NUL-terminated at len */
    size_t len, cap;
    size_t pos;       /* parse position */
    FILE *f;          /* streaming: the rest of the file; NULL: buf holds all of it */
    bool eof;         /* f is exhausted (always with f == NULL) */
    char *name;       /* for messages */
    char **header;    /* trimmed header names (point into buf) */
    size_t ncols;
    char **fields;    /* current row (point into buf) */
    size_t nfields, capfields;
    long line;        /* line at pos */
    long row_line;    /* line the current row starts on */
    bool check;       /* streaming: each window checked for UTF-8 as it is read */
    size_t checked;   /* with check: buf[0..checked) is known to be UTF-8 */
    bool not_utf8;    /* with check: bytes that are not UTF-8 were read */
    size_t whole;     /* streaming: buf[pos..whole), when pos < whole, ends in
                         a line end and holds no quote: its rows are whole */
    size_t plain_next; /* after jh_csv_plain_row gave a row: where the next starts */
};

/* With check: where buf[from..len) stops holding only whole characters
 * (the start of a character cut at the end of the window, which the next
 * window completes); len at the end of the file. */
static size_t whole_chars_end(const char *buf, size_t from, size_t len, bool eof)
{
    if (eof || len == from)
        return len;
    size_t j = len - 1;
    while (j > from && len - j < 4 && ((unsigned char)buf[j] & 0xC0) == 0x80)
        j--;
    unsigned char lead = (unsigned char)buf[j];
    if (lead < 0xC0)
        return len;
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return len - j < need ? j : len;
}

/* With check: checks the text read since the last check (whole characters). */
static void check_utf8(jh_csv *c)
{
    if (!c->check || c->not_utf8)
        return;
    size_t upto = whole_chars_end(c->buf, c->checked, c->len, c->eof);
    if (upto > c->checked && !jh_utf8_valid(c->buf + c->checked, upto - c->checked))
        c->not_utf8 = true;
    else if (upto > c->checked)
        c->checked = upto;
}

static jh_status oom(jh_error *err)
{
    return jh_error_set(err, JH_ERR_RUN, "out of memory reading a table");
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

static bool push_field(jh_csv *c, char *f)
{
    if (c->nfields < c->capfields) {
        c->fields[c->nfields++] = f;
        return true;
    }
    char **g = jh_array_grow(c->fields, c->nfields, &c->capfields, sizeof *g, 16);
    if (!g)
        return false;
    c->fields = g;
    c->fields[c->nfields++] = f;
    return true;
}

/* Streaming: moves the unread text to the start of the window and reads
 * more (growing the window when one row fills it). */
static jh_status refill(jh_csv *c, jh_error *err)
{
    if (!c->f || c->eof)
        return JH_OK;
    if (c->pos > 0) {
        memmove(c->buf, c->buf + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->checked = c->checked > c->pos ? c->checked - c->pos : 0;
        c->whole = c->whole > c->pos ? c->whole - c->pos : 0;
        c->pos = 0;
    }
    if (c->len + 1 >= c->cap) {
        char *g = realloc(c->buf, c->cap * 2);
        if (!g)
            return oom(err);
        c->buf = g;
        c->cap *= 2;
    }
    size_t n = fread(c->buf + c->len, 1, c->cap - 1 - c->len, c->f);
    if (n == 0 && ferror(c->f))
        return jh_error_set(err, JH_ERR_INPUT, "%s: cannot read", c->name);
    c->len += n;
    c->buf[c->len] = '\0';
    if (n == 0)
        c->eof = true;
    check_utf8(c);
    return JH_OK;
}

/* Streaming: makes sure the window holds a whole row from pos: a line end
 * outside quotes (and, after a CR, the byte that follows it), or the end
 * of the file. A quote toggles the state, which for well-formed fields
 * ("" included) matches the parser; a malformed file only reads further
 * before the parser names its error. */
static jh_status need_row(jh_csv *c, jh_error *err)
{
    size_t done = 0; /* bytes after pos already scanned */
    bool quoted = false;
    if (c->f && !c->eof && c->pos < c->len) {
        /* the usual row: a line end with no quote before it (memchr, not
         * a byte at a time); anything else is scanned below */
        if (c->pos < c->whole)
            return JH_OK; /* known from an earlier row's look */
        const char *from = c->buf + c->pos;
        const char *nl = memchr(from, '\n', c->len - c->pos);
        if (nl && !memchr(from, '"', (size_t)(nl - from))) {
            /* the window's rows up to its last line end, or to the line
             * end before its first quote, are whole too: one look for them
             * all, not one a row */
            const char *last = memrchr(nl, '\n', (size_t)(c->buf + c->len - nl));
            const char *q = memchr(nl, '"', (size_t)(last - nl));
            if (q)
                last = memrchr(nl, '\n', (size_t)(q - nl)); /* nl at least */
            c->whole = (size_t)(last - c->buf) + 1;
            return JH_OK;
        }
    }
    while (c->f && !c->eof) {
        for (size_t r = c->pos + done; r < c->len; r++) {
            char ch = c->buf[r];
            if (ch == '"')
                quoted = !quoted;
            else if (!quoted && (ch == '\n' || (ch == '\r' && r + 1 < c->len)))
                return JH_OK;
        }
        done = c->len - c->pos;
        jh_status st = refill(c, err);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* True when the line starting at pos holds only blanks; *next is then the
 * start of the following line (or len). */
static bool blank_line(const jh_csv *c, size_t pos, size_t *next)
{
    size_t p = pos;
    while (p < c->len && (c->buf[p] == ' ' || c->buf[p] == '\t'))
        p++;
    if (p < c->len && c->buf[p] != '\r' && c->buf[p] != '\n')
        return false;
    if (p < c->len && c->buf[p] == '\r') {
        p++;
        if (p < c->len && c->buf[p] == '\n')
            p++;
    } else if (p < c->len && c->buf[p] == '\n') {
        p++;
    }
    *next = p;
    return true;
}

/* The bytes that end an unquoted field or are an error in one (and the
 * NUL at the end of the text): csv.h's jh_csv_field_end. */
const bool jh_csv_field_end[256] = {['\0'] = true, [','] = true, ['\r'] = true,
                                    ['\n'] = true, ['"'] = true};

/* Parses one row at c->pos into c->fields. */
static jh_status parse_row(jh_csv *c, bool *has_row, jh_error *err)
{
    c->nfields = 0;
    *has_row = false;
    for (;;) {
        size_t next;
        jh_status st = need_row(c, err);
        if (st != JH_OK)
            return st;
        if (c->pos >= c->len || c->not_utf8)
            return JH_OK; /* the end, or a window that is not UTF-8 (no row of it) */
        if (!blank_line(c, c->pos, &next))
            break;
        c->pos = next;
        c->line++;
    }
    c->row_line = c->line;
    char *b = c->buf;
    size_t r = c->pos;
    for (;;) {
        char *field;
        size_t col = c->nfields + 1;
        if (b[r] == '"') {
            size_t w = r + 1;
            long open_line = c->line;
            field = b + w;
            r++;
            for (;;) {
                if (r >= c->len)
                    return jh_error_set(err, JH_ERR_INPUT,
                                        "%s: line %ld: column %zu: expected a closing quote for "
                                        "the field opened on this line, got the end of the file",
                                        c->name, open_line, col);
                if (b[r] == '"') {
                    if (r + 1 < c->len && b[r + 1] == '"') {
                        b[w++] = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (b[r] == '\n' || (b[r] == '\r' && (r + 1 >= c->len || b[r + 1] != '\n')))
                    c->line++;
                b[w++] = b[r++];
            }
            if (r < c->len && b[r] != ',' && b[r] != '\r' && b[r] != '\n')
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: column %zu: expected a comma or the end of "
                                    "the line after a closing quote, got '%c'",
                                    c->name, c->line, col, b[r]);
            b[w] = '\0';
        } else {
            field = b + r;
            for (;;) {
                /* ordinary bytes without a test each for the four that end
                 * or break a field (a NUL only ends the text at len) */
                while (!jh_csv_field_end[(unsigned char)b[r]])
                    r++;
                if (r >= c->len || b[r] == ',' || b[r] == '\r' || b[r] == '\n')
                    break;
                if (b[r] == '"')
                    return jh_error_set(err, JH_ERR_INPUT,
                                        "%s: line %ld: column %zu: expected a quote only around "
                                        "a whole field, got one inside an unquoted field",
                                        c->name, c->line, col);
                r++; /* a NUL byte inside the text */
            }
        }
        if (!push_field(c, field))
            return oom(err);
        char d = r < c->len ? b[r] : '\0';
        b[r] = '\0';
        if (d == ',') {
            r++;
            continue;
        }
        if (d == '\r' && r + 1 < c->len && b[r + 1] == '\n')
            r++;
        if (d != '\0') {
            r++;
            c->line++;
        }
        c->pos = r;
        *has_row = true;
        return JH_OK;
    }
}

/* Whether plain rows may be read at c->pos (none: not here; the general
 * reader takes what is left): a window of text that is not UTF-8 has none
 * (parse_row gives no row of it), and when streaming only the window's part
 * known whole (no quote, ending in a line end) has them; need_row finds
 * that part. */
static jh_status plain_window(jh_csv *c, bool *none, jh_error *err)
{
    *none = true;
    if (c->not_utf8)
        return JH_OK;
    if (c->f && !c->eof && c->pos >= c->whole) {
        jh_status st = need_row(c, err);
        if (st != JH_OK)
            return st;
        if (c->pos >= c->whole || c->not_utf8)
            return JH_OK;
    }
    *none = false;
    return JH_OK;
}

jh_status jh_csv_plain_row(jh_csv *c, jh_csv_span *f, size_t max, size_t *n, jh_error *err)
{
    *n = 0;
    bool none;
    jh_status st = plain_window(c, &none, err);
    if (st != JH_OK || none)
        return st;
    const char *b = c->buf;
    size_t r = c->pos, k = 0;
    for (;;) {
        size_t s = r;
        /* digits read as they are scanned (most fields of a long table
         * are numbers) */
        const char *q = b + r;
        long v = jh_csv_digits_at(&q);
        r = (size_t)(q - b);
        while (!jh_csv_field_end[(unsigned char)b[r]])
            r++;
        if (k == max)
            return JH_OK;
        f[k].s = b + s;
        f[k].n = r - s;
        f[k].digits = v;
        k++;
        char d = b[r];
        if (d == ',') {
            r++;
            continue;
        }
        if (d == '\n') {
            r++;
            break;
        }
        /* a CR ends a plain row only before an LF (b[len] is a NUL, so
         * r + 1 <= len); a quote or a NUL (the end of the text, or one
         * inside it) is the general reader's */
        if (d == '\r' && b[r + 1] == '\n') {
            r += 2;
            break;
        }
        return JH_OK;
    }
    if (k < 2 || k != c->ncols)
        return JH_OK; /* a blank line, or a row the general reader refuses */
    c->plain_next = r;
    *n = k;
    return JH_OK;
}

void jh_csv_take_plain(jh_csv *c)
{
    c->nfields = 0;
    c->row_line = c->line++;
    c->pos = c->plain_next;
}

jh_status jh_csv_plain_text(jh_csv *c, const char **from, const char **to, jh_error *err)
{
    *from = *to = NULL;
    bool none;
    jh_status st = plain_window(c, &none, err);
    if (st != JH_OK || none)
        return st;
    *from = c->buf + c->pos;
    *to = c->buf + (c->f && !c->eof ? c->whole : c->len);
    return JH_OK;
}

void jh_csv_take_plain_text(jh_csv *c, const char *upto, long rows)
{
    if (rows <= 0)
        return;
    c->nfields = 0;
    c->line += rows;
    c->row_line = c->line - 1;
    c->pos = (size_t)(upto - c->buf);
}

/* Takes ownership of buf (len bytes, cap allocated, at least one spare)
 * and of f: non-NULL, the rest of a UTF-8 file to stream through buf. */
static jh_status open_buffer(jh_csv **out, char *buf, size_t len, size_t cap, FILE *f,
                             bool check, size_t checked, const char *name,
                             jh_warnings *warnings, jh_error *err)
{
    *out = NULL;
    size_t skip = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if (!f && !jh_utf8_valid(buf + skip, len - skip)) {
        jh_decoder *d = jh_decoder_open("GB18030");
        char *dec = NULL;
        bool ok = d && jh_decoder_decode(d, buf + skip, len - skip, &dec);
        jh_decoder_close(d);
        free(buf);
        if (!ok)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: expected UTF-8 text (or GBK), got bytes that are neither",
                                name);
        if (warnings)
            jh_warnings_add(warnings, "%s: text is not UTF-8; read it as GBK (GB18030)", name);
        buf = dec;
        len = strlen(dec);
        skip = 0;
    }
    jh_csv *c = calloc(1, sizeof *c);
    if (!c) {
        free(buf);
        if (f)
            fclose(f);
        return oom(err);
    }
    c->buf = buf;
    c->len = len;
    c->cap = cap > len ? cap : len + 1;
    c->f = f;
    c->eof = !f;
    c->pos = skip;
    c->line = 1;
    c->check = check && f;
    c->checked = checked;
    c->name = strdup(name);
    if (!c->name) {
        jh_csv_close(c);
        return oom(err);
    }
    bool has;
    jh_status st = parse_row(c, &has, err);
    if (st != JH_OK) {
        jh_csv_close(c);
        return st;
    }
    if (!has) {
        jh_csv_close(c);
        return jh_error_set(err, JH_ERR_INPUT, "%s: line 1: expected a header row, the file is empty",
                            name);
    }
    c->ncols = c->nfields;
    /* the names are copied: a streaming window moves on */
    size_t text = 0;
    for (size_t i = 0; i < c->ncols; i++)
        text += strlen(c->fields[i]) + 1;
    c->header = malloc(c->ncols * sizeof *c->header + text + 1);
    if (!c->header) {
        jh_csv_close(c);
        return oom(err);
    }
    char *names = (char *)(c->header + c->ncols);
    for (size_t i = 0; i < c->ncols; i++) {
        size_t n = strlen(c->fields[i]) + 1;
        memcpy(names, c->fields[i], n);
        c->header[i] = trim(names);
        names += n;
        for (size_t j = 0; j < i; j++)
            if (c->header[i][0] && strcasecmp(c->header[i], c->header[j]) == 0) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: column %s: expected each header name once, "
                                  "got it in columns %zu and %zu",
                                  name, c->row_line, c->header[i], j + 1, i + 1);
                jh_csv_close(c);
                return st;
            }
    }
    *out = c;
    return JH_OK;
}

/* Whether the rest of f is UTF-8 (after a BOM), read a window at a time:
 * each is checked up to its last line end (ASCII, never inside a
 * character), the remainder carried to the next. */
static bool stream_utf8(FILE *f, char *buf, size_t cap)
{
    size_t len = 0;
    bool first = true;
    for (;;) {
        size_t n = fread(buf + len, 1, cap - 1 - len, f);
        len += n;
        size_t skip = first && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        first = false;
        if (n == 0 || len + 1 >= cap) {
            size_t upto = len;
            if (n != 0) {
                while (upto > skip && buf[upto - 1] != '\n')
                    upto--;
                if (upto == skip) {
                    /* no line end in a window: up to its last whole character */
                    upto = len;
                    while (upto > skip && len - upto < 3 &&
                           ((unsigned char)buf[upto - 1] & 0xC0) == 0x80)
                        upto--;
                    if (upto > skip && (unsigned char)buf[upto - 1] >= 0xC0)
                        upto--;
                }
            }
            if (!jh_utf8_valid(buf + skip, upto - skip))
                return false;
            memmove(buf, buf + upto, len - upto);
            len -= upto;
            if (n == 0)
                return len == 0;
        }
    }
}

static jh_status open_file(jh_csv **out, const char *path, const char *name, bool check,
                           jh_warnings *warnings, jh_error *err)
{
    *out = NULL;
    if (!name)
        name = path;
    FILE *f = jh_input_fopen(path, name, err); /* regular files only */
    if (!f)
        return err ? err->status : JH_ERR_INPUT;
    size_t cap = 1 << 16, len = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long sz = ftell(f);
        if (sz > 0 && (unsigned long)sz < (1UL << 40))
            cap = (size_t)sz + 1;
        rewind(f);
    }
    /* a file larger than two windows is streamed when it is UTF-8 */
    bool stream = cap > 2 * (size_t)WINDOW;
    if (stream)
        cap = WINDOW;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory reading the table", name);
    }
    if (stream && check) {
        /* the first window checked here (a GBK file is mostly found
         * before any row is given), the others as refill reads them */
        len = fread(buf, 1, cap - 1, f);
        buf[len] = '\0';
        bool eof = len < cap - 1;
        size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        size_t upto = whole_chars_end(buf, skip, len, eof);
        if (ferror(f)) {
            free(buf);
            fclose(f);
            return jh_error_set(err, JH_ERR_INPUT, "%s: cannot read", name);
        }
        if (jh_utf8_valid(buf + skip, upto - skip))
            return open_buffer(out, buf, len, cap, f, true, upto, name, warnings, err);
        rewind(f); /* GBK: decoded whole below */
        len = 0;
    } else if (stream) {
        bool utf8 = stream_utf8(f, buf, cap);
        if (ferror(f)) {
            free(buf);
            fclose(f);
            return jh_error_set(err, JH_ERR_INPUT, "%s: cannot read", name);
        }
        rewind(f);
        if (utf8) {
            len = fread(buf, 1, cap - 1, f);
            buf[len] = '\0';
            return open_buffer(out, buf, len, cap, f, false, 0, name, warnings, err);
        }
        /* GBK: decoded whole below */
    }
    for (;;) {
        if (len + 1 >= cap) {
            char *g = realloc(buf, cap * 2);
            if (!g) {
                free(buf);
                fclose(f);
                return oom(err);
            }
            buf = g;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - 1 - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return jh_error_set(err, JH_ERR_INPUT, "%s: cannot read", name);
    }
    buf[len] = '\0';
    return open_buffer(out, buf, len, cap, NULL, false, 0, name, warnings, err);
}

jh_status jh_csv_open(jh_csv **out, const char *path, const char *name,
                      jh_warnings *warnings, jh_error *err)
{
    return open_file(out, path, name, false, warnings, err);
}

jh_status jh_csv_open_checked_as_read(jh_csv **out, const char *path, const char *name,
                                      jh_warnings *warnings, jh_error *err)
{
    return open_file(out, path, name, true, warnings, err);
}

bool jh_csv_not_utf8(const jh_csv *c) { return c->not_utf8; }

bool jh_csv_checking(const jh_csv *c) { return c->check; }

jh_status jh_csv_open_mem(jh_csv **out, const char *text, size_t len, const char *name,
                          jh_error *err)
{
    *out = NULL;
    char *buf = malloc(len + 1);
    if (!buf)
        return oom(err);
    memcpy(buf, text, len);
    buf[len] = '\0';
    return open_buffer(out, buf, len, len + 1, NULL, false, 0, name ? name : "(text)", NULL, err);
}

void jh_csv_set_window(size_t bytes)
{
    window = bytes >= 16 ? bytes : 16;
}

size_t jh_csv_columns(const jh_csv *c) { return c->ncols; }

int jh_csv_column(const jh_csv *c, const char *name)
{
    while (*name == ' ' || *name == '\t')
        name++;
    size_t n = strlen(name);
    while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < c->ncols; i++)
        if (strlen(c->header[i]) == n && strncasecmp(c->header[i], name, n) == 0)
            return (int)i;
    return -1;
}

jh_status jh_csv_require(const jh_csv *c, const char *const *names, size_t n, int *idx,
                         jh_error *err)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = jh_csv_column(c, names[i]);
        if (idx[i] < 0)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line 1: column %s: expected a header column named %s",
                                c->name, names[i], names[i]);
    }
    return JH_OK;
}

jh_status jh_csv_next(jh_csv *c, bool *has_row, jh_error *err)
{
    jh_status st = parse_row(c, has_row, err);
    if (st != JH_OK) {
        c->nfields = 0;
        *has_row = false;
        return st;
    }
    if (*has_row && c->nfields != c->ncols) {
        *has_row = false;
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line %ld: expected %zu fields as in the header, got %zu",
                            c->name, c->row_line, c->ncols, c->nfields);
    }
    return JH_OK;
}

const char *jh_csv_get(const jh_csv *c, size_t i)
{
    return i < c->nfields ? c->fields[i] : "";
}

long jh_csv_line(const jh_csv *c) { return c->row_line; }

const char *jh_csv_name(const jh_csv *c) { return c->name; }

const char *jh_csv_header(const jh_csv *c, size_t col)
{
    return col < c->ncols ? c->header[col] : "";
}

/* The field trimmed into buf (fields are short; a longer one is cut, and
 * then fails to parse as a number anyway). */
const char *jh_csv_trim(const char *s, char *buf, size_t n)
{
    while (*s == ' ' || *s == '\t')
        s++;
    /* snprintf(buf, n, "%s", s) without the formatter: at most n - 1 bytes */
    if (n == 0)
        return buf;
    size_t len = strnlen(s, n - 1);
    memcpy(buf, s, len);
    buf[len] = '\0';
    while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
        buf[--len] = '\0';
    return buf;
}

static const char *trimmed(const jh_csv *c, int col, char *buf, size_t n)
{
    const char *s = col >= 0 ? jh_csv_get(c, (size_t)col) : "";
    /* a field with nothing to trim and short enough is read in place (no
     * copy per field: projections.csv has tens of millions) */
    if (*s != ' ' && *s != '\t') {
        size_t len = strlen(s);
        if (len < n && (len == 0 || (s[len - 1] != ' ' && s[len - 1] != '\t')))
            return s;
    }
    return jh_csv_trim(s, buf, n);
}

static jh_status bad_value(const jh_csv *c, int col, const char *what, const char *got,
                           jh_error *err)
{
    return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected %s, got '%s'",
                        c->name, c->row_line, jh_csv_header(c, (size_t)col), what, got);
}

/* A field of 1 to 15 ASCII digits (a sign not included) read without
 * strtol/strtod: the value they give, exactly (below 2^53, so a double
 * holds it as strtod would). False for anything else. */
static bool plain_digits(const char *s, long *out)
{
    long v = 0;
    size_t n = 0;
    for (; s[n] >= '0' && s[n] <= '9'; n++) {
        if (n == 15)
            return false;
        v = v * 10 + (s[n] - '0');
    }
    if (n == 0 || s[n] != '\0')
        return false;
    *out = v;
    return true;
}

jh_status jh_csv_get_long(const jh_csv *c, int col, long min, long max, const char *what,
                          long *out, jh_error *err)
{
    const char *f = col >= 0 ? jh_csv_get(c, (size_t)col) : "";
    long fast;
    if (plain_digits(f, &fast) && fast >= min && fast <= max) {
        *out = fast; /* the common case of tens of millions of rows */
        return JH_OK;
    }
    char buf[128];
    const char *s = trimmed(c, col, buf, sizeof buf);
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || errno != 0 || *end != '\0') {
        /* "12.0" as written by spreadsheets is still a whole number */
        errno = 0;
        double d = strtod(s, &end);
        if (*s == '\0' || errno != 0 || *end != '\0' || !isfinite(d) || d != floor(d) ||
            d < (double)min || d > (double)max)
            return bad_value(c, col, what, s, err);
        v = (long)d;
    }
    if (v < min || v > max)
        return bad_value(c, col, what, s, err);
    *out = v;
    return JH_OK;
}

jh_status jh_csv_get_double(const jh_csv *c, int col, double min, const char *what,
                            double *out, jh_error *err)
{
    const char *f = col >= 0 ? jh_csv_get(c, (size_t)col) : "";
    long fast;
    if (plain_digits(f, &fast) && (double)fast >= min) {
        *out = (double)fast;
        return JH_OK;
    }
    char buf[128];
    const char *s = trimmed(c, col, buf, sizeof buf);
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == '\0' || errno != 0 || *end != '\0' || !isfinite(v) || v < min)
        return bad_value(c, col, what, s, err);
    *out = v;
    return JH_OK;
}

jh_status jh_csv_get_bool(const jh_csv *c, int col, bool *out, jh_error *err)
{
    static const char *const yes[] = {"1", "true", "yes", "y", "t", "是"};
    static const char *const no[] = {"0", "false", "no", "n", "f", "否"};
    char buf[64];
    const char *s = trimmed(c, col, buf, sizeof buf);
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *out = true;
            return JH_OK;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *out = false;
            return JH_OK;
        }
    }
    return bad_value(c, col, "0/1, true/false or yes/no", s, err);
}

void jh_csv_close(jh_csv *c)
{
    if (!c)
        return;
    free(c->buf);
    if (c->f)
        fclose(c->f);
    free(c->name);
    free(c->header);
    free(c->fields);
    free(c);
}
