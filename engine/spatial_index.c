/*
 * spatial_index.c: uniform grid with ring search. A query scans rings of
 * cells around the query cell; once the best distance found is within the
 * inner radius of the next ring, no farther cell can hold a nearer point.
 */
#include "spatial_index.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

struct jh_spatial_index {
    double x0, y0, cell;       /* grid origin and cell size (metres) */
    int nx, ny;
    int *cell_start;           /* nx*ny + 1 offsets into items */
    int *items;                /* point indexes, by cell */
    const double *x, *y;
    size_t n;
    const unsigned *mask;      /* per point, the caller's (set_masks); NULL none */
    unsigned *cell_mask;       /* per cell: the OR of its points' masks */
    unsigned *block_mask;      /* per block of BLOCK x BLOCK cells: the OR of
                                  its cells' masks */
    int bnx, bny;              /* blocks across, down */
};

/* A masked search walks rings of blocks of 8 x 8 cells, not of cells: a
 * query whose nearest offering point is far (the points offering what it
 * wants few, or crowded in a town far off) passes the blocks offering
 * nothing with one look each, so its walk does not grow with the cells
 * of the grid. */
#define BLOCK_SHIFT 3
#define BLOCK (1 << BLOCK_SHIFT)

static int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

jh_spatial_index *jh_spatial_index_create(const double *x, const double *y, size_t n,
                                          bool (*keep)(int i, void *ctx), void *ctx)
{
    int *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return NULL;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!keep || keep((int)i, ctx))
            ids[kept++] = (int)i;
    jh_spatial_index *ix = jh_spatial_index_create_ids(x, y, ids, kept);
    free(ids);
    return ix;
}

jh_spatial_index *jh_spatial_index_create_ids(const double *x, const double *y, const int *ids,
                                              size_t kept)
{
    jh_spatial_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return NULL;
    ix->x = x;
    ix->y = y;
    double minx = DBL_MAX, miny = DBL_MAX, maxx = -DBL_MAX, maxy = -DBL_MAX;
    for (size_t k = 0; k < kept; k++) {
        int i = ids[k];
        if (x[i] < minx) minx = x[i];
        if (x[i] > maxx) maxx = x[i];
        if (y[i] < miny) miny = y[i];
        if (y[i] > maxy) maxy = y[i];
    }
    ix->n = kept;
    if (kept == 0) {
        minx = miny = 0;
        maxx = maxy = 1;
    }
    double w = fmax(maxx - minx, 1.0), h = fmax(maxy - miny, 1.0);
    /* about two points per cell */
    double cells = fmax(1.0, (double)kept / 2.0);
    ix->cell = sqrt(w * h / cells);
    if (ix->cell <= 0 || !isfinite(ix->cell))
        ix->cell = 1.0;
    ix->nx = clampi((int)(w / ix->cell) + 1, 1, 4096);
    ix->ny = clampi((int)(h / ix->cell) + 1, 1, 4096);
    ix->cell = fmax(w / ix->nx, h / ix->ny) * 1.000001;
    ix->x0 = minx;
    ix->y0 = miny;
    size_t ncell = (size_t)ix->nx * (size_t)ix->ny;
    ix->cell_start = calloc(ncell + 1, sizeof *ix->cell_start);
    ix->items = malloc((kept ? kept : 1) * sizeof *ix->items);
    if (!ix->cell_start || !ix->items) {
        jh_spatial_index_free(ix);
        return NULL;
    }
    for (size_t k = 0; k < kept; k++) {
        int i = ids[k];
        int cx = clampi((int)((x[i] - minx) / ix->cell), 0, ix->nx - 1);
        int cy = clampi((int)((y[i] - miny) / ix->cell), 0, ix->ny - 1);
        ix->cell_start[(size_t)cy * ix->nx + cx + 1]++;
    }
    for (size_t c = 0; c < ncell; c++)
        ix->cell_start[c + 1] += ix->cell_start[c];
    int *fill = malloc(ncell * sizeof *fill);
    if (!fill) {
        jh_spatial_index_free(ix);
        return NULL;
    }
    for (size_t c = 0; c < ncell; c++)
        fill[c] = ix->cell_start[c];
    for (size_t k = 0; k < kept; k++) {
        int i = ids[k];
        int cx = clampi((int)((x[i] - minx) / ix->cell), 0, ix->nx - 1);
        int cy = clampi((int)((y[i] - miny) / ix->cell), 0, ix->ny - 1);
        ix->items[fill[(size_t)cy * ix->nx + cx]++] = i;
    }
    free(fill);
    return ix;
}

void jh_spatial_index_free(jh_spatial_index *ix)
{
    if (!ix)
        return;
    free(ix->cell_start);
    free(ix->items);
    free(ix->cell_mask);
    free(ix->block_mask);
    free(ix);
}

size_t jh_spatial_index_size(const jh_spatial_index *ix) { return ix->n; }

bool jh_spatial_index_remove(jh_spatial_index *ix, int i)
{
    int cx = clampi((int)((ix->x[i] - ix->x0) / ix->cell), 0, ix->nx - 1);
    int cy = clampi((int)((ix->y[i] - ix->y0) / ix->cell), 0, ix->ny - 1);
    size_t c = (size_t)cy * ix->nx + cx;
    for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++)
        if (ix->items[k] == i) {
            ix->items[k] = -1; /* scan_cell skips it */
            ix->n--;
            return true;
        }
    return false;
}

static void cell_mask_of(jh_spatial_index *ix, size_t c)
{
    unsigned m = 0;
    for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++)
        if (ix->items[k] >= 0)
            m |= ix->mask[ix->items[k]];
    ix->cell_mask[c] = m;
}

/* The end (exclusive) of block (bx, by)'s cells across and down: the
 * last blocks stop at the grid's edge. */
static void block_end(const jh_spatial_index *ix, int bx, int by, int *cx1, int *cy1)
{
    *cx1 = (bx + 1) * BLOCK < ix->nx ? (bx + 1) * BLOCK : ix->nx;
    *cy1 = (by + 1) * BLOCK < ix->ny ? (by + 1) * BLOCK : ix->ny;
}

/* Block (bx, by)'s mask from its cells'. */
static void block_mask_of(jh_spatial_index *ix, int bx, int by)
{
    unsigned m = 0;
    int cx1, cy1;
    block_end(ix, bx, by, &cx1, &cy1);
    for (int cy = by * BLOCK; cy < cy1; cy++)
        for (int cx = bx * BLOCK; cx < cx1; cx++)
            m |= ix->cell_mask[(size_t)cy * ix->nx + cx];
    ix->block_mask[(size_t)by * ix->bnx + bx] = m;
}

bool jh_spatial_index_set_masks(jh_spatial_index *ix, const unsigned *mask)
{
    size_t ncell = (size_t)ix->nx * (size_t)ix->ny;
    free(ix->cell_mask);
    free(ix->block_mask);
    ix->mask = NULL;
    ix->block_mask = NULL;
    ix->bnx = (ix->nx + BLOCK - 1) / BLOCK;
    ix->bny = (ix->ny + BLOCK - 1) / BLOCK;
    if (!(ix->cell_mask = malloc((ncell + 1) * sizeof *ix->cell_mask)) ||
        !(ix->block_mask = malloc(((size_t)ix->bnx * (size_t)ix->bny + 1) * sizeof *ix->block_mask)))
        return false;
    ix->mask = mask;
    for (size_t c = 0; c < ncell; c++)
        cell_mask_of(ix, c);
    for (int by = 0; by < ix->bny; by++)
        for (int bx = 0; bx < ix->bnx; bx++)
            block_mask_of(ix, bx, by);
    return true;
}

void jh_spatial_index_mask_changed(jh_spatial_index *ix, int i)
{
    if (!ix->mask)
        return;
    int cx = clampi((int)((ix->x[i] - ix->x0) / ix->cell), 0, ix->nx - 1);
    int cy = clampi((int)((ix->y[i] - ix->y0) / ix->cell), 0, ix->ny - 1);
    cell_mask_of(ix, (size_t)cy * ix->nx + cx);
    block_mask_of(ix, cx / BLOCK, cy / BLOCK);
}

/* The gap from (qx, qy) to the square of side `side` from (lx, ly), taken
 * a millionth of a cell short (far more than rounding moves a point
 * across a cell's edge, so a point that could tie with the best is still
 * looked at), squared. */
static double gap2(const jh_spatial_index *ix, double lx, double ly, double side, double qx,
                   double qy)
{
    double slack = 1e-6 * ix->cell;
    double gx = qx < lx ? lx - qx - slack : qx - (lx + side) - slack;
    double gy = qy < ly ? ly - qy - slack : qy - (ly + side) - slack;
    gx = gx > 0 ? gx : 0;
    gy = gy > 0 ? gy : 0;
    return gx * gx + gy * gy;
}

/* Cell c's points (none of a mask missing `want`), keeping the best
 * accepted one. */
static void scan_points(const jh_spatial_index *ix, size_t c, double qx, double qy,
                        unsigned want, bool (*accept)(int, void *), void *ctx, int *best,
                        double *best_d2)
{
    for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++) {
        int i = ix->items[k];
        if (i < 0 || (ix->mask && !(ix->mask[i] & want)))
            continue; /* removed, or its mask misses (accept() is false) */
        double dx = ix->x[i] - qx, dy = ix->y[i] - qy;
        double d2 = dx * dx + dy * dy;
        if (d2 < *best_d2 || (d2 == *best_d2 && i < *best)) {
            if (accept && !accept(i, ctx))
                continue;
            *best = i;
            *best_d2 = d2;
        }
    }
}

/* Scans one cell, keeping the best accepted point (none in a cell whose
 * points' masks miss `want`). */
static void scan_cell(const jh_spatial_index *ix, int cx, int cy, double qx, double qy,
                      unsigned want, bool (*accept)(int, void *), void *ctx, int *best,
                      double *best_d2)
{
    size_t c = (size_t)cy * ix->nx + cx;
    if (ix->mask && !(ix->cell_mask[c] & want))
        return;
    /* once a point was found, a cell all of whose square is farther holds
     * nothing nearer: passed without a look at its points (a ring's
     * corners, and a crowded town's cells behind the best) */
    if (*best >= 0 && gap2(ix, ix->x0 + cx * ix->cell, ix->y0 + cy * ix->cell, ix->cell, qx, qy) > *best_d2)
        return;
    scan_points(ix, c, qx, qy, want, accept, ctx, best, best_d2);
}

/* The query's grid cell (qcx, qcy), the last ring worth walking (*maxr:
 * past it every cell is covered, for queries outside the grid too) and the
 * first ring reaching the grid (a query far outside a small grid starts
 * there, and no ring walks cells off the grid). */
static int first_ring(const jh_spatial_index *ix, double qx, double qy, int *qcx, int *qcy,
                      int *maxr)
{
    *qcx = (int)floor((qx - ix->x0) / ix->cell);
    *qcy = (int)floor((qy - ix->y0) / ix->cell);
    *maxr = ix->nx + ix->ny + abs(*qcx) + abs(*qcy) + 2;
    int gx = *qcx < 0 ? -*qcx : (*qcx >= ix->nx ? *qcx - (ix->nx - 1) : 0);
    int gy = *qcy < 0 ? -*qcy : (*qcy >= ix->ny ? *qcy - (ix->ny - 1) : 0);
    return gx > gy ? gx : gy;
}

/* Scans block (bx, by)'s cells (none when no cell offers `want`, or all of
 * the block is farther than the best found). */
static void scan_block(const jh_spatial_index *ix, int bx, int by, double qx, double qy,
                       unsigned want, bool (*accept)(int, void *), void *ctx, int *best,
                       double *best_d2)
{
    if (!(ix->block_mask[(size_t)by * ix->bnx + bx] & want))
        return;
    double side = BLOCK * ix->cell;
    if (*best >= 0 && gap2(ix, ix->x0 + bx * side, ix->y0 + by * side, side, qx, qy) > *best_d2)
        return;
    int cx1, cy1;
    block_end(ix, bx, by, &cx1, &cy1);
    /* the block's cells offering `want` and not wholly beyond the best,
     * nearest first: the nearest found early passes the farther cells
     * (in a town's crowded cells, most of the points). Each time the
     * nearest left is picked, and those the best found since has passed
     * are dropped; answers do not depend on the order (the least
     * (distance, index) is kept) */
    double gap[BLOCK * BLOCK];
    size_t cell[BLOCK * BLOCK];
    int n = 0;
    for (int cy = by * BLOCK; cy < cy1; cy++) {
        /* a row of cells all beyond the best across: passed whole */
        if (*best >= 0 && gap2(ix, qx, ix->y0 + cy * ix->cell, ix->cell, qx, qy) > *best_d2)
            continue;
        for (int cx = bx * BLOCK; cx < cx1; cx++) {
            size_t c = (size_t)cy * ix->nx + cx;
            if (!(ix->cell_mask[c] & want))
                continue;
            double g = gap2(ix, ix->x0 + cx * ix->cell, ix->y0 + cy * ix->cell, ix->cell, qx, qy);
            if (*best >= 0 && g > *best_d2)
                continue;
            gap[n] = g;
            cell[n++] = c;
        }
    }
    while (n > 0) {
        int near = -1;
        for (int j = 0; j < n;) {
            if (*best >= 0 && gap[j] > *best_d2) { /* passed: the last takes its place */
                gap[j] = gap[--n];
                cell[j] = cell[n];
                continue;
            }
            if (near < 0 || gap[j] < gap[near])
                near = j;
            j++;
        }
        if (near < 0)
            break;
        size_t c = cell[near];
        gap[near] = gap[--n];
        cell[near] = cell[n];
        scan_points(ix, c, qx, qy, want, accept, ctx, best, best_d2);
    }
}

/* The masked search's walk: rings of blocks around the query's block, as
 * the cells' walk below goes ring by ring of cells. */
static void nearest_by_blocks(const jh_spatial_index *ix, double qx, double qy, unsigned want,
                              bool (*accept)(int, void *), void *ctx, int *best, double *best_d2)
{
    double side = BLOCK * ix->cell;
    int qbx = (int)floor((qx - ix->x0) / side), qby = (int)floor((qy - ix->y0) / side);
    int maxr = ix->bnx + ix->bny + abs(qbx) + abs(qby) + 2;
    int gx = qbx < 0 ? -qbx : (qbx >= ix->bnx ? qbx - (ix->bnx - 1) : 0);
    int gy = qby < 0 ? -qby : (qby >= ix->bny ? qby - (ix->bny - 1) : 0);
    for (int r = gx > gy ? gx : gy; r <= maxr; r++) {
        /* every point in ring r is at least (r - 1) blocks away */
        if (*best >= 0 && r >= 1) {
            double inner = (r - 1) * side;
            if (inner * inner > *best_d2)
                break;
        }
        int x_lo = qbx - r, x_hi = qbx + r, y_lo = qby - r, y_hi = qby + r;
        int by0 = y_lo < 0 ? 0 : y_lo, by1 = y_hi >= ix->bny ? ix->bny - 1 : y_hi;
        int bx0 = x_lo < 0 ? 0 : x_lo, bx1 = x_hi >= ix->bnx ? ix->bnx - 1 : x_hi;
        for (int by = by0; by <= by1; by++) {
            if (by == y_lo || by == y_hi) {
                for (int bx = bx0; bx <= bx1; bx++)
                    scan_block(ix, bx, by, qx, qy, want, accept, ctx, best, best_d2);
            } else {
                if (x_lo >= 0)
                    scan_block(ix, x_lo, by, qx, qy, want, accept, ctx, best, best_d2);
                if (x_hi < ix->bnx && x_hi != x_lo)
                    scan_block(ix, x_hi, by, qx, qy, want, accept, ctx, best, best_d2);
            }
        }
        /* all blocks covered: nothing more to find */
        if (x_lo <= 0 && y_lo <= 0 && x_hi >= ix->bnx - 1 && y_hi >= ix->bny - 1)
            break;
    }
}

int jh_spatial_index_nearest_masked(const jh_spatial_index *ix, double qx, double qy,
                                    unsigned want, bool (*accept)(int i, void *ctx), void *ctx,
                                    double *dist)
{
    int best = -1;
    double best_d2 = DBL_MAX;
    if (ix->n > 0 && ix->mask && want != ~0u) {
        nearest_by_blocks(ix, qx, qy, want, accept, ctx, &best, &best_d2);
    } else if (ix->n > 0) {
        int qcx, qcy, maxr;
        for (int r = first_ring(ix, qx, qy, &qcx, &qcy, &maxr); r <= maxr; r++) {
            /* every point in ring r is at least (r - 1) * cell away */
            if (best >= 0 && r >= 1) {
                double inner = (r - 1) * ix->cell;
                if (inner * inner > best_d2)
                    break;
            }
            int x_lo = qcx - r, x_hi = qcx + r, y_lo = qcy - r, y_hi = qcy + r;
            int cy0 = y_lo < 0 ? 0 : y_lo, cy1 = y_hi >= ix->ny ? ix->ny - 1 : y_hi;
            int cx0 = x_lo < 0 ? 0 : x_lo, cx1 = x_hi >= ix->nx ? ix->nx - 1 : x_hi;
            for (int cy = cy0; cy <= cy1; cy++) {
                if (cy == y_lo || cy == y_hi) {
                    for (int cx = cx0; cx <= cx1; cx++)
                        scan_cell(ix, cx, cy, qx, qy, want, accept, ctx, &best, &best_d2);
                } else {
                    if (x_lo >= 0)
                        scan_cell(ix, x_lo, cy, qx, qy, want, accept, ctx, &best, &best_d2);
                    if (x_hi < ix->nx && x_hi != x_lo)
                        scan_cell(ix, x_hi, cy, qx, qy, want, accept, ctx, &best, &best_d2);
                }
            }
            /* all cells covered: nothing more to find */
            if (x_lo <= 0 && y_lo <= 0 && x_hi >= ix->nx - 1 && y_hi >= ix->ny - 1)
                break;
        }
    }
    if (dist)
        *dist = best >= 0 ? sqrt(best_d2) : INFINITY;
    return best;
}

int jh_spatial_index_nearest(const jh_spatial_index *ix, double qx, double qy,
                             bool (*accept)(int i, void *ctx), void *ctx, double *dist)
{
    return jh_spatial_index_nearest_masked(ix, qx, qy, ~0u, accept, ctx, dist);
}

void jh_spatial_index_walk(const jh_spatial_index *ix, double qx, double qy,
                           void (*visit)(int i, double d2, void *ctx),
                           bool (*stop)(double reach, void *ctx), void *ctx)
{
    if (ix->n == 0)
        return;
    int qcx, qcy, maxr;
    for (int r = first_ring(ix, qx, qy, &qcx, &qcy, &maxr); r <= maxr; r++) {
        int x_lo = qcx - r, x_hi = qcx + r, y_lo = qcy - r, y_hi = qcy + r;
        int cy0 = y_lo < 0 ? 0 : y_lo, cy1 = y_hi >= ix->ny ? ix->ny - 1 : y_hi;
        int cx0 = x_lo < 0 ? 0 : x_lo, cx1 = x_hi >= ix->nx ? ix->nx - 1 : x_hi;
        for (int cy = cy0; cy <= cy1; cy++) {
            bool edge = cy == y_lo || cy == y_hi;
            for (int cx = edge ? cx0 : x_lo; cx <= (edge ? cx1 : x_hi);
                 cx += edge || x_hi == x_lo ? 1 : x_hi - x_lo) {
                if (cx < 0 || cx >= ix->nx)
                    continue;
                size_t c = (size_t)cy * ix->nx + cx;
                for (int k = ix->cell_start[c]; k < ix->cell_start[c + 1]; k++) {
                    int i = ix->items[k];
                    if (i < 0)
                        continue; /* removed */
                    double dx = ix->x[i] - qx, dy = ix->y[i] - qy;
                    visit(i, dx * dx + dy * dy, ctx);
                }
            }
        }
        /* all cells covered: nothing more to find */
        if (x_lo <= 0 && y_lo <= 0 && x_hi >= ix->nx - 1 && y_hi >= ix->ny - 1)
            return;
        /* every point not visited yet is in ring r + 1 or beyond: at
         * least r cells away */
        if (stop && stop((double)r * ix->cell, ctx))
            return;
    }
}

typedef struct {
    size_t k, n;
    int *out;
    double *d2;
} nearest_k;

/* Keeps the k smallest (d2, i) seen, in that order. */
static void keep_k(int i, double d2, void *ctx)
{
    nearest_k *q = ctx;
    size_t n = q->n;
    if (n == q->k && (d2 > q->d2[n - 1] || (d2 == q->d2[n - 1] && i > q->out[n - 1])))
        return;
    size_t at = n < q->k ? q->n++ : q->k - 1;
    while (at > 0 && (q->d2[at - 1] > d2 || (q->d2[at - 1] == d2 && q->out[at - 1] > i))) {
        q->d2[at] = q->d2[at - 1];
        q->out[at] = q->out[at - 1];
        at--;
    }
    q->d2[at] = d2;
    q->out[at] = i;
}

static bool k_found(double reach, void *ctx)
{
    const nearest_k *q = ctx;
    return q->n == q->k && reach * reach > q->d2[q->n - 1];
}

size_t jh_spatial_index_nearest_k(const jh_spatial_index *ix, double qx, double qy, size_t k,
                                  int *out, double *dist)
{
    if (k == 0)
        return 0;
    nearest_k q = {k, 0, out, dist};
    jh_spatial_index_walk(ix, qx, qy, keep_k, k_found, &q);
    for (size_t j = 0; j < q.n; j++)
        dist[j] = sqrt(dist[j]);
    return q.n;
}
