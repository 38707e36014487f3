/* The facility solver against brute force on small random instances
 * (12 clients, 8 facilities): every mode, with and without capacities,
 * fixed facilities, forbidden and unreachable pairs; plus the invariants
 * (capacity, reachability, fixed kept), reproducibility and input errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/facility.h"

enum { NC = 12, NF = 8 };

typedef struct inst {
    double cost[NC][NF];      /* -1 = unreachable */
    double demand[NC];
    double cap[NF];
    bool fixed[NF], allowed[NF], open_now[NF];
    /* CSR */
    size_t start[NC + 1];
    int fac[NC * NF];
    double c[NC * NF];
} inst;

static void make_csr(inst *t)
{
    size_t k = 0;
    for (int i = 0; i < NC; i++) {
        t->start[i] = k;
        int idx[NF], m = 0;
        for (int f = 0; f < NF; f++)
            if (t->cost[i][f] >= 0)
                idx[m++] = f;
        for (int a = 1; a < m; a++)   /* insertion sort by cost */
            for (int b = a; b > 0 && t->cost[i][idx[b]] < t->cost[i][idx[b - 1]]; b--) {
                int x = idx[b];
                idx[b] = idx[b - 1];
                idx[b - 1] = x;
            }
        for (int a = 0; a < m; a++) {
            t->fac[k] = idx[a];
            t->c[k] = t->cost[i][idx[a]];
            k++;
        }
    }
    t->start[NC] = k;
}

/* Random points; about 20% of pairs unreachable (never a client's all). */
static void make_inst(inst *t, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double fx[NF], fy[NF];
    for (int f = 0; f < NF; f++) {
        fx[f] = gsl_rng_uniform(r) * 100;
        fy[f] = gsl_rng_uniform(r) * 100;
        t->cap[f] = 0;
        t->fixed[f] = false;
        t->allowed[f] = true;
        t->open_now[f] = true;
    }
    for (int i = 0; i < NC; i++) {
        double x = gsl_rng_uniform(r) * 100, y = gsl_rng_uniform(r) * 100;
        t->demand[i] = (double)(1 + gsl_rng_uniform_int(r, 9));
        int near = 0;
        for (int f = 0; f < NF; f++) {
            t->cost[i][f] = floor(hypot(x - fx[f], y - fy[f]));
            if (t->cost[i][f] < t->cost[i][near])
                near = f;
        }
        for (int f = 0; f < NF; f++)
            if (f != near && gsl_rng_uniform(r) < 0.2)
                t->cost[i][f] = -1;
    }
    gsl_rng_free(r);
    make_csr(t);
}

static jh_facility_problem problem_of(const inst *t, bool capacitated)
{
    jh_facility_problem p;
    memset(&p, 0, sizeof p);
    p.n_clients = NC;
    p.n_facilities = NF;
    p.demand = t->demand;
    p.capacity = capacitated ? t->cap : NULL;
    p.start = t->start;
    p.facility = t->fac;
    p.cost = t->c;
    p.fixed = t->fixed;
    p.allowed = t->allowed;
    p.open_now = t->open_now;
    p.seed = 1;
    return p;
}

/* Exact single-source assignment by depth-first search with bounds. */
static double best_assign;
static void dfs(const inst *t, unsigned mask, bool capd, double maxc, int i,
                double sofar, double *load)
{
    if (sofar >= best_assign)
        return;
    if (i == NC) {
        best_assign = sofar;
        return;
    }
    if (t->demand[i] == 0) {
        dfs(t, mask, capd, maxc, i + 1, sofar, load);
        return;
    }
    for (int f = 0; f < NF; f++) {
        double c = t->cost[i][f];
        if (!(mask >> f & 1) || c < 0 || (maxc > 0 && c > maxc))
            continue;
        if (capd && load[f] + t->demand[i] > t->cap[f] + 1e-9)
            continue;
        load[f] += t->demand[i];
        dfs(t, mask, capd, maxc, i + 1, sofar + t->demand[i] * c, load);
        load[f] -= t->demand[i];
    }
}

/* Optimum over open sets of size p (allowed, containing the fixed ones);
 * INFINITY when none is feasible. */
static double brute(const inst *t, int p, bool capd, double maxc)
{
    double best = INFINITY;
    for (unsigned mask = 0; mask < (1u << NF); mask++) {
        if (__builtin_popcount(mask) != p)
            continue;
        bool ok = true;
        for (int f = 0; f < NF; f++) {
            if ((mask >> f & 1) && !t->allowed[f])
                ok = false;
            if (t->fixed[f] && !(mask >> f & 1))
                ok = false;
        }
        if (!ok)
            continue;
        double load[NF] = {0};
        best_assign = INFINITY;
        dfs(t, mask, capd, maxc, 0, 0, load);
        if (best_assign < best)
            best = best_assign;
    }
    return best;
}

/* Invariants of any answer: open count, fixed kept, forbidden closed,
 * every client on an open reachable facility, capacity, objective. */
static void check_solution(const inst *t, const jh_facility_problem *p,
                           const jh_facility_solution *s, double maxc)
{
    int n_open = 0;
    double load[NF] = {0}, obj = 0;
    for (int f = 0; f < NF; f++) {
        n_open += s->open[f];
        if (t->fixed[f])
            assert_true(s->open[f]);
        if (!t->allowed[f])
            assert_false(s->open[f]);
    }
    assert_int_equal(n_open, s->n_open);
    for (int i = 0; i < NC; i++) {
        int f = s->assign[i];
        assert_true(f >= 0 && f < NF);
        assert_true(s->open[f]);
        assert_true(t->cost[i][f] >= 0);            /* never an unreachable pair */
        if (maxc > 0 && t->demand[i] > 0)
            assert_true(t->cost[i][f] <= maxc);
        load[f] += t->demand[i];
        obj += t->demand[i] * t->cost[i][f];
    }
    if (p->capacity)
        for (int f = 0; f < NF; f++)
            assert_true(load[f] <= t->cap[f] + 1e-9);
    assert_true(fabs(obj - s->objective) < 1e-6);
    assert_true(s->lower_bound <= s->objective + 1e-6);
}

/* Capacities that make a capacitated p-median tight but feasible. */
static void set_caps(inst *t, int p)
{
    double total = 0;
    for (int i = 0; i < NC; i++)
        total += t->demand[i];
    for (int f = 0; f < NF; f++)
        t->cap[f] = ceil(1.3 * total / p);
}

static void test_keep_uncapacitated(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 25; seed++) {
        inst t;
        make_inst(&t, seed);
        int p = 1 + (int)(seed % 5);
        if (seed % 3 == 0)
            t.fixed[seed % NF] = true;
        if (seed % 4 == 0)
            t.allowed[(seed + 3) % NF] = t.fixed[(seed + 3) % NF];
        jh_facility_problem pr = problem_of(&t, false);
        pr.mode = JH_FACILITY_KEEP;
        pr.p = p;
        double opt = brute(&t, p, false, 0);
        jh_facility_solution s;
        jh_error err;
        jh_status st = jh_facility_solve(&pr, &s, &err);
        if (!isfinite(opt)) {   /* some client unreachable from every p-set */
            assert_int_equal(st, JH_ERR_INPUT);
            continue;
        }
        assert_int_equal(st, JH_OK);
        assert_int_equal(s.n_open, p);
        check_solution(&t, &pr, &s, 0);
        assert_true(fabs(s.objective - opt) < 1e-6);
        jh_facility_solution_free(&s);
    }
}

static void test_keep_capacitated(void **state)
{
    (void)state;
    int matched = 0;
    for (unsigned long seed = 1; seed <= 25; seed++) {
        inst t;
        make_inst(&t, seed);
        int p = 2 + (int)(seed % 3);
        set_caps(&t, p);
        if (seed % 3 == 0)
            t.fixed[seed % NF] = true;
        jh_facility_problem pr = problem_of(&t, true);
        pr.mode = JH_FACILITY_KEEP;
        pr.p = p;
        double opt = brute(&t, p, true, 0);
        jh_facility_solution s;
        jh_error err;
        jh_status st = jh_facility_solve(&pr, &s, &err);
        if (!isfinite(opt)) {
            assert_int_equal(st, JH_ERR_INPUT);
            continue;
        }
        assert_int_equal(st, JH_OK);
        assert_int_equal(s.n_open, p);
        check_solution(&t, &pr, &s, 0);
        if (fabs(s.objective - opt) > 1e-6) {
            unsigned m = 0;
            for (int f = 0; f < NF; f++)
                if (s.open[f])
                    m |= 1u << f;
            double load[NF] = {0};
            best_assign = INFINITY;
            dfs(&t, m, true, 0, 0, 0, load);
            fail_msg("seed %lu p %d: found %g, optimum %g, best for its layout %g", seed, p, s.objective, opt, best_assign);
        }
        matched++;
        jh_facility_solution_free(&s);
    }
    assert_true(matched >= 15);   /* the generator yields mostly feasible ones */
}

/* The proof (issue 18): with almost no heuristic search (one move), the
 * Lagrangian bound, variable fixing and branch-and-bound still reach the
 * brute-force optimum and prove it (lower bound = objective), with
 * capacities too (a leaf whose open set is decided branches on the
 * clients' assignments); the bound never exceeds the optimum; with the per-client hash instead of the dense cost
 * table the answer is the same to the last bit. */
static void test_proof(void **state)
{
    (void)state;
    int proven = 0, tried = 0;
    for (unsigned long seed = 1; seed <= 30; seed++) {
        for (int capd = 0; capd <= 1; capd++) {
            inst t;
            make_inst(&t, seed);
            int p = capd ? 2 + (int)(seed % 3) : 1 + (int)(seed % 5);
            if (capd)
                set_caps(&t, p);
            double opt = brute(&t, p, capd, 0);
            if (!isfinite(opt))
                continue;
            jh_facility_problem pr = problem_of(&t, capd);
            pr.mode = JH_FACILITY_KEEP;
            pr.p = p;
            pr.max_iterations = 1;
            jh_facility_solution s, h;
            jh_error err;
            assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
            check_solution(&t, &pr, &s, 0);
            tried++;
            /* always the optimum, always proven */
            if (fabs(s.objective - opt) > 1e-6)
                fail_msg("seed %lu p %d cap %d: found %g, optimum %g", seed, p, capd, s.objective, opt);
            assert_true(s.lower_bound <= opt + 1e-6);
            if (s.lower_bound >= opt - 1e-6 && fabs(s.objective - opt) <= 1e-6)
                proven++;
            else
                fail_msg("seed %lu p %d: optimum %g not proven (bound %g)", seed, p, opt, s.lower_bound);
            pr.dense_cells_max = -1;
            assert_int_equal(jh_facility_solve(&pr, &h, &err), JH_OK);
            assert_memory_equal(s.open, h.open, NF * sizeof *s.open);
            assert_memory_equal(s.assign, h.assign, NC * sizeof *s.assign);
            assert_true(s.objective == h.objective && s.lower_bound == h.lower_bound);
            jh_facility_solution_free(&s);
            jh_facility_solution_free(&h);
        }
    }
    assert_true(tried >= 40);
    assert_true(proven == tried);
}

/* Six open now, two candidate sites; close at most N: p = 6 - N from all
 * eight; with capacities too tight for that, fewer are closed. */
static void test_close_at_most(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 20; seed++) {
        inst t;
        make_inst(&t, seed + 100);
        t.open_now[1] = t.open_now[5] = false;
        t.fixed[2] = true;
        bool capd = seed % 2 == 0;
        int N = 2 + (int)(seed % 3);
        if (capd) { /* 6 - N = 2 open cannot hold everyone; 3 can, with some slack */
            set_caps(&t, 4);
            for (int f = 0; f < NF; f++)
                t.cap[f] += 3;
        }
        jh_facility_problem pr = problem_of(&t, capd);
        pr.mode = JH_FACILITY_CLOSE_AT_MOST;
        pr.close_at_most = N;
        int p = 6 - N;
        double opt = INFINITY;
        for (; p <= NF && !isfinite(opt); p++)
            opt = brute(&t, p, capd, 0);
        p--;
        jh_facility_solution s;
        jh_error err;
        jh_status st = jh_facility_solve(&pr, &s, &err);
        if (st != JH_OK || s.n_open != p || fabs(s.objective - opt) > 1e-6)
            fail_msg("seed %lu N %d: status %d open %d (expected %d) found %g, optimum %g: %s", seed, N,
                     (int)st, st == JH_OK ? s.n_open : -1, p, st == JH_OK ? s.objective : -1, opt,
                     st == JH_OK ? "" : err.message);
        check_solution(&t, &pr, &s, 0);
        jh_facility_solution_free(&s);
    }
}

/* Fewest facilities with every client within max_cost, then least cost. */
static void test_max_cost(void **state)
{
    (void)state;
    int solved = 0;
    for (unsigned long seed = 1; seed <= 20; seed++) {
        inst t;
        make_inst(&t, seed + 200);
        bool capd = seed % 2 == 0;
        if (capd)
            set_caps(&t, 3);
        double maxc = 45 + (double)(seed % 4) * 10;
        jh_facility_problem pr = problem_of(&t, capd);
        pr.mode = JH_FACILITY_MAX_COST;
        pr.max_cost = maxc;
        int p;
        double opt = INFINITY;
        for (p = 1; p <= NF && !isfinite(opt); p++)
            opt = brute(&t, p, capd, maxc);
        p--;
        jh_facility_solution s;
        jh_error err;
        jh_status st = jh_facility_solve(&pr, &s, &err);
        if (!isfinite(opt)) {
            assert_int_equal(st, JH_ERR_INPUT);
            assert_non_null(strstr(err.message, "max_cost"));
            continue;
        }
        assert_int_equal(st, JH_OK);
        assert_int_equal(s.n_open, p);
        check_solution(&t, &pr, &s, maxc);
        assert_true(fabs(s.objective - opt) < 1e-6);
        solved++;
        jh_facility_solution_free(&s);
    }
    assert_true(solved >= 8);
}

static void test_same_seed_same_answer(void **state)
{
    (void)state;
    inst t;
    make_inst(&t, 77);
    set_caps(&t, 3);
    for (int capd = 0; capd < 2; capd++) {
        jh_facility_problem pr = problem_of(&t, capd);
        pr.mode = JH_FACILITY_KEEP;
        pr.p = 3;
        pr.seed = 12345;
        jh_facility_solution a, b;
        jh_error err;
        assert_int_equal(jh_facility_solve(&pr, &a, &err), JH_OK);
        assert_int_equal(jh_facility_solve(&pr, &b, &err), JH_OK);
        assert_memory_equal(a.open, b.open, NF * sizeof *a.open);
        assert_memory_equal(a.assign, b.assign, NC * sizeof *a.assign);
        assert_true(a.objective == b.objective);
        assert_int_equal(a.iterations, b.iterations);
        jh_facility_solution_free(&a);
        jh_facility_solution_free(&b);
    }
}

/* A zero-demand client is not served by force but still gets the nearest
 * open facility it can reach; it adds nothing to the objective. */
static void test_zero_demand(void **state)
{
    (void)state;
    inst t;
    make_inst(&t, 5);
    t.demand[3] = 0;
    jh_facility_problem pr = problem_of(&t, false);
    pr.mode = JH_FACILITY_KEEP;
    pr.p = 2;
    jh_facility_solution s;
    jh_error err;
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    check_solution(&t, &pr, &s, 0);
    assert_true(fabs(s.objective - brute(&t, 2, false, 0)) < 1e-6);
    jh_facility_solution_free(&s);
}

static void expect_input_error(jh_facility_problem *pr, const char *needle)
{
    jh_facility_solution s;
    jh_error err;
    jh_error_clear(&err);
    assert_int_equal(jh_facility_solve(pr, &s, &err), JH_ERR_INPUT);
    if (!strstr(err.message, needle))
        fail_msg("message '%s' lacks '%s'", err.message, needle);
}

static void test_input_errors(void **state)
{
    (void)state;
    inst t;
    make_inst(&t, 9);
    jh_facility_problem pr = problem_of(&t, false);
    pr.mode = JH_FACILITY_KEEP;

    pr.p = 0;
    expect_input_error(&pr, "p: expected 1..8");
    pr.p = 9;
    expect_input_error(&pr, "p: expected 1..8");

    pr.p = 1;
    t.fixed[0] = t.fixed[1] = true;
    expect_input_error(&pr, "2 facilities are fixed");
    t.fixed[0] = t.fixed[1] = false;

    t.allowed[4] = false;
    t.fixed[4] = true;
    expect_input_error(&pr, "facility 4: fixed");
    t.fixed[4] = false;
    t.allowed[4] = true;

    pr.p = 3;
    t.demand[6] = -2;
    expect_input_error(&pr, "client 6: demand");
    t.demand[6] = 1;

    /* client 2 reaches only forbidden facilities */
    inst u = t;
    for (int f = 0; f < NF; f++)
        u.cost[2][f] = f == 7 ? 10 : -1;
    u.allowed[7] = false;
    make_csr(&u);
    jh_facility_problem pu = problem_of(&u, false);
    pu.mode = JH_FACILITY_KEEP;
    pu.p = 3;
    expect_input_error(&pu, "client 2: no reachable facility");

    /* capacities too small in total */
    for (int f = 0; f < NF; f++)
        t.cap[f] = 1;
    pr.capacity = t.cap;
    expect_input_error(&pr, "capacities too small");
    /* enough in total, not for p = 2 */
    set_caps(&t, 6);
    pr.p = 2;
    expect_input_error(&pr, "no feasible layout found with p = 2");
    pr.capacity = NULL;

    /* costs out of order */
    double keep = t.c[1];
    t.c[1] = -5;
    expect_input_error(&pr, "client 0: facility");
    t.c[1] = keep;
    int kf = t.fac[1];
    t.fac[1] = 99;
    expect_input_error(&pr, "out of range");
    t.fac[1] = kf;

    pr.mode = JH_FACILITY_MAX_COST;
    pr.max_cost = 0;
    expect_input_error(&pr, "max_cost: expected a number > 0");
    pr.max_cost = 0.5;   /* nobody within half a unit */
    expect_input_error(&pr, "no facility that may open within max_cost");
}


/* A county-sized capacitated instance (200 clients, 40 sites, each client
 * reaching only its 12 nearest): this takes the incremental evaluation
 * path of the capacitated search. Brute force is out of reach, so the
 * invariants: capacity, reachability, fixed kept, forbidden closed, the
 * objective recomputed, the lower bound below it, the same answer twice,
 * and no worse than the best of 200 random feasible layouts. */
static void test_large_capacitated_invariants(void **state)
{
    (void)state;
    enum { LC = 200, LF = 40, LK = 12, LP = 10 };
    static double x[LC], y[LC], fx[LF], fy[LF], dem[LC], cap[LF], cost[LC * LK];
    static int fac[LC * LK];
    static size_t start[LC + 1];
    static bool fixed[LF], allowed[LF];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2024);
    double total = 0;
    for (int f = 0; f < LF; f++) {
        fx[f] = gsl_rng_uniform(r) * 1000;
        fy[f] = gsl_rng_uniform(r) * 1000;
        fixed[f] = f < 2;
        allowed[f] = f < LF - 3;
    }
    for (int c = 0; c < LC; c++) {
        x[c] = gsl_rng_uniform(r) * 1000;
        y[c] = gsl_rng_uniform(r) * 1000;
        dem[c] = (double)(1 + gsl_rng_uniform_int(r, 20));
        total += dem[c];
        /* the LK nearest sites, ascending */
        int idx[LF];
        double d[LF];
        for (int f = 0; f < LF; f++) {
            idx[f] = f;
            d[f] = hypot(x[c] - fx[f], y[c] - fy[f]);
        }
        for (int a = 1; a < LF; a++)
            for (int b = a; b > 0 && d[idx[b]] < d[idx[b - 1]]; b--) {
                int t = idx[b];
                idx[b] = idx[b - 1];
                idx[b - 1] = t;
            }
        start[c] = (size_t)c * LK;
        for (int k = 0; k < LK; k++) {
            fac[c * LK + k] = idx[k];
            cost[c * LK + k] = d[idx[k]];
        }
    }
    start[LC] = (size_t)LC * LK;
    for (int f = 0; f < LF; f++)
        cap[f] = ceil(1.25 * total / LP);
    jh_facility_problem pr;
    memset(&pr, 0, sizeof pr);
    pr.n_clients = LC;
    pr.n_facilities = LF;
    pr.demand = dem;
    pr.capacity = cap;
    pr.start = start;
    pr.facility = fac;
    pr.cost = cost;
    pr.fixed = fixed;
    pr.allowed = allowed;
    pr.mode = JH_FACILITY_KEEP;
    pr.p = LP;
    pr.seed = 3;
    pr.max_iterations = 150;
    jh_facility_solution s, s2;
    jh_error err;
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    assert_int_equal(s.n_open, LP);
    double load[LF] = {0}, obj = 0;
    for (int f = 0; f < LF; f++) {
        if (fixed[f])
            assert_true(s.open[f]);
        if (!allowed[f])
            assert_false(s.open[f]);
    }
    for (int c = 0; c < LC; c++) {
        int f = s.assign[c], k;
        assert_true(f >= 0 && s.open[f]);
        for (k = 0; k < LK && fac[c * LK + k] != f; k++)
            ;
        assert_true(k < LK);                     /* a reachable pair */
        load[f] += dem[c];
        obj += dem[c] * cost[c * LK + k];
    }
    for (int f = 0; f < LF; f++)
        assert_true(load[f] <= cap[f] + 1e-9);
    assert_true(fabs(obj - s.objective) < 1e-6 * obj);
    assert_true(s.lower_bound > 0 && s.lower_bound <= s.objective);
    assert_int_equal(jh_facility_solve(&pr, &s2, &err), JH_OK);
    assert_memory_equal(s.assign, s2.assign, LC * sizeof *s.assign);
    assert_true(s.objective == s2.objective);

    /* Random layouts (fixed + random others), each assigned greedily by
     * nearest site with room, clients in decreasing demand: the solver must
     * beat the best of them. */
    double best_random = INFINITY;
    for (int trial = 0; trial < 200; trial++) {
        bool open[LF];
        int n = 0;
        for (int f = 0; f < LF; f++) {
            open[f] = fixed[f];
            n += open[f];
        }
        while (n < LP) {
            int f = (int)gsl_rng_uniform_int(r, LF - 3);
            if (!open[f]) {
                open[f] = true;
                n++;
            }
        }
        double ld[LF] = {0}, o = 0;
        bool done[LC] = {false}, ok = true;
        for (int t = 0; t < LC && ok; t++) {
            int c = -1;
            for (int q = 0; q < LC; q++)
                if (!done[q] && (c < 0 || dem[q] > dem[c]))
                    c = q;
            done[c] = true;
            int k;
            for (k = 0; k < LK; k++) {
                int f = fac[c * LK + k];
                if (open[f] && ld[f] + dem[c] <= cap[f])
                    break;
            }
            if (k == LK) {
                ok = false;
                break;
            }
            ld[fac[c * LK + k]] += dem[c];
            o += dem[c] * cost[c * LK + k];
        }
        if (ok && o < best_random)
            best_random = o;
    }
    if (isfinite(best_random))
        assert_true(s.objective < best_random);
    jh_facility_solution_free(&s);
    jh_facility_solution_free(&s2);
    gsl_rng_free(r);
}

/* Edges: no demand at all; every allowed facility open; only the fixed
 * ones open (nothing to choose). */
static void test_degenerate(void **state)
{
    (void)state;
    inst t;
    make_inst(&t, 31);
    set_caps(&t, 2);
    for (int capd = 0; capd < 2; capd++) {
        jh_facility_problem pr = problem_of(&t, capd);
        jh_facility_solution s;
        jh_error err;
        pr.mode = JH_FACILITY_KEEP;

        pr.p = NF;                    /* all open */
        assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
        assert_int_equal(s.n_open, NF);
        check_solution(&t, &pr, &s, 0);
        assert_true(fabs(s.objective - brute(&t, NF, capd, 0)) < 1e-6);
        jh_facility_solution_free(&s);

        t.fixed[3] = t.fixed[6] = true;
        pr.p = 2;                     /* only the fixed ones */
        jh_status st = jh_facility_solve(&pr, &s, &err);
        double opt = brute(&t, 2, capd, 0);
        if (isfinite(opt)) {
            assert_int_equal(st, JH_OK);
            assert_true(s.open[3] && s.open[6]);
            check_solution(&t, &pr, &s, 0);
            assert_true(fabs(s.objective - opt) < 1e-6);
            jh_facility_solution_free(&s);
        } else {
            assert_int_equal(st, JH_ERR_INPUT);
        }
        t.fixed[3] = t.fixed[6] = false;
    }
    double zero[NC] = {0};
    jh_facility_problem pr = problem_of(&t, true);
    pr.demand = zero;
    pr.mode = JH_FACILITY_KEEP;
    pr.p = 3;
    jh_facility_solution s;
    jh_error err;
    assert_int_equal(jh_facility_solve(&pr, &s, &err), JH_OK);
    assert_int_equal(s.n_open, 3);
    assert_true(s.objective == 0);
    for (int i = 0; i < NC; i++)      /* each still pointed at an open site it reaches, or none */
        assert_true(s.assign[i] < 0 || (s.open[s.assign[i]] && t.cost[i][s.assign[i]] >= 0));
    jh_facility_solution_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_uncapacitated),
        cmocka_unit_test(test_keep_capacitated),
        cmocka_unit_test(test_close_at_most),
        cmocka_unit_test(test_max_cost),
        cmocka_unit_test(test_same_seed_same_answer),
        cmocka_unit_test(test_zero_demand),
        cmocka_unit_test(test_input_errors),
        cmocka_unit_test(test_large_capacitated_invariants),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_proof),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
