/* cmd_drill.c -- `kefu drill check|run`: dispatch only. */
#include <string.h>
#include "drill.h"
#include "i18n.h"

int cmd_drill(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return kefu_usage(ctx, "drill", _("'kefu drill' needs a subcommand: check or run"));
    if (strcmp(argv[1], "check") == 0)
        return drill_check_main(ctx, argc - 1, argv + 1);
    if (strcmp(argv[1], "run") == 0)
        return drill_run_main(ctx, argc - 1, argv + 1);
    return kefu_usage(ctx, "drill", _("unknown drill subcommand '%s'"), argv[1]);
}
