/*
 * fac_regq: the queue of fac_cap.c's regret construction (fac_regq.c).
 */
#ifndef JH_FAC_REGQ_H
#define JH_FAC_REGQ_H

#include <stddef.h>

typedef struct fac_regq fac_regq;

/* A queue for up to nc clients and nf facilities, or NULL when out of memory. */
fac_regq *fac_regq_new(size_t nc, size_t nf);
void fac_regq_free(fac_regq *q);
/* Empties the queue. Its order, read at every comparison: the greater
 * rg first, then the greater w, then the smaller place (a total order
 * when places differ: the first greatest a scan in the order of place
 * would find). */
void fac_regq_begin(fac_regq *q, const double *rg, const double *w, const int *place);
/* Client c queued (again) after its key changed, listed at facilities
 * bf and sf (sf -1: none) and nowhere else. */
void fac_regq_set(fac_regq *q, int c, int bf, int sf);
/* Client c out of the queue and its facilities' lists (if in them). */
void fac_regq_drop(fac_regq *q, int c);
/* The first client of the queue, or -1 when it is empty. */
int fac_regq_top(const fac_regq *q);
/* The entries of facility f's list: the first (-1: none), the one after
 * entry u, and entry u's client. A walk that keeps the next entry
 * before it sets or drops u's client may do so, provided the client is
 * not listed at f again. */
int fac_regq_first(const fac_regq *q, int f);
int fac_regq_next(const fac_regq *q, int u);
static inline int fac_regq_client(int u)
{
    return u / 2;
}

#endif
