/* The capacitated solver's scout (facility.c, issue 18 item 4): on small
 * capacitated problems a short proof, the local search from the pool's
 * layouts and a proof from the best layout found, before the early proof.
 *
 * The instance: 50 points in the pmedcap1 format, drawn as
 * tools/gen_orlib_like.py draws its pmedcapg files (Python's random, seed
 * 2004, coordinates 1..100) but with demands 1..21 (577 in all for 5 x 120
 * places: tighter than pmedcap1_8's 552), p = 5, capacity 120, cost =
 * demand x floor(Euclidean distance), given to the solver as
 * bench_orlib solves OR-Library files. Its optimum is 764 (proven here;
 * the Lagrangian root bound is about 743). The heuristics' layout is
 * dearer: without the scout the early proof from it (150 million of work)
 * ends at 743, and the search and the final proof find 764 but leave the
 * bound there (certified gap 2.7%). With the scout the proof from the
 * descents' layout closes: the answer is proven optimal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/facility.h"

#define N 50

/* x, y, demand of each point (the file's rows) */
static const int pts[N][3] = {
    {68, 1, 20},  {27, 48, 4},  {86, 79, 17}, {77, 20, 15}, {21, 18, 17},
    {5, 51, 18},  {85, 47, 14}, {22, 79, 11}, {8, 39, 21},  {59, 74, 4},
    {45, 49, 4},  {10, 28, 4},  {77, 22, 17}, {8, 36, 20},  {94, 44, 20},
    {72, 8, 20},  {39, 92, 18}, {55, 9, 11},  {26, 76, 10}, {77, 16, 18},
    {40, 64, 3},  {48, 66, 2},  {59, 10, 9},  {72, 97, 15}, {79, 68, 7},
    {63, 82, 15}, {37, 60, 11}, {14, 62, 9},  {52, 73, 7},  {98, 86, 13},
    {74, 68, 14}, {80, 90, 15}, {78, 56, 14}, {84, 2, 7},   {42, 83, 12},
    {10, 24, 14}, {9, 100, 3},  {17, 17, 13}, {32, 16, 8},  {28, 68, 18},
    {14, 64, 8},  {15, 40, 15}, {57, 40, 15}, {51, 90, 13}, {68, 100, 6},
    {39, 11, 1},  {22, 67, 8},  {74, 82, 3},  {96, 14, 9},  {25, 76, 7},
};

typedef struct { double c; int f; } cf;

static int by_cost(const void *a, const void *b)
{
    const cf *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->f - y->f;
}

static void test_scout_proves_tight_instance(void **state)
{
    (void)state;
    static double demand[N], capv[N], cost[N * N];
    static int fac[N * N];
    static size_t start[N + 1];
    double total = 0;
    size_t k = 0;
    for (int i = 0; i < N; i++) {
        demand[i] = pts[i][2];
        capv[i] = 120;
        total += demand[i];
        cf row[N];
        for (int j = 0; j < N; j++) {
            /* the pair cost: floor(distance) / demand, so that the
             * solver's demand x cost is the whole floor(distance) */
            row[j].c = floor(hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1])) / demand[i];
            row[j].f = j;
        }
        qsort(row, N, sizeof *row, by_cost);
        start[i] = k;
        for (int j = 0; j < N; j++) {
            fac[k] = row[j].f;
            cost[k] = row[j].c;
            k++;
        }
    }
    start[N] = k;
    assert_true(total == 577);
    jh_facility_problem pr = {
        .n_clients = N, .n_facilities = N, .demand = demand, .capacity = capv,
        .start = start, .facility = fac, .cost = cost, .mode = JH_FACILITY_KEEP,
        .p = 5, .seed = 1,
    };
    jh_facility_solution sol;
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(&pr, &sol, &err), JH_OK);
    assert_int_equal(sol.n_open, 5);
    /* the answer: every client at an open site, within the capacities,
     * costing what the solver says */
    double load[N] = {0}, obj = 0;
    for (int i = 0; i < N; i++) {
        int f = sol.assign[i];
        assert_true(f >= 0 && f < N && sol.open[f]);
        load[f] += demand[i];
        obj += floor(hypot(pts[i][0] - pts[f][0], pts[i][1] - pts[f][1]));
    }
    for (int f = 0; f < N; f++)
        assert_true(load[f] <= 120);
    assert_true(fabs(obj - 764) < 1e-6);
    assert_true(fabs(sol.objective - 764) < 1e-6);
    /* proven: the bound meets the objective */
    assert_true(fabs(sol.lower_bound - sol.objective) < 1e-6);
    jh_facility_solution_free(&sol);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scout_proves_tight_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
