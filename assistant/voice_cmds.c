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

#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "kb_search.h"
#include "kb_voice.h"
#include "library_load.h"
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
    if (rc != ASR_OK) {
        *err = dupf("%s%s", asr ? asr_errmsg(asr) : _("out of memory"), "");
        asr_close(asr);
        return -1;
    }
    if (answers) {
        if (kb)
            kb_each_text(kb, "en", add_text, asr);
        if (asr_use(asr, ASR_ANSWERS) != ASR_OK) {
            *err = dupf(_("cannot prepare the answers model: %s%s"), asr_errmsg(asr), "");
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
