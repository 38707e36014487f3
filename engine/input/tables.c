/*
 * tables.c: projections.csv, teachers.csv and od.csv (see tables.h). Each
 * table's columns are looked up through the scenario's map for it, and
 * every required column that is missing is named in one message, so a
 * user fixes a header once; every id is resolved against the layers, every
 * number checked against its bounds (county.h), and duplicate rows are
 * refused naming both lines.
 */
#include "input/tables.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jh_array.h"
#include "jh_text_pool.h"
#include "input/csv.h"
#include "input/od_order.h"

const char *const jh_teachers_columns[] = {"teacher_id", "school_id", "level", "years_at_school",
                                           "backbone", "above_degree", "pe_art", "senior_title",
                                           "age", NULL};
const char *const jh_projections_columns[] = {"village_id", "year", "age", "population", NULL};
const char *const jh_od_columns[] = {"village_id", "school_id", "cost", NULL};

/* The header a table uses for a canonical column: the scenario's map for
 * that table (data.fields.teachers / projections / od), else the name. */
static const char *column_name(const jh_scenario *sc, int layer, const char *canonical)
{
    for (size_t i = 0; sc && i < sc->n_fields; i++)
        if (sc->fields[i].layer == layer && strcmp(sc->fields[i].canonical, canonical) == 0)
            return sc->fields[i].layer_field;
    return canonical;
}

/* Looks up columns names[0..n) into idx (-1 when absent); the first
 * n_required must be there, and all that are not are named at once. A
 * map entry naming a column the table lacks is an error too. */
static jh_status columns(const jh_csv *t, const jh_scenario *sc, int layer,
                         const char *const *names, size_t n, size_t n_required, int *idx,
                         jh_error *err)
{
    static const char *const tables[] = {"", "", "", "teachers", "projections", "od"};
    char missing[1024] = "";
    size_t len = 0, n_missing = 0;
    for (size_t k = 0; k < n; k++) {
        const char *col = column_name(sc, layer, names[k]);
        idx[k] = jh_csv_column(t, col);
        bool mapped = col != names[k];
        if (idx[k] >= 0 || (k >= n_required && !mapped))
            continue;
        if (len + 200 < sizeof missing) {
            if (mapped)
                len += (size_t)snprintf(missing + len, sizeof missing - len,
                                        "%s%s (data.fields.%s maps it to '%s')",
                                        n_missing ? ", " : "", names[k], tables[layer], col);
            else
                len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s",
                                        n_missing ? ", " : "", names[k]);
        }
        n_missing++;
    }
    if (n_missing == 0)
        return JH_OK;
    if (n_missing == 1 && strchr(missing, '(') == NULL)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: line 1: column %s: expected a header column named %s (or a "
                            "data.fields.%s entry mapping it; see docs/DATA.md)",
                            jh_csv_name(t), missing, missing, tables[layer]);
    return jh_error_set(err, JH_ERR_INPUT,
                        "%s: line 1: expected header columns for %zu missing column%s: %s (name "
                        "them so, or map them in data.fields.%s; see docs/DATA.md)",
                        jh_csv_name(t), n_missing, n_missing > 1 ? "s" : "", missing,
                        tables[layer]);
}


/* The village (or school) a table row names in column col: its index in
 * *out, or an error naming the table, line, column and layer. */
static jh_status row_id(const jh_county *c, const jh_csv *t, int col, bool school,
                        const char *layer, int *out, jh_error *err)
{
    const char *id = jh_csv_get(t, (size_t)col);
    *out = school ? jh_county_find_school(c, id) : jh_county_find_village(c, id);
    if (*out >= 0)
        return JH_OK;
    return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected a %s id of %s, got '%s'",
                        jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)col),
                        school ? "school" : "village", layer, id);
}

/* The villages projections.csv is read against: the county's, or (on the
 * loader's second thread, before the county holds them) the layer's ids
 * in their order with a hash of their own. */
typedef struct village_ids {
    const jh_county *c;      /* ids NULL: c's villages and index */
    const char *const *ids;
    size_t n;
    struct jh_idmap *map;    /* over ids */
} village_ids;

static inline const char *vi_id(const village_ids *vi, size_t v)
{
    return vi->ids ? vi->ids[v] : vi->c->villages[v].id;
}

static int vi_find(const void *ctx, const char *id)
{
    const village_ids *vi = ctx;
    return vi->ids ? jh_idmap_find_string(vi->map, vi->ids, id) : jh_county_find_village(vi->c, id);
}

static int school_find(const void *ctx, const char *id)
{
    return jh_county_find_school(ctx, id);
}

/* row_id for a village of vi. */
static jh_status village_row_id(const village_ids *vi, const jh_csv *t, int col,
                                const char *layer, int *out, jh_error *err)
{
    const char *id = jh_csv_get(t, (size_t)col);
    *out = vi_find(vi, id);
    if (*out >= 0)
        return JH_OK;
    return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected a %s id of %s, got '%s'",
                        jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)col),
                        "village", layer, id);
}

/* Duplicate rows: each row's key (as text) and line, sorted by key then
 * line, so equal keys sit side by side with the first line first. */
typedef struct row_key {
    const char *key; /* not owned */
    long line;
} row_key;

static int cmp_key(const void *a, const void *b)
{
    const row_key *p = a, *q = b;
    int c = strcmp(p->key, q->key);
    return c ? c : (p->line > q->line) - (p->line < q->line);
}

/* The first duplicate (by the line of its second occurrence): its index in
 * the sorted keys (the second row), or -1. Sorts keys. */
static long find_duplicate(row_key *keys, size_t n)
{
    qsort(keys, n, sizeof *keys, cmp_key);
    long best = -1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(keys[i].key, keys[i - 1].key) == 0 &&
            (best < 0 || keys[i].line < keys[best].line))
            best = (long)i;
    return best;
}

static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    return s ? s + 1 : p;
}

/* The line of the first row of projections.csv for village v, year and age
 * (a duplicate's first occurrence, read again: the table keeps no lines). */
static long first_line(const village_ids *vi, const jh_scenario *sc, const char *path, int v,
                       long year, long age)
{
    jh_csv *t;
    jh_error e = {0};
    long line = 0;
    int k[4];
    if (jh_csv_open(&t, path, base_name(path), NULL, &e) != JH_OK)
        return 0;
    if (columns(t, sc, 4, jh_projections_columns, 4, 4, k, &e) == JH_OK) {
        for (;;) {
            bool has;
            long y, a;
            if (jh_csv_next(t, &has, &e) != JH_OK || !has)
                break;
            if (jh_csv_get_long(t, k[1], 1900, 2300, "", &y, &e) == JH_OK && y == year &&
                jh_csv_get_long(t, k[2], 0, 14, "", &a, &e) == JH_OK && a == age &&
                vi_find(vi, jh_csv_get(t, (size_t)k[0])) == v) {
                line = jh_csv_line(t);
                break;
            }
        }
    }
    jh_csv_close(t);
    return line;
}

/* strcmp(a, b) == 0 for the short ids of consecutive rows (inline: the
 * call cost more than the compare) */
static inline bool same_id(const char *a, const char *b)
{
    for (; *a == *b; a++, b++)
        if (*a == '\0')
            return true;
    return false;
}

/* The last id a table's rows named and its index (projections.csv comes
 * grouped by village, teachers.csv by school: an id equal to the last
 * row's is not looked up again). */
typedef struct last_id {
    int i;          /* -1: none */
    size_t len;
    bool plain;     /* id holds no byte that ends an unquoted field (a span's) */
    char id[256];
    /* fast_projection's: the id and its comma as 16 bytes under masks
     * (mask[0] 0: longer than 15 bytes), made for village pat_i */
    int pat_i;
    uint64_t pat[2], mask[2];
} last_id;

/* The index of the id in span `id`: the last one's when equal, else
 * find(c, id) (and remembered); -1 when unknown or too long. */
static int find_cached(last_id *last, jh_csv_span id, const void *ctx,
                       int (*find)(const void *, const char *))
{
    size_t same = 0; /* the id's bytes equal to the last's (short: no memcmp call) */
    if (last->i >= 0 && id.n == last->len)
        while (same < id.n && id.s[same] == last->id[same])
            same++;
    if (last->i >= 0 && id.n == last->len && same == id.n)
        return last->i;
    char buf[sizeof last->id];
    if (id.n >= sizeof buf)
        return -1;
    memcpy(buf, id.s, id.n);
    buf[id.n] = '\0';
    int i = find(ctx, buf);
    if (i < 0)
        return -1;
    memcpy(last->id, buf, id.n + 1);
    last->len = id.n;
    last->i = i;
    last->plain = true;
    return i;
}

/* The village of id span `id`, as find_cached(.., jh_county_find_village)
 * gives it: a file grouped by village in the layer's order names the
 * village after the last one next, which is tried before the hash (ids
 * are unique once the county's index is built, so the one equal id is the
 * one the hash would find). */
static inline int village_of(last_id *last, jh_csv_span id, const village_ids *vi)
{
    if (last->i >= 0 && id.n == last->len) {
        size_t same = 0; /* short ids: no memcmp call */
        while (same < id.n && id.s[same] == last->id[same])
            same++;
        if (same == id.n)
            return last->i;
    }
    size_t g = (size_t)last->i + 1;
    if (last->i >= 0 && g < vi->n && id.n < sizeof last->id) {
        const char *vid = vi_id(vi, g);
        if (vid && strncmp(vid, id.s, id.n) == 0 && vid[id.n] == '\0') {
            memcpy(last->id, id.s, id.n);
            last->id[id.n] = '\0';
            last->len = id.n;
            last->i = (int)g;
            last->plain = true;
            return last->i;
        }
    }
    return find_cached(last, id, vi, vi_find);
}

/* The byte cells of the village and year of the last row set
 * (jh_county_projection_bytes), while the table is the one they were found
 * in (its cells and years: a table widened for a year is another, even at
 * the address of one freed before): a file grouped by village and year
 * sets 15 rows in a row there. */
typedef struct last_cells {
    const void *table; /* the table's cells when found; NULL: none */
    int year0, n_years;
    int v, year;
    unsigned char *ages;
} last_cells;

/* What the rows put add to the year totals and the county's count, held
 * apart while a run of rows is read (a local of the reading loop: kept in
 * registers, not stored and loaded again for each row, which made one
 * chain of the whole file) and added to them by sums_flush. */
typedef struct row_sums {
    long year;    /* the year whose total is `total` (year_total's stale); 0: none */
    double total;
    size_t n;     /* byte cells set, not in c->n_projections yet */
} row_sums;

/* year_total and c->n_projections brought up to date; rs empty again. */
static inline void sums_flush(jh_county *c, double *year_total, row_sums *rs)
{
    if (rs->year)
        year_total[rs->year - 1900] = rs->total;
    c->n_projections += rs->n;
    rs->year = 0;
    rs->n = 0;
}

/* A projections.csv row of whole numbers put in place: in range, a known
 * village (v >= 0), totals within bounds and a cell not given yet. False, with
 * nothing changed, for anything else. The year's total is rs's (the same
 * sums, in the same order, as year_total's). */
static inline bool put_projection(jh_county *c, int v, long year, long age, long pop,
                                  last_cells *lc, double *year_total, row_sums *rs)
{
    if (v < 0 || year < 1900 || year > 2300 || age < 0 || age > 14 || pop < 0 ||
        pop > JH_MAX_COUNT)
        return false;
    if (rs->year != year) {
        if (rs->year)
            year_total[rs->year - 1900] = rs->total;
        rs->year = year;
        rs->total = year_total[year - 1900];
    }
    double p = (double)pop, total = rs->total + p;
    if (total > (double)JH_MAX_TOTAL)
        return false;
    /* jh_county_set_projection_count's own step for a small count into a
     * table of bytes, without finding the cell again for each age */
    if (pop < 255 && c->proj.width == 1) {
        if (lc->table != c->proj.cells || lc->year0 != c->proj.year0 ||
            lc->n_years != c->proj.n_years || lc->v != v || lc->year != (int)year) {
            lc->ages = jh_county_projection_bytes(c, v, (int)year);
            lc->table = lc->ages ? c->proj.cells : NULL;
            lc->year0 = c->proj.year0;
            lc->n_years = c->proj.n_years;
            lc->v = v;
            lc->year = (int)year;
        }
        if (lc->ages) {
            if (lc->ages[age])
                return false; /* given before: the general reader's error */
            lc->ages[age] = (unsigned char)(pop + 1);
            rs->n++;
            rs->total = total;
            return true;
        }
    }
    if (jh_county_set_projection_count(c, v, (int)year, (int)age, pop) != JH_OK)
        return false;
    rs->total = total;
    return true;
}

/* A plain row of projections.csv (csv.h: jh_csv_plain_row) taken in place
 * (put_projection). False, with nothing changed and the row not taken, for
 * anything else: the general reader below reads it then (and names the
 * error), so both give the same table and the same messages. */
static bool plain_projection(jh_county *c, const village_ids *vi, jh_csv *t,
                             const jh_csv_span *f, const int *k, last_id *last, last_cells *lc,
                             double *year_total)
{
    row_sums rs = {0};
    bool put = put_projection(c, village_of(last, f[k[0]], vi), f[k[1]].digits,
                              f[k[2]].digits, f[k[3]].digits, lc, year_total, &rs);
    sums_flush(c, year_total, &rs);
    if (!put)
        return false;
    jh_csv_take_plain(t);
    return true;
}

static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline unsigned digit(char b)
{
    return (unsigned)((unsigned char)b - '0'); /* above 9: not a digit */
}

/* A digit field at *p ended by `stop`, read as jh_csv_digits_at reads it
 * with `stop` after it: its value and *p moved past `stop`; -1 (*p
 * unmoved) for anything else. The usual widths (a year's 4 digits, an
 * age's 1 or 2) without a loop. */
static inline long field_digits(const char **p, char stop)
{
    const char *q = *p;
    unsigned a = digit(q[0]), b = digit(q[1]);
    if (a <= 9) {
        if (q[1] == stop) {
            *p = q + 2;
            return a;
        }
        if (b <= 9 && q[2] == stop) {
            *p = q + 3;
            return a * 10 + b;
        }
        unsigned c2 = digit(q[2]), d = digit(q[3]);
        if (b <= 9 && c2 <= 9 && d <= 9 && q[4] == stop) {
            *p = q + 5;
            return ((a * 10 + b) * 10 + c2) * 10 + d;
        }
    }
    long v = jh_csv_digits_at(&q);
    if (v < 0 || *q != stop)
        return -1;
    *p = q + 1;
    return v;
}

/* Whether the id at p is the last row's village followed by a comma,
 * compared as the id is scanned (its bytes end no field: a match stops
 * before this row's end). */
static inline bool same_as_last(const char *p, const last_id *last)
{
    size_t j = 0, n = last->len;
    while (j < n && p[j] == last->id[j])
        j++;
    return j == n && p[n] == ',';
}

/* The end of the village id starting at id->s = p, its length put in
 * id->n: the comma after it, or NULL when the field ends otherwise. */
static inline const char *id_field(const char *p, jh_csv_span *id)
{
    while (!jh_csv_field_end[(unsigned char)*p])
        p++;
    if (*p != ',')
        return NULL;
    id->n = (size_t)(p - id->s);
    return p;
}

/* The plain row of projections.csv with the columns village, year, age,
 * population in this order and no other at p (before `end`), put in place
 * as plain_projection puts it: the start of the next row, or NULL (nothing
 * changed) for a row that jh_csv_plain_row would not give as plain or
 * plain_projection would not take. Rows 32 bytes or more before `end`
 * compare the village (an id of up to 15 bytes) with the last one's as
 * two 8-byte words under a mask, a longer one byte by byte, and read the
 * year and age by field_digits; the last ones byte by byte: the same rows
 * taken, the same values. */
static inline const char *fast_projection(jh_county *c, const village_ids *vi, const char *p,
                                          const char *end, last_id *last, last_cells *lc,
                                          double *year_total, row_sums *rs)
{
    jh_csv_span id = {.s = p};
    int v = -1;
    long year, age, pop;
    if (end - p >= 32) {
        if (last->i >= 0 && last->plain) {
            if (last->pat_i != last->i) {
                last->pat_i = last->i;
                last->mask[0] = last->mask[1] = 0;
                size_t n = last->len + 1; /* the id and its comma */
                if (n <= 16) {
                    unsigned char b[16] = {0}, m[16] = {0};
                    memcpy(b, last->id, last->len);
                    b[last->len] = ',';
                    memset(m, 0xFF, n);
                    memcpy(last->pat, b, 16);
                    memcpy(last->mask, m, 16);
                }
            }
            if (last->mask[0]) {
                if ((load8(p) & last->mask[0]) == last->pat[0] &&
                    (load8(p + 8) & last->mask[1]) == last->pat[1]) {
                    v = last->i;
                    p += last->len;
                }
            } else if (same_as_last(p, last)) {
                v = last->i;
                p += last->len;
            }
        }
        if (v < 0 && !(p = id_field(p, &id)))
            return NULL;
        p++;
        if ((year = field_digits(&p, ',')) < 0 || (age = field_digits(&p, ',')) < 0)
            return NULL;
        /* the population and a LF by field_digits (left at the LF), else
         * (a CRLF, anything else) as below */
        const char *q = p;
        if ((pop = field_digits(&q, '\n')) >= 0)
            p = q - 1;
        else if ((pop = jh_csv_digits_at(&p)) < 0)
            return NULL;
    } else {
        if (last->i >= 0 && last->plain && same_as_last(p, last)) {
            v = last->i;
            p += last->len;
        }
        if (v < 0 && !(p = id_field(p, &id)))
            return NULL;
        p++;
        year = jh_csv_digits_at(&p);
        if (year < 0 || *p++ != ',')
            return NULL;
        age = jh_csv_digits_at(&p);
        if (age < 0 || *p++ != ',')
            return NULL;
        pop = jh_csv_digits_at(&p);
        if (pop < 0)
            return NULL;
    }
    if (*p == '\r' && p[1] == '\n')
        p++;
    if (*p != '\n' || p >= end)
        return NULL;
    if (v < 0)
        v = village_of(last, id, vi);
    if (!put_projection(c, v, year, age, pop, lc, year_total, rs))
        return NULL;
    return p + 1;
}

/* The rows at p after one fast_projection put (the usual file: a
 * village's 15 ages of a year, one row after the other): while a row names
 * the same village and year, byte for byte as the last one's text (the id
 * and its comma under last's masks, the year's four digits and a comma), an
 * age of 1 or 2 digits and a population of 1 to 3 digits below 255 before
 * a LF, all within 32 bytes before `end`, and its byte cell is free and the
 * year's total stays in bounds, it is put as fast_projection would put it
 * (the same cell, the same sums in the same order) with no other look.
 * Returns where the rows it did not take begin (p when none); *rows counts
 * the rows taken. */
static inline const char *same_cells(const jh_county *c, const char *p, const char *end,
                                     const last_id *last, const last_cells *lc, row_sums *rs,
                                     long *rows)
{
    if (last->i < 0 || !last->plain || last->pat_i != last->i || !last->mask[0] ||
        !lc->ages || lc->table != c->proj.cells || c->proj.width != 1 ||
        lc->year0 != c->proj.year0 || lc->n_years != c->proj.n_years || lc->v != last->i ||
        rs->year != lc->year || rs->year < 1900 || rs->year > 2300)
        return p;
    const uint64_t m0 = last->mask[0], m1 = last->mask[1], p0 = last->pat[0],
                   p1 = last->pat[1];
    const size_t len = last->len + 1; /* the id and its comma */
    /* "YYYY," as the low five bytes of a word */
    unsigned y = (unsigned)rs->year;
    const char ytext[8] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10),
                           (char)('0' + y / 10 % 10), (char)('0' + y % 10), ',', 0, 0, 0};
    const uint64_t ymask = 0xFFFFFFFFFFULL, ypat = load8(ytext) & ymask;
    unsigned char *ages = lc->ages;
    double total = rs->total;
    size_t n = 0;
    while (end - p >= 32) {
        if ((load8(p) & m0) != p0 || (load8(p + 8) & m1) != p1)
            break;
        const char *r = p + len;
        if ((load8(r) & ymask) != ypat)
            break;
        r += 5;
        unsigned a = digit(r[0]), b = digit(r[1]);
        unsigned age;
        if (a <= 9 && r[1] == ',')
            age = a, r += 2;
        else if (a <= 9 && b <= 9 && r[2] == ',')
            age = a * 10 + b, r += 3;
        else
            break;
        unsigned d0 = digit(r[0]), d1 = digit(r[1]), d2 = digit(r[2]);
        unsigned pop;
        if (d0 <= 9 && r[1] == '\n')
            pop = d0, r += 2;
        else if (d0 <= 9 && d1 <= 9 && r[2] == '\n')
            pop = d0 * 10 + d1, r += 3;
        else if (d0 <= 9 && d1 <= 9 && d2 <= 9 && r[3] == '\n')
            pop = (d0 * 10 + d1) * 10 + d2, r += 4;
        else
            break;
        if (age > 14 || pop >= 255 || ages[age])
            break;
        double t = total + (double)pop;
        if (t > (double)JH_MAX_TOTAL)
            break;
        ages[age] = (unsigned char)(pop + 1);
        total = t;
        n++;
        p = r;
    }
    rs->total = total;
    rs->n += n;
    *rows += (long)n;
    return p;
}

/* The rows of projections.csv into the county's table. With `check_as_read`
 * the file is checked for UTF-8 as it is read (one pass over it, not two);
 * *again is set when it turned out not to be UTF-8 after some rows: the
 * caller clears the table and reads it again as GBK. */
static jh_status load_projection_rows(jh_county *c, const village_ids *vi,
                                      const jh_scenario *sc, const char *path,
                                      const char *villages_file, bool check_as_read,
                                      const atomic_bool *cancel, bool *again, jh_error *err)
{
    jh_csv *t;
    *again = false;
    size_t warned = c->warnings.count;
    jh_status st = check_as_read
                       ? jh_csv_open_checked_as_read(&t, path, base_name(path), &c->warnings, err)
                       : jh_csv_open(&t, path, base_name(path), &c->warnings, err);
    if (st != JH_OK) {
        /* a header that does not parse, told as a whole read tells it
         * (unless the file was found to be GBK already, and said so) */
        *again = check_as_read && c->warnings.count == warned;
        return st;
    }
    int k[4];
    last_id last = {.i = -1, .pat_i = -1};
    last_cells lc = {.table = NULL};
    jh_csv_span f[32];
    double *year_total = calloc(401, sizeof *year_total); /* 1900-2300 */
    if (!year_total) {
        jh_csv_close(t);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    if ((st = columns(t, sc, 4, jh_projections_columns, 4, 4, k, err)) != JH_OK)
        goto done;
    /* the horizon's years first: a table that gives them is not moved as
     * it fills (other years widen it) */
    if (jh_county_reserve_projections(c, sc->start_year, sc->end_year) != JH_OK) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (projections.csv)");
        goto done;
    }
    /* the usual file: its columns in the usual order and no other */
    bool fast = jh_csv_columns(t) == 4 && k[0] == 0 && k[1] == 1 && k[2] == 2 && k[3] == 3;
    for (;;) {
        if (cancel && atomic_load_explicit(cancel, memory_order_relaxed)) {
            st = jh_error_set(err, JH_ERR_RUN, "%s: reading stopped", jh_csv_name(t));
            break;
        }
        if (fast) {
            const char *p, *end;
            if ((st = jh_csv_plain_text(t, &p, &end, err)) != JH_OK)
                break;
            const char *q = p, *next;
            long rows = 0;
            row_sums rs = {0};
            while (q && q < end &&
                   (next = fast_projection(c, vi, q, end, &last, &lc, year_total, &rs))) {
                rows++;
                q = same_cells(c, next, end, &last, &lc, &rs, &rows);
            }
            sums_flush(c, year_total, &rs);
            jh_csv_take_plain_text(t, q, rows);
            if (rows && q == end)
                continue;
            /* the row at q (if any) is the readers' below */
        }
        size_t nf;
        if ((st = jh_csv_plain_row(t, f, sizeof f / sizeof f[0], &nf, err)) != JH_OK)
            break;
        if (nf && plain_projection(c, vi, t, f, k, &last, &lc, year_total))
            continue;
        bool has;
        if ((st = jh_csv_next(t, &has, err)) != JH_OK || !has)
            break;
        int v;
        const char *vid = jh_csv_get(t, (size_t)k[0]);
        if (last.i >= 0 && same_id(vid, last.id)) {
            v = last.i;
        } else {
            if ((st = village_row_id(vi, t, k[0], villages_file, &v, err)))
                goto done;
            size_t len = strlen(vid);
            last.i = len < sizeof last.id ? v : -1;
            if (last.i >= 0) {
                memcpy(last.id, vid, len + 1);
                last.len = len;
                last.plain = !strpbrk(vid, ",\r\n\""); /* a quoted id's may */
            }
        }
        long year, age;
        double pop;
        if ((st = jh_csv_get_long(t, k[1], 1900, 2300, "a year (1900-2300)", &year, err)) ||
            (st = jh_csv_get_long(t, k[2], 0, 14, "an age from 0 to 14", &age, err)) ||
            (st = jh_csv_get_double(t, k[3], 0, "a non-negative number", &pop, err)))
            goto done;
        if (pop > (double)JH_MAX_COUNT) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: column %s: expected a population of at most %ld "
                              "(the maximum per village, year and age), got '%s'",
                              jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)k[3]),
                              JH_MAX_COUNT, jh_csv_get(t, (size_t)k[3]));
            goto done;
        }
        year_total[year - 1900] += pop;
        if (year_total[year - 1900] > (double)JH_MAX_TOTAL) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: column %s: the children of %ld reach %.0f with this "
                              "row, expected at most %ld in all (the maximum for one run)",
                              jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)k[3]),
                              year, year_total[year - 1900], JH_MAX_TOTAL);
            goto done;
        }
        /* one row per village, year and age: a second one would be added
         * to the first or replace it, silently either way */
        jh_status set = jh_county_set_projection(c, v, (int)year, (int)age, pop);
        if (set == JH_ERR_INPUT) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: expected one row per village, year and age, got "
                              "village %s, year %ld, age %ld again (first on line %ld)",
                              jh_csv_name(t), jh_csv_line(t), vi_id(vi, (size_t)v), year, age,
                              first_line(vi, sc, path, v, year, age));
            goto done;
        }
        if (set != JH_OK) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (projections.csv)");
            goto done;
        }
    }
    *again = st == JH_OK && jh_csv_not_utf8(t);
done:
    /* an error in a file checked as read: its rest may not be UTF-8, and
     * then the rows read as GBK decide, as they would have from the start */
    if (st != JH_OK && jh_csv_checking(t))
        *again = true;
    free(year_total);
    jh_csv_close(t);
    return st;
}

static jh_status load_projections(jh_county *c, const village_ids *vi, const jh_scenario *sc,
                                  const char *path, const char *villages_file,
                                  const atomic_bool *cancel, jh_error *err)
{
    bool again;
    jh_status st = load_projection_rows(c, vi, sc, path, villages_file, true, cancel, &again, err);
    if (again && !(cancel && atomic_load(cancel))) {
        /* not UTF-8 after all (or an error to be told as the file reads
         * whole): what was read goes, the file is read as jh_csv_open reads it */
        jh_projection_table_free(&c->proj);
        c->n_projections = 0;
        st = load_projection_rows(c, vi, sc, path, villages_file, false, cancel, &again, err);
    }
    c->has_projections = st == JH_OK;
    return st;
}

jh_status jh_tables_load_projections(jh_county *c, const jh_scenario *sc, const char *path,
                                     const char *villages_file, jh_error *err)
{
    village_ids vi = {.c = c, .n = c->n_villages};
    return load_projections(c, &vi, sc, path, villages_file, NULL, err);
}

jh_status jh_tables_load_projections_ids(jh_county *c, const char *const *ids, size_t n,
                                         const jh_scenario *sc, const char *path,
                                         const char *villages_file, const atomic_bool *cancel,
                                         jh_error *err)
{
    village_ids vi = {.c = c, .ids = ids, .n = n, .map = jh_idmap_strings(ids, n)};
    if (!vi.map)
        return jh_error_set(err, JH_ERR_RUN, "out of memory indexing villages");
    jh_status st = load_projections(c, &vi, sc, path, villages_file, cancel, err);
    jh_idmap_free(vi.map);
    return st;
}

/* A span equal to one of the words jh_level_parse takes (ASCII ones in any
 * case): the level into *out. */
static bool span_level(jh_csv_span f, jh_level *out)
{
    static const struct {
        const char *w;
        bool ascii;
        jh_level l;
    } words[] = {{"primary", true, JH_PRIMARY},  {"小学", false, JH_PRIMARY},
                 {"junior", true, JH_JUNIOR},    {"初中", false, JH_JUNIOR}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].w);
        if (f.n == n && (words[i].ascii ? strncasecmp(f.s, words[i].w, n) == 0
                                        : memcmp(f.s, words[i].w, n) == 0)) {
            *out = words[i].l;
            return true;
        }
    }
    return false;
}

/* A plain row of teachers.csv (csv.h: jh_csv_plain_row) read in place into
 * *te: a teacher id, a known school, a level word, whole numbers in range
 * and flags 0 or 1. False, with the row not taken and te->id NULL, for
 * anything else (or no memory for the id): the general reader reads the
 * row then and names any error, so both give the same roster and the same
 * messages. k: the columns (-1 when absent). */
static bool plain_teacher(jh_county *c, jh_csv *t, const jh_csv_span *f, const int *k,
                          last_id *last, jh_teacher *te)
{
    memset(te, 0, sizeof *te);
    jh_csv_span tid = f[k[0]], sid = f[k[1]];
    if (tid.n == 0 || !span_level(f[k[2]], &te->level))
        return false;
    if (k[3] >= 0) {
        long v = f[k[3]].digits;
        if (v < 0 || v > 80)
            return false;
        te->years_at_school = (int)v;
    }
    if (k[8] >= 0) {
        long v = f[k[8]].digits;
        if (v < 15 || v > 100)
            return false;
        te->age = (int)v;
    }
    bool *b[4] = {&te->backbone, &te->above_degree, &te->pe_art, &te->senior_title};
    for (int i = 0; i < 4; i++) {
        if (k[4 + i] < 0)
            continue;
        long v = f[k[4 + i]].digits; /* "1" or "0", as jh_csv_get_bool reads them */
        if (f[k[4 + i]].n != 1 || (v != 0 && v != 1))
            return false;
        *b[i] = v == 1;
    }
    if ((te->school = find_cached(last, sid, c, school_find)) < 0)
        return false;
    if (!(te->id = jh_text_pool_copy_n(c->teacher_ids, tid.s, tid.n)))
        return false;
    jh_csv_take_plain(t);
    te->line = jh_csv_line(t);
    return true;
}

jh_status jh_tables_load_teachers(jh_county *c, const jh_scenario *sc, const char *path,
                                  const char *schools_file, jh_error *err)
{
    jh_csv *t;
    jh_status st = jh_csv_open(&t, path, base_name(path), &c->warnings, err);
    if (st != JH_OK)
        return st;
    int k[9];
    size_t cap = 0;
    if ((st = columns(t, sc, 3, jh_teachers_columns, 9, 3, k, err)) != JH_OK)
        goto done;
    /* the ids end to end in one pool, not a malloc each */
    if (!c->teacher_ids && !(c->teacher_ids = jh_text_pool_new())) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    int years = k[3], age = k[8];
    int flags[4] = {k[4], k[5], k[6], k[7]};
    last_id last = {.i = -1};
    jh_csv_span f[32];
    for (;;) {
        jh_teacher *g = jh_array_grow(c->teachers, c->n_teachers, &cap, sizeof *g, 1024);
        if (!g) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
        c->teachers = g;
        size_t nf;
        if ((st = jh_csv_plain_row(t, f, sizeof f / sizeof f[0], &nf, err)) != JH_OK)
            break;
        if (nf && plain_teacher(c, t, f, k, &last, &c->teachers[c->n_teachers])) {
            c->n_teachers++;
            continue;
        }
        bool has;
        if ((st = jh_csv_next(t, &has, err)) != JH_OK || !has)
            break;
        jh_teacher *te = &c->teachers[c->n_teachers];
        memset(te, 0, sizeof *te);
        te->line = jh_csv_line(t);
        const char *tid = jh_csv_get(t, (size_t)k[0]);
        if (!*tid) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected a teacher id, "
                              "got an empty value", jh_csv_name(t), te->line, jh_csv_header(t, (size_t)k[0]));
            goto done;
        }
        if ((st = row_id(c, t, k[1], true, schools_file, &te->school, err)))
            goto done;
        const char *lv = jh_csv_get(t, (size_t)k[2]);
        if (!jh_level_parse(lv, &te->level)) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: column %s: expected primary or "
                              "junior (小学, 初中), got '%s'", jh_csv_name(t), te->line,
                              jh_csv_header(t, (size_t)k[2]), lv);
            goto done;
        }
        long v = 0;
        if (years >= 0 && (st = jh_csv_get_long(t, years, 0, 80, "a whole number of years (0-80)",
                                                &v, err)))
            goto done;
        te->years_at_school = (int)v;
        v = 0;
        if (age >= 0 && (st = jh_csv_get_long(t, age, 15, 100, "an age in years (15-100)", &v, err)))
            goto done;
        te->age = (int)v;
        bool *b[4] = {&te->backbone, &te->above_degree, &te->pe_art, &te->senior_title};
        for (int i = 0; i < 4; i++)
            if (flags[i] >= 0 && (st = jh_csv_get_bool(t, flags[i], b[i], err)))
                goto done;
        te->id = jh_text_pool_copy(c->teacher_ids, tid);
        if (!te->id) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
        c->n_teachers++;
    }
    /* a teacher listed twice would be counted twice; ids in increasing
     * order (as a roster often lists them) are all different, else they
     * are sorted to find the first repeat */
    size_t rising = c->n_teachers > 0;
    while (st == JH_OK && rising < c->n_teachers &&
           strcmp(c->teachers[rising - 1].id, c->teachers[rising].id) < 0)
        rising++;
    if (st == JH_OK && rising < c->n_teachers) {
        row_key *keys = malloc(c->n_teachers * sizeof *keys);
        if (!keys) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < c->n_teachers; i++)
            keys[i] = (row_key){c->teachers[i].id, c->teachers[i].line};
        long d = find_duplicate(keys, c->n_teachers);
        if (d >= 0)
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: column %s: expected a unique teacher id, got '%s' "
                              "again (first on line %ld)",
                              jh_csv_name(t), keys[d].line, jh_csv_header(t, (size_t)k[0]),
                              keys[d].key, keys[d - 1].line);
        free(keys);
    }
    if (st == JH_OK && c->n_teachers == 0) {
        double layer = 0;
        for (size_t i = 0; i < c->n_schools; i++)
            layer += c->schools[i].res.teachers;
        jh_warnings_add(&c->warnings,
                        "%s: the roster lists no teachers (a header and no rows) while %s "
                        "counts %.0f; every school is taken to have none",
                        jh_csv_name(t), schools_file, layer);
    }
    c->has_roster = st == JH_OK;
done:
    jh_csv_close(t);
    return st;
}

/* row_id for a table whose rows come village by village, each village's
 * schools in layer order: the id is compared with the last row's (*last:
 * its index, -1 none) and the one after it in the layer before it is
 * looked up (ids are unique in a layer, so a match is the same index). */
static jh_status row_id_next(const jh_county *c, const jh_csv *t, int col, bool school,
                             const char *layer, int *last, int *out, jh_error *err)
{
    const char *id = jh_csv_get(t, (size_t)col);
    size_t n = school ? c->n_schools : c->n_villages;
    for (int k = *last; k >= 0 && k <= *last + 1 && (size_t)k < n; k++)
        if (strcmp(id, school ? c->schools[k].id : c->villages[k].id) == 0) {
            *out = *last = k;
            return JH_OK;
        }
    jh_status st = row_id(c, t, col, school, layer, out, err);
    *last = st == JH_OK ? *out : -1;
    return st;
}

jh_status jh_tables_load_od(jh_county *c, const jh_scenario *sc, const char *path,
                            const char *schools_file, const char *villages_file, jh_error *err)
{
    jh_csv *t;
    jh_status st = jh_csv_open(&t, path, base_name(path), &c->warnings, err);
    if (st != JH_OK)
        return st;
    int k[3];
    int *vil = NULL;
    jh_od_pair *pairs = NULL, *radix_tmp = NULL;
    int *stamp = NULL;
    long *seen_line = NULL;
    size_t n = 0, cap = 0;
    int last_v = -1, last_s = -1;
    if ((st = columns(t, sc, 5, jh_od_columns, 3, 3, k, err)) != JH_OK)
        goto done;
    {
        /* Room for as many rows as the file could hold (a row is at least
         * 6 bytes): one allocation, no copies as it grows; the pages past
         * the rows read are never touched, so they cost nothing. */
        struct stat sb;
        if (stat(path, &sb) == 0 && sb.st_size > 0) {
            cap = (size_t)sb.st_size / 6 + 16;
            pairs = jh_array_resize(NULL, cap, sizeof *pairs);
            vil = jh_array_resize(NULL, cap, sizeof *vil);
            if (!pairs || !vil)
                cap = 0;
        }
    }
    for (;;) {
        bool has;
        if ((st = jh_csv_next(t, &has, err)) != JH_OK || !has)
            break;
        int v;
        if ((st = row_id_next(c, t, k[0], false, villages_file, &last_v, &v, err)))
            goto done;
        int s; /* schools built later are there too */
        if ((st = row_id_next(c, t, k[1], true, schools_file, &last_s, &s, err)))
            goto done;
        double cost;
        if ((st = jh_csv_get_double(t, k[2], 0, "a non-negative cost", &cost, err)))
            goto done;
        if (cost > JH_MAX_COST) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: line %ld: column %s: expected a cost of at most %.0f (the "
                              "maximum: 10,000 km in metres), got '%s'",
                              jh_csv_name(t), jh_csv_line(t), jh_csv_header(t, (size_t)k[2]),
                              JH_MAX_COST, jh_csv_get(t, (size_t)k[2]));
            goto done;
        }
        if (n == cap) {
            cap = jh_array_next_cap(cap, 4096);
            jh_od_pair *g = jh_array_resize(pairs, cap, sizeof *g);
            int *gv = jh_array_resize(vil, cap, sizeof *gv);
            if (gv)
                vil = gv;
            if (g)
                pairs = g;
            if (!g || !gv) {
                st = jh_error_set(err, JH_ERR_RUN, "out of memory");
                goto done;
            }
        }
        pairs[n] = (jh_od_pair){cost, s, jh_csv_line(t)};
        vil[n++] = v;
    }
    if (st != JH_OK)
        goto done;
    /* counting sort by village into CSR, then sort each village by cost */
    c->od.start = calloc(c->n_villages + 1, sizeof *c->od.start);
    c->od.school = malloc((n ? n : 1) * sizeof *c->od.school);
    c->od.cost = malloc((n ? n : 1) * sizeof *c->od.cost);
    /* rows already grouped by village in village order (a table written
     * village by village) need no counting sort: sorted in place */
    bool grouped = true;
    for (size_t i = 1; i < n && grouped; i++)
        grouped = vil[i - 1] <= vil[i];
    jh_od_pair *sorted = grouped ? pairs : malloc((n ? n : 1) * sizeof *sorted);
    stamp = malloc((c->n_schools ? c->n_schools : 1) * sizeof *stamp);
    seen_line = malloc((c->n_schools ? c->n_schools : 1) * sizeof *seen_line);
    /* a village has one pair a school at most (checked below) */
    radix_tmp = malloc((c->n_schools ? c->n_schools : 1) * sizeof *radix_tmp);
    if (!c->od.start || !c->od.school || !c->od.cost || !sorted || !stamp || !seen_line || !radix_tmp) {
        if (!grouped)
            free(sorted);
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        c->od.start[vil[i] + 1]++;
    for (size_t v = 0; v < c->n_villages; v++)
        c->od.start[v + 1] += c->od.start[v];
    if (!grouped) {
        size_t *fill = malloc((c->n_villages + 1) * sizeof *fill);
        if (!fill) {
            free(sorted);
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
            goto done;
        }
        memcpy(fill, c->od.start, (c->n_villages + 1) * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            sorted[fill[vil[i]]++] = pairs[i];
        free(fill);
    }
    for (size_t s = 0; s < c->n_schools; s++)
        stamp[s] = -1;
    for (size_t v = 0; v < c->n_villages; v++) {
        size_t a = c->od.start[v], b = c->od.start[v + 1];
        for (size_t i = a; i < b; i++) {
            int s = sorted[i].school;
            if (stamp[s] == (int)v) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: expected one row per village and school, got "
                                  "village %s and school %s again (first on line %ld)",
                                  jh_csv_name(t), sorted[i].line > seen_line[s] ? sorted[i].line : seen_line[s],
                                  c->villages[v].id, c->schools[s].id,
                                  sorted[i].line > seen_line[s] ? seen_line[s] : sorted[i].line);
                if (!grouped)
                    free(sorted);
                goto done;
            }
            stamp[s] = (int)v;
            seen_line[s] = sorted[i].line;
        }
        jh_od_pairs_sort(sorted + a, b - a, radix_tmp);
    }
    for (size_t i = 0; i < n; i++) {
        c->od.school[i] = sorted[i].school;
        c->od.cost[i] = sorted[i].cost;
    }
    if (!grouped)
        free(sorted);
    c->od.n = n;
    c->od.minutes = sc->rules.distance_minutes;
    c->has_od = true;
done:
    free(pairs);
    free(radix_tmp);
    free(vil);
    free(stamp);
    free(seen_line);
    jh_csv_close(t);
    return st;
}

