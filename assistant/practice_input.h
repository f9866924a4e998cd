/* practice_input.h -- where a practice session's answers and commands come
 * from. On a terminal: the accessible prompt (session_io.h: single-key
 * commands through the key map, line editing, completion, time limits).
 * Otherwise lines: an answer per line; a line starting with "/" is a command
 * (/hint, /repeat, /skip, /brief, /talk, /slower, /faster, /help, /quit), so
 * scripts and tests drive a session through a pipe exactly as a person does
 * at a terminal. Ctrl-C while waiting is reported as an interrupt (the
 * session saves and stops) instead of killing the process. */
#ifndef KEFU_PRACTICE_INPUT_H
#define KEFU_PRACTICE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include "cli.h"
#include "keymap.h"

typedef struct practice_input practice_input_t;

typedef enum {
    PRACTICE_IN_ANSWER = 0,
    PRACTICE_IN_COMMAND,
    PRACTICE_IN_TIMEOUT,
    PRACTICE_IN_EOF,
    PRACTICE_IN_INTERRUPT
} practice_in_kind;

struct practice_in {
    practice_in_kind kind;
    a11y_action action;     /* PRACTICE_IN_COMMAND */
    char *text;             /* ANSWER/TIMEOUT; practice_in_clear() frees */
    bool spoken;
};
void practice_in_clear(struct practice_in *in);

/* 0, or -1 after printing why. */
int practice_input_new(practice_input_t **out, struct kefu_ctx *ctx);
void practice_input_free(practice_input_t *in);     /* NULL is a no-op */

/* Wait for one answer or command; limit_s is the turn's time limit (0:
 * none). 0, or -1 on an I/O error (printed). */
int practice_input_read(practice_input_t *in, int limit_s, struct practice_in *ev);

/* One plain line, even on a terminal (Enter alone gives an empty answer):
 * for confirming or correcting a recognised answer. */
int practice_input_read_line(practice_input_t *in, struct practice_in *ev);

/* Confirm or correct a recognised answer. On a terminal the line editor
 * starts with heard on the line, the cursor after it: Enter submits it as
 * it is, or the trainee edits it first (ev->text is what was submitted).
 * On lines: as practice_input_read_line (an empty line keeps heard).
 * 0, or -1 on an I/O error (printed). */
int practice_input_correct(practice_input_t *in, const char *heard, struct practice_in *ev);

/* The turn about to be answered: its model answer (NULL: none) is hidden
 * from completion until the next call -- Tab must not give the answer away
 * -- and the switch-scanning choices are rebuilt without it: the likeliest
 * openings of an answer (completions of nothing yet), then the snippets and
 * commands the prompt adds itself (ACCESSIBILITY.md 18). opening: the
 * scenario's first turn, where an answer starts with a greeting: greetings
 * come first among the choices (one is added if none is there). No-op on
 * lines. */
void practice_input_set_turn(practice_input_t *in, const char *model_answer, bool opening);

/* Single-key shortcuts off while the trainee dictates by voice
 * (ACCESSIBILITY.md 16); call with false when the recogniser stops. */
void practice_input_dictating(practice_input_t *in, bool dictating);

/* The switch-access mode of the prompt: 0 off, 1 two keys (Space moves,
 * Enter chooses), 2 automatic scanning; always 0 on lines. */
int practice_input_switch(const practice_input_t *in);

/* True when commands are single keys (a terminal); false for lines. */
bool practice_input_keys(const practice_input_t *in);
/* The key bound to act, as a name ("f", "Space"), or NULL (line input). */
const char *practice_input_key(practice_input_t *in, a11y_action act, char *buf, size_t len);

/* The command a "/word" names, A11Y_ACT_NONE if none. */
a11y_action practice_command(const char *word);

#endif
