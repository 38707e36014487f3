/*
 * year_flows: see year_flows.h.
 */
#include "sim/year_flows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cells_sort.h"

bool jh_year_flows(jh_cell **cells, size_t *cap, size_t *n, size_t ordered, jh_scratch *buf,
                   jh_travel *t, int *count, size_t n_schools, jh_flow **flows,
                   size_t *n_flows, size_t *cap_flows)
{
    *n = jh_cells_compact_swap(cells, cap, *n, ordered, buf);
    if (*cap_flows < *n + 1) {
        size_t want = *n + *n / 8 + 1;
        free(*flows); /* last year's: not read, so not copied */
        *cap_flows = 0;
        if (!(*flows = malloc(want * sizeof **flows)))
            return false;
        *cap_flows = want;
    }
    memset(count, 0, n_schools * JH_NGRADES * sizeof *count);
    const jh_cell *v = *cells;
    jh_flow *f = *flows;
    size_t m = 0;
    for (size_t k = 0; k < *n; k++) {
        const jh_cell *cl = &v[k];
        jh_level l = jh_grade_level(cl->grade);
        if (cl->school >= 0)
            count[(size_t)cl->school * JH_NGRADES + (size_t)cl->grade] += cl->count;
        if (m > 0 && f[m - 1].village == cl->origin && f[m - 1].school == cl->school &&
            f[m - 1].level == l) {
            f[m - 1].students += cl->count;
            continue;
        }
        double cost = cl->school >= 0 ? jh_travel_cost_kept(t, cl->origin, cl->school, l) : NAN;
        f[m++] = (jh_flow){cl->origin, cl->school, l, cl->count, cost};
    }
    *n_flows = m;
    return true;
}
