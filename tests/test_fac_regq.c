/* The queue of the regret construction (fac_regq.c) against the plain
 * computation it replaces: after every change, its first client is the
 * one a scan of the queued clients in order of place picks (the greatest
 * regret, then the greatest demand, the first such), and each facility's
 * list holds exactly the queued clients with it as one of their two
 * choices.
 *
 * Random: 60 clients, 7 facilities, regrets and demands from a few
 * values (many ties), places a shuffle; 3,000 steps, each setting a
 * client's key and choices (queued or not), dropping one, or taking the
 * first (as the construction does) and walking a facility's list,
 * setting or dropping some of its clients on the way and moving them
 * elsewhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>

#include "optimise/fac_regq.h"

#define NC 60
#define NF 7

static double rg[NC], w[NC];
static int place[NC], bf[NC], sf[NC];
static bool queued[NC];

/* the first greatest of a scan by place */
static int plain_top(void)
{
    int pick = -1;
    for (int t = 0; t < NC; t++) {
        int c = -1;
        for (int k = 0; k < NC; k++)
            if (place[k] == t)
                c = k;
        if (!queued[c])
            continue;
        if (pick < 0 || rg[c] > rg[pick] || (rg[c] == rg[pick] && w[c] > w[pick]))
            pick = c;
    }
    return pick;
}

static void check(const fac_regq *q)
{
    assert_int_equal(fac_regq_top(q), plain_top());
    for (int f = 0; f < NF; f++) {
        int seen[NC] = {0}, n = 0;
        for (int u = fac_regq_first(q, f); u >= 0; u = fac_regq_next(q, u)) {
            int c = fac_regq_client(u);
            assert_true(queued[c]);
            assert_true(bf[c] == f || sf[c] == f);
            seen[c]++;
            n++;
        }
        int want = 0;
        for (int c = 0; c < NC; c++)
            if (queued[c] && (bf[c] == f || sf[c] == f)) {
                want++;
                assert_int_equal(seen[c], 1);
            }
        assert_int_equal(n, want);
    }
}

/* client c a new key and two choices (sf possibly none), queued */
static void set_random(fac_regq *q, int c, int avoid)
{
    rg[c] = (double)(rand() % 5);
    w[c] = (double)(1 + rand() % 3);
    do
        bf[c] = rand() % NF;
    while (bf[c] == avoid);
    do
        sf[c] = rand() % (NF + 1) - 1;
    while (sf[c] == avoid || sf[c] == bf[c]);
    queued[c] = true;
    fac_regq_set(q, c, bf[c], sf[c]);
}

static void drop(fac_regq *q, int c)
{
    queued[c] = false;
    fac_regq_drop(q, c);
}

static void test_random_as_plain(void **state)
{
    (void)state;
    srand(44);
    fac_regq *q = fac_regq_new(NC, NF);
    assert_non_null(q);
    for (int round = 0; round < 3; round++) {
        for (int c = 0; c < NC; c++) {
            place[c] = c;
            queued[c] = false;
        }
        for (int c = NC - 1; c > 0; c--) {
            int k = rand() % (c + 1), t = place[c];
            place[c] = place[k];
            place[k] = t;
        }
        fac_regq_begin(q, rg, w, place);
        check(q);
        for (int step = 0; step < 1000; step++) {
            int c = rand() % NC, op = rand() % 4;
            if (op == 0 || op == 1) {
                set_random(q, c, -1);
            } else if (op == 2) {
                drop(q, c);
            } else {
                int top = fac_regq_top(q);
                if (top < 0)
                    continue;
                int f = bf[top];
                drop(q, top);
                for (int u = fac_regq_first(q, f), next; u >= 0; u = next) {
                    next = fac_regq_next(q, u);
                    int d = fac_regq_client(u);
                    if (rand() % 3 == 0)
                        set_random(q, d, f);
                    else if (rand() % 4 == 0)
                        drop(q, d);
                }
            }
            check(q);
        }
    }
    fac_regq_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_as_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
