/* opt_pulse_in.c -- microphone capture through PulseAudio's simple API
 * (PipeWire serves it too): 16 kHz mono 16-bit, the acoustic model's rate,
 * so the server does any conversion. Chosen in voice/CMakeLists.txt when
 * KEFU_WITH_PULSE is on; opt_pulse_in_stub.c otherwise. */
#include <stdlib.h>

#include <pulse/error.h>
#include <pulse/simple.h>

#include "audio_in_int.h"

struct pulse_in {
    struct audio_in base;
    pa_simple *pa;
};

static int pulse_read(audio_in_t *a, int16_t *pcm, size_t max, size_t *got)
{
    struct pulse_in *p = (struct pulse_in *)a;
    int err = 0;
    if (pa_simple_read(p->pa, pcm, max * sizeof *pcm, &err) < 0)
        return audio_in_fail(a, AUDIO_IN_NODEVICE, "the microphone stopped: %s",
                             pa_strerror(err));
    *got = max;
    return AUDIO_IN_OK;
}

static void pulse_destroy(audio_in_t *a)
{
    struct pulse_in *p = (struct pulse_in *)a;
    if (p->pa)
        pa_simple_free(p->pa);
    free(p);
}

static const struct audio_in_ops pulse_ops = {
    .name = "pulse", .read = pulse_read, .destroy = pulse_destroy,
};

int audio_in_pulse_new(audio_in_t **out, const char *app_name)
{
    struct pulse_in *p = calloc(1, sizeof *p);
    *out = p ? &p->base : NULL;
    if (!p)
        return AUDIO_IN_NOMEM;
    p->base.ops = &pulse_ops;
    p->base.info = (struct audio_in_info){AUDIO_IN_RATE, 1, "microphone", -1, 0};
    pa_sample_spec ss = {.format = PA_SAMPLE_S16LE, .rate = AUDIO_IN_RATE, .channels = 1};
    /* 50 ms fragments: short enough that end-of-speech is seen quickly */
    pa_buffer_attr attr = {.maxlength = (uint32_t)-1, .tlength = (uint32_t)-1,
                           .prebuf = (uint32_t)-1, .minreq = (uint32_t)-1,
                           .fragsize = AUDIO_IN_RATE / 20 * 2};
    int err = 0;
    p->pa = pa_simple_new(NULL, app_name, PA_STREAM_RECORD, NULL, "listening", &ss,
                          NULL, &attr, &err);
    if (!p->pa)
        return audio_in_fail(&p->base, AUDIO_IN_NODEVICE,
                             "no sound server (%s)", pa_strerror(err));
    return AUDIO_IN_OK;
}
