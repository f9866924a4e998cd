/* cmd_keys.c -- kefu keys and kefu phrases: key bindings and phrase completion. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_keys(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu keys");
}

int cmd_phrases(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu phrases");
}

