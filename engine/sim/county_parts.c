/*
 * county_parts.c: which scenario keys the county depends on, and a
 * canonical text of them for a scenario file (see county_parts.h).
 */
#include "sim/county_parts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "input/input_file.h"
#include "sim/scenario_yaml.h"

/* Read by jh_county_load (engine/input): data (layers, tables, fields,
 * where, crs, boundaries, projections, teachers, migration, travel costs),
 * interventions (the schools they build, the ids they name), inflow and
 * migration.destinations (checked against the villages), optimise
 * (consolidation.fixed names schools), horizon (the projection table's
 * years), rules.distance_minutes (what od costs are); by jh_roads_build_od
 * (engine/travel/roads.c) also travel and rules.distance_km. */
static const struct {
    const char *path;
    bool roads_only;
} parts[] = {
    {"data", false},
    {"interventions", false},
    {"inflow", false},
    {"optimise", false},
    {"horizon", false},
    {"rules.distance_minutes", false},
    {"migration.destinations", false},
    {"migration.table", false},
    {"migration.file", false},
    {"travel", true},
    {"rules.distance_km", true},
};
enum { N_PARTS = sizeof parts / sizeof parts[0] };

bool jh_county_part(const char *p, bool roads)
{
    for (int i = 0; i < N_PARTS; i++) {
        if (parts[i].roads_only && !roads)
            continue;
        size_t n = strlen(parts[i].path);
        if (strncmp(p, parts[i].path, n) == 0 && (p[n] == '\0' || p[n] == '.'))
            return true;
    }
    return false;
}

/* Whether some part lies below `p` (then a map at p is walked into). */
static bool part_below(const char *p)
{
    size_t n = strlen(p);
    for (int i = 0; i < N_PARTS; i++)
        if (strncmp(parts[i].path, p, n) == 0 && parts[i].path[n] == '.')
            return true;
    return false;
}

typedef struct buf {
    char *s;
    size_t len, cap;
    bool bad;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->bad)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->bad = true;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* A length-prefixed string, so that no text can imitate the structure. */
static void put_str(buf *b, const char *tag, const char *s, size_t n)
{
    char head[64];
    int h = snprintf(head, sizeof head, "%s%zu:", tag, n);
    put(b, head, (size_t)h);
    put(b, s, n);
}

static void canon(buf *b, yaml_document_t *doc, yaml_node_t *n, const char *dir, int depth)
{
    if (!n || depth > 64) {
        b->bad = true;
        return;
    }
    switch (n->type) {
    case YAML_SCALAR_NODE: {
        const char *v = (const char *)n->data.scalar.value;
        size_t len = n->data.scalar.length;
        char style[8];
        snprintf(style, sizeof style, "s%d.", (int)n->data.scalar.style);
        put_str(b, style, v, len);
        /* what the loader opens when this is a path */
        if (len > 0 && v[0] != '/' && strlen(v) == len) {
            char *j = jh_path_join(dir, v);
            if (!j)
                b->bad = true;
            else
                put_str(b, "@", j, strlen(j));
            free(j);
        }
        break;
    }
    case YAML_SEQUENCE_NODE:
        put(b, "[", 1);
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            canon(b, doc, yaml_document_get_node(doc, *it), dir, depth + 1);
        put(b, "]", 1);
        break;
    case YAML_MAPPING_NODE:
        put(b, "{", 1);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            canon(b, doc, yaml_document_get_node(doc, p->key), dir, depth + 1);
            put(b, "=", 1);
            canon(b, doc, yaml_document_get_node(doc, p->value), dir, depth + 1);
        }
        put(b, "}", 1);
        break;
    default:
        b->bad = true;
    }
}

/* The parts within map `n` at key path `prefix` ("" at the root). */
static void walk(buf *b, yaml_document_t *doc, yaml_node_t *n, const char *prefix,
                 const char *dir)
{
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE) {
            b->bad = true;
            return;
        }
        char path[256];
        int len = snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "",
                           (const char *)k->data.scalar.value);
        if (len < 0 || (size_t)len >= sizeof path || strlen(path) != (size_t)len) {
            b->bad = true; /* a key too long or with a NUL: load on its own */
            return;
        }
        if (jh_county_part(path, true)) {
            put_str(b, "k", path, (size_t)len);
            canon(b, doc, v, dir, 0);
            put(b, "\n", 1);
        } else if (part_below(path) && v->type == YAML_MAPPING_NODE) {
            walk(b, doc, v, path, dir);
        } else if (part_below(path)) {
            /* not a map where one holds a part: the scenario refuses it;
             * keep it so that only equal texts compare equal */
            put_str(b, "k", path, (size_t)len);
            canon(b, doc, v, dir, 0);
            put(b, "\n", 1);
        }
    }
}

char *jh_county_parts_key(const char *file)
{
    size_t len = 0;
    jh_error err = {0};
    char *text = jh_input_read_all(file, file, &len, &err);
    if (!text)
        return NULL;
    char *dir = jh_path_dir(file);
    yaml_parser_t parser;
    yaml_document_t doc;
    buf b = {0};
    if (!dir || !yaml_parser_initialize(&parser)) {
        free(dir);
        free(text);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (yaml_parser_load(&parser, &doc)) {
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root && root->type == YAML_MAPPING_NODE) {
            put(&b, "county-parts 1\n", 15);
            walk(&b, &doc, root, "", dir);
        } else {
            b.bad = true;
        }
        yaml_document_delete(&doc);
    } else {
        b.bad = true;
    }
    yaml_parser_delete(&parser);
    free(dir);
    free(text);
    if (b.bad) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
