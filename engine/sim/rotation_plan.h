/*
 * rotation_plan: the rotation look-ahead behind jh_simulate. More rotation
 * must do at least as well as the national minimum (issue 10), and the
 * rule is greedy year by year, so a larger share is not guaranteed to: it
 * changes which teachers are away, home or eligible in later years. So a
 * scenario whose share q is above the rules' rotation_share_min r runs
 *   1. at r (same scenario otherwise), recording its moves (the reference);
 *   2. at q as asked (the greedy plan), adopted when it is at least as good
 *      as the reference on every watched figure (jh_rotation_plan_compare);
 *   3. otherwise once more: the reference's moves replayed, plus
 *      like-for-like exchanges up to q (models/workforce_replay.h), which
 *      leave every school's teacher figures in every year exactly as in the
 *      reference; that plan is adopted, and any share it cannot reach is
 *      reported with its reason.
 * The verdict is a sentence in the result (rotation_plan) and each year's
 * teachers say which plan and how many movers of each kind.
 */
#ifndef JH_ROTATION_PLAN_H
#define JH_ROTATION_PLAN_H

#include <stddef.h>

#include "sim/simulation.h"

typedef enum {
    JH_PLAN_AUTO = 0,    /* as above */
    JH_PLAN_GREEDY,      /* adopt the greedy plan whatever it does (tests) */
    JH_PLAN_PADDED       /* adopt the reference + filler (tests) */
} jh_plan_choice;

/* jh_simulate with the choice of plan; *ref, when not NULL, receives the
 * reference run (owning its county; free with jh_run_result_free), or is
 * zeroed when none was made. */
jh_status jh_simulate_rotation(jh_run_result *out, const jh_scenario *scenario, jh_county *county,
                               jh_plan_choice choice, jh_run_result *ref, jh_error *err);

/* Whether run g is at least as good as run r on the watched figures, per
 * level: rural schools' mean backbone and above-degree teachers per 100
 * pupils in every year (also both levels together as tools/check_rotation.sh
 * reads schools.csv), the final year's CVs of the three teacher indicators
 * and compliant schools, school-years with pupils and no teacher, and the
 * share rules in every year r meets them. When not, why[] gets the first
 * figure that fails, e.g. "lowered rural backbone per 100 (primary) in 2032
 * (1.204 vs 1.251)". */
bool jh_rotation_plan_compare(const jh_run_result *g, const jh_run_result *r, char *why,
                              size_t cap);

#endif
