/*
 * workforce_rotation_dest: the destination of passes 0 and 1's next move
 * (workforce_rotation.c's one_move) without walking every destination.
 *
 * Why: one_move took, for every move, the pair nearest to compliance
 * (pass 0) or the weakest (pass 1) by a walk through all destinations in
 * order, a later one replacing the pick only when nearer, or as near and
 * weaker by more than 1e-12: a county makes moves in proportion to its
 * size, so the walks grew with its square. Here the destinations not
 * blocked for need_bb (one set) and for any mover (another) are kept in
 * treaps by (distance, strength, place), and a pick gives what the walk
 * gave: the walk ends at the nearest distance D; of those at D, a
 * destination more than GAP above the weakest cluster (the weakest
 * strengths linked by steps of at most GAP) is always replaced once one of
 * the cluster comes, and never replaces one of it, so the walk over the
 * cluster alone picks the same; and of equal strengths only the first in
 * order can ever be picked. So the pick walks, in destination order, the
 * first destination of each strength in the cluster (test_workforce's
 * test_search_same_as_scan holds it to the walk: jh_rot_search 0).
 * A move changes two pairs' distance and strength (pair_touched), which
 * leave and re-enter the sets at their keys now.
 */
#include <stdlib.h>
#include <string.h>

#include "workforce_rotation_internal.h"

#define GAP 4e-12 /* > the walk's 1e-12 with room for rounding */

struct rot_dest {
    int n;          /* destinations (r->dests) */
    int *pos;       /* per pair: its place in r->dests, -1 when none */
    long *dist;     /* per place: the key, as entered */
    double *s;
    unsigned *prio; /* per place: the treaps' heap priority (a hash of the place) */
    int *lc[2], *rc[2]; /* per set: children, -1 none */
    unsigned char *in[2];
    int root[2];
    int *tmp;
    bool on;        /* passes 0 and 1 only */
};

static bool less(const struct rot_dest *x, int a, int b)
{
    if (x->dist[a] != x->dist[b])
        return x->dist[a] < x->dist[b];
    if (x->s[a] != x->s[b])
        return x->s[a] < x->s[b];
    return a < b;
}

/* split t into keys before node v (l) and the rest (r) */
static void split(struct rot_dest *x, int t, int v, int *l, int *r, int *lc, int *rc)
{
    if (t < 0) {
        *l = *r = -1;
        return;
    }
    if (less(x, t, v)) {
        split(x, rc[t], v, &rc[t], r, lc, rc);
        *l = t;
    } else {
        split(x, lc[t], v, l, &lc[t], lc, rc);
        *r = t;
    }
}

static int merge(struct rot_dest *x, int a, int b, int *lc, int *rc)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    if (x->prio[a] > x->prio[b]) {
        rc[a] = merge(x, rc[a], b, lc, rc);
        return a;
    }
    lc[b] = merge(x, a, lc[b], lc, rc);
    return b;
}

static void insert(struct rot_dest *x, int k, int v)
{
    int *lc = x->lc[k], *rc = x->rc[k];
    int l, r;
    lc[v] = rc[v] = -1;
    split(x, x->root[k], v, &l, &r, lc, rc);
    x->root[k] = merge(x, merge(x, l, v, lc, rc), r, lc, rc);
    x->in[k][v] = 1;
}

static int erase_at(struct rot_dest *x, int t, int v, int *lc, int *rc)
{
    if (t == v)
        return merge(x, lc[t], rc[t], lc, rc);
    if (less(x, v, t))
        lc[t] = erase_at(x, lc[t], v, lc, rc);
    else
        rc[t] = erase_at(x, rc[t], v, lc, rc);
    return t;
}

static void erase(struct rot_dest *x, int k, int v)
{
    if (!x->in[k][v])
        return;
    x->root[k] = erase_at(x, x->root[k], v, x->lc[k], x->rc[k]);
    x->in[k][v] = 0;
}

/* the first node of set k whose (distance, strength) is above (D, S); -1 none */
static int after(const struct rot_dest *x, int k, long D, double S)
{
    int t = x->root[k], best = -1;
    while (t >= 0) {
        if (x->dist[t] > D || (x->dist[t] == D && x->s[t] > S)) {
            best = t;
            t = x->lc[k][t];
        } else {
            t = x->rc[k][t];
        }
    }
    return best;
}

void rot_dest_free(rule_state *r)
{
    struct rot_dest *x = r->dx;
    if (!x)
        return;
    free(x->pos);
    free(x->dist);
    free(x->s);
    free(x->prio);
    for (int k = 0; k < 2; k++) {
        free(x->lc[k]);
        free(x->rc[k]);
        free(x->in[k]);
    }
    free(x->tmp);
    free(x);
    r->dx = NULL;
}

/* p's key now, and whether the pass takes it as a destination at all */
static bool key_of(rule_state *r, int p, long *dist, double *s)
{
    rot_refresh(r, p);
    *dist = 0;
    if (r->pass == 0) {
        if (!r->counted[p])
            return false;
        *dist = r->dist[p];
        if (*dist <= 0 || *dist >= FAR)
            return false;
    }
    *s = r->strength[p];
    return true;
}

/* p (a destination) in set k when not blocked for it (bit), at its key */
static void enter(rule_state *r, int p)
{
    struct rot_dest *x = r->dx;
    int v = x->pos[p];
    long dist;
    double s;
    if (!key_of(r, p, &dist, &s))
        return;
    x->dist[v] = dist;
    x->s[v] = s;
    for (int k = 0; k < 2; k++)
        if (!(r->blocked[p] & (k == 0 ? 1 : 2)))
            insert(x, k, v);
}

bool rot_dest_begin(rule_state *r)
{
    struct rot_dest *x = r->dx;
    size_t np = r->y->np;
    if (!x) {
        if (!(x = r->dx = calloc(1, sizeof *x)))
            return false;
        x->n = r->n_dests;
        size_t n = (size_t)x->n + 1;
        x->pos = malloc((np + 1) * sizeof *x->pos);
        x->dist = malloc(n * sizeof *x->dist);
        x->s = malloc(n * sizeof *x->s);
        x->prio = malloc(n * sizeof *x->prio);
        x->tmp = malloc(n * sizeof *x->tmp);
        bool ok = x->pos && x->dist && x->s && x->prio && x->tmp;
        for (int k = 0; k < 2; k++) {
            x->lc[k] = malloc(n * sizeof *x->lc[k]);
            x->rc[k] = malloc(n * sizeof *x->rc[k]);
            x->in[k] = malloc(n);
            ok &= x->lc[k] && x->rc[k] && x->in[k];
        }
        if (!ok)
            return false;
        for (size_t p = 0; p < np; p++)
            x->pos[p] = -1;
        for (int i = 0; i < x->n; i++) {
            x->pos[r->dests[i]] = i;
            unsigned h = (unsigned)i * 2654435761u; /* a fixed hash: the same treaps each run */
            h ^= h >> 15;
            h *= 2246822519u;
            h ^= h >> 13;
            x->prio[i] = h;
        }
    }
    for (int k = 0; k < 2; k++) {
        x->root[k] = -1;
        memset(x->in[k], 0, (size_t)x->n + 1);
    }
    x->on = true;
    for (int i = 0; i < x->n; i++)
        enter(r, r->dests[i]);
    return true;
}

void rot_dest_end(rule_state *r)
{
    if (r->dx)
        r->dx->on = false;
}

void rot_dest_touched(rule_state *r, int p)
{
    struct rot_dest *x = r->dx;
    if (!x || !x->on || x->pos[p] < 0)
        return;
    for (int k = 0; k < 2; k++)
        erase(x, k, x->pos[p]);
    enter(r, p);
}

void rot_dest_blocked(rule_state *r, int p)
{
    struct rot_dest *x = r->dx;
    if (!x || !x->on || x->pos[p] < 0)
        return;
    for (int k = 0; k < 2; k++)
        if (r->blocked[p] & (k == 0 ? 1 : 2))
            erase(x, k, x->pos[p]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int rot_dest_pick(rule_state *r, bool need_bb)
{
    struct rot_dest *x = r->dx;
    int k = need_bb ? 0 : 1, t = x->root[k];
    if (t < 0)
        return -1;
    while (x->lc[k][t] >= 0)
        t = x->lc[k][t];
    /* the first (lowest place) of each strength of the weakest cluster at
     * the nearest distance */
    long D = x->dist[t];
    int n = 0;
    x->tmp[n++] = t;
    for (int c = t;;) {
        int nx = after(x, k, D, x->s[c]);
        if (nx < 0 || x->dist[nx] != D || !(x->s[nx] - x->s[c] <= GAP))
            break;
        x->tmp[n++] = nx;
        c = nx;
    }
    qsort(x->tmp, (size_t)n, sizeof *x->tmp, cmp_int);
    int d = x->tmp[0];
    for (int i = 1; i < n; i++)
        if (x->s[x->tmp[i]] < x->s[d] - 1e-12)
            d = x->tmp[i];
    return r->dests[d];
}
