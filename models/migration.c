/*
 * migration.c: rounding with a carried remainder, largest-remainder
 * shares, and one cohort's students over a year (see migration.h).
 */
#include "migration.h"

#include <math.h>
#include <stdlib.h>

/* (long)floor(v) without the call into the maths library that x86-64's
 * baseline instruction set needs for floor (every cohort of every village
 * rounds each year: 16.3 -> 12.0 M instructions at 2,000 schools): the
 * truncation, one less when it lies above v (a negative fraction). The
 * same long for every v a long holds. */
static inline long floor_long(double v)
{
    long n = (long)v;
    return n - ((double)n > v);
}

long jh_round_carry(double x, double *carry)
{
    double v = x + *carry;
    long n = floor_long(v + 0.5);
    *carry = v - (double)n;
    return n;
}

long jh_round_diffuse(double x, double *carry, double *diffuse)
{
    double v = x + *carry;
    long n = floor_long(v);
    if (v - (double)n + *diffuse >= 0.5)
        n += 1;
    /* never against this year's direction: a cohort that lost a student
     * too many last year does not get one back, it owes one less */
    if ((x >= 0 && n < 0) || (x <= 0 && n > 0))
        n = 0;
    *diffuse += v - (double)n;
    *carry = v - (double)n;
    return n;
}

int jh_share_out(long total, const double *weights, size_t n, long *out)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = 0;
        sum += weights[i] > 0 ? weights[i] : 0;
    }
    if (sum <= 0 || total <= 0)
        return sum <= 0 && total > 0 ? -1 : 0;
    long given = 0;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] <= 0)
            continue;
        out[i] = floor_long((double)total * weights[i] / sum);
        given += out[i];
    }
    /* the rest one by one to the largest remainders (lower index on ties) */
    while (given < total) {
        size_t best = n;
        double best_r = -1;
        for (size_t i = 0; i < n; i++) {
            if (weights[i] <= 0)
                continue;
            double r = (double)total * weights[i] / sum - (double)out[i];
            if (r > best_r + 1e-12) {
                best_r = r;
                best = i;
            }
        }
        if (best == n)
            break;
        out[best]++;
        given++;
    }
    return 0;
}

void jh_migration_cohort(int students, double aged, double now, double moved_in, double moved_out,
                         double carry[2], double diffuse[2], long *internal_out, long *net)
{
    /* a positive carry is a change owed: leavers not yet gone, arrivals
     * not yet come */
    double ideal = students - carry[0] + carry[1];
    double share = aged > 1e-9 ? ideal / aged : 1.0;
    if (share < 0)
        share = 0;
    double out = aged > 1e-9 ? moved_out * share : 0;
    double other = (now - aged - moved_in + moved_out) * share;
    *internal_out = jh_round_diffuse(out, &carry[0], &diffuse[0]);
    if (*internal_out > students) {
        *internal_out = students;
        carry[0] = 0;
    }
    *net = jh_round_diffuse(other, &carry[1], &diffuse[1]);
    if (*net < -(long)(students - *internal_out)) {
        *net = -(long)(students - *internal_out);
        carry[1] = 0;
    }
}
