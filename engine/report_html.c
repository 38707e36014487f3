/*
 * report_html: report.html, one self-contained page (inline CSS and inline
 * SVG, no <script>, no URL of any kind — even the SVG namespace is left out,
 * as HTML5 allows) so that it opens offline from a mail or an archive.
 *
 * Everything that comes from the user's data (scenario, school and village
 * names and ids, the CRS text) goes through jh_html_escape. Elements carry
 * ids and data-* attributes (data-id, data-year, data-metric, data-level,
 * data-standard) so tests and scripts can find them in the DOM.
 */
#include "report_html.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

/* ---------------------------------------------------------------- helpers */

void jh_html_escape(FILE *f, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* control characters other than tab / newline are not valid HTML */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                fputc(' ', f);
            else
                fputc(*s, f);
        }
    }
}

static const char *T(bool en, const char *zh, const char *english)
{
    return en ? english : zh;
}

static const char STYLE[] =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222;background:#fff}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;"
    "margin-top:1.6em}h3{margin-bottom:.3em}"
    "table{border-collapse:collapse;margin:.5em 0 1em;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #ccc;"
    "padding:.2em .6em;text-align:right}th{background:#f3f3f3}td.text,th.text{text-align:left}"
    "table.pass-table{font-size:.85em}.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}"
    ".meta{color:#555}figure{margin:.5em 0 1.2em;display:inline-block;vertical-align:top}"
    "figcaption{font-weight:bold;margin-bottom:.3em}"
    "ul.legend{list-style:none;padding:0;margin:.3em 0;font-size:.85em;max-width:640px}"
    "ul.legend li{display:inline-block;margin-right:1em}"
    ".swatch{display:inline-block;width:1.2em;height:.6em;margin-right:.3em;vertical-align:middle}"
    "svg text{font-size:11px;fill:#333}svg .axis{stroke:#888;stroke-width:1}"
    "svg .grid{stroke:#eee;stroke-width:1}svg .limit{stroke:#c62828;stroke-width:1.5;"
    "stroke-dasharray:6 4}svg.map{border:1px solid #ccc;background:#fbfbf8}"
    ".cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ddd;border-radius:6px;"
    "padding:.6em 1em;min-width:12em}.card .v{font-size:1.4em;font-weight:bold}";

void jh_html_begin(FILE *f, bool en, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            en ? "en" : "zh-CN");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    jh_html_escape(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", STYLE);
}

void jh_html_end(FILE *f)
{
    fputs("</body>\n</html>\n", f);
}

static const struct {
    const char *key, *zh, *en;
} INDICATOR_LABELS[] = {
    {"above_degree_per100", "每百名学生拥有高于规定学历教师数",
     "Teachers above the required degree per 100 students"},
    {"backbone_per100", "每百名学生拥有县级以上骨干教师数",
     "County-level backbone teachers per 100 students"},
    {"pe_art_per100", "每百名学生拥有体育、艺术专任教师数", "PE and art teachers per 100 students"},
    {"building_m2_per_student", "生均教学及辅助用房面积",
     "Teaching and auxiliary building m² per student"},
    {"sports_m2_per_student", "生均体育运动场馆面积", "Sports ground m² per student"},
    {"equipment_yuan_per_student", "生均教学仪器设备值", "Teaching equipment yuan per student"},
    {"multimedia_per100", "每百名学生拥有网络多媒体教室数",
     "Networked multimedia classrooms per 100 students"},
    {"computers_per100", "每百名学生拥有计算机台数", "Computers per 100 students"},
    {"books_per_student", "生均图书册数", "Books per student"},
    {"teachers_per_student", "生均专任教师数", "Teachers per student"},
    {"above_degree_per_student", "生均高于规定学历教师数",
     "Teachers above the required degree per student"},
    {"senior_title_per_student", "生均中级及以上职称教师数",
     "Mid-or-senior-title teachers per student"},
};

const char *jh_html_indicator_label(const char *key, bool en)
{
    for (size_t i = 0; i < sizeof INDICATOR_LABELS / sizeof INDICATOR_LABELS[0]; i++)
        if (strcmp(INDICATOR_LABELS[i].key, key) == 0)
            return en ? INDICATOR_LABELS[i].en : INDICATOR_LABELS[i].zh;
    return key;
}

const char *jh_html_level_label(jh_level l, bool en)
{
    return l == JH_PRIMARY ? T(en, "小学", "Primary") : T(en, "初中", "Junior secondary");
}

const char *jh_html_standard_label(int standard, bool en)
{
    return standard == JH_STANDARD_BASIC ? T(en, "基本均衡", "Basic balance")
                                         : T(en, "优质均衡", "Quality balance");
}

const char *jh_html_colour(size_t i)
{
    static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                          "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                          "#bcbd22", "#17becf"};
    return palette[i % (sizeof palette / sizeof palette[0])];
}

/* A round step (1, 2 or 5 times a power of ten) near x. */
static double nice_step(double x)
{
    if (!(x > 0) || !isfinite(x))
        return 1;
    double e = pow(10, floor(log10(x)));
    double m = x / e;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * e;
}

static void fmt(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "–");
    else if (fabs(v) >= 1e4) /* money and counts: whole numbers, no exponent */
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.4g", v == 0 ? 0 : v);
}

void jh_html_chart(FILE *f, const jh_chart *c)
{
    const double W = 640, H = 280, ml = 60, mr = 20, mt = 16, mb = 44;
    const double pw = W - ml - mr, ph = H - mt - mb;
    double ymax = c->has_limit && isfinite(c->limit) ? c->limit : 0;
    double ymin = 0;
    for (size_t s = 0; s < c->n_series; s++)
        for (size_t i = 0; i < c->n_x; i++) {
            double v = c->series[s].y[i];
            if (isfinite(v) && v > ymax)
                ymax = v;
            if (isfinite(v) && v < ymin)
                ymin = v;
        }
    if (ymax <= ymin)
        ymax = ymin + 1;
    double step = nice_step((ymax - ymin) / 5);
    ymax = ceil(ymax / step) * step;
    ymin = floor(ymin / step) * step;
#define YPOS(v) (mt + ph - ((v) - ymin) / (ymax - ymin) * ph)

    fputs("<figure class=\"chart-figure\" data-metric=\"", f);
    jh_html_escape(f, c->metric);
    fputs("\"><figcaption>", f);
    jh_html_escape(f, c->title);
    fputs("</figcaption>\n<svg class=\"chart\" data-metric=\"", f);
    jh_html_escape(f, c->metric);
    fprintf(f, "\" viewBox=\"0 0 %g %g\" width=\"%g\" height=\"%g\" role=\"img\">\n", W, H, W, H);
    /* grid and y axis */
    char buf[64];
    for (double v = ymin; v <= ymax + step / 2; v += step) {
        double y = YPOS(v);
        fmt(buf, sizeof buf, v);
        fprintf(f,
                "<line class=\"grid\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\"/>"
                "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                ml, y, ml + pw, y, ml - 4, y + 4, buf);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>", ml, mt, ml,
            mt + ph);
    fprintf(f, "<line class=\"axis\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" y2=\"%.1f\"/>\n", ml,
            YPOS(ymin), ml + pw, YPOS(ymin));
    if (c->y_label) {
        fprintf(f, "<text x=\"12\" y=\"%g\" transform=\"rotate(-90 12 %g)\" "
                   "text-anchor=\"middle\">", mt + ph / 2, mt + ph / 2);
        jh_html_escape(f, c->y_label);
        fputs("</text>\n", f);
    }
    /* x positions: points for lines, bands for bars */
    size_t every = c->n_x > 12 ? (c->n_x + 11) / 12 : 1;
    for (size_t i = 0; i < c->n_x; i++) {
        double x = c->bars || c->n_x == 1 ? ml + (i + 0.5) * pw / c->n_x
                                          : ml + i * pw / (c->n_x - 1);
        if (i % every == 0) {
            fprintf(f, "<text class=\"xlabel\" x=\"%.1f\" y=\"%g\" text-anchor=\"middle\">", x,
                    mt + ph + 16);
            jh_html_escape(f, c->x_labels ? c->x_labels[i] : "");
            fputs("</text>", f);
        }
    }
    fputc('\n', f);
    for (size_t s = 0; s < c->n_series; s++) {
        const jh_chart_series *se = &c->series[s];
        const char *col = jh_html_colour(s);
        fputs("<g class=\"series\" data-label=\"", f);
        jh_html_escape(f, se->label);
        fputs("\">", f);
        if (c->bars) {
            double band = pw / (c->n_x ? c->n_x : 1);
            double bw = band * 0.8 / (c->n_series ? c->n_series : 1);
            for (size_t i = 0; i < c->n_x; i++) {
                double v = se->y[i];
                if (!isfinite(v))
                    continue;
                double x = ml + i * band + band * 0.1 + s * bw;
                double y0 = YPOS(0 > ymin ? 0 : ymin), y1 = YPOS(v);
                fmt(buf, sizeof buf, v);
                fprintf(f,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        "height=\"%.1f\" fill=\"%s\" data-value=\"%s\"><title>",
                        x, y1 < y0 ? y1 : y0, bw, fabs(y0 - y1), col, buf);
                jh_html_escape(f, se->label);
                fprintf(f, ": %s</title></rect>", buf);
            }
        } else {
            fputs("<path fill=\"none\" d=\"", f);
            bool pen = false;
            for (size_t i = 0; i < c->n_x; i++) {
                double v = se->y[i];
                if (!isfinite(v)) {
                    pen = false;
                    continue;
                }
                double x = c->n_x == 1 ? ml + pw / 2 : ml + i * pw / (c->n_x - 1);
                fprintf(f, "%c%.1f %.1f ", pen ? 'L' : 'M', x, YPOS(v));
                pen = true;
            }
            fprintf(f, "\" stroke=\"%s\" stroke-width=\"%s\"/>", col, se->bold ? "3" : "1.5");
            for (size_t i = 0; i < c->n_x; i++) {
                double v = se->y[i];
                if (!isfinite(v))
                    continue;
                double x = c->n_x == 1 ? ml + pw / 2 : ml + i * pw / (c->n_x - 1);
                fmt(buf, sizeof buf, v);
                fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" "
                           "data-value=\"%s\"><title>",
                        x, YPOS(v), se->bold ? "3.5" : "2.5", col, buf);
                jh_html_escape(f, c->x_labels ? c->x_labels[i] : "");
                fputs(" ", f);
                jh_html_escape(f, se->label);
                fprintf(f, ": %s</title></circle>", buf);
            }
        }
        fputs("</g>\n", f);
    }
    if (c->has_limit && isfinite(c->limit)) {
        fmt(buf, sizeof buf, c->limit);
        fprintf(f,
                "<line class=\"limit\" data-limit=\"%s\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" "
                "y2=\"%.1f\"/><text x=\"%g\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c62828\">",
                buf, ml, YPOS(c->limit), ml + pw, YPOS(c->limit), ml + pw, YPOS(c->limit) - 4);
        jh_html_escape(f, c->limit_label);
        fprintf(f, " %s</text>\n", buf);
    }
    fputs("</svg>\n<ul class=\"legend\">", f);
    for (size_t s = 0; s < c->n_series; s++) {
        fprintf(f, "<li><span class=\"swatch\" style=\"background:%s\"></span>",
                jh_html_colour(s));
        jh_html_escape(f, c->series[s].label);
        fputs("</li>", f);
    }
    fputs("</ul>\n</figure>\n", f);
#undef YPOS
}

/* ----------------------------------------------------------------- report */

/* Above these sizes the page would run to tens of megabytes and no browser
 * would draw it: villages and their lines are left off the map, and the
 * school list is cut, with a note pointing to the Shapefiles and CSVs. */
#define MAX_VILLAGES_DRAWN 20000
#define MAX_LINES_DRAWN 40000
#define MAX_SCHOOL_ROWS 3000

typedef struct report {
    FILE *f;
    const jh_run_result *r;
    bool en;
    jh_rules rules;
    char **year_labels;  /* "2025", ... */
    double *y;           /* scratch, n_years x 16 */
} report;

static double cv_limit(const report *rp, int standard, int level)
{
    return standard == JH_STANDARD_BASIC ? rp->rules.cv_limit_basic[level]
                                         : rp->rules.cv_limit_quality[level];
}

static const jh_standard_metrics *std_of(const jh_level_metrics *m, int standard)
{
    return standard == JH_STANDARD_BASIC ? &m->basic : &m->quality;
}

static void cell_num(FILE *f, double v)
{
    char buf[64];
    fmt(buf, sizeof buf, v);
    fprintf(f, "<td>%s</td>", buf);
}

static void cell_pass(FILE *f, bool pass, bool en)
{
    fprintf(f, "<td class=\"%s\" data-pass=\"%d\">%s</td>", pass ? "pass" : "fail", pass ? 1 : 0,
            pass ? T(en, "达标", "pass") : T(en, "未达标", "fail"));
}

/* Final-year students and compliance of a school (over the levels it serves). */
typedef struct school_view {
    int students;
    int counted, compliant;
} school_view;

static void header_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    const jh_scenario *sc = r->scenario;
    bool en = rp->en;
    fputs("<header id=\"header\">\n<h1>", f);
    fputs(T(en, "县域义务教育均衡发展模拟报告：", "Balance simulation report: "), f);
    jh_html_escape(f, sc && sc->name ? sc->name : "");
    fputs("</h1>\n<p class=\"meta\">", f);
    if (r->n_years > 0)
        fprintf(f, "%s %d–%d · ", T(en, "规划期", "Horizon"), r->years[0].year,
                r->years[r->n_years - 1].year);
    fprintf(f, "%s %s · %s ", T(en, "评估标准", "Standard"),
            jh_html_standard_label(sc ? (int)sc->standard : 0, en), T(en, "坐标系", "CRS"));
    jh_html_escape(f, r->county->crs);
    fprintf(f, " · %s %zu · %s %zu</p>\n</header>\n", T(en, "学校", "Schools"),
            r->county->n_schools, T(en, "村庄", "Villages"), r->county->n_villages);

    /* key figures */
    fputs("<section id=\"summary\"><h2>", f);
    fputs(T(en, "主要结论", "Key figures"), f);
    fputs("</h2>\n<div class=\"cards\">\n", f);
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int s = 0; s < 2; s++) {
            int y = r->first_pass_year[l][s];
            fprintf(f, "<div class=\"card first-pass\" data-level=\"%s\" data-standard=\"%s\" "
                       "data-year=\"%s%.0d\"><div>%s · %s · %s</div><div class=\"v\">",
                    jh_level_name((jh_level)l), s ? "basic" : "quality", y ? "" : "never", y,
                    jh_html_level_label((jh_level)l, en), jh_html_standard_label(s, en),
                    T(en, "首次达标年份", "first pass year"));
            if (y)
                fprintf(f, "%d", y);
            else
                fputs(T(en, "规划期内未达标", "not within the horizon"), f);
            fputs("</div></div>\n", f);
        }
    int closed = 0, built = 0;
    for (size_t y = 0; y < r->n_years; y++)
        closed += r->years[y].schools_closed, built += r->years[y].schools_built;
    char buf[64];
    fmt(buf, sizeof buf, r->total_cost_wan);
    fprintf(f, "<div class=\"card\" id=\"total-cost\" data-value=\"%s\"><div>%s</div>"
               "<div class=\"v\">%s %s</div></div>\n",
            buf, T(en, "建设投入合计", "Total construction cost"), buf, T(en, "万元", "×10⁴ yuan"));
    fprintf(f, "<div class=\"card\"><div>%s</div><div class=\"v\">%d / %d</div></div>\n",
            T(en, "撤并 / 新建学校", "Schools closed / built"), closed, built);
    fputs("</div>\n</section>\n", f);
}

/* The map: schools, villages and the lines between them in the working CRS
 * (y grows north, so it is flipped for SVG). */
static void map_section(report *rp, const school_view *sv)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    const jh_county *c = r->county;
    bool en = rp->en;
    fprintf(f, "<section id=\"map-section\"><h2>%s</h2>\n",
            T(en, "学校布局图（规划期末）", "Map of the schools (final year)"));
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
#define GROW(px, py)                                                                           \
    do {                                                                                       \
        if (isfinite(px) && isfinite(py)) {                                                    \
            minx = fmin(minx, px), maxx = fmax(maxx, px);                                      \
            miny = fmin(miny, py), maxy = fmax(maxy, py);                                      \
        }                                                                                      \
    } while (0)
    for (size_t i = 0; i < c->n_schools; i++)
        if (c->schools[i].status != JH_STATUS_CANDIDATE)
            GROW(c->schools[i].x, c->schools[i].y);
    for (size_t i = 0; i < c->n_villages; i++)
        GROW(c->villages[i].x, c->villages[i].y);
#undef GROW
    if (!isfinite(minx)) {
        fprintf(f, "<p>%s</p></section>\n", T(en, "无可绘制的位置。", "Nothing to draw."));
        return;
    }
    const double W = 900, pad = 24;
    double dx = maxx - minx, dy = maxy - miny;
    if (dx <= 0 && dy <= 0)
        dx = dy = 1000;
    double H = dx > 0 ? (W - 2 * pad) * dy / dx + 2 * pad + 40 : 700;
    if (H > 800)
        H = 800;
    if (H < 240)
        H = 240;
    double sx = dx > 0 ? (W - 2 * pad) / dx : INFINITY;
    double sy = dy > 0 ? (H - 2 * pad - 40) / dy : INFINITY;
    double s = fmin(sx, sy);
    double ox = pad + ((W - 2 * pad) - dx * s) / 2;
    double oy = pad + ((H - 2 * pad - 40) - dy * s) / 2;
#define PX(x) (ox + ((x) - minx) * s)
#define PY(y) (oy + (maxy - (y)) * s)
    fprintf(f, "<svg class=\"map\" viewBox=\"0 0 %g %.0f\" width=\"%g\" height=\"%.0f\" "
               "role=\"img\">\n<g id=\"map\">\n<g id=\"assignments\">\n",
            W, H, W, H);
    int maxflow = 1;
    for (size_t k = 0; k < r->n_final_flows; k++)
        if (r->final_flows[k].students > maxflow)
            maxflow = r->final_flows[k].students;
    bool draw_villages = c->n_villages <= MAX_VILLAGES_DRAWN;
    bool draw_lines = r->n_final_flows <= MAX_LINES_DRAWN;
    for (size_t k = 0; k < r->n_final_flows && draw_lines; k++) {
        const jh_flow *fl = &r->final_flows[k];
        if (fl->school < 0 || (size_t)fl->school >= c->n_schools || fl->students <= 0)
            continue;
        double x0, y0;
        const char *oid;
        if (fl->village >= 0 && (size_t)fl->village < c->n_villages) {
            x0 = c->villages[fl->village].x, y0 = c->villages[fl->village].y;
            oid = c->villages[fl->village].id;
        } else if (fl->village < 0 && (size_t)(-1 - fl->village) < c->n_schools) {
            x0 = c->schools[-1 - fl->village].x, y0 = c->schools[-1 - fl->village].y;
            oid = c->schools[-1 - fl->village].id;
        } else {
            continue;
        }
        const jh_school *to = &c->schools[fl->school];
        fprintf(f, "<line class=\"assignment\" data-level=\"%s\" data-students=\"%d\" "
                   "data-from=\"",
                jh_level_name(fl->level), fl->students);
        jh_html_escape(f, oid);
        fputs("\" data-school=\"", f);
        jh_html_escape(f, to->id);
        fprintf(f, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-opacity=\"0.5\" stroke-width=\"%.2f\"/>\n",
                PX(x0), PY(y0), PX(to->x), PY(to->y),
                fl->level == JH_PRIMARY ? "#6baed6" : "#fd8d3c",
                0.5 + 2.5 * sqrt((double)fl->students / maxflow));
    }
    fputs("</g>\n<g id=\"villages\">\n", f);
    for (size_t i = 0; i < c->n_villages && draw_villages; i++) {
        const jh_village *v = &c->villages[i];
        if (!isfinite(v->x) || !isfinite(v->y))
            continue;
        fputs("<circle class=\"village\" data-id=\"", f);
        jh_html_escape(f, v->id);
        fprintf(f, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#555\"><title>", PX(v->x), PY(v->y));
        jh_html_escape(f, v->name ? v->name : v->id);
        fputs("</title></circle>\n", f);
    }
    fputs("</g>\n<g id=\"schools\">\n", f);
    int maxst = 1;
    for (size_t i = 0; i < c->n_schools; i++)
        if (sv[i].students > maxst)
            maxst = sv[i].students;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *sc = &c->schools[i];
        if (sc->status == JH_STATUS_CANDIDATE || !isfinite(sc->x) || !isfinite(sc->y))
            continue;
        const char *fill, *compl;
        if (sc->status == JH_STATUS_CLOSED)
            fill = "none", compl = "closed";
        else if (sv[i].counted == 0)
            fill = "#9e9e9e", compl = "not-counted";
        else if (sv[i].compliant == sv[i].counted)
            fill = "#2ca02c", compl = "yes";
        else
            fill = "#d62728", compl = "no";
        const char *stroke = sc->status == JH_STATUS_NEW ? "#1f3fb4"
                             : sc->status == JH_STATUS_CLOSED ? "#666" : "#333";
        double rad = sc->status == JH_STATUS_CLOSED ? 4 : 3 + 10 * sqrt((double)sv[i].students / maxst);
        fputs("<circle class=\"school\" data-id=\"", f);
        jh_html_escape(f, sc->id);
        fprintf(f, "\" data-status=\"%s\" data-compliant=\"%s\" data-students=\"%d\" "
                   "cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.8\" "
                   "stroke=\"%s\" stroke-width=\"%s\"%s><title>",
                jh_output_status_name(sc->status), compl, sv[i].students, PX(sc->x), PY(sc->y),
                rad, fill, stroke, sc->status == JH_STATUS_NEW ? "2.5" : "1",
                sc->status == JH_STATUS_CLOSED ? " stroke-dasharray=\"2 2\"" : "");
        jh_html_escape(f, sc->name ? sc->name : sc->id);
        fprintf(f, " (%d)</title></circle>\n", sv[i].students);
    }
    fputs("</g>\n", f);
    /* scale bar: a round length near a fifth of the width */
    double metres = nice_step((W - 2 * pad) / 5 / s);
    if (metres * s > (W - 2 * pad) / 2.5)
        metres /= 2;
    double len = metres * s;
    double bx = pad, by = H - 24;
    char label[64];
    if (metres >= 1000)
        snprintf(label, sizeof label, "%g km", metres / 1000);
    else
        snprintf(label, sizeof label, "%g m", metres);
    fprintf(f, "<g id=\"scale-bar\" data-metres=\"%g\"><rect x=\"%.1f\" y=\"%.1f\" "
               "width=\"%.1f\" height=\"5\" fill=\"#333\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>"
               "</g>\n",
            metres, bx, by, len, bx + len + 6, by + 6, label);
    fputs("</g>\n</svg>\n", f);
#undef PX
#undef PY
    /* legend */
    fprintf(f, "<ul class=\"legend\" id=\"map-legend\">"
               "<li><span class=\"swatch\" style=\"background:#2ca02c\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"background:#d62728\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"background:#9e9e9e\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"border:2px solid #1f3fb4\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"border:1px dashed #666\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"background:#555;width:.4em\"></span>%s</li>"
               "<li><span class=\"swatch\" style=\"background:#6baed6;height:2px\"></span>%s"
               "</li><li><span class=\"swatch\" style=\"background:#fd8d3c;height:2px\">"
               "</span>%s</li></ul>\n",
            T(en, "达标学校", "compliant school"), T(en, "未达标学校", "non-compliant school"),
            T(en, "不参与计算", "not counted"), T(en, "新建学校", "new school"),
            T(en, "已撤并学校", "closed school"), T(en, "村庄", "village"),
            T(en, "小学就读", "primary trips"), T(en, "初中就读", "junior trips"));
    fprintf(f, "<p class=\"meta\">%s</p>\n",
            T(en, "圆的大小表示在校生数；坐标为工作投影坐标系（米）。",
              "Circle size shows students; coordinates in the working CRS (metres)."));
    if (!draw_villages || !draw_lines)
        fprintf(f, "<p class=\"meta\" id=\"map-omitted\">%s</p>\n",
                T(en, "村庄或就学路线过多，未在图中绘出；见 assignments.shp。",
                  "Too many villages or trips to draw; see assignments.shp."));
    fputs("</section>\n", f);
}

/* Per year: students, schools, compliance and pass of each level. */
static void years_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    fprintf(f, "<section id=\"years\"><h2>%s</h2>\n<table id=\"years-table\"><thead><tr>"
               "<th>%s</th>",
            T(en, "逐年概况", "Year by year"), T(en, "年份", "Year"));
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s %s</th><th>%s %s</th><th>%s %s</th><th>%s %s</th>",
                jh_html_level_label((jh_level)l, en), T(en, "在校生", "students"),
                jh_html_level_label((jh_level)l, en), T(en, "学校", "schools"),
                jh_html_level_label((jh_level)l, en), T(en, "达标学校", "compliant"),
                jh_html_level_label((jh_level)l, en), T(en, "未安置", "unplaced"));
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < r->n_years; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            fprintf(f, "<td>%ld</td><td>%d</td><td>%d / %d</td><td>%ld</td>", m->students,
                    m->schools, m->schools_compliant, m->schools_counted, m->unplaced_students);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* One chart per level and standard: every indicator's CV by year, the mean
 * CV in bold, and the limit dashed. Then the pass/fail table. */
static void cv_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"cv\"><h2>%s</h2>\n",
            T(en, "差异系数与达标情况", "Difference coefficients (CV) and pass / fail"));
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int nk = s == JH_STANDARD_BASIC ? JH_NBASIC : JH_NQUALITY;
            const char *const *keys = s == JH_STANDARD_BASIC ? jh_basic_keys : jh_quality_keys;
            jh_chart_series series[JH_NBASIC + 1];
            for (int k = 0; k <= nk; k++) {
                double *yv = rp->y + (size_t)k * ny;
                for (size_t y = 0; y < ny; y++) {
                    const jh_standard_metrics *sm = std_of(&r->years[y].metrics.level[l], s);
                    yv[y] = k < nk ? sm->ind[k].cv : sm->cv_mean;
                }
                series[k].label = k < nk ? jh_html_indicator_label(keys[k], en)
                                         : T(en, "差异系数均值", "mean CV");
                series[k].y = yv;
                series[k].bold = k == nk;
            }
            char metric[64], title[256];
            snprintf(metric, sizeof metric, "cv.%s.%s", jh_level_name((jh_level)l),
                     s ? "basic" : "quality");
            snprintf(title, sizeof title, "%s · %s · %s", jh_html_level_label((jh_level)l, en),
                     jh_html_standard_label(s, en), T(en, "差异系数", "CV"));
            jh_chart c = {.metric = metric,
                          .title = title,
                          .y_label = T(en, "差异系数", "CV"),
                          .x_labels = (const char *const *)rp->year_labels,
                          .n_x = ny,
                          .series = series,
                          .n_series = (size_t)nk + 1,
                          .has_limit = true,
                          .limit = cv_limit(rp, s, l),
                          .limit_label = T(en, "限值", "limit")};
            jh_html_chart(f, &c);
        }
    for (int s = 0; s < 2; s++)
        for (int l = 0; l < JH_NLEVELS; l++) {
            int nk = s == JH_STANDARD_BASIC ? JH_NBASIC : JH_NQUALITY;
            const char *const *keys = s == JH_STANDARD_BASIC ? jh_basic_keys : jh_quality_keys;
            int fpy = r->first_pass_year[l][s];
            fprintf(f, "<h3>%s · %s</h3>\n<p class=\"first-pass-year\" data-level=\"%s\" "
                       "data-standard=\"%s\">%s: ",
                    jh_html_level_label((jh_level)l, en), jh_html_standard_label(s, en),
                    jh_level_name((jh_level)l), s ? "basic" : "quality",
                    T(en, "首次达标年份", "First pass year"));
            if (fpy)
                fprintf(f, "<b>%d</b>", fpy);
            else
                fputs(T(en, "规划期内未达标", "not within the horizon"), f);
            char lim[32];
            fmt(lim, sizeof lim, cv_limit(rp, s, l));
            fprintf(f, " · %s %s</p>\n", T(en, "差异系数限值", "CV limit"), lim);
            fprintf(f, "<table class=\"pass-table\" data-level=\"%s\" data-standard=\"%s\">"
                       "<thead><tr><th>%s</th>",
                    jh_level_name((jh_level)l), s ? "basic" : "quality", T(en, "年份", "Year"));
            for (int k = 0; k < nk; k++)
                fprintf(f, "<th title=\"%s\">%s</th>", keys[k], jh_html_indicator_label(keys[k], en));
            fprintf(f, "<th>%s</th><th>%s</th>%s<th>%s</th></tr></thead><tbody>\n",
                    T(en, "均值", "mean"), T(en, "差异系数", "CV"),
                    s == JH_STANDARD_QUALITY
                        ? (en ? "<th>Compliant schools</th>" : "<th>达标学校</th>")
                        : "",
                    T(en, "结论", "result"));
            for (size_t y = 0; y < ny; y++) {
                const jh_level_metrics *m = &r->years[y].metrics.level[l];
                const jh_standard_metrics *sm = std_of(m, s);
                fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year,
                        r->years[y].year);
                for (int k = 0; k < nk; k++)
                    cell_num(f, sm->ind[k].cv);
                cell_num(f, sm->cv_mean);
                cell_pass(f, sm->cv_pass, en);
                if (s == JH_STANDARD_QUALITY)
                    fprintf(f, "<td>%d / %d</td>", m->schools_compliant, m->schools_counted);
                cell_pass(f, sm->pass, en);
                fputs("</tr>\n", f);
            }
            fputs("</tbody></table>\n", f);
        }
    fputs("</section>\n", f);
}

static void classes_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"classes\"><h2>%s</h2>\n",
            T(en, "大班额与超大班额", "Large and super-large classes"));
    jh_chart_series series[4];
    char labels[4][96];
    for (int l = 0; l < JH_NLEVELS; l++)
        for (int k = 0; k < 2; k++) {
            int i = 2 * l + k;
            double *yv = rp->y + (size_t)i * ny;
            for (size_t y = 0; y < ny; y++) {
                const jh_level_metrics *m = &r->years[y].metrics.level[l];
                yv[y] = k ? m->super_large_classes : m->large_classes;
            }
            snprintf(labels[i], sizeof labels[i], "%s %s", jh_html_level_label((jh_level)l, en),
                     k ? T(en, "超大班额", "super-large") : T(en, "大班额", "large"));
            series[i] = (jh_chart_series){labels[i], yv, false};
        }
    jh_chart c = {.metric = "classes.large",
                  .title = T(en, "大班额（56–65人）与超大班额（66人以上）班数",
                             "Large (56–65) and super-large (66+) classes"),
                  .y_label = T(en, "班数", "classes"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = series,
                  .n_series = 4};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"classes-table\"><thead><tr><th>%s</th>", T(en, "年份", "Year"));
    for (int i = 0; i < 4; i++)
        fprintf(f, "<th>%s</th>", labels[i]);
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s %s</th>", jh_html_level_label((jh_level)l, en),
                T(en, "最大班额", "largest class"));
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            fprintf(f, "<td>%d</td><td>%d</td>", m->large_classes, m->super_large_classes);
        }
        for (int l = 0; l < JH_NLEVELS; l++)
            fprintf(f, "<td>%d</td>", r->years[y].metrics.level[l].largest_class);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

/* Distance distribution of the final year (bands of km, or minutes when the
 * travel table is in minutes) and the share beyond the limit by year. */
static void distance_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    bool minutes = rp->rules.distance_minutes;
    static const double km_edges[] = {1, 2, 3, 5, 10};
    static const double min_edges[] = {10, 20, 30, 45, 60};
    const double *edges = minutes ? min_edges : km_edges;
    enum { NB = 6 };
    double counts[JH_NLEVELS][NB] = {{0}};
    for (size_t k = 0; k < r->n_final_flows; k++) {
        const jh_flow *fl = &r->final_flows[k];
        if (fl->school < 0 || fl->students <= 0 || !isfinite(fl->cost))
            continue;
        double d = minutes ? fl->cost : fl->cost / 1000;
        int b = 0;
        while (b < NB - 1 && d >= edges[b])
            b++;
        counts[fl->level][b] += fl->students;
    }
    const char *unit = minutes ? T(en, "分钟", "min") : "km";
    char bl[NB][48];
    const char *bands[NB];
    for (int b = 0; b < NB; b++) {
        if (b == 0)
            snprintf(bl[b], sizeof bl[b], "<%g %s", edges[0], unit);
        else if (b == NB - 1)
            snprintf(bl[b], sizeof bl[b], "≥%g %s", edges[NB - 2], unit);
        else
            snprintf(bl[b], sizeof bl[b], "%g–%g %s", edges[b - 1], edges[b], unit);
        bands[b] = bl[b];
    }
    fprintf(f, "<section id=\"distance\"><h2>%s</h2>\n",
            T(en, "上学距离", "Distance to school"));
    jh_chart_series series[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++)
        series[l] = (jh_chart_series){jh_html_level_label((jh_level)l, en), counts[l], false};
    jh_chart c = {.metric = "distance.bands",
                  .title = T(en, "规划期末上学距离分布（学生数）",
                             "Distance distribution in the final year (students)"),
                  .y_label = T(en, "学生数", "students"),
                  .x_labels = bands,
                  .n_x = NB,
                  .series = series,
                  .n_series = JH_NLEVELS,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"distance-bands\"><thead><tr><th>%s</th>", T(en, "距离", "Distance"));
    for (int l = 0; l < JH_NLEVELS; l++)
        fprintf(f, "<th>%s</th>", jh_html_level_label((jh_level)l, en));
    fputs("</tr></thead><tbody>\n", f);
    for (int b = 0; b < NB; b++) {
        fprintf(f, "<tr data-band=\"%d\"><td class=\"text\">", b);
        jh_html_escape(f, bands[b]);
        fputs("</td>", f);
        for (int l = 0; l < JH_NLEVELS; l++)
            fprintf(f, "<td>%.0f</td>", counts[l][b]);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    /* share beyond the limit, by year */
    jh_chart_series sh[JH_NLEVELS];
    for (int l = 0; l < JH_NLEVELS; l++) {
        double *yv = rp->y + (size_t)l * ny;
        for (size_t y = 0; y < ny; y++)
            yv[y] = 100 * r->years[y].metrics.level[l].share_beyond_distance;
        sh[l] = (jh_chart_series){jh_html_level_label((jh_level)l, en), yv, false};
    }
    jh_chart c2 = {.metric = "distance.share_beyond",
                   .title = T(en, "超出就学距离限值的学生比例（%）",
                              "Share of students beyond the distance limit (%)"),
                   .y_label = "%",
                   .x_labels = (const char *const *)rp->year_labels,
                   .n_x = ny,
                   .series = sh,
                   .n_series = JH_NLEVELS};
    jh_html_chart(f, &c2);
    fprintf(f, "<table id=\"distance-table\"><thead><tr><th>%s</th>", T(en, "年份", "Year"));
    for (int l = 0; l < JH_NLEVELS; l++) {
        char lim[32];
        fmt(lim, sizeof lim, rp->rules.distance_km[l]);
        fprintf(f, "<th>%s %s (%s)</th><th>%s %s %s %s%s</th>",
                jh_html_level_label((jh_level)l, en), T(en, "平均距离", "mean distance"),
                minutes ? unit : "km", jh_html_level_label((jh_level)l, en),
                T(en, "超出", "share beyond"), lim, unit, T(en, "的比例", ""));
    }
    fputs("</tr></thead><tbody>\n", f);
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        for (int l = 0; l < JH_NLEVELS; l++) {
            const jh_level_metrics *m = &r->years[y].metrics.level[l];
            cell_num(f, m->mean_distance_km);
            char buf[32];
            if (isfinite(m->share_beyond_distance))
                snprintf(buf, sizeof buf, "%.1f%%", 100 * m->share_beyond_distance);
            else
                snprintf(buf, sizeof buf, "–");
            fprintf(f, "<td>%s</td>", buf);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

static void teachers_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"teachers\"><h2>%s</h2>\n",
            T(en, "教师交流、招聘与退休", "Teachers rotated, hired and retired"));
    const char *labels[3] = {T(en, "交流轮岗", "rotated"), T(en, "新招聘", "hired"),
                             T(en, "退休", "retired")};
    jh_chart_series series[3];
    for (int k = 0; k < 3; k++) {
        double *yv = rp->y + (size_t)k * ny;
        for (size_t y = 0; y < ny; y++) {
            const jh_teacher_year *t = &r->years[y].teachers;
            yv[y] = k == 0 ? t->moved : k == 1 ? t->hired : t->retired;
        }
        series[k] = (jh_chart_series){labels[k], yv, false};
    }
    jh_chart c = {.metric = "teachers",
                  .title = T(en, "每年教师流动", "Teacher movements per year"),
                  .y_label = T(en, "人", "teachers"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = series,
                  .n_series = 3,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"teachers-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            T(en, "年份", "Year"), T(en, "教师总数", "total"),
            T(en, "符合交流条件", "eligible"), labels[0],
            T(en, "其中骨干教师", "of them backbone"), labels[1], labels[2]);
    for (size_t y = 0; y < ny; y++) {
        const jh_teacher_year *t = &r->years[y].teachers;
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td><td>%ld</td><td>%ld</td><td>%ld</td>"
                   "<td>%ld</td><td>%ld</td><td>%ld</td></tr>\n",
                r->years[y].year, r->years[y].year, t->total, t->eligible, t->moved,
                t->backbone_moved, t->hired, t->retired);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

static void cost_section(report *rp)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    bool en = rp->en;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"cost\"><h2>%s</h2>\n",
            T(en, "建设投入与学校撤并新建", "Construction cost and schools closed / built"));
    double *yv = rp->y;
    for (size_t y = 0; y < ny; y++)
        yv[y] = r->years[y].cost_wan;
    jh_chart_series s = {T(en, "建设投入（万元）", "cost (×10⁴ yuan)"), yv, false};
    jh_chart c = {.metric = "cost",
                  .title = T(en, "每年建设投入（万元）", "Construction cost per year (×10⁴ yuan)"),
                  .y_label = T(en, "万元", "×10⁴ yuan"),
                  .x_labels = (const char *const *)rp->year_labels,
                  .n_x = ny,
                  .series = &s,
                  .n_series = 1,
                  .bars = true};
    jh_html_chart(f, &c);
    fprintf(f, "<table id=\"cost-table\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th></tr></thead><tbody>\n",
            T(en, "年份", "Year"), T(en, "建设投入（万元）", "cost (×10⁴ yuan)"),
            T(en, "撤并学校", "schools closed"), T(en, "新建学校", "schools built"));
    for (size_t y = 0; y < ny; y++) {
        fprintf(f, "<tr data-year=\"%d\"><td>%d</td>", r->years[y].year, r->years[y].year);
        cell_num(f, r->years[y].cost_wan);
        fprintf(f, "<td>%d</td><td>%d</td></tr>\n", r->years[y].schools_closed,
                r->years[y].schools_built);
    }
    fprintf(f, "<tr class=\"total\"><th>%s</th>", T(en, "合计", "Total"));
    cell_num(f, r->total_cost_wan);
    fputs("<td></td><td></td></tr>\n</tbody></table>\n</section>\n", f);
}

static void optimisation_section(report *rp)
{
    const jh_run_result *r = rp->r;
    if (!r->has_consolidation)
        return;
    FILE *f = rp->f;
    bool en = rp->en;
    const jh_consolidation_result *c = &r->consolidation;
    char obj[32], secs[32];
    fmt(obj, sizeof obj, c->objective);
    fmt(secs, sizeof secs, c->seconds);
    fprintf(f, "<section id=\"optimisation\"><h2>%s</h2>\n<p>%s %d · %s · %s %s · %s %s s</p>\n",
            T(en, "布局优化", "Consolidation optimiser"), T(en, "年份", "year"), c->year,
            jh_html_level_label(c->level, en), T(en, "目标值", "objective"), obj,
            T(en, "用时", "time"), secs);
    for (int k = 0; k < 2; k++) {
        char **ids = k ? c->closed : c->kept;
        size_t n = k ? c->n_closed : c->n_kept;
        fprintf(f, "<p class=\"%s\"><b>%s (%zu):</b> ", k ? "closed" : "kept",
                k ? T(en, "撤并", "closed") : T(en, "保留", "kept"), n);
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputs(", ", f);
            jh_html_escape(f, ids[i]);
        }
        fputs("</p>\n", f);
    }
    fputs("</section>\n", f);
}

/* The final year's school list, with the names in text (escaped). */
static void schools_section(report *rp, const school_view *sv)
{
    FILE *f = rp->f;
    const jh_run_result *r = rp->r;
    const jh_county *c = r->county;
    bool en = rp->en;
    fprintf(f, "<section id=\"school-list\"><h2>%s</h2>\n<table id=\"schools-table\"><thead><tr>"
               "<th class=\"text\">%s</th><th class=\"text\">%s</th><th class=\"text\">%s</th>"
               "<th class=\"text\">%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
            T(en, "学校（规划期末）", "Schools (final year)"), T(en, "编号", "id"),
            T(en, "名称", "name"), T(en, "类型", "type"), T(en, "状态", "status"),
            T(en, "在校生", "students"), T(en, "达标", "compliant"));
    size_t rows = 0;
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        if (s->status == JH_STATUS_CANDIDATE)
            continue;
        if (++rows > MAX_SCHOOL_ROWS) {
            fprintf(f, "<tr class=\"omitted\"><td class=\"text\" colspan=\"6\">%s</td></tr>\n",
                    T(en, "其余学校见 schools.csv", "the other schools: see schools.csv"));
            break;
        }
        fputs("<tr class=\"school-row\" data-id=\"", f);
        jh_html_escape(f, s->id);
        fputs("\"><td class=\"text\">", f);
        jh_html_escape(f, s->id);
        fputs("</td><td class=\"text\">", f);
        jh_html_escape(f, s->name);
        fprintf(f, "</td><td class=\"text\">%s</td><td class=\"text\">%s</td><td>%d</td><td>",
                jh_school_type_name(s->type), jh_output_status_name(s->status), sv[i].students);
        if (sv[i].counted)
            fprintf(f, "%d / %d", sv[i].compliant, sv[i].counted);
        else
            fputs("–", f);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n</section>\n", f);
}

jh_status jh_report_html_write(const jh_run_result *r, const char *path, const char *lang,
                               jh_error *err)
{
    if (!r || !r->county)
        return jh_error_set(err, JH_ERR_RUN, "%s: no run result to report", path);
    bool en = lang && strcmp(lang, "en") == 0;
    report rp = {.r = r, .en = en};
    if (r->scenario)
        rp.rules = r->scenario->rules;
    else
        jh_rules_default(&rp.rules);
    size_t ny = r->n_years;
    const jh_county *c = r->county;
    rp.year_labels = calloc(ny ? ny : 1, sizeof *rp.year_labels);
    rp.y = calloc((ny ? ny : 1) * 16, sizeof *rp.y);
    school_view *sv = calloc(c->n_schools ? c->n_schools : 1, sizeof *sv);
    bool oom = !rp.year_labels || !rp.y || !sv;
    for (size_t y = 0; y < ny && !oom; y++) {
        rp.year_labels[y] = malloc(16);
        if (!rp.year_labels[y])
            oom = true;
        else
            snprintf(rp.year_labels[y], 16, "%d", r->years[y].year);
    }
    jh_status st = JH_OK;
    if (oom)
        st = jh_error_set(err, JH_ERR_RUN, "%s: out of memory", path);
    if (st == JH_OK && ny > 0) {
        const jh_year_metrics *m = &r->years[ny - 1].metrics;
        for (size_t k = 0; k < m->n_schools; k++) {
            const jh_school_metrics *sm = &m->schools[k];
            if (sm->school < 0 || (size_t)sm->school >= c->n_schools)
                continue;
            sv[sm->school].students += sm->students;
            sv[sm->school].counted += sm->counted;
            sv[sm->school].compliant += sm->counted && sm->compliant;
        }
    }
    FILE *f = NULL;
    if (st == JH_OK) {
        f = fopen(path, "w");
        if (!f)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    }
    if (st == JH_OK) {
        rp.f = f;
        char title[512];
        snprintf(title, sizeof title, "%s%s", T(en, "均衡发展模拟报告 · ", "Balance report · "),
                 r->scenario && r->scenario->name ? r->scenario->name : "");
        jh_html_begin(f, en, title);
        header_section(&rp);
        map_section(&rp, sv);
        years_section(&rp);
        cv_section(&rp);
        classes_section(&rp);
        distance_section(&rp);
        teachers_section(&rp);
        cost_section(&rp);
        optimisation_section(&rp);
        schools_section(&rp, sv);
        fprintf(f, "<footer class=\"meta\"><p>junheng %s</p></footer>\n",
#ifdef JH_VERSION
                JH_VERSION
#else
                ""
#endif
        );
        jh_html_end(f);
        bool bad = ferror(f) != 0;
        if (fclose(f) != 0 || bad)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    for (size_t y = 0; y < ny && rp.year_labels; y++)
        free(rp.year_labels[y]);
    free(rp.year_labels);
    free(rp.y);
    free(sv);
    return st;
}
