/* test_audio_out.c -- the audio-out sinks: WAV files (read back with
 * libsndfile), the callback sink with timestamps, resampling, and the
 * PulseAudio sink failing cleanly when there is no sound server. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sndfile.h>

#include "audio_out.h"
#include "harness.h"

static int16_t *sine(int rate, double seconds, size_t *frames)
{
    *frames = (size_t)(rate * seconds);
    int16_t *pcm = malloc(*frames * sizeof *pcm);
    for (size_t i = 0; i < *frames; i++)
        pcm[i] = (int16_t)(8000 * sin(2 * M_PI * 440.0 * (double)i / rate));
    return pcm;
}

static void t_wav_is_16k_mono_and_valid_while_open(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/tone.wav", dir);
    audio_out_t *a = NULL;
    assert_int_equal(audio_out_open_wav(&a, path, 0), AUDIO_OK);
    assert_int_equal(audio_out_rate(a), 16000);
    size_t n;
    int16_t *pcm = sine(22050, 1.0, &n);
    assert_int_equal(audio_out_write(a, pcm, n, 22050), AUDIO_OK);

    /* before close (as if kefu were killed now): already a valid WAV */
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    assert_non_null(sf);
    assert_int_equal(info.samplerate, 16000);
    assert_int_equal(info.channels, 1);
    assert_int_equal(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    assert_true(info.frames > 15000 && info.frames <= 16000);
    sf_close(sf);

    assert_int_equal(audio_out_close(a), AUDIO_OK);
    memset(&info, 0, sizeof info);
    sf = sf_open(path, SFM_READ, &info);
    assert_non_null(sf);
    /* one second at 22,050 Hz is one second at 16,000 Hz after the flush */
    assert_true(info.frames >= 15990 && info.frames <= 16010);
    short *back = malloc((size_t)info.frames * sizeof *back);
    assert_int_equal(sf_readf_short(sf, back, info.frames), info.frames);
    double sum = 0;
    for (sf_count_t i = 0; i < info.frames; i++)
        sum += (double)back[i] * back[i];
    double rms = sqrt(sum / (double)info.frames);
    assert_true(rms > 4000 && rms < 7000);   /* 8000/sqrt(2) survives resampling */
    free(back);
    sf_close(sf);
    free(pcm);
    kefu_test_rmtree(dir);
    free(dir);
}

static void t_wav_bad_paths(void **state)
{
    (void)state;
    audio_out_t *a = NULL;
    assert_int_equal(audio_out_open_wav(&a, "/nonexistent-dir/x.wav", 0), AUDIO_IO);
    assert_non_null(strstr(audio_out_errmsg(a), "/nonexistent-dir/x.wav"));
    assert_int_equal(audio_out_close(a), AUDIO_OK);

    char *dir = kefu_test_tmpdir();
    assert_int_equal(audio_out_open_wav(&a, dir, 0), AUDIO_IO);   /* a directory */
    assert_non_null(strstr(audio_out_errmsg(a), "cannot write"));
    audio_out_close(a);
    assert_int_equal(audio_out_open_wav(&a, "", 0), AUDIO_INVALID);
    audio_out_close(a);
    char path[512];
    snprintf(path, sizeof path, "%s/x.wav", dir);
    assert_int_equal(audio_out_open_wav(&a, path, 1000), AUDIO_INVALID);
    audio_out_close(a);
    kefu_test_rmtree(dir);
    free(dir);
}

struct seen {
    size_t calls, frames, drops;
    uint64_t next_frame;
    int rate;
    struct timespec last;
    bool ordered;
};

static int seen_write(void *user, const struct audio_chunk *c)
{
    struct seen *s = user;
    if (c->first_frame != s->next_frame)
        s->ordered = false;
    if (s->calls && (c->when.tv_sec < s->last.tv_sec ||
                     (c->when.tv_sec == s->last.tv_sec && c->when.tv_nsec < s->last.tv_nsec)))
        s->ordered = false;
    s->next_frame = c->first_frame + c->frames;
    s->frames += c->frames;
    s->rate = c->rate;
    s->last = c->when;
    s->calls++;
    return 0;
}

static void seen_drop(void *user) { ((struct seen *)user)->drops++; }

static void t_callback_sink_sees_every_frame_with_time(void **state)
{
    (void)state;
    struct seen s = {.ordered = true};
    struct audio_out_callbacks cb = {seen_write, seen_drop};
    audio_out_t *a = NULL;
    assert_int_equal(audio_out_open_callback(&a, 0, &cb, &s), AUDIO_OK);
    size_t n;
    int16_t *pcm = sine(22050, 0.5, &n);
    for (size_t off = 0; off < n; off += 441)
        assert_int_equal(audio_out_write(a, pcm + off, n - off < 441 ? n - off : 441, 22050),
                         AUDIO_OK);
    assert_int_equal(s.frames, n);           /* rate 0: no resampling */
    assert_int_equal(s.rate, 22050);
    assert_true(s.ordered);
    assert_int_equal(audio_out_frames(a), n);
    assert_int_equal(audio_out_drop(a), AUDIO_OK);
    assert_int_equal(s.drops, 1);
    audio_out_close(a);

    /* a callback sink at 16 kHz gets resampled frames */
    struct seen r = {.ordered = true};
    assert_int_equal(audio_out_open_callback(&a, 16000, &cb, &r), AUDIO_OK);
    assert_int_equal(audio_out_write(a, pcm, n, 22050), AUDIO_OK);
    assert_int_equal(audio_out_flush(a), AUDIO_OK);
    assert_int_equal(r.rate, 16000);
    assert_true(r.frames >= 7990 && r.frames <= 8010);
    audio_out_close(a);
    free(pcm);

    assert_int_equal(audio_out_open_callback(&a, 0, NULL, NULL), AUDIO_INVALID);
    audio_out_close(a);
}

static void t_pulse_fails_cleanly_without_server(void **state)
{
    (void)state;
    /* make sure no sound server answers, even on a developer's desktop */
    setenv("PULSE_SERVER", "unix:/nonexistent/kefu-test-pulse", 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    audio_out_t *a = NULL;
    int rc = audio_out_open_pulse(&a, 0, "kefu-test");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    unsetenv("PULSE_SERVER");
    assert_non_null(a);
    assert_true(rc == AUDIO_NODEVICE || rc == AUDIO_UNSUPPORTED);
    if (rc == AUDIO_NODEVICE)
        assert_non_null(strstr(audio_out_errmsg(a), "no sound server"));
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(secs < 3.0);
    assert_int_equal(audio_out_close(a), AUDIO_OK);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_wav_is_16k_mono_and_valid_while_open),
    cmocka_unit_test(t_wav_bad_paths),
    cmocka_unit_test(t_callback_sink_sees_every_frame_with_time),
    cmocka_unit_test(t_pulse_fails_cleanly_without_server),
};
KEFU_TEST_GROUP(voice_audio_out, tests, NULL, NULL)
