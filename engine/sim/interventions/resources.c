/*
 * resources.c: what an expand, a build or an add_beds entry adds to a
 * school (the fields of jh_resources), read, written and added in one
 * place so the three kinds agree on the keys and their order.
 */
#include "sim/interventions/interventions.h"

#include <math.h>
#include <stddef.h>

/* The keys of JH_IV_RESOURCE_KEYS and where each lives in jh_resources. */
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

static double *resource_field(jh_resources *r, size_t k)
{
    return (double *)((char *)r + resource_keys[k].offset);
}

jh_status jh_iv_parse_resources(jh_yaml_reader *c, yaml_node_t *map, jh_resources *r)
{
    for (size_t k = 0; k < N_RESOURCE_KEYS; k++) {
        jh_status st = jh_yaml_num_key(c, map, resource_keys[k].key, resource_keys[k].key, 0,
                                       INFINITY, false, resource_field(r, k));
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}

void jh_iv_write_resources(jh_yaml_writer *w, const jh_resources *r)
{
    for (size_t k = 0; k < N_RESOURCE_KEYS; k++) {
        double v = *resource_field((jh_resources *)r, k);
        if (v != 0)
            jh_yaml_put_kn(w, resource_keys[k].key, v);
    }
}

void jh_iv_add_resources(jh_resources *to, const jh_resources *add)
{
    to->teachers += add->teachers;
    to->t_above_degree += add->t_above_degree;
    to->t_backbone += add->t_backbone;
    to->t_pe_art += add->t_pe_art;
    to->t_senior_title += add->t_senior_title;
    to->building_m2 += add->building_m2;
    to->sports_m2 += add->sports_m2;
    to->equipment_yuan += add->equipment_yuan;
    to->multimedia_rooms += add->multimedia_rooms;
    to->computers += add->computers;
    to->books += add->books;
    to->boarding_beds += add->boarding_beds;
    to->music_rooms += add->music_rooms;
    to->art_rooms += add->art_rooms;
}
