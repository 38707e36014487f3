/*
 * input_file: opening an input file safely. Every input (scenario, layer
 * parts .shp/.shx/.dbf/.prj/.cpg, tables) must be a regular file: a
 * folder given as a table would make a reader size it as 2^63 bytes, and a
 * named pipe given as a layer would block the run forever. The path is
 * checked with stat() before it is opened, and opened without blocking so
 * a pipe swapped in between is caught by fstat() too.
 *
 * Shapelib opens its files itself; jh_input_shapelib_hooks gives it an
 * open hook that does the same check and an error hook that keeps
 * Shapelib's message ("Invalid length for entity 8") for the caller to put
 * after the file's name instead of printing it on stderr.
 */
#ifndef JH_INPUT_FILE_H
#define JH_INPUT_FILE_H

#include <shapefil.h>
#include <stdio.h>

#include "jh_error.h"

/* JH_OK when path names a regular file (following links). Otherwise
 * "NAME: cannot open: no such file" or "NAME: expected a regular file, got
 * a folder" (a named pipe, a device, a socket), JH_ERR_INPUT. `name` names
 * the file in messages (path when NULL). */
jh_status jh_input_check(const char *path, const char *name, jh_error *err);

/* fopen(path, "rb") of a regular file, NULL with err set otherwise. */
FILE *jh_input_fopen(const char *path, const char *name, jh_error *err);

/* The whole of a regular file (a scenario, a sweep file), NUL-terminated,
 * its length in *len; NULL with err set ("NAME: cannot read the file"). */
char *jh_input_read_all(const char *path, const char *name, size_t *len, jh_error *err);

/* Shapelib hooks: standard I/O whose FOpen refuses anything but a regular
 * file, and whose Error keeps the message (per thread) instead of printing
 * it. */
void jh_input_shapelib_hooks(SAHooks *hooks);
/* The first message Shapelib reported since the last reset ("" if none):
 * control characters escaped, at most ~500 bytes. */
const char *jh_input_shapelib_message(void);
void jh_input_shapelib_reset(void);

#endif
