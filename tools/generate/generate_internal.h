/*
 * generate_internal: what the generator's stages hand each other. One
 * `gen` carries the random generator, the county being built and the
 * scaffolding that never reaches the county (town centres, school seats,
 * catchment children, teacher flags); jh_generate_county (generate.c)
 * runs the stages in order over it. The order matters beyond data flow:
 * every stage draws from the one mt19937, so moving a draw from one stage
 * to another changes every byte after it.
 *
 *   names.c         place names, Chinese ordinals
 *   layout.c        towns, school seats and positions, districts
 *   population.c    villages, their ages, the projections
 *   catchments.c    which school each village's children attend
 *   schools.c       kinds of school, names, enrolment, rooms, resources
 *   teachers.c      the teacher roster
 *   write.c         the output folder, CSVs, .prj/.cpg, baseline.yaml
 *   write_layers.c  the two point Shapefiles
 */
#ifndef JH_GENERATE_INTERNAL_H
#define JH_GENERATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "generate/generate.h"

#define GEN_BASE_SIDE 40000.0 /* metres, for 1,500 villages */
#define GEN_MAX_SIDE 600000.0 /* metres: the widest region (generate.c) */
#define GEN_FULL_VILLAGES 200000 /* more villages: smaller ones (population.c) */
#define GEN_CRS_NAME "EPSG:4547"

/* One school before it exists: its kind, where and for whom. */
typedef struct site {
    jh_school_type type;
    jh_area area;
    int seat;     /* village */
    int town;     /* -1 county town */
    int ordinal;  /* numbering within its kind (urban schools) */
} site;

typedef struct gen {
    const jh_generate_options *o;
    gsl_rng *r;
    jh_county *c;
    double side, scale, xmin, ymin;
    double ux, uy, ur;         /* county town centre and urban radius */
    size_t n_towns;
    double *tx, *ty;           /* town centres */
    char **tname;
    int *vtown;                /* village -> town (-1: county town) */
    int *seat;                 /* school -> village it stands in */
    int *stown;                /* school -> town (-1: county town) */
    double *sx, *sy;           /* school coordinates (for the index) */
    unsigned char *used_v, *used_t;
    jh_level level;            /* for the index callbacks */
    int exclude;
    double *load;              /* children of the level in each school's catchment */
    double cap, add;           /* the load limit and the village being placed */

    /* the plan (gen_plan_schools): schools are the urban primary, junior
     * and nine-year ones, the special school, town schools [town_first,
     * town_end), then n_rural rural ones; villages (jh_generate_county)
     * are n_uv urban communities, n_tv town villages, then rural ones */
    site *sites;
    size_t nu_pri, nu_jun, nu_nine;
    size_t town_first, town_end, n_rural;
    size_t n_uv, n_tv;
    int (*kids)[15];           /* school -> catchment children by age */
    int *tl;                   /* school -> 10 counts: teachers of level L
                                * with flag f (above_degree, backbone,
                                * pe_art, senior_title) at L * 4 + f, then
                                * the teachers of each level at 8 + L */
} gen;

/* generate.c */
char *gen_dupstr(const char *s);
double gen_round1(double v);

/* names.c */
unsigned char *gen_name_space(void);
void gen_draw_name(gsl_rng *r, unsigned char *used, char *buf, size_t size);
void gen_cn_number(int k, char *buf, size_t size);

/* layout.c */
jh_status gen_place_towns(gen *g, jh_error *err);
jh_status gen_assign_rural_towns(gen *g, jh_error *err);
jh_status gen_seat_schools(gen *g, jh_error *err);
jh_status gen_place_school(gen *g, size_t k, jh_error *err);
jh_status gen_name_district(gen *g, size_t k, jh_error *err);

/* population.c */
jh_status gen_place_villages(gen *g, jh_error *err);

/* catchments.c */
jh_status gen_assign_catchments(gen *g, jh_error *err);
void gen_catchment_children(gen *g);

/* schools.c */
jh_status gen_plan_schools(gen *g, jh_error *err);
jh_status gen_remote_nine_year(gen *g, jh_error *err);
void gen_teaching_points(gen *g);
void gen_fill_school(gen *g, size_t k);
jh_status gen_name_school(gen *g, size_t k, jh_error *err);

/* teachers.c */
jh_status gen_draw_roster(gen *g);

/* write.c */
char *gen_path_join(const char *dir, const char *name);

/* write_layers.c */
jh_status gen_write_schools(const jh_county *c, const char *dir, jh_error *err);
jh_status gen_write_villages(const jh_county *c, const char *dir, jh_error *err);
/* roads.shp/.shx/.dbf: a road grid with a river and few bridges (write_roads.c). */
jh_status gen_write_roads(const jh_county *c, const char *dir, jh_error *err);

#endif
