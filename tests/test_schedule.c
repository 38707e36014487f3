/*
 * Tests of the construction schedule optimiser (optimise/schedule.h) on a
 * county built in code: three crowded primaries whose classroom projects
 * cost 330, 330 and 220 wan, two programme years of 400 wan each (one
 * project a year fits). The best schedule is found by trying every one of
 * the 27 schedules here; the optimiser's search (exhaustive turned off)
 * must match it, never exceed a year's budget, and never spend on a school
 * the scenario closes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/schedule.h"

static void add_school(jh_county *c, const char *id, jh_school_type type, int per_grade, int classrooms,
                       double x)
{
    jh_school s = {0};
    s.id = strdup(id);
    s.name = strdup(id);
    s.type = type;
    s.area = JH_TOWN;
    s.x = x;
    for (int g = 0; g < JH_NGRADES; g++)
        if (jh_school_serves(type, g < 6 ? JH_PRIMARY : JH_JUNIOR))
            s.students[g] = per_grade;
    s.classrooms = classrooms;
    s.res = (jh_resources){.teachers = 60, .t_above_degree = 50, .t_backbone = 10, .t_pe_art = 8,
                           .t_senior_title = 20, .building_m2 = 9000, .sports_m2 = 9000,
                           .equipment_yuan = 1000000, .multimedia_rooms = 30, .computers = 100,
                           .books = 20000, .music_rooms = 2, .art_rooms = 2};
    s.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &s);
}

static void add_village(jh_county *c, const char *id, double x, int per_age, int primary, int junior)
{
    c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
    jh_village *v = &c->villages[c->n_villages++];
    memset(v, 0, sizeof *v);
    v->id = strdup(id);
    v->name = strdup(id);
    v->area = JH_TOWN;
    v->x = x;
    v->population = 5000;
    for (int a = 0; a < 15; a++)
        v->age[a] = per_age; /* every cohort the same: the need is steady */
    v->has_ages = true;
    v->school[JH_PRIMARY] = primary;
    v->school[JH_JUNIOR] = junior;
    v->record = (long)c->n_villages - 1;
}

/* P1: 60 a grade in 6 rooms (six classes of 60, large; 6 rooms short).
 * P2: 58 a grade in 6 rooms (six of 58; 6 rooms short).
 * P3: 70 a grade in 8 rooms (two grades in two classes of 35, four in
 *     one of 70, super-large; 4 rooms short). J1 has room for all. */
static jh_county *crowded_county(void)
{
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "P1", JH_SCHOOL_PRIMARY, 60, 6, 0);
    add_school(c, "P2", JH_SCHOOL_PRIMARY, 58, 6, 1000);
    add_school(c, "P3", JH_SCHOOL_PRIMARY, 70, 8, 2000);
    add_school(c, "J1", JH_SCHOOL_JUNIOR, 188, 20, 1000);
    add_village(c, "V1", 0, 60, 0, 3);
    add_village(c, "V2", 1000, 58, 1, 3);
    add_village(c, "V3", 2000, 70, 2, 3);
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    strcpy(c->crs, "EPSG:32650");
    return c;
}

static void scenario_init(jh_scenario *s)
{
    memset(s, 0, sizeof *s);
    s->name = "test";
    s->path = "test.yaml";
    s->start_year = 2025;
    s->end_year = 2028;
    s->assignment = JH_ASSIGN_CATCHMENT;
    jh_rules_default(&s->rules);
    for (int k = 0; k < JH_NAREAS; k++) {
        s->rules.birth_rate_per1000[k] = 0;
        s->rules.migration_rate[k] = 0;
    }
    s->rules.retirement_age = 200;
    s->teachers.share_of_eligible = 0.1;
    s->teachers.backbone_share = 0.2;
    s->teachers.min_years = 6;
    jh_schedule_request *q = &s->schedule;
    q->requested = true;
    q->n_years = 2;
    q->years[0] = 2026;
    q->years[1] = 2027;
    q->budget_wan[0] = q->budget_wan[1] = 400;
    q->end_large_classes_by = 2026;
    q->max_evaluations = 300;
    q->exhaustive_max = 0; /* the heuristic search */
}

static const jh_schedule_project *project_at(const jh_schedule_result *r, const char *id)
{
    for (size_t i = 0; i < r->n_projects; i++)
        if (strcmp(r->projects[i].school_id, id) == 0)
            return &r->projects[i];
    return NULL;
}

/* The candidates are the rooms each school lacks, at 55 wan a room. */
static void test_candidates_from_gap(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_OK);
    assert_int_equal(r.n_projects, 3);
    const int rooms[3] = {6, 6, 4};
    const char *ids[3] = {"P1", "P2", "P3"};
    for (int k = 0; k < 3; k++) {
        const jh_schedule_project *p = project_at(&r, ids[k]);
        assert_non_null(p);
        assert_int_equal(p->kind, JH_PROJ_CLASSROOMS);
        assert_int_equal(p->classrooms, rooms[k]);
        assert_true(fabs(p->cost_wan - rooms[k] * 55.0) < 1e-9);
    }
    /* nothing built: large classes never end (lateness 2028 + 1 - 2026),
     * and 6 + 6 + 4 large classes in each of 2026, 2027, 2028 */
    assert_int_equal(r.baseline.year_met[JH_TARGET_LARGE_CLASSES], 0);
    assert_int_equal(r.baseline.lateness, 3);
    assert_true(fabs(r.baseline.deficit - 48) < 1e-9);
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}

/* Every schedule of the three projects over two years (or not at all). */
static void brute_force(const jh_scenario *s, const jh_county *c, jh_schedule_result *r,
                        jh_schedule_score *best, int best_years[3])
{
    jh_error err;
    bool have = false;
    for (int code = 0; code < 27; code++) {
        int d = code;
        for (size_t i = 0; i < 3; i++, d /= 3)
            r->projects[i].year = d % 3 ? r->years[d % 3 - 1] : 0;
        if (!jh_schedule_within_budget(r))
            continue;
        jh_schedule_score sc;
        assert_int_equal(jh_schedule_evaluate(s, c, r, &sc, &err), JH_OK);
        if (!have || jh_schedule_compare(&sc, best) < 0) {
            *best = sc;
            for (int i = 0; i < 3; i++)
                best_years[i] = r->projects[i].year;
            have = true;
        }
    }
    assert_true(have);
}

static void test_matches_brute_force(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_OK);
    jh_schedule_score best;
    int years[3];
    brute_force(&s, c, &r, &best, years);
    /* by hand: one project a year fits; P1 and P2 (six large classes each)
     * leave P3's four in 2026-2028 and the one built in 2027's six in
     * 2026: 10 + 4 + 4 */
    assert_int_equal(best.lateness, 3);
    assert_true(fabs(best.deficit - 18) < 1e-9);
    assert_true(fabs(best.cost_wan - 660) < 1e-9);
    jh_schedule_result_free(&r);

    for (int exhaustive = 0; exhaustive < 2; exhaustive++) {
        s.schedule.exhaustive_max = exhaustive ? 4096 : 0;
        assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
        assert_int_equal(r.exhaustive, exhaustive == 1);
        assert_int_equal(jh_schedule_compare(&r.score, &best), 0);
        assert_null(project_at(&r, "P3")->year ? "P3 scheduled" : NULL);
        assert_int_not_equal(project_at(&r, "P1")->year, project_at(&r, "P2")->year);
        /* no year over its budget */
        for (int k = 0; k < r.n_years; k++)
            assert_true(r.spend_wan[k] <= r.budget_wan[k] + 1e-9);
        assert_true(fabs(r.spend_wan[0] - 330) < 1e-9 && fabs(r.spend_wan[1] - 330) < 1e-9);
        jh_schedule_result_free(&r);
    }
    jh_county_free(c);
    free(c);
}

/* With 800 wan a year the three projects (880 wan) need two years: large
 * classes end in 2027. */
static void test_enough_budget(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    s.schedule.budget_wan[0] = s.schedule.budget_wan[1] = 800;
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    /* 880 > 800: one project must wait for 2027 */
    assert_int_equal(r.score.year_met[JH_TARGET_LARGE_CLASSES], 2027);
    assert_int_equal(r.score.lateness, 1);
    for (int k = 0; k < r.n_years; k++)
        assert_true(r.spend_wan[k] <= r.budget_wan[k] + 1e-9);
    jh_schedule_result_free(&r);
    /* with 900 in 2026 everything is built then, and nothing in 2027 */
    s.schedule.budget_wan[0] = 900;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(r.score.year_met[JH_TARGET_LARGE_CLASSES], 2026);
    assert_int_equal(r.score.lateness, 0);
    assert_true(fabs(r.score.cost_wan - 880) < 1e-9);
    assert_true(fabs(r.spend_wan[0] - 880) < 1e-9 && r.spend_wan[1] == 0);
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}

/* 600 wan in 2026 and 300 in 2027: two projects fit in 2026 (at most 550)
 * and none of 330 in 2027, unless 2026's unspent 50 carries on. */
static void test_carry(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    s.schedule.budget_wan[0] = 600;
    s.schedule.budget_wan[1] = 300;
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(r.score.year_met[JH_TARGET_LARGE_CLASSES], 0);
    assert_true(r.spend_wan[0] <= 600 + 1e-9 && r.spend_wan[1] <= 300 + 1e-9);
    assert_non_null(strstr(r.why[JH_TARGET_LARGE_CLASSES], "do not fit the budget"));
    jh_schedule_result_free(&r);
    s.schedule.carry = true;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(r.score.year_met[JH_TARGET_LARGE_CLASSES], 2027);
    assert_true(fabs(r.spend_wan[0] - 550) < 1e-9 && fabs(r.spend_wan[1] - 330) < 1e-9);
    assert_int_equal(project_at(&r, "P3")->year, 2026);
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}

/* P2 closes in 2028 (its students to P1): no project at P2. */
static void test_no_capital_for_closed_school(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    char *ids[] = {"P2"};
    jh_intervention iv = {.year = 2028, .kind = JH_IV_CLOSE, .ids = ids, .n_ids = 1, .target = "P1", .line = 3};
    s.interventions = &iv;
    s.n_interventions = 1;
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_null(project_at(&r, "P2"));
    assert_non_null(project_at(&r, "P1"));
    assert_non_null(project_at(&r, "P3"));
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}


/* ---- teachers as projects ----------------------------------------------
 * Q1 and Q2: 60 a grade (360 students) in 12 rooms, no large class; Q1 has
 * 1 backbone and 1 PE/art teacher: 0.28 per 100 against 1.0 and 0.9, two
 * indicators short, so it does not comply whatever is built. The gap:
 * backbone 1.0 x 3.6 - 1 = 2.6 -> 3, PE/art 0.9 x 3.6 - 1 = 2.24 -> 3; one
 * hiring project of 3 teachers, all 3 backbone and PE/art, 3 x 10 = 30 wan
 * a year. Q2 (5 and 5) and J1 (60 a grade, 180 students) comply. */
static jh_county *teacher_county(void)
{
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "Q1", JH_SCHOOL_PRIMARY, 60, 12, 0);
    add_school(c, "Q2", JH_SCHOOL_PRIMARY, 60, 12, 1000);
    add_school(c, "J1", JH_SCHOOL_JUNIOR, 60, 6, 500);
    c->schools[0].res.t_backbone = 1;
    c->schools[0].res.t_pe_art = 1;
    c->schools[1].res.t_backbone = 5;
    c->schools[1].res.t_pe_art = 5;
    add_village(c, "V1", 0, 60, 0, 2);
    add_village(c, "V2", 1000, 60, 1, 2);
    for (size_t v = 0; v < c->n_villages; v++)
        c->villages[v].age[12] = c->villages[v].age[13] = c->villages[v].age[14] = 30;
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    strcpy(c->crs, "EPSG:32650");
    return c;
}

static void teacher_scenario(jh_scenario *s, double b2026, double b2027)
{
    scenario_init(s);
    s->schedule.end_large_classes_by = 0;
    s->schedule.quality_pass_by = 2026;
    s->schedule.budget_wan[0] = b2026;
    s->schedule.budget_wan[1] = b2027;
}

static void test_teachers_as_projects(void **state)
{
    (void)state;
    jh_scenario s;
    teacher_scenario(&s, 30, 30);
    jh_county *c = teacher_county();
    jh_schedule_result r;
    jh_error err;
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_OK);
    assert_int_equal(r.baseline.year_met[JH_TARGET_QUALITY], 0);
    /* Q1's hiring is the only candidate: no building is lacking */
    assert_int_equal(r.n_projects, 1);
    const jh_schedule_project *p = project_at(&r, "Q1");
    assert_non_null(p);
    assert_int_equal(p->kind, JH_PROJ_TEACHERS);
    assert_true(p->add.teachers == 3 && p->add.t_backbone == 3 && p->add.t_pe_art == 3 &&
                p->add.t_above_degree == 0);
    assert_true(fabs(p->pay_wan - 30) < 1e-9 && p->cost_wan == 0);
    /* the pay is charged every programme year from the hire on */
    r.projects[0].year = 2026;
    assert_true(jh_schedule_within_budget(&r));
    assert_true(fabs(r.spend_wan[0] - 30) < 1e-9 && fabs(r.spend_wan[1] - 30) < 1e-9);
    r.projects[0].year = 2027;
    assert_true(jh_schedule_within_budget(&r));
    assert_true(r.spend_wan[0] == 0 && fabs(r.spend_wan[1] - 30) < 1e-9);
    jh_schedule_result_free(&r);

    /* hired in 2026 the school complies from 2026: met, 60 wan over the
     * programme (the brute force of 1 project over 2 years agrees) */
    for (int exhaustive = 0; exhaustive < 2; exhaustive++) {
        s.schedule.exhaustive_max = exhaustive ? 4096 : 0;
        assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
        assert_int_equal(r.projects[0].year, 2026);
        assert_int_equal(r.score.year_met[JH_TARGET_QUALITY], 2026);
        assert_int_equal(r.score.lateness, 0);
        assert_true(fabs(r.score.cost_wan - 60) < 1e-9);
        assert_true(r.why[JH_TARGET_QUALITY][0] == '\0');
        jh_schedule_result_free(&r);
    }

    /* 30 in 2026 but 20 in 2027: the second year's pay does not fit, so no
     * hire at all (recurrent, unlike capital) */
    teacher_scenario(&s, 30, 20);
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(r.projects[0].year, 0);
    assert_int_equal(r.score.year_met[JH_TARGET_QUALITY], 0);
    jh_schedule_result_free(&r);

    /* 25 a year: short by at least 30 - 25 = 5 wan by 2026 */
    teacher_scenario(&s, 25, 25);
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(r.projects[0].year, 0);
    assert_true(fabs(r.short_wan[JH_TARGET_QUALITY] - 5) < 1e-9);
    assert_non_null(strstr(r.why[JH_TARGET_QUALITY], "budget short by at least 5 wan by 2026"));
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}

/* ---- listed candidates with a lead time and stages ---------------------
 * Listed only: P1 and P2 expand by 6 rooms (330 wan each, in use the year
 * they start), P3 by 4 rooms for 220 wan in two stages of 110, in use one
 * year after the start. Years 2026-2028, large classes to end by 2027. */
static void listed_scenario(jh_scenario *s, jh_schedule_candidate *k, double budget)
{
    scenario_init(s);
    memset(k, 0, 3 * sizeof *k);
    k[0] = (jh_schedule_candidate){.kind = JH_CAND_EXPAND, .school = "P1", .classrooms = 6, .cost_wan = 330, .line = 10};
    k[1] = (jh_schedule_candidate){.kind = JH_CAND_EXPAND, .school = "P2", .classrooms = 6, .cost_wan = 330, .line = 11};
    k[2] = (jh_schedule_candidate){.kind = JH_CAND_EXPAND, .school = "P3", .classrooms = 4, .cost_wan = 220,
                                   .lead_years = 1, .n_stages = 2, .stage_wan = {110, 110}, .line = 12};
    jh_schedule_request *q = &s->schedule;
    q->candidates = k;
    q->n_candidates = 3;
    q->only_listed = true;
    q->n_years = 3;
    q->years[2] = 2028;
    q->budget_wan[0] = q->budget_wan[1] = q->budget_wan[2] = budget;
    q->end_large_classes_by = 2027;
}

/* Every start year (or none) of each of n projects. */
static void brute_force_n(const jh_scenario *s, const jh_county *c, jh_schedule_result *r, jh_schedule_score *best)
{
    jh_error err;
    bool have = false;
    size_t n = r->n_projects;
    int combos = 1;
    for (size_t i = 0; i < n; i++)
        combos *= r->n_years + 1;
    for (int code = 0; code < combos; code++) {
        int d = code;
        for (size_t i = 0; i < n; i++, d /= r->n_years + 1)
            r->projects[i].year = d % (r->n_years + 1) ? r->years[d % (r->n_years + 1) - 1] : 0;
        if (!jh_schedule_within_budget(r))
            continue;
        jh_schedule_score sc;
        assert_int_equal(jh_schedule_evaluate(s, c, r, &sc, &err), JH_OK);
        if (!have || jh_schedule_compare(&sc, best) < 0)
            *best = sc;
        have = true;
    }
    assert_true(have);
}

static void test_lead_time_and_stages(void **state)
{
    (void)state;
    jh_scenario s;
    jh_schedule_candidate k[3];
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    /* stages: P3 started in 2026 spends 110 in 2026 and 2027; started in
     * 2028 its second stage would fall after the programme: not allowed */
    listed_scenario(&s, k, 450);
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_OK);
    assert_int_equal(r.n_projects, 3);
    jh_schedule_project *p3 = &r.projects[2];
    assert_int_equal(p3->lead_years, 1);
    p3->year = 2026;
    assert_true(jh_schedule_within_budget(&r));
    assert_true(fabs(r.spend_wan[0] - 110) < 1e-9 && fabs(r.spend_wan[1] - 110) < 1e-9 && r.spend_wan[2] == 0);
    assert_int_equal(jh_schedule_in_use(p3), 2027);
    jh_intervention e[JH_SCHEDULE_MAX_STAGES + 1];
    assert_int_equal(jh_schedule_entries(p3, 2028, e), 2);
    assert_true(e[0].year == 2026 && e[0].classrooms == 0 && e[0].cost_wan == 110 && e[0].stage == 1);
    assert_true(e[1].year == 2027 && e[1].classrooms == 4 && e[1].cost_wan == 110 && e[1].stage == 2);
    p3->year = 2028;
    assert_false(jh_schedule_within_budget(&r));
    p3->year = 0;
    /* by hand, 450 a year: P1 and P3's first stage in 2026 (440), P2 and
     * P3's second in 2027 (440): every room in use by 2027, 880 wan; P3
     * started in 2027 would be in use only in 2028 (late) */
    jh_schedule_score best;
    brute_force_n(&s, c, &r, &best);
    assert_int_equal(best.year_met[JH_TARGET_LARGE_CLASSES], 2027);
    assert_int_equal(best.lateness, 0);
    assert_true(fabs(best.cost_wan - 880) < 1e-9);
    jh_schedule_result_free(&r);
    for (int exhaustive = 0; exhaustive < 2; exhaustive++) {
        s.schedule.exhaustive_max = exhaustive ? 4096 : 0;
        assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
        assert_int_equal(jh_schedule_compare(&r.score, &best), 0);
        assert_int_equal(project_at(&r, "P3")->year, 2026);
        assert_true(fabs(r.spend_wan[0] - 440) < 1e-9 && fabs(r.spend_wan[1] - 440) < 1e-9 && r.spend_wan[2] == 0);
        jh_schedule_result_free(&r);
    }
    /* 400 a year: P3's stage and a 330 project never share a year, so the
     * search matches the brute force and no year exceeds 400 */
    listed_scenario(&s, k, 400);
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_OK);
    brute_force_n(&s, c, &r, &best);
    jh_schedule_result_free(&r);
    s.schedule.exhaustive_max = 0;
    assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
    assert_int_equal(jh_schedule_compare(&r.score, &best), 0);
    assert_int_equal(r.score.year_met[JH_TARGET_LARGE_CLASSES], 0);
    for (int y = 0; y < r.n_years; y++)
        assert_true(r.spend_wan[y] <= 400 + 1e-9);
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}

/* A listed project at a school the scenario closes: an input error naming
 * the candidate's line and school. */
static void test_listed_closed_school(void **state)
{
    (void)state;
    jh_scenario s;
    jh_schedule_candidate k[3];
    listed_scenario(&s, k, 450);
    char *ids[] = {"P2"};
    jh_intervention iv = {.year = 2028, .kind = JH_IV_CLOSE, .ids = ids, .n_ids = 1, .target = "P1", .line = 3};
    s.interventions = &iv;
    s.n_interventions = 1;
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err = {0};
    assert_int_equal(jh_schedule_candidates(&s, c, &r, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "line 11"));
    assert_non_null(strstr(err.message, "'P2'"));
    jh_schedule_result_free(&r);
    jh_county_free(c);
    free(c);
}


/* P1 and P2 are alike (six large classes each, 330 wan each) and one
 * year's 330 wan pays for one: the first school in the county wins the
 * tie, unless the other is retained for good (fixed). */
static void test_fixed_first_when_tied(void **state)
{
    (void)state;
    jh_scenario s;
    jh_schedule_candidate k[3];
    jh_county *c = crowded_county();
    jh_schedule_result r;
    jh_error err;
    for (int fixed = 0; fixed < 2; fixed++) {
        listed_scenario(&s, k, 330);
        s.schedule.n_candidates = 2; /* P1 and P2 */
        s.schedule.n_years = 1;
        s.schedule.end_large_classes_by = 2026;
        char *ids[] = {"P2"};
        if (fixed) {
            s.schedule.fixed = ids;
            s.schedule.n_fixed = 1;
        }
        assert_int_equal(jh_schedule_optimise(&s, c, &r, NULL, &err), JH_OK);
        assert_int_equal(project_at(&r, "P1")->year, fixed ? 0 : 2026);
        assert_int_equal(project_at(&r, "P2")->year, fixed ? 2026 : 0);
        assert_int_equal(project_at(&r, "P2")->fixed, fixed);
        jh_schedule_result_free(&r);
    }
    jh_county_free(c);
    free(c);
}

/* A copied county simulates to the same figures as the original. */
static void test_county_copy(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s);
    jh_county *c = crowded_county(), *d = jh_county_copy(c);
    assert_non_null(d);
    jh_run_result a, b;
    jh_error err;
    assert_int_equal(jh_simulate(&a, &s, c, &err), JH_OK);
    assert_int_equal(jh_simulate(&b, &s, d, &err), JH_OK);
    for (size_t y = 0; y < a.n_years; y++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            assert_int_equal(a.years[y].metrics.level[l].students, b.years[y].metrics.level[l].students);
            assert_int_equal(a.years[y].metrics.level[l].large_classes,
                             b.years[y].metrics.level[l].large_classes);
        }
    assert_int_equal(a.years[0].metrics.level[0].large_classes, 6 + 6);
    jh_run_result_free(&a);
    jh_run_result_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates_from_gap),
        cmocka_unit_test(test_matches_brute_force),
        cmocka_unit_test(test_enough_budget),
        cmocka_unit_test(test_carry),
        cmocka_unit_test(test_no_capital_for_closed_school),
        cmocka_unit_test(test_county_copy),
        cmocka_unit_test(test_teachers_as_projects),
        cmocka_unit_test(test_lead_time_and_stages),
        cmocka_unit_test(test_listed_closed_school),
        cmocka_unit_test(test_fixed_first_when_tied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
