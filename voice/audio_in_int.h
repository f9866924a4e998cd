/* audio_in_int.h -- the private table each audio-in backend fills (STYLE.md
 * 6): a backend embeds struct audio_in first. */
#ifndef KEFU_AUDIO_IN_INT_H
#define KEFU_AUDIO_IN_INT_H

#include "audio_in.h"

struct audio_in_ops {
    const char *name;
    int (*read)(audio_in_t *a, int16_t *pcm, size_t max, size_t *got);
    void (*destroy)(audio_in_t *a);
};

struct audio_in {
    const struct audio_in_ops *ops;
    struct audio_in_info info;
    char errbuf[320];
};

int audio_in_fail(audio_in_t *a, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The PulseAudio backend (opt_pulse_in.c), or its stub when built without. */
int audio_in_pulse_new(audio_in_t **out, const char *app_name);

#endif
