/*
 * trip_costs: see trip_costs.h.
 */
#include "sim/trip_costs.h"

#include <stdlib.h>

double jh_trip_costs_get(jh_trip_costs *tc, const jh_travel *t, int origin, int school)
{
    while (tc->at < tc->n && (tc->v[tc->at].origin < origin ||
                              (tc->v[tc->at].origin == origin && tc->v[tc->at].school < school)))
        tc->at++;
    if (tc->at < tc->n && tc->v[tc->at].origin == origin && tc->v[tc->at].school == school)
        return tc->v[tc->at].cost;
    return jh_travel_cost(t, origin, school);
}

bool jh_trip_costs_keep(jh_trip_costs *tc, const jh_flow *f, size_t n)
{
    tc->at = 0;
    tc->n = 0;
    if (tc->cap < n) {
        free(tc->v);
        tc->cap = 0;
        if (!(tc->v = malloc((n + n / 8 + 1) * sizeof *tc->v)))
            return false;
        tc->cap = n + n / 8 + 1;
    }
    for (size_t k = 0; k < n; k++) {
        if (f[k].school < 0)
            continue;
        jh_trip_cost *last = tc->n > 0 ? &tc->v[tc->n - 1] : NULL;
        if (last && last->origin == f[k].village && last->school == f[k].school)
            continue; /* the trip's other level */
        tc->v[tc->n++] = (jh_trip_cost){f[k].village, f[k].school, f[k].cost};
    }
    return true;
}

void jh_trip_costs_free(jh_trip_costs *tc)
{
    free(tc->v);
    *tc = (jh_trip_costs){0};
}
