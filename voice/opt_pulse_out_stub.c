/* opt_pulse_out_stub.c -- stands in for opt_pulse_out.c when kefu is built
 * without PulseAudio (KEFU_WITH_PULSE=OFF): says so, plays nothing. */
#include <stdlib.h>

#include "audio_out_int.h"

static int stub_write(audio_out_t *a, const int16_t *pcm, size_t frames, int rate)
{
    (void)pcm; (void)frames; (void)rate;
    return audio_out_fail(a, AUDIO_UNSUPPORTED, "kefu was built without PulseAudio");
}

static void stub_destroy(audio_out_t *a) { free(a); }

static const struct audio_out_ops stub_ops = {
    .name = "pulse", .write = stub_write, .destroy = stub_destroy,
};

int audio_out_open_pulse(audio_out_t **out, int rate, const char *app_name)
{
    (void)rate; (void)app_name;
    audio_out_t *a = calloc(1, sizeof *a);
    *out = a;
    if (!a)
        return AUDIO_ERROR;
    a->ops = &stub_ops;
    return audio_out_fail(a, AUDIO_UNSUPPORTED,
                          "kefu was built without PulseAudio, so it cannot play sound");
}
