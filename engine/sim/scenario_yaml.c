/*
 * scenario_yaml.c: what reading a scenario, writing one and every
 * intervention kind (sim/interventions/) share (see scenario_yaml.h):
 * data paths made absolute and relative, strict typed reads from libyaml's
 * document tree, and an emitter into memory.
 *
 * Why one place: every error a planner sees for a bad scenario is worded
 * here ("FILE: line N: key K: expected WHAT, got GOT", unknown and duplicate
 * keys with the list of keys allowed), so the messages read the same in
 * every section and every kind, and a kind only says what it expects.
 *
 * Paths: data paths are resolved against the scenario file's folder and
 * cleaned lexically ("a/./b/../c" -> "a/c"); a relative scenario path gives
 * relative data paths (relative to the working directory). The writer makes
 * them relative to the folder the new file will live in.
 */
#include "sim/scenario_yaml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- paths ---------------------------------------------------------- */

/* Lexical clean-up of a path: repeated '/', "." and "x/.." removed.
 * (Symbolic links are not followed: "link/.." is taken as its parent.) */
static char *path_clean(const char *p)
{
    size_t n = strlen(p);
    bool abs = p[0] == '/';
    char *copy = strdup(p);
    char **seg = calloc(n / 2 + 2, sizeof *seg);
    char *out = malloc(n + 3);
    if (!copy || !seg || !out) {
        free(copy);
        free(seg);
        free(out);
        return NULL;
    }
    size_t ns = 0;
    char *save = NULL;
    for (char *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0)
            continue;
        if (strcmp(t, "..") == 0) {
            if (ns > 0 && strcmp(seg[ns - 1], "..") != 0) {
                ns--;
                continue;
            }
            if (abs)
                continue; /* "/.." is "/" */
        }
        seg[ns++] = t;
    }
    size_t len = 0;
    if (abs)
        out[len++] = '/';
    for (size_t i = 0; i < ns; i++) {
        if (i > 0)
            out[len++] = '/';
        size_t l = strlen(seg[i]);
        memcpy(out + len, seg[i], l);
        len += l;
    }
    if (len == 0)
        out[len++] = '.';
    out[len] = '\0';
    free(copy);
    free(seg);
    return out;
}

/* `p` against folder `dir` (kept when absolute), cleaned. */
char *jh_path_join(const char *dir, const char *p)
{
    if (p[0] == '/' || !dir || strcmp(dir, ".") == 0)
        return path_clean(p);
    size_t n = strlen(dir) + strlen(p) + 2;
    char *j = malloc(n);
    if (!j)
        return NULL;
    snprintf(j, n, "%s/%s", dir, p);
    char *c = path_clean(j);
    free(j);
    return c;
}

/* The folder of a file path, cleaned ("." when none). */
char *jh_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    char *d = strndup(path, (size_t)(slash - path));
    if (!d)
        return NULL;
    char *c = path_clean(d);
    free(d);
    return c;
}

/* An absolute, cleaned version of p (working directory prepended). */
static char *path_absolute(const char *p)
{
    if (p[0] == '/')
        return path_clean(p);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    return jh_path_join(cwd, p);
}

/* `target` written relative to folder `from`; NULL when either cannot be
 * made absolute or when they share no folder but the root (the caller then
 * writes the absolute path). */
char *jh_path_relative(const char *from, const char *target)
{
    char *f = path_absolute(from), *t = path_absolute(target);
    char *out = NULL;
    if (!f || !t)
        goto done;
    /* common prefix by whole components */
    size_t i = 0, common = 0;
    size_t fl = strlen(f);
    if (strcmp(f, "/") == 0)
        fl = 0;
    while (i < fl && f[i] == t[i])
        i++;
    if (i == fl && (t[i] == '/' || t[i] == '\0'))
        common = i;
    else {
        while (i > 0 && f[i] != '/')
            i--;
        common = i;
    }
    if (common == 0 && fl > 0) {
        /* only the root in common: the absolute path reads better */
        out = t;
        t = NULL;
        goto done;
    }
    size_t ups = 0;
    if (common < fl) {
        ups = 1;
        for (size_t k = common + 1; k < fl; k++)
            if (f[k] == '/')
                ups++;
    }
    const char *rest = t + common;
    while (*rest == '/')
        rest++;
    size_t n = ups * 3 + strlen(rest) + 2;
    out = malloc(n);
    if (!out)
        goto done;
    out[0] = '\0';
    for (size_t k = 0; k < ups; k++)
        strcat(out, k + 1 < ups || *rest ? "../" : "..");
    strcat(out, rest);
    if (out[0] == '\0')
        strcpy(out, ".");
done:
    free(f);
    free(t);
    return out;
}

/* ---- reading -------------------------------------------------------- */

jh_status jh_yaml_oom(jh_yaml_reader *c)
{
    return jh_error_set(c->err, JH_ERR_RUN, "%s: out of memory", c->file);
}

/* A plain empty, "~" or "null" scalar: the YAML null. */
bool jh_yaml_is_null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = jh_yaml_scalar(n);
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* What a node is, for "got ..." in messages (the text of a scalar). */
static void describe(const yaml_node_t *n, char *buf, size_t size)
{
    if (jh_yaml_is_null(n))
        snprintf(buf, size, "nothing");
    else if (n->type == YAML_MAPPING_NODE)
        snprintf(buf, size, "a map");
    else if (n->type == YAML_SEQUENCE_NODE)
        snprintf(buf, size, "a list");
    else
        snprintf(buf, size, "'%.200s'", jh_yaml_scalar(n));
}

jh_status jh_yaml_expected(jh_yaml_reader *c, const yaml_node_t *n, const char *key, const char *what)
{
    char got[256];
    describe(n, got, sizeof got);
    return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: key %s: expected %s, got %s",
                        c->file, jh_yaml_line(n), key, what, got);
}

jh_status jh_yaml_unknown_key(jh_yaml_reader *c, yaml_node_t *k, const char *section,
                              const char *const *allowed)
{
    char list[1024] = "";
    size_t len = 0;
    for (size_t i = 0; allowed[i] && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", allowed[i]);
    return jh_error_set(c->err, JH_ERR_INPUT,
                        "%s: line %ld: unknown key '%.200s' in %s (expected one of: %s)",
                        c->file, jh_yaml_line(k), jh_yaml_scalar(k), section, list);
}

/* Checks that a map holds only `allowed` keys (NULL-terminated), each once.
 * `section` names the map in messages. */
jh_status jh_yaml_check_keys(jh_yaml_reader *c, yaml_node_t *map, const char *section,
                             const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: in %s: expected a plain key, got %s",
                                c->file, k ? jh_yaml_line(k) : 0L, section,
                                k && k->type == YAML_MAPPING_NODE ? "a map" : "a list");
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(jh_yaml_scalar(k), allowed[i]) == 0)
                ok = true;
        if (!ok)
            return jh_yaml_unknown_key(c, k, section, allowed);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = jh_yaml_node(c, q->key);
            if (strcmp(jh_yaml_scalar(k2), jh_yaml_scalar(k)) == 0)
                return jh_error_set(c->err, JH_ERR_INPUT,
                                    "%s: line %ld: duplicate key '%.200s' in %s (first given on line %ld)",
                                    c->file, jh_yaml_line(k), jh_yaml_scalar(k), section, jh_yaml_line(k2));
        }
    }
    return JH_OK;
}

/* The value of `key` in a (checked) map, or NULL. */
yaml_node_t *jh_yaml_get(jh_yaml_reader *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(jh_yaml_scalar(k), key) == 0)
            return jh_yaml_node(c, p->value);
    }
    return NULL;
}

/* The key node of `key` (for its line). */
yaml_node_t *jh_yaml_get_key(jh_yaml_reader *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = jh_yaml_node(c, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(jh_yaml_scalar(k), key) == 0)
            return k;
    }
    return NULL;
}

jh_status jh_yaml_missing(jh_yaml_reader *c, yaml_node_t *map, const char *key, const char *section)
{
    return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: missing key '%s' in %s (required)",
                        c->file, jh_yaml_line(map), key, section);
}

/* A map value. */
jh_status jh_yaml_want_map(jh_yaml_reader *c, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_MAPPING_NODE)
        return jh_yaml_expected(c, n, key, "a map");
    return JH_OK;
}

/* Numbers. lo/hi bound the value (inclusive unless lo_open); `integer`
 * asks for a whole number. */
jh_status jh_yaml_number(jh_yaml_reader *c, yaml_node_t *n, const char *key, double lo, double hi,
                         bool lo_open, bool integer, double *out)
{
    char what[128];
    const char *kind = integer ? "a whole number" : "a number";
    /* very large upper bounds only guard against overflow: not shown */
    bool show_hi = !isinf(hi) && hi < 1e6;
    if (isinf(lo) && !show_hi)
        snprintf(what, sizeof what, "%s", kind);
    else if (!show_hi)
        snprintf(what, sizeof what, "%s %s %g", kind, lo_open ? ">" : ">=", lo);
    else
        snprintf(what, sizeof what, "%s between %g and %g", kind, lo, hi);
    if (jh_yaml_is_null(n) || n->type != YAML_SCALAR_NODE)
        return jh_yaml_expected(c, n, key, what);
    const char *t = jh_yaml_scalar(n);
    char *end = NULL;
    errno = 0;
    double v;
    if (integer) {
        long l = strtol(t, &end, 10);
        v = (double)l;
    } else {
        v = strtod(t, &end);
    }
    if (end == t || *end != '\0' || errno == ERANGE || !isfinite(v) || v < lo || v > hi ||
        (lo_open && v == lo))
        return jh_yaml_expected(c, n, key, what);
    *out = v;
    return JH_OK;
}

jh_status jh_yaml_num_key(jh_yaml_reader *c, yaml_node_t *map, const char *key, const char *label,
                          double lo, double hi, bool lo_open, double *out)
{
    yaml_node_t *n = jh_yaml_get(c, map, key);
    if (!n)
        return JH_OK;
    return jh_yaml_number(c, n, label, lo, hi, lo_open, false, out);
}

jh_status jh_yaml_int_key(jh_yaml_reader *c, yaml_node_t *map, const char *key, const char *label,
                          double lo, double hi, int *out)
{
    yaml_node_t *n = jh_yaml_get(c, map, key);
    if (!n)
        return JH_OK;
    double v;
    jh_status st = jh_yaml_number(c, n, label, lo, hi, false, true, &v);
    if (st == JH_OK)
        *out = (int)v;
    return st;
}

/* A text value (scalar, not null); copied into *out (freeing the old one). */
jh_status jh_yaml_text(jh_yaml_reader *c, yaml_node_t *n, const char *key, char **out)
{
    if (jh_yaml_is_null(n) || n->type != YAML_SCALAR_NODE)
        return jh_yaml_expected(c, n, key, "a text");
    char *t = strdup(jh_yaml_scalar(n));
    if (!t)
        return jh_yaml_oom(c);
    free(*out);
    *out = t;
    return JH_OK;
}

/* One of `names` (NULL-terminated); its index into *out. */
jh_status jh_yaml_choice(jh_yaml_reader *c, yaml_node_t *n, const char *key, const char *const *names, int *out)
{
    if (n->type == YAML_SCALAR_NODE && !jh_yaml_is_null(n))
        for (int i = 0; names[i]; i++)
            if (strcmp(jh_yaml_scalar(n), names[i]) == 0) {
                *out = i;
                return JH_OK;
            }
    char what[512] = "one of: ";
    size_t len = strlen(what);
    for (int i = 0; names[i] && len < sizeof what; i++)
        len += (size_t)snprintf(what + len, sizeof what - len, "%s%s", i ? ", " : "", names[i]);
    return jh_yaml_expected(c, n, key, what);
}

jh_status jh_yaml_bool(jh_yaml_reader *c, yaml_node_t *n, const char *key, bool *out)
{
    static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", NULL};
    static const char *const f[] = {"false", "False", "FALSE", "no", "No", "NO", NULL};
    if (n->type == YAML_SCALAR_NODE)
        for (int i = 0; t[i]; i++) {
            if (strcmp(jh_yaml_scalar(n), t[i]) == 0) {
                *out = true;
                return JH_OK;
            }
            if (strcmp(jh_yaml_scalar(n), f[i]) == 0) {
                *out = false;
                return JH_OK;
            }
        }
    return jh_yaml_expected(c, n, key, "true or false");
}

/* "ID or [IDs]": one text or a non-empty list of texts. */
jh_status jh_yaml_id_list(jh_yaml_reader *c, yaml_node_t *n, const char *key, char ***ids, size_t *n_ids)
{
    if (n->type == YAML_SEQUENCE_NODE) {
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count == 0)
            return jh_yaml_expected(c, n, key, "a school id or a list of ids");
        *ids = calloc(count, sizeof **ids);
        if (!*ids)
            return jh_yaml_oom(c);
        *n_ids = count;
        for (size_t i = 0; i < count; i++) {
            yaml_node_t *item = jh_yaml_node(c, n->data.sequence.items.start[i]);
            if (jh_yaml_is_null(item) || item->type != YAML_SCALAR_NODE)
                return jh_yaml_expected(c, item, key, "an id");
            jh_status st = jh_yaml_text(c, item, key, &(*ids)[i]);
            if (st != JH_OK)
                return st;
        }
        return JH_OK;
    }
    if (jh_yaml_is_null(n) || n->type != YAML_SCALAR_NODE)
        return jh_yaml_expected(c, n, key, "an id or a list of ids");
    *ids = calloc(1, sizeof **ids);
    if (!*ids)
        return jh_yaml_oom(c);
    *n_ids = 1;
    return jh_yaml_text(c, n, key, &(*ids)[0]);
}

bool jh_yaml_in_list(const char *const *list, const char *key)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

const char *const jh_yaml_quality_keys[JH_NQUALITY + 1] = {
    "above_degree_per100",        "backbone_per100",       "pe_art_per100",
    "building_m2_per_student",    "sports_m2_per_student", "equipment_yuan_per_student",
    "multimedia_per100",          NULL};

/* ---- writing -------------------------------------------------------- */

int jh_yaml_writer_output(void *data, unsigned char *buffer, size_t size)
{
    jh_yaml_writer *w = data;
    if (w->len + size + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 8192;
        while (w->len + size + 1 > cap)
            cap *= 2;
        char *nb = realloc(w->buf, cap);
        if (!nb)
            return 0;
        w->buf = nb;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, buffer, size);
    w->len += size;
    w->buf[w->len] = '\0';
    return 1;
}

void jh_yaml_put_event(jh_yaml_writer *w, yaml_event_t *e, int initialized)
{
    if (!initialized) {
        w->failed = true;
        return;
    }
    if (w->failed) {
        yaml_event_delete(e);
        return;
    }
    if (!yaml_emitter_emit(&w->em, e)) /* the emitter frees the event */
        w->failed = true;
}

void jh_yaml_put_str(jh_yaml_writer *w, const char *s)
{
    /* texts a reader would take for the YAML null are quoted; everything
     * else the emitter quotes when it must */
    bool nullish = s[0] == '\0' || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0;
    yaml_event_t e;
    jh_yaml_put_event(w, &e,
                      yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
                                         nullish ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                                 : YAML_ANY_SCALAR_STYLE));
}

/* The shortest decimal that reads back as the same double. */
static void format_number(double v, char *buf, size_t size)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void jh_yaml_put_num(jh_yaml_writer *w, double v)
{
    char buf[64];
    format_number(v, buf, sizeof buf);
    jh_yaml_put_str(w, buf);
}

void jh_yaml_put_map(jh_yaml_writer *w, bool flow)
{
    yaml_event_t e;
    jh_yaml_put_event(w, &e, yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
                                                                 flow ? YAML_FLOW_MAPPING_STYLE
                                                            : YAML_BLOCK_MAPPING_STYLE));
}

void jh_yaml_put_map_end(jh_yaml_writer *w)
{
    yaml_event_t e;
    jh_yaml_put_event(w, &e, yaml_mapping_end_event_initialize(&e));
}

void jh_yaml_put_seq(jh_yaml_writer *w, bool flow)
{
    yaml_event_t e;
    jh_yaml_put_event(w, &e, yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
                                                                  flow ? YAML_FLOW_SEQUENCE_STYLE
                                                             : YAML_BLOCK_SEQUENCE_STYLE));
}

void jh_yaml_put_seq_end(jh_yaml_writer *w)
{
    yaml_event_t e;
    jh_yaml_put_event(w, &e, yaml_sequence_end_event_initialize(&e));
}


void jh_yaml_put_kv(jh_yaml_writer *w, const char *k, const char *v)
{
    jh_yaml_put_str(w, k);
    jh_yaml_put_str(w, v);
}

void jh_yaml_put_kn(jh_yaml_writer *w, const char *k, double v)
{
    jh_yaml_put_str(w, k);
    jh_yaml_put_num(w, v);
}

/* One id as a jh_yaml_text, several as a list. */
void jh_yaml_put_ids(jh_yaml_writer *w, const char *k, char **ids, size_t n)
{
    jh_yaml_put_str(w, k);
    if (n == 1) {
        jh_yaml_put_str(w, ids[0]);
        return;
    }
    jh_yaml_put_seq(w, true);
    for (size_t i = 0; i < n; i++)
        jh_yaml_put_str(w, ids[i]);
    jh_yaml_put_seq_end(w);
}
