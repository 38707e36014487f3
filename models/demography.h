/*
 * demography: children by single year of age in every village, year by
 * year. projections.csv is authoritative where it gives a (village, year,
 * age); elsewhere children age one year each year, newborns come from the
 * village's population at the area type's birth rate, and net migration
 * (urbanisation) scales each cohort and the population by the area type's
 * rate — so rural villages empty and the county town fills. Internal
 * migration moves children between villages and conserves the county's
 * children; a village's own birth rate replaces its area's.
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

/* Internal and external migration by area type (a copy is kept; NULL or
 * never called: none beyond rules.migration_rate, which counts as
 * external). Unless m->keep_share, the projection table already holds
 * migration: a (village, age) the table gives for the year neither sends
 * nor receives internal migrants or migration.csv moves (receivers are
 * the villages it does not give; with none, the movers leave the
 * county). Fails only out of memory (the arrivals and leavers between
 * villages are kept once internal shares or migration.csv rows can move
 * children). */
jh_status jh_demography_set_migration(jh_demography *d, const jh_migration *m, jh_error *err);

/* Moves every village one year on (to year() + 1): cohorts age, external
 * shares (rules.migration_rate plus migration.external) scale them, the
 * internal shares leave for the destination areas' villages (by
 * population), the year's rows of migration.csv move their counts,
 * newborns come from the village's own birth rate when the layer gives
 * one, else the area's; projection rows then override. */
void jh_demography_advance(jh_demography *d);

int jh_demography_year(const jh_demography *d);
/* Whether the projection table gives village v's children of `age` this
 * year. */
bool jh_demography_projected(const jh_demography *d, int village, int age);
/* Children of the given age (0..14) in village v this year (not rounded). */
double jh_demography_children(const jh_demography *d, int village, int age);
/* What this year did to the cohort now of `age` in village v: its children
 * last year (one year younger, before anyone moved; births for age 0), the
 * children who left for the county's other villages and who came from
 * them (rates and table; a projection row changes the children but not
 * these). */
double jh_demography_aged(const jh_demography *d, int village, int age);
double jh_demography_moved_in(const jh_demography *d, int village, int age);
double jh_demography_moved_out(const jh_demography *d, int village, int age);
/* Village v's figures by age (0..14) as the calls above give them, for a
 * loop over its ages without a call per age: rows of 15 (NULL where the
 * call gives 0 at every age) and the ages the table gives (bit a).
 * v must be a village of the county. */
typedef struct jh_demography_row {
    const double *children, *aged, *moved_in, *moved_out;
    unsigned projected;
} jh_demography_row;
void jh_demography_row_of(const jh_demography *d, int village, jh_demography_row *row);
/* Population of village v this year. */
double jh_demography_population(const jh_demography *d, int village);

#endif
