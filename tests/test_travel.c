/*
 * test_travel: jh_travel_cost_kept (engine/travel/travel.c) gives
 * jh_travel_cost's numbers, bit for bit, whatever order the trips are
 * asked for in (a village's third school at a level pushes out the
 * oldest remembered), and again after a school moves and the layout is
 * made again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "travel/travel.h"

static void add_school(jh_county *c, const char *id, double x, double y)
{
    jh_school s = {0};
    s.id = strdup(id);
    s.name = strdup(id);
    s.type = JH_SCHOOL_NINE_YEAR;
    s.x = x;
    s.y = y;
    s.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &s);
}

static void add_village(jh_county *c, const char *id, double x, double y)
{
    c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
    jh_village *v = &c->villages[c->n_villages++];
    memset(v, 0, sizeof *v);
    v->id = strdup(id);
    v->name = strdup(id);
    v->x = x;
    v->y = y;
    v->school[JH_PRIMARY] = v->school[JH_JUNIOR] = -1;
    v->record = (long)c->n_villages - 1;
}

static void same_costs(jh_travel *t, const jh_county *c)
{
    /* every school from every village at both levels, in an order that
     * makes each village's slots miss, hit and push out (ending with B
     * remembered) */
    static const int order[] = {0, 1, 0, 2, 1, 2, 0, 0, 2, 1};
    for (size_t v = 0; v < c->n_villages; v++)
        for (int l = 0; l < JH_NLEVELS; l++)
            for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
                int s = order[k];
                double want = jh_travel_cost(t, (int)v, s);
                double got = jh_travel_cost_kept(t, (int)v, s, (jh_level)l);
                assert_memory_equal(&want, &got, sizeof want);
            }
    /* a school's own site (a negative origin) is not remembered */
    double own = jh_travel_cost_kept(t, -1, 2, JH_PRIMARY);
    double want = jh_travel_cost(t, -1, 2);
    assert_memory_equal(&want, &own, sizeof want);
}

static void kept_costs_are_the_costs(void **state)
{
    (void)state;
    jh_county *c = calloc(1, sizeof *c);
    add_school(c, "A", 0.1, 0.7);
    add_school(c, "B", 3000.3, -41.9);
    add_school(c, "C", -777.7, 12345.6);
    add_village(c, "V1", 10.5, 20.25);
    add_village(c, "V2", -300.125, 4000.0625);
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    jh_travel *t = jh_travel_create(c);
    assert_non_null(t);
    same_costs(t, c);
    c->schools[1].x += 1234.5; /* B moves: what was kept is not its cost now */
    assert_int_equal(jh_travel_layout_changed(t, &err), JH_OK);
    same_costs(t, c);
    jh_travel_free(t);
    jh_county_free(c);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kept_costs_are_the_costs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
