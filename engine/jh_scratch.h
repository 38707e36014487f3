/*
 * jh_scratch: a working buffer kept from one call to the next, so that a
 * loop run year after year (the simulation's) reuses the pages it touched
 * instead of asking the system for fresh zeroed ones every year.
 * Plain malloc, no transparent-huge-page request: on a VM that hands freed
 * memory back to its host, zeroing fresh huge pages cost more system time
 * than the 4 KiB faults they save (20,000 schools: 0.4 s less CPU without).
 */
#ifndef JH_SCRATCH_H
#define JH_SCRATCH_H

#include <stddef.h>

typedef struct jh_scratch {
    void *p;
    size_t bytes; /* what p holds */
} jh_scratch;

/* At least `bytes` (contents undefined: whatever the last use left), grown
 * by a quarter more than asked when it must grow; NULL when memory is
 * short (the buffer kept as it was). */
void *jh_scratch_get(jh_scratch *s, size_t bytes);

/* Frees the buffer; s is empty again. */
void jh_scratch_free(jh_scratch *s);

#endif
