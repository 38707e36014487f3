/*
 * layout.c: where things stand. The county town sits near the centre of
 * the region and the towns on a jittered grid around it, so the county
 * looks like one: a crowded centre, market towns a bus ride apart. Schools
 * are seated on villages: urban schools spread over the county town, town
 * schools on the town's first villages, rural ones one per cell of a grid
 * over the rural villages, so schools spread evenly over space while
 * villages do not and hilly patches end up with small schools. Districts
 * follow the towns, and sectors of the county town. (Villages themselves
 * are placed with their people, in population.c.)
 */
#include "generate/generate_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "spatial_index.h"

/* Town centres on a jittered grid, clear of the county town, and their
 * names (one in five a township, 乡). */
jh_status gen_place_towns(gen *g, jh_error *err)
{
    size_t n = g->n_towns;
    g->tx = calloc(n, sizeof *g->tx);
    g->ty = calloc(n, sizeof *g->ty);
    g->tname = calloc(n, sizeof *g->tname);
    if (!g->tx || !g->ty || !g->tname)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    /* jittered grid, skipping the cells of the county town */
    for (size_t side = (size_t)ceil(sqrt((double)n + 1.0));; side++) {
        size_t cells = side * side, *perm = malloc(cells * sizeof *perm), k = 0;
        if (!perm)
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        for (size_t i = 0; i < cells; i++)
            perm[i] = i;
        gsl_ran_shuffle(g->r, perm, cells, sizeof *perm);
        double cs = g->side / (double)side;
        for (size_t i = 0; i < cells && k < n; i++) {
            double cx = g->xmin + ((double)(perm[i] % side) + 0.5) * cs;
            double cy = g->ymin + ((double)(perm[i] / side) + 0.5) * cs;
            if (hypot(cx - g->ux, cy - g->uy) < g->ur + 0.5 * cs)
                continue;
            g->tx[k] = cx + gsl_ran_flat(g->r, -0.3, 0.3) * cs;
            g->ty[k] = cy + gsl_ran_flat(g->r, -0.3, 0.3) * cs;
            k++;
        }
        free(perm);
        if (k == n)
            break;
    }
    for (size_t t = 0; t < n; t++) {
        char base[64], buf[80];
        gen_draw_name(g->r, g->used_t, base, sizeof base);
        snprintf(buf, sizeof buf, "%s%s", base, gsl_rng_uniform(g->r) < 0.2 ? "乡" : "镇");
        if (!(g->tname[t] = gen_dupstr(buf)))
            return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    }
    return JH_OK;
}

/* Nearest town centre of each rural village, for districts of rural
 * schools. A small grid index over the town centres. */
jh_status gen_assign_rural_towns(gen *g, jh_error *err)
{
    jh_spatial_index *ix = jh_spatial_index_create(g->tx, g->ty, g->n_towns, NULL, NULL);
    if (!ix)
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    for (size_t i = 0; i < g->c->n_villages; i++)
        if (g->vtown[i] == -2) {
            double d;
            g->vtown[i] = jh_spatial_index_nearest(ix, g->c->villages[i].x,
                                                   g->c->villages[i].y, NULL, NULL, &d);
        }
    jh_spatial_index_free(ix);
    return JH_OK;
}

/* School sites among villages [first, first + count): one village from
 * each cell of a grid over the villages' extent, cells in random order, so
 * schools spread evenly over space while villages do not (hilly cells hold
 * few small villages: small schools). Villages already taken are skipped;
 * the chosen ones are marked taken. */
static jh_status choose_sites(gen *g, size_t first, size_t count, size_t n_sites,
                              unsigned char *taken, int *out, jh_error *err)
{
    size_t nr = count, first_rural = first;
    size_t side = (size_t)ceil(sqrt((double)n_sites * 1.3));
    if (side < 1)
        side = 1;
    size_t cells = side * side;
    size_t *start = calloc(cells + 1, sizeof *start), *cursor = calloc(cells, sizeof *cursor);
    size_t *perm = malloc(cells * sizeof *perm);
    int *items = malloc(nr * sizeof *items), *cellof = malloc(nr * sizeof *cellof);
    jh_status st = JH_OK;
    if (!start || !cursor || !perm || !items || !cellof) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto done;
    }
    double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
    for (size_t i = 0; i < nr; i++) {
        const jh_village *v = &g->c->villages[first_rural + i];
        x0 = fmin(x0, v->x);
        y0 = fmin(y0, v->y);
        x1 = fmax(x1, v->x);
        y1 = fmax(y1, v->y);
    }
    double cs = fmax(fmax(x1 - x0, y1 - y0), 1.0) / (double)side * 1.000001;
    for (size_t i = 0; i < nr; i++) {
        const jh_village *v = &g->c->villages[first_rural + i];
        long cx = (long)((v->x - x0) / cs), cy = (long)((v->y - y0) / cs);
        cx = cx < 0 ? 0 : (cx >= (long)side ? (long)side - 1 : cx);
        cy = cy < 0 ? 0 : (cy >= (long)side ? (long)side - 1 : cy);
        cellof[i] = (int)(cy * (long)side + cx);
        start[cellof[i] + 1]++;
    }
    for (size_t k = 0; k < cells; k++)
        start[k + 1] += start[k];
    for (size_t k = 0; k < cells; k++)
        cursor[k] = start[k];
    for (size_t i = 0; i < nr; i++)
        items[cursor[cellof[i]]++] = (int)(first_rural + i);
    for (size_t k = 0; k < cells; k++) {
        if (start[k + 1] > start[k])
            gsl_ran_shuffle(g->r, items + start[k], start[k + 1] - start[k], sizeof *items);
        cursor[k] = start[k];
        perm[k] = k;
    }
    gsl_ran_shuffle(g->r, perm, cells, sizeof *perm);
    size_t got = 0;
    while (got < n_sites) {
        size_t before = got;
        for (size_t k = 0; k < cells && got < n_sites; k++) {
            size_t cell = perm[k];
            while (cursor[cell] < start[cell + 1] && taken[items[cursor[cell]]])
                cursor[cell]++;
            if (cursor[cell] < start[cell + 1]) {
                int v = items[cursor[cell]++];
                taken[v] = 1;
                out[got++] = v;
            }
        }
        if (got == before) {
            st = jh_error_set(err, JH_ERR_RUN, "generate: not enough villages for school sites");
            goto done;
        }
    }
done:
    free(start);
    free(cursor);
    free(perm);
    free(items);
    free(cellof);
    return st;
}

/* Seats: urban schools spread over the county town (the primary-serving
 * sites first, the nine-year schools a random few of them; then the
 * junior schools on other communities; then the special school); town
 * schools on the town's first villages, the centre first; rural schools
 * spread over the rest of the county, each a primary for now. */
jh_status gen_seat_schools(gen *g, jh_error *err)
{
    size_t N = g->o->n_schools, M = g->o->n_villages;
    size_t nu_pri = g->nu_pri, nu_jun = g->nu_jun, nu_nine = g->nu_nine;
    site *sites = g->sites;
    unsigned char *taken = calloc(M, 1);
    int *seats = calloc(N, sizeof *seats);
    jh_status st = JH_OK;
    if (!taken || !seats) {
        st = jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
        goto done;
    }
    size_t n_pri_serving = nu_pri + nu_nine;
    if ((st = choose_sites(g, 0, g->n_uv, n_pri_serving, taken, seats, err)) != JH_OK)
        goto done;
    gsl_ran_shuffle(g->r, seats, n_pri_serving, sizeof *seats);
    for (size_t i = 0; i < nu_pri; i++)
        sites[i].seat = seats[i];
    for (size_t i = 0; i < nu_nine; i++)
        sites[nu_pri + nu_jun + i].seat = seats[nu_pri + i];
    if ((st = choose_sites(g, 0, g->n_uv, nu_jun + 1, taken, seats, err)) != JH_OK)
        goto done;
    for (size_t i = 0; i < nu_jun; i++)
        sites[nu_pri + i].seat = seats[i];
    sites[g->town_first - 1].seat = seats[nu_jun]; /* the special school */

    size_t t_prev = (size_t)-1, slot = 0;
    for (size_t i = g->town_first; i < g->town_end; i++) {
        size_t t = (size_t)sites[i].town;
        slot = t == t_prev ? slot + 1 : 0;
        t_prev = t;
        sites[i].seat = (int)(g->n_uv + t + slot * g->n_towns);
    }

    size_t rural_first = g->n_uv + g->n_tv;
    if ((st = choose_sites(g, rural_first, M - rural_first, g->n_rural, taken, seats, err)) !=
        JH_OK)
        goto done;
    for (size_t i = 0; i < g->n_rural; i++) {
        int v = seats[i];
        sites[g->town_end + i] = (site){JH_SCHOOL_PRIMARY, JH_RURAL, v, g->vtown[v], 0};
    }
done:
    free(taken);
    free(seats);
    return st;
}

/* School k on its seat: a little off the village point, with its id. */
jh_status gen_place_school(gen *g, size_t k, jh_error *err)
{
    const site *st = &g->sites[k];
    jh_school *s = &g->c->schools[k];
    const jh_village *v = &g->c->villages[st->seat];
    s->type = st->type;
    s->area = st->area;
    s->status = JH_STATUS_OPEN;
    s->record = (long)k;
    double jit = st->area == JH_RURAL ? 250.0 : 150.0;
    s->x = gen_round1(v->x + gsl_ran_flat(g->r, -jit, jit));
    s->y = gen_round1(v->y + gsl_ran_flat(g->r, -jit, jit));
    g->seat[k] = st->seat;
    g->stown[k] = st->town;
    g->sx[k] = s->x;
    g->sy[k] = s->y;
    size_t idw = 3;
    for (size_t n = g->o->n_schools; n >= 1000; n /= 10)
        idw++;
    char idbuf[32];
    snprintf(idbuf, sizeof idbuf, "S%0*zu", (int)idw, k + 1);
    s->id = gen_dupstr(idbuf);
    return s->id ? JH_OK : jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
}

/* The district of school k: its town's, or a sector of the county town. */
jh_status gen_name_district(gen *g, size_t k, jh_error *err)
{
    jh_school *s = &g->c->schools[k];
    const site *st = &g->sites[k];
    char num[32], district[128];
    if (st->town < 0) {
        /* urban districts: sectors around the county town, about 8 schools each */
        size_t nd = 1 + g->o->n_schools / 60;
        double th = atan2(s->y - g->uy, s->x - g->ux) + M_PI;
        size_t d = (size_t)(th / (2.0 * M_PI) * (double)nd);
        if (d >= nd)
            d = nd - 1;
        gen_cn_number((int)d + 1, num, sizeof num);
        snprintf(district, sizeof district, "城区第%s学区", num);
    } else {
        snprintf(district, sizeof district, "%s学区", g->tname[st->town]);
    }
    if (!(s->district = gen_dupstr(district)))
        return jh_error_set(err, JH_ERR_RUN, "generate: out of memory");
    return JH_OK;
}
