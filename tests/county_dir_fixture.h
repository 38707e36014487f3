/*
 * county_dir_fixture.h: a county written into a temporary folder by the
 * loading tests (test_inputs, test_projections_thread, test_shp_table):
 * the folder made and removed, the ESRI .prj of CGCS2000 3-degree
 * Gauss-Kruger zone 39, a text file and a UTF-8 point layer written into
 * the folder. Include after cmocka.h.
 */
#ifndef JH_TESTS_COUNTY_DIR_FIXTURE_H
#define JH_TESTS_COUNTY_DIR_FIXTURE_H

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>

/* the folder (county_dir_make fills it in each test's setup) */
static char dir[64];

/* makes the folder /tmp/jh_test_TAG_XXXXXX: 0, or -1 when it cannot
 * (a cmocka setup's status) */
static inline int county_dir_make(const char *tag)
{
    snprintf(dir, sizeof dir, "/tmp/jh_test_%s_XXXXXX", tag);
    return mkdtemp(dir) ? 0 : -1;
}

/* removes the folder and what it holds (a cmocka teardown's status) */
static inline int county_dir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char esri_prj[] =
    "PROJCS[\"CGCS2000_3_Degree_GK_Zone_39\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
    "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\","
    "0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER["
    "\"False_Easting\",39500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_"
    "Meridian\",117.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],"
    "UNIT[\"Meter\",1.0]]";

/* writes `text` as the file `name` of the folder */
static void write_text(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* starts the point layer NAME of the folder: its .shp and a .dbf whose
 * text is UTF-8 (fields and records are the caller's; it closes both) */
static inline void create_point_layer(const char *name, SHPHandle *shp, DBFHandle *dbf)
{
    char base[256];
    snprintf(base, sizeof base, "%s/%s", dir, name);
    *shp = SHPCreate(base, SHPT_POINT);
    *dbf = DBFCreateEx(base, "UTF-8");
    assert_non_null(*shp);
    assert_non_null(*dbf);
}

#endif
