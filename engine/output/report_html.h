/*
 * report_html: report.html, the page a planner opens first. It is one
 * self-contained file — inline CSS and SVG, no scripts, no fetches — so it
 * can be mailed, archived and opened offline years later.
 */
#ifndef JH_REPORT_HTML_H
#define JH_REPORT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "jh_error.h"
#include "sim/simulation.h"

/* Writes report.html for a run. lang: NULL or "zh" (Chinese labels), "en". */
jh_status jh_report_html_write(const jh_run_result *r, const char *path,
                               const char *lang, jh_error *err);

#endif
