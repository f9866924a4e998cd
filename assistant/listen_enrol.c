/* listen_enrol.c -- `kefu listen --enrol`: the prompted enrolment
 * (voice/asr.h, asr_enrol). The trainee says each phrase of
 * asr_enrol_phrases once, from the microphone (prompted in text and speech)
 * or from WAV files named by phrase; the frequency warp that recognises the
 * known text best, and the calibration learnt with it, are stored for the
 * user and acoustic model (kb_voice.h). Every decoder kefu starts later
 * (kefu listen, spoken answers in practice) uses them (voice_asr_open).
 * Nothing is stored until every phrase was heard and the choice made.
 * The microphone half is listen_enrol_mic.c. */
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
#include "listen_enrol_int.h"
#include "voice_cmds.h"

static void clips_free(struct clips *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        free(cl->pcm[i]);
        free(cl->path[i]);
    }
    cl->n = 0;
}

/* Append samples to a growing buffer; -1 out of memory. */
int enrol_append(int16_t **buf, size_t *n, size_t *cap, const int16_t *pcm, size_t k)
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
    if (cl->n >= ENROL_MAX_CLIPS)
        return kefu_fail(ctx, _("give each phrase once"), _("too many recordings (at most %d)"),
                         ENROL_MAX_CLIPS);
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
        if (n + got > (size_t)ENROL_MAX_PHRASE_S * AUDIO_IN_RATE) {
            st = kefu_fail(ctx, _("record one phrase per file"),
                           _("%s: longer than %d seconds"), path, ENROL_MAX_PHRASE_S);
            goto out;
        }
        if (enrol_append(&buf, &n, &cap, chunk, got) < 0) {
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
        st = enrol_clips_from_mic(ctx, &cl);
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
