/* bench_interrupt.c -- a key press stops speech (ACCESSIBILITY.md 9):
 * from the key to the cancel call on the speech backend (target <= 20 ms)
 * and to the last audio sample written (target <= 100 ms at p95), over
 * 100 trials, with the eSpeak NG backend writing to a sink that plays at
 * real-time pace and timestamps every block (voice/audio_out.h callbacks).
 *
 * The key goes the way a trainee's does: written into the prompt's input
 * (a pipe), read by the accessibility prompt's poll loop (a11y_prompt_read,
 * the loop behind every practice prompt), which stops speech before it
 * looks at the key. The cancel call is timed by wrapping the backend's
 * cancel operation (the first thing the backend does).
 *
 * Baselines from the same run: the engine's own cancel called directly (no
 * key path: what the key path adds), and speech left to finish, as with
 * speech.interrupt_on_typing=false (the rest of the utterance).
 *
 * Usage: bench_interrupt [TRIALS]   (default 100)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "a11y.h"
#include "audio_out.h"
#include "keymap.h"
#include "prompt.h"
#include "tts.h"
#include "tts_backend.h"

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

static double pct(const double *v, int n, double p)
{
    double *c = malloc((size_t)n * sizeof *c);
    memcpy(c, v, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cmp_d);
    double r = c[(int)(p * (n - 1) + 0.5)];
    free(c);
    return r;
}

/* ---- a sink that plays in real time and keeps times ----------------------- */

static struct {
    pthread_mutex_t mu;
    double first, last, last_end, frames;
    int rate;
    bool realtime;
} sink = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, false};

static int sink_write(void *user, const struct audio_chunk *c)
{
    (void)user;
    double when = (double)c->when.tv_sec + (double)c->when.tv_nsec / 1e9;
    pthread_mutex_lock(&sink.mu);
    if (sink.first == 0)
        sink.first = when;
    sink.last = when;
    sink.last_end = when + (double)c->frames / c->rate;
    sink.frames += (double)c->frames;
    sink.rate = c->rate;
    bool rt = sink.realtime;
    pthread_mutex_unlock(&sink.mu);
    if (rt)
        sleep_s((double)c->frames / c->rate);  /* a device consumes in real time */
    return 0;
}

static void sink_reset(void)
{
    pthread_mutex_lock(&sink.mu);
    sink.first = sink.last = sink.last_end = sink.frames = 0;
    pthread_mutex_unlock(&sink.mu);
}

static double sink_get(double *last, double *last_end)
{
    pthread_mutex_lock(&sink.mu);
    double f = sink.first;
    *last = sink.last;
    *last_end = sink.last_end;
    pthread_mutex_unlock(&sink.mu);
    return f;
}

/* ---- the backend's cancel, timed ------------------------------------------ */

static const struct tts_ops *real_ops;
static struct tts_ops spy_ops;
static double cancel_at;

static int spy_cancel(tts_t *t)
{
    cancel_at = now_s();
    return real_ops->cancel(t);
}

/* ---- the trainee at the prompt -------------------------------------------- */

struct reader {
    a11y_prompt_t *p;
    volatile int done;
};

static void *read_keys(void *arg)
{
    struct reader *r = arg;
    struct a11y_read rd = {.label = "Answer"};
    while (!r->done) {
        struct a11y_input in;
        a11y_prompt_read(r->p, &rd, &in);
        free(in.text);
        if (in.kind == A11Y_IN_EOF || in.kind == A11Y_IN_ERROR)
            break;
    }
    return NULL;
}

static const char *const text =
    "Hello, I am sorry your parcel went to the wrong address. It has to come back to "
    "the warehouse before we can send it again, which takes about three working days.";

static bool wait_first_sample(double since)
{
    for (int i = 0; i < 2000; i++) {
        double l, e;
        double f = sink_get(&l, &e);
        if (f >= since && f > 0)
            return true;
        sleep_s(0.001);
    }
    return false;
}

int main(int argc, char **argv)
{
    int trials = argc > 1 ? atoi(argv[1]) : 100;
    if (trials < 1)
        trials = 100;
    audio_out_t *ao = NULL;
    struct audio_out_callbacks cb = {sink_write, NULL};
    if (audio_out_open_callback(&ao, 0, &cb, NULL) != AUDIO_OK) {
        fprintf(stderr, "bench_interrupt: sink: %s\n", audio_out_errmsg(ao));
        return 1;
    }
    tts_t *t = NULL;
    struct tts_options o = {.sink = ao, .pitch = -1, .volume = -1, .lang = "en"};
    if (tts_open(&t, "espeak", &o) != TTS_OK) {
        fprintf(stderr, "bench_interrupt: eSpeak NG: %s\n", tts_errmsg(t));
        return 1;
    }
    real_ops = t->ops;
    spy_ops = *t->ops;
    spy_ops.cancel = spy_cancel;
    t->ops = &spy_ops;

    /* the whole utterance, to know what the baseline "no interrupt" plays */
    double t_full0 = now_s();
    sink_reset();
    tts_speak(t, text, TTS_PRIO_MESSAGE);
    tts_wait(t);
    double full = sink.frames / (sink.rate ? sink.rate : 22050);
    (void)t_full0;
    sink.realtime = true;

    FILE *devnull = fopen("/dev/null", "w");
    a11y_out_t *out = NULL;
    struct a11y_out_options oo = {.color = 0, .verbosity = 2};
    a11y_out_new(&out, devnull, devnull, &oo);
    a11y_out_set_tts(out, t);
    a11y_keymap_t *km = a11y_keymap_new();
    int fd[2];
    if (pipe(fd) != 0)
        return 1;
    struct a11y_prompt_options po = {.in_fd = fd[0], .out = out, .keys = km,
                                     .shortcuts = true, .interrupt_on_typing = true,
                                     .lang = "en"};
    struct reader rd = {a11y_prompt_new(&po), 0};
    pthread_t th;
    pthread_create(&th, NULL, read_keys, &rd);

    double *to_cancel = calloc((size_t)trials, sizeof(double));
    double *to_handed = calloc((size_t)trials, sizeof(double));
    double *to_quiet = calloc((size_t)trials, sizeof(double));
    double *direct = calloc((size_t)trials, sizeof(double));
    double *rest = calloc((size_t)trials, sizeof(double));
    int missed = 0;
    srand(7);
    for (int i = 0; i < 2 * trials; i++) {
        bool by_key = i < trials;       /* first the key path, then the engine alone */
        int k = by_key ? i : i - trials;
        sink_reset();
        double start = now_s();
        tts_speak(t, text, TTS_PRIO_MESSAGE);
        tts_speak(t, "And a second message, queued.", TTS_PRIO_MESSAGE);
        if (!wait_first_sample(start))
            missed++;
        double first, l, e;
        first = sink_get(&l, &e);
        sleep_s(0.05 + 0.35 * rand() / (double)RAND_MAX);   /* mid-speech */
        cancel_at = 0;
        double t0 = now_s();
        if (by_key) {
            if (write(fd[1], "f", 1) != 1)                    /* any key; f asks a hint */
                return 1;
        } else {
            tts_cancel(t);
        }
        for (int w = 0; w < 2000 && cancel_at == 0; w++)
            sleep_s(0.0002);
        tts_wait(t);
        sleep_s(0.02);
        sink_get(&l, &e);
        double quiet = (e > t0 ? e - t0 : 0) * 1e3;
        if (by_key) {
            to_cancel[k] = (cancel_at - t0) * 1e3;
            to_handed[k] = (l > t0 ? l - t0 : 0) * 1e3;
            to_quiet[k] = quiet;
            rest[k] = (full - (t0 - first)) * 1e3;
        } else {
            direct[k] = quiet;
        }
    }
    rd.done = 1;
    close(fd[1]);
    pthread_join(th, NULL);

    printf("bench_interrupt: %d trials, eSpeak NG into a real-time sink, key into the prompt's input%s\n",
           trials, missed ? " (some trials saw no sample before the key)" : "");
    printf("  key -> cancel call on the backend:      p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms   target <= 20 ms\n",
           pct(to_cancel, trials, 0.5), pct(to_cancel, trials, 0.95), pct(to_cancel, trials, 1.0));
    printf("  key -> last block handed to the sink:   p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms\n",
           pct(to_handed, trials, 0.5), pct(to_handed, trials, 0.95), pct(to_handed, trials, 1.0));
    printf("  key -> last sample written (played):    p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms   target p95 <= 100 ms\n",
           pct(to_quiet, trials, 0.5), pct(to_quiet, trials, 0.95), pct(to_quiet, trials, 1.0));
    printf("  baseline, engine cancel called directly: p50 %6.2f ms  p95 %6.2f ms   (the key path adds %.2f ms at p95)\n",
           pct(direct, trials, 0.5), pct(direct, trials, 0.95),
           pct(to_quiet, trials, 0.95) - pct(direct, trials, 0.95));
    double r50 = pct(rest, trials, 0.5);
    printf("  baseline, no interrupt (interrupt_on_typing=false): speech goes on p50 %.0f ms   ratio %.0fx\n",
           r50, r50 / (pct(to_quiet, trials, 0.5) + 1e-3));

    a11y_prompt_free(rd.p);
    a11y_keymap_free(km);
    a11y_out_free(out);
    fclose(devnull);
    close(fd[0]);
    tts_close(t);
    audio_out_close(ao);
    free(to_cancel);
    free(to_handed);
    free(to_quiet);
    free(direct);
    free(rest);
    return 0;
}
