/* a11y.h -- how everything kefu says reaches a person.
 *
 * One output path for the whole program: short tagged lines ("Customer: ...",
 * "Score: ..."), the important part first, printed and -- when a speech
 * backend is attached -- spoken. Plain mode (no escapes, no box drawing, no
 * animation) whenever stdout is not a terminal, NO_COLOR is set, TERM=dumb,
 * or plain output was asked for. See ../shared/design/ACCESSIBILITY.md.
 */
#ifndef KEFU_A11Y_H
#define KEFU_A11Y_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include "tts.h"

typedef struct a11y_out a11y_out_t;

/* What a line is. The tag printed before it comes from this (translated). */
typedef enum {
    A11Y_PLAIN = 0,     /* no tag: help text, listings */
    A11Y_CUSTOMER,      /* "Customer:" */
    A11Y_YOU_SAID,      /* "You said:" */
    A11Y_SCORE,         /* "Score:" */
    A11Y_HINT,          /* "Hint:" */
    A11Y_FEEDBACK,      /* "Feedback:" */
    A11Y_BRIEF,         /* "Brief:" */
    A11Y_INFO,          /* "Info:" */
    A11Y_WARNING,       /* "Warning:" */
    A11Y_ERROR,         /* "Error:" (in a session; CLI errors use a11y_error) */
    A11Y_PROGRESS,      /* "Progress:" */
    A11Y_KIND_COUNT
} a11y_kind;

struct a11y_out_options {
    int color;          /* -1 auto, 0 never, 1 always (--color=always) */
    bool plain;         /* --plain */
    int verbosity;      /* 1 terse, 2 normal (default), 3 verbose */
};

/* out/err are borrowed and must outlive the handle. */
int a11y_out_new(a11y_out_t **out, FILE *stdout_, FILE *stderr_,
                 const struct a11y_out_options *opts);
void a11y_out_free(a11y_out_t *o);             /* NULL is a no-op */

/* Attach a speech backend (borrowed; NULL detaches). Speech follows print:
 * only what is printed is ever spoken. */
void a11y_out_set_tts(a11y_out_t *o, tts_t *tts);

bool a11y_out_plain(const a11y_out_t *o);      /* true: no escapes at all */
int a11y_out_verbosity(const a11y_out_t *o);

/* A tagged line on stdout ("Tag: text"), spoken by priority of its kind.
 * Control characters in the text are replaced, so data can never inject
 * escapes. */
void a11y_say(a11y_out_t *o, a11y_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void a11y_vsay(a11y_out_t *o, a11y_kind kind, const char *fmt, va_list ap);

/* A raw line on stdout (JSON, CSV, "key: value" listings): never spoken,
 * never tagged; control characters are still replaced in plain mode. */
void a11y_data(a11y_out_t *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "kefu: error: WHAT. Try: FIX" on stderr (FIX may be NULL). */
void a11y_error(a11y_out_t *o, const char *what, const char *fix);
/* "kefu: warning: TEXT" on stderr. */
void a11y_warning(a11y_out_t *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A diagnostic line on stderr as given (e.g. "FILE:LINE:COL: error: ..."). */
void a11y_diag(a11y_out_t *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Progress as sparse lines: "Progress: WHAT 25%" at most once per 25% step
 * or 5 s, and "Progress: WHAT done" at the end (percent >= 100). */
void a11y_progress(a11y_out_t *o, const char *what, int percent);

/* The tag text for a kind, translated ("Customer"); static, never NULL. */
const char *a11y_tag(a11y_kind kind);

#endif
