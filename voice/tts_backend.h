/* tts_backend.h -- the private table every TTS backend fills (STYLE.md 6).
 * Each backend embeds struct tts first and exports one constructor. The
 * generic half (tts.c) checks arguments and keeps the settings in the base;
 * a backend reads them under t->mu when it starts a clause. */
#ifndef KEFU_TTS_BACKEND_H
#define KEFU_TTS_BACKEND_H

#include <pthread.h>
#include <stdint.h>
#include "textsplit.h"
#include "tts.h"

#define TTS_VOICE_ZH "cmn-latn-pinyin"   /* "cmn" reads 您好 as "nin two hao three" */
#define TTS_VOICE_OTHER "en-us"

struct tts_ops {
    const char *name;
    int  (*speak)(tts_t *t, const char *utf8, tts_priority prio);
    int  (*cancel)(tts_t *t);
    int  (*wait)(tts_t *t);                  /* NULL: nothing to wait for */
    bool (*speaking)(const tts_t *t);        /* NULL: never speaking */
    int  (*set_rate)(tts_t *t, int wpm);     /* NULL: not supported */
    void (*destroy)(tts_t *t);
    /* added */
    int  (*changed)(tts_t *t);               /* settings changed; NULL: read per clause */
    int  (*pause)(tts_t *t);                 /* NULL: not supported */
    int  (*resume)(tts_t *t);
};

struct tts {
    const struct tts_ops *ops;
    int rate_wpm;
    char errbuf[256];
    /* added: settings, under mu (a worker thread reads them) */
    pthread_mutex_t mu;
    int pitch, volume;
    char voice_zh[64], voice_other[64];
    tts_lang first_lang;
};

int tts_fail(tts_t *t, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fill the base from opts (defaults for what is unset); no checks. */
void tts_base_init(tts_t *t, const struct tts_ops *ops, const struct tts_options *opts);

/* Constructors. Each returns a status and sets *out even on failure (except
 * out of memory); a failed handle can be used as "none" and closed. */
int tts_none_new(tts_t **out, const struct tts_options *opts);
int tts_espeak_new(tts_t **out, const struct tts_options *opts);   /* sound server */
int tts_wav_new(tts_t **out, const struct tts_options *opts);      /* opts->wav_path */
int tts_sink_new(tts_t **out, const struct tts_options *opts);     /* opts->sink */
int tts_speechd_new(tts_t **out, const struct tts_options *opts);  /* opt_speechd*.c */

/* ---- the eSpeak NG engine (tts_espeak.c): one per process ---------------- */

/* Initialise once; TTS_OK, or TTS_NODATA/TTS_ERROR with *msg (static). */
int tts_espeak_init(const char **msg);
int tts_espeak_rate(void);                   /* Hz, after init (22050) */

struct tts_espeak_params { const char *voice; int rate, pitch, volume; };
/* Receives each 20 ms block; return non-zero to stop the utterance. */
typedef int (*tts_pcm_fn)(void *arg, const int16_t *pcm, size_t frames);
/* Synthesise utf8 with p, handing PCM to fn as it is made. TTS_OK, 1 if fn
 * stopped it, or an error status. */
int tts_espeak_synth(const struct tts_espeak_params *p, const char *utf8,
                     tts_pcm_fn fn, void *arg);
/* Is want a voice? TTS_OK and its language in lang, or TTS_INVALID and the
 * close matches ("en-us, en-gb") in close. */
int tts_espeak_voice(const char *want, char *lang, size_t lang_cap,
                     char *close, size_t close_cap);
int tts_espeak_list(tts_voice_fn fn, void *arg);
/* eSpeak's phonemes for utf8 read with voice. Caller frees; NULL on error. */
char *tts_espeak_phonemes(const char *voice, const char *utf8);

#endif
