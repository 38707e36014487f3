/*
 * junheng template DIR: a ready-to-fill set of input files for a county's
 * own data — schools.csv and villages.csv with the canonical columns (and
 * lon/lat coordinate columns), the same as two sheets of county.xlsx
 * (row 1 the canonical English names, which the reader takes as the
 * header; row 2 the Chinese labels, which the reader skips), the headers
 * of teachers.csv, projections.csv and od.csv, and scenario.yaml (the
 * CSVs) and scenario-xlsx.yaml (the workbook) naming them, which validate
 * once the rows are pasted in. The columns are those
 * docs/DATA.md documents (taken from the loader's own lists, so the two
 * cannot drift). DIR must be missing or empty: a template never overwrites.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "input/coverage.h"
#include "input/inputs.h"
#include "input/tables.h"

static const char usage[] =
    "usage: junheng template DIR\n"
    "\n"
    "Writes ready-to-fill input files into DIR (created; it must be missing or\n"
    "empty): schools.csv and villages.csv (canonical columns, lon/lat in\n"
    "CGCS2000), the same as the sheets schools and villages of county.xlsx\n"
    "(row 1 English names: the header; row 2 Chinese labels: skipped when read),\n"
    "teachers.csv, projections.csv, od.csv (headers only), scenario.yaml naming\n"
    "the CSVs and scenario-xlsx.yaml naming the workbook. Fill the rows\n"
    "(docs/DATA.md lists every column), then: junheng validate DIR/scenario.yaml\n"
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

/* One sheet: row 1 the canonical names (bold; the header the reader
 * takes), row 2 their Chinese labels (grey; the reader skips the row),
 * frozen; the id and text columns formatted as text so codes keep their
 * leading zeros. */
static bool write_sheet(lxw_workbook *wb, const char *name, int layer,
                        const char *const *cols)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return false;
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    lxw_format *label = workbook_add_format(wb);
    format_set_font_color(label, 0x595959);
    format_set_bg_color(label, 0xF2F2F2);
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    static const char *const lonlat[] = {"lon", "lat"};
    lxw_col_t c = 0;
    for (size_t i = 0; i < 2 + 200 && (i < 2 || cols[i - 2]); i++, c++) {
        const char *col = i < 2 ? lonlat[i] : cols[i - 2];
        const char *zh = jh_field_label_zh(layer, col);
        bool is_text = strcmp(col, "id") == 0 || strcmp(col, "name") == 0 ||
                       strcmp(col, "type") == 0 || strcmp(col, "area") == 0 ||
                       strcmp(col, "district") == 0 || strncmp(col, "school_", 7) == 0;
        if (worksheet_write_string(ws, 0, c, col, head) != LXW_NO_ERROR ||
            worksheet_write_string(ws, 1, c, zh ? zh : col, label) != LXW_NO_ERROR ||
            worksheet_set_column(ws, c, c, strlen(col) > 12 ? 16 : 12, is_text ? text : NULL) !=
                LXW_NO_ERROR)
            return false;
    }
    worksheet_freeze_panes(ws, 2, 0);
    return true;
}

static bool write_xlsx(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/county.xlsx", dir);
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &wo);
    if (!wb)
        return false;
    lxw_doc_properties props = {.title = "junheng county template",
                                .created = 946684800}; /* fixed: no clock in the file */
    workbook_set_properties(wb, &props);
    bool ok = write_sheet(wb, "schools", 0, jh_school_fields) &&
              write_sheet(wb, "villages", 1, jh_village_fields);
    return workbook_close(wb) == LXW_NO_ERROR && ok;
}

static const char scenario_xlsx[] =
    "# A scenario for your county's own data in a workbook (junheng template).\n"
    "# Fill the sheets schools and villages of county.xlsx under the two header\n"
    "# rows (row 1, English, is the header junheng reads; row 2, Chinese, is\n"
    "# skipped; docs/DATA.md lists every column), and the tables, then:\n"
    "#   junheng validate scenario-xlsx.yaml\n"
    "name: my-county\n"
    "data:\n"
    "  schools: county.xlsx:schools   # lon/lat columns: CGCS2000 (EPSG:4490)\n"
    "  villages: county.xlsx:villages\n"
    "  projections: projections.csv\n"
    "  teachers: teachers.csv\n"
    "  # travel_costs: od.csv\n"
    "horizon: {start: 2025, end: 2035}\n"
    "standard: quality\n"
    "assignment: catchment\n";

static bool write_text(const char *dir, const char *file, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0;
    if (f)
        ok &= fclose(f) == 0;
    return ok;
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
    "  # schools: county.xlsx:schools  # the workbook instead (scenario-xlsx.yaml does this)\n"
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
    bool ok = write_text(dir, "scenario.yaml", scenario) &&
              write_text(dir, "scenario-xlsx.yaml", scenario_xlsx) && write_xlsx(dir) &&
              write_header(dir, "schools.csv", lonlat, jh_school_fields) &&
         write_header(dir, "villages.csv", lonlat, jh_village_fields) &&
         write_header(dir, "teachers.csv", NULL, jh_teachers_columns) &&
         write_header(dir, "projections.csv", NULL, jh_projections_columns) &&
         write_header(dir, "od.csv", NULL, jh_od_columns);
    if (!ok) {
        fprintf(stderr, "junheng template: %s: cannot write: %s\n", dir, strerror(errno));
        return 1;
    }
    printf("template in %s: schools.csv, villages.csv, county.xlsx (sheets schools, villages), "
           "teachers.csv, projections.csv, od.csv, scenario.yaml, scenario-xlsx.yaml\n"
           "fill the rows (columns: docs/DATA.md), then: junheng validate %s/scenario.yaml "
           "(or scenario-xlsx.yaml for the workbook)\n",
           dir, dir);
    return 0;
}
