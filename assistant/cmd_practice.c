/* cmd_practice.c -- the practice session. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_practice(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu practice");
}

