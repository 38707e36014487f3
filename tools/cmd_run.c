/* junheng run: placeholder until its module lands (work in progress). */
#include <stdio.h>
#include "cli.h"
int jh_cmd_run(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "junheng run: not available in this build yet\n");
    return 1;
}
