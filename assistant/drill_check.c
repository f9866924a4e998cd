/* drill_check.c -- `kefu drill check`. Not implemented yet: answers with a clear error. */
#include "drill.h"
#include "notyet.h"

int drill_check_main(struct kefu_ctx *ctx, int argc, char **argv)
{
    (void)argc; (void)argv;
    return kefu_not_yet(ctx, "kefu drill check");
}
