/*
 * verdicts: sustained pass years and the county verdict (verdicts.h).
 */
#include "verdicts.h"

void jh_verdict_years_of(const bool *pass, size_t n, int start_year, jh_verdict_years *out)
{
    out->first = 0;
    out->from = 0;
    out->final = n > 0 && pass[n - 1];
    for (size_t y = 0; y < n; y++)
        if (pass[y]) {
            out->first = start_year + (int)y;
            break;
        }
    if (!out->final)
        return;
    /* back from the final year while it holds */
    size_t y = n - 1;
    while (y > 0 && pass[y - 1])
        y--;
    out->from = start_year + (int)y;
}

void jh_verdict_county(const bool basic[JH_NLEVELS], const bool resources[JH_NLEVELS],
                       const bool guarantee[JH_NLEVELS], const jh_assessed *a,
                       jh_county_verdict *out)
{
    out->basic = out->resources = out->guarantee = true;
    for (int l = 0; l < JH_NLEVELS; l++) {
        out->basic = out->basic && basic[l];
        out->resources = out->resources && resources[l];
        out->guarantee = out->guarantee && guarantee[l];
    }
    double min = a && a->satisfaction_min > 0 ? a->satisfaction_min : 0.85;
    out->quality_assessed = a && a->quality_given;
    out->education_quality = out->quality_assessed && a->quality;
    out->satisfaction_assessed = a && a->satisfaction_given;
    out->satisfaction = out->satisfaction_assessed && a->satisfaction >= min - 1e-12;
    out->quality = out->resources && out->guarantee && out->education_quality &&
                   out->satisfaction;
}
