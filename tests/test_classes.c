/* Class counting (even spread over a grade's classes), classrooms short,
 * school size and the music/art room rule, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "classes.h"
#include "metrics_fixture.h"

static void test_grade_spread(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    jh_class_tally t = {0};
    jh_classes_tally_grade(112, 2, &r, &t); /* 56, 56: two large */
    assert_int_equal(t.classes, 2);
    assert_int_equal(t.large, 2);
    assert_int_equal(t.super_large, 0);
    assert_int_equal(t.largest, 56);
    jh_class_tally u = {0};
    jh_classes_tally_grade(111, 2, &r, &u); /* 56, 55: one large */
    assert_int_equal(u.large, 1);
    assert_int_equal(u.largest, 56);
    jh_class_tally v = {0};
    jh_classes_tally_grade(131, 2, &r, &v); /* 66, 65 */
    assert_int_equal(v.super_large, 1);
    assert_int_equal(v.large, 1);
    assert_int_equal(v.largest, 66);
    jh_class_tally w = {0};
    jh_classes_tally_grade(130, 2, &r, &w); /* 65, 65 */
    assert_int_equal(w.super_large, 0);
    assert_int_equal(w.large, 2);
    jh_class_tally x = {0};
    jh_classes_tally_grade(135, 3, &r, &x); /* 45 x 3 */
    assert_int_equal(x.large + x.super_large, 0);
    assert_int_equal(x.largest, 45);
    /* students without a class count as one class; no students, nothing */
    jh_class_tally y = {0};
    jh_classes_tally_grade(70, 0, &r, &y);
    assert_int_equal(y.classes, 1);
    assert_int_equal(y.super_large, 1);
    jh_classes_tally_grade(0, 3, &r, &y);
    assert_int_equal(y.classes, 1);
    /* sums */
    jh_classes_tally_add(&t, &v);
    assert_int_equal(t.classes, 4);
    assert_int_equal(t.students, 243);
    assert_int_equal(t.large, 3);
    assert_int_equal(t.super_large, 1);
    assert_int_equal(t.largest, 66);
    assert_true(fabs(jh_classes_mean_size(&t) - 243.0 / 4) < 1e-12);
    jh_class_tally z = {0};
    assert_true(jh_classes_mean_size(&z) == 0.0);
    /* the thresholds are rules */
    r.large_class_min = 46;
    jh_class_tally q = {0};
    jh_classes_tally_grade(93, 2, &r, &q); /* 47, 46 */
    assert_int_equal(q.large, 2);
}

static void test_school_level(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    const int g[9] = {112, 90, 45, 45, 45, 45, 150, 120, 100};
    jh_school s = fixture_school(JH_SCHOOL_NINE_YEAR, JH_TOWN, g);
    const int c[9] = {2, 2, 1, 1, 1, 1, 2, 2, 2};
    for (int k = 0; k < 9; k++)
        s.classes[k] = c[k];
    s.classrooms = 11; /* 14 classes: 3 short */
    jh_class_tally p = {0}, j = {0};
    jh_classes_tally_level(&s, JH_PRIMARY, &r, &p);
    jh_classes_tally_level(&s, JH_JUNIOR, &r, &j);
    assert_int_equal(p.classes, 8);
    assert_int_equal(p.large, 2);        /* g1 56+56 */
    assert_int_equal(p.largest, 56);
    assert_int_equal(j.classes, 6);
    assert_int_equal(j.super_large, 2);  /* g7 75, 75 */
    assert_int_equal(j.large, 2);        /* g8 60, 60; g9 50, 50 */
    assert_int_equal(jh_classes_rooms_short(&s), 3);
    /* 3 short in proportion 8 : 6 -> primary round(24/14) = 2, junior 1 */
    assert_int_equal(jh_classes_rooms_short_level(&s, JH_PRIMARY), 2);
    assert_int_equal(jh_classes_rooms_short_level(&s, JH_JUNIOR), 1);
    s.classrooms = 14;
    assert_int_equal(jh_classes_rooms_short(&s), 0);
    assert_int_equal(jh_classes_rooms_short_level(&s, JH_JUNIOR), 0);
}

static void test_junior_super_large(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    const int g[9] = {0, 0, 0, 0, 0, 0, 150, 120, 100};
    jh_school s = fixture_school(JH_SCHOOL_JUNIOR, JH_TOWN, g);
    s.classes[6] = 2; /* 75, 75 */
    s.classes[7] = 2; /* 60, 60 */
    s.classes[8] = 2; /* 50, 50 */
    jh_class_tally j = {0};
    jh_classes_tally_level(&s, JH_JUNIOR, &r, &j);
    assert_int_equal(j.super_large, 2);
    assert_int_equal(j.large, 2);
    assert_int_equal(j.largest, 75);
    assert_true(fabs(jh_classes_mean_size(&j) - 370.0 / 6) < 1e-12);
}

static void test_size_and_music_art(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    int g[9] = {400, 400, 300, 300, 300, 300, 0, 0, 0}; /* 2000 */
    jh_school p = fixture_school(JH_SCHOOL_PRIMARY, JH_URBAN, g);
    assert_false(jh_classes_over_size(&p, &r));
    p.students[0] = 401;
    assert_true(jh_classes_over_size(&p, &r));
    int g9[9] = {300, 300, 300, 300, 300, 300, 300, 300, 100}; /* 2500 */
    jh_school n = fixture_school(JH_SCHOOL_NINE_YEAR, JH_URBAN, g9);
    assert_false(jh_classes_over_size(&n, &r));
    n.students[8] = 101;
    assert_true(jh_classes_over_size(&n, &r));
    int gj[9] = {0, 0, 0, 0, 0, 0, 700, 700, 601};
    jh_school cm = fixture_school(JH_SCHOOL_COMPLETE_MIDDLE, JH_URBAN, gj);
    cm.students_senior = 3000; /* senior students do not count */
    assert_true(jh_classes_over_size(&cm, &r));
    cm.students[8] = 600;
    assert_false(jh_classes_over_size(&cm, &r));

    /* per full group of 12 (rules.music_art_rounding: per_full_group) */
    assert_int_equal(jh_classes_music_art_needed(11, 12, true), 0);
    assert_int_equal(jh_classes_music_art_needed(12, 12, true), 1);
    assert_int_equal(jh_classes_music_art_needed(23, 12, true), 1);
    assert_int_equal(jh_classes_music_art_needed(24, 12, true), 2);
    assert_int_equal(jh_classes_music_art_needed(24, 0, true), 0);
    /* per started group (the default): 1-12 classes one room, 13-24 two */
    assert_int_equal(jh_classes_music_art_needed(0, 12, false), 0);
    assert_int_equal(jh_classes_music_art_needed(1, 12, false), 1);
    assert_int_equal(jh_classes_music_art_needed(12, 12, false), 1);
    assert_int_equal(jh_classes_music_art_needed(13, 12, false), 2);
    assert_int_equal(jh_classes_music_art_needed(24, 12, false), 2);
    assert_int_equal(jh_classes_music_art_needed(25, 12, false), 3);
    int g12[9] = {90, 90, 45, 45, 45, 45, 0, 0, 0};
    jh_school m = fixture_school(JH_SCHOOL_PRIMARY, JH_TOWN, g12);
    int c12[9] = {2, 2, 2, 2, 2, 2, 0, 0, 0}; /* 12 classes */
    for (int k = 0; k < 9; k++)
        m.classes[k] = c12[k];
    assert_true(jh_classes_short_music_art(&m, &r));
    m.res.music_rooms = 1;
    assert_true(jh_classes_short_music_art(&m, &r)); /* no art room */
    m.res.art_rooms = 1;
    assert_false(jh_classes_short_music_art(&m, &r));
    m.classes[5] = 1; /* 11 classes: per started group one room each */
    m.res.music_rooms = m.res.art_rooms = 0;
    assert_true(jh_classes_short_music_art(&m, &r));
    r.music_art_full_groups = true; /* per full group: none required */
    assert_false(jh_classes_short_music_art(&m, &r));
    r.music_art_full_groups = false;
    m.classes[5] = 2;
    m.students[0] = 300; /* 13 classes ... */
    m.classes[0] = 3;
    m.res.music_rooms = m.res.art_rooms = 1; /* ... need two each */
    assert_true(jh_classes_short_music_art(&m, &r));
}

/* Issue 11's hand computation: 600 primary students in 12 classes of 50
 * and 12 classrooms: all 12 over the standard of 45; ceil(600/45) = 14
 * rooms at the standard size, 2 beyond the 12 there are. */
static void test_over_standard(void **state)
{
    (void)state;
    jh_rules r;
    jh_rules_default(&r);
    int g[9] = {600, 0, 0, 0, 0, 0, 0, 0, 0};
    jh_school s = fixture_school(JH_SCHOOL_PRIMARY, JH_TOWN, g);
    s.classes[0] = 12;
    s.classrooms = 12;
    jh_class_tally t = {0};
    jh_classes_tally_level(&s, JH_PRIMARY, &r, &t);
    assert_int_equal(t.classes, 12);
    assert_int_equal(t.over_standard, 12);
    assert_int_equal(t.students_over_standard, 600);
    assert_int_equal(t.large, 0); /* 50 is over the standard, not large */
    assert_int_equal(t.rooms_at_standard, 14);
    assert_int_equal(jh_classes_rooms_needed(&s, &r), 2);
    assert_int_equal(jh_classes_rooms_needed_level(&s, JH_PRIMARY, &r), 2);
    assert_int_equal(jh_classes_rooms_needed_level(&s, JH_JUNIOR, &r), 0);
    /* 14 rooms: none needed; classes of 45 are within the standard */
    s.classrooms = 14;
    assert_int_equal(jh_classes_rooms_needed(&s, &r), 0);
    jh_class_tally u = {0};
    s.students[0] = 540; /* 12 x 45 */
    jh_classes_tally_level(&s, JH_PRIMARY, &r, &u);
    assert_int_equal(u.over_standard, 0);
    /* junior: the standard is 50, so 12 classes of 50 are within it */
    int gj[9] = {0, 0, 0, 0, 0, 0, 600, 0, 0};
    jh_school j = fixture_school(JH_SCHOOL_JUNIOR, JH_TOWN, gj);
    j.classes[6] = 12;
    j.classrooms = 12;
    jh_class_tally v = {0};
    jh_classes_tally_level(&j, JH_JUNIOR, &r, &v);
    assert_int_equal(v.over_standard, 0);
    assert_int_equal(jh_classes_rooms_needed(&j, &r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grade_spread),
        cmocka_unit_test(test_school_level),
        cmocka_unit_test(test_junior_super_large),
        cmocka_unit_test(test_size_and_music_art),
        cmocka_unit_test(test_over_standard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
