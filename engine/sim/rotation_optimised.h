/*
 * rotation_optimised: the optimised teacher rotation (method: optimise),
 * handed to the workforce with jh_workforce_set_optimiser. See the .c file.
 */
#ifndef JH_ROTATION_OPTIMISED_H
#define JH_ROTATION_OPTIMISED_H

#include "workforce.h"

jh_status jh_rotation_optimised(jh_workforce *w, struct jh_wf_year *y, long want, long want_bb,
                                jh_teacher_year *out, jh_error *err);

#endif
