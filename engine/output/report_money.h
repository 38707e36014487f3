/*
 * report_money: the report's money sections (issue 22): recurrent costs
 * per year beside capital, and the final year's schools ranked by the
 * cost of bringing them up to the quality standard, cheapest first.
 */
#ifndef JH_REPORT_MONEY_H
#define JH_REPORT_MONEY_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <table id="recurrent-table">: per year capital and the four recurrent
 * costs (wan), with totals over the horizon. */
void jh_report_recurrent_table(FILE *f, const jh_run_result *r, bool en);

/* <section id="gap">: the final year's school levels with a gap, ranked
 * by gap_cost_wan ascending (ties by the teachers' yearly cost, the
 * school id, then level). */
void jh_report_gap_section(FILE *f, const jh_run_result *r, bool en);

#endif
