/*
 * layers: reading a point Shapefile (schools, villages) through Shapelib,
 * with the planner's field names mapped to the canonical ones (DESIGN.md,
 * "Inputs"). A jh_layer holds the open .shp/.dbf, the text encoding of the
 * DBF (from its .cpg, its language driver id, or assumed from the bytes)
 * and the field names decoded to UTF-8; reads decode strings and parse
 * numbers with messages naming the file, the record, the field and what
 * was expected. Record numbers in messages count from 1.
 */
#ifndef JH_LAYERS_H
#define JH_LAYERS_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

typedef struct jh_layer jh_layer;

/* Resolves the DBF field for one canonical name among the layer's field
 * names (UTF-8). `mapped` (the scenario's map entry, or NULL) wins: it must
 * name an existing field (case-insensitive), else an error naming it.
 * Otherwise the canonical name itself, case-insensitive; otherwise, for a
 * name longer than 10 characters, its first 10 characters (GDAL cuts
 * building_m2 to building_m) unless another name of `canonicals` cuts to
 * the same 10 characters or two fields match (then an error asking for a
 * field map). *idx = -1 when the field is simply absent. `file` names the
 * DBF in messages. */
jh_status jh_field_resolve(const char *const *names, size_t n_names, const char *canonical,
                           const char *const *canonicals, size_t n_canonicals,
                           const char *mapped, const char *file, int *idx, jh_error *err);

/* Opens path (.shp; its .shx and .dbf beside it). Errors: a missing
 * .shp/.shx/.dbf (naming it), a layer that is not points, an empty layer,
 * .shp and .dbf record counts that differ, an unknown .cpg encoding. When
 * the encoding is assumed (no .cpg, no language driver id) a warning saying
 * which is added to `warnings`. */
jh_status jh_layer_open(jh_layer **out, const char *path, jh_warnings *warnings,
                        jh_error *err);

long jh_layer_count(const jh_layer *l);
/* "schools.dbf" / "schools.shp": the file names used in messages. */
const char *jh_layer_dbf_name(const jh_layer *l);
const char *jh_layer_shp_name(const jh_layer *l);
/* The .prj beside the .shp, or NULL when there is none (caller frees). */
char *jh_layer_prj_path(const jh_layer *l);
/* The encoding used for text ("UTF-8", "GBK", ...). */
const char *jh_layer_encoding(const jh_layer *l);
size_t jh_layer_field_count(const jh_layer *l);
const char *const *jh_layer_field_names(const jh_layer *l);

/* The point of record rec (0-based). A NULL or empty shape is an error
 * naming the record (and `id` when not NULL). */
jh_status jh_layer_point(jh_layer *l, long rec, const char *id, double *x, double *y,
                         jh_error *err);

/* Field reads; `field` < 0 means the field is absent (text "" / value 0 /
 * *given false). `name` is the canonical name for messages, `id` the
 * record's id (or NULL). */
/* *out: the value as UTF-8, valid until the next call on l (the DBF's own
 * bytes when the layer is UTF-8, else decoded into a buffer l keeps). */
jh_status jh_layer_text(jh_layer *l, long rec, int field, const char *name, const char **out,
                        jh_error *err);
/* The same value as *len bytes at *out, not NUL-terminated when the layer
 * is UTF-8 (the DBF record's own bytes, read once per record; valid until
 * the next call on l): jh_layer_text without its copy. */
jh_status jh_layer_text_n(jh_layer *l, long rec, int field, const char *name, const char **out,
                          size_t *len, jh_error *err);
/* Every field of record rec at once, when the layer is UTF-8 and the
 * record plain (no NUL byte, every value UTF-8): text[f] (NULL for a NULL
 * value) and len[f] as jh_layer_text_n gives them, and true. False for
 * anything else: then read the record field by field (jh_layer_text_n),
 * which gives the same values or the error. */
bool jh_layer_row(jh_layer *l, long rec, const char **text, size_t *len);

void jh_layer_close(jh_layer *l);

#endif
