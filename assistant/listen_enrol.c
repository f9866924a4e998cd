/* listen_enrol.c -- `kefu listen --enrol`: the prompted enrolment
 * (voice/asr.h, asr_enrol). The trainee says each phrase of
 * asr_enrol_phrases once, from the microphone (prompted in text and speech)
 * or from WAV files named by phrase; the frequency warp that recognises the
 * known text best, and the calibration learnt with it, are stored for the
 * user and acoustic model (kb_voice.h). Every decoder kefu starts later
 * (kefu listen, spoken answers in practice) uses them (voice_asr_open).
 * Nothing is stored until every phrase was heard and the choice made. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "audio_in.h"
#include "clock.h"
#include "config.h"
#include "i18n.h"
#include "kb_voice.h"
#include "voice_cmds.h"

enum { MAX_PHRASE_S = 20, MAX_TRIES = 3, MAX_CLIPS = 64 };

struct clips {
    struct asr_enrol_clip c[MAX_CLIPS];
    int16_t *pcm[MAX_CLIPS];
    char *path[MAX_CLIPS];      /* the file, or NULL (microphone) */
    size_t n;
};

static void clips_free(struct clips *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        free(cl->pcm[i]);
        free(cl->path[i]);
    }
    cl->n = 0;
}

/* Append samples to a growing buffer; -1 out of memory. */
static int append(int16_t **buf, size_t *n, size_t *cap, const int16_t *pcm, size_t k)
{
    if (*n + k > *cap) {
        size_t c = (*cap + k) * 2;
        int16_t *b = realloc(*buf, c * sizeof *b);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *n, pcm, k * sizeof *pcm);
    *n += k;
    return 0;
}

/* ---- from files ------------------------------------------------------------ */

/* The phrase a file is named after: "look-up-order-one-two.wav",
 * "01_next.wav", "start work.wav" (case, '-' and '_' do not matter; a
 * leading number is a running number). NULL: no enrolment phrase. */
static const char *phrase_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[256];
    size_t n = 0;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t i = strspn(base, "0123456789");
    if (i == len || !strchr(" -_.", base[i]))
        i = 0;       /* no running number */
    for (; i < len && n + 1 < sizeof name; i++) {
        char c = (char)tolower((unsigned char)base[i]);
        if (c == '-' || c == '_' || c == ' ') {
            if (n && name[n - 1] != ' ')
                name[n++] = ' ';
            continue;
        }
        name[n++] = c;
    }
    while (n && name[n - 1] == ' ')
        n--;
    name[n] = '\0';
    for (size_t k = 0; asr_enrol_phrases[k]; k++)
        if (strcmp(name, asr_enrol_phrases[k]) == 0)
            return asr_enrol_phrases[k];
    return NULL;
}

/* The phrase's number in kefu listen --enrol --list (1-based). */
static size_t phrase_no(const char *phrase)
{
    size_t k = 0;
    while (asr_enrol_phrases[k] && asr_enrol_phrases[k] != phrase)
        k++;
    return k + 1;
}

/* The file name a phrase is looked for under in a directory. */
static void file_name_of(const char *phrase, char *buf, size_t len)
{
    snprintf(buf, len, "%s.wav", phrase);
    for (char *p = buf; *p; p++)
        if (*p == ' ')
            *p = '-';
}

static int read_clip(struct kefu_ctx *ctx, struct clips *cl, const char *path, const char *phrase)
{
    audio_in_t *a = NULL;
    int16_t *buf = NULL, chunk[4096];
    size_t n = 0, cap = 0;
    int st = KEFU_EXIT_OK;
    if (cl->n >= MAX_CLIPS)
        return kefu_fail(ctx, _("give each phrase once"), _("too many recordings (at most %d)"),
                         MAX_CLIPS);
    char msg[600];
    int rc = audio_in_open_file(&a, path);
    if (rc != AUDIO_IN_OK) {
        st = kefu_fail(ctx, _("give a WAV file, e.g. one written by kefu say --wav FILE"),
                       "%s", a ? voice_msg(VOICE_AUDIO, rc, audio_in_errmsg(a), NULL, msg,
                                           sizeof msg)
                               : _("out of memory"));
        goto out;
    }
    for (;;) {
        size_t got = 0;
        rc = audio_in_read(a, chunk, 4096, &got);
        if (rc != AUDIO_IN_OK) {
            st = kefu_fail(ctx, _("give a WAV file, e.g. one written by kefu say --wav FILE"),
                           "%s", voice_msg(VOICE_AUDIO, rc, audio_in_errmsg(a), NULL, msg,
                                           sizeof msg));
            goto out;
        }
        if (!got)
            break;
        if (n + got > (size_t)MAX_PHRASE_S * AUDIO_IN_RATE) {
            st = kefu_fail(ctx, _("record one phrase per file"),
                           _("%s: longer than %d seconds"), path, MAX_PHRASE_S);
            goto out;
        }
        if (append(&buf, &n, &cap, chunk, got) < 0) {
            st = kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
            goto out;
        }
    }
    if (!n) {
        st = kefu_fail(ctx, _("record the phrase again"), _("%s: no sound in the file"), path);
        goto out;
    }
    cl->pcm[cl->n] = buf;
    cl->path[cl->n] = strdup(path);
    cl->c[cl->n++] = (struct asr_enrol_clip){phrase, buf, n};
    buf = NULL;
out:
    free(buf);
    audio_in_close(a);
    return st;
}

/* A file in dir named after phrase as --wav accepts it ("02_Next.wav",
 * "start work.wav"), when the exact name is not there: a recorder's own
 * numbering or capitals should not make a trainee rename 19 files. The
 * first in name order; false: none. */
static bool dir_find(const char *dir, const char *phrase, char *path, size_t len)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    bool found = false;
    for (int i = 0; i < n; i++) {
        const char *nm = ents[i]->d_name;
        const char *dot = strrchr(nm, '.');
        if (!found && dot && strcasecmp(dot, ".wav") == 0 && phrase_of(nm) == phrase) {
            snprintf(path, len, "%s/%s", dir, nm);
            found = true;
        }
        free(ents[i]);
    }
    free(ents);
    return found;
}

static int clips_from_files(struct kefu_ctx *ctx, const struct listen_enrol_args *a,
                            struct clips *cl)
{
    if (a->wav_dir) {
        struct stat sb;
        int gone = stat(a->wav_dir, &sb) != 0 ? errno : 0;
        if (gone || !S_ISDIR(sb.st_mode))
            return kefu_fail(ctx, _("give a folder of recordings named by phrase"),
                             gone == ENOENT ? _("there is no folder %s")
                             : gone ? _("%s cannot be opened") : _("%s is not a folder"),
                             a->wav_dir);
        for (size_t k = 0; asr_enrol_phrases[k]; k++) {
            char name[128], path[4096];
            file_name_of(asr_enrol_phrases[k], name, sizeof name);
            snprintf(path, sizeof path, "%s/%s", a->wav_dir, name);
            if (stat(path, &sb) != 0 && !dir_find(a->wav_dir, asr_enrol_phrases[k], path,
                                                   sizeof path))
                return kefu_fail(ctx, _("record every phrase (kefu listen --enrol --list "
                                        "shows them and their file names)"),
                                 _("%s: no recording of phrase %zu \"%s\" (want %s)"),
                                 a->wav_dir, k + 1, asr_enrol_phrases[k], name);
            int st = read_clip(ctx, cl, path, asr_enrol_phrases[k]);
            if (st != KEFU_EXIT_OK)
                return st;
        }
    }
    for (int i = 0; i < a->nwav; i++) {
        const char *phrase = phrase_of(a->wav[i]);
        if (!phrase)
            return kefu_fail(ctx, _("name each file after its phrase, e.g. "
                                    "look-up-order-one-two-three-four-five.wav (kefu listen "
                                    "--enrol --list shows them)"),
                             _("%s: not named after an enrolment phrase"), a->wav[i]);
        for (size_t k = 0; k < cl->n; k++)
            if (cl->c[k].text == phrase)
                return kefu_fail(ctx, _("give each phrase once"),
                                 _("%s and %s are both the phrase \"%s\""), cl->path[k],
                                 a->wav[i], phrase);
        int st = read_clip(ctx, cl, a->wav[i], phrase);
        if (st != KEFU_EXIT_OK)
            return st;
    }
    /* Every phrase, as from the microphone: a warp chosen on a few words
     * would replace a good enrolment with a guess (one "next" chose no
     * warp and was stored over a full enrolment). */
    for (size_t k = 0; asr_enrol_phrases[k]; k++) {
        bool have = false;
        for (size_t j = 0; j < cl->n && !have; j++)
            have = cl->c[j].text == asr_enrol_phrases[k];
        if (!have) {
            char name[128];
            file_name_of(asr_enrol_phrases[k], name, sizeof name);
            return kefu_fail(ctx, _("record every phrase (kefu listen --enrol --list "
                                    "shows them and their file names); nothing was stored"),
                             _("no recording of phrase %zu \"%s\" (e.g. %s)"), k + 1,
                             asr_enrol_phrases[k], name);
        }
    }
    return KEFU_EXIT_OK;
}

/* ---- from the microphone --------------------------------------------------- */

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
    for (int i = 0; i < MAX_PHRASE_S * 10; i++) {
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
        if (append(&buf, &n, &cap, chunk, got) < 0 || asr_feed(vad, chunk, got, &ended) != ASR_OK) {
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

static int clips_from_mic(struct kefu_ctx *ctx, struct clips *cl)
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
        int r = 1;
        int16_t *kept = NULL;
        size_t nkept = 0;
        for (int t = 0; t < MAX_TRIES && r != 0; t++) {
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
                st = kefu_fail(ctx, MIC_FIX, _("cannot record from the microphone: %s"),
                               mic_reason(mic, rc, why, sizeof why));
                goto out;
            }
            int16_t *pcm = NULL;
            size_t n = 0;
            r = record_phrase(ctx, vad, mic, push, &pcm, &n);
            audio_in_close(mic);
            mic = NULL;
            if (r < 0) {
                free(kept);
                st = KEFU_EXIT_FAIL;
                goto out;
            }
            if (r == 2) {
                free(kept);
                kept = pcm;
                nkept = n;
            } else if (r == 0) {
                free(kept);
                kept = NULL;
                cl->pcm[cl->n] = pcm;
                cl->path[cl->n] = NULL;
                cl->c[cl->n++] = (struct asr_enrol_clip){asr_enrol_phrases[k], pcm, n};
                break;
            }
            if (t + 1 == MAX_TRIES)
                break;
            if (r == 2)
                a11y_say(ctx->out, A11Y_WARNING,
                         _("I heard sound but no words; please say \"%s\" again, the same way."),
                         asr_enrol_phrases[k]);
            else
                a11y_say(ctx->out, A11Y_WARNING, "%s", _("No speech heard; please say it again."));
        }
        if (r != 0 && kept) {
            cl->pcm[cl->n] = kept;
            cl->path[cl->n] = NULL;
            cl->c[cl->n++] = (struct asr_enrol_clip){asr_enrol_phrases[k], kept, nkept};
            r = 0;
        }
        if (r == 1) {
            st = kefu_fail(ctx, _("speak closer to the microphone, then run kefu listen "
                                  "--enrol again; nothing was stored"),
                           _("no speech heard for \"%s\""), asr_enrol_phrases[k]);
            goto out;
        }
    }
out:
    free(err);
    asr_close(vad);
    audio_in_close(mic);
    return st;
}

/* ---- choosing and storing -------------------------------------------------- */

struct enrol_run {
    struct kefu_ctx *ctx;
    const struct clips *cl;
    const struct asr_enrol_result *res;     /* being filled by asr_enrol */
    int calls;
    bool named;                             /* the wordless phrases were named */
};

/* "stop.wav: phrase 10 ("stop"): sound but no words recognised; ...": one
 * warning per wordless phrase, with the file to record again. */
static void name_wordless(struct kefu_ctx *ctx, const struct clips *cl,
                          const struct asr_enrol_result *r)
{
    for (int i = 0; i < r->nwordless; i++) {
        int k = r->wordless_clips[i];
        const char *file = cl->path[k];
        const char *fmt = _("%s%sphrase %zu (\"%s\"): sound but no words recognised; counted as "
                            "misheard. If that recording is not you saying it, record it "
                            "again");
        if (ctx->json)
            a11y_warning(ctx->out, fmt, file ? file : "", file ? ": " : "",
                         phrase_no(cl->c[k].text), cl->c[k].text);
        else
            a11y_say(ctx->out, A11Y_WARNING, fmt, file ? file : "", file ? ": " : "",
                     phrase_no(cl->c[k].text), cl->c[k].text);
    }
}

/* A line per quarter or per 5 seconds (ACCESSIBILITY.md 2), not one per
 * setting: nine lines of "warp 1.15" read aloud tell a listener nothing.
 * A second round (phrases with no words in them, checked again without
 * them) is said, with those phrases, when it starts: a trainee waiting
 * twice as long should know why. */
static void progress(void *arg, double warp, int i, int n)
{
    struct enrol_run *run = arg;
    struct kefu_ctx *ctx = run->ctx;
    (void)warp;
    bool again = i == 0 && run->calls++ > 0;
    if (ctx->json)
        return;
    if (again && run->res->nwordless > 0) {
        a11y_progress(ctx->out, _("Voice check"), 100);
        if (ctx->tts)
            tts_wait(ctx->tts);
        name_wordless(ctx, run->cl, run->res);
        run->named = true;
        a11y_say(ctx->out, A11Y_INFO, _("Checking the other %zu phrases again without them."),
                 run->cl->n - (size_t)run->res->nwordless);
    }
    a11y_progress(ctx->out, _("Voice check"), n > 0 ? 100 * i / n : 0);
}

static int report(struct kefu_ctx *ctx, const struct asr_enrol_result *r, const struct clips *cl,
                  bool named, const char *model)
{
    if (ctx->json) {
        json_t *ws = json_array(), *mis = json_array();
        for (int i = 0; ws && i < r->nwarps; i++)
            json_array_append_new(ws, json_pack("{s:f, s:i}", "warp", r->warps[i], "errors",
                                                r->warp_errors[i]));
        for (int i = 0; mis && i < r->nwordless; i++)
            json_array_append_new(mis, json_integer((json_int_t)phrase_no(
                                           cl->c[r->wordless_clips[i]].text)));
        json_t *o = json_pack("{s:s, s:s, s:f, s:s, s:i, s:i, s:i, s:i, s:o, s:o, s:b}", "user",
                              ctx->user, "model", model, "warp", r->warp, "meaning",
                              voice_warp_meaning(r->warp), "phrases", (int)cl->n, "words",
                              r->words, "errors", r->errors, "errors_none", r->errors_none,
                              "tried", ws ? ws : json_null(), "misheard_phrases",
                              mis ? mis : json_null(), "stored", 1);
        name_wordless(ctx, cl, r);      /* on stderr */
        return voice_print_json(ctx, o);
    }
    a11y_progress(ctx->out, _("Voice check"), 100);
    /* The result is an Info line, which kefu's speech drops while anything
     * is still being said (a progress line): wait, so that it is heard. */
    if (ctx->tts)
        tts_wait(ctx->tts);
    /* what it means first, the number last (ACCESSIBILITY.md 4) */
    a11y_say(ctx->out, A11Y_INFO, _("Enrolled: %s (warp %.2f)."), voice_warp_meaning(r->warp),
             r->warp);
    if (fabs(r->warp - 1.0) < 1e-6)
        a11y_say(ctx->out, A11Y_PLAIN, _("Of the %d words you said, %d were misheard."),
                 r->words, r->errors);
    else
        a11y_say(ctx->out, A11Y_PLAIN,
                 _("Of the %d words you said, %d were misheard with this setting and %d "
                   "without it."), r->words, r->errors, r->errors_none);
    if (!named)
        name_wordless(ctx, cl, r);
    a11y_say(ctx->out, A11Y_PLAIN,
             _("Saved for %s with the model in %s: kefu listen and spoken answers in practice "
               "use it from now on."), ctx->user, model);
    return KEFU_EXIT_OK;
}

/* "1, 2, 10": clips of a refused enrolment, by their phrase numbers in
 * kefu listen --enrol --list (which gives their file names). */
static void phrase_list(const struct clips *cl, const int *which, int nwhich, char *buf,
                        size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < nwhich && at < len; i++) {
        int m = snprintf(buf + at, len - at, "%s%zu", i ? ", " : "",
                         phrase_no(cl->c[which[i]].text));
        if (m < 0)
            break;
        at += (size_t)m;
    }
}

int listen_enrol(struct kefu_ctx *ctx, const struct listen_enrol_args *a)
{
    struct clips cl = {0};
    int st;
    const char *model = voice_model_dir(ctx);
    kb_t *kb = kefu_kb(ctx);
    if (!kb)
        return KEFU_EXIT_FAIL;          /* kefu_kb reported it */
    if (a->wav_dir || a->nwav)
        st = clips_from_files(ctx, a, &cl);
    else
        st = clips_from_mic(ctx, &cl);
    if (st != KEFU_EXIT_OK)
        goto out;
    if (!ctx->json)
        a11y_say(ctx->out, A11Y_INFO, _("Checking %zu phrases at each setting; this takes a "
                                        "little while."), cl.n);
    struct asr_options o = {.model_dir = model, .commands = voice_cmd_phrases()};
    struct asr_enrol_result r;
    struct enrol_run run = {.ctx = ctx, .cl = &cl, .res = &r};
    char err[1024];
    int rc = asr_enrol(&o, cl.c, cl.n, NULL, progress, &run, &r, err, sizeof err);
    if (rc == ASR_NOSPEECH && r.silent < 0 &&
        asr_enrol_not_phrases((size_t)r.nwordless, (size_t)r.nunmatched, cl.n)) {
        /* Not the phrases said in English: most of them sound without a
         * word (tones, noise), or nearly all without one of their own
         * words (another language, the wrong folder). A voice misheard
         * here and there enrols, its wordless phrases named. */
        char list[2048];
        const char *fix = _("record the phrases again, each said in English as written (kefu "
                            "listen --enrol --list shows them and their file names); nothing "
                            "was stored");
        if (2 * (size_t)r.nwordless >= cl.n) {
            phrase_list(&cl, r.wordless_clips, r.nwordless, list, sizeof list);
            st = kefu_fail(ctx, fix,
                           _("sound but no words recognised in %d of %zu phrases (phrases %s): "
                             "these recordings are not the phrases said in English"),
                           r.nwordless, cl.n, list);
        } else {
            phrase_list(&cl, r.unmatched_clips, r.nunmatched, list, sizeof list);
            st = kefu_fail(ctx, fix,
                           _("not one word of the phrase recognised in %d of %zu phrases "
                             "(phrases %s): these recordings are not the phrases said in "
                             "English"), r.nunmatched, cl.n, list);
        }
        goto out;
    }
    if (rc == ASR_NOSPEECH) {
        /* said here rather than with asr_enrol's English text: in the
         * trainee's language, numbered as kefu listen --enrol --list does */
        bool which = r.silent >= 0 && (size_t)r.silent < cl.n;
        const char *file = which ? cl.path[r.silent] : NULL;
        if (which)
            st = kefu_fail(ctx, _("record that phrase again; nothing was stored"),
                           _("%s%sno speech heard in phrase %zu (\"%s\")"), file ? file : "",
                           file ? ": " : "", phrase_no(cl.c[r.silent].text),
                           cl.c[r.silent].text);
        else
            st = kefu_fail(ctx, _("record that phrase again; nothing was stored"), "%s", err);
        goto out;
    }
    if (rc != ASR_OK) {
        char msg[1024];
        st = voice_fail(ctx, voice_msg(VOICE_ASR, rc, err, model, msg, sizeof msg),
                        _("check voice.model_dir with kefu config show; nothing was stored"));
        goto out;
    }
    if (kb_voice_enrolment_set(kb, ctx->user, model, r.cmn, r.warp, r.words, r.errors,
                               r.errors_none, clock_now()) != KB_OK) {
        st = kefu_fail(ctx, _("check the database with kefu config show"),
                       _("cannot store the enrolment: %s"), kb_errmsg(kb));
        goto out;
    }
    st = report(ctx, &r, &cl, run.named, model);
out:
    clips_free(&cl);
    return st;
}

/* "Phrase 1: look up order ...; file: look-up-order-....wav": a labelled
 * line each (ACCESSIBILITY.md 3), not columns that a screen reader runs
 * together; --json: [{"n":1,"phrase":...,"file":...}, ...]. */
int listen_enrol_list(struct kefu_ctx *ctx)
{
    json_t *arr = ctx->json ? json_array() : NULL;
    if (ctx->json && !arr)
        return kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
    for (size_t k = 0; asr_enrol_phrases[k]; k++) {
        char name[128];
        file_name_of(asr_enrol_phrases[k], name, sizeof name);
        if (arr)
            json_array_append_new(arr, json_pack("{s:i, s:s, s:s}", "n", (int)(k + 1), "phrase",
                                                 asr_enrol_phrases[k], "file", name));
        else
            a11y_data(ctx->out, _("Phrase %zu: %s; file: %s"), k + 1, asr_enrol_phrases[k],
                      name);
    }
    if (!arr)
        return KEFU_EXIT_OK;
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    if (!s)
        return kefu_fail(ctx, _("close other programs and try again"), "%s", _("out of memory"));
    a11y_data(ctx->out, "%s", s);
    free(s);
    return KEFU_EXIT_OK;
}

int listen_enrol_show(struct kefu_ctx *ctx, asr_t *asr, bool json)
{
    struct kb_voice_profile p = {.warp = 1.0};
    kb_t *kb = kefu_kb(ctx);
    const char *model = voice_model_dir(ctx);
    if (kb)
        kb_voice_profile_get(kb, ctx->user, model, &p);
    double warp = asr ? asr_warp(asr) : p.warp;
    int st = KEFU_EXIT_OK;
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:f, s:s, s:b}", "user", ctx->user, "model", model,
                              "warp", warp, "meaning", voice_warp_meaning(warp), "enrolled",
                              p.enrolled != 0);
        if (o && p.enrolled) {
            json_object_set_new(o, "words", json_integer(p.words));
            json_object_set_new(o, "errors", json_integer(p.errors));
            json_object_set_new(o, "errors_none", json_integer(p.errors_none));
        }
        st = voice_print_json(ctx, o);
    } else if (p.enrolled) {
        a11y_say(ctx->out, A11Y_INFO, _("Enrolment of %s: %s (warp %.2f, model in %s)."),
                 ctx->user, voice_warp_meaning(warp), warp, model);
        if (fabs(warp - 1.0) < 1e-6)
            a11y_say(ctx->out, A11Y_PLAIN, _("Of the %d words said then, %d were misheard."),
                     p.words, p.errors);
        else
            a11y_say(ctx->out, A11Y_PLAIN,
                     _("Of the %d words said then, %d were misheard with this setting and %d "
                       "without it."), p.words, p.errors, p.errors_none);
    } else {
        a11y_say(ctx->out, A11Y_INFO,
                 _("No enrolment for %s with the model in %s: no warp is used. To enrol: "
                   "kefu listen --enrol"), ctx->user, model);
    }
    kb_voice_profile_free(&p);
    return st;
}
