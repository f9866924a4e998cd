/* opt_pulse_out.c -- the sound-server sink through PulseAudio's simple API
 * (PipeWire serves it too). Built when KEFU_WITH_PULSE is ON; otherwise
 * opt_pulse_out_stub.c answers "not built with PulseAudio".
 *
 * The server-side buffer is kept short (about 40 ms) so that a cancel,
 * which flushes it, silences the speaker within one buffer; the worker
 * thread is the only caller, as pa_simple is not meant to be shared. */
#include <stdlib.h>
#include <time.h>
#include <pulse/error.h>
#include <pulse/simple.h>

#include "audio_out_int.h"

enum { PULSE_BUFFER_MS = 40, DRAIN_POLL_MS = 5 };

struct pulse_out {
    struct audio_out base;
    pa_simple *pa;
};

static int pulse_write(audio_out_t *a, const int16_t *pcm, size_t frames, int rate)
{
    struct pulse_out *p = (struct pulse_out *)a;
    int err = 0;
    (void)rate;
    if (pa_simple_write(p->pa, pcm, frames * sizeof *pcm, &err) < 0)
        return audio_out_fail(a, AUDIO_NODEVICE, "the sound server stopped taking audio: %s",
                              pa_strerror(err));
    return AUDIO_OK;
}

static int pulse_drop(audio_out_t *a)
{
    struct pulse_out *p = (struct pulse_out *)a;
    int err = 0;
    if (pa_simple_flush(p->pa, &err) < 0)
        return audio_out_fail(a, AUDIO_NODEVICE, "cannot flush the sound server: %s",
                              pa_strerror(err));
    return AUDIO_OK;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Poll rather than pa_simple_drain(): a drain cannot be interrupted, and a
 * key press during the last words must still silence them at once. */
static int pulse_drain(audio_out_t *a, bool (*stop)(void *), void *arg)
{
    struct pulse_out *p = (struct pulse_out *)a;
    int err = 0;
    pa_usec_t first = pa_simple_get_latency(p->pa, &err);
    if (first == (pa_usec_t)-1)
        return AUDIO_OK;
    long budget_ms = (long)(first / 1000) + 500;   /* never wait forever */
    for (long waited = 0; waited < budget_ms; waited += DRAIN_POLL_MS) {
        if (stop && stop(arg))
            return AUDIO_OK;
        pa_usec_t lat = pa_simple_get_latency(p->pa, &err);
        if (lat == (pa_usec_t)-1 || lat < 2000)
            break;
        sleep_ms(DRAIN_POLL_MS);
    }
    return AUDIO_OK;
}

static void pulse_destroy(audio_out_t *a)
{
    struct pulse_out *p = (struct pulse_out *)a;
    if (p->pa)
        pa_simple_free(p->pa);
    free(p);
}

static const struct audio_out_ops pulse_ops = {
    .name = "pulse", .write = pulse_write, .drop = pulse_drop, .drain = pulse_drain,
    .destroy = pulse_destroy,
};

int audio_out_open_pulse(audio_out_t **out, int rate, const char *app_name)
{
    struct pulse_out *p = calloc(1, sizeof *p);
    *out = (audio_out_t *)p;
    if (!p)
        return AUDIO_ERROR;
    p->base.ops = &pulse_ops;
    if (rate == 0)
        rate = 22050;                       /* eSpeak NG's own rate */
    p->base.rate = rate;
    if (rate < 8000 || rate > 192000)
        return audio_out_fail(&p->base, AUDIO_INVALID, "sample rate %d Hz is out of range", rate);

    pa_sample_spec ss = {.format = PA_SAMPLE_S16NE, .rate = (uint32_t)rate, .channels = 1};
    uint32_t bytes_per_ms = (uint32_t)rate * 2 / 1000;
    pa_buffer_attr attr = {
        .maxlength = (uint32_t)-1,
        .tlength = bytes_per_ms * PULSE_BUFFER_MS,
        .prebuf = bytes_per_ms * 10,
        .minreq = (uint32_t)-1,
        .fragsize = (uint32_t)-1,
    };
    int err = 0;
    p->pa = pa_simple_new(NULL, app_name ? app_name : "kefu", PA_STREAM_PLAYBACK, NULL,
                          "speech", &ss, NULL, &attr, &err);
    if (!p->pa)
        return audio_out_fail(&p->base, AUDIO_NODEVICE,
                              "no sound server (PulseAudio or PipeWire) answered: %s",
                              pa_strerror(err));
    return AUDIO_OK;
}
