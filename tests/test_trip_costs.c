/*
 * test_trip_costs: a year's trip costs (engine/sim/trip_costs.c) are last
 * year's where it had the trip (a trip kept once for both levels) and
 * jh_travel_cost's otherwise: by hand on three schools and three villages
 * on a line, a kept figure told apart from a computed one by making it
 * wrong on purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/trip_costs.h"

static jh_county *line_county(void)
{
    jh_county *c = calloc(1, sizeof *c);
    assert_non_null(c);
    const char *ids[3] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
        jh_school s = {0};
        s.id = strdup(ids[i]);
        s.name = strdup(ids[i]);
        s.type = JH_SCHOOL_NINE_YEAR;
        s.x = 1000.0 * i; /* A at 0, B at 1 km, C at 2 km */
        s.status = JH_STATUS_OPEN;
        jh_county_add_school(c, &s);
    }
    c->villages = calloc(3, sizeof *c->villages);
    for (int v = 0; v < 3; v++) {
        c->villages[v].id = strdup(v == 0 ? "V0" : v == 1 ? "V1" : "V2");
        c->villages[v].x = 300.0 + 1000.0 * v; /* 300 m east of each school */
        c->villages[v].y = 400.0;
        c->villages[v].record = v;
    }
    c->n_villages = 3;
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    return c;
}

static void kept_or_computed(void **state)
{
    (void)state;
    jh_county *c = line_county();
    jh_travel *t = jh_travel_create(c);
    assert_non_null(t);
    jh_trip_costs tc = {0};
    /* nothing kept: computed (V0 -> A: 300 east, 400 north) */
    assert_true(jh_trip_costs_get(&tc, t, 0, 0) == 500.0);
    assert_true(jh_trip_costs_get(&tc, t, 1, 2) == jh_travel_cost(t, 1, 2));

    /* a year's flows: V0 -> A at both levels, V0 unplaced, V1 -> B, V2 -> C,
     * with costs made wrong so that a kept one shows */
    const jh_flow f[] = {{0, -1, JH_PRIMARY, 3, NAN},     {0, 0, JH_PRIMARY, 10, 7.0},
                         {0, 0, JH_JUNIOR, 5, 7.0},       {1, 1, JH_PRIMARY, 8, 9.0},
                         {2, 2, JH_JUNIOR, 4, 11.0}};
    assert_true(jh_trip_costs_keep(&tc, f, 5));
    assert_int_equal(tc.n, 3); /* V0 -> A once, unplaced not a trip */
    /* next year's, in (origin, school) order: kept ones looked up, a new
     * trip (V1 -> A) and one past the end (V2 -> B is before V2 -> C)
     * computed */
    assert_true(jh_trip_costs_get(&tc, t, 0, 0) == 7.0);
    assert_true(jh_trip_costs_get(&tc, t, 1, 0) == jh_travel_cost(t, 1, 0));
    assert_true(jh_trip_costs_get(&tc, t, 1, 1) == 9.0);
    assert_true(jh_trip_costs_get(&tc, t, 2, 1) == jh_travel_cost(t, 2, 1));
    assert_true(jh_trip_costs_get(&tc, t, 2, 2) == 11.0);
    /* the year after: the lookups start again from the first trip */
    assert_true(jh_trip_costs_keep(&tc, f + 3, 2));
    assert_true(jh_trip_costs_get(&tc, t, 0, 0) == 500.0);
    assert_true(jh_trip_costs_get(&tc, t, 1, 1) == 9.0);
    jh_trip_costs_free(&tc);
    assert_null(tc.v);
    jh_travel_free(t);
    jh_county_free(c);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_or_computed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
