/*
 * workforce_rotation_internal: what the rule's files share (the greedy rule
 * in workforce_rotation.c, its search for a destination's best move in
 * workforce_rotation_search.c). Not for the rest of the engine.
 */
#ifndef JH_WORKFORCE_ROTATION_INTERNAL_H
#define JH_WORKFORCE_ROTATION_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators.h"
#include "workforce_internal.h"

struct rot_index;
struct rot_dest;
struct rot_exch;

#define NQ 3              /* the quality set's teacher indicators: the first three attributes */
#define FAR 1000000L      /* the distance of a school level its facilities rule out */
#define NKINDS (1 << JH_WF_NATTR) /* a teacher's kind: bit k set when jh_wf_attr(t, k) */
#define NOUT (1 << NQ)    /* what a move takes from its sender: bit k, a holder of attribute k */

/*
 * Why the caches below: the rule is greedy (find the destination, judge
 * every source's movers for it, make the best move, again), and a county of
 * 1,500 schools makes ~30,000 moves a run, each judging ~2,500 movers.
 * Judging each of them afresh (models/indicators for every distance, the
 * destination's whole roster for every partner, every pair's distance for
 * every destination) made the rule 30 times slower than the rest of the
 * simulation. What is cached is a pure function of the year's fixed data
 * (pupils, facilities, kinds) and of the counts of one pair, and a move
 * changes the counts of two pairs only (its sender and its destination:
 * pair_touched), so the results are bit for bit those of computing afresh.
 */
typedef struct rule_state {
    jh_workforce *w;
    jh_wf_year *y;
    int *ids;      /* eligible teachers by pair, longest-serving first */
    int *start;    /* per pair: offsets into ids */
    int *all_ids;  /* every teacher by the pair teaching it at the start */
    int *all_start;
    unsigned char *blocked;  /* per pair: 1 no backbone mover, 2 no mover */
    double *trend;           /* per pair: pupils' change a year */
    jh_indicator_input *fac; /* per pair: the level's facilities */
    unsigned char *counted;  /* per pair: in the level's statistics */
    int *order;              /* pass 2's pairs (cmp_neutral) */
    int horizon;             /* years a mover is away (checked at the sender) */
    /* enrolment-weighted CV sums over the counted pairs at next year's
     * pupils: W = sum P, S1 = sum c, S2 = sum c^2 / P */
    double W[JH_NLEVELS], S1[JH_NLEVELS][NQ], S2[JH_NLEVELS][NQ];
    int pass;      /* 0 compliance, 1 spread, 2 neutral exchanges */
    double cv0[JH_NLEVELS][NQ]; /* cv_of the sums as they stand */
    unsigned char *kind;     /* per teacher: its kind (attributes do not change in the rule) */
    int *slack;     /* per pair x years on (0..horizon): the standards beyond the teacher
                       ones that may stay below the threshold (at the floor) at that year's
                       pupils; -1 when the facilities rule compliance out (distance) */
    /* sources for a destination of each level and area: the pairs with eligible
     * teachers of the level (any, with cross_level) and an area at most as rural */
    int *from[JH_NLEVELS][JH_RURAL + 1], n_from[JH_NLEVELS][JH_RURAL + 1];
    int *dests, n_dests;     /* the pairs that may receive (destination), in order */
    int *district;           /* per school: district_numbers */
    unsigned short *no_partner; /* per pair: pass 2's kinds with no partner (neutral_exchange) */
    /* per pair, as it stands while fresh[p] (refresh; pair_touched): */
    unsigned char *fresh;
    long *dist;              /* distance_now(p, 1, NULL) */
    double *strength;        /* jh_wf_strength */
    double *dq_out, *dq_in;  /* x NQ: what one holder of attribute k leaving (arriving)
                                changes in the level's CV sum S2 (0 when not counted) */
    int *reps;               /* x NKINDS: best_for's movers, the longest-serving unmoved
                                eligible teacher of each kind, longest-serving first */
    unsigned char *n_reps;
    unsigned char *rep_kind; /* x NKINDS: kind of each of reps (beside them: a teacher's kind
                                by id missed the cache at every source the search met) */
    int *offers;             /* x NOUT: those of reps who carry something counted, the first
                                for each `out` (when the pair sends without exchange) */
    unsigned char *n_offers;
    unsigned char *offer_kind; /* x NOUT: kind of each of offers */
    unsigned char *leave;    /* jh_wf_can_leave */
    unsigned char *keeps;    /* x NOUT: sender_keeps (keeps()), 0 not known yet, 1 true, 2 false */
    /* exchange partners: per pair, the positions in all_ids of its teachers at
     * home and not new, grouped by kind, each group in all_ids order. A teacher
     * once moved stays moved and a partner never arrives during the rule, so a
     * group's first unmoved entry only moves forward: part_head */
    int *part, *part_start;  /* part_start: per pair x (NKINDS + 1) */
    int *part_head;          /* per pair x NKINDS */
    int *young_tail;         /* per pair x NKINDS: the group's last entry not yet
                                moved (its shortest-serving teacher): young_of */
    unsigned short *no_young; /* per pair: kinds young_exchange found no partner for */
    int *order_pos;          /* per pair: its place in pass 2's order (n_order when none) */
    int young_cur[2][2];     /* per need_bb and sweep: young_exchange's first place in order
                                that may still give a move (before it, every kind of every
                                pair found no young mover or no partner, and stays so until
                                a move touches the pair: pass2_moved) */
    struct rot_index *ix;    /* rot_best_for's sources by strength (rotation_search.c) */
    struct rot_dest *dx;     /* one_move's destinations (rotation_dest.c) */
    struct rot_exch *ex;     /* pass 2's exchange destinations (rotation_exch.c) */
} rule_state;

typedef struct cand {
    int m, pt, q;
    long gain;      /* units of d's distance to compliance closed */
    double cv;      /* relative CV fall (sum over the three indicators) */
} cand;

/* workforce_rotation.c */
void rot_refresh(rule_state *r, int p);
bool rot_keeps(rule_state *r, int q, unsigned out);
int rot_partner(rule_state *r, int d, int m);
int rot_partner_kind(rule_state *r, int d, unsigned mk);
void rot_partners(rule_state *r, int d, int pt[NKINDS]);
long rot_distance_now(const rule_state *r, int p, int tau, const double delta[NQ]);
double rot_cv_change(const rule_state *r, int a, int b, int k, bool *worse);
double rot_cv_change_dq(const rule_state *r, int la, bool counted_a, double dq_a, int b, int k,
                        bool *worse);
/* rot_cv_change_dq in two steps: what does not depend on dq_a (set), then
 * the change at a dq_a (eval), with the operations of the one step in the
 * same order, so the same bits. Why: the search bounds sources of one level
 * for one destination at every node of its walk (rotation_search.c), and
 * set once a search, eval does the arithmetic that depends on the source
 * only. */
typedef struct rot_cv_from {
    double W, S1sq, S2, dq_in, before; /* la's sums with b's arrival when b is of la */
    double other;                      /* b's level's term when it is not la's, else 0 */
    bool ok;                           /* la's CV is defined (else 0) */
    bool take, add_in, worse_other;    /* dq_a counted; dq_in added at la; b's term rises */
} rot_cv_from;
void rot_cv_from_set(const rule_state *r, int la, bool counted_a, int b, int k, rot_cv_from *c);
/* The CV of a level's sums, W S2 / S1^2 - 1 under the root (S1sq: S1 * S1,
 * both positive; cv_of checks them), what a move changes of a level's CV
 * relative to it before, and whether it rises: one definition for the
 * level sums (cv0), the destination's level's term and the bound's. */
static inline double rot_cv_sq(double W, double S1sq, double S2)
{
    double v = W * S2 / S1sq - 1.0;
    return v > 0 ? sqrt(v) : 0.0;
}
static inline double rot_cv_rel(double before, double after)
{
    return before > 0 ? (after - before) / before : after;
}
static inline bool rot_cv_rises(double before, double after)
{
    return after > before + 1e-12;
}
static inline double rot_cv_from_eval(const rot_cv_from *c, double dq_a, bool *worse)
{
    double after = 0.0;
    if (c->ok) {
        double S2 = c->S2;
        if (c->take)
            S2 += dq_a;
        if (c->add_in)
            S2 += c->dq_in;
        after = rot_cv_sq(c->W, c->S1sq, S2);
    }
    if (rot_cv_rises(c->before, after) || c->worse_other)
        *worse = true;
    /* the two levels' terms in either order: a sum of two is the same
     * both ways round, and 0 + either makes a -0 the +0 the loop over
     * levels made of it */
    double rel = 0;
    rel += rot_cv_rel(c->before, after);
    return rel + c->other;
}
double rot_dq_out(const rule_state *r, int p, int k);
bool rot_judge(const rule_state *r, int q, int d, int m, int pt, unsigned out, long gain, cand *c,
               bool *worse);
bool rot_better(const cand *a, const cand *b);
/* the walk through every destination; tests hold rot_dest_pick to it */
int rot_walk_pick(rule_state *r, bool need_bb);
int rot_young_of(rule_state *r, int p, unsigned a);
bool rot_spare(const rule_state *r, int p, unsigned kind);

/* workforce_rotation_search.c; the switches are for tests: jh_rot_search 0
 * judges every source (the reference), jh_rot_stale_max is how many
 * touched sources wait before they are ordered again (default 32) */
extern int jh_rot_search;
extern int jh_rot_stale_max;
bool rot_best_for(rule_state *r, int d, bool need_bb, cand *best);
/* workforce_rotation_scan.c: d's gains and partners set up for a search
 * (rot_best_setup); the scan in source order over src[0..n) (rot_scan:
 * what the rule picks among them, into *best; true when found) */
void rot_best_setup(rule_state *r, int d, long gain[NOUT], int pt_of[NKINDS]);
bool rot_scan(rule_state *r, int d, bool need_bb, const long gain[NOUT], int pt_of[NKINDS],
              const int *src, int n, cand *best);
/* T of the search's cluster (workforce_rotation_scan.c), for tests */
double rot_top_cluster(double *vals, long *vgain, size_t *n_vals, long G);
bool rot_index_build(rule_state *r);
void rot_index_touched(rule_state *r, int p);
void rot_index_free(rule_state *r);

/* workforce_rotation_dest.c: one_move's pick (with jh_rot_search), for
 * the pass under way between begin and end */
bool rot_dest_begin(rule_state *r);
void rot_dest_end(rule_state *r);
void rot_dest_touched(rule_state *r, int p);
void rot_dest_blocked(rule_state *r, int p);
int rot_dest_pick(rule_state *r, bool need_bb);
void rot_dest_free(rule_state *r);

/* A set of places 0..64 nw - 1 (bits: nw words, sum: rot_set_sum_words(nw)
 * words, a bit per nonzero word of bits): pass 2's destinations
 * (workforce_rotation_exch.c) and the search's uncounted sources by class.
 * Here, inline: both put and find places in their inner loops. */
typedef struct rot_set {
    uint64_t *bits, *sum;
    int nw;
} rot_set;
static inline int rot_set_sum_words(int nw)
{
    return nw / 64 + 1;
}

static inline void rot_set_put(rot_set *t, int i, bool on)
{
    uint64_t bit = (uint64_t)1 << (i % 64);
    if (on) {
        t->bits[i / 64] |= bit;
        t->sum[i / 4096] |= (uint64_t)1 << ((i / 64) % 64);
    } else {
        t->bits[i / 64] &= ~bit;
        if (!t->bits[i / 64])
            t->sum[i / 4096] &= ~((uint64_t)1 << ((i / 64) % 64));
    }
}

/* The first place at or after i in the set; -1 none. Why the summary (a
 * bit per nonzero word): the sets of a large county are long and sparse,
 * and a walk word by word from the start grew with the county. */
static inline int rot_set_next(const rot_set *t, int i)
{
    int w = i / 64;
    if (i < 0 || w >= t->nw)
        return -1;
    uint64_t m = t->bits[w] & (~(uint64_t)0 << (i % 64));
    if (m)
        return 64 * w + __builtin_ctzll(m);
    if (w + 1 >= t->nw)
        return -1;
    int sw = (w + 1) / 64, ns = rot_set_sum_words(t->nw);
    uint64_t sm = t->sum[sw] & (~(uint64_t)0 << ((w + 1) % 64));
    for (;;) {
        if (sm) {
            int ww = 64 * sw + __builtin_ctzll(sm);
            return 64 * ww + __builtin_ctzll(t->bits[ww]);
        }
        if (++sw >= ns)
            return -1;
        sm = t->sum[sw];
    }
}

/* workforce_rotation_exch.c: exchange_to's destination (with jh_rot_search)
 * in pass 2, over pass 2's order */
bool rot_exch_build(rule_state *r, const int *order, int n_order);
void rot_exch_touched(rule_state *r, int p);
int rot_exch_to(rule_state *r, int q, int m, bool young, unsigned spare_at, int *pt, bool *any);
void rot_exch_free(rule_state *r);
int rot_exch_young_next(rule_state *r, bool need_bb, int sweep, int oq);
void rot_exch_young_tried(rule_state *r, int p);

/* workforce_rotation_tree.c: trees of entries (a source's keys, as its
 * epoch was when entered; an entry is live while the epoch is the source's
 * now), each node holding the lowest keys below it, and their best-first
 * walk for a bound (the score of a node's lowest keys or an entry's keys:
 * false when none below can give a valid candidate). jh_rot_leaf: the
 * entries a leaf holds (1..ROT_LEAF; tests make it small) */
#define ROT_LEAF 8
#define ROT_DEPTH 96 /* deeper leaves are not found by their keys (only dead) */
#define ROT_GAP 4e-12 /* the search's: > rot_better()'s 1e-12 with room for rounding */
typedef struct rot_tree_ent {
    double key[NQ];
    int p, epoch;
} rot_tree_ent;
typedef struct rot_forest rot_forest;
typedef struct rot_walk_item {
    double b;    /* its bound */
    int id;      /* a node; an entry when negative */
} rot_walk_item;
typedef struct rot_walk {
    rot_walk_item *heap;
    int n, cap, t;
} rot_walk;
/* b: at least the score of any source whose keys are at least key's */
typedef bool (*rot_bound_fn)(void *ctx, const double key[NQ], double *b);
extern int jh_rot_leaf;
/* n_trees empty trees, tree t of keys on the attributes of out[t] */
rot_forest *rot_forest_new(int n_trees, const unsigned *out);
void rot_forest_free(rot_forest *f);
/* tree t built again from entries e[0..n) */
bool rot_forest_build(rot_forest *f, int t, const rot_tree_ent *e, int n);
bool rot_forest_insert(rot_forest *f, int t, const rot_tree_ent *x, const int *epoch);
/* entry x (its source, epoch and keys as entered) out of tree t; the
 * tree built again from its live entries (as epoch says) once it has lost
 * more than it holds */
bool rot_forest_remove(rot_forest *f, int t, const rot_tree_ent *x, const int *epoch);
/* the walk: its heap set to tree t's root; then each call the next live
 * entry's source, best bound first (-1: none left, -2: the best bound b
 * left with b + ROT_GAP * 2 < cut; -3: out of memory); the top bound:
 * heap[0].b while n > 0 */
bool rot_walk_start(const rot_forest *f, rot_walk *w, int t, rot_bound_fn bound, void *ctx);
int rot_walk_next(const rot_forest *f, rot_walk *w, double cut, const int *epoch,
                  rot_bound_fn bound, void *ctx);
void rot_walk_free(rot_walk *w);

#endif
