/*
 * iv_close.c: `close: ID or [IDs], students_to: ID | nearest` — the
 * schools stop teaching at the start of the year; their students wait for a
 * place at the named school (or by the assignment rule when `nearest`), and
 * their teachers follow. A teaching point kept by keep_teaching_point is
 * not closed: the closure is deferred with a warning.
 */
#include "sim/interventions/interventions.h"

#include <stdlib.h>
#include <string.h>

static const char *const keys[] = {"year", "close", "students_to", "primary_to", "junior_to", NULL};

static jh_status parse_close(jh_yaml_reader *c, yaml_node_t *n, yaml_node_t *a, const char *section,
                             jh_intervention *iv)
{
    (void)section;
    jh_status st;
    if ((st = jh_yaml_id_list(c, a, "close", &iv->ids, &iv->n_ids)) != JH_OK)
        return st;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const char *key = l == JH_JUNIOR ? "junior_to" : "primary_to";
        yaml_node_t *t = jh_yaml_get(c, n, key);
        if (t && (st = jh_yaml_text(c, t, key, &iv->level_to[l])) != JH_OK)
            return st;
    }
    yaml_node_t *v = jh_yaml_get(c, n, "students_to");
    if (v)
        return jh_yaml_text(c, v, "students_to", &iv->target);
    return (iv->target = strdup("nearest")) ? JH_OK : jh_yaml_oom(c);
}

static void write_close(jh_yaml_writer *w, const jh_intervention *iv)
{
    jh_yaml_put_ids(w, "close", iv->ids, iv->n_ids);
    jh_yaml_put_kv(w, "students_to", iv->target ? iv->target : "nearest");
    for (int l = 0; l < JH_NLEVELS; l++)
        if (iv->level_to[l])
            jh_yaml_put_kv(w, l == JH_JUNIOR ? "junior_to" : "primary_to", iv->level_to[l]);
}

static bool deferred(const jh_apply *a, int i, const jh_intervention *iv)
{
    if (!a->county->schools[i].keep_teaching_point)
        return false;
    jh_warnings_add(&a->county->warnings,
                    "%s: line %ld: closure of %s in %d deferred: the teaching point is kept",
                    a->path, iv->line, a->county->schools[i].id, iv->year);
    return true;
}

static bool applies(const jh_apply *a, const jh_intervention *iv)
{
    return iv->kind == JH_IV_CLOSE && iv->year == a->year->year && !iv->candidate;
}

/* The close entries of ivs[0..n) of the year (the others are of other
 * years): every id found first, in file order, then all their schools
 * closed together, one after the other (one pass over the students and
 * villages: a consolidation plan closes thousands). */
static jh_status close_run(const jh_apply *a, const jh_intervention *ivs, size_t n)
{
    size_t cap = 0, m = 0;
    for (size_t k = 0; k < n; k++)
        cap += applies(a, &ivs[k]) ? ivs[k].n_ids : 0;
    /* to: students_to; lt: per closure and level, primary_to / junior_to or -1 */
    int *close = malloc(((2 + JH_NLEVELS) * cap + 1) * sizeof *close), *to = close + cap, *lt = to + cap;
    if (!close)
        return jh_error_set(a->err, JH_ERR_RUN, "out of memory (close)");
    jh_status st = JH_OK;
    bool levels = false;
    for (size_t j = 0; j < n && st == JH_OK; j++) {
        const jh_intervention *iv = &ivs[j];
        int target = -1, lto[JH_NLEVELS];
        if (!applies(a, iv))
            continue;
        if (iv->target && strcmp(iv->target, "nearest") != 0 && (target = jh_iv_find_school(a, iv, iv->target)) < 0)
            st = JH_ERR_INPUT;
        for (int l = 0; l < JH_NLEVELS; l++) {
            lto[l] = iv->level_to[l] ? jh_iv_find_school(a, iv, iv->level_to[l]) : -1;
            levels |= iv->level_to[l] != NULL;
            if (iv->level_to[l] && lto[l] < 0)
                st = JH_ERR_INPUT;
        }
        for (size_t k = 0; k < iv->n_ids && st == JH_OK; k++) {
            int i = jh_iv_find_school(a, iv, iv->ids[k]);
            if (i < 0)
                st = JH_ERR_INPUT;
            else if (i == target || i == lto[0] || i == lto[1])
                st = jh_error_set(a->err, JH_ERR_INPUT,
                                  "%s: line %ld: close: school '%s' cannot take its own students",
                                  a->path, iv->line, iv->ids[k]);
            else if (!deferred(a, i, iv)) {
                for (int l = 0; l < JH_NLEVELS; l++)
                    lt[m * JH_NLEVELS + (size_t)l] = lto[l];
                close[m] = i, to[m++] = target;
            }
        }
    }
    if (st == JH_OK)
        st = jh_apply_close_schools(a, close, to, levels ? lt : NULL, m);
    free(close);
    return st;
}

static jh_status apply_close(const jh_apply *a, const jh_intervention *iv)
{
    return close_run(a, iv, 1);
}

const jh_iv_kind jh_iv_close = {
    .kind = JH_IV_CLOSE,
    .keys = keys,
    .parse = parse_close,
    .write = write_close,
    .apply = apply_close,
    .apply_run = close_run,
};
