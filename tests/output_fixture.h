/*
 * output_fixture: a small simulated run built by hand for the output tests
 * (summary.json, CSVs, report, layers, comparison), so they do not depend on
 * the simulation. Four schools (one named <script>alert(1)</script>, one
 * with a comma and quotes in its name, one nine-year school), three
 * villages, three years 2025-2027; school S2 closes in 2026 and its
 * students go to S1. The metrics of each year are computed by
 * jh_metrics_compute on the year's state; teachers, cost and first pass
 * years are set by hand.
 *
 * Hand figures: primary students 420 every year (S1 240 -> 360, S2 120 -> 0,
 * S4 60), junior 330 (S3 300, S4 30); teachers moved 3/4/5, hired 0/2/2,
 * retired 1/0/3; cost 0 / 150.5 / 80 (total 230.5); schools closed 0/1/0.
 */
#ifndef JH_OUTPUT_FIXTURE_H
#define JH_OUTPUT_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "sim/metrics.h"
#include "scenario.h"
#include "sim/simulation.h"

#define FX_HOSTILE "<script>alert(1)</script>"
#define FX_QUOTED "Town Junior, \"East\""

static inline void fx_school(jh_school *s, const char *id, const char *name, jh_school_type t,
                             jh_area a, double x, double y, int per_grade)
{
    memset(s, 0, sizeof *s);
    s->id = strdup(id);
    s->name = strdup(name);
    s->type = t;
    s->area = a;
    s->x = x;
    s->y = y;
    s->record = 0;
    s->status = JH_STATUS_OPEN;
    int g0 = jh_school_serves(t, JH_PRIMARY) ? 0 : 6;
    int g1 = jh_school_serves(t, JH_JUNIOR) ? 9 : 6;
    for (int g = g0; g < g1; g++)
        s->students[g] = per_grade;
    s->classrooms = 30;
    s->capacity = 2000;
    s->capacity_given = true;
    jh_resources *r = &s->res;
    double n = (g1 - g0) * per_grade;
    r->teachers = n / 12;
    r->t_above_degree = n / 20;
    r->t_backbone = n / 80;
    r->t_pe_art = n / 90;
    r->t_senior_title = n / 30;
    r->building_m2 = n * 6;
    r->sports_m2 = n * 9;
    r->equipment_yuan = n * 2500;
    r->multimedia_rooms = n / 40;
    r->computers = n / 8;
    r->books = n * 30;
    r->music_rooms = 1;
    r->art_rooms = 1;
}

static inline void fx_village(jh_village *v, const char *id, const char *name, double x,
                              double y)
{
    memset(v, 0, sizeof *v);
    v->id = strdup(id);
    v->name = strdup(name);
    v->area = JH_RURAL;
    v->x = x;
    v->y = y;
    v->school[0] = v->school[1] = -1;
    v->record = 0;
}

/* The year's flows: villages V1, V2 to S1 / S2 (primary), V3 to S3
 * (junior); S4's own students from its site (village -1-3); 7 unplaced
 * junior students from V2. */
static inline size_t fx_flows(jh_flow *fl, bool s2_closed)
{
    size_t n = 0;
    fl[n++] = (jh_flow){0, 0, JH_PRIMARY, 240, 1200};
    fl[n++] = (jh_flow){1, s2_closed ? 0 : 1, JH_PRIMARY, 120, s2_closed ? 4200 : 800};
    fl[n++] = (jh_flow){2, 2, JH_JUNIOR, 300, 2500};
    fl[n++] = (jh_flow){-1 - 3, 3, JH_PRIMARY, 60, 0};
    fl[n++] = (jh_flow){-1 - 3, 3, JH_JUNIOR, 30, 0};
    fl[n++] = (jh_flow){1, -1, JH_JUNIOR, 7, 0};
    return n;
}

/* Builds the run. The scenario is owned by the caller (fx_free frees it). */
static inline void fx_build(jh_run_result *r, jh_scenario *sc, const char *name)
{
    memset(r, 0, sizeof *r);
    memset(sc, 0, sizeof *sc);
    sc->name = strdup(name);
    sc->start_year = 2025;
    sc->end_year = 2027;
    sc->standard = JH_STANDARD_QUALITY;
    jh_rules_default(&sc->rules);
    r->scenario = sc;
    jh_county *c = calloc(1, sizeof *c);
    c->n_schools = 4;
    c->schools = calloc(4, sizeof *c->schools);
    fx_school(&c->schools[0], "S1", "Central Primary", JH_SCHOOL_PRIMARY, JH_URBAN, 500000,
              3400000, 40);
    fx_school(&c->schools[1], "S2", FX_HOSTILE, JH_SCHOOL_PRIMARY, JH_RURAL, 503000, 3402000,
              20);
    fx_school(&c->schools[2], "S3", FX_QUOTED, JH_SCHOOL_JUNIOR, JH_TOWN, 501000, 3398000, 100);
    fx_school(&c->schools[3], "S4", "九年一贯制学校", JH_SCHOOL_NINE_YEAR, JH_RURAL, 496000,
              3401000, 10);
    c->n_villages = 3;
    c->villages = calloc(3, sizeof *c->villages);
    fx_village(&c->villages[0], "V1", "东村", 500800, 3400600);
    fx_village(&c->villages[1], "V2", "West <b>village</b>", 503500, 3402500);
    fx_village(&c->villages[2], "V3", "南村", 501500, 3397000);
    snprintf(c->crs, sizeof c->crs, "EPSG:32650");
    r->county = c;

    r->n_years = 3;
    r->years = calloc(3, sizeof *r->years);
    const long moved[3] = {3, 4, 5}, hired[3] = {0, 2, 2}, retired[3] = {1, 0, 3};
    const double cost[3] = {0, 150.5, 80};
    jh_flow fl[8];
    for (size_t y = 0; y < 3; y++) {
        jh_year_result *yr = &r->years[y];
        yr->year = 2025 + (int)y;
        if (y == 1) { /* S2 closes, its students go to S1 */
            c->schools[1].status = JH_STATUS_CLOSED;
            for (int g = 0; g < 6; g++) {
                c->schools[0].students[g] += c->schools[1].students[g];
                c->schools[1].students[g] = 0;
            }
            yr->schools_closed = 1;
        }
        size_t nf = fx_flows(fl, y >= 1);
        jh_error err;
        if (jh_metrics_compute(&yr->metrics, c, &sc->rules, NULL, fl, nf, NULL, &err) != JH_OK)
            abort();
        yr->teachers = (jh_teacher_year){.total = 100 + (long)y,
                                         .eligible = 30,
                                         .moved = moved[y],
                                         .backbone_moved = 1,
                                         .hired = hired[y],
                                         .retired = retired[y]};
        yr->cost_wan = cost[y];
        yr->status = calloc(4, sizeof *yr->status);
        for (int i = 0; i < 4; i++)
            yr->status[i] = c->schools[i].status;
        if (y == 2) {
            r->final_flows = malloc(nf * sizeof *r->final_flows);
            memcpy(r->final_flows, fl, nf * sizeof *fl);
            r->n_final_flows = nf;
        }
    }
    r->first_pass_year[JH_PRIMARY][JH_STANDARD_QUALITY] = 2026;
    r->first_pass_year[JH_JUNIOR][JH_STANDARD_BASIC] = 2025;
    r->total_cost_wan = 230.5;
    r->has_consolidation = true;
    r->consolidation.objective = 123456.5;
    r->consolidation.n_kept = 3;
    r->consolidation.kept = calloc(3, sizeof(char *));
    r->consolidation.kept[0] = strdup("S1");
    r->consolidation.kept[1] = strdup("S3");
    r->consolidation.kept[2] = strdup("S4");
    r->consolidation.n_closed = 1;
    r->consolidation.closed = calloc(1, sizeof(char *));
    r->consolidation.closed[0] = strdup("S2");
    r->consolidation.seconds = 0.25;
    r->consolidation.level = JH_PRIMARY;
    r->consolidation.year = 2026;
}

static inline void fx_free(jh_run_result *r, jh_scenario *sc)
{
    jh_run_result_free(r);
    free(sc->name);
    memset(sc, 0, sizeof *sc);
}

#endif
