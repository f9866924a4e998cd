/* tts.h -- speech output, one interface over several backends (eSpeak NG,
 * speech-dispatcher, WAV file, none). Callers know nothing of the engines.
 *
 * The contract every backend keeps: speak() queues and returns at once;
 * cancel() stops the current utterance within one audio buffer and drops the
 * queue; nothing here prints or exits. See docs/voice.md.
 */
#ifndef KEFU_TTS_H
#define KEFU_TTS_H

#include <stdbool.h>

typedef struct tts tts_t;

typedef enum {
    TTS_OK = 0,
    TTS_ERROR = -1,
    TTS_UNSUPPORTED = -2,   /* backend not built in, or feature not offered */
    TTS_NODEVICE = -3,      /* no sound server/device: carry on in text */
    TTS_INVALID = -4,       /* bad argument (rate out of range, unknown voice...) */
    TTS_NODATA = -5         /* engine data missing (e.g. espeak-ng-data) */
} tts_status;

/* Why a line is spoken; mapped onto speech-dispatcher priorities
 * (ACCESSIBILITY.md 8): customer lines MESSAGE, progress PROGRESS, errors
 * IMPORTANT. Other backends may use it to drop progress while busy. */
typedef enum {
    TTS_PRIO_IMPORTANT = 0,
    TTS_PRIO_MESSAGE,
    TTS_PRIO_TEXT,
    TTS_PRIO_NOTIFICATION,
    TTS_PRIO_PROGRESS
} tts_priority;

struct tts_options {
    const char *wav_path;   /* "wav" backend: file to write */
    const char *voice;      /* NULL: the backend's default for the text */
    int rate_wpm;           /* 0: default (175); valid 80..450 */
    int pitch;              /* 0..100, -1: default */
    int volume;             /* 0..200, -1: default */
};

/* backend: "auto", "espeak", "speechd", "wav" or "none". *out is set even on
 * failure (except out of memory) so tts_errmsg() can be read; always
 * tts_close() it. */
int tts_open(tts_t **out, const char *backend, const struct tts_options *opts);
void tts_close(tts_t *t);                      /* NULL is a no-op */

int tts_speak(tts_t *t, const char *utf8, tts_priority prio);
int tts_cancel(tts_t *t);                      /* stop now and drop the queue */
int tts_wait(tts_t *t);                        /* block until the queue is spoken */
bool tts_speaking(const tts_t *t);             /* for muting the recogniser */

int tts_set_rate(tts_t *t, int wpm);           /* 80..450 */
int tts_get_rate(const tts_t *t);

const char *tts_backend_name(const tts_t *t);  /* static text */
const char *tts_errmsg(const tts_t *t);        /* borrowed; never NULL */
const char *tts_strerror(int status);          /* static text; never NULL */

#endif
