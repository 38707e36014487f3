/*
 * schedule_search.c: which candidate starts in which programme year
 * (schedule.h). Every schedule tried is within budget and measured by the
 * simulation; the number of simulations is bounded by
 * optimise.schedule.max_evaluations, never by the clock.
 */
#include "optimise/schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct search {
    const jh_scenario *sc;
    const jh_county *county;
    jh_schedule_result *res;
    jh_error *err;
    long max_evals;
    jh_schedule_score best;
    int *best_years;   /* the incumbent's year per project */
} search;

static void save(search *s)
{
    for (size_t i = 0; i < s->res->n_projects; i++)
        s->best_years[i] = s->res->projects[i].year;
}

static void restore(search *s)
{
    for (size_t i = 0; i < s->res->n_projects; i++)
        s->res->projects[i].year = s->best_years[i];
}

/* Measures the current years (when within budget and evaluations are
 * left); keeps them as the incumbent when better. 1 improved, 0 not, -1
 * error. */
static int try_current(search *s)
{
    if (s->res->evaluations >= s->max_evals || !jh_schedule_within_budget(s->res))
        return 0;
    jh_schedule_score sc;
    if (jh_schedule_evaluate(s->sc, s->county, s->res, &sc, s->err) != JH_OK)
        return -1;
    s->res->evaluations++;
    if (jh_schedule_compare(&sc, &s->best) < 0) {
        s->best = sc;
        save(s);
        return 1;
    }
    return 0;
}

static jh_status exhaustive(search *s)
{
    jh_schedule_result *res = s->res;
    size_t n = res->n_projects;
    int *digit = calloc(n ? n : 1, sizeof *digit);
    if (!digit)
        return jh_error_set(s->err, JH_ERR_RUN, "out of memory");
    for (;;) {
        size_t i = 0;
        while (i < n && ++digit[i] > res->n_years)
            digit[i++] = 0;
        if (i == n)
            break; /* every combination seen (the empty one is the baseline) */
        for (size_t j = 0; j < n; j++)
            res->projects[j].year = digit[j] ? res->years[digit[j] - 1] : 0;
        if (try_current(s) < 0) {
            free(digit);
            return JH_ERR_RUN;
        }
    }
    free(digit);
    restore(s);
    return JH_OK;
}

typedef struct order_ctx {
    const jh_schedule_project *p;
    int n_years;
} order_ctx;

/* What a project costs over the programme when started in its first year:
 * capital, or its hires' pay every year. */
static double programme_cost(const jh_schedule_project *p, int n_years)
{
    return p->kind == JH_PROJ_TEACHERS ? p->pay_wan * n_years : p->cost_wan;
}

static int by_ratio(const void *a, const void *b, void *ctx)
{
    const order_ctx *o = ctx;
    const jh_schedule_project *x = &o->p[*(const size_t *)a], *y = &o->p[*(const size_t *)b];
    double cx = programme_cost(x, o->n_years), cy = programme_cost(y, o->n_years);
    double rx = cx > 0 ? x->benefit / cx : INFINITY;
    double ry = cy > 0 ? y->benefit / cy : INFINITY;
    if (rx != ry)
        return rx > ry ? -1 : 1;
    if (x->fixed != y->fixed)
        return x->fixed ? -1 : 1; /* retained for good first when tied */
    if (x->school != y->school)
        return x->school < y->school ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* qsort with a context, deterministic (insertion sort: candidates are
 * hundreds) */
static void sort_order(size_t *order, size_t n, const jh_schedule_project *p, int n_years)
{
    order_ctx o = {p, n_years};
    for (size_t i = 1; i < n; i++) {
        size_t v = order[i], j = i;
        while (j > 0 && by_ratio(&v, &order[j - 1], &o) < 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

/* Greedy: the programme years in order, each filled with the candidates of
 * the best benefit per cost that fit what is left of its budget. */
static void greedy(search *s, const size_t *order)
{
    jh_schedule_result *res = s->res;
    for (size_t i = 0; i < res->n_projects; i++)
        res->projects[i].year = 0;
    /* a project's stages and its hires' pay reach into later years: the
     * whole programme's budget is checked for each one added */
    for (int k = 0; k < res->n_years; k++)
        for (size_t j = 0; j < res->n_projects; j++) {
            jh_schedule_project *p = &res->projects[order[j]];
            if (p->year)
                continue;
            p->year = res->years[k];
            if (!jh_schedule_within_budget(res))
                p->year = 0;
        }
}

/* One pass of the improvement moves; true when something improved. */
static int improve(search *s, const size_t *order)
{
    jh_schedule_result *res = s->res;
    size_t n = res->n_projects;
    int any = 0, r;
#define TRY()                                                                                      \
    do {                                                                                           \
        if ((r = try_current(s)) < 0)                                                              \
            return -1;                                                                             \
        if (r > 0)                                                                                 \
            any = 1;                                                                               \
        restore(s);                                                                                \
    } while (0)
    /* drop: the latest and dearest first */
    for (int k = res->n_years - 1; k >= 0; k--)
        for (size_t j = n; j-- > 0;) {
            jh_schedule_project *p = &res->projects[order[j]];
            if (p->year != res->years[k])
                continue;
            p->year = 0;
            TRY();
        }
    /* earlier: the earliest year that fits and is better */
    for (size_t j = 0; j < n; j++) {
        jh_schedule_project *p = &res->projects[order[j]];
        for (int k = 0; p->year && k < res->n_years && res->years[k] < p->year; k++) {
            int was = p->year;
            p->year = res->years[k];
            TRY();
            if (p->year != was)
                break; /* improved and kept */
        }
    }
    /* add: an unscheduled candidate in the earliest year it fits */
    for (size_t j = 0; j < n; j++) {
        jh_schedule_project *p = &res->projects[order[j]];
        for (int k = 0; !p->year && k < res->n_years; k++) {
            p->year = res->years[k];
            TRY();
        }
    }
    /* replace: a scheduled candidate by an unscheduled one in its year */
    for (size_t a = 0; a < n; a++) {
        jh_schedule_project *q = &res->projects[order[a]];
        if (q->year)
            continue;
        for (size_t b = n; b-- > 0 && !q->year;) {
            jh_schedule_project *p = &res->projects[order[b]];
            if (!p->year)
                continue;
            q->year = p->year;
            p->year = 0;
            TRY();
        }
    }
    /* exchange the years of two scheduled candidates */
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            jh_schedule_project *p = &res->projects[order[a]], *q = &res->projects[order[b]];
            if (!p->year || !q->year || p->year == q->year)
                continue;
            int t = p->year;
            p->year = q->year;
            q->year = t;
            TRY();
        }
#undef TRY
    return any;
}

static jh_status search_run(search *s)
{
    jh_schedule_result *res = s->res;
    size_t n = res->n_projects;
    /* the baseline (nothing built) is the first incumbent */
    s->best = res->baseline;
    save(s);
    double combos = 1;
    for (size_t i = 0; i < n && combos <= 1e12; i++)
        combos *= res->n_years + 1;
    if (combos <= s->sc->schedule.exhaustive_max) {
        res->exhaustive = true;
        s->max_evals = res->evaluations + (long)combos; /* every one of them */
        return exhaustive(s);
    }
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return jh_error_set(s->err, JH_ERR_RUN, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_order(order, n, res->projects, res->n_years);
    greedy(s, order);
    if (try_current(s) < 0) {
        free(order);
        return JH_ERR_RUN;
    }
    restore(s);
    int r;
    while ((r = improve(s, order)) > 0 && res->evaluations < s->max_evals)
        ;
    free(order);
    restore(s);
    return r < 0 ? JH_ERR_RUN : JH_OK;
}

/* The chosen projects' entries in the plan (expand, build, hire; a
 * project over several years with its `stage`s), by start year then
 * candidate order (as jh_schedule_evaluate applies them). */
static jh_status add_to_plan(const jh_schedule_result *res, jh_scenario *plan, jh_error *err)
{
    jh_intervention e[JH_SCHEDULE_MAX_STAGES + 1];
    for (int k = 0; k < res->n_years; k++)
        for (size_t i = 0; i < res->n_projects; i++) {
            const jh_schedule_project *p = &res->projects[i];
            if (p->year != res->years[k])
                continue;
            size_t n = jh_schedule_entries(p, plan->end_year, e);
            for (size_t j = 0; j < n; j++) {
                jh_intervention *iv = jh_scenario_add_intervention(plan);
                if (!iv)
                    return jh_error_set(err, JH_ERR_RUN, "out of memory");
                *iv = e[j];
                /* the plan owns its strings */
                iv->ids = NULL;
                iv->n_ids = 0;
                iv->target = NULL;
                iv->build.id = iv->build.name = iv->build.district = NULL;
                bool bad = false;
                if (e[j].n_ids) {
                    iv->ids = malloc(e[j].n_ids * sizeof *iv->ids);
                    bad = !iv->ids;
                    for (size_t m = 0; !bad && m < e[j].n_ids; m++) {
                        iv->ids[m] = strdup(e[j].ids[m]);
                        bad = !iv->ids[m];
                        iv->n_ids = m + !bad;
                    }
                }
                if (!bad && e[j].kind == JH_IV_BUILD) {
                    iv->build.id = e[j].build.id ? strdup(e[j].build.id) : NULL;
                    iv->build.name = e[j].build.name ? strdup(e[j].build.name) : NULL;
                    iv->build.district = e[j].build.district ? strdup(e[j].build.district) : NULL;
                    bad = (e[j].build.id && !iv->build.id) || (e[j].build.name && !iv->build.name) ||
                          (e[j].build.district && !iv->build.district);
                }
                if (bad)
                    return jh_error_set(err, JH_ERR_RUN, "out of memory");
            }
        }
    plan->schedule.requested = false;
    return JH_OK;
}

jh_status jh_schedule_optimise(const jh_scenario *sc, const jh_county *county,
                               jh_schedule_result *res, jh_scenario *plan, jh_error *err)
{
    jh_status st = jh_schedule_candidates(sc, county, res, err);
    if (st != JH_OK)
        return st;
    search s = {.sc = sc, .county = county, .res = res, .err = err,
                .max_evals = sc->schedule.max_evaluations > 0 ? sc->schedule.max_evaluations : 300};
    s.best_years = calloc(res->n_projects ? res->n_projects : 1, sizeof *s.best_years);
    if (!s.best_years)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    st = search_run(&s);
    free(s.best_years);
    if (st == JH_OK)
        st = jh_schedule_explain(sc, county, res, err);
    if (st == JH_OK && plan)
        st = add_to_plan(res, plan, err);
    return st;
}
