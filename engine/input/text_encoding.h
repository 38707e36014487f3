/*
 * text_encoding: turning the bytes of a DBF or CSV into UTF-8.
 *
 * Bureau layers come in UTF-8 or, very often, GBK with or without a .cpg
 * saying so. The engine works in UTF-8 throughout; this module names the
 * encoding (from a .cpg, a DBF language driver id, or by trying UTF-8
 * first) and converts with iconv. GBK and GB2312 are decoded as GB18030,
 * their superset, so a rare character never fails to decode.
 */
#ifndef JH_TEXT_ENCODING_H
#define JH_TEXT_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

/* Why an encoding was chosen: told by a .cpg, by the DBF language driver
 * id, or assumed after looking at the bytes. */
typedef enum {
    JH_ENC_FROM_CPG = 0,
    JH_ENC_FROM_LDID,
    JH_ENC_ASSUMED
} jh_encoding_source;

/* A converter to UTF-8; opaque. */
typedef struct jh_decoder jh_decoder;

/* The encoding a .cpg text names, as a display name ("UTF-8", "GBK",
 * "CP1252", "BIG5", ...) written into `name` (size n). Accepts "UTF-8",
 * "UTF8", "65001", "GBK", "CP936", "936", "ANSI 936", "GB2312",
 * "GB18030", "LATIN1", "ISO-8859-1", "88591", "1252", ... and any name
 * iconv knows. Returns false when the name is unknown. */
bool jh_encoding_from_cpg(const char *cpg, char *name, size_t n);

/* The encoding a DBF language driver id (header byte 29) names, or false
 * when the id says nothing useful (0, or 0x57 "ANSI": the system code
 * page, which the caller must guess). */
bool jh_encoding_from_ldid(int ldid, char *name, size_t n);

/* True when the n bytes are well-formed UTF-8 (no overlongs, no
 * surrogates). */
bool jh_utf8_valid(const char *s, size_t n);

/* Opens a decoder from the encoding `name` (a display name as returned
 * above) to UTF-8. Returns NULL when iconv does not know the name. */
jh_decoder *jh_decoder_open(const char *name);

/* Converts n bytes to a new NUL-terminated UTF-8 string in *out (caller
 * frees). Returns false on an invalid byte sequence (*out = NULL) or when
 * out of memory. A decoder for UTF-8 checks validity and copies. */
bool jh_decoder_decode(jh_decoder *d, const char *in, size_t n, char **out);

void jh_decoder_close(jh_decoder *d);

#endif
