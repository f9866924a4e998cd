/* keymap.h -- which single key does what at kefu's command prompt.
 *
 * Every action is one unmodified key (ACCESSIBILITY.md 15): no chords, only
 * Ctrl-C is special. The defaults sit in the left-hand cluster of a QWERTY
 * keyboard so that one hand reaches all of them (see docs/accessibility.md),
 * and every binding can be changed in the [keys] section of the config file
 * (16). A bounce delay (17) turns a key repeated within the delay into one
 * press. Digits are never command keys: they choose completions.
 *
 * Nothing here prints; errors come back as text for the caller to show.
 */
#ifndef KEFU_KEYMAP_H
#define KEFU_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    A11Y_ACT_NONE = 0,
    A11Y_ACT_REPEAT,        /* re-print and re-speak the last customer line */
    A11Y_ACT_SPELL,         /* spell the last line (order numbers digit by digit) */
    A11Y_ACT_SLOWER,        /* speech rate -25 wpm (or pitch/volume down, see VOICE) */
    A11Y_ACT_FASTER,        /* speech rate +25 wpm (or pitch/volume up) */
    A11Y_ACT_HINT,          /* ask for a hint (handled by the caller) */
    A11Y_ACT_SKIP,          /* skip this turn (caller) */
    A11Y_ACT_QUIT,          /* end the session (caller) */
    A11Y_ACT_MORE,          /* verbosity up */
    A11Y_ACT_LESS,          /* verbosity down */
    A11Y_ACT_STOP,          /* stop speech */
    A11Y_ACT_TYPE,          /* start typing: shortcuts pause until Enter */
    A11Y_ACT_BRIEF,         /* re-read the task brief (caller) */
    A11Y_ACT_HELP,          /* list the keys */
    A11Y_ACT_EXTEND,        /* more time when a time limit is near */
    A11Y_ACT_TALK,          /* push to talk: answer by voice (caller) */
    A11Y_ACT_SUBMIT,        /* submit the answer */
    A11Y_ACT_COMPLETE,      /* offer completions / expand a snippet */
    A11Y_ACT_SCAN_NEXT,     /* switch access: move to the next choice */
    A11Y_ACT_SCAN_CHOOSE,   /* switch access: choose the current one */
    A11Y_ACT_WORD,          /* take the next word of the offer shown */
    A11Y_ACT_VOICE,         /* which voice setting slower/faster change: rate, pitch, volume */
    A11Y_ACT_COUNT
} a11y_action;

/* Special keys are small negative numbers; ordinary keys are their byte. */
enum {
    A11Y_KEY_NONE = 0,
    A11Y_KEY_ENTER = '\r',
    A11Y_KEY_TAB = '\t',
    A11Y_KEY_SPACE = ' ',
    A11Y_KEY_ESCAPE = 27,
    A11Y_KEY_BACKSPACE = 127,
    A11Y_KEY_F1 = 0x1001        /* F1..F12: A11Y_KEY_F1 + 0..11 (a11y_key_decode) */
};

typedef struct a11y_keymap a11y_keymap_t;

/* A key map holding the defaults. NULL only when out of memory. */
a11y_keymap_t *a11y_keymap_new(void);
void a11y_keymap_free(a11y_keymap_t *km);               /* NULL is a no-op */

/* Action names as written in the config file and typed at the prompt
 * ("repeat", "spell", ...): static, never NULL. */
const char *a11y_action_name(a11y_action act);
/* The English description ("re-read the last customer line"), an msgid for
 * the caller to translate; static. */
const char *a11y_action_help(a11y_action act);
/* The action called name, or A11Y_ACT_NONE. */
a11y_action a11y_action_find(const char *name);

/* A key name as written in config ("r", "space", "enter", "tab",
 * "escape", "backspace", "F1".."F12", a single printable ASCII character;
 * any case) to a key code; A11Y_KEY_NONE if it is not one. */
int a11y_key_parse(const char *name);
/* The name of a key ("space", "r", "F1"); writes into buf (>= 16 bytes).
 * These are the config file's names; labels.c turns them into what a
 * person reads ("Space"). */
const char *a11y_key_name(int key, char *buf, size_t len);
/* The key that the bytes a terminal sent for one key press stand for: the
 * byte itself for one byte, A11Y_KEY_F1..F12 for the function keys'
 * escape sequences (xterm/VT220 "ESC O P", "ESC [ 1 5 ~"; the Linux console
 * "ESC [ [ A"), A11Y_KEY_NONE for any other sequence. The prompt looks
 * every multi-byte key up through this. */
int a11y_key_decode(const char *bytes, size_t n);

/* Bind action to key (replacing its old key). Returns 0, or -1 and a reason
 * in err ("unknown action 'x'", "'r' is already bound to repeat", digits,
 * Ctrl keys). Checked against every other action of the same layer: the
 * scanning keys (scan_next, scan_choose) only clash among themselves. */
int a11y_keymap_bind(a11y_keymap_t *km, const char *action, const char *key,
                     char *err, size_t errlen);
/* Apply a whole [keys] section at once. Each entry is bound in order; every
 * error is reported through report(arg, index, message) and the map keeps
 * the defaults for the bad entries. Returns the number of errors. A binding
 * that takes the key of an action whose default is also being remapped in
 * the same section (swaps: "repeat = s", "spell = r") is fine. */
typedef void (*a11y_keymap_report_fn)(void *arg, size_t index, const char *msg);
int a11y_keymap_apply(a11y_keymap_t *km, const char *const *actions,
                      const char *const *keys, size_t n,
                      a11y_keymap_report_fn report, void *arg);

int a11y_keymap_key(const a11y_keymap_t *km, a11y_action act);  /* bound key */
/* What key does at the command prompt (not the scanning layer):
 * A11Y_ACT_NONE if nothing. */
a11y_action a11y_keymap_lookup(const a11y_keymap_t *km, int key);
/* The same for the switch-scanning layer (scan_next / scan_choose). */
a11y_action a11y_keymap_lookup_scan(const a11y_keymap_t *km, int key);

/* ---- bounce ------------------------------------------------------------- */

/* Bounce filter: the same key again within delay_ms of the last accepted
 * press is dropped (17). 0 turns it off. now_ms is a monotonic clock. */
struct a11y_bounce {
    int delay_ms;
    int last_key;
    int64_t last_ms;
};
void a11y_bounce_init(struct a11y_bounce *b, int delay_ms);
bool a11y_bounce_accept(struct a11y_bounce *b, int key, int64_t now_ms);

#endif
