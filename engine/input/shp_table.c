/*
 * shp_table.c: a point Shapefile into a jh_ftable through the Shapelib
 * reader (layers.c), which keeps its encoding rules (.cpg, the DBF
 * language driver id, GBK when the bytes are not UTF-8). Every value is
 * decoded to UTF-8 text once (a UTF-8 record's values taken from its
 * bytes at once, jh_layer_row; any other record field by field); a shape
 * that cannot be read is kept as the row's geometry error, reported when
 * the loader asks for the point, so field errors still come first.
 */
#include "input/ftable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/layers.h"

jh_status jh_shp_table_read(jh_ftable **out, const char *path, jh_warnings *warnings,
                            jh_error *err)
{
    *out = NULL;
    jh_layer *l;
    jh_status st = jh_layer_open(&l, path, warnings, err);
    if (st != JH_OK)
        return st;
    const char **text = NULL; /* a record's values (jh_layer_row) */
    size_t *len = NULL;
    jh_ftable *t = jh_ftable_new(jh_layer_dbf_name(l), jh_layer_shp_name(l));
    if (!t)
        goto oom;
    snprintf(t->encoding, sizeof t->encoding, "%s", jh_layer_encoding(l));
    t->prj_path = jh_layer_prj_path(l);
    size_t nf = jh_layer_field_count(l);
    for (size_t f = 0; f < nf; f++)
        if (jh_ftable_add_field(t, jh_layer_field_names(l)[f]) < 0)
            goto oom;
    if (!jh_ftable_pool_columns(t) || !jh_ftable_reserve(t, (size_t)jh_layer_count(l)))
        goto oom;
    text = malloc((nf ? nf : 1) * sizeof *text);
    len = malloc((nf ? nf : 1) * sizeof *len);
    if (!text || !len)
        goto oom;
    for (long r = 0; r < jh_layer_count(l); r++) {
        if (jh_ftable_add_row(t, r + 1) < 0)
            goto oom;
        if (jh_layer_row(l, r, text, len)) {
            /* the usual record: every field from its bytes at once */
            if (!jh_ftable_set_row_n(t, r, text, len))
                goto oom;
        } else {
            for (size_t f = 0; f < nf; f++) {
                const char *s;
                size_t n;
                if ((st = jh_layer_text_n(l, r, (int)f, t->fields[f], &s, &n, err)) != JH_OK)
                    goto fail;
                if (!jh_ftable_set_n(t, r, (int)f, s, n))
                    goto oom;
            }
        }
        double x, y;
        jh_error perr;
        if (jh_layer_point(l, r, NULL, &x, &y, &perr) == JH_OK) {
            jh_ftable_set_point(t, r, x, y);
        } else {
            /* "schools.shp: record 3: expected ...": keep the part after the record */
            const char *why = strstr(perr.message, ": expected");
            if (!jh_ftable_set_geom_error(t, r, why ? why + 2 : perr.message))
                goto oom;
        }
    }
    jh_layer_close(l);
    free(text);
    free(len);
    *out = t;
    return JH_OK;
oom:
    st = jh_error_set(err, JH_ERR_RUN, "out of memory");
fail:
    jh_ftable_free(t);
    jh_layer_close(l);
    free(text);
    free(len);
    return st;
}
