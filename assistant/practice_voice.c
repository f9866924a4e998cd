/* practice_voice.c -- spoken answers (practice_voice.h) through voice/asr.h:
 * the recogniser is opened once with the person's settings and the
 * library's English text (voice_asr_open), then the "answers" search decodes
 * a recorded WAV or push-to-talk audio from the microphone. The
 * recogniser's alternatives of the last text are kept for the scorer
 * (score_answer_alts): the trainee sees and submits the best text, and a
 * rubric section it lost but a close alternative holds still counts. */
#include "practice_voice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "asr.h"
#include "i18n.h"
#include "score.h"
#include "voice_cmds.h"

enum { MAX_LISTEN_S = 60 };

struct practice_asr {
    asr_t *asr;
    char *heard;                /* the last text recognised, and */
    struct asr_alts alts;       /* its alternatives (for the scorer) */
};

/* Keep the alternatives of the text just recognised (none on failure:
 * the answer is then scored on its own text, as before). */
static void keep_alts(practice_asr_t *p, const char *text, struct asr_alts *alts)
{
    free(p->heard);
    asr_alts_free(&p->alts);
    p->heard = text ? strdup(text) : NULL;
    if (p->heard && alts) {
        p->alts = *alts;
        *alts = (struct asr_alts){0};
    }
    asr_alts_free(alts);
}

static char *dup_msg(const char *fmt, const char *arg)
{
    char buf[1024];
    snprintf(buf, sizeof buf, fmt, arg);
    return strdup(buf);
}

static int ensure(struct kefu_ctx *ctx, practice_asr_t **pa, char **err)
{
    if (*pa && (*pa)->asr)
        return 0;
    practice_asr_t *p = calloc(1, sizeof *p);
    if (!p) {
        *err = strdup(_("out of memory"));
        return -1;
    }
    if (voice_asr_open(ctx, true, &p->asr, err) != 0) {
        free(p);
        return -1;
    }
    int rc = asr_use(p->asr, ASR_ANSWERS);
    if (rc != ASR_OK) {
        char msg[1024];
        *err = strdup(voice_msg(VOICE_ASR, rc, asr_errmsg(p->asr), voice_model_dir(ctx), msg,
                                sizeof msg));
        asr_close(p->asr);
        free(p);
        return -1;
    }
    *pa = p;
    return 0;
}

/* A recording cut short (its header promises more than it holds) is
 * scored on what is there: say so, or a lost half looks like a poor answer.
 * (The header alone is read here.) */
static void warn_cut_short(struct kefu_ctx *ctx, const char *path)
{
    audio_in_t *src = NULL;
    const struct audio_in_info *in = NULL;
    if (audio_in_open_file(&src, path) == AUDIO_IN_OK)
        in = audio_in_info(src);
    if (in && in->declared_frames > in->frames && in->rate > 0)
        a11y_warning(ctx->out, _("%s is cut short: it holds %.1f s of the %.1f s its header "
                                 "declares; only that part was heard"), path,
                     (double)in->frames / in->rate, (double)in->declared_frames / in->rate);
    audio_in_close(src);
}

int practice_asr_file(struct kefu_ctx *ctx, practice_asr_t **pa, const char *path,
                      char **text, char **err)
{
    struct stat st;
    double conf = 0;
    *text = NULL;
    *err = NULL;
    if (stat(path, &st) != 0) {
        *err = dup_msg(_("the recording %s is missing"), path);
        return -1;
    }
    if (ensure(ctx, pa, err) != 0)
        return -1;
    struct asr_alts alts = {0};
    int rc = asr_decode_file_alts((*pa)->asr, path, SCORE_ALT_MAX, text, &conf, &alts);
    keep_alts(*pa, rc == ASR_OK ? *text : NULL, &alts);
    warn_cut_short(ctx, path);
    if (rc == ASR_NOSPEECH) {
        free(*text);
        *text = strdup("");     /* silence is an (empty) answer, scored 0 */
        return *text ? 0 : -1;
    }
    if (rc != ASR_OK) {
        char buf[1024], msg[1024];
        snprintf(buf, sizeof buf, _("cannot recognise %s: %s"), path,
                 voice_msg(VOICE_ASR, rc, asr_errmsg((*pa)->asr), voice_model_dir(ctx), msg,
                           sizeof msg));
        *err = strdup(buf);
        free(*text);
        *text = NULL;
        return -1;
    }
    voice_asr_save(ctx, (*pa)->asr);
    return 0;
}

int practice_asr_listen(struct kefu_ctx *ctx, practice_asr_t **pa, char **text, char **err)
{
    char msg[1024];
    *text = NULL;
    *err = NULL;
    if (ensure(ctx, pa, err) != 0)
        return -1;
    asr_t *asr = (*pa)->asr;
    int rc = voice_listen_mic(ctx, asr, false, MAX_LISTEN_S, msg, sizeof msg);
    if (rc == ASR_NODEVICE || rc == ASR_NOMEM) {
        *err = strdup(msg);
        return -1;
    }
    if (rc != ASR_OK || !asr_text(asr) || !*asr_text(asr)) {
        *err = strdup(rc == ASR_OK || rc == ASR_NOSPEECH
                          ? _("nothing was recognised")
                          : voice_msg(VOICE_ASR, rc, asr_errmsg(asr), voice_model_dir(ctx), msg,
                                      sizeof msg));
        return -1;
    }
    *text = strdup(asr_text(asr));
    struct asr_alts alts = {0};
    if (asr_alternatives(asr, SCORE_ALT_MAX, &alts) != ASR_OK)
        asr_alts_free(&alts);
    keep_alts(*pa, *text, &alts);
    voice_asr_save(ctx, asr);
    return *text ? 0 : -1;
}

int practice_asr_score(const practice_asr_t *pa, const score_rubric_t *rub, const char *answer,
                       score_input mode, score_result *res)
{
    if (mode != SCORE_SPOKEN || !pa || !pa->heard || !answer || strcmp(answer, pa->heard) != 0 ||
        !pa->alts.n)
        return score_answer(rub, answer, mode, res);
    struct score_alt a[SCORE_ALT_MAX];
    size_t n = 0;
    for (; n < pa->alts.n && n < SCORE_ALT_MAX; n++)
        a[n] = (struct score_alt){pa->alts.alt[n].text, pa->alts.alt[n].score};
    return score_answer_alts(rub, answer, a, n, res);
}

void practice_asr_free(practice_asr_t *pa)
{
    if (!pa)
        return;
    asr_close(pa->asr);
    free(pa->heard);
    asr_alts_free(&pa->alts);
    free(pa);
}
