/*
 * county.c: names of the domain's enumerations, id lookup, and freeing the
 * county. Id lookup is an open-addressing hash because a 200,000-village
 * county is looked up once per table row.
 */
#include "county.h"
#include "jh_text_pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct jh_idmap {
    size_t cap;      /* power of two */
    int *slot;       /* index + 1, 0 = empty */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void idmap_free(struct jh_idmap *m)
{
    if (m) {
        free(m->slot);
        free(m);
    }
}

/* Builds a map over n ids taken from an array of structs (id at offset 0
 * of a char* field accessed through get). Returns the index of the first
 * duplicate through *dup (or -1). */
static struct jh_idmap *idmap_build(size_t n, const char *(*get)(const void *, size_t),
                                    const void *base, long *dup_a, long *dup_b)
{
    struct jh_idmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    while (m->cap < n * 2 + 1)
        m->cap <<= 1;
    m->slot = calloc(m->cap, sizeof *m->slot);
    if (!m->slot) {
        free(m);
        return NULL;
    }
    *dup_a = *dup_b = -1;
    for (size_t i = 0; i < n; i++) {
        const char *id = get(base, i);
        size_t h = hash_str(id) & (m->cap - 1);
        while (m->slot[h]) {
            if (strcmp(get(base, (size_t)m->slot[h] - 1), id) == 0) {
                if (*dup_a < 0) {
                    *dup_a = m->slot[h] - 1;
                    *dup_b = (long)i;
                }
                goto next;
            }
            h = (h + 1) & (m->cap - 1);
        }
        m->slot[h] = (int)i + 1;
    next:;
    }
    return m;
}

static int idmap_find(const struct jh_idmap *m, const char *id,
                      const char *(*get)(const void *, size_t), const void *base)
{
    size_t h = hash_str(id) & (m->cap - 1);
    while (m->slot[h]) {
        if (strcmp(get(base, (size_t)m->slot[h] - 1), id) == 0)
            return m->slot[h] - 1;
        h = (h + 1) & (m->cap - 1);
    }
    return -1;
}

static const char *school_id(const void *base, size_t i)
{
    return ((const jh_school *)base)[i].id;
}

static const char *village_id(const void *base, size_t i)
{
    return ((const jh_village *)base)[i].id;
}

static const char *string_at(const void *base, size_t i)
{
    return ((const char *const *)base)[i];
}

struct jh_idmap *jh_idmap_strings(const char *const *ids, size_t n)
{
    long a, b;
    return idmap_build(n, string_at, ids, &a, &b);
}

int jh_idmap_find_string(const struct jh_idmap *m, const char *const *ids, const char *id)
{
    return id ? idmap_find(m, id, string_at, ids) : -1;
}

void jh_idmap_free(struct jh_idmap *m)
{
    idmap_free(m);
}

jh_status jh_county_build_index(jh_county *c, const char *schools_file,
                                const char *villages_file, jh_error *err)
{
    long a, b;
    idmap_free(c->school_index);
    idmap_free(c->village_index);
    c->school_index = c->village_index = NULL;
    c->school_index = idmap_build(c->n_schools, school_id, c->schools, &a, &b);
    if (!c->school_index)
        return jh_error_set(err, JH_ERR_RUN, "out of memory indexing schools");
    if (a >= 0)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: record %ld: field id: expected a unique school id, "
                            "got '%s' again (first at record %ld)",
                            schools_file ? schools_file : "schools",
                            c->schools[b].record + 1, c->schools[b].id,
                            c->schools[a].record + 1);
    c->village_index = idmap_build(c->n_villages, village_id, c->villages, &a, &b);
    if (!c->village_index)
        return jh_error_set(err, JH_ERR_RUN, "out of memory indexing villages");
    if (a >= 0)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: record %ld: field id: expected a unique village id, "
                            "got '%s' again (first at record %ld)",
                            villages_file ? villages_file : "villages",
                            c->villages[b].record + 1, c->villages[b].id,
                            c->villages[a].record + 1);
    return JH_OK;
}

int jh_county_find_school(const jh_county *c, const char *id)
{
    if (!id)
        return -1;
    if (c->school_index)
        return idmap_find(c->school_index, id, school_id, c->schools);
    for (size_t i = 0; i < c->n_schools; i++)
        if (strcmp(c->schools[i].id, id) == 0)
            return (int)i;
    return -1;
}

int jh_county_find_village(const jh_county *c, const char *id)
{
    if (!id)
        return -1;
    if (c->village_index)
        return idmap_find(c->village_index, id, village_id, c->villages);
    for (size_t i = 0; i < c->n_villages; i++)
        if (strcmp(c->villages[i].id, id) == 0)
            return (int)i;
    return -1;
}

int jh_county_add_school(jh_county *c, const jh_school *s)
{
    jh_school *grown = realloc(c->schools, (c->n_schools + 1) * sizeof *grown);
    if (!grown)
        return -1;
    c->schools = grown;
    c->schools[c->n_schools] = *s;
    idmap_free(c->school_index);
    c->school_index = NULL;
    return (int)c->n_schools++;
}

bool jh_school_serves(jh_school_type type, jh_level level)
{
    switch (type) {
    case JH_SCHOOL_PRIMARY:
    case JH_SCHOOL_TEACHING_POINT:
        return level == JH_PRIMARY;
    case JH_SCHOOL_JUNIOR:
    case JH_SCHOOL_COMPLETE_MIDDLE:
        return level == JH_JUNIOR;
    case JH_SCHOOL_NINE_YEAR:
    case JH_SCHOOL_TWELVE_YEAR:
    case JH_SCHOOL_SPECIAL:
    case JH_SCHOOL_VOCATIONAL:
    case JH_SCHOOL_CANDIDATE:
        return true;
    default:
        return false;
    }
}

int jh_level_first_grade(jh_level level) { return level == JH_PRIMARY ? 0 : 6; }
int jh_level_end_grade(jh_level level) { return level == JH_PRIMARY ? 6 : 9; }

int jh_school_level_students(const jh_school *s, jh_level level)
{
    int n = 0;
    for (int g = jh_level_first_grade(level); g < jh_level_end_grade(level); g++)
        n += s->students[g];
    return n;
}

static const char *const type_names[JH_SCHOOL_NTYPES] = {
    "primary", "junior", "nine_year", "complete_middle", "twelve_year",
    "teaching_point", "special", "vocational", "candidate"};

/* Chinese names found in bureau layers, by type. */
static const struct { const char *name; jh_school_type type; } type_aliases[] = {
    {"小学", JH_SCHOOL_PRIMARY},          {"初中", JH_SCHOOL_JUNIOR},
    {"初级中学", JH_SCHOOL_JUNIOR},       {"九年一贯制", JH_SCHOOL_NINE_YEAR},
    {"九年一贯制学校", JH_SCHOOL_NINE_YEAR}, {"完全中学", JH_SCHOOL_COMPLETE_MIDDLE},
    {"十二年一贯制", JH_SCHOOL_TWELVE_YEAR}, {"十二年一贯制学校", JH_SCHOOL_TWELVE_YEAR},
    {"教学点", JH_SCHOOL_TEACHING_POINT},  {"特殊教育学校", JH_SCHOOL_SPECIAL},
    {"特教", JH_SCHOOL_SPECIAL},          {"职业学校", JH_SCHOOL_VOCATIONAL},
    {"nine-year", JH_SCHOOL_NINE_YEAR},   {"middle", JH_SCHOOL_JUNIOR},
    {"teaching-point", JH_SCHOOL_TEACHING_POINT},
    {"complete-middle", JH_SCHOOL_COMPLETE_MIDDLE},
    {"twelve-year", JH_SCHOOL_TWELVE_YEAR},
};

const char *jh_school_type_name(jh_school_type t)
{
    return (t >= 0 && t < JH_SCHOOL_NTYPES) ? type_names[t] : "unknown";
}

bool jh_school_type_parse(const char *s, jh_school_type *out)
{
    for (int t = 0; t < JH_SCHOOL_NTYPES; t++)
        if (strcasecmp(s, type_names[t]) == 0) {
            *out = (jh_school_type)t;
            return true;
        }
    for (size_t i = 0; i < sizeof type_aliases / sizeof type_aliases[0]; i++)
        if (strcasecmp(s, type_aliases[i].name) == 0) {
            *out = type_aliases[i].type;
            return true;
        }
    return false;
}

static const char *const area_names[JH_NAREAS] = {"urban", "town", "rural"};

bool jh_area_parse(const char *s, jh_area *out)
{
    static const struct { const char *name; jh_area area; } aliases[] = {
        {"城区", JH_URBAN}, {"城市", JH_URBAN}, {"县城", JH_URBAN},
        {"镇区", JH_TOWN},  {"镇", JH_TOWN},     {"乡镇", JH_TOWN},
        {"乡村", JH_RURAL}, {"农村", JH_RURAL},  {"village", JH_RURAL},
    };
    for (int a = 0; a < JH_NAREAS; a++)
        if (strcasecmp(s, area_names[a]) == 0) {
            *out = (jh_area)a;
            return true;
        }
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(s, aliases[i].name) == 0) {
            *out = aliases[i].area;
            return true;
        }
    return false;
}

const char *jh_area_name(jh_area a)
{
    return (a >= 0 && a < JH_NAREAS) ? area_names[a] : "unknown";
}

const char *jh_level_name(jh_level l) { return l == JH_PRIMARY ? "primary" : "junior"; }

const char *jh_resource_name(int k)
{
    static const char *const names[JH_NRESOURCES] = {
        "teachers",       "t_above_degree", "t_backbone",   "t_pe_art",  "t_senior_title",
        "building_m2",    "sports_m2",      "equipment_yuan", "multimedia_rooms", "computers",
        "books",          "boarding_beds",  "music_rooms",  "art_rooms"};
    return k >= 0 && k < JH_NRESOURCES ? names[k] : NULL;
}

bool jh_level_parse(const char *s, jh_level *out)
{
    if (strcasecmp(s, "primary") == 0 || strcmp(s, "小学") == 0) {
        *out = JH_PRIMARY;
        return true;
    }
    if (strcasecmp(s, "junior") == 0 || strcmp(s, "初中") == 0) {
        *out = JH_JUNIOR;
        return true;
    }
    return false;
}

void jh_county_free(jh_county *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_schools; i++) {
        free(c->schools[i].id);
        free(c->schools[i].name);
        free(c->schools[i].district);
    }
    free(c->schools);
    for (size_t i = 0; i < c->n_villages; i++) {
        free(c->villages[i].id);
        free(c->villages[i].name);
    }
    free(c->villages);
    if (c->teacher_ids)
        jh_text_pool_free(c->teacher_ids); /* every id at once */
    else
        for (size_t i = 0; i < c->n_teachers; i++)
            free(c->teachers[i].id);
    free(c->teachers);
    jh_projection_table_free(&c->proj);
    free(c->moves);
    free(c->od.start);
    free(c->od.school);
    free(c->od.cost);
    for (size_t i = 0; i < c->n_boundaries; i++) {
        free(c->boundaries[i].name);
        free(c->boundaries[i].xy);
        free(c->boundaries[i].ring_end);
    }
    free(c->boundaries);
    jh_warnings_free(&c->warnings);
    for (int l = 0; l < 2; l++) {
        for (size_t k = 0; c->field_source[l] && k < c->n_field_source[l]; k++)
            free(c->field_source[l][k]);
        free(c->field_source[l]);
    }
    idmap_free(c->school_index);
    idmap_free(c->village_index);
    memset(c, 0, sizeof *c);
}
