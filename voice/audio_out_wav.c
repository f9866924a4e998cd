/* audio_out_wav.c -- the WAV-file sink: 16-bit PCM mono, 16 kHz unless asked
 * otherwise. Written with libsndfile (never by hand), which rewrites the
 * header's sizes after every write (SFC_SET_UPDATE_HEADER_AUTO), so the file
 * is a valid WAV at every moment -- even if kefu is killed mid-sentence. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sndfile.h>

#include "audio_out_int.h"

struct wav_out {
    struct audio_out base;
    SNDFILE *sf;
    char *path;
};

static int wav_write(audio_out_t *a, const int16_t *pcm, size_t frames, int rate)
{
    struct wav_out *w = (struct wav_out *)a;
    (void)rate;
    sf_count_t put = sf_writef_short(w->sf, pcm, (sf_count_t)frames);
    if (put != (sf_count_t)frames)
        return audio_out_fail(a, AUDIO_IO, "cannot write to %s: %s", w->path,
                              sf_strerror(w->sf));
    return AUDIO_OK;
}

static int wav_finish(audio_out_t *a)
{
    struct wav_out *w = (struct wav_out *)a;
    if (!w->sf)
        return AUDIO_OK;
    int err = sf_close(w->sf);
    w->sf = NULL;
    if (err != 0)
        return audio_out_fail(a, AUDIO_IO, "cannot finish %s: %s", w->path,
                              sf_error_number(err));
    return AUDIO_OK;
}

static void wav_destroy(audio_out_t *a)
{
    struct wav_out *w = (struct wav_out *)a;
    if (w->sf)
        sf_close(w->sf);
    free(w->path);
    free(w);
}

static const struct audio_out_ops wav_ops = {
    .name = "wav", .write = wav_write, .finish = wav_finish, .destroy = wav_destroy,
};

int audio_out_open_wav(audio_out_t **out, const char *path, int rate)
{
    struct wav_out *w = calloc(1, sizeof *w);
    *out = (audio_out_t *)w;
    if (!w)
        return AUDIO_ERROR;
    w->base.ops = &wav_ops;
    if (rate == 0)
        rate = 16000;
    w->base.rate = rate;
    if (!path || !*path)
        return audio_out_fail(&w->base, AUDIO_INVALID, "no WAV file name given");
    if (rate < 8000 || rate > 192000)
        return audio_out_fail(&w->base, AUDIO_INVALID,
                              "sample rate %d Hz is out of range; use 8000 to 192000", rate);
    w->path = strdup(path);
    if (!w->path)
        return audio_out_fail(&w->base, AUDIO_ERROR, "out of memory");

    SF_INFO info = {.samplerate = rate, .channels = 1,
                    .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    errno = 0;
    w->sf = sf_open(path, SFM_WRITE, &info);
    if (!w->sf) {
        int e = errno;
        return audio_out_fail(&w->base, AUDIO_IO, "cannot write the WAV file %s: %s", path,
                              e ? strerror(e) : sf_strerror(NULL));
    }
    sf_command(w->sf, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
    return AUDIO_OK;
}
