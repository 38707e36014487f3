/* Indicators, the two-level split, exclusions, compliance and the spread
 * measures (CV, Gini, Theil), against values computed by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "indicators.h"
#include "metrics_fixture.h"

#define assert_near(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static const int G_PRIMARY_200[9] = {40, 40, 30, 30, 30, 30, 0, 0, 0};

/* STANDARDS.md section 2 worked check: books per student, five primaries.
 * By hand: mean = 1913/302; S^2 = sum (P_i/P) (x_i - mean)^2
 * = (sum B_i^2 / P_i) / P - mean^2; CV = S / mean = 0.515256629884476...
 * (exact rational arithmetic, 40 digits: 0.51525662988447645386). */
static void test_worked_check(void **state)
{
    (void)state;
    const double p[5] = {45, 37, 89, 76, 55};
    const double b[5] = {279, 137, 935, 160, 402};
    double x[5];
    for (int i = 0; i < 5; i++)
        x[i] = b[i] / p[i];
    jh_spread s;
    assert_int_equal(jh_indicators_spread(x, p, NULL, 5, &s), JH_OK);
    assert_near(s.mean, 1913.0 / 302.0, 1e-12);
    double sum_b2_p = 0;
    for (int i = 0; i < 5; i++)
        sum_b2_p += b[i] * b[i] / p[i];
    double mean = 1913.0 / 302.0;
    double sd = sqrt(sum_b2_p / 302.0 - mean * mean);
    assert_near(sd, 3.2638607051953757, 1e-9);
    assert_near(s.cv, 0.51525662988447645, 1e-9);
    assert_near(s.cv, sd / mean, 1e-12);
    /* published two decimals */
    assert_near(round(s.cv * 100) / 100, 0.52, 1e-12);
    /* the same through the per-school indicator of a split school */
    jh_rules r;
    fixture_rules(&r);
    double xs[5];
    for (int i = 0; i < 5; i++) {
        int g[9] = {0};
        g[0] = (int)p[i];
        jh_school sc = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g);
        sc.res.books = b[i];
        jh_indicator_input in;
        jh_indicators_split(&sc, JH_PRIMARY, &r, &in);
        double q[7], bb[8];
        assert_true(jh_indicators_values(&in, q, bb));
        xs[i] = bb[JH_B_BOOKS_PER_STUDENT];
    }
    jh_spread s2;
    jh_indicators_spread(xs, p, NULL, 5, &s2);
    assert_near(s2.cv, 0.51525662988447645, 1e-9);
}

/* Each of the 15 indicators of a one-level school of 200 students. */
static void test_each_indicator(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    jh_school s = fixture_school(JH_SCHOOL_PRIMARY, JH_TOWN, G_PRIMARY_200);
    s.res.teachers = 12;
    s.res.t_above_degree = 9;
    s.res.t_backbone = 3;
    s.res.t_pe_art = 2;
    s.res.t_senior_title = 7;
    s.res.building_m2 = 1000;
    s.res.sports_m2 = 1600;
    s.res.equipment_yuan = 500000;
    s.res.multimedia_rooms = 5;
    s.res.computers = 30;
    s.res.books = 6000;
    s.res.boarding_beds = 40;
    assert_near(jh_indicators_level_share(&s, JH_PRIMARY, &r), 1.0, 0);
    jh_indicator_input in;
    jh_indicators_split(&s, JH_PRIMARY, &r, &in);
    assert_near(in.students, 200, 0);
    assert_near(in.boarding_beds, 40, 0);
    double q[7], b[8];
    assert_true(jh_indicators_values(&in, q, b));
    assert_near(q[JH_Q_ABOVE_DEGREE_PER100], 4.5, 1e-12);      /* 100*9/200 */
    assert_near(q[JH_Q_BACKBONE_PER100], 1.5, 1e-12);          /* 100*3/200 */
    assert_near(q[JH_Q_PE_ART_PER100], 1.0, 1e-12);            /* 100*2/200 */
    assert_near(q[JH_Q_BUILDING_M2_PER_STUDENT], 5.0, 1e-12);  /* 1000/200 */
    assert_near(q[JH_Q_SPORTS_M2_PER_STUDENT], 8.0, 1e-12);    /* 1600/200 */
    assert_near(q[JH_Q_EQUIPMENT_YUAN_PER_STUDENT], 2500, 1e-9);
    assert_near(q[JH_Q_MULTIMEDIA_PER100], 2.5, 1e-12);        /* 100*5/200 */
    assert_near(b[JH_B_BUILDING_M2_PER_STUDENT], 5.0, 1e-12);
    assert_near(b[JH_B_SPORTS_M2_PER_STUDENT], 8.0, 1e-12);
    assert_near(b[JH_B_EQUIPMENT_YUAN_PER_STUDENT], 2500, 1e-9);
    assert_near(b[JH_B_COMPUTERS_PER100], 15.0, 1e-12);        /* 100*30/200 */
    assert_near(b[JH_B_BOOKS_PER_STUDENT], 30.0, 1e-12);       /* 6000/200 */
    assert_near(b[JH_B_TEACHERS_PER_STUDENT], 0.06, 1e-15);    /* 12/200 */
    assert_near(b[JH_B_ABOVE_DEGREE_PER_STUDENT], 0.045, 1e-15);
    assert_near(b[JH_B_SENIOR_TITLE_PER_STUDENT], 0.035, 1e-15);
    /* the school reaches all 7 primary thresholds */
    int reached = -1;
    assert_true(jh_indicators_complies(q, r.quality_min[JH_PRIMARY], 6, 0.85, &reached));
    assert_int_equal(reached, 7);
    /* zero students: false, zeros, no NaN */
    in.students = 0;
    assert_false(jh_indicators_values(&in, q, b));
    for (int k = 0; k < 7; k++)
        assert_true(q[k] == 0.0);
    for (int k = 0; k < 8; k++)
        assert_true(b[k] == 0.0);
}

/* Nine-year school: 300 primary, 200 junior; weights 300 : 220. */
static void test_nine_year_split(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    const int g[9] = {50, 50, 50, 50, 50, 50, 70, 70, 60};
    jh_school s = fixture_school(JH_SCHOOL_NINE_YEAR, JH_TOWN, g);
    s.res.building_m2 = 5200;
    s.res.teachers = 52;
    s.res.books = 10400;
    assert_near(jh_indicators_level_share(&s, JH_PRIMARY, &r), 300.0 / 520.0, 1e-15);
    assert_near(jh_indicators_level_share(&s, JH_JUNIOR, &r), 220.0 / 520.0, 1e-15);
    jh_indicator_input p, j;
    jh_indicators_split(&s, JH_PRIMARY, &r, &p);
    jh_indicators_split(&s, JH_JUNIOR, &r, &j);
    assert_near(p.students, 300, 0);
    assert_near(j.students, 200, 0);
    assert_near(p.building_m2, 3000, 1e-9);
    assert_near(j.building_m2, 2200, 1e-9);
    assert_near(p.teachers, 30, 1e-12);
    assert_near(j.teachers, 22, 1e-12);
    double q[7], b[8];
    jh_indicators_values(&p, q, b);
    assert_near(q[JH_Q_BUILDING_M2_PER_STUDENT], 10.0, 1e-12);
    assert_near(b[JH_B_BOOKS_PER_STUDENT], 20.0, 1e-12); /* 6000/300 */
    jh_indicators_values(&j, q, b);
    assert_near(q[JH_Q_BUILDING_M2_PER_STUDENT], 11.0, 1e-12); /* 2200/200: 1.1x */
    assert_near(b[JH_B_BOOKS_PER_STUDENT], 22.0, 1e-12);
    /* the weight is a rule */
    r.weight_junior_nine_year = 1.0;
    assert_near(jh_indicators_level_share(&s, JH_PRIMARY, &r), 0.6, 1e-15);
}

/* Complete middle (junior 1 : senior 1.2) and twelve-year (1 : 1.1 : 1.32). */
static void test_complete_and_twelve_split(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    const int gj[9] = {0, 0, 0, 0, 0, 0, 100, 100, 100};
    jh_school cm = fixture_school(JH_SCHOOL_COMPLETE_MIDDLE, JH_URBAN, gj);
    cm.students_senior = 250; /* weighs 300 */
    cm.res.sports_m2 = 6000;
    assert_near(jh_indicators_level_share(&cm, JH_JUNIOR, &r), 0.5, 1e-15);
    assert_near(jh_indicators_level_share(&cm, JH_PRIMARY, &r), 0.0, 0);
    jh_indicator_input in;
    jh_indicators_split(&cm, JH_JUNIOR, &r, &in);
    assert_near(in.sports_m2, 3000, 1e-9);
    double q[7], b[8];
    jh_indicators_values(&in, q, b);
    assert_near(q[JH_Q_SPORTS_M2_PER_STUDENT], 10.0, 1e-12);
    /* no senior students: all to the junior part */
    cm.students_senior = 0;
    assert_near(jh_indicators_level_share(&cm, JH_JUNIOR, &r), 1.0, 0);

    const int g12[9] = {55, 55, 55, 55, 55, 55, 100, 100, 100};
    jh_school tw = fixture_school(JH_SCHOOL_TWELVE_YEAR, JH_URBAN, g12);
    tw.students_senior = 250; /* 330 : 300*1.1 = 330 : 250*1.32 = 330 */
    tw.res.equipment_yuan = 990000;
    assert_near(jh_indicators_level_share(&tw, JH_PRIMARY, &r), 1.0 / 3, 1e-15);
    assert_near(jh_indicators_level_share(&tw, JH_JUNIOR, &r), 1.0 / 3, 1e-15);
    jh_indicators_split(&tw, JH_PRIMARY, &r, &in);
    assert_near(in.equipment_yuan, 330000, 1e-6);
    jh_indicators_values(&in, q, b);
    assert_near(q[JH_Q_EQUIPMENT_YUAN_PER_STUDENT], 1000.0, 1e-9); /* 330000/330 */
    jh_indicators_split(&tw, JH_JUNIOR, &r, &in);
    jh_indicators_values(&in, q, b);
    assert_near(q[JH_Q_EQUIPMENT_YUAN_PER_STUDENT], 1100.0, 1e-9); /* 330000/300 */
}

static void test_exclusions(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    int g49[9] = {10, 10, 10, 10, 9, 0, 0, 0, 0};
    int g50[9] = {10, 10, 10, 10, 10, 0, 0, 0, 0};
    jh_school tp = fixture_school(JH_SCHOOL_TEACHING_POINT, JH_RURAL, g49);
    assert_int_equal(jh_indicators_exclusion(&tp, JH_PRIMARY, &r), JH_EXCL_SMALL_TEACHING_POINT);
    tp = fixture_school(JH_SCHOOL_TEACHING_POINT, JH_RURAL, g50);
    assert_int_equal(jh_indicators_exclusion(&tp, JH_PRIMARY, &r), JH_COUNTED);
    r.teaching_point_min_students = 51; /* a rule */
    assert_int_equal(jh_indicators_exclusion(&tp, JH_PRIMARY, &r), JH_EXCL_SMALL_TEACHING_POINT);
    r.teaching_point_min_students = 50;
    /* a primary school of 49 is counted: the 50 rule is for teaching points */
    jh_school pr = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g49);
    assert_int_equal(jh_indicators_exclusion(&pr, JH_PRIMARY, &r), JH_COUNTED);
    assert_int_equal(jh_indicators_exclusion(&pr, JH_JUNIOR, &r), JH_EXCL_NOT_SERVED);
    jh_school sp = fixture_school(JH_SCHOOL_SPECIAL, JH_URBAN, G_PRIMARY_200);
    assert_int_equal(jh_indicators_exclusion(&sp, JH_PRIMARY, &r), JH_EXCL_SPECIAL);
    jh_school vo = fixture_school(JH_SCHOOL_VOCATIONAL, JH_URBAN, G_PRIMARY_200);
    assert_int_equal(jh_indicators_exclusion(&vo, JH_JUNIOR, &r), JH_EXCL_VOCATIONAL);
    pr = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, G_PRIMARY_200);
    pr.status = JH_STATUS_CLOSED;
    assert_int_equal(jh_indicators_exclusion(&pr, JH_PRIMARY, &r), JH_EXCL_NOT_OPEN);
    pr.status = JH_STATUS_CANDIDATE;
    assert_int_equal(jh_indicators_exclusion(&pr, JH_PRIMARY, &r), JH_EXCL_NOT_OPEN);
    pr.status = JH_STATUS_NEW;
    assert_int_equal(jh_indicators_exclusion(&pr, JH_PRIMARY, &r), JH_COUNTED);
    int g0[9] = {0};
    jh_school empty = fixture_school(JH_SCHOOL_PRIMARY, JH_RURAL, g0);
    assert_int_equal(jh_indicators_exclusion(&empty, JH_PRIMARY, &r), JH_EXCL_NO_STUDENTS);
    assert_near(jh_indicators_level_share(&empty, JH_PRIMARY, &r), 0.0, 0);
    /* a nine-year school with no junior students yet */
    const int g9[9] = {50, 50, 50, 50, 50, 50, 0, 0, 0};
    jh_school ny = fixture_school(JH_SCHOOL_NINE_YEAR, JH_TOWN, g9);
    assert_int_equal(jh_indicators_exclusion(&ny, JH_PRIMARY, &r), JH_COUNTED);
    assert_int_equal(jh_indicators_exclusion(&ny, JH_JUNIOR, &r), JH_EXCL_NO_STUDENTS);
}

/* Compliance: 6 of 7 reach, the seventh at exactly 85% passes; below
 * fails; two short fails. The 85% value is produced the way the engine
 * produces it (a count over students), not typed in. */
static void test_compliance_85(void **state)
{
    (void)state;
    jh_rules r;
    fixture_rules(&r);
    const double *thr = r.quality_min[JH_PRIMARY];
    double q[7];
    for (int k = 0; k < 7; k++)
        q[k] = thr[k];
    /* 1000 students, 35.7 above-degree teachers: 3.57 = 0.85 * 4.2 */
    q[JH_Q_ABOVE_DEGREE_PER100] = 100.0 * 35.7 / 1000.0;
    int reached = 0;
    assert_true(jh_indicators_complies(q, thr, 6, 0.85, &reached));
    assert_int_equal(reached, 6);
    /* also with the product computed the other way round */
    q[JH_Q_ABOVE_DEGREE_PER100] = 4.2 * 0.85;
    assert_true(jh_indicators_complies(q, thr, 6, 0.85, NULL));
    q[JH_Q_ABOVE_DEGREE_PER100] = 3.56; /* 84.76% */
    assert_false(jh_indicators_complies(q, thr, 6, 0.85, &reached));
    assert_int_equal(reached, 6);
    /* two short, each above 85%: 5 reached -> fails */
    q[JH_Q_ABOVE_DEGREE_PER100] = 4.0;
    q[JH_Q_MULTIMEDIA_PER100] = 2.2;
    assert_false(jh_indicators_complies(q, thr, 6, 0.85, &reached));
    assert_int_equal(reached, 5);
    /* ...but a province requiring 5 of 7 accepts it */
    assert_true(jh_indicators_complies(q, thr, 5, 0.85, NULL));
    /* equipment exactly at 2000 reaches */
    for (int k = 0; k < 7; k++)
        q[k] = thr[k];
    q[JH_Q_EQUIPMENT_YUAN_PER_STUDENT] = 1.0e6 / 500.0;
    assert_true(jh_indicators_complies(q, thr, 7, 0.85, &reached));
    assert_int_equal(reached, 7);
}

/* Four schools: A(100 students, x=2, urban) B(100, 4, urban)
 * C(200, 1, rural) D(100, 1, rural). W = 500, mean = 900/500 = 1.8.
 * Gini: pairs w_i w_j |x_i - x_j|: AB 20000, AC 20000, AD 10000, BC 60000,
 * BD 30000, CD 0 = 140000; G = 140000 / (W^2 mean) = 14/45.
 * CV: var = .2*.04 + .2*4.84 + .4*.64 + .2*.64 = 1.36; CV = sqrt(1.36)/1.8.
 * Theil: urban mean 3 (W 200), rural mean 1 (W 300). */
static void test_gini_theil(void **state)
{
    (void)state;
    const double x[4] = {2, 4, 1, 1};
    const double w[4] = {100, 100, 200, 100};
    const int area[4] = {JH_URBAN, JH_URBAN, JH_RURAL, JH_RURAL};
    jh_spread s;
    assert_int_equal(jh_indicators_spread(x, w, area, 4, &s), JH_OK);
    assert_near(s.mean, 1.8, 1e-15);
    assert_near(s.cv, sqrt(1.36) / 1.8, 1e-12);
    assert_near(s.gini, 14.0 / 45.0, 1e-12);
    double m = 1.8;
    double theil = 0.2 * (2 / m) * log(2 / m) + 0.2 * (4 / m) * log(4 / m) +
                   0.4 * (1 / m) * log(1 / m) + 0.2 * (1 / m) * log(1 / m);
    double between = 0.4 * (3 / m) * log(3 / m) + 0.6 * (1 / m) * log(1 / m);
    double within_urban = 0.5 * (2.0 / 3) * log(2.0 / 3) + 0.5 * (4.0 / 3) * log(4.0 / 3);
    double within = (0.4 * 3 / m) * within_urban + (0.6 * 1 / m) * 0.0;
    assert_near(theil, 0.18237686905338, 1e-12); /* the by-hand sum, numerically */
    assert_near(s.theil, theil, 1e-12);
    assert_near(s.theil_between, between, 1e-12);
    assert_near(s.theil_within, within, 1e-12);
    assert_near(s.theil_between + s.theil_within, s.theil, 1e-12);
    /* one group: all of it is within */
    jh_spread one;
    jh_indicators_spread(x, w, NULL, 4, &one);
    assert_near(one.theil_between, 0.0, 1e-15);
    assert_near(one.theil_within, one.theil, 1e-12);
    assert_near(one.gini, s.gini, 1e-15);
    /* order does not matter */
    const double x2[4] = {1, 4, 1, 2};
    const double w2[4] = {100, 100, 200, 100};
    const int a2[4] = {JH_RURAL, JH_URBAN, JH_RURAL, JH_URBAN};
    jh_spread s2;
    jh_indicators_spread(x2, w2, a2, 4, &s2);
    assert_near(s2.gini, s.gini, 1e-12);
    assert_near(s2.theil_between, s.theil_between, 1e-12);
    /* three areas, unequal everywhere: the parts still add up */
    const double x3[6] = {3.5, 0.2, 7.1, 2.2, 0.0, 5.0};
    const double w3[6] = {37, 410, 12, 99, 55, 260};
    const int a3[6] = {0, 0, 1, 1, 2, 2};
    jh_spread s3;
    jh_indicators_spread(x3, w3, a3, 6, &s3);
    assert_true(s3.theil > 0 && s3.theil_between > 0 && s3.theil_within > 0);
    assert_near(s3.theil_between + s3.theil_within, s3.theil, 1e-12);
    assert_true(s3.gini > 0 && s3.gini < 1);
}

/* A small deterministic generator (the tests' data, not a model's). */
static unsigned long long lcg(unsigned long long *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* The Gini sum over the schools sorted by gsl_sort_index (a heap sort,
 * which leaves equal values in an order of its own), the weighted schools
 * of one value taken together. */
static double gini_by_gsl(const double *x, const double *w, size_t n)
{
    double wsum = 0, xsum = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0) {
            wsum += w[i];
            xsum += w[i] * x[i];
        }
    size_t *p = malloc((n + 1) * sizeof *p);
    assert_non_null(p);
    gsl_sort_index(p, x, 1, n);
    double cum = 0.0, acc = 0.0, g = 0.0;
    for (size_t k = 0; k < n; k++) {
        size_t i = p[k];
        if (!(w[i] > 0))
            continue;
        g += w[i];
        size_t next = k + 1;
        while (next < n && !(w[p[next]] > 0))
            next++;
        if (next < n && x[p[next]] == x[i])
            continue; /* the value's group goes on */
        double below = cum;
        cum += g;
        acc += g * x[i] * (below - (wsum - cum));
        g = 0.0;
    }
    free(p);
    return acc / (wsum * wsum * (xsum / wsum));
}

/* The Gini sum over every pair, w_i w_j |x_i - x_j| / 2, over W^2 mean. */
static double gini_by_pairs(const double *x, const double *w, size_t n)
{
    double wsum = 0, xsum = 0, pairs = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0) {
            wsum += w[i];
            xsum += w[i] * x[i];
            for (size_t j = 0; j < i; j++)
                if (w[j] > 0)
                    pairs += w[i] * w[j] * fabs(x[i] - x[j]);
        }
    return pairs / (wsum * wsum * (xsum / wsum));
}

/* The Gini: the sum over gsl's sorted order to the bit, though that sort
 * leaves equal values in another order than ours (the schools of a value
 * are summed together), and the pairs' sum to 1e-11: distinct values, ties
 * of one weight, zeros of any weight, ties of unequal weights, fractional
 * weights, with unweighted schools among them. */
static void test_gini_sum(void **state)
{
    (void)state;
    unsigned long long seed = 11;
    enum { N = 3001 };
    double *x = malloc(N * sizeof *x), *w = malloc(N * sizeof *w);
    assert_non_null(x);
    assert_non_null(w);
    for (int kind = 0; kind < 5; kind++) {
        for (int rep = 0; rep < 4; rep++) {
            for (size_t i = 0; i < N; i++) {
                unsigned long long r = lcg(&seed);
                w[i] = (r % 5 == 0) ? 0.0 : (double)(1 + r % 900);
                switch (kind) {
                case 0: /* distinct */
                    x[i] = (double)lcg(&seed) / 3.0e5 + 1e-9 * (double)i;
                    break;
                case 1: /* ties, one weight per value */
                    x[i] = (double)(i % 50) * 0.7;
                    w[i] = x[i] > 0 && w[i] > 0 ? 3.0 + (double)(i % 50) : w[i];
                    break;
                case 2: /* zeros of any weight, else distinct */
                    x[i] = (r % 3 == 0) ? 0.0 : 1.0 + (double)i / 7.0;
                    break;
                case 3: /* ties of unequal weights */
                    x[i] = (double)(lcg(&seed) % 40) / 3.0;
                    break;
                default: /* fractional weights */
                    x[i] = (double)lcg(&seed) / 1e4;
                    w[i] = w[i] > 0 ? w[i] / 7.0 : 0.0;
                    break;
                }
            }
            size_t n = N - (size_t)rep * 997; /* 3001, 2004, 1007, 10 */
            jh_spread s;
            assert_int_equal(jh_indicators_spread(x, w, NULL, n, &s), JH_OK);
            assert_true(s.gini > 0 && s.gini < 1);
            double want = gini_by_gsl(x, w, n);
            assert_memory_equal(&s.gini, &want, sizeof want);
            assert_true(fabs(s.gini - gini_by_pairs(x, w, n)) < 1e-11);
        }
    }
    /* by hand, ties of unequal weights: x {1, 1, 3}, w {1, 2, 1}: pairs
     * 1x1x|1-3| + 2x1x|1-3| = 6 over W^2 mean = 16 x 3/2 = 24 -> 0.25 */
    const double xt[3] = {1, 3, 1}, wt[3] = {1, 1, 2};
    jh_spread s;
    jh_indicators_spread(xt, wt, NULL, 3, &s);
    assert_near(s.gini, 0.25, 1e-15);
    free(x);
    free(w);
}

static void test_degenerate(void **state)
{
    (void)state;
    jh_spread s;
    assert_int_equal(jh_indicators_spread(NULL, NULL, NULL, 0, &s), JH_OK);
    assert_true(isnan(s.cv) && isnan(s.mean));
    const double x[3] = {0, 0, 0}, w[3] = {10, 20, 30};
    jh_indicators_spread(x, w, NULL, 3, &s);
    assert_true(s.mean == 0 && s.cv == 0 && s.gini == 0 && s.theil == 0);
    const double xe[3] = {5, 5, 5};
    jh_indicators_spread(xe, w, NULL, 3, &s);
    assert_near(s.cv, 0, 1e-15);
    assert_near(s.gini, 0, 1e-15);
    assert_near(s.theil, 0, 1e-15);
    /* a zero weight is ignored: same as without the school */
    const double x4[3] = {1, 100, 3}, w4[3] = {10, 0, 30};
    const double x5[2] = {1, 3}, w5[2] = {10, 30};
    jh_spread a, b;
    jh_indicators_spread(x4, w4, NULL, 3, &a);
    jh_indicators_spread(x5, w5, NULL, 2, &b);
    assert_near(a.cv, b.cv, 1e-15);
    assert_near(a.gini, b.gini, 1e-15);
    /* an unweighted school's value takes no part, NaN included (a school
     * with no students has no ratio); a weighted NaN makes the Gini NaN */
    const double x6[5] = {1, NAN, 3, NAN, 1}, w6[5] = {10, 0, 30, 0, 0};
    jh_spread c;
    jh_indicators_spread(x6, w6, NULL, 5, &c);
    assert_memory_equal(&c.gini, &b.gini, sizeof c.gini);
    const double w7[5] = {10, 5, 30, 0, 0};
    jh_indicators_spread(x6, w7, NULL, 5, &c);
    assert_true(isnan(c.gini));
    assert_true(jh_indicators_cv_within(0.5, 0.5));
    assert_false(jh_indicators_cv_within(0.5000001, 0.5));
    assert_false(jh_indicators_cv_within(NAN, 0.5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_check),
        cmocka_unit_test(test_each_indicator),
        cmocka_unit_test(test_nine_year_split),
        cmocka_unit_test(test_complete_and_twelve_split),
        cmocka_unit_test(test_exclusions),
        cmocka_unit_test(test_compliance_85),
        cmocka_unit_test(test_gini_theil),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_gini_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
