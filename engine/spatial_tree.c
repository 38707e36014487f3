/*
 * spatial_tree.c: see spatial_tree.h.
 *
 * A node holds a range of the points (in tree order), their bounding box
 * and the OR of their masks; an inner node splits its range at the median
 * of its box's wider side, a leaf holds at most LEAF points. A search goes
 * down the nearer child first and passes a node whose points offer nothing
 * wanted or whose box is farther than the best found.
 *
 * Exactness: the box is that of the points themselves, and the gap from
 * the query to it is computed as a point's distance is (differences,
 * squares, a sum, each rounded to nearest): rounding is monotonic, so the
 * gap is never more than the computed distance of any point inside, and a
 * node is passed only when all of its points are strictly farther than
 * the best. The answer is the least (distance, index) accepted, as the
 * grid's (spatial_index.c) is.
 */
#include "spatial_tree.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define LEAF 8
#define MAX_DEPTH 64

typedef struct node {
    double x0, y0, x1, y1; /* the box of its points */
    unsigned mask;         /* the OR of its points' masks */
    int lo, hi;            /* its points: item[lo..hi) */
    int left, right;       /* children; -1: a leaf */
    int parent;            /* -1: the root */
    int split_y;           /* inner: split across y (else x) at `split` */
    double split;          /* left's points are at or below it, right's at or above */
} node;

typedef struct where {
    int id, leaf;
} where;

struct jh_point_tree {
    const unsigned *mask;
    int *item;     /* point indexes, in tree order */
    double *px, *py; /* their coordinates, in tree order */
    node *nodes;
    int n_nodes;
    where *leaf_of; /* per point, ascending id: its leaf */
    size_t n;
};

static void swap_items(jh_point_tree *t, int a, int b)
{
    int i = t->item[a];
    t->item[a] = t->item[b];
    t->item[b] = i;
    double v = t->px[a];
    t->px[a] = t->px[b];
    t->px[b] = v;
    v = t->py[a];
    t->py[a] = t->py[b];
    t->py[b] = v;
}

/* Orders item[lo..hi) so that the k-th is in place by coordinate `c`
 * (px or py): none before it greater, none after it smaller. */
static void select_kth(jh_point_tree *t, const double *c, int lo, int hi, int k)
{
    while (hi - lo > 1) {
        /* median of three as the pivot, Hoare's partition */
        int mid = lo + (hi - lo) / 2;
        double a = c[lo], b = c[mid], d = c[hi - 1];
        double pivot = a < b ? (b < d ? b : (a < d ? d : a)) : (a < d ? a : (b < d ? d : b));
        int i = lo, j = hi - 1;
        while (i <= j) {
            while (c[i] < pivot)
                i++;
            while (c[j] > pivot)
                j--;
            if (i <= j) {
                swap_items(t, i, j);
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j + 1;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

static int build(jh_point_tree *t, int lo, int hi, int parent)
{
    int k = t->n_nodes++;
    node *nd = &t->nodes[k];
    nd->lo = lo;
    nd->hi = hi;
    nd->parent = parent;
    nd->left = nd->right = -1;
    nd->x0 = nd->y0 = DBL_MAX;
    nd->x1 = nd->y1 = -DBL_MAX;
    nd->mask = 0;
    for (int j = lo; j < hi; j++) {
        if (t->px[j] < nd->x0) nd->x0 = t->px[j];
        if (t->px[j] > nd->x1) nd->x1 = t->px[j];
        if (t->py[j] < nd->y0) nd->y0 = t->py[j];
        if (t->py[j] > nd->y1) nd->y1 = t->py[j];
        nd->mask |= t->mask[t->item[j]];
    }
    if (hi - lo <= LEAF)
        return k;
    int split_y = !(nd->x1 - nd->x0 >= nd->y1 - nd->y0);
    const double *c = split_y ? t->py : t->px;
    int mid = lo + (hi - lo) / 2;
    select_kth(t, c, lo, hi, mid);
    nd->split_y = split_y;
    nd->split = c[mid];
    int l = build(t, lo, mid, k);
    int r = build(t, mid, hi, k);
    t->nodes[k].left = l; /* nodes[k]: build() does not move the array */
    t->nodes[k].right = r;
    return k;
}

static int by_id(const void *a, const void *b)
{
    const where *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

jh_point_tree *jh_point_tree_create(const double *x, const double *y, const unsigned *mask,
                                    const int *ids, size_t n)
{
    jh_point_tree *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->mask = mask;
    t->n = n;
    /* at most 2 n / (LEAF / 2) + 1 nodes: every leaf holds more than
     * LEAF / 2 points, or is the root */
    size_t max_nodes = n / (LEAF / 2) * 2 + 2;
    t->item = malloc((n + 1) * sizeof *t->item);
    t->px = malloc((n + 1) * sizeof *t->px);
    t->py = malloc((n + 1) * sizeof *t->py);
    t->nodes = malloc(max_nodes * sizeof *t->nodes);
    t->leaf_of = malloc((n + 1) * sizeof *t->leaf_of);
    if (!t->item || !t->px || !t->py || !t->nodes || !t->leaf_of) {
        jh_point_tree_free(t);
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        t->item[k] = ids[k];
        t->px[k] = x[ids[k]];
        t->py[k] = y[ids[k]];
    }
    if (n > 0)
        build(t, 0, (int)n, -1);
    for (int k = 0; k < t->n_nodes; k++)
        if (t->nodes[k].left < 0)
            for (int j = t->nodes[k].lo; j < t->nodes[k].hi; j++)
                t->leaf_of[j] = (where){t->item[j], k};
    qsort(t->leaf_of, n, sizeof *t->leaf_of, by_id);
    return t;
}

void jh_point_tree_free(jh_point_tree *t)
{
    if (!t)
        return;
    free(t->item);
    free(t->px);
    free(t->py);
    free(t->nodes);
    free(t->leaf_of);
    free(t);
}

void jh_point_tree_mask_changed(jh_point_tree *t, int i)
{
    where key = {i, 0};
    const where *w = bsearch(&key, t->leaf_of, t->n, sizeof *t->leaf_of, by_id);
    if (!w)
        return;
    node *nd = &t->nodes[w->leaf];
    unsigned m = 0;
    for (int j = nd->lo; j < nd->hi; j++)
        m |= t->mask[t->item[j]];
    nd->mask = m;
    for (int k = nd->parent; k >= 0; k = t->nodes[k].parent) {
        node *p = &t->nodes[k];
        m = t->nodes[p->left].mask | t->nodes[p->right].mask;
        if (m == p->mask)
            break; /* the rest above is unchanged too */
        p->mask = m;
    }
}

/* The gap from (qx, qy) to node's box, squared (0 inside), computed as a
 * distance is: never more than the distance of a point inside. */
static double gap2(const node *nd, double qx, double qy)
{
    double gx = qx < nd->x0 ? nd->x0 - qx : (qx > nd->x1 ? qx - nd->x1 : 0.0);
    double gy = qy < nd->y0 ? nd->y0 - qy : (qy > nd->y1 ? qy - nd->y1 : 0.0);
    return gx * gx + gy * gy;
}

int jh_point_tree_nearest(const jh_point_tree *t, double qx, double qy, unsigned want,
                          bool (*accept)(int i, void *ctx), void *ctx, double *dist)
{
    int best = -1;
    double best_d2 = DBL_MAX;
    int stack[MAX_DEPTH * 2];
    int top = 0;
    if (t->n_nodes > 0)
        stack[top++] = 0;
    while (top > 0) {
        const node *nd = &t->nodes[stack[--top]];
        if (!(nd->mask & want))
            continue;
        if (best >= 0 && gap2(nd, qx, qy) > best_d2)
            continue;
        if (nd->left < 0) {
            for (int j = nd->lo; j < nd->hi; j++) {
                int i = t->item[j];
                if (!(t->mask[i] & want))
                    continue;
                double dx = t->px[j] - qx, dy = t->py[j] - qy;
                double d2 = dx * dx + dy * dy;
                if (d2 < best_d2 || (d2 == best_d2 && i < best)) {
                    if (accept && !accept(i, ctx))
                        continue;
                    best = i;
                    best_d2 = d2;
                }
            }
            continue;
        }
        /* the child on the query's side of the split on top, looked at
         * first (the order changes the work, not the answer); a child
         * offering nothing wanted is not stacked */
        bool left_first = (nd->split_y ? qy : qx) < nd->split;
        int near = left_first ? nd->left : nd->right, far = left_first ? nd->right : nd->left;
        if (t->nodes[far].mask & want)
            stack[top++] = far;
        if (t->nodes[near].mask & want)
            stack[top++] = near;
    }
    if (dist)
        *dist = best >= 0 ? sqrt(best_d2) : INFINITY;
    return best;
}
