/*
 * staffing: posts from the norm, and the gap to the teachers there are.
 */
#include "staffing.h"

double jh_staffing_posts(double students, double norm, double beds,
                         double extra_per100_beds)
{
    double posts = norm > 0 ? students / norm : 0.0;
    if (beds > 0 && extra_per100_beds > 0)
        posts += extra_per100_beds * beds / 100.0;
    return posts;
}

void jh_staffing_gap(double teachers, double posts, double *short_posts,
                     double *surplus_posts)
{
    double gap = posts - teachers;
    *short_posts = gap > 0 ? gap : 0.0;
    *surplus_posts = gap < 0 ? -gap : 0.0;
}
