/* cmd_config.c -- `kefu config show`: every setting, its value and where it
 * came from, as "name: value (from ORIGIN)" lines, or JSON. With --verbose
 * (or at verbosity 3) each line also says what the setting does (the
 * description in config_keys.c; JSON always carries it as "help"), so a
 * trainee can learn what input.offer_list = 5 means without the manual. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"

/* What a known setting does, translated; "" for open-section entries
 * ([keys], [snippets]). */
static const char *key_help(const char *name)
{
    for (int i = 0; kefu_config_keys[i].name; i++)
        if (strcmp(kefu_config_keys[i].name, name) == 0)
            return kefu_config_keys[i].help ? _(kefu_config_keys[i].help) : "";
    return "";
}

struct show {
    struct kefu_ctx *ctx;
    bool verbose;
};

static void show_line(void *arg, const char *name, const char *value, const char *origin)
{
    const struct show *sh = arg;
    const char *help = sh->verbose ? key_help(name) : "";
    /* one line per setting, the description after "; " ("；" in Chinese) */
    a11y_data(sh->ctx->out, "%s: %s (%s %s)%s%s", name, *value ? value : _("(empty)"), _("from"),
              origin, *help ? _("; ") : "", help);
}

static void add_json(void *arg, const char *name, const char *value, const char *origin)
{
    json_t *arr = arg;
    json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "name", name, "value", value,
                                         "origin", origin, "help", key_help(name)));
}

int cmd_config(struct kefu_ctx *ctx, int argc, char **argv)
{
    bool verbose = a11y_out_verbosity(ctx->out) >= 3;
    if (argc == 3 && strcmp(argv[2], "--verbose") == 0) {
        verbose = true;
        argc = 2;
    }
    if (argc != 2 || strcmp(argv[1], "show") != 0)
        return kefu_usage(ctx, "config", argc < 2 ? _("'kefu config' needs a subcommand: show")
                                                  : _("unknown config subcommand or option '%s'"),
                          argc < 2 ? "" : argv[argc > 2 && strcmp(argv[1], "show") == 0 ? 2 : 1]);
    /* Opening the database creates it (the contract's first-run check) and
     * brings in saved choices, so what is shown is what a session would use. */
    if (!kefu_kb(ctx))
        return KEFU_EXIT_FAIL;
    if (ctx->json) {
        json_t *root = json_object();
        json_t *arr = json_array();
        config_each(ctx->cfg, add_json, arr);
        json_object_set_new(root, "settings", arr);
        json_object_set_new(root, "database", json_pack("{s:s, s:s}", "path", ctx->db_path,
                                                         "origin", ctx->db_source));
        json_object_set_new(root, "config_file", json_string(ctx->config_path ? ctx->config_path : ""));
        char *text = json_dumps(root, JSON_INDENT(2));
        json_decref(root);
        if (!text)
            return kefu_fail(ctx, _("close other programs and try again"), "out of memory");
        a11y_data(ctx->out, "%s", text);
        free(text);
        return KEFU_EXIT_OK;
    }
    a11y_data(ctx->out, "database: %s (%s %s)", ctx->db_path, _("from"), ctx->db_source);
    a11y_data(ctx->out, "config file: %s", ctx->config_path ? ctx->config_path : _("(none)"));
    struct show sh = {ctx, verbose};
    config_each(ctx->cfg, show_line, &sh);
    return KEFU_EXIT_OK;
}
