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

#include <time.h>

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

/* ---- alternatives (N-best) ------------------------------------------------ */

static double asr_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* PocketSphinx's A* over the lattice yields many paths that differ only in
 * fillers, pronunciations or word times (the same text): it may take many
 * steps per new text, so the search stops after ALT_STEPS paths. */
enum { ALT_STEPS_PER_TEXT = 20 };

void asr_alts_free(struct asr_alts *alts)
{
    if (!alts)
        return;
    for (size_t i = 0; i < alts->n; i++)
        free(alts->alt[i].text);
    free(alts->alt);
    alts->alt = NULL;
    alts->n = 0;
}

/* The words of an N-best path as asr_text() has them: fillers (<sil>,
 * [NOISE], +breath+) out, alternate pronunciations "word(2)" as "word".
 * Caller frees; NULL out of memory. */
static char *alt_words(const char *hyp)
{
    size_t len = strlen(hyp);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (const char *p = hyp; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (p[0] != '<' && p[0] != '[' && p[0] != '+') {
            size_t k = n;
            if (p[k - 1] == ')')
                for (size_t j = k - 1; j > 0; j--)
                    if (p[j] == '(') {
                        k = j;
                        break;
                    }
            if (o)
                out[o++] = ' ';
            memcpy(out + o, p, k);
            o += k;
        }
        p += n;
    }
    out[o] = '\0';
    return out;
}

static bool alt_known(const struct asr_alts *a, const char *best, const char *text)
{
    if (strcmp(best, text) == 0)
        return true;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->alt[i].text, text) == 0)
            return true;
    return false;
}

/* Append (text taken over; freed on failure). */
static int alt_push(struct asr_alts *a, char *text, double score)
{
    struct asr_alt *v = realloc(a->alt, (a->n + 1) * sizeof *v);
    if (!v) {
        free(text);
        return ASR_NOMEM;
    }
    a->alt = v;
    a->alt[a->n++] = (struct asr_alt){text, score};
    return ASR_OK;
}

/* The N-best texts of the utterance the decoder holds, in the search's
 * order, scored against its first path. The A* search is not exact: a
 * later path may score a little above the first (score > 0). */
static int utt_alternatives(asr_t *asr, const char *best, size_t max, struct asr_alts *out)
{
    double c0 = asr_cpu_now(), t0 = asr_now();
    int rc = ASR_OK;
    logmath_t *lmath = ps_get_logmath(asr->ps);
    ps_nbest_t *nb = max ? ps_nbest(asr->ps) : NULL;
    int32 top = 0;
    for (int step = 0; nb && out->n < max && (size_t)step < ALT_STEPS_PER_TEXT * (max + 1); step++) {
        int32 sc = 0;
        const char *hyp = ps_nbest_hyp(nb, &sc);
        if (step == 0)
            top = sc;
        char *t = hyp ? alt_words(hyp) : NULL;
        if (hyp && !t) {
            rc = ASR_NOMEM;
            break;
        }
        if (t && *t && !alt_known(out, best, t)) {
            if ((rc = alt_push(out, t, logmath_log_to_ln(lmath, sc - top))) != ASR_OK)
                break;
        } else
            free(t);
        nb = ps_nbest_next(nb);      /* frees the iterator at the end */
    }
    if (nb)
        ps_nbest_free(nb);
    /* part of the time from the end of speech to the result */
    double cpu = asr_cpu_now() - c0;
    asr->cpu_s += cpu;
    asr->final_cpu_s += cpu;
    asr->final_s += asr_now() - t0;
    return rc;
}

static int by_score(const void *x, const void *y)
{
    const struct asr_alt *a = x, *b = y;
    return a->score < b->score ? 1 : a->score > b->score ? -1 : 0;
}

int asr_alternatives(asr_t *asr, size_t max, struct asr_alts *out)
{
    asr_alts_free(out);
    if (asr->in_utt || strcmp(asr->search, ASR_COMMANDS) == 0)
        return asr_fail(asr, ASR_INVALID, "alternatives are for a finished answer");
    if (!asr->text || !*asr->text)
        return ASR_OK;
    int rc = utt_alternatives(asr, asr->text, max, out);
    if (rc != ASR_OK) {
        asr_alts_free(out);
        return asr_fail(asr, rc, "out of memory");
    }
    if (out->n > 1)
        qsort(out->alt, out->n, sizeof *out->alt, by_score);
    return ASR_OK;
}

/* A whole source's utterances and their alternatives, while decoding. */
struct alt_acc {
    size_t max;
    char **best;                 /* per utterance */
    struct asr_alts *alts;
    size_t n;
};

static void acc_free(struct alt_acc *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->best[i]);
        asr_alts_free(&a->alts[i]);
    }
    free(a->best);
    free(a->alts);
}

static int acc_add(asr_t *asr, struct alt_acc *a)
{
    char **b = realloc(a->best, (a->n + 1) * sizeof *b);
    if (!b)
        return ASR_NOMEM;
    a->best = b;
    struct asr_alts *v = realloc(a->alts, (a->n + 1) * sizeof *v);
    if (!v)
        return ASR_NOMEM;
    a->alts = v;
    a->alts[a->n] = (struct asr_alts){0};
    if (!(a->best[a->n] = strdup(asr->text)))
        return ASR_NOMEM;
    a->n++;
    return utt_alternatives(asr, asr->text, a->max, &a->alts[a->n - 1]);
}

/* The whole text with utterance u replaced by alternative k: every such
 * text, best first, at most a->max. */
static int acc_build(const struct alt_acc *a, struct asr_alts *out)
{
    for (size_t u = 0; u < a->n; u++)
        for (size_t k = 0; k < a->alts[u].n; k++) {
            size_t len = 1;
            for (size_t j = 0; j < a->n; j++)
                len += strlen(j == u ? a->alts[u].alt[k].text : a->best[j]) + 1;
            char *t = malloc(len);
            if (!t)
                return ASR_NOMEM;
            size_t o = 0;
            for (size_t j = 0; j < a->n; j++) {
                const char *w = j == u ? a->alts[u].alt[k].text : a->best[j];
                if (!*w)
                    continue;
                o += (size_t)sprintf(t + o, "%s%s", o ? " " : "", w);
            }
            if (alt_push(out, t, a->alts[u].alt[k].score) != ASR_OK)
                return ASR_NOMEM;
        }
    if (out->n > 1)
        qsort(out->alt, out->n, sizeof *out->alt, by_score);
    while (out->n > a->max)
        free(out->alt[--out->n].text);
    return ASR_OK;
}

typedef int (*pull_fn)(void *arg, int16_t *pcm, size_t max, size_t *got);

/* End the current utterance and add its text to c (and its alternatives to
 * acc). In the commands search an utterance with no sound above the noise
 * floor (asr->heard: no 10 ms block over RMS 200) is no speech, whatever
 * the grammar made of it: the voice-activity detector passes even dithered
 * silence, and the grammar always finds some path (its garbage loop, or a
 * command word at a tiny confidence); the answers search gives no words for
 * it by itself. Such silence also leaves the speaker calibration as it was
 * at the utterance's start (cal, when known): a minute of it pulled a cold
 * decoder's cepstral mean so far that the next "look up order 4 0 2 7 1"
 * came out as "help". A "[other]" right after another adds nothing: a long
 * recording of talk is one "[other]", not a line of them. *other: the last
 * text added was "[other]". ASR_NOSPEECH: nothing added. */
static int take_utterance(asr_t *asr, struct collect *c, struct alt_acc *acc, bool *other,
                          const char *cal)
{
    int rc = asr_finish(asr);
    if (rc != ASR_OK && rc != ASR_NOSPEECH)
        return rc;
    if (strcmp(asr->search, ASR_COMMANDS) == 0 && !asr->heard) {
        if (cal && asr_set_calibration(asr, cal) != ASR_OK)
            return ASR_ERROR;
        return ASR_NOSPEECH;
    }
    if (rc != ASR_OK)
        return rc;
    bool is_other = strcmp(asr->text, ASR_OTHER) == 0;
    if (is_other && *other)
        return ASR_OK;
    *other = is_other;
    if (collect_add(c, asr->text, asr_confidence(asr)) < 0)
        return asr_fail(asr, ASR_NOMEM, "out of memory");
    if (acc && acc_add(asr, acc) != ASR_OK)
        return asr_fail(asr, ASR_NOMEM, "out of memory");
    return ASR_OK;
}

static int decode_stream(asr_t *asr, pull_fn pull, void *arg, char **text, double *conf,
                         struct alt_acc *acc)
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
    bool other = false;          /* the last text collected was ASR_OTHER */
    /* the calibration at the utterance's start, given back after silence
     * (take_utterance; the commands search only) */
    bool commands = strcmp(asr->search, ASR_COMMANDS) == 0;
    char cal[512];
    bool cal_ok = false;
    if ((rc = asr_start(asr)) != ASR_OK)
        goto out;
    cal_ok = commands && asr_calibration(asr, cal, sizeof cal) == ASR_OK;
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
            rc = take_utterance(asr, &c, acc, &other, cal_ok ? cal : NULL);
            if (rc != ASR_OK && rc != ASR_NOSPEECH)
                goto out;
            if ((rc = asr_start(asr)) != ASR_OK)
                goto out;
            cal_ok = commands && asr_calibration(asr, cal, sizeof cal) == ASR_OK;
        }
    }
    heard = heard || asr->heard;
    if (asr->speech_seen) {
        rc = take_utterance(asr, &c, acc, &other, cal_ok ? cal : NULL);
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
    return decode_stream(asr, pull_audio, arg, text, conf, NULL);
}

/* decode_stream with alternatives (max 0: none asked for) */
static int decode_alts(asr_t *asr, pull_fn pull, void *arg, size_t max, char **text,
                       double *conf, struct asr_alts *alts)
{
    struct alt_acc acc = {.max = max};
    asr_alts_free(alts);
    int rc = decode_stream(asr, pull, arg, text, conf, max ? &acc : NULL);
    if (rc == ASR_OK && max && acc_build(&acc, alts) != ASR_OK) {
        asr_alts_free(alts);
        rc = asr_fail(asr, ASR_NOMEM, "out of memory");
    }
    acc_free(&acc);
    return rc;
}

int asr_decode_file_alts(asr_t *asr, const char *path, size_t max, char **text, double *conf,
                         struct asr_alts *alts)
{
    audio_in_t *src = NULL;
    *text = NULL;
    *conf = 0;
    asr_alts_free(alts);
    int r = audio_in_open_file(&src, path);
    int rc;
    if (r != AUDIO_IN_OK)
        rc = asr_fail(asr, r == AUDIO_IN_NOMEM ? ASR_NOMEM : ASR_AUDIO, "%s",
                      src ? audio_in_errmsg(src) : "out of memory");
    else {
        void *arg[2] = {src, asr};
        rc = decode_alts(asr, pull_audio, arg, alts ? max : 0, text, conf, alts);
    }
    audio_in_close(src);
    return rc;
}

int asr_decode_file(asr_t *asr, const char *path, char **text, double *conf)
{
    return asr_decode_file_alts(asr, path, 0, text, conf, NULL);
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

int asr_decode_pcm_alts(asr_t *asr, const int16_t *pcm, size_t n, size_t max, char **text,
                        double *conf, struct asr_alts *alts)
{
    struct mem_src m = {pcm, n, 0};
    return decode_alts(asr, pull_mem, &m, alts ? max : 0, text, conf, alts);
}

int asr_decode_pcm(asr_t *asr, const int16_t *pcm, size_t n, char **text, double *conf)
{
    return asr_decode_pcm_alts(asr, pcm, n, 0, text, conf, NULL);
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
