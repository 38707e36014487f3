/*
 * report_plan: the plan in report.html — its interventions by year with
 * their cost and effect, the needs of each level over the years, and the
 * per-school table. Every name from the data is escaped.
 */
#include "output/report_plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"
#include "output/html.h"
#include "output/report_gantt.h"

static const char *kind_label(jh_intervention_kind k, bool en)
{
    switch (k) {
    case JH_IV_CLOSE: return jh_html_text(en, "撤并", "close");
    case JH_IV_MERGE: return jh_html_text(en, "合并", "merge");
    case JH_IV_CONVERT: return jh_html_text(en, "改制", "convert");
    case JH_IV_EXPAND: return jh_html_text(en, "扩建", "expand");
    case JH_IV_BUILD: return jh_html_text(en, "新建", "build");
    case JH_IV_KEEP: return jh_html_text(en, "保留教学点", "keep teaching point");
    case JH_IV_ADD_BEDS: return jh_html_text(en, "增加床位", "add beds");
    case JH_IV_CATCHMENT: return jh_html_text(en, "划片", "catchment");
    case JH_IV_HIRE: return jh_html_text(en, "招聘教师", "hire teachers");
    }
    return "";
}

static const char *type_label(jh_school_type t, bool en)
{
    static const char *const zh[JH_SCHOOL_NTYPES] = {"小学", "初中", "九年一贯制", "完全中学",
                                                     "十二年一贯制", "教学点", "特殊教育",
                                                     "职业学校", "备选校址"};
    return en || t < 0 || t >= JH_SCHOOL_NTYPES ? jh_school_type_name(t) : zh[t];
}

static const jh_year_result *year_at(const jh_run_result *r, int year)
{
    for (size_t y = 0; y < r->n_years; y++)
        if (r->years[y].year == year)
            return &r->years[y];
    return NULL;
}

/* A school's students and classes over standard in a year (over its levels). */
static bool school_year(const jh_year_result *y, int school, int *students, int *over)
{
    *students = 0;
    *over = 0;
    bool found = false;
    if (!y || school < 0)
        return false;
    for (size_t k = 0; k < y->metrics.n_schools; k++)
        if (y->metrics.schools[k].school == school) {
            *students += y->metrics.schools[k].students;
            *over += y->metrics.schools[k].classes_over_standard;
            found = true;
        }
    return found;
}

/* school_year's answers for every school and year at once (NULL when out
 * of memory: school_year then): [y * n_schools + school] */
typedef struct {
    int students, over;
    bool found;
} school_sum;

static school_sum *year_sums(const jh_run_result *r)
{
    size_t ns = r->county->n_schools;
    school_sum *t = calloc(r->n_years * ns + 1, sizeof *t);
    for (size_t y = 0; t && y < r->n_years; y++)
        for (size_t k = 0; k < r->years[y].metrics.n_schools; k++) {
            const jh_school_metrics *sm = &r->years[y].metrics.schools[k];
            if (sm->school < 0 || (size_t)sm->school >= ns)
                continue;
            school_sum *e = &t[y * ns + (size_t)sm->school];
            e->students += sm->students;
            e->over += sm->classes_over_standard;
            e->found = true;
        }
    return t;
}

static bool school_year_at(const jh_run_result *r, const school_sum *sums, int year, int school,
                           int *students, int *over)
{
    if (!sums)
        return school_year(year_at(r, year), school, students, over);
    *students = 0;
    *over = 0;
    const jh_year_result *y = year_at(r, year);
    if (!y || school < 0)
        return false;
    const school_sum *e = &sums[(size_t)(y - r->years) * r->county->n_schools + (size_t)school];
    *students = e->students;
    *over = e->over;
    return e->found;
}

static void school_name(FILE *f, const jh_county *c, const char *id)
{
    int i = id ? jh_county_find_school(c, id) : -1;
    jh_html_escape(f, id ? id : "");
    if (i >= 0 && c->schools[i].name && *c->schools[i].name) {
        fputc(' ', f);
        jh_html_escape(f, c->schools[i].name);
    }
}

static void what_it_adds(FILE *f, const jh_intervention *iv, const jh_county *c, bool en)
{
    const jh_resources *a = iv->kind == JH_IV_BUILD ? &iv->build.res : &iv->add;
    int rooms = iv->kind == JH_IV_BUILD ? iv->build.classrooms : iv->classrooms;
    int cap = iv->kind == JH_IV_BUILD ? iv->build.capacity : iv->capacity;
    const char *sep = "";
    if (rooms > 0) {
        fprintf(f, "%s%d %s", sep, rooms, jh_html_text(en, "间教室", "classrooms"));
        sep = en ? ", " : "，";
    }
    if (cap > 0) {
        fprintf(f, "%s%s %d %s", sep, jh_html_text(en, "容量", "capacity"), cap,
                jh_html_text(en, "人", "places"));
        sep = en ? ", " : "，";
    }
    if (a->building_m2 > 0) {
        fprintf(f, "%s%s %.0f m²", sep, jh_html_text(en, "校舍", "building"), a->building_m2);
        sep = en ? ", " : "，";
    }
    if (a->sports_m2 > 0) {
        fprintf(f, "%s%s %.0f m²", sep, jh_html_text(en, "运动场", "sports ground"), a->sports_m2);
        sep = en ? ", " : "，";
    }
    if (a->boarding_beds > 0) {
        fprintf(f, "%s%.0f %s", sep, a->boarding_beds, jh_html_text(en, "张床位", "beds"));
        sep = en ? ", " : "，";
    }
    if (a->teachers > 0) {
        fprintf(f, "%s%.0f %s", sep, a->teachers, jh_html_text(en, "名教师", "teachers"));
        sep = en ? ", " : "，";
    }
    if ((iv->kind == JH_IV_CLOSE || iv->kind == JH_IV_MERGE) && iv->target) {
        fprintf(f, "%s%s ", sep, iv->kind == JH_IV_CLOSE ? jh_html_text(en, "学生转入", "students to")
                                                         : jh_html_text(en, "并入", "into"));
        if (strcmp(iv->target, "nearest") == 0)
            fputs(jh_html_text(en, "最近学校", "the nearest school"), f);
        else
            school_name(f, c, iv->target);
        sep = en ? ", " : "，";
        for (int l = 0; iv->kind == JH_IV_CLOSE && l < JH_NLEVELS; l++)
            if (iv->level_to[l]) {
                fprintf(f, "%s%s ", sep, l == JH_JUNIOR ? jh_html_text(en, "初中学生转入", "junior students to")
                                                        : jh_html_text(en, "小学学生转入", "primary students to"));
                school_name(f, c, iv->level_to[l]);
            }
    }
    if (iv->kind == JH_IV_CONVERT) {
        fprintf(f, "%s%s %s", sep, jh_html_text(en, "改为", "to"), type_label(iv->convert_to, en));
        sep = en ? ", " : "，";
    }
    if (iv->kind == JH_IV_CATCHMENT) {
        fprintf(f, en ? "%s%zu %s (%s)" : "%s%zu %s（%s）", sep, iv->n_ids,
                jh_html_text(en, "个村划入", "villages assigned"), jh_html_level_label(iv->level, en));
        sep = en ? ", " : "，";
        if (iv->n_split)
            fprintf(f, en ? "%spart of %zu villages" : "%s%zu 个村部分学生划入", sep, iv->n_split);
    }
    if (!*sep)
        fputs("–", f);
}

/* A school as "name (id)", escaped. */
static void school_ref(FILE *f, const jh_county *c, int i)
{
    if (i < 0 || (size_t)i >= c->n_schools) {
        fputs("?", f);
        return;
    }
    const jh_school *s = &c->schools[i];
    if (s->name && *s->name) {
        jh_html_escape(f, s->name);
        fputs(" (", f);
        jh_html_escape(f, s->id);
        fputc(')', f);
    } else {
        jh_html_escape(f, s->id);
    }
}

/* A school named by id (a school of the final county or one the plan
 * builds), as "name (id)", escaped. */
static void school_id_ref(FILE *f, const jh_county *c, const char *id)
{
    int i = jh_county_find_school(c, id);
    if (i >= 0)
        school_ref(f, c, i);
    else
        jh_html_escape(f, id);
}

void jh_report_plan_item(FILE *f, const jh_run_result *r, const jh_plan_item *it, bool en)
{
    const jh_county *c = r->county;
    switch (it->kind) {
    case JH_PLAN_OVER_SIZE:
    case JH_PLAN_OVER_CAPACITY:
        school_ref(f, c, it->school);
        if (it->kind == JH_PLAN_OVER_SIZE)
            fprintf(f, en ? " over the size limit from %d: %ld students (limit %ld)"
                          : " 自 %d 年超过办学规模上限：%ld 人（上限 %ld 人）",
                    it->year, it->students, it->limit);
        else
            fprintf(f, en ? " over capacity from %d: %ld students for %ld places"
                          : " 自 %d 年超过学位容量：%ld 人，学位 %ld 个",
                    it->year, it->students, it->limit);
        break;
    case JH_PLAN_CLOSURE_CAPACITY:
    case JH_PLAN_CLOSURE_SIZE: {
        bool cap = it->kind == JH_PLAN_CLOSURE_CAPACITY;
        fprintf(f, en ? "closing " : "%d 年撤并 ", it->year);
        school_ref(f, c, it->other);
        fprintf(f, en ? " in %d sends its students to " : "，学生转入 ", it->year);
        school_ref(f, c, it->school);
        if (en)
            fprintf(f, ", %s over %s: %ld students %s %ld", it->already ? "already" : "which is then",
                    cap ? "its capacity" : "the size limit", it->students,
                    cap ? "for places" : "(limit)", it->limit);
        else
            fprintf(f, "，该校%s超过%s：%ld 人，%s %ld %s", it->already ? "本已" : "因此",
                    cap ? "学位容量" : "办学规模上限", it->students, cap ? "学位" : "上限",
                    it->limit, cap ? "个" : "人");
        break;
    }
    case JH_PLAN_EXPANSION_OVER_SIZE:
        school_ref(f, c, it->school);
        fprintf(f, en ? " expanded in %d while over the size limit (%ld students, limit %ld): the "
                        "places go to a school already too large"
                      : " 在 %d 年扩建时已超过办学规模上限（%ld 人，上限 %ld 人）：新增学位给了本已过大的学校",
                it->year, it->students, it->limit);
        break;
    case JH_PLAN_CAPITAL_CLOSED:
        school_ref(f, c, it->school);
        if (en)
            fprintf(f, ": %s in %d (%.0f ×10⁴ yuan), but the plan closes it in %d: no capital for a "
                       "school that is not retained",
                    kind_label((jh_intervention_kind)it->iv_kind, en), it->year, it->cost_wan,
                    it->close_year);
        else
            fprintf(f, "：%d 年%s（%.0f 万元），但方案在 %d 年撤并该校：不应向不保留的学校投入",
                    it->year, kind_label((jh_intervention_kind)it->iv_kind, en), it->cost_wan,
                    it->close_year);
        break;
    case JH_PLAN_CONVERT_NO_TEACHERS:
        school_ref(f, c, it->school);
        fprintf(f, en ? " converted in %d: its junior part has no junior teachers (give teachers on "
                        "the entry, or hire or transfer them)"
                      : " 在 %d 年改制后，初中部没有初中教师（可在该措施中给出 teachers，或招聘、调入）",
                it->year);
        break;
    case JH_PLAN_STUDENTS_TO_LEVEL: {
        char lv[96] = "";
        for (int l = 0; l < JH_NLEVELS; l++)
            if (it->levels & (1u << l))
                snprintf(lv + strlen(lv), sizeof lv - strlen(lv), "%s%s",
                         lv[0] ? (en ? " and " : "和") : "", jh_html_level_label((jh_level)l, en));
        if (en)
            fprintf(f, "closing ");
        else
            fprintf(f, "%d 年撤并 ", it->year);
        school_id_ref(f, c, it->id_a);
        fputs(en ? ", students to " : "，学生转入 ", f);
        school_id_ref(f, c, it->id_b);
        if (en)
            fprintf(f, " in %d: that school (%s) does not teach %s; those students are placed "
                       "by the scenario's assignment rule instead (scenario line %ld)",
                    it->year, type_label((jh_school_type)it->type_b, en), lv, it->line);
        else
            fprintf(f, "：该校（%s）不设%s，这部分学生改按方案的分配规则安置（方案第 %ld 行）",
                    type_label((jh_school_type)it->type_b, en), lv, it->line);
        break;
    }
    case JH_PLAN_EXPAND_NOTHING:
    case JH_PLAN_EXPAND_PLACES_ONLY:
        school_id_ref(f, c, it->id_a);
        if (it->kind == JH_PLAN_EXPAND_NOTHING)
            fprintf(f, en ? ": the expansion in %d adds nothing (no classrooms, places or "
                            "resources; scenario line %ld)"
                          : "：%d 年的扩建没有增加任何内容（无教室、学位或校舍等资源；方案第 %ld 行）",
                    it->year, it->line);
        else
            fprintf(f, en ? ": the expansion in %d adds %ld places to a school with no capacity "
                            "limit, which changes nothing; give classrooms instead (scenario line %ld)"
                          : "：%d 年扩建增加 %ld 个学位，但该校没有容量上限（无容量与教室数据），"
                            "增加学位不起作用，应给出教室数（方案第 %ld 行）",
                    it->year, it->limit, it->line);
        break;
    case JH_PLAN_OD_UNREACHABLE:
        if (en)
            fprintf(f, "%ld villages with %ld children of %s age reach no %s school in the travel "
                       "table (od.csv): ",
                    it->limit, it->students, jh_level_name((jh_level)it->level),
                    jh_level_name((jh_level)it->level));
        else
            fprintf(f, "出行成本表（od.csv）中有 %ld 个村（%s学龄儿童 %ld 人）到不了任何%s：",
                    it->limit, jh_html_level_label((jh_level)it->level, en), it->students,
                    jh_html_level_label((jh_level)it->level, en));
        jh_html_escape(f, it->ids);
        break;
    case JH_PLAN_CATCHMENT_FAR:
        if (en)
            fprintf(f, "%ld villages have a %s catchment school more than %.0f× as far as their "
                       "nearest one: ",
                    it->limit, jh_level_name((jh_level)it->level), it->km);
        else
            fprintf(f, "%ld 个村的对口%s比最近的%s远 %.0f 倍以上：", it->limit,
                    jh_html_level_label((jh_level)it->level, en),
                    jh_html_level_label((jh_level)it->level, en), it->km);
        jh_html_escape(f, it->ids);
        break;
    case JH_PLAN_MERGE_FAR:
        fprintf(f, en ? "merging " : "%d 年 ", it->year);
        school_ref(f, c, it->other);
        fprintf(f, en ? " into " : " 并入 ");
        school_ref(f, c, it->school);
        if (en)
            fprintf(f, " in %d: the sites are %.1f km apart, beyond the distance limit of %.0f km",
                    it->year, it->km, it->limit_km);
        else
            fprintf(f, "：两校相距 %.1f 公里，超过就学距离限值 %.0f 公里", it->km, it->limit_km);
        break;
    case JH_PLAN_SPLIT_BEYOND_VILLAGE:
        if (en) {
            fprintf(f, "the catchment of ");
            school_ref(f, c, it->school);
            fprintf(f, " in %d splits off %ld %s students of village ", it->year, it->students,
                    jh_level_name((jh_level)it->level));
            jh_html_escape(f, it->id_a);
            fprintf(f, ", which has %ld enrolled elsewhere: all of them move, and its later %s "
                       "students too (scenario line %ld)",
                    it->limit, jh_level_name((jh_level)it->level), it->line);
        } else {
            fprintf(f, "%d 年 ", it->year);
            school_ref(f, c, it->school);
            fprintf(f, " 的服务范围从村 ");
            jh_html_escape(f, it->id_a);
            fprintf(f, " 分出%s学生 %ld 人，但该村在其他学校就读的只有 %ld 人：全部转入，"
                       "该村以后的%s学生也全部转入（方案第 %ld 行）",
                    jh_html_level_label((jh_level)it->level, en), it->students, it->limit,
                    jh_html_level_label((jh_level)it->level, en), it->line);
        }
        break;
    }
}

void jh_report_plan_section(FILE *f, const jh_run_result *r, bool en)
{
    const jh_scenario *sc = r->scenario;
    const jh_county *c = r->county;
    fprintf(f, "<section id=\"interventions\"><h2>%s</h2>\n<div class=\"plan-layout\" "
               "style=\"display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start\">\n"
               "<div style=\"flex:3 1 640px;min-width:0\">\n",
            jh_html_text(en, "建设与布局调整计划", "Construction and consolidation plan"));
    size_t n = 0;
    double total = 0;
    for (size_t i = 0; sc && i < sc->n_interventions; i++)
        if (!sc->interventions[i].candidate)
            n++;
    if (!n) {
        fprintf(f, "<p class=\"meta\" id=\"no-interventions\">%s</p>\n",
                jh_html_text(en, "本方案没有建设或布局调整措施。", "The scenario has no interventions."));
    } else {
        fprintf(f, "<table id=\"interventions-table\"><thead><tr><th>%s</th><th class=\"text\">%s</th>"
                   "<th class=\"text\">%s</th><th class=\"text\">%s</th><th>%s</th>"
                   "<th>%s</th><th>%s</th></tr></thead><tbody>\n",
                jh_html_text(en, "年份", "year"), jh_html_text(en, "措施", "action"),
                jh_html_text(en, "学校", "school"), jh_html_text(en, "内容", "what it adds"),
                jh_html_text(en, "投资（万元）", "cost (×10⁴ yuan)"),
                jh_html_text(en, "在校生 前一年→当年", "students, year before → year"),
                jh_html_text(en, "超标准班额 前一年→当年", "classes over standard, before → year"));
        /* by year, in the scenario's order within a year */
        int prev_year = 0;
        school_sum *sums = year_sums(r);
        for (int pass = 0; pass < 1; pass++) {
            int *order = malloc(sc->n_interventions * sizeof *order);
            if (!order)
                break;
            size_t m = 0;
            for (size_t i = 0; i < sc->n_interventions; i++) {
                if (sc->interventions[i].candidate)
                    continue;
                size_t k = m;
                while (k > 0 && sc->interventions[order[k - 1]].year > sc->interventions[i].year) {
                    order[k] = order[k - 1];
                    k--;
                }
                order[k] = (int)i;
                m++;
            }
            for (size_t k = 0; k < m; k++) {
                const jh_intervention *iv = &sc->interventions[order[k]];
                const char *id = iv->kind == JH_IV_BUILD ? iv->build.id
                                 : iv->kind == JH_IV_CATCHMENT ? iv->target
                                 : iv->n_ids ? iv->ids[0] : NULL;
                if (iv->kind == JH_IV_CATCHMENT && !id && iv->n_ids)
                    id = iv->ids[0];
                fprintf(f, "<tr class=\"intervention%s\" data-year=\"%d\" data-kind=\"%s\" "
                           "data-cost=\"%.6g\" data-id=\"",
                        iv->year != prev_year ? " year-start" : "", iv->year,
                        jh_intervention_kind_name(iv->kind), iv->cost_wan);
                jh_html_escape(f, id ? id : "");
                fprintf(f, "\"><td>%d</td><td class=\"text\" style=\"white-space:nowrap\">%s</td><td class=\"text\">", iv->year,
                        kind_label(iv->kind, en));
                if (iv->kind == JH_IV_BUILD) {
                    jh_html_escape(f, iv->build.id ? iv->build.id : "");
                    fputc(' ', f);
                    jh_html_escape(f, iv->build.name ? iv->build.name : "");
                } else if (iv->kind == JH_IV_CATCHMENT) {
                    school_name(f, c, id);
                } else {
                    for (size_t j = 0; j < iv->n_ids; j++) {
                        if (j)
                            fputs(en ? ", " : "、", f);
                        school_name(f, c, iv->ids[j]);
                    }
                }
                fputs("</td><td class=\"text\">", f);
                what_it_adds(f, iv, c, en);
                fputs("</td>", f);
                if (iv->cost_wan > 0)
                    fprintf(f, "<td data-metric=\"cost_wan\">%.0f</td>", iv->cost_wan);
                else
                    fputs("<td data-metric=\"cost_wan\">–</td>", f);
                total += iv->cost_wan;
                int si = id ? jh_county_find_school(c, id) : -1;
                int s0, o0, s1, o1;
                bool b = school_year_at(r, sums, iv->year - 1, si, &s0, &o0);
                bool a = school_year_at(r, sums, iv->year, si, &s1, &o1);
                if (b)
                    fprintf(f, "<td data-metric=\"students\">%d → ", s0);
                else
                    fputs("<td data-metric=\"students\">– → ", f);
                if (a)
                    fprintf(f, "%d</td>", s1);
                else
                    fputs("–</td>", f);
                if (b)
                    fprintf(f, "<td data-metric=\"classes_over_standard\">%d → ", o0);
                else
                    fputs("<td data-metric=\"classes_over_standard\">– → ", f);
                if (a)
                    fprintf(f, "%d</td>", o1);
                else
                    fputs("–</td>", f);
                prev_year = iv->year;
                fputs("</tr>\n", f);
            }
            free(order);
        }
        free(sums);
        fprintf(f, "</tbody><tfoot><tr><td></td><td class=\"text\" colspan=\"3\">%s %zu</td>"
                   "<td data-metric=\"total_cost_wan\">%.0f</td><td></td><td></td></tr></tfoot>"
                   "</table>\n",
                jh_html_text(en, "合计措施", "interventions:"), n, total);
    }
    fputs("</div>\n<aside id=\"plan-warnings\" style=\"flex:1 1 280px;min-width:0;font-size:.85em;max-height:40em;overflow-y:auto\">", f);
    fprintf(f, en ? "<h3>%s (%zu)</h3>\n" : "<h3>%s（%zu）</h3>\n",
            jh_html_text(en, "方案警示", "Plan warnings"), r->plan_warnings.count);
    if (!r->plan_warnings.count)
        fprintf(f, "<p class=\"meta\">%s</p>", jh_html_text(en, "无", "none"));
    else {
        fputs("<ul>", f);
        /* as data in the page's language; the console's text only when the
         * two lists disagree (out of memory) */
        bool items = r->n_plan_items == r->plan_warnings.count;
        for (size_t i = 0; i < r->plan_warnings.count && i < 200; i++) {
            fputs("<li class=\"plan-warning\">", f);
            if (items)
                jh_report_plan_item(f, r, &r->plan_items[i], en);
            else
                jh_html_escape(f, r->plan_warnings.items[i]);
            fputs("</li>", f);
        }
        if (r->plan_warnings.count > 200)
            fprintf(f, "<li>… %zu %s</li>", r->plan_warnings.count - 200,
                    jh_html_text(en, "条见 warnings", "more in the warnings file"));
        fputs("</ul>", f);
    }
    fputs("</aside>\n</div>\n", f);
    jh_report_gantt(f, r, en);
    fputs("</section>\n", f);
}

void jh_report_needs_section(FILE *f, const jh_run_result *r, const char *const *year_labels,
                             bool en)
{
    size_t ny = r->n_years;
    (void)year_labels; /* the charts are beside the schools concerned */
    fprintf(f, "<section id=\"needs\"><h2>%s</h2>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "逐年缺口：教室、教师编制、寄宿床位、超大规模学校",
                         "Needs by year: classrooms, teacher posts, boarding beds, oversized schools"),
            jh_html_text(en, "需增教室：按标准班额消除大班额所缺教室；编制缺口：按生师比核定编制超出在编教师之和；"
                             "寄宿需求：超出就近距离的学生。",
                         "Classrooms needed: rooms missing to run every grade at the standard class "
                         "size; posts short: posts the staffing norm gives beyond the teachers, "
                         "summed by school; boarding need: students beyond the distance limit."));
    fprintf(f, "<table id=\"needs-table\"><thead><tr><th>%s</th><th class=\"text\">%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            jh_html_text(en, "年份", "year"), jh_html_text(en, "学段", "level"),
            jh_html_text(en, "在校生", "students"), jh_html_text(en, "班数", "classes"),
            jh_html_text(en, "超标准班额", "over standard"), jh_html_text(en, "需增教室", "classrooms needed"),
            jh_html_text(en, "超2000人学校", "schools over size"), jh_html_text(en, "核定编制", "posts"),
            jh_html_text(en, "教师", "teachers"), jh_html_text(en, "编制缺口", "posts short"),
            jh_html_text(en, "超编", "posts surplus"), jh_html_text(en, "寄宿需求", "boarding need"),
            jh_html_text(en, "床位", "beds"), jh_html_text(en, "床位缺口", "bed shortfall"));
    for (size_t t = 0; t < ny; t++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[t].metrics.level[l];
            long gap = m->boarding_needed - m->boarding_beds;
            fprintf(f, "<tr class=\"%s\" data-year=\"%d\" data-level=\"%s\"><td>%d</td>"
                       "<td class=\"text\">%s</td><td>%ld</td><td>%d</td>"
                       "<td data-metric=\"classes_over_standard\">%d</td>"
                       "<td data-metric=\"classrooms_needed\">%d</td>"
                       "<td data-metric=\"schools_over_size\">%d</td><td>%.0f</td><td>%.0f</td>"
                       "<td data-metric=\"posts_short\"%s>%.0f</td><td>%.0f</td>"
                       "<td data-metric=\"boarding_needed\">%ld</td>"
                       "<td data-metric=\"boarding_beds\">%ld</td><td%s>%ld</td></tr>\n",
                    l == 0 ? "year-start" : "", r->years[t].year, jh_level_name((jh_level)l),
                    r->years[t].year, jh_html_level_label((jh_level)l, en), m->students, m->classes,
                    m->classes_over_standard, m->classrooms_needed, m->schools_over_size,
                    m->posts_needed, m->teachers, m->posts_short > 0.5 ? " class=\"fail\"" : "",
                    m->posts_short, m->posts_surplus, m->boarding_needed, m->boarding_beds,
                    gap > 0 ? " class=\"fail\"" : "", gap > 0 ? gap : 0);
        }
    fputs("</tbody></table>\n</section>\n", f);
}
