/* The other level's students of a closing two-level school placed at
 * schools with room (optimise/consolidation_other.h): each client whole,
 * at the cheapest receiver whose room holds it in every year; all of a
 * school's clients or none. Hand-computed numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "optimise/consolidation_other.h"

/* e2e_capjunior.sh's county: VN's 50 junior students (55 next year) and
 * N's own site's 10; J1 1,581 m / 1,500 m away with 20 places free, J2
 * 4,031 m / 4,000 m with 150 (140 next year). VN does not fit J1, so J2;
 * the site's 10 fit J1. */
static void test_nearest_with_room(void **state)
{
    (void)state;
    double demand[] = {50, 55, 10, 10};
    double cost[] = {1581, 4031, 1500, 4000};
    double room[] = {20, 20, 150, 140};
    int to[2] = {-9, -9};
    assert_int_equal(jh_other_assign_group(2, 2, 2, demand, cost, room, to), -1);
    assert_int_equal(to[0], 1);
    assert_int_equal(to[1], 0);
    double want[] = {10, 10, 100, 85};
    for (int k = 0; k < 4; k++)
        assert_true(room[k] == want[k]);
}

/* All or none: the site's 10 go to J1 first (room 20 -> 10), then VN's
 * 55 next year find J2 with 50: VN (client 1) fits nowhere, and J1 gets
 * its 10 places back. */
static void test_all_or_none(void **state)
{
    (void)state;
    double demand[] = {10, 10, 50, 55};
    double cost[] = {1500, 4000, 1581, 4031};
    double room[] = {20, 20, 150, 50};
    int to[2];
    assert_int_equal(jh_other_assign_group(2, 2, 2, demand, cost, room, to), 1);
    double want[] = {20, 20, 150, 50};
    for (int k = 0; k < 4; k++)
        assert_true(room[k] == want[k]);
}

/* An unreachable receiver (no od pair) is never chosen, however much
 * room; equal costs go to the lower receiver; a demand equal to the room
 * fits (room 0 after). */
static void test_unreachable_ties_exact(void **state)
{
    (void)state;
    double demand[] = {30, 40};
    double cost[] = {INFINITY, 700, 700, /* client 1: */ 900, 900, 900};
    double room[] = {1000, 30, 40};
    int to[2];
    assert_int_equal(jh_other_assign_group(2, 3, 1, demand, cost, room, to), -1);
    assert_int_equal(to[0], 1);   /* 700 at 1 and 2: the lower; 30 fills it */
    assert_int_equal(to[1], 0);   /* 900 everywhere: receiver 0 has room */
    double want[] = {960, 0, 40};
    for (int k = 0; k < 3; k++)
        assert_true(room[k] == want[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nearest_with_room),
        cmocka_unit_test(test_all_or_none),
        cmocka_unit_test(test_unreachable_ties_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
