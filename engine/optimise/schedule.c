/*
 * schedule.c: candidates from the gaps, the measure of a schedule, and the
 * search (schedule.h). The search is exhaustive when the schedules are few
 * (optimise.schedule.exhaustive_max), otherwise greedy by benefit per cost
 * (urgent first: the earliest programme years are filled first) followed by
 * improvement moves measured by the simulation: drop a project, build it
 * earlier, add one, replace one by another, exchange two projects' years.
 */
#include "optimise/schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costs.h"

const char *const jh_schedule_target_names[JH_NTARGETS] = {"end_large_classes", "quality_pass"};

void jh_schedule_result_free(jh_schedule_result *res)
{
    for (size_t i = 0; i < res->n_projects; i++)
        free(res->projects[i].school_id);
    free(res->projects);
    memset(res, 0, sizeof *res);
}

int jh_schedule_compare(const jh_schedule_score *a, const jh_schedule_score *b)
{
    if (a->lateness != b->lateness)
        return a->lateness < b->lateness ? -1 : 1;
    if (fabs(a->deficit - b->deficit) > 1e-9)
        return a->deficit < b->deficit ? -1 : 1;
    if (fabs(a->cost_wan - b->cost_wan) > 1e-6)
        return a->cost_wan < b->cost_wan ? -1 : 1;
    return 0;
}

static int year_index(const jh_schedule_result *res, int year)
{
    for (int k = 0; k < res->n_years; k++)
        if (res->years[k] == year)
            return k;
    return -1;
}

bool jh_schedule_within_budget(jh_schedule_result *res)
{
    bool ok = true;
    for (int k = 0; k < res->n_years; k++)
        res->spend_wan[k] = 0;
    for (size_t i = 0; i < res->n_projects; i++) {
        const jh_schedule_project *p = &res->projects[i];
        if (!p->year)
            continue;
        /* every stage's year a programme year (it has a budget) */
        int ns = p->kind == JH_PROJ_TEACHERS ? 1 : (p->n_stages ? p->n_stages : 1);
        for (int j = 0; j < ns; j++)
            if (year_index(res, p->year + j) < 0)
                ok = false;
        for (int k = 0; k < res->n_years; k++)
            res->spend_wan[k] += jh_schedule_project_spend(res, p, k);
    }
    double left = 0;
    for (int k = 0; k < res->n_years; k++) {
        double avail = res->budget_wan[k] + (res->carry ? left : 0.0);
        if (res->spend_wan[k] > avail + 1e-6)
            ok = false;
        left = avail - res->spend_wan[k];
    }
    return ok;
}

/* ---- the measure ------------------------------------------------------ */

static bool holds(const jh_year_result *y, int t)
{
    if (t == JH_TARGET_LARGE_CLASSES)
        return y->metrics.level[JH_PRIMARY].large_classes + y->metrics.level[JH_JUNIOR].large_classes +
                   y->metrics.level[JH_PRIMARY].super_large_classes +
                   y->metrics.level[JH_JUNIOR].super_large_classes ==
               0;
    for (int l = 0; l < JH_NLEVELS; l++)
        if (y->metrics.level[l].schools_counted > 0 && !y->metrics.level[l].quality.pass)
            return false;
    return true;
}

static double shortfall(const jh_year_result *y, int t)
{
    double d = 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_level_metrics *m = &y->metrics.level[l];
        if (t == JH_TARGET_LARGE_CLASSES) {
            d += m->large_classes + m->super_large_classes;
            continue;
        }
        d += m->schools_counted - m->schools_compliant;
        for (int k = 0; k < JH_NQUALITY; k++)
            d += m->schools_counted > 0 && !m->quality.ind_pass[k];
    }
    return d;
}

static void score_run(const jh_run_result *r, const jh_schedule_result *res, jh_schedule_score *o)
{
    memset(o, 0, sizeof *o);
    int end = r->years[r->n_years - 1].year;
    for (int t = 0; t < JH_NTARGETS; t++) {
        if (!res->by[t])
            continue;
        int met = 0;
        for (size_t k = r->n_years; k-- > 0;) {
            if (!holds(&r->years[k], t))
                break;
            met = r->years[k].year;
        }
        o->year_met[t] = met;
        int late = met ? (met > res->by[t] ? met - res->by[t] : 0) : end + 1 - res->by[t];
        o->lateness += late;
        if (late > 0)
            for (size_t k = 0; k < r->n_years; k++)
                if (r->years[k].year >= res->by[t])
                    o->deficit += shortfall(&r->years[k], t);
    }
    for (size_t i = 0; i < res->n_projects; i++)
        for (int k = 0; k < res->n_years; k++)
            o->cost_wan += jh_schedule_project_spend(res, &res->projects[i], k);
}

/* The scenario with the scheduled projects' entries appended, by start
 * year then candidate order (the order plan.yaml writes them in). */
static jh_intervention *with_projects(const jh_scenario *sc, const jh_schedule_result *res, size_t *n)
{
    size_t m = sc->n_interventions;
    for (size_t i = 0; i < res->n_projects; i++)
        m += res->projects[i].year ? JH_SCHEDULE_MAX_STAGES + 1 : 0;
    jh_intervention *iv = calloc(m ? m : 1, sizeof *iv);
    if (!iv)
        return NULL;
    if (sc->n_interventions)
        memcpy(iv, sc->interventions, sc->n_interventions * sizeof *iv);
    size_t k = sc->n_interventions;
    for (int y = 0; y < res->n_years; y++)
        for (size_t i = 0; i < res->n_projects; i++)
            if (res->projects[i].year == res->years[y])
                k += jh_schedule_entries(&res->projects[i], sc->end_year, &iv[k]);
    *n = k;
    return iv;
}

/* Simulates the scenario with the scheduled projects on a copy of the county. */
static jh_status simulate_with(const jh_scenario *sc, const jh_county *county,
                               const jh_schedule_result *res, jh_scenario *tmp, jh_run_result *r,
                               jh_error *err)
{
    size_t n = 0;
    jh_intervention *iv = with_projects(sc, res, &n);
    jh_county *c = iv ? jh_county_copy(county) : NULL;
    if (!c) {
        free(iv);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    *tmp = *sc;
    tmp->interventions = iv;
    tmp->n_interventions = n;
    tmp->schedule.requested = false;
    jh_status st = jh_simulate(r, tmp, c, err);
    if (st != JH_OK) {
        jh_county_free(c);
        free(c);
        free(iv);
        tmp->interventions = NULL;
    }
    return st;
}

jh_status jh_schedule_evaluate(const jh_scenario *sc, const jh_county *county,
                               const jh_schedule_result *res, jh_schedule_score *out, jh_error *err)
{
    jh_scenario tmp;
    jh_run_result r = {0};
    jh_status st = simulate_with(sc, county, res, &tmp, &r, err);
    if (st != JH_OK)
        return st;
    score_run(&r, res, out);
    jh_run_result_free(&r);
    free(tmp.interventions);
    return JH_OK;
}

/* ---- candidates ------------------------------------------------------- */

typedef struct school_need {
    double classrooms, building_m2, sports_m2, equipment_yuan, multimedia, music_art;
    double large, noncompliant;   /* summed over the years from the first programme year */
    int teacher_kinds_short;      /* teacher indicators lacking (worst year) */
    double t[3];                  /* teachers lacking by kind (worst year) */
    bool retained;
} school_need;

static double round_up(double v) { return v > 1e-9 ? ceil(v - 1e-9) : 0.0; }

static void needs_from_run(const jh_run_result *r, int first, school_need *need, size_t n)
{
    for (size_t i = 0; i < n; i++)
        need[i].retained = true;
    for (size_t k = 0; k < r->n_years; k++) {
        const jh_year_result *y = &r->years[k];
        if (y->year < first)
            continue;
        for (size_t i = 0; i < n; i++) {
            jh_school_status s = y->status ? y->status[i] : JH_STATUS_OPEN;
            if (s != JH_STATUS_OPEN && s != JH_STATUS_NEW)
                need[i].retained = false; /* closed (or not yet open) in the programme */
        }
        /* per school this year, both levels together */
        school_need *yr = calloc(n, sizeof *yr);
        if (!yr)
            continue;
        for (size_t j = 0; j < y->metrics.n_schools; j++) {
            const jh_school_metrics *m = &y->metrics.schools[j];
            if (m->school < 0 || (size_t)m->school >= n)
                continue;
            school_need *a = &yr[m->school];
            a->classrooms += m->gap.classrooms;
            a->building_m2 += m->gap.building_m2;
            a->sports_m2 += m->gap.sports_m2;
            a->equipment_yuan += m->gap.equipment_yuan;
            a->multimedia += m->gap.multimedia_rooms;
            a->music_art += m->gap.music_art_rooms;
            a->large += m->large_classes + m->super_large_classes;
            a->noncompliant += m->counted && !m->compliant;
            a->t[0] += m->gap.t_above_degree;
            a->t[1] += m->gap.t_backbone;
            a->t[2] += m->gap.t_pe_art;
            int kinds = (m->gap.t_above_degree > 0) + (m->gap.t_backbone > 0) + (m->gap.t_pe_art > 0);
            if (kinds > a->teacher_kinds_short)
                a->teacher_kinds_short = kinds;
        }
        for (size_t i = 0; i < n; i++) {
            school_need *a = &need[i], *b = &yr[i];
            a->classrooms = fmax(a->classrooms, b->classrooms);
            a->building_m2 = fmax(a->building_m2, b->building_m2);
            a->sports_m2 = fmax(a->sports_m2, b->sports_m2);
            a->equipment_yuan = fmax(a->equipment_yuan, b->equipment_yuan);
            a->multimedia = fmax(a->multimedia, b->multimedia);
            a->music_art = fmax(a->music_art, b->music_art);
            for (int t = 0; t < 3; t++)
                a->t[t] = fmax(a->t[t], b->t[t]);
            a->large += b->large;
            a->noncompliant += b->noncompliant;
            if (b->teacher_kinds_short > a->teacher_kinds_short)
                a->teacher_kinds_short = b->teacher_kinds_short;
        }
        free(yr);
    }
}

jh_status jh_schedule_candidates(const jh_scenario *sc, const jh_county *county,
                                 jh_schedule_result *res, jh_error *err)
{
    const jh_schedule_request *q = &sc->schedule;
    memset(res, 0, sizeof *res);
    res->n_years = q->n_years;
    for (int k = 0; k < q->n_years; k++) {
        res->years[k] = q->years[k];
        res->budget_wan[k] = q->budget_wan[k];
    }
    res->carry = q->carry;
    res->by[JH_TARGET_LARGE_CLASSES] = q->end_large_classes_by;
    res->by[JH_TARGET_QUALITY] = q->quality_pass_by;
    if (q->n_years < 1)
        return jh_error_set(err, JH_ERR_INPUT, "%s: optimise.schedule: expected at least one programme year",
                            sc->path);
    jh_scenario tmp;
    jh_run_result r = {0};
    jh_status st = simulate_with(sc, county, res, &tmp, &r, err);
    if (st != JH_OK)
        return st;
    res->evaluations = 1;
    score_run(&r, res, &res->baseline);
    size_t n = r.county->n_schools;
    school_need *need = calloc(n ? n : 1, sizeof *need);
    if (!need) {
        jh_run_result_free(&r);
        free(tmp.interventions);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    needs_from_run(&r, q->years[0], need, n);
    const jh_unit_costs *u = &sc->rules.unit_costs;
    size_t cap = 0;
    for (size_t i = 0; i < n && st == JH_OK && !q->only_listed; i++) {
        const school_need *a = &need[i];
        const jh_school *s = &r.county->schools[i];
        if (!a->retained)
            continue; /* no capital for a school the scenario closes */
        jh_schedule_project p = {.school = (int)i, .school_id = s->id};
        if (res->by[JH_TARGET_LARGE_CLASSES] && a->large > 0 && a->classrooms > 0) {
            p.kind = JH_PROJ_CLASSROOMS;
            p.classrooms = (int)round_up(a->classrooms);
            p.cost_wan = p.classrooms * u->classroom_wan;
            p.benefit = a->large;
            snprintf(p.fixes, sizeof p.fixes,
                     "classes at the standard size: %d classrooms (%.0f large classes over the years in the baseline)",
                     p.classrooms, a->large);
            if (jh_schedule_add_project(res, &cap, &p) != JH_OK)
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        }
        if (st == JH_OK && res->by[JH_TARGET_QUALITY] && a->noncompliant > 0) {
            jh_schedule_project f = {.school = (int)i, .school_id = s->id, .kind = JH_PROJ_FACILITIES};
            f.add.building_m2 = round_up(a->building_m2);
            f.add.sports_m2 = round_up(a->sports_m2);
            f.add.equipment_yuan = round_up(a->equipment_yuan);
            f.add.multimedia_rooms = round_up(a->multimedia);
            double ma = round_up(a->music_art);
            f.add.music_rooms = ceil(ma / 2);
            f.add.art_rooms = ma - f.add.music_rooms;
            jh_gap g = {.building_m2 = f.add.building_m2, .sports_m2 = f.add.sports_m2,
                        .equipment_yuan = f.add.equipment_yuan,
                        .multimedia_rooms = f.add.multimedia_rooms, .music_art_rooms = ma};
            f.cost_wan = round(jh_costs_gap_wan(&g, u) * 100.0) / 100.0;
            /* buildings alone cannot make a school comply that lacks two
             * or more kinds of teacher: such a project ranks last */
            f.benefit = a->noncompliant * (a->teacher_kinds_short >= 2 ? 0.1 : 1.0);
            snprintf(f.fixes, sizeof f.fixes,
                     "quality compliance: %.0f m2 building, %.0f m2 sports, %.0f yuan equipment, "
                     "%.0f multimedia, %.0f music/art rooms",
                     f.add.building_m2, f.add.sports_m2, f.add.equipment_yuan, f.add.multimedia_rooms, ma);
            if (f.cost_wan > 0 && jh_schedule_add_project(res, &cap, &f) != JH_OK)
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        }
    }
    /* new schools at the scenario's candidate sites (build entries with
     * candidate: true and a cost) when large classes are a target, unless
     * the site is listed (the listed entry, with its lead time, stands) */
    for (size_t v = 0; st == JH_OK && !q->only_listed && res->by[JH_TARGET_LARGE_CLASSES] &&
                       v < sc->n_interventions; v++) {
        const jh_intervention *iv = &sc->interventions[v];
        if (iv->kind != JH_IV_BUILD || !iv->candidate || !iv->build.id || !(iv->cost_wan > 0))
            continue;
        bool listed = false;
        for (size_t k = 0; k < q->n_candidates; k++)
            listed |= q->candidates[k].kind == JH_CAND_NEW_SCHOOL && q->candidates[k].school &&
                      strcmp(q->candidates[k].school, iv->build.id) == 0;
        int i = listed ? -1 : jh_county_find_school(r.county, iv->build.id);
        if (i < 0)
            continue;
        jh_schedule_project p = {.school = i, .school_id = r.county->schools[i].id,
                                 .kind = JH_PROJ_NEW_SCHOOL, .site = iv,
                                 .classrooms = iv->build.classrooms, .cost_wan = iv->cost_wan,
                                 .benefit = 1};
        snprintf(p.fixes, sizeof p.fixes, "new school %s at a candidate site: %d classrooms",
                 iv->build.id, iv->build.classrooms);
        if (jh_schedule_add_project(res, &cap, &p) != JH_OK)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_schedule_need *tn = st == JH_OK ? calloc(n ? n : 1, sizeof *tn) : NULL;
    bool *retained = tn ? calloc(n ? n : 1, sizeof *retained) : NULL;
    if (st == JH_OK && !retained)
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (size_t i = 0; st == JH_OK && i < n; i++) {
        memcpy(tn[i].t, need[i].t, sizeof tn[i].t);
        tn[i].noncompliant = need[i].noncompliant;
        tn[i].retained = retained[i] = need[i].retained;
    }
    if (st == JH_OK && !q->only_listed && res->by[JH_TARGET_QUALITY])
        st = jh_schedule_add_teachers(res, &cap, r.county, tn, u, err);
    if (st == JH_OK)
        st = jh_schedule_add_listed(sc, r.county, retained, res, &cap, err);
    for (size_t i = 0; st == JH_OK && i < res->n_projects; i++)
        for (size_t f = 0; f < q->n_fixed; f++)
            res->projects[i].fixed |= strcmp(q->fixed[f], res->projects[i].school_id) == 0;
    free(tn);
    free(retained);
    free(need);
    jh_run_result_free(&r);
    free(tmp.interventions);
    return st;
}

/* ---- why a target is not met ---------------------------------------- */

jh_status jh_schedule_explain(const jh_scenario *sc, const jh_county *county, jh_schedule_result *res,
                              jh_error *err)
{
    jh_scenario tmp;
    jh_run_result r = {0};
    jh_status st = simulate_with(sc, county, res, &tmp, &r, err);
    if (st != JH_OK)
        return st;
    score_run(&r, res, &res->score);
    jh_schedule_within_budget(res);
    size_t unscheduled[JH_NTARGETS] = {0};
    double unscheduled_cost[JH_NTARGETS] = {0}, cheapest[JH_NTARGETS] = {0};
    for (size_t i = 0; i < res->n_projects; i++)
        if (!res->projects[i].year) {
            const jh_schedule_project *p = &res->projects[i];
            int t = p->kind == JH_PROJ_CLASSROOMS || p->kind == JH_PROJ_NEW_SCHOOL ||
                            (p->kind == JH_PROJ_EXPAND && (p->classrooms || p->capacity))
                        ? JH_TARGET_LARGE_CLASSES
                        : JH_TARGET_QUALITY;
            double c = p->kind == JH_PROJ_TEACHERS ? p->pay_wan : p->cost_wan;
            if (!unscheduled[t] || c < cheapest[t])
                cheapest[t] = c;
            unscheduled[t]++;
            unscheduled_cost[t] += c;
        }
    /* what a year could still pay for */
    double most_left = 0, carried = 0;
    for (int k = 0; k < res->n_years; k++) {
        double avail = res->budget_wan[k] + (res->carry ? carried : 0.0) - res->spend_wan[k];
        most_left = fmax(most_left, avail);
        carried = avail;
    }
    for (int t = 0; t < JH_NTARGETS; t++) {
        res->why[t][0] = '\0';
        if (!res->by[t] || (res->score.year_met[t] && res->score.year_met[t] <= res->by[t]))
            continue;
        const jh_year_result *y = NULL;
        for (size_t k = 0; k < r.n_years; k++)
            if (r.years[k].year == res->by[t])
                y = &r.years[k];
        char what[240] = "";
        if (y && t == JH_TARGET_LARGE_CLASSES)
            snprintf(what, sizeof what, "%d large classes (56 and more) remain in %d",
                     y->metrics.level[0].large_classes + y->metrics.level[1].large_classes +
                         y->metrics.level[0].super_large_classes + y->metrics.level[1].super_large_classes,
                     y->year);
        else if (y) {
            char a[100], b[100];
            jh_metrics_fail_reasons(&y->metrics.level[0], JH_STANDARD_QUALITY, a, sizeof a);
            jh_metrics_fail_reasons(&y->metrics.level[1], JH_STANDARD_QUALITY, b, sizeof b);
            snprintf(what, sizeof what, "in %d primary: %s; junior: %s", y->year, a[0] ? a : "passes",
                     b[0] ? b : "passes");
        }
        if (unscheduled[t] && cheapest[t] > most_left + 1e-6)
            snprintf(res->why[t], sizeof res->why[t],
                     "%s; %zu candidate projects (%.0f wan) do not fit the budget (%.0f wan a year at most left)",
                     what, unscheduled[t], unscheduled_cost[t], most_left);
        else if (unscheduled[t])
            snprintf(res->why[t], sizeof res->why[t],
                     "%s; %zu candidate projects (%.0f wan) left out: the ones that fit what is left "
                     "(%.0f wan a year at most) do not bring the target nearer on their own "
                     "(other projects needed with them)",
                     what, unscheduled[t], unscheduled_cost[t], most_left);
        else
            snprintf(res->why[t], sizeof res->why[t],
                     "%s; every candidate project is scheduled: what is left is not among the "
                     "candidates (or comes from growth after the programme)",
                     what);
    }
    jh_schedule_bound(res, &r);
    for (int t = 0; t < JH_NTARGETS; t++) {
        size_t len = strlen(res->why[t]);
        if (res->short_wan[t] > 0 && len < sizeof res->why[t])
            len += (size_t)snprintf(res->why[t] + len, sizeof res->why[t] - len,
                                    "; budget short by at least %.0f wan by %d (the cheapest candidate "
                                    "at each school still failing, against the budget left to then)",
                                    res->short_wan[t], res->by[t]);
        if (res->uncovered[t][0] && len < sizeof res->why[t])
            snprintf(res->why[t] + len, sizeof res->why[t] - len, "; not addressed by the candidates: %s",
                     res->uncovered[t]);
    }
    jh_run_result_free(&r);
    free(tmp.interventions);
    return JH_OK;
}
