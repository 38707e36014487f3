/* The gap to the standard and the recurrent costs (issue 22), by hand:
 * models/costs.c on its own, then through jh_metrics_compute on a small
 * county whose recurrent costs are summed independently here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "costs.h"
#include "metrics_fixture.h"
#include "sim/metrics.h"

#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static jh_rules defaults(void)
{
    jh_rules r;
    jh_rules_default(&r);
    return r;
}

/* 400 primary students with every quality figure at the standard but the
 * building: 3.0 m² per student. */
static jh_indicator_input school_400(void)
{
    jh_indicator_input in = {0};
    in.students = 400;
    in.above_degree = 17;      /* 4.2 x 4 = 16.8 */
    in.backbone = 4;           /* 1.0 x 4 */
    in.pe_art = 4;             /* 0.9 x 4 = 3.6 */
    in.building_m2 = 1200;     /* 3.0 x 400 */
    in.sports_m2 = 3000;       /* 7.5 x 400 */
    in.equipment_yuan = 800000; /* 2000 x 400 */
    in.multimedia_rooms = 10;  /* 2.3 x 4 = 9.2 */
    return in;
}

static void test_building_gap_priced(void **state)
{
    (void)state;
    jh_rules r = defaults();
    jh_indicator_input in = school_400();
    jh_gap g;
    jh_costs_gap(&in, r.quality_min[JH_PRIMARY], 0, 0, 0, &r.unit_costs, &g);
    assert_near(g.building_m2, (4.5 - 3.0) * 400, 1e-9); /* 600 m² */
    assert_near(g.cost_wan, 600.0 * 3500 / 10000, 1e-9); /* 210 wan */
    assert_near(g.sports_m2 + g.equipment_yuan + g.multimedia_rooms, 0, 0);
    assert_near(g.t_above_degree + g.t_backbone + g.t_pe_art, 0, 0);
    assert_near(g.teacher_cost_wan, 0, 0);

    /* with classrooms, music/art rooms and beds lacking too, and one
     * multimedia room and two PE/art teachers short */
    in.multimedia_rooms = 8.5; /* 9.2 needed: 1 whole room (0.7 rounded up) */
    in.pe_art = 1.6;           /* 3.6 needed: 2 teachers */
    jh_costs_gap(&in, r.quality_min[JH_PRIMARY], 3, 2, 10, &r.unit_costs, &g);
    assert_near(g.multimedia_rooms, 1, 0);
    assert_near(g.t_pe_art, 2, 0);
    assert_near(g.cost_wan, 210 + 1 * 3 + (3 + 2) * 55 + 10 * 2.5, 1e-9);
    assert_near(g.teacher_cost_wan, 2 * 10, 1e-12);
}

static void test_complying_school_no_gap(void **state)
{
    (void)state;
    jh_rules r = defaults();
    jh_indicator_input in = school_400();
    in.building_m2 = 1800; /* exactly 4.5 per student */
    jh_gap g;
    jh_costs_gap(&in, r.quality_min[JH_PRIMARY], 0, 0, 0, &r.unit_costs, &g);
    double q[JH_NQUALITY], b[JH_NBASIC];
    jh_indicators_values(&in, q, b);
    assert_true(jh_indicators_complies(q, r.quality_min[JH_PRIMARY], 6, 0.85, NULL));
    const double all[] = {g.building_m2, g.sports_m2, g.equipment_yuan, g.multimedia_rooms,
                          g.classrooms, g.music_art_rooms, g.beds, g.t_above_degree,
                          g.t_backbone, g.t_pe_art, g.cost_wan, g.teacher_cost_wan};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        assert_true(all[k] == 0.0);
    /* a school with no students lacks nothing per student */
    jh_indicator_input none = {0};
    jh_costs_gap(&none, r.quality_min[JH_JUNIOR], 0, 0, 0, &r.unit_costs, &g);
    assert_true(g.cost_wan == 0.0 && g.teacher_cost_wan == 0.0);
}

static void test_public_funds(void **state)
{
    (void)state;
    jh_rules r = defaults();
    const jh_unit_costs *u = &r.unit_costs;
    /* a 60-pupil primary is funded as 100: 100 x 650 yuan = 6.5 wan */
    double f = jh_costs_funded_students(60, 60, u);
    assert_near(f, 100, 1e-12);
    assert_near(jh_costs_public_funds_wan(f, JH_PRIMARY, u), 6.5, 1e-12);
    /* 400 junior students: 400 x 850 = 34 wan */
    assert_near(jh_costs_public_funds_wan(jh_costs_funded_students(400, 400, u), JH_JUNIOR, u),
                34, 1e-12);
    /* a nine-year school of 30 primary + 20 junior: funded as 60 + 40 */
    assert_near(jh_costs_funded_students(30, 50, u), 60, 1e-12);
    assert_near(jh_costs_funded_students(20, 50, u), 40, 1e-12);
    /* boarders: demand = beyond x share of grades 4 up, capped by beds */
    double b, t;
    assert_near(jh_costs_boarding_demand(30, 0.5), 15, 0);
    jh_costs_boarders(30, 15, 5, &b, &t);
    assert_near(b, 5, 0);
    assert_near(t, 25, 0);
    jh_costs_boarders(30, 15, 40, &b, &t);
    assert_near(b, 15, 0);
    assert_near(t, 15, 0);
}

/* A: primary 400 (building 3.0 m² each), all within 3 km; B: rural
 * primary of 60 (10 a grade), 5 beds, 30 pupils at 5 km; C: junior 300,
 * 50 beds, 80 students at 8 km. */
static void test_small_county(void **state)
{
    (void)state;
    jh_rules r = defaults();
    const int ga[9] = {67, 67, 67, 67, 66, 66, 0, 0, 0};
    const int gb[9] = {10, 10, 10, 10, 10, 10, 0, 0, 0};
    const int gc[9] = {0, 0, 0, 0, 0, 0, 100, 100, 100};
    jh_school s[3];
    s[0] = fixture_school(JH_SCHOOL_PRIMARY, JH_TOWN, ga);
    s[1] = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, gb);
    s[2] = fixture_school(JH_SCHOOL_JUNIOR, JH_TOWN, gc);
    const char *ids[3] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        s[i].id = (char *)ids[i];
        for (int g = 0; g < 9; g++)
            s[i].classes[g] = (s[i].students[g] + 44) / 45;
        s[i].classrooms = 40;
        s[i].res.music_rooms = s[i].res.art_rooms = 3;
    }
    jh_indicator_input a = school_400();
    s[0].res.teachers = 25;
    s[0].res.t_above_degree = a.above_degree;
    s[0].res.t_backbone = a.backbone;
    s[0].res.t_pe_art = a.pe_art;
    s[0].res.building_m2 = a.building_m2;
    s[0].res.sports_m2 = a.sports_m2;
    s[0].res.equipment_yuan = a.equipment_yuan;
    s[0].res.multimedia_rooms = a.multimedia_rooms;
    s[1].res.teachers = 5;
    s[1].res.boarding_beds = 5;
    s[2].res.teachers = 30;
    s[2].res.boarding_beds = 50;
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = 3;
    const jh_flow flows[] = {
        {0, 0, JH_PRIMARY, 400, 1000}, {1, 1, JH_PRIMARY, 30, 5000},
        {2, 1, JH_PRIMARY, 30, 1000},  {3, 2, JH_JUNIOR, 80, 8000},
        {4, 2, JH_JUNIOR, 220, 2000},
    };
    jh_year_metrics m;
    jh_error err;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, flows, 5, NULL, &err), JH_OK);
    const jh_school_metrics *ra = NULL;
    for (size_t k = 0; k < m.n_schools; k++)
        if (m.schools[k].school == 0)
            ra = &m.schools[k];
    assert_non_null(ra);
    assert_near(ra->gap.building_m2, 600, 1e-9);
    assert_near(ra->gap.cost_wan, 210, 1e-9);
    assert_near(ra->recurrent.boarders + ra->recurrent.transported, 0, 0);

    const jh_recurrent *p = &m.level[JH_PRIMARY].recurrent, *j = &m.level[JH_JUNIOR].recurrent;
    /* independent sums at the default rates */
    assert_near(p->teachers, (25 + 5) * 10, 1e-9);
    assert_near(j->teachers, 30 * 10, 1e-9);
    assert_near(p->public_funds, 400 * 650 / 1e4 + 100 * 650 / 1e4, 1e-9);
    assert_near(j->public_funds, 300 * 850 / 1e4, 1e-9);
    /* B: 30 beyond, half in grades 4-6 -> 15 wish to board, 5 beds */
    assert_near(p->boarders, 5, 0);
    assert_near(p->transported, 25, 0);
    assert_near(p->boarding, 5 * 1000 / 1e4, 1e-12);
    /* C: 80 beyond, all grade 7 up, 50 beds */
    assert_near(j->boarders, 50, 0);
    assert_near(j->transported, 30, 0);
    assert_near(j->boarding, 50 * 1250 / 1e4, 1e-12);
    assert_near(p->transport + j->transport, (25 + 30) * 1500 / 1e4, 1e-12);
    /* beds lacking: B 10, C 30, priced at 2.5 wan each in the level gaps */
    assert_near(m.level[JH_PRIMARY].gap.beds, 10, 0);
    assert_near(m.level[JH_JUNIOR].gap.beds, 30, 0);
    jh_year_metrics_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_building_gap_priced),
        cmocka_unit_test(test_complying_school_no_gap),
        cmocka_unit_test(test_public_funds),
        cmocka_unit_test(test_small_county),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
