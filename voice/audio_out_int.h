/* audio_out_int.h -- the private table every audio-out backend fills
 * (STYLE.md 6): each embeds struct audio_out first. The generic half
 * (audio_out.c) resamples and counts; a backend only moves samples. */
#ifndef KEFU_AUDIO_OUT_INT_H
#define KEFU_AUDIO_OUT_INT_H

#include <soxr.h>
#include "audio_out.h"

struct audio_out_ops {
    const char *name;
    /* frames are at a->rate (or the producer's rate when a->rate is 0) */
    int  (*write)(audio_out_t *a, const int16_t *pcm, size_t frames, int rate);
    int  (*drop)(audio_out_t *a);                          /* NULL: nothing buffered */
    int  (*drain)(audio_out_t *a, bool (*stop)(void *), void *arg); /* NULL: at once */
    int  (*finish)(audio_out_t *a);                        /* NULL: nothing to finish */
    void (*destroy)(audio_out_t *a);
};

struct audio_out {
    const struct audio_out_ops *ops;
    int rate;                 /* 0: follows the producer */
    uint64_t frames;          /* handed to the backend so far */
    soxr_t soxr;              /* NULL until a producer writes at another rate */
    int soxr_in_rate;
    int16_t *rbuf;            /* resampler output */
    size_t rbuf_cap;
    char errbuf[256];
};

int audio_out_fail(audio_out_t *a, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
