/*
 * report_map: report.html's planning map (report_map.c) — base and final
 * year, catchment hulls, boundaries, labels, north arrow, scale bar, zoom.
 */
#ifndef JH_OUTPUT_REPORT_MAP_H
#define JH_OUTPUT_REPORT_MAP_H

#include <stdbool.h>
#include <stdio.h>

#include "sim/simulation.h"

/* <section id="map-section"> with its legend beside it and the small
 * inline script for zoom, pan and the year selector. */
void jh_report_map_section(FILE *f, const jh_run_result *r, bool en);

#endif
