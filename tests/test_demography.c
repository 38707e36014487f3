/*
 * Tests of the demography model (models/demography.c) with figures
 * computed by hand: ageing, births and net migration in a county where no
 * child moves between villages (the arrivals and leavers are then not
 * kept, and read as zero), internal shares moving children from a rural
 * village to an urban one, and a migration.csv row alone (no shares)
 * moving children of one age.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "demography.h"

#define EPS 1e-9

static void add_village(jh_county *c, const char *id, jh_area area, double population,
                        double per_age)
{
    c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
    jh_village *v = &c->villages[c->n_villages++];
    memset(v, 0, sizeof *v);
    v->id = strdup(id);
    v->name = strdup(id);
    v->area = area;
    v->population = population;
    for (int a = 0; a < 15; a++)
        v->age[a] = per_age;
    v->has_ages = true;
    v->record = (long)c->n_villages - 1;
}

/* VR (rural, population 1,000, 100 children an age) and VU (urban, 1,000,
 * 50 an age). */
static jh_county *two_villages(void)
{
    jh_county *c = calloc(1, sizeof *c);
    add_village(c, "VR", JH_RURAL, 1000, 100);
    add_village(c, "VU", JH_URBAN, 1000, 50);
    return c;
}

static void free_county(jh_county *c)
{
    jh_county_free(c);
    free(c);
}

static void rules_init(jh_rules *r)
{
    jh_rules_default(r);
    for (int k = 0; k < JH_NAREAS; k++) {
        r->birth_rate_per1000[k] = 0;
        r->migration_rate[k] = 0;
    }
}

/* No internal shares and no migration.csv: VR ages with 12 births per
 * 1,000 and a net 10% leaving the county a year. 2026: ages 1-14 are
 * 100 x 0.9 = 90, age 0 the births 1,000 x 12 / 1,000 = 12, the population
 * 900; 2027: ages 2-14 81, age 1 12 x 0.9 = 10.8, age 0 900 x 0.012 =
 * 10.8. The cohort before moving (`aged`) is last year's one year
 * younger; nobody moved between villages. */
static void test_no_moves(void **state)
{
    (void)state;
    jh_county *c = two_villages();
    jh_rules r;
    rules_init(&r);
    r.birth_rate_per1000[JH_RURAL] = 12;
    r.migration_rate[JH_RURAL] = -0.1;
    jh_demography *d;
    jh_error err;
    assert_int_equal(jh_demography_create(&d, c, &r, 2025, 2030, &err), JH_OK);
    jh_migration none = {0};
    assert_int_equal(jh_demography_set_migration(d, &none, &err), JH_OK);
    jh_demography_advance(d);
    assert_int_equal(jh_demography_year(d), 2026);
    assert_true(fabs(jh_demography_children(d, 0, 0) - 12) < EPS);
    for (int a = 1; a < 15; a++) {
        assert_true(fabs(jh_demography_children(d, 0, a) - 90) < EPS);
        assert_true(fabs(jh_demography_aged(d, 0, a) - 100) < EPS);
        assert_true(fabs(jh_demography_children(d, 1, a) - 50) < EPS); /* VU: no rate */
    }
    assert_true(fabs(jh_demography_aged(d, 0, 0) - 12) < EPS);
    assert_true(fabs(jh_demography_population(d, 0) - 900) < EPS);
    jh_demography_advance(d);
    assert_true(fabs(jh_demography_children(d, 0, 0) - 10.8) < EPS);
    assert_true(fabs(jh_demography_children(d, 0, 1) - 10.8) < EPS);
    assert_true(fabs(jh_demography_aged(d, 0, 1) - 12) < EPS);
    assert_true(fabs(jh_demography_children(d, 0, 9) - 81) < EPS);
    assert_true(fabs(jh_demography_aged(d, 0, 9) - 90) < EPS);
    for (int v = 0; v < 2; v++)
        for (int a = 0; a < 15; a++) {
            assert_true(jh_demography_moved_in(d, v, a) == 0);
            assert_true(jh_demography_moved_out(d, v, a) == 0);
        }
    jh_demography_free(d);
    free_county(c);
}

/* jh_demography_row_of gives each village's rows as the per-age calls
 * do, bit for bit (0 where a row is NULL). */
static void rows_match_calls(const jh_demography *d, int n_villages)
{
    for (int v = 0; v < n_villages; v++) {
        jh_demography_row row;
        jh_demography_row_of(d, v, &row);
        for (int a = 0; a < 15; a++) {
            double got[4] = {row.children[a], row.aged ? row.aged[a] : 0.0,
                             row.moved_in ? row.moved_in[a] : 0.0,
                             row.moved_out ? row.moved_out[a] : 0.0};
            double want[4] = {jh_demography_children(d, v, a), jh_demography_aged(d, v, a),
                              jh_demography_moved_in(d, v, a), jh_demography_moved_out(d, v, a)};
            assert_memory_equal(got, want, sizeof got);
            assert_int_equal((row.projected >> a) & 1, jh_demography_projected(d, v, a));
        }
    }
}

/* 10% of VR's children leave each year for the urban villages (VU, the
 * only one): in 2026 ages 1-14 are 90 at VR and 60 at VU, 10 moved out
 * of VR and into VU; the county keeps 150 an age. VR's population is 900
 * and VU's 1,100 (VR's 100 leavers arrive). 2027: VR 81, VU 69 (9
 * arrived), the arrivals and leavers those of 2027 only. */
static void test_internal_shares(void **state)
{
    (void)state;
    jh_county *c = two_villages();
    jh_rules r;
    rules_init(&r);
    jh_demography *d;
    jh_error err;
    assert_int_equal(jh_demography_create(&d, c, &r, 2025, 2030, &err), JH_OK);
    jh_migration m = {0};
    m.internal_given = m.destinations_given = true;
    m.internal[JH_RURAL] = -0.1;
    m.destinations[JH_URBAN] = 1;
    assert_int_equal(jh_demography_set_migration(d, &m, &err), JH_OK);
    jh_demography_advance(d);
    for (int a = 1; a < 15; a++) {
        assert_true(fabs(jh_demography_children(d, 0, a) - 90) < EPS);
        assert_true(fabs(jh_demography_children(d, 1, a) - 60) < EPS);
        assert_true(fabs(jh_demography_moved_out(d, 0, a) - 10) < EPS);
        assert_true(fabs(jh_demography_moved_in(d, 1, a) - 10) < EPS);
        assert_true(jh_demography_moved_in(d, 0, a) == 0);
        assert_true(jh_demography_moved_out(d, 1, a) == 0);
        assert_true(fabs(jh_demography_aged(d, 0, a) - 100) < EPS);
        assert_true(fabs(jh_demography_aged(d, 1, a) - 50) < EPS);
    }
    assert_true(jh_demography_moved_out(d, 0, 0) == 0); /* newborns do not move */
    jh_demography_row row;
    jh_demography_row_of(d, 0, &row);
    assert_true(fabs(row.children[4] - 90) < EPS && fabs(row.moved_out[4] - 10) < EPS);
    assert_true(fabs(row.aged[4] - 100) < EPS && row.moved_in[4] == 0 && row.projected == 0);
    jh_demography_row_of(d, 1, &row);
    assert_true(fabs(row.children[14] - 60) < EPS && fabs(row.moved_in[14] - 10) < EPS);
    rows_match_calls(d, 2);
    assert_true(fabs(jh_demography_population(d, 0) - 900) < EPS);
    assert_true(fabs(jh_demography_population(d, 1) - 1100) < EPS);
    jh_demography_advance(d);
    assert_true(fabs(jh_demography_children(d, 0, 5) - 81) < EPS);
    assert_true(fabs(jh_demography_children(d, 1, 5) - 69) < EPS);
    assert_true(fabs(jh_demography_moved_out(d, 0, 5) - 9) < EPS);
    assert_true(fabs(jh_demography_moved_in(d, 1, 5) - 9) < EPS);
    jh_demography_free(d);
    free_county(c);
}

/* migration.csv alone (no shares): 5 children of age 8 go from VR to VU
 * in 2026, and 30 of age 3 from VU to the rural villages (VR) in 2027,
 * which has only 50. */
static void test_table_moves(void **state)
{
    (void)state;
    jh_county *c = two_villages();
    jh_migration_move mv[2] = {
        {.from_village = 0, .to_village = 1, .year = 2026, .age = 8, .count = 5, .line = 2},
        {.from_village = 1, .to_village = -1, .to_area = JH_RURAL, .year = 2027, .age = 3,
         .count = 30, .line = 3},
    };
    c->moves = malloc(sizeof mv);
    memcpy(c->moves, mv, sizeof mv);
    c->n_moves = 2;
    jh_rules r;
    rules_init(&r);
    jh_demography *d;
    jh_error err;
    assert_int_equal(jh_demography_create(&d, c, &r, 2025, 2030, &err), JH_OK);
    jh_demography_set_migration(d, NULL, &err);
    jh_demography_advance(d);
    assert_true(fabs(jh_demography_children(d, 0, 8) - 95) < EPS);
    assert_true(fabs(jh_demography_children(d, 1, 8) - 55) < EPS);
    assert_true(fabs(jh_demography_moved_out(d, 0, 8) - 5) < EPS);
    assert_true(fabs(jh_demography_moved_in(d, 1, 8) - 5) < EPS);
    assert_true(fabs(jh_demography_children(d, 0, 7) - 100) < EPS);
    assert_true(jh_demography_moved_out(d, 0, 7) == 0);
    jh_demography_advance(d);
    /* the 2026 move is gone from the year's figures; its children aged */
    assert_true(fabs(jh_demography_children(d, 0, 9) - 95) < EPS);
    assert_true(jh_demography_moved_out(d, 0, 9) == 0);
    assert_true(jh_demography_moved_in(d, 1, 9) == 0);
    assert_true(fabs(jh_demography_children(d, 1, 3) - 20) < EPS);
    assert_true(fabs(jh_demography_children(d, 0, 3) - 130) < EPS);
    assert_true(fabs(jh_demography_moved_out(d, 1, 3) - 30) < EPS);
    assert_true(fabs(jh_demography_moved_in(d, 0, 3) - 30) < EPS);
    rows_match_calls(d, 2);
    jh_demography_free(d);
    free_county(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_moves),
        cmocka_unit_test(test_internal_shares),
        cmocka_unit_test(test_table_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
