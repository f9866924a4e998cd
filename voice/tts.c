/* tts.c -- the backend-independent half of speech output: choosing a
 * backend ("auto" included), argument checks, the settings every backend
 * shares, the speaking plan, and the "none" backend (text only). */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tts_backend.h"

int tts_fail(tts_t *t, int status, const char *fmt, ...)
{
    if (t) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(t->errbuf, sizeof t->errbuf, fmt, ap);
        va_end(ap);
    }
    return status;
}

void tts_base_init(tts_t *t, const struct tts_ops *ops, const struct tts_options *opts)
{
    t->ops = ops;
    pthread_mutex_init(&t->mu, NULL);
    t->rate_wpm = opts && opts->rate_wpm ? opts->rate_wpm : 175;
    /* 0 as well as -1 means "default" when opening: a zeroed struct must not
     * give a growl or silence (tts_set_pitch/volume can still set 0) */
    t->pitch = opts && opts->pitch > 0 && opts->pitch <= 100 ? opts->pitch : 50;
    t->volume = opts && opts->volume > 0 && opts->volume <= 200 ? opts->volume : 100;
    snprintf(t->voice_zh, sizeof t->voice_zh, "%s", TTS_VOICE_ZH);
    snprintf(t->voice_other, sizeof t->voice_other, "%s", TTS_VOICE_OTHER);
    t->first_lang = opts && opts->lang && strncmp(opts->lang, "zh", 2) == 0
                        ? TTS_LANG_ZH : TTS_LANG_OTHER;
}

/* ---- the none backend ---------------------------------------------------- */

static int none_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    (void)t; (void)utf8; (void)prio;
    return TTS_OK;
}

static int none_cancel(tts_t *t) { (void)t; return TTS_OK; }
static void none_destroy(tts_t *t)
{
    pthread_mutex_destroy(&t->mu);
    free(t);
}

static const struct tts_ops none_ops = {
    .name = "none", .speak = none_speak, .cancel = none_cancel,
    .destroy = none_destroy,
};

int tts_none_new(tts_t **out, const struct tts_options *opts)
{
    tts_t *t = calloc(1, sizeof *t);
    *out = t;
    if (!t)
        return TTS_ERROR;
    tts_base_init(t, &none_ops, opts);
    return TTS_OK;
}

/* ---- "auto" -------------------------------------------------------------- */

/* A screen reader that speaks through speech-dispatcher: Orca, Fenrir or
 * speechd-up running, or a speech-dispatcher server of this user. */
static bool screen_reader_running(char *which, size_t cap)
{
    static const char *const readers[] = {"orca", "fenrir", "speechd-up", "speech-dispatch"};
    DIR *d = opendir("/proc");
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        char path[300], comm[64] = "";
        snprintf(path, sizeof path, "/proc/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(comm, sizeof comm, f))
            comm[strcspn(comm, "\n")] = '\0';
        fclose(f);
        for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
            if (strcmp(comm, readers[i]) != 0)
                continue;
            struct stat st;
            snprintf(path, sizeof path, "/proc/%s", e->d_name);
            /* a server of another user does not speak for us */
            if (i == 3 && (stat(path, &st) != 0 || st.st_uid != getuid()))
                continue;
            snprintf(which, cap, "%s", i == 3 ? "speech-dispatcher" : readers[i]);
            found = true;
        }
    }
    closedir(d);
    return found;
}

static int open_auto(tts_t **out, const struct tts_options *opts)
{
    char reader[32];
    const char *ssh = getenv("SSH_CONNECTION");
    if (ssh && *ssh) {
        int rc = tts_none_new(out, opts);
        if (rc == TTS_OK)
            tts_fail(*out, TTS_OK, "speech is off in an SSH session; "
                     "use --speech espeak to hear it on this machine");
        return rc;
    }
    if (screen_reader_running(reader, sizeof reader)) {
        int rc = tts_none_new(out, opts);
        if (rc == TTS_OK)
            tts_fail(*out, TTS_OK, "speech is left to your screen reader (%s is running); "
                     "use --speech speechd to hear kefu through it", reader);
        return rc;
    }
    return tts_espeak_new(out, opts);
}

/* ---- the public interface ------------------------------------------------ */

static bool is_zh_lang(const char *lang)
{
    return strncmp(lang, "cmn", 3) == 0 || strncmp(lang, "zh", 2) == 0 ||
           strncmp(lang, "yue", 3) == 0 || strncmp(lang, "hak", 3) == 0;
}

int tts_set_voice(tts_t *t, const char *voice)
{
    if (!t)
        return TTS_INVALID;
    char lang[64] = "", close[200] = "";
    if (voice) {
        int rc = tts_espeak_voice(voice, lang, sizeof lang, close, sizeof close);
        if (rc == TTS_INVALID) {
            if (close[0])
                return tts_fail(t, TTS_INVALID, "there is no voice '%s'; close matches: %s",
                                voice, close);
            return tts_fail(t, TTS_INVALID, "there is no voice '%s'; "
                            "kefu say --list-voices lists them", voice);
        }
        if (rc != TTS_OK && t->ops != &none_ops) {
            const char *msg;
            tts_espeak_init(&msg);
            return tts_fail(t, rc, "%s", msg);
        }
        if (rc != TTS_OK)
            snprintf(lang, sizeof lang, "%s", voice);
    }
    pthread_mutex_lock(&t->mu);
    if (!voice) {
        snprintf(t->voice_zh, sizeof t->voice_zh, "%s", TTS_VOICE_ZH);
        snprintf(t->voice_other, sizeof t->voice_other, "%s", TTS_VOICE_OTHER);
    } else if (is_zh_lang(lang)) {
        snprintf(t->voice_zh, sizeof t->voice_zh, "%s", voice);
    } else {
        snprintf(t->voice_other, sizeof t->voice_other, "%s", voice);
    }
    pthread_mutex_unlock(&t->mu);
    return t->ops->changed ? t->ops->changed(t) : TTS_OK;
}

int tts_open(tts_t **out, const char *backend, const struct tts_options *opts)
{
    *out = NULL;
    int rc;
    if (!backend || strcmp(backend, "none") == 0)
        rc = tts_none_new(out, opts);
    else if (strcmp(backend, "auto") == 0)
        rc = open_auto(out, opts);
    else if (strcmp(backend, "espeak") == 0)
        rc = opts && opts->sink ? tts_sink_new(out, opts) : tts_espeak_new(out, opts);
    else if (strcmp(backend, "wav") == 0)
        rc = tts_wav_new(out, opts);
    else if (strcmp(backend, "speechd") == 0)
        rc = tts_speechd_new(out, opts);
    else {
        rc = tts_none_new(out, opts);
        if (rc == TTS_OK)
            rc = tts_fail(*out, TTS_INVALID, "unknown speech backend '%s'; "
                          "use auto, espeak, speechd, wav or none", backend);
        return rc;
    }
    if (rc != TTS_OK || !*out)
        return rc;
    if (opts && opts->rate_wpm && (opts->rate_wpm < 80 || opts->rate_wpm > 450))
        return tts_fail(*out, TTS_INVALID, "rate %d is out of range; use 80 to 450 words "
                        "per minute", opts->rate_wpm);
    if (opts && (opts->pitch < -1 || opts->pitch > 100))
        return tts_fail(*out, TTS_INVALID, "pitch %d is out of range; use 0 to 100", opts->pitch);
    if (opts && (opts->volume < -1 || opts->volume > 200))
        return tts_fail(*out, TTS_INVALID, "volume %d is out of range; use 0 to 200",
                        opts->volume);
    if (opts && opts->voice)
        rc = tts_set_voice(*out, opts->voice);
    if (rc == TTS_OK && (*out)->ops->changed)
        rc = (*out)->ops->changed(*out);
    return rc;
}

void tts_close(tts_t *t)
{
    if (t)
        t->ops->destroy(t);
}

int tts_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    if (!t || !utf8)
        return TTS_INVALID;
    size_t nbad = 0, len = strlen(utf8);
    char *clean = tts_text_clean(utf8, len, &nbad);
    if (!clean)
        return tts_fail(t, TTS_ERROR, "out of memory");
    int rc = t->ops->speak(t, nbad ? clean : utf8, prio);
    free(clean);
    return rc;
}

int tts_cancel(tts_t *t) { return t ? t->ops->cancel(t) : TTS_INVALID; }
int tts_wait(tts_t *t) { return t && t->ops->wait ? t->ops->wait(t) : TTS_OK; }
bool tts_speaking(const tts_t *t) { return t && t->ops->speaking && t->ops->speaking(t); }
int tts_pause(tts_t *t)
{
    if (!t)
        return TTS_INVALID;
    return t->ops->pause ? t->ops->pause(t) : TTS_OK;
}
int tts_resume(tts_t *t)
{
    if (!t)
        return TTS_INVALID;
    return t->ops->resume ? t->ops->resume(t) : TTS_OK;
}

int tts_set_rate(tts_t *t, int wpm)
{
    if (!t)
        return TTS_INVALID;
    if (wpm < 80 || wpm > 450)
        return tts_fail(t, TTS_INVALID, "rate %d is out of range; use 80 to 450 words per minute", wpm);
    pthread_mutex_lock(&t->mu);
    t->rate_wpm = wpm;
    pthread_mutex_unlock(&t->mu);
    if (t->ops->set_rate)
        return t->ops->set_rate(t, wpm);
    return t->ops->changed ? t->ops->changed(t) : TTS_OK;
}

int tts_set_pitch(tts_t *t, int pitch)
{
    if (!t)
        return TTS_INVALID;
    if (pitch < 0 || pitch > 100)
        return tts_fail(t, TTS_INVALID, "pitch %d is out of range; use 0 to 100", pitch);
    pthread_mutex_lock(&t->mu);
    t->pitch = pitch;
    pthread_mutex_unlock(&t->mu);
    return t->ops->changed ? t->ops->changed(t) : TTS_OK;
}

int tts_set_volume(tts_t *t, int volume)
{
    if (!t)
        return TTS_INVALID;
    if (volume < 0 || volume > 200)
        return tts_fail(t, TTS_INVALID, "volume %d is out of range; use 0 to 200", volume);
    pthread_mutex_lock(&t->mu);
    t->volume = volume;
    pthread_mutex_unlock(&t->mu);
    return t->ops->changed ? t->ops->changed(t) : TTS_OK;
}

static int get_locked(const tts_t *t, const int *field)
{
    pthread_mutex_lock((pthread_mutex_t *)&t->mu);
    int v = *field;
    pthread_mutex_unlock((pthread_mutex_t *)&t->mu);
    return v;
}

int tts_get_rate(const tts_t *t) { return t ? get_locked(t, &t->rate_wpm) : 0; }
int tts_get_pitch(const tts_t *t) { return t ? get_locked(t, &t->pitch) : 0; }
int tts_get_volume(const tts_t *t) { return t ? get_locked(t, &t->volume) : 0; }

int tts_list_voices(tts_voice_fn fn, void *arg, const char **why)
{
    const char *msg = "no callback given";
    int rc = fn ? tts_espeak_init(&msg) : TTS_INVALID;
    if (why)
        *why = rc == TTS_OK ? "no error" : msg;
    return rc == TTS_OK ? tts_espeak_list(fn, arg) : rc;
}

int tts_plan(tts_t *t, const char *utf8, bool phonemes, tts_plan_fn fn, void *arg)
{
    if (!t || !utf8 || !fn)
        return TTS_INVALID;
    size_t nbad = 0;
    char *clean = tts_text_clean(utf8, strlen(utf8), &nbad);
    tts_split_t *sp = NULL;
    int rc = TTS_OK;
    if (!clean || tts_split_new(&sp, clean, strlen(clean), t->first_lang) != 0) {
        rc = tts_fail(t, TTS_ERROR, "out of memory");
        goto out;
    }
    struct tts_segment seg;
    while (tts_split_next(sp, &seg)) {
        char voice[64];
        pthread_mutex_lock(&t->mu);
        snprintf(voice, sizeof voice, "%s",
                 seg.lang == TTS_LANG_ZH ? t->voice_zh : t->voice_other);
        pthread_mutex_unlock(&t->mu);
        char *ph = NULL;
        if (phonemes) {
            ph = tts_espeak_phonemes(voice, seg.text);
            if (!ph) {
                const char *msg;
                rc = tts_espeak_init(&msg);
                rc = tts_fail(t, rc == TTS_OK ? TTS_ERROR : rc, "%s",
                              rc == TTS_OK ? "cannot make phonemes" : msg);
                goto out;
            }
        }
        fn(arg, voice, seg.text, ph);
        free(ph);
    }
out:
    tts_split_free(sp);
    free(clean);
    return rc;
}

const char *tts_backend_name(const tts_t *t) { return t ? t->ops->name : "none"; }
const char *tts_errmsg(const tts_t *t) { return t && t->errbuf[0] ? t->errbuf : "no error"; }

const char *tts_strerror(int status)
{
    switch (status) {
    case TTS_OK: return "ok";
    case TTS_UNSUPPORTED: return "not supported";
    case TTS_NODEVICE: return "no sound device";
    case TTS_INVALID: return "invalid argument";
    case TTS_NODATA: return "speech data missing";
    default: return "speech error";
    }
}
