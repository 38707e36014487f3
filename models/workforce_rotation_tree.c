/*
 * workforce_rotation_tree: the counted sources of the search's orders on
 * two or three attributes (workforce_rotation_search.c), each order a tree
 * of boxes by their keys, walked best first.
 *
 * Why: a move taking two or three attributes scores by the sum of what each
 * key gives, and the search walked such an order as one sorted list per
 * attribute in step (the threshold algorithm), bounded by the keys at each
 * list's frontier. Over sources whose attributes vary apart that walk meets
 * about the square root of the order's sources before the bound falls
 * (20,000 schools: 43 sources and 151 candidates a search, against 5 and 15
 * at 2,000), so the rule grew faster than the county. Here a node holds the
 * lowest key of each attribute over the entries below it, so its bound
 * (the score of those lowest keys, never below any entry's: the score only
 * falls as a key grows) is at most that of its parent, and the walk opens
 * the node of highest bound first: it meets the sources whose own bound is
 * above the others' only.
 * The trees change without being rebuilt at every move: a source touched
 * gets a new entry at its keys now (insert: the lowest keys along its path
 * lowered), the old one is dead (its epoch passed) and skipped when met;
 * a tree whose dead entries outnumber the live ones is built again from
 * those (the bounds of a node never rise in between: they stay bounds,
 * looser).
 */
#include <stdlib.h>
#include <string.h>

#include "workforce_rotation_internal.h"

int jh_rot_leaf = ROT_LEAF;

typedef struct tnode {
    double lo[NQ]; /* the lowest keys of the entries below (as entered), when any */
    bool any;
    double sv;     /* inner: entries with key sk <= sv went left when built */
    int lc, rc;    /* inner: children; leaf: lc -1 */
    int blk, n;    /* leaf: its block and entries in it */
    int sk;
} tnode;

struct rot_forest {
    int n_trees;
    int *root;          /* per tree: its root node, -1 empty */
    int *live, *dead;   /* per tree: entries live and dead (rebuild) */
    unsigned *out;      /* per tree: the attributes of its keys */
    tnode *node;
    int n_node, cap_node, free_node;
    rot_tree_ent *ent;  /* blocks of ROT_LEAF entries */
    int n_blk, cap_blk, free_blk;
    int *blk_next;      /* per block: the next free one */
    rot_tree_ent *tmp;  /* build's entries */
    size_t cap_tmp;
};

rot_forest *rot_forest_new(int n_trees, const unsigned *out)
{
    rot_forest *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->n_trees = n_trees;
    f->root = malloc(((size_t)n_trees + 1) * sizeof *f->root);
    f->live = calloc((size_t)n_trees + 1, sizeof *f->live);
    f->dead = calloc((size_t)n_trees + 1, sizeof *f->dead);
    f->out = calloc((size_t)n_trees + 1, sizeof *f->out);
    f->free_node = f->free_blk = -1;
    if (!f->root || !f->live || !f->dead || !f->out) {
        rot_forest_free(f);
        return NULL;
    }
    for (int t = 0; t < n_trees; t++) {
        f->root[t] = -1;
        f->out[t] = out[t];
    }
    return f;
}

void rot_forest_free(rot_forest *f)
{
    if (!f)
        return;
    free(f->root);
    free(f->live);
    free(f->dead);
    free(f->out);
    free(f->node);
    free(f->ent);
    free(f->blk_next);
    free(f->tmp);
    free(f);
}

static int new_node(rot_forest *f)
{
    if (f->free_node >= 0) {
        int i = f->free_node;
        f->free_node = f->node[i].lc;
        return i;
    }
    if (f->n_node == f->cap_node) {
        int cap = f->cap_node ? 2 * f->cap_node : 256;
        tnode *n = realloc(f->node, (size_t)cap * sizeof *n);
        if (!n)
            return -1;
        f->node = n;
        f->cap_node = cap;
    }
    return f->n_node++;
}

static int new_blk(rot_forest *f)
{
    if (f->free_blk >= 0) {
        int i = f->free_blk;
        f->free_blk = f->blk_next[i];
        return i;
    }
    if (f->n_blk == f->cap_blk) {
        int cap = f->cap_blk ? 2 * f->cap_blk : 256;
        rot_tree_ent *e = realloc(f->ent, (size_t)cap * ROT_LEAF * sizeof *e);
        if (!e)
            return -1;
        f->ent = e;
        int *nx = realloc(f->blk_next, (size_t)cap * sizeof *nx);
        if (!nx)
            return -1;
        f->blk_next = nx;
        f->cap_blk = cap;
    }
    return f->n_blk++;
}

static void free_tree(rot_forest *f, int v)
{
    if (v < 0)
        return;
    if (f->node[v].lc < 0) {
        f->blk_next[f->node[v].blk] = f->free_blk;
        f->free_blk = f->node[v].blk;
    } else {
        free_tree(f, f->node[v].lc);
        free_tree(f, f->node[v].rc);
    }
    f->node[v].lc = f->free_node;
    f->free_node = v;
}

/* Keys x below node v: its lowest keys lowered to cover them. Why the
 * lowest keys alone: up to four corners (the lowest sources' staircase)
 * bounded a node more tightly where its sources are high on one attribute
 * and low on another, but the corners' upkeep and a bound for each of
 * them cost more than the nodes they spared: the 2,000 and 20,000-school
 * counties with 10% rotation simulated in 0.81 and 12.4 s against 0.94
 * and 13.7 s with four (the same moves). */
static void lower(tnode *v, const double x[NQ], unsigned out)
{
    if (!v->any) {
        memcpy(v->lo, x, sizeof v->lo);
        v->any = true;
        return;
    }
    for (int k = 0; k < NQ; k++)
        if (((out >> k) & 1) && x[k] < v->lo[k])
            v->lo[k] = x[k];
}

static void set_lowest(tnode *v, const rot_tree_ent *e, int n, unsigned out)
{
    v->any = false;
    for (int i = 0; i < n; i++)
        lower(v, e[i].key, out);
}

/* an inner node's lowest keys: its children's */
static void lowest_of_children(rot_forest *f, tnode *nd, unsigned out)
{
    nd->any = false;
    for (int c = 0; c < 2; c++) {
        const tnode *ch = &f->node[c ? nd->rc : nd->lc];
        if (ch->any)
            lower(nd, ch->lo, out);
    }
}

/* The entries e[0..n) put in place below node v (allocated): a leaf when
 * they fit, else split at the median of the attribute of out they spread
 * most over (halves by place when they all have the same keys). */
static bool build(rot_forest *f, int v, rot_tree_ent *e, int n, unsigned out)
{
    int leaf = jh_rot_leaf < 1 ? 1 : jh_rot_leaf > ROT_LEAF ? ROT_LEAF : jh_rot_leaf;
    if (n <= leaf) {
        int b = new_blk(f);
        if (b < 0)
            return false;
        f->node[v].lc = f->node[v].rc = -1;
        f->node[v].blk = b;
        f->node[v].n = n;
        memcpy(&f->ent[(size_t)b * ROT_LEAF], e, (size_t)n * sizeof *e);
        set_lowest(&f->node[v], e, n, out);
        return true;
    }
    int sk = -1;
    double spread = 0;
    for (int k = 0; k < NQ; k++) {
        if (!((out >> k) & 1))
            continue;
        double lo = e[0].key[k], hi = lo;
        for (int i = 1; i < n; i++) {
            if (e[i].key[k] < lo)
                lo = e[i].key[k];
            if (e[i].key[k] > hi)
                hi = e[i].key[k];
        }
        if (sk < 0 || hi - lo > spread) {
            sk = k;
            spread = hi - lo;
        }
    }
    int mid = n / 2;
    if (spread > 0) {
        /* quickselect: e[0..mid) <= e[mid] <= e[mid..n) by key sk */
        int lo = 0, hi = n - 1;
        while (lo < hi) {
            double piv = e[lo + (hi - lo) / 2].key[sk];
            int i = lo, j = hi;
            while (i <= j) {
                while (e[i].key[sk] < piv)
                    i++;
                while (e[j].key[sk] > piv)
                    j--;
                if (i <= j) {
                    rot_tree_ent t = e[i];
                    e[i] = e[j];
                    e[j] = t;
                    i++;
                    j--;
                }
            }
            if (mid <= j)
                hi = j;
            else if (mid >= i)
                lo = i;
            else
                break;
        }
    }
    int a = new_node(f), b = a < 0 ? -1 : new_node(f);
    if (b < 0)
        return false;
    f->node[v].sk = sk;
    f->node[v].sv = e[mid].key[sk];
    f->node[v].lc = a;
    f->node[v].rc = b;
    if (!build(f, a, e, mid, out) || !build(f, b, e + mid, n - mid, out))
        return false;
    lowest_of_children(f, &f->node[v], out);
    return true;
}

static bool grow_tmp(rot_forest *f, size_t n)
{
    if (n <= f->cap_tmp)
        return true;
    size_t cap = f->cap_tmp ? 2 * f->cap_tmp : 1024;
    while (cap < n)
        cap *= 2;
    rot_tree_ent *t = realloc(f->tmp, cap * sizeof *t);
    if (!t)
        return false;
    f->tmp = t;
    f->cap_tmp = cap;
    return true;
}

bool rot_forest_build(rot_forest *f, int t, const rot_tree_ent *e, int n)
{
    unsigned out = f->out[t];
    free_tree(f, f->root[t]);
    f->root[t] = -1;
    f->live[t] = n;
    f->dead[t] = 0;
    if (n == 0)
        return true;
    if (!grow_tmp(f, (size_t)n))
        return false;
    memcpy(f->tmp, e, (size_t)n * sizeof *e);
    int v = new_node(f);
    if (v < 0)
        return false;
    f->root[t] = v;
    return build(f, v, f->tmp, n, out);
}

/* The live entries of the tree below v appended to tmp (n of them) */
static bool collect(rot_forest *f, int v, const int *epoch, size_t *n)
{
    if (f->node[v].lc >= 0)
        return collect(f, f->node[v].lc, epoch, n) && collect(f, f->node[v].rc, epoch, n);
    const rot_tree_ent *e = &f->ent[(size_t)f->node[v].blk * ROT_LEAF];
    for (int i = 0; i < f->node[v].n; i++)
        if (e[i].epoch == epoch[e[i].p]) {
            if (!grow_tmp(f, *n + 1))
                return false;
            f->tmp[(*n)++] = e[i];
        }
    return true;
}

/* The leaf below v holding x (by its keys, as entered: left at keys up to
 * the split, right from it), its path from v in path[0..*n) */
static int find_leaf(const rot_forest *f, int v, const rot_tree_ent *x, int *path, int *n)
{
    const tnode *nd = &f->node[v];
    path[(*n)++] = v;
    if (nd->lc < 0) {
        const rot_tree_ent *e = &f->ent[(size_t)nd->blk * ROT_LEAF];
        for (int i = 0; i < nd->n; i++)
            if (e[i].p == x->p && e[i].epoch == x->epoch)
                return i;
    } else if (*n < ROT_DEPTH) {
        int m = *n, i;
        if (x->key[nd->sk] <= nd->sv && (i = find_leaf(f, nd->lc, x, path, n)) >= 0)
            return i;
        *n = m;
        if (x->key[nd->sk] >= nd->sv && (i = find_leaf(f, nd->rc, x, path, n)) >= 0)
            return i;
    }
    (*n)--;
    return -1;
}

static bool same_lowest(const tnode *a, const tnode *b)
{
    return a->any == b->any && (!a->any || memcmp(a->lo, b->lo, sizeof a->lo) == 0);
}

static bool rebuild(rot_forest *f, int t, const int *epoch)
{
    size_t n = 0;
    if (f->root[t] >= 0 && !collect(f, f->root[t], epoch, &n))
        return false;
    free_tree(f, f->root[t]);
    f->root[t] = -1;
    f->live[t] = (int)n;
    f->dead[t] = 0;
    if (n == 0)
        return true;
    int v = new_node(f);
    if (v < 0)
        return false;
    f->root[t] = v;
    /* tmp is build's own: the entries stay in place while it splits them */
    return build(f, v, f->tmp, (int)n, f->out[t]);
}

bool rot_forest_remove(rot_forest *f, int t, const rot_tree_ent *x, const int *epoch)
{
    int path[ROT_DEPTH], n = 0, i = f->root[t] < 0 ? -1 : find_leaf(f, f->root[t], x, path, &n);
    if (i >= 0) {
        /* out of its leaf, and the lowest keys on its path made again
         * from what is left below (a source leaves at its best keys, often
         * the lowest: left there, the walk would still open the path to it) */
        tnode *lf = &f->node[path[n - 1]];
        rot_tree_ent *e = &f->ent[(size_t)lf->blk * ROT_LEAF];
        e[i] = e[--lf->n];
        tnode was = *lf;
        set_lowest(lf, e, lf->n, f->out[t]);
        /* up while they change (a node's are made from its children's
         * only: the same below, the same above) */
        for (int j = n - 2; j >= 0 && !same_lowest(&was, &f->node[path[j + 1]]); j--) {
            tnode *nd = &f->node[path[j]];
            was = *nd;
            lowest_of_children(f, nd, f->out[t]);
        }
    }
    f->live[t]--;
    f->dead[t]++;
    /* out of balance (entries come and go at other keys): built again */
    if (f->dead[t] <= f->live[t] + ROT_LEAF)
        return true;
    return rebuild(f, t, epoch);
}

bool rot_forest_insert(rot_forest *f, int t, const rot_tree_ent *x, const int *epoch)
{
    f->live[t]++;
    if (f->root[t] < 0) {
        int v = new_node(f);
        if (v < 0 || !grow_tmp(f, 1))
            return false;
        f->root[t] = v;
        f->tmp[0] = *x;
        return build(f, v, f->tmp, 1, f->out[t]);
    }
    int v = f->root[t];
    for (;;) {
        tnode *nd = &f->node[v];
        lower(nd, x->key, f->out[t]);
        if (nd->lc < 0)
            break;
        v = x->key[nd->sk] <= nd->sv ? nd->lc : nd->rc;
    }
    /* the leaf: the dead entries dropped; full, it splits */
    tnode *nd = &f->node[v];
    rot_tree_ent *e = &f->ent[(size_t)nd->blk * ROT_LEAF];
    int m = 0;
    for (int i = 0; i < nd->n; i++)
        if (e[i].epoch == epoch[e[i].p])
            e[m++] = e[i];
    nd->n = m;
    int leaf = jh_rot_leaf < 1 ? 1 : jh_rot_leaf > ROT_LEAF ? ROT_LEAF : jh_rot_leaf;
    if (m < leaf) {
        e[nd->n++] = *x;
        return true;
    }
    if (!grow_tmp(f, (size_t)m + 1))
        return false;
    memcpy(f->tmp, e, (size_t)m * sizeof *e);
    f->tmp[m] = *x;
    int b = nd->blk;
    f->blk_next[b] = f->free_blk;
    f->free_blk = b;
    return build(f, v, f->tmp, m + 1, f->out[t]);
}

/* ---- the walk ---- */

static bool push(rot_walk *w, double b, int id)
{
    if (w->n == w->cap) {
        int cap = w->cap ? 2 * w->cap : 64;
        rot_walk_item *h = realloc(w->heap, (size_t)cap * sizeof *h);
        if (!h)
            return false;
        w->heap = h;
        w->cap = cap;
    }
    int i = w->n++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!(w->heap[p].b < b))
            break;
        w->heap[i] = w->heap[p];
        i = p;
    }
    w->heap[i].b = b;
    w->heap[i].id = id;
    return true;
}

static rot_walk_item pop(rot_walk *w)
{
    rot_walk_item top = w->heap[0], last = w->heap[--w->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= w->n)
            break;
        if (c + 1 < w->n && w->heap[c + 1].b > w->heap[c].b)
            c++;
        if (!(w->heap[c].b > last.b))
            break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (w->n > 0)
        w->heap[i] = last;
    return top;
}

/* a node's bound: its lowest keys' */
static bool node_bound(const rot_forest *f, int v, rot_bound_fn bound, void *ctx, double *b)
{
    const tnode *nd = &f->node[v];
    return nd->any && bound(ctx, nd->lo, b);
}

bool rot_walk_start(const rot_forest *f, rot_walk *w, int t, rot_bound_fn bound, void *ctx)
{
    w->n = 0;
    w->t = t;
    int v = f->root[t];
    if (v < 0)
        return true;
    double b = 0;
    if (!node_bound(f, v, bound, ctx, &b))
        return true;
    return push(w, b, v);
}

/* Why each node and entry is bounded as it enters the heap and not when it
 * comes to the top (entered at its parent's bound until then): the bound
 * is a few operations a key since rot_cv_from, cheaper than the heap's
 * second trip for the many that come to the top (6,000-school county:
 * 16.28 -> 15.81 G instructions), and a child that cannot score never
 * enters. */
int rot_walk_next(const rot_forest *f, rot_walk *w, double cut, const int *epoch,
                  rot_bound_fn bound, void *ctx)
{
    while (w->n > 0) {
        if (w->heap[0].b + 2 * ROT_GAP < cut)
            return -2;
        rot_walk_item it = pop(w);
        if (it.id < 0)
            return f->ent[(size_t)(-(long)it.id - 1)].p;
        const tnode *nd = &f->node[it.id];
        double b;
        if (nd->lc >= 0) {
            for (int c = 0; c < 2; c++) {
                int ch = c ? nd->rc : nd->lc;
                if (node_bound(f, ch, bound, ctx, &b) && !push(w, b, ch))
                    return -3;
            }
            continue;
        }
        const rot_tree_ent *e = &f->ent[(size_t)nd->blk * ROT_LEAF];
        for (int i = 0; i < nd->n; i++)
            if (e[i].epoch == epoch[e[i].p] && bound(ctx, e[i].key, &b) &&
                !push(w, b, -(nd->blk * ROT_LEAF + i) - 1))
                return -3;
    }
    return -1;
}

void rot_walk_free(rot_walk *w)
{
    free(w->heap);
    w->heap = NULL;
    w->n = w->cap = 0;
}
