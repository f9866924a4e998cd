/* lm.h -- n-gram language model estimation, written out as ARPA text.
 *
 * Debian ships no LM-building tool for PocketSphinx, so kefu estimates the
 * "answers" domain model itself from the knowledge base's English text.
 * The smoothing is interpolated modified Kneser-Ney (Chen & Goodman 1998,
 * the method of SRILM's `-kndiscount -interpolate` and KenLM's lmplz):
 *
 *   - the highest order uses raw counts; lower orders use continuation
 *     counts (how many distinct words precede the n-gram), except n-grams
 *     that start with <s>, which keep raw counts (nothing can precede <s>);
 *   - three discounts per order, D1, D2, D3+, from the count-of-counts
 *     n1..n4 of that order: Y = n1/(n1+2 n2), Dk = k - (k+1) Y n(k+1)/nk.
 *     When the data are too small for that (some nk is 0, or a Dk falls
 *     outside (0, k)), the order falls back to one discount D = Y, or 0.5
 *     when Y is undefined -- documented, and what tests check;
 *   - p(w|h) = max(c(hw) - D(c(hw)), 0) / c(h) + gamma(h) p(w|h'), with
 *     gamma(h) = (D1 N1(h.) + D2 N2(h.) + D3+ N3+(h.)) / c(h); the unigram
 *     level interpolates with the uniform distribution over the vocabulary
 *     (every word seen, plus </s>; <s> gets no probability).
 *
 * Because the model is interpolated, the ARPA back-off weight of a history
 * is exactly gamma(h), and each listed probability is the interpolated one.
 *
 * Words are plain UTF-8 tokens given by the caller (lm_tokenize() offers an
 * English normaliser). Nothing here prints or exits.
 */
#ifndef KEFU_LM_H
#define KEFU_LM_H

#include <stddef.h>
#include <stdio.h>

typedef struct lm lm_t;

typedef enum {
    LM_OK = 0,
    LM_ERROR = -1,
    LM_INVALID = -2,    /* bad argument (order out of range, empty model...) */
    LM_NOMEM = -3,
    LM_IO = -4          /* cannot write the ARPA file */
} lm_status;

#define LM_MAX_ORDER 5

/* A new, empty model of the given order (1..LM_MAX_ORDER). *out is set even
 * on failure (except out of memory); always lm_free() it. */
int lm_new(lm_t **out, int order);
void lm_free(lm_t *lm);                         /* NULL is a no-op */

/* Add one sentence of n words (without <s> and </s>; they are added). The
 * words are copied. An empty sentence is ignored. */
int lm_add_sentence(lm_t *lm, const char *const *words, size_t n);

/* Estimate (once; later calls to lm_add_sentence fail) and write the model
 * as ARPA text. */
int lm_estimate(lm_t *lm);
int lm_write_arpa(lm_t *lm, FILE *fp);
int lm_write_arpa_file(lm_t *lm, const char *path);

/* After lm_estimate: log10 p(word | history) as the ARPA file defines it
 * (back-off included), for tests and diagnostics. history has nh words,
 * oldest first; at most order-1 of the latest are used. Unknown words give
 * -99. */
double lm_log10prob(const lm_t *lm, const char *const *history, size_t nh,
                    const char *word);

/* The discounts of one order (1..order) after lm_estimate: d[0..2] = D1, D2,
 * D3+. Returns 1 if the order fell back to a single discount, 0 if the
 * modified discounts were used, -1 on a bad order. */
int lm_discounts(const lm_t *lm, int order, double d[3]);

/* Vocabulary size (distinct words, not counting <s> and </s>) and the
 * number of n-grams of one order after estimation. */
size_t lm_vocab_size(const lm_t *lm);
size_t lm_ngram_count(const lm_t *lm, int order);
/* Word i (0 <= i < lm_vocab_size) of the vocabulary; borrowed, valid until
 * lm_free(). */
const char *lm_vocab_word(const lm_t *lm, size_t i);

const char *lm_errmsg(const lm_t *lm);          /* borrowed; never NULL */

/* English text to recogniser tokens (voice/lm_tokenize.c): lower case,
 * numbers as said ("48" -> forty eight, "1,200" -> one thousand two
 * hundred, "3.5" -> three point five; 0..9999), identifiers digit by digit
 * (after a letter or '#', five or more digits, or a leading zero:
 * "TB2026" -> tb two zero two six), "&" -> and, "%" -> percent, apostrophes
 * inside words kept (don't), everything else a word break. Sentences end
 * at . ! ? ; : and line ends. fn is called once per sentence with its
 * words (borrowed, valid during the call); returning nonzero stops.
 * Returns the number of sentences, or -1 out of memory. */
typedef int (*lm_sentence_fn)(void *arg, const char *const *words, size_t n);
int lm_tokenize(const char *text, lm_sentence_fn fn, void *arg);

#endif
