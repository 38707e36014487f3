/*
 * scenario: one planning scenario as written by the planner in YAML
 * (DESIGN.md, "Scenario files"): which data, which horizon, which rules,
 * which interventions by year, which teacher policies and which optimiser
 * requests. Every number of STANDARDS.md has a default here and can be
 * overridden under `rules`.
 *
 * Reading and writing one as YAML is the simulation's business
 * (sim/scenario_io.h: the parser rejects unknown keys with their line
 * number). A jh_scenario owns all its strings and arrays; jh_scenario_free
 * releases them.
 */
#ifndef JH_SCENARIO_H
#define JH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "county.h"
#include "jh_error.h"

typedef enum {
    JH_ASSIGN_NEAREST_WITH_CAPACITY = 0,
    JH_ASSIGN_CATCHMENT,
    JH_ASSIGN_NEAREST
} jh_assignment;

typedef enum { JH_STANDARD_QUALITY = 0, JH_STANDARD_BASIC = 1 } jh_standard;

#define JH_NQUALITY 7
#define JH_NBASIC 8

/* A field map entry: canonical name -> the layer's own field name. */
typedef struct jh_field_map {
    char *canonical;
    char *layer_field;
    int layer;  /* 0 both layers (flat `fields:`), 1 schools, 2 villages,
                   3 teachers.csv, 4 projections.csv, 5 od.csv */
    long line;
} jh_field_map;

/* data.values: a value of a canonical field (`type`, `area`, ...) as the
 * data writes it (a statistics code "211", 一贯制学校) -> the canonical
 * value (primary, nine_year). */
typedef struct jh_value_map {
    char *field;
    char *from;
    char *to;
    long line;
} jh_value_map;

/* data.where: keep the rows whose column holds one of the values. */
typedef struct jh_where {
    char *column;
    char **values;
    size_t n_values;
    long line;
} jh_where;

/* data.school_tables / data.village_tables: a statistics table joined to
 * the layer by code: its `key` column holds the layer's id. */
typedef struct jh_stat_table {
    char *path;       /* resolved */
    char *sheet;      /* NULL: the only (first) sheet */
    char *key;        /* the table's column holding the code */
    int layer;        /* 1 schools, 2 villages */
    jh_field_map *fields; /* canonical -> the table's column (layer = 0) */
    size_t n_fields;
    bool wide;        /* layout: wide — grade (schools) or age (villages)
                         columns are recognised by their headers
                         (一年级 ... 九年级, 一年级班数, 0岁 ... 14岁, ...;
                         input/wide_layout.h); `fields` entries win */
    long line;
} jh_stat_table;

/* Every overridable number of STANDARDS.md. */
/* Unit costs for the gap to the standard and the recurrent costs
 * (STANDARDS.md section 7: provincial-typical defaults, meant to be
 * replaced by the province's own). */
typedef struct jh_unit_costs {
    double building_m2_yuan;             /* 3500 yuan per m² of building */
    double sports_m2_yuan;               /* 400 yuan per m² of sports ground */
    double classroom_wan;                /* 55 wan a standard classroom */
    double multimedia_room_wan;          /* 3 wan a networked multimedia room */
    double bed_wan;                      /* 2.5 wan a dormitory bed */
    double teacher_wan;                  /* 10 wan a teacher a year */
    double public_funds_yuan[JH_NLEVELS];   /* 650, 850 per student a year */
    double public_funds_min_students;       /* 100: smaller schools funded as 100 */
    double boarding_subsidy_yuan[JH_NLEVELS]; /* 1000, 1250 per boarder a year */
    double transport_yuan;               /* 1500 per transported student a year */
} jh_unit_costs;

typedef struct jh_rules {
    int class_size[JH_NLEVELS];          /* 45, 50 */
    int large_class_min;                 /* 56 */
    int super_large_class_min;           /* 66 */
    double distance_km[JH_NLEVELS];      /* 3, 5 */
    int school_size_max[JH_NLEVELS];     /* 2000, 2000 */
    int school_size_max_combined;        /* 2500: nine-year, twelve-year */
    double staffing_norm[JH_NLEVELS];    /* students per post: 19, 13.5 */
    double boarding_extra_posts_per100_beds; /* extra posts for dormitory staff: 0 */
    double staffing_per_class[JH_NLEVELS];   /* 班师比, posts per class: 1.7, 2.7 */
    int teaching_point_min_students;     /* 50 */
    /* quality standard thresholds per level, in the order of the keys in
     * indicators.h: above_degree_per100, backbone_per100, pe_art_per100,
     * building_m2_per_student, sports_m2_per_student,
     * equipment_yuan_per_student, multimedia_per100 */
    double quality_min[JH_NLEVELS][JH_NQUALITY];
    int compliance_min_reached;          /* 6 of 7 */
    double compliance_floor;             /* 0.85 of the standard */
    double cv_limit_quality[JH_NLEVELS]; /* 0.50, 0.45 */
    double cv_limit_basic[JH_NLEVELS];   /* 0.65, 0.55 */
    /* facility weights for splitting two-level schools */
    double weight_junior_nine_year;      /* 1.1 (primary weighs 1) */
    double weight_senior_complete;       /* 1.2 (junior weighs 1) */
    double weight_junior_twelve;         /* 1.1 */
    double weight_senior_twelve;         /* 1.32 */
    int music_art_rooms_per_classes;     /* 12 */
    bool music_art_full_groups;          /* false: per started group of 12
                                            classes (1-12 need 1 room); true:
                                            per full group (none under 12) */
    double rotation_share_min;           /* guarantee: moved / eligible >= 0.10 */
    double rotation_backbone_share_min;  /* guarantee: backbone / moved >= 0.20 */
    /* flow */
    double promotion_rate;               /* 1.0 */
    double transition_rate;              /* primary -> junior, 1.0 */
    double intake_rate;                  /* age-6 children entering g1, 1.0 */
    double birth_rate_per1000[JH_NAREAS];   /* births per 1000 people per year */
    double migration_rate[JH_NAREAS];       /* net migration share per year, e.g. -0.03 */
    int retirement_age;                  /* 60 */
    bool distance_minutes;               /* od costs are minutes */
    jh_unit_costs unit_costs;            /* rules.unit_costs */
} jh_rules;

/* The kinds of intervention. Each reads, writes and applies itself in its
 * own file, sim/interventions/iv_<kind>.c, listed in
 * sim/interventions/registry.c; its name is jh_intervention_kind_name. */
typedef enum {
    JH_IV_CLOSE = 0,      /* close: ids, students_to: id | nearest,
                             optionally primary_to / junior_to: id */
    JH_IV_MERGE,          /* merge: [A, B] into: A (one site) */
    JH_IV_CONVERT,        /* convert: id, to: nine_year */
    JH_IV_EXPAND,         /* expand: id, classrooms, building_m2, ... cost_wan */
    JH_IV_BUILD,          /* build: {id, type, x, y, classrooms, ...} */
    JH_IV_KEEP,           /* keep_teaching_point: id — closure deferred */
    JH_IV_ADD_BEDS,       /* add_beds: id, beds */
    JH_IV_CATCHMENT,      /* catchment: school id, level, villages: [ids] —
                             those villages' students of the level go to
                             the school from that year, under every
                             assignment rule (how plan.yaml writes the
                             optimiser's assignment) */
    JH_IV_HIRE            /* hire: id, teachers: N, t_above_degree / t_backbone
                             / t_pe_art / t_senior_title: how many of them
                             hold it — they join the school's roster */
} jh_intervention_kind;

typedef struct jh_intervention {
    int year;
    jh_intervention_kind kind;
    char **ids;            /* the school(s) named; for catchment the villages */
    size_t n_ids;
    jh_level level;        /* catchment: the level */
    char *target;          /* students_to (id or "nearest"), merge into, or NULL */
    char *level_to[JH_NLEVELS]; /* close: primary_to / junior_to (a receiver for
                              that level's students instead of students_to),
                              or NULL */
    jh_school_type convert_to;
    /* additions for expand / build / add_beds; and the new school's spec */
    int classrooms;
    int capacity;          /* build: 0 = classrooms x cap */
    jh_resources add;      /* building_m2, sports_m2, equipment_yuan, boarding_beds, ... */
    double cost_wan;       /* construction cost in 10,000 yuan */
    jh_school build;       /* JH_IV_BUILD: the new school (id, name, type, area, x, y) */
    bool candidate;        /* build entry offered to the optimiser only */
    bool campus_keep;      /* merge: campus: keep (一校两区); false: close */
    bool entrants_only;    /* catchment: only new entrants (grades 1 and 7)
                              go there; those enrolled finish where they are */
    char **split_ids;      /* catchment: villages split, part of their */
    double *split_students; /* students of the level (this many when it
                              applies, then that share) going to this school */
    size_t n_split;
    int stage;             /* expand, build: the entry's place (1, 2, ...)
                              among the entries of one scheduled project
                              written over several years (stages, lead
                              time); 0: a project of one entry */
    long line;
} jh_intervention;

/* Rotation (交流轮岗): `rule` sends teachers from schools holding more
 * than their share of the scarce attributes to schools below it (the old
 * name `proportional` reads as `rule`); `optimise` chooses moves that lower
 * the teacher CVs. */
typedef enum { JH_ROTATE_RULE = 0, JH_ROTATE_OPTIMISE } jh_rotation_method;
/* secondment (支教 for term_years, then home; the home school keeps the
 * post), exchange (a teacher of the receiving school goes the other way for
 * the same term), transfer (permanent). */
typedef enum { JH_MODE_SECONDMENT = 0, JH_MODE_EXCHANGE, JH_MODE_TRANSFER } jh_rotation_mode;
typedef enum {
    JH_HIRE_RURAL_FIRST = 0,
    JH_HIRE_LARGEST_SHORTFALL,
    JH_HIRE_WEAKEST_FIRST
} jh_hiring_priority;

typedef struct jh_teacher_policy {
    bool rotation;                 /* a rotation block was given */
    double share_of_eligible;      /* 0.10 */
    double backbone_share;         /* 0.20 */
    int min_years;                 /* 6 */
    jh_rotation_method method;     /* rule */
    jh_rotation_mode mode;         /* secondment */
    int term_years;                /* 3 */
    bool within_district;          /* false: county-wide */
    bool cross_level;              /* false: never move a teacher across levels */
    /* hiring: each year (replace_retirees ? the year's retirees : 0) +
     * per_year teachers are hired */
    int hiring_per_year;           /* 0 */
    bool replace_retirees;         /* true: 退一补一 */
    double above_degree_share;     /* 0.95 of hires hold the higher degree */
    double backbone_hire_share;    /* 0 */
    int pe_art_per_year;           /* 0: of the year's hires, PE/art teachers */
    bool fill_pe_art;              /* to_fill: pe_art — as many as the shortfall */
    jh_hiring_priority hiring_priority; /* rural_first */
    bool hiring_given;             /* a hiring block was given */
    /* progression (default 0): shares of teachers made backbone / given a
     * senior title each year; a senior title needs N years at rural schools */
    double backbone_rate;
    double senior_title_rate;
    int senior_title_requires_rural_years;
    /* the rotation look-ahead (engine/sim/rotation_plan.c) sets this on
     * the runs it makes: record the moves, or replay them with filler
     * (models/workforce_replay.h); NULL for every scenario as read */
    struct jh_wf_plan *plan;
} jh_teacher_policy;

typedef enum { JH_OBJ_DISTANCE = 0, JH_OBJ_BALANCE } jh_objective;

typedef struct jh_consolidation_request {
    bool requested;
    int year;
    jh_level level;
    int keep;                      /* 0: not given */
    int close_at_most;             /* -1: not given */
    double max_distance_km;        /* 0: not given */
    char **fixed;                  /* ids that never close */
    size_t n_fixed;
    bool capacity_enforce;         /* default true */
    bool split_never;              /* split_villages: never — no village
                                      split between schools even when no
                                      whole-village plan is found (default
                                      when_needed, method p_median, keep) */
    jh_objective objective;
    double balance_weight;         /* weight of the CV / compliance penalty */
    unsigned long seed;            /* 1 */
    double time_limit_s;           /* 0: the optimiser's default */
    int min_students;              /* -1: rules.teaching_point_min_students */
    double max_share_beyond;       /* -1: no worse than today */
    bool phasing_all;              /* false: entrants (default) */
    bool evaluate_mean;            /* false: final year */
    bool p_median;                 /* method: p_median — the pure facility
                                      problem (OR-Library instances), none of
                                      the bureau's constraints; false:
                                      constrained (default) */
    long line;
} jh_consolidation_request;

/* optimise.schedule (README, "Construction schedule"): which gap-closing
 * projects start in which programme year within each year's budget so
 * that the targets are met at least cost, or as early as the budget
 * allows (engine/optimise/schedule.c). */
#define JH_SCHEDULE_MAX_YEARS 30
#define JH_SCHEDULE_MAX_STAGES 10
/* A listed candidate project (optimise.schedule.candidates: [...]). */
typedef enum { JH_CAND_EXPAND = 0, JH_CAND_NEW_SCHOOL, JH_CAND_HIRE } jh_candidate_kind;
typedef struct jh_schedule_candidate {
    jh_candidate_kind kind;
    char *school;          /* expand, hire: the school; new_school: the site
                              (the id of a `build` entry with candidate: true,
                              one made from x/y when the candidate gives them) */
    int classrooms;        /* expand */
    int capacity;          /* expand: places added (0: classrooms x cap) */
    jh_resources add;      /* expand: building_m2, ...; hire: teachers, t_* */
    double cost_wan;       /* capital (expand, new_school); hire: 0 */
    int lead_years;        /* years from the start to use (0: in use the
                              year it starts) */
    int n_stages;          /* 0: the whole cost in the start year */
    double stage_wan[JH_SCHEDULE_MAX_STAGES]; /* spent in start, start+1, ... */
    long line;
} jh_schedule_candidate;

typedef struct jh_schedule_request {
    bool requested;
    int n_years;                          /* programme years, ascending */
    int years[JH_SCHEDULE_MAX_YEARS];
    double budget_wan[JH_SCHEDULE_MAX_YEARS]; /* capital budget of each year */
    bool carry;                           /* unspent budget carries on (default false) */
    int end_large_classes_by;             /* 0: no such target */
    int quality_pass_by;                  /* 0: no such target */
    int max_evaluations;                  /* simulations the search may run (300) */
    int exhaustive_max;                   /* every schedule is tried when there
                                             are at most this many (4096) */
    bool only_listed;                     /* a list without `auto`: no candidates
                                             from the gaps (false: `auto`, the
                                             default, or `auto` in the list) */
    jh_schedule_candidate *candidates;    /* the listed ones */
    size_t n_candidates;
    char **fixed;                         /* schools retained for good: their
                                             projects first when tied */
    size_t n_fixed;
    long line;
} jh_schedule_request;

/* The parts of the quality evaluation the model cannot compute (教育质量,
 * 社会认可度), as a scenario may give them under `assessed:`; not given
 * means "not assessed", which never passes. */
typedef struct jh_assessed {
    bool quality_given;
    bool quality;                  /* education quality judged to hold */
    bool satisfaction_given;
    double satisfaction;           /* survey share, passes at >= satisfaction_min */
    double satisfaction_min;       /* 0.85 */
} jh_assessed;

/* Migration (README, "Migration"): net shares per year by area type.
 * `internal` moves children (and the enrolled) within the county: a
 * negative share leaves the area each year and arrives in the
 * `destinations` areas (shares summing to 1), each destination village
 * receiving in proportion to its population. `external` leaves or joins
 * the county; rules.migration_rate is read as external too (the old key).
 * A table (data.migration, migration.csv) moves counts of children of one
 * age from a village or area to another in a given year.
 * `enrolled` says what a projection table does to the students already at
 * school: `follow` (default) sets every village's students of every grade
 * to the table's children of that age (times the intake, promotion and
 * transition rates) from the first year after the base year, the rates
 * and migration.csv then moving only the children the table does not
 * give; `keep_share` keeps the share of its children that a cohort's
 * schools reported in the base year (rates and table as before). */
typedef struct jh_migration {
    bool internal_given;
    double internal[JH_NAREAS];      /* -1..0: share leaving per year */
    bool destinations_given;
    double destinations[JH_NAREAS];  /* shares of internal leavers, sum 1 */
    bool external_given;
    double external[JH_NAREAS];      /* -1..1: net share per year */
    long line;                       /* of the migration block, 0 none */
    long destinations_line;
    bool keep_share;                 /* enrolled: keep_share (default follow) */
} jh_migration;

/* Migrant children (随迁子女) joining at any grade: `grades[g]` children of
 * grade g+1 arrive in `year` (or every year with per_year), in the area's
 * villages by population or in one village; `public_share` of them enrol
 * in public schools (placed by the assignment rule), the rest go to
 * private schools and are only counted. */
typedef struct jh_inflow {
    int year;                        /* with per_year false */
    bool per_year;
    bool by_village;
    jh_area area;
    char *village;                   /* by_village: the village id */
    int grades[JH_NGRADES];
    double public_share;             /* 1.0 */
    long line;
} jh_inflow;

/* Travel on a road network (data.roads, travel:, rules.road_speeds;
 * README "Road network"). */
typedef enum { JH_TRAVEL_WALK = 0, JH_TRAVEL_BIKE, JH_TRAVEL_BUS, JH_NTRAVEL_MODES } jh_travel_mode;
typedef struct jh_road_speed {
    char *road_class;                /* the value of the layer's class field */
    double kmh;
    long line;
} jh_road_speed;
typedef struct jh_travel_rules {
    char *roads_path;                /* data.roads; NULL: no road network */
    double snap_m;                   /* data.road_snap_m: 1 */
    bool junctions_at_ends;          /* data.road_junctions: ends (default vertices) */
    jh_travel_mode mode[JH_NLEVELS]; /* travel.primary: walk, travel.junior: bus */
    double walk_kmh, bike_kmh;       /* travel.walk_kmh 4.5, travel.bike_kmh 12 */
    double search_factor;            /* travel.search_factor: 3 (x the level's distance_km) */
    double connector_warn_m;         /* travel.connector_warn_m: 500 */
    jh_road_speed *speeds;           /* rules.road_speeds (defaults when not given) */
    size_t n_speeds;
    bool speeds_given;
} jh_travel_rules;

/* Sets the defaults above (and the default road speeds) over whatever t
 * held (nothing is freed); false when out of memory. */
bool jh_travel_rules_default(jh_travel_rules *t);
void jh_travel_rules_free(jh_travel_rules *t);
const char *jh_travel_mode_name(jh_travel_mode m);

typedef struct jh_scenario {
    char *name;
    char *path;                    /* the scenario file */
    char *dir;                     /* its folder: data paths are relative to it */
    /* data, as absolute or scenario-relative-resolved paths */
    char *schools_path;
    char *villages_path;
    char *projections_path;        /* NULL when absent */
    char *teachers_path;
    char *travel_costs_path;
    char *migration_path;          /* migration.csv; NULL when absent */
    char *boundaries_path;         /* data.boundaries (areas for the map); NULL when absent */
    char *crs;                     /* NULL: from .prj / UTM zone */
    long crs_line;                 /* line of data.crs in the file, for messages */
    jh_field_map *fields;
    size_t n_fields;
    jh_value_map *values;          /* data.values */
    size_t n_values;
    jh_where *where;               /* data.where */
    size_t n_where;
    char *geometry_x, *geometry_y; /* data.geometry: coordinate columns, or NULL */
    jh_stat_table *tables;         /* data.school_tables, data.village_tables */
    size_t n_tables;
    int start_year, end_year;
    jh_standard standard;
    jh_rules rules;
    jh_assignment assignment;
    jh_intervention *interventions;
    size_t n_interventions;
    jh_teacher_policy teachers;
    jh_consolidation_request consolidation;
    jh_schedule_request schedule;
    jh_assessed assessed;
    jh_migration migration;
    jh_inflow *inflows;
    size_t n_inflows;
    jh_warnings warnings;          /* legal but suspicious keys (old names) */
    jh_travel_rules travel;        /* data.roads, travel:, rules.road_speeds */
    /* What a run keeps of each year beyond the figures (set by the caller,
     * never read from YAML; 0 = everything). */
    enum {
        JH_KEEP_ALL = 0,   /* cells and flows of every year (optimisers) */
        JH_KEEP_WRITERS,   /* every year's cells; flows of the base and final
                              years only (what `run`'s writers read) */
        JH_KEEP_FIGURES    /* no cells, only the final year's flows (sweep
                              variants, look-ahead references, benchmarks) */
    } run_keep;
} jh_scenario;

/* The defaults of STANDARDS.md. */
void jh_rules_default(jh_rules *r);

/* The teacher policy a scenario without `teachers` gets (README). */
void jh_teacher_policy_default(jh_teacher_policy *t);

/* Sets what a scenario file may leave out: the rules (jh_rules_default),
 * the teacher policies, the optimiser request, the quality standard and the
 * nearest_with_capacity assignment. Nothing else is touched. */
void jh_scenario_set_defaults(jh_scenario *s);

void jh_scenario_free(jh_scenario *s);

/* Appends a zeroed intervention to s (an optimiser writing its proposal);
 * NULL when out of memory. The scenario owns what the caller puts in it. */
jh_intervention *jh_scenario_add_intervention(jh_scenario *s);

const char *jh_intervention_kind_name(jh_intervention_kind k);

#endif
