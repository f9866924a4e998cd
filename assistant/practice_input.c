/* practice_input.c -- answers and commands of a practice session, line by
 * line (practice_input.h). */
#include "practice_input.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "complete.h"
#include "config.h"
#include "i18n.h"
#include "session_io.h"

enum { TURN_CHOICES = 6 };

struct practice_input {
    struct kefu_ctx *ctx;
    bool tty;
    session_io_t *io;           /* single-key prompt when on a terminal */
    struct sigaction old_int;
    char *choices[TURN_CHOICES + 1];  /* switch scanning, NULL-terminated (owned) */
};

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void practice_in_clear(struct practice_in *in)
{
    if (!in)
        return;
    free(in->text);
    memset(in, 0, sizeof *in);
}

a11y_action practice_command(const char *w)
{
    static const struct { const char *word; a11y_action act; } cmds[] = {
        {"hint", A11Y_ACT_HINT},     {"h", A11Y_ACT_HINT},
        {"repeat", A11Y_ACT_REPEAT}, {"r", A11Y_ACT_REPEAT},
        {"skip", A11Y_ACT_SKIP},     {"s", A11Y_ACT_SKIP},
        {"brief", A11Y_ACT_BRIEF},   {"b", A11Y_ACT_BRIEF},
        {"talk", A11Y_ACT_TALK},     {"t", A11Y_ACT_TALK},
        {"slower", A11Y_ACT_SLOWER}, {"faster", A11Y_ACT_FASTER},
        {"help", A11Y_ACT_HELP},     {"?", A11Y_ACT_HELP},
        {"quit", A11Y_ACT_QUIT},     {"q", A11Y_ACT_QUIT},
        {"exit", A11Y_ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(w, cmds[i].word) == 0)
            return cmds[i].act;
    return A11Y_ACT_NONE;
}

int practice_input_new(practice_input_t **out, struct kefu_ctx *ctx)
{
    practice_input_t *in = calloc(1, sizeof *in);
    *out = NULL;
    if (!in)
        return -1;
    in->ctx = ctx;
    in->tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if (in->tty && session_io_new(&in->io, ctx) != KEFU_EXIT_OK) {
        free(in);
        return -1;              /* the settings error was printed */
    }
    /* no SA_RESTART: a read interrupted by Ctrl-C returns, and the session
     * stops cleanly with everything scored already saved */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &in->old_int);
    interrupted = 0;
    *out = in;
    return 0;
}

void practice_input_free(practice_input_t *in)
{
    if (!in)
        return;
    sigaction(SIGINT, &in->old_int, NULL);
    for (size_t i = 0; in->choices[i]; i++)
        free(in->choices[i]);
    session_io_free(in->io);
    free(in);
}

/* Does an opening of an answer greet? (您好, 你好, 亲, hello, hi, good
 * morning...) Cheap on purpose: it only orders the switch choices. */
static bool greets(const char *t)
{
    static const char *const zh[] = {"您好", "你好", "亲"};
    static const char *const en[] = {"hello", "hi", "hey", "good morning", "good afternoon",
                                     "good evening", "welcome"};
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
        if (strncmp(t, zh[i], strlen(zh[i])) == 0)
            return true;
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) {
        size_t n = strlen(en[i]);
        if (strncasecmp(t, en[i], n) == 0 && !((t[n] >= 'a' && t[n] <= 'z') ||
                                              (t[n] >= 'A' && t[n] <= 'Z')))
            return true;
    }
    return false;
}

/* A scenario's first answer starts with a greeting: greetings first among
 * the choices (stable), and one added in front when none is there. */
static void greeting_first(char **choices, size_t *k)
{
    char *g[TURN_CHOICES], *o[TURN_CHOICES];
    size_t ng = 0, no = 0;
    for (size_t i = 0; i < *k; i++) {
        if (greets(choices[i]))
            g[ng++] = choices[i];
        else
            o[no++] = choices[i];
    }
    if (ng == 0) {
        char *hello = strdup(_("Hello, "));
        if (hello) {
            if (no == TURN_CHOICES)
                free(o[--no]);          /* the least likely makes room */
            g[ng++] = hello;
        }
    }
    *k = 0;
    for (size_t i = 0; i < ng; i++)
        choices[(*k)++] = g[i];
    for (size_t i = 0; i < no; i++)
        choices[(*k)++] = o[i];
    choices[*k] = NULL;
}

void practice_input_set_turn(practice_input_t *in, const char *model_answer, bool opening)
{
    if (!in || !in->io)
        return;
    a11y_complete_t *c = session_io_complete(in->io);
    a11y_complete_hide(c, model_answer);
    for (size_t i = 0; in->choices[i]; i++) {
        free(in->choices[i]);
        in->choices[i] = NULL;
    }
    /* what answers usually start with, from everything but this answer:
     * whole phrases first (a word alone is a poor step for a switch user) */
    struct a11y_completion offers[A11Y_COMPLETE_MAX];
    size_t n = a11y_complete_offer(c, "", offers, A11Y_COMPLETE_MAX), k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n && k < TURN_CHOICES; i++) {
            const char *t = offers[i].insert;
            size_t chars = 0;
            for (const char *q = t; q && *q; q++)
                chars += ((unsigned char)*q & 0xC0) != 0x80;
            bool phrase = t && (strchr(t, ' ') || ((unsigned char)t[0] >= 0x80 && chars >= 3));
            if (!t || phrase != (pass == 0) ||
                (model_answer && strcmp(t, model_answer) == 0))
                continue;
            /* "Hello" and "Hello,": one choice, the likelier (each choice
             * is a step of the scan) */
            bool dup = false;
            for (size_t j = 0; j < k && !dup; j++)
                dup = a11y_choice_same(in->choices[j], t);
            if (dup)
                continue;
            in->choices[k++] = offers[i].insert;    /* ownership moves */
            offers[i].insert = NULL;
        }
    for (size_t i = 0; i < n; i++)
        a11y_completion_clear(&offers[i]);
    if (opening)
        greeting_first(in->choices, &k);
}

void practice_input_dictating(practice_input_t *in, bool dictating)
{
    if (in && in->io)
        session_io_set_dictating(in->io, dictating);
}

static int read_line(practice_input_t *in, struct practice_in *ev);

int practice_input_read_line(practice_input_t *in, struct practice_in *ev)
{
    memset(ev, 0, sizeof *ev);
    return read_line(in, ev);
}

static int read_prompt(practice_input_t *in, int limit_s, const char *initial,
                       struct practice_in *ev);

int practice_input_read(practice_input_t *in, int limit_s, struct practice_in *ev)
{
    return read_prompt(in, limit_s, NULL, ev);
}

int practice_input_correct(practice_input_t *in, const char *heard, struct practice_in *ev)
{
    if (!in->io)
        return practice_input_read_line(in, ev);
    return read_prompt(in, 0, heard, ev);
}

/* "/word" (or full-width "／word"): a command, known or not (an unknown one
 * makes the session say how to get help), never an answer -- typed at the
 * line prompt or at the key prompt alike. */
static bool slash_command(const char *line, struct practice_in *ev)
{
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '/' && strncmp(p, "／", 3) != 0)
        return false;
    const char *w = p + (*p == '/' ? 1 : 3);
    char word[32];
    size_t n = strcspn(w, " \t");
    ev->kind = PRACTICE_IN_COMMAND;
    ev->action = A11Y_ACT_NONE;
    if (n < sizeof word) {
        memcpy(word, w, n);
        word[n] = '\0';
        for (char *c = word; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        ev->action = practice_command(word);
    }
    return true;
}

static int read_prompt(practice_input_t *in, int limit_s, const char *initial,
                       struct practice_in *ev)
{
    memset(ev, 0, sizeof *ev);
    if (interrupted) {
        /* Ctrl-C came while kefu was busy (scoring, speaking): the prompt
         * installs its own handler and would never see it */
        ev->kind = PRACTICE_IN_INTERRUPT;
        return 0;
    }
    if (in->io) {
        /* not _("Answer"): that msgid is the model answer in kb show (参考回答) */
        struct session_io_prompt p = {.label = _("Your answer"), .limit_s = limit_s,
                                      .choices = (const char *const *)in->choices,
                                      .initial = initial};
        struct session_io_event e;
        int rc = session_io_read(in->io, &p, &e);
        if (rc != 0) {
            session_io_event_clear(&e);
            return -1;
        }
        static const practice_in_kind kinds[] = {
            [SESSION_IO_ANSWER] = PRACTICE_IN_ANSWER, [SESSION_IO_COMMAND] = PRACTICE_IN_COMMAND,
            [SESSION_IO_TIMEOUT] = PRACTICE_IN_TIMEOUT, [SESSION_IO_EOF] = PRACTICE_IN_EOF,
            [SESSION_IO_INTERRUPT] = PRACTICE_IN_INTERRUPT,
        };
        ev->kind = kinds[e.kind];
        ev->action = e.action;
        ev->text = e.text;          /* ownership moves to ev */
        e.text = NULL;
        session_io_event_clear(&e);
        if (ev->kind == PRACTICE_IN_ANSWER && ev->text && slash_command(ev->text, ev)) {
            free(ev->text);
            ev->text = NULL;
        }
        if (ev->kind == PRACTICE_IN_ANSWER && ev->text)
            session_io_learn(in->io, ev->text);
        return 0;
    }
    (void)limit_s;          /* no time limits on line input */
    return read_line(in, ev);
}

/* One line from standard input (canonical mode on a terminal: the kernel's
 * own line editing); "/word" lines are commands. */
static int read_line(practice_input_t *in, struct practice_in *ev)
{
    char *line = NULL;
    size_t cap = 0;
    if (in->tty) {
        fputs(_("Your answer: "), stdout);
        fflush(stdout);
    }
    errno = 0;
    ssize_t got = interrupted ? -1 : getline(&line, &cap, stdin);
    if (got < 0) {
        free(line);
        if (interrupted || errno == EINTR) {
            if (in->tty)
                fputc('\n', stdout);
            ev->kind = PRACTICE_IN_INTERRUPT;
            return 0;
        }
        if (errno) {
            a11y_error(in->ctx->out, strerror(errno), NULL);
            return -1;
        }
        ev->kind = PRACTICE_IN_EOF;
        return 0;
    }
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
        line[--got] = '\0';
    if (slash_command(line, ev)) {
        free(line);
        return 0;
    }
    ev->kind = PRACTICE_IN_ANSWER;
    ev->text = line;
    return 0;
}

int practice_input_switch(const practice_input_t *in)
{
    if (!in || !in->io)
        return 0;
    const char *sw = config_get(in->ctx->cfg, "input.switch");
    return !sw ? 0 : strcmp(sw, "two") == 0 ? 1 : strcmp(sw, "scan") == 0 ? 2 : 0;
}

bool practice_input_keys(const practice_input_t *in)
{
    return in && in->io;
}

const char *practice_input_key(practice_input_t *in, a11y_action act, char *buf, size_t len)
{
    const a11y_keymap_t *km = in && in->io ? session_io_keys(in->io) : NULL;
    if (!km)
        return NULL;
    return a11y_key_name(a11y_keymap_key(km, act), buf, len);
}
