/*
 * rotation_plan: the rotation look-ahead (rotation_plan.h says what and
 * why). Cost: a scenario with rotation above the minimum runs the
 * simulation twice (reference and greedy) when the greedy plan holds, three
 * times when the reference is replayed; every other scenario once.
 */
#include "sim/rotation_plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workforce_replay.h"

jh_status jh_simulate(jh_run_result *out, const jh_scenario *scenario, jh_county *county,
                      jh_error *err)
{
    return jh_simulate_rotation(out, scenario, county, JH_PLAN_AUTO, NULL, err);
}

static void county_drop(jh_county *c)
{
    if (c) {
        jh_county_free(c);
        free(c);
    }
}

/* ---- the watched figures ---- */

/* as tools/check_rotation.sh reads schools.csv: %.6g */
static double as_csv(double v)
{
    char b[64];
    snprintf(b, sizeof b, "%.6g", v);
    return strtod(b, NULL);
}

/* Rural schools' teachers of attribute k (0 above-degree, 1 backbone) per
 * 100 pupils in year y: level l, or both (l < 0) from the rounded per-100
 * values as the script reads them. */
static double rural(const jh_run_result *r, size_t y, int k, int l)
{
    const jh_year_metrics *m = &r->years[y].metrics;
    double num = 0, st = 0;
    for (size_t i = 0; i < m->n_schools; i++) {
        const jh_school_metrics *s = &m->schools[i];
        if (s->students <= 0 || s->school < 0 || (size_t)s->school >= r->county->n_schools ||
            r->county->schools[s->school].area != JH_RURAL || (l >= 0 && (int)s->level != l))
            continue;
        if (l >= 0)
            num += k == 0 ? s->t_above_degree : s->t_backbone;
        else
            num += as_csv(s->quality[k]) * s->students / 100.0;
        st += s->students;
    }
    return st > 0 ? num / st * 100.0 : 0.0;
}

bool jh_rotation_plan_compare(const jh_run_result *g, const jh_run_result *r, char *why, size_t cap)
{
    static const char *const attr[2] = {"above-degree", "backbone"};
    static const char *const cvk[3] = {"above-degree", "backbone", "PE/art"};
    why[0] = '\0';
    if (g->n_years != r->n_years || g->n_years == 0) {
        snprintf(why, cap, "ran %zu years against %zu", g->n_years, r->n_years);
        return false;
    }
    size_t n = r->n_years;
    for (int l = -1; l < JH_NLEVELS; l++)
        for (size_t y = 0; y < n; y++)
            for (int k = 0; k < 2; k++) {
                double a = rural(g, y, k, l), b = rural(r, y, k, l);
                if (a < b - (l < 0 ? 1e-9 : 0.0)) {
                    snprintf(why, cap, "lowered rural %s per 100 (%s) in %d (%.4f vs %.4f)", attr[k],
                             l < 0 ? "both levels" : jh_level_name((jh_level)l), r->years[y].year, a,
                             b);
                    return false;
                }
            }
    const jh_year_result *gf = &g->years[n - 1], *rf = &r->years[n - 1];
    for (int l = 0; l < JH_NLEVELS; l++) {
        for (int k = 0; k < 3; k++) {
            double a = gf->metrics.level[l].quality.ind[k].cv, b = rf->metrics.level[l].quality.ind[k].cv;
            if (!isnan(b) && !(a <= b)) {
                snprintf(why, cap, "raised the final-year CV of %s teachers per 100 (%s: %.4f vs %.4f)",
                         cvk[k], jh_level_name((jh_level)l), a, b);
                return false;
            }
        }
        int a = gf->metrics.level[l].schools_compliant, b = rf->metrics.level[l].schools_compliant;
        if (a < b) {
            snprintf(why, cap, "left fewer %s schools compliant in %d (%d vs %d)",
                     jh_level_name((jh_level)l), rf->year, a, b);
            return false;
        }
        long za = 0, zb = 0;
        for (size_t y = 0; y < n; y++) {
            za += g->years[y].teachers.level[l].zero_teachers;
            zb += r->years[y].teachers.level[l].zero_teachers;
        }
        if (za > zb) {
            snprintf(why, cap, "left %ld %s school-years with pupils and no teacher (vs %ld)", za,
                     jh_level_name((jh_level)l), zb);
            return false;
        }
    }
    for (size_t y = 0; y < n; y++)
        if (g->years[y].teachers.share_rules == 0 && r->years[y].teachers.share_rules == 1) {
            snprintf(why, cap, "missed the share rules in %d", r->years[y].year);
            return false;
        }
    return true;
}

/* Whether run p's teacher figures equal run r's for every school level
 * and year (the construction's promise); else where they first differ. */
static bool same_teachers(const jh_run_result *p, const jh_run_result *r, char *where, size_t cap)
{
    for (size_t y = 0; y < r->n_years && y < p->n_years; y++) {
        const jh_year_metrics *a = &p->years[y].metrics, *b = &r->years[y].metrics;
        if (a->n_schools != b->n_schools) {
            snprintf(where, cap, "%d", r->years[y].year);
            return false;
        }
        for (size_t i = 0; i < a->n_schools; i++) {
            const jh_school_metrics *s = &a->schools[i], *t = &b->schools[i];
            if (s->school != t->school || s->level != t->level || s->teachers != t->teachers ||
                s->t_above_degree != t->t_above_degree || s->t_backbone != t->t_backbone ||
                s->t_pe_art != t->t_pe_art) {
                snprintf(where, cap, "%s in %d", r->county->schools[t->school].id, r->years[y].year);
                return false;
            }
        }
    }
    return p->n_years == r->n_years;
}

static void mark(jh_run_result *r, int plan)
{
    for (size_t y = 0; y < r->n_years; y++)
        r->years[y].teachers.plan = plan;
}

/* The adopted run takes the caller's county: what the run on the copy
 * left goes into it (the copy carried the load's warnings too). */
static void adopt_copy(jh_run_result *g, jh_county *county)
{
    jh_county *c = g->county;
    jh_county_free(county);
    *county = *c;
    free(c);
    g->county = county;
}

jh_status jh_simulate_rotation(jh_run_result *out, const jh_scenario *scenario, jh_county *county,
                               jh_plan_choice choice, jh_run_result *ref, jh_error *err)
{
    if (ref)
        memset(ref, 0, sizeof *ref);
    const jh_teacher_policy *tp = &scenario->teachers;
    double r = scenario->rules.rotation_share_min, q = tp->share_of_eligible;
    if (!tp->rotation || tp->plan || !(r > 0) || !(q > r + 1e-12))
        return jh_simulate_once(out, scenario, county, err);

    /* 1. the reference at r, recorded */
    jh_wf_plan plan;
    jh_wf_plan_init(&plan, JH_WF_PLAN_RECORD);
    jh_scenario sr = *scenario;
    sr.teachers.share_of_eligible = r;
    sr.teachers.plan = &plan;
    sr.run_keep = JH_KEEP_FIGURES; /* the reference is read for its teachers only */
    jh_run_result R;
    memset(out, 0, sizeof *out);
    jh_county *a = jh_county_copy_all(county);
    if (!a)
        return jh_error_set(err, JH_ERR_RUN, "out of memory (rotation look-ahead)");
    jh_status st = jh_simulate_once(&R, &sr, a, err);
    if (st != JH_OK) {
        county_drop(a);
        jh_wf_plan_free(&plan);
        return st;
    }
    R.scenario = scenario;
    if (!jh_wf_plan_finish(&plan) || !(plan.neutral = calloc(R.n_years + 1, sizeof *plan.neutral))) {
        jh_run_result_free(&R);
        jh_wf_plan_free(&plan);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (rotation look-ahead)");
    }
    plan.n_years = (int)R.n_years;
    for (size_t y = 0; y < R.n_years; y++)
        plan.neutral[y] = R.years[y].teachers.moved_neutral;

    /* 2. the greedy plan at q */
    char why[400] = "", pct_q[32], pct_r[32];
    snprintf(pct_q, sizeof pct_q, "%g%%", 100 * q);
    snprintf(pct_r, sizeof pct_r, "%g%%", 100 * r);
    if (choice != JH_PLAN_PADDED) {
        jh_county *b = jh_county_copy_all(county);
        if (!b) {
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (rotation look-ahead)");
            goto done;
        }
        if ((st = jh_simulate_once(out, scenario, b, err)) != JH_OK) {
            county_drop(b);
            goto done;
        }
        if (choice == JH_PLAN_GREEDY || jh_rotation_plan_compare(out, &R, why, sizeof why)) {
            adopt_copy(out, county);
            mark(out, 2);
            snprintf(out->rotation_plan, sizeof out->rotation_plan,
                     "rotation look-ahead: the %s greedy plan is at least as good as the %s plan "
                     "on every watched figure (rural backbone and above-degree per 100 each year, "
                     "final-year teacher CVs and compliant schools, schools without a teacher, "
                     "share rules): adopted (%s)",
                     pct_q, pct_r, choice == JH_PLAN_GREEDY ? "forced" : "checked");
            goto done;
        }
        jh_run_result_free(out);
    } else {
        snprintf(why, sizeof why, "not tried (forced)");
    }

    /* 3. the reference replayed with like-for-like filler */
    plan.mode = JH_WF_PLAN_REPLAY;
    plan.next = 0;
    jh_scenario sp = *scenario;
    sp.teachers.plan = &plan;
    if ((st = jh_simulate_once(out, &sp, county, err)) != JH_OK)
        goto done;
    out->scenario = scenario;
    mark(out, 3);
    long replayed = 0, filler = 0;
    int short_years = 0;
    for (size_t y = 0; y < out->n_years; y++) {
        const jh_teacher_year *t = &out->years[y].teachers;
        replayed += t->moved_replayed;
        filler += t->moved_filler;
        short_years += t->share_rules == 0;
    }
    char where[200];
    bool same = same_teachers(out, &R, where, sizeof where);
    int n = snprintf(out->rotation_plan, sizeof out->rotation_plan,
                     "rotation look-ahead: the %s greedy plan %s: the %s plan (%ld moves replayed) "
                     "+ like-for-like exchanges (%ld movers) adopted",
                     pct_q, why, pct_r, replayed, filler);
    if (short_years && n > 0 && (size_t)n < sizeof out->rotation_plan)
        n += snprintf(out->rotation_plan + n, sizeof out->rotation_plan - (size_t)n,
                      "; the %s share falls short in %d of %zu years (share_rules_reason)", pct_q,
                      short_years, out->n_years);
    if (!same && n > 0 && (size_t)n < sizeof out->rotation_plan) {
        snprintf(out->rotation_plan + n, sizeof out->rotation_plan - (size_t)n,
                 "; BUG: the teachers differ from the reference at %s", where);
        jh_warnings_add(&out->county->warnings, "rotation look-ahead: the replayed plan's teachers "
                                                "differ from the reference at %s (a bug)",
                        where);
    }
done:
    if (ref && st == JH_OK)
        *ref = R;
    else
        jh_run_result_free(&R);
    jh_wf_plan_free(&plan);
    return st;
}
