/*
 * test_dbf_value: jh_dbf_text (one read per attribute) against
 * Shapelib's own DBFIsAttributeNULL + DBFReadStringAttribute on a DBF
 * written with Shapelib and then patched byte by byte, holding every NULL
 * form per field type: '*' fills, blanks, empty and NUL-filled values,
 * dates 00000000, logical '?', and near misses of each. Every cell must
 * give the same NULL answer and the same text as Shapelib, and the
 * listed cells the hand-worked answer; jh_dbf_field_text, reading the
 * same cells from the record's bytes, and jh_dbf_record_text, reading a
 * record's fields at once, the same answer and bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/dbf_value.h"

enum { FN, FF, FD, FL, FC, FM, NFIELDS };
#define NRECS 9

/* One cell: its raw bytes (len of them, the rest of the field blanks),
 * whether it is NULL and, when not, the trimmed text Shapelib gives. */
typedef struct {
    int rec, field;
    const char *bytes;
    int len;
    bool null;
    const char *text;
} cell;

#define C(r, f, b, n, t) {r, f, b, (int)sizeof(b) - 1, n, t}

static const cell cells[] = {
    /* N, width 6: '*' first or only blanks is NULL */
    C(1, FN, "******", true, NULL),
    C(2, FN, "      ", true, NULL),
    C(3, FN, "  12  ", false, "12"),
    C(4, FN, "*12   ", true, NULL),
    C(5, FN, "12*   ", false, "12*"),
    C(6, FN, "  *   ", true, NULL), /* trimmed to "*" */
    C(7, FN, "\t     ", false, "\t"), /* only spaces are trimmed */
    C(8, FN, "\0\0\0\0\0\0", true, NULL),
    /* F, width 8 */
    C(1, FF, "********", true, NULL),
    C(2, FF, "        ", true, NULL),
    C(3, FF, "   1.50 ", false, "1.50"),
    C(4, FF, " ***    ", true, NULL),
    C(5, FF, "0.00    ", false, "0.00"),
    /* D, width 8: "00000000" is NULL, blanks are not */
    C(1, FD, "00000000", true, NULL),
    C(2, FD, "        ", false, ""),
    C(3, FD, "20240101", false, "20240101"),
    C(4, FD, "0000000 ", false, "0000000"),
    C(5, FD, " 0000000", false, "0000000"),
    /* L, width 1: '?' is NULL, a blank is not */
    C(1, FL, "?", true, NULL),
    C(2, FL, " ", false, ""),
    C(3, FL, "T", false, "T"),
    C(4, FL, "*", false, "*"),
    /* C, width 8: empty (after trimming) is NULL */
    C(1, FC, "        ", true, NULL),
    C(2, FC, "\0abc    ", true, NULL),
    C(3, FC, " a  b   ", false, "a  b"),
    C(4, FC, "********", false, "********"),
    C(5, FC, "?       ", false, "?"),
    C(6, FC, "00000000", false, "00000000"),
    C(7, FC, "\t       ", false, "\t"),
    /* M (another type), width 10: empty is NULL */
    C(1, FM, "          ", true, NULL),
    C(2, FM, "*         ", false, "*"),
    C(3, FM, "?         ", false, "?"),
};

static char dir[] = "/tmp/jh_dbf_value_XXXXXX";
static char path[64];

/* The DBF: record 0 all NULL as Shapelib writes NULLs, the other
 * records "1" everywhere, then each listed cell's bytes patched in. */
static void write_dbf(void)
{
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.dbf", dir);
    DBFHandle h = DBFCreate(path);
    assert_non_null(h);
    assert_int_equal(DBFAddField(h, "N", FTInteger, 6, 0), FN);
    assert_int_equal(DBFAddField(h, "F", FTDouble, 8, 2), FF);
    assert_int_equal(DBFAddNativeFieldType(h, "D", 'D', 8, 0), FD);
    assert_int_equal(DBFAddNativeFieldType(h, "L", 'L', 1, 0), FL);
    assert_int_equal(DBFAddField(h, "C", FTString, 8, 0), FC);
    assert_int_equal(DBFAddNativeFieldType(h, "M", 'M', 10, 0), FM);
    for (int f = 0; f < NFIELDS; f++)
        assert_true(DBFWriteNULLAttribute(h, 0, f));
    for (int r = 1; r < NRECS; r++)
        for (int f = 0; f < NFIELDS; f++)
            assert_true(DBFWriteAttributeDirectly(h, r, f, "1"));
    long header = h->nHeaderLength, reclen = h->nRecordLength;
    int off[NFIELDS], width[NFIELDS];
    for (int f = 0; f < NFIELDS; f++) {
        off[f] = h->panFieldOffset[f];
        width[f] = h->panFieldSize[f];
    }
    DBFClose(h);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        const cell *c = &cells[i];
        assert_true(c->len <= width[c->field]);
        char buf[16];
        memset(buf, ' ', sizeof buf);
        memcpy(buf, c->bytes, (size_t)c->len);
        assert_int_equal(fseek(fp, header + c->rec * reclen + off[c->field], SEEK_SET), 0);
        assert_int_equal(fwrite(buf, 1, (size_t)width[c->field], fp), (size_t)width[c->field]);
    }
    assert_int_equal(fclose(fp), 0);
}

static void remove_dbf(void)
{
    unlink(path);
    rmdir(dir);
}

static void test_same_as_shapelib(void **state)
{
    (void)state;
    write_dbf();
    DBFHandle h = DBFOpen(path, "rb");
    assert_non_null(h);
    assert_int_equal(DBFGetRecordCount(h), NRECS);
    assert_int_equal(DBFGetNativeFieldType(h, FD), 'D');
    assert_int_equal(DBFGetNativeFieldType(h, FL), 'L');
    assert_int_equal(DBFGetNativeFieldType(h, FM), 'M');
    int nulls = 0;
    for (int r = 0; r < NRECS; r++)
        for (int f = 0; f < NFIELDS; f++) {
            /* the record's bytes, for jh_dbf_field_text (a copy: the
             * reads below reuse Shapelib's buffer) */
            char rec[256];
            assert_true(h->nRecordLength <= (int)sizeof rec);
            const char *tuple = DBFReadTuple(h, r);
            assert_non_null(tuple);
            memcpy(rec, tuple, (size_t)h->nRecordLength);
            bool shp_null = DBFIsAttributeNULL(h, r, f);
            char shp_text[32] = "";
            if (!shp_null)
                snprintf(shp_text, sizeof shp_text, "%s", DBFReadStringAttribute(h, r, f));
            const char *s = jh_dbf_text(h, r, f);
            assert_int_equal(s == NULL, shp_null);
            if (s)
                assert_string_equal(s, shp_text);
            else
                nulls++;
            /* from the record's bytes: the same NULL answer, the same bytes */
            size_t n = 99;
            const char *v = jh_dbf_field_text(h, rec, f, &n);
            assert_int_equal(v == NULL, shp_null);
            if (v) {
                assert_int_equal(n, strlen(shp_text));
                assert_memory_equal(v, shp_text, n);
                assert_true(v >= rec && v + n <= rec + h->nRecordLength);
            } else {
                assert_int_equal(n, 0);
            }
            /* every field of the record at once: the same, unless the
             * record holds a NUL byte (records 2 and 8: then false) */
            const char *all[NFIELDS];
            size_t lens[NFIELDS];
            bool whole = jh_dbf_record_text(h, rec, all, lens);
            assert_int_equal(whole, r != 2 && r != 8);
            if (whole) {
                assert_int_equal(all[f] == NULL, shp_null);
                assert_int_equal(lens[f], v ? n : 0);
                if (v)
                    assert_ptr_equal(all[f], v);
            }
            /* unlisted cells: record 0 NULL, the others "1" */
            bool listed = false;
            for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
                const cell *c = &cells[i];
                if (c->rec != r || c->field != f)
                    continue;
                listed = true;
                assert_int_equal(s == NULL, c->null);
                if (!c->null)
                    assert_string_equal(s, c->text);
            }
            if (!listed && r == 0)
                assert_null(s);
            else if (!listed)
                assert_string_equal(s, "1");
        }
    /* 6 in record 0, 13 listed */
    assert_int_equal(nulls, 6 + 13);
    /* out of range: NULL, as Shapelib says */
    assert_true(DBFIsAttributeNULL(h, NRECS, FC));
    assert_null(jh_dbf_text(h, NRECS, FC));
    assert_null(jh_dbf_text(h, -1, FC));
    assert_true(DBFIsAttributeNULL(h, 1, NFIELDS));
    assert_null(jh_dbf_text(h, 1, NFIELDS));
    size_t n;
    const char *rec1 = DBFReadTuple(h, 1);
    assert_null(jh_dbf_field_text(h, rec1, NFIELDS, &n));
    assert_null(jh_dbf_field_text(h, rec1, -1, &n));
    assert_null(jh_dbf_field_text(h, NULL, FC, &n));
    const char *all[NFIELDS];
    size_t lens[NFIELDS];
    assert_false(jh_dbf_record_text(h, NULL, all, lens));
    DBFClose(h);
    remove_dbf();
}

static void test_value_rules(void **state)
{
    (void)state;
    assert_true(jh_dbf_value_null('N', NULL));
    assert_true(jh_dbf_value_null('N', ""));
    assert_true(jh_dbf_value_null('N', "   "));
    assert_true(jh_dbf_value_null('F', "*x"));
    assert_false(jh_dbf_value_null('N', " 1"));
    assert_true(jh_dbf_value_null('D', "000000001"));
    assert_false(jh_dbf_value_null('D', ""));
    assert_false(jh_dbf_value_null('D', "0000000"));
    assert_true(jh_dbf_value_null('L', "?x"));
    assert_false(jh_dbf_value_null('L', ""));
    assert_true(jh_dbf_value_null('C', ""));
    assert_false(jh_dbf_value_null('C', " "));
    assert_false(jh_dbf_value_null('C', "*"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_shapelib),
        cmocka_unit_test(test_value_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
