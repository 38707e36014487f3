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

bool jh_year_count_students(jh_county *c, const jh_rules *rules, const jh_cell *v, size_t n,
                            const int *base_classes, bool base_year, jh_scratch *buf)
{
    size_t ns = c->n_schools;
    int *count = jh_scratch_get(buf, (ns * JH_NGRADES + 1) * sizeof *count);
    if (!count)
        return false;
    memset(count, 0, ns * JH_NGRADES * sizeof *count);
    for (size_t k = 0; k < n; k++)
        if (v[k].school >= 0)
            count[(size_t)v[k].school * JH_NGRADES + (size_t)v[k].grade] += v[k].count;
    int cap[JH_NGRADES];
    for (int g = 0; g < JH_NGRADES; g++)
        cap[g] = rules->class_size[g < 6 ? JH_PRIMARY : JH_JUNIOR];
    for (size_t i = 0; i < ns; i++) {
        jh_school *sch = &c->schools[i];
        memcpy(sch->students, count + i * JH_NGRADES, sizeof sch->students);
        if (base_year && sch->classes_given)
            continue;
        int rooms = sch->classrooms > 0 ? sch->classrooms : (base_classes[i] > 0 ? base_classes[i] : -1);
        jh_classes_form(sch->students, cap, JH_NGRADES, rooms, sch->classes);
    }
    return true;
}
