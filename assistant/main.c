/* main.c -- the kefu executable: global options, settings, dispatch.
 *
 * Global options may stand before or after the command name (trainers'
 * scripts write both); they are taken out of argv here, so each command sees
 * only its own options. "--" ends option processing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "paths.h"

struct globals {
    const char *db, *config, *user, *lang, *speech, *color, *verbosity, *switch_mode;
    bool json, plain, help, version;
};

/* Options that take a value: "--db PATH" or "--db=PATH". */
static const struct { const char *name; size_t off; } valued[] = {
    {"--db", offsetof(struct globals, db)},
    {"--config", offsetof(struct globals, config)},
    {"--user", offsetof(struct globals, user)},
    {"--lang", offsetof(struct globals, lang)},
    {"--speech", offsetof(struct globals, speech)},
    {"--color", offsetof(struct globals, color)},
    {"--colour", offsetof(struct globals, color)},
    {"--verbosity", offsetof(struct globals, verbosity)},
};

/* Remove global options from argv (in place). Returns the new argc, or -1
 * with a message in err. */
static int take_globals(int argc, char **argv, struct globals *g, char *err, size_t errlen)
{
    int out = 1;
    bool ended = false;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (ended || a[0] != '-' || a[1] != '-') {
            if (!ended && strcmp(a, "-h") == 0) { g->help = true; continue; }
            if (!ended && strcmp(a, "-V") == 0 && out == 1) { g->version = true; continue; }
            argv[out++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            ended = true;
            argv[out++] = a;
            continue;
        }
        if (strcmp(a, "--json") == 0) { g->json = true; continue; }
        if (strcmp(a, "--plain") == 0) { g->plain = true; continue; }
        if (strcmp(a, "--help") == 0) { g->help = true; continue; }
        if (strcmp(a, "--version") == 0) { g->version = true; continue; }
        /* --switch alone is two-switch access; --switch=scan one switch */
        if (strcmp(a, "--switch") == 0) { g->switch_mode = "two"; continue; }
        if (strncmp(a, "--switch=", 9) == 0) { g->switch_mode = a + 9; continue; }
        bool taken = false;
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
            size_t n = strlen(valued[k].name);
            const char **slot = (const char **)((char *)g + valued[k].off);
            if (strncmp(a, valued[k].name, n) != 0)
                continue;
            if (a[n] == '=') {
                *slot = a + n + 1;
            } else if (a[n] == '\0') {
                if (i + 1 >= argc) {
                    snprintf(err, errlen, _("option %s needs a value"), valued[k].name);
                    return -1;
                }
                *slot = argv[++i];
            } else {
                continue;
            }
            taken = true;
            break;
        }
        if (!taken)
            argv[out++] = a;    /* the command's own option */
    }
    argv[out] = NULL;
    return out;
}

static bool one_of(const char *v, const char *const *choices)
{
    for (; *choices; choices++)
        if (strcmp(v, *choices) == 0)
            return true;
    return false;
}

/* Layer environment and command line over the config file. */
static int apply_layers(struct kefu_ctx *ctx, const struct globals *g, const char *locale_lang)
{
    struct { const char *key, *env, *cli, *cliname; } layers[] = {
        {"general.lang", "KEFU_LANG", g->lang, "--lang"},
        {"general.user", "KEFU_USER", g->user, "--user"},
        {"general.speech", "KEFU_SPEECH", g->speech, "--speech"},
        {"output.color", NULL, g->color, "--color"},
        {"output.verbosity", NULL, g->verbosity, "--verbosity"},
        {"output.plain", NULL, g->plain ? "true" : NULL, "--plain"},
        {"input.switch", NULL, g->switch_mode, "--switch"},
    };
    char err[512];
    /* The locale's language counts only where the config file is silent. */
    if (strcmp(config_origin(ctx->cfg, "general.lang"), "default") == 0 && locale_lang)
        config_set(ctx->cfg, "general.lang", locale_lang, "LANG", err, sizeof err);
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        const char *env = layers[i].env ? getenv(layers[i].env) : NULL;
        if (env && *env && config_set(ctx->cfg, layers[i].key, env, layers[i].env, err, sizeof err) != 0) {
            char what[700];
            snprintf(what, sizeof what, "%s: %s", layers[i].env, err);
            a11y_error(ctx->out, what, _("fix or unset the environment variable"));
            return KEFU_EXIT_USAGE;
        }
        if (layers[i].cli &&
            config_set(ctx->cfg, layers[i].key, layers[i].cli, layers[i].cliname, err, sizeof err) != 0)
            return kefu_usage(ctx, NULL, "%s: %s", layers[i].cliname, err);
    }
    return KEFU_EXIT_OK;
}

/* A trainee name is shown, spoken and stored: printable UTF-8, short. */
static bool valid_user_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64)
        return false;
    const unsigned char *p = (const unsigned char *)name;
    while (*p) {
        int extra = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                  : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0 || (extra == 0 && (*p < 0x20 || *p == 0x7f)))
            return false;
        p++;
        for (int i = 0; i < extra; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static const char *default_user(void)
{
    const char *u = getenv("USER");
    if (!u || !*u)
        u = getenv("LOGNAME");
    return u && *u ? u : "trainee";
}

int main(int argc, char **argv)
{
    struct globals g = {0};
    struct kefu_ctx ctx = {.argv0 = argv[0]};
    char err[512];
    char *db_path = NULL, *config_path = NULL;
    int status = KEFU_EXIT_OK;

    /* Messages before the settings are known use the environment's language.
     * Read the locale's choice now: i18n_init() sets LANGUAGE itself. */
    const char *locale_lang = i18n_lang_from_env();
    const char *env_lang = getenv("KEFU_LANG");
    i18n_init(env_lang && strcmp(env_lang, "en") == 0 ? "en" : locale_lang ? locale_lang : "zh");

    struct a11y_out_options oo = {.color = -1, .verbosity = 2};
    a11y_out_t *early = NULL;
    if (a11y_out_new(&early, stdout, stderr, &oo) != 0) {
        fputs("kefu: error: out of memory.\n", stderr);
        return KEFU_EXIT_FAIL;
    }
    ctx.out = early;

    argc = take_globals(argc, argv, &g, err, sizeof err);
    if (argc < 0) {
        status = kefu_usage(&ctx, NULL, "%s", err);
        goto out;
    }
    if (g.lang) {
        static const char *const langs[] = {"zh", "en", NULL};
        if (!one_of(g.lang, langs)) {
            status = kefu_usage(&ctx, NULL, _("--lang takes zh or en, not '%s'"), g.lang);
            goto out;
        }
        i18n_init(g.lang);
    }
    if (clock_check_env(err, sizeof err) != 0) {
        a11y_error(ctx.out, err, _("unset KEFU_NOW or give it an offset, e.g. +08:00"));
        status = KEFU_EXIT_USAGE;
        goto out;
    }

    const char *cfg_source = NULL;
    int cfg_explicit = 0;
    config_path = kefu_config_path(g.config, &cfg_source, &cfg_explicit);
    int cfg_rc = config_load(&ctx.cfg, config_path, cfg_explicit, ctx.out);
    if (cfg_rc == 2 || !ctx.cfg) {
        status = KEFU_EXIT_FAIL;
        goto out;
    }
    if (cfg_rc == 1) {
        /* Bad values stop real work (a trainee must not practise with
         * settings they did not choose), but help and `config show` still
         * run so the problem can be looked at. */
        bool inspecting = g.help || g.version || argc < 2 ||
                          strcmp(argv[1], "config") == 0 || strcmp(argv[1], "help") == 0;
        if (!inspecting) {
            char what[4200];
            snprintf(what, sizeof what, _("the settings file %s has errors (listed above)"),
                     config_path);
            a11y_error(ctx.out, what, _("correct them; 'kefu config show' lists every setting"));
            status = KEFU_EXIT_FAIL;
            goto out;
        }
        a11y_warning(ctx.out, _("the settings with errors in %s keep their defaults"), config_path);
    }
    status = apply_layers(&ctx, &g, locale_lang);
    if (status != KEFU_EXIT_OK)
        goto out;

    ctx.config_path = config_path;
    ctx.lang = config_get(ctx.cfg, "general.lang");
    i18n_init(ctx.lang);
    ctx.user = *config_get(ctx.cfg, "general.user") ? config_get(ctx.cfg, "general.user")
                                                     : default_user();
    if (!valid_user_name(ctx.user)) {
        status = kefu_usage(&ctx, NULL, _("the trainee name must be 1 to 64 bytes of "
                                          "printable UTF-8 text (given: %.40s...)"), ctx.user);
        goto out;
    }
    ctx.speech = config_get(ctx.cfg, "general.speech");
    ctx.json = g.json;
    db_path = kefu_db_path(g.db, &ctx.db_source);
    ctx.db_path = db_path;

    /* The real output handle, now that colour and verbosity are known. */
    const char *color = config_get(ctx.cfg, "output.color");
    oo.color = strcmp(color, "always") == 0 ? 1 : strcmp(color, "never") == 0 ? 0 : -1;
    oo.plain = config_bool(ctx.cfg, "output.plain");
    oo.verbosity = (int)config_int(ctx.cfg, "output.verbosity");
    a11y_out_t *o = NULL;
    if (a11y_out_new(&o, stdout, stderr, &oo) != 0) {
        status = kefu_fail(&ctx, NULL, "out of memory");
        goto out;
    }
    a11y_out_free(early);
    early = NULL;
    ctx.out = o;

    if (g.version) {
        a11y_data(ctx.out, "kefu %s", KEFU_VERSION);
        goto out;
    }
    if (argc < 2) {
        status = kefu_print_help(&ctx, NULL);
        goto out;
    }
    if (argv[1][0] == '-') {
        status = kefu_usage(&ctx, NULL, _("unknown option '%s'"), argv[1]);
        goto out;
    }
    const struct kefu_command *cmd = kefu_command_find(argv[1]);
    if (!cmd) {
        status = kefu_usage(&ctx, NULL, _("unknown command '%s'"), argv[1]);
        goto out;
    }
    if (g.help) {
        status = kefu_print_help(&ctx, cmd == kefu_command_find("help") && argc > 2 ? argv[2] : cmd->name);
        goto out;
    }
    status = cmd->run(&ctx, argc - 1, argv + 1);

out:
    tts_close(ctx.tts);
    kb_close(ctx.kb);
    config_free(ctx.cfg);
    a11y_out_free(ctx.out == early ? NULL : ctx.out);
    a11y_out_free(early);
    free(db_path);
    free(config_path);
    return status;
}
