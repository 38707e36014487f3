/*
 * test_inputs: field-name resolution (maps, case, the 10-character cut,
 * ambiguity), GBK text, the working zone pick, and a small county written with
 * Shapelib into a temporary folder and loaded back with exact values —
 * then broken one way at a time, each break an input error with its
 * message.
 *
 * The layers are in CGCS2000 3-degree Gauss-Kruger zone 39 (central
 * meridian 117E, false easting 39,500,000), a projected metric CRS, so the
 * county works in it and the working coordinates are the layer's own.
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

#include "input/csv.h"
#include <unistd.h>

#include "input/crs.h"
#include "input/ftable.h"
#include "input/inputs.h"
#include "input/layers.h"
#include "input/table_join.h"
#include "input/text_encoding.h"

/* ---- pure functions -------------------------------------------------- */

static const char *const canon[] = {"id", "name", "building_m2", "t_above_degree",
                                    "classes_g1", "equipment_yuan"};

static void test_field_resolve(void **state)
{
    (void)state;
    const char *names[] = {"ID", "XXMC", "building_m", "T_ABOVE_DE", "classes_g1", "equipment"};
    int idx;
    jh_error err;
    /* case-insensitive exact */
    assert_int_equal(jh_field_resolve(names, 6, "id", canon, 6, NULL, "s.dbf", &idx, &err), JH_OK);
    assert_int_equal(idx, 0);
    /* the 10-character cut, either case */
    assert_int_equal(jh_field_resolve(names, 6, "building_m2", canon, 6, NULL, "s.dbf", &idx, &err),
                     JH_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(jh_field_resolve(names, 6, "t_above_degree", canon, 6, NULL, "s.dbf", &idx,
                                      &err), JH_OK);
    assert_int_equal(idx, 3);
    /* exactly 10 characters: no cut needed */
    assert_int_equal(jh_field_resolve(names, 6, "classes_g1", canon, 6, NULL, "s.dbf", &idx, &err),
                     JH_OK);
    assert_int_equal(idx, 4);
    /* "equipment" is 9 characters: not the cut of equipment_yuan */
    assert_int_equal(jh_field_resolve(names, 6, "equipment_yuan", canon, 6, NULL, "s.dbf", &idx,
                                      &err), JH_OK);
    assert_int_equal(idx, -1);
    /* absent */
    assert_int_equal(jh_field_resolve(names, 6, "name", canon, 6, NULL, "s.dbf", &idx, &err), JH_OK);
    assert_int_equal(idx, -1);
    /* a map wins, case-insensitive */
    assert_int_equal(jh_field_resolve(names, 6, "name", canon, 6, "xxmc", "s.dbf", &idx, &err),
                     JH_OK);
    assert_int_equal(idx, 1);
    /* a mapped field that does not exist */
    assert_int_equal(jh_field_resolve(names, 6, "name", canon, 6, "MC", "s.dbf", &idx, &err),
                     JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "s.dbf: field name: data.fields maps it to 'MC', expected "
                                        "a field of the layer (fields: ID, XXMC,"));
    /* two canonical names that cut alike: the cut field is ambiguous */
    const char *canon2[] = {"abcdefghij_one", "abcdefghij_two"};
    const char *names2[] = {"abcdefghij"};
    assert_int_equal(jh_field_resolve(names2, 1, "abcdefghij_one", canon2, 2, NULL, "v.dbf", &idx,
                                      &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "could be abcdefghij_one or abcdefghij_two"));
    /* ... but mapping it settles it */
    assert_int_equal(jh_field_resolve(names2, 1, "abcdefghij_one", canon2, 2, "abcdefghij", "v.dbf",
                                      &idx, &err), JH_OK);
    assert_int_equal(idx, 0);
    /* two layer fields matching the cut in different case */
    const char *names3[] = {"BUILDING_M", "building_m"};
    assert_int_equal(jh_field_resolve(names3, 2, "building_m2", canon, 6, NULL, "s.dbf", &idx,
                                      &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "both 'BUILDING_M' and 'building_m'"));
}

static void test_gbk_decode(void **state)
{
    (void)state;
    char name[32];
    assert_true(jh_encoding_from_cpg("936\r\n", name, sizeof name));
    assert_string_equal(name, "GBK");
    assert_true(jh_encoding_from_cpg("ANSI 936", name, sizeof name));
    assert_string_equal(name, "GBK");
    assert_true(jh_encoding_from_cpg(" utf-8 ", name, sizeof name));
    assert_string_equal(name, "UTF-8");
    assert_true(jh_encoding_from_cpg("GB2312", name, sizeof name));
    assert_string_equal(name, "GBK");
    assert_false(jh_encoding_from_cpg("NOT-AN-ENCODING-X", name, sizeof name));
    assert_true(jh_encoding_from_ldid(0x4D, name, sizeof name));
    assert_string_equal(name, "GBK");
    assert_false(jh_encoding_from_ldid(0x57, name, sizeof name));

    /* 学校 in GBK: D1A7 D0A3; 镕 (U+9555) is in GB18030/GBK: E946 */
    jh_decoder *d = jh_decoder_open("GBK");
    assert_non_null(d);
    char *out;
    assert_true(jh_decoder_decode(d, "\xD1\xA7\xD0\xA3", 4, &out));
    assert_string_equal(out, "学校");
    free(out);
    assert_true(jh_decoder_decode(d, "\xE9\x46", 2, &out));
    assert_string_equal(out, "镕");
    free(out);
    assert_false(jh_decoder_decode(d, "\xD1", 1, &out)); /* cut in half */
    assert_null(out);
    jh_decoder_close(d);

    d = jh_decoder_open("UTF-8");
    assert_false(jh_decoder_decode(d, "\xC9\xFA", 2, &out)); /* 生 in GBK is not UTF-8 */
    assert_true(jh_decoder_decode(d, "学校", strlen("学校"), &out));
    assert_string_equal(out, "学校");
    free(out);
    jh_decoder_close(d);
    assert_false(jh_utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(jh_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_true(jh_utf8_valid("\xF0\x9F\x98\x80", 4));  /* U+1F600 */
    /* a stray byte found wherever it sits in a long ASCII text (read 32,
     * then 8 bytes at a time, then one), and a character cut at the end */
    char text[100];
    memset(text, '7', sizeof text);
    assert_true(jh_utf8_valid(text, sizeof text));
    for (size_t i = 0; i < sizeof text; i++) {
        text[i] = (char)0xB4;
        assert_false(jh_utf8_valid(text, sizeof text));
        text[i] = '7';
    }
    memcpy(text + 97, "\xE6\x9D\x91", 3); /* 村 */
    assert_true(jh_utf8_valid(text, sizeof text));
    assert_false(jh_utf8_valid(text, sizeof text - 1));
}

/* The working CRS of lon/lat data: inside China the CGCS2000 3-degree
 * Gauss-Kruger zone (EPSG:4534 = 75E ... 4554 = 135E) whose central meridian
 * is nearest; elsewhere the UTM zone. */
static void test_working_zone_pick(void **state)
{
    (void)state;
    assert_int_equal(jh_crs_working_epsg(117.13, 30.73), 4548); /* CM 117E */
    assert_int_equal(jh_crs_working_epsg(115.6, 30.0), 4548);   /* nearer 117 than 114 */
    assert_int_equal(jh_crs_working_epsg(115.4, 30.0), 4547);   /* nearer 114 */
    assert_int_equal(jh_crs_working_epsg(87.6, 43.8), 4538);    /* Urumqi, CM 87E */
    assert_int_equal(jh_crs_working_epsg(74.0, 39.5), 4534);    /* Kashgar: CM 75E */
    assert_int_equal(jh_crs_working_epsg(134.3, 47.7), 4554);   /* Fuyuan: CM 135E */
    assert_int_equal(jh_crs_working_epsg(-0.1, 51.5), 32630);   /* London: UTM */
    assert_int_equal(jh_crs_working_epsg(151.2, -33.9), 32756); /* Sydney: UTM */
}

static void test_utm_pick(void **state)
{
    (void)state;
    assert_int_equal(jh_crs_utm_epsg(117.13, 30.73), 32650); /* 114-120E */
    assert_int_equal(jh_crs_utm_epsg(114.0, 30.0), 32650);   /* a zone's west edge */
    assert_int_equal(jh_crs_utm_epsg(113.999, 30.0), 32649);
    assert_int_equal(jh_crs_utm_epsg(87.6, 43.8), 32645);    /* Urumqi */
    assert_int_equal(jh_crs_utm_epsg(-0.1, 51.5), 32630);
    assert_int_equal(jh_crs_utm_epsg(151.2, -33.9), 32756);
    assert_int_equal(jh_crs_utm_epsg(180.0, 0.0), 32660);
    assert_int_equal(jh_crs_utm_epsg(-180.0, -1.0), 32701);

    /* ESRI WKT of CGCS2000 GK zone 39 (zone prefix in the false easting) */
    jh_crs *c;
    jh_error err;
    static const char esri[] =
        "PROJCS[\"CGCS2000_3_Degree_GK_Zone_39\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_"
        "2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM["
        "\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],"
        "PARAMETER[\"False_Easting\",39500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER["
        "\"Central_Meridian\",117.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_"
        "Origin\",0.0],UNIT[\"Meter\",1.0]]";
    assert_int_equal(jh_crs_from_text(&c, esri, "s.prj", &err), JH_OK);
    char code[64];
    jh_crs_code(c, code, sizeof code);
    assert_string_equal(code, "EPSG:4527");
    assert_true(jh_crs_is_projected(c));
    jh_transform *t;
    assert_int_equal(jh_transform_to_lonlat(&t, c, &err), JH_OK);
    double x = 39500000.0, y = 3400000.0; /* on the central meridian */
    assert_true(jh_transform_point(t, &x, &y));
    assert_true(fabs(x - 117.0) < 1e-9);
    assert_true(y > 30.7 && y < 30.8);
    x = INFINITY;
    assert_false(jh_transform_point(t, &x, &y));
    jh_transform_free(t);
    jh_crs_free(c);
    /* the same zone without the prefix (ESRI "CM_117E"), and a 6-degree
     * false easting that PROJ must take from the WKT, not guess */
    static const char esri_cm[] =
        "PROJCS[\"CGCS2000_3_Degree_GK_CM_117E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_"
        "2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM["
        "\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],"
        "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER["
        "\"Central_Meridian\",117.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_"
        "Origin\",0.0],UNIT[\"Meter\",1.0]]";
    assert_int_equal(jh_crs_from_text(&c, esri_cm, "cm.prj", &err), JH_OK);
    jh_crs_code(c, code, sizeof code);
    assert_string_equal(code, "EPSG:4548");
    assert_int_equal(jh_transform_to_lonlat(&t, c, &err), JH_OK);
    x = 500000.0;
    y = 3400000.0;
    assert_true(jh_transform_point(t, &x, &y));
    assert_true(fabs(x - 117.0) < 1e-9);
    /* zone-prefixed coordinates under an unprefixed .prj do not transform */
    x = 39512340.0;
    y = 3401220.0;
    assert_false(jh_transform_point(t, &x, &y));
    jh_transform_free(t);
    jh_crs_free(c);
    assert_int_equal(jh_crs_from_text(&c, "garbage", "bad.prj", &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "bad.prj: expected a coordinate system"));
}

/* ---- a county on disk -------------------------------------------------- */

#include "county_dir_fixture.h"

static void rm(const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
}

/* A layer: fields "NAME:T" with T = C (text), N (integer), F (number);
 * values row by row as text ("" = NULL); xy NULL rows write NULL shapes. */
static void write_layer(const char *stem, int shp_type, const char *const *fields, int nf,
                        const char *const *values, const double *xy, int n, const char *cpg,
                        const char *prj)
{
    char base[256];
    snprintf(base, sizeof base, "%s/%s", dir, stem);
    SHPHandle shp = SHPCreate(base, shp_type);
    DBFHandle dbf = DBFCreateEx(base, cpg ? cpg : "LDID/87");
    assert_non_null(shp);
    assert_non_null(dbf);
    for (int i = 0; i < nf; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s", fields[i]);
        char *colon = strrchr(name, ':');
        char t = colon[1];
        *colon = '\0';
        DBFAddField(dbf, name, t == 'C' ? FTString : t == 'N' ? FTInteger : FTDouble,
                    t == 'C' ? 40 : 12, t == 'F' ? 3 : 0);
    }
    for (int r = 0; r < n; r++) {
        SHPObject *o;
        if (shp_type == SHPT_ARC) {
            double lx[2] = {xy[2 * r], xy[2 * r] + 10}, ly[2] = {xy[2 * r + 1], xy[2 * r + 1]};
            o = SHPCreateSimpleObject(SHPT_ARC, 2, lx, ly, NULL);
        } else if (isnan(xy[2 * r])) {
            o = SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL);
        } else {
            o = SHPCreateSimpleObject(SHPT_POINT, 1, &xy[2 * r], &xy[2 * r + 1], NULL);
        }
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        for (int i = 0; i < nf; i++) {
            const char *v = values[r * nf + i];
            char t = strrchr(fields[i], ':')[1];
            if (!*v)
                DBFWriteNULLAttribute(dbf, r, i);
            else if (t == 'C')
                DBFWriteStringAttribute(dbf, r, i, v);
            else if (t == 'N')
                DBFWriteIntegerAttribute(dbf, r, i, atoi(v));
            else
                DBFWriteDoubleAttribute(dbf, r, i, atof(v));
        }
    }
    SHPClose(shp);
    DBFClose(dbf);
    char name[64];
    if (prj) {
        snprintf(name, sizeof name, "%s.prj", stem);
        write_text(name, prj);
    }
    snprintf(name, sizeof name, "%s.cpg", stem);
    if (cpg)
        write_text(name, cpg);
    else
        rm(name);
}

/* Schools: names and types in GBK, cut names (t_above_de, building_m),
 * a mapped field (NJ3 -> g3). */
static const char *const sfields[] = {"id:C", "XXMC:C", "type:C", "area:C", "g1:N", "NJ3:N",
                                      "g7:N", "capacity:N", "teachers:F", "t_above_de:F",
                                      "building_m:F"};
/* 小学 = D0A1 D1A7; 一小 = D2BB D0A1; 九年一贯制 = BEC5 C4EA D2BB B9E1 D6C6; 乡村 = CFE7 B4E5 */
static const char *sval[3 * 11] = {
    "S001", "\xD2\xBB\xD0\xA1", "\xD0\xA1\xD1\xA7", "\xCF\xE7\xB4\xE5", "45", "40", "", "300",
    "12.5", "3", "2500.25",
    "S002", "Two", "\xBE\xC5\xC4\xEA\xD2\xBB\xB9\xE1\xD6\xC6", "urban", "90", "88", "120", "",
    "40", "", "",
    "S003", "Three", "junior", "town", "", "", "200", "650", "30", "10", "5000",
};
static const double sxy[6] = {39512340, 3401220, 39515000, 3405000, 39509000, 3398000};

static const char *const vfields[] = {"id:C", "age6:N", "age12:N", "school_pri:C",
                                      "school_jun:C", "population:F"};
static const char *vval[2 * 6] = {
    "V1", "30", "25", "S001", "S003", "1200.5",
    "V2", "0", "0", "", "", "",
};
static const double vxy[4] = {39512000, 3401000, 39514000, 3404000};

static void make_county(void)
{
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 3, "GBK", esri_prj);
    write_layer("villages", SHPT_POINT, vfields, 6, vval, vxy, 2, "UTF-8", esri_prj);
}

static jh_field_map fmap[2] = {{"g3", "nj3", 1, 7}, {"name", "XXMC", 1, 8}};

static void scenario(jh_scenario *sc)
{
    static char sp[256], vp[256];
    memset(sc, 0, sizeof *sc);
    snprintf(sp, sizeof sp, "%s/schools.shp", dir);
    snprintf(vp, sizeof vp, "%s/villages.shp", dir);
    sc->path = "s.yaml";
    sc->schools_path = sp;
    sc->villages_path = vp;
    sc->fields = fmap;
    sc->n_fields = 2;
    sc->start_year = 2025;
    sc->end_year = 2030;
}

static int setup(void **state)
{
    (void)state;
    return county_dir_make("inputs");
}

static int teardown(void **state)
{
    (void)state;
    return county_dir_remove();
}

static void near(double a, double b) { assert_true(fabs(a - b) < 1e-3); }

static void test_load_county(void **state)
{
    (void)state;
    make_county();
    write_text("teachers.csv", "teacher_id,school_id,level,years_at_school,backbone,above_degree,"
                               "pe_art,senior_title,age\r\nT1,S002,junior,7,yes,0,false,1,41\r\n"
                               "T2,S001,小学,2,0,1,0,0,25\r\n");
    write_text("od.csv", "village_id,school_id,cost\nV1,S003,900\nV1,S001,350.5\nV2,S002,10\n"
                         "V1,S002,400\n");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,5,31\nV2,2026,0,2.5\n");
    jh_scenario sc;
    scenario(&sc);
    char tp[256], op[256], pp[256];
    snprintf(tp, sizeof tp, "%s/teachers.csv", dir);
    snprintf(op, sizeof op, "%s/od.csv", dir);
    snprintf(pp, sizeof pp, "%s/projections.csv", dir);
    sc.teachers_path = tp;
    sc.travel_costs_path = op;
    sc.projections_path = pp;
    sc.rules.distance_minutes = true;
    jh_county c;
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_county_load(&c, &sc, &err);
    if (st != JH_OK)
        fail_msg("%s", err.message);

    assert_string_equal(c.crs, "EPSG:4527"); /* its own projected CRS */
    assert_non_null(strstr(c.source_crs, "EPSG:4527"));
    assert_string_equal(c.encoding[0], "GBK");
    assert_string_equal(c.encoding[1], "UTF-8");

    assert_int_equal(c.n_schools, 3);
    const jh_school *s = &c.schools[0];
    assert_string_equal(s->id, "S001");
    assert_string_equal(s->name, "一小");
    assert_int_equal(s->type, JH_SCHOOL_PRIMARY);
    assert_int_equal(s->area, JH_RURAL);
    assert_int_equal(s->students[0], 45);
    assert_int_equal(s->students[2], 40); /* g3 through the map NJ3 */
    assert_int_equal(s->students[1], 0);
    assert_int_equal(s->capacity, 300);
    assert_true(s->capacity_given);
    assert_false(s->classes_given);
    assert_true(s->res.teachers == 12.5);
    assert_true(s->res.t_above_degree == 3);  /* t_above_de */
    assert_true(s->res.building_m2 == 2500.25); /* building_m */
    near(s->x, 39512340); /* its own CRS: unchanged */
    near(s->y, 3401220);
    assert_int_equal(s->record, 0);
    assert_int_equal(c.schools[1].type, JH_SCHOOL_NINE_YEAR);
    assert_int_equal(c.schools[1].area, JH_URBAN);
    assert_false(c.schools[1].capacity_given);
    assert_int_equal(c.schools[1].students[6], 120);
    assert_int_equal(c.schools[2].type, JH_SCHOOL_JUNIOR);
    assert_int_equal(c.schools[2].area, JH_TOWN);
    near(c.schools[2].x, 39509000);
    near(c.schools[2].y, 3398000);

    assert_int_equal(c.n_villages, 2);
    const jh_village *v = &c.villages[0];
    assert_string_equal(v->id, "V1");
    assert_true(v->has_ages);
    assert_false(v->has_students);
    assert_int_equal(v->age[6], 30);
    assert_int_equal(v->age[12], 25);
    assert_int_equal(v->age[7], 0);
    assert_true(v->population == 1200.5);
    assert_int_equal(v->school[JH_PRIMARY], 0);
    assert_int_equal(v->school[JH_JUNIOR], 2);
    assert_int_equal(c.villages[1].school[JH_PRIMARY], -1);
    near(c.villages[1].x, 39514000);
    near(c.villages[1].y, 3404000);

    assert_true(c.has_roster);
    assert_int_equal(c.n_teachers, 2);
    assert_string_equal(c.teachers[0].id, "T1");
    assert_int_equal(c.teachers[0].school, 1);
    assert_int_equal(c.teachers[0].level, JH_JUNIOR);
    assert_int_equal(c.teachers[0].years_at_school, 7);
    assert_true(c.teachers[0].backbone);
    assert_false(c.teachers[0].above_degree);
    assert_true(c.teachers[0].senior_title);
    assert_int_equal(c.teachers[0].age, 41);
    assert_int_equal(c.teachers[0].line, 2);
    assert_int_equal(c.teachers[1].level, JH_PRIMARY);
    assert_true(c.teachers[1].above_degree);
    /* the ids end to end in the county's pool (T1's row read by the
     * general reader, T2's in place), not a malloc each */
    assert_non_null(c.teacher_ids);
    assert_ptr_equal(c.teachers[1].id, c.teachers[0].id + 3);
    assert_string_equal(c.teachers[1].id, "T2");
    {
        /* a copy owns its ids (a malloc each): it outlives the pool */
        jh_county *copy = jh_county_copy(&c);
        assert_non_null(copy);
        assert_null(copy->teacher_ids);
        assert_int_equal(copy->n_teachers, 2);
        assert_true(copy->teachers[0].id != c.teachers[0].id);
        assert_string_equal(copy->teachers[0].id, "T1");
        assert_string_equal(copy->teachers[1].id, "T2");
        jh_county_free(copy);
        free(copy);
    }

    assert_true(c.has_projections);
    assert_int_equal(c.n_projections, 2);
    /* 31 is kept as a whole number until 2.5 turns the table to doubles */
    assert_true(jh_county_projection(&c, 1, 2026, 0) == 2.5);
    assert_true(jh_county_projection(&c, 0, 2026, 5) == 31);
    assert_true(isnan(jh_county_projection(&c, 0, 2026, 0)));
    assert_true(isnan(jh_county_projection(&c, 0, 2027, 5)));

    /* od: CSR by village, each sorted by cost */
    assert_true(c.has_od);
    assert_true(c.od.minutes);
    assert_int_equal(c.od.n, 4);
    assert_int_equal(c.od.start[0], 0);
    assert_int_equal(c.od.start[1], 3);
    assert_int_equal(c.od.start[2], 4);
    assert_int_equal(c.od.school[0], 0);
    assert_true(c.od.cost[0] == 350.5);
    assert_int_equal(c.od.school[1], 1);
    assert_int_equal(c.od.school[2], 2);
    assert_true(c.od.cost[2] == 900);
    assert_int_equal(c.od.school[3], 1);

    /* warnings: V2 has no children; S001's teachers given, S003 too */
    bool no_children = false;
    for (size_t i = 0; i < c.warnings.count; i++)
        if (strstr(c.warnings.items[i], "villages.dbf: 1 of 2 villages have no children (V2)"))
            no_children = true;
    assert_true(no_children);
    assert_int_equal(jh_county_find_school(&c, "S003"), 2);
    jh_county_free(&c);

    /* od rows village by village, each village's schools in layer order
     * (sorted by the costs' bits, tables.c radix_pairs): equal costs keep
     * the school order, -0 goes with 0; the same order as rows out of
     * order give (V1 above) */
    write_text("od.csv", "village_id,school_id,cost\nV1,S001,5\nV1,S002,-0\nV1,S003,5\n"
                         "V2,S001,0\nV2,S002,2.5\nV2,S003,0\n");
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    assert_int_equal(c.od.n, 6);
    assert_int_equal(c.od.start[1], 3);
    static const int want_school[6] = {1, 0, 2, 0, 2, 1};
    static const double want_cost[6] = {0, 5, 5, 0, 0, 2.5};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(c.od.school[i], want_school[i]);
        assert_true(c.od.cost[i] == want_cost[i]);
    }
    jh_county_free(&c);
    /* the same rows, V1's schools out of layer order (the quicksort) */
    write_text("od.csv", "village_id,school_id,cost\nV1,S003,5\nV1,S001,5\nV1,S002,-0\n"
                         "V2,S001,0\nV2,S002,2.5\nV2,S003,0\n");
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(c.od.school[i], want_school[i]);
        assert_true(c.od.cost[i] == want_cost[i]);
    }
    jh_county_free(&c);
}

/* Loads and expects an input error containing `needle`. */
static void expect_load_error(jh_scenario *sc, const char *needle)
{
    jh_county c;
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_county_load(&c, sc, &err);
    if (st == JH_OK) {
        jh_county_free(&c);
        fail_msg("loaded, expected an error with '%s'", needle);
    }
    assert_int_equal(st, JH_ERR_INPUT);
    if (!strstr(err.message, needle))
        fail_msg("message '%s' lacks '%s'", err.message, needle);
    assert_int_equal(c.n_schools, 0);
    assert_null(c.schools);
}


static void test_bad_inputs(void **state)
{
    (void)state;
    jh_scenario sc;
    scenario(&sc);

    /* a negative count, through the map */
    make_county();
    sval[11 + 5] = "-4";
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 3, "GBK", esri_prj);
    sval[11 + 5] = "88";
    expect_load_error(&sc, "schools.dbf: record 2 (id S002): field g3 (NJ3): expected a "
                           "non-negative whole number, got '-4'");
    /* an unknown type */
    sval[11 + 2] = "college";
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 3, "GBK", esri_prj);
    sval[11 + 2] = "\xBE\xC5\xC4\xEA\xD2\xBB\xB9\xE1\xD6\xC6";
    expect_load_error(&sc, "record 2 (id S002): field type: expected one of primary, junior, "
                           "nine_year");
    /* duplicate ids */
    sval[22] = "S001";
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 3, "GBK", esri_prj);
    sval[22] = "S003";
    expect_load_error(&sc, "schools.dbf: record 3: field id: expected a unique school id, got "
                           "'S001' again (first at record 1)");
    /* a NULL shape */
    double nullxy[6] = {39512340, 3401220, NAN, NAN, 39509000, 3398000};
    write_layer("schools", SHPT_POINT, sfields, 11, sval, nullxy, 3, "GBK", esri_prj);
    expect_load_error(&sc, "schools.shp: record 2 (id S002): expected a point, got a NULL shape");
    /* lines, not points */
    write_layer("schools", SHPT_ARC, sfields, 11, sval, sxy, 3, "GBK", esri_prj);
    expect_load_error(&sc, "schools.shp: expected a point layer, got a layer of Arc");
    /* an empty layer */
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 0, "GBK", esri_prj);
    expect_load_error(&sc, "schools.shp: expected at least one point, the layer is empty");
    /* a coordinate outside the CRS's area of use: latitude 95 in a
     * geographic layer (bounds at load) */
    make_county();
    double badxy[4] = {117.1, 95.0, 117.2, 30.0};
    write_layer("villages", SHPT_POINT, vfields, 6, vval, badxy, 2, "UTF-8",
                "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
                "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
                "UNIT[\"Degree\",0.0174532925199433]]");
    expect_load_error(&sc, "villages.shp: record 1: coordinates: expected a point inside the "
                           "area of use of EPSG:4490");
    expect_load_error(&sc, "got (117.1, 95) = longitude 117.1000, latitude 95.0000");
    /* 1e300 (found by fuzzing): refused at load, naming the record */
    make_county();
    double hugexy[4] = {117.1, 30.0, 1e300, 30.0};
    write_layer("villages", SHPT_POINT, vfields, 6, vval, hugexy, 2, "UTF-8",
                "GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\","
                "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
                "UNIT[\"Degree\",0.0174532925199433]]");
    expect_load_error(&sc, "villages.shp: record 2: coordinates: expected a point of EPSG:4490");
    /* duplicate village ids (counted from 1, as the schools') */
    make_county();
    vval[6] = "V1";
    write_layer("villages", SHPT_POINT, vfields, 6, vval, vxy, 2, "UTF-8", esri_prj);
    vval[6] = "V2";
    expect_load_error(&sc, "villages.dbf: record 2: field id: expected a unique village id, got "
                           "'V1' again (first at record 1)");
    /* a catchment naming an unknown school */
    make_county();
    vval[3] = "S404";
    write_layer("villages", SHPT_POINT, vfields, 6, vval, vxy, 2, "UTF-8", esri_prj);
    vval[3] = "S001";
    expect_load_error(&sc, "villages.dbf: record 1 (id V1): field school_primary: expected a "
                           "school id of schools.dbf, got 'S404'");
    /* a mapped field the layer lacks */
    make_county();
    jh_field_map bad = {"name", "XMMC", 0, 3};
    sc.fields = &bad;
    sc.n_fields = 1;
    expect_load_error(&sc, "s.yaml: line 3: field name: data.fields maps it to 'XMMC', expected "
                           "a field of schools.dbf or villages.dbf");
    /* a flat map entry applies where the field exists: XXMC names schools
     * only, so villages keep their own (absent) name */
    jh_field_map flat = {"name", "XXMC", 0, 3};
    sc.fields = &flat;
    jh_county fc;
    jh_error ferr;
    assert_int_equal(jh_county_load(&fc, &sc, &ferr), JH_OK);
    assert_string_equal(fc.schools[0].name, "一小");
    assert_string_equal(fc.villages[0].name, "");
    jh_county_free(&fc);
    bad.layer = 1;
    sc.fields = &bad;
    expect_load_error(&sc, "schools.dbf: field name: data.fields maps it to 'XMMC', expected a "
                           "field of the layer");
    sc.fields = fmap;
    sc.n_fields = 2;
    /* missing .dbf, .shx; missing .prj without data.crs, then with it */
    rm("schools.dbf");
    expect_load_error(&sc, "schools.dbf: cannot open: no such file");
    make_county();
    rm("villages.shx");
    expect_load_error(&sc, "villages.shx: cannot open: no such file");
    make_county();
    rm("schools.prj");
    expect_load_error(&sc, "schools.prj: cannot open: no such file; expected a .prj beside "
                           "schools.shp, or data.crs");
    sc.crs = "EPSG:4527";
    jh_county c;
    jh_error err;
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    assert_string_equal(c.crs, "EPSG:4527");
    near(c.schools[0].x, 39512340);
    jh_county_free(&c);
    sc.crs = NULL;
    /* od.csv naming an unknown school; teachers.csv with a bad boolean */
    make_county();
    char op[256];
    snprintf(op, sizeof op, "%s/od.csv", dir);
    write_text("od.csv", "village_id,school_id,cost\nV1,S001,1\nV2,S999,2\n");
    sc.travel_costs_path = op;
    expect_load_error(&sc, "od.csv: line 3: column school_id: expected a school id of "
                           "schools.dbf, got 'S999'");
    write_text("od.csv", "village_id,school_id,cost\nV1,S001,1\nV1,S001,2\n");
    expect_load_error(&sc, "od.csv: line 3: expected one row per village and school");
    write_text("od.csv", "village_id,school_id,cost\nV1,S001,-1\n");
    expect_load_error(&sc, "od.csv: line 2: column cost: expected a non-negative cost, got '-1'");
    sc.travel_costs_path = NULL;
    /* projections.csv: one row per village, year and age; the second
     * occurrence named with the line of the first (read again: the dense
     * table keeps no lines), also when the table is already in doubles and
     * a year outside the horizon widened it */
    snprintf(op, sizeof op, "%s/projections.csv", dir);
    sc.projections_path = op;
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,5,31\nV2,2026,5,4\n"
                                  "V1,2027,5,30\nV1,2026,5,29\nV2,2026,5,1\n");
    expect_load_error(&sc, "projections.csv: line 5: expected one row per village, year and age, "
                           "got village V1, year 2026, age 5 again (first on line 2)");
    write_text("projections.csv", "village_id,year,age,population\nV2,2040,0,0.5\nV1,2026,5,31\n"
                                  "V2,2040,1,2\nV2,2040,0,1.5\n");
    expect_load_error(&sc, "projections.csv: line 5: expected one row per village, year and age, "
                           "got village V2, year 2040, age 0 again (first on line 2)");
    write_text("projections.csv", "village_id,year,age,population\nV2,2040,0,0.5\nV1,2026,5,31\n"
                                  "V1,2019,14,7\n");
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    assert_int_equal(c.n_projections, 3);
    assert_true(jh_county_projection(&c, 1, 2040, 0) == 0.5);
    assert_true(jh_county_projection(&c, 0, 2026, 5) == 31);
    assert_true(jh_county_projection(&c, 0, 2019, 14) == 7);
    assert_true(isnan(jh_county_projection(&c, 1, 2019, 14)));
    assert_int_equal(jh_county_projections_given(&c, 2026, 2040), 2);
    jh_county_free(&c);
    /* streamed (a 64-byte window) and checked for UTF-8 as it is read: 660
     * ASCII rows, then a GBK note (村一) on the last; read again as GBK,
     * the table holds every row once and the county says it was GBK */
    {
        size_t cap = 1 << 16, n = 0;
        char *text = malloc(cap);
        assert_non_null(text);
        n += (size_t)snprintf(text + n, cap - n, "village_id,year,age,population,note\n");
        for (int v = 1; v <= 2; v++)
            for (int y = 2019; y <= 2040; y++)
                for (int a = 0; a < 15; a++)
                    n += (size_t)snprintf(text + n, cap - n, "V%d,%d,%d,%d,%s\n", v, y, a,
                                          v * 100 + a, v == 2 && y == 2040 && a == 14
                                                           ? "\xB4\xE5\xD2\xBB" : "x");
        write_text("projections.csv", text);
        free(text);
        jh_csv_set_window(64);
        jh_status st = jh_county_load(&c, &sc, &err);
        jh_csv_set_window(4u << 20);
        assert_int_equal(st, JH_OK);
        assert_int_equal(c.n_projections, 660);
        assert_true(jh_county_projection(&c, 0, 2019, 0) == 100);
        assert_true(jh_county_projection(&c, 1, 2040, 14) == 214);
        size_t gbk = 0;
        for (size_t i = 0; i < c.warnings.count; i++)
            gbk += strstr(c.warnings.items[i], "projections.csv: text is not UTF-8") != NULL;
        assert_int_equal(gbk, 1);
        jh_county_free(&c);
    }
    /* rows read in place (csv.h: jh_csv_plain_row) and rows left to the
     * general reader, mixed: quoted numbers and ids, CRLF, blanks around a
     * number, "6.0", 16 digits, leading zeros, a fraction, columns in
     * another order with one more: the values the general reader gives */
    write_text("projections.csv",
               "age,population,note,village_id,year\r\n"
               "0,3,a,V1,2026\r\n"
               "\"1\",\"4\",b,\"V1\",\"2026\"\r\n"
               "2, 5 ,c,V1, 2026 \n"
               "3,6.0,d,V1,2026\n"
               "4,0000000000000011,e,V1,2026\n"
               "0,0012,f,V2,2026\n"
               "1,7.5,g,V2,2026\n"
               "2,0,h,V2,2027\n");
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    assert_int_equal(c.n_projections, 8);
    assert_true(jh_county_projection(&c, 0, 2026, 0) == 3);
    assert_true(jh_county_projection(&c, 0, 2026, 1) == 4);
    assert_true(jh_county_projection(&c, 0, 2026, 2) == 5);
    assert_true(jh_county_projection(&c, 0, 2026, 3) == 6);
    assert_true(jh_county_projection(&c, 0, 2026, 4) == 11);
    assert_true(jh_county_projection(&c, 1, 2026, 0) == 12);
    assert_true(jh_county_projection(&c, 1, 2026, 1) == 7.5);
    assert_true(jh_county_projection(&c, 1, 2027, 2) == 0);
    assert_true(isnan(jh_county_projection(&c, 1, 2027, 3)));
    jh_county_free(&c);
    /* the same in the usual column order, which the loader scans straight
     * from the window (tables.c: fast_projection; a 64-byte window, then
     * the whole file): CRLF, quotes, blanks, "6.0", 16 and 17 digits, a
     * blank line, villages out of the layer's order and back, a year
     * before the horizon (a table widened), 255 (wider cells), a fraction
     * (doubles), no line end after the last row */
    write_text("projections.csv",
               "village_id,year,age,population\r\n"
               "V2,2026,0,0012\r\n"
               "V1,2026,0,3\r\n"
               "\"V1\",\"2026\",\"1\",\"4\"\r\n"
               "V1, 2026 ,2, 5 \n"
               "\n"
               "V1,2026,3,6.0\n"
               "V1,2026,4,0000000000000011\n"
               "V1,2026,5,00000000000000011\n"
               "V1,2019,0,1\n"
               "V1,2026,6,2\n"
               "V2,2027,2,0\n"
               "V1,2027,14,254\n"
               "V2,2027,14,255\n"
               "V2,2027,13,9\n"
               "V2,2026,1,7.5\n"
               "V2,2026,2,8");
    for (int w = 0; w < 2; w++) {
        jh_csv_set_window(w ? 4u << 20 : 64);
        jh_status st = jh_county_load(&c, &sc, &err);
        jh_csv_set_window(4u << 20);
        assert_int_equal(st, JH_OK);
        assert_int_equal(c.n_projections, 15);
        assert_true(jh_county_projection(&c, 0, 2019, 0) == 1);
        assert_true(jh_county_projection(&c, 0, 2026, 6) == 2);
        assert_true(jh_county_projection(&c, 1, 2027, 13) == 9);
        assert_true(jh_county_projection(&c, 1, 2026, 2) == 8);
        assert_true(jh_county_projection(&c, 1, 2026, 0) == 12);
        assert_true(jh_county_projection(&c, 0, 2026, 0) == 3);
        assert_true(jh_county_projection(&c, 0, 2026, 1) == 4);
        assert_true(jh_county_projection(&c, 0, 2026, 2) == 5);
        assert_true(jh_county_projection(&c, 0, 2026, 3) == 6);
        assert_true(jh_county_projection(&c, 0, 2026, 4) == 11);
        assert_true(jh_county_projection(&c, 0, 2026, 5) == 11);
        assert_true(jh_county_projection(&c, 1, 2026, 1) == 7.5);
        assert_true(jh_county_projection(&c, 1, 2027, 2) == 0);
        assert_true(jh_county_projection(&c, 0, 2027, 14) == 254);
        assert_true(jh_county_projection(&c, 1, 2027, 14) == 255);
        assert_true(isnan(jh_county_projection(&c, 1, 2026, 3)));
        assert_true(isnan(jh_county_projection(&c, 0, 2027, 13)));
        jh_county_free(&c);
    }
    /* an id that only starts like the next village's is no village */
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV,2026,1,3\n");
    expect_load_error(&sc, "projections.csv: line 3: column village_id: expected a village id "
                           "of villages.dbf, got 'V'");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV2x,2026,1,3\n");
    expect_load_error(&sc, "projections.csv: line 3: column village_id: expected a village id "
                           "of villages.dbf, got 'V2x'");
    /* a repeated row among rows scanned in place, on its own line */
    write_text("projections.csv", "village_id,year,age,population\r\nV1,2026,0,3\r\n"
                                  "V2,2026,0,3\r\n\r\nV2,2026,1,3\r\nV2,2026,0,4\r\n");
    expect_load_error(&sc, "projections.csv: line 6: expected one row per village, year and age, "
                           "got village V2, year 2026, age 0 again (first on line 3)");
    /* a bad value after rows read in place: the general reader's message,
     * naming the line and the column */
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV1,2026,1,3x\n");
    expect_load_error(&sc, "projections.csv: line 3: column population: expected a non-negative "
                           "number, got '3x'");
    write_text("projections.csv", "village_id,year,age,population\r\nV1,2026,0,3\r\n"
                                  "V1,2301,1,3\r\n");
    expect_load_error(&sc, "projections.csv: line 3: column year: expected a year (1900-2300), "
                           "got '2301'");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV1,2026,15,3\n");
    expect_load_error(&sc, "projections.csv: line 3: column age: expected an age from 0 to 14, "
                           "got '15'");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV1,2026,1,-3\n");
    expect_load_error(&sc, "projections.csv: line 3: column population: expected a non-negative "
                           "number, got '-3'");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV1,2026,1,\n");
    expect_load_error(&sc, "projections.csv: line 3: column population: expected a non-negative "
                           "number, got ''");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\n"
                                  "V1,2026,1,10000001\n");
    expect_load_error(&sc, "projections.csv: line 3: column population: expected a population "
                           "of at most 10000000");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV9,2026,1,3\n");
    expect_load_error(&sc, "projections.csv: line 3: column village_id: expected a village id "
                           "of villages.dbf, got 'V9'");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV1,2026,1,3,4\n");
    expect_load_error(&sc, "projections.csv: line 3: expected 4 fields as in the header, got 5");
    write_text("projections.csv", "village_id,year,age,population\nV1,2026,0,3\nV2,2026,0,3\n"
                                  "V1,2026,0,4\n");
    expect_load_error(&sc, "projections.csv: line 4: expected one row per village, year and age, "
                           "got village V1, year 2026, age 0 again (first on line 2)");
    sc.projections_path = NULL;
    write_text("teachers.csv", "teacher_id,school_id,level,backbone\nT1,S001,primary,perhaps\n");
    snprintf(op, sizeof op, "%s/teachers.csv", dir);
    sc.teachers_path = op;
    expect_load_error(&sc, "teachers.csv: line 2: column backbone: expected 0/1, true/false or "
                           "yes/no, got 'perhaps'");
    /* rows read in place (csv.h: jh_csv_plain_row) and rows left to the
     * general reader, mixed: columns in another order with one more, CRLF
     * and LF, quoted fields, a blank line, level words in any case and in
     * Chinese, "007", a flag written "yes", a last line without its line
     * end: the roster the general reader gives, lines and all */
    write_text("teachers.csv",
               "age,teacher_id,note,school_id,level,years_at_school,backbone,above_degree,pe_art,"
               "senior_title\r\n"
               "41,T1,a,S002,junior,7,1,0,0,1\r\n"
               "\"25\",\"T2\",b,\"S001\",小学,2,0,1,0,0\r\n"
               "33,T3,c,S001,PRIMARY,007,yes,0,1,0\n"
               "\n"
               "50,T4,d,S002,初中,12,0,1,1,1\n"
               "60,T5,\"e, f\",S001,Junior,0,1,1,1,1\n"
               "15,T6,g,S002,primary,80,0,0,0,0");
    {
        jh_county c;
        jh_error e;
        jh_error_clear(&e);
        assert_int_equal(jh_county_load(&c, &sc, &e), JH_OK);
        assert_int_equal(c.n_teachers, 6);
        static const struct {
            const char *id;
            int school, level, years, age;
            bool flag[4];
            long line;
        } want[] = {{"T1", 1, JH_JUNIOR, 7, 41, {1, 0, 0, 1}, 2},
                    {"T2", 0, JH_PRIMARY, 2, 25, {0, 1, 0, 0}, 3},
                    {"T3", 0, JH_PRIMARY, 7, 33, {1, 0, 1, 0}, 4},
                    {"T4", 1, JH_JUNIOR, 12, 50, {0, 1, 1, 1}, 6},
                    {"T5", 0, JH_JUNIOR, 0, 60, {1, 1, 1, 1}, 7},
                    {"T6", 1, JH_PRIMARY, 80, 15, {0, 0, 0, 0}, 8}};
        for (size_t i = 0; i < 6; i++) {
            const jh_teacher *te = &c.teachers[i];
            assert_string_equal(te->id, want[i].id);
            assert_int_equal(te->school, want[i].school);
            assert_int_equal(te->level, want[i].level);
            assert_int_equal(te->years_at_school, want[i].years);
            assert_int_equal(te->age, want[i].age);
            assert_int_equal(te->backbone, want[i].flag[0]);
            assert_int_equal(te->above_degree, want[i].flag[1]);
            assert_int_equal(te->pe_art, want[i].flag[2]);
            assert_int_equal(te->senior_title, want[i].flag[3]);
            assert_int_equal(te->line, want[i].line);
        }
        jh_county_free(&c);
    }
    /* a bad row after rows read in place: the general reader's message,
     * naming the line and the column */
#define TH "teacher_id,school_id,level,years_at_school,backbone,age\n"
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S001,primary,81,0,40\n");
    expect_load_error(&sc, "teachers.csv: line 3: column years_at_school: expected a whole number "
                           "of years (0-80), got '81'");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\r\nT2,S001,primary,3,0,14\r\n");
    expect_load_error(&sc, "teachers.csv: line 3: column age: expected an age in years (15-100), "
                           "got '14'");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S404,primary,3,0,40\n");
    expect_load_error(&sc, "teachers.csv: line 3: column school_id: expected a school id of "
                           "schools.dbf, got 'S404'");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S001,middle,3,0,40\n");
    expect_load_error(&sc, "teachers.csv: line 3: column level: expected primary or junior (小学, "
                           "初中), got 'middle'");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\n,S001,primary,3,0,40\n");
    expect_load_error(&sc, "teachers.csv: line 3: column teacher_id: expected a teacher id, got "
                           "an empty value");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S001,primary,3,01,40\n");
    expect_load_error(&sc, "teachers.csv: line 3: column backbone: expected 0/1, true/false or "
                           "yes/no, got '01'");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S001,primary,3,0\n");
    expect_load_error(&sc, "teachers.csv: line 3: expected 6 fields as in the header, got 5");
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\r\nT2,S001,primary,3,0,40\r\n"
                                  "T1,S002,junior,3,0,40\r\n");
    expect_load_error(&sc, "teachers.csv: line 4: column teacher_id: expected a unique teacher id, "
                           "got 'T1' again (first on line 2)");
    /* ids rising, then one again; ids in no order, all different */
    write_text("teachers.csv", TH "T1,S001,primary,3,0,40\nT2,S001,primary,3,0,40\n"
                                  "T3,S002,junior,3,0,40\nT2,S002,junior,3,0,40\n");
    expect_load_error(&sc, "teachers.csv: line 5: column teacher_id: expected a unique teacher id, "
                           "got 'T2' again (first on line 3)");
    write_text("teachers.csv", TH "T2,S001,primary,3,0,40\nT10,S001,primary,3,0,40\n"
                                  "T1,S002,junior,3,0,40\n");
    {
        jh_county c;
        jh_error e;
        jh_error_clear(&e);
        assert_int_equal(jh_county_load(&c, &sc, &e), JH_OK);
        assert_int_equal(c.n_teachers, 3);
        assert_string_equal(c.teachers[1].id, "T10");
        assert_int_equal(c.teachers[2].line, 4);
        jh_county_free(&c);
    }
#undef TH
    sc.teachers_path = NULL;
    /* interventions naming unknown schools; a build id counts as known */
    char *close_ids[] = {"N01", "S404"};
    jh_intervention iv[2];
    memset(iv, 0, sizeof iv);
    iv[0].kind = JH_IV_BUILD;
    iv[0].build.id = "N01";
    iv[0].line = 9;
    iv[1].kind = JH_IV_CLOSE;
    iv[1].ids = close_ids;
    iv[1].n_ids = 2;
    iv[1].line = 12;
    sc.interventions = iv;
    sc.n_interventions = 2;
    expect_load_error(&sc, "s.yaml: line 12: close: expected a school id of schools.dbf or one "
                           "an intervention builds, got 'S404'");
    iv[1].n_ids = 1;
    iv[1].target = "S405";
    expect_load_error(&sc, "line 12: students_to: expected a school id");
    iv[1].target = "nearest";
    assert_int_equal(jh_county_load(&c, &sc, &err), JH_OK);
    jh_county_free(&c);
    char *fixed[] = {"S001", "S777"};
    sc.consolidation.fixed = fixed;
    sc.consolidation.n_fixed = 2;
    sc.consolidation.line = 20;
    expect_load_error(&sc, "line 20: optimise.consolidation.fixed: expected a school id");
}

static void test_encoding_assumed(void **state)
{
    (void)state;
    /* no .cpg, GBK bytes: assumed GBK with a warning; UTF-8 bytes: UTF-8 */
    write_layer("schools", SHPT_POINT, sfields, 11, sval, sxy, 3, NULL, esri_prj);
    write_layer("villages", SHPT_POINT, vfields, 6, vval, vxy, 2, NULL, esri_prj);
    jh_scenario sc;
    scenario(&sc);
    jh_county c;
    jh_error err;
    jh_status st = jh_county_load(&c, &sc, &err);
    if (st != JH_OK)
        fail_msg("%s", err.message);
    assert_string_equal(c.encoding[0], "GBK");
    assert_string_equal(c.schools[0].name, "一小");
    assert_string_equal(c.encoding[1], "UTF-8");
    bool warned = false;
    for (size_t i = 0; i < c.warnings.count; i++)
        if (strstr(c.warnings.items[i], "schools.dbf: no .cpg file says how its text is encoded; "
                                        "assumed GBK"))
            warned = true;
    assert_true(warned);
    jh_county_free(&c);
}

static void test_warnings(void **state)
{
    (void)state;
    /* S003 moved 30 km east, far from both villages: nearest V2 at
     * hypot(25000, 6000) = 25.71 km; S001 without teachers */
    make_county();
    double farxy[6] = {39512340, 3401220, 39515000, 3405000, 39539000, 3398000};
    sval[8] = "";
    write_layer("schools", SHPT_POINT, sfields, 11, sval, farxy, 3, "GBK", esri_prj);
    sval[8] = "12.5";
    jh_scenario sc;
    scenario(&sc);
    jh_county c;
    jh_error err;
    jh_status st = jh_county_load(&c, &sc, &err);
    if (st != JH_OK)
        fail_msg("%s", err.message);
    bool far = false, no_teachers = false;
    for (size_t i = 0; i < c.warnings.count; i++) {
        far |= strstr(c.warnings.items[i], "schools.dbf: record 3 (id S003): farther than 20 km "
                                           "from every village (nearest 25.7 km)") != NULL;
        no_teachers |= strstr(c.warnings.items[i], "schools.dbf: record 1 (id S001): 85 "
                                                   "students but no teachers") != NULL;
        assert_null(strstr(c.warnings.items[i], "id S002"));
    }
    assert_true(far);
    assert_true(no_teachers);
    jh_county_free(&c);
    /* the 20 km test through the village grid: S003 exactly 20 km east of
     * V2 is near enough; half a metre further it is not */
    for (int k = 0; k < 2; k++) {
        double edge[6] = {39512340, 3401220, 39515000, 3405000, 39534000 + 0.5 * k, 3404000};
        write_layer("schools", SHPT_POINT, sfields, 11, sval, edge, 3, "GBK", esri_prj);
        if ((st = jh_county_load(&c, &sc, &err)) != JH_OK)
            fail_msg("%s", err.message);
        far = false;
        for (size_t i = 0; i < c.warnings.count; i++)
            far |= strstr(c.warnings.items[i], "schools.dbf: record 3 (id S003): farther than "
                                               "20 km from every village (nearest 20.0 km)") != NULL;
        assert_int_equal(far, k == 1);
        jh_county_free(&c);
    }
}

/* The projection table keeps whole numbers in the narrowest cells that
 * hold them (population + 1 in 1, 2 or 4 bytes) and moves to doubles at
 * the first fraction: every figure set reads back exactly through each
 * widening, a cell given twice is refused (and keeps its first figure),
 * a year outside the table widens it, and a copy reads the same. */
/* jh_county_set_projection_count: a byte cell in one step, anything else
 * as jh_county_set_projection does it */
static void test_projection_count(void **state)
{
    (void)state;
    jh_county c;
    memset(&c, 0, sizeof c);
    c.n_villages = 2;
    assert_int_equal(jh_county_reserve_projections(&c, 2025, 2025), JH_OK);
    assert_int_equal(jh_county_set_projection_count(&c, 0, 2025, 0, 254), JH_OK);
    assert_int_equal(c.proj.width, 1);
    assert_int_equal(jh_county_set_projection_count(&c, 0, 2025, 0, 1), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection_count(&c, 1, 2025, 14, 0), JH_OK);
    assert_int_equal(jh_county_set_projection_count(&c, 2, 2025, 0, 1), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection_count(&c, -1, 2025, 0, 1), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection_count(&c, 0, 2025, 15, 1), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection_count(&c, 0, 2026, 3, 7), JH_OK); /* widened */
    assert_int_equal(c.proj.n_years, 2);
    assert_int_equal(jh_county_set_projection_count(&c, 1, 2025, 1, 255), JH_OK);
    assert_int_equal(c.proj.width, 2);
    assert_int_equal(jh_county_set_projection_count(&c, 1, 2025, 1, 3), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection_count(&c, 1, 2025, 2, 10000000), JH_OK);
    assert_int_equal(c.proj.width, 4);
    assert_int_equal(c.n_projections, 5);
    assert_true(jh_county_projection(&c, 0, 2025, 0) == 254);
    assert_true(jh_county_projection(&c, 1, 2025, 14) == 0);
    assert_true(jh_county_projection(&c, 0, 2026, 3) == 7);
    assert_true(jh_county_projection(&c, 1, 2025, 1) == 255);
    assert_true(jh_county_projection(&c, 1, 2025, 2) == 10000000);
    assert_true(isnan(jh_county_projection(&c, 0, 2025, 1)));
    jh_projection_table_free(&c.proj);
}

static void test_projection_widths(void **state)
{
    (void)state;
    jh_county c;
    memset(&c, 0, sizeof c);
    c.n_villages = 3;
    assert_int_equal(jh_county_reserve_projections(&c, 2025, 2026), JH_OK);
    assert_int_equal(c.proj.width, 1);
    assert_int_equal(jh_county_set_projection(&c, 0, 2025, 0, 0), JH_OK);
    assert_int_equal(jh_county_set_projection(&c, 0, 2025, 1, 254), JH_OK);
    assert_int_equal(c.proj.width, 1);
    assert_int_equal(jh_county_set_projection(&c, 1, 2026, 14, 255), JH_OK);
    assert_int_equal(c.proj.width, 2);
    assert_int_equal(jh_county_set_projection(&c, 1, 2026, 13, 65534), JH_OK);
    assert_int_equal(c.proj.width, 2);
    assert_int_equal(jh_county_set_projection(&c, 2, 2025, 7, 65535), JH_OK);
    assert_int_equal(c.proj.width, 4);
    assert_int_equal(jh_county_set_projection(&c, 2, 2030, 3, 10000000), JH_OK);
    assert_int_equal(c.proj.width, 4);
    assert_int_equal(c.proj.year0, 2025);
    assert_int_equal(c.proj.n_years, 6);
    assert_int_equal(jh_county_set_projection(&c, 0, 2025, 1, 3), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection(&c, 2, 2024, 2, 0.25), JH_OK);
    assert_int_equal(c.proj.width, 8);
    assert_int_equal(c.proj.year0, 2024);
    assert_int_equal(jh_county_set_projection(&c, 1, 2026, 14, 9), JH_ERR_INPUT);
    assert_int_equal(jh_county_set_projection(&c, 0, 2026, 0, 12), JH_OK);
    assert_int_equal(c.n_projections, 8);
    jh_projection_table copy;
    assert_true(jh_projection_table_copy(&copy, &c.proj));
    for (int k = 0; k < 2; k++) {
        assert_true(jh_county_projection(&c, 0, 2025, 0) == 0);
        assert_true(jh_county_projection(&c, 0, 2025, 1) == 254);
        assert_true(jh_county_projection(&c, 1, 2026, 14) == 255);
        assert_true(jh_county_projection(&c, 1, 2026, 13) == 65534);
        assert_true(jh_county_projection(&c, 2, 2025, 7) == 65535);
        assert_true(jh_county_projection(&c, 2, 2030, 3) == 10000000);
        assert_true(jh_county_projection(&c, 2, 2024, 2) == 0.25);
        assert_true(jh_county_projection(&c, 0, 2026, 0) == 12);
        assert_true(isnan(jh_county_projection(&c, 0, 2025, 2)));
        assert_true(isnan(jh_county_projection(&c, 2, 2027, 0)));
        assert_true(isnan(jh_county_projection(&c, 2, 2031, 0)));
        assert_int_equal(jh_county_projections_given(&c, 2024, 2030), 8);
        assert_int_equal(jh_county_projections_given(&c, 2026, 2026), 3);
        jh_projection_table_free(&c.proj);
        if (k == 0)
            c.proj = copy;
    }
}

/* jh_ftable_count: plain digits (with trailing blanks) read without
 * strtod give what strtod gave; everything else still goes through it,
 * with its messages. */
static void test_ftable_count(void **state)
{
    (void)state;
    static const char *const ok[] = {"12", "12  ", "007", "000000000000012",
                                     "0000000000000012", "10000000", "2.0", " 3", "1e3", "0",
                                     "0x10"};
    static const long want[] = {12, 12, 7, 12, 12, 10000000, 2, 3, 1000, 0, 16};
    static const char *const bad_values[] = {"10000001", "2.5", "-1", "3\t", "x", "12x",
                                             "99999999999999999999", "+"};
    size_t n_ok = sizeof ok / sizeof ok[0], n_bad = sizeof bad_values / sizeof bad_values[0];
    jh_ftable *t = jh_ftable_new("t.dbf", NULL);
    assert_non_null(t);
    int f = jh_ftable_add_field(t, "n");
    assert_int_equal(f, 0);
    for (size_t i = 0; i < n_ok + n_bad + 1; i++) {
        long r = jh_ftable_add_row(t, (long)i + 1);
        assert_int_equal(r, (long)i);
        const char *v = i < n_ok ? ok[i] : i < n_ok + n_bad ? bad_values[i - n_ok] : NULL;
        assert_true(jh_ftable_set(t, r, f, v));
    }
    jh_error err;
    jh_error_clear(&err);
    long out;
    bool given;
    for (size_t i = 0; i < n_ok; i++) {
        assert_int_equal(jh_ftable_count(t, (long)i, f, "n", "X", &out, &given, &err), JH_OK);
        assert_int_equal(out, want[i]);
        assert_true(given);
    }
    for (size_t i = 0; i < n_bad; i++) {
        assert_int_equal(jh_ftable_count(t, (long)(n_ok + i), f, "n", "X", &out, &given, &err),
                         JH_ERR_INPUT);
        assert_non_null(strstr(err.message, "t.dbf: "));
        assert_non_null(strstr(err.message, "field n: expected a non-negative whole number"));
        assert_false(given);
    }
    assert_non_null(strstr(err.message, "got '+'"));
    assert_int_equal(jh_ftable_count(t, 0, f, "n", "X", &out, &given, &err), JH_OK);
    assert_int_equal(jh_ftable_count(t, (long)n_ok, f, "n", "X", &out, &given, &err),
                     JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "of at most 10000000 (the maximum), got '10000001'"));
    /* no value: 0, not given */
    assert_int_equal(jh_ftable_count(t, (long)(n_ok + n_bad), f, "n", "X", &out, &given, &err),
                     JH_OK);
    assert_int_equal(out, 0);
    assert_false(given);
    jh_ftable_free(t);
}

/* A layer's .prj (ESRI WKT of GK zone 39) and the EPSG code it names are
 * one CRS: PROJ's transformation between them is a noop, which the loader
 * applies without a PROJ call per point (inputs.c: transform_points), and
 * which leaves a point as it is; to longitude/latitude it is not. */
static void test_transform_noop(void **state)
{
    (void)state;
    jh_crs *prj, *epsg, *other;
    jh_error err;
    assert_int_equal(jh_crs_from_text(&prj, esri_prj, "t.prj", &err), JH_OK);
    assert_int_equal(jh_crs_from_epsg(&epsg, 4527, &err), JH_OK);
    assert_int_equal(jh_crs_from_epsg(&other, 4528, &err), JH_OK);
    jh_transform *same, *lonlat, *zone40;
    assert_int_equal(jh_transform_create(&same, prj, epsg, &err), JH_OK);
    assert_int_equal(jh_transform_to_lonlat(&lonlat, prj, &err), JH_OK);
    assert_int_equal(jh_transform_create(&zone40, prj, other, &err), JH_OK);
    assert_true(jh_transform_is_noop(same));
    assert_false(jh_transform_is_noop(lonlat));
    assert_false(jh_transform_is_noop(zone40));
    double x = 39512340.125, y = 3401220.5;
    assert_true(jh_transform_point(same, &x, &y));
    assert_true(x == 39512340.125 && y == 3401220.5);
    assert_true(jh_transform_point(lonlat, &x, &y));
    assert_true(fabs(x - 117.13) < 0.01 && fabs(y - 30.73) < 0.01);
    jh_transform_free(same);
    jh_transform_free(lonlat);
    jh_transform_free(zone40);
    jh_crs_free(prj);
    jh_crs_free(epsg);
    jh_crs_free(other);
}

/* The urban-rural codes of the statistics read as area types (blanks
 * around them trimmed); any other text comes back as it is. */
static void test_area_codes(void **state)
{
    (void)state;
    static const char *const codes[][2] = {
        {"111", "urban"}, {"112", "urban"}, {"121", "town"}, {"122", "town"},
        {"123", "town"}, {"210", "rural"}, {"220", "rural"}, {" 121 ", "town"},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_string_equal(jh_value_lookup(NULL, "area", codes[i][0]), codes[i][1]);
    static const char *const other[] = {"urban", "乡村", "113", "1210", "12", "021", "221", ""};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        assert_ptr_equal(jh_value_lookup(NULL, "area", other[i]), other[i]);
    const char *code = "121";
    assert_ptr_equal(jh_value_lookup(NULL, "type", code), code); /* codes are areas' only */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_resolve),
        cmocka_unit_test(test_gbk_decode),
        cmocka_unit_test(test_utm_pick),
        cmocka_unit_test(test_working_zone_pick),
        cmocka_unit_test(test_load_county),
        cmocka_unit_test(test_projection_widths),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_encoding_assumed),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_ftable_count),
        cmocka_unit_test(test_projection_count),
        cmocka_unit_test(test_transform_noop),
        cmocka_unit_test(test_area_codes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
