/* class_formation.c: see class_formation.h. */
#include "class_formation.h"

static int ceil_div(int a, int b) { return b > 0 ? (a + b - 1) / b : a; }

void jh_classes_form(const int *students, const int *cap, int n_grades, int rooms,
                     int *classes)
{
    int needed = 0, with_students = 0;
    for (int g = 0; g < n_grades; g++) {
        classes[g] = students[g] > 0 ? ceil_div(students[g], cap[g]) : 0;
        needed += classes[g];
        with_students += students[g] > 0;
    }
    if (rooms < 0 || needed <= rooms)
        return;
    /* Not enough rooms: one class per grade with students, then each
     * remaining room to the grade with the largest classes. */
    int left = rooms - with_students;
    for (int g = 0; g < n_grades; g++)
        classes[g] = students[g] > 0 ? 1 : 0;
    while (left > 0) {
        int best = -1;
        double best_size = 0;
        for (int g = 0; g < n_grades; g++) {
            if (students[g] == 0 || classes[g] >= ceil_div(students[g], cap[g]))
                continue;
            double size = (double)students[g] / classes[g];
            if (size > best_size) {
                best_size = size;
                best = g;
            }
        }
        if (best < 0)
            break;
        classes[best]++;
        left--;
    }
}
