/* session_io.h -- one interactive prompt of a practice session: read an
 * answer or a single-key command, with everything ACCESSIBILITY.md asks of
 * input (key map and remapping, bounce, phrase completion and snippets,
 * speech control keys, switch scanning, time-limit warning and extension).
 *
 * The practice engine prints the customer line with a11y_say(ctx->out,
 * A11Y_CUSTOMER, ...) as usual, then calls session_io_read() and acts on
 * the event. Keys that only concern the person (repeat, spell, slower,
 * faster, verbosity, stop speech, extend, help, completion) are handled in
 * here and never reach the caller; the ones that change the session (hint,
 * skip, quit, brief, talk) come back as SESSION_IO_COMMAND.
 *
 * The settings come from ctx->cfg: input.shortcuts, input.bounce_ms,
 * input.switch (off|two|scan), input.scan_interval, speech.rate,
 * speech.interrupt_on_typing, output.verbosity, input.auto_offer (off by
 * default in plain mode), practice.time_limits,
 * practice.time_limit_scale, the [keys] and [snippets] sections and
 * input.snippets_file. A rate or verbosity change is announced and saved
 * as the trainee's setting in the database.
 */
#ifndef KEFU_SESSION_IO_H
#define KEFU_SESSION_IO_H

#include <stdbool.h>
#include "cli.h"
#include "keymap.h"

typedef struct session_io session_io_t;

typedef enum {
    SESSION_IO_ANSWER = 0,  /* ev->text holds the answer (typed or chosen) */
    SESSION_IO_COMMAND,     /* ev->action: A11Y_ACT_HINT, _SKIP, _QUIT, _BRIEF or _TALK */
    SESSION_IO_TIMEOUT,     /* the time limit ran out (ev->text: what was typed so far) */
    SESSION_IO_EOF,         /* input closed (Ctrl-D on an empty line, end of a pipe) */
    SESSION_IO_INTERRUPT    /* Ctrl-C */
} session_io_kind;

struct session_io_event {
    session_io_kind kind;
    a11y_action action;     /* SESSION_IO_COMMAND */
    char *text;             /* ANSWER/TIMEOUT: owned by the event; session_io_event_clear() */
    double seconds;         /* from the prompt to the event, extensions included */
    int extensions;         /* how many times the trainee asked for more time */
};
void session_io_event_clear(struct session_io_event *ev);

struct session_io_prompt {
    const char *label;      /* shown before the input ("Answer"); NULL: "Answer" */
    int limit_s;            /* the drill's `limit:` in seconds; 0: none. Scaled by
                               practice.time_limit_scale, ignored when
                               practice.time_limits=off */
    const char *const *choices; /* NULL-terminated extra candidates offered first
                               when scanning (e.g. a scenario's phrases); may be NULL */
    bool command_only;      /* a "press a key" prompt: no answer is typed here */
    const char *initial;    /* text already on the line, to edit (a recognised
                               spoken answer); NULL: empty */
};

/* Build the prompt machinery from ctx's settings (key map, snippets, switch
 * mode...). Settings errors ([keys] unknown action, key bound twice, a bad
 * snippets file) are printed as FILE:LINE errors and make this return
 * KEFU_EXIT_FAIL with *out NULL; otherwise KEFU_EXIT_OK. Reads stdin,
 * writes through ctx->out and speaks through ctx->tts (if opened). */
int session_io_new(session_io_t **out, struct kefu_ctx *ctx);
void session_io_free(session_io_t *io);        /* NULL is a no-op */

/* Feed the completion corpus: knowledge-base answers and phrase sets of
 * lang ("zh"/"en"), and the trainee's own past answers. session_io_new
 * already loads the knowledge base's texts and the trainee's stored answers
 * that passed; call session_io_learn() with each submitted answer. */
void session_io_learn(session_io_t *io, const char *text);

/* Shortcuts are off while dictating by voice (ACCESSIBILITY.md 16): call
 * with true while the recogniser listens, false after. */
void session_io_set_dictating(session_io_t *io, bool dictating);

/* Wait for one answer or command. Returns 0 and fills ev, or -1 on an I/O
 * error (printed). Always clear ev afterwards. */
int session_io_read(session_io_t *io, const struct session_io_prompt *p,
                    struct session_io_event *ev);

/* ---- for `kefu keys` and `kefu phrases` (cmd_keys.c) --------------------- */
struct a11y_complete;
/* Apply the [keys] section to km; errors printed as "FILE:LINE: error: ...".
 * Returns the number of errors. */
int session_io_load_keys(struct kefu_ctx *ctx, a11y_keymap_t *km);
/* The [snippets] section and input.snippets_file into c; errors printed;
 * returns the number of errors. */
int session_io_load_snippets(struct kefu_ctx *ctx, struct a11y_complete *c);
/* The knowledge base's answers and phrase sets in lang into c. */
void session_io_load_corpus(struct kefu_ctx *ctx, struct a11y_complete *c, const char *lang);
/* The same from an open database: kb_each_text() less what customers say
 * and the `forbid:` phrases, which completion must never offer. KB_OK or
 * the kb status (message on kb). */
int session_io_corpus_from_kb(kb_t *kb, struct a11y_complete *c, const char *lang);
/* The same with the pronouncing dictionary dict, which tells word stems of
 * phrase sets ("escalat": never offered) from words (PocketSphinx's
 * cmudict-en-us.dict, one word first on each line; session_io_corpus_from_kb
 * uses the one beside the default acoustic model). NULL or unreadable: a
 * phrase word in no sentence of the library that begins one of its words
 * is a stem. */
int session_io_corpus_from_kb_dict(kb_t *kb, struct a11y_complete *c, const char *lang,
                                   const char *dict);
/* The trainee's stored answers that passed and said nothing forbidden, in
 * lang's script, into c as their own. */
void session_io_load_history(struct kefu_ctx *ctx, struct a11y_complete *c, const char *lang);
/* Borrowed; valid while io lives. */
a11y_keymap_t *session_io_keys(session_io_t *io);
struct a11y_complete *session_io_complete(session_io_t *io);

#endif
