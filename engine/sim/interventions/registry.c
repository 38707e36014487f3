/*
 * registry.c: the one table of intervention kinds (see interventions.h).
 * Adding a kind: its value in jh_intervention_kind and its name in
 * jh_intervention_kind_name (scenario.h, scenario.c: the data model), its
 * file iv_<kind>.c defining `const jh_iv_kind jh_iv_<kind>`, and its line
 * below. Nothing else switches on the kind.
 */
#include "sim/interventions/interventions.h"

#include <stddef.h>

extern const jh_iv_kind jh_iv_close, jh_iv_merge, jh_iv_convert, jh_iv_expand, jh_iv_build,
    jh_iv_keep_teaching_point, jh_iv_add_beds, jh_iv_catchment, jh_iv_hire;

const jh_iv_kind *const jh_iv_kinds[] = {
    &jh_iv_close,
    &jh_iv_merge,
    &jh_iv_convert,
    &jh_iv_expand,
    &jh_iv_build,
    &jh_iv_keep_teaching_point,
    &jh_iv_add_beds,
    &jh_iv_catchment,
    &jh_iv_hire,
    NULL,
};

const jh_iv_kind *jh_iv_kind_of(jh_intervention_kind kind)
{
    for (size_t i = 0; jh_iv_kinds[i]; i++)
        if (jh_iv_kinds[i]->kind == kind)
            return jh_iv_kinds[i];
    return NULL;
}

int jh_iv_find_school(const jh_apply *a, const jh_intervention *iv, const char *id)
{
    int i = jh_county_find_school(a->county, id);
    if (i < 0)
        jh_error_set(a->err, JH_ERR_INPUT, "%s: line %ld: %s: unknown school '%s'", a->path,
                     iv->line, jh_intervention_kind_name(iv->kind), id);
    return i;
}
