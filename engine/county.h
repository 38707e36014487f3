/*
 * county: the in-memory data model of one county — its schools, villages,
 * teacher roster, demographic projections and travel costs — as loaded from
 * the planner's layers and tables (DESIGN.md, "Inputs").
 *
 * Coordinates are in the working metric CRS (metres). Student counts are
 * whole numbers: the simulation conserves students exactly.
 *
 * Ownership: a jh_county owns every string and array it points to;
 * jh_county_free releases all of it.
 */
#ifndef JH_COUNTY_H
#define JH_COUNTY_H

#include <stdbool.h>
#include <stddef.h>

#include "jh_error.h"

/* Bounds checked at load (README, "Bounds on input numbers"), so that no
 * count overflows the integers the simulation keeps and no coordinate or
 * cost leaves the range the spatial index and the outputs handle. A value
 * beyond one is bad input (exit 2) naming the file, record or line, the
 * field, the value and the bound. */
#define JH_MAX_COUNT 10000000L    /* per record: students of a grade, children of
                                   * one age, a village's people, projections.csv's
                                   * population of a village, year and age,
                                   * classrooms, capacity */
#define JH_MAX_TOTAL 200000000L   /* the whole layer: people, children, students */
#define JH_MAX_AMOUNT 1e12        /* facilities and teacher counts (m2, yuan, books) */
#define JH_MAX_COST 1e7           /* od.csv cost: 10,000 km in metres, ~19 years in minutes */
#define JH_AREA_MARGIN_DEG 2.0    /* points may lie this far (degrees) outside the
                                   * area of use of their CRS */

/* The two compulsory-education levels that are measured. */
typedef enum { JH_PRIMARY = 0, JH_JUNIOR = 1 } jh_level;
#define JH_NLEVELS 2
#define JH_NGRADES 9 /* grades 1..9 stored at index 0..8 */

typedef enum {
    JH_SCHOOL_PRIMARY = 0,       /* grades 1-6 */
    JH_SCHOOL_JUNIOR,            /* grades 7-9 */
    JH_SCHOOL_NINE_YEAR,         /* grades 1-9 */
    JH_SCHOOL_COMPLETE_MIDDLE,   /* junior part (7-9) + senior part */
    JH_SCHOOL_TWELVE_YEAR,       /* 1-9 part + senior part */
    JH_SCHOOL_TEACHING_POINT,    /* small rural site, primary grades */
    JH_SCHOOL_SPECIAL,           /* special education: simulated, not counted */
    JH_SCHOOL_VOCATIONAL,        /* simulated, not counted */
    JH_SCHOOL_CANDIDATE,         /* a candidate site for the optimiser: not open */
    JH_SCHOOL_NTYPES
} jh_school_type;

typedef enum {
    JH_STATUS_OPEN = 0,       /* in the base layer and open */
    JH_STATUS_CLOSED,         /* closed by an intervention */
    JH_STATUS_NEW,            /* built by an intervention */
    JH_STATUS_CANDIDATE       /* a candidate site, not (yet) open */
} jh_school_status;

typedef enum { JH_URBAN = 0, JH_TOWN = 1, JH_RURAL = 2 } jh_area;
#define JH_NAREAS 3

/* Facilities and teacher counts: the resources behind the indicators. */
typedef struct jh_resources {
    double teachers;          /* full-time teachers */
    double t_above_degree;    /* degree above the required one */
    double t_backbone;        /* county-level-or-higher backbone */
    double t_pe_art;          /* PE, music and fine-art teachers */
    double t_senior_title;    /* mid-or-senior title */
    double building_m2;       /* teaching and auxiliary building area */
    double sports_m2;
    double equipment_yuan;
    double multimedia_rooms;  /* networked multimedia classrooms */
    double computers;
    double books;
    double boarding_beds;
    double music_rooms;
    double art_rooms;
} jh_resources;

#define JH_NRESOURCES 14 /* fields of jh_resources */

/* Canonical name of the k-th jh_resources field ("teachers", ...,
 * "art_rooms"), NULL beyond. */
const char *jh_resource_name(int k);

typedef struct jh_school {
    char *id;
    char *name;
    char *district;           /* 学区 / school group; NULL when absent */
    jh_school_type type;
    jh_area area;
    double x, y;              /* working CRS, metres */
    int students[JH_NGRADES]; /* g1..g9 */
    int students_senior;      /* senior-high students (g10-12) of a
                                 complete-middle or twelve-year school;
                                 0 when absent; they only weigh facilities */
    int classes[JH_NGRADES];  /* classes_g1..g9 */
    bool classes_given;       /* false: derived from caps */
    int classrooms;
    int capacity;             /* students it can take */
    bool capacity_given;      /* false: classrooms x class-size cap */
    jh_resources res;
    jh_school_status status;  /* open, closed, new; simulation updates it */
    bool keep_teaching_point; /* closure deferred (residents object) */
    int junior_from_year;     /* a junior part opened by a conversion takes
                                 grade 7 from this year and a grade more
                                 each year after; 0: not phased */
    int main_campus;          /* 1 + the school this site is a campus of
                                 (merge ... campus: keep); 0: its own school */
    long record;              /* 0-based DBF record, for messages; -1 built */
} jh_school;

typedef struct jh_village {
    char *id;
    char *name;
    jh_area area;
    double x, y;
    double population;
    int age[15];              /* children by single year of age 0..14 */
    bool has_ages;
    int students_primary;     /* used instead of ages when has_students */
    int students_junior;
    bool has_students;
    int school[JH_NLEVELS];   /* catchment school index per level, -1 none */
    double birth_rate_per1000; /* the village's own birth rate, when given */
    bool has_birth_rate;      /* false: the area type's rate (rules) */
    long record;
} jh_village;

/* An area of the optional boundary layer (data.boundaries: townships or
 * the county outline), drawn under the schools on the report's map. Its
 * rings (outer and holes, of every part) follow one another in xy, in the
 * working CRS; ring k ends before point ring_end[k]. */
typedef struct jh_boundary {
    char *name;               /* from a name field, or NULL */
    double *xy;               /* x, y pairs */
    size_t n_points;
    size_t *ring_end;
    size_t n_rings;
} jh_boundary;

typedef struct jh_teacher {
    char *id;
    int school;               /* index into schools */
    jh_level level;
    int years_at_school;
    bool backbone, above_degree, pe_art, senior_title;
    int age;
    long line;                /* line in teachers.csv */
} jh_teacher;

/* projections.csv as a dense table: year x village x age (0..14), one
 * cell per row of the file. Whole numbers (the usual case) are kept as
 * population + 1 (0: not given) in the narrowest cells that hold every
 * one so far: 1 byte while all are below 255, then 2 bytes (below
 * 65,535), then 4 (int32); the first fractional population turns the
 * table into doubles (NAN: not given). Years year0 .. year0 + n_years - 1.
 * 200,000 villages x 11 years: 31.5 MiB in bytes, 126 MiB as int32. */
#define JH_PROJ_AGES 15
typedef struct jh_projection_table {
    int year0, n_years;
    size_t n_villages;
    int width;                /* bytes per cell: 1, 2, 4 (population + 1, 0 not
                                 given) or 8 (double, NAN not given); 0: no table */
    void *cells;
} jh_projection_table;

/* One row of migration.csv: `count` children of age `age` move in `year`
 * from a village (from_village >= 0) or an area type's villages, to a
 * village or an area type's villages. */
typedef struct jh_migration_move {
    int from_village, to_village;   /* -1: by area */
    jh_area from_area, to_area;
    int year;
    int age;                        /* 0..14, the age in `year` */
    double count;
    long line;
} jh_migration_move;

/* Travel costs from an external router, stored by village (CSR):
 * the pairs of village v are entries [start[v], start[v+1]) of school/cost,
 * sorted by ascending cost. A pair absent from the table is unreachable. */
typedef struct jh_od {
    size_t *start;            /* n_villages + 1 */
    int *school;
    double *cost;
    size_t n;                 /* number of pairs */
    bool minutes;             /* costs are minutes, not metres */
} jh_od;

/* What building travel costs on data.roads found (validate prints it). */
typedef struct jh_road_stats {
    bool given;
    size_t lines, segments, nodes, components;
    size_t largest_component;  /* nodes in the largest connected component */
    double connector_warn_m;   /* travel.connector_warn_m */
    size_t villages_far, schools_far;  /* connector longer than connector_warn_m */
    size_t villages_unjoined, schools_unjoined; /* no road their mode may use */
    double connector_max_m;
    char connector_max_id[64]; /* the village or school with the longest connector */
    double connector_median_m;
    size_t catchment_unreachable;      /* village-level pairs whose catchment school
                                          is not reachable by road */
    char catchment_unreachable_first[160];
    double ratio_median, ratio_p95;    /* road / straight-line distance, nearest
                                          school by road of each village (metres only;
                                          NAN in minutes) */
} jh_road_stats;

typedef struct jh_county {
    jh_school *schools;
    size_t n_schools;
    jh_village *villages;
    size_t n_villages;
    jh_teacher *teachers;     /* roster; NULL when no teachers.csv */
    size_t n_teachers;
    struct jh_text_pool *teacher_ids; /* the roster's ids when the loader read
                                         them (each teachers[i].id points into
                                         it); NULL: each id its own malloc */
    bool has_roster;
    jh_projection_table proj; /* projections.csv; see jh_county_projection */
    size_t n_projections;     /* rows given */
    bool has_projections;
    jh_migration_move *moves; /* migration.csv; NULL when none */
    size_t n_moves;
    jh_od od;
    bool has_od;
    jh_boundary *boundaries;  /* data.boundaries; NULL when none */
    size_t n_boundaries;
    jh_road_stats roads;      /* data.roads given: roads.given (od then holds its costs) */
    char crs[256];            /* working CRS, e.g. "EPSG:32650" */
    char source_crs[256];     /* what the schools .prj described */
    char encoding[2][32];     /* text encoding assumed: [0] schools, [1] villages */
    jh_warnings warnings;
    unsigned res_missing;     /* bit k set: the k-th jh_resources field (in
                                 struct order, teachers = 0) is given by no
                                 layer field and no table: the indicators it
                                 feeds have no data. 0 for a county built in
                                 code. */
    size_t n_field_source[2];
    char **field_source[2];   /* where each canonical field came from, for
                                 validate's coverage table: [0] parallel to
                                 jh_school_fields, [1] to jh_village_fields
                                 (input/inputs.h); an entry NULL: missing.
                                 NULL for a county built in code. */
    struct jh_idmap *school_index;  /* built by jh_county_build_index */
    struct jh_idmap *village_index;
} jh_county;

/* Levels a school type serves (both for nine_year and twelve_year). */
bool jh_school_serves(jh_school_type type, jh_level level);
/* First and one-past-last grade index (0-based) of a level: 0..6, 6..9. */
int jh_level_first_grade(jh_level level);
int jh_level_end_grade(jh_level level);
/* The level of grade index g (0-based): primary below 6, junior from it
 * (inline: the year loop asks it of every cell). */
static inline jh_level jh_grade_level(int g) { return g < 6 ? JH_PRIMARY : JH_JUNIOR; }
/* Students of one level at a school (sum of its grades). */
int jh_school_level_students(const jh_school *s, jh_level level);

/* Canonical names, and parsing of them (case-insensitive; Chinese names
 * accepted too: 城区/urban, 镇区/town, 乡村/rural; 小学/primary, ...).
 * Return false on an unknown name. */
const char *jh_school_type_name(jh_school_type t);
bool jh_school_type_parse(const char *s, jh_school_type *out);
const char *jh_area_name(jh_area a);
bool jh_area_parse(const char *s, jh_area *out);
const char *jh_level_name(jh_level l);
bool jh_level_parse(const char *s, jh_level *out);

/* (Re)builds the id hash indexes; call after schools or villages change.
 * Returns JH_ERR_INPUT naming the duplicate when two ids repeat: the first
 * record whose id came before, and where it came first (records counted
 * from 1, as in every message; the loader's check of the layers' ids). `what`
 * names the files for the message (e.g. "schools.dbf"). */
jh_status jh_county_build_index(jh_county *c, const char *schools_file,
                                const char *villages_file, jh_error *err);
/* Index of the school / village with this id, or -1 (hashed when the index
 * is built, linear otherwise). */
int jh_county_find_school(const jh_county *c, const char *id);
int jh_county_find_village(const jh_county *c, const char *id);
/* The same hash over an array of ids (the first of equal ids is the one
 * found): for a reader that looks ids up before the county holds them.
 * NULL when out of memory. */
struct jh_idmap *jh_idmap_strings(const char *const *ids, size_t n);
int jh_idmap_find_string(const struct jh_idmap *m, const char *const *ids, const char *id);
void jh_idmap_free(struct jh_idmap *m);
/* Appends a school (copied shallowly: the county takes ownership of its
 * strings); returns its index or -1 when out of memory. Invalidates the
 * index: rebuild it after adding. */
int jh_county_add_school(jh_county *c, const jh_school *s);

void jh_county_free(jh_county *c);
/* A deep copy of a loaded county (schools, villages, roster, projections,
 * moves, od and indexes; not its warnings nor field sources); NULL when out
 * of memory. Free with jh_county_free + free (engine/county_copy.c). */
jh_county *jh_county_copy(const jh_county *c);
/* jh_county_copy with the load's warnings and field sources too: a run on
 * it writes what a run on `c` would (junheng compare's shared loads). */
jh_county *jh_county_copy_all(const jh_county *c);

/* The population of children of `age` in village `village` and `year` that
 * projections.csv gives, NAN when it gives none. */
double jh_county_projection(const jh_county *c, int village, int year, int age);
/* The same for every age of a village and year at once: bit a of the result
 * set where the table gives age a, whose population goes to vals[a] (vals
 * untouched elsewhere; NULL: the bits only). 0 outside the table. */
unsigned jh_county_projection_ages(const jh_county *c, int village, int year,
                                   double vals[JH_PROJ_AGES]);
/* Sets one cell of the table (growing its years as needed; population >= 0)
 * and counts the row. Returns JH_OK, JH_ERR_INPUT when the cell was given
 * before (it is left as it was), JH_ERR_RUN when out of memory. */
jh_status jh_county_set_projection(jh_county *c, int village, int year, int age,
                                   double population);
/* The same for a whole number 0 <= count <= JH_MAX_COUNT (a byte cell
 * written in one step when the table has them). */
jh_status jh_county_set_projection_count(jh_county *c, int village, int year, int age,
                                         long count);
/* The JH_PROJ_AGES byte cells (population + 1, 0 not given) of a village
 * and year, for a loader that sets small counts itself as
 * jh_county_set_projection_count would (counting each in n_projections);
 * NULL when the table is not of bytes or does not hold that year. Valid
 * until the table changes (its cells pointer). */
unsigned char *jh_county_projection_bytes(jh_county *c, int village, int year);
/* Makes room for years first..last before rows are set (so that a table
 * whose years are known is not moved as it fills). */
jh_status jh_county_reserve_projections(jh_county *c, int first, int last);
/* Cells given for years first..last (all villages and ages). */
size_t jh_county_projections_given(const jh_county *c, int first, int last);
/* A copy of src's table into dst (false: out of memory). */
bool jh_projection_table_copy(jh_projection_table *dst, const jh_projection_table *src);
void jh_projection_table_free(jh_projection_table *t);

#endif
