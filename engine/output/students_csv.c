/*
 * students_csv.c: the simulation's cells, year by year (see
 * students_csv.h): the table behind every student count of the run, so a
 * planner can follow a village's children to their schools, and a test
 * can check migration village by village and grade by grade.
 */
#include "output/students_csv.h"

#include <stdio.h>

#include "output/format.h"

jh_status jh_output_write_students_csv(const jh_run_result *r, const char *path, jh_error *err)
{
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    const jh_county *c = r->county;
    fputs("year,origin,origin_area,school_id,school_area,grade,students\n", f);
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        for (size_t k = 0; k < yr->n_cells; k++) {
            const jh_cell *cl = &yr->cells[k];
            if (cl->count <= 0)
                continue;
            fprintf(f, "%d,", yr->year);
            const char *area = "";
            if (cl->origin >= 0 && (size_t)cl->origin < c->n_villages) {
                jh_csv_field(f, c->villages[cl->origin].id);
                area = jh_area_name(c->villages[cl->origin].area);
            } else if (cl->origin < 0 && (size_t)(-1 - cl->origin) < c->n_schools) {
                const jh_school *site = &c->schools[-1 - cl->origin];
                fputs("site:", f);
                jh_csv_field(f, site->id);
                area = jh_area_name(site->area);
            }
            fprintf(f, ",%s,", area);
            const char *school_area = "";
            if (cl->school >= 0 && (size_t)cl->school < c->n_schools) {
                jh_csv_field(f, c->schools[cl->school].id);
                school_area = jh_area_name(c->schools[cl->school].area);
            }
            fprintf(f, ",%s,%d,%d\n", school_area, cl->grade + 1, cl->count);
        }
    }
    return jh_output_close(f, path, err);
}
