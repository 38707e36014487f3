/*
 * plan_check.c: warnings for suspicious plans (see plan_check.h). The
 * school types are followed through the plan's conversions and builds in
 * year order, so a students_to school converted to nine_year before the
 * closure teaches both levels.
 */
#include "sim/plan_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/simulation.h"
#include "travel/travel.h"

static bool has(const jh_warnings *w, const char *msg)
{
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->items[i], msg) == 0)
            return true;
    return false;
}

/* The warning to the county's list and, with its data, to the run's plan
 * warnings; each once. */
static void warn(jh_county *c, jh_run_result *out, const jh_plan_item *it, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(jh_county *c, jh_run_result *out, const jh_plan_item *it, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (out && !has(&out->plan_warnings, msg)) {
        size_t before = out->plan_warnings.count;
        jh_warnings_add(&out->plan_warnings, "%s", msg);
        /* the text and the data stay paired; out of memory for the data:
         * the pages fall back to the text */
        if (out->plan_warnings.count > before)
            (void)jh_run_result_add_plan_item(out, it);
    }
    if (!has(&c->warnings, msg))
        jh_warnings_add(&c->warnings, "%s", msg);
}

static jh_plan_item check_item(jh_plan_item_kind kind, const jh_intervention *iv)
{
    jh_plan_item it = {.kind = kind, .school = -1, .other = -1};
    if (iv) {
        it.year = iv->year;
        it.line = iv->line;
        if (iv->n_ids)
            snprintf(it.id_a, sizeof it.id_a, "%s", iv->ids[0]);
    }
    return it;
}

/* The type of school `id` in `year` once the plan's conversions and builds
 * before that year (and in it, for an earlier entry) are applied; *found
 * false when no school or build has the id. */
static jh_school_type type_in(const jh_scenario *sc, const jh_county *c, const char *id,
                              int year, size_t upto, bool *found)
{
    int s = jh_county_find_school(c, id);
    *found = s >= 0;
    jh_school_type t = s >= 0 ? c->schools[s].type : JH_SCHOOL_CANDIDATE;
    int when = -1;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->year > year || (iv->year == year && i >= upto) || iv->year < when)
            continue;
        if (iv->kind == JH_IV_BUILD && iv->build.id && strcmp(iv->build.id, id) == 0) {
            t = iv->build.type;
            *found = true;
            when = iv->year;
        }
        if (iv->kind == JH_IV_CONVERT)
            for (size_t k = 0; k < iv->n_ids; k++)
                if (strcmp(iv->ids[k], id) == 0) {
                    t = iv->convert_to;
                    when = iv->year;
                }
    }
    return t;
}

static bool resources_zero(const jh_resources *r)
{
    static const jh_resources zero;
    return memcmp(r, &zero, sizeof zero) == 0;
}

static void check_interventions(const jh_scenario *sc, jh_county *c, jh_run_result *plan)
{
    const char *path = sc->path ? sc->path : "scenario";
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->kind == JH_IV_CLOSE && iv->target && strcmp(iv->target, "nearest") != 0) {
            bool found;
            jh_school_type to = type_in(sc, c, iv->target, iv->year, i, &found);
            for (size_t k = 0; found && k < iv->n_ids; k++) {
                bool f2;
                jh_school_type from = type_in(sc, c, iv->ids[k], iv->year, i, &f2);
                char missing[64] = "";
                jh_plan_item it = check_item(JH_PLAN_STUDENTS_TO_LEVEL, iv);
                snprintf(it.id_a, sizeof it.id_a, "%s", iv->ids[k]);
                snprintf(it.id_b, sizeof it.id_b, "%s", iv->target);
                it.type_a = (int)from;
                it.type_b = (int)to;
                for (int l = 0; l < JH_NLEVELS; l++)
                    if (f2 && !iv->level_to[l] && jh_school_serves(from, (jh_level)l) &&
                        !jh_school_serves(to, (jh_level)l)) {
                        snprintf(missing + strlen(missing), sizeof missing - strlen(missing),
                                 "%s%s", missing[0] ? " and " : "", jh_level_name((jh_level)l));
                        it.levels |= 1u << l;
                    }
                if (missing[0])
                    warn(c, plan, &it,
                         "%s: line %ld: close %s in %d, students_to %s: %s (%s) does not teach "
                         "%s, which %s (%s) teaches: those students are placed by the scenario's "
                         "assignment rule instead",
                         path, iv->line, iv->ids[k], iv->year, iv->target, iv->target,
                         jh_school_type_name(to), missing, iv->ids[k],
                         jh_school_type_name(from));
            }
        }
        if (iv->kind != JH_IV_EXPAND || iv->candidate)
            continue;
        bool no_res = resources_zero(&iv->add);
        if (iv->classrooms == 0 && iv->capacity == 0 && no_res) {
            if (iv->stage)
                continue; /* a stage's spending (optimise.schedule writes them) */
            jh_plan_item it = check_item(JH_PLAN_EXPAND_NOTHING, iv);
            warn(c, plan, &it,
                 "%s: line %ld: expand %s in %d adds nothing: expected classrooms, capacity or "
                 "a resource (building_m2, teachers, ...) above 0",
                 path, iv->line, iv->n_ids ? iv->ids[0] : "", iv->year);
            continue;
        }
        /* places alone, to a school whose places are not limited */
        for (size_t k = 0; iv->classrooms == 0 && no_res && k < iv->n_ids; k++) {
            int s = jh_county_find_school(c, iv->ids[k]);
            jh_plan_item it = check_item(JH_PLAN_EXPAND_PLACES_ONLY, iv);
            snprintf(it.id_a, sizeof it.id_a, "%s", iv->ids[k]);
            it.limit = iv->capacity;
            if (s >= 0 && !c->schools[s].capacity_given && c->schools[s].classrooms <= 0)
                warn(c, plan, &it,
                     "%s: line %ld: expand %s in %d adds nothing: capacity %d adds places to a "
                     "school with no capacity limit (no capacity field and no classrooms); "
                     "give classrooms instead",
                     path, iv->line, iv->ids[k], iv->year, iv->capacity);
        }
    }
}

/* Children of the level in a village in the base year: its students of
 * the level, or its children aged 6-11 (primary) / 12-14 (junior). */
static long children_of(const jh_village *v, jh_level l)
{
    if (v->has_students && !v->has_ages)
        return l == JH_PRIMARY ? v->students_primary : v->students_junior;
    long n = 0;
    for (int a = l == JH_PRIMARY ? 6 : 12; a <= (l == JH_PRIMARY ? 11 : 14); a++)
        n += v->age[a];
    return n;
}

/* A school that takes students of the level at the start or that the
 * plan builds for it. */
static bool reachable_school(const jh_scenario *sc, const jh_county *c, int s, jh_level l)
{
    if (jh_school_takes_students(&c->schools[s], l))
        return true;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->kind == JH_IV_BUILD && !iv->candidate && iv->build.id &&
            strcmp(iv->build.id, c->schools[s].id) == 0 && jh_school_serves(iv->build.type, l))
            return true;
    }
    return false;
}

static void add_id(char *buf, size_t n, size_t count, const char *id)
{
    size_t len = strlen(buf);
    if (count < 5)
        snprintf(buf + len, n - len, "%s%s", count ? ", " : "", id);
    else if (count == 5)
        snprintf(buf + len, n - len, ", ...");
}

static void check_od(const jh_scenario *sc, jh_county *c, jh_run_result *out)
{
    if (!c->has_od)
        return;
    const char *file = sc->travel_costs_path  ? sc->travel_costs_path
                       : sc->travel.roads_path ? sc->travel.roads_path
                                               : "od.csv";
    for (int l = 0; l < JH_NLEVELS; l++) {
        size_t villages = 0;
        long children = 0;
        char ids[256] = "";
        for (size_t v = 0; v < c->n_villages; v++) {
            long kids = children_of(&c->villages[v], (jh_level)l);
            if (kids <= 0)
                continue;
            bool any = false;
            for (size_t k = c->od.start[v]; k < c->od.start[v + 1] && !any; k++)
                any = reachable_school(sc, c, c->od.school[k], (jh_level)l);
            if (any)
                continue;
            add_id(ids, sizeof ids, villages++, c->villages[v].id);
            children += kids;
        }
        jh_plan_item it = check_item(JH_PLAN_OD_UNREACHABLE, NULL);
        it.level = l;
        it.limit = (long)villages;
        it.students = children;
        snprintf(it.ids, sizeof it.ids, "%s", ids);
        if (villages)
            warn(c, out, &it,
                 "%s: %zu villages with %ld children of %s age (%s) have no reachable %s "
                 "school (no pair to one open or built): %s",
                 file, villages, children, jh_level_name((jh_level)l),
                 l == JH_PRIMARY ? "6-11" : "12-14", jh_level_name((jh_level)l), ids);
    }
}

static void check_catchments(const jh_scenario *sc, jh_county *c, jh_run_result *out)
{
    jh_travel *t = jh_travel_create(c);
    if (!t)
        return; /* out of memory: a warning is not worth failing for */
    double floor = c->has_od && c->od.minutes ? JH_CATCHMENT_NEAR_FLOOR_M / 100.0
                                              : JH_CATCHMENT_NEAR_FLOOR_M;
    const char *unit = c->has_od && c->od.minutes ? "min" : "km";
    double scale = c->has_od && c->od.minutes ? 1.0 : 0.001;
    for (int l = 0; l < JH_NLEVELS; l++) {
        size_t far = 0;
        char ids[512] = "";
        jh_plan_item it = check_item(JH_PLAN_CATCHMENT_FAR, NULL);
        it.level = l;
        it.km = JH_CATCHMENT_FAR_RATIO;
        for (size_t v = 0; v < c->n_villages; v++) {
            int s = c->villages[v].school[l];
            if (s < 0 || !jh_school_takes_students(&c->schools[s], (jh_level)l))
                continue;
            double cost = jh_travel_cost(t, (int)v, s);
            /* within the ratio of the floor: near whatever the nearest
             * school's cost (no search) */
            if (!isfinite(cost) || cost <= JH_CATCHMENT_FAR_RATIO * floor)
                continue;
            double near_cost;
            int near = jh_travel_nearest(t, (int)v, (jh_level)l, NULL, NULL, &near_cost);
            if (near < 0 || near == s ||
                cost <= JH_CATCHMENT_FAR_RATIO * fmax(near_cost, floor))
                continue;
            add_id(it.ids, sizeof it.ids, far, c->villages[v].id);
            if (far < 3) {
                char one[160];
                snprintf(one, sizeof one, "%s%s (%s %.1f %s, nearest %s %.1f %s)",
                         far ? ", " : "", c->villages[v].id, c->schools[s].id, cost * scale,
                         unit, c->schools[near].id, near_cost * scale, unit);
                snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s", one);
            } else if (far == 3) {
                snprintf(ids + strlen(ids), sizeof ids - strlen(ids), ", ...");
            }
            far++;
        }
        it.limit = (long)far;
        if (far)
            warn(c, out, &it,
                 "%s: %zu villages have a %s catchment school more than %.0fx as far as their "
                 "nearest %s school: %s",
                 sc->villages_path ? sc->villages_path : "villages", far,
                 jh_level_name((jh_level)l), JH_CATCHMENT_FAR_RATIO,
                 jh_level_name((jh_level)l), ids);
    }
    jh_travel_free(t);
}

void jh_plan_check(const jh_scenario *sc, jh_county *c, jh_run_result *out)
{
    check_interventions(sc, c, out);
    check_od(sc, c, out);
    check_catchments(sc, c, out);
}

/* within: district with a district that has one school of a level:
 * its teachers of that level have nowhere to rotate to (a warning; the
 * plan still runs and reports the shortfall). */
void jh_plan_warn_lonely_districts(jh_county *c)
{
    for (int l = 0; l < JH_NLEVELS; l++)
        for (size_t i = 0; i < c->n_schools; i++) {
            const jh_school *s = &c->schools[i];
            if (!s->district || !jh_school_serves(s->type, (jh_level)l) ||
                s->status == JH_STATUS_CANDIDATE || s->type == JH_SCHOOL_CANDIDATE)
                continue;
            int n = 0;
            bool first = true;
            for (size_t j = 0; j < c->n_schools; j++) {
                const jh_school *o = &c->schools[j];
                if (!o->district || strcmp(o->district, s->district) != 0 ||
                    !jh_school_serves(o->type, (jh_level)l) || o->status == JH_STATUS_CANDIDATE ||
                    o->type == JH_SCHOOL_CANDIDATE)
                    continue;
                n++;
                if (j < i)
                    first = false;
            }
            if (n == 1 && first)
                jh_warnings_add(&c->warnings,
                                "teachers.rotation.within: district: district %s has one %s school "
                                "(%s): its teachers of that level have no school to rotate to",
                                s->district, jh_level_name((jh_level)l), s->id);
        }
}
