/*
 * report_schedule: report.html's section on a construction schedule
 * (optimise.schedule): the targets with the year each is met, spending per
 * year against the budget, and a Gantt table of the projects by school and
 * year.
 */
#ifndef JH_OUTPUT_REPORT_SCHEDULE_H
#define JH_OUTPUT_REPORT_SCHEDULE_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <section id="schedule">; nothing when r->schedule is NULL. */
void jh_report_schedule_section(FILE *f, const jh_run_result *r, bool en);

#endif
