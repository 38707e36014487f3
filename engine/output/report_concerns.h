/*
 * report_concerns: report.html's per-school tables of the final year's
 * needs (report_concerns.c).
 */
#ifndef JH_OUTPUT_REPORT_CONCERNS_H
#define JH_OUTPUT_REPORT_CONCERNS_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <section id="concerns">: schools short of teacher posts, with teachers
 * beyond them, with boarders beyond their beds, over the size limit and
 * short of classrooms, worst first. */
void jh_report_concerns_section(FILE *f, const jh_run_result *r, const jh_rules *rules, bool en);

#endif
