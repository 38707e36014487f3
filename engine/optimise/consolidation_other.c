/*
 * consolidation_other.c: the other level's students of the two-level
 * schools a consolidation closes (see consolidation_other.h).
 */
#include "optimise/consolidation_other.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long jh_other_assign_group(size_t n, size_t nr, int ny, const double *demand,
                           const double *cost, double *room, int *to)
{
    for (size_t k = 0; k < n; k++) {
        int best = -1;
        for (size_t r = 0; r < nr; r++) {
            double c = cost[k * nr + r];
            if (!isfinite(c) || (best >= 0 && c >= cost[k * nr + (size_t)best]))
                continue;
            bool fits = true;
            for (int y = 0; y < ny && fits; y++)
                fits = demand[k * (size_t)ny + (size_t)y] <= room[r * (size_t)ny + (size_t)y];
            if (fits)
                best = (int)r;
        }
        if (best < 0) {
            /* all or none: the clients placed before give their room back */
            for (size_t j = 0; j < k; j++)
                for (int y = 0; y < ny; y++)
                    room[(size_t)to[j] * (size_t)ny + (size_t)y] += demand[j * (size_t)ny + (size_t)y];
            return (long)k;
        }
        to[k] = best;
        for (int y = 0; y < ny; y++)
            room[(size_t)best * (size_t)ny + (size_t)y] -= demand[k * (size_t)ny + (size_t)y];
    }
    return -1;
}

static bool two_levels(const jh_school *s)
{
    return jh_school_serves(s->type, JH_PRIMARY) && jh_school_serves(s->type, JH_JUNIOR);
}

/* A school that may take the other level's students: it teaches that
 * level only (so the request's own level is not changed there). */
static bool receiver(const jh_school *s, jh_level other)
{
    return jh_school_takes_students(s, other) && !two_levels(s) && s->type != JH_SCHOOL_SPECIAL &&
           s->type != JH_SCHOOL_TEACHING_POINT && s->type != JH_SCHOOL_VOCATIONAL;
}

double jh_consolidation_cost(const jh_county *c, int origin, int school)
{
    if (c->has_od && origin >= 0) {
        for (size_t k = c->od.start[origin]; k < c->od.start[origin + 1]; k++)
            if (c->od.school[k] == school)
                return c->od.cost[k];
        return INFINITY;
    }
    double x = origin >= 0 ? c->villages[origin].x : c->schools[-1 - origin].x;
    double y = origin >= 0 ? c->villages[origin].y : c->schools[-1 - origin].y;
    return hypot(c->schools[school].x - x, c->schools[school].y - y);
}

static double capacity_of(const jh_school *s, const jh_rules *r, jh_level l)
{
    if (s->capacity_given)
        return s->capacity;
    return s->classrooms > 0 ? (double)s->classrooms * r->class_size[l] : INFINITY;
}

long jh_other_level_place(const jh_other_request *q, bool *closed, int *village_to,
                          int *site_to, jh_warnings *notes)
{
    const jh_county *c = q->c;
    jh_level O = q->level == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY;
    size_t ns = c->n_schools, nv = c->n_villages, no = nv + ns, ny = (size_t)q->ny;
    for (size_t v = 0; v < nv; v++)
        village_to[v] = -1;
    for (size_t i = 0; i < ns; i++)
        site_to[i] = -1;
    bool any = false;
    for (size_t i = 0; i < ns; i++)
        any |= closed[i] && two_levels(&c->schools[i]);
    if (!any || ny == 0)
        return 0;
    long kept = -1;
    int *recv = malloc((ns + 1) * sizeof *recv);
    double *room = malloc((ns + 1) * ny * sizeof *room);
    double *dem = calloc((no + 1) * ny, sizeof *dem);    /* per origin, O students a year */
    size_t *start = calloc(ns + 2, sizeof *start);       /* origins with O students at a school */
    int *org = NULL, *to = NULL;
    double *gd = NULL, *gc = NULL;
    size_t nr = 0, n_at = 0;
    if (!recv || !room || !dem || !start)
        goto done;
    for (size_t i = 0; i < ns; i++)
        if (receiver(&c->schools[i], O))
            recv[nr++] = (int)i;
    for (size_t r = 0; r < nr; r++)
        for (size_t y = 0; y < ny; y++)
            room[r * ny + y] = capacity_of(&c->schools[recv[r]], q->rules, O);
    int *rix = malloc((ns + 1) * sizeof *rix);
    if (!rix)
        goto done;
    for (size_t i = 0; i < ns; i++)
        rix[i] = -1;
    for (size_t r = 0; r < nr; r++)
        rix[recv[r]] = (int)r;
    for (size_t y = 0; y < ny; y++)
        for (size_t k = 0; k < q->n_flows[y]; k++) {
            const jh_flow *f = &q->flows[y][k];
            if (f->school >= 0 && rix[f->school] >= 0)
                room[(size_t)rix[f->school] * ny + y] -= f->students;
            if (f->level != O)
                continue;
            size_t o = f->village >= 0 ? (size_t)f->village : nv + (size_t)(-1 - f->village);
            dem[o * ny + y] += f->students;
        }
    free(rix);
    /* the origins whose O students some closed two-level school holds in
     * some year, grouped by that school (the first such year's) */
    int *home = malloc((no + 1) * sizeof *home);
    if (!home)
        goto done;
    for (size_t o = 0; o < no; o++)
        home[o] = -1;
    for (size_t y = 0; y < ny; y++)
        for (size_t k = 0; k < q->n_flows[y]; k++) {
            const jh_flow *f = &q->flows[y][k];
            size_t o = f->village >= 0 ? (size_t)f->village : nv + (size_t)(-1 - f->village);
            if (f->level == O && f->school >= 0 && closed[f->school] && two_levels(&c->schools[f->school]) &&
                home[o] < 0)
                home[o] = f->school;
        }
    for (size_t o = 0; o < no; o++)
        if (home[o] >= 0)
            start[home[o] + 1]++, n_at++;
    for (size_t i = 0; i < ns; i++)
        start[i + 1] += start[i];
    org = malloc((n_at + 1) * sizeof *org);
    to = malloc((n_at + 1) * sizeof *to);
    gd = malloc((n_at + 1) * ny * sizeof *gd);
    gc = malloc((n_at + 1) * (nr + 1) * sizeof *gc);
    if (!org || !to || !gd || !gc) {
        free(home);
        goto done;
    }
    {
        size_t *fill = calloc(ns + 1, sizeof *fill);
        if (!fill) {
            free(home);
            goto done;
        }
        for (size_t o = 0; o < no; o++)   /* villages by index, then sites */
            if (home[o] >= 0)
                org[start[home[o]] + fill[home[o]]++] = o < nv ? (int)o : -1 - (int)(o - nv);
        free(fill);
    }
    free(home);
    kept = 0;
    for (size_t i = 0; i < ns; i++) {
        size_t a = start[i], n = start[i + 1] - a;
        if (!closed[i] || !two_levels(&c->schools[i]) || n == 0)
            continue;
        for (size_t k = 0; k < n; k++) {
            int o = org[a + k];
            size_t oi = o >= 0 ? (size_t)o : nv + (size_t)(-1 - o);
            memcpy(gd + k * ny, dem + oi * ny, ny * sizeof *gd);
            for (size_t r = 0; r < nr; r++)
                gc[k * nr + r] = jh_consolidation_cost(c, o, recv[r]);
        }
        long bad = jh_other_assign_group(n, nr, (int)ny, gd, gc, room, to);
        if (bad >= 0) {
            int o = org[a + (size_t)bad];
            closed[i] = false;
            kept++;
            jh_warnings_add(notes,
                            "%s not closed in %d: its %s students from %s %s (%g in %d) find no "
                            "%s school with places for them%s",
                            c->schools[i].id, q->year, jh_level_name(O), o >= 0 ? "village" : "its own site",
                            o >= 0 ? c->villages[o].id : c->schools[i].id,
                            gd[(size_t)bad * ny], q->year, jh_level_name(O),
                            ny > 1 ? " in every year of the horizon" : "");
            continue;
        }
        for (size_t k = 0; k < n; k++) {
            int o = org[a + k];
            if (o >= 0)
                village_to[o] = recv[to[k]];
            else
                site_to[-1 - o] = recv[to[k]];
        }
    }
done:
    free(recv);
    free(room);
    free(dem);
    free(start);
    free(org);
    free(to);
    free(gd);
    free(gc);
    return kept;
}

static jh_intervention *close_entry_of(jh_scenario *plan, int year, const char *id, size_t *at)
{
    for (size_t j = 0; j < plan->n_interventions; j++) {
        jh_intervention *iv = &plan->interventions[j];
        if (iv->kind != JH_IV_CLOSE || iv->year != year)
            continue;
        for (size_t k = 0; k < iv->n_ids; k++)
            if (strcmp(iv->ids[k], id) == 0) {
                *at = k;
                return iv;
            }
    }
    return NULL;
}

int jh_other_level_write(const jh_other_request *q, const int *village_to, const int *site_to,
                         jh_scenario *plan, long line)
{
    const jh_county *c = q->c;
    jh_level O = q->level == JH_PRIMARY ? JH_JUNIOR : JH_PRIMARY;
    size_t ns = c->n_schools, nv = c->n_villages;
    /* own-site students: the close entry names their receiver */
    for (size_t i = 0; i < ns; i++) {
        if (site_to[i] < 0)
            continue;
        size_t k;
        jh_intervention *iv = close_entry_of(plan, q->year, c->schools[i].id, &k);
        if (!iv)
            continue;   /* not closed after all: its students stay */
        if (iv->n_ids > 1) {
            /* out of a shared entry, into one of its own */
            char *id = iv->ids[k], *target = iv->target ? strdup(iv->target) : NULL;
            if (iv->target && !target)
                return -1;
            memmove(iv->ids + k, iv->ids + k + 1, (iv->n_ids - k - 1) * sizeof *iv->ids);
            iv->n_ids--;
            long ln = iv->line;
            jh_intervention *nw = jh_scenario_add_intervention(plan);   /* may move iv */
            if (!nw || !(nw->ids = calloc(1, sizeof *nw->ids))) {
                free(id);
                free(target);
                return -1;
            }
            nw->ids[0] = id;
            nw->n_ids = 1;
            nw->year = q->year;
            nw->kind = JH_IV_CLOSE;
            nw->line = ln;
            nw->target = target;
            iv = nw;
        }
        if (!(iv->level_to[O] = strdup(c->schools[site_to[i]].id)))
            return -1;
    }
    /* villages: a catchment entry of the other level per receiver, its
     * villages by index (counted per receiver in one pass) */
    size_t *cnt = calloc(ns + 1, sizeof *cnt);
    if (!cnt)
        return -1;
    for (size_t v = 0; v < nv; v++)
        if (village_to[v] >= 0)
            cnt[village_to[v]]++;
    size_t *at = calloc(ns + 1, sizeof *at);   /* entry index per receiver */
    int rc = at ? 0 : -1;
    for (size_t r = 0; rc == 0 && r < ns; r++) {
        if (cnt[r] == 0)
            continue;
        jh_intervention *iv = jh_scenario_add_intervention(plan);
        if (!iv || !(iv->ids = calloc(cnt[r], sizeof *iv->ids)) || !(iv->target = strdup(c->schools[r].id))) {
            rc = -1;
            break;
        }
        iv->year = q->year;
        iv->kind = JH_IV_CATCHMENT;
        iv->level = O;
        iv->line = line;
        at[r] = plan->n_interventions - 1;
    }
    for (size_t v = 0; rc == 0 && v < nv; v++) {
        if (village_to[v] < 0)
            continue;
        jh_intervention *iv = &plan->interventions[at[village_to[v]]];
        if (!(iv->ids[iv->n_ids++] = strdup(c->villages[v].id)))
            rc = -1;
    }
    free(cnt);
    free(at);
    return rc;
}
