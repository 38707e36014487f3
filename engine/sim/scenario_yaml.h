/*
 * scenario_yaml: the pieces reading a scenario (scenario_read.c), writing
 * one (scenario_write.c) and each intervention kind (sim/interventions/)
 * share, implemented in scenario_yaml.c. Internal to engine/sim: the rest
 * of junheng reads and writes scenarios through sim/scenario_io.h.
 *
 * Reading works on libyaml's document tree. Every jh_yaml_* reader checks a
 * value's type and range and, on failure, returns JH_ERR_INPUT with
 * "FILE: line N: key K: expected WHAT, got GOT" in the reader's jh_error,
 * so a kind only names the key and what it expects.
 */
#ifndef JH_SCENARIO_YAML_H
#define JH_SCENARIO_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "jh_error.h"
#include "scenario.h"

/* ---- paths in a scenario file ----------------------------------------- */

/* `p` against folder `dir` (kept when absolute), cleaned lexically. */
char *jh_path_join(const char *dir, const char *p);
/* The folder of a file path, cleaned ("." when none). */
char *jh_path_dir(const char *path);
/* `target` written relative to folder `from`, or `target` made absolute
 * when they share no folder but the root (a plan written to /tmp for data
 * under /home must still find it); NULL when either cannot be made
 * absolute. Each returns a string the caller frees, or
 * NULL when out of memory. */
char *jh_path_relative(const char *from, const char *target);

/* ---- reading ---------------------------------------------------------- */

typedef struct jh_yaml_reader {
    yaml_document_t *doc;
    const char *file;     /* for messages */
    jh_error *err;
    jh_scenario *s;       /* the scenario being read */
} jh_yaml_reader;

static inline yaml_node_t *jh_yaml_node(jh_yaml_reader *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}
static inline long jh_yaml_line(const yaml_node_t *n) { return (long)n->start_mark.line + 1; }
static inline const char *jh_yaml_scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

jh_status jh_yaml_oom(jh_yaml_reader *c);
/* A plain empty, "~" or "null" scalar: the YAML null. */
bool jh_yaml_is_null(const yaml_node_t *n);
/* "key K: expected WHAT, got ..." at the node's line. */
jh_status jh_yaml_expected(jh_yaml_reader *c, const yaml_node_t *n, const char *key,
                           const char *what);
jh_status jh_yaml_unknown_key(jh_yaml_reader *c, yaml_node_t *k, const char *section,
                              const char *const *allowed);
/* Checks that a map holds only `allowed` keys (NULL-terminated), each once.
 * `section` names the map in messages. */
jh_status jh_yaml_check_keys(jh_yaml_reader *c, yaml_node_t *map, const char *section,
                             const char *const *allowed);
/* The value of `key` in a (checked) map, or NULL; its key node. */
yaml_node_t *jh_yaml_get(jh_yaml_reader *c, yaml_node_t *map, const char *key);
yaml_node_t *jh_yaml_get_key(jh_yaml_reader *c, yaml_node_t *map, const char *key);
/* "missing key 'K' in SECTION (required)" at the map's line. */
jh_status jh_yaml_missing(jh_yaml_reader *c, yaml_node_t *map, const char *key,
                          const char *section);
jh_status jh_yaml_want_map(jh_yaml_reader *c, yaml_node_t *n, const char *key);
/* Numbers. lo/hi bound the value (inclusive unless lo_open); `integer`
 * asks for a whole number. */
jh_status jh_yaml_number(jh_yaml_reader *c, yaml_node_t *n, const char *key, double lo,
                         double hi, bool lo_open, bool integer, double *out);
/* The number under `key` of a map, when given (`label` names it in
 * messages); *out is left as it is when the key is absent. */
jh_status jh_yaml_num_key(jh_yaml_reader *c, yaml_node_t *map, const char *key,
                          const char *label, double lo, double hi, bool lo_open, double *out);
jh_status jh_yaml_int_key(jh_yaml_reader *c, yaml_node_t *map, const char *key,
                          const char *label, double lo, double hi, int *out);
/* A text value (scalar, not null); copied into *out (freeing the old one). */
jh_status jh_yaml_text(jh_yaml_reader *c, yaml_node_t *n, const char *key, char **out);
/* One of `names` (NULL-terminated); its index into *out. */
jh_status jh_yaml_choice(jh_yaml_reader *c, yaml_node_t *n, const char *key,
                         const char *const *names, int *out);
jh_status jh_yaml_bool(jh_yaml_reader *c, yaml_node_t *n, const char *key, bool *out);
/* "ID or [IDs]": one text or a non-empty list of texts, owned by *ids. */
jh_status jh_yaml_id_list(jh_yaml_reader *c, yaml_node_t *n, const char *key, char ***ids,
                          size_t *n_ids);
/* Whether a NULL-terminated list of keys holds `key`. */
bool jh_yaml_in_list(const char *const *list, const char *key);

/* The keys of rules.quality_standard.<level>, in the order of
 * jh_rules.quality_min (NULL-terminated). */
extern const char *const jh_yaml_quality_keys[JH_NQUALITY + 1];

/* ---- writing ---------------------------------------------------------- */

/* The emitter writes into memory (jh_yaml_writer_output); a failed event
 * sets `failed` and every later call does nothing, so the writers read
 * top-down without a check after each line. */
typedef struct jh_yaml_writer {
    yaml_emitter_t em;
    bool failed;
    char *buf;            /* what was written, owned */
    size_t len, cap;
} jh_yaml_writer;

/* The emitter's output handler (yaml_emitter_set_output), `data` the writer. */
int jh_yaml_writer_output(void *data, unsigned char *buffer, size_t size);
/* Emits an event made by a yaml_*_event_initialize call (its result). */
void jh_yaml_put_event(jh_yaml_writer *w, yaml_event_t *e, int initialized);
/* A scalar; texts a reader would take for the YAML null are quoted. */
void jh_yaml_put_str(jh_yaml_writer *w, const char *s);
/* The shortest decimal that reads back as the same double. */
void jh_yaml_put_num(jh_yaml_writer *w, double v);
void jh_yaml_put_map(jh_yaml_writer *w, bool flow);
void jh_yaml_put_map_end(jh_yaml_writer *w);
void jh_yaml_put_seq(jh_yaml_writer *w, bool flow);
void jh_yaml_put_seq_end(jh_yaml_writer *w);
/* A key and its text; a key and its number. */
void jh_yaml_put_kv(jh_yaml_writer *w, const char *k, const char *v);
void jh_yaml_put_kn(jh_yaml_writer *w, const char *k, double v);
/* One id as a text, several as a flow list. */
void jh_yaml_put_ids(jh_yaml_writer *w, const char *k, char **ids, size_t n);

#endif
