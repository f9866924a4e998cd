/* test_audio_in.c -- sound files of any common shape come out as 16 kHz
 * mono 16-bit; a one-hour file streams in flat memory; bad files and a
 * missing sound server give clear errors. Files are written with
 * libsndfile here (real WAV files, no mocks). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "harness.h"
#include "audio_in.h"

/* A sine of freq Hz, seconds long, written in chunks (any length). */
static void write_sine(const char *path, int rate, int channels, int format, double seconds,
                       double freq)
{
    SF_INFO si = {.samplerate = rate, .channels = channels, .format = SF_FORMAT_WAV | format};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
    assert_non_null(sf);
    enum { CH = 8192 };
    float *buf = malloc(sizeof *buf * CH * (size_t)channels);
    long total = (long)(seconds * rate);
    for (long done = 0; done < total;) {
        long n = total - done < CH ? total - done : CH;
        for (long i = 0; i < n; i++)
            for (int c = 0; c < channels; c++)
                buf[i * channels + c] = 0.5f * (float)sin(2 * M_PI * freq * (double)(done + i) / rate);
        assert_int_equal(sf_writef_float(sf, buf, n), n);
        done += n;
    }
    free(buf);
    sf_close(sf);
}

static long rss_kb(void)
{
    FILE *fp = fopen("/proc/self/statm", "r");
    long pages = 0, rss = 0;
    if (fp) {
        if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(fp);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Read everything; returns the number of samples and their peak. */
static size_t drain(audio_in_t *a, int *peak)
{
    int16_t buf[3000];
    size_t total = 0, got = 0;
    *peak = 0;
    do {
        assert_int_equal(audio_in_read(a, buf, 3000, &got), AUDIO_IN_OK);
        for (size_t i = 0; i < got; i++)
            if (abs(buf[i]) > *peak)
                *peak = abs(buf[i]);
        total += got;
    } while (got);
    return total;
}

static void t_formats_converted(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    struct { int rate, ch, fmt; const char *name; } cases[] = {
        {16000, 1, SF_FORMAT_PCM_16, "16-bit PCM"},
        {8000, 2, SF_FORMAT_FLOAT, "32-bit float"},
        {44100, 2, SF_FORMAT_PCM_24, "24-bit PCM"},
        {22050, 1, SF_FORMAT_PCM_U8, "8-bit PCM"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/t%zu.wav", dir, k);
        write_sine(path, cases[k].rate, cases[k].ch, cases[k].fmt, 1.0, 440);
        audio_in_t *a = NULL;
        assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_OK);
        assert_int_equal(audio_in_info(a)->rate, cases[k].rate);
        assert_int_equal(audio_in_info(a)->channels, cases[k].ch);
        assert_string_equal(audio_in_info(a)->format, cases[k].name);
        int peak;
        size_t n = drain(a, &peak);
        /* one second at 16 kHz, whatever the source; amplitude 0.5 kept */
        assert_true(n >= 15900 && n <= 16100);
        assert_true(peak > 15000 && peak < 17500);
        audio_in_close(a);
    }
    kefu_test_rmtree(dir);
    free(dir);
}

/* 16 kHz mono 16-bit comes through bit for bit (what the recogniser gets
 * is exactly what pocketsphinx_continuous would read). */
static void t_pcm16_exact(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/exact.wav", dir);
    SF_INFO si = {.samplerate = 16000, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(path, SFM_WRITE, &si);
    assert_non_null(sf);
    short in[5000];
    for (int i = 0; i < 5000; i++)
        in[i] = (short)((i * 7919) % 65536 - 32768);
    assert_int_equal(sf_writef_short(sf, in, 5000), 5000);
    sf_close(sf);
    audio_in_t *a = NULL;
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_OK);
    int16_t out[6000];
    size_t got = 0, total = 0;
    do {
        assert_int_equal(audio_in_read(a, out + total, 6000 - total, &got), AUDIO_IN_OK);
        total += got;
    } while (got && total < 6000);
    assert_int_equal(total, 5000);
    assert_memory_equal(in, out, sizeof in);
    audio_in_close(a);
    kefu_test_rmtree(dir);
    free(dir);
}

static void t_one_hour_streams_flat(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/hour.wav", dir);
    write_sine(path, 8000, 1, SF_FORMAT_PCM_16, 3600, 300);
    long before = rss_kb();
    audio_in_t *a = NULL;
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_OK);
    int peak;
    size_t n = drain(a, &peak);
    long after = rss_kb();
    audio_in_close(a);
    assert_true(n >= 3600u * 16000 - 100 && n <= 3600u * 16000 + 100);
    /* the file is 57 MB; reading it must not hold it */
    assert_true(after - before < 4096);
    kefu_test_rmtree(dir);
    free(dir);
}

static void t_bad_files(void **state)
{
    (void)state;
    char *dir = kefu_test_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/fake.wav", dir);
    kefu_test_write_file(path, "RIFF....WAVEjunk", 16);
    audio_in_t *a = NULL;
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_BADFILE);
    assert_non_null(strstr(audio_in_errmsg(a), "fake.wav"));
    assert_non_null(strstr(audio_in_errmsg(a), "not a sound file"));
    audio_in_close(a);
    assert_int_equal(audio_in_open_file(&a, "/nonexistent/none.wav"), AUDIO_IN_BADFILE);
    audio_in_close(a);
    /* a truncated file reads what is there and ends */
    char full[512];
    snprintf(full, sizeof full, "%s/full.wav", dir);
    write_sine(full, 16000, 1, SF_FORMAT_PCM_16, 1.0, 440);
    size_t len = 0;
    char *data = kefu_test_read_file(full, &len);
    snprintf(path, sizeof path, "%s/cut.wav", dir);
    kefu_test_write_file(path, data, len / 2);
    free(data);
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_OK);
    int peak;
    size_t n = drain(a, &peak);
    assert_true(n < 8100 && n > 7000);
    /* and says it is cut short: the header promised a second */
    assert_int_equal(audio_in_info(a)->frames, (len / 2 - 44) / 2);
    assert_int_equal(audio_in_info(a)->declared_frames, 16000);
    audio_in_close(a);
    /* the whole file: nothing missing */
    assert_int_equal(audio_in_open_file(&a, full), AUDIO_IN_OK);
    assert_int_equal(audio_in_info(a)->declared_frames, 0);
    audio_in_close(a);
    /* a header that does not know its length (a WAV written to a pipe:
     * sizes of about 4 GB) is no cut */
    data = kefu_test_read_file(full, &len);
    memcpy(data + 4, "\xf0\xff\xff\xff", 4);
    memcpy(data + 40, "\x00\xff\xff\xff", 4);
    snprintf(path, sizeof path, "%s/piped.wav", dir);
    kefu_test_write_file(path, data, len);
    free(data);
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_OK);
    assert_int_equal(audio_in_info(a)->declared_frames, 0);
    assert_true(drain(a, &peak) > 15900);
    audio_in_close(a);
    /* a folder is named as one, not "Format not recognised" */
    snprintf(path, sizeof path, "%s/folder.wav", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_BADFILE);
    assert_non_null(strstr(audio_in_errmsg(a), "folder.wav: not a sound file"));
    assert_non_null(strstr(audio_in_errmsg(a), strerror(EISDIR)));
    audio_in_close(a);
    /* a file kefu may not read (not testable as root: root reads anything) */
    snprintf(path, sizeof path, "%s/locked.wav", dir);
    assert_int_equal(rename(full, path), 0);
    assert_int_equal(chmod(path, 0), 0);
    if (geteuid() != 0) {
        assert_int_equal(audio_in_open_file(&a, path), AUDIO_IN_BADFILE);
        assert_non_null(strstr(audio_in_errmsg(a), strerror(EACCES)));
        audio_in_close(a);
    }
    kefu_test_rmtree(dir);
    free(dir);
}

static void t_no_sound_server(void **state)
{
    (void)state;
    char *old = getenv("PULSE_SERVER") ? strdup(getenv("PULSE_SERVER")) : NULL;
    setenv("PULSE_SERVER", "unix:/nonexistent/kefu-test/native", 1);
    audio_in_t *a = NULL;
    int rc = audio_in_open_device(&a, "kefu-test");
    assert_true(rc == AUDIO_IN_NODEVICE || rc == AUDIO_IN_UNSUPPORTED);
    assert_non_null(strstr(audio_in_errmsg(a), "no sound server"));
    /* what happened only: the advice is the caller's (said once) */
    assert_null(strstr(audio_in_errmsg(a), "keyboard"));
    audio_in_close(a);
    if (old)
        setenv("PULSE_SERVER", old, 1);
    else
        unsetenv("PULSE_SERVER");
    free(old);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(t_formats_converted),
    cmocka_unit_test(t_pcm16_exact),
    cmocka_unit_test(t_one_hour_streams_flat),
    cmocka_unit_test(t_bad_files),
    cmocka_unit_test(t_no_sound_server),
};
KEFU_TEST_GROUP(voice_audio_in, tests, NULL, NULL)
