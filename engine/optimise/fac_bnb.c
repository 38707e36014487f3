/*
 * fac_bnb: proves (or improves) a layout — the Lagrangian bound of
 * fac_lagrange.c at the root, variable fixing by reduced costs (a facility
 * whose forced opening / closing would lift the bound past the incumbent
 * is closed / opened for good), and a depth-first branch-and-bound on
 * "facility open / closed" (the most contested facility: its relaxed
 * open averaged over the ascent's steps nearest 1/2) with the same bound
 * at each node, warm-started
 * from its parent's multipliers. Each node's relaxed layout is also tried
 * as a solution (nearest assignment; with capacities the regret-greedy
 * assignment of fac_cap.c), so the tree can find a better layout than the
 * heuristics did. Below the root of an uncapacitated tree, the pairs of
 * the facilities the root closed are dropped from the clients' lists
 * (the evaluations then skip them instead of walking past them). With
 * capacities, a node whose open set is decided
 * branches on a client's assignment (forced to a facility / that pair
 * forbidden) until the relaxed assignment is one, so the leaves are
 * exact; at the root, the client-facility pairs whose reduced cost
 * alone lifts the bound to the incumbent are forbidden for the whole tree
 * (fac_pairfix.c), and below it a node takes fewer subgradient steps
 * than an uncapacitated one. Everything stops on a work count (pairs visited and
 * knapsack cells), so the answer and the bound do not depend on the
 * machine; what the tree could not close is reported as the bound.
 * fac_certify_or_give_up also stops a tree that its own progress says
 * would not close within its budget (see FAC_BNB_HOPELESS).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

/* Subgradient steps at the root and at every other node. */
#define FAC_BNB_ROOT_ITERS 3000
#define FAC_BNB_NODE_ITERS 60
/* Uncapacitated with at most FAC_BNB_FEW_OPEN open: each evaluation walks
 * most of every client's list (a client's multiplier is about its cost to
 * one of few medians), so a node gets fewer steps and the tree more nodes
 * (the 500-900-node p = 5 graphs of gen_orlib_like.py close with 20, not
 * with 60; p = 10 and p = n/10 ones need the 60). With the long steps of
 * FAC_BNB_NODE_THETA, 10 steps visit fewer pairs than 20 on every p = 5
 * graph (pmedg31 / 38: 130 / 135 million against 175 / 170; pmedg21:
 * 52 against 80). */
#define FAC_BNB_FEW_OPEN 5
#define FAC_BNB_FEW_ITERS 10
/* Capacitated: steps at every node but the root. A node warm-starts from
 * its parent's multipliers and most of its rise comes in the first
 * steps, so the tree does more nodes of 20 than of 60 within its work
 * budget: on the 100-point pmedcap1-like instances of gen_orlib_like.py
 * pmedcapg_15 is proven before the search (437 nodes; with 60 steps 211
 * nodes and a 0.58% gap left), the others keep their objectives (15 and
 * 25 steps were tried: pmedcapg_11 then ends at 1046 instead of 1040, or
 * pmedcapg_15 unproven). */
#define FAC_BNB_CAP_ITERS 20
/* The step factor of a node's ascent (Polyak's theta, towards the
 * incumbent; the root starts at 2). Uncapacitated, a node warm-starts
 * from its parent's multipliers but its branching moved the optimum of
 * the relaxation away from them: long steps reach the new bound in the
 * few steps it has. On the 700-900-node graphs of gen_orlib_like.py
 * (tools/gen_orlib_like.py) 1.5 against 0.5 proves pmedg31 / 38 (p = 5)
 * in 143 / 107 nodes, 175 / 170 million pairs visited, instead of 439 /
 * 367 nodes and 443 / 426 million; pmedg33 (p = 70) in 81 nodes instead
 * of 517 (1.0: 191 / 151 / 321 nodes, 2.0: 123 / 85 / 265, 3.0 worse
 * again). Capacitated nodes keep 0.5. */
#define FAC_BNB_NODE_THETA 1.5
#define FAC_BNB_CAP_THETA 0.5
/* Multiplier rows kept for the tree (depth x clients) at most. */
#define FAC_BNB_LAM_CELLS 8000000.0
/* Swaps of the Lagrangian heuristic at the root, and the largest instance
 * (facilities) it runs on (its swap tables are facilities squared). */
#define FAC_BNB_SWAPS 400
#define FAC_BNB_RW_MAX 3000
/* fac_certify_or_give_up: the share of the tree finished so far (a
 * finished subtree at depth d is 2^-d of it) projects the tree's work as
 * work / share; after 1/FAC_BNB_GIVE_UP_AFTER of the budget, a projection
 * above FAC_BNB_HOPELESS budgets ends the tree there (what is left is
 * reported as the bound, as when the budget runs out). On the 100-point
 * pmedcap1 instances with a budget of 250 million, every tree that closes
 * has finished 0.4-40% of itself after 31 million (a projection of at
 * most 32 budgets); real pmedcap1_20 (root bound 972.3, optimum 1005)
 * 0.0015%, a projection of 8,000 budgets: it stops there instead of
 * spending 220 million more for nothing. */
#define FAC_BNB_GIVE_UP_AFTER 8
#define FAC_BNB_HOPELESS 1000.0
/* The same for an uncapacitated tree (the early proof of facility.c, a
 * budget of 300 million): its root and first dive take 40-55 million
 * before any subtree finishes, so it is judged after a third of the
 * budget, and ends at a projection above 20 budgets. On the 40 generated
 * pmedg graphs (tools/gen_orlib_like.py) and OR-Library pmed1, 5, 10, 20,
 * 35, 36 and 37, every tree that closes does so within 136 million, and
 * the slowest (pmedg31, pmedg38) have finished 25-60% of themselves after
 * 90-120 million (a projection of about 1 budget); real pmed36 has
 * finished 0.1% after 106 million and pmedg39 nothing after 227 million:
 * they stop after 100 million instead of 300. Their bounds are the root's
 * either way (neither finishes a child of the root within 300 million),
 * and the layouts they found by then are the ones the full trees end with. */
#define FAC_BNB_UNCAP_GIVE_UP_AFTER 3
#define FAC_BNB_UNCAP_HOPELESS 20.0

typedef struct bnb {
    fac_lag L;
    const fac_inst *in;
    int p;
    bool capacitated;
    bool *open;               /* the incumbent */
    double ub;
    fac_cap *a;               /* its assignment (capacitated) */
    fac_cap trial;
    bool *tried;              /* capacitated: the layout try_layout last
                                 assigned (a dive often relaxes to the same
                                 layout node after node), or NULL */
    bool tried_ok;
    fac_pool *pool;           /* capacitated: feasible layouts tried, or NULL */
    fac_cap_work *w;
    long budget;
    bool give_up;             /* stop a tree that would not close (above) */
    double finished;          /* the share of the tree finished */
    long nodes;
    int max_depth;
    double *lam;              /* (max_depth + 1) x nc: multipliers per depth */
    double *best_lam;         /* the same, best found at each depth */
    int *trail;               /* facilities whose state a node changed */
    size_t ntrail;
    size_t *ptrail;           /* capacitated: pairs the nodes forbade */
    size_t nptrail;
    fac_rw *rw;               /* swap search from the root's relaxed layout
                                 (uncapacitated), or NULL */
    fac_inst cin;             /* uncapacitated: the instance without the
                                 pairs of facilities the root closed */
    bool compact;             /* cin is built and in use below the root */
} bnb;

static void compact_free(bnb *B)
{
    fac_inst *c = &B->cin;
    free(c->start);
    free(c->fac);
    free(c->e);
    free(c->rstart);
    free(c->rclient);
    free(c->rpair);
}

/* Uncapacitated: B->cin = B->in without the pairs of facilities closed
 * (state -1) at the root, the subtree's evaluations then skip them
 * instead of walking past them (the relaxation is the same: a closed
 * facility's pairs count for nothing). Forward lists keep their order,
 * the reverse index is rebuilt. False (nothing built) when too few are
 * closed to be worth it, or out of memory. */
static bool compact_root(bnb *B)
{
    const fac_inst *in = B->in;
    const signed char *st = B->L.state;
    size_t nc = in->nc, nf = in->nf, closed = 0, k = 0;
    for (size_t f = 0; f < nf; f++)
        closed += st[f] < 0;
    if (4 * closed < nf)
        return false;
    for (size_t q = 0; q < in->start[nc]; q++)
        k += st[in->fac[q]] >= 0;
    fac_inst *c = &B->cin;
    *c = *in;
    c->start = malloc((nc + 1) * sizeof *c->start);
    c->fac = malloc((k ? k : 1) * sizeof *c->fac);
    c->e = malloc((k ? k : 1) * sizeof *c->e);
    c->rstart = calloc(nf + 1, sizeof *c->rstart);
    c->rclient = malloc((k ? k : 1) * sizeof *c->rclient);
    c->rpair = malloc((k ? k : 1) * sizeof *c->rpair);
    if (!c->start || !c->fac || !c->e || !c->rstart || !c->rclient || !c->rpair) {
        compact_free(B);
        return false;
    }
    k = 0;
    c->start[0] = 0;
    for (size_t i = 0; i < nc; i++) {
        for (size_t q = in->start[i]; q < in->start[i + 1]; q++) {
            int f = in->fac[q];
            if (st[f] < 0)
                continue;
            c->fac[k] = f;
            c->e[k] = in->e[q];
            c->rstart[f + 1]++;
            k++;
        }
        c->start[i + 1] = k;
    }
    for (size_t f = 0; f < nf; f++)
        c->rstart[f + 1] += c->rstart[f];
    for (size_t i = 0; i < nc; i++)
        for (size_t q = c->start[i]; q < c->start[i + 1]; q++) {
            int f = c->fac[q];
            size_t pos = c->rstart[f]++;
            c->rclient[pos] = (int)i;
            c->rpair[pos] = q;
        }
    for (size_t f = nf; f > 0; f--)
        c->rstart[f] = c->rstart[f - 1];
    c->rstart[0] = 0;
    B->L.work += (long)in->start[nc] + (long)k;
    return true;
}

static double eps_of(double x)
{
    return 1e-9 * (1.0 + fabs(x));
}

/* Tries the relaxed layout (L.chosen, p open) as a solution. */
static void try_layout(bnb *B)
{
    const fac_inst *in = B->in;
    const bool *ch = B->L.chosen;
    if (!B->capacitated) {
        double obj = 0;
        for (size_t c = 0; c < in->nc; c++) {
            size_t q = in->start[c];
            while (q < in->start[c + 1] && !ch[in->fac[q]])
                q++;
            B->L.work += (long)(q - in->start[c]) + 1;
            if (q == in->start[c + 1])
                return;                       /* a client cannot be reached */
            obj += in->e[q];
        }
        if (obj < B->ub - eps_of(B->ub)) {
            B->ub = obj;
            memcpy(B->open, ch, in->nf * sizeof *ch);
        }
        if (B->rw) {
            /* Lagrangian heuristic: the relaxed layout, then the best swaps. */
            fac_rw_set(B->rw, ch);
            B->L.work += (long)in->start[in->nc];
            for (int m = 0; m < FAC_BNB_SWAPS && B->L.work < B->budget; m++) {
                int i, r;
                double profit;
                B->L.work += (long)in->nf * B->p;
                if (!fac_rw_best_swap(B->rw, &i, &r, &profit) || profit <= fac_eps(B->rw->obj))
                    break;
                fac_rw_swap(B->rw, i, r);
            }
            if (B->rw->obj < B->ub - eps_of(B->ub)) {
                B->ub = B->rw->obj;
                memcpy(B->open, B->rw->open, in->nf * sizeof *ch);
            }
        }
        return;
    }
    if (B->tried) {
        B->L.work += (long)in->nf;
        if (B->tried_ok && memcmp(B->tried, ch, in->nf * sizeof *ch) == 0)
            return;                           /* assigned already */
        memcpy(B->tried, ch, in->nf * sizeof *ch);
        B->tried_ok = true;
    }
    fac_cap_assign(in, ch, &B->trial, B->w);
    B->L.work += 4 * (long)in->start[in->nc] + (long)in->nc;
    if (B->pool && B->trial.unassigned == 0 && B->trial.over <= 1e-9)
        fac_pool_add(B->pool, ch, B->trial.cost);
    if (B->trial.unassigned == 0 && B->trial.over <= 1e-9
        && B->trial.cost < B->ub - eps_of(B->ub)) {
        B->ub = B->trial.cost;
        memcpy(B->open, ch, in->nf * sizeof *ch);
        fac_cap_copy(B->a, &B->trial, in);
    }
}

static void set_state(bnb *B, int f, signed char s)
{
    B->L.state[f] = s;
    B->trail[B->ntrail++] = f;
}

/* Fixes free facilities by reduced costs at the last evaluation (value v);
 * returns how many were fixed. */
static int fix_by_reduced_costs(bnb *B, double v)
{
    fac_lag *L = &B->L;
    int need = L->need, nfree = L->n_free, nfix = 0;
    double t_in = need > 0 ? L->v[L->order[need - 1]] : 0;
    double t_out = need < nfree ? L->v[L->order[need]] : 0;
    for (int k = 0; k < nfree; k++) {
        int f = L->order[k];
        if (k < need) {
            if (need == nfree || fac_lag_round(L, v + t_out - L->v[f]) >= B->ub - eps_of(B->ub)) {
                set_state(B, f, 1);
                nfix++;
            }
        } else if (need == 0 || fac_lag_round(L, v + L->v[f] - t_in) >= B->ub - eps_of(B->ub)) {
            set_state(B, f, -1);
            nfix++;
        }
    }
    return nfix;
}

/* At a capacitated node whose open set is decided (L evaluated at lam
 * with the subgradient): when every client of the relaxation is taken
 * once and whole by the chosen facilities, the relaxed solution is an
 * assignment that fits (the knapsacks saw the capacities): it is the
 * node's optimum, offered as a layout, and true is returned with *val its
 * cost. Else *bc / *bq = the client to branch on (the one in violation
 * with the largest demand, then the lowest index) and its pair: the
 * cheapest chosen facility that takes it, or when none does, its
 * cheapest pair to a chosen facility that is not forbidden and has room
 * (*bq = -1: none, no assignment completes this node). */
static bool leaf_assignment(bnb *B, double *val, long *bc, long *bq)
{
    fac_lag *L = &B->L;
    const fac_inst *in = B->in;
    size_t nc = in->nc, nf = in->nf;
    int *asg = B->trial.f;
    for (size_t c = 0; c < nc; c++)
        asg[c] = L->cforce[c] >= 0 ? in->fac[L->cforce[c]] : -1;
    long worst = -1;
    for (size_t f = 0; f < nf; f++) {
        if (!L->chosen[f])
            continue;
        for (size_t k = L->istart[f]; k < L->icnt[f]; k++) {
            double t = L->take[k];
            int c = L->iclient[k];
            if (t <= 1e-9)
                continue;
            /* items of f come by client, the clients' lists by cost: keep
             * the cheapest taker */
            if (asg[c] < 0 || fac_cost(in, (size_t)c, (int)f) < fac_cost(in, (size_t)c, asg[c]))
                asg[c] = (int)f;
            if (t < 1 - 1e-9 && (worst < 0 || in->w[c] > in->w[worst] || (in->w[c] == in->w[worst] && c < worst)))
                worst = c;
        }
    }
    L->work += (long)in->start[nc] / 4 + (long)nc;
    for (size_t c = 0; c < nc; c++)
        if (fabs(L->g[c]) > 1e-9 && (worst < 0 || in->w[c] > in->w[worst]
                                     || (in->w[c] == in->w[worst] && (long)c < worst)))
            worst = (long)c;
    if (worst < 0) {
        fac_cap *t = &B->trial;
        memset(t->load, 0, nf * sizeof *t->load);
        double cost = 0;
        for (size_t c = 0; c < nc; c++) {
            t->load[asg[c]] += in->w[c];
            cost += fac_cost(in, c, asg[c]);
        }
        t->cost = cost;
        t->over = 0;
        t->unassigned = 0;
        t->total = cost;
        if (cost < B->ub - eps_of(B->ub)) {
            B->ub = cost;
            memcpy(B->open, L->chosen, nf * sizeof *L->chosen);
            fac_cap_copy(B->a, t, in);
        }
        *val = cost;
        return true;
    }
    *bc = worst;
    *bq = -1;
    size_t c = (size_t)worst;
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int f = in->fac[q];
        if (asg[c] >= 0 ? f == asg[c]
                        : L->chosen[f] && L->pstate[q] >= 0
                              && L->capred[f] + in->w[c] <= in->cap[f] + 1e-9) {
            *bq = (long)q;
            break;
        }
    }
    return false;
}

/* The subtree's lower bound (>= ub when it holds nothing better). */
static double node(bnb *B, int depth, double parent_bound)
{
    fac_lag *L = &B->L;
    const fac_inst *in = B->in;
    size_t nc = in->nc;
    if (L->work >= B->budget)
        return parent_bound;
    long after = B->capacitated ? FAC_BNB_GIVE_UP_AFTER : FAC_BNB_UNCAP_GIVE_UP_AFTER;
    double hopeless = B->capacitated ? FAC_BNB_HOPELESS : FAC_BNB_UNCAP_HOPELESS;
    if (B->give_up && L->work >= B->budget / after
        && (double)L->work > hopeless * B->finished * (double)B->budget) {
        B->budget = L->work;          /* the budget ends here */
        return parent_bound;
    }
    B->nodes++;
    double *lam = B->lam + (size_t)depth * nc;
    double *best = B->best_lam + (size_t)depth * nc;
    size_t mark = B->ntrail, pmark = B->nptrail;
    double lb = parent_bound;
    for (int round = 0; round < 4; round++) {
        int iters = depth == 0 && round == 0 ? FAC_BNB_ROOT_ITERS
                    : !B->capacitated && B->p <= FAC_BNB_FEW_OPEN ? FAC_BNB_FEW_ITERS
                    : B->capacitated ? FAC_BNB_CAP_ITERS
                                                                 : FAC_BNB_NODE_ITERS;
        double theta = depth == 0 && round == 0 ? 2.0
                       : B->capacitated ? FAC_BNB_CAP_THETA : FAC_BNB_NODE_THETA;
        memcpy(best, lam, nc * sizeof *lam);
        double b = fac_lag_ascent(L, lam, best, B->ub, iters, theta, B->budget);
        if (b == INFINITY) {
            lb = INFINITY;                     /* no p open fit this node */
            break;
        }
        if (b > lb)
            lb = b;
        memcpy(lam, best, nc * sizeof *lam);
        double norm;
        double v = fac_lag_eval(L, best, false, &norm);
        fac_rw *keep = B->rw;
        if (depth > 0)
            B->rw = NULL;             /* the swap search at the root only */
        try_layout(B);
        B->rw = keep;
        if (fac_lag_round(L, lb) >= B->ub - eps_of(B->ub) || L->work >= B->budget)
            break;
        long nfix = fix_by_reduced_costs(B, v);
        if (depth == 0 && B->capacitated && B->ptrail) {
            /* pairs whose reduced cost closes them, for the whole tree */
            long pf = fac_lag_pair_fix(L, best, v, B->ub, B->ptrail + B->nptrail);
            B->nptrail += (size_t)pf;
            nfix += pf;
        }
        if (nfix == 0)
            break;
    }
    const fac_inst *keep_in = B->in;
    if (depth == 0 && !B->capacitated && lb != INFINITY
        && fac_lag_round(L, lb) < B->ub - eps_of(B->ub) && L->work < B->budget
        && compact_root(B)) {
        B->compact = true;
        B->in = in = &B->cin;
        L->in = in;
        L->rcost_of = NULL;           /* its reverse costs are the new instance's */
    }
    double out;
    bool finished = true;     /* this node's subtree is done (no branching) */
    if (lb == INFINITY || fac_lag_round(L, lb) >= B->ub - eps_of(B->ub)) {
        out = lb == INFINITY ? INFINITY : fac_lag_round(L, lb);
    } else if (L->work >= B->budget || depth >= B->max_depth) {
        out = fac_lag_round(L, lb);
        finished = false;
    } else {
        double norm, val;
        long bc, bq;
        fac_lag_eval(L, lam, B->capacitated, &norm);
        if (!L->feasible) {
            out = INFINITY;
        } else if ((L->need == 0 || L->need == L->n_free) && !B->capacitated) {
            /* Every facility decided: the layout is the relaxed one. */
            try_layout(B);
            out = B->ub;
        } else if (L->need == 0 || L->need == L->n_free) {
            /* Every facility decided, capacities: the relaxed assignment
             * when it is one, else branch on a client's assignment
             * (forced to its facility / that pair forbidden). */
            double lo = fac_lag_round(L, lb);
            if (leaf_assignment(B, &val, &bc, &bq)) {
                out = val > lo ? val : lo;
            } else if (bq < 0) {
                out = INFINITY;
            } else {
                finished = false;     /* its children count */
                int f = in->fac[bq];
                double *next = B->lam + (size_t)(depth + 1) * nc;
                double keep_red = L->capred[f];
                memcpy(next, lam, nc * sizeof *lam);
                L->cforce[bc] = bq;
                L->capred[f] += in->w[bc];
                signed char keep_st = L->state[f];
                L->state[f] = 1;
                double c1 = node(B, depth + 1, lo);
                L->state[f] = keep_st;
                L->cforce[bc] = -1;
                L->capred[f] = keep_red;
                memcpy(next, lam, nc * sizeof *lam);
                L->pstate[bq] = -1;
                double c2 = node(B, depth + 1, lo);
                L->pstate[bq] = 0;
                out = c1 < c2 ? c1 : c2;
                if (out < lo)
                    out = lo;
            }
        } else {
            /* Branch on the most contested free facility: its relaxed
             * "open", averaged over the last ascent's steps, nearest 1/2
             * (ties: the lowest index); when every average is 0 or 1, the
             * chosen free facility nearest to leaving. */
            finished = false;
            int f = L->order[L->need - 1];
            if (L->ybar) {
                double bd = 0.5 - 1e-9;
                int bf = -1;
                for (int k = 0; k < L->n_free; k++) {
                    int g = L->order[k];
                    double d = fabs(L->ybar[g] - 0.5);
                    if (d < bd - 1e-12 || (bf >= 0 && d <= bd + 1e-12 && g < bf)) {
                        bd = d;
                        bf = g;
                    }
                }
                if (bf >= 0)
                    f = bf;
            }
            double *next = B->lam + (size_t)(depth + 1) * nc;
            double lo = fac_lag_round(L, lb);
            size_t m2 = B->ntrail;
            memcpy(next, lam, nc * sizeof *lam);
            set_state(B, f, -1);
            double c1 = node(B, depth + 1, lo);
            while (B->ntrail > m2)
                L->state[B->trail[--B->ntrail]] = 0;
            memcpy(next, lam, nc * sizeof *lam);
            set_state(B, f, 1);
            double c2 = node(B, depth + 1, lo);
            while (B->ntrail > m2)
                L->state[B->trail[--B->ntrail]] = 0;
            out = c1 < c2 ? c1 : c2;
            if (out < lo)
                out = lo;
        }
    }
    if (finished)
        B->finished += ldexp(1.0, -depth);
    if (B->compact && depth == 0) {
        B->in = keep_in;
        L->in = keep_in;
        L->rcost_of = NULL;
        compact_free(B);
        B->compact = false;
    }
    while (B->ntrail > mark)
        L->state[B->trail[--B->ntrail]] = 0;
    while (B->nptrail > pmark)
        L->pstate[B->ptrail[--B->nptrail]] = 0;
    return out;
}

static double certify(const fac_inst *in, int p, bool capacitated, bool *open,
                      double *ub, fac_cap *a, fac_cap_work *w, long work_budget,
                      double deadline, long *nodes, fac_pool *pool, bool give_up)
{
    if (in->nc == 0)
        return *ub;
    bnb B;
    memset(&B, 0, sizeof B);
    B.in = in;
    B.p = p;
    B.capacitated = capacitated && in->cap;
    B.open = open;
    B.ub = *ub;
    B.a = a;
    B.w = w;
    B.pool = pool;
    B.budget = work_budget;
    B.give_up = give_up;
    size_t nc = in->nc;
    double rows = FAC_BNB_LAM_CELLS / (double)nc;
    B.max_depth = rows - 1 < (double)in->nf ? (int)rows - 1 : (int)in->nf;
    if (B.max_depth < 0)
        B.max_depth = 0;
    double lb = 0;
    if (fac_lag_init(&B.L, in, p, B.capacitated) != JH_OK)
        return 0;
    B.L.deadline = deadline;
    B.lam = malloc((size_t)(B.max_depth + 1) * nc * sizeof *B.lam);
    B.best_lam = malloc((size_t)(B.max_depth + 1) * nc * sizeof *B.best_lam);
    B.trail = malloc((in->nf ? in->nf : 1) * sizeof *B.trail);
    if (!B.lam || !B.best_lam || !B.trail
        || (B.capacitated && fac_cap_init(&B.trial, in, NULL) != JH_OK))
        goto done;
    if (!B.capacitated && in->nf <= FAC_BNB_RW_MAX) {
        B.rw = malloc(sizeof *B.rw);
        if (B.rw && fac_rw_init(B.rw, in, NULL) != JH_OK) {
            free(B.rw);
            B.rw = NULL;
        }
        if (B.rw)
            fac_rw_dense(B.rw, p);
    }
    B.L.ybar = calloc(in->nf ? in->nf : 1, sizeof *B.L.ybar);
    if (B.capacitated)
        B.ptrail = malloc((in->start[nc] ? in->start[nc] : 1) * sizeof *B.ptrail);
    if (B.capacitated)
        B.tried = malloc((in->nf ? in->nf : 1) * sizeof *B.tried);
    /* Facilities forced at the root (fixed, not allowed) are not undone. */
    fac_lag_start(in, B.lam);
    lb = node(&B, 0, -INFINITY);
    if (lb > B.ub)
        lb = B.ub;
    if (lb < 0)
        lb = 0;
    *ub = B.ub;
done:
    if (nodes)
        *nodes = B.nodes;
    fac_cap_free(&B.trial);
    fac_lag_free(&B.L);
    if (B.rw) {
        fac_rw_free(B.rw);
        free(B.rw);
    }
    free(B.lam);
    free(B.best_lam);
    free(B.trail);
    free(B.ptrail);
    free(B.tried);
    return lb;
}

double fac_certify(const fac_inst *in, int p, bool capacitated, bool *open,
                   double *ub, fac_cap *a, fac_cap_work *w, long work_budget,
                   double deadline, long *nodes, fac_pool *pool)
{
    return certify(in, p, capacitated, open, ub, a, w, work_budget, deadline, nodes, pool, false);
}

double fac_certify_or_give_up(const fac_inst *in, int p, bool capacitated, bool *open,
                              double *ub, fac_cap *a, fac_cap_work *w, long work_budget,
                              double deadline, long *nodes, fac_pool *pool)
{
    return certify(in, p, capacitated, open, ub, a, w, work_budget, deadline, nodes, pool, true);
}
