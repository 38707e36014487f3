/*
 * write_layers.c: the two point Shapefiles, schools and villages, with
 * the fields the engine's loader reads (DBF names cut to 10 characters,
 * UTF-8 text). Apart from write.c because Shapelib needs I/O of its own:
 * the files are built in memory and written once (the hooks below), and
 * the DBF's date is fixed, so the same seed gives the same bytes.
 */
#include "generate/generate_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <shapefil.h>

/* Shapelib writes a record at a time with a seek before each one: through
 * stdio that is three system calls per record, seconds for 200,000
 * villages. These hooks keep each file in memory and write it out once
 * when Shapelib closes it. */
typedef struct memfile {
    char *path;
    unsigned char *data;
    size_t size, cap, pos;
    bool writable;
    bool failed;
} memfile;

static SAFile mem_open(const char *filename, const char *access)
{
    memfile *m = calloc(1, sizeof *m);
    if (!m || !(m->path = gen_dupstr(filename))) {
        free(m);
        return NULL;
    }
    m->writable = strpbrk(access, "wa+") != NULL;
    if (access[0] == 'r') { /* read what is there (DBFCreate reopens "rb+") */
        FILE *f = fopen(filename, "rb");
        if (!f) {
            free(m->path);
            free(m);
            return NULL;
        }
        unsigned char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            if (m->size + n > m->cap) {
                size_t cap = (m->cap ? 2 * m->cap : 8192) + n;
                unsigned char *d = realloc(m->data, cap);
                if (!d) {
                    fclose(f);
                    free(m->data);
                    free(m->path);
                    free(m);
                    return NULL;
                }
                m->data = d;
                m->cap = cap;
            }
            memcpy(m->data + m->size, chunk, n);
            m->size += n;
        }
        fclose(f);
    }
    return (SAFile)m;
}

static SAOffset mem_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    if (size == 0)
        return 0;
    size_t avail = m->pos < m->size ? m->size - m->pos : 0;
    size_t items = (size_t)nmemb;
    if (items * size > avail)
        items = avail / size;
    memcpy(p, m->data + m->pos, items * size);
    m->pos += items * size;
    return items;
}

static SAOffset mem_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    size_t n = (size_t)(size * nmemb);
    if (!m->writable)
        return 0;
    if (m->pos + n > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->pos + n)
            cap *= 2;
        unsigned char *d = realloc(m->data, cap);
        if (!d) {
            m->failed = true;
            return 0;
        }
        m->data = d;
        m->cap = cap;
    }
    if (m->pos > m->size) /* a seek past the end leaves zeros */
        memset(m->data + m->size, 0, m->pos - m->size);
    memcpy(m->data + m->pos, p, n);
    m->pos += n;
    if (m->pos > m->size)
        m->size = m->pos;
    return nmemb;
}

static SAOffset mem_seek(SAFile file, SAOffset offset, int whence)
{
    memfile *m = (memfile *)file;
    size_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->size;
    m->pos = base + (size_t)offset;
    return 0;
}

static SAOffset mem_tell(SAFile file) { return (SAOffset)((memfile *)file)->pos; }

static int mem_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int mem_close(SAFile file)
{
    memfile *m = (memfile *)file;
    int rc = m->failed ? -1 : 0;
    if (m->writable && !m->failed) {
        FILE *f = fopen(m->path, "wb");
        if (!f || (m->size && fwrite(m->data, 1, m->size, f) != m->size))
            rc = -1;
        if (f && fclose(f) != 0)
            rc = -1;
    }
    free(m->data);
    free(m->path);
    free(m);
    return rc;
}

static int mem_remove(const char *filename) { return unlink(filename); }

static void mem_error(const char *message) { fprintf(stderr, "shapelib: %s\n", message); }

static void mem_hooks(SAHooks *h)
{
    SASetupDefaultHooks(h);
    h->FOpen = mem_open;
    h->FRead = mem_read;
    h->FWrite = mem_write;
    h->FSeek = mem_seek;
    h->FTell = mem_tell;
    h->FFlush = mem_flush;
    h->FClose = mem_close;
    h->Remove = mem_remove;
    h->Error = mem_error;
}

/* Adds a field; Shapelib returns -1 when it cannot. */
static bool add_field(DBFHandle h, const char *name, DBFFieldType type, int width, int dec)
{
    return DBFAddField(h, name, type, width, dec) >= 0;
}

/* Creates DIR/NAME.shp/.shx/.dbf for points through the in-memory hooks,
 * with the DBF date fixed (same seed, same bytes). On failure nothing is
 * left open, and the out-parameters are safe to pass to layer_close. */
static jh_status layer_create(const char *dir, const char *name, char **base, SHPHandle *shp,
                              DBFHandle *dbf, jh_error *err)
{
    *shp = NULL;
    *dbf = NULL;
    *base = gen_path_join(dir, name);
    if (!*base)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    SAHooks hooks;
    mem_hooks(&hooks);
    *shp = SHPCreateLL(*base, SHPT_POINT, &hooks);
    *dbf = DBFCreateLL(*base, "UTF-8", &hooks);
    if (!*shp || !*dbf)
        return jh_error_set(err, JH_ERR_RUN, "%s.shp/.dbf: cannot create", *base);
    DBFSetLastModifiedDate(*dbf, 125, 1, 1);
    return JH_OK;
}

static void layer_close(char *base, SHPHandle shp, DBFHandle dbf)
{
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    free(base);
}

jh_status gen_write_schools(const jh_county *c, const char *tmp, jh_error *err)
{
    char *base;
    SHPHandle shp;
    DBFHandle dbf;
    jh_status st = layer_create(tmp, "schools", &base, &shp, &dbf, err);
    if (st != JH_OK)
        goto done;
    char nm[16];
    bool ok = add_field(dbf, "id", FTString, 12, 0) && add_field(dbf, "name", FTString, 80, 0) &&
              add_field(dbf, "type", FTString, 16, 0) && add_field(dbf, "area", FTString, 8, 0) &&
              add_field(dbf, "district", FTString, 60, 0);
    for (int gr = 1; gr <= 9 && ok; gr++) {
        snprintf(nm, sizeof nm, "g%d", gr);
        ok = add_field(dbf, nm, FTInteger, 6, 0);
    }
    for (int gr = 1; gr <= 9 && ok; gr++) {
        snprintf(nm, sizeof nm, "classes_g%d", gr);
        ok = add_field(dbf, nm, FTInteger, 4, 0);
    }
    ok = ok && add_field(dbf, "classrooms", FTInteger, 5, 0) &&
         add_field(dbf, "capacity", FTInteger, 7, 0) && add_field(dbf, "teachers", FTInteger, 5, 0) &&
         add_field(dbf, "t_above_de", FTInteger, 5, 0) &&
         add_field(dbf, "t_backbone", FTInteger, 5, 0) &&
         add_field(dbf, "t_pe_art", FTInteger, 5, 0) &&
         add_field(dbf, "t_senior_t", FTInteger, 5, 0) &&
         add_field(dbf, "building_m", FTDouble, 12, 1) &&
         add_field(dbf, "sports_m2", FTDouble, 12, 1) &&
         add_field(dbf, "equipment_", FTDouble, 14, 0) &&
         add_field(dbf, "multimedia", FTInteger, 5, 0) &&
         add_field(dbf, "computers", FTInteger, 6, 0) && add_field(dbf, "books", FTInteger, 9, 0) &&
         add_field(dbf, "boarding_b", FTInteger, 6, 0) &&
         add_field(dbf, "music_room", FTInteger, 4, 0) &&
         add_field(dbf, "art_rooms", FTInteger, 4, 0);
    if (!ok) {
        st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot add fields", base);
        goto done;
    }
    for (size_t i = 0; i < c->n_schools && ok; i++) {
        const jh_school *s = &c->schools[i];
        int rec = (int)i, f = 0;
        double x = s->x, y = s->y;
        SHPObject *obj = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        ok = obj && SHPWriteObject(shp, -1, obj) >= 0;
        SHPDestroyObject(obj);
        ok = ok && DBFWriteStringAttribute(dbf, rec, f++, s->id) &&
             DBFWriteStringAttribute(dbf, rec, f++, s->name) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_school_type_name(s->type)) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_area_name(s->area)) &&
             DBFWriteStringAttribute(dbf, rec, f++, s->district ? s->district : "");
        for (int gr = 0; gr < 9 && ok; gr++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, s->students[gr]);
        for (int gr = 0; gr < 9 && ok; gr++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, s->classes[gr]);
        const jh_resources *r = &s->res;
        ok = ok && DBFWriteIntegerAttribute(dbf, rec, f++, s->classrooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, s->capacity) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->teachers) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_above_degree) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_backbone) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_pe_art) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_senior_title) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->building_m2) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->sports_m2) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->equipment_yuan) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->multimedia_rooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->computers) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->books) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->boarding_beds) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->music_rooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->art_rooms);
    }
    if (!ok)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write a record", base);
done:
    layer_close(base, shp, dbf);
    return st;
}

jh_status gen_write_villages(const jh_county *c, const char *tmp, jh_error *err)
{
    char *base;
    SHPHandle shp;
    DBFHandle dbf;
    jh_status st = layer_create(tmp, "villages", &base, &shp, &dbf, err);
    if (st != JH_OK)
        goto done;
    char nm[16];
    bool ok = add_field(dbf, "id", FTString, 12, 0) && add_field(dbf, "name", FTString, 48, 0) &&
              add_field(dbf, "area", FTString, 8, 0) &&
              add_field(dbf, "population", FTInteger, 9, 0);
    for (int a = 0; a < 15 && ok; a++) {
        snprintf(nm, sizeof nm, "age%d", a);
        ok = add_field(dbf, nm, FTInteger, 6, 0);
    }
    ok = ok && add_field(dbf, "school_pri", FTString, 12, 0) &&
         add_field(dbf, "school_jun", FTString, 12, 0);
    if (!ok) {
        st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot add fields", base);
        goto done;
    }
    for (size_t i = 0; i < c->n_villages && ok; i++) {
        const jh_village *v = &c->villages[i];
        int rec = (int)i, f = 0;
        double x = v->x, y = v->y;
        SHPObject *obj = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        ok = obj && SHPWriteObject(shp, -1, obj) >= 0;
        SHPDestroyObject(obj);
        ok = ok && DBFWriteStringAttribute(dbf, rec, f++, v->id) &&
             DBFWriteStringAttribute(dbf, rec, f++, v->name) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_area_name(v->area)) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)v->population);
        for (int a = 0; a < 15 && ok; a++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, v->age[a]);
        for (int L = 0; L < JH_NLEVELS && ok; L++) {
            int s = v->school[L];
            ok = DBFWriteStringAttribute(dbf, rec, f++, s >= 0 ? c->schools[s].id : "");
        }
    }
    if (!ok)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write a record", base);
done:
    layer_close(base, shp, dbf);
    return st;
}
