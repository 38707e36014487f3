/*
 * staffing: teacher posts a school's level needs under the staffing norm
 * (students per post: 19 primary, 13.5 junior, STANDARDS.md section 5),
 * plus extra posts a boarding school may be granted per 100 beds, and the
 * shortfall or surplus of the teachers it has. Small schools are staffed by
 * classes rather than pupils (班师比, 1.7 posts per primary class and 2.7
 * per junior class by default): the floor is the larger of the two, so a
 * teaching point of 5 pupils in 3 grades still needs teachers. No I/O.
 */
#ifndef JH_STAFFING_H
#define JH_STAFFING_H

/* students / norm + extra_per100_beds * beds / 100 (0 when norm <= 0). */
double jh_staffing_posts(double students, double norm, double beds,
                         double extra_per100_beds);

/* The staffing floor: max(students / norm, classes * per_class) plus the
 * boarding posts (0 when there are no students). */
double jh_staffing_floor(double students, int classes, double norm, double per_class,
                         double beds, double extra_per100_beds);

/* Shortfall (posts - teachers, when positive) and surplus (teachers -
 * posts, when positive) of one school's level; one of them is 0. */
void jh_staffing_gap(double teachers, double posts, double *short_posts,
                     double *surplus_posts);

#endif
