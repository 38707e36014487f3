/*
 * year_count: see year_count.h.
 */
#include "sim/year_count.h"

#include <string.h>

#include "class_formation.h"

void jh_year_serve_bits(const jh_county *c, unsigned char *bits)
{
    for (size_t i = 0; i < c->n_schools; i++)
        bits[i] = (unsigned char)(jh_school_serves(c->schools[i].type, JH_PRIMARY) |
                                  jh_school_serves(c->schools[i].type, JH_JUNIOR) << 1);
}

void jh_year_set_students(jh_county *c, const jh_rules *rules, const int *count,
                          const int *base_classes, bool base_year)
{
    int cap[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        cap[g] = rules->class_size[jh_grade_level(g)];
    for (size_t i = 0; i < c->n_schools; i++) {
        jh_school *sch = &c->schools[i];
        memcpy(sch->students, count + i * JH_NGRADES, sizeof sch->students);
        if (base_year && sch->classes_given)
            continue;
        int rooms = sch->classrooms > 0 ? sch->classrooms : (base_classes[i] > 0 ? base_classes[i] : -1);
        jh_classes_form(sch->students, cap, JH_NGRADES, rooms, sch->classes);
    }
}
