/*
 * test_projections_thread: projections.csv read on the loader's second
 * thread (engine/input/projections_thread.c) gives the county, warnings
 * and messages of the sequential reading (jh_tables_load_projections on
 * the loaded county): the same table cell for cell, the same message for a
 * bad row, and a layer's error first when both the layer and the table
 * are bad (the reading then stopped and discarded, no leak under ASan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/csv.h"
#include "input/inputs.h"
#include "input/tables.h"

#include "county_dir_fixture.h"

static char sp[256], vp[256], pp[256];

/* Ids of villages 1-4 other than V1-V4 when set (the fast reader's
 * 8-byte compare: an id of 7 bytes and its comma fill the 8 bytes, one of
 * 8 does not fit). */
static const char *const *named_ids;

/* Two schools S1, S2 and n villages V1..Vn (age6 = 10 + r, age6 of
 * village bad_village = -3 when > 0), points in GK zone 39. */
static void write_county(int n, int bad_village)
{
    SHPHandle shp;
    DBFHandle dbf;
    create_point_layer("schools", &shp, &dbf);
    DBFAddField(dbf, "id", FTString, 12, 0);
    DBFAddField(dbf, "type", FTString, 12, 0);
    DBFAddField(dbf, "g1", FTInteger, 8, 0);
    for (int r = 0; r < 2; r++) {
        double x = 39512000 + 1000 * r, y = 3401000;
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, r, 0, r ? "S2" : "S1");
        DBFWriteStringAttribute(dbf, r, 1, "primary");
        DBFWriteIntegerAttribute(dbf, r, 2, 30);
    }
    SHPClose(shp);
    DBFClose(dbf);
    create_point_layer("villages", &shp, &dbf);
    DBFAddField(dbf, "id", FTString, 20, 0); /* named ids up to 20 bytes */
    DBFAddField(dbf, "age6", FTInteger, 8, 0);
    for (int r = 0; r < n; r++) {
        double x = 39510000 + 100 * (r % 50), y = 3400000 + 100 * (r / 50);
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        char id[16];
        snprintf(id, sizeof id, "V%d", r + 1);
        DBFWriteStringAttribute(dbf, r, 0, named_ids && r < 4 ? named_ids[r] : id);
        DBFWriteIntegerAttribute(dbf, r, 1, r + 1 == bad_village ? -3 : 10 + r);
    }
    SHPClose(shp);
    DBFClose(dbf);
    write_text("schools.prj", esri_prj);
    write_text("villages.prj", esri_prj);
}

/* projections.csv for villages 1..n, years 2025..2030, ages 0..14 (the
 * population v * 7 + year + age, mod 300 so some need two bytes), then
 * `tail` (extra rows). */
static void write_projections(int n, const char *tail)
{
    char p[256];
    snprintf(p, sizeof p, "%s/projections.csv", dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("village_id,year,age,population\n", f);
    for (int v = 1; v <= n; v++)
        for (int y = 2025; y <= 2030; y++)
            for (int a = 0; a < 15; a++)
                fprintf(f, "V%d,%d,%d,%d\n", v, y, a, (v * 7 + y + a) % 300);
    fputs(tail, f);
    fclose(f);
}

static void scenario(jh_scenario *sc, bool projections)
{
    memset(sc, 0, sizeof *sc);
    sc->path = "s.yaml";
    sc->schools_path = sp;
    sc->villages_path = vp;
    sc->start_year = 2025;
    sc->end_year = 2030;
    sc->projections_path = projections ? pp : NULL;
}

static int setup(void **state)
{
    (void)state;
    if (county_dir_make("pthread") != 0)
        return -1;
    snprintf(sp, sizeof sp, "%s/schools.shp", dir);
    snprintf(vp, sizeof vp, "%s/villages.shp", dir);
    snprintf(pp, sizeof pp, "%s/projections.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return county_dir_remove();
}

/* The sequential reading: the county loaded without the table, then
 * jh_tables_load_projections on it. Returns its status, the county in *c
 * (freed by the caller, also on error). */
static jh_status sequential(jh_county *c, jh_error *err)
{
    jh_scenario sc;
    scenario(&sc, false);
    jh_error e;
    if (jh_county_load(c, &sc, &e) != JH_OK)
        fail_msg("%s", e.message);
    scenario(&sc, true);
    return jh_tables_load_projections(c, &sc, pp, "villages.dbf", err);
}

/* The table loaded both ways (threaded, then sequential), each OK. */
static void load_both(jh_county *a, jh_county *b)
{
    jh_scenario sc;
    scenario(&sc, true);
    jh_error err;
    jh_error_clear(&err);
    if (jh_county_load(a, &sc, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(sequential(b, &err), JH_OK);
}

/* Every cell of villages 0..nv-1, years y0..y1, the same in a and b. */
static void assert_same_cells(const jh_county *a, const jh_county *b, int nv, int y0, int y1)
{
    for (int v = 0; v < nv; v++)
        for (int y = y0; y <= y1; y++)
            for (int g = 0; g < 15; g++) {
                double x = jh_county_projection(a, v, y, g), z = jh_county_projection(b, v, y, g);
                assert_true((isnan(x) && isnan(z)) || x == z);
            }
}

/* A good table: the threaded load holds every cell the sequential one
 * does, and the same warnings in the same order. */
static void test_same_table(void **state)
{
    (void)state;
    write_county(120, 0);
    /* a row in doubles at the end turns the table to doubles; one outside
     * the horizon widens it */
    write_projections(120, "V3,2040,2,7\nV120,2019,14,2.5\n");
    jh_scenario sc;
    scenario(&sc, true);
    jh_county a, b;
    jh_error err;
    jh_error_clear(&err);
    if (jh_county_load(&a, &sc, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(sequential(&b, &err), JH_OK);
    assert_true(a.has_projections);
    assert_int_equal(a.n_projections, 120 * 6 * 15 + 2);
    assert_int_equal(b.n_projections, a.n_projections);
    assert_int_equal(a.proj.year0, 2019);
    assert_int_equal(a.proj.n_years, 22);
    assert_int_equal(a.proj.width, b.proj.width);
    assert_same_cells(&a, &b, 120, 2019, 2040);
    /* hand-computed cells */
    assert_true(jh_county_projection(&a, 0, 2025, 0) == (7 + 2025) % 300);   /* 232 */
    assert_true(jh_county_projection(&a, 119, 2030, 14) == (840 + 2030 + 14) % 300); /* 84 */
    assert_true(jh_county_projection(&a, 2, 2040, 2) == 7);
    assert_true(jh_county_projection(&a, 119, 2019, 14) == 2.5);
    assert_true(isnan(jh_county_projection(&a, 0, 2019, 14)));
    assert_int_equal(a.warnings.count, b.warnings.count);
    for (size_t i = 0; i < a.warnings.count; i++)
        assert_string_equal(a.warnings.items[i], b.warnings.items[i]);
    jh_county_free(&a);
    jh_county_free(&b);

    /* GBK in a note of the last row, 1,800 rows on: read again as GBK on
     * the thread, its warning after the layers' own as when read in turn */
    {
        char p[256];
        snprintf(p, sizeof p, "%s/projections.csv", dir);
        FILE *f = fopen(p, "wb");
        assert_non_null(f);
        fputs("village_id,year,age,population,note\n", f);
        for (int v = 1; v <= 120; v++)
            for (int g = 0; g < 15; g++)
                fprintf(f, "V%d,2025,%d,%d,%s\n", v, g, v + g,
                        v == 120 && g == 14 ? "\xB4\xE5" : "x");
        fclose(f);
        jh_csv_set_window(256);
        jh_status sa = jh_county_load(&a, &sc, &err);
        jh_status sb = sequential(&b, &err);
        jh_csv_set_window(4u << 20);
        assert_int_equal(sa, JH_OK);
        assert_int_equal(sb, JH_OK);
        assert_int_equal(a.n_projections, 1800);
        assert_true(jh_county_projection(&a, 119, 2025, 14) == 134);
        assert_true(jh_county_projection(&a, 0, 2025, 0) == 1);
        /* where the table was read in turn: after the layers' warnings
         * (no area field, two schools without teachers), before the
         * missing fields noted at the end of the load; the sequential
         * reading after the load puts it last */
        assert_true(a.warnings.count > 4);
        assert_int_equal(a.warnings.count, b.warnings.count);
        assert_string_equal(a.warnings.items[2],
                            "schools.dbf: record 2 (id S2): 30 students but no teachers");
        assert_string_equal(a.warnings.items[3],
                            "projections.csv: text is not UTF-8; read it as GBK (GB18030)");
        assert_string_equal(b.warnings.items[b.warnings.count - 1], a.warnings.items[3]);
        for (size_t i = 0, j = 0; i < a.warnings.count; i++)
            if (i != 3)
                assert_string_equal(a.warnings.items[i], b.warnings.items[j++]);
        jh_county_free(&a);
        jh_county_free(&b);
    }

    /* not UTF-8 after some windows, and a bad row: the same message */
    write_projections(120, "V1,2031,0,5\nV2,2031,0,6\n");
    char p[256];
    snprintf(p, sizeof p, "%s/projections.csv", dir);
    FILE *f = fopen(p, "ab");
    assert_non_null(f);
    /* lines 2-10801 the table, 10802-10804 V1-V3, 10805 村 (GBK): an unknown village */
    fputs("V3,2031,0,7\n\"\xB4\xE5\",2031,1,1\n", f);
    fclose(f);
    jh_csv_set_window(256);
    jh_status st = jh_county_load(&a, &sc, &err);
    char threaded[sizeof err.message];
    snprintf(threaded, sizeof threaded, "%s", err.message);
    jh_status st2 = sequential(&b, &err);
    jh_csv_set_window(4u << 20);
    assert_int_equal(st, JH_ERR_INPUT);
    assert_int_equal(st2, JH_ERR_INPUT);
    assert_string_equal(threaded, err.message);
    assert_string_equal(threaded, "projections.csv: line 10805: column village_id: expected a "
                                  "village id of villages.dbf, got '村'");
    jh_county_free(&b);
}

/* A bad row: the same message threaded and sequential. */
static void test_same_message(void **state)
{
    (void)state;
    write_county(40, 0);
    static const struct {
        const char *tail, *message;
    } cases[] = {
        /* 40 * 6 * 15 = 3600 rows after the header: the tail starts on line 3602;
         * V7 starts on line 2 + 6 * 90 = 542, its 2026 age 3 on 542 + 15 + 3 */
        {"V41,2026,0,1\n", "projections.csv: line 3602: column village_id: expected a village id "
                           "of villages.dbf, got 'V41'"},
        {"V7,2026,3,1\n", "projections.csv: line 3602: expected one row per village, year and "
                          "age, got village V7, year 2026, age 3 again (first on line 560)"},
        {"V8,2026,15,1\n", "projections.csv: line 3602: column age: expected an age from 0 to 14, "
                           "got '15'"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        write_projections(40, cases[k].tail);
        jh_scenario sc;
        scenario(&sc, true);
        jh_county a, b;
        jh_error err;
        jh_error_clear(&err);
        assert_int_equal(jh_county_load(&a, &sc, &err), JH_ERR_INPUT);
        assert_null(a.villages); /* nothing half-built is left */
        assert_null(a.proj.cells);
        char threaded[sizeof err.message];
        snprintf(threaded, sizeof threaded, "%s", err.message);
        assert_int_equal(sequential(&b, &err), JH_ERR_INPUT);
        assert_string_equal(threaded, err.message);
        assert_string_equal(threaded, cases[k].message);
        jh_county_free(&b);
    }
}

/* Both a layer and the table bad: the layer's message, as when the table
 * was read after the layers; the thread is stopped (a streamed table of
 * 5,000 villages in 64-byte windows is still being read) and what it read
 * freed. */
static void test_layer_error_first(void **state)
{
    (void)state;
    write_county(5000, 4321);
    write_projections(5000, "V9999,2026,0,1\n");
    jh_scenario sc;
    scenario(&sc, true);
    jh_county a;
    jh_error err;
    for (int windows = 0; windows < 2; windows++) {
        jh_csv_set_window(windows ? 64 : 4u << 20);
        jh_error_clear(&err);
        assert_int_equal(jh_county_load(&a, &sc, &err), JH_ERR_INPUT);
        assert_string_equal(err.message, "villages.dbf: record 4321 (id V4321): field age6: "
                                         "expected a non-negative whole number, got '-3'");
        assert_null(a.villages);
    }
    jh_csv_set_window(4u << 20);
    /* the layer fixed: the table's own message */
    write_county(5000, 0);
    assert_int_equal(jh_county_load(&a, &sc, &err), JH_ERR_INPUT);
    assert_string_equal(err.message, "projections.csv: line 450002: column village_id: expected "
                                     "a village id of villages.dbf, got 'V9999'");
}

/* Rows the fast reader takes 8 bytes at a time and rows it leaves to the
 * general reader, mixed, away from the end of the text: the values the
 * general reader gives (hand-written below). */
static void test_fast_rows(void **state)
{
    (void)state;
    static const char *const ids[] = {"V123456", "V1234567", "VILLAGE-12ID", "W"};
    named_ids = ids;
    write_county(6, 0);
    char p[256];
    snprintf(p, sizeof p, "%s/projections.csv", dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("village_id,year,age,population\n", f);
    /* village 1 (7 bytes), then 2 (8 bytes), 3 (12), 4 (1): ages 0-14 of 2025 */
    for (int v = 0; v < 4; v++)
        for (int a = 0; a < 15; a++)
            fprintf(f, "%s,2025,%d,%d\n", ids[v], a, 10 * v + a);
    fputs("V123456,02026,0,5\n"       /* a year of 5 digits: 2026 */
          "V123456,2026,07,0000123\n" /* age 07, population 123 */
          "V123456,2026,014,12345\r\n" /* age of 3 digits; two-byte cells; CRLF */
          "V1234567,2026,3,8\n"
          "W,2026,1,0\n"
          "V123456,2026,2,99\n"       /* village 1 again after others */
          "VILLAGE-12ID,2026,9,1\n", f);
    /* 40 more rows: the ones above stay 32 bytes or more before the end */
    for (int a = 0; a < 15; a++)
        fprintf(f, "V5,2027,%d,%d\n", a, a);
    fclose(f);
    jh_scenario sc;
    scenario(&sc, true);
    jh_county a, b;
    jh_error err;
    if (jh_county_load(&a, &sc, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(sequential(&b, &err), JH_OK);
    assert_int_equal(a.n_projections, 60 + 7 + 15);
    assert_int_equal(b.n_projections, a.n_projections);
    assert_true(jh_county_projection(&a, 0, 2025, 0) == 0);
    assert_true(jh_county_projection(&a, 1, 2025, 14) == 24);
    assert_true(jh_county_projection(&a, 2, 2025, 7) == 27);
    assert_true(jh_county_projection(&a, 3, 2025, 14) == 44);
    assert_true(jh_county_projection(&a, 0, 2026, 0) == 5);
    assert_true(jh_county_projection(&a, 0, 2026, 7) == 123);
    assert_true(jh_county_projection(&a, 0, 2026, 14) == 12345);
    assert_true(jh_county_projection(&a, 0, 2026, 2) == 99);
    assert_true(jh_county_projection(&a, 1, 2026, 3) == 8);
    assert_true(jh_county_projection(&a, 3, 2026, 1) == 0);
    assert_true(jh_county_projection(&a, 2, 2026, 9) == 1);
    assert_true(jh_county_projection(&a, 4, 2027, 14) == 14);
    assert_true(isnan(jh_county_projection(&a, 5, 2027, 0)));
    assert_same_cells(&a, &b, 6, 2025, 2030);
    jh_county_free(&a);
    jh_county_free(&b);
    /* a year the fast reader cannot take, the general reader's message */
    f = fopen(p, "wb");
    assert_non_null(f);
    fputs("village_id,year,age,population\nV1234567,2025,0,1\nV1234567,2025x,1,1\n", f);
    for (int a = 0; a < 15; a++)
        fprintf(f, "V5,2027,%d,%d\n", a, a);
    fclose(f);
    assert_int_equal(jh_county_load(&a, &sc, &err), JH_ERR_INPUT);
    assert_string_equal(err.message, "projections.csv: line 3: column year: expected a year "
                                     "(1900-2300), got '2025x'");
    named_ids = NULL;
}

/* Ids of 9 to 16 bytes (a 12-digit village code is common): the fast
 * reader compares one of up to 15 bytes and its comma as two 8-byte words,
 * so ids alike in their first 8 bytes (or more) are told apart by the
 * second word; one of 16 bytes is compared byte by byte. Each village's
 * rows follow the last one's with ages it has not given, so a row put in
 * the wrong village would not be refused as a repeat. */
static void test_fast_long_ids(void **state)
{
    (void)state;
    static const char *const ids[] = {"VILLAGE-000001", "VILLAGE-000002", "VILLAGE-0000020",
                                      "V16BYTES-ABCDEFG"};
    named_ids = ids;
    write_county(6, 0);
    char p[256];
    snprintf(p, sizeof p, "%s/projections.csv", dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("village_id,year,age,population\n", f);
    /* village v gives ages 4v..4v+3 of 2025 (village 4: 12-14) */
    for (int v = 0; v < 4; v++)
        for (int a = 4 * v; a < 4 * v + 4 && a < 15; a++)
            fprintf(f, "%s,2025,%d,%d\n", ids[v], a, 100 * (v + 1) + a);
    /* back and forth between ids alike to their last bytes */
    fputs("VILLAGE-000002,2026,0,7\nVILLAGE-000001,2026,1,8\nVILLAGE-0000020,2026,2,9\n"
          "VILLAGE-000002,2026,3,10\nV16BYTES-ABCDEFG,2026,4,11\nV16BYTES-ABCDEFG,2026,5,12\n"
          "VILLAGE-000001,2026,6,13\n", f);
    for (int a = 0; a < 15; a++)
        fprintf(f, "V5,2027,%d,%d\n", a, a);
    fclose(f);
    jh_county a, b;
    load_both(&a, &b);
    assert_int_equal(a.n_projections, 15 + 7 + 15);
    for (int v = 0; v < 4; v++)
        for (int g = 0; g < 15; g++) {
            double x = jh_county_projection(&a, v, 2025, g);
            if (g >= 4 * v && g < 4 * v + 4)
                assert_true(x == 100 * (v + 1) + g);
            else
                assert_true(isnan(x));
        }
    static const int v2026[] = {1, 0, 2, 1, 3, 3, 0}; /* the village of age g's row */
    for (int g = 0; g < 7; g++)
        for (int v = 0; v < 4; v++) {
            double x = jh_county_projection(&a, v, 2026, g);
            if (v == v2026[g])
                assert_true(x == 7 + g);
            else
                assert_true(isnan(x));
        }
    assert_same_cells(&a, &b, 6, 2025, 2028);
    jh_county_free(&a);
    jh_county_free(&b);
    named_ids = NULL;
}

/* A row of projections.csv written to f and its figure kept in exp
 * (villages 1-6, years 2025-2027). */
static double exp_cells[6][3][15];
static void row(FILE *f, int v, int y, const char *text, int age, double pop)
{
    fputs(text, f);
    exp_cells[v - 1][y - 2025][age] = pop;
}

/* Runs of rows of one village and year, the usual file, which the fast
 * reader takes after their first row without looking anything up again
 * (tables.c: same_cells), mixed with every kind of row it leaves to the
 * row-by-row readers: an age of 3 digits or with a leading zero, a
 * population of 4 digits, a CRLF, ages out of order, another village's
 * row, a change of year and back, a population of 255 and more (two-byte
 * cells, then a table that no longer holds bytes). Each cell holds the
 * figure its row gives; an age repeated inside a run, an age of 15 and a
 * population that is not a number are still the general reader's
 * messages. */
static void test_same_cells_runs(void **state)
{
    (void)state;
    write_county(6, 0);
    char p[256], t[64];
    snprintf(p, sizeof p, "%s/projections.csv", dir);
    for (int v = 0; v < 6; v++)
        for (int y = 0; y < 3; y++)
            for (int g = 0; g < 15; g++)
                exp_cells[v][y][g] = NAN;
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("village_id,year,age,population\n", f);
    for (int a = 0; a < 15; a++) { /* a whole run: 1 .. 15 */
        snprintf(t, sizeof t, "V1,2025,%d,%d\n", a, a + 1);
        row(f, 1, 2025, t, a, a + 1);
    }
    for (int a = 0; a < 15; a++) { /* three digits, up to 254 */
        snprintf(t, sizeof t, "V1,2026,%d,%d\n", a, 240 + a);
        row(f, 1, 2026, t, a, 240 + a);
    }
    for (int a = 0; a < 5; a++) {
        snprintf(t, sizeof t, "V2,2025,%d,%d\n", a, 7 * a);
        row(f, 2, 2025, t, a, 7 * a);
    }
    row(f, 2, 2025, "V2,2025,05,6\n", 5, 6);     /* leading zero */
    row(f, 2, 2025, "V2,2025,6,0007\n", 6, 7);   /* four digits */
    row(f, 2, 2025, "V2,2025,7,8\r\n", 7, 8);    /* CRLF */
    row(f, 2, 2025, "V2,2025,008,9\n", 8, 9);    /* three-digit age */
    for (int a = 9; a < 15; a++) {
        snprintf(t, sizeof t, "V2,2025,%d,%d\n", a, a);
        row(f, 2, 2025, t, a, a);
    }
    for (int a = 14; a >= 0; a--) { /* backwards */
        snprintf(t, sizeof t, "V3,2025,%d,%d\n", a, 100 + a);
        row(f, 3, 2025, t, a, 100 + a);
    }
    for (int a = 0; a < 15; a++) { /* two villages, row by row */
        snprintf(t, sizeof t, "V3,2026,%d,%d\n", a, a + 30);
        row(f, 3, 2026, t, a, a + 30);
        snprintf(t, sizeof t, "V4,2026,%d,%d\n", a, a + 60);
        row(f, 4, 2026, t, a, a + 60);
    }
    /* the year changes to ages the run's year lacks, then comes back */
    for (int a = 0; a < 15; a++) {
        int y = a < 7 ? 2025 : 2026;
        snprintf(t, sizeof t, "V5,%d,%d,%d\n", y, a, y - 2000 + a);
        row(f, 5, y, t, a, y - 2000 + a);
    }
    for (int a = 0; a < 15; a++) {
        int y = a < 7 ? 2026 : 2025;
        snprintf(t, sizeof t, "V5,%d,%d,%d\n", y, a, y - 1900 + a);
        row(f, 5, y, t, a, y - 1900 + a);
    }
    for (int a = 0; a < 15; a++) { /* 255 and more: no longer bytes */
        snprintf(t, sizeof t, "V6,2025,%d,%d\n", a, 250 + a);
        row(f, 6, 2025, t, a, 250 + a);
    }
    for (int a = 0; a < 15; a++) { /* the rest 32 bytes or more before the end */
        snprintf(t, sizeof t, "V6,2027,%d,%d\n", a, a);
        row(f, 6, 2027, t, a, a);
    }
    fclose(f);
    jh_county a, b;
    load_both(&a, &b);
    int given = 0;
    for (int v = 0; v < 6; v++)
        for (int y = 0; y < 3; y++)
            for (int g = 0; g < 15; g++) {
                double x = jh_county_projection(&a, v, 2025 + y, g), e = exp_cells[v][y][g];
                assert_true((isnan(x) && isnan(e)) || x == e);
                given += !isnan(e);
            }
    assert_int_equal(given, 10 * 15);
    assert_int_equal(a.n_projections, (size_t)given);
    assert_same_cells(&a, &b, 6, 2025, 2027);
    jh_county_free(&a);
    jh_county_free(&b);
    /* inside a run: an age again, an age of 15, a population not a number */
    static const char *const bad[][2] = {
        {"V1,2025,3,9\n", "projections.csv: line 8: expected one row per village, year and age, "
                          "got village V1, year 2025, age 3 again (first on line 5)"},
        {"V1,2025,15,9\n", "projections.csv: line 8: column age: expected an age from 0 to 14, "
                           "got '15'"},
        {"V1,2025,6,9x\n", "projections.csv: line 8: column population: expected a "
                           "non-negative number, got '9x'"},
    };
    jh_scenario sc;
    scenario(&sc, true);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        f = fopen(p, "wb");
        assert_non_null(f);
        fputs("village_id,year,age,population\n", f);
        for (int g = 0; g < 6; g++)
            fprintf(f, "V1,2025,%d,%d\n", g, g);
        fputs(bad[k][0], f);
        for (int g = 0; g < 15; g++)
            fprintf(f, "V6,2027,%d,%d\n", g, g);
        fclose(f);
        jh_error err;
        jh_error_clear(&err);
        assert_int_equal(jh_county_load(&a, &sc, &err), JH_ERR_INPUT);
        assert_string_equal(err.message, bad[k][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_table),
        cmocka_unit_test(test_same_message),
        cmocka_unit_test(test_layer_error_first),
        cmocka_unit_test(test_fast_rows),
        cmocka_unit_test(test_fast_long_ids),
        cmocka_unit_test(test_same_cells_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
