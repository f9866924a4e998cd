/* audio_in.h -- where recognised speech comes from: a sound server
 * (PulseAudio's simple API, which PipeWire also serves) or a sound file.
 *
 * Whatever the source, the reader gets signed 16-bit mono samples at
 * 16,000 Hz, the rate of the en-us acoustic model: files of any common rate,
 * channel count and sample format are read through libsndfile, mixed down
 * to mono and resampled with libsoxr, chunk by chunk, so a one-hour file
 * costs no more memory than a one-second one. Nothing here prints or exits.
 */
#ifndef KEFU_AUDIO_IN_H
#define KEFU_AUDIO_IN_H

#include <stddef.h>
#include <stdint.h>

typedef struct audio_in audio_in_t;

typedef enum {
    AUDIO_IN_OK = 0,
    AUDIO_IN_ERROR = -1,
    AUDIO_IN_UNSUPPORTED = -2,  /* backend not built in */
    AUDIO_IN_NODEVICE = -3,     /* no sound server or microphone */
    AUDIO_IN_BADFILE = -4,      /* missing, unreadable or not a sound file */
    AUDIO_IN_NOMEM = -5
} audio_in_status;

#define AUDIO_IN_RATE 16000     /* what every reader delivers */

/* What the source was before conversion (for messages and tests). */
struct audio_in_info {
    int rate;                   /* Hz of the source */
    int channels;
    const char *format;         /* "WAV 16-bit PCM", "microphone", ... (static) */
    int64_t frames;             /* source frames, -1 if unknown (microphone) */
    /* A file cut short (a recording interrupted, a partial copy): the
     * frames its header promises, more than frames; 0 when the file holds
     * what its header says, or the header gives no length (a WAV written to
     * a pipe declares 0 or about 4 GB: that is no sign of a cut). */
    int64_t declared_frames;
};

/* Open a sound file (WAV, FLAC, AIFF... anything libsndfile reads). *out is
 * set even on failure (except out of memory) so the message can be read;
 * always audio_in_close() it. */
int audio_in_open_file(audio_in_t **out, const char *path);

/* Open the default microphone of the sound server. Without a server the
 * status is AUDIO_IN_NODEVICE and the message says so (what to do instead
 * is the caller's to say: type, or give a WAV file).
 * app_name names the stream in the server's mixer. */
int audio_in_open_device(audio_in_t **out, const char *app_name);

/* Read up to max samples into pcm; *got is 0 at the end of a file (a
 * microphone never ends). Blocks on a microphone until max samples came. */
int audio_in_read(audio_in_t *a, int16_t *pcm, size_t max, size_t *got);

void audio_in_close(audio_in_t *a);             /* NULL is a no-op */

const struct audio_in_info *audio_in_info(const audio_in_t *a);  /* borrowed */
const char *audio_in_errmsg(const audio_in_t *a);   /* borrowed; never NULL */
const char *audio_in_strerror(int status);          /* static; never NULL */

#endif
