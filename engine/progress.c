/*
 * progress: see progress.h. Redraws with a carriage return, at most once
 * per tenth of a percent, so a tight loop costs next to nothing.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool jh_progress_enabled(bool quiet)
{
    return !quiet && isatty(STDERR_FILENO);
}

void jh_progress_format(char *buf, size_t size, const char *label, size_t done, size_t total)
{
    enum { WIDTH = 30 };
    if (total == 0) {
        snprintf(buf, size, "%s %zu", label ? label : "", done);
        return;
    }
    if (done > total)
        done = total;
    char bar[WIDTH + 1];
    size_t fill = done * WIDTH / total;
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    snprintf(buf, size, "%s [%s] %3zu%% (%zu/%zu)", label ? label : "", bar, done * 100 / total,
             done, total);
}

static void draw(jh_progress *p)
{
    char buf[160];
    jh_progress_format(buf, sizeof buf, p->label, p->done, p->total);
    fprintf(stderr, "\r%s", buf);
    fflush(stderr);
}

void jh_progress_begin(jh_progress *p, const char *label, size_t total, bool quiet)
{
    memset(p, 0, sizeof *p);
    p->active = jh_progress_enabled(quiet);
    snprintf(p->label, sizeof p->label, "%s", label ? label : "");
    p->total = total;
    p->last_drawn = -1;
    if (p->active) {
        draw(p);
        p->last_drawn = 0;
    }
}

void jh_progress_set(jh_progress *p, size_t done)
{
    p->done = done;
    if (!p->active)
        return;
    int permille = p->total ? (int)((done > p->total ? p->total : done) * 1000 / p->total)
                            : (int)(done % 1000000);
    if (permille != p->last_drawn) {
        p->last_drawn = permille;
        draw(p);
    }
}

void jh_progress_step(jh_progress *p)
{
    jh_progress_set(p, p->done + 1);
}

void jh_progress_end(jh_progress *p)
{
    if (!p->active)
        return;
    draw(p);
    fputc('\n', stderr);
    fflush(stderr);
    p->active = false;
}
