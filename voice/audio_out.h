/* audio_out.h -- where synthesised speech goes: a sound server (PulseAudio's
 * simple API, which PipeWire also serves), a WAV file, or a caller's own
 * callback (tests, benchmarks, the key-press-to-silence measurement).
 *
 * Samples are signed 16-bit mono. The producer says at which rate it writes
 * (eSpeak NG: 22,050 Hz); the sink converts to its own rate with libsoxr.
 * A sink is used by one thread at a time (the speech worker); only
 * audio_out_drop() may be asked for while a write is in progress. Nothing
 * here prints or exits.
 */
#ifndef KEFU_AUDIO_OUT_H
#define KEFU_AUDIO_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct audio_out audio_out_t;

typedef enum {
    AUDIO_OK = 0,
    AUDIO_ERROR = -1,
    AUDIO_UNSUPPORTED = -2,   /* backend not built in */
    AUDIO_NODEVICE = -3,      /* no sound server or device */
    AUDIO_INVALID = -4,       /* bad argument (rate, path...) */
    AUDIO_IO = -5             /* the file cannot be written */
} audio_status;

/* One block of samples as the sink receives it (already at the sink's rate). */
struct audio_chunk {
    const int16_t *pcm;       /* borrowed; valid during the callback only */
    size_t frames;
    int rate;                 /* Hz */
    uint64_t first_frame;     /* index of pcm[0] since the sink was opened */
    struct timespec when;     /* CLOCK_MONOTONIC when it was handed over */
};

/* A custom sink. write() is called on the speech worker thread and may block
 * (a real-time sink sleeps for the chunk's duration); return 0, or non-zero to
 * report an error. drop() (may be NULL) is called after a cancel, on the same
 * thread: discard anything still buffered. */
struct audio_out_callbacks {
    int  (*write)(void *user, const struct audio_chunk *chunk);
    void (*drop)(void *user);
};

/* Constructors: *out is set even on failure (except out of memory) so the
 * message can be read; always audio_out_close() it.
 * rate: the sink's rate in Hz; 0 means "whatever the producer writes" (no
 * resampling; for callbacks and the default device). */
int audio_out_open_pulse(audio_out_t **out, int rate, const char *app_name);
int audio_out_open_wav(audio_out_t **out, const char *path, int rate); /* 0: 16000 */
int audio_out_open_callback(audio_out_t **out, int rate,
                            const struct audio_out_callbacks *cb, void *user);

/* Flush the resampler, finish the file (WAV: sizes patched), free. NULL is a
 * no-op. Returns the status of finishing (e.g. disk full). */
int audio_out_close(audio_out_t *a);

/* Hand frames produced at in_rate to the sink; blocks as a device consumes.
 * AUDIO_OK or an error status (message in audio_out_errmsg). */
int audio_out_write(audio_out_t *a, const int16_t *pcm, size_t frames, int in_rate);

/* The end of an utterance: push out what the resampler holds. */
int audio_out_flush(audio_out_t *a);

/* Discard what is buffered (after a cancel): the resampler's tail, the
 * device's queue. Nothing more reaches the listener. */
int audio_out_drop(audio_out_t *a);

/* Wait until what was written has been heard, or stop(arg) returns true
 * (asked every few milliseconds; stop may be NULL). Files and callbacks
 * return at once. */
int audio_out_drain(audio_out_t *a, bool (*stop)(void *arg), void *arg);

int audio_out_rate(const audio_out_t *a);            /* 0: follows the producer */
uint64_t audio_out_frames(const audio_out_t *a);      /* frames handed to the sink */
const char *audio_out_name(const audio_out_t *a);     /* "pulse", "wav", "callback" */
const char *audio_out_errmsg(const audio_out_t *a);   /* borrowed; never NULL */

#endif
