/* opt_speechd.c -- speech through speech-dispatcher (libspeechd), so a
 * screen-reader user keeps their own synthesiser, voice, rate and device,
 * and kefu's lines take their turn with the screen reader's by priority
 * (ACCESSIBILITY.md 8). Built when KEFU_WITH_SPEECHD is ON; otherwise
 * opt_speechd_stub.c says "not built with speech-dispatcher".
 *
 * Text is cut into language runs like the eSpeak backend does, each sent
 * with its language, numbers already rewritten (digit by digit for ids). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <libspeechd.h>

#include "tts_backend.h"

struct tts_spd {
    struct tts base;
    SPDConnection *conn;
};

/* libspeechd's callbacks carry no user pointer: one "speaking" flag for the
 * process (kefu opens one connection). */
static atomic_bool spd_speaking;

static void on_begin(size_t msg, size_t client, SPDNotificationType state)
{
    (void)msg; (void)client; (void)state;
    atomic_store(&spd_speaking, true);
}

static void on_end(size_t msg, size_t client, SPDNotificationType state)
{
    (void)msg; (void)client; (void)state;
    atomic_store(&spd_speaking, false);
}

static SPDPriority priority(tts_priority p)
{
    switch (p) {
    case TTS_PRIO_IMPORTANT: return SPD_IMPORTANT;
    case TTS_PRIO_MESSAGE: return SPD_MESSAGE;
    case TTS_PRIO_NOTIFICATION: return SPD_NOTIFICATION;
    case TTS_PRIO_PROGRESS: return SPD_PROGRESS;
    default: return SPD_TEXT;
    }
}

static int spd_speak(tts_t *t, const char *utf8, tts_priority prio)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (!s->conn)
        return TTS_OK;                              /* failed handle: text only */
    tts_split_t *sp = NULL;
    int rc = TTS_OK;
    if (tts_split_new(&sp, utf8, strlen(utf8), t->first_lang) != 0)
        return tts_fail(t, TTS_ERROR, "out of memory");
    struct tts_segment seg;
    while (tts_split_next(sp, &seg)) {
        spd_set_language(s->conn, seg.lang == TTS_LANG_ZH ? "zh" : "en");
        if (spd_say(s->conn, priority(prio), seg.text) < 0) {
            rc = tts_fail(t, TTS_NODEVICE, "speech-dispatcher stopped answering");
            break;
        }
    }
    tts_split_free(sp);
    return rc;
}

static int spd_cancel_op(tts_t *t)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (s->conn)
        spd_cancel(s->conn);
    atomic_store(&spd_speaking, false);
    return TTS_OK;
}

static bool spd_speaking_op(const tts_t *t)
{
    (void)t;
    return atomic_load(&spd_speaking);
}

/* kefu's scales onto speech-dispatcher's -100..100 (0: the user's default) */
static int scale_rate(int wpm)
{
    if (wpm >= 175)
        return (wpm - 175) * 100 / (450 - 175);
    return (wpm - 175) * 100 / (175 - 80);
}

static int spd_changed(tts_t *t)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (!s->conn)
        return TTS_OK;
    pthread_mutex_lock(&t->mu);
    int rate = t->rate_wpm, pitch = t->pitch, volume = t->volume;
    pthread_mutex_unlock(&t->mu);
    spd_set_voice_rate(s->conn, scale_rate(rate));
    spd_set_voice_pitch(s->conn, pitch * 2 - 100);
    spd_set_volume(s->conn, volume - 100);
    return TTS_OK;
}

static int spd_pause_op(tts_t *t)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (s->conn)
        spd_pause(s->conn);
    return TTS_OK;
}

static int spd_resume_op(tts_t *t)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (s->conn)
        spd_resume(s->conn);
    return TTS_OK;
}

static void spd_destroy(tts_t *t)
{
    struct tts_spd *s = (struct tts_spd *)t;
    if (s->conn)
        spd_close(s->conn);
    pthread_mutex_destroy(&t->mu);
    free(s);
}

/* libspeechd 0.11 leaks a string (g_strdup in spd_open2) when it cannot
 * connect; tell LeakSanitizer so sanitizer builds of the tests and of kefu
 * stay clean. The fast unwinder stops inside GLib, which nothing else in
 * kefu uses, hence its name here. Unused in other builds. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libspeechd.so\nleak:libglib-2.0.so\n";
}

static const struct tts_ops spd_ops = {
    .name = "speechd", .speak = spd_speak, .cancel = spd_cancel_op,
    .speaking = spd_speaking_op, .destroy = spd_destroy, .changed = spd_changed,
    .pause = spd_pause_op, .resume = spd_resume_op,
};

int tts_speechd_new(tts_t **out, const struct tts_options *opts)
{
    struct tts_spd *s = calloc(1, sizeof *s);
    *out = (tts_t *)s;
    if (!s)
        return TTS_ERROR;
    tts_base_init(&s->base, &spd_ops, opts);
    char *err = NULL;
    /* no autospawn: speech through speech-dispatcher is for a user whose
     * screen reader already runs it; starting a server of our own would only
     * add a voice nobody configured. */
    SPDConnectionAddress *addr = spd_get_default_address(&err);
    if (addr)
        s->conn = spd_open2("kefu", "main", NULL, SPD_MODE_THREADED, addr, 0, &err);
    SPDConnectionAddress__free(addr);
    if (!s->conn) {
        /* libspeechd's text is long ("Error: Can't connect to unix socket
         * ... Autospawn: ..."): keep its first sentence */
        const char *why = err ? err : "no answer";
        if (strncmp(why, "Error: ", 7) == 0)
            why += 7;
        int n = (int)strcspn(why, "\n");
        const char *stop = strstr(why, ". ");
        if (stop && stop - why < n)
            n = (int)(stop - why);
        int rc = tts_fail(&s->base, TTS_NODEVICE, "speech-dispatcher is not available: %.*s",
                          n, why);
        free(err);
        return rc;
    }
    s->conn->callback_begin = on_begin;
    s->conn->callback_end = on_end;
    s->conn->callback_cancel = on_end;
    spd_set_notification_on(s->conn, SPD_BEGIN);
    spd_set_notification_on(s->conn, SPD_END);
    spd_set_notification_on(s->conn, SPD_CANCEL);
    return TTS_OK;
}
