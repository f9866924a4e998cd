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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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

/* Add the runs of known words of one sentence as sentences of their own.
 * (Adding the runs cut at an unknown word, or the rubric's phrases, as
 * fragments without the sentence start and end was measured worse: round
 * trip WER 30.9% -> 31.2%, and 32.4% -> 34.1% with the phrases too.) */
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

/* ---- pronunciations for domain words the dictionary lacks --------------
 * Shop names and product words (Alipay, earbuds, WeChat, SF, ZTO) are often
 * missing from the CMU dictionary, and a word without a pronunciation can
 * never be recognised -- though it is often the very word a rubric looks
 * for. Such a word gets one made of known pieces: up to 3 letters, spelled
 * letter by letter (SF, ZTO, JD: said as letters); longer, as two dictionary
 * words (ali + pay, ear + buds, we + chat), choosing the split whose shorter
 * part is longest. Words that cannot be split stay out. */

static bool plain_word(const char *w, size_t *len)
{
    size_t n = 0;
    for (; w[n]; n++)
        if (w[n] < 'a' || w[n] > 'z')
            return false;
    *len = n;
    return n >= 2;
}

/* The first pronunciation of every word of parts, read from the dictionary:
 * "word PHONES" lines in a memory buffer. */
static char *part_prons(const char *dict, const struct wordset *parts, size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    if (!m)
        return NULL;
    long n = asr_dict_extract(dict, parts, m, NULL);
    if (fclose(m) != 0 || n < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Phones of word (len letters) from the extracted lines, or NULL. */
static const char *pron_of(const char *prons, const char *word, size_t len, size_t *plen)
{
    for (const char *l = prons; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t ll = e ? (size_t)(e - l) : strlen(l);
        if (ll > len && strncmp(l, word, len) == 0 && (l[len] == ' ' || l[len] == '\t')) {
            const char *p = l + len;
            while (*p == ' ' || *p == '\t')
                p++;
            *plen = ll - (size_t)(p - l);
            return p;
        }
        l = e ? e + 1 : l + ll;
    }
    return NULL;
}

/* Candidate pieces of one missing word into parts. */
static int add_pieces(const char *w, size_t n, struct wordset *parts)
{
    if (n <= 3) {
        for (size_t i = 0; i < n; i++)
            if (wordset_addn(parts, w + i, 1) < 0)
                return -1;
        return 0;
    }
    for (size_t i = 2; i + 2 <= n; i++)
        if (wordset_addn(parts, w, i) < 0 || wordset_addn(parts, w + i, n - i) < 0)
            return -1;
    return 0;
}

/* Write "word PHONES" for one missing word to out if its pieces are known;
 * returns 1 written, 0 not, -1 write error. */
static int write_made_up(const char *w, size_t n, const char *prons, FILE *out)
{
    const char *p1, *p2;
    size_t l1, l2, best = 0, cut = 0;
    if (n <= 3) {
        for (size_t i = 0; i < n; i++)
            if (!pron_of(prons, w + i, 1, &l1))
                return 0;           /* a dictionary without the letters */
        if (fprintf(out, "%s", w) < 0)
            return -1;
        for (size_t i = 0; i < n; i++) {
            p1 = pron_of(prons, w + i, 1, &l1);
            if (fprintf(out, " %.*s", (int)l1, p1) < 0)
                return -1;
        }
        return fputc('\n', out) == EOF ? -1 : 1;
    }
    for (size_t i = 2; i + 2 <= n; i++) {
        size_t shorter = i < n - i ? i : n - i;
        if (shorter > best && pron_of(prons, w, i, &l1) && pron_of(prons, w + i, n - i, &l2)) {
            best = shorter;
            cut = i;
        }
    }
    if (!cut)
        return 0;
    p1 = pron_of(prons, w, cut, &l1);
    p2 = pron_of(prons, w + cut, n - cut, &l2);
    return fprintf(out, "%s %.*s %.*s\n", w, (int)l1, p1, (int)l2, p2) < 0 ? -1 : 1;
}

/* Made-up pronunciations for the words of want that found lacks, written to
 * out and added to found. Returns 0, or -1 out of memory or a write error. */
static int add_made_up(const char *dict, const struct wordset *want, struct wordset *found,
                       FILE *out)
{
    struct wordset *parts = wordset_new();
    char *prons = NULL;
    size_t plen = 0, n;
    int rc = -1;
    if (!parts)
        return -1;
    for (size_t i = 0; i < wordset_len(want); i++) {
        const char *w = wordset_word(want, i);
        if (!wordset_has(found, w) && plain_word(w, &n) && add_pieces(w, n, parts) < 0)
            goto out;
    }
    if (wordset_len(parts) == 0) {
        rc = 0;
        goto out;
    }
    if (!(prons = part_prons(dict, parts, &plen)))
        goto out;
    for (size_t i = 0; i < wordset_len(want); i++) {
        const char *w = wordset_word(want, i);
        if (wordset_has(found, w) || !plain_word(w, &n))
            continue;
        int r = write_made_up(w, n, prons, out);
        if (r < 0 || (r > 0 && wordset_add(found, w) < 0))
            goto out;
    }
    rc = 0;
out:
    free(prons);
    wordset_free(parts);
    return rc;
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
        if (domain && asr->general_words >= 0 && add_made_up(asr->dict, want, found, fp) < 0) {
            rc = asr_fail(asr, ASR_ERROR, "cannot write %s (out of memory or disk full)",
                          dictpath);
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
    double bplw = cmd_ln_float_r(asr->config, "-bestpathlw");
    if (!asr->stock) {
        cmd_ln_set_int_r(asr->config, "-fwdflat", 0);
        cmd_ln_set_int_r(asr->config, "-maxhmmpf", 3000);
        cmd_ln_set_int_r(asr->config, "-maxwpf", 10);
        cmd_ln_set_float_r(asr->config, "-wbeam", 1e-24);
        /* the best-path pass weighs the language model twice as much as
         * the first pass (PocketSphinx: 9.5 against 6.5), unless ps_extra
         * set it: round trip (tuning half, 20 dB) WER 32.4% -> 30.9% */
        if (bplw == 9.5)
            cmd_ln_set_float_r(asr->config, "-bestpathlw", 2 * cmd_ln_float_r(asr->config, "-lw"));
    }
    int set_rc = ps_set_lm(asr->ps, ASR_ANSWERS, set ? set : gen);
    cmd_ln_set_int_r(asr->config, "-fwdflat", fwdflat);
    cmd_ln_set_int_r(asr->config, "-maxhmmpf", maxhmmpf);
    cmd_ln_set_int_r(asr->config, "-maxwpf", maxwpf);
    cmd_ln_set_float_r(asr->config, "-wbeam", wbeam);
    cmd_ln_set_float_r(asr->config, "-bestpathlw", bplw);
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
