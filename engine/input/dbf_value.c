/*
 * dbf_value.c: one DBF attribute read once (see dbf_value.h).
 */
#include "input/dbf_value.h"

#include <stdint.h>
#include <string.h>

bool jh_dbf_value_null(char type, const char *s)
{
    if (!s)
        return true;
    switch (type) {
    case 'N':
    case 'F':
        if (s[0] == '*')
            return true;
        for (const char *p = s; *p; p++)
            if (*p != ' ')
                return false;
        return true;
    case 'D':
        return strncmp(s, "00000000", 8) == 0;
    case 'L':
        return s[0] == '?';
    default:
        return s[0] == '\0';
    }
}

const char *jh_dbf_text(DBFHandle dbf, int rec, int field)
{
    const char *s = DBFReadStringAttribute(dbf, rec, field);
    if (!s || jh_dbf_value_null(DBFGetNativeFieldType(dbf, field), s))
        return NULL;
    return s;
}

/* A field's n bytes at s (no NUL among them): trimmed of blanks at both
 * ends, as DBFReadStringAttribute trims them, NULL by the field type's
 * rule (jh_dbf_value_null on the trimmed text). */
static inline const char *span(char type, const char *s, size_t n, size_t *len)
{
    while (n > 0 && *s == ' ')
        s++, n--;
    /* padding is most of a text field: blanks eight at a time from its end */
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s + n - 8, 8);
        if (w != 0x2020202020202020ULL)
            break;
        n -= 8;
    }
    while (n > 0 && s[n - 1] == ' ')
        n--;
    bool null;
    switch (type) {
    case 'N':
    case 'F':
        null = n == 0 || s[0] == '*'; /* trimmed: only blanks is empty */
        break;
    case 'D':
        null = n >= 8 && memcmp(s, "00000000", 8) == 0;
        break;
    case 'L':
        null = n > 0 && s[0] == '?';
        break;
    default:
        null = n == 0;
    }
    *len = null ? 0 : n;
    return null ? NULL : s;
}

const char *jh_dbf_field_text(DBFHandle dbf, const char *rec, int field, size_t *len)
{
    *len = 0;
    if (!rec || field < 0 || field >= dbf->nFields)
        return NULL;
    const char *s = rec + dbf->panFieldOffset[field];
    size_t n = (size_t)dbf->panFieldSize[field];
    const char *nul = memchr(s, '\0', n);
    if (nul)
        n = (size_t)(nul - s); /* Shapelib's copy ends there */
    return span(dbf->pachFieldType[field], s, n, len);
}

bool jh_dbf_record_text(DBFHandle dbf, const char *rec, const char **text, size_t *len)
{
    if (!rec)
        return false;
    /* the record's first byte is its deletion flag, not a field's */
    if (memchr(rec, '\0', (size_t)dbf->nRecordLength))
        return false;
    for (int f = 0; f < dbf->nFields; f++)
        text[f] = span(dbf->pachFieldType[f], rec + dbf->panFieldOffset[f],
                       (size_t)dbf->panFieldSize[f], &len[f]);
    return true;
}
