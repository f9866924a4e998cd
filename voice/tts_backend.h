/* tts_backend.h -- the private table every TTS backend fills (STYLE.md 6).
 * Each backend embeds struct tts first and exports one constructor. */
#ifndef KEFU_TTS_BACKEND_H
#define KEFU_TTS_BACKEND_H

#include "tts.h"

struct tts_ops {
    const char *name;
    int  (*speak)(tts_t *t, const char *utf8, tts_priority prio);
    int  (*cancel)(tts_t *t);
    int  (*wait)(tts_t *t);                  /* NULL: nothing to wait for */
    bool (*speaking)(const tts_t *t);        /* NULL: never speaking */
    int  (*set_rate)(tts_t *t, int wpm);     /* NULL: not supported */
    void (*destroy)(tts_t *t);
};

struct tts {
    const struct tts_ops *ops;
    int rate_wpm;
    char errbuf[256];
};

int tts_fail(tts_t *t, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Constructors. Each returns a status and sets *out even on failure (except
 * out of memory). */
int tts_none_new(tts_t **out, const struct tts_options *opts);

#endif
