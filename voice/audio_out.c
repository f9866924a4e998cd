/* audio_out.c -- the backend-independent half of audio output: sample-rate
 * conversion with libsoxr (eSpeak NG writes 22,050 Hz; a WAV file defaults
 * to 16,000 Hz), frame counting, and the callback sink that tests and
 * benchmarks plug in to see every sample with a timestamp. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_out_int.h"

int audio_out_fail(audio_out_t *a, int status, const char *fmt, ...)
{
    if (a) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(a->errbuf, sizeof a->errbuf, fmt, ap);
        va_end(ap);
    }
    return status;
}

/* ---- resampling ---------------------------------------------------------- */

/* Make sure a resampler from in_rate to a->rate exists (a new producer rate
 * replaces the old one; eSpeak never changes its rate, so this is rare). */
static int resampler_for(audio_out_t *a, int in_rate)
{
    if (a->soxr && a->soxr_in_rate == in_rate)
        return AUDIO_OK;
    soxr_delete(a->soxr);
    a->soxr = NULL;
    soxr_error_t err = NULL;
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
    /* medium quality: speech has nothing above 8 kHz worth the extra delay */
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_MQ, 0);
    a->soxr = soxr_create(in_rate, a->rate, 1, &err, &io, &q, NULL);
    if (err) {
        soxr_delete(a->soxr);
        a->soxr = NULL;
        return audio_out_fail(a, AUDIO_ERROR, "cannot resample from %d Hz to %d Hz: %s",
                              in_rate, a->rate, soxr_strerror(err));
    }
    a->soxr_in_rate = in_rate;
    return AUDIO_OK;
}

static int grow_rbuf(audio_out_t *a, size_t frames)
{
    if (frames <= a->rbuf_cap)
        return AUDIO_OK;
    int16_t *nb = realloc(a->rbuf, frames * sizeof *nb);
    if (!nb)
        return audio_out_fail(a, AUDIO_ERROR, "out of memory");
    a->rbuf = nb;
    a->rbuf_cap = frames;
    return AUDIO_OK;
}

static int backend_write(audio_out_t *a, const int16_t *pcm, size_t frames, int rate)
{
    if (frames == 0)
        return AUDIO_OK;
    int rc = a->ops->write(a, pcm, frames, rate);
    if (rc == AUDIO_OK)
        a->frames += frames;
    return rc;
}

/* in == NULL: end of input, push out the tail. */
static int resample_and_write(audio_out_t *a, const int16_t *in, size_t frames)
{
    size_t cap = in ? (size_t)((double)frames * a->rate / a->soxr_in_rate) + 256 : 1024;
    int rc = grow_rbuf(a, cap);
    if (rc != AUDIO_OK)
        return rc;
    for (;;) {
        size_t idone = 0, odone = 0;
        soxr_error_t err = soxr_process(a->soxr, in, in ? frames : 0, &idone,
                                        a->rbuf, a->rbuf_cap, &odone);
        if (err)
            return audio_out_fail(a, AUDIO_ERROR, "resampling failed: %s", err);
        rc = backend_write(a, a->rbuf, odone, a->rate);
        if (rc != AUDIO_OK)
            return rc;
        if (in) {
            in += idone;
            frames -= idone;
            if (frames == 0)
                return AUDIO_OK;
        } else if (odone == 0) {
            soxr_clear(a->soxr);      /* ready for the next utterance */
            return AUDIO_OK;
        }
    }
}

/* ---- the public interface ------------------------------------------------ */

int audio_out_write(audio_out_t *a, const int16_t *pcm, size_t frames, int in_rate)
{
    if (!a || (!pcm && frames) || in_rate <= 0)
        return AUDIO_INVALID;
    if (a->rate == 0 || a->rate == in_rate)
        return backend_write(a, pcm, frames, in_rate);
    int rc = resampler_for(a, in_rate);
    if (rc != AUDIO_OK)
        return rc;
    return resample_and_write(a, pcm, frames);
}

int audio_out_flush(audio_out_t *a)
{
    if (!a)
        return AUDIO_INVALID;
    if (!a->soxr)
        return AUDIO_OK;
    return resample_and_write(a, NULL, 0);
}

int audio_out_drop(audio_out_t *a)
{
    if (!a)
        return AUDIO_INVALID;
    if (a->soxr)
        soxr_clear(a->soxr);
    return a->ops->drop ? a->ops->drop(a) : AUDIO_OK;
}

int audio_out_drain(audio_out_t *a, bool (*stop)(void *arg), void *arg)
{
    if (!a)
        return AUDIO_INVALID;
    return a->ops->drain ? a->ops->drain(a, stop, arg) : AUDIO_OK;
}

int audio_out_close(audio_out_t *a)
{
    if (!a)
        return AUDIO_OK;
    int rc = AUDIO_OK;
    if (a->soxr)
        rc = audio_out_flush(a);
    if (a->ops->finish) {
        int rc2 = a->ops->finish(a);
        if (rc == AUDIO_OK)
            rc = rc2;
    }
    soxr_delete(a->soxr);
    free(a->rbuf);
    a->ops->destroy(a);
    return rc;
}

int audio_out_rate(const audio_out_t *a) { return a ? a->rate : 0; }
uint64_t audio_out_frames(const audio_out_t *a) { return a ? a->frames : 0; }
const char *audio_out_name(const audio_out_t *a) { return a ? a->ops->name : "none"; }
const char *audio_out_errmsg(const audio_out_t *a)
{
    return a && a->errbuf[0] ? a->errbuf : "no error";
}

/* ---- the callback sink --------------------------------------------------- */

struct cb_out {
    struct audio_out base;
    struct audio_out_callbacks cb;
    void *user;
};

static int cb_write(audio_out_t *a, const int16_t *pcm, size_t frames, int rate)
{
    struct cb_out *c = (struct cb_out *)a;
    struct audio_chunk chunk = {.pcm = pcm, .frames = frames, .rate = rate,
                                .first_frame = a->frames};
    clock_gettime(CLOCK_MONOTONIC, &chunk.when);
    if (c->cb.write(c->user, &chunk) != 0)
        return audio_out_fail(a, AUDIO_ERROR, "the audio callback refused %zu frames", frames);
    return AUDIO_OK;
}

static int cb_drop(audio_out_t *a)
{
    struct cb_out *c = (struct cb_out *)a;
    if (c->cb.drop)
        c->cb.drop(c->user);
    return AUDIO_OK;
}

static void cb_destroy(audio_out_t *a) { free(a); }

static const struct audio_out_ops cb_ops = {
    .name = "callback", .write = cb_write, .drop = cb_drop, .destroy = cb_destroy,
};

int audio_out_open_callback(audio_out_t **out, int rate,
                            const struct audio_out_callbacks *cb, void *user)
{
    struct cb_out *c = calloc(1, sizeof *c);
    *out = (audio_out_t *)c;
    if (!c)
        return AUDIO_ERROR;
    c->base.ops = &cb_ops;
    c->base.rate = rate;
    if (!cb || !cb->write)
        return audio_out_fail(&c->base, AUDIO_INVALID, "no write callback given");
    if (rate < 0 || rate > 192000)
        return audio_out_fail(&c->base, AUDIO_INVALID, "sample rate %d Hz is out of range", rate);
    c->cb = *cb;
    c->user = user;
    return AUDIO_OK;
}
