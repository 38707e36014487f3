/*
 * html: helpers shared by the HTML pages (report_html.c, comparison.c).
 */
#ifndef JH_OUTPUT_HTML_H
#define JH_OUTPUT_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "county.h"

/* The Chinese or English text of a label. */
const char *jh_html_text(bool en, const char *zh, const char *english);


/* Writes s with & < > " ' escaped (safe in text and in quoted attributes). */
void jh_html_escape(FILE *f, const char *s);
/* 3 when s starts with a bidirectional control (U+202A-U+202E,
 * U+2066-U+2069, UTF-8), else 0: what the page writers drop. */
size_t jh_html_bidi_len(const char *s);

/* Opening of a page: doctype, <head> with the inline style sheet and the
 * (escaped) title, and <body>. jh_html_end closes it. */
void jh_html_begin(FILE *f, bool en, const char *title);
void jh_html_end(FILE *f);

/* Label of an indicator key (jh_quality_keys / jh_basic_keys) in the
 * chosen language; the key itself when unknown. */
const char *jh_html_indicator_label(const char *key, bool en);
const char *jh_html_level_label(jh_level l, bool en);
const char *jh_html_standard_label(int standard, bool en);

/* A round step (1, 2 or 5 times a power of ten) near x: chart ticks, scale bars. */
double jh_html_nice_step(double x);
/* A number as the pages show it (few digits, no trailing zeros). */
void jh_html_number(char *buf, size_t n, double v);

/* Colour of series i in the charts' palette. */
const char *jh_html_colour(size_t i);

typedef struct jh_chart_series {
    const char *label;
    const double *y;       /* one value per x; NaN leaves a gap */
    bool bold;
} jh_chart_series;

typedef struct jh_chart {
    const char *metric;    /* data-metric attribute */
    const char *title;
    const char *y_label;
    const char *const *x_labels; /* one per x (years, or bands) */
    size_t n_x;
    const jh_chart_series *series;
    size_t n_series;
    bool has_limit;        /* a dashed horizontal line */
    double limit;
    const char *limit_label;
    bool bars;             /* grouped bars instead of lines */
} jh_chart;

/* Writes <figure><svg class="chart" data-metric=...>...</svg> legend
 * </figure>. */
void jh_html_chart(FILE *f, const jh_chart *c);

#endif
