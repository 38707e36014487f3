/*
 * consolidation_phased.c: which schools to close when a county keeps its
 * catchments (assignment: catchment, phasing: entrants) — the plan a
 * bureau would sign (issue 12).
 *
 * Only the villages of a closed school move; everyone else keeps their
 * school. A closure is feasible when every origin of the closed school
 * finds a receiver that:
 *   - is open, kept, and not a teaching point (teaching points keep their
 *     own students or close, never receive);
 *   - has room in every year of the horizon from the plan year: its own
 *     students (doing nothing) plus those it receives plus the other
 *     level's, within classrooms x class size and the size limit;
 *   - is within max_distance_km, and within the level's distance limit —
 *     or no farther than the origin's school today (primary grades 1-3
 *     are never sent beyond the limit; a village goes whole). Junior
 *     students sent beyond the limit need boarding beds at the receiver,
 *     and the level's share beyond the limit stays within
 *     max_share_beyond (default: today's share).
 * Schools under min_students (default rules.teaching_point_min_students)
 * close unless fixed or unplaceable. Further closures (keep / close_at_most
 * / max_distance_km) are chosen greedily by least added travel, counted in
 * evaluations, never by the clock.
 *
 * objective: balance then searches single closures and re-openings on an
 * estimate of the indicators (students as placed, teachers following
 * their students), and every layout kept as a candidate is measured by the
 * simulation itself over the horizon (evaluate: final | mean) — the way
 * `junheng run plan.yaml` will measure it. The answer is the best candidate
 * that beats doing nothing on mean CV without fewer compliant schools;
 * when none does, doing nothing's layout (the mandatory closures only when
 * they pass that test too, else nothing at all).
 */
#include "optimise/consolidation.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "input/inputs.h"
#include "travel/roads.h"
#include "sim/scenario_io.h"
#include "travel/travel.h"

typedef struct ph {
    const jh_scenario *sc;
    const jh_county *c;
    jh_level L;
    int y0, ny;                 /* plan year index in the run, years evaluated */
    size_t ns, nc;
    int *origin;                /* client -> origin */
    int *cur;                   /* client -> school today (-1 none) */
    double *dem;                /* client x ny */
    double *load;               /* school x ny: doing nothing, level L */
    double *other;              /* school x ny: the other level */
    double *cap;                /* school: places (1e15 unlimited) */
    double *size_max;
    bool *receiver;             /* may receive */
    bool *closable;
    bool *fixed;
    double *beds;               /* free boarding beds (junior) */
    double limit_m;             /* distance limit, cost units */
    double max_m;               /* max_distance_km, cost units (inf) */
    double beyond0, total0;     /* students beyond the limit today, all */
    double share_cap;
    /* work */
    double *add;                /* school x ny */
    double *beds_used;
    int *assign;                /* client -> school */
    long evals;
} ph;

static double cost_of(const ph *p, int origin, int school)
{
    const jh_county *c = p->c;
    if (c->has_od && origin >= 0) {
        for (size_t k = c->od.start[origin]; k < c->od.start[origin + 1]; k++)
            if (c->od.school[k] == school)
                return c->od.cost[k];
        return INFINITY;
    }
    double x = origin >= 0 ? c->villages[origin].x : c->schools[-1 - origin].x;
    double y = origin >= 0 ? c->villages[origin].y : c->schools[-1 - origin].y;
    return hypot(c->schools[school].x - x, c->schools[school].y - y);
}

/* Places the clients of closed schools (closed[i]); false when one finds
 * no receiver. *travel: added student-cost in the plan year. */
static bool place_closed(ph *p, const bool *closed, double *travel)
{
    p->evals++;
    memset(p->add, 0, p->ns * p->ny * sizeof *p->add);
    memset(p->beds_used, 0, p->ns * sizeof *p->beds_used);
    double t = 0, beyond = p->beyond0;
    for (size_t k = 0; k < p->nc; k++) {
        int s0 = p->cur[k];
        p->assign[k] = s0;
        if (s0 < 0 || !closed[s0])
            continue;
        double d0 = cost_of(p, p->origin[k], s0);
        double peak = 0;
        for (int y = 0; y < p->ny; y++)
            peak = fmax(peak, p->dem[k * p->ny + y]);
        int best = -1;
        double bd = INFINITY;
        for (size_t f = 0; f < p->ns; f++) {
            if (!p->receiver[f] || closed[f])
                continue;
            double d = cost_of(p, p->origin[k], (int)f);
            if (!(d < bd) || d > p->max_m)
                continue;
            bool far = d > p->limit_m && d > d0;
            if (far && (p->L == JH_PRIMARY || p->beds[f] - p->beds_used[f] < peak))
                continue;
            bool room = true;
            for (int y = 0; y < p->ny && room; y++) {
                double n = p->load[f * p->ny + y] + p->add[f * p->ny + y] + p->dem[k * p->ny + y] +
                           p->other[f * p->ny + y];
                room = n <= p->cap[f] + 1e-9 && n <= p->size_max[f] + 1e-9;
            }
            if (!room)
                continue;
            best = (int)f;
            bd = d;
        }
        if (best < 0)
            return false;
        p->assign[k] = best;
        for (int y = 0; y < p->ny; y++)
            p->add[best * p->ny + y] += p->dem[k * p->ny + y];
        double d = bd;
        if (d > p->limit_m && d0 <= p->limit_m) {
            p->beds_used[best] += peak;
            beyond += p->dem[k * p->ny];
        } else if (d <= p->limit_m && d0 > p->limit_m) {
            beyond -= p->dem[k * p->ny];
        }
        t += p->dem[k * p->ny] * (d - d0);
    }
    if (p->total0 > 0 && beyond / p->total0 > p->share_cap + 1e-12)
        return false;
    *travel = t;
    return true;
}

/* ---- estimate of the indicators (search only) ------------------------- */

static double estimate(ph *p, const bool *closed)
{
    const jh_rules *r = &p->sc->rules;
    bool quality = p->sc->standard == JH_STANDARD_QUALITY;
    int keys = quality ? JH_NQUALITY : JH_NBASIC, yl = p->ny - 1;
    double *x = malloc((p->ns + 1) * sizeof *x), *w = malloc((p->ns + 1) * sizeof *w);
    double (*vals)[JH_NBASIC] = malloc((p->ns + 1) * sizeof *vals);
    double (*extra)[5] = calloc(p->ns + 1, sizeof *extra);
    double score = INFINITY;
    if (!x || !w || !vals || !extra)
        goto done;
    /* teachers of a closed school follow its students */
    for (size_t i = 0; i < p->ns; i++) {
        if (!closed[i])
            continue;
        double tot = 0;
        for (size_t k = 0; k < p->nc; k++)
            tot += p->cur[k] == (int)i ? p->dem[k * p->ny] : 0;
        const jh_resources *res = &p->c->schools[i].res;
        for (size_t k = 0; tot > 0 && k < p->nc; k++) {
            if (p->cur[k] != (int)i || p->assign[k] < 0)
                continue;
            double sh = p->dem[k * p->ny] / tot;
            double *e = extra[p->assign[k]];
            e[0] += sh * res->teachers;
            e[1] += sh * res->t_above_degree;
            e[2] += sh * res->t_backbone;
            e[3] += sh * res->t_pe_art;
            e[4] += sh * res->t_senior_title;
        }
    }
    size_t n = 0, noncompliant = 0;
    for (size_t i = 0; i < p->ns; i++) {
        double students = p->load[i * p->ny + yl] + p->add[i * p->ny + yl];
        if (closed[i] || students <= 0 || !jh_school_takes_students(&p->c->schools[i], p->L))
            continue;
        jh_school s = p->c->schools[i];
        memset(s.students, 0, sizeof s.students);
        s.students[jh_level_first_grade(p->L)] = (int)lround(students);
        s.students[jh_level_first_grade(p->L == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY)] =
            (int)lround(p->other[i * p->ny + yl]);
        s.res.teachers += extra[i][0];
        s.res.t_above_degree += extra[i][1];
        s.res.t_backbone += extra[i][2];
        s.res.t_pe_art += extra[i][3];
        s.res.t_senior_title += extra[i][4];
        if (jh_indicators_exclusion(&s, p->L, r) != JH_COUNTED)
            continue;
        jh_indicator_input in;
        jh_indicators_split(&s, p->L, r, &in);
        double q[JH_NQUALITY], bs[JH_NBASIC];
        if (!jh_indicators_values(&in, q, bs))
            continue;
        for (int k = 0; k < JH_NBASIC; k++)
            vals[n][k] = quality ? (k < JH_NQUALITY ? q[k] : 0) : bs[k];
        w[n] = in.students;
        if (quality && !jh_indicators_complies(q, r->quality_min[p->L], r->compliance_min_reached,
                                               r->compliance_floor, NULL))
            noncompliant++;
        n++;
    }
    if (n == 0)
        goto done;
    double cv = 0;
    for (int k = 0; k < keys; k++) {
        for (size_t i = 0; i < n; i++)
            x[i] = vals[i][k];
        jh_spread sp;
        if (jh_indicators_spread(x, w, NULL, n, &sp) != JH_OK || isnan(sp.cv))
            goto done;
        cv += sp.cv;
    }
    score = cv / keys + (double)noncompliant / (double)n;
done:
    free(x);
    free(w);
    free(vals);
    free(extra);
    return score;
}

/* ---- plans and their measure ------------------------------------------ */

/* Adds the closures and the catchment entries of the villages that move
 * (and only those) to `plan`. */
static int write_layout(ph *p, const bool *closed, jh_scenario *plan)
{
    const jh_consolidation_request *q = &p->sc->consolidation;
    const jh_county *c = p->c;
    for (size_t i = 0; i < p->ns; i++) {
        if (!closed[i])
            continue;
        /* the site's own students (village unknown) go where most of its students go */
        double *to = calloc(p->ns + 1, sizeof *to);
        if (!to)
            return -1;
        int site = -1;
        for (size_t k = 0; k < p->nc; k++)
            if (p->cur[k] == (int)i && p->assign[k] >= 0) {
                to[p->assign[k]] += p->dem[k * p->ny];
                if (p->origin[k] == jh_origin_of_school((int)i))
                    site = p->assign[k];
            }
        int best = site;
        for (size_t f = 0; best < 0 && f < p->ns; f++)
            if (to[f] > 0 && (best < 0 || to[f] > to[best]))
                best = (int)f;
        free(to);
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(1, sizeof *iv->ids)) || !(iv->ids[0] = strdup(c->schools[i].id)))
            return -1;
        iv->n_ids = 1;
        iv->year = q->year;
        iv->kind = JH_IV_CLOSE;
        iv->line = q->line;
        if (!(iv->target = strdup(best >= 0 ? c->schools[best].id : "nearest")))
            return -1;
    }
    for (size_t f = 0; f < p->ns; f++) {
        size_t n = 0;
        for (size_t k = 0; k < p->nc; k++)
            n += p->assign[k] == (int)f && p->cur[k] != (int)f && p->origin[k] >= 0;
        if (n == 0)
            continue;
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(n, sizeof *iv->ids)) || !(iv->target = strdup(c->schools[f].id)))
            return -1;
        iv->year = q->year;
        iv->kind = JH_IV_CATCHMENT;
        iv->level = p->L;
        iv->line = q->line;
        for (size_t k = 0; k < p->nc; k++)
            if (p->assign[k] == (int)f && p->cur[k] != (int)f && p->origin[k] >= 0)
                if (!(iv->ids[iv->n_ids++] = strdup(c->villages[p->origin[k]].id)))
                    return -1;
    }
    plan->consolidation.requested = false;
    return 0;
}

typedef struct measure {
    double cv;
    int compliant, counted;
    bool ok;
} measure;

static void measure_run(const ph *p, const jh_run_result *r, measure *m)
{
    memset(m, 0, sizeof *m);
    double cv = 0;
    int years = 0;
    long comp = 0, cnt = 0;
    for (size_t y = 0; y < r->n_years; y++) {
        if (r->years[y].year < p->sc->consolidation.year)
            continue;
        if (!p->sc->consolidation.evaluate_mean && y + 1 != r->n_years)
            continue;
        const jh_level_metrics *lm = &r->years[y].metrics.level[p->L];
        const jh_standard_metrics *sm = p->sc->standard == JH_STANDARD_QUALITY ? &lm->quality : &lm->basic;
        cv += sm->cv_mean;
        comp += lm->schools_compliant;
        cnt += lm->schools_counted;
        years++;
    }
    if (years == 0 || !isfinite(cv))
        return;
    m->cv = cv / years;
    m->compliant = (int)lround((double)comp / years);
    m->counted = (int)lround((double)cnt / years);
    m->ok = true;
}

/* Runs the scenario with the layout and measures it. */
static jh_status simulate_layout(ph *p, const bool *closed, measure *m, jh_error *err)
{
    jh_scenario plan = {0};
    jh_status st = jh_scenario_load(&plan, p->sc->path, err);
    if (st != JH_OK)
        return st;
    double t;
    if (!place_closed(p, closed, &t) || write_layout(p, closed, &plan) != 0) {
        jh_scenario_free(&plan);
        return jh_error_set(err, JH_ERR_RUN, "consolidation: a candidate layout could not be written");
    }
    jh_county *county = calloc(1, sizeof *county);
    jh_run_result r = {0};
    st = county ? jh_county_load_travel(county, &plan, err) : jh_error_set(err, JH_ERR_RUN, "out of memory");
    if (st == JH_OK) {
        st = jh_simulate(&r, &plan, county, err);
        if (st == JH_OK) {
            measure_run(p, &r, m);
            jh_run_result_free(&r);
        } else {
            jh_county_free(county);
            free(county);
        }
    } else
        free(county);
    jh_scenario_free(&plan);
    return st;
}

static bool beats(const measure *a, const measure *base)
{
    return a->ok && a->cv < base->cv - 1e-12 && a->compliant >= base->compliant;
}

static jh_status setup(ph *p, const jh_scenario *sc, const jh_county *c, const jh_run_result *base,
                       jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    memset(p, 0, sizeof *p);
    p->sc = sc;
    p->c = c;
    p->L = q->level;
    p->y0 = q->year - sc->start_year;
    p->ny = (int)base->n_years - p->y0;
    p->ns = c->n_schools;
    size_t nv = c->n_villages, no = nv + p->ns, ny = (size_t)p->ny;
    int *client_of = malloc((no + 1) * sizeof *client_of);
    double *best_at = calloc(no + 1, sizeof *best_at);
    p->origin = malloc((no + 1) * sizeof *p->origin);
    p->cur = malloc((no + 1) * sizeof *p->cur);
    p->dem = calloc((no + 1) * ny, sizeof *p->dem);
    p->load = calloc((p->ns + 1) * ny, sizeof *p->load);
    p->other = calloc((p->ns + 1) * ny, sizeof *p->other);
    p->add = calloc((p->ns + 1) * ny, sizeof *p->add);
    p->cap = malloc((p->ns + 1) * sizeof *p->cap);
    p->size_max = malloc((p->ns + 1) * sizeof *p->size_max);
    p->receiver = calloc(p->ns + 1, sizeof *p->receiver);
    p->closable = calloc(p->ns + 1, sizeof *p->closable);
    p->fixed = calloc(p->ns + 1, sizeof *p->fixed);
    p->beds = calloc(p->ns + 1, sizeof *p->beds);
    p->beds_used = calloc(p->ns + 1, sizeof *p->beds_used);
    p->assign = malloc((no + 1) * sizeof *p->assign);
    if (!client_of || !best_at || !p->origin || !p->cur || !p->dem || !p->load || !p->other ||
        !p->add || !p->cap || !p->size_max || !p->receiver || !p->closable || !p->fixed ||
        !p->beds || !p->beds_used || !p->assign) {
        free(client_of);
        free(best_at);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t o = 0; o < no; o++)
        client_of[o] = -1;
    bool minutes = c->has_od && (c->od.minutes || sc->rules.distance_minutes);
    double unit = minutes ? 1.0 : 1000.0;
    p->limit_m = sc->rules.distance_km[p->L] * unit;
    p->max_m = q->max_distance_km > 0 ? q->max_distance_km * unit : INFINITY;
    for (int y = 0; y < p->ny; y++) {
        const jh_flow *fl = base->year_flows[p->y0 + y];
        for (size_t k = 0; k < base->n_year_flows[p->y0 + y]; k++) {
            const jh_flow *f = &fl[k];
            if (f->school < 0)
                continue;
            if (f->level != p->L) {
                p->other[(size_t)f->school * ny + y] += f->students;
                continue;
            }
            p->load[(size_t)f->school * ny + y] += f->students;
            size_t o = f->village >= 0 ? (size_t)f->village : nv + (size_t)(-1 - f->village);
            if (client_of[o] < 0) {
                client_of[o] = (int)p->nc;
                p->origin[p->nc] = f->village;
                p->cur[p->nc] = f->school;
                p->nc++;
            }
            int k2 = client_of[o];
            p->dem[(size_t)k2 * ny + y] += f->students;
            if (y == 0) {
                if (f->students > best_at[o]) {
                    best_at[o] = f->students;
                    p->cur[k2] = f->school;
                }
                p->total0 += f->students;
                if (isfinite(f->cost) && f->cost > p->limit_m)
                    p->beyond0 += f->students;
            }
        }
    }
    free(client_of);
    free(best_at);
    p->share_cap = q->max_share_beyond >= 0 ? q->max_share_beyond
                   : p->total0 > 0          ? p->beyond0 / p->total0
                                            : 0;
    for (size_t i = 0; i < p->ns; i++) {
        const jh_school *s = &c->schools[i];
        bool open = jh_school_takes_students(s, p->L);
        int cls = sc->rules.class_size[p->L];
        p->cap[i] = !q->capacity_enforce ? 1e15
                    : s->capacity_given  ? s->capacity
                    : s->classrooms > 0  ? (double)s->classrooms * cls
                                         : 1e15;
        bool combined = s->type == JH_SCHOOL_NINE_YEAR || s->type == JH_SCHOOL_TWELVE_YEAR;
        p->size_max[i] = combined ? sc->rules.school_size_max_combined : sc->rules.school_size_max[p->L];
        p->receiver[i] = open && s->type != JH_SCHOOL_TEACHING_POINT && s->type != JH_SCHOOL_SPECIAL &&
                         s->type != JH_SCHOOL_VOCATIONAL;
        p->closable[i] = open && p->load[i * ny] > 0 && s->type != JH_SCHOOL_SPECIAL &&
                         s->type != JH_SCHOOL_VOCATIONAL;
        p->beds[i] = s->res.boarding_beds;
    }
    for (size_t k = 0; k < q->n_fixed; k++) {
        int i = jh_county_find_school(c, q->fixed[k]);
        if (i < 0 || !jh_school_takes_students(&c->schools[i], p->L))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: optimise.consolidation.fixed: '%s' is not an open school of level %s in %d",
                                sc->path, q->line, q->fixed[k], jh_level_name(p->L), q->year);
        p->fixed[i] = true;
        p->closable[i] = false;
    }
    /* junior beds in use: students beyond the limit today */
    for (size_t k = 0; k < p->nc; k++)
        if (p->cur[k] >= 0 && cost_of(p, p->origin[k], p->cur[k]) > p->limit_m)
            p->beds[p->cur[k]] -= p->dem[k * ny];
    return JH_OK;
}

static void ph_free(ph *p)
{
    free(p->origin);
    free(p->cur);
    free(p->dem);
    free(p->load);
    free(p->other);
    free(p->add);
    free(p->cap);
    free(p->size_max);
    free(p->receiver);
    free(p->closable);
    free(p->fixed);
    free(p->beds);
    free(p->beds_used);
    free(p->assign);
}

bool jh_consolidation_is_phased(const jh_scenario *sc)
{
    return !sc->consolidation.phasing_all && sc->assignment == JH_ASSIGN_CATCHMENT;
}

jh_status jh_consolidation_phased(const jh_scenario *sc, const jh_county *state,
                                  const jh_run_result *base, jh_consolidation_result *res,
                                  jh_scenario *plan, jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    ph p;
    jh_status st = setup(&p, sc, state, base, err);
    bool *closed = calloc(p.ns + 1, sizeof *closed), *mand = calloc(p.ns + 1, sizeof *mand);
    bool *best = calloc(p.ns + 1, sizeof *best);
    if (st == JH_OK && (!closed || !mand || !best))
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    double t;
    int open_now = 0;
    for (size_t i = 0; st == JH_OK && i < p.ns; i++)
        open_now += jh_school_takes_students(&state->schools[i], p.L);
    /* 1. schools under min_students close, smallest first, when placeable */
    int min_students = q->min_students >= 0 ? q->min_students : sc->rules.teaching_point_min_students;
    for (int pass = 0; st == JH_OK && pass < 2; pass++)
        for (size_t i = 0; i < p.ns; i++) {
            if (!p.closable[i] || closed[i] || p.load[i * p.ny] >= min_students)
                continue;
            closed[i] = true;
            if (!place_closed(&p, closed, &t))
                closed[i] = false;
        }
    memcpy(mand, closed, p.ns * sizeof *mand);
    int n_mand = 0;
    for (size_t i = 0; i < p.ns; i++)
        n_mand += mand[i];
    /* 2. how many more: keep / close_at_most exactly, max_distance as many as fit */
    int target = n_mand;
    if (q->keep > 0)
        target = open_now - q->keep;
    else if (q->close_at_most >= 0)
        target = q->close_at_most;
    else if (q->max_distance_km > 0)
        target = open_now;
    int n_closed = n_mand;
    while (st == JH_OK && n_closed < target) {
        int pick = -1;
        double pick_t = INFINITY;
        for (size_t i = 0; i < p.ns; i++) {
            if (!p.closable[i] || closed[i])
                continue;
            closed[i] = true;
            if (place_closed(&p, closed, &t) && t < pick_t) {
                pick_t = t;
                pick = (int)i;
            }
            closed[i] = false;
        }
        if (pick < 0)
            break;
        closed[pick] = true;
        n_closed++;
    }
    memcpy(best, closed, p.ns * sizeof *best);
    /* 3. balance: candidates measured by the simulation itself */
    if (st == JH_OK && q->objective == JH_OBJ_BALANCE) {
        bool *cand = malloc((p.ns + 1) * sizeof *cand), *none = calloc(p.ns + 1, sizeof *none);
        measure m0, m;
        if (!cand || !none)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        if (st == JH_OK)
            measure_run(&p, base, &m0);
        /* local search on the estimate: drop or add one non-mandatory closure,
         * within the count asked for */
        memcpy(cand, closed, p.ns * sizeof *cand);
        double cur = st == JH_OK && place_closed(&p, cand, &t) ? estimate(&p, cand) : INFINITY;
        int limit = target > n_mand ? target : n_mand;
        for (int round = 0; st == JH_OK && round < 50; round++) {
            int pick = -1;
            double pick_s = cur - 1e-9;
            for (size_t i = 0; i < p.ns; i++) {
                if (!p.closable[i] || mand[i])
                    continue;
                int n = n_closed + (cand[i] ? -1 : 1);
                if (!cand[i] && n > limit)
                    continue;
                cand[i] = !cand[i];
                double s = place_closed(&p, cand, &t) ? estimate(&p, cand) : INFINITY;
                cand[i] = !cand[i];
                if (s < pick_s) {
                    pick_s = s;
                    pick = (int)i;
                }
            }
            if (pick < 0)
                break;
            n_closed += cand[pick] ? -1 : 1;
            cand[pick] = !cand[pick];
            cur = pick_s;
        }
        /* the simulation decides among: the search's layout, the distance
         * layout, the mandatory closures; else nothing */
        const bool *options[3] = {cand, closed, mand};
        bool chosen = false;
        measure bm = {0};
        for (int k = 0; st == JH_OK && k < 3; k++) {
            if (k > 0 && memcmp(options[k], options[k - 1], p.ns * sizeof(bool)) == 0)
                continue;
            st = simulate_layout(&p, options[k], &m, err);
            if (st == JH_OK && beats(&m, &m0) && (!chosen || m.cv + (double)(m.counted - m.compliant) / fmax(1, m.counted) <
                                                                bm.cv + (double)(bm.counted - bm.compliant) / fmax(1, bm.counted))) {
                memcpy(best, options[k], p.ns * sizeof *best);
                bm = m;
                chosen = true;
            }
        }
        if (st == JH_OK && !chosen)
            memcpy(best, none, p.ns * sizeof *best);
        free(cand);
        free(none);
    }
    /* the answer */
    if (st == JH_OK && !place_closed(&p, best, &t))
        st = jh_error_set(err, JH_ERR_RUN, "consolidation: the chosen layout cannot be placed");
    if (st == JH_OK && write_layout(&p, best, plan) != 0)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation plan)");
    if (st == JH_OK) {
        res->kept = calloc(p.ns + 1, sizeof *res->kept);
        res->closed = calloc(p.ns + 1, sizeof *res->closed);
        if (!res->kept || !res->closed)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        double obj = 0;
        for (size_t k = 0; k < p.nc; k++)
            if (p.assign[k] >= 0)
                obj += p.dem[k * p.ny] * cost_of(&p, p.origin[k], p.assign[k]);
        res->objective = obj;
        for (size_t i = 0; st == JH_OK && i < p.ns; i++) {
            if (!jh_school_takes_students(&state->schools[i], p.L))
                continue;
            char ***list = best[i] ? &res->closed : &res->kept;
            size_t *n = best[i] ? &res->n_closed : &res->n_kept;
            if (!((*list)[(*n)++] = strdup(state->schools[i].id)))
                st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        }
    }
    free(closed);
    free(mand);
    free(best);
    ph_free(&p);
    return st;
}
