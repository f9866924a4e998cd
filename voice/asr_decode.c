/* asr_decode.c -- decoding whole sources (files, memory, any audio_in_t)
 * and the speaker calibration.
 *
 * Utterances of a whole source are cut by PocketSphinx's voice-activity
 * detector as pocketsphinx_continuous -infile does (2048-sample reads, end
 * the utterance when speech stops), so our accuracy can be compared with the
 * command's on the same files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sphinxbase/cmn.h>
#include <sphinxbase/feat.h>

#include "asr_core.h"

/* ---- whole sources ------------------------------------------------------- */

struct collect {
    char *s;
    size_t len, cap;
    double conf_sum;
    size_t words;
};

static int collect_add(struct collect *c, const char *text, double conf)
{
    size_t n = strlen(text);
    if (!n)
        return 0;
    if (c->len + n + 2 > c->cap) {
        size_t cap = (c->cap + n + 2) * 2;
        char *s = realloc(c->s, cap);
        if (!s)
            return -1;
        c->s = s;
        c->cap = cap;
    }
    if (c->len)
        c->s[c->len++] = ' ';
    memcpy(c->s + c->len, text, n + 1);
    c->len += n;
    size_t w = 1;
    for (const char *p = text; *p; p++)
        w += *p == ' ';
    c->conf_sum += conf * (double)w;
    c->words += w;
    return 0;
}

typedef int (*pull_fn)(void *arg, int16_t *pcm, size_t max, size_t *got);

static int decode_stream(asr_t *asr, pull_fn pull, void *arg, char **text, double *conf)
{
    enum { BUF = 2048 };        /* as pocketsphinx_continuous reads */
    int16_t buf[BUF];
    struct collect c = {0};
    int rc = ASR_OK;
    asr_listen_mode mode = asr->mode;
    *text = NULL;
    *conf = 0;
    asr->mode = ASR_PUSH_TO_TALK;           /* we cut utterances here */
    /* An n-gram search takes each stretch of speech as it comes, as
     * pocketsphinx_continuous does. A grammar must see a whole command: a
     * pause inside "look up order four ... two" would cut it into pieces
     * that are each forced into some command, so cut only after a long
     * silence (the VAD itself adds its 0.5 s of hangover). */
    size_t split_after = strcmp(asr->search, ASR_ANSWERS) == 0 ? 0 : AUDIO_IN_RATE * 3 / 2;
    size_t quiet = 0;
    bool heard = false;          /* asr_start() clears asr->heard per utterance */
    if ((rc = asr_start(asr)) != ASR_OK)
        goto out;
    for (;;) {
        size_t got = 0;
        rc = pull(arg, buf, BUF, &got);
        if (rc != ASR_OK)
            goto out;
        if (got == 0)
            break;
        if ((rc = asr_feed(asr, buf, got, NULL)) != ASR_OK)
            goto out;
        bool speech = ps_get_in_speech(asr->ps) != 0;
        quiet = speech ? 0 : quiet + got;
        if (asr->speech_seen && !speech && quiet >= split_after) {
            heard = heard || asr->heard;
            rc = asr_finish(asr);
            if (rc == ASR_OK && collect_add(&c, asr->text, asr_confidence(asr)) < 0)
                rc = asr_fail(asr, ASR_NOMEM, "out of memory");
            if (rc != ASR_OK && rc != ASR_NOSPEECH)
                goto out;
            if ((rc = asr_start(asr)) != ASR_OK)
                goto out;
        }
    }
    heard = heard || asr->heard;
    if (asr->speech_seen) {
        rc = asr_finish(asr);
        if (rc == ASR_OK && collect_add(&c, asr->text, asr_confidence(asr)) < 0)
            rc = asr_fail(asr, ASR_NOMEM, "out of memory");
        if (rc != ASR_OK && rc != ASR_NOSPEECH)
            goto out;
    } else {
        ps_end_utt(asr->ps);
        asr->in_utt = false;
    }
    if (!c.len) {
        rc = asr_fail(asr, ASR_NOSPEECH, "no speech heard");
        goto out;
    }
    *text = c.s;
    c.s = NULL;
    *conf = c.words ? c.conf_sum / (double)c.words : 0;
    /* the last result reads as the whole text for asr_text() users */
    free(asr->text);
    asr->text = strdup(*text);
    asr->conf = *conf;
    rc = ASR_OK;
out:
    if (asr->in_utt) {
        ps_end_utt(asr->ps);
        asr->in_utt = false;
    }
    asr->mode = mode;
    asr->heard = heard;
    free(c.s);
    return rc;
}

static int pull_audio(void *arg, int16_t *pcm, size_t max, size_t *got)
{
    void **a = arg;
    int r = audio_in_read(a[0], pcm, max, got);
    if (r == AUDIO_IN_OK)
        return ASR_OK;
    return asr_fail(a[1], r == AUDIO_IN_NODEVICE ? ASR_NODEVICE : ASR_AUDIO, "%s",
                    audio_in_errmsg(a[0]));
}

int asr_decode_audio(asr_t *asr, audio_in_t *src, char **text, double *conf)
{
    void *arg[2] = {src, asr};
    return decode_stream(asr, pull_audio, arg, text, conf);
}

int asr_decode_file(asr_t *asr, const char *path, char **text, double *conf)
{
    audio_in_t *src = NULL;
    *text = NULL;
    *conf = 0;
    int r = audio_in_open_file(&src, path);
    int rc;
    if (r != AUDIO_IN_OK)
        rc = asr_fail(asr, r == AUDIO_IN_NOMEM ? ASR_NOMEM : ASR_AUDIO, "%s",
                      src ? audio_in_errmsg(src) : "out of memory");
    else
        rc = asr_decode_audio(asr, src, text, conf);
    audio_in_close(src);
    return rc;
}

struct mem_src {
    const int16_t *pcm;
    size_t n, pos;
};

static int pull_mem(void *arg, int16_t *pcm, size_t max, size_t *got)
{
    struct mem_src *m = arg;
    size_t k = m->n - m->pos < max ? m->n - m->pos : max;
    memcpy(pcm, m->pcm + m->pos, k * sizeof *pcm);
    m->pos += k;
    *got = k;
    return ASR_OK;
}

int asr_decode_pcm(asr_t *asr, const int16_t *pcm, size_t n, char **text, double *conf)
{
    struct mem_src m = {pcm, n, 0};
    return decode_stream(asr, pull_mem, &m, text, conf);
}

/* ---- speaker calibration ------------------------------------------------- */

int asr_calibration(const asr_t *asr, char *buf, size_t len)
{
    feat_t *f = ps_get_feat(asr->ps);
    if (!f || !f->cmn_struct || len < 8)
        return ASR_INVALID;
    cmn_t *c = f->cmn_struct;
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < c->veclen; i++) {
        int k = snprintf(buf + off, len - off, "%s%.2f", i ? "," : "",
                         (double)MFCC2FLOAT(c->cmn_mean[i]));
        if (k < 0 || (size_t)k >= len - off)
            return ASR_INVALID;
        off += (size_t)k;
    }
    return ASR_OK;
}

int asr_set_calibration(asr_t *asr, const char *cmn)
{
    feat_t *f = ps_get_feat(asr->ps);
    if (!f || !f->cmn_struct)
        return asr_fail(asr, ASR_INVALID, "this model has no cepstral mean to calibrate");
    cmn_t *c = f->cmn_struct;
    mfcc_t vec[64];
    int n = 0;
    const char *p = cmn;
    while (*p && n < 64) {
        char *end;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || fabs(v) > 1e4)
            break;
        vec[n++] = FLOAT2MFCC(v);
        p = end + strspn(end, " ");
        if (*p == ',')
            p++;
        else if (*p)
            break;
    }
    if (*p || n != c->veclen)
        return asr_fail(asr, ASR_INVALID,
                        "bad speaker calibration '%.40s': want %d comma-separated numbers",
                        cmn, c->veclen);
    cmn_live_set(c, vec);
    return ASR_OK;
}

int asr_reset_calibration(asr_t *asr)
{
    return asr_set_calibration(asr, asr->cmn_default);
}

/* ---- commands: text and confidence ----------------------------------------- */

/* The commands grammar has a garbage path (asr_grammar.c): a loop of
 * one-phone words that any speech which is no command fits better than a
 * command does. When it wins, the result reads ASR_OTHER and its
 * confidence is 0. When a command wins, its confidence grades how well the
 * command's words fit the audio: their acoustic score per frame, measured
 * against the best-scoring model state of each frame (PocketSphinx keeps
 * scores relative to that), mapped to 0..1 by a logistic curve whose
 * midpoint CONF_MID was chosen on the benchmark's tuning sets
 * (tests/bench/bench_asr_commands.h, docs/voice.md) near the worst fits of
 * commands recognised rightly: below it a result is more often wrong than
 * right. (PocketSphinx 5prealpha's own posteriors are 1.0 for every
 * grammar result, and building the lattice to compute them takes up to a
 * second.) */
#define CONF_MID -63.0          /* score per frame at confidence 0.5 */
#define CONF_SCALE 4.0          /* its spread */

static bool is_garbage(const char *w, size_t n)
{
    for (size_t i = 0; asr_garbage_units[i][0]; i++)
        if (strlen(asr_garbage_units[i][0]) == n && strncmp(asr_garbage_units[i][0], w, n) == 0)
            return true;
    return false;
}

char *asr_command_text(const asr_t *asr, const char *hyp)
{
    if (strcmp(asr->search, ASR_COMMANDS) == 0)
        for (const char *p = hyp; *p;) {
            size_t n = strcspn(p, " ");
            if (is_garbage(p, n))
                return strdup(ASR_OTHER);
            p += n;
            p += strspn(p, " ");
        }
    return strdup(hyp);
}

double asr_command_confidence(asr_t *asr)
{
    if (!asr->text || strcmp(asr->text, ASR_OTHER) == 0)
        return 0;
    double sum = 0;
    int frames = 0;
    for (ps_seg_t *seg = ps_seg_iter(asr->ps); seg; seg = ps_seg_next(seg)) {
        const char *w = ps_seg_word(seg);
        int32 ascr = 0, lscr = 0, lback = 0;
        int sf = 0, ef = 0;
        if (!w || w[0] == '<' || w[0] == '[' || w[0] == '+')
            continue;       /* silence and fillers: the same in any result */
        ps_seg_prob(seg, &ascr, &lscr, &lback);
        ps_seg_frames(seg, &sf, &ef);
        sum += ascr;
        frames += ef - sf + 1;
    }
    if (frames <= 0)
        return 0;
    return 1 / (1 + exp(-(sum / frames - CONF_MID) / CONF_SCALE));
}
