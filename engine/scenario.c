/*
 * scenario.c: the scenario data model's own functions (see scenario.h):
 * the defaults every scenario starts from, the name of an intervention kind,
 * and freeing what a scenario owns.
 *
 * Why here and not with the parser: the defaults and the free belong to the
 * data (a county built in code, the optimiser's plan and the tests use them
 * too), and keeping them free of YAML lets every room below the simulation
 * rely on a scenario without depending on how one is read or written
 * (sim/scenario_io.h).
 */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

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
    r->staffing_per_class[JH_PRIMARY] = 1.7;
    r->staffing_per_class[JH_JUNIOR] = 2.7;
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
    r->music_art_full_groups = false;
    r->rotation_share_min = 0.10;
    r->rotation_backbone_share_min = 0.20;
    r->promotion_rate = 1.0;
    r->transition_rate = 1.0;
    r->intake_rate = 1.0;
    for (int a = 0; a < JH_NAREAS; a++) {
        r->birth_rate_per1000[a] = 6.4; /* national rate of 2023 */
        r->migration_rate[a] = 0;
    }
    r->retirement_age = 60;
    r->distance_minutes = false;
    r->unit_costs.building_m2_yuan = 3500;
    r->unit_costs.sports_m2_yuan = 400;
    r->unit_costs.classroom_wan = 55;
    r->unit_costs.multimedia_room_wan = 3;
    r->unit_costs.bed_wan = 2.5;
    r->unit_costs.teacher_wan = 10;
    r->unit_costs.public_funds_yuan[JH_PRIMARY] = 650;
    r->unit_costs.public_funds_yuan[JH_JUNIOR] = 850;
    r->unit_costs.public_funds_min_students = 100;
    r->unit_costs.boarding_subsidy_yuan[JH_PRIMARY] = 1000;
    r->unit_costs.boarding_subsidy_yuan[JH_JUNIOR] = 1250;
    r->unit_costs.transport_yuan = 1500;
}

void jh_teacher_policy_default(jh_teacher_policy *t)
{
    memset(t, 0, sizeof *t);
    t->rotation = false;
    t->share_of_eligible = 0.10;
    t->backbone_share = 0.20;
    t->min_years = 6;
    t->method = JH_ROTATE_RULE;
    t->mode = JH_MODE_SECONDMENT;
    t->term_years = 3;
    t->within_district = false;
    t->cross_level = false;
    t->hiring_per_year = 0;
    t->replace_retirees = true;
    t->above_degree_share = 0.95;
    t->backbone_hire_share = 0;
    t->pe_art_per_year = 0;
    t->fill_pe_art = false;
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
    q->min_students = -1;
    q->max_share_beyond = -1;
}

void jh_scenario_set_defaults(jh_scenario *s)
{
    jh_rules_default(&s->rules);
    jh_teacher_policy_default(&s->teachers);
    s->assessed.satisfaction_min = 0.85;
    consolidation_default(&s->consolidation);
    memset(&s->schedule, 0, sizeof s->schedule);
    s->schedule.max_evaluations = 300;
    s->schedule.exhaustive_max = 4096;
    s->standard = JH_STANDARD_QUALITY;
    s->assignment = JH_ASSIGN_NEAREST_WITH_CAPACITY;
    jh_travel_rules_default(&s->travel);
}

/* Chinese road classes (公路工程技术标准 JTG B01 design speeds, lowered to
 * what a school trip averages) */
static const struct { const char *cls; double kmh; } default_speeds[] = {
    {"expressway", 80}, {"national", 60}, {"provincial", 50}, {"county", 40},
    {"township", 30},   {"village", 20},  {"path", 5},        {"default", 30}};

bool jh_travel_rules_default(jh_travel_rules *t)
{
    memset(t, 0, sizeof *t);
    t->snap_m = 1.0;
    t->mode[JH_PRIMARY] = JH_TRAVEL_WALK;
    t->mode[JH_JUNIOR] = JH_TRAVEL_BUS;
    t->walk_kmh = 4.5;
    t->bike_kmh = 12.0;
    t->search_factor = 3.0;
    t->connector_warn_m = 500.0;
    size_t n = sizeof default_speeds / sizeof default_speeds[0];
    t->speeds = calloc(n, sizeof *t->speeds);
    if (!t->speeds)
        return false;
    for (size_t i = 0; i < n; i++) {
        t->speeds[i].road_class = strdup(default_speeds[i].cls);
        t->speeds[i].kmh = default_speeds[i].kmh;
        t->n_speeds++;
        if (!t->speeds[i].road_class)
            return false;
    }
    return true;
}

void jh_travel_rules_free(jh_travel_rules *t)
{
    free(t->roads_path);
    for (size_t i = 0; i < t->n_speeds; i++)
        free(t->speeds[i].road_class);
    free(t->speeds);
    memset(t, 0, sizeof *t);
}

const char *jh_travel_mode_name(jh_travel_mode m)
{
    static const char *const names[] = {"walk", "bike", "bus"};
    return (unsigned)m < JH_NTRAVEL_MODES ? names[m] : "?";
}

const char *jh_intervention_kind_name(jh_intervention_kind k)
{
    static const char *const names[] = {"close", "merge", "convert", "expand",
                                        "build", "keep_teaching_point", "add_beds",
                                        "catchment", "hire"};
    if ((int)k < 0 || (size_t)k >= sizeof names / sizeof names[0])
        return "unknown";
    return names[k];
}

void jh_scenario_free(jh_scenario *s)
{
    if (!s)
        return;
    jh_warnings_free(&s->warnings);
    free(s->name);
    free(s->path);
    free(s->dir);
    free(s->schools_path);
    free(s->villages_path);
    free(s->projections_path);
    free(s->teachers_path);
    free(s->travel_costs_path);
    free(s->migration_path);
    free(s->boundaries_path);
    free(s->crs);
    jh_travel_rules_free(&s->travel);
    for (size_t i = 0; i < s->n_inflows; i++)
        free(s->inflows[i].village);
    free(s->inflows);
    for (size_t i = 0; i < s->n_fields; i++) {
        free(s->fields[i].canonical);
        free(s->fields[i].layer_field);
    }
    free(s->fields);
    for (size_t i = 0; i < s->n_values; i++) {
        free(s->values[i].field);
        free(s->values[i].from);
        free(s->values[i].to);
    }
    free(s->values);
    for (size_t i = 0; i < s->n_where; i++) {
        free(s->where[i].column);
        for (size_t k = 0; k < s->where[i].n_values; k++)
            free(s->where[i].values[k]);
        free(s->where[i].values);
    }
    free(s->where);
    free(s->geometry_x);
    free(s->geometry_y);
    for (size_t i = 0; i < s->n_tables; i++) {
        jh_stat_table *t = &s->tables[i];
        free(t->path);
        free(t->sheet);
        free(t->key);
        for (size_t k = 0; k < t->n_fields; k++) {
            free(t->fields[k].canonical);
            free(t->fields[k].layer_field);
        }
        free(t->fields);
    }
    free(s->tables);
    for (size_t i = 0; i < s->n_interventions; i++) {
        jh_intervention *iv = &s->interventions[i];
        for (size_t k = 0; k < iv->n_ids; k++)
            free(iv->ids[k]);
        free(iv->ids);
        for (size_t k = 0; k < iv->n_split; k++)
            free(iv->split_ids[k]);
        free(iv->split_ids);
        free(iv->split_students);
        free(iv->target);
        free(iv->level_to[0]);
        free(iv->level_to[1]);
        free(iv->build.id);
        free(iv->build.name);
        free(iv->build.district);
    }
    free(s->interventions);
    for (size_t i = 0; i < s->consolidation.n_fixed; i++)
        free(s->consolidation.fixed[i]);
    free(s->consolidation.fixed);
    for (size_t i = 0; i < s->schedule.n_candidates; i++)
        free(s->schedule.candidates[i].school);
    free(s->schedule.candidates);
    for (size_t i = 0; i < s->schedule.n_fixed; i++)
        free(s->schedule.fixed[i]);
    free(s->schedule.fixed);
    memset(s, 0, sizeof *s);
}

jh_intervention *jh_scenario_add_intervention(jh_scenario *s)
{
    jh_intervention *v = realloc(s->interventions, (s->n_interventions + 1) * sizeof *v);
    if (!v)
        return NULL;
    s->interventions = v;
    jh_intervention *iv = &v[s->n_interventions++];
    memset(iv, 0, sizeof *iv);
    return iv;
}
