/* cmd_listen.c -- `kefu listen`: recognise speech from the microphone or a
 * sound file, print what was heard and, for commands, the command.
 *
 *   kefu listen [--wav FILE] [--grammar commands|answers] [--json]
 *   kefu listen --enrol [--wav-dir DIR | --wav FILE...] [--json]
 *   kefu listen --enrol --list | --enrolment
 *
 * Commands are only recognised when asked for (--grammar commands). A
 * command that is not sure enough (no command at all, or confidence below
 * VOICE_CMD_MIN_CONFIDENCE) is reported as rejected, to be said again,
 * never as the command. From the
 * microphone, voice.listen=push listens until Enter; voice.listen=vad until
 * half a second of silence after speech. The speaker calibration is saved
 * for the user after an accepted result (never after a rejected command or
 * no speech, which would pull it off the trainee's voice), so the next
 * one-shot run starts warm. --enrol: listen_enrol.c.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"
#include "voice_cmds.h"

enum { MAX_LISTEN_S = 60, MAX_WAVS = 64 };

struct listen_args {
    const char *wav;
    bool commands;
    bool json;
    bool enrol, list, show;
    const char *wav_dir;
    const char *wavs[MAX_WAVS];
    int nwav;
};

static int parse_args(struct kefu_ctx *ctx, int argc, char **argv, struct listen_args *a)
{
    memset(a, 0, sizeof *a);
    a->json = ctx->json;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        if (strcmp(arg, "--json") == 0) {
            a->json = true;
            continue;
        }
        if (strcmp(arg, "--enrol") == 0 || strcmp(arg, "--enroll") == 0) {
            a->enrol = true;
            continue;
        }
        if (strcmp(arg, "--list") == 0) {
            a->list = true;
            continue;
        }
        if (strcmp(arg, "--enrolment") == 0) {
            a->show = true;
            continue;
        }
        if (strncmp(arg, "--wav=", 6) == 0 || strncmp(arg, "--grammar=", 10) == 0
            || strncmp(arg, "--wav-dir=", 10) == 0) {
            value = strchr(arg, '=') + 1;
        } else if (strcmp(arg, "--wav") == 0 || strcmp(arg, "--grammar") == 0
                   || strcmp(arg, "--wav-dir") == 0) {
            if (i + 1 >= argc)
                return kefu_usage(ctx, "listen", _("%s needs a value"), arg);
            value = argv[++i];
        } else {
            return kefu_usage(ctx, "listen", _("unknown option '%s'"), arg);
        }
        if (strncmp(arg, "--wav-dir", 9) == 0) {
            if (!*value)
                return kefu_usage(ctx, "listen", _("--wav-dir needs a folder name"));
            a->wav_dir = value;
        } else if (strncmp(arg, "--wav", 5) == 0) {
            if (!*value)
                return kefu_usage(ctx, "listen", _("--wav needs a file name"));
            if (a->nwav >= MAX_WAVS)
                return kefu_usage(ctx, "listen", _("at most %d --wav files"), MAX_WAVS);
            a->wavs[a->nwav++] = value;
            a->wav = value;
        } else if (strcmp(value, "commands") == 0) {
            a->commands = true;
        } else if (strcmp(value, "answers") == 0) {
            a->commands = false;
        } else {
            return kefu_usage(ctx, "listen",
                              _("--grammar is 'commands' or 'answers', not '%s'"), value);
        }
    }
    if (!a->enrol && (a->wav_dir || a->list))
        return kefu_usage(ctx, "listen", _("%s goes with --enrol"),
                          a->wav_dir ? "--wav-dir" : "--list");
    if (!a->enrol && a->nwav > 1)
        return kefu_usage(ctx, "listen", "%s", _("one --wav file at a time (several go with "
                                                 "--enrol)"));
    if (a->enrol && a->commands)
        return kefu_usage(ctx, "listen", "%s", _("--enrol uses the commands grammar itself; "
                                                 "leave out --grammar"));
    if (a->show && (a->enrol || a->wav))
        return kefu_usage(ctx, "listen", "%s", _("--enrolment shows what is stored; it takes "
                                                 "no other option but --json"));
    return KEFU_EXIT_OK;
}

/* Listen on the microphone: push-to-talk until Enter, or voice activity.
 * A microphone that cannot be used is reported here (ASR_NODEVICE). */
static int listen_mic(struct kefu_ctx *ctx, asr_t *asr)
{
    char err[1024];
    bool vad = strcmp(config_get(ctx->cfg, "voice.listen"), "vad") == 0;
    int rc = voice_listen_mic(ctx, asr, vad, MAX_LISTEN_S, err, sizeof err);
    if (rc == ASR_NODEVICE || rc == ASR_NOMEM) {
        kefu_fail(ctx, _("answer by keyboard, or give a recording with --wav FILE"), "%s", err);
        return ASR_NODEVICE;
    }
    return rc;
}

/* The voice-activity detector heard sound but no word came out: speech in
 * another language than the model's (e.g. Chinese through the English
 * model), or a steady noise (a tone or hiss passes the detector too). */
static int no_words(struct kefu_ctx *ctx)
{
    const char *model = voice_model_dir(ctx);
    if (strstr(model, "en-us") || strcmp(model, ASR_DEFAULT_MODEL_DIR) == 0)
        return kefu_fail(ctx, _("speak English, or install a speech model for your language and "
                                "set voice.model_dir (docs/voice.md, Models)"),
                         _("sound was heard but no words were recognised in it: noise, or "
                           "speech in another language (the speech model, %s, is English)"),
                         model);
    return kefu_fail(ctx, _("speak in the language of the speech model, or check "
                            "voice.model_dir with kefu config show"),
                     _("sound was heard but no words were recognised in it with the speech "
                       "model in %s"), model);
}

/* Open the --wav file before the recogniser (which takes up to a second to
 * load): a file that cannot be used is said at once, as what it is (a
 * folder, an empty file, one kefu may not read, a missing one, no sound)
 * with the fix for that case. */
static int open_wav(struct kefu_ctx *ctx, const char *path, audio_in_t **src)
{
    const char *give = _("give a WAV file, e.g. one written by kefu say --wav FILE");
    int r = audio_in_open_file(src, path);
    if (r == AUDIO_IN_OK)
        return KEFU_EXIT_OK;
    if (!*src || r == AUDIO_IN_NOMEM)
        return kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
    struct stat st;
    bool there = stat(path, &st) == 0;
    if (there && S_ISDIR(st.st_mode))
        return kefu_fail(ctx, give, _("%s is a folder, not a sound file"), path);
    if (there && S_ISREG(st.st_mode) && st.st_size == 0)
        return kefu_fail(ctx, _("record it again, or give another WAV file"),
                         _("%s is empty (0 bytes)"), path);
    char msg[1024];
    voice_msg(VOICE_AUDIO, r, audio_in_errmsg(*src), NULL, msg, sizeof msg);
    FILE *fp = there ? fopen(path, "rb") : NULL;
    if (fp)
        fclose(fp);
    if (there && !fp)   /* there, but not ours to read */
        return kefu_fail(ctx, _("make it readable (chmod u+r FILE), or copy it to a folder of "
                                "yours"), "%s", msg);
    return kefu_fail(ctx, give, "%s", msg);
}

/* A file cut short (its header promises more than it holds: a recording
 * interrupted, a partial copy): false when it is whole. */
static bool cut_short(const audio_in_t *src, double *holds_s, double *declared_s)
{
    const struct audio_in_info *in = src ? audio_in_info(src) : NULL;
    if (!in || in->declared_frames <= in->frames || in->rate <= 0)
        return false;
    *holds_s = (double)in->frames / in->rate;
    *declared_s = (double)in->declared_frames / in->rate;
    return true;
}

/* Print the result; *accepted: a command acted on, or an answer's text. */
static int report(struct kefu_ctx *ctx, const struct listen_args *a, const char *text,
                  double conf, double warp, bool *accepted)
{
    const char *name = NULL;
    char args[128] = "";
    /* a command heard too unsurely is not acted on: asked again instead */
    int heard = a->commands ? voice_cmd_understand(text, conf, &name, args, sizeof args)
                            : VOICE_CMD_NONE;
    bool ok = heard == VOICE_CMD_OK;
    *accepted = a->commands ? ok : *text != '\0';
    if (a->json) {
        json_t *o = json_pack("{s:s, s:o, s:o, s:f}", "text", text,
                              "command", ok ? json_string(name) : json_null(),
                              "args", ok && *args ? json_string(args) : json_null(),
                              "confidence", conf);
        if (o && a->commands) {
            /* rejected: no command to act on; ask the trainee to say it again */
            json_object_set_new(o, "rejected", json_boolean(!ok));
            if (heard == VOICE_CMD_UNSURE)
                json_object_set_new(o, "heard", json_string(name));
        }
        if (o)  /* the enrolment's warp in use (1: none) */
            json_object_set_new(o, "warp", json_real(warp));
        return voice_print_json(ctx, o);
    }
    a11y_say(ctx->out, A11Y_YOU_SAID, "%s",
             strcmp(text, ASR_OTHER) == 0 ? _("(something that is not a command)") : text);
    if (ok)
        a11y_say(ctx->out, A11Y_PLAIN, _("Command: %s%s%s"), name, *args ? " " : "", args);
    else if (heard == VOICE_CMD_UNSURE)
        a11y_say(ctx->out, A11Y_PLAIN,
                 _("Command: not sure (maybe %s, confidence %.2f); please say it again"), name,
                 conf);
    else if (a->commands)
        a11y_say(ctx->out, A11Y_PLAIN, "%s", _("Command: none understood; please say it again"));
    return KEFU_EXIT_OK;
}

int cmd_listen(struct kefu_ctx *ctx, int argc, char **argv)
{
    struct listen_args a;
    int st = parse_args(ctx, argc, argv, &a);
    if (st != KEFU_EXIT_OK)
        return st;
    if (a.enrol && a.list)
        return listen_enrol_list(ctx);
    if (a.enrol) {
        struct listen_enrol_args e = {a.wav_dir, a.wavs, a.nwav};
        bool json = ctx->json;
        ctx->json = a.json;
        st = listen_enrol(ctx, &e);
        ctx->json = json;
        return st;
    }
    if (a.show)
        return listen_enrol_show(ctx, NULL, a.json);
    asr_t *asr = NULL;
    audio_in_t *src = NULL;
    char *err = NULL, *text = NULL, msg[1024];
    const char *model = voice_model_dir(ctx);
    double conf = 0;
    if (a.wav && (st = open_wav(ctx, a.wav, &src)) != KEFU_EXIT_OK)
        goto out;
    if (voice_asr_open(ctx, !a.commands, &asr, &err) != 0) {
        st = voice_fail(ctx, err ? err : _("out of memory"),
                        _("check voice.model_dir with kefu config show"));
        goto out;
    }
    int rc = a.commands ? asr_use(asr, ASR_COMMANDS) : ASR_OK;
    if (rc != ASR_OK) {
        st = kefu_fail(ctx, _("use --grammar answers, or an English acoustic model"), "%s",
                       voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model, msg, sizeof msg));
        goto out;
    }
    if (a.wav) {
        rc = asr_decode_audio(asr, src, &text, &conf);
    } else {
        rc = listen_mic(ctx, asr);
        if (rc == ASR_NODEVICE || rc == ASR_ERROR) {
            st = KEFU_EXIT_FAIL;
            if (rc == ASR_ERROR)
                st = kefu_fail(ctx, _("answer by keyboard, or give a recording with --wav FILE"),
                               "%s", voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model, msg,
                                               sizeof msg));
            goto out;
        }
        if (rc == ASR_OK) {
            text = strdup(asr_text(asr));
            conf = asr_confidence(asr);
        }
    }
    /* The commands grammar finds a path in any audio, silence too (its
     * garbage loop, or a command word at a tiny confidence): with no sound
     * above the noise floor, it is no speech (microphone and file). */
    if (rc == ASR_OK && a.commands && !asr_heard_speech(asr))
        rc = ASR_NOSPEECH;
    double holds = 0, declared = 0;
    bool cut = cut_short(src, &holds, &declared);
    if (rc == ASR_NOSPEECH && cut) {
        st = kefu_fail(ctx, _("record it again, or copy the whole file"),
                       _("no speech heard in %s: the file is cut short, it holds %.1f s of the "
                         "%.1f s its header declares"), a.wav, holds, declared);
        goto out;
    }
    if (cut)    /* what was heard may be only the start of the answer */
        a11y_warning(ctx->out, _("%s is cut short: it holds %.1f s of the %.1f s its header "
                                 "declares; only that part was heard"), a.wav, holds, declared);
    if (rc == ASR_NOSPEECH && asr_heard_speech(asr)) {
        st = no_words(ctx);
        goto out;
    }
    if (rc == ASR_NOSPEECH) {
        st = kefu_fail(ctx, _("speak closer to the microphone, or check the recording"),
                       "%s", _("no speech heard"));
        goto out;
    }
    if (rc == ASR_AUDIO) {
        /* the file opened (open_wav) but its sound cannot be read to the
         * end: damaged, or a compressed file cut short (a FLAC "lost
         * sync"); the library's text does not name the file */
        voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model, msg, sizeof msg);
        st = kefu_fail(ctx, _("record it again, or copy the whole file"),
                       _("%s: %s; the file may be damaged or cut short"), a.wav ? a.wav : "",
                       msg);
        goto out;
    }
    if (rc != ASR_OK || !text) {
        st = rc == ASR_OK ? kefu_fail(ctx, _("close other programs and try again"), "%s",
                                      _("out of memory"))
                          : voice_fail(ctx, voice_msg(VOICE_ASR, rc, asr_errmsg(asr), model,
                                                      msg, sizeof msg),
                                       _("check voice.model_dir with kefu config show"));
        goto out;
    }
    bool accepted = false;
    st = report(ctx, &a, text, conf, asr_warp(asr), &accepted);
    if (accepted)
        voice_asr_save(ctx, asr);
out:
    free(text);
    free(err);
    asr_close(asr);
    audio_in_close(src);
    return st;
}
