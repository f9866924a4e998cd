/* cmd_keys.c -- `kefu keys` (the single-key bindings), `kefu phrases` (the
 * trainers' snippets) and `kefu phrases ksr FILE` (keystroke savings of
 * phrase completion on answers it has not seen).
 *
 * `kefu keys --try` is a small practice prompt without scoring: it prints
 * a customer line and echoes what each key or answer does. It is how a
 * trainee can learn the keys, and how the end-to-end tests drive the input
 * layer through a terminal (tests/e2e/a11y_*.sh).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "complete.h"
#include "complete_lm.h"
#include "config.h"
#include "i18n.h"
#include "labels.h"
#include "session_io.h"

static int print_json(struct kefu_ctx *ctx, json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2));
    json_decref(j);
    if (!s)
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    a11y_data(ctx->out, "%s", s);
    free(s);
    return KEFU_EXIT_OK;
}

/* ---- kefu keys ---------------------------------------------------------- */

static int keys_list(struct kefu_ctx *ctx, const a11y_keymap_t *km)
{
    if (ctx->json) {
        json_t *arr = json_array();
        for (int a = 1; a < A11Y_ACT_COUNT; a++) {
            char kb[16];
            int key = a11y_keymap_key(km, (a11y_action)a);
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s}", "action", a11y_action_name((a11y_action)a),
                               "key", key ? a11y_key_name(key, kb, sizeof kb) : "",
                               "help", _(a11y_action_help((a11y_action)a))));
        }
        return print_json(ctx, arr);
    }
    /* what the key does first, then the key; the action's id (for [keys]
     * in the config file) last (ACCESSIBILITY.md 4) */
    for (int a = 1; a < A11Y_ACT_COUNT; a++) {
        char kb[16];
        int key = a11y_keymap_key(km, (a11y_action)a);
        a11y_data(ctx->out, "%s%s%s (%s)", _(a11y_action_help((a11y_action)a)), a11y_tag_sep(),
                  key ? label_key(a11y_key_name(key, kb, sizeof kb)) : _("none"),
                  a11y_action_name((a11y_action)a));
    }
    if (!config_bool(ctx->cfg, "input.shortcuts"))
        a11y_say(ctx->out, A11Y_INFO,
                 _("single-key shortcuts are off (input.shortcuts); type the action's name and press Enter"));
    /* the digits and Escape change meaning with the list in view: say how
     * (it is off in switch access, where the scan has its own choices) */
    long list = config_int(ctx->cfg, "input.offer_list");
    if (list > 0 && strcmp(config_get(ctx->cfg, "input.switch"), "off") == 0)
        a11y_say(ctx->out, A11Y_INFO,
                 _("the list of offers is on (input.offer_list = %ld): after a pause in typing, "
                   "a digit 1-%ld takes an offer from the numbered line; to type a digit, press "
                   "Escape first"),
                 list, list);
    return KEFU_EXIT_OK;
}

static const char *const try_customer_zh =
    "亲，我的订单 TB20240315001 到现在还没发货，怎么回事？";
static const char *const try_customer_en =
    "Hi, my order TB20240315001 still hasn't shipped. What's going on?";

static int keys_try(struct kefu_ctx *ctx, int argc, char **argv)
{
    const char *customer = NULL;
    int limit = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--try") == 0)
            continue;
        if (strcmp(argv[i], "--switch") == 0 || strncmp(argv[i], "--switch=", 9) == 0) {
            const char *v = argv[i][8] == '=' ? argv[i] + 9 : "two";
            char err[256];
            if (config_set(ctx->cfg, "input.switch", v, "--switch", err, sizeof err) != 0)
                return kefu_usage(ctx, "keys", _("--switch: %s"), err);
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            limit = atoi(argv[++i]);
            if (limit < 1 || limit > 6000)
                return kefu_usage(ctx, "keys", _("--limit takes seconds from 1 to 6000"));
        } else if (strcmp(argv[i], "--customer") == 0 && i + 1 < argc) {
            customer = argv[++i];
        } else {
            return kefu_usage(ctx, "keys", _("unknown option '%s'"), argv[i]);
        }
    }
    session_io_t *io = NULL;
    int rc = session_io_new(&io, ctx);
    if (rc != KEFU_EXIT_OK)
        return rc;
    if (!customer)
        customer = strcmp(ctx->lang, "en") == 0 ? try_customer_en : try_customer_zh;
    a11y_detail(ctx->out, 2, _("Try the keys: each key says what it does; q ends"));
    a11y_say(ctx->out, A11Y_CUSTOMER, "%s", customer);
    rc = KEFU_EXIT_OK;
    for (bool more = true; more;) {
        struct session_io_event ev;
        struct session_io_prompt p = {.limit_s = limit};
        if (session_io_read(io, &p, &ev) != 0) {
            rc = KEFU_EXIT_FAIL;
            break;
        }
        switch (ev.kind) {
        case SESSION_IO_ANSWER:
            a11y_say(ctx->out, A11Y_YOU_SAID, "%s", ev.text);
            session_io_learn(io, ev.text);
            break;
        case SESSION_IO_COMMAND:
            a11y_say(ctx->out, A11Y_INFO, _("Command: %s"), _(a11y_action_name(ev.action)));
            if (ev.action == A11Y_ACT_HINT)
                a11y_say(ctx->out, A11Y_HINT, "%s", _("apologise, then give the order's status"));
            more = ev.action != A11Y_ACT_QUIT;
            break;
        case SESSION_IO_TIMEOUT:
            a11y_say(ctx->out, A11Y_INFO, _("Time is up after %.0f seconds, %d extension(s)"),
                     ev.seconds, ev.extensions);
            more = false;
            break;
        default:
            more = false;
            break;
        }
        session_io_event_clear(&ev);
    }
    session_io_free(io);
    return rc;
}

int cmd_keys(struct kefu_ctx *ctx, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--try") == 0)
            return keys_try(ctx, argc, argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            ctx->json = true;
        else
            return kefu_usage(ctx, "keys", _("unknown option '%s'"), argv[i]);
    }
    a11y_keymap_t *km = a11y_keymap_new();
    if (!km)
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    int errors = session_io_load_keys(ctx, km);
    int rc;
    if (errors)
        rc = kefu_fail(ctx, _("correct the [keys] lines named above; an action takes one key, a key one action"),
                       _("the key bindings have %d error(s)"), errors);
    else
        rc = keys_list(ctx, km);
    a11y_keymap_free(km);
    return rc;
}

/* ---- kefu phrases ------------------------------------------------------- */

static int phrases_list(struct kefu_ctx *ctx, a11y_complete_t *c)
{
    const char *ab, *tx;
    if (ctx->json) {
        json_t *arr = json_array();
        for (size_t i = 0; a11y_complete_snippet_at(c, i, &ab, &tx); i++)
            json_array_append_new(arr, json_pack("{s:s, s:s}", "snippet", ab, "text", tx));
        return print_json(ctx, arr);
    }
    size_t i = 0;
    for (; a11y_complete_snippet_at(c, i, &ab, &tx); i++)
        a11y_data(ctx->out, "%s%s%s", ab, a11y_tag_sep(), tx);
    if (i == 0)
        a11y_say(ctx->out, A11Y_INFO,
                 _("no snippets yet; add lines like '/qj = ...' to the [snippets] section of the config file"));
    return KEFU_EXIT_OK;
}

/* Is s valid UTF-8 (no stray continuation bytes, no truncated or overlong
 * sequences, nothing above U+10FFFF, no surrogates)? */
static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p++;
        int more = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2
                 : (c & 0xf8) == 0xf0 ? 3 : -1;
        if (more < 0 || c == 0xc0 || c == 0xc1 || c > 0xf4)
            return false;
        unsigned cp = more ? c & (0x3f >> more) : c;
        for (int i = 0; i < more; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (*p & 0x3f);
        }
        if ((more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return false;
    }
    return true;
}

static int phrases_ksr(struct kefu_ctx *ctx, int argc, char **argv)
{
    const char *path = NULL;
    bool learn = false;
    long offers = 0;    /* --offers N: the list of N in view (input.offer_list) */
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            ctx->json = true;
        else if (strcmp(argv[i], "--learn") == 0)
            learn = true;
        else if (strcmp(argv[i], "--offers") == 0 || strncmp(argv[i], "--offers=", 9) == 0) {
            const char *v = argv[i][8] == '=' ? argv[i] + 9 : i + 1 < argc ? argv[++i] : "";
            char *end;
            offers = strtol(v, &end, 10);
            if (!*v || *end || offers < 1 || offers > 9)
                return kefu_usage(ctx, "phrases", _("--offers needs a number from 1 to 9 (offers in the list), not '%s'"), v);
        }
        else if (argv[i][0] == '-' && argv[i][1])
            return kefu_usage(ctx, "phrases", _("unknown option '%s'"), argv[i]);
        else if (!path)
            path = argv[i];
        else
            return kefu_usage(ctx, "phrases", _("give one FILE"));
    }
    if (!path)
        return kefu_usage(ctx, "phrases", _("kefu phrases ksr needs a FILE with one answer per line"));
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f)
        return kefu_fail(ctx, _("check the file name"), _("cannot read %s"), path);
    a11y_complete_t *c = a11y_complete_new();
    if (!c) {
        if (f != stdin)
            fclose(f);
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    }
    session_io_load_corpus(ctx, c, "zh");
    session_io_load_corpus(ctx, c, "en");
    session_io_load_snippets(ctx, c);
    /* the same engine as tests/bench/bench_ksr and a session in English:
     * with the general word model (it only ever completes English words,
     * so a Chinese file is measured the same way a Chinese session runs) */
    bool general = complete_lm_load(ctx, c, "en");
    struct a11y_ksr ph = {0}, wd = {0};
    char line[8192];
    const char *bad = NULL;    /* why the file cannot be measured, at line n */
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        size_t len = strcspn(line, "\r\n");
        /* a line cut by the buffer would count as two answers */
        if (!line[len] && len == sizeof line - 1 && !feof(f)) {
            bad = _("the line is longer than 8191 bytes");
            break;
        }
        line[len] = '\0';
        if (!utf8_ok(line)) {      /* a binary file would be measured as garbage */
            bad = _("not UTF-8 text");
            break;
        }
        if (!*line || line[0] == '#')
            continue;
        a11y_ksr_policy pol = offers ? A11Y_KSR_LIST : A11Y_KSR_AUTO;
        a11y_ksr_type(c, line, A11Y_KSR_PHRASES, pol, offers ? (size_t)offers : 5, &ph);
        a11y_ksr_type(c, line, A11Y_KSR_WORDS, pol, offers ? (size_t)offers : 5, &wd);
        if (learn)
            a11y_complete_add(c, line, true);
    }
    int read_err = !bad && ferror(f) ? errno : 0;   /* e.g. a directory */
    if (f != stdin)
        fclose(f);
    size_t corpus = a11y_complete_texts(c);
    a11y_complete_free(c);
    if (bad)
        return kefu_fail(ctx, _("save the answers as UTF-8 text, one answer per line"),
                         "%s:%zu: %s", path, n, bad);
    if (read_err)
        return kefu_fail(ctx, _("give a text file with one answer per line"),
                         _("cannot read %s: %s"), path, strerror(read_err));
    if (ph.texts == 0)
        return kefu_fail(ctx, _("put one answer per line"), _("%s has no answers"), path);
    if (ctx->json) {
        json_t *j = json_pack("{s:f, s:f, s:i, s:i, s:i, s:i, s:I, s:b, s:s, s:b, s:i}", "ksr",
                              a11y_ksr_value(&ph), "baseline_ksr", a11y_ksr_value(&wd),
                              "keys_typed", (int)ph.keys_typed, "keys_choose",
                              (int)ph.keys_choose, "chars", (int)ph.chars, "answers",
                              (int)ph.texts, "corpus_texts", (json_int_t)corpus, "learn", learn,
                              "keystroke_model", offers ? "offer_list_digit" : "auto_offer_tab",
                              "general_model", general, "offers_in_view", (int)offers);
        return print_json(ctx, j);
    }
    a11y_say(ctx->out, A11Y_SCORE, _("KSR %.1f%%: %ld keys typed and %ld to choose for %ld characters in %ld answers"),
             100 * a11y_ksr_value(&ph), ph.keys_typed, ph.keys_choose, ph.chars, ph.texts);
    a11y_say(ctx->out, A11Y_INFO, _("Baseline, word completion only: KSR %.1f%%"),
             100 * a11y_ksr_value(&wd));
    if (offers)
        a11y_say(ctx->out, A11Y_INFO, _("Keystroke model: a list of %ld offers in view after every "
                                        "key (input.offer_list = %ld), one taken with its digit when "
                                        "it is what comes next, Escape before a digit the list would "
                                        "take; every character typed is one key (a Chinese character "
                                        "too, as if the input method committed it with one key)"),
                 offers, offers);
    else
        a11y_say(ctx->out, A11Y_INFO, _("Keystroke model: the automatic offer, taken with one Tab "
                                        "when it is what comes next; every character typed is one key "
                                        "(a Chinese character too, as if the input method committed it "
                                        "with one key)"));
    a11y_detail(ctx->out, 2, _("Corpus: %zu texts from the knowledge base%s"), corpus,
                learn ? _(", learning each answer after it is typed") : "");
    if (general)
        a11y_detail(ctx->out, 2, _("General English word model: %s"), complete_lm_path(ctx));
    return KEFU_EXIT_OK;
}

int cmd_phrases(struct kefu_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "ksr") == 0)
        return phrases_ksr(ctx, argc, argv);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            ctx->json = true;
        else
            return kefu_usage(ctx, "phrases", _("unknown argument '%s'; try 'kefu phrases ksr FILE'"), argv[i]);
    }
    a11y_complete_t *c = a11y_complete_new();
    if (!c)
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    int errors = session_io_load_snippets(ctx, c);
    int rc = errors ? kefu_fail(ctx, _("correct the lines named above"),
                                _("the snippet settings have %d error(s)"), errors)
                    : phrases_list(ctx, c);
    a11y_complete_free(c);
    return rc;
}
