/*
 * costs: gap arithmetic and costing. See costs.h and STANDARDS.md 3 and 7.
 */
#include "costs.h"

#include <math.h>

/* What `have` lacks of `need` (0 when it reaches it, up to a relative
 * 1e-9 as in compliance). */
static double lack(double need, double have)
{
    double d = need - have;
    return d > 1e-9 * fmax(1.0, fabs(need)) ? d : 0.0;
}

/* Whole units lacking: rounded up. */
static double lack_whole(double need, double have)
{
    double d = lack(need, have);
    return d > 0 ? ceil(d - 1e-9) : 0.0;
}

double jh_costs_gap_wan(const jh_gap *g, const jh_unit_costs *u)
{
    return g->building_m2 * u->building_m2_yuan / 10000.0 +
           g->sports_m2 * u->sports_m2_yuan / 10000.0 + g->equipment_yuan / 10000.0 +
           g->multimedia_rooms * u->multimedia_room_wan +
           (g->classrooms + g->music_art_rooms) * u->classroom_wan + g->beds * u->bed_wan;
}

void jh_costs_gap(const jh_indicator_input *in, const double thr[JH_NQUALITY],
                  double classrooms, double music_art_rooms, double beds,
                  const jh_unit_costs *u, jh_gap *out)
{
    double n = in->students > 0 ? in->students : 0.0;
    out->t_above_degree = lack_whole(thr[JH_Q_ABOVE_DEGREE_PER100] * n / 100.0, in->above_degree);
    out->t_backbone = lack_whole(thr[JH_Q_BACKBONE_PER100] * n / 100.0, in->backbone);
    out->t_pe_art = lack_whole(thr[JH_Q_PE_ART_PER100] * n / 100.0, in->pe_art);
    out->building_m2 = lack(thr[JH_Q_BUILDING_M2_PER_STUDENT] * n, in->building_m2);
    out->sports_m2 = lack(thr[JH_Q_SPORTS_M2_PER_STUDENT] * n, in->sports_m2);
    out->equipment_yuan = lack(thr[JH_Q_EQUIPMENT_YUAN_PER_STUDENT] * n, in->equipment_yuan);
    out->multimedia_rooms = lack_whole(thr[JH_Q_MULTIMEDIA_PER100] * n / 100.0,
                                       in->multimedia_rooms);
    out->classrooms = classrooms > 0 ? classrooms : 0.0;
    out->music_art_rooms = music_art_rooms > 0 ? music_art_rooms : 0.0;
    out->beds = beds > 0 ? beds : 0.0;
    out->cost_wan = jh_costs_gap_wan(out, u);
    out->teacher_cost_wan =
        (out->t_above_degree + out->t_backbone + out->t_pe_art) * u->teacher_wan;
}

double jh_costs_funded_students(double level_students, double school_students,
                                const jh_unit_costs *u)
{
    if (!(level_students > 0))
        return 0.0;
    double min = u->public_funds_min_students;
    if (school_students > 0 && school_students < min)
        return level_students * min / school_students;
    return level_students;
}

double jh_costs_public_funds_wan(double funded, jh_level level, const jh_unit_costs *u)
{
    return funded * u->public_funds_yuan[level] / 10000.0;
}

double jh_costs_boarding_demand(double beyond, double share_grade4_up)
{
    if (!(beyond > 0) || !(share_grade4_up > 0))
        return 0.0;
    return floor(beyond * fmin(1.0, share_grade4_up) + 0.5);
}

void jh_costs_boarders(double beyond, double demand, double beds, double *boarders,
                       double *transported)
{
    double whole = beds > 0 ? floor(beds + 1e-9) : 0.0; /* a level's share of beds */
    double b = demand < whole ? demand : whole;
    if (b < 0)
        b = 0;
    *boarders = b;
    *transported = beyond > b ? beyond - b : 0.0;
}
