/*
 * progress: a one-line progress bar on stderr for long work (many
 * scenarios, the optimiser). Shown only when stderr is a terminal and the
 * user did not ask for --quiet, so it never lands in a log file or an
 * output (DESIGN.md, "Command line").
 */
#ifndef JH_PROGRESS_H
#define JH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct jh_progress {
    bool active;        /* drawing at all */
    char label[64];
    size_t total;       /* 0: unknown, only the count is shown */
    size_t done;
    int last_drawn;     /* per mille last drawn, -1 none */
} jh_progress;

/* Whether a bar would be drawn: stderr is a terminal and not quiet. */
bool jh_progress_enabled(bool quiet);

/* Starts a bar of `total` steps (no output when not enabled). */
void jh_progress_begin(jh_progress *p, const char *label, size_t total, bool quiet);
/* Sets the steps done (redraws only when the shown figure changes). */
void jh_progress_set(jh_progress *p, size_t done);
/* One more step. */
void jh_progress_step(jh_progress *p);
/* Draws the final state and ends the line. */
void jh_progress_end(jh_progress *p);

/* The bar's text for `done` of `total` into buf (what is drawn; exposed so
 * tests can check it without a terminal). */
void jh_progress_format(char *buf, size_t size, const char *label, size_t done, size_t total);

#endif
