/*
 * The undo log of the constrained consolidation search
 * (engine/optimise/consolidation_phased.c, try_close): a closure is tried
 * on the working layout with every cell it changes logged, and a refused
 * one is rolled back from the log instead of the committed layout being
 * copied whole per try. The test includes the search's source to reach its
 * static functions, on a hand-made county of three primary schools on a
 * line, 2025-2027, closures in 2025, capacities enforced:
 *   A (x 0): 8 villages of 6 primary students each (48), 4 classrooms;
 *   B (x 2000): 1 village (6 students), 1 classroom = 45 places;
 *   C (x 4500): 2 villages (12 students), 4 classrooms.
 * Closing A sends its villages to B (2 km, within the 3 km limit) while B
 * has room: 6 + 6 x 6 = 42 <= 45, the seventh (48) does not fit, and C is
 * 4.5 km away, beyond the limit and farther than A: refused after six
 * villages were placed. The test asserts that, and that the rollback gives
 * back the committed layout byte for byte; that an accepted closure (C,
 * whose villages go to B: 18 <= 45) committed through the log equals the
 * same layout placed from scratch; and that A is then refused at once
 * (B has 27 places left: 4 villages, not 8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "optimise/consolidation_phased.c"

enum { NA = 8, NB = 1, NC = 2 };

static void add_school(jh_county *c, const char *id, double x, int classrooms, int students)
{
    jh_school s = {0};
    s.id = strdup(id);
    s.name = strdup(id);
    s.type = JH_SCHOOL_PRIMARY;
    s.area = JH_RURAL;
    s.x = x;
    s.classrooms = classrooms;
    for (int g = 0; g < 6; g++)
        s.students[g] = students / 6;
    s.res = (jh_resources){.teachers = 10, .building_m2 = 2000, .sports_m2 = 3000};
    s.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &s);
}

/* One child of every age 0..14: 6 primary students every year. */
static void add_village(jh_county *c, int school, int junior, double x, double y)
{
    c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
    jh_village *v = &c->villages[c->n_villages];
    memset(v, 0, sizeof *v);
    char id[16];
    snprintf(id, sizeof id, "V%zu", c->n_villages + 1);
    v->id = strdup(id);
    v->name = strdup(id);
    v->area = JH_RURAL;
    v->x = x;
    v->y = y;
    v->population = 100;
    for (int a = 0; a < 15; a++)
        v->age[a] = 1;
    v->has_ages = true;
    v->school[JH_PRIMARY] = school;
    v->school[JH_JUNIOR] = junior;
    v->record = (long)c->n_villages;
    c->n_villages++;
}

static jh_county *county(void)
{
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "A", 0, 4, NA * 6);
    add_school(c, "B", 2000, 1, NB * 6);
    add_school(c, "C", 4500, 4, NC * 6);
    jh_school j = {0};
    j.id = strdup("J");
    j.name = strdup("J");
    j.type = JH_SCHOOL_JUNIOR;
    j.x = 2500;
    j.y = 8000;
    j.classrooms = 100;
    j.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &j);
    for (int k = 0; k < NA; k++)
        add_village(c, 0, 3, 100.0 * k, 200);
    add_village(c, 1, 3, 2000, 200);
    for (int k = 0; k < NC; k++)
        add_village(c, 2, 3, 4500 + 100.0 * k, 200);
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    strcpy(c->crs, "EPSG:32650");
    return c;
}

static void scenario(jh_scenario *s)
{
    memset(s, 0, sizeof *s);
    jh_scenario_set_defaults(s);
    s->name = "undo";
    s->path = "undo.yaml";
    s->start_year = 2025;
    s->end_year = 2027;
    s->assignment = JH_ASSIGN_CATCHMENT;
    for (int k = 0; k < JH_NAREAS; k++) {
        s->rules.birth_rate_per1000[k] = 0;
        s->rules.migration_rate[k] = 0;
    }
    s->rules.retirement_age = 200;
    jh_consolidation_request *q = &s->consolidation;
    q->requested = true;
    q->year = 2025;
    q->level = JH_PRIMARY;
    q->keep = 1;
    q->min_students = 0;
    q->capacity_enforce = true;
    q->objective = JH_OBJ_DISTANCE;
}

/* Byte-for-byte equality of two layouts of p. */
static void assert_layout_equal(const jh_ph *p, const jh_ph_layout *a, const jh_ph_layout *b)
{
    assert_memory_equal(a->add, b->add, p->ns * (size_t)p->ny * sizeof *a->add);
    assert_memory_equal(a->beds_used, b->beds_used, p->ns * sizeof *a->beds_used);
    assert_memory_equal(a->assign, b->assign, p->nc * sizeof *a->assign);
    assert_memory_equal(a->to_new, b->to_new, p->nc * sizeof *a->to_new);
    assert_memory_equal(&a->beyond, &b->beyond, sizeof a->beyond);
    assert_memory_equal(&a->travel, &b->travel, sizeof a->travel);
    assert_int_equal(a->ok, b->ok);
}

static bool layout_equal(const jh_ph *p, const jh_ph_layout *a, const jh_ph_layout *b)
{
    return !memcmp(a->add, b->add, p->ns * (size_t)p->ny * sizeof *a->add) &&
           !memcmp(a->assign, b->assign, p->nc * sizeof *a->assign) && a->travel == b->travel;
}

static void test_refused_closure_rolls_back(void **state)
{
    (void)state;
    jh_scenario s;
    scenario(&s);
    jh_run_result base = {0};
    jh_error err = {0};
    assert_int_equal(jh_simulate(&base, &s, county(), &err), JH_OK);
    jh_ph p;
    if (setup(&p, &s, base.county, &base, &err) != JH_OK)
        fail_msg("%s", err.message);
    assert_int_equal(p.ns, 4);
    assert_int_equal(p.nc, NA + NB + NC);
    assert_int_equal(p.ny, 3);
    /* the hand-computed loads and places */
    for (int y = 0; y < p.ny; y++) {
        assert_true(fabs(p.load[0 * p.ny + y] - 48) < 1e-9);
        assert_true(fabs(p.load[1 * p.ny + y] - 6) < 1e-9);
        assert_true(fabs(p.load[2 * p.ny + y] - 12) < 1e-9);
    }
    assert_true(fabs(p.cap[1] - 45) < 1e-9);

    /* 1. closing A: six villages go to B, the seventh finds no room */
    assert_false(try_close(&p, 0));
    assert_false(p.w.ok);
    size_t moved = 0;
    for (size_t k = 0; k < p.nc; k++)
        moved += p.w.assign[k] == 1 && p.cur[k] == 0;
    assert_int_equal(moved, 6);
    assert_true(fabs(p.w.add[1 * p.ny] - 36) < 1e-9);
    assert_true(p.n_undo > 0);
    assert_false(layout_equal(&p, &p.w, &p.cm));
    /* rolled back: the committed layout exactly (doing nothing) */
    w_restore(&p);
    assert_int_equal(p.n_undo, 0);
    assert_layout_equal(&p, &p.w, &p.cm);
    for (size_t k = 0; k < p.nc; k++)
        assert_int_equal(p.w.assign[k], p.cur[k]);
    assert_true(p.w.travel == 0);

    /* 2. closing C is accepted (18 <= 45 at B) and committed through the log */
    assert_true(try_close(&p, 2));
    commit_close(&p, 2);
    assert_true(fabs(p.cm.add[1 * p.ny] - 12) < 1e-9);
    assert_true(fabs(p.cm.add[2 * p.ny] + 12) < 1e-9);
    /* travel: 2 villages x 6 students x 3 years x (distance to B - to C) */
    double t = 0;
    for (size_t k = 0; k < p.nc; k++)
        if (p.cur[k] == 2)
            t += 6 * 3 * (hypot(2000 - base.county->villages[p.origin[k]].x, 200) -
                          hypot(4500 - base.county->villages[p.origin[k]].x, 200));
    assert_true(fabs(p.cm.travel - t) < 1e-6);
    /* the same layout placed from scratch */
    jh_ph_layout scratch;
    assert_int_equal(layout_alloc(&p, &scratch), 0);
    assert_true(jh_ph_place(&p, p.flip));
    layout_copy(&p, &scratch, &p.w);
    assert_layout_equal(&p, &scratch, &p.cm);

    /* 3. A refused again, now after 4 villages (B: 45 - 18 = 27 places) */
    assert_false(try_close(&p, 0));
    moved = 0;
    for (size_t k = 0; k < p.nc; k++)
        moved += p.w.assign[k] == 1 && p.cur[k] == 0;
    assert_int_equal(moved, 4);
    w_restore(&p);
    assert_layout_equal(&p, &p.w, &p.cm);
    assert_layout_equal(&p, &p.w, &scratch);

    layout_free(&scratch);
    ph_free(&p);
    jh_run_result_free(&base);
    jh_travel_rules_free(&s.travel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refused_closure_rolls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
