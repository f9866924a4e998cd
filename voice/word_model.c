/* word_model.c -- the general-language word model (word_model.h). */
#include <stdio.h>
#include <stdlib.h>

#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

#include "word_model.h"

struct word_model {
    ngram_model_t *m;
    logmath_t *lmath;
    int refs;
    size_t nwords;
};

word_model_t *word_model_open(const char *path, char *err, size_t errlen)
{
    word_model_t *wm = calloc(1, sizeof *wm);
    if (!wm) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* sphinxbase logs INFO lines to stderr unless told otherwise; the
     * recogniser sets its own log file (-logfn) when it starts */
    err_set_logfp(NULL);
    wm->lmath = logmath_init(1.0001, 0, 0);
    wm->m = wm->lmath ? ngram_model_read(NULL, path, NGRAM_AUTO, wm->lmath) : NULL;
    if (!wm->m) {
        snprintf(err, errlen, "cannot read the language model %s", path);
        if (wm->lmath)
            logmath_free(wm->lmath);
        free(wm);
        return NULL;
    }
    wm->nwords = ngram_model_get_counts(wm->m)[0];
    wm->refs = 1;
    return wm;
}

word_model_t *word_model_retain(word_model_t *m)
{
    if (m)
        m->refs++;
    return m;
}

void word_model_release(word_model_t *m)
{
    if (!m || --m->refs > 0)
        return;
    ngram_model_free(m->m);
    logmath_free(m->lmath);
    free(m);
}

size_t word_model_words(const word_model_t *m) { return m ? m->nwords : 0; }

const char *word_model_word(const word_model_t *m, size_t i)
{
    return m && i < m->nwords ? ngram_word(m->m, (int32)i) : NULL;
}

double word_model_logprob(const word_model_t *m, const char *const *hist, size_t nhist,
                          const char *word)
{
    int32 unk = ngram_unknown_wid(m->m);
    int32 h[2];
    int32 nh = 0;
    for (size_t i = nhist; i-- > 0 && nh < 2;) {
        int32 id = ngram_wid(m->m, hist[i]);
        if (id == unk)
            break;
        h[nh++] = id;       /* most recent first, as ngram_ng_score wants */
    }
    int32 used;
    int32 s = ngram_ng_score(m->m, ngram_wid(m->m, word), h, nh, &used);
    return logmath_log_to_log10(m->lmath, s);
}
