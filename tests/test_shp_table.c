/*
 * test_shp_table: a point Shapefile read into a jh_ftable (shp_table.c,
 * layers.c: jh_layer_row) and the numbers read from it (ftable.c):
 * values as the plain reading through Shapelib gives them, messages of a
 * bad record unchanged, whole numbers read without strtod as strtod reads
 * them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/dbf_value.h"
#include "input/ftable.h"

#include "county_dir_fixture.h"

static int setup(void **state)
{
    (void)state;
    return county_dir_make("shp_table");
}

static int teardown(void **state)
{
    (void)state;
    return county_dir_remove();
}

/* tbl.shp: four points, text fields id and name (width 40), an integer n
 * and a number x (3 decimals) written by Shapelib, UTF-8 (.cpg), and the
 * .prj of GK zone 39; "" is a NULL value. */
static void write_tbl(void)
{
    static const char *const v[4][4] = {
        {"A1", "  lead and trail  ", "12", "1.5"},
        {"A2", "学校 一", "", ""},
        {"A3", "   ", "0", "0.25"},
        {"A4", "plain", "7", "2"},
    };
    SHPHandle shp;
    DBFHandle dbf;
    create_point_layer("tbl", &shp, &dbf);
    DBFAddField(dbf, "id", FTString, 40, 0);
    DBFAddField(dbf, "name", FTString, 40, 0);
    DBFAddField(dbf, "n", FTInteger, 12, 0);
    DBFAddField(dbf, "x", FTDouble, 12, 3);
    for (int r = 0; r < 4; r++) {
        double x = 39512340 + 1000 * r, y = 3401220;
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        for (int f = 0; f < 4; f++) {
            if (!*v[r][f])
                DBFWriteNULLAttribute(dbf, r, f);
            else if (f < 2)
                DBFWriteStringAttribute(dbf, r, f, v[r][f]);
            else if (f == 2)
                DBFWriteIntegerAttribute(dbf, r, f, atoi(v[r][f]));
            else
                DBFWriteDoubleAttribute(dbf, r, f, atof(v[r][f]));
        }
    }
    SHPClose(shp);
    DBFClose(dbf);
    write_text("tbl.prj", esri_prj);
    write_text("tbl.cpg", "UTF-8");
}

/* jh_ftable_number_max reads a whole number of up to 15 digits without
 * strtod: every value gives what the strtod reading (ref_number, the
 * function as it was) gives, the same status, figure and message, under a
 * bound of 1,000 and of 1e15. */
static int ref_number(const char *s, double max, double *out)
{
    *out = 0;
    if (!s)
        return 0; /* no value */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < 0)
        return -1; /* not a number */
    if (v > max)
        return -2; /* above the bound */
    *out = v;
    return 1;
}

static void test_ftable_number(void **state)
{
    (void)state;
    static const char *const values[] = {
        "12", "12  ", "007", "000000000000012", "0000000000000012", "999", "1000", "1001",
        "999999999999999", "1000000000000000", "2.5", " 3", "1e3", "0", "0x10", "-1", "3\t",
        "x", "12x", "99999999999999999999", "+", "1 2", NULL};
    size_t n = sizeof values / sizeof values[0];
    jh_ftable *t = jh_ftable_new("t.dbf", NULL);
    assert_non_null(t);
    int f = jh_ftable_add_field(t, "n");
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(jh_ftable_add_row(t, (long)i + 1), (long)i);
        assert_true(jh_ftable_set(t, (long)i, f, values[i]));
    }
    static const double bounds[] = {1000, 1e15};
    for (size_t b = 0; b < 2; b++)
        for (size_t i = 0; i < n; i++) {
            double want, out = -7;
            int ref = ref_number(values[i], bounds[b], &want);
            bool given = true;
            jh_error err;
            jh_error_clear(&err);
            jh_status st = jh_ftable_number_max(t, (long)i, f, "n", "X", bounds[b], &out, &given,
                                                &err);
            assert_int_equal(st, ref < 0 ? JH_ERR_INPUT : JH_OK);
            assert_int_equal(given, ref == 1);
            if (ref >= 0)
                assert_true(out == want);
            char msg[300];
            if (ref == -1)
                snprintf(msg, sizeof msg, "t.dbf: record %zu (id X): field n: expected a "
                         "non-negative number, got '%s'", i + 1, values[i]);
            else if (ref == -2)
                snprintf(msg, sizeof msg, "t.dbf: record %zu (id X): field n: expected a "
                         "non-negative number of at most %.15g (the maximum), got '%s'", i + 1,
                         bounds[b], values[i]);
            if (ref < 0 && !strchr(values[i], '\t'))
                assert_string_equal(err.message, msg);
            else if (ref < 0) /* the message writes a tab as \x09 */
                assert_memory_equal(err.message, msg, strlen(msg) - 3);
        }
    jh_ftable_free(t);
}

/* jh_shp_table_read takes each value from its record's bytes, read once
 * per record (layers.c: tuple): the same text as the plain reading,
 * Shapelib's DBFReadStringAttribute through jh_dbf_text, gives, blank
 * values NULL. A byte that is not UTF-8 in the record after an all-ASCII
 * one (whose check is skipped) is still refused, naming record and field;
 * so is a NUL byte with text after it. */
static void test_shp_table_values(void **state)
{
    (void)state;
    write_tbl();
    char shp[300], dbf[300];
    snprintf(shp, sizeof shp, "%s/tbl.shp", dir);
    snprintf(dbf, sizeof dbf, "%s/tbl.dbf", dir);
    jh_ftable *t;
    jh_error err;
    jh_warnings w = {0};
    if (jh_shp_table_read(&t, shp, &w, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(t->n_rows, 4);
    DBFHandle h = DBFOpen(dbf, "rb");
    assert_non_null(h);
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            const char *ref = jh_dbf_text(h, r, c);
            if (!ref || ref[strspn(ref, " \t\r\n")] == '\0')
                assert_null(t->cols[c][r]);
            else
                assert_string_equal(t->cols[c][r], ref);
        }
    DBFClose(h);
    assert_string_equal(t->cols[1][0], "lead and trail");
    assert_string_equal(t->cols[1][1], "学校 一");
    assert_null(t->cols[1][2]);
    assert_null(t->cols[2][1]);
    assert_string_equal(t->cols[2][2], "0");
    assert_string_equal(t->cols[3][2], "0.250");
    assert_string_equal(t->cols[0][3], "A4");
    jh_ftable_free(t);
    /* record 4's name not UTF-8; record 3 before it is all ASCII */
    h = DBFOpen(dbf, "r+b");
    assert_non_null(h);
    assert_true(DBFWriteAttributeDirectly(h, 3, 1, "pl\xFF" "in"));
    DBFClose(h);
    assert_int_equal(jh_shp_table_read(&t, shp, &w, &err), JH_ERR_INPUT);
    assert_string_equal(err.message, "tbl.dbf: record 4: field name: expected UTF-8 text (add a "
                                     ".cpg naming the encoding)");
    /* a NUL with text after it, in record 3 (all ASCII otherwise) */
    h = DBFOpen(dbf, "r+b");
    assert_non_null(h);
    assert_true(DBFWriteAttributeDirectly(h, 3, 1, "plain"));
    char rec[256];
    assert_true(h->nRecordLength <= (int)sizeof rec);
    memcpy(rec, DBFReadTuple(h, 2), (size_t)h->nRecordLength);
    memcpy(rec + h->panFieldOffset[0], "A\0" "3", 3);
    assert_true(DBFWriteTuple(h, 2, rec));
    DBFClose(h);
    assert_int_equal(jh_shp_table_read(&t, shp, &w, &err), JH_ERR_INPUT);
    assert_string_equal(err.message, "tbl.dbf: record 3: field id: expected text without NUL "
                                     "bytes, got a NUL byte at character 2 followed by more text");
    jh_warnings_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shp_table_values),
        cmocka_unit_test(test_ftable_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
