/*
 * consolidation.c: from a scenario's consolidation request to a facility
 * problem and back to interventions (see consolidation.h).
 *
 * Clients are the origins with students of the level in the requested
 * year: villages, and school sites holding students whose village is not
 * known. Facilities are the schools that take students of the level then,
 * plus candidate sites. Costs are od.csv's where given (an absent pair is
 * unreachable; a school site reaches other schools in a straight line),
 * else straight-line metres: every pair when the problem is county-sized,
 * the nearest NEAR facilities per client beyond that.
 */
#include "consolidation.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optimise/facility.h"
#include "spatial_index.h"
#include "travel.h"

#define NEAR 64                    /* facilities per client on large problems */
#define ALL_PAIRS_LIMIT 20000000.0 /* clients x facilities below which all pairs are used */

typedef struct problem {
    size_t nc, nf;
    int *origin;        /* client -> origin (village or -1 - school) */
    double *demand;
    int *school;        /* facility -> school index */
    int *fac_of_school; /* school -> facility or -1 */
    double *capacity;
    bool *fixed, *open_now;
    size_t *start;
    int *fac;
    double *cost;
    size_t n_pairs, cap_pairs;
} problem;

static void problem_free(problem *p)
{
    free(p->origin);
    free(p->demand);
    free(p->school);
    free(p->fac_of_school);
    free(p->capacity);
    free(p->fixed);
    free(p->open_now);
    free(p->start);
    free(p->fac);
    free(p->cost);
}

static bool is_facility(const jh_school *s, jh_level level)
{
    return jh_school_takes_students(s, level) ||
           (s->status == JH_STATUS_CANDIDATE &&
            (s->type == JH_SCHOOL_CANDIDATE || jh_school_serves(s->type, level)));
}

static int push_pair(problem *p, int f, double c)
{
    if (p->n_pairs == p->cap_pairs) {
        size_t cap = p->cap_pairs ? p->cap_pairs * 2 : 4096;
        int *fa = realloc(p->fac, cap * sizeof *fa);
        if (!fa)
            return -1;
        p->fac = fa;
        double *co = realloc(p->cost, cap * sizeof *co);
        if (!co)
            return -1;
        p->cost = co;
        p->cap_pairs = cap;
    }
    p->fac[p->n_pairs] = f;
    p->cost[p->n_pairs] = c;
    p->n_pairs++;
    return 0;
}

typedef struct { int f; double c; } pair;

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? -1 : 1;
    return x->f - y->f;
}

typedef struct { bool *taken; } near_ctx;
static bool not_taken(int i, void *ctx) { return !((near_ctx *)ctx)->taken[i]; }

/* The pairs of one client, ascending by cost. */
static int client_pairs(problem *p, const jh_county *c, int origin, pair *buf, bool *taken,
                        const jh_spatial_index *ix, bool all_pairs)
{
    size_t n = 0;
    if (c->has_od && origin >= 0) {
        for (size_t k = c->od.start[origin]; k < c->od.start[origin + 1]; k++) {
            int f = p->fac_of_school[c->od.school[k]];
            if (f >= 0)
                buf[n++] = (pair){f, c->od.cost[k]};
        }
    } else {
        double x = origin >= 0 ? c->villages[origin].x : c->schools[-1 - origin].x;
        double y = origin >= 0 ? c->villages[origin].y : c->schools[-1 - origin].y;
        if (all_pairs) {
            for (size_t f = 0; f < p->nf; f++) {
                const jh_school *s = &c->schools[p->school[f]];
                buf[n++] = (pair){(int)f, hypot(s->x - x, s->y - y)};
            }
        } else {
            near_ctx nc = {taken};
            while (n < NEAR && n < p->nf) {
                double d;
                int f = jh_spatial_index_nearest(ix, x, y, not_taken, &nc, &d);
                if (f < 0)
                    break;
                taken[f] = true;
                buf[n++] = (pair){f, d};
            }
            for (size_t k = 0; k < n; k++)
                taken[buf[k].f] = false;
        }
    }
    qsort(buf, n, sizeof *buf, pair_cmp);
    for (size_t k = 0; k < n; k++)
        if (push_pair(p, buf[k].f, buf[k].c) != 0)
            return -1;
    return 0;
}

static int school_capacity(const jh_school *s, const jh_rules *r, jh_level level)
{
    if (s->capacity_given)
        return s->capacity;
    if (s->classrooms <= 0)
        return INT_MAX;
    return s->classrooms * r->class_size[level];
}

static jh_status build_problem(problem *p, const jh_scenario *sc, const jh_county *c,
                               const jh_flow *flows, size_t n_flows, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    jh_level L = q->level;
    memset(p, 0, sizeof *p);
    size_t ns = c->n_schools, nv = c->n_villages;
    /* demand per origin: villages 0..nv-1, school sites nv..nv+ns-1 */
    double *by_origin = calloc(nv + ns + 1, sizeof *by_origin);
    p->fac_of_school = malloc((ns + 1) * sizeof *p->fac_of_school);
    p->school = malloc((ns + 1) * sizeof *p->school);
    p->capacity = malloc((ns + 1) * sizeof *p->capacity);
    p->fixed = calloc(ns + 1, sizeof *p->fixed);
    p->open_now = calloc(ns + 1, sizeof *p->open_now);
    if (!by_origin || !p->fac_of_school || !p->school || !p->capacity || !p->fixed || !p->open_now) {
        free(by_origin);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t k = 0; k < n_flows; k++) {
        const jh_flow *f = &flows[k];
        if (f->level != L)
            continue;
        size_t o = f->village >= 0 ? (size_t)f->village : nv + (size_t)(-1 - f->village);
        by_origin[o] += f->students;
    }
    /* students of the other level share a two-level school's places */
    int *other = calloc(ns + 1, sizeof *other);
    if (!other) {
        free(by_origin);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t k = 0; k < n_flows; k++)
        if (flows[k].level != L && flows[k].school >= 0)
            other[flows[k].school] += flows[k].students;
    for (size_t i = 0; i < ns; i++) {
        const jh_school *s = &c->schools[i];
        p->fac_of_school[i] = -1;
        if (!is_facility(s, L))
            continue;
        size_t f = p->nf++;
        p->fac_of_school[i] = (int)f;
        p->school[f] = (int)i;
        int cap = school_capacity(s, &sc->rules, L);
        p->capacity[f] = cap == INT_MAX ? 1e15 : fmax(0.0, (double)cap - other[i]);
        p->open_now[f] = jh_school_takes_students(s, L);
    }
    free(other);
    for (size_t k = 0; k < q->n_fixed; k++) {
        int i = jh_county_find_school(c, q->fixed[k]);
        if (i < 0 || p->fac_of_school[i] < 0) {
            free(by_origin);
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: optimise.consolidation.fixed: '%s' is not an open school of level %s in %d",
                                sc->path, q->line, q->fixed[k], jh_level_name(L), q->year);
        }
        p->fixed[p->fac_of_school[i]] = true;
    }
    p->origin = malloc((nv + ns + 1) * sizeof *p->origin);
    p->demand = malloc((nv + ns + 1) * sizeof *p->demand);
    p->start = malloc((nv + ns + 2) * sizeof *p->start);
    pair *buf = malloc((p->nf + NEAR + 1) * sizeof *buf);
    bool *taken = calloc(p->nf + 1, sizeof *taken);
    double *fx = malloc((p->nf + 1) * sizeof *fx), *fy = malloc((p->nf + 1) * sizeof *fy);
    jh_status st = JH_OK;
    if (!p->origin || !p->demand || !p->start || !buf || !taken || !fx || !fy)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    jh_spatial_index *ix = NULL;
    size_t clients = 0;
    for (size_t o = 0; o < nv + ns; o++)
        clients += by_origin[o] > 0;
    bool all_pairs = (double)clients * (double)p->nf <= ALL_PAIRS_LIMIT;
    if (st == JH_OK && !all_pairs) {
        for (size_t f = 0; f < p->nf; f++) {
            fx[f] = c->schools[p->school[f]].x;
            fy[f] = c->schools[p->school[f]].y;
        }
        ix = jh_spatial_index_create(fx, fy, p->nf, NULL, NULL);
        if (!ix)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    if (st == JH_OK)
        p->start[0] = 0;
    for (size_t o = 0; st == JH_OK && o < nv + ns; o++) {
        if (by_origin[o] <= 0)
            continue;
        int origin = o < nv ? (int)o : jh_origin_of_school((int)(o - nv));
        p->origin[p->nc] = origin;
        p->demand[p->nc] = by_origin[o];
        if (client_pairs(p, c, origin, buf, taken, ix, all_pairs) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        p->nc++;
        p->start[p->nc] = p->n_pairs;
    }
    jh_spatial_index_free(ix);
    free(fx);
    free(fy);
    free(buf);
    free(taken);
    free(by_origin);
    return st;
}

static char *origin_name(const jh_county *c, int origin)
{
    return strdup(origin >= 0 ? c->villages[origin].id : c->schools[-1 - origin].id);
}

/* Adds an intervention to the plan (deep-copied strings). */
static jh_intervention *plan_add(jh_scenario *plan)
{
    jh_intervention *v = realloc(plan->interventions, (plan->n_interventions + 1) * sizeof *v);
    if (!v)
        return NULL;
    plan->interventions = v;
    jh_intervention *iv = &v[plan->n_interventions++];
    memset(iv, 0, sizeof *iv);
    return iv;
}

/* Writes the solution as interventions of the request's year: candidate
 * sites opened, schools closed (their students to the nearest kept school:
 * the catchments below say exactly where each village goes), and one
 * catchment entry per kept school listing its villages. */
static jh_status write_plan(const problem *p, const jh_facility_solution *sol,
                            const jh_scenario *sc, const jh_county *c, jh_scenario *plan,
                            jh_consolidation_result *res, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    jh_level L = q->level;
    res->kept = calloc(p->nf + 1, sizeof *res->kept);
    res->closed = calloc(p->nf + 1, sizeof *res->closed);
    if (!res->kept || !res->closed)
        goto oom;
    for (size_t f = 0; f < p->nf; f++) {
        const jh_school *s = &c->schools[p->school[f]];
        if (sol->open[f]) {
            if (!(res->kept[res->n_kept++] = strdup(s->id)))
                goto oom;
            if (!p->open_now[f]) {
                /* a candidate site: an existing candidate build entry becomes real */
                bool from_build = false;
                for (size_t k = 0; k < plan->n_interventions; k++) {
                    jh_intervention *iv = &plan->interventions[k];
                    if (iv->kind == JH_IV_BUILD && iv->candidate && iv->build.id &&
                        strcmp(iv->build.id, s->id) == 0) {
                        iv->candidate = false;
                        iv->year = q->year;
                        from_build = true;
                    }
                }
                if (!from_build) {
                    jh_intervention *iv = plan_add(plan);
                    if (!iv)
                        goto oom;
                    iv->year = q->year;
                    iv->kind = JH_IV_BUILD;
                    iv->line = q->line;
                    iv->build.id = strdup(s->id);
                    iv->build.name = strdup(s->name ? s->name : s->id);
                    if (!iv->build.id || !iv->build.name)
                        goto oom;
                    iv->build.type = s->type == JH_SCHOOL_CANDIDATE
                                         ? (L == JH_PRIMARY ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR)
                                         : s->type;
                    iv->build.area = s->area;
                    iv->build.x = s->x;
                    iv->build.y = s->y;
                    iv->build.status = JH_STATUS_CANDIDATE;
                    iv->build.record = -1;
                }
            }
        } else if (p->open_now[f]) {
            if (!(res->closed[res->n_closed++] = strdup(s->id)))
                goto oom;
        }
    }
    /* one closure entry for every school the plan closes */
    if (res->n_closed > 0) {
        jh_intervention *iv = plan_add(plan);
        if (!iv || !(iv->ids = calloc(res->n_closed, sizeof *iv->ids)) || !(iv->target = strdup("nearest")))
            goto oom;
        iv->year = q->year;
        iv->kind = JH_IV_CLOSE;
        iv->line = q->line;
        for (size_t k = 0; k < res->n_closed; k++)
            if (!(iv->ids[iv->n_ids++] = strdup(res->closed[k])))
                goto oom;
    }
    /* catchments: villages (not school sites) grouped by their facility */
    for (size_t f = 0; f < p->nf; f++) {
        if (!sol->open[f])
            continue;
        size_t n = 0;
        for (size_t k = 0; k < p->nc; k++)
            n += sol->assign[k] == (int)f && p->origin[k] >= 0;
        if (n == 0)
            continue;
        jh_intervention *iv = plan_add(plan);
        if (!iv)
            goto oom;
        iv->year = q->year;
        iv->kind = JH_IV_CATCHMENT;
        iv->level = L;
        iv->line = q->line;
        iv->target = strdup(c->schools[p->school[f]].id);
        iv->ids = calloc(n, sizeof *iv->ids);
        if (!iv->target || !iv->ids)
            goto oom;
        for (size_t k = 0; k < p->nc; k++)
            if (sol->assign[k] == (int)f && p->origin[k] >= 0)
                if (!(iv->ids[iv->n_ids++] = origin_name(c, p->origin[k])))
                    goto oom;
    }
    plan->consolidation.requested = false;
    return JH_OK;
oom:
    return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation plan)");
}

jh_status jh_consolidation_propose(const jh_scenario *sc, const jh_county *state,
                                   const jh_flow *flows, size_t n_flows,
                                   jh_consolidation_result *res, jh_scenario *plan,
                                   jh_error *err)
{
    memset(res, 0, sizeof *res);
    const jh_consolidation_request *q = &sc->consolidation;
    if (!q->requested)
        return jh_error_set(err, JH_ERR_INPUT, "%s: no optimise.consolidation block", sc->path);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    problem p;
    jh_status st = build_problem(&p, sc, state, flows, n_flows, err);
    if (st != JH_OK) {
        problem_free(&p);
        return st;
    }
    jh_facility_problem fp = {
        .n_clients = p.nc, .n_facilities = p.nf, .demand = p.demand,
        .capacity = q->capacity_enforce ? p.capacity : NULL,
        .start = p.start, .facility = p.fac, .cost = p.cost, .fixed = p.fixed,
        .allowed = NULL, .open_now = p.open_now, .seed = q->seed ? q->seed : 1,
        .time_limit_s = q->time_limit_s,
    };
    int open_now = 0;
    for (size_t f = 0; f < p.nf; f++)
        open_now += p.open_now[f];
    if (q->keep > (int)p.nf) {
        problem_free(&p);
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line %ld: optimise.consolidation.keep: expected at most %zu (the %s schools and candidate sites there are in %d), got %d",
                            sc->path, q->line, p.nf, jh_level_name(q->level), q->year, q->keep);
    }
    if (q->keep > 0) {
        fp.mode = JH_FACILITY_KEEP;
        fp.p = q->keep;
    } else if (q->close_at_most >= 0) {
        fp.mode = JH_FACILITY_CLOSE_AT_MOST;
        fp.close_at_most = q->close_at_most;
    } else if (q->max_distance_km > 0) {
        fp.mode = JH_FACILITY_MAX_COST;
        /* km in metres; with a table of minutes the number is taken as minutes */
        fp.max_cost = state->od.minutes && state->has_od ? q->max_distance_km : q->max_distance_km * 1000.0;
    } else {
        fp.mode = JH_FACILITY_KEEP;
        fp.p = open_now;
    }
    jh_facility_solution sol = {0};
    st = jh_facility_solve(&fp, &sol, err);
    if (st == JH_OK)
        st = write_plan(&p, &sol, sc, state, plan, res, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    res->objective = sol.objective;
    res->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    res->level = q->level;
    res->year = q->year;
    jh_facility_solution_free(&sol);
    problem_free(&p);
    if (st != JH_OK)
        jh_consolidation_result_free(res);
    return st;
}

void jh_consolidation_result_free(jh_consolidation_result *r)
{
    for (size_t i = 0; i < r->n_kept; i++)
        free(r->kept[i]);
    for (size_t i = 0; i < r->n_closed; i++)
        free(r->closed[i]);
    free(r->kept);
    free(r->closed);
    memset(r, 0, sizeof *r);
}
