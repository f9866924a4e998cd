/* cli.h -- the command-line shell shared by every command family.
 *
 * main.c parses the global options of the contract (ARCHITECTURE.md), builds
 * a kefu_ctx and dispatches through the table in cli.c to one function per
 * command family (cmd_*.c). A command returns the exit status:
 * 0 success, 1 runtime error, 2 usage error.
 */
#ifndef KEFU_CLI_H
#define KEFU_CLI_H

#include <stdbool.h>
#include "a11y.h"
#include "kb.h"

struct kefu_config;

enum { KEFU_EXIT_OK = 0, KEFU_EXIT_FAIL = 1, KEFU_EXIT_USAGE = 2 };

struct kefu_ctx {
    /* global options, after defaults, config, environment and command line */
    const char *db_path;        /* resolved path of the database */
    const char *db_source;      /* "--db", "KEFU_DB", "XDG_DATA_HOME", "HOME" */
    const char *config_path;    /* resolved path of config.ini (may not exist) */
    const char *user;           /* trainee name */
    const char *lang;           /* "zh" or "en" */
    const char *speech;         /* "auto", "espeak", "speechd", "none" */
    bool json;                  /* --json */
    a11y_out_t *out;            /* every line goes through here */
    struct kefu_config *cfg;    /* the effective settings (config.h) */
    kb_t *kb;                   /* opened on demand by kefu_kb() */
    tts_t *tts;                 /* opened on demand by kefu_tts() */
    const char *argv0;
};

/* Open the database once (creating it) and return it, or NULL after printing
 * the error through ctx->out. The context owns it. */
kb_t *kefu_kb(struct kefu_ctx *ctx);

/* Open the speech backend the settings ask for, once; on failure say so in
 * text and fall back to "none" (never silence without a word). Never NULL
 * unless out of memory. The context owns it. */
tts_t *kefu_tts(struct kefu_ctx *ctx);

/* A usage error: "kefu: error: WHAT. Try: kefu help CMD" and returns 2. */
int kefu_usage(struct kefu_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A runtime error: "kefu: error: WHAT. Try: FIX" and returns 1. */
int kefu_fail(struct kefu_ctx *ctx, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One command family. argv[0] is the command name; options after it are the
 * command's own (the global ones were already removed). */
typedef int (*kefu_cmd_fn)(struct kefu_ctx *ctx, int argc, char **argv);

struct kefu_command {
    const char *name;
    kefu_cmd_fn run;
    const char *synopsis;       /* untranslated; shown through gettext */
    const char *summary;        /* one line, untranslated msgid */
    const char *help;           /* the whole `kefu help NAME` text, msgid */
};

/* The dispatch table (cli.c), terminated by a NULL name. */
extern const struct kefu_command kefu_commands[];
const struct kefu_command *kefu_command_find(const char *name);

/* The command families, one file each. */
int cmd_practice(struct kefu_ctx *ctx, int argc, char **argv); /* cmd_practice.c */
int cmd_drill(struct kefu_ctx *ctx, int argc, char **argv);    /* cmd_drill.c */
int cmd_kb(struct kefu_ctx *ctx, int argc, char **argv);       /* cmd_kb.c */
int cmd_order(struct kefu_ctx *ctx, int argc, char **argv);    /* cmd_kb.c */
int cmd_say(struct kefu_ctx *ctx, int argc, char **argv);      /* cmd_say.c */
int cmd_listen(struct kefu_ctx *ctx, int argc, char **argv);   /* cmd_listen.c */
int cmd_hours(struct kefu_ctx *ctx, int argc, char **argv);    /* cmd_hours.c */
int cmd_progress(struct kefu_ctx *ctx, int argc, char **argv); /* cmd_progress.c */
int cmd_report(struct kefu_ctx *ctx, int argc, char **argv);   /* cmd_progress.c */
int cmd_keys(struct kefu_ctx *ctx, int argc, char **argv);     /* cmd_keys.c */
int cmd_phrases(struct kefu_ctx *ctx, int argc, char **argv);  /* cmd_keys.c */
int cmd_config(struct kefu_ctx *ctx, int argc, char **argv);   /* cmd_config.c */
int cmd_help(struct kefu_ctx *ctx, int argc, char **argv);     /* cli.c */

/* Print the help of one command (or the overview for NULL). */
int kefu_print_help(struct kefu_ctx *ctx, const char *name);

#endif
