/*
 * coverage.c: the coverage table (see coverage.h). The texts say what each
 * canonical field feeds in this engine — the indicators of
 * models/indicators.c (jh_indicators_fed_by for the resource fields), the
 * class and capacity rules, demography and assignment — and what stands in
 * when it is missing, as docs/DATA.md documents.
 */
#include "input/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "indicators.h"
#include "input/inputs.h"

typedef struct field_info {
    const char *name, *zh, *feeds, *absent;
} field_info;

static const char res_absent[] = "no data: the indicators it feeds have no CV and no pass";

static const field_info school_info[] = {
    {"id", "学校标识码", "the school's identity: catchments, teachers.csv, od.csv, interventions",
     "required"},
    {"name", "学校名称", "names in the report and outputs", "empty"},
    {"type", "办学类型",
     "the levels it teaches, its class-size cap and size limit, which standards apply",
     "required"},
    {"area", "城乡分类",
     "urban/town/rural groups of the gap and Theil figures; rural years in teacher rotation",
     "rural (with a warning)"},
    {"district", "学区", "teacher rotation `within: district`", "none"},
    {"g", "年级学生数",
     "students of the grade: enrolment, classes and class sizes (班额), every per-student "
     "indicator, the cohort that moves up",
     "0"},
    {"classes_g", "年级班数", "the observed classes (班额) of the base year",
     "formed under the class-size caps"},
    {"classrooms", "普通教室数", "classrooms short; the capacity when `capacity` is absent",
     "0 (capacity unlimited unless `capacity` is given)"},
    {"capacity", "学位数", "over-capacity warnings, nearest_with_capacity assignment",
     "classrooms x class-size cap"},
    {"students_senior", "高中学生数",
     "per-student resource figures of complete-middle and twelve-year schools (shared)", "0"},
    {"teachers", "专任教师数", NULL, NULL},
    {"t_above_degree", "高于规定学历教师数", NULL, NULL},
    {"t_backbone", "县级以上骨干教师数", NULL, NULL},
    {"t_pe_art", "体育艺术专任教师数", NULL, NULL},
    {"t_senior_title", "中级及以上职称教师数", NULL, NULL},
    {"building_m2", "校舍建筑面积(平方米)", NULL, NULL},
    {"sports_m2", "体育运动场馆面积(平方米)", NULL, NULL},
    {"equipment_yuan", "教学仪器设备值(元)", NULL, NULL},
    {"multimedia_rooms", "网络多媒体教室数", NULL, NULL},
    {"computers", "计算机台数", NULL, NULL},
    {"books", "图书册数", NULL, NULL},
    {"boarding_beds", "寄宿床位数", NULL, "0 (no boarding)"},
    {"music_rooms", "音乐专用教室数", NULL, NULL},
    {"art_rooms", "美术专用教室数", NULL, NULL},
};

static const field_info village_info[] = {
    {"id", "统计用区划代码", "the village's identity: projections.csv, od.csv, catchment changes",
     "required"},
    {"name", "村名", "names in the outputs", "empty"},
    {"area", "城乡分类代码", "the area's birth rate and migration flows", "rural"},
    {"population", "常住人口", "births (birth rate per 1000 residents)", "0"},
    {"age", "岁人口", "children by age: the cohorts entering school each year", "0"},
    {"school_primary", "对口小学", "catchment assignment of primary students (对口)",
     "the nearest school"},
    {"school_junior", "对口初中", "catchment assignment of junior students (对口)",
     "the nearest school"},
    {"students_primary", "小学在校生", "a steady state of primary students, instead of ages",
     "from the ages"},
    {"students_junior", "初中在校生", "a steady state of junior students, instead of ages",
     "from the ages"},
    {"birth_rate_per1000", "出生率(‰)", "the village's own birth rate",
     "rules.birth_rate_per1000 of its area"},
};

static const char *const grade_zh[9] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};

/* The entry of a name; *num gets the grade (1-9) or age (0-14) of g1,
 * classes_g3, age12, or -1. */
static const field_info *find_info(int layer, const char *name, int *num)
{
    *num = -1;
    const field_info *tab = layer ? village_info : school_info;
    size_t n = layer ? sizeof village_info / sizeof *village_info
                     : sizeof school_info / sizeof *school_info;
    for (size_t i = 0; i < n; i++)
        if (strcmp(tab[i].name, name) == 0)
            return &tab[i];
    const char *prefix = layer ? "age" : strncmp(name, "classes_g", 9) == 0 ? "classes_g" : "g";
    size_t pl = strlen(prefix);
    if (strncmp(name, prefix, pl) != 0 || !name[pl])
        return NULL;
    char *end;
    long v = strtol(name + pl, &end, 10);
    if (*end || v < (layer ? 0 : 1) || v > (layer ? 14 : 9))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(tab[i].name, prefix) == 0) {
            *num = (int)v;
            return &tab[i];
        }
    return NULL;
}

static int resource_index(const char *name)
{
    for (int k = 0; k < JH_NRESOURCES; k++)
        if (strcmp(jh_resource_name(k), name) == 0)
            return k;
    return -1;
}

const char *jh_coverage_feeds(int layer, const char *canonical)
{
    int num;
    const field_info *f = find_info(layer, canonical, &num);
    if (!f)
        return "";
    if (f->feeds)
        return f->feeds;
    int k = resource_index(canonical);
    return k >= 0 ? jh_indicators_fed_by(k) : "";
}

const char *jh_coverage_default(int layer, const char *canonical)
{
    int num;
    const field_info *f = find_info(layer, canonical, &num);
    if (!f)
        return "";
    return f->absent ? f->absent : res_absent;
}

const char *jh_field_label_zh(int layer, const char *canonical)
{
    static char buf[64];
    if (strcmp(canonical, "lon") == 0)
        return "经度";
    if (strcmp(canonical, "lat") == 0)
        return "纬度";
    int num;
    const field_info *f = find_info(layer, canonical, &num);
    if (!f)
        return NULL;
    if (num < 0)
        return f->zh;
    if (layer)
        snprintf(buf, sizeof buf, "%d%s", num, f->zh);
    else
        snprintf(buf, sizeof buf, "%s%s", grade_zh[num - 1], f->zh);
    return buf;
}

bool jh_is_label_row(const jh_ftable *t)
{
    if (t->n_rows == 0)
        return false;
    size_t matched = 0;
    for (size_t f = 0; f < t->n_fields; f++) {
        const char *v = t->cols[f][0];
        if (!v)
            continue;
        bool hit = false;
        for (int layer = 0; layer < 2 && !hit; layer++) {
            const char *zh = jh_field_label_zh(layer, t->fields[f]);
            hit = zh && strcmp(zh, v) == 0;
        }
        if (!hit)
            return false;
        matched++;
    }
    return matched > 0;
}

jh_status jh_coverage_record(jh_county *c, int layer, const jh_ftable *t,
                             const char *const *canon, const int *idx, jh_error *err)
{
    size_t n = 0;
    while (canon[n])
        n++;
    /* the entries, then the layer's name */
    char **src = calloc(n + 1, sizeof *src);
    if (!src)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    c->field_source[layer] = src;
    c->n_field_source[layer] = n + 1;
    for (size_t k = 0; k < n; k++) {
        if (idx[k] < 0)
            continue;
        const char *origin = t->origin ? t->origin[idx[k]] : NULL;
        char buf[1200];
        if (origin)
            snprintf(buf, sizeof buf, "%s", origin);
        else
            snprintf(buf, sizeof buf, "field %s", t->fields[idx[k]]);
        if (!(src[k] = strdup(buf)))
            return jh_error_set(err, JH_ERR_RUN, "out of memory");
    }
    if (!(src[n] = strdup(t->name)))
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    return JH_OK;
}

static void print_layer(FILE *f, const jh_county *c, int layer)
{
    const char *const *canon = layer ? jh_village_fields : jh_school_fields;
    size_t n = c->n_field_source[layer];
    if (!c->field_source[layer] || n == 0)
        return;
    fprintf(f, "coverage of %s (%s): field <- source: what it feeds\n",
            layer ? "villages" : "schools", c->field_source[layer][n - 1]);
    size_t given = 0;
    for (size_t k = 0; k + 1 < n && canon[k]; k++) {
        const char *src = c->field_source[layer][k];
        char buf[1400];
        int res = layer ? -1 : resource_index(canon[k]);
        if (res >= 0 && res <= 4 && c->has_roster)
            snprintf(buf, sizeof buf, "teachers.csv (counted per school)%s",
                     src ? "; the layer's value not used" : "");
        else if (src)
            snprintf(buf, sizeof buf, "%s", src);
        else
            snprintf(buf, sizeof buf, "missing -> %s", jh_coverage_default(layer, canon[k]));
        given += src || (res >= 0 && res <= 4 && c->has_roster);
        /* a family (g1..g9, classes_g1..., age0...) says what it feeds once */
        int num;
        const field_info *fi = find_info(layer, canon[k], &num);
        bool later = fi && num > (layer ? 0 : 1);
        fprintf(f, "  %-18s <- %s%s%s\n", canon[k], buf, later ? "" : ": ",
                later ? "" : jh_coverage_feeds(layer, canon[k]));
    }
    fprintf(f, "  (%zu of %zu fields given)\n", given, n - 1);
}

void jh_coverage_print(FILE *f, const jh_county *c, const jh_scenario *sc)
{
    print_layer(f, c, 0);
    print_layer(f, c, 1);
    fprintf(f, "coverage of the tables:\n");
    fprintf(f, "  projections        <- %s: children by village, year and age (instead of "
               "ageing the layer's ages)\n",
            sc->projections_path ? sc->projections_path : "none");
    fprintf(f, "  teachers           <- %s: the teacher counts and each teacher's years, for "
               "rotation and hiring\n",
            sc->teachers_path ? sc->teachers_path : "none (the layer's counts)");
    fprintf(f, "  travel_costs       <- %s: travel costs (pairs absent: unreachable)\n",
            sc->travel_costs_path  ? sc->travel_costs_path
            : sc->travel.roads_path ? "the road network (data.roads)"
                                    : "none (straight-line metres)");
    fprintf(f, "  migration          <- %s: moves between villages\n",
            sc->migration_path ? sc->migration_path : "none");
}
