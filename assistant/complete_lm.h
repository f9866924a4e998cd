/* complete_lm.h -- the general-language word model of phrase completion:
 * the PocketSphinx en-us n-gram model (Debian package pocketsphinx-en-us,
 * docs/dependencies.md) handed to accessibility/complete.h as callbacks,
 * so that accessibility/ never reads model files or links PocketSphinx.
 */
#ifndef KEFU_COMPLETE_LM_H
#define KEFU_COMPLETE_LM_H

#include <stdbool.h>
#include "cli.h"
#include "complete.h"

typedef struct complete_lm complete_lm_t;

/* Read the model at path (an .lm.bin, .lm or .DMP file). NULL when it
 * cannot be read (a reason in err). The model is shared: each completion
 * engine it is given to holds a reference. */
complete_lm_t *complete_lm_open(const char *path, char *err, size_t errlen);
/* Give c the model (c takes a reference of its own). 0 or -1. */
int complete_lm_attach(complete_lm_t *lm, a11y_complete_t *c);
void complete_lm_release(complete_lm_t *lm);    /* NULL is a no-op */

/* The model's path for this installation: input.general_model when set,
 * else en-us.lm.bin next to voice.model_dir (the folder the recogniser
 * uses); "" when input.general_model is "off". Static buffer. */
const char *complete_lm_path(struct kefu_ctx *ctx);

/* For the session: English only (the model is English); a model that
 * cannot be read is a warning once (completion goes on with the knowledge
 * base alone). true when c has the model now. */
bool complete_lm_load(struct kefu_ctx *ctx, a11y_complete_t *c, const char *lang);

#endif
