/*
 * report_plan: report.html's sections on the plan itself (report_plan.c):
 * the interventions by year beside the plan's warnings, what the levels
 * need year by year (classrooms, teacher posts, beds, oversized schools)
 * and the per-school table of the final year.
 */
#ifndef JH_OUTPUT_REPORT_PLAN_H
#define JH_OUTPUT_REPORT_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <section id="interventions">: one row per intervention (by year), with
 * the school's students and classes over the standard size the year before
 * and the year of the intervention, and the plan warnings beside it. */
void jh_report_plan_section(FILE *f, const jh_run_result *r, bool en);

/* One limit the plan breaks as a sentence in the page's language. */
void jh_report_plan_item(FILE *f, const jh_run_result *r, const jh_plan_item *it, bool en);

/* <section id="needs">: per level and year, classrooms needed, classes
 * over standard, schools over the size limit, teacher posts short and
 * surplus, boarding need against beds; two charts. year_labels: one per
 * year. */
void jh_report_needs_section(FILE *f, const jh_run_result *r, const char *const *year_labels,
                             bool en);

/* <section id="school-list">: the final year's schools, one row per school
 * and level, with at most max_rows rows. */
void jh_report_school_table(FILE *f, const jh_run_result *r, const jh_rules *rules, bool en,
                            size_t max_rows);

#endif
