/*
 * students_csv.c: the simulation's cells, year by year (see
 * students_csv.h): the table behind every student count of the run, so a
 * planner can follow a village's children to their schools, and a test
 * can check migration village by village and grade by grade.
 *
 * A province run writes tens of millions of rows: each origin's
 * "id,area," and each school's "id,area," text is made once (quoted as
 * jh_csv_field quotes), and a row is copied together from them into a
 * buffer with its numbers written by hand, the same bytes as fprintf's.
 */
#include "output/students_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"

/* Growing text with offsets: segment k is text[off[k] .. off[k + 1]). */
typedef struct segs {
    char *text;
    size_t len, cap;
    size_t *off;
    bool oom;
} segs;

static void seg_put(segs *s, const char *p, size_t n)
{
    if (s->oom)
        return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n)
            cap *= 2;
        char *t = realloc(s->text, cap);
        if (!t) {
            s->oom = true;
            return;
        }
        s->text = t, s->cap = cap;
    }
    memcpy(s->text + s->len, p, n);
    s->len += n;
}

/* jh_csv_field's text into s */
static void seg_field(segs *s, const char *v)
{
    if (!v)
        return;
    size_t n = strlen(v);
    bool quote = n > 0 && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t');
    for (const char *p = v; *p && !quote; p++)
        if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
            quote = true;
    if (!quote) {
        seg_put(s, v, n);
        return;
    }
    seg_put(s, "\"", 1);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            seg_put(s, "\"", 1);
        seg_put(s, p, 1);
    }
    seg_put(s, "\"", 1);
}

static void seg_area(segs *s, const char *area)
{
    seg_put(s, ",", 1);
    seg_put(s, area, strlen(area));
    seg_put(s, ",", 1);
}

/* origins: villages 0..nv-1, then school sites (origin -1 - i) at nv + i,
 * then the unknown origin at nv + ns; schools: 0..ns-1, then unplaced. */
static bool make_segments(const jh_county *c, segs *o, segs *sc)
{
    size_t nv = c->n_villages, ns = c->n_schools;
    o->off = malloc((nv + ns + 2) * sizeof *o->off);
    sc->off = malloc((ns + 2) * sizeof *sc->off);
    if (!o->off || !sc->off)
        return false;
    for (size_t i = 0; i < nv; i++) {
        o->off[i] = o->len;
        seg_field(o, c->villages[i].id);
        seg_area(o, jh_area_name(c->villages[i].area));
    }
    for (size_t i = 0; i < ns; i++) {
        o->off[nv + i] = o->len;
        seg_put(o, "site:", 5);
        seg_field(o, c->schools[i].id);
        seg_area(o, jh_area_name(c->schools[i].area));
        sc->off[i] = sc->len;
        seg_field(sc, c->schools[i].id);
        seg_area(sc, jh_area_name(c->schools[i].area));
    }
    o->off[nv + ns] = o->len;
    seg_put(o, ",,", 2);
    o->off[nv + ns + 1] = o->len;
    sc->off[ns] = sc->len;
    seg_put(sc, ",,", 2);
    sc->off[ns + 1] = sc->len;
    return !o->oom && !sc->oom;
}

/* "%d" of v at p; returns the end */
static char *put_int(char *p, int v)
{
    char tmp[16];
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = tmp[--n];
    return p;
}

jh_status jh_output_write_students_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    const jh_county *c = r->county;
    segs o = {0}, sc = {0};
    if (!make_segments(c, &o, &sc)) {
        free(o.text), free(o.off), free(sc.text), free(sc.off);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    FILE *f = jh_output_open(path, err);
    if (!f) {
        free(o.text), free(o.off), free(sc.text), free(sc.off);
        return JH_ERR_RUN;
    }
    size_t nv = c->n_villages, ns = c->n_schools;
    fputs("year,origin,origin_area,school_id,school_area,grade,students\n", f);
    enum { BUF = 1 << 16 };
    char *buf = malloc(BUF);
    size_t used = 0;
    for (size_t y = 0; buf && y < r->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        char year[16];
        size_t year_len = (size_t)(put_int(year, yr->year) - year);
        year[year_len++] = ',';
        for (size_t k = 0; k < yr->n_cells; k++) {
            const jh_cell *cl = &yr->cells[k];
            if (cl->count <= 0)
                continue;
            size_t oi = nv + ns; /* unknown origin */
            if (cl->origin >= 0 && (size_t)cl->origin < nv)
                oi = (size_t)cl->origin;
            else if (cl->origin < 0 && (size_t)(-1 - cl->origin) < ns)
                oi = nv + (size_t)(-1 - cl->origin);
            size_t si = cl->school >= 0 && (size_t)cl->school < ns ? (size_t)cl->school : ns;
            size_t ol = o.off[oi + 1] - o.off[oi], sl = sc.off[si + 1] - sc.off[si];
            size_t need = year_len + ol + sl + 32;
            if (used + need > BUF) {
                fwrite(buf, 1, used, f);
                used = 0;
            }
            if (need > BUF) { /* a row longer than the buffer (very long ids) */
                fwrite(year, 1, year_len, f);
                fwrite(o.text + o.off[oi], 1, ol, f);
                fwrite(sc.text + sc.off[si], 1, sl, f);
                fprintf(f, "%d,%d\n", cl->grade + 1, cl->count);
                continue;
            }
            char *p = buf + used;
            memcpy(p, year, year_len), p += year_len;
            memcpy(p, o.text + o.off[oi], ol), p += ol;
            memcpy(p, sc.text + sc.off[si], sl), p += sl;
            p = put_int(p, cl->grade + 1);
            *p++ = ',';
            p = put_int(p, cl->count);
            *p++ = '\n';
            used = (size_t)(p - buf);
        }
    }
    if (buf && used)
        fwrite(buf, 1, used, f);
    free(o.text), free(o.off), free(sc.text), free(sc.off);
    if (!buf) {
        fclose(f);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    free(buf);
    return jh_output_close(f, path, err);
}
