/* word_model.h -- a general-language word n-gram model for text (not
 * speech): the PocketSphinx en-us trigram model read with sphinxbase's
 * ngram_model API, for phrase completion (assistant/complete_lm.c hands it
 * to accessibility/complete.h). Only voice/ links PocketSphinx.
 */
#ifndef KEFU_WORD_MODEL_H
#define KEFU_WORD_MODEL_H

#include <stddef.h>

typedef struct word_model word_model_t;

/* Read the model at path (.lm.bin, .lm or .DMP). NULL when it cannot be
 * read (a reason in err). Reference-counted: starts with one reference. */
word_model_t *word_model_open(const char *path, char *err, size_t errlen);
word_model_t *word_model_retain(word_model_t *m);
void word_model_release(word_model_t *m);       /* NULL is a no-op */

size_t word_model_words(const word_model_t *m);                /* vocabulary size */
const char *word_model_word(const word_model_t *m, size_t i);  /* borrowed; NULL past the end */
/* log10 P(word | hist[0..nhist)), the history oldest first ("<s>" starts a
 * sentence); a history word the model lacks cuts the history there. */
double word_model_logprob(const word_model_t *m, const char *const *hist, size_t nhist,
                          const char *word);

#endif
