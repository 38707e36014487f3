/*
 * junheng validate S.yaml: loads a scenario and its county, runs every
 * input check, and prints what was loaded — schools by type and level,
 * villages, students by level, teachers, the coordinate systems, the text
 * encodings, the horizon — then the warnings. Writes nothing. Bad input:
 * the message on stderr prefixed "junheng: ", exit 2.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "input/coverage.h"
#include "input/inputs.h"
#include "travel/roads.h"
#include "sim/plan_check.h"
#include "sim/scenario_io.h"

static const char usage[] =
    "usage: junheng validate S.yaml\n"
    "\n"
    "Loads the scenario S.yaml and the county it names (schools and villages\n"
    "layers, projections, teachers and travel-cost tables), checks them, and\n"
    "prints a summary and the warnings. Writes no files.\n"
    "\n"
    "options:\n"
    "  --help       this text\n"
    "  --version    the version\n"
    "\n"
    "Exit status: 0 the inputs are valid (warnings allowed), 2 bad usage or\n"
    "bad input (the message names the file, the record or line, the field\n"
    "and what was expected), 1 failure while running.\n";

static void print_summary(const jh_scenario *sc, const jh_county *c)
{
    printf("scenario: %s (%s)\n", sc->name ? sc->name : "", sc->path ? sc->path : "");
    printf("horizon: %d-%d\n", sc->start_year, sc->end_year);

    size_t by_type[JH_SCHOOL_NTYPES] = {0};
    size_t by_level[JH_NLEVELS] = {0};
    long students[JH_NLEVELS] = {0};
    long senior = 0;
    double teachers_layer = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        by_type[s->type]++;
        for (int l = 0; l < JH_NLEVELS; l++) {
            if (jh_school_serves(s->type, (jh_level)l))
                by_level[l]++;
            students[l] += jh_school_level_students(s, (jh_level)l);
        }
        senior += s->students_senior;
        teachers_layer += s->res.teachers;
    }
    printf("schools: %zu\n", c->n_schools);
    for (int t = 0; t < JH_SCHOOL_NTYPES; t++)
        if (by_type[t])
            printf("  %-16s %zu\n", jh_school_type_name((jh_school_type)t), by_type[t]);
    printf("schools by level: primary %zu, junior %zu\n", by_level[JH_PRIMARY],
           by_level[JH_JUNIOR]);
    printf("students: primary %ld, junior %ld, total %ld", students[JH_PRIMARY],
           students[JH_JUNIOR], students[JH_PRIMARY] + students[JH_JUNIOR]);
    if (senior)
        printf(" (and %ld senior-high)", senior);
    printf("\n");

    size_t with_ages = 0, with_students = 0;
    long children = 0;
    for (size_t v = 0; v < c->n_villages; v++) {
        with_ages += c->villages[v].has_ages;
        with_students += c->villages[v].has_students;
        for (int a = 0; a < 15; a++)
            children += c->villages[v].age[a];
    }
    printf("villages: %zu (%zu with children by age: %ld children aged 0-14; %zu with students "
           "by level)\n",
           c->n_villages, with_ages, children, with_students);

    if (c->has_roster) {
        size_t lv[JH_NLEVELS] = {0};
        for (size_t i = 0; i < c->n_teachers; i++)
            lv[c->teachers[i].level]++;
        printf("teachers: %zu in teachers.csv (primary %zu, junior %zu); %.0f in the schools "
               "layer\n",
               c->n_teachers, lv[JH_PRIMARY], lv[JH_JUNIOR], teachers_layer);
    } else {
        printf("teachers: %.0f (schools layer; no teachers.csv)\n", teachers_layer);
    }
    if (c->has_projections)
        printf("projections: %zu rows\n", c->n_projections);
    if (c->has_od)
        printf("travel costs: %zu village-school pairs, in %s\n", c->od.n,
               c->od.minutes ? "minutes" : "metres");
    jh_cli_print_roads(c);
    printf("working CRS: %s\n", c->crs);
    printf("source CRS: %s\n", c->source_crs);
    printf("encodings: schools %s, villages %s\n", c->encoding[0], c->encoding[1]);
    jh_coverage_print(stdout, c, sc);
    printf("interventions: %zu\n", sc->n_interventions);
    printf("warnings: %zu\n", c->warnings.count);
    for (size_t i = 0; i < c->warnings.count; i++)
        printf("  warning: %s\n", c->warnings.items[i]);
}

int jh_cmd_validate(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("junheng %s\n", JH_VERSION);
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "junheng: validate: unknown option '%s'\n\n%s", argv[i], usage);
            return 2;
        }
        if (path) {
            fprintf(stderr, "junheng: validate: expected one scenario file, got '%s' and '%s'\n\n%s",
                    path, argv[i], usage);
            return 2;
        }
        path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "junheng: validate: expected a scenario file\n\n%s", usage);
        return 2;
    }
    jh_scenario sc;
    jh_county c;
    jh_error err;
    jh_error_clear(&err);
    jh_status st = jh_scenario_load(&sc, path, &err);
    if (st != JH_OK) {
        fprintf(stderr, "junheng: %s\n", err.message);
        return st == JH_ERR_INPUT ? 2 : 1;
    }
    st = jh_county_load_travel(&c, &sc, &err);
    if (st != JH_OK) {
        fprintf(stderr, "junheng: %s\n", err.message);
        jh_scenario_free(&sc);
        return st == JH_ERR_INPUT ? 2 : 1;
    }
    jh_plan_check(&sc, &c, NULL);
    print_summary(&sc, &c);
    jh_county_free(&c);
    jh_scenario_free(&sc);
    return 0;
}
