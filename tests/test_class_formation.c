/* Class formation under caps and classroom limits, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "class_formation.h"

static void test_enough_rooms(void **state)
{
    (void)state;
    int students[6] = {90, 91, 45, 0, 1, 135};
    int cap[6] = {45, 45, 45, 45, 45, 45};
    int classes[6];
    jh_classes_form(students, cap, 6, 20, classes);
    int want[6] = {2, 3, 1, 0, 1, 3};
    assert_memory_equal(classes, want, sizeof want);
    jh_classes_form(students, cap, 6, -1, classes);
    assert_memory_equal(classes, want, sizeof want);
}

static void test_too_few_rooms(void **state)
{
    (void)state;
    /* needs 3 + 3 + 2 = 8 classes, has 5 rooms: one each, then the two
     * spare rooms to the grades with the largest classes: 130/1 -> 2,
     * then 120/1 -> 2 (130/2 = 65 < 120). Largest class 65 (g1: 130 in 2). */
    int students[3] = {130, 120, 60};
    int cap[3] = {45, 45, 45};
    int classes[3];
    jh_classes_form(students, cap, 3, 5, classes);
    assert_int_equal(classes[0], 2);
    assert_int_equal(classes[1], 2);
    assert_int_equal(classes[2], 1);
    /* fewer rooms than grades with students: still one class each */
    jh_classes_form(students, cap, 3, 1, classes);
    assert_int_equal(classes[0] + classes[1] + classes[2], 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enough_rooms),
        cmocka_unit_test(test_too_few_rooms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
