/*
 * dbf_value: one DBF attribute read once through Shapelib.
 *
 * DBFIsAttributeNULL reads (copies and trims) the value, then
 * DBFReadStringAttribute reads it again. jh_dbf_text reads it once with
 * DBFReadStringAttribute and decides NULL from that text by the rules
 * Shapelib's DBFIsAttributeNULL applies to the same text, per field type.
 */
#ifndef JH_DBF_VALUE_H
#define JH_DBF_VALUE_H

#include <shapefil.h>
#include <stdbool.h>
#include <stddef.h>

/* True when `s` (a value as DBFReadStringAttribute returns it: trimmed)
 * is NULL for a field of native type `type`, as Shapelib decides it:
 * N and F: first character '*' or only blanks (the empty string
 * included); D: begins with "00000000"; L: first character '?'; any
 * other type: the empty string. A NULL pointer is NULL. */
bool jh_dbf_value_null(char type, const char *s);

/* The text of field `field` of record `rec` (Shapelib's buffer, valid
 * until the next read on `dbf`), or NULL when the attribute is NULL or
 * cannot be read: exactly when DBFIsAttributeNULL says it is NULL. */
const char *jh_dbf_text(DBFHandle dbf, int rec, int field);

/* The same value read from `rec`, the bytes of the record as DBFReadTuple
 * gives them, without a copy: the field's bytes up to its first NUL,
 * blanks (' ') trimmed at both ends as DBFReadStringAttribute trims them;
 * *len bytes at the returned pointer (inside rec, not NUL-terminated), or
 * NULL (*len 0) when jh_dbf_value_null says NULL or `field` is not one of
 * the table's. jh_dbf_text(dbf, r, field) and this on record r give the
 * same NULL answer and the same bytes. */
const char *jh_dbf_field_text(DBFHandle dbf, const char *rec, int field, size_t *len);

/* Every field of the record at rec (DBFReadTuple's bytes) at once:
 * text[f] and len[f] as jh_dbf_field_text gives them. False, with nothing
 * set, when rec is NULL or holds a NUL byte anywhere (read those field by
 * field). */
bool jh_dbf_record_text(DBFHandle dbf, const char *rec, const char **text, size_t *len);

#endif
