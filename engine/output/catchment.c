/*
 * catchment: convex hull of a school's origins, buffered (catchment.h).
 */
#include "output/catchment.h"

#include <stdlib.h>

OGRGeometryH jh_catchment_polygon(OGRGeometryH points)
{
    OGRGeometryH hull = OGR_G_ConvexHull(points);
    OGRGeometryH poly = hull ? OGR_G_Buffer(hull, JH_CATCHMENT_BUFFER_M, 8) : NULL;
    if (hull)
        OGR_G_DestroyGeometry(hull);
    if (poly && wkbFlatten(OGR_G_GetGeometryType(poly)) != wkbPolygon) {
        OGR_G_DestroyGeometry(poly);
        poly = NULL;
    }
    return poly;
}

bool jh_catchment_ring(const double *xy, size_t n, double **ring, size_t *n_ring)
{
    *ring = NULL;
    *n_ring = 0;
    if (n == 0)
        return false;
    OGRGeometryH pts = OGR_G_CreateGeometry(wkbMultiPoint);
    if (!pts)
        return false;
    for (size_t k = 0; k < n; k++) {
        OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(p, 0, xy[2 * k], xy[2 * k + 1]);
        OGR_G_AddGeometryDirectly(pts, p);
    }
    OGRGeometryH poly = jh_catchment_polygon(pts);
    OGR_G_DestroyGeometry(pts);
    if (!poly)
        return false;
    OGRGeometryH outer = OGR_G_GetGeometryRef(poly, 0);
    int np = outer ? OGR_G_GetPointCount(outer) : 0;
    double *out = np > 0 ? malloc((size_t)np * 2 * sizeof *out) : NULL;
    if (out)
        for (int k = 0; k < np; k++) {
            out[2 * k] = OGR_G_GetX(outer, k);
            out[2 * k + 1] = OGR_G_GetY(outer, k);
        }
    OGR_G_DestroyGeometry(poly);
    if (!out)
        return false;
    *ring = out;
    *n_ring = (size_t)np;
    return true;
}
