/*
 * workforce_rotation_scan: what the rule's scan in source order picks for
 * a destination (passes 0 and 1): the plain scan over a list of sources,
 * which the search (workforce_rotation_search.c) runs over the sources it
 * met, or over all of them when the index is off or broken; and the
 * cluster T that tells which of the best gain's candidates can decide it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workforce_rotation_internal.h"

#define GAP ROT_GAP

/* Why best_for may leave most candidates unjudged: for a destination, the
 * move's score and its CV guard depend on the source only through dq_out,
 * the change each leaving holder makes to its level's sum of c^2/P, and
 * they only get worse as it grows (sums, products, quotients and a square
 * root, all monotone in floating point too). So a candidate taking the
 * same `out` from a source of the same level and countedness, with every
 * dq_out at least that of one already judged (`look`), is no better and no
 * less guarded: were it judged, rot_better() would not take it. */
typedef struct look {
    bool set, worse;
    double cv, dq[NQ];
} look;

static bool covers(const look *l, const double dq[NQ], unsigned out)
{
    for (int k = 0; k < NQ; k++)
        if (((out >> k) & 1) && dq[k] < l->dq[k])
            return false;
    return true;
}

/* The scan of rot_better() over sources src[0..n) in that order, for
 * destination d (gain and pt_of: what d gains by each `out`, its partner
 * for each kind, as rot_best_setup gives). */
bool rot_scan(rule_state *r, int d, bool need_bb, const long gain[NOUT], int pt_of[NKINDS],
              const int *src, int n, cand *best)
{
    const jh_workforce *w = r->w;
    const jh_wf_year *y = r->y;
    int gd = y->group[d / 2];
    look looks[NOUT][JH_NLEVELS][2];
    memset(looks, 0, sizeof looks);
    bool found = false;
    for (int i = 0; i < n; i++) {
        int q = src[i];
        if (q / 2 == d / 2 || y->group[q / 2] != gd)
            continue;
        rot_refresh(r, q);
        bool exchange = w->policy.mode == JH_MODE_EXCHANGE || !r->leave[q];
        const double *dq = &r->dq_out[NQ * (size_t)q];
        /* without an exchange only the offers can be rot_better() (refresh) */
        const int *ms = exchange ? &r->reps[NKINDS * (size_t)q] : &r->offers[NOUT * (size_t)q];
        int n_ms = exchange ? r->n_reps[q] : r->n_offers[q];
        for (int e = 0; e < n_ms; e++) {
            int m = ms[e];
            unsigned mk = r->kind[m];
            if (need_bb && !(mk & (1u << JH_WF_BACKBONE)))
                continue;
            int pt = -1;
            if (exchange) {
                if (pt_of[mk] == -2)
                    pt_of[mk] = rot_partner(r, d, m);
                if ((pt = pt_of[mk]) < 0)
                    continue;
            }
            unsigned out = mk & ~(pt >= 0 ? r->kind[pt] : 0u) & (NOUT - 1);
            /* the guards, cheapest first; a smaller gain could not be rot_better() */
            if (!out || (r->pass == 0 && gain[out] <= 0) || (found && gain[out] < best->gain) ||
                !rot_keeps(r, q, out))
                continue;
            look *lk = &looks[out][q % 2][r->counted[q]];
            if (lk->set && covers(lk, dq, out))
                continue;
            cand cd;
            bool worse;
            if (rot_judge(r, q, d, m, pt, out, gain[out], &cd, &worse) && (!found || rot_better(&cd, best))) {
                *best = cd;
                found = true;
            }
            if (!lk->set || (!worse && (lk->worse || cd.cv > lk->cv))) {
                lk->set = true;
                lk->worse = worse;
                lk->cv = cd.cv;
                memcpy(lk->dq, dq, sizeof lk->dq);
            }
        }
    }
    return found;
}

void rot_best_setup(rule_state *r, int d, long gain[NOUT], int pt_of[NKINDS])
{
    /* what d gains depends only on what arrives */
    memset(gain, 0, NOUT * sizeof *gain);
    rot_refresh(r, d);
    if (r->counted[d] && r->dist[d] < FAR)
        for (unsigned out = 1; out < NOUT; out++) {
            double n[NQ];
            for (int k = 0; k < NQ; k++)
                n[k] = (out >> k) & 1 ? 1.0 : 0.0;
            gain[out] = r->dist[d] - rot_distance_now(r, d, 1, n);
        }
    /* d's partner for a mover depends only on the mover's kind */
    for (int a = 0; a < NKINDS; a++)
        pt_of[a] = -2;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* T: the lowest of the top scores of gain G linked by steps of at most
 * GAP (the scores of smaller gains can no longer matter: G only grows),
 * over the candidates' scores vals and gains vgain (*n_vals
 * of them, at least one of gain G): those of gain G kept, in front. */
double rot_top_cluster(double *vals, long *vgain, size_t *n_vals, long G)
{
    size_t n = 0;
    for (size_t i = 0; i < *n_vals; i++)
        if (vgain[i] == G) {
            vals[n] = vals[i];
            vgain[n++] = G;
        }
    *n_vals = n;
    /* the scores near the top first (a cluster reaching further down
     * links over 250 steps: then all of them), sorted */
    double top = vals[0];
    for (size_t i = 1; i < n; i++)
        if (vals[i] > top)
            top = vals[i];
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i] >= top - 1e-9) {
            double t = vals[m];
            vals[m++] = vals[i];
            vals[i] = t;
        }
    /* the walk down the sorted scores without the sort, while it is short:
     * each step to the largest score below T, the walk's next distinct
     * score (equal scores are steps of 0), the same difference tested.
     * Why: the runs of equal candidates made the near-top scores many and
     * their sort, at every candidate met, the search's largest part. */
    if (!isnan(top)) {
        double T = top;
        for (int step = 0; step < 16; step++) {
            double next = -INFINITY;
            bool below = false;
            for (size_t i = 0; i < m; i++)
                if (vals[i] < T && (!below || vals[i] > next)) {
                    next = vals[i];
                    below = true;
                }
            if (!below) {
                if (m == n)
                    return T;
                m = n; /* on over all the scores (those left lie lower) */
                step--;
                continue;
            }
            if (!(T - next <= GAP))
                return T;
            T = next;
        }
    }
    for (;;) {
        qsort(vals, m, sizeof *vals, cmp_desc);
        size_t i = 1;
        double T = vals[0];
        for (; i < m && vals[i - 1] - vals[i] <= GAP; i++)
            T = vals[i];
        if (i < m || m == n)
            return T;
        m = n;
    }
}
