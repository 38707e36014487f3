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
 * the nearest NEAR facilities per client beyond that. With capacities
 * enforced, when the places a group of villages reaches through those
 * lists fall short (the solver's feasibility check), the lists grow
 * fourfold and the problem is solved again, up to every pair: a crowded
 * town's students may travel past their 64 nearest schools, and "short
 * of places" is said only when no school at any distance has them.
 */
#include "optimise/consolidation.h"

#include "indicators.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "optimise/consolidation_other.h"
#include "optimise/facility.h"
#include "spatial_index.h"
#include "travel/travel.h"

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
    int *other;         /* facility -> students of the other level there */
    size_t near;        /* facilities listed per client when not all pairs */
    bool limited;       /* some client's list was cut at `near` */
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
    free(p->other);
}

static bool is_facility(const jh_school *s, jh_level level)
{
    return jh_school_takes_students(s, level) || jh_consolidation_is_site(s, level);
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

/* The pairs of one client, ascending by cost. */
static int client_pairs(problem *p, const jh_county *c, int origin, pair *buf, int *near_f, double *near_d,
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
            /* the `near` nearest, ties to the lower facility */
            n = jh_spatial_index_nearest_k(ix, x, y, p->near < p->nf ? p->near : p->nf, near_f, near_d);
            for (size_t k = 0; k < n; k++)
                buf[k] = (pair){near_f[k], near_d[k]};
        }
    }
    /* the nearest come sorted already (by squared distance, then
     * facility): sorted again only when a square root made two costs
     * equal out of facility order, or the pairs came from od.csv or every
     * facility (the same order qsort gives, as pair_cmp is a total order
     * on one client's pairs) */
    size_t s = 1;
    while (s < n && pair_cmp(&buf[s - 1], &buf[s]) < 0)
        s++;
    if (s < n)
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
                               const jh_flow *flows, size_t n_flows, size_t near, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    jh_level L = q->level;
    memset(p, 0, sizeof *p);
    p->near = near;
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
    p->other = malloc((p->nf + 1) * sizeof *p->other);
    if (!p->other) {
        free(other);
        free(by_origin);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t f = 0; f < p->nf; f++)
        p->other[f] = other[p->school[f]];
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
    pair *buf = malloc((p->nf + near + 1) * sizeof *buf);
    int *near_f = malloc((near + 1) * sizeof *near_f);
    double *near_d = malloc((near + 1) * sizeof *near_d);
    double *fx = malloc((p->nf + 1) * sizeof *fx), *fy = malloc((p->nf + 1) * sizeof *fy);
    jh_status st = JH_OK;
    if (!p->origin || !p->demand || !p->start || !buf || !near_f || !near_d || !fx || !fy)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    jh_spatial_index *ix = NULL;
    size_t clients = 0;
    for (size_t o = 0; o < nv + ns; o++)
        clients += by_origin[o] > 0;
    bool all_pairs = (double)clients * (double)p->nf <= ALL_PAIRS_LIMIT;
    p->limited = !all_pairs && !c->has_od && near < p->nf;
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
        if (client_pairs(p, c, origin, buf, near_f, near_d, ix, all_pairs) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        p->nc++;
        p->start[p->nc] = p->n_pairs;
    }
    jh_spatial_index_free(ix);
    free(fx);
    free(fy);
    free(buf);
    free(near_f);
    free(near_d);
    free(by_origin);
    return st;
}

static char *origin_name(const jh_county *c, int origin)
{
    return strdup(origin >= 0 ? c->villages[origin].id : c->schools[-1 - origin].id);
}

int jh_consolidation_open_site(jh_scenario *plan, const jh_school *s, jh_level L, int year, long line)
{
    /* an existing candidate build entry becomes real */
    bool from_build = false;
    for (size_t k = 0; k < plan->n_interventions; k++) {
        jh_intervention *iv = &plan->interventions[k];
        if (iv->kind == JH_IV_BUILD && iv->candidate && iv->build.id && strcmp(iv->build.id, s->id) == 0) {
            iv->candidate = false;
            iv->year = year;
            from_build = true;
        }
    }
    if (from_build)
        return 0;
    jh_intervention *iv = jh_scenario_add_intervention(plan);
    if (!iv)
        return -1;
    iv->year = year;
    iv->kind = JH_IV_BUILD;
    iv->line = line;
    iv->build.id = strdup(s->id);
    iv->build.name = strdup(s->name ? s->name : s->id);
    if (!iv->build.id || !iv->build.name)
        return -1;
    iv->build.type = s->type == JH_SCHOOL_CANDIDATE ? (L == JH_PRIMARY ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR)
                                                    : s->type;
    iv->build.area = s->area;
    iv->build.x = s->x;
    iv->build.y = s->y;
    iv->build.status = JH_STATUS_CANDIDATE;
    iv->build.record = -1;
    return 0;
}

bool jh_consolidation_is_site(const jh_school *s, jh_level level)
{
    return s->status == JH_STATUS_CANDIDATE &&
           (s->type == JH_SCHOOL_CANDIDATE || jh_school_serves(s->type, level));
}

/* The client of facility f's own site, per facility (-1 none). */
static int *site_clients(const problem *p)
{
    int *site = malloc((p->nf + 1) * sizeof *site);
    if (!site)
        return NULL;
    for (size_t f = 0; f < p->nf; f++)
        site[f] = -1;
    for (size_t k = 0; k < p->nc; k++)
        if (p->origin[k] < 0 && p->fac_of_school[-1 - p->origin[k]] >= 0)
            site[p->fac_of_school[-1 - p->origin[k]]] = (int)k;
    return site;
}

/* Villages split between two schools (the solver's fallback when no
 * whole-village assignment was found): each part goes into its school's
 * catchment entry as `split: {VILLAGE: students}` (an entry with no
 * whole village is added when the school has none), and into the
 * result. 0, or -1 out of memory. */
static int write_splits(const problem *p, const jh_facility_solution *sol, const jh_scenario *sc,
                        const jh_county *c, jh_scenario *plan, jh_consolidation_result *res)
{
    const jh_consolidation_request *q = &sc->consolidation;
    res->splits = calloc(sol->n_parts, sizeof *res->splits);
    if (!res->splits)
        return -1;
    for (size_t k = 0; k < sol->n_parts; k++) {
        size_t cl = sol->part_client[k];
        int f = sol->part_facility[k];
        const char *to = c->schools[p->school[f]].id;
        struct jh_split_village *v = &res->splits[res->n_splits++];
        v->village = origin_name(c, p->origin[cl]);
        v->school = strdup(c->schools[p->school[sol->assign[cl]]].id);
        v->to = strdup(to);
        v->part = sol->part_demand[k];
        v->students = p->demand[cl];
        if (!v->village || !v->school || !v->to)
            return -1;
        if (p->origin[cl] < 0)
            continue;   /* a school site's students: no catchment entry names them */
        jh_intervention *iv = NULL;
        for (size_t j = 0; j < plan->n_interventions && !iv; j++) {
            jh_intervention *x = &plan->interventions[j];
            if (x->kind == JH_IV_CATCHMENT && x->year == q->year && x->level == q->level && x->target
                && strcmp(x->target, to) == 0)
                iv = x;
        }
        if (!iv) {
            if (!(iv = jh_scenario_add_intervention(plan)))
                return -1;
            iv->year = q->year;
            iv->kind = JH_IV_CATCHMENT;
            iv->level = q->level;
            iv->line = q->line;
            if (!(iv->target = strdup(to)))
                return -1;
        }
        char **ids = realloc(iv->split_ids, (iv->n_split + 1) * sizeof *ids);
        if (!ids)
            return -1;
        iv->split_ids = ids;
        double *st = realloc(iv->split_students, (iv->n_split + 1) * sizeof *st);
        if (!st)
            return -1;
        iv->split_students = st;
        if (!(iv->split_ids[iv->n_split] = strdup(v->village)))
            return -1;
        iv->split_students[iv->n_split++] = v->part;
    }
    return 0;
}

/* Writes the solution as interventions of the request's year: candidate
 * sites opened, schools closed (their villages' students where the
 * catchments below say; their own-site students to the nearest kept
 * school, or with capacities enforced to the school the solution placed
 * them at), and one catchment entry per kept school listing its villages. */
static jh_status write_plan(const problem *p, const jh_facility_solution *sol,
                            const jh_scenario *sc, const jh_county *c, jh_scenario *plan,
                            jh_consolidation_result *res, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    jh_level L = q->level;
    size_t *by_fac = NULL, *fac_start = NULL;
    int *site = NULL;
    res->kept = calloc(p->nf + 1, sizeof *res->kept);
    res->closed = calloc(p->nf + 1, sizeof *res->closed);
    if (!res->kept || !res->closed)
        goto oom;
    for (size_t f = 0; f < p->nf; f++) {
        const jh_school *s = &c->schools[p->school[f]];
        if (sol->open[f]) {
            if (!(res->kept[res->n_kept++] = strdup(s->id)))
                goto oom;
            if (!p->open_now[f] && jh_consolidation_open_site(plan, s, L, q->year, q->line) != 0)
                goto oom;
        } else if (p->open_now[f]) {
            if (!(res->closed[res->n_closed++] = strdup(s->id)))
                goto oom;
        }
    }
    /* One closure entry for every school the plan closes. With capacities
     * enforced, a closed school's own-site students (no catchment names
     * them) go where the solution placed them: one entry per such
     * receiver (`students_to: ID`), in the order of the closed schools;
     * the schools with no own-site students share the `nearest` entry. */
    site = q->capacity_enforce ? site_clients(p) : NULL;
    if (q->capacity_enforce && !site)
        goto oom;
    size_t n_nearest = 0;
#define TO_NEAREST(f) (!sol->open[f] && p->open_now[f] && !(site && site[f] >= 0 && sol->assign[site[f]] >= 0))
    for (size_t f = 0; f < p->nf; f++)
        n_nearest += TO_NEAREST(f);
    if (n_nearest > 0) {
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(n_nearest, sizeof *iv->ids)) || !(iv->target = strdup("nearest")))
            goto oom;
        iv->year = q->year;
        iv->kind = JH_IV_CLOSE;
        iv->line = q->line;
        for (size_t f = 0; f < p->nf; f++)
            if (TO_NEAREST(f) && !(iv->ids[iv->n_ids++] = strdup(c->schools[p->school[f]].id)))
                goto oom;
    }
#undef TO_NEAREST
    for (size_t f = 0; site && f < p->nf; f++) {
        if (sol->open[f] || !p->open_now[f] || site[f] < 0)
            continue;
        int to = sol->assign[site[f]];
        if (to < 0)
            continue;   /* in the `nearest` entry */
        size_t n = 0;
        for (size_t g = f; g < p->nf; g++)
            n += !sol->open[g] && p->open_now[g] && site[g] >= 0 && sol->assign[site[g]] == to;
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(n, sizeof *iv->ids)) || !(iv->target = strdup(c->schools[p->school[to]].id)))
            goto oom;
        iv->year = q->year;
        iv->kind = JH_IV_CLOSE;
        iv->line = q->line;
        for (size_t g = f; g < p->nf; g++)
            if (!sol->open[g] && p->open_now[g] && site[g] >= 0 && sol->assign[site[g]] == to) {
                if (!(iv->ids[iv->n_ids++] = strdup(c->schools[p->school[g]].id)))
                    goto oom;
                site[g] = -2;   /* written */
            }
    }
    /* catchments: villages (not school sites) grouped by their facility,
     * in client order (a counting sort: one pass, not one per facility) */
    by_fac = malloc((p->nc + 1) * sizeof *by_fac);
    fac_start = calloc(p->nf + 2, sizeof *fac_start);
    if (!by_fac || !fac_start)
        goto oom;
    for (size_t k = 0; k < p->nc; k++)
        if (sol->assign[k] >= 0 && (size_t)sol->assign[k] < p->nf && p->origin[k] >= 0)
            fac_start[sol->assign[k] + 2]++;
    for (size_t f = 0; f < p->nf; f++)
        fac_start[f + 2] += fac_start[f + 1];
    for (size_t k = 0; k < p->nc; k++)
        if (sol->assign[k] >= 0 && (size_t)sol->assign[k] < p->nf && p->origin[k] >= 0)
            by_fac[fac_start[sol->assign[k] + 1]++] = k;
    for (size_t f = 0; f < p->nf; f++) {
        if (!sol->open[f])
            continue;
        size_t n = fac_start[f + 1] - fac_start[f];
        if (n == 0)
            continue;
        jh_intervention *iv = jh_scenario_add_intervention(plan);
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
        for (size_t j = fac_start[f]; j < fac_start[f + 1]; j++)
            if (!(iv->ids[iv->n_ids++] = origin_name(c, p->origin[by_fac[j]])))
                goto oom;
    }
    if (sol->n_parts > 0 && write_splits(p, sol, sc, c, plan, res) != 0)
        goto oom;
    plan->consolidation.requested = false;
    free(by_fac);
    free(fac_start);
    free(site);
    return JH_OK;
oom:
    free(by_fac);
    free(fac_start);
    free(site);
    return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation plan)");
}

/* ---- objective: balance -------------------------------------------------
 *
 * Short trips are not the whole plan a bureau needs: the kept schools must
 * also pass the indicators. With `objective: balance` the distance-optimal
 * layout is the start of a second local search whose score is
 *
 *     travel / travel of the distance optimum
 *       + balance_weight x (mean CV of the standard's indicators
 *                           + share of counted schools that do not comply)
 *
 * measured the way the simulation will measure the year: students where
 * the assignment puts them, facilities staying with their sites, and a
 * closed school's teachers going to the nearest kept school. Moves are
 * swaps (close a kept school, open one of the nearest closed or candidate
 * sites), first improvement, until none improves or the budget is spent.
 */

typedef struct balance_eval {
    const problem *p;
    const jh_scenario *sc;
    const jh_county *c;
    int *assign;            /* client -> facility */
    double *load;           /* facility -> students of the level */
    double *x, *w;          /* per counted school: indicator value, students */
    int *group;
    double (*vals)[JH_NBASIC];
    double *travel_demand;
} balance_eval;

/* Assigns every client to its cheapest open facility with room (clients
 * by decreasing demand when capacities hold). False when one cannot be
 * placed. Returns the travel objective in *travel. */
static bool balance_assign(balance_eval *b, const bool *open, bool capacitated, const int *order,
                           double *travel)
{
    const problem *p = b->p;
    for (size_t f = 0; f < p->nf; f++)
        b->load[f] = 0;
    double t = 0;
    for (size_t k = 0; k < p->nc; k++) {
        size_t c = order ? (size_t)order[k] : k;
        int best = -1;
        for (size_t q = p->start[c]; q < p->start[c + 1]; q++) {
            int f = p->fac[q];
            if (!open[f] || (capacitated && b->load[f] + p->demand[c] > p->capacity[f] + 1e-9))
                continue;
            best = f;
            t += p->demand[c] * p->cost[q];
            break;
        }
        if (best < 0)
            return false;
        b->assign[c] = best;
        b->load[best] += p->demand[c];
    }
    *travel = t;
    return true;
}

/* Mean CV of the standard's indicators plus the share of non-compliant
 * counted schools, for the layout `open` with loads b->load. */
static double balance_penalty(balance_eval *b, const bool *open)
{
    const problem *p = b->p;
    const jh_rules *r = &b->sc->rules;
    jh_level L = b->sc->consolidation.level;
    bool quality = b->sc->standard == JH_STANDARD_QUALITY;
    size_t n = 0, noncompliant = 0;
    /* teachers of closed schools go to the nearest kept school */
    double (*extra)[5] = calloc(p->nf + 1, sizeof *extra);
    if (!extra)
        return INFINITY;
    for (size_t f = 0; f < p->nf; f++) {
        if (open[f] || !p->open_now[f])
            continue;
        const jh_school *s = &b->c->schools[p->school[f]];
        int to = -1;
        double best = INFINITY;
        for (size_t g = 0; g < p->nf; g++) {
            if (!open[g])
                continue;
            const jh_school *t = &b->c->schools[p->school[g]];
            double d = hypot(t->x - s->x, t->y - s->y);
            if (d < best) {
                best = d;
                to = (int)g;
            }
        }
        if (to < 0)
            continue;
        extra[to][0] += s->res.teachers;
        extra[to][1] += s->res.t_above_degree;
        extra[to][2] += s->res.t_backbone;
        extra[to][3] += s->res.t_pe_art;
        extra[to][4] += s->res.t_senior_title;
    }
    for (size_t f = 0; f < p->nf; f++) {
        if (!open[f] || b->load[f] <= 0)
            continue;
        jh_school s = b->c->schools[p->school[f]];
        memset(s.students, 0, sizeof s.students);
        s.students[jh_level_first_grade(L)] = (int)lround(b->load[f]);
        s.students[jh_level_first_grade(L == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY)] = p->other[f];
        s.status = JH_STATUS_OPEN;
        s.res.teachers += extra[f][0];
        s.res.t_above_degree += extra[f][1];
        s.res.t_backbone += extra[f][2];
        s.res.t_pe_art += extra[f][3];
        s.res.t_senior_title += extra[f][4];
        if (jh_indicators_exclusion(&s, L, r) != JH_COUNTED)
            continue;
        jh_indicator_input in;
        jh_indicators_split(&s, L, r, &in);
        double q[JH_NQUALITY], bs[JH_NBASIC];
        if (!jh_indicators_values(&in, q, bs))
            continue;
        for (int k = 0; k < JH_NBASIC; k++)
            b->vals[n][k] = quality ? (k < JH_NQUALITY ? q[k] : 0) : bs[k];
        b->w[n] = in.students;
        b->group[n] = s.area;
        if (quality && !jh_indicators_complies(q, r->quality_min[L], r->compliance_min_reached,
                                               r->compliance_floor, NULL))
            noncompliant++;
        n++;
    }
    free(extra);
    if (n == 0)
        return INFINITY;
    int keys = quality ? JH_NQUALITY : JH_NBASIC;
    double cv_sum = 0;
    for (int k = 0; k < keys; k++) {
        for (size_t i = 0; i < n; i++)
            b->x[i] = b->vals[i][k];
        jh_spread sp;
        if (jh_indicators_spread(b->x, b->w, NULL, n, &sp) != JH_OK || isnan(sp.cv))
            return INFINITY;
        cv_sum += sp.cv;
    }
    return cv_sum / keys + (double)noncompliant / (double)n;
}

static int by_demand_desc(const void *a, const void *b, void *ctx)
{
    const double *d = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (d[x] != d[y])
        return d[x] > d[y] ? -1 : 1;
    return x - y;
}

static jh_status balance_search(const problem *p, const jh_scenario *sc, const jh_county *c,
                                jh_facility_solution *sol, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    bool capacitated = q->capacity_enforce;
    balance_eval b = {.p = p, .sc = sc, .c = c};
    b.assign = malloc((p->nc + 1) * sizeof *b.assign);
    b.load = malloc((p->nf + 1) * sizeof *b.load);
    b.x = malloc((p->nf + 1) * sizeof *b.x);
    b.w = malloc((p->nf + 1) * sizeof *b.w);
    b.group = malloc((p->nf + 1) * sizeof *b.group);
    b.vals = malloc((p->nf + 1) * sizeof *b.vals);
    int *order = malloc((p->nc + 1) * sizeof *order);
    bool *open = malloc((p->nf + 1) * sizeof *open);
    int *near = NULL;
    jh_status st = JH_OK;
    if (!b.assign || !b.load || !b.x || !b.w || !b.group || !b.vals || !order || !open) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (balance search)");
        goto done;
    }
    for (size_t k = 0; k < p->nc; k++)
        order[k] = (int)k;
    if (capacitated)
        qsort_r(order, p->nc, sizeof *order, by_demand_desc, p->demand);
    memcpy(open, sol->open, p->nf * sizeof *open);
    double travel0;
    if (!balance_assign(&b, open, capacitated, order, &travel0) || travel0 <= 0) {
        /* the distance solution's own assignment stands */
        goto done;
    }
    double weight = q->balance_weight > 0 ? q->balance_weight : 1.0;
    double best = 1.0 + weight * balance_penalty(&b, open);
    /* the NEAR nearest other sites of each facility, as swap partners */
    enum { PARTNERS = 12 };
    near = malloc((p->nf * PARTNERS + 1) * sizeof *near);
    if (!near) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (balance search)");
        goto done;
    }
    for (size_t f = 0; f < p->nf; f++) {
        const jh_school *s = &c->schools[p->school[f]];
        double dist[PARTNERS];
        for (int k = 0; k < PARTNERS; k++) {
            near[f * PARTNERS + k] = -1;
            dist[k] = INFINITY;
        }
        for (size_t g = 0; g < p->nf; g++) {
            if (g == f)
                continue;
            const jh_school *t = &c->schools[p->school[g]];
            double d = hypot(t->x - s->x, t->y - s->y);
            for (int k = 0; k < PARTNERS; k++)
                if (d < dist[k]) {
                    for (int m = PARTNERS - 1; m > k; m--) {
                        dist[m] = dist[m - 1];
                        near[f * PARTNERS + m] = near[f * PARTNERS + m - 1];
                    }
                    dist[k] = d;
                    near[f * PARTNERS + k] = (int)g;
                    break;
                }
        }
    }
    /* The stopping rule counts work, so the same request gives the same
     * plan on any machine: at most 50 passes' worth of swap evaluations;
     * the clock only when the scenario sets time_limit_s. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const long max_evals = 50L * (long)p->nf * PARTNERS;
    long evals = 0;
    bool improved = true;
    while (improved && evals < max_evals) {
        improved = false;
        for (size_t f = 0; f < p->nf && !improved; f++) {
            if (!open[f] || p->fixed[f])
                continue;
            for (int k = 0; k < PARTNERS && !improved; k++) {
                int g = near[f * PARTNERS + k];
                if (g < 0 || open[g])
                    continue;
                open[f] = false;
                open[g] = true;
                double travel;
                evals++;
                if (balance_assign(&b, open, capacitated, order, &travel)) {
                    double score = travel / travel0 + weight * balance_penalty(&b, open);
                    if (score < best - 1e-9) {
                        best = score;
                        improved = true;
                        break;
                    }
                }
                open[f] = true;
                open[g] = false;
            }
        }
        if (q->time_limit_s > 0) {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if ((double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec) >
                q->time_limit_s)
                break;
        }
    }
    /* the layout found, with its assignment */
    double travel;
    if (balance_assign(&b, open, capacitated, order, &travel)) {
        memcpy(sol->open, open, p->nf * sizeof *open);
        sol->n_open = 0;
        for (size_t f = 0; f < p->nf; f++)
            sol->n_open += open[f];
        for (size_t k = 0; k < p->nc; k++)
            sol->assign[k] = b.assign[k];
        sol->objective = travel;
    }
done:
    free(b.assign);
    free(b.load);
    free(b.x);
    free(b.w);
    free(b.group);
    free(b.vals);
    free(order);
    free(open);
    free(near);
    return st;
}

/* ---- own-site students with capacities enforced -------------------------
 *
 * A school's own-site students (village not known: origin -1 - i) cannot
 * be named in a catchment, so the plan's run keeps them at their school
 * while it is open; when it closes they go to its close entry's
 * `students_to`. The search treats them as a client it may send anywhere,
 * so when its assignment sends a kept school's own-site students away (or
 * splits a school site's students), the layout's assignment is solved
 * again the way the run will see it: the layout fixed, each kept school's
 * own-site students staying there (its places for the others are its
 * places less them, floored at 0), a closed school's own-site students a
 * client placed whole, the split fallback moving villages round them. */

/* Does the solution already keep every kept school's own-site students
 * there, with no school site's students split? */
static bool sites_stay(const problem *p, const jh_facility_solution *sol)
{
    for (size_t k = 0; k < p->nc; k++) {
        if (p->origin[k] >= 0)
            continue;
        int h = p->fac_of_school[-1 - p->origin[k]];
        if (h >= 0 && sol->open[h] && sol->assign[k] != h)
            return false;
    }
    for (size_t k = 0; k < sol->n_parts; k++)
        if (p->origin[sol->part_client[k]] < 0)
            return false;
    return true;
}

static jh_status pin_sites(const problem *p, jh_facility_solution *sol, const jh_scenario *sc,
                           const jh_county *c, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    if (sites_stay(p, sol))
        return JH_OK;
    size_t nc2 = 0, np2 = 0;
    int *map = malloc((p->nc + 1) * sizeof *map);       /* new client -> client */
    int *home = malloc((p->nc + 1) * sizeof *home);     /* client -> kept school it stays at, -1 */
    double *cap = malloc((p->nf + 1) * sizeof *cap);
    size_t *start = malloc((p->nc + 2) * sizeof *start);
    int *fac = malloc((p->n_pairs + 1) * sizeof *fac);
    double *cost = malloc((p->n_pairs + 1) * sizeof *cost);
    bool *whole = malloc((p->nc + 1) * sizeof *whole);
    const char **fnames = malloc((p->nf + 1) * sizeof *fnames);
    const char **cnames = malloc((p->nc + 1) * sizeof *cnames);
    jh_facility_solution s2 = {0};
    jh_status st = JH_OK;
    if (!map || !home || !cap || !start || !fac || !cost || !whole || !fnames || !cnames) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        goto done;
    }
    memcpy(cap, p->capacity, p->nf * sizeof *cap);
    double pinned_cost = 0;
    /* the search's mode max_distance_km (no keep, no close_at_most) drops
     * the pairs beyond it (km in metres; minutes with a table of minutes) */
    double max_cost = INFINITY;
    if (q->keep <= 0 && q->close_at_most < 0 && q->max_distance_km > 0)
        max_cost = c->od.minutes && c->has_od ? q->max_distance_km : q->max_distance_km * 1000.0;
    start[0] = 0;
    for (size_t k = 0; k < p->nc; k++) {
        int h = p->origin[k] < 0 ? p->fac_of_school[-1 - p->origin[k]] : -1;
        home[k] = h >= 0 && sol->open[h] ? h : -1;
        if (home[k] >= 0) {
            cap[h] = fmax(0.0, cap[h] - p->demand[k]);
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++)
                if (p->fac[j] == h) {
                    pinned_cost += p->demand[k] * p->cost[j];
                    break;
                }
            continue;
        }
        for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
            if (p->cost[j] > max_cost)
                continue;   /* max_distance_km: as the search saw the pairs */
            fac[np2] = p->fac[j];
            cost[np2++] = p->cost[j];
        }
        whole[nc2] = p->origin[k] < 0;
        cnames[nc2] = p->origin[k] >= 0 ? c->villages[p->origin[k]].id : c->schools[-1 - p->origin[k]].id;
        map[nc2++] = (int)k;
        start[nc2] = np2;
    }
    for (size_t f = 0; f < p->nf; f++)
        fnames[f] = c->schools[p->school[f]].id;
    jh_facility_problem fp = {
        .n_clients = nc2, .n_facilities = p->nf, .demand = NULL, .capacity = cap,
        .start = start, .facility = fac, .cost = cost, .fixed = sol->open, .allowed = sol->open,
        .open_now = NULL, .mode = JH_FACILITY_KEEP, .p = sol->n_open, .seed = q->seed ? q->seed : 1,
        .time_limit_s = q->time_limit_s, .facility_name = fnames,
        .client_name = cnames, .split_when_needed = !q->split_never, .whole = whole,
    };
    double *dem = malloc((nc2 + 1) * sizeof *dem);
    int *from = malloc((nc2 + 1) * sizeof *from);
    if (!dem || !from) {
        free(dem);
        free(from);
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        goto done;
    }
    for (size_t k = 0; k < nc2; k++) {
        dem[k] = p->demand[map[k]];
        from[k] = sol->assign[map[k]];
    }
    fp.demand = dem;
    /* the layout stays; its assignment from the search's (warm start) */
    st = jh_facility_reassign(&fp, sol->open, from, &s2, err);
    free(dem);
    free(from);
    if (st == JH_ERR_INPUT && err) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        jh_error_set(err, JH_ERR_INPUT,
                     "%s: line %ld: optimise.consolidation.capacity: enforce: the layout found "
                     "(%d schools kept) cannot seat everyone once each kept school's own-site students "
                     "(village not known, so no catchment moves them) stay there: %s",
                     sc->path, q->line, sol->n_open, msg);
    }
    if (st != JH_OK)
        goto done;
    /* back to the clients of p */
    for (size_t k = 0; k < p->nc; k++)
        if (home[k] >= 0)
            sol->assign[k] = home[k];
    for (size_t k = 0; k < nc2; k++)
        sol->assign[map[k]] = s2.assign[k];
    free(sol->part_client);
    free(sol->part_facility);
    free(sol->part_demand);
    sol->part_client = s2.part_client;
    sol->part_facility = s2.part_facility;
    sol->part_demand = s2.part_demand;
    sol->n_parts = s2.n_parts;
    for (size_t k = 0; k < s2.n_parts; k++)
        sol->part_client[k] = (size_t)map[sol->part_client[k]];
    s2.part_client = NULL;
    s2.part_facility = NULL;
    s2.part_demand = NULL;
    s2.n_parts = 0;
    sol->objective = s2.objective + pinned_cost;
    /* the search's bound holds for this assignment too (it is one the
     * search could have chosen), but not once clients are split */
    if (sol->n_parts > 0)
        sol->lower_bound = 0;
    else if (sol->lower_bound > sol->objective)
        sol->lower_bound = sol->objective;
done:
    jh_facility_solution_free(&s2);
    free(map);
    free(home);
    free(cap);
    free(start);
    free(fac);
    free(cost);
    free(whole);
    free(fnames);
    free(cnames);
    return st;
}

/* Builds the facility problem with `near` facilities listed per client
 * (when not every pair is) and solves it into *sol. */
static jh_status solve_listed(problem *p, jh_facility_solution *sol, size_t near,
                              const jh_scenario *sc, const jh_county *state,
                              const jh_flow *flows, size_t n_flows, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    jh_status st = build_problem(p, sc, state, flows, n_flows, near, err);
    if (st != JH_OK)
        return st;
    jh_facility_problem fp = {
        .n_clients = p->nc, .n_facilities = p->nf, .demand = p->demand,
        .capacity = q->capacity_enforce ? p->capacity : NULL,
        .start = p->start, .facility = p->fac, .cost = p->cost, .fixed = p->fixed,
        .allowed = NULL, .open_now = p->open_now, .seed = q->seed ? q->seed : 1,
        .time_limit_s = q->time_limit_s,
        .split_when_needed = q->capacity_enforce && !q->split_never,
    };
    int open_now = 0;
    for (size_t f = 0; f < p->nf; f++)
        open_now += p->open_now[f];
    if (q->keep > (int)p->nf)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line %ld: optimise.consolidation.keep: expected at most %zu (the %s schools and candidate sites there are in %d), got %d",
                            sc->path, q->line, p->nf, jh_level_name(q->level), q->year, q->keep);
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
    /* names for the solver's messages: school ids, village (or school) ids */
    const char **fnames = malloc((p->nf + 1) * sizeof *fnames);
    const char **cnames = malloc((p->nc + 1) * sizeof *cnames);
    if (fnames && cnames) {
        for (size_t f = 0; f < p->nf; f++)
            fnames[f] = state->schools[p->school[f]].id;
        for (size_t k = 0; k < p->nc; k++)
            cnames[k] = p->origin[k] >= 0 ? state->villages[p->origin[k]].id
                                         : state->schools[-1 - p->origin[k]].id;
        fp.facility_name = fnames;
        fp.client_name = cnames;
    }
    st = jh_facility_solve(&fp, sol, err);
    free(fnames);
    free(cnames);
    return st;
}

/* With capacities enforced: the other level's students of the two-level
 * schools the layout closes get places at schools of that level only
 * (consolidation_other.h, the request's year); a school whose students
 * do not fit stays open (its own-site students of the level with it) and
 * the result's notes say why. *vto / *sto: the receivers for the plan. */
static jh_status other_level(const problem *p, jh_facility_solution *sol, const jh_scenario *sc,
                             const jh_county *c, const jh_flow *flows, size_t n_flows,
                             jh_consolidation_result *res, int **vto, int **sto, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    bool *closed = calloc(c->n_schools + 1, sizeof *closed);
    *vto = malloc((c->n_villages + 1) * sizeof **vto);
    *sto = malloc((c->n_schools + 1) * sizeof **sto);
    long kept = -1;
    if (closed && *vto && *sto) {
        for (size_t f = 0; f < p->nf; f++)
            closed[p->school[f]] = p->open_now[f] && !sol->open[f];
        const jh_flow *fl[1] = {flows};
        size_t nfl[1] = {n_flows};
        jh_other_request oq = {c, &sc->rules, q->level, q->year, 1, fl, nfl};
        kept = jh_other_level_place(&oq, closed, *vto, *sto, &res->notes);
    }
    /* a school kept open keeps its own clients (their school doing nothing,
     * the most of their students; a client split by the search stays so) */
    size_t nv = c->n_villages, no = nv + c->n_schools;
    int *home = kept > 0 ? malloc((p->nc + 1) * sizeof *home) : NULL;
    int *cli = kept > 0 ? malloc((no + 1) * sizeof *cli) : NULL;
    double *most = kept > 0 ? calloc(p->nc + 1, sizeof *most) : NULL;
    if (kept > 0 && (!home || !cli || !most)) {
        free(home);
        home = NULL;
        kept = -1;
    }
    for (size_t o = 0; home && o < no; o++)
        cli[o] = -1;
    for (size_t k = 0; home && k < p->nc; k++) {
        home[k] = -1;
        cli[p->origin[k] >= 0 ? (size_t)p->origin[k] : nv + (size_t)(-1 - p->origin[k])] = (int)k;
    }
    for (size_t j = 0; home && j < n_flows; j++) {
        const jh_flow *fl = &flows[j];
        int k = fl->level != q->level || fl->school < 0 ? -1
                : cli[fl->village >= 0 ? (size_t)fl->village : nv + (size_t)(-1 - fl->village)];
        if (k >= 0 && fl->students > most[k])
            most[k] = fl->students, home[k] = fl->school;
    }
    free(cli);
    free(most);
    for (size_t k = 0; home && k < sol->n_parts; k++)
        home[sol->part_client[k]] = -1;
    for (size_t f = 0; kept > 0 && f < p->nf; f++) {
        if (!p->open_now[f] || sol->open[f] || closed[p->school[f]])
            continue;
        sol->open[f] = true;
        sol->n_open++;
        for (size_t k = 0; k < p->nc; k++) {
            if (home[k] != p->school[f] || sol->assign[k] == (int)f)
                continue;
            for (size_t j = p->start[k]; j < p->start[k + 1]; j++) {
                if (p->fac[j] == sol->assign[k])
                    sol->objective -= p->demand[k] * p->cost[j];
                if (p->fac[j] == (int)f)
                    sol->objective += p->demand[k] * p->cost[j];
            }
            sol->assign[k] = (int)f;
        }
    }
    free(home);
    if (kept > 0)
        sol->lower_bound = 0;   /* a bound for the layout's count of schools, not this one's */
    free(closed);
    return kept < 0 ? jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)") : JH_OK;
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
    jh_facility_solution sol = {0};
    jh_status st;
    for (size_t near = NEAR;; near *= 4) {
        st = solve_listed(&p, &sol, near, sc, state, flows, n_flows, err);
        /* short of places only within the listed pairs: list more */
        if (st != JH_ERR_INPUT || !(sol.places_short > 0) || !p.limited)
            break;
        jh_facility_solution_free(&sol);
        memset(&sol, 0, sizeof sol);
        problem_free(&p);
        if (err)
            memset(err, 0, sizeof *err);
    }
    if (st == JH_ERR_INPUT && err && q->capacity_enforce
        && strstr(err->message, "capacities too small")) {
        /* say which request: the scenario's file, line and field */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: optimise.consolidation.capacity: enforce: %s",
                     sc->path, q->line, msg);
    }
    if (st == JH_OK && q->objective == JH_OBJ_BALANCE)
        st = balance_search(&p, sc, state, &sol, err);
    if (st == JH_OK && q->capacity_enforce)
        st = pin_sites(&p, &sol, sc, state, err);
    int *vto = NULL, *sto = NULL;
    if (st == JH_OK && q->capacity_enforce)
        st = other_level(&p, &sol, sc, state, flows, n_flows, res, &vto, &sto, err);
    if (st == JH_OK)
        st = write_plan(&p, &sol, sc, state, plan, res, err);
    if (st == JH_OK && vto) {
        jh_other_request oq = {state, &sc->rules, q->level, q->year, 1, NULL, NULL};
        if (jh_other_level_write(&oq, vto, sto, plan, q->line) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation plan)");
    }
    free(vto);
    free(sto);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    res->objective = sol.objective;
    res->lower_bound = sol.lower_bound;
    res->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    res->level = q->level;
    res->year = q->year;
    jh_facility_solution_free(&sol);
    problem_free(&p);
    if (st != JH_OK)
        jh_consolidation_result_free(res);
    return st;
}
