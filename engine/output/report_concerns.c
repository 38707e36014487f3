/*
 * report_concerns: report.html's tables of the schools concerned in the
 * final year, next to the yearly charts of the needs section — teacher
 * posts short and surplus, boarding need against beds, schools over the
 * size limit, classrooms needed. Each table lists only the schools
 * concerned, worst first; figures are the ones of schools.csv.
 */
#include "output/report_concerns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/html.h"

typedef struct row {
    int school;
    int level;       /* -1: the school as a whole */
    double key;      /* sort key, larger first */
    double a, b, c;  /* the table's figures */
} row;

static int row_cmp(const void *x, const void *y)
{
    const row *p = x, *q = y;
    if (p->key != q->key)
        return p->key > q->key ? -1 : 1;
    if (p->school != q->school)
        return p->school - q->school;
    return p->level - q->level;
}

static void school_cells(FILE *f, const jh_county *c, int i)
{
    fputs("<td class=\"text\">", f);
    jh_html_escape(f, c->schools[i].id);
    fputs("</td><td class=\"text\">", f);
    jh_html_escape(f, c->schools[i].name ? c->schools[i].name : "");
    fputs("</td>", f);
}

/* One table: a heading, the header cells, the rows (figures a, b, c with
 * the given formats), or a line saying none is concerned. */
static void table(FILE *f, const jh_county *c, bool en, const char *id, const char *title,
                  const char *const heads[3], row *rows, size_t n, const char *none)
{
    qsort(rows, n, sizeof *rows, row_cmp);
    fprintf(f, "<h3>%s (%zu)</h3>\n", title, n);
    if (!n) {
        fprintf(f, "<p class=\"meta\" id=\"%s-none\">%s</p>\n", id, none);
        return;
    }
    fprintf(f, "<table class=\"concern\" id=\"%s\"><thead><tr><th class=\"text\">%s</th>"
               "<th class=\"text\">%s</th><th class=\"text\">%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th></tr></thead><tbody>\n",
            id, jh_html_text(en, "编号", "id"), jh_html_text(en, "学校", "school"),
            jh_html_text(en, "学段", "level"), heads[0], heads[1], heads[2]);
    for (size_t k = 0; k < n; k++) {
        fputs("<tr data-id=\"", f);
        jh_html_escape(f, c->schools[rows[k].school].id);
        fputs("\">", f);
        school_cells(f, c, rows[k].school);
        fprintf(f, "<td class=\"text\">%s</td><td>%.0f</td><td>%.0f</td><td class=\"fail\">%.0f</td></tr>\n",
                rows[k].level < 0 ? jh_html_text(en, "全校", "whole school")
                                  : jh_html_level_label((jh_level)rows[k].level, en),
                rows[k].a, rows[k].b, rows[k].c);
    }
    fputs("</tbody></table>\n", f);
}

void jh_report_concerns_section(FILE *f, const jh_run_result *r, const jh_rules *rules, bool en)
{
    if (r->n_years == 0)
        return;
    const jh_county *c = r->county;
    const jh_year_result *fy = &r->years[r->n_years - 1];
    const jh_year_metrics *m = &fy->metrics;
    size_t cap = m->n_schools + c->n_schools + 1;
    row *rows = malloc(cap * sizeof *rows);
    double *need = calloc(c->n_schools + 1, sizeof *need);
    long *students = calloc(c->n_schools + 1, sizeof *students);
    if (!rows || !need || !students) {
        free(rows), free(need), free(students);
        return;
    }
    fprintf(f, "<section id=\"concerns\"><h2>%s %d</h2>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "需要关注的学校", "Schools concerned in"), fy->year,
            jh_html_text(en, "规划期末各项缺口涉及的学校，按缺口从大到小排列；逐年变化见上方图表。",
                         "The schools behind each need in the final year, largest first; the "
                         "charts above give the years."));
    /* teacher posts short */
    size_t n = 0;
    for (size_t k = 0; k < m->n_schools; k++) {
        const jh_school_metrics *sm = &m->schools[k];
        double d = sm->posts_needed - sm->teachers;
        if (sm->school >= 0 && d >= 0.5)
            rows[n++] = (row){sm->school, sm->level, d, sm->teachers, sm->posts_needed, d};
    }
    const char *h1[3] = {jh_html_text(en, "教师", "teachers"), jh_html_text(en, "核定编制", "posts"),
                         jh_html_text(en, "缺编", "posts short")};
    table(f, c, en, "concern-posts-short", jh_html_text(en, "教师编制缺口", "Teacher posts short"), h1,
          rows, n, jh_html_text(en, "没有缺编的学校。", "No school is short of posts."));
    n = 0;
    for (size_t k = 0; k < m->n_schools; k++) {
        const jh_school_metrics *sm = &m->schools[k];
        double d = sm->teachers - sm->posts_needed;
        if (sm->school >= 0 && d >= 0.5)
            rows[n++] = (row){sm->school, sm->level, d, sm->teachers, sm->posts_needed, d};
    }
    const char *h2[3] = {h1[0], h1[1], jh_html_text(en, "超编", "posts surplus")};
    table(f, c, en, "concern-posts-surplus", jh_html_text(en, "教师超编", "Teachers beyond the posts"),
          h2, rows, n, jh_html_text(en, "没有超编的学校。", "No school has teachers beyond its posts."));
    /* boarding need (students beyond the distance limit) against beds */
    const double *lim = rules->distance_km;
    for (size_t k = 0; k < r->n_final_flows; k++) {
        const jh_flow *fl = &r->final_flows[k];
        if (fl->school < 0 || (size_t)fl->school >= c->n_schools || fl->students <= 0 ||
            !isfinite(fl->cost))
            continue;
        double d = rules->distance_minutes ? fl->cost : fl->cost / 1000;
        if (d > lim[fl->level])
            need[fl->school] += fl->students;
    }
    n = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        double beds = c->schools[i].res.boarding_beds;
        if (need[i] > beds + 0.5 && fy->status && fy->status[i] != JH_STATUS_CLOSED &&
            fy->status[i] != JH_STATUS_CANDIDATE)
            rows[n++] = (row){(int)i, -1, need[i] - beds, need[i], beds, need[i] - beds};
    }
    const char *h3[3] = {jh_html_text(en, "寄宿需求（超出就学距离的学生）", "boarding need (students beyond the limit)"),
                         jh_html_text(en, "床位", "beds"), jh_html_text(en, "床位缺口", "beds short")};
    table(f, c, en, "concern-boarding", jh_html_text(en, "寄宿需求超过床位", "Boarding need beyond the beds"),
          h3, rows, n, jh_html_text(en, "所有学校床位满足寄宿需求。", "Every school has the beds its boarders need."));
    /* schools over the size limit */
    for (size_t k = 0; k < m->n_schools; k++)
        if (m->schools[k].school >= 0)
            students[m->schools[k].school] += m->schools[k].students;
    n = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        bool combined = s->type == JH_SCHOOL_NINE_YEAR || s->type == JH_SCHOOL_TWELVE_YEAR;
        int limit = combined ? rules->school_size_max_combined
                    : jh_school_serves(s->type, JH_PRIMARY) ? rules->school_size_max[JH_PRIMARY]
                                                            : rules->school_size_max[JH_JUNIOR];
        if (limit > 0 && students[i] > limit)
            rows[n++] = (row){(int)i, -1, (double)(students[i] - limit), (double)students[i], limit,
                              (double)(students[i] - limit)};
    }
    const char *h4[3] = {jh_html_text(en, "在校生", "students"), jh_html_text(en, "规模上限", "size limit"),
                         jh_html_text(en, "超出", "over by")};
    table(f, c, en, "concern-over-size", jh_html_text(en, "超规模学校", "Schools over the size limit"), h4,
          rows, n, jh_html_text(en, "没有超规模的学校。", "No school is over the size limit."));
    /* classrooms needed */
    n = 0;
    for (size_t k = 0; k < m->n_schools; k++) {
        const jh_school_metrics *sm = &m->schools[k];
        if (sm->school >= 0 && sm->classrooms_needed > 0)
            rows[n++] = (row){sm->school, sm->level, sm->classrooms_needed, sm->students,
                              sm->classes_over_standard, sm->classrooms_needed};
    }
    const char *h5[3] = {jh_html_text(en, "在校生", "students"),
                         jh_html_text(en, "超标准班额班数", "classes over standard"),
                         jh_html_text(en, "需增教室", "classrooms needed")};
    table(f, c, en, "concern-classrooms", jh_html_text(en, "需增教室", "Classrooms needed"), h5, rows, n,
          jh_html_text(en, "所有学校教室足够按标准班额编班。", "Every school has the rooms for standard classes."));
    fputs("</section>\n", f);
    free(rows), free(need), free(students);
}
