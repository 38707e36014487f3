/*
 * od_order: one village's travel-cost pairs (od.csv, read by tables.c) in
 * the order the county's od table keeps them: by cost, then by school.
 */
#ifndef JH_OD_ORDER_H
#define JH_OD_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* A village's pair as read: the cost, the school's index and the row's
 * line (for messages). */
typedef struct jh_od_pair {
    double cost;
    int school;
    long line;
} jh_od_pair;

/* a[0..n) by cost, then school (a village's schools are unique, so this is
 * the one order any sort gives). Rows in school order, as most tables are
 * written, go by a stable radix sort on the costs' bits; others by a
 * quicksort. tmp holds n pairs. Costs are finite and not negative (-0 goes
 * with 0). */
void jh_od_pairs_sort(jh_od_pair *a, size_t n, jh_od_pair *tmp);

#endif
