/*
 * The constrained consolidation optimiser (engine/optimise/
 * consolidation_phased.c) against brute force on small counties built in
 * code: 7 primary schools on a line, 28 villages, 2025-2031, closures in
 * 2026. For each constraint active on its own (capacity over the horizon,
 * a teaching point that never receives, min_students, the size limit,
 * max_distance_km, max_share_beyond, a fixed school) the test enumerates
 * every set of closures itself, with its own placement of the closed
 * schools' villages (nearest allowed receiver with room in every year,
 * villages in index order, the school's own site last) and its own travel
 * (student-years x added metres over the horizon), and asserts that the
 * optimiser's plan has the least travel among the feasible sets and obeys
 * the constraint — and that the constraint matters: without it the best
 * set is another one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "optimise/consolidation.h"
#include "sim/simulation.h"

enum { NS = 7, NVPER = 4, NY = 6, MAXC = 64 };
#define Y0 1 /* 2026 in a run from 2025 */

typedef struct cfg {
    int classrooms[NS];
    int teaching_point;        /* school index or -1 */
    int fixed;                 /* school index or -1 */
    int small;                 /* school index with few students or -1 */
    int keep;
    int min_students;          /* -1: default (50) */
    double max_distance_km;    /* 0: none */
    double max_share_beyond;   /* -1: today's */
    int size_max;              /* 0: default */
    double far_school_x;       /* x of school 7 (12000 by default) */
    bool junior;               /* the seven are junior schools with boarding beds */
} cfg;

static void cfg_default(cfg *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < NS; i++)
        c->classrooms[i] = 40;
    c->teaching_point = c->fixed = c->small = -1;
    c->keep = 4;
    c->min_students = -1;
    c->max_share_beyond = -1;
    c->far_school_x = 12000;
}

static double school_x(const cfg *g, int i) { return i == NS - 1 ? g->far_school_x : 2000.0 * i; }

/* Children of age a in village k of school i: younger cohorts larger
 * (loads grow); the small school's villages have one child of each age. */
static int age_of(const cfg *g, int i, int k, int a)
{
    return i == g->small ? 1 : 6 + 3 * ((i * 5 + k * 3) % 7) + (14 - a);
}

/* Villages: NVPER around each school; each school reports exactly its
 * villages' children, grade by grade. */
static jh_county *county(const cfg *g)
{
    jh_county *c = calloc(1, sizeof *c);
    static const double off[NVPER][2] = {{-700, 300}, {500, -400}, {-200, -900}, {800, 600}};
    for (int i = 0; i < NS; i++) {
        jh_school s = {0};
        char id[16];
        snprintf(id, sizeof id, "P%d", i + 1);
        s.id = strdup(id);
        s.name = strdup(id);
        s.type = g->junior ? JH_SCHOOL_JUNIOR : i == g->teaching_point ? JH_SCHOOL_TEACHING_POINT : JH_SCHOOL_PRIMARY;
        s.area = JH_RURAL;
        s.x = school_x(g, i);
        s.y = 0;
        s.classrooms = g->classrooms[i];
        int g0 = g->junior ? 6 : 0, g1 = g->junior ? 9 : 6;
        for (int gr = g0; gr < g1; gr++)
            for (int k = 0; k < NVPER; k++)
                s.students[gr] += age_of(g, i, k, gr + 6);
        s.res = (jh_resources){.teachers = 20, .t_above_degree = 5, .t_backbone = 2, .t_pe_art = 2,
                               .t_senior_title = 4, .building_m2 = 2000, .sports_m2 = 3000,
                               .equipment_yuan = 500000, .multimedia_rooms = 6, .computers = 40,
                               .books = 8000};
        s.res.boarding_beds = g->junior ? 150 : 0;
        s.status = JH_STATUS_OPEN;
        jh_county_add_school(c, &s);
    }
    jh_school j = {0};
    j.id = strdup("J1");
    j.name = strdup("J1");
    j.type = g->junior ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR;
    j.x = 6000;
    j.y = 5000;
    j.classrooms = 200;
    j.status = JH_STATUS_OPEN;
    jh_county_add_school(c, &j);
    for (int i = 0; i < NS; i++)
        for (int k = 0; k < NVPER; k++) {
            c->villages = realloc(c->villages, (c->n_villages + 1) * sizeof *c->villages);
            jh_village *v = &c->villages[c->n_villages++];
            memset(v, 0, sizeof *v);
            char id[16];
            snprintf(id, sizeof id, "V%d%d", i + 1, k + 1);
            v->id = strdup(id);
            v->name = strdup(id);
            v->area = JH_RURAL;
            v->x = school_x(g, i) + off[k][0] * (1 + 0.1 * i);
            v->y = off[k][1] * (1 + 0.05 * k);
            v->population = 1000;
            for (int a = 0; a < 15; a++)
                v->age[a] = age_of(g, i, k, a);
            v->has_ages = true;
            v->school[g->junior ? JH_JUNIOR : JH_PRIMARY] = i;
            v->school[g->junior ? JH_PRIMARY : JH_JUNIOR] = NS;
            v->record = (long)c->n_villages - 1;
        }
    jh_error err;
    assert_int_equal(jh_county_build_index(c, "schools", "villages", &err), JH_OK);
    strcpy(c->crs, "EPSG:32650");
    return c;
}

static void scenario(jh_scenario *s, const cfg *g)
{
    memset(s, 0, sizeof *s);
    jh_scenario_set_defaults(s);
    s->name = "test";
    s->path = "test.yaml";
    s->start_year = 2025;
    s->end_year = 2025 + Y0 + NY - 1;
    s->assignment = JH_ASSIGN_CATCHMENT;
    for (int k = 0; k < JH_NAREAS; k++) {
        s->rules.birth_rate_per1000[k] = 0;
        s->rules.migration_rate[k] = 0;
    }
    s->rules.retirement_age = 200;
    if (g->size_max)
        s->rules.school_size_max[JH_PRIMARY] = g->size_max;
    jh_consolidation_request *q = &s->consolidation;
    q->requested = true;
    q->year = 2025 + Y0;
    q->level = g->junior ? JH_JUNIOR : JH_PRIMARY;
    q->keep = g->keep;
    q->min_students = g->min_students;
    q->max_distance_km = g->max_distance_km;
    q->max_share_beyond = g->max_share_beyond;
    q->objective = JH_OBJ_DISTANCE;
    if (g->fixed >= 0) {
        static char *fixed[1];
        static char id[16];
        snprintf(id, sizeof id, "P%d", g->fixed + 1);
        fixed[0] = id;
        q->fixed = fixed;
        q->n_fixed = 1;
    }
}

/* ---- the test's own model -------------------------------------------- */

typedef struct model {
    cfg g;
    int nc;
    int origin[MAXC], cur[MAXC];
    double ox[MAXC], oy[MAXC], d0[MAXC], dem[MAXC][NY];
    double load[NS + 1][NY];
    double beds[NS];           /* free boarding beds */
    double beyond0, total0, limit;
    jh_level level;
} model;

static void model_build(model *m, const cfg *g, const jh_run_result *base, const jh_county *c)
{
    memset(m, 0, sizeof *m);
    m->g = *g;
    m->level = g->junior ? JH_JUNIOR : JH_PRIMARY;
    m->limit = g->junior ? 5000 : 3000;
    for (int i = 0; i < NS; i++)
        m->beds[i] = g->junior ? 150 : 0;
    for (int y = 0; y < NY; y++)
        for (size_t k = 0; k < base->n_year_flows[Y0 + y]; k++) {
            const jh_flow *f = &base->year_flows[Y0 + y][k];
            if (f->level != m->level || f->school < 0)
                continue;
            m->load[f->school][y] += f->students;
            int at = -1;
            for (int i = 0; i < m->nc; i++)
                if (m->origin[i] == f->village)
                    at = i;
            if (at < 0) {
                assert_true(m->nc < MAXC);
                at = m->nc++;
                m->origin[at] = f->village;
                m->cur[at] = f->school;
                m->ox[at] = f->village >= 0 ? c->villages[f->village].x : c->schools[-1 - f->village].x;
                m->oy[at] = f->village >= 0 ? c->villages[f->village].y : c->schools[-1 - f->village].y;
                m->d0[at] = hypot(c->schools[f->school].x - m->ox[at], c->schools[f->school].y - m->oy[at]);
            }
            assert_int_equal(m->cur[at], f->school); /* catchment: one school per origin */
            m->dem[at][y] += f->students;
            if (y == 0) {
                m->total0 += f->students;
                if (f->cost > m->limit) {
                    m->beyond0 += f->students;
                    m->beds[f->school] -= f->students;
                }
            }
        }
}

static int cap_of(const model *m, int f)
{
    int cap = m->g.classrooms[f] * (m->g.junior ? 50 : 45), size = m->g.size_max ? m->g.size_max : 2000;
    return cap < size ? cap : size;
}

/* Travel of closing `order[0..n)` in that order; INFINITY when infeasible. */
static double evaluate(const model *m, const int *order, int n)
{
    bool closed[NS] = {false};
    for (int k = 0; k < n; k++)
        closed[order[k]] = true;
    double add[NS][NY] = {{0}}, used[NS] = {0}, travel = 0, beyond = m->beyond0;
    double maxd = m->g.max_distance_km > 0 ? m->g.max_distance_km * 1000 : INFINITY;
    for (int k = 0; k < n; k++) {
        int i = order[k];
        /* villages by index, then the site */
        int idx[MAXC], ni = 0;
        for (int c = 0; c < m->nc; c++)
            if (m->cur[c] == i && m->origin[c] >= 0)
                idx[ni++] = c;
        for (int a = 1; a < ni; a++)
            for (int b = a; b > 0 && m->origin[idx[b]] < m->origin[idx[b - 1]]; b--) {
                int t = idx[b];
                idx[b] = idx[b - 1];
                idx[b - 1] = t;
            }
        for (int c = 0; c < m->nc; c++)
            if (m->cur[c] == i && m->origin[c] < 0)
                idx[ni++] = c;
        for (int a = 0; a < ni; a++) {
            int c = idx[a];
            int best = -1;
            double bd = INFINITY, peak = 0;
            for (int y = 0; y < NY; y++)
                peak = fmax(peak, m->dem[c][y]);
            for (int f = 0; f < NS; f++) {
                if (f == i || closed[f] || f == m->g.teaching_point)
                    continue;
                double d = hypot(school_x(&m->g, f) - m->ox[c], m->oy[c]);
                /* beyond the limit (and farther than today): never for
                 * primary, junior only into free boarding beds */
                if (d > maxd || (d > m->limit && d > m->d0[c] && (!m->g.junior || m->beds[f] - used[f] < peak)))
                    continue;
                bool room = true;
                for (int y = 0; y < NY; y++)
                    room &= m->load[f][y] + add[f][y] + m->dem[c][y] <= cap_of(m, f) + 1e-9;
                if (room && (d < bd || (d == bd && f < best))) {
                    bd = d;
                    best = f;
                }
            }
            if (best < 0)
                return INFINITY;
            for (int y = 0; y < NY; y++) {
                add[best][y] += m->dem[c][y];
                travel += m->dem[c][y] * (bd - m->d0[c]);
            }
            if (bd > m->limit && m->d0[c] <= m->limit) {
                beyond += m->dem[c][0];
                used[best] += peak;
            } else if (bd <= m->limit && m->d0[c] > m->limit)
                beyond -= m->dem[c][0];
        }
    }
    double cap = m->g.max_share_beyond >= 0 ? m->g.max_share_beyond : m->beyond0 / m->total0;
    if (beyond / m->total0 > cap + 1e-12)
        return INFINITY;
    return travel;
}

/* The schools under min_students that close (smallest first, two passes). */
static int mandatory(const model *m, int *order)
{
    int minst = m->g.min_students >= 0 ? m->g.min_students : 50, n = 0;
    int cand[NS], nc = 0;
    for (int i = 0; i < NS; i++)
        if (m->load[i][0] > 0 && m->load[i][0] < minst && i != m->g.fixed)
            cand[nc++] = i;
    for (int a = 1; a < nc; a++)
        for (int b = a; b > 0 && m->load[cand[b]][0] < m->load[cand[b - 1]][0]; b--) {
            int t = cand[b];
            cand[b] = cand[b - 1];
            cand[b - 1] = t;
        }
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < nc; a++) {
            bool in = false;
            for (int k = 0; k < n; k++)
                in |= order[k] == cand[a];
            if (in)
                continue;
            order[n] = cand[a];
            if (isfinite(evaluate(m, order, n + 1)))
                n++;
        }
    return n;
}

/* The best set: the mandatory closures, then every set of the rest of the
 * size asked for (fewer when none fits), in index order. *mask: closed. */
static double brute_force(const model *m, unsigned *mask)
{
    int order[NS];
    int nm = mandatory(m, order);
    unsigned mand = 0;
    for (int k = 0; k < nm; k++)
        mand |= 1u << order[k];
    int want = NS - m->g.keep - nm;
    for (int r = want; r >= 0; r--) {
        double best = INFINITY;
        for (unsigned set = 0; set < (1u << NS); set++) {
            if ((set & mand) || __builtin_popcount(set) != r || (m->g.fixed >= 0 && (set >> m->g.fixed & 1)))
                continue;
            int n = nm;
            bool ok = true;
            for (int i = 0; i < NS; i++)
                if (set >> i & 1) {
                    ok &= m->load[i][0] > 0;
                    order[n++] = i;
                }
            double t = ok ? evaluate(m, order, n) : INFINITY;
            if (t < best - 1e-9) {
                best = t;
                *mask = set | mand;
            }
        }
        if (isfinite(best))
            return best;
    }
    *mask = mand;
    return 0;
}

typedef struct outcome {
    unsigned closed;
    model m;
} outcome;

/* Runs the optimiser on the county of g; fills the test's model too. */
static void optimise(const cfg *g, outcome *o)
{
    jh_scenario s, upto;
    scenario(&s, g);
    upto = s;
    upto.end_year = s.consolidation.year;
    jh_run_result before = {0}, base = {0};
    jh_error err = {0};
    assert_int_equal(jh_simulate(&before, &upto, county(g), &err), JH_OK);
    assert_int_equal(jh_simulate(&base, &s, county(g), &err), JH_OK);
    model_build(&o->m, g, &base, base.county);
    jh_consolidation_result res = {0};
    jh_scenario plan;
    memset(&plan, 0, sizeof plan);
    jh_status st = jh_consolidation_phased(&s, before.county, &base, &res, &plan, false, NULL, NULL, &err);
    if (st != JH_OK)
        fail_msg("%s", err.message);
    o->closed = 0;
    for (size_t k = 0; k < res.n_closed; k++)
        o->closed |= 1u << (atoi(res.closed[k] + 1) - 1);
    /* plan.yaml's entries: closures and the villages that move, nothing else */
    for (size_t k = 0; k < plan.n_interventions; k++) {
        const jh_intervention *iv = &plan.interventions[k];
        if (iv->kind == JH_IV_CATCHMENT) {
            /* no teaching point receives */
            assert_true(g->teaching_point < 0 || atoi(iv->target + 1) - 1 != g->teaching_point);
            for (size_t v = 0; v < iv->n_ids; v++)
                assert_true(o->closed >> (iv->ids[v][1] - '1') & 1);
        } else
            assert_int_equal(iv->kind, JH_IV_CLOSE);
    }
    jh_scenario_free(&plan); /* the plan owns what it holds (as junheng optimise frees it) */
    jh_consolidation_result_free(&res);
    jh_run_result_free(&before);
    jh_run_result_free(&base);
    jh_travel_rules_free(&s.travel); /* the defaults' road speeds (names are literals) */
}

/* The optimiser's set is the brute-force optimum (equal travel), and the
 * constrained optimum differs from the unconstrained one. */
static void check(const cfg *with, const cfg *without)
{
    outcome o;
    optimise(with, &o);
    unsigned best_mask = 0, free_mask = 0;
    double best = brute_force(&o.m, &best_mask);
    assert_true(isfinite(best));
    /* the optimiser's closures, evaluated by the test in its order */
    int order[NS], nm = mandatory(&o.m, order);
    unsigned mand = 0;
    for (int k = 0; k < nm; k++)
        mand |= 1u << order[k];
    assert_int_equal(o.closed & mand, mand);
    int n = nm;
    for (int i = 0; i < NS; i++)
        if ((o.closed >> i & 1) && !(mand >> i & 1))
            order[n++] = i;
    double t = evaluate(&o.m, order, n);
    print_message("closed %#x (travel %.1f), brute force %#x (travel %.1f)\n", o.closed, t, best_mask, best);
    assert_true(isfinite(t));
    assert_true(fabs(t - best) <= 1e-6 * fmax(1, fabs(best)));
    assert_int_equal(__builtin_popcount(o.closed), __builtin_popcount(best_mask));
    /* the constraint is active: without it another set wins */
    outcome u;
    optimise(without, &u);
    double ub = brute_force(&u.m, &free_mask);
    print_message("without the constraint: %#x (travel %.1f)\n", free_mask, ub);
    assert_true(free_mask != best_mask);
    assert_int_equal(u.closed, free_mask); /* the optimiser reaches that one too */
}

static void test_capacity_over_horizon(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    a.keep = 5;
    /* 990-1125 places: receivers fill up within the horizon (loads grow) */
    for (int i = 0; i < NS; i++)
        a.classrooms[i] = 22 + (i * 3) % 4;
    b = a;
    for (int i = 0; i < NS; i++)
        b.classrooms[i] = 40;
    check(&a, &b);
}

static void test_teaching_point_never_receives(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    a.keep = 5;
    b = a;
    a.teaching_point = 6;
    check(&a, &b);
}

static void test_min_students(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    a.small = 4; /* P5: 24 students */
    a.keep = 5;
    b = a;
    b.min_students = 0;
    check(&a, &b);
}

static void test_size_limit(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    a.keep = 5;
    b = a;
    a.size_max = 1100;
    check(&a, &b);
}

static void test_max_distance(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    a.keep = 3;
    b = a;
    a.max_distance_km = 2.4;
    check(&a, &b);
}

static void test_max_share_beyond(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    /* junior schools; P7 7.5 km from P6: its villages can only go beyond
     * the 5 km limit, into P6's boarding beds */
    a.junior = true;
    a.far_school_x = 17500;
    a.keep = 2;
    a.max_share_beyond = 1;
    b = a;
    a.max_share_beyond = 0;
    check(&a, &b);
}

static void test_fixed(void **state)
{
    (void)state;
    cfg a, b;
    cfg_default(&a);
    b = a;
    outcome u;
    optimise(&b, &u);
    unsigned free_mask = 0;
    brute_force(&u.m, &free_mask);
    /* fix the first school the unconstrained optimum closes */
    a.fixed = __builtin_ctz(free_mask);
    check(&a, &b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_over_horizon),
        cmocka_unit_test(test_teaching_point_never_receives),
        cmocka_unit_test(test_min_students),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_max_distance),
        cmocka_unit_test(test_max_share_beyond),
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
