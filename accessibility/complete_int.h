/* complete_int.h -- the completion engine's insides, shared by complete.c
 * (corpus, snippets), offer.c (ranking) and ksr.c (the typing simulation).
 * Never included from outside accessibility/. */
#ifndef KEFU_COMPLETE_INT_H
#define KEFU_COMPLETE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "complete.h"

enum { CTOK_WORD = 1, CTOK_CJK, CTOK_PUNCT, CTOK_SENTENCE };

struct ctok {
    uint32_t off, len;  /* bytes in the text */
    int id;             /* interned matching form (corpus texts only) */
    uint8_t cls;        /* CTOK_* */
};

struct ctext {
    char *s;
    struct ctok *t;
    size_t n;
    bool own;
    bool hidden;        /* a11y_complete_hide(): never offered for now */
};

struct cocc {
    uint32_t text, tok;
};

struct cid {
    char *name;
    uint8_t cls;
    long freq;
    struct cocc *occ;
    size_t nocc, occcap;
};

struct csnip {
    char *abbrev, *text;
};

struct a11y_complete {
    struct ctext *texts;
    size_t ntexts, textcap;
    struct cid *ids;
    size_t nids, idcap;
    int *hash;          /* open addressing, -1 empty */
    size_t hcap;
    struct csnip *snip;
    size_t nsnip;
    struct cgen *gen;   /* the general-language model, or NULL */
};

/* Cut s[0..len) into tokens; writes up to max into out (may be NULL) and
 * returns how many there are. ids are not set. */
size_t ctok_split(const char *s, size_t len, struct ctok *out, size_t max);
int cmp_find(const a11y_complete_t *c, const char *name);   /* id or -1 */

/* ---- shared by offer.c and offer_auto.c --------------------------------- */

enum { MAX_CTX = 4, MAX_CAND = 64, MAX_TYPED_TOKENS = 512, PHRASE_TOKENS = 12,
       SENTENCE_TOKENS = 40 };
enum { CTX_UNKNOWN = -1, CTX_BOS = -2 };    /* context ids that are not tokens */

struct cand {
    const char *s;      /* slice of a corpus text */
    size_t len;
    int k;              /* longest context it followed */
    double score;
};

struct pool {
    struct cand c[MAX_CAND];
    size_t n;
};

/* Add w to the candidate s[0..len) (merging equal slices). */
void pool_add(struct pool *p, const char *s, size_t len, int k, double w);

/* The places in the corpus that follow the last context token: after each
 * occurrence of it, or the start of every text when it is the start of the
 * answer (CTX_BOS). Hidden texts are skipped. */
struct walk {
    const a11y_complete_t *c;
    int last;
    size_t o;
};
bool walk_next(struct walk *w, const struct ctext **t, size_t *i);
/* Does the place (t, i) follow the last k tokens of ctx[0..nctx)? */
bool ctx_match(const a11y_complete_t *c, const struct ctext *t, size_t i,
               const int *ctx, size_t nctx, int k);
/* Split typed into context ids (the last MAX_CTX tokens, CTX_BOS first
 * when the answer starts within them) and the lower-cased partial word
 * at its end (prefix). Returns how many ids are in ctx. */
size_t typed_context(const a11y_complete_t *c, const char *typed, int *ctx,
                     char *prefix, size_t plen, bool *partial_cjk);

/* Votes for the words that start with prefix after the context
 * (offer_auto.c): the corpus's back-off contexts and the general model.
 * v has room for WV_MAX; returns how many; *wsum: the total weight of the
 * voters (a word's share of the votes is score / wsum). */
enum { WV_MAX = 256 };
struct wvote {
    int id;             /* corpus id, or -1 */
    const char *name;   /* the corpus's or the general model's word (lower case) */
    double score;       /* votes */
    double value;       /* votes times keys saved (letters left + the space) */
};
size_t word_votes(const a11y_complete_t *c, const char *typed, const int *ctx, size_t nctx,
                  const char *prefix, size_t plen, struct wvote *v, double *wsum);
/* The first word of an offer takes the case its place needs (offer_auto.c). */
void offer_fix_case(const a11y_complete_t *c, const char *typed, char *ins);
/* A snippet abbreviation at the end of typed: its offers (offer.c);
 * *handled when there are any. */
size_t snippet_offers(const a11y_complete_t *c, const char *typed,
                      struct a11y_completion *out, size_t max, bool *handled);

/* The automatic offer for Chinese (offer_cjk.c): a slice of a corpus text
 * in *out, *outlen bytes. false: none. */
bool cjk_offer(const a11y_complete_t *c, const int *ctx, size_t nctx, const char **out,
               size_t *outlen);
/* The max (<= A11Y_COMPLETE_MAX) pieces with the most IME keys expected
 * to be saved, best first (the list of offers); returns how many. */
size_t cjk_pieces(const a11y_complete_t *c, const int *ctx, size_t nctx, const char **out,
                  size_t *outlen, size_t max);

/* A byte of a Latin word (letters, digits, apostrophe): ksr.c's words
 * typed, offer_list.c's word ends. */
static inline bool latin_word_byte(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '\'';
}

/* ---- the general-language model (complete_gen.c) ------------------------ */

struct gcand {
    const char *w;      /* lower case, borrowed from the model's vocabulary */
    double p;
};
void cgen_free(struct cgen *g);
int cgen_history(const char *typed, size_t len, char hist[2][64]);
size_t cgen_candidates(const a11y_complete_t *c, char hist[2][64], int nhist,
                       const char *prefix, size_t plen, struct gcand *out, size_t max);

#endif
