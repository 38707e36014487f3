/*
 * report_gantt: the Gantt-style strip per school in report.html's plan
 * section (report_gantt.c).
 */
#ifndef JH_OUTPUT_REPORT_GANTT_H
#define JH_OUTPUT_REPORT_GANTT_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <svg id="gantt">: one <g class="gantt-row" data-id=...> per school an
 * intervention touches, one <g class="gantt-bar" data-kind data-year
 * data-cost> per intervention on it; nothing without interventions. */
void jh_report_gantt(FILE *f, const jh_run_result *r, bool en);

#endif
