/*
 * class_formation: how many classes a school runs per grade in a simulated
 * year. A school opens ceil(students / cap) classes per grade when it has
 * the classrooms; when it does not, it runs fewer, larger classes — the
 * crowding that construction schedules exist to end. Classrooms then go
 * first one to each grade with students, and each further one to the grade
 * whose classes are largest, which keeps the largest class as small as the
 * rooms allow.
 */
#ifndef JH_CLASS_FORMATION_H
#define JH_CLASS_FORMATION_H

/* students[0..n_grades-1], cap[g] the class-size cap of grade g, rooms the
 * classrooms available (< 0: unlimited). Writes classes[g]. A grade with
 * students always gets at least one class, even without a room. */
void jh_classes_form(const int *students, const int *cap, int n_grades, int rooms,
                     int *classes);

#endif
