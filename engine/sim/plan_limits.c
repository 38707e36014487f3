/*
 * plan_limits.c: the limits a plan breaks in a year (see plan_limits.h).
 */
#include "sim/plan_limits.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

#include "classes.h"
#include "travel/travel.h"

int jh_school_capacity(const jh_school *sch, const jh_rules *rules)
{
    if (sch->capacity_given)
        return sch->capacity;
    if (sch->classrooms <= 0)
        return INT_MAX;
    jh_level l = jh_school_serves(sch->type, JH_PRIMARY) ? JH_PRIMARY : JH_JUNIOR;
    long cap = (long)sch->classrooms * rules->class_size[l];
    return cap > INT_MAX ? INT_MAX : (int)cap;
}

void jh_plan_warn_once(jh_county *c, jh_run_result *out, unsigned char *warned, int i,
                       unsigned kind, const jh_plan_item *it, const char *fmt, ...)
{
    if (warned[i] & kind)
        return;
    (void)jh_run_result_add_plan_item(out, it); /* out of memory: the text still says it */
    warned[i] |= (unsigned char)kind;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jh_warnings_add(&out->plan_warnings, "%s", msg);
    jh_warnings_add(&c->warnings, "%s", msg);
}

void jh_plan_limits_check(jh_county *c, const jh_rules *rules, int year, jh_run_result *out,
                          unsigned char *warned, const int *closure_from, const bool *expanded)
{
    for (size_t k = 0; k < c->n_schools; k++) {
        int i = (int)k;
        const jh_school *sch = &c->schools[i];
        if (!jh_school_is_open(sch) || sch->type == JH_SCHOOL_CANDIDATE)
            continue;
        long students = 0;
        for (int g = 0; g < JH_NGRADES; g++)
            students += sch->students[g];
        int cap = jh_school_capacity(sch, rules);
        bool over_cap = cap != INT_MAX && students > cap;
        bool over_size = jh_classes_over_size(sch, rules);
        bool combined = sch->type == JH_SCHOOL_NINE_YEAR || sch->type == JH_SCHOOL_TWELVE_YEAR;
        int limit = combined ? rules->school_size_max_combined
                    : jh_school_serves(sch->type, JH_PRIMARY) ? rules->school_size_max[JH_PRIMARY]
                                                              : rules->school_size_max[JH_JUNIOR];
        jh_plan_item it = {.school = i, .other = -1, .year = year, .students = students,
                           .limit = limit};
        if (expanded[i] && over_size)
            jh_plan_warn_once(c, out, warned, i, JH_PLAN_WARN_EXPANSION,
                      &(jh_plan_item){.kind = JH_PLAN_EXPANSION_OVER_SIZE, .school = i, .other = -1, .year = year, .students = students, .limit = limit},
                      "%s expanded in %d while over the size limit (%ld students, limit %d): "
                      "the places go to a school already too large",
                      sch->id, year, students, limit);
        if (closure_from[i] > 0 && over_cap) {
            const jh_school *closed = &c->schools[closure_from[i] - 1];
            it.kind = JH_PLAN_CLOSURE_CAPACITY;
            it.other = closure_from[i] - 1;
            it.limit = cap;
            it.already = warned[i] & JH_PLAN_WARN_OVER_CAPACITY;
            jh_plan_warn_once(c, out, warned, i, JH_PLAN_WARN_CLOSURE, &it,
                      "closing %s in %d sends its students to %s, %s over its capacity: %ld "
                      "students for %d places",
                      closed->id, year, sch->id,
                      warned[i] & JH_PLAN_WARN_OVER_CAPACITY ? "already" : "which is then", students,
                      cap);
        } else if (closure_from[i] > 0 && over_size) {
            const jh_school *closed = &c->schools[closure_from[i] - 1];
            it.kind = JH_PLAN_CLOSURE_SIZE;
            it.other = closure_from[i] - 1;
            it.already = warned[i] & JH_PLAN_WARN_OVER_SIZE;
            jh_plan_warn_once(c, out, warned, i, JH_PLAN_WARN_CLOSURE, &it,
                      "closing %s in %d sends its students to %s, %s over the size limit: %ld "
                      "students (limit %d)",
                      closed->id, year, sch->id,
                      warned[i] & JH_PLAN_WARN_OVER_SIZE ? "already" : "which is then", students, limit);
        }
        if (over_size)
            jh_plan_warn_once(c, out, warned, i, JH_PLAN_WARN_OVER_SIZE,
                      &(jh_plan_item){.kind = JH_PLAN_OVER_SIZE, .school = i, .other = -1, .year = year, .students = students, .limit = limit},
                      "%s over the size limit from %d: %ld students (limit %d)", sch->id, year,
                      students, limit);
        if (over_cap)
            jh_plan_warn_once(c, out, warned, i, JH_PLAN_WARN_OVER_CAPACITY,
                      &(jh_plan_item){.kind = JH_PLAN_OVER_CAPACITY, .school = i, .other = -1, .year = year, .students = students, .limit = cap},
                      "%s over capacity from %d: %ld students for %d places", sch->id, year,
                      students, cap);
    }
}
