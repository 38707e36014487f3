/*
 * wide_layout.c: grade and age columns recognised by header (see
 * wide_layout.h). A header is normalised (separators dropped, ASCII
 * lower-cased), then read as [measure] grade [measure] with one measure at
 * most: a grade token (一年级, 初二, grade3, g3 ...) and a word saying
 * students or classes.
 */
#include "input/wide_layout.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void normalise(const char *in, char *out, size_t n)
{
    static const char *const drop[] = {"　", "（", "）", "：", NULL}; /* full-width */
    size_t o = 0;
    while (*in && o + 1 < n) {
        bool skipped = false;
        for (int k = 0; drop[k]; k++)
            if (strncmp(in, drop[k], strlen(drop[k])) == 0) {
                in += strlen(drop[k]);
                skipped = true;
                break;
            }
        if (skipped)
            continue;
        unsigned char ch = (unsigned char)*in++;
        if (ch == ' ' || ch == '_' || ch == '-' || ch == '(' || ch == ')' || ch == ':' ||
            ch == '\t')
            continue;
        out[o++] = (char)(ch < 128 ? tolower(ch) : ch);
    }
    out[o] = '\0';
}

static bool eat(const char **s, const char *word)
{
    size_t l = strlen(word);
    if (strncmp(*s, word, l) != 0)
        return false;
    *s += l;
    return true;
}

/* A grade token at *s: 1-9 (and *s past it), or 0. */
static int grade_token(const char **s)
{
    static const char *const zh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    const char *p = *s;
    if (eat(&p, "初中")) { /* 初中一年级 = grade 7 */
        for (int k = 0; k < 3; k++) {
            const char *q = p;
            if (eat(&q, zh[k]) && eat(&q, "年级")) {
                *s = q;
                return 7 + k;
            }
        }
        return 0;
    }
    if (eat(&p, "初")) { /* 初一 */
        for (int k = 0; k < 3; k++) {
            const char *q = p;
            if (eat(&q, zh[k]) && !eat(&q, "年级")) {
                *s = q;
                return 7 + k;
            }
        }
        return 0;
    }
    bool primary = eat(&p, "小学");
    for (int k = 0; k < 9; k++) {
        const char *q = p;
        if ((eat(&q, zh[k]) || (*q == '1' + k && (q++, true))) && eat(&q, "年级")) {
            if (primary && k >= 6)
                return 0;
            *s = q;
            return k + 1;
        }
    }
    if (primary)
        return 0;
    if (eat(&p, "grade") || eat(&p, "g")) {
        if (*p >= '1' && *p <= '9' && !isdigit((unsigned char)p[1])) {
            *s = p + 1;
            return *p - '0';
        }
    }
    return 0;
}

/* 0 students, 1 classes, -1 not a measure word; *s past it. */
static int measure(const char **s)
{
    static const char *const students[] = {"在校学生数", "在校生数", "在校生", "学生数",
                                           "学生", "人数", "students", NULL};
    static const char *const classes[] = {"班级数", "班数", "classes", NULL};
    for (int k = 0; classes[k]; k++)
        if (eat(s, classes[k]))
            return 1;
    for (int k = 0; students[k]; k++)
        if (eat(s, students[k]))
            return 0;
    return -1;
}

static bool school_column(const char *h, char *buf, size_t n)
{
    const char *p = h;
    int m = measure(&p); /* classes_g1, students_grade_2 */
    int g = grade_token(&p);
    if (!g)
        return false;
    if (*p) {
        if (m >= 0)
            return false;
        if ((m = measure(&p)) < 0 || *p)
            return false;
    }
    snprintf(buf, n, "%sg%d", m == 1 ? "classes_" : "", g);
    return true;
}

static bool village_column(const char *h, char *buf, size_t n)
{
    const char *p = h;
    bool prefix = eat(&p, "age");
    if (!isdigit((unsigned char)*p))
        return false;
    char *end;
    long a = strtol(p, &end, 10);
    p = end;
    if (a < 0 || a > 14)
        return false;
    if (!prefix) {
        if (!eat(&p, "周岁") && !eat(&p, "岁"))
            return false;
        if (*p && !eat(&p, "人口") && !eat(&p, "人数") && !eat(&p, "儿童"))
            return false;
    }
    if (*p)
        return false;
    snprintf(buf, n, "age%ld", a);
    return true;
}

bool jh_wide_column(int layer, const char *header, char *buf, size_t n)
{
    char h[256];
    if (!header || strlen(header) >= sizeof h)
        return false;
    normalise(header, h, sizeof h);
    return layer == 1 ? school_column(h, buf, n) : village_column(h, buf, n);
}
