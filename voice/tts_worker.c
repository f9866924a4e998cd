/* tts_worker.c -- the backends that synthesise with eSpeak NG in this
 * process: "espeak" (to the sound server), "wav" (to a file) and a caller's
 * sink. tts_speak() only queues the text; one worker thread per handle cuts
 * it into language runs and clauses (textsplit.h), synthesises each and
 * hands the PCM to the audio-out sink as it is made, so speech starts after
 * the first 20 ms block and memory stays flat however long the text.
 *
 * Cancelling bumps a generation number and empties the queue; the eSpeak
 * callback sees the new generation at the next block and aborts, and the
 * worker then tells the sink to drop what it buffered. So a cancel costs
 * at most one block in flight plus the sink's own buffer. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_out.h"
#include "tts_backend.h"

struct item {
    struct item *next;
    unsigned gen;
    tts_priority prio;
    size_t len;
    char text[];
};

struct tts_w {
    struct tts base;
    audio_out_t *sink;
    bool own_sink;
    pthread_t thread;
    bool started;
    pthread_cond_t cv;          /* work arrived, state changed (with base.mu) */
    struct item *head, *tail;
    bool busy, quit;
    atomic_bool paused;
    atomic_uint gen;
    atomic_bool speaking;
    int async_status;           /* first sink error, reported by tts_wait */
    char async_msg[256];
};

/* ---- the worker ---------------------------------------------------------- */

struct job { struct tts_w *w; unsigned gen; };

static bool stale(const struct job *j) { return atomic_load(&j->w->gen) != j->gen; }

/* Stop waiting for the device when cancelled, closing, or more to say. */
static bool drain_stop(void *arg)
{
    struct job *j = arg;
    pthread_mutex_lock(&j->w->base.mu);
    bool stop = j->w->head != NULL || j->w->quit;
    pthread_mutex_unlock(&j->w->base.mu);
    return stop || stale(j);
}

static int on_pcm(void *arg, const int16_t *pcm, size_t frames)
{
    struct job *j = arg;
    struct tts_w *w = j->w;
    if (stale(j))
        return 1;
    if (atomic_load(&w->paused)) {
        pthread_mutex_lock(&w->base.mu);
        while (atomic_load(&w->paused) && !w->quit && !stale(j))
            pthread_cond_wait(&w->cv, &w->base.mu);
        pthread_mutex_unlock(&w->base.mu);
        if (stale(j))
            return 1;
    }
    /* eSpeak's "20 ms" blocks reach 50 ms at times: hand them on in 10 ms
     * pieces and look for a cancel between pieces */
    int rate = tts_espeak_rate();
    size_t piece = (size_t)rate / 100;
    for (size_t off = 0; off < frames; off += piece) {
        if (off && stale(j))
            return 1;
        size_t n = frames - off < piece ? frames - off : piece;
        int rc = audio_out_write(w->sink, pcm + off, n, rate);
        if (rc != AUDIO_OK) {
            pthread_mutex_lock(&w->base.mu);
            if (w->async_status == TTS_OK) {
                w->async_status = rc == AUDIO_NODEVICE ? TTS_NODEVICE : TTS_ERROR;
                snprintf(w->async_msg, sizeof w->async_msg, "%s", audio_out_errmsg(w->sink));
            }
            pthread_mutex_unlock(&w->base.mu);
            return 1;
        }
    }
    return stale(j) ? 1 : 0;
}

static void speak_item(struct tts_w *w, struct item *it)
{
    struct job j = {w, it->gen};
    tts_split_t *sp = NULL;
    if (tts_split_new(&sp, it->text, it->len, w->base.first_lang) != 0)
        goto out;
    struct tts_segment seg;
    while (!stale(&j) && tts_split_next(sp, &seg)) {
        struct tts_espeak_params p;
        char voice[64];
        pthread_mutex_lock(&w->base.mu);
        snprintf(voice, sizeof voice, "%s",
                 seg.lang == TTS_LANG_ZH ? w->base.voice_zh : w->base.voice_other);
        p.voice = voice;
        p.rate = w->base.rate_wpm;
        p.pitch = w->base.pitch;
        p.volume = w->base.volume;
        pthread_mutex_unlock(&w->base.mu);
        int rc = tts_espeak_synth(&p, seg.text, on_pcm, &j);
        if (rc != TTS_OK)
            break;
    }
    if (!stale(&j))
        audio_out_flush(w->sink);
out:
    tts_split_free(sp);
}

static void *worker(void *arg)
{
    struct tts_w *w = arg;
    pthread_mutex_lock(&w->base.mu);
    for (;;) {
        while (!w->quit && !w->head)
            pthread_cond_wait(&w->cv, &w->base.mu);
        if (w->quit)
            break;
        struct item *it = w->head;
        w->head = it->next;
        if (!w->head)
            w->tail = NULL;
        w->busy = true;
        pthread_mutex_unlock(&w->base.mu);

        if (it->gen == atomic_load(&w->gen))
            speak_item(w, it);
        bool cancelled = it->gen != atomic_load(&w->gen);
        free(it);
        if (!cancelled) {
            struct job j = {w, atomic_load(&w->gen)};
            audio_out_drain(w->sink, drain_stop, &j);
            cancelled = stale(&j);
        }
        if (cancelled)
            audio_out_drop(w->sink);

        pthread_mutex_lock(&w->base.mu);
        w->busy = false;
        atomic_store(&w->speaking, w->head != NULL);
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->base.mu);
    return NULL;
}

/* ---- operations ---------------------------------------------------------- */

static void free_queue(struct tts_w *w)
{
    while (w->head) {
        struct item *next = w->head->next;
        free(w->head);
        w->head = next;
    }
    w->tail = NULL;
}

static int w_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    struct tts_w *w = (struct tts_w *)t;
    size_t len = strlen(utf8);
    if (!w->started)
        return TTS_OK;                    /* a failed handle speaks as "none" */
    pthread_mutex_lock(&t->mu);
    /* progress and notifications never queue up behind other speech */
    bool drop = (prio == TTS_PRIO_PROGRESS || prio == TTS_PRIO_NOTIFICATION) &&
                (w->busy || w->head);
    pthread_mutex_unlock(&t->mu);
    if (drop || len == 0)
        return TTS_OK;
    struct item *it = malloc(sizeof *it + len + 1);
    if (!it)
        return tts_fail(t, TTS_ERROR, "out of memory");
    memcpy(it->text, utf8, len + 1);
    it->len = len;
    it->prio = prio;
    it->next = NULL;
    pthread_mutex_lock(&t->mu);
    it->gen = atomic_load(&w->gen);
    if (w->tail)
        w->tail->next = it;
    else
        w->head = it;
    w->tail = it;
    atomic_store(&w->speaking, true);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&t->mu);
    return TTS_OK;
}

static int w_cancel(tts_t *t)
{
    struct tts_w *w = (struct tts_w *)t;
    pthread_mutex_lock(&t->mu);
    atomic_fetch_add(&w->gen, 1);
    free_queue(w);
    atomic_store(&w->paused, false);
    atomic_store(&w->speaking, w->busy);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&t->mu);
    return TTS_OK;
}

static int w_wait(tts_t *t)
{
    struct tts_w *w = (struct tts_w *)t;
    pthread_mutex_lock(&t->mu);
    while ((w->head || w->busy) && !atomic_load(&w->paused))
        pthread_cond_wait(&w->cv, &t->mu);
    int rc = w->async_status;
    if (rc != TTS_OK)
        snprintf(t->errbuf, sizeof t->errbuf, "%s", w->async_msg);
    pthread_mutex_unlock(&t->mu);
    return rc;
}

static bool w_speaking(const tts_t *t)
{
    return atomic_load(&((const struct tts_w *)t)->speaking);
}

static int w_pause(tts_t *t)
{
    struct tts_w *w = (struct tts_w *)t;
    pthread_mutex_lock(&t->mu);
    atomic_store(&w->paused, true);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&t->mu);
    return TTS_OK;
}

static int w_resume(tts_t *t)
{
    struct tts_w *w = (struct tts_w *)t;
    pthread_mutex_lock(&t->mu);
    atomic_store(&w->paused, false);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&t->mu);
    return TTS_OK;
}

static void w_destroy(tts_t *t)
{
    struct tts_w *w = (struct tts_w *)t;
    if (w->started) {
        pthread_mutex_lock(&t->mu);
        w->quit = true;
        atomic_fetch_add(&w->gen, 1);
        free_queue(w);
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&t->mu);
        pthread_join(w->thread, NULL);
    }
    free_queue(w);
    if (w->own_sink)
        audio_out_close(w->sink);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&t->mu);
    free(w);
}

static const struct tts_ops espeak_ops = {
    .name = "espeak", .speak = w_speak, .cancel = w_cancel, .wait = w_wait,
    .speaking = w_speaking, .destroy = w_destroy, .pause = w_pause, .resume = w_resume,
};
static const struct tts_ops wav_ops = {
    .name = "wav", .speak = w_speak, .cancel = w_cancel, .wait = w_wait,
    .speaking = w_speaking, .destroy = w_destroy, .pause = w_pause, .resume = w_resume,
};

/* ---- constructors -------------------------------------------------------- */

enum sink_kind { SINK_PULSE, SINK_WAV, SINK_GIVEN };

static int w_new(tts_t **out, const struct tts_options *opts, enum sink_kind kind)
{
    struct tts_w *w = calloc(1, sizeof *w);
    *out = (tts_t *)w;
    if (!w)
        return TTS_ERROR;
    tts_base_init(&w->base, kind == SINK_WAV ? &wav_ops : &espeak_ops, opts);
    pthread_cond_init(&w->cv, NULL);
    tts_t *t = &w->base;

    const char *msg;
    int rc = tts_espeak_init(&msg);
    if (rc != TTS_OK)
        return tts_fail(t, rc, "%s", msg);

    if (kind == SINK_GIVEN || (opts && opts->sink)) {
        if (!opts || !opts->sink)
            return tts_fail(t, TTS_INVALID, "no audio sink given");
        w->sink = opts->sink;
    } else if (kind == SINK_WAV) {
        if (!opts || !opts->wav_path || !*opts->wav_path)
            return tts_fail(t, TTS_INVALID, "no WAV file name given");
        w->own_sink = true;
        rc = audio_out_open_wav(&w->sink, opts->wav_path, opts->wav_rate);
        if (rc != AUDIO_OK)
            return tts_fail(t, rc == AUDIO_INVALID ? TTS_INVALID : TTS_ERROR, "%s",
                            w->sink ? audio_out_errmsg(w->sink) : "out of memory");
    } else {
        w->own_sink = true;
        rc = audio_out_open_pulse(&w->sink, tts_espeak_rate(), "kefu");
        if (rc != AUDIO_OK)
            return tts_fail(t, rc == AUDIO_UNSUPPORTED ? TTS_UNSUPPORTED : TTS_NODEVICE,
                            "%s",
                            w->sink ? audio_out_errmsg(w->sink) : "out of memory");
    }
    if (pthread_create(&w->thread, NULL, worker, w) != 0)
        return tts_fail(t, TTS_ERROR, "cannot start the speech thread");
    w->started = true;
    return TTS_OK;
}

int tts_espeak_new(tts_t **out, const struct tts_options *opts)
{
    return w_new(out, opts, SINK_PULSE);
}

int tts_wav_new(tts_t **out, const struct tts_options *opts)
{
    return w_new(out, opts, SINK_WAV);
}

int tts_sink_new(tts_t **out, const struct tts_options *opts)
{
    return w_new(out, opts, SINK_GIVEN);
}
