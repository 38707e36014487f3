/*
 * fac_internal: what the facility-location heuristics share — the internal
 * instance (validated, demand-weighted, pairs to forbidden facilities
 * removed), the Resende-Werneck swap structures, the capacitated
 * assignment, the search state, and the small heuristic interface
 * (SCIP-like: a new heuristic is a new file plus one line in the table of
 * facility.c).
 *
 * Infeasibility is priced, not forbidden, so the same local search drives a
 * layout towards feasibility and then towards low cost: a client with no
 * reachable open facility costs `U`, each unit of capacity overload costs
 * `P_over`; U exceeds any sum of real costs and overloads, P_over exceeds
 * any saving per unit of demand.
 */
#ifndef JH_FAC_INTERNAL_H
#define JH_FAC_INTERNAL_H

#include <stdbool.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "facility.h"

typedef struct fac_inst {
    size_t nc, nf;            /* clients (demand > 0 only), facilities */
    size_t *start;            /* nc + 1 */
    int *fac;                 /* facility of each pair */
    double *e;                /* demand x cost, ascending per client */
    double *raw;              /* cost of each pair (unweighted) */
    double *w;                /* demand per client */
    size_t *client_of;        /* internal client -> caller's client index */
    double *cap;              /* NULL when uncapacitated */
    bool *fixed, *allowed;    /* nf each */
    size_t *rstart;           /* nf + 1: reverse index, pairs by facility */
    int *rclient;             /* client of each reverse entry */
    size_t *rpair;            /* its pair index */
    double *dense;            /* nc x nf weighted costs (-1 absent), or NULL */
    size_t *hstart;           /* without dense: per client an open-addressing */
    int *hslot;               /*   hash (facility -> pair offset, -1 empty) */
    double U, P_over;         /* penalties, see above */
    int n_fixed;
    int n_allowed;
    const bool *whole;        /* the caller's, by caller's client (client_of):
                                 never split (fac_capsplit.c); NULL = none */
} fac_inst;

/* Builds the internal instance from the caller's problem (already
 * validated); pairs with cost above max_cost (when max_cost > 0) and pairs
 * to facilities that may not open are dropped. */
jh_status fac_inst_build(fac_inst *in, const jh_facility_problem *pr,
                         double max_cost, jh_error *err);
void fac_inst_free(fac_inst *in);
/* Weighted cost of client c at facility f, or -1 when unreachable. */
double fac_inst_cost(const fac_inst *in, size_t c, int f);
/* The same, inlined (the hot path): a dense table when it fits, else the
 * client's hash of its pairs (O(1) expected, no search). */
static inline double fac_cost(const fac_inst *in, size_t c, int f)
{
    if (in->dense)
        return in->dense[c * in->nf + (size_t)f];
    const int *slot = in->hslot + in->hstart[c];
    size_t mask = in->hstart[c + 1] - in->hstart[c] - 1;
    size_t h = ((size_t)(unsigned)f * 2654435761u) & mask;
    for (;;) {
        int off = slot[h];
        if (off < 0)
            return -1;
        size_t q = in->start[c] + (size_t)off;
        if (in->fac[q] == f)
            return in->e[q];
        h = (h + 1) & mask;
    }
}

/* Relative tolerance for "improves" (shared by the assignment and the
 * searches, so it lives with the instance). */
static inline double fac_eps(double obj)
{
    return 1e-9 * (1.0 + fabs(obj));
}

/* One entry of a row of the sparse extra table: extra(i, r) = v. */
typedef struct fac_rw_entry {
    int r;
    double v;
} fac_rw_entry;

/* Resende & Werneck's structures for the uncapacitated objective:
 * f1/f2 the nearest / second-nearest open facility (-1 none), d1/d2 their
 * weighted costs (U when none); gain[i] the saving of opening closed i,
 * loss[r] the increase of closing open r, extra(i, r) the correction so
 * that the profit of swapping i in for r is gain[i] - loss[r] + extra(i, r).
 * extra is sparse: row i holds only the open r that are some client's
 * nearest while i is closer than its second nearest (the facilities near
 * i), so memory and a scan grow with the pairs, not facilities squared. */
#define FAC_RW_POS_MAX_NF 2048  /* the position table costs 4 nf^2 bytes */

typedef struct fac_rw {
    const fac_inst *in;
    bool *open;
    int n_open;
    int *f1, *f2;
    double *d1, *d2;
    size_t *q1, *q2;          /* positions of f1 and f2 in the client's list */
    size_t *qi;               /* scratch of a swap, per client: where the
                                 facility opened is in its list */
    double *gain, *loss;
    fac_rw_entry **row;       /* nf rows of the sparse extra table */
    int *row_n, *row_cap;
    double obj;               /* sum of d1 */
    int *mark;                /* scratch, per client */
    int *touched;             /* scratch list of clients */
    int *open_list;           /* open facilities by loss (fac_rw_sorted_open) */
    int n_sorted;             /* its length when sorted_ok */
    bool sorted_ok;           /* open_list is sorted but for the dirty ones */
    int *merge;               /* scratch for the merge (nf) */
    char *dirty;              /* per facility: loss or state changed since the sort */
    int *dirty_list, n_dirty;
    int *stamp;               /* scratch, per facility */
    int stamp_id;
    int *hint;                /* per pair (client c, closed i): where in i's
                                 row extra(i, c's nearest) was last found
                                 (a guess, checked before use) */
    int *pos;                 /* nf x nf, when nf <= FAC_RW_POS_MAX_NF: pos[r*nf + i]
                                 where r was last put in row i (checked
                                 before use); NULL: rows are scanned */
    bool exact;               /* whole-number costs, sums within 2^53: every
                                 sum is exact whatever the order of its terms,
                                 so the tables of a layout are the same
                                 whether built at once or by swaps */
    bool oom;                 /* a row could not grow: answers are then
                                 estimates (the search stays correct, as
                                 every move is re-evaluated) */
    double *ex;               /* fac_rw_dense: extra as a dense table, one
                                 row of nf per open facility r, extra(i, r)
                                 at ex[slot[r] * nf + i]; NULL: the sparse rows */
    int *slot;                /* per facility: its row of ex while open, else -1 */
    int *free_slot, n_free_slot;  /* rows of ex not in use (all zero) */
    int n_slot;               /* rows of ex handed out since the last fac_rw_set */
    double *bx;               /* scratch of the dense best swap (nf) */
} fac_rw;

jh_status fac_rw_init(fac_rw *rw, const fac_inst *in, jh_error *err);
void fac_rw_free(fac_rw *rw);
/* An uncapacitated search on exact tables: extra kept as a dense table
 * (a row of nf per open facility) instead of the sparse rows. Its cells
 * are the same whole numbers as the rows' (exact sums do not depend on
 * the order of their terms), so every profit and every best swap is the
 * same; an update is one add instead of a lookup in i's row, and the best
 * swap a pass over the open facilities' rows. Call after fac_rw_init and
 * before fac_rw_set; nothing changes (sparse rows) when the tables are
 * not exact, nf > FAC_RW_DENSE_MAX_NF or memory is short. Not for the
 * capacitated swap search, which reads the sparse rows (fac_rw_row). */
#define FAC_RW_DENSE_MAX_NF 2048  /* the table reserves 8 nf^2 bytes (rows
                                     touched: as many as facilities open) */
/* Only for p open out of more than FAC_RW_DENSE_SHARE p facilities: a
 * best swap reads p rows of nf, the sparse rows about as many entries as
 * open facilities near each closed one. On the generated pmedg graphs,
 * p = 90 of 900 gains, p = 140 of 700 and 200 of 600 lose (0.7-1.6% of
 * their instructions). */
#define FAC_RW_DENSE_SHARE 5
void fac_rw_dense(fac_rw *rw, int p);
/* Sets the open set and recomputes everything from scratch. */
void fac_rw_set(fac_rw *rw, const bool *open);
/* Opens i (closed) and closes r (open); either may be -1. Incremental:
 * only the clients whose nearest two open facilities change are redone. */
void fac_rw_swap(fac_rw *rw, int i, int r);
/* The best swap (i closed and allowed, r open and not fixed); returns
 * false when there is none. `profit` > 0 means an improvement. */
bool fac_rw_best_swap(fac_rw *rw, int *i, int *r, double *profit);
/* Profit estimate of one swap. */
double fac_rw_profit(const fac_rw *rw, int i, int r);
/* Open facilities that may close (not fixed), by loss ascending (ties by
 * index) into rw->open_list; returns how many. Incremental: only the
 * facilities whose loss or state changed since the last call are sorted
 * and merged into the list (the order is the full sort's). */
int fac_rw_sorted_open(fac_rw *rw);
/* The row of closed facility i in the extra table (entries whose r is no
 * longer open are stale, worth 0). */
static inline const fac_rw_entry *fac_rw_row(const fac_rw *rw, int i, int *n)
{
    *n = rw->row_n[i];
    return rw->row[i];
}

/* A capacitated single-source assignment for one open set. */
typedef struct fac_cap {
    int *f;                   /* facility per client, -1 unassigned */
    double *load;             /* per facility */
    double cost;              /* sum of weighted costs */
    double over;              /* total overload */
    int unassigned;           /* clients with no reachable open facility */
    double total;             /* cost + P_over*over + U*unassigned */
} fac_cap;

typedef struct fac_cap_work fac_cap_work;  /* scratch of fac_cap_assign */

jh_status fac_cap_init(fac_cap *a, const fac_inst *in, jh_error *err);
void fac_cap_free(fac_cap *a);
void fac_cap_copy(fac_cap *dst, const fac_cap *src, const fac_inst *in);
/* the assignment's cost, overload and unassigned clients recomputed from scratch,
 * and its total with the penalties (fac_cap.c) */
void fac_cap_totals(const fac_inst *in, const bool *open, fac_cap *a);
/* The loads counted again from the assignment a->f (after a search that
 * kept only f, as the branch-and-bound's), then fac_cap_totals. */
void fac_cap_recount(const fac_inst *in, const bool *open, fac_cap *a);
fac_cap_work *fac_cap_work_new(const fac_inst *in);
void fac_cap_work_free(fac_cap_work *w);
/* Regret greedy, then shift / swap / ejection moves until none improves. */
void fac_cap_assign(const fac_inst *in, const bool *open, fac_cap *a,
                    fac_cap_work *w);
/* The moves alone, from the assignment in a; recomputes a's totals. */
void fac_cap_improve(const fac_inst *in, const bool *open, fac_cap *a,
                     fac_cap_work *w);
/* The assignment after swapping i in for r (open = the set after the
 * swap), derived from cur incrementally: cheap, a little weaker. */
void fac_cap_swap_eval(const fac_inst *in, const bool *open, const fac_cap *cur,
                       fac_cap *out, fac_cap_work *w, int i, int r);
/* The moves as passes over every client (the small instances' way) on
 * any instance: the last resort of a large one that stays overloaded. */
void fac_cap_improve_passes(const fac_inst *in, const bool *open, fac_cap *a,
                            fac_cap_work *w);
/* After fac_cap_swap_eval, the repair moves: from scratch on small
 * instances, from the clients the swap touched on large ones. */
void fac_cap_improve_touched(const fac_inst *in, const bool *open, fac_cap *a,
                             fac_cap_work *w);

/* The assignment of large instances (fac_caplocal.c): above this many
 * clients, construction by regret with a heap and moves driven by a queue
 * of clients, each call's work bounded by a multiple of its clients. */
#define FAC_CAPL_MIN 1000
typedef struct fac_capl fac_capl;
fac_capl *fac_capl_new(const fac_inst *in);
void fac_capl_free(fac_capl *L);
/* The k-th reverse entry (in->rstart offsets) of a facility's clients,
 * nearest first; a new facility is offered its FAC_CAPL_REACH nearest. */
#define FAC_CAPL_REACH 128
size_t fac_capl_rnear(const fac_capl *L, size_t k);
/* A reverse entry with its sort key copied in (no indirect loads in the
 * comparisons); fac_capl_sort_rev orders them nearest first, then by
 * client, then by entry. */
typedef struct rkey {
    double raw;
    int c;
    int k;                     /* the reverse entry */
} rkey;
void fac_capl_sort_rev(rkey *v, size_t n);
/* The large-instance scratch of w (NULL on small instances). */
fac_capl *fac_cap_work_local(fac_cap_work *w);
/* Places the clients of list (unassigned) by regret around a's loads. */
void fac_capl_regret(const fac_inst *in, const bool *open, fac_cap *a, fac_capl *L,
                     const int *list, size_t n);
/* Shift / swap / ejection moves from the clients of seed (all when seed
 * is NULL); returns the work done. a's totals are not updated. */
long fac_capl_improve(const fac_inst *in, const bool *open, fac_cap *a, fac_capl *L,
                      const int *seed, size_t n);

/* The journal of a change to an assignment: touch a client or facility
 * before changing it; the end updates a's totals from the touched ones. */
void fac_capl_journal_begin(fac_capl *L);
void fac_capl_touch_client(const fac_inst *in, fac_capl *L, const fac_cap *a, int c);
void fac_capl_touch_fac(const fac_inst *in, fac_capl *L, const fac_cap *a, int f);
void fac_capl_journal_end(const fac_inst *in, fac_capl *L, fac_cap *a);

/* Large instances only (else false, nothing done): out = the assignment
 * `from` made valid for the open set `open` — clients of facilities now
 * closed placed again by regret, facilities newly open offered their
 * nearest clients, then the moves from the clients touched. */
bool fac_cap_repair(const fac_inst *in, const bool *open, const fac_cap *from,
                    fac_cap *out, fac_cap_work *w);

/* Iterated local search on the assignment of one open set (`kicks`
 * random perturbations, each repaired by the moves; kept when better). */
void fac_cap_polish(const fac_inst *in, const bool *open, fac_cap *a,
                    fac_cap_work *w, gsl_rng *rng, int kicks, fac_cap *scratch);

/* The feasibility check before the search (fac_flow.c): a maximum flow
 * from the clients to every facility that may open, clients allowed to
 * split. shortfall > 0: no layout can serve everyone; then the minimum
 * cut's n_clients clients (demand in all, worst_c the largest) reach only
 * n_facilities facilities (places in all, worst_f the largest), and
 * demand - places = shortfall. */
typedef struct fac_flow_short {
    double shortfall, demand, places;
    long n_clients, worst_c;
    int n_facilities, worst_f;
} fac_flow_short;
jh_status fac_flow_check(const fac_inst *in, fac_flow_short *sh, jh_error *err);
/* The same with only the facilities of `open` in use: shortfall > 0
 * proves that this open set cannot hold the clients, even split. */
jh_status fac_flow_check_open(const fac_inst *in, const bool *open, fac_flow_short *sh,
                              jh_error *err);

/* The capacitated search's cheapest distinct layouts (fac_pool.c). */
typedef struct fac_pool {
    size_t nf;
    int k, n;                 /* room, layouts kept */
    double *cost;             /* n, ascending: each layout's cheapest price */
    bool *open;               /* n x nf */
    bool *solved;             /* n: given its exact assignment already */
} fac_pool;
fac_pool *fac_pool_new(size_t nf, int k);
void fac_pool_free(fac_pool *P);
/* dst (made by fac_pool_new with src's nf and k) = src */
void fac_pool_copy(fac_pool *dst, const fac_pool *src);
/* Keeps the layout when among the k cheapest distinct ones. */
void fac_pool_add(fac_pool *P, const bool *open, double cost);
/* Each kept layout within margin (relative) of the cheapest, its
 * assignment solved exactly (branch-and-bound on that layout, `work`
 * each); the best replaces best_open / best_cap when cheaper than
 * best_cap. A layout is solved once (later passes skip it). True when
 * a better assignment replaced best_cap. */
bool fac_pool_exact(fac_pool *P, const fac_inst *in, int p, double margin,
                    long work, bool *best_open, fac_cap *best_cap, fac_cap_work *w);

/* The large-neighbourhood search of fac_lns.c: regions of k open
 * facilities freed, each client's `near` cheapest sites as candidates,
 * the restricted problem solved by the branch-and-bound (work_each per
 * region, at most max_regions in all); a better layout replaces open / a
 * (exact assignment, totals recomputed). The memo holds layouts a full
 * scan left unchanged (no region improves them): a scan that starts at
 * or reaches one stops there. Returns the regions solved. */
typedef struct fac_lns_memo {
    size_t nf;
    int k, n;
    bool *open;               /* n x nf */
    /* The regions solved: each one's key (the layout, the region's
     * candidates and fixed sites, the assignment and its cost), its hash
     * and its answer (a better layout found or not; if so, the layout
     * and the tree's assignment). The branch-and-bound's answer is a
     * function of the key, so the same region met again (another start
     * passing through the same layout) gets the same answer: it is
     * counted as solved, not solved again. */
    size_t key_len, val_len;
    int nr, rroom;
    unsigned char *rkey;      /* nr x key_len */
    unsigned char *rval;      /* nr x val_len: better found, layout, assignment */
    unsigned long *rhash;
} fac_lns_memo;
fac_lns_memo *fac_lns_memo_new(size_t nf, int k);
void fac_lns_memo_free(fac_lns_memo *M);
int fac_lns(const fac_inst *in, int p, bool *open, fac_cap *a, fac_cap_work *w,
            int k, int near, long work_each, int max_regions, fac_lns_memo *memo);

/* The search state every heuristic works on. */
typedef struct fac_search {
    const fac_inst *in;
    int p;                    /* facilities open */
    gsl_rng *rng;
    fac_rw rw;                /* the current open set */
    bool capacitated;
    fac_cap cur_cap;          /* its assignment when capacitated */
    fac_cap try_cap;          /* scratch assignment */
    fac_cap best_cap;         /* the assignment of best_open */
    fac_cap kick_cap;         /* scratch of the polish */
    fac_cap_work *capw;
    double cur;               /* the current objective (with penalties) */
    bool *best_open;
    double best;
    long iters, max_iters;    /* budget in local-search moves + shakes */
    double t0, time_limit;
    bool timed_out;
    int drop_open;            /* open after the capacity-aware drop (0 = not run) */
    fac_pool *pool;           /* feasible layouts offered, or NULL */
    /* scratch for heuristics */
    int *cand_i, *cand_r;
    double *cand_v;
    bool *tmp_open;
} fac_search;

/* Seconds since an arbitrary origin (monotonic). */
double fac_now(void);
/* True when the iteration budget or the time cap is spent. */
bool fac_search_spent(fac_search *s);
/* Recomputes s->cur (and the assignment) for the current open set. */
void fac_search_eval(fac_search *s);
/* Keeps the current open set as the best one when it is better. */
void fac_search_offer(fac_search *s);

typedef enum { FAC_START = 0, FAC_IMPROVE, FAC_META } fac_role;

/* One heuristic. START builds an open set of size p into s->rw from
 * nothing; IMPROVE runs a local search from s->rw to a local optimum;
 * META drives the others (perturb, improve, accept) until the budget is
 * spent. Each leaves s->cur evaluated and offers its results. */
typedef struct fac_heuristic {
    const char *name;
    fac_role role;
    bool (*applies)(const fac_search *s);
    void (*run)(fac_search *s);
} fac_heuristic;

/* The heuristics (one file each). */
extern const fac_heuristic fac_heur_capdrop;      /* fac_capdrop.c */
extern const fac_heuristic fac_heur_greedy_add;   /* fac_greedy.c */
extern const fac_heuristic fac_heur_greedy_drop;  /* fac_greedy.c */
extern const fac_heuristic fac_heur_swap;         /* fac_swap.c */
extern const fac_heuristic fac_heur_capswap;      /* fac_capswap.c */
extern const fac_heuristic fac_heur_vns;          /* fac_vns.c */

/* The local search that applies to s (swap or capswap); used by META. */
void fac_local_search(fac_search *s);

/* A facility's last knapsack of one kind: how many items, the capacity,
 * and what it gave (value, work); n = SIZE_MAX: nothing kept. */
typedef struct fac_lag_kept_site {
    size_t n;
    double cap, val;
    long work;
} fac_lag_kept_site;

/* One kind's kept knapsacks: the items (clients and reduced costs) and
 * choices in each facility's pair slots, and per facility the rest. */
typedef struct fac_lag_kept {
    int *icl;                 /* per pair slot */
    double *ired, *take;      /* per pair slot */
    fac_lag_kept_site *site;  /* per facility */
} fac_lag_kept;

/* The Lagrangian relaxation of the (capacitated) p-median at one node of
 * the branch-and-bound (fac_lagrange.c). state[f]: 1 forced open, -1
 * forced closed (or not allowed), 0 free. */
typedef struct fac_lag {
    const fac_inst *in;
    int p;
    bool cap;                 /* knapsack subproblems */
    bool dp_ok;               /* whole demands and capacities: exact knapsacks */
    bool integral;            /* whole weighted costs: bounds round up */
    signed char *state;       /* nf */
    double *v;                /* value of each facility at the last eval */
    bool *chosen;             /* the relaxed solution's open facilities */
    int *order;               /* free facilities by v ascending */
    int n_free, need;         /* free ones, and how many of them are chosen */
    bool feasible;            /* the node admits p open */
    double *g;                /* subgradient, per client */
    size_t *icnt, *istart;    /* items (client, reduced cost) by facility */
    int *iclient;
    double *ired, *take;
    int *ratio_idx;           /* LP knapsack scratch */
    double *ratio;
    double *dp;               /* knapsack DP table (rows of at most dp_w) */
    size_t dp_w;
    size_t *dp_wt;            /* the clients' demands as whole numbers (when
                                 dp is set) */
    long work;                /* pairs visited + knapsack cells */
    /* Assignment branching (capacitated only, NULL otherwise): a pair
     * forbidden (-1), a client forced to one pair (its index, else -1;
     * the client leaves the relaxation, its cost counts as a constant and
     * its demand as load already at the facility, capred). */
    signed char *pstate;      /* per pair */
    long *cforce;             /* per client */
    double *capred;           /* per facility */
    bool *pending;            /* per facility: v is the LP knapsack bound,
                                 the exact one not computed (capacitated) */
    int *ford, *heap;         /* scratch of the lazy exact knapsacks */
    size_t prefix;            /* pairs the last uncapacitated eval walked */
    double *ybar;             /* per facility: chosen, averaged over the last
                                 ascent's steps (NULL = not kept) */
    double *rcost;            /* uncapacitated: the pairs' costs by the reverse
                                 index of the instance whose rpair is rcost_of
                                 (room for rcost_n), or NULL */
    const size_t *rcost_of;
    size_t rcost_n;
    double deadline;          /* fac_now() past which it stops (time_limit_s
                                 only; INFINITY = none) */
    bool timed_out;
    /* Capacitated: each facility's last knapsack of each kind (kept[0]
     * the LP bound's, kept[1] the exact one's) with the inputs it was
     * solved for, and whether the exact one differs from the LP's (kc_in:
     * the instance they belong to; NULL = none kept) */
    const fac_inst *kc_in;
    fac_lag_kept kept[2];
    bool *kc_pend;            /* per facility */
} fac_lag;

jh_status fac_lag_init(fac_lag *L, const fac_inst *in, int p, bool capacitated);
void fac_lag_free(fac_lag *L);
/* The relaxation's value at lam (INFINITY when the node admits no p open
 * facilities); with subgrad, fills L->g and *norm = |g|^2. */
double fac_lag_eval(fac_lag *L, const double *lam, bool subgrad, double *norm);
/* Subgradient ascent from lam (changed); best_lam gets the best
 * multipliers; returns the best value. Stops after `iters` steps, when
 * the bound reaches ub, or when L->work passes work_cap. */
double fac_lag_ascent(fac_lag *L, double *lam, double *best_lam, double ub,
                      int iters, double theta, long work_cap);
/* A bound rounded up to the next whole number when the costs are whole. */
double fac_lag_round(const fac_lag *L, double b);
/* Starting multipliers: each client's second cheapest cost. */
void fac_lag_start(const fac_inst *in, double *lam);

/* Capacitated: forbids (pstate -1) the pairs whose forced assignment
 * would lift the relaxation at lam (evaluated by L, value val) to ub or
 * beyond (reduced costs, with each facility's knapsack at the capacity
 * left; fac_pairfix.c). Returns how many it forbade; their indices go
 * to trail when it is not NULL (room for every pair). */
long fac_lag_pair_fix(fac_lag *L, const double *lam, double val, double ub, size_t *trail);

/* Certifies the layout `open` (p open, objective *ub in weighted cost
 * units; a its assignment when capacitated): Lagrangian bound, variable
 * fixing by reduced costs, and a depth-first branch-and-bound while the
 * work stays within `work_budget` (fac_bnb.c). A better layout found on
 * the way replaces open / *ub / a. Returns the proven lower bound (= *ub
 * when the layout is proven optimal). */
double fac_certify(const fac_inst *in, int p, bool capacitated, bool *open,
                   double *ub, fac_cap *a, fac_cap_work *w, long work_budget,
                   double deadline, long *nodes, fac_pool *pool);
/* The same, but the tree stops early when its progress projects far more
 * work than the budget to close (fac_bnb.c, FAC_BNB_HOPELESS, and
 * FAC_BNB_UNCAP_HOPELESS without capacities): for a
 * proof that is only worth its work when it closes. */
double fac_certify_or_give_up(const fac_inst *in, int p, bool capacitated, bool *open,
                              double *ub, fac_cap *a, fac_cap_work *w, long work_budget,
                              double deadline, long *nodes, fac_pool *pool);

/* Overload of a facility holding `load` against `cap`. */
static inline double fac_ov(double load, double cap)
{
    return load > cap ? load - cap : 0;
}

/* Change of overload at f when its load changes by dw. */
static inline double fac_ovd(const fac_inst *in, const double *load, int f, double dw)
{
    return fac_ov(load[f] + dw, in->cap[f]) - fac_ov(load[f], in->cap[f]);
}

/* The open facility of client c where its cost plus the overload it would
 * cause is least (-1 when none is reachable). */
static inline int fac_cap_cheapest(const fac_inst *in, const bool *open, const double *load,
                                   size_t c)
{
    int bestf = -1;
    double bv = 0;
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int f = in->fac[q];
        if (!open[f])
            continue;
        double v = in->e[q] + in->P_over * fac_ovd(in, load, f, in->w[c]);
        if (bestf < 0 || v < bv) {
            bestf = f;
            bv = v;
        }
    }
    return bestf;
}

/* Overload change of a set of load changes at up to three facilities. */
static inline double fac_ov3(const fac_inst *in, const double *load, int f, double df,
                             int g, double dg, int h, double dh)
{
    if (h == f) {
        df += dh;
        h = -1;
    }
    double s = fac_ovd(in, load, f, df) + fac_ovd(in, load, g, dg);
    if (h >= 0)
        s += fac_ovd(in, load, h, dh);
    return s;
}

#endif
