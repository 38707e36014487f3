/*
 * spatial_index: a uniform grid over points (schools) for nearest-point
 * queries in the working CRS. A county's villages look up their nearest
 * open school every time the layout changes; with 200,000 villages and
 * 20,000 schools all-pairs is out of the question, a grid with about two
 * points per cell answers each query from a few cells.
 */
#ifndef JH_SPATIAL_INDEX_H
#define JH_SPATIAL_INDEX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jh_spatial_index jh_spatial_index;

/* Indexes the points i with keep(i, ctx) true (keep may be NULL: all). */
jh_spatial_index *jh_spatial_index_create(const double *x, const double *y, size_t n,
                                          bool (*keep)(int i, void *ctx), void *ctx);
/* Indexes the points ids[0..n) (indexes into x and y; answers are these
 * indexes, ties to the lower one whatever the list's order). */
jh_spatial_index *jh_spatial_index_create_ids(const double *x, const double *y, const int *ids,
                                              size_t n);
void jh_spatial_index_free(jh_spatial_index *ix);

/* Number of points indexed. */
size_t jh_spatial_index_size(const jh_spatial_index *ix);

/* Takes point i out of the index (the coordinates it was indexed at must
 * not have changed); false when it is not there. Answers depend only on
 * the points indexed, not on how the grid was laid out, so they are those
 * of an index created without it. */
bool jh_spatial_index_remove(jh_spatial_index *ix, int i);

/* The nearest indexed point to (qx, qy) for which accept(i, ctx) is true
 * (accept may be NULL), or -1 when none is. *dist gets its distance.
 * Ties go to the lower index, so answers are reproducible. */
int jh_spatial_index_nearest(const jh_spatial_index *ix, double qx, double qy,
                             bool (*accept)(int i, void *ctx), void *ctx,
                             double *dist);
/* Masks (bit sets the caller keeps per point, e.g. what a point offers):
 * a search with `want` skips the cells none of whose points' masks meet
 * it, so accept() must be false for a point whose mask misses `want`; the
 * answer is then that of jh_spatial_index_nearest. The caller tells the
 * index of each changed mask. set_masks: false when out of memory. */
bool jh_spatial_index_set_masks(jh_spatial_index *ix, const unsigned *mask);
void jh_spatial_index_mask_changed(jh_spatial_index *ix, int i);
int jh_spatial_index_nearest_masked(const jh_spatial_index *ix, double qx, double qy,
                                    unsigned want, bool (*accept)(int i, void *ctx), void *ctx,
                                    double *dist);

/* The k nearest indexed points to (qx, qy) into out[0..), nearest first,
 * ties to the lower index (the points jh_spatial_index_nearest would give
 * one after the other, each taken out after it is found); dist[j] gets
 * out[j]'s distance. Returns how many were found (fewer than k when fewer
 * are indexed). */
size_t jh_spatial_index_nearest_k(const jh_spatial_index *ix, double qx, double qy, size_t k,
                                  int *out, double *dist);

/* Visits the indexed points ring by ring of grid cells around (qx, qy):
 * visit(i, squared distance, ctx) for each point of a ring (in no useful
 * order), then, after each ring, stop(reach, ctx), where reach is a lower
 * bound on the distance of every point not visited yet; the walk ends when
 * stop returns true (stop may be NULL) or every point was visited. */
void jh_spatial_index_walk(const jh_spatial_index *ix, double qx, double qy,
                           void (*visit)(int i, double d2, void *ctx),
                           bool (*stop)(double reach, void *ctx), void *ctx);

#endif
