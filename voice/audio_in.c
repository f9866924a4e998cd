/* audio_in.c -- the backend-independent half of audio input, and the file
 * backend: libsndfile reads any common format as float frames, we mix them
 * down to mono and libsoxr resamples to 16 kHz, one fixed-size chunk at a
 * time (memory stays flat whatever the length of the file). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>
#include <soxr.h>

#include "audio_in_int.h"

enum { CHUNK = 4096 };          /* source frames read at a time */

int audio_in_fail(audio_in_t *a, int status, const char *fmt, ...)
{
    if (a) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(a->errbuf, sizeof a->errbuf, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *audio_in_errmsg(const audio_in_t *a)
{
    return a && a->errbuf[0] ? a->errbuf : "no error";
}

const char *audio_in_strerror(int status)
{
    switch (status) {
    case AUDIO_IN_OK: return "no error";
    case AUDIO_IN_UNSUPPORTED: return "not built in";
    case AUDIO_IN_NODEVICE: return "no sound server or microphone";
    case AUDIO_IN_BADFILE: return "not a readable sound file";
    case AUDIO_IN_NOMEM: return "out of memory";
    default: return "audio input error";
    }
}

const struct audio_in_info *audio_in_info(const audio_in_t *a) { return &a->info; }

int audio_in_read(audio_in_t *a, int16_t *pcm, size_t max, size_t *got)
{
    *got = 0;
    return a->ops->read(a, pcm, max, got);
}

void audio_in_close(audio_in_t *a)
{
    if (a)
        a->ops->destroy(a);
}

int audio_in_open_device(audio_in_t **out, const char *app_name)
{
    return audio_in_pulse_new(out, app_name ? app_name : "kefu");
}

/* ---- the file backend ---------------------------------------------------- */

struct file_in {
    struct audio_in base;
    SNDFILE *sf;
    soxr_t soxr;                /* NULL when the file is already 16 kHz */
    float *ibuf;                /* CHUNK * channels interleaved */
    float *mono;                /* CHUNK */
    size_t mlen, mpos;          /* mono samples waiting for the resampler */
    float *obuf;                /* resampled */
    size_t ocap, olen, opos;
    int eof;                    /* the file is read to its end */
    int done;                   /* the resampler is drained too */
};

static const char *subtype_name(int format)
{
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8: case SF_FORMAT_PCM_U8: return "8-bit PCM";
    case SF_FORMAT_PCM_16: return "16-bit PCM";
    case SF_FORMAT_PCM_24: return "24-bit PCM";
    case SF_FORMAT_PCM_32: return "32-bit PCM";
    case SF_FORMAT_FLOAT: return "32-bit float";
    case SF_FORMAT_DOUBLE: return "64-bit float";
    case SF_FORMAT_ULAW: return "u-law";
    case SF_FORMAT_ALAW: return "A-law";
    default: return "compressed";
    }
}

/* Refill obuf from the file; sets done at the very end. */
static int file_fill(struct file_in *f)
{
    audio_in_t *a = &f->base;
    int ch = a->info.channels;
    f->olen = f->opos = 0;
    while (f->olen == 0 && !f->done) {
        if (f->mpos == f->mlen && !f->eof) {
            sf_count_t n = sf_readf_float(f->sf, f->ibuf, CHUNK);
            if (n < 0)
                n = 0;
            if (n == 0) {
                f->eof = 1;
                if (sf_error(f->sf) != SF_ERR_NO_ERROR)
                    return audio_in_fail(a, AUDIO_IN_BADFILE, "reading failed: %s",
                                         sf_strerror(f->sf));
            }
            for (sf_count_t i = 0; i < n; i++) {
                float s = 0;
                for (int c = 0; c < ch; c++)
                    s += f->ibuf[i * ch + c];
                f->mono[i] = s / (float)ch;
            }
            f->mlen = (size_t)n;
            f->mpos = 0;
        }
        if (!f->soxr) {
            memcpy(f->obuf, f->mono + f->mpos, (f->mlen - f->mpos) * sizeof(float));
            f->olen = f->mlen - f->mpos;
            f->mpos = f->mlen;
            if (f->eof && f->olen == 0)
                f->done = 1;
            continue;
        }
        size_t idone = 0, odone = 0;
        soxr_error_t err;
        if (f->mpos < f->mlen)
            err = soxr_process(f->soxr, f->mono + f->mpos, f->mlen - f->mpos, &idone,
                               f->obuf, f->ocap, &odone);
        else if (f->eof)        /* drain what the filter still holds */
            err = soxr_process(f->soxr, NULL, 0, NULL, f->obuf, f->ocap, &odone);
        else
            continue;
        if (err)
            return audio_in_fail(a, AUDIO_IN_ERROR, "resampling failed: %s", err);
        f->mpos += idone;
        f->olen = odone;
        if (f->eof && f->mpos == f->mlen && odone == 0)
            f->done = 1;
    }
    return AUDIO_IN_OK;
}

static int file_read(audio_in_t *a, int16_t *pcm, size_t max, size_t *got)
{
    struct file_in *f = (struct file_in *)a;
    while (*got < max) {
        if (f->opos == f->olen) {
            if (f->done)
                break;
            int rc = file_fill(f);
            if (rc != AUDIO_IN_OK)
                return rc;
            continue;
        }
        /* libsndfile maps 16-bit PCM to float by 1/32768: scale back by the
         * same so 16 kHz 16-bit files come through bit for bit */
        float s = f->obuf[f->opos++] * 32768.0f;
        s = s > 32767.0f ? 32767.0f : s < -32768.0f ? -32768.0f : s;
        pcm[(*got)++] = (int16_t)lrintf(s);
    }
    return AUDIO_IN_OK;
}

static void file_destroy(audio_in_t *a)
{
    struct file_in *f = (struct file_in *)a;
    if (f->sf)
        sf_close(f->sf);
    soxr_delete(f->soxr);
    free(f->ibuf);
    free(f->mono);
    free(f->obuf);
    free(f);
}

/* The frames a WAV header promises when the file holds fewer (cut short),
 * else 0. libsndfile reads what is there and logs the header's data size
 * as "data : DECLARED (should be PRESENT)" (bytes); it has no other way to
 * tell. Sizes of 0 and from 2 GiB up are what writers put when they do not
 * know the length (a pipe), not a cut. */
static int64_t declared_frames(SNDFILE *sf, const SF_INFO *si)
{
    char log[2048];
    sf_command(sf, SFC_GET_LOG_INFO, log, sizeof log);
    const char *d = strstr(log, "\ndata : ");
    long long said = 0, is = 0;
    if (!d || sscanf(d, "\ndata : %lld (should be %lld)", &said, &is) != 2)
        return 0;
    if (said <= is || said >= 0x7fff0000LL || is < 0)
        return 0;
    /* the bytes per frame: from what is there, or (nothing there) from the
     * sample format; compressed formats without frames: unknown */
    static const struct { int sub, bytes; } width[] = {
        {SF_FORMAT_PCM_S8, 1}, {SF_FORMAT_PCM_U8, 1}, {SF_FORMAT_PCM_16, 2},
        {SF_FORMAT_PCM_24, 3}, {SF_FORMAT_PCM_32, 4}, {SF_FORMAT_FLOAT, 4},
        {SF_FORMAT_DOUBLE, 8}, {SF_FORMAT_ULAW, 1}, {SF_FORMAT_ALAW, 1},
    };
    double per = 0;
    if (si->frames > 0)
        per = (double)is / (double)si->frames;
    else
        for (size_t i = 0; i < sizeof width / sizeof width[0]; i++)
            if ((si->format & SF_FORMAT_SUBMASK) == width[i].sub)
                per = (double)width[i].bytes * si->channels;
    return per > 0 ? (int64_t)((double)said / per) : 0;
}

static const struct audio_in_ops file_ops = {
    .name = "file", .read = file_read, .destroy = file_destroy,
};

int audio_in_open_file(audio_in_t **out, const char *path)
{
    struct file_in *f = calloc(1, sizeof *f);
    *out = f ? &f->base : NULL;
    if (!f)
        return AUDIO_IN_NOMEM;
    audio_in_t *a = &f->base;
    a->ops = &file_ops;
    a->info.format = "unknown";
    SF_INFO si = {0};
    /* a folder, or a file we may not read: say that, not libsndfile's
     * "Format not recognised" or "System error : Permission denied" */
    struct stat st;
    int why = 0;
    bool there = stat(path, &st) == 0;
    if (there && S_ISDIR(st.st_mode)) {
        why = EISDIR;
    } else if (there && S_ISREG(st.st_mode)) {
        /* (only a plain file is opened to try: a pipe's writer would see
         * its reader go away) */
        int fd = open(path, O_RDONLY);
        why = fd < 0 ? errno : 0;
        if (fd >= 0)
            close(fd);
    }
    if (why)
        return audio_in_fail(a, AUDIO_IN_BADFILE, "%s: not a sound file kefu can read (%s)",
                             path, strerror(why));
    f->sf = sf_open(path, SFM_READ, &si);
    if (!f->sf)
        return audio_in_fail(a, AUDIO_IN_BADFILE,
                             "%s: not a sound file kefu can read (%s)", path,
                             sf_strerror(NULL));
    if (si.channels < 1 || si.channels > 64 || si.samplerate < 1000
        || si.samplerate > 768000)
        return audio_in_fail(a, AUDIO_IN_BADFILE,
                             "%s: %d channel(s) at %d Hz is not speech audio kefu can use",
                             path, si.channels, si.samplerate);
    a->info.rate = si.samplerate;
    a->info.channels = si.channels;
    a->info.frames = si.frames;
    a->info.format = subtype_name(si.format);
    a->info.declared_frames = declared_frames(f->sf, &si);
    f->ibuf = malloc((size_t)CHUNK * (size_t)si.channels * sizeof *f->ibuf);
    f->mono = malloc(CHUNK * sizeof *f->mono);
    f->ocap = (size_t)ceil((double)CHUNK * AUDIO_IN_RATE / si.samplerate) + 1024;
    if (f->ocap < CHUNK)
        f->ocap = CHUNK;
    f->obuf = malloc(f->ocap * sizeof *f->obuf);
    if (!f->ibuf || !f->mono || !f->obuf)
        return audio_in_fail(a, AUDIO_IN_NOMEM, "out of memory reading %s", path);
    if (si.samplerate != AUDIO_IN_RATE) {
        soxr_error_t err = NULL;
        soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
        f->soxr = soxr_create(si.samplerate, AUDIO_IN_RATE, 1, &err, NULL, &q, NULL);
        if (!f->soxr)
            return audio_in_fail(a, AUDIO_IN_ERROR, "%s: cannot resample %d Hz: %s",
                                 path, si.samplerate, err ? err : "soxr error");
    }
    return AUDIO_IN_OK;
}
