/*
 * county_dir_fixture.h: a county written into a temporary folder by the
 * loading tests (test_inputs, test_projections_thread): the folder, the
 * ESRI .prj of CGCS2000 3-degree Gauss-Kruger zone 39 and a text file
 * written into the folder. Include after cmocka.h.
 */
#ifndef JH_TESTS_COUNTY_DIR_FIXTURE_H
#define JH_TESTS_COUNTY_DIR_FIXTURE_H

#include <stdio.h>

/* the folder (mkdtemp fills it in each test's setup) */
static char dir[64];

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

#endif
