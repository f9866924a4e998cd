/* prompt.h -- the interactive prompt: one answer or one command per call.
 *
 * Keys are read by this module (poll on the input, so that speech can be
 * stopped on the first key, the scanning timer can run and a time limit
 * can warn), then either acted on (command keys, Tab, a digit after Tab,
 * switch keys) or handed to GNU readline in callback mode, which edits the
 * line. readline is used only when input and output are terminals; on a
 * pipe the same keys are read without echo or editing. See
 * docs/accessibility.md for the whole key model.
 */
#ifndef KEFU_PROMPT_H
#define KEFU_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "a11y.h"
#include "complete.h"
#include "keymap.h"

typedef struct a11y_prompt a11y_prompt_t;

enum { A11Y_SWITCH_OFF = 0, A11Y_SWITCH_TWO, A11Y_SWITCH_SCAN };

struct a11y_prompt_options {
    int in_fd;                  /* usually 0 */
    a11y_out_t *out;            /* borrowed; lines and speech go here */
    const a11y_keymap_t *keys;  /* borrowed */
    const a11y_complete_t *complete; /* borrowed; NULL: no completion */
    bool shortcuts;             /* input.shortcuts */
    bool interrupt_on_typing;   /* speech.interrupt_on_typing */
    int bounce_ms;              /* input.bounce_ms */
    int switch_mode;            /* A11Y_SWITCH_* */
    double scan_interval;       /* seconds, 0.5..10 */
    size_t max_offers;          /* completions listed on Tab (1..9; 0: 5) */
    bool auto_offer;            /* show a confident completion by itself (Tab takes it) */
    double offer_delay;         /* ... once typing has paused this long (s); 0: at once */
    /* input.offer_list: 1..9 keeps a list of that many offers in view
     * instead (one numbered line "Offers: 1 order; 2 orders ..." after each pause,
     * at every verbosity; a digit takes one, Escape dismisses it so that a
     * digit is typed); 0: the single automatic offer. Off in switch mode. */
    size_t offer_list;
    const char *lang;           /* "zh" or "en": spelling */
    int rate_wpm;               /* current speech rate, if no backend tells */
    /* Called after a change the person asked for, to remember it (the
     * assistant saves it in the database); may be NULL. */
    void (*on_rate)(void *arg, int wpm);
    void (*on_verbosity)(void *arg, int level);
    /* pitch (0..100) or volume (0..200) changed: setting is "speech.pitch"
     * or "speech.volume" */
    void (*on_voice)(void *arg, const char *setting, int value);
    void *arg;
    /* A key's name as a person hears it, in their language ("space" ->
     * "空格键"), for the help key's list and other messages naming keys;
     * NULL: the names of the config file ("space", "r"). */
    const char *(*key_label)(const char *name);
};

typedef enum {
    A11Y_IN_ANSWER = 0,
    A11Y_IN_COMMAND,
    A11Y_IN_TIMEOUT,
    A11Y_IN_EOF,
    A11Y_IN_INTERRUPT,
    A11Y_IN_ERROR
} a11y_input_kind;

struct a11y_input {
    a11y_input_kind kind;
    a11y_action action;         /* A11Y_IN_COMMAND */
    char *text;                 /* ANSWER, TIMEOUT: caller frees with free() */
    double seconds;
    int extensions;
};

struct a11y_read {
    const char *label;          /* "Answer" (translated by the caller) */
    double limit_s;             /* effective time limit; 0: none */
    const char *const *choices; /* NULL-terminated, may be NULL */
    bool command_only;
    /* Text already in the line when the prompt appears, editable like typed
     * text (e.g. a recognised spoken answer to correct): single keys type
     * until Enter submits. NULL or "": an empty line. */
    const char *initial;
};

/* NULL only when out of memory. */
a11y_prompt_t *a11y_prompt_new(const struct a11y_prompt_options *opts);
void a11y_prompt_free(a11y_prompt_t *p);               /* NULL is a no-op */
/* Pause single-key shortcuts (while dictating); typed words still work. */
void a11y_prompt_set_dictating(a11y_prompt_t *p, bool dictating);
/* Wait for one answer or command (see a11y_input_kind). 0, or -1 on an
 * input error (in->kind = A11Y_IN_ERROR). */
int a11y_prompt_read(a11y_prompt_t *p, const struct a11y_read *r, struct a11y_input *in);

/* Print the key list ("repeat: r", one per line) through out. */
void a11y_prompt_help(a11y_out_t *out, const a11y_keymap_t *keys);

#endif
