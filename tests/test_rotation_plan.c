/*
 * The rotation look-ahead (engine/sim/rotation_plan.h): on a generated
 * county, the reference's moves replayed with like-for-like exchanges give
 * every school level in every year exactly the reference's teachers (head
 * count and the above-degree, backbone and PE/art counts), the share at q
 * is met or its shortfall reported with a reason, the adopted plan is at
 * least as good as the reference on the watched figures, a greedy plan
 * adopted hands back the caller's county, and shares at the minimum run
 * once as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "generate/generate.h"
#include "scenario.h"
#include "sim/rotation_plan.h"
#include "sim/simulation.h"

static jh_county *county(unsigned long seed)
{
    jh_generate_options o;
    jh_generate_options_default(&o);
    o.n_schools = 60;
    o.n_villages = 600;
    o.seed = seed;
    o.end_year = 2032;
    jh_county *c = calloc(1, sizeof *c);
    jh_error err;
    assert_int_equal(jh_generate_county(c, &o, &err), JH_OK);
    return c;
}

static void scenario(jh_scenario *s, double share)
{
    memset(s, 0, sizeof *s);
    jh_scenario_set_defaults(s);
    s->name = "rotation";
    s->path = "rotation.yaml";
    s->start_year = 2025;
    s->end_year = 2032;
    s->assignment = JH_ASSIGN_CATCHMENT;
    s->teachers.rotation = true;
    s->teachers.share_of_eligible = share;
}

static long ceil_share(double share, long n)
{
    long m = 0;
    while ((double)m < share * (double)n - 1e-9)
        m++;
    return m;
}

/* the replayed plan against its reference, figure by figure */
static void check_padded(unsigned long seed)
{
    jh_scenario s;
    scenario(&s, 0.20);
    jh_run_result p, r;
    jh_error err;
    assert_int_equal(jh_simulate_rotation(&p, &s, county(seed), JH_PLAN_PADDED, &r, &err), JH_OK);
    assert_int_equal(p.n_years, 8);
    assert_int_equal(r.n_years, 8);
    long filler = 0;
    for (size_t y = 0; y < p.n_years; y++) {
        const jh_year_metrics *a = &p.years[y].metrics, *b = &r.years[y].metrics;
        assert_int_equal(a->n_schools, b->n_schools);
        for (size_t i = 0; i < a->n_schools; i++) {
            assert_int_equal(a->schools[i].school, b->schools[i].school);
            assert_int_equal(a->schools[i].level, b->schools[i].level);
            assert_true(a->schools[i].teachers == b->schools[i].teachers);
            assert_true(a->schools[i].t_above_degree == b->schools[i].t_above_degree);
            assert_true(a->schools[i].t_backbone == b->schools[i].t_backbone);
            assert_true(a->schools[i].t_pe_art == b->schools[i].t_pe_art);
            assert_true(a->schools[i].compliant == b->schools[i].compliant);
        }
        for (int l = 0; l < JH_NLEVELS; l++)
            for (int k = 0; k < 3; k++)
                assert_true(a->level[l].quality.ind[k].cv == b->level[l].quality.ind[k].cv);
        const jh_teacher_year *t = &p.years[y].teachers, *u = &r.years[y].teachers;
        assert_int_equal(t->plan, 3);
        assert_int_equal(t->total, u->total);
        assert_int_equal(t->hired, u->hired);
        assert_int_equal(t->retired, u->retired);
        /* every reference move made again, the rest like-for-like pairs */
        assert_int_equal(t->moved_replayed, u->moved);
        assert_int_equal(t->moved, t->moved_replayed + t->moved_filler);
        assert_int_equal(t->moved_filler % 2, 0);
        assert_int_equal(t->level[0].moved_filler + t->level[1].moved_filler, t->moved_filler);
        for (int l = 0; l < JH_NLEVELS; l++)
            assert_int_equal(t->level[l].zero_teachers, u->level[l].zero_teachers);
        /* the share at 20%: met, or the shortfall reported with its reason */
        long want = ceil_share(0.20, t->eligible);
        if (t->moved >= want && t->backbone_moved >= ceil_share(0.20, t->moved)) {
            assert_int_equal(t->share_rules, 1);
        } else {
            assert_int_equal(t->share_rules, 0);
            assert_non_null(t->share_reason);
        }
        filler += t->moved_filler;
    }
    assert_true(filler > 0);
    assert_true(jh_rotation_plan_compare(&p, &r, (char[200]){0}, 200));
    assert_non_null(strstr(p.rotation_plan, "like-for-like exchanges"));
    assert_null(strstr(p.rotation_plan, "BUG"));
    jh_run_result_free(&p);
    jh_run_result_free(&r);
    jh_travel_rules_free(&s.travel);
}

static void test_padded_equals_reference(void **state)
{
    (void)state;
    check_padded(5);
    check_padded(17);
}

/* jh_simulate adopts a plan at least as good as the reference */
static void test_adopted_at_least_reference(void **state)
{
    (void)state;
    for (unsigned long seed = 5; seed <= 17; seed += 12) {
        jh_scenario s;
        scenario(&s, 0.20);
        jh_run_result a, r;
        jh_error err;
        assert_int_equal(jh_simulate_rotation(&a, &s, county(seed), JH_PLAN_AUTO, &r, &err), JH_OK);
        char why[400];
        assert_true(jh_rotation_plan_compare(&a, &r, why, sizeof why));
        assert_true(a.years[0].teachers.plan == 2 || a.years[0].teachers.plan == 3);
        assert_true(a.rotation_plan[0] != '\0');
        jh_run_result_free(&a);
        jh_run_result_free(&r);
        jh_travel_rules_free(&s.travel);
    }
}

/* the greedy plan adopted: the result owns the caller's county, which
 * holds what the run on the copy left (its warnings included) */
static void test_greedy_takes_the_county(void **state)
{
    (void)state;
    jh_scenario s;
    scenario(&s, 0.20);
    jh_county *c = county(5);
    jh_warnings_add(&c->warnings, "from the load");
    jh_run_result g;
    jh_error err;
    assert_int_equal(jh_simulate_rotation(&g, &s, c, JH_PLAN_GREEDY, NULL, &err), JH_OK);
    assert_ptr_equal(g.county, c);
    assert_ptr_equal(g.scenario, &s);
    assert_true(c->warnings.count >= 1);
    assert_string_equal(c->warnings.items[0], "from the load");
    for (size_t y = 0; y < g.n_years; y++) {
        assert_int_equal(g.years[y].teachers.plan, 2);
        assert_int_equal(g.years[y].teachers.moved_filler, 0);
    }
    assert_non_null(strstr(g.rotation_plan, "adopted (forced)"));
    jh_run_result_free(&g);
    jh_travel_rules_free(&s.travel);
}

/* the minimum share: one run, no plan, as before */
static void test_minimum_share_runs_once(void **state)
{
    (void)state;
    jh_scenario s;
    scenario(&s, 0.10);
    jh_run_result a, r, b;
    jh_error err;
    assert_int_equal(jh_simulate_rotation(&a, &s, county(5), JH_PLAN_AUTO, &r, &err), JH_OK);
    assert_int_equal(r.n_years, 0); /* no reference */
    assert_int_equal(jh_simulate_once(&b, &s, county(5), &err), JH_OK);
    assert_string_equal(a.rotation_plan, "");
    for (size_t y = 0; y < a.n_years; y++) {
        assert_int_equal(a.years[y].teachers.plan, 0);
        assert_int_equal(a.years[y].teachers.moved, b.years[y].teachers.moved);
        for (size_t i = 0; i < a.years[y].metrics.n_schools; i++)
            assert_true(a.years[y].metrics.schools[i].t_backbone ==
                        b.years[y].metrics.schools[i].t_backbone);
    }
    jh_run_result_free(&a);
    jh_run_result_free(&b);
    jh_travel_rules_free(&s.travel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_padded_equals_reference),
        cmocka_unit_test(test_adopted_at_least_reference),
        cmocka_unit_test(test_greedy_takes_the_county),
        cmocka_unit_test(test_minimum_share_runs_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
