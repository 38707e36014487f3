/*
 * dbf_value.c: one DBF attribute read once (see dbf_value.h).
 */
#include "input/dbf_value.h"

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
