/*
 * report_money: recurrent costs per year and the ranked gap table. See
 * report_money.h; user data goes through jh_html_escape.
 */
#include "output/report_money.h"

#include <stdlib.h>
#include <string.h>

#include "output/html.h"

static void cell(FILE *f, double v)
{
    char buf[64];
    jh_html_number(buf, sizeof buf, v);
    fprintf(f, "<td>%s</td>", buf);
}

void jh_report_recurrent_table(FILE *f, const jh_run_result *r, bool en)
{
    fprintf(f, "<h3>%s</h3>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "建设投入与经常性支出（万元）",
                         "Capital and recurrent costs (×10⁴ yuan)"),
            jh_html_text(en, "单价见 rules.unit_costs（默认值为省级典型值，请按本省替换）",
                         "unit costs from rules.unit_costs (provincial-typical defaults: replace "
                         "with your province's)"));
    fprintf(f, "<table id=\"recurrent-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "年份", "Year"), jh_html_text(en, "建设投入", "capital"),
            jh_html_text(en, "教师工资", "teachers"), jh_html_text(en, "公用经费", "public funds"),
            jh_html_text(en, "寄宿生补助", "boarding"), jh_html_text(en, "校车", "transport"),
            jh_html_text(en, "经常性合计", "recurrent total"));
    double tot[6] = {0};
    for (size_t y = 0; y < r->n_years; y++) {
        const jh_year_result *yr = &r->years[y];
        double v[6] = {yr->cost_wan, 0, 0, 0, 0, 0};
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_recurrent *rc = &yr->metrics.level[l].recurrent;
            v[1] += rc->teachers;
            v[2] += rc->public_funds;
            v[3] += rc->boarding;
            v[4] += rc->transport;
        }
        v[5] = v[1] + v[2] + v[3] + v[4];
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", yr->year, yr->year);
        for (int k = 0; k < 6; k++) {
            cell(f, v[k]);
            tot[k] += v[k];
        }
        fputs("</tr>\n", f);
    }
    fprintf(f, "<tr class=\"total\"><th>%s</th>", jh_html_text(en, "合计", "Total"));
    for (int k = 0; k < 6; k++)
        cell(f, tot[k]);
    fputs("</tr>\n</tbody></table>\n", f);
}

typedef struct ranked {
    const jh_school_metrics *m;
    const char *id;
} ranked;

static int by_cost(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    double ca = a->m->gap.cost_wan, cb = b->m->gap.cost_wan;
    if (ca != cb)
        return ca < cb ? -1 : 1;
    double ta = a->m->gap.teacher_cost_wan, tb = b->m->gap.teacher_cost_wan;
    if (ta != tb)
        return ta < tb ? -1 : 1;
    int c = strcmp(a->id ? a->id : "", b->id ? b->id : "");
    return c ? c : (int)a->m->level - (int)b->m->level;
}

#define MAX_GAP_ROWS 3000

void jh_report_gap_section(FILE *f, const jh_run_result *r, bool en)
{
    if (r->n_years == 0)
        return;
    const jh_year_result *yr = &r->years[r->n_years - 1];
    const jh_year_metrics *m = &yr->metrics;
    ranked *rk = malloc((m->n_schools ? m->n_schools : 1) * sizeof *rk);
    if (!rk)
        return;
    size_t n = 0;
    for (size_t k = 0; k < m->n_schools; k++) {
        const jh_school_metrics *sm = &m->schools[k];
        if (sm->school < 0 || (size_t)sm->school >= r->county->n_schools)
            continue;
        if (sm->gap.cost_wan <= 0 && sm->gap.teacher_cost_wan <= 0)
            continue;
        rk[n].m = sm;
        rk[n].id = r->county->schools[sm->school].id;
        n++;
    }
    qsort(rk, n, sizeof *rk, by_cost);
    fprintf(f, "<section id=\"gap\"><h2>%s %d</h2>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "达标缺口（由低到高）", "Gap to the standard, cheapest first,"),
            yr->year,
            jh_html_text(en, "校舍、运动场、设备、多媒体教室、教室（标准班额）、音乐美术室与床位的缺口，"
                             "按 rules.unit_costs 计价；教师缺口按每年费用另列",
                         "what each school lacks of building, sports ground, equipment, multimedia "
                         "rooms, classrooms at the standard class size, music/art rooms and beds, "
                         "priced with rules.unit_costs; teachers lacking at a year's cost apart"));
    fprintf(f, "<table id=\"gap-table\"><thead><tr><th>#</th><th class=\"text\">%s</th>"
               "<th class=\"text\">%s</th><th class=\"text\">%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "</tr></thead><tbody>\n",
            jh_html_text(en, "编号", "id"), jh_html_text(en, "名称", "name"),
            jh_html_text(en, "学段", "level"), jh_html_text(en, "校舍 m²", "building m²"),
            jh_html_text(en, "运动场 m²", "sports m²"), jh_html_text(en, "设备（元）", "equipment (yuan)"),
            jh_html_text(en, "多媒体教室", "multimedia rooms"), jh_html_text(en, "教室", "classrooms"),
            jh_html_text(en, "音乐美术室", "music/art rooms"), jh_html_text(en, "床位", "beds"),
            jh_html_text(en, "建设缺口（万元）", "capital (×10⁴ yuan)"),
            jh_html_text(en, "教师（万元/年）", "teachers (×10⁴ yuan/year)"));
    for (size_t k = 0; k < n && k < MAX_GAP_ROWS; k++) {
        const jh_school_metrics *sm = rk[k].m;
        const jh_school *s = &r->county->schools[sm->school];
        const jh_gap *g = &sm->gap;
        fprintf(f, "<tr class=\"gap-row\" data-id=\"");
        jh_html_escape(f, s->id);
        fprintf(f, "\" data-level=\"%s\"><td>%zu</td><td class=\"text\">", jh_level_name(sm->level),
                k + 1);
        jh_html_escape(f, s->id);
        fputs("</td><td class=\"text\">", f);
        jh_html_escape(f, s->name);
        fprintf(f, "</td><td class=\"text\">%s</td>", jh_html_level_label(sm->level, en));
        const double v[] = {g->building_m2, g->sports_m2, g->equipment_yuan, g->multimedia_rooms,
                            g->classrooms, g->music_art_rooms, g->beds, g->cost_wan,
                            g->teacher_cost_wan};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            cell(f, v[i]);
        fputs("</tr>\n", f);
    }
    if (n > MAX_GAP_ROWS)
        fprintf(f, "<tr class=\"omitted\"><td class=\"text\" colspan=\"13\">%s</td></tr>\n",
                jh_html_text(en, "其余学校见 schools.csv", "the other schools: see schools.csv"));
    if (n == 0)
        fprintf(f, "<tr><td class=\"text\" colspan=\"13\">%s</td></tr>\n",
                jh_html_text(en, "所有学校均无缺口", "no school lacks anything"));
    fputs("</tbody></table>\n</section>\n", f);
    free(rk);
}
