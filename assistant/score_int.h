/* score_int.h -- shared inside the scorer (score.c, score_feedback.c) only. */
#ifndef KEFU_SCORE_INT_H
#define KEFU_SCORE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "score.h"

/* One phrase, rendered and normalised once. */
struct score_phrase {
    char *text;             /* rendered, as written */
    char *norm;             /* kb_normalize(ALL): no spaces or punctuation */
    char *words;            /* " w1 w2" when word-matched, else NULL */
    const char *last;       /* last word inside words (for the suffix rule) */
    uint32_t *cps;          /* norm as code points (spoken tolerance) */
    size_t ncps;
};

struct score_sec {
    const kb_rubric_item *item;
    struct score_phrase *ph;
    size_t n;
};

struct score_rubric {
    const kb_turn *turn;
    struct score_sec *sec;          /* expect and bonus items, in order */
    size_t nsec;
    struct score_phrase *forbid;    /* every forbid phrase of the turn */
    size_t nforbid;
    char *answer[KB_LANG_COUNT];    /* model answers, rendered; may be NULL */
    double tol;                     /* spoken tolerance... */
    double tol_words;               /* ...and for phrases of Latin words */
    char *dict;                     /* pronunciations for spoken answers, or NULL */
};

/* A text prepared for look-ups. */
struct score_text {
    char *norm;
    char *words;            /* " w1 w2 " (leading and trailing space) */
    uint32_t *cps;
    size_t ncps;
    /* the letters and digits of words, without the spaces, and which of
     * them start and end a word (spoken tolerance for word phrases) */
    uint32_t *wl;
    unsigned char *wflag;   /* SCORE_WSTART | SCORE_WEND per letter */
    size_t nwl;
};

#define SCORE_WSTART 1u
#define SCORE_WEND 2u

int score_text_prepare(const char *text, struct score_text *t);
void score_text_free(struct score_text *t);

/* Does phrase p occur in t? Strict, or with spoken tolerance tol (> 0);
 * *fuzzy tells which (may be NULL). */
bool score_phrase_hit(const struct score_phrase *p, const struct score_text *t,
                      double tol, bool *fuzzy);

/* Normalised form of text as scoring sees it (caller frees); NULL on OOM. */
char *score_norm(const char *text);

/* Min edit distance between a and any substring of b (Sellers). */
size_t score_approx_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* The same, over only the substrings of b that begin at a word start and
 * end at a word end (flags as in struct score_text). */
size_t score_approx_words(const uint32_t *a, size_t na, const uint32_t *b,
                          const unsigned char *flags, size_t nb);

/* Spoken answers: mark the sections of res that no phrase hit but whose
 * phrase sounds exactly like some run of the heard words of one of the nt
 * texts t (the best recognition first, then alternatives; score_sound.c);
 * a section marked from a text after the first is marked alternative too.
 * Returns SCORE_OK (also when the dictionary cannot be read) or
 * SCORE_NOMEM. */
int score_sound_pass(const score_rubric_t *r, const struct score_text *t, size_t nt,
                     score_result *res);

/* The default pronunciation dictionary's path (caller frees); NULL on OOM. */
char *score_default_dictionary(void);

/* UTF-8 -> code points; caller frees *out. Returns count; (size_t)-1 on OOM. */
size_t score_utf8_cps(const char *s, uint32_t **out);

#endif
