/*
 * csv.c: the RFC 4180 reader behind projections.csv, teachers.csv and
 * od.csv (see csv.h). The whole file is read into one buffer and each row
 * is parsed in place: quoted fields are unescaped by shifting bytes left
 * inside their own span and every field is NUL-terminated where its
 * delimiter was, so a row costs no allocation. That keeps an 800,000-row
 * travel-cost table well under a second.
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

struct jh_csv {
    char *buf;        /* the text, NUL-terminated at len */
    size_t len;
    size_t pos;       /* parse position */
    char *name;       /* for messages */
    char **header;    /* trimmed header names (point into buf) */
    size_t ncols;
    char **fields;    /* current row (point into buf) */
    size_t nfields, capfields;
    long line;        /* line at pos */
    long row_line;    /* line the current row starts on */
};

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
    char **g = jh_array_grow(c->fields, c->nfields, &c->capfields, sizeof *g, 16);
    if (!g)
        return false;
    c->fields = g;
    c->fields[c->nfields++] = f;
    return true;
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

/* Parses one row at c->pos into c->fields. */
static jh_status parse_row(jh_csv *c, bool *has_row, jh_error *err)
{
    c->nfields = 0;
    *has_row = false;
    for (;;) {
        size_t next;
        if (c->pos >= c->len)
            return JH_OK;
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
            while (r < c->len && b[r] != ',' && b[r] != '\r' && b[r] != '\n') {
                if (b[r] == '"')
                    return jh_error_set(err, JH_ERR_INPUT,
                                        "%s: line %ld: column %zu: expected a quote only around "
                                        "a whole field, got one inside an unquoted field",
                                        c->name, c->line, col);
                r++;
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

/* Takes ownership of buf (len bytes, one spare byte allocated). */
static jh_status open_buffer(jh_csv **out, char *buf, size_t len, const char *name,
                             jh_warnings *warnings, jh_error *err)
{
    *out = NULL;
    size_t skip = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    if (!jh_utf8_valid(buf + skip, len - skip)) {
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
        return oom(err);
    }
    c->buf = buf;
    c->len = len;
    c->pos = skip;
    c->line = 1;
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
    c->header = malloc(c->ncols * sizeof *c->header);
    if (!c->header) {
        jh_csv_close(c);
        return oom(err);
    }
    for (size_t i = 0; i < c->ncols; i++) {
        c->header[i] = trim(c->fields[i]);
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

jh_status jh_csv_open(jh_csv **out, const char *path, const char *name,
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
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory reading the table", name);
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
    return open_buffer(out, buf, len, name, warnings, err);
}

jh_status jh_csv_open_mem(jh_csv **out, const char *text, size_t len, const char *name,
                          jh_error *err)
{
    *out = NULL;
    char *buf = malloc(len + 1);
    if (!buf)
        return oom(err);
    memcpy(buf, text, len);
    buf[len] = '\0';
    return open_buffer(out, buf, len, name ? name : "(text)", NULL, err);
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
    snprintf(buf, n, "%s", s);
    size_t len = strlen(buf);
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

jh_status jh_csv_get_long(const jh_csv *c, int col, long min, long max, const char *what,
                          long *out, jh_error *err)
{
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
    free(c->name);
    free(c->header);
    free(c->fields);
    free(c);
}
