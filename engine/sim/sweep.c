/*
 * sweep.c: reading a sweep file, making each variant's scenario and
 * running it (see sweep.h).
 */
#include "sim/sweep.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "input/input_file.h"
#include "input/inputs.h"
#include "sim/county_parts.h"
#include "sim/scenario_io.h"
#include "sim/scenario_yaml.h"
#include "travel/roads.h"

/* ------------------------------------------------------------ helpers */

static jh_status load_doc(yaml_document_t *doc, const char *text, size_t len, const char *file,
                          jh_error *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    jh_status st = JH_OK;
    if (!yaml_parser_load(&p, doc))
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %zu: not valid YAML: %s", file,
                          p.problem_mark.line + 1, p.problem ? p.problem : "error");
    else if (!yaml_document_get_root_node(doc)) {
        yaml_document_delete(doc);
        st = jh_error_set(err, JH_ERR_INPUT, "%s: empty file (expected a sweep: block)", file);
    }
    yaml_parser_delete(&p);
    return st;
}

static int put_out(void *data, unsigned char *buffer, size_t size)
{
    jh_yaml_writer *w = data;
    return jh_yaml_writer_output(w, buffer, size);
}

/* Emits (and deletes) a document into a string. */
static char *dump_doc(yaml_document_t *doc, size_t *len)
{
    jh_yaml_writer w;
    memset(&w, 0, sizeof w);
    if (!yaml_emitter_initialize(&w.em)) {
        yaml_document_delete(doc);
        return NULL;
    }
    yaml_emitter_set_output(&w.em, put_out, &w);
    yaml_emitter_set_unicode(&w.em, 1);
    yaml_emitter_set_width(&w.em, -1);
    bool ok = yaml_emitter_open(&w.em) && yaml_emitter_dump(&w.em, doc) &&
              yaml_emitter_close(&w.em) && yaml_emitter_flush(&w.em);
    yaml_emitter_delete(&w.em);
    if (!ok) {
        yaml_document_delete(doc);
        free(w.buf);
        return NULL;
    }
    char *nb = realloc(w.buf, w.len + 1);
    if (!nb) {
        free(w.buf);
        return NULL;
    }
    nb[w.len] = '\0';
    *len = w.len;
    return nb;
}

static yaml_node_pair_t *find_pair(yaml_document_t *doc, int map, const char *key)
{
    yaml_node_t *m = yaml_document_get_node(doc, map);
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
            return p;
    }
    return NULL;
}

static int add_scalar(yaml_document_t *doc, const char *v)
{
    return yaml_document_add_scalar(doc, NULL, (yaml_char_t *)v, (int)strlen(v),
                                    YAML_ANY_SCALAR_STYLE);
}

/* Sets key path `path` (dot-separated) of the document to scalar `value`,
 * making the maps on the way. Returns 0, or -1 with a message in `why`. */
static int set_path(yaml_document_t *doc, const char *path, const char *value, char *why,
                    size_t why_n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    int map = 1; /* the root node id */
    char *save = NULL;
    char *comp = strtok_r(buf, ".", &save);
    while (comp) {
        char *next = strtok_r(NULL, ".", &save);
        yaml_node_pair_t *p = find_pair(doc, map, comp);
        if (!next) {
            int v = add_scalar(doc, value);
            if (!v)
                return snprintf(why, why_n, "out of memory"), -1;
            p = find_pair(doc, map, comp); /* the nodes may have moved */
            if (p) {
                p->value = v;
            } else {
                int k = add_scalar(doc, comp);
                if (!k || !yaml_document_append_mapping_pair(doc, map, k, v))
                    return snprintf(why, why_n, "out of memory"), -1;
            }
            return 0;
        }
        if (p) {
            yaml_node_t *n = yaml_document_get_node(doc, p->value);
            if (n->type != YAML_MAPPING_NODE) {
                snprintf(why, why_n, "'%s' is not a map in the scenario (line %ld)", comp,
                         (long)n->start_mark.line + 1);
                return -1;
            }
            map = p->value;
        } else {
            int m = yaml_document_add_mapping(doc, NULL, YAML_BLOCK_MAPPING_STYLE);
            int k = m ? add_scalar(doc, comp) : 0;
            if (!k || !yaml_document_append_mapping_pair(doc, map, k, m))
                return snprintf(why, why_n, "out of memory"), -1;
            map = m;
        }
        comp = next;
    }
    snprintf(why, why_n, "an empty key path");
    return -1;
}

/* "FILE: line N: key K: ..." -> "key K: ..." (the line of a variant's
 * emitted text means nothing to the user). */
static const char *strip_where(const char *m)
{
    const char *l = strstr(m, ": line ");
    if (!l)
        return m;
    const char *c = strchr(l + 7, ':');
    return c ? c + 2 : m;
}

/* -------------------------------------------------------- reading a sweep */

typedef struct reader {
    yaml_document_t *doc;
    const char *file;
    jh_error *err;
} reader;

static long line_of(yaml_node_t *n) { return (long)n->start_mark.line + 1; }
static const char *sval(yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static jh_status bad(reader *r, yaml_node_t *n, const char *what, const char *key)
{
    return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s: expected %s", r->file,
                        line_of(n), key, what);
}

static jh_status number(reader *r, yaml_node_t *n, const char *key, double *out)
{
    if (n->type != YAML_SCALAR_NODE)
        return bad(r, n, "a number", key);
    char *end;
    double v = strtod(sval(n), &end);
    if (end == sval(n) || *end || !isfinite(v))
        return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s: expected a number, got '%s'",
                            r->file, line_of(n), key, sval(n));
    *out = v;
    return JH_OK;
}

static bool valid_path(const char *p)
{
    if (!*p || strlen(p) >= 200 || p[0] == '.' || p[strlen(p) - 1] == '.' || strstr(p, "..") ||
        strncmp(p, "sweep", 5) == 0) /* the block itself is no scenario key */
        return false;
    for (const char *c = p; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.'))
            return false;
    return true;
}

static jh_status read_vary(reader *r, jh_sweep *s, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return bad(r, n, "a map of key paths to lists of values", "sweep.vary");
    size_t np = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    s->vary = calloc(np ? np : 1, sizeof *s->vary);
    if (!s->vary)
        return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
    s->grid_points = 1;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        if (k->type != YAML_SCALAR_NODE || !valid_path(sval(k)))
            return bad(r, k, "a key path such as rules.birth_rate_per1000.rural", "sweep.vary");
        char label[256];
        snprintf(label, sizeof label, "sweep.vary.%s", sval(k));
        if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start)
            return bad(r, v, "a non-empty list of values", label);
        jh_sweep_vary *x = &s->vary[s->n_vary++];
        x->line = line_of(k);
        x->path = strdup(sval(k));
        size_t nv = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        x->values = calloc(nv, sizeof *x->values);
        if (!x->path || !x->values)
            return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *e = yaml_document_get_node(r->doc, *it);
            if (e->type != YAML_SCALAR_NODE || strlen(sval(e)) >= JH_SWEEP_VALUE_LEN)
                return bad(r, e, "a single value (number or word) of under 48 characters", label);
            if (!(x->values[x->n_values++] = strdup(sval(e))))
                return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
        }
        if (s->grid_points > 1000000 / x->n_values)
            return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: sweep.vary: expected at most "
                                "1,000,000 grid points", r->file, x->line);
        s->grid_points *= x->n_values;
    }
    return JH_OK;
}

static jh_status read_draw(reader *r, jh_sweep *s, yaml_node_t *n)
{
    static const char *const dists[] = {"normal", "uniform", "triangular", NULL};
    static const char *const params[3][4] = {
        {"mean", "sd", NULL, NULL}, {"low", "high", NULL, NULL}, {"low", "mode", "high", NULL}};
    if (n->type != YAML_MAPPING_NODE)
        return bad(r, n, "a map of key paths to distributions", "sweep.draw");
    size_t np = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    s->draws = calloc(np ? np : 1, sizeof *s->draws);
    if (!s->draws)
        return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(r->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(r->doc, p->value);
        if (k->type != YAML_SCALAR_NODE || !valid_path(sval(k)))
            return bad(r, k, "a key path such as rules.birth_rate_per1000.rural", "sweep.draw");
        char label[256];
        snprintf(label, sizeof label, "sweep.draw.%s", sval(k));
        if (v->type != YAML_MAPPING_NODE)
            return bad(r, v, "{dist: normal|uniform|triangular, ...}", label);
        jh_sweep_draw *d = &s->draws[s->n_draws++];
        d->line = line_of(k);
        d->min = -INFINITY;
        d->max = INFINITY;
        if (!(d->path = strdup(sval(k))))
            return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
        yaml_node_pair_t *dp = find_pair(r->doc, p->value, "dist");
        if (!dp)
            return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s: missing key 'dist' "
                                "(normal, uniform or triangular)", r->file, line_of(v), label);
        yaml_node_t *dv = yaml_document_get_node(r->doc, dp->value);
        int di = -1;
        for (int i = 0; dists[i]; i++)
            if (dv->type == YAML_SCALAR_NODE && strcmp(sval(dv), dists[i]) == 0)
                di = i;
        if (di < 0)
            return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s.dist: expected normal, "
                                "uniform or triangular, got '%s'", r->file, line_of(dv), label,
                                dv->type == YAML_SCALAR_NODE ? sval(dv) : "a list or map");
        d->dist = (jh_sweep_dist)di;
        double *slot[3] = {&d->a, &d->b, &d->c};
        bool got[3] = {false, false, false};
        for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top; q++) {
            yaml_node_t *qk = yaml_document_get_node(r->doc, q->key);
            yaml_node_t *qv = yaml_document_get_node(r->doc, q->value);
            const char *key = qk->type == YAML_SCALAR_NODE ? sval(qk) : "";
            char kl[300];
            snprintf(kl, sizeof kl, "%s.%s", label, key);
            if (strcmp(key, "dist") == 0)
                continue;
            jh_status st;
            if (strcmp(key, "min") == 0 || strcmp(key, "max") == 0) {
                if ((st = number(r, qv, kl, key[1] == 'i' ? &d->min : &d->max)) != JH_OK)
                    return st;
                continue;
            }
            int pi = -1;
            for (int i = 0; params[di][i]; i++)
                if (strcmp(key, params[di][i]) == 0)
                    pi = i;
            if (pi < 0)
                return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: unknown key '%s' in %s "
                                    "(a %s distribution takes %s, %s%s%s and optional min, max)",
                                    r->file, line_of(qk), key, label, dists[di], params[di][0],
                                    params[di][1], params[di][2] ? ", " : "",
                                    params[di][2] ? params[di][2] : "");
            if ((st = number(r, qv, kl, slot[pi])) != JH_OK)
                return st;
            got[pi] = true;
        }
        for (int i = 0; params[di][i]; i++)
            if (!got[i])
                return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s: missing key '%s' "
                                    "(required for dist: %s)", r->file, line_of(v), label,
                                    params[di][i], dists[di]);
        const char *why = NULL;
        if (d->dist == JH_DIST_NORMAL && !(d->b > 0))
            why = "sd above 0";
        else if (d->dist == JH_DIST_UNIFORM && !(d->a < d->b))
            why = "low below high";
        else if (d->dist == JH_DIST_TRIANGULAR && !(d->a < d->c && d->a <= d->b && d->b <= d->c))
            why = "low <= mode <= high with low below high";
        else if (!(d->min < d->max))
            why = "min below max";
        if (why)
            return jh_error_set(r->err, JH_ERR_INPUT, "%s: line %ld: key %s: expected %s",
                                r->file, line_of(v), label, why);
    }
    return JH_OK;
}

static jh_status add_scenario(reader *r, jh_sweep *s, const char *path, yaml_document_t *own,
                              long line)
{
    jh_sweep_scenario *sc = &s->scenarios[s->n_scenarios];
    if (!(sc->path = strdup(path)))
        return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
    s->n_scenarios++;
    if (own) {
        /* this file's scenario: drop the sweep pair from the root and
         * write the rest back out */
        yaml_node_t *root = yaml_document_get_root_node(own);
        yaml_node_pair_t *p = find_pair(own, 1, "sweep");
        memmove(p, p + 1, (size_t)(root->data.mapping.pairs.top - p - 1) * sizeof *p);
        root->data.mapping.pairs.top--;
        sc->text = dump_doc(own, &sc->len);
        memset(own, 0, sizeof *own);
        if (!sc->text)
            return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
    } else {
        jh_error e2 = {0};
        sc->text = jh_input_read_all(path, NULL, &sc->len, &e2);
        if (!sc->text)
            return jh_error_set(r->err, e2.status, "%s: line %ld: sweep.scenarios: %s", r->file,
                                line, e2.message);
    }
    jh_scenario base;
    jh_status st = jh_scenario_parse(&base, sc->text, sc->len, sc->path, r->err);
    if (st != JH_OK)
        return st;
    sc->name = strdup(base.name ? base.name : "");
    sc->start_year = base.start_year;
    sc->n_years = base.end_year - base.start_year + 1;
    sc->roads = base.travel.roads_path != NULL;
    jh_scenario_free(&base);
    if (!sc->name)
        return jh_error_set(r->err, JH_ERR_RUN, "out of memory");
    if (sc->n_years > JH_SWEEP_MAX_YEARS)
        return jh_error_set(r->err, JH_ERR_INPUT, "%s: horizon: a sweep runs at most %d years, "
                            "the scenario has %d", sc->path, JH_SWEEP_MAX_YEARS, sc->n_years);
    return JH_OK;
}

/* Tries `value` at `path` on scenario k; names the sweep file's line. */
static jh_status try_value(const jh_sweep *s, size_t k, const char *path, const char *value,
                           long line, jh_error *err)
{
    const jh_sweep_scenario *sc = &s->scenarios[k];
    yaml_document_t doc;
    jh_status st = load_doc(&doc, sc->text, sc->len, sc->path, err);
    if (st != JH_OK)
        return st;
    char why[300];
    if (set_path(&doc, path, value, why, sizeof why) != 0) {
        yaml_document_delete(&doc);
        return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: key path %s: %s (%s)", s->file,
                            line, path, why, sc->path);
    }
    size_t len;
    char *text = dump_doc(&doc, &len);
    if (!text)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_scenario x;
    jh_error e2 = {0};
    st = jh_scenario_parse(&x, text, len, sc->path, &e2);
    free(text);
    if (st == JH_OK) {
        jh_scenario_free(&x);
        return JH_OK;
    }
    return jh_error_set(err, e2.status, "%s: line %ld: key path %s = %s: the scenario %s refuses "
                        "it: %s", s->file, line, path, value, sc->path, strip_where(e2.message));
}

static void fmt_num(char *buf, size_t n, double v)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

jh_status jh_sweep_load(jh_sweep *out, const char *path, jh_error *err)
{
    memset(out, 0, sizeof *out);
    out->samples = 1;
    out->grid_points = 1;
    if (!(out->file = strdup(path)))
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    size_t len;
    char *text = jh_input_read_all(path, NULL, &len, err);
    if (!text) {
        jh_sweep_free(out);
        return err->status;
    }
    yaml_document_t doc;
    jh_status st = load_doc(&doc, text, len, path, err);
    free(text);
    if (st != JH_OK) {
        jh_sweep_free(out);
        return st;
    }
    reader r = {&doc, path, err};
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    yaml_node_pair_t *sp = root->type == YAML_MAPPING_NODE ? find_pair(&doc, 1, "sweep") : NULL;
    yaml_node_t *scl = NULL;
    if (!sp) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: expected a 'sweep:' block (vary, "
                          "samples, seed, draw, scenarios)", path, line_of(root));
        goto done;
    }
    yaml_node_t *sw = yaml_document_get_node(&doc, sp->value);
    if (sw->type != YAML_MAPPING_NODE) {
        st = bad(&r, sw, "a map (vary, samples, seed, draw, scenarios)", "sweep");
        goto done;
    }
    static const char *const keys[] = {"vary", "samples", "seed", "draw", "scenarios", NULL};
    bool has_samples = false, has_seed = false;
    for (yaml_node_pair_t *p = sw->data.mapping.pairs.start; p < sw->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        const char *key = k->type == YAML_SCALAR_NODE ? sval(k) : "";
        int ki = -1;
        for (int i = 0; keys[i]; i++)
            if (strcmp(key, keys[i]) == 0)
                ki = i;
        double d;
        switch (ki) {
        case 0:
            st = out->vary ? bad(&r, k, "one vary block", "sweep.vary") : read_vary(&r, out, v);
            break;
        case 1:
            st = number(&r, v, "sweep.samples", &d);
            if (st == JH_OK && (d < 1 || d > 10000000 || d != floor(d)))
                st = bad(&r, v, "a whole number of samples from 1", "sweep.samples");
            out->samples = (long)d;
            has_samples = true;
            break;
        case 2:
            st = number(&r, v, "sweep.seed", &d);
            if (st == JH_OK && (d < 0 || d > 4294967295.0 || d != floor(d)))
                st = bad(&r, v, "a whole number from 0 to 4294967295", "sweep.seed");
            out->seed = (unsigned long)d;
            has_seed = true;
            break;
        case 3:
            st = out->draws ? bad(&r, k, "one draw block", "sweep.draw") : read_draw(&r, out, v);
            break;
        case 4:
            if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start)
                st = bad(&r, v, "a non-empty list of scenario files", "sweep.scenarios");
            scl = v;
            break;
        default:
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: unknown key '%s' in sweep (expected "
                              "vary, samples, seed, draw, scenarios)", path, line_of(k), key);
        }
        if (st != JH_OK)
            goto done;
    }
    if (out->n_draws && !has_samples) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: sweep: draw needs samples: N",
                          path, line_of(sw));
        goto done;
    }
    if (has_samples && !out->n_draws) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: sweep: samples without a draw block "
                          "(nothing to draw)", path, line_of(sw));
        goto done;
    }
    if (out->n_draws && !has_seed) {
        st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: sweep: draw needs seed: S (the "
                          "results must be reproducible)", path, line_of(sw));
        goto done;
    }
    for (size_t i = 0; i < out->n_vary; i++)
        for (size_t j = i + 1; j < out->n_vary; j++)
            if (strcmp(out->vary[i].path, out->vary[j].path) == 0) {
                st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: key path %s is varied twice "
                                  "(first at line %ld)", path, out->vary[j].line,
                                  out->vary[j].path, out->vary[i].line);
                goto done;
            }
    for (size_t i = 0; i < out->n_draws; i++)
        for (size_t j = i + 1; j < out->n_draws; j++)
            if (strcmp(out->draws[i].path, out->draws[j].path) == 0) {
                st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: key path %s is drawn twice "
                                  "(first at line %ld)", path, out->draws[j].line,
                                  out->draws[j].path, out->draws[i].line);
                goto done;
            }
    for (size_t i = 0; i < out->n_vary; i++)
        for (size_t j = 0; j < out->n_draws; j++)
            if (strcmp(out->vary[i].path, out->draws[j].path) == 0) {
                st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: key path %s is both varied "
                                  "(line %ld) and drawn", path, out->draws[j].line,
                                  out->draws[j].path, out->vary[i].line);
                goto done;
            }
    size_t nsc = scl ? (size_t)(scl->data.sequence.items.top - scl->data.sequence.items.start) : 1;
    out->scenarios = calloc(nsc, sizeof *out->scenarios);
    if (!out->scenarios) {
        st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        goto done;
    }
    if (scl) {
        if (root->data.mapping.pairs.top - root->data.mapping.pairs.start > 1) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: sweep.scenarios: a sweep file "
                              "naming its scenarios holds only the sweep: block", path,
                              line_of(scl));
            goto done;
        }
        char *dir = jh_path_dir(path);
        for (yaml_node_item_t *it = scl->data.sequence.items.start;
             st == JH_OK && dir && it < scl->data.sequence.items.top; it++) {
            yaml_node_t *e = yaml_document_get_node(&doc, *it);
            if (e->type != YAML_SCALAR_NODE) {
                st = bad(&r, e, "a scenario file path", "sweep.scenarios");
                break;
            }
            char *p = jh_path_join(dir, sval(e));
            st = p ? add_scenario(&r, out, p, NULL, line_of(e))
                   : jh_error_set(err, JH_ERR_RUN, "out of memory");
            free(p);
        }
        if (!dir)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory");
        free(dir);
    } else {
        st = add_scenario(&r, out, path, &doc, 0);
    }
    if (st != JH_OK)
        goto done;
    /* every path and value tried on every scenario */
    for (size_t k = 0; k < out->n_scenarios && st == JH_OK; k++) {
        bool reload = false;
        for (size_t i = 0; i < out->n_vary && st == JH_OK; i++) {
            reload |= jh_county_part(out->vary[i].path, out->scenarios[k].roads);
            for (size_t j = 0; j < out->vary[i].n_values && st == JH_OK; j++)
                st = try_value(out, k, out->vary[i].path, out->vary[i].values[j],
                               out->vary[i].line, err);
        }
        for (size_t i = 0; i < out->n_draws && st == JH_OK; i++) {
            const jh_sweep_draw *d = &out->draws[i];
            reload |= jh_county_part(d->path, out->scenarios[k].roads);
            char v[JH_SWEEP_VALUE_LEN];
            double x = d->dist == JH_DIST_NORMAL ? d->a : d->dist == JH_DIST_UNIFORM
                                                             ? (d->a + d->b) / 2 : d->b;
            fmt_num(v, sizeof v, fmin(fmax(x, d->min), d->max));
            st = try_value(out, k, d->path, v, d->line, err);
        }
        out->scenarios[k].reload_county = reload;
    }
    if (st == JH_OK) {
        out->n_variants = out->n_scenarios * out->grid_points * (size_t)out->samples;
        if (out->n_variants > 100000000)
            st = jh_error_set(err, JH_ERR_INPUT, "%s: the sweep has %zu variants (at most "
                              "100,000,000)", path, out->n_variants);
    }
done:
    if (doc.nodes.start)
        yaml_document_delete(&doc);
    if (st != JH_OK)
        jh_sweep_free(out);
    return st;
}

void jh_sweep_free(jh_sweep *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_scenarios; i++) {
        free(s->scenarios[i].path);
        free(s->scenarios[i].text);
        free(s->scenarios[i].name);
    }
    free(s->scenarios);
    for (size_t i = 0; i < s->n_vary; i++) {
        for (size_t j = 0; j < s->vary[i].n_values; j++)
            free(s->vary[i].values[j]);
        free(s->vary[i].values);
        free(s->vary[i].path);
    }
    free(s->vary);
    for (size_t i = 0; i < s->n_draws; i++)
        free(s->draws[i].path);
    free(s->draws);
    free(s->file);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------- variants */

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static double draw_one(const jh_sweep_draw *d, gsl_rng *rng)
{
    double x;
    switch (d->dist) {
    case JH_DIST_NORMAL:
        x = d->a + gsl_ran_gaussian(rng, d->b);
        break;
    case JH_DIST_UNIFORM:
        x = gsl_ran_flat(rng, d->a, d->b);
        break;
    default: {
        /* triangular by the inverse of its distribution function */
        double u = gsl_rng_uniform(rng), lo = d->a, mo = d->b, hi = d->c;
        double f = (mo - lo) / (hi - lo);
        x = u < f ? lo + sqrt(u * (hi - lo) * (mo - lo))
                  : hi - sqrt((1 - u) * (hi - lo) * (hi - mo));
    }
    }
    return fmin(fmax(x, d->min), d->max);
}

void jh_sweep_variant_values(const jh_sweep *s, size_t v, size_t *scenario, size_t *grid_point,
                             char (*values)[JH_SWEEP_VALUE_LEN])
{
    size_t sample = v % (size_t)s->samples;
    size_t g = (v / (size_t)s->samples) % s->grid_points;
    *scenario = v / ((size_t)s->samples * s->grid_points);
    *grid_point = g;
    /* the grid point, the first key slowest */
    size_t rest = g;
    for (size_t i = s->n_vary; i-- > 0;) {
        const jh_sweep_vary *x = &s->vary[i];
        snprintf(values[i], JH_SWEEP_VALUE_LEN, "%s", x->values[rest % x->n_values]);
        rest /= x->n_values;
    }
    if (!s->n_draws)
        return;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        for (size_t i = 0; i < s->n_draws; i++)
            snprintf(values[s->n_vary + i], JH_SWEEP_VALUE_LEN, "nan");
        return;
    }
    gsl_rng_set(rng, (unsigned long)(splitmix64(splitmix64(s->seed) ^ (uint64_t)sample) &
                                     0xffffffffUL));
    for (size_t i = 0; i < s->n_draws; i++)
        fmt_num(values[s->n_vary + i], JH_SWEEP_VALUE_LEN, draw_one(&s->draws[i], rng));
    gsl_rng_free(rng);
}

jh_status jh_sweep_variant_scenario(const jh_sweep *s, size_t v, jh_scenario *out, jh_error *err)
{
    memset(out, 0, sizeof *out);
    size_t k, g, nv = s->n_vary + s->n_draws;
    char (*values)[JH_SWEEP_VALUE_LEN] = calloc(nv ? nv : 1, sizeof *values);
    if (!values)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    jh_sweep_variant_values(s, v, &k, &g, values);
    const jh_sweep_scenario *sc = &s->scenarios[k];
    yaml_document_t doc;
    jh_status st = load_doc(&doc, sc->text, sc->len, sc->path, err);
    if (st != JH_OK) {
        free(values);
        return st;
    }
    char why[300];
    for (size_t i = 0; i < nv; i++) {
        const char *path = i < s->n_vary ? s->vary[i].path : s->draws[i - s->n_vary].path;
        if (set_path(&doc, path, values[i], why, sizeof why) != 0) {
            yaml_document_delete(&doc);
            free(values);
            return jh_error_set(err, JH_ERR_INPUT, "variant %zu: key path %s: %s", v, path, why);
        }
    }
    size_t len;
    char *text = dump_doc(&doc, &len);
    if (!text) {
        free(values);
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    jh_error e2 = {0};
    st = jh_scenario_parse(out, text, len, sc->path, &e2);
    free(text);
    if (st != JH_OK) {
        char list[1024] = "";
        size_t used = 0;
        for (size_t i = 0; i < nv && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s = %s", i ? ", " : "",
                                     i < s->n_vary ? s->vary[i].path : s->draws[i - s->n_vary].path,
                                     values[i]);
        st = jh_error_set(err, e2.status, "variant %zu (%s): %s", v, list, strip_where(e2.message));
    }
    free(values);
    return st;
}

/* ---------------------------------------------------------------- rows */

void jh_sweep_row_fill(jh_sweep_row *row, long variant, const jh_run_result *r)
{
    memset(row, 0, sizeof *row);
    row->variant = variant;
    row->status = JH_OK;
    row->n_years = (int)(r->n_years < JH_SWEEP_MAX_YEARS ? r->n_years : JH_SWEEP_MAX_YEARS);
    row->start_year = r->n_years ? r->years[0].year : 0;
    for (int l = 0; l <= JH_NLEVELS; l++)
        for (int sd = 0; sd < 2; sd++) {
            row->final_pass[l][sd] = r->final_year_pass[l][sd];
            row->pass_from[l][sd] = r->pass_from_year[l][sd];
        }
    row->total_cost_wan = r->total_cost_wan;
    double cost = 0;
    for (int y = 0; y < row->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &yr->metrics.level[l];
            row->pass[y][l][JH_STANDARD_QUALITY] = m->quality.pass;
            row->pass[y][l][JH_STANDARD_BASIC] = m->basic.pass;
            row->cv_mean[y][l][0] = m->quality.cv_mean;
            row->cv_mean[y][l][1] = m->basic.cv_mean;
            row->compliant[y][l] = m->schools_compliant;
            row->large_classes[y][l] = m->large_classes;
            row->super_large_classes[y][l] = m->super_large_classes;
            row->students[y][l] = m->students;
            row->unplaced[y][l] = m->unplaced_students;
        }
        row->pass[y][JH_VERDICT_COUNTY][JH_STANDARD_QUALITY] = yr->county.quality;
        row->pass[y][JH_VERDICT_COUNTY][JH_STANDARD_BASIC] = yr->county.basic;
        cost += yr->cost_wan;
        row->cost_wan[y] = cost;
    }
}

jh_status jh_sweep_run_variant(const jh_sweep *s, size_t v, jh_county *shared,
                               jh_sweep_row *row, jh_error *err)
{
    jh_scenario sc;
    jh_status st = jh_sweep_variant_scenario(s, v, &sc, err);
    if (st != JH_OK)
        return st;
    size_t k = v / ((size_t)s->samples * s->grid_points);
    jh_county *county = shared;
    if (s->scenarios[k].reload_county || !shared) {
        county = calloc(1, sizeof *county);
        st = county ? jh_county_load_travel(county, &sc, err)
                    : jh_error_set(err, JH_ERR_RUN, "out of memory");
        if (st != JH_OK) {
            if (county) {
                jh_county_free(county);
                free(county);
            }
            jh_scenario_free(&sc);
            return st;
        }
    }
    jh_run_result r;
    sc.run_keep = JH_KEEP_FIGURES; /* the row reads the yearly figures only */
    st = jh_simulate(&r, &sc, county, err);
    if (st == JH_OK) {
        jh_sweep_row_fill(row, (long)v, &r);
        jh_run_result_free(&r); /* frees the county too */
    } else if (county != shared) {
        jh_county_free(county);
        free(county);
    }
    jh_scenario_free(&sc);
    return st;
}

double jh_sweep_quantile(const double *sorted, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}
