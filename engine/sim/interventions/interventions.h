/*
 * interventions: the kinds of intervention a scenario may date (close,
 * merge, convert, expand, build, keep_teaching_point, add_beds,
 * catchment), one file each (iv_<kind>.c), all listed in one table
 * (registry.c) — the way PROJ keeps one file per projection. The reader
 * (scenario_read.c), the writer (scenario_write.c) and the yearly loop
 * (simulation.c) look a kind up in the table instead of switching on it, so
 * a new kind is a new file and its line in the table.
 *
 * What is common to every entry stays with the caller: the reader finds the
 * one action key, checks the entry's keys against the kind's list, and
 * reads `year` and `cost_wan`; the writer writes `year` first and
 * `cost_wan` last (when the kind accepts it); the loop adds the cost to the
 * year and applies the entries of a year in file order.
 */
#ifndef JH_INTERVENTIONS_H
#define JH_INTERVENTIONS_H

#include <stdbool.h>
#include <yaml.h>

#include "jh_error.h"
#include "scenario.h"
#include "sim/scenario_yaml.h"
#include "sim/sim_apply.h"

typedef struct jh_iv_kind {
    /* the kind; its name (jh_intervention_kind_name) is its entry's key */
    jh_intervention_kind kind;
    /* every key an entry may hold, year and the kind's own key included
     * (NULL-terminated); "cost_wan" among them when it has a cost */
    const char *const *keys;
    /* applied before the year's other entries (keep_teaching_point, so
     * that a closure of the same year is deferred) */
    bool applies_first;
    /* Reads the kind's own keys into *iv. `entry` is the entry's map,
     * `action` the value of the kind's key, `section` its name in
     * messages ("interventions (close)"). */
    jh_status (*parse)(jh_yaml_reader *r, yaml_node_t *entry, yaml_node_t *action,
                       const char *section, jh_intervention *iv);
    /* Writes the kind's own keys (inside the entry's map). */
    void (*write)(jh_yaml_writer *w, const jh_intervention *iv);
    /* Applies the entry at the start of its school year. */
    jh_status (*apply)(const jh_apply *a, const jh_intervention *iv);
    /* Optional: applies the entries of the kind among ivs[0..n) that are
     * of the year (the others are of other years or candidates), with the
     * result of apply on each in turn; the loop hands it each run of
     * entries of the kind that follow one another in the year. */
    jh_status (*apply_run)(const jh_apply *a, const jh_intervention *ivs, size_t n);
    /* Optional: applied once every entry of the year has been, in the
     * scenario's order (a catchment's split parts: the share of a village
     * that goes to a second school is taken from where the year's
     * whole-village moves left its students, whichever entry comes first). */
    jh_status (*apply_after)(const jh_apply *a, const jh_intervention *iv);
} jh_iv_kind;

/* Every kind, NULL-terminated, in the order of jh_intervention_kind (the
 * order messages list them in). */
extern const jh_iv_kind *const jh_iv_kinds[];

/* The kind's entry, or NULL. */
const jh_iv_kind *jh_iv_kind_of(jh_intervention_kind kind);

/* The school an entry names: its index, or -1 with
 * "FILE: line N: KIND: unknown school 'ID'" in a->err. */
int jh_iv_find_school(const jh_apply *a, const jh_intervention *iv, const char *id);

/* ---- what expand, build and add_beds add to a school (resources.c) ---- */

/* The keys of jh_resources an entry may carry, in the order they are read
 * and written. */
#define JH_IV_RESOURCE_KEYS                                                               \
    "building_m2", "sports_m2", "equipment_yuan", "multimedia_rooms", "computers", "books", \
        "boarding_beds", "music_rooms", "art_rooms", "teachers", "t_above_degree",         \
        "t_backbone", "t_pe_art", "t_senior_title"

/* Reads those of the keys a map holds (numbers >= 0) into *res. */
jh_status jh_iv_parse_resources(jh_yaml_reader *r, yaml_node_t *map, jh_resources *res);
/* Writes those that are not zero. */
void jh_iv_write_resources(jh_yaml_writer *w, const jh_resources *res);
/* to += add, field by field. */
void jh_iv_add_resources(jh_resources *to, const jh_resources *add);

/* expand's apply, which add_beds shares (iv_expand.c). */
jh_status jh_iv_expand_apply(const jh_apply *a, const jh_intervention *iv);

#endif
