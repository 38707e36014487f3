/*
 * costs: the gap of one school's level to the quality standard (达标缺口)
 * with its price, and the recurrent costs (teachers' pay, per-student
 * public funds, boarding subsidies, school transport), with the unit costs
 * of rules.unit_costs (STANDARDS.md section 7). No I/O.
 */
#ifndef JH_COSTS_H
#define JH_COSTS_H

#include "indicators.h"
#include "scenario.h"

/* What one school's level lacks to reach every quality threshold, to run
 * every class at the standard size, to have the music/art rooms the rule
 * asks and a bed for every boarder. An indicator the school reaches has
 * gap 0. Areas and yuan are exact; rooms and teachers are whole (rounded
 * up). */
typedef struct jh_gap {
    double building_m2, sports_m2, equipment_yuan;
    double multimedia_rooms;
    double classrooms;        /* rooms at the standard class size */
    double music_art_rooms;
    double beds;
    double t_above_degree, t_backbone, t_pe_art; /* teachers of each kind */
    double cost_wan;          /* capital: all the above but the teachers */
    double teacher_cost_wan;  /* the teachers' yearly cost, apart */
} jh_gap;

/* Recurrent costs of a year (wan), with the counts behind them. */
typedef struct jh_recurrent {
    double teachers, public_funds, boarding, transport; /* wan a year */
    double funded_students;   /* students as funded (small schools as 100) */
    double boarders;          /* grade 4 up beyond the limit, with a bed */
    double transported;       /* beyond the limit, not boarding */
} jh_recurrent;

/* The gap of a level with resources `in` (in->students students) against
 * thresholds thr (rules->quality_min[level]); classrooms, music/art rooms
 * and beds lacking are given by the caller; priced with u. A level with
 * no students lacks nothing on the per-student indicators. */
void jh_costs_gap(const jh_indicator_input *in, const double thr[JH_NQUALITY],
                  double classrooms, double music_art_rooms, double beds,
                  const jh_unit_costs *u, jh_gap *out);

/* Capital cost in wan of a gap's quantities (cost_wan above). */
double jh_costs_gap_wan(const jh_gap *g, const jh_unit_costs *u);

/* Students funded at a school's level: its students of the level, scaled
 * up so that the school (all compulsory levels, `school_students`) counts
 * at least u->public_funds_min_students. */
double jh_costs_funded_students(double level_students, double school_students,
                                const jh_unit_costs *u);

/* Public funds in wan a year for `funded` students of a level. */
double jh_costs_public_funds_wan(double funded, jh_level level, const jh_unit_costs *u);

/* Boarding demand of a school's level: its students beyond the distance
 * limit times the share of its students in grades 4 and up (grades 1-3
 * attend near home), rounded to whole students. */
double jh_costs_boarding_demand(double beyond, double share_grade4_up);

/* Boarders (demand capped by the whole beds) and transported (beyond the limit
 * and not boarding). */
void jh_costs_boarders(double beyond, double demand, double beds, double *boarders,
                       double *transported);

#endif
