/*
 * schools.c: what kind of school stands where, and what it holds. A
 * county's schools are not all alike and the planning questions live in
 * the differences: crowded urban schools with short space and full
 * classes, town central schools, village primaries built for more
 * children than are left, teaching points under 100 children, a few
 * remote nine-year schools that board. The plan fixes how many of each
 * kind; the catchments then decide which village primaries shrink to
 * teaching points, and each school's enrolment, classes, rooms, staff
 * and resources follow from its catchment's children, provided better or
 * worse than STANDARDS.md section 3 asks depending on area and luck.
 */
#include "generate/generate_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "spatial_index.h"

/* How many schools of each kind, and the town schools: a central primary
 * and a junior school in each town; a second junior school or a
 * nine-year school in some, while at least a third of all schools are
 * left for the villages. Allocates the per-school arrays. */
jh_status gen_plan_schools(gen *g, jh_error *err)
{
    jh_county *out = g->c;
    size_t N = g->o->n_schools;
    size_t nu = (size_t)floor(0.13 * N + 0.5);
    if (nu < 3)
        nu = 3;
    size_t nu_nine = (size_t)floor(0.1 * nu + 0.5), nu_jun = (size_t)floor(0.33 * nu + 0.5);
    if (nu_nine < 1)
        nu_nine = 1;
    if (nu_jun < 1)
        nu_jun = 1;
    size_t nu_pri = nu - nu_nine - nu_jun;
    g->nu_pri = nu_pri;
    g->nu_jun = nu_jun;
    g->nu_nine = nu_nine;
    g->sites = calloc(N, sizeof *g->sites);
    out->schools = calloc(N, sizeof *out->schools);
    g->seat = calloc(N, sizeof *g->seat);
    g->stown = calloc(N, sizeof *g->stown);
    g->sx = calloc(N, sizeof *g->sx);
    g->sy = calloc(N, sizeof *g->sy);
    g->kids = calloc(N, sizeof *g->kids);
    g->tl = calloc(N * 10, sizeof *g->tl);
    if (!g->sites || !out->schools || !g->seat || !g->stown || !g->sx || !g->sy || !g->kids ||
        !g->tl)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    out->n_schools = N;
    site *sites = g->sites;
    size_t k = 0;
    size_t base_used = 1 + nu + 2 * g->n_towns;
    size_t extra_room = base_used + N / 3 < N ? N - base_used - N / 3 : 0;
    for (size_t i = 0; i < nu_pri; i++)
        sites[k++] = (site){JH_SCHOOL_PRIMARY, JH_URBAN, -1, -1, (int)i + 1};
    for (size_t i = 0; i < nu_jun; i++)
        sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_URBAN, -1, -1, (int)i + 1};
    for (size_t i = 0; i < nu_nine; i++)
        sites[k++] = (site){JH_SCHOOL_NINE_YEAR, JH_URBAN, -1, -1, (int)i + 1};
    sites[k++] = (site){JH_SCHOOL_SPECIAL, JH_URBAN, -1, -1, 1};
    size_t town_first = k;
    for (size_t t = 0; t < g->n_towns && k < N; t++) {
        sites[k++] = (site){JH_SCHOOL_PRIMARY, JH_TOWN, -1, (int)t, 0};
        if (k < N)
            sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_TOWN, -1, (int)t, 0};
        if (extra_room > 0 && k < N && gsl_rng_uniform(g->r) < 0.35) {
            sites[k - 1].ordinal = 1;
            sites[k++] = (site){JH_SCHOOL_JUNIOR, JH_TOWN, -1, (int)t, 2};
            extra_room--;
        }
        if (extra_room > 0 && k < N && gsl_rng_uniform(g->r) < 0.35) {
            sites[k++] = (site){JH_SCHOOL_NINE_YEAR, JH_TOWN, -1, (int)t, 0};
            extra_room--;
        }
    }
    g->town_first = town_first;
    g->town_end = k;
    g->n_rural = N - k;
    return JH_OK;
}

static bool keep_nonrural_junior(int i, void *ctx)
{
    gen *g = ctx;
    const jh_school *s = &g->c->schools[i];
    return s->area != JH_RURAL && s->type != JH_SCHOOL_SPECIAL &&
           jh_school_serves(s->type, JH_JUNIOR);
}

/* Remote rural sites become nine-year schools: the farthest from any
 * town or urban junior school. */
jh_status gen_remote_nine_year(gen *g, jh_error *err)
{
    size_t N = g->o->n_schools, n_rural = g->n_rural, rural_first_school = g->town_end;
    size_t n_nine = (size_t)floor(0.04 * n_rural + 0.5);
    if (n_rural >= 20 && n_nine < 1)
        n_nine = 1;
    jh_spatial_index *ix = jh_spatial_index_create(g->sx, g->sy, N, keep_nonrural_junior, g);
    double *dist = malloc((n_rural ? n_rural : 1) * sizeof *dist);
    size_t *ord = malloc((n_rural ? n_rural : 1) * sizeof *ord);
    if (!ix || !dist || !ord) {
        jh_spatial_index_free(ix);
        free(dist);
        free(ord);
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    for (size_t i = 0; i < n_rural; i++) {
        const jh_school *s = &g->c->schools[rural_first_school + i];
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
        g->c->schools[rural_first_school + ord[j]].type = JH_SCHOOL_NINE_YEAR;
        g->sites[rural_first_school + ord[j]].type = JH_SCHOOL_NINE_YEAR;
    }
    free(dist);
    free(ord);
    jh_spatial_index_free(ix);
    return JH_OK;
}

/* Small rural primaries are teaching points: fewer than 100 children of
 * primary age in the catchment. */
void gen_teaching_points(gen *g)
{
    for (size_t i = g->town_end; i < g->o->n_schools; i++) {
        jh_school *s = &g->c->schools[i];
        if (s->type != JH_SCHOOL_PRIMARY)
            continue;
        int n = 0;
        for (int a = 6; a < 12; a++)
            n += g->kids[i][a];
        if (n < 100) {
            s->type = JH_SCHOOL_TEACHING_POINT;
            g->sites[i].type = JH_SCHOOL_TEACHING_POINT;
        }
    }
}

/* Names need the final types (rural nine-year schools and teaching points
 * are decided after the catchments), so they are given last. */
jh_status gen_name_school(gen *g, size_t k, jh_error *err)
{
    const site *st = &g->sites[k];
    jh_school *s = &g->c->schools[k];
    const jh_village *v = &g->c->villages[st->seat];
    char num[32], name[160];
    gen_cn_number(st->ordinal, num, sizeof num);
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
    if (!(s->name = gen_dupstr(name)))
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    return JH_OK;
}

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
 * catchment's children (kids[k][age]); its teachers by level and flag
 * go to g->tl for the roster. */
void gen_fill_school(gen *g, size_t k)
{
    int (*kids)[15] = g->kids;
    int *tl = &g->tl[k * 10];
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
    res->building_m2 = gen_round1(fac[0] * f[3] + 300.0);
    res->sports_m2 = gen_round1(fac[1] * f[4] + (s->area == JH_URBAN ? 0.0 : 400.0));
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
