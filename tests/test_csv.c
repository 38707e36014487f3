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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting_bom_crlf),
        cmocka_unit_test(test_typed),
        cmocka_unit_test(test_require),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_gbk_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
