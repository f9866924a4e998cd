/* notyet.c -- the honest answer of a command that has not landed yet. */
#include "i18n.h"
#include "notyet.h"

int kefu_not_yet(struct kefu_ctx *ctx, const char *what)
{
    return kefu_fail(ctx, _("see README.md for what works today"),
                     _("'%s' is not available in this build yet"), what);
}
