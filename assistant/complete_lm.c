/* complete_lm.c -- the general-language word model of phrase completion
 * (complete_lm.h): PocketSphinx's en-us trigram model (voice/word_model.h)
 * handed to the completion engine as callbacks. It is the recogniser's own
 * language model (already installed for voice input): 72,000 words and 3.7
 * million bigrams and trigrams of general US English, read in about 0.15 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a11y.h"
#include "complete_lm.h"
#include "config.h"
#include "i18n.h"
#include "voice_cmds.h"
#include "word_model.h"

struct complete_lm {
    word_model_t *wm;
    int refs;
};

/* Words never offered, whatever the model thinks of them: an offer must
 * not put a swear word in a trainee's mouth. */
static const char *const blocked[] = {
    "fuck", "fucking", "fucked", "shit", "damn", "damned", "crap", "hell", "bitch",
    "bastard", "ass", "asshole", "idiot", "stupid", "dumb", "moron", "sucks", "screw",
    "piss", "pissed", "bloody", "jerk", "shut", NULL};

complete_lm_t *complete_lm_open(const char *path, char *err, size_t errlen)
{
    complete_lm_t *lm = calloc(1, sizeof *lm);
    if (!lm) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    lm->wm = word_model_open(path, err, errlen);
    if (!lm->wm) {
        free(lm);
        return NULL;
    }
    lm->refs = 1;
    return lm;
}

void complete_lm_release(complete_lm_t *lm)
{
    if (!lm || --lm->refs > 0)
        return;
    word_model_release(lm->wm);
    free(lm);
}

static const char *lm_word(void *arg, size_t i)
{
    complete_lm_t *lm = arg;
    const char *w = word_model_word(lm->wm, i);
    for (size_t b = 0; w && blocked[b]; b++)
        if (strcmp(w, blocked[b]) == 0)
            return NULL;
    return w;
}

static double lm_logprob(void *arg, const char *const *hist, size_t nhist, const char *word)
{
    complete_lm_t *lm = arg;
    return word_model_logprob(lm->wm, hist, nhist, word);
}

static void lm_release(void *arg) { complete_lm_release(arg); }

int complete_lm_attach(complete_lm_t *lm, a11y_complete_t *c)
{
    if (!lm || !c)
        return -1;
    lm->refs++;
    struct a11y_complete_lm cb = {word_model_words(lm->wm), lm_word, lm_logprob, lm_release,
                                  lm};
    return a11y_complete_set_lm(c, &cb);    /* releases its reference on failure */
}

const char *complete_lm_path(struct kefu_ctx *ctx)
{
    static char buf[4096];
    const char *cfg = ctx->cfg ? config_get(ctx->cfg, "input.general_model") : "";
    if (cfg && strcmp(cfg, "off") == 0)
        return "";
    if (cfg && *cfg)
        return cfg;
    char *p = asr_beside_model(voice_model_dir(ctx), "en-us.lm.bin");
    snprintf(buf, sizeof buf, "%s", p ? p : "");
    free(p);
    return buf;
}

bool complete_lm_load(struct kefu_ctx *ctx, a11y_complete_t *c, const char *lang)
{
    if (!c || !lang || strcmp(lang, "en") != 0)
        return false;
    const char *path = complete_lm_path(ctx);
    if (!*path)
        return false;
    char err[512];
    complete_lm_t *lm = complete_lm_open(path, err, sizeof err);
    if (!lm) {
        a11y_warning(ctx->out, _("completion of ordinary words is off: %s (set "
                                 "input.general_model, or \"off\")"), err);
        return false;
    }
    int rc = complete_lm_attach(lm, c);
    complete_lm_release(lm);
    return rc == 0;
}
