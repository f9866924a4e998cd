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
/* What follows a tag: ": " in English, "：" in Chinese. Static. For lines
 * printed as "Tag: text" outside a11y_say (a11y_data listings). */
const char *a11y_tag_sep(void);

/* ---- verbosity, history, repeat and spell (ACCESSIBILITY.md 12-14) ------- */

/* Change the verbosity (clamped to 1..3); returns the new level. Tagged
 * content lines (Customer, You said, Score, Hint, Feedback, Error) are the
 * same at every level; only a11y_detail() lines depend on it. */
int a11y_out_set_verbosity(a11y_out_t *o, int level);
/* An "Info:" line printed (and spoken) only when the verbosity is at least
 * min_level: 1 always, 2 normal, 3 verbose. */
void a11y_detail(a11y_out_t *o, int min_level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

enum { A11Y_HISTORY = 50 };
/* The last lines said through a11y_say (at most A11Y_HISTORY): age 0 is the
 * newest. Returns the text without its tag and sets *kind, or NULL past
 * the end. Borrowed: valid until the next line is said. */
const char *a11y_history(const a11y_out_t *o, size_t age, a11y_kind *kind);
/* The newest line of kind, or NULL. Borrowed likewise. */
const char *a11y_history_last(const a11y_out_t *o, a11y_kind kind);
/* Re-print and re-speak the newest line of kind (A11Y_CUSTOMER for "repeat
 * last"). false when there is none. */
bool a11y_repeat(a11y_out_t *o, a11y_kind kind);

/* Spell text character by character: shown is the characters separated by
 * spaces ("T B 2 0 2 4"), spoken the names of the same characters in lang
 * ("zh": 零 一 二..., letters by their Chinese names; otherwise English),
 * each caller-frees with free(). Returns 0, -1 when out of memory. */
int a11y_spell(const char *text, const char *lang, char **shown, char **spoken);
/* The order number in text (a run of 6+ letters and digits holding at least
 * three digits), or NULL. Caller frees with free(). */
char *a11y_find_order_number(const char *text);
/* Spell the order number of the newest customer line if it has one, else
 * that line (else the newest line): "Spell: T B 2 ..." printed, names
 * spoken. false when the history is empty. */
bool a11y_spell_last(a11y_out_t *o, const char *lang);

/* Text made only of punctuation, symbols and blanks, in words: "!" ->
 * "exclamation mark", ", " -> "comma, space", "..." -> "ellipsis" (zh:
 * 感叹号, 逗号、空格): a screen reader reads such text as nothing. NULL when
 * text holds a letter, digit or ideograph (it reads as itself) or a symbol
 * with no name here. Caller frees with free(). */
char *a11y_name_marks(const char *text, const char *lang);
/* Do two switch choices add the same words? They differ at most in case,
 * blanks at either end and punctuation at the end ("Hello" / "hello,");
 * text made only of marks ("!" / ",") is never the same as anything. */
bool a11y_choice_same(const char *a, const char *b);

/* Stop speech now and drop what is queued (a key was pressed). */
void a11y_hush(a11y_out_t *o);
/* The attached speech backend, or NULL. Borrowed. */
tts_t *a11y_out_tts(const a11y_out_t *o);
/* Speak text that was already printed through some other path (a line
 * readline echoed, a spelled form of a printed line) at prio. */
void a11y_speak(a11y_out_t *o, const char *text, tts_priority prio);

#endif
