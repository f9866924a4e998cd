/* cli.c -- the command table, help texts, and the services commands share
 * (opening the database and the speech backend, error forms). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"

const struct kefu_command kefu_commands[] = {
    {"practice", cmd_practice, "kefu practice [--tier T] [--drill FILE] [--count N] [--resume]",
     N_("practise answering customers (the main job)"),
     N_("Practise answering simulated customers. kefu reads each customer line aloud\n"
        "and prints it; answer by typing or by voice, and hear your score and what to\n"
        "say better. Single keys at the prompt: see 'kefu keys'.\n"
        "  --tier T      basic, intermediate or advanced (default: your current tier)\n"
        "  --drill FILE  run a trainer's drill file instead of the library\n"
        "  --count N     how many scenarios this session (default 3)\n"
        "  --resume      continue the session that was interrupted\n"
        "When the input is not a terminal, answers are read one per line; commands\n"
        "are then typed as /hint, /repeat, /skip, /help, /quit.\n"
        "Setting input.offer_list = N (1-9) keeps N numbered offers in view while you\n"
        "type: a digit takes one, Escape then a digit types the digit.")},
    {"drill", cmd_drill,
     "kefu drill check FILE... [--json] | kefu drill run FILE --answers FILE|--answers-wav DIR|"
     "--model-answers [--json]",
     N_("check or run a trainer's drill files"),
     N_("kefu drill check FILE...   report every problem as FILE:LINE:COL (exit 1 if any error)\n"
        "kefu drill run FILE --answers ANSWERS [--json]\n"
        "                           score one answer per line per turn, in order\n"
        "kefu drill run FILE --answers-wav DIR\n"
        "                           the same from recordings 001.wav, 002.wav, ...\n"
        "kefu drill run FILE --model-answers\n"
        "                           check each rubric against its own model answer\n"
        "drill run stores nothing; to record a trainee's practice: kefu practice --drill FILE")},
    {"kb", cmd_kb,
     "kefu kb search QUERY [--tier T] [--limit N] [--json] | show SLUG | list [--tier T] | import PATH",
     N_("search and extend the knowledge base"),
     N_("kefu kb search QUERY [--tier T] [--limit N] [--json]   what do I say to this customer?\n"
        "kefu kb show SLUG                                      a whole scenario or policy\n"
        "kefu kb list [--tier T]                                every scenario\n"
        "kefu kb import PATH                                    add a trainer's files (all or nothing)")},
    {"order", cmd_order, "kefu order show NUMBER [--json]",
     N_("look up a practice order"),
     N_("kefu order show NUMBER   status, item, courier, tracking and events of a practice order")},
    {"say", cmd_say,
     "kefu say [--wav FILE] [--voice V] [--rate WPM] [--pitch P] [--volume V] [--dry-run] "
     "[--phonemes] TEXT|- | --list-voices",
     N_("speak text, or write the speech to a WAV file"),
     N_("kefu say [--wav FILE] [--voice V] [--rate WPM] [--pitch P] [--volume V] TEXT\n"
        "                  (- reads standard input; the text is printed before it is spoken)\n"
        "  --dry-run       print the plan instead of speaking: each language run, its voice\n"
        "                  and the text after number rewriting\n"
        "  --phonemes      the same plan, with eSpeak NG's phonemes\n"
        "kefu say --list-voices")},
    {"listen", cmd_listen, "kefu listen [--wav FILE] [--grammar commands|answers] [--json] | --enrol ...",
     N_("recognise speech from the microphone or a WAV file"),
     N_("kefu listen [--wav FILE] [--grammar commands|answers] [--json]\n"
        "Prints what was heard and, for commands, the command understood; speech that\n"
        "is not clearly a command is rejected (please say it again), never acted on.\n"
        "kefu listen --enrol [--wav-dir DIR | --wav FILE...] [--json]\n"
        "Say 19 short phrases once (or give recordings named by phrase); kefu keeps the\n"
        "setting (frequency warp) that recognises your voice best, for you and this\n"
        "speech model. kefu listen --enrol --list shows the phrases and file names;\n"
        "kefu listen --enrolment shows what is stored.")},
    {"hours", cmd_hours, "kefu hours start|stop|pause|resume|status|add|undo|log|edit|delete|report ...",
     N_("track work time, breaks and the daily window"),
     N_("kefu hours start [TAG...] [--at T] [--continue]   start working\n"
        "kefu hours stop [--at T]             stop working\n"
        "kefu hours pause | resume [--at T]   a break, then back to work\n"
        "kefu hours status                    what is running, today's total, time left\n"
        "kefu hours add --from T --to T [TAG...]   time worked but not tracked live\n"
        "kefu hours undo                      undo the last change\n"
        "kefu hours log [--day|--week|--month|--from DATE --to DATE] [--json|--csv]\n"
        "kefu hours edit ID [--from T] [--to T] [TAG...|--no-tags] | delete ID\n"
        "kefu hours report [--day|--week|--month|--from DATE --to DATE] [--json|--csv]\n"
        "Times: 2026-03-01T09:00 (local), with an offset (+08:00), or HH:MM for today.\n"
        "--continue counts again after the daily maximum or outside the window.")},
    {"progress", cmd_progress, "kefu progress [--json] [--set-tier T]",
     N_("your tier, scores per category and weakest skills"),
     N_("kefu progress [--json]           tier, averages per category, weakest skills, streaks\n"
        "kefu progress --set-tier T       (trainers) set a trainee's tier")},
    {"report", cmd_report, "kefu report [--user U] [--transcripts] [--json|--csv]",
     N_("a trainer's report of transcripts, scores, tiers and hours"),
     N_("kefu report [--user U] [--transcripts] [--json|--csv]\n"
        "Scores, tiers and hours per trainee; --transcripts adds every turn's answer.")},
    {"keys", cmd_keys,
     "kefu keys [--json] | kefu keys --try [--switch[=two|scan]] [--limit SECONDS] [--customer TEXT]",
     N_("the key bindings, one per line"),
     N_("kefu keys   every single-key command and its key; remap them in the [keys]\n"
        "section of the config file\n"
        "kefu keys --try   try the keys at a practice prompt (nothing is scored); q ends\n"
        "  --switch[=two|scan]  with switch access\n"
        "  --limit SECONDS      with a time limit (1-6000), to try the warning and extension\n"
        "  --customer TEXT      the customer line to answer")},
    {"phrases", cmd_phrases, "kefu phrases [ksr FILE [--learn] [--offers N] [--json]]",
     N_("phrase completion, snippets and keystroke savings"),
     N_("kefu phrases           the snippets you can type\n"
        "kefu phrases ksr FILE  keystroke savings on one answer per line (- reads standard input)\n"
        "  --learn     each answer joins the corpus after it is measured, as in a session\n"
        "  --offers N  measure the list of N offers in view (1-9, a digit takes one; the\n"
        "              setting input.offer_list) instead of the single offer taken by Tab\n"
        "  --json      the figures as JSON")},
    {"config", cmd_config, "kefu config show [--verbose]",
     N_("show the effective settings and where each came from"),
     N_("kefu config show   every setting, its value and where it came from\n"
        "(default, FILE:LINE, saved, an environment variable or an option)\n"
        "  --verbose   also what each setting does (so does --verbosity 3)")},
    {"help", cmd_help, "kefu help [COMMAND]",
     N_("help on a command"),
     N_("kefu help COMMAND   the options of one command")},
    {NULL, NULL, NULL, NULL, NULL},
};

const struct kefu_command *kefu_command_find(const char *name)
{
    for (const struct kefu_command *c = kefu_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static const char *const global_help =
    N_("Global options:\n"
       "  --db PATH            the database (default: $XDG_DATA_HOME/kefu/kefu.db)\n"
       "  --config PATH        the settings file (default: $XDG_CONFIG_HOME/kefu/config.ini)\n"
       "  --user NAME          the trainee (default: your login name)\n"
       "  --lang zh|en         language of messages\n"
       "  --speech auto|espeak|speechd|none   how kefu speaks (none: text only)\n"
       "  --json               machine-readable output where offered\n"
       "  --plain              no colour or escapes, even in a terminal\n"
       "  --color auto|always|never\n"
       "  --verbosity 1|2|3    terse, normal or verbose\n"
       "  --switch[=two|scan]  switch access: Space moves, Enter chooses (scan: one key)\n"
       "  --help, --version\n"
       "Exit status: 0 success, 1 runtime error, 2 usage error.");

int kefu_print_help(struct kefu_ctx *ctx, const char *name)
{
    if (name) {
        const struct kefu_command *c = kefu_command_find(name);
        if (!c)
            return kefu_usage(ctx, NULL, _("unknown command '%s'"), name);
        a11y_data(ctx->out, "%s%s%s", _("Usage"), a11y_tag_sep(), c->synopsis);
        a11y_data(ctx->out, "%s", _(c->summary));
        a11y_data(ctx->out, "%s", _(c->help));
        return KEFU_EXIT_OK;
    }
    a11y_data(ctx->out, "%s", _("kefu -- customer-service practice and job support"));
    a11y_data(ctx->out, "%s%skefu COMMAND [options]", _("Usage"), a11y_tag_sep());
    a11y_data(ctx->out, "%s", _("Commands:"));
    for (const struct kefu_command *c = kefu_commands; c->name; c++)
        a11y_data(ctx->out, "  %s%s%s", c->name, a11y_tag_sep(), _(c->summary));
    a11y_data(ctx->out, "%s", _(global_help));
    a11y_data(ctx->out, "%s", _("More: kefu help COMMAND, man kefu."));
    return KEFU_EXIT_OK;
}

int cmd_help(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc > 2)
        return kefu_usage(ctx, "help", _("'kefu help' takes at most one command name"));
    return kefu_print_help(ctx, argc == 2 ? argv[1] : NULL);
}

int kefu_usage(struct kefu_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    char what[1024], fix[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (cmd)
        snprintf(fix, sizeof fix, "kefu help %s", cmd);
    else
        snprintf(fix, sizeof fix, "kefu --help");
    a11y_error(ctx->out, what, fix);
    return KEFU_EXIT_USAGE;
}

int kefu_fail(struct kefu_ctx *ctx, const char *fix, const char *fmt, ...)
{
    char what[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    a11y_error(ctx->out, what, fix);
    return KEFU_EXIT_FAIL;
}

/* ---- shared services ------------------------------------------------------ */

static const char *fix_for(int status)
{
    switch (status) {
    case KB_TOONEW: return _("use the newer kefu, or another database with --db");
    case KB_CORRUPT: return _("restore a backup copy; kefu left this file as it was");
    case KB_NOTDB: return _("check the path given with --db or KEFU_DB");
    case KB_BUSY: return _("close other kefu windows that are importing, then try again");
    case KB_IO: return _("check that the folder exists and is writable, or choose another with --db");
    default: return _("check the database path given with --db or KEFU_DB");
    }
}

/* Saved choices (e.g. a speech rate changed with a key) sit above the config
 * file but below the environment and the command line. */
static void apply_saved(struct kefu_ctx *ctx, kb_t *kb)
{
    for (int i = 0; kefu_config_keys[i].name; i++) {
        const char *name = kefu_config_keys[i].name;
        const char *origin = config_origin(ctx->cfg, name);
        if (strcmp(origin, "default") != 0 && strchr(origin, ':') == NULL)
            continue;               /* environment or command line wins */
        char *value = NULL;
        if (kb_setting_get(kb, ctx->user, name, &value) == KB_OK && value) {
            char err[256];
            if (config_set(ctx->cfg, name, value, "saved", err, sizeof err) != 0)
                a11y_warning(ctx->out, _("ignoring the saved value of %s: %s"), name, err);
        }
        free(value);
    }
}

kb_t *kefu_kb(struct kefu_ctx *ctx)
{
    if (ctx->kb)
        return ctx->kb;
    if (!ctx->db_path) {
        kefu_fail(ctx, _("set HOME, or give a path with --db"),
                  _("cannot tell where the database should be"));
        return NULL;
    }
    kb_t *kb = NULL;
    int rc = kb_open(&kb, ctx->db_path, KB_OPEN_CREATE);
    if (rc != KB_OK) {
        kefu_fail(ctx, fix_for(rc), _("cannot open the database: %s"), kb_errmsg(kb));
        kb_close(kb);
        return NULL;
    }
    ctx->kb = kb;
    apply_saved(ctx, kb);
    return kb;
}

tts_t *kefu_tts(struct kefu_ctx *ctx)
{
    if (ctx->tts)
        return ctx->tts;
    struct tts_options opts = {
        .voice = *config_get(ctx->cfg, "speech.voice") ? config_get(ctx->cfg, "speech.voice") : NULL,
        .rate_wpm = (int)config_int(ctx->cfg, "speech.rate"),
        .pitch = (int)config_int(ctx->cfg, "speech.pitch"),
        .volume = (int)config_int(ctx->cfg, "speech.volume"),
    };
    opts.lang = ctx->lang;
    tts_t *t = NULL;
    int rc = tts_open(&t, ctx->speech, &opts);
    /* The Chinese voice is set apart from the English one (tts_set_voice
     * routes a Chinese voice to Chinese runs). */
    const char *voice_zh = config_get(ctx->cfg, "speech.voice_zh");
    if (rc == TTS_OK && *voice_zh && tts_set_voice(t, voice_zh) != TTS_OK)
        a11y_warning(ctx->out, _("speech.voice_zh: %s; using the default Chinese voice"),
                     tts_errmsg(t));
    if (rc != TTS_OK) {
        a11y_warning(ctx->out, _("speech is not available (%s); carrying on in text"),
                     tts_errmsg(t));
        tts_close(t);
        t = NULL;
        if (tts_open(&t, "none", &opts) != TTS_OK) {
            tts_close(t);
            return NULL;
        }
    }
    ctx->tts = t;
    a11y_out_set_tts(ctx->out, t);
    return t;
}
