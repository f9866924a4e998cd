/* cmd_say.c -- `kefu say`: speak text through the chosen speech backend, or
 * write the speech to a WAV file (trainers record prompts with it; tests
 * check it).
 *
 *   kefu say [--wav FILE] [--voice V] [--rate WPM] [--pitch P] [--volume V]
 *            [--dry-run] [--phonemes] TEXT...|-
 *   kefu say --list-voices
 *
 * The text is always printed ("Saying: ...") before it is spoken: speech
 * never carries anything that is not also on the screen (ACCESSIBILITY.md 6).
 * --dry-run prints the plan instead of speaking: each language run, the
 * voice that reads it and the text after number rewriting; --phonemes adds
 * eSpeak NG's phonemes (how tests check that Chinese comes out as Mandarin).
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "i18n.h"

struct say_args {
    const char *wav, *voice;
    int rate, pitch, volume;        /* 0 / -1: not given */
    bool list_voices, dry_run, phonemes;
    int first_text;                 /* argv index of the text */
};

/* ---- arguments ----------------------------------------------------------- */

static int parse_int(struct kefu_ctx *ctx, const char *opt, const char *text,
                     long min, long max, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end) {
        return kefu_usage(ctx, "say", _("%s needs a whole number, not '%s'"), opt, text);
    }
    if (v < min || v > max)
        return kefu_usage(ctx, "say", _("%s %ld is out of range; use %ld to %ld"), opt, v,
                          min, max);
    *out = (int)v;
    return KEFU_EXIT_OK;
}

static int parse_args(struct kefu_ctx *ctx, int argc, char **argv, struct say_args *a)
{
    memset(a, 0, sizeof *a);
    a->pitch = a->volume = -1;
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(arg, "-") == 0 || strncmp(arg, "--", 2) != 0)
            break;
        if (strcmp(arg, "--list-voices") == 0) {
            a->list_voices = true;
            continue;
        }
        if (strcmp(arg, "--dry-run") == 0) {
            a->dry_run = true;
            continue;
        }
        if (strcmp(arg, "--phonemes") == 0) {
            a->dry_run = a->phonemes = true;
            continue;
        }
        /* options with a value: --opt VALUE or --opt=VALUE */
        static const char *const with_value[] = {"--wav", "--voice", "--rate", "--pitch",
                                                 "--volume"};
        const char *value = NULL, *name = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
            size_t n = strlen(with_value[k]);
            if (strncmp(arg, with_value[k], n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
                name = with_value[k];
                if (arg[n] == '=')
                    value = arg + n + 1;
                else if (i + 1 < argc)
                    value = argv[++i];
                break;
            }
        }
        if (!name)
            return kefu_usage(ctx, "say", _("unknown option '%s'"), arg);
        if (!value || !*value)
            return kefu_usage(ctx, "say", _("%s needs a value"), name);
        int rc = KEFU_EXIT_OK;
        if (strcmp(name, "--wav") == 0)
            a->wav = value;
        else if (strcmp(name, "--voice") == 0)
            a->voice = value;
        else if (strcmp(name, "--rate") == 0)
            rc = parse_int(ctx, name, value, 80, 450, &a->rate);
        else if (strcmp(name, "--pitch") == 0)
            rc = parse_int(ctx, name, value, 0, 100, &a->pitch);
        else
            rc = parse_int(ctx, name, value, 0, 200, &a->volume);
        if (rc != KEFU_EXIT_OK)
            return rc;
    }
    a->first_text = i;
    if (!a->list_voices && i >= argc)
        return kefu_usage(ctx, "say", _("'kefu say' needs the text to say, or - to read it "
                                         "from standard input"));
    if (a->list_voices && i < argc)
        return kefu_usage(ctx, "say", _("--list-voices takes no text"));
    return KEFU_EXIT_OK;
}

/* The text: the arguments joined by spaces, or standard input for "-".
 * Caller frees; sets *len (the text may hold NUL bytes from stdin). */
static char *read_text(int argc, char **argv, int first, size_t *len)
{
    if (first == argc - 1 && strcmp(argv[first], "-") == 0) {
        size_t cap = 65536, n = 0;
        char *buf = malloc(cap);
        while (buf) {
            size_t got = fread(buf + n, 1, cap - n, stdin);
            n += got;
            if (got == 0)
                break;
            if (n == cap) {
                char *nb = realloc(buf, cap * 2);
                if (!nb) {
                    free(buf);
                    return NULL;
                }
                buf = nb;
                cap *= 2;
            }
        }
        *len = n;
        return buf;
    }
    size_t total = 1;
    for (int i = first; i < argc; i++)
        total += strlen(argv[i]) + 1;
    char *buf = malloc(total);
    if (!buf)
        return NULL;
    size_t n = 0;
    for (int i = first; i < argc; i++) {
        size_t k = strlen(argv[i]);
        if (i > first)
            buf[n++] = ' ';
        memcpy(buf + n, argv[i], k);
        n += k;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* ---- --list-voices ------------------------------------------------------- */

struct voices { struct kefu_ctx *ctx; json_t *arr; };
static const char *const genders[] = {N_("male"), N_("female")};  /* from eSpeak NG */

static void voice_line(void *arg, const char *lang, const char *name, const char *gender)
{
    struct voices *v = arg;
    if (v->arr) {
        json_array_append_new(v->arr, json_pack("{s:s, s:s, s:s}", "voice", lang, "name",
                                                name, "gender", gender));
        return;
    }
    /* "Label: value; Label: value", in the language's punctuation */
    const char *c = a11y_tag_sep(), *sc = _("; ");
    if (*gender)
        a11y_data(v->ctx->out, "%s%s%s%s%s%s%s%s%s%s%s", _("Voice"), c, lang, sc, _("Name"), c,
                  name, sc, _("Gender"), c,
                  _(strcmp(gender, "male") == 0 ? genders[0] : genders[1]));
    else
        a11y_data(v->ctx->out, "%s%s%s%s%s%s%s", _("Voice"), c, lang, sc, _("Name"), c, name);
}

/* what to do when eSpeak NG's data is missing */
static const char *const no_data_fix =
    N_("sudo apt install espeak-ng-data, or point ESPEAK_DATA_PATH at the folder that holds "
       "espeak-ng-data");

static int list_voices(struct kefu_ctx *ctx)
{
    struct voices v = {ctx, ctx->json ? json_array() : NULL};
    const char *why = NULL;
    int rc = tts_list_voices(voice_line, &v, &why);
    if (rc != TTS_OK) {
        json_decref(v.arr);
        return kefu_fail(ctx, rc == TTS_NODATA ? _(no_data_fix)
                              : _("sudo apt install espeak-ng, then try again"), "%s", why);
    }
    if (v.arr) {
        char *text = json_dumps(v.arr, JSON_INDENT(2));
        json_decref(v.arr);
        if (!text)
            return kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
        a11y_data(ctx->out, "%s", text);
        free(text);
    }
    return KEFU_EXIT_OK;
}

/* ---- --dry-run ----------------------------------------------------------- */

struct plan { struct kefu_ctx *ctx; json_t *arr; };

static void plan_line(void *arg, const char *voice, const char *text, const char *phonemes)
{
    struct plan *p = arg;
    if (p->arr) {
        json_t *o = json_pack("{s:s, s:s}", "voice", voice, "text", text);
        if (phonemes)
            json_object_set_new(o, "phonemes", json_string(phonemes));
        json_array_append_new(p->arr, o);
        return;
    }
    const char *c = a11y_tag_sep(), *sc = _("; ");
    if (phonemes)
        a11y_data(p->ctx->out, "%s%s%s%s%s%s%s%s%s%s%s", _("Voice"), c, voice, sc, _("Text"), c,
                  text, sc, _("Phonemes"), c, phonemes);
    else
        a11y_data(p->ctx->out, "%s%s%s%s%s%s%s", _("Voice"), c, voice, sc, _("Text"), c, text);
}

/* ---- the command --------------------------------------------------------- */

/* Exit status for a failed tts call: bad settings are usage errors. Every
 * error says what to do (ACCESSIBILITY.md 5); wav: the --wav path, or NULL. */
static int tts_error(struct kefu_ctx *ctx, tts_t *t, int rc, const char *wav)
{
    const char *msg = t ? tts_errmsg(t) : "out of memory";
    switch (rc) {
    case TTS_INVALID:
        return kefu_usage(ctx, "say", "%s", msg);
    case TTS_NODATA:
        return kefu_fail(ctx, _(no_data_fix), "%s", msg);
    default:
        if (!t)
            return kefu_fail(ctx, _("close other programs and try again"), "%s", msg);
        if (wav)
            return kefu_fail(ctx, _("check that the folder exists and that you may write in it, "
                                    "or give another file with --wav"), "%s", msg);
        return kefu_fail(ctx, _("check the sound device, or write the speech to a file with "
                                "--wav FILE"), "%s", msg);
    }
}

static int apply_settings(struct kefu_ctx *ctx, tts_t *t, const struct say_args *a)
{
    const char *zh = config_get(ctx->cfg, "speech.voice_zh");
    int rc = TTS_OK;
    if (zh && *zh)
        rc = tts_set_voice(t, zh);
    if (rc == TTS_OK && a->voice)
        rc = tts_set_voice(t, a->voice);
    if (rc == TTS_OK && a->rate)
        rc = tts_set_rate(t, a->rate);
    if (rc == TTS_OK && a->pitch >= 0)
        rc = tts_set_pitch(t, a->pitch);
    if (rc == TTS_OK && a->volume >= 0)
        rc = tts_set_volume(t, a->volume);
    return rc;
}

int cmd_say(struct kefu_ctx *ctx, int argc, char **argv)
{
    struct say_args a;
    int ret = parse_args(ctx, argc, argv, &a);
    if (ret != KEFU_EXIT_OK)
        return ret;
    if (a.list_voices)
        return list_voices(ctx);

    size_t len = 0, nbad = 0;
    char *raw = read_text(argc, argv, a.first_text, &len);
    char *text = raw ? tts_text_clean(raw, len, &nbad) : NULL;
    free(raw);
    if (!text)
        return kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
    if (nbad)
        a11y_warning(ctx->out, _("the text has %zu byte(s) that are not valid UTF-8; "
                                 "they were replaced with \xEF\xBF\xBD"), nbad);
    tts_t *own = NULL, *t = NULL;
    if (blank(text)) {                                /* nothing to say: fine */
        ret = KEFU_EXIT_OK;
        goto out;
    }

    const char *cfg_voice = config_get(ctx->cfg, "speech.voice");
    struct tts_options opts = {
        .wav_path = a.wav,
        .voice = cfg_voice && *cfg_voice ? cfg_voice : NULL,
        .rate_wpm = (int)config_int(ctx->cfg, "speech.rate"),
        .pitch = (int)config_int(ctx->cfg, "speech.pitch"),
        .volume = (int)config_int(ctx->cfg, "speech.volume"),
        .lang = ctx->lang,
    };
    /* check the settings before anything opens a device or a file */
    int rc = tts_open(&own, "none", &opts);
    if (rc == TTS_OK)
        rc = apply_settings(ctx, own, &a);
    if (rc != TTS_OK) {
        ret = tts_error(ctx, own, rc, a.wav);
        goto out;
    }
    tts_close(own);
    own = NULL;
    if (a.dry_run || a.wav) {
        rc = tts_open(&own, a.dry_run ? "none" : "wav", &opts);
        t = own;
        if (rc != TTS_OK) {
            ret = tts_error(ctx, t, rc, a.wav);
            goto out;
        }
    } else {
        t = kefu_tts(ctx);                            /* falls back to text, saying so */
        if (!t) {
            ret = kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
            goto out;
        }
    }
    rc = apply_settings(ctx, t, &a);
    if (rc != TTS_OK) {
        ret = tts_error(ctx, t, rc, a.wav);
        goto out;
    }

    if (a.dry_run) {
        struct plan p = {ctx, ctx->json ? json_array() : NULL};
        rc = tts_plan(t, text, a.phonemes, plan_line, &p);
        if (p.arr) {
            char *js = rc == TTS_OK ? json_dumps(p.arr, JSON_INDENT(2)) : NULL;
            if (js)
                a11y_data(ctx->out, "%s", js);
            free(js);
            json_decref(p.arr);
        }
        ret = rc == TTS_OK ? KEFU_EXIT_OK : tts_error(ctx, t, rc, a.wav);
        goto out;
    }

    /* print first, then speak: the screen always has what the speaker says */
    a11y_out_set_tts(ctx->out, NULL);
    a11y_say(ctx->out, A11Y_PLAIN, "%s %s", _("Saying:"), text);
    rc = tts_speak(t, text, TTS_PRIO_MESSAGE);
    if (rc == TTS_OK)
        rc = tts_wait(t);
    if (!own)
        a11y_out_set_tts(ctx->out, t);
    if (rc != TTS_OK) {
        ret = kefu_fail(ctx, a.wav ? _("check the disk and the path of the WAV file")
                                   : _("check the sound device, or write the speech to a file "
                                       "with --wav FILE"),
                        "%s", tts_errmsg(t));
        goto out;
    }
    if (a.wav) {
        tts_close(own);                               /* finishes the file */
        own = NULL;
        a11y_say(ctx->out, A11Y_INFO, _("wrote the speech to %s"), a.wav);
    } else if (ctx->speech && strcmp(ctx->speech, "auto") && strcmp(ctx->speech, "none") &&
               strcmp(tts_backend_name(t), ctx->speech)) {
        /* the backend asked for by name fell back to text: the text is
         * printed, but what was asked for (speech) did not happen */
        ret = kefu_fail(ctx, _("check the sound device, or use --speech auto to carry on in "
                               "text, or --wav FILE to write the speech to a file"),
                        _("nothing was spoken: the %s speech backend is not available"),
                        ctx->speech);
        goto out;
    }
    ret = KEFU_EXIT_OK;
out:
    tts_close(own);
    free(text);
    return ret;
}
