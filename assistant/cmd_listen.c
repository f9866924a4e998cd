/* cmd_listen.c -- kefu listen: speech recognition. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_listen(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu listen");
}

