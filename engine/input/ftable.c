/*
 * ftable.c: the in-memory layer (see ftable.h). Values are stored column
 * by column, so a join adds a column and a row filter compacts each one.
 * The typed reads word their errors exactly as the Shapefile reader always
 * has: "FILE: record N (id X): field g3 (NJ3): expected ..., got '...'".
 */
#include "input/ftable.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jh_array.h"
#include "jh_text_pool.h"
#include "county.h"

/* The geometry error of a row added without a point yet: one string for
 * every such row (not a copy each), never freed. */
static char no_geometry[] = "expected a point, got no geometry";

static void free_geom_err(char *why)
{
    if (why != no_geometry)
        free(why);
}

jh_ftable *jh_ftable_new(const char *name, const char *geom_name)
{
    jh_ftable *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->name = strdup(name);
    t->geom_name = strdup(geom_name ? geom_name : name);
    snprintf(t->encoding, sizeof t->encoding, "UTF-8");
    if (!t->name || !t->geom_name) {
        jh_ftable_free(t);
        return NULL;
    }
    return t;
}

int jh_ftable_add_field(jh_ftable *t, const char *name)
{
    char **f = realloc(t->fields, (t->n_fields + 1) * sizeof *f);
    if (!f)
        return -1;
    t->fields = f;
    char ***c = realloc(t->cols, (t->n_fields + 1) * sizeof *c);
    if (!c)
        return -1;
    t->cols = c;
    c[t->n_fields] = calloc(t->cap_rows ? t->cap_rows : 1, sizeof **c);
    f[t->n_fields] = strdup(name);
    if (!c[t->n_fields] || !f[t->n_fields]) {
        free(c[t->n_fields]);
        free(f[t->n_fields]);
        return -1;
    }
    if (t->origin) {
        char **o = realloc(t->origin, (t->n_fields + 1) * sizeof *o);
        if (!o) {
            free(c[t->n_fields]);
            free(f[t->n_fields]);
            return -1;
        }
        t->origin = o;
        o[t->n_fields] = NULL;
    }
    return (int)t->n_fields++;
}

bool jh_ftable_set_origin(jh_ftable *t, int col, const char *origin)
{
    if (col < 0 || (size_t)col >= t->n_fields)
        return false;
    if (!t->origin) {
        t->origin = calloc(t->n_fields, sizeof *t->origin);
        if (!t->origin)
            return false;
    }
    free(t->origin[col]);
    t->origin[col] = strdup(origin);
    return t->origin[col] != NULL;
}

/* Room for `cap` rows (at least the present ones). False: out of memory. */
static bool set_cap_rows(jh_ftable *t, size_t cap)
{
    double *x = jh_array_resize(t->x, cap, sizeof *x);
    if (x)
        t->x = x;
    double *y = jh_array_resize(t->y, cap, sizeof *y);
    if (y)
        t->y = y;
    long *l = jh_array_resize(t->label, cap, sizeof *l);
    if (l)
        t->label = l;
    char **g = jh_array_resize(t->geom_err, cap, sizeof *g);
    if (g)
        t->geom_err = g;
    if (!x || !y || !l || !g)
        return false;
    for (size_t f = 0; f < t->n_fields; f++) {
        char **c = jh_array_resize(t->cols[f], cap, sizeof *c);
        if (!c)
            return false;
        t->cols[f] = c;
    }
    t->cap_rows = cap;
    return true;
}

bool jh_ftable_reserve(jh_ftable *t, size_t rows)
{
    return rows <= t->cap_rows || set_cap_rows(t, rows);
}

long jh_ftable_add_row(jh_ftable *t, long label)
{
    if (t->n_rows == t->cap_rows) {
        if (!set_cap_rows(t, jh_array_next_cap(t->cap_rows, 64)))
            return -1;
    }
    size_t r = t->n_rows++;
    for (size_t f = 0; f < t->n_fields; f++)
        t->cols[f][r] = NULL;
    t->x[r] = t->y[r] = 0;
    t->label[r] = label;
    t->geom_err[r] = no_geometry;
    return (long)r;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

static bool blank_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

bool jh_ftable_pool_columns(jh_ftable *t)
{
    if (!t->pool && !(t->pool = jh_text_pool_new()))
        return false;
    t->n_pooled = t->n_fields;
    return true;
}

bool jh_ftable_set(jh_ftable *t, long row, int col, const char *value)
{
    char **cell = &t->cols[col][row];
    bool pooled = (size_t)col < t->n_pooled;
    if (!pooled)
        free(*cell);
    *cell = NULL;
    if (!value || blank(value))
        return true;
    *cell = pooled ? jh_text_pool_copy(t->pool, value) : strdup(value);
    return *cell != NULL;
}

bool jh_ftable_set_n(jh_ftable *t, long row, int col, const char *value, size_t n)
{
    char **cell = &t->cols[col][row];
    bool pooled = (size_t)col < t->n_pooled;
    if (!pooled)
        free(*cell);
    *cell = NULL;
    if (!value || blank_n(value, n))
        return true;
    *cell = pooled ? jh_text_pool_copy_n(t->pool, value, n) : strndup(value, n);
    return *cell != NULL;
}

bool jh_ftable_set_row_n(jh_ftable *t, long row, const char *const *value, const size_t *n)
{
    size_t nf = t->n_fields, total = 0;
    if (t->n_pooled < nf) {
        for (size_t f = 0; f < nf; f++)
            if (!jh_ftable_set_n(t, row, (int)f, value[f], n[f]))
                return false;
        return true;
    }
    /* the cells to copy point at their value meanwhile (blank ones NULL) */
    for (size_t f = 0; f < nf; f++) {
        bool keep = value[f] && !blank_n(value[f], n[f]);
        t->cols[f][row] = keep ? (char *)value[f] : NULL;
        total += keep ? n[f] + 1 : 0;
    }
    char *r = total ? jh_text_pool_room(t->pool, total) : NULL;
    if (total && !r) {
        /* out of memory: no cell left pointing outside the table */
        for (size_t f = 0; f < nf; f++)
            t->cols[f][row] = NULL;
        return false;
    }
    for (size_t f = 0; f < nf; f++) {
        char **cell = &t->cols[f][row];
        if (!*cell)
            continue;
        memcpy(r, value[f], n[f]);
        r[n[f]] = '\0';
        *cell = r;
        r += n[f] + 1;
    }
    return true;
}

bool jh_ftable_set_point(jh_ftable *t, long row, double x, double y)
{
    t->x[row] = x;
    t->y[row] = y;
    free_geom_err(t->geom_err[row]);
    t->geom_err[row] = NULL;
    return true;
}

bool jh_ftable_set_geom_error(jh_ftable *t, long row, const char *why)
{
    free_geom_err(t->geom_err[row]);
    t->geom_err[row] = strdup(why);
    return t->geom_err[row] != NULL;
}

int jh_ftable_field(const jh_ftable *t, const char *name)
{
    for (size_t f = 0; f < t->n_fields; f++)
        if (strcasecmp(t->fields[f], name) == 0)
            return (int)f;
    return -1;
}

bool jh_ftable_bind(jh_ftable *t, const char *canonical, int col)
{
    for (size_t i = 0; i < t->n_bound; i++)
        if (strcmp(t->bound_name[i], canonical) == 0) {
            t->bound_col[i] = col;
            return true;
        }
    char **n = realloc(t->bound_name, (t->n_bound + 1) * sizeof *n);
    if (!n)
        return false;
    t->bound_name = n;
    int *c = realloc(t->bound_col, (t->n_bound + 1) * sizeof *c);
    if (!c)
        return false;
    t->bound_col = c;
    n[t->n_bound] = strdup(canonical);
    if (!n[t->n_bound])
        return false;
    c[t->n_bound++] = col;
    return true;
}

int jh_ftable_bound(const jh_ftable *t, const char *canonical)
{
    for (size_t i = 0; i < t->n_bound; i++)
        if (strcmp(t->bound_name[i], canonical) == 0)
            return t->bound_col[i];
    return -1;
}

void jh_ftable_keep(jh_ftable *t, const bool *keep)
{
    size_t w = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        if (!keep[r]) {
            for (size_t f = t->n_pooled; f < t->n_fields; f++)
                free(t->cols[f][r]);
            free_geom_err(t->geom_err[r]);
            t->n_dropped++;
            continue;
        }
        for (size_t f = 0; f < t->n_fields; f++)
            t->cols[f][w] = t->cols[f][r];
        t->x[w] = t->x[r];
        t->y[w] = t->y[r];
        t->label[w] = t->label[r];
        t->geom_err[w] = t->geom_err[r];
        w++;
    }
    t->n_rows = w;
}

void jh_ftable_where(const jh_ftable *t, long row, const char *id, char *buf, size_t n)
{
    const char *kind = t->lines ? "line" : "record";
    long no = row >= 0 && (size_t)row < t->n_rows ? t->label[row] : row + 1;
    if (id && *id)
        snprintf(buf, n, "%s %ld (id %s)", kind, no, id);
    else
        snprintf(buf, n, "%s %ld", kind, no);
}

jh_status jh_ftable_point(const jh_ftable *t, long row, const char *id, double *x, double *y,
                          jh_error *err)
{
    char w[300]; /* the row, written for a message only */
    if (t->geom_err[row]) {
        jh_ftable_where(t, row, id, w, sizeof w);
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: %s", t->geom_name, w, t->geom_err[row]);
    }
    *x = t->x[row];
    *y = t->y[row];
    if (!isfinite(*x) || !isfinite(*y)) {
        jh_ftable_where(t, row, id, w, sizeof w);
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: expected finite coordinates",
                            t->geom_name, w);
    }
    return JH_OK;
}

jh_status jh_ftable_text(const jh_ftable *t, long row, int field, char **out, jh_error *err)
{
    const char *s = field >= 0 ? t->cols[field][row] : NULL;
    *out = strdup(s ? s : "");
    return *out ? JH_OK : jh_error_set(err, JH_ERR_RUN, "out of memory");
}

static jh_status bad(const jh_ftable *t, long row, int field, const char *name, const char *id,
                     const char *what, const char *got, jh_error *err)
{
    char w[300], f[256];
    jh_ftable_where(t, row, id, w, sizeof w);
    if (strcasecmp(t->fields[field], name) != 0)
        snprintf(f, sizeof f, "%s (%s)", name, t->fields[field]);
    else
        snprintf(f, sizeof f, "%s", name);
    return jh_error_set(err, JH_ERR_INPUT, "%s: %s: field %s: expected %s, got '%.100s'", t->name,
                        w, f, what, got);
}

/* s is 1 to 15 digits, then blanks at most: true, its value in *v (the
 * usual figure of a layer, read without strtod; anything else goes to
 * the callers' strtod and its messages) */
static bool whole_number(const char *s, long *v)
{
    long x = 0;
    size_t n = 0;
    for (; s[n] >= '0' && s[n] <= '9' && n < 15; n++)
        x = x * 10 + (s[n] - '0');
    size_t e = n;
    while (s[e] == ' ')
        e++;
    *v = x;
    return n > 0 && s[e] == '\0';
}

jh_status jh_ftable_number(const jh_ftable *t, long row, int field, const char *name,
                           const char *id, double *out, bool *given, jh_error *err)
{
    return jh_ftable_number_max(t, row, field, name, id, JH_MAX_AMOUNT, out, given, err);
}

jh_status jh_ftable_number_max(const jh_ftable *t, long row, int field, const char *name,
                               const char *id, double max, double *out, bool *given,
                               jh_error *err)
{
    *out = 0;
    if (given)
        *given = false;
    const char *s = field >= 0 ? t->cols[field][row] : NULL;
    if (!s)
        return JH_OK;
    /* a whole number (whole_number): the value strtod gives, exactly
     * (below 2^53), without it (a village's population) */
    long fast;
    if (whole_number(s, &fast) && (double)fast <= max) {
        *out = (double)fast;
        if (given)
            *given = true;
        return JH_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < 0)
        return bad(t, row, field, name, id, "a non-negative number", s, err);
    if (v > max) { /* bounds at load (county.h), not an overflow later */
        char what[96];
        snprintf(what, sizeof what, "a non-negative number of at most %.15g (the maximum)", max);
        return bad(t, row, field, name, id, what, s, err);
    }
    *out = v;
    if (given)
        *given = true;
    return JH_OK;
}

jh_status jh_ftable_count(const jh_ftable *t, long row, int field, const char *name,
                          const char *id, long *out, bool *given, jh_error *err)
{
    *out = 0;
    if (given)
        *given = false;
    const char *s = field >= 0 ? t->cols[field][row] : NULL;
    if (!s)
        return JH_OK;
    /* the usual value, a whole number (whole_number), read without strtod
     * (exactly the whole number it would give; a county has a few counts
     * per village) */
    long fast;
    if (whole_number(s, &fast) && fast <= JH_MAX_COUNT) {
        *out = fast;
        if (given)
            *given = true;
        return JH_OK;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < 0 || v != floor(v))
        return bad(t, row, field, name, id, "a non-negative whole number", s, err);
    if (v > (double)JH_MAX_COUNT) {
        char what[96];
        snprintf(what, sizeof what, "a non-negative whole number of at most %ld (the maximum)",
                 JH_MAX_COUNT);
        return bad(t, row, field, name, id, what, s, err);
    }
    *out = (long)v;
    if (given)
        *given = true;
    return JH_OK;
}

void jh_ftable_free(jh_ftable *t)
{
    if (!t)
        return;
    for (size_t f = 0; f < t->n_fields; f++) {
        for (size_t r = 0; f >= t->n_pooled && r < t->n_rows; r++)
            free(t->cols[f][r]);
        free(t->cols[f]);
        free(t->fields[f]);
        if (t->origin)
            free(t->origin[f]);
    }
    free(t->origin);
    jh_text_pool_free(t->pool);
    for (size_t r = 0; r < t->n_rows; r++)
        free_geom_err(t->geom_err[r]);
    for (size_t i = 0; i < t->n_bound; i++)
        free(t->bound_name[i]);
    free(t->bound_name);
    free(t->bound_col);
    free(t->cols);
    free(t->fields);
    free(t->x);
    free(t->y);
    free(t->label);
    free(t->geom_err);
    free(t->name);
    free(t->geom_name);
    free(t->crs_wkt);
    free(t->prj_path);
    free(t);
}

/* Shapefiles keep Shapelib (their .cpg / language-driver handling); every
 * other path goes to OGR. "x.shp" and a path with no extension (the
 * scenario's "sample-county/schools") are Shapefiles. */
jh_status jh_ftable_open(jh_ftable **out, const char *path, const char *x_col,
                         const char *y_col, jh_warnings *warnings, jh_error *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || strcasecmp(dot, ".shp") == 0)
        return jh_shp_table_read(out, path, warnings, err);
    return jh_ogr_table_read(out, path, NULL, x_col, y_col, true, warnings, err);
}
