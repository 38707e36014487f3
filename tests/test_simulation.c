/*
 * Tests of the year-by-year simulation on small counties built in code,
 * with expectations computed by hand: every student counted once each year,
 * a closure moving its students to the receiver, base-year attribution,
 * placement under capacity, determinism.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/simulation.h"

static char *dup(const char *s) { return strdup(s); }

static void add_school(jh_county *c, const char *id, jh_school_type type, jh_area area, double x,
                       double y, int per_grade, int classrooms)
{
    jh_school s = {0};
    s.id = dup(id);
    s.name = dup(id);
    s.type = type;
    s.area = area;
    s.x = x;
    s.y = y;
    for (int g = 0; g < JH_NGRADES; g++)
        if (jh_school_serves(type, g < 6 ? JH_PRIMARY : JH_JUNIOR))
            s.students[g] = per_grade;
    s.classrooms = classrooms;
    s.res = (jh_resources){.teachers = 20, .t_above_degree = 5, .t_backbone = 2, .t_pe_art = 2,
                           .t_senior_title = 4, .building_m2 = 2000, .sports_m2 = 3000,
                           .equipment_yuan = 500000, .multimedia_rooms = 6, .computers = 40,
                           .books = 8000};
    s.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &s);
}

static void add_village(jh_county *c, const char *id, double x, double y, int per_age,
                        int primary_school, int junior_school)
{
    c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
    jh_village *v = &c->villages[c->n_villages++];
    memset(v, 0, sizeof *v);
    v->id = dup(id);
    v->name = dup(id);
    v->area = JH_RURAL;
    v->x = x;
    v->y = y;
    v->population = 1000;
    for (int a = 0; a < 15; a++)
        v->age[a] = per_age + a; /* distinct cohorts make mistakes visible */
    v->has_ages = true;
    v->school[JH_PRIMARY] = primary_school;
    v->school[JH_JUNIOR] = junior_school;
    v->record = (long)c->n_villages - 1;
}

/* Two primary schools, one junior school, three villages. */
static jh_county *small_county(void)
{
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "P1", JH_SCHOOL_PRIMARY, JH_TOWN, 0, 0, 30, 12);
    add_school(c, "P2", JH_SCHOOL_PRIMARY, JH_RURAL, 4000, 0, 12, 6);
    add_school(c, "J1", JH_SCHOOL_JUNIOR, JH_TOWN, 500, 0, 40, 9);
    add_village(c, "V1", 100, 0, 20, 0, 2);
    add_village(c, "V2", 3900, 0, 8, 1, 2);
    add_village(c, "V3", 4200, 100, 3, 1, 2);
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    strcpy(c->crs, "EPSG:32650");
    return c;
}

static void scenario_init(jh_scenario *s, int start, int end, jh_assignment a)
{
    memset(s, 0, sizeof *s);
    s->name = "test";
    s->path = "test.yaml";
    s->start_year = start;
    s->end_year = end;
    s->assignment = a;
    jh_rules_default(&s->rules);
    for (int k = 0; k < JH_NAREAS; k++) {
        s->rules.birth_rate_per1000[k] = 0;
        s->rules.migration_rate[k] = 0;
    }
    s->rules.retirement_age = 200; /* nobody retires: teachers are conserved */
    s->teachers.share_of_eligible = 0.1;
    s->teachers.backbone_share = 0.2;
    s->teachers.min_years = 6;
}

static long level_total(const jh_year_result *y, jh_level l)
{
    return y->metrics.level[l].students + y->metrics.level[l].unplaced_students;
}

/* Grade counts of each year by hand: the base year is what the schools
 * report (grade g: 30 + 12 primary, 40 junior); later grade 1 is the
 * villages' six-year-olds (no births or migration: the children aged
 * 6 - k in the base year), and every other grade is last year's grade
 * below it. */
static void expected_flow(int years, long primary[], long junior[])
{
    long grade[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        grade[g] = g < 6 ? 42 : 40;
    for (int y = 0; y < years; y++) {
        if (y > 0) {
            for (int g = JH_NGRADES - 1; g > 0; g--)
                grade[g] = grade[g - 1];
            int age = 6 - y; /* this year's six-year-olds were this old in the base year */
            grade[0] = (20 + age) + (8 + age) + (3 + age);
        }
        primary[y] = junior[y] = 0;
        for (int g = 0; g < JH_NGRADES; g++)
            (g < 6 ? primary : junior)[y] += grade[g];
    }
}

static void run_conservation(jh_assignment a)
{
    jh_scenario s;
    scenario_init(&s, 2025, 2030, a);
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    long p[6], j[6];
    expected_flow(6, p, j);
    assert_int_equal(r.n_years, 6);
    for (int y = 0; y < 6; y++) {
        assert_int_equal(r.years[y].year, 2025 + y);
        assert_int_equal(level_total(&r.years[y], JH_PRIMARY), p[y]);
        assert_int_equal(level_total(&r.years[y], JH_JUNIOR), j[y]);
    }
    jh_run_result_free(&r);
}

static void test_conservation_catchment(void **state) { (void)state; run_conservation(JH_ASSIGN_CATCHMENT); }
static void test_conservation_nearest(void **state) { (void)state; run_conservation(JH_ASSIGN_NEAREST); }
static void test_conservation_capacity(void **state)
{
    (void)state;
    run_conservation(JH_ASSIGN_NEAREST_WITH_CAPACITY);
}

/* With capacities too small, what no school can take is reported as
 * unplaced, and students are still conserved. J1 (capacity 100) keeps its
 * 120 observed students in the base year; in 2026 its 80 continuing
 * students leave room for 20 of the 42 grade-7 entrants: 22 unplaced. In
 * 2027 60 continue, 40 places for 22 + 42 waiting: 24 unplaced. */
static void test_unplaced_reported(void **state)
{
    (void)state;
    jh_county *c = small_county();
    for (size_t i = 0; i < c->n_schools; i++) {
        c->schools[i].capacity = i == 2 ? 100 : 1000;
        c->schools[i].capacity_given = true;
    }
    jh_scenario s;
    scenario_init(&s, 2025, 2028, JH_ASSIGN_NEAREST_WITH_CAPACITY);
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, c, &err), JH_OK);
    long p[4], j[4];
    expected_flow(4, p, j);
    for (int y = 0; y < 4; y++) {
        assert_int_equal(level_total(&r.years[y], JH_PRIMARY), p[y]);
        assert_int_equal(level_total(&r.years[y], JH_JUNIOR), j[y]);
    }
    assert_int_equal(r.years[0].metrics.level[JH_JUNIOR].students, 120);
    assert_int_equal(r.years[1].metrics.level[JH_JUNIOR].students, 100);
    assert_int_equal(r.years[1].metrics.level[JH_JUNIOR].unplaced_students, 22);
    assert_int_equal(r.years[2].metrics.level[JH_JUNIOR].unplaced_students, 24);
    assert_int_equal(r.years[1].metrics.level[JH_PRIMARY].unplaced_students, 0);
    jh_run_result_free(&r);
}

static int school_students(const jh_year_result *y, int school, jh_level l)
{
    for (size_t k = 0; k < y->metrics.n_schools; k++)
        if (y->metrics.schools[k].school == school && y->metrics.schools[k].level == l)
            return y->metrics.schools[k].students;
    return 0;
}

/* Closing P2 in 2027 with students_to P1: P2 is empty from 2027 and P1
 * holds every primary student of the county. */
static void test_closure_moves_students(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2029, JH_ASSIGN_CATCHMENT);
    char *ids[] = {"P2"};
    jh_intervention iv = {.year = 2027, .kind = JH_IV_CLOSE, .ids = ids, .n_ids = 1,
                          .target = "P1", .line = 7};
    s.interventions = &iv;
    s.n_interventions = 1;
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    long p[5], j[5];
    expected_flow(5, p, j);
    /* before: P2 has its own 12 per grade */
    assert_int_equal(school_students(&r.years[0], 1, JH_PRIMARY), 72);
    assert_int_equal(school_students(&r.years[0], 0, JH_PRIMARY), 180);
    for (int y = 2; y < 5; y++) {
        assert_int_equal(r.years[y].status[1], JH_STATUS_CLOSED);
        assert_int_equal(school_students(&r.years[y], 1, JH_PRIMARY), 0);
        assert_int_equal(school_students(&r.years[y], 0, JH_PRIMARY), p[y]);
        assert_int_equal(level_total(&r.years[y], JH_PRIMARY), p[y]);
    }
    assert_int_equal(r.years[2].schools_closed, 1);
    assert_int_equal(r.years[3].schools_closed, 0);
    jh_run_result_free(&r);
}

/* Base-year attribution: P1 reports 30 per grade; its only village V1 has
 * 20 + (g + 6) children of grade g's age (26 for grade 1 ... 31 for grade
 * 6), so grade 1's 30 students are 26 from V1 and 4 of unknown village
 * (the school's own site), and grade 6's 30 all come from V1 (31 there). */
static void test_base_attribution(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2025, JH_ASSIGN_CATCHMENT);
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    long from_v1 = 0, from_site = 0;
    for (size_t k = 0; k < r.n_final_flows; k++) {
        const jh_flow *f = &r.final_flows[k];
        if (f->school != 0 || f->level != JH_PRIMARY)
            continue;
        if (f->village == 0)
            from_v1 += f->students;
        else if (f->village == -1)
            from_site += f->students;
        else
            fail_msg("P1's students attributed to village %d outside its catchment", f->village);
    }
    /* V1 has 26, 27, 28, 29, 30, 31 children of grades 1-6: min(30, n) */
    assert_int_equal(from_v1, 26 + 27 + 28 + 29 + 30 + 30);
    assert_int_equal(from_site, 4 + 3 + 2 + 1);
    jh_run_result_free(&r);
}

/* The same scenario twice gives the same figures, to the bit. */
static void test_deterministic(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2031, JH_ASSIGN_NEAREST_WITH_CAPACITY);
    s.teachers.rotation = true;
    jh_run_result a, b;
    jh_error err;
    assert_int_equal(jh_simulate(&a, &s, small_county(), &err), JH_OK);
    assert_int_equal(jh_simulate(&b, &s, small_county(), &err), JH_OK);
    for (size_t y = 0; y < a.n_years; y++) {
        assert_memory_equal(&a.years[y].metrics.level, &b.years[y].metrics.level,
                            sizeof a.years[y].metrics.level);
        assert_memory_equal(&a.years[y].teachers, &b.years[y].teachers, sizeof a.years[y].teachers);
    }
    jh_run_result_free(&a);
    jh_run_result_free(&b);
}

/* What a run keeps of each year (scenario.h: run_keep): the figures are
 * the same whatever it keeps; `writers` keeps every year's cells but the
 * flows of the base year only (the final year's are final_flows), and
 * `figures` neither. */
static void test_run_keep(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2030, JH_ASSIGN_CATCHMENT);
    s.teachers.rotation = true;
    jh_run_result all, wr, fig;
    jh_error err;
    assert_int_equal(jh_simulate(&all, &s, small_county(), &err), JH_OK);
    s.run_keep = JH_KEEP_WRITERS;
    assert_int_equal(jh_simulate(&wr, &s, small_county(), &err), JH_OK);
    s.run_keep = JH_KEEP_FIGURES;
    assert_int_equal(jh_simulate(&fig, &s, small_county(), &err), JH_OK);
    assert_int_equal(all.n_years, 6);
    assert_int_equal(wr.n_years, 6);
    assert_int_equal(fig.n_years, 6);
    for (size_t y = 0; y < 6; y++) {
        const jh_year_result *a = &all.years[y], *w = &wr.years[y], *f = &fig.years[y];
        assert_memory_equal(&a->metrics.level, &w->metrics.level, sizeof a->metrics.level);
        assert_memory_equal(&a->metrics.level, &f->metrics.level, sizeof a->metrics.level);
        assert_int_equal(a->metrics.n_schools, f->metrics.n_schools);
        for (size_t i = 0; i < a->metrics.n_schools; i++) {
            assert_int_equal(a->metrics.schools[i].school, f->metrics.schools[i].school);
            assert_int_equal(a->metrics.schools[i].students, f->metrics.schools[i].students);
            assert_int_equal(a->metrics.schools[i].classes, f->metrics.schools[i].classes);
            assert_true(a->metrics.schools[i].teachers == f->metrics.schools[i].teachers);
        }
        assert_memory_equal(&a->teachers, &f->teachers, sizeof a->teachers);
        /* every student in a cell: 3 villages' children over 9 grades */
        assert_true(a->n_cells >= 9);
        assert_int_equal(w->n_cells, a->n_cells);
        assert_memory_equal(w->cells, a->cells, a->n_cells * sizeof *a->cells);
        assert_int_equal(f->n_cells, 0);
        assert_null(f->cells);
        assert_true(all.n_year_flows[y] >= 3);
        assert_non_null(all.year_flows[y]);
        if (y == 0) {
            assert_int_equal(wr.n_year_flows[0], all.n_year_flows[0]);
            assert_memory_equal(wr.year_flows[0], all.year_flows[0],
                                all.n_year_flows[0] * sizeof *all.year_flows[0]);
        } else {
            assert_null(wr.year_flows[y]);
            assert_int_equal(wr.n_year_flows[y], 0);
        }
        assert_null(fig.year_flows[y]);
        assert_int_equal(fig.n_year_flows[y], 0);
    }
    /* the final year's flows, whatever the run keeps */
    assert_int_equal(all.n_final_flows, all.n_year_flows[5]);
    assert_memory_equal(all.final_flows, all.year_flows[5], all.n_final_flows * sizeof *all.final_flows);
    assert_int_equal(wr.n_final_flows, all.n_final_flows);
    assert_int_equal(fig.n_final_flows, all.n_final_flows);
    assert_memory_equal(fig.final_flows, all.final_flows, all.n_final_flows * sizeof *all.final_flows);
    jh_run_result_free(&all);
    jh_run_result_free(&wr);
    jh_run_result_free(&fig);
}

/* A build entry (line 4): a new primary N1 opening beside V2 in `year`. */
static jh_intervention build_n1(int year)
{
    return (jh_intervention){.year = year, .kind = JH_IV_BUILD, .line = 4,
                             .build = {.id = "N1", .name = "N1", .type = JH_SCHOOL_PRIMARY,
                                       .area = JH_RURAL, .x = 3890, .y = 10, .classrooms = 6}};
}

/* The flows buffer the year loop keeps from one year to the next (grown
 * without copying last year's flows, simulation.c make_flows) while the
 * layout changes their number: P2 closes in 2026 (its villages to P1, the
 * nearest), N1 opens beside V2 in 2028 and takes it. Every year's flows are
 * those of its cells summed by hand, one flow a (village, school, level),
 * and hold every student of the year once. */
static void test_flows_reused_across_years(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2030, JH_ASSIGN_NEAREST);
    char *p2[] = {"P2"};
    jh_intervention iv[2] = {
        {.year = 2026, .kind = JH_IV_CLOSE, .ids = p2, .n_ids = 1, .line = 3},
        build_n1(2028),
    };
    s.interventions = iv;
    s.n_interventions = 2;
    s.run_keep = JH_KEEP_ALL;
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    assert_int_equal(r.n_years, 6);
    size_t fewest = SIZE_MAX, most = 0;
    for (size_t y = 0; y < r.n_years; y++) {
        const jh_year_result *yr = &r.years[y];
        enum { MAXF = 64 };
        jh_flow want[MAXF];
        size_t nw = 0;
        long cells_total = 0;
        for (size_t k = 0; k < yr->n_cells; k++) {
            const jh_cell *c = &yr->cells[k];
            if (c->count == 0)
                continue;
            jh_level l = c->grade < 6 ? JH_PRIMARY : JH_JUNIOR;
            cells_total += c->count;
            size_t f = 0;
            while (f < nw && !(want[f].village == c->origin && want[f].school == c->school &&
                               want[f].level == l))
                f++;
            if (f == nw) {
                assert_true(nw < MAXF);
                want[nw++] = (jh_flow){c->origin, c->school, l, 0, 0};
            }
            want[f].students += c->count;
        }
        const jh_flow *got = r.year_flows[y];
        size_t ng = r.n_year_flows[y];
        assert_int_equal(ng, nw);
        long flows_total = 0;
        for (size_t g = 0; g < ng; g++) {
            size_t f = 0;
            while (f < nw && !(want[f].village == got[g].village && want[f].school == got[g].school &&
                               want[f].level == got[g].level))
                f++;
            assert_true(f < nw);           /* a flow of the year's cells */
            assert_int_equal(got[g].students, want[f].students);
            want[f].students = -1;          /* matched once: a second flow would fail */
            flows_total += got[g].students;
        }
        assert_int_equal(flows_total, cells_total);
        assert_int_equal(flows_total, level_total(yr, JH_PRIMARY) + level_total(yr, JH_JUNIOR));
        fewest = ng < fewest ? ng : fewest;
        most = ng > most ? ng : most;
    }
    assert_true(fewest < most); /* the buffer saw the flows shrink and grow */
    assert_int_equal(r.years[1].schools_closed, 1);
    assert_int_equal(r.years[3].schools_built, 1);
    assert_int_equal(r.n_final_flows, r.n_year_flows[5]);
    assert_memory_equal(r.final_flows, r.year_flows[5], r.n_final_flows * sizeof *r.final_flows);
    jh_run_result_free(&r);
}

/* Teachers are conserved under rotation without hiring or retirement. */
static void test_teachers_conserved(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2034, JH_ASSIGN_CATCHMENT);
    s.teachers.rotation = true;
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    for (size_t y = 0; y < r.n_years; y++) {
        const jh_teacher_year *t = &r.years[y].teachers;
        assert_int_equal(t->total, r.years[0].teachers.total);
        assert_int_equal(t->hired, 0);
        assert_int_equal(t->retired, 0);
        /* the share of eligible moves, or the shortfall is reported with
         * its reason (sources at their staffing floor, no weaker school) */
        assert_true(t->moved + t->moved_short >= (long)ceil(0.1 * t->eligible - 1e-9));
        /* the backbone share is met, or the shortfall is reported */
        assert_true(t->backbone_moved + t->backbone_short >= (long)ceil(0.2 * t->moved - 1e-9));
        assert_int_equal(t->share_rules, t->moved_short == 0 && t->backbone_short == 0);
        assert_true(t->share_rules == 1 || t->share_reason != NULL);
        for (int l = 0; l < JH_NLEVELS; l++)
            assert_int_equal(t->level[l].zero_teachers, 0);
    }
    jh_run_result_free(&r);
}

/* With a projection table, entrants are the projected six-year-olds of
 * each year (here 10 + 3y, 5 + y and 7 in the three villages), and the
 * rest of the grades follow from the flow alone. */
static void test_projection_drives_intake(void **state)
{
    (void)state;
    jh_county *c = small_county();
    c->has_projections = true;
    for (int y = 0; y < 5; y++)
        for (int v = 0; v < 3; v++) {
            double n = v == 0 ? 10 + 3 * y : v == 1 ? 5 + y : 7;
            assert_int_equal(jh_county_set_projection(c, v, 2025 + y, 6, n), JH_OK);
        }
    jh_scenario s;
    scenario_init(&s, 2025, 2029, JH_ASSIGN_NEAREST_WITH_CAPACITY);
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, c, &err), JH_OK);
    long grade[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        grade[g] = g < 6 ? 42 : 40;
    for (int y = 0; y < 5; y++) {
        if (y > 0) {
            for (int g = JH_NGRADES - 1; g > 0; g--)
                grade[g] = grade[g - 1];
            grade[0] = (10 + 3 * y) + (5 + y) + 7;
        }
        long p = 0, j = 0;
        for (int g = 0; g < JH_NGRADES; g++) {
            if (g < 6)
                p += grade[g];
            else
                j += grade[g];
        }
        assert_int_equal(level_total(&r.years[y], JH_PRIMARY), p);
        assert_int_equal(level_total(&r.years[y], JH_JUNIOR), j);
    }
    jh_run_result_free(&r);
}

/* A catchment entry sends a village's students to the named school under
 * every rule and stands when the layout later changes: V3 (nearest P2) is
 * given to P1 in 2026; in 2027 a new primary N1 opens beside V2, and under
 * `nearest` V2 moves to it (the layout change took effect) while V3 stays
 * with P1 instead of going back to its nearest school. */
static void test_catchment_entry_stands(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2028, JH_ASSIGN_NEAREST);
    char *v3[] = {"V3"};
    jh_intervention iv[2] = {
        {.year = 2026, .kind = JH_IV_CATCHMENT, .ids = v3, .n_ids = 1, .target = "P1",
         .level = JH_PRIMARY, .line = 3},
        build_n1(2027),
    };
    s.interventions = iv;
    s.n_interventions = 2;
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    int n1 = jh_county_find_school(r.county, "N1");
    assert_true(n1 >= 0);
    long v3_at_p1 = 0, v3_elsewhere = 0, v2_at_n1 = 0;
    for (size_t k = 0; k < r.n_final_flows; k++) {
        const jh_flow *f = &r.final_flows[k];
        if (f->level != JH_PRIMARY)
            continue;
        if (f->village == 2 && f->school == 0)
            v3_at_p1 += f->students;
        else if (f->village == 2)
            v3_elsewhere += f->students;
        if (f->village == 1 && f->school == n1)
            v2_at_n1 += f->students;
    }
    assert_true(v3_at_p1 > 0);
    assert_int_equal(v3_elsewhere, 0);
    assert_true(v2_at_n1 > 0);
    assert_int_equal(r.years[2].schools_built, 1);
    jh_run_result_free(&r);
}

/* Staff that construction brings: a new primary opening in 2027 with 12
 * teachers (3 backbone), and 5 more teachers for P1 in 2026, join the
 * workforce: 60 teachers teach 2025, 65 in 2026, 77 from 2027, and N1's
 * school row shows its 12. */
static void test_construction_staff(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2028, JH_ASSIGN_NEAREST);
    char *p1[] = {"P1"};
    jh_intervention iv[2] = {
        {.year = 2026, .kind = JH_IV_EXPAND, .ids = p1, .n_ids = 1, .classrooms = 2,
         .add = {.teachers = 5, .t_above_degree = 2}, .line = 3},
        {.year = 2027, .kind = JH_IV_BUILD, .line = 4,
         .build = {.id = "N1", .name = "N1", .type = JH_SCHOOL_PRIMARY, .area = JH_RURAL,
                   .x = 3890, .y = 10, .classrooms = 6,
                   .res = {.teachers = 12, .t_backbone = 3, .building_m2 = 1500}}},
    };
    s.interventions = iv;
    s.n_interventions = 2;
    jh_run_result r;
    jh_error err;
    assert_int_equal(jh_simulate(&r, &s, small_county(), &err), JH_OK);
    assert_int_equal(r.years[0].teachers.total, 60);
    assert_int_equal(r.years[1].teachers.total, 65);
    assert_int_equal(r.years[2].teachers.total, 77);
    assert_int_equal(r.years[3].teachers.total, 77);
    int n1 = jh_county_find_school(r.county, "N1");
    bool found = false;
    for (size_t k = 0; k < r.years[2].metrics.n_schools; k++) {
        const jh_school_metrics *m = &r.years[2].metrics.schools[k];
        if (m->school == n1 && m->level == JH_PRIMARY) {
            assert_true(fabs(m->teachers - 12) < 1e-9);
            found = true;
        }
    }
    assert_true(found);
    jh_run_result_free(&r);
}

/* An intervention naming an unknown school is bad input, with its line. */
static void test_unknown_school(void **state)
{
    (void)state;
    jh_scenario s;
    scenario_init(&s, 2025, 2026, JH_ASSIGN_CATCHMENT);
    char *ids[] = {"NOPE"};
    jh_intervention iv = {.year = 2026, .kind = JH_IV_CLOSE, .ids = ids, .n_ids = 1, .line = 12};
    s.interventions = &iv;
    s.n_interventions = 1;
    jh_run_result r;
    jh_error err;
    jh_county *c = small_county();
    assert_int_equal(jh_simulate(&r, &s, c, &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "line 12"));
    assert_non_null(strstr(err.message, "NOPE"));
    jh_county_free(c);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conservation_catchment),
        cmocka_unit_test(test_conservation_nearest),
        cmocka_unit_test(test_conservation_capacity),
        cmocka_unit_test(test_unplaced_reported),
        cmocka_unit_test(test_closure_moves_students),
        cmocka_unit_test(test_base_attribution),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_run_keep),
        cmocka_unit_test(test_flows_reused_across_years),
        cmocka_unit_test(test_teachers_conserved),
        cmocka_unit_test(test_projection_drives_intake),
        cmocka_unit_test(test_catchment_entry_stands),
        cmocka_unit_test(test_construction_staff),
        cmocka_unit_test(test_unknown_school),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
