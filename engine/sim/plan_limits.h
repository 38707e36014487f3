/*
 * plan_limits: the limits a plan breaks in a simulated year, told once per
 * school and kind (the first year it happens): a school over the size
 * limit or over its capacity, a closure that sends its students to a
 * school over either, an expansion of a school already over the size
 * limit. Each goes to the run's plan warnings (with its data, for the
 * pages) and to the county's warnings (for the console).
 */
#ifndef JH_PLAN_LIMITS_H
#define JH_PLAN_LIMITS_H

#include <stdbool.h>

#include "county.h"
#include "scenario.h"
#include "sim/simulation.h"

/* The kinds, as bits of a school's `warned` byte. */
enum {
    JH_PLAN_WARN_OVER_SIZE = 1,
    JH_PLAN_WARN_OVER_CAPACITY = 2,
    JH_PLAN_WARN_CLOSURE = 4,
    JH_PLAN_WARN_EXPANSION = 8,
    JH_PLAN_WARN_MERGE = 32
};

/* A school's places: its capacity when given, else its classrooms times
 * the standard class size of its first level; INT_MAX without either. */
int jh_school_capacity(const jh_school *sch, const jh_rules *rules);

/* Adds a warning for school i unless warned[i] already has the kind's bit
 * (then sets it); kind 0 has no bit: told every time. */
void jh_plan_warn_once(jh_county *c, jh_run_result *out, unsigned char *warned, int i,
                       unsigned kind, const jh_plan_item *it, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The year's limits over every open school. closure_from[i]: 1 + a school
 * closed into i this year, 0 none; expanded[i]: i expanded this year. */
void jh_plan_limits_check(jh_county *c, const jh_rules *rules, int year, jh_run_result *out,
                          unsigned char *warned, const int *closure_from, const bool *expanded);

#endif
