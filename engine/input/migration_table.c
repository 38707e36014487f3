/*
 * migration_table.c: migration.csv and the scenario's migration references
 * (see migration_table.h).
 *
 * A row names its origin by from_village or from_area and its destination
 * by to_village or to_area: the table has either column or both, and each
 * row fills exactly one of each pair. Areas are the canonical names
 * (urban, town, rural) or the Chinese ones.
 */
#include "input/migration_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jh_array.h"
#include "input/csv.h"

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p;
}

static jh_status bad(const jh_csv *t, int col, const char *what, jh_error *err)
{
    return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected %s, got '%s'",
                        jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)col), what,
                        jh_csv_get(t, (size_t)col));
}

/* One end of a move: the village column or the area column, exactly one
 * filled. */
static jh_status row_end(const jh_county *c, const jh_csv *t, int vcol, int acol,
                         const char *end, const char *villages_file, int *village, jh_area *area,
                         jh_error *err)
{
    const char *v = vcol >= 0 ? jh_csv_get(t, (size_t)vcol) : "";
    const char *a = acol >= 0 ? jh_csv_get(t, (size_t)acol) : "";
    *village = -1;
    if (v[0] && a[0])
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line %ld: column %s_area: expected either %s_village or %s_area, "
                            "not both (got '%s' and '%s')",
                            jh_csv_name(t), jh_csv_line(t), end, end, end, v, a);
    if (v[0]) {
        *village = jh_county_find_village(c, v);
        if (*village < 0) {
            char what[256];
            snprintf(what, sizeof what, "a village id of %s", villages_file);
            return bad(t, vcol, what, err);
        }
        return JH_OK;
    }
    if (a[0]) {
        if (!jh_area_parse(a, area))
            return bad(t, acol, "one of urban, town, rural", err);
        return JH_OK;
    }
    return jh_error_set(err, JH_ERR_INPUT,
                        "%s: line %ld: column %s_village: expected a village id (or an area in "
                        "%s_area), got an empty value",
                        jh_csv_name(t), jh_csv_line(t), end, end);
}

static jh_status load_table(jh_county *c, const char *path, const char *villages_file,
                            jh_error *err)
{
    jh_csv *t;
    jh_status st = jh_csv_open(&t, path, base_name(path), &c->warnings, err);
    if (st != JH_OK)
        return st;
    int fv = jh_csv_column(t, "from_village"), fa = jh_csv_column(t, "from_area");
    int tv = jh_csv_column(t, "to_village"), ta = jh_csv_column(t, "to_area");
    static const char *const cols[] = {"year", "age", "count"};
    int k[3];
    size_t cap = 0;
    if (fv < 0 && fa < 0) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line 1: column from_village: expected a header "
                          "column named from_village or from_area", jh_csv_name(t));
        goto done;
    }
    if (tv < 0 && ta < 0) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line 1: column to_village: expected a header "
                          "column named to_village or to_area", jh_csv_name(t));
        goto done;
    }
    if ((st = jh_csv_require(t, cols, 3, k, err)) != JH_OK)
        goto done;
    for (;;) {
        bool has;
        if ((st = jh_csv_next(t, &has, err)) != JH_OK || !has)
            break;
        jh_migration_move m = {.line = jh_csv_line(t)};
        long year, age;
        if ((st = row_end(c, t, fv, fa, "from", villages_file, &m.from_village, &m.from_area, err)) ||
            (st = row_end(c, t, tv, ta, "to", villages_file, &m.to_village, &m.to_area, err)) ||
            (st = jh_csv_get_long(t, k[0], 1900, 2300, "a year (1900-2300)", &year, err)) ||
            (st = jh_csv_get_long(t, k[1], 0, 14, "an age from 0 to 14", &age, err)) ||
            (st = jh_csv_get_double(t, k[2], 0, "a non-negative number of children", &m.count, err)))
            goto done;
        m.year = (int)year;
        m.age = (int)age;
        if (m.from_village >= 0 && m.from_village == m.to_village) {
            st = bad(t, tv, "a village other than from_village", err);
            goto done;
        }
        jh_migration_move *g = jh_array_grow(c->moves, c->n_moves, &cap, sizeof *g, 256);
        if (!g) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
        c->moves = g;
        c->moves[c->n_moves++] = m;
    }
done:
    jh_csv_close(t);
    return st;
}

static bool area_has_villages(const jh_county *c, jh_area a)
{
    for (size_t v = 0; v < c->n_villages; v++)
        if (c->villages[v].area == a)
            return true;
    return false;
}

jh_status jh_migration_load(jh_county *c, const jh_scenario *sc, const char *villages_file,
                            jh_error *err)
{
    const jh_migration *m = &sc->migration;
    for (int a = 0; a < JH_NAREAS; a++)
        if (m->destinations_given && m->destinations[a] > 0 && !area_has_villages(c, (jh_area)a))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: key migration.destinations.%s: expected an area "
                                "with villages to receive the migrants, but %s has no %s village",
                                sc->path, m->destinations_line, jh_area_name((jh_area)a),
                                villages_file, jh_area_name((jh_area)a));
    for (size_t i = 0; i < sc->n_inflows; i++) {
        const jh_inflow *f = &sc->inflows[i];
        if (f->by_village && jh_county_find_village(c, f->village) < 0)
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: key inflow.village: expected a village id of %s, "
                                "got '%s'", sc->path, f->line, villages_file, f->village);
        if (!f->by_village && !area_has_villages(c, f->area))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: key inflow.area: expected an area with villages, "
                                "but %s has no %s village", sc->path, f->line, villages_file,
                                jh_area_name(f->area));
    }
    if (!sc->migration_path)
        return JH_OK;
    jh_status st = load_table(c, sc->migration_path, villages_file, err);
    if (st != JH_OK)
        return st;
    for (size_t i = 0; i < c->n_moves; i++) {
        const jh_migration_move *mv = &c->moves[i];
        if (mv->to_village < 0 && !area_has_villages(c, mv->to_area))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: column to_area: expected an area with villages, "
                                "but %s has no %s village", base_name(sc->migration_path),
                                mv->line, villages_file, jh_area_name(mv->to_area));
        if (mv->from_village < 0 && !area_has_villages(c, mv->from_area))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: column from_area: expected an area with villages, "
                                "but %s has no %s village", base_name(sc->migration_path),
                                mv->line, villages_file, jh_area_name(mv->from_area));
    }
    return JH_OK;
}
