/*
 * workforce_rotation_exch: pass 2's destination of an exchange
 * (workforce_rotation.c's exchange_to) without walking every pair.
 *
 * Why: exchange_to took the first pair of pass 2's order (same district
 * first) holding a partner for the mover, asking every pair in turn, and
 * each mover that found none (most of them, once per kind and pair) asked
 * them all: a county makes moves and has pairs in proportion to its size,
 * so the walks grew with its square (the 20,000-school county spent a
 * third of its rotation in young_of). Here each rotation group and level
 * (a cell) keeps, per kind a, the set of its pairs' places in the order
 * that may hold a partner of kind a: a young one (young_of) or any
 * (rot_partner in pass 2: exactly kind a). Whether a pair holds one
 * changes only when one of its teachers moves, that is in a move touching
 * it (pair_touched: its bits computed again); a bit found stale (no
 * partner) is cleared. The same district is walked through its own
 * places (a district is small); the others by the cells' sets, the first
 * set place of each compatible level that passes the filters, the lowest
 * of them: the pair the walk through the order would have reached first.
 * Same results bit for bit (test_workforce holds it to the walk:
 * jh_rot_search 0).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "workforce_rotation_internal.h"

#define NFAM 2 /* 0 young partners (young_of), 1 any partner (rot_partner) */

struct rot_exch {
    const int *order;
    int n_order;
    int n_cells;          /* 2 per group: its levels */
    int *cell_start;      /* per cell: its places, ascending, in cpos */
    int *cpos;
    int *cell_of, *at;    /* per place: its cell, its index there */
    /* sets of indices: per cell x NFAM x NKINDS (over the cell's places),
     * then NWALK over all places (young_exchange's walk: walk_set) */
    int n_sets;
    size_t *woff, *soff;  /* per set: its first word in bits, in sum */
    int *nw, *ns;         /* per set: its words in bits, in sum (rot_set_sum_words) */
    uint64_t *bits;
    uint64_t *sum;        /* a bit per nonzero word of bits */
    int n_dist;
    int *dist_start, *dpos; /* per district: its places, ascending */
};

/* young_exchange's walks: need_bb 0 sweep 0, need_bb 0 sweep 1, need_bb 1 sweep 1 */
#define NWALK 3

static int cell_set(int c, int fam, unsigned a)
{
    return (c * NFAM + fam) * NKINDS + (int)a;
}

static rot_set set_at(const struct rot_exch *x, int set)
{
    rot_set t = {&x->bits[x->woff[set]], &x->sum[x->soff[set]], x->nw[set]};
    return t;
}

static void put(struct rot_exch *x, int set, int i, bool on)
{
    rot_set t = set_at(x, set);
    rot_set_put(&t, i, on);
}

static bool has(const struct rot_exch *x, int set, int i)
{
    return (x->bits[x->woff[set] + (size_t)(i / 64)] >> (i % 64)) & 1;
}

static int next_set(const struct rot_exch *x, int set, int i)
{
    rot_set t = set_at(x, set);
    return rot_set_next(&t, i);
}

/* the kinds young_exchange's walk w tries */
static bool walk_kind(int walk, unsigned a)
{
    bool need_bb = walk == 2;
    int sweep = walk == 0 ? 0 : 1;
    return !(need_bb && !(a & (1u << JH_WF_BACKBONE))) && (sweep == 0) == ((a & (NOUT - 1)) == 0);
}

/* place pos in walk w's set when a kind the walk tries may still give a
 * young mover at its pair (young_of, not in no_young) */
static void walk_bits(rule_state *r, int pos, const unsigned char young[NKINDS])
{
    struct rot_exch *x = r->ex;
    int p = x->order[pos];
    for (int w = 0; w < NWALK; w++) {
        bool on = false;
        for (unsigned a = 0; a < NKINDS && !on; a++)
            on = walk_kind(w, a) && young[a] && !((r->no_young[p] >> a) & 1);
        put(x, NKINDS * NFAM * x->n_cells + w, pos, on);
    }
}

/* pair p's partners now (the order's place pos) */
static void bits_of(rule_state *r, int pos)
{
    struct rot_exch *x = r->ex;
    int p = x->order[pos], c = x->cell_of[pos], i = x->at[pos];
    unsigned char young[NKINDS];
    for (unsigned a = 0; a < NKINDS; a++) {
        young[a] = rot_young_of(r, p, a) >= 0;
        put(x, cell_set(c, 0, a), i, young[a]);
        put(x, cell_set(c, 1, a), i, rot_partner_kind(r, p, a) >= 0);
    }
    walk_bits(r, pos, young);
}

void rot_exch_free(rule_state *r)
{
    struct rot_exch *x = r->ex;
    if (!x)
        return;
    free(x->cell_start);
    free(x->cpos);
    free(x->cell_of);
    free(x->at);
    free(x->woff);
    free(x->soff);
    free(x->nw);
    free(x->ns);
    free(x->bits);
    free(x->sum);
    free(x->dist_start);
    free(x->dpos);
    free(x);
    r->ex = NULL;
}

bool rot_exch_build(rule_state *r, const int *order, int n_order)
{
    const jh_wf_year *y = r->y;
    struct rot_exch *x = calloc(1, sizeof *x);
    if (!(r->ex = x))
        return false;
    x->order = order;
    x->n_order = n_order;
    x->n_cells = 2 * (y->n_groups > 0 ? y->n_groups : 0);
    size_t nc = (size_t)x->n_cells;
    x->n_dist = 0;
    for (size_t s = 0; s < y->ns; s++)
        if (r->district[s] + 1 > x->n_dist)
            x->n_dist = r->district[s] + 1;
    x->cell_start = calloc(nc + 2, sizeof *x->cell_start);
    x->cpos = malloc(((size_t)n_order + 1) * sizeof *x->cpos);
    x->cell_of = malloc(((size_t)n_order + 1) * sizeof *x->cell_of);
    x->at = malloc(((size_t)n_order + 1) * sizeof *x->at);
    x->n_sets = (int)nc * NFAM * NKINDS + NWALK;
    size_t nsets = (size_t)x->n_sets + 1;
    x->woff = calloc(nsets, sizeof *x->woff);
    x->soff = calloc(nsets, sizeof *x->soff);
    x->nw = calloc(nsets, sizeof *x->nw);
    x->ns = calloc(nsets, sizeof *x->ns);
    x->dist_start = calloc((size_t)x->n_dist + 2, sizeof *x->dist_start);
    x->dpos = malloc(((size_t)n_order + 1) * sizeof *x->dpos);
    if (!x->cell_start || !x->cpos || !x->cell_of || !x->at || !x->woff || !x->nw || !x->soff ||
        !x->ns || !x->dist_start || !x->dpos)
        return false;
    for (int i = 0; i < n_order; i++) {
        int d = order[i];
        x->cell_of[i] = 2 * y->group[d / 2] + d % 2;
        x->cell_start[x->cell_of[i] + 1]++;
        if (r->district[d / 2] >= 0)
            x->dist_start[r->district[d / 2] + 1]++;
    }
    for (size_t c = 0; c < nc; c++)
        x->cell_start[c + 1] += x->cell_start[c];
    for (int k = 0; k < x->n_dist; k++)
        x->dist_start[k + 1] += x->dist_start[k];
    size_t words = 0, swords = 0;
    for (int set = 0; set < x->n_sets; set++) {
        int c = set / (NFAM * NKINDS);
        int n = c < (int)nc ? x->cell_start[c + 1] - x->cell_start[c] : n_order;
        x->nw[set] = (n + 63) / 64;
        x->ns[set] = rot_set_sum_words(x->nw[set]);
        x->woff[set] = words;
        x->soff[set] = swords;
        words += (size_t)x->nw[set];
        swords += (size_t)x->ns[set];
    }
    x->bits = calloc(words + 1, sizeof *x->bits);
    x->sum = calloc(swords + 1, sizeof *x->sum);
    int *fill = malloc((nc + (size_t)x->n_dist + 1) * sizeof *fill);
    if (!x->bits || !x->sum || !fill) {
        free(fill);
        return false;
    }
    for (size_t c = 0; c < nc; c++)
        fill[c] = x->cell_start[c];
    for (int k = 0; k < x->n_dist; k++)
        fill[nc + (size_t)k] = x->dist_start[k];
    for (int i = 0; i < n_order; i++) {
        int c = x->cell_of[i], d = order[i];
        x->at[i] = fill[c] - x->cell_start[c];
        x->cpos[fill[c]++] = i;
        if (r->district[d / 2] >= 0)
            x->dpos[fill[nc + (size_t)r->district[d / 2]]++] = i;
    }
    free(fill);
    for (int i = 0; i < n_order; i++)
        bits_of(r, i);
    return true;
}

void rot_exch_touched(rule_state *r, int p)
{
    if (r->ex && r->order_pos && r->order_pos[p] < r->ex->n_order)
        bits_of(r, r->order_pos[p]);
}

/* d (of the order's place pos) as exchange_to asks it, once the group,
 * level and district passed: 1 the destination, 0 a partner but not
 * spare, -1 no partner (the bit cleared) */
static int ask(rule_state *r, int pos, int fam, unsigned a, unsigned spare_at, int *pt, bool *any)
{
    int d = r->ex->order[pos];
    *pt = fam == 0 ? rot_young_of(r, d, a) : rot_partner_kind(r, d, a);
    if (*pt < 0) {
        put(r->ex, cell_set(r->ex->cell_of[pos], fam, a), r->ex->at[pos], false);
        return -1;
    }
    *any = true;
    return spare_at && !rot_spare(r, d, spare_at) ? 0 : 1;
}

int rot_exch_to(rule_state *r, int q, int m, bool young, unsigned spare_at, int *pt, bool *any)
{
    struct rot_exch *x = r->ex;
    const jh_wf_year *y = r->y;
    int fam = young ? 0 : 1, g = y->group[q / 2], dq = r->district[q / 2];
    unsigned a = r->kind[m];
    bool cross = r->w->policy.cross_level;
    /* the same district first, through its places */
    if (dq >= 0)
        for (int e = x->dist_start[dq]; e < x->dist_start[dq + 1]; e++) {
            int pos = x->dpos[e], d = x->order[pos];
            if (d / 2 == q / 2 || y->group[d / 2] != g || (d % 2 != q % 2 && !cross))
                continue;
            if (!has(x, cell_set(x->cell_of[pos], fam, a), x->at[pos]))
                continue;
            if (ask(r, pos, fam, a, spare_at, pt, any) == 1)
                return d;
        }
    /* then the others: per level, the first place that passes; the lowest */
    int best = -1, best_pt = -1;
    for (int l = 0; l < JH_NLEVELS; l++) {
        if (l != q % 2 && !cross)
            continue;
        int c = 2 * g + l;
        int set = cell_set(c, fam, a);
        for (int i = next_set(x, set, 0); i >= 0; i = next_set(x, set, i + 1)) {
            int pos = x->cpos[x->cell_start[c] + i], d = x->order[pos];
            if (best >= 0 && pos > best)
                break;
            if (d / 2 == q / 2 || (dq >= 0 && r->district[d / 2] == dq))
                continue;
            int t;
            if (ask(r, pos, fam, a, spare_at, &t, any) == 1) {
                best = pos;
                best_pt = t;
                break;
            }
        }
    }
    if (best < 0)
        return -1;
    *pt = best_pt;
    return x->order[best];
}

/* young_exchange's walk (need_bb, sweep): the first place at or after oq
 * whose pair may give a young mover of a kind the walk tries (n_order when
 * none); the places skipped give none (the walk would pass them) */
int rot_exch_young_next(rule_state *r, bool need_bb, int sweep, int oq)
{
    struct rot_exch *x = r->ex;
    int w = need_bb ? 2 : sweep;
    int i = next_set(x, NKINDS * NFAM * x->n_cells + w, oq);
    return i < 0 ? x->n_order : i;
}

/* pair p's walk places after young_exchange set no_young[p] bits */
void rot_exch_young_tried(rule_state *r, int p)
{
    struct rot_exch *x = r->ex;
    if (!x || !r->order_pos || r->order_pos[p] >= x->n_order)
        return;
    int pos = r->order_pos[p];
    unsigned char young[NKINDS];
    for (unsigned a = 0; a < NKINDS; a++) {
        young[a] = rot_young_of(r, p, a) >= 0;
        put(x, cell_set(x->cell_of[pos], 0, a), x->at[pos], young[a]);
    }
    walk_bits(r, pos, young);
}
