/*
 * junheng template DIR: a ready-to-fill set of input files for a county's
 * own data — schools.csv and villages.csv with the canonical columns (and
 * lon/lat coordinate columns), the headers of teachers.csv,
 * projections.csv and od.csv, and scenario.yaml naming them, which
 * validates once the rows are pasted in. The columns are those
 * docs/DATA.md documents (taken from the loader's own lists, so the two
 * cannot drift). DIR must be missing or empty: a template never overwrites.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "input/inputs.h"
#include "input/tables.h"

static const char usage[] =
    "usage: junheng template DIR\n"
    "\n"
    "Writes ready-to-fill input files into DIR (created; it must be missing or\n"
    "empty): schools.csv and villages.csv (canonical columns, lon/lat in\n"
    "CGCS2000), teachers.csv, projections.csv, od.csv (headers only) and\n"
    "scenario.yaml naming them. Fill the rows (docs/DATA.md lists every column),\n"
    "then: junheng validate DIR/scenario.yaml\n"
    "\n"
    "options:\n"
    "  --help, --version\n";

static bool dir_empty(const char *path, bool *exists)
{
    DIR *d = opendir(path);
    *exists = d != NULL;
    if (!d)
        return true;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = false;
    closedir(d);
    return empty;
}

static bool write_header(const char *dir, const char *file, const char *const *first,
                         const char *const *cols)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    int n = 0;
    for (size_t i = 0; first && first[i]; i++)
        fprintf(f, "%s%s", n++ ? "," : "", first[i]);
    for (size_t i = 0; cols[i]; i++)
        fprintf(f, "%s%s", n++ ? "," : "", cols[i]);
    fputs("\r\n", f);
    return fclose(f) == 0;
}

static const char scenario[] =
    "# A scenario for your county's own data (junheng template).\n"
    "# Fill schools.csv, villages.csv and the tables (docs/DATA.md lists every\n"
    "# column: meaning, unit, required or not), then:\n"
    "#   junheng validate scenario.yaml\n"
    "#   junheng run scenario.yaml -o out\n"
    "name: my-county\n"
    "data:\n"
    "  schools: schools.csv          # lon/lat columns: CGCS2000 (EPSG:4490)\n"
    "  villages: villages.csv\n"
    "  projections: projections.csv\n"
    "  teachers: teachers.csv\n"
    "  # travel_costs: od.csv        # travel costs from a router, when you have them\n"
    "  # crs: EPSG:4547              # the working CRS (a CGCS2000 3-degree zone)\n"
    "  # fields: {schools: {id: 学校代码, name: 学校名称}}   # when your columns are named otherwise\n"
    "  # values: {type: {\"211\": primary, \"311\": junior}}\n"
    "horizon: {start: 2025, end: 2035}\n"
    "standard: quality\n"
    "assignment: catchment\n";

int jh_cmd_template(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("junheng %s\n", JH_VERSION);
            return 0;
        }
        if (argv[i][0] == '-' || dir) {
            fprintf(stderr, "junheng template: unexpected argument '%s'\n%s", argv[i], usage);
            return 2;
        }
        dir = argv[i];
    }
    if (!dir) {
        fprintf(stderr, "junheng template: expected a folder DIR\n%s", usage);
        return 2;
    }
    bool exists;
    if (!dir_empty(dir, &exists)) {
        fprintf(stderr,
                "junheng template: %s: expected a missing or empty folder, it holds files "
                "(a template never overwrites)\n",
                dir);
        return 2;
    }
    if (!exists && mkdir(dir, 0777) != 0) {
        fprintf(stderr, "junheng template: %s: cannot create: %s\n", dir, strerror(errno));
        return 1;
    }
    static const char *const lonlat[] = {"lon", "lat", NULL};
    char path[4096];
    snprintf(path, sizeof path, "%s/scenario.yaml", dir);
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(scenario, f) >= 0;
    if (f)
        ok &= fclose(f) == 0;
    ok = ok && write_header(dir, "schools.csv", lonlat, jh_school_fields) &&
         write_header(dir, "villages.csv", lonlat, jh_village_fields) &&
         write_header(dir, "teachers.csv", NULL, jh_teachers_columns) &&
         write_header(dir, "projections.csv", NULL, jh_projections_columns) &&
         write_header(dir, "od.csv", NULL, jh_od_columns);
    if (!ok) {
        fprintf(stderr, "junheng template: %s: cannot write: %s\n", dir, strerror(errno));
        return 1;
    }
    printf("template in %s: schools.csv, villages.csv, teachers.csv, projections.csv, od.csv, "
           "scenario.yaml\nfill the rows (columns: docs/DATA.md), then: junheng validate "
           "%s/scenario.yaml\n",
           dir, dir);
    return 0;
}
