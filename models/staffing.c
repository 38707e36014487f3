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

double jh_staffing_floor(double students, int classes, double norm, double per_class,
                         double beds, double extra_per100_beds)
{
    if (!(students > 0))
        return 0.0;
    double by_students = norm > 0 ? students / norm : 0.0;
    double by_classes = per_class > 0 && classes > 0 ? classes * per_class : 0.0;
    double posts = by_students > by_classes ? by_students : by_classes;
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
