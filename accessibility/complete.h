/* complete.h -- phrase completion and snippets for typed answers.
 *
 * The corpus is text the assistant feeds in: the knowledge base's model
 * answers and phrase sets, and the trainee's own past answers. Given what
 * has been typed so far, the engine offers continuations: the rest of the
 * word, the rest of the phrase (to the next comma or full stop) and the
 * rest of the sentence, ranked by how long a context they follow (up to
 * four tokens back) and how often. Chinese is predicted character by
 * character (a Chinese character is one token; it arrives whole from the
 * IME). Snippets are trainers' abbreviations ("/qj" -> a whole apology).
 *
 * How a person uses it (docs/accessibility.md): Tab lists the offers as
 * numbered lines "1: ..." and the next key, if it is a digit, chooses one;
 * so a digit inside an answer is never taken for a choice unless it comes
 * right after Tab -- or, with input.offer_list, while the list in view
 * (a11y_complete_list) is showing (Escape first types the digit). A
 * snippet abbreviation followed by Tab expands at once.
 */
#ifndef KEFU_COMPLETE_H
#define KEFU_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct a11y_complete a11y_complete_t;

enum { A11Y_COMPLETE_MAX = 9 };

struct a11y_completion {
    char *insert;       /* text to append to what was typed (owned) */
    size_t erase;       /* bytes to remove from the end first (a snippet's
                           abbreviation); 0 for completions */
    int context;        /* how many tokens of context it followed (0..4);
                           -1 for a snippet */
};

a11y_complete_t *a11y_complete_new(void);              /* NULL: out of memory */
void a11y_complete_free(a11y_complete_t *c);           /* NULL is a no-op */

/* Add one text (a sentence or paragraph) to the corpus. own: the trainee's
 * own answer (ranked a little higher). Returns 0 or -1 (out of memory). */
int a11y_complete_add(a11y_complete_t *c, const char *utf8, bool own);
size_t a11y_complete_texts(const a11y_complete_t *c);  /* texts added */

/* Hide every corpus text equal to utf8 from all offers until the next call
 * (the practice prompt hides the current turn's model answer, which Tab
 * must not give away; the rest of the corpus stays). NULL hides nothing.
 * Returns how many texts are hidden now. */
size_t a11y_complete_hide(a11y_complete_t *c, const char *utf8);

/* A general-language word model, for the ordinary words and word
 * sequences the corpus lacks (English: the PocketSphinx en-us model, fed by
 * assistant/complete_lm.c; accessibility/ reads no model files itself).
 * Words are lower-case ASCII; "<s>" in a history is the start of a
 * sentence. */
struct a11y_complete_lm {
    size_t nwords;                              /* vocabulary size */
    const char *(*word)(void *arg, size_t i);   /* the i-th word; NULL: skip it */
    /* log10 P(word | hist[0..nhist)), the history oldest first (nhist <= 2) */
    double (*logprob)(void *arg, const char *const *hist, size_t nhist, const char *word);
    void (*release)(void *arg);                 /* called once when no longer used; may be NULL */
    void *arg;
};
/* Use lm from now on (replacing any earlier one; c then owns arg and
 * calls release, also when this fails). The vocabulary is copied at once.
 * 0, or -1 (out of memory, or a callback missing). */
int a11y_complete_set_lm(a11y_complete_t *c, const struct a11y_complete_lm *lm);
bool a11y_complete_has_lm(const a11y_complete_t *c);

/* Define a snippet: abbrev must start with '/' followed by 1..15 letters,
 * digits, '-' or '_'. Redefining one replaces it. -1 and a reason in err. */
int a11y_complete_snippet(a11y_complete_t *c, const char *abbrev,
                          const char *text, char *err, size_t errlen);
/* The expansion of abbrev, or NULL. Borrowed: valid while c lives. */
const char *a11y_complete_snippet_get(const a11y_complete_t *c, const char *abbrev);
/* Snippets in order of definition: i-th abbreviation and text; false past
 * the end. Borrowed strings. */
bool a11y_complete_snippet_at(const a11y_complete_t *c, size_t i,
                              const char **abbrev, const char **text);

/* Offers for the text typed so far, best first, at most max (<= 9). Fills
 * out[]; returns how many. Free each with a11y_completion_clear(). A typed
 * snippet abbreviation at the end gives exactly one offer (its expansion). */
size_t a11y_complete_offer(const a11y_complete_t *c, const char *typed,
                           struct a11y_completion *out, size_t max);
/* The baseline: plain prefix completion of the current word from the
 * corpus's word list by frequency (no context, no phrases). */
size_t a11y_complete_words(const a11y_complete_t *c, const char *typed,
                           struct a11y_completion *out, size_t max);
void a11y_completion_clear(struct a11y_completion *x);

/* The list of offers kept in view (input.offer_list, offer_list.c): up to
 * max continuations with the most keys expected to be saved, best first --
 * the corpus's phrase when it agrees on one, then the words completing the
 * letters typed (or the next word) from the corpus and the general model,
 * each with the space after it when that is likely worth it; Chinese: the
 * character n-gram's best pieces. A digit takes one. None for an empty
 * answer or one ending with a digit (so a number is typed digit after
 * digit without Escape). Fills out[]; returns how many. */
size_t a11y_complete_list(const a11y_complete_t *c, const char *typed,
                          struct a11y_completion *out, size_t max);

/* The automatic offer: one continuation shown without asking when the
 * corpus is confident -- at least min_ctx tokens of context match, and at
 * least half of the matching places agree on it (past the first phrase
 * only when two or more agree). Tab takes it. false when there is none. */
bool a11y_complete_auto(const a11y_complete_t *c, const char *typed, int min_ctx,
                        struct a11y_completion *out);

/* How much of an offer the accept-word key takes: through the end of its
 * first word (Chinese: four characters). Bytes. */
size_t a11y_offer_word(const char *insert);

/* ---- keystroke savings (ksr.c) ----------------------------------------- */

/* How a simulated person uses Tab. ORACLE: as if the offers were always in
 * view (the literature's KSR; an upper bound for a screen-reader user).
 * PER_WORD: presses Tab once per English word after its first letter, and
 * in Chinese after every two characters typed since the last offer; a Tab
 * whose list holds nothing useful still costs its key (and an Escape if a
 * digit must be typed next). AUTO: the engine shows its automatic offer
 * (a11y_complete_auto) by itself; the person presses Tab (one key) only
 * when the offer shown is what comes next, and never asks for lists --
 * every decision uses only what is on screen. LIST: the list of offers in
 * view (a11y_complete_list, input.offer_list = max_shown) after every key
 * but at the start of an answer and after a digit; one key (the digit)
 * takes an offer that is exactly what comes next and saves more than that
 * key; a digit 1..n typed while n offers are listed costs an Escape first.
 * The ORACLE rows charge Tab + digit (2 keys) for a list always in view. */
typedef enum { A11Y_KSR_ORACLE = 0, A11Y_KSR_PER_WORD, A11Y_KSR_AUTO,
               A11Y_KSR_LIST } a11y_ksr_policy;
typedef enum { A11Y_KSR_PHRASES = 0, A11Y_KSR_WORDS } a11y_ksr_engine;

struct a11y_ksr {
    long keys_typed;    /* keys to type characters: one per character, except
                           a Chinese character, which costs what cjk_keys says
                           (NULL: one key, as if the IME committed it with a
                           single keystroke -- the per-character model) */
    long keys_choose;   /* Tab, digits and Escapes */
    long chars;         /* characters of the final texts */
    long texts;
    long choices;       /* completions taken */
    long keys_unaided;  /* keys to type the same texts with no help, same
                           cost model (for 1 - keys / keys_unaided) */
    /* optional: the keys a standard IME needs for the Chinese character
     * s[0..len) (e.g. its pinyin letters + 1 to commit it); NULL: 1 */
    long (*cjk_keys)(void *arg, const char *s, size_t len);
    void *cjk_keys_arg;
    /* optional: told each piece of the target as it is produced, typed
     * (one character) or taken (an offer); for tracing a benchmark */
    void (*trace)(void *arg, const char *piece, size_t len, bool taken);
    void *trace_arg;
    /* optional, A11Y_KSR_AUTO only: another engine's automatic offer for
     * the text typed so far (a benchmark's outside baseline, e.g. Presage):
     * true and a malloc'd *insert (freed by the caller), or false */
    bool (*offer)(void *arg, const char *typed, char **insert);
    void *offer_arg;
    /* optional, A11Y_KSR_LIST only: another engine's list for the text
     * typed so far (e.g. Presage's words): fills out[0..max) like
     * a11y_complete_list, returns how many */
    size_t (*list)(void *arg, const char *typed, struct a11y_completion *out, size_t max);
    void *list_arg;
};

/* Type target (one answer) with the engine's help and add the counts to
 * acc. max_shown: how many offers a list shows (1..9). */
void a11y_ksr_type(const a11y_complete_t *c, const char *target,
                   a11y_ksr_engine engine, a11y_ksr_policy policy,
                   size_t max_shown, struct a11y_ksr *acc);
/* 1 - (keys_typed + keys_choose) / chars; 0 when there are no chars. */
double a11y_ksr_value(const struct a11y_ksr *k);
/* 1 - (keys_typed + keys_choose) / keys_unaided: the share of the keys of
 * unaided typing saved (equal to a11y_ksr_value when every character is one
 * key); 0 when nothing was typed. */
double a11y_ksr_saved(const struct a11y_ksr *k);

#endif
