/*
 * metrics_fixture: STANDARDS.md defaults written out by hand for the
 * indicator, class, access and metrics tests, so they check the formulas
 * against the published numbers independently of the scenario parser.
 */
#ifndef JH_METRICS_FIXTURE_H
#define JH_METRICS_FIXTURE_H

#include <string.h>

#include "county.h"
#include "scenario.h"

static inline void fixture_rules(jh_rules *r)
{
    memset(r, 0, sizeof *r);
    r->class_size[JH_PRIMARY] = 45;
    r->class_size[JH_JUNIOR] = 50;
    r->large_class_min = 56;
    r->super_large_class_min = 66;
    r->distance_km[JH_PRIMARY] = 3;
    r->distance_km[JH_JUNIOR] = 5;
    r->school_size_max[JH_PRIMARY] = 2000;
    r->school_size_max[JH_JUNIOR] = 2000;
    r->school_size_max_combined = 2500;
    r->staffing_norm[JH_PRIMARY] = 19;
    r->staffing_norm[JH_JUNIOR] = 13.5;
    r->boarding_extra_posts_per100_beds = 0;
    r->teaching_point_min_students = 50;
    const double qp[7] = {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3};
    const double qj[7] = {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4};
    memcpy(r->quality_min[JH_PRIMARY], qp, sizeof qp);
    memcpy(r->quality_min[JH_JUNIOR], qj, sizeof qj);
    r->compliance_min_reached = 6;
    r->compliance_floor = 0.85;
    r->cv_limit_quality[JH_PRIMARY] = 0.50;
    r->cv_limit_quality[JH_JUNIOR] = 0.45;
    r->cv_limit_basic[JH_PRIMARY] = 0.65;
    r->cv_limit_basic[JH_JUNIOR] = 0.55;
    r->weight_junior_nine_year = 1.1;
    r->weight_senior_complete = 1.2;
    r->weight_junior_twelve = 1.1;
    r->weight_senior_twelve = 1.32;
    r->music_art_rooms_per_classes = 12;
    r->promotion_rate = 1.0;
    r->transition_rate = 1.0;
    r->intake_rate = 1.0;
    r->retirement_age = 60;
}

/* An open school of a type with the given students per grade (9 values). */
static inline jh_school fixture_school(jh_school_type type, jh_area area, const int g[9])
{
    jh_school s;
    memset(&s, 0, sizeof s);
    s.id = (char *)"T";
    s.name = (char *)"T";
    s.type = type;
    s.area = area;
    s.status = JH_STATUS_OPEN;
    s.record = -1;
    for (int k = 0; k < 9; k++)
        s.students[k] = g[k];
    return s;
}

#endif
