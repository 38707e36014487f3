/* junheng validate: placeholder until its module lands (work in progress). */
#include <stdio.h>
#include "cli.h"
int jh_cmd_validate(int argc, char **argv)
{
    (void)argc; (void)argv;
    fprintf(stderr, "junheng validate: not available in this build yet\n");
    return 1;
}
