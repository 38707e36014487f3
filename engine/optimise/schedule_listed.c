/*
 * schedule_listed.c: the candidates that are not buildings from the gaps
 * (schedule.h) — hiring by kind, the listed projects of
 * optimise.schedule.candidates with their lead times and stages, how a
 * project is written as interventions, and the lower bound of what a
 * target still lacks.
 */
#include "optimise/schedule.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *jh_schedule_project_kind_name(jh_project_kind k)
{
    static const char *const names[] = {"classrooms", "facilities", "teachers", "expand", "new_school"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "unknown";
}

int jh_schedule_in_use(const jh_schedule_project *p)
{
    return p->year ? p->year + p->lead_years : 0;
}

double jh_schedule_project_spend(const jh_schedule_result *res, const jh_schedule_project *p, int k)
{
    if (!p->year || k < 0 || k >= res->n_years)
        return 0;
    int y = res->years[k];
    if (p->kind == JH_PROJ_TEACHERS)
        return y >= jh_schedule_in_use(p) ? p->pay_wan : 0;
    if (p->n_stages == 0)
        return y == p->year ? p->cost_wan : 0;
    int j = y - p->year;
    return j >= 0 && j < p->n_stages ? p->stage_wan[j] : 0;
}

jh_status jh_schedule_add_project(jh_schedule_result *res, size_t *cap, const jh_schedule_project *p)
{
    if (res->n_projects == *cap) {
        size_t nc = *cap ? 2 * *cap : 32;
        jh_schedule_project *np = realloc(res->projects, nc * sizeof *np);
        if (!np)
            return JH_ERR_RUN;
        res->projects = np;
        *cap = nc;
    }
    res->projects[res->n_projects] = *p;
    res->projects[res->n_projects].school_id = strdup(p->school_id);
    if (!res->projects[res->n_projects].school_id)
        return JH_ERR_RUN;
    res->n_projects++;
    return JH_OK;
}

static const char *const kind_label[3] = {"above-degree", "backbone", "PE/art"};

jh_status jh_schedule_add_teachers(jh_schedule_result *res, size_t *cap, const jh_county *county,
                                   const jh_schedule_need *need, const jh_unit_costs *u, jh_error *err)
{
    for (size_t i = 0; i < county->n_schools; i++) {
        const jh_schedule_need *a = &need[i];
        if (!a->retained || a->noncompliant <= 0)
            continue;
        double n = 0, k[3];
        for (int t = 0; t < 3; t++) {
            k[t] = a->t[t] > 1e-9 ? ceil(a->t[t] - 1e-9) : 0;
            n = fmax(n, k[t]);
        }
        if (n <= 0)
            continue;
        jh_schedule_project p = {.school = (int)i, .school_id = county->schools[i].id,
                                 .kind = JH_PROJ_TEACHERS, .benefit = a->noncompliant};
        p.add.teachers = n;
        p.add.t_above_degree = k[0];
        p.add.t_backbone = k[1];
        p.add.t_pe_art = k[2];
        p.pay_wan = n * u->teacher_wan;
        int len = snprintf(p.fixes, sizeof p.fixes, "quality compliance: hire %.0f teachers (", n);
        for (int t = 0, first = 1; t < 3; t++)
            if (k[t] > 0 && len < (int)sizeof p.fixes) {
                len += snprintf(p.fixes + len, sizeof p.fixes - len, "%s%.0f %s", first ? "" : ", ", k[t],
                                kind_label[t]);
                first = 0;
            }
        if (len < (int)sizeof p.fixes)
            snprintf(p.fixes + len, sizeof p.fixes - len, "), %.0f wan a year", p.pay_wan);
        if (jh_schedule_add_project(res, cap, &p) != JH_OK)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    return JH_OK;
}

jh_status jh_schedule_add_listed(const jh_scenario *sc, const jh_county *county, const bool *retained,
                                 jh_schedule_result *res, size_t *cap, jh_error *err)
{
    const jh_schedule_request *q = &sc->schedule;
    const jh_unit_costs *u = &sc->rules.unit_costs;
    for (size_t c = 0; c < q->n_candidates; c++) {
        const jh_schedule_candidate *k = &q->candidates[c];
        int i = jh_county_find_school(county, k->school);
        const char *key = k->kind == JH_CAND_NEW_SCHOOL ? "site" : "school";
        if (i < 0)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: optimise.schedule.candidates.%s: unknown school '%s' "
                                "(expected a school of the schools layer)",
                                sc->path, k->line, key, k->school);
        if (k->kind != JH_CAND_NEW_SCHOOL && !retained[i])
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: optimise.schedule.candidates.school: '%s' is closed (or "
                                "not open) in the programme years of this scenario: expected a school "
                                "the scenario retains (no capital for a school that will close)",
                                sc->path, k->line, k->school);
        jh_schedule_project p = {.school = i, .school_id = k->school, .line = k->line,
                                 .lead_years = k->lead_years, .n_stages = k->n_stages};
        memcpy(p.stage_wan, k->stage_wan, sizeof p.stage_wan);
        if (k->kind == JH_CAND_HIRE) {
            p.kind = JH_PROJ_TEACHERS;
            p.add = k->add;
            p.pay_wan = k->add.teachers * u->teacher_wan;
            p.n_stages = 0;
            snprintf(p.fixes, sizeof p.fixes, "listed (line %ld): hire %.0f teachers, %.0f wan a year", k->line,
                     k->add.teachers, p.pay_wan);
        } else if (k->kind == JH_CAND_EXPAND) {
            p.kind = JH_PROJ_EXPAND;
            p.classrooms = k->classrooms;
            p.capacity = k->capacity;
            p.add = k->add;
            p.cost_wan = k->cost_wan;
            snprintf(p.fixes, sizeof p.fixes, "listed (line %ld): expand, %d classrooms, in use %d year(s) after the start",
                     k->line, k->classrooms, k->lead_years);
        } else {
            p.kind = JH_PROJ_NEW_SCHOOL;
            p.cost_wan = k->cost_wan;
            for (size_t v = 0; v < sc->n_interventions; v++) {
                const jh_intervention *iv = &sc->interventions[v];
                if (iv->kind == JH_IV_BUILD && iv->candidate && iv->build.id && strcmp(iv->build.id, k->school) == 0)
                    p.site = iv;
            }
            if (!p.site)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: line %ld: optimise.schedule.candidates.site: '%s' is not a candidate site",
                                    sc->path, k->line, k->school);
            p.classrooms = p.site->classrooms;
            snprintf(p.fixes, sizeof p.fixes, "listed (line %ld): new school %s, %d classrooms, in use %d year(s) after the start",
                     k->line, k->school, p.classrooms, k->lead_years);
        }
        p.benefit = 1;
        for (size_t f = 0; f < q->n_fixed; f++)
            p.fixed |= strcmp(q->fixed[f], k->school) == 0;
        if (jh_schedule_add_project(res, cap, &p) != JH_OK)
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    return JH_OK;
}

size_t jh_schedule_entries(const jh_schedule_project *p, int end_year, jh_intervention *out)
{
    if (!p->year)
        return 0;
    int use = jh_schedule_in_use(p);
    jh_intervention what = {.ids = (char **)&p->school_id, .n_ids = 1};
    if (p->kind == JH_PROJ_TEACHERS) {
        if (use > end_year)
            return 0;
        what.year = use;
        what.kind = JH_IV_HIRE;
        what.add = p->add;
        out[0] = what;
        return 1;
    }
    if (p->kind == JH_PROJ_NEW_SCHOOL) {
        what = *p->site;
        what.candidate = false;
    } else {
        what.kind = JH_IV_EXPAND;
        what.classrooms = p->classrooms;
        what.capacity = p->capacity;
        what.add = p->add;
    }
    jh_intervention spend = {.kind = JH_IV_EXPAND, .ids = (char **)&p->school_id, .n_ids = 1};
    int ns = p->n_stages ? p->n_stages : 1;
    size_t n = 0;
    bool placed = false;
    for (int j = 0; j < ns; j++) {
        jh_intervention e = p->year + j == use ? what : spend;
        placed |= p->year + j == use;
        e.year = p->year + j;
        e.cost_wan = p->n_stages ? p->stage_wan[j] : p->cost_wan;
        out[n++] = e;
    }
    if (!placed && use <= end_year) {
        jh_intervention e = what;
        e.year = use;
        e.cost_wan = 0;
        out[n++] = e;
    }
    for (size_t j = 0; n > 1 && j < n; j++)
        out[j].stage = (int)j + 1;
    return n;
}

/* ---- what a target still lacks ---------------------------------------- */

static bool addresses(const jh_schedule_project *p, int t)
{
    if (t == JH_TARGET_LARGE_CLASSES)
        return p->kind == JH_PROJ_CLASSROOMS || (p->kind == JH_PROJ_EXPAND && (p->classrooms || p->capacity));
    return p->kind == JH_PROJ_FACILITIES || p->kind == JH_PROJ_TEACHERS ||
           (p->kind == JH_PROJ_EXPAND && (p->add.building_m2 || p->add.sports_m2 || p->add.equipment_yuan ||
                                          p->add.multimedia_rooms));
}

/* Whether some candidate at school i supplies quality indicator k
 * (indicators.h order: above degree, backbone, PE/art, building, sports,
 * equipment, multimedia). */
static bool supplies(const jh_schedule_result *res, int i, int k)
{
    for (size_t j = 0; j < res->n_projects; j++) {
        const jh_schedule_project *p = &res->projects[j];
        if (p->school != i)
            continue;
        const jh_resources *a = &p->add;
        double v[JH_NQUALITY] = {a->t_above_degree, a->t_backbone, a->t_pe_art, a->building_m2, a->sports_m2,
                                 a->equipment_yuan, a->multimedia_rooms};
        if (k < JH_NQUALITY && v[k] > 0)
            return true;
    }
    return false;
}

static void add_text(char *buf, size_t n, size_t *count, const char *fmt, const char *id, const char *what)
{
    size_t len = strlen(buf);
    if (*count < 6)
        snprintf(buf + len, n - len, fmt, *count ? "; " : "", id, what);
    else if (*count == 6)
        snprintf(buf + len, n - len, "; ...");
    (*count)++;
}

void jh_schedule_bound(jh_schedule_result *res, const jh_run_result *r)
{
    static const char *const ind[JH_NQUALITY] = {"above-degree teachers", "backbone teachers", "PE/art teachers",
                                                 "building m2", "sports m2", "equipment", "multimedia rooms"};
    const jh_county *c = r->county;
    for (int t = 0; t < JH_NTARGETS; t++) {
        res->short_wan[t] = 0;
        res->uncovered[t][0] = '\0';
        if (!res->by[t] || (res->score.year_met[t] && res->score.year_met[t] <= res->by[t]))
            continue;
        const jh_year_result *y = NULL;
        for (size_t k = 0; k < r->n_years; k++)
            if (r->years[k].year == res->by[t])
                y = &r->years[k];
        if (!y)
            continue;
        size_t n = c->n_schools, count = 0;
        bool *failing = calloc(n ? n : 1, sizeof *failing);
        unsigned *lacks = calloc(n ? n : 1, sizeof *lacks);
        if (!failing || !lacks) {
            free(failing);
            free(lacks);
            continue;
        }
        for (size_t j = 0; j < y->metrics.n_schools; j++) {
            const jh_school_metrics *m = &y->metrics.schools[j];
            if (m->school < 0 || (size_t)m->school >= n)
                continue;
            if (t == JH_TARGET_LARGE_CLASSES ? m->large_classes + m->super_large_classes > 0
                                             : m->counted && !m->compliant) {
                failing[m->school] = true;
                const jh_gap *g = &m->gap;
                double v[JH_NQUALITY] = {g->t_above_degree, g->t_backbone, g->t_pe_art, g->building_m2,
                                         g->sports_m2, g->equipment_yuan, g->multimedia_rooms};
                for (int k = 0; k < JH_NQUALITY; k++)
                    if (v[k] > 1e-9)
                        lacks[m->school] |= 1u << k;
            }
        }
        /* the cheapest candidate at each failing school not in use by then */
        double need = 0;
        for (size_t i = 0; i < n; i++) {
            if (!failing[i])
                continue;
            double best = INFINITY;
            bool any = false;
            for (size_t j = 0; j < res->n_projects; j++) {
                const jh_schedule_project *p = &res->projects[j];
                if (p->school != (int)i || !addresses(p, t))
                    continue;
                any = true;
                if (p->year && jh_schedule_in_use(p) <= res->by[t])
                    continue;
                /* a hire costs at least its first year's pay */
                double cost = p->kind == JH_PROJ_TEACHERS ? p->pay_wan : p->cost_wan;
                best = fmin(best, cost);
            }
            if (t == JH_TARGET_LARGE_CLASSES && !any)
                add_text(res->uncovered[t], sizeof res->uncovered[t], &count, "%s%s: %s", c->schools[i].id,
                         "large classes, no classroom candidate");
            else if (any && isfinite(best))
                need += best;
            else if (t == JH_TARGET_LARGE_CLASSES)
                add_text(res->uncovered[t], sizeof res->uncovered[t], &count, "%s%s: %s", c->schools[i].id,
                         "large classes remain with its candidates in use");
            if (t == JH_TARGET_QUALITY) {
                char what[200] = "";
                for (int k = 0; k < JH_NQUALITY; k++)
                    if ((lacks[i] >> k & 1u) && !supplies(res, (int)i, k))
                        snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", what[0] ? ", " : "",
                                 ind[k]);
                if (what[0])
                    add_text(res->uncovered[t], sizeof res->uncovered[t], &count, "%s%s: %s", c->schools[i].id,
                             what);
            }
        }
        double left = 0;
        for (int k = 0; k < res->n_years; k++)
            if (res->years[k] <= res->by[t])
                left += res->budget_wan[k] - res->spend_wan[k];
        if (need > left + 1e-6)
            res->short_wan[t] = need - left;
        free(failing);
        free(lacks);
    }
}
