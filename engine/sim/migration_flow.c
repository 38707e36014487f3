/*
 * migration_flow.c: the enrolled follow their village's children (see
 * migration_flow.h).
 *
 * For each village and cohort (last year's grade g, this year's age
 * g + 7), models/migration.c turns the children's change into whole
 * students with the remainders carried from year to year (the cohort stays
 * within one student of its exact count: a cohort losing 3% a year loses
 * 3% of its students, a projection table's counts are tracked) and a
 * running remainder carried from cohort to cohort, so the county's
 * leavers add up to their exact number within half a student even when
 * every cohort is small. Leavers come off
 * the cohort's cells (unplaced ones included) in proportion to their
 * counts, by largest remainder. Internal leavers of a grade are pooled and
 * shared among the villages their children went to, in proportion to the
 * children who arrived there: what leaves one village arrives in another,
 * student for student.
 *
 * With a projection table and `enrolled: follow` (the default), a cohort
 * whose children the table gives this year is set to them instead: its
 * students become the table's children times the cumulative enrolment
 * rate of its grade (intake, promotion, transition; 1.0 by default) plus
 * the migrant children (inflow) who joined it, rounded down or up by the
 * remainder running over these cohorts (a cohort already within one
 * student of that keeps its students while the running remainder stays
 * within half a student, so the county's total stays within half a
 * student of the table's and an integer count is met exactly); the
 * difference leaves or arrives as migration.
 */
#include "jh_scratch.h"
#include "sim/migration_flow.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "migration.h"

#define NAGES 15

struct jh_migration_flow {
    const jh_county *c;
    const jh_scenario *sc;
    size_t nv;
    double *carry;        /* nv * JH_NGRADES * 2, by last year's grade (a
                             year moves each village's up one grade in place) */
    unsigned char *carry_zero; /* per village: its carries all zero bits, as
                             when the table sets every cohort: neither read
                             nor written while they stay so (28.8 MB of
                             zeros a year at 200,000 villages) */
    double *inflow_carry; /* n_inflows * JH_NGRADES */
    double diffuse[2];    /* running remainders over all cohorts and years */
    bool follow;          /* cohorts the table gives follow it */
    double follow_diffuse; /* the running remainder of those */
    double rate[JH_NGRADES]; /* students per child of a grade's age */
    double *extra;        /* nv * JH_NGRADES: migrant children by cohort,
                             moved up a grade in place like carry; NULL
                             without inflow entries (none ever arrive) */
    double *weight;       /* nv scratch */
    long *share;          /* nv scratch */
    jh_scratch take_w, take_out; /* take_off's, grown to the largest cohort */
    size_t *run_ix;       /* one village's cohorts (cohorts_of_run), for */
    size_t run_cap;       /* villages of up to run_cap cells */
};


/* Rates or a migration table beside the table the enrolled follow: say
 * how much of the horizon they can still move. */
static void warn_rates_under_table(const jh_county *c, const jh_scenario *sc, jh_warnings *w)
{
    const jh_migration *m = &sc->migration;
    bool rates = false;
    for (int a = 0; a < JH_NAREAS; a++)
        rates |= m->internal[a] != 0 || m->external[a] != 0 || sc->rules.migration_rate[a] != 0;
    if (!w || (!rates && c->n_moves == 0) || sc->end_year <= sc->start_year)
        return;
    size_t cells = c->n_villages * (size_t)(sc->end_year - sc->start_year) * NAGES;
    size_t given = jh_county_projections_given(c, sc->start_year + 1, sc->end_year);
    if (given >= cells)
        jh_warnings_add(w, "%s: migration rates and migration.csv change nothing: projections.csv "
                        "gives every village's children of every age for %d-%d, and the table "
                        "already includes migration (migration.enrolled: keep_share reads them "
                        "as before)", sc->path, sc->start_year + 1, sc->end_year);
    else
        jh_warnings_add(w, "%s: projections.csv gives %zu of the %zu village-age-years of "
                        "%d-%d: migration rates and migration.csv move only the children of "
                        "the others (the table already includes migration)", sc->path, given,
                        cells, sc->start_year + 1, sc->end_year);
}

jh_status jh_migration_flow_create(jh_migration_flow **out, const jh_county *c,
                                   const jh_scenario *sc, jh_warnings *warnings, jh_error *err)
{
    jh_migration_flow *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "out of memory (migration)");
    f->c = c;
    f->sc = sc;
    f->nv = c->n_villages;
    f->carry = calloc(f->nv * JH_NGRADES * 2 + 1, sizeof *f->carry);
    f->carry_zero = malloc(f->nv + 1);
    if (f->carry_zero)
        memset(f->carry_zero, 1, f->nv + 1);
    f->inflow_carry = calloc(sc->n_inflows * JH_NGRADES + 1, sizeof *f->inflow_carry);
    f->weight = calloc(f->nv + 1, sizeof *f->weight);
    f->share = calloc(f->nv + 1, sizeof *f->share);
    f->run_cap = 64; /* a village's cells: a few a school it sends to */
    f->run_ix = malloc((JH_NGRADES - 1) * f->run_cap * sizeof *f->run_ix);
    if (sc->n_inflows > 0)
        f->extra = calloc(f->nv * JH_NGRADES + 1, sizeof *f->extra);
    if (!f->carry || !f->carry_zero || !f->inflow_carry || !f->weight || !f->share || !f->run_ix ||
        (sc->n_inflows > 0 && !f->extra)) {
        jh_migration_flow_free(f);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (migration)");
    }
    f->follow = c->has_projections && c->n_projections > 0 && !sc->migration.keep_share;
    if (f->follow)
        warn_rates_under_table(c, sc, warnings);
    const jh_rules *r = &sc->rules;
    f->rate[0] = r->intake_rate;
    for (int g = 1; g < JH_NGRADES; g++)
        f->rate[g] = f->rate[g - 1] * (g == 6 ? r->transition_rate : r->promotion_rate);
    *out = f;
    return JH_OK;
}

void jh_migration_flow_free(jh_migration_flow *f)
{
    if (!f)
        return;
    free(f->carry);
    free(f->carry_zero);
    free(f->inflow_carry);
    free(f->weight);
    free(f->share);
    free(f->extra);
    jh_scratch_free(&f->take_w);
    jh_scratch_free(&f->take_out);
    free(f->run_ix);
    free(f);
}

/* Village v's cohorts, the cells it walks (with students, below grade
 * 9), from its cells cells[from..to) in the order compaction leaves them
 * (by school, then grade), in one pass: grade g's into ix[g * (to - from)..]
 * (n[g] of them), in school order. */
static void cohorts_of_run(const jh_cell *cells, size_t from, size_t to, size_t *ix,
                           size_t n[JH_NGRADES])
{
    size_t stride = to - from;
    memset(n, 0, JH_NGRADES * sizeof *n);
    for (size_t j = from; j < to; j++) {
        int g = cells[j].grade;
        if (cells[j].count > 0 && g >= 0 && g < JH_NGRADES - 1)
            ix[(size_t)g * stride + n[g]++] = j;
    }
}

/* Takes `k` students off the cells idx[0..n) in proportion to their
 * counts (largest remainder, earlier cells first on ties). */
static int take_off(jh_migration_flow *f, jh_cell *cells, const size_t *idx, size_t n, long k)
{
    if (k <= 0 || n == 0)
        return 0;
    int c0 = cells[idx[0]].count;
    if (n == 1 && c0 > 0 && c0 < (1 << 22) && k <= INT_MAX) {
        /* a cohort of one cell (most are): jh_share_out gives it all k,
         * k * c0 / c0 being exact below 2^53 */
        cells[idx[0]].count -= (int)k;
        return 0;
    }
    double *w = jh_scratch_get(&f->take_w, n * sizeof *w);
    long *out = jh_scratch_get(&f->take_out, n * sizeof *out);
    if (!w || !out)
        return -1;
    for (size_t i = 0; i < n; i++)
        w[i] = cells[idx[i]].count;
    jh_share_out(k, w, n, out);
    for (size_t i = 0; i < n; i++)
        cells[idx[i]].count -= (int)out[i];
    return 0;
}

jh_status jh_migration_flow_year(jh_migration_flow *f, const jh_demography *d, jh_cell *cells,
                                 size_t n_cells, const bool *fixed, jh_arrive_fn arrive,
                                 void *ctx, jh_migration_tally *tally, double *entrant_remainder,
                                 int *entrants, jh_error *err)
{
    size_t nv = f->nv;
    long pooled[JH_NGRADES] = {0};  /* internal leavers by this year's grade */
    size_t k = 0; /* walks the cells alongside v */
    for (size_t v = 0; v < nv; v++) {
        /* the village's carries and migrant children move up one grade:
         * the carries into vcarry (grade 0 starts empty), written back
         * unless they were and stay all zero bits (carry_zero); the
         * migrant children in place, last year's copied aside first */
        double *row_carry = f->carry + v * JH_NGRADES * 2;
        double *vextra = f->extra ? f->extra + v * JH_NGRADES : NULL;
        double old_carry[JH_NGRADES * 2] = {0}, vcarry[JH_NGRADES * 2] = {0};
        double old_extra[JH_NGRADES] = {0};
        if (!f->carry_zero[v])
            memcpy(old_carry, row_carry, sizeof old_carry);
        if (vextra) {
            memcpy(old_extra, vextra, sizeof old_extra);
            memset(vextra, 0, sizeof old_extra);
        }
        if (fixed[v]) {
            if (!f->carry_zero[v])
                memset(row_carry, 0, sizeof vcarry);
            f->carry_zero[v] = 1;
            continue;
        }
        /* its cohorts: grade g's cells cohort[g][0..len[g]) */
        const size_t *cohort[JH_NGRADES];
        size_t len[JH_NGRADES];
        while (k < n_cells && cells[k].origin < (int)v)
            k++; /* school sites, villages given by students */
        size_t from = k;
        while (k < n_cells && cells[k].origin == (int)v)
            k++;
        if (k - from > f->run_cap) {
            size_t cap = 2 * (k - from);
            size_t *ix = realloc(f->run_ix, (JH_NGRADES - 1) * cap * sizeof *ix);
            if (!ix)
                goto oom;
            f->run_ix = ix;
            f->run_cap = cap;
        }
        cohorts_of_run(cells, from, k, f->run_ix, len);
        for (int g = 0; g < JH_NGRADES - 1; g++)
            cohort[g] = f->run_ix + (size_t)g * (k - from);
        jh_demography_row row;
        jh_demography_row_of(d, (int)v, &row);
        double c6 = 0;
        entrants[v] = (int)jh_round_diffuse(row.children[6] * f->rate[0], &c6, entrant_remainder);
        for (int g = 0; g < JH_NGRADES - 1; g++) {
            int students = 0;
            for (size_t j = 0; j < len[g]; j++)
                students += cells[cohort[g][j]].count;
            int age = g + 7, next = g + 1;
            double *carry = vcarry + (size_t)next * 2; /* zero till set */
            double extra = old_extra[g];
            if (vextra)
                vextra[next] =
                    extra * (next == 6 ? f->sc->rules.transition_rate : f->sc->rules.promotion_rate);
            if (f->follow && ((row.projected >> age) & 1)) {
                /* the table is where the children live: the cohort is its
                 * count (carries restart from it) */
                double target = row.children[age] * f->rate[g] + extra;
                long want = students;
                double keep = target - students, run = f->follow_diffuse + keep;
                if (fabs(keep) < 1.0 && run >= -0.5 && run < 0.5) {
                    f->follow_diffuse = run;
                } else {
                    double c0 = 0;
                    want = jh_round_diffuse(target, &c0, &f->follow_diffuse);
                }
                if (want < students) { /* (the carries stay zero) */
                    if (take_off(f, cells, cohort[g], len[g], students - want) != 0)
                        goto oom;
                    tally->left[jh_grade_level(next)] += students - want;
                } else if (want > students) {
                    if (arrive(ctx, (int)v, next, (int)(want - students)) != 0)
                        goto oom;
                    tally->arrived[jh_grade_level(next)] += want - students;
                }
                continue;
            }
            long out, net;
            memcpy(carry, old_carry + (size_t)g * 2, 2 * sizeof *carry);
            jh_migration_cohort(students, row.aged ? row.aged[age] : 0.0, row.children[age],
                                row.moved_in ? row.moved_in[age] : 0.0,
                                row.moved_out ? row.moved_out[age] : 0.0, carry, f->diffuse,
                                &out, &net);
            long leave = out + (net < 0 ? -net : 0);
            if (take_off(f, cells, cohort[g], len[g], leave) != 0)
                goto oom;
            tally->left[jh_grade_level(next)] += leave;
            pooled[next] += out;
            if (net > 0) {
                if (arrive(ctx, (int)v, next, (int)net) != 0)
                    goto oom;
                tally->arrived[jh_grade_level(next)] += net;
            }
        }
        uint64_t bits = 0; /* all zero bits: -0 is not */
        for (int i = 0; i < JH_NGRADES * 2; i++) {
            uint64_t b;
            memcpy(&b, &vcarry[i], sizeof b);
            bits |= b;
        }
        if (bits != 0) {
            memcpy(row_carry, vcarry, sizeof vcarry);
            f->carry_zero[v] = 0;
        } else if (!f->carry_zero[v]) {
            memset(row_carry, 0, sizeof vcarry);
            f->carry_zero[v] = 1;
        }
    }
    /* internal leavers arrive where the children went */
    for (int g = 1; g < JH_NGRADES; g++) {
        if (pooled[g] == 0)
            continue;
        for (size_t v = 0; v < nv; v++)
            f->weight[v] = fixed[v] ? 0 : jh_demography_moved_in(d, (int)v, g + 6);
        if (jh_share_out(pooled[g], f->weight, nv, f->share) != 0)
            continue; /* nowhere to go: they left the county */
        for (size_t v = 0; v < nv; v++)
            if (f->share[v] > 0) {
                if (arrive(ctx, (int)v, g, (int)f->share[v]) != 0)
                    goto oom;
                tally->arrived[jh_grade_level(g)] += f->share[v];
            }
    }
    return JH_OK;
oom:
    return jh_error_set(err, JH_ERR_RUN, "out of memory (migration)");
}

jh_status jh_migration_flow_inflow(jh_migration_flow *f, const jh_demography *d, int year,
                                   const bool *fixed, jh_arrive_fn arrive, void *ctx,
                                   jh_migration_tally *tally, jh_error *err)
{
    const jh_scenario *sc = f->sc;
    for (size_t i = 0; i < sc->n_inflows; i++) {
        const jh_inflow *in = &sc->inflows[i];
        if (!in->per_year && in->year != year)
            continue;
        int village = in->by_village ? jh_county_find_village(f->c, in->village) : -1;
        if (in->by_village && village < 0)
            return jh_error_set(err, JH_ERR_INPUT, "%s: line %ld: key inflow.village: expected a "
                                "village id of the villages layer, got '%s'", sc->path, in->line,
                                in->village);
        /* receivers: the village, or the area's villages by population
         * (villages given by students rather than ages only when the area
         * has no other) */
        bool any_free = false;
        for (size_t v = 0; v < f->nv; v++)
            any_free |= f->c->villages[v].area == in->area && !fixed[v];
        for (size_t v = 0; v < f->nv; v++) {
            bool in_area = f->c->villages[v].area == in->area && (!any_free || !fixed[v]);
            f->weight[v] = village >= 0 ? ((int)v == village)
                           : in_area   ? jh_demography_population(d, (int)v) + 1e-9
                                       : 0;
        }
        for (int g = 0; g < JH_NGRADES; g++) {
            if (in->grades[g] <= 0)
                continue;
            long pub = jh_round_carry(in->grades[g] * in->public_share,
                                      &f->inflow_carry[i * JH_NGRADES + (size_t)g]);
            if (pub > in->grades[g])
                pub = in->grades[g];
            if (pub < 0)
                pub = 0;
            jh_level l = jh_grade_level(g);
            tally->inflow[l] += pub;
            tally->inflow_private[l] += in->grades[g] - pub;
            if (jh_share_out(pub, f->weight, f->nv, f->share) != 0)
                continue;
            for (size_t v = 0; v < f->nv; v++) {
                if (f->share[v] <= 0)
                    continue;
                if (arrive(ctx, (int)v, g, (int)f->share[v]) != 0)
                    return jh_error_set(err, JH_ERR_RUN, "out of memory (migration)");
                f->extra[v * JH_NGRADES + (size_t)g] += (double)f->share[v];
            }
        }
    }
    return JH_OK;
}
