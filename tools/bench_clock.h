/*
 * The clocks the benchmark drivers (tools/bench_*.c) read: wall seconds
 * on the monotonic clock, the process's CPU seconds so far (a shared
 * machine's load shows less in them than in wall time) and its minor page
 * faults so far.
 */
#ifndef JH_BENCH_CLOCK_H
#define JH_BENCH_CLOCK_H

#include <sys/resource.h>
#include <time.h>

static inline double bench_wall_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline double bench_cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline long bench_minor_faults(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

#endif
