/* Issue 11's verdicts, hand-computed: sustained pass years, the county
 * verdict over both levels and the parts not assessed, the reasons a level
 * fails (compliance alone; a CV over its limit), an indicator without data,
 * and the guarantee's rotation items. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indicators.h"
#include "sim/scenario_io.h"
#include "metrics_fixture.h"
#include "sim/metrics.h"
#include "verdicts.h"

/* Passing 2025-2032 and failing 2033-2035: it first passes in 2025, but
 * does not hold to the end: pass_from_year null (0), final year fails. */
static void test_pass_then_fail(void **state)
{
    (void)state;
    bool pass[11];
    for (int y = 0; y < 11; y++)
        pass[y] = 2025 + y <= 2032;
    jh_verdict_years v;
    jh_verdict_years_of(pass, 11, 2025, &v);
    assert_int_equal(v.first, 2025);
    assert_int_equal(v.from, 0);
    assert_false(v.final);
    /* failing 2025-2027, passing 2028, failing 2029, passing 2030-2035 */
    for (int y = 0; y < 11; y++)
        pass[y] = (2025 + y == 2028) || 2025 + y >= 2030;
    jh_verdict_years_of(pass, 11, 2025, &v);
    assert_int_equal(v.first, 2028);
    assert_int_equal(v.from, 2030);
    assert_true(v.final);
    /* every year */
    for (int y = 0; y < 11; y++)
        pass[y] = true;
    jh_verdict_years_of(pass, 11, 2025, &v);
    assert_int_equal(v.first, 2025);
    assert_int_equal(v.from, 2025);
    /* never */
    for (int y = 0; y < 11; y++)
        pass[y] = false;
    jh_verdict_years_of(pass, 11, 2025, &v);
    assert_int_equal(v.first, 0);
    assert_int_equal(v.from, 0);
    jh_verdict_years_of(pass, 0, 2025, &v);
    assert_int_equal(v.first, 0);
    assert_false(v.final);
}

static void test_county_verdict(void **state)
{
    (void)state;
    jh_assessed a = {.quality_given = true, .quality = true, .satisfaction_given = true,
                     .satisfaction = 0.91, .satisfaction_min = 0.85};
    bool yes[2] = {true, true}, one[2] = {true, false};
    jh_county_verdict v;
    jh_verdict_county(yes, yes, yes, &a, &v);
    assert_true(v.basic && v.resources && v.guarantee && v.quality);
    /* one level fails: the county fails */
    jh_verdict_county(one, yes, yes, &a, &v);
    assert_false(v.basic);
    assert_true(v.quality);
    jh_verdict_county(yes, one, yes, &a, &v);
    assert_false(v.resources);
    assert_false(v.quality);
    jh_verdict_county(yes, yes, one, &a, &v);
    assert_false(v.guarantee);
    assert_false(v.quality);
    /* parts not assessed never pass */
    jh_assessed none = {0};
    jh_verdict_county(yes, yes, yes, &none, &v);
    assert_false(v.quality_assessed);
    assert_false(v.satisfaction_assessed);
    assert_false(v.quality);
    jh_verdict_county(yes, yes, yes, NULL, &v);
    assert_false(v.quality);
    /* satisfaction below 0.85 fails; exactly 0.85 passes */
    a.satisfaction = 0.84;
    jh_verdict_county(yes, yes, yes, &a, &v);
    assert_false(v.satisfaction);
    assert_false(v.quality);
    a.satisfaction = 0.85;
    jh_verdict_county(yes, yes, yes, &a, &v);
    assert_true(v.quality);
    a.quality = false; /* education quality judged not to hold */
    jh_verdict_county(yes, yes, yes, &a, &v);
    assert_false(v.quality);
}

/* A level whose CVs are all within the limit and whose schools do not all
 * comply: the reason named is compliance, and only compliance. */
static void test_fails_on_compliance_only(void **state)
{
    (void)state;
    jh_level_metrics m;
    memset(&m, 0, sizeof m);
    m.quality.count = JH_NQUALITY;
    m.quality.cv_limit = 0.45;
    for (int k = 0; k < JH_NQUALITY; k++) {
        m.quality.ind[k].cv = 0.2;
        m.quality.ind_pass[k] = true;
    }
    m.quality.cv_pass = true;
    m.quality.compliance_pass = false;
    m.quality.pass = false;
    m.schools_counted = 28;
    m.schools_compliant = 7;
    char buf[512];
    jh_metrics_fail_reasons(&m, JH_STANDARD_QUALITY, buf, sizeof buf);
    assert_string_equal(buf, "7 of 28 schools comply (all needed)");
    /* one CV over its limit as well */
    m.quality.ind[JH_Q_SPORTS_M2_PER_STUDENT].cv = 0.7534;
    m.quality.ind_pass[JH_Q_SPORTS_M2_PER_STUDENT] = false;
    m.quality.cv_pass = false;
    jh_metrics_fail_reasons(&m, JH_STANDARD_QUALITY, buf, sizeof buf);
    assert_string_equal(buf, "sports_m2_per_student 0.753 > 0.45; 7 of 28 schools comply (all needed)");
    /* a pass has no reasons */
    m.basic.pass = true;
    jh_metrics_fail_reasons(&m, JH_STANDARD_BASIC, buf, sizeof buf);
    assert_string_equal(buf, "");
}

/* Two primary schools, equal in everything: every CV 0, both comply. With
 * the multimedia_rooms field missing the quality multimedia indicator has
 * no data: CV NaN (null), its cv_pass false, the level does not pass, and
 * the reason says so; the basic set (which does not read it) passes. */
static void test_missing_field(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    int g[9] = {100, 100, 100, 100, 100, 100, 0, 0, 0}; /* 2 classes of 50 a grade */
    jh_school s[2];
    for (int i = 0; i < 2; i++) {
        s[i] = fixture_school(JH_SCHOOL_PRIMARY, JH_TOWN, g);
        s[i].res = (jh_resources){.teachers = 40, .t_above_degree = 30, .t_backbone = 8,
                                  .t_pe_art = 6, .t_senior_title = 10, .building_m2 = 3000,
                                  .sports_m2 = 5000, .equipment_yuan = 1300000,
                                  .multimedia_rooms = 15, .computers = 100, .books = 20000,
                                  .music_rooms = 1, .art_rooms = 1};
        for (int k = 0; k < 6; k++)
            s[i].classes[k] = 2;
        s[i].classrooms = 12;
    }
    jh_county c;
    memset(&c, 0, sizeof c);
    c.schools = s;
    c.n_schools = 2;
    jh_year_metrics m;
    jh_error err;
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, NULL, 0, NULL, &err), JH_OK);
    const jh_level_metrics *p = &m.level[JH_PRIMARY];
    assert_true(p->quality.pass);
    assert_true(p->quality.ind_pass[JH_Q_MULTIMEDIA_PER100]);
    assert_int_equal(p->classes_over_standard, 24); /* 50 > 45 in every class of both */
    /* ceil(100/45) = 3 rooms a grade at the standard: 18 against 12, per school */
    assert_int_equal(p->classrooms_needed, 2 * (18 - 12));
    assert_int_equal(p->students_over_standard, 1200);
    assert_int_equal(m.schools[0].classes_over_standard, 12);
    assert_int_equal(m.schools[0].classrooms_needed, 6);
    jh_year_metrics_free(&m);

    c.res_missing = 1u << 8; /* multimedia_rooms */
    assert_int_equal(jh_metrics_compute(&m, &c, &r, NULL, NULL, 0, NULL, &err), JH_OK);
    p = &m.level[JH_PRIMARY];
    assert_true(p->quality.no_data[JH_Q_MULTIMEDIA_PER100]);
    assert_true(isnan(p->quality.ind[JH_Q_MULTIMEDIA_PER100].cv));
    assert_false(p->quality.ind_pass[JH_Q_MULTIMEDIA_PER100]);
    assert_true(p->quality.ind_pass[JH_Q_BUILDING_M2_PER_STUDENT]);
    assert_false(p->quality.pass);
    assert_true(isnan(p->quality.cv_mean));
    assert_true(p->basic.pass);
    char buf[512];
    assert_non_null(strstr(jh_metrics_fail_reasons(p, JH_STANDARD_QUALITY, buf, sizeof buf),
                           "multimedia_per100 no data"));
    json_t *o = jh_level_metrics_to_json(p);
    json_t *q = json_object_get(o, "quality");
    assert_true(json_is_null(json_object_get(json_object_get(q, "cv"), "multimedia_per100")));
    assert_true(json_is_false(json_object_get(json_object_get(q, "cv_pass"), "multimedia_per100")));
    assert_true(json_is_false(json_object_get(q, "pass")));
    json_decref(o);
    jh_year_metrics_free(&m);
}

/* Rotation items: none without a policy; 10% of eligible and 20% backbone
 * pass at the limit exactly. */
static void test_rotation_items(void **state)
{
    (void)state;
    jh_rules r;
    jh_rules_default(&r);
    jh_level_metrics m;
    memset(&m, 0, sizeof m);
    for (int k = 0; k < JH_NGUARANTEE; k++)
        m.guarantee.item[k].pass = true;
    jh_metrics_guarantee_rotation(&m, &r, false, 100, 0, 0);
    assert_false(m.guarantee.item[JH_G_ROTATION_SHARE].pass);
    assert_false(m.guarantee.pass);
    jh_metrics_guarantee_rotation(&m, &r, true, 100, 10, 2);
    assert_true(m.guarantee.item[JH_G_ROTATION_SHARE].pass);
    assert_true(m.guarantee.item[JH_G_ROTATION_BACKBONE_SHARE].pass);
    assert_true(m.guarantee.pass);
    jh_metrics_guarantee_rotation(&m, &r, true, 100, 9, 2);
    assert_false(m.guarantee.item[JH_G_ROTATION_SHARE].pass);
    jh_metrics_guarantee_rotation(&m, &r, true, 100, 10, 1);
    assert_false(m.guarantee.item[JH_G_ROTATION_BACKBONE_SHARE].pass);
    assert_false(m.guarantee.pass);
}

/* The scenario keys of issue 11 parse, and plan.yaml writes them back. */
static void test_scenario_keys(void **state)
{
    (void)state;
    const char *text = "name: t\n"
                       "data: {schools: s.shp, villages: v.shp}\n"
                       "horizon: {start: 2025, end: 2027}\n"
                       "rules: {music_art_rounding: per_full_group, rotation_share_min: 0.15}\n"
                       "assessed: {quality: true, satisfaction: 0.91}\n";
    jh_scenario sc;
    jh_error err;
    assert_int_equal(jh_scenario_parse(&sc, text, strlen(text), "/tmp/t.yaml", &err), JH_OK);
    assert_true(sc.rules.music_art_full_groups);
    assert_true(fabs(sc.rules.rotation_share_min - 0.15) < 1e-12);
    assert_true(fabs(sc.rules.rotation_backbone_share_min - 0.20) < 1e-12);
    assert_true(sc.assessed.quality_given && sc.assessed.quality);
    assert_true(sc.assessed.satisfaction_given);
    assert_true(fabs(sc.assessed.satisfaction - 0.91) < 1e-12);
    char path[] = "/tmp/jh_verdicts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(jh_scenario_write(&sc, path, "/tmp", &err), JH_OK);
    jh_scenario back;
    assert_int_equal(jh_scenario_load(&back, path, &err), JH_OK);
    assert_true(back.rules.music_art_full_groups);
    assert_true(fabs(back.rules.rotation_share_min - 0.15) < 1e-12);
    assert_true(back.assessed.quality_given && back.assessed.quality);
    assert_true(fabs(back.assessed.satisfaction - 0.91) < 1e-12);
    unlink(path);
    jh_scenario_free(&back);
    jh_scenario_free(&sc);
    const char *bad = "name: t\n"
                      "data: {schools: s.shp, villages: v.shp}\n"
                      "horizon: {start: 2025, end: 2027}\n"
                      "rules: {music_art_rounding: per_half_group}\n";
    assert_int_equal(jh_scenario_parse(&sc, bad, strlen(bad), "/tmp/t.yaml", &err), JH_ERR_INPUT);
    assert_non_null(strstr(err.message, "music_art_rounding"));
    const char *typo = "name: t\n"
                       "data: {schools: s.shp, villages: v.shp}\n"
                       "horizon: {start: 2025, end: 2027}\n"
                       "assessed: {satisfactoin: 0.9}\n";
    assert_int_equal(jh_scenario_parse(&sc, typo, strlen(typo), "/tmp/t.yaml", &err), JH_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_then_fail),
        cmocka_unit_test(test_county_verdict),
        cmocka_unit_test(test_fails_on_compliance_only),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_rotation_items),
        cmocka_unit_test(test_scenario_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
