/*
 * verdicts: what a bureau signs — when a verdict holds and keeps holding,
 * and the county's verdict over both levels (STANDARDS.md section 3: a
 * county is awarded only when resources, the government's guarantee,
 * education quality and social recognition all hold for both levels).
 * No I/O.
 */
#ifndef JH_VERDICTS_H
#define JH_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "scenario.h"

/* When a yearly verdict holds, over years start_year .. start_year + n - 1. */
typedef struct jh_verdict_years {
    int first;      /* first year it holds; 0 never */
    int from;       /* first year from which it holds every year to the
                       end; 0 when it fails in the final year */
    bool final;     /* it holds in the final year */
} jh_verdict_years;

void jh_verdict_years_of(const bool *pass, size_t n, int start_year, jh_verdict_years *out);

/* The county's verdict of one year. */
typedef struct jh_county_verdict {
    bool basic;               /* both levels pass basic balance */
    bool resources;           /* both levels' resource verdicts (CVs, compliance) */
    bool guarantee;           /* both levels' guarantee items */
    bool quality_assessed;    /* education quality (教育质量) given by the scenario */
    bool education_quality;   /* ... and judged to hold */
    bool satisfaction_assessed; /* social recognition (社会认可度) given */
    bool satisfaction;        /* ... and at least the minimum */
    bool quality;             /* quality balance: all four parts hold */
} jh_county_verdict;

/* Parts not assessed never pass, so the quality verdict is false unless
 * the scenario gives them (jh_assessed; a satisfaction_min of 0 means the
 * default 0.85). */
void jh_verdict_county(const bool basic[JH_NLEVELS], const bool resources[JH_NLEVELS],
                       const bool guarantee[JH_NLEVELS], const jh_assessed *assessed,
                       jh_county_verdict *out);

#endif
