/* opt_pulse_in_stub.c -- kefu built without PulseAudio (KEFU_WITH_PULSE=OFF):
 * no microphone, a clear reason, and text goes on. */
#include <stdlib.h>

#include "audio_in_int.h"

static int stub_read(audio_in_t *a, int16_t *pcm, size_t max, size_t *got)
{
    (void)pcm; (void)max; (void)got;
    return audio_in_fail(a, AUDIO_IN_UNSUPPORTED, "no microphone support built in");
}

static void stub_destroy(audio_in_t *a) { free(a); }

static const struct audio_in_ops stub_ops = {
    .name = "none", .read = stub_read, .destroy = stub_destroy,
};

int audio_in_pulse_new(audio_in_t **out, const char *app_name)
{
    (void)app_name;
    audio_in_t *a = calloc(1, sizeof *a);
    *out = a;
    if (!a)
        return AUDIO_IN_NOMEM;
    a->ops = &stub_ops;
    a->info = (struct audio_in_info){AUDIO_IN_RATE, 1, "microphone", -1, 0};
    return audio_in_fail(a, AUDIO_IN_UNSUPPORTED,
                         "kefu was built without PulseAudio: no sound server");
}
