/*
 * report_schools: report.html's per-school table, for every simulated
 * year. The figures are embedded once as a compact JSON block (built with
 * jansson; <, > and & written as \u escapes so no name can end the block)
 * and a small inline script draws the rows of the year chosen, sorted by
 * the column clicked and filtered by the text typed (name, id, district,
 * status, type). The script sets every cell with textContent: names never
 * become markup. No fetch, no URL.
 *
 * Rows: one per school and level of schools.csv (open and new schools,
 * the same figures), and the schools closed by that year, without figures.
 */
#include "output/report_plan.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/html.h"

/* Short labels of the seven quality indicators (jh_quality_keys order). */
static const char *const Q_ZH[JH_NQUALITY] = {"高学历教师", "骨干教师", "体艺教师", "校舍面积",
                                              "运动场面积", "仪器设备值", "多媒体教室"};
static const char *const Q_EN[JH_NQUALITY] = {"higher degree", "backbone", "PE/art",
                                              "building m²", "sports m²", "equipment",
                                              "multimedia"};

static const char *type_label(jh_school_type t, bool en)
{
    static const char *const zh[JH_SCHOOL_NTYPES] = {"小学", "初中", "九年一贯制", "完全中学",
                                                     "十二年一贯制", "教学点", "特殊教育",
                                                     "职业学校", "备选校址"};
    return en || (int)t < 0 || t >= JH_SCHOOL_NTYPES ? jh_school_type_name(t) : zh[t];
}

/* status codes of the rows: 0 open, 1 expanded, 2 new, 3 closed */
enum { ST_OPEN, ST_EXPANDED, ST_NEW, ST_CLOSED, ST_N };

/* Classrooms added to school `id` by expansions after `year`. */
static int rooms_added_after(const jh_scenario *sc, const char *id, int year, bool *expanded_by)
{
    int n = 0;
    *expanded_by = false;
    for (size_t i = 0; sc && i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->candidate || (iv->kind != JH_IV_EXPAND && iv->kind != JH_IV_ADD_BEDS))
            continue;
        for (size_t k = 0; k < iv->n_ids; k++)
            if (strcmp(iv->ids[k], id) == 0) {
                if (iv->year > year)
                    n += iv->classrooms;
                else
                    *expanded_by = true;
            }
    }
    return n;
}

/* The places of school s in `year`: its capacity when given, less what
 * later expansions add (their places, or classrooms at the standard class
 * size); otherwise its classrooms that year at the standard class size. */
static long school_places(const jh_scenario *sc, const jh_rules *rules, const jh_school *s,
                          int year, int rooms)
{
    int l = jh_school_serves(s->type, JH_PRIMARY) ? JH_PRIMARY : JH_JUNIOR;
    if (!s->capacity_given)
        return rooms > 0 ? (long)rooms * rules->class_size[l] : 0;
    long cap = s->capacity;
    for (size_t i = 0; sc && i < sc->n_interventions; i++) {
        const jh_intervention *iv = &sc->interventions[i];
        if (iv->candidate || iv->kind != JH_IV_EXPAND || iv->year <= year)
            continue;
        for (size_t k = 0; k < iv->n_ids; k++)
            if (strcmp(iv->ids[k], s->id) == 0)
                cap -= iv->capacity > 0 ? iv->capacity : (long)iv->classrooms * rules->class_size[l];
    }
    return cap > 0 ? cap : 0;
}

static json_t *num(double v, int digits)
{
    if (!isfinite(v))
        return json_null();
    double p = pow(10, digits);
    double x = round(v * p) / p;
    if (x == floor(x) && fabs(x) < 1e15)
        return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i] ? v[i] : ""));
    return a;
}

/* Writes s with <, > and & as JSON \u escapes: the text cannot close the
 * <script> element or open a comment in it. Bidirectional controls
 * (U+202A-U+202E, U+2066-U+2069, only ever inside a string value) are
 * dropped, as jh_html_escape drops them: a name must not reorder the page. */
static void write_script_safe(FILE *f, const char *s)
{
    for (; *s; s++) {
        size_t b = jh_html_bidi_len(s);
        if (b) {
            s += b - 1;
            continue;
        }
        if (*s == '<')
            fputs("\\u003c", f);
        else if (*s == '>')
            fputs("\\u003e", f);
        else if (*s == '&')
            fputs("\\u0026", f);
        else
            fputc(*s, f);
    }
}

static const char SCHOOLS_SCRIPT[] =
    "(function(){var e=document.getElementById('schools-data');if(!e)return;"
    "var d=JSON.parse(e.textContent),L=d.labels;"
    "var tb=document.querySelector('#schools-table tbody');"
    "var sel=document.getElementById('schools-year'),q=document.getElementById('schools-filter');"
    "var cnt=document.getElementById('schools-count');"
    "var ths=document.querySelectorAll('#schools-table thead th');var col=-1,asc=true;"
    /* a row of the data as the table's cells: [text or number, css class] */
    "function cells(r){var s=d.schools[r[0]],st=r[2],c=[[s[0],'text'],[s[1],'text'],"
    "[L.level[r[1]],'text'],[L.type[s[2]],'text'],[s[4],'text'],[L.area[s[3]],'text'],"
    "[L.status[st],'text st'+st]];"
    "if(st==3){for(var k=0;k<14;k++)c.push([null,'']);return c;}"
    "var use=r[4]>0?Math.round(100*r[5]/r[4]):null;"
    "c.push([r[6],''],[r[3],''],[r[4],''],[r[7],''],[use,use!==null&&use>100?'fail':''],[r[8],r[8]>0?'fail':''],"
    "[r[9],r[9]>0?'fail':''],[r[10],r[10]>0?'fail':''],[r[11],''],[r[12],''],"
    "[r[11]===null||r[12]===null?null:Math.round(r[11]-r[12]),r[11]<r[12]-0.5?'fail':'']);"
    "c.push([r[13]<0?null:r[13]+'/7',r[13]<0?'':(r[14]?'pass':'fail')]);"
    "var m=[];for(var k=0;k<r[15].length;k++)m.push(L.fails[r[15][k]]);"
    "c.push([r[13]<0?L.not_counted:m.join(L.sep),'text missed'],[r[16],'']);return c;}"
    "function key(v){return v===null||v===undefined?'':v;}"
    "function draw(){var y=sel.value,rows=d.rows[y]||[],f=q.value.trim().toLowerCase(),out=[];"
    "for(var i=0;i<rows.length;i++){var c=cells(rows[i]);if(f){var h=[c[0][0],c[1][0],c[3][0],"
    "c[4][0],c[6][0],c[2][0]].join(' ').toLowerCase();if(h.indexOf(f)<0)continue;}out.push(c);}"
    "if(col>=0)out.sort(function(a,b){var x=a[col][0],z=b[col][0];"
    "if(x===null&&z===null)return 0;if(x===null)return 1;if(z===null)return -1;"
    "var r=(typeof x=='number'&&typeof z=='number')?x-z:String(x).localeCompare(String(z),'zh-CN');"
    "return asc?r:-r;});"
    "var fr=document.createDocumentFragment();"
    "for(var i=0;i<out.length;i++){var tr=document.createElement('tr');tr.className='school-row';"
    "tr.setAttribute('data-id',out[i][0][0]);"
    "for(var k=0;k<out[i].length;k++){var td=document.createElement('td');"
    "if(out[i][k][1])td.className=out[i][k][1];var v=out[i][k][0];"
    "td.textContent=v===null||v===undefined||v===''?(k==out[i].length-2?'':'–'):v;"
    "tr.appendChild(td);}fr.appendChild(tr);}"
    "tb.textContent='';tb.appendChild(fr);cnt.textContent=out.length+' / '+rows.length;"
    "for(var k=0;k<ths.length;k++)ths[k].setAttribute('data-sort',k==col?(asc?'asc':'desc'):'');}"
    "for(var k=0;k<ths.length;k++)(function(k){ths[k].addEventListener('click',function(){"
    "if(col==k)asc=!asc;else{col=k;asc=ths[k].className.indexOf('text')>=0;}draw();});})(k);"
    "sel.addEventListener('change',draw);q.addEventListener('input',draw);draw();})();";

void jh_report_school_table(FILE *f, const jh_run_result *r, const jh_rules *rules, bool en,
                            size_t max_rows)
{
    const jh_county *c = r->county;
    const jh_scenario *sc = r->scenario;
    if (r->n_years == 0)
        return;
    static const struct { const char *zh, *en; bool text; } cols[] = {
        {"编号", "id", true}, {"名称", "name", true}, {"学段", "level", true},
        {"类型", "type", true}, {"学区", "district", true}, {"城乡", "area", true},
        {"状态", "status", true}, {"在校生", "students", false},
        {"教室", "classrooms", false}, {"学位", "places", false},
        {"班数", "classes", false}, {"学位使用率 %", "places used %", false}, {"大班额", "large classes", false},
        {"超标准班额", "over standard", false}, {"需增教室", "classrooms needed", false},
        {"教师", "teachers", false}, {"核定编制", "posts", false},
        {"教师−编制", "teachers − posts", false}, {"达标指标", "indicators reached", false},
        {"未达标指标", "indicators missed", true}, {"平均距离（公里）", "mean distance (km)", false},
    };
    size_t nc = sizeof cols / sizeof cols[0];
    /* the data */
    json_t *root = json_object(), *schools = json_array(), *rows = json_object();
    json_t *labels = json_object();
    const char *level_l[JH_NLEVELS], *status_l[ST_N], *area_l[3], *type_l[JH_SCHOOL_NTYPES];
    for (int l = 0; l < JH_NLEVELS; l++)
        level_l[l] = jh_html_level_label((jh_level)l, en);
    status_l[ST_OPEN] = jh_html_text(en, "在办", "open");
    status_l[ST_EXPANDED] = jh_html_text(en, "扩建", "expanded");
    status_l[ST_NEW] = jh_html_text(en, "新建", "new");
    status_l[ST_CLOSED] = jh_html_text(en, "已撤并", "closed");
    area_l[JH_URBAN] = jh_html_text(en, "城区", "urban");
    area_l[JH_TOWN] = jh_html_text(en, "镇区", "town");
    area_l[JH_RURAL] = jh_html_text(en, "乡村", "rural");
    for (int t = 0; t < JH_SCHOOL_NTYPES; t++)
        type_l[t] = type_label((jh_school_type)t, en);
    json_object_set_new(labels, "level", str_array(level_l, JH_NLEVELS));
    json_object_set_new(labels, "status", str_array(status_l, ST_N));
    json_object_set_new(labels, "area", str_array(area_l, 3));
    json_object_set_new(labels, "type", str_array(type_l, JH_SCHOOL_NTYPES));
    json_object_set_new(labels, "fails", str_array(en ? Q_EN : Q_ZH, JH_NQUALITY));
    json_object_set_new(labels, "sep", json_string(en ? ", " : "、"));
    json_object_set_new(labels, "not_counted", json_string(jh_html_text(en, "不计入", "not counted")));
    json_object_set_new(root, "labels", labels);
    /* the schools once: id, name, type, area, district */
    for (size_t i = 0; i < c->n_schools; i++) {
        const jh_school *s = &c->schools[i];
        json_array_append_new(schools, json_pack("[s s i i s]", s->id ? s->id : "",
                                                 s->name ? s->name : "", (int)s->type,
                                                 (int)s->area, s->district ? s->district : ""));
    }
    json_object_set_new(root, "schools", schools);
    long *students = calloc(c->n_schools + 1, sizeof *students);
    bool cut = false;
    for (size_t y = 0; y < r->n_years && students; y++) {
        const jh_year_result *yr = &r->years[y];
        const jh_year_metrics *m = &yr->metrics;
        json_t *list = json_array();
        memset(students, 0, (c->n_schools + 1) * sizeof *students);
        for (size_t k = 0; k < m->n_schools; k++)
            if (m->schools[k].school >= 0 && (size_t)m->schools[k].school < c->n_schools)
                students[m->schools[k].school] += m->schools[k].students;
        size_t n = 0;
        /* school-levels of schools.csv */
        for (size_t k = 0; k < m->n_schools && n < max_rows; k++) {
            const jh_school_metrics *sm = &m->schools[k];
            if (sm->school < 0 || (size_t)sm->school >= c->n_schools)
                continue;
            const jh_school *s = &c->schools[sm->school];
            jh_school_status st = yr->status ? yr->status[sm->school] : s->status;
            bool expanded;
            int later = rooms_added_after(sc, s->id, yr->year, &expanded);
            int code = st == JH_STATUS_NEW ? ST_NEW : st == JH_STATUS_CLOSED ? ST_CLOSED
                       : expanded ? ST_EXPANDED : ST_OPEN;
            int rooms = s->classrooms - later;
            long places = school_places(sc, rules, s, yr->year, rooms);
            json_t *fails = json_array();
            for (int q = 0; sm->counted && q < JH_NQUALITY; q++)
                if (sm->quality[q] < rules->quality_min[sm->level][q])
                    json_array_append_new(fails, json_integer(q));
            json_t *row = json_array();
            json_array_append_new(row, json_integer(sm->school));
            json_array_append_new(row, json_integer(sm->level));
            json_array_append_new(row, json_integer(code));
            json_array_append_new(row, rooms > 0 ? json_integer(rooms) : json_null());
            json_array_append_new(row, places > 0 ? json_integer(places) : json_null());
            json_array_append_new(row, json_integer(students[sm->school]));
            json_array_append_new(row, json_integer(sm->students));
            json_array_append_new(row, json_integer(sm->classes));
            json_array_append_new(row, json_integer(sm->large_classes + sm->super_large_classes));
            json_array_append_new(row, json_integer(sm->classes_over_standard));
            json_array_append_new(row, json_integer(sm->classrooms_needed));
            json_array_append_new(row, num(sm->teachers, 1));
            json_array_append_new(row, num(sm->posts_needed, 1));
            json_array_append_new(row, json_integer(sm->counted ? sm->indicators_reached : -1));
            json_array_append_new(row, json_integer(sm->compliant ? 1 : 0));
            json_array_append_new(row, fails);
            json_array_append_new(row, num(sm->mean_distance_km, 2));
            json_array_append_new(list, row);
            n++;
        }
        /* the schools closed by this year */
        for (size_t i = 0; yr->status && i < c->n_schools && n < max_rows; i++) {
            if (yr->status[i] != JH_STATUS_CLOSED)
                continue;
            json_array_append_new(list, json_pack("[i i i]", (int)i,
                                                  jh_school_serves(c->schools[i].type, JH_PRIMARY)
                                                      ? JH_PRIMARY : JH_JUNIOR,
                                                  ST_CLOSED));
            n++;
        }
        if (n >= max_rows)
            cut = true;
        char key[16];
        snprintf(key, sizeof key, "%d", yr->year);
        json_object_set_new(rows, key, list);
    }
    free(students);
    json_object_set_new(root, "rows", rows);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);

    int last = r->years[r->n_years - 1].year;
    fprintf(f, "<section id=\"school-list\"><h2>%s</h2>\n<p id=\"schools-controls\" class=\"no-print-controls\">"
               "<label>%s <select id=\"schools-year\">",
            jh_html_text(en, "逐校逐年情况", "Schools by year"), jh_html_text(en, "年份", "Year"));
    for (size_t y = 0; y < r->n_years; y++)
        fprintf(f, "<option value=\"%d\"%s>%d</option>", r->years[y].year,
                r->years[y].year == last ? " selected" : "", r->years[y].year);
    fprintf(f, "</select></label> <label>%s <input id=\"schools-filter\" type=\"search\" "
               "size=\"28\" placeholder=\"%s\"></label> <span class=\"meta\">%s "
               "<span id=\"schools-count\"></span></span></p>\n<p class=\"meta\">%s</p>\n",
            jh_html_text(en, "筛选", "Filter"),
            jh_html_text(en, "名称、编号、学区、状态或类型", "name, id, district, status or type"),
            jh_html_text(en, "显示", "shown"),
            jh_html_text(en, "点击表头排序（再点击反向）。学位：给定容量，或当年教室 × 标准班额；使用率：全校在校生 ÷ 学位；教师−编制为负即缺编；"
                             "已撤并学校无数据。数据与 schools.csv 相同。",
                         "Click a header to sort (again to reverse). Places: the capacity given, or the classrooms that year at the standard class size; used: the "
                         "school's students over its places; teachers − posts below zero: posts "
                         "short; closed schools have no figures. The figures are schools.csv's."));
    if (cut)
        fprintf(f, "<p class=\"meta\">%s</p>\n",
                jh_html_text(en, "学校过多，每年只列前若干所；其余见 schools.csv",
                             "too many schools: each year is cut; the others are in schools.csv"));
    fputs("<table id=\"schools-table\"><thead><tr>", f);
    for (size_t k = 0; k < nc; k++)
        fprintf(f, "<th%s>%s</th>", cols[k].text ? " class=\"text\"" : "",
                jh_html_text(en, cols[k].zh, cols[k].en));
    fputs("</tr></thead><tbody></tbody></table>\n", f);
    if (text) {
        fputs("<script type=\"application/json\" id=\"schools-data\">", f);
        write_script_safe(f, text);
        fputs("</script>\n", f);
        free(text);
    }
    fprintf(f, "<script>%s</script>\n</section>\n", SCHOOLS_SCRIPT);
}
