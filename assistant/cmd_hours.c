/* cmd_hours.c -- kefu hours: the flexible-hours tracker. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_hours(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu hours");
}

