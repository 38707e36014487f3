/*
 * coverage: where each canonical field of the schools and villages layers
 * came from — the layer's own field, a column of a statistics table joined
 * by code, teachers.csv, or nowhere (and then its default) — and what it
 * feeds (which indicators and rules). The loader records the sources
 * (jh_coverage_record); `junheng validate` prints the table.
 */
#ifndef JH_COVERAGE_H
#define JH_COVERAGE_H

#include <stdio.h>

#include "county.h"
#include "input/ftable.h"
#include "scenario.h"

/* Records the source of every canonical field of a layer (layer 0
 * schools, 1 villages): idx[k] the column of t that gives canon[k], or -1. */
jh_status jh_coverage_record(jh_county *c, int layer, const jh_ftable *t,
                             const char *const *canon, const int *idx, jh_error *err);

/* What a canonical field feeds, and what stands in when it is missing
 * (layer 0 schools, 1 villages); "" for an unknown name. */
const char *jh_coverage_feeds(int layer, const char *canonical);
const char *jh_coverage_default(int layer, const char *canonical);
/* The Chinese label of a canonical field (学校标识码, 一年级学生数, ...),
 * the template's second header row; NULL for an unknown name. */
const char *jh_field_label_zh(int layer, const char *canonical);

/* Whether the first row of a table is the template's label row: every
 * non-empty cell under a canonical header (or lon / lat) holds that
 * field's Chinese label, and at least one does. The readers skip it. */
bool jh_is_label_row(const jh_ftable *t);

/* The coverage table, one line per canonical field, then the tables. */
void jh_coverage_print(FILE *f, const jh_county *c, const jh_scenario *sc);

#endif
