/*
 * consolidation_ph_other.c: the constrained consolidation's closures of
 * two-level schools and their other level's students (consolidation_ph.h,
 * consolidation_other.h).
 */
#include "optimise/consolidation_other.h"
#include "optimise/consolidation_ph.h"

#include <stdlib.h>

static jh_other_request request(const jh_ph *p, const jh_run_result *base)
{
    return (jh_other_request){
        .c = p->c, .rules = &p->sc->rules, .level = p->L, .year = p->sc->consolidation.year,
        .ny = base ? p->ny : 0, .flows = base ? (const jh_flow *const *)base->year_flows + p->y0 : NULL,
        .n_flows = base ? base->n_year_flows + p->y0 : NULL,
    };
}

jh_status jh_ph_other_level(const jh_ph *p, bool *flip, const jh_run_result *base,
                            jh_consolidation_result *res, int **vto, int **sto, bool *changed,
                            jh_error *err)
{
    bool *closed = calloc(p->ns + 1, sizeof *closed);
    *vto = malloc((p->c->n_villages + 1) * sizeof **vto);
    *sto = malloc((p->ns + 1) * sizeof **sto);
    *changed = false;
    long kept = -1;
    if (closed && *vto && *sto) {
        for (size_t i = 0; i < p->ns; i++)
            closed[i] = jh_ph_closed(p, flip, i);
        jh_other_request q = request(p, base);
        kept = jh_other_level_place(&q, closed, *vto, *sto, &res->notes);
    }
    for (size_t i = 0; kept > 0 && i < p->ns; i++)
        if (jh_ph_closed(p, flip, i) && !closed[i])
            flip[i] = false;
    for (size_t v = 0; kept >= 0 && v < p->c->n_villages && !*changed; v++)
        *changed = (*vto)[v] >= 0;
    for (size_t i = 0; kept >= 0 && i < p->ns && !*changed; i++)
        *changed = (*sto)[i] >= 0;
    *changed |= kept > 0;
    free(closed);
    return kept < 0 ? jh_error_set(err, JH_ERR_RUN, "out of memory (consolidation)") : JH_OK;
}

int jh_ph_other_write(const jh_ph *p, const int *vto, const int *sto, jh_scenario *plan)
{
    jh_other_request q = request(p, NULL);
    return jh_other_level_write(&q, vto, sto, plan, p->sc->consolidation.line);
}
