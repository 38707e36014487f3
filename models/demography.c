/*
 * demography.c: cohort ageing with births and net migration per area type,
 * internal migration between areas and villages, overridden by the
 * projection table (see demography.h).
 *
 * Each year keeps, beside the children, what the year did to them: the
 * cohort as it would be had no one moved (`aged`), and the children who
 * left for elsewhere in the county (`out`) and came from it (`in`). The
 * simulation moves enrolled students by these (sim/migration_flow.c).
 * `in` and `out` exist only when something can move children between
 * villages (internal shares, migration.csv rows): else they are all zero
 * and are not kept (2 x 24 MB at 200,000 villages).
 */
#include "demography.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NAGES 15

struct jh_demography {
    const jh_county *county;
    jh_rules rules;
    int year, start_year, end_year;
    size_t n;
    double *children;       /* n * NAGES, this year */
    double *aged;           /* n * NAGES, last year's children one year on */
    double *moved_in;       /* n * NAGES, internal arrivals this year; NULL: none */
    double *moved_out;      /* n * NAGES, internal leavers this year; NULL: none */
    double *population;     /* n */
    double *weight;         /* n, scratch */
    double *last_pop;       /* n, scratch: last year's population during advance */
    uint16_t *mask;         /* n: bit a set where the table gives age a this year */
    uint16_t *next_mask;    /* n: the same for next year, during advance */
    jh_migration mig;       /* zero: none */
    bool table_only;        /* migration skips cells the table gives */
    bool projected;         /* the county's projection table overrides */
};

/* The ages the table gives village v in `year` (bits), their children in
 * vals (NULL: the bits only); 0 outside the table or the horizon. */
static unsigned projected_row(const jh_demography *d, size_t v, int year, double *vals)
{
    if (!d->projected || year < d->start_year || year > d->end_year)
        return 0;
    return jh_county_projection_ages(d->county, (int)v, year, vals);
}

/* Projection rows of the current year override the cohort figures; mask
 * becomes the ages each village's row gives. */
static void apply_projection(jh_demography *d)
{
    if (!d->projected)
        return;
    for (size_t v = 0; v < d->n; v++)
        d->mask[v] = (uint16_t)projected_row(d, v, d->year, d->children + v * NAGES);
}

/* The internal arrivals and leavers, kept from now on (false: out of
 * memory). */
static bool moves_kept(jh_demography *d)
{
    if (!d->moved_in)
        d->moved_in = calloc(d->n * NAGES + 1, sizeof *d->moved_in);
    if (!d->moved_out)
        d->moved_out = calloc(d->n * NAGES + 1, sizeof *d->moved_out);
    return d->moved_in && d->moved_out;
}

jh_status jh_demography_create(jh_demography **out, const jh_county *county,
                               const jh_rules *rules, int start_year, int end_year,
                               jh_error *err)
{
    *out = NULL;
    jh_demography *d = calloc(1, sizeof *d);
    if (!d)
        return jh_error_set(err, JH_ERR_RUN, "out of memory (demography)");
    d->county = county;
    d->rules = *rules;
    d->year = d->start_year = start_year;
    d->end_year = end_year;
    d->n = county->n_villages;
    d->children = calloc(d->n * NAGES + 1, sizeof *d->children);
    d->population = calloc(d->n + 1, sizeof *d->population);
    d->aged = calloc(d->n * NAGES + 1, sizeof *d->aged);
    d->weight = calloc(d->n + 1, sizeof *d->weight);
    d->last_pop = calloc(d->n + 1, sizeof *d->last_pop);
    d->mask = calloc(d->n + 1, sizeof *d->mask);
    d->next_mask = calloc(d->n + 1, sizeof *d->next_mask);
    if (!d->children || !d->population || !d->aged || !d->weight || !d->last_pop || !d->mask ||
        !d->next_mask || (county->n_moves > 0 && !moves_kept(d)))
        goto oom;
    for (size_t v = 0; v < d->n; v++) {
        const jh_village *vil = &county->villages[v];
        d->population[v] = vil->population;
        for (int a = 0; a < NAGES; a++)
            d->children[v * NAGES + a] = vil->has_ages ? vil->age[a] : 0;
    }
    if (county->has_projections && county->n_projections > 0) {
        d->projected = true;
        apply_projection(d);
    }
    *out = d;
    return JH_OK;
oom:
    jh_demography_free(d);
    return jh_error_set(err, JH_ERR_RUN, "out of memory (demography)");
}

void jh_demography_free(jh_demography *d)
{
    if (!d)
        return;
    free(d->children);
    free(d->aged);
    free(d->moved_in);
    free(d->moved_out);
    free(d->weight);
    free(d->last_pop);
    free(d->mask);
    free(d->next_mask);
    free(d->population);
    free(d);
}

jh_status jh_demography_set_migration(jh_demography *d, const jh_migration *m, jh_error *err)
{
    if (m)
        d->mig = *m;
    else
        memset(&d->mig, 0, sizeof d->mig);
    d->table_only = d->projected && !d->mig.keep_share;
    bool internal = false;
    for (int a = 0; a < JH_NAREAS; a++)
        internal |= d->mig.internal[a] != 0;
    if (internal && !moves_kept(d))
        return jh_error_set(err, JH_ERR_RUN, "out of memory (demography)");
    return JH_OK;
}

/* The table gives (v, age) this year (the migration rates then leave it
 * alone, with table_only): the mask apply_projection left. */
static bool given(const jh_demography *d, size_t v, int age)
{
    return d->table_only && ((d->mask[v] >> age) & 1);
}

bool jh_demography_projected(const jh_demography *d, int village, int age)
{
    if (village < 0 || (size_t)village >= d->n || age < 0 || age >= NAGES)
        return false;
    return (d->mask[village] >> age) & 1;
}

/* Receivers' weights: villages of the areas in `share` (or one village),
 * by last year's population (by count when an area has none); they sum to
 * 1 over the receivers. Returns false when no village can receive. */
static bool receivers(jh_demography *d, const double share[JH_NAREAS], int village,
                      const double *pop)
{
    memset(d->weight, 0, d->n * sizeof *d->weight);
    if (village >= 0) {
        d->weight[village] = 1;
        return true;
    }
    double total[JH_NAREAS] = {0}, count[JH_NAREAS] = {0};
    for (size_t v = 0; v < d->n; v++) {
        jh_area a = d->county->villages[v].area;
        total[a] += pop[v];
        count[a] += 1;
    }
    bool any = false;
    for (size_t v = 0; v < d->n; v++) {
        jh_area a = d->county->villages[v].area;
        if (share[a] <= 0 || count[a] == 0)
            continue;
        d->weight[v] = share[a] * (total[a] > 0 ? pop[v] / total[a] : 1.0 / count[a]);
        any = true;
    }
    return any;
}

/* Children of `age` arriving from elsewhere in the county, `amount` of them
 * by the receivers' weights. */
static void arrive(jh_demography *d, int age, double amount)
{
    if (d->table_only) {
        double open = 0; /* receivers the table does not give */
        for (size_t v = 0; v < d->n; v++)
            if (d->weight[v] > 0 && !given(d, v, age))
                open += d->weight[v];
        for (size_t v = 0; v < d->n && open > 0; v++)
            if (d->weight[v] > 0 && !given(d, v, age)) {
                double add = amount * d->weight[v] / open;
                d->children[v * NAGES + age] += add;
                d->moved_in[v * NAGES + age] += add;
            }
        return;
    }
    for (size_t v = 0; v < d->n; v++)
        if (d->weight[v] > 0) {
            double add = amount * d->weight[v];
            d->children[v * NAGES + age] += add;
            d->moved_in[v * NAGES + age] += add;
        }
}

/* The year's rows of migration.csv: each moves up to `count` children of
 * its age from a village, or from an area's villages in proportion to
 * their children of that age, to a village or an area's villages. */
static void apply_moves(jh_demography *d, const double *pop)
{
    const jh_county *c = d->county;
    for (size_t i = 0; i < c->n_moves; i++) {
        const jh_migration_move *m = &c->moves[i];
        if (m->year != d->year || m->age < 0 || m->age >= NAGES)
            continue;
        double avail = 0;
        for (size_t v = 0; v < d->n; v++)
            if ((m->from_village >= 0 ? (int)v == m->from_village
                                      : c->villages[v].area == m->from_area) &&
                !given(d, v, m->age))
                avail += d->children[v * NAGES + m->age];
        double amount = m->count < avail ? m->count : avail;
        if (amount <= 0)
            continue;
        for (size_t v = 0; v < d->n; v++)
            if ((m->from_village >= 0 ? (int)v == m->from_village
                                      : c->villages[v].area == m->from_area) &&
                !given(d, v, m->age)) {
                double take = amount * d->children[v * NAGES + m->age] / avail;
                d->children[v * NAGES + m->age] -= take;
                d->moved_out[v * NAGES + m->age] += take;
            }
        double share[JH_NAREAS] = {0};
        if (m->to_village < 0)
            share[m->to_area] = 1;
        if (receivers(d, share, m->to_village, pop))
            arrive(d, m->age, amount);
    }
}

void jh_demography_advance(jh_demography *d)
{
    const jh_migration *mig = &d->mig;
    double tot_out[NAGES] = {0}, pop_out = 0;
    /* last year's population weighs the receivers */
    double *pop = d->last_pop; /* kept from year to year: no fresh pages */
    memcpy(pop, d->population, d->n * sizeof *pop);
    for (size_t v = 0; v < d->n; v++) {
        const jh_village *vil = &d->county->villages[v];
        jh_area area = vil->area;
        double growth = 1.0 + d->rules.migration_rate[area] + mig->external[area];
        double leave = -mig->internal[area]; /* share leaving for the county's other places */
        double *c = d->children + v * NAGES;
        double *aged = d->aged + v * NAGES;
        double *out = d->moved_out ? d->moved_out + v * NAGES : NULL;
        double rate = vil->has_birth_rate ? vil->birth_rate_per1000 : d->rules.birth_rate_per1000[area];
        double births = d->population[v] * rate / 1000.0;
        for (int a = NAGES - 1; a > 0; a--)
            aged[a] = c[a - 1];
        aged[0] = births;
        /* the ages the table gives next year (they neither send nor
         * receive); with table_only nothing this year reads or moves their
         * children, so they take its figures now (apply_projection would,
         * after the moves), the row read once */
        unsigned next = projected_row(d, v, d->year + 1, d->table_only ? c : NULL);
        d->next_mask[v] = (uint16_t)next;
        if (!d->table_only)
            next = 0;
        for (int a = NAGES - 1; a > 0; a--) {
            bool table = (next >> a) & 1;
            /* without moved_out, leave is 0 (set_migration): as zero */
            double o = table ? 0 : aged[a] * leave;
            if (out)
                out[a] = o;
            if (!table)
                c[a] = aged[a] * growth - o;
            tot_out[a] += o;
        }
        if (!(next & 1))
            c[0] = births;
        if (out)
            out[0] = 0;
        pop_out += d->population[v] * leave;
        d->population[v] *= growth - leave;
    }
    if (d->moved_in)
        memset(d->moved_in, 0, d->n * NAGES * sizeof *d->moved_in);
    d->year++;
    uint16_t *m = d->mask; /* given() now answers for the new year */
    d->mask = d->next_mask;
    d->next_mask = m;
    bool any_out = pop_out != 0;
    for (int a = 1; a < NAGES && !any_out; a++)
        any_out = tot_out[a] > 0;
    /* nobody left for the county's other places: no receivers to weigh */
    if (any_out && receivers(d, mig->destinations, -1, pop)) {
        for (int a = 1; a < NAGES; a++)
            if (tot_out[a] > 0)
                arrive(d, a, tot_out[a]);
        for (size_t v = 0; v < d->n; v++)
            d->population[v] += pop_out * d->weight[v];
    }
    apply_moves(d, pop);
    if (!d->table_only)
        apply_projection(d);
}

int jh_demography_year(const jh_demography *d) { return d->year; }

double jh_demography_children(const jh_demography *d, int village, int age)
{
    if (village < 0 || (size_t)village >= d->n || age < 0 || age >= NAGES)
        return 0.0;
    return d->children[(size_t)village * NAGES + age];
}

void jh_demography_row_of(const jh_demography *d, int village, jh_demography_row *row)
{
    size_t at = (size_t)village * NAGES;
    row->children = d->children + at;
    row->aged = d->aged ? d->aged + at : NULL;
    row->moved_in = d->moved_in ? d->moved_in + at : NULL;
    row->moved_out = d->moved_out ? d->moved_out + at : NULL;
    row->projected = d->mask[village];
}

double jh_demography_population(const jh_demography *d, int village)
{
    if (village < 0 || (size_t)village >= d->n)
        return 0.0;
    return d->population[village];
}

static double at(const jh_demography *d, const double *t, int village, int age)
{
    if (!t || village < 0 || (size_t)village >= d->n || age < 0 || age >= NAGES)
        return 0.0;
    return t[(size_t)village * NAGES + age];
}

double jh_demography_aged(const jh_demography *d, int village, int age)
{
    return at(d, d->aged, village, age);
}

double jh_demography_moved_in(const jh_demography *d, int village, int age)
{
    return at(d, d->moved_in, village, age);
}

double jh_demography_moved_out(const jh_demography *d, int village, int age)
{
    return at(d, d->moved_out, village, age);
}
