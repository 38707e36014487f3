/*
 * layer_style: the QGIS styles of the result layers. QGIS loads a .qml of
 * the same name with a Shapefile, and a GeoPackage layer's default style
 * from the GeoPackage's layer_styles table (results_gpkg.c stores these
 * there); the .qml files beside results.gpkg load by hand (Layer
 * Properties > Style > Load Style).
 *   schools (both)      points categorised by compliance (达标 green,
 *                       未达标 red, 未参评 grey; in the GeoPackage also
 *                       关闭 for closed schools), labelled with the name;
 *   assignments (both)  lines categorised by level;
 *   catchments          translucent polygons categorised by level,
 *                       labelled with the school's name.
 * Every style gives Chinese aliases for the layer's fields, and names only
 * fields the layer has (tests/e2e_handoff.sh checks it).
 */
#include "output/layer_style.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/format.h"

typedef struct alias {
    const char *field, *alias;
} alias;

typedef struct category {
    const char *value, *label, *colour;
} category;

typedef struct style {
    const char *file;
    int geometry;            /* QGIS layerGeometryType: 0 point, 1 line, 2 polygon */
    const char *attr;        /* the field or expression the categories split on */
    const category *cats;
    size_t n_cats;
    const char *label_field; /* NULL: no labels */
    const alias *aliases;    /* in the layer's field order */
    size_t n_aliases;
    int index_offset;        /* 1 when QGIS shows a fid field first (GeoPackage) */
} style;

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const alias SCHOOLS_SHP_ALIASES[] = {
    {"id", "学校代码"},         {"name", "学校名称"},       {"type", "学校类型"},
    {"area", "区域"},           {"status", "状态"},         {"students", "在校生"},
    {"stud_prim", "小学在校生"}, {"stud_jun", "初中在校生"}, {"classes", "班数"},
    {"large_cls", "大班额"},    {"super_cls", "超大班额"},  {"largest", "最大班额"},
    {"teachers", "专任教师"},   {"posts_need", "编制需求"}, {"compl_prim", "小学达标"},
    {"compl_jun", "初中达标"},
};

static const category SCHOOLS_SHP_CATS[] = {
    {"1", "达标 compliant", "26,150,65,255"},
    {"0", "未达标 not compliant", "215,25,28,255"},
    {"-1", "未参评 not assessed", "150,150,150,255"},
};

static const alias ASSIGN_SHP_ALIASES[] = {
    {"origin_id", "生源地代码"}, {"origin", "生源地"},   {"from_kind", "生源地类型"},
    {"school_id", "学校代码"},   {"school", "学校名称"}, {"level", "学段"},
    {"students", "学生数"},      {"cost", "出行成本"},
};

static const category LEVEL_EN_CATS[] = {
    {"primary", "小学 primary", "49,130,189,255"},
    {"junior", "初中 junior", "230,85,13,255"},
};

static const alias GPKG_SCHOOLS_ALIASES[] = {
    {"year", "年份"},
    {"school_id", "学校代码"},
    {"name", "学校名称"},
    {"level", "学段"},
    {"status", "状态"},
    {"area", "区域"},
    {"district", "学区"},
    {"capacity", "容量"},
    {"students", "在校生"},
    {"use", "使用率"},
    {"classes", "班数"},
    {"large_classes", "大班额"},
    {"super_large_classes", "超大班额"},
    {"classes_over_standard", "超标准班数"},
    {"teachers", "专任教师"},
    {"posts_needed", "编制需求"},
    {"indicators_reached", "达标指标数"},
    {"missing_indicators", "未达标指标"},
    {"counted", "参评"},
    {"compliant", "达标"},
};

static const category GPKG_SCHOOLS_CATS[] = {
    {"compliant", "达标 compliant", "26,150,65,255"},
    {"not_compliant", "未达标 not compliant", "215,25,28,255"},
    {"not_assessed", "未参评 not assessed", "150,150,150,255"},
    {"closed", "关闭 closed", "255,255,255,255"},
};

static const alias GPKG_ASSIGN_ALIASES[] = {
    {"year", "年份"},     {"origin_id", "生源地代码"}, {"school_id", "学校代码"},
    {"school", "学校名称"}, {"level", "学段"},         {"students", "学生数"},
    {"distance_km", "直线距离(公里)"},
};

static const category LEVEL_ZH_CATS[] = {
    {"小学", "小学 primary", "49,130,189,255"},
    {"初中", "初中 junior", "230,85,13,255"},
};

static const alias GPKG_CATCH_ALIASES[] = {
    {"year", "年份"},     {"school_id", "学校代码"}, {"school", "学校名称"},
    {"level", "学段"},    {"students", "学生数"},    {"origins", "生源地数"},
};

static const category LEVEL_ZH_FILL_CATS[] = {
    {"小学", "小学 primary", "49,130,189,70"},
    {"初中", "初中 junior", "230,85,13,70"},
};

static const style STYLES[JH_NSTYLES] = {
    [JH_STYLE_SCHOOLS_SHP] = {"schools.qml", 0,
                              "CASE WHEN \"compl_prim\" = 0 OR \"compl_jun\" = 0 THEN 0 WHEN "
                              "\"compl_prim\" = 1 OR \"compl_jun\" = 1 THEN 1 ELSE -1 END",
                              SCHOOLS_SHP_CATS, N(SCHOOLS_SHP_CATS), "name",
                              SCHOOLS_SHP_ALIASES, N(SCHOOLS_SHP_ALIASES), 0},
    [JH_STYLE_ASSIGNMENTS_SHP] = {"assignments.qml", 1, "level", LEVEL_EN_CATS,
                                  N(LEVEL_EN_CATS), NULL, ASSIGN_SHP_ALIASES,
                                  N(ASSIGN_SHP_ALIASES), 0},
    [JH_STYLE_GPKG_SCHOOLS] = {"results_schools.qml", 0,
                               "CASE WHEN \"status\" = '关闭' THEN 'closed' WHEN \"counted\" = 0 "
                               "THEN 'not_assessed' WHEN \"compliant\" = 1 THEN 'compliant' "
                               "ELSE 'not_compliant' END",
                               GPKG_SCHOOLS_CATS, N(GPKG_SCHOOLS_CATS), "name",
                               GPKG_SCHOOLS_ALIASES, N(GPKG_SCHOOLS_ALIASES), 1},
    [JH_STYLE_GPKG_ASSIGNMENTS] = {"results_assignments.qml", 1, "level", LEVEL_ZH_CATS,
                                   N(LEVEL_ZH_CATS), NULL, GPKG_ASSIGN_ALIASES,
                                   N(GPKG_ASSIGN_ALIASES), 1},
    [JH_STYLE_GPKG_CATCHMENTS] = {"results_catchments.qml", 2, "level", LEVEL_ZH_FILL_CATS,
                                  N(LEVEL_ZH_FILL_CATS), "school", GPKG_CATCH_ALIASES,
                                  N(GPKG_CATCH_ALIASES), 1},
};

const char *jh_layer_style_file(jh_layer_style s)
{
    return s >= 0 && s < JH_NSTYLES ? STYLES[s].file : NULL;
}

/* Text escaped for an XML attribute value. */
static void xml_attr(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

/* One symbol layer property, both ways QGIS 3 reads it. */
typedef struct prop {
    const char *k, *v;
} prop;

static void symbol(FILE *f, const style *st, size_t k)
{
    static const char *const type[3] = {"marker", "line", "fill"};
    static const char *const cls[3] = {"SimpleMarker", "SimpleLine", "SimpleFill"};
    int g = st->geometry;
    const char *colour = st->cats[k].colour;
    bool closed = strcmp(st->cats[k].value, "closed") == 0;
    prop p[6];
    size_t n = 0;
    if (g == 0) {
        p[n++] = (prop){"color", colour};
        p[n++] = (prop){"name", closed ? "cross2" : "circle"};
        p[n++] = (prop){"size", closed ? "2.6" : "3.4"};
        p[n++] = (prop){"outline_color", "35,35,35,255"};
        p[n++] = (prop){"outline_width", "0.2"};
    } else if (g == 1) {
        p[n++] = (prop){"line_color", colour};
        p[n++] = (prop){"line_width", "0.3"};
        p[n++] = (prop){"capstyle", "round"};
    } else {
        p[n++] = (prop){"color", colour};
        p[n++] = (prop){"style", "solid"};
        p[n++] = (prop){"outline_color", colour};
        p[n++] = (prop){"outline_style", "solid"};
        p[n++] = (prop){"outline_width", "0.4"};
    }
    fprintf(f,
            "   <symbol type=\"%s\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" "
            "force_rhr=\"0\">\n"
            "    <layer class=\"%s\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
            "     <Option type=\"Map\">\n",
            type[g], k, cls[g]);
    for (size_t j = 0; j < n; j++)
        fprintf(f, "      <Option type=\"QString\" name=\"%s\" value=\"%s\"/>\n", p[j].k, p[j].v);
    fputs("     </Option>\n", f);
    for (size_t j = 0; j < n; j++)
        fprintf(f, "     <prop k=\"%s\" v=\"%s\"/>\n", p[j].k, p[j].v);
    fputs("    </layer>\n   </symbol>\n", f);
}

static void write_qml(FILE *f, const style *st)
{
    fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
          "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Fields\">\n"
          " <renderer-v2 type=\"categorizedSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
          "forceraster=\"0\" attr=\"",
          f);
    xml_attr(f, st->attr);
    fputs("\">\n  <categories>\n", f);
    for (size_t k = 0; k < st->n_cats; k++) {
        fprintf(f, "   <category render=\"true\" symbol=\"%zu\" value=\"", k);
        xml_attr(f, st->cats[k].value);
        fputs("\" label=\"", f);
        xml_attr(f, st->cats[k].label);
        fputs("\"/>\n", f);
    }
    fputs("  </categories>\n  <symbols>\n", f);
    for (size_t k = 0; k < st->n_cats; k++)
        symbol(f, st, k);
    fputs("  </symbols>\n </renderer-v2>\n", f);
    if (st->label_field) {
        fprintf(f,
                " <labeling type=\"simple\">\n"
                "  <settings calloutType=\"simple\">\n"
                "   <text-style fieldName=\"%s\" isExpression=\"0\" fontSize=\"9\" "
                "textColor=\"30,30,30,255\" fontFamily=\"WenQuanYi Zen Hei\"/>\n"
                "   <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" "
                "bufferColor=\"255,255,255,255\"/>\n"
                "   <placement placement=\"%d\" dist=\"1.5\"/>\n"
                "  </settings>\n"
                " </labeling>\n",
                st->label_field, st->geometry == 2 ? 1 : 6);
        fputs(" <customproperties>\n  <Option type=\"Map\">\n"
              "   <Option type=\"QString\" name=\"labeling/enabled\" value=\"true\"/>\n"
              "  </Option>\n </customproperties>\n",
              f);
    }
    fputs(" <aliases>\n", f);
    for (size_t k = 0; k < st->n_aliases; k++)
        fprintf(f, "  <alias field=\"%s\" index=\"%zu\" name=\"%s\"/>\n", st->aliases[k].field,
                k + (size_t)st->index_offset, st->aliases[k].alias);
    fprintf(f, " </aliases>\n <layerGeometryType>%d</layerGeometryType>\n</qgis>\n",
            st->geometry);
}

char *jh_layer_style_qml(jh_layer_style s)
{
    if (s < 0 || s >= JH_NSTYLES)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    write_qml(f, &STYLES[s]);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

jh_status jh_output_write_layer_styles(const jh_run_result *r, const char *dir, jh_error *err)
{
    (void)r;
    for (int s = 0; s < JH_NSTYLES; s++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, STYLES[s].file);
        FILE *f = jh_output_open(path, err);
        if (!f)
            return JH_ERR_RUN;
        write_qml(f, &STYLES[s]);
        jh_status st = jh_output_close(f, path, err);
        if (st != JH_OK)
            return st;
    }
    return JH_OK;
}
