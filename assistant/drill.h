/* drill.h -- `kefu drill check` (drill_check.c) and `kefu drill run`
 * (drill_run.c); cmd_drill.c only dispatches between them. */
#ifndef KEFU_DRILL_H
#define KEFU_DRILL_H
#include "cli.h"
int drill_check_main(struct kefu_ctx *ctx, int argc, char **argv); /* argv[0]="check" */
int drill_run_main(struct kefu_ctx *ctx, int argc, char **argv);   /* argv[0]="run" */
#endif
