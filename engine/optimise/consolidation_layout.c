/*
 * consolidation_layout.c: what the constrained consolidation search
 * (consolidation_phased.c) does with a layout once placed — the quick
 * estimate of the indicators it searches on, the plan.yaml entries that
 * state it, and the simulation that measures it the way `junheng run
 * plan.yaml` will (consolidation_ph.h).
 */
#include "optimise/consolidation_ph.h"
#include "optimise/consolidation_other.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "input/inputs.h"
#include "sim/scenario_io.h"
#include "travel/roads.h"
#include "travel/travel.h"

double jh_ph_cost(const jh_ph *p, int origin, int school)
{
    return jh_consolidation_cost(p->c, origin, school);
}

/* ---- estimate of the indicators (search only) ------------------------- */

double jh_ph_estimate(const jh_ph *p, const jh_ph_layout *l, const bool *flip)
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
    /* teachers of a closed school follow its students, in proportion */
    for (size_t i = 0; i < p->ns; i++) {
        if (!jh_ph_closed(p, flip, i))
            continue;
        double tot = 0;
        for (size_t j = p->cstart[i]; j < p->cstart[i + 1]; j++)
            tot += p->dem[(size_t)p->cl[j] * p->ny];
        const jh_resources *res = &p->c->schools[i].res;
        for (size_t j = p->cstart[i]; tot > 0 && j < p->cstart[i + 1]; j++) {
            int k = p->cl[j];
            if (l->assign[k] < 0 || l->assign[k] == (int)i)
                continue;
            double sh = p->dem[(size_t)k * p->ny] / tot;
            double *e = extra[l->assign[k]];
            e[0] += sh * res->teachers;
            e[1] += sh * res->t_above_degree;
            e[2] += sh * res->t_backbone;
            e[3] += sh * res->t_pe_art;
            e[4] += sh * res->t_senior_title;
        }
    }
    size_t n = 0, noncompliant = 0;
    for (size_t i = 0; i < p->ns; i++) {
        double students = p->load[i * p->ny + yl] + l->add[i * p->ny + yl];
        bool opened = jh_ph_opened(p, flip, i);
        if (jh_ph_closed(p, flip, i) || students <= 0.5 ||
            !(opened || jh_school_takes_students(&p->c->schools[i], p->L)))
            continue;
        jh_school s = p->c->schools[i];
        if (opened) {
            s.status = JH_STATUS_NEW;
            if (s.type == JH_SCHOOL_CANDIDATE)
                s.type = p->L == JH_PRIMARY ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR;
        }
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

/* ---- plan.yaml entries ------------------------------------------------ */

static int add_catchment(const jh_ph *p, jh_scenario *plan, int school, size_t n, bool entrants)
{
    const jh_consolidation_request *q = &p->sc->consolidation;
    jh_intervention *iv = jh_scenario_add_intervention(plan);
    if (!iv || !(iv->ids = calloc(n, sizeof *iv->ids)) || !(iv->target = strdup(p->c->schools[school].id)))
        return -1;
    iv->year = q->year;
    iv->kind = JH_IV_CATCHMENT;
    iv->level = p->L;
    iv->line = q->line;
    iv->entrants_only = entrants;
    return 0;
}

int jh_ph_write(const jh_ph *p, const jh_ph_layout *l, const bool *flip, jh_scenario *plan)
{
    const jh_consolidation_request *q = &p->sc->consolidation;
    const jh_county *c = p->c;
    double *to = calloc(p->ns + 1, sizeof *to);
    if (!to)
        return -1;
    for (size_t i = 0; i < p->ns; i++) {
        if (!jh_ph_closed(p, flip, i))
            continue;
        /* the site's own students (village unknown) go where most of its students go */
        memset(to, 0, p->ns * sizeof *to);
        int site = -1;
        for (size_t j = p->cstart[i]; j < p->cstart[i + 1]; j++) {
            int k = p->cl[j];
            if (l->assign[k] < 0)
                continue;
            to[l->assign[k]] += p->dem[(size_t)k * p->ny];
            if (p->origin[k] == jh_origin_of_school((int)i))
                site = l->assign[k];
        }
        int best = site;
        for (size_t f = 0; site < 0 && f < p->ns; f++)
            if (to[f] > 0 && (best < 0 || to[f] > to[best]))
                best = (int)f;
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(1, sizeof *iv->ids)) || !(iv->ids[0] = strdup(c->schools[i].id)))
            goto oom;
        iv->n_ids = 1;
        iv->year = q->year;
        iv->kind = JH_IV_CLOSE;
        iv->line = q->line;
        if (!(iv->target = strdup(best >= 0 ? c->schools[best].id : "nearest")))
            goto oom;
    }
    free(to);
    to = NULL;
    /* new schools first, so that the entries below find them open */
    for (size_t i = 0; i < p->ns; i++)
        if (jh_ph_opened(p, flip, i) && jh_consolidation_open_site(plan, &c->schools[i], p->L, q->year, q->line) != 0)
            return -1;
    /* villages of closed schools, all students at once; then villages
     * nearer to a new school: its entrants (or everyone with phasing: all).
     * The clients of each school are bucketed once (in client order), not
     * looked for among all clients per school. */
    size_t *start = calloc(p->ns + 2, sizeof *start);
    int *who = malloc((p->nc + 1) * sizeof *who);
    int rc = start && who ? 0 : -1;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        const int *to = pass == 0 ? l->assign : l->to_new;
        memset(start, 0, (p->ns + 2) * sizeof *start);
        for (size_t k = 0; k < p->nc; k++)
            if (to[k] >= 0 && p->origin[k] >= 0 && (pass == 1 || p->cur[k] != to[k]))
                start[to[k] + 2]++;
        for (size_t f = 0; f < p->ns; f++)
            start[f + 2] += start[f + 1];
        for (size_t k = 0; k < p->nc; k++)
            if (to[k] >= 0 && p->origin[k] >= 0 && (pass == 1 || p->cur[k] != to[k]))
                who[start[to[k] + 1]++] = (int)k;
        for (size_t f = 0; f < p->ns && rc == 0; f++) {
            size_t n = start[f + 1] - start[f];
            if (n == 0)
                continue;
            if (add_catchment(p, plan, (int)f, n, pass == 1 && !q->phasing_all) != 0) {
                rc = -1;
                break;
            }
            jh_intervention *iv = &plan->interventions[plan->n_interventions - 1];
            for (size_t t = start[f]; t < start[f + 1]; t++)
                if (!(iv->ids[iv->n_ids++] = strdup(c->villages[p->origin[who[t]]].id))) {
                    rc = -1;
                    break;
                }
        }
    }
    free(start);
    free(who);
    if (rc != 0)
        return -1;
    plan->consolidation.requested = false;
    return 0;
oom:
    free(to);
    return -1;
}

/* ---- the simulation's measure ----------------------------------------- */

void jh_ph_measure_run(const jh_ph *p, const jh_run_result *r, jh_ph_measure *m)
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

jh_status jh_ph_simulate(jh_ph *p, const bool *flip, jh_ph_measure *m, jh_scenario **plan_out,
                         jh_run_result *run_out, jh_error *err)
{
    *plan_out = NULL;
    memset(run_out, 0, sizeof *run_out);
    jh_scenario *plan = calloc(1, sizeof *plan);
    if (!plan)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = jh_scenario_load(plan, p->sc->path, err);
    if (st != JH_OK) {
        free(plan);
        return st;
    }
    size_t len = strlen(plan->name) + 6;
    char *name = malloc(len);
    if (!name || !jh_ph_place(p, flip) || jh_ph_write(p, &p->w, flip, plan) != 0) {
        free(name);
        jh_scenario_free(plan);
        free(plan);
        return jh_error_set(err, JH_ERR_RUN, "consolidation: a candidate layout could not be written");
    }
    snprintf(name, len, "%s-plan", plan->name);
    free(plan->name);
    plan->name = name;
    jh_county *county = calloc(1, sizeof *county);
    st = county ? jh_county_load_travel(county, plan, err) : jh_error_set(err, JH_ERR_RUN, "out of memory");
    if (st == JH_OK) {
        st = jh_simulate(run_out, plan, county, err);
        if (st == JH_OK)
            jh_ph_measure_run(p, run_out, m);
        else {
            jh_county_free(county);
            free(county);
        }
    } else
        free(county);
    if (st != JH_OK) {
        jh_scenario_free(plan);
        free(plan);
        return st;
    }
    *plan_out = plan;
    return JH_OK;
}
