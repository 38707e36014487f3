/*
 * format: the small pieces every writer of this room shares, so that a
 * number, a CSV field or a school's status reads the same in summary.json,
 * the CSV tables, the layers and the pages: number formatting, RFC 4180
 * fields, status names, and opening/closing an output file with its error.
 */
#include "output/format.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void jh_output_format_number(char *buf, size_t size, double v)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0)
        v = 0; /* no "-0" */
    snprintf(buf, size, "%.15g", v);
}

void jh_output_format_short(char *buf, size_t size, double v)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return;
    }
    if (v == 0)
        v = 0;
    if (fabs(v) >= 1e6 && fabs(v) < 1e15)
        snprintf(buf, size, "%.0f", v); /* never 1.23457e+07 in a table */
    else
        snprintf(buf, size, "%.6g", v);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
}

void jh_output_short_text(char *buf, size_t size, const char *value)
{
    if (size == 0)
        return;
    char *end = NULL;
    double v = value && *value ? strtod(value, &end) : 0;
    if (value && *value && end && *end == '\0' && isfinite(v))
        jh_output_format_short(buf, size, v);
    else
        snprintf(buf, size, "%s", value ? value : "");
}

void jh_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    bool quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
    for (const char *p = s; *p && !quote; p++)
        if (*p == ',' || *p == '"' || *p == '\r' || *p == '\n')
            quote = true;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void jh_csv_text_field(FILE *f, const char *s)
{
    if (s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
              s[0] == '\r')) {
        /* Excel and WPS would evaluate it as a formula (=HYPERLINK(...)):
         * a leading apostrophe makes it text, as the README says */
        size_t n = strlen(s);
        char *t = malloc(n + 2);
        if (t) {
            t[0] = '\'';
            memcpy(t + 1, s, n + 1);
            jh_csv_field(f, t);
            free(t);
            return;
        }
    }
    jh_csv_field(f, s);
}

const char *jh_output_status_name(jh_school_status s)
{
    switch (s) {
    case JH_STATUS_OPEN: return "open";
    case JH_STATUS_CLOSED: return "closed";
    case JH_STATUS_NEW: return "new";
    case JH_STATUS_CANDIDATE: return "candidate";
    }
    return "unknown";
}

jh_status jh_output_close(FILE *f, const char *path, jh_error *err)
{
    bool failed = ferror(f) != 0;
    if (fclose(f) != 0)
        failed = true;
    if (failed)
        return jh_error_set(err, JH_ERR_RUN, "%s: cannot write: %s", path, strerror(errno));
    return JH_OK;
}

FILE *jh_output_open(const char *path, jh_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        jh_error_set(err, JH_ERR_RUN, "%s: cannot create: %s", path, strerror(errno));
    return f;
}

