/*
 * metrics: gathers the figures of one simulated year per level and per
 * school. The formulas are in models/: indicators (split, exclusions, CV,
 * Gini, Theil, compliance), classes, access and staffing. This file only
 * decides which school contributes what to which level, and writes the
 * contract JSON shape of a level (DESIGN.md "Outputs").
 */
#include "sim/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "classes.h"
#include "costs.h"
#include "indicators.h"
#include "staffing.h"
#include "travel/travel.h"

const char *const jh_quality_keys[JH_NQUALITY] = {
    "above_degree_per100",       "backbone_per100",           "pe_art_per100",
    "building_m2_per_student",   "sports_m2_per_student",     "equipment_yuan_per_student",
    "multimedia_per100"};

const char *const jh_basic_keys[JH_NBASIC] = {
    "building_m2_per_student",   "sports_m2_per_student",     "equipment_yuan_per_student",
    "computers_per100",          "books_per_student",         "teachers_per_student",
    "above_degree_per_student",  "senior_title_per_student"};

const char *const jh_guarantee_keys[JH_NGUARANTEE] = {
    "classes_over_standard_share", "schools_over_size",         "schools_short_music_art",
    "rotation_share",              "rotation_backbone_share",   "teacher_posts_short"};

/* Whether a school has a row (and counts in `schools`) for a level: open,
 * and teaching the level — special and vocational schools, which jh_school_serves
 * lists for both levels, only for a level they hold students of. */
static bool has_row(const jh_school *s, jh_level level)
{
    if (s->type == JH_SCHOOL_CANDIDATE || !jh_school_is_open(s))
        return false;
    if (s->type == JH_SCHOOL_SPECIAL || s->type == JH_SCHOOL_VOCATIONAL)
        return jh_school_level_students(s, level) > 0;
    return jh_school_serves(s->type, level);
}

/* Working arrays of one level: the counted schools' values, weights, areas. */
typedef struct level_work {
    double *values;  /* (JH_NQUALITY + JH_NBASIC) rows of `stride`, indicator-major */
    size_t stride;   /* row length: the county's schools */
    double *w;
    int *area;
    size_t n;
    /* the spreads computed so far, by row: a row equal to one of them
     * (quality and basic share three indicators' values) takes its figures */
    jh_spread spread[JH_NQUALITY + JH_NBASIC];
    bool has_spread[JH_NQUALITY + JH_NBASIC];
} level_work;

/* The flows of one school and level, summed. */
typedef struct school_dist {
    double sum;    /* student-km (or minutes) */
    double count;  /* students */
    double beyond; /* students beyond the level's distance limit */
} school_dist;

void jh_metrics_work_free(jh_metrics_work *work)
{
    if (!work)
        return;
    for (int l = 0; l < JH_NLEVELS; l++) {
        jh_scratch_free(&work->values[l]);
        jh_scratch_free(&work->w[l]);
        jh_scratch_free(&work->area[l]);
    }
    jh_scratch_free(&work->dist);
    jh_scratch_free(&work->order);
    jh_access_work_free(&work->access);
}

static jh_status oom(jh_error *err)
{
    return jh_error_set(err, JH_ERR_RUN, "metrics: out of memory");
}

/* The spread of values row `row`: that of an equal row already computed
 * (jh_indicators_spread_with reads only the values, weights and areas,
 * which rows of one level share), else computed. */
static jh_status row_spread(level_work *lw, size_t row, jh_scratch *order, jh_spread *sp)
{
    const double *x = lw->values + row * lw->stride;
    size_t j = 0;
    while (j < row &&
           !(lw->has_spread[j] && memcmp(lw->values + j * lw->stride, x, lw->n * sizeof *x) == 0))
        j++;
    if (j < row)
        *sp = lw->spread[j];
    else if (jh_indicators_spread_with(x, lw->w, lw->area, lw->n, sp, order) != JH_OK)
        return JH_ERR_RUN;
    lw->spread[row] = *sp;
    lw->has_spread[row] = true;
    return JH_OK;
}

/* Spread of every indicator, CV mean and pass of one standard. An
 * indicator whose resource field the county lacks (`missing`, bits of
 * jh_resources) has no data: every figure NaN, and it does not pass. */
static jh_status standard_stats(jh_standard_metrics *sm, level_work *lw, size_t offset,
                                int count, double limit, unsigned missing, bool quality,
                                jh_scratch *order)
{
    double sum = 0.0;
    sm->cv_pass = true;
    sm->count = count;
    sm->cv_limit = limit;
    for (int k = 0; k < JH_NBASIC; k++) {
        sm->ind[k] = (jh_indicator_stats){NAN, NAN, NAN, NAN, NAN, NAN};
        sm->ind_pass[k] = false;
        sm->no_data[k] = false;
    }
    for (int k = 0; k < count; k++) {
        unsigned needs = quality ? jh_indicators_quality_needs(k) : jh_indicators_basic_needs(k);
        if (needs & missing) {
            sm->no_data[k] = true;
            sm->cv_pass = false;
            sum = NAN;
            continue;
        }
        jh_spread sp;
        if (row_spread(lw, offset + (size_t)k, order, &sp) != JH_OK)
            return JH_ERR_RUN;
        sm->ind[k] = (jh_indicator_stats){sp.mean, sp.cv, sp.gini, sp.theil,
                                          sp.theil_between, sp.theil_within};
        sum += sp.cv;
        sm->ind_pass[k] = jh_indicators_cv_within(sp.cv, limit);
        if (!sm->ind_pass[k])
            sm->cv_pass = false;
    }
    sm->cv_mean = lw->n > 0 ? sum / count : NAN;
    sm->compliance_pass = true;
    sm->pass = sm->cv_pass;
    return JH_OK;
}

/* The guarantee items computed from the year's layout alone (classes,
 * sizes, rooms, posts); the rotation items wait for the year's teacher
 * figures (jh_metrics_guarantee_rotation). */
static void guarantee_layout(jh_level_metrics *lm, unsigned missing)
{
    jh_guarantee_item *it = lm->guarantee.item;
    it[JH_G_CLASSES_OVER_STANDARD] = (jh_guarantee_item){
        lm->classes > 0 ? (double)lm->classes_over_standard / lm->classes : 0.0, 0.0, false,
        lm->classes_over_standard == 0, NULL};
    it[JH_G_SCHOOLS_OVER_SIZE] = (jh_guarantee_item){lm->schools_over_size, 0.0, false,
                                                     lm->schools_over_size == 0, NULL};
    it[JH_G_SCHOOLS_SHORT_MUSIC_ART] = (jh_guarantee_item){
        lm->schools_short_music_art, 0.0, false, lm->schools_short_music_art == 0, NULL};
    if (missing & JH_NEEDS_MUSIC_ART)
        it[JH_G_SCHOOLS_SHORT_MUSIC_ART] = (jh_guarantee_item){
            NAN, 0.0, false, false, "no data: the layer gives no music_rooms or art_rooms"};
    /* whole posts: the norms give ceil(students / norm) summed by school,
     * against the level's teachers */
    double short_posts = ceil(lm->posts_needed - lm->teachers - 1e-9);
    if (short_posts < 0)
        short_posts = 0;
    it[JH_G_TEACHER_POSTS_SHORT] = (jh_guarantee_item){short_posts, 0.0, false, short_posts == 0,
                                                       NULL};
    if (missing & JH_NEEDS_TEACHERS)
        it[JH_G_TEACHER_POSTS_SHORT] = (jh_guarantee_item){
            NAN, 0.0, false, false, "no data: no teachers field and no teachers.csv"};
    it[JH_G_ROTATION_SHARE] = (jh_guarantee_item){NAN, 0.10, true, false, "not computed"};
    it[JH_G_ROTATION_BACKBONE_SHARE] = (jh_guarantee_item){NAN, 0.20, true, false,
                                                           "not computed"};
    lm->guarantee.pass = false;
}

void jh_metrics_guarantee_rotation(jh_level_metrics *m, const jh_rules *rules, bool policy,
                                   long eligible, long moved, long backbone_moved)
{
    jh_guarantee *g = &m->guarantee;
    jh_guarantee_item *rs = &g->item[JH_G_ROTATION_SHARE];
    jh_guarantee_item *rb = &g->item[JH_G_ROTATION_BACKBONE_SHARE];
    *rs = (jh_guarantee_item){NAN, rules->rotation_share_min, true, false, NULL};
    *rb = (jh_guarantee_item){NAN, rules->rotation_backbone_share_min, true, false, NULL};
    if (!policy) {
        rs->why = rb->why = "no rotation policy (teachers.rotation): rotation is required";
        rs->value = 0.0;
        rb->value = 0.0;
    } else {
        rs->value = eligible > 0 ? (double)moved / eligible : NAN;
        rs->pass = eligible > 0 ? rs->value >= rs->limit - 1e-12 : true;
        if (eligible <= 0)
            rs->why = "nobody eligible to rotate";
        rb->value = moved > 0 ? (double)backbone_moved / moved : NAN;
        rb->pass = moved > 0 ? rb->value >= rb->limit - 1e-12 : eligible <= 0;
        if (moved <= 0)
            rb->why = "nobody moved";
    }
    g->pass = true;
    for (int k = 0; k < JH_NGUARANTEE; k++)
        g->pass = g->pass && g->item[k].pass;
}

/* Appends printf-style text to buf, "; "-separated. */
static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 3 >= cap)
        return;
    if (len > 0) {
        memcpy(buf + len, "; ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

char *jh_metrics_fail_reasons(const jh_level_metrics *m, jh_standard standard, char *buf,
                              size_t cap)
{
    bool q = standard == JH_STANDARD_QUALITY;
    const jh_standard_metrics *sm = q ? &m->quality : &m->basic;
    const char *const *keys = q ? jh_quality_keys : jh_basic_keys;
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    if (sm->pass)
        return buf;
    if (m->schools_counted == 0)
        append(buf, cap, "no school in the statistics");
    for (int k = 0; k < sm->count; k++) {
        if (sm->no_data[k])
            append(buf, cap, "%s no data", keys[k]);
        else if (!sm->ind_pass[k] && isfinite(sm->ind[k].cv))
            append(buf, cap, "%s %.3f > %.2f", keys[k], sm->ind[k].cv, sm->cv_limit);
    }
    if (q && !sm->compliance_pass)
        append(buf, cap, "%d of %d schools comply (all needed)", m->schools_compliant,
               m->schools_counted);
    return buf;
}

char *jh_metrics_guarantee_reasons(const jh_guarantee *g, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    buf[0] = '\0';
    for (int k = 0; k < JH_NGUARANTEE; k++) {
        const jh_guarantee_item *it = &g->item[k];
        if (it->pass)
            continue;
        if (!isfinite(it->value) || it->why)
            append(buf, cap, "%s: %s", jh_guarantee_keys[k], it->why ? it->why : "no data");
        else if (k == JH_G_CLASSES_OVER_STANDARD || k == JH_G_ROTATION_SHARE ||
                 k == JH_G_ROTATION_BACKBONE_SHARE)
            append(buf, cap, "%s %.3f %s %.2f", jh_guarantee_keys[k], it->value,
                   it->at_least ? "<" : ">", it->limit);
        else
            append(buf, cap, "%s %.0f %s %.0f", jh_guarantee_keys[k], it->value,
                   it->at_least ? "<" : ">", it->limit);
    }
    return buf;
}

/* Share of a school's students of a level in grades 4 and up (primary:
 * grades 4-6; junior: all). */
static double share_grade4_up(const jh_school *s, jh_level l)
{
    int first = jh_level_first_grade(l), end = jh_level_end_grade(l);
    double all = 0, up = 0;
    for (int g = first; g < end; g++) {
        double n = s->students[g] > 0 ? s->students[g] : 0;
        all += n;
        if (g >= 3)
            up += n;
    }
    return all > 0 ? up / all : 0.0;
}

/* A school level's gap to the standard and recurrent costs: `beyond` its
 * students beyond the level's distance limit, `music_art` the music/art
 * rooms charged to this row. */
static void row_costs(jh_school_metrics *row, const jh_school *s, const jh_indicator_input *in,
                      const jh_rules *rules, double beyond, int music_art)
{
    const jh_unit_costs *u = &rules->unit_costs;
    jh_level l = row->level;
    double demand = jh_costs_boarding_demand(beyond, share_grade4_up(s, l));
    jh_recurrent *rc = &row->recurrent;
    jh_costs_boarders(beyond, demand, in->boarding_beds, &rc->boarders, &rc->transported);
    double beds_short = demand - in->boarding_beds > 1e-9 ? ceil(demand - in->boarding_beds - 1e-9)
                                                           : 0.0;
    jh_costs_gap(in, rules->quality_min[l], row->classrooms_needed, music_art, beds_short, u,
                 &row->gap);
    double school_students = jh_school_level_students(s, JH_PRIMARY) +
                             jh_school_level_students(s, JH_JUNIOR);
    rc->funded_students = jh_costs_funded_students(row->students, school_students, u);
    rc->public_funds = jh_costs_public_funds_wan(rc->funded_students, l, u);
    rc->teachers = in->teachers * u->teacher_wan;
    rc->boarding = rc->boarders * u->boarding_subsidy_yuan[l] / 10000.0;
    rc->transport = rc->transported * u->transport_yuan / 10000.0;
}

static void gap_add(jh_gap *a, const jh_gap *b)
{
    a->building_m2 += b->building_m2;
    a->sports_m2 += b->sports_m2;
    a->equipment_yuan += b->equipment_yuan;
    a->multimedia_rooms += b->multimedia_rooms;
    a->classrooms += b->classrooms;
    a->music_art_rooms += b->music_art_rooms;
    a->beds += b->beds;
    a->t_above_degree += b->t_above_degree;
    a->t_backbone += b->t_backbone;
    a->t_pe_art += b->t_pe_art;
    a->cost_wan += b->cost_wan;
    a->teacher_cost_wan += b->teacher_cost_wan;
}

static void recurrent_add(jh_recurrent *a, const jh_recurrent *b)
{
    a->teachers += b->teachers;
    a->public_funds += b->public_funds;
    a->boarding += b->boarding;
    a->transport += b->transport;
    a->funded_students += b->funded_students;
    a->boarders += b->boarders;
    a->transported += b->transported;
}

jh_status jh_metrics_compute(jh_year_metrics *out, const jh_county *county,
                             const jh_rules *rules, const jh_level_staff *staff,
                             const jh_flow *flows, size_t n_flows,
                             jh_warnings *warnings, jh_error *err)
{
    jh_metrics_work work;
    memset(&work, 0, sizeof work);
    jh_status st = jh_metrics_compute_with(out, county, rules, staff, flows, n_flows, warnings,
                                           &work, err);
    jh_metrics_work_free(&work);
    return st;
}

jh_status jh_metrics_compute_with(jh_year_metrics *out, const jh_county *county,
                                  const jh_rules *rules, const jh_level_staff *staff,
                                  const jh_flow *flows, size_t n_flows,
                                  jh_warnings *warnings, jh_metrics_work *work, jh_error *err)
{
    memset(out, 0, sizeof *out);
    size_t ns = county->n_schools;
    const int nind = JH_NQUALITY + JH_NBASIC;
    bool minutes = county->has_od && (county->od.minutes || rules->distance_minutes);
    double to_km = minutes ? 1.0 : 0.001; /* minutes are reported as they are */

    size_t rows = 0;
    for (size_t i = 0; i < ns; i++)
        for (int l = 0; l < JH_NLEVELS; l++)
            rows += has_row(&county->schools[i], (jh_level)l);
    out->schools = calloc(rows + 1, sizeof *out->schools); /* kept for the run */
    /* per school and level: the flows' students, student-km and students
     * beyond the limit side by side, as a flow adds to all three (schools
     * come in no order: about one cache line a flow, not three) */
    school_dist *dist = jh_scratch_get(&work->dist, (2 * ns + 1) * sizeof *dist);
    if (dist)
        memset(dist, 0, (2 * ns + 1) * sizeof *dist);
    level_work lw[JH_NLEVELS];
    memset(lw, 0, sizeof lw);
    jh_status st = JH_OK;
    if (!out->schools || !dist) {
        st = oom(err);
        goto done;
    }
    for (int l = 0; l < JH_NLEVELS; l++) {
        lw[l].stride = ns;
        lw[l].values =
            jh_scratch_get(&work->values[l], ((size_t)nind * ns + 1) * sizeof *lw[l].values);
        lw[l].w = jh_scratch_get(&work->w[l], (ns + 1) * sizeof *lw[l].w);
        lw[l].area = jh_scratch_get(&work->area[l], (ns + 1) * sizeof *lw[l].area);
        if (!lw[l].values || !lw[l].w || !lw[l].area) {
            st = oom(err);
            goto done;
        }
    }

    /* flows: the access groups (in flow order), unplaced students,
     * per-school distances. One pass: the first level's groups go up from
     * the start of room for every flow, the second's down from its end
     * and are turned round after, rather than a pass counting each
     * level's flows first (reading the year's flows, megabytes, twice). */
    _Static_assert(JH_NLEVELS == 2, "the groups are written from both ends");
    size_t first[JH_NLEVELS] = {0}, nd[JH_NLEVELS] = {0};
    double beyond[JH_NLEVELS]; /* beyond the limit as jh_access_compute counts it */
    for (int l = 0; l < JH_NLEVELS; l++)
        beyond[l] = jh_access_beyond(rules->distance_km[l]);
    jh_access_group *groups = jh_access_groups(&work->access, n_flows);
    if (!groups) {
        st = oom(err);
        goto done;
    }
    for (size_t f = 0; f < n_flows; f++) {
        const jh_flow *fl = &flows[f];
        if ((int)fl->level < 0 || fl->level >= JH_NLEVELS || fl->students <= 0)
            continue;
        jh_level_metrics *lm = &out->level[fl->level];
        if (fl->school < 0 || (size_t)fl->school >= ns) {
            lm->unplaced_students += fl->students;
            continue;
        }
        if (!isfinite(fl->cost))
            continue;
        double d = fl->cost * to_km;
        size_t slot = fl->level == JH_PRIMARY ? nd[0] : n_flows - 1 - nd[1];
        nd[fl->level]++;
        groups[slot] = (jh_access_group){d, fl->students};
        school_dist *sd = &dist[2 * (size_t)fl->school + fl->level];
        sd->sum += d * fl->students;
        sd->count += fl->students;
        if (d > beyond[fl->level])
            sd->beyond += fl->students;
    }

    first[1] = n_flows - nd[1];
    for (size_t i = first[1], j = n_flows; i + 1 < j; i++, j--) {
        jh_access_group t = groups[i];
        groups[i] = groups[j - 1];
        groups[j - 1] = t;
    }

    double teachers_sum[JH_NLEVELS] = {0}, beds_sum[JH_NLEVELS] = {0};
    jh_class_tally tally[JH_NLEVELS];
    memset(tally, 0, sizeof tally);
    size_t r = 0;
    for (size_t i = 0; i < ns; i++) {
        const jh_school *s = &county->schools[i];
        /* the school's music/art rooms lacking go to its first row */
        int music_art = jh_classes_music_art_short(s, rules);
        for (int li = 0; li < JH_NLEVELS; li++) {
            jh_level l = (jh_level)li;
            if (!has_row(s, l))
                continue;
            jh_level_metrics *lm = &out->level[l];
            jh_school_metrics *row = &out->schools[r++];
            jh_indicator_input in;
            jh_indicators_split(s, l, rules, &in);
            if (staff) {
                const jh_level_staff *ls = &staff[2 * i + l];
                in.teachers = ls->teachers;
                in.above_degree = ls->above_degree;
                in.backbone = ls->backbone;
                in.pe_art = ls->pe_art;
                in.senior_title = ls->senior_title;
            }
            row->school = (int)i;
            row->level = l;
            row->students = jh_school_level_students(s, l);
            jh_class_tally ct = {0};
            jh_classes_tally_level(s, l, rules, &ct);
            row->classes = ct.classes;
            row->large_classes = ct.large;
            row->super_large_classes = ct.super_large;
            row->largest_class = ct.largest;
            row->classrooms_short = jh_classes_rooms_short_level(s, l);
            row->classes_over_standard = ct.over_standard;
            row->students_over_standard = (int)ct.students_over_standard;
            row->classrooms_needed = jh_classes_rooms_needed_level(s, l, rules);
            row->teachers = in.teachers;
            row->t_above_degree = in.above_degree;
            row->t_backbone = in.backbone;
            row->t_pe_art = in.pe_art;
            row->posts_needed = jh_staffing_posts(in.students, rules->staffing_norm[l],
                                                  in.boarding_beds,
                                                  rules->boarding_extra_posts_per100_beds);
            bool has_students = jh_indicators_values(&in, row->quality, row->basic);
            if (has_students)
                jh_indicators_complies(row->quality, rules->quality_min[l],
                                       rules->compliance_min_reached, rules->compliance_floor,
                                       &row->indicators_reached);
            const school_dist *sd = &dist[2 * i + l];
            row->mean_distance_km = sd->count > 0 ? sd->sum / sd->count : NAN;

            row_costs(row, s, &in, rules, sd->beyond, music_art);
            music_art = 0;
            gap_add(&lm->gap, &row->gap);
            recurrent_add(&lm->recurrent, &row->recurrent);

            jh_exclusion ex = jh_indicators_exclusion(s, l, rules);
            row->counted = ex == JH_COUNTED;
            if (ex == JH_EXCL_NO_STUDENTS && warnings)
                jh_warnings_add(warnings,
                                "school %s: no %s students: left out of the balance statistics",
                                s->id ? s->id : "?", jh_level_name(l));
            if (row->counted) {
                level_work *w = &lw[l];
                for (int k = 0; k < JH_NQUALITY; k++)
                    w->values[(size_t)k * ns + w->n] = row->quality[k];
                for (int k = 0; k < JH_NBASIC; k++)
                    w->values[(size_t)(JH_NQUALITY + k) * ns + w->n] = row->basic[k];
                w->w[w->n] = in.students;
                w->area[w->n] = (int)s->area;
                w->n++;
                row->compliant = jh_indicators_complies(
                    row->quality, rules->quality_min[l], rules->compliance_min_reached,
                    rules->compliance_floor, NULL);
                lm->schools_counted++;
                lm->schools_compliant += row->compliant;
            }

            lm->students += row->students;
            lm->schools++;
            jh_classes_tally_add(&tally[l], &ct);
            lm->classrooms_short += row->classrooms_short;
            lm->classrooms_needed += row->classrooms_needed;
            lm->schools_over_size += jh_classes_over_size(s, rules);
            lm->schools_short_music_art += jh_classes_short_music_art(s, rules);
            beds_sum[l] += in.boarding_beds;
            teachers_sum[l] += in.teachers;
            double sh, su;
            jh_staffing_gap(in.teachers, row->posts_needed, &sh, &su);
            lm->posts_needed += row->posts_needed;
            lm->posts_short += sh;
            lm->posts_surplus += su;
        }
    }
    out->n_schools = r;

    for (int li = 0; li < JH_NLEVELS; li++) {
        jh_level_metrics *lm = &out->level[li];
        /* the CV limits compare the unrounded CVs */
        unsigned missing = county->res_missing;
        if (standard_stats(&lm->quality, &lw[li], 0, JH_NQUALITY,
                           rules->cv_limit_quality[li], missing, true, &work->order) != JH_OK ||
            standard_stats(&lm->basic, &lw[li], JH_NQUALITY, JH_NBASIC,
                           rules->cv_limit_basic[li], missing, false, &work->order) != JH_OK) {
            st = oom(err);
            goto done;
        }
        /* compliance reads all 7 values: with one missing it cannot hold */
        bool quality_no_data = false;
        for (int k = 0; k < JH_NQUALITY; k++)
            quality_no_data |= lm->quality.no_data[k];
        lm->quality.compliance_pass =
            !quality_no_data && lm->schools_compliant == lm->schools_counted;
        lm->quality.pass = lm->quality.cv_pass && lm->quality.compliance_pass;
        lm->classes = tally[li].classes;
        lm->classes_over_standard = tally[li].over_standard;
        lm->students_over_standard = tally[li].students_over_standard;
        lm->teachers = teachers_sum[li];
        guarantee_layout(lm, missing);
        lm->large_classes = tally[li].large;
        lm->super_large_classes = tally[li].super_large;
        lm->mean_class_size = jh_classes_mean_size(&tally[li]);
        lm->largest_class = tally[li].largest;
        lm->boarding_beds = lround(beds_sum[li]);
        lm->students_per_teacher = teachers_sum[li] > 0 ? lm->students / teachers_sum[li] : NAN;
        jh_access_stats as;
        if (jh_access_compute_groups(&work->access, first[li], nd[li], rules->distance_km[li],
                                     &as) != JH_OK) {
            st = oom(err);
            goto done;
        }
        lm->mean_distance_km = as.mean;
        lm->median_distance_km = as.median;
        lm->p95_distance_km = as.p95;
        lm->max_distance_km = as.max;
        lm->share_beyond_distance = as.share_beyond;
        lm->boarding_needed = as.beyond;
    }

done:
    if (st != JH_OK)
        jh_year_metrics_free(out);
    return st;
}

void jh_year_metrics_free(jh_year_metrics *m)
{
    if (!m)
        return;
    free(m->schools);
    m->schools = NULL;
    m->n_schools = 0;
}

/* A number, or JSON null for NaN and infinities (JSON has neither). */
static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* {KEY: field of each indicator} for one figure of a standard. */
static json_t *by_key(const jh_standard_metrics *sm, const char *const *keys, int count,
                      size_t field)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    for (int k = 0; k < count; k++) {
        const double *v = (const double *)((const char *)&sm->ind[k] + field);
        if (json_object_set_new(o, keys[k], num(*v)) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

/* {KEY: bool} of the indicators' CV verdicts. */
static json_t *pass_by_key(const jh_standard_metrics *sm, const char *const *keys, int count)
{
    json_t *o = json_object();
    for (int k = 0; o && k < count; k++)
        if (json_object_set_new(o, keys[k], json_boolean(sm->ind_pass[k])) != 0) {
            json_decref(o);
            return NULL;
        }
    return o;
}

/* The reasons of jh_metrics_fail_reasons as a list of texts. */
static json_t *fails_json(const jh_level_metrics *m, jh_standard standard)
{
    char buf[2048];
    jh_metrics_fail_reasons(m, standard, buf, sizeof buf);
    json_t *a = json_array();
    for (char *p = buf; a && *p;) {
        char *end = strstr(p, "; ");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        json_array_append_new(a, json_stringn(p, n));
        p += n + (end ? 2 : 0);
    }
    return a;
}

static json_t *standard_json(const jh_level_metrics *m, jh_standard standard)
{
    bool q = standard == JH_STANDARD_QUALITY;
    const jh_standard_metrics *sm = q ? &m->quality : &m->basic;
    const char *const *keys = q ? jh_quality_keys : jh_basic_keys;
    int count = q ? JH_NQUALITY : JH_NBASIC;
    json_t *o = json_object();
    json_t *nd = json_array();
    if (!o || !nd) {
        json_decref(o);
        json_decref(nd);
        return NULL;
    }
    for (int k = 0; k < count; k++)
        if (sm->no_data[k])
            json_array_append_new(nd, json_string(keys[k]));
    int bad = 0;
    bad |= json_object_set_new(o, "cv", by_key(sm, keys, count, offsetof(jh_indicator_stats, cv)));
    bad |= json_object_set_new(o, "cv_pass", pass_by_key(sm, keys, count));
    bad |= json_object_set_new(o, "cv_mean", num(sm->cv_mean));
    bad |= json_object_set_new(o, "pass", json_boolean(sm->pass));
    bad |= json_object_set_new(o, "verdict", json_string("resources"));
    bad |= json_object_set_new(o, "cv_limit", num(sm->cv_limit));
    if (q)
        bad |= json_object_set_new(o, "compliance_pass", json_boolean(sm->compliance_pass));
    bad |= json_object_set_new(o, "no_data", nd);
    bad |= json_object_set_new(o, "fails", fails_json(m, standard));
    bad |= json_object_set_new(o, "gini",
                               by_key(sm, keys, count, offsetof(jh_indicator_stats, gini)));
    bad |= json_object_set_new(o, "theil",
                               by_key(sm, keys, count, offsetof(jh_indicator_stats, theil)));
    bad |= json_object_set_new(o, "theil_between",
                               by_key(sm, keys, count, offsetof(jh_indicator_stats, theil_between)));
    bad |= json_object_set_new(o, "theil_within",
                               by_key(sm, keys, count, offsetof(jh_indicator_stats, theil_within)));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *guarantee_json(const jh_guarantee *g)
{
    json_t *o = json_object();
    json_t *items = json_object();
    if (!o || !items) {
        json_decref(o);
        json_decref(items);
        return NULL;
    }
    int bad = 0;
    for (int k = 0; k < JH_NGUARANTEE; k++) {
        const jh_guarantee_item *it = &g->item[k];
        json_t *i = json_object();
        bad |= i == NULL;
        if (!i)
            continue;
        bad |= json_object_set_new(i, "value", num(it->value));
        bad |= json_object_set_new(i, "limit", num(it->limit));
        bad |= json_object_set_new(i, "pass", json_boolean(it->pass));
        bad |= json_object_set_new(i, "compare", json_string(it->at_least ? ">=" : "<="));
        if (it->why)
            bad |= json_object_set_new(i, "note", json_string(it->why));
        bad |= json_object_set_new(items, jh_guarantee_keys[k], i);
    }
    bad |= json_object_set_new(o, "items", items);
    bad |= json_object_set_new(o, "pass", json_boolean(g->pass));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *jh_level_metrics_to_json(const jh_level_metrics *m)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    int bad = 0;
    bad |= json_object_set_new(o, "quality", standard_json(m, JH_STANDARD_QUALITY));
    bad |= json_object_set_new(o, "basic", standard_json(m, JH_STANDARD_BASIC));
    bad |= json_object_set_new(o, "students", json_integer(m->students));
    bad |= json_object_set_new(o, "schools", json_integer(m->schools));
    bad |= json_object_set_new(o, "schools_counted", json_integer(m->schools_counted));
    bad |= json_object_set_new(o, "schools_compliant", json_integer(m->schools_compliant));
    bad |= json_object_set_new(o, "classes", json_integer(m->classes));
    bad |= json_object_set_new(o, "large_classes", json_integer(m->large_classes));
    bad |= json_object_set_new(o, "super_large_classes", json_integer(m->super_large_classes));
    bad |= json_object_set_new(o, "classes_over_standard", json_integer(m->classes_over_standard));
    bad |= json_object_set_new(o, "students_over_standard",
                               json_integer(m->students_over_standard));
    bad |= json_object_set_new(o, "classrooms_needed", json_integer(m->classrooms_needed));
    bad |= json_object_set_new(o, "mean_class_size", num(m->mean_class_size));
    bad |= json_object_set_new(o, "largest_class", json_integer(m->largest_class));
    bad |= json_object_set_new(o, "classrooms_short", json_integer(m->classrooms_short));
    bad |= json_object_set_new(o, "schools_over_size", json_integer(m->schools_over_size));
    bad |= json_object_set_new(o, "schools_short_music_art",
                               json_integer(m->schools_short_music_art));
    bad |= json_object_set_new(o, "mean_distance_km", num(m->mean_distance_km));
    bad |= json_object_set_new(o, "median_distance_km", num(m->median_distance_km));
    bad |= json_object_set_new(o, "p95_distance_km", num(m->p95_distance_km));
    bad |= json_object_set_new(o, "max_distance_km", num(m->max_distance_km));
    bad |= json_object_set_new(o, "share_beyond_distance", num(m->share_beyond_distance));
    bad |= json_object_set_new(o, "boarding_needed", json_integer(m->boarding_needed));
    bad |= json_object_set_new(o, "boarding_beds", json_integer(m->boarding_beds));
    bad |= json_object_set_new(o, "unplaced_students", json_integer(m->unplaced_students));
    bad |= json_object_set_new(o, "students_left", json_integer(m->students_left));
    bad |= json_object_set_new(o, "students_arrived", json_integer(m->students_arrived));
    bad |= json_object_set_new(o, "inflow", json_integer(m->inflow));
    bad |= json_object_set_new(o, "inflow_private", json_integer(m->inflow_private));
    bad |= json_object_set_new(o, "posts_needed", num(m->posts_needed));
    bad |= json_object_set_new(o, "posts_short", num(m->posts_short));
    bad |= json_object_set_new(o, "posts_surplus", num(m->posts_surplus));
    bad |= json_object_set_new(o, "students_per_teacher", num(m->students_per_teacher));
    bad |= json_object_set_new(o, "gap", jh_gap_to_json(&m->gap));
    bad |= json_object_set_new(o, "recurrent_wan", jh_recurrent_to_json(&m->recurrent));
    bad |= json_object_set_new(o, "boarders", num(m->recurrent.boarders));
    bad |= json_object_set_new(o, "transported", num(m->recurrent.transported));
    bad |= json_object_set_new(o, "funded_students", num(m->recurrent.funded_students));
    bad |= json_object_set_new(o, "guarantee", guarantee_json(&m->guarantee));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *jh_gap_to_json(const jh_gap *g)
{
    return json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:{s:f,s:f,s:f},s:f,s:f}", "building_m2",
                     g->building_m2, "sports_m2", g->sports_m2, "equipment_yuan",
                     g->equipment_yuan, "multimedia_rooms", g->multimedia_rooms, "classrooms",
                     g->classrooms, "music_art_rooms", g->music_art_rooms, "beds", g->beds,
                     "teachers", "above_degree", g->t_above_degree, "backbone", g->t_backbone,
                     "pe_art", g->t_pe_art, "cost_wan", g->cost_wan, "teacher_cost_wan",
                     g->teacher_cost_wan);
}

json_t *jh_recurrent_to_json(const jh_recurrent *r)
{
    return json_pack("{s:f,s:f,s:f,s:f}", "teachers", r->teachers, "public_funds",
                     r->public_funds, "boarding", r->boarding, "transport", r->transport);
}
