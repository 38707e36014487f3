/*
 * table_join: the scenario's data maps applied to a layer read into
 * memory (ftable.h) before the loader reads canonical fields from it:
 *   data.values          codes and local words -> canonical values
 *                        (the urban-rural codes 111..220 built in for area)
 *   data.where           rows to keep, by a column's values
 *   data.school_tables,  statistics tables (CSV, XLSX, any OGR table)
 *   data.village_tables  joined to the layer by code
 * The documentation of each is in docs/DATA.md.
 */
#ifndef JH_TABLE_JOIN_H
#define JH_TABLE_JOIN_H

#include <stdbool.h>

#include "input/ftable.h"
#include "jh_error.h"
#include "scenario.h"

/* The canonical value of `text` in canonical field `field`: the
 * scenario's data.values entry, else for area the urban-rural code of the
 * statistics (111/112 urban, 121/122/123 town, 210/220 rural), else text
 * itself. */
const char *jh_value_lookup(const jh_scenario *sc, const char *field, const char *text);

/* Drops the rows whose value in a data.where column is not listed; a
 * column the table lacks is skipped, and used[k] is set for each entry
 * the table has. `what` names the rows in the note added to warnings. */
jh_status jh_apply_where(jh_ftable *t, const jh_scenario *sc, bool *used, jh_warnings *warnings,
                         jh_error *err);

/* Joins the scenario's statistics tables of `layer` (1 schools, 2
 * villages) to t by the value of its id column id_field: each table's
 * mapped columns become columns of t bound to their canonical names. Rows
 * on either side without a partner are warned about with a count and
 * examples; layer rows whose table row `where` dropped are dropped too.
 * used[] as for jh_apply_where. */
jh_status jh_join_tables(jh_ftable *t, const jh_scenario *sc, int layer, int id_field,
                         bool *used, jh_warnings *warnings, jh_error *err);

/* All of it for a county: where on both layers, then each layer's
 * tables (id_s / id_v: the layers' id columns, -1 when absent); a where
 * column that neither layer nor any table has is an error. */
jh_status jh_apply_data_maps(jh_ftable *schools, jh_ftable *villages, const jh_scenario *sc,
                             int id_s, int id_v, jh_warnings *warnings, jh_error *err);

#endif
