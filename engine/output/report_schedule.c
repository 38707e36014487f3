/*
 * report_schedule.c: the construction programme in report.html.
 */
#include "output/report_schedule.h"

#include <math.h>
#include <string.h>

#include "optimise/schedule.h"
#include "output/html.h"

static void year_or_never(FILE *f, int y, bool en)
{
    if (y)
        fprintf(f, "%d", y);
    else
        fputs(jh_html_text(en, "期内未达成", "never"), f);
}

static void targets_table(FILE *f, const jh_schedule_result *s, bool en)
{
    fprintf(f, "<table id=\"schedule-targets\"><thead><tr><th class=\"text\">%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th class=\"text\">%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "目标", "target"), jh_html_text(en, "期限", "by"),
            jh_html_text(en, "达成年份", "met from"), jh_html_text(en, "不建设时", "without the programme"),
            jh_html_text(en, "说明", "why not by then"));
    for (int t = 0; t < JH_NTARGETS; t++) {
        if (!s->by[t])
            continue;
        fprintf(f, "<tr><td class=\"text\">%s</td><td>%d</td><td>",
                t == JH_TARGET_LARGE_CLASSES ? jh_html_text(en, "消除大班额（56人及以上）", "no class of 56 or more")
                                             : jh_html_text(en, "优质均衡资源配置达标", "quality standard (resources)"),
                s->by[t]);
        year_or_never(f, s->score.year_met[t], en);
        fputs("</td><td>", f);
        year_or_never(f, s->baseline.year_met[t], en);
        fputs("</td><td class=\"text\">", f);
        jh_html_escape(f, s->why[t]);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void spending_table(FILE *f, const jh_schedule_result *s, bool en)
{
    double top = 0;
    for (int k = 0; k < s->n_years; k++)
        top = fmax(top, fmax(s->budget_wan[k], s->spend_wan[k]));
    fprintf(f, "<table id=\"schedule-spend\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th class=\"text\">%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "年份", "year"), jh_html_text(en, "支出（万元）", "spent (wan)"),
            jh_html_text(en, "预算（万元）", "budget (wan)"), jh_html_text(en, "支出/预算", "spent / budget"));
    for (int k = 0; k < s->n_years; k++) {
        double w = top > 0 ? 200.0 * s->spend_wan[k] / top : 0, b = top > 0 ? 200.0 * s->budget_wan[k] / top : 0;
        fprintf(f, "<tr><td>%d</td><td>%.2f</td><td>%.2f</td><td class=\"text\">"
                   "<div style=\"position:relative;width:%.0fpx;height:12px;border:1px solid #888\">"
                   "<div style=\"width:%.0fpx;height:12px;background:%s\"></div></div></td></tr>\n",
                s->years[k], s->spend_wan[k], s->budget_wan[k], b, w, jh_html_colour(0));
    }
    fputs("</tbody></table>\n", f);
}

static const char *kind_label(jh_project_kind k, bool en)
{
    switch (k) {
    case JH_PROJ_CLASSROOMS: return jh_html_text(en, "教室", "classrooms");
    case JH_PROJ_FACILITIES: return jh_html_text(en, "设施", "facilities");
    case JH_PROJ_TEACHERS: return jh_html_text(en, "招聘教师", "teachers");
    case JH_PROJ_EXPAND: return jh_html_text(en, "扩建", "expand");
    case JH_PROJ_NEW_SCHOOL: return jh_html_text(en, "新建学校", "new school");
    }
    return "";
}

/* One row per school with a scheduled project, one column per programme
 * year: what is spent on it that year (a stage, or the hires' pay), marked
 * where it comes into use. */
static void gantt(FILE *f, const jh_schedule_result *s, bool en)
{
    fprintf(f, "<table id=\"schedule-gantt\"><thead><tr><th class=\"text\">%s</th>",
            jh_html_text(en, "学校", "school"));
    for (int k = 0; k < s->n_years; k++)
        fprintf(f, "<th>%d</th>", s->years[k]);
    fputs("</tr></thead><tbody>\n", f);
    for (size_t i = 0; i < s->n_projects; i++) {
        const jh_schedule_project *p = &s->projects[i];
        if (!p->year)
            continue;
        bool first = true; /* a school's row once, at its first scheduled project */
        for (size_t j = 0; j < i; j++)
            if (s->projects[j].year && strcmp(s->projects[j].school_id, p->school_id) == 0)
                first = false;
        if (!first)
            continue;
        fputs("<tr><td class=\"text\">", f);
        jh_html_escape(f, p->school_id);
        fputs("</td>", f);
        for (int k = 0; k < s->n_years; k++) {
            fputs("<td>", f);
            bool any = false;
            for (size_t j = i; j < s->n_projects; j++) {
                const jh_schedule_project *q = &s->projects[j];
                double w = jh_schedule_project_spend(s, q, k);
                bool use = q->year && jh_schedule_in_use(q) == s->years[k];
                if (strcmp(q->school_id, p->school_id) != 0 || (w <= 0 && !use))
                    continue;
                fprintf(f, "%s<span style=\"background:%s;color:#fff;padding:0 3px\">%s %.0f%s</span>",
                        any ? "<br>" : "", jh_html_colour((int)q->kind), kind_label(q->kind, en), w,
                        use && q->kind != JH_PROJ_TEACHERS && (q->lead_years || q->n_stages > 1)
                            ? jh_html_text(en, " 投入使用", " in use")
                            : "");
                any = true;
            }
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

void jh_report_schedule_section(FILE *f, const jh_run_result *r, bool en)
{
    const jh_schedule_result *s = r->schedule;
    if (!s)
        return;
    fprintf(f, "<section id=\"schedule\"><h2>%s</h2>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "标准化建设工程排程", "Construction programme"),
            jh_html_text(en, "optimise.schedule 选定的项目（万元），每年支出不超过当年预算；"
                             "明细见 schedule.csv",
                         "the projects optimise.schedule chose (wan yuan), each year within its "
                         "budget; details in schedule.csv"));
    targets_table(f, s, en);
    spending_table(f, s, en);
    gantt(f, s, en);
    fputs("</section>\n", f);
}
