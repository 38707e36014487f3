/*
 * workforce_rotation_search: a destination's best move in the rule's
 * passes 0 and 1 (workforce_rotation.c), the search that made the rule
 * quadratic in the county's size.
 *
 * Why the index: the rule judged every source of the group for every move
 * (each source's movers, their partners, the CV test), and a county makes
 * as many moves as it has tenths of eligible teachers, so 20,000 schools
 * spent ~300 s CPU in it where 1,500 spent ~2. The choice is made the same way
 * (the scan in source order, a later candidate replacing the best only
 * when rot_better()), but over the sources that can matter only:
 * - the CV a move changes depends on its source through dq_out alone, and
 *   never falls as a dq_out grows (rot_cv_change_dq). The counted sources
 *   of each group and level are kept in orders, one per `out` a sender
 *   could give (a mover holding at least those attributes, a backbone one
 *   for need_bb, and rot_keeps) and per attribute k of it, by dq_out of k;
 *   every source of an order not yet met scores at most what one with the
 *   frontier's dq_out of each k would (the bound, the threshold algorithm);
 * - the sources are met along the orders (the uncounted ones, and those a
 *   move touched since the orders were made, always) until no source left
 *   could score a valid candidate of a larger gain, nor one of the best's
 *   gain within reach of the best's cluster (below);
 * - the scan of rot_better() is then run over the sources met, in source
 *   order. It picks what the scan over all sources picks: of the
 *   candidates with the best gain, those below T, where T is the lowest of
 *   the top ones linked by steps under GAP, all lie GAP or more under T,
 *   so none of them is ever the best once a candidate at or above T is met
 *   (and the first such is always taken), nor takes the best from one; so
 *   only the candidates at or above T decide, and all of them were met.
 * A move taking two or three attributes has its sources in a tree instead
 * of one order per attribute (workforce_rotation_tree.c): walked best
 * first by the bound at its nodes' lowest keys, it meets the sources
 * whose own bound is above the rest only, where the orders walked in step
 * met about the square root of theirs (20,000 schools: 43 sources a search).
 * The order is kept by merging the touched sources back when more than
 * jh_rot_stale_max have gathered (the rest of the order stays valid: a move
 * changes its two pairs only). Results are the same bit for bit; a county
 * of 5,000 schools meets ~130 sources a search (~1,000 before the orders
 * by area and mover kind, the uncounted sources by class and the runs of
 * equal keys, below; test_workforce's test_search_same_as_scan and
 * test_search_same_as_scan_random hold it to the scan of every source).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "workforce_rotation_internal.h"

#define GAP ROT_GAP

int jh_rot_search = 1;
int jh_rot_stale_max = 32;
#define CHECK_EVERY 4

/* ---- the index ---- */

/* The orders of a list (group x level), each by dq_out of one attribute k,
 * then pair, over its counted sources:
 * - senders (jh_wf_can_leave, mode not exchange: a move takes the mover's
 *   attributes, out = its kind's counted bits): one per bb, out and k of
 *   out, the sources with an unmoved eligible teacher (a backbone one with
 *   bb) whose counted attributes are out and that may lose them (rot_keeps):
 *   avail;
 * - exchange sources (the others): one per kind mk and k of mk's counted
 *   attributes, the sources with an unmoved eligible teacher of kind mk
 *   (kinds). What such a move takes (out) depends on the destination's
 *   partner for mk, so the search opens the orders of each kind with the
 *   out that partner leaves, and none for a kind without one.
 * Why the split: in pass 1, most sources met through orders shared by both
 * were exchange sources the destination had no partner for (a county of
 * 2,000 schools: 5.5 of 5.8 million), and the bound, blind to partners,
 * kept those orders open until it fell, a walk growing with the county. */
#define NORD_LEAVE (2 * NOUT * NQ)
#define NORD (NORD_LEAVE + NKINDS * NOUT * NQ)

struct rot_index {
    int n_lists;            /* per group, level and area: its sources (NAREA) */
    int *ord;               /* the orders, each at ord_start (its capacity: its
                               size when built, as sources only leave them) */
    int *ord_start, *ord_len; /* per list x NORD */
    double *ord_key;        /* per entry of ord: the key it is ordered by (its pair's dq_out of
                               the order's k when last ordered: key's, as key changes only then).
                               Why beside ord: the search's frontiers and merge_order's binary
                               searches read it entry after entry, and key by pair missed the
                               cache at every step in a large county */
    int *nc, *nc_start;     /* per list, the uncounted sources, by pair */
    /* the uncounted sources by class (nc_class): per list, NCLS sets over
     * its nc (rot_set), nc_words words each from nc_off in ncb, their
     * summaries rot_set_sum_words(nc_words) each from nc_soff in ncs */
    uint64_t *ncb, *ncs;
    size_t *nc_off, *nc_soff;
    int *nc_words;
    int *nc_at;             /* per pair: its place in its list's nc */
    int *dirty, n_dirty;    /* uncounted pairs touched since their classes were set */
    unsigned char *is_dirty;
    double *key;            /* per pair x NQ: its dq_out when last ordered */
    unsigned short *avail;  /* per pair: bit bb * NOUT + out when in those orders */
    unsigned char *xout;    /* per pair x NKINDS: bit out when in the exchange orders of
                               kind mk and out (an out p may lose: rot_keeps) */
    unsigned char *member;  /* per pair: 1 in the orders, 2 in nc */
    unsigned char *area;    /* per pair: its school's area (the schools' records missed the
                               cache at every source met) */
    unsigned char *stale;   /* per pair: touched since ordered (its entries are skipped) */
    int *side, n_side;      /* the stale pairs */
    int *mark, now;         /* per pair: `now` when met by this search, and STALE while stale
                               (the frontiers test both with one read) */
    int *seen, n_seen;      /* the sources met by a search */
    double *vals;           /* the valid candidates met: score, gain */
    long *vgain;
    size_t n_vals, cap_vals;
    int *tmp;
    cand *cands;            /* the valid candidates met, in the order met (rot_best_for) */
    size_t n_cands, cap_cands;
    size_t *cand_at;        /* per pair: where its candidates start in cands, when met */
    double *okey;           /* per pair x NQ: a stale pair's key when it was ordered (reorder) */
    int *drop, *at;         /* merge_order's places: the entries leaving, those entering */
    unsigned short *oavail; /* per pair: a stale pair's avail and xout when it was ordered */
    unsigned char *oxout;
    int *was;               /* reorder: the stale pairs an order held */
    bool broken;            /* out of memory while ordering: the scan from then on */
    /* the orders on two or three attributes: a tree each (rotation_tree.c),
     * numbered as the order of their first attribute; entries live while
     * their pair's epoch is theirs (reorder moves it on) */
    rot_forest *forest;
    int *epoch;
    rot_walk walks[JH_NLEVELS * (JH_RURAL + 1) * (NOUT + NKINDS)];
};

#define NAREA (JH_RURAL + 1)
#define STALE INT_MIN

/* Why lists by area too: a destination takes sources at most as rural
 * only, and in lists of all areas the search met mostly sources it then
 * set aside for their area (a county of 2,000 schools: 10.5 of 15.6
 * million met), so its walk grew with the county. */
static int list_at(int group, int level, int area)
{
    return (2 * group + level) * NAREA + area;
}

static int list_of(const rule_state *r, int p)
{
    return list_at(r->y->group[p / 2], p % 2, (int)r->w->county->schools[p / 2].area);
}

static size_t oid(int L, int bb, unsigned out, int k)
{
    return (size_t)L * NORD + ((size_t)bb * NOUT + out) * NQ + (size_t)k;
}

static size_t oid_x(int L, unsigned mk, unsigned out, int k)
{
    return (size_t)L * NORD + NORD_LEAVE + ((size_t)mk * NOUT + out) * NQ + (size_t)k;
}

typedef struct by_key {
    const double *key;
    int k;
} by_key;

static int cmp_key(const void *a, const void *b, void *ctx)
{
    const by_key *bk = ctx;
    int p = *(const int *)a, q = *(const int *)b;
    double kp = bk->key[NQ * (size_t)p + (size_t)bk->k], kq = bk->key[NQ * (size_t)q + (size_t)bk->k];
    if (kp != kq)
        return kp < kq ? -1 : 1;
    return (p > q) - (p < q);
}

static int cmp_list(const void *a, const void *b, void *ctx)
{
    const rule_state *r = ctx;
    int p = *(const int *)a, q = *(const int *)b;
    int lp = list_of(r, p), lq = list_of(r, q);
    if (lp != lq)
        return lp < lq ? -1 : 1;
    return (p > q) - (p < q);
}

/* out on two or three attributes: its sources in a tree, not in orders */
static bool multi(unsigned out)
{
    return (out & (out - 1)) != 0;
}

static bool exchanges(const rule_state *r, int p)
{
    return r->w->policy.mode == JH_MODE_EXCHANGE || !r->leave[p];
}

/* p's avail and xout as it stands (cap: what they may ever be from now
 * on, the orders' capacity: movers only leave, and p may turn from sender
 * to exchange source and back) */
static unsigned avail_of(rule_state *r, int p, bool cap, unsigned char xout[NKINDS])
{
    rot_refresh(r, p);
    unsigned a = 0;
    memset(xout, 0, NKINDS);
    bool x = exchanges(r, p);
    for (int e = 0; e < r->n_reps[p]; e++) {
        unsigned mk = r->kind[r->reps[NKINDS * (size_t)p + (size_t)e]], c = mk & (NOUT - 1);
        if (cap || x)
            for (unsigned o = 1; o < NOUT; o++)
                if ((o & ~c) == 0 && (cap || rot_keeps(r, p, o)))
                    xout[mk] |= (unsigned char)(1u << o);
        if (cap || !x)
            for (unsigned o = 1; o < NOUT; o++)
                if (cap ? (o & ~c) == 0 : o == c)
                    a |= (1u << o) | ((mk >> JH_WF_BACKBONE) & 1 ? 1u << (NOUT + o) : 0u);
    }
    if (!cap)
        for (unsigned o = 1; o < NOUT; o++)
            if (((a >> o) & 1) && !rot_keeps(r, p, o))
                a &= ~((1u << o) | (1u << (NOUT + o)));
    return a;
}

static void keys_of(rule_state *r, int p)
{
    struct rot_index *ix = r->ix;
    for (int k = 0; k < NQ; k++)
        ix->key[NQ * (size_t)p + (size_t)k] = rot_dq_out(r, p, k);
    ix->avail[p] = (unsigned short)avail_of(r, p, false, &ix->xout[NKINDS * (size_t)p]);
}

/* The uncounted sources. Why by class: such a source's move changes no
 * sum of its level, so its score for a destination depends only on its
 * level and what it takes (out), and of the sources giving the same, the
 * scan of rot_better() can only pick the first in source order (a later
 * one scores the same and is never better). So a search meets, for each
 * level, area and out it may take, the first source of that class (the
 * first two: one may be the destination's school): a class is a sender's
 * out (a teacher whose counted attributes are out and rot_keeps), or an
 * exchange source's kind mk with an out it may lose. Meeting every one
 * of them each search grew with the county. */
#define NCLS (NOUT + NKINDS * NOUT)

static size_t ncls_x(unsigned mk, unsigned out)
{
    return NOUT + (size_t)mk * NOUT + out;
}

/* list L's set of class c */
static rot_set nc_set(const struct rot_index *ix, int L, size_t c)
{
    int nw = ix->nc_words[L];
    rot_set t = {&ix->ncb[ix->nc_off[L] + c * (size_t)nw],
                 &ix->ncs[ix->nc_soff[L] + c * (size_t)rot_set_sum_words(nw)], nw};
    return t;
}

/* uncounted p's classes set in its list's sets (on) or cleared */
static void nc_class(rule_state *r, int p, bool on)
{
    struct rot_index *ix = r->ix;
    int L = list_of(r, p), i = ix->nc_at[p];
    if (!on) {
        for (size_t c = 0; c < NCLS; c++) {
            rot_set t = nc_set(ix, L, c);
            rot_set_put(&t, i, false);
        }
        return;
    }
    rot_refresh(r, p);
    bool x = exchanges(r, p);
    for (int e = 0; e < r->n_reps[p]; e++) {
        unsigned mk = r->kind[r->reps[NKINDS * (size_t)p + (size_t)e]], c = mk & (NOUT - 1);
        if (!x) {
            if (c && rot_keeps(r, p, c)) {
                rot_set t = nc_set(ix, L, c);
                rot_set_put(&t, i, true);
            }
            continue;
        }
        for (unsigned o = 1; o < NOUT; o++)
            if ((o & ~c) == 0 && rot_keeps(r, p, o)) {
                rot_set t = nc_set(ix, L, ncls_x(mk, o));
                rot_set_put(&t, i, true);
            }
    }
}

/* The trees p's entries are in (cap 0: its avail and xout; 1: oavail and
 * oxout, as it was last ordered): ids[0..returned) */
static int trees_of(const rule_state *r, int p, bool was, size_t ids[2 * NOUT + NKINDS * NOUT])
{
    const struct rot_index *ix = r->ix;
    unsigned a = was ? ix->oavail[p] : ix->avail[p];
    const unsigned char *x = was ? &ix->oxout[NKINDS * (size_t)p] : &ix->xout[NKINDS * (size_t)p];
    int L = list_of(r, p), n = 0;
    for (int bb = 0; bb < 2; bb++)
        for (unsigned o = 1; o < NOUT; o++)
            if (multi(o) && ((a >> (bb * NOUT + (int)o)) & 1))
                ids[n++] = oid(L, bb, o, 0);
    for (unsigned mk = 0; mk < NKINDS; mk++)
        for (unsigned o = 1; o < NOUT; o++)
            if (multi(o) && ((x[mk] >> o) & 1))
                ids[n++] = oid_x(L, mk, o, 0);
    return n;
}

static void entry_of(const rule_state *r, int p, rot_tree_ent *e)
{
    memcpy(e->key, &r->ix->key[NQ * (size_t)p], sizeof e->key);
    e->p = p;
    e->epoch = r->ix->epoch[p];
}

static unsigned out_of_tree(size_t id)
{
    size_t j = id % NORD;
    return (unsigned)((j < NORD_LEAVE ? j : j - NORD_LEAVE) / NQ % NOUT);
}

/* every tree built from the counted sources' keys and memberships now */
static bool trees_build(rule_state *r)
{
    struct rot_index *ix = r->ix;
    size_t np = r->y->np, no = (size_t)ix->n_lists * NORD, n = 0;
    int *cnt = calloc(no + 1, sizeof *cnt);
    size_t ids[2 * NOUT + NKINDS * NOUT];
    bool ok = cnt != NULL;
    for (size_t p = 0; ok && p < np; p++)
        if (ix->member[p] == 1) {
            int m = trees_of(r, (int)p, false, ids);
            for (int i = 0; i < m; i++)
                cnt[ids[i]]++;
            n += (size_t)m;
        }
    rot_tree_ent *e = ok ? malloc((n + 1) * sizeof *e) : NULL;
    size_t *at = ok ? malloc((no + 1) * sizeof *at) : NULL;
    ok = e && at;
    if (ok) {
        size_t a = 0;
        for (size_t i = 0; i < no; i++) {
            at[i] = a;
            a += (size_t)cnt[i];
        }
        for (size_t p = 0; p < np; p++)
            if (ix->member[p] == 1) {
                int m = trees_of(r, (int)p, false, ids);
                for (int i = 0; i < m; i++)
                    entry_of(r, (int)p, &e[at[ids[i]]++]);
            }
        for (size_t i = 0; ok && i < no; i++)
            if (cnt[i])
                ok = rot_forest_build(ix->forest, (int)i, &e[at[i] - (size_t)cnt[i]], cnt[i]);
    }
    free(cnt);
    free(e);
    free(at);
    return ok;
}

/* p's entries out of its trees (in false: p touched, met anyway while
 * stale; its epoch moves on) or back in at its keys now (in true: keys_of
 * done, as the orders) */
static bool trees_put(rule_state *r, int p, bool in)
{
    struct rot_index *ix = r->ix;
    size_t ids[2 * NOUT + NKINDS * NOUT];
    int m = trees_of(r, p, false, ids);
    rot_tree_ent e;
    entry_of(r, p, &e);
    if (!in)
        ix->epoch[p]++;
    for (int i = 0; i < m; i++)
        if (!(in ? rot_forest_insert(ix->forest, (int)ids[i], &e, ix->epoch)
                 : rot_forest_remove(ix->forest, (int)ids[i], &e, ix->epoch)))
            return false;
    return true;
}

void rot_index_free(rule_state *r)
{
    struct rot_index *ix = r->ix;
    if (!ix)
        return;
    free(ix->ord);
    free(ix->ord_key);
    free(ix->ord_start);
    free(ix->ord_len);
    free(ix->nc);
    free(ix->nc_start);
    free(ix->ncb);
    free(ix->ncs);
    free(ix->nc_off);
    free(ix->nc_soff);
    free(ix->nc_words);
    free(ix->nc_at);
    free(ix->dirty);
    free(ix->is_dirty);
    free(ix->key);
    free(ix->avail);
    free(ix->xout);
    free(ix->member);
    free(ix->area);
    free(ix->stale);
    free(ix->side);
    free(ix->mark);
    free(ix->seen);
    free(ix->vals);
    free(ix->vgain);
    free(ix->tmp);
    free(ix->okey);
    free(ix->cands);
    free(ix->cand_at);
    free(ix->drop);
    free(ix->at);
    free(ix->oavail);
    free(ix->oxout);
    free(ix->was);
    rot_forest_free(ix->forest);
    free(ix->epoch);
    for (size_t i = 0; i < sizeof ix->walks / sizeof ix->walks[0]; i++)
        rot_walk_free(&ix->walks[i]);
    free(ix);
    r->ix = NULL;
}

bool rot_index_build(rule_state *r)
{
    const jh_wf_year *y = r->y;
    size_t np = y->np;
    struct rot_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return false;
    r->ix = ix;
    ix->n_lists = 2 * NAREA * (y->n_groups > 0 ? y->n_groups : 0);
    size_t no = (size_t)ix->n_lists * NORD;
    ix->ord = NULL; /* sized below */
    ix->ord_start = calloc(no + 1, sizeof *ix->ord_start);
    ix->ord_len = calloc(no + 1, sizeof *ix->ord_len);
    ix->nc = malloc((np + 1) * sizeof *ix->nc);
    ix->nc_start = calloc((size_t)ix->n_lists + 2, sizeof *ix->nc_start);
    ix->key = calloc(NQ * np + 1, sizeof *ix->key);
    ix->avail = calloc(np + 1, sizeof *ix->avail);
    ix->xout = calloc(NKINDS * (np + 1), 1);
    ix->member = calloc(np + 1, 1);
    ix->area = calloc(np + 1, 1);
    ix->stale = calloc(np + 1, 1);
    ix->side = malloc((np + 1) * sizeof *ix->side);
    ix->mark = calloc(np + 1, sizeof *ix->mark);
    ix->seen = malloc((np + 1) * sizeof *ix->seen);
    ix->tmp = malloc((np + (size_t)ix->n_lists + 1) * sizeof *ix->tmp);
    ix->okey = calloc(NQ * np + 1, sizeof *ix->okey);
    ix->drop = malloc((np + 1) * sizeof *ix->drop);
    ix->at = malloc((np + 1) * sizeof *ix->at);
    ix->cand_at = calloc(np + 1, sizeof *ix->cand_at);
    ix->oavail = calloc(np + 1, sizeof *ix->oavail);
    ix->oxout = calloc(NKINDS * (np + 1), 1);
    ix->was = malloc((np + 1) * sizeof *ix->was);
    ix->epoch = calloc(np + 1, sizeof *ix->epoch);
    unsigned *tout = malloc((no + 1) * sizeof *tout);
    if (tout)
        for (size_t i = 0; i < no; i++)
            tout[i] = out_of_tree(i);
    ix->forest = tout ? rot_forest_new((int)no, tout) : NULL;
    free(tout);
    if (!ix->epoch || !ix->forest)
        return false;
    if (!ix->okey || !ix->drop || !ix->at || !ix->cand_at || !ix->oavail || !ix->oxout || !ix->was)
        return false;
    ix->nc_off = calloc((size_t)ix->n_lists + 1, sizeof *ix->nc_off);
    ix->nc_soff = calloc((size_t)ix->n_lists + 1, sizeof *ix->nc_soff);
    ix->nc_words = calloc((size_t)ix->n_lists + 1, sizeof *ix->nc_words);
    ix->nc_at = calloc(np + 1, sizeof *ix->nc_at);
    ix->dirty = malloc((np + 1) * sizeof *ix->dirty);
    ix->is_dirty = calloc(np + 1, 1);
    if (!ix->nc_off || !ix->nc_soff || !ix->nc_words || !ix->nc_at || !ix->dirty || !ix->is_dirty)
        return false;
    if (!ix->ord_start || !ix->ord_len || !ix->nc || !ix->nc_start || !ix->key ||
        !ix->avail || !ix->xout || !ix->member || !ix->area || !ix->stale || !ix->side || !ix->mark || !ix->seen || !ix->tmp)
        return false;
    for (size_t p = 0; p < np; p++)
        ix->area[p] = (unsigned char)r->w->county->schools[p / 2].area;
    for (int p = 0; p < (int)np; p++) {
        if (r->start[p] == r->start[p + 1] || y->group[p / 2] < 0)
            continue;
        if (r->counted[p]) {
            ix->member[p] = 1;
            unsigned char xcap[NKINDS];
            unsigned cap = avail_of(r, p, true, xcap);
            for (int bb = 0; bb < 2; bb++)
                for (unsigned o = 1; o < NOUT; o++)
                    if (((cap >> (bb * NOUT + (int)o)) & 1) && !multi(o))
                        for (int k = 0; k < NQ; k++)
                            if ((o >> k) & 1)
                                ix->ord_len[oid(list_of(r, p), bb, o, k)]++;
            for (unsigned mk = 0; mk < NKINDS; mk++)
                for (unsigned o = 1; o < NOUT; o++)
                    if (((xcap[mk] >> o) & 1) && !multi(o))
                        for (int k = 0; k < NQ; k++)
                            if ((o >> k) & 1)
                                ix->ord_len[oid_x(list_of(r, p), mk, o, k)]++;
            keys_of(r, p);
        } else {
            ix->member[p] = 2;
            ix->nc_start[list_of(r, p) + 1]++;
        }
    }
    for (size_t i = 0; i < no; i++) {
        ix->ord_start[i + 1] = ix->ord_start[i] + ix->ord_len[i];
        ix->ord_len[i] = 0;
    }
    if (!(ix->ord = malloc(((size_t)ix->ord_start[no] + 1) * sizeof *ix->ord)) ||
        !(ix->ord_key = malloc(((size_t)ix->ord_start[no] + 1) * sizeof *ix->ord_key)))
        return false;
    for (int L = 0; L < ix->n_lists; L++)
        ix->nc_start[L + 1] += ix->nc_start[L];
    int *fill_nc = ix->tmp;
    for (int L = 0; L < ix->n_lists; L++)
        fill_nc[L] = ix->nc_start[L];
    for (int L = 0; L < ix->n_lists; L++) {
        ix->nc_words[L] = (ix->nc_start[L + 1] - ix->nc_start[L] + 63) / 64;
        ix->nc_off[L + 1] = ix->nc_off[L] + NCLS * (size_t)ix->nc_words[L];
        ix->nc_soff[L + 1] = ix->nc_soff[L] + NCLS * (size_t)rot_set_sum_words(ix->nc_words[L]);
    }
    if (!(ix->ncb = calloc(ix->nc_off[ix->n_lists] + 1, sizeof *ix->ncb)) ||
        !(ix->ncs = calloc(ix->nc_soff[ix->n_lists] + 1, sizeof *ix->ncs)))
        return false;
    for (int p = 0; p < (int)np; p++) {
        if (ix->member[p] == 2) {
            int L = list_of(r, p);
            ix->nc_at[p] = fill_nc[L] - ix->nc_start[L];
            ix->nc[fill_nc[L]++] = p;
            nc_class(r, p, true);
        }
        else if (ix->member[p] == 1)
            for (int bb = 0; bb < 2; bb++)
                for (unsigned o = 1; o < NOUT; o++)
                    if (((ix->avail[p] >> (bb * NOUT + (int)o)) & 1) && !multi(o))
                        for (int k = 0; k < NQ; k++)
                            if ((o >> k) & 1) {
                                size_t i = oid(list_of(r, p), bb, o, k);
                                ix->ord[ix->ord_start[i] + ix->ord_len[i]++] = p;
                            }
        if (ix->member[p] == 1)
            for (unsigned mk = 0; mk < NKINDS; mk++)
                for (unsigned o = 1; o < NOUT; o++)
                    if (((ix->xout[NKINDS * (size_t)p + mk] >> o) & 1) && !multi(o))
                        for (int k = 0; k < NQ; k++)
                            if ((o >> k) & 1) {
                                size_t i = oid_x(list_of(r, p), mk, o, k);
                                ix->ord[ix->ord_start[i] + ix->ord_len[i]++] = p;
                            }
    }
    for (size_t i = 0; i < no; i++) {
        by_key bk = {ix->key, (int)(i % NQ)};
        qsort_r(&ix->ord[ix->ord_start[i]], (size_t)ix->ord_len[i], sizeof *ix->ord, cmp_key, &bk);
        for (int e = ix->ord_start[i]; e < ix->ord_start[i] + ix->ord_len[i]; e++)
            ix->ord_key[e] = ix->key[NQ * (size_t)ix->ord[e] + i % NQ];
    }
    return trees_build(r);
}

void rot_index_touched(rule_state *r, int p)
{
    struct rot_index *ix = r->ix;
    if (ix && ix->member[p] == 2 && !ix->is_dirty[p]) {
        ix->is_dirty[p] = 1;
        ix->dirty[ix->n_dirty++] = p;
    }
    if (!ix || ix->member[p] != 1 || ix->stale[p])
        return;
    ix->stale[p] = 1;
    ix->mark[p] |= STALE;
    ix->side[ix->n_side++] = p;
    if (!ix->broken && !trees_put(r, p, false))
        ix->broken = true;
}

/* The first place in an order (from a, n entries) not before (v, p), by
 * ord_key then pair */
static int lower_bound(const struct rot_index *ix, int a, int n, double v, int p)
{
    int lo = a, hi = a + n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, q = ix->ord[mid];
        double kq = ix->ord_key[mid];
        if (kq < v || (kq == v && q < p))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_place(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Order id: the entries of the stale pairs was[0..n_was) (those it held)
 * dropped, in[0..n_in) (stale pairs now in it, their keys now) merged in
 * by key k. Why by
 * places: the entries met one by one made each merge as long as the order
 * (every ~16 moves, in most orders of the list: the rule grew with the
 * county's square); the stale entries are found and the new ones placed by
 * binary search, the runs between them moved in place, only those whose
 * place changes (copying the whole order out and back each merge grew
 * with the county's square: 20,000 schools merged a billion entries). */
static void merge_order(rule_state *r, size_t id, int k, int *in, int n_in, const int *was,
                        int n_was)
{
    struct rot_index *ix = r->ix;
    by_key bk = {ix->key, k};
    qsort_r(in, (size_t)n_in, sizeof *in, cmp_key, &bk);
    int a = ix->ord_start[id], len = ix->ord_len[id], nd = 0;
    for (int t = 0; t < n_was; t++) {
        int p = was[t];
        int e = lower_bound(ix, a, len, ix->okey[NQ * (size_t)p + (size_t)k], p);
        if (e < a + len && ix->ord[e] == p)
            ix->drop[nd++] = e;
    }
    qsort(ix->drop, (size_t)nd, sizeof *ix->drop, cmp_place);
    for (int s = 0; s < n_in; s++)
        ix->at[s] = lower_bound(ix, a, len, ix->key[NQ * (size_t)in[s] + (size_t)k], in[s]);
    /* in place: an entry kept moves by the entries entering before it less
     * those leaving before it (off); the runs between places moving left
     * first, left to right, then those moving right, right to left (a run
     * never lands on a run not yet moved), then the entries entering */
    int *o = ix->ord;
    double *ok = ix->ord_key;
    int pos = a, off = 0, di = 0, s = 0;
    for (;;) {
        bool more = di < nd || s < n_in;
        int next = !more ? a + len
                   : s < n_in && (di == nd || ix->at[s] <= ix->drop[di]) ? ix->at[s]
                                                                         : ix->drop[di];
        if (off < 0 && next > pos) {
            memmove(&o[pos + off], &o[pos], (size_t)(next - pos) * sizeof *o);
            memmove(&ok[pos + off], &ok[pos], (size_t)(next - pos) * sizeof *ok);
        }
        if (!more)
            break;
        pos = next;
        if (s < n_in && ix->at[s] == next) {
            off++;
            s++;
        } else {
            off--;
            pos++;
            di++;
        }
    }
    int end = a + len;
    di = nd - 1;
    s = n_in - 1;
    for (;;) {
        bool more = di >= 0 || s >= 0;
        bool drop = more && di >= 0 && (s < 0 || ix->drop[di] >= ix->at[s]);
        int from = !more ? a : drop ? ix->drop[di] + 1 : ix->at[s];
        if (off > 0 && end > from) {
            memmove(&o[from + off], &o[from], (size_t)(end - from) * sizeof *o);
            memmove(&ok[from + off], &ok[from], (size_t)(end - from) * sizeof *ok);
        }
        if (!more)
            break;
        if (drop) {
            off++;
            end = from - 1;
            di--;
        } else {
            off--;
            end = from;
            s--;
        }
    }
    for (s = 0, di = 0; s < n_in; s++) {
        while (di < nd && ix->drop[di] < ix->at[s])
            di++;
        o[ix->at[s] - di + s] = in[s];
        ok[ix->at[s] - di + s] = ix->key[NQ * (size_t)in[s] + (size_t)k];
    }
    int n = len - nd + n_in;
    ix->ord_len[id] = n;
}

/* The stale pairs back in their orders at their keys now (an order a
 * pair is no longer in loses it). Only the orders a stale pair was in
 * (when last ordered) or enters are merged: the others hold no stale
 * entry and gain none. Why: merging every order of a list each time grew
 * with the county (a county of 5,000 schools merged 80 million entries). */
static bool reorder(rule_state *r)
{
    struct rot_index *ix = r->ix;
    qsort_r(ix->side, (size_t)ix->n_side, sizeof *ix->side, cmp_list, r);
    int *in = ix->tmp + r->y->np / 2 + 1;
    for (int i = 0; i < ix->n_side;) {
        int L = list_of(r, ix->side[i]), j = i;
        while (j < ix->n_side && list_of(r, ix->side[j]) == L)
            j++;
        /* the orders touched: the pairs' memberships before and after */
        unsigned touched = 0;
        unsigned char xt[NKINDS] = {0};
        for (int pass = 0; pass < 2; pass++)
            for (int t = i; t < j; t++) {
                int p = ix->side[t];
                if (pass) {
                    memcpy(&ix->okey[NQ * (size_t)p], &ix->key[NQ * (size_t)p],
                           NQ * sizeof *ix->okey);
                    ix->oavail[p] = ix->avail[p];
                    memcpy(&ix->oxout[NKINDS * (size_t)p], &ix->xout[NKINDS * (size_t)p], NKINDS);
                    keys_of(r, p);
                    if (!trees_put(r, p, true))
                        return false;
                }
                touched |= ix->avail[p];
                for (unsigned mk = 0; mk < NKINDS; mk++)
                    xt[mk] |= ix->xout[NKINDS * (size_t)p + mk];
            }
        for (unsigned ob = 1; ob < 2 * NOUT; ob++) {
            unsigned o = ob % NOUT;
            int bb = (int)(ob / NOUT);
            if (!o || !((touched >> ob) & 1) || multi(o))
                continue;
            int n_in = 0, n_was = 0;
            for (int t = i; t < j; t++) {
                if ((ix->avail[ix->side[t]] >> ob) & 1)
                    in[n_in++] = ix->side[t];
                if ((ix->oavail[ix->side[t]] >> ob) & 1)
                    ix->was[n_was++] = ix->side[t];
            }
            for (int k = 0; k < NQ; k++)
                if ((o >> k) & 1)
                    merge_order(r, oid(L, bb, o, k), k, in, n_in, ix->was, n_was);
        }
        for (unsigned mk = 0; mk < NKINDS; mk++)
            for (unsigned o = 1; o < NOUT; o++) {
                if ((o & ~mk) || !((xt[mk] >> o) & 1) || multi(o))
                    continue;
                int n_in = 0, n_was = 0;
                for (int t = i; t < j; t++) {
                    if ((ix->xout[NKINDS * (size_t)ix->side[t] + mk] >> o) & 1)
                        in[n_in++] = ix->side[t];
                    if ((ix->oxout[NKINDS * (size_t)ix->side[t] + mk] >> o) & 1)
                        ix->was[n_was++] = ix->side[t];
                }
                for (int k = 0; k < NQ; k++)
                    if ((o >> k) & 1)
                        merge_order(r, oid_x(L, mk, o, k), k, in, n_in, ix->was, n_was);
            }
        i = j;
    }
    for (int i = 0; i < ix->n_side; i++) {
        ix->stale[ix->side[i]] = 0;
        ix->mark[ix->side[i]] &= ~STALE;
    }
    ix->n_side = 0;
    return true;
}

/* ---- the search ---- */

typedef struct search {
    int d, lo, hi, area;
    bool need_bb, found, oom;
    long G;       /* the best gain among the valid candidates met */
    double M;     /* the best score among those of gain G */
    const long *gain;
    const int *pt_of; /* d's partner by mover kind, all filled (rot_partners) */
} search;

/* One level's sources of one kind of move, met along their orders (the
 * threshold algorithm): out is what the move takes, id the order by each
 * k of out. */
typedef struct stream {
    int lv;
    unsigned out;
    bool open, exch; /* exch: of exchange sources */
    double v;     /* the bound at the frontier */
    bool has_v;   /* v is that of the frontier keys vfr (the sums do not change
                     during a search: the same keys give the same bound) */
    double vfr[NQ];
    size_t id[NQ];
    int pos[NQ];
    /* on two or three attributes: its tree's walk (ix->walks[at]) and the
     * bound's arguments */
    bool multi;
    int at;
    struct bound_ctx {
        const rule_state *r;
        const rot_cv_from *cf; /* the level's, for d: rot_cv_from_set per k */
        unsigned out;
    } bc;
} stream;

/* The score a source of the stream's level with keys `key` would give
 * its move at d, never below that of a source with larger keys (the
 * frontier's bound in the orders); false when no such source gives a
 * valid candidate (a CV would rise; in the spread pass, none falls). */
static bool bound_of(void *c, const double key[NQ], double *b)
{
    const struct bound_ctx *x = c;
    const rule_state *r = x->r;
    bool worse = false;
    double rel = 0;
    for (int k = 0; k < NQ; k++)
        if ((x->out >> k) & 1)
            rel += rot_cv_from_eval(&x->cf[k], key[k], &worse);
    *b = -rel;
    if (worse)
        return false;
    return r->pass == 0 || *b > 1e-12;
}

/* Source q met: its valid candidates recorded (what scan's guards and
 * rot_judge let through, with no candidate left out as covered). */
static void meet(rule_state *r, search *s, int q)
{
    struct rot_index *ix = r->ix;
    const jh_workforce *w = r->w;
    if ((ix->mark[q] & ~STALE) == ix->now)
        return;
    int mark = ix->now | (ix->mark[q] & STALE);
    if (q / 2 == s->d / 2 || (int)ix->area[q] > s->area) {
        ix->mark[q] = mark;
        return;
    }
    ix->mark[q] = mark;
    ix->seen[ix->n_seen++] = q;
    ix->cand_at[q] = ix->n_cands;
    rot_refresh(r, q);
    bool exchange = w->policy.mode == JH_MODE_EXCHANGE || !r->leave[q];
    const int *ms = exchange ? &r->reps[NKINDS * (size_t)q] : &r->offers[NOUT * (size_t)q];
    const unsigned char *ks =
        exchange ? &r->rep_kind[NKINDS * (size_t)q] : &r->offer_kind[NOUT * (size_t)q];
    int n_ms = exchange ? r->n_reps[q] : r->n_offers[q];
    for (int e = 0; e < n_ms; e++) {
        int m = ms[e];
        unsigned mk = ks[e];
        if (s->need_bb && !(mk & (1u << JH_WF_BACKBONE)))
            continue;
        int pt = -1;
        if (exchange && (pt = s->pt_of[mk]) < 0) /* rot_partners filled pt_of */
            continue;
        unsigned out = mk & ~(pt >= 0 ? r->kind[pt] : 0u) & (NOUT - 1);
        if (!out || (r->pass == 0 && s->gain[out] <= 0) || !rot_keeps(r, q, out))
            continue;
        cand cd;
        bool worse;
        if (!rot_judge(r, q, s->d, m, pt, out, s->gain[out], &cd, &worse))
            continue;
        if (ix->n_vals == ix->cap_vals) {
            size_t cap = ix->cap_vals ? 2 * ix->cap_vals : 1024;
            double *v = realloc(ix->vals, cap * sizeof *v);
            if (v)
                ix->vals = v;
            long *g = realloc(ix->vgain, cap * sizeof *g);
            if (g)
                ix->vgain = g;
            if (!v || !g) {
                s->oom = true;
                return;
            }
            ix->cap_vals = cap;
        }
        if (ix->n_cands == ix->cap_cands) {
            size_t cap = ix->cap_cands ? 2 * ix->cap_cands : 1024;
            cand *c = realloc(ix->cands, cap * sizeof *c);
            if (!c) {
                s->oom = true;
                return;
            }
            ix->cands = c;
            ix->cap_cands = cap;
        }
        ix->cands[ix->n_cands++] = cd;
        ix->vals[ix->n_vals] = cd.cv;
        ix->vgain[ix->n_vals++] = cd.gain;
        if (!s->found || cd.gain > s->G) {
            s->found = true;
            s->G = cd.gain;
            s->M = cd.cv;
        } else if (cd.gain == s->G && cd.cv > s->M) {
            s->M = cd.cv;
        }
    }
}

/* The first source of class c in list L met (the first two when the
 * first is the destination's school). Why by the sets' summaries: a
 * class's first sources lie far into a long list once the earlier ones
 * have lost their movers, and a walk word by word from the start grew
 * with the county (as many words as the list's uncounted sources, each
 * search). */
static void nc_first(rule_state *r, search *s, int L, size_t c)
{
    struct rot_index *ix = r->ix;
    rot_set t = nc_set(ix, L, c);
    for (int i = rot_set_next(&t, 0); i >= 0; i = rot_set_next(&t, i + 1)) {
        int q = ix->nc[ix->nc_start[L] + i];
        meet(r, s, q);
        if (q / 2 != s->d / 2)
            return;
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* T: the lowest of the top scores of gain G linked by steps of at most
 * GAP (the scores of smaller gains can no longer matter: G only grows). */
static double top_cluster(struct rot_index *ix, long G)
{
    return rot_top_cluster(ix->vals, ix->vgain, &ix->n_vals, G);
}

/* A stream of one attribute k past the run of entries of its frontier's
 * key, the first source of the run that could give its move met (not the
 * destination's school; an exchange source that may lose out). Why: a
 * large county has runs of hundreds of sources with the same dq_out
 * (the same holders for the same pupils), each scoring what the first
 * does, and of equal candidates the scan picks the first in source order
 * only (the run is in pair order); meeting every one of them made the
 * search's depth grow with the county. Sources of the run that could not
 * give the move score nothing here; stale ones are met anyway. */
static void advance_run(rule_state *r, search *s, stream *t)
{
    struct rot_index *ix = r->ix;
    int k = __builtin_ctz(t->out);
    size_t id = t->id[k];
    int e = t->pos[k], end = ix->ord_start[id] + ix->ord_len[id];
    const double key = ix->ord_key[e];
    for (; e < end && ix->ord_key[e] == key; e++) {
        int q = ix->ord[e];
        if (!ix->stale[q] && q / 2 != s->d / 2 && (!t->exch || rot_keeps(r, q, t->out))) {
            meet(r, s, q);
            break;
        }
    }
    /* the run's end */
    int lo = e, hi = end;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ix->ord_key[mid] == key)
            lo = mid + 1;
        else
            hi = mid;
    }
    t->pos[k] = lo;
}

bool rot_best_for(rule_state *r, int d, bool need_bb, cand *best)
{
    const jh_wf_year *y = r->y;
    long gain[NOUT];
    int pt_of[NKINDS];
    rot_best_setup(r, d, gain, pt_of);
    int ld = d % 2, area = (int)r->w->county->schools[d / 2].area;
    struct rot_index *ix = r->ix;
    if (ix && jh_rot_search && !ix->broken && ix->n_side > jh_rot_stale_max && !reorder(r))
        ix->broken = true;
    if (!ix || !jh_rot_search || ix->broken)
        return rot_scan(r, d, need_bb, gain, pt_of, r->from[ld][area], r->n_from[ld][area], best);
    search s = {.d = d, .area = area, .need_bb = need_bb, .gain = gain, .pt_of = pt_of};
    s.lo = r->w->policy.cross_level ? 0 : ld;
    s.hi = r->w->policy.cross_level ? JH_NLEVELS - 1 : ld;
    int gd = y->group[d / 2];
    ix->now++;
    ix->n_seen = 0;
    ix->n_vals = 0;
    ix->n_cands = 0;
    for (int i = 0; i < ix->n_dirty; i++) {
        int p = ix->dirty[i];
        ix->is_dirty[p] = 0;
        nc_class(r, p, false);
        nc_class(r, p, true);
    }
    ix->n_dirty = 0;
    /* d's partners do not change during the search: all of them at once */
    rot_partners(r, d, pt_of);
    /* what a counted source of each level gives d, but for its keys */
    rot_cv_from cf[JH_NLEVELS][NQ];
    for (int lv = s.lo; lv <= s.hi; lv++)
        for (int k = 0; k < NQ; k++)
            rot_cv_from_set(r, lv, true, d, k, &cf[lv][k]);
    for (int lv = s.lo; lv <= s.hi; lv++)
        for (int a = 0; a <= area; a++) {
            int L = list_at(gd, lv, a);
            for (unsigned o = 1; o < NOUT; o++)
                if (!(need_bb && !(o & (1u << JH_WF_BACKBONE))) && !(r->pass == 0 && gain[o] <= 0))
                    nc_first(r, &s, L, o);
            for (unsigned mk = 0; mk < NKINDS; mk++) {
                if ((need_bb && !(mk & (1u << JH_WF_BACKBONE))) || pt_of[mk] < 0)
                    continue;
                unsigned o = mk & ~r->kind[pt_of[mk]] & (NOUT - 1);
                if (o && !(r->pass == 0 && gain[o] <= 0))
                    nc_first(r, &s, L, ncls_x(mk, o));
            }
        }
    for (int i = 0; i < ix->n_side; i++) {
        int q = ix->side[i];
        if (y->group[q / 2] == gd && q % 2 >= s.lo && q % 2 <= s.hi)
            meet(r, &s, q);
    }
    /* the streams still open: per level, the senders' orders of each out
     * and the exchange sources' of each kind with a partner at d (what
     * that partner leaves them taking: out); pos: each order's next entry */
    stream st[JH_NLEVELS * NAREA * (NOUT + NKINDS)];
    int n_st = 0;
    for (int lv = s.lo; lv <= s.hi; lv++) {
        for (int a = 0; a <= area; a++) {
            int L = list_at(gd, lv, a);
            for (unsigned o = 1; o < NOUT; o++) {
                if (r->pass == 0 && gain[o] <= 0)
                    continue;
                stream *t = &st[n_st++];
                t->lv = lv;
                t->out = o;
                t->open = true;
                t->has_v = false;
                t->exch = false;
                t->multi = multi(o);
                for (int k = 0; k < NQ; k++)
                    t->id[k] = oid(L, need_bb, o, k);
            }
            for (unsigned mk = 0; mk < NKINDS; mk++) {
                if (need_bb && !(mk & (1u << JH_WF_BACKBONE)))
                    continue;
                if (pt_of[mk] < 0)
                    continue;
                unsigned o = mk & ~r->kind[pt_of[mk]] & (NOUT - 1);
                if (!o || (r->pass == 0 && gain[o] <= 0))
                    continue;
                stream *t = &st[n_st++];
                t->lv = lv;
                t->out = o;
                t->open = true;
                t->has_v = false;
                t->exch = true;
                t->multi = multi(o);
                for (int k = 0; k < NQ; k++)
                    t->id[k] = oid_x(L, mk, o, k);
            }
        }
    }
    for (int i = 0; i < n_st; i++) {
        stream *t = &st[i];
        if (t->multi) {
            t->at = i;
            t->bc = (struct bound_ctx){.r = r, .cf = cf[t->lv], .out = t->out};
            if (!rot_walk_start(ix->forest, &ix->walks[i], (int)t->id[0], bound_of, &t->bc))
                s.oom = true;
            continue;
        }
        for (int k = 0; k < NQ; k++)
            t->pos[k] = ix->ord_start[t->id[k]];
    }
    /* top_cluster's T for the candidates as they were last counted (the
     * same values give the same T: computed again only when a candidate
     * was met or G grew; the loop computed it each step) */
    size_t t_vals = (size_t)-1;
    long t_G = 0;
    double t_T = 0;
    while (!s.oom) {
        /* each open stream's bound at its frontier; closed for good when
         * no source left in it can give a valid candidate that matters */
        bool any = false, must = false;
        double maxb = -INFINITY;
        for (int i = 0; i < n_st; i++) {
            stream *t = &st[i];
            unsigned o = t->out;
            if (!t->open)
                continue;
            if (s.found && gain[o] < s.G) {
                t->open = false;
                continue;
            }
            if (t->multi) {
                /* the best bound left in its tree (bound_of dropped those
                 * that cannot give a valid candidate) */
                const rot_walk *wk = &ix->walks[t->at];
                if (wk->n == 0) {
                    t->open = false;
                    continue;
                }
                t->v = wk->heap[0].b;
                any = true;
                if (!s.found || gain[o] > s.G)
                    must = true;
                else if (t->v > maxb)
                    maxb = t->v;
                continue;
            }
            double fr[NQ] = {0};
            for (int k = 0; k < NQ && t->open; k++) {
                if (!((o >> k) & 1))
                    continue;
                size_t id = t->id[k];
                int *e = &t->pos[k], end = ix->ord_start[id] + ix->ord_len[id];
                while (*e < end && (ix->mark[ix->ord[*e]] < 0 || ix->mark[ix->ord[*e]] == ix->now))
                    (*e)++;
                if (*e == end)
                    t->open = false;
                else
                    fr[k] = ix->ord_key[*e];
            }
            if (!t->open)
                continue;
            bool same = t->has_v;
            for (int k = 0; k < NQ && same; k++)
                same = !((o >> k) & 1) || fr[k] == t->vfr[k];
            if (!same) {
                bool worse = false;
                double rel = 0;
                for (int k = 0; k < NQ; k++)
                    if ((o >> k) & 1)
                        rel += rot_cv_from_eval(&cf[t->lv][k], fr[k], &worse);
                t->v = -rel;
                t->has_v = true;
                memcpy(t->vfr, fr, sizeof t->vfr);
                if (worse || (r->pass != 0 && !(t->v > 1e-12))) {
                    t->open = false;
                    continue;
                }
            }
            any = true;
            if (!s.found || gain[o] > s.G)
                must = true;
            else if (t->v > maxb)
                maxb = t->v;
        }
        if (!any)
            break;
        bool all = must || !(maxb + 2 * GAP < s.M);
        if (!all && (ix->n_vals != t_vals || s.G != t_G)) {
            t_T = top_cluster(ix, s.G);
            t_vals = ix->n_vals;
            t_G = s.G;
        }
        if (!all && maxb + 2 * GAP < t_T)
            break;
        /* advance: the streams that may still beat the best (all of them
         * when the cluster reaches below it) */
        double T = all ? s.M : -INFINITY;
        for (int i = 0; i < n_st; i++) {
            stream *t = &st[i];
            if (!t->open || !(!s.found || gain[t->out] > s.G || t->v + 2 * GAP >= T))
                continue;
            if (t->multi) {
                /* the next source of its walk not met (not stale: those
                 * are met anyway), its nodes opened while they may
                 * still beat the best (one at least: the walk moves on) */
                double cut = !s.found || gain[t->out] > s.G ? -INFINITY : T;
                for (;;) {
                    int q = rot_walk_next(ix->forest, &ix->walks[t->at], cut, ix->epoch, bound_of,
                                          &t->bc);
                    if (q == -3)
                        s.oom = true;
                    if (q < 0)
                        break;
                    if (ix->mark[q] < 0 || ix->mark[q] == ix->now) {
                        continue;
                    }
                    meet(r, &s, q);
                    break;
                }
            } else {
                advance_run(r, &s, t);
            }
        }
    }
    if (s.oom)
        return rot_scan(r, d, need_bb, gain, pt_of, r->from[ld][area], r->n_from[ld][area], best);
    /* the scan of rot_better() over the sources met, in source order: over
     * the valid candidates meet judged (a source's in the order scan tries
     * them), those scan would leave unjudged never being taken */
    qsort(ix->seen, (size_t)ix->n_seen, sizeof *ix->seen, cmp_int);
    bool found = false;
    for (int i = 0; i < ix->n_seen; i++) {
        int q = ix->seen[i];
        for (size_t c = ix->cand_at[q]; c < ix->n_cands && ix->cands[c].q == q; c++)
            if (!found || rot_better(&ix->cands[c], best)) {
                *best = ix->cands[c];
                found = true;
            }
    }
    return found;
}
