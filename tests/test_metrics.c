/* jh_metrics_compute on a small hand-made county: what counts, CVs,
 * compliance and pass, classes, distances, boarding, staffing, the
 * zero-student warning, and the JSON shape. Expected values by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "sim/metrics.h"
#include "metrics_fixture.h"

#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

enum { NS = 8 };

/* S0 primary urban 200, S1 primary rural 100, S2 nine-year town 300+200,
 * S3 teaching point 49, S4 special 30 primary, S5 primary with 0 students,
 * S6 junior town 300, S7 closed primary. */
static void make_county(jh_county *c, jh_school *s)
{
    memset(c, 0, sizeof *c);
    memset(s, 0, NS * sizeof *s);
    const int g0[9] = {112, 18, 20, 20, 15, 15, 0, 0, 0};
    const int g1[9] = {20, 20, 15, 15, 15, 15, 0, 0, 0};
    const int g2[9] = {50, 50, 50, 50, 50, 50, 70, 70, 60};
    const int g3[9] = {10, 10, 10, 10, 9, 0, 0, 0, 0};
    const int g4[9] = {5, 5, 5, 5, 5, 5, 0, 0, 0};
    const int gz[9] = {0};
    const int g6[9] = {0, 0, 0, 0, 0, 0, 100, 100, 100};
    const int g7[9] = {30, 0, 0, 0, 0, 0, 0, 0, 0};
    s[0] = fixture_school(JH_SCHOOL_PRIMARY, JH_URBAN, g0);
    s[1] = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g1);
    s[2] = fixture_school(JH_SCHOOL_NINE_YEAR, JH_TOWN, g2);
    s[3] = fixture_school(JH_SCHOOL_TEACHING_POINT, JH_RURAL, g3);
    s[4] = fixture_school(JH_SCHOOL_SPECIAL, JH_URBAN, g4);
    s[5] = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, gz);
    s[6] = fixture_school(JH_SCHOOL_JUNIOR, JH_TOWN, g6);
    s[7] = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g7);
    s[7].status = JH_STATUS_CLOSED;
    const char *ids[NS] = {"S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7"};
    for (int i = 0; i < NS; i++) {
        s[i].id = (char *)ids[i];
        for (int g = 0; g < 9; g++)
            s[i].classes[g] = (s[i].students[g] + 44) / 45;
        s[i].classrooms = 40;
    }
    s[0].classes[0] = 2; /* 112 in 2: 56, 56 -> two large classes */
    /* S0: reaches all 7 (200 students) */
    s[0].res = (jh_resources){.teachers = 12, .t_above_degree = 9, .t_backbone = 2,
                              .t_pe_art = 2, .t_senior_title = 4, .building_m2 = 1000,
                              .sports_m2 = 1600, .equipment_yuan = 400000,
                              .multimedia_rooms = 5, .computers = 20, .books = 6000};
    /* S1: above-degree at exactly 85% (3.57 per 100), the rest reached */
    s[1].res = (jh_resources){.teachers = 7, .t_above_degree = 3.57, .t_backbone = 1,
                              .t_pe_art = 1, .t_senior_title = 2, .building_m2 = 450,
                              .sports_m2 = 750, .equipment_yuan = 200000,
                              .multimedia_rooms = 3, .computers = 8, .books = 2000};
    /* S2: shared facilities split 300 : 220 */
    s[2].res = (jh_resources){.teachers = 52, .t_above_degree = 26, .t_backbone = 5.2,
                              .t_pe_art = 5.2, .t_senior_title = 10.4, .building_m2 = 5200,
                              .sports_m2 = 5200, .equipment_yuan = 1300000,
                              .multimedia_rooms = 13, .computers = 52, .books = 10400,
                              .boarding_beds = 100};
    s[3].res = (jh_resources){.teachers = 3, .building_m2 = 100};
    s[4].res = (jh_resources){.teachers = 8, .building_m2 = 900};
    s[6].res = (jh_resources){.teachers = 20, .t_above_degree = 16, .t_backbone = 3,
                              .t_pe_art = 3, .t_senior_title = 6, .building_m2 = 1800,
                              .sports_m2 = 3100, .equipment_yuan = 780000,
                              .multimedia_rooms = 8, .computers = 30, .books = 9000,
                              .boarding_beds = 50};
    c->schools = s;
    c->n_schools = NS;
}

static const jh_flow FLOWS[] = {
    {0, 0, JH_PRIMARY, 200, 1500}, {1, 1, JH_PRIMARY, 100, 4000},
    {2, 2, JH_PRIMARY, 300, 2500}, {3, -1, JH_PRIMARY, 7, NAN},
    {2, 2, JH_JUNIOR, 200, 6000},  {4, 6, JH_JUNIOR, 300, 3000},
};

static void test_county(void **state)
{
    (void)state;
    jh_county c;
    jh_school s[NS];
    make_county(&c, s);
    jh_rules r;
    fixture_rules(&r);
    jh_warnings w = {0};
    jh_error err;
    jh_year_metrics m;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, FLOWS, 6, &w, &err), JH_OK);

    /* the zero-student school: one warning naming it, no NaN anywhere */
    assert_int_equal(w.count, 1);
    assert_non_null(strstr(w.items[0], "S5"));
    const jh_level_metrics *p = &m.level[JH_PRIMARY], *j = &m.level[JH_JUNIOR];
    for (int k = 0; k < JH_NQUALITY; k++)
        assert_true(isfinite(p->quality.ind[k].cv) && isfinite(j->quality.ind[k].cv));
    for (int k = 0; k < JH_NBASIC; k++)
        assert_true(isfinite(p->basic.ind[k].cv) && isfinite(j->basic.ind[k].cv));

    /* rows: S0 S1 S2p S2j S3 S4 S5 S6 (S7 closed) */
    assert_int_equal(m.n_schools, 8);
    assert_int_equal(p->schools, 6);
    assert_int_equal(p->schools_counted, 3); /* S0 S1 S2 */
    assert_int_equal(j->schools, 2);
    assert_int_equal(j->schools_counted, 2);
    assert_int_equal(p->students, 200 + 100 + 300 + 49 + 30);
    assert_int_equal(j->students, 500);

    /* primary building per student: S0 5 (200), S1 4.5 (100), S2 10 (300) */
    double x[3] = {5, 4.5, 10}, wt[3] = {200, 100, 300};
    double mean = (1000 + 450 + 3000) / 600.0, var = 0;
    for (int i = 0; i < 3; i++)
        var += wt[i] / 600 * (x[i] - mean) * (x[i] - mean);
    assert_near(p->quality.ind[JH_Q_BUILDING_M2_PER_STUDENT].mean, mean, 1e-12);
    assert_near(p->quality.ind[JH_Q_BUILDING_M2_PER_STUDENT].cv, sqrt(var) / mean, 1e-12);
    assert_near(p->basic.ind[JH_B_BUILDING_M2_PER_STUDENT].cv, sqrt(var) / mean, 1e-12);
    /* junior building: S2 2200/200 = 11, S6 6; mean 8, var .4*9 + .6*4 = 6 */
    assert_near(j->quality.ind[JH_Q_BUILDING_M2_PER_STUDENT].cv, sqrt(6.0) / 8, 1e-12);
    double cvsum = 0;
    for (int k = 0; k < JH_NQUALITY; k++)
        cvsum += j->quality.ind[k].cv;
    assert_near(j->quality.cv_mean, cvsum / 7, 1e-15);

    /* teachers split like facilities without a roster: S2 30 / 22 */
    for (size_t k = 0; k < m.n_schools; k++) {
        const jh_school_metrics *row = &m.schools[k];
        if (row->school == 2)
            assert_near(row->teachers, row->level == JH_PRIMARY ? 30 : 22, 1e-12);
        if (row->school == 5) {
            assert_false(row->counted);
            for (int q = 0; q < JH_NQUALITY; q++)
                assert_true(row->quality[q] == 0.0);
        }
        if (row->school == 3 || row->school == 4)
            assert_false(row->counted);
        if (row->school == 1) {
            assert_true(row->compliant); /* exactly 85% */
            assert_int_equal(row->indicators_reached, 6);
        }
        if (row->school == 0)
            assert_near(row->mean_distance_km, 1.5, 1e-12);
        assert_true(row->school != 7);
    }
    /* S2 split totals: above-degree 26 * 300/520 = 15 -> 5 per 100: all
     * reached; so primary all three comply */
    assert_int_equal(p->schools_compliant, 3);
    assert_int_equal(j->schools_compliant, 2);

    /* classes: S0 g1 56+56 */
    assert_int_equal(p->large_classes, 2);
    assert_int_equal(p->super_large_classes, 0);
    assert_int_equal(p->largest_class, 56);

    /* access, primary: [1.5 x200, 2.5 x300, 4 x100] */
    assert_near(p->mean_distance_km, (300 + 400 + 750) / 600.0, 1e-12);
    assert_near(p->median_distance_km, 2.5, 1e-12);
    assert_near(p->p95_distance_km, 4.0, 1e-12);
    assert_near(p->max_distance_km, 4.0, 0);
    assert_near(p->share_beyond_distance, 100 / 600.0, 1e-15);
    assert_int_equal(p->unplaced_students, 7);
    /* junior: 200 at 6 km beyond 5; beds S2 100 * 220/520 + S6 50 */
    assert_int_equal(j->boarding_needed, 200);
    assert_int_equal(j->boarding_beds, lround(100 * 220.0 / 520 + 50));
    /* staffing: posts = students / 19 summed over the level's schools */
    assert_near(p->posts_needed, 679 / 19.0, 1e-9);
    double tp = 12 + 7 + 30 + 3 + 8 + 0;
    assert_near(p->posts_short - p->posts_surplus, p->posts_needed - tp, 1e-9);
    assert_near(p->students_per_teacher, 679 / tp, 1e-12);
    assert_near(j->posts_needed, 500 / 13.5, 1e-9);

    jh_year_metrics_free(&m);
    jh_warnings_free(&w);
}

/* The passes: junior passes; primary fails when S1 drops below 85%, and
 * per-level teacher counts from a roster replace the split. */
static void test_pass_and_staff(void **state)
{
    (void)state;
    jh_county c;
    jh_school s[NS];
    make_county(&c, s);
    jh_rules r;
    fixture_rules(&r);
    jh_error err;
    jh_year_metrics m;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, FLOWS, 6, NULL, &err), JH_OK);
    const jh_level_metrics *j = &m.level[JH_JUNIOR];
    for (int k = 0; k < JH_NQUALITY; k++)
        assert_true(j->quality.ind[k].cv <= 0.45);
    assert_true(j->quality.cv_pass);
    assert_true(j->quality.pass);
    bool all = true;
    for (int k = 0; k < JH_NQUALITY; k++)
        all = all && m.level[JH_PRIMARY].quality.ind[k].cv <= 0.5;
    assert_int_equal(m.level[JH_PRIMARY].quality.pass, all);
    jh_year_metrics_free(&m);

    s[1].res.t_above_degree = 3.56;
    jh_level_staff staff[2 * NS];
    memset(staff, 0, sizeof staff);
    for (int i = 0; i < NS; i++) {
        jh_level l = s[i].type == JH_SCHOOL_JUNIOR ? JH_JUNIOR : JH_PRIMARY;
        staff[2 * i + l] = (jh_level_staff){s[i].res.teachers, s[i].res.t_above_degree,
                                            s[i].res.t_backbone, s[i].res.t_pe_art,
                                            s[i].res.t_senior_title};
    }
    /* S2 from its roster: primary above-degree 6 of 300 = 2 per 100 (< 85%) */
    staff[2 * 2 + JH_PRIMARY] = (jh_level_staff){20, 6, 3, 3, 5};
    staff[2 * 2 + JH_JUNIOR] = (jh_level_staff){18, 12, 2, 2, 6};
    assert_int_equal(jh_metrics_compute(&m, &c, &r, staff, FLOWS, 6, NULL, &err), JH_OK);
    const jh_level_metrics *p = &m.level[JH_PRIMARY];
    assert_int_equal(p->schools_compliant, 1); /* S0 only */
    assert_false(p->quality.pass);
    for (size_t k = 0; k < m.n_schools; k++)
        if (m.schools[k].school == 2) {
            assert_near(m.schools[k].teachers, m.schools[k].level == JH_PRIMARY ? 20 : 18, 0);
            if (m.schools[k].level == JH_JUNIOR)
                assert_near(m.schools[k].basic[JH_B_TEACHERS_PER_STUDENT], 18 / 200.0, 1e-15);
        }
    /* basic passes on CVs alone: it does not look at compliance */
    bool basic_ok = true;
    for (int k = 0; k < JH_NBASIC; k++)
        basic_ok = basic_ok && p->basic.ind[k].cv <= 0.65;
    assert_int_equal(p->basic.pass, basic_ok);
    jh_year_metrics_free(&m);
}

/* STANDARDS.md worked check through the whole computation. */
static void test_worked_check_county(void **state)
{
    (void)state;
    const int st[5] = {45, 37, 89, 76, 55};
    const double books[5] = {279, 137, 935, 160, 402};
    jh_school s[5];
    for (int i = 0; i < 5; i++) {
        int g[9] = {0};
        g[2] = st[i];
        s[i] = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g);
        s[i].res.books = books[i];
        s[i].classes[2] = 2;
    }
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = 5;
    jh_rules r;
    fixture_rules(&r);
    jh_year_metrics m;
    jh_error err;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, NULL, 0, NULL, &err), JH_OK);
    const jh_indicator_stats *b = &m.level[JH_PRIMARY].basic.ind[JH_B_BOOKS_PER_STUDENT];
    assert_near(b->cv, 0.51525662988447645, 1e-9);
    assert_near(b->mean, 1913.0 / 302, 1e-12);
    /* no junior schools: NaN figures, no pass */
    assert_true(isnan(m.level[JH_JUNIOR].quality.cv_mean));
    assert_false(m.level[JH_JUNIOR].quality.pass);
    /* no flows: no distances */
    assert_true(isnan(m.level[JH_PRIMARY].mean_distance_km));

    json_t *o = jh_level_metrics_to_json(&m.level[JH_PRIMARY]);
    assert_non_null(o);
    json_t *basic = json_object_get(o, "basic");
    assert_int_equal(json_object_size(json_object_get(basic, "cv")), 8);
    assert_near(json_real_value(json_object_get(json_object_get(basic, "cv"), "books_per_student")),
                b->cv, 0);
    json_t *quality = json_object_get(o, "quality");
    assert_int_equal(json_object_size(json_object_get(quality, "cv")), 7);
    assert_non_null(json_object_get(json_object_get(quality, "cv"), "multimedia_per100"));
    const char *parts[] = {"gini", "theil", "theil_between", "theil_within"};
    for (int k = 0; k < 4; k++)
        assert_int_equal(json_object_size(json_object_get(quality, parts[k])), 7);
    assert_true(json_is_boolean(json_object_get(quality, "pass")));
    /* one verdict per indicator beside its CV (DESIGN.md contract) */
    json_t *cvp = json_object_get(quality, "cv_pass");
    assert_int_equal(json_object_size(cvp), 7);
    assert_true(json_is_boolean(json_object_get(cvp, "books_per_student") ? NULL
                                : json_object_get(cvp, "building_m2_per_student")));
    assert_int_equal(json_object_size(json_object_get(json_object_get(o, "basic"), "cv_pass")), 8);
    json_t *items = json_object_get(json_object_get(o, "guarantee"), "items");
    assert_int_equal(json_object_size(items), JH_NGUARANTEE);
    json_t *it = json_object_get(items, "schools_over_size");
    assert_non_null(json_object_get(it, "value"));
    assert_non_null(json_object_get(it, "limit"));
    assert_true(json_is_boolean(json_object_get(it, "pass")));
    assert_true(json_is_null(json_object_get(o, "mean_distance_km")));
    assert_int_equal(json_integer_value(json_object_get(o, "students")), 302);
    const char *keys[] = {"students", "schools", "schools_counted", "schools_compliant",
                          "large_classes", "super_large_classes", "mean_class_size",
                          "largest_class", "classrooms_short", "schools_over_size",
                          "schools_short_music_art", "mean_distance_km", "median_distance_km",
                          "p95_distance_km", "max_distance_km", "share_beyond_distance",
                          "boarding_needed", "boarding_beds", "unplaced_students",
                          "posts_needed", "posts_short", "posts_surplus",
                          "students_per_teacher",
                          /* issue 11: classes against the standard, guarantee */
                          "classes", "classes_over_standard", "students_over_standard",
                          "classrooms_needed", "guarantee",
                          /* issue 13: migration of the enrolled, migrant children */
                          "students_left", "students_arrived", "inflow", "inflow_private",
                          /* issue 22: the gap to the standard, recurrent costs */
                          "gap", "recurrent_wan", "boarders", "transported", "funded_students"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        assert_non_null(json_object_get(o, keys[k]));
    assert_int_equal(json_object_size(o), 2 + sizeof keys / sizeof *keys);
    /* NaN-free JSON text */
    char *text = json_dumps(o, 0);
    assert_non_null(text);
    assert_null(strstr(text, "nan"));
    free(text);
    json_decref(o);
    json_t *jo = jh_level_metrics_to_json(&m.level[JH_JUNIOR]);
    assert_true(json_is_null(json_object_get(json_object_get(json_object_get(jo, "quality"), "cv"),
                                             "backbone_per100")));
    json_decref(jo);
    jh_year_metrics_free(&m);
}


/* A deterministic pseudo-random county of every school type, checked
 * against an independent, naive computation of the 15 CVs per level and of
 * school compliance written straight from STANDARDS.md (long double, two
 * passes, no code shared with models/). */
static unsigned long lcg_state = 12345;
static double rnd(void)
{
    lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(lcg_state >> 11) / 9007199254740992.0;
}

static void test_independent(void **state)
{
    (void)state;
    enum { N = 60 };
    jh_school s[N];
    static const char *ids[N];
    static char idbuf[N][8];
    jh_rules r;
    fixture_rules(&r);
    for (int i = 0; i < N; i++) {
        jh_school_type types[] = {JH_SCHOOL_PRIMARY, JH_SCHOOL_JUNIOR, JH_SCHOOL_NINE_YEAR,
                                  JH_SCHOOL_COMPLETE_MIDDLE, JH_SCHOOL_TWELVE_YEAR,
                                  JH_SCHOOL_TEACHING_POINT, JH_SCHOOL_SPECIAL,
                                  JH_SCHOOL_PRIMARY, JH_SCHOOL_PRIMARY, JH_SCHOOL_JUNIOR};
        jh_school_type t = types[i % 10];
        int g[9] = {0};
        int lo = jh_school_serves(t, JH_PRIMARY) ? 0 : 6;
        int hi = jh_school_serves(t, JH_JUNIOR) ? 9 : 6;
        for (int k = lo; k < hi; k++)
            g[k] = (int)(rnd() * (t == JH_SCHOOL_TEACHING_POINT ? 18 : 120));
        s[i] = fixture_school(t, (jh_area)(i % 3), g);
        snprintf(idbuf[i], sizeof idbuf[i], "R%d", i);
        ids[i] = idbuf[i];
        s[i].id = idbuf[i];
        if (t == JH_SCHOOL_COMPLETE_MIDDLE || t == JH_SCHOOL_TWELVE_YEAR)
            s[i].students_senior = (int)(rnd() * 400);
        if (i % 13 == 12)
            s[i].status = JH_STATUS_CLOSED;
        double size = 300 + rnd() * 900;
        s[i].res = (jh_resources){size / 14 * (0.7 + rnd() * 0.6), size / 20 * rnd(),
                                  size / 90 * rnd() + 1, size / 110 * (0.5 + rnd()),
                                  size / 30 * rnd(), size * (3 + 4 * rnd()),
                                  size * (5 + 8 * rnd()), size * (1500 + 1500 * rnd()),
                                  size / 45 * (0.5 + rnd()), size / 9 * rnd(),
                                  size * 25 * rnd(), 0, 0, 0};
    }
    (void)ids;
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = N;
    jh_year_metrics m;
    jh_error err;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, NULL, 0, NULL, &err), JH_OK);

    for (int l = 0; l < 2; l++) {
        long double vals[15][N], w[N];
        int n = 0, compliant = 0;
        for (int i = 0; i < N; i++) {
            const jh_school *sc = &s[i];
            jh_school_type t = sc->type;
            if (sc->status == JH_STATUS_CLOSED || t == JH_SCHOOL_SPECIAL)
                continue;
            long double p = 0, j = 0;
            for (int k = 0; k < 6; k++)
                p += sc->students[k];
            for (int k = 6; k < 9; k++)
                j += sc->students[k];
            if (l == 0 && !(t == JH_SCHOOL_PRIMARY || t == JH_SCHOOL_TEACHING_POINT ||
                            t == JH_SCHOOL_NINE_YEAR || t == JH_SCHOOL_TWELVE_YEAR))
                continue;
            if (l == 1 && !(t == JH_SCHOOL_JUNIOR || t == JH_SCHOOL_COMPLETE_MIDDLE ||
                            t == JH_SCHOOL_NINE_YEAR || t == JH_SCHOOL_TWELVE_YEAR))
                continue;
            if (t == JH_SCHOOL_TEACHING_POINT && p + j < 50)
                continue;
            long double mine = l == 0 ? p : j;
            if (mine <= 0)
                continue;
            long double wp = p, wj = j, ws = 0;
            if (t == JH_SCHOOL_NINE_YEAR)
                wj = 1.1L * j;
            if (t == JH_SCHOOL_COMPLETE_MIDDLE)
                ws = 1.2L * sc->students_senior;
            if (t == JH_SCHOOL_TWELVE_YEAR) {
                wj = 1.1L * j;
                ws = 1.32L * sc->students_senior;
            }
            long double f = (l == 0 ? wp : wj) / (wp + wj + ws);
            const jh_resources *q = &sc->res;
            long double v[15] = {
                100 * q->t_above_degree * f / mine, 100 * q->t_backbone * f / mine,
                100 * q->t_pe_art * f / mine,       q->building_m2 * f / mine,
                q->sports_m2 * f / mine,            q->equipment_yuan * f / mine,
                100 * q->multimedia_rooms * f / mine,
                q->building_m2 * f / mine,          q->sports_m2 * f / mine,
                q->equipment_yuan * f / mine,       100 * q->computers * f / mine,
                q->books * f / mine,                q->teachers * f / mine,
                q->t_above_degree * f / mine,       q->t_senior_title * f / mine};
            for (int k = 0; k < 15; k++)
                vals[k][n] = v[k];
            w[n] = mine;
            int reached = 0, low = 0;
            for (int k = 0; k < 7; k++) {
                if (v[k] >= r.quality_min[l][k])
                    reached++;
                else if (v[k] < 0.85L * r.quality_min[l][k])
                    low++;
            }
            compliant += reached >= 6 && low == 0;
            n++;
        }
        assert_int_equal(m.level[l].schools_counted, n);
        assert_int_equal(m.level[l].schools_compliant, compliant);
        assert_true(n > 5 && compliant > 0 && compliant < n);
        for (int k = 0; k < 15; k++) {
            long double W = 0, X = 0;
            for (int i = 0; i < n; i++) {
                W += w[i];
                X += w[i] * vals[k][i];
            }
            long double mean = X / W, ss = 0;
            for (int i = 0; i < n; i++)
                ss += w[i] / W * (vals[k][i] - mean) * (vals[k][i] - mean);
            double cv = (double)(sqrtl(ss) / mean);
            double got = k < 7 ? m.level[l].quality.ind[k].cv : m.level[l].basic.ind[k - 7].cv;
            assert_true(fabs(got - cv) <= 1e-9 * cv);
        }
    }
    jh_year_metrics_free(&m);
}

/* Equal indicator rows share one spread (metrics.c: row_spread): three
 * primary schools of 100, 200 and 300 students where t_backbone equals
 * t_pe_art (1, 2, 3) but for the last school (3 vs 4). Quality's backbone
 * and pe_art rows are 1.0 1.0 1.0 and 1.0 1.0 1.333..: pe_art's spread is
 * its own (mean 1.1666.., a CV above 0), backbone's all zero; basic's
 * building, sports and equipment rows are quality's bit for bit. */
static void test_equal_rows_share_spread(void **state)
{
    (void)state;
    jh_school s[3];
    const int g[3][9] = {{20, 20, 20, 20, 10, 10, 0, 0, 0},
                         {40, 40, 40, 40, 20, 20, 0, 0, 0},
                         {60, 60, 60, 60, 30, 30, 0, 0, 0}};
    const double pe[3] = {1, 2, 4};
    for (int i = 0; i < 3; i++) {
        s[i] = fixture_school(JH_SCHOOL_PRIMARY, JH_URBAN, g[i]);
        double n = 100.0 * (i + 1);
        s[i].res = (jh_resources){.teachers = n / 15, .t_above_degree = n / 20,
                                  .t_backbone = i + 1, .t_pe_art = pe[i],
                                  .t_senior_title = n / 50, .building_m2 = n * (5 + i),
                                  .sports_m2 = n * (8 + i), .equipment_yuan = n * (2000 + i),
                                  .multimedia_rooms = 3, .computers = n / 10, .books = n * 30};
    }
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = 3;
    jh_rules r;
    fixture_rules(&r);
    jh_year_metrics m;
    jh_error err;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, NULL, 0, NULL, &err), JH_OK);
    const jh_level_metrics *lm = &m.level[JH_PRIMARY];
    const jh_indicator_stats *bb = &lm->quality.ind[JH_Q_BACKBONE_PER100];
    const jh_indicator_stats *pa = &lm->quality.ind[JH_Q_PE_ART_PER100];
    assert_true(bb->mean == 1.0 && bb->cv == 0.0 && bb->gini == 0.0);
    /* pe_art per 100: 1, 1, 4/3 weighted 100, 200, 300: mean 700/600 */
    assert_near(pa->mean, 7.0 / 6.0, 1e-12);
    assert_true(pa->cv > 0.1 && pa->gini > 0.05);
    double x[3] = {1.0, 1.0, 100.0 * 4 / 300}, w[3] = {100, 200, 300};
    jh_spread sp;
    assert_int_equal(jh_indicators_spread(x, w, NULL, 3, &sp), JH_OK);
    assert_memory_equal(&pa->cv, &sp.cv, sizeof sp.cv);
    assert_memory_equal(&pa->gini, &sp.gini, sizeof sp.gini);
    const int shared[3][2] = {{JH_Q_BUILDING_M2_PER_STUDENT, JH_B_BUILDING_M2_PER_STUDENT},
                              {JH_Q_SPORTS_M2_PER_STUDENT, JH_B_SPORTS_M2_PER_STUDENT},
                              {JH_Q_EQUIPMENT_YUAN_PER_STUDENT, JH_B_EQUIPMENT_YUAN_PER_STUDENT}};
    for (int k = 0; k < 3; k++) {
        const jh_indicator_stats *q = &lm->quality.ind[shared[k][0]];
        const jh_indicator_stats *b = &lm->basic.ind[shared[k][1]];
        assert_true(q->cv > 0);
        assert_memory_equal(q, b, sizeof *q);
    }
    /* basic teachers per student (1/15 everywhere) is not quality's
     * above_degree row (5 per 100) though both are flat */
    assert_near(lm->basic.ind[JH_B_TEACHERS_PER_STUDENT].mean, 1.0 / 15, 1e-15);
    assert_near(lm->quality.ind[JH_Q_ABOVE_DEGREE_PER100].mean, 5.0, 1e-12);
    jh_year_metrics_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_county),
        cmocka_unit_test(test_pass_and_staff),
        cmocka_unit_test(test_worked_check_county),
        cmocka_unit_test(test_independent),
        cmocka_unit_test(test_equal_rows_share_spread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
