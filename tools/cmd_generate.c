/*
 * junheng generate --schools N --villages M --seed K DIR: writes a
 * synthetic county (engine/generate.h) into DIR. Its own option parser:
 * the shared one (jh_cli_parse) is for commands that read scenarios.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "generate/generate.h"

static const char usage[] =
    "usage: junheng generate --schools N --villages M --seed K [options] DIR\n"
    "\n"
    "Writes a synthetic county into DIR (created when missing):\n"
    "schools.shp and villages.shp (with .shx .dbf .prj .cpg; EPSG:4547),\n"
    "teachers.csv, projections.csv and baseline.yaml, a runnable scenario.\n"
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
    jh_county c;
    if ((st = jh_generate_county(&c, &o, &err)) != JH_OK)
        return fail(st, &err);
    st = jh_generate_write(&c, &o, dir, &err);
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
