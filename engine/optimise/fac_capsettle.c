/*
 * fac_capsettle: the assignments a whole round of fac_cap.c's passes
 * (shift, swap, ejection) left as they were (settled), by open set, each
 * client's facility and the loads. The passes are a function of those
 * (and of the instance, shared by the work area's callers), so a round
 * that starts from one of them moves no client either and need not run:
 * a polish kick repaired back to a known local optimum skips the round
 * that would confirm it. A direct-mapped table: each slot the state's
 * hash (0: empty) and its full copy, compared before it is believed.
 */
#include <stdlib.h>
#include <string.h>

#include "fac_capsettle.h"

/* At most this many slots, and this many bytes in all. */
#define FAC_SETTLED_SLOTS 4096
#define FAC_SETTLED_BYTES (16u << 20)
/* The open set's bits are kept for up to 64 x 64 facilities. */
#define FAC_SETTLED_WORDS 64

struct fac_settled {
    size_t n, words;          /* slots (a power of two), words of the open set */
    uint64_t *hash;           /* n: the state's hash, 0 = empty */
    uint64_t *open;           /* n x words */
    int *f;                   /* n x nc */
    double *load;             /* n x nf */
    uint64_t bits[FAC_SETTLED_WORDS];  /* the open set of the last state looked up */
};

fac_settled *fac_settled_new(const fac_inst *in)
{
    if (in->nc == 0 || in->nf == 0)
        return NULL;
    size_t words = (in->nf + 63) / 64;
    if (words > FAC_SETTLED_WORDS)
        return NULL;
    size_t per = in->nc * sizeof(int) + in->nf * sizeof(double) + words * 8 + 8;
    size_t n = FAC_SETTLED_SLOTS;
    while (n > 1 && n * per > FAC_SETTLED_BYTES)
        n /= 2;
    if (n < 64)
        return NULL;
    fac_settled *S = calloc(1, sizeof *S);
    if (!S)
        return NULL;
    S->words = words;
    S->hash = calloc(n, sizeof *S->hash);
    S->open = malloc(n * words * sizeof *S->open);
    S->f = malloc(n * in->nc * sizeof *S->f);
    S->load = malloc(n * in->nf * sizeof *S->load);
    if (!S->hash || !S->open || !S->f || !S->load) {
        fac_settled_free(S);
        return NULL;
    }
    S->n = n;
    return S;
}

void fac_settled_free(fac_settled *S)
{
    if (!S)
        return;
    free(S->hash);
    free(S->open);
    free(S->f);
    free(S->load);
    free(S);
}

/* The state into S->bits (the open set's) and its hash, never 0; its
 * slot is the hash's low bits. */
static uint64_t state_hash(fac_settled *S, const fac_inst *in, const bool *open, const fac_cap *a)
{
    uint64_t *bits = S->bits;
    memset(bits, 0, S->words * sizeof *bits);
    for (size_t f = 0; f < in->nf; f++)
        if (open[f])
            bits[f / 64] |= (uint64_t)1 << (f % 64);
    /* four independent lanes (a long chain of multiplies is slow) */
    uint64_t h[4] = {1469598103934665603u, 0x9e3779b97f4a7c15u, 0xc2b2ae3d27d4eb4fu, 0x165667b19e3779f9u};
    const uint64_t m = 1099511628211u;
    for (size_t k = 0; k < S->words; k++)
        h[k & 3] = (h[k & 3] ^ bits[k]) * m;
    size_t c = 0;
    for (; c + 4 <= in->nc; c += 4)
        for (int j = 0; j < 4; j++)
            h[j] = (h[j] ^ (uint32_t)a->f[c + (size_t)j]) * m;
    for (; c < in->nc; c++)
        h[0] = (h[0] ^ (uint32_t)a->f[c]) * m;
    for (size_t f = 0; f < in->nf; f++) {
        uint64_t x;
        memcpy(&x, &a->load[f], sizeof x);
        h[f & 3] = (h[f & 3] ^ x) * m;
    }
    uint64_t r = h[0] ^ (h[1] * 0xff51afd7ed558ccdu) ^ (h[2] * 0xc4ceb9fe1a85ec53u) ^ (h[3] * 0x94d049bb133111ebu);
    r ^= r >> 33;
    r *= 0xff51afd7ed558ccdu;
    r ^= r >> 33;
    return r ? r : 1;
}

bool fac_settled_known(fac_settled *S, const fac_inst *in, const bool *open, const fac_cap *a,
                       uint64_t *h)
{
    *h = state_hash(S, in, open, a);
    size_t i = (size_t)(*h & (S->n - 1));
    return S->hash[i] == *h
           && memcmp(S->open + i * S->words, S->bits, S->words * sizeof *S->bits) == 0
           && memcmp(S->f + i * in->nc, a->f, in->nc * sizeof *a->f) == 0
           && memcmp(S->load + i * in->nf, a->load, in->nf * sizeof *a->load) == 0;
}

void fac_settled_add(fac_settled *S, const fac_inst *in, const fac_cap *a, uint64_t h)
{
    size_t i = (size_t)(h & (S->n - 1));
    S->hash[i] = h;
    memcpy(S->open + i * S->words, S->bits, S->words * sizeof *S->bits);
    memcpy(S->f + i * in->nc, a->f, in->nc * sizeof *a->f);
    memcpy(S->load + i * in->nf, a->load, in->nf * sizeof *a->load);
}
