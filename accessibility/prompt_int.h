/* prompt_int.h -- the prompt's state, shared by prompt.c (keys, actions,
 * completion) and prompt_loop.c (the read loop, timers, switch scanning).
 * Never included from outside accessibility/. */
#ifndef KEFU_PROMPT_INT_H
#define KEFU_PROMPT_INT_H

#include "prompt.h"

enum { PR_MAX_ITEMS = 48, PR_MAX_CHUNKS = 64 };

typedef enum { ITEM_TEXT, ITEM_OFFER, ITEM_SUBMIT, ITEM_DELETE, ITEM_ACTION,
               ITEM_LIST,       /* opens a sub-list (the snippets) */
               ITEM_BACK        /* leaves the sub-list */
} pr_item_kind;

struct pr_item {
    pr_item_kind kind;
    char *text;             /* ITEM_TEXT: appended (owned); others: label */
    size_t offer;           /* ITEM_OFFER: index into offers; ITEM_LIST: its length */
    a11y_action act;        /* ITEM_ACTION */
};

struct a11y_prompt {
    struct a11y_prompt_options o;
    bool tty;               /* readline drives the line */
    bool dictating;
    struct a11y_bounce bounce;
    int rate;
    int adjust;             /* what slower/faster change: 0 rate, 1 pitch, 2 volume */

    /* one read */
    bool typing;            /* shortcuts pause until the line is submitted */
    struct a11y_completion offers[A11Y_COMPLETE_MAX];
    size_t noffers;
    bool armed;             /* the next digit chooses an offer */
    bool esc_digit;         /* a lone Escape came: the next key, if a digit, is text
                             * even if a list of offers appeared since */
    char *shown;            /* what Tab takes of the automatic offer on screen, or NULL */
    char *printed;          /* the line the last offer printed would make (typed + offer) */
    size_t printed_base;    /* bytes typed when it was printed */
    double offer_due;       /* when to look for an offer (typing paused); 0: none */
    char *list_line;        /* the list of offers last printed (offer_list), or NULL */
    double limit, deadline; /* seconds; 0: none */
    bool warned;
    int extensions;
    char *label;
    char *initial;          /* the read's a11y_read.initial (owned), or NULL */

    /* readline */
    bool rl_on;
    int below;              /* nesting of pr_out_begin: lines below the input */
    bool line_done, line_eof;
    char *line_text;
    unsigned char q[64];
    size_t qh, qn;

    /* the line on a pipe */
    char *buf;
    size_t len, cap;

    /* switch scanning */
    struct pr_item items[PR_MAX_ITEMS];
    size_t nitems, scan_pos;
    int scan_sub;           /* 0: all choices; 1: the snippets' sub-list */
    double next_scan;
    size_t chunks[PR_MAX_CHUNKS];
    size_t nchunks;
    const char *const *choices;
};

double a11y_now(void);                          /* monotonic seconds */
/* A key's name as heard (options.key_label), in buf or static. prompt.c */
const char *pr_key_label(const a11y_prompt_t *p, int key, char *buf, size_t len);
const char *pr_text(a11y_prompt_t *p);
void pr_insert(a11y_prompt_t *p, const char *s);
void pr_erase_end(a11y_prompt_t *p, size_t n);
void pr_out_begin(a11y_prompt_t *p);
void pr_out_end(a11y_prompt_t *p);
bool pr_action(a11y_prompt_t *p, a11y_action act, struct a11y_input *in);
void pr_clear_offers(a11y_prompt_t *p);
void pr_apply_offer(a11y_prompt_t *p, size_t i);
/* After the line changed: show the automatic offer if there is a new one. */
void pr_auto_offer(a11y_prompt_t *p);
void pr_drop_shown(a11y_prompt_t *p);
/* Bytes of the word being typed at the end of s (letters, digits, an
 * apostrophe): offers are shown with it, whole ("or" at "f" is "for"). */
size_t pr_word_tail(const char *s);
/* A new read: no offer shown or printed. */
void pr_forget_offers(a11y_prompt_t *p);
/* The list of offers in view (options.offer_list): true when the prompt
 * shows one instead of the single automatic offer. prompt_list.c */
bool pr_list_mode(const a11y_prompt_t *p);
/* Find the list for the line now, print it as one line (unless it is the
 * one printed last) and let the next key, if a digit, choose. */
void pr_list_offers(a11y_prompt_t *p);
/* After a typed key: look for an offer once typing pauses. */
void pr_offer_later(a11y_prompt_t *p);
/* One key (bytes k[0..n), alone in its read or not); true when the read
 * is over (in filled). prompt.c */
bool pr_handle_key(a11y_prompt_t *p, const struct a11y_read *r, const char *k, size_t n,
                   bool alone, struct a11y_input *in);
/* The line is finished: an answer or a typed command word. prompt.c */
bool pr_submit(a11y_prompt_t *p, struct a11y_input *in);
/* Hand key bytes to readline. prompt_loop.c */
void pr_rl_feed(a11y_prompt_t *p, const char *k, size_t n);
/* Start the input line again (after a typed command word). */
void pr_restart(a11y_prompt_t *p);
/* A switch key (scan_next / scan_choose); true when the read is over. */
bool pr_scan_key(a11y_prompt_t *p, const struct a11y_read *r, a11y_action s,
                 struct a11y_input *in);
/* Scanning (scan.c): build the choices for the current line, announce
 * the current one, move on when the scan timer fires. */
void pr_scan_build(a11y_prompt_t *p);
void pr_scan_announce(a11y_prompt_t *p);
void pr_scan_tick(a11y_prompt_t *p);
void pr_scan_clear(a11y_prompt_t *p);
/* The time-limit warning in switch mode: the scan jumps to "More time",
 * announced with the key (or switch) that takes it. */
void pr_scan_more_time(a11y_prompt_t *p, int left);

#endif
