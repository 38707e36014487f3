/*
 * format: number formatting, CSV fields, status names and file opening
 * shared by every writer in engine/output/ (it includes no other writer,
 * so the writers never include each other).
 */
#ifndef JH_OUTPUT_FORMAT_H
#define JH_OUTPUT_FORMAT_H

#include <stdio.h>

#include "county.h"
#include "jh_error.h"

/* Formats a double the same way everywhere (summary.json uses 15
 * significant digits too): "%.15g", "" for NaN or infinity. */
void jh_output_format_number(char *buf, size_t size, double v);

/* The human tables' number (metrics.csv, schools.csv, comparison.csv,
 * results.xlsx): at most 6 significant digits ("%.6g"), whole numbers
 * from a million up written in full ("12345679", never 1.23457e+07);
 * "" for NaN or infinity. summary.json keeps the full 15 digits. */
void jh_output_format_short(char *buf, size_t size, double v);
/* "%.1f" of v (the report map's coordinates) into buf; whole tenths
 * without printf, printf for the rest. Returns the text's length. */
size_t jh_output_format_fixed1(char *buf, size_t size, double v);
/* `value` reformatted by jh_output_format_short when the whole text is a
 * number, copied as it is otherwise ("", "1", "primary"). */
void jh_output_short_text(char *buf, size_t size, const char *value);

/* Writes one CSV field, quoted per RFC 4180 when it holds a comma, a
 * quote, CR or LF (or leading/trailing space). NULL writes an empty field. */
void jh_csv_field(FILE *f, const char *s);
/* The same for text from the user's data (ids, names, scenario names):
 * text that begins with =, +, -, @, a tab or CR gets a leading apostrophe
 * ('=HYPERLINK(...)), so a spreadsheet shows it instead of evaluating it. */
void jh_csv_text_field(FILE *f, const char *s);

/* Name of a school status: open, closed, new, candidate. */
const char *jh_output_status_name(jh_school_status s);

/* Opens `path` for writing; NULL with "PATH: cannot create: why" in err. */
FILE *jh_output_open(const char *path, jh_error *err);
/* Closes f and reports a write error (disk full shows up at fflush/fclose). */
jh_status jh_output_close(FILE *f, const char *path, jh_error *err);

#endif
