/*
 * schedule_out.c: summary.json optimisation.schedule and schedule.csv.
 */
#include "output/schedule_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output/format.h"

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static const char *kind_name(jh_project_kind k) { return jh_schedule_project_kind_name(k); }

static json_t *project_json(const jh_schedule_project *p)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = json_object_set_new(o, "year", p->year ? json_integer(p->year) : json_null());
    bad |= json_object_set_new(o, "school", json_string(p->school_id));
    bad |= json_object_set_new(o, "project", json_string(kind_name(p->kind)));
    bad |= json_object_set_new(o, "in_use", p->year ? json_integer(jh_schedule_in_use(p)) : json_null());
    bad |= json_object_set_new(o, "classrooms", json_integer(p->classrooms));
    bad |= json_object_set_new(o, "capacity", json_integer(p->capacity));
    bad |= json_object_set_new(o, "building_m2", num(p->add.building_m2));
    bad |= json_object_set_new(o, "sports_m2", num(p->add.sports_m2));
    bad |= json_object_set_new(o, "equipment_yuan", num(p->add.equipment_yuan));
    bad |= json_object_set_new(o, "multimedia_rooms", num(p->add.multimedia_rooms));
    bad |= json_object_set_new(o, "music_art_rooms", num(p->add.music_rooms + p->add.art_rooms));
    bad |= json_object_set_new(o, "teachers", num(p->add.teachers));
    bad |= json_object_set_new(o, "t_above_degree", num(p->add.t_above_degree));
    bad |= json_object_set_new(o, "t_backbone", num(p->add.t_backbone));
    bad |= json_object_set_new(o, "t_pe_art", num(p->add.t_pe_art));
    bad |= json_object_set_new(o, "cost_wan", num(p->cost_wan));
    bad |= json_object_set_new(o, "pay_wan", num(p->pay_wan));
    bad |= json_object_set_new(o, "lead_years", json_integer(p->lead_years));
    json_t *st = json_array();
    bad |= !st;
    for (int j = 0; st && j < p->n_stages; j++)
        bad |= json_array_append_new(st, num(p->stage_wan[j]));
    bad |= json_object_set_new(o, "stages_wan", st);
    bad |= json_object_set_new(o, "line", p->line ? json_integer(p->line) : json_null());
    bad |= json_object_set_new(o, "fixes", json_string(p->fixes));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *jh_output_schedule_json(const jh_schedule_result *res)
{
    json_t *o = json_object(), *targets = json_object(), *budget = json_object(),
           *spend = json_object(), *pay = json_object(), *projects = json_array();
    int bad = !o || !targets || !budget || !spend || !pay || !projects;
    for (int t = 0; !bad && t < JH_NTARGETS; t++) {
        if (!res->by[t])
            continue;
        int met = res->score.year_met[t];
        json_t *e = json_object();
        bad |= !e;
        bad |= json_object_set_new(e, "by", json_integer(res->by[t]));
        bad |= json_object_set_new(e, "year_met", met ? json_integer(met) : json_null());
        bad |= json_object_set_new(e, "baseline_year_met",
                                   res->baseline.year_met[t] ? json_integer(res->baseline.year_met[t])
                                                             : json_null());
        bad |= json_object_set_new(e, "met", json_boolean(met && met <= res->by[t]));
        bad |= json_object_set_new(e, "why", res->why[t][0] ? json_string(res->why[t]) : json_null());
        bad |= json_object_set_new(e, "short_wan", res->short_wan[t] > 0 ? num(res->short_wan[t]) : json_null());
        bad |= json_object_set_new(e, "uncovered", res->uncovered[t][0] ? json_string(res->uncovered[t]) : json_null());
        bad |= json_object_set_new(targets, jh_schedule_target_names[t], e);
    }
    for (int k = 0; !bad && k < res->n_years; k++) {
        char y[16];
        snprintf(y, sizeof y, "%d", res->years[k]);
        bad |= json_object_set_new(budget, y, num(res->budget_wan[k]));
        bad |= json_object_set_new(spend, y, num(res->spend_wan[k]));
        double paid = 0;
        for (size_t i = 0; i < res->n_projects; i++)
            if (res->projects[i].kind == JH_PROJ_TEACHERS)
                paid += jh_schedule_project_spend(res, &res->projects[i], k);
        bad |= json_object_set_new(pay, y, num(paid));
    }
    size_t scheduled = 0;
    for (int k = 0; !bad && k < res->n_years; k++)
        for (size_t i = 0; i < res->n_projects; i++)
            if (res->projects[i].year == res->years[k]) {
                scheduled++;
                json_t *p = project_json(&res->projects[i]);
                bad |= !p || json_array_append_new(projects, p);
            }
    if (bad) {
        json_decref(o);
        json_decref(targets);
        json_decref(budget);
        json_decref(spend);
        json_decref(pay);
        json_decref(projects);
        return NULL;
    }
    bad |= json_object_set_new(o, "targets", targets);
    bad |= json_object_set_new(o, "budget_wan", budget);
    bad |= json_object_set_new(o, "spend_wan", spend);
    bad |= json_object_set_new(o, "pay_wan", pay);
    bad |= json_object_set_new(o, "carry", json_boolean(res->carry));
    bad |= json_object_set_new(o, "cost_wan", num(res->score.cost_wan));
    bad |= json_object_set_new(o, "candidates", json_integer((json_int_t)res->n_projects));
    bad |= json_object_set_new(o, "scheduled", json_integer((json_int_t)scheduled));
    bad |= json_object_set_new(o, "evaluations", json_integer(res->evaluations));
    bad |= json_object_set_new(o, "exhaustive", json_boolean(res->exhaustive));
    bad |= json_object_set_new(o, "projects", projects);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static void put_num(FILE *f, double v)
{
    char buf[64];
    jh_output_format_short(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

static void put_row(FILE *f, const jh_schedule_project *p)
{
    if (p->year)
        fprintf(f, "%d", p->year);
    fputc(',', f);
    jh_csv_field(f, p->school_id);
    fputc(',', f);
    jh_csv_field(f, kind_name(p->kind));
    fputc(',', f);
    if (p->year)
        fprintf(f, "%d", jh_schedule_in_use(p));
    put_num(f, p->classrooms);
    put_num(f, p->capacity);
    put_num(f, p->add.building_m2);
    put_num(f, p->add.sports_m2);
    put_num(f, p->add.equipment_yuan);
    put_num(f, p->add.multimedia_rooms);
    put_num(f, p->add.music_rooms + p->add.art_rooms);
    put_num(f, p->add.teachers);
    put_num(f, p->add.t_above_degree);
    put_num(f, p->add.t_backbone);
    put_num(f, p->add.t_pe_art);
    put_num(f, p->cost_wan);
    put_num(f, p->pay_wan);
    put_num(f, p->lead_years);
    fputc(',', f);
    for (int j = 0; j < p->n_stages; j++) {
        char buf[64];
        jh_output_format_short(buf, sizeof buf, p->stage_wan[j]);
        fprintf(f, "%s%s", j ? ";" : "", buf);
    }
    fputc(',', f);
    jh_csv_field(f, p->fixes);
    fputc('\n', f);
}

jh_status jh_output_write_schedule_csv(const jh_schedule_result *res, const char *path, jh_error *err)
{
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("year,school,project,in_use,classrooms,capacity,building_m2,sports_m2,equipment_yuan,"
          "multimedia_rooms,music_art_rooms,teachers,t_above_degree,t_backbone,t_pe_art,cost_wan,"
          "pay_wan,lead_years,stages_wan,fixes\n",
          f);
    for (int k = 0; k < res->n_years; k++)
        for (size_t i = 0; i < res->n_projects; i++)
            if (res->projects[i].year == res->years[k])
                put_row(f, &res->projects[i]);
    for (size_t i = 0; i < res->n_projects; i++)
        if (!res->projects[i].year)
            put_row(f, &res->projects[i]);
    return jh_output_close(f, path, err);
}
