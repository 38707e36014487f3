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

/* printf at its full speed. GDAL brings in libquadmath (through LAPACK
 * and gfortran), whose start-up code registers a printf type for
 * __float128 ("%Qf"); from then on glibc runs every printf of the
 * process (libxlsxwriter's cells, GDAL's, ours) through its slow
 * positional path, which reads each format twice: about a tenth of the
 * instructions of writing results.xlsx. This definition, being the
 * program's, is the one libquadmath calls; answering "not registered"
 * (glibc's failure value) makes it skip its printf hooks, and nothing in
 * junheng prints a __float128. The bytes printf writes are the same
 * either way: the hooks only take "%Q" conversions. */
int register_printf_type(void *va_arg_function);
int register_printf_type(void *va_arg_function)
{
    (void)va_arg_function;
    return -1;
}

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

/* The digits of u into p (no terminator); their count. */
static size_t put_digits(char *p, unsigned long long u)
{
    char t[20];
    size_t n = 0;
    do
        t[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    for (size_t k = 0; k < n; k++)
        p[k] = t[n - 1 - k];
    return n;
}

/* jh_output_format_short's bytes without printf where they are certain,
 * false to leave it to printf (v finite and not -0):
 *  - a whole number below 1e15: its digits, as "%.0f" (from a million up)
 *    and "%.6g" (below: at most six digits) both write it;
 *  - 0.001 <= |v| < 1e6 not whole: "%.6g" is "%.Pf" with P = 5 - E
 *    decimals (E the decimal exponent, 10^E <= |v| < 10^(E+1)) and its
 *    trailing zeros (and then the point) dropped. |v| * 10^P (10^P exact,
 *    P <= 8) is below 1e6 < 2^20, so its one rounding is off by at most
 *    2^-33 from the exact product: when its fraction is farther than 1e-6
 *    from one half, the exact value rounds the same way as printf's
 *    (which rounds the exact binary value). Fallen back on: fractions
 *    within 1e-6 of a half, |v| within a relative 1e-9 of a power of ten
 *    (E uncertain), and a rounding up to 10^6 (the exponent grows). */
static bool short_fast(char *buf, size_t size, double v)
{
    static const double p10[] = {1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
                                 1e7,  1e8,  1e9};
    char t[32];
    size_t n = 0;
    double a = fabs(v);
    if (v < 0)
        t[n++] = '-';
    if (a < 1e15 && a == floor(a)) {
        n += put_digits(t + n, (unsigned long long)a);
    } else if (a >= 1e-3 && a < 1e6) {
        int e = -3;
        while (a >= p10[e + 4]) /* p10[e + 3] = 10^e */
            e++;
        if (a < p10[e + 3] * (1 + 1e-9) || a > p10[e + 4] * (1 - 1e-9))
            return false;
        int prec = 5 - e; /* 0 .. 8 */
        double scaled = a * p10[prec + 3];
        double whole = floor(scaled), frac = scaled - whole;
        if (fabs(frac - 0.5) < 1e-6)
            return false;
        unsigned long long q = (unsigned long long)whole + (frac > 0.5);
        if (q >= 1000000ULL)
            return false;
        char d[8];
        size_t nd = put_digits(d, q); /* 6 digits: q >= 10^5 as |v| >= 10^E */
        if (nd != 6)
            return false;
        size_t int_digits = (size_t)(6 - prec > 0 ? 6 - prec : 0);
        size_t k = 0;
        if (int_digits == 0)
            t[n++] = '0';
        for (; k < int_digits; k++)
            t[n++] = d[k];
        /* the decimals: leading zeros for E < 0, then the rest of d */
        char frac_d[16];
        size_t nf = 0;
        for (int z = 0; z < prec - 6; z++)
            frac_d[nf++] = '0';
        for (; k < 6; k++)
            frac_d[nf++] = d[k];
        while (nf > 0 && frac_d[nf - 1] == '0')
            nf--;
        if (nf > 0) {
            t[n++] = '.';
            memcpy(t + n, frac_d, nf);
            n += nf;
        }
    } else {
        return false;
    }
    if (n + 1 > size)
        return false;
    memcpy(buf, t, n);
    buf[n] = '\0';
    return true;
}

/* "%.1f": for |v| < 1e9, |v| * 10 (below 2^34) is off by at most 2^-19
 * from the exact product, so a fraction farther than 1e-4 from one half
 * rounds as printf rounds the exact value; the sign is printed for any
 * negative v (printf writes "-0.0" for -0.04 and -0.0). */
size_t jh_output_format_fixed1(char *buf, size_t size, double v)
{
    double a = fabs(v);
    if (a < 1e9) {
        double s = a * 10, whole = floor(s), frac = s - whole;
        if (fabs(frac - 0.5) > 1e-4) {
            unsigned long long q = (unsigned long long)whole + (frac > 0.5);
            char t[24];
            size_t n = 0;
            if (signbit(v))
                t[n++] = '-';
            n += put_digits(t + n, q / 10);
            t[n++] = '.';
            t[n++] = (char)('0' + q % 10);
            if (n + 1 <= size) {
                memcpy(buf, t, n);
                buf[n] = '\0';
                return n;
            }
        }
    }
    int w = size ? snprintf(buf, size, "%.1f", v) : 0;
    return w < 0 ? 0 : (size_t)w < size ? (size_t)w : size ? size - 1 : 0;
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
    if (short_fast(buf, size, v))
        return;
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

