/*
 * village_split: villages whose students of a level a plan splits between
 * two schools (a catchment entry's `split`, written by the consolidation
 * optimiser only when no whole-village plan was found): the part's
 * school and its share of the village's students, and the move of that
 * part of the students enrolled now (village_split.c).
 */
#ifndef JH_VILLAGE_SPLIT_H
#define JH_VILLAGE_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"
#include "sim/simulation.h"

typedef struct jh_village_split jh_village_split;

jh_village_split *jh_village_split_new(size_t n_villages);
void jh_village_split_free(jh_village_split *p);
/* The school taking the village's j-th part of its students of the
 * level (j = 0, 1, ...; -1 when there are no more) and its share of them. */
int jh_village_split_school(const jh_village_split *p, jh_level level, int village, int j, double *share);
/* Whether a cell of the village at `school` is the split part (it stays
 * when the village's students follow their main school). */
bool jh_village_split_at(const jh_village_split *p, jh_level level, int village, int school);
/* A school closed: the parts it took go with the village again. A
 * village may have parts at several schools (one each). */
void jh_village_split_closed(jh_village_split *p, int school);
/* `students` of the village's enrolled students of the level (cells[0..n),
 * placed, not at `to` already) move to `to`, the same share of each
 * grade (largest remainders), and the village's later students of the
 * level are split in that share (students / those enrolled, at most 1).
 * Cells split in two: the part is added by push. *enrolled: the
 * village's students of the level enrolled elsewhere than `to` before the
 * move. 0, or -1 out of memory. */
int jh_village_split_move(jh_village_split *p, jh_cell *cells, size_t n, jh_level level,
                          int village, int to, double students, long *enrolled,
                          int (*push)(void *ctx, int origin, int school, int grade, int count),
                          void *ctx);

#endif
