/*
 * report_map: the planning map of report.html. One SVG in the working CRS
 * (metres, y flipped), the legend beside it:
 *   - the optional boundary layer (data.boundaries) underneath;
 *   - per year shown (the base year and the final year, a selector
 *     between them): each school's catchment as the hull of the origins
 *     its students come from (output/catchment.c, as results.gpkg), per
 *     level, primary shown and junior on demand;
 *   - villages as dots;
 *   - the schools of that year: circles sized by students and coloured by
 *     compliance, new schools as squares, expanded ones ringed, closed
 *     ones as a cross; every open school's name as an SVG <text> label,
 *     each with the zoom from which it shows (data-z: placed greedily,
 *     larger schools first, so labels never overlap at that zoom);
 *   - a north arrow and a scale bar that follows the zoom.
 * A small inline script (no fetch, no URL) gives zoom, pan and the
 * selectors; without it the page shows the final year at full extent.
 * Every name from the data is escaped.
 */
#include "output/report_map.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/catchment.h"
#include "output/format.h"
#include "output/html.h"

/* Above these sizes the page would run to tens of megabytes: villages,
 * catchments or labels are left off, with a note. */
#define MAX_VILLAGES_DRAWN 20000
#define MAX_CATCHMENT_ORIGINS 200000
#define MAX_LABELS_PLACED 2000

typedef struct map_ctx {
    FILE *f;
    const jh_run_result *r;
    const jh_county *c;
    bool en;
    double minx, maxy, s; /* map units = (x - minx) * s + ox */
    double ox, oy;
    double W, H;
    int *expand_year; /* per school: the first year an expansion names it (INT_MAX: none) */
} map_ctx;

static double px(const map_ctx *m, double x) { return m->ox + (x - m->minx) * m->s; }
static double py(const map_ctx *m, double y) { return m->oy + (m->maxy - y) * m->s; }

/* A path point, "%c%.1f %.1f" without printf's parsing. */
static void put_point(FILE *f, char cmd, double x, double y)
{
    if (!(fabs(x) < 1e9 && fabs(y) < 1e9)) { /* NaN, far off: printf's long text */
        fprintf(f, "%c%.1f %.1f", cmd, x, y);
        return;
    }
    char b[96];
    size_t n = 0;
    b[n++] = cmd;
    n += jh_output_format_fixed1(b + n, sizeof b - n, x);
    b[n++] = ' ';
    n += jh_output_format_fixed1(b + n, sizeof b - n, y);
    fwrite(b, 1, n, f);
}

/* Screen width of a label at 11 px: CJK characters a full em, others about
 * 0.6 em. */
static double label_width(const char *s)
{
    double w = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u >= 0xE0)
            w += 11.5;
        else if (*u < 0x80)
            w += 6.3;
    }
    return w;
}

typedef struct school_year {
    int students;
    int counted, compliant;
} school_year;

static void year_view(const jh_year_result *y, size_t n_schools, school_year *sv)
{
    memset(sv, 0, n_schools * sizeof *sv);
    for (size_t k = 0; k < y->metrics.n_schools; k++) {
        const jh_school_metrics *sm = &y->metrics.schools[k];
        if (sm->school < 0 || (size_t)sm->school >= n_schools)
            continue;
        sv[sm->school].students += sm->students;
        sv[sm->school].counted += sm->counted;
        sv[sm->school].compliant += sm->counted && sm->compliant;
    }
}

static bool expanded_by(const jh_run_result *r, const char *id, int year)
{
    const jh_scenario *sc = r->scenario;
    for (size_t i = 0; sc && id && i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (!iv->candidate && iv->year <= year &&
            (iv->kind == JH_IV_EXPAND || iv->kind == JH_IV_ADD_BEDS) && iv->n_ids &&
            strcmp(iv->ids[0], id) == 0)
            return true;
    }
    return false;
}

/* expanded_by for every school at once (the plan of a province holds
 * thousands of interventions: one scan instead of one a school and year);
 * NULL when out of memory or the county has no id index (expanded_by then
 * answers). A school is found by
 * its id, as expanded_by compares ids. */
static int *expand_years(const jh_run_result *r, const jh_county *c)
{
    if (!c->school_index)
        return NULL; /* finding a school by id would be a scan */
    int *ey = malloc((c->n_schools ? c->n_schools : 1) * sizeof *ey);
    if (!ey)
        return NULL;
    for (size_t i = 0; i < c->n_schools; i++)
        ey[i] = INT_MAX;
    const jh_scenario *sc = r->scenario;
    for (size_t i = 0; sc && i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->candidate || (iv->kind != JH_IV_EXPAND && iv->kind != JH_IV_ADD_BEDS) || !iv->n_ids)
            continue;
        int j = jh_county_find_school(c, iv->ids[0]);
        if (j >= 0 && iv->year < ey[j])
            ey[j] = iv->year;
    }
    return ey;
}

static bool school_expanded(const map_ctx *m, size_t i, int year)
{
    const jh_school *s = &m->c->schools[i];
    if (!m->expand_year)
        return expanded_by(m->r, s->id, year);
    if (!s->id)
        return false;
    int j = jh_county_find_school(m->c, s->id);
    return j >= 0 && m->expand_year[j] <= year;
}

static bool origin_xy(const jh_county *c, int origin, double *x, double *y)
{
    if (origin >= 0 && (size_t)origin < c->n_villages) {
        *x = c->villages[origin].x, *y = c->villages[origin].y;
        return isfinite(*x) && isfinite(*y);
    }
    if (origin < 0 && (size_t)(-1 - origin) < c->n_schools) {
        *x = c->schools[-1 - origin].x, *y = c->schools[-1 - origin].y;
        return isfinite(*x) && isfinite(*y);
    }
    return false;
}

static int flow_cmp(const void *a, const void *b)
{
    const jh_flow *p = a, *q = b;
    if (p->level != q->level)
        return p->level < q->level ? -1 : 1;
    if (p->school != q->school)
        return p->school < q->school ? -1 : 1;
    return p->village < q->village ? -1 : p->village > q->village;
}

/* The catchments of a year: per level and school, the hull of its origins. */
static void catchments(map_ctx *m, const jh_flow *flows, size_t n, int year)
{
    FILE *f = m->f;
    const jh_county *c = m->c;
    jh_flow *fl = n ? malloc(n * sizeof *fl) : NULL;
    double *xy = n ? malloc(n * 2 * sizeof *xy) : NULL;
    size_t k = 0;
    if (fl && xy) {
        memcpy(fl, flows, n * sizeof *fl);
        qsort(fl, n, sizeof *fl, flow_cmp);
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        fprintf(f, "<g class=\"catchments\" data-level=\"%s\"%s>\n", jh_level_name((jh_level)l),
                l == JH_PRIMARY ? "" : " style=\"display:none\"");
        while (fl && xy && k < n && (int)fl[k].level == l) {
            size_t e = k, np = 0;
            int students = 0;
            while (e < n && fl[e].level == fl[k].level && fl[e].school == fl[k].school) {
                if (fl[e].students > 0 && fl[e].school >= 0 &&
                    origin_xy(c, fl[e].village, &xy[2 * np], &xy[2 * np + 1]))
                    np++, students += fl[e].students;
                e++;
            }
            int si = fl[k].school;
            double *ring = NULL;
            size_t nr = 0;
            if (si >= 0 && (size_t)si < c->n_schools && np > 0 &&
                jh_catchment_ring(xy, np, &ring, &nr)) {
                const char *col = jh_html_colour((size_t)si);
                fprintf(f, "<path class=\"catchment\" data-year=\"%d\" data-level=\"%s\" "
                           "data-origins=\"%zu\" data-students=\"%d\" data-school=\"",
                        year, jh_level_name((jh_level)l), np, students);
                jh_html_escape(f, c->schools[si].id);
                fputs("\" d=\"", f);
                for (size_t j = 0; j < nr; j++)
                    put_point(f, j ? 'L' : 'M', px(m, ring[2 * j]), py(m, ring[2 * j + 1]));
                fprintf(f, "Z\" fill=\"%s\" fill-opacity=\"0.13\" stroke=\"%s\" "
                           "stroke-opacity=\"0.7\" stroke-width=\"1\" "
                           "vector-effect=\"non-scaling-stroke\"><title>",
                        col, col);
                jh_html_escape(f, c->schools[si].name ? c->schools[si].name : c->schools[si].id);
                fprintf(f, " · %s %d</title></path>\n", jh_html_level_label((jh_level)l, m->en),
                        students);
            }
            free(ring);
            k = e;
        }
        fputs("</g>\n", f);
    }
    free(fl);
    free(xy);
}

typedef struct label_box {
    double x, y, w; /* map units of the anchor, screen width */
    double r;       /* symbol radius, px */
} label_box;

static bool overlaps(const label_box *a, const label_box *b, double z)
{
    double ax0 = a->x * z + a->r + 3, ax1 = ax0 + a->w, ay0 = a->y * z - 8, ay1 = a->y * z + 5;
    double bx0 = b->x * z + b->r + 3, bx1 = bx0 + b->w, by0 = b->y * z - 8, by1 = b->y * z + 5;
    return ax0 < bx1 + 2 && bx0 < ax1 + 2 && ay0 < by1 + 1 && by0 < ay1 + 1;
}

typedef struct order_item {
    int school;
    int students;
} order_item;

static int order_cmp(const void *a, const void *b)
{
    const order_item *p = a, *q = b;
    if (p->students != q->students)
        return p->students > q->students ? -1 : 1;
    return p->school - q->school;
}

/* The zoom from which each open school's label shows (1, 2, 4, 8 or 16):
 * at each zoom, larger schools first, a label that would overlap one
 * already placed waits for the next zoom. */
static void place_labels(const map_ctx *m, const jh_school_status *status, const school_year *sv,
                         double maxst, int *zoom)
{
    const jh_county *c = m->c;
    size_t n = 0;
    order_item *ord = malloc((c->n_schools ? c->n_schools : 1) * sizeof *ord);
    label_box *box = malloc((c->n_schools ? c->n_schools : 1) * sizeof *box);
    label_box *placed = malloc((c->n_schools ? c->n_schools : 1) * sizeof *placed);
    for (size_t i = 0; i < c->n_schools; i++)
        zoom[i] = 0;
    if (!ord || !box || !placed) {
        free(ord), free(box), free(placed);
        return;
    }
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        if ((status[i] != JH_STATUS_OPEN && status[i] != JH_STATUS_NEW) || !isfinite(s->x))
            continue;
        ord[n++] = (order_item){(int)i, sv[i].students};
        box[i] = (label_box){px(m, s->x), py(m, s->y),
                             label_width(s->name && *s->name ? s->name : s->id),
                             3 + 9 * sqrt(sv[i].students / maxst)};
    }
    qsort(ord, n, sizeof *ord, order_cmp);
    if (n > MAX_LABELS_PLACED) {
        /* too many to place one by one: the largest at 4x, the rest at 16x */
        for (size_t k = 0; k < n; k++)
            zoom[ord[k].school] = k < MAX_LABELS_PLACED / 4 ? 4 : 16;
        free(ord), free(box), free(placed);
        return;
    }
    static const int zooms[] = {1, 2, 4, 8, 16};
    for (int zi = 0; zi < 5; zi++) {
        size_t np = 0;
        for (size_t k = 0; k < n; k++) {
            int i = ord[k].school;
            if (zoom[i] && zoom[i] < zooms[zi]) {
                placed[np++] = box[i];
                continue;
            }
        }
        for (size_t k = 0; k < n; k++) {
            int i = ord[k].school;
            if (zoom[i])
                continue;
            bool free_spot = zi == 4;
            if (!free_spot) {
                free_spot = true;
                for (size_t j = 0; j < np && free_spot; j++)
                    if (overlaps(&box[i], &placed[j], zooms[zi]))
                        free_spot = false;
            }
            if (free_spot) {
                zoom[i] = zooms[zi];
                placed[np++] = box[i];
            }
        }
    }
    free(ord), free(box), free(placed);
}

/* The schools of one year and their labels. */
static void schools_layer(map_ctx *m, size_t yi, const school_year *sv, int *zoom)
{
    FILE *f = m->f;
    const jh_run_result *r = m->r;
    const jh_county *c = m->c;
    const jh_year_result *yr = &r->years[yi];
    bool en = m->en;
    double maxst = 1;
    for (size_t i = 0; i < c->n_schools; i++)
        if (sv[i].students > maxst)
            maxst = sv[i].students;
    fputs("<g class=\"schools\">\n", f);
    for (int pass = 0; pass < 2; pass++) /* closed first, open on top */
        for (size_t i = 0; i < c->n_schools; i++) {
            const jh_school *s = &c->schools[i];
            jh_school_status st = yr->status ? yr->status[i] : s->status;
            if (st == JH_STATUS_CANDIDATE || !isfinite(s->x) || !isfinite(s->y))
                continue;
            bool closed = st == JH_STATUS_CLOSED;
            if ((pass == 0) != closed)
                continue;
            const char *fill, *compl;
            if (closed)
                fill = "none", compl = "closed";
            else if (sv[i].counted == 0)
                fill = "#9e9e9e", compl = "not-counted";
            else if (sv[i].compliant == sv[i].counted)
                fill = "#2ca02c", compl = "yes";
            else
                fill = "#d62728", compl = "no";
            double rad = 3 + 9 * sqrt(sv[i].students / maxst);
            bool exp = !closed && school_expanded(m, i, yr->year);
            fprintf(f, "<g class=\"school sym\" data-year=\"%d\" data-status=\"%s\" "
                       "data-compliant=\"%s\" data-students=\"%d\"%s data-id=\"",
                    yr->year, jh_output_status_name(st), compl, sv[i].students,
                    exp ? " data-expanded=\"1\"" : "");
            jh_html_escape(f, s->id);
            fprintf(f, "\" data-x=\"%.1f\" data-y=\"%.1f\" transform=\"translate(%.1f %.1f)\">",
                    px(m, s->x), py(m, s->y), px(m, s->x), py(m, s->y));
            if (closed)
                fputs("<path d=\"M-5 -5L5 5M-5 5L5 -5\" stroke=\"#fff\" stroke-width=\"5\"/>"
                      "<path d=\"M-5 -5L5 5M-5 5L5 -5\" stroke=\"#333\" stroke-width=\"2.2\"/>",
                      f);
            else if (st == JH_STATUS_NEW)
                fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                           "fill=\"%s\" stroke=\"#1f3fb4\" stroke-width=\"2.5\"/>",
                        -rad - 1, -rad - 1, 2 * rad + 2, 2 * rad + 2, fill);
            else
                fprintf(f, "<circle r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.85\" stroke=\"#333\" "
                           "stroke-width=\"1\"/>",
                        rad, fill);
            if (exp)
                fprintf(f, "<circle r=\"%.1f\" fill=\"none\" stroke=\"#e08a00\" "
                           "stroke-width=\"2.2\"/>",
                        rad + 3);
            fputs("<title>", f);
            jh_html_escape(f, s->name && *s->name ? s->name : s->id);
            fputs(" (", f);
            jh_html_escape(f, s->id);
            fprintf(f, ") · %d %s</title></g>\n", sv[i].students, jh_html_text(en, "人", "students"));
        }
    fputs("</g>\n<g class=\"labels\">\n", f);
    jh_school_status *own = NULL;
    if (!yr->status && (own = malloc((c->n_schools ? c->n_schools : 1) * sizeof *own)))
        for (size_t i = 0; i < c->n_schools; i++)
            own[i] = c->schools[i].status;
    if (yr->status || own)
        place_labels(m, yr->status ? yr->status : own, sv, maxst, zoom);
    else
        memset(zoom, 0, c->n_schools * sizeof *zoom);
    free(own);
    for (size_t i = 0; i < c->n_schools; i++) {
        if (!zoom[i])
            continue;
        const jh_school *s = &c->schools[i];
        double rad = 3 + 9 * sqrt(sv[i].students / maxst);
        fprintf(f, "<text class=\"label sym\" data-year=\"%d\" data-z=\"%d\" data-id=\"", yr->year,
                zoom[i]);
        jh_html_escape(f, s->id);
        fprintf(f, "\" data-x=\"%.1f\" data-y=\"%.1f\" transform=\"translate(%.1f %.1f)\" "
                   "x=\"%.1f\" y=\"4\"%s>",
                px(m, s->x), py(m, s->y), px(m, s->x), py(m, s->y), rad + 3,
                zoom[i] > 1 ? " visibility=\"hidden\"" : "");
        jh_html_escape(f, s->name && *s->name ? s->name : s->id);
        fputs("</text>\n", f);
    }
    fputs("</g>\n", f);
}

static void boundaries_layer(map_ctx *m)
{
    FILE *f = m->f;
    const jh_county *c = m->c;
    fputs("<g id=\"boundaries\">\n", f);
    for (size_t b = 0; b < c->n_boundaries; b++) {
        const jh_boundary *bd = &c->boundaries[b];
        fputs("<path class=\"boundary\" data-name=\"", f);
        jh_html_escape(f, bd->name ? bd->name : "");
        fputs("\" fill-rule=\"evenodd\" d=\"", f);
        size_t start = 0;
        for (size_t k = 0; k < bd->n_rings; k++) {
            for (size_t p = start; p < bd->ring_end[k]; p++)
                put_point(f, p == start ? 'M' : 'L', px(m, bd->xy[2 * p]),
                          py(m, bd->xy[2 * p + 1]));
            fputc('Z', f);
            start = bd->ring_end[k];
        }
        fputs("\"><title>", f);
        jh_html_escape(f, bd->name ? bd->name : "");
        fputs("</title></path>\n", f);
    }
    /* area names at the middle of each area's largest ring, faint */
    for (size_t b = 0; b < c->n_boundaries; b++) {
        const jh_boundary *bd = &c->boundaries[b];
        if (!bd->name || !*bd->name)
            continue;
        double best = -1, cx = 0, cy = 0;
        size_t start = 0;
        for (size_t k = 0; k < bd->n_rings; k++) {
            double a = 0, sx = 0, sy = 0;
            for (size_t p = start; p + 1 < bd->ring_end[k]; p++) {
                double x0 = bd->xy[2 * p], y0 = bd->xy[2 * p + 1];
                double x1 = bd->xy[2 * p + 2], y1 = bd->xy[2 * p + 3];
                double cr = x0 * y1 - x1 * y0;
                a += cr, sx += (x0 + x1) * cr, sy += (y0 + y1) * cr;
            }
            if (fabs(a) > best && a != 0) {
                best = fabs(a);
                cx = sx / (3 * a), cy = sy / (3 * a);
            }
            start = bd->ring_end[k];
        }
        if (best <= 0)
            continue;
        fprintf(f, "<text class=\"area-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                px(m, cx), py(m, cy));
        jh_html_escape(f, bd->name);
        fputs("</text>\n", f);
    }
    fputs("</g>\n", f);
}

static const char MAP_SCRIPT[] =
    "(function(){var svg=document.getElementById('map-svg');if(!svg)return;"
    "var view=document.getElementById('map-view');var vb=svg.viewBox.baseVal;"
    "var z=1,tx=0,ty=0,mpu=parseFloat(svg.getAttribute('data-mpu'));"
    "var syms=svg.querySelectorAll('.sym');var labels=svg.querySelectorAll('text.label');"
    "var showLabels=true;"
    "function nice(x){var e=Math.pow(10,Math.floor(Math.log(x)/Math.LN10));var m=x/e;"
    "return (m<2?1:m<5?2:m<10?5:10)*e;}"
    "function draw(){view.setAttribute('transform','translate('+tx+' '+ty+') scale('+z+')');"
    "for(var i=0;i<syms.length;i++){var s=syms[i];s.setAttribute('transform','translate('+"
    "s.getAttribute('data-x')+' '+s.getAttribute('data-y')+') scale('+(1/z)+')');}"
    "for(var j=0;j<labels.length;j++){var l=labels[j];l.setAttribute('visibility',"
    "showLabels&&parseFloat(l.getAttribute('data-z'))<=z*1.001?'visible':'hidden');}"
    "var m=nice(vb.width/5*mpu/z);var len=m/mpu*z;"
    "document.getElementById('scale-rect').setAttribute('width',len.toFixed(1));"
    "var t=document.getElementById('scale-text');t.setAttribute('x',(24+len+6).toFixed(1));"
    "t.textContent=m>=1000?(m/1000)+' km':m+' m';"
    "document.getElementById('scale-bar').setAttribute('data-metres',m);}"
    "function zoomAt(f,cx,cy){var nz=Math.max(1,Math.min(64,z*f));f=nz/z;"
    "tx=cx-(cx-tx)*f;ty=cy-(cy-ty)*f;z=nz;if(z==1){tx=0;ty=0;}draw();}"
    "function pt(e){var r=svg.getBoundingClientRect();return[(e.clientX-r.left)*vb.width/r.width,"
    "(e.clientY-r.top)*vb.height/r.height];}"
    "svg.addEventListener('wheel',function(e){e.preventDefault();var p=pt(e);"
    "zoomAt(e.deltaY<0?1.25:0.8,p[0],p[1]);},{passive:false});"
    "var drag=null;svg.addEventListener('mousedown',function(e){drag=pt(e);e.preventDefault();});"
    "window.addEventListener('mousemove',function(e){if(!drag)return;var p=pt(e);"
    "tx+=p[0]-drag[0];ty+=p[1]-drag[1];drag=p;draw();});"
    "window.addEventListener('mouseup',function(){drag=null;});"
    "function btn(id,fn){var b=document.getElementById(id);if(b)b.addEventListener('click',fn);}"
    "btn('map-zoom-in',function(){zoomAt(1.5,vb.width/2,vb.height/2);});"
    "btn('map-zoom-out',function(){zoomAt(1/1.5,vb.width/2,vb.height/2);});"
    "btn('map-zoom-reset',function(){z=1;tx=0;ty=0;draw();});"
    "var ys=document.querySelectorAll('#map-controls button[data-year]');"
    "for(var k=0;k<ys.length;k++)ys[k].addEventListener('click',function(){"
    "var y=this.getAttribute('data-year');for(var q=0;q<ys.length;q++)"
    "ys[q].className=ys[q]===this?'on':'';var g=svg.querySelectorAll('.map-year');"
    "for(var q=0;q<g.length;q++)g[q].style.display=g[q].getAttribute('data-year')==y?'':'none';"
    "document.getElementById('map-year-shown').textContent=this.textContent;});"
    "var cb=document.querySelectorAll('#map-controls input[data-level]');"
    "for(var k=0;k<cb.length;k++)cb[k].addEventListener('change',function(){"
    "var g=svg.querySelectorAll('g.catchments[data-level=\"'+this.getAttribute('data-level')+'\"]');"
    "for(var q=0;q<g.length;q++)g[q].style.display=this.checked?'':'none';});"
    "var lb=document.getElementById('map-show-labels');if(lb)lb.addEventListener('change',"
    "function(){showLabels=this.checked;draw();});draw();})();";

void jh_report_map_section(FILE *f, const jh_run_result *r, bool en)
{
    const jh_county *c = r->county;
    size_t ny = r->n_years;
    fprintf(f, "<section id=\"map-section\"><h2>%s</h2>\n",
            jh_html_text(en, "学校布局图", "Planning map"));
    double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
#define GROW(px_, py_)                                                                         \
    do {                                                                                       \
        if (isfinite(px_) && isfinite(py_)) {                                                  \
            minx = fmin(minx, px_), maxx = fmax(maxx, px_);                                    \
            miny = fmin(miny, py_), maxy = fmax(maxy, py_);                                    \
        }                                                                                      \
    } while (0)
    for (size_t i = 0; i < c->n_schools; i++)
        if (c->schools[i].status != JH_STATUS_CANDIDATE)
            GROW(c->schools[i].x, c->schools[i].y);
    for (size_t i = 0; i < c->n_villages; i++)
        GROW(c->villages[i].x, c->villages[i].y);
    for (size_t b = 0; b < c->n_boundaries; b++)
        for (size_t p = 0; p < c->boundaries[b].n_points; p++)
            GROW(c->boundaries[b].xy[2 * p], c->boundaries[b].xy[2 * p + 1]);
#undef GROW
    if (!isfinite(minx) || ny == 0) {
        fprintf(f, "<p>%s</p></section>\n", jh_html_text(en, "无可绘制的位置。", "Nothing to draw."));
        return;
    }
    map_ctx m = {.f = f, .r = r, .c = c, .en = en, .W = 800, .minx = minx, .maxy = maxy,
                 .expand_year = expand_years(r, c)};
    const double pad = 30;
    double dx = maxx - minx, dy = maxy - miny;
    if (dx <= 0 && dy <= 0)
        dx = dy = 1000;
    m.H = dx > 0 ? (m.W - 2 * pad) * dy / dx + 2 * pad : 700;
    m.H = fmin(fmax(m.H, 360), 760);
    double sx = dx > 0 ? (m.W - 2 * pad) / dx : INFINITY;
    double sy = dy > 0 ? (m.H - 2 * pad) / dy : INFINITY;
    m.s = fmin(sx, sy);
    m.ox = pad + ((m.W - 2 * pad) - dx * m.s) / 2;
    m.oy = pad + ((m.H - 2 * pad) - dy * m.s) / 2;

    size_t shown[2] = {0, ny - 1};
    size_t n_shown = ny > 1 ? 2 : 1;
    int fy = r->years[ny - 1].year, by = r->years[0].year;
    /* controls */
    fputs("<div id=\"map-controls\" class=\"no-print\">", f);
    for (size_t k = 0; k < n_shown; k++)
        fprintf(f, "<button type=\"button\" data-year=\"%d\"%s>%d %s</button>",
                r->years[shown[k]].year, k + 1 == n_shown ? " class=\"on\"" : "",
                r->years[shown[k]].year,
                k + 1 == n_shown ? jh_html_text(en, "期末", "final year")
                                 : jh_html_text(en, "基期", "base year"));
    fprintf(f, " <label><input type=\"checkbox\" data-level=\"primary\" checked> %s</label>"
               "<label><input type=\"checkbox\" data-level=\"junior\"> %s</label>"
               "<label><input type=\"checkbox\" id=\"map-show-labels\" checked> %s</label> "
               "<button type=\"button\" id=\"map-zoom-in\" title=\"%s\">+</button>"
               "<button type=\"button\" id=\"map-zoom-out\" title=\"%s\">−</button>"
               "<button type=\"button\" id=\"map-zoom-reset\">%s</button></div>\n",
            jh_html_text(en, "小学服务范围", "primary catchments"),
            jh_html_text(en, "初中服务范围", "junior catchments"),
            jh_html_text(en, "校名", "names"), jh_html_text(en, "放大", "zoom in"),
            jh_html_text(en, "缩小", "zoom out"), jh_html_text(en, "全图", "full extent"));
    fprintf(f, "<p class=\"meta\">%s <b id=\"map-year-shown\">%d %s</b>%s</p>\n",
            jh_html_text(en, "图中年份：", "Year shown:"), fy,
            jh_html_text(en, "期末", "final year"),
            jh_html_text(en, "。滚轮缩放、拖动平移；放大后显示更多校名。",
                         ". Wheel to zoom, drag to pan; more names show as you zoom in."));
    fprintf(f, "<div class=\"map-wrap\"><svg id=\"map-svg\" class=\"map\" viewBox=\"0 0 %g %.0f\" "
               "data-mpu=\"%.6g\" role=\"img\">\n<g id=\"map-view\">\n",
            m.W, m.H, 1 / m.s);
    boundaries_layer(&m);
    bool draw_villages = c->n_villages <= MAX_VILLAGES_DRAWN;
    for (size_t k = 0; k < n_shown; k++) {
        size_t yi = shown[k];
        const jh_flow *fl = yi + 1 == ny ? r->final_flows
                            : r->year_flows ? r->year_flows[yi] : NULL;
        size_t nf = yi + 1 == ny ? r->n_final_flows
                    : r->n_year_flows ? r->n_year_flows[yi] : 0;
        fprintf(f, "<g class=\"map-year catchment-layer\" data-year=\"%d\"%s>\n",
                r->years[yi].year, k + 1 == n_shown ? "" : " style=\"display:none\"");
        if (nf <= MAX_CATCHMENT_ORIGINS && fl)
            catchments(&m, fl, nf, r->years[yi].year);
        fputs("</g>\n", f);
    }
    fputs("<g id=\"villages\">\n", f);
    for (size_t i = 0; i < c->n_villages && draw_villages; i++) {
        const jh_village *v = &c->villages[i];
        if (!isfinite(v->x) || !isfinite(v->y))
            continue;
        fputs("<circle class=\"village\" data-id=\"", f);
        jh_html_escape(f, v->id);
        fprintf(f, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"#666\"><title>", px(&m, v->x),
                py(&m, v->y));
        jh_html_escape(f, v->name ? v->name : v->id);
        fputs("</title></circle>\n", f);
    }
    fputs("</g>\n", f);
    school_year *sv = calloc(c->n_schools ? c->n_schools : 1, sizeof *sv);
    int *zoom = calloc(c->n_schools ? c->n_schools : 1, sizeof *zoom);
    for (size_t k = 0; k < n_shown && sv && zoom; k++) {
        size_t yi = shown[k];
        year_view(&r->years[yi], c->n_schools, sv);
        fprintf(f, "<g class=\"map-year school-layer\" data-year=\"%d\"%s>\n", r->years[yi].year,
                k + 1 == n_shown ? "" : " style=\"display:none\"");
        schools_layer(&m, yi, sv, zoom);
        fputs("</g>\n", f);
    }
    free(sv);
    free(zoom);
    fputs("</g>\n", f);
    /* north arrow, top right */
    fprintf(f, "<g id=\"north-arrow\" transform=\"translate(%g 16)\"><rect x=\"-16\" y=\"-4\" "
               "width=\"32\" height=\"46\" fill=\"#fff\" fill-opacity=\"0.8\"/>"
               "<path d=\"M0 0L9 26L0 20Z\" fill=\"#222\"/><path d=\"M0 0L-9 26L0 20Z\" fill=\"#fff\" "
               "stroke=\"#222\"/><text x=\"0\" y=\"39\" text-anchor=\"middle\" "
               "font-weight=\"bold\">%s</text></g>\n",
            m.W - 28, jh_html_text(en, "北", "N"));
    /* scale bar, bottom left: a round length near a fifth of the width */
    /* the round length (1, 2 or 5 times a power of ten) at or below a
     * fifth of the width */
    double target = m.W / 5 / m.s, e = pow(10, floor(log10(target))), mm = target / e;
    double metres = (mm < 2 ? 1 : mm < 5 ? 2 : mm < 10 ? 5 : 10) * e;
    double len = metres * m.s;
    char label[64];
    if (metres >= 1000)
        snprintf(label, sizeof label, "%g km", metres / 1000);
    else
        snprintf(label, sizeof label, "%g m", metres);
    fprintf(f, "<g id=\"scale-bar\" data-metres=\"%g\"><rect x=\"18\" y=\"%.0f\" width=\"%g\" "
               "height=\"24\" fill=\"#fff\" fill-opacity=\"0.8\"/><rect id=\"scale-rect\" "
               "x=\"24\" y=\"%.0f\" width=\"%.1f\" height=\"5\" fill=\"#333\"/>"
               "<text id=\"scale-text\" x=\"%.1f\" y=\"%.0f\">%s</text></g>\n",
            metres, m.H - 34, fmin(len + 70, m.W / 2), m.H - 26, len, 24 + len + 6, m.H - 20,
            label);
    fputs("</svg>\n", f);
    /* legend, beside the map */
    fputs("<aside class=\"map-legend\" id=\"map-legend\"><h3>", f);
    fputs(jh_html_text(en, "图例", "Legend"), f);
    fputs("</h3><ul>", f);
#define ITEM(sym, text) fprintf(f, "<li><svg width=\"26\" height=\"20\" viewBox=\"-13 -10 26 20\">%s</svg>%s</li>", sym, text)
    ITEM("<circle r=\"6\" fill=\"#2ca02c\" stroke=\"#333\"/>", jh_html_text(en, "达标学校", "compliant school"));
    ITEM("<circle r=\"6\" fill=\"#d62728\" stroke=\"#333\"/>", jh_html_text(en, "未达标学校", "non-compliant school"));
    ITEM("<circle r=\"6\" fill=\"#9e9e9e\" stroke=\"#333\"/>", jh_html_text(en, "不参与计算（教学点等）", "not counted (teaching points)"));
    ITEM("<rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\" fill=\"#fff\" stroke=\"#1f3fb4\" stroke-width=\"2.5\"/>",
         jh_html_text(en, "新建学校", "new school"));
    ITEM("<circle r=\"4\" fill=\"#fff\" stroke=\"#333\"/><circle r=\"7.5\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2\"/>",
         jh_html_text(en, "扩建学校", "expanded school"));
    ITEM("<path d=\"M-5 -5L5 5M-5 5L5 -5\" stroke=\"#333\" stroke-width=\"2.2\"/>",
         jh_html_text(en, "已撤并学校", "closed school"));
    ITEM("<circle r=\"1.8\" fill=\"#666\"/>", jh_html_text(en, "村庄", "village"));
    ITEM("<path d=\"M-10 -7L8 -4L10 7L-8 6Z\" fill=\"#1f77b4\" fill-opacity=\"0.13\" stroke=\"#1f77b4\"/>",
         jh_html_text(en, "学校服务范围（所服务村庄的外包范围）", "catchment (hull of the villages served)"));
    if (c->n_boundaries)
        ITEM("<rect x=\"-10\" y=\"-7\" width=\"20\" height=\"14\" fill=\"#f1ede2\" stroke=\"#8c8c8c\"/>",
             jh_html_text(en, "行政边界", "boundary"));
#undef ITEM
    fprintf(f, "</ul><p class=\"meta\">%s</p>",
            jh_html_text(en, "圆的大小表示在校生数；坐标为工作投影坐标系（米）。",
                         "Symbol size shows students; coordinates in the working CRS (metres)."));
    if (!draw_villages)
        fprintf(f, "<p class=\"meta\" id=\"map-omitted\">%s</p>",
                jh_html_text(en, "村庄过多，未在图中绘出；见 results.gpkg。",
                             "Too many villages to draw; see results.gpkg."));
    (void)by;
    free(m.expand_year);
    fputs("</aside></div>\n", f);
    fprintf(f, "<script>%s</script>\n</section>\n", MAP_SCRIPT);
}
