/* The capacitated facility solver on instances solved by hand (issue 18,
 * item 2): a gadget where capacity forces a different assignment than the
 * nearest, alone (the small-instance assignment) and repeated 400 times far
 * apart (1,200 clients: the bounded, queue-driven assignment of large
 * instances); and the feasibility check before the search, whose message
 * says what is short and where.
 *
 * The gadget, on a line: sites A at 0 and B at 10, capacities 3 and 5;
 * villages v0 at 0 (2 students), v1 at 1 (2), v2 at 4 (1). Cost = students
 * x distance. Nearest would send all five to A (over its 3 places). The
 * single-source assignments that fit:
 *   A {v0, v2}, B {v1}: 0 + 4 + 18 = 22   <- the optimum
 *   A {v0}, B {v1, v2}: 0 + 18 + 6 = 24
 *   A {v1, v2}, B {v0}: 2 + 4 + 20 = 26
 *   A {v1}, B {v0, v2}: 2 + 20 + 6 = 28
 *   A {v2}, B {v0, v1}: 4 + 20 + 18 = 42 ...
 * so v1, although nearest to A, goes to B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/facility.h"

typedef struct gadgets {
    int n;                    /* copies */
    double *demand, *cap, *cost;
    int *fac;
    size_t *start;
} gadgets;

/* n copies; copy k has sites 2k (A), 2k+1 (B), villages 3k..3k+2, each
 * reaching only its own copy's two sites (ascending cost). */
static void make(gadgets *g, int n)
{
    static const double pos[3] = {0, 1, 4}, dem[3] = {2, 2, 1};
    g->n = n;
    g->demand = malloc((size_t)(3 * n) * sizeof *g->demand);
    g->cap = malloc((size_t)(2 * n) * sizeof *g->cap);
    g->cost = malloc((size_t)(6 * n) * sizeof *g->cost);
    g->fac = malloc((size_t)(6 * n) * sizeof *g->fac);
    g->start = malloc((size_t)(3 * n + 1) * sizeof *g->start);
    assert_non_null(g->demand);
    assert_non_null(g->cap);
    assert_non_null(g->cost);
    assert_non_null(g->fac);
    assert_non_null(g->start);
    for (int k = 0; k < n; k++) {
        g->cap[2 * k] = 3;
        g->cap[2 * k + 1] = 5;
        for (int v = 0; v < 3; v++) {
            int c = 3 * k + v;
            g->demand[c] = dem[v];
            g->start[c] = (size_t)(2 * c);
            /* A is nearer for every village */
            g->fac[2 * c] = 2 * k;
            g->cost[2 * c] = pos[v];
            g->fac[2 * c + 1] = 2 * k + 1;
            g->cost[2 * c + 1] = 10 - pos[v];
        }
    }
    g->start[3 * n] = (size_t)(6 * n);
}

static void drop(gadgets *g)
{
    free(g->demand);
    free(g->cap);
    free(g->cost);
    free(g->fac);
    free(g->start);
}

static jh_facility_problem problem(const gadgets *g)
{
    jh_facility_problem pr = {
        .n_clients = (size_t)(3 * g->n), .n_facilities = (size_t)(2 * g->n),
        .demand = g->demand, .capacity = g->cap, .start = g->start,
        .facility = g->fac, .cost = g->cost, .mode = JH_FACILITY_KEEP,
        .p = 2 * g->n, .seed = 7,
    };
    return pr;
}

static void check_gadgets(int n)
{
    gadgets g;
    make(&g, n);
    jh_facility_problem pr = problem(&g);
    jh_facility_solution s;
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    assert_int_equal(s.n_open, 2 * n);
    for (int k = 0; k < n; k++) {
        assert_int_equal(s.assign[3 * k], 2 * k);          /* v0 -> A */
        assert_int_equal(s.assign[3 * k + 1], 2 * k + 1);  /* v1 -> B, not its nearest */
        assert_int_equal(s.assign[3 * k + 2], 2 * k);      /* v2 -> A */
    }
    assert_true(fabs(s.objective - 22.0 * n) < 1e-6);
    assert_true(s.lower_bound <= s.objective + 1e-6);
    jh_facility_solution_free(&s);
    drop(&g);
}

static void test_capacity_moves_a_village(void **state)
{
    (void)state;
    check_gadgets(1);
}

static void test_capacity_moves_a_village_large(void **state)
{
    (void)state;
    check_gadgets(400);           /* 1,200 clients: the large-instance assignment */
}

/* Keep one of the two sites: B alone (5 places) takes everyone at
 * 20 + 18 + 6 = 44; A alone (3 places) cannot. */
static void test_keep_one(void **state)
{
    (void)state;
    gadgets g;
    make(&g, 1);
    jh_facility_problem pr = problem(&g);
    pr.p = 1;
    jh_facility_solution s;
    jh_error err;
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    assert_false(s.open[0]);
    assert_true(s.open[1]);
    assert_true(fabs(s.objective - 44.0) < 1e-6);
    jh_facility_solution_free(&s);
    drop(&g);
}

/* Places short where the demand is: v0 and v1 reach only A (3 places for
 * 4 students); B has room to spare (total places 8 >= 5 students, and each
 * village alone fits A), so only the flow with every site open finds it. */
static void test_short_where_the_demand_is(void **state)
{
    (void)state;
    gadgets g;
    make(&g, 1);
    /* v0 and v1: A only; v2: A and B */
    double cost[4] = {0, 1, 4, 6};
    int fac[4] = {0, 0, 0, 1};
    size_t start[4] = {0, 1, 2, 4};
    jh_facility_problem pr = problem(&g);
    pr.cost = cost;
    pr.facility = fac;
    pr.start = start;
    const char *fn[2] = {"S-A", "S-B"}, *cn[3] = {"V0", "V1", "V2"};
    pr.facility_name = fn;
    pr.client_name = cn;
    jh_facility_solution s;
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_ERR_INPUT);
    /* the cut: V0 and V1 (4 students) reach only S-A (3 places) */
    const char *want[] = {
        "capacities too small where the demand is, even with all 2 facilities that may open in use",
        "2 clients (demand 4, the largest V0 with 2) reach only 1 facilities (3 places, the largest S-A with 3): 1 short",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(err.message, want[i]))
            fail_msg("message '%s' lacks '%s'", err.message, want[i]);
    /* without names: indices */
    pr.facility_name = NULL;
    pr.client_name = NULL;
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_ERR_INPUT);
    if (!strstr(err.message, "the largest client 0 with 2) reach only 1 facilities (3 places, the largest facility 0 with 3): 1 short"))
        fail_msg("message '%s'", err.message);
    drop(&g);
}

/* The feasibility check's flow must reroute: v0 (2 students) reaches A
 * (nearest) and B, v1 (2) only A, v2 (1) only B; A has 2 places, B 3. A
 * flow that first sends each village to its nearest site with room puts
 * v0 at A and leaves v1 nowhere; the maximum flow moves v0 on to B
 * (source -> v1 -> A -> back to v0 -> B -> sink), so the check passes and
 * the only assignment that fits is found: v0 -> B (20), v1 -> A (2),
 * v2 -> B (6), 28. */
static void test_flow_reroutes(void **state)
{
    (void)state;
    gadgets g;
    make(&g, 1);
    g.cap[0] = 2;
    g.cap[1] = 3;
    double cost[4] = {0, 10, 1, 6};
    int fac[4] = {0, 1, 0, 1};
    size_t start[4] = {0, 2, 3, 4};
    jh_facility_problem pr = problem(&g);
    pr.cost = cost;
    pr.facility = fac;
    pr.start = start;
    jh_facility_solution s;
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    assert_int_equal(s.n_open, 2);
    assert_int_equal(s.assign[0], 1);
    assert_int_equal(s.assign[1], 0);
    assert_int_equal(s.assign[2], 1);
    assert_true(fabs(s.objective - 28.0) < 1e-6);
    jh_facility_solution_free(&s);
    /* one place fewer at B: 4 places for 5 students, short overall */
    g.cap[1] = 2;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_ERR_INPUT);
    if (!strstr(err.message, "capacities too small"))
        fail_msg("message '%s'", err.message);
    drop(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_moves_a_village),
        cmocka_unit_test(test_capacity_moves_a_village_large),
        cmocka_unit_test(test_keep_one),
        cmocka_unit_test(test_short_where_the_demand_is),
        cmocka_unit_test(test_flow_reroutes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
