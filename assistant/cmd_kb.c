/* cmd_kb.c -- kefu kb and kefu order: the knowledge base and practice orders. Not implemented yet: answers with a clear error. */
#include "notyet.h"

int cmd_kb(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu kb");
}

int cmd_order(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu order");
}

