/*
 * test_csv: the RFC 4180 reader — quoting, a BOM, CRLF, blank lines, GBK
 * text, typed fields, and each malformed case with its line and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/csv.h"

static jh_csv *open_text(const char *text)
{
    jh_csv *c = NULL;
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_csv_open_mem(&c, text, strlen(text), "t.csv", &err);
    if (st != JH_OK)
        fail_msg("open failed: %s", err.message);
    return c;
}

static void expect_error(const char *text, const char *needle)
{
    jh_csv *c = NULL;
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_csv_open_mem(&c, text, strlen(text), "t.csv", &err);
    bool has = true;
    while (st == JH_OK && has)
        st = jh_csv_next(c, &has, &err);
    jh_csv_close(c);
    assert_int_equal(st, JH_ERR_INPUT);
    if (!strstr(err.message, needle))
        fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void test_quoting_bom_crlf(void **state)
{
    (void)state;
    jh_csv *c = open_text("\xEF\xBB\xBF" "id , name,note\r\n"
                          "1,\"Li, Wei\",\"say \"\"hi\"\"\"\r\n"
                          "\r\n"
                          "2,\"two\r\nlines\",\r\n"
                          "3,,\"\"");
    jh_error err;
    bool has;
    assert_int_equal(jh_csv_columns(c), 3);
    assert_int_equal(jh_csv_column(c, "ID"), 0);      /* BOM gone, blanks trimmed, any case */
    assert_int_equal(jh_csv_column(c, " note "), 2);
    assert_int_equal(jh_csv_column(c, "missing"), -1);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_true(has);
    assert_string_equal(jh_csv_get(c, 0), "1");
    assert_string_equal(jh_csv_get(c, 1), "Li, Wei");
    assert_string_equal(jh_csv_get(c, 2), "say \"hi\"");
    assert_string_equal(jh_csv_get(c, 7), "");
    assert_int_equal(jh_csv_line(c), 2);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_true(has);
    assert_int_equal(jh_csv_line(c), 4);              /* the blank line 3 skipped */
    assert_string_equal(jh_csv_get(c, 1), "two\r\nlines");
    assert_string_equal(jh_csv_get(c, 2), "");
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_true(has);
    assert_int_equal(jh_csv_line(c), 6);              /* the quoted newline counted */
    assert_string_equal(jh_csv_get(c, 0), "3");
    assert_string_equal(jh_csv_get(c, 1), "");
    assert_string_equal(jh_csv_get(c, 2), "");
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_false(has);
    jh_csv_close(c);
}

static void test_typed(void **state)
{
    (void)state;
    jh_csv *c = open_text("n,x,b\n 12 ,2.5,yes\n12.0,0,FALSE\n-4,abc,maybe\n");
    jh_error err;
    bool has, b;
    long n;
    double x;
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_int_equal(jh_csv_get_long(c, 0, 0, 100, "a count", &n, &err), JH_OK);
    assert_int_equal(n, 12);
    assert_int_equal(jh_csv_get_double(c, 1, 0, "a cost", &x, &err), JH_OK);
    assert_true(x == 2.5);
    assert_int_equal(jh_csv_get_bool(c, 2, &b, &err), JH_OK);
    assert_true(b);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_int_equal(jh_csv_get_long(c, 0, 0, 100, "a count", &n, &err), JH_OK);
    assert_int_equal(n, 12);
    assert_int_equal(jh_csv_get_bool(c, 2, &b, &err), JH_OK);
    assert_false(b);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_int_equal(jh_csv_get_long(c, 0, 0, 100, "a non-negative whole number", &n, &err),
                     JH_ERR_INPUT);
    assert_string_equal(err.message,
                        "t.csv: line 4: column n: expected a non-negative whole number, got '-4'");
    assert_int_equal(jh_csv_get_double(c, 1, 0, "a cost", &x, &err), JH_ERR_INPUT);
    assert_string_equal(err.message, "t.csv: line 4: column x: expected a cost, got 'abc'");
    assert_int_equal(jh_csv_get_bool(c, 2, &b, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "got 'maybe'"));
    jh_csv_close(c);
}

static void test_require(void **state)
{
    (void)state;
    jh_csv *c = open_text("village_id,year\nV1,2025\n");
    static const char *const cols[] = {"village_id", "age"};
    int idx[2];
    jh_error err;
    assert_int_equal(jh_csv_require(c, cols, 2, idx, &err), JH_ERR_INPUT);
    assert_string_equal(err.message,
                        "t.csv: line 1: column age: expected a header column named age");
    jh_csv_close(c);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error("a,b\n1,\"open\n2,3\n", "line 2: column 2: expected a closing quote");
    expect_error("a,b\n1,\"x\"y\n", "line 2: column 2: expected a comma or the end of the line");
    expect_error("a,b\n1,x\"y\n", "line 2: column 2: expected a quote only around a whole field");
    expect_error("a,b\n1,2\n3\n", "line 3: expected 2 fields as in the header, got 1");
    expect_error("a,b\n1,2,3\n", "line 2: expected 2 fields as in the header, got 3");
    expect_error("", "line 1: expected a header row");
    expect_error("a,A\n", "expected each header name once");
}

static void test_gbk_file(void **state)
{
    (void)state;
    char path[] = "/tmp/jh_test_csv_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* "名称\n村一\n" in GBK: 名 C3FB 称 B3C6 村 B4E5 一 D2BB */
    const char gbk[] = "id,\xC3\xFB\xB3\xC6\nV1,\xB4\xE5\xD2\xBB\n";
    FILE *f = fdopen(fd, "wb");
    fwrite(gbk, 1, sizeof gbk - 1, f);
    fclose(f);
    jh_csv *c;
    jh_error err;
    jh_warnings w = {0};
    assert_int_equal(jh_csv_open(&c, path, "g.csv", &w, &err), JH_OK);
    assert_int_equal(jh_csv_column(c, "名称"), 1);
    bool has;
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_string_equal(jh_csv_get(c, 1), "村一");
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.items[0], "GBK"));
    jh_csv_close(c);
    jh_warnings_free(&w);
    remove(path);
    assert_int_equal(jh_csv_open(&c, "/nonexistent/x.csv", NULL, NULL, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "/nonexistent/x.csv: cannot open"));
}

/* Every row of the file at path as "line|f1|f2|...\n" (or the error),
 * read with a streaming window of `window` bytes; `checked`: opened with
 * jh_csv_open_checked_as_read, "not UTF-8" at the end when it stopped so. */
/* With plain_too, transcript_of takes the rows jh_csv_plain_row gives as
 * plain (counted in n_plain_rows) and reads the others with jh_csv_next. */
static bool plain_too;
static size_t n_plain_rows;

/* A span's digits as jh_csv_plain_row should read them: -1 unless 1 to 15
 * ASCII digits. */
static long span_value(jh_csv_span f)
{
    if (f.n == 0 || f.n > 15)
        return -1;
    long v = 0;
    for (size_t i = 0; i < f.n; i++) {
        if (f.s[i] < '0' || f.s[i] > '9')
            return -1;
        v = v * 10 + (f.s[i] - '0');
    }
    return v;
}

static char *transcript_of(const char *path, size_t window, size_t *n_warn, bool checked)
{
    jh_csv_set_window(window);
    jh_csv *c;
    jh_error err;
    jh_error_clear(&err);
    jh_warnings w = {0};
    size_t cap = 1 << 20, len = 0;
    char *out = calloc(cap, 1);
    jh_status st = checked ? jh_csv_open_checked_as_read(&c, path, "s.csv", &w, &err)
                           : jh_csv_open(&c, path, "s.csv", &w, &err);
    bool has = st == JH_OK;
    while (st == JH_OK) {
        len += (size_t)snprintf(out + len, cap - len, "%s|", jh_csv_header(c, 1));
        jh_csv_span f[8];
        size_t nf = 0;
        if (plain_too && (st = jh_csv_plain_row(c, f, 8, &nf, &err)) != JH_OK)
            break;
        if (nf) {
            assert_int_equal(nf, jh_csv_columns(c));
            jh_csv_take_plain(c);
            n_plain_rows++;
            len += (size_t)snprintf(out + len, cap - len, "%ld", jh_csv_line(c));
            for (size_t i = 0; i < nf; i++) {
                assert_int_equal(f[i].digits, span_value(f[i]));
                len += (size_t)snprintf(out + len, cap - len, "|%.*s", (int)f[i].n, f[i].s);
            }
            len += (size_t)snprintf(out + len, cap - len, "\n");
            assert_true(len < cap - 1000);
            continue;
        }
        if ((st = jh_csv_next(c, &has, &err)) != JH_OK || !has)
            break;
        len += (size_t)snprintf(out + len, cap - len, "%ld", jh_csv_line(c));
        for (size_t i = 0; i < jh_csv_columns(c); i++)
            len += (size_t)snprintf(out + len, cap - len, "|%s", jh_csv_get(c, i));
        len += (size_t)snprintf(out + len, cap - len, "\n");
        assert_true(len < cap - 1000);
    }
    if (st != JH_OK)
        snprintf(out + len, cap - len, "error %s", err.message);
    else if (jh_csv_not_utf8(c))
        snprintf(out + len, cap - len, "not UTF-8");
    jh_csv_close(c);
    *n_warn = w.count;
    jh_warnings_free(&w);
    jh_csv_set_window(4u << 20);
    return out;
}

static char *transcript(const char *path, size_t window, size_t *n_warn)
{
    return transcript_of(path, window, n_warn, false);
}

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
}

/* A file read through a small window (rows, quoted line ends, CRLF, a BOM,
 * blank lines and multi-byte characters across the window's edges) reads
 * as when it is read whole; so does its malformed end and a GBK file. */
static void test_streaming_window(void **state)
{
    (void)state;
    char path[] = "/tmp/jh_test_csv_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char *text = calloc(1 << 16, 1);
    size_t n = (size_t)sprintf(text, "\xEF\xBB\xBF" "id, 名称 ,note\r\n");
    for (int i = 0; i < 300; i++) {
        switch (i % 6) {
        case 0: n += (size_t)sprintf(text + n, "V%d,村%d,\"a, \"\"b\"\"\"\r\n", i, i); break;
        case 1: n += (size_t)sprintf(text + n, "V%d,\"two\r\nlines %d\",x\n", i, i); break;
        case 2: n += (size_t)sprintf(text + n, "\n  \r\nV%d, 一二三 ,%d\n", i, i * 7); break;
        case 3: n += (size_t)sprintf(text + n, "V%d,\"\",\"\"\r", i); break;
        case 4: n += (size_t)sprintf(text + n, "V%d,%0*d,end\n", i, 40, i); break;
        default: n += (size_t)sprintf(text + n, "V%d,\"学校\n\n\",\"q\"\"\"\n", i); break;
        }
    }
    size_t good = n;
    write_file(path, text, n);
    size_t w0, w1;
    char *whole = transcript(path, 1u << 30, &w0);
    assert_null(strstr(whole, "error"));
    assert_non_null(strstr(whole, "|V299|"));
    static const size_t windows[] = {16, 17, 23, 64, 333};
    for (size_t k = 0; k < sizeof windows / sizeof windows[0]; k++) {
        char *part = transcript(path, windows[k], &w1);
        assert_string_equal(part, whole);
        assert_int_equal(w1, w0);
        free(part);
        /* checked for UTF-8 window by window (characters cut at the
         * edges): the same rows */
        part = transcript_of(path, windows[k], &w1, true);
        assert_string_equal(part, whole);
        assert_int_equal(w1, w0);
        free(part);
        /* the plain rows taken in place (csv.h: jh_csv_plain_row), the
         * others read in full: the same rows, lines and fields */
        plain_too = true;
        n_plain_rows = 0;
        part = transcript_of(path, windows[k], &w1, true);
        plain_too = false;
        assert_string_equal(part, whole);
        /* the 50 rows of kinds 2 and 4 (one line, unquoted) at the least */
        assert_true(windows[k] < 333 || n_plain_rows > 0);
        free(part);
    }
    free(whole);
    /* a table of short plain rows (CRLF on some, a quoted one now and
     * then, a blank line): taken in place across the windows' edges, the
     * rows read as jh_csv_next alone reads them */
    char *tab = calloc(1 << 16, 1);
    assert_non_null(tab);
    size_t m = (size_t)sprintf(tab, "village_id,year,age,population\n");
    for (int i = 0; i < 400; i++)
        m += (size_t)sprintf(tab + m, i % 37 == 5 ? "\"V%d\",2026,%d,\"%d\"\n"
                                       : i % 5 == 1 ? "V%d,2026,%d,%d\r\n"
                                       : i % 53 == 7 ? "V%d,2026,%d,%d\n\n"
                                                     : "V%d,2026,%d,%d\n",
                             i / 15, i % 15, i * 7);
    write_file(path, tab, m);
    free(tab);
    whole = transcript(path, 1u << 30, &w0);
    assert_non_null(strstr(whole, "\nyear|408|V26|2026|9|2793\nyear|"));
    for (size_t k = 0; k < sizeof windows / sizeof windows[0]; k++) {
        plain_too = true;
        n_plain_rows = 0;
        char *part = transcript_of(path, windows[k], &w1, k % 2 == 0);
        plain_too = false;
        assert_string_equal(part, whole);
        assert_true(n_plain_rows > (windows[k] < 333 ? 50u : 300u));
        free(part);
    }
    free(whole);
    /* a quote left open at the end: the same message either way */
    n += (size_t)sprintf(text + n, "V9,\"open\nmore,x\n");
    write_file(path, text, n);
    whole = transcript(path, 1u << 30, &w0);
    assert_non_null(strstr(whole, "expected a closing quote"));
    char *part = transcript(path, 16, &w1);
    assert_string_equal(part, whole);
    free(part);
    free(whole);
    /* GBK (名称 C3FB B3C6, 村一 B4E5 D2BB): decoded whole, with its warning */
    n = 0;
    n += (size_t)sprintf(text, "id,\xC3\xFB\xB3\xC6\n");
    for (int i = 0; i < 50; i++)
        n += (size_t)sprintf(text + n, "V%d,\xB4\xE5\xD2\xBB\n", i);
    write_file(path, text, n);
    whole = transcript(path, 1u << 30, &w0);
    part = transcript(path, 16, &w1);
    assert_string_equal(part, whole);
    assert_non_null(strstr(part, "名称|2|V0|村一\n"));
    assert_int_equal(w0, 1);
    assert_int_equal(w1, 1);
    free(part);
    /* checked as read: GBK in the first window is decoded whole there */
    part = transcript_of(path, 16, &w1, true);
    assert_string_equal(part, whole);
    assert_int_equal(w1, 1);
    free(part);
    free(whole);
    /* ASCII rows, then GBK far into the file: jh_csv_open reads it all as
     * GBK; checked as read, the rows stop before the window that holds
     * the GBK bytes (none of them given) and it says why */
    n = (size_t)sprintf(text, "id,name\n");
    for (int i = 0; i < 200; i++)
        n += (size_t)sprintf(text + n, "V%d,plain\n", i);
    n += (size_t)sprintf(text + n, "V200,\xB4\xE5\xD2\xBB\nV201,x\n");
    write_file(path, text, n);
    whole = transcript(path, 64, &w0);
    assert_non_null(strstr(whole, "|V200|村一\n"));
    assert_int_equal(w0, 1);
    part = transcript_of(path, 64, &w1, true);
    assert_int_equal(w1, 0);
    assert_non_null(strstr(part, "|V150|plain\n"));
    assert_null(strstr(part, "|V200|"));
    assert_null(strstr(part, "\xB4"));
    size_t pl = strlen(part);
    assert_true(pl > 9 && strcmp(part + pl - 9, "not UTF-8") == 0);
    /* every row it gave is the whole read's row */
    part[pl - 9] = '\0';
    assert_memory_equal(part, whole, strlen(part));
    free(part);
    free(whole);
    (void)good;
    free(text);
    remove(path);
}

/* jh_csv_plain_row: which rows it gives in place (one line, unquoted, the
 * header's number of fields) and their digits; the others are left to
 * jh_csv_next, untouched, with its lines and messages. */
static void test_plain_rows(void **state)
{
    (void)state;
    jh_csv *c = open_text("id,n,note\r\n"
                          "A,12,x\r\n"
                          "B,\"7\",y\n"
                          "\n"
                          "C, 8 ,z\n"
                          "D,1234567890123456,w\n"
                          "E,012345678901234,v\n"
                          "F,1,a\rG,2,b\n"
                          "H,-3,\n"
                          "E,9\n"
                          "I,4,c");
    jh_error err;
    jh_error_clear(&err);
    jh_csv_span f[3];
    size_t n;
    bool has;
    /* A: CRLF, 12 read as digits */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    assert_int_equal(f[0].n, 1);
    assert_memory_equal(f[0].s, "A", 1);
    assert_int_equal(f[0].digits, -1);
    assert_int_equal(f[1].digits, 12);
    assert_int_equal(f[2].n, 1); /* the CR is not part of the last field */
    assert_int_equal(f[2].digits, -1);
    /* two fields at most: not plain, and asking again gives the same */
    assert_int_equal(jh_csv_plain_row(c, f, 2, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    jh_csv_take_plain(c);
    assert_int_equal(jh_csv_line(c), 2);
    /* B: a quoted field is jh_csv_next's */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_true(has);
    assert_string_equal(jh_csv_get(c, 1), "7");
    assert_int_equal(jh_csv_line(c), 3);
    /* a blank line: jh_csv_next skips it and reads C */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_string_equal(jh_csv_get(c, 0), "C");
    assert_int_equal(jh_csv_line(c), 5);
    /* D: 16 digits are not read in place; E: 15 (a leading zero) are */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    assert_int_equal(f[1].n, 16);
    assert_int_equal(f[1].digits, -1);
    jh_csv_take_plain(c);
    assert_int_equal(jh_csv_line(c), 6);
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    assert_int_equal(f[1].digits, 12345678901234L);
    jh_csv_take_plain(c);
    /* F then G: a lone CR ends a row for jh_csv_next, not in place */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_string_equal(jh_csv_get(c, 2), "a");
    assert_int_equal(jh_csv_line(c), 8);
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(f[0].s, "G", 1);
    jh_csv_take_plain(c);
    assert_int_equal(jh_csv_line(c), 9);
    /* H: a sign is not digits; an empty last field */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 3);
    assert_int_equal(f[1].digits, -1);
    assert_int_equal(f[2].n, 0);
    assert_int_equal(f[2].digits, -1);
    jh_csv_take_plain(c);
    /* two fields of three: jh_csv_next names the line */
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "t.csv: line 11: expected 3 fields as in the header, got 2"));
    jh_csv_close(c);
    /* the last row without a line end: jh_csv_next's */
    c = open_text("id,n\nI,4");
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_true(has);
    assert_string_equal(jh_csv_get(c, 1), "4");
    assert_int_equal(jh_csv_plain_row(c, f, 3, &n, &err), JH_OK);
    assert_int_equal(n, 0);
    assert_int_equal(jh_csv_next(c, &has, &err), JH_OK);
    assert_false(has);
    jh_csv_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting_bom_crlf),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_gbk_file),
        cmocka_unit_test(test_streaming_window),
        cmocka_unit_test(test_plain_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
