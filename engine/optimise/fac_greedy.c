/*
 * fac_greedy: two classic starts. Greedy add opens, from the fixed
 * facilities, the one that saves most until p are open (the gains are the
 * Resende-Werneck gain table, kept up to date by each opening); greedy drop
 * closes, from every allowed facility, the one whose closing costs least.
 * Both ignore capacities: the capacitated swap search repairs that.
 */
#include <string.h>

#include "fac_internal.h"

static bool always(const fac_search *s)
{
    (void)s;
    return true;
}

static void greedy_add(fac_search *s)
{
    const fac_inst *in = s->in;
    for (size_t f = 0; f < in->nf; f++)
        s->tmp_open[f] = in->fixed[f];
    fac_rw_set(&s->rw, s->tmp_open);
    while (s->rw.n_open < s->p) {
        int bi = -1;
        for (size_t f = 0; f < in->nf; f++)
            if (!s->rw.open[f] && in->allowed[f]
                && (bi < 0 || s->rw.gain[f] > s->rw.gain[bi]))
                bi = (int)f;
        if (bi < 0)
            break;
        fac_rw_swap(&s->rw, bi, -1);
    }
    fac_search_eval(s);
    fac_search_offer(s);
}

/* Dropping from everything costs one step per closed facility: only when
 * that is not far more than p. */
static bool drop_applies(const fac_search *s)
{
    return s->in->n_allowed - s->p <= 4 * s->p + 200;
}

static void greedy_drop(fac_search *s)
{
    const fac_inst *in = s->in;
    for (size_t f = 0; f < in->nf; f++)
        s->tmp_open[f] = in->allowed[f];
    fac_rw_set(&s->rw, s->tmp_open);
    while (s->rw.n_open > s->p) {
        int br = -1;
        for (size_t f = 0; f < in->nf; f++)
            if (s->rw.open[f] && !in->fixed[f]
                && (br < 0 || s->rw.loss[f] < s->rw.loss[br]))
                br = (int)f;
        if (br < 0)
            break;
        fac_rw_swap(&s->rw, -1, br);
    }
    fac_search_eval(s);
    fac_search_offer(s);
}

const fac_heuristic fac_heur_greedy_add = {"greedy-add", FAC_START, always, greedy_add};
const fac_heuristic fac_heur_greedy_drop = {"greedy-drop", FAC_START, drop_applies, greedy_drop};
