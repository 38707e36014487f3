/*
 * write.c: the generated county on disk. jh_generate_write puts every
 * file into a temporary folder inside the target and moves them into
 * place only when all are complete, so a run that fails while writing
 * leaves the folder as it was. Besides the layers
 * (write_layers.c): the .prj through PROJ as ESRI WKT, the .cpg,
 * teachers.csv, projections.csv (formatted by hand: 33 million rows for
 * 200,000 villages) and baseline.yaml, a scenario that keeps today's
 * layout, so the folder runs as it is.
 */
#include "generate/generate_internal.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <proj.h>

/* DIR/NAME, allocated; NULL when out of memory. */
char *gen_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
    char *p = gen_dupstr(dir);
    if (!p)
        return -1;
    for (char *q = p + 1; *q; q++) {
        if (*q != '/')
            continue;
        *q = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *q = '/';
    }
    int rc = (mkdir(p, 0777) != 0 && errno != EEXIST) ? -1 : 0;
    free(p);
    return rc;
}

static jh_status write_prj(const char *path, jh_error *err)
{
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *pj = proj_create(ctx, GEN_CRS_NAME);
    const char *wkt = pj ? proj_as_wkt(ctx, pj, PJ_WKT1_ESRI, NULL) : NULL;
    jh_status st = JH_OK;
    if (!wkt) {
        st = jh_error_set(err, JH_ERR_RUN, "%s: PROJ cannot describe %s as ESRI WKT", path,
                          GEN_CRS_NAME);
    } else {
        FILE *f = fopen(path, "w");
        if (!f || fputs(wkt, f) < 0 || fclose(f) != 0)
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    }
    if (pj)
        proj_destroy(pj);
    proj_context_destroy(ctx);
    return st;
}

/* A CSV field, quoted (RFC 4180) only when it holds a comma, quote or
 * line break. */
static void csv_put(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static jh_status close_checked(FILE *f, const char *path, jh_error *err)
{
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    return JH_OK;
}

/* DBFCreateEx writes a .cpg too; this makes its content certain. */
static jh_status write_cpg(const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs("UTF-8", f);
    return close_checked(f, path, err);
}

static jh_status write_teachers(const jh_county *c, const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fputs("teacher_id,school_id,level,years_at_school,backbone,above_degree,pe_art,"
          "senior_title,age\n", f);
    for (size_t i = 0; i < c->n_teachers; i++) {
        const jh_teacher *t = &c->teachers[i];
        csv_put(f, t->id);
        fputc(',', f);
        csv_put(f, c->schools[t->school].id);
        fprintf(f, ",%s,%d,%d,%d,%d,%d,%d\n", jh_level_name(t->level), t->years_at_school,
                t->backbone, t->above_degree, t->pe_art, t->senior_title, t->age);
    }
    return close_checked(f, path, err);
}

/* Appends the decimal digits of v (>= 0) at p; returns the new end. */
static char *put_uint(char *p, unsigned long v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* One row per village, year and age: 33 million rows for 200,000 villages
 * over 11 years, so rows are formatted by hand into a buffer and the
 * growth factors computed once (the same pow() calls as
 * jh_generate_projection, so the values are identical). */
static jh_status write_projections(const jh_county *c, const jh_generate_options *o,
                                   const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    int years = o->end_year - o->start_year + 1;
    double gpow[JH_NAREAS][64], bpow[JH_NAREAS][64];
    static const double mig[JH_NAREAS] = {JH_GENERATE_MIGRATION_URBAN, JH_GENERATE_MIGRATION_TOWN,
                                          JH_GENERATE_MIGRATION_RURAL};
    for (int a = 0; a < JH_NAREAS; a++)
        for (int t = 0; t < years && t < 64; t++) {
            gpow[a][t] = pow(1.0 + mig[a], t);
            bpow[a][t] = pow((1.0 + mig[a]) * JH_GENERATE_BIRTH_TREND, t);
        }
    fputs("village_id,year,age,population\n", f);
    char buf[1 << 16];
    size_t used = 0;
    for (size_t i = 0; i < c->n_villages; i++) {
        const jh_village *v = &c->villages[i];
        size_t idlen = strlen(v->id);
        for (int t = 0; t < years; t++)
            for (int a = 0; a < 15; a++) {
                if (used + idlen + 64 > sizeof buf) {
                    fwrite(buf, 1, used, f);
                    used = 0;
                }
                double val = a >= t ? v->age[a - t] * gpow[v->area][t]
                                    : v->age[0] * bpow[v->area][t - a] * gpow[v->area][a];
                char *p = buf + used;
                memcpy(p, v->id, idlen);
                p += idlen;
                *p++ = ',';
                p = put_uint(p, (unsigned long)(o->start_year + t));
                *p++ = ',';
                p = put_uint(p, (unsigned long)a);
                *p++ = ',';
                p = put_uint(p, (unsigned long)floor(val + 0.5));
                *p++ = '\n';
                used = (size_t)(p - buf);
            }
    }
    fwrite(buf, 1, used, f);
    return close_checked(f, path, err);
}

static jh_status write_baseline(const jh_generate_options *o, const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    fprintf(f,
            "# A synthetic county written by `junheng generate --schools %zu --villages %zu "
            "--seed %lu`.\n"
            "# The current layout kept as it is: students go to their catchment schools,\n"
            "# 10%% of the eligible teachers rotate each year.\n"
            "name: baseline\n"
            "data:\n"
            "  schools: schools.shp\n"
            "  villages: villages.shp\n"
            "  crs: %s\n",
            o->n_schools, o->n_villages, o->seed, GEN_CRS_NAME);
    if (o->write_projections)
        fputs("  projections: projections.csv\n", f);
    fprintf(f,
            "  teachers: teachers.csv\n"
            "horizon: {start: %d, end: %d}\n"
            "standard: quality\n"
            "assignment: catchment\n"
            "teachers:\n"
            "  rotation: {share_of_eligible: 0.10, backbone_share: 0.20, min_years: 6, "
            "method: proportional, within: county}\n",
            o->start_year, o->end_year);
    return close_checked(f, path, err);
}

static const char *const OUT_FILES[] = {
    "schools.shp", "schools.shx", "schools.dbf", "schools.prj", "schools.cpg",
    "villages.shp", "villages.shx", "villages.dbf", "villages.prj", "villages.cpg",
    "teachers.csv", "projections.csv", "baseline.yaml",
    "roads.shp", "roads.shx", "roads.dbf", "roads.prj", "roads.cpg"};
#define N_OUT_FILES (sizeof OUT_FILES / sizeof *OUT_FILES)

/* Removes the temporary folder and whatever is in it. */
static void remove_tmp(const char *tmp)
{
    DIR *d = opendir(tmp);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = gen_path_join(tmp, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(tmp);
}

jh_status jh_generate_write(const jh_county *c, const jh_generate_options *o, const char *dir,
                            jh_error *err)
{
    if (make_dirs(dir) != 0)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot create the folder: %s", dir,
                            strerror(errno));
    char *tmp = gen_path_join(dir, ".generate-XXXXXX");
    if (!tmp)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    if (!mkdtemp(tmp)) {
        jh_status st = jh_error_set(err, JH_ERR_RUN, "%s: cannot create a temporary folder: %s",
                                    dir, strerror(errno));
        free(tmp);
        return st;
    }
    jh_status st = JH_OK;
    char *p = NULL;
    if ((st = gen_write_schools(c, tmp, err)) != JH_OK ||
        (st = gen_write_villages(c, tmp, err)) != JH_OK ||
        (st = gen_write_roads(c, tmp, err)) != JH_OK)
        goto done;
    const char *names[] = {"schools.prj", "villages.prj", "schools.cpg", "villages.cpg",
                           "teachers.csv", "projections.csv", "baseline.yaml", "roads.prj",
                           "roads.cpg"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        free(p);
        if (!(p = gen_path_join(tmp, names[i]))) {
            st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
            goto done;
        }
        if (i < 2 || i == 7)
            st = write_prj(p, err);
        else if (i < 4 || i == 8)
            st = write_cpg(p, err);
        else if (i == 4)
            st = write_teachers(c, p, err);
        else if (i == 5)
            st = o->write_projections ? write_projections(c, o, p, err) : JH_OK;
        else
            st = write_baseline(o, p, err);
        if (st != JH_OK)
            goto done;
    }
    /* all complete: move them into place */
    for (size_t i = 0; i < N_OUT_FILES; i++) {
        char *from = gen_path_join(tmp, OUT_FILES[i]), *to = gen_path_join(dir, OUT_FILES[i]);
        if (!from || !to) {
            free(from);
            free(to);
            st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
            goto done;
        }
        if (strcmp(OUT_FILES[i], "projections.csv") == 0 && !o->write_projections) {
            unlink(to); /* a stale table from an earlier run would not match */
        } else if (rename(from, to) != 0) {
            st = jh_error_set(err, JH_ERR_RUN, "%s: cannot move into place: %s", to,
                              strerror(errno));
        }
        free(from);
        free(to);
        if (st != JH_OK)
            goto done;
    }
done:
    free(p);
    remove_tmp(tmp);
    free(tmp);
    return st;
}
