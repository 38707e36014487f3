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

/* A chart over the years of two figures per level (k = 0, 1), or one
 * when label1 is NULL; get gives the figure of a level's metrics. */
static void level_chart(FILE *f, const jh_run_result *r, bool en, const char *metric,
                        const char *title, const char *y_label, const char *label0,
                        const char *label1, double (*get)(const jh_level_metrics *, int k))
{
    size_t ny = r->n_years, nk = label1 ? 2 : 1;
    double *y = calloc((ny ? ny : 1) * JH_NLEVELS * nk, sizeof *y);
    char **x = calloc(ny ? ny : 1, sizeof *x);
    char (*labels)[96] = calloc(JH_NLEVELS * nk, sizeof *labels);
    if (!y || !x || !labels || !ny) {
        free(y), free(x), free(labels);
        return;
    }
    for (size_t t = 0; t < ny; t++)
        if ((x[t] = malloc(8)))
            snprintf(x[t], 8, "%d", r->years[t].year);
    jh_chart_series se[JH_NLEVELS * 2];
    size_t ns = 0;
    for (int l = 0; l < JH_NLEVELS; l++)
        for (size_t k = 0; k < nk; k++) {
            double *v = y + ns * ny;
            for (size_t t = 0; t < ny; t++)
                v[t] = get(&r->years[t].metrics.level[l], (int)k);
            snprintf(labels[ns], sizeof labels[ns], "%s · %s", jh_html_level_label((jh_level)l, en),
                     k ? label1 : label0);
            se[ns] = (jh_chart_series){labels[ns], v, false};
            ns++;
        }
    bool ok = true;
    for (size_t t = 0; t < ny; t++)
        ok = ok && x[t];
    if (ok) {
        jh_chart c = {.metric = metric, .title = title, .y_label = y_label,
                      .x_labels = (const char *const *)x, .n_x = ny, .series = se, .n_series = ns};
        jh_html_chart(f, &c);
    }
    for (size_t t = 0; t < ny; t++)
        free(x[t]);
    free(y), free(x), free(labels);
}

static double get_posts(const jh_level_metrics *m, int k) { return k ? m->posts_surplus : m->posts_short; }
static double get_boarding(const jh_level_metrics *m, int k)
{
    return k ? (double)m->boarding_beds : (double)m->boarding_needed;
}
static double get_over_size(const jh_level_metrics *m, int k) { (void)k; return m->schools_over_size; }
static double get_rooms(const jh_level_metrics *m, int k)
{
    return k ? m->classes_over_standard : m->classrooms_needed;
}
static double get_music_art(const jh_level_metrics *m, int k)
{
    (void)k;
    return m->schools_short_music_art;
}

/* One table: a heading, the header cells, the rows (figures a, b, c with
 * the given formats), or a line saying none is concerned. */
static void table(FILE *f, const jh_county *c, bool en, const char *id, const char *title,
                  const char *const heads[3], row *rows, size_t n, const char *none)
{
    qsort(rows, n, sizeof *rows, row_cmp);
    fprintf(f, "<div class=\"concern-list\"><h4>%s (%zu)</h4>\n", title, n);
    if (!n) {
        fprintf(f, "<p class=\"meta\" id=\"%s-none\">%s</p></div>\n", id, none);
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
    fputs("</tbody></table></div>\n", f);
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
    fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "教师编制：缺编与超编", "Teacher posts: short and surplus"));
    level_chart(f, r, en, "concern.posts",
                jh_html_text(en, "教师编制缺口与超编（按学校合计）", "Teacher posts short and surplus (summed by school)"),
                jh_html_text(en, "人", "posts"), jh_html_text(en, "缺编", "short"),
                jh_html_text(en, "超编", "surplus"), get_posts);
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
    fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "寄宿需求与床位", "Boarding need and beds"));
    level_chart(f, r, en, "needs.boarding",
                jh_html_text(en, "寄宿需求（超出就学距离的学生）与床位", "Boarding need (students beyond the distance limit) and beds"),
                jh_html_text(en, "人 / 床", "students / beds"), jh_html_text(en, "寄宿需求", "boarding need"),
                jh_html_text(en, "床位", "beds"), get_boarding);
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
    fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "超规模学校", "Schools over the size limit"));
    level_chart(f, r, en, "concern.over_size",
                jh_html_text(en, "超过办学规模上限的学校数", "Schools over the size limit"),
                jh_html_text(en, "所", "schools"), jh_html_text(en, "超规模学校", "schools over the limit"),
                NULL, get_over_size);
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
    fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "需增教室", "Classrooms needed"));
    level_chart(f, r, en, "concern.classrooms",
                jh_html_text(en, "按标准班额需增教室与超标准班额班数", "Classrooms needed at the standard class size, and classes over it"),
                jh_html_text(en, "间 / 班", "rooms / classes"), jh_html_text(en, "需增教室", "classrooms needed"),
                jh_html_text(en, "超标准班额班数", "classes over standard"), get_rooms);
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
    /* music and art rooms (a guarantee item) */
    fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "音乐美术专用教室", "Music and art rooms"));
    bool any_rooms = false;
    for (size_t i = 0; i < c->n_schools && !any_rooms; i++)
        any_rooms = c->schools[i].res.music_rooms > 0 || c->schools[i].res.art_rooms > 0;
    if (!any_rooms)
        fprintf(f, "<p class=\"meta\" id=\"music-art-nodata\">%s</p>\n",
                jh_html_text(en, "学校数据没有音乐室、美术室（music_rooms、art_rooms）：按 0 间计。",
                             "The schools' data give no music or art rooms (music_rooms, art_rooms): "
                             "counted as none."));
    level_chart(f, r, en, "concern.music_art",
                jh_html_text(en, "音乐美术专用教室不足的学校数（政府保障程度，一贯制学校两学段各计）",
                             "Schools short of music/art rooms (government guarantee; a combined "
                             "school counts in both levels)"),
                jh_html_text(en, "所", "schools"), jh_html_text(en, "不足学校", "schools short"), NULL,
                get_music_art);
    n = 0;
    for (size_t k = 0; k < m->n_schools; k++) {
        const jh_school_metrics *sm = &m->schools[k];
        if (sm->school < 0 || sm->gap.music_art_rooms < 0.5)
            continue;
        const jh_resources *rs = &c->schools[sm->school].res;
        /* the rooms are the school's: its gap is on its first level */
        rows[n++] = (row){sm->school, -1, sm->gap.music_art_rooms, rs->music_rooms + rs->art_rooms,
                          rs->music_rooms + rs->art_rooms + sm->gap.music_art_rooms,
                          sm->gap.music_art_rooms};
    }
    const char *h6[3] = {jh_html_text(en, "音乐美术室", "music/art rooms"),
                         jh_html_text(en, "按规定应有", "the rule asks"),
                         jh_html_text(en, "缺少", "short")};
    table(f, c, en, "concern-music-art", jh_html_text(en, "音乐美术室不足的学校", "Schools short of music/art rooms"),
          h6, rows, n, jh_html_text(en, "所有学校音乐美术室足够。", "Every school has the music/art rooms the rule asks."));
    /* idle premises after closures, by year */
    if (r->n_idle > 0) {
        fprintf(f, "<h3>%s</h3>\n", jh_html_text(en, "撤并后的闲置校舍", "Idle premises after closures"));
        size_t ny = r->n_years;
        double *v = calloc(ny, sizeof *v);
        char **x = calloc(ny, sizeof *x);
        bool ok = v && x;
        for (size_t t = 0; ok && t < ny; t++) {
            for (size_t k = 0; k < r->n_idle; k++)
                if (r->idle[k].year <= r->years[t].year)
                    v[t] += r->idle[k].building_m2;
            if ((x[t] = malloc(8)))
                snprintf(x[t], 8, "%d", r->years[t].year);
            else
                ok = false;
        }
        if (ok) {
            jh_chart_series se = {jh_html_text(en, "闲置校舍面积（㎡，累计）", "idle building (m², to date)"), v, false};
            jh_chart ch = {.metric = "concern.idle",
                           .title = jh_html_text(en, "撤并学校留下的闲置校舍面积（累计，㎡）",
                                                 "Buildings left idle by closures (to date, m²)"),
                           .y_label = "m²", .x_labels = (const char *const *)x, .n_x = ny,
                           .series = &se, .n_series = 1, .bars = true};
            jh_html_chart(f, &ch);
        }
        for (size_t t = 0; x && t < ny; t++)
            free(x[t]);
        free(v), free(x);
        fprintf(f, "<h4>%s</h4>\n<table id=\"idle-premises\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                jh_html_text(en, "闲置校舍（撤并学校留下的校舍）", "Idle premises (buildings of closed schools)"),
                jh_html_text(en, "学校", "school"), jh_html_text(en, "年份", "year"),
                jh_html_text(en, "校舍面积（㎡）", "building (m²)"),
                jh_html_text(en, "教室", "classrooms"));
        for (size_t k = 0; k < r->n_idle; k++) {
            fputs("<tr class=\"idle\"><td>", f);
            jh_html_escape(f, r->idle[k].school);
            fprintf(f, "</td><td>%d</td><td>%.0f</td><td>%d</td></tr>\n", r->idle[k].year,
                    r->idle[k].building_m2, r->idle[k].classrooms);
        }
        fputs("</table>\n", f);
    }
    else
        fprintf(f, "<h3>%s</h3>\n<p class=\"meta\" id=\"idle-none\">%s</p>\n",
                jh_html_text(en, "撤并后的闲置校舍", "Idle premises after closures"),
                jh_html_text(en, "方案没有撤并学校，没有闲置校舍。", "The plan closes no school: no premises are left idle."));
    fputs("</section>\n", f);
    free(rows), free(need), free(students);
}
