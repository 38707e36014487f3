/* The split fallback of the capacitated p-median (engine/optimise/
 * fac_capsplit.c) on instances solved by hand.
 *
 * On a line: sites A at 0 and B at 10, 10 places each; villages v0 at 0
 * (6 students), v1 at 2 (7) and v2 at 12 (7), each listing both sites
 * (cost = students x distance). 20 students, 20 places, but no two
 * villages fit whole in one site (6 + 7 > 10), and three villages cannot
 * go one to a site with two sites: no whole-village plan exists.
 * Split, the optimum: v2 to B (7 x 2 = 14), 3 of B's places left; v0 and
 * v1 need 13 of A's 10, so 3 students go to B, from v1 (+6 a student:
 * 8 - 2) rather than v0 (+10): 0 + 4 x 2 + 3 x 8 + 14 = 46. The search
 * leaves v0 and v1 at A (3 over, against 4 over for v1 and v2 at B), and
 * the augmenting path A -> B is the cheaper of the two one-hop ones.
 *
 * With 5 + 5 + 7 instead, v0 and v1 fit whole at A: no village is split.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "optimise/facility.h"

static jh_status solve_line(const double *dem, bool split, jh_facility_solution *sol)
{
    /* pairs ascending by cost: v0 A 0, B 10; v1 A 2, B 8; v2 B 2, A 12 */
    static const size_t start[] = {0, 2, 4, 6};
    static const int fac[] = {0, 1, 0, 1, 1, 0};
    static const double cost[] = {0, 10, 2, 8, 2, 12};
    static const double cap[] = {10, 10};
    jh_facility_problem pr = {
        .n_clients = 3, .n_facilities = 2, .demand = dem, .capacity = cap, .start = start,
        .facility = fac, .cost = cost, .mode = JH_FACILITY_KEEP, .p = 2, .seed = 1,
        .split_when_needed = split,
    };
    jh_error err = {0};
    return jh_facility_solve(&pr, sol, &err);
}

static void test_split_needed(void **state)
{
    (void)state;
    const double dem[] = {6, 7, 7};
    jh_facility_solution sol = {0};
    assert_int_equal(solve_line(dem, true, &sol), JH_OK);
    assert_int_equal(sol.n_open, 2);
    assert_int_equal(sol.assign[0], 0);
    assert_int_equal(sol.assign[1], 0);   /* 4 of its 7 at A */
    assert_int_equal(sol.assign[2], 1);
    assert_int_equal((int)sol.n_parts, 1);
    assert_int_equal((int)sol.part_client[0], 1);
    assert_int_equal(sol.part_facility[0], 1);
    assert_float_equal(sol.part_demand[0], 3, 1e-9);
    assert_float_equal(sol.objective, 46, 1e-9);
    assert_float_equal(sol.lower_bound, 0, 0);   /* no proof for a split plan */
    jh_facility_solution_free(&sol);
}

static void test_split_refused(void **state)
{
    (void)state;
    const double dem[] = {6, 7, 7};
    jh_facility_solution sol = {0};
    assert_int_equal(solve_line(dem, false, &sol), JH_ERR_INPUT);
    jh_facility_solution_free(&sol);
}

static void test_whole_fits(void **state)
{
    (void)state;
    const double dem[] = {5, 5, 7};
    jh_facility_solution sol = {0};
    assert_int_equal(solve_line(dem, true, &sol), JH_OK);
    assert_int_equal((int)sol.n_parts, 0);
    assert_int_equal(sol.assign[0], 0);
    assert_int_equal(sol.assign[1], 0);
    assert_int_equal(sol.assign[2], 1);
    assert_float_equal(sol.objective, 0 + 5 * 2 + 7 * 2, 1e-9);
    jh_facility_solution_free(&sol);
}

/* jh_facility_reassign (fac_reassign.c) on the same line, both sites
 * open, from the search's assignment (v0, v1 at A, v2 at B: A 3 over).
 * Any client may split: as above, 3 of v1 go to B, 46. With v1 `whole`,
 * the path takes v0's instead (+10 a student): 0 + 7 x 2 + 3 x 10 +
 * 7 x 2 = 58, v0 main at A (3 and 3: the one it held). With 5 + 5 + 7
 * the start fits and stays: 0 + 5 x 2 + 7 x 2 = 24, nothing split. */
static jh_status reassign_line(const double *dem, const bool *whole, jh_facility_solution *sol)
{
    static const size_t start[] = {0, 2, 4, 6};
    static const int fac[] = {0, 1, 0, 1, 1, 0};
    static const double cost[] = {0, 10, 2, 8, 2, 12};
    static const double cap[] = {10, 10};
    static const bool open[] = {true, true};
    static const int from[] = {0, 0, 1};
    jh_facility_problem pr = {
        .n_clients = 3, .n_facilities = 2, .demand = dem, .capacity = cap, .start = start,
        .facility = fac, .cost = cost, .fixed = open, .allowed = open, .mode = JH_FACILITY_KEEP,
        .p = 2, .seed = 1, .split_when_needed = true, .whole = whole,
    };
    jh_error err = {0};
    return jh_facility_reassign(&pr, open, from, sol, &err);
}

static void test_reassign(void **state)
{
    (void)state;
    const double dem[] = {6, 7, 7}, fits[] = {5, 5, 7};
    const bool v1_whole[] = {false, true, false};
    jh_facility_solution sol = {0};
    assert_int_equal(reassign_line(dem, NULL, &sol), JH_OK);
    assert_int_equal((int)sol.n_parts, 1);
    assert_int_equal((int)sol.part_client[0], 1);
    assert_float_equal(sol.part_demand[0], 3, 1e-9);
    assert_float_equal(sol.objective, 46, 1e-9);
    jh_facility_solution_free(&sol);
    assert_int_equal(reassign_line(dem, v1_whole, &sol), JH_OK);
    assert_int_equal(sol.assign[0], 0);
    assert_int_equal(sol.assign[1], 0);
    assert_int_equal(sol.assign[2], 1);
    assert_int_equal((int)sol.n_parts, 1);
    assert_int_equal((int)sol.part_client[0], 0);
    assert_int_equal(sol.part_facility[0], 1);
    assert_float_equal(sol.part_demand[0], 3, 1e-9);
    assert_float_equal(sol.objective, 58, 1e-9);
    jh_facility_solution_free(&sol);
    assert_int_equal(reassign_line(fits, NULL, &sol), JH_OK);
    assert_int_equal((int)sol.n_parts, 0);
    assert_int_equal(sol.assign[0], 0);
    assert_int_equal(sol.assign[1], 0);
    assert_int_equal(sol.assign[2], 1);
    assert_float_equal(sol.objective, 24, 1e-9);
    jh_facility_solution_free(&sol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_needed),
        cmocka_unit_test(test_split_refused),
        cmocka_unit_test(test_whole_fits),
        cmocka_unit_test(test_reassign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
