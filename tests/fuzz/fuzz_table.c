/*
 * fuzz_table: one optional table (JH_FUZZ_TABLE: "projections",
 * "teachers" or "travel_costs") given the fuzzer's bytes and loaded with
 * the template county through the whole county loader: CSV parsing, ids
 * resolved against the layers, bounds, duplicates.
 */
#include "fuzz_common.h"

#include "county.h"
#include "input/inputs.h"
#include "scenario.h"
#include "sim/scenario_io.h"

#ifndef JH_FUZZ_TABLE
#error "JH_FUZZ_TABLE must be projections, teachers or travel_costs"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    static const char yaml[] = "name: fuzz\n"
                               "data: {schools: schools.shp, villages: villages.shp, "
                               "crs: \"EPSG:4547\", " JH_FUZZ_TABLE ": table.csv}\n"
                               "horizon: {start: 2025, end: 2027}\n";
    if (fuzz_write("s.yaml", yaml, sizeof yaml - 1) != 0 ||
        fuzz_write("table.csv", data, size) != 0)
        return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/s.yaml", fuzz_dir);
    jh_scenario sc;
    jh_error err = {0};
    if (jh_scenario_load(&sc, path, &err) != JH_OK) {
        fprintf(stderr, "jh fuzz: the harness's scenario does not load: %s\n", err.message);
        abort();
    }
    jh_county c;
    if (jh_county_load(&c, &sc, &err) == JH_OK)
        jh_county_free(&c);
    jh_scenario_free(&sc);
    return 0;
}
