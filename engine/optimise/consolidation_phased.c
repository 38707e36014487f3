/*
 * consolidation_phased.c: which schools to close, and which candidate
 * sites to open, under the bureau's constraints — the plan a bureau would
 * sign (issue 12). Every request goes here but `method: p_median` (the
 * pure facility problem of consolidation.c, for OR-Library instances),
 * whatever the assignment rule and the phasing.
 *
 * Only the villages of a closed school move, all at once; a village nearer
 * to a new school than to its own sends it its new entrants (grade 1 or 7;
 * with `phasing: all`, everyone at once); everyone else keeps their
 * school. A closure is feasible when every origin of the closed school
 * finds a receiver that:
 *   - is open, kept, and not a teaching point (teaching points keep their
 *     own students or close, never receive), or a new school;
 *   - has room in every year of the horizon from the plan year: its own
 *     students (doing nothing, less the entrants it loses to new schools)
 *     plus those it receives plus the other level's, within classrooms x
 *     class size and the size limit;
 *   - is within max_distance_km, and within the level's distance limit —
 *     or no farther than the origin's school today (primary students are
 *     never sent beyond the limit; a village goes whole). Junior students
 *     sent beyond the limit need boarding beds at the receiver, and the
 *     level's share beyond the limit stays within max_share_beyond
 *     (default: today's share).
 * Receivers are tried nearest first among each origin's JH_PH_NEAR
 * nearest possible ones. A new school must itself keep within its places
 * and reach min_students in the final year.
 *
 * Steps, all counted in evaluations (the clock only with time_limit_s):
 *  1. candidate sites open, best first, while one lowers travel;
 *  2. schools under min_students (default rules.teaching_point_min_students)
 *     close, smallest first, unless fixed or unplaceable;
 *  3. further closures (keep / close_at_most / max_distance_km) greedily
 *     by least added travel (student-years x cost over the horizon);
 *  4. objective: balance searches single toggles (close or reopen a
 *     school, open or drop a site) on an estimate of the indicators, and
 *     the simulation itself decides among the search's layout, the
 *     distance layout and the mandatory closures, over the horizon
 *     (evaluate: final | mean): the best that beats doing nothing on mean
 *     CV without fewer compliant schools, else nothing at all.
 */
#include "optimise/consolidation_ph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"
#include "travel/travel.h"

/* ---- the layout's placement ------------------------------------------- */

static bool receiver_now(const jh_ph *p, const bool *flip, int f)
{
    return p->site[f] ? flip[f] && p->site_receiver[f] : p->receiver[f] && !flip[f];
}

static void layout_reset(jh_ph *p, jh_ph_layout *l)
{
    memset(l->add, 0, p->ns * (size_t)p->ny * sizeof *l->add);
    memset(l->beds_used, 0, p->ns * sizeof *l->beds_used);
    for (size_t k = 0; k < p->nc; k++) {
        l->assign[k] = p->cur[k];
        l->to_new[k] = -1;
    }
    l->beyond = p->beyond0;
    l->travel = 0;
    l->ok = true;
}

static void layout_copy(const jh_ph *p, jh_ph_layout *to, const jh_ph_layout *from)
{
    memcpy(to->add, from->add, p->ns * (size_t)p->ny * sizeof *to->add);
    memcpy(to->beds_used, from->beds_used, p->ns * sizeof *to->beds_used);
    memcpy(to->assign, from->assign, p->nc * sizeof *to->assign);
    memcpy(to->to_new, from->to_new, p->nc * sizeof *to->to_new);
    to->beyond = from->beyond;
    to->travel = from->travel;
    to->ok = from->ok;
}

/* ---- the undo log of a tried closure (consolidation_ph.h) ------------- */

/* Step 3's cache: what trying to close each school found (placed or not,
 * and the increments it added to travel and to the students beyond the
 * limit, in order), valid until a committed closure changes a school that
 * one of its clients could be sent to. Replaying the increments on the
 * committed totals gives the travel try_close would compute, bit for bit
 * (the same additions in the same order). */
typedef struct jh_ph_cache {
    bool rec, rec_oom, placed_last;   /* recording the try in progress */
    double *t, *b;                    /* its increments */
    size_t nt, nb, capt, capb;
    bool *valid, *placed;             /* per school */
    double **ts, **bs;                /* per school: increments */
    size_t *tn, *bn, *tcap, *bcap;
    size_t *rstart;                   /* school f -> the schools whose clients list f */
    int *rev;
} jh_ph_cache;

static void rec_push(jh_ph_cache *pc, double **a, size_t *n, size_t *cap, double v)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        double *g = realloc(*a, c * sizeof *g);
        if (!g) {
            pc->rec_oom = true;
            return;
        }
        *a = g;
        *cap = c;
    }
    (*a)[(*n)++] = v;
}

static inline void rec_travel(jh_ph *p, double v)
{
    if (p->cache && p->cache->rec)
        rec_push(p->cache, &p->cache->t, &p->cache->nt, &p->cache->capt, v);
}

static inline void rec_beyond(jh_ph *p, double v)
{
    if (p->cache && p->cache->rec)
        rec_push(p->cache, &p->cache->b, &p->cache->nb, &p->cache->capb, v);
}

static double *undo_d(jh_ph_layout *l, int what)
{
    return what == JH_PH_ADD ? l->add : l->beds_used;
}

static int *undo_i(jh_ph_layout *l, int what)
{
    return what == JH_PH_ASSIGN ? l->assign : l->to_new;
}

/* Records the value of `what`[at] in l before it changes (only while a
 * closure is tried on p->w). A log that cannot grow gives up: w is then
 * copied whole, as before the log. */
static void note(jh_ph *p, jh_ph_layout *l, int what, size_t at)
{
    if (!p->logging || l != &p->w)
        return;
    if (p->n_undo == p->undo_cap) {
        size_t cap = p->undo_cap ? 2 * p->undo_cap : 256;
        jh_ph_undo *g = realloc(p->undo, cap * sizeof *g);
        if (!g) {
            p->logging = p->w_synced = false;
            return;
        }
        p->undo = g;
        p->undo_cap = cap;
    }
    double old = what == JH_PH_ADD || what == JH_PH_BEDS ? undo_d(l, what)[at] : (double)undo_i(l, what)[at];
    p->undo[p->n_undo++] = (jh_ph_undo){(unsigned char)what, at, old};
}

/* Makes p->w equal to the committed layout again: the logged changes
 * undone, newest first (or a whole copy when w was placed from scratch). */
static void w_restore(jh_ph *p)
{
    jh_ph_layout *w = &p->w;
    if (!p->w_synced) {
        layout_copy(p, w, &p->cm);
        p->w_synced = true;
    } else {
        for (size_t t = p->n_undo; t-- > 0;) {
            const jh_ph_undo *u = &p->undo[t];
            if (u->what == JH_PH_ADD || u->what == JH_PH_BEDS)
                undo_d(w, u->what)[u->at] = u->old;
            else
                undo_i(w, u->what)[u->at] = (int)u->old;
        }
        w->beyond = p->cm.beyond;
        w->travel = p->cm.travel;
        w->ok = p->cm.ok;
    }
    p->n_undo = 0;
}

/* The committed layout becomes p->w: the logged entries copied, or all. */
static void w_commit(jh_ph *p)
{
    jh_ph_layout *w = &p->w, *cm = &p->cm;
    if (!p->w_synced) {
        layout_copy(p, cm, w);
        p->w_synced = true;
    } else {
        for (size_t t = 0; t < p->n_undo; t++) {
            const jh_ph_undo *u = &p->undo[t];
            if (u->what == JH_PH_ADD || u->what == JH_PH_BEDS)
                undo_d(cm, u->what)[u->at] = undo_d(w, u->what)[u->at];
            else
                undo_i(cm, u->what)[u->at] = undo_i(w, u->what)[u->at];
        }
        cm->beyond = w->beyond;
        cm->travel = w->travel;
        cm->ok = w->ok;
    }
    p->n_undo = 0;
}

/* Moves (or takes back, sign -1) the entrants of client k to new school n. */
static void entrants_move(jh_ph *p, jh_ph_layout *l, size_t k, int n, double sign)
{
    int s0 = p->cur[k];
    double d = jh_ph_cost(p, p->origin[k], n);
    for (int y = 0; y < p->ny; y++) {
        double m = sign * p->frac[y] * p->dem[k * (size_t)p->ny + y];
        note(p, l, JH_PH_ADD, (size_t)s0 * p->ny + y);
        note(p, l, JH_PH_ADD, (size_t)n * p->ny + y);
        l->add[(size_t)s0 * p->ny + y] -= m;
        l->add[(size_t)n * p->ny + y] += m;
        l->travel += m * (d - p->d0[k]);
    }
    if (p->d0[k] > p->limit_m && d <= p->limit_m)
        l->beyond -= sign * p->frac[0] * p->dem[k * (size_t)p->ny];
}

static bool within(const jh_ph *p, const jh_ph_layout *l, size_t f, size_t k)
{
    for (int y = 0; y < p->ny; y++) {
        size_t i = f * (size_t)p->ny + y;
        double n = p->load[i] + l->add[i] + p->other[i] + (k < p->nc ? p->dem[k * (size_t)p->ny + y] : 0);
        if (n > p->cap[f] + 1e-9 || n > p->size_max[f] + 1e-9)
            return false;
    }
    return true;
}

/* Places the clients of closed school i on top of layout l. */
static bool place_school(jh_ph *p, jh_ph_layout *l, const bool *flip, size_t i)
{
    for (size_t j = p->cstart[i]; j < p->cstart[i + 1]; j++) {
        size_t k = (size_t)p->cl[j];
        if (l->to_new[k] >= 0) {
            entrants_move(p, l, k, l->to_new[k], -1.0);
            note(p, l, JH_PH_TO_NEW, k);
            l->to_new[k] = -1;
        }
        double peak = 0;
        for (int y = 0; y < p->ny; y++)
            peak = fmax(peak, p->dem[k * (size_t)p->ny + y]);
        int best = -1;
        double bd = INFINITY;
        for (int q = 0; q < JH_PH_NEAR; q++) {
            int f = p->near[k * JH_PH_NEAR + q];
            if (f < 0)
                break;
            if (!receiver_now(p, flip, f))
                continue;
            double d = p->near_d[k * JH_PH_NEAR + q];
            bool far = d > p->limit_m && d > p->d0[k];
            if (far && (p->L == JH_PRIMARY || p->beds[f] - l->beds_used[f] < peak))
                continue;
            if (!within(p, l, (size_t)f, k))
                continue;
            best = f;
            bd = d;
            break;
        }
        if (best < 0)
            return false;
        note(p, l, JH_PH_ASSIGN, k);
        l->assign[k] = best;
        for (int y = 0; y < p->ny; y++) {
            double m = p->dem[k * (size_t)p->ny + y];
            note(p, l, JH_PH_ADD, (size_t)best * p->ny + y);
            note(p, l, JH_PH_ADD, i * p->ny + y);
            l->add[(size_t)best * p->ny + y] += m;
            l->add[i * p->ny + y] -= m;
            double inc = m * (bd - p->d0[k]);
            l->travel += inc;
            rec_travel(p, inc);
        }
        if (bd > p->limit_m && p->d0[k] <= p->limit_m) {
            note(p, l, JH_PH_BEDS, (size_t)best);
            l->beds_used[best] += peak;
            l->beyond += p->dem[k * (size_t)p->ny];
            rec_beyond(p, p->dem[k * (size_t)p->ny]);
        } else if (bd <= p->limit_m && p->d0[k] > p->limit_m) {
            l->beyond -= p->dem[k * (size_t)p->ny];
            rec_beyond(p, -p->dem[k * (size_t)p->ny]);
        }
    }
    return true;
}

static bool share_ok(const jh_ph *p, const jh_ph_layout *l)
{
    return !(p->total0 > 0 && l->beyond / p->total0 > p->share_cap + 1e-12);
}

/* New schools: within their places, and at least min_students in the final year. */
static bool sites_ok(const jh_ph *p, const jh_ph_layout *l, const bool *flip)
{
    for (size_t s = 0; s < p->n_sites; s++) {
        size_t f = (size_t)p->sites[s];
        if (!flip[f])
            continue;
        if (!within(p, l, f, p->nc) ||
            p->load[f * p->ny + p->ny - 1] + l->add[f * p->ny + p->ny - 1] < p->min_students)
            return false;
    }
    return true;
}

typedef struct { int school, rank; } ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    return x->rank != y->rank ? (x->rank < y->rank ? -1 : 1) : x->school - y->school;
}

bool jh_ph_place(jh_ph *p, const bool *flip)
{
    jh_ph_layout *l = &p->w;
    p->evals++;
    p->w_synced = false;
    p->n_undo = 0;
    layout_reset(p, l);
    /* 1. entrants of villages nearer to a new school */
    bool any = false;
    for (size_t s = 0; s < p->n_sites; s++)
        any |= flip[p->sites[s]];
    for (size_t k = 0; any && k < p->nc; k++) {
        int s0 = p->cur[k];
        if (s0 < 0 || p->origin[k] < 0 || jh_ph_closed(p, flip, (size_t)s0))
            continue;
        int n = -1;
        double nd = p->d0[k];
        for (size_t s = 0; s < p->n_sites; s++) {
            int f = p->sites[s];
            double d;
            if (flip[f] && (d = jh_ph_cost(p, p->origin[k], f)) < nd) {
                nd = d;
                n = f;
            }
        }
        if (n >= 0) {
            l->to_new[k] = n;
            entrants_move(p, l, k, n, 1.0);
        }
    }
    /* 2. the villages of closed schools, in the order they closed */
    ranked *order = malloc((p->ns + 1) * sizeof *order);
    size_t n = 0;
    if (!order)
        return l->ok = false;
    for (size_t i = 0; i < p->ns; i++)
        if (jh_ph_closed(p, flip, i))
            order[n++] = (ranked){(int)i, p->rank[i]};
    qsort(order, n, sizeof *order, by_rank);
    for (size_t k = 0; k < n && l->ok; k++)
        l->ok = place_school(p, l, flip, (size_t)order[k].school);
    free(order);
    if (l->ok)
        l->ok = share_ok(p, l) && sites_ok(p, l, flip);
    return l->ok;
}

/* The committed layout plus closing school i (placed last): p->w, made
 * from the committed one by undoing the previous try (the undo log), not
 * by copying it whole. */
static bool try_close(jh_ph *p, size_t i)
{
    p->evals++;
    /* A school that took in students of an earlier closure stays open:
     * closing it would move them twice, and place_school re-places only
     * its own villages, so they would be left at a closed school (the
     * layout then failed to place again from scratch: "the chosen layout
     * cannot be placed" on a crowded 3,000-school county). */
    for (int y = 0; y < p->ny; y++)
        if (p->cm.add[i * (size_t)p->ny + y] > 1e-9)
            return p->w.ok = false;
    w_restore(p);
    p->flip[i] = true;
    int r = p->rank[i];
    p->rank[i] = p->next_rank;
    p->logging = true;
    bool placed = place_school(p, &p->w, p->flip, i);
    bool ok = placed && share_ok(p, &p->w) && sites_ok(p, &p->w, p->flip);
    p->logging = false;
    if (p->cache)
        p->cache->placed_last = placed;
    p->w.ok = ok;
    p->flip[i] = false;
    p->rank[i] = r;
    return ok;
}

/* Makes closing i part of the committed layout (try_close succeeded). */
static void commit_close(jh_ph *p, size_t i)
{
    try_close(p, i);
    p->flip[i] = true;
    p->rank[i] = p->next_rank++;
    w_commit(p);
}

/* Toggles i in the committed layout, placing everything again. */
static bool try_toggle(jh_ph *p, size_t i)
{
    if (!p->site[i] && !p->flip[i])
        return try_close(p, i);
    p->flip[i] = !p->flip[i];
    int r = p->rank[i];
    if (p->flip[i])
        p->rank[i] = p->next_rank;
    bool ok = jh_ph_place(p, p->flip);
    p->flip[i] = !p->flip[i];
    p->rank[i] = r;
    return ok;
}

static void commit_toggle(jh_ph *p, size_t i)
{
    try_toggle(p, i);
    p->flip[i] = !p->flip[i];
    if (p->flip[i])
        p->rank[i] = p->next_rank++;
    w_commit(p);
}

/* ---- clock and terminal ----------------------------------------------- */

static double elapsed(const jh_ph *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - p->t0.tv_nsec);
}

/* True when time_limit_s (wall clock) is spent: the search stops there. */
static bool time_up(jh_ph *p)
{
    double lim = p->sc->consolidation.time_limit_s;
    if (lim > 0 && !p->out_of_time && elapsed(p) > lim)
        p->out_of_time = true;
    return p->out_of_time;
}

static void show(const jh_ph *p, const char *stage, int iteration, double best)
{
    if (!p->progress)
        return;
    fprintf(stderr, "\r\033[Kconsolidation: %s, iteration %d, best %.6g, %ld evaluations, %.1f s", stage,
            iteration, best, p->evals, elapsed(p));
    fflush(stderr);
}

/* ---- setup ------------------------------------------------------------ */

static int by_origin(const void *a, const void *b, void *ctx)
{
    const jh_ph *p = ctx;
    int x = p->origin[*(const int *)a], y = p->origin[*(const int *)b];
    if ((x < 0) != (y < 0))
        return x < 0 ? 1 : -1;
    return x < y ? -1 : x > y;
}

static int layout_alloc(jh_ph *p, jh_ph_layout *l)
{
    l->add = calloc((p->ns + 1) * (size_t)p->ny, sizeof *l->add);
    l->beds_used = calloc(p->ns + 1, sizeof *l->beds_used);
    l->assign = malloc((p->nc + 1) * sizeof *l->assign);
    l->to_new = malloc((p->nc + 1) * sizeof *l->to_new);
    return l->add && l->beds_used && l->assign && l->to_new ? 0 : -1;
}

static void layout_free(jh_ph_layout *l)
{
    free(l->add);
    free(l->beds_used);
    free(l->assign);
    free(l->to_new);
}

static jh_status setup(jh_ph *p, const jh_scenario *sc, const jh_county *c, const jh_run_result *base,
                       jh_error *err)
{
    const jh_consolidation_request *q = &sc->consolidation;
    memset(p, 0, sizeof *p);
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    p->sc = sc;
    p->c = c;
    p->L = q->level;
    p->y0 = q->year - sc->start_year;
    p->ny = (int)base->n_years - p->y0;
    p->ns = c->n_schools;
    size_t nv = c->n_villages, no = nv + p->ns, ny = (size_t)p->ny;
    int *client_of = malloc((no + 1) * sizeof *client_of);
    double *best_at = calloc(no + 1, sizeof *best_at);
    int *recv = malloc((p->ns + 1) * sizeof *recv);
    p->origin = malloc((no + 1) * sizeof *p->origin);
    p->cur = malloc((no + 1) * sizeof *p->cur);
    p->d0 = malloc((no + 1) * sizeof *p->d0);
    p->dem = calloc((no + 1) * ny, sizeof *p->dem);
    p->load = calloc((p->ns + 1) * ny, sizeof *p->load);
    p->other = calloc((p->ns + 1) * ny, sizeof *p->other);
    p->cap = malloc((p->ns + 1) * sizeof *p->cap);
    p->size_max = malloc((p->ns + 1) * sizeof *p->size_max);
    p->receiver = calloc(p->ns + 1, sizeof *p->receiver);
    p->closable = calloc(p->ns + 1, sizeof *p->closable);
    p->fixed = calloc(p->ns + 1, sizeof *p->fixed);
    p->site = calloc(p->ns + 1, sizeof *p->site);
    p->site_receiver = calloc(p->ns + 1, sizeof *p->site_receiver);
    p->sites = malloc((p->ns + 1) * sizeof *p->sites);
    p->beds = calloc(p->ns + 1, sizeof *p->beds);
    p->cstart = calloc(p->ns + 2, sizeof *p->cstart);
    p->frac = malloc((ny + 1) * sizeof *p->frac);
    p->flip = calloc(p->ns + 1, sizeof *p->flip);
    p->rank = calloc(p->ns + 1, sizeof *p->rank);
    if (!client_of || !best_at || !recv || !p->origin || !p->cur || !p->d0 || !p->dem || !p->load ||
        !p->other || !p->cap || !p->size_max || !p->receiver || !p->closable || !p->fixed || !p->site ||
        !p->site_receiver || !p->sites || !p->beds || !p->cstart || !p->frac || !p->flip || !p->rank) {
        free(client_of);
        free(best_at);
        free(recv);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t o = 0; o < no; o++)
        client_of[o] = -1;
    bool minutes = c->has_od && (c->od.minutes || sc->rules.distance_minutes);
    double unit = minutes ? 1.0 : 1000.0;
    p->limit_m = sc->rules.distance_km[p->L] * unit;
    p->max_m = q->max_distance_km > 0 ? q->max_distance_km * unit : INFINITY;
    p->min_students = q->min_students >= 0 ? q->min_students : sc->rules.teaching_point_min_students;
    for (int y = 0; y < p->ny; y++) {
        const jh_flow *fl = base->year_flows[p->y0 + y];
        for (size_t k = 0; k < base->n_year_flows[p->y0 + y]; k++) {
            const jh_flow *f = &fl[k];
            if (f->school < 0)
                continue;
            if (f->level != p->L) {
                p->other[(size_t)f->school * ny + y] += f->students;
                continue;
            }
            p->load[(size_t)f->school * ny + y] += f->students;
            size_t o = f->village >= 0 ? (size_t)f->village : nv + (size_t)(-1 - f->village);
            if (client_of[o] < 0) {
                client_of[o] = (int)p->nc;
                p->origin[p->nc] = f->village;
                p->cur[p->nc] = f->school;
                p->nc++;
            }
            int k2 = client_of[o];
            p->dem[(size_t)k2 * ny + y] += f->students;
            if (y == 0) {
                if (f->students > best_at[o]) {
                    best_at[o] = f->students;
                    p->cur[k2] = f->school;
                }
                p->total0 += f->students;
                if (isfinite(f->cost) && f->cost > p->limit_m)
                    p->beyond0 += f->students;
            }
        }
    }
    free(client_of);
    free(best_at);
    p->share_cap = q->max_share_beyond >= 0 ? q->max_share_beyond
                   : p->total0 > 0          ? p->beyond0 / p->total0
                                            : 0;
    /* entrants since the plan year: a grade a year of the level's span */
    int span = jh_level_end_grade(p->L) - jh_level_first_grade(p->L);
    for (int y = 0; y < p->ny; y++)
        p->frac[y] = q->phasing_all || span <= 0 ? 1.0 : fmin(1.0, (double)(y + 1) / span);
    size_t n_recv = 0;
    for (size_t i = 0; i < p->ns; i++) {
        const jh_school *s = &c->schools[i];
        bool open = jh_school_takes_students(s, p->L);
        int cls = sc->rules.class_size[p->L];
        p->cap[i] = !q->capacity_enforce ? 1e15
                    : s->capacity_given  ? s->capacity
                    : s->classrooms > 0  ? (double)s->classrooms * cls
                                         : 1e15;
        jh_school_type type = s->type == JH_SCHOOL_CANDIDATE ? (p->L == JH_PRIMARY ? JH_SCHOOL_PRIMARY : JH_SCHOOL_JUNIOR)
                                                             : s->type;
        bool combined = type == JH_SCHOOL_NINE_YEAR || type == JH_SCHOOL_TWELVE_YEAR;
        p->size_max[i] = combined ? sc->rules.school_size_max_combined : sc->rules.school_size_max[p->L];
        bool may_receive = type != JH_SCHOOL_TEACHING_POINT && type != JH_SCHOOL_SPECIAL &&
                           type != JH_SCHOOL_VOCATIONAL;
        p->receiver[i] = open && may_receive;
        p->closable[i] = open && p->load[i * ny] > 0 && s->type != JH_SCHOOL_SPECIAL &&
                         s->type != JH_SCHOOL_VOCATIONAL;
        p->beds[i] = s->res.boarding_beds;
        if (!open && jh_consolidation_is_site(s, p->L)) {
            p->site[i] = true;
            p->site_receiver[i] = may_receive;
            p->sites[p->n_sites++] = (int)i;
        }
        if (p->receiver[i] || p->site_receiver[i])
            recv[n_recv++] = (int)i;
    }
    for (size_t k = 0; k < q->n_fixed; k++) {
        int i = jh_county_find_school(c, q->fixed[k]);
        if (i < 0 || !jh_school_takes_students(&c->schools[i], p->L)) {
            free(recv);
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: line %ld: optimise.consolidation.fixed: '%s' is not an open school of level %s in %d",
                                sc->path, q->line, q->fixed[k], jh_level_name(p->L), q->year);
        }
        p->fixed[i] = true;
        p->closable[i] = false;
    }
    /* clients by school, their cost today, their nearest receivers */
    p->cl = malloc((p->nc + 1) * sizeof *p->cl);
    p->near = malloc((p->nc * JH_PH_NEAR + 1) * sizeof *p->near);
    p->near_d = malloc((p->nc * JH_PH_NEAR + 1) * sizeof *p->near_d);
    if (!p->cl || !p->near || !p->near_d || layout_alloc(p, &p->w) != 0 || layout_alloc(p, &p->cm) != 0) {
        free(recv);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    for (size_t k = 0; k < p->nc; k++)
        if (p->cur[k] >= 0)
            p->cstart[p->cur[k] + 1]++;
    for (size_t i = 0; i < p->ns; i++)
        p->cstart[i + 1] += p->cstart[i];
    size_t *fill = calloc(p->ns + 1, sizeof *fill);
    if (!fill) {
        free(recv);
        return jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    }
    jh_ph_grid grid;
    bool use_grid = !c->has_od && jh_ph_grid_build(&grid, c, recv, n_recv);
    for (size_t k = 0; k < p->nc; k++) {
        int s = p->cur[k];
        p->d0[k] = s >= 0 ? jh_ph_cost(p, p->origin[k], s) : INFINITY;
        if (s >= 0)
            p->cl[p->cstart[s] + fill[s]++] = (int)k;
        if (s >= 0 && p->closable[s] && use_grid)
            jh_ph_near_list_grid(p, k, recv, &grid);
        else if (s >= 0 && p->closable[s])
            jh_ph_near_list(p, k, recv, n_recv);
        else
            p->near[k * JH_PH_NEAR] = -1;
    }
    /* a closed school's origins are placed villages first, by index, its
     * own site last */
    for (size_t i = 0; i < p->ns; i++)
        qsort_r(p->cl + p->cstart[i], p->cstart[i + 1] - p->cstart[i], sizeof *p->cl, by_origin, p);
    if (use_grid)
        jh_ph_grid_free(&grid);
    free(fill);
    free(recv);
    /* junior beds in use: students beyond the limit today */
    for (size_t k = 0; k < p->nc; k++)
        if (p->cur[k] >= 0 && p->d0[k] > p->limit_m)
            p->beds[p->cur[k]] -= p->dem[k * ny];
    layout_reset(p, &p->cm);
    return JH_OK;
}

static void ph_free(jh_ph *p)
{
    free(p->origin);
    free(p->cur);
    free(p->d0);
    free(p->dem);
    free(p->load);
    free(p->other);
    free(p->cap);
    free(p->size_max);
    free(p->receiver);
    free(p->closable);
    free(p->fixed);
    free(p->site);
    free(p->site_receiver);
    free(p->sites);
    free(p->beds);
    free(p->cstart);
    free(p->cl);
    free(p->near);
    free(p->near_d);
    free(p->frac);
    free(p->flip);
    free(p->rank);
    layout_free(&p->w);
    layout_free(&p->cm);
    free(p->undo);
}

bool jh_consolidation_is_phased(const jh_scenario *sc)
{
    return !sc->consolidation.p_median;
}

/* ---- the search ------------------------------------------------------- */

static int by_load(const void *a, const void *b, void *ctx)
{
    const jh_ph *p = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    double lx = p->load[(size_t)x * p->ny], ly = p->load[(size_t)y * p->ny];
    return lx != ly ? (lx < ly ? -1 : 1) : x - y;
}

static int count_closed(const jh_ph *p, const bool *flip)
{
    int n = 0;
    for (size_t i = 0; i < p->ns; i++)
        n += jh_ph_closed(p, flip, i);
    return n;
}

static int count_opened(const jh_ph *p, const bool *flip)
{
    int n = 0;
    for (size_t i = 0; i < p->ns; i++)
        n += jh_ph_opened(p, flip, i);
    return n;
}

#define EXACT_LAYOUTS 100000L /* closure sets enumerated at most */

/* Step 3 on a small county: every set of `more` further closures (or, when
 * none is feasible, of as many as fit), the least added travel wins; ties
 * go to the first in lexicographic order of school index. The new closures
 * are placed after the committed ones, in index order. False when there
 * are too many sets to enumerate (the greedy then decides). */
static bool exact_closures(jh_ph *p, int more)
{
    int *free_ = malloc((p->ns + 1) * sizeof *free_), m = 0;
    if (!free_)
        return false;
    for (size_t i = 0; i < p->ns; i++)
        if (p->closable[i] && !p->flip[i])
            free_[m++] = (int)i;
    if (more > m)
        more = m;
    double sets = 0, c = 1; /* placements over every size tried */
    for (int r = 1; r <= more; r++) {
        c = c * (m - r + 1) / r;
        sets += c * r;
    }
    if (sets > EXACT_LAYOUTS) {
        free(free_);
        return false;
    }
    bool *best = malloc((p->ns + 1) * sizeof *best);
    int *ix = malloc((size_t)(more + 1) * sizeof *ix);
    bool found = false;
    for (int r = more; best && ix && r > 0 && !found; r--) {
        double best_t = INFINITY;
        for (int k = 0; k < r; k++)
            ix[k] = k;
        for (;;) {
            for (int k = 0; k < r; k++) {
                p->flip[free_[ix[k]]] = true;
                p->rank[free_[ix[k]]] = p->next_rank + k;
            }
            if (jh_ph_place(p, p->flip) && p->w.travel < best_t - 1e-9) {
                best_t = p->w.travel;
                memcpy(best, p->flip, p->ns * sizeof *best);
                found = true;
            }
            for (int k = 0; k < r; k++)
                p->flip[free_[ix[k]]] = false;
            int k = r - 1;
            while (k >= 0 && ix[k] == m - r + k)
                k--;
            if (k < 0)
                break;
            ix[k]++;
            for (int j = k + 1; j < r; j++)
                ix[j] = ix[j - 1] + 1;
        }
        show(p, "closures (every set)", r, best_t);
    }
    if (found) {
        int next = p->next_rank;
        for (int k = 0; k < m; k++)
            if (best[free_[k]]) {
                p->flip[free_[k]] = true;
                p->rank[free_[k]] = next++;
            }
        p->next_rank = next;
        jh_ph_place(p, p->flip);
        w_commit(p);
    }
    bool done = best != NULL && ix != NULL;
    free(best);
    free(ix);
    free(free_);
    return done;
}

/* ---- step 3's cache of closures tried (jh_ph_cache above) ------------- */

static void cache_free(jh_ph_cache *pc, size_t ns)
{
    if (!pc)
        return;
    for (size_t i = 0; i < ns; i++) {
        if (pc->ts)
            free(pc->ts[i]);
        if (pc->bs)
            free(pc->bs[i]);
    }
    free(pc->ts);
    free(pc->bs);
    free(pc->t);
    free(pc->b);
    free(pc->valid);
    free(pc->placed);
    free(pc->tn);
    free(pc->bn);
    free(pc->tcap);
    free(pc->bcap);
    free(pc->rstart);
    free(pc->rev);
    free(pc);
}

/* NULL (no cache: every closure tried each time, as before) with
 * candidate sites, or out of memory. */
static jh_ph_cache *cache_new(jh_ph *p)
{
    if (p->n_sites > 0)
        return NULL;
    size_t ns = p->ns;
    jh_ph_cache *pc = calloc(1, sizeof *pc);
    if (!pc || !(pc->valid = calloc(ns + 1, sizeof *pc->valid)) ||
        !(pc->placed = calloc(ns + 1, sizeof *pc->placed)) || !(pc->ts = calloc(ns + 1, sizeof *pc->ts)) ||
        !(pc->bs = calloc(ns + 1, sizeof *pc->bs)) || !(pc->tn = calloc(ns + 1, sizeof *pc->tn)) ||
        !(pc->bn = calloc(ns + 1, sizeof *pc->bn)) || !(pc->tcap = calloc(ns + 1, sizeof *pc->tcap)) ||
        !(pc->bcap = calloc(ns + 1, sizeof *pc->bcap)))
        goto fail;
    if (!jh_ph_near_reverse(p, &pc->rstart, &pc->rev))
        goto fail;
    return pc;
fail:
    cache_free(pc, ns);
    return NULL;
}

static bool keep_seq(double **to, size_t *n, size_t *cap, const double *from, size_t m)
{
    if (m > *cap) {
        double *g = realloc(*to, m * sizeof *g);
        if (!g)
            return false;
        *to = g;
        *cap = m;
    }
    if (m)
        memcpy(*to, from, m * sizeof *from);
    *n = m;
    return true;
}

/* try_close(p, i) as the greedy step sees it: whether it succeeds and the
 * travel it gives (*t), from the cache when still valid. */
static bool cached_try(jh_ph *p, jh_ph_cache *pc, size_t i, double *t)
{
    for (int y = 0; y < p->ny; y++)
        if (p->cm.add[i * (size_t)p->ny + y] > 1e-9) {
            p->evals++;
            return false;
        }
    if (!pc->valid[i]) {
        pc->rec = true;
        pc->rec_oom = false;
        pc->nt = pc->nb = 0;
        bool ok = try_close(p, i);
        pc->rec = false;
        *t = p->w.travel;
        pc->placed[i] = pc->placed_last;
        pc->valid[i] = !pc->rec_oom && keep_seq(&pc->ts[i], &pc->tn[i], &pc->tcap[i], pc->t, pc->nt) &&
                       keep_seq(&pc->bs[i], &pc->bn[i], &pc->bcap[i], pc->b, pc->nb);
        return ok;
    }
    p->evals++;
    if (!pc->placed[i])
        return false;
    double tr = p->cm.travel, by = p->cm.beyond;
    for (size_t k = 0; k < pc->tn[i]; k++)
        tr += pc->ts[i][k];
    for (size_t k = 0; k < pc->bn[i]; k++)
        by += pc->bs[i][k];
    *t = tr;
    return !(p->total0 > 0 && by / p->total0 > p->share_cap + 1e-12);
}

static void cache_invalidate_school(jh_ph_cache *pc, size_t f)
{
    pc->valid[f] = false;
    for (size_t q = pc->rstart[f]; q < pc->rstart[f + 1]; q++)
        pc->valid[pc->rev[q]] = false;
}

/* commit_close through the cache: what the closure changes (the schools
 * in its undo log, and i) invalidates the tries that could see them. */
static void cache_commit(jh_ph *p, jh_ph_cache *pc, size_t i)
{
    try_close(p, i);
    if (!p->w_synced)
        memset(pc->valid, 0, p->ns * sizeof *pc->valid);
    else {
        cache_invalidate_school(pc, i);
        for (size_t t = 0; t < p->n_undo; t++) {
            const jh_ph_undo *u = &p->undo[t];
            if (u->what == JH_PH_ADD)
                cache_invalidate_school(pc, u->at / (size_t)p->ny);
            else if (u->what == JH_PH_BEDS)
                cache_invalidate_school(pc, u->at);
        }
    }
    p->flip[i] = true;
    p->rank[i] = p->next_rank++;
    w_commit(p);
}

/* Steps 1-3: the distance layout, committed in p->flip / p->cm; `mand`
 * gets the closures under min_students. */
static void distance_layout(jh_ph *p, bool *mand, int open_now)
{
    const jh_consolidation_request *q = &p->sc->consolidation;
    /* 1. candidate sites, best first, while one lowers travel */
    for (int it = 0; p->n_sites > 0 && !time_up(p); it++) {
        int pick = -1;
        double pick_t = p->cm.travel - 1e-9;
        for (size_t s = 0; s < p->n_sites; s++) {
            int f = p->sites[s];
            if (!p->flip[f] && try_toggle(p, (size_t)f) && p->w.travel < pick_t) {
                pick_t = p->w.travel;
                pick = f;
            }
        }
        if (pick < 0)
            break;
        commit_toggle(p, (size_t)pick);
        show(p, "new schools", it + 1, p->cm.travel);
    }
    /* 2. schools under min_students, smallest first, when placeable */
    int *order = malloc((p->ns + 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; order && i < p->ns; i++)
        if (p->closable[i] && p->load[i * p->ny] < p->min_students)
            order[n++] = (int)i;
    if (order)
        qsort_r(order, n, sizeof *order, by_load, p);
    for (int pass = 0; order && pass < 2 && !time_up(p); pass++)
        for (size_t k = 0; k < n && !time_up(p); k++) {
            size_t i = (size_t)order[k];
            if (!p->flip[i] && try_close(p, i))
                commit_close(p, i);
            if (k % 64 == 0)
                show(p, "schools under min_students", (int)k, p->cm.travel);
        }
    free(order);
    memcpy(mand, p->flip, p->ns * sizeof *mand);
    for (size_t s = 0; s < p->n_sites; s++)
        mand[p->sites[s]] = false;
    /* 3. how many more: keep / close_at_most exactly, max_distance as many as fit */
    int n_closed = count_closed(p, p->flip), target = n_closed;
    if (q->keep > 0)
        target = open_now + count_opened(p, p->flip) - q->keep;
    else if (q->close_at_most >= 0)
        target = q->close_at_most;
    else if (q->max_distance_km > 0)
        target = open_now;
    if (n_closed < target && exact_closures(p, target - n_closed))
        return;
    jh_ph_cache *pc = n_closed < target ? cache_new(p) : NULL;
    p->cache = pc;
    for (int it = 0; n_closed < target && !time_up(p); it++) {
        int pick = -1;
        double pick_t = INFINITY, t;
        for (size_t i = 0; i < p->ns; i++) {
            if (!p->closable[i] || p->flip[i])
                continue;
            bool ok = pc ? cached_try(p, pc, i, &t) : try_close(p, i);
            if (!pc)
                t = p->w.travel;
            if (ok && t < pick_t) {
                pick_t = t;
                pick = (int)i;
            }
        }
        if (pick < 0)
            break;
        if (pc)
            cache_commit(p, pc, (size_t)pick);
        else
            commit_close(p, (size_t)pick);
        n_closed++;
        show(p, "closures", it + 1, p->cm.travel);
    }
    p->cache = NULL;
    cache_free(pc, p->ns);
}

/* Step 4's local search on the estimate, from the committed layout, within
 * `limit` closures; at most `budget` evaluations. */
static void balance_search(jh_ph *p, const bool *mand, int limit, long budget)
{
    double cur = jh_ph_estimate(p, &p->cm, p->flip);
    int n_closed = count_closed(p, p->flip);
    long start = p->evals;
    for (int round = 0; round < 50 && !time_up(p) && p->evals - start < budget; round++) {
        int pick = -1;
        double pick_s = cur - 1e-9;
        for (size_t i = 0; i < p->ns && p->evals - start < budget; i++) {
            if (!(p->closable[i] || p->site[i]) || mand[i])
                continue;
            if (!p->site[i] && !p->flip[i] && n_closed + 1 > limit)
                continue;
            double s = INFINITY;
            if (try_toggle(p, i)) {
                /* the estimate reads the toggled layout */
                p->flip[i] = !p->flip[i];
                s = jh_ph_estimate(p, &p->w, p->flip);
                p->flip[i] = !p->flip[i];
            }
            if (s < pick_s) {
                pick_s = s;
                pick = (int)i;
            }
        }
        if (pick < 0)
            break;
        if (!p->site[pick])
            n_closed += p->flip[pick] ? -1 : 1;
        commit_toggle(p, (size_t)pick);
        cur = pick_s;
        show(p, "balance search", round + 1, cur);
    }
}

static void drop_measured(jh_run_result *measured, jh_scenario **measured_plan)
{
    if (!measured || !*measured_plan)
        return;
    jh_run_result_free(measured);
    jh_scenario_free(*measured_plan);
    free(*measured_plan);
    *measured_plan = NULL;
}

jh_status jh_consolidation_phased(const jh_scenario *sc, const jh_county *state,
                                  const jh_run_result *base, jh_consolidation_result *res,
                                  jh_scenario *plan, bool progress, jh_run_result *measured,
                                  jh_scenario **measured_plan, jh_error *err)
{
    if (measured) {
        memset(measured, 0, sizeof *measured);
        *measured_plan = NULL;
    }
    const jh_consolidation_request *q = &sc->consolidation;
    jh_ph p;
    jh_status st = setup(&p, sc, state, base, err);
    p.progress = progress;
    bool *dist = calloc(p.ns + 1, sizeof *dist), *mand = calloc(p.ns + 1, sizeof *mand);
    bool *best = calloc(p.ns + 1, sizeof *best);
    if (st == JH_OK && (!dist || !mand || !best))
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
    int open_now = 0;
    for (size_t i = 0; st == JH_OK && i < p.ns; i++)
        open_now += jh_school_takes_students(&state->schools[i], p.L);
    if (st == JH_OK)
        distance_layout(&p, mand, open_now);
    if (st == JH_OK) {
        memcpy(dist, p.flip, p.ns * sizeof *dist);
        memcpy(best, p.flip, p.ns * sizeof *best);
    }
    if (st == JH_OK && q->objective == JH_OBJ_BALANCE) {
        int n_mand = count_closed(&p, mand), n_dist = count_closed(&p, dist);
        int limit = n_dist > n_mand ? n_dist : n_mand;
        /* the budget grows with the county: 50 rounds of every toggle on a
         * small one, 4 rounds' worth on a large one */
        long toggles = 0;
        for (size_t i = 0; i < p.ns; i++)
            toggles += (p.closable[i] || p.site[i]) && !mand[i];
        long budget = toggles <= 500 ? 50 * toggles : 4 * toggles;
        balance_search(&p, mand, limit, budget);
        /* the simulation decides among: the search's layout, the distance
         * layout, the mandatory closures; else nothing */
        bool *none = calloc(p.ns + 1, sizeof *none);
        const bool *options[3] = {p.flip, dist, mand};
        jh_ph_measure m0, m, bm = {0};
        bool chosen = false;
        if (!none)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        if (st == JH_OK)
            jh_ph_measure_run(&p, base, &m0);
        bool *cand = malloc((p.ns + 1) * sizeof *cand);
        if (st == JH_OK && !cand)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        if (cand)
            memcpy(cand, p.flip, p.ns * sizeof *cand);
        options[0] = cand;
        for (int k = 0; st == JH_OK && k < 3; k++) {
            bool same = false;
            for (int j = 0; j < k; j++)
                same |= memcmp(options[k], options[j], p.ns * sizeof(bool)) == 0;
            if (same)
                continue;
            show(&p, "simulating a candidate plan", k + 1, chosen ? bm.cv : m0.cv);
            jh_scenario *ks = NULL;
            jh_run_result kr;
            st = jh_ph_simulate(&p, options[k], &m, &ks, &kr, err);
            double sm = m.cv + (double)(m.counted - m.compliant) / fmax(1, m.counted);
            double sb = bm.cv + (double)(bm.counted - bm.compliant) / fmax(1, bm.counted);
            if (st == JH_OK && m.ok && m.cv < m0.cv - 1e-12 && m.compliant >= m0.compliant &&
                (!chosen || sm < sb)) {
                memcpy(best, options[k], p.ns * sizeof *best);
                bm = m;
                chosen = true;
                /* the best so far is kept: it is the plan's own run */
                drop_measured(measured, measured_plan);
                if (measured) {
                    *measured = kr;
                    *measured_plan = ks;
                    ks = NULL;
                }
            }
            if (ks) {
                jh_run_result_free(&kr);
                jh_scenario_free(ks);
                free(ks);
            }
        }
        if (!chosen)
            drop_measured(measured, measured_plan);
        if (st == JH_OK && !chosen)
            memcpy(best, none, p.ns * sizeof *best);
        free(none);
        free(cand);
    }
    if (p.progress)
        fprintf(stderr, "\r\033[K");
    /* the answer (with two-level schools' other level placed: the plan
     * then differs from the one the search measured) */
    int *vto = NULL, *sto = NULL;
    bool changed = false;
    if (st == JH_OK && q->capacity_enforce)
        st = jh_ph_other_level(&p, best, base, res, &vto, &sto, &changed, err);
    if (changed)
        drop_measured(measured, measured_plan);
    if (st == JH_OK && !jh_ph_place(&p, best))
        st = jh_error_set(err, JH_ERR_RUN, "consolidation: the chosen layout cannot be placed");
    if (st == JH_OK && (jh_ph_write(&p, &p.w, best, plan) != 0 || (vto && jh_ph_other_write(&p, vto, sto, plan) != 0)))
        st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation plan)");
    free(vto);
    free(sto);
    if (st == JH_OK) {
        res->kept = calloc(p.ns + 1, sizeof *res->kept);
        res->closed = calloc(p.ns + 1, sizeof *res->closed);
        if (!res->kept || !res->closed)
            st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        /* students x cost in the plan year, as placed */
        double obj = 0;
        for (size_t k = 0; k < p.nc; k++) {
            double d0 = p.dem[k * (size_t)p.ny];
            if (p.w.to_new[k] >= 0) {
                double m = p.frac[0] * d0;
                obj += m * jh_ph_cost(&p, p.origin[k], p.w.to_new[k]) + (d0 - m) * p.d0[k];
            } else if (p.w.assign[k] >= 0)
                obj += d0 * (p.w.assign[k] == p.cur[k] ? p.d0[k] : jh_ph_cost(&p, p.origin[k], p.w.assign[k]));
        }
        res->objective = obj;
        for (size_t i = 0; st == JH_OK && i < p.ns; i++) {
            bool opened = jh_ph_opened(&p, best, i);
            if (!opened && !jh_school_takes_students(&state->schools[i], p.L))
                continue;
            bool closed = jh_ph_closed(&p, best, i);
            char ***list = closed ? &res->closed : &res->kept;
            size_t *n = closed ? &res->n_closed : &res->n_kept;
            if (!((*list)[(*n)++] = strdup(state->schools[i].id)))
                st = jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)");
        }
        res->seconds = elapsed(&p);
    }
    if (st != JH_OK)
        drop_measured(measured, measured_plan);
    free(dist);
    free(mand);
    free(best);
    ph_free(&p);
    return st;
}
