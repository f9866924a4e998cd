/* cmd_say.c -- kefu say: speech output. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_say(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu say");
}

