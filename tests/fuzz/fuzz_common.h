/*
 * fuzz_common.h: what the fuzz harnesses share. Each harness defines
 * LLVMFuzzerTestOneInput (libFuzzer's entry point; AFL++ drives the same
 * function through its libFuzzer driver) and, built without libFuzzer,
 * replay_main.c calls it once per corpus file.
 *
 * A harness works in a private copy of tests/fuzz/template/ (a tiny
 * generated county: schools.* and villages.*), replacing one file with the
 * fuzzer's bytes and running the reader behind it, then putting the file
 * back. Inputs never crash, hang or leak: any outcome that is not a crash
 * (JH_OK or an error with a message) is fine.
 */
#ifndef JH_FUZZ_COMMON_H
#define JH_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef JH_FUZZ_TEMPLATE_DIR
#error "JH_FUZZ_TEMPLATE_DIR must name tests/fuzz/template"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[256];

static int fuzz_write(const char *name, const void *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = size ? fwrite(data, 1, size, f) : 0;
    return fclose(f) == 0 && n == size ? 0 : -1;
}

/* Copies the template into a fresh folder (once per process); the folder
 * is removed at exit. */
static void fuzz_remove_dir(void);
static const char *const FUZZ_TEMPLATE_FILES[] = {
    "schools.shp", "schools.shx", "schools.dbf", "schools.prj", "schools.cpg",
    "villages.shp", "villages.shx", "villages.dbf", "villages.prj", "villages.cpg"};

static int fuzz_restore(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", JH_FUZZ_TEMPLATE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return fuzz_write(name, buf, n);
}

static const char *fuzz_setup(void)
{
    if (fuzz_dir[0])
        return fuzz_dir;
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/jh-fuzz-XXXXXX");
    if (!mkdtemp(fuzz_dir)) {
        perror("jh fuzz: mkdtemp");
        abort();
    }
    for (size_t i = 0; i < sizeof FUZZ_TEMPLATE_FILES / sizeof *FUZZ_TEMPLATE_FILES; i++)
        if (fuzz_restore(FUZZ_TEMPLATE_FILES[i]) != 0) {
            fprintf(stderr, "jh fuzz: cannot copy %s from %s\n", FUZZ_TEMPLATE_FILES[i],
                    JH_FUZZ_TEMPLATE_DIR);
            abort();
        }
    atexit(fuzz_remove_dir);
    return fuzz_dir;
}

static void fuzz_remove_dir(void)
{
    static const char *const extra[] = {"s.yaml", "table.csv", "fuzz.yaml"};
    char path[512];
    for (size_t i = 0; i < sizeof FUZZ_TEMPLATE_FILES / sizeof *FUZZ_TEMPLATE_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", fuzz_dir, FUZZ_TEMPLATE_FILES[i]);
        unlink(path);
    }
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        snprintf(path, sizeof path, "%s/%s", fuzz_dir, extra[i]);
        unlink(path);
    }
    rmdir(fuzz_dir);
}

#endif
