/* junheng optimise: placeholder until its module lands (work in progress). */
#include <stdio.h>
#include "cli.h"
int jh_cmd_optimise(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "junheng optimise: not available in this build yet\n");
    return 1;
}
