/*
 * html: the pieces report.html and comparison.html share — escaping, the
 * page frame with its inline style sheet, the labels of indicators, levels
 * and standards in both languages, the palette and the SVG chart. Pages
 * are self-contained: inline CSS and SVG, no script, no URL of any kind.
 */
#include "output/html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"

/* ---------------------------------------------------------------- helpers */

size_t jh_html_bidi_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return u[0] == 0xE2 && ((u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) ||
                            (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9))
               ? 3
               : 0;
}

void jh_html_escape(FILE *f, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        /* bidirectional controls are removed: a name must not reorder the
         * text around it */
        size_t b = jh_html_bidi_len(s);
        if (b) {
            s += b - 1;
            continue;
        }
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

const char *jh_html_text(bool en, const char *zh, const char *english)
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
    "padding:.6em 1em;min-width:12em}.card .v{font-size:1.4em;font-weight:bold}"
    ".swatch-line{vertical-align:middle;margin-right:.2em}td.best{background:#e6f4ea;font-weight:bold}"
    "td.best::before{content:'\\2605 ';color:#1a7f37}.diff{display:block;font-size:.8em;color:#555}"
    "p.verdict-line{margin:.3em 0}p.verdict-line b{color:#1a5fb4}tr.year-start td{border-top:2px solid #999}"
    "#schools-table{font-size:.8em}#schools-table td{white-space:nowrap}#schools-table td.missed{white-space:normal;min-width:13em}"
    "#schools-table th{cursor:pointer;vertical-align:bottom;min-width:2.4em}#schools-table th[data-sort=asc]::after{content:' \\25B2'}"
    "#schools-table th[data-sort=desc]::after{content:' \\25BC'}#schools-table td.st1{color:#1f6fb4}"
    "#schools-table td.st2{color:#2a9d3c;font-weight:bold}#schools-table td.st3{color:#888}"
    "#schools-controls select,#schools-controls input{font:inherit}"
    "#needs-table{font-size:.85em}"
    ".concern-list{display:inline-block;vertical-align:top;margin:0 1.5em .8em 0;max-height:30em;"
    "overflow-y:auto}.concern-list h4{margin:.2em 0;position:sticky;top:0;background:#fff}"
    ".concern-list table{font-size:.85em;margin-top:0}#concerns h3{margin-top:1.4em}"
    ".map-wrap{display:flex;gap:1em;align-items:flex-start}"
    "svg.map{flex:1 1 auto;width:100%;height:auto;min-width:0;cursor:grab;user-select:none}"
    "svg.map text.label{font-size:11px;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px;"
    "stroke-linejoin:round}svg.map text.area-label{font-size:15px;fill:#9a8f78;letter-spacing:.2em}"
    "svg.map path.boundary{fill:#f1ede2;stroke:#8c8c8c;stroke-width:1.2px;vector-effect:non-scaling-stroke}"
    ".map-legend{flex:0 0 215px;font-size:.85em}.map-legend ul{list-style:none;padding:0;margin:0}"
    ".map-legend li{display:flex;align-items:center;gap:.4em;margin:.25em 0}"
    "#map-controls{margin:.4em 0}#map-controls label{margin:0 .6em 0 .2em}"
    "#map-controls button{border:1px solid #aaa;background:#f6f6f6;padding:.2em .7em;cursor:pointer}"
    "#map-controls button.on{background:#1a5fb4;color:#fff;border-color:#1a5fb4}"
    /* print: the key figures and the map on page one, each later section
     * on a new page, table headers repeated on every page */
    "@media print{@page{size:A4;margin:12mm}body{max-width:none;padding:0;font-size:9.5pt}"
    ".no-print,#map-controls,#schools-controls label:nth-child(2){display:none!important}section{break-before:page}"
    "section#summary,section#map-section{break-before:auto}h2{break-after:avoid;margin-top:.4em}"
    "table{display:table;overflow:visible;max-width:none}thead{display:table-header-group}"
    "tfoot{display:table-footer-group}tr,figure,.card{break-inside:avoid}"
    "svg.map{max-height:150mm}.map-legend{flex-basis:45mm}.cards{gap:.4em}.card{padding:.3em .6em}"
    "#plan-warnings,.concern-list{max-height:none!important;overflow:visible!important}"
    "details>summary{list-style:none}figure{display:block}"
    "table{font-size:7.5pt}#schools-table td,table td{white-space:normal}th,td{padding:.1em .3em}}";

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
    return l == JH_PRIMARY ? jh_html_text(en, "小学", "Primary") : jh_html_text(en, "初中", "Junior secondary");
}

const char *jh_html_standard_label(int standard, bool en)
{
    return standard == JH_STANDARD_BASIC ? jh_html_text(en, "基本均衡", "Basic balance")
                                         : jh_html_text(en, "优质均衡", "Quality balance");
}

const char *jh_html_colour(size_t i)
{
    static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                          "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                          "#bcbd22", "#17becf"};
    return palette[i % (sizeof palette / sizeof palette[0])];
}

/* A round step (1, 2 or 5 times a power of ten) near x. */
double jh_html_nice_step(double x)
{
    if (!(x > 0) || !isfinite(x))
        return 1;
    double e = pow(10, floor(log10(x)));
    double m = x / e;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * e;
}

void jh_html_number(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "–");
    else if (fabs(v) >= 1e4) /* money and counts: whole numbers, no exponent */
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.4g", v == 0 ? 0 : v);
}

/* Dash pattern of series i (the first solid). */
static const char *chart_dash(size_t i)
{
    static const char *const dash[5] = {"none", "9 4", "2 3", "12 3 2 3", "5 5"};
    return dash[i % 5];
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
    double step = jh_html_nice_step((ymax - ymin) / 5);
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
        jh_html_number(buf, sizeof buf, v);
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
                jh_html_number(buf, sizeof buf, v);
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
            /* coinciding series stay apart: a dash pattern per series, the
             * earlier ones wider and drawn first, so a later line lies on
             * top of an earlier one without hiding it */
            double sw = se->bold ? 3 : 1.5;
            if (c->n_series > 1)
                sw += 1.2 * (double)(c->n_series - 1 - s) / (double)(c->n_series - 1) * 2;
            fprintf(f, "\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-dasharray=\"%s\" "
                       "data-dash=\"%zu\"/>",
                    col, sw, chart_dash(s), s % 5);
            for (size_t i = 0; i < c->n_x; i++) {
                double v = se->y[i];
                if (!isfinite(v))
                    continue;
                double x = c->n_x == 1 ? ml + pw / 2 : ml + i * pw / (c->n_x - 1);
                jh_html_number(buf, sizeof buf, v);
                /* markers: concentric where series coincide (the earlier
                 * larger), filled and hollow in turn */
                double r = (se->bold ? 3.5 : 2.5) +
                           (c->n_series > 1 ? 1.3 * (double)(c->n_series - 1 - s) : 0);
                fprintf(f, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
                           "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" data-value=\"%s\"><title>",
                        x, YPOS(v), r, s % 2 ? "#fff" : col, col, buf);
                jh_html_escape(f, c->x_labels ? c->x_labels[i] : "");
                fputs(" ", f);
                jh_html_escape(f, se->label);
                fprintf(f, ": %s</title></circle>", buf);
            }
        }
        fputs("</g>\n", f);
    }
    if (c->has_limit && isfinite(c->limit)) {
        jh_html_number(buf, sizeof buf, c->limit);
        fprintf(f,
                "<line class=\"limit\" data-limit=\"%s\" x1=\"%g\" y1=\"%.1f\" x2=\"%g\" "
                "y2=\"%.1f\"/><text x=\"%g\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c62828\">",
                buf, ml, YPOS(c->limit), ml + pw, YPOS(c->limit), ml + pw, YPOS(c->limit) - 4);
        jh_html_escape(f, c->limit_label);
        fprintf(f, " %s</text>\n", buf);
    }
    fputs("</svg>\n<ul class=\"legend\">", f);
    for (size_t s = 0; s < c->n_series; s++) {
        if (c->bars)
            fprintf(f, "<li><span class=\"swatch\" style=\"background:%s\"></span>",
                    jh_html_colour(s));
        else
            fprintf(f, "<li><svg class=\"swatch-line\" width=\"34\" height=\"12\" "
                       "viewBox=\"0 0 34 12\"><line x1=\"1\" y1=\"6\" x2=\"33\" y2=\"6\" "
                       "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\"/>"
                       "<circle cx=\"17\" cy=\"6\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" "
                       "stroke-width=\"1.5\"/></svg> ",
                    jh_html_colour(s), chart_dash(s), s % 2 ? "#fff" : jh_html_colour(s),
                    jh_html_colour(s));
        jh_html_escape(f, c->series[s].label);
        fputs("</li>", f);
    }
    fputs("</ul>\n</figure>\n", f);
#undef YPOS
}

