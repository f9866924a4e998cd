/* cmd_practice.c -- `kefu practice`: the session lives in practice_session.c. */
#include "practice.h"

int cmd_practice(struct kefu_ctx *ctx, int argc, char **argv)
{
    return practice_main(ctx, argc, argv);
}
