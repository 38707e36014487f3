/*
 * comparison_rows: the key-outcome rows shared by comparison.html and
 * comparison.xlsx (see comparison_rows.h).
 */
#include "output/comparison_rows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "output/html.h"

static const jh_year_result *final_year(const jh_run_result *r)
{
    return r->n_years ? &r->years[r->n_years - 1] : NULL;
}

double jh_final_sum(const jh_run_result *r, int what)
{
    const jh_year_result *y = final_year(r);
    if (!y)
        return NAN;
    double v = 0;
    for (int l = 0; l < JH_NLEVELS; l++) {
        const jh_level_metrics *m = &y->metrics.level[l];
        const double p[7] = {m->large_classes + m->super_large_classes,
                             m->classes_over_standard,
                             m->posts_short,
                             m->teachers,
                             m->unplaced_students,
                             m->schools_compliant,
                             m->students};
        if (what >= 0 && what < 7)
            v += p[what];
    }
    return v;
}

static jh_krow *add_row(jh_ktab *t, const char *key, const char *label, jh_krow_kind kind,
                        jh_better better)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        jh_krow *p = realloc(t->rows, cap * sizeof *p);
        if (!p)
            return NULL;
        t->rows = p;
        t->cap = cap;
    }
    jh_krow *r = &t->rows[t->n];
    snprintf(r->key, sizeof r->key, "%s", key);
    snprintf(r->label, sizeof r->label, "%s", label);
    r->kind = kind;
    r->better = better;
    r->of = NULL;
    if (!(r->v = calloc(t->runs ? t->runs : 1, sizeof *r->v)))
        return NULL;
    t->n++;
    return r;
}

void jh_ktab_free(jh_ktab *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].v);
        free(t->rows[i].of);
    }
    free(t->rows);
    t->rows = NULL;
    t->n = t->cap = 0;
}

bool jh_key_rows(jh_ktab *t, const jh_run_result *const *runs, size_t n, bool en)
{
    char key[64], label[192];
    jh_krow *k;
    t->runs = n;
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "schools_compliant.%s", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 jh_html_text(en, "达标学校（所）", "compliant schools"));
        if (!(k = add_row(t, key, label, JH_KROW_COUNT, JH_BETTER_HIGH)) ||
            !(k->of = calloc(n ? n : 1, sizeof *k->of)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? y->metrics.level[l].schools_compliant : NAN;
            k->of[i] = y ? y->metrics.level[l].schools_counted : 0;
        }
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "cv_mean.%s.quality", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 jh_html_text(en, "优质均衡差异系数均值", "quality mean CV"));
        if (!(k = add_row(t, key, label, JH_KROW_CV, JH_BETTER_LOW)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? y->metrics.level[l].quality.cv_mean : NAN;
        }
    }
    for (int l = 0; l <= JH_VERDICT_COUNTY; l++) {
        bool county = l == JH_VERDICT_COUNTY;
        snprintf(key, sizeof key, "pass_from_year.%s.quality",
                 county ? "county" : jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s",
                 county ? jh_html_text(en, "全县", "County") : jh_html_level_label((jh_level)l, en),
                 jh_html_text(en, "优质均衡达标并保持自", "quality passes and holds from"));
        if (!(k = add_row(t, key, label, JH_KROW_YEAR, JH_BETTER_LOW)))
            return false;
        for (size_t i = 0; i < n; i++)
            k->v[i] = runs[i]->pass_from_year[l][0];
    }
    static const struct {
        int what;
        const char *key, *zh, *en;
        jh_krow_kind kind;
        jh_better b;
    } sums[] = {
        {0, "large_classes", "大班额与超大班额（班）", "large and super-large classes", JH_KROW_COUNT, JH_BETTER_LOW},
        {1, "classes_over_standard", "超标准班额（班）", "classes over the standard size", JH_KROW_COUNT, JH_BETTER_LOW},
        {2, "posts_short", "教师编制缺口（人）", "teacher posts short", JH_KROW_REAL, JH_BETTER_LOW},
        {3, "teachers", "教师（人）", "teachers", JH_KROW_COUNT, JH_BETTER_NONE},
        {4, "unplaced_students", "未安置学生（人）", "students not placed", JH_KROW_COUNT, JH_BETTER_LOW},
    };
    for (size_t s = 0; s < sizeof sums / sizeof sums[0]; s++) {
        if (!(k = add_row(t, sums[s].key, jh_html_text(en, sums[s].zh, sums[s].en), sums[s].kind,
                          sums[s].b)))
            return false;
        for (size_t i = 0; i < n; i++)
            k->v[i] = jh_final_sum(runs[i], sums[s].what);
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        snprintf(key, sizeof key, "share_beyond_distance.%s", jh_level_name((jh_level)l));
        snprintf(label, sizeof label, "%s · %s", jh_html_level_label((jh_level)l, en),
                 jh_html_text(en, "超出就近距离学生（%）", "students beyond the distance limit (%)"));
        if (!(k = add_row(t, key, label, JH_KROW_PCT, JH_BETTER_LOW)))
            return false;
        for (size_t i = 0; i < n; i++) {
            const jh_year_result *y = final_year(runs[i]);
            k->v[i] = y ? 100 * y->metrics.level[l].share_beyond_distance : NAN;
        }
    }
    for (int b = 0; b < 2; b++) {
        if (!(k = add_row(t, b ? "schools_built" : "schools_closed",
                          b ? jh_html_text(en, "新建学校（所）", "schools built")
                            : jh_html_text(en, "撤并学校（所）", "schools closed"),
                          JH_KROW_COUNT, JH_BETTER_NONE)))
            return false;
        for (size_t i = 0; i < n; i++) {
            k->v[i] = 0;
            for (size_t y = 0; y < runs[i]->n_years; y++)
                k->v[i] += b ? runs[i]->years[y].schools_built : runs[i]->years[y].schools_closed;
        }
    }
    /* 闲置校舍: the buildings the closures leave empty, a cost the capital
     * figure does not show */
    for (int b = 0; b < 2; b++) {
        if (!(k = add_row(t, b ? "idle_classrooms" : "idle_building_m2",
                          b ? jh_html_text(en, "闲置教室（间）", "idle classrooms")
                            : jh_html_text(en, "闲置校舍面积（㎡）", "idle premises (m²)"),
                          JH_KROW_COUNT, JH_BETTER_LOW)))
            return false;
        for (size_t i = 0; i < n; i++) {
            k->v[i] = 0;
            for (size_t j = 0; j < runs[i]->n_idle; j++)
                k->v[i] += b ? runs[i]->idle[j].classrooms : runs[i]->idle[j].building_m2;
        }
    }
    if (!(k = add_row(t, "total_cost_wan", jh_html_text(en, "建设投资", "capital cost"),
                      JH_KROW_MONEY, JH_BETTER_LOW)))
        return false;
    for (size_t i = 0; i < n; i++)
        k->v[i] = runs[i]->total_cost_wan;
    /* what the money buys against the baseline */
    static const char *const ckeys[3] = {"cost_per_large_class_removed",
                                         "cost_per_compliant_school_gained",
                                         "cost_per_student_yuan"};
    static const char *const czh[3] = {"每减少一个大班额的投资（较基准）",
                                       "每增加一所达标学校的投资（较基准）",
                                       "生均投资（元，期末在校生）"};
    static const char *const cen[3] = {"cost per large class removed (vs baseline)",
                                       "cost per compliant school gained (vs baseline)",
                                       "cost per student (yuan, final-year enrolment)"};
    for (int c = 0; c < 3; c++) {
        if (!(k = add_row(t, ckeys[c], en ? cen[c] : czh[c], c < 2 ? JH_KROW_MONEY : JH_KROW_YUAN,
                          c < 2 ? JH_BETTER_LOW : JH_BETTER_NONE)))
            return false;
        for (size_t i = 0; i < n; i++) {
            double dcost = runs[i]->total_cost_wan - runs[0]->total_cost_wan;
            double gain = c == 0   ? jh_final_sum(runs[0], 0) - jh_final_sum(runs[i], 0)
                          : c == 1 ? jh_final_sum(runs[i], 5) - jh_final_sum(runs[0], 5)
                                   : jh_final_sum(runs[i], 6);
            if (c == 2)
                k->v[i] = gain > 0 ? runs[i]->total_cost_wan * 1e4 / gain : NAN;
            else
                k->v[i] = i > 0 && gain > 0 && dcost >= 0 ? dcost / gain : NAN;
        }
    }
    return true;
}
