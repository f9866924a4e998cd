/* bench_tts.c -- speech output figures, each beside a baseline from the
 * same run:
 *   first   time from tts_speak() to the first sample reaching the sink, for
 *           a 20-word sentence in Chinese and in English (target <= 5 ms),
 *           beside spawning `espeak-ng --stdout` for the same text;
 *   cancel  from tts_cancel() to the last sample handed to a sink that
 *           plays at real-time pace, p50/p95 over 100 trials (target <= 60
 *           ms p95), beside the audio an engine without the abort would
 *           still have played (the rest of the utterance);
 *   stream  throughput (x real time) and peak memory for a 1 MB text,
 *           beside `espeak-ng --stdout -f` on a slice of the same text.
 * Usage: bench_tts [first|cancel|stream]...   (default: all three)
 * Environment: BENCH_TTS_TRIALS (cancel trials, default 100),
 *              BENCH_TTS_BYTES (stream text size, default 1048576).
 * The sink is the callback sink of voice/audio_out.h: the same hook the
 * accessibility benchmark uses for key press to last sample. */
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audio_out.h"
#include "tts.h"

extern char **environ;

static const char *const zh20 =
    "您好，您的包裹已经从杭州仓库发出，预计明天下午送到，请保持电话畅通，如有问题随时联系我们。";
static const char *const en20 =
    "Hello, your parcel left our warehouse this morning and should reach you tomorrow "
    "afternoon, so please keep your phone nearby today.";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

/* CPU seconds of this process (who) or of its waited-for children */
static double cpu_s(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* ---- the sink ------------------------------------------------------------ */

struct sink {
    pthread_mutex_t mu;
    bool realtime;
    double mark;            /* measure from here */
    double first_after;     /* first chunk at/after mark */
    double last;            /* last chunk handed over */
    double last_end;        /* when the last chunk has been played out */
    double frames;          /* total frames */
    double frames_after;    /* frames handed over after mark */
    int rate;
};

static int sink_write(void *user, const struct audio_chunk *c)
{
    struct sink *s = user;
    double when = (double)c->when.tv_sec + (double)c->when.tv_nsec / 1e9;
    pthread_mutex_lock(&s->mu);
    if (s->mark > 0 && s->first_after == 0 && when >= s->mark)
        s->first_after = when;
    if (s->mark > 0 && when >= s->mark)
        s->frames_after += (double)c->frames;
    s->last = when;
    s->last_end = when + (double)c->frames / c->rate;
    s->frames += (double)c->frames;
    s->rate = c->rate;
    bool rt = s->realtime;
    pthread_mutex_unlock(&s->mu);
    if (rt)
        sleep_s((double)c->frames / c->rate);
    return 0;
}

static void sink_mark(struct sink *s, double t)
{
    pthread_mutex_lock(&s->mu);
    s->mark = t;
    s->first_after = 0;
    s->frames_after = 0;
    pthread_mutex_unlock(&s->mu);
}

static tts_t *open_tts(struct sink *s, audio_out_t **ao, bool realtime)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    s->realtime = realtime;
    struct audio_out_callbacks cb = {sink_write, NULL};
    if (audio_out_open_callback(ao, 0, &cb, s) != AUDIO_OK) {
        fprintf(stderr, "sink: %s\n", audio_out_errmsg(*ao));
        exit(1);
    }
    tts_t *t = NULL;
    struct tts_options o = {.sink = *ao, .pitch = -1, .volume = -1};
    if (tts_open(&t, "espeak", &o) != TTS_OK) {
        fprintf(stderr, "tts: %s\n", tts_errmsg(t));
        exit(1);
    }
    return t;
}

/* ---- baseline: the espeak-ng program -------------------------------------- */

/* Spawn espeak-ng --stdout; seconds until the first PCM byte after the WAV
 * header, and (if total) the audio seconds it wrote in all. */
static double spawn_espeak(const char *voice, const char *text, const char *file,
                           double *total_audio)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"espeak-ng", "--stdout", "-v", (char *)voice,
                    file ? "-f" : (char *)text, file ? (char *)file : NULL, NULL};
    pid_t pid;
    double t0 = now_s(), first = -1;
    int rc = posix_spawnp(&pid, "espeak-ng", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (rc != 0) {
        close(fd[0]);
        return -1;
    }
    char buf[65536];
    size_t got = 0;
    ssize_t n;
    while ((n = read(fd[0], buf, sizeof buf)) > 0) {
        got += (size_t)n;
        if (first < 0 && got > 46)
            first = now_s() - t0;
    }
    close(fd[0]);
    waitpid(pid, NULL, 0);
    if (total_audio)
        *total_audio = got > 44 ? (double)(got - 44) / 2 / 22050 : 0;
    return first;
}

/* ---- first sample --------------------------------------------------------- */

static void bench_first(void)
{
    struct sink s;
    audio_out_t *ao = NULL;
    tts_t *t = open_tts(&s, &ao, false);
    enum { TRIALS = 50, COLD = 10, SPAWNS = 10 };
    printf("first sample, 20-word sentence (median / p95 of %d; after a voice switch: median "
           "of %d; spawn: median of %d):\n", TRIALS, COLD, SPAWNS);
    const char *names[2] = {"zh", "en"};
    const char *texts[2] = {zh20, en20};
    const char *voices[2] = {"cmn-latn-pinyin", "en-us"};
    for (int k = 0; k < 2; k++) {
        double v[TRIALS], cold[COLD];
        /* cold: the first sentence after the other language (voice reload) */
        for (int i = 0; i < COLD; i++) {
            tts_speak(t, texts[1 - k], TTS_PRIO_TEXT);
            tts_wait(t);
            double m = now_s();
            sink_mark(&s, m);
            tts_speak(t, texts[k], TTS_PRIO_TEXT);
            tts_wait(t);
            cold[i] = (s.first_after - m) * 1e3;
        }
        for (int i = 0; i < TRIALS; i++) {
            double m = now_s();
            sink_mark(&s, m);
            tts_speak(t, texts[k], TTS_PRIO_TEXT);
            tts_wait(t);
            v[i] = (s.first_after - m) * 1e3;
        }
        double sp[SPAWNS];
        for (int i = 0; i < SPAWNS; i++)
            sp[i] = spawn_espeak(voices[k], texts[k], NULL, NULL) * 1e3;
        double med = pct(v, TRIALS, 0.5), p95 = pct(v, TRIALS, 0.95);
        double smed = pct(sp, SPAWNS, 0.5);
        printf("  %s  in-process %.2f ms (p95 %.2f, after voice switch %.2f)   "
               "espeak-ng --stdout %.2f ms   ratio %.0fx faster   target <= 5 ms\n",
               names[k], med, p95, pct(cold, COLD, 0.5), smed, smed / (med > 0 ? med : 1e-3));
    }
    tts_close(t);
    audio_out_close(ao);
}

/* ---- cancel --------------------------------------------------------------- */

static void bench_cancel(int trials)
{
    struct sink s;
    audio_out_t *ao = NULL;
    tts_t *t = open_tts(&s, &ao, true);
    double *lat = calloc((size_t)trials, sizeof *lat);
    double *quiet = calloc((size_t)trials, sizeof *quiet);
    double *call = calloc((size_t)trials, sizeof *call);
    double *rest = calloc((size_t)trials, sizeof *rest);
    const char *text = "This is a long sentence about a parcel that went to the wrong "
                       "address and now has to come back to the warehouse before we can "
                       "send it again, which takes about three working days.";
    /* how long the whole utterance plays, to know what a cancel saved */
    s.realtime = false;
    sink_mark(&s, now_s());
    tts_speak(t, text, TTS_PRIO_TEXT);
    tts_wait(t);
    double full = s.frames_after / s.rate;
    s.realtime = true;
    srand(42);
    for (int i = 0; i < trials; i++) {
        tts_speak(t, text, TTS_PRIO_MESSAGE);
        tts_speak(t, "And a queued second message.", TTS_PRIO_MESSAGE);
        double start = now_s();
        sleep_s(0.05 + 0.35 * rand() / (double)RAND_MAX);   /* a key press mid-speech */
        double t0 = now_s();
        tts_cancel(t);
        call[i] = (now_s() - t0) * 1e3;
        tts_wait(t);
        pthread_mutex_lock(&s.mu);
        double last = s.last, last_end = s.last_end;
        pthread_mutex_unlock(&s.mu);
        lat[i] = last > t0 ? (last - t0) * 1e3 : 0;
        quiet[i] = last_end > t0 ? (last_end - t0) * 1e3 : 0;
        rest[i] = (full - (t0 - start)) * 1e3;
    }
    printf("cancel, real-time sink, %d trials:\n", trials);
    printf("  tts_cancel() to last sample handed over: p50 %.1f ms, p95 %.1f ms, max %.1f ms"
           "   target p95 <= 60 ms\n", pct(lat, trials, 0.5), pct(lat, trials, 0.95),
           pct(lat, trials, 1.0));
    printf("  tts_cancel() to the end of the last block played (sound stops): p50 %.1f ms, "
           "p95 %.1f ms, max %.1f ms   target p95 <= 60 ms\n", pct(quiet, trials, 0.5),
           pct(quiet, trials, 0.95), pct(quiet, trials, 1.0));
    printf("  tts_cancel() call itself: p50 %.3f ms, p95 %.3f ms\n", pct(call, trials, 0.5),
           pct(call, trials, 0.95));
    double r50 = pct(rest, trials, 0.5);
    printf("  baseline, without aborting the synthesis (rest of the utterance): "
           "p50 %.0f ms   ratio %.0fx\n", r50, r50 / (pct(quiet, trials, 0.5) + 1e-3));
    free(lat);
    free(quiet);
    free(call);
    free(rest);
    tts_close(t);
    audio_out_close(ao);
}

/* ---- stream --------------------------------------------------------------- */

static char *make_text(size_t bytes)
{
    static const char *const lines[] = {
        "亲，您的订单TB20260215001已经发货了，快递单号是SF1234567890，预计三天内送达。",
        "The customer asked why the parcel was late, and we explained the weather delay. ",
        "退款金额¥128.50会在三到五个工作日内原路退回，请注意查收。",
        "Please keep your phone nearby; the courier will call 138-0013-8000 before delivery. ",
    };
    char *text = malloc(bytes + 1);
    size_t n = 0;
    for (size_t i = 0; n < bytes; i++) {
        const char *l = lines[i % 4];
        size_t k = strlen(l);
        if (n + k > bytes)
            break;
        memcpy(text + n, l, k);
        n += k;
    }
    text[n] = '\0';
    return text;
}

static void bench_stream(size_t bytes)
{
    struct sink s;
    audio_out_t *ao = NULL;
    tts_t *t = open_tts(&s, &ao, false);
    tts_speak(t, "warm up 预热", TTS_PRIO_TEXT);
    tts_wait(t);
    long rss0 = maxrss_kb();
    char *text = make_text(bytes);
    long rss_text = maxrss_kb();
    size_t len = strlen(text);
    double c0 = cpu_s(RUSAGE_SELF);
    sink_mark(&s, now_s());
    double t0 = s.mark;
    tts_speak(t, text, TTS_PRIO_TEXT);
    tts_wait(t);
    double wall = now_s() - t0, cpu = cpu_s(RUSAGE_SELF) - c0;
    double audio = s.frames_after / s.rate;
    long rss1 = maxrss_kb();
    printf("stream, %zu bytes of mixed Chinese/English text:\n", len);
    printf("  in-process: %.0f s of audio in %.1f s wall = %.0fx real time (%.1f s CPU = %.0fx "
           "per CPU second); first sample after %.2f ms\n", audio, wall, audio / wall, cpu,
           audio / cpu, (s.first_after - t0) * 1e3);
    printf("  peak RSS: %ld KB after start-up, %ld KB with the text (+ a copy for the queue), "
           "%ld KB after speaking it all (growth while speaking: %ld KB)\n",
           rss0, rss_text, rss1, rss1 - rss_text);

    /* baseline: the espeak-ng program on a 16 KB slice of the same text */
    size_t slice = len < 16384 ? len : 16384;
    while (slice > 0 && (text[slice] & 0xC0) == 0x80)
        slice--;
    char path[] = "/tmp/kefu-bench-tts-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0 && write(fd, text, slice) == (ssize_t)slice) {
        close(fd);
        double b_audio = 0, b0 = now_s(), bc0 = cpu_s(RUSAGE_CHILDREN);
        spawn_espeak("cmn-latn-pinyin", NULL, path, &b_audio);
        double b_wall = now_s() - b0, b_cpu = cpu_s(RUSAGE_CHILDREN) - bc0;
        printf("  baseline espeak-ng --stdout -v cmn-latn-pinyin -f (16 KB slice, one voice): "
               "%.0f s of audio in %.1f s wall = %.0fx real time (%.1f s CPU = %.0fx per CPU "
               "second)\n", b_audio, b_wall, b_audio / b_wall, b_cpu, b_audio / b_cpu);
    }
    unlink(path);
    free(text);
    tts_close(t);
    audio_out_close(ao);
}

int main(int argc, char **argv)
{
    const char *e = getenv("BENCH_TTS_TRIALS");
    int trials = e && atoi(e) > 0 ? atoi(e) : 100;
    e = getenv("BENCH_TTS_BYTES");
    size_t bytes = e && atol(e) > 0 ? (size_t)atol(e) : 1048576;
    setvbuf(stdout, NULL, _IOLBF, 0);
    bool all = argc < 2;
    for (int i = all ? 0 : 1; i < (all ? 1 : argc); i++) {
        if (all || strcmp(argv[i], "first") == 0)
            bench_first();
        if (all || strcmp(argv[i], "cancel") == 0)
            bench_cancel(trials);
        if (all || strcmp(argv[i], "stream") == 0)
            bench_stream(bytes);
    }
    return 0;
}
