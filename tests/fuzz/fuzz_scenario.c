/* fuzz_scenario: the scenario loader (YAML, every key and value check). */
#include "fuzz_common.h"

#include "scenario.h"
#include "sim/scenario_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (fuzz_write("fuzz.yaml", data, size) != 0)
        return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/fuzz.yaml", fuzz_dir);
    jh_scenario sc;
    jh_error err = {0};
    if (jh_scenario_load(&sc, path, &err) == JH_OK)
        jh_scenario_free(&sc);
    return 0;
}
