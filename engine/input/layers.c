/*
 * layers.c: point Shapefiles through Shapelib (see layers.h). Shapelib
 * gives raw DBF bytes; this file decides the encoding once per layer and
 * decodes every string through text_encoding, so the rest of the engine
 * sees UTF-8 only.
 */
#include "input/layers.h"

#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "county.h"
#include "input/dbf_value.h"
#include "input/input_file.h"
#include "input/text_encoding.h"

struct jh_layer {
    SHPHandle shp;
    DBFHandle dbf;
    char *base;          /* path without extension */
    char *shp_name;      /* "schools.shp" */
    char *dbf_name;      /* "schools.dbf" */
    long count;
    char encoding[32];
    jh_decoder *dec;
    char **fields;       /* decoded field names */
    size_t n_fields;
    SHPObject *obj;      /* last shape read */
    bool utf8;           /* encoding UTF-8: values are checked, not copied */
    char *text;          /* otherwise the last value jh_layer_text decoded */
    const char *tuple;   /* the bytes of record tuple_rec (DBFReadTuple's) */
    long tuple_rec;      /* -1: none read yet */
    bool tuple_ascii;    /* every byte of the tuple below 0x80 */
    size_t hi_first, hi_last; /* otherwise its first and last byte from 0x80 */
};

#define CUT 10 /* a DBF field name holds at most 10 characters */

jh_status jh_field_resolve(const char *const *names, size_t n_names, const char *canonical,
                           const char *const *canonicals, size_t n_canonicals,
                           const char *mapped, const char *file, int *idx, jh_error *err)
{
    *idx = -1;
    if (mapped) {
        for (size_t i = 0; i < n_names; i++)
            if (strcasecmp(names[i], mapped) == 0) {
                *idx = (int)i;
                return JH_OK;
            }
        char list[1024];
        size_t len = 0;
        list[0] = '\0';
        for (size_t i = 0; i < n_names && len + 16 < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                    names[i]);
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: field %s: data.fields maps it to '%s', expected a field of the "
                            "layer (fields: %s)",
                            file, canonical, mapped, list);
    }
    for (size_t i = 0; i < n_names; i++)
        if (strcasecmp(names[i], canonical) == 0) {
            *idx = (int)i;
            return JH_OK;
        }
    if (strlen(canonical) <= CUT)
        return JH_OK;
    for (size_t k = 0; k < n_canonicals; k++)
        if (strcasecmp(canonicals[k], canonical) != 0 && strlen(canonicals[k]) >= CUT &&
            strncasecmp(canonicals[k], canonical, CUT) == 0) {
            /* two canonical names share the cut: a cut field is ambiguous */
            for (size_t i = 0; i < n_names; i++)
                if (strlen(names[i]) == CUT && strncasecmp(names[i], canonical, CUT) == 0)
                    return jh_error_set(err, JH_ERR_INPUT,
                                        "%s: field %s: '%s' could be %s or %s; expected a "
                                        "data.fields entry saying which",
                                        file, names[i], names[i], canonical, canonicals[k]);
            return JH_OK;
        }
    int found = -1;
    for (size_t i = 0; i < n_names; i++)
        if (strlen(names[i]) == CUT && strncasecmp(names[i], canonical, CUT) == 0) {
            if (found >= 0)
                return jh_error_set(err, JH_ERR_INPUT,
                                    "%s: field %s: both '%s' and '%s' match its first %d "
                                    "characters; expected a data.fields entry saying which",
                                    file, canonical, names[found], names[i], CUT);
            found = (int)i;
        }
    *idx = found;
    return JH_OK;
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

/* base + ext in lower case, else upper case; NULL when neither exists. */
static char *sibling(const char *base, const char *ext)
{
    size_t n = strlen(base) + strlen(ext) + 1;
    char *p = malloc(n);
    if (!p)
        return NULL;
    snprintf(p, n, "%s%s", base, ext);
    if (exists(p))
        return p;
    for (char *e = p + strlen(base); *e; e++)
        *e = (char)((*e >= 'a' && *e <= 'z') ? *e - 32 : *e);
    if (exists(p))
        return p;
    free(p);
    return NULL;
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static char *with_ext(const char *name, const char *ext)
{
    size_t n = strlen(name) + strlen(ext) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s", name, ext);
    return p;
}

/* Reads a small text file (a .cpg) into buf; a path that is not a regular
 * file is an error (err set), a file that cannot be read returns false. */
static bool read_small(const char *path, const char *name, char *buf, size_t n, jh_error *err)
{
    FILE *f = jh_input_fopen(path, name, err);
    if (!f)
        return false;
    size_t len = fread(buf, 1, n - 1, f);
    fclose(f);
    buf[len] = '\0';
    return true;
}

/* The bytes of record rec as DBFReadTuple gives them (NULL when it
 * cannot be read), read once for all its fields: every read of the DBF
 * goes through here, so the tuple stays the one of tuple_rec. */
static const char *tuple(jh_layer *l, long rec)
{
    if (rec != l->tuple_rec || !l->tuple) {
        l->tuple = rec >= 0 && rec < l->count ? DBFReadTuple(l->dbf, (int)rec) : NULL;
        l->tuple_rec = rec;
        l->tuple_ascii = false;
        if (l->tuple) {
            /* one look at the whole record: ASCII text needs no UTF-8
             * check, nor any field outside hi_first..hi_last */
            const unsigned char *p = (const unsigned char *)l->tuple;
            size_t n = (size_t)l->dbf->nRecordLength, i = 0, first = n, last = 0;
            for (; i + 8 <= n; i += 8) {
                uint64_t w;
                memcpy(&w, p + i, 8);
                if (w & 0x8080808080808080ULL) {
                    if (first == n)
                        first = i;
                    last = i + 7;
                }
            }
            for (; i < n; i++)
                if (p[i] & 0x80) {
                    if (first == n)
                        first = i;
                    last = i;
                }
            l->tuple_ascii = first == n;
            l->hi_first = first;
            l->hi_last = last;
        }
    }
    return l->tuple;
}

/* Raw bytes of field i of record rec (*len of them, not NUL-terminated),
 * trimmed as Shapelib trims them; NULL for a NULL attribute or a record
 * that cannot be read (dbf_value.h: jh_dbf_field_text). */
static const char *raw(jh_layer *l, long rec, int i, size_t *len)
{
    return jh_dbf_field_text(l->dbf, tuple(l, rec), i, len);
}

/* True when every field name and every text value is valid UTF-8. */
static bool all_utf8(jh_layer *l, bool *ascii)
{
    *ascii = true;
    int nf = DBFGetFieldCount(l->dbf);
    for (int i = 0; i < nf; i++) {
        char name[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(l->dbf, i, name, NULL, NULL);
        for (const char *p = name; *p; p++)
            if ((unsigned char)*p >= 0x80)
                *ascii = false;
        if (!jh_utf8_valid(name, strlen(name)))
            return false;
    }
    for (long r = 0; r < l->count; r++)
        for (int i = 0; i < nf; i++) {
            if (DBFGetFieldInfo(l->dbf, i, NULL, NULL, NULL) != FTString)
                continue;
            size_t n;
            const char *s = raw(l, r, i, &n);
            if (!s)
                continue;
            for (size_t k = 0; k < n; k++)
                if ((unsigned char)s[k] >= 0x80)
                    *ascii = false;
            if (!jh_utf8_valid(s, n))
                return false;
        }
    return true;
}

static jh_status choose_encoding(jh_layer *l, jh_warnings *warnings, jh_error *err)
{
    char *cpg = sibling(l->base, ".cpg");
    if (cpg) {
        char text[256];
        char name[600];
        snprintf(name, sizeof name, "%.*s.cpg", (int)strlen(l->shp_name) - 4, l->shp_name);
        jh_error ferr = {0};
        bool ok = read_small(cpg, name, text, sizeof text, &ferr);
        free(cpg);
        if (!ok && ferr.status != JH_OK) {
            *err = ferr;
            return ferr.status;
        }
        if (ok && text[strspn(text, " \t\r\n")] == '\0')
            goto no_cpg; /* an empty .cpg says nothing, as GDAL reads it */
        if (!ok || !jh_encoding_from_cpg(text, l->encoding, sizeof l->encoding)) {
            if (!ok)
                text[0] = '\0';
            text[strcspn(text, "\r\n")] = '\0';
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: expected an encoding name (UTF-8, GBK, CP936, GB18030, "
                                "...), got '%s'",
                                name, text);
        }
        return JH_OK;
    }
no_cpg:
    if (jh_encoding_from_ldid(l->dbf->iLanguageDriver, l->encoding, sizeof l->encoding))
        return JH_OK;
    bool ascii;
    if (all_utf8(l, &ascii)) {
        snprintf(l->encoding, sizeof l->encoding, "UTF-8");
        if (!ascii && warnings)
            jh_warnings_add(warnings,
                            "%s: no .cpg file says how its text is encoded; assumed UTF-8 "
                            "(all text is valid UTF-8)",
                            l->dbf_name);
    } else {
        snprintf(l->encoding, sizeof l->encoding, "GBK");
        if (warnings)
            jh_warnings_add(warnings,
                            "%s: no .cpg file says how its text is encoded; assumed GBK "
                            "(GB18030), since it is not valid UTF-8",
                            l->dbf_name);
    }
    return JH_OK;
}

jh_status jh_layer_open(jh_layer **out, const char *path, jh_warnings *warnings,
                        jh_error *err)
{
    *out = NULL;
    jh_layer *l = calloc(1, sizeof *l);
    if (!l)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    l->tuple_rec = -1;
    jh_status st = JH_OK;
    size_t n = strlen(path);
    l->base = strdup(path);
    const char *bn = basename_of(path);
    size_t bl = strlen(bn);
    if (!l->base)
        goto oom;
    if (n > 4 && strcasecmp(path + n - 4, ".shp") == 0) {
        l->base[n - 4] = '\0';
        bl -= 4;
    }
    char stem[512];
    snprintf(stem, sizeof stem, "%.*s", (int)bl, bn);
    l->shp_name = with_ext(stem, ".shp");
    l->dbf_name = with_ext(stem, ".dbf");
    if (!l->shp_name || !l->dbf_name)
        goto oom;

    static const char *const exts[] = {".shp", ".shx", ".dbf"};
    for (int i = 0; i < 3; i++) {
        char *p = sibling(l->base, exts[i]);
        if (!p) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s%s: cannot open: no such file (a Shapefile needs its .shp, "
                              ".shx and .dbf side by side)",
                              l->base, exts[i]);
            goto fail;
        }
        /* stat before open: a folder or a named pipe is refused by name */
        char part[600];
        snprintf(part, sizeof part, "%s%s", stem, exts[i]);
        st = jh_input_check(p, part, err);
        free(p);
        if (st != JH_OK)
            goto fail;
    }
    /* Shapelib through hooks: its messages come back to us (named after the
     * file) instead of going to stderr on their own */
    SAHooks hooks;
    jh_input_shapelib_hooks(&hooks);
    jh_input_shapelib_reset();
    l->shp = SHPOpenLL(l->base, "rb", &hooks);
    if (!l->shp) {
        const char *why = jh_input_shapelib_message();
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: cannot read: expected a Shapefile (.shp/.shx)%s%s%s", l->shp_name,
                          *why ? " (Shapelib: " : "", why, *why ? ")" : "");
        goto fail;
    }
    /* each point read into the handle's own object (jh_layer_point
     * destroys the last before it reads the next, as fast mode requires),
     * not a calloc of an object and its four coordinate arrays per record */
    SHPSetFastModeReadObject(l->shp, 1);
    jh_input_shapelib_reset();
    l->dbf = DBFOpenLL(l->base, "rb", &hooks);
    if (!l->dbf) {
        const char *why = jh_input_shapelib_message();
        st = jh_error_set(err, JH_ERR_INPUT, "%s: cannot read: expected a dBASE table%s%s%s",
                          l->dbf_name, *why ? " (Shapelib: " : "", why, *why ? ")" : "");
        goto fail;
    }
    int n_shapes, type;
    SHPGetInfo(l->shp, &n_shapes, &type, NULL, NULL);
    if (type != SHPT_POINT && type != SHPT_POINTZ && type != SHPT_POINTM) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected a point layer, got a layer of %s", l->shp_name,
                          SHPTypeName(type));
        goto fail;
    }
    if (n_shapes == 0) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected at least one point, the layer is empty", l->shp_name);
        goto fail;
    }
    if (DBFGetRecordCount(l->dbf) != n_shapes) {
        st = jh_error_set(err, JH_ERR_INPUT,
                          "%s: expected one record per shape of %s (%d), got %d records",
                          l->dbf_name, l->shp_name, n_shapes, DBFGetRecordCount(l->dbf));
        goto fail;
    }
    l->count = n_shapes;
    st = choose_encoding(l, warnings, err);
    if (st != JH_OK)
        goto fail;
    l->dec = jh_decoder_open(l->encoding);
    /* as jh_decoder_open tells a UTF-8 decoder (which checks and copies) */
    l->utf8 = strcasecmp(l->encoding, "UTF-8") == 0 || strcasecmp(l->encoding, "UTF8") == 0;
    if (!l->dec) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: encoding %s: not supported by iconv",
                          l->dbf_name, l->encoding);
        goto fail;
    }
    l->n_fields = (size_t)DBFGetFieldCount(l->dbf);
    l->fields = calloc(l->n_fields ? l->n_fields : 1, sizeof *l->fields);
    if (!l->fields)
        goto oom;
    for (size_t i = 0; i < l->n_fields; i++) {
        char name[XBASE_FLDNAME_LEN_READ + 1];
        DBFGetFieldInfo(l->dbf, (int)i, name, NULL, NULL);
        if (!jh_decoder_decode(l->dec, name, strlen(name), &l->fields[i])) {
            l->fields[i] = strdup(name); /* undecodable: compare its bytes */
            if (!l->fields[i])
                goto oom;
        }
    }
    *out = l;
    return JH_OK;
oom:
    st = jh_error_set(err, JH_ERR_RUN, "out of memory");
fail:
    jh_layer_close(l);
    return st;
}

long jh_layer_count(const jh_layer *l) { return l->count; }
const char *jh_layer_dbf_name(const jh_layer *l) { return l->dbf_name; }
const char *jh_layer_shp_name(const jh_layer *l) { return l->shp_name; }
const char *jh_layer_encoding(const jh_layer *l) { return l->encoding; }
size_t jh_layer_field_count(const jh_layer *l) { return l->n_fields; }
const char *const *jh_layer_field_names(const jh_layer *l)
{
    return (const char *const *)l->fields;
}

char *jh_layer_prj_path(const jh_layer *l) { return sibling(l->base, ".prj"); }

/* "record 17 (id S017)" — records count from 1 in messages. */
static void where(char *buf, size_t n, long rec, const char *id)
{
    if (id && *id)
        snprintf(buf, n, "record %ld (id %s)", rec + 1, id);
    else
        snprintf(buf, n, "record %ld", rec + 1);
}

/* "g3" or "g3 (NJ3)" when the layer calls it otherwise. */
static void field_label(const jh_layer *l, int field, const char *name, char *buf, size_t n)
{
    if (field >= 0 && strcasecmp(l->fields[field], name) != 0)
        snprintf(buf, n, "%s (%s)", name, l->fields[field]);
    else
        snprintf(buf, n, "%s", name);
}

jh_status jh_layer_point(jh_layer *l, long rec, const char *id, double *x, double *y,
                         jh_error *err)
{
    SHPDestroyObject(l->obj);
    jh_input_shapelib_reset();
    l->obj = SHPReadObject(l->shp, (int)rec);
    char w[300]; /* the record, for a message only (not written for each point) */
    if (!l->obj) {
        where(w, sizeof w, rec, id);
        const char *why = jh_input_shapelib_message();
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: expected a point, cannot read the shape%s%s%s",
                            l->shp_name, w, *why ? " (Shapelib: " : "", why, *why ? ")" : "");
    }
    if (l->obj->nSHPType == SHPT_NULL || l->obj->nVertices < 1) {
        where(w, sizeof w, rec, id);
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: expected a point, got a NULL shape",
                            l->shp_name, w);
    }
    *x = l->obj->padfX[0];
    *y = l->obj->padfY[0];
    if (!isfinite(*x) || !isfinite(*y)) {
        where(w, sizeof w, rec, id);
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: expected finite coordinates", l->shp_name,
                            w);
    }
    return JH_OK;
}

/* A NUL byte inside a text field would cut the value short without a
 * word: one followed by anything but padding is an error naming the
 * record. Returns the byte (1-based) of the NUL, or 0. */
static int inner_nul(jh_layer *l, long rec, int field)
{
    const char *t = tuple(l, rec);
    if (!t || field < 0 || field >= l->dbf->nFields)
        return 0;
    const char *f = t + l->dbf->panFieldOffset[field];
    int n = l->dbf->panFieldSize[field];
    if (n <= 0 || !memchr(f, '\0', (size_t)n))
        return 0; /* the usual field: no NUL at all */
    int nul = 0;
    for (int i = 0; i < n; i++) {
        if (f[i] == '\0') {
            if (!nul)
                nul = i + 1;
        } else if (nul && f[i] != ' ') {
            return nul;
        }
    }
    return 0;
}

jh_status jh_layer_text_n(jh_layer *l, long rec, int field, const char *name, const char **out,
                          size_t *len, jh_error *err)
{
    *out = NULL;
    *len = 0;
    if (l->text) {
        free(l->text);
        l->text = NULL;
    }
    int nul = field >= 0 ? inner_nul(l, rec, field) : 0;
    if (nul) {
        char w[64], f[128];
        where(w, sizeof w, rec, NULL);
        field_label(l, field, name, f, sizeof f);
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: %s: field %s: expected text without NUL bytes, got a NUL byte "
                            "at character %d followed by more text",
                            l->dbf_name, w, f, nul);
    }
    size_t n = 0;
    const char *s = field >= 0 ? raw(l, rec, field, &n) : NULL;
    if (!s)
        s = "", n = 0;
    bool ok;
    if (l->utf8)
        ok = l->tuple_ascii || jh_utf8_valid(s, n); /* "" when stale: valid */
    else
        ok = jh_decoder_decode(l->dec, s, n, &l->text);
    if (!ok) {
        char w[64], f[128];
        where(w, sizeof w, rec, NULL);
        field_label(l, field, name, f, sizeof f);
        return jh_error_set(err, JH_ERR_INPUT, "%s: %s: field %s: expected %s text%s", l->dbf_name,
                            w, f, l->encoding,
                            strcmp(l->encoding, "UTF-8") == 0 ? " (add a .cpg naming the encoding)"
                                                              : "");
    }
    if (l->utf8) {
        *out = s;
        *len = n;
    } else {
        *out = l->text;
        *len = strlen(l->text);
    }
    return JH_OK;
}

bool jh_layer_row(jh_layer *l, long rec, const char **text, size_t *len)
{
    if (!l->utf8)
        return false;
    if (l->text) {
        free(l->text);
        l->text = NULL;
    }
    const char *t = tuple(l, rec);
    if (!jh_dbf_record_text(l->dbf, t, text, len))
        return false; /* a NUL byte: field by field, with its message */
    if (l->tuple_ascii)
        return true;
    for (size_t f = 0; f < l->n_fields; f++) {
        size_t off = (size_t)l->dbf->panFieldOffset[f];
        if (text[f] && off <= l->hi_last && off + (size_t)l->dbf->panFieldSize[f] > l->hi_first &&
            !jh_utf8_valid(text[f], len[f]))
            return false; /* not UTF-8: field by field, with its message */
    }
    return true;
}

jh_status jh_layer_text(jh_layer *l, long rec, int field, const char *name, const char **out,
                        jh_error *err)
{
    size_t n;
    jh_status st = jh_layer_text_n(l, rec, field, name, out, &n, err);
    if (st != JH_OK || !l->utf8)
        return st;
    /* the DBF's bytes are not NUL-terminated: a copy l keeps */
    l->text = malloc(n + 1);
    if (!l->text) {
        *out = NULL;
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    memcpy(l->text, *out, n);
    l->text[n] = '\0';
    *out = l->text;
    return JH_OK;
}

void jh_layer_close(jh_layer *l)
{
    if (!l)
        return;
    SHPDestroyObject(l->obj);
    free(l->text);
    if (l->shp)
        SHPClose(l->shp);
    if (l->dbf)
        DBFClose(l->dbf);
    jh_decoder_close(l->dec);
    for (size_t i = 0; i < l->n_fields; i++)
        free(l->fields[i]);
    free(l->fields);
    free(l->base);
    free(l->shp_name);
    free(l->dbf_name);
    free(l);
}
