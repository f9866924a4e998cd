/* listen_enrol_mic.c -- the enrolment's phrases from the microphone
 * (listen_enrol_int.h): each phrase prompted in text and speech, recorded
 * once kefu is quiet, asked again when nothing or no word was heard. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio_in.h"
#include "config.h"
#include "i18n.h"
#include "listen_enrol_int.h"
#include "voice_cmds.h"

enum { MAX_TRIES = 3 };

/* The sound layer's reason, translated (what happened; the FIX names the
 * recordings: there is no keyboard route to an enrolment). */
static const char *mic_reason(audio_in_t *mic, int status, char *buf, size_t len)
{
    if (!mic)
        snprintf(buf, len, "%s", _("out of memory"));
    else
        voice_msg(VOICE_AUDIO, status, audio_in_errmsg(mic), NULL, buf, len);
    return buf;
}

#define MIC_FIX _("give recordings with --wav-dir DIR (kefu listen --enrol --list shows the " \
                  "phrases and file names)")

/* Record one phrase: voice activity ends it (or Enter, push-to-talk).
 * The decoder tells where speech ends, and (it listens with the commands
 * search, at the trainee's stored warp if any) whether a word of the
 * grammar came out of it. 0 (words), 1 (no speech), 2 (sound but no words,
 * asr_enrol_heard: *out is kept), -1 failed (reported). */
static int record_phrase(struct kefu_ctx *ctx, asr_t *vad, audio_in_t *mic, bool push,
                         int16_t **out, size_t *outn)
{
    int16_t chunk[AUDIO_IN_RATE / 10];
    size_t n = 0, cap = 0;
    int16_t *buf = NULL;
    *out = NULL;
    *outn = 0;
    asr_set_mode(vad, ASR_VOICE_ACTIVITY);
    char why[1024];
    int rc = asr_start(vad);
    if (rc != ASR_OK) {
        kefu_fail(ctx, MIC_FIX, "%s",
                  voice_msg(VOICE_ASR, rc, asr_errmsg(vad), NULL, why, sizeof why));
        return -1;
    }
    for (int i = 0; i < ENROL_MAX_PHRASE_S * 10; i++) {
        size_t got = 0;
        rc = audio_in_read(mic, chunk, sizeof chunk / sizeof chunk[0], &got);
        if (rc != AUDIO_IN_OK) {
            free(buf);
            asr_stop(vad);
            kefu_fail(ctx, MIC_FIX, _("cannot record from the microphone: %s"),
                      mic_reason(mic, rc, why, sizeof why));
            return -1;
        }
        bool ended = false;
        if (enrol_append(&buf, &n, &cap, chunk, got) < 0 || asr_feed(vad, chunk, got, &ended) != ASR_OK) {
            free(buf);
            asr_stop(vad);
            kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
            return -1;
        }
        if (ended || (push && voice_key_waiting()))
            break;
    }
    rc = asr_stop(vad);
    asr_enrol_heard_t heard = asr_enrol_heard(vad, rc, asr_text(vad));
    if (heard == ASR_ENROL_SILENT) {
        free(buf);
        return 1;
    }
    *out = buf;
    *outn = n;
    return heard == ASR_ENROL_WORDLESS ? 2 : 0;
}

int enrol_clips_from_mic(struct kefu_ctx *ctx, struct clips *cl)
{
    audio_in_t *mic = NULL;
    asr_t *vad = NULL;
    char *err = NULL;
    int st = KEFU_EXIT_OK;
    char why[1024];
    /* first only to tell at once when there is no microphone */
    int rc = audio_in_open_device(&mic, "kefu");
    if (rc != AUDIO_IN_OK) {
        st = kefu_fail(ctx, MIC_FIX, _("cannot record from the microphone: %s"),
                       mic_reason(mic, rc, why, sizeof why));
        goto out;
    }
    audio_in_close(mic);
    mic = NULL;
    if (voice_asr_open(ctx, false, &vad, &err) != 0) {
        st = voice_fail(ctx, err ? err : _("out of memory"),
                        _("check voice.model_dir with kefu config show"));
        goto out;
    }
    rc = asr_use(vad, ASR_COMMANDS);
    if (rc != ASR_OK) {
        st = voice_fail(ctx, voice_msg(VOICE_ASR, rc, asr_errmsg(vad), voice_model_dir(ctx),
                                       why, sizeof why),
                        _("check voice.model_dir with kefu config show"));
        goto out;
    }
    kefu_tts(ctx);      /* the prompts are spoken too (speech on), never recorded */
    bool push = strcmp(config_get(ctx->cfg, "voice.listen"), "vad") != 0;
    size_t total = 0;
    while (asr_enrol_phrases[total])
        total++;
    a11y_say(ctx->out, A11Y_INFO, _("Enrolment: say each of %zu short phrases once, as you "
                                    "would say a command.%s"), total,
             push ? _(" Press Enter after each one.") : "");
    /* measured: enrolled in the noise commands are said in, the tuning
     * voices' commands at 20 dB went 96.2% -> 99.4% (docs/voice.md) */
    a11y_say(ctx->out, A11Y_PLAIN, "%s", _("Enrol where you will work, with the microphone you "
                                           "will use: kefu learns how that room sounds too."));
    for (size_t k = 0; k < total; k++) {
        /* Asked again (up to MAX_TRIES recordings) when no speech was heard,
         * and when sound came with no word in it: a cough, a door, the
         * phrase said too softly or in another language. A phrase still
         * wordless on the last try is taken (the enrolment counts it as
         * misheard and names it): a voice the model hears badly must still
         * enrol. The last wordless recording stands in for a later silence. */
        int16_t *kept = NULL;
        size_t nkept = 0;
        for (int t = 0; t < MAX_TRIES; t++) {
            /* The prompt is what a blind trainee must hear: said once kefu
             * is quiet (the intro or the last warning), at text priority.
             * As a Progress line it was dropped while the intro was still
             * speaking (tts_worker drops progress behind other speech), so
             * phrase 1 and every phrase asked again were printed but never
             * heard. */
            if (ctx->tts)
                tts_wait(ctx->tts);
            a11y_say(ctx->out, A11Y_PLAIN, _("Phrase %zu of %zu, please say: %s"), k + 1,
                     total, asr_enrol_phrases[k]);
            if (ctx->tts)
                tts_wait(ctx->tts);     /* never record kefu's own voice */
            /* A stream opened per phrase, once kefu is quiet: a stream
             * left open buffers what the microphone hears while kefu
             * speaks the prompt, and the phrase would begin with it. */
            audio_in_close(mic);
            mic = NULL;
            rc = audio_in_open_device(&mic, "kefu");
            if (rc != AUDIO_IN_OK) {
                free(kept);
                st = kefu_fail(ctx, MIC_FIX, _("cannot record from the microphone: %s"),
                               mic_reason(mic, rc, why, sizeof why));
                goto out;
            }
            int16_t *pcm = NULL;
            size_t n = 0;
            int r = record_phrase(ctx, vad, mic, push, &pcm, &n);
            audio_in_close(mic);
            mic = NULL;
            if (r < 0) {
                free(kept);
                st = KEFU_EXIT_FAIL;
                goto out;
            }
            if (r != 1) {       /* words, or the latest wordless recording */
                free(kept);
                kept = pcm;
                nkept = n;
            }
            if (r == 0 || t + 1 == MAX_TRIES)
                break;
            if (r == 2)
                a11y_say(ctx->out, A11Y_WARNING,
                         _("I heard sound but no words; please say \"%s\" again, the same way."),
                         asr_enrol_phrases[k]);
            else
                a11y_say(ctx->out, A11Y_WARNING, "%s", _("No speech heard; please say it again."));
        }
        if (!kept) {
            st = kefu_fail(ctx, _("speak closer to the microphone, then run kefu listen "
                                  "--enrol again; nothing was stored"),
                           _("no speech heard for \"%s\""), asr_enrol_phrases[k]);
            goto out;
        }
        cl->pcm[cl->n] = kept;
        cl->path[cl->n] = NULL;
        cl->c[cl->n++] = (struct asr_enrol_clip){asr_enrol_phrases[k], kept, nkept};
    }
out:
    free(err);
    asr_close(vad);
    audio_in_close(mic);
    return st;
}
