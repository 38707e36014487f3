/*
 * junheng: the command. Dispatches to one subcommand per file
 * (tools/cmd_*.c); see DESIGN.md, "Command line".
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: junheng <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate S.yaml                 load and check a scenario's data; no outputs\n"
    "  run S.yaml -o OUT               simulate a scenario year by year\n"
    "  compare A.yaml B.yaml ... -o OUT  run several scenarios side by side\n"
    "  optimise S.yaml -o OUT          propose a consolidation plan (OUT/plan.yaml)\n"
    "  sweep S.yaml -o OUT [--jobs N]  run a scenario's variants (grid, Monte Carlo)\n"
    "  travel S.yaml -o od.csv         write the road network's travel costs as od.csv\n"
    "  template DIR                    write ready-to-fill input files for a county's own data\n"
    "  generate --schools N --villages M --seed K DIR   write a synthetic county\n"
    "\n"
    "Each command takes --help. Exit status: 0 success, 1 failure while\n"
    "running, 2 bad usage or bad input.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("junheng %s\n", JH_VERSION);
        return 0;
    }
    if (strcmp(cmd, "validate") == 0)
        return jh_cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return jh_cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return jh_cmd_compare(argc - 1, argv + 1);
    if (strcmp(cmd, "optimise") == 0 || strcmp(cmd, "optimize") == 0)
        return jh_cmd_optimise(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return jh_cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "generate") == 0)
        return jh_cmd_generate(argc - 1, argv + 1);
    if (strcmp(cmd, "travel") == 0)
        return jh_cmd_travel(argc - 1, argv + 1);
    if (strcmp(cmd, "template") == 0)
        return jh_cmd_template(argc - 1, argv + 1);
    fprintf(stderr, "junheng: unknown command '%s'\n\n%s", cmd, usage);
    return 2;
}
