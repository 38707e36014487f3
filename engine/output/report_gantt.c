/*
 * report_gantt: the Gantt-style strip of report.html's plan section. One
 * row per school an intervention touches (expand, build, close, merge,
 * convert, keep, add beds, catchment change), one column per simulated
 * year; each intervention is a bar from its year to the end of the horizon
 * (solid in the year of the work, lighter while it lasts) with a short
 * label ("+18 教室 990 万元"). Plain inline SVG, scaled to the page width
 * and printed as it is. Every name from the data is escaped.
 */
#include "output/report_gantt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/html.h"

typedef struct gbar {
    int row;            /* index into the rows */
    int lane;           /* within the row */
    const jh_intervention *iv;
} gbar;

typedef struct grow {
    const char *id;
    const char *name;   /* may be NULL */
    int first_year;
    int lanes;
} grow;

static const char *kind_colour(jh_intervention_kind k)
{
    switch (k) {
    case JH_IV_EXPAND: return "#1f6fb4";
    case JH_IV_BUILD: return "#2a9d3c";
    case JH_IV_CLOSE:
    case JH_IV_MERGE: return "#7a7a7a";
    case JH_IV_CONVERT: return "#8e5bbd";
    case JH_IV_KEEP: return "#b08a1e";
    case JH_IV_ADD_BEDS: return "#138a8a";
    case JH_IV_CATCHMENT: return "#e07b12";
    case JH_IV_HIRE: return "#c0392b";
    }
    return "#555";
}

/* The short label of a bar, escaped, into f. */
static void bar_label(FILE *f, const jh_intervention *iv, const jh_county *c, bool en)
{
    const char *sep = en ? ", " : " ";
    int rooms = iv->kind == JH_IV_BUILD ? iv->build.classrooms : iv->classrooms;
    const jh_resources *a = iv->kind == JH_IV_BUILD ? &iv->build.res : &iv->add;
    switch (iv->kind) {
    case JH_IV_EXPAND:
    case JH_IV_ADD_BEDS:
        if (rooms > 0)
            fprintf(f, en ? "+%d classrooms" : "+%d 教室", rooms);
        else if (iv->capacity > 0)
            fprintf(f, en ? "+%d places" : "+%d 学位", iv->capacity);
        else if (a->boarding_beds > 0)
            fprintf(f, en ? "+%.0f beds" : "+%.0f 床位", a->boarding_beds);
        else if (a->building_m2 > 0)
            fprintf(f, "+%.0f m²", a->building_m2);
        else if (a->teachers > 0)
            fprintf(f, en ? "+%.0f teachers" : "+%.0f 教师", a->teachers);
        else
            fputs(iv->kind == JH_IV_EXPAND ? jh_html_text(en, "扩建", "expand")
                                           : jh_html_text(en, "增加床位", "beds"), f);
        if (iv->kind == JH_IV_EXPAND && rooms > 0 && a->boarding_beds > 0)
            fprintf(f, en ? ", +%.0f beds" : " +%.0f 床位", a->boarding_beds);
        break;
    case JH_IV_BUILD:
        fputs(jh_html_text(en, "新建", "new school"), f);
        if (rooms > 0)
            fprintf(f, en ? " %d classrooms" : " %d 教室", rooms);
        break;
    case JH_IV_CLOSE:
        fputs(jh_html_text(en, "撤并", "closed"), f);
        break;
    case JH_IV_MERGE: {
        fputs(jh_html_text(en, "并入 ", "merged into "), f);
        int t = iv->target ? jh_county_find_school(c, iv->target) : -1;
        jh_html_escape(f, t >= 0 && c->schools[t].name && *c->schools[t].name ? c->schools[t].name
                                                                              : iv->target);
        break;
    }
    case JH_IV_CONVERT:
        fputs(jh_html_text(en, "改制", "converted"), f);
        break;
    case JH_IV_KEEP:
        fputs(jh_html_text(en, "保留教学点", "teaching point kept"), f);
        break;
    case JH_IV_CATCHMENT:
        fprintf(f, en ? "catchment: %zu villages (%s)" : "划片 %zu 村（%s）", iv->n_ids,
                jh_html_level_label(iv->level, en));
        break;
    case JH_IV_HIRE:
        fprintf(f, en ? "+%.0f teachers hired" : "招聘 %.0f 名教师", a->teachers);
        break;
    }
    if (iv->cost_wan > 0)
        fprintf(f, en ? "%s%.0f ×10⁴ yuan" : "%s%.0f 万元", sep, iv->cost_wan);
}

/* Screen width of a label at 11 px (CJK a full em, others about 0.6 em). */
static double text_width(const char *s)
{
    double w = 0;
    for (const unsigned char *u = (const unsigned char *)s; s && *u; u++)
        w += *u >= 0xE0 ? 11.5 : *u < 0x80 ? 6.3 : 0;
    return w;
}

/* The rows by id: an open-addressing table of row indexes (-1 empty), so
 * that a plan closing thousands of schools finds each row at once instead
 * of by a scan of the rows (quadratic). Ids are unique among the rows. */
typedef struct { int *slot; size_t mask; } row_table;

static size_t id_hash(const char *id)
{
    size_t h = 1469598103934665603u;
    for (const unsigned char *u = (const unsigned char *)id; *u; u++)
        h = (h ^ *u) * 1099511628211u;
    return h;
}

static bool table_init(row_table *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    t->mask = cap - 1;
    t->slot = malloc(cap * sizeof *t->slot);
    if (t->slot)
        memset(t->slot, 0xff, cap * sizeof *t->slot);
    return t->slot != NULL;
}

/* Row of id, or -1; with add, an absent id gets row `add` (>= 0). */
static int table_find(row_table *t, const grow *rows, const char *id, int add)
{
    size_t h = id_hash(id) & t->mask;
    while (t->slot[h] >= 0) {
        if (strcmp(rows[t->slot[h]].id, id) == 0)
            return t->slot[h];
        h = (h + 1) & t->mask;
    }
    if (add >= 0)
        t->slot[h] = add;
    return -1;
}

static int row_cmp(const void *pa, const void *pb)
{
    const grow *a = pa, *b = pb;
    if (a->first_year != b->first_year)
        return a->first_year - b->first_year;
    return strcmp(a->id, b->id);
}

/* The schools an intervention touches (a build: the new school; a
 * catchment: the school the villages are given to; otherwise the ids). */
static size_t touched(const jh_intervention *iv, const char **ids, size_t max)
{
    if (iv->kind == JH_IV_BUILD)
        return iv->build.id && max ? (ids[0] = iv->build.id, 1) : 0;
    if (iv->kind == JH_IV_CATCHMENT)
        return iv->target && max ? (ids[0] = iv->target, 1) : 0;
    size_t n = 0;
    for (size_t k = 0; k < iv->n_ids && n < max; k++)
        ids[n++] = iv->ids[k];
    return n;
}

void jh_report_gantt(FILE *f, const jh_run_result *r, bool en)
{
    const jh_scenario *sc = r->scenario;
    const jh_county *c = r->county;
    if (!sc || r->n_years == 0)
        return;
    size_t cap = 0;
    for (size_t i = 0; i < sc->n_interventions; i++)
        if (!sc->interventions[i].candidate)
            cap += sc->interventions[i].n_ids + 1;
    if (!cap)
        return;
    grow *rows = calloc(cap, sizeof *rows);
    gbar *bars = calloc(cap, sizeof *bars);
    const char **ids = calloc(cap, sizeof *ids);
    row_table tab = {NULL, 0};
    if (!rows || !bars || !ids || !table_init(&tab, cap)) {
        free(rows), free(bars), free(ids), free(tab.slot);
        return;
    }
    int y0 = r->years[0].year, y1 = r->years[r->n_years - 1].year;
    size_t nr = 0;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->candidate)
            continue;
        size_t n = touched(iv, ids, cap);
        for (size_t k = 0; k < n; k++) {
            int row = table_find(&tab, rows, ids[k], (int)nr);
            if (row < 0) {
                int s = jh_county_find_school(c, ids[k]);
                rows[nr] = (grow){ids[k], s >= 0 ? c->schools[s].name : NULL, iv->year, 0};
                if (iv->kind == JH_IV_BUILD && !rows[nr].name)
                    rows[nr].name = iv->build.name;
                nr++;
            } else if (iv->year < rows[row].first_year) {
                rows[row].first_year = iv->year;
            }
        }
    }
    qsort(rows, nr, sizeof *rows, row_cmp);
    memset(tab.slot, 0xff, (tab.mask + 1) * sizeof *tab.slot);
    for (size_t i = 0; i < nr; i++)
        table_find(&tab, rows, rows[i].id, (int)i);
    /* bars: a lane per intervention of the school, in year order */
    size_t nb = 0;
    for (size_t i = 0; i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->candidate)
            continue;
        size_t n = touched(iv, ids, cap);
        for (size_t k = 0; k < n; k++) {
            int row = table_find(&tab, rows, ids[k], -1);
            if (row < 0)
                continue;
            bars[nb++] = (gbar){row, rows[row].lanes++, iv};
        }
    }
    /* geometry: a name column, then one column per year */
    const double W = 1040, name_w = 250, top = 26, lane_h = 22, pad = 4;
    double col = (W - name_w - 8) / (double)(y1 - y0 + 1);
    double *row_y = calloc(nr + 1, sizeof *row_y);
    if (!row_y) {
        free(rows), free(bars), free(ids), free(tab.slot);
        return;
    }
    double yy = top;
    for (size_t i = 0; i < nr; i++) {
        row_y[i] = yy;
        yy += rows[i].lanes * lane_h + 2 * pad;
    }
    double H = yy + 6;
    fprintf(f, "<h3>%s</h3>\n<figure class=\"gantt\" style=\"display:block;margin:0\">"
               "<svg id=\"gantt\" class=\"gantt\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
               "style=\"max-width:%.0fpx;height:auto\" role=\"img\" data-rows=\"%zu\">\n",
            jh_html_text(en, "逐校实施进度", "Schedule by school"), W, H, W, nr);
    /* year columns, alternate shading, header */
    for (int y = y0; y <= y1; y++) {
        double x = name_w + (y - y0) * col;
        if ((y - y0) % 2 == 0)
            fprintf(f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" fill=\"#f5f5f2\"/>",
                    x, top, col, H - top - 6);
        fprintf(f, "<text x=\"%.1f\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">%d</text>",
                x + col / 2, y);
    }
    fputs("\n", f);
    for (size_t i = 0; i < nr; i++) {
        double ry = row_y[i], rh = rows[i].lanes * lane_h + 2 * pad;
        fputs("<g class=\"gantt-row\" data-id=\"", f);
        jh_html_escape(f, rows[i].id);
        fprintf(f, "\"><line x1=\"0\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", W,
                ry + rh, ry + rh);
        fprintf(f, "<text x=\"4\" y=\"%.1f\">", ry + pad + lane_h / 2 + 4);
        /* the name, cut to the column with an ellipsis */
        const char *nm = rows[i].name && *rows[i].name ? rows[i].name : rows[i].id;
        double limit = name_w - 8 - text_width(rows[i].id) - 12;
        if (text_width(nm) <= limit) {
            jh_html_escape(f, nm);
        } else {
            char buf[256];
            size_t o = 0;
            double w = 0;
            for (const unsigned char *u = (const unsigned char *)nm; *u && o + 8 < sizeof buf;) {
                size_t len = *u < 0x80 ? 1 : (*u >> 5) == 6 ? 2 : (*u >> 4) == 14 ? 3 : 4;
                double cw = *u >= 0xE0 ? 11.5 : 6.3;
                if (w + cw > limit - 12)
                    break;
                for (size_t k = 0; k < len && u[k]; k++)
                    buf[o++] = (char)u[k];
                u += len;
                w += cw;
            }
            buf[o] = '\0';
            jh_html_escape(f, buf);
            fputs("…", f);
        }
        fputs(" <tspan fill=\"#777\">", f);
        jh_html_escape(f, rows[i].id);
        fputs("</tspan><title>", f);
        jh_html_escape(f, nm);
        fputs("</title></text>\n", f);
        for (size_t b = 0; b < nb; b++) {
            if (bars[b].row != (int)i)
                continue;
            const jh_intervention *iv = bars[b].iv;
            double x = name_w + (iv->year - y0) * col + 1;
            double end = name_w + (y1 - y0 + 1) * col - 1;
            double by = ry + pad + bars[b].lane * lane_h + 2, bh = lane_h - 4;
            const char *colr = kind_colour(iv->kind);
            bool ends = iv->kind == JH_IV_CLOSE || iv->kind == JH_IV_MERGE;
            fprintf(f, "<g class=\"gantt-bar\" data-kind=\"%s\" data-year=\"%d\" data-cost=\"%.6g\">",
                    jh_intervention_kind_name(iv->kind), iv->year, iv->cost_wan);
            /* what lasts: lighter (hatched grey for a school that is gone) */
            if (end > x + col - 1)
                fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                           "fill=\"%s\" fill-opacity=\"%s\"%s/>",
                        x, by + 3, end - x, bh - 6, colr, ends ? "0.18" : "0.28",
                        ends ? " stroke=\"#7a7a7a\" stroke-dasharray=\"3 3\"" : "");
            /* the year of the work */
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
                    x, by, col - 2, bh, colr);
            /* the label: right of the work's cell when there is room,
             * else left of it */
            char *lab = NULL;
            size_t lab_len = 0;
            FILE *m = open_memstream(&lab, &lab_len);
            if (m) {
                bar_label(m, iv, c, en);
                fclose(m);
            }
            double lw = lab ? text_width(lab) * 0.92 : 0; /* escaped entities overcount */
            bool right = x + col + 4 + lw <= end || x - 4 - lw < name_w;
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"gantt-label\">%s</text>",
                    right ? x + col + 2 : x - 4, by + bh / 2 + 4, right ? "start" : "end",
                    lab ? lab : "");
            free(lab);
            fputs("</g>\n", f);
        }
        fputs("</g>\n", f);
    }
    fputs("</svg>\n<ul class=\"legend\">", f);
    static const jh_intervention_kind kinds[] = {JH_IV_EXPAND, JH_IV_BUILD, JH_IV_CLOSE,
                                                 JH_IV_CONVERT, JH_IV_ADD_BEDS, JH_IV_KEEP,
                                                 JH_IV_CATCHMENT};
    static const char *const kzh[] = {"扩建", "新建", "撤并 / 合并", "改制", "增加床位",
                                      "保留教学点", "划片调整"};
    static const char *const ken[] = {"expand", "new school", "closed / merged", "converted",
                                      "beds", "teaching point kept", "catchment change"};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        bool used = false;
        for (size_t b = 0; b < nb && !used; b++)
            used = bars[b].iv->kind == kinds[k] ||
                   (kinds[k] == JH_IV_CLOSE && bars[b].iv->kind == JH_IV_MERGE);
        if (used)
            fprintf(f, "<li><span class=\"swatch\" style=\"background:%s\"></span>%s</li>",
                    kind_colour(kinds[k]), en ? ken[k] : kzh[k]);
    }
    fprintf(f, "<li class=\"meta\">%s</li></ul></figure>\n",
            jh_html_text(en, "深色：实施当年；浅色：其后持续", "dark: the year of the work; light: after it"));
    free(row_y);
    free(rows), free(bars), free(ids), free(tab.slot);
}
