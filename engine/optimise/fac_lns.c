/*
 * fac_lns: a large-neighbourhood search for the capacitated problem,
 * solved exactly. From a layout and its assignment, one region at a time:
 * an open facility r and the k - 1 open facilities nearest its clients
 * are freed, the sites their clients reach first (each client's `near`
 * cheapest pairs) become candidates, every other open facility stays
 * fixed open and the rest closed (a freed facility serving no client:
 * every site a candidate); that restricted problem (p open among a few
 * dozen sites on the pmedcap1-like instances) goes to the branch-and-bound of fac_bnb.c with the
 * current cost as incumbent and a work budget. A better layout found
 * there (its assignment exact, not a heuristic's) replaces the current
 * one and the scan starts again. The swap search prices layouts with a
 * heuristic assignment and moves one site at a time; this moves several
 * at once and prices them exactly (pmedcapg_14: from its pool's layouts
 * priced 1041 and 1047 it reaches the optimum 1033, which the heuristic
 * assignment prices 1042). Work counts only: the regions solved and a
 * branch-and-bound budget each.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_internal.h"

/* The raw-cost "distance" from facility r's region to facility g: the
 * least (unweighted) cost of one of r's clients cl at g; INFINITY when
 * none of them reaches g. */
static double region_dist(const fac_inst *in, const int *cl, int ncl, int g)
{
    double d = INFINITY;
    for (int t = 0; t < ncl; t++) {
        size_t c = (size_t)cl[t];
        double e = fac_cost(in, c, g);
        if (e >= 0 && e / in->w[c] < d)
            d = e / in->w[c];
    }
    return d;
}

/* A region's key into key (M->key_len bytes): per facility open + 2 x
 * candidate + 4 x fixed, then the assignment and its cost; returns its
 * hash (FNV-1a). */
static unsigned long region_key(const fac_lns_memo *M, size_t nf, size_t nc, const bool *open,
                                const bool *allowed, const bool *fixed, const fac_cap *a,
                                unsigned char *key)
{
    for (size_t g = 0; g < nf; g++)
        key[g] = (unsigned char)(open[g] + 2 * allowed[g] + 4 * fixed[g]);
    memcpy(key + nf, a->f, nc * sizeof *a->f);
    memcpy(key + nf + nc * sizeof *a->f, &a->cost, sizeof a->cost);
    unsigned long h = 1469598103934665603UL;
    for (size_t i = 0; i < M->key_len; i++)
        h = (h ^ key[i]) * 1099511628211UL;
    return h;
}

/* The answer of a region solved before, or NULL. */
static const unsigned char *region_known(const fac_lns_memo *M, const unsigned char *key,
                                         unsigned long h)
{
    for (int i = 0; i < M->nr; i++)
        if (M->rhash[i] == h && memcmp(M->rkey + (size_t)i * M->key_len, key, M->key_len) == 0)
            return M->rval + (size_t)i * M->val_len;
    return NULL;
}

/* Keeps a region's answer (when room can be made): better found, the
 * layout, the assignment. */
static void region_keep(fac_lns_memo *M, const unsigned char *key, unsigned long h,
                        bool better, const bool *open, const int *f, size_t nf, size_t nc)
{
    if (M->nr == M->rroom) {
        int room = M->rroom ? 2 * M->rroom : 64;
        unsigned char *k = realloc(M->rkey, (size_t)room * M->key_len);
        if (!k)
            return;
        M->rkey = k;
        unsigned char *v = realloc(M->rval, (size_t)room * M->val_len);
        if (!v)
            return;
        M->rval = v;
        unsigned long *hh = realloc(M->rhash, (size_t)room * sizeof *hh);
        if (!hh)
            return;
        M->rhash = hh;
        M->rroom = room;
    }
    memcpy(M->rkey + (size_t)M->nr * M->key_len, key, M->key_len);
    unsigned char *v = M->rval + (size_t)M->nr * M->val_len;
    v[0] = better;
    for (size_t g = 0; g < nf; g++)
        v[1 + g] = open[g];
    memcpy(v + 1 + nf, f, nc * sizeof *f);
    M->rhash[M->nr++] = h;
}

static bool seen(const fac_lns_memo *M, const bool *open)
{
    for (int i = 0; i < M->n; i++)
        if (memcmp(M->open + (size_t)i * M->nf, open, M->nf * sizeof *open) == 0)
            return true;
    return false;
}

static void remember(fac_lns_memo *M, const bool *open)
{
    if (M->n == M->k || seen(M, open))
        return;
    memcpy(M->open + (size_t)M->n * M->nf, open, M->nf * sizeof *open);
    M->n++;
}

fac_lns_memo *fac_lns_memo_new(size_t nf, int k)
{
    fac_lns_memo *M = calloc(1, sizeof *M);
    if (!M)
        return NULL;
    M->nf = nf;
    M->k = k;
    M->open = malloc((size_t)k * (nf ? nf : 1) * sizeof *M->open);
    if (!M->open) {
        free(M);
        return NULL;
    }
    return M;
}

void fac_lns_memo_free(fac_lns_memo *M)
{
    if (!M)
        return;
    free(M->rkey);
    free(M->rval);
    free(M->rhash);
    free(M->open);
    free(M);
}

int fac_lns(const fac_inst *in, int p, bool *open, fac_cap *a, fac_cap_work *w,
            int k, int near, long work_each, int max_regions, fac_lns_memo *memo)
{
    size_t nf = in->nf, nc = in->nc;
    if (!in->cap || p < 1 || k < 1 || nc == 0)
        return 0;
    bool *allowed = malloc(nf * sizeof *allowed), *fixed = malloc(nf * sizeof *fixed);
    bool *trial = malloc(nf * sizeof *trial), *freed = malloc(nf * sizeof *freed);
    int *cl = malloc(nc * sizeof *cl);
    unsigned char *key = NULL;        /* a region's key (with a memo) */
    fac_cap t;
    memset(&t, 0, sizeof t);
    int regions = 0;
    if (!allowed || !fixed || !trial || !freed || !cl || fac_cap_init(&t, in, NULL) != JH_OK)
        goto done;
    if (memo) {
        size_t len = nf + nc * sizeof *a->f + sizeof a->cost;
        if (memo->key_len != len) {   /* first use (one instance a memo) */
            memo->key_len = len;
            memo->val_len = 1 + nf + nc * sizeof *a->f;
            memo->nr = 0;
        }
        key = malloc(len);            /* without it, every region is solved */
    }
    bool again = !(memo && seen(memo, open));
    while (again && regions < max_regions) {
        again = false;
        for (size_t r = 0; r < nf && regions < max_regions && !again; r++) {
            if (!open[r] || in->fixed[r])
                continue;
            /* r's clients, then the k - 1 open facilities nearest them */
            int ncl = 0;
            for (size_t c = 0; c < nc; c++)
                if (a->f[c] == (int)r)
                    cl[ncl++] = (int)c;
            memset(freed, 0, nf * sizeof *freed);
            freed[r] = true;
            for (int m = 1; m < k; m++) {
                int best = -1;
                double bd = INFINITY;
                for (size_t g = 0; g < nf; g++) {
                    if (!open[g] || freed[g] || in->fixed[g])
                        continue;
                    double d = region_dist(in, cl, ncl, (int)g);
                    if (d < bd) {
                        bd = d;
                        best = (int)g;
                    }
                }
                if (best < 0)
                    break;
                freed[best] = true;
            }
            /* candidates: the `near` cheapest sites of every client of a
             * freed facility; the other open ones fixed */
            memset(allowed, 0, nf * sizeof *allowed);
            memset(fixed, 0, nf * sizeof *fixed);
            int n_fixed = 0;
            for (size_t g = 0; g < nf; g++)
                if (open[g]) {
                    allowed[g] = true;
                    if (!freed[g]) {
                        fixed[g] = true;
                        n_fixed++;
                    }
                }
            /* a freed facility serving no client: every site may replace it */
            if (ncl == 0)
                for (size_t g = 0; g < nf; g++)
                    allowed[g] = in->allowed[g];
            for (size_t c = 0; c < nc; c++) {
                if (a->f[c] < 0 || !freed[a->f[c]])
                    continue;
                size_t e = in->start[c] + (size_t)near;
                if (e > in->start[c + 1])
                    e = in->start[c + 1];
                for (size_t q = in->start[c]; q < e; q++)
                    if (in->allowed[in->fac[q]])
                        allowed[in->fac[q]] = true;
            }
            int n_allowed = 0;
            for (size_t g = 0; g < nf; g++)
                n_allowed += allowed[g];
            if (n_allowed <= p)
                continue;               /* nothing to choose */
            unsigned long h = 0;
            const unsigned char *known = NULL;
            if (key) {
                h = region_key(memo, nf, nc, open, allowed, fixed, a, key);
                known = region_known(memo, key, h);
            }
            bool better;
            if (known) {
                /* solved before: the same answer */
                better = known[0];
                if (better) {
                    for (size_t g = 0; g < nf; g++)
                        trial[g] = known[1 + g];
                    memcpy(t.f, known + 1 + nf, nc * sizeof *t.f);
                }
            } else {
                fac_inst one = *in;
                one.allowed = allowed;
                one.fixed = fixed;
                one.n_allowed = n_allowed;
                one.n_fixed = n_fixed;
                memcpy(trial, open, nf * sizeof *trial);
                fac_cap_copy(&t, a, in);
                double ub = a->cost;
                long nodes = 0;
                fac_certify(&one, p, true, trial, &ub, &t, w, work_each, INFINITY, &nodes, NULL);
                better = ub < a->cost - fac_eps(a->cost);
                if (key)
                    region_keep(memo, key, h, better, trial, t.f, nf, nc);
            }
            regions++;
            if (better) {
                memcpy(open, trial, nf * sizeof *open);
                fac_cap_recount(in, open, &t);
                fac_cap_copy(a, &t, in);
                /* a layout an earlier scan ended at: no region improves it */
                again = !(memo && seen(memo, open));
            }
        }
    }
    if (memo && regions < max_regions)
        remember(memo, open);      /* a full scan found no better region */
done:
    fac_cap_free(&t);
    free(allowed);
    free(fixed);
    free(trial);
    free(freed);
    free(cl);
    free(key);
    return regions;
}
