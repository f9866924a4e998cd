/* session_io.c -- the glue between the settings, the knowledge base and the
 * accessibility prompt (session_io.h). accessibility/ never touches the
 * database, so loading the completion corpus and saving a changed rate or
 * verbosity happen here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "complete.h"
#include "config.h"
#include "i18n.h"
#include "kb_library.h"
#include "kb_practice.h"
#include "kb_search.h"
#include "labels.h"
#include "library_load.h"
#include "prompt.h"
#include "session_io.h"
#include "complete_lm.h"
#include "voice_cmds.h"
#include "asr.h"

struct session_io {
    struct kefu_ctx *ctx;
    a11y_keymap_t *keys;
    a11y_complete_t *complete;
    a11y_prompt_t *prompt;
};

/* ---- settings ----------------------------------------------------------- */

struct keys_load {
    const char **act, **key, **origin;
    size_t n, cap;
};

static void visit_keys(void *arg, const char *name, const char *value, const char *origin)
{
    struct keys_load *kl = arg;
    if (strncmp(name, "keys.", 5) != 0)
        return;
    if (kl->n == kl->cap) {
        size_t cap = kl->cap ? kl->cap * 2 : 16;
        const char **a = realloc(kl->act, cap * sizeof *a);
        if (a)
            kl->act = a;
        const char **k = realloc(kl->key, cap * sizeof *k);
        if (k)
            kl->key = k;
        const char **o = realloc(kl->origin, cap * sizeof *o);
        if (o)
            kl->origin = o;
        if (!a || !k || !o)
            return;
        kl->cap = cap;
    }
    kl->act[kl->n] = name + 5;
    kl->key[kl->n] = value;
    kl->origin[kl->n] = origin;
    kl->n++;
}

struct report_arg {
    a11y_out_t *out;
    struct keys_load *kl;
};

static void report_key(void *arg, size_t i, const char *msg)
{
    struct report_arg *ra = arg;
    a11y_diag(ra->out, _("%s: error: [keys] %s = %s: %s"), ra->kl->origin[i], ra->kl->act[i],
              ra->kl->key[i], msg);
}

int session_io_load_keys(struct kefu_ctx *ctx, a11y_keymap_t *km)
{
    struct keys_load kl = {0};
    config_each(ctx->cfg, visit_keys, &kl);
    struct report_arg ra = {ctx->out, &kl};
    int errors = a11y_keymap_apply(km, kl.act, kl.key, kl.n, report_key, &ra);
    free(kl.act);
    free(kl.key);
    free(kl.origin);
    return errors;
}

struct snip_load {
    struct kefu_ctx *ctx;
    a11y_complete_t *c;
    int errors;
};

static void visit_snippets(void *arg, const char *name, const char *value, const char *origin)
{
    struct snip_load *sl = arg;
    char err[256];
    if (strncmp(name, "snippets.", 9) != 0)
        return;
    if (a11y_complete_snippet(sl->c, name + 9, value, err, sizeof err) != 0) {
        a11y_diag(sl->ctx->out, _("%s: error: [snippets] %s"), origin, err);
        sl->errors++;
    }
}

/* A snippets file: "/abbrev = text" per line, '#' comments, blank lines. */
static int load_snippets_file(struct kefu_ctx *ctx, a11y_complete_t *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        a11y_error(ctx->out, _("cannot read the snippets file named by input.snippets_file"),
                   _("check the path in the config file, or remove the setting"));
        return 1;
    }
    char line[4096];
    int errors = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        char *s = line;
        s[strcspn(s, "\r\n")] = '\0';
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        char err[256];
        if (!eq) {
            a11y_diag(ctx->out, _("%s:%d:1: error: expected '/abbrev = text'"), path, n);
            errors++;
            continue;
        }
        char *end = eq;
        while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        *end = '\0';
        char *text = eq + 1;
        while (*text == ' ' || *text == '\t')
            text++;
        if (a11y_complete_snippet(c, s, text, err, sizeof err) != 0) {
            a11y_diag(ctx->out, _("%s:%d:1: error: %s"), path, n, err);
            errors++;
        }
    }
    fclose(f);
    return errors;
}

int session_io_load_snippets(struct kefu_ctx *ctx, a11y_complete_t *c)
{
    struct snip_load sl = {ctx, c, 0};
    config_each(ctx->cfg, visit_snippets, &sl);
    const char *path = config_get(ctx->cfg, "input.snippets_file");
    if (path && *path)
        sl.errors += load_snippets_file(ctx, c, path);
    return sl.errors;
}

/* What completion may offer: the library's model answers, expected and
 * bonus phrases and phrase sets -- never what customers say, and never a
 * `forbid:` phrase (kb_each_text gives every text of a language). */
struct skip_set {
    char **v;
    size_t n, cap;
};

static void skip_add(struct skip_set *s, const char *text, size_t len)
{
    if (!text || len == 0)
        return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n] = strndup(text, len);
    if (s->v[s->n])
        s->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void skip_scenario(struct skip_set *s, const kb_lib_detail *d)
{
    for (size_t t = 0; t < d->n_turns; t++) {
        const kb_lib_turn *tn = &d->turns[t];
        for (size_t c = 0; c < tn->n_customers; c++)
            for (int l = 0; l < 2; l++)
                if (tn->customers[c][l])
                    skip_add(s, tn->customers[c][l], strlen(tn->customers[c][l]));
        for (size_t r = 0; r < tn->n_rubric; r++) {
            const char *p = tn->rubric[r].phrases;
            if (!tn->rubric[r].kind || strcmp(tn->rubric[r].kind, "forbid") != 0 || !p)
                continue;
            for (const char *bar; (bar = strstr(p, " | ")) != NULL; p = bar + 3)
                skip_add(s, p, (size_t)(bar - p));
            skip_add(s, p, strlen(p));
        }
    }
}

/* Word stems. A phrase set or rubric line matches by substring, so
 * trainers write stems there: "escalat" (escalate, escalated,
 * escalation), "apologi", "frustrat", "empathis". They are not text:
 * offered as words, "e" listed "2 escalat". Nothing marks a stem in the
 * file (docs/scenario-format.md), so a phrase is left out of the corpus
 * when one of its English words is neither a word of the library's
 * sentences (customer lines, model answers, briefs and policy texts) nor a
 * word of the English pronouncing dictionary the recogniser uses (CMU,
 * 134k words; "good morning" and "rest assured" stay though no sentence
 * says them). Without the dictionary, such a word counts as a stem when a
 * sentence word begins with it ("escalat" of "escalated"; "empathis" then
 * stays). Model answers always pass. Chinese has no stems: only ASCII
 * letters count. */
static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
}

/* The next ASCII word of *p at or after it, lower-cased into word (quotes
 * around it dropped); false at the end. Longer words come back empty. */
static bool next_word(const char **p, char *word, size_t len)
{
    const char *s = *p;
    for (;;) {
        while (*s && !word_char(*s))
            s++;
        if (!*s)
            return false;
        const char *a = s;
        while (word_char(*s))
            s++;
        const char *b = s;
        while (a < b && *a == '\'')
            a++;
        while (b > a && b[-1] == '\'')
            b--;
        if (a == b)
            continue;           /* only quotes */
        *p = s;
        size_t n = (size_t)(b - a) < len ? (size_t)(b - a) : 0;
        for (size_t i = 0; i < n; i++)
            word[i] = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        word[n] = '\0';
        return true;
    }
}

static void words_add(struct skip_set *w, const char *text)
{
    char word[64];
    for (const char *p = text; p && next_word(&p, word, sizeof word);)
        if (*word)
            skip_add(w, word, strlen(word));
}

/* The first word of each line of a pronouncing dictionary ("word(2)"
 * variants and all), lower-cased, into dict; false when it cannot be read. */
static bool dict_load(struct skip_set *dict, const char *path)
{
    FILE *f = path && *path ? fopen(path, "r") : NULL;
    if (!f)
        return false;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, " \t(\r\n");
        for (size_t i = 0; i < n; i++)
            line[i] = line[i] >= 'A' && line[i] <= 'Z' ? (char)(line[i] - 'A' + 'a') : line[i];
        if (n > 0 && (line[0] < '0' || line[0] > '9'))
            skip_add(dict, line, n);
    }
    fclose(f);
    if (dict->n)
        qsort(dict->v, dict->n, sizeof *dict->v, cmp_str);
    return dict->n > 0;
}

static bool in_set(const struct skip_set *w, const char *word)
{
    return w->n && bsearch(&word, w->v, w->n, sizeof *w->v, cmp_str) != NULL;
}

/* A sentence word beginning with word (w sorted: the next one after where
 * word would be). */
static bool begins_one(const struct skip_set *w, const char *word)
{
    size_t lo = 0, hi = w->n, n = strlen(word);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(w->v[mid], word) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->n && strncmp(w->v[lo], word, n) == 0;
}

/* true when text has a word that looks like a stem (see above) */
static bool has_stem(const struct skip_set *w, const struct skip_set *dict, const char *text)
{
    char word[64];
    for (const char *p = text; next_word(&p, word, sizeof word);) {
        if (!*word || in_set(w, word))
            continue;
        if (dict->n ? !in_set(dict, word) : begins_one(w, word))
            return true;
    }
    return false;
}

static void words_scenario(struct skip_set *w, const kb_lib_detail *d)
{
    for (int l = 0; l < 2; l++)
        words_add(w, d->brief[l]);
    for (size_t t = 0; t < d->n_turns; t++) {
        const kb_lib_turn *tn = &d->turns[t];
        for (size_t c = 0; c < tn->n_customers; c++)
            for (int l = 0; l < 2; l++)
                words_add(w, tn->customers[c][l]);
        for (int l = 0; l < 2; l++)
            words_add(w, tn->answer[l]);
    }
}

struct corpus_fill {
    a11y_complete_t *c;
    const struct skip_set *skip;
    const struct skip_set *words;   /* the sentences' words, sorted; empty: no check */
    const struct skip_set *dict;    /* a pronouncing dictionary's words, sorted; or empty */
};

/* One piece of a template between placeholders, without the punctuation
 * it starts with and the spaces it ends with; pieces of one character are
 * no help. */
static void add_piece(a11y_complete_t *c, const char *p, size_t n)
{
    static const char *const lead[] = {"，", "。", "：", "；", "！", "？", "、", "）"};
    for (bool more = true; more && n > 0;) {
        more = false;
        if (strchr(" \t,.:;!?)", *p)) {
            p++, n--, more = true;
            continue;
        }
        for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
            if (n >= 3 && strncmp(p, lead[i], 3) == 0) {
                p += 3, n -= 3, more = true;
                break;
            }
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)p[i] & 0xC0) != 0x80;
    if (chars < 2)
        return;
    char *piece = strndup(p, n);
    if (piece)
        a11y_complete_add(c, piece, false);
    free(piece);
}

static void add_text(void *arg, const char *text)
{
    struct corpus_fill *f = arg;
    if (f->skip->n && bsearch(&text, f->skip->v, f->skip->n, sizeof *f->skip->v, cmp_str))
        return;
    if (f->words->n && has_stem(f->words, f->dict, text))
        return;     /* a phrase set's stem ("escalat"): not text */
    if (!strchr(text, '{')) {
        a11y_complete_add(f->c, text, false);
        return;
    }
    /* A model answer with {order.id}: nobody types "{order.", and a switch
     * user was offered "已为您查询订单{" as a choice. The pieces between the
     * placeholders are what a trainee says. */
    for (const char *p = text; *p;) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            add_piece(f->c, p, strlen(p));
            break;
        }
        add_piece(f->c, p, (size_t)(open - p));
        p = close + 1;
    }
}

static void set_free(struct skip_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

int session_io_corpus_from_kb(kb_t *kb, a11y_complete_t *c, const char *lang)
{
    /* the recogniser's default, as bench_ksr and kefu use it */
    char *dict = asr_beside_model(ASR_DEFAULT_MODEL_DIR, "cmudict-en-us.dict");
    int rc = session_io_corpus_from_kb_dict(kb, c, lang, dict);
    free(dict);
    return rc;
}

int session_io_corpus_from_kb_dict(kb_t *kb, a11y_complete_t *c, const char *lang,
                                   const char *dict_path)
{
    struct skip_set skip = {0}, words = {0}, dict = {0};
    char **slugs = NULL;
    size_t n = 0;
    if (kb_lib_slugs(kb, &slugs, &n) == KB_OK) {
        for (size_t i = 0; i < n; i++) {
            kb_lib_detail *d = NULL;
            if (kb_lib_get(kb, slugs[i], &d) == KB_OK && d) {
                skip_scenario(&skip, d);
                words_scenario(&words, d);
            }
            kb_lib_detail_free(d);
            free(slugs[i]);
        }
        free(slugs);
    }
    if (skip.n)
        qsort(skip.v, skip.n, sizeof *skip.v, cmp_str);
    if (words.n)
        qsort(words.v, words.n, sizeof *words.v, cmp_str);
    dict_load(&dict, dict_path);
    struct corpus_fill f = {c, &skip, &words, &dict};
    int rc = kb_each_text(kb, lang, add_text, &f);
    set_free(&skip);
    set_free(&words);
    set_free(&dict);
    return rc;
}

void session_io_load_corpus(struct kefu_ctx *ctx, a11y_complete_t *c, const char *lang)
{
    kb_t *kb = kefu_library(ctx);    /* the built-in library, loaded on first use */
    /* the recogniser's pronouncing dictionary, beside its acoustic model
     * (voice.model_dir), tells a phrase set's stems from words */
    char *dict = asr_beside_model(voice_model_dir(ctx), "cmudict-en-us.dict");
    if (kb && session_io_corpus_from_kb_dict(kb, c, lang, dict) != KB_OK)
        a11y_warning(ctx->out, _("phrase completion has no knowledge-base texts: %s"),
                     kb_errmsg(kb));
    free(dict);
}

/* The trainee's own earlier answers (ACCESSIBILITY.md 20: completion learns
 * from them): the ones that passed and said nothing forbidden, in the
 * session's script (Chinese characters for zh, none for en). */
struct history_fill {
    a11y_complete_t *c;
    bool zh;
    size_t n;
};

static bool has_cjk(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xE3 && *p <= 0xE9)
            return true;
    return false;
}

static int add_own(void *arg, const kb_practice_turn_row *row)
{
    struct history_fill *h = arg;
    if (!row->answer || !*row->answer || row->fatal || !row->passed ||
        has_cjk(row->answer) != h->zh)
        return 0;
    a11y_complete_add(h->c, row->answer, true);
    return ++h->n >= 5000;      /* enough; the oldest first is fine */
}

void session_io_load_history(struct kefu_ctx *ctx, a11y_complete_t *c, const char *lang)
{
    kb_t *kb = ctx->kb ? ctx->kb : kefu_kb(ctx);
    struct history_fill h = {c, strcmp(lang, "zh") == 0, 0};
    if (kb && ctx->user)
        kb_practice_each_turn(kb, ctx->user, add_own, &h);
}

static void save(struct kefu_ctx *ctx, const char *name, int value)
{
    char buf[32], err[256];
    snprintf(buf, sizeof buf, "%d", value);
    config_set(ctx->cfg, name, buf, "saved", err, sizeof err);
    kb_t *kb = ctx->kb;
    if (kb && kb_setting_set(kb, ctx->user, name, buf) != KB_OK)
        a11y_warning(ctx->out, _("could not remember %s: %s"), name, kb_errmsg(kb));
}

static void on_rate(void *arg, int wpm) { save(arg, "speech.rate", wpm); }
static void on_verbosity(void *arg, int level) { save(arg, "output.verbosity", level); }
static void on_voice(void *arg, const char *setting, int value) { save(arg, setting, value); }

/* ---- the public interface ----------------------------------------------- */

/* Automatic offers are off by default in plain mode (--plain, NO_COLOR,
 * TERM=dumb): that is how screen reader and braille users run kefu, and
 * every offer line there is read out between the keys they type, with the
 * input line again after it. Tab still lists completions. Setting
 * input.auto_offer anywhere (config file, saved) decides either way. */
static bool auto_offer(struct kefu_ctx *ctx)
{
    if (strcmp(config_origin(ctx->cfg, "input.auto_offer"), "default") == 0 &&
        a11y_out_plain(ctx->out))
        return false;
    return config_bool(ctx->cfg, "input.auto_offer");
}

int session_io_new(session_io_t **out, struct kefu_ctx *ctx)
{
    *out = NULL;
    session_io_t *io = calloc(1, sizeof *io);
    if (!io)
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    io->ctx = ctx;
    io->keys = a11y_keymap_new();
    io->complete = a11y_complete_new();
    if (!io->keys || !io->complete) {
        session_io_free(io);
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    }
    int errors = session_io_load_keys(ctx, io->keys) + session_io_load_snippets(ctx, io->complete);
    if (errors) {
        session_io_free(io);
        return kefu_fail(ctx, _("correct the lines named above; `kefu keys` lists the actions"),
                         _("the key or snippet settings have %d error(s)"), errors);
    }
    if (config_bool(ctx->cfg, "input.completion")) {
        session_io_load_corpus(ctx, io->complete, ctx->lang);
        session_io_load_history(ctx, io->complete, ctx->lang);
        complete_lm_load(ctx, io->complete, ctx->lang);     /* English: ordinary words */
    }
    tts_t *tts = kefu_tts(ctx);
    const char *sw = config_get(ctx->cfg, "input.switch");
    struct a11y_prompt_options po = {
        .in_fd = STDIN_FILENO,
        .out = ctx->out,
        .keys = io->keys,
        .complete = config_bool(ctx->cfg, "input.completion") ? io->complete : NULL,
        .auto_offer = auto_offer(ctx),
        .offer_delay = config_double(ctx->cfg, "input.offer_delay"),
        .offer_list = (size_t)config_int(ctx->cfg, "input.offer_list"),
        .shortcuts = config_bool(ctx->cfg, "input.shortcuts"),
        .interrupt_on_typing = config_bool(ctx->cfg, "speech.interrupt_on_typing"),
        .bounce_ms = (int)config_int(ctx->cfg, "input.bounce_ms"),
        .switch_mode = strcmp(sw, "two") == 0 ? A11Y_SWITCH_TWO
                       : strcmp(sw, "scan") == 0 ? A11Y_SWITCH_SCAN : A11Y_SWITCH_OFF,
        .scan_interval = config_double(ctx->cfg, "input.scan_interval"),
        .lang = ctx->lang,
        .rate_wpm = tts ? tts_get_rate(tts) : (int)config_int(ctx->cfg, "speech.rate"),
        .on_rate = on_rate,
        .on_verbosity = on_verbosity,
        .on_voice = on_voice,
        .arg = ctx,
        .key_label = label_key,     /* the help key says 空格键, not "space" */
    };
    io->prompt = a11y_prompt_new(&po);
    if (!io->prompt) {
        session_io_free(io);
        return kefu_fail(ctx, _("close other programs and try again"), _("out of memory"));
    }
    *out = io;
    return KEFU_EXIT_OK;
}

void session_io_free(session_io_t *io)
{
    if (!io)
        return;
    a11y_prompt_free(io->prompt);
    a11y_complete_free(io->complete);
    a11y_keymap_free(io->keys);
    free(io);
}

void session_io_learn(session_io_t *io, const char *text)
{
    if (io && text && *text)
        a11y_complete_add(io->complete, text, true);
}

void session_io_set_dictating(session_io_t *io, bool dictating)
{
    if (io)
        a11y_prompt_set_dictating(io->prompt, dictating);
}

void session_io_event_clear(struct session_io_event *ev)
{
    if (ev) {
        free(ev->text);
        memset(ev, 0, sizeof *ev);
    }
}

int session_io_read(session_io_t *io, const struct session_io_prompt *p,
                    struct session_io_event *ev)
{
    memset(ev, 0, sizeof *ev);
    double limit = 0;
    if (p->limit_s > 0 && config_bool(io->ctx->cfg, "practice.time_limits"))
        limit = p->limit_s * config_double(io->ctx->cfg, "practice.time_limit_scale");
    struct a11y_read r = {
        .label = p->label ? p->label : _("Your answer"),
        .limit_s = limit,
        .choices = p->choices,
        .command_only = p->command_only,
        .initial = p->initial,
    };
    struct a11y_input in;
    int rc = a11y_prompt_read(io->prompt, &r, &in);
    static const session_io_kind kinds[] = {
        [A11Y_IN_ANSWER] = SESSION_IO_ANSWER, [A11Y_IN_COMMAND] = SESSION_IO_COMMAND,
        [A11Y_IN_TIMEOUT] = SESSION_IO_TIMEOUT, [A11Y_IN_EOF] = SESSION_IO_EOF,
        [A11Y_IN_INTERRUPT] = SESSION_IO_INTERRUPT, [A11Y_IN_ERROR] = SESSION_IO_EOF,
    };
    ev->kind = kinds[in.kind];
    ev->action = in.action;
    ev->text = in.text;
    ev->seconds = in.seconds;
    ev->extensions = in.extensions;
    if (rc != 0)
        a11y_error(io->ctx->out, _("cannot read from the keyboard"),
                   _("run kefu in a terminal, or give answers on standard input"));
    return rc;
}

a11y_keymap_t *session_io_keys(session_io_t *io) { return io ? io->keys : NULL; }
a11y_complete_t *session_io_complete(session_io_t *io) { return io ? io->complete : NULL; }
