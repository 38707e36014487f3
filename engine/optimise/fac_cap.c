/*
 * fac_cap: single-source assignment under capacities for one open set (a
 * generalised assignment problem, solved heuristically because it sits
 * inside the swap evaluation). Regret greedy first — the client that would
 * lose most by missing its best feasible facility is placed first — then
 * local moves on cost + P_over x overload: shift (one client to another
 * facility), swap (two clients trade facilities) and a depth-2 ejection
 * (a client moves into a full facility, which pushes one of its clients
 * on to a third). Overload is priced, so when no feasible assignment is
 * found the search still reports how far it is from one.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fac_capsettle.h"
#include "fac_internal.h"
#include "fac_regq.h"

/* Facilities per client tried by the ejection move. */
#define FAC_EJECT_K 6
/* Up to this many clients both constructions are always tried. */
#define FAC_CAP_BOTH 150
/* The memo of assignments (small instances, up to FAC_CAP_BOTH clients):
 * at most this many slots, and this many bytes in all (a slot's
 * assignment is allocated when first used). With 1,024 slots the
 * pmedcapg searches evicted about half the layouts they met again. */
#define FAC_CAP_MEMO_SLOTS 16384
#define FAC_CAP_MEMO_BYTES (32u << 20)
/* Up to this many clients x facilities, the place of each pair in its
 * client's list is kept (fac_cap_work.rank), so that a client's nearest
 * open facilities are found among the open ones, not by walking its list
 * past the closed ones. */
#define FAC_RANK_CELLS 4000000.0
/* Up to this many open facilities the swap pass keeps, per pair of open
 * facilities (g, f), a bound on what trading a client of g to f saves. */
#define FAC_SWAP_BOUND_OPEN 256
/* Up to this many clients x open facilities, each client's costs at the
 * open ones are kept in a row of their own (fac_cap_work.ocost), built
 * with the near lists and read by every swap pass of that open set. */
#define FAC_OCOST_CELLS 1000000

struct fac_cap_work {
    int *bf, *sf;             /* best / second feasible facility per client */
    double *be, *sec;         /* their weighted costs */
    double *rg;               /* regret_place: each client's regret (sec -
                                 be, or U without a second) */
    int *place;               /* regret_place: each client's place in its list */
    fac_regq *rq;             /* regret_place: the clients still to place */
    bool *done;
    int *near;                /* FAC_EJECT_K nearest open, per client */
    double *near_e;           /* their weighted costs (the moves' hot
                                 lookups, read in place) */
    int *fstart, *flist;      /* clients by facility (CSR), per round */
    int *list;                /* scratch list of clients */
    fac_cap *alt;             /* the second construction's assignment */
    size_t n_list;            /* clients in list after fac_cap_swap_eval */
    int *order;               /* clients by demand, descending */
    double *order_w;          /* the demands order was sorted by (order_n of
                                 them; 0: not sorted yet) */
    size_t order_n;
    fac_capl *L;              /* large instances: bounded moves (fac_caplocal.c) */
    int *rank;                /* small instances (FAC_RANK_CELLS): nc x nf, the
                                 place of facility f in client c's list
                                 (INT_MAX: not listed), or NULL */
    uint64_t *rank_bits;      /* with rank: a bit per place of a list (build_near) */
    int *slot;                /* nf: open facility -> its index in olist, -1 */
    int *olist, nopen;        /* the open facilities (build_near) */
    bool *near_open;          /* nf: the open set near, slot and olist were
                                 built for, from the pairs near_fac */
    const int *near_fac;      /* (NULL: not built) */
    double *gain;             /* nopen x nopen (up to FAC_SWAP_BOUND_OPEN):
                                 gain[g][f] >= e(c,g) - e(c,f) for every
                                 client c of g (swap_pass) */
    double *save;             /* nf: the most a client of g saves by moving
                                 on to its nearest other open site (eject_pass) */
    double *ocost;            /* nc x nopen (olist order): each client's
                                 weighted cost at each open facility (-1 not
                                 listed), when ocost_ok (FAC_OCOST_CELLS) */
    size_t ocost_room;
    bool ocost_ok;
    /* Small instances (a rank table, FAC_OCOST_CELLS): each client's open
     * facilities in the order of its list, with their weighted costs
     * (oq_n per client, rows of nopen), built with the near lists; oq_live:
     * built for the open set of the constructions now running, which walk
     * them instead of the whole list (the same facilities in the same
     * order, without the closed ones) */
    int *oq_f, *oq_n;
    double *oq_e;
    size_t oq_room;
    bool oq_ok, oq_live;
    /* Small instances: the assignments fac_cap_assign made, by layout (a
     * direct-mapped table of memo_n slots; a layout's slot holds the
     * last one assigned there). The assignment is a function of the
     * layout (and the instance's costs, demands and capacities, which
     * the callers sharing a work area share), so a layout met again (the
     * branch-and-bound's relaxed layouts, the searches' moves back) is
     * copied, not assigned again: the same figures. */
    size_t memo_n, memo_words;
    uint64_t *memo_key;       /* memo_n x memo_words: the layout's bits */
    bool *memo_used;
    fac_cap *memo;            /* memo_n assignments */
    fac_settled *settled;     /* the states the passes found settled, or
                                 NULL (fac_capsettle.c) */
};

fac_cap_work *fac_cap_work_new(const fac_inst *in)
{
    size_t nc = in->nc ? in->nc : 1;
    fac_cap_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->bf = malloc(nc * sizeof *w->bf);
    w->sf = malloc(nc * sizeof *w->sf);
    w->be = malloc(nc * sizeof *w->be);
    w->sec = malloc(nc * sizeof *w->sec);
    w->rg = malloc(nc * sizeof *w->rg);
    w->place = malloc(nc * sizeof *w->place);
    w->rq = fac_regq_new(nc, in->nf);
    w->done = malloc(nc * sizeof *w->done);
    w->near = malloc(nc * FAC_EJECT_K * sizeof *w->near);
    w->near_e = malloc(nc * FAC_EJECT_K * sizeof *w->near_e);
    w->fstart = malloc((in->nf + 1) * sizeof *w->fstart);
    w->flist = malloc(nc * sizeof *w->flist);
    w->list = malloc(2 * nc * sizeof *w->list);  /* swap_eval: r's clients, then i's */
    w->alt = calloc(1, sizeof *w->alt);
    w->order = malloc(nc * sizeof *w->order);
    w->order_w = malloc(nc * sizeof *w->order_w);
    w->slot = malloc((in->nf ? in->nf : 1) * sizeof *w->slot);
    w->save = malloc((in->nf ? in->nf : 1) * sizeof *w->save);
    w->olist = malloc((in->nf ? in->nf : 1) * sizeof *w->olist);
    w->near_open = malloc((in->nf ? in->nf : 1) * sizeof *w->near_open);
    size_t gb = in->nf < FAC_SWAP_BOUND_OPEN ? in->nf : FAC_SWAP_BOUND_OPEN;
    w->gain = malloc((gb ? gb * gb : 1) * sizeof *w->gain);
    if (in->nc <= FAC_CAP_BOTH && in->nc > 0) {
        size_t words = (in->nf + 63) / 64 ? (in->nf + 63) / 64 : 1;
        size_t per = in->nc * sizeof(int) + in->nf * sizeof(double) + words * 8 + sizeof(fac_cap);
        size_t n = FAC_CAP_MEMO_SLOTS;
        while (n > 1 && n * per > FAC_CAP_MEMO_BYTES)
            n /= 2;
        w->memo_words = words;
        w->memo_key = malloc(n * words * sizeof *w->memo_key);
        w->memo_used = calloc(n, sizeof *w->memo_used);
        w->memo = calloc(n, sizeof *w->memo);
        if (w->memo_key && w->memo_used && w->memo)
            w->memo_n = n;          /* the slots' assignments allocated when first used */
    }
    w->settled = fac_settled_new(in);   /* none: every round runs */
    if (in->nc <= FAC_CAP_BOTH && in->nc > 0 && (double)in->nc * (double)in->nf <= FAC_RANK_CELLS) {
        w->rank = malloc(in->nc * in->nf * sizeof *w->rank);
        w->rank_bits = malloc((in->nf + 63) / 64 * sizeof *w->rank_bits);
        if (!w->rank_bits) {
            free(w->rank);
            w->rank = NULL;
        }
        if (w->rank) {
            for (size_t k = 0; k < in->nc * in->nf; k++)
                w->rank[k] = INT_MAX;
            for (size_t c = 0; c < in->nc; c++)
                for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
                    w->rank[c * in->nf + (size_t)in->fac[q]] = (int)(q - in->start[c]);
        }
    }
    if (in->nc > FAC_CAPL_MIN && !(w->L = fac_capl_new(in))) {
        fac_cap_work_free(w);
        return NULL;
    }
    if (!w->rg || !w->place || !w->rq || !w->order || !w->order_w || !w->near_open || !w->slot ||
        !w->save || !w->olist || !w->gain || !w->bf || !w->sf || !w->be || !w->sec || !w->done ||
        !w->near || !w->near_e || !w->alt || !w->fstart || !w->flist || !w->list ||
        fac_cap_init(w->alt, in, NULL) != JH_OK) {
        fac_cap_work_free(w);
        return NULL;
    }
    return w;
}

fac_capl *fac_cap_work_local(fac_cap_work *w)
{
    return w ? w->L : NULL;
}

void fac_cap_work_free(fac_cap_work *w)
{
    if (!w)
        return;
    free(w->bf);
    free(w->sf);
    free(w->be);
    free(w->sec);
    free(w->rg);
    free(w->place);
    fac_regq_free(w->rq);
    free(w->done);
    free(w->near);
    free(w->near_e);
    free(w->fstart);
    free(w->flist);
    free(w->list);
    free(w->order);
    free(w->order_w);
    free(w->rank);
    free(w->rank_bits);
    free(w->slot);
    free(w->save);
    free(w->olist);
    free(w->near_open);
    free(w->gain);
    free(w->ocost);
    free(w->oq_f);
    free(w->oq_n);
    free(w->oq_e);
    fac_capl_free(w->L);
    fac_cap_free(w->alt);
    free(w->alt);
    if (w->memo)
        for (size_t i = 0; i < w->memo_n; i++)
            fac_cap_free(&w->memo[i]);
    free(w->memo);
    free(w->memo_used);
    free(w->memo_key);
    fac_settled_free(w->settled);
    free(w);
}

/* Best and second-best facility of c that is open and has room. */
static void feasible_two(const fac_inst *in, const bool *open, const double *load,
                         fac_cap_work *w, size_t c)
{
    w->bf[c] = w->sf[c] = -1;
    if (w->oq_live) {
        const int *of = w->oq_f + c * (size_t)w->nopen;
        const double *oe = w->oq_e + c * (size_t)w->nopen;
        for (int t = 0; t < w->oq_n[c]; t++) {
            int f = of[t];
            if (load[f] + in->w[c] > in->cap[f] + 1e-9)
                continue;
            if (w->bf[c] < 0) {
                w->bf[c] = f;
                w->be[c] = oe[t];
            } else {
                w->sf[c] = f;
                w->sec[c] = oe[t];
                return;
            }
        }
        return;
    }
    for (size_t q = in->start[c]; q < in->start[c + 1]; q++) {
        int f = in->fac[q];
        if (!open[f] || load[f] + in->w[c] > in->cap[f] + 1e-9)
            continue;
        if (w->bf[c] < 0) {
            w->bf[c] = f;
            w->be[c] = in->e[q];
        } else {
            w->sf[c] = f;
            w->sec[c] = in->e[q];
            return;
        }
    }
}

/* Places client c at the open facility where its cost plus the overload it
 * would cause is least (unplaced, -1, when none is reachable). */
static void place_cheapest(const fac_inst *in, const bool *open, fac_cap *a, size_t c,
                           const fac_cap_work *w)
{
    int bestf = -1;
    if (w->oq_live) {
        /* fac_cap_cheapest over c's open facilities alone */
        const int *of = w->oq_f + c * (size_t)w->nopen;
        const double *oe = w->oq_e + c * (size_t)w->nopen;
        double bv = 0;
        for (int t = 0; t < w->oq_n[c]; t++) {
            int f = of[t];
            double v = oe[t] + in->P_over * fac_ovd(in, a->load, f, in->w[c]);
            if (bestf < 0 || v < bv) {
                bestf = f;
                bv = v;
            }
        }
    } else {
        bestf = fac_cap_cheapest(in, open, a->load, c);
    }
    a->f[c] = bestf;
    if (bestf >= 0)
        a->load[bestf] += in->w[c];
}

/* Client c's best and second feasible facilities under the loads, and
 * its regret (the second's cost less the best's, U without a second). */
static void choices_and_regret(const fac_inst *in, const bool *open, const double *load,
                               fac_cap_work *w, size_t c)
{
    feasible_two(in, open, load, w, c);
    w->rg[c] = w->sf[c] >= 0 ? w->sec[c] - w->be[c] : in->U;
}

/* Are the open lists (oq) built for this open set? */
static bool open_lists_for(const fac_inst *in, const bool *open, const fac_cap_work *w)
{
    return w->oq_ok && w->near_fac == in->fac
           && memcmp(w->near_open, open, in->nf * sizeof *open) == 0;
}

/* Places the clients of `list` (all unassigned) by regret, around the
 * loads already in a; what fits nowhere goes where overload is least. */
static void regret_place(const fac_inst *in, const bool *open, fac_cap *a,
                         fac_cap_work *w, const int *list, size_t n)
{
    /* The clients still to place that fit somewhere, queued by regret
     * (ties: the larger demand, then the earlier in list) and listed at
     * their two choices (fac_regq.c). Loads only grow: a choice stays
     * valid while it has room, only the last pick's facility lost room,
     * and a client that fits nowhere never will. */
    fac_regq *q = w->rq;
    w->oq_live = open_lists_for(in, open, w);
    fac_regq_begin(q, w->rg, in->w, w->place);
    for (size_t t = 0; t < n; t++) {
        size_t c = (size_t)list[t];
        w->done[c] = false;
        w->place[c] = (int)t;
        choices_and_regret(in, open, a->load, w, c);
        if (w->bf[c] >= 0)
            fac_regq_set(q, (int)c, w->bf[c], w->sf[c]);
    }
    for (int pick; (pick = fac_regq_top(q)) >= 0;) {
        int f = w->bf[pick];
        a->f[pick] = f;
        a->load[f] += in->w[pick];
        w->done[pick] = true;
        fac_regq_drop(q, pick);
        /* the clients listed at f that it has no more room for: their
         * choices again (none of them is listed at f after it) */
        for (int u = fac_regq_first(q, f), next; u >= 0; u = next) {
            next = fac_regq_next(q, u);
            int c = fac_regq_client(u);
            if (a->load[f] + in->w[c] <= in->cap[f] + 1e-9)
                continue;
            choices_and_regret(in, open, a->load, w, (size_t)c);
            if (w->bf[c] >= 0)
                fac_regq_set(q, c, w->bf[c], w->sf[c]);
            else
                fac_regq_drop(q, c);
        }
    }
    for (size_t t = 0; t < n; t++) {
        size_t c = (size_t)list[t];
        if (w->done[c])
            continue;
        place_cheapest(in, open, a, c, w);
        w->done[c] = true;
    }
    w->oq_live = false;
}

static void regret_greedy(const fac_inst *in, const bool *open, fac_cap *a,
                          fac_cap_work *w)
{
    memset(a->load, 0, in->nf * sizeof *a->load);
    for (size_t c = 0; c < in->nc; c++) {
        a->f[c] = -1;
        w->list[c] = (int)c;
    }
    if (w->L) {
        fac_capl_journal_begin(w->L);
        fac_capl_regret(in, open, a, w->L, w->list, in->nc);
    } else
        regret_place(in, open, a, w, w->list, in->nc);
}

/* The place of the lowest bit set in b (not 0). */
static inline int low_bit(uint64_t b)
{
#if defined(__GNUC__)
    return __builtin_ctzll(b);
#else
    int i = 0;
    for (; !(b & 1); b >>= 1)
        i++;
    return i;
#endif
}

/* The nearest open facilities of every client (they depend on the open
 * set alone: built again only when it differs from the last one's, as
 * the two constructions of one assignment and the polish's kicks share
 * it), for the swap and ejection moves. */
static void build_near(const fac_inst *in, const bool *open, fac_cap_work *w)
{
    size_t nc = in->nc;
    if (w->near_fac == in->fac && memcmp(w->near_open, open, in->nf * sizeof *open) == 0)
        return;
    memcpy(w->near_open, open, in->nf * sizeof *open);
    w->near_fac = in->fac;
    w->nopen = 0;
    for (size_t f = 0; f < in->nf; f++) {
        w->slot[f] = open[f] ? w->nopen : -1;
        if (open[f])
            w->olist[w->nopen++] = (int)f;
    }
    size_t cells = nc * (size_t)w->nopen;
    w->ocost_ok = false;
    if (w->nopen <= FAC_SWAP_BOUND_OPEN && cells <= FAC_OCOST_CELLS) {
        if (cells > w->ocost_room) {
            double *o = realloc(w->ocost, cells * sizeof *o);
            if (o) {
                w->ocost = o;
                w->ocost_room = cells;
            }
        }
        if (cells <= w->ocost_room) {
            for (size_t c = 0; c < nc; c++)
                for (int k = 0; k < w->nopen; k++)
                    w->ocost[c * (size_t)w->nopen + (size_t)k] = fac_cost(in, c, w->olist[k]);
            w->ocost_ok = true;
        }
    }
    w->oq_ok = false;
    if (w->rank && cells <= FAC_OCOST_CELLS) {
        if (cells > w->oq_room) {
            int *f1 = realloc(w->oq_f, cells * sizeof *f1);
            if (f1)
                w->oq_f = f1;
            double *e1 = realloc(w->oq_e, cells * sizeof *e1);
            if (e1)
                w->oq_e = e1;
            if (!w->oq_n)
                w->oq_n = malloc(nc * sizeof *w->oq_n);
            if (f1 && e1 && w->oq_n)
                w->oq_room = cells;
        }
        if (cells <= w->oq_room) {
            for (size_t c = 0; c < nc; c++) {
                int k = 0, *of = w->oq_f + c * (size_t)w->nopen;
                double *oe = w->oq_e + c * (size_t)w->nopen;
                size_t len = in->start[c + 1] - in->start[c];
                if (2 * (size_t)w->nopen < len) {
                    /* few open: the places (ranks) of the listed ones
                     * marked in a bitmap and read back in order, instead
                     * of sorted */
                    const int *rk = w->rank + c * in->nf;
                    uint64_t *bits = w->rank_bits;
                    size_t words = (len + 63) / 64;
                    memset(bits, 0, words * sizeof *bits);
                    for (int t = 0; t < w->nopen; t++) {
                        int r = rk[w->olist[t]];
                        if (r != INT_MAX)
                            bits[r / 64] |= (uint64_t)1 << (r % 64);
                    }
                    for (size_t u = 0; u < words; u++)
                        for (uint64_t b = bits[u]; b; b &= b - 1) {
                            size_t q = in->start[c] + u * 64 + (size_t)low_bit(b);
                            of[k] = in->fac[q];
                            oe[k++] = in->e[q];
                        }
                } else {
                    for (size_t q = in->start[c]; q < in->start[c + 1]; q++)
                        if (open[in->fac[q]]) {
                            of[k] = in->fac[q];
                            oe[k++] = in->e[q];
                        }
                }
                w->oq_n[c] = k;
            }
            w->oq_ok = true;
        }
    }
    for (size_t c = 0; c < nc; c++) {
        int *near = w->near + c * FAC_EJECT_K;
        int k = 0;
        if (w->oq_ok) {
            /* the first of its open list */
            for (; k < FAC_EJECT_K && k < w->oq_n[c]; k++)
                near[k] = w->oq_f[c * (size_t)w->nopen + (size_t)k];
        } else if (w->rank && 2 * (size_t)w->nopen < in->start[c + 1] - in->start[c]) {
            /* few open: the open facilities of the FAC_EJECT_K lowest
             * places in c's list (what the walk below finds first) */
            const int *rk = w->rank + c * in->nf;
            int at[FAC_EJECT_K];
            for (int t = 0; t < w->nopen; t++) {
                int f = w->olist[t], r = rk[f];
                if (r == INT_MAX || (k == FAC_EJECT_K && r > at[k - 1]))
                    continue;
                int j = k < FAC_EJECT_K ? k++ : k - 1;
                for (; j > 0 && at[j - 1] > r; j--) {
                    at[j] = at[j - 1];
                    near[j] = near[j - 1];
                }
                at[j] = r;
                near[j] = f;
            }
        } else {
            for (size_t q = in->start[c]; q < in->start[c + 1] && k < FAC_EJECT_K; q++)
                if (open[in->fac[q]])
                    near[k++] = in->fac[q];
        }
        for (int t = 0; t < k; t++)
            w->near_e[c * FAC_EJECT_K + (size_t)t] = fac_cost(in, c, near[t]);
        for (; k < FAC_EJECT_K; k++)
            near[k] = -1;
    }
}

/* The clients of every facility, for the moves of one round. */
static void build_lists(const fac_inst *in, const fac_cap *a, fac_cap_work *w)
{
    size_t nc = in->nc, nf = in->nf;
    memset(w->fstart, 0, (nf + 1) * sizeof *w->fstart);
    for (size_t c = 0; c < nc; c++)
        if (a->f[c] >= 0)
            w->fstart[a->f[c] + 1]++;
    for (size_t f = 0; f < nf; f++)
        w->fstart[f + 1] += w->fstart[f];
    for (size_t c = 0; c < nc; c++) {
        int f = a->f[c];
        if (f >= 0)
            w->flist[w->fstart[f]++] = (int)c;
    }
    /* fstart now holds the ends; shift back to starts. */
    for (size_t f = nf; f > 0; f--)
        w->fstart[f] = w->fstart[f - 1];
    w->fstart[0] = 0;
}

/* One candidate of shift_one: client c (cost ef at its facility, demand
 * wc, base the overload change of leaving it) to open facility g at cost
 * e; *bd / *bg the best change so far. False when the walk stops here. */
static inline bool shift_try(const fac_inst *in, const fac_cap *a, int g, double e, double ef,
                             double wc, double base, double *bd, int *bg)
{
    if (e - ef >= *bd && base >= 0)
        return false;       /* sorted: no cheaper pair follows, no overload to relieve */
    double d = e - ef + in->P_over * (base + fac_ovd(in, a->load, g, wc));
    if (d < *bd) {
        *bd = d;
        *bg = g;
    }
    return true;
}

/* Moves one client to the facility that lowers cost + penalty most. With
 * w (its near lists built for this open set and a rank table), the walk
 * of c's list starts with its nearest open facilities and resumes in the
 * list after the last of them: the same candidates in the same order,
 * without stepping past the closed ones first. */
static bool shift_one(const fac_inst *in, const bool *open, fac_cap *a, size_t c,
                      const fac_cap_work *w)
{
    int f = a->f[c];
    if (f < 0)
        return false;
    double ef = fac_cost(in, c, f), wc = in->w[c];
    double base = fac_ovd(in, a->load, f, -wc);
    int bg = -1;
    double bd = -1e-9 * (1 + ef);
    size_t q = in->start[c];
    if (w && w->rank) {
        const int *near = w->near + c * FAC_EJECT_K;
        const double *near_e = w->near_e + c * FAC_EJECT_K;
        int t = 0;
        for (; t < FAC_EJECT_K && near[t] >= 0; t++)
            if (near[t] != f
                && !shift_try(in, a, near[t], near_e[t], ef, wc, base, &bd, &bg))
                goto move;
        if (t < FAC_EJECT_K)
            goto move;      /* c's list holds no other open facility */
        q += (size_t)w->rank[c * in->nf + (size_t)near[FAC_EJECT_K - 1]] + 1;
    }
    for (; q < in->start[c + 1]; q++) {
        int g = in->fac[q];
        if (!open[g] || g == f)
            continue;
        if (!shift_try(in, a, g, in->e[q], ef, wc, base, &bd, &bg))
            break;
    }
move:
    if (bg < 0)
        return false;
    a->load[f] -= wc;
    a->load[bg] += wc;
    a->f[c] = bg;
    return true;
}

static bool shift_pass(const fac_inst *in, const bool *open, fac_cap *a, const fac_cap_work *w)
{
    bool improved = false;
    for (size_t c = 0; c < in->nc; c++)
        improved |= shift_one(in, open, a, c, w);
    return improved;
}

/* gain row[k] raised to what a client at cost ecg saves at the k-th open
 * facility, where it costs e (-1: not listed there) */
static inline void raise_gain(double *row, int k, double ecg, double e)
{
    if (e >= 0 && ecg - e > row[k])
        row[k] = ecg - e;
}

#if defined(__GNUC__)
typedef double cap_v4d __attribute__((vector_size(32)));
typedef long long cap_v4l __attribute__((vector_size(32)));
#endif

/* raise_gain over a client's row of costs at the no open facilities:
 * with the GNU vector extension four cells a step, each cell's new
 * figure picked by the comparisons' mask (the same figure; AVX2 when the
 * processor has it, chosen when the program loads) */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx2", "default")))
#endif
static void raise_gains(double *restrict row, const double *restrict oc, double ecg, int no)
{
    int k = 0;
#if defined(__GNUC__)
    const cap_v4d zero = {0, 0, 0, 0}, top = {ecg, ecg, ecg, ecg};
    for (; k + 4 <= no; k += 4) {
        cap_v4d e, r;
        memcpy(&e, oc + k, sizeof e);
        memcpy(&r, row + k, sizeof r);
        cap_v4d v = top - e;
        cap_v4l m = (e >= zero) & (v > r);
        r = (cap_v4d)(((cap_v4l)v & m) | ((cap_v4l)r & ~m));
        memcpy(row + k, &r, sizeof r);
    }
#endif
    for (; k < no; k++)
        raise_gain(row, k, ecg, oc[k]);
}

/* Two clients trade facilities; c2 is sought among the clients of c1's
 * nearest open facilities only. Until a trade, c1's facility, its costs
 * and the two loads stay as they are (looked up once per facility g);
 * after one, c1 is at g and g's other clients have nothing to trade. */
static bool swap_pass(const fac_inst *in, fac_cap *a, fac_cap_work *w)
{
    bool improved = false;
    /* gain[g][f]: the most a client of g (at the pass's start: clients
     * only leave g's list) saves in cost by going to f; when c1 would
     * lose more than that at g, every trade at g costs more, and with
     * no overload it is skipped without looking at g's clients. */
    int no = w->nopen;
    bool bound = no <= FAC_SWAP_BOUND_OPEN;
    double *gain = w->gain;
    if (bound) {
        for (int k = 0; k < no * no; k++)
            gain[k] = -INFINITY;
        for (size_t c = 0; c < in->nc; c++) {
            int g = a->f[c];
            if (g < 0 || w->slot[g] < 0)
                continue;
            double ecg = fac_cost(in, c, g);
            double *row = gain + (size_t)w->slot[g] * (size_t)no;
            if (w->ocost_ok) {
                raise_gains(row, w->ocost + c * (size_t)no, ecg, no);
            } else {
                for (int k = 0; k < no; k++)
                    raise_gain(row, k, ecg, fac_cost(in, c, w->olist[k]));
            }
        }
    }
    for (size_t c1 = 0; c1 < in->nc; c1++) {
        /* c1's facility, its cost and whether it is within capacity,
         * until a trade moves it (only c1's trades change those loads) */
        int f = a->f[c1];
        if (f < 0)
            continue;
        double e1f = fac_cost(in, c1, f), w1 = in->w[c1];
        bool f_fits = a->load[f] <= in->cap[f];
        const double *gain_f = gain + w->slot[f];   /* gain[.][f] */
        const int *near = w->near + c1 * FAC_EJECT_K;
        const double *near_e = w->near_e + c1 * FAC_EJECT_K;
        for (int t = 0; t < FAC_EJECT_K; t++) {
            int g = near[t];
            if (g < 0)
                break;
            if (f == g)
                continue;
            double e1g = near_e[t];
            /* With neither overloaded, a swap can only add overload. */
            bool fit = f_fits && a->load[g] <= in->cap[g];
            if (fit && bound) {
                double m = gain_f[(size_t)w->slot[g] * (size_t)no];
                /* d = (e1g - e1f) - (e2g - e2f) >= e1g - e1f - m, the
                 * margin far above the rounding of either figure */
                if (m == -INFINITY
                    || e1g - e1f - m > 1e-9 * (1 + fabs(e1g) + fabs(e1f) + fabs(m)))
                    continue;
            }
            for (int u = w->fstart[g]; u < w->fstart[g + 1]; u++) {
                size_t c2 = (size_t)w->flist[u];
                if (c2 == c1 || a->f[c2] != g)
                    continue;
                double e2f = fac_cost(in, c2, f);
                if (e2f < 0)
                    continue;
                double w2 = in->w[c2];
                double e2g = fac_cost(in, c2, g);
                double d = e1g + e2f - e1f - e2g;
                if (d >= 0 && fit)
                    continue;
                d += in->P_over * (fac_ovd(in, a->load, f, w2 - w1) + fac_ovd(in, a->load, g, w1 - w2));
                if (d < -1e-9 * (1 + e1f + e2g)) {
                    a->f[c1] = g;
                    a->f[c2] = f;
                    a->load[f] += w2 - w1;
                    a->load[g] += w1 - w2;
                    improved = true;
                    f = g;
                    e1f = e1g;
                    f_fits = a->load[f] <= in->cap[f];
                    gain_f = gain + w->slot[f];
                    break;
                }
            }
        }
    }
    return improved;
}

/* Depth-2 ejection: c moves into a facility g it would overflow, and one
 * of g's clients d moves on to one of its own nearest open facilities.
 * save[g] bounds what a client of g (in the lists of the pass's start:
 * clients only leave them) saves by moving on; with nothing overloaded,
 * when c would lose more than that at g no chain through g pays, and
 * g's clients are not looked at. */
static bool eject_pass(const fac_inst *in, fac_cap *a, fac_cap_work *w)
{
    bool improved = false;
    double *save = w->save;
    for (int k = 0; k < w->nopen; k++)
        save[w->olist[k]] = -INFINITY;
    for (size_t d = 0; d < in->nc; d++) {
        int g = a->f[d];
        if (g < 0 || w->slot[g] < 0)
            continue;
        for (int u = 0; u < FAC_EJECT_K; u++) {
            int h = w->near[d * FAC_EJECT_K + (size_t)u];
            if (h < 0)
                break;
            if (h == g)
                continue;
            double v = fac_cost(in, d, g) - w->near_e[d * FAC_EJECT_K + (size_t)u];
            if (v > save[g])
                save[g] = v;
            break;              /* the nearest other: the most it saves */
        }
    }
    for (size_t c = 0; c < in->nc; c++) {
        int f = a->f[c];
        if (f < 0)
            continue;
        double wc = in->w[c], ecf = fac_cost(in, c, f);
        /* no load changes until c's chain moves it (then the next client) */
        bool fnot = a->load[f] <= in->cap[f];
        for (int t = 0; t < FAC_EJECT_K; t++) {
            int g = w->near[c * FAC_EJECT_K + (size_t)t];
            if (g < 0)
                break;
            if (g == f || a->load[g] + wc <= in->cap[g] + 1e-9)
                continue;       /* a plain shift covers it */
            double ecg = w->near_e[c * FAC_EJECT_K + (size_t)t];
            bool gnot = a->load[g] <= in->cap[g];
            if (fnot && gnot
                && (save[g] == -INFINITY
                    || ecg - ecf - save[g] > 1e-9 * (1 + fabs(ecg) + fabs(ecf) + fabs(save[g]))))
                continue;
            for (int v = w->fstart[g]; v < w->fstart[g + 1]; v++) {
                size_t d = (size_t)w->flist[v];
                if (d == c || a->f[d] != g)
                    continue;
                double wd = in->w[d], edg = fac_cost(in, d, g);
                for (int u = 0; u < FAC_EJECT_K; u++) {
                    int h = w->near[d * FAC_EJECT_K + (size_t)u];
                    if (h < 0)
                        break;
                    if (h == g)
                        continue;
                    double edh = w->near_e[d * FAC_EJECT_K + (size_t)u];
                    double delta = ecg - ecf + edh - edg;
                    /* With f and g not overloaded, the chain cannot lower
                     * overload: only a cheaper one can help, and d's
                     * later facilities cost more (its list is by cost). */
                    if (delta >= 0 && fnot && gnot)
                        break;
                    delta += in->P_over * fac_ov3(in, a->load, f, -wc, g, wc - wd, h, wd);
                    if (delta < -1e-9 * (1 + ecf + edg)) {
                        a->load[f] -= wc;
                        a->load[g] += wc - wd;
                        a->load[h] += wd;
                        a->f[c] = g;
                        a->f[d] = h;
                        improved = true;
                        goto next_client;
                    }
                }
            }
        }
next_client:;
    }
    return improved;
}

static void improve_passes(const fac_inst *in, const bool *open, fac_cap *a,
                           fac_cap_work *w);

void fac_cap_improve(const fac_inst *in, const bool *open, fac_cap *a,
                     fac_cap_work *w)
{
    if (w->L) {
        fac_capl_journal_begin(w->L);
        fac_capl_improve(in, open, a, w->L, NULL, 0);
        fac_cap_totals(in, open, a);
        return;
    }
    improve_passes(in, open, a, w);
}

void fac_cap_improve_passes(const fac_inst *in, const bool *open, fac_cap *a,
                            fac_cap_work *w)
{
    improve_passes(in, open, a, w);
}

/* Shift, swap and ejection passes over every client, up to 100 rounds
 * (until one moves no client, or starts from a state a round left as it
 * was before). */
static void improve_passes(const fac_inst *in, const bool *open, fac_cap *a,
                           fac_cap_work *w)
{
    build_near(in, open, w);
    for (int round = 0; round < 100; round++) {
        uint64_t h = 0;
        if (w->settled && fac_settled_known(w->settled, in, open, a, &h))
            break;
        bool any = shift_pass(in, open, a, w);
        build_lists(in, a, w);
        any |= swap_pass(in, a, w);
        /* neither pass moved a client: the lists still hold */
        if (!any)
            any = eject_pass(in, a, w);
        if (!any) {
            if (w->settled)
                fac_settled_add(w->settled, in, a, h);
            break;
        }
    }
    fac_cap_totals(in, open, a);
}

void fac_cap_improve_touched(const fac_inst *in, const bool *open, fac_cap *a,
                             fac_cap_work *w)
{
    if (!w->L) {
        fac_cap_improve(in, open, a, w);
        return;
    }
    fac_capl_journal_begin(w->L);
    fac_capl_improve(in, open, a, w->L, w->list, w->n_list);
    fac_capl_journal_end(in, w->L, a);
}

static const double *by_demand_w;
static int cmp_demand(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    double wa = by_demand_w[a], wb = by_demand_w[b];
    if (wa != wb)
        return wa > wb ? -1 : 1;
    return (a > b) - (a < b);
}

/* Second construction for tight capacities: clients by decreasing demand,
 * each to its cheapest open facility with room (first-fit decreasing);
 * what fits nowhere goes where the overload is least. */
static void largest_first(const fac_inst *in, const bool *open, fac_cap *a,
                          fac_cap_work *w)
{
    size_t nc = in->nc;
    memset(a->load, 0, in->nf * sizeof *a->load);
    for (size_t c = 0; c < nc; c++)
        a->f[c] = -1;
    /* demand descending, ties by index: the order of repeated picks of
     * the largest, in O(n log n). A function of the demands alone: sorted
     * again only when they differ from those of the last sort (every
     * layout of an instance shares it) */
    if (w->order_n != nc || memcmp(w->order_w, in->w, nc * sizeof *in->w) != 0) {
        for (size_t c = 0; c < nc; c++)
            w->order[c] = (int)c;
        by_demand_w = in->w;
        qsort(w->order, nc, sizeof *w->order, cmp_demand);
        memcpy(w->order_w, in->w, nc * sizeof *in->w);
        w->order_n = nc;
    }
    w->oq_live = open_lists_for(in, open, w);
    for (size_t t = 0; t < nc; t++)
        place_cheapest(in, open, a, (size_t)w->order[t], w);
    w->oq_live = false;
}

/* The layout's bits into key and its slot in the memo. */
static size_t memo_slot(const fac_inst *in, const bool *open, fac_cap_work *w, uint64_t *key)
{
    memset(key, 0, w->memo_words * sizeof *key);
    for (size_t f = 0; f < in->nf; f++)
        if (open[f])
            key[f / 64] |= (uint64_t)1 << (f % 64);
    uint64_t h = 1469598103934665603u;
    for (size_t k = 0; k < w->memo_words; k++)
        h = (h ^ key[k]) * 1099511628211u;
    h ^= h >> 33;                     /* murmur3's finaliser: every bit mixed */
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return (size_t)(h & (w->memo_n - 1));
}

static void assign_fresh(const fac_inst *in, const bool *open, fac_cap *a,
                         fac_cap_work *w);

void fac_cap_assign(const fac_inst *in, const bool *open, fac_cap *a,
                    fac_cap_work *w)
{
    if (w->memo_n == 0) {
        assign_fresh(in, open, a, w);
        return;
    }
    uint64_t key[64], *kp = w->memo_words <= 64 ? key : NULL;
    if (!kp) {
        assign_fresh(in, open, a, w);
        return;
    }
    size_t i = memo_slot(in, open, w, kp);
    uint64_t *sk = w->memo_key + i * w->memo_words;
    if (w->memo_used[i] && memcmp(sk, kp, w->memo_words * sizeof *kp) == 0) {
        fac_cap_copy(a, &w->memo[i], in);
        return;
    }
    assign_fresh(in, open, a, w);
    if (!w->memo[i].f && fac_cap_init(&w->memo[i], in, NULL) != JH_OK)
        return;
    memcpy(sk, kp, w->memo_words * sizeof *kp);
    fac_cap_copy(&w->memo[i], a, in);
    w->memo_used[i] = true;
}

static void assign_fresh(const fac_inst *in, const bool *open, fac_cap *a,
                         fac_cap_work *w)
{
    /* small instances: the near and open lists first (the moves need
     * them anyway), which the constructions walk */
    if (!w->L && w->rank)
        build_near(in, open, w);
    regret_greedy(in, open, a, w);
    fac_cap_improve(in, open, a, w);
    if ((a->over > 1e-9 || in->nc <= FAC_CAP_BOTH) && w->alt) {
        /* Infeasible (or small enough to afford it): try the other
         * construction too and keep the better. */
        largest_first(in, open, w->alt, w);
        fac_cap_improve(in, open, w->alt, w);
        if (w->alt->total < a->total)
            fac_cap_copy(a, w->alt, in);
    }
}

/* Iterated local search on the assignment alone: kick a few random
 * clients to random reachable open facilities (overload allowed), repair
 * with the moves, keep the result when it is better. */
void fac_cap_polish(const fac_inst *in, const bool *open, fac_cap *a,
                    fac_cap_work *w, gsl_rng *rng, int kicks, fac_cap *scratch)
{
    if (in->nc < 2)
        return;
    for (int t = 0; t < kicks; t++) {
        fac_cap_copy(scratch, a, in);
        int moves = 2 + (int)gsl_rng_uniform_int(rng, 3);
        w->n_list = 0;
        if (w->L)
            fac_capl_journal_begin(w->L);
        for (int m = 0; m < moves; m++) {
            size_t c = gsl_rng_uniform_int(rng, in->nc);
            size_t np = in->start[c + 1] - in->start[c];
            if (np == 0 || scratch->f[c] < 0)
                continue;
            size_t q = in->start[c] + gsl_rng_uniform_int(rng, np < 8 ? np : 8);
            int g = in->fac[q];
            if (!open[g])
                continue;
            if (w->L) {
                fac_capl_touch_client(in, w->L, scratch, (int)c);
                fac_capl_touch_fac(in, w->L, scratch, scratch->f[c]);
                fac_capl_touch_fac(in, w->L, scratch, g);
            }
            scratch->load[scratch->f[c]] -= in->w[c];
            scratch->load[g] += in->w[c];
            scratch->f[c] = g;
            w->list[w->n_list++] = (int)c;
        }
        /* large: from the kicked clients only (the queue wakes their
         * neighbours); small: every client */
        if (w->L) {
            fac_capl_improve(in, open, scratch, w->L, w->list, w->n_list);
            fac_capl_journal_end(in, w->L, scratch);
        } else {
            fac_cap_improve(in, open, scratch, w);
        }
        if (scratch->total < a->total - fac_eps(a->total))
            fac_cap_copy(a, scratch, in);
    }
}

/* The assignment after swapping i in for r, from the current one: r's
 * clients are placed again by regret, clients that i serves more cheaply
 * move to it when that pays, and those clients get one more shift each.
 * Much cheaper than fac_cap_assign, for large instances. */
/* The same on large instances, with work in proportion to the clients
 * near i and r: r's clients found through the reverse index, the totals
 * updated through the journal, and the queue-driven moves (bounded) from
 * the clients touched instead of one shift each. */
static void swap_eval_large(const fac_inst *in, const bool *open, fac_cap *out,
                            fac_cap_work *w, int i, int r)
{
    fac_capl *L = w->L;
    size_t n = 0;
    fac_capl_journal_begin(L);
    fac_capl_touch_fac(in, L, out, r);
    fac_capl_touch_fac(in, L, out, i);
    for (size_t q = in->rstart[r]; q < in->rstart[r + 1]; q++) {
        int c = in->rclient[q];
        if (out->f[c] != r)
            continue;
        fac_capl_touch_client(in, L, out, c);
        out->load[r] -= in->w[c];
        out->f[c] = -1;
        w->list[n++] = c;
    }
    out->load[r] = 0;
    fac_capl_regret(in, open, out, L, w->list, n);
    size_t end = in->rstart[i] + FAC_CAPL_REACH;
    if (end > in->rstart[i + 1])
        end = in->rstart[i + 1];
    for (size_t k = in->rstart[i]; k < end; k++) {
        size_t q = fac_capl_rnear(L, k);
        int c = in->rclient[q];
        int f = out->f[c];
        if (f < 0 || f == i)
            continue;
        double d = in->e[in->rpair[q]] - fac_cost(in, (size_t)c, f)
                   + in->P_over * (fac_ovd(in, out->load, f, -in->w[c]) + fac_ovd(in, out->load, i, in->w[c]));
        if (d < 0) {
            fac_capl_touch_client(in, L, out, c);
            fac_capl_touch_fac(in, L, out, f);
            out->load[f] -= in->w[c];
            out->load[i] += in->w[c];
            out->f[c] = i;
            w->list[n++] = c;
        }
    }
    fac_capl_improve(in, open, out, L, w->list, n);
    w->n_list = n;
    fac_capl_journal_end(in, L, out);
}

bool fac_cap_repair(const fac_inst *in, const bool *open, const fac_cap *from,
                    fac_cap *out, fac_cap_work *w)
{
    fac_capl *L = w->L;
    if (!L)
        return false;
    fac_cap_copy(out, from, in);
    size_t n = 0;
    fac_capl_journal_begin(L);
    for (size_t c = 0; c < in->nc; c++) {
        int f = out->f[c];
        if (f < 0 || open[f])
            continue;
        fac_capl_touch_client(in, L, out, (int)c);
        fac_capl_touch_fac(in, L, out, f);
        out->load[f] -= in->w[c];
        out->f[c] = -1;
        w->list[n++] = (int)c;
    }
    for (size_t f = 0; f < in->nf; f++)
        if (!open[f] && out->load[f] != 0) {
            fac_capl_touch_fac(in, L, out, (int)f);
            out->load[f] = 0;
        }
    fac_capl_regret(in, open, out, L, w->list, n);
    /* facilities open without clients (new ones): offered their nearest */
    for (size_t i = 0; i < in->nf; i++) {
        if (!open[i] || out->load[i] > 0)
            continue;
        size_t end = in->rstart[i] + FAC_CAPL_REACH;
        if (end > in->rstart[i + 1])
            end = in->rstart[i + 1];
        for (size_t k = in->rstart[i]; k < end && n < 2 * in->nc; k++) {
            size_t q = fac_capl_rnear(L, k);
            int c = in->rclient[q];
            int f = out->f[c];
            if (f < 0 || f == (int)i)
                continue;
            double d = in->e[in->rpair[q]] - fac_cost(in, (size_t)c, f)
                       + in->P_over * (fac_ovd(in, out->load, f, -in->w[c])
                                       + fac_ovd(in, out->load, (int)i, in->w[c]));
            if (d < 0) {
                fac_capl_touch_client(in, L, out, c);
                fac_capl_touch_fac(in, L, out, f);
                fac_capl_touch_fac(in, L, out, (int)i);
                out->load[f] -= in->w[c];
                out->load[i] += in->w[c];
                out->f[c] = (int)i;
                w->list[n++] = c;
            }
        }
    }
    fac_capl_improve(in, open, out, L, w->list, n);
    fac_capl_journal_end(in, L, out);
    return true;
}

void fac_cap_swap_eval(const fac_inst *in, const bool *open, const fac_cap *cur,
                       fac_cap *out, fac_cap_work *w, int i, int r)
{
    fac_cap_copy(out, cur, in);
    if (w->L) {
        swap_eval_large(in, open, out, w, i, r);
        return;
    }
    size_t n = 0;
    for (size_t c = 0; c < in->nc; c++)
        if (out->f[c] == r) {
            out->load[r] -= in->w[c];
            out->f[c] = -1;
            w->list[n++] = (int)c;
        }
    out->load[r] = 0;
    if (w->L)
        fac_capl_regret(in, open, out, w->L, w->list, n);
    else
        regret_place(in, open, out, w, w->list, n);
    for (size_t q = in->rstart[i]; q < in->rstart[i + 1]; q++) {
        size_t c = (size_t)in->rclient[q];
        int f = out->f[c];
        if (f < 0 || f == i)
            continue;
        double d = in->e[in->rpair[q]] - fac_cost(in, c, f)
                   + in->P_over * (fac_ovd(in, out->load, f, -in->w[c]) + fac_ovd(in, out->load, i, in->w[c]));
        if (d < 0) {
            out->load[f] -= in->w[c];
            out->load[i] += in->w[c];
            out->f[c] = i;
            w->list[n++] = (int)c;
        }
    }
    for (size_t t = 0; t < n; t++)
        shift_one(in, open, out, (size_t)w->list[t], NULL);
    w->n_list = n;
    fac_cap_totals(in, open, out);
}
