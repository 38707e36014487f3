/* junheng compare: placeholder until its module lands (work in progress). */
#include <stdio.h>
#include "cli.h"
int jh_cmd_compare(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "junheng compare: not available in this build yet\n");
    return 1;
}
