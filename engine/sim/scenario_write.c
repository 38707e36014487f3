/*
 * scenario_write.c: writes a scenario back as YAML (see sim/scenario_io.h),
 * such that reading the file gives the same scenario. It is how the
 * optimiser's proposal becomes plan.yaml, an ordinary scenario a planner
 * can read, edit and run.
 *
 * Only what differs from the defaults is written under `rules`; each
 * intervention kind writes its own entry (sim/interventions/); data paths
 * are made relative to the folder the new file will live in. libyaml's
 * emitter writes into memory, then a temporary file is renamed into place,
 * so a failed write never leaves half a plan behind.
 */
#include "sim/scenario_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "sim/interventions/interventions.h"
#include "sim/scenario_migration.h"
#include "sim/scenario_data.h"
#include "sim/scenario_roads.h"
#include "sim/scenario_yaml.h"

/* A data path, relative to the folder of the new file when possible. */
static void w_path(jh_yaml_writer *w, const char *k, const char *p, const char *out_dir)
{
    if (!p)
        return;
    if (!p[0]) {
        jh_yaml_put_kv(w, k, p);
        return;
    }
    char *rel = jh_path_relative(out_dir, p);
    jh_yaml_put_kv(w, k, rel ? rel : p);
    free(rel);
}

/* ---- rules ---------------------------------------------------------- */

/* The `rules` map is opened before its first entry, so that a scenario with
 * default rules has no `rules` key at all. */
typedef struct rules_writer {
    jh_yaml_writer *w;
    bool open;
} rules_writer;

static void rules_open(rules_writer *rw)
{
    if (!rw->open) {
        rw->open = true;
        jh_yaml_put_str(rw->w, "rules");
        jh_yaml_put_map(rw->w, false);
    }
}

/* A map of named numbers ({primary: X, junior: Y[, combined: Z]} or
 * {urban, town, rural}) with only the entries that differ from the
 * defaults; nothing when none does. */
static void w_rule_named(rules_writer *rw, const char *k, const char *const *names,
                         const double *v, const double *def, int n)
{
    bool any = false;
    for (int i = 0; i < n; i++)
        any |= v[i] != def[i];
    if (!any)
        return;
    rules_open(rw);
    jh_yaml_put_str(rw->w, k);
    jh_yaml_put_map(rw->w, true);
    for (int i = 0; i < n; i++)
        if (v[i] != def[i])
            jh_yaml_put_kn(rw->w, names[i], v[i]);
    jh_yaml_put_map_end(rw->w);
}

static void w_rule_levels(rules_writer *rw, const char *k, const double *v, const double *def, int n)
{
    static const char *const names[] = {"primary", "junior", "combined"};
    w_rule_named(rw, k, names, v, def, n);
}

static void w_rule_areas(rules_writer *rw, const char *k, const double *v, const double *def)
{
    static const char *const names[] = {"urban", "town", "rural"};
    w_rule_named(rw, k, names, v, def, JH_NAREAS);
}

static void w_rule(rules_writer *rw, const char *k, double v, double def)
{
    if (v != def) {
        rules_open(rw);
        jh_yaml_put_kn(rw->w, k, v);
    }
}

/* rules.unit_costs: only the entries that differ from the defaults;
 * nothing when none does. */
static void w_unit_costs(rules_writer *rw, const jh_unit_costs *u, const jh_unit_costs *d)
{
    if (memcmp(u, d, sizeof *u) == 0)
        return;
    const struct {
        const char *k;
        double v, def;
    } one[] = {
        {"building_m2_yuan", u->building_m2_yuan, d->building_m2_yuan},
        {"sports_m2_yuan", u->sports_m2_yuan, d->sports_m2_yuan},
        {"classroom_wan", u->classroom_wan, d->classroom_wan},
        {"multimedia_room_wan", u->multimedia_room_wan, d->multimedia_room_wan},
        {"bed_wan", u->bed_wan, d->bed_wan},
        {"teacher_wan", u->teacher_wan, d->teacher_wan},
        {"public_funds_min_students", u->public_funds_min_students, d->public_funds_min_students},
        {"transport_yuan", u->transport_yuan, d->transport_yuan},
    };
    static const char *const names[] = {"primary", "junior"};
    rules_open(rw);
    jh_yaml_put_str(rw->w, "unit_costs");
    jh_yaml_put_map(rw->w, false);
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        if (one[i].v != one[i].def)
            jh_yaml_put_kn(rw->w, one[i].k, one[i].v);
    const struct {
        const char *k;
        const double *v, *def;
    } two[] = {
        {"public_funds_yuan", u->public_funds_yuan, d->public_funds_yuan},
        {"boarding_subsidy_yuan", u->boarding_subsidy_yuan, d->boarding_subsidy_yuan},
    };
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++) {
        if (two[i].v[0] == two[i].def[0] && two[i].v[1] == two[i].def[1])
            continue;
        jh_yaml_put_str(rw->w, two[i].k);
        jh_yaml_put_map(rw->w, true);
        for (int l = 0; l < JH_NLEVELS; l++)
            if (two[i].v[l] != two[i].def[l])
                jh_yaml_put_kn(rw->w, names[l], two[i].v[l]);
        jh_yaml_put_map_end(rw->w);
    }
    jh_yaml_put_map_end(rw->w);
}

/* The rules that differ from jh_rules_default (none: no `rules` key). */
static void w_rules(jh_yaml_writer *w, const jh_rules *r, const jh_scenario *s)
{
    jh_rules d;
    jh_rules_default(&d);
    rules_writer rw = {w, false};
    double v2[3], d2[3];
    v2[0] = r->class_size[0], v2[1] = r->class_size[1];
    d2[0] = d.class_size[0], d2[1] = d.class_size[1];
    w_rule_levels(&rw, "class_size", v2, d2, 2);
    w_rule(&rw, "large_class_min", r->large_class_min, d.large_class_min);
    w_rule(&rw, "super_large_class_min", r->super_large_class_min, d.super_large_class_min);
    w_rule_levels(&rw, "distance_km", r->distance_km, d.distance_km, 2);
    v2[0] = r->school_size_max[0], v2[1] = r->school_size_max[1], v2[2] = r->school_size_max_combined;
    d2[0] = d.school_size_max[0], d2[1] = d.school_size_max[1], d2[2] = d.school_size_max_combined;
    w_rule_levels(&rw, "school_size_max", v2, d2, 3);
    w_rule_levels(&rw, "staffing_norm", r->staffing_norm, d.staffing_norm, 2);
    w_rule_levels(&rw, "staffing_per_class", r->staffing_per_class, d.staffing_per_class, 2);
    w_rule(&rw, "boarding_extra_posts_per100_beds", r->boarding_extra_posts_per100_beds,
           d.boarding_extra_posts_per100_beds);
    w_rule(&rw, "teaching_point_min_students", r->teaching_point_min_students,
           d.teaching_point_min_students);
    if (memcmp(r->quality_min, d.quality_min, sizeof d.quality_min) != 0) {
        static const char *const levels[] = {"primary", "junior"};
        rules_open(&rw);
        jh_yaml_put_str(w, "quality_standard");
        jh_yaml_put_map(w, false);
        for (int l = 0; l < JH_NLEVELS; l++) {
            if (memcmp(r->quality_min[l], d.quality_min[l], sizeof d.quality_min[l]) == 0)
                continue;
            jh_yaml_put_str(w, levels[l]);
            jh_yaml_put_map(w, true);
            for (int q = 0; q < JH_NQUALITY; q++)
                w_rule(&rw, jh_yaml_quality_keys[q], r->quality_min[l][q], d.quality_min[l][q]);
            jh_yaml_put_map_end(w);
        }
        jh_yaml_put_map_end(w);
    }
    if (r->compliance_min_reached != d.compliance_min_reached || r->compliance_floor != d.compliance_floor) {
        rules_open(&rw);
        jh_yaml_put_str(w, "compliance");
        jh_yaml_put_map(w, true);
        w_rule(&rw, "min_reached", r->compliance_min_reached, d.compliance_min_reached);
        w_rule(&rw, "floor", r->compliance_floor, d.compliance_floor);
        jh_yaml_put_map_end(w);
    }
    if (memcmp(r->cv_limit_quality, d.cv_limit_quality, sizeof d.cv_limit_quality) != 0 ||
        memcmp(r->cv_limit_basic, d.cv_limit_basic, sizeof d.cv_limit_basic) != 0) {
        rules_open(&rw);
        jh_yaml_put_str(w, "cv_limit");
        jh_yaml_put_map(w, true);
        w_rule_levels(&rw, "quality", r->cv_limit_quality, d.cv_limit_quality, 2);
        w_rule_levels(&rw, "basic", r->cv_limit_basic, d.cv_limit_basic, 2);
        jh_yaml_put_map_end(w);
    }
    if (r->weight_junior_nine_year != d.weight_junior_nine_year ||
        r->weight_senior_complete != d.weight_senior_complete ||
        r->weight_junior_twelve != d.weight_junior_twelve ||
        r->weight_senior_twelve != d.weight_senior_twelve) {
        rules_open(&rw);
        jh_yaml_put_str(w, "weights");
        jh_yaml_put_map(w, true);
        w_rule(&rw, "junior_nine_year", r->weight_junior_nine_year, d.weight_junior_nine_year);
        w_rule(&rw, "senior_complete", r->weight_senior_complete, d.weight_senior_complete);
        w_rule(&rw, "junior_twelve", r->weight_junior_twelve, d.weight_junior_twelve);
        w_rule(&rw, "senior_twelve", r->weight_senior_twelve, d.weight_senior_twelve);
        jh_yaml_put_map_end(w);
    }
    w_rule(&rw, "music_art_rooms_per_classes", r->music_art_rooms_per_classes, d.music_art_rooms_per_classes);
    w_rule(&rw, "promotion_rate", r->promotion_rate, d.promotion_rate);
    w_rule(&rw, "transition_rate", r->transition_rate, d.transition_rate);
    w_rule(&rw, "intake_rate", r->intake_rate, d.intake_rate);
    w_rule_areas(&rw, "birth_rate_per1000", r->birth_rate_per1000, d.birth_rate_per1000);
    w_rule_areas(&rw, "migration_rate", r->migration_rate, d.migration_rate);
    w_rule(&rw, "retirement_age", r->retirement_age, d.retirement_age);
    if (r->music_art_full_groups != d.music_art_full_groups) {
        rules_open(&rw);
        jh_yaml_put_kv(w, "music_art_rounding",
                       r->music_art_full_groups ? "per_full_group" : "per_started_group");
    }
    w_rule(&rw, "rotation_share_min", r->rotation_share_min, d.rotation_share_min);
    w_rule(&rw, "rotation_backbone_share_min", r->rotation_backbone_share_min,
           d.rotation_backbone_share_min);
    w_unit_costs(&rw, &r->unit_costs, &d.unit_costs);
    if (s->travel.speeds_given) {
        rules_open(&rw);
        jh_scenario_write_road_speeds(w, s);
    }
    if (rw.open)
        jh_yaml_put_map_end(w);
}

/* ---- interventions -------------------------------------------------- */

/* One entry: its year, what its kind writes (sim/interventions/), and its
 * cost when the kind has one. */
static void w_intervention(jh_yaml_writer *w, const jh_intervention *iv)
{
    const jh_iv_kind *kind = jh_iv_kind_of(iv->kind);
    jh_yaml_put_map(w, true);
    jh_yaml_put_kn(w, "year", iv->year);
    if (kind) {
        kind->write(w, iv);
        if (iv->cost_wan != 0 && jh_yaml_in_list(kind->keys, "cost_wan"))
            jh_yaml_put_kn(w, "cost_wan", iv->cost_wan);
        if (iv->stage && jh_yaml_in_list(kind->keys, "stage"))
            jh_yaml_put_kn(w, "stage", iv->stage);
    }
    jh_yaml_put_map_end(w);
}

/* ---- the whole file ------------------------------------------------- */

static void w_fields(jh_yaml_writer *w, const jh_scenario *s)
{
    if (s->n_fields == 0)
        return;
    bool split = false;
    for (size_t i = 0; i < s->n_fields; i++)
        split |= s->fields[i].layer != 0;
    jh_yaml_put_str(w, "fields");
    if (!split) {
        jh_yaml_put_map(w, true);
        for (size_t i = 0; i < s->n_fields; i++)
            jh_yaml_put_kv(w, s->fields[i].canonical, s->fields[i].layer_field);
        jh_yaml_put_map_end(w);
        return;
    }
    /* a flat entry among layer entries applies to both layers */
    static const char *const layers[] = {"schools", "villages", "teachers", "projections", "od"};
    jh_yaml_put_map(w, false);
    for (int l = 1; l <= 5; l++) {
        bool any = false;
        for (size_t i = 0; i < s->n_fields; i++)
            any |= (s->fields[i].layer == 0 && l <= 2) || s->fields[i].layer == l;
        if (!any)
            continue;
        jh_yaml_put_str(w, layers[l - 1]);
        jh_yaml_put_map(w, true);
        for (size_t i = 0; i < s->n_fields; i++)
            if ((s->fields[i].layer == 0 && l <= 2) || s->fields[i].layer == l)
                jh_yaml_put_kv(w, s->fields[i].canonical, s->fields[i].layer_field);
        jh_yaml_put_map_end(w);
    }
    jh_yaml_put_map_end(w);
}

static void w_scenario(jh_yaml_writer *w, const jh_scenario *s, const char *out_dir)
{
    static const char *const standards[] = {"quality", "basic"};
    static const char *const assignments[] = {"nearest_with_capacity", "catchment", "nearest"};
    yaml_event_t e;
    jh_yaml_put_event(w, &e, yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING));
    jh_yaml_put_event(w, &e, yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1));
    jh_yaml_put_map(w, false);
    jh_yaml_put_kv(w, "name", s->name ? s->name : "");

    jh_yaml_put_str(w, "data");
    jh_yaml_put_map(w, false);
    w_path(w, "schools", s->schools_path ? s->schools_path : "", out_dir);
    w_path(w, "villages", s->villages_path ? s->villages_path : "", out_dir);
    w_path(w, "projections", s->projections_path, out_dir);
    w_path(w, "teachers", s->teachers_path, out_dir);
    w_path(w, "travel_costs", s->travel_costs_path, out_dir);
    w_path(w, "migration", s->migration_path, out_dir);
    w_path(w, "boundaries", s->boundaries_path, out_dir);
    jh_scenario_write_road_data(w, s, out_dir);
    if (s->rules.distance_minutes)
        jh_yaml_put_kv(w, "travel_cost_units", "minutes");
    if (s->crs)
        jh_yaml_put_kv(w, "crs", s->crs);
    w_fields(w, s);
    jh_scenario_write_data_maps(w, s, out_dir);
    jh_yaml_put_map_end(w);

    jh_yaml_put_str(w, "horizon");
    jh_yaml_put_map(w, true);
    jh_yaml_put_kn(w, "start", s->start_year);
    jh_yaml_put_kn(w, "end", s->end_year);
    jh_yaml_put_map_end(w);
    jh_yaml_put_kv(w, "standard", standards[s->standard == JH_STANDARD_BASIC]);
    jh_yaml_put_kv(w, "assignment", (unsigned)s->assignment < 3 ? assignments[s->assignment] : assignments[0]);
    w_rules(w, &s->rules, s);
    jh_scenario_write_travel(w, s);

    if (s->n_interventions > 0) {
        jh_yaml_put_str(w, "interventions");
        jh_yaml_put_seq(w, false);
        for (size_t i = 0; i < s->n_interventions; i++)
            w_intervention(w, &s->interventions[i]);
        jh_yaml_put_seq_end(w);
    }

    const jh_teacher_policy *t = &s->teachers;
    jh_teacher_policy td;
    jh_teacher_policy_default(&td);
    bool hiring = t->hiring_given || t->hiring_per_year != td.hiring_per_year ||
                  t->replace_retirees != td.replace_retirees ||
                  t->above_degree_share != td.above_degree_share ||
                  t->backbone_hire_share != td.backbone_hire_share ||
                  t->pe_art_per_year != td.pe_art_per_year || t->fill_pe_art ||
                  t->hiring_priority != td.hiring_priority;
    bool progression = t->backbone_rate != 0 || t->senior_title_rate != 0 ||
                       t->senior_title_requires_rural_years != 0;
    if (t->rotation || hiring || progression) {
        static const char *const modes[] = {"secondment", "exchange", "transfer"};
        static const char *const prios[] = {"rural_first", "largest_shortfall", "weakest_first"};
        jh_yaml_put_str(w, "teachers");
        jh_yaml_put_map(w, false);
        if (t->rotation) {
            jh_yaml_put_str(w, "rotation");
            jh_yaml_put_map(w, true);
            jh_yaml_put_kn(w, "share_of_eligible", t->share_of_eligible);
            jh_yaml_put_kn(w, "backbone_share", t->backbone_share);
            jh_yaml_put_kn(w, "min_years", t->min_years);
            jh_yaml_put_kv(w, "method", t->method == JH_ROTATE_OPTIMISE ? "optimise" : "rule");
            jh_yaml_put_kv(w, "mode", modes[(unsigned)t->mode < 3 ? t->mode : 0]);
            jh_yaml_put_kn(w, "term_years", t->term_years);
            jh_yaml_put_kv(w, "within", t->within_district ? "district" : "county");
            jh_yaml_put_kv(w, "cross_level", t->cross_level ? "true" : "false");
            jh_yaml_put_map_end(w);
        }
        if (hiring) {
            jh_yaml_put_str(w, "hiring");
            jh_yaml_put_map(w, true);
            jh_yaml_put_kn(w, "per_year", t->hiring_per_year);
            jh_yaml_put_kv(w, "replace_retirees", t->replace_retirees ? "true" : "false");
            jh_yaml_put_kn(w, "above_degree_share", t->above_degree_share);
            jh_yaml_put_kn(w, "backbone", t->backbone_hire_share);
            jh_yaml_put_kn(w, "pe_art_per_year", t->pe_art_per_year);
            if (t->fill_pe_art)
                jh_yaml_put_kv(w, "to_fill", "pe_art");
            jh_yaml_put_kv(w, "to", prios[(unsigned)t->hiring_priority < 3 ? t->hiring_priority : 0]);
            jh_yaml_put_map_end(w);
        }
        if (progression) {
            jh_yaml_put_str(w, "progression");
            jh_yaml_put_map(w, true);
            jh_yaml_put_kn(w, "backbone_per_year", t->backbone_rate);
            jh_yaml_put_kn(w, "senior_title_per_year", t->senior_title_rate);
            jh_yaml_put_kn(w, "senior_title_requires_rural_years", t->senior_title_requires_rural_years);
            jh_yaml_put_map_end(w);
        }
        jh_yaml_put_map_end(w);
    }

    const jh_consolidation_request *q = &s->consolidation;
    if (q->requested) {
        jh_yaml_put_str(w, "optimise");
        jh_yaml_put_map(w, false);
        jh_yaml_put_str(w, "consolidation");
        jh_yaml_put_map(w, true);
        jh_yaml_put_kn(w, "year", q->year);
        jh_yaml_put_kv(w, "level", jh_level_name(q->level));
        if (q->keep > 0)
            jh_yaml_put_kn(w, "keep", q->keep);
        else if (q->close_at_most >= 0)
            jh_yaml_put_kn(w, "close_at_most", q->close_at_most);
        else if (q->max_distance_km > 0)
            jh_yaml_put_kn(w, "max_distance_km", q->max_distance_km);
        if (q->n_fixed > 0) {
            jh_yaml_put_str(w, "fixed");
            jh_yaml_put_seq(w, true);
            for (size_t i = 0; i < q->n_fixed; i++)
                jh_yaml_put_str(w, q->fixed[i]);
            jh_yaml_put_seq_end(w);
        }
        jh_yaml_put_kv(w, "capacity", q->capacity_enforce ? "enforce" : "ignore");
        jh_yaml_put_kv(w, "objective", q->objective == JH_OBJ_BALANCE ? "balance" : "distance");
        jh_yaml_put_kn(w, "balance_weight", q->balance_weight);
        if (q->min_students >= 0)
            jh_yaml_put_kn(w, "min_students", q->min_students);
        if (q->max_share_beyond >= 0)
            jh_yaml_put_kn(w, "max_share_beyond", q->max_share_beyond);
        jh_yaml_put_kv(w, "phasing", q->phasing_all ? "all" : "entrants");
        jh_yaml_put_kv(w, "evaluate", q->evaluate_mean ? "mean" : "final");
        if (q->p_median)
            jh_yaml_put_kv(w, "method", "p_median");
        if (q->split_never)
            jh_yaml_put_kv(w, "split_villages", "never");
        jh_yaml_put_kn(w, "seed", (double)q->seed);
        if (q->time_limit_s != 0)
            jh_yaml_put_kn(w, "time_limit_s", q->time_limit_s);
        jh_yaml_put_map_end(w);
        jh_yaml_put_map_end(w);
    }

    const jh_assessed *a = &s->assessed;
    if (a->quality_given || a->satisfaction_given) {
        jh_yaml_put_str(w, "assessed");
        jh_yaml_put_map(w, true);
        if (a->quality_given)
            jh_yaml_put_kv(w, "quality", a->quality ? "true" : "false");
        if (a->satisfaction_given)
            jh_yaml_put_kn(w, "satisfaction", a->satisfaction);
        if (a->satisfaction_min != 0.85)
            jh_yaml_put_kn(w, "satisfaction_min", a->satisfaction_min);
        jh_yaml_put_map_end(w);
    }
    jh_scenario_write_migration(w, s);

    jh_yaml_put_map_end(w);
    jh_yaml_put_event(w, &e, yaml_document_end_event_initialize(&e, 1));
    jh_yaml_put_event(w, &e, yaml_stream_end_event_initialize(&e));
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
    jh_yaml_writer w;
    memset(&w, 0, sizeof w);
    if (!yaml_emitter_initialize(&w.em))
        return jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    yaml_emitter_set_output(&w.em, jh_yaml_writer_output, &w);
    yaml_emitter_set_unicode(&w.em, 1); /* Chinese names written as they are */
    yaml_emitter_set_width(&w.em, 100);
    yaml_emitter_set_indent(&w.em, 2);
    char *dir = out_dir ? strdup(out_dir) : jh_path_dir(path);
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
