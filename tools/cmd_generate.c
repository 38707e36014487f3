/*
 * junheng generate --schools N --villages M --seed K DIR: writes a
 * synthetic county (engine/generate.h) into DIR. Its own option parser:
 * the shared one (jh_cli_parse) is for commands that read scenarios.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "generate/generate.h"

static const char usage[] =
    "usage: junheng generate --schools N --villages M --seed K [options] DIR\n"
    "\n"
    "Writes a synthetic county into DIR (created when missing):\n"
    "schools.shp, villages.shp and roads.shp (with .shx .dbf .prj .cpg;\n"
    "EPSG:4547; roads: a 1 km grid, a river crossed by a bridge every 10 km),\n"
    "teachers.csv, projections.csv and baseline.yaml, a runnable scenario.\n"
    "The region is 40 km across for 1,500 villages, wider with the square\n"
    "root of M up to 600 km (the CRS's zone); above 200,000 villages the\n"
    "villages get smaller in proportion (about 145 million people at most).\n"
    "The same options give the same bytes.\n"
    "\n"
    "options:\n"
    "  --schools N        number of schools (at least 8; default 120)\n"
    "  --villages M       number of villages (at least 4 x N; default 1500)\n"
    "  --seed K           random seed (default 1)\n"
    "  --start YEAR       base year and horizon start (default 2025)\n"
    "  --end YEAR         horizon end (default 2035)\n"
    "  --no-projections   do not write projections.csv (large counties)\n"
    "  --help, --version\n";

/* What generate writes into DIR, and the marker it leaves there so that a
 * later generate may overwrite them: DIR is written only when it is new,
 * empty, or holds nothing but a previous generate's files (a county's own
 * schools.shp is never overwritten). */
#define GENERATE_MARKER ".junheng-generate"
static const char *const GENERATED[] = {
    "schools.shp", "schools.shx", "schools.dbf", "schools.prj", "schools.cpg",
    "villages.shp", "villages.shx", "villages.dbf", "villages.prj", "villages.cpg",
    "teachers.csv", "projections.csv", "baseline.yaml",
    "roads.shp", "roads.shx", "roads.dbf", "roads.prj", "roads.cpg", GENERATE_MARKER};

static bool generated_name(const char *name)
{
    for (size_t i = 0; i < sizeof GENERATED / sizeof *GENERATED; i++)
        if (strcmp(name, GENERATED[i]) == 0)
            return true;
    /* the temporary folder of a generate that was killed */
    return strncmp(name, ".generate-", 10) == 0;
}

/* 0 when DIR may be written; else prints why and returns 2. */
static int check_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return 0; /* created */
    if (!S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "junheng generate: %s: exists and is not a folder; refusing to write "
                        "into it\n", dir);
        return 2;
    }
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "junheng generate: %s: cannot read folder: %s\n", dir, strerror(errno));
        return 1;
    }
    size_t n = strlen(dir) + sizeof GENERATE_MARKER + 2;
    char *marker = malloc(n);
    if (marker)
        snprintf(marker, n, "%s/%s", dir, GENERATE_MARKER);
    bool ours = marker && lstat(marker, &sb) == 0 && S_ISREG(sb.st_mode);
    free(marker);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!ours)
            fprintf(stderr, "junheng generate: %s: the folder is not empty and is not a previous "
                            "generate output (it holds '%s' and no %s); refusing to write into "
                            "it: choose a new or empty folder\n", dir, e->d_name, GENERATE_MARKER);
        else if (!generated_name(e->d_name))
            fprintf(stderr, "junheng generate: %s: '%s' is not a file generate writes; refusing "
                            "to write into the folder: move it out or choose a new folder\n",
                    dir, e->d_name);
        else
            continue;
        rc = 2;
    }
    closedir(d);
    return rc;
}

/* Leaves the marker in DIR after a successful generate. */
static int mark_dir(const char *dir)
{
    size_t n = strlen(dir) + sizeof GENERATE_MARKER + 2;
    char *marker = malloc(n);
    FILE *f = NULL;
    if (marker) {
        snprintf(marker, n, "%s/%s", dir, GENERATE_MARKER);
        f = fopen(marker, "w");
    }
    bool ok = f && fputs("written by junheng generate; a later generate may overwrite this "
                         "folder's files\n", f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "junheng generate: %s: cannot write: %s\n", marker ? marker : dir,
                strerror(errno));
    free(marker);
    return ok ? 0 : 1;
}

/* A whole number in [lo, hi]; false otherwise. */
static bool parse_count(const char *s, unsigned long long lo, unsigned long long hi,
                        unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int bad(const char *fmt, const char *a, const char *b)
{
    fputs("junheng generate: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs("\n", stderr);
    fputs(usage, stderr);
    return 2;
}

/* jh_cli_fail lives with the scenario commands; generate needs only this. */
static int fail(jh_status st, const jh_error *err)
{
    fprintf(stderr, "junheng generate: %s\n", err->message);
    return st == JH_ERR_INPUT ? 2 : 1;
}

int jh_cmd_generate(int argc, char **argv)
{
    jh_generate_options o;
    jh_generate_options_default(&o);
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            printf("junheng %s\n", JH_VERSION);
            return 0;
        }
        if (strcmp(a, "--no-projections") == 0) {
            o.write_projections = false;
            continue;
        }
        if (strcmp(a, "--schools") == 0 || strcmp(a, "--villages") == 0 ||
            strcmp(a, "--seed") == 0 || strcmp(a, "--start") == 0 || strcmp(a, "--end") == 0) {
            if (i + 1 >= argc)
                return bad("%s: expected a value%s", a, "");
            const char *v = argv[++i];
            unsigned long long n = 0;
            bool ok;
            if (strcmp(a, "--schools") == 0) {
                ok = parse_count(v, 0, 1000000000ULL, &n);
                o.n_schools = (size_t)n;
            } else if (strcmp(a, "--villages") == 0) {
                ok = parse_count(v, 0, 1000000000ULL, &n);
                o.n_villages = (size_t)n;
            } else if (strcmp(a, "--seed") == 0) {
                ok = parse_count(v, 0, 4294967295ULL, &n);
                o.seed = (unsigned long)n;
            } else {
                ok = parse_count(v, 1900, 2200, &n);
                if (strcmp(a, "--start") == 0)
                    o.start_year = (int)n;
                else
                    o.end_year = (int)n;
            }
            if (!ok)
                return bad("%s: expected a non-negative whole number (a year 1900-2200 for "
                           "--start/--end), got '%s'", a, v);
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return bad("unknown option '%s'%s", a, "");
        if (dir)
            return bad("one output folder expected, got '%s' and '%s'", dir, a);
        dir = a;
    }
    if (!dir)
        return bad("missing the output folder DIR%s%s", "", "");
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_generate_check(&o, &err);
    if (st != JH_OK)
        return fail(st, &err);
    int rc = check_dir(dir);
    if (rc != 0)
        return rc;
    jh_county c;
    if ((st = jh_generate_county(&c, &o, &err)) != JH_OK)
        return fail(st, &err);
    st = jh_generate_write(&c, &o, dir, &err);
    if (st == JH_OK && mark_dir(dir) != 0) {
        jh_county_free(&c);
        return 1;
    }
    if (st == JH_OK) {
        int by_type[JH_SCHOOL_NTYPES] = {0};
        for (size_t i = 0; i < c.n_schools; i++)
            by_type[c.schools[i].type]++;
        printf("wrote %s: %zu schools (primary %d, junior %d, nine_year %d, teaching_point %d, "
               "special %d), %zu villages, %zu teachers, horizon %d-%d\n",
               dir, c.n_schools, by_type[JH_SCHOOL_PRIMARY], by_type[JH_SCHOOL_JUNIOR],
               by_type[JH_SCHOOL_NINE_YEAR], by_type[JH_SCHOOL_TEACHING_POINT],
               by_type[JH_SCHOOL_SPECIAL], c.n_villages, c.n_teachers, o.start_year, o.end_year);
    }
    jh_county_free(&c);
    if (st != JH_OK)
        return fail(st, &err);
    return 0;
}
