/* cmd_progress.c -- kefu progress and kefu report. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_progress(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu progress");
}

int cmd_report(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu report");
}

