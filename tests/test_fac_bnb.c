/* The capacitated Lagrangian bound with assignment branching (issue 18,
 * item 4: fac_lagrange.c, fac_bnb.c), on the gadget of
 * test_facility_cap.c solved by hand.
 *
 * Sites A (capacity 3) and B (capacity 5), p = 2; weighted costs
 * (students x distance):
 *   v0 (2 students): A 0, B 20
 *   v1 (2 students): A 2, B 18
 *   v2 (1 student):  A 4, B 6
 * The optimum is A {v0, v2}, B {v1}: 22.
 *
 * At lambda = (10, 10, 10) the relaxation (every client served once
 * relaxed, a 0/1 knapsack per site over the clients with cost < lambda):
 *   A: items v0 (-10, weight 2), v1 (-8, 2), v2 (-6, 1), room 3:
 *      best {v0, v2} = -16;  B: item v2 (-4, 1) = -4;
 *   bound 30 - 16 - 4 = 10; subgradient 1 - (times taken): v0 0, v1 1,
 *   v2 -1.
 * v1 forced to B (a constant 18, 2 of B's places used, v1 out of the
 * relaxation): A {v0, v2} = -16, B room 3: {v2} = -4;
 *   bound 10 + 10 + 18 - 16 - 4 = 18; subgradient v0 0, v1 0, v2 -1.
 * Pair v0-A forbidden instead: A items v1, v2 (all fit) = -14, B -4;
 *   bound 30 - 14 - 4 = 12.
 * A node's value with whole lambdas rounds to the whole number above. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/fac_internal.h"

static const double demand[3] = {2, 2, 1}, cap[2] = {3, 5};
static const size_t start[4] = {0, 2, 4, 6};
static const int fac[6] = {0, 1, 0, 1, 0, 1};
static const double cost[6] = {0, 10, 1, 9, 4, 6};   /* distances */

static void build(fac_inst *in)
{
    jh_facility_problem pr = {
        .n_clients = 3, .n_facilities = 2, .demand = demand, .capacity = cap,
        .start = start, .facility = fac, .cost = cost, .mode = JH_FACILITY_KEEP,
        .p = 2, .seed = 1,
    };
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(fac_inst_build(in, &pr, 0, &err), JH_OK);
    assert_int_equal(in->nc, 3);
    /* weighted: v0 0 / 20, v1 2 / 18, v2 4 / 6 */
    assert_true(in->e[in->start[1] + 1] == 18 && in->fac[in->start[1] + 1] == 1);
}

static void test_forced_and_forbidden(void **state)
{
    (void)state;
    fac_inst in;
    build(&in);
    fac_lag L;
    assert_int_equal(fac_lag_init(&L, &in, 2, true), JH_OK);
    double lam[3] = {10, 10, 10}, norm = 0;
    double b = fac_lag_eval(&L, lam, true, &norm);
    assert_true(L.feasible);
    assert_true(fabs(b - 10) < 1e-9);
    assert_true(fabs(L.v[0] + 16) < 1e-9 && fabs(L.v[1] + 4) < 1e-9);
    assert_true(L.g[0] == 0 && L.g[1] == 1 && L.g[2] == -1);
    assert_true(norm == 2);

    /* v1 forced to B */
    size_t q = in.start[1] + 1;
    L.cforce[1] = (long)q;
    L.capred[1] = 2;
    L.state[1] = 1;
    b = fac_lag_eval(&L, lam, true, &norm);
    assert_true(fabs(b - 18) < 1e-9);
    assert_true(L.g[0] == 0 && L.g[1] == 0 && L.g[2] == -1);
    /* a forced load above the room: no assignment at this node */
    L.capred[1] = 6;
    assert_true(fac_lag_eval(&L, lam, false, &norm) == INFINITY);
    assert_false(L.feasible);
    L.cforce[1] = -1;
    L.capred[1] = 0;
    L.state[1] = 0;

    /* pair v0-A forbidden */
    L.pstate[in.start[0]] = -1;
    b = fac_lag_eval(&L, lam, false, &norm);
    assert_true(fabs(b - 12) < 1e-9);
    assert_true(fabs(L.v[0] + 14) < 1e-9);
    L.pstate[in.start[0]] = 0;
    assert_true(fac_lag_round(&L, 21.2) == 22);
    fac_lag_free(&L);
    fac_inst_free(&in);
}

/* From the layout's worse assignment (A {v0}, B {v1, v2}: 24) the proof
 * finds and proves 22 (both sites open: the open set is decided at the
 * root, what is left is the assignment). */
static void test_certify_assignment(void **state)
{
    (void)state;
    fac_inst in;
    build(&in);
    bool open[2] = {true, true};
    fac_cap a;
    assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
    a.f[0] = 0;
    a.f[1] = 1;
    a.f[2] = 1;
    a.load[0] = 2;
    a.load[1] = 3;
    a.cost = a.total = 24;
    a.over = 0;
    a.unassigned = 0;
    fac_cap_work *w = fac_cap_work_new(&in);
    assert_non_null(w);
    double ub = 24;
    long nodes = 0;
    double lb = fac_certify(&in, 2, true, open, &ub, &a, w, 1000000, INFINITY, &nodes, NULL);
    assert_true(ub == 22);
    assert_true(lb == 22);
    assert_int_equal(a.f[0], 0);
    assert_int_equal(a.f[1], 1);
    assert_int_equal(a.f[2], 0);
    assert_true(a.cost == 22);
    assert_true(nodes >= 1);
    fac_cap_work_free(w);
    fac_cap_free(&a);
    fac_inst_free(&in);
}

/* Uncapacitated, small random instances (12 points on a 100 x 100 grid,
 * whole distances, demand 1-3, p = 2 and 3): the proof from a poor layout
 * (the first p facilities) ends at the optimum found by enumerating every
 * layout, with the bound equal to it; on some the root's bound falls
 * short and the tree (its facilities branched on, the pairs of those the
 * root closed dropped) closes the gap. */
#define UN 12
static unsigned long lcg(unsigned long *x)
{
    *x = *x * 6364136223846793005UL + 1442695040888963407UL;
    return (*x >> 33) & 0x7fffffff;
}

static int cmp_pair(const void *a, const void *b, void *ctx)
{
    const double *d = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (d[x] != d[y])
        return d[x] < d[y] ? -1 : 1;
    return x - y;
}

static void test_certify_uncap_tree(void **state)
{
    (void)state;
    int branched = 0, improved = 0;
    for (unsigned long seed = 1; seed <= 40; seed++) {
        unsigned long x = seed;
        double px[UN], py[UN], dem[UN], d[UN * UN], costv[UN * UN];
        int facv[UN * UN];
        size_t st[UN + 1];
        for (int i = 0; i < UN; i++) {
            px[i] = (double)(lcg(&x) % 100);
            py[i] = (double)(lcg(&x) % 100);
            dem[i] = (double)(1 + lcg(&x) % 3);
        }
        for (int i = 0; i < UN; i++)
            for (int j = 0; j < UN; j++)
                d[i * UN + j] = floor(hypot(px[i] - px[j], py[i] - py[j]));
        for (int i = 0; i < UN; i++) {
            int ord[UN];
            for (int j = 0; j < UN; j++)
                ord[j] = j;
            qsort_r(ord, UN, sizeof *ord, cmp_pair, d + i * UN);
            st[i] = (size_t)i * UN;
            for (int j = 0; j < UN; j++) {
                facv[i * UN + j] = ord[j];
                costv[i * UN + j] = d[i * UN + ord[j]];
            }
        }
        st[UN] = UN * UN;
        int p = 2 + (int)(seed % 2);
        jh_facility_problem pr = {
            .n_clients = UN, .n_facilities = UN, .demand = dem, .start = st,
            .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP, .p = p, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        /* the optimum by enumeration (p = 2 or 3) */
        double opt = INFINITY;
        for (int a = 0; a < UN; a++)
            for (int b = a + 1; b < UN; b++)
                for (int c = p == 3 ? b + 1 : UN; c < UN || (p == 2 && c == UN); c++) {
                    double s = 0;
                    for (int i = 0; i < UN; i++) {
                        double m = fmin(d[i * UN + a], d[i * UN + b]);
                        if (p == 3)
                            m = fmin(m, d[i * UN + c]);
                        s += dem[i] * m;
                    }
                    if (s < opt)
                        opt = s;
                    if (p == 2)
                        break;
                }
        bool open[UN] = {false};
        double ub = 0;
        for (int f = 0; f < p; f++)
            open[f] = true;
        for (int i = 0; i < UN; i++) {
            double m = INFINITY;
            for (int f = 0; f < p; f++)
                m = fmin(m, d[i * UN + f]);
            ub += dem[i] * m;
        }
        double ub0 = ub;
        long nodes = 0;
        double lb = fac_certify(&in, p, false, open, &ub, NULL, NULL, 100000000L, INFINITY, &nodes, NULL);
        assert_true(ub == opt);
        assert_true(lb == opt);
        double s = 0;
        int n_open = 0;
        for (int i = 0; i < UN; i++) {
            double m = INFINITY;
            for (int f = 0; f < UN; f++)
                if (open[f])
                    m = fmin(m, d[i * UN + f]);
            s += dem[i] * m;
        }
        for (int f = 0; f < UN; f++)
            n_open += open[f];
        assert_int_equal(n_open, p);
        assert_true(s == opt);
        branched += nodes > 1;
        improved += ub0 > opt;
        fac_inst_free(&in);
    }
    printf("uncapacitated: %d of 40 branched, %d improved\n", branched, improved);
    assert_true(branched >= 1);
    assert_true(improved >= 30);
}

/* Capacitated, small random instances (CN points on a 100 x 100 grid,
 * whole distances, demand 1-9, capacities 12-27, p = 2): at random
 * multipliers each knapsack the relaxation computes exactly (the chosen
 * facilities and the next one) has the value of the best subset found by
 * enumerating every subset of its items, the others a value no higher,
 * and the bound is the multipliers' sum plus the p smallest enumerated
 * values (the dynamic programme stops at the items' running weight, and
 * takes every item below it whole). Then the proof, from the dearest
 * feasible solution, ends at the optimum found by enumerating every open
 * pair and every assignment, with the bound equal to it. */
#define CN 8
static void test_cap_knapsack_and_proof(void **state)
{
    (void)state;
    int checked = 0, proofs = 0, tight = 0;
    for (unsigned long seed = 1; seed <= 30; seed++) {
        unsigned long x = seed * 7919;
        double px[CN], py[CN], dem[CN], capv[CN], d[CN * CN], costv[CN * CN];
        int facv[CN * CN];
        size_t st[CN + 1];
        for (int i = 0; i < CN; i++) {
            px[i] = (double)(lcg(&x) % 100);
            py[i] = (double)(lcg(&x) % 100);
            dem[i] = (double)(1 + lcg(&x) % 9);
            capv[i] = (double)(12 + lcg(&x) % 16);
        }
        for (int i = 0; i < CN; i++)
            for (int j = 0; j < CN; j++)
                d[i * CN + j] = floor(hypot(px[i] - px[j], py[i] - py[j]));
        for (int i = 0; i < CN; i++) {
            int ord[CN];
            for (int j = 0; j < CN; j++)
                ord[j] = j;
            qsort_r(ord, CN, sizeof *ord, cmp_pair, d + i * CN);
            st[i] = (size_t)i * CN;
            for (int j = 0; j < CN; j++) {
                facv[i * CN + j] = ord[j];
                costv[i * CN + j] = d[i * CN + ord[j]];
            }
        }
        st[CN] = CN * CN;
        int p = 2;
        jh_facility_problem pr = {
            .n_clients = CN, .n_facilities = CN, .demand = dem, .capacity = capv,
            .start = st, .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP,
            .p = p, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        assert_int_equal(in.nc, CN);

        /* the knapsacks at random whole multipliers */
        fac_lag L;
        assert_int_equal(fac_lag_init(&L, &in, p, true), JH_OK);
        assert_true(L.dp_ok);
        for (int r = 0; r < 5; r++) {
            double lam[CN], sum = 0, brute[CN], norm;
            for (int i = 0; i < CN; i++) {
                lam[i] = (double)(lcg(&x) % 400);
                sum += lam[i];
            }
            for (int f = 0; f < CN; f++) {
                brute[f] = 0;
                for (int m = 0; m < (1 << CN); m++) {
                    double wsum = 0, v = 0;
                    bool ok = true;
                    for (int i = 0; i < CN && ok; i++)
                        if (m & (1 << i)) {
                            double e = dem[i] * d[i * CN + f];
                            ok = e < lam[i];
                            wsum += dem[i];
                            v += e - lam[i];
                        }
                    if (ok && wsum <= capv[f] && v < brute[f])
                        brute[f] = v;
                }
            }
            double b = fac_lag_eval(&L, lam, true, &norm);
            double sorted[CN];
            memcpy(sorted, brute, sizeof sorted);
            for (int i = 0; i < CN; i++)
                for (int j = i + 1; j < CN; j++)
                    if (sorted[j] < sorted[i]) {
                        double t = sorted[i];
                        sorted[i] = sorted[j];
                        sorted[j] = t;
                    }
            assert_true(fabs(b - (sum + sorted[0] + sorted[1])) < 1e-6);
            for (int f = 0; f < CN; f++) {
                assert_true(L.v[f] <= brute[f] + 1e-6);
                if (!L.chosen[f])
                    continue;
                assert_true(fabs(L.v[f] - brute[f]) < 1e-6);
                /* the items taken are a subset worth that, within room */
                double tv = 0, tw = 0;
                for (size_t k = L.istart[f]; k < L.icnt[f]; k++) {
                    assert_true(L.take[k] == 0 || L.take[k] == 1);
                    tv += L.take[k] * L.ired[k];
                    tw += L.take[k] * dem[L.iclient[k]];
                }
                assert_true(fabs(tv - brute[f]) < 1e-6);
                assert_true(tw <= capv[f]);
                checked++;
            }
        }
        fac_lag_free(&L);

        /* the optimum and the dearest feasible solution by enumeration */
        double opt = INFINITY, worst = -1;
        int wa = -1, wb = -1, wm = 0;
        for (int a = 0; a < CN; a++)
            for (int bb = a + 1; bb < CN; bb++)
                for (int m = 0; m < (1 << CN); m++) {
                    double la = 0, lb2 = 0, c = 0;
                    for (int i = 0; i < CN; i++) {
                        int f = m & (1 << i) ? bb : a;
                        if (f == a)
                            la += dem[i];
                        else
                            lb2 += dem[i];
                        c += dem[i] * d[i * CN + f];
                    }
                    if (la > capv[a] || lb2 > capv[bb])
                        continue;
                    if (c < opt)
                        opt = c;
                    if (c > worst) {
                        worst = c;
                        wa = a;
                        wb = bb;
                        wm = m;
                    }
                }
        if (wa < 0) {
            fac_inst_free(&in);
            continue;                 /* no two sites hold everyone */
        }
        bool open[CN] = {false};
        open[wa] = open[wb] = true;
        fac_cap a;
        assert_int_equal(fac_cap_init(&a, &in, NULL), JH_OK);
        memset(a.load, 0, CN * sizeof *a.load);
        for (int i = 0; i < CN; i++) {
            a.f[i] = wm & (1 << i) ? wb : wa;
            a.load[a.f[i]] += dem[i];
        }
        a.cost = a.total = worst;
        a.over = 0;
        a.unassigned = 0;
        fac_cap_work *w = fac_cap_work_new(&in);
        assert_non_null(w);
        double ub = worst;
        long nodes = 0;
        double lbv = fac_certify(&in, p, true, open, &ub, &a, w, 100000000L, INFINITY, &nodes, NULL);
        assert_true(ub == opt);
        assert_true(lbv == opt);
        double c = 0, load[CN] = {0};
        int n_open = 0;
        for (int i = 0; i < CN; i++) {
            assert_true(open[a.f[i]]);
            load[a.f[i]] += dem[i];
            c += dem[i] * d[i * CN + a.f[i]];
        }
        for (int f = 0; f < CN; f++) {
            n_open += open[f];
            assert_true(load[f] <= capv[f]);
        }
        assert_int_equal(n_open, p);
        assert_true(c == opt);
        proofs++;
        tight += worst > opt;
        fac_cap_work_free(w);
        fac_cap_free(&a);
        fac_inst_free(&in);
    }
    printf("capacitated: %d exact knapsacks checked, %d proofs (%d from a dearer start)\n",
           checked, proofs, tight);
    assert_true(checked >= 100);
    assert_true(proofs >= 10);
}

/* Pair elimination by reduced cost (fac_pairfix.c) on the instances of
 * test_cap_knapsack_and_proof: for every client-facility pair, the
 * cheapest feasible solution that assigns the client there (enumerating
 * every open pair and every assignment). After an ascent towards the
 * optimum (and at random multipliers), with the incumbent ub = the
 * optimum + 1 or the dearest feasible solution, every pair forbidden has
 * no solution cheaper than ub (so the optimum's pairs are never
 * forbidden), and the relaxation without them stays at most the
 * optimum. At least some pairs must go (else the test proves nothing). */
static void test_cap_pair_fix(void **state)
{
    (void)state;
    long forbidden = 0, kept_checked = 0;
    int p = 2;
    for (unsigned long seed = 1; seed <= 30; seed++) {
        unsigned long x = seed * 7919;
        double px[CN], py[CN], dem[CN], capv[CN], d[CN * CN], costv[CN * CN];
        int facv[CN * CN];
        size_t st[CN + 1];
        for (int i = 0; i < CN; i++) {
            px[i] = (double)(lcg(&x) % 100);
            py[i] = (double)(lcg(&x) % 100);
            dem[i] = (double)(1 + lcg(&x) % 9);
            capv[i] = (double)(12 + lcg(&x) % 16);
        }
        for (int i = 0; i < CN; i++)
            for (int j = 0; j < CN; j++)
                d[i * CN + j] = floor(hypot(px[i] - px[j], py[i] - py[j]));
        for (int i = 0; i < CN; i++) {
            st[i] = (size_t)i * CN;
            for (int j = 0; j < CN; j++) {
                facv[i * CN + j] = j;
                costv[i * CN + j] = d[i * CN + j];
            }
            /* cheapest first, as the solver keeps every client's list */
            for (int a = 0; a < CN; a++)
                for (int b = a + 1; b < CN; b++)
                    if (costv[i * CN + b] < costv[i * CN + a]
                        || (costv[i * CN + b] == costv[i * CN + a] && facv[i * CN + b] < facv[i * CN + a])) {
                        double tc = costv[i * CN + a];
                        int tf = facv[i * CN + a];
                        costv[i * CN + a] = costv[i * CN + b];
                        facv[i * CN + a] = facv[i * CN + b];
                        costv[i * CN + b] = tc;
                        facv[i * CN + b] = tf;
                    }
        }
        st[CN] = CN * CN;
        jh_facility_problem pr = {
            .n_clients = CN, .n_facilities = CN, .demand = dem, .capacity = capv,
            .start = st, .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP,
            .p = p, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        assert_int_equal(in.nc, CN);
        /* best[i][f]: the cheapest feasible solution with i at f */
        double best[CN][CN], opt = INFINITY, worst = -1;
        for (int i = 0; i < CN; i++)
            for (int f = 0; f < CN; f++)
                best[i][f] = INFINITY;
        for (int a = 0; a < CN; a++)
            for (int b = a + 1; b < CN; b++)
                for (int m = 0; m < (1 << CN); m++) {
                    double la = 0, lb2 = 0, c = 0;
                    for (int i = 0; i < CN; i++) {
                        int f = m & (1 << i) ? b : a;
                        if (f == a)
                            la += dem[i];
                        else
                            lb2 += dem[i];
                        c += dem[i] * d[i * CN + f];
                    }
                    if (la > capv[a] || lb2 > capv[b])
                        continue;
                    if (c < opt)
                        opt = c;
                    if (c > worst)
                        worst = c;
                    for (int i = 0; i < CN; i++) {
                        int f = m & (1 << i) ? b : a;
                        if (c < best[i][f])
                            best[i][f] = c;
                    }
                }
        if (worst < 0) {
            fac_inst_free(&in);
            continue;                 /* no two sites hold everyone */
        }
        for (int trial = 0; trial < 4; trial++) {
            fac_lag L;
            assert_int_equal(fac_lag_init(&L, &in, p, true), JH_OK);
            double lam[CN], bl[CN], norm;
            double ub = trial % 2 == 0 ? opt + 1 : worst;
            if (trial < 2) {
                fac_lag_start(&in, lam);
                double b = fac_lag_ascent(&L, lam, bl, opt + 1, 300, 2.0, 1L << 40);
                assert_true(b <= opt + 1e-6);
            } else {
                for (int i = 0; i < CN; i++)
                    bl[i] = (double)(lcg(&x) % 400);
            }
            double v = fac_lag_eval(&L, bl, false, &norm);
            assert_true(v <= opt + 1e-6);
            size_t trail[CN * CN];
            long n = fac_lag_pair_fix(&L, bl, v, ub, trail);
            long seen = 0;
            for (size_t q = 0; q < in.start[in.nc]; q++) {
                size_t c = 0;
                while (in.start[c + 1] <= q)
                    c++;
                int i = (int)in.client_of[c], f = in.fac[q];
                if (L.pstate[q] < 0) {
                    seen++;
                    assert_true(best[i][f] >= ub - 1e-6);
                } else if (best[i][f] <= opt) {
                    kept_checked++;   /* an optimal solution's pair stays */
                }
            }
            assert_int_equal(seen, n);
            for (long k = 0; k < n; k++)
                assert_true(L.pstate[trail[k]] < 0);
            forbidden += n;
            /* the relaxation without them is still a bound */
            assert_true(fac_lag_eval(&L, bl, false, &norm) <= opt + 1e-6);
            double b2 = fac_lag_ascent(&L, bl, lam, opt + 1, 100, 1.0, 1L << 40);
            assert_true(b2 <= opt + 1e-6);
            fac_lag_free(&L);
        }
        fac_inst_free(&in);
    }
    printf("pair fixing: %ld pairs forbidden, %ld optimal pairs kept\n", forbidden, kept_checked);
    assert_true(forbidden >= 50);
    assert_true(kept_checked >= 100);
}


/* The uncapacitated relaxation and its work count, by hand. Three clients
 * of demand 1, three sites; each client's pairs by cost:
 *   c0: f0 0, f1 3, f2 5    c1: f1 1, f2 2 (no f0)    c2: f2 0, f0 4, f1 7
 * At lambda = (6, 2, 4): c0's whole list is below 6 (all three count),
 * c1's prefix stops at its last pair (f2: 2 is not below 2), c2's at f0
 * (4 >= 4): v0 = 0-6 = -6, v1 = (3-6) + (1-2) = -4, v2 = (5-6) + (0-4)
 * = -5; sum lambda 12; p = 1: f0, bound 6; p = 2: f0 f2, bound 1.
 * Work per client: its prefix twice, less the closed pairs in it, plus
 * one (c0 7, c1 3, c2 3: 13), then one per free site (3): 16. With f1
 * closed: c0 6, c1 2, c2 3 = 11, two free sites: 13; v1 counts nothing.
 * Subgradient at p = 1 (f0 chosen): 1 - [cost to f0 < lambda]: 0, 1, 1. */
static void test_uncap_eval_work(void **state)
{
    (void)state;
    static const double dem[3] = {1, 1, 1};
    static const size_t st[4] = {0, 3, 5, 8};
    static const int fc[8] = {0, 1, 2, 1, 2, 2, 0, 1};
    static const double co[8] = {0, 3, 5, 1, 2, 0, 4, 7};
    for (int p = 1; p <= 2; p++) {
        jh_facility_problem pr = {
            .n_clients = 3, .n_facilities = 3, .demand = dem, .start = st,
            .facility = fc, .cost = co, .mode = JH_FACILITY_KEEP, .p = p, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        fac_lag L;
        assert_int_equal(fac_lag_init(&L, &in, p, false), JH_OK);
        double lam[3] = {6, 2, 4}, norm = -1;
        double b = fac_lag_eval(&L, lam, true, &norm);
        assert_true(L.feasible);
        assert_true(fabs(L.v[0] + 6) < 1e-12 && fabs(L.v[1] + 4) < 1e-12
                    && fabs(L.v[2] + 5) < 1e-12);
        assert_true(fabs(b - (p == 1 ? 6 : 1)) < 1e-12);
        assert_int_equal(L.work, 16);
        assert_int_equal(L.prefix, 13);
        if (p == 1) {
            assert_true(L.chosen[0] && !L.chosen[1] && !L.chosen[2]);
            assert_true(L.g[0] == 0 && L.g[1] == 1 && L.g[2] == 1 && norm == 2);
        }
        L.state[1] = -1;
        L.work = 0;
        b = fac_lag_eval(&L, lam, false, &norm);
        assert_true(L.v[1] == 0 && fabs(L.v[0] + 6) < 1e-12 && fabs(L.v[2] + 5) < 1e-12);
        assert_true(fabs(b - (p == 1 ? 6 : 1)) < 1e-12);
        assert_int_equal(L.work, 13);
        assert_int_equal(L.prefix, 11);
        /* every lambda at 0: no prefix, one per client and per free site */
        double zero[3] = {0, 0, 0};
        L.work = 0;
        b = fac_lag_eval(&L, zero, false, &norm);
        assert_true(b == 0 && L.v[0] == 0 && L.v[2] == 0);
        assert_int_equal(L.work, 3 + 2);
        fac_lag_free(&L);
        fac_inst_free(&in);
    }
}

/* The knapsacks' table starts each row at the capacity less the weight of
 * the items still to come (fac_lagrange.c): the exact knapsacks of the
 * relaxation have the same figures, bit for bit, and take the same items
 * as the full table (a reference copy of it below, every row from 0) on
 * random instances of the pmedcap1-like sizes (KN clients of demand 1-20,
 * two sites of capacity 120 or less, p = 1, so both knapsacks are exact)
 * at random multipliers, including ones where few or all items fit. */
#define KN 40
static double ref_knapsack(const double *ired, const int *icl, const double *dem, size_t n,
                           size_t C, double *take)
{
    size_t R = C + 1, W = 0;
    double *T = malloc((n + 1) * R * sizeof *T), *pre = malloc((n ? n : 1) * sizeof *pre);
    assert_non_null(T);
    assert_non_null(pre);
    T[0] = 0;
    for (size_t k = 0; k < n; k++) {
        size_t wk = (size_t)dem[icl[k]];
        double pk = -ired[k];
        size_t hi = W + wk < C ? W + wk : C;
        double *prev = T + k * R, *row = prev + R;
        for (size_t x = W + 1; x <= hi; x++)
            prev[x] = prev[W];
        for (size_t x = 0; x <= hi; x++) {
            double o = prev[x];
            if (x >= wk && prev[x - wk] + pk > o)
                o = prev[x - wk] + pk;
            row[x] = o;
        }
        W += wk;
        pre[k] = (double)W;
        if (W > C)
            W = C;
    }
    size_t x = C;
    for (size_t k = n; k-- > 0;) {
        if ((double)x >= pre[k]) {
            for (size_t j = 0; j <= k; j++)
                take[j] = 1;
            break;
        }
        if (T[(k + 1) * R + x] != T[k * R + x]) {
            take[k] = 1;
            x -= (size_t)dem[icl[k]];
        } else {
            take[k] = 0;
        }
    }
    double v = -T[n * R + C];
    free(T);
    free(pre);
    return v;
}

static void test_cap_knapsack_table(void **state)
{
    (void)state;
    int checked = 0;
    for (unsigned long seed = 1; seed <= 40; seed++) {
        unsigned long x = seed * 104729;
        double dem[KN], capv[2], costv[2 * KN];
        int facv[2 * KN];
        size_t st[KN + 1];
        for (int i = 0; i < KN; i++) {
            dem[i] = (double)(1 + lcg(&x) % 20);
            double d0 = (double)(lcg(&x) % 60), d1 = (double)(lcg(&x) % 60);
            st[i] = (size_t)i * 2;
            int first = d0 <= d1 ? 0 : 1;
            facv[2 * i] = first;
            facv[2 * i + 1] = 1 - first;
            costv[2 * i] = first == 0 ? d0 : d1;
            costv[2 * i + 1] = first == 0 ? d1 : d0;
        }
        st[KN] = 2 * KN;
        capv[0] = (double)(20 + lcg(&x) % 101);
        capv[1] = (double)(20 + lcg(&x) % 101);
        jh_facility_problem pr = {
            .n_clients = KN, .n_facilities = 2, .demand = dem, .capacity = capv,
            .start = st, .facility = facv, .cost = costv, .mode = JH_FACILITY_KEEP,
            .p = 1, .seed = 1,
        };
        jh_error err;
        jh_error_clear(&err);
        fac_inst in;
        assert_int_equal(fac_inst_build(&in, &pr, 0, &err), JH_OK);
        fac_lag L;
        assert_int_equal(fac_lag_init(&L, &in, 1, true), JH_OK);
        assert_true(L.dp_ok);
        for (int r = 0; r < 10; r++) {
            double lam[KN], norm;
            double scale = 50.0 * (1 + r % 5);
            for (int i = 0; i < KN; i++)
                lam[i] = scale * (double)(lcg(&x) % 1000) / 100.0 + (double)(lcg(&x) % 7) / 3.0;
            fac_lag_eval(&L, lam, true, &norm);
            assert_true(L.feasible);
            for (int f = 0; f < 2; f++) {
                size_t a = L.istart[f], n = L.icnt[f] - a;
                double tw = 0, take[2 * KN];
                for (size_t k = 0; k < n; k++)
                    tw += dem[L.iclient[a + k]];
                if (tw <= capv[f])
                    continue;         /* everything fits: no table */
                double v = ref_knapsack(L.ired + a, L.iclient + a, dem, n, (size_t)capv[f], take);
                assert_true(L.v[f] == v);
                for (size_t k = 0; k < n; k++)
                    assert_true(L.take[a + k] == take[k]);
                checked++;
            }
        }
        fac_lag_free(&L);
        fac_inst_free(&in);
    }
    printf("knapsack tables: %d checked against the full table\n", checked);
    assert_true(checked >= 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forced_and_forbidden),
        cmocka_unit_test(test_uncap_eval_work),
        cmocka_unit_test(test_certify_assignment),
        cmocka_unit_test(test_certify_uncap_tree),
        cmocka_unit_test(test_cap_knapsack_and_proof),
        cmocka_unit_test(test_cap_pair_fix),
        cmocka_unit_test(test_cap_knapsack_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
