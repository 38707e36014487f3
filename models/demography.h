/*
 * demography: children by single year of age in every village, year by
 * year. projections.csv is authoritative where it gives a (village, year,
 * age); elsewhere children age one year each year, newborns come from the
 * village's population at the area type's birth rate, and net migration
 * (urbanisation) scales each cohort and the population by the area type's
 * rate — so rural villages empty and the county town fills.
 */
#ifndef JH_DEMOGRAPHY_H
#define JH_DEMOGRAPHY_H

#include "county.h"
#include "scenario.h"

typedef struct jh_demography jh_demography;

/* Children of the base year come from the villages' age fields, overridden
 * by projection rows of start_year. */
jh_status jh_demography_create(jh_demography **out, const jh_county *county,
                               const jh_rules *rules, int start_year, int end_year,
                               jh_error *err);
void jh_demography_free(jh_demography *d);

/* Moves every village one year on (to year() + 1). */
void jh_demography_advance(jh_demography *d);

int jh_demography_year(const jh_demography *d);
/* Children of the given age (0..14) in village v this year (not rounded). */
double jh_demography_children(const jh_demography *d, int village, int age);
/* Population of village v this year. */
double jh_demography_population(const jh_demography *d, int village);

#endif
