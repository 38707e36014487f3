/*
 * text_encoding.c: naming encodings and converting to UTF-8 with iconv
 * (see text_encoding.h for why).
 */
#include "input/text_encoding.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct jh_decoder {
    bool utf8;     /* source already UTF-8: validate and copy */
    iconv_t cd;
};

/* The iconv name behind a display name: the GB family decodes as GB18030
 * (a superset of GBK and GB2312). */
static const char *iconv_name(const char *name)
{
    if (strcasecmp(name, "GBK") == 0 || strcasecmp(name, "GB2312") == 0 ||
        strcasecmp(name, "CP936") == 0 || strcasecmp(name, "EUC-CN") == 0)
        return "GB18030";
    return name;
}

/* Windows code page numbers found in .cpg files ("936", "ANSI 936"). */
static const char *codepage_name(long cp)
{
    switch (cp) {
    case 65001: return "UTF-8";
    case 936:   return "GBK";
    case 54936: return "GB18030";
    case 950:   return "BIG5";
    case 932:   return "CP932";
    case 949:   return "CP949";
    case 874:   return "CP874";
    case 437:   return "CP437";
    case 850:   return "CP850";
    case 852:   return "CP852";
    case 866:   return "CP866";
    case 1250:  return "CP1250";
    case 1251:  return "CP1251";
    case 1252:  return "CP1252";
    case 1253:  return "CP1253";
    case 1254:  return "CP1254";
    case 1255:  return "CP1255";
    case 1256:  return "CP1256";
    case 1257:  return "CP1257";
    case 20936: return "GB2312";
    case 28591: return "ISO-8859-1";
    default:    return NULL;
    }
}

static bool iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name(name));
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

bool jh_encoding_from_cpg(const char *cpg, char *name, size_t n)
{
    char buf[64];
    size_t len = 0;
    /* trim and upper-case; a .cpg holds one short line */
    while (*cpg && isspace((unsigned char)*cpg))
        cpg++;
    for (; *cpg && *cpg != '\n' && *cpg != '\r' && len + 1 < sizeof buf; cpg++)
        buf[len++] = (char)toupper((unsigned char)*cpg);
    while (len > 0 && isspace((unsigned char)buf[len - 1]))
        len--;
    buf[len] = '\0';
    if (len == 0)
        return false;

    const char *p = buf;
    if (strncmp(p, "ANSI", 4) == 0 || strncmp(p, "OEM", 3) == 0) {
        p += (p[0] == 'A') ? 4 : 3;
        while (*p == ' ' || *p == '_' || *p == '-')
            p++;
    } else if (strncmp(p, "CP", 2) == 0 && isdigit((unsigned char)p[2])) {
        p += 2;
    } else if (strncmp(p, "WINDOWS-", 8) == 0 && isdigit((unsigned char)p[8])) {
        p += 8;
    }
    if (isdigit((unsigned char)*p)) {
        char *end;
        long cp = strtol(p, &end, 10);
        const char *known = (*end == '\0') ? codepage_name(cp) : NULL;
        if (!known && *end == '\0' && cp >= 88591 && cp <= 88599) {
            /* ESRI writes ISO 8859-x as 8859x */
            snprintf(name, n, "ISO-8859-%ld", cp - 88590);
            return true;
        }
        if (!known)
            return false;
        snprintf(name, n, "%s", known);
        return true;
    }
    static const struct { const char *alias, *name; } aliases[] = {
        {"UTF-8", "UTF-8"},   {"UTF8", "UTF-8"},     {"GBK", "GBK"},
        {"GB2312", "GBK"},    {"GB18030", "GB18030"}, {"EUC-CN", "GBK"},
        {"LATIN1", "ISO-8859-1"}, {"LATIN-1", "ISO-8859-1"},
        {"ISO-8859-1", "ISO-8859-1"}, {"ISO8859-1", "ISO-8859-1"},
        {"ISO_8859-1", "ISO-8859-1"}, {"BIG5", "BIG5"}, {"ASCII", "UTF-8"},
        {"US-ASCII", "UTF-8"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(p, aliases[i].alias) == 0) {
            snprintf(name, n, "%s", aliases[i].name);
            return true;
        }
    if (iconv_knows(p)) {
        snprintf(name, n, "%s", p);
        return true;
    }
    return false;
}

bool jh_encoding_from_ldid(int ldid, char *name, size_t n)
{
    /* The dBASE language driver ids GDAL also honours (subset). */
    long cp;
    switch (ldid) {
    case 0x01: cp = 437; break;
    case 0x02: cp = 850; break;
    case 0x03: cp = 1252; break;
    case 0x4D: cp = 936; break;   /* Chinese GBK (PRC) */
    case 0x4E: cp = 949; break;
    case 0x4F: cp = 950; break;
    case 0x50: cp = 874; break;
    case 0x58: cp = 1252; break;
    case 0x59: cp = 1252; break;
    case 0x64: cp = 852; break;
    case 0x65: cp = 866; break;
    case 0x78: cp = 950; break;
    case 0x79: cp = 949; break;
    case 0x7A: cp = 936; break;   /* Chinese GBK (PRC), Windows */
    case 0x7B: cp = 932; break;
    case 0x7C: cp = 874; break;
    case 0xC8: cp = 1250; break;
    case 0xC9: cp = 1251; break;
    case 0xCA: cp = 1254; break;
    case 0xCB: cp = 1253; break;
    case 0xCC: cp = 1257; break;
    default: return false;        /* 0, 0x57 "ANSI" and the rest: unknown */
    }
    snprintf(name, n, "%s", codepage_name(cp));
    return true;
}

bool jh_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        /* ASCII 32, then eight bytes at a time (tables are mostly digits
         * and commas) */
        while ((size_t)(end - p) >= 32) {
            uint64_t w[4];
            memcpy(w, p, 32);
            if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
                break;
            p += 32;
        }
        while ((size_t)(end - p) >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ULL)
                break;
            p += 8;
        }
        if (p >= end)
            break;
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t len;
        unsigned min, cp;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2; min = 0x80; cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3; min = 0x800; cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4; min = 0x10000; cp = c & 0x07;
        } else {
            return false;
        }
        if ((size_t)(end - p) < len)
            return false;
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += len;
    }
    return true;
}

jh_decoder *jh_decoder_open(const char *name)
{
    jh_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0) {
        d->utf8 = true;
        return d;
    }
    d->cd = iconv_open("UTF-8", iconv_name(name));
    if (d->cd == (iconv_t)-1) {
        free(d);
        return NULL;
    }
    return d;
}

bool jh_decoder_decode(jh_decoder *d, const char *in, size_t n, char **out)
{
    *out = NULL;
    if (d->utf8) {
        if (!jh_utf8_valid(in, n))
            return false;
        char *s = malloc(n + 1);
        if (!s)
            return false;
        memcpy(s, in, n);
        s[n] = '\0';
        *out = s;
        return true;
    }
    iconv(d->cd, NULL, NULL, NULL, NULL); /* reset shift state */
    size_t cap = n * 4 + 4;               /* any 2-byte source fits in 4 */
    char *s = malloc(cap);
    if (!s)
        return false;
    char *src = (char *)in, *dst = s;
    size_t left = n, room = cap - 1;
    while (left > 0) {
        if (iconv(d->cd, &src, &left, &dst, &room) == (size_t)-1) {
            if (errno == E2BIG) {
                size_t used = (size_t)(dst - s);
                char *grown = realloc(s, cap * 2);
                if (!grown) {
                    free(s);
                    return false;
                }
                s = grown;
                dst = s + used;
                room += cap;
                cap *= 2;
                continue;
            }
            free(s);
            return false; /* EILSEQ or EINVAL: not this encoding */
        }
    }
    *dst = '\0';
    *out = s;
    return true;
}

void jh_decoder_close(jh_decoder *d)
{
    if (!d)
        return;
    if (!d->utf8)
        iconv_close(d->cd);
    free(d);
}
