/* tts.c -- the backend-independent half of speech output: choosing a
 * backend, argument checks, and the "none" backend (text only). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the none backend ---------------------------------------------------- */

static int none_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    (void)t; (void)utf8; (void)prio;
    return TTS_OK;
}

static int none_cancel(tts_t *t) { (void)t; return TTS_OK; }
static void none_destroy(tts_t *t) { free(t); }

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
    t->ops = &none_ops;
    t->rate_wpm = opts && opts->rate_wpm ? opts->rate_wpm : 175;
    return TTS_OK;
}

/* ---- the public interface ------------------------------------------------ */

int tts_open(tts_t **out, const char *backend, const struct tts_options *opts)
{
    *out = NULL;
    if (!backend || strcmp(backend, "none") == 0)
        return tts_none_new(out, opts);
    int rc = tts_none_new(out, opts);
    if (rc != TTS_OK)
        return rc;
    return tts_fail(*out, TTS_UNSUPPORTED, "speech backend '%s' is not built in", backend);
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
    return t->ops->speak(t, utf8, prio);
}

int tts_cancel(tts_t *t) { return t ? t->ops->cancel(t) : TTS_INVALID; }
int tts_wait(tts_t *t) { return t && t->ops->wait ? t->ops->wait(t) : TTS_OK; }
bool tts_speaking(const tts_t *t) { return t && t->ops->speaking && t->ops->speaking(t); }

int tts_set_rate(tts_t *t, int wpm)
{
    if (!t)
        return TTS_INVALID;
    if (wpm < 80 || wpm > 450)
        return tts_fail(t, TTS_INVALID, "rate %d is out of range; use 80 to 450 words per minute", wpm);
    if (t->ops->set_rate) {
        int rc = t->ops->set_rate(t, wpm);
        if (rc != TTS_OK)
            return rc;
    }
    t->rate_wpm = wpm;
    return TTS_OK;
}

int tts_get_rate(const tts_t *t) { return t ? t->rate_wpm : 0; }
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
