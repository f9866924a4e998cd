/* voice_cmds.c -- spoken commands and opening the recogniser with a
 * person's settings (voice_cmds.h).
 *
 * The table below is the single list of command words: the grammar is
 * generated from it and recognised text is mapped back through it. Names
 * follow the key map's action names so a spoken "repeat" and the repeat key
 * do the same thing. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "kb_search.h"
#include "kb_voice.h"
#include "library_load.h"
#include "tts.h"
#include "voice_cmds.h"

struct voice_cmd {
    const char *phrase;         /* words; <digits> = one or more spoken digits */
    const char *name;
};

static const struct voice_cmd cmds[] = {
    {"next", "next"},
    {"repeat", "repeat"},
    {"spell", "spell"},
    {"slower", "slower"},
    {"faster", "faster"},
    {"louder", "louder"},
    {"quieter", "quieter"},
    {"stop", "stop"},
    {"help", "help"},
    {"hint", "hint"},
    {"skip", "skip"},
    {"submit", "submit"},
    {"look up order <digits>", "lookup-order"},
    {"start work", "work-start"},
    {"pause work", "work-pause"},
    {"stop work", "work-stop"},
    {"hours today", "hours-today"},
};
enum { NCMDS = sizeof cmds / sizeof cmds[0] };

const char *const *voice_cmd_phrases(void)
{
    static const char *phrases[NCMDS + 1];
    for (size_t i = 0; i < NCMDS; i++)
        phrases[i] = cmds[i].phrase;
    phrases[NCMDS] = NULL;
    return phrases;
}

static int digit_of(const char *w, size_t n)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four",
                                        "five", "six", "seven", "eight", "nine"};
    if (n == 2 && strncmp(w, "oh", 2) == 0)
        return 0;
    for (int d = 0; d < 10; d++)
        if (strlen(words[d]) == n && strncmp(w, words[d], n) == 0)
            return d;
    return -1;
}

/* Does text match phrase exactly (digits collected into args)? */
static int match(const char *phrase, const char *text, char *args, size_t len)
{
    const char *p = phrase, *t = text + strspn(text, " ");
    size_t na = 0;
    if (len)
        args[0] = '\0';
    while (*p) {
        size_t pn = strcspn(p, " ");
        if (pn == 8 && strncmp(p, "<digits>", 8) == 0) {
            int got = 0;
            for (;;) {
                size_t tn = strcspn(t, " ");
                int d = tn ? digit_of(t, tn) : -1;
                if (d < 0)
                    break;
                if (na + 1 < len) {
                    args[na++] = (char)('0' + d);
                    args[na] = '\0';
                }
                got = 1;
                t += tn;
                t += strspn(t, " ");
            }
            if (!got)
                return 0;
        } else {
            size_t tn = strcspn(t, " ");
            if (tn != pn || strncmp(p, t, pn) != 0)
                return 0;
            t += tn;
            t += strspn(t, " ");
        }
        p += pn;
        p += strspn(p, " ");
    }
    return *t == '\0';
}

int voice_cmd_parse(const char *text, const char **name, char *args, size_t len)
{
    *name = NULL;
    for (size_t i = 0; i < NCMDS; i++)
        if (match(cmds[i].phrase, text, args, len)) {
            *name = cmds[i].name;
            return 0;
        }
    if (len)
        args[0] = '\0';
    return -1;
}

int voice_cmd_understand(const char *text, double conf, const char **name, char *args,
                         size_t len)
{
    if (voice_cmd_parse(text, name, args, len) != 0)
        return VOICE_CMD_NONE;
    return conf >= VOICE_CMD_MIN_CONFIDENCE ? VOICE_CMD_OK : VOICE_CMD_UNSURE;
}

/* ---- opening the recogniser ---------------------------------------------- */

const char *voice_model_dir(struct kefu_ctx *ctx)
{
    const char *env = getenv("KEFU_MODEL_DIR");
    if (env && *env)
        return env;
    const char *cfg = ctx->cfg ? config_get(ctx->cfg, "voice.model_dir") : "";
    return cfg && *cfg ? cfg : ASR_DEFAULT_MODEL_DIR;
}

static void add_text(void *arg, const char *text)
{
    asr_add_domain_text(arg, text);
}

static char *dupf(const char *fmt, const char *a, const char *b)
{
    char buf[1024];
    snprintf(buf, sizeof buf, fmt, a, b);
    return strdup(buf);
}

int voice_asr_open(struct kefu_ctx *ctx, bool answers, asr_t **out, char **err)
{
    asr_t *asr = NULL;
    struct kb_voice_profile prof = {.warp = 1.0};
    *out = NULL;
    *err = NULL;
    const char *model = voice_model_dir(ctx);
    kb_t *kb = ctx->db_path ? (answers ? kefu_library(ctx) : kefu_kb(ctx)) : NULL;
    if (kb && ctx->user)
        kb_voice_profile_get(kb, ctx->user, model, &prof);   /* none is fine */
    /* the enrolment's warp and the calibration measured with it */
    struct asr_options o = {.model_dir = model, .commands = voice_cmd_phrases(),
                            .cmninit = prof.cmn, .warp = prof.warp};
    if (strcmp(config_get(ctx->cfg, "voice.listen"), "vad") == 0)
        o.end_ms = 500;
    int rc = asr_open(&asr, &o);
    if (rc == ASR_INVALID && (prof.cmn || prof.warp != 1.0)) {
        /* a stored calibration that no longer fits the model: start cold,
         * keeping the warp unless that was what did not fit */
        asr_close(asr);
        o.cmninit = NULL;
        rc = asr_open(&asr, &o);
        if (rc == ASR_INVALID) {
            asr_close(asr);
            o.warp = 0;
            rc = asr_open(&asr, &o);
        }
    }
    kb_voice_profile_free(&prof);
    char msg[1024];
    if (rc != ASR_OK) {
        *err = dupf("%s%s", asr ? voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model, msg, sizeof msg)
                                : _("out of memory"), "");
        asr_close(asr);
        return -1;
    }
    if (answers) {
        if (kb)
            kb_each_text(kb, "en", add_text, asr);
        rc = asr_use(asr, ASR_ANSWERS);
        if (rc != ASR_OK) {
            *err = dupf(_("cannot prepare the answers model: %s%s"),
                        voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model, msg, sizeof msg), "");
            asr_close(asr);
            return -1;
        }
    }
    *out = asr;
    return 0;
}

void voice_asr_save(struct kefu_ctx *ctx, asr_t *asr)
{
    char cmn[512];
    if (!ctx->kb || !ctx->user || asr_calibration(asr, cmn, sizeof cmn) != ASR_OK)
        return;
    kb_voice_calibration_set(ctx->kb, ctx->user, voice_model_dir(ctx), cmn, clock_now());
}

const char *voice_warp_meaning(double warp)
{
    if (warp > 1.0 + 1e-6)
        return _("your voice is heard as if it were a little deeper, nearer the voices the "
                 "speech model learnt from");
    if (warp < 1.0 - 1e-6)
        return _("your voice is heard as if it were a little higher, nearer the voices the "
                 "speech model learnt from");
    return _("no change: your voice fits the speech model as it is");
}

const char *voice_msg_tidy(const char *msg, char *buf, size_t len)
{
    size_t n = 0;
    for (const char *p = msg; *p && n + 1 < len; p++) {
        if (*p == '.' && (p[1] == ')' || p[1] == '\0'))
            continue;
        buf[n++] = *p;
    }
    if (len)
        buf[n] = '\0';
    return buf;
}

bool voice_key_waiting(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return false;
    char buf[256];
    return read(STDIN_FILENO, buf, sizeof buf) >= 0;
}

/* ---- the voice layer's errors in the trainee's language ------------------ */

/* The text after marker in msg up to its last ')' (the parenthesised
 * reason), without a closing full stop, into buf; NULL when marker is not
 * in msg. *head: where marker starts. */
static const char *detail(const char *msg, const char *marker, const char **head, char *buf,
                          size_t len)
{
    const char *m = strstr(msg, marker);
    if (!m)
        return NULL;
    const char *s = m + strlen(marker);
    size_t n = strlen(s);
    if (marker[strlen(marker) - 1] == '(' && n && s[n - 1] == ')')
        n--;
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    snprintf(buf, len, "%.*s", (int)n, s);
    if (head)
        *head = m;
    return buf;
}

/* The sound layer's texts (audio_in.c, opt_pulse_in*.c). false: none of
 * them. */
static bool audio_text(const char *msg, char *buf, size_t len)
{
    char d[512];
    const char *at = NULL;
    int ch = 0, hz = 0;
    if (detail(msg, "no sound server (", &at, d, sizeof d) && at == msg) {
        snprintf(buf, len, _("no sound server (%s)"), d);
    } else if (detail(msg, "the microphone stopped: ", &at, d, sizeof d) && at == msg) {
        snprintf(buf, len, _("the microphone stopped: %s"), d);
    } else if (strstr(msg, "built without PulseAudio")) {
        snprintf(buf, len, "%s", _("kefu was built without PulseAudio: no sound server"));
    } else if (strcmp(msg, "no microphone support built in") == 0) {
        snprintf(buf, len, "%s", _("no microphone support built in"));
    } else if (detail(msg, ": not a sound file kefu can read (", &at, d, sizeof d)) {
        /* libsndfile says a missing file is "System error : No such
         * file...": say it plainly */
        char path[4096];
        snprintf(path, sizeof path, "%.*s", (int)(at - msg), msg);
        if (access(path, F_OK) != 0)
            snprintf(buf, len, _("%s: there is no such file"), path);
        else
            snprintf(buf, len, _("%s: not a sound file kefu can read (%s)"), path, d);
    } else if (detail(msg, ": ", &at, d, sizeof d) && strstr(msg, " is not speech audio")
               && sscanf(at + 2, "%d channel(s) at %d Hz", &ch, &hz) == 2) {
        snprintf(buf, len, _("%.*s: %d channel(s) at %d Hz is not speech audio kefu can use"),
                 (int)(at - msg), msg, ch, hz);
    } else if (detail(msg, "reading failed: ", &at, d, sizeof d) && at == msg) {
        snprintf(buf, len, _("reading failed: %s"), d);
    } else {
        return false;
    }
    return true;
}

/* The recogniser's "no pronunciation dictionary next to DIR (NAMES). Try: …"
 * or "no language model next to …": DIR and NAMES into buf as two strings
 * one after the other; *kind points at "no p…" or "no l…". */
static bool missing_beside(const char *msg, char *buf, size_t len, const char **kind)
{
    static const char *const heads[] = {"no pronunciation dictionary next to ",
                                        "no language model next to "};
    for (size_t i = 0; i < 2; i++) {
        if (strncmp(msg, heads[i], strlen(heads[i])) != 0)
            continue;
        const char *dir = msg + strlen(heads[i]);
        const char *end = strstr(dir, "). Try:");
        if (!end)
            return false;
        const char *open = NULL;
        for (const char *q = dir; q < end; q++)     /* the last " (" before it */
            if (q[0] == ' ' && q[1] == '(')
                open = q;
        if (!open || (size_t)(end - dir) + 2 > len)
            return false;
        size_t nd = (size_t)(open - dir), nn = (size_t)(end - open - 2);
        memcpy(buf, dir, nd);
        buf[nd] = '\0';
        memcpy(buf + nd + 1, open + 2, nn);
        buf[nd + 1 + nn] = '\0';
        *kind = msg;
        return true;
    }
    return false;
}

const char *voice_msg(enum voice_layer layer, int status, const char *msg, const char *model,
                      char *buf, size_t len)
{
    char d[1024], tidy[1024];
    const char *at = NULL;
    bool en = strcmp(i18n_lang(), "en") == 0;
    msg = msg ? msg : "";
    if ((layer == VOICE_AUDIO && status == AUDIO_IN_NOMEM)
        || (layer == VOICE_ASR && status == ASR_NOMEM)) {
        snprintf(buf, len, "%s", _("out of memory"));
    } else if (layer == VOICE_ASR && status == ASR_NOSPEECH) {
        snprintf(buf, len, "%s", _("no speech heard"));
    } else if (layer == VOICE_ASR && status == ASR_NOMODEL) {
        if (detail(msg, "no speech recognition model in ", &at, d, sizeof d) && at == msg
            && strstr(d, " (no mdef file)")) {
            *strstr(d, " (no mdef file)") = '\0';
            snprintf(buf, len, _("no speech recognition model in %s (no mdef file). Try: sudo "
                                 "apt install pocketsphinx-en-us, or set voice.model_dir (or "
                                 "KEFU_MODEL_DIR) to a PocketSphinx acoustic model folder"), d);
        } else if (!en && missing_beside(msg, d, sizeof d, &at)) {
            /* the dictionary or language model beside the model folder */
            snprintf(buf, len, at[3] == 'p'
                     ? _("no pronunciation dictionary next to %s (%s). Try: sudo apt install "
                         "pocketsphinx-en-us, or set voice.model_dir (or KEFU_MODEL_DIR) to a "
                         "PocketSphinx acoustic model folder")
                     : _("no language model next to %s (%s). Try: sudo apt install "
                         "pocketsphinx-en-us, or set voice.model_dir (or KEFU_MODEL_DIR) to a "
                         "PocketSphinx acoustic model folder"),
                     d, d + strlen(d) + 1);
        } else if (en) {
            voice_msg_tidy(msg, buf, len);
        } else {
            snprintf(buf, len, _("the speech recognition model in %s is incomplete or cannot be "
                                 "read. Try: sudo apt install --reinstall pocketsphinx-en-us, "
                                 "or check voice.model_dir with kefu config show"),
                     model ? model : ASR_DEFAULT_MODEL_DIR);
        }
    } else if ((layer == VOICE_AUDIO || status == ASR_AUDIO || status == ASR_NODEVICE)
               && audio_text(msg, buf, len)) {
        /* said */
    } else if (en) {
        voice_msg_tidy(msg, buf, len);
    } else {
        /* rare: a translated sentence with the library's words as detail */
        voice_msg_tidy(msg, tidy, sizeof tidy);
        snprintf(buf, len, layer == VOICE_AUDIO ? _("the sound input failed (%s)")
                                                : _("the speech recogniser failed (%s)"), tidy);
    }
    return voice_msg_tidy(buf, buf, len);
}

int voice_fail(struct kefu_ctx *ctx, const char *msg, const char *fix)
{
    const char *t = strstr(msg, ". Try: ");
    if (!t)
        return kefu_fail(ctx, fix, "%s", msg);
    return kefu_fail(ctx, t + 7, "%.*s", (int)(t - msg), msg);
}

int voice_print_json(struct kefu_ctx *ctx, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(3)) : NULL;
    if (s)
        a11y_data(ctx->out, "%s", s);
    free(s);
    json_decref(o);
    return s ? KEFU_EXIT_OK
             : kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
}

static bool tts_muted(void *arg) { return tts_speaking(arg); }

int voice_listen_mic(struct kefu_ctx *ctx, asr_t *asr, bool vad, int max_s, char *err,
                     size_t errlen)
{
    audio_in_t *mic = NULL;
    int rc = audio_in_open_device(&mic, "kefu");
    if (rc != AUDIO_IN_OK) {
        if (mic)
            voice_msg(VOICE_AUDIO, rc, audio_in_errmsg(mic), NULL, err, errlen);
        else
            snprintf(err, errlen, "%s", _("out of memory"));
        audio_in_close(mic);
        return mic ? ASR_NODEVICE : ASR_NOMEM;
    }
    asr_set_mode(asr, vad ? ASR_VOICE_ACTIVITY : ASR_PUSH_TO_TALK);
    if (ctx->tts)
        asr_set_mute_fn(asr, tts_muted, ctx->tts);
    a11y_say(ctx->out, A11Y_INFO, "%s",
             vad ? _("Listening; stop speaking to finish.")
                 : _("Listening; press Enter when you have finished speaking."));
    int16_t buf[AUDIO_IN_RATE / 10];    /* 100 ms */
    rc = asr_start(asr);
    for (int i = 0; rc == ASR_OK && i < max_s * 10; i++) {
        size_t got = 0;
        int r = audio_in_read(mic, buf, sizeof buf / sizeof buf[0], &got);
        if (r != AUDIO_IN_OK) {
            voice_msg(VOICE_AUDIO, r, audio_in_errmsg(mic), NULL, err, errlen);
            asr_stop(asr);
            audio_in_close(mic);
            return ASR_NODEVICE;
        }
        bool ended = false;
        rc = asr_feed(asr, buf, got, &ended);
        if (ended || (!vad && voice_key_waiting()))
            break;
    }
    audio_in_close(mic);
    return rc == ASR_OK ? asr_stop(asr) : rc;
}
