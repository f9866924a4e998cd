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
#include <stddef.h>

typedef struct tts tts_t;
struct audio_out;           /* audio_out.h: where PCM goes */

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
    int pitch;              /* 0..100, -1 (or 0): default 50 */
    int volume;             /* 0..200, -1 (or 0): default 100; a zeroed struct
                               must not mean silence -- tts_set_volume(t, 0) mutes */
    /* --- added fields (zero-initialise the struct; 0/NULL keeps defaults) --- */
    struct audio_out *sink; /* "espeak"/"wav": send PCM here instead of the
                               sound server or wav_path (borrowed; must
                               outlive the handle). For measurements and tests. */
    const char *lang;       /* "zh" or "en": language of text with no letters
                               at all ("12345"); NULL: "en" */
    int wav_rate;           /* "wav": sample rate in Hz; 0: 16000 */
};

/* backend: "auto", "espeak", "speechd", "wav" or "none". *out is set even on
 * failure (except out of memory) so tts_errmsg() can be read; always
 * tts_close() it. A failed handle behaves as "none" (text only).
 * "auto" picks "none" when SSH_CONNECTION is set or a screen reader that
 * speaks through speech-dispatcher is running (ACCESSIBILITY.md 7), else
 * "espeak"; after choosing "none" this way tts_errmsg() says why.
 * "espeak" with no sound server returns TTS_NODEVICE: say so once, carry on
 * in text. Opening "espeak" or "wav" with opts->voice checks the voice
 * (TTS_INVALID, the close matches in tts_errmsg). */
int tts_open(tts_t **out, const char *backend, const struct tts_options *opts);
void tts_close(tts_t *t);                      /* NULL is a no-op */

int tts_speak(tts_t *t, const char *utf8, tts_priority prio);
int tts_cancel(tts_t *t);                      /* stop now and drop the queue */
int tts_wait(tts_t *t);                        /* block until the queue is spoken */
bool tts_speaking(const tts_t *t);             /* for muting the recogniser */

int tts_set_rate(tts_t *t, int wpm);           /* 80..450 */
int tts_get_rate(const tts_t *t);

/* ---- added: more control (apply from the next clause on) ---------------- */
int tts_set_pitch(tts_t *t, int pitch);        /* 0..100 (default 50) */
int tts_get_pitch(const tts_t *t);
int tts_set_volume(tts_t *t, int volume);      /* 0..200 (default 100) */
int tts_get_volume(const tts_t *t);
/* NULL: back to the defaults. A Chinese voice (cmn, yue...) replaces the one
 * for Chinese runs, any other the one for the rest. TTS_INVALID if unknown,
 * with the close matches in tts_errmsg(). */
int tts_set_voice(tts_t *t, const char *voice);
int tts_pause(tts_t *t);                       /* hold speech where it is */
int tts_resume(tts_t *t);

/* Every voice the eSpeak NG engine offers: fn(arg, language, name, gender)
 * ("cmn-latn-pinyin", "Chinese_(Mandarin,_latin_as_Pinyin)", "male").
 * Works without a handle. TTS_NODATA if eSpeak NG's data is missing, with
 * the reason in *why (static text; why may be NULL). */
typedef void (*tts_voice_fn)(void *arg, const char *lang, const char *name,
                             const char *gender);
int tts_list_voices(tts_voice_fn fn, void *arg, const char **why);

/* What would be spoken, piece by piece, without speaking: fn(arg, voice,
 * text) for each run, the text after number rewriting ("1 2 3 4 5").
 * phonemes: also eSpeak's phonemes for it (needs eSpeak NG's data; NULL
 * when not asked). For `kefu say --dry-run` and tests. */
typedef void (*tts_plan_fn)(void *arg, const char *voice, const char *text,
                            const char *phonemes);
int tts_plan(tts_t *t, const char *utf8, bool phonemes, tts_plan_fn fn, void *arg);

/* Invalid UTF-8 in text replaced by U+FFFD; *nbad: how many were replaced.
 * tts_speak() does this itself; callers use it to print what is spoken.
 * Caller frees; NULL: out of memory. */
char *tts_text_clean(const char *text, size_t len, size_t *nbad);

const char *tts_backend_name(const tts_t *t);  /* static text */
const char *tts_errmsg(const tts_t *t);        /* borrowed; never NULL */
const char *tts_strerror(int status);          /* static text; never NULL */

#endif
