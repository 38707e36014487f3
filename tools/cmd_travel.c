/*
 * junheng travel S.yaml -o od.csv: the travel costs the scenario's road
 * network gives (data.roads; README "Road network"), written in the
 * od.csv format (village_id, school_id, cost; each village's schools by
 * ascending cost) so they can be inspected, and reused as
 * data.travel_costs with the same data.travel_cost_units: a run on that
 * od.csv gives the same results byte for byte. The file is written
 * beside its destination and renamed into place, so nothing half-written
 * is left. Also: the road summary validate prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output/format.h"
#include "sim/scenario_io.h"

static const char usage[] =
    "usage: junheng travel S.yaml -o od.csv\n"
    "\n"
    "Builds the travel costs of the scenario's road network (data.roads) and\n"
    "writes them as od.csv: village_id, school_id, cost (metres or minutes, as\n"
    "travel.units says). Pairs beyond the search bound are absent, as in any\n"
    "od.csv. Use it as data.travel_costs (with data.travel_cost_units) to\n"
    "reproduce the run without the road layer.\n"
    "\n"
    "options:\n"
    "  -o FILE      the od.csv to write (required)\n"
    "  --help       this text\n"
    "\n"
    "Exit status: 0 written, 2 bad usage or bad input, 1 failure while running.\n";

void jh_cli_print_roads(const jh_county *c)
{
    const jh_road_stats *r = &c->roads;
    if (!r->given)
        return;
    printf("roads: %zu lines, %zu segments, %zu junctions and vertices; %zu connected "
           "component%s (largest %zu nodes)\n",
           r->lines, r->segments, r->nodes, r->components, r->components == 1 ? "" : "s",
           r->largest_component);
    if (r->villages_unjoined || r->schools_unjoined)
        printf("  no road their travel mode may use: %zu villages, %zu schools (unreachable)\n",
               r->villages_unjoined, r->schools_unjoined);
    if (r->connector_max_id[0])
        printf("  connectors: median %.0f m (villages), longest %.0f m (%s); longer than %.0f m: "
               "%zu villages, %zu schools\n",
               r->connector_median_m, r->connector_max_m, r->connector_max_id,
               r->connector_warn_m, r->villages_far, r->schools_far);
    if (r->catchment_unreachable)
        printf("  catchment schools not reachable by road: %zu (first: %s)\n",
               r->catchment_unreachable, r->catchment_unreachable_first);
    else
        printf("  catchment schools not reachable by road: 0\n");
    if (isnan(r->ratio_median))
        printf("  road / straight-line distance: not computed (costs are minutes)\n");
    else
        printf("  road / straight-line distance to the nearest school by road: median %.2f, "
               "p95 %.2f\n",
               r->ratio_median, r->ratio_p95);
}

int jh_cmd_travel(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' || path) {
            fprintf(stderr, "junheng: travel: unexpected argument '%s'\n\n%s", argv[i], usage);
            return 2;
        }
        path = argv[i];
    }
    if (!path || !out) {
        fprintf(stderr, "junheng: travel: expected S.yaml and -o od.csv\n\n%s", usage);
        return 2;
    }
    jh_scenario sc;
    jh_county *c;
    jh_error err;
    jh_status st = jh_cli_load(path, &sc, &c, &err);
    if (st != JH_OK)
        return jh_cli_fail("travel", st, &err);
    int rc = 0;
    if (!c->roads.given) {
        fprintf(stderr, "junheng: travel: %s: expected data.roads (a road layer) to compute "
                        "travel costs from\n", path);
        rc = 2;
        goto done;
    }
    size_t n = strlen(out) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        rc = 1;
        goto done;
    }
    snprintf(tmp, n, "%s.tmp-%ld", out, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "junheng: travel: %s: cannot write\n", out);
        free(tmp);
        rc = 1;
        goto done;
    }
    fputs("village_id,school_id,cost\n", f);
    for (size_t v = 0; v < c->n_villages; v++)
        for (size_t k = c->od.start[v]; k < c->od.start[v + 1]; k++) {
            jh_csv_field(f, c->villages[v].id);
            fputc(',', f);
            jh_csv_field(f, c->schools[c->od.school[k]].id);
            fprintf(f, ",%.3f\n", c->od.cost[k]);
        }
    bool ok = !ferror(f);
    ok &= fclose(f) == 0;
    if (!ok || rename(tmp, out) != 0) {
        remove(tmp);
        fprintf(stderr, "junheng: travel: %s: write failed\n", out);
        rc = 1;
    } else {
        printf("%s: %zu village-school pairs, in %s\n", out, c->od.n,
               c->od.minutes ? "minutes" : "metres");
    }
    free(tmp);
done:
    jh_county_free(c);
    free(c);
    jh_scenario_free(&sc);
    return rc;
}
