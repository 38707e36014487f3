/*
 * report_optimiser: report.html's consolidation section (report_optimiser.c).
 */
#ifndef JH_OUTPUT_REPORT_OPTIMISER_H
#define JH_OUTPUT_REPORT_OPTIMISER_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <section id="optimisation"> when r->has_consolidation: schools closed
 * and kept with their students, the moves and the travel they add, the
 * objective with its unit, the lower bound and the certified gap.
 * minutes: travel costs are minutes (else metres, shown in km). */
void jh_report_optimiser_section(FILE *f, const jh_run_result *r, bool en, bool minutes);

#endif
