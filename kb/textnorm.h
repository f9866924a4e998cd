/* textnorm.h -- one text normalisation for everything that compares words.
 *
 * Search (index and query), the scorer's rubric matching and order-number
 * lookup must agree on what "the same text" is: full-width ＡＢＣ１２３ is
 * ABC123, Traditional 訂單 is 订单, "Refund" is "refund", 三个工作日 is
 * 3个工作日. Both sides of any comparison go through kb_normalize() with the
 * same flags, so the rewriting only has to be consistent, not pretty.
 *
 * The steps run in this order, each only when its flag is set:
 *   1. invalid UTF-8 bytes become U+FFFD and NUL bytes a space (always);
 *   2. NFKC (full-width -> half-width, compatibility forms) and case folding
 *      (utf8proc);
 *   3. Traditional -> Simplified (OpenCC t2s.json, loaded once per process);
 *   4. Chinese numerals -> digits;
 *   5. punctuation, white space and control characters removed.
 */
#ifndef KEFU_KB_TEXTNORM_H
#define KEFU_KB_TEXTNORM_H

#include <stddef.h>

enum {
    KB_NORM_NFKC = 1,
    KB_NORM_CASEFOLD = 2,
    KB_NORM_T2S = 4,
    KB_NORM_STRIP = 8,      /* punctuation and white space removed */
    KB_NORM_NUMERALS = 16,  /* Chinese numerals -> digits: 三个工作日 -> 3个工作日,
                               一二三 -> 123, 十五 -> 15, 两 -> 2 */
    KB_NORM_ALL = 31
};

/* Normalise len bytes of in (need not be NUL-terminated; NULL is fine when
 * len is 0) into a new NUL-terminated UTF-8 string in *out; caller frees with
 * free(). Never fails on bad input: invalid UTF-8 is replaced. Returns KB_OK
 * (0), KB_NOMEM or KB_INVALID (out is NULL, or in is NULL with len > 0);
 * *out is NULL on failure.
 *
 * If OpenCC cannot be loaded, KB_NORM_T2S is skipped and
 * kb_textnorm_t2s_error() says why; the rest still applies. */
int kb_normalize(const char *in, size_t len, unsigned flags, char **out);

/* NULL when Traditional -> Simplified conversion works, else a message
 * (borrowed; static). Loads OpenCC if it was not loaded yet. */
const char *kb_textnorm_t2s_error(void);

#endif
