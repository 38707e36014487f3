/*
 * indicators: per-school indicator values, the two-level split, the
 * exclusions, compliance, and the spread measures (CV as the evaluation
 * computes it, Gini, Theil T with its between/within-area decomposition).
 * See indicators.h and STANDARDS.md sections 1-4.
 */
#include "indicators.h"

#include "key_sort.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_statistics_double.h>

double jh_indicators_level_share(const jh_school *s, jh_level level, const jh_rules *r)
{
    double p = jh_school_level_students(s, JH_PRIMARY);
    double j = jh_school_level_students(s, JH_JUNIOR);
    double senior = s->students_senior > 0 ? s->students_senior : 0;
    double wp = p, wj, ws = 0;
    switch (s->type) {
    case JH_SCHOOL_COMPLETE_MIDDLE:
        wj = j;
        ws = senior * r->weight_senior_complete;
        break;
    case JH_SCHOOL_TWELVE_YEAR:
        wj = j * r->weight_junior_twelve;
        ws = senior * r->weight_senior_twelve;
        break;
    default:
        /* nine-year schools, and any one-level school that happens to hold
         * students of both levels */
        wj = j * r->weight_junior_nine_year;
        break;
    }
    double total = wp + wj + ws;
    if (!(total > 0))
        return 0.0;
    return (level == JH_PRIMARY ? wp : wj) / total;
}

void jh_indicators_split(const jh_school *s, jh_level level, const jh_rules *r,
                         jh_indicator_input *out)
{
    double f = jh_indicators_level_share(s, level, r);
    const jh_resources *res = &s->res;
    out->students = jh_school_level_students(s, level);
    out->teachers = res->teachers * f;
    out->above_degree = res->t_above_degree * f;
    out->backbone = res->t_backbone * f;
    out->pe_art = res->t_pe_art * f;
    out->senior_title = res->t_senior_title * f;
    out->building_m2 = res->building_m2 * f;
    out->sports_m2 = res->sports_m2 * f;
    out->equipment_yuan = res->equipment_yuan * f;
    out->multimedia_rooms = res->multimedia_rooms * f;
    out->computers = res->computers * f;
    out->books = res->books * f;
    out->boarding_beds = res->boarding_beds * f;
}

jh_exclusion jh_indicators_exclusion(const jh_school *s, jh_level level, const jh_rules *r)
{
    if (s->type == JH_SCHOOL_CANDIDATE ||
        (s->status != JH_STATUS_OPEN && s->status != JH_STATUS_NEW))
        return JH_EXCL_NOT_OPEN;
    if (s->type == JH_SCHOOL_SPECIAL)
        return JH_EXCL_SPECIAL;
    if (s->type == JH_SCHOOL_VOCATIONAL)
        return JH_EXCL_VOCATIONAL;
    if (!jh_school_serves(s->type, level))
        return JH_EXCL_NOT_SERVED;
    if (s->type == JH_SCHOOL_TEACHING_POINT) {
        int all = jh_school_level_students(s, JH_PRIMARY) +
                  jh_school_level_students(s, JH_JUNIOR);
        if (all < r->teaching_point_min_students)
            return JH_EXCL_SMALL_TEACHING_POINT;
    }
    if (jh_school_level_students(s, level) <= 0)
        return JH_EXCL_NO_STUDENTS;
    return JH_COUNTED;
}

bool jh_indicators_values(const jh_indicator_input *in, double q[JH_NQUALITY],
                          double b[JH_NBASIC])
{
    double n = in->students;
    if (!(n > 0)) {
        for (int k = 0; k < JH_NQUALITY; k++)
            q[k] = 0.0;
        for (int k = 0; k < JH_NBASIC; k++)
            b[k] = 0.0;
        return false;
    }
    q[JH_Q_ABOVE_DEGREE_PER100] = 100.0 * in->above_degree / n;
    q[JH_Q_BACKBONE_PER100] = 100.0 * in->backbone / n;
    q[JH_Q_PE_ART_PER100] = 100.0 * in->pe_art / n;
    q[JH_Q_BUILDING_M2_PER_STUDENT] = in->building_m2 / n;
    q[JH_Q_SPORTS_M2_PER_STUDENT] = in->sports_m2 / n;
    q[JH_Q_EQUIPMENT_YUAN_PER_STUDENT] = in->equipment_yuan / n;
    q[JH_Q_MULTIMEDIA_PER100] = 100.0 * in->multimedia_rooms / n;

    b[JH_B_BUILDING_M2_PER_STUDENT] = in->building_m2 / n;
    b[JH_B_SPORTS_M2_PER_STUDENT] = in->sports_m2 / n;
    b[JH_B_EQUIPMENT_YUAN_PER_STUDENT] = in->equipment_yuan / n;
    b[JH_B_COMPUTERS_PER100] = 100.0 * in->computers / n;
    b[JH_B_BOOKS_PER_STUDENT] = in->books / n;
    b[JH_B_TEACHERS_PER_STUDENT] = in->teachers / n;
    b[JH_B_ABOVE_DEGREE_PER_STUDENT] = in->above_degree / n;
    b[JH_B_SENIOR_TITLE_PER_STUDENT] = in->senior_title / n;
    return true;
}

/* a >= b up to a relative 1e-9: 85% of a threshold computed in floating
 * point (0.85 * 4.2) must not fail by one unit in the last place. */
static bool at_least(double a, double b)
{
    return a >= b - 1e-9 * fmax(1.0, fabs(b));
}

bool jh_indicators_complies(const double q[JH_NQUALITY], const double thr[JH_NQUALITY],
                            int min_reached, double floor, int *reached)
{
    int n_reached = 0;
    bool above_floor = true;
    for (int k = 0; k < JH_NQUALITY; k++) {
        if (at_least(q[k], thr[k]))
            n_reached++;
        else if (!at_least(q[k], floor * thr[k]))
            above_floor = false;
    }
    if (reached)
        *reached = n_reached;
    return n_reached >= min_reached && above_floor;
}

unsigned jh_indicators_quality_needs(int q)
{
    /* jh_resources positions: 1 t_above_degree, 2 t_backbone, 3 t_pe_art,
     * 5 building_m2, 6 sports_m2, 7 equipment_yuan, 8 multimedia_rooms */
    static const int field[JH_NQUALITY] = {1, 2, 3, 5, 6, 7, 8};
    return q >= 0 && q < JH_NQUALITY ? 1u << field[q] : 0;
}

unsigned jh_indicators_basic_needs(int b)
{
    /* 5 building_m2, 6 sports_m2, 7 equipment_yuan, 9 computers, 10 books,
     * 0 teachers, 1 t_above_degree, 4 t_senior_title */
    static const int field[JH_NBASIC] = {5, 6, 7, 9, 10, 0, 1, 4};
    return b >= 0 && b < JH_NBASIC ? 1u << field[b] : 0;
}

const char *jh_indicators_fed_by(int k)
{
    static const char *const fed[14] = {
        "basic teachers_per_student and the guarantee item teacher_posts_short",
        "quality above_degree_per100 and basic above_degree_per_student",
        "quality backbone_per100",
        "quality pe_art_per100",
        "basic senior_title_per_student",
        "quality and basic building_m2_per_student",
        "quality and basic sports_m2_per_student",
        "quality and basic equipment_yuan_per_student",
        "quality multimedia_per100",
        "basic computers_per100",
        "basic books_per_student",
        "boarding places",
        "the guarantee item schools_short_music_art",
        "the guarantee item schools_short_music_art"};
    return k >= 0 && k < 14 ? fed[k] : "";
}

bool jh_indicators_cv_within(double cv, double limit)
{
    return cv <= limit + 1e-12 * fmax(1.0, fabs(limit));
}

/* The group (area) of school i: out-of-range groups count as group 0. */
static int group_of(const int *group, size_t i)
{
    int g = group ? group[i] : 0;
    return (g < 0 || g >= JH_NAREAS) ? 0 : g;
}

/* Theil T of the members of group g (all when g < 0) around their mean mu. */
static double theil_of(const double *x, const double *w, const int *group, int g,
                       size_t n, double mu, double wsum)
{
    double t = 0.0;
    if (!(mu > 0) || !(wsum > 0))
        return 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(w[i] > 0) || (g >= 0 && group_of(group, i) != g) || !(x[i] > 0))
            continue;
        double r = x[i] / mu;
        t += (w[i] / wsum) * r * log(r);
    }
    return t;
}

jh_status jh_indicators_spread(const double *x, const double *w, const int *group,
                               size_t n, jh_spread *out)
{
    return jh_indicators_spread_with(x, w, group, n, out, NULL);
}

jh_status jh_indicators_spread_with(const double *x, const double *w, const int *group,
                                    size_t n, jh_spread *out, jh_scratch *order)
{
    jh_scratch own = {0};
    if (!order)
        order = &own;
    double wsum = 0.0, xsum = 0.0;
    double gw[JH_NAREAS] = {0}, gx[JH_NAREAS] = {0};
    for (size_t i = 0; i < n; i++) {
        if (!(w[i] > 0))
            continue;
        wsum += w[i];
        xsum += w[i] * x[i];
        int g = group_of(group, i);
        gw[g] += w[i];
        gx[g] += w[i] * x[i];
    }
    if (!(wsum > 0)) {
        out->mean = out->cv = out->gini = NAN;
        out->theil = out->theil_between = out->theil_within = NAN;
        return JH_OK;
    }
    double mean = xsum / wsum; /* = county total / county students */
    out->mean = mean;
    if (mean == 0.0) {
        out->cv = out->gini = out->theil = out->theil_between = out->theil_within = 0.0;
        return JH_OK;
    }
    /* population deviation: GSL's weighted total sum of squares over W
     * (gsl_stats_wvariance would apply a sample correction) */
    double tss = gsl_stats_wtss_m(w, 1, x, 1, n, mean);
    out->cv = sqrt(tss / wsum) / mean;

    /* Gini from the weighted values in ascending order: the sum over pairs
     * i < j of w_i w_j (x_j - x_i), each school against the weight below
     * and above it. Schools of equal values go in together: their pairs
     * with each other add nothing, and the sum does not then depend on the
     * order in which a sort leaves them. */
    size_t m = 0;
    bool nan = false;
    jh_keyed *p = jh_scratch_get(order, 2 * (n ? n : 1) * sizeof *p);
    if (!p)
        return JH_ERR_RUN;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0) {
            nan |= isnan(x[i]);
            p[m++] = (jh_keyed){jh_double_key(x[i]), i};
        }
    jh_keyed_sort(p, m, p + m);
    double cum = 0.0, acc = nan ? NAN : 0.0;
    for (size_t k = 0; k < m && !nan;) {
        double xk = x[p[k].index], g = 0.0;
        do
            g += w[p[k].index];
        while (++k < m && p[k].key == p[k - 1].key);
        double below = cum;
        cum += g;
        acc += g * xk * (below - (wsum - cum));
    }
    jh_scratch_free(&own);
    out->gini = acc / (wsum * wsum * mean);

    /* Theil T and its decomposition by group (area) */
    out->theil = theil_of(x, w, NULL, -1, n, mean, wsum);
    double between = 0.0, within = 0.0;
    for (int g = 0; g < JH_NAREAS; g++) {
        if (!(gw[g] > 0))
            continue;
        double mug = gx[g] / gw[g];
        double share = (gw[g] / wsum) * (mug / mean); /* the group's share of the total */
        if (mug > 0)
            between += share * log(mug / mean);
        within += share * theil_of(x, w, group, g, n, mug, gw[g]);
    }
    out->theil_between = between;
    out->theil_within = within;
    return JH_OK;
}
