/*
 * fuzz_layer: one part of a point Shapefile (JH_FUZZ_PART: "shp", "shx",
 * "dbf", "prj" or "cpg") replaced by the fuzzer's bytes, the others from
 * the template; then the layer is opened, every point and every field of
 * every record read as text, count and number, and (for .prj and .shp)
 * the .prj parsed and the points checked against its area of use — all
 * the reading the county loader does with a layer.
 */
#include "fuzz_common.h"

#include <stdbool.h>

#include "county.h"
#include "input/crs.h"
#include "input/ftable.h"
#include "input/layers.h"

#ifndef JH_FUZZ_PART
#error "JH_FUZZ_PART must be shp, shx, dbf, prj or cpg"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    const char *name = "schools." JH_FUZZ_PART;
    if (fuzz_write(name, data, size) != 0)
        return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/schools.shp", fuzz_dir);
    jh_warnings w = {0};
    jh_error err = {0};
    jh_layer *l = NULL;
    if (jh_layer_open(&l, path, &w, &err) == JH_OK) {
        long n = jh_layer_count(l);
        double *xy = calloc((size_t)n * 2 + 2, sizeof *xy);
        bool points = xy != NULL;
        for (long r = 0; r < n; r++) {
            double x = 0, y = 0;
            if (jh_layer_point(l, r, NULL, &x, &y, &err) != JH_OK)
                points = false;
            else if (xy)
                xy[2 * r] = x, xy[2 * r + 1] = y;
            for (size_t f = 0; f < jh_layer_field_count(l); f++) {
                const char *t = NULL; /* the layer's: valid until the next read */
                if (jh_layer_text(l, r, (int)f, "field", &t, &err) == JH_OK && !t)
                    abort();
            }
        }
        /* PROJ costs milliseconds per input: only where the CRS is fuzzed
         * (.prj) or the points are (.shp) */
        bool crs_too = strcmp(JH_FUZZ_PART, "prj") == 0 || strcmp(JH_FUZZ_PART, "shp") == 0;
        char *prj = crs_too ? jh_layer_prj_path(l) : NULL;
        jh_crs *crs = NULL;
        if (prj && jh_crs_from_prj(&crs, prj, "schools.prj", &err) == JH_OK) {
            if (points && n > 0)
                jh_crs_check_points(crs, xy, n, "schools.shp", JH_AREA_MARGIN_DEG, &err);
            jh_crs_free(crs);
        }
        free(prj);
        free(xy);
        jh_layer_close(l);
    }
    /* the loader's own path: the layer into memory, every value read as a
     * count and as a number with their bounds */
    jh_ftable *t = NULL;
    if (jh_shp_table_read(&t, path, &w, &err) == JH_OK) {
        for (long r = 0; r < (long)t->n_rows; r++)
            for (int f = 0; f < (int)t->n_fields; f++) {
                long c;
                double d;
                bool given;
                jh_ftable_count(t, r, f, "field", "id", &c, &given, &err);
                jh_ftable_number(t, r, f, "field", "id", &d, &given, &err);
            }
        jh_ftable_free(t);
    }
    jh_warnings_free(&w);
    fuzz_restore(name);
    return 0;
}
