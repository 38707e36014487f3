/*
 * facility: a near-optimal solver for the facility-location problems behind
 * school consolidation — which schools to keep (and which candidate sites
 * to open) so that students travel least, optionally with school
 * capacities and single-source assignment (each village goes whole to one
 * school).
 *
 * The problem is abstract (clients, facilities, a sparse cost table) so the
 * solver can be measured on public benchmarks (tools/bench_orlib.c, the
 * OR-Library p-median and capacitated p-median sets) independently of the
 * county model.
 *
 * Method (engine/optimise/fac_*.c): greedy add / drop starts, Whitaker's
 * fast interchange with Resende & Werneck's incremental swap evaluation
 * (best and second-best open facility per client, the gain / loss / extra
 * tables), for capacities a regret-greedy single-source assignment with
 * shift / swap / ejection moves inside the swap search, and a variable
 * neighbourhood search on top. Every stop is an iteration budget: the same
 * seed gives the same answer on any machine; time is only a safety cap.
 * A Lagrangian lower bound (uncapacitated relaxation) certifies the gap.
 */
#ifndef JH_FACILITY_H
#define JH_FACILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

typedef enum {
    /* Exactly p facilities open (p-median; capacitated p-median when
     * capacities are given). */
    JH_FACILITY_KEEP = 0,
    /* Consolidation: of the facilities open now (open_now), close N net,
     * i.e. p = |open_now| - N facilities stay open (candidate sites may be
     * among them). The travel objective rewards every open facility, so
     * "at most N" is met by closing exactly N; when capacities make that
     * infeasible, fewer are closed (the smallest feasible p above it) and
     * the solution says how many are open. */
    JH_FACILITY_CLOSE_AT_MOST,
    /* Fewest open facilities such that every client is within max_cost of
     * its facility (set covering; with capacities, a feasible single-source
     * assignment within max_cost), then the least total cost for that
     * number. The count is heuristic: the smallest p for which the search
     * found a feasible layout, descending from a greedy cover. */
    JH_FACILITY_MAX_COST
} jh_facility_mode;

typedef struct jh_facility_problem {
    size_t n_clients, n_facilities;
    const double *demand;        /* per client (students), >= 0 */
    const double *capacity;      /* per facility, >= 0; NULL = uncapacitated */
    /* Sparse costs, CSR by client, sorted ascending by cost: the pairs of
     * client c are [start[c], start[c+1]) of facility[] / cost[]. A pair
     * absent from the table is unreachable and is never used. A facility
     * appears at most once per client. */
    const size_t *start;         /* n_clients + 1 */
    const int *facility;
    const double *cost;          /* >= 0 */
    const bool *fixed;           /* must stay open; NULL = none */
    const bool *allowed;         /* may be open in the answer; NULL = all.
                                    A facility not allowed is closed for good. */
    const bool *open_now;        /* the current layout (CLOSE_AT_MOST);
                                    NULL = every allowed facility is open now.
                                    An allowed facility not open now is a
                                    candidate (new) site. */
    jh_facility_mode mode;
    int p;                       /* KEEP: facilities open */
    int close_at_most;           /* CLOSE_AT_MOST: N */
    double max_cost;             /* MAX_COST: in the cost table's units */
    unsigned long seed;          /* random stream (GSL mt19937) */
    long max_iterations;         /* search budget, 0 = default; the primary stop */
    double time_limit_s;         /* wall-clock cap, only when > 0 (the
                                    answer then depends on the machine) */
    long certify_work;           /* work budget of the bound and the
                                    branch-and-bound, 0 = default */
    const char *const *facility_name; /* for messages (e.g. school ids);
                                    NULL = "facility <index>" */
    const char *const *client_name; /* the same for clients; NULL = index */
    long dense_cells_max;        /* largest dense cost table (clients x
                                    facilities), 0 = default (4M); < 0 =
                                    always the per-client hash (tests) */
    bool split_when_needed;      /* KEEP with capacities: when the search
                                    finds no single-source assignment for
                                    its best layout, split a few clients
                                    between facilities (fac_capsplit.c)
                                    instead of failing; false = fail */
    const bool *whole;           /* per client: never split by that
                                    fallback (it moves other clients round
                                    it); NULL = any client may split */
} jh_facility_problem;

typedef struct jh_facility_solution {
    size_t n_clients, n_facilities;
    bool *open;                  /* n_facilities */
    int *assign;                 /* n_clients: the facility of each client
                                    (single source); -1 only for a client of
                                    zero demand with no reachable open facility */
    int n_open;
    double objective;            /* sum of demand x cost */
    double lower_bound;          /* proven lower bound on the optimum of the
                                    solved p (Lagrangian bound, variable
                                    fixing, branch-and-bound); equal to
                                    objective when proven optimal */
    long nodes;                  /* branch-and-bound nodes explored */
    double seconds;
    long iterations;             /* search iterations spent */
    bool hit_time_limit;         /* the safety cap stopped the search */
    size_t n_parts;              /* split_when_needed used: parts of clients
                                    sent to a facility other than assign[]'s
                                    (which holds the rest of the demand) */
    size_t *part_client;         /* caller's client index */
    int *part_facility;
    double *part_demand;         /* demand (students) of the part */
    double places_short;         /* > 0 when the feasibility check failed
                                    (JH_ERR_INPUT): the places the clients
                                    short of them lack through the pairs
                                    given, with every facility open */
} jh_facility_solution;

/* Solves the problem. Returns JH_ERR_INPUT with a message naming the
 * client / facility / field for bad input and for infeasible instances
 * (a client with no reachable facility, p out of range, more fixed than p,
 * capacities too small); JH_ERR_RUN when out of memory. On success *out is
 * filled and owned by the caller (jh_facility_solution_free). */
jh_status jh_facility_solve(const jh_facility_problem *problem,
                            jh_facility_solution *out, jh_error *err);

/* The capacitated assignment of one layout (open: the facilities open,
 * each allowed) from a start (from: a facility per client, -1 none; NULL
 * = none): no search of layouts, only the assignment's moves, the
 * ejection chains and (split_when_needed) the split fallback, from the
 * start's clients at open facilities they reach (the others at their
 * cheapest open one). For a layout the search chose, re-assigned after a
 * few clients changed (fac_reassign.c). JH_ERR_INPUT when no assignment
 * without overload was found; lower_bound is 0 (none). */
jh_status jh_facility_reassign(const jh_facility_problem *problem, const bool *open,
                               const int *from, jh_facility_solution *out, jh_error *err);

void jh_facility_solution_free(jh_facility_solution *s);

#endif
