/*
 * comparison_rows: the key-outcome rows of a comparison, built once for
 * comparison.html's outcome table and comparison.xlsx's key sheet
 * (comparison_rows.c): the same keys, labels, values and order in both.
 */
#ifndef JH_OUTPUT_COMPARISON_ROWS_H
#define JH_OUTPUT_COMPARISON_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/simulation.h"

typedef enum {
    JH_KROW_COUNT, /* a count */
    JH_KROW_REAL,  /* a figure with decimals (teacher posts) */
    JH_KROW_CV,    /* a CV */
    JH_KROW_YEAR,  /* a year; 0 = fails in the final year */
    JH_KROW_MONEY, /* 10^4 yuan */
    JH_KROW_PCT,   /* a percentage */
    JH_KROW_YUAN   /* yuan */
} jh_krow_kind;

/* Which way a row is better (for the best-value mark); NONE: no mark. */
typedef enum { JH_BETTER_NONE = 0, JH_BETTER_LOW, JH_BETTER_HIGH } jh_better;

typedef struct jh_krow {
    char key[64];    /* data-row and the workbook's key column */
    char label[192]; /* in the page's language, without the money unit */
    jh_krow_kind kind;
    jh_better better;
    double *v;       /* one per run; NaN: none */
    int *of;         /* "x/y": the y per run, or NULL */
} jh_krow;

typedef struct jh_ktab {
    jh_krow *rows;
    size_t n, cap, runs;
} jh_ktab;

/* Fills t (zeroed) with the key-outcome rows of the runs, the first run
 * the baseline; false when out of memory (free t all the same). */
bool jh_key_rows(jh_ktab *t, const jh_run_result *const *runs, size_t n, bool en);
void jh_ktab_free(jh_ktab *t);

/* The final year's figure summed over the levels: 0 large and super-large
 * classes, 1 classes over standard, 2 posts short, 3 teachers, 4 unplaced
 * students, 5 compliant schools, 6 students; NaN without years. */
double jh_final_sum(const jh_run_result *r, int what);

#endif
