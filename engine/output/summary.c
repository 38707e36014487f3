/*
 * summary: summary.json (the DESIGN.md contract), built with jansson (no
 * hand-written JSON), and the same figures flattened into (year, level,
 * metric, value) rows, which metrics.csv and comparison.csv both use.
 */
#include "output/summary.h"
#include "output/schedule_out.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static const char *standard_name(int s)
{
    return s == JH_STANDARD_BASIC ? "basic" : "quality";
}

/* ----------------------------------------------------------- summary.json */

static json_t *areas_json(const long v[JH_NAREAS])
{
    json_t *o = json_object();
    for (int a = 0; o && a < JH_NAREAS; a++)
        if (json_object_set_new(o, jh_area_name((jh_area)a), json_integer(v[a])) != 0) {
            json_decref(o);
            return NULL;
        }
    return o;
}

/* The year's teachers: the contract's six counts first, then the share
 * rules and, per level, moves by area type, secondees away, returns, hires
 * by attribute and school levels below their staffing floor. */
static json_t *teachers_json(const jh_teacher_year *t)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "total",
                          (json_int_t)t->total, "eligible", (json_int_t)t->eligible, "moved",
                          (json_int_t)t->moved, "backbone_moved", (json_int_t)t->backbone_moved,
                          "hired", (json_int_t)t->hired, "retired", (json_int_t)t->retired,
                          "backbone_short", (json_int_t)t->backbone_short, "moved_short",
                          (json_int_t)t->moved_short, "returned", (json_int_t)t->returned, "away",
                          (json_int_t)t->away, "promoted_backbone",
                          (json_int_t)t->promoted_backbone, "promoted_senior_title",
                          (json_int_t)t->promoted_senior_title);
    json_t *levels = json_object();
    if (!o || !levels) {
        json_decref(o);
        json_decref(levels);
        return NULL;
    }
    int bad = json_object_set_new(o, "share_rules_met",
                                  t->share_rules < 0 ? json_null() : json_boolean(t->share_rules));
    bad |= json_object_set_new(o, "moved_neutral", json_integer((json_int_t)t->moved_neutral));
    bad |= json_object_set_new(o, "share_rules_reason",
                               t->share_reason ? json_string(t->share_reason) : json_null());
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_teacher_level_year *L = &t->level[l];
        json_t *lv = json_pack("{s:o,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "moved_out",
                               areas_json(L->moved_out), "moved_in", areas_json(L->moved_in),
                               "away", (json_int_t)L->away, "returned", (json_int_t)L->returned,
                               "hired", (json_int_t)L->hired, "hired_above_degree",
                               (json_int_t)L->hired_above_degree, "hired_pe_art",
                               (json_int_t)L->hired_pe_art, "hired_backbone",
                               (json_int_t)L->hired_backbone, "retired", (json_int_t)L->retired,
                               "below_floor", (json_int_t)L->below_floor, "zero_teachers",
                               (json_int_t)L->zero_teachers);
        if (lv && t->plan)
            bad |= json_object_set_new(lv, "moved_filler", json_integer((json_int_t)L->moved_filler));
        bad |= !lv || json_object_set_new(levels, jh_level_name((jh_level)l), lv);
    }
    if (t->plan) { /* the rotation look-ahead ran (engine/sim/rotation_plan.h): 2 the
                      greedy plan adopted, 3 the reference replayed with filler */
        bad |= json_object_set_new(o, "plan", json_integer(t->plan));
        bad |= json_object_set_new(o, "moved_replayed", json_integer((json_int_t)t->moved_replayed));
        bad |= json_object_set_new(o, "moved_filler", json_integer((json_int_t)t->moved_filler));
    }
    bad |= json_object_set_new(o, "levels", levels);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The county's verdict of a year: both levels together. Parts the model
 * cannot compute are null when the scenario does not give them. */
static json_t *county_json(const jh_county_verdict *c)
{
    json_t *nq = json_array();
    if (nq && !c->quality_assessed)
        json_array_append_new(nq, json_string("education_quality"));
    if (nq && !c->satisfaction_assessed)
        json_array_append_new(nq, json_string("social_recognition"));
    return json_pack("{s:{s:b},s:{s:b,s:b,s:b,s:o,s:o,s:o}}", "basic", "pass", c->basic,
                     "quality", "pass", c->quality, "resources", c->resources, "guarantee",
                     c->guarantee, "education_quality",
                     c->quality_assessed ? json_boolean(c->education_quality) : json_null(),
                     "social_recognition",
                     c->satisfaction_assessed ? json_boolean(c->satisfaction) : json_null(),
                     "not_assessed", nq ? nq : json_array());
}

/* {"primary": {"quality", "basic"}, "junior": ..., "county": ...} of one of
 * the verdict-year arrays; `years` false: final_year_pass (booleans). */
static json_t *verdict_years_json(const int (*y)[2], const bool (*b)[2])
{
    json_t *o = json_object();
    for (int l = 0; o && l <= JH_VERDICT_COUNTY; l++) {
        json_t *lv = json_object();
        for (int s = 0; lv && s < 2; s++)
            json_object_set_new(lv, standard_name(s),
                                y ? (y[l][s] ? json_integer(y[l][s]) : json_null())
                                  : json_boolean(b[l][s]));
        json_object_set_new(o, l == JH_VERDICT_COUNTY ? "county" : jh_level_name((jh_level)l),
                            lv);
    }
    return o;
}

/* The year's recurrent costs: the levels' summed. */
static jh_recurrent year_recurrent(const jh_year_result *y)
{
    jh_recurrent r = {0};
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_recurrent *a = &y->metrics.level[l].recurrent;
        r.teachers += a->teachers;
        r.public_funds += a->public_funds;
        r.boarding += a->boarding;
        r.transport += a->transport;
    }
    return r;
}

/* years[].cost: {"capital_wan" (what the plan spends: cost_wan),
 * "recurrent_wan": {teachers, public_funds, boarding, transport}}. */
static json_t *year_cost_json(const jh_year_result *y)
{
    jh_recurrent r = year_recurrent(y);
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = json_object_set_new(o, "capital_wan", num(y->cost_wan));
    bad |= json_object_set_new(o, "recurrent_wan", jh_recurrent_to_json(&r));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *year_json(const jh_year_result *y)
{
    json_t *levels = json_object();
    json_t *o = json_object();
    if (!levels || !o) {
        json_decref(levels);
        json_decref(o);
        return NULL;
    }
    int bad = 0;
    for (int l = 0; l < JH_NLEVELS; l++)
        bad |= json_object_set_new(levels, jh_level_name((jh_level)l),
                                   jh_level_metrics_to_json(&y->metrics.level[l]));
    bad |= json_object_set_new(o, "year", json_integer(y->year));
    bad |= json_object_set_new(o, "levels", levels);
    bad |= json_object_set_new(o, "county", county_json(&y->county));
    bad |= json_object_set_new(o, "teachers", teachers_json(&y->teachers));
    bad |= json_object_set_new(o, "cost_wan", num(y->cost_wan));
    bad |= json_object_set_new(o, "cost", year_cost_json(y));
    bad |= json_object_set_new(o, "schools_closed", json_integer(y->schools_closed));
    bad |= json_object_set_new(o, "schools_built", json_integer(y->schools_built));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *ids_json(char **ids, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(ids[i] ? ids[i] : "")) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *jh_output_summary_json(const jh_run_result *r)
{
    const jh_scenario *sc = r->scenario;
    json_t *o = json_object();
    json_t *years = json_array();
    json_t *fpy = json_object();
    if (!o || !years || !fpy) {
        json_decref(o);
        json_decref(years);
        json_decref(fpy);
        return NULL;
    }
    int bad = 0;
    bad |= json_object_set_new(o, "scenario",
                               sc && sc->name ? json_string(sc->name) : json_null());
    if (sc)
        bad |= json_object_set_new(o, "horizon", json_pack("{s:i,s:i}", "start", sc->start_year,
                                                           "end", sc->end_year));
    else if (r->n_years > 0)
        bad |= json_object_set_new(o, "horizon",
                                   json_pack("{s:i,s:i}", "start", r->years[0].year, "end",
                                             r->years[r->n_years - 1].year));
    else
        bad |= json_object_set_new(o, "horizon", json_null());
    bad |= json_object_set_new(o, "standard",
                               json_string(standard_name(sc ? (int)sc->standard : 0)));
    for (size_t y = 0; y < r->n_years; y++)
        bad |= json_array_append_new(years, year_json(&r->years[y]));
    bad |= json_object_set_new(o, "years", years);
    json_decref(fpy);
    bad |= json_object_set_new(o, "first_pass_year",
                               verdict_years_json(r->first_pass_year, NULL));
    bad |= json_object_set_new(o, "pass_from_year", verdict_years_json(r->pass_from_year, NULL));
    bad |= json_object_set_new(o, "final_year_pass", verdict_years_json(NULL, r->final_year_pass));
    json_t *pw = json_array();
    for (size_t k = 0; pw && k < r->plan_warnings.count; k++)
        json_array_append_new(pw, json_string(r->plan_warnings.items[k]));
    bad |= json_object_set_new(o, "plan_warnings", pw);
    if (r->rotation_plan[0])
        bad |= json_object_set_new(o, "rotation_plan", json_string(r->rotation_plan));
    /* 闲置校舍: buildings of the schools the plan closed */
    json_t *idle = json_array();
    for (size_t k = 0; idle && k < r->n_idle; k++) {
        json_t *e = json_object();
        json_object_set_new(e, "school", json_string(r->idle[k].school));
        json_object_set_new(e, "year", json_integer(r->idle[k].year));
        json_object_set_new(e, "building_m2", num(r->idle[k].building_m2));
        json_object_set_new(e, "classrooms", json_integer(r->idle[k].classrooms));
        json_array_append_new(idle, e);
    }
    bad |= json_object_set_new(o, "idle_premises", idle);
    bad |= json_object_set_new(o, "total_cost_wan", num(r->total_cost_wan));
    if (r->has_consolidation) {
        const jh_consolidation_result *c = &r->consolidation;
        json_t *cj = json_object();
        bad |= json_object_set_new(cj, "objective", num(c->objective));
        bad |= json_object_set_new(cj, "lower_bound", c->lower_bound > 0 ? num(c->lower_bound) : json_null());
        bad |= json_object_set_new(cj, "gap", c->lower_bound > 0 && c->objective > 0
                                                  ? num((c->objective - c->lower_bound) / c->objective)
                                                  : json_null());
        bad |= json_object_set_new(cj, "kept", ids_json(c->kept, c->n_kept));
        bad |= json_object_set_new(cj, "closed", ids_json(c->closed, c->n_closed));
        bad |= json_object_set_new(cj, "n_kept", json_integer((json_int_t)c->n_kept));
        bad |= json_object_set_new(cj, "n_closed", json_integer((json_int_t)c->n_closed));
        bad |= json_object_set_new(cj, "level", json_string(jh_level_name(c->level)));
        bad |= json_object_set_new(cj, "year", json_integer(c->year));
        if (c->n_splits > 0) {
            /* villages split between two schools: only when no
             * whole-village plan was found */
            json_t *sp = json_array();
            for (size_t k = 0; sp && k < c->n_splits; k++) {
                const struct jh_split_village *v = &c->splits[k];
                json_t *e = json_object();
                json_object_set_new(e, "village", json_string(v->village));
                json_object_set_new(e, "students", num(v->students));
                json_object_set_new(e, "school", json_string(v->school));
                json_object_set_new(e, "to", json_string(v->to));
                json_object_set_new(e, "part", num(v->part));
                json_array_append_new(sp, e);
            }
            bad |= json_object_set_new(cj, "split_villages", sp);
        }
        if (c->notes.count > 0) {
            /* schools kept: their other level's students found no places */
            json_t *kn = json_array();
            for (size_t k = 0; kn && k < c->notes.count; k++)
                json_array_append_new(kn, json_string(c->notes.items[k]));
            bad |= json_object_set_new(cj, "kept_for_other_level", kn);
        }
        bad |= json_object_set_new(o, "optimisation", json_pack("{s:o}", "consolidation", cj));
    }
    if (r->schedule) {
        json_t *sj = jh_output_schedule_json(r->schedule);
        json_t *opt = json_object_get(o, "optimisation");
        if (!opt) {
            opt = json_object();
            bad |= json_object_set_new(o, "optimisation", opt);
        }
        bad |= !sj || !opt || json_object_set_new(opt, "schedule", sj);
    }
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

jh_status jh_output_write_summary(const jh_run_result *r, const char *path, jh_error *err)
{
    json_t *o = jh_output_summary_json(r);
    if (!o)
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory building the summary", path);
    FILE *f = jh_output_open(path, err);
    if (!f) {
        json_decref(o);
        return JH_ERR_RUN;
    }
    int rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(o);
    fputc('\n', f);
    jh_status st = jh_output_close(f, path, err);
    if (st == JH_OK && rc != 0)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write the summary", path);
    return st;
}

/* ------------------------------------------------------------ metrics.csv */

/* Walks a level object depth first in its (insertion) order, handing each
 * leaf to `row` under its dotted path. */
static jh_status flatten(json_t *v, char *path, size_t len, size_t cap, int year,
                         const char *level, jh_metric_row_fn row, void *ctx, jh_error *err)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *child;
        json_object_foreach(v, key, child) {
            size_t kl = strlen(key);
            size_t nl = len + (len ? 1 : 0) + kl;
            if (nl + 1 > cap)
                return jh_error_set(err, JH_ERR_RUN, "metric name too long: %s.%s", path, key);
            if (len)
                path[len] = '.';
            memcpy(path + len + (len ? 1 : 0), key, kl + 1);
            jh_status st = flatten(child, path, nl, cap, year, level, row, ctx, err);
            path[len] = '\0';
            if (st != JH_OK)
                return st;
        }
        return JH_OK;
    }
    if (json_is_array(v) || json_is_string(v))
        return JH_OK; /* texts (reasons, notes) are not metrics */
    char buf[64];
    if (json_is_integer(v))
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        jh_output_format_number(buf, sizeof buf, json_real_value(v));
    else if (json_is_true(v))
        strcpy(buf, "1");
    else if (json_is_false(v))
        strcpy(buf, "0");
    else if (json_is_string(v))
        snprintf(buf, sizeof buf, "%s", json_string_value(v));
    else
        buf[0] = '\0';
    return row(ctx, year, level, path, buf, err);
}

static jh_status metric_int(jh_metric_row_fn row, void *ctx, int year, const char *name, long v,
                            jh_error *err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    return row(ctx, year, "all", name, buf, err);
}

jh_status jh_output_foreach_metric(const jh_run_result *r, jh_metric_row_fn row, void *ctx,
                                   jh_error *err)
{
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        for (int l = 0; l < JH_NLEVELS; l++) {
            json_t *o = jh_level_metrics_to_json(&yr->metrics.level[l]);
            if (!o)
                return jh_error_set(err, JH_ERR_RUN, "out of memory listing the metrics");
            char path[256] = "";
            jh_status st = flatten(o, path, 0, sizeof path, yr->year,
                                   jh_level_name((jh_level)l), row, ctx, err);
            json_decref(o);
            if (st != JH_OK)
                return st;
        }
        /* teachers.* rows (level "all"), flattened from summary.json's
         * teachers object: teachers.total ... teachers.levels.primary.moved_in.rural */
        json_t *tj = teachers_json(&yr->teachers);
        if (!tj)
            return jh_error_set(err, JH_ERR_RUN, "out of memory listing the metrics");
        char tpath[256] = "teachers";
        jh_status tst = flatten(tj, tpath, strlen(tpath), sizeof tpath, yr->year, "all", row, ctx, err);
        json_decref(tj);
        if (tst != JH_OK)
            return tst;
        const jh_county_verdict *cv = &yr->county;
        const struct {
            const char *name;
            long v;
        } verdicts[] = {
            {"county.basic.pass", cv->basic},
            {"county.quality.pass", cv->quality},
            {"county.quality.resources", cv->resources},
            {"county.quality.guarantee", cv->guarantee},
        };
        for (size_t k = 0; k < sizeof verdicts / sizeof verdicts[0]; k++) {
            jh_status st = metric_int(row, ctx, yr->year, verdicts[k].name, verdicts[k].v, err);
            if (st != JH_OK)
                return st;
        }
        char buf[64];
        jh_output_format_number(buf, sizeof buf, yr->cost_wan);
        jh_status st = row(ctx, yr->year, "all", "cost_wan", buf, err);
        if (st == JH_OK) {
            /* cost.capital_wan, cost.recurrent_wan.teachers ... */
            json_t *cj = year_cost_json(yr);
            if (!cj)
                return jh_error_set(err, JH_ERR_RUN, "out of memory listing the metrics");
            char cpath[256] = "cost";
            st = flatten(cj, cpath, strlen(cpath), sizeof cpath, yr->year, "all", row, ctx, err);
            json_decref(cj);
        }
        if (st == JH_OK)
            st = metric_int(row, ctx, yr->year, "schools_closed", yr->schools_closed, err);
        if (st == JH_OK)
            st = metric_int(row, ctx, yr->year, "schools_built", yr->schools_built, err);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

