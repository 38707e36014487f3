/*
 * migration: the arithmetic of moving whole students (no I/O, no state of
 * its own). Children are counted in fractions; students are people, so a
 * cohort's change is rounded with the remainder carried to the next year
 * (no student lost or invented by rounding: the integer count stays within
 * half a student of the exact one, year after year), and a whole number of
 * migrants is shared among destinations by largest remainder (the shares
 * add up exactly). Both are deterministic: ties go to the lower index.
 */
#ifndef JH_MIGRATION_H
#define JH_MIGRATION_H

#include <stddef.h>

/* x plus the carried remainder, rounded half up; *carry keeps what was
 * left over (in (-0.5, 0.5]). */
long jh_round_carry(double x, double *carry);

/* The same over a sequence of cells: x plus the cell's carried remainder
 * is rounded down or up (never further than 1 from it) as the running
 * remainder `diffuse`, shared by all cells, says, so that the sequence's
 * whole numbers add up to its exact total. Small cohorts (3% of 7
 * students) are then not all rounded away. The result never has the
 * opposite sign of x (0 instead; the carry keeps the difference). */
long jh_round_diffuse(double x, double *carry, double *diffuse);

/* Shares `total` in proportion to `weights` (n of them, >= 0) by largest
 * remainder into out[]; returns 0, or -1 (out all 0) when every weight is
 * 0. */
int jh_share_out(long total, const double *weights, size_t n, long *out);

/* One village cohort's students over a year of migration. Its children
 * went from `aged` (last year's count one year younger: no one moved) to
 * `now`, of which `moved_out` left for elsewhere in the county and
 * `moved_in` came from it. Its `students` (plus the two carries, the
 * remainders of earlier years) change in the same proportion: the
 * students leaving for the county's other villages (*internal_out, >= 0),
 * and every other change, external migration and what a projection table
 * says beyond it (*net, leavers negative). With no children last year,
 * every arriving child is a student. Never removes more students than
 * there are. carry[0]: internal, carry[1]: the rest (the cohort's own);
 * diffuse[0], diffuse[1]: the running remainders shared by all cohorts
 * (jh_round_diffuse). */
void jh_migration_cohort(int students, double aged, double now, double moved_in, double moved_out,
                         double carry[2], double diffuse[2], long *internal_out, long *net);

#endif
