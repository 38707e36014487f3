/*
 * ogr_source: the shared steps of the OGR readers (ogr_source.h).
 */
#include "input/ogr_source.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

static void quiet_handler(CPLErr cls, CPLErrorNum no, const char *msg)
{
    (void)cls;
    (void)no;
    (void)msg; /* GDAL's own messages are replaced by ours */
}

jh_status jh_ogr_begin(const char *path, char **file, const char **layer, jh_error *err)
{
    static int done = 0;
    if (!done) {
        GDALAllRegister();
        CPLSetErrorHandler(quiet_handler);
        done = 1;
    }
    *layer = NULL;
    *file = strdup(path);
    if (!*file)
        return jh_error_set(err, JH_ERR_RUN, "out of memory");
    struct stat sb;
    char *colon = strrchr(*file, ':');
    if (stat(*file, &sb) != 0 && colon && colon > *file) {
        *colon = '\0';
        *layer = colon + 1;
    }
    return JH_OK;
}

char *jh_ogr_srs_wkt(OGRSpatialReferenceH srs, bool wkt2)
{
    char *wkt = NULL, *out = NULL;
    const char *opts[] = {"FORMAT=WKT2_2019", NULL};
    OGRErr e = wkt2 ? OSRExportToWktEx(srs, &wkt, opts) : OSRExportToWkt(srs, &wkt);
    if (e == OGRERR_NONE && wkt)
        out = strdup(wkt);
    CPLFree(wkt);
    return out;
}

const char *jh_ogr_utf8(jh_decoder **gbk, const char *s, char **dec)
{
    *dec = NULL;
    if (jh_utf8_valid(s, strlen(s)))
        return s;
    if (!*gbk)
        *gbk = jh_decoder_open("GBK");
    if (*gbk && jh_decoder_decode(*gbk, s, strlen(s), dec))
        return *dec;
    return NULL;
}
