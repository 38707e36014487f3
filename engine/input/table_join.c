/*
 * table_join.c: data.values, data.where and the statistics tables joined
 * by code (see table_join.h). A county's school data lives in the annual
 * education statistics keyed by the national school code (学校标识码);
 * its GIS layer often holds only that code and a point. The join copies
 * the mapped columns of each table into the layer's table in memory, so
 * the loader reads them like the layer's own fields, with the same checks.
 */
#include "input/table_join.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/csv.h"
#include "input/wide_layout.h"

/* The urban-rural codes of the statistics (统计用城乡划分代码). */
static const struct {
    const char *code, *area;
} area_codes[] = {
    {"111", "urban"}, {"112", "urban"}, {"121", "town"}, {"122", "town"},
    {"123", "town"},  {"210", "rural"}, {"220", "rural"},
};

const char *jh_value_lookup(const jh_scenario *sc, const char *field, const char *text)
{
    char buf[256];
    const char *t = jh_csv_trim(text, buf, sizeof buf);
    for (size_t i = 0; sc && i < sc->n_values; i++)
        if (strcmp(sc->values[i].field, field) == 0 && strcasecmp(sc->values[i].from, t) == 0)
            return sc->values[i].to;
    /* every code is three digits from 1: other text (urban, 乡村) is not one */
    if (strcmp(field, "area") == 0 && (t[0] == '1' || t[0] == '2') && strlen(t) == 3)
        for (size_t i = 0; i < sizeof area_codes / sizeof area_codes[0]; i++)
            if (strcmp(area_codes[i].code, t) == 0)
                return area_codes[i].area;
    return text;
}

static bool listed(const jh_where *w, const char *v)
{
    char buf[256];
    const char *t = jh_csv_trim(v ? v : "", buf, sizeof buf);
    for (size_t k = 0; k < w->n_values; k++)
        if (strcmp(w->values[k], t) == 0)
            return true;
    return false;
}

/* keep[r] false for the rows a where entry excludes. */
static void where_mask(const jh_ftable *t, const jh_scenario *sc, bool *used, bool *keep)
{
    for (size_t r = 0; r < t->n_rows; r++)
        keep[r] = true;
    for (size_t k = 0; k < sc->n_where; k++) {
        int col = jh_ftable_field(t, sc->where[k].column);
        if (col < 0)
            continue;
        if (used)
            used[k] = true;
        for (size_t r = 0; r < t->n_rows; r++)
            if (!listed(&sc->where[k], t->cols[col][r]))
                keep[r] = false;
    }
}

static void note_dropped(const jh_ftable *t, size_t before, jh_warnings *warnings)
{
    if (warnings && t->n_rows < before)
        jh_warnings_add(warnings, "%s: data.where kept %zu of %zu rows (%zu skipped)", t->name,
                        t->n_rows, before, before - t->n_rows);
}

jh_status jh_apply_where(jh_ftable *t, const jh_scenario *sc, bool *used, jh_warnings *warnings,
                         jh_error *err)
{
    if (sc->n_where == 0 || t->n_rows == 0)
        return JH_OK;
    bool *keep = malloc(t->n_rows * sizeof *keep);
    if (!keep)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    where_mask(t, sc, used, keep);
    size_t before = t->n_rows;
    jh_ftable_keep(t, keep);
    free(keep);
    note_dropped(t, before, warnings);
    return JH_OK;
}

/* "a, b, c" and ", ..." past 5. */
static void add_example(char *buf, size_t n, size_t count, const char *id)
{
    size_t len = strlen(buf);
    if (count < 5)
        snprintf(buf + len, n - len, "%s%s", count ? ", " : "", id);
    else if (count == 5)
        snprintf(buf + len, n - len, ", ...");
}

/* The table's map: its `fields` entries, then (layout: wide) the grade or
 * age columns recognised by header for the names no entry maps. The
 * recognised entries' canonical names are owned by *names (freed by the
 * caller with the map); their columns point into s. */
static jh_status wide_map(const jh_stat_table *given, const jh_ftable *s, const char *list,
                          jh_field_map **out, size_t *n_out, char ***names, jh_error *err)
{
    size_t cap = given->n_fields + s->n_fields + 1;
    jh_field_map *map = calloc(cap, sizeof *map);
    char **own = calloc(s->n_fields + 1, sizeof *own);
    *out = map;
    *names = own;
    *n_out = 0;
    if (!map || !own)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (size_t k = 0; k < given->n_fields; k++)
        map[(*n_out)++] = given->fields[k];
    if (!given->wide)
        return JH_OK;
    size_t found = 0;
    for (size_t f = 0; f < s->n_fields; f++) {
        char canon[32];
        if (strcmp(s->fields[f], given->key) == 0 ||
            !jh_wide_column(given->layer, s->fields[f], canon, sizeof canon))
            continue;
        bool mapped = false;
        for (size_t k = 0; k < *n_out && !mapped; k++) {
            if (strcmp(map[k].canonical, canon) != 0)
                continue;
            mapped = true;
            if (k >= given->n_fields) /* two columns for one grade */
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: layout: wide: columns %s and %s both stand for %s: "
                                    "expected one (map the right one in fields: {%s: ...}; "
                                    "data.%s_tables on line %ld of the scenario)",
                                    s->name, map[k].layer_field, s->fields[f], canon, canon,
                                    given->layer == 1 ? "school" : "village", given->line);
        }
        if (mapped)
            continue;
        if (!(own[found] = strdup(canon)))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
        map[*n_out] = (jh_field_map){.canonical = own[found], .layer_field = s->fields[f],
                                     .line = given->line};
        (*n_out)++;
        found++;
    }
    if (found == 0 && given->n_fields == 0)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: layout: wide: expected %s columns (%s), found none (columns: "
                            "%s; data.%s_tables on line %ld of the scenario; see docs/DATA.md)",
                            s->name, given->layer == 1 ? "grade" : "age",
                            given->layer == 1 ? "一年级 ... 九年级, 初一, 一年级班数, grade_1, ..."
                                              : "0岁 ... 14岁, age_0, ...",
                            list, given->layer == 1 ? "school" : "village", given->line);
    return JH_OK;
}

static jh_status join_one(jh_ftable *t, const jh_scenario *sc, const jh_stat_table *given,
                          int id_field, bool *used, bool *drop, jh_warnings *warnings,
                          jh_error *err)
{
    jh_ftable *s;
    jh_status st =
        jh_ogr_table_read(&s, given->path, given->sheet, NULL, NULL, false, warnings, err);
    if (st != JH_OK)
        return st;
    char list[1024];
    size_t len = 0;
    list[0] = '\0';
    for (size_t f = 0; f < s->n_fields && len + 8 < sizeof list; f++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", f ? ", " : "",
                                s->fields[f]);
    /* the effective table: its fields, and the wide layout's columns */
    jh_stat_table eff = *given;
    char **names = NULL;
    st = wide_map(given, s, list, &eff.fields, &eff.n_fields, &names, err);
    if (st != JH_OK) {
        for (size_t k = 0; names && names[k]; k++)
            free(names[k]);
        free(names);
        free(eff.fields);
        jh_ftable_free(s);
        return st;
    }
    const jh_stat_table *st_ = &eff;
    /* every missing column at once */
    char missing[1024] = "";
    size_t n_missing = 0;
    int key = jh_ftable_field(s, st_->key);
    if (key < 0)
        add_example(missing, sizeof missing, n_missing++, st_->key);
    int *cols = calloc(st_->n_fields ? st_->n_fields : 1, sizeof *cols);
    bool *keep = calloc(s->n_rows ? s->n_rows : 1, sizeof *keep);
    bool *matched = calloc(s->n_rows ? s->n_rows : 1, sizeof *matched);
    if (!cols || !keep || !matched) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < st_->n_fields; k++)
        if ((cols[k] = jh_ftable_field(s, st_->fields[k].layer_field)) < 0) {
            size_t l = strlen(missing);
            snprintf(missing + l, sizeof missing - l, "%s%s (for %s)", n_missing ? ", " : "",
                     st_->fields[k].layer_field, st_->fields[k].canonical);
            n_missing++;
        }
    if (n_missing) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected column%s %s, the table has none such (columns: %s; "
                          "data.school_tables on line %ld of the scenario; see docs/DATA.md)",
                          s->name, n_missing > 1 ? "s" : "", missing, list, st_->line);
        goto done;
    }
    where_mask(s, sc, used, keep);
    /* a code given twice would make the join ambiguous */
    for (size_t a = 0; a < s->n_rows; a++)
        for (size_t b = a + 1; b < s->n_rows && s->cols[key][a]; b++)
            if (s->cols[key][b] && strcmp(s->cols[key][a], s->cols[key][b]) == 0 && keep[a] &&
                keep[b]) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: column %s: expected a unique code, got '%s' "
                                  "again (first on line %ld)",
                                  s->name, s->label[b], st_->key, s->cols[key][b], s->label[a]);
                goto done;
            }
    int *newcol = malloc((st_->n_fields ? st_->n_fields : 1) * sizeof *newcol);
    if (!newcol) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < st_->n_fields; k++) {
        char origin[1024];
        snprintf(origin, sizeof origin, "%s column %s (by %s)", s->name,
                 st_->fields[k].layer_field, st_->key);
        newcol[k] = jh_ftable_add_field(t, st_->fields[k].layer_field);
        if (newcol[k] < 0 || !jh_ftable_bind(t, st_->fields[k].canonical, newcol[k]) ||
            !jh_ftable_set_origin(t, newcol[k], origin)) {
            free(newcol);
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
    }
    char no_row[256] = "", no_point[256] = "";
    size_t n_no_row = 0, n_no_point = 0, n_dropped = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        const char *id = id_field >= 0 ? t->cols[id_field][r] : NULL;
        size_t hit = s->n_rows;
        for (size_t a = 0; id && a < s->n_rows; a++)
            if (s->cols[key][a] && strcmp(s->cols[key][a], id) == 0) {
                hit = a;
                break;
            }
        if (hit == s->n_rows) {
            add_example(no_row, sizeof no_row, n_no_row++, id ? id : "(no id)");
            continue;
        }
        matched[hit] = true;
        if (!keep[hit]) {
            drop[r] = true;
            n_dropped++;
            continue;
        }
        for (size_t k = 0; k < st_->n_fields; k++)
            if (!jh_ftable_set(t, (long)r, newcol[k], s->cols[cols[k]][hit])) {
                free(newcol);
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
                goto done;
            }
    }
    free(newcol);
    for (size_t a = 0; a < s->n_rows; a++)
        if (!matched[a] && keep[a])
            add_example(no_point, sizeof no_point, n_no_point++,
                        s->cols[key][a] ? s->cols[key][a] : "(empty)");
    if (warnings) {
        if (n_no_row)
            jh_warnings_add(warnings,
                            "%s: %zu of %zu rows of %s have no row of %s with that code (%s): "
                            "their mapped fields are empty",
                            t->name, n_no_row, t->n_rows, t->name, s->name, no_row);
        if (n_no_point)
            jh_warnings_add(warnings, "%s: %zu rows match no %s of %s by %s (%s): not used",
                            s->name, n_no_point, st_->layer == 1 ? "school" : "village",
                            t->name, st_->key, no_point);
        if (n_dropped)
            jh_warnings_add(warnings, "%s: %zu rows skipped: data.where excludes their row of %s",
                            t->name, n_dropped, s->name);
    }
done:
    free(cols);
    free(keep);
    free(matched);
    for (size_t k = 0; names[k]; k++)
        free(names[k]);
    free(names);
    free(eff.fields);
    jh_ftable_free(s);
    return st;
}

jh_status jh_join_tables(jh_ftable *t, const jh_scenario *sc, int layer, int id_field,
                         bool *used, jh_warnings *warnings, jh_error *err)
{
    bool *drop = calloc(t->n_rows ? t->n_rows : 1, sizeof *drop);
    if (!drop)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st = JH_OK;
    for (size_t i = 0; st == JH_OK && i < sc->n_tables; i++)
        if (sc->tables[i].layer == layer)
            st = join_one(t, sc, &sc->tables[i], id_field, used, drop, warnings, err);
    if (st == JH_OK) {
        bool any = false;
        for (size_t r = 0; r < t->n_rows; r++) {
            any |= drop[r];
            drop[r] = !drop[r];
        }
        if (any)
            jh_ftable_keep(t, drop);
    }
    free(drop);
    return st;
}

jh_status jh_apply_data_maps(jh_ftable *schools, jh_ftable *villages, const jh_scenario *sc,
                             int id_s, int id_v, jh_warnings *warnings, jh_error *err)
{
    bool *used = calloc(sc->n_where ? sc->n_where : 1, sizeof *used);
    if (!used)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_status st;
    if ((st = jh_apply_where(schools, sc, used, warnings, err)) == JH_OK &&
        (st = jh_apply_where(villages, sc, used, warnings, err)) == JH_OK &&
        (st = jh_join_tables(schools, sc, 1, id_s, used, warnings, err)) == JH_OK)
        st = jh_join_tables(villages, sc, 2, id_v, used, warnings, err);
    for (size_t k = 0; st == JH_OK && k < sc->n_where; k++)
        if (!used[k])
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: data.where: column %s: expected a column of %s, "
                              "%s or a statistics table, none has it",
                              sc->path ? sc->path : "scenario", sc->where[k].line,
                              sc->where[k].column, schools->name, villages->name);
    free(used);
    return st;
}
