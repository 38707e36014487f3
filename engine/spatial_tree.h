/*
 * spatial_tree: a k-d tree over points whose searches want points
 * offering something (a bit set the caller keeps per point, e.g. the
 * grades a school still has students to give of). Each node knows what
 * its points offer together, so a search passes at one look every part of
 * the county where nothing wanted is left, however far it has to go: the
 * base year's own-site attribution (sim/own_site.c), whose last villages'
 * searches reach across the county as the schools near them run out.
 * Answers are those of spatial_index's masked search (the nearest
 * accepted point, ties to the lower index).
 */
#ifndef JH_SPATIAL_TREE_H
#define JH_SPATIAL_TREE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jh_point_tree jh_point_tree;

/* Indexes the points ids[0..n) (indexes into x, y and mask, which the
 * caller keeps; answers are these indexes). NULL when out of memory. */
jh_point_tree *jh_point_tree_create(const double *x, const double *y, const unsigned *mask,
                                    const int *ids, size_t n);
void jh_point_tree_free(jh_point_tree *t);

/* The caller changed mask[i] (i indexed): the tree takes it in. */
void jh_point_tree_mask_changed(jh_point_tree *t, int i);

/* The nearest indexed point to (qx, qy) whose mask meets `want` and for
 * which accept(i, ctx) is true (accept may be NULL), or -1 when none is;
 * ties go to the lower index. *dist (may be NULL) gets its distance,
 * INFINITY when none. accept() must be false for a point whose mask
 * misses `want` (the tree does not ask it then). */
int jh_point_tree_nearest(const jh_point_tree *t, double qx, double qy, unsigned want,
                          bool (*accept)(int i, void *ctx), void *ctx, double *dist);

#endif
