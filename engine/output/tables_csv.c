/*
 * tables_csv: metrics.csv (the summary's figures, one row per year, level
 * and metric) and schools.csv (one row per year, school and level).
 */
#include "output/tables_csv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/summary.h"

/* Status of school i in year y: the year's own record when the simulation
 * kept one, the final county's otherwise. */
static jh_school_status school_status(const jh_run_result *r, size_t y, int i)
{
    if (y < r->n_years && r->years[y].status)
        return r->years[y].status[i];
    return r->county->schools[i].status;
}

static jh_status metrics_row(void *ctx, int year, const char *level, const char *metric,
                             const char *value, jh_error *err)
{
    (void)err;
    FILE *f = ctx;
    fprintf(f, "%d,%s,", year, level);
    jh_csv_field(f, metric);
    fputc(',', f);
    char buf[64];
    jh_output_short_text(buf, sizeof buf, value);
    jh_csv_field(f, buf);
    fputc('\n', f);
    return JH_OK;
}

jh_status jh_output_write_metrics_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("year,level,metric,value\n", f);
    jh_status st = jh_output_foreach_metric(r, metrics_row, f, err);
    jh_status cs = jh_output_close(f, path, st == JH_OK ? err : NULL);
    return st != JH_OK ? st : cs;
}

/* ------------------------------------------------------------ schools.csv */

static void csv_num(FILE *f, double v)
{
    char buf[64];
    jh_output_format_short(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

jh_status jh_output_write_schools_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("year,school_id,name,level,status,students,classes,large_classes,super_large_classes,"
          "largest_class,classes_over_standard,students_over_standard,classrooms_needed,"
          "teachers,t_above_degree,t_backbone,t_pe_art,posts_needed,counted,compliant,"
          "indicators_reached",
          f);
    for (int k = 0; k < JH_NQUALITY; k++)
        fprintf(f, ",quality_%s", jh_quality_keys[k]);
    for (int k = 0; k < JH_NBASIC; k++)
        fprintf(f, ",basic_%s", jh_basic_keys[k]);
    /* the gap to the standard (contract names first), then the year's
     * boarders and transported students behind the recurrent costs */
    fputs(",gap_building_m2,gap_sports_m2,gap_equipment_yuan,gap_multimedia_rooms,gap_cost_wan,"
          "gap_classrooms,gap_music_art_rooms,gap_beds,gap_teachers_above_degree,"
          "gap_teachers_backbone,gap_teachers_pe_art,gap_teacher_cost_wan_per_year,boarders,"
          "transported\n",
          f);
    jh_status st = JH_OK;
    for (size_t y = 0; y < r->n_years && st == JH_OK; y++) {
        const jh_year_metrics *m = &r->years[y].metrics;
        for (size_t i = 0; i < m->n_schools; i++) {
            const jh_school_metrics *sm = &m->schools[i];
            if (sm->school < 0 || (size_t)sm->school >= r->county->n_schools) {
                st = jh_error_set(err, JH_ERR_RUN,
                                  "%s: year %d: school row %zu names school %d, beyond the %zu "
                                  "schools of the county",
                                  path, r->years[y].year, i, sm->school, r->county->n_schools);
                break;
            }
            const jh_school *s = &r->county->schools[sm->school];
            fprintf(f, "%d,", r->years[y].year);
            jh_csv_text_field(f, s->id);
            fputc(',', f);
            jh_csv_text_field(f, s->name);
            fprintf(f, ",%s,%s,%d,%d,%d,%d,%d", jh_level_name(sm->level),
                    jh_output_status_name(school_status(r, y, sm->school)), sm->students,
                    sm->classes, sm->large_classes, sm->super_large_classes, sm->largest_class);
            fprintf(f, ",%d,%d,%d", sm->classes_over_standard, sm->students_over_standard,
                    sm->classrooms_needed);
            csv_num(f, sm->teachers);
            csv_num(f, sm->t_above_degree);
            csv_num(f, sm->t_backbone);
            csv_num(f, sm->t_pe_art);
            csv_num(f, sm->posts_needed);
            fprintf(f, ",%d,%d,%d", sm->counted ? 1 : 0, sm->compliant ? 1 : 0,
                    sm->indicators_reached);
            for (int k = 0; k < JH_NQUALITY; k++)
                csv_num(f, sm->quality[k]);
            for (int k = 0; k < JH_NBASIC; k++)
                csv_num(f, sm->basic[k]);
            const jh_gap *g = &sm->gap;
            const double gv[] = {g->building_m2, g->sports_m2, g->equipment_yuan,
                                 g->multimedia_rooms, g->cost_wan, g->classrooms,
                                 g->music_art_rooms, g->beds, g->t_above_degree,
                                 g->t_backbone, g->t_pe_art, g->teacher_cost_wan,
                                 sm->recurrent.boarders, sm->recurrent.transported};
            for (size_t k = 0; k < sizeof gv / sizeof gv[0]; k++)
                csv_num(f, gv[k]);
            fputc('\n', f);
        }
    }
    jh_status cs = jh_output_close(f, path, st == JH_OK ? err : NULL);
    return st != JH_OK ? st : cs;
}

