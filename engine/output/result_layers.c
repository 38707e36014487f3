/*
 * result_layers: the run's results as Shapefiles a planner opens in QGIS or
 * ArcGIS beside the input layers — schools.shp (every school with its
 * final-year figures and status) and assignments.shp (a line from each
 * village, or school site, to the school its students attend in the final
 * year). Written through Shapelib; the .prj comes from PROJ (ESRI WKT, what
 * ArcGIS and GDAL both read) and the .cpg says the attribute text is UTF-8.
 */
#include "output/result_layers.h"

#include "output/format.h"

#include <errno.h>
#include <math.h>
#include <proj.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>

/*
 * Shapelib seeks before every record it writes, which through stdio costs a
 * few system calls per record (about 1 s per 200,000 lines, measured). These
 * hooks keep each file in memory while Shapelib writes it and write it out
 * in one go when Shapelib closes it. A failed write is remembered in
 * memfile_failed (Shapelib ignores the result of FClose).
 */
typedef struct memfile {
    char *path;
    char *buf;
    size_t len, cap, pos;
    bool dirty;
} memfile;

static _Thread_local bool memfile_failed;

static SAFile mem_open(const char *filename, const char *access)
{
    memfile *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(filename))) {
        free(m);
        return NULL;
    }
    if (strchr(access, 'w')) {
        m->dirty = true; /* created (empty) even when nothing is written */
        return (SAFile)m;
    }
    FILE *f = fopen(filename, "rb");
    if (!f) {
        free(m->path);
        free(m);
        return NULL;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (m->len + n > m->cap) {
            size_t cap = (m->len + n) * 2;
            char *b = realloc(m->buf, cap);
            if (!b) {
                fclose(f);
                free(m->buf);
                free(m->path);
                free(m);
                return NULL;
            }
            m->buf = b, m->cap = cap;
        }
        memcpy(m->buf + m->len, chunk, n);
        m->len += n;
    }
    fclose(f);
    return (SAFile)m;
}

static SAOffset mem_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    if (size == 0 || m->pos >= m->len)
        return 0;
    size_t items = (m->len - m->pos) / size;
    if (items > nmemb)
        items = nmemb;
    memcpy(p, m->buf + m->pos, items * size);
    m->pos += items * size;
    return items;
}

static SAOffset mem_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    size_t n = size * nmemb, end = m->pos + n;
    if (end > m->cap) {
        size_t cap = end < 4096 ? 4096 : end * 2;
        char *b = realloc(m->buf, cap);
        if (!b) {
            memfile_failed = true;
            return 0;
        }
        m->buf = b, m->cap = cap;
    }
    if (m->pos > m->len)
        memset(m->buf + m->len, 0, m->pos - m->len);
    memcpy(m->buf + m->pos, p, n);
    m->pos = end;
    if (end > m->len)
        m->len = end;
    m->dirty = true;
    return nmemb;
}

static SAOffset mem_seek(SAFile file, SAOffset offset, int whence)
{
    memfile *m = (memfile *)file;
    if (whence == SEEK_SET)
        m->pos = offset;
    else if (whence == SEEK_CUR)
        m->pos += offset;
    else
        m->pos = m->len + offset;
    return 0;
}

static SAOffset mem_tell(SAFile file)
{
    return ((memfile *)file)->pos;
}

static int mem_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int mem_close(SAFile file)
{
    memfile *m = (memfile *)file;
    int rc = 0;
    if (m->dirty) {
        FILE *f = fopen(m->path, "wb");
        if (!f || (m->len && fwrite(m->buf, 1, m->len, f) != m->len))
            rc = -1;
        if (f && fclose(f) != 0)
            rc = -1;
    }
    if (rc != 0)
        memfile_failed = true;
    free(m->buf);
    free(m->path);
    free(m);
    return rc;
}

static int mem_remove(const char *filename)
{
    return remove(filename);
}

static void mem_error(const char *message)
{
    (void)message; /* reported through the return values instead */
}

static double mem_atof(const char *s)
{
    return atof(s);
}

static SAHooks mem_hooks(void)
{
    SAHooks h;
    SASetupDefaultHooks(&h);
    h.FOpen = mem_open;
    h.FRead = mem_read;
    h.FWrite = mem_write;
    h.FSeek = mem_seek;
    h.FTell = mem_tell;
    h.FFlush = mem_flush;
    h.FClose = mem_close;
    h.Remove = mem_remove;
    h.Error = mem_error;
    h.Atof = mem_atof;
    return h;
}

/* DBF text fields hold at most 254 bytes: cut at a UTF-8 character
 * boundary so the last character stays whole. */
static void utf8_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src ? src : "");
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Width of a text field: the longest value in bytes (at least 10, at most
 * 254), so a county of short names does not carry 254-byte columns. */
static int text_width(size_t longest)
{
    return longest < 10 ? 10 : longest > 254 ? 254 : (int)longest;
}

static jh_status write_text_file(const char *path, const char *text, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs(text, f);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot write", path);
    return JH_OK;
}

/* The .prj and .cpg of layer `base` (path without extension). */
static jh_status write_sidecars(const char *base, const char *crs, jh_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.cpg", base);
    jh_status st = write_text_file(path, "UTF-8", err);
    if (st != JH_OK || !crs || !*crs)
        return st;
    PJ_CONTEXT *ctx = proj_context_create();
    if (!ctx)
        return jh_error_set(err, JH_ERR_RUN, "%s.prj: cannot start PROJ", base);
    proj_log_level(ctx, PJ_LOG_NONE);
    PJ *pj = proj_create(ctx, crs);
    const char *wkt = NULL;
    if (pj) {
        wkt = proj_as_wkt(ctx, pj, PJ_WKT1_ESRI, NULL);
        if (!wkt)
            wkt = proj_as_wkt(ctx, pj, PJ_WKT1_GDAL, NULL);
    }
    snprintf(path, sizeof path, "%s.prj", base);
    if (wkt)
        st = write_text_file(path, wkt, err);
    else
        st = jh_error_set(err, JH_ERR_RUN,
                          "%s: PROJ cannot express the working CRS '%s' as WKT", path, crs);
    proj_destroy(pj);
    proj_context_destroy(ctx);
    return st;
}

typedef struct layer {
    SHPHandle shp;
    DBFHandle dbf;
    const char *base;
    SAHooks hooks;
} layer;

/* Closes both files (writing them out); an error when a write failed. */
static jh_status layer_close(layer *l, jh_status st, jh_error *err)
{
    if (l->shp)
        SHPClose(l->shp);
    if (l->dbf)
        DBFClose(l->dbf);
    l->shp = NULL;
    l->dbf = NULL;
    if (memfile_failed && st == JH_OK)
        st = jh_error_set(err, JH_ERR_RUN, "%s.shp/.dbf: cannot write: %s", l->base,
                          strerror(errno));
    memfile_failed = false;
    return st;
}

static jh_status layer_open(layer *l, const char *base, int type, jh_error *err)
{
    l->base = base;
    l->hooks = mem_hooks();
    memfile_failed = false;
    l->shp = SHPCreateLL(base, type, &l->hooks);
    l->dbf = DBFCreateLL(base, "UTF-8", &l->hooks);
    if (!l->shp || !l->dbf) {
        layer_close(l, JH_OK, NULL);
        return jh_error_set(err, JH_ERR_RUN, "%s.shp: cannot create: %s", base, strerror(errno));
    }
    return JH_OK;
}

static jh_status field(layer *l, const char *name, DBFFieldType t, int width, int decimals,
                       jh_error *err)
{
    if (DBFAddField(l->dbf, name, t, width, decimals) < 0)
        return jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot add field %s", l->base, name);
    return JH_OK;
}

/* Final-year figures of one school, summed over the levels it serves. */
typedef struct school_final {
    int students[JH_NLEVELS];
    bool serves[JH_NLEVELS];
    int classes, large, super_large, largest;
    double teachers, posts;
    int compliant[JH_NLEVELS]; /* 1, 0, or -1 when not serving / not counted */
} school_final;

static jh_status write_schools(const jh_run_result *r, const char *dir, jh_error *err)
{
    const jh_county *c = r->county;
    char base[4096];
    snprintf(base, sizeof base, "%s/schools", dir);
    school_final *sf = calloc(c->n_schools ? c->n_schools : 1, sizeof *sf);
    if (!sf)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    for (size_t i = 0; i < c->n_schools; i++)
        sf[i].compliant[0] = sf[i].compliant[1] = -1;
    if (r->n_years > 0) {
        const jh_year_metrics *m = &r->years[r->n_years - 1].metrics;
        for (size_t k = 0; k < m->n_schools; k++) {
            const jh_school_metrics *sm = &m->schools[k];
            if (sm->school < 0 || (size_t)sm->school >= c->n_schools)
                continue;
            school_final *f = &sf[sm->school];
            f->students[sm->level] += sm->students;
            f->serves[sm->level] = true;
            f->classes += sm->classes;
            f->large += sm->large_classes;
            f->super_large += sm->super_large_classes;
            if (sm->largest_class > f->largest)
                f->largest = sm->largest_class;
            f->teachers += sm->teachers;
            f->posts += sm->posts_needed;
            f->compliant[sm->level] = sm->counted ? (sm->compliant ? 1 : 0) : -1;
        }
    }
    size_t id_len = 0, name_len = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        id_len = c->schools[i].id && strlen(c->schools[i].id) > id_len ? strlen(c->schools[i].id)
                                                                        : id_len;
        name_len = c->schools[i].name && strlen(c->schools[i].name) > name_len
                       ? strlen(c->schools[i].name)
                       : name_len;
    }
    layer l = {0};
    jh_status st = layer_open(&l, base, SHPT_POINT, err);
    if (st != JH_OK) {
        free(sf);
        return st;
    }
    const struct {
        const char *name;
        DBFFieldType t;
        int w, d;
    } fields[] = {
        {"id", FTString, text_width(id_len), 0}, {"name", FTString, text_width(name_len), 0},
        {"type", FTString, 20, 0},      {"area", FTString, 8, 0},
        {"status", FTString, 10, 0},    {"students", FTInteger, 9, 0},
        {"stud_prim", FTInteger, 9, 0}, {"stud_jun", FTInteger, 9, 0},
        {"classes", FTInteger, 6, 0},   {"large_cls", FTInteger, 6, 0},
        {"super_cls", FTInteger, 6, 0}, {"largest", FTInteger, 6, 0},
        {"teachers", FTDouble, 12, 2},  {"posts_need", FTDouble, 12, 2},
        {"compl_prim", FTInteger, 2, 0}, {"compl_jun", FTInteger, 2, 0},
    };
    for (size_t k = 0; k < sizeof fields / sizeof fields[0] && st == JH_OK; k++)
        st = field(&l, fields[k].name, fields[k].t, fields[k].w, fields[k].d, err);
    for (size_t i = 0; i < c->n_schools && st == JH_OK; i++) {
        const jh_school *s = &c->schools[i];
        double x = s->x, y = s->y;
        SHPObject *o = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        int id = o ? SHPWriteObject(l.shp, -1, o) : -1;
        SHPDestroyObject(o);
        if (id < 0) {
            st = jh_error_set(err, JH_ERR_RUN, "%s.shp: cannot write school %s", base, s->id);
            break;
        }
        const school_final *f = &sf[i];
        char text[255];
        int ok = 1, fi = 0;
        utf8_cut(text, sizeof text, s->id);
        ok &= DBFWriteStringAttribute(l.dbf, id, fi++, text);
        utf8_cut(text, sizeof text, s->name);
        ok &= DBFWriteStringAttribute(l.dbf, id, fi++, text);
        ok &= DBFWriteStringAttribute(l.dbf, id, fi++, jh_school_type_name(s->type));
        ok &= DBFWriteStringAttribute(l.dbf, id, fi++, jh_area_name(s->area));
        ok &= DBFWriteStringAttribute(l.dbf, id, fi++, jh_output_status_name(s->status));
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->students[0] + f->students[1]);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->students[0]);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->students[1]);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->classes);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->large);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->super_large);
        ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->largest);
        ok &= DBFWriteDoubleAttribute(l.dbf, id, fi++, f->teachers);
        ok &= DBFWriteDoubleAttribute(l.dbf, id, fi++, f->posts);
        for (int lv = 0; lv < JH_NLEVELS; lv++) {
            if (f->compliant[lv] < 0)
                ok &= DBFWriteNULLAttribute(l.dbf, id, fi++);
            else
                ok &= DBFWriteIntegerAttribute(l.dbf, id, fi++, f->compliant[lv]);
        }
        if (!ok)
            st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot write record of school %s", base,
                              s->id);
    }
    st = layer_close(&l, st, err);
    free(sf);
    if (st == JH_OK)
        st = write_sidecars(base, c->crs, err);
    return st;
}

static jh_status write_assignments(const jh_run_result *r, const char *dir, jh_error *err)
{
    const jh_county *c = r->county;
    char base[4096];
    snprintf(base, sizeof base, "%s/assignments", dir);
    /* widths from the names that can appear (villages and school sites as
     * origins, schools as destinations) */
    size_t id_len = 0, name_len = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        size_t a = c->schools[i].id ? strlen(c->schools[i].id) : 0;
        size_t b = c->schools[i].name ? strlen(c->schools[i].name) : 0;
        id_len = a > id_len ? a : id_len;
        name_len = b > name_len ? b : name_len;
    }
    for (size_t i = 0; i < c->n_villages; i++) {
        size_t a = c->villages[i].id ? strlen(c->villages[i].id) : 0;
        size_t b = c->villages[i].name ? strlen(c->villages[i].name) : 0;
        id_len = a > id_len ? a : id_len;
        name_len = b > name_len ? b : name_len;
    }
    layer l = {0};
    jh_status st = layer_open(&l, base, SHPT_ARC, err);
    if (st != JH_OK)
        return st;
    const int idw = text_width(id_len), nw = text_width(name_len);
    const struct {
        const char *name;
        DBFFieldType t;
        int w, d;
    } fields[] = {
        {"origin_id", FTString, idw, 0}, {"origin", FTString, nw, 0},
        {"from_kind", FTString, 8, 0},   {"school_id", FTString, idw, 0},
        {"school", FTString, nw, 0},     {"level", FTString, 8, 0},
        {"students", FTInteger, 9, 0},  {"cost", FTDouble, 16, 2},
    };
    for (size_t k = 0; k < sizeof fields / sizeof fields[0] && st == JH_OK; k++)
        st = field(&l, fields[k].name, fields[k].t, fields[k].w, fields[k].d, err);
    for (size_t k = 0; k < r->n_final_flows && st == JH_OK; k++) {
        const jh_flow *fl = &r->final_flows[k];
        if (fl->school < 0 || fl->students <= 0)
            continue; /* unplaced: no line to draw */
        if ((size_t)fl->school >= c->n_schools) {
            st = jh_error_set(err, JH_ERR_RUN, "%s.shp: flow %zu names school %d of %zu", base,
                              k, fl->school, c->n_schools);
            break;
        }
        const jh_school *to = &c->schools[fl->school];
        const char *oid, *oname, *kind;
        double x[2], y[2];
        if (fl->village >= 0) {
            if ((size_t)fl->village >= c->n_villages) {
                st = jh_error_set(err, JH_ERR_RUN, "%s.shp: flow %zu names village %d of %zu",
                                  base, k, fl->village, c->n_villages);
                break;
            }
            const jh_village *v = &c->villages[fl->village];
            oid = v->id, oname = v->name, kind = "village", x[0] = v->x, y[0] = v->y;
        } else {
            int si = -1 - fl->village;
            if ((size_t)si >= c->n_schools) {
                st = jh_error_set(err, JH_ERR_RUN, "%s.shp: flow %zu names school site %d of %zu",
                                  base, k, si, c->n_schools);
                break;
            }
            const jh_school *s = &c->schools[si];
            oid = s->id, oname = s->name, kind = "school", x[0] = s->x, y[0] = s->y;
        }
        x[1] = to->x, y[1] = to->y;
        SHPObject *o = SHPCreateSimpleObject(SHPT_ARC, 2, x, y, NULL);
        int id = o ? SHPWriteObject(l.shp, -1, o) : -1;
        SHPDestroyObject(o);
        if (id < 0) {
            st = jh_error_set(err, JH_ERR_RUN, "%s.shp: cannot write line %zu", base, k);
            break;
        }
        char text[255];
        int ok = 1;
        utf8_cut(text, sizeof text, oid);
        ok &= DBFWriteStringAttribute(l.dbf, id, 0, text);
        utf8_cut(text, sizeof text, oname);
        ok &= DBFWriteStringAttribute(l.dbf, id, 1, text);
        ok &= DBFWriteStringAttribute(l.dbf, id, 2, kind);
        utf8_cut(text, sizeof text, to->id);
        ok &= DBFWriteStringAttribute(l.dbf, id, 3, text);
        utf8_cut(text, sizeof text, to->name);
        ok &= DBFWriteStringAttribute(l.dbf, id, 4, text);
        ok &= DBFWriteStringAttribute(l.dbf, id, 5, jh_level_name(fl->level));
        ok &= DBFWriteIntegerAttribute(l.dbf, id, 6, fl->students);
        if (isfinite(fl->cost))
            ok &= DBFWriteDoubleAttribute(l.dbf, id, 7, fl->cost);
        else
            ok &= DBFWriteNULLAttribute(l.dbf, id, 7);
        if (!ok)
            st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot write record %d", base, id);
    }
    st = layer_close(&l, st, err);
    if (st == JH_OK)
        st = write_sidecars(base, c->crs, err);
    return st;
}

jh_status jh_output_write_layers(const jh_run_result *r, const char *dir, jh_error *err)
{
    if (!r || !r->county)
        return jh_error_set(err, JH_ERR_RUN, "%s: no run result to write", dir);
    jh_status st = write_schools(r, dir, err);
    if (st == JH_OK)
        st = write_assignments(r, dir, err);
    return st;
}
