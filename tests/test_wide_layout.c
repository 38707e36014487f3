/*
 * test_wide_layout: the grade and age columns a wide statistics table's
 * headers stand for (layout: wide), and the headers that stand for none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "input/coverage.h"
#include "input/wide_layout.h"

static void expect_col(int layer, const char *header, const char *want)
{
    char buf[32] = "";
    bool got = jh_wide_column(layer, header, buf, sizeof buf);
    if (!want) {
        if (got)
            fail_msg("'%s' read as %s, expected no column", header, buf);
        return;
    }
    if (!got || strcmp(buf, want) != 0)
        fail_msg("'%s' read as %s, expected %s", header, got ? buf : "nothing", want);
}

static void test_school_grades(void **state)
{
    (void)state;
    expect_col(1, "一年级", "g1");
    expect_col(1, "六年级学生数", "g6");
    expect_col(1, "九年级 在校生数", "g9");
    expect_col(1, "3年级", "g3");
    expect_col(1, "小学五年级", "g5");
    expect_col(1, "初一", "g7");
    expect_col(1, "初三（在校学生数）", "g9");
    expect_col(1, "初中二年级", "g8");
    expect_col(1, "grade_4", "g4");
    expect_col(1, "Grade 8 students", "g8");
    expect_col(1, "G2", "g2");
    expect_col(1, "一年级班数", "classes_g1");
    expect_col(1, "八年级班级数", "classes_g8");
    expect_col(1, "classes_g7", "classes_g7");
    expect_col(1, "grade_2_classes", "classes_g2");
    /* not grades */
    expect_col(1, "合计", NULL);
    expect_col(1, "一年级女生", NULL);
    expect_col(1, "小学七年级", NULL);
    expect_col(1, "初四", NULL);
    expect_col(1, "十年级", NULL);
    expect_col(1, "grade_10", NULL);
    expect_col(1, "学校标识码", NULL);
    expect_col(1, "班数", NULL);
    expect_col(1, "一年级班数学生数", NULL);
    /* a village header is no school column */
    expect_col(1, "6岁", NULL);
}

static void test_village_ages(void **state)
{
    (void)state;
    expect_col(2, "0岁", "age0");
    expect_col(2, "6岁人口", "age6");
    expect_col(2, "14周岁", "age14");
    expect_col(2, "12 岁 人数", "age12");
    expect_col(2, "age_9", "age9");
    expect_col(2, "AGE3", "age3");
    expect_col(2, "15岁", NULL);
    expect_col(2, "6岁女", NULL);
    expect_col(2, "常住人口", NULL);
    expect_col(2, "一年级", NULL);
}

static void test_labels(void **state)
{
    (void)state;
    assert_string_equal(jh_field_label_zh(0, "id"), "学校标识码");
    assert_string_equal(jh_field_label_zh(0, "g7"), "七年级学生数");
    assert_string_equal(jh_field_label_zh(0, "classes_g2"), "二年级班数");
    assert_string_equal(jh_field_label_zh(1, "age14"), "14岁人口");
    assert_string_equal(jh_field_label_zh(1, "lat"), "纬度");
    assert_null(jh_field_label_zh(0, "g10"));
    assert_null(jh_field_label_zh(1, "age15"));
    /* every label reads back as its grade in a wide table */
    char buf[32];
    assert_true(jh_wide_column(1, "七年级学生数", buf, sizeof buf));
    assert_string_equal(buf, "g7");
    assert_true(jh_wide_column(2, "14岁人口", buf, sizeof buf));
    assert_string_equal(buf, "age14");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_school_grades),
        cmocka_unit_test(test_village_ages),
        cmocka_unit_test(test_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
