/* asr_testutil.h -- shared by the voice tests: synthesised speech (the
 * espeak-ng command into a temporary WAV), read back at 16 kHz, with a noise
 * floor (raw eSpeak audio has runs of exact zeros that mislead the decoder),
 * and word error rates. Header-only: static functions. */
#ifndef KEFU_ASR_TESTUTIL_H
#define KEFU_ASR_TESTUTIL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio_in.h"

/* Run espeak-ng: text (on its standard input, so quotes are safe) -> path
 * (22,050 Hz WAV). 0 on success. */
static inline int tu_synth(const char *voice, int rate, const char *text, const char *path)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "espeak-ng -v '%s' -s %d -w '%s' --stdin 2>/dev/null", voice,
             rate, path);
    FILE *p = popen(cmd, "w");
    if (!p)
        return -1;
    fputs(text, p);
    return pclose(p);
}

/* A whole file at 16 kHz mono; caller frees. NULL on failure. */
static inline int16_t *tu_read(const char *path, size_t *n)
{
    audio_in_t *a = NULL;
    int16_t *pcm = NULL;
    size_t cap = 0;
    *n = 0;
    if (audio_in_open_file(&a, path) != AUDIO_IN_OK)
        goto out;
    for (;;) {
        if (*n + 4096 > cap) {
            cap = (cap + 4096) * 2;
            int16_t *p = realloc(pcm, cap * sizeof *p);
            if (!p) {
                free(pcm);
                pcm = NULL;
                goto out;
            }
            pcm = p;
        }
        size_t got = 0;
        if (audio_in_read(a, pcm + *n, 4096, &got) != AUDIO_IN_OK || got == 0)
            break;
        *n += got;
    }
out:
    audio_in_close(a);
    return pcm;
}

/* Gaussian noise, deterministic (Box-Muller over a small LCG). */
static inline double tu_gauss(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    double u1 = ((*s >> 11) + 1.0) / 9007199254740993.0;
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    double u2 = (*s >> 11) / 9007199254740992.0;
    return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

/* Pad with pad_s seconds of quiet on both sides, then add noise: snr_db
 * against the speech power (samples above a small threshold), or, when
 * snr_db <= 0, a floor of RMS 30 (about -60 dBFS). Returns a new buffer
 * (caller frees) of *out_n samples. */
static inline int16_t *tu_noisy(const int16_t *pcm, size_t n, double pad_s, double snr_db,
                                uint64_t seed, size_t *out_n)
{
    size_t pad = (size_t)(pad_s * 16000);
    size_t m = n + 2 * pad;
    int16_t *o = malloc(m * sizeof *o);
    if (!o)
        return NULL;
    double pw = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (abs(pcm[i]) > 100) {
            pw += (double)pcm[i] * pcm[i];
            k++;
        }
    double sigma = snr_db > 0 && k ? sqrt(pw / k / pow(10, snr_db / 10)) : 30;
    uint64_t s = seed * 2654435761u + 1;
    for (size_t i = 0; i < m; i++) {
        double v = (i >= pad && i < pad + n ? pcm[i - pad] : 0) + sigma * tu_gauss(&s);
        o[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : lrint(v));
    }
    *out_n = m;
    return o;
}

/* Every frequency raised by factor (and the speech sped up by it), as
 * `sox speed` does: read the samples factor times faster, linearly
 * interpolated (after a 3-tap smoothing against aliasing). A constructed
 * "other voice" whose right warp is known: factor. Caller frees. */
static inline int16_t *tu_speed(const int16_t *pcm, size_t n, double factor, size_t *out_n)
{
    size_t m = n > 2 ? (size_t)((double)(n - 2) / factor) : 0;
    int16_t *o = malloc((m ? m : 1) * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < m; i++) {
        double x = (double)i * factor;
        size_t k = (size_t)x;
        double f = x - (double)k;
        double a = k ? (pcm[k - 1] + 2.0 * pcm[k] + pcm[k + 1]) / 4 : pcm[k];
        double b = (pcm[k] + 2.0 * pcm[k + 1] + (k + 2 < n ? pcm[k + 2] : 0)) / 4;
        o[i] = (int16_t)lrint(a + f * (b - a));
    }
    *out_n = m;
    return o;
}

/* Word error rate of hyp against ref (space-separated words). */
static inline double tu_wer(const char *ref, const char *hyp, int *errors, int *nref)
{
    char rb[4096], hb[4096];
    const char *r[512], *h[512];
    int nr = 0, nh = 0;
    snprintf(rb, sizeof rb, "%s", ref);
    snprintf(hb, sizeof hb, "%s", hyp);
    for (char *t = strtok(rb, " "); t && nr < 512; t = strtok(NULL, " "))
        r[nr++] = t;
    for (char *t = strtok(hb, " "); t && nh < 512; t = strtok(NULL, " "))
        h[nh++] = t;
    int *d = malloc((size_t)(nr + 1) * (nh + 1) * sizeof *d);
    if (!d) {       /* count everything wrong rather than leave the outputs unset */
        if (errors)
            *errors = nr > nh ? nr : nh;
        if (nref)
            *nref = nr;
        return 1;
    }
    for (int i = 0; i <= nr; i++)
        for (int j = 0; j <= nh; j++) {
            int *c = &d[i * (nh + 1) + j];
            if (!i || !j) {
                *c = i + j;
                continue;
            }
            int sub = d[(i - 1) * (nh + 1) + j - 1] + (strcmp(r[i - 1], h[j - 1]) != 0);
            int del = d[(i - 1) * (nh + 1) + j] + 1, ins = d[i * (nh + 1) + j - 1] + 1;
            *c = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    int e = d[nr * (nh + 1) + nh];
    free(d);
    if (errors)
        *errors = e;
    if (nref)
        *nref = nr;
    return nr ? (double)e / nr : (nh ? 1 : 0);
}

#endif
