/*
 * consolidation_ph.h: the constrained consolidation model shared by
 * consolidation_phased.c (placement and search) and
 * consolidation_layout.c (the indicator estimate, plan.yaml entries and
 * the simulation that measures a candidate layout). Internal to
 * engine/optimise.
 *
 * A layout is one flag per school (`flip`): for an existing school, closed;
 * for a candidate site, opened. Clients are the origins (villages, or a
 * school's own site for students whose village is not known) with students
 * of the level in the plan year, each with its school doing nothing.
 */
#ifndef JH_CONSOLIDATION_PH_H
#define JH_CONSOLIDATION_PH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "optimise/consolidation.h"

#define JH_PH_NEAR 64 /* receivers tried per client, nearest first */

/* Where everyone goes under one layout, against doing nothing. */
typedef struct jh_ph_layout {
    double *add;       /* school x ny: students gained (negative: lost) */
    double *beds_used; /* school: boarding beds taken by students sent beyond the limit */
    int *assign;       /* client -> school (its own when it does not move) */
    int *to_new;       /* client -> the new school its entrants go to, -1 */
    double beyond;     /* students beyond the distance limit, plan year */
    double travel;     /* added student-years x cost over the horizon */
    bool ok;
} jh_ph_layout;

/* One change to the working layout while a closure is tried: array `what`
 * (JH_PH_ADD, _BEDS, _ASSIGN, _TO_NEW) at `at`, the value before. */
enum { JH_PH_ADD, JH_PH_BEDS, JH_PH_ASSIGN, JH_PH_TO_NEW };
typedef struct jh_ph_undo {
    unsigned char what;
    size_t at;
    double old;               /* an int of assign / to_new fits exactly */
} jh_ph_undo;

typedef struct jh_ph {
    const jh_scenario *sc;
    const jh_county *c;
    jh_level L;
    int y0, ny;           /* plan year index in the run, years evaluated */
    size_t ns, nc;
    int *origin;          /* client -> origin */
    int *cur;             /* client -> school doing nothing (-1 none) */
    double *d0;           /* client -> cost to that school */
    double *dem;          /* client x ny */
    double *load;         /* school x ny: doing nothing, level L */
    double *other;        /* school x ny: the other level */
    double *cap;          /* school: places (1e15 unlimited) */
    double *size_max;
    bool *receiver;       /* an open school that may receive */
    bool *closable;
    bool *fixed;
    bool *site;           /* a candidate site */
    bool *site_receiver;  /* ... that may receive once open */
    double *beds;         /* free boarding beds (junior) */
    size_t *cstart;       /* school -> its clients: cl[cstart[i] .. cstart[i+1]) */
    int *cl;
    int *near;            /* client x JH_PH_NEAR: receivers by cost, -1 ends */
    double *near_d;
    int *sites;           /* the candidate sites */
    size_t n_sites;
    double *frac;         /* year -> share of the level's students who entered
                             since the plan year (1 with phasing: all) */
    double limit_m;       /* distance limit, cost units */
    double max_m;         /* max_distance_km, cost units (inf) */
    double beyond0, total0;
    double share_cap;
    int min_students;
    /* the search */
    bool *flip;
    int *rank;            /* order in which schools closed (placement order) */
    int next_rank;
    jh_ph_layout w, cm;   /* working, committed */
    /* The undo log of a tried closure: while w_synced, w is cm with the
     * logged changes made, so a refused closure is rolled back (and an
     * accepted one committed) entry by entry instead of copying the whole
     * layout per try. jh_ph_place rewrites w whole: w_synced false. */
    jh_ph_undo *undo;
    size_t n_undo, undo_cap;
    bool w_synced, logging;
    struct jh_ph_cache *cache; /* step 3's closures tried (consolidation_phased.c) */
    long evals;
    struct timespec t0;
    bool progress, out_of_time;
} jh_ph;

static inline bool jh_ph_closed(const jh_ph *p, const bool *flip, size_t i)
{
    return flip[i] && !p->site[i];
}

static inline bool jh_ph_opened(const jh_ph *p, const bool *flip, size_t i)
{
    return flip[i] && p->site[i];
}

/* Cost from an origin to a school (od table, else straight line). */
double jh_ph_cost(const jh_ph *p, int origin, int school);

/* consolidation_near.c: the receivers (recv: school indexes) in a
 * spatial index (spatial_index.h) whose points are recv positions. */
typedef struct jh_ph_grid {
    struct jh_spatial_index *ix;
    double *x, *y;        /* by recv position */
} jh_ph_grid;

/* False (no grid) when there is no receiver or no memory. */
bool jh_ph_grid_build(jh_ph_grid *g, const jh_county *c, const int *recv, size_t n_recv);
void jh_ph_grid_free(jh_ph_grid *g);
/* Client k's JH_PH_NEAR cheapest possible receivers within max_m into
 * p->near / p->near_d (-1 ends a short list), ties by recv order: by a
 * scan of every receiver, or through the grid (straight-line costs only;
 * the same list). */
void jh_ph_near_list(jh_ph *p, size_t k, const int *recv, size_t n_recv);
void jh_ph_near_list_grid(jh_ph *p, size_t k, const int *recv, const jh_ph_grid *g);
/* The reverse of the near lists: for each school f, the closable schools
 * with a client that lists f (each once, by index), in
 * rev[rstart[f] .. rstart[f + 1]). False when out of memory. */
bool jh_ph_near_reverse(const jh_ph *p, size_t **rstart, int **rev);

/* Places everyone under `flip` into p->w (closures in rank order). */
bool jh_ph_place(jh_ph *p, const bool *flip);

/* Mean CV of the standard's indicators plus the share of non-compliant
 * counted schools in the final year, for layout `l` (students as placed,
 * teachers of closed schools following their students). */
double jh_ph_estimate(const jh_ph *p, const jh_ph_layout *l, const bool *flip);

/* Adds the layout's closures, builds and the catchment entries that change
 * to `plan`. 0, or -1 out of memory. */
int jh_ph_write(const jh_ph *p, const jh_ph_layout *l, const bool *flip, jh_scenario *plan);

/* The simulation's measure of a run from the plan year: mean quality (or
 * basic) CV and compliant schools of the level, final year or mean. */
typedef struct jh_ph_measure {
    double cv;
    int compliant, counted;
    bool ok;
} jh_ph_measure;

void jh_ph_measure_run(const jh_ph *p, const jh_run_result *r, jh_ph_measure *m);

/* Runs the scenario with layout `flip` (placed into p->w) and measures
 * it. The plan scenario (named NAME-plan, as junheng optimise names it)
 * and its run go to *plan_out and *run_out, the caller's to free (the run
 * first). */
jh_status jh_ph_simulate(jh_ph *p, const bool *flip, jh_ph_measure *m, jh_scenario **plan_out,
                         jh_run_result *run_out, jh_error *err);

/* With capacities enforced, after the search: the other level's students
 * of the two-level schools `flip` closes get places at schools of that
 * level only, checked in every year from the plan year
 * (consolidation_other.h, base's flows); a school whose students do not
 * fit is kept open (flip[i] false, a note in res->notes). *vto / *sto: the
 * receivers, for jh_ph_other_write; *changed: the plan differs from the
 * search's. */
jh_status jh_ph_other_level(const jh_ph *p, bool *flip, const jh_run_result *base,
                            jh_consolidation_result *res, int **vto, int **sto, bool *changed,
                            jh_error *err);
int jh_ph_other_write(const jh_ph *p, const int *vto, const int *sto, jh_scenario *plan);

#endif
