/*
 * scenario.c: reads and writes scenario files (see scenario.h and
 * /work/scenario-keys.md for every accepted key).
 *
 * Why so strict: a scenario is a plan, and a typo ("assigment", "clsoe")
 * must never silently change it. So every map is checked against the list
 * of keys it may hold, duplicates are refused, and every value is checked
 * for its type and range, each error naming the file, the line, the key and
 * what was expected.
 *
 * Parsing uses libyaml's document API (the whole tree is small and keeps
 * the start mark, hence the line, of every node). Writing uses libyaml's
 * emitter into memory and then a temporary file renamed into place, so a
 * failed write never leaves half a plan behind.
 *
 * Paths: data paths are resolved against the scenario file's folder and
 * cleaned lexically ("a/./b/../c" -> "a/c"); a relative scenario path gives
 * relative data paths (relative to the working directory). The writer makes
 * them relative to the folder the new file will live in.
 */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "input/input_file.h"

/* ---- defaults ------------------------------------------------------- */

void jh_rules_default(jh_rules *r)
{
    static const double quality[JH_NLEVELS][JH_NQUALITY] = {
        {4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
        {5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4}};
    memset(r, 0, sizeof *r);
    r->class_size[JH_PRIMARY] = 45;
    r->class_size[JH_JUNIOR] = 50;
    r->large_class_min = 56;
    r->super_large_class_min = 66;
    r->distance_km[JH_PRIMARY] = 3;
    r->distance_km[JH_JUNIOR] = 5;
    r->school_size_max[JH_PRIMARY] = 2000;
    r->school_size_max[JH_JUNIOR] = 2000;
    r->school_size_max_combined = 2500;
    r->staffing_norm[JH_PRIMARY] = 19;
    r->staffing_norm[JH_JUNIOR] = 13.5;
    r->boarding_extra_posts_per100_beds = 0;
    r->teaching_point_min_students = 50;
    memcpy(r->quality_min, quality, sizeof quality);
    r->compliance_min_reached = 6;
    r->compliance_floor = 0.85;
    r->cv_limit_quality[JH_PRIMARY] = 0.50;
    r->cv_limit_quality[JH_JUNIOR] = 0.45;
    r->cv_limit_basic[JH_PRIMARY] = 0.65;
    r->cv_limit_basic[JH_JUNIOR] = 0.55;
    r->weight_junior_nine_year = 1.1;
    r->weight_senior_complete = 1.2;
    r->weight_junior_twelve = 1.1;
    r->weight_senior_twelve = 1.32;
    r->music_art_rooms_per_classes = 12;
    r->promotion_rate = 1.0;
    r->transition_rate = 1.0;
    r->intake_rate = 1.0;
    for (int a = 0; a < JH_NAREAS; a++) {
        r->birth_rate_per1000[a] = 6.4; /* national rate of 2023 */
        r->migration_rate[a] = 0;
    }
    r->retirement_age = 60;
    r->distance_minutes = false;
}

static void teacher_policy_default(jh_teacher_policy *t)
{
    memset(t, 0, sizeof *t);
    t->rotation = false;
    t->share_of_eligible = 0.10;
    t->backbone_share = 0.20;
    t->min_years = 6;
    t->method = JH_ROTATE_PROPORTIONAL;
    t->within_district = false;
    t->hiring_per_year = 0;
    t->hiring_priority = JH_HIRE_RURAL_FIRST;
}

static void consolidation_default(jh_consolidation_request *q)
{
    memset(q, 0, sizeof *q);
    q->level = JH_PRIMARY;
    q->close_at_most = -1;
    q->capacity_enforce = true;
    q->objective = JH_OBJ_DISTANCE;
    q->balance_weight = 1.0;
    q->seed = 1;
}

const char *jh_intervention_kind_name(jh_intervention_kind k)
{
    static const char *const names[] = {"close", "merge", "convert", "expand",
                                        "build", "keep_teaching_point", "add_beds",
                                        "catchment"};
    if ((int)k < 0 || (size_t)k >= sizeof names / sizeof names[0])
        return "unknown";
    return names[k];
}

void jh_scenario_free(jh_scenario *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->path);
    free(s->dir);
    free(s->schools_path);
    free(s->villages_path);
    free(s->projections_path);
    free(s->teachers_path);
    free(s->travel_costs_path);
    free(s->crs);
    for (size_t i = 0; i < s->n_fields; i++) {
        free(s->fields[i].canonical);
        free(s->fields[i].layer_field);
    }
    free(s->fields);
    for (size_t i = 0; i < s->n_interventions; i++) {
        jh_intervention *iv = &s->interventions[i];
        for (size_t k = 0; k < iv->n_ids; k++)
            free(iv->ids[k]);
        free(iv->ids);
        free(iv->target);
        free(iv->build.id);
        free(iv->build.name);
        free(iv->build.district);
    }
    free(s->interventions);
    for (size_t i = 0; i < s->consolidation.n_fixed; i++)
        free(s->consolidation.fixed[i]);
    free(s->consolidation.fixed);
    memset(s, 0, sizeof *s);
}

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
static char *path_join(const char *dir, const char *p)
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
static char *path_dir(const char *path)
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
    return path_join(cwd, p);
}

/* `target` written relative to folder `from`; NULL when either cannot be
 * made absolute or when they share no folder but the root (the caller then
 * writes the absolute path). */
static char *path_relative(const char *from, const char *target)
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
    if (common == 0 && fl > 0)
        goto done; /* only the root in common: the absolute path reads better */
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

/* ---- parsing helpers ------------------------------------------------ */

typedef struct ctx {
    yaml_document_t *doc;
    const char *file;     /* for messages */
    jh_error *err;
    jh_scenario *s;
} ctx;

static yaml_node_t *node_at(ctx *c, int id) { return yaml_document_get_node(c->doc, id); }
static long line_of(const yaml_node_t *n) { return (long)n->start_mark.line + 1; }
static const char *text_of(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static jh_status oom(ctx *c)
{
    return jh_error_set(c->err, JH_ERR_RUN, "%s: out of memory", c->file);
}

/* A plain empty, "~" or "null" scalar: the YAML null. */
static bool is_null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = text_of(n);
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* What a node is, for "got ..." in messages (the text of a scalar). */
static void describe(const yaml_node_t *n, char *buf, size_t size)
{
    if (is_null(n))
        snprintf(buf, size, "nothing");
    else if (n->type == YAML_MAPPING_NODE)
        snprintf(buf, size, "a map");
    else if (n->type == YAML_SEQUENCE_NODE)
        snprintf(buf, size, "a list");
    else
        snprintf(buf, size, "'%.200s'", text_of(n));
}

static jh_status expected(ctx *c, const yaml_node_t *n, const char *key, const char *what)
{
    char got[256];
    describe(n, got, sizeof got);
    return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: key %s: expected %s, got %s",
                        c->file, line_of(n), key, what, got);
}

static jh_status unknown_key(ctx *c, yaml_node_t *k, const char *section,
                             const char *const *allowed)
{
    char list[1024] = "";
    size_t len = 0;
    for (size_t i = 0; allowed[i] && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", allowed[i]);
    return jh_error_set(c->err, JH_ERR_INPUT,
                        "%s: line %ld: unknown key '%.200s' in %s (expected one of: %s)",
                        c->file, line_of(k), text_of(k), section, list);
}

/* Checks that a map holds only `allowed` keys (NULL-terminated), each once.
 * `section` names the map in messages. */
static jh_status check_keys(ctx *c, yaml_node_t *map, const char *section,
                            const char *const *allowed)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (!k || k->type != YAML_SCALAR_NODE)
            return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: in %s: expected a plain key, got %s",
                                c->file, k ? line_of(k) : 0L, section,
                                k && k->type == YAML_MAPPING_NODE ? "a map" : "a list");
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(text_of(k), allowed[i]) == 0)
                ok = true;
        if (!ok)
            return unknown_key(c, k, section, allowed);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = node_at(c, q->key);
            if (strcmp(text_of(k2), text_of(k)) == 0)
                return jh_error_set(c->err, JH_ERR_INPUT,
                                    "%s: line %ld: duplicate key '%.200s' in %s (first given on line %ld)",
                                    c->file, line_of(k), text_of(k), section, line_of(k2));
        }
    }
    return JH_OK;
}

/* The value of `key` in a (checked) map, or NULL. */
static yaml_node_t *get(ctx *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(text_of(k), key) == 0)
            return node_at(c, p->value);
    }
    return NULL;
}

/* The key node of `key` (for its line). */
static yaml_node_t *get_key(ctx *c, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp(text_of(k), key) == 0)
            return k;
    }
    return NULL;
}

static jh_status missing(ctx *c, yaml_node_t *map, const char *key, const char *section)
{
    return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: missing key '%s' in %s (required)",
                        c->file, line_of(map), key, section);
}

/* A map value (a null counts as an empty map: *is_empty set). */
static jh_status want_map(ctx *c, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_MAPPING_NODE)
        return expected(c, n, key, "a map");
    return JH_OK;
}

/* Numbers. lo/hi bound the value (inclusive unless lo_open); `integer`
 * asks for a whole number. */
static jh_status number(ctx *c, yaml_node_t *n, const char *key, double lo, double hi,
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
    if (is_null(n) || n->type != YAML_SCALAR_NODE)
        return expected(c, n, key, what);
    const char *t = text_of(n);
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
        return expected(c, n, key, what);
    *out = v;
    return JH_OK;
}

static jh_status num_key(ctx *c, yaml_node_t *map, const char *key, const char *label,
                         double lo, double hi, bool lo_open, double *out)
{
    yaml_node_t *n = get(c, map, key);
    if (!n)
        return JH_OK;
    return number(c, n, label, lo, hi, lo_open, false, out);
}

static jh_status int_key(ctx *c, yaml_node_t *map, const char *key, const char *label,
                         double lo, double hi, int *out)
{
    yaml_node_t *n = get(c, map, key);
    if (!n)
        return JH_OK;
    double v;
    jh_status st = number(c, n, label, lo, hi, false, true, &v);
    if (st == JH_OK)
        *out = (int)v;
    return st;
}

/* A text value (scalar, not null); copied into *out (freeing the old one). */
static jh_status text(ctx *c, yaml_node_t *n, const char *key, char **out)
{
    if (is_null(n) || n->type != YAML_SCALAR_NODE)
        return expected(c, n, key, "a text");
    char *t = strdup(text_of(n));
    if (!t)
        return oom(c);
    free(*out);
    *out = t;
    return JH_OK;
}

/* One of `names` (NULL-terminated); its index into *out. */
static jh_status choice(ctx *c, yaml_node_t *n, const char *key, const char *const *names, int *out)
{
    if (n->type == YAML_SCALAR_NODE && !is_null(n))
        for (int i = 0; names[i]; i++)
            if (strcmp(text_of(n), names[i]) == 0) {
                *out = i;
                return JH_OK;
            }
    char what[512] = "one of: ";
    size_t len = strlen(what);
    for (int i = 0; names[i] && len < sizeof what; i++)
        len += (size_t)snprintf(what + len, sizeof what - len, "%s%s", i ? ", " : "", names[i]);
    return expected(c, n, key, what);
}

static jh_status boolean(ctx *c, yaml_node_t *n, const char *key, bool *out)
{
    static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", NULL};
    static const char *const f[] = {"false", "False", "FALSE", "no", "No", "NO", NULL};
    if (n->type == YAML_SCALAR_NODE)
        for (int i = 0; t[i]; i++) {
            if (strcmp(text_of(n), t[i]) == 0) {
                *out = true;
                return JH_OK;
            }
            if (strcmp(text_of(n), f[i]) == 0) {
                *out = false;
                return JH_OK;
            }
        }
    return expected(c, n, key, "true or false");
}

/* "ID or [IDs]": one text or a non-empty list of texts. */
static jh_status id_list(ctx *c, yaml_node_t *n, const char *key, char ***ids, size_t *n_ids)
{
    if (n->type == YAML_SEQUENCE_NODE) {
        size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
        if (count == 0)
            return expected(c, n, key, "a school id or a list of ids");
        *ids = calloc(count, sizeof **ids);
        if (!*ids)
            return oom(c);
        *n_ids = count;
        for (size_t i = 0; i < count; i++) {
            yaml_node_t *item = node_at(c, n->data.sequence.items.start[i]);
            if (is_null(item) || item->type != YAML_SCALAR_NODE)
                return expected(c, item, key, "an id");
            jh_status st = text(c, item, key, &(*ids)[i]);
            if (st != JH_OK)
                return st;
        }
        return JH_OK;
    }
    if (is_null(n) || n->type != YAML_SCALAR_NODE)
        return expected(c, n, key, "an id or a list of ids");
    *ids = calloc(1, sizeof **ids);
    if (!*ids)
        return oom(c);
    *n_ids = 1;
    return text(c, n, key, &(*ids)[0]);
}

/* ---- sections ------------------------------------------------------- */

static jh_status parse_path(ctx *c, yaml_node_t *data, const char *key, char **out)
{
    yaml_node_t *n = get(c, data, key);
    if (!n)
        return JH_OK;
    char label[64];
    snprintf(label, sizeof label, "data.%s", key);
    char *raw = NULL;
    jh_status st = text(c, n, label, &raw);
    if (st != JH_OK)
        return st;
    *out = path_join(c->s->dir, raw);
    free(raw);
    return *out ? JH_OK : oom(c);
}

static jh_status add_field(ctx *c, yaml_node_t *k, yaml_node_t *v, int layer, const char *label)
{
    jh_scenario *s = c->s;
    if (is_null(v) || v->type != YAML_SCALAR_NODE)
        return expected(c, v, label, "the layer's field name");
    jh_field_map *f = realloc(s->fields, (s->n_fields + 1) * sizeof *f);
    if (!f)
        return oom(c);
    s->fields = f;
    f = &s->fields[s->n_fields++];
    memset(f, 0, sizeof *f);
    f->layer = layer;
    f->line = line_of(k);
    f->canonical = strdup(text_of(k));
    f->layer_field = strdup(text_of(v));
    return f->canonical && f->layer_field ? JH_OK : oom(c);
}

/* Flat scalar pairs only: canonical -> layer field, duplicates refused. */
static jh_status parse_field_pairs(ctx *c, yaml_node_t *map, int layer, const char *section)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: in %s: expected a field name as key",
                                c->file, line_of(k), section);
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++)
            if (strcmp(text_of(node_at(c, q->key)), text_of(k)) == 0)
                return jh_error_set(c->err, JH_ERR_INPUT,
                                    "%s: line %ld: duplicate key '%.200s' in %s (first given on line %ld)",
                                    c->file, line_of(k), text_of(k), section,
                                    line_of(node_at(c, q->key)));
        char label[256];
        snprintf(label, sizeof label, "%s.%.200s", section, text_of(k));
        jh_status st = add_field(c, k, node_at(c, p->value), layer, label);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* `fields:` is either flat (canonical -> field, both layers) or split by
 * layer ({schools: {...}, villages: {...}}); a map among the values means
 * the split form. */
static jh_status parse_fields(ctx *c, yaml_node_t *n)
{
    if (is_null(n))
        return JH_OK;
    jh_status st = want_map(c, n, "data.fields");
    if (st != JH_OK)
        return st;
    bool split = false;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
        if (node_at(c, p->value)->type == YAML_MAPPING_NODE)
            split = true;
    if (!split)
        return parse_field_pairs(c, n, 0, "data.fields");
    static const char *const layers[] = {"schools", "villages", NULL};
    if ((st = check_keys(c, n, "data.fields", layers)) != JH_OK)
        return st;
    for (int l = 0; l < 2; l++) {
        yaml_node_t *m = get(c, n, layers[l]);
        if (!m || is_null(m))
            continue;
        char label[64];
        snprintf(label, sizeof label, "data.fields.%s", layers[l]);
        if ((st = want_map(c, m, label)) != JH_OK ||
            (st = parse_field_pairs(c, m, l + 1, label)) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status parse_data(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {"schools", "villages", "projections", "teachers",
                                       "travel_costs", "travel_cost_units", "crs", "fields", NULL};
    jh_scenario *s = c->s;
    jh_status st;
    if ((st = want_map(c, n, "data")) != JH_OK || (st = check_keys(c, n, "data", keys)) != JH_OK)
        return st;
    if (!get(c, n, "schools"))
        return missing(c, n, "schools", "data");
    if (!get(c, n, "villages"))
        return missing(c, n, "villages", "data");
    if ((st = parse_path(c, n, "schools", &s->schools_path)) != JH_OK ||
        (st = parse_path(c, n, "villages", &s->villages_path)) != JH_OK ||
        (st = parse_path(c, n, "projections", &s->projections_path)) != JH_OK ||
        (st = parse_path(c, n, "teachers", &s->teachers_path)) != JH_OK ||
        (st = parse_path(c, n, "travel_costs", &s->travel_costs_path)) != JH_OK)
        return st;
    yaml_node_t *v;
    if ((v = get(c, n, "travel_cost_units"))) {
        static const char *const units[] = {"metres", "minutes", NULL};
        int u = 0;
        if ((st = choice(c, v, "data.travel_cost_units", units, &u)) != JH_OK)
            return st;
        s->rules.distance_minutes = u == 1;
    }
    if ((v = get(c, n, "crs")) && (s->crs_line = line_of(v)) &&
        (st = text(c, v, "data.crs", &s->crs)) != JH_OK)
        return st;
    if ((v = get(c, n, "fields")) && (st = parse_fields(c, v)) != JH_OK)
        return st;
    return JH_OK;
}

static jh_status parse_horizon(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {"start", "end", NULL};
    jh_status st;
    if ((st = want_map(c, n, "horizon")) != JH_OK || (st = check_keys(c, n, "horizon", keys)) != JH_OK)
        return st;
    if (!get(c, n, "start"))
        return missing(c, n, "start", "horizon");
    if (!get(c, n, "end"))
        return missing(c, n, "end", "horizon");
    if ((st = int_key(c, n, "start", "horizon.start", 1900, 2500, &c->s->start_year)) != JH_OK ||
        (st = int_key(c, n, "end", "horizon.end", 1900, 2500, &c->s->end_year)) != JH_OK)
        return st;
    yaml_node_t *e = get(c, n, "end");
    if (c->s->end_year < c->s->start_year || c->s->end_year - c->s->start_year > 50) {
        char what[96];
        snprintf(what, sizeof what, "a year from %d (start) to %d (at most 50 years)",
                 c->s->start_year, c->s->start_year + 50);
        return expected(c, e, "horizon.end", what);
    }
    return JH_OK;
}

/* A {primary: X, junior: Y} pair of numbers. */
static jh_status level_pair(ctx *c, yaml_node_t *rules, const char *prefix, const char *key,
                            double lo, double hi, bool lo_open, bool integer,
                            double *out, const char *extra)
{
    static const char *const levels[] = {"primary", "junior", NULL};
    static const char *const levels3[] = {"primary", "junior", "combined", NULL};
    yaml_node_t *n = get(c, rules, key);
    if (!n)
        return JH_OK;
    char section[64];
    snprintf(section, sizeof section, "%s.%s", prefix, key);
    jh_status st;
    if ((st = want_map(c, n, section)) != JH_OK ||
        (st = check_keys(c, n, section, extra ? levels3 : levels)) != JH_OK)
        return st;
    for (int l = 0; l < (extra ? 3 : 2); l++) {
        yaml_node_t *v = get(c, n, levels3[l]);
        if (!v)
            continue;
        char label[96];
        snprintf(label, sizeof label, "%s.%s", section, levels3[l]);
        if ((st = number(c, v, label, lo, hi, lo_open, integer, &out[l])) != JH_OK)
            return st;
    }
    return JH_OK;
}

static jh_status level_pair_int(ctx *c, yaml_node_t *rules, const char *key, double lo,
                                int out[JH_NLEVELS])
{
    double d[JH_NLEVELS] = {out[0], out[1]};
    jh_status st = level_pair(c, rules, "rules", key, lo, INFINITY, false, true, d, NULL);
    out[0] = (int)d[0];
    out[1] = (int)d[1];
    return st;
}

/* {urban: X, town: Y, rural: Z} */
static jh_status area_triple(ctx *c, yaml_node_t *rules, const char *key, double lo, double hi,
                             bool lo_open, double out[JH_NAREAS])
{
    static const char *const areas[] = {"urban", "town", "rural", NULL};
    yaml_node_t *n = get(c, rules, key);
    if (!n)
        return JH_OK;
    char section[64];
    snprintf(section, sizeof section, "rules.%s", key);
    jh_status st;
    if ((st = want_map(c, n, section)) != JH_OK || (st = check_keys(c, n, section, areas)) != JH_OK)
        return st;
    for (int a = 0; a < JH_NAREAS; a++) {
        char label[96];
        snprintf(label, sizeof label, "%s.%s", section, areas[a]);
        if ((st = num_key(c, n, areas[a], label, lo, hi, lo_open, &out[a])) != JH_OK)
            return st;
    }
    return JH_OK;
}

static const char *const quality_keys[JH_NQUALITY + 1] = {
    "above_degree_per100",        "backbone_per100",       "pe_art_per100",
    "building_m2_per_student",    "sports_m2_per_student", "equipment_yuan_per_student",
    "multimedia_per100",          NULL};

static jh_status parse_rules(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {
        "class_size", "large_class_min", "super_large_class_min", "distance_km",
        "school_size_max", "staffing_norm", "boarding_extra_posts_per100_beds",
        "teaching_point_min_students", "quality_standard", "compliance", "cv_limit", "weights",
        "music_art_rooms_per_classes", "promotion_rate", "transition_rate", "intake_rate",
        "birth_rate_per1000", "migration_rate", "retirement_age", NULL};
    static const char *const levels[] = {"primary", "junior", NULL};
    jh_rules *r = &c->s->rules;
    jh_status st;
    if (is_null(n))
        return JH_OK;
    if ((st = want_map(c, n, "rules")) != JH_OK || (st = check_keys(c, n, "rules", keys)) != JH_OK)
        return st;
    double sizes[3] = {r->school_size_max[0], r->school_size_max[1], r->school_size_max_combined};
    if ((st = level_pair_int(c, n, "class_size", 1, r->class_size)) != JH_OK ||
        (st = int_key(c, n, "large_class_min", "rules.large_class_min", 1, 1e6, &r->large_class_min)) != JH_OK ||
        (st = int_key(c, n, "super_large_class_min", "rules.super_large_class_min", 1, 1e6,
                      &r->super_large_class_min)) != JH_OK ||
        (st = level_pair(c, n, "rules", "distance_km", 0, INFINITY, true, false, r->distance_km, NULL)) != JH_OK ||
        (st = level_pair(c, n, "rules", "school_size_max", 1, INFINITY, false, true, sizes, "combined")) != JH_OK ||
        (st = level_pair(c, n, "rules", "staffing_norm", 0, INFINITY, true, false, r->staffing_norm, NULL)) != JH_OK ||
        (st = num_key(c, n, "boarding_extra_posts_per100_beds", "rules.boarding_extra_posts_per100_beds",
                      0, INFINITY, false, &r->boarding_extra_posts_per100_beds)) != JH_OK ||
        (st = int_key(c, n, "teaching_point_min_students", "rules.teaching_point_min_students", 0, 1e6,
                      &r->teaching_point_min_students)) != JH_OK ||
        (st = int_key(c, n, "music_art_rooms_per_classes", "rules.music_art_rooms_per_classes", 1, 1e6,
                      &r->music_art_rooms_per_classes)) != JH_OK ||
        (st = num_key(c, n, "promotion_rate", "rules.promotion_rate", 0, 1, false, &r->promotion_rate)) != JH_OK ||
        (st = num_key(c, n, "transition_rate", "rules.transition_rate", 0, 1, false, &r->transition_rate)) != JH_OK ||
        (st = num_key(c, n, "intake_rate", "rules.intake_rate", 0, INFINITY, false, &r->intake_rate)) != JH_OK ||
        (st = area_triple(c, n, "birth_rate_per1000", 0, INFINITY, false, r->birth_rate_per1000)) != JH_OK ||
        (st = area_triple(c, n, "migration_rate", -1, 1, false, r->migration_rate)) != JH_OK ||
        (st = int_key(c, n, "retirement_age", "rules.retirement_age", 18, 100, &r->retirement_age)) != JH_OK)
        return st;
    r->school_size_max[0] = (int)sizes[0];
    r->school_size_max[1] = (int)sizes[1];
    r->school_size_max_combined = (int)sizes[2];
    if (r->super_large_class_min < r->large_class_min)
        return expected(c, get(c, n, get(c, n, "super_large_class_min") ? "super_large_class_min" : "large_class_min"),
                        get(c, n, "super_large_class_min") ? "rules.super_large_class_min" : "rules.large_class_min",
                        "super_large_class_min >= large_class_min");

    yaml_node_t *v;
    if ((v = get(c, n, "quality_standard"))) {
        if ((st = want_map(c, v, "rules.quality_standard")) != JH_OK ||
            (st = check_keys(c, v, "rules.quality_standard", levels)) != JH_OK)
            return st;
        for (int l = 0; l < JH_NLEVELS; l++) {
            yaml_node_t *m = get(c, v, levels[l]);
            if (!m)
                continue;
            char section[64];
            snprintf(section, sizeof section, "rules.quality_standard.%s", levels[l]);
            if ((st = want_map(c, m, section)) != JH_OK || (st = check_keys(c, m, section, quality_keys)) != JH_OK)
                return st;
            for (int q = 0; q < JH_NQUALITY; q++) {
                char label[128];
                snprintf(label, sizeof label, "%s.%s", section, quality_keys[q]);
                if ((st = num_key(c, m, quality_keys[q], label, 0, INFINITY, false, &r->quality_min[l][q])) != JH_OK)
                    return st;
            }
        }
    }
    if ((v = get(c, n, "compliance"))) {
        static const char *const ck[] = {"min_reached", "floor", NULL};
        if ((st = want_map(c, v, "rules.compliance")) != JH_OK ||
            (st = check_keys(c, v, "rules.compliance", ck)) != JH_OK ||
            (st = int_key(c, v, "min_reached", "rules.compliance.min_reached", 0, JH_NQUALITY,
                          &r->compliance_min_reached)) != JH_OK ||
            (st = num_key(c, v, "floor", "rules.compliance.floor", 0, 1, false, &r->compliance_floor)) != JH_OK)
            return st;
    }
    if ((v = get(c, n, "cv_limit"))) {
        static const char *const sets[] = {"quality", "basic", NULL};
        if ((st = want_map(c, v, "rules.cv_limit")) != JH_OK ||
            (st = check_keys(c, v, "rules.cv_limit", sets)) != JH_OK ||
            (st = level_pair(c, v, "rules.cv_limit", "quality", 0, INFINITY, true, false, r->cv_limit_quality, NULL)) != JH_OK ||
            (st = level_pair(c, v, "rules.cv_limit", "basic", 0, INFINITY, true, false, r->cv_limit_basic, NULL)) != JH_OK)
            return st;
    }
    if ((v = get(c, n, "weights"))) {
        static const char *const wk[] = {"junior_nine_year", "senior_complete", "junior_twelve",
                                         "senior_twelve", NULL};
        if ((st = want_map(c, v, "rules.weights")) != JH_OK ||
            (st = check_keys(c, v, "rules.weights", wk)) != JH_OK ||
            (st = num_key(c, v, wk[0], "rules.weights.junior_nine_year", 0, INFINITY, true,
                          &r->weight_junior_nine_year)) != JH_OK ||
            (st = num_key(c, v, wk[1], "rules.weights.senior_complete", 0, INFINITY, true,
                          &r->weight_senior_complete)) != JH_OK ||
            (st = num_key(c, v, wk[2], "rules.weights.junior_twelve", 0, INFINITY, true,
                          &r->weight_junior_twelve)) != JH_OK ||
            (st = num_key(c, v, wk[3], "rules.weights.senior_twelve", 0, INFINITY, true,
                          &r->weight_senior_twelve)) != JH_OK)
            return st;
    }
    return JH_OK;
}

/* ---- interventions -------------------------------------------------- */

/* The additions an expand / build may carry, by key. */
static const struct { const char *key; size_t offset; } resource_keys[] = {
    {"building_m2", offsetof(jh_resources, building_m2)},
    {"sports_m2", offsetof(jh_resources, sports_m2)},
    {"equipment_yuan", offsetof(jh_resources, equipment_yuan)},
    {"multimedia_rooms", offsetof(jh_resources, multimedia_rooms)},
    {"computers", offsetof(jh_resources, computers)},
    {"books", offsetof(jh_resources, books)},
    {"boarding_beds", offsetof(jh_resources, boarding_beds)},
    {"music_rooms", offsetof(jh_resources, music_rooms)},
    {"art_rooms", offsetof(jh_resources, art_rooms)},
    {"teachers", offsetof(jh_resources, teachers)},
    {"t_above_degree", offsetof(jh_resources, t_above_degree)},
    {"t_backbone", offsetof(jh_resources, t_backbone)},
    {"t_pe_art", offsetof(jh_resources, t_pe_art)},
    {"t_senior_title", offsetof(jh_resources, t_senior_title)},
};
#define N_RESOURCE_KEYS (sizeof resource_keys / sizeof resource_keys[0])

#define RESOURCE_KEY_LIST                                                                \
    "building_m2", "sports_m2", "equipment_yuan", "multimedia_rooms", "computers", "books", \
        "boarding_beds", "music_rooms", "art_rooms", "teachers", "t_above_degree",         \
        "t_backbone", "t_pe_art", "t_senior_title"

static double *resource_field(jh_resources *r, size_t k)
{
    return (double *)((char *)r + resource_keys[k].offset);
}

static jh_status parse_resources(ctx *c, yaml_node_t *map, jh_resources *r)
{
    for (size_t k = 0; k < N_RESOURCE_KEYS; k++) {
        jh_status st = num_key(c, map, resource_keys[k].key, resource_keys[k].key, 0, INFINITY,
                               false, resource_field(r, k));
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

static const char *const action_names[] = {"close", "merge", "convert", "expand", "build",
                                           "keep_teaching_point", "add_beds", "catchment", NULL};

/* The keys each action accepts (besides year), by jh_intervention_kind. */
static const char *const keys_close[] = {"year", "close", "students_to", NULL};
static const char *const keys_merge[] = {"year", "merge", "into", NULL};
static const char *const keys_convert[] = {"year", "convert", "to", NULL};
static const char *const keys_expand[] = {"year", "expand", "classrooms", "capacity",
                                          RESOURCE_KEY_LIST, "cost_wan", NULL};
static const char *const keys_build[] = {"year", "build", "cost_wan", "candidate", NULL};
static const char *const keys_keep[] = {"year", "keep_teaching_point", NULL};
static const char *const keys_beds[] = {"year", "add_beds", "beds", "cost_wan", NULL};
static const char *const keys_catchment[] = {"year", "catchment", "level", "villages", NULL};
static const char *const *const action_keys[] = {keys_close, keys_merge, keys_convert,
                                                 keys_expand, keys_build, keys_keep,
                                                 keys_beds, keys_catchment};
static const char *const keys_new_school[] = {"id", "name", "type", "area", "district", "x", "y",
                                              "classrooms", "capacity", RESOURCE_KEY_LIST, NULL};

static bool in_list(const char *const *list, const char *key)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

static jh_status parse_build(ctx *c, yaml_node_t *n, jh_intervention *iv)
{
    jh_school *b = &iv->build;
    jh_status st;
    b->type = JH_SCHOOL_PRIMARY;
    b->area = JH_RURAL;
    b->status = JH_STATUS_CANDIDATE;
    b->record = -1;
    if ((st = want_map(c, n, "build")) != JH_OK ||
        (st = check_keys(c, n, "build", keys_new_school)) != JH_OK)
        return st;
    yaml_node_t *v;
    if (!(v = get(c, n, "id")))
        return missing(c, n, "id", "build");
    if ((st = text(c, v, "build.id", &b->id)) != JH_OK)
        return st;
    if ((v = get(c, n, "name")) && (st = text(c, v, "build.name", &b->name)) != JH_OK)
        return st;
    if (!b->name && !(b->name = strdup(b->id)))
        return oom(c);
    if ((v = get(c, n, "district")) && (st = text(c, v, "build.district", &b->district)) != JH_OK)
        return st;
    if ((v = get(c, n, "type"))) {
        if (v->type != YAML_SCALAR_NODE || !jh_school_type_parse(text_of(v), &b->type))
            return expected(c, v, "build.type",
                            "a school type (primary, junior, nine_year, complete_middle, "
                            "twelve_year, teaching_point, special, vocational)");
    }
    if ((v = get(c, n, "area"))) {
        if (v->type != YAML_SCALAR_NODE || !jh_area_parse(text_of(v), &b->area))
            return expected(c, v, "build.area", "one of: urban, town, rural");
    }
    if ((st = num_key(c, n, "x", "build.x", -INFINITY, INFINITY, false, &b->x)) != JH_OK ||
        (st = num_key(c, n, "y", "build.y", -INFINITY, INFINITY, false, &b->y)) != JH_OK ||
        (st = int_key(c, n, "classrooms", "build.classrooms", 0, 1e6, &b->classrooms)) != JH_OK ||
        (st = int_key(c, n, "capacity", "build.capacity", 0, 1e7, &b->capacity)) != JH_OK ||
        (st = parse_resources(c, n, &b->res)) != JH_OK)
        return st;
    b->capacity_given = b->capacity > 0;
    iv->classrooms = b->classrooms;
    iv->capacity = b->capacity;
    return JH_OK;
}

static jh_status parse_intervention(ctx *c, yaml_node_t *n, jh_intervention *iv)
{
    jh_scenario *s = c->s;
    jh_status st;
    iv->line = line_of(n);
    if ((st = want_map(c, n, "interventions")) != JH_OK)
        return st;
    /* which action: exactly one */
    int action = -1;
    yaml_node_t *first_action = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(c, p->key);
        if (k->type != YAML_SCALAR_NODE)
            continue;
        for (int a = 0; action_names[a]; a++)
            if (strcmp(text_of(k), action_names[a]) == 0) {
                if (action >= 0 && a != action)
                    return jh_error_set(c->err, JH_ERR_INPUT,
                                        "%s: line %ld: an intervention with two actions ('%s' on line %ld and '%s'): write one entry per action",
                                        c->file, line_of(k), action_names[action],
                                        line_of(first_action), action_names[a]);
                action = a;
                first_action = k;
            }
    }
    if (action < 0) {
        /* a misspelt action is the likely cause: name the unknown key */
        static const char *const year_and_actions[] = {
            "year", "close", "merge", "convert", "expand", "build", "keep_teaching_point",
            "add_beds", "catchment", NULL};
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = node_at(c, p->key);
            bool known = k->type == YAML_SCALAR_NODE && strcmp(text_of(k), "year") == 0;
            for (int a = 0; !known && a < 8; a++)
                known = k->type == YAML_SCALAR_NODE && in_list(action_keys[a], text_of(k));
            if (!known && k->type == YAML_SCALAR_NODE)
                return unknown_key(c, k, "interventions", year_and_actions);
            if (!known)
                return check_keys(c, n, "interventions", year_and_actions);
        }
        return jh_error_set(c->err, JH_ERR_INPUT,
                            "%s: line %ld: intervention without an action (expected one of: close, merge, convert, expand, build, keep_teaching_point, add_beds, catchment)",
                            c->file, iv->line);
    }
    iv->kind = (jh_intervention_kind)action;
    char section[64];
    snprintf(section, sizeof section, "interventions (%s)", action_names[action]);
    if ((st = check_keys(c, n, section, action_keys[action])) != JH_OK)
        return st;

    yaml_node_t *v = get(c, n, "year");
    if (!v)
        return missing(c, n, "year", section);
    double year;
    char what[96];
    snprintf(what, sizeof what, "a year within the horizon %d-%d", s->start_year, s->end_year);
    if ((st = number(c, v, "year", -INFINITY, INFINITY, false, true, &year)) != JH_OK)
        return st;
    if (year < s->start_year || year > s->end_year)
        return expected(c, v, "year", what);
    iv->year = (int)year;

    yaml_node_t *a = get(c, n, action_names[action]);
    if ((st = num_key(c, n, "cost_wan", "cost_wan", 0, INFINITY, false, &iv->cost_wan)) != JH_OK)
        return st;
    switch (iv->kind) {
    case JH_IV_CLOSE:
        if ((st = id_list(c, a, "close", &iv->ids, &iv->n_ids)) != JH_OK)
            return st;
        v = get(c, n, "students_to");
        if (v)
            return text(c, v, "students_to", &iv->target);
        return (iv->target = strdup("nearest")) ? JH_OK : oom(c);
    case JH_IV_MERGE:
        if (a->type != YAML_SEQUENCE_NODE || a->data.sequence.items.top - a->data.sequence.items.start < 2)
            return expected(c, a, "merge", "a list of at least two school ids");
        if ((st = id_list(c, a, "merge", &iv->ids, &iv->n_ids)) != JH_OK)
            return st;
        if ((v = get(c, n, "into")))
            return text(c, v, "into", &iv->target);
        return (iv->target = strdup(iv->ids[0])) ? JH_OK : oom(c);
    case JH_IV_CONVERT:
        if ((st = id_list(c, a, "convert", &iv->ids, &iv->n_ids)) != JH_OK)
            return st;
        if (!(v = get(c, n, "to")))
            return missing(c, n, "to", section);
        if (v->type != YAML_SCALAR_NODE || !jh_school_type_parse(text_of(v), &iv->convert_to))
            return expected(c, v, "to",
                            "a school type (primary, junior, nine_year, complete_middle, "
                            "twelve_year, teaching_point, special, vocational)");
        return JH_OK;
    case JH_IV_EXPAND:
        if ((st = id_list(c, a, "expand", &iv->ids, &iv->n_ids)) != JH_OK ||
            (st = int_key(c, n, "classrooms", "classrooms", 0, 1e6, &iv->classrooms)) != JH_OK ||
            (st = int_key(c, n, "capacity", "capacity", 0, 1e7, &iv->capacity)) != JH_OK)
            return st;
        return parse_resources(c, n, &iv->add);
    case JH_IV_BUILD:
        if ((st = parse_build(c, a, iv)) != JH_OK)
            return st;
        if ((v = get(c, n, "candidate")))
            return boolean(c, v, "candidate", &iv->candidate);
        return JH_OK;
    case JH_IV_KEEP:
        return id_list(c, a, "keep_teaching_point", &iv->ids, &iv->n_ids);
    case JH_IV_ADD_BEDS:
        if ((st = id_list(c, a, "add_beds", &iv->ids, &iv->n_ids)) != JH_OK)
            return st;
        if (!(v = get(c, n, "beds")))
            return missing(c, n, "beds", section);
        return number(c, v, "beds", 0, INFINITY, false, true, &iv->add.boarding_beds);
    case JH_IV_CATCHMENT:
        if ((st = text(c, a, "catchment", &iv->target)) != JH_OK)
            return st;
        if (!(v = get(c, n, "level")))
            return missing(c, n, "level", section);
        if (v->type != YAML_SCALAR_NODE || !jh_level_parse(text_of(v), &iv->level))
            return expected(c, v, "level", "primary or junior");
        if (!(v = get(c, n, "villages")))
            return missing(c, n, "villages", section);
        if (v->type != YAML_SEQUENCE_NODE)
            return expected(c, v, "villages", "a list of village ids");
        if (v->data.sequence.items.top == v->data.sequence.items.start)
            return JH_OK; /* a school left with no village */
        return id_list(c, v, "villages", &iv->ids, &iv->n_ids);
    }
    return JH_OK;
}

static jh_status parse_interventions(ctx *c, yaml_node_t *n)
{
    if (is_null(n))
        return JH_OK;
    if (n->type != YAML_SEQUENCE_NODE)
        return expected(c, n, "interventions", "a list of interventions");
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (count == 0)
        return JH_OK;
    c->s->interventions = calloc(count, sizeof *c->s->interventions);
    if (!c->s->interventions)
        return oom(c);
    c->s->n_interventions = count; /* zeroed entries free cleanly on error */
    for (size_t i = 0; i < count; i++) {
        jh_status st = parse_intervention(c, node_at(c, n->data.sequence.items.start[i]),
                                          &c->s->interventions[i]);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

/* ---- teachers and optimise ------------------------------------------ */

static jh_status parse_teachers(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {"rotation", "hiring", NULL};
    static const char *const rot_keys[] = {"share_of_eligible", "backbone_share", "min_years",
                                           "method", "within", NULL};
    static const char *const hire_keys[] = {"per_year", "priority", NULL};
    jh_teacher_policy *t = &c->s->teachers;
    jh_status st;
    if (is_null(n))
        return JH_OK;
    if ((st = want_map(c, n, "teachers")) != JH_OK || (st = check_keys(c, n, "teachers", keys)) != JH_OK)
        return st;
    yaml_node_t *r = get(c, n, "rotation"), *v;
    if (r) {
        t->rotation = true;
        if (!is_null(r)) {
            if ((st = want_map(c, r, "teachers.rotation")) != JH_OK ||
                (st = check_keys(c, r, "teachers.rotation", rot_keys)) != JH_OK ||
                (st = num_key(c, r, "share_of_eligible", "teachers.rotation.share_of_eligible", 0, 1,
                              false, &t->share_of_eligible)) != JH_OK ||
                (st = num_key(c, r, "backbone_share", "teachers.rotation.backbone_share", 0, 1, false,
                              &t->backbone_share)) != JH_OK ||
                (st = int_key(c, r, "min_years", "teachers.rotation.min_years", 0, 100, &t->min_years)) != JH_OK)
                return st;
            int i;
            if ((v = get(c, r, "method"))) {
                static const char *const m[] = {"proportional", "optimise", NULL};
                if ((st = choice(c, v, "teachers.rotation.method", m, &i)) != JH_OK)
                    return st;
                t->method = (jh_rotation_method)i;
            }
            if ((v = get(c, r, "within"))) {
                static const char *const w[] = {"county", "district", NULL};
                if ((st = choice(c, v, "teachers.rotation.within", w, &i)) != JH_OK)
                    return st;
                t->within_district = i == 1;
            }
        }
    }
    yaml_node_t *h = get(c, n, "hiring");
    if (h && !is_null(h)) {
        if ((st = want_map(c, h, "teachers.hiring")) != JH_OK ||
            (st = check_keys(c, h, "teachers.hiring", hire_keys)) != JH_OK ||
            (st = int_key(c, h, "per_year", "teachers.hiring.per_year", 0, 1e6, &t->hiring_per_year)) != JH_OK)
            return st;
        if ((v = get(c, h, "priority"))) {
            static const char *const p[] = {"rural_first", "largest_shortfall", NULL};
            int i;
            if ((st = choice(c, v, "teachers.hiring.priority", p, &i)) != JH_OK)
                return st;
            t->hiring_priority = (jh_hiring_priority)i;
        }
    }
    return JH_OK;
}

static jh_status parse_consolidation(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {"year", "level", "keep", "close_at_most", "max_distance_km",
                                       "fixed", "capacity", "objective", "balance_weight", "seed",
                                       "time_limit_s", NULL};
    const char *sec = "optimise.consolidation";
    jh_consolidation_request *q = &c->s->consolidation;
    jh_status st;
    if ((st = want_map(c, n, sec)) != JH_OK || (st = check_keys(c, n, sec, keys)) != JH_OK)
        return st;
    q->requested = true;
    q->line = line_of(n);
    yaml_node_t *v = get(c, n, "year");
    if (!v)
        return missing(c, n, "year", sec);
    double year;
    if ((st = number(c, v, "optimise.consolidation.year", -INFINITY, INFINITY, false, true, &year)) != JH_OK)
        return st;
    if (year < c->s->start_year || year > c->s->end_year) {
        char what[96];
        snprintf(what, sizeof what, "a year within the horizon %d-%d", c->s->start_year, c->s->end_year);
        return expected(c, v, "optimise.consolidation.year", what);
    }
    q->year = (int)year;
    if ((v = get(c, n, "level")) &&
        (v->type != YAML_SCALAR_NODE || !jh_level_parse(text_of(v), &q->level)))
        return expected(c, v, "optimise.consolidation.level", "primary or junior");
    int given = 0;
    const char *which[3] = {"keep", "close_at_most", "max_distance_km"};
    for (int i = 0; i < 3; i++)
        if (get(c, n, which[i]) && ++given > 1)
            return jh_error_set(c->err, JH_ERR_INPUT,
                                "%s: line %ld: key optimise.consolidation.%s: expected only one of keep, close_at_most, max_distance_km",
                                c->file, line_of(get_key(c, n, which[i])), which[i]);
    if ((st = int_key(c, n, "keep", "optimise.consolidation.keep", 1, 1e7, &q->keep)) != JH_OK ||
        (st = int_key(c, n, "close_at_most", "optimise.consolidation.close_at_most", 0, 1e7,
                      &q->close_at_most)) != JH_OK ||
        (st = num_key(c, n, "max_distance_km", "optimise.consolidation.max_distance_km", 0, INFINITY,
                      true, &q->max_distance_km)) != JH_OK ||
        (st = num_key(c, n, "balance_weight", "optimise.consolidation.balance_weight", 0, INFINITY,
                      false, &q->balance_weight)) != JH_OK ||
        (st = num_key(c, n, "time_limit_s", "optimise.consolidation.time_limit_s", 0, INFINITY, false,
                      &q->time_limit_s)) != JH_OK)
        return st;
    if ((v = get(c, n, "seed"))) {
        double seed;
        if ((st = number(c, v, "optimise.consolidation.seed", 0, 4294967295.0, false, true, &seed)) != JH_OK)
            return st;
        q->seed = (unsigned long)seed;
    }
    if ((v = get(c, n, "fixed")) && !is_null(v) &&
        (st = id_list(c, v, "optimise.consolidation.fixed", &q->fixed, &q->n_fixed)) != JH_OK)
        return st;
    int i;
    if ((v = get(c, n, "capacity"))) {
        static const char *const cap[] = {"enforce", "ignore", NULL};
        if ((st = choice(c, v, "optimise.consolidation.capacity", cap, &i)) != JH_OK)
            return st;
        q->capacity_enforce = i == 0;
    }
    if ((v = get(c, n, "objective"))) {
        static const char *const obj[] = {"distance", "balance", NULL};
        if ((st = choice(c, v, "optimise.consolidation.objective", obj, &i)) != JH_OK)
            return st;
        q->objective = (jh_objective)i;
    }
    return JH_OK;
}

static jh_status parse_optimise(ctx *c, yaml_node_t *n)
{
    static const char *const keys[] = {"consolidation", NULL};
    jh_status st;
    if (is_null(n))
        return JH_OK;
    if ((st = want_map(c, n, "optimise")) != JH_OK || (st = check_keys(c, n, "optimise", keys)) != JH_OK)
        return st;
    yaml_node_t *v = get(c, n, "consolidation");
    if (v && !is_null(v))
        return parse_consolidation(c, v);
    return JH_OK;
}

/* ---- the whole file ------------------------------------------------- */

static jh_status parse_root(ctx *c, yaml_node_t *root)
{
    static const char *const keys[] = {"name", "data", "horizon", "standard", "assignment",
                                       "rules", "interventions", "teachers", "optimise", NULL};
    jh_scenario *s = c->s;
    jh_status st;
    if (root->type != YAML_MAPPING_NODE)
        return jh_error_set(c->err, JH_ERR_INPUT, "%s: line %ld: expected a map of scenario keys (name, data, horizon, ...)",
                            c->file, line_of(root));
    if ((st = check_keys(c, root, "the scenario", keys)) != JH_OK)
        return st;
    const char *required[] = {"name", "data", "horizon"};
    for (int i = 0; i < 3; i++)
        if (!get(c, root, required[i]))
            return missing(c, root, required[i], "the scenario");
    if ((st = text(c, get(c, root, "name"), "name", &s->name)) != JH_OK ||
        (st = parse_data(c, get(c, root, "data"))) != JH_OK ||
        (st = parse_horizon(c, get(c, root, "horizon"))) != JH_OK)
        return st;
    yaml_node_t *v;
    int i;
    if ((v = get(c, root, "standard"))) {
        static const char *const std[] = {"quality", "basic", NULL};
        if ((st = choice(c, v, "standard", std, &i)) != JH_OK)
            return st;
        s->standard = (jh_standard)i;
    }
    if ((v = get(c, root, "assignment"))) {
        /* in the order of jh_assignment */
        static const char *const as[] = {"nearest_with_capacity", "catchment", "nearest", NULL};
        if ((st = choice(c, v, "assignment", as, &i)) != JH_OK)
            return st;
        s->assignment = (jh_assignment)i;
    }
    if ((v = get(c, root, "rules")) && (st = parse_rules(c, v)) != JH_OK)
        return st;
    if ((v = get(c, root, "interventions")) && (st = parse_interventions(c, v)) != JH_OK)
        return st;
    if ((v = get(c, root, "teachers")) && (st = parse_teachers(c, v)) != JH_OK)
        return st;
    if ((v = get(c, root, "optimise")) && (st = parse_optimise(c, v)) != JH_OK)
        return st;
    return JH_OK;
}

jh_status jh_scenario_parse(jh_scenario *out, const char *text_in, size_t len,
                            const char *path, jh_error *err)
{
    memset(out, 0, sizeof *out);
    const char *file = path ? path : "scenario";
    out->path = strdup(file);
    out->dir = path ? path_dir(path) : strdup(".");
    if (!out->path || !out->dir) {
        jh_scenario_free(out);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", file);
    }
    jh_rules_default(&out->rules);
    teacher_policy_default(&out->teachers);
    consolidation_default(&out->consolidation);
    out->standard = JH_STANDARD_QUALITY;
    out->assignment = JH_ASSIGN_NEAREST_WITH_CAPACITY;

    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        jh_scenario_free(out);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", file);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)(text_in ? text_in : ""),
                                 text_in ? len : 0);
    jh_status st = JH_OK;
    if (!yaml_parser_load(&parser, &doc)) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %zu: not valid YAML: %s%s%s", file,
                          parser.problem_mark.line + 1, parser.problem ? parser.problem : "error",
                          parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        jh_scenario_free(out);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: empty scenario (expected name, data and horizon)", file);
    } else {
        ctx c = {&doc, file, err, out};
        st = parse_root(&c, root);
    }
    yaml_document_delete(&doc);
    if (st == JH_OK) {
        /* a second document is a mistake (two scenarios pasted together) */
        yaml_document_t more;
        if (!yaml_parser_load(&parser, &more)) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %zu: not valid YAML: %s", file,
                              parser.problem_mark.line + 1, parser.problem ? parser.problem : "error");
        } else {
            yaml_node_t *r2 = yaml_document_get_root_node(&more);
            if (r2)
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: line %ld: a second YAML document (expected one scenario per file)",
                                  file, line_of(r2));
            yaml_document_delete(&more);
        }
    }
    yaml_parser_delete(&parser);
    if (st != JH_OK)
        jh_scenario_free(out);
    return st;
}

jh_status jh_scenario_load(jh_scenario *out, const char *path, jh_error *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = jh_input_fopen(path, path, err); /* a regular file: no folder, no FIFO */
    if (!f)
        return err ? err->status : JH_ERR_INPUT;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 > cap) {
            cap = cap ? cap * 2 : 16384;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return jh_error_set(err, JH_ERR_INPUT, "%s: cannot read the scenario", path);
    }
    jh_status st = jh_scenario_parse(out, buf, len, path, err);
    free(buf);
    return st;
}

/* ---- writing -------------------------------------------------------- */

/* The emitter writes into memory; a failed event sets `failed` and every
 * later call does nothing, so the writers below read top-down without a
 * check after each line. */
typedef struct writer {
    yaml_emitter_t em;
    bool failed;
    bool rules_pending;   /* `rules:` not yet written: opened by the first override */
    bool rules_open;
    char *buf;
    size_t len, cap;
} writer;

static int w_output(void *data, unsigned char *buffer, size_t size)
{
    writer *w = data;
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

static void w_event(writer *w, yaml_event_t *e, int initialized)
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

static void w_str(writer *w, const char *s)
{
    /* texts a reader would take for the YAML null are quoted; everything
     * else the emitter quotes when it must */
    bool nullish = s[0] == '\0' || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0;
    yaml_event_t e;
    w_event(w, &e,
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

static void w_num(writer *w, double v)
{
    char buf[64];
    format_number(v, buf, sizeof buf);
    w_str(w, buf);
}

static void w_map(writer *w, bool flow)
{
    yaml_event_t e;
    w_event(w, &e, yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
                                                       flow ? YAML_FLOW_MAPPING_STYLE
                                                            : YAML_BLOCK_MAPPING_STYLE));
}

static void w_map_end(writer *w)
{
    yaml_event_t e;
    w_event(w, &e, yaml_mapping_end_event_initialize(&e));
}

static void w_seq(writer *w, bool flow)
{
    yaml_event_t e;
    w_event(w, &e, yaml_sequence_start_event_initialize(&e, NULL, NULL, 1,
                                                        flow ? YAML_FLOW_SEQUENCE_STYLE
                                                             : YAML_BLOCK_SEQUENCE_STYLE));
}

static void w_seq_end(writer *w)
{
    yaml_event_t e;
    w_event(w, &e, yaml_sequence_end_event_initialize(&e));
}

/* Opens the `rules` map before its first entry, so that a scenario with
 * default rules has no `rules` key at all. */
static void w_rules_open(writer *w)
{
    if (w->rules_pending && !w->rules_open) {
        w->rules_open = true;
        w_str(w, "rules");
        w_map(w, false);
    }
}

static void w_kv(writer *w, const char *k, const char *v)
{
    w_str(w, k);
    w_str(w, v);
}

static void w_kn(writer *w, const char *k, double v)
{
    w_str(w, k);
    w_num(w, v);
}

/* One id as a text, several as a list. */
static void w_ids(writer *w, const char *k, char **ids, size_t n)
{
    w_str(w, k);
    if (n == 1) {
        w_str(w, ids[0]);
        return;
    }
    w_seq(w, true);
    for (size_t i = 0; i < n; i++)
        w_str(w, ids[i]);
    w_seq_end(w);
}

/* A data path, relative to the folder of the new file when possible. */
static void w_path(writer *w, const char *k, const char *p, const char *out_dir)
{
    if (!p)
        return;
    if (!p[0]) {
        w_kv(w, k, p);
        return;
    }
    char *rel = path_relative(out_dir, p);
    w_kv(w, k, rel ? rel : p);
    free(rel);
}

/* A map of named numbers ({primary: X, junior: Y[, combined: Z]} or
 * {urban, town, rural}) with only the entries that differ from the
 * defaults; nothing when none does. */
static void w_rule_named(writer *w, const char *k, const char *const *names, const double *v,
                         const double *def, int n)
{
    bool any = false;
    for (int i = 0; i < n; i++)
        any |= v[i] != def[i];
    if (!any)
        return;
    w_rules_open(w);
    w_str(w, k);
    w_map(w, true);
    for (int i = 0; i < n; i++)
        if (v[i] != def[i])
            w_kn(w, names[i], v[i]);
    w_map_end(w);
}

static void w_rule_levels(writer *w, const char *k, const double *v, const double *def, int n)
{
    static const char *const names[] = {"primary", "junior", "combined"};
    w_rule_named(w, k, names, v, def, n);
}

static void w_rule_areas(writer *w, const char *k, const double *v, const double *def)
{
    static const char *const names[] = {"urban", "town", "rural"};
    w_rule_named(w, k, names, v, def, JH_NAREAS);
}

static void w_rule(writer *w, const char *k, double v, double def)
{
    if (v != def) {
        w_rules_open(w);
        w_kn(w, k, v);
    }
}

/* The rules that differ from jh_rules_default (none: no `rules` key). */
static void w_rules(writer *w, const jh_rules *r)
{
    jh_rules d;
    jh_rules_default(&d);
    w->rules_pending = true;
    double v2[3], d2[3];
    v2[0] = r->class_size[0], v2[1] = r->class_size[1];
    d2[0] = d.class_size[0], d2[1] = d.class_size[1];
    w_rule_levels(w, "class_size", v2, d2, 2);
    w_rule(w, "large_class_min", r->large_class_min, d.large_class_min);
    w_rule(w, "super_large_class_min", r->super_large_class_min, d.super_large_class_min);
    w_rule_levels(w, "distance_km", r->distance_km, d.distance_km, 2);
    v2[0] = r->school_size_max[0], v2[1] = r->school_size_max[1], v2[2] = r->school_size_max_combined;
    d2[0] = d.school_size_max[0], d2[1] = d.school_size_max[1], d2[2] = d.school_size_max_combined;
    w_rule_levels(w, "school_size_max", v2, d2, 3);
    w_rule_levels(w, "staffing_norm", r->staffing_norm, d.staffing_norm, 2);
    w_rule(w, "boarding_extra_posts_per100_beds", r->boarding_extra_posts_per100_beds,
           d.boarding_extra_posts_per100_beds);
    w_rule(w, "teaching_point_min_students", r->teaching_point_min_students,
           d.teaching_point_min_students);
    if (memcmp(r->quality_min, d.quality_min, sizeof d.quality_min) != 0) {
        static const char *const levels[] = {"primary", "junior"};
        w_rules_open(w);
        w_str(w, "quality_standard");
        w_map(w, false);
        for (int l = 0; l < JH_NLEVELS; l++) {
            if (memcmp(r->quality_min[l], d.quality_min[l], sizeof d.quality_min[l]) == 0)
                continue;
            w_str(w, levels[l]);
            w_map(w, true);
            for (int q = 0; q < JH_NQUALITY; q++)
                w_rule(w, quality_keys[q], r->quality_min[l][q], d.quality_min[l][q]);
            w_map_end(w);
        }
        w_map_end(w);
    }
    if (r->compliance_min_reached != d.compliance_min_reached || r->compliance_floor != d.compliance_floor) {
        w_rules_open(w);
        w_str(w, "compliance");
        w_map(w, true);
        w_rule(w, "min_reached", r->compliance_min_reached, d.compliance_min_reached);
        w_rule(w, "floor", r->compliance_floor, d.compliance_floor);
        w_map_end(w);
    }
    if (memcmp(r->cv_limit_quality, d.cv_limit_quality, sizeof d.cv_limit_quality) != 0 ||
        memcmp(r->cv_limit_basic, d.cv_limit_basic, sizeof d.cv_limit_basic) != 0) {
        w_rules_open(w);
        w_str(w, "cv_limit");
        w_map(w, true);
        w_rule_levels(w, "quality", r->cv_limit_quality, d.cv_limit_quality, 2);
        w_rule_levels(w, "basic", r->cv_limit_basic, d.cv_limit_basic, 2);
        w_map_end(w);
    }
    if (r->weight_junior_nine_year != d.weight_junior_nine_year ||
        r->weight_senior_complete != d.weight_senior_complete ||
        r->weight_junior_twelve != d.weight_junior_twelve ||
        r->weight_senior_twelve != d.weight_senior_twelve) {
        w_rules_open(w);
        w_str(w, "weights");
        w_map(w, true);
        w_rule(w, "junior_nine_year", r->weight_junior_nine_year, d.weight_junior_nine_year);
        w_rule(w, "senior_complete", r->weight_senior_complete, d.weight_senior_complete);
        w_rule(w, "junior_twelve", r->weight_junior_twelve, d.weight_junior_twelve);
        w_rule(w, "senior_twelve", r->weight_senior_twelve, d.weight_senior_twelve);
        w_map_end(w);
    }
    w_rule(w, "music_art_rooms_per_classes", r->music_art_rooms_per_classes, d.music_art_rooms_per_classes);
    w_rule(w, "promotion_rate", r->promotion_rate, d.promotion_rate);
    w_rule(w, "transition_rate", r->transition_rate, d.transition_rate);
    w_rule(w, "intake_rate", r->intake_rate, d.intake_rate);
    w_rule_areas(w, "birth_rate_per1000", r->birth_rate_per1000, d.birth_rate_per1000);
    w_rule_areas(w, "migration_rate", r->migration_rate, d.migration_rate);
    w_rule(w, "retirement_age", r->retirement_age, d.retirement_age);
    if (w->rules_open)
        w_map_end(w);
    w->rules_pending = false;
}

static void w_resources(writer *w, const jh_resources *r)
{
    for (size_t k = 0; k < N_RESOURCE_KEYS; k++) {
        double v = *resource_field((jh_resources *)r, k);
        if (v != 0)
            w_kn(w, resource_keys[k].key, v);
    }
}

static void w_intervention(writer *w, const jh_intervention *iv)
{
    w_map(w, true);
    w_kn(w, "year", iv->year);
    switch (iv->kind) {
    case JH_IV_CLOSE:
        w_ids(w, "close", iv->ids, iv->n_ids);
        w_kv(w, "students_to", iv->target ? iv->target : "nearest");
        break;
    case JH_IV_MERGE:
        w_str(w, "merge");
        w_seq(w, true);
        for (size_t i = 0; i < iv->n_ids; i++)
            w_str(w, iv->ids[i]);
        w_seq_end(w);
        if (iv->target)
            w_kv(w, "into", iv->target);
        break;
    case JH_IV_CONVERT:
        w_ids(w, "convert", iv->ids, iv->n_ids);
        w_kv(w, "to", jh_school_type_name(iv->convert_to));
        break;
    case JH_IV_EXPAND:
        w_ids(w, "expand", iv->ids, iv->n_ids);
        if (iv->classrooms)
            w_kn(w, "classrooms", iv->classrooms);
        if (iv->capacity)
            w_kn(w, "capacity", iv->capacity);
        w_resources(w, &iv->add);
        break;
    case JH_IV_BUILD: {
        const jh_school *b = &iv->build;
        w_str(w, "build");
        w_map(w, true);
        w_kv(w, "id", b->id ? b->id : "");
        if (b->name)
            w_kv(w, "name", b->name);
        w_kv(w, "type", jh_school_type_name(b->type));
        w_kv(w, "area", jh_area_name(b->area));
        if (b->district)
            w_kv(w, "district", b->district);
        if (b->x != 0 || b->y != 0) {
            w_kn(w, "x", b->x);
            w_kn(w, "y", b->y);
        }
        int rooms = b->classrooms ? b->classrooms : iv->classrooms;
        if (rooms)
            w_kn(w, "classrooms", rooms);
        int cap = b->capacity_given ? b->capacity : iv->capacity;
        if (cap > 0)
            w_kn(w, "capacity", cap);
        w_resources(w, &b->res);
        w_map_end(w);
        if (iv->candidate) {
            w_str(w, "candidate");
            w_str(w, "true");
        }
        break;
    }
    case JH_IV_KEEP:
        w_ids(w, "keep_teaching_point", iv->ids, iv->n_ids);
        break;
    case JH_IV_ADD_BEDS:
        w_ids(w, "add_beds", iv->ids, iv->n_ids);
        w_kn(w, "beds", iv->add.boarding_beds);
        break;
    case JH_IV_CATCHMENT:
        w_kv(w, "catchment", iv->target ? iv->target : "");
        w_kv(w, "level", jh_level_name(iv->level));
        w_str(w, "villages");
        w_seq(w, true);
        for (size_t i = 0; i < iv->n_ids; i++)
            w_str(w, iv->ids[i]);
        w_seq_end(w);
        break;
    }
    if (iv->cost_wan != 0 && iv->kind != JH_IV_CATCHMENT && iv->kind != JH_IV_CLOSE &&
        iv->kind != JH_IV_MERGE && iv->kind != JH_IV_CONVERT && iv->kind != JH_IV_KEEP)
        w_kn(w, "cost_wan", iv->cost_wan);
    w_map_end(w);
}

static void w_fields(writer *w, const jh_scenario *s)
{
    if (s->n_fields == 0)
        return;
    bool split = false;
    for (size_t i = 0; i < s->n_fields; i++)
        split |= s->fields[i].layer != 0;
    w_str(w, "fields");
    if (!split) {
        w_map(w, true);
        for (size_t i = 0; i < s->n_fields; i++)
            w_kv(w, s->fields[i].canonical, s->fields[i].layer_field);
        w_map_end(w);
        return;
    }
    /* a flat entry among layer entries applies to both layers */
    static const char *const layers[] = {"schools", "villages"};
    w_map(w, false);
    for (int l = 1; l <= 2; l++) {
        bool any = false;
        for (size_t i = 0; i < s->n_fields; i++)
            any |= s->fields[i].layer == 0 || s->fields[i].layer == l;
        if (!any)
            continue;
        w_str(w, layers[l - 1]);
        w_map(w, true);
        for (size_t i = 0; i < s->n_fields; i++)
            if (s->fields[i].layer == 0 || s->fields[i].layer == l)
                w_kv(w, s->fields[i].canonical, s->fields[i].layer_field);
        w_map_end(w);
    }
    w_map_end(w);
}

static void w_scenario(writer *w, const jh_scenario *s, const char *out_dir)
{
    static const char *const standards[] = {"quality", "basic"};
    static const char *const assignments[] = {"nearest_with_capacity", "catchment", "nearest"};
    yaml_event_t e;
    w_event(w, &e, yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING));
    w_event(w, &e, yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1));
    w_map(w, false);
    w_kv(w, "name", s->name ? s->name : "");

    w_str(w, "data");
    w_map(w, false);
    w_path(w, "schools", s->schools_path ? s->schools_path : "", out_dir);
    w_path(w, "villages", s->villages_path ? s->villages_path : "", out_dir);
    w_path(w, "projections", s->projections_path, out_dir);
    w_path(w, "teachers", s->teachers_path, out_dir);
    w_path(w, "travel_costs", s->travel_costs_path, out_dir);
    if (s->rules.distance_minutes)
        w_kv(w, "travel_cost_units", "minutes");
    if (s->crs)
        w_kv(w, "crs", s->crs);
    w_fields(w, s);
    w_map_end(w);

    w_str(w, "horizon");
    w_map(w, true);
    w_kn(w, "start", s->start_year);
    w_kn(w, "end", s->end_year);
    w_map_end(w);
    w_kv(w, "standard", standards[s->standard == JH_STANDARD_BASIC]);
    w_kv(w, "assignment", (unsigned)s->assignment < 3 ? assignments[s->assignment] : assignments[0]);
    w_rules(w, &s->rules);

    if (s->n_interventions > 0) {
        w_str(w, "interventions");
        w_seq(w, false);
        for (size_t i = 0; i < s->n_interventions; i++)
            w_intervention(w, &s->interventions[i]);
        w_seq_end(w);
    }

    const jh_teacher_policy *t = &s->teachers;
    bool hiring = t->hiring_per_year != 0 || t->hiring_priority != JH_HIRE_RURAL_FIRST;
    if (t->rotation || hiring) {
        w_str(w, "teachers");
        w_map(w, false);
        if (t->rotation) {
            w_str(w, "rotation");
            w_map(w, true);
            w_kn(w, "share_of_eligible", t->share_of_eligible);
            w_kn(w, "backbone_share", t->backbone_share);
            w_kn(w, "min_years", t->min_years);
            w_kv(w, "method", t->method == JH_ROTATE_OPTIMISE ? "optimise" : "proportional");
            w_kv(w, "within", t->within_district ? "district" : "county");
            w_map_end(w);
        }
        if (hiring) {
            w_str(w, "hiring");
            w_map(w, true);
            w_kn(w, "per_year", t->hiring_per_year);
            w_kv(w, "priority", t->hiring_priority == JH_HIRE_LARGEST_SHORTFALL ? "largest_shortfall"
                                                                                 : "rural_first");
            w_map_end(w);
        }
        w_map_end(w);
    }

    const jh_consolidation_request *q = &s->consolidation;
    if (q->requested) {
        w_str(w, "optimise");
        w_map(w, false);
        w_str(w, "consolidation");
        w_map(w, true);
        w_kn(w, "year", q->year);
        w_kv(w, "level", jh_level_name(q->level));
        if (q->keep > 0)
            w_kn(w, "keep", q->keep);
        else if (q->close_at_most >= 0)
            w_kn(w, "close_at_most", q->close_at_most);
        else if (q->max_distance_km > 0)
            w_kn(w, "max_distance_km", q->max_distance_km);
        if (q->n_fixed > 0) {
            w_str(w, "fixed");
            w_seq(w, true);
            for (size_t i = 0; i < q->n_fixed; i++)
                w_str(w, q->fixed[i]);
            w_seq_end(w);
        }
        w_kv(w, "capacity", q->capacity_enforce ? "enforce" : "ignore");
        w_kv(w, "objective", q->objective == JH_OBJ_BALANCE ? "balance" : "distance");
        w_kn(w, "balance_weight", q->balance_weight);
        w_kn(w, "seed", (double)q->seed);
        if (q->time_limit_s != 0)
            w_kn(w, "time_limit_s", q->time_limit_s);
        w_map_end(w);
        w_map_end(w);
    }

    w_map_end(w);
    w_event(w, &e, yaml_document_end_event_initialize(&e, 1));
    w_event(w, &e, yaml_stream_end_event_initialize(&e));
}

/* Writes `len` bytes to `path` through a temporary file in the same folder
 * renamed into place: the old file stays whole if anything fails. */
static jh_status write_atomically(const char *path, const char *buf, size_t len, jh_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        return st;
    }
    /* mkstemp makes the file private; a plan is an ordinary document
     * (0644 rather than reading the umask, which is process-wide state) */
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "wb");
    bool ok = f && fwrite(buf, 1, len, f) == len;
    if (f)
        ok = (fclose(f) == 0) && ok;
    else
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return st;
    }
    free(tmp);
    return JH_OK;
}

jh_status jh_scenario_write(const jh_scenario *s, const char *path, const char *out_dir,
                            jh_error *err)
{
    writer w;
    memset(&w, 0, sizeof w);
    if (!yaml_emitter_initialize(&w.em))
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    yaml_emitter_set_output(&w.em, w_output, &w);
    yaml_emitter_set_unicode(&w.em, 1); /* Chinese names written as they are */
    yaml_emitter_set_width(&w.em, 100);
    yaml_emitter_set_indent(&w.em, 2);
    char *dir = out_dir ? strdup(out_dir) : path_dir(path);
    if (!dir) {
        yaml_emitter_delete(&w.em);
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    }
    w_scenario(&w, s, dir);
    free(dir);
    jh_status st;
    if (w.failed || !yaml_emitter_flush(&w.em))
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write the scenario: %s", path,
                          w.em.problem ? w.em.problem : "out of memory");
    else
        st = write_atomically(path, w.buf ? w.buf : "", w.len, err);
    yaml_emitter_delete(&w.em);
    free(w.buf);
    return st;
}
