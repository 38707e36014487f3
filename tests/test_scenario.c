/*
 * test_scenario: the scenario parser and writer (engine/scenario.c).
 * YAML is held in strings (jh_scenario_parse) or written to a temporary
 * folder (jh_scenario_load / jh_scenario_write). Expected values are the
 * numbers written in the YAML and in STANDARDS.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "sim/scenario_io.h"

/* The example of DESIGN.md, "Scenario files". */
static const char design_example[] =
    "name: close-small-rural-2026\n"
    "data:\n"
    "  schools: sample-county/schools.shp\n"
    "  villages: sample-county/villages.shp\n"
    "  projections: sample-county/projections.csv   # optional\n"
    "  teachers: sample-county/teachers.csv         # optional\n"
    "  travel_costs: sample-county/od.csv           # optional\n"
    "  crs: EPSG:4547                               # optional\n"
    "  fields: {g1: NJ1, name: XXMC}                # optional\n"
    "horizon: {start: 2025, end: 2035}\n"
    "standard: quality                              # or basic\n"
    "rules: {class_size: {primary: 45, junior: 50}, distance_km: {primary: 3, junior: 5}}\n"
    "assignment: nearest_with_capacity              # catchment | nearest | nearest_with_capacity\n"
    "interventions:\n"
    "  - {year: 2026, close: S017, students_to: S003}\n"
    "  - {year: 2026, close: [S021, S022], students_to: nearest}\n"
    "  - {year: 2027, expand: S003, classrooms: 12, building_m2: 3000, cost_wan: 1200}\n"
    "  - {year: 2028, build: {id: N01, type: primary, x: 512340, y: 3401220, classrooms: 24}}\n"
    "teachers:\n"
    "  rotation: {share_of_eligible: 0.10, backbone_share: 0.20, min_years: 6, method: optimise, within: district}\n"
    "  hiring: {per_year: 30, priority: rural_first}\n"
    "optimise:\n"
    "  consolidation: {year: 2025, level: primary, keep: 40, capacity: enforce}\n";

static const char minimal[] =
    "name: minimal\n"
    "data: {schools: s.shp, villages: v.shp}\n"
    "horizon: {start: 2025, end: 2030}\n";

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

/* Parses text that must be refused; checks the status, the zeroed output
 * and that the message holds every given fragment. */
static void expect_error(const char *text, const char *frag1, const char *frag2, const char *frag3)
{
    jh_scenario s;
    jh_error err = {0};
    memset(&s, 0x5a, sizeof s);
    jh_status st = jh_scenario_parse(&s, text, strlen(text), "/plans/sc.yaml", &err);
    if (st != JH_ERR_INPUT)
        fail_msg("accepted (status %d): %s", st, text);
    assert_true(all_zero(&s, sizeof s));
    const char *frags[3] = {frag1, frag2, frag3};
    for (int i = 0; i < 3; i++)
        if (frags[i] && !strstr(err.message, frags[i]))
            fail_msg("message \"%s\" lacks \"%s\"", err.message, frags[i]);
    assert_true(strncmp(err.message, "/plans/sc.yaml: ", 16) == 0);
}

static void parse_ok(jh_scenario *s, const char *text, const char *path)
{
    jh_error err = {0};
    jh_status st = jh_scenario_parse(s, text, strlen(text), path, &err);
    if (st != JH_OK)
        fail_msg("refused: %s", err.message);
}

static void test_design_example(void **state)
{
    (void)state;
    jh_scenario s;
    parse_ok(&s, design_example, "/plans/county/sc.yaml");
    assert_string_equal(s.name, "close-small-rural-2026");
    assert_string_equal(s.path, "/plans/county/sc.yaml");
    assert_string_equal(s.dir, "/plans/county");
    assert_string_equal(s.schools_path, "/plans/county/sample-county/schools.shp");
    assert_string_equal(s.villages_path, "/plans/county/sample-county/villages.shp");
    assert_string_equal(s.projections_path, "/plans/county/sample-county/projections.csv");
    assert_string_equal(s.teachers_path, "/plans/county/sample-county/teachers.csv");
    assert_string_equal(s.travel_costs_path, "/plans/county/sample-county/od.csv");
    assert_string_equal(s.crs, "EPSG:4547");
    assert_int_equal(s.n_fields, 2);
    assert_string_equal(s.fields[0].canonical, "g1");
    assert_string_equal(s.fields[0].layer_field, "NJ1");
    assert_int_equal(s.fields[0].layer, 0);
    assert_int_equal(s.fields[0].line, 9);
    assert_string_equal(s.fields[1].canonical, "name");
    assert_string_equal(s.fields[1].layer_field, "XXMC");
    assert_int_equal(s.start_year, 2025);
    assert_int_equal(s.end_year, 2035);
    assert_int_equal(s.standard, JH_STANDARD_QUALITY);
    assert_int_equal(s.assignment, JH_ASSIGN_NEAREST_WITH_CAPACITY);
    /* the rules given equal the defaults; the whole struct must too */
    jh_rules def;
    jh_rules_default(&def);
    assert_memory_equal(&s.rules, &def, sizeof def);
    assert_false(s.rules.distance_minutes);

    assert_int_equal(s.n_interventions, 4);
    jh_intervention *iv = s.interventions;
    assert_int_equal(iv[0].year, 2026);
    assert_int_equal(iv[0].kind, JH_IV_CLOSE);
    assert_int_equal(iv[0].n_ids, 1);
    assert_string_equal(iv[0].ids[0], "S017");
    assert_string_equal(iv[0].target, "S003");
    assert_int_equal(iv[0].line, 15);
    assert_int_equal(iv[1].kind, JH_IV_CLOSE);
    assert_int_equal(iv[1].n_ids, 2);
    assert_string_equal(iv[1].ids[0], "S021");
    assert_string_equal(iv[1].ids[1], "S022");
    assert_string_equal(iv[1].target, "nearest");
    assert_int_equal(iv[1].line, 16);
    assert_int_equal(iv[2].year, 2027);
    assert_int_equal(iv[2].kind, JH_IV_EXPAND);
    assert_int_equal(iv[2].n_ids, 1);
    assert_string_equal(iv[2].ids[0], "S003");
    assert_int_equal(iv[2].classrooms, 12);
    assert_int_equal(iv[2].capacity, 0);
    assert_true(iv[2].add.building_m2 == 3000);
    assert_true(iv[2].add.sports_m2 == 0);
    assert_true(iv[2].cost_wan == 1200);
    assert_null(iv[2].target);
    assert_int_equal(iv[3].year, 2028);
    assert_int_equal(iv[3].kind, JH_IV_BUILD);
    assert_int_equal(iv[3].n_ids, 0);
    assert_string_equal(iv[3].build.id, "N01");
    assert_string_equal(iv[3].build.name, "N01");
    assert_null(iv[3].build.district);
    assert_int_equal(iv[3].build.type, JH_SCHOOL_PRIMARY);
    assert_int_equal(iv[3].build.area, JH_RURAL);
    assert_true(iv[3].build.x == 512340);
    assert_true(iv[3].build.y == 3401220);
    assert_int_equal(iv[3].build.classrooms, 24);
    assert_int_equal(iv[3].classrooms, 24);
    assert_int_equal(iv[3].capacity, 0);
    assert_false(iv[3].build.capacity_given);
    assert_int_equal(iv[3].build.status, JH_STATUS_CANDIDATE);
    assert_int_equal(iv[3].build.record, -1);
    assert_false(iv[3].candidate);
    assert_true(iv[3].cost_wan == 0);

    assert_true(s.teachers.rotation);
    assert_true(s.teachers.share_of_eligible == 0.10);
    assert_true(s.teachers.backbone_share == 0.20);
    assert_int_equal(s.teachers.min_years, 6);
    assert_int_equal(s.teachers.method, JH_ROTATE_OPTIMISE);
    assert_true(s.teachers.within_district);
    assert_int_equal(s.teachers.hiring_per_year, 30);
    assert_int_equal(s.teachers.hiring_priority, JH_HIRE_RURAL_FIRST);

    jh_consolidation_request *q = &s.consolidation;
    assert_true(q->requested);
    assert_int_equal(q->year, 2025);
    assert_int_equal(q->level, JH_PRIMARY);
    assert_int_equal(q->keep, 40);
    assert_int_equal(q->close_at_most, -1);
    assert_true(q->max_distance_km == 0);
    assert_int_equal(q->n_fixed, 0);
    assert_true(q->capacity_enforce);
    assert_int_equal(q->objective, JH_OBJ_DISTANCE);
    assert_true(q->balance_weight == 1.0);
    assert_int_equal(q->seed, 1);
    assert_true(q->time_limit_s == 0);
    assert_int_equal(q->line, 23);
    jh_scenario_free(&s);
    assert_true(all_zero(&s, sizeof s));
}

static void test_defaults(void **state)
{
    (void)state;
    jh_scenario s;
    parse_ok(&s, minimal, "sc.yaml");
    assert_string_equal(s.dir, ".");
    assert_string_equal(s.schools_path, "s.shp");
    assert_null(s.projections_path);
    assert_null(s.teachers_path);
    assert_null(s.travel_costs_path);
    assert_null(s.crs);
    assert_int_equal(s.n_fields, 0);
    assert_int_equal(s.n_interventions, 0);
    assert_int_equal(s.standard, JH_STANDARD_QUALITY);
    assert_int_equal(s.assignment, JH_ASSIGN_NEAREST_WITH_CAPACITY);
    const jh_rules *r = &s.rules;
    assert_int_equal(r->class_size[JH_PRIMARY], 45);
    assert_int_equal(r->class_size[JH_JUNIOR], 50);
    assert_int_equal(r->large_class_min, 56);
    assert_int_equal(r->super_large_class_min, 66);
    assert_true(r->distance_km[JH_PRIMARY] == 3 && r->distance_km[JH_JUNIOR] == 5);
    assert_int_equal(r->school_size_max[JH_PRIMARY], 2000);
    assert_int_equal(r->school_size_max[JH_JUNIOR], 2000);
    assert_int_equal(r->school_size_max_combined, 2500);
    assert_true(r->staffing_norm[JH_PRIMARY] == 19 && r->staffing_norm[JH_JUNIOR] == 13.5);
    assert_true(r->boarding_extra_posts_per100_beds == 0);
    assert_int_equal(r->teaching_point_min_students, 50);
    const double qp[7] = {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3};
    const double qj[7] = {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4};
    for (int k = 0; k < 7; k++) {
        assert_true(r->quality_min[JH_PRIMARY][k] == qp[k]);
        assert_true(r->quality_min[JH_JUNIOR][k] == qj[k]);
    }
    assert_int_equal(r->compliance_min_reached, 6);
    assert_true(r->compliance_floor == 0.85);
    assert_true(r->cv_limit_quality[0] == 0.50 && r->cv_limit_quality[1] == 0.45);
    assert_true(r->cv_limit_basic[0] == 0.65 && r->cv_limit_basic[1] == 0.55);
    assert_true(r->weight_junior_nine_year == 1.1 && r->weight_senior_complete == 1.2);
    assert_true(r->weight_junior_twelve == 1.1 && r->weight_senior_twelve == 1.32);
    assert_int_equal(r->music_art_rooms_per_classes, 12);
    assert_true(r->promotion_rate == 1.0 && r->transition_rate == 1.0 && r->intake_rate == 1.0);
    for (int a = 0; a < JH_NAREAS; a++) {
        assert_true(r->birth_rate_per1000[a] == 6.4);
        assert_true(r->migration_rate[a] == 0);
    }
    assert_int_equal(r->retirement_age, 60);
    assert_false(r->distance_minutes);
    assert_false(s.teachers.rotation);
    assert_true(s.teachers.share_of_eligible == 0.10 && s.teachers.backbone_share == 0.20);
    assert_int_equal(s.teachers.min_years, 6);
    assert_int_equal(s.teachers.method, JH_ROTATE_RULE);
    assert_false(s.teachers.within_district);
    assert_int_equal(s.teachers.hiring_per_year, 0);
    assert_int_equal(s.teachers.hiring_priority, JH_HIRE_RURAL_FIRST);
    assert_false(s.consolidation.requested);
    assert_true(s.consolidation.capacity_enforce);
    assert_int_equal(s.consolidation.close_at_most, -1);
    assert_int_equal(s.consolidation.seed, 1);
    assert_int_equal(s.consolidation.objective, JH_OBJ_DISTANCE);
    assert_true(s.consolidation.balance_weight == 1.0);
    jh_scenario_free(&s);

    /* an empty rotation block switches rotation on with the defaults */
    static const char rot[] = "name: r\ndata: {schools: s.shp, villages: v.shp}\n"
                              "horizon: {start: 2025, end: 2025}\nteachers:\n  rotation: {}\n";
    parse_ok(&s, rot, "sc.yaml");
    assert_true(s.teachers.rotation);
    assert_true(s.teachers.share_of_eligible == 0.10);
    jh_scenario_free(&s);
    jh_scenario_free(&s); /* twice: the freed struct is zeroed */
}

static void test_misspelt_key_line(void **state)
{
    (void)state;
    static const char text[] =
        "name: typo\n"                                  /* 1 */
        "data:\n"                                       /* 2 */
        "  schools: s.shp\n"                            /* 3 */
        "  villages: v.shp\n"                           /* 4 */
        "horizon:\n"                                    /* 5 */
        "  start: 2025\n"                               /* 6 */
        "  end: 2030\n"                                 /* 7 */
        "standard: basic\n"                             /* 8 */
        "assigment: nearest\n";                         /* 9 */
    expect_error(text, "line 9", "unknown key 'assigment'", "expected one of: name, data, horizon");
    /* rates the intake turns into whole students are bounded at load, so a
     * typo cannot overflow the intake later (intake 10, births 1000 per 1000) */
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
                 "rules: {intake_rate: 3e9}\n",
                 "line 4", "rules.intake_rate", "between 0 and 10, got '3e9'");
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
                 "rules: {birth_rate_per1000: {rural: 5000}}\n",
                 "line 4", "rules.birth_rate_per1000.rural", "between 0 and 1000, got '5000'");
    /* inside data, a nested map */
    static const char text2[] =
        "name: typo\n"
        "data:\n"
        "  schools: s.shp\n"
        "  vilages: v.shp\n"
        "horizon: {start: 2025, end: 2030}\n";
    expect_error(text2, "line 4", "unknown key 'vilages' in data", "schools, villages, projections");
    /* a misspelt action in an intervention */
    static const char text3[] =
        "name: typo\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
        "interventions:\n  - {year: 2026, close: S1}\n  - {year: 2026, clsoe: S2}\n";
    expect_error(text3, "line 6", "unknown key 'clsoe'", "close, merge");
    static const char text3b[] =
        "name: typo\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
        "interventions:\n  - year: 2026\n    students_to: S9\n    clsoe: S2\n";
    expect_error(text3b, "line 7", "unknown key 'clsoe'", "close, merge");
    /* a key of another action */
    static const char text4[] =
        "name: typo\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
        "interventions:\n  - {year: 2026, close: S1, beds: 40}\n";
    expect_error(text4, "line 5", "unknown key 'beds' in interventions (close)", "year, close, students_to");
}

static void test_unknown_rules_key(void **state)
{
    (void)state;
    static const char text[] =
        "name: r\n"
        "data: {schools: s.shp, villages: v.shp}\n"
        "horizon: {start: 2025, end: 2030}\n"
        "rules:\n"
        "  class_size: {primary: 40}\n"
        "  distance_kms: {primary: 2}\n";
    expect_error(text, "line 6", "unknown key 'distance_kms' in rules", "distance_km,");
    static const char text2[] =
        "name: r\n"
        "data: {schools: s.shp, villages: v.shp}\n"
        "horizon: {start: 2025, end: 2030}\n"
        "rules:\n"
        "  quality_standard:\n"
        "    junior: {above_degree_per100: 5, books_per_student: 3}\n";
    expect_error(text2, "line 6", "'books_per_student' in rules.quality_standard.junior",
                 "above_degree_per100, backbone_per100");
    static const char text3[] =
        "name: r\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
        "rules: {birth_rate_per1000: {urban: 9, county: 8}}\n";
    expect_error(text3, "line 4", "'county' in rules.birth_rate_per1000", "urban, town, rural");
}

static void test_bad_values(void **state)
{
    (void)state;
    static const char head[] = "name: b\ndata: {schools: s.shp, villages: v.shp}\n"
                               "horizon: {start: 2025, end: 2030}\n";
    char text[1024];
    snprintf(text, sizeof text, "%srules:\n  staffing_norm: {primary: abc}\n", head);
    expect_error(text, "line 5", "key rules.staffing_norm.primary: expected a number > 0, got 'abc'", NULL);
    snprintf(text, sizeof text, "%srules:\n  class_size: {primary: 45.5}\n", head);
    expect_error(text, "line 5", "key rules.class_size.primary: expected a whole number >= 1, got '45.5'", NULL);
    snprintf(text, sizeof text, "%srules: {boarding_extra_posts_per100_beds: -1}\n", head);
    expect_error(text, "line 4", "expected a number >= 0, got '-1'", NULL);
    snprintf(text, sizeof text, "%srules: {unit_costs: {bed_wan: -1}}\n", head);
    expect_error(text, "key rules.unit_costs.bed_wan", "expected a number >= 0", "'-1'");
    snprintf(text, sizeof text, "%srules: {unit_costs: {public_funds_yuan: {senior: 1}}}\n", head);
    expect_error(text, "line 4", "senior", NULL);
    snprintf(text, sizeof text, "%srules: {unit_costs: {bed_cost: 2}}\n", head);
    expect_error(text, "line 4", "bed_cost", NULL);
    snprintf(text, sizeof text, "%srules: {compliance: {floor: 1.5}}\n", head);
    expect_error(text, "key rules.compliance.floor", "expected a number between 0 and 1, got '1.5'", NULL);
    snprintf(text, sizeof text, "%sinterventions:\n  - {year: 2026, expand: S1, classrooms: many}\n", head);
    expect_error(text, "line 5", "key classrooms: expected a whole number >= 0, got 'many'", NULL);
    snprintf(text, sizeof text, "%sstandard: qualty\n", head);
    expect_error(text, "line 4", "key standard: expected one of: quality, basic, got 'qualty'", NULL);
    snprintf(text, sizeof text, "%steachers: {rotation: {method: random}}\n", head);
    expect_error(text, "teachers.rotation.method", "rule, optimise, proportional", "'random'");
    snprintf(text, sizeof text, "%sinterventions:\n  - {year: 2026, convert: S1, to: castle}\n", head);
    expect_error(text, "line 5", "key to: expected a school type", "'castle'");
    snprintf(text, sizeof text, "%sinterventions:\n  - {year: 2026, close: S1, students_to: }\n", head);
    expect_error(text, "key students_to: expected a text, got nothing", NULL, NULL);
    snprintf(text, sizeof text, "%soptimise:\n  consolidation: {year: 2025, keep: 4, close_at_most: 2}\n", head);
    expect_error(text, "line 5", "only one of keep, close_at_most, max_distance_km", NULL);
    /* horizon */
    expect_error("name: h\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2030, end: 2025}\n",
                 "line 3", "key horizon.end", "got '2025'");
    expect_error("name: h\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2080}\n",
                 "line 3", "at most 50 years", NULL);
    /* not YAML */
    expect_error("name: [unclosed\ndata: x\n", "not valid YAML", NULL, NULL);
    expect_error("", "empty scenario", NULL, NULL);
    expect_error("- a\n- b\n", "line 1", "expected a map", NULL);
}

static void test_required_and_duplicates(void **state)
{
    (void)state;
    expect_error("data: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n",
                 "line 1", "missing key 'name'", NULL);
    expect_error("name: x\nhorizon: {start: 2025, end: 2030}\n", "missing key 'data'", NULL, NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\n", "missing key 'horizon'", NULL, NULL);
    expect_error("name: x\ndata:\n  villages: v.shp\nhorizon: {start: 2025, end: 2030}\n",
                 "line 3", "missing key 'schools' in data", NULL);
    expect_error("name: x\ndata: {schools: s.shp}\nhorizon: {start: 2025, end: 2030}\n",
                 "line 2", "missing key 'villages' in data", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025}\n",
                 "missing key 'end' in horizon", NULL, NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
                 "name: y\n",
                 "line 4", "duplicate key 'name'", "first given on line 1");
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2030}\n"
                 "rules: {class_size: {primary: 40, primary: 41}}\n",
                 "line 4", "duplicate key 'primary' in rules.class_size", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp, fields: {g1: A, g1: B}}\n"
                 "horizon: {start: 2025, end: 2030}\n",
                 "line 2", "duplicate key 'g1' in data.fields", NULL);
}

static void test_interventions(void **state)
{
    (void)state;
    static const char head[] = "name: iv\ndata: {schools: s.shp, villages: v.shp}\n"
                               "horizon: {start: 2025, end: 2030}\ninterventions:\n";
    char text[2048];
    /* year outside the horizon, both sides */
    snprintf(text, sizeof text, "%s  - {year: 2031, close: S1}\n", head);
    expect_error(text, "line 5", "key year: expected a year within the horizon 2025-2030", "got '2031'");
    snprintf(text, sizeof text, "%s  - {year: 2024, close: S1}\n", head);
    expect_error(text, "line 5", "within the horizon", "got '2024'");
    snprintf(text, sizeof text, "%s  - {close: S1}\n", head);
    expect_error(text, "line 5", "missing key 'year'", NULL);
    snprintf(text, sizeof text, "%s  - {year: 2026}\n", head);
    expect_error(text, "line 5", "without an action", NULL);
    snprintf(text, sizeof text, "%s  - year: 2026\n    close: S1\n    expand: S2\n", head);
    expect_error(text, "line 7", "two actions", "'close' on line 6");
    snprintf(text, sizeof text, "%s  - {year: 2026, merge: S1}\n", head);
    expect_error(text, "key merge: expected a list of at least two", NULL, NULL);
    snprintf(text, sizeof text, "%s  - {year: 2026, build: {name: x}}\n", head);
    expect_error(text, "missing key 'id' in build", NULL, NULL);

    /* every kind, numeric ids kept as written */
    snprintf(text, sizeof text,
             "%s"
             "  - {year: 2025, keep_teaching_point: [T1, 0017]}\n"
             "  - {year: 2026, close: 17}\n"
             "  - {year: 2026, merge: [A, B, C]}\n"
             "  - {year: 2026, merge: [A, B], into: B}\n"
             "  - {year: 2027, convert: S5, to: nine_year}\n"
             "  - {year: 2027, add_beds: S5, beds: 120, cost_wan: 80.5}\n"
             "  - {year: 2028, build: {id: 42, name: 新城小学, type: nine_year, area: town, district: east,\n"
             "      x: -1.5, y: 2.25, classrooms: 30, capacity: 1350, building_m2: 9000, teachers: 60,\n"
             "      t_backbone: 4},\n"
             "     cost_wan: 5000, candidate: true}\n"
             "  - {year: 2029, expand: [S1, S2], capacity: 90, sports_m2: 500, music_rooms: 1,\n"
             "     t_pe_art: 2, books: 1000}\n"
             "  - {year: 2030, catchment: S9, level: junior, villages: [V1, V2, 3]}\n",
             head);
    jh_scenario s;
    parse_ok(&s, text, "sc.yaml");
    assert_int_equal(s.n_interventions, 9);
    jh_intervention *iv = s.interventions;
    assert_int_equal(iv[0].kind, JH_IV_KEEP);
    assert_int_equal(iv[0].year, 2025);
    assert_int_equal(iv[0].n_ids, 2);
    assert_string_equal(iv[0].ids[1], "0017");
    assert_int_equal(iv[1].kind, JH_IV_CLOSE);
    assert_string_equal(iv[1].ids[0], "17");
    assert_string_equal(iv[1].target, "nearest");
    assert_int_equal(iv[2].kind, JH_IV_MERGE);
    assert_int_equal(iv[2].n_ids, 3);
    assert_string_equal(iv[2].target, "A");
    assert_string_equal(iv[3].target, "B");
    assert_int_equal(iv[4].kind, JH_IV_CONVERT);
    assert_int_equal(iv[4].convert_to, JH_SCHOOL_NINE_YEAR);
    assert_int_equal(iv[5].kind, JH_IV_ADD_BEDS);
    assert_true(iv[5].add.boarding_beds == 120);
    assert_true(iv[5].cost_wan == 80.5);
    assert_int_equal(iv[6].kind, JH_IV_BUILD);
    assert_int_equal(iv[6].line, 11);
    assert_string_equal(iv[6].build.id, "42");
    assert_string_equal(iv[6].build.name, "新城小学");
    assert_string_equal(iv[6].build.district, "east");
    assert_int_equal(iv[6].build.type, JH_SCHOOL_NINE_YEAR);
    assert_int_equal(iv[6].build.area, JH_TOWN);
    assert_true(iv[6].build.x == -1.5 && iv[6].build.y == 2.25);
    assert_int_equal(iv[6].build.classrooms, 30);
    assert_int_equal(iv[6].build.capacity, 1350);
    assert_true(iv[6].build.capacity_given);
    assert_true(iv[6].build.res.building_m2 == 9000);
    assert_true(iv[6].build.res.teachers == 60);
    assert_true(iv[6].build.res.t_backbone == 4);
    assert_int_equal(iv[6].classrooms, 30);
    assert_int_equal(iv[6].capacity, 1350);
    assert_true(iv[6].cost_wan == 5000);
    assert_true(iv[6].candidate);
    assert_int_equal(iv[7].kind, JH_IV_EXPAND);
    assert_int_equal(iv[7].n_ids, 2);
    assert_int_equal(iv[7].capacity, 90);
    assert_true(iv[7].add.sports_m2 == 500 && iv[7].add.music_rooms == 1);
    assert_true(iv[7].add.t_pe_art == 2 && iv[7].add.books == 1000);
    assert_int_equal(iv[8].kind, JH_IV_CATCHMENT);
    assert_string_equal(iv[8].target, "S9");
    assert_int_equal(iv[8].level, JH_JUNIOR);
    assert_int_equal(iv[8].n_ids, 3);
    assert_string_equal(iv[8].ids[2], "3");
    jh_scenario_free(&s);

    assert_string_equal(jh_intervention_kind_name(JH_IV_CLOSE), "close");
    assert_string_equal(jh_intervention_kind_name(JH_IV_MERGE), "merge");
    assert_string_equal(jh_intervention_kind_name(JH_IV_CONVERT), "convert");
    assert_string_equal(jh_intervention_kind_name(JH_IV_EXPAND), "expand");
    assert_string_equal(jh_intervention_kind_name(JH_IV_BUILD), "build");
    assert_string_equal(jh_intervention_kind_name(JH_IV_KEEP), "keep_teaching_point");
    assert_string_equal(jh_intervention_kind_name(JH_IV_ADD_BEDS), "add_beds");
    assert_string_equal(jh_intervention_kind_name(JH_IV_CATCHMENT), "catchment");
}

static void test_field_maps(void **state)
{
    (void)state;
    jh_scenario s;
    static const char flat[] =
        "name: f\n"
        "data:\n"
        "  schools: s.shp\n"
        "  villages: v.shp\n"
        "  fields:\n"
        "    id: XXDM\n"
        "    g1: NJ1\n"
        "horizon: {start: 2025, end: 2030}\n";
    parse_ok(&s, flat, "sc.yaml");
    assert_int_equal(s.n_fields, 2);
    assert_string_equal(s.fields[0].canonical, "id");
    assert_string_equal(s.fields[0].layer_field, "XXDM");
    assert_int_equal(s.fields[0].layer, 0);
    assert_int_equal(s.fields[0].line, 6);
    assert_string_equal(s.fields[1].canonical, "g1");
    assert_int_equal(s.fields[1].layer, 0);
    assert_int_equal(s.fields[1].line, 7);
    jh_scenario_free(&s);

    static const char split[] =
        "name: f\n"
        "data:\n"
        "  schools: s.shp\n"
        "  villages: v.shp\n"
        "  fields:\n"
        "    schools: {id: XXDM, name: XXMC}\n"
        "    villages:\n"
        "      id: CDM\n"
        "horizon: {start: 2025, end: 2030}\n";
    parse_ok(&s, split, "sc.yaml");
    assert_int_equal(s.n_fields, 3);
    assert_string_equal(s.fields[0].canonical, "id");
    assert_string_equal(s.fields[0].layer_field, "XXDM");
    assert_int_equal(s.fields[0].layer, 1);
    assert_int_equal(s.fields[0].line, 6);
    assert_string_equal(s.fields[1].canonical, "name");
    assert_string_equal(s.fields[1].layer_field, "XXMC");
    assert_int_equal(s.fields[1].layer, 1);
    assert_string_equal(s.fields[2].canonical, "id");
    assert_string_equal(s.fields[2].layer_field, "CDM");
    assert_int_equal(s.fields[2].layer, 2);
    assert_int_equal(s.fields[2].line, 8);
    jh_scenario_free(&s);

    /* a layer map mixed with a flat entry: not a layer name */
    expect_error("name: f\ndata:\n  schools: s.shp\n  villages: v.shp\n  fields:\n"
                 "    schools: {id: A}\n    g1: NJ1\nhorizon: {start: 2025, end: 2030}\n",
                 "line 7", "unknown key 'g1' in data.fields", "schools, villages");
    expect_error("name: f\ndata:\n  schools: s.shp\n  villages: v.shp\n  fields: {g1: [A]}\n"
                 "horizon: {start: 2025, end: 2030}\n",
                 "line 5", "key data.fields.g1: expected the layer's field name", NULL);
}

static void test_relative_paths(void **state)
{
    (void)state;
    static const char text[] =
        "name: p\n"
        "data:\n"
        "  schools: ../data/./schools.shp\n"
        "  villages: /srv/gis//villages.shp\n"
        "  travel_costs: od.csv\n"
        "horizon: {start: 2025, end: 2030}\n";
    jh_scenario s;
    parse_ok(&s, text, "/work/plans/sub/sc.yaml");
    assert_string_equal(s.dir, "/work/plans/sub");
    assert_string_equal(s.schools_path, "/work/plans/data/schools.shp");
    assert_string_equal(s.villages_path, "/srv/gis/villages.shp");
    assert_string_equal(s.travel_costs_path, "/work/plans/sub/od.csv");
    jh_scenario_free(&s);
    parse_ok(&s, text, "plans/sub/sc.yaml");
    assert_string_equal(s.dir, "plans/sub");
    assert_string_equal(s.schools_path, "plans/data/schools.shp");
    assert_string_equal(s.villages_path, "/srv/gis/villages.shp");
    assert_string_equal(s.travel_costs_path, "plans/sub/od.csv");
    jh_scenario_free(&s);
    parse_ok(&s, text, "sc.yaml");
    assert_string_equal(s.dir, ".");
    assert_string_equal(s.schools_path, "../data/schools.shp");
    assert_string_equal(s.travel_costs_path, "od.csv");
    jh_scenario_free(&s);
    /* travel cost units */
    static const char minutes[] = "name: p\ndata: {schools: s.shp, villages: v.shp, travel_costs: od.csv,"
                                  " travel_cost_units: minutes}\nhorizon: {start: 2025, end: 2030}\n";
    parse_ok(&s, minutes, "sc.yaml");
    assert_true(s.rules.distance_minutes);
    jh_scenario_free(&s);
}

/* A temporary folder for the file tests, removed at the end. */
static char tmpdir[256];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void test_load_file(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/design.yaml", tmpdir);
    write_file(path, design_example);
    jh_scenario s;
    jh_error err = {0};
    assert_int_equal(jh_scenario_load(&s, path, &err), JH_OK);
    char expect[600];
    snprintf(expect, sizeof expect, "%s/sample-county/schools.shp", tmpdir);
    assert_string_equal(s.schools_path, expect);
    assert_string_equal(s.dir, tmpdir);
    assert_int_equal(s.n_interventions, 4);
    jh_scenario_free(&s);
    snprintf(path, sizeof path, "%s/absent.yaml", tmpdir);
    memset(&s, 1, sizeof s);
    assert_int_equal(jh_scenario_load(&s, path, &err), JH_ERR_INPUT);
    assert_true(all_zero(&s, sizeof s));
    assert_non_null(strstr(err.message, "absent.yaml"));
}


/* Every field that the file carries (not path, dir or line numbers). */
static void assert_scenarios_equal(const jh_scenario *a, const jh_scenario *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->schools_path, b->schools_path);
    assert_string_equal(a->villages_path, b->villages_path);
#define OPT_STR(f)                                     \
    do {                                               \
        if (a->f || b->f) {                            \
            assert_non_null(a->f);                     \
            assert_non_null(b->f);                     \
            assert_string_equal(a->f, b->f);           \
        }                                              \
    } while (0)
    OPT_STR(projections_path);
    OPT_STR(teachers_path);
    OPT_STR(travel_costs_path);
    OPT_STR(crs);
    assert_int_equal(a->n_fields, b->n_fields);
    for (size_t i = 0; i < a->n_fields; i++) {
        assert_string_equal(a->fields[i].canonical, b->fields[i].canonical);
        assert_string_equal(a->fields[i].layer_field, b->fields[i].layer_field);
        assert_int_equal(a->fields[i].layer, b->fields[i].layer);
    }
    assert_int_equal(a->start_year, b->start_year);
    assert_int_equal(a->end_year, b->end_year);
    assert_int_equal(a->standard, b->standard);
    assert_int_equal(a->assignment, b->assignment);
    assert_memory_equal(&a->rules, &b->rules, sizeof a->rules);
    assert_int_equal(a->n_interventions, b->n_interventions);
    for (size_t k = 0; k < a->n_interventions; k++) {
        const jh_intervention *x = &a->interventions[k], *y = &b->interventions[k];
        assert_int_equal(x->year, y->year);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->n_ids, y->n_ids);
        for (size_t i = 0; i < x->n_ids; i++)
            assert_string_equal(x->ids[i], y->ids[i]);
        assert_int_equal(x->level, y->level);
        if (x->target || y->target)
            assert_string_equal(x->target, y->target);
        assert_int_equal(x->convert_to, y->convert_to);
        assert_int_equal(x->classrooms, y->classrooms);
        assert_int_equal(x->capacity, y->capacity);
        assert_memory_equal(&x->add, &y->add, sizeof x->add);
        assert_true(x->cost_wan == y->cost_wan);
        assert_int_equal(x->candidate, y->candidate);
        const jh_school *s = &x->build, *t = &y->build;
        if (s->id || t->id) {
            assert_string_equal(s->id, t->id);
            assert_string_equal(s->name, t->name);
        }
        if (s->district || t->district)
            assert_string_equal(s->district, t->district);
        assert_int_equal(s->type, t->type);
        assert_int_equal(s->area, t->area);
        assert_true(s->x == t->x && s->y == t->y);
        assert_int_equal(s->classrooms, t->classrooms);
        assert_int_equal(s->capacity, t->capacity);
        assert_int_equal(s->capacity_given, t->capacity_given);
        assert_memory_equal(&s->res, &t->res, sizeof s->res);
        assert_int_equal(s->status, t->status);
        assert_int_equal(s->record, t->record);
    }
    assert_memory_equal(&a->teachers, &b->teachers, sizeof a->teachers);
    const jh_consolidation_request *p = &a->consolidation, *q = &b->consolidation;
    assert_int_equal(p->requested, q->requested);
    if (!p->requested)
        return; /* a switched-off request is not written */
    assert_int_equal(p->year, q->year);
    assert_int_equal(p->level, q->level);
    assert_int_equal(p->keep, q->keep);
    assert_int_equal(p->close_at_most, q->close_at_most);
    assert_true(p->max_distance_km == q->max_distance_km);
    assert_int_equal(p->n_fixed, q->n_fixed);
    for (size_t i = 0; i < p->n_fixed; i++)
        assert_string_equal(p->fixed[i], q->fixed[i]);
    assert_int_equal(p->capacity_enforce, q->capacity_enforce);
    assert_int_equal(p->objective, q->objective);
    assert_true(p->balance_weight == q->balance_weight);
    assert_int_equal(p->seed, q->seed);
    assert_true(p->time_limit_s == q->time_limit_s);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* load -> write elsewhere -> load: the same scenario; returns the text. */
static char *round_trip(const char *text, const char *name)
{
    char dir[512], plans[600], out[600], in_path[700], out_path[700];
    snprintf(dir, sizeof dir, "%s/%s", tmpdir, name);
    snprintf(plans, sizeof plans, "%s/plans", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(mkdir(dir, 0777), 0);
    assert_int_equal(mkdir(plans, 0777), 0);
    assert_int_equal(mkdir(out, 0777), 0);
    snprintf(in_path, sizeof in_path, "%s/a.yaml", plans);
    snprintf(out_path, sizeof out_path, "%s/plan.yaml", out);
    write_file(in_path, text);
    jh_scenario a, b;
    jh_error err = {0};
    if (jh_scenario_load(&a, in_path, &err) != JH_OK)
        fail_msg("%s", err.message);
    if (jh_scenario_write(&a, out_path, out, &err) != JH_OK)
        fail_msg("%s", err.message);
    if (jh_scenario_load(&b, out_path, &err) != JH_OK)
        fail_msg("written file refused: %s\n%s", err.message, read_text(out_path));
    assert_scenarios_equal(&a, &b);
    /* and once more: writing what was read back gives the same text */
    char again[800];
    snprintf(again, sizeof again, "%s/again.yaml", out);
    assert_int_equal(jh_scenario_write(&b, again, out, &err), JH_OK);
    char *first = strdup(read_text(out_path));
    assert_string_equal(first, read_text(again));
    free(first);
    jh_scenario_free(&a);
    jh_scenario_free(&b);
    return read_text(out_path);
}

/* The data maps of a county's own data (docs/DATA.md) survive plan.yaml. */
static void test_round_trip_data_maps(void **state)
{
    (void)state;
    static const char text[] =
        "name: own\n"
        "data:\n"
        "  schools: ../data/county.gpkg:学校点\n"
        "  villages: ../data/村.xlsx\n"
        "  teachers: ../data/教师.csv\n"
        "  geometry: {x: 经度, y: 纬度}\n"
        "  values: {type: {\"211\": primary, 一贯制学校: nine_year}, area: {城关: urban}}\n"
        "  where: {办学类型: [\"211\", 一贯制学校]}\n"
        "  school_tables:\n"
        "    - {path: ../data/基础基111.xlsx, sheet: Sheet1, key: 学校标识码, fields: {name: 学校名称, g1: 一年级}}\n"
        "  village_tables:\n"
        "    - {path: ../data/人口.csv, key: 统计用区划代码, fields: {population: 常住人口}}\n"
        "  fields: {schools: {id: 学校代码}, teachers: {teacher_id: 教师编号}, od: {cost: 分钟}}\n"
        "horizon: {start: 2025, end: 2030}\n";
    const char *out = round_trip(text, "datamaps");
    const char *want[] = {"county.gpkg:学校点", "x: 经度", "211: primary", "一贯制学校: nine_year",
                          "城关: urban", "办学类型: [211, 一贯制学校]", "key: 学校标识码",
                          "sheet: Sheet1", "g1: 一年级", "village_tables", "population: 常住人口",
                          "teacher_id: 教师编号", "cost: 分钟", "id: 学校代码"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (!strstr(out, want[k]))
            fail_msg("plan.yaml lacks '%s':\n%s", want[k], out);
    /* and wrong ones are refused with their line */
    jh_scenario sc;
    jh_error err = {0};
    static const char bad[] = "name: x\ndata:\n  schools: s.shp\n  villages: v.shp\n"
                              "  values: {type: {\"211\": 小学校}}\nhorizon: {start: 2025, end: 2026}\n";
    assert_int_equal(jh_scenario_parse(&sc, bad, strlen(bad), "b.yaml", &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "b.yaml: line 5"));
    assert_non_null(strstr(err.message, "data.values.type: expected a school type"));
}

/* The road-network keys (README "Road network") survive plan.yaml, and
 * bad ones are refused with their line. */
static void test_round_trip_roads(void **state)
{
    (void)state;
    static const char text[] =
        "name: roads\n"
        "data:\n"
        "  schools: ../data/s.shp\n"
        "  villages: ../data/v.shp\n"
        "  roads: ../data/roads.gpkg:道路\n"
        "  road_snap_m: 2.5\n"
        "  road_junctions: ends\n"
        "horizon: {start: 2025, end: 2030}\n"
        "rules: {distance_km: {primary: 40, junior: 60}, road_speeds: {县道: 35, 乡道: 25, default: 20}}\n"
        "travel: {units: minutes, primary: bike, junior: bus, walk_kmh: 4, bike_kmh: 10,\n"
        "         search_factor: 2, connector_warn_m: 300}\n";
    const char *out = round_trip(text, "roads");
    const char *want[] = {"roads: ../data/roads.gpkg:道路", "road_snap_m: 2.5",
                          "road_junctions: ends", "县道: 35", "乡道: 25", "default: 20",
                          "units: minutes", "primary: bike", "junior: bus", "walk_kmh: 4",
                          "bike_kmh: 10", "search_factor: 2", "connector_warn_m: 300"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        if (!strstr(out, want[k]))
            fail_msg("plan.yaml lacks '%s':\n%s", want[k], out);
    jh_scenario sc;
    parse_ok(&sc, text, "/plans/r.yaml");
    assert_non_null(strstr(sc.travel.roads_path, "/data/roads.gpkg:道路"));
    assert_true(sc.travel.snap_m == 2.5);
    assert_true(sc.travel.junctions_at_ends);
    assert_true(sc.rules.distance_minutes);
    assert_int_equal(sc.travel.mode[JH_PRIMARY], JH_TRAVEL_BIKE);
    assert_int_equal(sc.travel.mode[JH_JUNIOR], JH_TRAVEL_BUS);
    assert_int_equal(sc.travel.n_speeds, 3);
    assert_string_equal(sc.travel.speeds[1].road_class, "乡道");
    assert_true(sc.travel.speeds[1].kmh == 25);
    jh_scenario_free(&sc);
    /* the defaults */
    parse_ok(&sc, minimal, "/plans/m.yaml");
    assert_null(sc.travel.roads_path);
    assert_true(sc.travel.snap_m == 1.0 && sc.travel.search_factor == 3.0);
    assert_int_equal(sc.travel.mode[JH_PRIMARY], JH_TRAVEL_WALK);
    assert_int_equal(sc.travel.mode[JH_JUNIOR], JH_TRAVEL_BUS);
    assert_int_equal(sc.travel.n_speeds, 8);
    jh_scenario_free(&sc);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp, road_snap_m: -1}\n"
                 "horizon: {start: 2025, end: 2026}\n",
                 "line 2", "data.road_snap_m", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\n"
                 "horizon: {start: 2025, end: 2026}\nrules: {road_speeds: {county: -40}}\n",
                 "line 4", "rules.road_speeds.county", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\n"
                 "horizon: {start: 2025, end: 2026}\ntravel: {junior: car}\n",
                 "line 4", "travel.junior", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\n"
                 "horizon: {start: 2025, end: 2026}\ntravel: {speed: 3}\n",
                 "line 4", "speed", NULL);
    expect_error("name: x\ndata: {schools: s.shp, villages: v.shp}\n"
                 "horizon: {start: 2025, end: 2026}\ntravel: {units: minutes}\n",
                 "line 4", "travel.units: minutes needs a road network", NULL);
}

static const char everything[] =
    "name: \"every: key\"\n"
    "data:\n"
    "  schools: ../data/schools.shp\n"
    "  villages: ../data/villages.shp\n"
    "  projections: /srv/gis/projections.csv\n"
    "  teachers: teachers.csv\n"
    "  travel_costs: ../data/od.csv\n"
    "  travel_cost_units: minutes\n"
    "  crs: +proj=utm +zone=50 +datum=WGS84\n"
    "  fields:\n"
    "    schools: {id: XXDM, name: 学校名称, g1: \"null\"}\n"
    "    villages: {id: CDM}\n"
    "horizon: {start: 2025, end: 2040}\n"
    "standard: basic\n"
    "assignment: catchment\n"
    "rules:\n"
    "  class_size: {junior: 48}\n"
    "  large_class_min: 55\n"
    "  super_large_class_min: 70\n"
    "  distance_km: {primary: 2.5}\n"
    "  school_size_max: {combined: 3000}\n"
    "  staffing_norm: {primary: 18.5, junior: 12}\n"
    "  boarding_extra_posts_per100_beds: 1.5\n"
    "  teaching_point_min_students: 40\n"
    "  quality_standard:\n"
    "    junior: {above_degree_per100: 5.5, multimedia_per100: 2.6}\n"
    "  compliance: {floor: 0.9}\n"
    "  cv_limit: {quality: {junior: 0.4}, basic: {primary: 0.6}}\n"
    "  weights: {senior_twelve: 1.3}\n"
    "  music_art_rooms_per_classes: 10\n"
    "  promotion_rate: 0.99\n"
    "  transition_rate: 0.97\n"
    "  intake_rate: 1.02\n"
    "  birth_rate_per1000: {urban: 9, town: 8.1, rural: 7}\n"
    "  migration_rate: {urban: 0.02, rural: -0.03}\n"
    "  retirement_age: 62\n"
    "  unit_costs: {building_m2_yuan: 4000, teacher_wan: 12.5, public_funds_min_students: 80,\n"
    "               public_funds_yuan: {junior: 1000}, boarding_subsidy_yuan: {primary: 1100, junior: 1300}}\n"
    "interventions:\n"
    "  - {year: 2025, keep_teaching_point: [T1, \"007\"]}\n"
    "  - {year: 2026, close: S017, students_to: S003}\n"
    "  - {year: 2026, close: [S021, S022]}\n"
    "  - {year: 2027, merge: [A, B, C], into: B}\n"
    "  - {year: 2027, convert: S5, to: nine_year}\n"
    "  - {year: 2028, expand: [S003, S004], classrooms: 12, capacity: 500, building_m2: 3000,\n"
    "     sports_m2: 1200.5, equipment_yuan: 1e6, multimedia_rooms: 4, computers: 80, books: 20000,\n"
    "     boarding_beds: 100, music_rooms: 1, art_rooms: 1, teachers: 10, t_above_degree: 2,\n"
    "     t_backbone: 1, t_pe_art: 3, t_senior_title: 4, cost_wan: 1200}\n"
    "  - {year: 2029, build: {id: 17, name: 新城小学, type: twelve_year, area: urban, district: 东区,\n"
    "     x: 512340.25, y: 3401220, classrooms: 24, capacity: 1080, building_m2: 8000, sports_m2: 9000,\n"
    "     equipment_yuan: 3000000, multimedia_rooms: 24, computers: 100, books: 30000,\n"
    "     boarding_beds: 200, music_rooms: 2, art_rooms: 2, teachers: 50, t_above_degree: 5,\n"
    "     t_backbone: 3, t_pe_art: 4, t_senior_title: 6}, cost_wan: 6500}\n"
    "  - {year: 2030, build: {id: C9}, candidate: true}\n"
    "  - {year: 2031, add_beds: S5, beds: 120, cost_wan: 80.5}\n"
    "  - {year: 2032, catchment: S9, level: junior, villages: [V1, V2]}\n"
    "  - {year: 2032, catchment: S10, level: primary, villages: []}\n"
    "teachers:\n"
    "  rotation: {share_of_eligible: 0.15, backbone_share: 0.25, min_years: 5, method: optimise, within: district}\n"
    "  hiring: {per_year: 30, priority: largest_shortfall}\n"
    "optimise:\n"
    "  consolidation: {year: 2026, level: junior, max_distance_km: 7.5, fixed: [S1, S2],\n"
    "                  capacity: ignore, objective: balance, balance_weight: 0.3, seed: 42,\n"
    "                  time_limit_s: 2.5}\n";

static void test_round_trip(void **state)
{
    (void)state;
    char *text = round_trip(everything, "everything");
    /* data paths relative to the new folder, absolute ones kept */
    assert_non_null(strstr(text, "schools: ../data/schools.shp"));
    assert_non_null(strstr(text, "teachers: ../plans/teachers.csv"));
    assert_non_null(strstr(text, "projections: /srv/gis/projections.csv"));
    /* rules: only what differs from the defaults */
    assert_non_null(strstr(text, "class_size: {junior: 48}"));
    assert_null(strstr(text, "primary: 45"));
    assert_null(strstr(text, "retirement_age: 60"));
    /* rules.unit_costs: only the costs that differ (issue 22) */
    assert_non_null(strstr(text, "building_m2_yuan: 4000"));
    assert_non_null(strstr(text, "public_funds_yuan: {junior: 1000}"));
    assert_null(strstr(text, "sports_m2_yuan"));
    assert_null(strstr(text, "transport_yuan"));

    /* the DESIGN example: its rules equal the defaults, so none is written */
    text = round_trip(design_example, "design");
    assert_null(strstr(text, "rules"));
    assert_non_null(strstr(text, "consolidation"));

    /* a minimal scenario writes no rules, teachers, interventions or optimise */
    text = round_trip(minimal, "minimal");
    assert_null(strstr(text, "rules"));
    assert_null(strstr(text, "teachers"));
    assert_null(strstr(text, "interventions"));
    assert_null(strstr(text, "optimise"));

    /* each consolidation target, and a flat field map */
    round_trip("name: k\ndata: {schools: s.shp, villages: v.shp, fields: {g1: NJ1, id: \"~\"}}\n"
               "horizon: {start: 2025, end: 2026}\n"
               "optimise: {consolidation: {year: 2026, keep: 12}}\n", "keep");
    round_trip("name: k\ndata: {schools: s.shp, villages: v.shp}\nhorizon: {start: 2025, end: 2026}\n"
               "optimise: {consolidation: {year: 2026, close_at_most: 0}}\n", "close");
}

/* A scenario built in memory, as the optimiser does: a plan with a switched
 * off request and added interventions is written and read back. */
static void test_write_plan_in_memory(void **state)
{
    (void)state;
    jh_scenario s;
    parse_ok(&s, design_example, "/nowhere/sc.yaml");
    s.consolidation.requested = false;
    s.interventions = realloc(s.interventions, 5 * sizeof *s.interventions);
    assert_non_null(s.interventions);
    jh_intervention *iv = &s.interventions[4];
    memset(iv, 0, sizeof *iv);
    iv->year = 2025;
    iv->kind = JH_IV_CATCHMENT;
    iv->level = JH_PRIMARY;
    iv->target = strdup("S003");
    iv->ids = calloc(2, sizeof *iv->ids);
    iv->ids[0] = strdup("V1");
    iv->ids[1] = strdup("null");
    iv->n_ids = 2;
    s.n_interventions = 5;
    char path[600];
    snprintf(path, sizeof path, "%s/plan.yaml", tmpdir);
    jh_error err = {0};
    assert_int_equal(jh_scenario_write(&s, path, tmpdir, &err), JH_OK);
    jh_scenario b;
    if (jh_scenario_load(&b, path, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_false(b.consolidation.requested);
    assert_int_equal(b.n_interventions, 5);
    assert_string_equal(b.interventions[4].ids[1], "null");
    /* paths written relative to tmpdir resolve to the same files */
    assert_string_equal(b.schools_path, "/nowhere/sample-county/schools.shp");
    assert_scenarios_equal(&s, &b);
    jh_scenario_free(&s);
    jh_scenario_free(&b);
    /* a folder that does not exist: an error, nothing written */
    jh_scenario_parse(&s, minimal, strlen(minimal), "sc.yaml", &err);
    snprintf(path, sizeof path, "%s/no/such/dir/plan.yaml", tmpdir);
    assert_int_equal(jh_scenario_write(&s, path, NULL, &err), JH_ERR_RUN);
    assert_non_null(strstr(err.message, "plan.yaml"));
    jh_scenario_free(&s);
}

/* Every prefix of a full scenario, and every one-byte corruption of its
 * first lines: parsed or refused as bad input, never a crash or a leak
 * (run under ASan), and a refused parse leaves the struct zeroed. */
static void test_truncated_and_corrupted(void **state)
{
    (void)state;
    size_t n = strlen(everything);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    int accepted = 0, refused = 0;
    for (size_t len = 0; len <= n; len++) {
        jh_scenario s;
        jh_error err = {0};
        memcpy(buf, everything, len);
        jh_status st = jh_scenario_parse(&s, buf, len, "/p/sc.yaml", &err);
        assert_true(st == JH_OK || st == JH_ERR_INPUT);
        if (st == JH_OK)
            accepted++;
        else {
            refused++;
            assert_true(all_zero(&s, sizeof s));
            assert_true(strncmp(err.message, "/p/sc.yaml: ", 12) == 0);
        }
        jh_scenario_free(&s);
    }
    /* before horizon is complete nothing can be accepted */
    assert_true(refused > 100);
    assert_true(accepted > 0);
    static const char junk[] = {':', '[', '{', '-', '#', '"', '\'', ' ', 'x', '9', '\n', '\t'};
    for (size_t pos = 0; pos < 600 && pos < n; pos += 5)
        for (size_t j = 0; j < sizeof junk; j++) {
            memcpy(buf, everything, n + 1);
            buf[pos] = junk[j];
            jh_scenario s;
            jh_error err = {0};
            jh_status st = jh_scenario_parse(&s, buf, n, "/p/sc.yaml", &err);
            assert_true(st == JH_OK || st == JH_ERR_INPUT);
            if (st != JH_OK)
                assert_true(all_zero(&s, sizeof s));
            jh_scenario_free(&s);
        }
    free(buf);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jh_test_scenario_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_example),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_misspelt_key_line),
        cmocka_unit_test(test_unknown_rules_key),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_required_and_duplicates),
        cmocka_unit_test(test_interventions),
        cmocka_unit_test(test_field_maps),
        cmocka_unit_test(test_relative_paths),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_roads),
        cmocka_unit_test(test_round_trip_data_maps),
        cmocka_unit_test(test_write_plan_in_memory),
        cmocka_unit_test(test_truncated_and_corrupted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
