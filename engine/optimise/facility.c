/*
 * facility: the solver's entry point — validates the caller's problem,
 * turns the mode (keep p / close at most N / cover within max_cost) into
 * one or more searches with p open, runs the heuristics of the table below
 * on each (starts, then a local search, then the meta-heuristic), and
 * writes the answer back in the caller's indices with a Lagrangian lower
 * bound.
 *
 * Adding a heuristic: write fac_<name>.c defining a fac_heuristic
 * (fac_internal.h) and add it to `heuristics` below.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "fac_capchain.h"
#include "fac_capexact.h"
#include "fac_capsplit.h"

static const fac_heuristic *const heuristics[] = {
    &fac_heur_capdrop,
    &fac_heur_greedy_add,
    &fac_heur_greedy_drop,
    &fac_heur_swap,
    &fac_heur_capswap,
    &fac_heur_vns,
};
#define N_HEUR (sizeof heuristics / sizeof heuristics[0])

/* Kicks of the final assignment polish (capacitated). */
#define FAC_POLISH_KICKS 300
/* Work (pairs looked at) per client of the final ejection chains. */
#define FAC_CHAIN_WORK 4000L
/* Work of the split fallback (pairs its augmenting paths look at) per
 * client. */
#define FAC_SPLIT_WORK 20000L
/* Work (pairs visited, knapsack cells) of the bound and branch-and-bound. */
#define FAC_CERTIFY_WORK 150000000L
/* The same for the proof before the meta-heuristic of an uncapacitated
 * problem up to FAC_CERTIFY_EARLY_MAX: a few open among 700-900 (the
 * p = 5 graphs of gen_orlib_like.py, an LP gap of 1-1.5%) need a tree of
 * 100-150 nodes, 170-180 million pairs visited (about 0.5 s), to close; a
 * proof that closes spares the meta-heuristic, and when it does not, its
 * bound stands for the final one (no second tree). */
#define FAC_CERTIFY_WORK_UNCAP 300000000L
/* Clients and facilities up to which the proof is also tried before the
 * meta-heuristic (and spares it when it closes). */
#define FAC_CERTIFY_EARLY_MAX 1000
/* Capacitated, up to FAC_CERTIFY_EARLY_MAX: the layouts kept for an exact
 * assignment (fac_pool.c), how far above the cheapest one may be, and the
 * work of each one's exact assignment. */
#define FAC_POOL_K 16
#define FAC_POOL_MARGIN 0.02
#define FAC_POOL_WORK 2000000L
/* Capacitated benchmark-sized problems whose early proof did not close:
 * after the local search from each pool layout, the meta-heuristic gets
 * this fraction of the budget. */
#define FAC_POOL_META_DIV 4
/* Capacitated: the final proof runs again only when the search lowered
 * the early proof's incumbent by at least this fraction (1/4) of its gap
 * (pmedcapg_11: 1055 -> 1046 against a gap of 23, the second tree finds
 * 1040 and proves it). */
#define FAC_REPROVE_DIV 4
/* The same problems, after the pool's exact assignments: the
 * large-neighbourhood search (fac_lns.c) frees FAC_LNS_K open facilities
 * at a time, with each of their clients' FAC_LNS_NEAR cheapest sites as
 * candidates, FAC_LNS_WORK of branch-and-bound work per region (less and
 * the restricted root's ascent stops short: 3 million misses 14's and
 * 17's optima), FAC_LNS_REGIONS regions in all (17 needs 207). */
#define FAC_LNS_K 3
#define FAC_LNS_NEAR 2
#define FAC_LNS_WORK 5000000L
#define FAC_LNS_REGIONS 300
/* Capacitated benchmark-sized problems, before the early proof: a short
 * proof (FAC_SCOUT_WORK: the easy ones close in it, and its tree's relaxed
 * layouts fill the pool), the local search from the pool's layouts, then
 * a proof of FAC_SCOUT_PROOF_WORK from the best layout found. The
 * heuristics' layout is often far from the optimum (pmedcap1_8: 839
 * against 820, pmedcap1_17: 1049 against 1034) and a tree from a dear
 * incumbent prunes little: from 839 pmedcap1_8 needs 3,677 nodes (295
 * million of work), from the 822 the descents reach 2,609, from 820 1,829
 * (159 million); pmedcap1_17 from 1034 607 nodes (220 million). The
 * descents run only when the short proof leaves a gap above FAC_SCOUT_GAP
 * (a smaller one: the heuristics' layout is likely near the optimum, and
 * the early proof from it closes sooner; pmedcap1_12 from 968 in 128
 * million, from the descents' 966 in 163). When that proof does not close, the
 * search starts again from the heuristics' layout as if it had not run
 * (the same steps, the same answer), and keeps its layout only when
 * cheaper than the search's. */
#define FAC_SCOUT_WORK 20000000L
#define FAC_SCOUT_GAP 0.01
#define FAC_SCOUT_PROOF_WORK 250000000L
/* After the scout's descents, each open site swapped for the
 * FAC_XSWAP_PER_SITE closed sites nearest its clients, each layout priced
 * exactly (fac_capexact.c, FAC_POOL_WORK each), at most FAC_XSWAP_ROUNDS
 * scans: real pmedcap1_20's optimum 1005 is one swap from the descents'
 * 1007 but priced 1025 by the heuristic assignment (with 3 per site it is
 * found too; 6 cost 0.01-0.03 s on the 100-point instances). */
#define FAC_XSWAP_PER_SITE 6
#define FAC_XSWAP_ROUNDS 5

void jh_facility_solution_free(jh_facility_solution *s)
{
    if (!s)
        return;
    free(s->open);
    free(s->assign);
    free(s->part_client);
    free(s->part_facility);
    free(s->part_demand);
    memset(s, 0, sizeof *s);
}

static jh_status validate(const jh_facility_problem *pr, jh_error *err)
{
    const char *w = "facility problem";
    size_t nc = pr->n_clients, nf = pr->n_facilities;
    if (nf == 0)
        return jh_error_set(err, JH_ERR_INPUT, "%s: no facilities", w);
    if (nf > (size_t)1 << 30 || nc > (size_t)1 << 30)
        return jh_error_set(err, JH_ERR_INPUT, "%s: too many clients or facilities", w);
    if (nc > 0 && (!pr->demand || !pr->start || !pr->facility || !pr->cost))
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: demand, start, facility and cost must be given", w);
    if (nc > 0 && pr->start[0] != 0)
        return jh_error_set(err, JH_ERR_INPUT, "%s: start[0] must be 0", w);
    size_t *seen = calloc(nf, sizeof *seen);
    if (!seen)
        return jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
    jh_status st = JH_OK;
    for (size_t c = 0; c < nc && st == JH_OK; c++) {
        double d = pr->demand[c];
        if (!isfinite(d) || d < 0) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: client %zu: demand: expected a finite number >= 0, got %g", w, c, d);
            break;
        }
        if (pr->start[c + 1] < pr->start[c]) {
            st = jh_error_set(err, JH_ERR_INPUT, "%s: client %zu: start must not decrease", w, c);
            break;
        }
        for (size_t q = pr->start[c]; q < pr->start[c + 1]; q++) {
            int f = pr->facility[q];
            double x = pr->cost[q];
            if (f < 0 || (size_t)f >= nf) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: pair %zu: facility %d out of range 0..%zu",
                                  w, c, q - pr->start[c], f, nf - 1);
                break;
            }
            if (!isfinite(x) || x < 0) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: facility %d: cost: expected a finite number >= 0, got %g",
                                  w, c, f, x);
                break;
            }
            if (q > pr->start[c] && x < pr->cost[q - 1]) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: costs must ascend (facility %d)", w, c, f);
                break;
            }
            if (seen[f] == c + 1) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: facility %d listed twice", w, c, f);
                break;
            }
            seen[f] = c + 1;
        }
    }
    free(seen);
    if (st != JH_OK)
        return st;
    for (size_t f = 0; f < nf; f++) {
        if (pr->capacity && (!isfinite(pr->capacity[f]) || pr->capacity[f] < 0))
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: facility %zu: capacity: expected a finite number >= 0, got %g",
                                w, f, pr->capacity[f]);
        if (pr->fixed && pr->fixed[f] && pr->allowed && !pr->allowed[f])
            return jh_error_set(err, JH_ERR_INPUT,
                                "%s: facility %zu: fixed (must stay open) but not allowed to open", w, f);
    }
    if (pr->mode != JH_FACILITY_KEEP && pr->mode != JH_FACILITY_CLOSE_AT_MOST
        && pr->mode != JH_FACILITY_MAX_COST)
        return jh_error_set(err, JH_ERR_INPUT, "%s: mode: unknown (%d)", w, (int)pr->mode);
    if (pr->mode == JH_FACILITY_MAX_COST && !(pr->max_cost > 0 && isfinite(pr->max_cost)))
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: max_cost: expected a number > 0, got %g", w, pr->max_cost);
    if (pr->mode == JH_FACILITY_CLOSE_AT_MOST && pr->close_at_most < 0)
        return jh_error_set(err, JH_ERR_INPUT,
                            "%s: close_at_most: expected a number >= 0, got %d", w, pr->close_at_most);
    return JH_OK;
}

/* One search with p open: starts, local search, meta-heuristic. */
typedef struct run_out {
    double best;
    long iters;
    bool timed_out;
    long certify;             /* work for a proof before the meta-heuristic, 0 = none */
    double proven_lb;         /* that proof's bound when it closed the gap, else -1 */
    long nodes;
    /* That proof when it did not close the gap: its p (-1 = none), its
     * bound, and the incumbent it started from and ended with. The final
     * proof would repeat it step for step when the incumbent is the same
     * and the search found nothing better, so its bound is reused. */
    int early_p;
    double early_lb, early_ub0, early_ub1;
    bool scout;               /* the scout may run (the default proof budget) */
} run_out;

/* The best layout and its assignment, just replaced by an exact
 * assignment (the pool's, the exact swaps'), priced and made the current
 * one too. */
static void best_made_current(fac_search *s)
{
    s->best = s->best_cap.total;
    fac_rw_set(&s->rw, s->best_open);
    fac_cap_copy(&s->cur_cap, &s->best_cap, s->in);
    s->cur = s->best;
}

/* The pool's layouts with exact assignments; a better one becomes the
 * search's best and current layout. */
static bool pool_exact(fac_search *s)
{
    if (!fac_pool_exact(s->pool, s->in, s->p, FAC_POOL_MARGIN, FAC_POOL_WORK,
                        s->best_open, &s->best_cap, s->capw))
        return false;
    best_made_current(s);
    return true;
}

/* The local search from each layout of the pool but the best (the
 * tree's and the Lagrangian steps' layouts among them: other basins than
 * the heuristics' start), before the meta-heuristic. */
static void pool_descend(fac_search *s)
{
    const fac_inst *in = s->in;
    fac_pool *P = s->pool;
    int n = P->n;
    bool *starts = malloc((size_t)n * in->nf * sizeof *starts);
    if (!starts)
        return;
    memcpy(starts, P->open, (size_t)n * in->nf * sizeof *starts);
    for (int i = 0; i < n && !fac_search_spent(s); i++) {
        const bool *L = starts + (size_t)i * in->nf;
        if (memcmp(L, s->best_open, in->nf * sizeof *L) == 0)
            continue;
        fac_rw_set(&s->rw, L);
        fac_local_search(s);
    }
    free(starts);
    fac_rw_set(&s->rw, s->best_open);
    fac_search_eval(s);
}

/* The large-neighbourhood search (fac_lns.c) from the best layout, then
 * from each pool layout within FAC_POOL_MARGIN of the cheapest (other
 * basins: pmedcapg_14's optimum 1033 is reached from its second and
 * fifth, 17's 1097 from its fifteenth), FAC_LNS_REGIONS regions in all;
 * the cheapest layout found becomes the search's best. */
static void lns_pool(fac_search *s)
{
    const fac_inst *in = s->in;
    size_t nf = in->nf;
    fac_pool *P = s->pool;
    fac_lns_memo *M = fac_lns_memo_new(nf, P->k + 1);
    bool *o = malloc(nf * sizeof *o);
    if (!M || !o)
        goto done;
    int left = FAC_LNS_REGIONS;
    double limit = P->cost[0] * (1 + FAC_POOL_MARGIN);
    for (int i = -1; i < P->n && left > 0 && (i < 0 || P->cost[i] <= limit); i++) {
        if (i < 0) {
            memcpy(o, s->best_open, nf * sizeof *o);
            fac_cap_copy(&s->cur_cap, &s->best_cap, in);
        } else {
            memcpy(o, P->open + (size_t)i * nf, nf * sizeof *o);
            fac_cap_assign(in, o, &s->cur_cap, s->capw);
            if (s->cur_cap.unassigned || s->cur_cap.over > 1e-9)
                continue;
        }
        left -= fac_lns(in, s->p, o, &s->cur_cap, s->capw, FAC_LNS_K, FAC_LNS_NEAR,
                        FAC_LNS_WORK, left, M);
        if (s->cur_cap.unassigned == 0 && s->cur_cap.over <= 1e-9
            && s->cur_cap.cost < s->best_cap.cost - fac_eps(s->best_cap.cost)) {
            memcpy(s->best_open, o, nf * sizeof *o);
            fac_cap_copy(&s->best_cap, &s->cur_cap, in);
            s->best = s->best_cap.total;
        }
    }
done:
    free(o);
    fac_lns_memo_free(M);
    fac_rw_set(&s->rw, s->best_open);
    fac_cap_copy(&s->cur_cap, &s->best_cap, in);
    s->cur = s->best;
}

/* The search's layout after a proof (fac_certify may have replaced
 * best_open and best_cap): current = best, as the early proof leaves it. */
static void after_proof(fac_search *s)
{
    fac_rw_set(&s->rw, s->best_open);
    fac_search_eval(s);
    if (s->cur_cap.total > s->best_cap.total)
        fac_cap_copy(&s->cur_cap, &s->best_cap, s->in);
    s->cur = s->cur_cap.total;
    s->best = s->cur;
}

/* One proof of the scout from the search's best layout (feasible, its
 * assignment s->best_cap): true when it closes, *lb the bound. The
 * pool's exact assignments may meet the bound too. With give_up, a tree
 * whose progress says it would not close stops early (fac_bnb.c). */
static bool scout_certify(fac_search *s, long work, bool give_up, double deadline, run_out *ro,
                          double *lb)
{
    /* the cost summed afresh: the tree's steps aim at it, and a sum
     * carried through the moves can differ in its last bits */
    fac_cap_recount(s->in, s->best_open, &s->best_cap);
    double ub = s->best_cap.cost;
    long nodes = 0;
    *lb = (give_up ? fac_certify_or_give_up : fac_certify)(s->in, s->p, true, s->best_open, &ub,
                                                           &s->best_cap, s->capw, work, deadline,
                                                           &nodes, s->pool);
    ro->nodes += nodes;
    after_proof(s);
    if (*lb >= ub - fac_eps(ub))
        return true;
    return pool_exact(s) && *lb >= s->best_cap.cost - fac_eps(s->best_cap.cost);
}

/* The search's state the scout changes, to start again as if it had not
 * run. */
typedef struct scout_save {
    bool *best_open;
    fac_cap best_cap;
    double best;
    long iters;
    bool timed_out;
    gsl_rng *rng;
    fac_pool *pool;
} scout_save;

static void scout_save_free(scout_save *v)
{
    free(v->best_open);
    fac_cap_free(&v->best_cap);
    if (v->rng)
        gsl_rng_free(v->rng);
    fac_pool_free(v->pool);
    memset(v, 0, sizeof *v);
}

/* Capacitated benchmark-sized problems, the heuristics' layout feasible,
 * the proof's budget the default (FAC_SCOUT_WORK above): a short proof, the local search from the
 * pool's layouts, the exact swaps from the best layout found (fac_capexact.c), then a proof
 * from the best layout. True when a
 * proof closed: s's best is then optimal (ro's early proof fields set
 * as the early proof sets them). Else false, s as it was before (the
 * same state, the same random numbers to come), and found / found_cap
 * the cheapest layout the scout met; *proof_lb the bound of the proof
 * from it when that proof ran (else -1). Out of memory: false, nothing
 * done (*found_cost INFINITY). */
static bool scout(fac_search *s, double t0, double time_limit, run_out *ro,
                  bool *found, fac_cap *found_cap, double *found_cost, double *proof_lb)
{
    const fac_inst *in = s->in;
    size_t nf = in->nf ? in->nf : 1;
    *found_cost = INFINITY;
    *proof_lb = -1;
    scout_save v;
    memset(&v, 0, sizeof v);
    v.best_open = malloc(nf * sizeof *v.best_open);
    v.rng = gsl_rng_clone(s->rng);
    v.pool = fac_pool_new(in->nf, s->pool->k);
    if (!v.best_open || !v.rng || !v.pool || fac_cap_init(&v.best_cap, in, NULL) != JH_OK) {
        scout_save_free(&v);
        return false;
    }
    memcpy(v.best_open, s->best_open, in->nf * sizeof *v.best_open);
    fac_cap_copy(&v.best_cap, &s->best_cap, in);
    v.best = s->best;
    v.iters = s->iters;
    v.timed_out = s->timed_out;
    fac_pool_copy(v.pool, s->pool);
    double ub0 = s->best_cap.cost, lb;
    bool closed = scout_certify(s, FAC_SCOUT_WORK, false, t0 + time_limit, ro, &lb);
    if (!closed && s->best_cap.cost - lb > FAC_SCOUT_GAP * s->best_cap.cost) {
        pool_descend(s);
        if (s->best_cap.unassigned == 0 && s->best_cap.over <= 1e-9
            && fac_cap_exact_swaps(s->in, s->p, s->best_open, &s->best_cap, s->capw,
                                   FAC_XSWAP_PER_SITE, FAC_POOL_WORK, FAC_XSWAP_ROUNDS))
            best_made_current(s);
        if (s->best_cap.unassigned == 0 && s->best_cap.over <= 1e-9) {
            closed = scout_certify(s, FAC_SCOUT_PROOF_WORK, true, t0 + time_limit, ro, &lb);
            if (!closed)
                *proof_lb = lb;
        }
    }
    if (closed) {
        ro->proven_lb = lb;
        ro->early_p = s->p;
        ro->early_lb = lb;
        ro->early_ub0 = ub0;
        ro->early_ub1 = s->best_cap.cost;
        scout_save_free(&v);
        return true;
    }
    if (s->best_cap.unassigned == 0 && s->best_cap.over <= 1e-9) {
        memcpy(found, s->best_open, in->nf * sizeof *found);
        fac_cap_copy(found_cap, &s->best_cap, in);
        *found_cost = s->best_cap.cost;
    }
    memcpy(s->best_open, v.best_open, in->nf * sizeof *v.best_open);
    fac_cap_copy(&s->best_cap, &v.best_cap, in);
    s->best = v.best;
    s->iters = v.iters;
    s->timed_out = v.timed_out;
    gsl_rng_memcpy(s->rng, v.rng);
    fac_pool_copy(s->pool, v.pool);
    fac_rw_set(&s->rw, s->best_open);
    fac_search_eval(s);
    scout_save_free(&v);
    return false;
}

static jh_status run_search(const fac_inst *in, int p, bool capacitated,
                            unsigned long seed, long budget, double t0,
                            double time_limit, bool *best_open, fac_cap *best_cap,
                            run_out *ro, jh_error *err)
{
    fac_search s;
    memset(&s, 0, sizeof s);
    bool *found = NULL;       /* the scout's layout, when it did not close */
    fac_cap found_cap;
    memset(&found_cap, 0, sizeof found_cap);
    double found_cost = INFINITY;
    bool scout_stands = false;  /* the scout's layout is the answer */
    s.in = in;
    s.p = p;
    s.capacitated = capacitated;
    s.max_iters = budget;
    s.t0 = t0;
    s.time_limit = time_limit;
    s.best = INFINITY;
    jh_status st = fac_rw_init(&s.rw, in, err);
    if (st != JH_OK)
        return st;
    if (!capacitated)
        fac_rw_dense(&s.rw, p);  /* the capacitated swap search reads the sparse rows */
    size_t nf = in->nf ? in->nf : 1;
    s.rng = gsl_rng_alloc(gsl_rng_mt19937);
    s.best_open = calloc(nf, sizeof *s.best_open);
    s.tmp_open = calloc(nf, sizeof *s.tmp_open);
    s.cand_i = malloc(nf * sizeof *s.cand_i);
    s.cand_r = malloc(nf * sizeof *s.cand_r);
    if (!s.rng || !s.best_open || !s.tmp_open || !s.cand_i || !s.cand_r) {
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    gsl_rng_set(s.rng, seed);
    bool small = in->nc <= FAC_CERTIFY_EARLY_MAX && in->nf <= FAC_CERTIFY_EARLY_MAX;
    if (capacitated && small && ro->certify > 0 && in->n_allowed > p) {
        s.pool = fac_pool_new(nf, FAC_POOL_K);
        if (!s.pool) {
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
    }
    if (capacitated) {
        s.capw = fac_cap_work_new(in);
        if (!s.capw) {
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
        if ((st = fac_cap_init(&s.cur_cap, in, err)) != JH_OK
            || (st = fac_cap_init(&s.try_cap, in, err)) != JH_OK
            || (st = fac_cap_init(&s.best_cap, in, err)) != JH_OK
            || (st = fac_cap_init(&s.kick_cap, in, err)) != JH_OK)
            goto done;
    }
    /* Every start, each followed by the local search; on a large
     * capacitated problem the capacity-aware drop alone when it reaches p
     * (the others ignore capacities and start far from feasible). */
    for (size_t h = 0; h < N_HEUR; h++)
        if (heuristics[h]->role == FAC_START && heuristics[h]->applies(&s)
            && !(s.drop_open == p && isfinite(s.best))) {
            heuristics[h]->run(&s);
            for (size_t g = 0; g < N_HEUR; g++)
                if (heuristics[g]->role == FAC_IMPROVE && heuristics[g]->applies(&s))
                    heuristics[g]->run(&s);
        }
    fac_rw_set(&s.rw, s.best_open);
    fac_search_eval(&s);
    ro->proven_lb = -1;
    ro->early_p = -1;
    if (s.pool && ro->scout && ro->certify > 0 && s.cur_cap.unassigned == 0
        && s.cur_cap.over <= 1e-9) {
        found = malloc(nf * sizeof *found);
        if (!found || (st = fac_cap_init(&found_cap, in, err)) != JH_OK) {
            if (!found)
                st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
        double proof_lb;
        scout(&s, t0, time_limit, ro, found, &found_cap, &found_cost, &proof_lb);
        if (proof_lb >= 0 && isfinite(found_cost)) {
            /* The scout's proof, from a layout at least as cheap as the
             * heuristics' and with more work than the early proof, did
             * not close: the early proof would not either (real
             * pmedcap1_14: root bound 971.7 against the optimum 982, no
             * tree of 150 or 250 million closes it; 20: 972.4 against
             * 1005), and the descents it ran are the search's own. Its
             * layout is the answer and its bound the proof's, without
             * the search after it (0.9 s of 1.7 on 14). */
            memcpy(s.best_open, found, in->nf * sizeof *found);
            fac_cap_copy(&s.best_cap, &found_cap, in);
            s.best = s.best_cap.total;
            ro->early_p = p;
            ro->early_lb = proof_lb;
            ro->early_ub0 = ro->early_ub1 = found_cost;
            found_cost = INFINITY;
            scout_stands = true;
        }
    }
    /* Benchmark-sized problems only: on a county the tree cannot close the
     * gap, and the search should start from the heuristics' own layout. */
    if (ro->certify > 0 && small && ro->proven_lb < 0 && !scout_stands) {
        /* Try to prove the layout optimal (or find a better one) before
         * the meta-heuristic: when the proof closes, no search is needed. */
        bool ok = capacitated ? s.cur_cap.unassigned == 0 && s.cur_cap.over <= 1e-9
                              : s.cur < in->U;
        if (ok) {
            double ub = capacitated ? s.cur_cap.cost : s.cur;
            ro->early_ub0 = ub;
            long nodes = 0;
            /* uncapacitated: a tree whose progress says it would not
             * close stops early (fac_bnb.c, FAC_BNB_UNCAP_HOPELESS) */
            double lb = (capacitated ? fac_certify : fac_certify_or_give_up)(
                in, p, capacitated, s.best_open, &ub, capacitated ? &s.best_cap : NULL, s.capw,
                ro->certify, t0 + time_limit, &nodes, s.pool);
            ro->nodes += nodes;
            fac_rw_set(&s.rw, s.best_open);
            fac_search_eval(&s);
            if (capacitated && s.cur_cap.total > s.best_cap.total)
                fac_cap_copy(&s.cur_cap, &s.best_cap, in);
            s.cur = capacitated ? s.cur_cap.total : s.rw.obj;
            s.best = s.cur;
            if (lb >= ub - fac_eps(ub))
                ro->proven_lb = lb;
            ro->early_p = p;
            ro->early_lb = lb;
            ro->early_ub1 = ub;
            /* the layouts the heuristics and the tree priced, assigned
             * exactly: a better one may meet the bound */
            if (s.pool && ro->proven_lb < 0 && pool_exact(&s)
                && lb >= s.best_cap.cost - fac_eps(s.best_cap.cost))
                ro->proven_lb = lb;
        }
    }
    if (scout_stands) {
        /* the large-neighbourhood search from the scout's layout and the
         * pool's (generated pmedcapg_14: 1037 without it, its optimum
         * 1033 with it, in the same time: its regions from a good layout
         * end soon) */
        if (s.pool->n > 0)
            lns_pool(&s);
        goto answer;
    }
    if (s.pool && ro->proven_lb < 0) {
        pool_descend(&s);
        /* the descents reach the basins the meta-heuristic would wander
         * to: it gets the rest of a shorter budget */
        long cut = s.iters + budget / FAC_POOL_META_DIV;
        if (cut < s.max_iters)
            s.max_iters = cut;
    }
    for (size_t h = 0; h < N_HEUR && ro->proven_lb < 0; h++)
        if (heuristics[h]->role == FAC_META && heuristics[h]->applies(&s))
            heuristics[h]->run(&s);
    if (s.pool && ro->proven_lb < 0)
        pool_exact(&s);
    if (s.pool && ro->proven_lb < 0 && s.pool->n > 0)
        lns_pool(&s);
    if (found_cost < s.best_cap.cost - fac_eps(s.best_cap.cost)) {
        /* the scout's layout, cheaper than the search's */
        memcpy(s.best_open, found, in->nf * sizeof *found);
        fac_cap_copy(&s.best_cap, &found_cap, in);
        s.best = s.best_cap.total;
    }
answer:
    memcpy(best_open, s.best_open, in->nf * sizeof *best_open);
    if (capacitated)
        fac_cap_copy(best_cap, &s.best_cap, in);
    ro->best = s.best;
    ro->iters += s.iters;
    ro->timed_out |= s.timed_out;
done:
    free(found);
    fac_cap_free(&found_cap);
    fac_cap_free(&s.cur_cap);
    fac_cap_free(&s.try_cap);
    fac_cap_free(&s.best_cap);
    fac_cap_free(&s.kick_cap);
    fac_cap_work_free(s.capw);
    fac_pool_free(s.pool);
    fac_rw_free(&s.rw);
    if (s.rng)
        gsl_rng_free(s.rng);
    free(s.best_open);
    free(s.tmp_open);
    free(s.cand_i);
    free(s.cand_r);
    return st;
}

/* Is the layout feasible (everyone served, no overload)? Fills a when
 * capacitated. */
static bool feasible(const fac_inst *in, const bool *open, bool capacitated,
                     fac_cap *a, fac_cap_work *w, double best, unsigned long seed)
{
    if (!capacitated)
        return best < in->U;
    fac_cap scratch;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rng && fac_cap_init(&scratch, in, NULL) == JH_OK) {
        gsl_rng_set(rng, seed);
        fac_cap_polish(in, open, a, w, rng, FAC_POLISH_KICKS, &scratch);
        fac_cap_free(&scratch);
    }
    /* Large instances: the bounded moves left overload; the full passes
     * (dearer, once) may still remove it. */
    if (in->nc > FAC_CAPL_MIN && (a->over > 1e-9 || a->unassigned > 0))
        fac_cap_improve_passes(in, open, a, w);
    /* Still overloaded: ejection chains over every listed pair (the moves
     * look at each client's nearest open facilities only). */
    if (a->over > 1e-9 && a->unassigned == 0)
        fac_cap_chains(in, open, a, FAC_CHAIN_WORK * (long)(in->nc + 1));
    if (rng)
        gsl_rng_free(rng);
    return a->unassigned == 0 && a->over <= 1e-9;
}

/* "facility 12" or the caller's name for it, into buf. */
static const char *fname(const jh_facility_problem *pr, int f, char *buf, size_t n)
{
    if (pr->facility_name && pr->facility_name[f])
        snprintf(buf, n, "%s", pr->facility_name[f]);
    else
        snprintf(buf, n, "facility %d", f);
    return buf;
}

static const char *cname(const jh_facility_problem *pr, size_t c, char *buf, size_t n)
{
    if (pr->client_name && pr->client_name[c])
        snprintf(buf, n, "%s", pr->client_name[c]);
    else
        snprintf(buf, n, "client %zu", c);
    return buf;
}

/* Feasibility before the search (fac_flow.c): with every facility that
 * may open in use (within max_cost in that mode) and clients allowed to
 * split, do the places take everyone? If not, no layout can: say what is
 * short and where, and stop. */
static jh_status flow_check(const fac_inst *in, const jh_facility_problem *pr,
                            jh_facility_solution *out, jh_error *err)
{
    fac_flow_short sh;
    jh_status st = fac_flow_check(in, &sh, err);
    if (st != JH_OK || sh.shortfall <= 0)
        return st;
    out->places_short = sh.shortfall;
    char fb[128], cb[128];
    return jh_error_set(err, JH_ERR_INPUT,
                        "facility problem: capacities too small where the demand is, even with all %d facilities that may open in use%s: "
                        "%ld clients (demand %g, the largest %s with %g) reach only %d facilities (%g places, the largest %s with %g): %g short",
                        in->n_allowed, pr->mode == JH_FACILITY_MAX_COST ? " (pairs within max_cost)" : "",
                        sh.n_clients, sh.demand,
                        sh.worst_c >= 0 ? cname(pr, in->client_of[sh.worst_c], cb, sizeof cb) : "-",
                        sh.worst_c >= 0 ? in->w[sh.worst_c] : 0.0,
                        sh.n_facilities, sh.places,
                        sh.worst_f >= 0 ? fname(pr, sh.worst_f, fb, sizeof fb) : "-",
                        sh.worst_f >= 0 ? in->cap[sh.worst_f] : 0.0, sh.shortfall);
}

/* Smallest number of open facilities that reaches every client (greedy
 * cover on the filtered pairs), starting from the fixed ones. */
static int greedy_cover(const fac_inst *in, bool *open)
{
    size_t nc = in->nc, nf = in->nf;
    bool *cov = calloc(nc ? nc : 1, sizeof *cov);
    int *cnt = calloc(nf, sizeof *cnt);
    int n = 0;
    if (!cov || !cnt) {
        free(cov);
        free(cnt);
        return -1;
    }
    for (size_t f = 0; f < nf; f++) {
        open[f] = in->fixed[f];
        n += open[f];
    }
    for (size_t c = 0; c < nc; c++)
        for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
            if (open[in->fac[q]])
                cov[c] = true;
    for (;;) {
        memset(cnt, 0, nf * sizeof *cnt);
        bool any = false;
        for (size_t c = 0; c < nc; c++)
            if (!cov[c]) {
                any = true;
                for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
                    cnt[in->fac[q]]++;
            }
        if (!any)
            break;
        int bf = -1;
        for (size_t f = 0; f < nf; f++)
            if (!open[f] && cnt[f] > 0 && (bf < 0 || cnt[f] > cnt[bf]))
                bf = (int)f;
        if (bf < 0)
            break;
        open[bf] = true;
        n++;
        for (size_t q = in->rstart[bf]; q < in->rstart[bf + 1]; q++)
            cov[in->rclient[q]] = true;
    }
    free(cov);
    free(cnt);
    return n;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The caller's cost of client c at facility f (0 when not listed). */
static double pair_cost(const jh_facility_problem *pr, size_t c, int f)
{
    for (size_t q = pr->start[c]; q < pr->start[c + 1]; q++)
        if (pr->facility[q] == f)
            return pr->cost[q];
    return 0;
}

/* Fewest facilities whose capacities together reach the total demand: no
 * layout with fewer can be feasible, so searches start there. */
static int min_open_for_capacity(const fac_inst *in, double total)
{
    double *c = malloc((in->nf ? in->nf : 1) * sizeof *c);
    if (!c)
        return 1;
    size_t n = 0;
    for (size_t f = 0; f < in->nf; f++)
        if (in->allowed[f])
            c[n++] = in->cap[f];
    qsort(c, n, sizeof *c, cmp_desc);
    double sum = 0;
    size_t k = 0;
    while (k < n && sum + 1e-9 < total)
        sum += c[k++];
    free(c);
    return k > 0 ? (int)k : 1;
}

jh_status jh_facility_solve(const jh_facility_problem *pr,
                            jh_facility_solution *out, jh_error *err)
{
    if (!pr || !out)
        return jh_error_set(err, JH_ERR_INPUT, "facility problem: no problem or no solution given");
    memset(out, 0, sizeof *out);
    jh_status st = validate(pr, err);
    if (st != JH_OK)
        return st;
    double t0 = fac_now();
    const char *w = "facility problem";
    fac_inst in;
    bool maxc = pr->mode == JH_FACILITY_MAX_COST;
    if ((st = fac_inst_build(&in, pr, maxc ? pr->max_cost : 0, err)) != JH_OK)
        return st;
    bool capacitated = pr->capacity != NULL;
    size_t nf = in.nf;
    bool *open = calloc(nf, sizeof *open), *trial = calloc(nf, sizeof *trial);
    fac_cap a;
    memset(&a, 0, sizeof a);
    fac_split split;
    memset(&split, 0, sizeof split);
    fac_cap_work *cw = NULL;
    if (!open || !trial) {
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    if (capacitated) {
        cw = fac_cap_work_new(&in);
        if (!cw) {
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
        if ((st = fac_cap_init(&a, &in, err)) != JH_OK)
            goto done;
    }

    /* Infeasible input the search could never repair. */
    double sum_w = 0, sum_cap = 0;
    for (size_t c = 0; c < in.nc; c++)
        sum_w += in.w[c];
    if (capacitated) {
        for (size_t f = 0; f < nf; f++)
            if (in.allowed[f])
                sum_cap += in.cap[f];
        if (sum_cap + 1e-9 < sum_w) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: capacities too small: total demand %g, total capacity of the facilities that may open %g",
                              w, sum_w, sum_cap);
            goto done;
        }
    }
    for (size_t c = 0; c < in.nc; c++) {
        size_t cc = in.client_of[c];
        if (in.start[c] == in.start[c + 1]) {
            if (maxc)
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: no facility that may open within max_cost %g",
                                  w, cc, pr->max_cost);
            else
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: no reachable facility that may open", w, cc);
            goto done;
        }
        if (capacitated) {
            double mx = 0;
            for (size_t q = in.start[c]; q < in.start[c + 1]; q++)
                if (in.cap[in.fac[q]] > mx)
                    mx = in.cap[in.fac[q]];
            if (in.w[c] > mx) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: client %zu: demand %g exceeds the capacity of every facility it can reach (largest %g)",
                                  w, cc, in.w[c], mx);
                goto done;
            }
        }
    }
    if (capacitated && (st = flow_check(&in, pr, out, err)) != JH_OK)
        goto done;
    int lo_p = in.n_fixed > 1 ? in.n_fixed : 1;
    int cap_p = capacitated ? min_open_for_capacity(&in, sum_w) : 1;
    int n_now = 0;
    for (size_t f = 0; f < nf; f++)
        if (in.allowed[f] && (!pr->open_now || pr->open_now[f]))
            n_now++;
    /* Default budget: a layout with few open facilities is a small
     * search space whose moves are dear (each touches many clients). */
    long budget = pr->max_iterations;
    if (budget <= 0) {
        long byp = 160L * (pr->mode == JH_FACILITY_KEEP ? pr->p : n_now);
        budget = capacitated ? 400 : (byp < 1000 ? 1000 : byp > 8000 ? 8000 : byp);
    }
    /* The clock only when the caller asks for it: otherwise the answer
     * would depend on the machine and its load. */
    double tl = pr->time_limit_s > 0 ? pr->time_limit_s : INFINITY;
    long certify_work = pr->certify_work > 0 ? pr->certify_work : FAC_CERTIFY_WORK;
    long early_work = certify_work;
    if (pr->certify_work <= 0 && !capacitated && in.nc <= FAC_CERTIFY_EARLY_MAX
        && in.nf <= FAC_CERTIFY_EARLY_MAX)
        early_work = FAC_CERTIFY_WORK_UNCAP;
    run_out ro = {INFINITY, 0, false, early_work, -1, 0, -1, 0, 0, 0, false};
    /* a caller who sets the proof's budget gets no scout beside it */
    ro.scout = pr->certify_work <= 0;
    int p;

    if (pr->mode == JH_FACILITY_KEEP) {
        p = pr->p;
        if (p < 1 || p > in.n_allowed) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: p: expected 1..%d (facilities that may open), got %d", w, in.n_allowed, p);
            goto done;
        }
        if (p < in.n_fixed) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: p = %d but %d facilities are fixed open", w, p, in.n_fixed);
            goto done;
        }
        if (capacitated && p < cap_p) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: no feasible layout found with p = %d: even the %d largest capacities hold fewer places than the total demand %g; at least %d facilities are needed",
                              w, p, p, sum_w, cap_p);
            goto done;
        }
        if ((st = run_search(&in, p, capacitated, pr->seed, budget, t0, tl, open, &a, &ro, err)) != JH_OK)
            goto done;
        if (!feasible(&in, open, capacitated, &a, cw, ro.best, pr->seed)
            && !(capacitated && pr->split_when_needed && !a.unassigned
                 && fac_cap_split(&in, open, &a, &split, FAC_SPLIT_WORK * (long)(in.nc + 1)))) {
            if (!capacitated) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: no feasible layout found with p = %d: a client cannot be reached", w, p);
                goto done;
            }
            /* Say what is short and where: the best layout's overloads. */
            int n_over = 0, worst = -1;
            for (size_t f = 0; f < nf; f++)
                if (open[f] && a.load[f] > in.cap[f] + 1e-9) {
                    n_over++;
                    if (worst < 0 || a.load[f] - in.cap[f] > a.load[worst] - in.cap[worst])
                        worst = (int)f;
                }
            char fb[128], cb[128], why[512] = "";
            /* The evidence: can this layout hold the clients if they may
             * split (a maximum flow with its facilities)? If not, the
             * minimum cut is where places are short; if so, it is the
             * single-source assignment that the search did not find. */
            fac_flow_short sh;
            if (!a.unassigned && fac_flow_check_open(&in, open, &sh, NULL) == JH_OK) {
                if (sh.shortfall > 0)
                    snprintf(why, sizeof why,
                             "; this layout cannot hold them even with clients split: %ld clients (demand %g, the largest %s with %g) reach only %d of its facilities (%g places): %g short",
                             sh.n_clients, sh.demand,
                             sh.worst_c >= 0 ? cname(pr, in.client_of[sh.worst_c], cb, sizeof cb) : "-",
                             sh.worst_c >= 0 ? in.w[sh.worst_c] : 0.0, sh.n_facilities, sh.places,
                             sh.shortfall);
                else
                    snprintf(why, sizeof why,
                             "; its places would hold everyone with clients split between facilities, so a layout may exist that the search did not find");
            }
            if (worst >= 0)
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: no feasible layout found with p = %d: the best layout found has %g more demand than places at %d facilities (most at %s: %g for a capacity of %g)%s%s",
                                  w, p, a.over, n_over, fname(pr, worst, fb, sizeof fb), a.load[worst], in.cap[worst],
                                  a.unassigned ? ", and clients with no reachable open facility" : "", why);
            else
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: no feasible layout found with p = %d: %d clients reach no open facility",
                                  w, p, a.unassigned);
            goto done;
        }
    } else if (pr->mode == JH_FACILITY_CLOSE_AT_MOST) {
        p = n_now - pr->close_at_most;
        if (p < lo_p)
            p = lo_p;
        if (p < cap_p)
            p = cap_p;
        for (;; p++) {
            if (p > in.n_allowed) {
                st = jh_error_set(err, JH_ERR_INPUT,
                                  "%s: no feasible layout even with every facility open (capacities too small)", w);
                goto done;
            }
            if ((st = run_search(&in, p, capacitated, pr->seed, budget, t0, tl, open, &a, &ro, err)) != JH_OK)
                goto done;
            if (feasible(&in, open, capacitated, &a, cw, ro.best, pr->seed))
                break;
        }
    } else {
        /* Fewest open: from a greedy cover, up until feasible, then down
         * while still feasible (short searches), then a full search. */
        p = greedy_cover(&in, trial);
        if (p < 0) {
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
        if (p < lo_p)
            p = lo_p;
        if (p < cap_p)
            p = cap_p;
        long probe = budget / 4 > 50 ? budget / 4 : 50;
        int good = -1;
        ro.certify = 0;
        for (; p <= in.n_allowed; p++) {
            if ((st = run_search(&in, p, capacitated, pr->seed, probe, t0, tl, open, &a, &ro, err)) != JH_OK)
                goto done;
            if (feasible(&in, open, capacitated, &a, cw, ro.best, pr->seed)) {
                good = p;
                break;
            }
        }
        if (good < 0) {
            st = jh_error_set(err, JH_ERR_INPUT,
                              "%s: no feasible layout within max_cost %g even with every facility open",
                              w, pr->max_cost);
            goto done;
        }
        for (p = good - 1; p >= lo_p && p >= cap_p; p--) {
            if ((st = run_search(&in, p, capacitated, pr->seed, probe, t0, tl, trial, &a, &ro, err)) != JH_OK)
                goto done;
            if (!feasible(&in, trial, capacitated, &a, cw, ro.best, pr->seed))
                break;
            good = p;
        }
        p = good;
        ro.certify = early_work;
        if ((st = run_search(&in, p, capacitated, pr->seed, budget, t0, tl, open, &a, &ro, err)) != JH_OK)
            goto done;
        if (!feasible(&in, open, capacitated, &a, cw, ro.best, pr->seed)) {
            st = jh_error_set(err, JH_ERR_RUN, "%s: search lost feasibility at p = %d", w, p);
            goto done;
        }
    }

    /* Proof: the Lagrangian bound and, when its gap is small enough for
     * the work budget, a branch-and-bound that closes it (and may find a
     * better layout, which then replaces the heuristics' one). */
    double ub_int = 0, lower_bound = 0;
    if (capacitated) {
        ub_int = a.cost;
    } else {
        for (size_t c = 0; c < in.nc; c++)
            for (size_t q = in.start[c]; q < in.start[c + 1]; q++)
                if (open[in.fac[q]]) {
                    ub_int += in.e[q];
                    break;
                }
    }
    if (split.f) {
        /* split clients: the single-source bounds do not hold; no proof */
        lower_bound = 0;
    } else if (ro.proven_lb >= 0 && ro.proven_lb >= ub_int - fac_eps(ub_int)) {
        lower_bound = ub_int;
    } else if (ro.early_p == p && !isfinite(tl) && ro.early_ub0 == ro.early_ub1
               && ub_int == ro.early_ub0) {
        /* the same proof from the same incumbent: its bound, not a rerun */
        lower_bound = ro.early_lb;
    } else if (ro.early_p == p && capacitated && !isfinite(tl) && ub_int <= ro.early_ub1
               && FAC_REPROVE_DIV * (ro.early_ub1 - ub_int) < ro.early_ub1 - ro.early_lb) {
        /* capacitated: the search lowered the incumbent by less than a
         * FAC_REPROVE_DIV-th of the early proof's gap; a second tree of the
         * same budget from it ends near the same bound (pmedcapg_12, 17:
         * 1081 / 1077 again, 0.6 s each): the early bound stands */
        lower_bound = ro.early_lb < ub_int ? ro.early_lb : ub_int;
    } else if (ro.early_p == p && !capacitated && early_work > certify_work && !isfinite(tl)) {
        /* the larger proof before the meta-heuristic: its bound holds for
         * the optimum at this p whatever the incumbent */
        lower_bound = ro.early_lb < ub_int ? ro.early_lb : ub_int;
    } else {
        long nodes = 0;
        lower_bound = fac_certify(&in, p, capacitated, open, &ub_int,
                                  capacitated ? &a : NULL, cw, certify_work, t0 + tl, &nodes, NULL);
        ro.nodes += nodes;
        /* the early proof's bound holds too (a tree from another incumbent
         * can end lower: pmedcapg_18, 1079 against 1081) */
        if (capacitated && ro.early_p == p && !isfinite(tl) && ro.early_lb > lower_bound)
            lower_bound = ro.early_lb < ub_int ? ro.early_lb : ub_int;
    }
    out->nodes = ro.nodes;
    if (ub_int <= 0)
        ub_int = 1;

    /* The answer in the caller's indices. */
    out->n_clients = pr->n_clients;
    out->n_facilities = nf;
    out->open = calloc(nf, sizeof *out->open);
    out->assign = malloc((pr->n_clients ? pr->n_clients : 1) * sizeof *out->assign);
    if (!out->open || !out->assign) {
        jh_facility_solution_free(out);
        st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
        goto done;
    }
    memcpy(out->open, open, nf * sizeof *open);
    for (size_t f = 0; f < nf; f++)
        out->n_open += open[f];
    for (size_t c = 0; c < pr->n_clients; c++) {
        out->assign[c] = -1;   /* zero demand: nearest open reachable */
        for (size_t q = pr->start[c]; q < pr->start[c + 1]; q++)
            if (open[pr->facility[q]]
                && !(maxc && pr->cost[q] > pr->max_cost)) {
                out->assign[c] = pr->facility[q];
                break;
            }
    }
    if (capacitated)
        for (size_t c = 0; c < in.nc; c++)
            out->assign[in.client_of[c]] = split.f ? split.f[c] : a.f[c];
    if (split.f && split.n > 0) {
        if (fac_split_to_parts(&split, in.client_of, out) != 0) {
            jh_facility_solution_free(out);
            st = jh_error_set(err, JH_ERR_RUN, "facility solver: out of memory");
            goto done;
        }
    }
    out->objective = 0;
    for (size_t c = 0; c < pr->n_clients; c++) {
        if (out->assign[c] < 0 || !(pr->demand[c] > 0))
            continue;
        out->objective += pr->demand[c] * pair_cost(pr, c, out->assign[c]);
    }
    /* a part moves its demand from the client's main facility to its own */
    for (size_t k = 0; k < out->n_parts; k++) {
        size_t c = out->part_client[k];
        out->objective += out->part_demand[k]
                          * (pair_cost(pr, c, out->part_facility[k]) - pair_cost(pr, c, out->assign[c]));
    }
    out->lower_bound = lower_bound * (out->objective > 0 ? out->objective / ub_int : 1);
    if (out->lower_bound > out->objective)
        out->lower_bound = out->objective;
    out->iterations = ro.iters;
    out->hit_time_limit = ro.timed_out;
    out->seconds = fac_now() - t0;
done:
    free(open);
    free(trial);
    fac_split_free(&split);
    fac_cap_free(&a);
    fac_cap_work_free(cw);
    fac_inst_free(&in);
    return st;
}
