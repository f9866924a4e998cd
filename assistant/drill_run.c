/* drill_run.c -- `kefu drill run FILE --answers FILE [--json]`, or
 * `--answers-wav DIR` (001.wav, 002.wav, ... one per turn, recognised as
 * spoken answers), or `--model-answers` (each turn's own model answer in
 * --lang: a trainer's check that a rubric accepts its model).
 *
 * Every turn of the drill's steps (its scenarios and `use:` ones, in order)
 * takes the next answer and is scored against its rubric. A missing answer
 * or WAV stops the run with an error naming the turn, after reporting the
 * turns already scored (exit 1); such a drill is not finished, so never
 * passed. The drill passes when every turn is answered and the mean turn
 * score reaches the file's `pass:` (70 when not given). JSON
 * (ARCHITECTURE.md): {"drill":…, "score":…, "passed":…, "turns":[{"scenario":…,
 * "turn":N, "score":…, "fatal":…, "passed":…, "sections":[{"name":…,
 * "weight":…, "hit":…, "matched":…}]}], "finished":…, "answered":N,
 * "total":N}
 *
 * Nothing is stored: drill run is a dry run of a script (a trainer's check);
 * a trainee's practice is recorded by `kefu practice --drill FILE`, which
 * also reads answers line by line from a pipe.
 *
 * An answers line that is not valid UTF-8 is scored with the bad bytes
 * replaced (U+FFFD), after a warning naming FILE:LINE.
 */
#include "drill.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "practice.h"
#include "practice_voice.h"
#include "voice_cmds.h"

struct run {
    struct kefu_ctx *ctx;
    const char *file;
    FILE *answers;
    const char *answers_name;   /* as given, for FILE:LINE warnings */
    size_t answers_line;
    const char *wav_dir;
    bool model;
    bool json;
    kb_lang lang;
    int pass;
    json_t *turns;
    long sum;
    size_t n;
    size_t total;               /* turns in the drill */
    practice_asr_t *asr;
};

/* Replace each byte that does not start or continue a valid UTF-8 sequence
 * with U+FFFD, in a new string; NULL when s is valid (nothing to do) or out
 * of memory (*oom set). Overlongs, surrogates and > U+10FFFF are invalid. */
static char *utf8_repair(const char *s, bool *oom)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), o = 0;
    char *out = NULL;
    *oom = false;
    for (size_t i = 0; i < len;) {
        unsigned c = p[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = n > 0 && i + n <= len;
        for (size_t k = 1; ok && k < n; k++)
            ok = (p[i + k] & 0xC0) == 0x80;
        if (ok && n == 2)
            ok = c >= 0xC2;
        if (ok && n == 3) {
            unsigned cp = (c & 0x0F) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && n == 4) {
            unsigned cp = (c & 0x07) << 18 | (p[i + 1] & 0x3Fu) << 12;
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!ok && !out) {          /* first bad byte: copy what came before */
            if (!(out = malloc(len * 3 + 1))) {
                *oom = true;
                return NULL;
            }
            memcpy(out, s, i);
            o = i;
        }
        if (!ok) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            continue;
        }
        if (out)
            memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    if (out)
        out[o] = '\0';
    return out;
}

/* The next answer for global turn number k (1-based); NULL with a message
 * already printed when there is none. Caller frees. */
static char *next_answer(struct run *r, size_t k, const kb_scenario *sc, size_t t,
                         const score_rubric_t *rub, score_input *mode)
{
    *mode = SCORE_TYPED;
    if (r->model) {
        const char *a = practice_text(sc->turns[t].answer, r->lang);
        if (!a) {
            kefu_fail(r->ctx, _("add an 'answer:' line to that turn"),
                      _("turn %zu (%s, turn %zu) has no model answer"), k, sc->slug, t + 1);
            return NULL;
        }
        (void)rub;
        return score_render(a, NULL, NULL);
    }
    if (r->wav_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%03zu.wav", r->wav_dir, k);
        char *text = NULL, *err = NULL;
        *mode = SCORE_SPOKEN;
        if (practice_asr_file(r->ctx, &r->asr, path, &text, &err) != 0) {
            /* a voice error may carry its own ". Try: " (a missing model):
             * then that fix is the one given, once */
            char what[1024];
            snprintf(what, sizeof what, _("turn %zu (%s, turn %zu): %s"), k, sc->slug, t + 1,
                     err ? err : _("cannot recognise the recording"));
            voice_fail(r->ctx, what, _("record one WAV per turn, named 001.wav, 002.wav and so on"));
            free(err);
            return NULL;
        }
        return text;
    }
    char *line = NULL;
    size_t cap = 0;
    errno = 0;
    ssize_t got = getline(&line, &cap, r->answers);
    if (got < 0) {
        free(line);
        if (errno)
            kefu_fail(r->ctx, _("check that --answers names a readable text file"),
                      _("turn %zu (%s, turn %zu): cannot read the answers "
                                      "file: %s"), k, sc->slug, t + 1, strerror(errno));
        else
            kefu_fail(r->ctx, _("give one answer per line, one line per turn"),
                      _("the answers file ends before turn %zu (%s, turn %zu); %zu "
                        "answers for more turns"), k, sc->slug, t + 1, k - 1);
        return NULL;
    }
    r->answers_line++;
    while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
        line[--got] = '\0';
    bool oom;
    char *fixed = utf8_repair(line, &oom);
    if (oom) {
        free(line);
        kefu_fail(r->ctx, _("close other programs and try again"), _("out of memory"));
        return NULL;
    }
    if (fixed) {
        a11y_warning(r->ctx->out, _("%s:%zu: the answer is not valid UTF-8; the bad bytes "
                                    "were replaced. Save the file as UTF-8"),
                     r->answers_name, r->answers_line);
        free(line);
        line = fixed;
    }
    practice_clip_answer(r->ctx, line);
    return line;
}

static void say_turn(struct run *r, const kb_scenario *sc, size_t t, const char *answer,
                     score_input mode, const score_rubric_t *rub, const score_result *res)
{
    if (r->json)
        return;
    if (mode == SCORE_SPOKEN)   /* a silent recording: said, not an empty line */
        a11y_say(r->ctx->out, A11Y_YOU_SAID, "%s", *answer ? answer : _("(nothing was heard)"));
    score_feedback fb;
    if (score_feedback_build(rub, answer, res, r->pass, r->lang, &fb) != SCORE_OK)
        return;
    for (size_t i = 0; i < fb.n; i++) {
        if (i == 0)
            a11y_say(r->ctx->out, fb.lines[i].kind, _("%s turn %zu: %s"), sc->slug, t + 1,
                     fb.lines[i].text);
        else
            a11y_say(r->ctx->out, fb.lines[i].kind, "%s", fb.lines[i].text);
    }
    score_feedback_free(&fb);
}

/* Score one turn; returns 0, or 1 when the run must stop (printed). */
static int run_turn(struct run *r, const kb_scenario *sc, size_t t, practice_order_t *po)
{
    score_rubric_t *rub = NULL;
    score_result res = {0};
    char *answer = NULL;
    int rc = 1;
    score_input mode;

    if (score_rubric_new(&rub, &sc->turns[t], practice_order_fill, po) != SCORE_OK) {
        kefu_fail(r->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    if (!(answer = next_answer(r, r->n + 1, sc, t, rub, &mode)))
        goto out;
    if (r->model) {                 /* placeholders of the model answer */
        free(answer);
        answer = score_render(practice_text(sc->turns[t].answer, r->lang),
                              practice_order_fill, po);
        if (!answer)
            goto out;
    }
    if (practice_asr_score(r->asr, rub, answer, mode, &res) != SCORE_OK) {
        kefu_fail(r->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    bool passed = !res.fatal && res.score >= r->pass;
    char *sections = practice_sections_json(&res);
    json_t *secs = sections ? json_loads(sections, 0, NULL) : NULL;
    free(sections);
    json_t *o = json_pack("{s:s, s:i, s:i, s:b, s:b, s:o}", "scenario", sc->slug,
                          "turn", (int)(t + 1), "score", res.score, "fatal", res.fatal,
                          "passed", passed, "sections", secs ? secs : json_array());
    if (!o || json_array_append_new(r->turns, o) != 0) {
        kefu_fail(r->ctx, _("close other programs and try again"), _("out of memory"));
        goto out;
    }
    say_turn(r, sc, t, answer, mode, rub, &res);
    r->sum += res.score;
    r->n++;
    rc = 0;
out:
    score_result_free(&res);
    score_rubric_free(rub);
    free(answer);
    return rc;
}

static int report(struct run *r)
{
    int score = r->n ? (int)((r->sum + (long)r->n / 2) / (long)r->n) : 0;
    bool finished = r->n >= r->total;
    bool passed = r->n > 0 && finished && score >= r->pass;
    const char *base = strrchr(r->file, '/');
    base = base ? base + 1 : r->file;
    char name[256];
    snprintf(name, sizeof name, "%s", base);
    char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".kefu") == 0)
        *dot = '\0';
    if (r->json) {
        json_t *o = json_pack("{s:s, s:i, s:b, s:O, s:b, s:i, s:i}", "drill", name,
                              "score", score, "passed", passed, "turns", r->turns,
                              "finished", finished, "answered", (int)r->n,
                              "total", (int)r->total);
        char *s = o ? json_dumps(o, JSON_PRESERVE_ORDER) : NULL;
        if (s)
            a11y_data(r->ctx->out, "%s", s);
        free(s);
        json_decref(o);
    } else if (!finished) {
        a11y_say(r->ctx->out, A11Y_SCORE,
                 _("drill %s: not finished: %zu of %zu turns answered; %d of 100 so far "
                   "(pass mark %d)."), name, r->n, r->total, score, r->pass);
    } else {
        a11y_say(r->ctx->out, A11Y_SCORE,
                 passed ? n_("drill %s: %d of 100 over %zu turn, passed (pass mark %d).",
                             "drill %s: %d of 100 over %zu turns, passed (pass mark %d).",
                             r->n)
                        : n_("drill %s: %d of 100 over %zu turn, not passed (pass mark %d).",
                             "drill %s: %d of 100 over %zu turns, not passed (pass mark %d).",
                             r->n),
                 name, score, r->n, r->pass);
    }
    /* a dry run (ARCHITECTURE.md: drill run scores a script): naming a
     * trainee must not suggest that the run was recorded for them */
    const char *origin = config_origin(r->ctx->cfg, "general.user");
    if (!r->json && origin &&
        (strcmp(origin, "--user") == 0 || strcmp(origin, "KEFU_USER") == 0))
        a11y_say(r->ctx->out, A11Y_INFO,
                 _("Nothing was stored for %s: drill run only scores the answers. To record "
                   "a trainee's practice: kefu practice --drill FILE --user NAME."),
                 r->ctx->user);
    return 0;
}

int drill_run_main(struct kefu_ctx *ctx, int argc, char **argv)
{
    struct run r = {.ctx = ctx, .json = ctx->json, .lang = practice_lang(ctx)};
    const char *answers = NULL;
    kb_library *lib = NULL;
    const kb_scenario **steps = NULL;
    size_t n_steps = 0;
    int rc = KEFU_EXIT_FAIL, modes = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            r.json = true;
        } else if (strcmp(argv[i], "--model-answers") == 0) {
            r.model = true;
            modes++;
        } else if (strcmp(argv[i], "--answers") == 0 || strcmp(argv[i], "--answers-wav") == 0) {
            if (i + 1 >= argc)
                return kefu_usage(ctx, "drill", _("%s needs a value"), argv[i]);
            if (strcmp(argv[i], "--answers") == 0)
                answers = argv[++i];
            else
                r.wav_dir = argv[++i];
            modes++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return kefu_usage(ctx, "drill", _("unknown option '%s' for 'drill run'"), argv[i]);
        } else if (!r.file) {
            r.file = argv[i];
        } else {
            return kefu_usage(ctx, "drill", _("'drill run' takes one drill file; got '%s' too"),
                              argv[i]);
        }
    }
    if (!r.file)
        return kefu_usage(ctx, "drill", _("'drill run' needs a drill file"));
    if (modes != 1)
        return kefu_usage(ctx, "drill", _("'drill run' needs exactly one of --answers FILE, "
                                          "--answers-wav DIR or --model-answers"));
    if (answers) {
        /* checked before anything is scored: a folder opens but cannot be read */
        struct stat sb;
        r.answers_name = strcmp(answers, "-") == 0 ? _("standard input") : answers;
        r.answers = strcmp(answers, "-") == 0 ? stdin : fopen(answers, "r");
        if (!r.answers)
            return kefu_fail(ctx, _("check the path of --answers"),
                             _("cannot read the answers file %s: %s"), answers, strerror(errno));
        if (fstat(fileno(r.answers), &sb) == 0 && S_ISDIR(sb.st_mode)) {
            fclose(r.answers);
            return kefu_fail(ctx, _("give a text file with one answer per line, one line "
                                    "per turn"),
                             _("the answers file %s is a folder"), answers);
        }
    }
    if (practice_library_load(ctx, r.file, &lib, &steps, &n_steps, &r.pass) != KEFU_EXIT_OK)
        goto out;
    if (!(r.turns = json_array()))
        goto out;
    for (size_t s = 0; s < n_steps; s++)
        r.total += steps[s]->n_turns;
    rc = KEFU_EXIT_OK;
    for (size_t s = 0; s < n_steps && rc == KEFU_EXIT_OK; s++) {
        const kb_scenario *sc = steps[s];
        practice_order_t *po = practice_order_open(ctx, sc, r.lang == KB_LANG_EN);
        for (size_t t = 0; t < sc->n_turns && rc == KEFU_EXIT_OK; t++)
            if (run_turn(&r, sc, t, po) != 0)
                rc = KEFU_EXIT_FAIL;
        practice_order_free(po);
    }
    if (rc == KEFU_EXIT_OK && r.answers && !(r.answers == stdin && isatty(STDIN_FILENO))) {
        /* answers left over: the file and the drill are likely misaligned */
        char *extra = NULL;
        size_t cap = 0;
        ssize_t got;
        while ((got = getline(&extra, &cap, r.answers)) >= 0) {
            if (strspn(extra, " \t\r\n") < (size_t)got) {
                a11y_warning(ctx->out, _("the answers file has more answers than the drill "
                                         "has turns (%zu); the rest were not scored"), r.n);
                break;
            }
        }
        free(extra);
    }
    report(&r);     /* the turns scored so far, even after an error */
out:
    if (r.answers && r.answers != stdin)
        fclose(r.answers);
    json_decref(r.turns);
    practice_asr_free(r.asr);
    free(steps);
    kb_library_free(lib);
    return rc;
}
