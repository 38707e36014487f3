/*
 * report_optimiser: report.html's section on a consolidation proposal
 * (`junheng optimise`): the schools closed and kept by name with their
 * students in the request year, the villages and students that move and
 * the travel that adds (mean and largest, per student moved), the
 * objective with its unit, the proven lower bound and the gap it
 * certifies. The comparison is the request year with the plan (the plan
 * run's flows) against the same year without it (the flows the optimiser
 * started from). No elapsed time: identical inputs give identical pages.
 */
#include "output/report_optimiser.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/html.h"

typedef struct tagged {
    int origin, level, school, students;
    double cost;
    bool after;
} tagged;

static int tagged_cmp(const void *a, const void *b)
{
    const tagged *p = a, *q = b;
    if (p->origin != q->origin)
        return p->origin < q->origin ? -1 : 1;
    if (p->level != q->level)
        return p->level - q->level;
    if (p->after != q->after)
        return p->after ? 1 : -1;
    return p->school - q->school;
}

typedef struct move_row {
    int origin, level, from, to, students;
    double before, after; /* cost of the from and to school */
} move_row;

static int move_cmp(const void *a, const void *b)
{
    const move_row *p = a, *q = b;
    double da = (p->after - p->before) * p->students, db = (q->after - q->before) * q->students;
    if (da != db)
        return da > db ? -1 : 1;
    return p->origin < q->origin ? -1 : p->origin > q->origin;
}

static void origin_name(FILE *f, const jh_county *c, int origin)
{
    if (origin >= 0 && (size_t)origin < c->n_villages) {
        const jh_village *v = &c->villages[origin];
        jh_html_escape(f, v->name && *v->name ? v->name : v->id);
        fputs(" <span class=\"meta\">", f);
        jh_html_escape(f, v->id);
        fputs("</span>", f);
    } else if (origin < 0 && (size_t)(-1 - origin) < c->n_schools) {
        jh_html_escape(f, c->schools[-1 - origin].id);
    }
}

static void school_cell(FILE *f, const jh_county *c, int s)
{
    if (s < 0 || (size_t)s >= c->n_schools) {
        fputs("–", f);
        return;
    }
    jh_html_escape(f, c->schools[s].name && *c->schools[s].name ? c->schools[s].name : c->schools[s].id);
    fputs(" <span class=\"meta\">", f);
    jh_html_escape(f, c->schools[s].id);
    fputs("</span>", f);
}

static int by_students_desc(const void *a, const void *b, const int *students)
{
    int p = *(const int *)a, q = *(const int *)b;
    if (students[p] != students[q])
        return students[p] > students[q] ? -1 : 1;
    return p - q;
}

static _Thread_local const int *sort_students; /* per thread (compare --jobs) */
static int sort_cmp(const void *a, const void *b) { return by_students_desc(a, b, sort_students); }

static void moves_table(FILE *f, const jh_county *c, const move_row *mv, size_t nm, bool en,
                        const char *u, double unit)
{
    fprintf(f, "<h3>%s (%zu)</h3>\n", jh_html_text(en, "转学的村庄与学生", "Villages and students that move"), nm);
    if (nm) {
        fprintf(f, "<table id=\"opt-moves\"><thead><tr><th class=\"text\">%s</th><th class=\"text\">%s</th>"
                   "<th class=\"text\">%s</th><th class=\"text\">%s</th><th>%s</th><th>%s (%s)</th>"
                   "<th>%s (%s)</th><th>%s (%s)</th></tr></thead><tbody>\n",
                jh_html_text(en, "村庄", "village"), jh_html_text(en, "学段", "level"),
                jh_html_text(en, "原学校", "from"), jh_html_text(en, "转入学校", "to"),
                jh_html_text(en, "学生", "students"), jh_html_text(en, "原距离", "distance before"), u,
                jh_html_text(en, "新距离", "distance after"), u, jh_html_text(en, "增加", "added"), u);
        for (size_t i = 0; i < nm; i++) {
            const move_row *w = &mv[i];
            fprintf(f, "<tr class=\"move\" data-students=\"%d\"><td class=\"text\">", w->students);
            origin_name(f, c, w->origin);
            fprintf(f, "</td><td class=\"text\">%s</td><td class=\"text\">",
                    jh_html_level_label((jh_level)w->level, en));
            school_cell(f, c, w->from);
            fputs("</td><td class=\"text\">", f);
            school_cell(f, c, w->to);
            fprintf(f, "</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%+.2f</td></tr>\n", w->students,
                    w->before / unit, w->after / unit, (w->after - w->before) / unit);
        }
        fputs("</tbody></table>\n", f);
    }
}

void jh_report_optimiser_section(FILE *f, const jh_run_result *r, bool en, bool minutes)
{
    if (!r->has_consolidation)
        return;
    const jh_consolidation_result *cr = &r->consolidation;
    const jh_county *c = r->county;
    int yi = -1;
    for (size_t y = 0; y < r->n_years; y++)
        if (r->years[y].year == cr->year)
            yi = (int)y;
    const jh_flow *af = yi >= 0 && r->year_flows ? r->year_flows[yi] : NULL;
    size_t naf = yi >= 0 && r->n_year_flows ? r->n_year_flows[yi] : 0;
    size_t nbf = cr->n_before_flows, nt = nbf + naf;
    size_t ns = c->n_schools ? c->n_schools : 1;
    tagged *t = malloc((nt ? nt : 1) * sizeof *t);
    move_row *mv = malloc((nt ? nt : 1) * sizeof *mv);
    int *before_st = calloc(ns, sizeof *before_st), *after_st = calloc(ns, sizeof *after_st);
    int *idx = malloc(ns * sizeof *idx);
    /* the schools the plan closes, by index (ids are unique in a county):
     * one look-up per closed school instead of a scan per move */
    bool *shut = calloc(ns, sizeof *shut);
    const double unit = minutes ? 1 : 1000; /* costs in metres, shown in km */
    const char *u = minutes ? jh_html_text(en, "分钟", "min") : "km";
    fprintf(f, "<section id=\"optimisation\"><h2>%s</h2>\n",
            jh_html_text(en, "布局优化方案", "Consolidation optimiser"));
    if (!t || !mv || !before_st || !after_st || !idx || !shut) {
        fputs("<p>out of memory</p></section>\n", f);
        free(t), free(mv), free(before_st), free(after_st), free(idx), free(shut);
        return;
    }
    for (size_t i = 0; i < cr->n_closed; i++) {
        int j = jh_county_find_school(c, cr->closed[i]);
        if (j >= 0)
            shut[j] = true;
    }
    size_t n = 0;
    for (size_t k = 0; k < nbf; k++) {
        const jh_flow *fl = &cr->before_flows[k];
        if (fl->students <= 0)
            continue;
        t[n++] = (tagged){fl->village, fl->level, fl->school, fl->students, fl->cost, false};
        if (fl->level == cr->level && fl->school >= 0 && (size_t)fl->school < c->n_schools)
            before_st[fl->school] += fl->students;
    }
    for (size_t k = 0; af && k < naf; k++) {
        const jh_flow *fl = &af[k];
        if (fl->students <= 0)
            continue;
        t[n++] = (tagged){fl->village, fl->level, fl->school, fl->students, fl->cost, true};
        if (fl->level == cr->level && fl->school >= 0 && (size_t)fl->school < c->n_schools)
            after_st[fl->school] += fl->students;
    }
    qsort(t, n, sizeof *t, tagged_cmp);
    /* per origin and level: the students no longer at their school, from
     * the school that lost most to the one that gained most */
    size_t nm = 0;
    long moved = 0, moved_level = 0, moved_closed = 0;
    double added_closed = 0;
    double added_sum = 0, added_max = 0;
    for (size_t k = 0; k < n;) {
        size_t e = k, mid = k;
        while (e < n && t[e].origin == t[k].origin && t[e].level == t[k].level)
            e++;
        while (mid < e && !t[mid].after)
            mid++;
        int lost = 0, from = -1, best_loss = 0, gain_to = -1, best_gain = 0;
        double from_cost = 0, to_cost = 0;
        for (size_t i = k; i < mid; i++) {
            int a = 0;
            for (size_t j = mid; j < e; j++)
                if (t[j].school == t[i].school)
                    a += t[j].students;
            int loss = t[i].students - a;
            if (loss > 0) {
                lost += loss;
                if (loss > best_loss)
                    best_loss = loss, from = t[i].school, from_cost = t[i].cost;
            }
        }
        for (size_t j = mid; j < e; j++) {
            int b = 0;
            for (size_t i = k; i < mid; i++)
                if (t[i].school == t[j].school)
                    b += t[i].students;
            int gain = t[j].students - b;
            if (gain > best_gain)
                best_gain = gain, gain_to = t[j].school, to_cost = t[j].cost;
        }
        if (lost > 0 && from >= 0 && gain_to >= 0 && mid > k && e > mid) {
            mv[nm++] = (move_row){t[k].origin, t[k].level, from, gain_to, lost, from_cost, to_cost};
            double add = (to_cost - from_cost) / unit;
            bool displaced = shut[from];
            if (displaced) {
                moved_closed += lost;
                added_closed += add * lost;
            }
            moved += lost;
            if (t[k].level == (int)cr->level)
                moved_level += lost;
            added_sum += add * lost;
            if (add > added_max || nm == 1)
                added_max = add;
        }
        k = e;
    }
    qsort(mv, nm, sizeof *mv, move_cmp);
    char obj[64], lb[64], buf[64];
    jh_html_number(obj, sizeof obj, cr->objective / unit);
    jh_html_number(lb, sizeof lb, cr->lower_bound / unit);
    const char *obj_unit = minutes ? jh_html_text(en, "人·分钟", "student-minutes")
                                   : jh_html_text(en, "人·公里", "student-km");
    fprintf(f, "<p>%s %d · %s · %s</p>\n<div class=\"cards\">\n", jh_html_text(en, "方案年份", "Year"),
            cr->year, jh_html_level_label(cr->level, en),
            jh_html_text(en, "与同一年不调整布局相比", "compared with the same year without the plan"));
    fprintf(f, "<div class=\"card\" id=\"opt-kept\" data-value=\"%zu\"><div>%s</div><div class=\"v\">%zu</div></div>\n"
               "<div class=\"card\" id=\"opt-closed\" data-value=\"%zu\"><div>%s</div><div class=\"v\">%zu</div></div>\n",
            cr->n_kept, jh_html_text(en, "保留学校", "schools kept"), cr->n_kept, cr->n_closed,
            jh_html_text(en, "撤并学校", "schools closed"), cr->n_closed);
    fprintf(f, "<div class=\"card\" id=\"opt-moved\" data-students=\"%ld\" data-villages=\"%zu\"><div>%s</div>"
               "<div class=\"v\">%ld %s</div><div class=\"meta\">%s %zu</div></div>\n",
            moved, nm, jh_html_text(en, "转学学生", "students who move"), moved,
            jh_html_text(en, "人", ""), jh_html_text(en, "来自村庄（学段）数", "village-levels"), nm);
    jh_html_number(buf, sizeof buf, moved ? added_sum / (double)moved : 0);
    char mx[64];
    jh_html_number(mx, sizeof mx, nm ? added_max : 0);
    fprintf(f, "<div class=\"card\" id=\"opt-travel\" data-mean=\"%s\" data-max=\"%s\"><div>%s</div>"
               "<div class=\"v\">%s %s</div><div class=\"meta\">%s %s %s</div></div>\n",
            buf, mx, jh_html_text(en, "每名转学学生增加的上学距离（平均）", "travel added per student moved (mean)"),
            buf, u, jh_html_text(en, "最大", "largest"), mx, u);
    fprintf(f, "<div class=\"card\" id=\"opt-objective\" data-value=\"%s\"><div>%s</div>"
               "<div class=\"v\">%s %s</div><div class=\"meta\">%s</div></div>\n",
            obj, jh_html_text(en, "目标值：总上学距离", "Objective: total travel"), obj, obj_unit,
            jh_html_text(en, "学生数 × 到校距离，方案年份、该学段", "students × distance to school, in that year and level"));
    if (cr->lower_bound > 0 && cr->objective > 0) {
        double gap = 100 * (cr->objective - cr->lower_bound) / cr->objective;
        snprintf(buf, sizeof buf, "%.2f%%", gap < 0 ? 0 : gap);
        fprintf(f, "<div class=\"card\" id=\"opt-gap\" data-lower-bound=\"%s\" data-gap=\"%.4f\"><div>%s</div>"
                   "<div class=\"v\">%s</div><div class=\"meta\">%s %s %s</div></div>\n",
                lb, gap < 0 ? 0 : gap, jh_html_text(en, "与最优解的差距（已证明的上限）", "certified gap to the optimum (at most)"),
                buf, jh_html_text(en, "下界", "lower bound"), lb, obj_unit);
    } else {
        fprintf(f, "<div class=\"card\" id=\"opt-gap\" data-lower-bound=\"none\"><div>%s</div><div class=\"v\">–</div>"
                   "<div class=\"meta\">%s</div></div>\n",
                jh_html_text(en, "与最优解的差距", "gap to the optimum"),
                jh_html_text(en, "分阶段搜索不给出下界", "the phased search gives no bound"));
    }
    fputs("</div>\n", f);
    jh_html_number(buf, sizeof buf, moved_closed ? added_closed / (double)moved_closed : 0);
    fprintf(f, "<p id=\"opt-displaced\" data-students=\"%ld\" data-mean=\"%s\">%s %ld %s, %s %s %s.%s</p>\n",
            moved_closed, buf,
            jh_html_text(en, "其中撤并学校的学生", "Of them, students of the closed schools:"), moved_closed,
            jh_html_text(en, "人", ""), jh_html_text(en, "平均增加上学距离", "travel added on average"), buf, u,
            moved > moved_closed
                ? jh_html_text(en, "其余为按学位容量重新分配就近入学而转学的学生。",
                               " The others move as places are reassigned nearest with capacity.")
                : "");
    if (moved_level != moved)
        fprintf(f, "<p class=\"meta\">%s %ld</p>\n", jh_html_text(en, "其中本学段转学学生：", "of them at this level:"),
                moved_level);
    /* closed and kept schools */
    for (int k = 1; k >= 0; k--) {
        char **ids = k ? cr->closed : cr->kept;
        size_t m = k ? cr->n_closed : cr->n_kept;
        size_t ni = 0;
        for (size_t i = 0; i < m; i++) {
            int s = jh_county_find_school(c, ids[i]);
            if (s >= 0)
                idx[ni++] = s;
        }
        sort_students = before_st;
        qsort(idx, ni, sizeof *idx, sort_cmp);
        if (!k)
            fputs("<details id=\"opt-kept-details\"><summary>", f);
        fprintf(f, "<h3 style=\"display:inline\">%s (%zu)</h3>%s\n<table class=\"opt-schools\" id=\"opt-%s-table\"><thead><tr>"
                   "<th class=\"text\">%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
                k ? jh_html_text(en, "撤并的学校", "Schools closed") : jh_html_text(en, "保留的学校", "Schools kept"),
                m, k ? "" : "</summary>", k ? "closed" : "kept", jh_html_text(en, "学校", "school"),
                jh_html_text(en, "不调整时学生数", "students without the plan"),
                jh_html_text(en, "方案实施后学生数", "students with the plan"));
        for (size_t i = 0; i < ni; i++) {
            int s = idx[i];
            fputs("<tr data-id=\"", f);
            jh_html_escape(f, c->schools[s].id);
            fputs("\"><td class=\"text\">", f);
            school_cell(f, c, s);
            fprintf(f, "</td><td>%d</td><td>%d</td></tr>\n", before_st[s], after_st[s]);
        }
        fputs(k ? "</tbody></table>\n" : "</tbody></table>\n</details>\n", f);
        if (k)
            moves_table(f, c, mv, nm, en, u, unit);
    }
    fputs("</section>\n", f);
    free(t), free(mv), free(before_st), free(after_st), free(idx), free(shut);
}
