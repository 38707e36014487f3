/*
 * fac_capchain: ejection chains that remove overload from a capacitated
 * single-source assignment, over every pair each client lists, and the
 * capacity-aware drop start built on them (fac_capchain.c, fac_capdrop.c).
 */
#ifndef JH_FAC_CAPCHAIN_H
#define JH_FAC_CAPCHAIN_H

#include "fac_internal.h"

typedef struct fac_chain fac_chain;

fac_chain *fac_chain_new(const fac_inst *in);
void fac_chain_free(fac_chain *K);
/* Takes the clients of each facility from a (before any move). */
void fac_chain_load(fac_chain *K, const fac_cap *a);
/* Moves client c to facility h (-1: unassigned), updating a->f and
 * a->load (not a's totals). */
void fac_chain_move(fac_chain *K, fac_cap *a, int c, int h);
/* Chains from f until it holds no more than its capacity (each lowers
 * the total overload; one may leave some at a facility on its way, which
 * a later call relieves); false when no such chain is found (each search settles at most max_pops facilities) or
 * the work (pairs looked at, counted since fac_chain_new) passes
 * work_cap. */
bool fac_chain_relieve(fac_chain *K, const bool *open, fac_cap *a, int f,
                       int max_pops, long work_cap);
long fac_chain_work(const fac_chain *K);
/* The assignment's total overload, kept by every move. */
double fac_chain_over(const fac_chain *K);
/* The moves from begin are recorded; undo takes them back (false when the
 * journal ran out of memory and could not). */
void fac_chain_journal_begin(fac_chain *K);
bool fac_chain_journal_undo(fac_chain *K, fac_cap *a);
void fac_chain_journal_end(fac_chain *K);

/* Every overloaded open facility relieved by chains within work_cap;
 * recomputes a's totals; true when no overload is left. */
bool fac_cap_chains(const fac_inst *in, const bool *open, fac_cap *a, long work_cap);

#endif
