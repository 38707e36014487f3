/*
 * generate.c: the synthetic county (see generate.h for what it looks like
 * and why). Building happens in memory in a few passes: place the county
 * town, the towns and the villages; choose school sites and types; give
 * every village its catchment (nearest school serving the level, through
 * the spatial grid index, so 200,000 villages take well under a second);
 * derive enrolments, classes, rooms and resources from the catchments;
 * draw the teacher roster. Writing goes through Shapelib (layers), PROJ
 * (the .prj as ESRI WKT) and plain stdio (CSV and the scenario).
 */
#include "generate/generate.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <proj.h>
#include <shapefil.h>

#include "travel/spatial_index.h"

#define CENTRE_X 500000.0
#define CENTRE_Y 3400000.0
#define BASE_SIDE 40000.0      /* metres, for BASE_VILLAGES villages */
#define BASE_VILLAGES 1500.0
#define CRS_NAME "EPSG:4547"

void jh_generate_options_default(jh_generate_options *o)
{
    memset(o, 0, sizeof *o);
    o->n_schools = 120;
    o->n_villages = 1500;
    o->seed = 1;
    o->start_year = 2025;
    o->end_year = 2035;
    o->write_projections = true;
}

jh_status jh_generate_check(const jh_generate_options *o, jh_error *err)
{
    if (o->n_schools < JH_GENERATE_MIN_SCHOOLS || o->n_schools > 1000000)
        return jh_error_set(err, JH_ERR_INPUT,
                            "--schools: expected a whole number from %d to 1000000, got %zu",
                            JH_GENERATE_MIN_SCHOOLS, o->n_schools);
    if (o->n_villages < 4 * o->n_schools || o->n_villages > 20000000)
        return jh_error_set(err, JH_ERR_INPUT,
                            "--villages: expected at least 4 x schools (%zu) and at most "
                            "20000000, got %zu",
                            4 * o->n_schools, o->n_villages);
    if (o->start_year < 1900 || o->start_year > 2200 || o->end_year < o->start_year ||
        o->end_year - o->start_year > 50)
        return jh_error_set(err, JH_ERR_INPUT,
                            "horizon: expected start <= end within 50 years, got %d-%d",
                            o->start_year, o->end_year);
    return JH_OK;
}

/* ---------------------------------------------------------------- names */

/* Place names are two or three characters from these lists; towns add
 * 镇, villages 村, urban communities 社区. */
static const char *const NAME_A[] = {
    "青", "石", "白", "黄", "柳", "桃", "杨", "李", "张", "王", "高", "新", "东", "西",
    "南", "北", "上", "下", "大", "小", "龙", "马", "凤", "金", "银", "长", "安", "和",
    "平", "兴", "双", "三", "五", "花", "松", "竹", "梅", "兰", "清", "红"};
static const char *const NAME_M[] = {
    "家", "水", "木", "云", "阳", "泉", "古", "丰", "福", "乐", "宁", "合",
    "仁", "义", "德", "光", "明", "华", "春", "秋", "丘", "台", "岩", "莲"};
static const char *const NAME_B[] = {
    "山", "河", "湖", "桥", "坪", "岭", "溪", "田", "湾", "坝", "口", "庄", "集", "铺",
    "塘", "冲", "港", "店", "寨", "源", "林", "沟", "坡", "岗", "洲", "垭", "园", "埠",
    "堡", "营", "峪", "滩"};
#define N_A (sizeof NAME_A / sizeof *NAME_A)
#define N_M (sizeof NAME_M / sizeof *NAME_M)
#define N_B (sizeof NAME_B / sizeof *NAME_B)
#define N_CODES2 (N_A * N_B)
#define N_CODES (N_CODES2 + N_A * N_M * N_B)

/* Draws a name not used before in this namespace (`used` has N_CODES
 * bytes); once the code space is crowded a number is appended. */
static void draw_name(gsl_rng *r, unsigned char *used, char *buf, size_t size)
{
    for (int attempt = 0; attempt < 40; attempt++) {
        size_t code = attempt < 8 ? gsl_rng_uniform_int(r, N_CODES2)
                                  : N_CODES2 + gsl_rng_uniform_int(r, N_CODES - N_CODES2);
        if (used[code])
            continue;
        used[code] = 1;
        if (code < N_CODES2)
            snprintf(buf, size, "%s%s", NAME_A[code / N_B], NAME_B[code % N_B]);
        else {
            size_t k = code - N_CODES2;
            snprintf(buf, size, "%s%s%s", NAME_A[k / (N_M * N_B)], NAME_M[(k / N_B) % N_M],
                     NAME_B[k % N_B]);
        }
        return;
    }
    size_t code = gsl_rng_uniform_int(r, N_CODES2);
    snprintf(buf, size, "%s%s%lu", NAME_A[code / N_B], NAME_B[code % N_B],
             (unsigned long)gsl_rng_uniform_int(r, 1000000));
}

/* Chinese ordinal number for school names: 一 … 九十九, digits beyond. */
static void cn_number(int k, char *buf, size_t size)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (k <= 0 || k >= 100)
        snprintf(buf, size, "%d", k);
    else if (k < 10)
        snprintf(buf, size, "%s", d[k]);
    else if (k < 20)
        snprintf(buf, size, "十%s", d[k % 10]);
    else
        snprintf(buf, size, "%s十%s", d[k / 10], d[k % 10]);
}

/* ---------------------------------------------------------------- state */

typedef struct gen {
    const jh_generate_options *o;
    gsl_rng *r;
    jh_county *c;
    double side, scale, xmin, ymin;
    double ux, uy, ur;         /* county town centre and urban radius */
    size_t n_towns;
    double *tx, *ty;           /* town centres */
    char **tname;
    int *vtown;                /* village -> town (-1: county town) */
    int *seat;                 /* school -> village it stands in */
    int *stown;                /* school -> town (-1: county town) */
    double *sx, *sy;           /* school coordinates (for the index) */
    unsigned char *used_v, *used_t;
    jh_level level;            /* for the index callbacks */
    int exclude;
    double *load;              /* children of the level in each school's catchment */
    double cap, add;           /* the load limit and the village being placed */
} gen;

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static double round1(double v) { return round(v * 10.0) / 10.0; }

static double lognormal_median(gsl_rng *r, double median, double sigma)
{
    return median * exp(sigma * gsl_ran_gaussian(r, 1.0));
}

/* Hilly patches: sparse, small villages. Fixed pattern over the region in
 * units of the 40-km base side, so the sample county is about a third
 * hills. */
static bool hilly(const gen *g, double x, double y)
{
    double u = (x - g->xmin) / BASE_SIDE, v = (y - g->ymin) / BASE_SIDE;
    double m = sin(2.0 * M_PI * u * 0.9 + 2.2) * cos(2.0 * M_PI * v * 0.7 + 0.5) +
               0.3 * sin(2.0 * M_PI * (u + v) * 2.1);
    return m > 0.35;
}

/* Children per person at each single age: rural cohorts shrink towards the
 * young (fewer births, young families gone to town), urban ones grow. */
static double child_share(jh_area area, int age)
{
    switch (area) {
    case JH_URBAN: return 0.0112 * (1.0 + 0.012 * (14 - age));
    case JH_TOWN: return 0.0108 * (1.0 + 0.002 * (14 - age));
    default: return 0.0080 * pow(0.97, 14 - age);
    }
}

double jh_generate_projection(const jh_village *v, int t, int age)
{
    if (age < 0 || age > 14 || t < 0)
        return 0.0;
    double m = v->area == JH_URBAN  ? JH_GENERATE_MIGRATION_URBAN
               : v->area == JH_TOWN ? JH_GENERATE_MIGRATION_TOWN
                                    : JH_GENERATE_MIGRATION_RURAL;
    if (age >= t) /* a cohort already born in the base year */
        return v->age[age - t] * pow(1.0 + m, t);
    /* born t - age years after the base year, then aged `age` years here */
    return v->age[0] * pow((1.0 + m) * JH_GENERATE_BIRTH_TREND, t - age) * pow(1.0 + m, age);
}

/* ---------------------------------------------------------------- places */

static jh_status place_towns(gen *g, jh_error *err)
{
    size_t n = g->n_towns;
    g->tx = calloc(n, sizeof *g->tx);
    g->ty = calloc(n, sizeof *g->ty);
    g->tname = calloc(n, sizeof *g->tname);
    if (!g->tx || !g->ty || !g->tname)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    /* jittered grid, skipping the cells of the county town */
    for (size_t side = (size_t)ceil(sqrt((double)n + 1.0));; side++) {
        size_t cells = side * side, *perm = malloc(cells * sizeof *perm), k = 0;
        if (!perm)
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        for (size_t i = 0; i < cells; i++)
            perm[i] = i;
        gsl_ran_shuffle(g->r, perm, cells, sizeof *perm);
        double cs = g->side / (double)side;
        for (size_t i = 0; i < cells && k < n; i++) {
            double cx = g->xmin + ((double)(perm[i] % side) + 0.5) * cs;
            double cy = g->ymin + ((double)(perm[i] / side) + 0.5) * cs;
            if (hypot(cx - g->ux, cy - g->uy) < g->ur + 0.5 * cs)
                continue;
            g->tx[k] = cx + gsl_ran_flat(g->r, -0.3, 0.3) * cs;
            g->ty[k] = cy + gsl_ran_flat(g->r, -0.3, 0.3) * cs;
            k++;
        }
        free(perm);
        if (k == n)
            break;
    }
    for (size_t t = 0; t < n; t++) {
        char base[64], buf[80];
        draw_name(g->r, g->used_t, base, sizeof base);
        snprintf(buf, sizeof buf, "%s%s", base, gsl_rng_uniform(g->r) < 0.2 ? "乡" : "镇");
        if (!(g->tname[t] = dupstr(buf)))
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    return JH_OK;
}

static jh_status place_villages(gen *g, size_t n_uv, size_t n_tv, jh_error *err)
{
    jh_county *c = g->c;
    size_t m = g->o->n_villages;
    c->villages = calloc(m, sizeof *c->villages);
    g->vtown = calloc(m, sizeof *g->vtown);
    if (!c->villages || !g->vtown)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    c->n_villages = m;
    size_t idw = 4;
    for (size_t k = m; k >= 10000; k /= 10)
        idw++;
    for (size_t i = 0; i < m; i++) {
        jh_village *v = &c->villages[i];
        double x, y, pop;
        if (i < n_uv) {
            double rr = g->ur * sqrt(gsl_rng_uniform(g->r)), th = 2.0 * M_PI * gsl_rng_uniform(g->r);
            x = g->ux + rr * cos(th);
            y = g->uy + rr * sin(th);
            v->area = JH_URBAN;
            pop = lognormal_median(g->r, 3500.0, 0.35);
            g->vtown[i] = -1;
        } else if (i < n_uv + n_tv) {
            size_t j = i - n_uv, t = j % g->n_towns;
            if (j < g->n_towns) { /* the town's own centre */
                x = g->tx[t];
                y = g->ty[t];
            } else {
                double rr = 1500.0 * sqrt(gsl_rng_uniform(g->r));
                double th = 2.0 * M_PI * gsl_rng_uniform(g->r);
                x = g->tx[t] + rr * cos(th);
                y = g->ty[t] + rr * sin(th);
            }
            v->area = JH_TOWN;
            pop = lognormal_median(g->r, 1200.0, 0.4);
            g->vtown[i] = (int)t;
        } else {
            bool hill;
            for (;;) {
                x = g->xmin + g->side * gsl_rng_uniform(g->r);
                y = g->ymin + g->side * gsl_rng_uniform(g->r);
                if (hypot(x - g->ux, y - g->uy) < g->ur * 1.1)
                    continue;
                hill = hilly(g, x, y);
                if (hill && gsl_rng_uniform(g->r) > 0.3)
                    continue;
                break;
            }
            v->area = JH_RURAL;
            pop = lognormal_median(g->r, hill ? 110.0 : 420.0, 0.5);
            if (pop < 30.0)
                pop = 30.0 + gsl_rng_uniform_int(g->r, 20);
            g->vtown[i] = -2; /* set below: nearest town */
        }
        v->x = round1(x);
        v->y = round1(y);
        v->population = round(pop);
        v->has_ages = true;
        for (int a = 0; a < 15; a++)
            v->age[a] = (int)gsl_ran_poisson(g->r, v->population * child_share(v->area, a));
        v->school[0] = v->school[1] = -1;
        v->record = (long)i;
        char idbuf[32], base[64], name[96];
        snprintf(idbuf, sizeof idbuf, "V%0*zu", (int)idw, i + 1);
        draw_name(g->r, g->used_v, base, sizeof base);
        snprintf(name, sizeof name, "%s%s", base, v->area == JH_URBAN ? "社区" : "村");
        if (!(v->id = dupstr(idbuf)) || !(v->name = dupstr(name)))
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    return JH_OK;
}

/* ---------------------------------------------------------------- schools */

typedef struct site {
    jh_school_type type;
    jh_area area;
    int seat;     /* village */
    int town;     /* -1 county town */
    int ordinal;  /* numbering within its kind (urban schools) */
} site;

static jh_status add_school(gen *g, size_t k, const site *st, jh_error *err)
{
    jh_school *s = &g->c->schools[k];
    const jh_village *v = &g->c->villages[st->seat];
    s->type = st->type;
    s->area = st->area;
    s->status = JH_STATUS_OPEN;
    s->record = (long)k;
    double jit = st->area == JH_RURAL ? 250.0 : 150.0;
    s->x = round1(v->x + gsl_ran_flat(g->r, -jit, jit));
    s->y = round1(v->y + gsl_ran_flat(g->r, -jit, jit));
    g->seat[k] = st->seat;
    g->stown[k] = st->town;
    g->sx[k] = s->x;
    g->sy[k] = s->y;
    size_t idw = 3;
    for (size_t n = g->o->n_schools; n >= 1000; n /= 10)
        idw++;
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "S%0*zu", (int)idw, k + 1);
    s->id = dupstr(idbuf);
    return s->id ? JH_OK : jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
}

/* Names need the final types (rural nine-year schools and teaching points
 * are decided after the catchments), so they are given last. */
static jh_status name_school(gen *g, size_t k, const site *st, jh_error *err)
{
    jh_school *s = &g->c->schools[k];
    const jh_village *v = &g->c->villages[st->seat];
    char num[32], name[160], district[128];
    cn_number(st->ordinal, num, sizeof num);
    const char *vname = v->name;
    size_t vlen = strlen(vname);
    /* "石桥村" -> "石桥村小学"; urban communities are not part of names */
    if (st->area == JH_URBAN) {
        switch (s->type) {
        case JH_SCHOOL_PRIMARY: snprintf(name, sizeof name, "城关第%s小学", num); break;
        case JH_SCHOOL_JUNIOR: snprintf(name, sizeof name, "城关第%s中学", num); break;
        case JH_SCHOOL_NINE_YEAR:
            if (st->ordinal == 1)
                snprintf(name, sizeof name, "城关实验学校");
            else
                snprintf(name, sizeof name, "城关第%s实验学校", num);
            break;
        default: snprintf(name, sizeof name, "县特殊教育学校"); break;
        }
    } else if (st->area == JH_TOWN) {
        const char *tn = g->tname[st->town];
        switch (s->type) {
        case JH_SCHOOL_PRIMARY: snprintf(name, sizeof name, "%s中心小学", tn); break;
        case JH_SCHOOL_JUNIOR:
            if (st->ordinal == 0)
                snprintf(name, sizeof name, "%s中学", tn);
            else
                snprintf(name, sizeof name, "%s第%s中学", tn, num);
            break;
        default: snprintf(name, sizeof name, "%s九年一贯制学校", tn); break;
        }
    } else {
        const char *suffix = s->type == JH_SCHOOL_TEACHING_POINT ? "教学点"
                             : s->type == JH_SCHOOL_NINE_YEAR    ? "九年一贯制学校"
                                                                 : "小学";
        snprintf(name, sizeof name, "%.*s%s", (int)vlen, vname, suffix);
    }
    if (st->town < 0) {
        /* urban districts: sectors around the county town, about 8 schools each */
        size_t nd = 1 + g->o->n_schools / 60;
        double th = atan2(s->y - g->uy, s->x - g->ux) + M_PI;
        size_t d = (size_t)(th / (2.0 * M_PI) * (double)nd);
        if (d >= nd)
            d = nd - 1;
        cn_number((int)d + 1, num, sizeof num);
        snprintf(district, sizeof district, "城区第%s学区", num);
    } else {
        snprintf(district, sizeof district, "%s学区", g->tname[st->town]);
    }
    if (!(s->name = dupstr(name)) || !(s->district = dupstr(district)))
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    return JH_OK;
}

static bool keep_level(int i, void *ctx)
{
    gen *g = ctx;
    const jh_school *s = &g->c->schools[i];
    return s->type != JH_SCHOOL_SPECIAL && jh_school_serves(s->type, g->level);
}

static bool keep_nonrural_junior(int i, void *ctx)
{
    gen *g = ctx;
    const jh_school *s = &g->c->schools[i];
    return s->area != JH_RURAL && s->type != JH_SCHOOL_SPECIAL &&
           jh_school_serves(s->type, JH_JUNIOR);
}

static bool accept_not_excluded(int i, void *ctx) { return i != ((gen *)ctx)->exclude; }

static bool keep_urban_level(int i, void *ctx)
{
    gen *g = ctx;
    return g->c->schools[i].area == JH_URBAN && keep_level(i, ctx);
}

/* Room left under the load limit; a nine-year school's limit is lower,
 * since it takes both levels on one site. */
static bool accept_with_room(int i, void *ctx)
{
    gen *g = ctx;
    double cap = g->c->schools[i].type == JH_SCHOOL_NINE_YEAR ? 0.6 * g->cap : g->cap;
    return g->load[i] + g->add <= cap;
}

static double level_children(const jh_village *v, int L)
{
    double n = 0;
    for (int a = L == JH_PRIMARY ? 6 : 12; a < (L == JH_PRIMARY ? 12 : 15); a++)
        n += v->age[a];
    return n;
}

/* In the county town, plain nearest catchments of a few spread schools
 * over evenly spread communities differ threefold in size; the town's
 * communities go instead to the nearest school with room under 1.35 times
 * the mean load (overflow to the next nearest), as planners draw them. */
static jh_status balance_urban(gen *g, int L, jh_error *err)
{
    jh_county *c = g->c;
    g->level = (jh_level)L;
    jh_spatial_index *ix = jh_spatial_index_create(g->sx, g->sy, c->n_schools, keep_urban_level, g);
    g->load = calloc(c->n_schools, sizeof *g->load);
    int *order = malloc((c->n_villages ? c->n_villages : 1) * sizeof *order);
    if (!ix || !g->load || !order) {
        jh_spatial_index_free(ix);
        free(g->load);
        g->load = NULL;
        free(order);
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    size_t nurban = 0, nschools = jh_spatial_index_size(ix);
    double total = 0;
    for (size_t i = 0; i < c->n_villages; i++) {
        const jh_village *v = &c->villages[i];
        double k = level_children(v, L);
        if (v->area == JH_URBAN) {
            order[nurban++] = (int)i;
            total += k;
        } else if (v->school[L] >= 0 && c->schools[v->school[L]].area == JH_URBAN) {
            g->load[v->school[L]] += k;
            total += k;
        }
    }
    g->cap = nschools ? 1.35 * total / (double)nschools : 0;
    gsl_ran_shuffle(g->r, order, nurban, sizeof *order);
    for (size_t j = 0; j < nurban; j++) {
        jh_village *v = &c->villages[order[j]];
        double d;
        g->add = level_children(v, L);
        int s = jh_spatial_index_nearest(ix, v->x, v->y, accept_with_room, g, &d);
        if (s < 0)
            s = jh_spatial_index_nearest(ix, v->x, v->y, NULL, NULL, &d);
        if (s >= 0) {
            v->school[L] = s;
            g->load[s] += g->add;
        }
    }
    jh_spatial_index_free(ix);
    free(g->load);
    g->load = NULL;
    free(order);
    return JH_OK;
}

/* Nearest town centre of each rural village, for districts of rural
 * schools. A small grid index over the town centres. */
static jh_status assign_rural_towns(gen *g, jh_error *err)
{
    jh_spatial_index *ix = jh_spatial_index_create(g->tx, g->ty, g->n_towns, NULL, NULL);
    if (!ix)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    for (size_t i = 0; i < g->c->n_villages; i++)
        if (g->vtown[i] == -2) {
            double d;
            g->vtown[i] = jh_spatial_index_nearest(ix, g->c->villages[i].x,
                                                   g->c->villages[i].y, NULL, NULL, &d);
        }
    jh_spatial_index_free(ix);
    return JH_OK;
}

/* School sites among villages [first, first + count): one village from
 * each cell of a grid over the villages' extent, cells in random order, so
 * schools spread evenly over space while villages do not (hilly cells hold
 * few small villages: small schools). Villages already taken are skipped;
 * the chosen ones are marked taken. */
static jh_status choose_sites(gen *g, size_t first, size_t count, size_t n_sites,
                              unsigned char *taken, int *out, jh_error *err)
{
    size_t nr = count, first_rural = first;
    size_t side = (size_t)ceil(sqrt((double)n_sites * 1.3));
    if (side < 1)
        side = 1;
    size_t cells = side * side;
    size_t *start = calloc(cells + 1, sizeof *start), *cursor = calloc(cells, sizeof *cursor);
    size_t *perm = malloc(cells * sizeof *perm);
    int *items = malloc(nr * sizeof *items), *cellof = malloc(nr * sizeof *cellof);
    jh_status st = JH_OK;
    if (!start || !cursor || !perm || !items || !cellof) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto done;
    }
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (size_t i = 0; i < nr; i++) {
        const jh_village *v = &g->c->villages[first_rural + i];
        x0 = fmin(x0, v->x);
        y0 = fmin(y0, v->y);
        x1 = fmax(x1, v->x);
        y1 = fmax(y1, v->y);
    }
    double cs = fmax(fmax(x1 - x0, y1 - y0), 1.0) / (double)side * 1.000001;
    for (size_t i = 0; i < nr; i++) {
        const jh_village *v = &g->c->villages[first_rural + i];
        long cx = (long)((v->x - x0) / cs), cy = (long)((v->y - y0) / cs);
        cx = cx < 0 ? 0 : (cx >= (long)side ? (long)side - 1 : cx);
        cy = cy < 0 ? 0 : (cy >= (long)side ? (long)side - 1 : cy);
        cellof[i] = (int)(cy * (long)side + cx);
        start[cellof[i] + 1]++;
    }
    for (size_t k = 0; k < cells; k++)
        start[k + 1] += start[k];
    for (size_t k = 0; k < cells; k++)
        cursor[k] = start[k];
    for (size_t i = 0; i < nr; i++)
        items[cursor[cellof[i]]++] = (int)(first_rural + i);
    for (size_t k = 0; k < cells; k++) {
        if (start[k + 1] > start[k])
            gsl_ran_shuffle(g->r, items + start[k], start[k + 1] - start[k], sizeof *items);
        cursor[k] = start[k];
        perm[k] = k;
    }
    gsl_ran_shuffle(g->r, perm, cells, sizeof *perm);
    size_t got = 0;
    while (got < n_sites) {
        size_t before = got;
        for (size_t k = 0; k < cells && got < n_sites; k++) {
            size_t cell = perm[k];
            while (cursor[cell] < start[cell + 1] && taken[items[cursor[cell]]])
                cursor[cell]++;
            if (cursor[cell] < start[cell + 1]) {
                int v = items[cursor[cell]++];
                taken[v] = 1;
                out[got++] = v;
            }
        }
        if (got == before) {
            st = jh_error_set(err, JH_ERR_RUN, "generate: not enough villages for school sites");
            goto done;
        }
    }
done:
    free(start);
    free(cursor);
    free(perm);
    free(items);
    free(cellof);
    return st;
}

/* Catchments: the nearest school serving each level; a few rural villages
 * keep a historical catchment (the second nearest, when not much
 * farther), so `catchment` and `nearest` assignment differ a little. */
static jh_status assign_catchments(gen *g, jh_error *err)
{
    jh_county *c = g->c;
    for (int L = 0; L < JH_NLEVELS; L++) {
        g->level = (jh_level)L;
        jh_spatial_index *ix =
            jh_spatial_index_create(g->sx, g->sy, c->n_schools, keep_level, g);
        if (!ix)
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        for (size_t i = 0; i < c->n_villages; i++) {
            jh_village *v = &c->villages[i];
            double d1, d2;
            int s1 = jh_spatial_index_nearest(ix, v->x, v->y, NULL, NULL, &d1);
            v->school[L] = s1;
            if (v->area == JH_RURAL && gsl_rng_uniform(g->r) < 0.03) {
                g->exclude = s1;
                int s2 = jh_spatial_index_nearest(ix, v->x, v->y, accept_not_excluded, g, &d2);
                if (s2 >= 0 && d2 < 1.6 * d1 + 500.0)
                    v->school[L] = s2;
            }
        }
        jh_spatial_index_free(ix);
        jh_status st = balance_urban(g, L, err);
        if (st != JH_OK)
            return st;
    }
    /* a school with no village of a level it serves takes its own seat
     * village (a few passes settle the rare chains this starts) */
    size_t n = c->n_schools;
    unsigned char *has = malloc(n);
    if (!has)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    for (int pass = 0; pass < 4; pass++) {
        bool changed = false;
        for (int L = 0; L < JH_NLEVELS; L++) {
            memset(has, 0, n);
            for (size_t i = 0; i < c->n_villages; i++)
                if (c->villages[i].school[L] >= 0)
                    has[c->villages[i].school[L]] = 1;
            for (size_t k = 0; k < n; k++) {
                const jh_school *s = &c->schools[k];
                if (has[k] || s->type == JH_SCHOOL_SPECIAL || !jh_school_serves(s->type, L))
                    continue;
                c->villages[g->seat[k]].school[L] = (int)k;
                has[k] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    free(has);
    return JH_OK;
}

/* ---------------------------------------------------------------- resources */

/* Quality standard (STANDARDS.md section 3) by level, in the order
 * above_degree, backbone, pe_art (per 100 students), building, sports
 * (m2 per student), equipment (yuan per student), multimedia (per 100). */
static const double QSTD[JH_NLEVELS][7] = {
    {4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3},
    {5.3, 1.0, 0.9, 5.8, 10.2, 2500.0, 2.4},
};
/* How well each area is provided, relative to the standard: the county
 * town is short of space and rich in equipment and qualified teachers,
 * villages the other way round. */
static const double QBASE[JH_NAREAS][7] = {
    {1.30, 1.40, 1.10, 0.90, 0.78, 1.25, 1.15},
    {1.05, 1.00, 1.00, 1.10, 1.05, 1.05, 1.05},
    {1.00, 0.92, 0.95, 1.55, 1.70, 0.97, 0.97},
};

static int iround(double v) { return v <= 0.0 ? 0 : (int)floor(v + 0.5); }

static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* Target students per class by area and level: the county town crowds
 * its classes (many 56+), towns and villages stay within the caps. */
static double class_target(gen *g, const jh_school *s, jh_level L)
{
    if (s->area == JH_URBAN)
        return L == JH_PRIMARY ? gsl_ran_flat(g->r, 50.0, 63.0) : gsl_ran_flat(g->r, 52.0, 66.0);
    if (s->area == JH_TOWN)
        return L == JH_PRIMARY ? gsl_ran_flat(g->r, 36.0, 50.0) : gsl_ran_flat(g->r, 42.0, 56.0);
    return L == JH_PRIMARY ? gsl_ran_flat(g->r, 32.0, 45.0) : gsl_ran_flat(g->r, 38.0, 50.0);
}

/* Enrolment, classes, rooms and resources of school k from its
 * catchment's children (kids[k][age]). */
static void fill_school(gen *g, size_t k, const int (*kids)[15], int *tl)
{
    jh_school *s = &g->c->schools[k];
    jh_resources *res = &s->res;
    int S[JH_NLEVELS] = {0, 0}, classes[JH_NLEVELS] = {0, 0};
    if (s->type == JH_SCHOOL_SPECIAL) {
        for (int gr = 0; gr < JH_NGRADES; gr++) {
            s->students[gr] = 3 + (int)gsl_ran_poisson(g->r, 6.0);
            s->classes[gr] = 1;
            S[gr < 6 ? 0 : 1] += s->students[gr];
        }
        classes[0] = 6;
        classes[1] = 3;
    } else {
        double factor = s->area == JH_URBAN  ? gsl_ran_flat(g->r, 1.02, 1.10)
                        : s->area == JH_TOWN ? gsl_ran_flat(g->r, 0.98, 1.04)
                                             : gsl_ran_flat(g->r, 0.92, 1.00);
        for (int L = 0; L < JH_NLEVELS; L++) {
            if (!jh_school_serves(s->type, (jh_level)L))
                continue;
            double target = class_target(g, s, (jh_level)L);
            for (int gr = jh_level_first_grade(L); gr < jh_level_end_grade(L); gr++) {
                double mean = kids[k][gr + 6] * factor;
                int n = iround(mean * (1.0 + 0.03 * gsl_ran_gaussian(g->r, 1.0)));
                s->students[gr] = n;
                S[L] += n;
            }
            if (S[L] == 0) { /* an empty catchment still has a child or two */
                s->students[jh_level_first_grade(L)] = 1;
                S[L] = 1;
            }
            for (int gr = jh_level_first_grade(L); gr < jh_level_end_grade(L); gr++) {
                int n = s->students[gr];
                int cl = 0;
                if (n > 0) {
                    double t = target * (1.0 + 0.04 * gsl_ran_gaussian(g->r, 1.0));
                    cl = s->area == JH_URBAN ? iround(n / t) : (int)ceil(n / t);
                    if (cl < 1)
                        cl = 1;
                }
                if (s->type == JH_SCHOOL_TEACHING_POINT && n > 0)
                    cl = 1;
                s->classes[gr] = cl;
                classes[L] += cl;
            }
        }
    }
    s->classes_given = true;
    int total_classes = classes[0] + classes[1];
    int spare = s->area == JH_URBAN ? (int)gsl_rng_uniform_int(g->r, 3)
                                    : (int)gsl_rng_uniform_int(g->r, 5);
    s->classrooms = total_classes + spare;
    if (s->type == JH_SCHOOL_PRIMARY && s->area == JH_RURAL && s->classrooms < 6)
        s->classrooms = 6; /* built for more children than are left */
    int rooms_p = total_classes > 0 ? iround((double)s->classrooms * classes[0] / total_classes) : 0;
    s->capacity = s->type == JH_SCHOOL_SPECIAL ? s->classrooms * 12
                                               : rooms_p * 45 + (s->classrooms - rooms_p) * 50;
    s->capacity_given = true;

    /* teachers by level: the staffing norm, short in town, generous (one
     * per class at least) in small village schools */
    double z = gsl_ran_gaussian(g->r, 1.0); /* the school's overall provision */
    double fstaff = s->area == JH_URBAN ? gsl_ran_flat(g->r, 0.85, 1.02)
                    : s->area == JH_TOWN ? gsl_ran_flat(g->r, 0.95, 1.15)
                                         : gsl_ran_flat(g->r, 1.0, 1.35);
    static const double norm[JH_NLEVELS] = {19.0, 13.5};
    int T[JH_NLEVELS] = {0, 0};
    for (int L = 0; L < JH_NLEVELS; L++) {
        if (S[L] == 0)
            continue;
        if (s->type == JH_SCHOOL_SPECIAL) {
            T[L] = 2 + S[L] / 4;
            continue;
        }
        T[L] = iround(S[L] / norm[L] * fstaff);
        int min_t = s->area == JH_RURAL ? iround(classes[L] * 1.2) : classes[L] / 2;
        if (T[L] < min_t)
            T[L] = min_t;
        if (s->type == JH_SCHOOL_TEACHING_POINT) /* multi-grade teaching */
            T[L] = clamp_int(1 + S[L] / 12, 1, classes[L] > 0 ? classes[L] : 1);
        if (T[L] < 1)
            T[L] = 1;
    }
    double f[7];
    for (int i = 0; i < 7; i++)
        f[i] = QBASE[s->area][i] * exp(0.20 * z + 0.16 * gsl_ran_gaussian(g->r, 1.0));
    memset(res, 0, sizeof *res);
    double fac[4] = {0, 0, 0, 0};
    for (int L = 0; L < JH_NLEVELS; L++) {
        if (S[L] == 0)
            continue;
        int flags[4];
        for (int i = 0; i < 3; i++)
            flags[i] = clamp_int(iround(QSTD[L][i] * S[L] / 100.0 * f[i]), 0, T[L]);
        flags[3] = clamp_int(iround(T[L] * gsl_ran_flat(g->r, 0.3, 0.7)), 0, T[L]);
        for (int i = 0; i < 4; i++)
            tl[L * 4 + i] = flags[i];
        res->teachers += T[L];
        res->t_above_degree += flags[0];
        res->t_backbone += flags[1];
        res->t_pe_art += flags[2];
        res->t_senior_title += flags[3];
        for (int i = 0; i < 4; i++)
            fac[i] += QSTD[L][3 + i] * S[L] * (i == 3 ? 0.01 : 1.0);
    }
    tl[8] = T[0];
    tl[9] = T[1];
    int Sall = S[0] + S[1];
    res->building_m2 = round1(fac[0] * f[3] + 300.0);
    res->sports_m2 = round1(fac[1] * f[4] + (s->area == JH_URBAN ? 0.0 : 400.0));
    res->equipment_yuan = round(fac[2] * f[5] / 100.0) * 100.0;
    int mm = iround(fac[3] * f[6]);
    int music = 0;
    if (total_classes >= 12)
        music = clamp_int(iround(total_classes / 12.0 * gsl_ran_flat(g->r, 0.5, 1.3)), 0, 20);
    else if (gsl_rng_uniform(g->r) < 0.5)
        music = 1;
    int art = total_classes >= 12
                  ? clamp_int(iround(total_classes / 12.0 * gsl_ran_flat(g->r, 0.5, 1.3)), 0, 20)
                  : (gsl_rng_uniform(g->r) < 0.4 ? 1 : 0);
    res->multimedia_rooms = clamp_int(mm, 0, s->classrooms + music + art + 2);
    res->music_rooms = music;
    res->art_rooms = art;
    res->computers = iround(Sall * gsl_ran_flat(g->r, 0.06, 0.25)) + 2;
    res->books = iround(S[0] * gsl_ran_flat(g->r, 15.0, 40.0) + S[1] * gsl_ran_flat(g->r, 25.0, 50.0));
    double beds = 0.0;
    if (s->type == JH_SCHOOL_SPECIAL)
        beds = Sall * 0.5;
    else if (s->area == JH_TOWN)
        beds = S[1] * gsl_ran_flat(g->r, 0.3, 0.7) + S[0] * gsl_ran_flat(g->r, 0.0, 0.15);
    else if (s->area == JH_RURAL && s->type == JH_SCHOOL_NINE_YEAR)
        beds = S[1] * gsl_ran_flat(g->r, 0.4, 0.8);
    res->boarding_beds = iround(beds / 10.0) * 10;
}

/* ---------------------------------------------------------------- roster */

static jh_status draw_roster(gen *g, const int *tl)
{
    jh_county *c = g->c;
    size_t total = 0;
    for (size_t k = 0; k < c->n_schools; k++)
        total += (size_t)(tl[k * 10 + 8] + tl[k * 10 + 9]);
    c->teachers = calloc(total ? total : 1, sizeof *c->teachers);
    if (!c->teachers)
        return JH_ERR_RUN;
    c->has_roster = true;
    size_t idw = 6;
    for (size_t n = total; n >= 1000000; n /= 10)
        idw++;
    size_t t = 0;
    int *order = NULL;
    size_t order_cap = 0;
    for (size_t k = 0; k < c->n_schools; k++) {
        const jh_school *s = &c->schools[k];
        for (int L = 0; L < JH_NLEVELS; L++) {
            int n = tl[k * 10 + 8 + L];
            if (n == 0)
                continue;
            if ((size_t)n > order_cap) {
                int *p = realloc(order, (size_t)n * sizeof *order);
                if (!p) {
                    free(order);
                    return JH_ERR_RUN;
                }
                order = p;
                order_cap = (size_t)n;
            }
            /* each flag goes to exactly its count of teachers: the first k
             * of an independent shuffle */
            jh_teacher *base = &c->teachers[t];
            for (int i = 0; i < n; i++) {
                jh_teacher *te = &base[i];
                te->school = (int)k;
                te->level = (jh_level)L;
                te->line = (long)(t + (size_t)i + 2);
                te->age = 23 + (int)floor(37.0 * pow(gsl_rng_uniform(g->r), 0.9));
            }
            for (int f = 0; f < 4; f++) {
                int cnt = tl[k * 10 + L * 4 + f];
                for (int i = 0; i < n; i++)
                    order[i] = i;
                gsl_ran_shuffle(g->r, order, (size_t)n, sizeof *order);
                for (int i = 0; i < cnt; i++) {
                    jh_teacher *te = &base[order[i]];
                    switch (f) {
                    case 0: te->above_degree = true; break;
                    case 1: te->backbone = true; if (te->age < 32) te->age += 10; break;
                    case 2: te->pe_art = true; break;
                    default: te->senior_title = true; if (te->age < 30) te->age += 8; break;
                    }
                }
            }
            double mean_years = s->area == JH_RURAL ? 9.0 : s->area == JH_TOWN ? 7.5 : 6.0;
            for (int i = 0; i < n; i++) {
                jh_teacher *te = &base[i];
                int y = (int)floor(gsl_ran_exponential(g->r, mean_years));
                if (y > te->age - 22)
                    y = te->age - 22;
                te->years_at_school = y;
                char idbuf[32];
                snprintf(idbuf, sizeof idbuf, "T%0*zu", (int)idw, t + (size_t)i + 1);
                if (!(te->id = dupstr(idbuf))) {
                    free(order);
                    c->n_teachers = t + (size_t)i;
                    return JH_ERR_RUN;
                }
            }
            t += (size_t)n;
            c->n_teachers = t;
        }
    }
    free(order);
    return JH_OK;
}

/* ---------------------------------------------------------------- build */

static void gen_free(gen *g)
{
    if (g->tname)
        for (size_t t = 0; t < g->n_towns; t++)
            free(g->tname[t]);
    free(g->tname);
    free(g->tx);
    free(g->ty);
    free(g->vtown);
    free(g->seat);
    free(g->stown);
    free(g->sx);
    free(g->sy);
    free(g->used_v);
    free(g->used_t);
    if (g->r)
        gsl_rng_free(g->r);
}

jh_status jh_generate_county(jh_county *out, const jh_generate_options *o, jh_error *err)
{
    memset(out, 0, sizeof *out);
    jh_status st = jh_generate_check(o, err);
    if (st != JH_OK)
        return st;
    gen g;
    memset(&g, 0, sizeof g);
    g.o = o;
    g.c = out;
    g.r = gsl_rng_alloc(gsl_rng_mt19937);
    g.used_v = calloc(N_CODES, 1);
    g.used_t = calloc(N_CODES, 1);
    site *sites = NULL;
    int (*kids)[15] = NULL;
    int *tl = NULL, *rural_seats = NULL;
    unsigned char *taken = NULL;
    jh_spatial_index *ix = NULL;
    if (!g.r || !g.used_v || !g.used_t) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    gsl_rng_set(g.r, o->seed);
    size_t N = o->n_schools, M = o->n_villages;
    g.scale = sqrt(M / BASE_VILLAGES);
    if (g.scale < 1.0)
        g.scale = 1.0;
    g.side = BASE_SIDE * g.scale;
    g.xmin = CENTRE_X - g.side / 2.0;
    g.ymin = CENTRE_Y - g.side / 2.0;
    g.ux = CENTRE_X + gsl_ran_gaussian(g.r, 1500.0 * g.scale);
    g.uy = CENTRE_Y + gsl_ran_gaussian(g.r, 1500.0 * g.scale);
    g.ur = 3500.0 * g.scale;
    g.n_towns = (size_t)floor(N / 11.0 + 0.5);
    if (g.n_towns < 1)
        g.n_towns = 1;

    /* how many schools of each kind */
    size_t nu = (size_t)floor(0.13 * N + 0.5);
    if (nu < 3)
        nu = 3;
    size_t nu_nine = (size_t)floor(0.1 * nu + 0.5), nu_jun = (size_t)floor(0.33 * nu + 0.5);
    if (nu_nine < 1)
        nu_nine = 1;
    if (nu_jun < 1)
        nu_jun = 1;
    size_t nu_pri = nu - nu_nine - nu_jun;
    sites = calloc(N, sizeof *sites);
    out->schools = calloc(N, sizeof *out->schools);
    g.seat = calloc(N, sizeof *g.seat);
    g.stown = calloc(N, sizeof *g.stown);
    g.sx = calloc(N, sizeof *g.sx);
    g.sy = calloc(N, sizeof *g.sy);
    kids = calloc(N, sizeof *kids);
    tl = calloc(N * 10, sizeof *tl);
    rural_seats = calloc(N, sizeof *rural_seats);
    if (!sites || !out->schools || !g.seat || !g.stown || !g.sx || !g.sy || !kids || !tl ||
        !rural_seats) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    out->n_schools = N;
    /* town schools: a central primary and a junior school in each; a second
     * junior school or a nine-year school in some, while at least a third
     * of all schools are left for the villages */
    size_t k = 0;
    size_t base_used = 1 + nu + 2 * g.n_towns;
    size_t extra_room = base_used + N / 3 < N ? N - base_used - N / 3 : 0;
    for (size_t i = 0; i < nu_pri; i++)
        sites[k++] = (site){JH_SCHOOL_PRIMARY, JH_URBAN, -1, -1, (int)i + 1};
    for (size_t i = 0; i < nu_jun; i++)
        sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_URBAN, -1, -1, (int)i + 1};
    for (size_t i = 0; i < nu_nine; i++)
        sites[k++] = (site){JH_SCHOOL_NINE_YEAR, JH_URBAN, -1, -1, (int)i + 1};
    sites[k++] = (site){JH_SCHOOL_SPECIAL, JH_URBAN, -1, -1, 1};
    size_t town_first = k;
    for (size_t t = 0; t < g.n_towns && k < N; t++) {
        sites[k++] = (site){JH_SCHOOL_PRIMARY, JH_TOWN, -1, (int)t, 0};
        if (k < N)
            sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_TOWN, -1, (int)t, 0};
        if (extra_room > 0 && k < N && gsl_rng_uniform(g.r) < 0.35) {
            sites[k - 1].ordinal = 1;
            sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_TOWN, -1, (int)t, 2};
            extra_room--;
        }
        if (extra_room > 0 && k < N && gsl_rng_uniform(g.r) < 0.35) {
            sites[k++] = (site){JH_SCHOOL_NINE_YEAR, JH_TOWN, -1, (int)t, 0};
            extra_room--;
        }
    }
    size_t town_end = k, rural_first_school = k, n_rural = N - k;

    /* villages: urban communities, town villages (at least 5 per town),
     * the rest rural */
    size_t n_uv = (size_t)floor(0.06 * M + 0.5), n_tv = (size_t)floor(0.10 * M + 0.5);
    if (n_uv < nu + 3)
        n_uv = nu + 3;
    if (n_tv < 5 * g.n_towns)
        n_tv = 5 * g.n_towns;
    if (n_uv + n_tv + n_rural > M) {
        st = jh_error_set(err, JH_ERR_INPUT, "--villages: %zu is too few for %zu schools", M, N);
        goto fail;
    }
    if ((st = place_towns(&g, err)) != JH_OK || (st = place_villages(&g, n_uv, n_tv, err)) != JH_OK ||
        (st = assign_rural_towns(&g, err)) != JH_OK)
        goto fail;

    /* seats: urban schools spread over the county town; town schools
     * on the town's first villages (the centre first); rural sites spread
     * over the county */
    taken = calloc(M, 1);
    if (!taken) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    {
        /* primary-serving sites spread first (the nine-year schools a
         * random few of them), then the junior schools spread on other
         * communities, then the special school */
        size_t n_pri_serving = nu_pri + nu_nine;
        if ((st = choose_sites(&g, 0, n_uv, n_pri_serving, taken, rural_seats, err)) != JH_OK)
            goto fail;
        gsl_ran_shuffle(g.r, rural_seats, n_pri_serving, sizeof *rural_seats);
        for (size_t i = 0; i < nu_pri; i++)
            sites[i].seat = rural_seats[i];
        for (size_t i = 0; i < nu_nine; i++)
            sites[nu_pri + nu_jun + i].seat = rural_seats[nu_pri + i];
        if ((st = choose_sites(&g, 0, n_uv, nu_jun + 1, taken, rural_seats, err)) != JH_OK)
            goto fail;
        for (size_t i = 0; i < nu_jun; i++)
            sites[nu_pri + i].seat = rural_seats[i];
        sites[town_first - 1].seat = rural_seats[nu_jun]; /* the special school */
    }
    {
        size_t t_prev = (size_t)-1, slot = 0;
        for (size_t i = town_first; i < town_end; i++) {
            size_t t = (size_t)sites[i].town;
            slot = t == t_prev ? slot + 1 : 0;
            t_prev = t;
            sites[i].seat = (int)(n_uv + t + slot * g.n_towns);
        }
    }
    if ((st = choose_sites(&g, n_uv + n_tv, M - n_uv - n_tv, n_rural, taken, rural_seats, err)) !=
        JH_OK)
        goto fail;
    for (size_t i = 0; i < n_rural; i++) {
        int v = rural_seats[i];
        sites[rural_first_school + i] = (site){JH_SCHOOL_PRIMARY, JH_RURAL, v, g.vtown[v], 0};
    }
    for (size_t i = 0; i < N; i++)
        if ((st = add_school(&g, i, &sites[i], err)) != JH_OK)
            goto fail;

    /* remote rural sites become nine-year schools: the farthest from any
     * town or urban junior school */
    {
        size_t n_nine = (size_t)floor(0.04 * n_rural + 0.5);
        if (n_rural >= 20 && n_nine < 1)
            n_nine = 1;
        ix = jh_spatial_index_create(g.sx, g.sy, N, keep_nonrural_junior, &g);
        double *dist = malloc((n_rural ? n_rural : 1) * sizeof *dist);
        size_t *ord = malloc((n_rural ? n_rural : 1) * sizeof *ord);
        if (!ix || !dist || !ord) {
            free(dist);
            free(ord);
            st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
            goto fail;
        }
        for (size_t i = 0; i < n_rural; i++) {
            const jh_school *s = &out->schools[rural_first_school + i];
            jh_spatial_index_nearest(ix, s->x, s->y, NULL, NULL, &dist[i]);
        }
        /* partial selection of the n_nine largest distances (ties: lower index) */
        for (size_t i = 0; i < n_rural; i++)
            ord[i] = i;
        for (size_t j = 0; j < n_nine && j < n_rural; j++) {
            size_t best = j;
            for (size_t i = j + 1; i < n_rural; i++)
                if (dist[ord[i]] > dist[ord[best]])
                    best = i;
            size_t tmp = ord[j];
            ord[j] = ord[best];
            ord[best] = tmp;
            out->schools[rural_first_school + ord[j]].type = JH_SCHOOL_NINE_YEAR;
            sites[rural_first_school + ord[j]].type = JH_SCHOOL_NINE_YEAR;
        }
        free(dist);
        free(ord);
        jh_spatial_index_free(ix);
        ix = NULL;
    }

    if ((st = assign_catchments(&g, err)) != JH_OK)
        goto fail;
    for (size_t i = 0; i < M; i++) {
        const jh_village *v = &out->villages[i];
        for (int L = 0; L < JH_NLEVELS; L++) {
            int s = v->school[L];
            if (s < 0)
                continue;
            int a0 = L == JH_PRIMARY ? 6 : 12, a1 = L == JH_PRIMARY ? 12 : 15;
            for (int a = a0; a < a1; a++)
                kids[s][a] += v->age[a];
        }
    }
    /* small rural primaries are teaching points: fewer than 100 children
     * of primary age in the catchment */
    for (size_t i = rural_first_school; i < N; i++) {
        jh_school *s = &out->schools[i];
        if (s->type != JH_SCHOOL_PRIMARY)
            continue;
        int n = 0;
        for (int a = 6; a < 12; a++)
            n += kids[i][a];
        if (n < 100) {
            s->type = JH_SCHOOL_TEACHING_POINT;
            sites[i].type = JH_SCHOOL_TEACHING_POINT;
        }
    }
    for (size_t i = 0; i < N; i++) {
        fill_school(&g, i, (const int (*)[15])kids, &tl[i * 10]);
        if ((st = name_school(&g, i, &sites[i], err)) != JH_OK)
            goto fail;
    }
    if (draw_roster(&g, tl) != JH_OK) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto fail;
    }
    snprintf(out->crs, sizeof out->crs, "%s", CRS_NAME);
    snprintf(out->source_crs, sizeof out->source_crs, "%s", CRS_NAME);
    snprintf(out->encoding[0], sizeof out->encoding[0], "UTF-8");
    snprintf(out->encoding[1], sizeof out->encoding[1], "UTF-8");
    free(sites);
    free(kids);
    free(tl);
    free(rural_seats);
    free(taken);
    gen_free(&g);
    return JH_OK;

fail:
    jh_spatial_index_free(ix);
    free(sites);
    free(kids);
    free(tl);
    free(rural_seats);
    free(taken);
    gen_free(&g);
    jh_county_free(out);
    memset(out, 0, sizeof *out);
    return st;
}

/* ---------------------------------------------------------------- writing */

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
    char *p = dupstr(dir);
    if (!p)
        return -1;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = (mkdir(p, 0777) != 0 && errno != EEXIST) ? -1 : 0;
    free(p);
    return rc;
}

static jh_status write_prj(const char *path, jh_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *pj = proj_create(ctx, CRS_NAME);
    const char *wkt = pj ? proj_as_wkt(ctx, pj, PJ_WKT1_ESRI, NULL) : NULL;
    jh_status st = JH_OK;
    if (!wkt) {
        st = jh_error_set(err, JH_ERR_RUN, "%s: PROJ cannot describe %s as ESRI WKT", path,
                          CRS_NAME);
    } else {
        FILE *f = fopen(path, "w");
        if (!f || fputs(wkt, f) < 0 || fclose(f) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    if (pj)
        proj_destroy(pj);
    proj_context_destroy(ctx);
    return st;
}

/* Shapelib writes a record at a time with a seek before each one: through
 * stdio that is three system calls per record, seconds for 200,000
 * villages. These hooks keep each file in memory and write it out once
 * when Shapelib closes it. */
typedef struct memfile {
    char *path;
    unsigned char *data;
    size_t size, cap, pos;
    bool writable;
    bool failed;
} memfile;

static SAFile mem_open(const char *filename, const char *access)
{
    memfile *m = calloc(1, sizeof *m);
    if (!m || !(m->path = dupstr(filename))) {
        free(m);
        return NULL;
    }
    m->writable = strpbrk(access, "wa+") != NULL;
    if (access[0] == 'r') { /* read what is there (DBFCreate reopens "rb+") */
        FILE *f = fopen(filename, "rb");
        if (!f) {
            free(m->path);
            free(m);
            return NULL;
        }
        unsigned char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            if (m->size + n > m->cap) {
                size_t cap = (m->cap ? 2 * m->cap : 8192) + n;
                unsigned char *d = realloc(m->data, cap);
                if (!d) {
                    fclose(f);
                    free(m->data);
                    free(m->path);
                    free(m);
                    return NULL;
                }
                m->data = d;
                m->cap = cap;
            }
            memcpy(m->data + m->size, chunk, n);
            m->size += n;
        }
        fclose(f);
    }
    return (SAFile)m;
}

static SAOffset mem_read(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    if (size == 0)
        return 0;
    size_t avail = m->pos < m->size ? m->size - m->pos : 0;
    size_t items = (size_t)nmemb;
    if (items * size > avail)
        items = avail / size;
    memcpy(p, m->data + m->pos, items * size);
    m->pos += items * size;
    return items;
}

static SAOffset mem_write(void *p, SAOffset size, SAOffset nmemb, SAFile file)
{
    memfile *m = (memfile *)file;
    size_t n = (size_t)(size * nmemb);
    if (!m->writable)
        return 0;
    if (m->pos + n > m->cap) {
        size_t cap = m->cap ? m->cap : 65536;
        while (cap < m->pos + n)
            cap *= 2;
        unsigned char *d = realloc(m->data, cap);
        if (!d) {
            m->failed = true;
            return 0;
        }
        m->data = d;
        m->cap = cap;
    }
    if (m->pos > m->size) /* a seek past the end leaves zeros */
        memset(m->data + m->size, 0, m->pos - m->size);
    memcpy(m->data + m->pos, p, n);
    m->pos += n;
    if (m->pos > m->size)
        m->size = m->pos;
    return nmemb;
}

static SAOffset mem_seek(SAFile file, SAOffset offset, int whence)
{
    memfile *m = (memfile *)file;
    size_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->size;
    m->pos = base + (size_t)offset;
    return 0;
}

static SAOffset mem_tell(SAFile file) { return (SAOffset)((memfile *)file)->pos; }

static int mem_flush(SAFile file)
{
    (void)file;
    return 0;
}

static int mem_close(SAFile file)
{
    memfile *m = (memfile *)file;
    int rc = m->failed ? -1 : 0;
    if (m->writable && !m->failed) {
        FILE *f = fopen(m->path, "wb");
        if (!f || (m->size && fwrite(m->data, 1, m->size, f) != m->size))
            rc = -1;
        if (f && fclose(f) != 0)
            rc = -1;
    }
    free(m->data);
    free(m->path);
    free(m);
    return rc;
}

static int mem_remove(const char *filename) { return unlink(filename); }

static void mem_error(const char *message) { fprintf(stderr, "shapelib: %s\n", message); }

static void mem_hooks(SAHooks *h)
{
    SASetupDefaultHooks(h);
    h->FOpen = mem_open;
    h->FRead = mem_read;
    h->FWrite = mem_write;
    h->FSeek = mem_seek;
    h->FTell = mem_tell;
    h->FFlush = mem_flush;
    h->FClose = mem_close;
    h->Remove = mem_remove;
    h->Error = mem_error;
}

/* Adds a field; Shapelib returns -1 when it cannot. */
static bool add_field(DBFHandle h, const char *name, DBFFieldType type, int width, int dec)
{
    return DBFAddField(h, name, type, width, dec) >= 0;
}

/* Creates DIR/NAME.shp/.shx/.dbf for points through the in-memory hooks,
 * with the DBF date fixed (same seed, same bytes). On failure nothing is
 * left open, and the out-parameters are safe to pass to layer_close. */
static jh_status layer_create(const char *dir, const char *name, char **base, SHPHandle *shp,
                              DBFHandle *dbf, jh_error *err)
{
    *shp = NULL;
    *dbf = NULL;
    *base = path_join(dir, name);
    if (!*base)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    SAHooks hooks;
    mem_hooks(&hooks);
    *shp = SHPCreateLL(*base, SHPT_POINT, &hooks);
    *dbf = DBFCreateLL(*base, "UTF-8", &hooks);
    if (!*shp || !*dbf)
        return jh_error_set(err, JH_ERR_RUN, "%s.shp/.dbf: cannot create", *base);
    DBFSetLastModifiedDate(*dbf, 125, 1, 1);
    return JH_OK;
}

static void layer_close(char *base, SHPHandle shp, DBFHandle dbf)
{
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    free(base);
}

static jh_status write_schools(const jh_county *c, const char *tmp, jh_error *err)
{
    char *base;
    SHPHandle shp;
    DBFHandle dbf;
    jh_status st = layer_create(tmp, "schools", &base, &shp, &dbf, err);
    if (st != JH_OK)
        goto done;
    char nm[16];
    bool ok = add_field(dbf, "id", FTString, 12, 0) && add_field(dbf, "name", FTString, 80, 0) &&
              add_field(dbf, "type", FTString, 16, 0) && add_field(dbf, "area", FTString, 8, 0) &&
              add_field(dbf, "district", FTString, 60, 0);
    for (int gr = 1; gr <= 9 && ok; gr++) {
        snprintf(nm, sizeof nm, "g%d", gr);
        ok = add_field(dbf, nm, FTInteger, 6, 0);
    }
    for (int gr = 1; gr <= 9 && ok; gr++) {
        snprintf(nm, sizeof nm, "classes_g%d", gr);
        ok = add_field(dbf, nm, FTInteger, 4, 0);
    }
    ok = ok && add_field(dbf, "classrooms", FTInteger, 5, 0) &&
         add_field(dbf, "capacity", FTInteger, 7, 0) && add_field(dbf, "teachers", FTInteger, 5, 0) &&
         add_field(dbf, "t_above_de", FTInteger, 5, 0) &&
         add_field(dbf, "t_backbone", FTInteger, 5, 0) &&
         add_field(dbf, "t_pe_art", FTInteger, 5, 0) &&
         add_field(dbf, "t_senior_t", FTInteger, 5, 0) &&
         add_field(dbf, "building_m", FTDouble, 12, 1) &&
         add_field(dbf, "sports_m2", FTDouble, 12, 1) &&
         add_field(dbf, "equipment_", FTDouble, 14, 0) &&
         add_field(dbf, "multimedia", FTInteger, 5, 0) &&
         add_field(dbf, "computers", FTInteger, 6, 0) && add_field(dbf, "books", FTInteger, 9, 0) &&
         add_field(dbf, "boarding_b", FTInteger, 6, 0) &&
         add_field(dbf, "music_room", FTInteger, 4, 0) &&
         add_field(dbf, "art_rooms", FTInteger, 4, 0);
    if (!ok) {
        st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot add fields", base);
        goto done;
    }
    for (size_t i = 0; i < c->n_schools && ok; i++) {
        const jh_school *s = &c->schools[i];
        int rec = (int)i, f = 0;
        double x = s->x, y = s->y;
        SHPObject *obj = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        ok = obj && SHPWriteObject(shp, -1, obj) >= 0;
        SHPDestroyObject(obj);
        ok = ok && DBFWriteStringAttribute(dbf, rec, f++, s->id) &&
             DBFWriteStringAttribute(dbf, rec, f++, s->name) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_school_type_name(s->type)) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_area_name(s->area)) &&
             DBFWriteStringAttribute(dbf, rec, f++, s->district ? s->district : "");
        for (int gr = 0; gr < 9 && ok; gr++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, s->students[gr]);
        for (int gr = 0; gr < 9 && ok; gr++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, s->classes[gr]);
        const jh_resources *r = &s->res;
        ok = ok && DBFWriteIntegerAttribute(dbf, rec, f++, s->classrooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, s->capacity) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->teachers) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_above_degree) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_backbone) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_pe_art) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->t_senior_title) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->building_m2) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->sports_m2) &&
             DBFWriteDoubleAttribute(dbf, rec, f++, r->equipment_yuan) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->multimedia_rooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->computers) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->books) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->boarding_beds) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->music_rooms) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)r->art_rooms);
    }
    if (!ok)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write a record", base);
done:
    layer_close(base, shp, dbf);
    return st;
}

static jh_status write_villages(const jh_county *c, const char *tmp, jh_error *err)
{
    char *base;
    SHPHandle shp;
    DBFHandle dbf;
    jh_status st = layer_create(tmp, "villages", &base, &shp, &dbf, err);
    if (st != JH_OK)
        goto done;
    char nm[16];
    bool ok = add_field(dbf, "id", FTString, 12, 0) && add_field(dbf, "name", FTString, 48, 0) &&
              add_field(dbf, "area", FTString, 8, 0) &&
              add_field(dbf, "population", FTInteger, 9, 0);
    for (int a = 0; a < 15 && ok; a++) {
        snprintf(nm, sizeof nm, "age%d", a);
        ok = add_field(dbf, nm, FTInteger, 6, 0);
    }
    ok = ok && add_field(dbf, "school_pri", FTString, 12, 0) &&
         add_field(dbf, "school_jun", FTString, 12, 0);
    if (!ok) {
        st = jh_error_set(err, JH_ERR_RUN, "%s.dbf: cannot add fields", base);
        goto done;
    }
    for (size_t i = 0; i < c->n_villages && ok; i++) {
        const jh_village *v = &c->villages[i];
        int rec = (int)i, f = 0;
        double x = v->x, y = v->y;
        SHPObject *obj = SHPCreateSimpleObject(SHPT_POINT, 1, &x, &y, NULL);
        ok = obj && SHPWriteObject(shp, -1, obj) >= 0;
        SHPDestroyObject(obj);
        ok = ok && DBFWriteStringAttribute(dbf, rec, f++, v->id) &&
             DBFWriteStringAttribute(dbf, rec, f++, v->name) &&
             DBFWriteStringAttribute(dbf, rec, f++, jh_area_name(v->area)) &&
             DBFWriteIntegerAttribute(dbf, rec, f++, (int)v->population);
        for (int a = 0; a < 15 && ok; a++)
            ok = DBFWriteIntegerAttribute(dbf, rec, f++, v->age[a]);
        for (int L = 0; L < JH_NLEVELS && ok; L++) {
            int s = v->school[L];
            ok = DBFWriteStringAttribute(dbf, rec, f++, s >= 0 ? c->schools[s].id : "");
        }
    }
    if (!ok)
        st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write a record", base);
done:
    layer_close(base, shp, dbf);
    return st;
}

/* A CSV field, quoted (RFC 4180) only when it holds a comma, quote or
 * line break. */
static void csv_put(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static jh_status close_checked(FILE *f, const char *path, jh_error *err)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    return JH_OK;
}

/* DBFCreateEx writes a .cpg too; this makes its content certain. */
static jh_status write_cpg(const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs("UTF-8", f);
    return close_checked(f, path, err);
}

static jh_status write_teachers(const jh_county *c, const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs("teacher_id,school_id,level,years_at_school,backbone,above_degree,pe_art,"
          "senior_title,age\n", f);
    for (size_t i = 0; i < c->n_teachers; i++) {
        const jh_teacher *t = &c->teachers[i];
        csv_put(f, t->id);
        fputc(',', f);
        csv_put(f, c->schools[t->school].id);
        fprintf(f, ",%s,%d,%d,%d,%d,%d,%d\n", jh_level_name(t->level), t->years_at_school,
                t->backbone, t->above_degree, t->pe_art, t->senior_title, t->age);
    }
    return close_checked(f, path, err);
}

/* Appends the decimal digits of v (>= 0) at p; returns the new end. */
static char *put_uint(char *p, unsigned long v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* One row per village, year and age: 33 million rows for 200,000 villages
 * over 11 years, so rows are formatted by hand into a buffer and the
 * growth factors computed once (the same pow() calls as
 * jh_generate_projection, so the values are identical). */
static jh_status write_projections(const jh_county *c, const jh_generate_options *o,
                                   const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    int years = o->end_year - o->start_year + 1;
    double gpow[JH_NAREAS][64], bpow[JH_NAREAS][64];
    static const double mig[JH_NAREAS] = {JH_GENERATE_MIGRATION_URBAN, JH_GENERATE_MIGRATION_TOWN,
                                          JH_GENERATE_MIGRATION_RURAL};
    for (int a = 0; a < JH_NAREAS; a++)
        for (int t = 0; t < years && t < 64; t++) {
            gpow[a][t] = pow(1.0 + mig[a], t);
            bpow[a][t] = pow((1.0 + mig[a]) * JH_GENERATE_BIRTH_TREND, t);
        }
    fputs("village_id,year,age,population\n", f);
    char buf[1 << 16];
    size_t used = 0;
    for (size_t i = 0; i < c->n_villages; i++) {
        const jh_village *v = &c->villages[i];
        size_t idlen = strlen(v->id);
        for (int t = 0; t < years; t++)
            for (int a = 0; a < 15; a++) {
                if (used + idlen + 64 > sizeof buf) {
                    fwrite(buf, 1, used, f);
                    used = 0;
                }
                double val = a >= t ? v->age[a - t] * gpow[v->area][t]
                                    : v->age[0] * bpow[v->area][t - a] * gpow[v->area][a];
                char *p = buf + used;
                memcpy(p, v->id, idlen);
                p += idlen;
                *p++ = ',';
                p = put_uint(p, (unsigned long)(o->start_year + t));
                *p++ = ',';
                p = put_uint(p, (unsigned long)a);
                *p++ = ',';
                p = put_uint(p, (unsigned long)floor(val + 0.5));
                *p++ = '\n';
                used = (size_t)(p - buf);
            }
    }
    fwrite(buf, 1, used, f);
    return close_checked(f, path, err);
}

static jh_status write_baseline(const jh_generate_options *o, const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fprintf(f,
            "# A synthetic county written by `junheng generate --schools %zu --villages %zu "
            "--seed %lu`.\n"
            "# The current layout kept as it is: students go to their catchment schools,\n"
            "# 10%% of the eligible teachers rotate each year.\n"
            "name: baseline\n"
            "data:\n"
            "  schools: schools.shp\n"
            "  villages: villages.shp\n"
            "  crs: %s\n",
            o->n_schools, o->n_villages, o->seed, CRS_NAME);
    if (o->write_projections)
        fputs("  projections: projections.csv\n", f);
    fprintf(f,
            "  teachers: teachers.csv\n"
            "horizon: {start: %d, end: %d}\n"
            "standard: quality\n"
            "assignment: catchment\n"
            "teachers:\n"
            "  rotation: {share_of_eligible: 0.10, backbone_share: 0.20, min_years: 6, "
            "method: proportional, within: county}\n",
            o->start_year, o->end_year);
    return close_checked(f, path, err);
}

static const char *const OUT_FILES[] = {
    "schools.shp", "schools.shx", "schools.dbf", "schools.prj", "schools.cpg",
    "villages.shp", "villages.shx", "villages.dbf", "villages.prj", "villages.cpg",
    "teachers.csv", "projections.csv", "baseline.yaml"};
#define N_OUT_FILES (sizeof OUT_FILES / sizeof *OUT_FILES)

/* Removes the temporary folder and whatever is in it. */
static void remove_tmp(const char *tmp)
{
    DIR *d = opendir(tmp);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = path_join(tmp, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(tmp);
}

jh_status jh_generate_write(const jh_county *c, const jh_generate_options *o, const char *dir,
                            jh_error *err)
{
    if (make_dirs(dir) != 0)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the folder: %s", dir,
                            strerror(errno));
    char *tmp = path_join(dir, ".generate-XXXXXX");
    if (!tmp)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    if (!mkdtemp(tmp)) {
        jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create a temporary folder: %s",
                                    dir, strerror(errno));
        free(tmp);
        return st;
    }
    jh_status st = JH_OK;
    char *p = NULL;
    if ((st = write_schools(c, tmp, err)) != JH_OK || (st = write_villages(c, tmp, err)) != JH_OK)
        goto done;
    const char *names[] = {"schools.prj", "villages.prj", "schools.cpg", "villages.cpg",
                           "teachers.csv", "projections.csv", "baseline.yaml"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        free(p);
        if (!(p = path_join(tmp, names[i]))) {
            st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
            goto done;
        }
        if (i < 2)
            st = write_prj(p, err);
        else if (i < 4)
            st = write_cpg(p, err);
        else if (i == 4)
            st = write_teachers(c, p, err);
        else if (i == 5)
            st = o->write_projections ? write_projections(c, o, p, err) : JH_OK;
        else
            st = write_baseline(o, p, err);
        if (st != JH_OK)
            goto done;
    }
    /* all complete: move them into place */
    for (size_t i = 0; i < N_OUT_FILES; i++) {
        char *from = path_join(tmp, OUT_FILES[i]), *to = path_join(dir, OUT_FILES[i]);
        if (!from || !to) {
            free(from);
            free(to);
            st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
            goto done;
        }
        if (strcmp(OUT_FILES[i], "projections.csv") == 0 && !o->write_projections) {
            unlink(to); /* a stale table from an earlier run would not match */
        } else if (rename(from, to) != 0) {
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot move into place: %s", to,
                              strerror(errno));
        }
        free(from);
        free(to);
        if (st != JH_OK)
            goto done;
    }
done:
    free(p);
    remove_tmp(tmp);
    free(tmp);
    return st;
}

jh_status jh_generate(const jh_generate_options *o, const char *dir, jh_error *err)
{
    jh_county c;
    jh_status st = jh_generate_county(&c, o, err);
    if (st != JH_OK)
        return st;
    st = jh_generate_write(&c, o, dir, err);
    jh_county_free(&c);
    return st;
}
