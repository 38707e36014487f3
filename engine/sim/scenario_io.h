/*
 * scenario_io: a scenario (scenario.h) read from and written to its YAML
 * file (DESIGN.md, "Scenario files"). Reading (scenario_read.c) checks every
 * key and value and names the file, line, key and what was expected;
 * writing (scenario_write.c) is how the optimiser's proposal becomes
 * plan.yaml. Each intervention kind reads and writes its own entries
 * (sim/interventions/).
 */
#ifndef JH_SCENARIO_IO_H
#define JH_SCENARIO_IO_H

#include <stddef.h>

#include "jh_error.h"
#include "scenario.h"

/* Parses a scenario file. On error returns JH_ERR_INPUT with
 * "FILE: line N: key K: expected ..." and leaves *out zeroed. */
jh_status jh_scenario_load(jh_scenario *out, const char *path, jh_error *err);
/* Parses YAML text held in memory; `path` is used for messages and for
 * resolving relative data paths. */
jh_status jh_scenario_parse(jh_scenario *out, const char *text, size_t len,
                            const char *path, jh_error *err);

/* Writes the scenario back as YAML (libyaml emitter), such that
 * jh_scenario_load reads the same scenario. Data paths are written
 * relative to `out_dir` (where the file will live). Used for plan.yaml. */
jh_status jh_scenario_write(const jh_scenario *s, const char *path,
                            const char *out_dir, jh_error *err);

#endif
