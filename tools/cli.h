/*
 * cli: the `junheng` subcommands. Each returns the process exit status:
 * 0 success, 1 failure while running, 2 bad usage or bad input.
 */
#ifndef JH_CLI_H
#define JH_CLI_H

int jh_cmd_validate(int argc, char **argv);
int jh_cmd_run(int argc, char **argv);
int jh_cmd_compare(int argc, char **argv);
int jh_cmd_optimise(int argc, char **argv);
int jh_cmd_generate(int argc, char **argv);

#endif
