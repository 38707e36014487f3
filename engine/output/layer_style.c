/*
 * layer_style: schools.qml beside schools.shp. QGIS loads a .qml of the
 * same name with the layer: points categorised by compliance in the final
 * year (达标 green, 未达标 red, 未参评 grey: a school is 未达标 when a level
 * it serves is counted and fails), labelled with the school's name, and
 * Chinese aliases for every field of schools.shp (result_layers.c).
 */
#include "output/layer_style.h"

#include <stdio.h>

#include "output/format.h"

static const struct {
    const char *field, *alias;
} ALIASES[] = {
    {"id", "学校代码"},         {"name", "学校名称"},       {"type", "学校类型"},
    {"area", "区域"},           {"status", "状态"},         {"students", "在校生"},
    {"stud_prim", "小学在校生"}, {"stud_jun", "初中在校生"}, {"classes", "班数"},
    {"large_cls", "大班额"},    {"super_cls", "超大班额"},  {"largest", "最大班额"},
    {"teachers", "专任教师"},   {"posts_need", "编制需求"}, {"compl_prim", "小学达标"},
    {"compl_jun", "初中达标"},
};

static const struct {
    const char *value, *label, *colour;
} CATEGORIES[] = {
    {"1", "达标 compliant", "26,150,65,255"},
    {"0", "未达标 not compliant", "215,25,28,255"},
    {"-1", "未参评 not assessed", "150,150,150,255"},
};

jh_status jh_output_write_schools_qml(const jh_run_result *r, const char *path, jh_error *err)
{
    (void)r;
    FILE *f = jh_output_open(path, err);
    if (!f)
        return JH_ERR_RUN;
    fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
          "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling|Fields\">\n"
          " <renderer-v2 type=\"categorizedSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
          "forceraster=\"0\" attr=\"CASE WHEN &quot;compl_prim&quot; = 0 OR &quot;compl_jun&quot; "
          "= 0 THEN 0 WHEN &quot;compl_prim&quot; = 1 OR &quot;compl_jun&quot; = 1 THEN 1 ELSE -1 "
          "END\">\n  <categories>\n",
          f);
    size_t nc = sizeof CATEGORIES / sizeof CATEGORIES[0];
    for (size_t k = 0; k < nc; k++)
        fprintf(f, "   <category render=\"true\" symbol=\"%zu\" value=\"%s\" label=\"%s\"/>\n", k,
                CATEGORIES[k].value, CATEGORIES[k].label);
    fputs("  </categories>\n  <symbols>\n", f);
    for (size_t k = 0; k < nc; k++)
        fprintf(f,
                "   <symbol type=\"marker\" name=\"%zu\" alpha=\"1\" clip_to_extent=\"1\" "
                "force_rhr=\"0\">\n"
                "    <layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">\n"
                "     <Option type=\"Map\">\n"
                "      <Option type=\"QString\" name=\"color\" value=\"%s\"/>\n"
                "      <Option type=\"QString\" name=\"name\" value=\"circle\"/>\n"
                "      <Option type=\"QString\" name=\"size\" value=\"3.4\"/>\n"
                "      <Option type=\"QString\" name=\"outline_color\" value=\"35,35,35,255\"/>\n"
                "      <Option type=\"QString\" name=\"outline_width\" value=\"0.2\"/>\n"
                "     </Option>\n"
                "    </layer>\n"
                "   </symbol>\n",
                k, CATEGORIES[k].colour);
    fputs("  </symbols>\n </renderer-v2>\n"
          " <labeling type=\"simple\">\n"
          "  <settings calloutType=\"simple\">\n"
          "   <text-style fieldName=\"name\" isExpression=\"0\" fontSize=\"9\" "
          "textColor=\"30,30,30,255\" fontFamily=\"WenQuanYi Zen Hei\"/>\n"
          "   <text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferColor=\"255,255,255,255\"/>\n"
          "   <placement placement=\"6\" dist=\"1.5\"/>\n"
          "  </settings>\n"
          " </labeling>\n"
          " <aliases>\n",
          f);
    for (size_t k = 0; k < sizeof ALIASES / sizeof ALIASES[0]; k++)
        fprintf(f, "  <alias field=\"%s\" index=\"%zu\" name=\"%s\"/>\n", ALIASES[k].field, k,
                ALIASES[k].alias);
    fputs(" </aliases>\n <layerGeometryType>0</layerGeometryType>\n</qgis>\n", f);
    return jh_output_close(f, path, err);
}
