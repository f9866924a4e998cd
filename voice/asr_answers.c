/* asr_answers.c -- the answers search: a domain trigram model from the
 * knowledge base's English text (voice/lm.c, modified Kneser-Ney),
 * interpolated by PocketSphinx (ngram_model_set) with the general en-us
 * model, over a dictionary trimmed to the domain words plus the general
 * model's most frequent words.
 *
 * Why trim: the decoder's search tree covers every dictionary word; the
 * full 134k-word dictionary takes seconds to load, while the few thousand
 * frequent words cover almost all of what trainees say about orders,
 * refunds and deliveries. Words of the domain text that the dictionary
 * lacks cannot be recognised at all, so sentences are cut at them rather
 * than teaching the model false neighbours. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sphinxbase/ngram_model.h>

#include "asr_core.h"
#include "lm.h"

struct vocab_ctx {
    struct wordset *ws;
    int nomem;
};

static int add_vocab(void *arg, const char *const *words, size_t n)
{
    struct vocab_ctx *v = arg;
    for (size_t i = 0; i < n; i++)
        if (wordset_add(v->ws, words[i]) < 0) {
            v->nomem = 1;
            return 1;
        }
    return 0;
}

struct train_ctx {
    lm_t *lm;
    const struct wordset *known;
    int rc;
};

/* Add the runs of known words of one sentence as sentences of their own. */
static int add_sentence(void *arg, const char *const *words, size_t n)
{
    struct train_ctx *t = arg;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && wordset_has(t->known, words[i]))
            continue;
        if (i > start && (t->rc = lm_add_sentence(t->lm, words + start, i - start)) != LM_OK)
            return 1;
        start = i + 1;
    }
    return 0;
}

struct scored {
    int32 score;
    int32 wid;
};

static int by_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    return x->score < y->score ? 1 : x->score > y->score ? -1 : x->wid - y->wid;
}

/* The k most probable words of the general model into ws. */
static int add_frequent(ngram_model_t *gen, int k, struct wordset *ws)
{
    int32 n = (int32)ngram_model_get_counts(gen)[0];
    struct scored *s = malloc((size_t)n * sizeof *s);
    if (!s)
        return -1;
    int32 m = 0;
    for (int32 wid = 0; wid < n; wid++) {
        const char *w = ngram_word(gen, wid);
        if (!w || w[0] == '<')
            continue;
        s[m].score = ngram_score(gen, w, NULL);
        s[m].wid = wid;
        m++;
    }
    qsort(s, (size_t)m, sizeof *s, by_score);
    int rc = 0;
    for (int32 i = 0; i < m && i < k; i++)
        if (wordset_add(ws, ngram_word(gen, s[i].wid)) < 0) {
            rc = -1;
            break;
        }
    free(s);
    return rc;
}

int asr_build_answers(asr_t *asr)
{
    double t0 = asr_now();
    logmath_t *lmath = ps_get_logmath(asr->ps);
    ngram_model_t *gen = NULL, *dom = NULL, *set = NULL;
    struct wordset *want = NULL, *found = NULL;
    lm_t *lm = NULL;
    FILE *fp = NULL;
    char dictpath[512] = "", arpapath[512] = "";
    int rc = ASR_NOMEM;

    gen = ngram_model_read(asr->config, asr->lm, NGRAM_AUTO, lmath);
    if (!gen) {
        rc = asr_fail(asr, ASR_NOMODEL, "cannot read the language model %s. Try: sudo apt "
                      "install --reinstall pocketsphinx-en-us", asr->lm);
        goto out;
    }
    if (!(want = wordset_new()) || !(found = wordset_new()))
        goto out;
    for (size_t i = 0; i < wordset_len(asr->cmd_words); i++)
        if (wordset_add(want, wordset_word(asr->cmd_words, i)) < 0)
            goto out;
    bool domain = !asr->no_domain && asr->domain && asr->dlen;
    if (domain) {
        struct vocab_ctx v = {want, 0};
        if (lm_tokenize(asr->domain, add_vocab, &v) < 0 || v.nomem)
            goto out;
    }
    const char *dict_for_ps = asr->dict;
    /* the commands grammar's extra pronunciations must stay (asr_dict.c):
     * then even the whole dictionary is copied */
    if (asr->general_words >= 0 || domain || asr_dict_has_extra(asr->cmd_words)) {
        if (asr->general_words >= 0 && add_frequent(gen, asr->general_words, want) < 0)
            goto out;
        if (!(fp = asr_tmpfile(dictpath, sizeof dictpath, ".dict"))) {
            rc = asr_fail(asr, ASR_ERROR, "cannot create a temporary file");
            goto out;
        }
        /* general_words < 0: every entry (the whole dictionary) */
        long n = asr_dict_extract(asr->dict, asr->general_words >= 0 ? want : NULL, fp, found);
        if (n < 0) {
            rc = n == -1 ? asr_fail(asr, ASR_NOMODEL, "cannot read the dictionary %s", asr->dict)
                         : ASR_NOMEM;
            goto out;
        }
        if (asr_dict_extra(asr->cmd_words, fp) < 0) {
            rc = asr_fail(asr, ASR_ERROR, "cannot write %s", dictpath);
            goto out;
        }
        if (fclose(fp) != 0) {
            fp = NULL;
            rc = asr_fail(asr, ASR_ERROR, "cannot write %s", dictpath);
            goto out;
        }
        fp = NULL;
        dict_for_ps = dictpath;
    }
    if (domain) {
        if (lm_new(&lm, 3) != LM_OK)
            goto out;
        struct train_ctx t = {lm, found, LM_OK};
        if (lm_tokenize(asr->domain, add_sentence, &t) < 0 || t.rc == LM_NOMEM)
            goto out;
        if (lm_vocab_size(lm) == 0) {
            domain = false;             /* nothing usable: the general model alone */
        } else {
            if (!(fp = asr_tmpfile(arpapath, sizeof arpapath, ".arpa"))) {
                rc = asr_fail(asr, ASR_ERROR, "cannot create a temporary file");
                goto out;
            }
            int r = lm_write_arpa(lm, fp);
            int c = fclose(fp);
            fp = NULL;
            if (r != LM_OK || c != 0) {
                rc = asr_fail(asr, ASR_ERROR, "cannot write the domain model: %s", lm_errmsg(lm));
                goto out;
            }
            dom = ngram_model_read(asr->config, arpapath, NGRAM_ARPA, lmath);
            if (!dom) {
                rc = asr_fail(asr, ASR_ERROR, "PocketSphinx refused the domain model");
                goto out;
            }
        }
    }
    /* reloading the dictionary rebuilds the grammar searches too */
    asr_grammar_params(asr, true);
    int loaded = ps_load_dict(asr->ps, dict_for_ps, NULL, NULL);
    asr_grammar_params(asr, false);
    if (loaded < 0) {
        rc = asr_fail(asr, ASR_ERROR, "PocketSphinx cannot load the dictionary %s", dict_for_ps);
        goto out;
    }
    if (domain) {
        /* the general model first: the set sizes its merged vocabulary
         * table by the first model (the other order costs 0.6 s) */
        ngram_model_t *models[2] = {gen, dom};
        char *names[2] = {"general", "domain"};
        float32 weights[2] = {(float32)(1 - asr->domain_weight), (float32)asr->domain_weight};
        set = ngram_model_set_init(asr->config, models, names, weights, 2);
        if (!set) {
            rc = asr_fail(asr, ASR_ERROR, "PocketSphinx cannot mix the language models");
            goto out;
        }
        /* the set retains both models: our references are freed below */
    }
    /* The answers search's own settings, read when it is created and put
     * back afterwards: no second (flat) pass, at most 3000 HMMs and 10 word
     * exits per frame, a tighter word beam. Measured on the round trip
     * (tests/bench/bench_asr.c, 1 answer in 14, 20 dB): WER 34.5% -> 35.5%,
     * RTF 0.28 -> 0.12, end of speech to result 784 -> 15 ms, because the
     * lattice the best-path pass rescores is much smaller. The best-path
     * pass itself is kept: without it WER was 49%. */
    long fwdflat = cmd_ln_int_r(asr->config, "-fwdflat");
    long maxhmmpf = cmd_ln_int_r(asr->config, "-maxhmmpf");
    long maxwpf = cmd_ln_int_r(asr->config, "-maxwpf");
    double wbeam = cmd_ln_float_r(asr->config, "-wbeam");
    if (!asr->stock) {
        cmd_ln_set_int_r(asr->config, "-fwdflat", 0);
        cmd_ln_set_int_r(asr->config, "-maxhmmpf", 3000);
        cmd_ln_set_int_r(asr->config, "-maxwpf", 10);
        cmd_ln_set_float_r(asr->config, "-wbeam", 1e-24);
    }
    int set_rc = ps_set_lm(asr->ps, ASR_ANSWERS, set ? set : gen);
    cmd_ln_set_int_r(asr->config, "-fwdflat", fwdflat);
    cmd_ln_set_int_r(asr->config, "-maxhmmpf", maxhmmpf);
    cmd_ln_set_int_r(asr->config, "-maxwpf", maxwpf);
    cmd_ln_set_float_r(asr->config, "-wbeam", wbeam);
    if (set_rc < 0) {
        rc = asr_fail(asr, ASR_ERROR, "PocketSphinx refused the answers model");
        goto out;
    }
    asr->answers_ok = true;
    asr->load_answers = asr_now() - t0;
    rc = ASR_OK;
out:
    if (fp)
        fclose(fp);
    if (dictpath[0])
        unlink(dictpath);
    if (arpapath[0])
        unlink(arpapath);
    ngram_model_free(set);
    ngram_model_free(dom);
    ngram_model_free(gen);
    lm_free(lm);
    wordset_free(want);
    wordset_free(found);
    return rc == ASR_NOMEM ? asr_fail(asr, ASR_NOMEM, "out of memory") : rc;
}
