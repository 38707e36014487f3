/*
 * campus.c: schools of two campuses measured as one, capital on schools
 * closed later (see campus.h).
 */
#include "sim/campus.h"

#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "sim/interventions/interventions.h"
#include "travel/travel.h"

jh_status jh_campus_metrics(jh_year_metrics *out, const jh_county *c, const jh_rules *rules,
                            const jh_level_staff *staff, const jh_flow *flows, size_t n_flows,
                            jh_warnings *warnings, jh_metrics_work *work, jh_error *err)
{
    bool any = false;
    for (size_t i = 0; i < c->n_schools; i++)
        any |= c->schools[i].main_campus > 0 && jh_school_is_open(&c->schools[i]);
    if (!any)
        return jh_metrics_compute_with(out, c, rules, staff, flows, n_flows, warnings, work, err);
    size_t ns = c->n_schools;
    jh_school *v = malloc((ns + 1) * sizeof *v);
    jh_level_staff *pool = malloc((2 * ns + 1) * sizeof *pool);
    if (!v || !pool) {
        free(v);
        free(pool);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (campuses)");
    }
    memcpy(v, c->schools, ns * sizeof *v);
    for (size_t i = 0; i < ns; i++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            if (staff) {
                pool[2 * i + l] = staff[2 * i + l];
                continue;
            }
            jh_indicator_input in;
            jh_indicators_split(&c->schools[i], (jh_level)l, rules, &in);
            pool[2 * i + l] = (jh_level_staff){in.teachers, in.above_degree, in.backbone,
                                               in.pe_art, in.senior_title};
        }
    for (size_t i = 0; i < ns; i++) {
        jh_school *b = &v[i];
        int a = b->main_campus - 1;
        if (a < 0 || !jh_school_is_open(b) || !jh_school_is_open(&v[a]))
            continue;
        for (int g = 0; g < JH_NGRADES; g++) {
            v[a].students[g] += b->students[g];
            v[a].classes[g] += b->classes[g];
        }
        v[a].classrooms += b->classrooms;
        jh_iv_add_resources(&v[a].res, &b->res);
        for (int l = 0; l < JH_NLEVELS; l++) {
            jh_level_staff *to = &pool[2 * (size_t)a + l], *from = &pool[2 * i + l];
            to->teachers += from->teachers;
            to->above_degree += from->above_degree;
            to->backbone += from->backbone;
            to->pe_art += from->pe_art;
            to->senior_title += from->senior_title;
            memset(from, 0, sizeof *from);
        }
        b->status = JH_STATUS_CLOSED;
    }
    jh_county view = *c;
    view.schools = v;
    jh_status st = jh_metrics_compute_with(out, &view, rules, pool, flows, n_flows, warnings, work,
                                           err);
    free(v);
    free(pool);
    return st;
}

void jh_plan_warn_capital(const jh_scenario *sc, jh_county *c, jh_run_result *out)
{
    jh_warnings *plan = &out->plan_warnings;
    for (size_t k = 0; k < sc->n_interventions; k++) {
        const jh_intervention *cap = &sc->interventions[k];
        const char *id = NULL;
        if (cap->candidate)
            continue;
        if (cap->kind == JH_IV_EXPAND || cap->kind == JH_IV_ADD_BEDS)
            id = cap->n_ids > 0 ? cap->ids[0] : NULL;
        else if (cap->kind == JH_IV_BUILD)
            id = cap->build.id;
        if (!id)
            continue;
        for (size_t m = 0; m < sc->n_interventions; m++) {
            const jh_intervention *cl = &sc->interventions[m];
            if (cl->year <= cap->year || (cl->kind != JH_IV_CLOSE && cl->kind != JH_IV_MERGE) ||
                cl->campus_keep)
                continue;
            bool closes = false;
            for (size_t j = 0; j < cl->n_ids; j++)
                if (strcmp(cl->ids[j], id) == 0 &&
                    (cl->kind == JH_IV_CLOSE || !cl->target || strcmp(cl->target, id) != 0))
                    closes = true;
            if (!closes)
                continue;
            const char *fmt = "%s: line %ld: %s of %s in %d (%.0f wan), which the scenario closes "
                              "in %d (line %ld): no capital for a school that is not retained";
            (void)jh_run_result_add_plan_item(
                out, &(jh_plan_item){.kind = JH_PLAN_CAPITAL_CLOSED,
                                     .school = jh_county_find_school(c, id), .other = -1,
                                     .year = cap->year, .iv_kind = (int)cap->kind,
                                     .cost_wan = cap->cost_wan, .close_year = cl->year});
            jh_warnings_add(plan, fmt, sc->path, cap->line, jh_intervention_kind_name(cap->kind), id,
                            cap->year, cap->cost_wan, cl->year, cl->line);
            jh_warnings_add(&c->warnings, fmt, sc->path, cap->line,
                            jh_intervention_kind_name(cap->kind), id, cap->year, cap->cost_wan,
                            cl->year, cl->line);
            break;
        }
    }
}
