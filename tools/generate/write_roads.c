/*
 * write_roads.c: the generated county's roads (roads.shp, README "Road
 * network"): a grid 1 km apart over the villages' and schools' extent
 * (padded by a kilometre) — every fifth line a county road (class county),
 * the others township roads — with a vertex at every crossing, and a river
 * running north-south between the two middle columns that the east-west
 * roads cross only on bridges, one every 10 km (at least one). Written
 * with Shapelib, the DBF date fixed, so the same seed gives the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shapefil.h>

#include "generate/generate_internal.h"

#define ROAD_STEP_M 1000.0

static bool put_line(SHPHandle shp, DBFHandle dbf, int *rec, const double *x, const double *y,
                     int n, const char *cls)
{
    SHPObject *o = SHPCreateSimpleObject(SHPT_ARC, n, x, y, NULL);
    bool ok = o && SHPWriteObject(shp, -1, o) >= 0;
    SHPDestroyObject(o);
    ok = ok && DBFWriteStringAttribute(dbf, *rec, 0, cls);
    (*rec)++;
    return ok;
}

jh_status gen_write_roads(const jh_county *c, const char *dir, jh_error *err)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < c->n_villages; i++) {
        x0 = fmin(x0, c->villages[i].x), x1 = fmax(x1, c->villages[i].x);
        y0 = fmin(y0, c->villages[i].y), y1 = fmax(y1, c->villages[i].y);
    }
    for (size_t i = 0; i < c->n_schools; i++) {
        x0 = fmin(x0, c->schools[i].x), x1 = fmax(x1, c->schools[i].x);
        y0 = fmin(y0, c->schools[i].y), y1 = fmax(y1, c->schools[i].y);
    }
    if (!isfinite(x0))
        return JH_OK;
    x0 = floor(x0 / ROAD_STEP_M) * ROAD_STEP_M - ROAD_STEP_M;
    y0 = floor(y0 / ROAD_STEP_M) * ROAD_STEP_M - ROAD_STEP_M;
    int nx = (int)ceil((x1 + ROAD_STEP_M - x0) / ROAD_STEP_M) + 1;
    int ny = (int)ceil((y1 + ROAD_STEP_M - y0) / ROAD_STEP_M) + 1;
    if (nx < 2)
        nx = 2;
    if (ny < 2)
        ny = 2;
    int west = nx / 2 - 1; /* the river runs between columns west and west + 1 */
    char *base = gen_path_join(dir, "roads");
    if (!base)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    SHPHandle shp = SHPCreate(base, SHPT_ARC);
    DBFHandle dbf = DBFCreateEx(base, "UTF-8");
    int n = nx > ny ? nx : ny;
    double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
    jh_status st = JH_OK;
    bool ok = shp && dbf && x && y && DBFAddField(dbf, "class", FTString, 12, 0) >= 0;
    if (ok)
        DBFSetLastModifiedDate(dbf, 125, 1, 1);
    int rec = 0;
    /* north-south roads: never cross the river */
    for (int i = 0; i < nx && ok; i++) {
        for (int k = 0; k < ny; k++) {
            x[k] = x0 + i * ROAD_STEP_M;
            y[k] = y0 + k * ROAD_STEP_M;
        }
        ok = put_line(shp, dbf, &rec, x, y, ny, i % 5 == 0 ? "county" : "township");
    }
    /* east-west roads: cut at the river except on the bridges */
    bool any_bridge = false;
    for (int k = 0; k < ny; k++)
        any_bridge |= k % 10 == 5;
    for (int k = 0; k < ny && ok; k++) {
        bool bridge = any_bridge ? k % 10 == 5 : k == ny / 2;
        const char *cls = k % 5 == 0 || bridge ? "county" : "township";
        for (int i = 0; i < nx; i++) {
            x[i] = x0 + i * ROAD_STEP_M;
            y[i] = y0 + k * ROAD_STEP_M;
        }
        if (bridge)
            ok = put_line(shp, dbf, &rec, x, y, nx, cls);
        else
            ok = put_line(shp, dbf, &rec, x, y, west + 1, cls) &&
                 put_line(shp, dbf, &rec, x + west + 1, y + west + 1, nx - west - 1, cls);
    }
    if (!ok)
        st = jh_error_set(err, JH_ERR_RUN, "%s.shp: cannot write the roads", base);
    free(x);
    free(y);
    if (shp)
        SHPClose(shp);
    if (dbf)
        DBFClose(dbf);
    free(base);
    return st;
}
